//! A team's work in the real app (egui_kittest): compare one's set with a colleague's, then
//! adjudicate a folder labelled by three annotators into gold sets with the keys only, undo a
//! decision, walk to the next article with disagreements, and reopen the gold sets.

mod common;

use std::path::PathBuf;

use common::{key, open_window, press, team};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use press_annotate::adjudicate::GOLD;
use press_annotate::app::article::overlays::OverlayStyle;
use press_annotate::app::modes::Mode;
use press_annotate::app::style::palette;
use press_annotate::app::{Command, PressApp, Settings};
use press_annotate::model::Status;
use press_annotate::store;
use press_annotate::suggest::rejections::Rejections;

fn harness(path: Option<PathBuf>, annotator: Option<&str>) -> Harness<'static, PressApp> {
    open_window(path, annotator)
}

/// The window as `press-annotate --adjudicate DIR` opens it.
fn adjudicating(dir: &std::path::Path) -> Harness<'static, PressApp> {
    adjudicating_with(dir, Settings::default())
}

/// The same with the user's settings.
fn adjudicating_with(dir: &std::path::Path, mut settings: Settings) -> Harness<'static, PressApp> {
    let mut h = harness(None, None);
    let app = h.state_mut();
    app.workspace
        .adjudicate_folder(dir.to_owned(), &mut settings);
    app.settings = settings;
    h.run();
    h
}

/// The colours of the dashed outlines the open mode draws over the text (not the focus).
fn overlay_colours(h: &mut Harness<'_, PressApp>) -> Vec<egui::Color32> {
    let dark = h.state().settings.dark_mode;
    let session = h.state_mut().workspace.session.as_mut().unwrap();
    let overlays = match &mut session.mode {
        Mode::Compare(c) => c.overlays(&session.doc, dark),
        Mode::Adjudicate(a) => a.overlays(&session.doc, dark),
        Mode::Annotate { .. } => panic!("not comparing or adjudicating"),
    };
    let mut colours: Vec<egui::Color32> = overlays
        .list()
        .iter()
        .filter(|o| o.style == OverlayStyle::Dashed)
        .map(|o| o.color)
        .collect();
    colours.dedup();
    colours
}

fn open_name(h: &Harness<'_, PressApp>) -> String {
    h.state()
        .document()
        .and_then(|d| d.source_path.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The gold annotations as (text, flat-ish label, provenance); their notes are left to people
/// (provenance has its own field, format 2).
fn gold(h: &Harness<'_, PressApp>) -> Vec<(String, String, String)> {
    let doc = h.state().document().unwrap();
    doc.set()
        .annotations
        .iter()
        .map(|a| {
            assert_eq!(a.note, None, "provenance is not written into the note");
            let kind = a
                .attribute("type")
                .map_or(a.label.clone(), |t| format!("{}/{t}", a.label));
            (
                a.text.clone(),
                kind,
                format!("from: {}", a.annotators.join(", ")),
            )
        })
        .collect()
}

fn triple(text: &str, kind: &str, note: &str) -> (String, String, String) {
    (text.to_owned(), kind.to_owned(), note.to_owned())
}

#[test]
fn comparing_with_a_colleague_marks_and_lists_the_differences_as_one_edits() {
    let (_tmp, dir) = team();
    let mut h = harness(Some(dir.clone()), Some("alice"));
    h.run();
    assert_eq!(open_name(&h), "a-one.txt");
    // View → Compare with → bob.
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Compare with").click();
    h.run();
    h.get_by_label("bob").click();
    h.run();
    h.get_by_label_contains("Compared with bob: 2 differences");
    h.get_by_label_contains("other label");
    h.get_by_label_contains("other boundaries");
    // Their spans that differ are outlined (drawn, not saved): nothing changed on disk.
    let mine_before = std::fs::read(store::annotation_path(
        &dir.join("a-one.txt"),
        Some("alice"),
    ))
    .unwrap();
    // F4 walks the differences: the first is Geneva (alice LOC, bob ORG).
    key(&mut h, Key::F4);
    let compare = h.state().session().unwrap().compare().unwrap();
    assert_eq!(compare.current, Some(0));
    // Bob's spans are dashed in bob's own colour (the second annotator of the article, as in
    // adjudication), not in their labels' colours.
    let dashed = overlay_colours(&mut h);
    assert_eq!(
        dashed,
        vec![palette::annotator_color(1, false)],
        "{dashed:?}"
    );
    // Alice agrees with bob: select her Geneva and press o (organisation).
    let geneva = h
        .state()
        .document()
        .unwrap()
        .set()
        .annotations
        .iter()
        .find(|a| a.text == "Geneva")
        .unwrap()
        .id;
    let ctx = h.ctx.clone();
    h.state_mut()
        .run_command(&ctx, Command::GoToAnnotation(geneva));
    h.run();
    key(&mut h, Key::O);
    h.get_by_label_contains("Compared with bob: 1 difference");
    // Undo brings the difference back.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    h.get_by_label_contains("Compared with bob: 2 differences");
    // Enter takes bob's version of the current difference: Geneva as an organisation.
    key(&mut h, Key::Enter);
    h.get_by_label_contains("Compared with bob: 1 difference");
    assert_eq!(
        h.state()
            .document()
            .unwrap()
            .annotation(geneva)
            .unwrap()
            .attribute("type"),
        Some("organization")
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    h.get_by_label_contains("Compared with bob: 2 differences");
    // Ctrl+Shift+Enter takes all of bob's (his "Lavrov" too, in place of alice's "Sergei
    // Lavrov"), and one Ctrl+Z gives them all back.
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Enter);
    h.get_by_label_contains("Compared with bob: 0 differences");
    assert!(
        h.state()
            .document()
            .unwrap()
            .set()
            .annotations
            .iter()
            .any(|a| a.text == "Lavrov")
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    h.get_by_label_contains("Compared with bob: 2 differences");
    // Comparing goes on in the next article: c-two, where bob has nothing (1 difference).
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    h.get_by_label_contains("Compared with bob: 1 difference");
    press(&mut h, Modifiers::COMMAND, Key::PageUp);
    press(&mut h, Modifiers::COMMAND, Key::PageUp);
    h.get_by_label_contains("Compared with bob: 2 differences");
    // Stop comparing: the panel goes.
    h.get_by_label("Stop comparing").click();
    h.run();
    assert!(h.query_by_label_contains("Compared with bob").is_none());
    assert_eq!(
        std::fs::read(store::annotation_path(
            &dir.join("a-one.txt"),
            Some("alice")
        ))
        .unwrap(),
        mine_before,
        "bob's set never leaks into alice's"
    );
}

#[test]
fn a_folder_is_adjudicated_into_gold_sets_with_the_keys_only() {
    let (_tmp, dir) = team();
    let annotators_before: Vec<Vec<u8>> = ["alice", "bob", "carol"]
        .iter()
        .map(|who| {
            std::fs::read(store::annotation_path(&dir.join("a-one.txt"), Some(who))).unwrap()
        })
        .collect();
    // `press-annotate --adjudicate team/`.
    let mut h = adjudicating(&dir);
    assert_eq!(open_name(&h), "a-one.txt");
    assert_eq!(h.state().annotator().as_deref(), Some(GOLD));
    // What all three agree on is in gold already, with where it came from.
    assert_eq!(
        gold(&h),
        vec![triple(
            "John Kerry",
            "entity/person",
            "from: alice, bob, carol"
        )]
    );
    h.get_by_label_contains("0 of 2 disagreements decided");
    // Each annotator's version of Geneva is dashed in their own colour: alice, bob, carol
    // (the other open disagreement, Lavrov, in grey).
    let grey = egui::Color32::from_gray(120);
    let colours = overlay_colours(&mut h);
    assert!(colours.contains(&grey), "{colours:?}");
    assert_eq!(
        colours
            .into_iter()
            .filter(|&c| c != grey)
            .collect::<Vec<_>>(),
        (0..3)
            .map(|who| palette::annotator_color(who, false))
            .collect::<Vec<_>>()
    );
    // Geneva first: 1 takes alice's location (carol has the same).
    key(&mut h, Key::Num1);
    h.get_by_label_contains("1 of 2 disagreements decided");
    // Then Lavrov: x rejects both versions... and Ctrl+Z takes the rejection back.
    key(&mut h, Key::X);
    h.get_by_label_contains("2 of 2 disagreements decided");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    h.get_by_label_contains("1 of 2 disagreements decided");
    // One history: Ctrl+Y rejects it again, Ctrl+Z takes it back again.
    press(&mut h, Modifiers::COMMAND, Key::Y);
    h.get_by_label_contains("2 of 2 disagreements decided");
    let one_gold_path = store::annotation_path(&dir.join("a-one.txt"), Some(GOLD));
    assert!(!Rejections::load(&one_gold_path).unwrap().is_empty());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    h.get_by_label_contains("1 of 2 disagreements decided");
    assert!(Rejections::load(&one_gold_path).unwrap().is_empty());
    // 2 takes bob's "Lavrov".
    key(&mut h, Key::Num2);
    h.get_by_label_contains("2 of 2 disagreements decided");
    assert_eq!(
        gold(&h),
        vec![
            triple("John Kerry", "entity/person", "from: alice, bob, carol"),
            triple("Geneva", "entity/location", "from: alice, carol"),
            triple("Lavrov", "entity/person", "from: bob"),
        ]
    );
    // Ctrl+Enter: Done, saved, and on to the next article with disagreements (b-agreed has
    // none: it is skipped).
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    assert_eq!(open_name(&h), "c-two.txt");
    let one_gold = store::load(&dir.join("a-one.txt"), Some(GOLD)).unwrap().set;
    assert_eq!(one_gold.status, Status::Done);
    assert_eq!(one_gold.annotations.len(), 3);
    // c-two: bob left the claim out; x rejects it, and the rejection is remembered.
    h.get_by_label_contains("0 of 1 disagreements decided");
    key(&mut h, Key::X);
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    let two_gold_path = store::annotation_path(&dir.join("c-two.txt"), Some(GOLD));
    assert!(
        Rejections::load(&two_gold_path)
            .unwrap()
            .contains("claim", 25, 42)
    );
    assert!(
        h.state()
            .message()
            .is_some_and(|m| m.contains("No article after this one has disagreements")),
        "{:?}",
        h.state().message()
    );
    drop(h);

    // Adjudicating again later: the decided articles stay decided; the one not Done yet
    // (b-agreed) opens with its agreed spans accepted and nothing to decide.
    let h = adjudicating(&dir);
    assert_eq!(open_name(&h), "b-agreed.txt");
    h.get_by_label_contains("0 of 0 disagreements decided");
    assert_eq!(gold(&h).len(), 2);
    drop(h);

    // The gold set is an ordinary set: open it as annotator gold.
    let mut h = harness(Some(dir.join("a-one.txt")), Some(GOLD));
    h.run();
    assert_eq!(gold(&h).len(), 3);
    assert!(h.state().session().unwrap().adjudication().is_none());
    // The annotators' own sets were never touched.
    for (who, before) in ["alice", "bob", "carol"].iter().zip(&annotators_before) {
        assert_eq!(
            &std::fs::read(store::annotation_path(&dir.join("a-one.txt"), Some(who))).unwrap(),
            before
        );
    }
}

/// The sample article labelled by alice (FORMAT.md's example set: the quote linked to "one
/// official") and bob (the same spans, the quote without its speaker link).
fn quote_without_its_link() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("team");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        common::assets().join(common::SAMPLE),
        dir.join(common::SAMPLE),
    )
    .unwrap();
    let source = dir.join(common::SAMPLE);
    let alice = common::example_set().replace("annotator: None", "annotator: Some(\"alice\")");
    std::fs::write(store::annotation_path(&source, Some("alice")), &alice).unwrap();
    let bob: String = common::example_set()
        .replace("annotator: None", "annotator: Some(\"bob\")")
        .lines()
        .filter(|l| !l.contains("Relation("))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(store::annotation_path(&source, Some("bob")), bob).unwrap();
    (tmp, dir)
}

#[test]
fn a_speaker_link_is_drawn_again_by_keys_while_adjudicating() {
    let (_tmp, dir) = quote_without_its_link();
    let mut h = adjudicating(&dir);
    // Everything but the quote is agreed; the quote is the disagreement (alice linked it).
    h.get_by_label_contains("0 of 1 disagreements decided");
    // 2 takes bob's version: the quote, without a speaker.
    key(&mut h, Key::Num2);
    h.get_by_label_contains("1 of 1 disagreements decided");
    let doc = h.state().document().unwrap();
    let quote = doc
        .set()
        .annotations
        .iter()
        .find(|a| a.label == "quote")
        .unwrap()
        .id;
    let official = doc
        .set()
        .annotations
        .iter()
        .find(|a| a.text == "one official")
        .unwrap()
        .id;
    assert!(doc.set().relations.is_empty());
    // The quote selected (as the side panel's list does), r: link mode; Tab goes to the
    // nearest entity, "one official", and Enter links it.
    let ctx = h.ctx.clone();
    h.state_mut()
        .run_command(&ctx, Command::SelectAnnotation(quote));
    h.run();
    key(&mut h, Key::R);
    assert_eq!(h.state().linking(), Some(&(quote, "speaker".to_owned())));
    key(&mut h, Key::Tab);
    assert!(
        h.state()
            .message()
            .unwrap_or_default()
            .contains("one official"),
        "{:?}",
        h.state().message()
    );
    key(&mut h, Key::Enter);
    let relations: Vec<(String, u64, u64)> = h
        .state()
        .document()
        .unwrap()
        .set()
        .relations
        .iter()
        .map(|r| (r.label.clone(), r.from, r.to))
        .collect();
    assert_eq!(relations, [("speaker".to_owned(), quote, official)]);
    assert!(h.state().linking().is_none());
    // Still adjudicating, and Ctrl+Z takes the link back.
    assert!(h.state().session().unwrap().adjudication().is_some());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().document().unwrap().set().relations.is_empty());
}

/// Alice and bob each accept the same suggested quote in the window (Tab, Enter): their sets
/// agree on it only because both took the suggestion. Adjudicating, it is not taken into gold
/// on its own like the rest of their agreement: it waits, named as such, for a key; `1` takes
/// it, Ctrl+Z puts it back to wait, and the setting turned on takes it on opening.
#[test]
fn agreement_only_through_a_suggestion_waits_for_a_key_while_adjudicating() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("team");
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join(common::SAMPLE);
    std::fs::copy(common::assets().join(common::SAMPLE), &source).unwrap();
    for who in ["alice", "bob"] {
        let mut h = harness(Some(source.clone()), Some(who));
        h.run();
        // Tab: the first suggested quote, with its speaker; Enter accepts both.
        key(&mut h, Key::Tab);
        key(&mut h, Key::Enter);
        press(&mut h, Modifiers::COMMAND, Key::S);
        let set = store::load(&source, Some(who)).unwrap().set;
        assert!(
            set.annotations
                .iter()
                .any(|a| a.label == "quote" && a.suggested.as_deref() == Some("quotes")),
            "{who}'s accepted quote remembers it came from a suggestion: {:?}",
            set.annotations
        );
    }
    let mut h = adjudicating(&dir);
    assert!(
        h.state().document().unwrap().set().annotations.is_empty(),
        "nothing taken on its own: {:?}",
        h.state().document().unwrap().set().annotations
    );
    h.get_by_label_contains("Agreed only through a suggestion");
    h.get_by_label_contains("0 of 2 disagreements decided");
    // 1 takes alice's version (the same as bob's): into gold, without the suggestion mark.
    key(&mut h, Key::Num1);
    h.get_by_label_contains("1 of 2 disagreements decided");
    let taken: Vec<(String, Option<String>)> = h
        .state()
        .document()
        .unwrap()
        .set()
        .annotations
        .iter()
        .map(|a| (a.label.clone(), a.suggested.clone()))
        .collect();
    assert!(
        !taken.is_empty() && taken.iter().all(|(_, s)| s.is_none()),
        "{taken:?}"
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    h.get_by_label_contains("0 of 2 disagreements decided");
    drop(h);

    // Turned on (Settings → …also when all only accepted the same suggestion), it is taken on
    // opening like any agreement.
    let h = adjudicating_with(
        &dir,
        Settings {
            auto_accept_suggested: true,
            ..Settings::default()
        },
    );
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 2);
    h.get_by_label_contains("0 of 0 disagreements decided");
}
