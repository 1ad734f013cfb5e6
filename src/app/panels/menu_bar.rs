//! The menu bar: File, Edit, Go, View, Settings, Help. Every item is a [`Command`], shown with
//! the shortcut the one table gives it.

use egui::Ui;

use crate::app::input::command::Command;
use crate::app::state::settings::Settings;
use crate::document::Document;
use crate::model::Status;

/// What the menus need to know to enable and tick their items.
pub struct MenuInput<'a> {
    pub settings: &'a Settings,
    pub doc: Option<&'a Document>,
    pub has_folder: bool,
    pub selected: Option<u64>,
    /// The annotator whose sets are open, whether adjudicating, and whom the article is
    /// compared with.
    pub annotator: Option<&'a str>,
    pub adjudicating: bool,
    pub comparing: Option<&'a str>,
}

fn item(ui: &mut Ui, command: Command, commands: &mut Vec<Command>, enabled: bool) {
    let shortcut = crate::app::input::keymap::shortcut_of(&command)
        .map(|s| ui.ctx().format_shortcut(&s))
        .unwrap_or_default();
    let button = egui::Button::new(command.title()).shortcut_text(shortcut);
    if ui.add_enabled(enabled, button).clicked() {
        commands.push(command);
        ui.close();
    }
}

/// A menu item that is on or off (a panel shown), with its key.
fn toggle(ui: &mut Ui, on: bool, command: Command, commands: &mut Vec<Command>) {
    let shortcut =
        crate::app::input::keymap::shortcut_of(&command).map(|s| ui.ctx().format_shortcut(&s));
    ui.horizontal(|ui| {
        let mut value = on;
        if ui.checkbox(&mut value, command.title()).changed() {
            commands.push(command);
        }
        if let Some(shortcut) = shortcut {
            ui.weak(shortcut);
        }
    });
}

fn recent_list(ui: &mut Ui, paths: &[std::path::PathBuf], commands: &mut Vec<Command>) {
    for path in paths {
        if ui.button(path.display().to_string()).clicked() {
            commands.push(Command::OpenRecent(path.clone()));
            ui.close();
        }
    }
}

pub fn show(ui: &mut Ui, input: &MenuInput<'_>, commands: &mut Vec<Command>) {
    let has_doc = input.doc.is_some();
    let can_undo = input.doc.is_some_and(Document::can_undo);
    let can_redo = input.doc.is_some_and(Document::can_redo);
    let settings = input.settings;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, Command::Open, commands, true);
            item(ui, Command::OpenFolder, commands, true);
            item(ui, Command::OpenPathField, commands, true);
            ui.menu_button("Open recent", |ui| {
                if settings.recent.is_empty() && settings.recent_folders.is_empty() {
                    ui.weak("Nothing opened yet");
                }
                if !settings.recent_folders.is_empty() {
                    ui.weak("Folders");
                    recent_list(ui, &settings.recent_folders, commands);
                    ui.separator();
                    ui.weak("Articles");
                }
                recent_list(ui, &settings.recent, commands);
            });
            item(ui, Command::CloseFolder, commands, input.has_folder);
            ui.separator();
            if input.adjudicating {
                item(ui, Command::StopAdjudicating, commands, true);
            } else {
                item(ui, Command::AdjudicateFolder, commands, true);
            }
            ui.separator();
            item(ui, Command::Save, commands, has_doc);
            item(ui, Command::SaveAs, commands, has_doc);
            item(ui, Command::Export, commands, has_doc);
            item(ui, Command::IngestPages, commands, true);
            let mut autosave = settings.autosave;
            if ui.checkbox(&mut autosave, "Autosave").changed() {
                commands.push(Command::ToggleAutosave);
            }
            ui.separator();
            item(ui, Command::Quit, commands, true);
        });
        ui.menu_button("Edit", |ui| {
            item(ui, Command::Undo, commands, can_undo);
            item(ui, Command::Redo, commands, can_redo);
            ui.separator();
            item(ui, Command::Delete, commands, input.selected.is_some());
            item(ui, Command::Find, commands, has_doc);
            item(ui, Command::FindNext, commands, has_doc);
            item(ui, Command::FindPrevious, commands, has_doc);
            ui.separator();
            ui.menu_button("Article status", |ui| {
                for status in Status::ALL {
                    let current = input.doc.map(|d| d.set().status) == Some(status);
                    if ui.radio(current, status.display_name()).clicked() {
                        commands.push(Command::SetStatus(status));
                        ui.close();
                    }
                }
            });
        });
        ui.menu_button("Go", |ui| {
            item(ui, Command::NextArticle, commands, input.has_folder);
            item(ui, Command::PreviousArticle, commands, input.has_folder);
            item(ui, Command::DoneAndNext, commands, has_doc);
        });
        ui.menu_button("View", |ui| {
            item(ui, Command::ZoomIn, commands, true);
            item(ui, Command::ZoomOut, commands, true);
            item(ui, Command::ZoomReset, commands, true);
            item(ui, Command::LargerText, commands, true);
            item(ui, Command::SmallerText, commands, true);
            ui.separator();
            toggle(
                ui,
                settings.show_side_panel,
                Command::ToggleSidePanel,
                commands,
            );
            toggle(
                ui,
                settings.show_folder_panel,
                Command::ToggleFolderPanel,
                commands,
            );
            toggle(
                ui,
                settings.show_headlines,
                Command::ToggleHeadlines,
                commands,
            );
            ui.separator();
            item(ui, Command::ToggleStatistics, commands, true);
            ui.add_enabled_ui(has_doc, |ui| {
                ui.menu_button("Compare with", |ui| compare_menu(ui, input, commands));
            });
            item(
                ui,
                Command::NextDifference,
                commands,
                input.comparing.is_some() || input.adjudicating,
            );
            item(
                ui,
                Command::PreviousDifference,
                commands,
                input.comparing.is_some() || input.adjudicating,
            );
            item(ui, Command::TakeTheirs, commands, input.comparing.is_some());
            item(
                ui,
                Command::TakeAllTheirs,
                commands,
                input.comparing.is_some(),
            );
            ui.separator();
            let mut dark = settings.dark_mode;
            if ui.checkbox(&mut dark, "Dark theme").changed() {
                commands.push(Command::ToggleDarkMode);
            }
        });
        ui.menu_button("Settings", |ui| {
            item(ui, Command::EditAnnotator, commands, true);
            item(ui, Command::ToggleSchemaEditor, commands, has_doc);
            let mut accept = settings.auto_accept_agreed;
            if ui
                .checkbox(
                    &mut accept,
                    "Adjudicating: accept what all annotators agree on",
                )
                .changed()
            {
                commands.push(Command::ToggleAutoAccept);
            }
            let mut suggested = settings.auto_accept_suggested;
            if ui
                .add_enabled(
                    settings.auto_accept_agreed,
                    egui::Checkbox::new(
                        &mut suggested,
                        "…also when all only accepted the same suggestion",
                    ),
                )
                .changed()
            {
                commands.push(Command::ToggleAutoAcceptSuggested);
            }
        });
        ui.menu_button("Help", |ui| {
            item(ui, Command::ToggleShortcuts, commands, true);
        });
    });
}

/// View → Compare with: the other annotators who have a set of the open article (read from
/// the folder only while the menu is open).
fn compare_menu(ui: &mut Ui, input: &MenuInput<'_>, commands: &mut Vec<Command>) {
    let Some(doc) = input.doc else {
        return;
    };
    let others = crate::app::modes::compare::other_annotators(&doc.source_path, input.annotator);
    if others.is_empty() {
        ui.weak("No other annotator has a set of this article");
    }
    for name in others {
        let on = input.comparing == Some(name.as_str());
        if ui
            .radio(on, crate::annotator::display_name(&name))
            .clicked()
        {
            commands.push(Command::CompareWith((!on).then_some(name)));
            ui.close();
        }
    }
    if input.comparing.is_some() {
        ui.separator();
        item(ui, Command::CompareWith(None), commands, true);
    }
}
