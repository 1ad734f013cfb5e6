//! Property tests of the core: any sequence of edits undoes back to the start and redoes to
//! the end; save → load gives back the same set and the same bytes; re-anchoring after any
//! change to the article never loses an annotation.

use std::collections::BTreeMap;

use proptest::prelude::*;

use press_annotate::canonical::{parse_canonical, ron_options};
use press_annotate::document::Document;
use press_annotate::model::AnnotationSet;
use press_annotate::model::Status;
use press_annotate::reanchor::reanchor;
use press_annotate::rules;
use press_annotate::store;
use press_annotate::text::Article;

const WORDS: &[&str] = &[
    "Kerry",
    "Lavrov",
    "東京",
    "🇺🇦",
    "cafe\u{301}",
    "مرحبا",
    "said",
    "the",
    "\r\n",
    "talks",
    "👨\u{200d}👩\u{200d}👧",
];

fn article_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 5..60).prop_map(|w| w.join(" "))
}

#[derive(Clone, Debug)]
enum Op {
    Label(usize, usize, usize),
    Delete(usize),
    Attribute(usize, usize),
    Note(usize, String),
    Relabel(usize, usize),
    Relate(usize, usize),
    Unrelate(usize),
    Status(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..400usize, 1..30usize, 0..6usize).prop_map(|(s, l, k)| Op::Label(s, l, k)),
        1 => (0..50usize).prop_map(Op::Delete),
        1 => (0..50usize, 0..4usize).prop_map(|(i, v)| Op::Attribute(i, v)),
        1 => (0..50usize, "[a-z é\"\\\\]{0,8}").prop_map(|(i, n)| Op::Note(i, n)),
        1 => (0..50usize, 0..3usize).prop_map(|(i, l)| Op::Relabel(i, l)),
        1 => (0..50usize, 0..50usize).prop_map(|(a, b)| Op::Relate(a, b)),
        1 => (0..50usize).prop_map(Op::Unrelate),
        1 => (0..3usize).prop_map(Op::Status),
    ]
}

fn open(text: &str) -> (tempfile::TempDir, Document) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, text).unwrap();
    let doc = Document::open(&path, None).unwrap();
    (dir, doc)
}

/// Applies an op; ops that do not fit the current state are refused by the core and ignored.
fn apply(doc: &mut Document, op: &Op) {
    let ids: Vec<u64> = doc.set().annotations.iter().map(|a| a.id).collect();
    let pick = |i: usize| (!ids.is_empty()).then(|| ids[i % ids.len()]);
    let keys = doc.schema.keys.clone();
    match op {
        Op::Label(start, len, key) => {
            let n = doc.article.len_chars();
            let start = start % n.max(1);
            let end = (start + len).min(n);
            let key = &keys[key % keys.len()];
            let _ = doc.label_span(start..end, &key.label.clone(), &key.attributes.clone());
        }
        Op::Delete(i) => {
            if let Some(id) = pick(*i) {
                doc.delete(id).unwrap();
            }
        }
        Op::Attribute(i, v) => {
            if let Some(id) = pick(*i) {
                let label = doc.annotation(id).unwrap().label.clone();
                let attribute = doc.schema.label(&label).unwrap().attributes[0].clone();
                let value = &attribute.values[v % attribute.values.len()];
                doc.set_attribute(id, &attribute.name, value).unwrap();
            }
        }
        Op::Note(i, note) => {
            if let Some(id) = pick(*i) {
                doc.set_note(id, note).unwrap();
            }
        }
        Op::Relabel(i, l) => {
            if let Some(id) = pick(*i) {
                let label = doc.schema.labels[l % doc.schema.labels.len()].name.clone();
                let _ = doc.relabel(id, &label);
            }
        }
        Op::Relate(a, b) => {
            if let (Some(from), Some(to)) = (pick(*a), pick(*b)) {
                // A relation label whose ends fit these two annotations links them; with
                // none, the core refuses the link.
                let label_of = |id| doc.annotation(id).unwrap().label.clone();
                let (from_label, to_label) = (label_of(from), label_of(to));
                let fitting = doc
                    .schema
                    .relations
                    .iter()
                    .map(|r| r.name.clone())
                    .find(|name| {
                        rules::relation_ends(&doc.schema, name, &from_label, &to_label).is_ok()
                    });
                match fitting {
                    Some(name) => {
                        doc.relate(&name, from, to).unwrap();
                    }
                    None => {
                        assert!(doc.relate("speaker", from, to).is_err());
                    }
                }
            }
        }
        Op::Unrelate(i) => {
            let relations: Vec<u64> = doc.set().relations.iter().map(|r| r.id).collect();
            if !relations.is_empty() {
                doc.unrelate(relations[i % relations.len()]).unwrap();
            }
        }
        Op::Status(s) => doc.set_status(Status::ALL[*s]).unwrap(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_edit_sequence_undoes_to_the_start_and_redoes_to_the_end(
        text in article_text(),
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let (_dir, mut doc) = open(&text);
        let start = doc.set().clone();
        for op in &ops {
            apply(&mut doc, op);
        }
        let end = doc.set().clone();
        while doc.undo().unwrap() {}
        prop_assert_eq!(doc.set(), &start);
        while doc.redo().unwrap() {}
        prop_assert_eq!(doc.set(), &end);
    }

    #[test]
    fn save_then_load_gives_back_the_same_set_and_bytes(
        text in article_text(),
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let (_dir, mut doc) = open(&text);
        for op in &ops {
            apply(&mut doc, op);
        }
        doc.save().unwrap();
        let bytes = std::fs::read(&doc.annotation_path).unwrap();
        let loaded = store::load(&doc.source_path, None).unwrap();
        prop_assert_eq!(&loaded.set.annotations, &doc.set().annotations);
        prop_assert_eq!(&loaded.set.relations, &doc.set().relations);
        prop_assert_eq!(loaded.set.status, doc.set().status);
        store::save(&doc.annotation_path, &loaded.set).unwrap();
        prop_assert_eq!(std::fs::read(&doc.annotation_path).unwrap(), bytes);
    }

    #[test]
    fn reanchoring_never_loses_an_annotation(
        text in article_text(),
        ops in prop::collection::vec(op(), 1..30),
        cut in 0..400usize,
        cut_len in 0..40usize,
        insert in article_text(),
    ) {
        let (_dir, mut doc) = open(&text);
        for op in &ops {
            apply(&mut doc, op);
        }
        let mut set = doc.set().clone();
        let before: BTreeMap<u64, String> = set
            .annotations
            .iter()
            .chain(&set.orphans)
            .map(|a| (a.id, a.text.clone()))
            .collect();
        let chars: Vec<char> = text.chars().collect();
        let cut = cut % (chars.len() + 1);
        let cut_end = (cut + cut_len).min(chars.len());
        let changed: String = chars[..cut].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(chars[cut_end..].iter()).collect();
        let article = Article::new(changed);
        reanchor(&mut set, &article, "0000000000000000000000000000000000000000000000000000000000000000");
        let after: BTreeMap<u64, String> = set
            .annotations
            .iter()
            .chain(&set.orphans)
            .map(|a| (a.id, a.text.clone()))
            .collect();
        prop_assert_eq!(before, after);
        for a in &set.annotations {
            prop_assert_eq!(article.slice(a.range()), a.text.as_str());
        }
    }

    #[test]
    fn the_fast_parse_gives_what_the_whole_file_parse_gives(
        text in article_text(),
        ops in prop::collection::vec(op(), 1..40),
        change in 0..7usize,
        at in any::<prop::sample::Index>(),
        inserted in "[ ,()\\[\\]a-z0-9:/\"\n]{1,3}",
    ) {
        let (_dir, mut doc) = open(&text);
        for op in &ops {
            apply(&mut doc, op);
        }
        doc.save().unwrap();
        let file = std::fs::read_to_string(&doc.annotation_path).unwrap();
        let whole = |text: &str| ron_options().from_str::<AnnotationSet>(text).ok();
        if !doc.set().annotations.is_empty() {
            // Files as press-annotate writes them take the fast path.
            prop_assert_eq!(parse_canonical(&file), whole(&file));
        }
        // Files changed by hand: wherever the fast path reads one, it reads what the whole
        // file parse reads, and the loader agrees with the whole file parse either way.
        let lines: Vec<&str> = file.lines().collect();
        let i = at.index(lines.len());
        let mut changed: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        match change {
            0 => changed[i].push_str(" // a comment"),
            1 if i + 1 < changed.len() => {
                let next = changed.remove(i + 1);
                changed[i].push_str(&next);
            }
            2 if i + 1 < changed.len() => changed.swap(i, i + 1),
            3 => changed[i] = changed[i].replacen("id: ", "id:  ", 1),
            4 => changed[i].push('\r'),
            5 => {
                let cut = at.index(changed[i].len() + 1);
                if changed[i].is_char_boundary(cut) {
                    changed[i].insert_str(cut, &inserted);
                }
            }
            _ => changed.insert(i, "    // a comment line".to_owned()),
        }
        let variant = changed.join("\n") + "\n";
        if let Some(fast) = parse_canonical(&variant) {
            prop_assert_eq!(Some(fast), whole(&variant));
        }
        let path = std::path::Path::new("a.txt.annotations.ron");
        let readable = whole(&variant).filter(|set| set.format <= 1);
        prop_assert_eq!(store::parse_set(path, &variant).ok(), readable);
    }
}

/// Grapheme cluster boundaries of `text`, in chars, found independently of the article.
fn grapheme_boundaries(text: &str) -> std::collections::BTreeSet<usize> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut at = 0;
    let mut out = std::collections::BTreeSet::from([0]);
    for g in text.graphemes(true) {
        at += g.chars().count();
        out.insert(at);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the user drags, double-clicks or extends over (emoji sequences, flags,
    /// combining marks, CJK, RTL, CRLF), the selection starts and ends on grapheme cluster
    /// boundaries and holds what was asked for.
    #[test]
    fn every_selection_the_view_makes_is_whole_graphemes(
        text in article_text(),
        a in 0usize..400,
        b in 0usize..400,
    ) {
        let article = Article::new(text.clone());
        let len = article.len_chars();
        let boundaries = grapheme_boundaries(article.text());
        let (a, b) = (a % (len + 1), b % (len + 1));
        let asked = a.min(b)..a.max(b);
        for got in [
            article.snap_to_graphemes(asked.clone()),
            article.snap_to_words(asked.clone()),
            article.word_at(a.min(len.saturating_sub(1))),
        ] {
            prop_assert!(boundaries.contains(&got.start), "{got:?} starts inside a cluster of {text:?}");
            prop_assert!(boundaries.contains(&got.end), "{got:?} ends inside a cluster of {text:?}");
        }
        let snapped = article.snap_to_graphemes(asked.clone());
        prop_assert!(snapped.start <= asked.start && snapped.end >= asked.end);
    }
}
