//! Another program changes the open set (a colleague's `git pull`, `suggest --apply`, a text
//! editor) while the window is open: the window notices, takes the change in, merges it with
//! unsaved edits, and never loses either side's work. Driven through egui_kittest like a user.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use press_annotate::app::{Command, PressApp};

fn set_path(dir: &Path) -> PathBuf {
    dir.join(format!("{SAMPLE}.annotations.ron"))
}

fn on_disk(dir: &Path) -> String {
    std::fs::read_to_string(set_path(dir)).unwrap()
}

/// What another program writes: the example set with one more line among the annotations
/// (or `from` replaced by `to`).
fn write_from_outside(dir: &Path, from: &str, to: &str) {
    let text = on_disk(dir);
    assert!(text.contains(from), "{from} not in {text}");
    std::fs::write(set_path(dir), text.replacen(from, to, 1)).unwrap();
}

/// The other program adds "Syria" (chars 33..38 of the title) as a location, with id 7.
fn add_syria_from_outside(dir: &Path) {
    write_from_outside(
        dir,
        "    ],\n    relations",
        "        Annotation(id: 7, label: \"entity\", start: 33, end: 38, text: \"Syria\", attributes: {\"type\": \"location\"}),\n    ],\n    relations",
    );
}

fn open(path: &Path, autosave: bool) -> Harness<'static, PressApp> {
    let mut h = open_window(Some(path.to_owned()), None);
    h.state_mut().settings.autosave = autosave;
    h.run();
    h
}

/// Frames for `seconds` of the window's clock (kittest advances a quarter second per step).
fn wait(h: &mut Harness<'_, PressApp>, seconds: f32) {
    for _ in 0..(seconds * 4.0).ceil() as usize {
        h.step();
    }
    h.run();
}

fn command(h: &mut Harness<'_, PressApp>, command: Command) {
    let ctx = h.ctx.clone();
    h.state_mut().run_command(&ctx, command);
    h.run();
}

/// The user labels "Kerry" (chars 0..5) as a claim with the key `c`.
fn label_kerry(h: &mut Harness<'_, PressApp>) {
    command(h, Command::SelectText(0..5));
    key(h, Key::C);
}

fn message(h: &Harness<'_, PressApp>) -> String {
    h.state()
        .session()
        .and_then(|s| s.message.clone())
        .unwrap_or_default()
}

fn texts(h: &Harness<'_, PressApp>) -> Vec<String> {
    h.state()
        .document()
        .unwrap()
        .set()
        .annotations
        .iter()
        .map(|a| a.text.clone())
        .collect()
}

#[test]
fn a_set_changed_on_disk_with_nothing_unsaved_is_shown_at_once_and_the_reload_undoes() {
    let dir = sample_corpus();
    let mut h = open(&dir.path().join(SAMPLE), true);
    assert_eq!(texts(&h).len(), 5);
    add_syria_from_outside(dir.path());
    wait(&mut h, 1.5);
    assert!(texts(&h).contains(&"Syria".to_owned()), "{:?}", texts(&h));
    assert!(
        message(&h).contains("Reloaded from disk: +1 annotation"),
        "{}",
        message(&h)
    );
    assert!(h.query_by_label_contains("Reloaded from disk").is_some());
    // Nothing is unsaved: the window shows what the file holds.
    assert!(!h.state().document().unwrap().is_dirty());
    // The reload is one edit.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!texts(&h).contains(&"Syria".to_owned()));
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert!(texts(&h).contains(&"Syria".to_owned()));
}

/// The disk changes after the user's unsaved edit, and the user saves before the window
/// looked: the save merges, and both edits are on disk.
#[test]
fn saving_over_a_set_changed_on_disk_merges_both_edits() {
    let dir = sample_corpus();
    let mut h = open(&dir.path().join(SAMPLE), false);
    label_kerry(&mut h);
    add_syria_from_outside(dir.path());
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(
        h.state().save_error().is_none(),
        "{:?}",
        h.state().save_error()
    );
    let text = on_disk(dir.path());
    assert!(text.contains("text: \"Kerry\""), "{text}");
    assert!(text.contains("text: \"Syria\""), "{text}");
    // Both sides gave id 7: ids stay unique.
    assert_eq!(text.matches("id: 7,").count(), 1, "{text}");
    assert!(press_annotate::store::load(&dir.path().join(SAMPLE), None).is_ok());
}

/// The disk changes first, then the user labels before the window looked; autosave merges
/// and writes both.
#[test]
fn an_unsaved_edit_and_a_change_on_disk_merge_and_autosave_writes_both() {
    let dir = sample_corpus();
    let mut h = open(&dir.path().join(SAMPLE), true);
    add_syria_from_outside(dir.path());
    label_kerry(&mut h);
    wait(&mut h, 3.0);
    let text = on_disk(dir.path());
    assert!(text.contains("text: \"Kerry\""), "{text}");
    assert!(text.contains("text: \"Syria\""), "{text}");
    assert!(texts(&h).contains(&"Syria".to_owned()));
    assert!(!h.state().document().unwrap().is_dirty());
}

/// Both sides changed the same note: a conflict, listed in the side panel; nothing is written
/// until it is settled; each way out does what it says, and undo reopens it.
#[test]
fn a_conflict_waits_to_be_settled_and_each_way_out_keeps_what_it_says() {
    let dir = sample_corpus();
    let mut h = open(&dir.path().join(SAMPLE), false);
    // The user changes claim 6's note.
    let doc = h.state().document().unwrap();
    let edit =
        press_annotate::edit::Edit::set_note(doc.set(), 6, Some("mine: from the briefing".into()))
            .unwrap();
    h.state_mut()
        .workspace
        .session
        .as_mut()
        .unwrap()
        .doc
        .apply(edit)
        .unwrap();
    write_from_outside(
        dir.path(),
        "note: Some(\"attributed to unnamed officials\")",
        "note: Some(\"theirs: from the wire\")",
    );
    let before = on_disk(dir.path());
    press(&mut h, Modifiers::COMMAND, Key::S);
    let error = h.state().save_error().unwrap_or_default().to_owned();
    assert!(error.contains("conflict"), "{error}");
    assert_eq!(
        on_disk(dir.path()),
        before,
        "nothing written with a conflict open"
    );
    assert_eq!(h.state().document().unwrap().conflicts().len(), 1);
    assert!(
        h.query_by_label_contains("Conflicts with the disk")
            .is_some()
    );
    assert!(h.query_by_label_contains("Conflict: take theirs").is_some());
    // Take theirs (Alt+T), then undo: the conflict is back; keep both instead.
    press(&mut h, Modifiers::ALT, Key::T);
    assert!(h.state().document().unwrap().conflicts().is_empty());
    let note = |h: &Harness<'_, PressApp>| {
        h.state()
            .document()
            .unwrap()
            .find(6)
            .unwrap()
            .1
            .note
            .clone()
    };
    assert_eq!(note(&h).as_deref(), Some("theirs: from the wire"));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().document().unwrap().conflicts().len(), 1);
    assert_eq!(note(&h).as_deref(), Some("mine: from the briefing"));
    // Keep both cannot make two claims of the same span: refused, saying why, nothing lost.
    press(&mut h, Modifiers::ALT, Key::B);
    assert_eq!(h.state().document().unwrap().conflicts().len(), 1);
    assert!(message(&h).contains("Not settled"), "{}", message(&h));
    press(&mut h, Modifiers::ALT, Key::M);
    assert!(h.state().document().unwrap().conflicts().is_empty());
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(
        h.state().save_error().is_none(),
        "{:?}",
        h.state().save_error()
    );
    let text = on_disk(dir.path());
    assert!(text.contains("mine: from the briefing"), "{text}");
    assert!(!text.contains("theirs: from the wire"), "{text}");
}

/// Quitting with a conflict open asks, says why, and never hangs: Don't save closes.
#[test]
fn quitting_with_a_conflict_open_asks_and_does_not_hang() {
    let dir = sample_corpus();
    let mut h = open(&dir.path().join(SAMPLE), true);
    let doc = h.state().document().unwrap();
    let edit = press_annotate::edit::Edit::set_note(doc.set(), 6, Some("mine".into())).unwrap();
    h.state_mut()
        .workspace
        .session
        .as_mut()
        .unwrap()
        .doc
        .apply(edit)
        .unwrap();
    write_from_outside(
        dir.path(),
        "note: Some(\"attributed to unnamed officials\")",
        "note: Some(\"theirs\")",
    );
    let before = on_disk(dir.path());
    // What the window manager sends for the close button (and eframe for Ctrl+Q).
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(h.query_by_label("Unsaved annotations").is_some());
    assert!(
        h.query_by_label_contains("Cancel, then settle them in the side panel")
            .is_some()
    );
    h.get_by_label("Don't save").click();
    h.run();
    assert!(h.query_by_label("Unsaved annotations").is_none());
    assert_eq!(on_disk(dir.path()), before);
}

/// The status bar says "Saved" right after autosave writes, without waiting for input.
#[test]
fn after_autosave_the_window_redraws_at_once() {
    let dir = sample_corpus();
    let mut h = open(&dir.path().join(SAMPLE), true);
    label_kerry(&mut h);
    let mut saved_step = false;
    for _ in 0..12 {
        h.step();
        if on_disk(dir.path()).contains("\"Kerry\"") {
            saved_step = true;
            break;
        }
    }
    assert!(saved_step);
    let repaint = h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay;
    assert_eq!(
        repaint,
        std::time::Duration::ZERO,
        "the frame that saved asks to be drawn again"
    );
    h.step();
    assert!(h.query_by_label("Saved").is_some());
}

/// Save As never replaces another file without asking.
#[test]
fn save_as_onto_an_existing_file_asks_first() {
    let dir = sample_corpus();
    let mut h = open(&dir.path().join(SAMPLE), false);
    label_kerry(&mut h);
    let other = dir.path().join("precious.annotations.ron");
    std::fs::write(&other, "keep me").unwrap();
    command(&mut h, Command::SaveAsPath(other.clone()));
    assert!(h.query_by_label("Replace the file?").is_some());
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "keep me");
    // Onto the set's own path it is a save (which merges), not a blind overwrite.
    add_syria_from_outside(dir.path());
    command(&mut h, Command::SaveAsPath(set_path(dir.path())));
    let text = on_disk(dir.path());
    assert!(
        text.contains("\"Kerry\"") && text.contains("\"Syria\""),
        "{text}"
    );
}

/// A set deleted on disk while open is offered back, not silently rewritten or dropped.
#[test]
fn a_set_deleted_on_disk_is_offered_back() {
    let dir = sample_corpus();
    let mut h = open(&dir.path().join(SAMPLE), true);
    std::fs::remove_file(set_path(dir.path())).unwrap();
    wait(&mut h, 3.0);
    assert!(message(&h).contains("deleted on disk"), "{}", message(&h));
    assert!(
        !set_path(dir.path()).exists(),
        "autosave does not write it back by itself"
    );
    assert_eq!(texts(&h).len(), 5);
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(on_disk(dir.path()).contains("Moscow cannot be trusted"));
}

/// The article itself changes on disk (a corrected story): with nothing unsaved it is opened
/// again and the annotations re-anchored; with unsaved edits the user is told to save first,
/// and nothing is lost.
#[test]
fn an_article_changed_on_disk_is_opened_again_with_its_annotations_re_anchored() {
    let dir = sample_corpus();
    let article = dir.path().join(SAMPLE);
    let mut h = open(&article, false);
    label_kerry(&mut h);
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, format!("UPDATED. {text}")).unwrap();
    wait(&mut h, 1.5);
    assert!(message(&h).contains("save your edits"), "{}", message(&h));
    assert!(texts(&h).contains(&"Kerry".to_owned()));
    press(&mut h, Modifiers::COMMAND, Key::S);
    wait(&mut h, 1.5);
    let doc = h.state().document().unwrap();
    assert!(doc.article.text().starts_with("UPDATED. "));
    let kerry = doc
        .set()
        .annotations
        .iter()
        .find(|a| a.text == "Kerry")
        .unwrap();
    assert_eq!(
        (kerry.start, kerry.end),
        (9, 14),
        "re-anchored after the new prefix"
    );
    let official = doc
        .set()
        .annotations
        .iter()
        .find(|a| a.text == "one official")
        .unwrap();
    assert_eq!(official.start, 744 + 9);
}
