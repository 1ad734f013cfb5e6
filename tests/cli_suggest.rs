//! `press-annotate suggest` on real files: JSON lines, --only, --apply (sets not Done,
//! atomically, counts), patterns beside the schema, and bad inputs named without changing
//! anything.

mod common;

use common::*;

const ARTICLE: &str = "Kerry and Lavrov meet again\n\n“We have made steady progress on the text of the agreement,” Sergei Lavrov told reporters in Geneva. Lavrov did not say more.\n";

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    std::fs::write(
        dir.path().join("patterns.jsonl"),
        "{\"label\": \"GPE\", \"pattern\": \"Geneva\"}\n{\"label\": \"PERSON\", \"pattern\": [{\"LOWER\": \"sergei\"}, {\"IS_TITLE\": true}]}\n",
    )
    .unwrap();
    dir
}

fn lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn json_lines_carry_article_span_text_attributes_source_and_speaker() {
    let dir = folder();
    let before = snapshot(dir.path());
    let out = run(&["suggest", "--json", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = lines(&out);
    let quote = json.iter().find(|j| j["label"] == "quote").unwrap();
    assert_eq!(quote["article"], "./a.txt");
    assert_eq!(
        quote["text"],
        "We have made steady progress on the text of the agreement"
    );
    assert_eq!(quote["attributes"], serde_json::json!({"form": "direct"}));
    assert_eq!(quote["source"], "quotes");
    assert_eq!(quote["speaker"]["text"], "Sergei Lavrov");
    let start = quote["start"].as_u64().unwrap() as usize;
    let end = quote["end"].as_u64().unwrap() as usize;
    let chars: Vec<char> = ARTICLE.chars().collect();
    assert_eq!(chars[start..end].iter().collect::<String>(), quote["text"]);
    let entities: Vec<(&str, &str)> = json
        .iter()
        .filter(|j| j["label"] == "entity")
        .map(|j| {
            (
                j["text"].as_str().unwrap(),
                j["attributes"]["type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        entities,
        [("Sergei Lavrov", "person"), ("Geneva", "location")]
    );
    assert!(
        json.iter()
            .filter(|j| j["label"] == "entity")
            .all(|j| j["speaker"].is_null())
    );
    assert_eq!(snapshot(dir.path()), before, "suggest changed a file");

    let only = run(
        &["suggest", "--json", "--only", "patterns", "a.txt"],
        dir.path(),
    );
    assert!(lines(&only).iter().all(|j| j["source"] == "patterns"));
    let only = run(
        &["suggest", "--json", "--only", "quote", "a.txt"],
        dir.path(),
    );
    assert!(lines(&only).iter().all(|j| j["label"] == "quote"));
    let text = run(&["suggest", "a.txt"], dir.path());
    assert!(
        stdout(&text).contains("speaker: \"Sergei Lavrov\""),
        "{}",
        stdout(&text)
    );
    let bad = run(&["suggest", "--only", "Quotes!", "a.txt"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn apply_adds_quotes_with_speakers_to_sets_not_done_and_only_once() {
    let dir = folder();
    std::fs::write(dir.path().join("b.txt"), ARTICLE).unwrap();
    // b.txt's set is Done: left alone.
    let b = dir.path().join("b.txt");
    let mut loaded = press_annotate::store::load(&b, Some("alice")).unwrap();
    loaded.set.status = press_annotate::model::Status::Done;
    let set_b = dir.path().join("b.txt.alice.annotations.ron");
    press_annotate::store::save(&set_b, &loaded.set).unwrap();
    let b_before = std::fs::read(&set_b).unwrap();

    let out = run(
        &["suggest", "--apply", "--annotator", "alice", "."],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 set(s) marked Done left alone"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("1 quote"), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 speaker"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&set_b).unwrap(), b_before);
    let set = std::fs::read_to_string(dir.path().join("a.txt.alice.annotations.ron")).unwrap();
    assert!(set.contains("text: \"Sergei Lavrov\""), "{set}");
    assert!(set.contains("label: \"speaker\""), "{set}");
    let valid = run(&["validate", "."], dir.path());
    assert_eq!(valid.status.code(), Some(0), "{}", stdout(&valid));
    // Everything is annotated now: a second run suggests and adds nothing new.
    let again = run(
        &["suggest", "--json", "--annotator", "alice", "a.txt"],
        dir.path(),
    );
    let left: Vec<serde_json::Value> = lines(&again);
    assert!(left.iter().all(|j| j["label"] != "quote"), "{left:?}");
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".tmp")),
        "a temporary file was left"
    );
}

#[test]
fn bad_patterns_and_rejections_files_are_named_and_left_untouched() {
    let dir = folder();
    std::fs::write(
        dir.path().join("patterns.jsonl"),
        "{\"label\": \"GPE\", \"pattern\": \"Geneva\"}\n{\"label\": \"ORG\", \"pattern\": [{\"SHAPE\": \"Xx\"}]}\n",
    )
    .unwrap();
    let rejected = dir.path().join("a.txt.rejected.ron");
    std::fs::write(&rejected, "Rejections(format: 1, rejected: [oops").unwrap();
    let before = snapshot(dir.path());
    let out = run(&["suggest", "--apply", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("patterns.jsonl:2:"), "{err}");
    assert!(err.contains("SHAPE"), "{err}");
    assert!(err.contains("a.txt.rejected.ron"), "{err}");
    assert_eq!(snapshot(dir.path()), before, "a file changed");
}

/// A name labelled once and repeated is one propagation line carrying every place (`places`,
/// in code points, after an emoji too), "and N more place(s)" in plain text, and `--apply`
/// labels every place.
#[test]
fn a_repeated_name_is_one_line_with_all_its_places_and_apply_labels_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Kerry 🙂 met Lavrov. Later Kerry spoke; Kerry’s aide and Kerryman did not.\n";
    std::fs::write(dir.path().join("r.txt"), text).unwrap();
    annotate(dir.path(), "r.txt", "alice", &[("Kerry", "entity", PER)]);
    let out = run(
        &["suggest", "--json", "--only", "propagation", "r.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json = lines(&out);
    assert_eq!(json.len(), 1, "{json:?}");
    let chars: Vec<char> = text.chars().collect();
    let places: Vec<String> = json[0]["places"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let (s, e) = (
                p[0].as_u64().unwrap() as usize,
                p[1].as_u64().unwrap() as usize,
            );
            chars[s..e].iter().collect()
        })
        .collect();
    assert_eq!(places, ["Kerry", "Kerry"], "not inside Kerryman");
    assert_eq!(json[0]["start"], json[0]["places"][0][0]);
    let plain = run(&["suggest", "--only", "propagation", "r.txt"], dir.path());
    assert!(
        stdout(&plain).contains("and 1 more place(s)"),
        "{}",
        stdout(&plain)
    );
    let applied = run(
        &[
            "suggest",
            "--apply",
            "--only",
            "propagation",
            "--annotator",
            "alice",
            "r.txt",
        ],
        dir.path(),
    );
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    assert!(
        stderr(&applied).contains("added spans: 2 entity"),
        "{}",
        stderr(&applied)
    );
    let again = run(
        &["suggest", "--json", "--only", "propagation", "r.txt"],
        dir.path(),
    );
    assert!(lines(&again).is_empty());
}
