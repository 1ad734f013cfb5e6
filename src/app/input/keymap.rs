//! The keymaps: for each mode, every key the window answers to, in one table (fixed
//! shortcuts, the schema's label letters, the digits and the mode's own keys). Key handling,
//! menus, tooltips and Help → Keyboard shortcuts all read it, and a test checks that no key
//! of a mode does two things.
//!
//! A key press is resolved against the bindings most specific first (egui matches modifiers
//! "logically": extra Shift and Alt are ignored, so Ctrl+Shift+Z must be tried before Ctrl+Z).

use egui::{Key, KeyboardShortcut, Modifiers};

use super::command::Command;
use crate::adjudicate::Choice;
use crate::app::state::caret::{CaretMove, SpanEdge};
use crate::merge::Resolution;
use crate::schema::{LINK_KEY, REJECT_KEY, Schema, TAKE_ALL_KEY};

/// Which keymap is in force: the open article's mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeymapMode {
    /// Annotating one's own set, with suggestions.
    Annotate,
    /// Comparing with a colleague's set (one's own set stays editable).
    Compare,
    /// Adjudicating several annotators' sets into gold.
    Adjudicate,
    /// Linking a span (after `r`, in any mode): Tab / Shift+Tab go through the spans it may
    /// link to, Enter links the current one, Esc cancels.
    Link,
}

impl KeymapMode {
    pub const ALL: [KeymapMode; 4] = [
        KeymapMode::Annotate,
        KeymapMode::Compare,
        KeymapMode::Adjudicate,
        KeymapMode::Link,
    ];

    /// How the shortcuts window names the mode.
    pub fn title(self) -> &'static str {
        match self {
            KeymapMode::Annotate => "annotating",
            KeymapMode::Compare => "comparing",
            KeymapMode::Adjudicate => "adjudicating",
            KeymapMode::Link => "linking a span",
        }
    }
}

/// One key and the command it gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Binding {
    pub shortcut: KeyboardShortcut,
    pub command: Command,
}

impl Binding {
    /// Whether the key is left to a text field that has the focus: plain keys (letters,
    /// digits, Delete, Enter, Tab, Esc) are; Ctrl shortcuts and F-keys are not.
    pub fn yields_to_typing(&self) -> bool {
        // The caret keys move a text field's cursor, with Ctrl too (word, field's ends).
        let caret_key = matches!(
            self.shortcut.logical_key,
            Key::ArrowLeft | Key::ArrowRight | Key::ArrowUp | Key::ArrowDown | Key::Home | Key::End
        );
        (caret_key || !self.shortcut.modifiers.command)
            && !matches!(self.shortcut.logical_key, Key::F1 | Key::F3 | Key::F4)
    }
}

const fn shortcut(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};
const SHIFT: Modifiers = Modifiers::SHIFT;
const ALT: Modifiers = Modifiers::ALT;
const ALT_SHIFT: Modifiers = Modifiers {
    alt: true,
    shift: true,
    ..Modifiers::NONE
};
const NONE: Modifiers = Modifiers::NONE;

/// The shortcuts of every mode. Several keys may give the same command; the first one listed
/// is the one menus show.
const EVERY_MODE: &[(KeyboardShortcut, Command)] = &[
    (shortcut(CMD_SHIFT, Key::S), Command::SaveAs),
    (shortcut(CMD_SHIFT, Key::Z), Command::Redo),
    (shortcut(CMD_SHIFT, Key::O), Command::OpenPathField),
    (shortcut(CMD, Key::O), Command::Open),
    (shortcut(CMD, Key::S), Command::Save),
    (shortcut(CMD, Key::E), Command::Export),
    (shortcut(CMD, Key::Q), Command::Quit),
    (shortcut(CMD, Key::Z), Command::Undo),
    (shortcut(CMD, Key::Y), Command::Redo),
    (shortcut(CMD, Key::F), Command::Find),
    (shortcut(CMD, Key::Plus), Command::ZoomIn),
    (shortcut(CMD, Key::Equals), Command::ZoomIn),
    (shortcut(CMD, Key::Minus), Command::ZoomOut),
    (shortcut(CMD, Key::Num0), Command::ZoomReset),
    (shortcut(CMD_SHIFT, Key::B), Command::ToggleSidePanel),
    (shortcut(CMD, Key::B), Command::ToggleFolderPanel),
    (shortcut(CMD, Key::T), Command::CycleStatus),
    (shortcut(CMD, Key::I), Command::ToggleStatistics),
    (shortcut(CMD_SHIFT, Key::I), Command::IngestPages),
    (shortcut(CMD, Key::PageDown), Command::NextArticle),
    // The selected annotation's ends: Alt+arrows move its end, Alt+Shift+arrows its start.
    (
        shortcut(ALT_SHIFT, Key::ArrowLeft),
        Command::MoveSpanEdge {
            edge: SpanEdge::Start,
            forward: false,
        },
    ),
    (
        shortcut(ALT_SHIFT, Key::ArrowRight),
        Command::MoveSpanEdge {
            edge: SpanEdge::Start,
            forward: true,
        },
    ),
    (
        shortcut(ALT, Key::ArrowLeft),
        Command::MoveSpanEdge {
            edge: SpanEdge::End,
            forward: false,
        },
    ),
    (
        shortcut(ALT, Key::ArrowRight),
        Command::MoveSpanEdge {
            edge: SpanEdge::End,
            forward: true,
        },
    ),
    // The caret: Shift extends the selection, Ctrl goes by word (or to the article's ends).
    (
        shortcut(CMD_SHIFT, Key::ArrowLeft),
        Command::ExtendSelection(CaretMove::WordLeft),
    ),
    (
        shortcut(CMD_SHIFT, Key::ArrowRight),
        Command::ExtendSelection(CaretMove::WordRight),
    ),
    (
        shortcut(CMD_SHIFT, Key::Home),
        Command::ExtendSelection(CaretMove::Start),
    ),
    (
        shortcut(CMD_SHIFT, Key::End),
        Command::ExtendSelection(CaretMove::End),
    ),
    (
        shortcut(CMD, Key::ArrowLeft),
        Command::MoveCaret(CaretMove::WordLeft),
    ),
    (
        shortcut(CMD, Key::ArrowRight),
        Command::MoveCaret(CaretMove::WordRight),
    ),
    (
        shortcut(CMD, Key::Home),
        Command::MoveCaret(CaretMove::Start),
    ),
    (shortcut(CMD, Key::End), Command::MoveCaret(CaretMove::End)),
    (
        shortcut(SHIFT, Key::ArrowLeft),
        Command::ExtendSelection(CaretMove::Left),
    ),
    (
        shortcut(SHIFT, Key::ArrowRight),
        Command::ExtendSelection(CaretMove::Right),
    ),
    (
        shortcut(SHIFT, Key::ArrowUp),
        Command::ExtendSelection(CaretMove::Up),
    ),
    (
        shortcut(SHIFT, Key::ArrowDown),
        Command::ExtendSelection(CaretMove::Down),
    ),
    (
        shortcut(SHIFT, Key::Home),
        Command::ExtendSelection(CaretMove::LineStart),
    ),
    (
        shortcut(SHIFT, Key::End),
        Command::ExtendSelection(CaretMove::LineEnd),
    ),
    (
        shortcut(SHIFT, Key::PageUp),
        Command::ExtendSelection(CaretMove::PageUp),
    ),
    (
        shortcut(SHIFT, Key::PageDown),
        Command::ExtendSelection(CaretMove::PageDown),
    ),
    (
        shortcut(SHIFT, Key::Space),
        Command::MoveCaret(CaretMove::PageUp),
    ),
    (
        shortcut(NONE, Key::ArrowLeft),
        Command::MoveCaret(CaretMove::Left),
    ),
    (
        shortcut(NONE, Key::ArrowRight),
        Command::MoveCaret(CaretMove::Right),
    ),
    (
        shortcut(NONE, Key::ArrowUp),
        Command::MoveCaret(CaretMove::Up),
    ),
    (
        shortcut(NONE, Key::ArrowDown),
        Command::MoveCaret(CaretMove::Down),
    ),
    (
        shortcut(NONE, Key::Home),
        Command::MoveCaret(CaretMove::LineStart),
    ),
    (
        shortcut(NONE, Key::End),
        Command::MoveCaret(CaretMove::LineEnd),
    ),
    (
        shortcut(NONE, Key::PageUp),
        Command::MoveCaret(CaretMove::PageUp),
    ),
    (
        shortcut(NONE, Key::PageDown),
        Command::MoveCaret(CaretMove::PageDown),
    ),
    (
        shortcut(NONE, Key::Space),
        Command::MoveCaret(CaretMove::PageDown),
    ),
    (shortcut(CMD, Key::PageUp), Command::PreviousArticle),
    (shortcut(CMD, Key::Enter), Command::DoneAndNext),
    (shortcut(SHIFT, Key::F4), Command::PreviousDifference),
    (shortcut(NONE, Key::F4), Command::NextDifference),
    (shortcut(SHIFT, Key::F3), Command::FindPrevious),
    (shortcut(NONE, Key::F3), Command::FindNext),
    (shortcut(ALT_SHIFT, Key::T), Command::ReloadTheirs),
    (shortcut(ALT_SHIFT, Key::M), Command::KeepMine),
    (
        shortcut(ALT, Key::M),
        Command::SettleConflict(Resolution::Mine),
    ),
    (
        shortcut(ALT, Key::T),
        Command::SettleConflict(Resolution::Theirs),
    ),
    (
        shortcut(ALT, Key::B),
        Command::SettleConflict(Resolution::Both),
    ),
    (shortcut(NONE, Key::F1), Command::ToggleShortcuts),
    (shortcut(NONE, Key::Delete), Command::Delete),
    (shortcut(NONE, Key::Backspace), Command::Delete),
    (shortcut(NONE, Key::Escape), Command::Escape),
];

/// Linking: the keyboard picks the other end.
const LINK: &[(KeyboardShortcut, Command)] = &[
    (
        shortcut(SHIFT, Key::Tab),
        Command::StepLinkTarget { forward: false },
    ),
    (
        shortcut(NONE, Key::Tab),
        Command::StepLinkTarget { forward: true },
    ),
    (shortcut(NONE, Key::Enter), Command::LinkToTarget),
];

/// Comparing: their version taken, as a suggestion is accepted.
const COMPARE: &[(KeyboardShortcut, Command)] = &[
    (shortcut(CMD_SHIFT, Key::Enter), Command::TakeAllTheirs),
    (shortcut(NONE, Key::Enter), Command::TakeTheirs),
];

/// Annotating: the suggestions' keys.
const ANNOTATE: &[(KeyboardShortcut, Command)] = &[
    (
        shortcut(CMD_SHIFT, Key::Tab),
        Command::CycleSpeaker { forward: false },
    ),
    (
        shortcut(CMD, Key::Tab),
        Command::CycleSpeaker { forward: true },
    ),
    (
        shortcut(CMD_SHIFT, Key::Enter),
        Command::AcceptAllSuggestions,
    ),
    (shortcut(SHIFT, Key::Tab), Command::PreviousSuggestion),
    (shortcut(NONE, Key::Tab), Command::NextSuggestion),
    (shortcut(NONE, Key::Enter), Command::AcceptSuggestion),
];

/// Keys 1–9: the toolbar's labels (adjudicating: annotator N's version).
pub const SLOT_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// The egui key for a letter.
pub fn letter_key(c: char) -> Option<Key> {
    Key::from_name(&c.to_ascii_uppercase().to_string())
}

/// A mode's bindings, most specific first.
#[derive(Clone, Debug)]
pub struct Keymap {
    pub mode: KeymapMode,
    bindings: Vec<Binding>,
}

fn plain_letter(c: char, command: Command) -> Option<Binding> {
    letter_key(c).map(|key| Binding {
        shortcut: shortcut(NONE, key),
        command,
    })
}

/// How many modifiers a shortcut asks for (more is more specific).
fn specificity(s: &KeyboardShortcut) -> usize {
    let m = s.modifiers;
    usize::from(m.command || m.ctrl || m.mac_cmd) + usize::from(m.shift) + usize::from(m.alt)
}

impl Keymap {
    /// The keymap of `mode` with `schema`'s label letters.
    pub fn new(mode: KeymapMode, schema: &Schema) -> Self {
        let mut bindings: Vec<Binding> = EVERY_MODE
            .iter()
            .map(|(shortcut, command)| Binding {
                shortcut: *shortcut,
                command: command.clone(),
            })
            .collect();
        let mode_keys: &[(KeyboardShortcut, Command)] = match mode {
            KeymapMode::Annotate => ANNOTATE,
            KeymapMode::Compare => COMPARE,
            KeymapMode::Adjudicate => &[],
            KeymapMode::Link => LINK,
        };
        bindings.extend(mode_keys.iter().map(|(shortcut, command)| Binding {
            shortcut: *shortcut,
            command: command.clone(),
        }));
        bindings.extend(plain_letter(LINK_KEY, Command::LinkNext));
        match mode {
            KeymapMode::Annotate => {
                bindings.extend(plain_letter(REJECT_KEY, Command::RejectSuggestion));
            }
            KeymapMode::Compare | KeymapMode::Link => {}
            KeymapMode::Adjudicate => {
                bindings.extend(plain_letter(TAKE_ALL_KEY, Command::Decide(Choice::Union)));
                bindings.extend(plain_letter(REJECT_KEY, Command::Decide(Choice::Reject)));
            }
        }
        for (n, key) in SLOT_KEYS.iter().enumerate() {
            let command = match mode {
                KeymapMode::Adjudicate => Command::Decide(Choice::Take(n)),
                KeymapMode::Annotate | KeymapMode::Compare | KeymapMode::Link => {
                    Command::LabelSlot(n)
                }
            };
            bindings.push(Binding {
                shortcut: shortcut(NONE, *key),
                command,
            });
        }
        // The schema's letters (a schema that names a letter kept above is refused when it
        // is read: `Schema::problems`).
        for key in &schema.keys {
            bindings.extend(plain_letter(key.key, Command::LabelKey(key.key)));
        }
        // Most specific first; a stable sort keeps the table's order among equals.
        bindings.sort_by_key(|b| std::cmp::Reverse(specificity(&b.shortcut)));
        Self { mode, bindings }
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The binding a key press with `modifiers` gives, as egui matches them.
    pub fn resolve(&self, modifiers: Modifiers, key: Key) -> Option<&Binding> {
        self.bindings.iter().find(|b| {
            b.shortcut.logical_key == key && modifiers.matches_logically(b.shortcut.modifiers)
        })
    }

    /// Takes this frame's key presses that the keymap binds and returns their commands, in
    /// order. `typing`: a text field has the focus (plain keys are left to it); `popup_open`:
    /// a menu or popup is open (Esc is left to egui, which closes it).
    ///
    /// `typing`: a text field has the focus (keys that type are left to it); `in_window`: the
    /// user is in a floating window (the same keys are held back, but Esc still closes it).
    pub fn read(
        &self,
        input: &mut egui::InputState,
        typing: bool,
        in_window: bool,
        popup_open: bool,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        input.events.retain(|event| {
            let egui::Event::Key {
                key,
                modifiers,
                pressed: true,
                ..
            } = event
            else {
                return true;
            };
            let Some(binding) = self.resolve(*modifiers, *key) else {
                return true;
            };
            let escape = binding.shortcut.logical_key == Key::Escape;
            if (typing && binding.yields_to_typing())
                || (in_window && binding.yields_to_typing() && !escape)
                || (popup_open && escape)
            {
                return true;
            }
            commands.push(binding.command.clone());
            false
        });
        commands
    }

    /// The rows of Help → Keyboard shortcuts: each key and what it does (label letters and
    /// digits as the schema names them).
    pub fn rows(&self, ctx: &egui::Context, schema: &Schema) -> Vec<(String, String)> {
        let toolbar = super::label_slots::toolbar_labels(schema);
        let mut rows: Vec<(String, String)> = self
            .bindings
            .iter()
            .map(|b| {
                let what = match &b.command {
                    Command::LabelKey(c) => match schema.key(*c) {
                        Some(key) => format!("Label the selection as {}", describe_key(key)),
                        None => b.command.title(),
                    },
                    Command::LabelSlot(n) => match toolbar.get(*n) {
                        Some(entry) => format!("Label the selection as {}", entry.title()),
                        None => format!("Toolbar label {} (none here)", n + 1),
                    },
                    other => other.title(),
                };
                (ctx.format_shortcut(&b.shortcut), what)
            })
            .collect();
        rows.extend(
            POINTER_AND_FIELD_KEYS
                .iter()
                .map(|(k, what)| ((*k).to_owned(), (*what).to_owned())),
        );
        rows
    }
}

fn describe_key(key: &crate::schema::Key) -> String {
    let attributes: Vec<String> = key
        .attributes
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    if attributes.is_empty() {
        key.label.clone()
    } else {
        format!("{} ({})", key.label, attributes.join(", "))
    }
}

/// The shortcut menus and tooltips show for `command` (the first key of the tables that
/// gives it), whatever the mode.
pub fn shortcut_of(command: &Command) -> Option<KeyboardShortcut> {
    EVERY_MODE
        .iter()
        .chain(ANNOTATE)
        .find(|(_, c)| c == command)
        .map(|(s, _)| *s)
}

/// A command's title with its shortcut, for menus and tooltips: "Find next (F3)".
pub fn title_with_shortcut(ctx: &egui::Context, command: &Command) -> String {
    match shortcut_of(command) {
        Some(shortcut) => format!("{} ({})", command.title(), ctx.format_shortcut(&shortcut)),
        None => command.title(),
    }
}

/// What the mouse does, and the keys that a focused text field reads itself (they are not
/// commands: they act on the field).
pub const POINTER_AND_FIELD_KEYS: &[(&str, &str)] = &[
    ("Alt + drag", "Select without snapping to whole words"),
    ("Double-click", "Select a word"),
    ("Shift + click", "Extend the selection"),
    (
        "Enter / Shift+Enter",
        "In the find bar: next / previous match",
    ),
    ("Esc", "In the find bar: close it"),
    ("Tab", "In the path field: complete the path"),
    ("Enter", "In a field of a window: confirm it"),
];

/// The key a text field confirms with (find bar, path field, dialogs).
pub const FIELD_CONFIRM: Key = Key::Enter;
/// The key the path field completes with.
pub const FIELD_COMPLETE: Key = Key::Tab;
/// The key the find bar closes with while it has the focus.
pub const FIELD_CLOSE: Key = Key::Escape;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{RESERVED_KEYS, reserved_key};

    /// A schema with every letter the window leaves to schemas bound to a label.
    fn every_letter_schema() -> Schema {
        let mut schema = Schema::default();
        schema.keys = ('a'..='z')
            .filter(|c| reserved_key(*c).is_none())
            .map(|c| crate::schema::Key {
                key: c,
                label: "claim".into(),
                attributes: Default::default(),
            })
            .collect();
        assert!(schema.problems().is_empty(), "{:?}", schema.problems());
        schema
    }

    /// No key of a mode does two things: pressing each binding's keys gives that binding's
    /// command (none is shadowed by another, none is bound twice), with the default schema
    /// and with a schema that binds every letter it may.
    #[test]
    fn no_two_bindings_of_a_mode_clash() {
        for schema in [Schema::default(), every_letter_schema()] {
            for mode in KeymapMode::ALL {
                let keymap = Keymap::new(mode, &schema);
                for (i, b) in keymap.bindings().iter().enumerate() {
                    for other in &keymap.bindings()[i + 1..] {
                        assert!(
                            other.shortcut != b.shortcut,
                            "{mode:?}: {:?} is bound to {:?} and {:?}",
                            b.shortcut,
                            b.command,
                            other.command
                        );
                    }
                    let got = keymap.resolve(b.shortcut.modifiers, b.shortcut.logical_key);
                    assert_eq!(
                        got.map(|g| &g.command),
                        Some(&b.command),
                        "{mode:?}: {:?} gives another command",
                        b.shortcut
                    );
                }
            }
        }
    }

    /// Every plain letter a mode binds for itself is one the schema refuses, so a label key
    /// can always label.
    #[test]
    fn the_letters_modes_take_are_the_reserved_ones() {
        let schema = every_letter_schema();
        for mode in KeymapMode::ALL {
            for b in Keymap::new(mode, &schema).bindings() {
                if b.shortcut.modifiers != NONE || matches!(b.command, Command::LabelKey(_)) {
                    continue;
                }
                let name = b.shortcut.logical_key.name();
                if name.len() == 1 && name.chars().all(|c| c.is_ascii_alphabetic()) {
                    let c = name.to_ascii_lowercase().chars().next().unwrap_or_default();
                    assert!(
                        RESERVED_KEYS.iter().any(|(k, _)| *k == c),
                        "{mode:?} binds {c} for {:?} but schemas may use it",
                        b.command
                    );
                }
            }
        }
        // Each label letter labels in every mode.
        for mode in KeymapMode::ALL {
            let keymap = Keymap::new(mode, &schema);
            for key in &schema.keys {
                let k = letter_key(key.key).unwrap();
                assert_eq!(
                    keymap.resolve(NONE, k).map(|b| &b.command),
                    Some(&Command::LabelKey(key.key))
                );
            }
        }
    }

    #[test]
    fn modes_give_their_own_keys() {
        let schema = Schema::default();
        let press = |mode, key| {
            Keymap::new(mode, &schema)
                .resolve(NONE, key)
                .map(|b| b.command.clone())
        };
        assert_eq!(
            press(KeymapMode::Annotate, Key::X),
            Some(Command::RejectSuggestion)
        );
        assert_eq!(
            press(KeymapMode::Adjudicate, Key::X),
            Some(Command::Decide(Choice::Reject))
        );
        assert_eq!(press(KeymapMode::Compare, Key::X), None);
        assert_eq!(
            press(KeymapMode::Compare, Key::Enter),
            Some(Command::TakeTheirs)
        );
        assert_eq!(
            press(KeymapMode::Annotate, Key::Enter),
            Some(Command::AcceptSuggestion)
        );
        assert_eq!(
            press(KeymapMode::Adjudicate, Key::Num2),
            Some(Command::Decide(Choice::Take(1)))
        );
        assert_eq!(
            press(KeymapMode::Compare, Key::Num2),
            Some(Command::LabelSlot(1))
        );
        // Ctrl+Shift+Z redoes, Ctrl+Z undoes (the specific one is tried first).
        let keymap = Keymap::new(KeymapMode::Annotate, &schema);
        assert_eq!(
            keymap.resolve(CMD_SHIFT, Key::Z).map(|b| &b.command),
            Some(&Command::Redo)
        );
        assert_eq!(
            keymap.resolve(CMD, Key::Z).map(|b| &b.command),
            Some(&Command::Undo)
        );
    }
}
