//! The in-app path field: open or save by typing a path, with Tab completion and a list of
//! matching files. It is what File → Open falls back to when the native dialog cannot open
//! (Linux without an xdg-desktop-portal), and it lists the recent files.

use std::path::PathBuf;

use egui::Ui;

use crate::app::input::command::Command;
use crate::app::input::keymap::{FIELD_CLOSE, FIELD_COMPLETE, FIELD_CONFIRM};
use crate::path_completion::{candidates, common_prefix, expand_home};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathPurpose {
    /// An article, an annotation file or a folder.
    Open,
    /// A folder (only folders are listed).
    OpenFolder,
    /// A folder to adjudicate into gold sets (only folders are listed).
    AdjudicateFolder,
    SaveAs,
}

impl PathPurpose {
    /// Whether it asks for a folder (only folders are listed).
    pub fn is_folder(self) -> bool {
        matches!(
            self,
            PathPurpose::OpenFolder | PathPurpose::AdjudicateFolder
        )
    }
}

#[derive(Default)]
pub struct PathField {
    pub open: Option<PathPurpose>,
    pub text: String,
    candidates: Vec<String>,
    listed_for: Option<String>,
    focus_requested: bool,
}

impl PathField {
    pub fn show_for(&mut self, purpose: PathPurpose, start: String) {
        self.open = Some(purpose);
        self.text = start;
        self.focus_requested = true;
        self.listed_for = None;
    }

    /// The window; pushes OpenPath / SaveAsPath when the user confirms.
    pub fn show(&mut self, ctx: &egui::Context, recent: &[PathBuf], commands: &mut Vec<Command>) {
        let Some(purpose) = self.open else {
            return;
        };
        let title = match purpose {
            PathPurpose::Open => "Open article",
            PathPurpose::OpenFolder => "Open folder",
            PathPurpose::AdjudicateFolder => "Adjudicate folder",
            PathPurpose::SaveAs => "Save annotations as",
        };
        let mut keep_open = true;
        egui::Window::new(title)
            .id(egui::Id::unique("path-field"))
            .collapsible(false)
            .resizable(true)
            .default_width(520.0)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
            .open(&mut keep_open)
            .show(ctx, |ui| self.contents(ui, purpose, recent, commands));
        if !keep_open {
            self.open = None;
        }
    }

    fn contents(
        &mut self,
        ui: &mut Ui,
        purpose: PathPurpose,
        recent: &[PathBuf],
        commands: &mut Vec<Command>,
    ) {
        ui.label("Path (Tab completes, Enter opens):");
        let tab = ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, FIELD_COMPLETE));
        let response = ui.add(
            egui::TextEdit::singleline(&mut self.text)
                .id_salt("path-text")
                .desired_width(f32::INFINITY)
                .lock_focus(true)
                .hint_text(if purpose.is_folder() {
                    "/home/me/articles/"
                } else {
                    "/home/me/articles/story.txt"
                }),
        );
        if self.focus_requested {
            response.request_focus();
            self.focus_requested = false;
        }
        if self.listed_for.as_deref() != Some(self.text.as_str()) {
            self.candidates = candidates(&self.text);
            if purpose.is_folder() {
                self.candidates
                    .retain(|c| c.ends_with(std::path::MAIN_SEPARATOR));
            }
            self.listed_for = Some(self.text.clone());
        }
        if tab
            && response.has_focus()
            && let Some(prefix) = common_prefix(&self.candidates)
            && prefix.len() > self.text.len()
        {
            self.text = prefix;
            set_cursor_to_end(ui, response.id, &self.text);
        }
        let confirm = |text: &str| {
            let path = PathBuf::from(expand_home(text.trim()));
            match purpose {
                PathPurpose::Open | PathPurpose::OpenFolder => Command::OpenPath(path),
                PathPurpose::AdjudicateFolder => Command::OpenAdjudication(path),
                PathPurpose::SaveAs => Command::SaveAsPath(path),
            }
        };
        if response.lost_focus()
            && ui.input(|i| i.key_pressed(FIELD_CONFIRM))
            && !self.text.trim().is_empty()
        {
            commands.push(confirm(&self.text));
            self.open = None;
        }
        if ui.input(|i| i.key_pressed(FIELD_CLOSE)) {
            self.open = None;
        }
        ui.horizontal(|ui| {
            let verb = match purpose {
                PathPurpose::Open | PathPurpose::OpenFolder => "Open",
                PathPurpose::AdjudicateFolder => "Adjudicate",
                PathPurpose::SaveAs => "Save",
            };
            if ui.button(verb).clicked() && !self.text.trim().is_empty() {
                commands.push(confirm(&self.text));
                self.open = None;
            }
            if ui.button("Cancel").clicked() {
                self.open = None;
            }
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .max_height(220.0)
            .show(ui, |ui| {
                for candidate in self.candidates.iter().take(200) {
                    if ui.selectable_label(false, candidate).clicked() {
                        self.text = candidate.clone();
                        self.focus_requested = true;
                        if !candidate.ends_with(std::path::MAIN_SEPARATOR) || purpose.is_folder() {
                            commands.push(confirm(candidate));
                            self.open = None;
                        }
                    }
                }
                if purpose != PathPurpose::SaveAs && !recent.is_empty() {
                    ui.separator();
                    ui.weak("Recent");
                    for path in recent {
                        if ui
                            .selectable_label(false, path.display().to_string())
                            .clicked()
                        {
                            commands.push(Command::OpenPath(path.clone()));
                            self.open = None;
                        }
                    }
                }
            });
    }
}

fn set_cursor_to_end(ui: &Ui, id: egui::Id, text: &str) {
    if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), id) {
        let end = egui::text::CCursor::new(text.chars().count());
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::one(end)));
        state.store(ui.ctx(), id);
    }
}
