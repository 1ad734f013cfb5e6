//! The folder panel: every article of the open folder with its status and annotation count,
//! the folder's progress ("312 of 1,000 done" and a bar), and filters by name and status.
//! Clicking an article opens it. Only the visible rows are drawn, so a folder of 10,000
//! articles costs what a folder of 20 does.

use std::path::{Path, PathBuf};

use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Color32, Sense, Ui, Vec2};

use crate::app::input::command::Command;
use crate::folder::{EntryState, Folder};
use crate::model::Status;

#[derive(Default)]
pub struct FolderPanel {
    /// The article that was current when the list last scrolled to it.
    scrolled_to: Option<std::path::PathBuf>,
    /// The list's rows (sub-folder headings and articles), for the folder's `visible_version`.
    rows: Vec<Row>,
    rows_for: Option<(PathBuf, u64)>,
    /// The headlines of the articles drawn so far (from their provenance sidecars; `None`
    /// for an article without one), read once per article while the folder is open.
    headlines: std::collections::HashMap<PathBuf, Option<String>>,
    headlines_for: Option<PathBuf>,
}

/// An article's headline from its provenance sidecar, if it was ingested.
fn headline_of(source: &Path) -> Option<String> {
    crate::ingest::provenance::load(source)
        .ok()
        .flatten()
        .and_then(|p| p.title)
        .filter(|t| !t.trim().is_empty())
}

/// One row of the list: a sub-folder heading, then its articles by file name.
#[derive(Clone, Debug, PartialEq)]
enum Row {
    Folder(String),
    /// An index into the folder's entries, and where its file name starts in `relative`.
    Article(usize, usize),
}

/// The rows for the shown entries: a heading row wherever the sub-folder changes.
fn build_rows(folder: &mut Folder) -> Vec<Row> {
    let visible = folder.visible().to_vec();
    let entries = folder.entries();
    let mut rows = Vec::with_capacity(visible.len() + 8);
    let mut last_dir: Option<&str> = None;
    for index in visible {
        let relative = entries[index].relative.as_str();
        let split = relative.rfind('/').map_or(0, |i| i + 1);
        let dir = &relative[..split];
        if last_dir != Some(dir) {
            if !dir.is_empty() {
                rows.push(Row::Folder(dir.to_owned()));
            }
            last_dir = Some(dir);
        }
        rows.push(Row::Article(index, split));
    }
    rows
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Paints a status mark centred at `at`: an empty ring for Todo, a ring with a dot for In
/// progress, a filled green disc for Done, a small dot while unknown, a red "!" when unreadable.
/// (Shapes, not symbols: egui's bundled font has no circles.)
fn paint_status(painter: &egui::Painter, at: egui::Pos2, state: &EntryState, ui: &Ui) {
    let visuals = ui.visuals();
    let r = 5.0;
    let ring = |color| egui::Stroke::new(1.5, color);
    match state {
        EntryState::Unknown => {
            painter.circle_filled(at, 1.5, visuals.weak_text_color());
        }
        EntryState::Unreadable(_) => {
            painter.text(
                at,
                egui::Align2::CENTER_CENTER,
                "!",
                egui::TextStyle::Body.resolve(ui.style()),
                visuals.error_fg_color,
            );
        }
        EntryState::Known { status, .. } => match status {
            Status::Todo => {
                painter.circle_stroke(at, r, ring(visuals.weak_text_color()));
            }
            Status::InProgress => {
                painter.circle_stroke(at, r, ring(visuals.warn_fg_color));
                painter.circle_filled(at, 2.5, visuals.warn_fg_color);
            }
            Status::Done => {
                painter.circle_filled(at, r + 0.5, DONE_GREEN);
            }
        },
    }
}

const DONE_GREEN: Color32 = Color32::from_rgb(0x3a, 0xa6, 0x55);

impl FolderPanel {
    pub fn show(
        &mut self,
        ui: &mut Ui,
        folder: &mut Folder,
        current: Option<&Path>,
        show_headlines: bool,
        commands: &mut Vec<Command>,
    ) {
        if self.headlines_for.as_deref() != Some(folder.root()) {
            self.headlines.clear();
            self.headlines_for = Some(folder.root().to_owned());
        }
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.strong(folder.name())
                .on_hover_text(folder.root().display().to_string());
            if let Some(name) = folder.annotator() {
                ui.weak(format!("({name})"));
            }
        });
        let (done, known) = folder.progress();
        let total = folder.len();
        let progress = if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        };
        let mut text = format!("{} of {} done", thousands(done), thousands(total));
        if known < total {
            text.push_str(&format!(
                " (reading {} of {})",
                thousands(known),
                thousands(total)
            ));
        }
        ui.add(egui::ProgressBar::new(progress).text(text));
        ui.add_space(4.0);

        let mut filter = folder.filter().clone();
        ui.horizontal(|ui| {
            let label = ui.label("Filter");
            ui.add(
                egui::TextEdit::singleline(&mut filter.name)
                    .id_salt("folder-filter")
                    .hint_text("part of a name")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut filter.status, None, "All");
            for status in Status::ALL {
                ui.selectable_value(&mut filter.status, Some(status), status.display_name());
            }
        });
        folder.set_filter(filter);
        ui.separator();

        let current_index = current.and_then(|c| folder.position(c));
        folder.visible(); // brings the shown list (and its version) up to date
        let key = (folder.root().to_owned(), folder.visible_version());
        if self.rows_for.as_ref() != Some(&key) {
            self.rows = build_rows(folder);
            self.rows_for = Some(key);
        }
        if self.rows.is_empty() {
            ui.weak(if folder.is_empty() {
                "No articles (.txt, .md) in this folder"
            } else {
                "No article matches the filter"
            });
            return;
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        // Bring the current article into view once after each switch.
        let scroll_to_row = if self.scrolled_to.as_deref() != current {
            self.scrolled_to = current.map(Path::to_owned);
            current_index.and_then(|i| {
                self.rows
                    .iter()
                    .position(|r| matches!(r, Row::Article(v, _) if *v == i))
            })
        } else {
            None
        };
        let mut area = egui::ScrollArea::vertical()
            .id_salt("folder-list")
            .auto_shrink([false, false]);
        if let Some(row) = scroll_to_row {
            let spacing = ui.spacing().item_spacing.y;
            let y = row as f32 * (row_height + spacing);
            let view = ui.available_height();
            area = area.vertical_scroll_offset((y - view / 2.0).max(0.0));
        }
        let entries = folder.entries();
        let rows = &self.rows;
        let headlines = &mut self.headlines;
        area.show_rows(ui, row_height, rows.len(), |ui, range| {
            let font = egui::TextStyle::Body.resolve(ui.style());
            for row in &rows[range] {
                let (index, name_start) = match row {
                    Row::Folder(dir) => {
                        let (rect, _) = ui.allocate_exact_size(
                            Vec2::new(ui.available_width(), row_height),
                            Sense::hover(),
                        );
                        let mut job = LayoutJob::single_section(
                            dir.clone(),
                            TextFormat::simple(font.clone(), ui.visuals().strong_text_color()),
                        );
                        job.wrap = TextWrapping::truncate_at_width(rect.width() - 8.0);
                        let galley = ui.painter().layout_job(job);
                        let at = rect.left_center() + Vec2::new(4.0, -galley.size().y / 2.0);
                        ui.painter().galley(at, galley, ui.visuals().text_color());
                        continue;
                    }
                    Row::Article(index, name_start) => (*index, *name_start),
                };
                let entry = &entries[index];
                let file_name = &entry.relative[name_start..];
                let headline = if show_headlines {
                    headlines
                        .entry(entry.source.clone())
                        .or_insert_with(|| headline_of(&entry.source))
                        .clone()
                } else {
                    None
                };
                let is_current = current_index == Some(index);
                let indent = if name_start > 0 { 12.0 } else { 0.0 };
                let (rect, response) = ui.allocate_exact_size(
                    Vec2::new(ui.available_width(), row_height),
                    Sense::click(),
                );
                let count = match &entry.state {
                    EntryState::Known { annotations, .. } => thousands(*annotations),
                    _ => String::new(),
                };
                response.widget_info(|| {
                    egui::WidgetInfo::selected(
                        egui::Role::Button,
                        true,
                        is_current,
                        match &headline {
                            Some(headline) => format!("{headline} {count}"),
                            None => format!("{} {}", entry.relative, count),
                        },
                    )
                });
                let visuals = ui.visuals();
                let painter = ui.painter_at(rect);
                if is_current {
                    painter.rect_filled(rect, 3.0, visuals.selection.bg_fill);
                } else if response.hovered() {
                    painter.rect_filled(rect, 3.0, visuals.widgets.hovered.weak_bg_fill);
                }
                let text_color = if is_current {
                    visuals.selection.stroke.color
                } else {
                    visuals.text_color()
                };
                let mid = rect.left_center() + Vec2::new(indent, 0.0);
                paint_status(&painter, mid + Vec2::new(12.0, 0.0), &entry.state, ui);
                let count_rect = painter.text(
                    rect.right_center() - Vec2::new(6.0, 0.0),
                    egui::Align2::RIGHT_CENTER,
                    &count,
                    font.clone(),
                    visuals.weak_text_color(),
                );
                let name_width = (count_rect.left() - mid.x - 32.0).max(20.0);
                let mut job = LayoutJob::single_section(
                    headline.as_deref().unwrap_or(file_name).to_owned(),
                    TextFormat::simple(font.clone(), text_color),
                );
                job.wrap = TextWrapping::truncate_at_width(name_width);
                let galley = painter.layout_job(job);
                let height = galley.size().y;
                painter.galley(mid + Vec2::new(24.0, -height / 2.0), galley, text_color);
                let response = match &entry.state {
                    EntryState::Unreadable(problem) => response.on_hover_text(problem),
                    EntryState::Known {
                        status,
                        annotations,
                    } => response.on_hover_text(format!(
                        "{}: {}, {} annotation{}",
                        entry.relative,
                        status.display_name(),
                        annotations,
                        if *annotations == 1 { "" } else { "s" }
                    )),
                    EntryState::Unknown => response,
                };
                if response.clicked() && !is_current {
                    commands.push(Command::OpenPath(entry.source.clone()));
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(crate::app::panels::folder::thousands(0), "0");
        assert_eq!(crate::app::panels::folder::thousands(312), "312");
        assert_eq!(crate::app::panels::folder::thousands(1000), "1,000");
        assert_eq!(crate::app::panels::folder::thousands(1234567), "1,234,567");
    }
}
