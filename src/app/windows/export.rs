//! File → Export…: the same export as `press-annotate export`, for the open article or its
//! whole folder, run on a background thread with a progress bar.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::Ui;

use crate::export::{self, ExportOptions, Output};
use crate::formats::Format;

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Article,
    Folder,
}

#[derive(Default)]
struct Progress {
    done: usize,
    total: usize,
    /// The summary (or the error) once finished.
    result: Option<Result<String, String>>,
}

pub struct ExportDialog {
    pub open: bool,
    format: Format,
    scope: Scope,
    only_done: bool,
    out: String,
    /// The output path was typed by the user (do not replace it when the format changes).
    out_edited: bool,
    job: Option<Arc<Mutex<Progress>>>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Jsonl,
            scope: Scope::Article,
            only_done: false,
            out: String::new(),
            out_edited: false,
            job: None,
        }
    }
}

/// The default output beside the article: `story.jsonl`, or `brat/` for brat; for a folder
/// export, `export.jsonl` (or `brat/`) in the folder.
///
/// The path is absolute, so that it says where the file goes whatever folder the program was
/// started from (`press-annotate desk/story.txt` proposes `/…/desk/story.jsonl`).
fn default_output(source: &Path, scope: Scope, format: Format) -> PathBuf {
    let source = std::path::absolute(source).unwrap_or_else(|_| source.to_owned());
    let dir = source.parent().unwrap_or(Path::new("."));
    let stem = match scope {
        Scope::Article => source
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "export".into()),
        Scope::Folder => "export".into(),
    };
    match format.extension() {
        // `story.jsonl`, `story.doccano.jsonl`: the format's name only where the extension
        // does not already say it.
        Some(ext) if ext == format.name() => dir.join(format!("{stem}.{ext}")),
        Some(ext) => dir.join(format!("{stem}.{}.{ext}", format.name())),
        // A folder's brat export goes beside the folder: inside it, its .txt files would
        // become articles of the corpus (export refuses that).
        None => match (scope, dir.parent(), dir.file_name()) {
            (Scope::Folder, Some(parent), Some(name)) => {
                parent.join(format!("{}-brat", name.to_string_lossy()))
            }
            _ => dir.join(format!("{stem}-brat")),
        },
    }
}

/// `typed` with the extension of `to` in place of `from`'s (`story.jsonl` → `story.conll`,
/// `story-brat` for brat's folder); `None` when it does not end the way `from` names files.
fn with_extension_of(typed: &str, from: Format, to: Format) -> Option<String> {
    let suffix = |format: Format| match format.extension() {
        Some(ext) if ext == format.name() => format!(".{ext}"),
        Some(ext) => format!(".{}.{ext}", format.name()),
        None => "-brat".to_owned(),
    };
    let stem = typed.strip_suffix(&suffix(from)).or_else(|| {
        from.extension()
            .and_then(|ext| typed.strip_suffix(&format!(".{ext}")))
    })?;
    Some(format!("{stem}{}", suffix(to)))
}

/// The output path typed: `~` expanded, and a relative path taken from the article's folder
/// (what the user sees beside it), not from wherever the program was started.
fn resolve_output(typed: &str, source: &Path) -> PathBuf {
    let out = PathBuf::from(crate::path_completion::expand_home(typed.trim()));
    if out.is_relative() {
        source
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or(out.clone(), |dir| dir.join(&out))
    } else {
        out
    }
}

impl ExportDialog {
    pub fn show_for(&mut self, source: &Path) {
        self.open = true;
        if !self.out_edited {
            self.out = default_output(source, self.scope, self.format)
                .display()
                .to_string();
        }
    }

    /// Whether an export is running.
    pub fn running(&self) -> bool {
        self.job
            .as_ref()
            .and_then(|j| j.lock().ok().map(|p| p.result.is_none()))
            .unwrap_or(false)
    }

    /// The window. `source` is the open article; the caller has saved it before.
    pub fn show(&mut self, ctx: &egui::Context, source: &Path) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Export")
            .open(&mut open)
            .collapsible(false)
            .default_width(520.0)
            .show(ctx, |ui| self.contents(ui, source));
        if !open && !self.running() {
            self.open = false;
            self.job = None;
        }
    }

    fn contents(&mut self, ui: &mut Ui, source: &Path) {
        let running = self.running();
        ui.add_enabled_ui(!running, |ui| {
            let before = (self.format, self.scope);
            egui::ComboBox::new("export-format", "format")
                .selected_text(self.format.name())
                .show_ui(ui, |ui| {
                    for format in Format::exportable() {
                        ui.selectable_value(&mut self.format, format, format.name());
                    }
                });
            ui.horizontal(|ui| {
                ui.radio_value(&mut self.scope, Scope::Article, "this article");
                ui.radio_value(
                    &mut self.scope,
                    Scope::Folder,
                    "every article in its folder",
                );
            });
            ui.checkbox(&mut self.only_done, "only articles marked Done");
            if before != (self.format, self.scope) {
                if !self.out_edited {
                    self.out = default_output(source, self.scope, self.format)
                        .display()
                        .to_string();
                } else if let Some(out) = with_extension_of(&self.out, before.0, self.format) {
                    // A typed name keeps its stem; its extension follows the format.
                    self.out = out;
                }
            }
            let label = ui.label(if self.format == Format::Brat {
                "Output folder"
            } else {
                "Output file"
            });
            let mut enter = false;
            ui.horizontal(|ui| {
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.out)
                            .desired_width(ui.available_width() - 90.0),
                    )
                    .labelled_by(label.id);
                if field.changed() {
                    self.out_edited = true;
                }
                enter = field.lost_focus()
                    && ui.input(|i| i.key_pressed(crate::app::input::keymap::FIELD_CONFIRM));
                if ui.button("Browse…").clicked() {
                    let start = resolve_output(&self.out, source);
                    let mut dialog = rfd::FileDialog::new();
                    if let Some(dir) = start.parent() {
                        dialog = dialog.set_directory(dir);
                    }
                    if let Some(name) = start.file_name() {
                        dialog = dialog.set_file_name(name.to_string_lossy());
                    }
                    let chosen = if self.format == Format::Brat {
                        dialog.pick_folder()
                    } else {
                        dialog.save_file()
                    };
                    if let Some(path) = chosen {
                        self.out = path.display().to_string();
                        self.out_edited = true;
                    }
                }
            });
            if (ui.button("Export").clicked() || enter) && !self.out.trim().is_empty() {
                self.start(ui.ctx(), source);
            }
        });
        if let Some(job) = &self.job
            && let Ok(progress) = job.lock()
        {
            let fraction = if progress.total == 0 {
                0.0
            } else {
                progress.done as f32 / progress.total as f32
            };
            match &progress.result {
                None => {
                    ui.add(
                        egui::ProgressBar::new(fraction)
                            .text(format!("{} of {} articles", progress.done, progress.total)),
                    );
                }
                Some(Ok(summary)) => {
                    ui.separator();
                    ui.label(summary);
                }
                Some(Err(error)) => {
                    ui.separator();
                    ui.colored_label(ui.visuals().error_fg_color, error);
                }
            }
        }
    }

    fn start(&mut self, ctx: &egui::Context, source: &Path) {
        let inputs = vec![match self.scope {
            Scope::Article => source.to_owned(),
            Scope::Folder => source
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_owned),
        }];
        let options = ExportOptions {
            format: self.format,
            only_done: self.only_done,
            ..ExportOptions::default()
        };
        let out = resolve_output(&self.out, source);
        let progress = Arc::new(Mutex::new(Progress::default()));
        self.job = Some(progress.clone());
        let ctx = ctx.clone();
        let job_progress = progress.clone();
        let started = crate::job::Job::<()>::start("export", move |_| {
            let progress = job_progress;
            let mut report = |done: usize, total: usize| {
                if let Ok(mut p) = progress.lock() {
                    p.done = done;
                    p.total = total;
                }
                ctx.request_repaint();
            };
            let result = export::run(&options, &inputs, Output::Path(out.clone()), &mut report);
            let result = match result {
                Ok(summary) => Ok(format!(
                    "{}\nWritten to {}",
                    summary.to_string().trim_end(),
                    out.display()
                )),
                Err(err) => Err(err.to_string()),
            };
            if let Ok(mut p) = progress.lock() {
                p.result = Some(result);
            }
            ctx.request_repaint();
        });
        if let Err(err) = started
            && let Ok(mut p) = progress.lock()
        {
            p.result = Some(Err(err.to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_output_is_beside_the_article_not_in_the_working_folder() {
        let source = Path::new("/corpus/news/story.txt");
        assert_eq!(
            resolve_output("out.jsonl", source),
            Path::new("/corpus/news/out.jsonl")
        );
        assert_eq!(
            resolve_output(" /tmp/x.jsonl ", source),
            Path::new("/tmp/x.jsonl")
        );
    }

    /// `press-annotate desk/story.txt`: the proposed output is where the export writes.
    #[test]
    fn a_relative_launch_proposes_a_path_that_exports_where_it_says() {
        let source = Path::new("desk/story.txt");
        for scope in [Scope::Article, Scope::Folder] {
            let proposed = default_output(source, scope, Format::Jsonl);
            assert!(proposed.is_absolute(), "{}", proposed.display());
            assert_eq!(
                resolve_output(&proposed.display().to_string(), source),
                proposed
            );
            assert!(proposed.parent().unwrap().ends_with("desk"));
        }
    }

    #[test]
    fn a_typed_name_keeps_its_stem_and_takes_the_format_s_extension() {
        let follow = |typed, from, to| with_extension_of(typed, from, to);
        assert_eq!(
            follow("/x/mine.jsonl", Format::Jsonl, Format::Conll).as_deref(),
            Some("/x/mine.conll")
        );
        assert_eq!(
            follow("/x/mine.jsonl", Format::Jsonl, Format::Brat).as_deref(),
            Some("/x/mine-brat")
        );
        assert_eq!(
            follow("/x/mine-brat", Format::Brat, Format::Doccano).as_deref(),
            Some("/x/mine.doccano.jsonl")
        );
        assert_eq!(follow("/x/notes.txt", Format::Jsonl, Format::Csv), None);
    }

    #[test]
    fn the_proposed_output_names_the_format_once() {
        let source = Path::new("/corpus/story.txt");
        let name = |format| {
            default_output(source, Scope::Article, format)
                .display()
                .to_string()
        };
        assert_eq!(name(Format::Jsonl), "/corpus/story.jsonl");
        assert_eq!(name(Format::Doccano), "/corpus/story.doccano.jsonl");
        assert_eq!(name(Format::LabelStudio), "/corpus/story.label-studio.json");
        assert_eq!(name(Format::Conll), "/corpus/story.conll");
        assert_eq!(name(Format::Csv), "/corpus/story.csv");
        assert_eq!(name(Format::Brat), "/corpus/story-brat");
        assert_eq!(
            default_output(source, Scope::Folder, Format::Jsonl),
            Path::new("/corpus/export.jsonl")
        );
        assert_eq!(
            default_output(source, Scope::Folder, Format::Brat),
            Path::new("/corpus-brat")
        );
    }
}
