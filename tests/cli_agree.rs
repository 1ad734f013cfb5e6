//! `press-annotate agree` on real files: JSON and table output, exit codes as validate's,
//! and no file changed.

mod common;

use common::*;

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    press_annotate::testdata::write_annotator_corpus(
        dir.path(),
        5,
        2_000,
        15,
        &["alice", "bob", "carol"],
        3,
    )
    .unwrap();
    dir
}

#[test]
fn agree_prints_json_with_the_numbers_per_label_document_and_pair() {
    let dir = corpus();
    let before = snapshot(dir.path());
    let out = run(&["agree", "--json", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["unit"], "instance");
    assert_eq!(
        json["annotators"],
        serde_json::json!(["alice", "bob", "carol"])
    );
    assert_eq!(json["documents"].as_array().unwrap().len(), 5);
    assert_eq!(json["documents"][0], "article-0000.txt");
    for label in ["CLAIM", "LOC", "MISC", "ORG", "PER", "QUOTE"] {
        let f1 = &json["per_label"][label]["mean_f1"];
        assert!(f1.is_f64() || f1.is_null(), "{label}: {f1}");
    }
    let overall = json["overall"]["mean_f1"].as_f64().unwrap();
    assert!(overall > 0.5 && overall < 1.0, "{overall}");
    assert!(json["per_document"]["article-0003.txt"]["sd_f1"].is_f64());
    let pairs = json["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 3);
    assert_eq!(pairs[2]["annotators"], serde_json::json!(["bob", "carol"]));
    assert!(pairs[0]["kappa"].as_f64().unwrap() > 0.0);
    assert!(pairs[0]["tp"].as_u64().unwrap() > 0);
    assert!(json["relations"]["speaker"]["mean_f1"].is_f64());
    assert!(json["overall"]["alpha"].is_f64());
    assert_eq!(snapshot(dir.path()), before, "agree changed a file");

    let tokens = run(&["agree", "--json", "--tokens", "."], dir.path());
    let json: serde_json::Value = serde_json::from_str(&stdout(&tokens)).unwrap();
    assert_eq!(json["unit"], "token");
}

#[test]
fn agree_prints_a_table_and_narrows_to_named_annotators() {
    let dir = corpus();
    let out = run(&["agree", "--annotators", "carol,alice", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("instance-based F1 of 2 annotators (alice, carol) on 5 articles"),
        "{text}"
    );
    for heading in ["label", "relation", "article", "pair", "overall: mean F1"] {
        assert!(
            text.lines().any(|l| l.starts_with(heading)),
            "{heading}:\n{text}"
        );
    }
    assert!(text.contains("alice / carol"), "{text}");
    assert!(!text.contains("bob"), "{text}");
}

#[test]
fn agree_exit_codes_follow_validate() {
    let dir = corpus();
    // A wrong command line: 2.
    assert_eq!(run(&["agree"], dir.path()).status.code(), Some(2));
    assert_eq!(
        run(&["agree", "nothing-here"], dir.path()).status.code(),
        Some(2)
    );
    let one = run(&["agree", "--annotators", "alice", "."], dir.path());
    assert_eq!(one.status.code(), Some(2), "{}", stderr(&one));
    // One annotator's sets only: 1, saying why.
    let out = run(&["agree", "--annotators", "alice,dave", "."], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("two annotators"), "{}", stderr(&out));
    let single = tempfile::tempdir().unwrap();
    press_annotate::testdata::write_annotator_corpus(single.path(), 2, 1_000, 5, &["alice"], 1)
        .unwrap();
    let out = run(&["agree", "."], single.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("at least two annotators"),
        "{}",
        stderr(&out)
    );
    // An unreadable set: named, left out, exit 1; the rest is reported.
    let broken = dir.path().join("article-0001.txt.bob.annotations.ron");
    std::fs::write(&broken, "not RON").unwrap();
    let out = run(&["agree", "--json", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("article-0001.txt.bob.annotations.ron"),
        "{}",
        stderr(&out)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 5);
    assert_eq!(json["pairs"][0]["documents"], 4);
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), "not RON");
}

#[test]
fn agree_piped_into_a_reader_that_stops_does_not_panic() {
    let dir = corpus();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_press-annotate"))
        .args(["agree", "--json", "."])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -0`: the reading end closes before anything is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

/// Issue 18: a gold set is not one more annotator. With gold beside three annotators' sets,
/// `agree` reports the same inter-annotator figures as without it, and each annotator against
/// gold in a section of its own (JSON `against_gold`, and the table).
#[test]
fn a_gold_set_is_left_out_of_agreement_and_each_annotator_is_compared_with_it() {
    let (_tmp, dir) = team();
    let without = run(&["agree", "--json", "."], &dir);
    assert_eq!(without.status.code(), Some(0), "{}", stderr(&without));
    let without: serde_json::Value = serde_json::from_str(&stdout(&without)).unwrap();
    assert!(without.get("against_gold").is_none());
    // Gold: alice's version of every article.
    annotate(
        &dir,
        "a-one.txt",
        "gold",
        &[
            ("John Kerry", "entity", PER),
            ("Geneva", "entity", LOC),
            ("Sergei Lavrov", "entity", PER),
        ],
    );
    annotate(
        &dir,
        "b-agreed.txt",
        "gold",
        &[
            ("Angela Merkel", "entity", PER),
            ("Brussels", "entity", LOC),
        ],
    );
    annotate(
        &dir,
        "c-two.txt",
        "gold",
        &[("prices would rise", "claim", &[])],
    );
    let out = run(&["agree", "--json", "."], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        json["annotators"],
        serde_json::json!(["alice", "bob", "carol"])
    );
    assert_eq!(
        json["overall"], without["overall"],
        "gold changed the mean F1"
    );
    assert_eq!(json["pairs"], without["pairs"]);
    let against = json["against_gold"].as_array().unwrap();
    assert_eq!(against.len(), 3);
    assert_eq!(
        against[0]["annotators"],
        serde_json::json!(["alice", "gold"])
    );
    assert_eq!(against[0]["f1"], 1.0, "gold is alice's version");
    assert!(against[1]["f1"].as_f64().unwrap() < 1.0, "bob differs");
    let table = run(&["agree", "."], &dir);
    let text = stdout(&table);
    assert!(
        text.contains("each annotator against the gold set"),
        "{text}"
    );
    // Named explicitly, gold is compared like anyone.
    let named = run(
        &["agree", "--json", "--annotators", "alice,gold", "."],
        &dir,
    );
    let named: serde_json::Value = serde_json::from_str(&stdout(&named)).unwrap();
    assert_eq!(named["annotators"], serde_json::json!(["alice", "gold"]));
}
