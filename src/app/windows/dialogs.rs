//! The window's small windows: the welcome screen, keyboard shortcuts, the annotator's name,
//! "could not open", "could not save" and "save changes?". Each reads state and pushes
//! commands (or returns the user's answer); none changes a file.

use std::path::PathBuf;

use egui::Ui;

use crate::app::input::command::Command;
use crate::app::input::keymap::Keymap;
use crate::app::state::settings::Settings;
use crate::app::state::workspace::Workspace;
use crate::document::Document;
use crate::schema::is_valid_name;

/// The central panel when no article is open.
pub fn welcome(
    ui: &mut Ui,
    settings: &Settings,
    has_folder: bool,
    message: Option<&str>,
    commands: &mut Vec<Command>,
) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() * 0.2);
        ui.heading("press-annotate");
        ui.label("Label claims, quotes and entities in press articles.");
        if let Some(message) = message {
            ui.add_space(12.0);
            ui.strong(message);
        }
        ui.add_space(16.0);
        for command in [Command::OpenFolder, Command::Open, Command::OpenPathField] {
            if ui
                .button(crate::app::input::keymap::title_with_shortcut(
                    ui.ctx(),
                    &command,
                ))
                .clicked()
            {
                commands.push(command);
            }
        }
        if has_folder {
            ui.weak("or pick an article in the list on the left");
        } else {
            ui.weak("or drop an article (.txt, .md), a folder, or saved web pages on this window");
        }
        let recent = |ui: &mut Ui, title: &str, paths: &[PathBuf], commands: &mut Vec<_>| {
            if paths.is_empty() {
                return;
            }
            ui.add_space(16.0);
            ui.strong(title);
            for path in paths {
                if ui.link(path.display().to_string()).clicked() {
                    commands.push(Command::OpenRecent(path.clone()));
                }
            }
        };
        recent(ui, "Recent folders", &settings.recent_folders, commands);
        recent(ui, "Recent articles", &settings.recent, commands);
    });
}

/// Help → Keyboard shortcuts: the keymap of the mode in force, every key of it (label
/// letters and digits as the schema names them), then the mouse and the fields' own keys.
pub fn shortcuts_window(
    ctx: &egui::Context,
    open: &mut bool,
    keymap: &Keymap,
    doc: Option<&Document>,
) {
    if !*open {
        return;
    }
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .collapsible(false)
        .default_width(420.0)
        .show(ctx, |ui| {
            ui.weak(format!("While {}:", keymap.mode.title()));
            egui::ScrollArea::vertical().show(ui, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    let default_schema;
                    let schema = match doc {
                        Some(d) => &d.schema,
                        None => {
                            default_schema = crate::schema::Schema::default();
                            &default_schema
                        }
                    };
                    for (key, what) in keymap.rows(ctx, schema) {
                        ui.monospace(key);
                        ui.label(what);
                        ui.end_row();
                    }
                });
            });
        });
}

/// Settings → Annotator name: whose sets are read and written. `draft` is the name being
/// typed; the window is open while it is `Some`.
pub fn annotator_window(
    ctx: &egui::Context,
    draft: &mut Option<String>,
    commands: &mut Vec<Command>,
) {
    let Some(text) = draft else {
        return;
    };
    let mut open = true;
    let mut close = false;
    egui::Window::new("Annotator name")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 80.0])
        .show(ctx, |ui| {
            ui.label(
                "Your sets are saved as story.txt.NAME.annotations.ron; \
                 leave it empty for story.txt.annotations.ron.",
            );
            let response = ui.add(
                egui::TextEdit::singleline(text)
                    .id_salt("annotator-name")
                    .hint_text("alice")
                    .desired_width(240.0),
            );
            if !response.has_focus() && !response.lost_focus() {
                response.request_focus();
            }
            let name = text.trim().to_owned();
            let valid = name.is_empty() || is_valid_name(&name);
            if !valid {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    "1-32 characters of a-z 0-9 _ -",
                );
            }
            let enter = response.lost_focus()
                && ui.input(|i| i.key_pressed(crate::app::input::keymap::FIELD_CONFIRM));
            ui.horizontal(|ui| {
                if (ui.add_enabled(valid, egui::Button::new("Apply")).clicked() || enter) && valid {
                    commands.push(Command::SetAnnotator((!name.is_empty()).then_some(name)));
                    close = true;
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
    if !open || close {
        *draft = None;
    }
}

/// The problems of the last failed open.
pub fn open_errors_window(ctx: &egui::Context, errors: &mut Option<String>) {
    let Some(text) = errors.clone() else {
        return;
    };
    let mut open = true;
    let mut ok = false;
    egui::Window::new("Could not open")
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        .show(ctx, |ui| {
            ui.label("Nothing was changed. The problems:");
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    ui.monospace(&text);
                });
            ok = ui.button("OK").clicked();
        });
    if !open || ok {
        *errors = None;
    }
}

/// A failed save: the edits stay in memory; save elsewhere or retry.
pub fn save_error_window(ctx: &egui::Context, error: Option<&str>, commands: &mut Vec<Command>) {
    let Some(error) = error else {
        return;
    };
    egui::Window::new("Could not save")
        .collapsible(false)
        .default_width(520.0)
        .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -40.0])
        .show(ctx, |ui| {
            ui.label(error);
            ui.label("Your edits are kept in memory. Save them somewhere else, or retry.");
            ui.horizontal(|ui| {
                if ui.button("Save as…").clicked() {
                    commands.push(Command::SaveAs);
                }
                if ui.button("Retry").clicked() {
                    commands.push(Command::Save);
                }
            });
        });
}

/// What the user answered to "save changes?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedAnswer {
    Save,
    /// Conflicts are open: leave the merge for the file's set (mine kept as a copy), go on.
    ReloadTheirs,
    /// Conflicts are open: keep mine (dropping their changes), save, go on.
    KeepMine,
    DontSave,
    Cancel,
}

/// "Save changes?" while the workspace waits for an answer (autosave off).
pub fn unsaved_dialog(ctx: &egui::Context, workspace: &Workspace) -> Option<UnsavedAnswer> {
    workspace.ask_unsaved.as_ref()?;
    let name = workspace
        .session
        .as_ref()
        .map(|s| s.file_name())
        .unwrap_or_default();
    let session = workspace.session.as_ref();
    let failed = session.and_then(|s| s.save_error.as_deref());
    let conflicts = session.map_or(0, |s| s.doc.conflicts().len());
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
        ui.heading("Unsaved annotations");
        ui.label(format!("Save your changes to the annotations of {name}?"));
        if conflicts > 0 {
            ui.label(format!(
                "{conflicts} conflict(s) with the file on disk are open. Merge: Cancel, then settle each in the side panel (take mine, take theirs, keep both)."
            ));
            let drops = session.map(|s| s.doc.keep_mine_drops()).unwrap_or_default();
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button("Reload theirs")
                    .on_hover_text("Your version is written to a copy beside the set first")
                    .clicked()
                {
                    answer = Some(UnsavedAnswer::ReloadTheirs);
                }
                ui.label("shows the file's set; yours is kept as a copy beside it.");
            });
            ui.horizontal_wrapped(|ui| {
                if ui.button("Keep mine and save").clicked() {
                    answer = Some(UnsavedAnswer::KeepMine);
                }
                ui.label(format!("drops the other program's changes: {drops}."));
            });
        }
        if let Some(failed) = failed {
            ui.colored_label(ui.visuals().warn_fg_color, format!("Saving failed: {failed}"));
        }
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                answer = Some(UnsavedAnswer::Save);
            }
            if ui
                .button("Don't save")
                .on_hover_text("Drops the edits made here since the last save")
                .clicked()
            {
                answer = Some(UnsavedAnswer::DontSave);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(UnsavedAnswer::Cancel);
            }
        });
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(UnsavedAnswer::Cancel);
    }
    answer
}

/// "Keep mine" asks first, showing what it drops. `Some(true)` keep mine, `Some(false)` cancel.
pub fn keep_mine_dialog(ctx: &egui::Context, workspace: &Workspace) -> Option<bool> {
    let session = workspace.session.as_ref().filter(|s| s.ask_keep_mine)?;
    let drops = session.doc.keep_mine_drops();
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("keep mine")).show(ctx, |ui| {
        ui.heading("Keep mine?");
        ui.label(format!(
            "Keeping your version drops what the other program changed: {drops}."
        ));
        ui.label(
            "The next save writes your version over the file. Ctrl+Z takes their changes back.",
        );
        ui.horizontal(|ui| {
            if ui.button("Keep mine").clicked() {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
        });
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(false);
    }
    answer
}

/// Save As chose an existing file: replace it? `Some(true)` replace, `Some(false)` cancel.
/// "Convert it to UTF-8?" for an article in another encoding: `Some(true)` to convert.
pub fn convert_dialog(ctx: &egui::Context, asked: Option<&crate::ingest::NotUtf8>) -> Option<bool> {
    let asked = asked?;
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("convert-to-utf8")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading("Convert to UTF-8?");
        ui.label(format!(
            "{} is not UTF-8 text: it reads as {}.",
            asked.path.display(),
            asked.encoding.name()
        ));
        ui.weak(format!("“{}…”", asked.preview));
        ui.label(
            "Converting rewrites it in UTF-8 and keeps the original bytes in .sources/ \
             beside it, named in its .source.ron.",
        );
        ui.horizontal(|ui| {
            if ui.button("Convert and open").clicked() {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
        });
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(false);
    }
    answer
}

pub fn overwrite_dialog(ctx: &egui::Context, path: Option<&std::path::Path>) -> Option<bool> {
    let path = path?;
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("overwrite")).show(ctx, |ui| {
        ui.heading("Replace the file?");
        ui.label(format!(
            "{} exists. Replacing it drops what it holds.",
            path.display()
        ));
        ui.horizontal(|ui| {
            if ui.button("Replace").clicked() {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
        });
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(false);
    }
    answer
}
