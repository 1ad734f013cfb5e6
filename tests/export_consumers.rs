//! What each format's real consumer needs from our exports, checked on the mixed-script
//! article (flags, joined emoji, combining marks, CJK, Arabic, BOM + CRLF) and the sample
//! article: Label Studio's code-point offsets and task ids, spaCy's CoNLL document marker,
//! spaCy's rebuilding of a Doc from `jsonl --tokens`, attribute names a spreadsheet cannot run,
//! and the format document that the brat config and `--help` cite.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use press_annotate::export::{self, ExportOptions, Output};
use press_annotate::formats::Format;

fn manifest() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_owned()
}

fn golden_input() -> PathBuf {
    manifest().join("tests/golden/input")
}

/// Exports `inputs` to a string (a temporary file for the formats that need one).
fn export_text(options: &ExportOptions, inputs: &[PathBuf]) -> String {
    let mut out = Vec::new();
    let summary = export::run(options, inputs, Output::Writer(&mut out), &mut |_, _| {})
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(summary.problems(), 0, "{summary}");
    String::from_utf8(out).unwrap()
}

fn options(format: Format) -> ExportOptions {
    ExportOptions {
        format,
        ..ExportOptions::default()
    }
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn label_studio_offsets_are_code_points_as_its_front_end_and_sdk_count_them() {
    let json = export_text(
        &options(Format::LabelStudio),
        &[golden_input().join("mixed-scripts.txt")],
    );
    let tasks: serde_json::Value = serde_json::from_str(&json).unwrap();
    let task = &tasks[0];
    let text = task["data"]["text"].as_str().unwrap();
    let mut regions = 0;
    for result in task["annotations"][0]["result"].as_array().unwrap() {
        if result["type"] == "relation" {
            continue;
        }
        let value = &result["value"];
        let (start, end) = (
            value["start"].as_u64().unwrap() as usize,
            value["end"].as_u64().unwrap() as usize,
        );
        if result["type"] == "labels" {
            // Python's text[start:end], as label_studio_sdk's converter slices it.
            assert_eq!(chars(text, start, end), value["text"].as_str().unwrap());
            regions += 1;
        }
        if result["id"] == "8" {
            assert_eq!((start, end), (100, 113), "Angela Merkel in code points");
        }
    }
    assert_eq!(regions, 12);
}

#[test]
fn label_studio_tasks_have_stable_unique_integer_ids() {
    let both = export_text(&options(Format::LabelStudio), &[golden_input()]);
    let one = export_text(
        &options(Format::LabelStudio),
        &[golden_input().join("mixed-scripts.txt")],
    );
    let both: serde_json::Value = serde_json::from_str(&both).unwrap();
    let one: serde_json::Value = serde_json::from_str(&one).unwrap();
    let ids: Vec<u64> = both
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_u64().expect("an integer task id"))
        .collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    assert!(ids.iter().all(|&id| id > 0 && id < 1 << 53), "{ids:?}");
    // The same article gets the same id whatever else is exported with it.
    let mixed = both
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["data"]["doc_id"] == "mixed-scripts")
        .unwrap();
    assert_eq!(mixed["id"], one[0]["id"]);
}

#[test]
fn conll_articles_start_with_the_marker_spacy_and_conll_2003_use() {
    let conll = export_text(&options(Format::Conll), &[golden_input()]);
    let markers: Vec<&str> = conll
        .lines()
        .filter(|l| l.starts_with("-DOCSTART-"))
        .collect();
    assert_eq!(markers, ["-DOCSTART- -X- O O"; 2]);
    assert!(conll.starts_with("-DOCSTART- -X- O O\n\n"));
}

/// `spacy.tokens.Doc(vocab, words=[t["text"]...], spaces=[t["ws"]...])`: each token's text,
/// then one space where `ws` is true.
fn spacy_doc_text(tokens: &[serde_json::Value]) -> String {
    let mut out = String::new();
    for token in tokens {
        out += token["text"].as_str().unwrap();
        if token["ws"].as_bool().unwrap() {
            out += " ";
        }
    }
    out
}

#[test]
fn jsonl_tokens_rebuild_the_exact_text_and_every_span_aligns_strictly() {
    let options = ExportOptions {
        tokens: true,
        ..options(Format::Jsonl)
    };
    let jsonl = export_text(&options, &[golden_input()]);
    let mut spans = 0;
    for line in jsonl.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = record["text"].as_str().unwrap();
        let tokens = record["tokens"].as_array().unwrap();
        assert_eq!(spacy_doc_text(tokens), text, "{}", record["id"]);
        // Token offsets are where spaCy puts them.
        let mut at = 0;
        for (i, token) in tokens.iter().enumerate() {
            assert_eq!(token["id"], i);
            assert_eq!(token["start"], at);
            at += token["text"].as_str().unwrap().chars().count();
            assert_eq!(token["end"], at);
            if token["ws"].as_bool().unwrap() {
                at += 1;
            }
        }
        // Doc.char_span(start, end, alignment_mode="strict"): a token starts at `start`
        // and one ends at `end`; they are token_start and token_end.
        for span in record["spans"].as_array().unwrap() {
            let first = span["token_start"].as_u64().expect("token_start") as usize;
            let last = span["token_end"].as_u64().expect("token_end") as usize;
            assert_eq!(tokens[first]["start"], span["start"], "{span}");
            assert_eq!(tokens[last]["end"], span["end"], "{span}");
            spans += 1;
        }
    }
    assert_eq!(spans, 17);
}

#[test]
fn jsonl_tokens_keep_white_space_runs_and_span_edges_inside_words() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Kerry's  plan\n\nwas  \u{a0}new. ";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let mut doc =
        press_annotate::document::Document::open(&dir.path().join("a.txt"), None).unwrap();
    let none = std::collections::BTreeMap::new();
    doc.label_span(0..5, "claim", &none).unwrap(); // "Kerry" inside the word "Kerry's"
    doc.label_span(9..13, "claim", &none).unwrap(); // "plan"
    doc.label_span(12..16, "claim", &none).unwrap(); // "n\n\nw": edges inside words
    doc.label_span(18..19, "claim", &none).unwrap(); // " ": a space after "was"
    doc.save().unwrap();
    let options = ExportOptions {
        tokens: true,
        ..options(Format::Jsonl)
    };
    let jsonl = export_text(&options, &[dir.path().join("a.txt")]);
    let record: serde_json::Value = serde_json::from_str(jsonl.trim()).unwrap();
    let tokens = record["tokens"].as_array().unwrap();
    assert_eq!(spacy_doc_text(tokens), text);
    for span in record["spans"].as_array().unwrap() {
        let first = span["token_start"].as_u64().expect("token_start") as usize;
        let last = span["token_end"].as_u64().expect("token_end") as usize;
        assert_eq!(tokens[first]["start"], span["start"], "{span}");
        assert_eq!(tokens[last]["end"], span["end"], "{span}");
    }
    // One trailing space is `ws`; the rest of a white-space run is a token, as spaCy makes.
    let texts: Vec<(&str, bool)> = tokens
        .iter()
        .map(|t| (t["text"].as_str().unwrap(), t["ws"].as_bool().unwrap()))
        .collect();
    assert_eq!(texts[0], ("Kerry", false));
    assert!(texts.contains(&("\n\n", false)), "{texts:?}");
    assert!(
        !texts.iter().any(|(t, ws)| *ws && t.ends_with('\n')),
        "{texts:?}"
    );
}

#[test]
fn attribute_names_a_spreadsheet_would_run_are_refused_by_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Kerry met Lavrov.").unwrap();
    // A schema written by hand with a formula for an attribute name is refused, so it never
    // becomes a CSV column header (headers are neutralised like cells besides).
    let schema = press_annotate::schema::Schema::default().to_ron().replace(
        "Attribute(name: \"checkworthy\"",
        "Attribute(name: \"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"",
    );
    assert!(schema.contains("=HYPERLINK"));
    std::fs::write(dir.path().join("annotation-schema.ron"), schema).unwrap();
    let out = run(&["validate", "."], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("attribute name \"=HYPERLINK"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn the_brat_config_and_help_cite_the_format_document_in_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("brat");
    export::run(
        &options(Format::Brat),
        &[golden_input().join("mixed-scripts.txt")],
        Output::Path(out.clone()),
        &mut |_, _| {},
    )
    .unwrap();
    let conf = std::fs::read_to_string(out.join("annotation.conf")).unwrap();
    let help = stdout(&run(&["validate", "--help"], dir.path()));
    let readme = std::fs::read_to_string(manifest().join("README.md")).unwrap();
    for (what, text) in [("annotation.conf", &conf), ("validate --help", &help)] {
        assert!(text.contains("docs/FORMAT.md"), "{what}: {text}");
    }
    for text in [&conf, &help, &readme] {
        for word in text.split(|c: char| c.is_whitespace() || "`()[];,".contains(c)) {
            let word = word.trim_end_matches('.');
            if word.ends_with(".md") && word.contains('/') {
                assert!(
                    manifest().join(word).is_file(),
                    "{word} is cited but missing"
                );
            }
        }
    }
    assert!(readme.contains("docs/FORMAT.md"));
    assert!(manifest().join("docs/FORMAT.md").is_file());
}
