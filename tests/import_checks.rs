//! What import accepts and refuses, format by format: Label Studio offsets in code points and
//! in the UTF-16 units of older exports, ids that leave no room for fresh ones, attribute
//! names `--keep-unknown` must not add, and inputs that hold no document.

mod common;

use common::*;

fn task(regions: &str) -> String {
    format!(
        r#"[{{"id":7,"data":{{"text":"Flags 🇺🇦 and Kyiv, Ukraine","doc_id":"kyiv"}},"annotations":[{{"result":[{regions}]}}]}}]"#
    )
}

fn region(id: u32, start: usize, end: usize, text: &str) -> String {
    format!(
        r#"{{"id":"{id}","from_name":"label","to_name":"text","type":"labels","value":{{"start":{start},"end":{end},"text":"{text}","labels":["LOC"]}}}}"#
    )
}

#[test]
fn label_studio_import_reads_code_points_and_older_utf16_exports_region_by_region() {
    let dir = tempfile::tempdir().unwrap();
    // "Kyiv" is 13..17 in code points (what Label Studio writes now) and 15..19 in UTF-16
    // units (what older exports, ours included, wrote); "Ukraine" is 19..26 / 21..28.
    let regions = [region(1, 13, 17, "Kyiv"), region(2, 21, 28, "Ukraine")].join(",");
    std::fs::write(dir.path().join("in.json"), task(&regions)).unwrap();
    let out = run(
        &[
            "import",
            "--format",
            "label-studio",
            "in.json",
            "--into",
            "corpus",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let loaded = press_annotate::store::load(&dir.path().join("corpus/kyiv.txt"), None).unwrap();
    let spans: Vec<(usize, usize, &str)> = loaded
        .set
        .annotations
        .iter()
        .map(|a| (a.start, a.end, a.text.as_str()))
        .collect();
    assert_eq!(spans, [(13, 17, "Kyiv"), (19, 26, "Ukraine")]);
}

#[test]
fn a_label_studio_region_whose_text_matches_neither_unit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let regions = [region(1, 13, 17, "Kyiv"), region(2, 3, 8, "Ukraine")].join(",");
    std::fs::write(dir.path().join("in.json"), task(&regions)).unwrap();
    let out = run(
        &[
            "import",
            "--format",
            "label-studio",
            "in.json",
            "--into",
            "corpus",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("in.json"), "{err}");
    assert!(
        err.contains("region 2") && err.contains("\"Ukraine\"") && err.contains("UTF-16"),
        "{err}"
    );
    assert!(!dir.path().join("corpus").exists());
}

#[test]
fn a_brat_id_that_leaves_no_room_for_fresh_ids_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let brat = dir.path().join("brat");
    std::fs::create_dir(&brat).unwrap();
    std::fs::write(brat.join("a.txt"), "Kerry met Lavrov.").unwrap();
    // T1 twice: the second needs a fresh id above the largest, which is u64::MAX.
    std::fs::write(
        brat.join("a.ann"),
        "T18446744073709551615\tPER 0 5\tKerry\nT1\tPER 10 16\tLavrov\nT1\tPER 0 5\tKerry\n",
    )
    .unwrap();
    let out = run(
        &["import", "--format", "brat", "brat", "--into", "corpus"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("T18446744073709551615"), "{err}");
    assert!(err.contains("no room"), "{err}");
    assert!(!err.contains("id 0"), "{err}");
    assert!(!dir.path().join("corpus").exists());

    // Alone, the largest id still leaves no room for the next annotation made in the window.
    std::fs::write(
        brat.join("a.ann"),
        "T18446744073709551615\tPER 0 5\tKerry\n",
    )
    .unwrap();
    let out = run(
        &["import", "--format", "brat", "brat", "--into", "corpus"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("T18446744073709551615"));
}

#[test]
fn keep_unknown_does_not_add_an_attribute_name_a_spreadsheet_would_run() {
    let dir = tempfile::tempdir().unwrap();
    let line = r#"{"text":"Kerry met Lavrov.","entities":[{"id":1,"label":"PER","start_offset":0,"end_offset":5,"attributes":{"=HYPERLINK(\"http://x\",\"y\")":"1"}}],"relations":[],"doc_id":"a"}"#;
    std::fs::write(dir.path().join("in.jsonl"), format!("{line}\n")).unwrap();
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
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("=HYPERLINK"), "{}", stderr(&out));
    assert!(!dir.path().join("corpus").exists());
}

#[test]
fn an_input_that_holds_no_document_exits_1_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.jsonl"), "\n").unwrap();
    let out = run(
        &[
            "import",
            "--format",
            "jsonl",
            "empty.jsonl",
            "--into",
            "corpus",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("empty.jsonl: holds no document"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("corpus").exists());
}
