//! The statistics window, driven through the real app: the folder's numbers are the ones
//! `press-annotate stats --json` prints for the same folder, the article's follow each edit,
//! and the folder's are read again after a save.

mod common;

use std::path::Path;

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use press_annotate::app::{Command, PressApp};
use press_annotate::testdata;

fn harness(path: &Path) -> Harness<'static, PressApp> {
    open_with(
        window_builder()
            .with_size([1280.0, 900.0])
            // The generated articles hold CJK, which egui's bundled font draws as boxes.
            .allow_missing_glyphs(),
        Some(path.to_owned()),
        None,
    )
}

/// Runs frames until the folder's numbers are shown and complete.
fn wait_for_folder_numbers(h: &mut Harness<'_, PressApp>) -> serde_json::Value {
    for _ in 0..200 {
        h.step();
        if h.query_by_label_contains("reading the folder").is_none()
            && let Some(numbers) = h.state().statistics().shown()
        {
            return serde_json::to_value(numbers).unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the folder's numbers never came");
}

#[test]
fn the_statistics_window_shows_what_stats_json_prints_and_follows_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    testdata::write_corpus(&dir, 6, 2_000, 15).unwrap();
    // A second annotator's set, and FORMAT.md's example (quotes with speakers, a claim).
    std::fs::copy(assets().join(SAMPLE), dir.join(SAMPLE)).unwrap();
    std::fs::write(dir.join(format!("{SAMPLE}.annotations.ron")), example_set()).unwrap();
    let mut bob = press_annotate::document::Document::open(&dir.join(SAMPLE), Some("bob")).unwrap();
    bob.label_span(0..5, "claim", &Default::default()).unwrap();
    bob.save().unwrap();

    let expected = |dir: &Path| -> serde_json::Value {
        let out = run(&["stats", "--json", dir.to_str().unwrap()], dir);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };

    let mut h = harness(&dir);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    assert!(h.query_by_label("Statistics").is_some());
    h.get_by_label("The folder").click();
    // A spinner turns while the folder is read: frames, not `run` (which waits for stillness).
    h.step();
    let shown = wait_for_folder_numbers(&mut h);
    assert_eq!(shown, expected(&dir));
    assert!(h.query_by_label("Annotations per label").is_some());
    assert!(h.query_by_label("Annotations per annotator").is_some());

    // The article's numbers follow an edit at once.
    h.get_by_label("This article").click();
    h.run();
    let before = h.state().statistics().shown().unwrap().annotations;
    let ctx = h.ctx.clone();
    let word = {
        let doc = h.state().document().unwrap();
        (0..doc.article.len_chars())
            .map(|c| doc.article.word_at(c))
            .find(|w| w.len() > 3 && !doc.set().overlapping(w.clone()).any(|_| true))
            .unwrap()
    };
    h.state_mut().run_command(&ctx, Command::SelectText(word));
    h.key_press(Key::C);
    h.run();
    assert_eq!(
        h.state().statistics().shown().unwrap().annotations,
        before + 1
    );

    // Saved: the folder's numbers are read again and still match `stats --json`.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("The folder").click();
    // A spinner turns while the folder is read: frames, not `run` (which waits for stillness).
    h.step();
    let shown = wait_for_folder_numbers(&mut h);
    assert_eq!(shown, expected(&dir));
    assert_eq!(
        shown["annotations"].as_u64().unwrap(),
        expected(&dir)["annotations"].as_u64().unwrap()
    );
}

/// Opens the statistics window on `dir`'s folder numbers and waits for them (and the
/// agreement, computed by the same background job).
fn folder_statistics(dir: &Path) -> Harness<'static, PressApp> {
    let mut h = harness(dir);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    h.get_by_label("The folder").click();
    h.step();
    wait_for_folder_numbers(&mut h);
    assert!(h.state().statistics().agreement().is_some());
    h.step();
    h
}

#[test]
fn the_statistics_window_shows_the_agreement_of_three_annotators_as_agree_computes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("team");
    std::fs::create_dir_all(&dir).unwrap();
    testdata::write_annotator_corpus(&dir, 6, 1_500, 12, &["alice", "bob", "carol"], 5).unwrap();
    let expected =
        press_annotate::agree::run(std::slice::from_ref(&dir), &Default::default()).unwrap();
    let mean = expected.overall.mean_f1.unwrap();
    let sd = expected.overall.sd_f1.unwrap();
    assert!(mean > 0.3 && mean < 1.0 && sd > 0.0, "{mean} {sd}");

    let h = folder_statistics(&dir);
    assert!(h.query_by_label("Agreement").is_some());
    // The overall line, and every pair's cell of the heat map (both halves), with its F1.
    assert!(
        h.query_by_label(&format!("{mean:.3} ± {sd:.3}")).is_some(),
        "overall {mean:.3} ± {sd:.3} not shown"
    );
    assert_eq!(expected.pairs.len(), 3);
    for pair in &expected.pairs {
        let [a, b] = &pair.annotators;
        let f1 = pair.f1.unwrap();
        for (x, y) in [(a, b), (b, a)] {
            let cell = format!("{x} / {y}: F1 {f1:.3}");
            assert!(
                h.query_by_label(&cell).is_some(),
                "heat map cell {cell} not shown"
            );
        }
        assert!(h.query_by_label(&format!("{a} / {b}")).is_some());
    }
    // Per label: the mean F1 of a label everyone used.
    let per = expected.per_label["PER"].mean_f1.unwrap();
    assert!(h.query_all_by_label(&format!("{per:.3}")).next().is_some());
}

#[test]
fn with_one_annotator_the_statistics_window_says_agreement_needs_two() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("alone");
    std::fs::create_dir_all(&dir).unwrap();
    testdata::write_annotator_corpus(&dir, 3, 1_000, 8, &["alice"], 5).unwrap();
    let h = folder_statistics(&dir);
    assert!(h.query_by_label("Agreement").is_some());
    assert!(
        h.query_by_label_contains("Agreement needs sets of two or more annotators")
            .is_some()
    );
    assert!(h.query_by_label_contains(": F1 ").is_none());
}

/// Issue 18: a folder of 3 articles with 3 annotators has 3 articles (not 9) and their words
/// once, in `stats`, `stats --json` and the window alike; the sets are counted apart.
#[test]
fn three_annotators_sets_count_as_sets_and_their_articles_once() {
    let (_tmp, dir) = team();
    let words: usize = ["a-one.txt", "b-agreed.txt", "c-two.txt"]
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            press_annotate::stats::word_count(&press_annotate::text::Article::new(text))
        })
        .sum();
    let out = run(&["stats", "--json", dir.to_str().unwrap()], &dir);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["articles"], 3, "{json}");
    assert_eq!(json["sets"], 9, "{json}");
    assert_eq!(json["words"], words, "each article's words once");
    let total: u64 = json["sets_by_status"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(total, 9);
    // The density is of each set against its own article: not tripled by three annotators.
    let annotations = json["annotations"].as_f64().unwrap();
    let density = json["spans_per_1000_words"].as_f64().unwrap();
    assert!(
        (density - annotations * 1000.0 / (3.0 * words as f64)).abs() < 1e-9,
        "{density}"
    );
    let text = run(&["stats", dir.to_str().unwrap()], &dir);
    assert!(
        stdout(&text).contains("articles: 3; annotation sets: 9 ("),
        "{}",
        stdout(&text)
    );

    let h = folder_statistics(&dir);
    assert!(h.query_by_label("Articles").is_some());
    assert!(h.query_by_label("Annotation sets").is_some());
    assert!(h.query_by_label("Annotation sets by status").is_some());
    let shown = serde_json::to_value(h.state().statistics().shown().unwrap()).unwrap();
    assert_eq!(shown["articles"], 3);
    assert_eq!(shown["sets"], 9);
}
