//! A kill at any point of a batch (issue 23): `import --force` killed after every rename in
//! turn (the test-only fault hook `PRESS_ANNOTATE_FAULT_AFTER_RENAMES=N` aborts the process
//! after N renames) leaves each article with its own set, or with what the next run completes
//! (its batch journal, named by `validate`); the next import completes it.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

/// Documents per import.
const DOCS: usize = 4;

/// A doccano file of `DOCS` documents `doc-N`, each text and span saying which run made it.
fn doccano(run_name: &str) -> String {
    (0..DOCS)
        .map(|i| {
            let text = format!("{run_name}: John Kerry met Sergei Lavrov in Geneva, document {i}.");
            let offset = run_name.len() + 2;
            format!(
                r#"{{"doc_id":"doc-{i}","text":"{text}","entities":[{{"id":1,"label":"PER","start_offset":{offset},"end_offset":{}}}],"relations":[]}}"#,
                offset + "John Kerry".len()
            ) + "\n"
        })
        .collect()
}

fn import(dir: &Path, input: &str, fault_after: Option<usize>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_press-annotate"));
    command
        .args([
            "import", "--format", "doccano", input, "--into", "corpus", "--force",
        ])
        .current_dir(dir);
    if let Some(n) = fault_after {
        command.env("PRESS_ANNOTATE_FAULT_AFTER_RENAMES", n.to_string());
    }
    command.output().unwrap()
}

/// Each article's (text, set) bytes.
fn pairs(corpus: &Path) -> BTreeMap<usize, (Vec<u8>, Vec<u8>)> {
    (0..DOCS)
        .map(|i| {
            let text = std::fs::read(corpus.join(format!("doc-{i}.txt"))).unwrap();
            let set = std::fs::read(corpus.join(format!("doc-{i}.txt.annotations.ron"))).unwrap();
            (i, (text, set))
        })
        .collect()
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// What is in `corpus` that is ours but not an article or a set.
fn leftovers(corpus: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(".press-annotate-"))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn import_force_killed_after_every_rename_leaves_each_article_with_its_own_set() {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path();
    for run_name in ["old", "new"] {
        std::fs::write(base.join(format!("{run_name}.jsonl")), doccano(run_name)).unwrap();
    }
    // The two states every article may be in: all old, all new (a run without faults).
    let reference = base.join("reference");
    std::fs::create_dir(&reference).unwrap();
    for input in ["old.jsonl", "new.jsonl"] {
        std::fs::copy(base.join(input), reference.join(input)).unwrap();
    }
    let out = import(&reference, "old.jsonl", None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let old_corpus = base.join("old-corpus");
    copy_folder(&reference.join("corpus"), &old_corpus);
    let old = pairs(&old_corpus);
    let out = import(&reference, "new.jsonl", None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let new = pairs(&reference.join("corpus"));
    for i in 0..DOCS {
        assert_ne!(old[&i].0, new[&i].0);
        assert_ne!(old[&i].1, new[&i].1);
    }

    let mut killed = 0;
    for n in 0.. {
        let run_dir = base.join(format!("run-{n}"));
        std::fs::create_dir(&run_dir).unwrap();
        std::fs::copy(base.join("new.jsonl"), run_dir.join("new.jsonl")).unwrap();
        copy_folder(&old_corpus, &run_dir.join("corpus"));
        let corpus = run_dir.join("corpus");
        let out = import(&run_dir, "new.jsonl", Some(n));
        if out.status.code() == Some(0) {
            // Past the last rename: the hook never fired, the import is done.
            assert_eq!(pairs(&corpus), new, "N = {n}");
            break;
        }
        assert_eq!(out.status.code(), None, "N = {n}: {}", stderr(&out));
        killed += 1;

        // After the kill: every article old with its old set, new with its new set, or
        // named by validate as half-written by the batch the next run completes.
        let check = run(&["validate", "corpus"], &run_dir);
        let report = stdout(&check);
        assert_eq!(check.status.code(), Some(0), "N = {n}: {report}");
        let now = pairs(&corpus);
        let mut pending = 0;
        for i in 0..DOCS {
            let name = format!("doc-{i}.txt");
            if now[&i] == old[&i] || now[&i] == new[&i] {
                continue;
            }
            pending += 1;
            let line = report
                .lines()
                .find(|l| l.contains(&format!("/{name}:")) || l.starts_with(&format!("{name}:")))
                .unwrap_or_else(|| panic!("N = {n}: {name} mixed but not named:\n{report}"));
            assert!(
                line.contains("interrupted") && line.contains("the next"),
                "N = {n}: {line}"
            );
        }
        // Nothing else is reported than the interrupted batch (no orphans, no re-anchoring).
        for line in report.lines().filter(|l| l.contains(": warning:")) {
            assert!(line.contains("interrupted"), "N = {n}: {line}\n{report}");
        }
        assert!(!report.contains("orphan"), "N = {n}: {report}");
        let journal = leftovers(&corpus)
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "journal"));
        assert!(pending == 0 || journal, "N = {n}: mixed without a journal");
        if n == 0 {
            // Killed before the journal: nothing moved.
            assert_eq!(now, old, "N = 0");
            assert!(!journal, "N = 0");
        } else {
            // The journal is in place until the batch is complete (and a mixed article
            // is only ever one the journal completes).
            assert!(journal, "N = {n}: {:?}", leftovers(&corpus));
            assert!(report.contains("interrupted"), "N = {n}: {report}");
        }

        // The next run completes it: every article new with its new set, no journal left.
        let again = import(&run_dir, "new.jsonl", None);
        assert_eq!(again.status.code(), Some(0), "N = {n}: {}", stderr(&again));
        assert_eq!(pairs(&corpus), new, "N = {n}");
        let check = run(&["validate", "corpus"], &run_dir);
        assert_eq!(check.status.code(), Some(0), "N = {n}: {}", stdout(&check));
        assert!(
            stdout(&check).contains("0 warnings"),
            "N = {n}: {}",
            stdout(&check)
        );
        if n == 0 {
            // What the kill left before the journal is removed once older than a minute.
            assert!(
                !leftovers(&corpus)
                    .iter()
                    .any(|p| p.extension().is_some_and(|e| e == "journal")),
                "N = 0: {:?}",
                leftovers(&corpus)
            );
        } else {
            // Completing the journal also removed the copies kept to undo a failed rename.
            assert_eq!(leftovers(&corpus), Vec::<PathBuf>::new(), "N = {n}");
        }
    }
    // The journal's own rename, then each article's text and set.
    assert_eq!(killed, 1 + 2 * DOCS + 1, "renames (and the end) killed at");
}

#[test]
fn a_killed_fresh_import_leaves_temporary_files_that_validate_names_and_the_next_import_removes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("new.jsonl"), doccano("new")).unwrap();
    // Killed once every file is written beside its place, before anything is renamed.
    let out = import(dir, "new.jsonl", Some(0));
    assert_eq!(out.status.code(), None, "{}", stderr(&out));
    let corpus = dir.join("corpus");
    let temps = leftovers(&corpus);
    // A text and a set per document and the journal not yet renamed into place, all
    // temporary files; no article in place.
    assert_eq!(temps.len(), 2 * DOCS + 1, "{temps:?}");
    assert!(!corpus.join("doc-0.txt").exists());

    // Fresh (under a minute): not reported, not removed (a save may be writing them).
    let check = run(&["validate", "corpus"], dir);
    assert!(
        !stdout(&check).contains(".press-annotate-"),
        "{}",
        stdout(&check)
    );

    // Older than a minute: left by a crash.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
    for temp in &temps {
        std::fs::File::options()
            .write(true)
            .open(temp)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let check = run(&["validate", "corpus"], dir);
    let report = stdout(&check);
    assert_eq!(check.status.code(), Some(0), "{report}");
    for temp in &temps {
        let name = temp.file_name().unwrap().to_str().unwrap();
        let line = report
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not named:\n{report}"));
        assert!(
            line.contains("left by an interrupted save") && line.contains("removes it"),
            "{line}"
        );
    }

    // The next import into the folder removes them (and writes its own files).
    let again = import(dir, "new.jsonl", None);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(leftovers(&corpus), Vec::<PathBuf>::new());
    let check = run(&["validate", "corpus"], dir);
    assert!(stdout(&check).contains("0 warnings"), "{}", stdout(&check));
    assert!(
        stdout(&check).contains(&format!("checked {DOCS} articles")),
        "{}",
        stdout(&check)
    );

    // An import that refuses to write (no --force over existing files) still clears them.
    let killed = import(dir, "new.jsonl", Some(0));
    assert_eq!(killed.status.code(), None);
    let temps = leftovers(&corpus);
    assert!(!temps.is_empty());
    for temp in &temps {
        std::fs::File::options()
            .write(true)
            .open(temp)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    std::fs::write(dir.join("other.jsonl"), doccano("other")).unwrap();
    let refused = Command::new(env!("CARGO_BIN_EXE_press-annotate"))
        .args([
            "import",
            "--format",
            "doccano",
            "other.jsonl",
            "--into",
            "corpus",
        ])
        .current_dir(dir)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert_eq!(leftovers(&corpus), Vec::<PathBuf>::new());
}

/// The files of a brat folder, by name.
fn folder_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn export_brat(dir: &Path, fault_after: Option<usize>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_press-annotate"));
    command
        .args(["export", "--format", "brat", "--out", "br", "corpus"])
        .current_dir(dir);
    if let Some(n) = fault_after {
        command.env("PRESS_ANNOTATE_FAULT_AFTER_RENAMES", n.to_string());
    }
    command.output().unwrap()
}

#[test]
fn a_brat_export_over_an_existing_folder_killed_at_every_rename_leaves_a_whole_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path();
    let sample = sample_corpus();
    let corpus = base.join("corpus");
    copy_folder(sample.path(), &corpus);
    // The old export, with a file of the user's in it that every export keeps.
    let out = export_brat(base, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::write(base.join("br/README.mine"), "my notes").unwrap();
    let old = folder_files(&base.join("br"));
    let old_br = base.join("old-br");
    copy_folder(&base.join("br"), &old_br);
    // The set changes: the new export's .ann differs.
    let out = run(&["suggest", "--apply", "corpus"], base);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = export_brat(base, None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let new = folder_files(&base.join("br"));
    assert_ne!(old, new);
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );

    let mut killed = 0;
    for n in 0.. {
        std::fs::remove_dir_all(base.join("br")).unwrap();
        copy_folder(&old_br, &base.join("br"));
        let out = export_brat(base, Some(n));
        if out.status.code() == Some(0) {
            assert_eq!(folder_files(&base.join("br")), new, "N = {n}");
            break;
        }
        assert_eq!(out.status.code(), None, "N = {n}: {}", stderr(&out));
        killed += 1;
        // The old folder whole, or the new one whole: never .ann without .txt, nor a mix.
        let now = folder_files(&base.join("br"));
        assert!(now == old || now == new, "N = {n}: {:?}", now.keys());
        // The next export completes it.
        let again = export_brat(base, None);
        assert_eq!(again.status.code(), Some(0), "N = {n}: {}", stderr(&again));
        assert_eq!(folder_files(&base.join("br")), new, "N = {n}");
        // What the kill left beside the folder (the staging folder, or the old folder
        // swapped out) is removed by the next export once older than a minute.
        let left = leftovers(base);
        assert!(!left.is_empty(), "N = {n}");
        let past = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
        for path in &left {
            std::fs::File::open(path)
                .unwrap()
                .set_modified(past)
                .unwrap();
        }
        let again = export_brat(base, None);
        assert_eq!(again.status.code(), Some(0), "N = {n}: {}", stderr(&again));
        assert_eq!(leftovers(base), Vec::<PathBuf>::new(), "N = {n}");
    }
    // The swap (one rename on Linux), and the end before the old folder is removed.
    assert_eq!(killed, 2);
}
