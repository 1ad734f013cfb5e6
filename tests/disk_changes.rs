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
        h.query_by_label_contains("Cancel, then settle each in the side panel")
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

/// Save As to a name no article claims (`backup.ron`: a backup, or a rescue when the set's
/// own file cannot be written) writes it, and says plainly that the article will not find it
/// there, that saves now go there, and what to name it; Save As back to the set's own name
/// makes it the article's again.
#[test]
fn save_as_a_name_no_article_claims_says_the_article_will_not_find_it() {
    let dir = sample_corpus();
    let mut h = open(&dir.path().join(SAMPLE), false);
    label_kerry(&mut h);
    let backup = dir.path().join("backup.ron");
    command(&mut h, Command::SaveAsPath(backup.clone()));
    assert!(
        std::fs::read_to_string(&backup)
            .unwrap()
            .contains("\"Kerry\"")
    );
    let said = message(&h);
    assert!(
        said.contains("a name no article reads a set by")
            && said.contains(&format!("{SAMPLE}.annotations.ron")),
        "{said}"
    );
    assert!(!on_disk(dir.path()).contains("\"Kerry\""));
    // Back to its own name (which exists: asked first): the article's set again, with the
    // label.
    command(&mut h, Command::SaveAsPath(set_path(dir.path())));
    assert!(h.query_by_label("Replace the file?").is_some());
    h.get_by_label("Replace").click();
    h.run();
    assert!(on_disk(dir.path()).contains("\"Kerry\""));
    assert!(message(&h).starts_with("Saved as"), "{}", message(&h));
    assert!(!message(&h).contains("no article"), "{}", message(&h));
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

/// The user changes claim 6's note and labels "Kerry"; another program changes the same note
/// and adds "Syria" (which merges on its own). The save merges and stops at the one conflict.
fn conflict_with_a_second_change(h: &mut Harness<'_, PressApp>, dir: &Path) {
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
    label_kerry(h);
    write_from_outside(
        dir,
        "note: Some(\"attributed to unnamed officials\")",
        "note: Some(\"theirs: from the wire\")",
    );
    add_syria_from_outside(dir);
    press(h, Modifiers::COMMAND, Key::S);
    assert_eq!(h.state().document().unwrap().conflicts().len(), 1);
    // What merged on its own is shown meanwhile.
    assert!(texts(h).contains(&"Syria".to_owned()), "{:?}", texts(h));
    assert!(texts(h).contains(&"Kerry".to_owned()), "{:?}", texts(h));
}

fn note_of_6(h: &Harness<'_, PressApp>) -> Option<String> {
    h.state()
        .document()
        .unwrap()
        .find(6)
        .unwrap()
        .1
        .note
        .clone()
}

/// Reload theirs: the window shows the file's set, mine is written to a copy beside it first
/// (nothing lost), and Ctrl+Z comes back to mine with the conflict open again.
#[test]
fn reload_theirs_shows_the_file_and_keeps_mine_as_a_copy() {
    let dir = sample_corpus();
    let mut h = open(&dir.path().join(SAMPLE), false);
    conflict_with_a_second_change(&mut h, dir.path());
    let theirs = on_disk(dir.path());
    assert!(
        h.query_by_label_contains("Reload theirs (mine kept as a copy)")
            .is_some()
    );
    press(&mut h, Modifiers::ALT | Modifiers::SHIFT, Key::T);
    let copy = dir.path().join(format!("{SAMPLE}.mine-1.ron"));
    assert!(
        message(&h).contains("yours is kept as") && message(&h).contains("mine-1.ron"),
        "{}",
        message(&h)
    );
    let kept = std::fs::read_to_string(&copy).unwrap();
    assert!(kept.contains("mine: from the briefing"), "{kept}");
    assert!(kept.contains("text: \"Kerry\""), "{kept}");
    // The window shows what the file holds, and nothing is unsaved.
    assert!(h.state().document().unwrap().conflicts().is_empty());
    assert_eq!(note_of_6(&h).as_deref(), Some("theirs: from the wire"));
    assert!(!texts(&h).contains(&"Kerry".to_owned()));
    assert!(texts(&h).contains(&"Syria".to_owned()));
    assert!(!h.state().document().unwrap().is_dirty());
    assert_eq!(on_disk(dir.path()), theirs);
    // The copy is not taken for a set of the folder: the article still has one set.
    assert!(press_annotate::store::load(&dir.path().join(SAMPLE), None).is_ok());
    // Ctrl+Z: mine again, the conflict open again.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().document().unwrap().conflicts().len(), 1);
    assert_eq!(note_of_6(&h).as_deref(), Some("mine: from the briefing"));
    assert!(texts(&h).contains(&"Kerry".to_owned()));
    // A second reload keeps a second copy rather than replacing the first.
    press(&mut h, Modifiers::ALT | Modifiers::SHIFT, Key::T);
    assert!(dir.path().join(format!("{SAMPLE}.mine-2.ron")).exists());
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), kept);
}

/// Keep mine asks first, showing what it drops (their changes, also those that merged on
/// their own); once confirmed and saved, the file holds mine and none of theirs.
#[test]
fn keep_mine_shows_what_it_drops_then_drops_only_their_changes() {
    let dir = sample_corpus();
    let mut h = open(&dir.path().join(SAMPLE), false);
    conflict_with_a_second_change(&mut h, dir.path());
    h.get_by_label_contains("Keep mine (drops their changes)")
        .click();
    h.run();
    assert!(h.query_by_label("Keep mine?").is_some());
    assert!(
        h.query_by_label_contains("+1 annotation").is_some(),
        "the question says what is lost"
    );
    // Cancel changes nothing.
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Keep mine?").is_none());
    assert_eq!(h.state().document().unwrap().conflicts().len(), 1);
    press(&mut h, Modifiers::ALT | Modifiers::SHIFT, Key::M);
    h.get_by_label("Keep mine").click();
    h.run();
    assert!(h.state().document().unwrap().conflicts().is_empty());
    assert_eq!(note_of_6(&h).as_deref(), Some("mine: from the briefing"));
    assert!(texts(&h).contains(&"Kerry".to_owned()));
    assert!(!texts(&h).contains(&"Syria".to_owned()), "{:?}", texts(&h));
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(
        h.state().save_error().is_none(),
        "{:?}",
        h.state().save_error()
    );
    let text = on_disk(dir.path());
    assert!(text.contains("mine: from the briefing"), "{text}");
    assert!(text.contains("text: \"Kerry\""), "{text}");
    assert!(!text.contains("Syria"), "{text}");
    assert!(!text.contains("theirs: from the wire"), "{text}");
    // Undo takes their changes back.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(texts(&h).contains(&"Syria".to_owned()));
}

/// Quitting with a conflict open offers the same ways out: Keep mine and save writes mine
/// and closes; nothing hangs.
#[test]
fn quitting_with_a_conflict_open_can_keep_mine_and_save() {
    let dir = sample_corpus();
    let mut h = open(&dir.path().join(SAMPLE), false);
    conflict_with_a_second_change(&mut h, dir.path());
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(h.query_by_label("Unsaved annotations").is_some());
    assert!(
        h.query_by_label_contains("drops the other program's changes: +1 annotation")
            .is_some()
    );
    h.get_by_label("Keep mine and save").click();
    h.run();
    assert!(h.query_by_label("Unsaved annotations").is_none());
    let text = on_disk(dir.path());
    assert!(text.contains("mine: from the briefing"), "{text}");
    assert!(!text.contains("Syria"), "{text}");
}

/// Switching articles with a conflict open, Reload theirs keeps mine as a copy and goes on.
#[test]
fn switching_articles_with_a_conflict_open_can_reload_theirs() {
    let dir = sample_corpus();
    std::fs::write(dir.path().join("other.txt"), "Another story.\n").unwrap();
    let mut h = open(&dir.path().join(SAMPLE), false);
    conflict_with_a_second_change(&mut h, dir.path());
    let theirs = on_disk(dir.path());
    command(&mut h, Command::OpenPath(dir.path().join("other.txt")));
    assert!(h.query_by_label("Unsaved annotations").is_some());
    h.get_by_label("Reload theirs").click();
    h.run();
    assert!(h.query_by_label("Unsaved annotations").is_none());
    assert_eq!(
        h.state().document().unwrap().source_path,
        dir.path().join("other.txt")
    );
    // The file holds theirs (written again in canonical order), none of mine.
    let text = on_disk(dir.path());
    assert!(
        text.contains("theirs: from the wire") && text.contains("\"Syria\""),
        "{text}"
    );
    assert!(
        !text.contains("mine: from the briefing") && !text.contains("\"Kerry\""),
        "{text}"
    );
    assert_eq!(text.lines().count(), theirs.lines().count());
    let kept = std::fs::read_to_string(dir.path().join(format!("{SAMPLE}.mine-1.ron"))).unwrap();
    assert!(kept.contains("mine: from the briefing"), "{kept}");
}

/// `press-annotate merge` (Git's driver) left a conflict recorded beside the set: opening it
/// lists the conflict; settling it and saving removes the record.
#[test]
fn a_set_opened_with_conflicts_recorded_by_merge_lists_them_until_settled() {
    let dir = sample_corpus();
    let set = set_path(dir.path());
    let base = on_disk(dir.path());
    let ours = base.replacen(
        "note: Some(\"attributed to unnamed officials\")",
        "note: Some(\"ours: from the briefing\")",
        1,
    );
    let theirs = base.replacen(
        "note: Some(\"attributed to unnamed officials\")",
        "note: Some(\"theirs: from the wire\")",
        1,
    );
    let (b, o, t) = (
        dir.path().join("base.ron"),
        dir.path().join("ours.ron"),
        dir.path().join("theirs.ron"),
    );
    std::fs::write(&b, &base).unwrap();
    std::fs::write(&o, &ours).unwrap();
    std::fs::write(&t, &theirs).unwrap();
    let out = run(
        &[
            "merge",
            b.to_str().unwrap(),
            o.to_str().unwrap(),
            t.to_str().unwrap(),
            "--out",
            set.to_str().unwrap(),
            "--path",
            set.to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let record = press_annotate::merge::conflicts_path(&set);
    assert!(record.exists());
    let mut h = open(&dir.path().join(SAMPLE), false);
    assert_eq!(h.state().document().unwrap().conflicts().len(), 1);
    assert!(
        h.query_by_label_contains("Conflicts with the disk (1)")
            .is_some()
    );
    press(&mut h, Modifiers::ALT, Key::T);
    assert_eq!(note_of_6(&h).as_deref(), Some("theirs: from the wire"));
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(
        h.state().save_error().is_none(),
        "{:?}",
        h.state().save_error()
    );
    assert!(!record.exists(), "the record goes once settled and saved");
    assert!(on_disk(dir.path()).contains("theirs: from the wire"));
}
