//! Hostile files, second round (issue 23): export never writes over the corpus, special
//! files (FIFOs, devices) are named and skipped without waiting on them, and every command
//! prints at most as many problems as `validate` does.
#![cfg(unix)]

mod common;

use std::io::Read;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Runs the real binary, killing it (and failing) if it has not ended after 60 s.
fn run_bounded(args: &[&str], cwd: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_press-annotate"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            let _ = child.wait();
            panic!(
                "`press-annotate {}` hung (killed after 60 s); stderr: {}",
                args.join(" "),
                String::from_utf8_lossy(&err.join().unwrap())
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn mkfifo(path: &Path) {
    let name = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path for the duration of the call.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
}

#[test]
fn export_refuses_an_output_that_is_part_of_the_corpus() {
    let dir = sample_corpus();
    let set = format!("{SAMPLE}.annotations.ron");
    std::fs::write(dir.path().join("other.txt"), "Another article.").unwrap();
    symlink(dir.path().join(&set), dir.path().join("link-to-set.jsonl")).unwrap();
    let before = snapshot(dir.path());
    for args in [
        vec!["export", "--out", set.as_str(), "."],
        vec!["export", "--out", SAMPLE, "."],
        vec!["export", "--out", "other.txt", "."],
        vec!["export", "--out", "link-to-set.jsonl", SAMPLE],
        vec!["export", "--format", "brat", "--out", ".", "."],
        vec!["export", "--format", "brat", "--out", "..", SAMPLE],
    ] {
        let out = run_bounded(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("never writes into the corpus"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(snapshot(dir.path()), before, "{args:?} changed the corpus");
    }
    // Beside the corpus, an export file is fine.
    let out = run_bounded(&["export", "--out", "out.jsonl", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_brat_export_over_its_own_corpus_keeps_the_bom_and_the_set() {
    let dir = sample_corpus();
    let out = run_bounded(
        &["export", "--format", "brat", "--out", "br", SAMPLE],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let corpus = dir.path().join("c");
    let out = run_bounded(
        &["import", "--format", "brat", "br", "--into", "c"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let before = snapshot(&corpus);
    let out = run_bounded(
        &["export", "--format", "brat", "--out", "c", "c"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(snapshot(&corpus), before);
    let out = run_bounded(&["validate", "c"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_brat_export_inside_its_corpus_folder_is_refused() {
    let dir = sample_corpus();
    let before = snapshot(dir.path());
    // Its .txt files would become articles of the corpus it reads.
    let out = run_bounded(
        &["export", "--format", "brat", "--out", "br", "."],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("never writes into the corpus"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn fifos_and_devices_named_like_articles_are_named_and_skipped_without_hanging() {
    let dir = sample_corpus();
    let fifo_folder = dir.path().join("pipes");
    std::fs::create_dir(&fifo_folder).unwrap();
    mkfifo(&fifo_folder.join("story.txt"));
    symlink("/dev/zero", fifo_folder.join("zero.txt")).unwrap();
    symlink("/dev/urandom", fifo_folder.join("random.txt")).unwrap();
    mkfifo(&fifo_folder.join("set-pipe.txt.annotations.ron"));
    std::fs::write(fifo_folder.join("set-pipe.txt"), "A piped set.").unwrap();
    for args in [
        vec!["validate", "."],
        vec!["stats", "."],
        vec!["suggest", "."],
        vec!["suggest", "--apply", "."],
        vec!["export", "--out", "out.jsonl", "."],
    ] {
        let out = run_bounded(&args, dir.path());
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(all.contains("FIFO"), "{args:?}: {all}");
        assert!(all.contains("character device"), "{args:?}: {all}");
        assert!(all.contains("story.txt"), "{args:?}: {all}");
        assert!(
            all.contains("set-pipe.txt.annotations.ron"),
            "{args:?}: {all}"
        );
    }
    // agree stops for want of a second annotator, but it ends.
    run_bounded(&["agree", "."], dir.path());
    // The real article is still read and counted beside them.
    let out = run_bounded(&["stats", "--json", "."], dir.path());
    let stats: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(stats["annotations"].as_u64().unwrap() > 0, "{stats}");
}

#[test]
fn import_into_a_folder_holding_a_fifo_does_not_wait_on_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("in.jsonl"),
        r#"{"id":"story","text":"Plain text.","spans":[],"relations":[]}"#,
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("into")).unwrap();
    mkfifo(&dir.path().join("into/story.txt"));
    let out = run_bounded(
        &["import", "--format", "jsonl", "in.jsonl", "--into", "into"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("exists already"), "{}", stderr(&out));
}

#[test]
fn an_article_over_the_size_bound_is_refused_with_the_bound() {
    let dir = sample_corpus();
    let big = dir.path().join("huge.txt");
    // Sparse: takes no room on disk.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(press_annotate::bounded_read::MAX_ARTICLE_BYTES + 1)
        .unwrap();
    for args in [vec!["validate", "."], vec!["export", "huge.txt"]] {
        let out = run_bounded(&args, dir.path());
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            all.contains("huge.txt") && all.contains("64 MiB"),
            "{args:?}: {all}"
        );
        assert_ne!(out.status.code(), Some(0), "{args:?}: {all}");
    }
}

/// A set holding `copies` copies of one annotation line: two problems per extra copy.
fn set_with_copies(dir: &Path, copies: usize) {
    let set_path = dir.join(format!("{SAMPLE}.annotations.ron"));
    let line = "        Annotation(id: 1, label: \"entity\", start: 97, end: 107, text: \"John Kerry\", attributes: {\"type\": \"person\"}),\n";
    let set = example_set().replacen(line, &line.repeat(copies), 1);
    std::fs::write(&set_path, set).unwrap();
}

#[test]
fn every_command_prints_at_most_a_thousand_problems_then_a_count() {
    let dir = sample_corpus();
    set_with_copies(dir.path(), 1500);
    for args in [
        vec!["stats", "."],
        vec!["export", "."],
        vec!["suggest", "."],
    ] {
        let out = run_bounded(&args, dir.path());
        let err = stderr(&out);
        let shown = err
            .lines()
            .filter(|l| l.contains(".annotations.ron:"))
            .count();
        assert_eq!(shown, 1000, "{args:?}: {}", &err[..err.len().min(400)]);
        assert!(
            err.contains("... and 1998 more problems not shown"),
            "{args:?}: {}",
            &err[err.len().saturating_sub(400)..]
        );
    }
}

#[test]
fn a_duplicate_id_names_the_line_of_the_first() {
    let dir = sample_corpus();
    set_with_copies(dir.path(), 3);
    let out = run_bounded(&["validate", "."], dir.path());
    let text = stdout(&out);
    // The copies are at lines 11, 12, 13: both later ones name line 11.
    let duplicates: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("duplicate id"))
        .collect();
    assert_eq!(duplicates.len(), 2, "{text}");
    for line in duplicates {
        assert!(line.contains("(first at line 11)"), "{line}");
    }
}

#[test]
fn apply_with_ids_near_the_top_refuses_the_set_by_name_and_leaves_it_unchanged() {
    let dir = sample_corpus();
    let set_path = dir.path().join(format!("{SAMPLE}.annotations.ron"));
    let set = example_set().replace("id: 6, label", &format!("id: {}, label", u64::MAX - 1));
    std::fs::write(&set_path, &set).unwrap();
    let listed = run_bounded(&["suggest", "."], dir.path());
    let offered = stdout(&listed).lines().count();
    assert!(offered >= 2, "{}", stdout(&listed));
    let out = run_bounded(&["suggest", "--apply", "."], dir.path());
    let err = stderr(&out);
    // Refused whole, with the reason, naming the set; never half-applied.
    assert_eq!(out.status.code(), Some(1), "{err}");
    let named = err
        .lines()
        .find(|l| l.contains("no id left"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        named.contains(&format!("{SAMPLE}.annotations.ron")),
        "{err}"
    );
    assert!(named.contains("left unchanged"), "{err}");
    assert!(
        err.contains("added spans: none; relations: none; to 0 set(s)"),
        "{err}"
    );
    assert!(
        err.contains(&format!("not added: {offered} suggestion(s)")),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&set_path).unwrap(), set);
    let check = run_bounded(&["validate", "."], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
}

#[test]
fn a_save_keeps_the_owner_and_group_and_writes_through_a_link() {
    use std::os::unix::fs::MetadataExt;
    let dir = sample_corpus();
    let set_path = dir.path().join(format!("{SAMPLE}.annotations.ron"));
    // A set shared through a link: the link stays a link and its target is updated.
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    let target = shared.join("set.ron");
    std::fs::rename(&set_path, &target).unwrap();
    symlink(&target, &set_path).unwrap();
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        std::os::unix::fs::chown(&target, Some(65534), Some(65534)).unwrap();
    }
    let before = std::fs::read(&target).unwrap();
    let out = run_bounded(&["suggest", "--apply", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&set_path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_ne!(
        std::fs::read(&target).unwrap(),
        before,
        "the target was not updated"
    );
    if root {
        let meta = std::fs::metadata(&target).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    }
}

#[test]
fn every_command_refuses_a_name_that_is_not_utf8_alike() {
    use std::os::unix::ffi::OsStrExt;
    let dir = sample_corpus();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(dir.path().join(name), "An article with a Latin-1 name.").unwrap();
    for args in [
        vec!["validate", "."],
        vec!["stats", "."],
        vec!["export", "."],
        vec!["suggest", "--apply", "."],
    ] {
        let out = run_bounded(&args, dir.path());
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert!(
            all.contains("caf\\xE9.txt") && all.contains("not valid UTF-8"),
            "{args:?}: {all}"
        );
        assert_eq!(out.status.code(), Some(1), "{args:?}: {all}");
    }
    // No set was made for it.
    let sets: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().as_bytes().starts_with(b"caf"))
        .collect();
    assert_eq!(sets.len(), 1);
}

#[test]
fn import_refuses_ids_windows_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("in.jsonl"),
        "{\"id\":\"CON\",\"text\":\"One.\",\"spans\":[],\"relations\":[]}\n{\"id\":\"notes.\",\"text\":\"Two.\",\"spans\":[],\"relations\":[]}\n",
    )
    .unwrap();
    let out = run_bounded(
        &["import", "--format", "jsonl", "in.jsonl", "--into", "into"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("\"CON\"") && err.contains("reserves"), "{err}");
    assert!(
        err.contains("\"notes.\"") && err.contains("dot or a space"),
        "{err}"
    );
    assert!(!dir.path().join("into").exists());
}

#[test]
fn a_brat_export_into_an_existing_folder_swaps_in_a_whole_new_one() {
    let dir = sample_corpus();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::rename(&path, corpus.join(path.file_name().unwrap())).unwrap();
        }
    }
    let out = run_bounded(
        &["export", "--format", "brat", "--out", "br", "corpus"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::write(dir.path().join("br/README.mine"), "my notes").unwrap();
    let ann = dir.path().join("br/kerry-lavrov-syria.ann");
    std::fs::write(&ann, "stale").unwrap();
    let out = run_bounded(
        &["export", "--format", "brat", "--out", "br", "corpus"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_ne!(std::fs::read_to_string(&ann).unwrap(), "stale");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("br/README.mine")).unwrap(),
        "my notes"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".press-annotate-")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_staging_folder_left_by_a_crash_is_reported_then_removed_by_the_next_export() {
    let dir = sample_corpus();
    let staging = dir.path().join(".press-annotate-killed.tmp");
    std::fs::create_dir(&staging).unwrap();
    std::fs::write(staging.join("half.ann"), "T1\tPER 0 4\tJohn\n").unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::open(&staging)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let out = run_bounded(&["validate", "."], dir.path());
    assert!(
        stdout(&out).contains("a staging folder left by an interrupted export"),
        "{}",
        stdout(&out)
    );
    let out = run_bounded(
        &["export", "--format", "brat", "--out", "br", SAMPLE],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!staging.exists());
}
