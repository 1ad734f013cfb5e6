//! `press-annotate validate` and `stats` on real files: the example of FORMAT.md is accepted,
//! each broken validity rule is refused with exit 1 and a message naming the file, and no
//! command ever changes a file.

mod common;

use common::*;

#[test]
fn validate_accepts_the_format_example_beside_the_sample_article() {
    let dir = sample_corpus();
    let out = run(&["validate", "."], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("checked 1 article and 1 annotation file: 0 problems, 0 warnings"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn validate_accepts_the_shipped_assets() {
    let out = run(
        &["validate", "assets"],
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn usage_errors_exit_2() {
    let dir = sample_corpus();
    assert_eq!(run(&["validate"], dir.path()).status.code(), Some(2));
    assert_eq!(
        run(&["validate", "nothing-here.txt"], dir.path())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate", "x"], dir.path()).status.code(), Some(2));
    let help = run(&["validate", "--help"], dir.path());
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("Usage"));
}

/// Writes `set` as the sample's annotation file (or `source` over the sample article), runs
/// validate, and checks exit 1, a message naming the file and containing `expect`, and that
/// every file is byte-identical afterwards.
fn refused(set: Option<&str>, source: Option<&[u8]>, file: &str, expect: &str) {
    let dir = sample_corpus();
    if let Some(set) = set {
        std::fs::write(dir.path().join(format!("{SAMPLE}.annotations.ron")), set).unwrap();
    }
    if let Some(source) = source {
        std::fs::write(dir.path().join(SAMPLE), source).unwrap();
    }
    let before = snapshot(dir.path());
    let out = run(&["validate", "."], dir.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    assert!(
        text.lines().any(|l| l.contains(file) && l.contains(expect)),
        "expected a line naming {file} with {expect:?}, got:\n{text}"
    );
    assert!(
        text.contains("1 problem") || text.contains("problems"),
        "{text}"
    );
    assert_eq!(snapshot(dir.path()), before, "validate changed a file");
}

fn broken(find: &str, replace: &str) -> String {
    let set = example_set();
    assert!(
        set.contains(find),
        "fixture text {find:?} not in the example"
    );
    set.replacen(find, replace, 1)
}

const SET_FILE: &str = "kerry-lavrov-syria.txt.annotations.ron";

#[test]
fn refuses_a_source_that_is_not_utf8() {
    let mut bytes = std::fs::read(assets().join(SAMPLE)).unwrap();
    bytes[200] = 0xff;
    refused(None, Some(&bytes), SAMPLE, "not valid UTF-8 at byte 200");
}

#[test]
fn refuses_a_binary_source() {
    refused(
        None,
        Some(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        SAMPLE,
        "binary file",
    );
}

#[test]
fn refuses_an_empty_annotation_file() {
    refused(Some(""), None, SET_FILE, "empty");
}

#[test]
fn refuses_a_truncated_annotation_file() {
    let set = example_set();
    refused(Some(&set[..set.len() / 2]), None, SET_FILE, "");
}

#[test]
fn refuses_a_file_that_is_not_ron() {
    refused(
        Some("{\"format\": 1, \"annotations\": []}"),
        None,
        &format!("{SET_FILE}:1:"),
        "",
    );
}

#[test]
fn refuses_a_newer_format() {
    refused(
        Some(&broken("format: 1,", "format: 3,")),
        None,
        SET_FILE,
        "newer version",
    );
}

#[test]
fn refuses_unknown_fields() {
    refused(
        Some(&broken(
            "status: InProgress,",
            "status: InProgress,\n    reviewer: \"bob\",",
        )),
        None,
        &format!("{SET_FILE}:10:"),
        "reviewer",
    );
}

#[test]
fn refuses_offsets_out_of_range() {
    refused(
        Some(&broken(
            "Annotation(id: 6, label: \"claim\", start: 1832, end: 1856",
            "Annotation(id: 6, label: \"claim\", start: 4000, end: 4024",
        )),
        None,
        &format!("{SET_FILE}:15:"),
        "past the end",
    );
}

#[test]
fn refuses_reversed_offsets() {
    refused(
        Some(&broken("start: 97, end: 107", "start: 107, end: 97")),
        None,
        &format!("{SET_FILE}:11:"),
        "not before end",
    );
}

#[test]
fn refuses_text_that_does_not_match_its_slice() {
    refused(
        Some(&broken("text: \"John Kerry\"", "text: \"John Kerrz\"")),
        None,
        &format!("{SET_FILE}:11:"),
        "does not match the source",
    );
}

#[test]
fn refuses_chars_that_disagree() {
    refused(
        Some(&broken("chars: 3208", "chars: 3209")),
        None,
        SET_FILE,
        "source has 3208 characters",
    );
}

#[test]
fn refuses_duplicate_ids() {
    refused(
        Some(&broken("Annotation(id: 2,", "Annotation(id: 1,")),
        None,
        &format!("{SET_FILE}:12:"),
        "duplicate id 1",
    );
}

#[test]
fn refuses_relations_to_missing_ids() {
    refused(
        Some(&broken("from: 3, to: 4", "from: 3, to: 40")),
        None,
        &format!("{SET_FILE}:18:"),
        "to 40 names no annotation",
    );
}

#[test]
fn refuses_unknown_labels() {
    refused(
        Some(&broken("label: \"claim\"", "label: \"rumour\"")),
        None,
        &format!("{SET_FILE}:15:"),
        "\"rumour\" is not in the schema",
    );
}

#[test]
fn refuses_unknown_attribute_values() {
    refused(
        Some(&broken("{\"type\": \"person\"}", "{\"type\": \"planet\"}")),
        None,
        &format!("{SET_FILE}:11:"),
        "cannot be \"planet\"",
    );
}

#[test]
fn refuses_an_annotator_that_disagrees_with_the_file_name() {
    refused(
        Some(&broken("annotator: None,", "annotator: Some(\"alice\"),")),
        None,
        SET_FILE,
        "file name says none",
    );
}

#[test]
fn refuses_a_set_whose_source_is_missing() {
    let dir = sample_corpus();
    std::fs::remove_file(dir.path().join(SAMPLE)).unwrap();
    let before = snapshot(dir.path());
    let out = run(&["validate", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(&format!("{SET_FILE}: its source")),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("is missing"));
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn refuses_absurdly_deep_nesting_without_crashing() {
    let deep = format!(
        "AnnotationSet(format: 1, source: {}{})",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    refused(Some(&deep), None, SET_FILE, "nesting deeper");
}

#[test]
fn a_changed_source_is_a_warning_with_the_reanchoring_report() {
    let dir = sample_corpus();
    let text = std::fs::read_to_string(dir.path().join(SAMPLE)).unwrap();
    // Insert a sentence before "John Kerry" and remove "one official".
    let changed = text
        .replacen("U.S. Secretary", "NEW SENTENCE. U.S. Secretary", 1)
        .replacen("one official said", "an aide said", 1);
    std::fs::write(dir.path().join(SAMPLE), changed).unwrap();
    let before = snapshot(dir.path());
    let out = run(&["validate", "."], dir.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("warning: the source changed since this set was saved; 4 annotations would move, 1 would become an orphan"),
        "{text}"
    );
    assert_eq!(
        snapshot(dir.path()),
        before,
        "validate must never change a file"
    );
}

#[test]
fn a_broken_schema_is_reported_and_not_replaced_by_the_default() {
    let dir = sample_corpus();
    std::fs::write(
        dir.path().join("annotation-schema.ron"),
        "Schema(format: 1, labels: [",
    )
    .unwrap();
    let out = run(&["validate", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("annotation-schema.ron:1:"),
        "{}",
        stdout(&out)
    );
}

/// A schema key the window keeps for itself (`r` links) could never label: `validate` names
/// the schema file and says why.
#[test]
fn a_schema_key_the_window_takes_is_reported_with_the_reason() {
    let dir = sample_corpus();
    let mut schema = press_annotate::schema::Schema::default();
    schema.keys[0].key = 'r';
    std::fs::write(dir.path().join("annotation-schema.ron"), schema.to_ron()).unwrap();
    let out = run(&["validate", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("annotation-schema.ron"), "{text}");
    assert!(
        text.contains("key 'r' is taken by the window (it links the selected span)"),
        "{text}"
    );
}

#[test]
fn a_folder_schema_with_its_own_labels_is_in_force() {
    let dir = sample_corpus();
    let schema = "Schema(format: 1, labels: [Label(name: \"entity\", color: \"#3aa655\", attributes: [Attribute(name: \"type\", values: [\"person\"])])])";
    std::fs::write(dir.path().join("annotation-schema.ron"), schema).unwrap();
    let out = run(&["validate", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("label \"quote\" is not in the schema"),
        "{text}"
    );
    assert!(
        text.contains("label \"claim\" is not in the schema"),
        "{text}"
    );
}

#[test]
fn non_ascii_bom_crlf_articles_validate_with_exact_offsets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mixed.txt"), MIXED_ARTICLE).unwrap();
    let text: String = MIXED_ARTICLE.trim_start_matches('\u{feff}').to_owned();
    let chars: Vec<char> = text.chars().collect();
    let find = |needle: &str| {
        let byte = text.find(needle).unwrap();
        let start = text[..byte].chars().count();
        (start, start + needle.chars().count())
    };
    let sha = {
        use sha2::Digest;
        let d = sha2::Sha256::digest(MIXED_ARTICLE.as_bytes());
        d.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let mut lines = Vec::new();
    for (id, needle, label) in [
        (1, "🇺🇦🇯🇵", "claim"),
        (2, "👨\u{200d}👩\u{200d}👧", "claim"),
        (3, "cafe\u{301}", "claim"),
        (4, "東京の記者", "entity"),
        (5, "مرحبا بالعالم", "quote"),
        (6, "習近平", "entity"),
        (7, "Berlin.\r\n", "claim"),
    ] {
        let (start, end) = find(needle);
        lines.push(format!(
            "        Annotation(id: {id}, label: \"{label}\", start: {start}, end: {end}, text: {}),",
            press_annotate::canonical::quote(needle)
        ));
    }
    let set = format!(
        "AnnotationSet(\n    format: 1,\n    source: Source(\n        file: \"mixed.txt\",\n        sha256: \"{sha}\",\n        chars: {},\n    ),\n    annotator: Some(\"alice\"),\n    status: Todo,\n    annotations: [\n{}\n    ],\n    relations: [],\n    orphans: [],\n)\n",
        chars.len(),
        lines.join("\n")
    );
    std::fs::write(dir.path().join("mixed.txt.alice.annotations.ron"), &set).unwrap();
    let out = run(&["validate", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // Shift one offset by a single char: refused.
    let (start, end) = find("習近平");
    let bad = set.replace(
        &format!("start: {start}, end: {end}"),
        &format!("start: {}, end: {}", start + 1, end + 1),
    );
    std::fs::write(dir.path().join("mixed.txt.alice.annotations.ron"), &bad).unwrap();
    let out = run(&["validate", "mixed.txt"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("does not match the source"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn stats_counts_statuses_labels_attributes_and_relations() {
    let dir = sample_corpus();
    std::fs::write(dir.path().join("other.md"), "An unlabeled article.").unwrap();
    let out = run(&["stats", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("articles: 2 (Todo 1, In progress 1, Done 0)"),
        "{text}"
    );
    assert!(text.contains("annotations: 5"), "{text}");
    assert!(text.contains("  entity: 3"), "{text}");
    assert!(text.contains("    type: person 3"), "{text}");
    assert!(text.contains("  speaker: 1"), "{text}");
    let json = run(&["stats", ".", "--json"], dir.path());
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["annotations_by_label"]["quote"], 1);
    assert_eq!(value["attribute_values"]["claim"]["checkworthy"]["yes"], 1);
    assert_eq!(value["sets_by_status"]["InProgress"], 1);
    assert_eq!(value["articles"], 2);
    assert_eq!(value["sets"], 2);
    // The dataset summary: speaker and claimer coverage, density, per annotator.
    assert_eq!(value["words"], 530 + 3);
    let density = value["spans_per_1000_words"].as_f64().unwrap();
    assert!((density - 5.0 * 1000.0 / 533.0).abs() < 1e-9, "{density}");
    assert_eq!(value["quote_speakers"]["with"], 1);
    assert_eq!(value["quote_speakers"]["without"], 0);
    assert_eq!(value["claim_claimers"]["with"], 0);
    assert_eq!(value["claim_claimers"]["without"], 1);
    assert_eq!(value["by_annotator"][""]["articles"], 2);
    assert_eq!(value["by_annotator"][""]["annotations"], 5);
    assert!(text.contains("quotes with a speaker: 1 of 1"), "{text}");
    assert!(text.contains("claims with a claimer: 0 of 1"), "{text}");
}
