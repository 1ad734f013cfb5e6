//! Our EntityRuler-style matcher against spaCy's own output: `tests/suggest-patterns/
//! spacy-entities.jsonl` is what spaCy 3.8's `entity_ruler` (on `spacy.blank("en")`) finds
//! with `tests/suggest-patterns/patterns.jsonl` in the gold articles and
//! `tests/suggest-patterns/features.txt`; `scripts/check-exports.sh` checks the same against
//! spaCy itself and writes that file again. Here the comparison runs without Python.

use std::collections::BTreeSet;
use std::path::Path;

use press_annotate::schema::Schema;
use press_annotate::suggest::{Rejections, Sources, Suggester, SuggestionSource, load_patterns};
use press_annotate::text::Article;

#[test]
fn the_matcher_finds_what_spacys_entity_ruler_finds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let patterns = load_patterns(&root.join("suggest-patterns/patterns.jsonl")).unwrap();
    let suggester = Suggester::new(&Schema::default(), Some(patterns));
    let expected_text =
        std::fs::read_to_string(root.join("suggest-patterns/spacy-entities.jsonl")).unwrap();
    let mut expected = BTreeSet::new();
    for line in expected_text.lines() {
        let j: serde_json::Value = serde_json::from_str(line).unwrap();
        expected.insert((
            j["article"].as_str().unwrap().to_owned(),
            j["start"].as_u64().unwrap() as usize,
            j["end"].as_u64().unwrap() as usize,
            j["type"].as_str().unwrap().to_owned(),
        ));
    }
    let mut ours = BTreeSet::new();
    for dir in ["suggest-gold", "suggest-patterns"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let article = Article::new(std::fs::read_to_string(&path).unwrap());
            let set = press_annotate::model::AnnotationSet::new(
                press_annotate::model::Source {
                    file: "x.txt".into(),
                    sha256: String::new(),
                    chars: article.len_chars(),
                },
                None,
            );
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            for s in suggester.suggest(
                &article,
                &set,
                &Sources::only(&[SuggestionSource::Patterns]),
                &Rejections::default(),
            ) {
                ours.insert((name.clone(), s.start, s.end, s.attributes["type"].clone()));
            }
        }
    }
    let missing: Vec<_> = expected.difference(&ours).collect();
    let extra: Vec<_> = ours.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "spaCy only: {missing:?}\nours only: {extra:?}"
    );
    assert!(expected.len() > 60, "{}", expected.len());
}
