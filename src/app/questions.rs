//! The window's questions that wait for an answer (unsaved edits, keep mine, replace a
//! file) and what each answer does.

use super::{AfterUnsaved, PressApp};
use crate::app::windows::dialogs;

impl PressApp {
    /// Shows whichever question waits, and acts on its answer.
    pub(super) fn questions(&mut self, ctx: &egui::Context) {
        self.unsaved_dialog(ctx);
        self.keep_mine_dialog(ctx);
        if let Some(replace) =
            dialogs::overwrite_dialog(ctx, self.workspace.ask_overwrite.as_deref())
        {
            self.workspace.answer_overwrite(replace);
        }
        if let Some(convert) = dialogs::convert_dialog(ctx, self.workspace.ask_convert.as_ref()) {
            self.workspace.answer_convert(convert, &mut self.settings);
        }
    }

    fn keep_mine_dialog(&mut self, ctx: &egui::Context) {
        let Some(keep) = dialogs::keep_mine_dialog(ctx, &self.workspace) else {
            return;
        };
        if let Some(session) = self.workspace.session.as_mut() {
            if keep {
                session.keep_mine();
            } else {
                session.ask_keep_mine = false;
            }
        }
    }

    fn unsaved_dialog(&mut self, ctx: &egui::Context) {
        let Some(answer) = dialogs::unsaved_dialog(ctx, &self.workspace) else {
            return;
        };
        let after = match answer {
            dialogs::UnsavedAnswer::Cancel => {
                self.workspace.ask_unsaved = None;
                return;
            }
            dialogs::UnsavedAnswer::Save => self.workspace.answer_unsaved(true),
            dialogs::UnsavedAnswer::ReloadTheirs | dialogs::UnsavedAnswer::KeepMine => {
                let done = self.workspace.session.as_mut().is_some_and(|s| {
                    if answer == dialogs::UnsavedAnswer::KeepMine {
                        s.keep_mine()
                    } else {
                        s.reload_theirs()
                    }
                });
                if !done {
                    return;
                }
                self.workspace.answer_unsaved(true)
            }
            dialogs::UnsavedAnswer::DontSave => self.workspace.answer_unsaved(false),
        };
        match after {
            Some(AfterUnsaved::Close) => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Some(after) => self.workspace.continue_after(after, &mut self.settings),
            None => {}
        }
    }
}
