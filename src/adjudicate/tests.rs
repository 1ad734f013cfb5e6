use std::collections::BTreeMap;

use super::*;
use crate::model::Source;

fn span(id: u64, label: &str, range: Range<usize>, attrs: &[(&str, &str)]) -> Annotation {
    Annotation {
        id,
        label: label.into(),
        start: range.start,
        end: range.end,
        text: String::new(),
        attributes: attrs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<BTreeMap<_, _>>(),
        note: None,
        annotators: Vec::new(),
        suggested: None,
    }
}

fn set(name: &str, spans: Vec<Annotation>, relations: Vec<Relation>) -> (String, AnnotationSet) {
    let mut set = AnnotationSet::new(
        Source {
            file: "a.txt".into(),
            sha256: String::new(),
            chars: 200,
        },
        Some(name.to_owned()),
    );
    set.annotations = spans;
    set.relations = relations;
    set.sort();
    (name.to_owned(), set)
}

fn gold() -> AnnotationSet {
    set(GOLD, vec![], vec![]).1
}

fn never(_: &str, _: usize, _: usize) -> bool {
    false
}

fn rel(id: u64, label: &str, from: u64, to: u64) -> Relation {
    Relation {
        id,
        label: label.into(),
        from,
        to,
    }
}

const PER: &[(&str, &str)] = &[("type", "person")];
const ORG: &[(&str, &str)] = &[("type", "organization")];

/// Three annotators: all agree on a person at 0..5; at 10..15 alice and bob say person, carol
/// organisation; only bob has a claim at 30..40.
fn three() -> Adjudication {
    Adjudication::new(vec![
        set(
            "carol",
            vec![span(1, "entity", 0..5, PER), span(2, "entity", 10..15, ORG)],
            vec![],
        ),
        set(
            "alice",
            vec![span(1, "entity", 0..5, PER), span(2, "entity", 10..15, PER)],
            vec![],
        ),
        set(
            "bob",
            vec![
                span(7, "entity", 0..5, PER),
                span(8, "entity", 10..15, PER),
                span(9, "claim", 30..40, &[]),
            ],
            vec![],
        ),
    ])
}

#[test]
fn clusters_group_overlapping_spans_of_a_label_and_know_agreement() {
    let a = three();
    assert_eq!(a.annotators, ["alice", "bob", "carol"]);
    let shape: Vec<(&str, Range<usize>, bool, Vec<usize>)> = a
        .clusters
        .iter()
        .map(|c| {
            (
                c.label.as_str(),
                c.range.clone(),
                c.agreed,
                c.versions.iter().map(Vec::len).collect(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        vec![
            ("entity", 0..5, true, vec![1, 1, 1]),
            ("entity", 10..15, false, vec![1, 1, 1]),
            ("claim", 30..40, false, vec![0, 1, 0]),
        ]
    );
    // Nested spans of other labels stay apart; overlapping ones of a label join.
    let b = Adjudication::new(vec![
        set(
            "a",
            vec![span(1, "quote", 0..50, &[]), span(2, "entity", 5..9, PER)],
            vec![],
        ),
        set("b", vec![span(1, "quote", 2..50, &[])], vec![]),
    ]);
    assert_eq!(b.clusters.len(), 2);
    assert_eq!(b.clusters[0].range, 0..50);
    assert_eq!(b.clusters[0].versions, vec![vec![1], vec![1]]);
    assert!(!b.clusters[0].agreed);
}

#[test]
fn agreed_spans_are_accepted_with_their_provenance_and_disagreements_stay_open() {
    let a = three();
    let mut g = gold();
    let edit = a
        .accept_agreed(&g, &never)
        .unwrap()
        .expect("something to accept");
    edit.apply(&mut g).expect("applies");
    assert_eq!(g.annotations.len(), 1);
    assert_eq!(g.annotations[0].range(), 0..5);
    // Provenance in its own field (format 2), the note left to people.
    assert_eq!(g.annotations[0].annotators, ["alice", "bob", "carol"]);
    assert_eq!(g.annotations[0].note, None);
    assert_eq!(a.open(&g, &never), vec![1, 2]);
    assert_eq!(a.open_disagreements(&g, &never), vec![1, 2]);
    // Accepting again changes nothing.
    assert!(a.accept_agreed(&g, &never).unwrap().is_none());
}

#[test]
fn agreement_only_through_the_same_suggestion_waits_for_a_key() {
    let suggested = |mut a: Annotation| {
        a.suggested = Some("quotes".into());
        a
    };
    // Both accepted the same suggested quote at 0..20 and the same entity at 30..35; at
    // 40..45 both labelled the same person by hand; at 50..55 only alice's came from a
    // suggestion (bob labelled it himself): agreement of people, taken on its own.
    let mut a = Adjudication::new(vec![
        set(
            "alice",
            vec![
                suggested(span(1, "quote", 0..20, &[])),
                suggested(span(2, "entity", 30..35, PER)),
                span(3, "entity", 40..45, PER),
                suggested(span(4, "entity", 50..55, PER)),
            ],
            vec![],
        ),
        set(
            "bob",
            vec![
                suggested(span(1, "quote", 0..20, &[])),
                suggested(span(2, "entity", 30..35, PER)),
                span(3, "entity", 40..45, PER),
                span(4, "entity", 50..55, PER),
            ],
            vec![],
        ),
    ]);
    let flags: Vec<(bool, bool)> = a
        .clusters
        .iter()
        .map(|c| (c.agreed, c.from_suggestions))
        .collect();
    assert_eq!(
        flags,
        [(true, true), (true, true), (true, false), (true, false)]
    );
    let mut g = gold();
    let edit = a
        .accept_agreed(&g, &never)
        .unwrap()
        .expect("the hand-made ones");
    edit.apply(&mut g).unwrap();
    let taken: Vec<Range<usize>> = g.annotations.iter().map(Annotation::range).collect();
    assert_eq!(
        taken,
        [40..45, 50..55],
        "suggested agreement is not taken on its own"
    );
    assert_eq!(
        a.open_disagreements(&g, &never),
        vec![0, 1],
        "it waits for a key"
    );
    // A key takes it, into gold without the mark.
    let first = a.clusters[0].clone();
    let decided = a.decide(&first, Choice::Take(0), &g).unwrap().unwrap();
    decided.apply(&mut g).unwrap();
    assert!(g.annotations.iter().all(|s| s.suggested.is_none()));
    assert_eq!(a.open_disagreements(&g, &never), vec![1]);
    // Turned on, it is taken like any agreement.
    a.take_suggested = true;
    assert!(a.open_disagreements(&g, &never).is_empty());
    let edit = a
        .accept_agreed(&g, &never)
        .unwrap()
        .expect("the suggested entity");
    edit.apply(&mut g).unwrap();
    assert_eq!(g.annotations.len(), 4);
}

#[test]
fn keys_take_a_version_the_union_or_nothing() {
    let a = three();
    let mut g = gold();
    // Take carol's (index 2) organisation.
    let c = &a.clusters[1];
    a.decide(c, Choice::Take(2), &g)
        .unwrap()
        .expect("changes")
        .apply(&mut g)
        .expect("applies");
    assert_eq!(g.annotations.len(), 1);
    assert_eq!(g.annotations[0].attribute("type"), Some("organization"));
    assert_eq!(g.annotations[0].annotators, ["carol"]);
    assert!(!a.is_open(c, &g, &never));
    // Changing one's mind: alice's version replaces it (bob has the same span).
    a.decide(c, Choice::Take(0), &g)
        .unwrap()
        .expect("changes")
        .apply(&mut g)
        .expect("applies");
    assert_eq!(g.annotations.len(), 1);
    assert_eq!(g.annotations[0].attribute("type"), Some("person"));
    assert_eq!(g.annotations[0].annotators, ["alice", "bob"]);
    // The union of a cluster whose versions have the same range keeps one span (the first
    // annotator's attributes: the set cannot hold the same span twice).
    let mut u = gold();
    a.decide(c, Choice::Union, &u)
        .unwrap()
        .expect("changes")
        .apply(&mut u)
        .expect("applies");
    assert_eq!(u.annotations.len(), 1);
    // Reject removes what gold had there, and the cluster is decided once its spans are
    // remembered as rejected.
    let claim = &a.clusters[2];
    let reject = a.decide(claim, Choice::Reject, &g).unwrap();
    assert!(reject.is_none(), "nothing in gold to remove");
    assert!(a.is_open(claim, &g, &never));
    let rejected = a.spans_of(claim);
    assert_eq!(rejected, vec![("claim".to_owned(), 30, 40)]);
    let is_rejected = |l: &str, s: usize, e: usize| rejected.contains(&(l.to_owned(), s, e));
    assert!(!a.is_open(claim, &g, &is_rejected));
    // Taking the version of an annotator who has no span there removes gold's.
    a.decide(&a.clusters[1], Choice::Take(0), &g).unwrap();
    let mut with_claim = g.clone();
    a.decide(claim, Choice::Take(1), &with_claim)
        .unwrap()
        .expect("changes")
        .apply(&mut with_claim)
        .expect("applies");
    assert!(with_claim.annotations.iter().any(|x| x.label == "claim"));
    a.decide(claim, Choice::Take(0), &with_claim)
        .unwrap()
        .expect("changes")
        .apply(&mut with_claim)
        .expect("applies");
    assert!(!with_claim.annotations.iter().any(|x| x.label == "claim"));
}

#[test]
fn relations_follow_the_version_taken_and_undo_restores_gold() {
    // Both link the quote to a speaker, but disagree on the speaker's boundaries.
    let a = Adjudication::new(vec![
        set(
            "alice",
            vec![
                span(1, "quote", 20..40, &[("form", "direct")]),
                span(2, "entity", 0..10, PER),
            ],
            vec![rel(3, "speaker", 1, 2)],
        ),
        set(
            "bob",
            vec![
                span(1, "quote", 20..40, &[("form", "direct")]),
                span(2, "entity", 4..10, PER),
            ],
            vec![rel(3, "speaker", 1, 2)],
        ),
    ]);
    // The quote's outgoing relation points at other spans: not agreed.
    assert!(a.clusters.iter().all(|c| !c.agreed));
    let mut g = gold();
    let quote = a
        .clusters
        .iter()
        .find(|c| c.label == "quote")
        .expect("quote");
    let entity = a
        .clusters
        .iter()
        .find(|c| c.label == "entity")
        .expect("entity");
    a.decide(quote, Choice::Take(0), &g)
        .unwrap()
        .expect("changes")
        .apply(&mut g)
        .expect("applies");
    assert!(g.relations.is_empty(), "the speaker is not in gold yet");
    let take_bob = a
        .decide(entity, Choice::Take(1), &g)
        .unwrap()
        .expect("changes");
    let before = g.clone();
    take_bob.apply(&mut g).expect("applies");
    // bob's speaker came in, and bob's link from the (equal) quote to it.
    let speaker = g
        .annotations
        .iter()
        .find(|x| x.label == "entity")
        .expect("speaker");
    assert_eq!(speaker.range(), 4..10);
    assert_eq!(g.relations.len(), 1);
    assert_eq!(g.relations[0].to, speaker.id);
    // Undo is the inverse edit: gold is as it was.
    take_bob.inverse().apply(&mut g).expect("undoes");
    assert_eq!(g, before);
}

#[test]
fn load_reads_every_annotator_but_gold() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = dir.path().join("story.txt");
    std::fs::write(&source, "Alice met Bob in Paris.").expect("write");
    for (name, range) in [("alice", 0..5), ("bob", 10..13), (GOLD, 17..22)] {
        let mut loaded = store::load(&source, Some(name)).expect("empty set");
        loaded.set.annotations.push(Annotation {
            text: loaded.article.slice(range.clone()).to_owned(),
            ..span(1, "entity", range, PER)
        });
        store::save(&loaded.annotation_path, &loaded.set).expect("save");
    }
    let a = Adjudication::load(&source).expect("loads");
    assert_eq!(a.annotators, ["alice", "bob"]);
    assert_eq!(a.clusters.len(), 2);
    // A set that cannot be read stops it, naming the file.
    std::fs::write(store::annotation_path(&source, Some("carol")), "garbage").expect("write");
    let err = Adjudication::load(&source)
        .expect_err("refused")
        .to_string();
    assert!(err.contains("story.txt.carol.annotations.ron"), "{err}");
}

#[test]
fn a_decision_that_needs_an_id_when_gold_has_none_left_is_refused_whole() {
    let a = three();
    let mut g = gold();
    g.annotations.push(span(u64::MAX, "claim", 50..55, &[]));
    g.sort();
    let c = &a.clusters[1];
    let err = a.decide(c, Choice::Take(2), &g).unwrap_err();
    assert!(err.to_string().contains("no id left"), "{err}");
    assert!(a.accept_agreed(&g, &never).is_err());
}
