//! File → Ingest pages…: saved pages, WARC files, feeds and news dumps made into articles of
//! a folder (the same work as `press-annotate ingest`), on a background thread with a progress
//! bar. Dropping such files (or a folder of them) on the window, or opening an `.html`, opens
//! this window with them, asking which folder the articles go to.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use egui::Ui;

use crate::app::input::command::Command;
use crate::ingest::{self, Duplicate, Outcome};

/// How many input names the window lists before "and N more".
const INPUTS_LISTED: usize = 6;

#[derive(Default)]
struct Progress {
    done: usize,
    total: usize,
    /// The file being read now.
    current: Option<PathBuf>,
    articles: usize,
    duplicates: Vec<String>,
    failures: Vec<String>,
    finished: bool,
}

#[derive(Default)]
pub struct IngestDialog {
    pub open: bool,
    inputs: Vec<PathBuf>,
    into: String,
    job: Option<Arc<Mutex<Progress>>>,
    /// The folder the running (or finished) job writes into.
    job_into: Option<PathBuf>,
    /// The folder was reloaded (or opened) once for the finished job.
    followed: bool,
    /// A page, archive or folder path being typed (Enter adds it): the keyboard's way in.
    typed: String,
    typed_error: Option<String>,
    /// The typed field takes the keyboard when the window opens with nothing chosen.
    focus_typed: bool,
    /// The user typed the folder: it no longer follows the inputs.
    into_edited: bool,
    /// The folder open in the window when this one opened (where articles go by default).
    open_folder: Option<PathBuf>,
}

/// Where articles go by default: the open folder; else, for one dropped folder `saved/`, a
/// sibling `saved-articles/` (a folder is never ingested into itself); else the first
/// input's folder.
pub fn default_into(inputs: &[PathBuf], open_folder: Option<&Path>) -> PathBuf {
    if let Some(folder) = open_folder {
        return folder.to_owned();
    }
    let Some(first) = inputs.first() else {
        return std::env::current_dir().unwrap_or_default();
    };
    let first = std::path::absolute(first).unwrap_or_else(|_| first.clone());
    if first.is_dir() {
        let name = first
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "pages".into());
        let parent = first.parent().unwrap_or(Path::new("/"));
        return parent.join(format!("{name}-articles"));
    }
    first.parent().map(Path::to_owned).unwrap_or_default()
}

impl IngestDialog {
    /// Opens the window for `inputs` (possibly none: the user adds them), writing into
    /// `into` unless the user changes it.
    pub fn show_for(&mut self, inputs: Vec<PathBuf>, open_folder: Option<&Path>) {
        let into = default_into(&inputs, open_folder);
        self.open_folder = open_folder.map(Path::to_owned);
        self.into_edited = false;
        if self.running() {
            // One run at a time: what was dropped meanwhile waits for the user.
            self.open = true;
            return;
        }
        self.open = true;
        self.inputs = inputs;
        self.into = into.display().to_string();
        self.job = None;
        self.job_into = None;
        self.followed = false;
        self.typed.clear();
        self.typed_error = None;
        self.focus_typed = self.inputs.is_empty();
    }

    /// The proposed folder follows the inputs until the user types one.
    fn follow_inputs(&mut self) {
        if !self.into_edited {
            self.into = default_into(&self.inputs, self.open_folder.as_deref())
                .display()
                .to_string();
        }
    }

    /// Adds the typed path to the inputs, if it names a file or folder.
    fn add_typed(&mut self) {
        let typed = self.typed.trim();
        if typed.is_empty() {
            return;
        }
        let path = PathBuf::from(crate::path_completion::expand_home(typed));
        if path.exists() {
            self.inputs.push(path);
            self.follow_inputs();
            self.typed.clear();
            self.typed_error = None;
        } else {
            self.typed_error = Some(format!("{}: no such file or folder", path.display()));
        }
    }

    /// The inputs waiting to be ingested.
    pub fn inputs(&self) -> &[PathBuf] {
        &self.inputs
    }

    /// Whether a run is going on.
    pub fn running(&self) -> bool {
        self.job
            .as_ref()
            .and_then(|j| j.lock().ok().map(|p| !p.finished))
            .unwrap_or(false)
    }

    /// The summary of the finished run, if there is one.
    pub fn summary(&self) -> Option<String> {
        let job = self.job.as_ref()?;
        let p = job.lock().ok()?;
        p.finished.then(|| summary_line(&p))
    }

    /// The window. `open_folder` is the folder open in the window, if any: when the articles
    /// went there, its list is read again; otherwise the window offers to open theirs.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        open_folder: Option<&Path>,
        commands: &mut Vec<Command>,
    ) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Ingest pages")
            .open(&mut open)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .collapsible(false)
            .default_width(560.0)
            .show(ctx, |ui| self.contents(ui, open_folder, commands));
        if !open && !self.running() {
            self.open = false;
        }
        self.follow_finished(open_folder, commands);
    }

    /// Once a run finished with articles: the open folder (if they went there) is read again;
    /// with no folder open, theirs opens.
    fn follow_finished(&mut self, open_folder: Option<&Path>, commands: &mut Vec<Command>) {
        if self.followed {
            return;
        }
        let (Some(job), Some(into)) = (&self.job, &self.job_into) else {
            return;
        };
        let Ok(p) = job.lock() else {
            return;
        };
        if !p.finished {
            return;
        }
        self.followed = true;
        if p.articles == 0 {
            return;
        }
        let same = open_folder.is_some_and(|f| same_folder(f, into));
        if same {
            commands.push(Command::ReloadFolder);
        } else if open_folder.is_none() {
            commands.push(Command::OpenPath(into.clone()));
        } else {
            // Another folder is open: the window stays, offering to open theirs.
            return;
        }
        // All went well: the articles are in the list, and the window gets out of the way.
        // Anything to read (failures, duplicates) keeps it open.
        if p.failures.is_empty() && p.duplicates.is_empty() {
            self.open = false;
        }
    }

    fn contents(&mut self, ui: &mut Ui, open_folder: Option<&Path>, commands: &mut Vec<Command>) {
        let running = self.running();
        ui.add_enabled_ui(!running, |ui| {
            ui.label(format!(
                "Saved pages (.html, .mhtml), WARC files, feeds (.rss, .atom, .xml) and news \
                 dumps (.jsonl, .json) become articles: {}.",
                "the headline, then the story's paragraphs, with where they came from"
            ));
            ui.add_space(4.0);
            if self.inputs.is_empty() {
                ui.weak("Nothing chosen yet: add pages or a folder of them, or drop them here.");
            }
            for input in self.inputs.iter().take(INPUTS_LISTED) {
                ui.label(format!("• {}", input.display()));
            }
            if self.inputs.len() > INPUTS_LISTED {
                ui.weak(format!("and {} more", self.inputs.len() - INPUTS_LISTED));
            }
            let add_label = ui.label("Add a page, archive, feed, dump or folder: type its path, Enter adds it (Enter again ingests)");
            let typed = ui
                .add(
                    egui::TextEdit::singleline(&mut self.typed)
                        .hint_text("~/Downloads/saved-pages")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(add_label.id);
            if std::mem::take(&mut self.focus_typed) {
                typed.request_focus();
            }
            let mut start_now = false;
            if typed.lost_focus()
                && ui.input(|i| i.key_pressed(crate::app::input::keymap::FIELD_CONFIRM))
            {
                if self.typed.trim().is_empty() {
                    start_now = !self.inputs.is_empty();
                } else {
                    self.add_typed();
                    typed.request_focus();
                }
            }
            if let Some(error) = &self.typed_error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            ui.horizontal(|ui| {
                if ui.button("Add pages…").clicked()
                    && let Some(files) = rfd::FileDialog::new()
                        .add_filter(
                            "Pages, archives, feeds, dumps",
                            &[
                                "html", "htm", "xhtml", "mhtml", "mht", "warc", "gz", "rss",
                                "atom", "xml", "jsonl", "json", "txt",
                            ],
                        )
                        .pick_files()
                {
                    self.inputs.extend(files);
                    self.follow_inputs();
                }
                if ui.button("Add a folder…").clicked()
                    && let Some(folder) = rfd::FileDialog::new().pick_folder()
                {
                    self.inputs.push(folder);
                    self.follow_inputs();
                }
                if !self.inputs.is_empty() && ui.button("Clear").clicked() {
                    self.inputs.clear();
                }
            });
            ui.add_space(4.0);
            let label = ui.label("Into folder (created if missing)");
            let mut enter = false;
            ui.horizontal(|ui| {
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.into)
                            .desired_width(ui.available_width() - 90.0),
                    )
                    .labelled_by(label.id);
                if field.changed() {
                    self.into_edited = true;
                }
                enter = field.lost_focus()
                    && ui.input(|i| i.key_pressed(crate::app::input::keymap::FIELD_CONFIRM));
                if ui.button("Browse…").clicked()
                    && let Some(folder) = rfd::FileDialog::new().pick_folder()
                {
                    self.into = folder.display().to_string();
                    self.into_edited = true;
                }
            });
            let ready = !self.inputs.is_empty() && !self.into.trim().is_empty();
            if (ui.add_enabled(ready, egui::Button::new("Ingest")).clicked()
                || ((enter || start_now) && ready))
                && !running
            {
                self.start(ui.ctx());
            }
        });
        let Some(job) = &self.job else {
            return;
        };
        let Ok(p) = job.lock() else {
            return;
        };
        ui.separator();
        if !p.finished {
            let fraction = if p.total == 0 {
                0.0
            } else {
                p.done as f32 / p.total as f32
            };
            let current = p
                .current
                .as_ref()
                .and_then(|c| c.file_name())
                .map(|n| format!(": {}", n.to_string_lossy()))
                .unwrap_or_default();
            ui.add(
                egui::ProgressBar::new(fraction)
                    .text(format!("{} of {} files{current}", p.done, p.total)),
            );
            return;
        }
        ui.label(summary_line(&p));
        let problems: Vec<&String> = p.duplicates.iter().chain(&p.failures).collect();
        if !problems.is_empty() {
            egui::ScrollArea::vertical()
                .max_height(160.0)
                .show(ui, |ui| {
                    for line in &p.failures {
                        ui.colored_label(ui.visuals().error_fg_color, line);
                    }
                    for line in &p.duplicates {
                        ui.weak(line);
                    }
                });
        }
        if let Some(into) = &self.job_into
            && p.articles > 0
            && !open_folder.is_some_and(|f| same_folder(f, into))
            && ui.button(format!("Open {}", into.display())).clicked()
        {
            commands.push(Command::OpenPath(into.clone()));
            self.open = false;
        }
    }

    fn start(&mut self, ctx: &egui::Context) {
        let into = PathBuf::from(crate::path_completion::expand_home(self.into.trim()));
        let inputs = self.inputs.clone();
        let progress = Arc::new(Mutex::new(Progress::default()));
        self.job = Some(progress.clone());
        self.job_into = Some(into.clone());
        self.followed = false;
        let ctx = ctx.clone();
        let job_progress = progress.clone();
        let started = crate::job::Job::<()>::start("ingest", move |_| {
            run(&inputs, &into, &job_progress, &ctx);
        });
        if let Err(err) = started
            && let Ok(mut p) = progress.lock()
        {
            p.failures.push(err.to_string());
            p.finished = true;
        }
    }
}

/// The run itself: every input file in turn, each outcome counted as it happens.
fn run(inputs: &[PathBuf], into: &Path, progress: &Mutex<Progress>, ctx: &egui::Context) {
    let update = |f: &mut dyn FnMut(&mut Progress)| {
        if let Ok(mut p) = progress.lock() {
            f(&mut p);
        }
        ctx.request_repaint();
    };
    if let Err(error) = ingest::prepare_folder(into) {
        update(&mut |p| {
            p.failures.push(error.to_string());
            p.finished = true;
        });
        return;
    }
    let (files, errors) = ingest::expand_inputs(inputs, into);
    update(&mut |p| {
        p.total = files.len();
        p.failures.extend(errors.iter().map(ToString::to_string));
    });
    let mut seen = ingest::Seen::of_folder(into);
    let now = ingest::now();
    for file in &files {
        update(&mut |p| p.current = Some(file.clone()));
        let outcomes = ingest::ingest_file(file, into, &mut seen, &now);
        update(&mut |p| {
            for outcome in &outcomes {
                record(p, outcome);
            }
            p.done += 1;
        });
    }
    if files.is_empty() && errors.is_empty() {
        update(&mut |p| {
            p.failures
                .push(format!("nothing to ingest: no {}", ingest::KINDS_READ))
        });
    }
    update(&mut |p| {
        p.current = None;
        p.finished = true;
    });
}

fn record(p: &mut Progress, outcome: &Outcome) {
    match outcome {
        Outcome::Ingested(done) => {
            p.articles += 1;
            if let Some(near) = &done.near_duplicate_of {
                p.duplicates.push(format!(
                    "{}: nearly repeats {} (ingested)",
                    name(&done.article),
                    name(near)
                ));
            }
        }
        Outcome::Duplicate { input, record, of } => {
            let (why, article) = match of {
                Duplicate::SameUrl(a) => ("the same URL as", a),
                Duplicate::SameText(a) => ("the same text as", a),
            };
            let record = record.map(|r| format!(" record {r}")).unwrap_or_default();
            p.duplicates.push(format!(
                "{}{record}: not ingested, {why} {}",
                name(input),
                name(article)
            ));
        }
        Outcome::Failed(error) => p.failures.push(error.to_string()),
    }
}

fn summary_line(p: &Progress) -> String {
    let mut line = format!(
        "{} article{} ingested",
        p.articles,
        if p.articles == 1 { "" } else { "s" }
    );
    let duplicates = p
        .duplicates
        .iter()
        .filter(|d| d.contains("not ingested"))
        .count();
    if duplicates > 0 {
        line.push_str(&format!(", {duplicates} already there"));
    }
    if !p.failures.is_empty() {
        line.push_str(&format!(", {} could not be read", p.failures.len()));
    }
    line
}

fn name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_folder_of_pages_goes_beside_it_and_the_open_folder_wins() {
        let dir = tempfile::tempdir().unwrap();
        let saved = dir.path().join("saved");
        std::fs::create_dir(&saved).unwrap();
        assert_eq!(
            default_into(std::slice::from_ref(&saved), None),
            dir.path().join("saved-articles")
        );
        let page = saved.join("a.html");
        std::fs::write(&page, "<html></html>").unwrap();
        assert_eq!(default_into(std::slice::from_ref(&page), None), saved);
        assert_eq!(
            default_into(&[page], Some(Path::new("/corpus"))),
            Path::new("/corpus")
        );
    }
}
