//! The monkey test: a seeded random sequence of user commands (every `Command` variant),
//! clicks at random points, drags, keys, text, resizes and article switches in a small
//! folder, driven through the real app with egui_kittest, frames running in between. It
//! passes when nothing panics and, whenever a set on disk changed, every set on disk loads and
//! validates. Now and then another program adds a claim to the open set's file: the window
//! takes it in or lists a conflict, and every save after it keeps it, until a step the user
//! could have dropped it with (a deletion, an undo, Keep mine, a key or a click).
//!
//! `cargo test` runs 5,000 steps with a fixed seed; `PRESS_ANNOTATE_MONKEY_STEPS=N` runs N
//! (CI runs a longer one) and `PRESS_ANNOTATE_MONKEY_SEED=S` another seed.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use press_annotate::adjudicate::Choice;
use press_annotate::app::state::caret::{CaretMove, SpanEdge};
use press_annotate::app::{Command, PressApp, Settings};

/// Every move of the caret.
const CARET_MOVES: [CaretMove; 12] = [
    CaretMove::Left,
    CaretMove::Right,
    CaretMove::WordLeft,
    CaretMove::WordRight,
    CaretMove::Up,
    CaretMove::Down,
    CaretMove::LineStart,
    CaretMove::LineEnd,
    CaretMove::PageUp,
    CaretMove::PageDown,
    CaretMove::Start,
    CaretMove::End,
];
use press_annotate::model::Status;
use press_annotate::schema_edit::SchemaChange;
use press_annotate::store;
use press_annotate::suggest::SuggestionSource;

const KEYS: &[Key] = &[
    Key::A,
    Key::C,
    Key::E,
    Key::L,
    Key::O,
    Key::P,
    Key::Q,
    Key::S,
    Key::T,
    Key::Y,
    Key::Z,
    Key::F,
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num0,
    Key::Enter,
    Key::Escape,
    Key::Delete,
    Key::Backspace,
    Key::Tab,
    Key::PageDown,
    Key::PageUp,
    Key::ArrowDown,
    Key::ArrowUp,
    Key::F1,
    Key::F3,
    Key::Plus,
    Key::Minus,
];

const SIZES: &[[f32; 2]] = &[
    [1280.0, 800.0],
    [900.0, 600.0],
    [1600.0, 1000.0],
    [640.0, 400.0],
];

struct Monkey {
    rng: fastrand::Rng,
    dir: PathBuf,
    articles: Vec<PathBuf>,
    size: [f32; 2],
    /// Print each command (PRESS_ANNOTATE_MONKEY_TRACE=1), to find what led to a failure.
    trace: bool,
}

impl Monkey {
    fn point(&mut self) -> Pos2 {
        Pos2::new(self.rng.f32() * self.size[0], self.rng.f32() * self.size[1])
    }

    fn modifiers(&mut self) -> Modifiers {
        match self.rng.u8(0..10) {
            0..=5 => Modifiers::NONE,
            6 | 7 => Modifiers::COMMAND,
            8 => Modifiers::SHIFT,
            _ => Modifiers::COMMAND | Modifiers::SHIFT,
        }
    }

    fn path(&mut self) -> PathBuf {
        match self.rng.u8(0..10) {
            0 => self.dir.clone(),
            1 => self.dir.join("no-such-article.txt"),
            2 => self.dir.join("broken.txt"),
            _ => self.articles[self.rng.usize(..self.articles.len())].clone(),
        }
    }

    /// An id that exists now or a made-up one.
    fn id(&mut self, app: &PressApp) -> u64 {
        let ids: Vec<u64> = app
            .document()
            .map(|d| {
                let set = d.set();
                set.annotations
                    .iter()
                    .chain(&set.orphans)
                    .map(|a| a.id)
                    .chain(set.relations.iter().map(|r| r.id))
                    .collect()
            })
            .unwrap_or_default();
        if ids.is_empty() || self.rng.u8(0..8) == 0 {
            self.rng.u64(0..1000)
        } else {
            ids[self.rng.usize(..ids.len())]
        }
    }

    fn range(&mut self, app: &PressApp) -> std::ops::Range<usize> {
        let len = app.document().map_or(10, |d| d.article.len_chars());
        let start = self.rng.usize(0..=len + 2);
        let end = if self.rng.bool() {
            start + self.rng.usize(0..30)
        } else {
            self.rng.usize(0..=len + 2)
        };
        start..end
    }

    fn word(&mut self) -> String {
        [
            "claim", "quote", "entity", "person", "speaker", "claimer", "form", "type", "", "x",
        ][self.rng.usize(..10)]
        .to_owned()
    }

    /// Every variant of `Command`, with arguments that make sense or not.
    fn command(&mut self, app: &PressApp) -> Command {
        match self.rng.u8(0..51) {
            0 => Command::Open,
            1 => Command::OpenPathField,
            2 | 3 => Command::OpenPath(self.path()),
            4 => Command::OpenFolder,
            5 => Command::CloseFolder,
            6 | 7 => Command::NextArticle,
            8 => Command::PreviousArticle,
            9 => Command::DoneAndNext,
            10 => match self.rng.u8(0..6) {
                0 => Command::EditAnnotator,
                1 => Command::ToggleSchemaEditor,
                2 => Command::ConfirmSchemaChange,
                3 => Command::EditSchema(SchemaChange::RenameLabel {
                    old: self.word(),
                    new: self.word(),
                }),
                4 => Command::EditSchema(SchemaChange::RemoveValue {
                    label: "quote".into(),
                    attribute: "form".into(),
                    value: ["direct", "mixed"][self.rng.usize(..2)].into(),
                }),
                _ => Command::EditSchema(SchemaChange::RecolorLabel {
                    name: self.word(),
                    color: "#336699".into(),
                }),
            },
            11 => Command::SetAnnotator(
                [None, Some("alice".to_owned()), Some("bob".to_owned())][self.rng.usize(..3)]
                    .clone(),
            ),
            12 => Command::Save,
            13 => Command::SaveAs,
            14 => Command::SaveAsPath(self.dir.join("elsewhere").join("saved-as.ron")),
            15 => match self.rng.u8(0..4) {
                0 => Command::Export,
                1 => Command::IngestPages,
                2 => Command::IngestPaths(vec![self.path()]),
                _ => Command::ReloadFolder,
            },
            16 => Command::Quit,
            17 | 18 => Command::Undo,
            19 => Command::Redo,
            20 => Command::Delete,
            21 => [Command::Escape, Command::Deselect][self.rng.usize(..2)].clone(),
            22 => Command::Find,
            23 => Command::FindFirst,
            24 => Command::FindNext,
            25 => Command::FindPrevious,
            26 => {
                let view = [
                    Command::ZoomIn,
                    Command::ZoomOut,
                    Command::ZoomReset,
                    Command::LargerText,
                    Command::SmallerText,
                    Command::ToggleSidePanel,
                    Command::ToggleFolderPanel,
                    Command::ToggleHeadlines,
                ];
                view[self.rng.usize(..view.len())].clone()
            }
            27 => Command::ToggleDarkMode,
            28 => Command::ToggleAutosave,
            29 => {
                [Command::ToggleShortcuts, Command::ToggleStatistics][self.rng.usize(..2)].clone()
            }
            30 => Command::CycleStatus,
            31 => Command::SetStatus(Status::ALL[self.rng.usize(..3)]),
            32 => Command::LabelKey(['c', 'q', 'e', 'p', 'o', 'l', 'z'][self.rng.usize(..7)]),
            33 => Command::LabelSlot(self.rng.usize(0..10)),
            34 => Command::SelectAnnotation(self.id(app)),
            35 => Command::GoToAnnotation(self.id(app)),
            36 | 37 => Command::SelectText(self.range(app)),
            38 => Command::DeleteAnnotation(self.id(app)),
            39 => Command::Relabel {
                id: self.id(app),
                label: self.word(),
            },
            40 => Command::SetAttribute {
                id: self.id(app),
                name: self.word(),
                value: ["person", "direct", "yes", "nonsense"][self.rng.usize(..4)].to_owned(),
            },
            41 => match self.rng.u8(0..8) {
                6 => Command::StepLinkTarget {
                    forward: self.rng.bool(),
                },
                7 => Command::LinkToTarget,
                4 => Command::LinkNext,
                5 => Command::SelectRelation(self.id(app)),
                0 => Command::SetNote {
                    id: self.id(app),
                    note: "a note, with \"quotes\" and 🇺🇦".to_owned(),
                },
                1 => Command::StartLink {
                    from: self.id(app),
                    label: self.word(),
                },
                2 => Command::LinkTo(self.id(app)),
                _ => Command::Unrelate(self.id(app)),
            },
            42 => Command::Reattach(self.id(app)),
            43 => Command::CompareWith(
                [
                    None,
                    Some(String::new()),
                    Some("alice".into()),
                    Some("bob".into()),
                ][self.rng.usize(..4)]
                .clone(),
            ),
            44 => match self.rng.u8(0..11) {
                9 => [Command::TakeTheirs, Command::TakeAllTheirs][self.rng.usize(..2)].clone(),
                0 => Command::NextDifference,
                1 => Command::PreviousDifference,
                2 => Command::GoToDifference(self.rng.usize(0..20)),
                3 => Command::SettleConflict(RESOLUTIONS[self.rng.usize(..3)]),
                4 => Command::SettleAllConflicts(RESOLUTIONS[self.rng.usize(..3)]),
                5 => Command::GoToConflict(self.rng.usize(0..5)),
                6 => Command::ReloadTheirs,
                7 => Command::KeepMine,
                8 => Command::ToggleAutoAcceptSuggested,
                _ => Command::ToggleAutoAccept,
            },
            45 => match self.rng.u8(0..8) {
                0 => Command::AdjudicateFolder,
                1 => Command::OpenAdjudication(self.path()),
                2 => Command::StopAdjudicating,
                3 => Command::Decide(Choice::Union),
                4 => Command::Decide(Choice::Reject),
                _ => Command::Decide(Choice::Take(self.rng.usize(0..10))),
            },
            46 | 47 => match self.rng.u8(0..8) {
                6 => Command::CycleSpeaker {
                    forward: self.rng.bool(),
                },
                7 => Command::ChooseSpeaker([None, Some(0), Some(1), Some(7)][self.rng.usize(..4)]),
                0 => Command::NextSuggestion,
                1 => Command::PreviousSuggestion,
                2 => Command::AcceptSuggestion,
                3 => Command::RejectSuggestion,
                4 => Command::AcceptAllSuggestions,
                _ => Command::ToggleSuggestions(
                    SuggestionSource::ALL[self.rng.usize(..SuggestionSource::ALL.len())],
                ),
            },
            49 | 50 => {
                let how = CARET_MOVES[self.rng.usize(..CARET_MOVES.len())];
                match self.rng.u8(0..7) {
                    0 | 1 => Command::MoveCaret(how),
                    2 | 3 => Command::ExtendSelection(how),
                    4 => Command::MoveSpanEdge {
                        edge: if self.rng.bool() {
                            SpanEdge::Start
                        } else {
                            SpanEdge::End
                        },
                        forward: self.rng.bool(),
                    },
                    5 => Command::ResizeAnnotation {
                        id: self.id(app),
                        range: self.range(app),
                    },
                    _ => Command::PlaceCaret {
                        at: self.rng.usize(0..3000),
                        extend: self.rng.bool(),
                    },
                }
            }
            _ => Command::OpenRecent(self.path()),
        }
    }

    /// One step: a command, or raw input as a user's hands give it. Returns whether the step
    /// may have dropped something by the user's choice (a deletion, an undo, Keep mine, a key
    /// or a click that can be any of those, typing into a note): see [`may_drop`].
    fn step(&mut self, h: &mut Harness<'_, PressApp>) -> bool {
        let mut drops = true;
        match self.rng.u8(0..10) {
            0..=3 => {
                let command = self.command(h.state());
                if self.trace {
                    eprintln!("command {command:?}");
                }
                drops = may_drop(&command);
                let ctx = h.ctx.clone();
                h.state_mut().run_command(&ctx, command);
            }
            4 => {
                let pos = self.point();
                let modifiers = self.modifiers();
                h.event(Event::PointerMoved(pos));
                for pressed in [true, false] {
                    h.event(Event::PointerButton {
                        pos,
                        button: PointerButton::Primary,
                        pressed,
                        modifiers,
                    });
                }
            }
            5 => {
                let (a, b) = (self.point(), self.point());
                let button = |pos, pressed| Event::PointerButton {
                    pos,
                    button: PointerButton::Primary,
                    pressed,
                    modifiers: Modifiers::NONE,
                };
                h.event(Event::PointerMoved(a));
                h.event(button(a, true));
                h.step();
                h.event(Event::PointerMoved(b));
                h.step();
                h.event(button(b, false));
            }
            6 | 7 => {
                let key = KEYS[self.rng.usize(..KEYS.len())];
                let modifiers = self.modifiers();
                h.key_press_modifiers(modifiers, key);
            }
            8 => {
                let text = ["a", "Lavrov", " ", "é🇺🇦", "x"][self.rng.usize(..5)];
                h.event(Event::Text(text.to_owned()));
            }
            _ => match self.rng.u8(0..3) {
                0 => {
                    drops = false;
                    self.size = SIZES[self.rng.usize(..SIZES.len())];
                    h.set_size(Vec2::from(self.size));
                }
                1 => {
                    drops = false;
                    let delta = Vec2::new(0.0, self.rng.f32() * 1200.0 - 600.0);
                    h.event(Event::PointerMoved(self.point()));
                    h.event(Event::MouseWheel {
                        unit: egui::MouseWheelUnit::Point,
                        delta,
                        phase: egui::TouchPhase::Move,
                        source: egui::MouseWheelSource::Unknown,
                        modifiers: Modifiers::NONE,
                    });
                }
                _ => {
                    // The window manager's close button (the app saves or asks: answering
                    // takes a click).
                    drops = false;
                    h.input_mut()
                        .viewports
                        .entry(egui::ViewportId::ROOT)
                        .or_default()
                        .events
                        .push(egui::ViewportEvent::Close);
                }
            },
        }
        h.step();
        drops
    }
}

/// Whether a command can drop an annotation by the user's choice: deleting, undoing or
/// redoing, rewriting a note, choosing mine over theirs, labelling over a span, a schema change,
/// an adjudication or a suggestion's decision. Every other command must keep what another
/// program added to the set.
fn may_drop(command: &Command) -> bool {
    use press_annotate::merge::Resolution;
    !matches!(
        command,
        Command::Save
            | Command::SaveAs
            | Command::SaveAsPath(_)
            | Command::Export
            | Command::IngestPages
            | Command::IngestPaths(_)
            | Command::ReloadFolder
            | Command::Open
            | Command::OpenPathField
            | Command::OpenPath(_)
            | Command::OpenRecent(_)
            | Command::OpenFolder
            | Command::CloseFolder
            | Command::NextArticle
            | Command::PreviousArticle
            | Command::Quit
            | Command::Escape
            | Command::Deselect
            | Command::Find
            | Command::FindFirst
            | Command::FindNext
            | Command::FindPrevious
            | Command::ZoomIn
            | Command::ZoomOut
            | Command::ZoomReset
            | Command::LargerText
            | Command::SmallerText
            | Command::ToggleSidePanel
            | Command::ToggleFolderPanel
            | Command::ToggleHeadlines
            | Command::ToggleDarkMode
            | Command::ToggleAutosave
            | Command::ToggleShortcuts
            | Command::ToggleStatistics
            | Command::CycleStatus
            | Command::SetStatus(_)
            | Command::SelectAnnotation(_)
            | Command::GoToAnnotation(_)
            | Command::SelectText(_)
            | Command::SelectRelation(_)
            | Command::CompareWith(_)
            | Command::NextDifference
            | Command::PreviousDifference
            | Command::GoToDifference(_)
            | Command::NextSuggestion
            | Command::PreviousSuggestion
            | Command::ToggleSuggestions(_)
            | Command::GoToConflict(_)
            | Command::ReloadTheirs
            | Command::SettleConflict(Resolution::Theirs | Resolution::Both)
            | Command::SettleAllConflicts(Resolution::Theirs | Resolution::Both)
            | Command::MoveCaret(_)
            | Command::ExtendSelection(_)
            | Command::PlaceCaret { .. }
    )
}

const RESOLUTIONS: [press_annotate::merge::Resolution; 3] = [
    press_annotate::merge::Resolution::Mine,
    press_annotate::merge::Resolution::Theirs,
    press_annotate::merge::Resolution::Both,
];

/// Names every `Command` variant, with no catch-all: a new variant does not compile until the
/// monkey learns to send it (in `Monkey::command`).
#[allow(dead_code)]
fn every_variant_is_sent(command: &Command) {
    match command {
        Command::Open
        | Command::OpenPathField
        | Command::OpenPath(_)
        | Command::OpenFolder
        | Command::CloseFolder
        | Command::NextArticle
        | Command::PreviousArticle
        | Command::DoneAndNext
        | Command::EditAnnotator
        | Command::ToggleSchemaEditor
        | Command::EditSchema(_)
        | Command::ConfirmSchemaChange
        | Command::SetAnnotator(_)
        | Command::Save
        | Command::SaveAs
        | Command::SaveAsPath(_)
        | Command::Export
        | Command::IngestPages
        | Command::IngestPaths(_)
        | Command::ReloadFolder
        | Command::Quit
        | Command::Undo
        | Command::Redo
        | Command::Delete
        | Command::Escape
        | Command::Deselect
        | Command::Find
        | Command::FindFirst
        | Command::FindNext
        | Command::FindPrevious
        | Command::ZoomIn
        | Command::ZoomOut
        | Command::ZoomReset
        | Command::LargerText
        | Command::SmallerText
        | Command::ToggleSidePanel
        | Command::ToggleFolderPanel
        | Command::ToggleHeadlines
        | Command::ToggleDarkMode
        | Command::ToggleAutosave
        | Command::ToggleShortcuts
        | Command::ToggleStatistics
        | Command::CycleStatus
        | Command::SetStatus(_)
        | Command::LabelKey(_)
        | Command::LabelSlot(_)
        | Command::SelectAnnotation(_)
        | Command::GoToAnnotation(_)
        | Command::SelectText(_)
        | Command::DeleteAnnotation(_)
        | Command::Relabel { .. }
        | Command::SetAttribute { .. }
        | Command::SetNote { .. }
        | Command::StartLink { .. }
        | Command::LinkNext
        | Command::LinkTo(_)
        | Command::SelectRelation(_)
        | Command::Unrelate(_)
        | Command::Reattach(_)
        | Command::OpenRecent(_)
        | Command::CompareWith(_)
        | Command::NextDifference
        | Command::PreviousDifference
        | Command::GoToDifference(_)
        | Command::TakeTheirs
        | Command::TakeAllTheirs
        | Command::CycleSpeaker { .. }
        | Command::ChooseSpeaker(_)
        | Command::StepLinkTarget { .. }
        | Command::LinkToTarget
        | Command::AdjudicateFolder
        | Command::OpenAdjudication(_)
        | Command::StopAdjudicating
        | Command::Decide(_)
        | Command::ToggleAutoAccept
        | Command::ToggleAutoAcceptSuggested
        | Command::NextSuggestion
        | Command::PreviousSuggestion
        | Command::AcceptSuggestion
        | Command::RejectSuggestion
        | Command::AcceptAllSuggestions
        | Command::ToggleSuggestions(_)
        | Command::SettleConflict(_)
        | Command::SettleAllConflicts(_)
        | Command::GoToConflict(_)
        | Command::ReloadTheirs
        | Command::KeepMine
        | Command::MoveCaret(_)
        | Command::ExtendSelection(_)
        | Command::PlaceCaret { .. }
        | Command::MoveSpanEdge { .. }
        | Command::ResizeAnnotation { .. } => {}
    }
}

/// Every annotation file under `dir` with its bytes.
fn sets_on_disk(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if store::is_annotation_file(&path) {
                out.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// What another program added to a set: its file and the note of the claim it added.
struct Added {
    path: PathBuf,
    note: String,
    /// The file as that program wrote it (a check of it proves nothing about the window).
    theirs: Vec<u8>,
}

/// Another program (a colleague's `git pull`, `suggest --apply`) adds a claim with a note of
/// its own to the open set's file, through the library as such a program would; within two
/// seconds the window shows it, reloaded or merged with its unsaved edits, or lists a
/// conflict: it is never silently dropped. Half the time the user then saves at once (settling
/// any conflict, or choosing Keep mine, which drops it): the claim is on disk after the save
/// unless Keep mine was chosen. Returns what was added, for later saves to be checked too
/// (`None` when nothing was written, or Keep mine dropped it).
fn another_program_writes_the_open_set(
    h: &mut Harness<'_, PressApp>,
    rng: &mut fastrand::Rng,
    step: usize,
) -> Option<Added> {
    let open = h.state().document()?;
    let (source, annotator, path) = (
        open.source_path.clone(),
        open.set().annotator.clone(),
        open.annotation_path.clone(),
    );
    if !path.exists() || open.article.len_chars() == 0 {
        return None;
    }
    let mut theirs =
        press_annotate::document::Document::open(&source, annotator.as_deref()).ok()?;
    // A set saved under another name (Save As) is not the one a program opening the article
    // would write: it writes the article's own set, which the window no longer shows.
    if theirs.annotation_path != path {
        return None;
    }
    let word = theirs
        .article
        .word_at(rng.usize(..theirs.article.len_chars()));
    if word.is_empty() || theirs.set().overlapping(word.clone()).next().is_some() {
        return None;
    }
    let id = theirs.label_span(word, "claim", &BTreeMap::new()).ok()?;
    let note = format!("written by another program at step {step}");
    if theirs.set_note(id, &note).is_err() || theirs.save().is_err() {
        return None;
    }
    let added = Added {
        theirs: std::fs::read(&path).ok()?,
        path,
        note,
    };
    for _ in 0..5 {
        h.step();
    }
    let doc = h.state().document()?;
    if doc.annotation_path != added.path {
        return Some(added);
    }
    let (path, note) = (&added.path, &added.note);
    let shown = doc
        .set()
        .annotations
        .iter()
        .any(|a| a.note.as_deref() == Some(note.as_str()));
    assert!(
        shown || !doc.conflicts().is_empty() || doc.waits_for_user(),
        "step {step}: the claim another program added to {} was not taken in",
        path.display()
    );
    if rng.bool() {
        return Some(added);
    }
    // The user saves now, and settles what the merge could not.
    let ctx = h.ctx.clone();
    h.state_mut().run_command(&ctx, Command::Save);
    h.step();
    let conflicts = h
        .state()
        .document()
        .is_some_and(|d| d.annotation_path == added.path && !d.conflicts().is_empty());
    if conflicts {
        if rng.u8(0..4) == 0 {
            h.state_mut().run_command(&ctx, Command::KeepMine);
            h.step();
            return None;
        }
        let how = RESOLUTIONS[rng.usize(..RESOLUTIONS.len())];
        h.state_mut()
            .run_command(&ctx, Command::SettleAllConflicts(how));
        h.state_mut().run_command(&ctx, Command::Save);
        h.step();
    }
    let saved = h
        .state()
        .document()
        .is_some_and(|d| d.annotation_path == added.path && !d.waits_for_user() && !d.is_dirty());
    if saved {
        assert_on_disk(&added, step);
    }
    Some(added)
}

/// How many of the window's saves were checked to keep what another program added.
static SAVES_CHECKED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The claim another program added is in its set's file.
fn assert_on_disk(added: &Added, step: usize) {
    let Ok(text) = std::fs::read_to_string(&added.path) else {
        return;
    };
    if text.as_bytes() != added.theirs {
        SAVES_CHECKED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    assert!(
        text.contains(&added.note),
        "step {step}: a save of {} dropped the claim another program added (\"{}\")",
        added.path.display(),
        added.note
    );
}

/// Loads and validates every set that changed since `before`.
fn check_changed_sets(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    now: &BTreeMap<PathBuf, Vec<u8>>,
    step: usize,
) {
    for (path, bytes) in now {
        if before.get(path) == Some(bytes) {
            continue;
        }
        // Save As into `elsewhere/` writes a set without an article beside it.
        if path.parent().is_some_and(|p| p.ends_with("elsewhere")) {
            continue;
        }
        // Save As under a name typed into the path field that names no article
        // ("kerry.txtx.annotations.ron") writes a file that is no article's set: every
        // command refuses it as "not an annotation file name".
        let Some((source, annotator)) = store::source_of(path) else {
            continue;
        };
        if let Err(errors) = store::load(&source, annotator.as_deref()) {
            panic!("step {step}: {} does not load: {errors}", path.display());
        }
    }
}

#[test]
fn a_monkey_cannot_crash_the_app_or_corrupt_a_set() {
    let steps: usize = std::env::var("PRESS_ANNOTATE_MONKEY_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000);
    let seed: u64 = std::env::var("PRESS_ANNOTATE_MONKEY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_127);
    // Shown when the test fails, to replay the same run.
    eprintln!("monkey: PRESS_ANNOTATE_MONKEY_SEED={seed} PRESS_ANNOTATE_MONKEY_STEPS={steps}");

    let tmp = tempfile::tempdir().unwrap();
    // Whatever the monkey types as a relative path lands in its own folder (this binary holds
    // this one test, so changing the working folder disturbs no other test).
    std::env::set_current_dir(tmp.path()).unwrap();
    let dir = tmp.path().join("folder");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::create_dir_all(dir.join("elsewhere")).unwrap();
    std::fs::copy(assets().join(SAMPLE), dir.join(SAMPLE)).unwrap();
    std::fs::write(dir.join(format!("{SAMPLE}.annotations.ron")), example_set()).unwrap();
    std::fs::write(dir.join("sub/mixed.txt"), MIXED_ARTICLE).unwrap();
    std::fs::write(
        dir.join("short.md"),
        "# A title\n\nOne line, said the minister.\n",
    )
    .unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    // An article whose set cannot be read: it must never be overwritten.
    std::fs::write(dir.join("broken.txt"), "Some text.\n").unwrap();
    std::fs::write(
        dir.join("broken.txt.annotations.ron"),
        "(format: 1, garbage",
    )
    .unwrap();
    let articles = vec![
        dir.join(SAMPLE),
        dir.join("sub/mixed.txt"),
        dir.join("short.md"),
        dir.join("empty.txt"),
    ];

    let start = dir.clone();
    let mut h = window_builder()
        .with_max_steps(4)
        .with_step_dt(0.4)
        // Emoji and CJK without system fonts draw as boxes, as in the real window.
        .allow_missing_glyphs()
        .build_eframe(move |_cc| {
            let mut app =
                PressApp::with_settings(Settings::default(), None).without_native_dialogs();
            let ctx = _cc.egui_ctx.clone();
            app.run_command(&ctx, Command::OpenPath(start));
            app
        });
    h.run_ok();
    let mut monkey = Monkey {
        rng: fastrand::Rng::with_seed(seed),
        dir: dir.clone(),
        articles,
        size: [1280.0, 800.0],
        trace: std::env::var_os("PRESS_ANNOTATE_MONKEY_TRACE").is_some(),
    };
    let mut on_disk = sets_on_disk(&dir);
    // The claim another program added last, while no step since could have dropped it.
    let mut added: Option<Added> = None;
    for step in 0..steps {
        if monkey.trace {
            eprintln!(
                "step {step}: {:?} as {:?}",
                h.state().document().map(|d| d.annotation_path.clone()),
                h.state().document().map(|d| d.set().annotator.clone())
            );
        }
        if monkey.step(&mut h) {
            // What the user may have chosen to drop is not checked any more.
            added = None;
        }
        if monkey.rng.u8(0..40) == 0 {
            // None also when the user chose Keep mine, which drops what came before too.
            added = another_program_writes_the_open_set(&mut h, &mut monkey.rng, step);
        }
        let now = sets_on_disk(&dir);
        if now != on_disk {
            check_changed_sets(&on_disk, &now, step);
            // A save since: what another program added is still there.
            if let Some(added) = &added
                && now.get(&added.path) != on_disk.get(&added.path)
            {
                assert_on_disk(added, step);
            }
            on_disk = now;
        }
        assert_eq!(
            std::fs::read_to_string(dir.join("broken.txt.annotations.ron")).unwrap(),
            "(format: 1, garbage",
            "step {step}: a set that could not be read was overwritten"
        );
    }
    let checked = SAVES_CHECKED.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!("monkey: {checked} save(s) checked to keep what another program added");
    assert!(
        steps < 2_000 || checked > 0,
        "no save was checked to keep what another program added: the test proves nothing"
    );
    // The end of the session: whatever is open saves, and every set is valid.
    let ctx = h.ctx.clone();
    h.state_mut().settings.autosave = true;
    h.state_mut().run_command(&ctx, Command::Save);
    h.run_ok();
    for (path, _) in sets_on_disk(&dir) {
        if path.parent().is_some_and(|p| p.ends_with("elsewhere"))
            || path.ends_with("broken.txt.annotations.ron")
        {
            continue;
        }
        let Some((source, annotator)) = store::source_of(&path) else {
            continue;
        };
        store::load(&source, annotator.as_deref()).unwrap();
    }
}
