//! Find: a bar with a query field; matches (case-insensitive) highlight as you type; Enter /
//! F3 go to the next, Shift+Enter / Shift+F3 to the previous; the current match becomes the
//! selection, so a label key labels it. What it edits is the session's [`Find`].

use std::ops::Range;

use egui::Ui;

use crate::app::input::command::Command;
use crate::app::input::keymap::{FIELD_CLOSE, FIELD_CONFIRM};
use crate::app::state::find::Find;

/// The bar itself. Typing updates the highlights; Enter / Shift+Enter step; Esc closes.
pub fn show(
    find: &mut Find,
    ui: &mut Ui,
    selection: Option<&Range<usize>>,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let label = ui.label("Find:");
        let edit = egui::TextEdit::singleline(&mut find.query)
            .id_salt("find-query")
            .hint_text("phrase in the article")
            .desired_width(280.0);
        let response = ui.add(edit).labelled_by(label.id);
        if find.focus_requested {
            response.request_focus();
            find.focus_requested = false;
        }
        if response.changed() && !find.query.is_empty() {
            // Jump to the first match from the top as the query grows.
            commands.push(Command::FindFirst);
        }
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(FIELD_CONFIRM));
        if enter {
            let shift = ui.input(|i| i.modifiers.shift);
            commands.push(if shift {
                Command::FindPrevious
            } else {
                Command::FindNext
            });
            response.request_focus();
        }
        if response.has_focus() && ui.input(|i| i.key_pressed(FIELD_CLOSE)) {
            commands.push(Command::Escape);
        }
        if ui
            .button("Previous")
            .on_hover_text(crate::app::input::keymap::title_with_shortcut(
                ui.ctx(),
                &Command::FindPrevious,
            ))
            .clicked()
        {
            commands.push(Command::FindPrevious);
        }
        if ui
            .button("Next")
            .on_hover_text(crate::app::input::keymap::title_with_shortcut(
                ui.ctx(),
                &Command::FindNext,
            ))
            .clicked()
        {
            commands.push(Command::FindNext);
        }
        ui.label(find.position_text(selection));
        if ui.button("Close").on_hover_text("Close (Esc)").clicked() {
            commands.push(Command::Escape);
        }
    });
}
