//! Counts over a corpus: articles by status, annotations by label and attribute value,
//! relations by label (`press-annotate stats`).

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use crate::model::{AnnotationSet, Status};

#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// Articles (one per annotation set; an article without a set counts as `Todo`).
    pub articles: usize,
    pub articles_by_status: BTreeMap<String, usize>,
    pub annotations: usize,
    pub annotations_by_label: BTreeMap<String, usize>,
    /// label → attribute → value → count.
    pub attribute_values: BTreeMap<String, BTreeMap<String, BTreeMap<String, usize>>>,
    pub relations: usize,
    pub relations_by_label: BTreeMap<String, usize>,
    pub orphans: usize,
}

impl Stats {
    pub fn new() -> Self {
        let mut stats = Self::default();
        for status in Status::ALL {
            stats
                .articles_by_status
                .insert(status.as_str().to_owned(), 0);
        }
        stats
    }

    /// Adds one article's set.
    pub fn add(&mut self, set: &AnnotationSet) {
        self.articles += 1;
        *self
            .articles_by_status
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
                    self.articles_by_status.get(s.as_str()).unwrap_or(&0)
                )
            })
            .collect();
        let _ = writeln!(out, "articles: {} ({})", self.articles, statuses.join(", "));
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
        out
    }
}
