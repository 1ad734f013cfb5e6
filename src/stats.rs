//! Counts over a corpus: articles by status, annotations by label and attribute value,
//! relations by label, spans per 1,000 words, quotes with and without a speaker, claims with
//! and without a claimer, and the same per annotator (`press-annotate stats`, and the
//! window's statistics).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::model::{AnnotationSet, Status};
use crate::text::Article;

/// One annotator's share of the corpus (the set without an annotator name is `""`).
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct AnnotatorStats {
    pub articles: usize,
    pub done: usize,
    pub annotations: usize,
    pub relations: usize,
}

/// How many annotations of a label have a relation of some label starting from them.
#[derive(Debug, Default, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Coverage {
    pub with: usize,
    pub without: usize,
}

#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct Stats {
    /// Articles, each counted once however many annotators' sets it has.
    pub articles: usize,
    /// Annotation sets: one per article and annotator (an article without a set counts as
    /// one `Todo` set), and how many are at each status.
    pub sets: usize,
    pub sets_by_status: BTreeMap<String, usize>,
    pub annotations: usize,
    pub annotations_by_label: BTreeMap<String, usize>,
    /// label → attribute → value → count.
    pub attribute_values: BTreeMap<String, BTreeMap<String, BTreeMap<String, usize>>>,
    pub relations: usize,
    pub relations_by_label: BTreeMap<String, usize>,
    pub orphans: usize,
    /// Words in the articles counted (Unicode word segments; each article once), and
    /// annotations per 1,000 words of the sets' articles (each set against its own
    /// article's words; `null` when there are no words).
    pub words: usize,
    pub spans_per_1000_words: Option<f64>,
    /// Quotes that have a speaker (a `speaker` relation from them), and those that do not.
    pub quote_speakers: Coverage,
    /// Claims that have a claimer (a `claimer` relation from them), and those that do not.
    pub claim_claimers: Coverage,
    pub by_annotator: BTreeMap<String, AnnotatorStats>,
    /// The articles already counted, and the words of every set's article.
    #[serde(skip)]
    seen: HashSet<PathBuf>,
    #[serde(skip)]
    set_words: usize,
}

/// The numbers of every set collected (see [`crate::corpus::collect`]), and the sets that
/// could not be read, each with its problems. The command line's `stats` and the window's
/// statistics both use it.
pub fn of_collected(
    collected: &crate::corpus::Collected,
) -> (Stats, Vec<crate::error::FileErrors>) {
    let mut stats = Stats::new();
    let mut failed = Vec::new();
    for entry in &collected.entries {
        match entry.load() {
            Ok(loaded) => stats.add(&entry.source, &loaded.set, word_count(&loaded.article)),
            Err(errors) => failed.push(errors),
        }
    }
    (stats, failed)
}

/// The words of an article (Unicode word segments with a letter or digit).
pub fn word_count(article: &Article) -> usize {
    article.text().unicode_words().count()
}

impl Stats {
    pub fn new() -> Self {
        let mut stats = Self::default();
        for status in Status::ALL {
            stats.sets_by_status.insert(status.as_str().to_owned(), 0);
        }
        stats
    }

    /// Adds one set of the article at `source`; `words` is the article's [`word_count`].
    /// An article is counted (with its words) once, however many annotators' sets it has.
    pub fn add(&mut self, source: &Path, set: &AnnotationSet, words: usize) {
        if self.seen.insert(source.to_owned()) {
            self.articles += 1;
            self.words += words;
        }
        self.sets += 1;
        self.set_words += words;
        *self
            .sets_by_status
            .entry(set.status.as_str().to_owned())
            .or_insert(0) += 1;
        for a in &set.annotations {
            self.annotations += 1;
            *self
                .annotations_by_label
                .entry(a.label.clone())
                .or_insert(0) += 1;
            for (name, value) in &a.attributes {
                *self
                    .attribute_values
                    .entry(a.label.clone())
                    .or_default()
                    .entry(name.clone())
                    .or_default()
                    .entry(value.clone())
                    .or_insert(0) += 1;
            }
        }
        for r in &set.relations {
            self.relations += 1;
            *self.relations_by_label.entry(r.label.clone()).or_insert(0) += 1;
        }
        self.orphans += set.orphans.len();
        self.spans_per_1000_words =
            (self.set_words > 0).then(|| self.annotations as f64 * 1000.0 / self.set_words as f64);
        for (label, relation, coverage) in [
            ("quote", "speaker", &mut self.quote_speakers),
            ("claim", "claimer", &mut self.claim_claimers),
        ] {
            let linked: HashSet<u64> = set
                .relations
                .iter()
                .filter(|r| r.label == relation)
                .map(|r| r.from)
                .collect();
            for a in set.annotations.iter().filter(|a| a.label == label) {
                if linked.contains(&a.id) {
                    coverage.with += 1;
                } else {
                    coverage.without += 1;
                }
            }
        }
        let annotator = self
            .by_annotator
            .entry(set.annotator.clone().unwrap_or_default())
            .or_default();
        annotator.articles += 1;
        annotator.done += usize::from(set.status == Status::Done);
        annotator.annotations += set.annotations.len();
        annotator.relations += set.relations.len();
    }

    /// The numbers as CSV rows (`section,name,value`), for a spreadsheet.
    pub fn to_csv(&self) -> String {
        let mut rows: Vec<(String, String, String)> = Vec::new();
        let mut row = |section: &str, name: &str, value: String| {
            rows.push((section.to_owned(), name.to_owned(), value));
        };
        row("articles", "all", self.articles.to_string());
        row("sets", "all", self.sets.to_string());
        for (status, n) in &self.sets_by_status {
            row("sets by status", status, n.to_string());
        }
        row("annotations", "all", self.annotations.to_string());
        for (label, n) in &self.annotations_by_label {
            row("annotations by label", label, n.to_string());
        }
        for (label, attributes) in &self.attribute_values {
            for (name, values) in attributes {
                for (value, n) in values {
                    row(
                        "attribute values",
                        &format!("{label}.{name}={value}"),
                        n.to_string(),
                    );
                }
            }
        }
        row("relations", "all", self.relations.to_string());
        for (label, n) in &self.relations_by_label {
            row("relations by label", label, n.to_string());
        }
        row("words", "all", self.words.to_string());
        row(
            "spans per 1000 words",
            "all",
            self.spans_per_1000_words
                .map_or(String::new(), |v| format!("{v:.2}")),
        );
        row(
            "quotes",
            "with speaker",
            self.quote_speakers.with.to_string(),
        );
        row(
            "quotes",
            "without speaker",
            self.quote_speakers.without.to_string(),
        );
        row(
            "claims",
            "with claimer",
            self.claim_claimers.with.to_string(),
        );
        row(
            "claims",
            "without claimer",
            self.claim_claimers.without.to_string(),
        );
        for (name, a) in &self.by_annotator {
            let name = if name.is_empty() { "(none)" } else { name };
            row("annotator articles", name, a.articles.to_string());
            row("annotator done", name, a.done.to_string());
            row("annotator annotations", name, a.annotations.to_string());
            row("annotator relations", name, a.relations.to_string());
        }
        let mut writer = csv::Writer::from_writer(Vec::new());
        let _ = writer.write_record(["section", "name", "value"]);
        for (section, name, value) in rows {
            // A leading `=`, `+`, `-` or `@` would run as a formula in a spreadsheet.
            let name = if name.starts_with(['=', '+', '-', '@']) {
                format!("'{name}")
            } else {
                name
            };
            let _ = writer.write_record([section, name, value]);
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The report as people read it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let statuses: Vec<String> = Status::ALL
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    s.display_name(),
                    self.sets_by_status.get(s.as_str()).unwrap_or(&0)
                )
            })
            .collect();
        if self.sets == self.articles {
            let _ = writeln!(out, "articles: {} ({})", self.articles, statuses.join(", "));
        } else {
            let _ = writeln!(
                out,
                "articles: {}; annotation sets: {} ({})",
                self.articles,
                self.sets,
                statuses.join(", ")
            );
        }
        let _ = writeln!(out, "annotations: {}", self.annotations);
        for (label, count) in &self.annotations_by_label {
            let _ = writeln!(out, "  {label}: {count}");
            if let Some(attributes) = self.attribute_values.get(label) {
                for (name, values) in attributes {
                    let values: Vec<String> =
                        values.iter().map(|(v, n)| format!("{v} {n}")).collect();
                    let _ = writeln!(out, "    {name}: {}", values.join(", "));
                }
            }
        }
        let _ = writeln!(out, "relations: {}", self.relations);
        for (label, count) in &self.relations_by_label {
            let _ = writeln!(out, "  {label}: {count}");
        }
        if self.orphans > 0 {
            let _ = writeln!(out, "orphans: {}", self.orphans);
        }
        let density = self
            .spans_per_1000_words
            .map_or("-".to_owned(), |v| format!("{v:.1}"));
        let _ = writeln!(
            out,
            "words: {} ({density} annotations per 1,000 words)",
            self.words
        );
        let _ = writeln!(
            out,
            "quotes with a speaker: {} of {}",
            self.quote_speakers.with,
            self.quote_speakers.with + self.quote_speakers.without
        );
        let _ = writeln!(
            out,
            "claims with a claimer: {} of {}",
            self.claim_claimers.with,
            self.claim_claimers.with + self.claim_claimers.without
        );
        if self.by_annotator.len() > 1 || self.by_annotator.keys().any(|k| !k.is_empty()) {
            let _ = writeln!(out, "by annotator:");
            for (name, a) in &self.by_annotator {
                let name = if name.is_empty() { "(none)" } else { name };
                let _ = writeln!(
                    out,
                    "  {name}: {} articles ({} done), {} annotations, {} relations",
                    a.articles, a.done, a.annotations, a.relations
                );
            }
        }
        out
    }
}
