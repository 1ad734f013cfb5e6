//! The editor as a labeler meets it over hours (issue 17), driven through egui_kittest: what
//! one edit does to the article's status, and what the folder list shows.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use press_annotate::app::{Command, PressApp};
use press_annotate::model::Status;

fn command(h: &mut Harness<'_, PressApp>, command: Command) {
    let ctx = h.ctx.clone();
    h.state_mut().run_command(&ctx, command);
    h.run();
}

fn status(h: &Harness<'_, PressApp>) -> Status {
    h.state().document().unwrap().set().status
}

/// A folder with two articles and no sets (every article Todo).
fn fresh_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.txt", "b.txt"] {
        std::fs::write(
            dir.path().join(name),
            "Angela Merkel met reporters in Berlin on Monday.\n",
        )
        .unwrap();
    }
    dir
}

fn folder_status(h: &Harness<'_, PressApp>, dir: &Path, name: &str) -> Option<Status> {
    h.state().workspace.folder.as_ref().and_then(|f| {
        f.entries()
            .iter()
            .find(|e| e.source == dir.join(name))
            .and_then(|e| e.state.status())
    })
}

/// The first edit of a Todo article moves it to In progress, on disk and in the folder list;
/// undoing that edit takes the status back with it.
#[test]
fn the_first_edit_of_a_todo_article_starts_it_and_undo_takes_both_back() {
    let dir = fresh_folder();
    let mut h = open_window(Some(dir.path().to_owned()), None);
    h.state_mut().settings.autosave = false;
    h.run();
    assert_eq!(status(&h), Status::Todo);
    command(&mut h, Command::SelectText(0..13));
    key(&mut h, Key::P);
    assert_eq!(status(&h), Status::InProgress);
    assert_eq!(
        folder_status(&h, dir.path(), "a.txt"),
        Some(Status::InProgress)
    );
    press(&mut h, Modifiers::COMMAND, Key::S);
    let saved = std::fs::read_to_string(dir.path().join("a.txt.annotations.ron")).unwrap();
    assert!(saved.contains("status: InProgress"), "{saved}");
    // One undo: the span and the status together.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(status(&h), Status::Todo);
    assert!(h.state().document().unwrap().set().annotations.is_empty());
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(status(&h), Status::InProgress);
    // A status the user set is theirs: the next edit leaves Done alone.
    command(&mut h, Command::SetStatus(Status::Done));
    command(&mut h, Command::SelectText(30..36));
    key(&mut h, Key::L);
    assert_eq!(status(&h), Status::Done);
}

/// An article with a family emoji (5 code points joined by ZWJ), a flag, an accent made of
/// a combining mark, CJK and CRLF.
const EMOJI_ARTICLE: &str = "The family \u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467} posted \u{1F1FA}\u{1F1E6} from Cafe\u{301}.\r\n\u{6771}\u{4EAC}\u{306E}\u{8A18}\u{8005} said so.\r\n";

/// The window on [`EMOJI_ARTICLE`], `width` wide, autosave off.
fn open_emoji_article(width: f32) -> (tempfile::TempDir, Harness<'static, PressApp>) {
    let (dir, path) = emoji_article();
    let mut h = open_with(
        window_builder()
            .with_size([width, 600.0])
            .allow_missing_glyphs(),
        Some(path),
        None,
    );
    h.state_mut().settings.autosave = false;
    h.run();
    (dir, h)
}

fn emoji_article() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("family.txt");
    std::fs::write(&path, EMOJI_ARTICLE).unwrap();
    (dir, path)
}

fn char_of(needle: &str) -> usize {
    EMOJI_ARTICLE[..EMOJI_ARTICLE.find(needle).unwrap()]
        .chars()
        .count()
}

fn press_at(h: &mut Harness<'_, PressApp>, pos: Pos2, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

/// Dragging over an emoji and labeling it stores the whole emoji, never one code point of
/// it; a double-click selects a whole emoji, and a whole CJK word.
#[test]
fn an_emoji_dragged_over_or_double_clicked_is_selected_whole() {
    let (_dir, path) = emoji_article();
    // Frames a twentieth of a second apart, so two clicks make a double-click; a glyph
    // missing from the fonts of a fresh machine is drawn as a box, one per cluster.
    let mut h = open_with(
        window_builder().with_step_dt(0.05).allow_missing_glyphs(),
        Some(path.clone()),
        None,
    );
    h.state_mut().settings.autosave = false;
    h.run();
    let family = char_of("\u{1F469}");
    let rect = h
        .state()
        .view()
        .char_screen_rect(family)
        .expect("emoji visible");
    // Drag across the glyph, from its left edge to its right edge.
    let (a, b) = (
        Pos2::new(rect.left() + 1.0, rect.center().y),
        Pos2::new(rect.right() - 1.0, rect.center().y),
    );
    h.event(Event::PointerMoved(a));
    press_at(&mut h, a, true);
    h.step();
    h.event(Event::PointerMoved(Pos2::new((a.x + b.x) / 2.0, a.y)));
    h.step();
    h.event(Event::PointerMoved(b));
    h.step();
    press_at(&mut h, b, false);
    h.run();
    key(&mut h, Key::C);
    let doc = h.state().document().unwrap();
    let claim = doc.set().annotations.iter().find(|a| a.label == "claim");
    let claim = claim.expect("labeled");
    assert_eq!(claim.text, "\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}");
    assert_eq!(
        (claim.start, claim.end),
        (family, family + 5),
        "code points in the file"
    );

    // A selection given inside the cluster grows to all of it.
    command(&mut h, Command::SelectText(family + 2..family + 3));
    assert_eq!(h.state().selection(), Some(family..family + 5));

    // Double-click the flag: the whole flag (two regional indicators).
    let flag = char_of("\u{1F1FA}");
    let pos = h
        .state()
        .view()
        .char_screen_rect(flag)
        .expect("flag visible")
        .center();
    h.event(Event::PointerMoved(pos));
    for _ in 0..2 {
        press_at(&mut h, pos, true);
        press_at(&mut h, pos, false);
        h.step();
    }
    h.run();
    assert_eq!(h.state().selection(), Some(flag..flag + 2));

    // Double-click inside a CJK word (a while later: not a triple click): the run of
    // ideographs.
    for _ in 0..20 {
        h.step();
    }
    let tokyo = char_of("\u{6771}");
    let pos = h
        .state()
        .view()
        .char_screen_rect(tokyo + 1)
        .expect("CJK visible")
        .center();
    h.event(Event::PointerMoved(pos));
    for _ in 0..2 {
        press_at(&mut h, pos, true);
        press_at(&mut h, pos, false);
        h.step();
    }
    h.run();
    assert_eq!(h.state().selection(), Some(tokyo..tokyo + 2));
}

/// Letters typed while the Labels window has the user's attention (clicked, no field
/// focused) do not label the article; a click back in the article gives them back to it.
#[test]
fn keys_go_to_the_window_the_user_clicked_in() {
    use egui_kittest::kittest::Queryable;
    let dir = sample_corpus();
    let mut h = open_window(Some(dir.path().join(SAMPLE)), None);
    h.state_mut().settings.autosave = false;
    h.run();
    let count = |h: &Harness<'_, PressApp>| h.state().document().unwrap().set().annotations.len();
    let before = count(&h);
    command(&mut h, Command::SelectText(0..5));
    command(&mut h, Command::ToggleSchemaEditor);
    let in_window = h.get_by_label_contains("Schema in force").rect().center();
    h.event(Event::PointerMoved(in_window));
    press_at(&mut h, in_window, true);
    press_at(&mut h, in_window, false);
    h.run();
    key(&mut h, Key::C);
    assert_eq!(
        count(&h),
        before,
        "a letter typed in the Labels window labeled the article"
    );
    // Back in the article: the same key labels.
    let pos = h
        .state()
        .view()
        .char_screen_rect(200)
        .expect("visible")
        .center();
    h.event(Event::PointerMoved(pos));
    press_at(&mut h, pos, true);
    press_at(&mut h, pos, false);
    h.run();
    command(&mut h, Command::SelectText(0..5));
    key(&mut h, Key::C);
    assert_eq!(count(&h), before + 1);
}

fn selection(h: &Harness<'_, PressApp>) -> Option<std::ops::Range<usize>> {
    h.state().session().and_then(|s| s.selection.clone())
}

fn caret(h: &Harness<'_, PressApp>) -> Option<usize> {
    h.state().session().and_then(|s| s.caret)
}

/// The caret keys walk the text by whole graphemes and words, Shift selects as it goes, and
/// a label key labels what the keyboard selected: no mouse at all.
#[test]
fn the_caret_walks_graphemes_and_words_and_shift_selects_for_a_label_key() {
    let (dir, mut h) = open_emoji_article(900.0);
    press(&mut h, Modifiers::COMMAND, Key::Home);
    assert_eq!(caret(&h), Some(0));
    // Ctrl+Right twice: the end of "family"; Right: past the space.
    press(&mut h, Modifiers::COMMAND, Key::ArrowRight);
    press(&mut h, Modifiers::COMMAND, Key::ArrowRight);
    assert_eq!(caret(&h), Some(char_of(" \u{1F469}")));
    key(&mut h, Key::ArrowRight);
    let family = char_of("\u{1F469}");
    assert_eq!(caret(&h), Some(family));
    // Shift+Right takes the whole family (5 code points) at once, never one of them.
    press(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    assert_eq!(selection(&h), Some(family..family + 5));
    // Shift+Left gives it back; Ctrl+Shift+Right selects to the end of "posted".
    press(&mut h, Modifiers::SHIFT, Key::ArrowLeft);
    assert_eq!(selection(&h), None);
    press(
        &mut h,
        Modifiers::COMMAND | Modifiers::SHIFT,
        Key::ArrowRight,
    );
    press(
        &mut h,
        Modifiers::COMMAND | Modifiers::SHIFT,
        Key::ArrowRight,
    );
    let posted = char_of("posted");
    assert_eq!(selection(&h), Some(family..posted + 6));
    // A label key labels it: the emoji and the word, whole.
    key(&mut h, Key::C);
    let doc = h.state().document().unwrap();
    let a = &doc.set().annotations[0];
    assert_eq!((a.start, a.end), (family, posted + 6));
    assert_eq!(a.text, "\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467} posted");
    // End goes to the end of the line as drawn; Down to the next paragraph's line; Ctrl+End
    // to the end of the article.
    press(&mut h, Modifiers::COMMAND, Key::Home);
    key(&mut h, Key::End);
    assert_eq!(caret(&h), Some(char_of("\r\n\u{6771}")));
    key(&mut h, Key::ArrowDown);
    let second = char_of("\u{6771}");
    let at = caret(&h).unwrap();
    assert!(at >= second, "{at} is on the second line ({second})");
    press(&mut h, Modifiers::COMMAND, Key::End);
    assert_eq!(caret(&h), Some(EMOJI_ARTICLE.chars().count()));
    drop(dir);
}

/// A selection made with the keyboard from the end of a line runs over its line break; the
/// label key labels the words, not the white space around them (a span "\r\n東京" would
/// reach the datasets as it is). Undo takes the span back; a selection of white space alone
/// labels nothing and says why.
#[test]
fn a_keyboard_selection_over_a_line_break_labels_the_words_not_the_white_space() {
    let (dir, mut h) = open_emoji_article(800.0);
    // End of the first line, then Ctrl+Shift+Right: over "\r\n" to the end of "東京の記者".
    press(&mut h, Modifiers::COMMAND, Key::Home);
    key(&mut h, Key::End);
    let line_end = char_of("\r\n\u{6771}");
    assert_eq!(caret(&h), Some(line_end));
    press(
        &mut h,
        Modifiers::COMMAND | Modifiers::SHIFT,
        Key::ArrowRight,
    );
    let selected = selection(&h).expect("a selection");
    assert_eq!(
        selected.start, line_end,
        "the selection starts before the break"
    );
    key(&mut h, Key::P);
    let tokyo = char_of("\u{6771}");
    {
        let doc = h.state().document().unwrap();
        assert_eq!(doc.set().annotations.len(), 1);
        let a = &doc.set().annotations[0];
        assert_eq!(a.start, tokyo, "{:?}", a.text);
        assert_eq!(a.end, selected.end);
        assert!(!a.text.starts_with(char::is_whitespace), "{:?}", a.text);
    }
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().document().unwrap().set().annotations.is_empty());
    // White space alone: nothing is labelled.
    command(&mut h, Command::SelectText(line_end..tokyo));
    key(&mut h, Key::P);
    assert!(h.state().document().unwrap().set().annotations.is_empty());
    let message = h.state().session().and_then(|s| s.message.clone());
    assert!(
        message
            .as_deref()
            .is_some_and(|m| m.contains("white space")),
        "{message:?}"
    );
    drop(dir);
}

/// Two rows of the annotation list with the same label and text ("Kerry", twice) say which
/// paragraph each is in, and a click goes to that one; after undo the list has one row.
#[test]
fn annotation_rows_with_the_same_text_say_which_paragraph_each_is_in() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kerry.txt");
    let text = "Kerry met Lavrov.\n\nReporters waited.\n\nLater, Kerry left.\n";
    std::fs::write(&path, text).unwrap();
    let mut h = open_with(window_builder().with_size([800.0, 600.0]), Some(path), None);
    h.state_mut().settings.autosave = false;
    h.run();
    let second = text[..text.rfind("Kerry").unwrap()].chars().count();
    command(&mut h, Command::SelectText(0..5));
    key(&mut h, Key::P);
    command(&mut h, Command::SelectText(second..second + 5));
    key(&mut h, Key::P);
    assert!(
        h.query_by_label("entity · person  Kerry (paragraph 1)")
            .is_some()
    );
    h.get_by_label("entity · person  Kerry (paragraph 3)")
        .click();
    h.run();
    let selected = h.state().session().and_then(|s| s.selected);
    let doc = h.state().document().unwrap();
    let a = doc
        .set()
        .annotations
        .iter()
        .find(|a| Some(a.id) == selected);
    assert_eq!(a.map(|a| a.start), Some(second));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(
        h.query_by_label("entity · person  Kerry (paragraph 3)")
            .is_none()
    );
    assert!(
        h.query_by_label("entity · person  Kerry (paragraph 1)")
            .is_some()
    );
    drop(dir);
}

/// Space, PageDown and Down scroll a long article and carry the caret along; Shift+Space
/// and PageUp come back; Shift+Down selects line by line.
#[test]
fn space_and_page_keys_scroll_a_long_article_and_the_caret_follows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let text: String = (0..300)
        .map(|i| format!("Paragraph {i} of a long story, with enough words to wrap a line or two in the reading column.\n"))
        .collect();
    std::fs::write(&path, &text).unwrap();
    let mut h = open_with(window_builder().with_size([800.0, 600.0]), Some(path), None);
    h.run();
    let top_char_y =
        |h: &Harness<'_, PressApp>| h.state().view().char_screen_rect(0).map(|r| r.top());
    let before = top_char_y(&h).unwrap();
    key(&mut h, Key::Space);
    h.run();
    let first = caret(&h).expect("Space placed the caret");
    assert!(first > 200, "a page down: {first}");
    // The first paragraph scrolled up out of the way (or is no longer laid out).
    assert!(top_char_y(&h).is_none_or(|y| y < before - 200.0));
    // The caret is in view: its char is laid out on screen.
    let rect = h
        .state()
        .view()
        .char_screen_rect(first)
        .expect("caret char laid out");
    assert!(rect.top() > 0.0 && rect.bottom() < 600.0, "{rect:?}");
    key(&mut h, Key::PageDown);
    h.run();
    let second = caret(&h).unwrap();
    assert!(second > first + 200, "{first} → {second}");
    press(&mut h, Modifiers::SHIFT, Key::Space);
    h.run();
    let back = caret(&h).unwrap();
    assert!(
        back < second && back + 100 > first,
        "{first}, {second} → {back}"
    );
    // Ctrl+End: the end, in view.
    press(&mut h, Modifiers::COMMAND, Key::End);
    h.run();
    let end = text.chars().count();
    assert_eq!(caret(&h), Some(end));
    assert!(h.state().view().char_screen_rect(end - 2).is_some());
    // Shift+Up twice selects the last two lines' worth, ending at the end.
    press(&mut h, Modifiers::SHIFT, Key::ArrowUp);
    press(&mut h, Modifiers::SHIFT, Key::ArrowUp);
    let sel = selection(&h).expect("a selection");
    assert_eq!(sel.end, end);
    assert!(sel.len() > 50, "{sel:?}");
}

/// While the find bar has the focus, the caret keys move its cursor, not the article's.
#[test]
fn the_caret_keys_belong_to_the_find_field_while_typing() {
    let (_dir, path) = emoji_article();
    let mut h = open_with(window_builder().allow_missing_glyphs(), Some(path), None);
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::F);
    h.event(Event::Text("posted".into()));
    h.run();
    assert_eq!(
        selection(&h),
        Some(char_of("posted")..char_of("posted") + 6)
    );
    let before = caret(&h);
    key(&mut h, Key::ArrowLeft);
    press(&mut h, Modifiers::COMMAND, Key::ArrowLeft);
    press(&mut h, Modifiers::COMMAND, Key::End);
    assert_eq!(caret(&h), before);
}

fn span(h: &Harness<'_, PressApp>, id: u64) -> (usize, usize, String) {
    let a = h
        .state()
        .document()
        .unwrap()
        .annotation(id)
        .unwrap()
        .clone();
    (a.start, a.end, a.text)
}

/// A span's ends move by keys, a word at a time, each one undoable edit; its relations stay
/// attached, and the side panel's offsets follow.
#[test]
fn a_selected_span_is_resized_by_keys_and_undo_gives_it_back() {
    let dir = sample_corpus();
    let mut h = open_window(Some(dir.path().join(SAMPLE)), None);
    h.state_mut().settings.autosave = false;
    h.run();
    // "John Kerry" (97..107).
    command(&mut h, Command::SelectAnnotation(1));
    press(&mut h, Modifiers::ALT | Modifiers::SHIFT, Key::ArrowRight);
    assert_eq!(span(&h, 1), (102, 107, "Kerry".into()));
    press(&mut h, Modifiers::ALT, Key::ArrowRight);
    assert_eq!(span(&h, 1), (102, 111, "Kerry and".into()));
    press(&mut h, Modifiers::ALT, Key::ArrowLeft);
    assert_eq!(span(&h, 1), (102, 107, "Kerry".into()));
    // Never empty: the end cannot pass the start.
    press(&mut h, Modifiers::ALT, Key::ArrowLeft);
    assert_eq!(span(&h, 1), (102, 107, "Kerry".into()));
    assert!(
        h.query_by_label("characters 102–107").is_some(),
        "the side panel shows the offsets"
    );
    for _ in 0..3 {
        press(&mut h, Modifiers::COMMAND, Key::Z);
    }
    assert_eq!(span(&h, 1), (97, 107, "John Kerry".into()));
    // The quote's speaker "one official" (4) grows to the left; the relation stays on it.
    command(&mut h, Command::SelectAnnotation(4));
    press(&mut h, Modifiers::ALT | Modifiers::SHIFT, Key::ArrowLeft);
    let (start, end, _) = span(&h, 4);
    assert!(start < 744 && end == 756, "{start}..{end}");
    let doc = h.state().document().unwrap();
    assert!(doc.set().relations.iter().any(|r| r.from == 3 && r.to == 4));
    // Without a selected annotation the keys say what to do.
    command(&mut h, Command::Deselect);
    press(&mut h, Modifiers::ALT, Key::ArrowRight);
    let message = h.state().session().and_then(|s| s.message.clone()).unwrap();
    assert!(message.contains("Select an annotation first"), "{message}");
}

/// Dragging the handle at a selected span's end moves the end (snapped to the word), as one
/// undoable edit.
#[test]
fn dragging_a_span_handle_moves_that_end() {
    let dir = sample_corpus();
    let mut h = open_window(Some(dir.path().join(SAMPLE)), None);
    h.state_mut().settings.autosave = false;
    h.run();
    command(&mut h, Command::SelectAnnotation(1));
    let view = h.state().view();
    let last = view.char_screen_rect(106).expect("Kerry visible");
    // The end's knob hangs below the end of its last char.
    let knob = Pos2::new(last.right(), last.bottom() + 4.0);
    // Drop it on the middle of "Russian" (112..119).
    let to = view.char_screen_rect(115).unwrap().center();
    h.event(Event::PointerMoved(knob));
    h.step();
    press_at(&mut h, knob, true);
    h.step();
    h.event(Event::PointerMoved(Pos2::new((knob.x + to.x) / 2.0, to.y)));
    h.step();
    h.event(Event::PointerMoved(to));
    h.step();
    press_at(&mut h, to, false);
    h.run();
    assert_eq!(span(&h, 1), (97, 119, "John Kerry and Russian".into()));
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(span(&h, 1), (97, 107, "John Kerry".into()));
}

fn attributes(h: &Harness<'_, PressApp>) -> Vec<std::collections::BTreeMap<String, String>> {
    h.state()
        .document()
        .unwrap()
        .set()
        .annotations
        .iter()
        .map(|a| a.attributes.clone())
        .collect()
}

/// No judgement nobody made: a new claim leaves `checkworthy` unset (the side panel says
/// "not set") until the labeler picks a value; a schema file's `default` is given instead,
/// and a key's attributes still win.
#[test]
fn a_new_claim_has_no_checkworthy_until_someone_sets_it() {
    let dir = fresh_folder();
    let mut h = open_window(Some(dir.path().to_owned()), None);
    h.state_mut().settings.autosave = false;
    h.run();
    command(&mut h, Command::SelectText(0..13));
    key(&mut h, Key::C);
    assert_eq!(attributes(&h), vec![Default::default()]);
    assert_eq!(
        h.get_by_label("checkworthy").value().as_deref(),
        Some("not set")
    );
    // The labeler judges it: the side panel's combo box, then "no".
    h.get_by_label("checkworthy").click();
    h.run();
    h.get_by_label("no").click();
    h.run();
    assert_eq!(
        attributes(&h)[0].get("checkworthy").map(String::as_str),
        Some("no")
    );
    press(&mut h, Modifiers::COMMAND, Key::S);
    let saved = std::fs::read_to_string(dir.path().join("a.txt.annotations.ron")).unwrap();
    assert!(
        saved.contains("attributes: {\"checkworthy\": \"no\"}"),
        "{saved}"
    );
    // Undo takes the judgement back, to "not set" again.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(attributes(&h), vec![Default::default()]);

    // A folder whose schema gives `checkworthy` a default: a new claim gets it.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(
        other.path().join("c.txt"),
        "Angela Merkel met reporters in Berlin on Monday.\n",
    )
    .unwrap();
    std::fs::write(
        other.path().join("annotation-schema.ron"),
        r##"Schema(format: 1, labels: [Label(name: "claim", color: "#e0a030", attributes: [Attribute(name: "checkworthy", values: ["yes", "no"], default: Some("yes"))])], keys: [Key(key: 'c', label: "claim"), Key(key: 'n', label: "claim", attributes: {"checkworthy": "no"})])"##,
    )
    .unwrap();
    let mut h = open_window(Some(other.path().join("c.txt")), None);
    h.state_mut().settings.autosave = false;
    h.run();
    command(&mut h, Command::SelectText(0..13));
    key(&mut h, Key::C);
    command(&mut h, Command::SelectText(31..37));
    key(&mut h, Key::N);
    let got: Vec<_> = attributes(&h)
        .iter()
        .map(|a| a.get("checkworthy").cloned())
        .collect();
    assert_eq!(got, vec![Some("yes".to_owned()), Some("no".to_owned())]);
}

/// A narrow window (800×600): View hides the folder panel (Ctrl+B) and the side panel
/// (Ctrl+Shift+B), the choice is remembered by the next window, and Ctrl − zooms the whole
/// interface (menus too), not only the article.
#[test]
fn panels_hide_and_the_zoom_applies_to_menus_too_in_a_narrow_window() {
    use press_annotate::app::Settings;
    let dir = fresh_folder();
    let builder = || window_builder().with_size([800.0, 600.0]);
    let mut h = open_with(builder(), Some(dir.path().to_owned()), None);
    h.state_mut().settings.autosave = false;
    h.run();
    command(&mut h, Command::SelectText(0..13));
    key(&mut h, Key::P);
    h.get_by_label("Annotation #1");
    assert!(
        h.query_by_label_contains("b.txt").is_some(),
        "the folder panel lists b.txt"
    );
    press(&mut h, Modifiers::COMMAND, Key::B);
    assert!(
        h.query_by_label_contains("b.txt").is_none(),
        "folder panel hidden"
    );
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::B);
    assert!(
        h.query_by_label("Annotation #1").is_none(),
        "side panel hidden"
    );
    // The article is still there and still labels.
    command(&mut h, Command::SelectText(31..37));
    key(&mut h, Key::L);
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 2);

    // Zoom: everything is drawn at 0.8 (menus and panels too, not only the article's text),
    // so the 800 px window holds 1,000 points of interface.
    let font_size = h.state().settings.font_size;
    press(&mut h, Modifiers::COMMAND, Key::Minus);
    press(&mut h, Modifiers::COMMAND, Key::Minus);
    assert!(
        (h.ctx.zoom_factor() - 0.8).abs() < 1e-4,
        "{}",
        h.ctx.zoom_factor()
    );
    assert!((h.ctx.pixels_per_point() - 0.8).abs() < 1e-4);
    let width = h.ctx.content_rect().width();
    assert!((width - 1000.0).abs() < 1.0, "{width}");
    assert_eq!(
        h.state().settings.font_size,
        font_size,
        "the article's size stays"
    );
    h.get_by_label("File");

    // The next window remembers both panels and the zoom.
    let settings: Settings = h.state().settings.clone();
    assert!(!settings.show_side_panel && !settings.show_folder_panel);
    let mut h = builder()
        .build_eframe(move |_cc| PressApp::with_settings(settings, None).without_native_dialogs());
    h.run();
    command(&mut h, Command::OpenPath(dir.path().to_owned()));
    assert!(h.query_by_label_contains("b.txt").is_none(), "still hidden");
    assert!((h.ctx.zoom_factor() - 0.8).abs() < 1e-4);
    // The View menu shows them back.
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Show the folder panel").click();
    h.run();
    assert!(
        h.query_by_label_contains("b.txt").is_some(),
        "the folder panel is back"
    );
    press(&mut h, Modifiers::COMMAND, Key::Num0);
    assert!((h.ctx.zoom_factor() - 1.0).abs() < 1e-4);
}

/// Found walking the window: typing a query that stops matching ("An" matches "and", then
/// "Angela Merkel" matches nothing) left the last partial match selected, so Enter, Esc and a
/// label key labelled the fragment "an". A query with no match leaves nothing selected.
#[test]
fn a_search_that_stops_matching_leaves_no_fragment_selected_for_a_label_key() {
    let dir = sample_corpus();
    let mut h = open_window(Some(dir.path().join(SAMPLE)), None);
    h.state_mut().settings.autosave = false;
    h.run();
    let before = h.state().document().unwrap().set().annotations.len();
    press(&mut h, Modifiers::COMMAND, Key::F);
    for c in "Angela Merkel".chars() {
        h.event(Event::Text(c.to_string()));
        h.run();
    }
    assert_eq!(h.state().selection(), None, "no match, nothing selected");
    key(&mut h, Key::Enter);
    key(&mut h, Key::Escape);
    key(&mut h, Key::P);
    assert_eq!(
        h.state().document().unwrap().set().annotations.len(),
        before,
        "the label key labelled nothing"
    );
}
