//! The status bar: file, saved state, the article's status (click to change), counts, the
//! selection's range, and warnings (re-anchoring, orphans, failed saves).

use std::ops::Range;

use egui::{RichText, Ui};

use crate::app::input::command::Command;
use crate::document::Document;

pub struct StatusInput<'a> {
    pub doc: &'a Document,
    pub selection: Option<&'a Range<usize>>,
    pub selected: Option<u64>,
    pub autosave: bool,
    /// Whose set this is (`None`: the unnamed set).
    pub annotator: Option<&'a str>,
    /// The last save error, if the last save failed.
    pub save_error: Option<&'a str>,
    /// A passing message (what the last command did or why it did nothing).
    pub message: Option<&'a str>,
}

pub fn show(ui: &mut Ui, input: &StatusInput<'_>, commands: &mut Vec<Command>) {
    let doc = input.doc;
    ui.horizontal(|ui| {
        let name = doc
            .source_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        ui.strong(name)
            .on_hover_text(doc.annotation_path.display().to_string());
        ui.separator();
        ui.label(match input.annotator {
            Some(name) => format!("Annotator: {name}"),
            None => "Annotator: (none)".to_owned(),
        })
        .on_hover_text(Command::EditAnnotator.title());
        ui.separator();
        if input.save_error.is_some() {
            ui.label(RichText::new("Not saved").color(ui.visuals().error_fg_color));
        } else if doc.is_dirty() {
            ui.label(if input.autosave {
                "Unsaved (autosave on)"
            } else {
                "Unsaved"
            });
        } else {
            ui.label("Saved");
        }
        ui.separator();
        let status = doc.set().status;
        if ui
            .button(status.display_name())
            .on_hover_text(crate::app::input::keymap::title_with_shortcut(
                ui.ctx(),
                &Command::CycleStatus,
            ))
            .clicked()
        {
            commands.push(Command::CycleStatus);
        }
        ui.separator();
        let count = doc.set().annotations.len();
        ui.label(format!(
            "{count} annotation{}",
            if count == 1 { "" } else { "s" }
        ));
        ui.separator();
        if let Some(id) = input.selected
            && let Some((_, a)) = doc.find(id)
        {
            ui.label(format!("#{id}: characters {}–{}", a.start, a.end));
        } else if let Some(sel) = input.selection {
            ui.label(format!(
                "Selection: characters {}–{} ({})",
                sel.start,
                sel.end,
                sel.end - sel.start
            ));
        } else {
            ui.weak("No selection");
        }
        if doc.report.source_changed {
            ui.separator();
            let report = &doc.report;
            ui.label(
                RichText::new(format!("Article changed: {}", report.summary(false)))
                    .color(ui.visuals().warn_fg_color),
            );
        }
        if !doc.set().orphans.is_empty() {
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "{} orphan(s): see the side panel",
                    doc.set().orphans.len()
                ))
                .color(ui.visuals().warn_fg_color),
            );
        }
        if let Some(message) = input.message {
            ui.separator();
            // Cut with "…" where the window is narrow (egui shows it whole on hover).
            ui.add(egui::Label::new(message).truncate());
        }
    });
}
