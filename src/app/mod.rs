//! The window: an eframe app that shows the open folder and article and turns what the user
//! does into [`Command`]s, applied once at the end of each frame. This file is the frame loop
//! and the dispatch; what belongs to the open article is its [`Session`], and the file life
//! cycle (open, switch, save, autosave, close) is the [`Workspace`]'s. Nothing here reads or
//! writes annotation files itself: the core's `Document`, `Folder` and `store` do.

pub mod app_icon;
pub mod article;
pub mod input;
pub mod modes;
pub mod panels;
mod questions; // the questions that wait for an answer (unsaved edits, keep mine, replace a file)
pub mod state;
pub mod style;
pub mod windows;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::Ui;

use crate::document::Document;
use crate::folder::Folder;
pub use article::ArticleView;
pub use input::Command;
use input::focus::KeyboardFocus;
use input::keymap::{Keymap, KeymapMode};
use panels::article_screen::ArticleWidgets;
use panels::folder::FolderPanel;
use panels::menu_bar;
pub use state::{AUTOSAVE_DELAY, AfterUnsaved, Session, Settings, Workspace};
use windows::path_field::{PathField, PathPurpose};
use windows::{
    dialogs, export as export_dialog, ingest as ingest_dialog, schema_editor,
    statistics as stats_window,
};

/// A native dialog that answers faster than this never showed (no portal): use the path field.
const DIALOG_FALLBACK: Duration = Duration::from_millis(400);

/// The annotation window's state.
pub struct PressApp {
    /// The open folder and article, and their files.
    pub workspace: Workspace,
    pub settings: Settings,
    folder_panel: FolderPanel,
    path_field: PathField,
    export: export_dialog::ExportDialog,
    ingest: ingest_dialog::IngestDialog,
    statistics: stats_window::StatsWindow,
    schema_editor: schema_editor::SchemaEditor,
    show_shortcuts: bool,
    /// Settings → Annotator name: the name being typed, while the window is open.
    annotator_draft: Option<String>,
    /// The title last sent to the window manager.
    title: Option<String>,
    /// The open article and revision whose status and count the folder list last took.
    folder_synced: Option<(PathBuf, u64)>,
    native_dialogs: bool,
    /// The keymap in force, and the mode and schema keys it was built for.
    keymap: Option<(KeymapMode, Vec<char>, Keymap)>,
    /// The open article's widgets and their caches.
    article_widgets: ArticleWidgets,
    /// Whether the window had the focus last frame (gaining it looks at the disk at once).
    was_focused: bool,
    /// Whether the user is in a floating window (then the article's single keys wait).
    keyboard_focus: KeyboardFocus,
}

impl PressApp {
    /// The app as eframe creates it: settings restored from storage, `path` (an article, an
    /// annotation file or a folder) opened.
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
            if crate::ingest::wants_ingest(&path) {
                // A saved page opens as what it says, not as markup: offered for ingest.
                app.show_ingest(vec![path]);
            } else {
                app.workspace.open_now(&path, &mut app.settings);
            }
        }
        app
    }

    /// The app without eframe (tests, benches).
    pub fn with_settings(settings: Settings, annotator: Option<String>) -> Self {
        Self {
            workspace: Workspace::new(annotator),
            settings,
            folder_panel: FolderPanel::default(),
            path_field: PathField::default(),
            export: export_dialog::ExportDialog::default(),
            ingest: ingest_dialog::IngestDialog::default(),
            statistics: stats_window::StatsWindow::default(),
            schema_editor: schema_editor::SchemaEditor::default(),
            show_shortcuts: false,
            annotator_draft: None,
            title: None,
            folder_synced: None,
            native_dialogs: std::env::var_os("PRESS_ANNOTATE_NO_NATIVE_DIALOG").is_none(),
            keymap: None,
            article_widgets: ArticleWidgets::default(),
            was_focused: false,
            keyboard_focus: KeyboardFocus::default(),
        }
    }

    /// Never opens the system's file dialogs (File → Open uses the path field instead).
    pub fn without_native_dialogs(mut self) -> Self {
        self.native_dialogs = false;
        self
    }

    /// The open article's session.
    pub fn session(&self) -> Option<&Session> {
        self.workspace.session.as_ref()
    }

    fn session_mut(&mut self) -> Option<&mut Session> {
        self.workspace.session.as_mut()
    }

    /// The open document.
    pub fn document(&self) -> Option<&Document> {
        self.workspace.document()
    }

    /// The open folder.
    pub fn folder(&self) -> Option<&Folder> {
        self.workspace.folder.as_ref()
    }

    pub fn selection(&self) -> Option<Range<usize>> {
        self.session().and_then(|s| s.selection.clone())
    }

    pub fn selected(&self) -> Option<u64> {
        self.session().and_then(|s| s.selected)
    }

    /// Link mode: (from annotation, relation label).
    pub fn linking(&self) -> Option<&(u64, String)> {
        self.session().and_then(|s| s.linking.as_ref())
    }

    /// The last message shown in the status bar.
    pub fn message(&self) -> Option<&str> {
        self.session()
            .and_then(|s| s.message.as_deref())
            .or(self.workspace.folder_message.as_deref())
    }

    /// The last save error, if the last save failed.
    pub fn save_error(&self) -> Option<&str> {
        self.session().and_then(|s| s.save_error.as_deref())
    }

    /// The errors of the last failed open.
    pub fn open_errors(&self) -> Option<&str> {
        self.workspace.open_errors.as_deref()
    }

    /// The article view (an empty one when no article is open).
    pub fn view(&self) -> &ArticleView {
        static EMPTY: std::sync::OnceLock<ArticleView> = std::sync::OnceLock::new();
        self.session()
            .and_then(|s| self.article_widgets.view_of(s))
            .unwrap_or_else(|| EMPTY.get_or_init(ArticleView::default))
    }

    /// The window title as it is now.
    pub fn title(&self) -> String {
        self.workspace.title()
    }

    /// The annotator whose sets are read and written.
    pub fn annotator(&self) -> Option<String> {
        self.workspace.annotator(&self.settings)
    }

    /// The statistics window.
    pub fn statistics(&self) -> &stats_window::StatsWindow {
        &self.statistics
    }

    /// Whether the find bar is open.
    pub fn find_open(&self) -> bool {
        self.session().is_some_and(|s| s.find.open)
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
    // Dialogs for files

    fn native_open_dialog(&mut self, folder: bool) {
        self.native_dialog(if folder {
            PathPurpose::OpenFolder
        } else {
            PathPurpose::Open
        });
    }

    fn native_dialog(&mut self, purpose: PathPurpose) {
        let folder = purpose.is_folder();
        let start = Instant::now();
        let picked = if !self.native_dialogs {
            None
        } else if folder {
            rfd::FileDialog::new().pick_folder()
        } else {
            rfd::FileDialog::new()
                .add_filter("Articles and annotation sets", &["txt", "md", "ron"])
                .pick_file()
        };
        match picked {
            Some(path) if purpose == PathPurpose::AdjudicateFolder => {
                self.workspace.adjudicate_folder(path, &mut self.settings)
            }
            Some(path) => self.workspace.request_open(path, &mut self.settings),
            None if start.elapsed() < DIALOG_FALLBACK => {
                self.path_field.show_for(purpose, self.start_folder());
            }
            None => {}
        }
    }

    fn native_save_dialog(&mut self) {
        let start = Instant::now();
        let current = self
            .document()
            .map(|d| d.annotation_path.clone())
            .unwrap_or_default();
        let picked = if self.native_dialogs {
            rfd::FileDialog::new()
                .set_file_name(
                    current
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                )
                .save_file()
        } else {
            None
        };
        match picked {
            Some(path) => self.workspace.save_as(&path),
            None if start.elapsed() < DIALOG_FALLBACK => {
                self.path_field
                    .show_for(PathPurpose::SaveAs, current.display().to_string());
            }
            None => {}
        }
    }

    /// The folder the path field starts in: the open article's, else the open folder, else the
    /// current one.
    fn start_folder(&self) -> String {
        let dir = self
            .document()
            .and_then(|d| d.source_path.parent().map(Path::to_owned))
            .or_else(|| self.folder().map(|f| f.root().to_owned()))
            .filter(|d| !d.as_os_str().is_empty())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let mut text = dir.display().to_string();
        if !text.ends_with(std::path::MAIN_SEPARATOR) {
            text.push(std::path::MAIN_SEPARATOR);
        }
        text
    }

    /// The ingest window for `inputs`, into the open folder (else beside the inputs).
    fn show_ingest(&mut self, inputs: Vec<PathBuf>) {
        let open_folder = self.folder().map(|f| f.root().to_owned());
        self.ingest.show_for(inputs, open_folder.as_deref());
    }

    /// The ingest window (tests read what it offers).
    pub fn ingest_window(&self) -> &ingest_dialog::IngestDialog {
        &self.ingest
    }

    // ----------------------------------------------------------------------------------------
    // Commands

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        if matches!(
            command,
            Command::SelectText(_) | Command::SelectAnnotation(_) | Command::GoToAnnotation(_)
        ) {
            // Something of the article was chosen (from a list, the find bar, a click): keys
            // go back to the article.
            self.keyboard_focus.back_to_article();
        }
        let settings = &mut self.settings;
        let workspace = &mut self.workspace;
        match command {
            Command::Open => self.native_open_dialog(false),
            Command::OpenFolder => self.native_open_dialog(true),
            Command::OpenPathField => self
                .path_field
                .show_for(PathPurpose::Open, self.start_folder()),
            Command::OpenPath(path) | Command::OpenRecent(path)
                if crate::ingest::wants_ingest(&path) =>
            {
                self.show_ingest(vec![path]);
            }
            Command::OpenPath(path) | Command::OpenRecent(path) => {
                workspace.request_open(path, settings);
            }
            Command::IngestPages => self.show_ingest(Vec::new()),
            Command::IngestPaths(paths) => self.show_ingest(paths),
            Command::ReloadFolder => workspace.reload_folder(settings),
            Command::CloseFolder => workspace.close_folder(),
            Command::AdjudicateFolder => self.native_dialog(PathPurpose::AdjudicateFolder),
            Command::OpenAdjudication(path) => workspace.adjudicate_folder(path, settings),
            Command::StopAdjudicating => workspace.stop_adjudicating(settings),
            Command::ToggleAutoAccept => {
                settings.auto_accept_agreed = !settings.auto_accept_agreed;
            }
            Command::ToggleAutoAcceptSuggested => {
                settings.auto_accept_suggested = !settings.auto_accept_suggested;
            }
            Command::ToggleSuggestions(source) => settings.toggle_suggestions(source),
            Command::NextSuggestion
            | Command::PreviousSuggestion
            | Command::AcceptSuggestion
            | Command::RejectSuggestion
            | Command::AcceptAllSuggestions
            | Command::CycleSpeaker { .. }
            | Command::ChooseSpeaker(_) => {
                let sources = settings.suggestion_sources();
                if let Some(session) = workspace.session.as_mut() {
                    session.suggestion_command(command, sources);
                }
            }
            Command::NextArticle => workspace.step(true, settings),
            Command::PreviousArticle => workspace.step(false, settings),
            Command::DoneAndNext => workspace.done_and_next(settings),
            Command::Save => {
                workspace.save();
            }
            Command::SaveAs => self.native_save_dialog(),
            Command::SaveAsPath(path) => workspace.save_as(&path),
            Command::Export => {
                // Export reads the files: unsaved edits are saved first.
                let saved =
                    !workspace.document().is_some_and(Document::is_dirty) || workspace.save();
                let source = workspace.document().map(|d| d.source_path.clone());
                if let (true, Some(source)) = (saved, source) {
                    self.export.show_for(&source);
                }
            }
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Escape => self.escape(ctx),
            Command::ZoomIn | Command::ZoomOut | Command::ZoomReset => match command {
                Command::ZoomIn => settings.zoom_by(1),
                Command::ZoomOut => settings.zoom_by(-1),
                _ => settings.zoom = 1.0,
            },
            Command::LargerText => settings.font_size = (settings.font_size + 1.0).min(40.0),
            Command::SmallerText => settings.font_size = (settings.font_size - 1.0).max(9.0),
            Command::ToggleSidePanel => settings.show_side_panel = !settings.show_side_panel,
            Command::ToggleFolderPanel => settings.show_folder_panel = !settings.show_folder_panel,
            Command::ToggleHeadlines => settings.show_headlines = !settings.show_headlines,
            Command::ToggleDarkMode => {
                settings.dark_mode = !settings.dark_mode;
                self.apply_theme(ctx);
            }
            Command::ToggleAutosave => settings.autosave = !settings.autosave,
            Command::ToggleShortcuts => self.show_shortcuts = !self.show_shortcuts,
            Command::ToggleStatistics => self.statistics.open = !self.statistics.open,
            Command::ToggleSchemaEditor => {
                self.schema_editor.open = !self.schema_editor.open;
                self.schema_editor.message = None;
                self.schema_editor.pending = None;
            }
            Command::EditSchema(change) => self.schema_editor.edit(workspace, change),
            Command::ConfirmSchemaChange => self.schema_editor.confirm_rename(workspace),
            Command::EditAnnotator => {
                self.annotator_draft = Some(workspace.annotator(settings).unwrap_or_default());
            }
            Command::SetAnnotator(name) => {
                self.annotator_draft = None;
                workspace.switch_annotator(name, settings);
            }
            other => {
                if let Some(session) = self.session_mut() {
                    session.apply(other);
                }
            }
        }
    }

    /// Esc closes the innermost thing open: a window, then link mode, the find bar, the
    /// selected annotation, the text selection.
    fn escape(&mut self, ctx: &egui::Context) {
        if self.path_field.open.is_some() {
            self.path_field.open = None;
        } else if self.annotator_draft.is_some() {
            self.annotator_draft = None;
        } else if self.export.open && !self.export.running() {
            self.export.open = false;
        } else if self.ingest.open && !self.ingest.running() {
            self.ingest.open = false;
        } else if self.show_shortcuts {
            self.show_shortcuts = false;
        } else if self.statistics.open {
            self.statistics.open = false;
        } else if self.schema_editor.open {
            self.schema_editor.open = false;
        } else if self.workspace.open_errors.is_some() {
            self.workspace.open_errors = None;
        } else if let Some(session) = self.session_mut() {
            session.escape();
        }
        ctx.request_repaint();
    }

    // ----------------------------------------------------------------------------------------
    // Input

    /// The keymap of the open article's mode (built again when the mode or the schema's
    /// keys change).
    fn keymap(&mut self) -> &Keymap {
        let mode = self
            .session()
            .map_or(KeymapMode::Annotate, Session::keymap_mode);
        let keys: Vec<char> = self
            .document()
            .map(|d| d.schema.keys.iter().map(|k| k.key).collect())
            .unwrap_or_default();
        let stale = self
            .keymap
            .as_ref()
            .is_none_or(|(m, k, _)| *m != mode || *k != keys);
        if stale {
            let schema = self
                .document()
                .map(|d| d.schema.clone())
                .unwrap_or_default();
            self.keymap = Some((mode, keys.clone(), Keymap::new(mode, &schema)));
        }
        &self
            .keymap
            .get_or_insert_with(|| (mode, keys, Keymap::new(mode, &Default::default())))
            .2
    }

    /// Reads the keyboard through the mode's keymap. Plain keys (letters, digits, Delete,
    /// Enter, Tab) are left alone while a text field has the focus, and Esc while a menu or
    /// popup is open (egui closes them). Keys of the article only reach it with one open.
    fn read_keys(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        self.keyboard_focus.follow(ctx);
        let typing = ctx.egui_wants_keyboard_input();
        let in_window = self.keyboard_focus.in_window();
        let popup_open = egui::Popup::is_any_open(ctx);
        let has_doc = self.document().is_some();
        let keymap = self.keymap();
        let read = ctx.input_mut(|input| keymap.read(input, typing, in_window, popup_open));
        commands.extend(read.into_iter().filter(|c| has_doc || !c.needs_article()));
    }

    /// Tab and Shift+Tab step through suggestions (and link targets), not through the
    /// widgets: egui's focus move for them is cancelled.
    fn keep_tab_for_suggestions(ctx: &egui::Context, commands: &[Command]) {
        if commands.iter().any(|c| {
            matches!(
                c,
                Command::NextSuggestion
                    | Command::PreviousSuggestion
                    | Command::StepLinkTarget { .. }
                    | Command::CycleSpeaker { .. }
            )
        }) {
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        }
    }

    // ----------------------------------------------------------------------------------------
    // The frame

    /// One frame of the whole window (what `eframe::App::ui` calls; benches call it too).
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        // The remembered zoom (View → Zoom in / out), for menus, panels and article alike.
        let zoom = self.settings.effective_zoom();
        if ctx.zoom_factor() != zoom {
            ctx.set_zoom_factor(zoom);
        }
        self.workspace.now = ctx.input(|i| i.time);
        let mut commands = Vec::new();
        self.read_keys(&ctx, &mut commands);
        Self::keep_tab_for_suggestions(&ctx, &commands);
        commands.extend(input::dropped::opened(&ctx));
        self.handle_close_request(&ctx);
        if let Some(folder) = &mut self.workspace.folder {
            folder.poll();
            if folder.is_scanning() {
                ctx.request_repaint_after(Duration::from_millis(100));
            }
        }

        let annotator_now = self.workspace.annotator(&self.settings);
        egui::Panel::top("menu").show(ui, |ui| {
            menu_bar::show(
                ui,
                &menu_bar::MenuInput {
                    settings: &self.settings,
                    doc: self.workspace.document(),
                    has_folder: self.workspace.folder.is_some(),
                    selected: self.workspace.session.as_ref().and_then(|s| s.selected),
                    annotator: annotator_now.as_deref(),
                    adjudicating: self.workspace.adjudicating,
                    comparing: self
                        .workspace
                        .session
                        .as_ref()
                        .and_then(|s| s.compare())
                        .map(|c| c.annotator.as_str()),
                },
                &mut commands,
            );
        });
        let current = self.workspace.document().map(|d| d.source_path.clone());
        self.show_live_status_in_folder();
        if let Some(folder) = self
            .workspace
            .folder
            .as_mut()
            .filter(|_| self.settings.show_folder_panel)
        {
            // A quarter of a small window (800 px: 200), at most 290 px: the article keeps
            // the middle.
            let width = (ui.available_width() * 0.25).clamp(180.0, 290.0);
            egui::Panel::left("folder")
                .resizable(true)
                .default_size(width)
                .min_size(180.0)
                .show(ui, |ui| {
                    self.folder_panel.show(
                        ui,
                        folder,
                        current.as_deref(),
                        self.settings.show_headlines,
                        &mut commands,
                    );
                });
        }
        let annotator = self.workspace.annotator(&self.settings);
        match &mut self.workspace.session {
            Some(session) => panels::article_screen::show_article(
                ui,
                session,
                &mut self.article_widgets,
                &self.settings,
                annotator.as_deref(),
                &mut commands,
            ),
            None => {
                let message = self.workspace.folder_message.as_deref();
                let has_folder = self.workspace.folder.is_some();
                egui::CentralPanel::default().show(ui, |ui| {
                    dialogs::welcome(ui, &self.settings, has_folder, message, &mut commands)
                });
            }
        }

        let recent = match self.path_field.open {
            Some(PathPurpose::OpenFolder | PathPurpose::AdjudicateFolder) => {
                &self.settings.recent_folders
            }
            _ => &self.settings.recent,
        };
        self.path_field.show(&ctx, recent, &mut commands);
        if let Some(doc) = self.workspace.document() {
            self.export.show(&ctx, &doc.source_path);
        }
        self.ingest.show(
            &ctx,
            self.workspace.folder.as_ref().map(Folder::root),
            &mut commands,
        );
        self.statistics.show(
            &ctx,
            self.workspace.document(),
            self.workspace.folder.as_ref().map(Folder::root),
            self.workspace.saves,
        );
        if self.schema_editor.open && self.workspace.document().is_some() {
            let (file, target) = self.schema_editor.target(&self.workspace);
            if let Some(doc) = self.workspace.document() {
                self.schema_editor
                    .show(&ctx, &doc.schema, file.as_deref(), &target, &mut commands);
            }
        }
        if self.show_shortcuts {
            self.keymap();
            if let Some((_, _, keymap)) = &self.keymap {
                dialogs::shortcuts_window(
                    &ctx,
                    &mut self.show_shortcuts,
                    keymap,
                    self.workspace.document(),
                );
            }
        }
        dialogs::annotator_window(&ctx, &mut self.annotator_draft, &mut commands);
        dialogs::open_errors_window(&ctx, &mut self.workspace.open_errors);
        if let Some(session) = &self.workspace.session {
            dialogs::save_error_window(&ctx, session.save_error.as_deref(), &mut commands);
        }
        self.questions(&ctx);

        for command in commands {
            self.apply(&ctx, command);
        }
        let focused = ctx.input(|i| i.focused);
        let gained_focus = focused && !self.was_focused;
        self.was_focused = focused;
        if let Some(wait) = self.workspace.watch_disk(gained_focus, &mut self.settings) {
            ctx.request_repaint_after(wait);
        }
        let saves = self.workspace.saves;
        if let Some(wait) = self.workspace.autosave(&self.settings) {
            ctx.request_repaint_after(wait);
        }
        if self.workspace.saves != saves {
            // Drawn again at once, so that the status bar says it is saved.
            ctx.request_repaint();
        }
        self.update_title(&ctx);
    }

    /// The folder list shows the open article's status and count as they are now, saved or
    /// not (updated when the document's revision changes).
    fn show_live_status_in_folder(&mut self) {
        let (Some(session), Some(folder)) = (&self.workspace.session, &mut self.workspace.folder)
        else {
            return;
        };
        let doc = &session.doc;
        let key = (doc.source_path.clone(), doc.revision());
        if self.folder_synced.as_ref() != Some(&key) {
            folder.update(
                &doc.source_path,
                doc.set().status,
                doc.set().annotations.len(),
            );
            self.folder_synced = Some(key);
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.workspace.title();
        if self.title.as_ref() != Some(&title) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = Some(title);
        }
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        if !self.workspace.may_close(&self.settings) {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
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

/// Runs the window (the `press-annotate [PATH]` command): PATH may be an article, an
/// annotation file or a folder.
///
/// With `adjudicate`, the folder opens for adjudication into gold sets.
pub fn run(
    path: Option<PathBuf>,
    annotator: Option<String>,
    adjudicate: Option<PathBuf>,
) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("press-annotate")
            .with_app_id(app_icon::APP_ID)
            .with_icon(app_icon::icon().unwrap_or_default())
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        persistence_path: app_icon::persistence_path(),
        ..Default::default()
    };
    eframe::run_native(
        "press-annotate",
        options,
        Box::new(move |cc| {
            let mut app = PressApp::new(cc, path, annotator);
            if let Some(folder) = adjudicate {
                app.workspace.adjudicate_folder(folder, &mut app.settings);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}
