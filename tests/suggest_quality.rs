//! Quality of quote suggestions against the hand-made gold standard in `tests/suggest-gold/`
//! (guidelines in `tests/suggest-gold.md`): the articles alone are copied into a temporary
//! folder, `press-annotate suggest --json --only quotes` runs there (the real binary), and its
//! lines are compared with the gold sets. Direct quotes: precision and recall on exact spans;
//! speakers: of the direct quotes found, those whose suggested speaker overlaps the gold
//! speaker (or both have none). Indirect quotes are printed, not asserted.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::*;

#[derive(Debug, Clone)]
struct Quote {
    form: String,
    speaker: Option<(usize, usize)>,
}

type Key = (String, usize, usize);

fn gold() -> BTreeMap<Key, Quote> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suggest-gold");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(article) = name.strip_suffix(".annotations.ron") else {
            continue;
        };
        let loaded = press_annotate::store::load_annotation_file(&path).unwrap();
        assert!(!loaded.report.source_changed, "{name}: gold out of date");
        let set = &loaded.set;
        for a in set.annotations.iter().filter(|a| a.label == "quote") {
            let speaker = set
                .relations
                .iter()
                .find(|r| r.label == "speaker" && r.from == a.id)
                .and_then(|r| set.annotation(r.to))
                .map(|e| (e.start, e.end));
            out.insert(
                (article.to_owned(), a.start, a.end),
                Quote {
                    form: a.attributes["form"].clone(),
                    speaker,
                },
            );
        }
    }
    out
}

fn suggested() -> BTreeMap<Key, (Quote, String)> {
    let gold_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suggest-gold");
    let work = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(&gold_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, work.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let out = run(&["suggest", "--json", "--only", "quotes", "."], work.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut found = BTreeMap::new();
    for line in stdout(&out).lines() {
        let json: serde_json::Value = serde_json::from_str(line).unwrap();
        let article = Path::new(json["article"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let span = |v: &serde_json::Value| {
            (
                v["start"].as_u64().unwrap() as usize,
                v["end"].as_u64().unwrap() as usize,
            )
        };
        let (start, end) = span(&json);
        let speaker = (!json["speaker"].is_null()).then(|| span(&json["speaker"]));
        found.insert(
            (article, start, end),
            (
                Quote {
                    form: json["attributes"]["form"].as_str().unwrap().to_owned(),
                    speaker,
                },
                json["text"].as_str().unwrap().to_owned(),
            ),
        );
    }
    found
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 1.0 } else { n as f64 / d as f64 }
}

/// Precision, recall and speakers right for one form on the articles `keep` accepts.
fn measure(
    gold: &BTreeMap<Key, Quote>,
    found: &BTreeMap<Key, (Quote, String)>,
    form: &str,
    what: &str,
    keep: impl Fn(&str) -> bool,
) -> (f64, f64, f64) {
    let g: BTreeSet<&Key> = gold
        .iter()
        .filter(|(k, q)| q.form == form && keep(&k.0))
        .map(|(k, _)| k)
        .collect();
    let p: BTreeSet<&Key> = found
        .iter()
        .filter(|(k, q)| q.0.form == form && keep(&k.0))
        .map(|(k, _)| k)
        .collect();
    let tp: Vec<&&Key> = g.intersection(&p).collect();
    for missed in g.difference(&p) {
        println!("{what}: {form} missed: {missed:?}");
    }
    for wrong in p.difference(&g) {
        println!(
            "{what}: {form} not in gold: {wrong:?} {:?}",
            found[*wrong].1
        );
    }
    let (mut right, mut exact) = (0, 0);
    for key in &tp {
        let gold_speaker = gold[**key].speaker;
        let our = found[**key].0.speaker;
        let overlaps = match (gold_speaker, our) {
            (None, None) => true,
            (Some(g), Some(o)) => g.0 < o.1 && o.0 < g.1,
            _ => false,
        };
        if overlaps {
            right += 1;
        } else {
            println!(
                "{what}: {form} speaker wrong: {key:?}: gold {gold_speaker:?}, suggested {our:?}"
            );
        }
        if gold_speaker == our {
            exact += 1;
        }
    }
    let precision = ratio(tp.len(), p.len());
    let recall = ratio(tp.len(), g.len());
    let speakers = ratio(right, tp.len());
    println!(
        "{what}: {form} quotes: gold {}, suggested {}, right {}: precision {precision:.3}, recall {recall:.3}; speakers right {right}/{} = {speakers:.3} (exact span {exact}/{})",
        g.len(),
        p.len(),
        tp.len(),
        tp.len(),
        tp.len()
    );
    (precision, recall, speakers)
}

/// Articles written and annotated after the rules were last changed: a check that the rules
/// were not fitted to the rest.
fn held_out(article: &str) -> bool {
    article.starts_with("heldout-")
}

#[test]
fn quote_suggestions_reach_the_quality_of_the_issue_on_the_gold_standard() {
    let gold = gold();
    let found = suggested();
    measure(&gold, &found, "direct", "held out", held_out);
    measure(&gold, &found, "direct", "development", |a| !held_out(a));
    measure(&gold, &found, "indirect", "all", |_| true);
    let (precision, recall, speakers) = measure(&gold, &found, "direct", "all", |_| true);
    assert!(precision >= 0.9, "direct precision {precision:.3} < 0.9");
    assert!(recall >= 0.85, "direct recall {recall:.3} < 0.85");
    assert!(speakers >= 0.8, "speakers right {speakers:.3} < 0.8");
}
