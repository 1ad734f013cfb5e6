//! The window: an eframe app that shows a [`Document`] and turns what the user does into
//! [`Command`]s, applied once at the end of each frame by calling the core. Nothing here
//! reads or writes annotation files itself: the core's `Document` and `store` do.

pub mod article_view;
pub mod commands;
pub mod export_dialog;
pub mod find_bar;
pub mod glyph_map;
pub mod palette;
pub mod path_field;
pub mod settings;
pub mod side_panel;
pub mod status_bar;
pub mod toolbar;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Modifiers, Ui};

use crate::document::{Document, LabelError};
use crate::store;
pub use article_view::ArticleView;
pub use commands::Command;
use commands::{SHORTCUTS, SLOT_KEYS, letter_key};
use find_bar::FindBar;
use path_field::{PathField, PathPurpose};
pub use settings::Settings;
use side_panel::SidePanel;
use toolbar::{Toolbar, toolbar_labels};

/// Autosave writes this long after the last edit.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(1200);
/// After a failed save, autosave tries again this much later.
const AUTOSAVE_RETRY: Duration = Duration::from_secs(15);
/// A native dialog that answers faster than this never showed (no portal): use the path field.
const DIALOG_FALLBACK: Duration = Duration::from_millis(400);

/// What to do once the user has answered "save changes?".
#[derive(Clone, Debug, PartialEq)]
enum AfterUnsaved {
    Close,
    Open(PathBuf),
}

/// The annotation window's state.
pub struct PressApp {
    doc: Option<Document>,
    annotator: Option<String>,
    pub settings: Settings,
    view: ArticleView,
    side: SidePanel,
    toolbar: Toolbar,
    find: FindBar,
    path_field: PathField,
    export: export_dialog::ExportDialog,
    /// The text selection (chars).
    selection: Option<Range<usize>>,
    /// The selected annotation.
    selected: Option<u64>,
    /// Link mode: (from annotation, relation label).
    linking: Option<(u64, String)>,
    /// Where the find started (the first match at or after it is taken as you type).
    find_origin: usize,
    message: Option<String>,
    save_error: Option<String>,
    /// Errors from the last attempt to open a file, shown in a window.
    open_errors: Option<String>,
    ask_unsaved: Option<AfterUnsaved>,
    /// The user chose to close without saving.
    discard_confirmed: bool,
    show_shortcuts: bool,
    seen_revision: Option<(PathBuf, u64)>,
    last_change: f64,
    last_failed_save: Option<f64>,
    now: f64,
    native_dialogs: bool,
}

impl PressApp {
    /// The app as eframe creates it: settings restored from storage, `path` opened.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        path: Option<PathBuf>,
        annotator: Option<String>,
    ) -> Self {
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        let mut app = Self::with_settings(settings, annotator);
        app.apply_theme(&cc.egui_ctx);
        if let Some(path) = path {
            app.open(&path);
        }
        app
    }

    /// The app without eframe (tests, benches).
    pub fn with_settings(settings: Settings, annotator: Option<String>) -> Self {
        Self {
            doc: None,
            annotator,
            settings,
            view: ArticleView::default(),
            side: SidePanel::default(),
            toolbar: Toolbar::default(),
            find: FindBar::default(),
            path_field: PathField::default(),
            export: export_dialog::ExportDialog::default(),
            selection: None,
            selected: None,
            linking: None,
            find_origin: 0,
            message: None,
            save_error: None,
            open_errors: None,
            ask_unsaved: None,
            discard_confirmed: false,
            show_shortcuts: false,
            seen_revision: None,
            last_change: 0.0,
            last_failed_save: None,
            now: 0.0,
            native_dialogs: std::env::var_os("PRESS_ANNOTATE_NO_NATIVE_DIALOG").is_none(),
        }
    }

    /// The open document.
    pub fn document(&self) -> Option<&Document> {
        self.doc.as_ref()
    }

    pub fn selection(&self) -> Option<Range<usize>> {
        self.selection.clone()
    }

    pub fn selected(&self) -> Option<u64> {
        self.selected
    }

    /// The last message shown in the status bar.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The last save error, if the last save failed.
    pub fn save_error(&self) -> Option<&str> {
        self.save_error.as_deref()
    }

    /// The errors of the last failed open.
    pub fn open_errors(&self) -> Option<&str> {
        self.open_errors.as_deref()
    }

    pub fn view(&self) -> &ArticleView {
        &self.view
    }

    /// Applies a command as if the user had given it (tests drive the app this way too).
    pub fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        self.apply(ctx, command);
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(if self.settings.dark_mode {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
    }

    // ----------------------------------------------------------------------------------------
    // Opening and saving

    /// Opens an article or annotation file, saving (or asking about) unsaved edits first.
    fn request_open(&mut self, path: PathBuf) {
        if self.doc.as_ref().is_some_and(Document::is_dirty) {
            if self.settings.autosave {
                if !self.save() {
                    return;
                }
            } else {
                self.ask_unsaved = Some(AfterUnsaved::Open(path));
                return;
            }
        }
        self.open(&path);
    }

    /// Opens without asking; on failure the current document stays as it is.
    fn open(&mut self, path: &Path) {
        let (source, annotator) = if store::is_annotation_file(path) {
            match store::source_of(path) {
                Some((source, annotator)) => (source, annotator),
                None => (path.to_owned(), self.annotator.clone()),
            }
        } else {
            (path.to_owned(), self.annotator.clone())
        };
        if source.is_dir() {
            self.open_errors = Some(format!(
                "{}: is a folder; open an article (.txt or .md) in it",
                source.display()
            ));
            return;
        }
        match Document::open(&source, annotator.as_deref()) {
            Ok(doc) => {
                self.message = Some(if doc.report.source_changed {
                    format!(
                        "The article changed since its annotations were saved: {}",
                        doc.report.summary(false)
                    )
                } else if doc.set().annotations.is_empty() {
                    "Opened; select text and press a label key".to_owned()
                } else {
                    format!("Opened {} annotations", doc.set().annotations.len())
                });
                self.settings.add_recent(&source);
                self.doc = Some(doc);
                self.selection = None;
                self.selected = None;
                self.linking = None;
                self.save_error = None;
                self.open_errors = None;
                self.last_failed_save = None;
                self.find.matches.clear();
            }
            Err(errors) => {
                self.open_errors = Some(errors.to_string());
            }
        }
    }

    /// Saves the document; `true` when it is on disk.
    fn save(&mut self) -> bool {
        let Some(doc) = &mut self.doc else {
            return true;
        };
        match doc.save() {
            Ok(()) => {
                self.save_error = None;
                self.last_failed_save = None;
                self.message = Some(format!("Saved {}", doc.annotation_path.display()));
                true
            }
            Err(err) => {
                self.save_error = Some(err.to_string());
                self.last_failed_save = Some(self.now);
                false
            }
        }
    }

    fn save_as(&mut self, path: &Path) {
        let Some(doc) = &mut self.doc else {
            return;
        };
        match doc.save_as(path) {
            Ok(()) => {
                self.save_error = None;
                self.last_failed_save = None;
                self.message = Some(format!("Saved as {}", path.display()));
            }
            Err(err) => self.save_error = Some(err.to_string()),
        }
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.doc else {
            return;
        };
        let key = (doc.source_path.clone(), doc.revision());
        if self.seen_revision.as_ref() != Some(&key) {
            self.seen_revision = Some(key);
            self.last_change = self.now;
        }
        if !self.settings.autosave || !doc.is_dirty() {
            return;
        }
        let due = match self.last_failed_save {
            Some(failed) => failed + AUTOSAVE_RETRY.as_secs_f64(),
            None => self.last_change + AUTOSAVE_DELAY.as_secs_f64(),
        };
        if self.now >= due {
            self.save();
        } else {
            ctx.request_repaint_after(Duration::from_secs_f64((due - self.now).max(0.05)));
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) || self.discard_confirmed {
            return;
        }
        if !self.doc.as_ref().is_some_and(Document::is_dirty) {
            return;
        }
        if self.settings.autosave && self.save() {
            return;
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        if !self.settings.autosave {
            self.ask_unsaved = Some(AfterUnsaved::Close);
        }
    }

    fn native_open_dialog(&mut self) {
        let start = Instant::now();
        let picked = if self.native_dialogs {
            rfd::FileDialog::new()
                .add_filter("Articles and annotation sets", &["txt", "md", "ron"])
                .pick_file()
        } else {
            None
        };
        match picked {
            Some(path) => self.request_open(path),
            None if start.elapsed() < DIALOG_FALLBACK => {
                self.path_field
                    .show_for(PathPurpose::Open, self.start_folder());
            }
            None => {}
        }
    }

    fn native_save_dialog(&mut self) {
        let start = Instant::now();
        let picked = if self.native_dialogs {
            rfd::FileDialog::new()
                .set_file_name(
                    self.doc
                        .as_ref()
                        .and_then(|d| d.annotation_path.file_name())
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                )
                .save_file()
        } else {
            None
        };
        match picked {
            Some(path) => self.save_as(&path),
            None if start.elapsed() < DIALOG_FALLBACK => {
                let start = self
                    .doc
                    .as_ref()
                    .map(|d| d.annotation_path.display().to_string())
                    .unwrap_or_default();
                self.path_field.show_for(PathPurpose::SaveAs, start);
            }
            None => {}
        }
    }

    /// The folder the path field starts in: the open article's, else the current one.
    fn start_folder(&self) -> String {
        let dir = self
            .doc
            .as_ref()
            .and_then(|d| d.source_path.parent().map(Path::to_owned))
            .filter(|d| !d.as_os_str().is_empty())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let mut text = dir.display().to_string();
        if !text.ends_with(std::path::MAIN_SEPARATOR) {
            text.push(std::path::MAIN_SEPARATOR);
        }
        text
    }

    // ----------------------------------------------------------------------------------------
    // Commands

    fn label_with(&mut self, label: &str, attributes: &std::collections::BTreeMap<String, String>) {
        let Some(doc) = &mut self.doc else {
            return;
        };
        if let Some(range) = self.selection.clone().filter(|r| !r.is_empty()) {
            match doc.label_span(range, label, attributes) {
                Ok(id) => {
                    self.selection = None;
                    self.selected = Some(id);
                    self.message = None;
                }
                Err(err) => self.message = Some(err.to_string()),
            }
        } else if let Some(id) = self.selected {
            // A label key with an annotation selected relabels it.
            let result = doc.relabel(id, label).and_then(|()| {
                for (name, value) in attributes {
                    doc.set_attribute(id, name, value)?;
                }
                Ok(())
            });
            if let Err(err) = result {
                self.message = Some(err.to_string());
            }
        } else {
            self.message = Some(LabelError::EmptySelection.to_string());
        }
    }

    fn report<E: std::fmt::Display>(&mut self, result: Result<(), E>) {
        if let Err(err) = result {
            self.message = Some(err.to_string());
        }
    }

    /// Keeps the selected annotation only if it still exists (after undo, redo, delete).
    fn revalidate_selected(&mut self) {
        if let (Some(id), Some(doc)) = (self.selected, &self.doc)
            && doc.find(id).is_none()
        {
            self.selected = None;
        }
    }

    fn select_text(&mut self, range: Range<usize>) {
        self.selection = Some(range.clone());
        self.selected = None;
        self.view.scroll_to(range.start);
    }

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Open => self.native_open_dialog(),
            Command::OpenPathField => self
                .path_field
                .show_for(PathPurpose::Open, self.start_folder()),
            Command::OpenPath(path) | Command::OpenRecent(path) => self.request_open(path),
            Command::Save => {
                self.save();
            }
            Command::SaveAs => self.native_save_dialog(),
            Command::SaveAsPath(path) => self.save_as(&path),
            Command::Export => {
                // Export reads the files: unsaved edits are saved first.
                let saved = !self.doc.as_ref().is_some_and(Document::is_dirty) || self.save();
                if let (true, Some(doc)) = (saved, &self.doc) {
                    self.export.show_for(&doc.source_path);
                }
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Undo | Command::Redo => {
                if let Some(doc) = &mut self.doc {
                    let result = if command == Command::Undo {
                        doc.undo()
                    } else {
                        doc.redo()
                    };
                    match result {
                        Ok(false) => {
                            self.message = Some(format!(
                                "Nothing to {}",
                                if command == Command::Undo {
                                    "undo"
                                } else {
                                    "redo"
                                }
                            ))
                        }
                        Ok(true) => self.message = None,
                        Err(err) => self.message = Some(err.to_string()),
                    }
                }
                self.revalidate_selected();
            }
            Command::Delete => {
                if let Some(id) = self.selected {
                    self.apply(ctx, Command::DeleteAnnotation(id));
                }
            }
            Command::DeleteAnnotation(id) => {
                if let Some(doc) = &mut self.doc {
                    let result = doc.delete(id);
                    self.report(result);
                }
                self.revalidate_selected();
            }
            Command::Escape => {
                if self.linking.take().is_some() {
                    self.message = None;
                } else if self.find.open {
                    self.find.close();
                } else if self.path_field.open.is_some() {
                    self.path_field.open = None;
                } else if self.show_shortcuts {
                    self.show_shortcuts = false;
                } else if self.selected.is_some() {
                    self.selected = None;
                } else {
                    self.selection = None;
                }
            }
            Command::Find => {
                self.find.open();
                self.find_origin = self.selection.as_ref().map_or(0, |s| s.start);
            }
            Command::FindFirst => {
                if let Some(doc) = &self.doc {
                    self.find.update(&doc.source_path, &doc.article);
                    let from = self.find_origin;
                    let first = self
                        .find
                        .matches
                        .iter()
                        .find(|&&m| m >= from)
                        .or(self.find.matches.first())
                        .copied();
                    if let Some(m) = first {
                        self.select_text(m..m + self.find.match_len);
                    }
                }
            }
            Command::FindNext | Command::FindPrevious => {
                if let Some(doc) = &self.doc {
                    self.find.update(&doc.source_path, &doc.article);
                    let backwards = command == Command::FindPrevious;
                    match self.find.step(self.selection.as_ref(), backwards) {
                        Some(range) => {
                            self.find_origin = range.start;
                            self.select_text(range);
                        }
                        None if self.find.query.is_empty() => self.find.open(),
                        None => {
                            self.message =
                                Some(format!("“{}” is not in the article", self.find.query))
                        }
                    }
                }
            }
            Command::ZoomIn => self.settings.font_size = (self.settings.font_size + 1.0).min(40.0),
            Command::ZoomOut => self.settings.font_size = (self.settings.font_size - 1.0).max(9.0),
            Command::ZoomReset => self.settings.font_size = Settings::default().font_size,
            Command::ToggleDarkMode => {
                self.settings.dark_mode = !self.settings.dark_mode;
                self.apply_theme(ctx);
            }
            Command::ToggleAutosave => self.settings.autosave = !self.settings.autosave,
            Command::ToggleShortcuts => self.show_shortcuts = !self.show_shortcuts,
            Command::CycleStatus => {
                if let Some(doc) = &mut self.doc {
                    let next = doc.set().status.next();
                    let result = doc.set_status(next);
                    self.report(result);
                }
            }
            Command::SetStatus(status) => {
                if let Some(doc) = &mut self.doc {
                    let result = doc.set_status(status);
                    self.report(result);
                }
            }
            Command::LabelKey(c) => {
                let key = self.doc.as_ref().and_then(|d| d.schema.key(c).cloned());
                if let Some(key) = key {
                    self.label_with(&key.label, &key.attributes);
                }
            }
            Command::LabelSlot(slot) => {
                let entry = self
                    .doc
                    .as_ref()
                    .and_then(|d| toolbar_labels(&d.schema).get(slot).cloned());
                if let Some(entry) = entry {
                    self.label_with(&entry.label, &entry.attributes);
                }
            }
            Command::SelectAnnotation(id) | Command::GoToAnnotation(id) => {
                if let Some(doc) = &self.doc
                    && let Some((_, a)) = doc.find(id)
                {
                    if matches!(command, Command::GoToAnnotation(_)) && doc.annotation(id).is_some()
                    {
                        self.view.scroll_to(a.start);
                    }
                    self.selected = Some(id);
                    self.selection = None;
                }
            }
            Command::SelectText(range) => {
                self.selection = Some(range);
                self.selected = None;
            }
            Command::Relabel { id, label } => {
                if let Some(doc) = &mut self.doc {
                    let result = doc.relabel(id, &label);
                    self.report(result);
                }
            }
            Command::SetAttribute { id, name, value } => {
                if let Some(doc) = &mut self.doc {
                    let result = doc.set_attribute(id, &name, &value);
                    self.report(result);
                }
            }
            Command::SetNote { id, note } => {
                if let Some(doc) = &mut self.doc {
                    let result = doc.set_note(id, &note);
                    self.report(result);
                }
            }
            Command::StartLink { from, label } => {
                self.message = Some(format!(
                    "Click the annotation to link as {label} (Esc cancels)"
                ));
                self.linking = Some((from, label));
            }
            Command::LinkTo(to) => {
                if let (Some((from, label)), Some(doc)) = (self.linking.take(), &mut self.doc) {
                    match doc.relate(&label, from, to) {
                        Ok(_) => self.message = Some(format!("Linked {label}")),
                        Err(err) => self.message = Some(err.to_string()),
                    }
                    self.selected = Some(from);
                }
            }
            Command::Unrelate(id) => {
                if let Some(doc) = &mut self.doc {
                    let result = doc.unrelate(id);
                    self.report(result);
                }
            }
            Command::Reattach(id) => {
                if let (Some(doc), Some(range)) = (&mut self.doc, self.selection.clone()) {
                    match doc.reattach(id, range) {
                        Ok(()) => {
                            self.selection = None;
                            self.selected = Some(id);
                        }
                        Err(err) => self.message = Some(err.to_string()),
                    }
                }
            }
        }
    }

    // ----------------------------------------------------------------------------------------
    // Input

    /// Reads the keyboard through the one shortcut table. Plain keys (letters, digits,
    /// Delete, Esc) are left alone while a text field has the focus.
    fn read_shortcuts(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let typing = ctx.egui_wants_keyboard_input();
        let keys: Vec<char> = self
            .doc
            .as_ref()
            .map(|d| d.schema.keys.iter().map(|k| k.key).collect())
            .unwrap_or_default();
        ctx.input_mut(|input| {
            for (shortcut, command) in SHORTCUTS {
                let plain = !shortcut.modifiers.command
                    && !matches!(shortcut.logical_key, egui::Key::F1 | egui::Key::F3);
                if typing && plain {
                    continue;
                }
                if input.consume_shortcut(shortcut) {
                    commands.push(command.clone());
                }
            }
            if typing || self.doc.is_none() {
                return;
            }
            for c in keys {
                if let Some(key) = letter_key(c)
                    && input.consume_key(Modifiers::NONE, key)
                {
                    commands.push(Command::LabelKey(c));
                }
            }
            for (slot, key) in SLOT_KEYS.iter().enumerate() {
                if input.consume_key(Modifiers::NONE, *key) {
                    commands.push(Command::LabelSlot(slot));
                }
            }
        });
    }

    fn read_dropped_files(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            commands.push(Command::OpenPath(path));
        }
    }

    // ----------------------------------------------------------------------------------------
    // The frame

    /// One frame of the whole window (what `eframe::App::ui` calls; benches call it too).
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.now = ctx.input(|i| i.time);
        let mut commands = Vec::new();
        self.read_shortcuts(&ctx, &mut commands);
        self.read_dropped_files(&ctx, &mut commands);
        self.handle_close_request(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui, &mut commands));
        if let Some(doc) = &self.doc {
            let labels = toolbar_labels(&doc.schema);
            egui::Panel::top("toolbar").show(ui, |ui| {
                ui.add_space(2.0);
                self.toolbar.show(ui, doc, &labels, &mut commands);
                ui.add_space(2.0);
            });
            if self.find.open {
                self.find.update(&doc.source_path, &doc.article);
                egui::Panel::top("find").show(ui, |ui| {
                    self.find.show(ui, self.selection.as_ref(), &mut commands);
                });
            }
            egui::Panel::bottom("status").show(ui, |ui| {
                status_bar::show(
                    ui,
                    &status_bar::StatusInput {
                        doc,
                        selection: self.selection.as_ref(),
                        selected: self.selected,
                        autosave: self.settings.autosave,
                        save_error: self.save_error.as_deref(),
                        message: self.message.as_deref(),
                    },
                    &mut commands,
                );
            });
            egui::Panel::right("side")
                .resizable(true)
                .default_size(320.0)
                .min_size(220.0)
                .show(ui, |ui| {
                    ui.add_space(4.0);
                    self.side.show(
                        ui,
                        doc,
                        self.selected,
                        self.selection.as_ref(),
                        &mut commands,
                    );
                });
            egui::CentralPanel::default().show(ui, |ui| {
                let (matches, match_len): (&[usize], usize) = if self.find.open {
                    (&self.find.matches, self.find.match_len)
                } else {
                    (&[], 0)
                };
                self.view.show(
                    ui,
                    &article_view::ViewInput {
                        doc,
                        selection: self.selection.clone(),
                        selected: self.selected,
                        matches,
                        match_len,
                        linking_from: self.linking.as_ref().map(|(from, _)| *from),
                        font_size: self.settings.font_size,
                    },
                    &mut commands,
                );
            });
        } else {
            egui::CentralPanel::default().show(ui, |ui| self.welcome(ui, &mut commands));
        }

        self.path_field
            .show(&ctx, &self.settings.recent, &mut commands);
        if let Some(doc) = &self.doc {
            self.export.show(&ctx, &doc.source_path);
        }
        self.shortcuts_window(&ctx);
        self.error_windows(&ctx, &mut commands);
        self.unsaved_dialog(&ctx, &mut commands);

        for command in commands {
            self.apply(&ctx, command);
        }
        self.autosave(&ctx);
    }

    fn menu_bar(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        let item = |ui: &mut Ui, command: Command, commands: &mut Vec<Command>, enabled: bool| {
            let shortcut = command
                .shortcut()
                .map(|s| ui.ctx().format_shortcut(&s))
                .unwrap_or_default();
            let button = egui::Button::new(command.title()).shortcut_text(shortcut);
            if ui.add_enabled(enabled, button).clicked() {
                commands.push(command);
                ui.close();
            }
        };
        let has_doc = self.doc.is_some();
        let can_undo = self.doc.as_ref().is_some_and(Document::can_undo);
        let can_redo = self.doc.as_ref().is_some_and(Document::can_redo);
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                item(ui, Command::Open, commands, true);
                item(ui, Command::OpenPathField, commands, true);
                ui.menu_button("Open recent", |ui| {
                    if self.settings.recent.is_empty() {
                        ui.weak("No recent files");
                    }
                    for path in &self.settings.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            commands.push(Command::OpenRecent(path.clone()));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                item(ui, Command::Save, commands, has_doc);
                item(ui, Command::SaveAs, commands, has_doc);
                item(ui, Command::Export, commands, has_doc);
                let mut autosave = self.settings.autosave;
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
                item(ui, Command::Delete, commands, self.selected.is_some());
                item(ui, Command::Find, commands, has_doc);
                item(ui, Command::FindNext, commands, has_doc);
                item(ui, Command::FindPrevious, commands, has_doc);
                ui.separator();
                ui.menu_button("Article status", |ui| {
                    for status in crate::model::Status::ALL {
                        let current = self.doc.as_ref().map(|d| d.set().status) == Some(status);
                        if ui.radio(current, status.display_name()).clicked() {
                            commands.push(Command::SetStatus(status));
                            ui.close();
                        }
                    }
                });
            });
            ui.menu_button("View", |ui| {
                item(ui, Command::ZoomIn, commands, true);
                item(ui, Command::ZoomOut, commands, true);
                item(ui, Command::ZoomReset, commands, true);
                let mut dark = self.settings.dark_mode;
                if ui.checkbox(&mut dark, "Dark theme").changed() {
                    commands.push(Command::ToggleDarkMode);
                }
            });
            ui.menu_button("Help", |ui| {
                item(ui, Command::ToggleShortcuts, commands, true);
            });
        });
    }

    fn welcome(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() * 0.2);
            ui.heading("press-annotate");
            ui.label("Label claims, quotes and entities in press articles.");
            ui.add_space(16.0);
            if ui
                .button(Command::Open.title_with_shortcut(ui.ctx()))
                .clicked()
            {
                commands.push(Command::Open);
            }
            if ui
                .button(Command::OpenPathField.title_with_shortcut(ui.ctx()))
                .clicked()
            {
                commands.push(Command::OpenPathField);
            }
            ui.weak("or drop a .txt or .md file on this window");
            if !self.settings.recent.is_empty() {
                ui.add_space(16.0);
                ui.strong("Recent");
                for path in &self.settings.recent {
                    if ui.link(path.display().to_string()).clicked() {
                        commands.push(Command::OpenRecent(path.clone()));
                    }
                }
            }
        });
    }

    fn shortcuts_window(&mut self, ctx: &egui::Context) {
        let mut open = self.show_shortcuts;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .default_width(420.0)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for (shortcut, command) in SHORTCUTS {
                        ui.monospace(ctx.format_shortcut(shortcut));
                        ui.label(command.title());
                        ui.end_row();
                    }
                    let schema = self
                        .doc
                        .as_ref()
                        .map(|d| d.schema.clone())
                        .unwrap_or_default();
                    for (key, what) in commands::label_key_rows(&schema) {
                        ui.monospace(key);
                        ui.label(what);
                        ui.end_row();
                    }
                });
            });
        self.show_shortcuts = open;
    }

    fn error_windows(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if let Some(errors) = self.open_errors.clone() {
            let mut open = true;
            egui::Window::new("Could not open")
                .open(&mut open)
                .collapsible(false)
                .default_width(560.0)
                .show(ctx, |ui| {
                    ui.label("Nothing was changed. The problems:");
                    egui::ScrollArea::vertical()
                        .max_height(300.0)
                        .show(ui, |ui| {
                            ui.monospace(&errors);
                        });
                    if ui.button("OK").clicked() {
                        self.open_errors = None;
                    }
                });
            if !open {
                self.open_errors = None;
            }
        }
        if let Some(error) = self.save_error.clone() {
            egui::Window::new("Could not save")
                .collapsible(false)
                .default_width(520.0)
                .anchor(egui::Align2::RIGHT_BOTTOM, [-12.0, -40.0])
                .show(ctx, |ui| {
                    ui.label(&error);
                    ui.label("Your edits are kept in memory. Save them somewhere else, or retry.");
                    ui.horizontal(|ui| {
                        if ui.button("Save as…").clicked() {
                            commands.push(Command::SaveAs);
                        }
                        if ui.button("Retry").clicked() {
                            commands.push(Command::Save);
                        }
                    });
                });
        }
    }

    fn unsaved_dialog(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let Some(after) = self.ask_unsaved.clone() else {
            return;
        };
        let name = self
            .doc
            .as_ref()
            .and_then(|d| d.source_path.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let modal = egui::Modal::new(egui::Id::unique("unsaved")).show(ctx, |ui| {
            ui.heading("Unsaved annotations");
            ui.label(format!("Save your changes to the annotations of {name}?"));
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    self.ask_unsaved = None;
                    if self.save() {
                        self.continue_after(ctx, after.clone(), commands);
                    }
                }
                if ui.button("Don't save").clicked() {
                    self.ask_unsaved = None;
                    self.discard_confirmed = true;
                    self.continue_after(ctx, after.clone(), commands);
                }
                if ui.button("Cancel").clicked() {
                    self.ask_unsaved = None;
                }
            });
        });
        if modal.should_close() {
            self.ask_unsaved = None;
        }
    }

    fn continue_after(
        &mut self,
        ctx: &egui::Context,
        after: AfterUnsaved,
        commands: &mut Vec<Command>,
    ) {
        match after {
            AfterUnsaved::Close => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            AfterUnsaved::Open(path) => {
                // The user chose to drop the edits of the article being left.
                self.doc = None;
                self.discard_confirmed = false;
                commands.push(Command::OpenPath(path));
            }
        }
    }
}

impl eframe::App for PressApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.settings);
    }
}

/// Runs the window (the `press-annotate [PATH]` command).
pub fn run(path: Option<PathBuf>, annotator: Option<String>) -> anyhow::Result<()> {
    let title = match &path {
        Some(p) => format!(
            "{} — press-annotate",
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
        None => "press-annotate".to_owned(),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_app_id("press-annotate")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "press-annotate",
        options,
        Box::new(move |cc| Ok(Box::new(PressApp::new(cc, path, annotator)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
