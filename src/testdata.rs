//! Generated articles and annotation sets of any size, for benches and tests (the "long
//! article" that must stay smooth: ~1 MB and 20,000 annotations).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::FileError;
use crate::model::{Annotation, AnnotationSet, Relation, Source, Status};
use crate::store;
use crate::text::Article;

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "on",
    "Friday",
    "that",
    "talks",
    "in",
    "Geneva",
    "could",
    "not",
    "go",
    "on",
    "for",
    "ever",
    "while",
    "officials",
    "in",
    "Moscow",
    "and",
    "Washington",
    "warned",
    "of",
    "a",
    "long",
    "winter",
    "café",
    "東京",
    "report",
    "ceasefire",
    "plan",
    "Sergei",
    "Lavrov",
    "John",
    "Kerry",
    "“steady",
    "progress”",
    "was",
    "made",
];

/// An article of about `bytes` bytes: a headline, then paragraphs of sentences.
pub fn long_article_text(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 200);
    text.push_str("Kerry tries again with Lavrov on Syria; U.S. says patience not infinite\n\n");
    let mut i = 0usize;
    while text.len() < bytes {
        for sentence in 0..5 {
            let len = 12 + (i * 7 + sentence) % 14;
            for w in 0..len {
                let word = WORDS[(i * 31 + w * 17 + sentence) % WORDS.len()];
                if w == 0 {
                    let mut chars = word.chars();
                    if let Some(first) = chars.next() {
                        text.extend(first.to_uppercase());
                        text.push_str(chars.as_str());
                    }
                } else {
                    text.push(' ');
                    text.push_str(word);
                }
            }
            text.push_str(". ");
            i += 1;
        }
        text.pop();
        text.push_str("\n\n");
    }
    text
}

/// A set of `count` annotations spread evenly over the article's words, with a few nested
/// spans and a `speaker` relation every 50 annotations.
pub fn annotation_set_for(
    article: &Article,
    sha256: &str,
    file: &str,
    count: usize,
) -> AnnotationSet {
    let mut set = AnnotationSet::new(
        Source {
            file: file.to_owned(),
            sha256: sha256.to_owned(),
            chars: article.len_chars(),
        },
        None,
    );
    set.status = Status::InProgress;
    // Word starts (char offsets), from the text's word boundaries.
    let text = article.text();
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut char_at = 0usize;
    let mut start: Option<usize> = None;
    for c in text.chars() {
        if c.is_alphanumeric() {
            start.get_or_insert(char_at);
        } else if let Some(s) = start.take() {
            words.push((s, char_at));
        }
        char_at += 1;
    }
    if let Some(s) = start {
        words.push((s, char_at));
    }
    let step = (words.len() / count.max(1)).max(1);
    let labels = [
        ("entity", "type", "person"),
        ("entity", "type", "organization"),
        ("claim", "checkworthy", "yes"),
        ("entity", "type", "location"),
        ("quote", "form", "direct"),
    ];
    let mut id = 0u64;
    let mut annotations = Vec::with_capacity(count);
    for n in 0..count {
        let first = (n * step).min(words.len().saturating_sub(1));
        let (start, mut end) = words[first];
        // Every 10th span covers two words, so spans overlap and nest now and then.
        if n % 10 == 0 && first + 1 < words.len() {
            end = words[first + 1].1;
        }
        let (label, attribute, value) = labels[n % labels.len()];
        id += 1;
        annotations.push(Annotation {
            id,
            label: label.to_owned(),
            start,
            end,
            text: article.slice(start..end).to_owned(),
            attributes: BTreeMap::from([(attribute.to_owned(), value.to_owned())]),
            note: (n % 97 == 0).then(|| format!("note {n}")),
            annotators: Vec::new(),
            suggested: None,
        });
    }
    annotations.sort_by_key(Annotation::sort_key);
    annotations.dedup_by(|a, b| a.label == b.label && a.start == b.start && a.end == b.end);
    let mut relations = Vec::new();
    // In each run of 50 annotations, its first quote is linked to its last entity (a
    // `speaker` goes from a quote to an entity).
    for chunk in annotations.chunks(50) {
        let quote = chunk.iter().find(|a| a.label == "quote");
        let entity = chunk.iter().rev().find(|a| a.label == "entity");
        if let (Some(from), Some(to)) = (quote, entity) {
            id += 1;
            relations.push(Relation {
                id,
                label: "speaker".into(),
                from: from.id,
                to: to.id,
            });
        }
    }
    set.annotations = annotations;
    set.relations = relations;
    set
}

/// Writes `long.txt` (about `bytes` bytes) and its set of `count` annotations into `dir`;
/// returns the article's path.
pub fn write_long_corpus(dir: &Path, bytes: usize, count: usize) -> Result<PathBuf, FileError> {
    let text = long_article_text(bytes);
    let path = dir.join("long.txt");
    std::fs::write(&path, &text).map_err(|e| FileError::io(&path, e))?;
    let article = Article::new(text);
    let sha = store::sha256_hex(article.text().as_bytes());
    let set = annotation_set_for(&article, &sha, "long.txt", count);
    store::save(&store::annotation_path(&path, None), &set)?;
    Ok(path)
}

/// Writes `count` articles of about `bytes` bytes each (`article-0000.txt`, ...) with a set
/// of `annotations` annotations each into `dir` (one folder, the hard case for discovery);
/// returns the total size of the articles in bytes. For export benches.
pub fn write_corpus(
    dir: &Path,
    count: usize,
    bytes: usize,
    annotations: usize,
) -> Result<u64, FileError> {
    let mut total = 0u64;
    for n in 0..count {
        let folder = dir;
        // Vary the length a little so that articles differ.
        let mut text = long_article_text(bytes + (n * 37) % 1000);
        text.insert_str(0, &format!("Article {n}: "));
        let name = format!("article-{n:04}.txt");
        let path = folder.join(&name);
        std::fs::write(&path, &text).map_err(|e| FileError::io(&path, e))?;
        total += text.len() as u64;
        let article = Article::new(text);
        let sha = store::sha256_hex(article.text().as_bytes());
        let set = annotation_set_for(&article, &sha, &name, annotations);
        store::save(&store::annotation_path(&path, None), &set)?;
    }
    Ok(total)
}

/// Adds up to `count` relations to a set, spread evenly over the text: a quote's `speaker`
/// or a claim's `claimer`, to the next entity after it (as the default schema allows).
pub fn add_relations(set: &mut AnnotationSet, count: usize) {
    let starts: Vec<usize> = set
        .annotations
        .iter()
        .enumerate()
        .filter(|(_, a)| a.label == "quote" || a.label == "claim")
        .map(|(i, _)| i)
        .collect();
    let step = (starts.len() / count.max(1)).max(1);
    let mut added = 0;
    for &i in starts.iter().step_by(step) {
        if added == count {
            break;
        }
        let from = &set.annotations[i];
        let Some(to) = set.annotations[i + 1..]
            .iter()
            .find(|a| a.label == "entity")
        else {
            continue;
        };
        let label = if from.label == "quote" {
            "speaker"
        } else {
            "claimer"
        };
        let relation = Relation {
            id: 0,
            label: label.into(),
            from: from.id,
            to: to.id,
        };
        let Ok(id) = set.allocate_id() else {
            break;
        };
        set.relations.push(Relation { id, ..relation });
        added += 1;
    }
    set.sort();
}

/// Like [`write_long_corpus`], with `relations` relations added (see [`add_relations`]).
pub fn write_long_corpus_with_relations(
    dir: &Path,
    bytes: usize,
    count: usize,
    relations: usize,
) -> Result<PathBuf, FileError> {
    let path = write_long_corpus(dir, bytes, count)?;
    let file = store::annotation_path(&path, None);
    let loaded =
        store::load(&path, None).map_err(|errors| FileError::new(&file, errors.to_string()))?;
    let mut set = loaded.set;
    add_relations(&mut set, relations);
    store::save(&file, &set)?;
    Ok(path)
}

/// A small deterministic random number generator (xorshift64*), so that generated corpora
/// are the same on every machine without a dependency.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// `true` with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// The char ranges of the article's words (runs of alphanumeric chars).
fn word_ranges(article: &Article) -> Vec<(usize, usize)> {
    let mut words = Vec::new();
    let mut at = 0usize;
    let mut start: Option<usize> = None;
    for c in article.text().chars() {
        if c.is_alphanumeric() {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            words.push((s, at));
        }
        at += 1;
    }
    if let Some(s) = start {
        words.push((s, at));
    }
    words
}

/// The reference spans of an article for [`write_annotator_corpus`]: `(label, attribute
/// value, first word, last word)`; quotes and claims cover several words (sometimes across a
/// paragraph break), entities one or two, and some entities sit inside quotes.
fn reference_spans(
    words: usize,
    count: usize,
    rng: &mut Rng,
) -> Vec<(&'static str, &'static str, usize, usize)> {
    let mut out = Vec::new();
    if words == 0 {
        return out;
    }
    let step = (words / count.max(1)).max(2);
    let mut w = rng.below(step);
    while w < words && out.len() < count {
        let (label, value, len) = match rng.below(10) {
            0..=2 => ("entity", "person", 1 + rng.below(2)),
            3 => ("entity", "organization", 1 + rng.below(2)),
            4 => ("entity", "location", 1),
            5 => ("entity", "other", 1),
            6 | 7 => ("quote", "direct", 4 + rng.below(12)),
            _ => ("claim", "yes", 3 + rng.below(8)),
        };
        let last = (w + len - 1).min(words - 1);
        out.push((label, value, w, last));
        if label != "entity" && last > w + 2 {
            // An entity inside the quote or claim.
            out.push(("entity", "person", w + 1, w + 1));
        }
        w += step + rng.below(step);
    }
    out
}

/// One annotator's version of the reference spans: most kept, some left out, relabelled,
/// with another end, and a few extra spans; relations from quotes and claims to the next
/// entity, most of them kept.
fn annotator_set(
    article: &Article,
    words: &[(usize, usize)],
    reference: &[(&str, &str, usize, usize)],
    source: &Source,
    annotator: &str,
    uses_other: bool,
    rng: &mut Rng,
) -> AnnotationSet {
    let mut set = AnnotationSet::new(source.clone(), Some(annotator.to_owned()));
    set.status = Status::InProgress;
    let attribute = |label: &str| match label {
        "entity" => "type",
        "quote" => "form",
        _ => "checkworthy",
    };
    let types = ["person", "organization", "location", "other"];
    let mut spans: Vec<(String, String, usize, usize)> = Vec::new();
    for (label, value, first, last) in reference {
        let (mut label, mut value, first, mut last) =
            ((*label).to_owned(), (*value).to_owned(), *first, *last);
        match rng.below(100) {
            0..=7 => continue,
            8..=13 if label == "entity" => value = types[rng.below(types.len())].to_owned(),
            8..=13 => {
                label = if label == "quote" { "claim" } else { "quote" }.to_owned();
                value = if label == "quote" { "direct" } else { "yes" }.to_owned();
            }
            14..=19 => last = (last + 1).min(words.len() - 1),
            _ => {}
        }
        spans.push((label, value, first, last));
    }
    for _ in 0..reference.len() / 12 {
        let first = rng.below(words.len());
        let value = types[rng.below(types.len())].to_owned();
        spans.push(("entity".to_owned(), value, first, first));
    }
    if !uses_other {
        for span in &mut spans {
            if span.1 == "other" {
                span.1 = "location".to_owned();
            }
        }
    }
    let mut id = 0u64;
    let mut annotations: Vec<Annotation> = Vec::new();
    for (label, value, first, last) in spans {
        let (start, end) = (words[first].0, words[last].1);
        // A set holds one span of a label per range (FORMAT.md).
        let duplicate = annotations
            .iter()
            .any(|a| a.start == start && a.end == end && a.label == label);
        if duplicate {
            continue;
        }
        id += 1;
        annotations.push(Annotation {
            id,
            attributes: BTreeMap::from([(attribute(&label).to_owned(), value)]),
            label,
            start,
            end,
            text: article.slice(start..end).to_owned(),
            note: None,
            annotators: Vec::new(),
            suggested: None,
        });
    }
    annotations.sort_by_key(Annotation::sort_key);
    let mut relations = Vec::new();
    for (i, from) in annotations.iter().enumerate() {
        let relation = match from.label.as_str() {
            "quote" => "speaker",
            "claim" => "claimer",
            _ => continue,
        };
        let to = annotations[i + 1..]
            .iter()
            .find(|a| a.label == "entity" && a.start >= from.end);
        if let Some(to) = to
            && rng.chance(85)
        {
            id += 1;
            relations.push(Relation {
                id,
                label: relation.to_owned(),
                from: from.id,
                to: to.id,
            });
        }
    }
    set.annotations = annotations;
    set.relations = relations;
    set
}

/// Writes `count` articles of about `bytes` bytes each (`article-0000.txt`, ...) into `dir`,
/// each with one set per annotator in `annotators` (`story.txt.NAME.annotations.ron`) of
/// about `spans` annotations that mostly agree: each annotator leaves out, relabels or
/// stretches some of the same reference spans and adds a few of their own. Only the first
/// annotator uses the entity type `other` (MISC), so that, as with a rare label, MISC has no
/// F1 between the others. The same `seed`
/// gives the same files. Returns the total size of the articles in bytes. For the agreement
/// bench and the check against bratiaa.
pub fn write_annotator_corpus(
    dir: &Path,
    count: usize,
    bytes: usize,
    spans: usize,
    annotators: &[&str],
    seed: u64,
) -> Result<u64, FileError> {
    let mut rng = Rng::new(seed);
    let mut total = 0u64;
    for n in 0..count {
        let mut text = long_article_text(bytes + (n * 37) % 1000);
        text.insert_str(0, &format!("Article {n}: "));
        let name = format!("article-{n:04}.txt");
        let path = dir.join(&name);
        std::fs::write(&path, &text).map_err(|e| FileError::io(&path, e))?;
        total += text.len() as u64;
        let article = Article::new(text);
        let source = Source {
            file: name.clone(),
            sha256: store::sha256_hex(article.text().as_bytes()),
            chars: article.len_chars(),
        };
        let words = word_ranges(&article);
        let reference = reference_spans(words.len(), spans, &mut rng);
        for (i, annotator) in annotators.iter().enumerate() {
            let set = annotator_set(
                &article,
                &words,
                &reference,
                &source,
                annotator,
                i == 0,
                &mut rng,
            );
            store::save(&store::annotation_path(&path, Some(annotator)), &set)?;
        }
    }
    Ok(total)
}
