//! The store on real files: canonical bytes, atomic saves, re-anchoring on load, discovery.

mod common;

use common::*;
use press_annotate::document::Document;
use press_annotate::store;

#[test]
fn the_format_example_loads_and_saves_back_to_the_same_bytes() {
    let dir = sample_corpus();
    let source = dir.path().join(SAMPLE);
    let loaded = store::load(&source, None).unwrap();
    assert_eq!(loaded.set.annotations.len(), 5);
    assert!(!loaded.report.source_changed);
    let path = store::annotation_path(&source, None);
    store::save(&path, &loaded.set).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), example_set());
}

#[test]
fn file_names_with_and_without_annotator() {
    let source = std::path::Path::new("/news/story.txt");
    let plain = store::annotation_path(source, None);
    let alice = store::annotation_path(source, Some("alice"));
    assert_eq!(plain.to_str(), Some("/news/story.txt.annotations.ron"));
    assert_eq!(
        alice.to_str(),
        Some("/news/story.txt.alice.annotations.ron")
    );
    assert_eq!(
        store::source_of(&alice),
        Some((source.to_owned(), Some("alice".into())))
    );
    assert_eq!(store::source_of(&plain), Some((source.to_owned(), None)));
    let md = store::annotation_path(std::path::Path::new("story.md"), None);
    assert_ne!(md, plain);
}

#[test]
fn discovery_finds_every_annotator_beside_an_article() {
    let dir = sample_corpus();
    let source = dir.path().join(SAMPLE);
    let mut doc = Document::open(&source, Some("bob")).unwrap();
    doc.label_span(0..5, "entity", &Default::default()).unwrap();
    doc.save().unwrap();
    let files = store::annotation_files_of(&source);
    let annotators: Vec<Option<String>> = files.into_iter().map(|(_, a)| a).collect();
    assert_eq!(annotators, vec![None, Some("bob".to_owned())]);
}

#[test]
fn a_changed_article_is_reanchored_on_open_and_saved_with_the_new_hash() {
    let dir = sample_corpus();
    let source = dir.path().join(SAMPLE);
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(
        &source,
        format!("BREAKING: {text}").replacen("one official", "an aide", 1),
    )
    .unwrap();
    let mut doc = Document::open(&source, None).unwrap();
    assert!(doc.report.source_changed);
    assert_eq!(doc.report.moved.len(), 4);
    assert_eq!(doc.report.orphaned, vec![4]);
    assert_eq!(doc.set().orphans.len(), 1);
    // The speaker relation still points at the orphan: nothing was dropped.
    assert_eq!(doc.set().relations.len(), 1);
    assert!(doc.is_dirty(), "a re-anchored set needs saving");
    doc.save().unwrap();
    let again = store::load(&source, None).unwrap();
    assert!(!again.report.source_changed);
    assert_eq!(
        again.set.source.sha256,
        store::sha256_hex(&std::fs::read(&source).unwrap())
    );
    assert_eq!(again.set.orphans.len(), 1);
    assert_eq!(
        again.set.annotation(1).unwrap().start,
        97 + "BREAKING: ".len()
    );
}

#[test]
fn a_save_into_a_read_only_folder_fails_and_leaves_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = sample_corpus();
    let source = dir.path().join(SAMPLE);
    let mut doc = Document::open(&source, None).unwrap();
    doc.label_span(0..5, "claim", &Default::default()).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let result = doc.save();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    // Root may write anywhere; only check the failure path where the folder really is read-only.
    if let Err(err) = result {
        assert!(
            err.to_string()
                .contains("kerry-lavrov-syria.txt.annotations.ron")
        );
        assert_eq!(
            std::fs::read_to_string(doc.annotation_path.clone()).unwrap(),
            example_set()
        );
        assert!(doc.is_dirty());
    }
}

#[test]
fn saving_leaves_no_temporary_files_behind() {
    let dir = sample_corpus();
    let source = dir.path().join(SAMPLE);
    let mut doc = Document::open(&source, None).unwrap();
    for i in 0..5 {
        doc.label_span(i * 10..i * 10 + 3, "claim", &Default::default())
            .unwrap();
        doc.save().unwrap();
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

/// A gold set written by an earlier version (format 1), its provenance in notes.
fn format_1_gold_set() -> String {
    example_set()
        .replace("annotator: None", "annotator: Some(\"gold\")")
        .replace(
            "attributes: {\"type\": \"person\"}),\n        Annotation(id: 2",
            "attributes: {\"type\": \"person\"}, note: Some(\"from: alice, carol\")),\n        Annotation(id: 2",
        )
        .replace(
            "text: \"Sergei Lavrov\", attributes: {\"type\": \"person\"})",
            "text: \"Sergei Lavrov\", attributes: {\"type\": \"person\"}, note: Some(\"from: (unnamed), bob | check the spelling\"))",
        )
        .replace(
            "note: Some(\"attributed to unnamed officials\")",
            "note: Some(\"from: the desk, unchecked\")",
        )
}

#[test]
fn a_format_1_gold_set_is_read_with_its_provenance_out_of_the_notes_and_saved_as_format_2() {
    let dir = sample_corpus();
    let source = dir.path().join(SAMPLE);
    let gold_path = store::annotation_path(&source, Some("gold"));
    std::fs::write(&gold_path, format_1_gold_set()).unwrap();
    // alice's own set with a note that looks like provenance: annotators' sets are not touched.
    let alice_path = store::annotation_path(&source, Some("alice"));
    let alice_text = format_1_gold_set().replace("Some(\"gold\")", "Some(\"alice\")");
    std::fs::write(&alice_path, &alice_text).unwrap();

    let gold = store::load(&source, Some("gold")).unwrap().set;
    let by_id = |id: u64| gold.annotations.iter().find(|a| a.id == id).unwrap();
    assert_eq!(by_id(1).annotators, ["alice", "carol"]);
    assert_eq!(by_id(1).note, None);
    // The set without a name is "" in the field; the annotator's own note stays the note.
    assert_eq!(by_id(2).annotators, ["", "bob"]);
    assert_eq!(by_id(2).note.as_deref(), Some("check the spelling"));
    // A reviewer's note that only starts like provenance ("the desk" is no annotator's name).
    assert!(by_id(6).annotators.is_empty());
    assert_eq!(by_id(6).note.as_deref(), Some("from: the desk, unchecked"));
    let alice = store::load(&source, Some("alice")).unwrap().set;
    assert!(alice.annotations.iter().all(|a| a.annotators.is_empty()));

    // `validate` takes both as they are.
    let out = run(&["validate", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));

    // Saved: format 2, the provenance in its field; read back the same.
    let mut doc = Document::open(&source, Some("gold")).unwrap();
    doc.set_status(press_annotate::model::Status::Done).unwrap();
    doc.save().unwrap();
    let written = std::fs::read_to_string(&gold_path).unwrap();
    assert!(written.contains("    format: 2,\n"), "{written}");
    assert!(
        written
            .contains("attributes: {\"type\": \"person\"}, annotators: [\"alice\", \"carol\"]),"),
        "{written}"
    );
    assert!(!written.contains("from: alice"), "{written}");
    let again = store::load(&source, Some("gold")).unwrap().set;
    assert_eq!(again.annotations, doc.set().annotations);
    // alice's set, saved, stays format 1 (nothing in it needs format 2) and keeps her note.
    let mut alice_doc = Document::open(&source, Some("alice")).unwrap();
    alice_doc
        .set_status(press_annotate::model::Status::Done)
        .unwrap();
    alice_doc.save().unwrap();
    let alice_written = std::fs::read_to_string(&alice_path).unwrap();
    assert!(
        alice_written.contains("    format: 1,\n"),
        "{alice_written}"
    );
    assert!(
        alice_written.contains("from: alice, carol"),
        "{alice_written}"
    );
}

#[test]
fn a_format_3_set_is_refused_as_newer_and_left_alone() {
    let dir = sample_corpus();
    let source = dir.path().join(SAMPLE);
    let path = store::annotation_path(&source, None);
    let text = example_set().replace("format: 1,", "format: 3,");
    std::fs::write(&path, &text).unwrap();
    let err = store::load(&source, None).unwrap_err().to_string();
    assert!(
        err.contains("newer version") && err.contains("formats 1 to 2"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}
