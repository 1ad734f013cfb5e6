//! Agreement on small folders whose numbers are computed by hand.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::model::{Annotation, AnnotationSet, Relation, Source};

const TEXT: &str = "Kerry met Lavrov in Geneva and said talks go on.";
// Kerry 0..5, met 6..9, Lavrov 10..16, in 17..19, Geneva 20..26, and 27..30, said 31..35,
// talks 36..41, go 42..44, on 45..47, "." 47..48.

/// A span: schema label, entity type (or ""), start, end.
type Span = (&'static str, &'static str, usize, usize);

/// An annotator's set: name, spans, relations `(label, from span index, to span index)`.
type Set<'a> = (&'a str, &'a [Span], &'a [(&'a str, usize, usize)]);

/// Writes `name` with TEXT and one set per `(annotator, spans, relations)`; relations are
/// `(label, from span index, to span index)`.
fn write_article(dir: &Path, name: &str, sets: &[Set<'_>]) {
    let path = dir.join(name);
    std::fs::write(&path, TEXT).unwrap();
    let article = crate::text::Article::new(TEXT.to_owned());
    for (who, spans, relations) in sets {
        let annotator = (!who.is_empty()).then(|| (*who).to_owned());
        let mut set = AnnotationSet::new(
            Source {
                file: name.to_owned(),
                sha256: crate::store::sha256_hex(TEXT.as_bytes()),
                chars: article.len_chars(),
            },
            annotator.clone(),
        );
        for (i, (label, kind, start, end)) in spans.iter().enumerate() {
            let mut attributes = BTreeMap::new();
            if *label == "entity" {
                attributes.insert("type".to_owned(), (*kind).to_owned());
            }
            set.annotations.push(Annotation {
                id: i as u64 + 1,
                label: (*label).to_owned(),
                start: *start,
                end: *end,
                text: article.slice(*start..*end).to_owned(),
                attributes,
                note: None,
                annotators: Vec::new(),
                suggested: None,
            });
        }
        for (i, (label, from, to)) in relations.iter().enumerate() {
            set.relations.push(Relation {
                id: 100 + i as u64,
                label: (*label).to_owned(),
                from: *from as u64 + 1,
                to: *to as u64 + 1,
            });
        }
        set.sort();
        crate::store::save(
            &crate::store::annotation_path(&path, annotator.as_deref()),
            &set,
        )
        .unwrap();
    }
}

const ALICE: &[Span] = &[
    ("entity", "person", 0, 5),
    ("entity", "person", 10, 16),
    ("entity", "location", 20, 26),
    ("claim", "", 36, 47),
];
const BOB: &[Span] = &[
    ("entity", "person", 0, 5),
    ("entity", "organization", 10, 16),
    ("entity", "location", 20, 26),
    ("claim", "", 37, 44),
];

fn run_on(dir: &Path, options: &AgreeOptions) -> Report {
    run(&[dir.to_owned()], options).unwrap()
}

fn close(got: Option<f64>, want: f64) -> bool {
    got.is_some_and(|g| (g - want).abs() < 1e-12)
}

#[test]
fn two_annotators_per_label_per_article_and_overall() {
    let dir = tempfile::tempdir().unwrap();
    write_article(
        dir.path(),
        "a.txt",
        &[("alice", ALICE, &[]), ("bob", BOB, &[])],
    );
    // Empty sets on both sides: compared, but nothing to count.
    write_article(
        dir.path(),
        "b.txt",
        &[("alice", &[], &[]), ("bob", &[], &[])],
    );
    // One annotator only: left out.
    write_article(dir.path(), "c.txt", &[("alice", ALICE, &[])]);
    let report = run_on(dir.path(), &AgreeOptions::default());
    assert_eq!(report.annotators, ["alice", "bob"]);
    assert_eq!(report.documents, ["a.txt", "b.txt"]);
    assert_eq!(report.single, 1);
    // PER: tp 1, fn 1 → 2/3. ORG (bob only): fp 1 → 0. LOC: 1. CLAIM: other end → 0.
    let label = |l: &str| report.per_label[l];
    assert!(close(label("PER").mean_f1, 2.0 / 3.0));
    assert_eq!(label("PER").sd_f1, Some(0.0));
    assert_eq!(label("ORG").mean_f1, Some(0.0));
    assert_eq!(label("LOC").mean_f1, Some(1.0));
    assert_eq!(label("CLAIM").mean_f1, Some(0.0));
    // Nobody used these: no F1.
    assert_eq!(label("QUOTE"), MeanSd::default());
    assert_eq!(label("MISC"), MeanSd::default());
    // Overall tp 2, fp 2, fn 2 → 0.5; the article of empty sets has no F1.
    assert_eq!(report.per_document["a.txt"].mean_f1, Some(0.5));
    assert_eq!(report.per_document["b.txt"], MeanSd::default());
    assert_eq!(report.overall.mean_f1, Some(0.5));
    assert_eq!(report.overall.sd_f1, Some(0.0));
    let pair = &report.pairs[0];
    assert_eq!(pair.documents, 2);
    assert_eq!((pair.counts.tp, pair.counts.fp, pair.counts.fn_), (2, 2, 2));
    // κ on 3 layers × 11 tokens of a.txt (b.txt: 33 more, all O on both sides):
    // disagreements Lavrov (B-PER / B-ORG) and "on" (I-CLAIM / O).
    // a.txt alone: 1 − 2·33 / (33² − 762); with b.txt's 33 O/O items: n = 66, O·O = 60·61.
    let same = 2.0 + 1.0 + 1.0 + 2.0 + 60.0 * 61.0;
    assert!(close(pair.kappa, 1.0 - 2.0 * 66.0 / (66.0 * 66.0 - same)));
    assert_eq!(pair.tags, 66);
}

#[test]
fn kappa_and_alpha_on_one_article() {
    let dir = tempfile::tempdir().unwrap();
    write_article(
        dir.path(),
        "a.txt",
        &[("alice", ALICE, &[]), ("bob", BOB, &[])],
    );
    let report = run_on(dir.path(), &AgreeOptions::default());
    assert!(close(report.pairs[0].kappa, 261.0 / 327.0));
    assert!(close(report.overall.mean_kappa, 261.0 / 327.0));
    // α: 2 disagreeing units (observed 2 each), value counts PER 3, ORG 1, LOC 2,
    // B-CLAIM 2, I-CLAIM 3, O 55: 1 − 65·4 / (66² − 3052).
    assert!(close(report.overall.alpha, 1.0 - 260.0 / 1304.0));
}

#[test]
fn token_based_f1_counts_each_token_of_a_span() {
    let dir = tempfile::tempdir().unwrap();
    write_article(
        dir.path(),
        "a.txt",
        &[("alice", ALICE, &[]), ("bob", BOB, &[])],
    );
    let report = run_on(
        dir.path(),
        &AgreeOptions {
            tokens: true,
            ..AgreeOptions::default()
        },
    );
    assert_eq!(report.unit, "token");
    // CLAIM: alice talks go on, bob (37..44, inside "talks") talks go: tp 2, fn 1 → 4/5.
    assert!(close(report.per_label["CLAIM"].mean_f1, 0.8));
    // All labels: tp 4 (Kerry, Geneva, talks, go), fp 1 (ORG Lavrov), fn 2 → 8/11.
    assert!(close(report.overall.mean_f1, 8.0 / 11.0));
}

#[test]
fn three_annotators_with_a_label_one_used_and_an_article_two_annotated() {
    let dir = tempfile::tempdir().unwrap();
    let alice: &[Span] = &[("entity", "person", 0, 5), ("entity", "other", 20, 26)];
    let bob: &[Span] = &[("entity", "person", 0, 5)];
    let carol: &[Span] = &[("entity", "person", 0, 5), ("entity", "location", 20, 26)];
    write_article(
        dir.path(),
        "a.txt",
        &[
            ("alice", alice, &[]),
            ("bob", bob, &[]),
            ("carol", carol, &[]),
        ],
    );
    let report = run_on(dir.path(), &AgreeOptions::default());
    assert_eq!(report.annotators, ["alice", "bob", "carol"]);
    assert_eq!(report.pairs.len(), 3);
    assert!(close(report.per_label["PER"].mean_f1, 1.0));
    // MISC is alice's only: 0 with bob and with carol, undefined between bob and carol, so
    // its mean is undefined (bratiaa: nan). The same for LOC (carol's only).
    assert_eq!(report.per_label["MISC"], MeanSd::default());
    assert_eq!(report.per_label["LOC"], MeanSd::default());
    let f1s: Vec<Option<f64>> = report.pairs.iter().map(|p| p.f1).collect();
    assert!(close(f1s[0], 2.0 / 3.0) && close(f1s[1], 0.5) && close(f1s[2], 2.0 / 3.0));
    // Mean 11/18; population SD √(1/162).
    assert!(close(report.overall.mean_f1, 11.0 / 18.0));
    assert!(close(report.overall.sd_f1, (1.0f64 / 162.0).sqrt()));
    assert!(report.overall.alpha.is_some());

    // A second article only alice and bob annotated counts for their pair only.
    write_article(
        dir.path(),
        "b.txt",
        &[("alice", bob, &[]), ("bob", bob, &[])],
    );
    let report = run_on(dir.path(), &AgreeOptions::default());
    assert_eq!(report.documents, ["a.txt", "b.txt"]);
    let docs: Vec<usize> = report.pairs.iter().map(|p| p.documents).collect();
    assert_eq!(docs, [2, 1, 1]);
    // alice/bob: tp 2, fn 1 → 4/5.
    assert!(close(report.pairs[0].f1, 0.8));
    assert_eq!(report.per_document["b.txt"].mean_f1, Some(1.0));
    assert_eq!(report.per_document["b.txt"].sd_f1, Some(0.0));

    // --annotators keeps the pairs among those named.
    let report = run_on(
        dir.path(),
        &AgreeOptions {
            annotators: Some(vec!["carol".into(), "bob".into()]),
            tokens: false,
        },
    );
    assert_eq!(report.annotators, ["bob", "carol"]);
    assert_eq!(report.documents, ["a.txt"]);
    assert!(close(report.overall.mean_f1, 2.0 / 3.0));
}

#[test]
fn relations_agree_when_label_and_both_spans_match() {
    let dir = tempfile::tempdir().unwrap();
    let spans: &[Span] = &[
        ("quote", "", 31, 47),
        ("entity", "person", 0, 5),
        ("entity", "person", 10, 16),
    ];
    write_article(
        dir.path(),
        "a.txt",
        &[
            ("", spans, &[("speaker", 0, 1)]),
            ("alice", spans, &[("speaker", 0, 1)]),
            ("bob", spans, &[("speaker", 0, 2)]),
        ],
    );
    let report = run_on(dir.path(), &AgreeOptions::default());
    // The set without an annotator name is annotator "", sorted first.
    assert_eq!(report.annotators, ["", "alice", "bob"]);
    assert_eq!(report.overall.mean_f1, Some(1.0));
    // ""/alice agree (1), ""/bob and alice/bob do not (0): mean 1/3.
    assert!(close(report.relations["speaker"].mean_f1, 1.0 / 3.0));
    assert_eq!(report.pairs[2].relations["speaker"].counts.fp, 1);
    // Nobody linked a claim.
    assert_eq!(report.relations["claimer"], MeanSd::default());
}

#[test]
fn too_few_annotators_and_unreadable_sets() {
    let dir = tempfile::tempdir().unwrap();
    write_article(dir.path(), "a.txt", &[("alice", ALICE, &[])]);
    assert!(matches!(
        run(&[dir.path().to_owned()], &AgreeOptions::default()),
        Err(AgreeError::TooFewAnnotators(_))
    ));
    assert!(matches!(
        run(
            &[dir.path().to_owned()],
            &AgreeOptions {
                annotators: Some(vec!["alice".into(), "alice".into()]),
                tokens: false
            }
        ),
        Err(AgreeError::Usage(_))
    ));
    write_article(
        dir.path(),
        "b.txt",
        &[("alice", ALICE, &[]), ("bob", BOB, &[])],
    );
    let broken = dir.path().join("a.txt.bob.annotations.ron");
    std::fs::write(&broken, "AnnotationSet(format: 1,").unwrap();
    let report = run_on(dir.path(), &AgreeOptions::default());
    assert_eq!(report.documents, ["b.txt"]);
    assert_eq!(report.problems(), 1);
    assert_eq!(report.failed[0].path, broken);
    assert_eq!(report.single, 1);
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "AnnotationSet(format: 1,"
    );
}

#[test]
fn a_changed_article_is_reanchored_and_orphans_left_out() {
    let dir = tempfile::tempdir().unwrap();
    write_article(
        dir.path(),
        "a.txt",
        &[("alice", ALICE, &[]), ("bob", BOB, &[])],
    );
    // Insert text before everything and drop "Geneva": spans move, LOC becomes an orphan.
    let changed = format!("Update: {}", TEXT.replace("in Geneva", "in town"));
    std::fs::write(dir.path().join("a.txt"), changed).unwrap();
    let report = run_on(dir.path(), &AgreeOptions::default());
    assert_eq!(report.reanchored, 2);
    assert_eq!(report.orphans, 2);
    assert_eq!(report.per_label["LOC"], MeanSd::default());
    assert!(close(report.per_label["PER"].mean_f1, 2.0 / 3.0));
    // tp 1, fp 2, fn 2 (PER Kerry agreed; Lavrov and the claim not).
    assert!(close(report.overall.mean_f1, 2.0 / 6.0));
}

#[test]
fn pairs_are_indexed_as_combinations() {
    let n = 4;
    let mut expected = 0;
    for a in 0..n {
        for b in a + 1..n {
            assert_eq!(pair_index(a, b, n), expected);
            expected += 1;
        }
    }
}

#[test]
fn sets_read_with_one_read_of_their_article_are_the_sets_loaded_alone() {
    let dir = tempfile::tempdir().unwrap();
    write_article(
        dir.path(),
        "a.txt",
        &[
            ("alice", ALICE, &[]),
            ("bob", BOB, &[]),
            ("carol", ALICE, &[]),
        ],
    );
    let file = |who: &str| dir.path().join(format!("a.txt.{who}.annotations.ron"));
    // Carol's first span says a text the article does not hold there.
    let carol = std::fs::read_to_string(file("carol"))
        .unwrap()
        .replace("text: \"Kerry\"", "text: \"Kerri\"");
    std::fs::write(file("carol"), carol).unwrap();
    let alone = |who: &str| crate::store::load_annotation_file(&file(who));
    let expected_errors = alone("carol").unwrap_err().0;
    assert!(!expected_errors.is_empty());

    let report = run_on(dir.path(), &AgreeOptions::default());
    assert_eq!(report.failed, expected_errors);
    assert_eq!(report.pairs.len(), 3);
    assert_eq!(report.pairs[0].documents, 1, "alice / bob compared");

    // An article changed since: each set re-anchored as when loaded alone.
    let source = dir.path().join("a.txt");
    std::fs::write(
        &source,
        format!("Update: {}", TEXT.replace("in Geneva", "in town")),
    )
    .unwrap();
    let read = crate::store::read_source(&source).unwrap();
    let schema = Schema::for_article(&source).unwrap();
    for who in ["alice", "bob", "carol"] {
        let one_read =
            crate::store::load_set_of(&source, Some(who), &file(who), &read, &schema).unwrap();
        // (Carol's wrong text is now re-anchoring's business, as when loaded alone.)
        let loaded = alone(who).unwrap();
        assert!(loaded.report.source_changed);
        assert_eq!(one_read.report, loaded.report);
        assert_eq!(
            crate::canonical::to_canonical_ron(&one_read.set),
            crate::canonical::to_canonical_ron(&loaded.set)
        );
    }
    let report = run_on(dir.path(), &AgreeOptions::default());
    assert_eq!(report.reanchored, 3);
    assert!(report.failed.is_empty());
}
