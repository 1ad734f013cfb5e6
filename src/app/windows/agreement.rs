//! The statistics window's "Agreement" section: the numbers of `press-annotate agree` for the
//! open folder (computed by [`crate::agree::run`] on the statistics window's background job):
//! overall mean F1 ± SD, Cohen's κ and Krippendorff's α, a heat map of F1 for each pair of
//! annotators, and tables per label and per pair.

use egui::{Align2, Color32, FontId, Rgba, Sense, Stroke, StrokeKind, Ui, vec2};

use crate::agree::{AgreeError, Report};

/// The folder's agreement, as the background job found it.
#[derive(Clone, Debug)]
pub enum Agreement {
    Report(Box<Report>),
    /// Fewer than two annotators' sets of one article.
    TooFewAnnotators,
    /// Nothing to compare could be read (the reason).
    Failed(String),
}

impl Agreement {
    /// Agreement between the annotators of the sets under `root` (instance-based F1, every
    /// annotator found). Runs on a thread pool of its own: rayon's global pool stays free for
    /// the window's thread (opening an article loads it with rayon), which would otherwise
    /// wait behind the whole folder.
    pub fn of_folder(root: &std::path::Path) -> Self {
        let inputs = [root.to_owned()];
        let run = || crate::agree::run(&inputs, &Default::default());
        let pool = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("agreement-{i}"))
            .build();
        let result = match pool {
            Ok(pool) => pool.install(run),
            Err(_) => run(),
        };
        match result {
            Ok(report) => Agreement::Report(Box::new(report)),
            Err(AgreeError::TooFewAnnotators(_)) => Agreement::TooFewAnnotators,
            Err(err) => Agreement::Failed(err.to_string()),
        }
    }
}

/// A number as the `agree` table writes it (three decimals; `-` where undefined).
pub fn number(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

/// The overall line: `0.812 ± 0.013`.
pub fn mean_sd(mean: Option<f64>, sd: Option<f64>) -> String {
    match (mean, sd) {
        (Some(_), Some(_)) => format!("{} ± {}", number(mean), number(sd)),
        _ => number(mean),
    }
}

/// How an annotator is named on screen (the set without a name is `""`).
pub fn annotator_name(name: &str) -> &str {
    if name.is_empty() { "(unnamed)" } else { name }
}

/// The accessible name of a heat map cell: `alice / bob: F1 0.812`.
pub fn cell_name(a: &str, b: &str, f1: Option<f64>) -> String {
    format!(
        "{} / {}: F1 {}",
        annotator_name(a),
        annotator_name(b),
        number(f1)
    )
}

/// The section.
pub fn agreement_ui(ui: &mut Ui, agreement: Option<&Agreement>) {
    ui.add_space(8.0);
    ui.heading("Agreement");
    match agreement {
        None => {
            ui.weak("Comparing the annotators' sets…");
        }
        Some(Agreement::TooFewAnnotators) => {
            ui.weak(
                "Agreement needs sets of two or more annotators of the same articles \
                 (story.txt.alice.annotations.ron, story.txt.bob.annotations.ron).",
            );
        }
        Some(Agreement::Failed(message)) => {
            ui.colored_label(ui.visuals().error_fg_color, message);
        }
        Some(Agreement::Report(report)) => report_ui(ui, report),
    }
}

fn report_ui(ui: &mut Ui, report: &Report) {
    ui.weak(format!(
        "Instance-based F1 of {} annotators on {} article{}, as press-annotate agree computes it",
        report.annotators.len(),
        report.documents.len(),
        if report.documents.len() == 1 { "" } else { "s" }
    ));
    egui::Grid::new("agreement-summary")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Mean F1");
            ui.strong(mean_sd(report.overall.mean_f1, report.overall.sd_f1));
            ui.end_row();
            ui.label("Mean Cohen's κ (token tags)");
            ui.strong(number(report.overall.mean_kappa));
            ui.end_row();
            ui.label("Krippendorff's α");
            ui.strong(number(report.overall.alpha));
            ui.end_row();
        });
    if !report.failed.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "{} set(s) could not be read and are left out (see `press-annotate agree`)",
                report.failed.len()
            ),
        );
    }

    ui.add_space(8.0);
    ui.strong("F1 per pair of annotators");
    heat_map(ui, report);

    ui.add_space(8.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.strong("Per label");
            egui::Grid::new("agreement-labels")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    ui.weak("label");
                    ui.weak("mean F1");
                    ui.weak("SD");
                    ui.end_row();
                    for (label, m) in &report.per_label {
                        ui.label(label);
                        ui.label(number(m.mean_f1));
                        ui.label(number(m.sd_f1));
                        ui.end_row();
                    }
                });
        });
        ui.add_space(24.0);
        ui.vertical(|ui| {
            ui.strong("Per pair");
            egui::Grid::new("agreement-pairs")
                .striped(true)
                .num_columns(7)
                .show(ui, |ui| {
                    for header in ["pair", "articles", "F1", "κ", "TP", "FP", "FN"] {
                        ui.weak(header);
                    }
                    ui.end_row();
                    for p in &report.pairs {
                        ui.label(format!(
                            "{} / {}",
                            annotator_name(&p.annotators[0]),
                            annotator_name(&p.annotators[1])
                        ));
                        ui.label(p.documents.to_string());
                        ui.label(number(p.f1));
                        ui.label(number(p.kappa));
                        ui.label(p.counts.tp.to_string());
                        ui.label(p.counts.fp.to_string());
                        ui.label(p.counts.fn_.to_string());
                        ui.end_row();
                    }
                });
        });
    });
}

/// The fill of a heat map cell: red at F1 0, amber at 0.5, green at 1; grey when undefined.
fn f1_color(f1: Option<f64>) -> Color32 {
    let Some(f1) = f1 else {
        return Color32::from_gray(200);
    };
    let low = Rgba::from(Color32::from_rgb(0xe8, 0x8a, 0x80));
    let middle = Rgba::from(Color32::from_rgb(0xf2, 0xd0, 0x7a));
    let high = Rgba::from(Color32::from_rgb(0x7c, 0xc8, 0x8e));
    let t = f1.clamp(0.0, 1.0) as f32;
    let color = if t < 0.5 {
        lerp(low, middle, t * 2.0)
    } else {
        lerp(middle, high, (t - 0.5) * 2.0)
    };
    color.into()
}

fn lerp(a: Rgba, b: Rgba, t: f32) -> Rgba {
    a * (1.0 - t) + b * t
}

/// Annotators × annotators, each cell the pair's F1 (symmetric; the diagonal is blank),
/// painted; each cell is also a hoverable widget named for screen readers and tests.
fn heat_map(ui: &mut Ui, report: &Report) {
    let names: Vec<&str> = report
        .annotators
        .iter()
        .map(|a| annotator_name(a))
        .collect();
    let n = names.len();
    let font = FontId::proportional(13.0);
    let text_color = ui.visuals().text_color();
    let name_width = names
        .iter()
        .map(|name| {
            ui.painter()
                .layout_no_wrap((*name).to_owned(), font.clone(), text_color)
                .size()
                .x
        })
        .fold(40.0f32, f32::max)
        + 12.0;
    let cell = vec2(name_width.max(64.0), 30.0);
    let header = 22.0;
    let legend = 60.0;
    let size = vec2(
        name_width + cell.x * n as f32 + legend,
        header + cell.y * n as f32,
    );
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(rect);
    let origin = rect.min + vec2(name_width, header);
    // Column names above, row names to the left.
    for (i, name) in names.iter().enumerate() {
        painter.text(
            rect.min + vec2(name_width + cell.x * (i as f32 + 0.5), header / 2.0),
            Align2::CENTER_CENTER,
            *name,
            font.clone(),
            text_color,
        );
        painter.text(
            rect.min + vec2(name_width - 8.0, header + cell.y * (i as f32 + 0.5)),
            Align2::RIGHT_CENTER,
            *name,
            font.clone(),
            text_color,
        );
    }
    // The colour scale: F1 1 at the top, 0 at the bottom.
    let scale = egui::Rect::from_min_size(
        origin + vec2(cell.x * n as f32 + 16.0, 0.0),
        vec2(12.0, cell.y * n as f32),
    );
    let steps = 20;
    for step in 0..steps {
        let top = scale.top() + scale.height() * step as f32 / steps as f32;
        let f1 = 1.0 - (step as f64 + 0.5) / steps as f64;
        painter.rect_filled(
            egui::Rect::from_min_max(
                egui::pos2(scale.left(), top),
                egui::pos2(scale.right(), top + scale.height() / steps as f32 + 0.5),
            ),
            0.0,
            f1_color(Some(f1)),
        );
    }
    let small = FontId::proportional(11.0);
    for (y, align, text) in [
        (scale.top(), Align2::LEFT_TOP, "1"),
        (scale.bottom(), Align2::LEFT_BOTTOM, "0"),
    ] {
        painter.text(
            egui::pos2(scale.right() + 4.0, y),
            align,
            text,
            small.clone(),
            text_color,
        );
    }
    // `Some(f1)` for each pair (both halves), `None` on the diagonal.
    let mut f1_of = vec![vec![None; n]; n];
    let index = |name: &str| report.annotators.iter().position(|a| a == name);
    for p in &report.pairs {
        if let (Some(a), Some(b)) = (index(&p.annotators[0]), index(&p.annotators[1])) {
            let f1 = if p.documents > 0 { p.f1 } else { None };
            f1_of[a][b] = Some(f1);
            f1_of[b][a] = Some(f1);
        }
    }
    for (row, cells) in f1_of.iter().enumerate() {
        for (col, f1) in cells.iter().enumerate() {
            let cell_rect = egui::Rect::from_min_size(
                origin + vec2(cell.x * col as f32, cell.y * row as f32),
                cell,
            )
            .shrink(1.0);
            let Some(f1) = *f1 else {
                // The diagonal: an annotator with themself.
                painter.rect_stroke(
                    cell_rect,
                    2.0,
                    Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color),
                    StrokeKind::Inside,
                );
                continue;
            };
            painter.rect_filled(cell_rect, 2.0, f1_color(f1));
            painter.text(
                cell_rect.center(),
                Align2::CENTER_CENTER,
                number(f1),
                font.clone(),
                Color32::from_gray(20),
            );
            let name = cell_name(&report.annotators[row], &report.annotators[col], f1);
            let response = ui.interact(
                cell_rect,
                ui.scope_id().with(("agreement-cell", row, col)),
                Sense::hover(),
            );
            response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, name.clone()));
            response.on_hover_text(name);
        }
    }
}
