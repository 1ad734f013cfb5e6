//! Hostile folders and inputs on the real binary: symbolic-link loops and links that lead
//! out of a folder, imports that would write outside their folder or fail halfway, sets with
//! a huge number of problems, files left by a crash, relations the schema does not allow, and
//! the modes of the files written.
#![cfg(unix)]

mod common;

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use common::*;

/// A jsonl line of our own export format, with no spans.
fn doc_line(id: &str, text: &str) -> String {
    format!(
        r#"{{"id":{},"text":{},"spans":[],"relations":[]}}"#,
        json(id),
        json(text)
    )
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Every path under `dir` (not following links), relative, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(path) = stack.pop() {
        for entry in std::fs::read_dir(&path).unwrap() {
            let entry = entry.unwrap();
            let p = entry.path();
            out.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            if entry.file_type().unwrap().is_dir() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The mode a new file gets under this process's umask (inherited by the binary).
fn umask_file_mode(dir: &Path) -> u32 {
    let probe = dir.join("mode-probe");
    std::fs::write(&probe, "").unwrap();
    let m = mode(&probe);
    std::fs::remove_file(probe).unwrap();
    m
}

#[test]
fn symlink_loops_end_and_every_file_counts_once() {
    let dir = sample_corpus();
    symlink(".", dir.path().join("s1")).unwrap();
    symlink(".", dir.path().join("s2")).unwrap();

    let out = run(&["validate", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("checked 1 article and 1 annotation file: 0 problems"),
        "{}",
        stdout(&out)
    );

    let out = run(&["stats", ".", "--json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["annotations"], 5, "{stats}");

    let out = run(&["export", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1);

    let out = run(
        &["export", "--format", "brat", "--out", "brat", SAMPLE],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    symlink(".", dir.path().join("brat/loop")).unwrap();
    let out = run(
        &["import", "--format", "brat", "brat", "--into", "back"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("imported 1 document(s)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn brat_import_skips_links_that_leave_its_folder_and_names_them() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("hostname"), "secret-host\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("fine.txt"), "Kerry met Lavrov.").unwrap();
    std::fs::write(input.join("fine.ann"), "T1\tPER 0 5\tKerry\n").unwrap();
    symlink(outside.path().join("hostname"), input.join("leak.txt")).unwrap();
    std::fs::write(input.join("leak.ann"), "").unwrap();
    symlink(outside.path(), input.join("elsewhere")).unwrap();
    std::fs::write(outside.path().join("far.txt"), "far").unwrap();
    std::fs::write(outside.path().join("far.ann"), "").unwrap();

    let out = run(
        &["import", "--format", "brat", "in", "--into", "corpus"],
        dir.path(),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("imported 1 document(s)"), "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with("warning:") && l.contains("leak.txt") && l.contains("outside")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.starts_with("warning:") && l.contains("elsewhere")),
        "{err}"
    );
    assert!(dir.path().join("corpus/fine.txt").exists());
    assert!(!dir.path().join("corpus/leak.txt").exists());
    assert!(!dir.path().join("corpus/elsewhere").exists());
}

#[test]
fn import_never_writes_outside_its_folder_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("r/into")).unwrap();
    std::fs::create_dir_all(root.join("r/victim")).unwrap();
    symlink("../victim", root.join("r/into/sub")).unwrap();
    std::fs::write(
        root.join("in.jsonl"),
        format!("{}\n", doc_line("sub/evil", "evil text")),
    )
    .unwrap();
    let out = run(
        &[
            "import", "--format", "jsonl", "in.jsonl", "--into", "r/into",
        ],
        root,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("sub/evil.txt") && err.contains("leads out of"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(listing(&root.join("r/victim")).is_empty());
    assert_eq!(listing(&root.join("r/into")), ["sub"]);

    // A link that stays inside the folder is fine.
    std::fs::create_dir(root.join("r/into/real")).unwrap();
    symlink("real", root.join("r/into/alias")).unwrap();
    std::fs::write(
        root.join("in.jsonl"),
        format!("{}\n", doc_line("alias/fine", "fine text")),
    )
    .unwrap();
    let out = run(
        &[
            "import", "--format", "jsonl", "in.jsonl", "--into", "r/into",
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(root.join("r/into/real/fine.txt").exists());
}

#[test]
fn a_failed_import_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let cases = [
        // A name longer than file systems allow.
        vec![
            doc_line("good", "good text"),
            doc_line(&"x".repeat(251), "long"),
        ],
        // One document's file where another needs a folder.
        vec![doc_line("a", "text a"), doc_line("a.txt/b", "text b")],
    ];
    for (n, lines) in cases.iter().enumerate() {
        let input = root.join(format!("in{n}.jsonl"));
        std::fs::write(&input, lines.join("\n")).unwrap();
        let into = format!("corpus{n}");
        let out = run(
            &[
                "import",
                "--format",
                "jsonl",
                input.to_str().unwrap(),
                "--into",
                &into,
            ],
            root,
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("nothing was written"), "{err}");
        assert!(!root.join(&into).exists(), "case {n}: {err}");
    }

    // An existing file where a folder is needed.
    std::fs::create_dir(root.join("corpus")).unwrap();
    std::fs::write(root.join("corpus/a.txt"), "old").unwrap();
    std::fs::write(
        root.join("in.jsonl"),
        [doc_line("z", "text z"), doc_line("a.txt/b", "text b")].join("\n"),
    )
    .unwrap();
    let out = run(
        &[
            "import", "--format", "jsonl", "in.jsonl", "--into", "corpus", "--force",
        ],
        root,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("a folder is needed"), "{err}");
    assert_eq!(listing(&root.join("corpus")), ["a.txt"]);
}

#[test]
fn validate_prints_the_first_thousand_problems_and_counts_the_rest() {
    let dir = sample_corpus();
    let set_path = dir.path().join(format!("{SAMPLE}.annotations.ron"));
    let line = "        Annotation(id: 1, label: \"entity\", start: 97, end: 107, text: \"John Kerry\", attributes: {\"type\": \"person\"}),\n";
    let set = example_set().replacen(line, &line.repeat(1500), 1);
    std::fs::write(&set_path, set).unwrap();
    let out = run(&["validate", "."], dir.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    // Each of the 1,499 copies is a duplicate id and a duplicate span: 2,998 problems.
    let shown = text.lines().filter(|l| l.contains(SET_FILE_NAME)).count();
    assert_eq!(shown, 1000, "{}", &text[text.len().saturating_sub(500)..]);
    assert!(
        text.contains("... and 1998 more problems not shown"),
        "{}",
        &text[text.len() - 300..]
    );
    assert!(
        text.contains("2998 problems"),
        "{}",
        &text[text.len() - 300..]
    );
    // Each problem is placed at its own copy's line.
    assert!(
        text.contains(&format!("{SET_FILE_NAME}:12:9: duplicate id 1")),
        "{}",
        &text[..500]
    );
    assert!(text.contains(&format!("{SET_FILE_NAME}:13:9: duplicate id 1")));
}

const SET_FILE_NAME: &str = "kerry-lavrov-syria.txt.annotations.ron";

#[test]
fn validate_warns_about_temporary_files_left_by_a_crash() {
    let dir = sample_corpus();
    let stale = dir.path().join(".press-annotate-Ab12Cd.tmp");
    std::fs::write(&stale, "half a set").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(300))
        .unwrap();
    let out = run(&["validate", "."], dir.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains(
            ".press-annotate-Ab12Cd.tmp: warning: a temporary file left by an interrupted save"
        ),
        "{text}"
    );
    assert!(text.contains("0 problems, 1 warning"), "{text}");
    assert!(stale.exists(), "validate never changes a file");
}

#[test]
fn relations_must_fit_the_schema_on_load_and_on_import() {
    let dir = sample_corpus();
    let set_path = dir.path().join(format!("{SAMPLE}.annotations.ron"));
    // A speaker relation from the claim (6) instead of a quote.
    let set = example_set().replace(
        "Relation(id: 5, label: \"speaker\", from: 3, to: 4)",
        "Relation(id: 5, label: \"speaker\", from: 6, to: 4)",
    );
    std::fs::write(&set_path, set).unwrap();
    let out = run(&["validate", "."], dir.path());
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("relation 5: a \"speaker\" relation goes from \"quote\" to \"entity\", not from \"claim\" to \"entity\""),
        "{text}"
    );

    let line = r#"{"id":"d","text":"Kerry said: no.","spans":[{"id":1,"start":0,"end":5,"label":"entity","attributes":{"type":"person"}},{"id":2,"start":12,"end":14,"label":"claim"}],"relations":[{"id":3,"label":"speaker","head":2,"child":1}]}"#;
    std::fs::write(dir.path().join("in.jsonl"), line).unwrap();
    let out = run(
        &[
            "import", "--format", "jsonl", "in.jsonl", "--into", "imported",
        ],
        dir.path(),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("not from \"claim\" to \"entity\""), "{err}");
    assert!(!dir.path().join("imported").exists());

    // --keep-unknown allows the pair in the target folder's schema instead.
    let out = run(
        &[
            "import",
            "--format",
            "jsonl",
            "in.jsonl",
            "--into",
            "imported",
            "--keep-unknown",
        ],
        dir.path(),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("\"claim\" to relation \"speaker\"'s from"),
        "{err}"
    );
    let out = run(&["validate", "imported"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn written_files_get_the_umask_mode_and_replaced_files_keep_theirs() {
    let dir = sample_corpus();
    let expected = umask_file_mode(dir.path());
    let out = run(&["export", "--out", "out.jsonl", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mode(&dir.path().join("out.jsonl")), expected);

    std::fs::set_permissions(
        dir.path().join("out.jsonl"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    let out = run(&["export", "--out", "out.jsonl", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mode(&dir.path().join("out.jsonl")), 0o640);

    let out = run(
        &["export", "--format", "brat", "--out", "brat", SAMPLE],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let dir_expected = {
        let probe = dir.path().join("dir-probe");
        std::fs::create_dir(&probe).unwrap();
        mode(&probe)
    };
    assert_eq!(mode(&dir.path().join("brat")), dir_expected);
    assert_eq!(
        mode(&dir.path().join("brat/kerry-lavrov-syria.ann")),
        expected
    );

    let out = run(
        &[
            "import",
            "--format",
            "jsonl",
            "out.jsonl",
            "--into",
            "imported",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(mode(&dir.path().join("imported").join(SAMPLE)), expected);
    assert_eq!(
        mode(
            &dir.path()
                .join(format!("imported/{SAMPLE}.annotations.ron"))
        ),
        expected
    );
}
