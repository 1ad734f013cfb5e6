//! The real app, driven through egui_kittest like a user: keys, clicks and drags in the
//! window; what lands on disk is checked against FORMAT.md.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use press_annotate::app::PressApp;
use press_annotate::store;

fn harness(path: &Path) -> Harness<'static, PressApp> {
    harness_stepping(path, 0.25)
}

/// A harness whose clock advances `step_dt` seconds per frame.
fn harness_stepping(path: &Path, step_dt: f32) -> Harness<'static, PressApp> {
    open_with(
        window_builder().with_step_dt(step_dt),
        Some(path.to_owned()),
        None,
    )
}

fn type_text(harness: &mut Harness<'_, PressApp>, text: &str) {
    harness.event(Event::Text(text.to_owned()));
    harness.run();
}

/// Presses and releases the mouse button on char `char` of the article, in one frame.
fn click_char(h: &mut Harness<'_, PressApp>, char: usize) {
    let pos = h
        .state()
        .view()
        .char_screen_rect(char)
        .expect("char visible")
        .center();
    h.event(Event::PointerMoved(pos));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
}

/// Gives the app a command directly (for steps that are not what the test is about).
fn command(h: &mut Harness<'_, PressApp>, command: press_annotate::app::Command) {
    let ctx = h.ctx.clone();
    h.state_mut().run_command(&ctx, command);
    h.run();
}

/// What the window manager sends when the user closes the window.
fn request_close(h: &mut Harness<'_, PressApp>) {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
}

fn saved_set(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(format!("{SAMPLE}.annotations.ron"))).unwrap()
}

fn sample() -> (tempfile::TempDir, PathBuf) {
    let dir = sample_corpus();
    let path = dir.path().join(SAMPLE);
    (dir, path)
}

/// Drags the mouse from the left edge of char `from` to the right edge of char `to`.
fn drag(harness: &mut Harness<'_, PressApp>, from: usize, to: usize, modifiers: Modifiers) {
    let view = harness.state().view();
    let a = view.char_screen_rect(from).expect("start char visible");
    let a = Pos2::new(a.left() + 1.0, a.center().y);
    let b = view.char_screen_rect(to).expect("end char visible");
    let b = Pos2::new(b.right() - 1.0, b.center().y);
    let button = |pos: Pos2, pressed| Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers,
    };
    // Held keys show in the input's modifiers, as with a real keyboard.
    harness.event(Event::ModifiersChanged(modifiers));
    harness.event(Event::PointerMoved(a));
    harness.event(button(a, true));
    harness.step();
    let mid = Pos2::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
    harness.event(Event::PointerMoved(mid));
    harness.step();
    harness.event(Event::PointerMoved(b));
    harness.step();
    harness.event(button(b, false));
    harness.run();
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
}

#[test]
fn find_label_set_attribute_undo_redo_delete_save_and_reopen() {
    let (dir, path) = sample();
    let mut h = harness(&path);
    h.state_mut().settings.autosave = false;
    h.run();
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 5);

    // Find a phrase; the current match becomes the selection.
    press(&mut h, Modifiers::COMMAND, Key::F);
    type_text(&mut h, "moscow SUPPORTS");
    press(&mut h, Modifiers::NONE, Key::Enter);
    let selection = h.state().selection().expect("the match is selected");
    let article = &h.state().document().unwrap().article;
    assert_eq!(article.slice(selection.clone()), "Moscow supports");
    assert!(h.query_by_label_contains("1 of 1").is_some());

    // Esc closes the find bar and keeps the match; `q` labels it as a quote.
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.state().selection(), Some(selection.clone()));
    press(&mut h, Modifiers::NONE, Key::Q);
    let doc = h.state().document().unwrap();
    let id = h
        .state()
        .selected()
        .expect("the new annotation is selected");
    let quote = doc.annotation(id).unwrap();
    assert_eq!(
        (quote.label.as_str(), quote.text.as_str()),
        ("quote", "Moscow supports")
    );
    // No judgement nobody made: the form is left for the labeler to set.
    assert_eq!(quote.attribute("form"), None);
    assert!(
        h.query_by_label_contains("quote2").is_some()
            || h.query_by_label_contains("quote 2").is_some()
            || doc.set().count_by_label()["quote"] == 2
    );

    // Set an attribute in the side panel.
    assert_eq!(h.get_by_label("form").value().as_deref(), Some("not set"));
    h.get_by_label("form").click();
    h.run();
    h.get_by_label("indirect").click();
    h.run();
    let form = |h: &Harness<'_, PressApp>| {
        h.state()
            .document()
            .unwrap()
            .annotation(id)
            .map(|a| a.attribute("form").unwrap_or("").to_owned())
    };
    assert_eq!(form(&h).as_deref(), Some("indirect"));

    // Undo, redo.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(form(&h).as_deref(), Some(""), "undo: not set again");
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(form(&h).as_deref(), Some("indirect"));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(form(&h).as_deref(), Some("indirect"));

    // Delete, undo the delete.
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert!(h.state().document().unwrap().annotation(id).is_none());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().document().unwrap().annotation(id).is_some());

    // Nothing is written until Ctrl+S (autosave is off here).
    assert_eq!(saved_set(dir.path()), example_set());
    assert!(h.query_by_label("Unsaved").is_some());
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(h.query_by_label("Saved").is_some());
    let text = saved_set(dir.path());
    assert!(
        text.contains(&format!(
            "        Annotation(id: {id}, label: \"quote\", start: {}, end: {}, text: \"Moscow supports\", attributes: {{\"form\": \"indirect\"}}),\n",
            selection.start, selection.end
        )),
        "{text}"
    );

    // Reopen: the same set.
    let before = h.state().document().unwrap().set().clone();
    let again = harness(&path);
    assert_eq!(again.state().document().unwrap().set(), &before);
    // And the file is valid per FORMAT.md.
    assert!(store::load(&path, None).is_ok());
}

#[test]
fn drag_snaps_to_words_double_click_selects_a_word_and_digits_label() {
    let (_dir, path) = sample();
    // Frames a twentieth of a second apart, so two clicks make a double-click.
    let mut h = harness_stepping(&path, 0.05);
    h.run();
    // "U.S. Secretary of State John Kerry" starts at 73; drag from inside "Secretary" to inside
    // "State": the selection snaps to whole words.
    let text = h.state().document().unwrap().article.text().to_owned();
    let at = |needle: &str| text[..text.find(needle).unwrap()].chars().count();
    drag(
        &mut h,
        at("Secretary") + 3,
        at("State") + 2,
        Modifiers::NONE,
    );
    let article = &h.state().document().unwrap().article;
    assert_eq!(
        article.slice(h.state().selection().unwrap()),
        "Secretary of State"
    );

    // Alt keeps the exact characters.
    drag(&mut h, at("Secretary") + 3, at("State") + 2, Modifiers::ALT);
    let article = &h.state().document().unwrap().article;
    assert_eq!(
        article.slice(h.state().selection().unwrap()),
        "retary of Sta"
    );

    // Double-click a word, then key 6 (the sixth toolbar label: location).
    for _ in 0..2 {
        click_char(&mut h, at("Switzerland") + 2);
        h.step();
    }
    h.run();
    let article = &h.state().document().unwrap().article;
    assert_eq!(article.slice(h.state().selection().unwrap()), "Switzerland");
    press(&mut h, Modifiers::NONE, Key::Num6);
    let doc = h.state().document().unwrap();
    let a = doc.annotation(h.state().selected().unwrap()).unwrap();
    assert_eq!(
        (a.label.as_str(), a.attribute("type")),
        ("entity", Some("location"))
    );
}

#[test]
fn clicking_a_highlight_selects_it_and_the_list_selects_too() {
    let (_dir, path) = sample();
    let mut h = harness(&path);
    h.run();
    click_char(&mut h, 100); // inside "John Kerry"
    h.run();
    assert_eq!(h.state().selected(), Some(1));
    assert!(h.query_by_label("Annotation #1").is_some());
    h.get_by_label_contains("Moscow cannot be trusted").click();
    h.run();
    assert_eq!(h.state().selected(), Some(6));
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.state().selected(), None);
}

#[test]
fn autosave_writes_within_two_seconds_of_the_last_edit() {
    let (dir, path) = sample();
    let mut h = harness(&path);
    h.run();
    command(&mut h, press_annotate::app::Command::SelectText(0..5));
    press(&mut h, Modifiers::NONE, Key::C);
    assert_eq!(saved_set(dir.path()), example_set(), "not saved at once");
    // kittest advances the clock by a quarter second per step.
    for _ in 0..8 {
        h.step();
    }
    let text = saved_set(dir.path());
    assert!(
        text.contains("label: \"claim\", start: 0, end: 5, text: \"Kerry\""),
        "{text}"
    );
    assert!(h.query_by_label("Saved").is_some());
}

#[test]
fn a_failed_save_is_shown_offers_save_as_and_keeps_the_edits() {
    let (dir, path) = sample();
    let mut h = harness(&path);
    h.state_mut().settings.autosave = false;
    h.run();
    command(&mut h, press_annotate::app::Command::SelectText(0..5));
    press(&mut h, Modifiers::NONE, Key::C);
    // Something else took the file's place: a folder. The save must fail, not destroy it.
    let target = dir.path().join(format!("{SAMPLE}.annotations.ron"));
    std::fs::remove_file(&target).unwrap();
    std::fs::create_dir(&target).unwrap();
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(h.state().save_error().is_some());
    assert!(h.query_by_label("Could not save").is_some());
    assert!(h.query_by_label_contains("Save as").is_some());
    assert!(h.query_by_label("Not saved").is_some());
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 6);
    assert!(target.is_dir());
    // Save As to a writable place works and clears the error.
    let elsewhere = dir.path().join("rescued.annotations.ron");
    command(
        &mut h,
        press_annotate::app::Command::SaveAsPath(elsewhere.clone()),
    );
    h.run();
    assert!(h.state().save_error().is_none());
    assert!(
        std::fs::read_to_string(elsewhere)
            .unwrap()
            .contains("\"Kerry\"")
    );
}

#[test]
fn closing_the_window_saves_unsaved_edits() {
    let (dir, path) = sample();
    let mut h = harness(&path);
    h.state_mut().settings.autosave = true;
    h.run();
    command(&mut h, press_annotate::app::Command::SelectText(0..5));
    press(&mut h, Modifiers::NONE, Key::C);
    request_close(&mut h);
    h.step();
    assert!(saved_set(dir.path()).contains("\"Kerry\""));
}

#[test]
fn closing_with_autosave_off_asks_first() {
    let (dir, path) = sample();
    let mut h = harness(&path);
    h.state_mut().settings.autosave = false;
    h.run();
    command(&mut h, press_annotate::app::Command::SelectText(0..5));
    press(&mut h, Modifiers::NONE, Key::C);
    request_close(&mut h);
    h.run();
    assert!(h.query_by_label("Unsaved annotations").is_some());
    h.get_by_label("Save").click();
    h.run();
    assert!(saved_set(dir.path()).contains("\"Kerry\""));
}

#[test]
fn status_bar_status_cycles_and_is_saved() {
    let (dir, path) = sample();
    let mut h = harness(&path);
    h.run();
    h.get_by_label("In progress").click();
    h.run();
    assert!(h.query_by_label("Done").is_some());
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(saved_set(dir.path()).contains("    status: Done,\n"));
}

#[test]
fn a_changed_article_is_reanchored_and_its_orphan_can_be_reattached() {
    let (dir, path) = sample();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("UPDATED: {text}").replacen("one official said", "an aide said", 1),
    )
    .unwrap();
    let mut h = harness(&path);
    h.state_mut().settings.autosave = false;
    h.run();
    assert!(
        h.query_by_label_contains("Article changed: 4 annotations moved, 1 became an orphan")
            .is_some()
    );
    assert!(
        h.query_by_label("1 orphan(s): see the side panel")
            .is_some()
    );
    let doc = h.state().document().unwrap();
    let at = doc.article.text().find("an aide").unwrap();
    let start = doc.article.byte_to_char(at);
    command(
        &mut h,
        press_annotate::app::Command::SelectText(start..start + 7),
    );
    h.run();
    h.get_by_label("Re-attach to selection").click();
    h.run();
    let doc = h.state().document().unwrap();
    assert!(doc.set().orphans.is_empty());
    assert_eq!(doc.annotation(4).unwrap().text, "an aide");
    // The speaker relation survived the round trip through the orphans.
    assert_eq!(doc.set().relations_of(4).count(), 1);
    press(&mut h, Modifiers::COMMAND, Key::S);
    let loaded = store::load(&path, None).unwrap();
    assert!(!loaded.report.source_changed);
    assert_eq!(loaded.set.annotation(4).unwrap().text, "an aide");
    let _ = dir;
}

#[test]
fn a_broken_annotation_file_is_reported_and_never_overwritten() {
    let (dir, path) = sample();
    let broken = example_set().replace("format: 1,", "format: 9,");
    std::fs::write(
        dir.path().join(format!("{SAMPLE}.annotations.ron")),
        &broken,
    )
    .unwrap();
    let mut h = harness(&path);
    h.run();
    assert!(h.state().document().is_none());
    assert!(h.query_by_label("Could not open").is_some());
    assert!(h.state().open_errors().unwrap().contains("newer version"));
    press(&mut h, Modifiers::COMMAND, Key::S);
    for _ in 0..10 {
        h.step();
    }
    assert_eq!(saved_set(dir.path()), broken);
}

#[test]
fn the_path_field_completes_and_opens() {
    let (dir, _path) = sample();
    std::fs::write(
        dir.path().join("second-story.txt"),
        "Angela Merkel met 習近平 in Berlin.",
    )
    .unwrap();
    // The second article has CJK text, which egui's bundled fonts cannot draw: this test is
    // about opening, so tofu is fine here (the snapshot tests draw CJK with system fonts).
    let mut h = open_with(
        window_builder().with_max_steps(4).allow_missing_glyphs(),
        None,
        None,
    );
    h.run();
    assert!(h.query_by_label_contains("Open path").is_some());
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    assert!(h.query_by_label("Open article").is_some());
    // Replace the start folder with ours, then complete "sec" with Tab.
    press(&mut h, Modifiers::COMMAND, Key::A);
    type_text(&mut h, &format!("{}/sec", dir.path().display()));
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::Enter);
    let doc = h.state().document().expect("opened");
    assert_eq!(doc.source_path.file_name().unwrap(), "second-story.txt");
    assert_eq!(doc.article.len_chars(), 32);
}

#[test]
fn help_lists_the_shortcuts_from_the_one_table() {
    let (_dir, path) = sample();
    let mut h = harness(&path);
    h.run();
    press(&mut h, Modifiers::NONE, Key::F1);
    assert!(
        h.get_all_by_label("Keyboard shortcuts").count() >= 2,
        "menu item and window"
    );
    assert!(
        h.query_by_label("Label the selection as entity (type: person)")
            .is_some()
    );
    assert!(h.query_by_label("Find next").is_some());
}

/// A schema that binds `r` (the window's link key) is refused when the article opens, with
/// the file and the reason shown, instead of a label key that could never label; with the
/// key changed, the letter labels.
#[test]
fn a_schema_key_r_is_refused_with_the_reason_and_another_letter_labels() {
    let (dir, path) = sample();
    let mut schema = press_annotate::schema::Schema::default();
    schema.keys[0].key = 'r';
    let schema_file = dir.path().join("annotation-schema.ron");
    std::fs::write(&schema_file, schema.to_ron()).unwrap();
    let mut h = harness(&path);
    h.run();
    let errors = h.state().open_errors().unwrap_or_default().to_owned();
    assert!(errors.contains("annotation-schema.ron"), "{errors}");
    assert!(
        errors.contains("key 'r' is taken by the window"),
        "{errors}"
    );
    assert!(h.state().document().is_none());
    // Bound to `k` instead, the same label works from the keyboard.
    schema.keys[0].key = 'k';
    std::fs::write(&schema_file, schema.to_ron()).unwrap();
    let ctx = h.ctx.clone();
    h.state_mut()
        .run_command(&ctx, press_annotate::app::Command::OpenPath(path.clone()));
    h.run();
    command(&mut h, press_annotate::app::Command::SelectText(0..5));
    press(&mut h, Modifiers::NONE, Key::K);
    let set = h.state().document().unwrap().set();
    assert!(
        set.annotations
            .iter()
            .any(|a| a.start == 0 && a.label == schema.keys[0].label),
        "{:?}",
        set.annotations
    );
}

#[test]
fn label_keys_do_nothing_while_typing_a_note() {
    let (_dir, path) = sample();
    let mut h = harness(&path);
    h.run();
    h.get_by_label_contains("Moscow cannot be trusted").click();
    h.run();
    let before = h.state().document().unwrap().set().annotations.len();
    h.get_all_by_value("attributed to unnamed officials")
        .next()
        .unwrap()
        .focus();
    h.run();
    type_text(&mut h, " q");
    press(&mut h, Modifiers::NONE, Key::Q);
    assert_eq!(
        h.state().document().unwrap().set().annotations.len(),
        before
    );
}

#[test]
fn file_export_writes_the_dataset_with_a_progress_bar_then_a_summary() {
    let (dir, path) = sample();
    let mut h = harness(&path);
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::E);
    assert!(h.query_by_label("Output file").is_some());
    h.get_by_label("format").click();
    h.run();
    h.get_by_label("doccano").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Export")
        .click();
    let out = dir.path().join("kerry-lavrov-syria.doccano.jsonl");
    for _ in 0..100 {
        h.step();
        if h.query_by_label_contains("Written to").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        h.query_by_label_contains("exported 1 article, 5 annotations")
            .is_some()
    );
    let line = std::fs::read_to_string(out).unwrap();
    let value: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(value["entities"].as_array().unwrap().len(), 5);
}

#[test]
fn link_mode_links_a_quote_to_its_speaker_by_clicking_the_entity() {
    let (dir, path) = sample();
    let mut h = harness(&path);
    h.state_mut().settings.autosave = false;
    h.run();
    // Remove the existing speaker relation of the quote (id 3), then link it again by hand.
    h.get_by_label_contains("We’ve been taking issues").click();
    h.run();
    assert_eq!(h.state().selected(), Some(3));
    h.get_by_label("Remove").click();
    h.run();
    assert!(h.state().document().unwrap().set().relations.is_empty());
    h.get_by_label("Link speaker…").click();
    h.run();
    // Click "one official" (chars 744..756) in the text.
    click_char(&mut h, 748);
    h.run();
    let relations = &h.state().document().unwrap().set().relations;
    assert_eq!(relations.len(), 1);
    assert_eq!(
        (
            relations[0].label.as_str(),
            relations[0].from,
            relations[0].to
        ),
        ("speaker", 3, 4)
    );
    assert!(h.query_by_label("speaker: one official").is_some());
    press(&mut h, Modifiers::COMMAND, Key::S);
    let id = relations_id(&h);
    assert_ne!(id, 5, "the removed relation's id is never reused");
    assert!(saved_set(dir.path()).contains(&format!(
        "        Relation(id: {id}, label: \"speaker\", from: 3, to: 4),\n"
    )));
}

fn relations_id(h: &Harness<'_, PressApp>) -> u64 {
    h.state().document().unwrap().set().relations[0].id
}

#[test]
fn an_edit_never_lays_the_text_out_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = press_annotate::testdata::write_long_corpus(dir.path(), 200_000, 4_000).unwrap();
    let mut h = open_with(
        window_builder().with_max_steps(4).allow_missing_glyphs(),
        Some(path),
        None,
    );
    h.run();
    let paragraphs = h.state().view().paragraph_count();
    assert!(paragraphs > 200, "{paragraphs} paragraphs");
    h.step();
    assert_eq!(
        h.state().view().laid_out_last_frame,
        0,
        "a still frame lays nothing out"
    );
    let word = h.state().document().unwrap().article.word_at(200);
    command(&mut h, press_annotate::app::Command::SelectText(word));
    h.key_press(Key::C);
    h.step();
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 4_001);
    assert_eq!(
        h.state().view().laid_out_last_frame,
        0,
        "labeling re-laid out text"
    );
}

#[test]
fn escape_closes_menus_and_the_export_window_and_the_output_name_is_not_doubled() {
    let (dir, path) = sample();
    let mut h = harness(&path);
    h.run();
    // A menu opened with the mouse closes on Esc, and the selection stays.
    press(&mut h, Modifiers::COMMAND, Key::F);
    type_text(&mut h, "Lavrov");
    press(&mut h, Modifiers::NONE, Key::Enter);
    press(&mut h, Modifiers::NONE, Key::Escape);
    let selection = h.state().selection();
    assert!(selection.is_some());
    h.get_by_label("File").click();
    h.run();
    assert!(h.query_by_label_contains("Save as").is_some());
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(
        h.query_by_label_contains("Save as").is_none(),
        "the menu closed"
    );
    assert_eq!(h.state().selection(), selection, "Esc only closed the menu");

    // The Export window proposes story.jsonl (not story.jsonl.jsonl) and closes on Esc.
    press(&mut h, Modifiers::COMMAND, Key::E);
    let proposed = dir.path().join("kerry-lavrov-syria.jsonl");
    assert!(
        h.query_all_by_value(&proposed.display().to_string())
            .next()
            .is_some(),
        "proposes {}",
        proposed.display()
    );
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(
        h.query_by_label("Output file").is_none(),
        "the Export window closed"
    );
    assert_eq!(h.state().selection(), selection);
}

#[test]
fn a_click_on_plain_text_clears_the_selection_and_leaves_the_statistics_window_open() {
    // A click on text with nothing under it used to send Esc, which closes the window on top
    // first: reading the numbers and clicking the article closed the Statistics window.
    let dir = sample_corpus();
    let path = dir.path().join(SAMPLE);
    let mut h = harness(&path);
    h.run();
    // Select John Kerry (chars 97..107), open the statistics, then click a plain word right of
    // the window (it opens on the left, over part of the text).
    click_char(&mut h, 100);
    h.run();
    assert!(h.state().selected().is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    assert!(h.state().statistics().open);
    let window = h.get_by_label("Statistics").rect();
    let plain = (150..400)
        .find(|&c| {
            h.state()
                .view()
                .char_screen_rect(c)
                .is_some_and(|r| r.min.x > window.max.x + 10.0)
        })
        .expect("a char right of the window");
    click_char(&mut h, plain);
    h.run();
    assert_eq!(h.state().selected(), None);
    assert!(
        h.state().statistics().open,
        "the Statistics window stays open"
    );
    // Esc still closes it.
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(!h.state().statistics().open);
}
