//! View → Statistics: the numbers of `press-annotate stats` for the open article (live, as the
//! user labels) or for the whole folder (read from the saved sets on a background thread, and
//! read again after each save), as bar charts with the numbers beside them, and a button that
//! copies the table as CSV. For a folder with the sets of two or more annotators, the same
//! job measures their agreement as `press-annotate agree` does ([`agreement_view`]).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::{Color32, Ui};
use egui_plot::{Bar, BarChart, Plot};

use crate::app::article::connectors::relation_color;
use crate::app::style::palette;
// The agreement section lives in its own file beside this one (declared here: this window
// is its only user).
use crate::app::windows::agreement::{Agreement, agreement_ui};
use crate::document::Document;
use crate::model::Status;
use crate::schema::Schema;
use crate::stats::{self, Stats};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Article,
    Folder,
}

/// What the background job computes for a folder: its numbers and its agreement.
type FolderResult = (Stats, Agreement);

/// The folder's numbers: being computed, or computed (for a folder and a save count).
struct FolderNumbers {
    root: PathBuf,
    saves: u64,
    result: Arc<Mutex<Option<Result<FolderResult, String>>>>,
    /// The last complete result, shown while a newer one is computed.
    shown: Option<Stats>,
    /// The agreement that goes with `shown`.
    agreement: Option<Agreement>,
    /// A newer result is being computed.
    pending: bool,
}

pub struct StatsWindow {
    pub open: bool,
    pub scope: Scope,
    /// The open article's numbers, for (article, revision).
    article: Option<(PathBuf, u64, Stats)>,
    folder: Option<FolderNumbers>,
}

impl Default for StatsWindow {
    fn default() -> Self {
        Self {
            open: false,
            scope: Scope::Article,
            article: None,
            folder: None,
        }
    }
}

/// One bar: its name, value and colour.
type Row = (String, f64, Color32);

fn status_color(status: &str) -> Color32 {
    match status {
        s if s == Status::Done.as_str() => Color32::from_rgb(0x3a, 0xa6, 0x55),
        s if s == Status::InProgress.as_str() => Color32::from_rgb(0xd9, 0x8c, 0x1f),
        _ => Color32::from_gray(150),
    }
}

impl StatsWindow {
    /// The folder's agreement shown now, if any (the folder scope only).
    pub fn agreement(&self) -> Option<&Agreement> {
        match self.scope {
            Scope::Article => None,
            Scope::Folder => self.folder.as_ref().and_then(|f| f.agreement.as_ref()),
        }
    }

    /// The numbers shown now, if any (tests compare them with `stats --json`).
    pub fn shown(&self) -> Option<&Stats> {
        match self.scope {
            Scope::Article => self.article.as_ref().map(|(_, _, s)| s),
            Scope::Folder => self.folder.as_ref().and_then(|f| f.shown.as_ref()),
        }
    }

    fn update_article(&mut self, doc: &Document) {
        let key = (doc.source_path.clone(), doc.revision());
        if self
            .article
            .as_ref()
            .is_some_and(|(p, r, _)| (p, *r) == (&key.0, key.1))
        {
            return;
        }
        let mut numbers = Stats::new();
        numbers.add(&doc.source_path, doc.set(), stats::word_count(&doc.article));
        self.article = Some((key.0, key.1, numbers));
    }

    /// Starts (or restarts after a save) the folder's numbers on a background thread; one
    /// job at a time: saves made while it reads start the next one when it is done.
    fn update_folder(&mut self, ctx: &egui::Context, root: &Path, saves: u64) {
        if let Some(f) = &mut self.folder {
            if let Some(done) = f.result.lock().ok().and_then(|mut r| r.take()) {
                match done {
                    Ok((numbers, agreement)) => {
                        f.shown = Some(numbers);
                        f.agreement = Some(agreement);
                    }
                    Err(message) => {
                        f.shown = None;
                        f.agreement = Some(Agreement::Failed(message));
                    }
                }
                f.pending = false;
            }
            if f.root == root && (f.saves == saves || f.pending) {
                return;
            }
        }
        let result = Arc::new(Mutex::new(None));
        let (shown, agreement) = self
            .folder
            .take()
            .filter(|f| f.root == root)
            .map_or((None, None), |f| (f.shown, f.agreement));
        let job = result.clone();
        let inputs = vec![root.to_owned()];
        let repaint = ctx.clone();
        let spawned = crate::job::Job::<()>::start("folder statistics", move |_| {
            let collected = crate::corpus::collect(&inputs, None);
            let (numbers, _failed) = stats::of_collected(&collected);
            let agreement = match &inputs[..] {
                [root] => Agreement::of_folder(root),
                _ => Agreement::TooFewAnnotators,
            };
            if let Ok(mut slot) = job.lock() {
                *slot = Some(Ok((numbers, agreement)));
            }
            repaint.request_repaint();
        });
        if let Err(err) = spawned
            && let Ok(mut slot) = result.lock()
        {
            *slot = Some(Err(err.to_string()));
        }
        self.folder = Some(FolderNumbers {
            root: root.to_owned(),
            saves,
            result,
            shown,
            agreement,
            pending: true,
        });
    }

    /// The window. `folder` is the open folder's root; `saves` counts the saves so far (the
    /// folder's numbers are read again after each).
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        doc: Option<&Document>,
        folder: Option<&Path>,
        saves: u64,
    ) {
        if !self.open {
            return;
        }
        if folder.is_none() {
            self.scope = Scope::Article;
        }
        if let Some(doc) = doc {
            self.update_article(doc);
        }
        if let (Scope::Folder, Some(root)) = (self.scope, folder) {
            self.update_folder(ctx, root, saves);
        }
        let schema = doc.map(|d| d.schema.clone()).unwrap_or_default();
        let mut open = self.open;
        egui::Window::new("Statistics")
            .open(&mut open)
            .default_width(620.0)
            .default_height(560.0)
            .vscroll(true)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.scope, Scope::Article, "This article");
                    if folder.is_some() {
                        ui.selectable_value(&mut self.scope, Scope::Folder, "The folder");
                    }
                    let computing = self.scope == Scope::Folder
                        && self.folder.as_ref().is_some_and(|f| f.pending);
                    if computing {
                        ui.spinner();
                        ui.weak("reading the folder's sets…");
                    }
                });
                ui.separator();
                match self.shown().cloned() {
                    Some(numbers) => {
                        if ui
                            .button("Copy as CSV")
                            .on_hover_text("The table, for a spreadsheet")
                            .clicked()
                        {
                            ui.ctx().copy_text(numbers.to_csv());
                        }
                        numbers_ui(ui, &numbers, &schema, self.scope, self.agreement());
                    }
                    None => {
                        ui.weak(if doc.is_none() && self.scope == Scope::Article {
                            "Open an article to see its numbers"
                        } else {
                            "Counting…"
                        });
                    }
                }
            });
        self.open = open;
    }
}

/// Summary lines, the folder's agreement, then one chart (with its table) per group of counts.
fn numbers_ui(
    ui: &mut Ui,
    numbers: &Stats,
    schema: &Schema,
    scope: Scope,
    agreement: Option<&Agreement>,
) {
    egui::Grid::new("stats-summary")
        .num_columns(2)
        .show(ui, |ui| {
            let line = |ui: &mut Ui, name: &str, value: String| {
                ui.label(name);
                ui.strong(value);
                ui.end_row();
            };
            if scope == Scope::Folder {
                line(ui, "Articles", numbers.articles.to_string());
                if numbers.sets != numbers.articles {
                    line(ui, "Annotation sets", numbers.sets.to_string());
                }
            }
            line(ui, "Annotations", numbers.annotations.to_string());
            line(ui, "Relations", numbers.relations.to_string());
            line(ui, "Words", numbers.words.to_string());
            line(
                ui,
                "Annotations per 1,000 words",
                numbers
                    .spans_per_1000_words
                    .map_or("-".into(), |v| format!("{v:.1}")),
            );
            let coverage = |c: stats::Coverage| format!("{} of {}", c.with, c.with + c.without);
            line(
                ui,
                "Quotes with a speaker",
                coverage(numbers.quote_speakers),
            );
            line(
                ui,
                "Claims with a claimer",
                coverage(numbers.claim_claimers),
            );
            if numbers.orphans > 0 {
                line(ui, "Orphans", numbers.orphans.to_string());
            }
        });
    if scope == Scope::Folder {
        agreement_ui(ui, agreement);
        ui.add_space(4.0);
        ui.separator();
        let rows: Vec<Row> = Status::ALL
            .iter()
            .map(|s| {
                let n = numbers.sets_by_status.get(s.as_str()).copied().unwrap_or(0);
                (
                    s.display_name().to_owned(),
                    n as f64,
                    status_color(s.as_str()),
                )
            })
            .collect();
        let title = if numbers.sets == numbers.articles {
            "Articles by status"
        } else {
            "Annotation sets by status"
        };
        chart(ui, title, "status", &rows);
    }
    let rows: Vec<Row> = numbers
        .annotations_by_label
        .iter()
        .map(|(label, n)| {
            (
                label.clone(),
                *n as f64,
                palette::label_color(schema, label),
            )
        })
        .collect();
    chart(ui, "Annotations per label", "label", &rows);
    let rows: Vec<Row> = numbers
        .attribute_values
        .iter()
        .flat_map(|(label, attributes)| {
            attributes.iter().flat_map(move |(name, values)| {
                values.iter().map(move |(value, n)| {
                    let color = if name == "type" {
                        palette::shade(schema, label, Some(value))
                    } else {
                        palette::label_color(schema, label)
                    };
                    (format!("{label} {name}: {value}"), *n as f64, color)
                })
            })
        })
        .collect();
    chart(ui, "Annotations per attribute value", "attribute", &rows);
    let rows: Vec<Row> = numbers
        .relations_by_label
        .iter()
        .map(|(label, n)| (label.clone(), *n as f64, relation_color(label)))
        .collect();
    chart(ui, "Relations per label", "relation", &rows);
    if scope == Scope::Folder {
        let rows: Vec<Row> = numbers
            .by_annotator
            .iter()
            .map(|(name, a)| {
                let name = if name.is_empty() {
                    "(no name)"
                } else {
                    name.as_str()
                };
                (
                    name.to_owned(),
                    a.annotations as f64,
                    Color32::from_rgb(0x4a, 0x90, 0xd9),
                )
            })
            .collect();
        chart(ui, "Annotations per annotator", "annotator", &rows);
    }
}

/// A horizontal bar chart with the names on the left axis, and the same numbers as a table
/// beside it.
fn chart(ui: &mut Ui, title: &str, id: &str, rows: &[Row]) {
    ui.add_space(8.0);
    ui.strong(title);
    if rows.is_empty() {
        ui.weak("none yet");
        return;
    }
    ui.horizontal_top(|ui| {
        let names: Vec<String> = rows.iter().map(|(n, _, _)| n.clone()).collect();
        let bars: Vec<Bar> = rows
            .iter()
            .enumerate()
            .map(|(i, (name, value, color))| {
                Bar::new((rows.len() - 1 - i) as f64, *value)
                    .name(name)
                    .fill(color.gamma_multiply(0.85))
                    .width(0.7)
            })
            .collect();
        let height = (rows.len() as f32 * 22.0 + 30.0).clamp(70.0, 320.0);
        let plot_width = (ui.available_width() - 200.0).max(200.0);
        let count = rows.len();
        ui.allocate_ui(egui::vec2(plot_width, height), |ui| {
            Plot::new(format!("stats-{id}"))
                .height(height)
                .width(plot_width)
                .allow_zoom(false)
                .allow_drag(false)
                .allow_scroll(false)
                .allow_boxed_zoom(false)
                .show_x(false)
                .show_y(false)
                .include_x(0.0)
                .y_axis_formatter(move |mark, _| {
                    let i = mark.value.round();
                    if (mark.value - i).abs() > 1e-6 || i < 0.0 || i as usize >= count {
                        return String::new();
                    }
                    names
                        .get(count - 1 - i as usize)
                        .cloned()
                        .unwrap_or_default()
                })
                .show(ui, |plot| {
                    plot.bar_chart(BarChart::new(title, bars).horizontal())
                });
        });
        egui::Grid::new(format!("stats-table-{id}"))
            .striped(true)
            .num_columns(2)
            .show(ui, |ui| {
                for (name, value, _) in rows {
                    ui.label(name);
                    ui.label(format!("{value}"));
                    ui.end_row();
                }
            });
    });
}
