//! Export → import round trips, and the export and import commands on real files: what is
//! left out and why, exit codes, no overwriting without --force, unknown labels, CSV cells
//! made safe, re-anchoring before export.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use press_annotate::export::{self, ExportOptions, Format, Output};
use press_annotate::import::{self, ImportFormat, ImportOptions};
use press_annotate::model::AnnotationSet;
use press_annotate::store;

fn golden_input() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/input")
}

fn export_folder(format: Format, input: &Path, out: &Path) -> export::Summary {
    let options = ExportOptions {
        format,
        ..ExportOptions::default()
    };
    export::run(
        &options,
        &[input.to_owned()],
        Output::Path(out.to_owned()),
        &mut |_, _| {},
    )
    .unwrap()
}

fn loaded(source: &Path) -> AnnotationSet {
    let loaded = store::load(source, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(!loaded.report.source_changed);
    loaded.set
}

/// Exports both golden articles, imports them back, and compares every annotation and
/// relation (ids, labels, offsets, text, attributes, notes) with the original sets.
fn round_trip(export_format: Format, import_format: ImportFormat, carries_status: bool) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    let summary = export_folder(export_format, &golden_input(), &out);
    assert_eq!((summary.articles, summary.annotations), (2, 17));
    let into = dir.path().join("imported");
    let report = import::run(
        &ImportOptions {
            format: import_format,
            into: into.clone(),
            keep_unknown: false,
            force: false,
            annotator: None,
        },
        &[out],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.documents, 2);
    for article in ["kerry-lavrov-syria", "mixed-scripts"] {
        let original = loaded(&golden_input().join(format!("{article}.txt")));
        let imported = loaded(&into.join(format!("{article}.txt")));
        assert_eq!(imported.annotations, original.annotations, "{article}");
        assert_eq!(imported.relations, original.relations, "{article}");
        assert_eq!(imported.source.chars, original.source.chars);
        assert_eq!(imported.annotator, original.annotator);
        if carries_status {
            assert_eq!(imported.status, original.status);
        }
    }
    // The text is the source's, without the BOM.
    let source = std::fs::read(golden_input().join("mixed-scripts.txt")).unwrap();
    assert_eq!(
        std::fs::read(into.join("mixed-scripts.txt")).unwrap(),
        source[3..]
    );
}

#[test]
fn jsonl_round_trip_gives_back_the_same_annotations() {
    round_trip(Format::Jsonl, ImportFormat::Jsonl, true);
}

#[test]
fn doccano_round_trip_gives_back_the_same_annotations() {
    round_trip(Format::Doccano, ImportFormat::Doccano, true);
}

#[test]
fn label_studio_round_trip_gives_back_the_same_annotations() {
    round_trip(Format::LabelStudio, ImportFormat::LabelStudio, true);
}

#[test]
fn brat_round_trip_gives_back_the_same_annotations() {
    round_trip(Format::Brat, ImportFormat::Brat, false);
}

#[test]
fn cli_round_trip_and_no_overwrite_without_force() {
    let dir = sample_corpus();
    let out = run(
        &["export", "--format", "doccano", "--out", "out.jsonl", "."],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("exported 1 article, 5 annotations and 1 relation as doccano"),
        "{}",
        stderr(&out)
    );
    let import_args = [
        "import",
        "--format",
        "doccano",
        "out.jsonl",
        "--into",
        "imported",
    ];
    let first = run(&import_args, dir.path());
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let validate = run(&["validate", "imported"], dir.path());
    assert_eq!(validate.status.code(), Some(0), "{}", stdout(&validate));

    // Change an imported set by hand: a second import must not overwrite it.
    let set_path = dir
        .path()
        .join(format!("imported/{SAMPLE}.annotations.ron"));
    let edited = std::fs::read_to_string(&set_path)
        .unwrap()
        .replace("InProgress", "Done");
    std::fs::write(&set_path, &edited).unwrap();
    let before = snapshot(&dir.path().join("imported"));
    let second = run(&import_args, dir.path());
    assert_eq!(second.status.code(), Some(1));
    assert!(
        stderr(&second).contains("exists already; not overwriting it (use --force)"),
        "{}",
        stderr(&second)
    );
    assert!(stderr(&second).contains(&format!("{SAMPLE}.annotations.ron")));
    assert_eq!(snapshot(&dir.path().join("imported")), before);

    let mut forced_args = import_args.to_vec();
    forced_args.push("--force");
    let forced = run(&forced_args, dir.path());
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(
        std::fs::read_to_string(&set_path)
            .unwrap()
            .contains("InProgress")
    );
}

const UNKNOWN: &str = r#"{"text":"Lavrov met Kerry in Geneva.","entities":[{"id":1,"label":"PER","start_offset":0,"end_offset":6},{"id":2,"label":"EVENT","start_offset":7,"end_offset":10},{"id":3,"label":"GPE","start_offset":20,"end_offset":26}],"relations":[{"id":4,"from_id":2,"to_id":3,"type":"held-in"}],"doc_id":"geneva"}"#;

#[test]
fn unknown_labels_stop_the_import_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.jsonl"), format!("{UNKNOWN}\n")).unwrap();
    let out = run(
        &[
            "import", "--format", "doccano", "in.jsonl", "--into", "corpus",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for expected in [
        "label \"EVENT\" is not in the schema",
        "label \"GPE\" is not in the schema",
        "relation label \"held-in\" is not in the schema",
        "nothing was written",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    assert!(err.contains("in.jsonl"), "{err}");
    assert!(!dir.path().join("corpus").exists());
}

#[test]
fn keep_unknown_adds_them_to_a_schema_file_beside_the_articles() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.jsonl"), format!("{UNKNOWN}\n")).unwrap();
    let out = run(
        &[
            "import",
            "--format",
            "doccano",
            "in.jsonl",
            "--into",
            "corpus",
            "--keep-unknown",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out)
            .contains("added to the schema: label \"event\", label \"gpe\", relation \"held-in\""),
        "{}",
        stderr(&out)
    );
    let schema = std::fs::read_to_string(dir.path().join("corpus/annotation-schema.ron")).unwrap();
    assert!(schema.contains("Label(name: \"event\""), "{schema}");
    let loaded = store::load(&dir.path().join("corpus/geneva.txt"), None).unwrap();
    let labels: Vec<&str> = loaded
        .set
        .annotations
        .iter()
        .map(|a| a.label.as_str())
        .collect();
    assert_eq!(labels, ["entity", "event", "gpe"]);
    assert_eq!(loaded.set.relations[0].label, "held-in");
    let validate = run(&["validate", "corpus"], dir.path());
    assert_eq!(validate.status.code(), Some(0), "{}", stdout(&validate));
}

#[test]
fn bad_offsets_and_unsafe_ids_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        // 🇺 is two UTF-16 units: offset 1 falls inside it.
        r#"{"text":"🇺🇦 flag","entities":[{"id":1,"label":"MISC","start_offset":1,"end_offset":4}],"relations":[],"doc_id":"split"}"#,
        r#"{"text":"short","entities":[{"id":1,"label":"PER","start_offset":0,"end_offset":9}],"relations":[],"doc_id":"past"}"#,
        r#"{"text":"escape","entities":[],"relations":[],"doc_id":"../outside"}"#,
        r#"{"text":"fine","entities":[],"relations":[],"doc_id":"fine"}"#,
        "not json",
    ];
    std::fs::write(dir.path().join("in.jsonl"), lines.join("\n")).unwrap();
    let out = run(
        &[
            "import", "--format", "doccano", "in.jsonl", "--into", "corpus",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for expected in [
        "in.jsonl: line 1 (document \"split\"): span 1 (MISC): UTF-16 offset 1 falls inside a character",
        "line 2 (document \"past\"): span 1 (PER): offset 9 is past the end of the text (5 UTF-16 units)",
        "document id \"../outside\"",
        "in.jsonl:5:",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    assert!(!dir.path().join("corpus").exists());
    assert!(!dir.path().join("outside.txt").exists());
}

#[test]
fn brat_text_that_does_not_match_its_offsets_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let brat = dir.path().join("brat");
    std::fs::create_dir(&brat).unwrap();
    std::fs::write(brat.join("a.txt"), "Flag 🇺🇦 of Kyiv, Ukraine").unwrap();
    // UTF-16 offsets where brat wants code points: "Kyiv" is at 11..15, not 13..17.
    std::fs::write(brat.join("a.ann"), "T1\tLOC 13 17\tKyiv\n").unwrap();
    let out = run(
        &["import", "--format", "brat", "brat", "--into", "corpus"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("a.ann:1:1: T1: its text \"Kyiv\" does not match"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("corpus").exists());
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_made_safe() {
    let dir = tempfile::tempdir().unwrap();
    let text = "=HYPERLINK(\"http://x\") said +1 and -2 @home\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let mut doc =
        press_annotate::document::Document::open(&dir.path().join("a.txt"), None).unwrap();
    let claim = std::collections::BTreeMap::new();
    doc.label_span(0..22, "claim", &claim).unwrap();
    doc.label_span(28..30, "claim", &claim).unwrap();
    let id = doc.label_span(35..37, "claim", &claim).unwrap();
    doc.label_span(38..43, "claim", &claim).unwrap();
    doc.set_note(id, "=cmd|' /C calc'!A0").unwrap();
    doc.save().unwrap();
    let out = run(&["export", "--format", "csv", "a.txt"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let texts: Vec<&str> = rows.iter().map(|r| &r[6]).collect();
    assert_eq!(texts, ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@home"]);
    assert_eq!(&rows[2][10], "'=cmd|' /C calc'!A0");
    for row in &rows {
        for cell in row.iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
        }
    }
    // RFC 4180: CRLF row ends, quotes doubled.
    let raw = String::from_utf8(out.stdout).unwrap();
    assert!(raw.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{raw}");
    assert!(raw.ends_with("\r\n"));
}

#[test]
fn export_reanchors_changed_sources_and_leaves_orphans_out() {
    let dir = sample_corpus();
    let source = dir.path().join(SAMPLE);
    let text = std::fs::read_to_string(&source).unwrap();
    // Move everything by inserting a paragraph, and delete the claim's text.
    let changed = format!(
        "Breaking.\n\n{}",
        text.replace("Moscow cannot be trusted", "Moscow can be")
    );
    std::fs::write(&source, &changed).unwrap();
    let before = snapshot(dir.path());
    let out = run(&["export", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("exported 1 article, 4 annotations and 1 relation"),
        "{err}"
    );
    assert!(
        err.contains("re-anchored 1 set whose source changed (4 annotations moved)"),
        "{err}"
    );
    assert!(err.contains("1 orphan"), "{err}");
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let chars: Vec<char> = changed.chars().collect();
    for span in record["spans"].as_array().unwrap() {
        let (s, e) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[s..e].iter().collect();
        assert_eq!(slice, span["text"].as_str().unwrap());
    }
    assert_eq!(snapshot(dir.path()), before, "export changed a file");
}

#[test]
fn unreadable_sets_are_named_and_the_rest_is_exported() {
    let dir = sample_corpus();
    std::fs::write(dir.path().join("broken.txt"), "Some text.").unwrap();
    std::fs::write(
        dir.path().join("broken.txt.annotations.ron"),
        "AnnotationSet(",
    )
    .unwrap();
    std::fs::write(dir.path().join("plain.txt"), "No set here.").unwrap();
    let out = run(
        &["export", "--format", "jsonl", "--out", "o.jsonl", "."],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("exported 1 article"), "{err}");
    assert!(err.contains("1 article without an annotation set"), "{err}");
    assert!(err.contains("broken.txt.annotations.ron"), "{err}");
    let written = std::fs::read_to_string(dir.path().join("o.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 1);
}

#[test]
fn only_done_and_usage_errors() {
    let dir = sample_corpus();
    let out = run(&["export", "--only-done", "."], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("1 set not marked Done"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    let brat = run(&["export", "--format", "brat", "."], dir.path());
    assert_eq!(brat.status.code(), Some(2));
    assert!(stderr(&brat).contains("--out"), "{}", stderr(&brat));
    assert_eq!(
        run(
            &["export", "--format", "jsonl", "--layer", "quote", "."],
            dir.path()
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        run(&["export", "--tokens", "--format", "csv", "."], dir.path())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["export", "missing.txt"], dir.path()).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["export", "--format", "xml", "."], dir.path())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(
            &["import", "--format", "conll", "x", "--into", "y"],
            dir.path()
        )
        .status
        .code(),
        Some(2)
    );
    for command in ["export", "import"] {
        let help = run(&[command, "--help"], dir.path());
        assert_eq!(help.status.code(), Some(0));
        assert!(stdout(&help).contains("Usage"));
    }
}

#[test]
fn a_failed_export_leaves_no_partial_file() {
    let dir = sample_corpus();
    // The output's folder does not exist: nothing is written, and the error names the file.
    let out = run(
        &["export", "--out", "no/such/folder/o.jsonl", "."],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no/such/folder/o.jsonl"),
        "{}",
        stderr(&out)
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn progress_is_reported_for_every_article() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..5 {
        std::fs::write(dir.path().join(format!("a{i}.txt")), "Lavrov met Kerry.").unwrap();
        let mut doc =
            press_annotate::document::Document::open(&dir.path().join(format!("a{i}.txt")), None)
                .unwrap();
        doc.label_span(0..6, "entity", &Default::default()).unwrap();
        doc.save().unwrap();
    }
    let mut calls = Vec::new();
    let mut sink = Vec::new();
    let summary = export::run(
        &ExportOptions::default(),
        &[dir.path().to_owned()],
        Output::Writer(&mut sink),
        &mut |done, total| calls.push((done, total)),
    )
    .unwrap();
    assert_eq!(summary.articles, 5);
    assert_eq!(calls, (0..=5).map(|d| (d, 5)).collect::<Vec<_>>());
    assert_eq!(String::from_utf8(sink).unwrap().lines().count(), 5);
}

#[test]
fn brat_keeps_one_set_per_article_and_names_the_others() {
    let dir = sample_corpus();
    std::fs::copy(
        dir.path().join(format!("{SAMPLE}.annotations.ron")),
        dir.path().join(format!("{SAMPLE}.alice.annotations.ron")),
    )
    .unwrap();
    let alice = dir.path().join(format!("{SAMPLE}.alice.annotations.ron"));
    let text = std::fs::read_to_string(&alice)
        .unwrap()
        .replace("annotator: None", "annotator: Some(\"alice\")");
    std::fs::write(&alice, text).unwrap();
    let out = run(
        // The article named (a brat folder inside the corpus folder is refused).
        &["export", "--format", "brat", "--out", "brat", SAMPLE],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("brat holds one set per article"),
        "{}",
        stderr(&out)
    );
    let only_alice = run(
        &[
            "export",
            "--format",
            "brat",
            "--annotator",
            "alice",
            "--out",
            "brat2",
            SAMPLE,
        ],
        dir.path(),
    );
    assert_eq!(only_alice.status.code(), Some(0));
    assert!(
        !stderr(&only_alice).contains("skipped"),
        "{}",
        stderr(&only_alice)
    );
    // jsonl keeps both, each with its annotator; importing them writes both sets.
    let jsonl = run(&["export", "--out", "all.jsonl", "."], dir.path());
    assert_eq!(jsonl.status.code(), Some(0));
    let imported = run(
        &["import", "--format", "jsonl", "all.jsonl", "--into", "back"],
        dir.path(),
    );
    assert_eq!(imported.status.code(), Some(0), "{}", stderr(&imported));
    assert!(
        dir.path()
            .join(format!("back/{SAMPLE}.alice.annotations.ron"))
            .exists()
    );
    assert!(
        dir.path()
            .join(format!("back/{SAMPLE}.annotations.ron"))
            .exists()
    );
}

#[test]
fn garbage_inputs_are_refused_without_panics_or_writes() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, ImportFormat, &str); 8] = [
        (
            "a.jsonl",
            ImportFormat::Jsonl,
            "{\"id\": 1, \"text\": \"x\", \"spans\": [{\"id\": 1, \"start\": 5, \"end\": 2, \"label\": \"claim\"}]}",
        ),
        ("b.jsonl", ImportFormat::Jsonl, "[1, 2, 3]\n{}\n"),
        (
            "c.jsonl",
            ImportFormat::Doccano,
            "{\"text\": \"ab\", \"label\": [[0, 99999999999, \"PER\"]]}",
        ),
        (
            "d.json",
            ImportFormat::LabelStudio,
            "{\"data\": {\"text\": \"ab\"}, \"annotations\": [{\"result\": [{\"type\": \"labels\", \"id\": \"x\", \"value\": {\"start\": -1, \"end\": 2, \"labels\": [\"PER\"]}}]}]}",
        ),
        (
            "e.json",
            ImportFormat::LabelStudio,
            "[{\"data\": {\"text\": \"ab\"}, \"annotations\": [{\"result\": [{\"type\": \"relation\", \"from_id\": \"a\", \"to_id\": \"b\", \"labels\": [\"speaker\"]}]}]}]",
        ),
        ("f.json", ImportFormat::LabelStudio, "\"just a string\""),
        (
            "g.jsonl",
            ImportFormat::Doccano,
            "\u{feff}{\"text\": \"\\u0000\"}",
        ),
        (
            "h.jsonl",
            ImportFormat::Jsonl,
            "{\"id\": \"h\", \"text\": \"\\ufeffBOM\", \"spans\": []}",
        ),
    ];
    for (name, format, content) in cases {
        std::fs::write(dir.path().join(name), content).unwrap();
        let result = import::run(
            &ImportOptions {
                format,
                into: dir.path().join("out"),
                keep_unknown: true,
                force: false,
                annotator: None,
            },
            &[dir.path().join(name)],
        );
        let err = result.expect_err(name).to_string();
        assert!(
            err.contains(name) || err.contains("no document"),
            "{name}: {err}"
        );
        assert!(!dir.path().join("out").exists(), "{name} wrote something");
    }
    let brat = dir.path().join("brat");
    std::fs::create_dir(&brat).unwrap();
    std::fs::write(brat.join("x.txt"), "abc").unwrap();
    for ann in [
        "T1\tPER 2 1\tx",
        "T1\tPER a b\tabc",
        "X1 nonsense",
        "T1",
        "R1\tspeaker Arg1:T9 Arg2:T8",
        "A1\tform T7 direct",
    ] {
        std::fs::write(brat.join("x.ann"), ann).unwrap();
        let result = import::run(
            &ImportOptions {
                format: ImportFormat::Brat,
                into: dir.path().join("out"),
                keep_unknown: false,
                force: false,
                annotator: None,
            },
            std::slice::from_ref(&brat),
        );
        assert!(result.is_err(), "{ann}");
        assert!(!dir.path().join("out").exists());
    }
}

/// A gold set exported as jsonl keeps each span's provenance: the annotators whose sets hold
/// it (an annotator's own spans, with none, carry no such key).
#[test]
fn jsonl_export_of_a_gold_set_carries_each_span_s_annotators() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(assets().join(SAMPLE), dir.path().join(SAMPLE)).unwrap();
    let gold = example_set()
        .replace("format: 1", "format: 2")
        .replace("annotator: None", "annotator: Some(\"gold\")")
        .replacen(
            "attributes: {\"type\": \"person\"})",
            "attributes: {\"type\": \"person\"}, annotators: [\"alice\", \"bob\"])",
            1,
        );
    assert!(gold.contains("annotators: [\"alice\", \"bob\"]"), "{gold}");
    std::fs::write(
        store::annotation_path(&dir.path().join(SAMPLE), Some("gold")),
        &gold,
    )
    .unwrap();
    std::fs::write(
        store::annotation_path(&dir.path().join(SAMPLE), Some("alice")),
        example_set().replace("annotator: None", "annotator: Some(\"alice\")"),
    )
    .unwrap();
    let out = run(&["export", "--format", "jsonl", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let records: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let spans_of = |who: &str| {
        records.iter().find(|r| r["annotator"] == who).unwrap()["spans"]
            .as_array()
            .unwrap()
            .clone()
    };
    let gold_spans = spans_of("gold");
    let with: Vec<&serde_json::Value> = gold_spans
        .iter()
        .filter(|s| s.get("annotators").is_some())
        .collect();
    assert_eq!(with.len(), 1, "{gold_spans:?}");
    assert_eq!(with[0]["annotators"], serde_json::json!(["alice", "bob"]));
    assert!(
        spans_of("alice")
            .iter()
            .all(|s| s.get("annotators").is_none())
    );
}
