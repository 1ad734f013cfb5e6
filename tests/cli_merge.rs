//! `press-annotate merge BASE OURS THEIRS` as Git runs it (temporary files for the three
//! versions, `--out %A --path %P`): a clean merge exits 0 with both sides' changes, a conflict
//! exits 1 with the merged set written and the conflict recorded beside the real set (which
//! `validate` then reports), and unreadable or mismatched inputs exit 2 with nothing written.

mod common;

use std::path::Path;

use common::*;

const SET: &str = "kerry-lavrov-syria.txt.annotations.ron";

/// The example set with `edit` applied to its text.
fn edited(edit: impl Fn(&str) -> String) -> String {
    edit(&example_set())
}

fn note_on_kerry(note: &str) -> String {
    edited(|s| {
        s.replace(
            r#"text: "John Kerry", attributes: {"type": "person"})"#,
            &format!(
                r#"text: "John Kerry", attributes: {{"type": "person"}}, note: Some("{note}"))"#
            ),
        )
    })
}

/// Writes Git's three temporary files into `dir`.
fn versions(dir: &Path, base: &str, ours: &str, theirs: &str) {
    std::fs::write(dir.join(".merge_file_base"), base).unwrap();
    std::fs::write(dir.join(".merge_file_ours"), ours).unwrap();
    std::fs::write(dir.join(".merge_file_theirs"), theirs).unwrap();
}

fn driver(dir: &Path) -> std::process::Output {
    run(
        &[
            "merge",
            ".merge_file_base",
            ".merge_file_ours",
            ".merge_file_theirs",
            "--out",
            ".merge_file_ours",
            "--path",
            SET,
        ],
        dir,
    )
}

#[test]
fn a_clean_merge_takes_both_sides_and_exits_0() {
    let dir = sample_corpus();
    let theirs = edited(|s| {
        s.replace("status: InProgress", "status: Done").replace(
            "    ],\n    relations",
            "        Annotation(id: 7, label: \"entity\", start: 3034, end: 3039, text: \"Kerry\", attributes: {\"type\": \"person\"}),\n    ],\n    relations",
        )
    });
    versions(dir.path(), &example_set(), &note_on_kerry("US"), &theirs);
    let out = driver(dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("+1 annotation, status Done"),
        "{}",
        stderr(&out)
    );
    let merged = std::fs::read_to_string(dir.path().join(".merge_file_ours")).unwrap();
    assert!(merged.contains("note: Some(\"US\")"), "{merged}");
    assert!(
        merged.contains("id: 7,") && merged.contains("status: Done"),
        "{merged}"
    );
    assert!(
        !dir.path()
            .join("kerry-lavrov-syria.txt.conflicts.ron")
            .exists()
    );
    // Git then moves %A into place; the set is valid.
    std::fs::write(dir.path().join(SET), merged).unwrap();
    let out = run(&["validate", SET], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_conflict_is_written_recorded_and_reported_by_validate_exit_1() {
    let dir = sample_corpus();
    versions(
        dir.path(),
        &example_set(),
        &note_on_kerry("ours"),
        &note_on_kerry("theirs"),
    );
    let out = driver(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{SET}: conflict: annotation 1:")),
        "{err}"
    );
    assert!(err.contains("1 conflict(s), recorded in"), "{err}");
    let merged = std::fs::read_to_string(dir.path().join(".merge_file_ours")).unwrap();
    assert_eq!(merged, note_on_kerry("ours"), "the merged set holds ours");
    let recorded =
        std::fs::read_to_string(dir.path().join("kerry-lavrov-syria.txt.conflicts.ron")).unwrap();
    assert!(recorded.contains("note: Some(\"theirs\")"), "{recorded}");
    assert!(recorded.starts_with("MergeConflicts("), "{recorded}");

    // The same merge again records nothing twice.
    versions(
        dir.path(),
        &example_set(),
        &note_on_kerry("ours"),
        &note_on_kerry("theirs"),
    );
    assert_eq!(driver(dir.path()).status.code(), Some(1));
    let again =
        std::fs::read_to_string(dir.path().join("kerry-lavrov-syria.txt.conflicts.ron")).unwrap();
    assert_eq!(again, recorded);

    let out = run(&["validate", "."], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(&format!("{SET}: 1 unresolved merge conflict, recorded in")),
        "{}",
        stdout(&out)
    );
}

#[test]
fn without_out_ours_is_merged_in_place_and_an_empty_base_means_both_added() {
    let dir = sample_corpus();
    std::fs::write(dir.path().join("base"), "").unwrap();
    std::fs::write(dir.path().join(SET), note_on_kerry("US")).unwrap();
    let theirs = edited(|s| {
        s.replace(
            "    ],\n    relations",
            "        Annotation(id: 7, label: \"entity\", start: 3034, end: 3039, text: \"Kerry\", attributes: {\"type\": \"person\"}),\n    ],\n    relations",
        )
    });
    std::fs::write(dir.path().join("theirs"), theirs).unwrap();
    let out = run(&["merge", "base", SET, "theirs"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let merged = std::fs::read_to_string(dir.path().join(SET)).unwrap();
    // Added on both sides: the same spans are one, with ours' note; theirs' new one is added.
    assert!(merged.contains("note: Some(\"US\")"), "{merged}");
    assert_eq!(merged.matches("Annotation(").count(), 6, "{merged}");
    assert!(merged.contains("status: InProgress"), "{merged}");
}

#[test]
fn unreadable_or_mismatched_inputs_exit_2_and_write_nothing() {
    let dir = sample_corpus();
    versions(
        dir.path(),
        &example_set(),
        &example_set(),
        "AnnotationSet(format: 1,",
    );
    let before = snapshot(dir.path());
    let out = driver(dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(".merge_file_theirs"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(dir.path()), before);

    let out = run(&["merge", "nope", SET, SET], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope"), "{}", stderr(&out));

    let bob = edited(|s| s.replace("annotator: None", "annotator: Some(\"bob\")"));
    versions(dir.path(), &example_set(), &example_set(), &bob);
    let before = snapshot(dir.path());
    let out = driver(dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("not merging"), "{}", stderr(&out));
    assert_eq!(snapshot(dir.path()), before);

    // A set whose text does not match the article is not valid: not merged.
    let wrong = edited(|s| s.replace("text: \"John Kerry\"", "text: \"John Kerrx\""));
    versions(dir.path(), &example_set(), &wrong, &example_set());
    let out = driver(dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("does not match the source"),
        "{}",
        stderr(&out)
    );

    assert_eq!(run(&["merge", "a"], dir.path()).status.code(), Some(2));
}
