//! The agreement report: the numbers (serialized as the `--json` output) and the table
//! people read.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};

use serde::Serialize;

use super::chance::{Alpha, Kappa};
use super::f1::{Counts, mean_sd};
use crate::error::FileError;

pub use super::f1::MeanSd;

/// One pair's numbers on one article.
#[derive(Default)]
pub(super) struct PairArticle {
    pub(super) labels: BTreeMap<String, Counts>,
    pub(super) relations: BTreeMap<String, Counts>,
    pub(super) kappa: Kappa,
}

/// Agreement over all pairs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Overall {
    pub mean_f1: Option<f64>,
    pub sd_f1: Option<f64>,
    /// The mean of the pairs' Cohen's κ (`null` when a pair's κ is undefined).
    pub mean_kappa: Option<f64>,
    /// Krippendorff's α (nominal) over all annotators, on the token tags.
    pub alpha: Option<f64>,
}

/// A pair's counts and F1 for one label.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelCounts {
    #[serde(flatten)]
    pub counts: Counts,
    pub f1: Option<f64>,
}

impl From<Counts> for LabelCounts {
    fn from(counts: Counts) -> Self {
        Self {
            f1: counts.f1(),
            counts,
        }
    }
}

/// One pair of annotators: the first is the reference (its spans missing from the second
/// are false negatives).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairReport {
    pub annotators: [String; 2],
    /// Articles both annotated.
    pub documents: usize,
    /// F1 over all labels and articles.
    pub f1: Option<f64>,
    /// Cohen's κ on the token tags of the articles both annotated.
    pub kappa: Option<f64>,
    /// Token tags compared for κ (tokens × the three CoNLL layers).
    pub tags: u64,
    #[serde(flatten)]
    pub counts: Counts,
    pub per_label: BTreeMap<String, LabelCounts>,
    pub relations: BTreeMap<String, LabelCounts>,
}

/// Everything `press-annotate agree` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// What F1 counts: `instance` (exact spans) or `token`.
    pub unit: &'static str,
    /// Sorted; the set without an annotator name is `""`.
    pub annotators: Vec<String>,
    /// The articles at least two annotators annotated (paths relative to their input).
    pub documents: Vec<String>,
    pub per_label: BTreeMap<String, MeanSd>,
    pub per_document: BTreeMap<String, MeanSd>,
    pub overall: Overall,
    /// F1 of speaker / claimer links (same label, same two spans) per relation label.
    pub relations: BTreeMap<String, MeanSd>,
    pub pairs: Vec<PairReport>,
    /// Each annotator against the gold set, when the inputs hold one (gold is never one of
    /// the annotators above).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub against_gold: Vec<PairReport>,
    /// Sets that could not be read (left out); each is a problem.
    #[serde(skip)]
    pub failed: Vec<FileError>,
    /// Articles only one annotator annotated (left out).
    #[serde(skip)]
    pub single: usize,
    /// Sets re-anchored in memory because their article changed.
    #[serde(skip)]
    pub reanchored: usize,
    /// Orphans left out.
    #[serde(skip)]
    pub orphans: usize,
}

/// What [`super::run`] gathered, for [`build`].
pub(super) struct Parts {
    pub tokens: bool,
    pub annotators: Vec<String>,
    pub labels: BTreeSet<String>,
    pub relation_labels: BTreeSet<String>,
    /// Per pair: the articles compared and the summed counts.
    pub pair_totals: Vec<(usize, PairArticle)>,
    /// Per article compared: each pair's counts summed over labels.
    pub per_document_counts: Vec<(String, Vec<Counts>)>,
    pub alpha: Alpha,
    pub failed: Vec<FileError>,
    pub single: usize,
    pub too_few_loaded: usize,
    pub reanchored: usize,
    pub orphans: usize,
}

/// The report from the summed counts. Means are taken over the pairs that share at least
/// one article (bratiaa's pairs all share every article it compares).
pub(super) fn build(parts: Parts) -> Report {
    let n = parts.annotators.len();
    let mut pairs = Vec::new();
    let mut index = 0;
    for a in 0..n {
        for b in a + 1..n {
            let (documents, totals) = &parts.pair_totals[index];
            index += 1;
            let mut counts = Counts::default();
            for c in totals.labels.values() {
                counts.add(c);
            }
            let per_label = parts
                .labels
                .iter()
                .map(|label| {
                    let c = totals.labels.get(label).copied().unwrap_or_default();
                    (label.clone(), LabelCounts::from(c))
                })
                .collect();
            let relations = parts
                .relation_labels
                .iter()
                .map(|label| {
                    let c = totals.relations.get(label).copied().unwrap_or_default();
                    (label.clone(), LabelCounts::from(c))
                })
                .collect();
            pairs.push(PairReport {
                annotators: [parts.annotators[a].clone(), parts.annotators[b].clone()],
                documents: *documents,
                f1: counts.f1(),
                kappa: totals.kappa.kappa(),
                tags: totals.kappa.items,
                counts,
                per_label,
                relations,
            });
        }
    }
    let compared: Vec<&PairReport> = pairs.iter().filter(|p| p.documents > 0).collect();
    let per_label = parts
        .labels
        .iter()
        .map(|label| {
            let f1s: Vec<Option<f64>> = compared.iter().map(|p| p.per_label[label].f1).collect();
            (label.clone(), mean_sd(&f1s))
        })
        .collect();
    let relations = parts
        .relation_labels
        .iter()
        .map(|label| {
            let f1s: Vec<Option<f64>> = compared.iter().map(|p| p.relations[label].f1).collect();
            (label.clone(), mean_sd(&f1s))
        })
        .collect();
    let per_document: BTreeMap<String, MeanSd> = parts
        .per_document_counts
        .iter()
        .map(|(name, counts)| {
            let f1s: Vec<Option<f64>> = counts.iter().map(Counts::f1).collect();
            (name.clone(), mean_sd(&f1s))
        })
        .collect();
    let totals = mean_sd(&compared.iter().map(|p| p.f1).collect::<Vec<_>>());
    let kappas: Option<Vec<f64>> = compared.iter().map(|p| p.kappa).collect();
    let mean_kappa = kappas
        .filter(|k| !k.is_empty())
        .map(|k| k.iter().sum::<f64>() / k.len() as f64);
    Report {
        unit: if parts.tokens { "token" } else { "instance" },
        annotators: parts.annotators,
        documents: per_document.keys().cloned().collect(),
        per_label,
        per_document,
        overall: Overall {
            mean_f1: totals.mean_f1,
            sd_f1: totals.sd_f1,
            mean_kappa,
            alpha: parts.alpha.alpha(),
        },
        relations,
        pairs,
        against_gold: Vec::new(),
        failed: parts.failed,
        single: parts.single + parts.too_few_loaded,
        reanchored: parts.reanchored,
        orphans: parts.orphans,
    }
}

/// A pair's row of the table: its name, then articles, F1, κ and the counts.
fn pair_row(name: String, p: &PairReport) -> Vec<String> {
    vec![
        name,
        p.documents.to_string(),
        number(p.f1),
        number(p.kappa),
        p.counts.tp.to_string(),
        p.counts.fp.to_string(),
        p.counts.fn_.to_string(),
    ]
}

fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

/// Rows of left-aligned first column and right-aligned numbers.
fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |out: &mut String, cells: &[String]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            if i == 0 {
                text += cell;
                text += &" ".repeat(pad);
            } else {
                text += "  ";
                text += &" ".repeat(pad);
                text += cell;
            }
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(
        out,
        &header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>(),
    );
    for row in rows {
        line(out, row);
    }
}

impl fmt::Display for Report {
    /// The report as people read it: per label, per article, per pair, overall.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        let names: Vec<&str> = self
            .annotators
            .iter()
            .map(|a| crate::annotator::display_name(a))
            .collect();
        let _ = writeln!(
            out,
            "{} F1 of {} annotators ({}) on {} article{}; - where undefined\n",
            if self.unit == "token" {
                "token-based"
            } else {
                "instance-based"
            },
            self.annotators.len(),
            names.join(", "),
            self.documents.len(),
            if self.documents.len() == 1 { "" } else { "s" }
        );
        let rows: Vec<Vec<String>> = self
            .per_label
            .iter()
            .map(|(l, m)| vec![l.clone(), number(m.mean_f1), number(m.sd_f1)])
            .collect();
        table(&mut out, &["label", "mean F1", "SD F1"], &rows);
        out += "\n";
        let rows: Vec<Vec<String>> = self
            .relations
            .iter()
            .map(|(l, m)| vec![l.clone(), number(m.mean_f1), number(m.sd_f1)])
            .collect();
        table(&mut out, &["relation", "mean F1", "SD F1"], &rows);
        out += "\n";
        let rows: Vec<Vec<String>> = self
            .per_document
            .iter()
            .map(|(d, m)| vec![d.clone(), number(m.mean_f1), number(m.sd_f1)])
            .collect();
        table(&mut out, &["article", "mean F1", "SD F1"], &rows);
        out += "\n";
        let rows: Vec<Vec<String>> = self
            .pairs
            .iter()
            .map(|p| {
                pair_row(
                    format!(
                        "{} / {}",
                        crate::annotator::display_name(&p.annotators[0]),
                        crate::annotator::display_name(&p.annotators[1])
                    ),
                    p,
                )
            })
            .collect();
        table(
            &mut out,
            &["pair", "articles", "F1", "kappa", "TP", "FP", "FN"],
            &rows,
        );
        let _ = writeln!(
            out,
            "\noverall: mean F1 {}, SD F1 {}; mean Cohen's kappa {}; Krippendorff's alpha {}",
            number(self.overall.mean_f1),
            number(self.overall.sd_f1),
            number(self.overall.mean_kappa),
            number(self.overall.alpha)
        );
        if !self.against_gold.is_empty() {
            out += "\neach annotator against the gold set (not counted above):\n";
            let rows: Vec<Vec<String>> = self
                .against_gold
                .iter()
                .map(|p| {
                    let who = p
                        .annotators
                        .iter()
                        .find(|a| *a != crate::adjudicate::GOLD)
                        .map_or("", String::as_str);
                    pair_row(crate::annotator::display_name(who).to_owned(), p)
                })
                .collect();
            table(
                &mut out,
                &["annotator", "articles", "F1", "kappa", "TP", "FP", "FN"],
                &rows,
            );
        }
        f.write_str(&out)
    }
}

impl Report {
    /// What was left out and why, for standard error (empty when nothing was).
    pub fn notes(&self) -> String {
        let mut out = String::new();
        let _ = crate::error::write_capped(&mut out, "skipped ", &self.failed);
        if self.single > 0 {
            let _ = writeln!(
                out,
                "left out {} article(s) with the set of only one annotator",
                self.single
            );
        }
        if self.reanchored > 0 {
            let _ = writeln!(
                out,
                "re-anchored {} set(s) whose article changed",
                self.reanchored
            );
        }
        if self.orphans > 0 {
            let _ = writeln!(
                out,
                "left out {} orphan(s) (no longer found in the changed article)",
                self.orphans
            );
        }
        out
    }

    /// How many problems (sets that could not be read): the command exits 1 when any.
    pub fn problems(&self) -> usize {
        self.failed.len()
    }
}
