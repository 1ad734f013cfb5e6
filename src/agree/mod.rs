//! Inter-annotator agreement over the sets that several annotators made of the same
//! articles (`press-annotate agree`).
//!
//! [`run`] finds every article's sets with [`crate::corpus`] (`story.txt.NAME.annotations.ron`
//! beside `story.txt`; the set without a name is annotator `""`), loads them as export does
//! (re-anchored in memory when the article changed; orphans left out) and compares every
//! pair of annotators on the articles both annotated:
//! - spans under their flat labels ([`crate::labels`], as the brat and CoNLL exports write
//!   them): F1 per label, per article and overall, exactly as bratiaa computes it
//!   ([`f1`]); by exact span (instance-based) or, with `tokens`, by token (bratiaa's
//!   token-based agreement on the tokens of the CoNLL export);
//! - relations (speaker, claimer) as `(label, from span, to span)`: F1 per relation label;
//! - the CoNLL export's IOB2 tags of every token, in each of its layers (entity, quote,
//!   claim): Cohen's κ per pair and Krippendorff's α over all annotators ([`chance`]).
//!
//! Articles are compared on several threads and added up in article order, so the numbers
//! do not depend on the number of threads. Each article and its schema are read once for
//! all its sets.

pub mod chance;
pub mod f1;
pub mod report;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::adjudicate::GOLD;
use crate::corpus::{self, Entry};
use crate::error::FileError;
use crate::export::{self, Doc, Layer};
use crate::formats::conll;
use crate::model::AnnotationSet;
use crate::schema::Schema;
use crate::store::{self, LoadedSet};
use crate::text::Article;

use report::PairArticle;
pub use report::{MeanSd, Overall, PairReport, Report};

use chance::Alpha;
use f1::Counts;

/// What to compare.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgreeOptions {
    /// Only these annotators (`""` is the set without a name); `None`: every annotator found.
    pub annotators: Option<Vec<String>>,
    /// Token-based F1 instead of instance-based.
    pub tokens: bool,
}

/// Why there are no numbers.
#[derive(Debug, thiserror::Error)]
pub enum AgreeError {
    /// None of the inputs could be used.
    #[error("{}", crate::error::FileErrors(.0.clone()))]
    NoInput(Vec<FileError>),
    /// The options do not fit the command (for example one annotator in `--annotators`).
    #[error("{0}")]
    Usage(String),
    /// The inputs hold fewer than two annotators' sets.
    #[error("{0}")]
    TooFewAnnotators(String),
}

/// The CoNLL layers whose tags κ and α compare.
const LAYERS: [Layer; 3] = [Layer::Entity, Layer::Quote, Layer::Claim];

/// One article and its sets, one per annotator (index into the sorted annotators).
struct Group {
    name: String,
    sets: Vec<(usize, Entry)>,
}

/// What comparing one article gave.
#[derive(Default)]
struct ArticleResult {
    /// The annotators whose sets loaded.
    loaded: Vec<usize>,
    pairs: Vec<(usize, PairArticle)>,
    alpha: Alpha,
    labels: BTreeSet<String>,
    relation_labels: BTreeSet<String>,
    failed: Vec<FileError>,
    reanchored: usize,
    orphans: usize,
}

/// A span as compared: flat label (an index into the article's table), start, end.
type SpanKey = (u32, usize, usize);

/// A set reduced to what is compared; labels are indexes into the article's own tables.
struct Compared {
    /// `(flat label, (start, end))`, sorted, without duplicates.
    spans: Vec<(u32, (usize, usize))>,
    /// `(flat label, token)` for each token a span overlaps, sorted (a multiset).
    token_items: Vec<(u32, usize)>,
    /// `(relation label, (from span, to span))`, sorted, without duplicates.
    relations: Vec<(u32, (SpanKey, SpanKey))>,
    /// The IOB2 tag of each token in each layer, layer after layer.
    tags: Vec<u32>,
}

/// Interns names into small indexes, per article.
#[derive(Default)]
struct Names(Vec<String>);

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        match self.0.iter().position(|n| n == name) {
            Some(i) => i as u32,
            None => {
                self.0.push(name.to_owned());
                (self.0.len() - 1) as u32
            }
        }
    }
}

/// The index of pair `(a, b)`, `a < b`, among all pairs of `n` annotators in the order
/// `(0,1), (0,2), …, (1,2), …` (Python's `itertools.combinations`, as bratiaa orders them).
fn pair_index(a: usize, b: usize, n: usize) -> usize {
    a * n - a * (a + 1) / 2 + (b - a - 1)
}

/// The article's path relative to its input, with its extension (`world/story.txt`).
fn document_name(entry: &Entry) -> String {
    match entry.source.extension() {
        Some(ext) => format!("{}.{}", entry.id, ext.to_string_lossy()),
        None => entry.id.clone(),
    }
}

/// Compares the sets of the articles named by `inputs` (articles, annotation files, folders
/// searched recursively). The gold set (annotator [`GOLD`]) is not one more annotator: it is
/// left out of the inter-annotator figures (unless `--annotators` names it), and each
/// annotator is compared with it apart, in [`Report::against_gold`].
pub fn run(inputs: &[PathBuf], options: &AgreeOptions) -> Result<Report, AgreeError> {
    let mut report = run_annotators(inputs, options)?;
    if options.annotators.is_none() {
        let has_gold = corpus::collect(inputs, None)
            .entries
            .iter()
            .any(|e| e.annotation_file.is_some() && e.annotator.as_deref() == Some(GOLD));
        if has_gold {
            for annotator in report.annotators.clone() {
                let against = AgreeOptions {
                    annotators: Some(vec![annotator, GOLD.to_owned()]),
                    tokens: options.tokens,
                };
                // An annotator with no article in common with gold has no figure against it.
                if let Ok(pair) = run_annotators(inputs, &against)
                    && let Some(pair) = pair.pairs.into_iter().next()
                {
                    report.against_gold.push(pair);
                }
            }
        }
    }
    Ok(report)
}

/// [`run`] for the annotators `options` names, or every one found but gold.
fn run_annotators(inputs: &[PathBuf], options: &AgreeOptions) -> Result<Report, AgreeError> {
    if let Some(list) = &options.annotators {
        let distinct: BTreeSet<&String> = list.iter().collect();
        if distinct.len() < 2 {
            return Err(AgreeError::Usage(
                "--annotators needs at least two different annotators".into(),
            ));
        }
    }
    let collected = corpus::collect(inputs, None);
    let mut failed = collected.missing;
    if collected.entries.is_empty() && !failed.is_empty() {
        return Err(AgreeError::NoInput(failed));
    }
    let wanted = |name: &str| {
        options
            .annotators
            .as_ref()
            .map_or(name != GOLD, |list| list.iter().any(|a| a == name))
    };
    // Every article's sets, by source path; a set given twice (a folder and its file) once.
    let mut by_source: BTreeMap<PathBuf, (String, BTreeMap<String, Entry>)> = BTreeMap::new();
    for entry in collected.entries {
        if entry.annotation_file.is_none() {
            continue;
        }
        let annotator = entry.annotator.clone().unwrap_or_default();
        if !wanted(&annotator) {
            continue;
        }
        let group = by_source
            .entry(entry.source.clone())
            .or_insert_with(|| (document_name(&entry), BTreeMap::new()));
        group.1.entry(annotator).or_insert(entry);
    }
    let annotators: Vec<String> = match &options.annotators {
        Some(list) => list
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        None => by_source
            .values()
            .flat_map(|(_, sets)| sets.keys().cloned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
    };
    if annotators.len() < 2 {
        let found = match annotators.first() {
            Some(name) => format!("only the sets of annotator \"{name}\""),
            None => "no annotation sets".to_owned(),
        };
        return Err(AgreeError::TooFewAnnotators(format!(
            "agreement needs the sets of at least two annotators; the inputs hold {found}"
        )));
    }
    let index_of = |name: &str| annotators.iter().position(|a| a == name);
    let mut single = 0usize;
    let mut names_taken = BTreeSet::new();
    let mut groups = Vec::new();
    for (source, (name, sets)) in by_source {
        if sets.len() < 2 {
            single += 1;
            continue;
        }
        // Two inputs can give two articles the same relative name; keep names unique.
        let name = if names_taken.insert(name.clone()) {
            name
        } else {
            source.display().to_string()
        };
        names_taken.insert(name.clone());
        let sets = sets
            .into_iter()
            .filter_map(|(who, entry)| index_of(&who).map(|i| (i, entry)))
            .collect();
        groups.push(Group { name, sets });
    }
    if groups.is_empty() {
        return Err(AgreeError::TooFewAnnotators(
            "no article has the sets of two of the annotators; agreement needs at least two annotators' sets of the same article"
                .into(),
        ));
    }

    let n = annotators.len();
    let results = compare_all(&groups, n, options.tokens);

    let pair_count = n * (n - 1) / 2;
    let mut pair_totals: Vec<(usize, PairArticle)> = (0..pair_count)
        .map(|_| (0, PairArticle::default()))
        .collect();
    let mut per_document_counts: Vec<(String, Vec<Counts>)> = Vec::new();
    let mut alpha = Alpha::default();
    let mut labels = BTreeSet::new();
    let mut relation_labels = BTreeSet::new();
    let (mut reanchored, mut orphans, mut too_few_loaded) = (0, 0, 0);
    for (group, result) in groups.iter().zip(results) {
        failed.extend(result.failed);
        reanchored += result.reanchored;
        orphans += result.orphans;
        labels.extend(result.labels);
        relation_labels.extend(result.relation_labels);
        if result.loaded.len() < 2 {
            too_few_loaded += 1;
            continue;
        }
        alpha.add(&result.alpha);
        let mut doc_counts = Vec::new();
        for (pair, article) in result.pairs {
            let total = &mut pair_totals[pair];
            total.0 += 1;
            let mut summed = Counts::default();
            for (label, counts) in &article.labels {
                summed.add(counts);
                total.1.labels.entry(label.clone()).or_default().add(counts);
            }
            for (label, counts) in &article.relations {
                total
                    .1
                    .relations
                    .entry(label.clone())
                    .or_default()
                    .add(counts);
            }
            total.1.kappa.add(&article.kappa);
            doc_counts.push(summed);
        }
        per_document_counts.push((group.name.clone(), doc_counts));
    }
    Ok(report::build(report::Parts {
        tokens: options.tokens,
        annotators,
        labels,
        relation_labels,
        pair_totals,
        per_document_counts,
        alpha,
        failed,
        single,
        too_few_loaded,
        reanchored,
        orphans,
    }))
}

/// Compares every group on rayon's threads (one per core; an idle thread takes over the
/// articles of a busy one), keeping the groups' order.
fn compare_all(groups: &[Group], annotators: usize, tokens: bool) -> Vec<ArticleResult> {
    use rayon::prelude::*;
    groups
        .par_iter()
        .map(|group| compare_article(group, annotators, tokens))
        .collect()
}

/// An article with its annotators' sets, loaded.
struct LoadedArticle {
    article: Article,
    /// The schema in force (the article's folder's: the same for every set of the article).
    schema: Schema,
    /// `(annotator index, set)`, in the group's order.
    sets: Vec<(usize, AnnotationSet)>,
}

/// Loads an article's sets reading the article and its schema once for all of them
/// ([`store::load_set_of`]: the same checks and re-anchoring as loading each alone). A set
/// that does not load so is loaded again on its own ([`Entry::load`]), which gives exactly
/// the errors (or the set) that loading it alone gives. `None` when no set loaded.
fn load_sets(group: &Group, result: &mut ArticleResult) -> Option<LoadedArticle> {
    // Every entry of a group has the same source (groups are made by source).
    let shared = group.sets.first().and_then(|(_, entry)| {
        let read = store::read_source(&entry.source).ok()?;
        let schema = Schema::for_article(&entry.source).ok()?;
        Some((entry.source.as_path(), read, schema))
    });
    let mut sets = Vec::with_capacity(group.sets.len());
    let mut alone: Option<(Article, Schema)> = None;
    for (who, entry) in &group.sets {
        // The source and annotator as loading the file alone takes them: from its name.
        let fast = match (
            &shared,
            entry
                .annotation_file
                .as_deref()
                .map(|f| (f, store::source_of(f))),
        ) {
            (Some((shared_source, read, schema)), Some((file, Some((source, annotator)))))
                if source == *shared_source =>
            {
                store::load_set_of(&source, annotator.as_deref(), file, read, schema).ok()
            }
            _ => None,
        };
        let loaded = match fast {
            Some(loaded) => loaded,
            None => match entry.load() {
                Ok(loaded) => {
                    let set = LoadedSet {
                        set: loaded.set,
                        report: loaded.report,
                    };
                    alone.get_or_insert((loaded.article, loaded.schema));
                    set
                }
                Err(errors) => {
                    result.failed.extend(errors.0);
                    continue;
                }
            },
        };
        if loaded.report.source_changed {
            result.reanchored += 1;
        }
        result.orphans += loaded.set.orphans.len();
        sets.push((*who, loaded.set));
    }
    if sets.is_empty() {
        return None;
    }
    let (article, schema) = match (shared, alone) {
        (Some((_, read, schema)), _) => (read.article, schema),
        (None, Some(alone)) => alone,
        (None, None) => return None,
    };
    Some(LoadedArticle {
        article,
        schema,
        sets,
    })
}

/// Loads an article's sets and compares every pair of them (`annotators`: how many there
/// are in the run, for the pairs' indexes).
fn compare_article(group: &Group, annotators: usize, tokens: bool) -> ArticleResult {
    let mut result = ArticleResult::default();
    let Some(loaded) = load_sets(group, &mut result) else {
        return result;
    };
    for (flat, _) in crate::labels::flat_labels_of(&loaded.schema) {
        result.labels.insert(flat);
    }
    for relation in &loaded.schema.relations {
        result.relation_labels.insert(relation.name.clone());
    }
    result.loaded = loaded.sets.iter().map(|(who, _)| *who).collect();
    if loaded.sets.len() < 2 {
        return result;
    }
    // The article is the same file for every set: tokenize it once.
    let article = &loaded.article;
    let token_list = export::tokens(article);
    let sentences = export::sentences(article);
    let mut labels = Names::default();
    let mut relation_labels = Names::default();
    let mut tags = Names::default();
    tags.id("O");
    let compared: Vec<Compared> = loaded
        .sets
        .iter()
        .map(|(_, set)| {
            compare_form(
                group,
                (article, &loaded.schema, set),
                &token_list,
                &sentences,
                tokens,
                (&mut labels, &mut relation_labels, &mut tags),
            )
        })
        .collect();
    for name in &labels.0 {
        result.labels.insert(name.clone());
    }
    for name in &relation_labels.0 {
        result.relation_labels.insert(name.clone());
    }
    let name_of = |names: &Names, i: u32| names.0[i as usize].clone();
    for i in 0..compared.len() {
        for j in i + 1..compared.len() {
            let (a, b) = (&compared[i], &compared[j]);
            let mut pair = PairArticle::default();
            let mut add_label = |label: u32, counts: Counts| {
                pair.labels
                    .entry(name_of(&labels, label))
                    .or_default()
                    .add(&counts);
            };
            if tokens {
                f1::compare_sorted(&a.token_items, &b.token_items, true, &mut add_label);
            } else {
                f1::compare_sorted(&a.spans, &b.spans, false, &mut add_label);
            }
            f1::compare_sorted(&a.relations, &b.relations, false, |label, counts| {
                pair.relations
                    .entry(name_of(&relation_labels, label))
                    .or_default()
                    .add(&counts);
            });
            pair.kappa.add_tags(&a.tags, &b.tags, &tags.0);
            let index = pair_index(loaded.sets[i].0, loaded.sets[j].0, annotators);
            result.pairs.push((index, pair));
        }
    }
    let all_tags: Vec<&[u32]> = compared.iter().map(|c| c.tags.as_slice()).collect();
    result.alpha.add_units(&all_tags, &tags.0);
    result
}

/// A set reduced to what is compared.
fn compare_form(
    group: &Group,
    (article, schema, set): (&Article, &Schema, &AnnotationSet),
    tokens: &[export::Token],
    sentences: &[std::ops::Range<usize>],
    with_token_items: bool,
    (labels, relation_labels, tags): (&mut Names, &mut Names, &mut Names),
) -> Compared {
    // Only the spans in the text (orphans are left out), under their flat labels.
    let mut key_of = std::collections::HashMap::new();
    let mut spans = Vec::with_capacity(set.annotations.len());
    for a in &set.annotations {
        let flat = crate::labels::flat_label(&a.label, &a.attributes).0;
        let label = labels.id(&flat);
        key_of.insert(a.id, (label, a.start, a.end));
        spans.push((label, (a.start, a.end)));
    }
    spans.sort_unstable();
    spans.dedup();
    let mut token_items = Vec::new();
    if with_token_items {
        for &(label, (start, end)) in &spans {
            if let Some((first, last)) = export::token_span(tokens, start..end) {
                token_items.extend((first..=last).map(|t| (label, t)));
            }
        }
        token_items.sort_unstable();
    }
    let mut relations: Vec<_> = set
        .relations
        .iter()
        .filter_map(|r| {
            let from = key_of.get(&r.from)?;
            let to = key_of.get(&r.to)?;
            Some((relation_labels.id(&r.label), (*from, *to)))
        })
        .collect();
    relations.sort_unstable();
    relations.dedup();
    let source = group.name.as_str();
    let doc = Doc::new(source, source, article, schema, set);
    let mut all_tags = Vec::with_capacity(tokens.len() * LAYERS.len());
    for layer in LAYERS {
        let (kept, _) = conll::kept_spans(&doc, layer);
        let ids: Vec<(u32, u32)> = kept
            .iter()
            .map(|(_, _, label)| {
                (
                    tags.id(&format!("B-{label}")),
                    tags.id(&format!("I-{label}")),
                )
            })
            .collect();
        all_tags.extend(conll::tags(tokens, sentences, &kept).into_iter().map(
            |(tag, _)| match tag {
                conll::Tag::Outside => 0,
                conll::Tag::Begin(k) => ids[k].0,
                conll::Tag::Inside(k) => ids[k].1,
            },
        ));
    }
    Compared {
        spans,
        token_items,
        relations,
        tags: all_tags,
    }
}

#[cfg(test)]
mod tests;
