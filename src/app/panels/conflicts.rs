//! The side panel's list of open conflicts of a merge with the file on disk: what each side
//! did with the item, and the ways out (take mine, take theirs, keep both), each saying what
//! it drops.

use egui::{RichText, Ui};

use crate::app::input::command::Command;
use crate::app::input::keymap::title_with_shortcut;
use crate::document::Document;
use crate::merge::{Conflict, Resolution};

/// The list, the current conflict (`current`) first in strength.
pub fn show(ui: &mut Ui, doc: &Document, current: usize, commands: &mut Vec<Command>) {
    let conflicts = doc.conflicts();
    let current = current.min(conflicts.len().saturating_sub(1));
    ui.heading(format!("Conflicts with the disk ({})", conflicts.len()));
    ui.label(
        "Another program changed what you changed too. Your version is shown; \
         nothing is saved until each is settled.",
    );
    egui::ScrollArea::vertical()
        .id_salt("conflicts")
        .max_height(180.0)
        .show(ui, |ui| {
            for (i, conflict) in conflicts.iter().enumerate() {
                let text = RichText::new(format!("{}. {}", i + 1, conflict.summary()));
                let text = if i == current { text.strong() } else { text };
                if ui.selectable_label(i == current, text).clicked() {
                    commands.push(Command::GoToConflict(i));
                }
            }
        });
    let Some(conflict) = conflicts.get(current) else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        for how in [Resolution::Mine, Resolution::Theirs, Resolution::Both] {
            let command = Command::SettleConflict(how);
            let enabled = !(how == Resolution::Both && matches!(conflict, Conflict::Status { .. }));
            if ui
                .add_enabled(
                    enabled,
                    egui::Button::new(title_with_shortcut(ui.ctx(), &command)),
                )
                .on_hover_text(drops(how))
                .clicked()
            {
                commands.push(command);
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        for how in [Resolution::Mine, Resolution::Theirs] {
            let command = Command::SettleAllConflicts(how);
            if ui
                .button(command.title())
                .on_hover_text(drops(how))
                .clicked()
            {
                commands.push(command);
            }
        }
    });
    ui.label("Or leave the merge:");
    ui.horizontal_wrapped(|ui| {
        for (command, hover) in [
            (
                Command::ReloadTheirs,
                "Shows the file's set as the other program wrote it; yours is written to a copy beside it first".to_owned(),
            ),
            (
                Command::KeepMine,
                format!("Drops the other program's changes: {}", doc.keep_mine_drops()),
            ),
        ] {
            if ui
                .button(title_with_shortcut(ui.ctx(), &command))
                .on_hover_text(hover)
                .clicked()
            {
                commands.push(command);
            }
        }
    });
}

/// What settling a conflict this way drops.
fn drops(how: Resolution) -> &'static str {
    match how {
        Resolution::Mine => "Keeps your version; drops the other program's change of it",
        Resolution::Theirs => "Takes the other program's version; drops your change of it",
        Resolution::Both => {
            "Keeps your version and adds theirs beside it as another annotation; drops nothing"
        }
    }
}
