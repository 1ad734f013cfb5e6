//! Two writers on one folder at once (src/lock.rs): each takes the set's lock, re-reads it,
//! and merges with what the other wrote or refuses, naming the set; never overwrites it.
//!
//! - Two `suggest --apply` runs with different sources (`--only quotes`, `--only
//!   propagation`) on 20 sets, several rounds: every set keeps both runs' additions (or an
//!   overlapping one of the same label, which made the later run leave its own out), unless a
//!   run named the set on standard error as not written; every set validates.
//! - Two `import --force` runs of different documents under the same ids into one folder,
//!   with each rename slowed so that both runs rename at once: every article is paired with
//!   its own run's set (never the other's). With the locks taken out (`lock_set` returning
//!   at once) it fails within two rounds.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::*;

use press_annotate::model::AnnotationSet;
use press_annotate::store::parse_set;

const SETS: usize = 20;
const ROUNDS: usize = 8;

fn name(i: usize) -> String {
    format!("article-{i:02}.txt")
}

/// The headline's "Kerry", labelled: propagation then has other occurrences to suggest.
const KERRY: &str = "        Annotation(id: 7, label: \"entity\", start: 3034, end: 3039, text: \"Kerry\", attributes: {\"type\": \"person\"}),\n    ],\n    relations";

/// A folder of `SETS` copies of the sample article, each with FORMAT.md's example set and the
/// headline's "Kerry".
fn folder(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let text = std::fs::read(assets().join(SAMPLE)).unwrap();
    for i in 0..SETS {
        std::fs::write(dir.join(name(i)), &text).unwrap();
        std::fs::write(
            dir.join(format!("{}.annotations.ron", name(i))),
            example_set()
                .replace(SAMPLE, &name(i))
                .replacen("    ],\n    relations", KERRY, 1),
        )
        .unwrap();
    }
}

fn sets(dir: &Path) -> BTreeMap<String, AnnotationSet> {
    (0..SETS)
        .map(|i| {
            let path = dir.join(format!("{}.annotations.ron", name(i)));
            let text = std::fs::read_to_string(&path).unwrap();
            (name(i), parse_set(&path, &text).unwrap())
        })
        .collect()
}

type Key = (String, usize, usize);

fn keys(set: &AnnotationSet) -> BTreeSet<Key> {
    set.annotations
        .iter()
        .map(|a| (a.label.clone(), a.start, a.end))
        .collect()
}

fn spawn(args: &[&str], cwd: &Path) -> std::process::Child {
    spawn_with(args, cwd, &[])
}

fn spawn_with(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_press-annotate"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(cwd)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(child: std::process::Child) -> Output {
    child.wait_with_output().unwrap()
}

const RUNS: [&str; 2] = ["quotes", "propagation"];

#[test]
fn two_suggest_apply_runs_at_once_keep_both_edits_of_every_set() {
    let tmp = tempfile::tempdir().unwrap();
    let original = {
        let dir = tmp.path().join("original");
        folder(&dir);
        sets(&dir)
    };
    // What each run adds on its own.
    let mut alone: Vec<BTreeMap<String, BTreeSet<Key>>> = Vec::new();
    for run_name in RUNS {
        let dir = tmp.path().join(format!("alone-{run_name}"));
        folder(&dir);
        let out = run(&["suggest", "--apply", "--only", run_name, "."], &dir);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let added = sets(&dir)
            .into_iter()
            .map(|(name, set)| {
                let added: BTreeSet<Key> = keys(&set)
                    .difference(&keys(&original[&name]))
                    .cloned()
                    .collect();
                (name, added)
            })
            .collect();
        alone.push(added);
    }
    for (i, added) in alone.iter().enumerate() {
        assert!(
            added.values().all(|a| !a.is_empty()),
            "{} alone adds something to every set",
            RUNS[i]
        );
    }

    let mut both_exact = 0usize;
    for round in 0..ROUNDS {
        let dir = tmp.path().join(format!("round-{round}"));
        folder(&dir);
        let children: Vec<_> = RUNS
            .iter()
            .map(|run_name| spawn(&["suggest", "--apply", "--only", run_name, "."], &dir))
            .collect();
        let outputs: Vec<Output> = children.into_iter().map(finish).collect();
        let errs: Vec<String> = outputs.iter().map(stderr).collect();
        for (out, err) in outputs.iter().zip(&errs) {
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "round {round}: {err}"
            );
        }
        let result = sets(&dir);
        for (name, set) in &result {
            let have = keys(set);
            let mut exact = true;
            for (r, added) in alone.iter().enumerate() {
                let set_file = format!("{name}.annotations.ron");
                if errs[r].contains(&set_file) {
                    exact = false;
                    continue;
                }
                for key in &added[name] {
                    if have.contains(key) {
                        continue;
                    }
                    exact = false;
                    let overlapped = have
                        .iter()
                        .any(|(label, s, e)| label == &key.0 && *s < key.2 && key.1 < *e);
                    assert!(
                        overlapped,
                        "round {round}: {name} lost {key:?} of {}\n{}\n{}",
                        RUNS[r], errs[0], errs[1]
                    );
                }
            }
            both_exact += usize::from(exact);
        }
        let out = run(&["validate", "."], &dir);
        assert_eq!(
            out.status.code(),
            Some(0),
            "round {round}: {}",
            stdout(&out)
        );
    }
    assert!(
        both_exact > 0,
        "no set kept both runs' additions exactly: the test proves nothing"
    );
}

/// Documents per import.
const DOCS: usize = 20;

/// A doccano file of `DOCS` documents `doc-NNN`, each text saying which run made it.
fn doccano(run_name: &str) -> String {
    (0..DOCS)
        .map(|i| {
            let text = format!("{run_name}: John Kerry met Sergei Lavrov in Geneva, document {i}.");
            let offset = run_name.len() + 2;
            format!(
                r#"{{"doc_id":"doc-{i:03}","text":"{text}","entities":[{{"id":1,"label":"PER","start_offset":{offset},"end_offset":{}}}],"relations":[]}}"#,
                offset + "John Kerry".len()
            ) + "\n"
        })
        .collect()
}

#[test]
fn two_import_force_runs_at_once_never_pair_an_article_with_the_others_set() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for run_name in ["first", "second"] {
        std::fs::write(dir.join(format!("{run_name}.jsonl")), doccano(run_name)).unwrap();
    }
    let mut wrote = [0usize; 2];
    for round in 0..ROUNDS {
        let children: Vec<_> = ["first", "second"]
            .iter()
            .map(|run_name| {
                let input = format!("{run_name}.jsonl");
                // Each rename slowed (the test-only hook in src/atomic.rs), as on a busy
                // disk: both runs are renaming at the same time, and without the locks their
                // articles and sets interleave.
                spawn_with(
                    &[
                        "import", "--format", "doccano", &input, "--into", "corpus", "--force",
                    ],
                    dir,
                    &[("PRESS_ANNOTATE_SLOW_RENAMES_MS", "30")],
                )
            })
            .collect();
        let outputs: Vec<Output> = children.into_iter().map(finish).collect();
        for (r, out) in outputs.iter().enumerate() {
            let err = stderr(out);
            match out.status.code() {
                Some(0) => wrote[r] += 1,
                Some(1) => assert!(
                    err.contains("changed by another program since this import checked it"),
                    "round {round}: {err}"
                ),
                code => panic!("round {round}: exit {code:?}: {err}"),
            }
        }
        let corpus: PathBuf = dir.join("corpus");
        for i in 0..DOCS {
            let article = std::fs::read_to_string(corpus.join(format!("doc-{i:03}.txt"))).unwrap();
            let set_path = corpus.join(format!("doc-{i:03}.txt.annotations.ron"));
            let set = parse_set(&set_path, &std::fs::read_to_string(&set_path).unwrap()).unwrap();
            assert_eq!(
                set.source.sha256,
                press_annotate::store::sha256_hex(article.as_bytes()),
                "round {round}: doc-{i:03}.txt is paired with another run's set"
            );
        }
        let out = run(&["validate", "corpus"], dir);
        assert_eq!(
            out.status.code(),
            Some(0),
            "round {round}: {}",
            stdout(&out)
        );
        assert!(stdout(&out).contains("0 warnings"), "{}", stdout(&out));
    }
    assert!(wrote.iter().sum::<usize>() >= ROUNDS, "{wrote:?}");
}
