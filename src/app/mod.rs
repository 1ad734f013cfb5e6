//! The window: an eframe app that shows the open folder and article and turns what the user
//! does into [`Command`]s, applied once at the end of each frame. This file is the frame loop
//! and the dispatch; what belongs to the open article is its [`Session`], and the file life
//! cycle (open, switch, save, autosave, close) is the [`Workspace`]'s. Nothing here reads or
//! writes annotation files itself: the core's `Document`, `Folder` and `store` do.

pub mod adjudication_mode;
pub mod agreement_view;
pub mod app_icon;
pub mod article_view;
pub mod commands;
pub mod compare_mode;
pub mod connectors;
pub mod dialogs;
pub mod export_dialog;
pub mod find_bar;
pub mod folder_panel;
pub mod glyph_map;
pub mod menu_bar;
pub mod palette;
pub mod path_field;
pub mod schema_editor;
pub mod session;
pub mod settings;
pub mod side_panel;
pub mod stats_window;
pub mod status_bar;
pub mod suggestions;
pub mod toolbar;
pub mod workspace;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Modifiers, Ui};

use crate::document::Document;
use crate::folder::Folder;
pub use article_view::ArticleView;
pub use commands::Command;
use commands::{SHORTCUTS, SLOT_KEYS, letter_key};
use folder_panel::FolderPanel;
use path_field::{PathField, PathPurpose};
pub use session::Session;
pub use settings::Settings;
use toolbar::toolbar_labels;
pub use workspace::{AUTOSAVE_DELAY, AfterUnsaved, Workspace};

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
    statistics: stats_window::StatsWindow,
    schema_editor: schema_editor::SchemaEditor,
    show_shortcuts: bool,
    /// Settings → Annotator name: the name being typed, while the window is open.
    annotator_draft: Option<String>,
    /// The title last sent to the window manager.
    title: Option<String>,
    /// The open article and revision whose status and count the folder list last took.
    folder_synced: Option<(PathBuf, u64)>,
    /// The schema file in force and the file the schema editor writes, for an article (found
    /// on the file system once, not every frame; dropped when the editor writes).
    schema_target: Option<(PathBuf, (Option<PathBuf>, PathBuf))>,
    native_dialogs: bool,
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
            app.workspace.open_now(&path, &mut app.settings);
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
            statistics: stats_window::StatsWindow::default(),
            schema_editor: schema_editor::SchemaEditor::default(),
            show_shortcuts: false,
            annotator_draft: None,
            title: None,
            folder_synced: None,
            schema_target: None,
            native_dialogs: std::env::var_os("PRESS_ANNOTATE_NO_NATIVE_DIALOG").is_none(),
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
        match self.session() {
            Some(s) => &s.view,
            None => EMPTY.get_or_init(ArticleView::default),
        }
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

    // ----------------------------------------------------------------------------------------
    // Commands

    fn apply(&mut self, ctx: &egui::Context, command: Command) {
        let settings = &mut self.settings;
        let workspace = &mut self.workspace;
        match command {
            Command::Open => self.native_open_dialog(false),
            Command::OpenFolder => self.native_open_dialog(true),
            Command::OpenPathField => self
                .path_field
                .show_for(PathPurpose::Open, self.start_folder()),
            Command::OpenPath(path) | Command::OpenRecent(path) => {
                workspace.request_open(path, settings);
            }
            Command::CloseFolder => workspace.close_folder(),
            Command::AdjudicateFolder => self.native_dialog(PathPurpose::AdjudicateFolder),
            Command::OpenAdjudication(path) => workspace.adjudicate_folder(path, settings),
            Command::StopAdjudicating => workspace.stop_adjudicating(settings),
            Command::ToggleAutoAccept => {
                settings.auto_accept_agreed = !settings.auto_accept_agreed;
            }
            Command::ToggleSuggestions(source) => settings.toggle_suggestions(source),
            Command::NextSuggestion
            | Command::PreviousSuggestion
            | Command::AcceptSuggestion
            | Command::RejectSuggestion
            | Command::AcceptAllSuggestions => {
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
            Command::ZoomIn => settings.font_size = (settings.font_size + 1.0).min(40.0),
            Command::ZoomOut => settings.font_size = (settings.font_size - 1.0).max(9.0),
            Command::ZoomReset => settings.font_size = Settings::default().font_size,
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
            Command::EditSchema(change) => self.edit_schema(change),
            Command::ConfirmSchemaChange => self.confirm_schema_change(),
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

    /// Reads the keyboard through the one shortcut table. Plain keys (letters, digits,
    /// Delete, Esc) are left alone while a text field has the focus; Esc is left to egui while
    /// a menu or popup is open (it closes them).
    fn read_shortcuts(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let typing = ctx.egui_wants_keyboard_input();
        let popup_open = egui::Popup::is_any_open(ctx);
        let keys: Vec<char> = self
            .document()
            .map(|d| d.schema.keys.iter().map(|k| k.key).collect())
            .unwrap_or_default();
        let has_doc = self.document().is_some();
        let adjudicating = self.session().is_some_and(|s| s.adjudication.is_some());
        let suggestion_chosen = self.session().is_some_and(|s| {
            s.shows_suggestions()
                && s.suggestions
                    .as_ref()
                    .is_some_and(|x| x.current_suggestion().is_some())
        });
        ctx.input_mut(|input| {
            for (shortcut, command) in SHORTCUTS {
                let plain = !shortcut.modifiers.command
                    && !matches!(
                        shortcut.logical_key,
                        egui::Key::F1 | egui::Key::F3 | egui::Key::F4
                    );
                if typing && plain {
                    continue;
                }
                if popup_open && shortcut.logical_key == egui::Key::Escape {
                    continue;
                }
                if input.consume_shortcut(shortcut) {
                    commands.push(command.clone());
                }
            }
            if typing || !has_doc {
                return;
            }
            if adjudicating {
                // The keys of adjudication come before the label keys they share.
                use crate::adjudicate::Choice;
                for (n, key) in SLOT_KEYS.iter().enumerate() {
                    if input.consume_key(Modifiers::NONE, *key) {
                        commands.push(Command::Decide(Choice::Take(n)));
                    }
                }
                if input.consume_key(Modifiers::NONE, egui::Key::A) {
                    commands.push(Command::Decide(Choice::Union));
                }
                if input.consume_key(Modifiers::NONE, egui::Key::X) {
                    commands.push(Command::Decide(Choice::Reject));
                }
            } else if suggestion_chosen && input.consume_key(Modifiers::NONE, egui::Key::X) {
                commands.push(Command::RejectSuggestion);
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

    /// Tab and Shift+Tab step through suggestions, not through the widgets: egui's focus move
    /// for them is cancelled.
    fn keep_tab_for_suggestions(ctx: &egui::Context, commands: &[Command]) {
        if commands
            .iter()
            .any(|c| matches!(c, Command::NextSuggestion | Command::PreviousSuggestion))
        {
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        }
    }

    /// A file or folder dropped on the window opens (the first one, if several).
    fn read_dropped_files(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let dropped: Option<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(path) = dropped {
            commands.push(Command::OpenPath(path));
        }
    }

    // ----------------------------------------------------------------------------------------
    // The frame

    /// One frame of the whole window (what `eframe::App::ui` calls; benches call it too).
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.workspace.now = ctx.input(|i| i.time);
        let mut commands = Vec::new();
        self.read_shortcuts(&ctx, &mut commands);
        Self::keep_tab_for_suggestions(&ctx, &commands);
        self.read_dropped_files(&ctx, &mut commands);
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
                        .and_then(|s| s.compare.as_ref())
                        .map(|c| c.annotator.as_str()),
                },
                &mut commands,
            );
        });
        let current = self.workspace.document().map(|d| d.source_path.clone());
        self.show_live_status_in_folder();
        if let Some(folder) = &mut self.workspace.folder {
            egui::Panel::left("folder")
                .resizable(true)
                .default_size(290.0)
                .min_size(180.0)
                .show(ui, |ui| {
                    self.folder_panel
                        .show(ui, folder, current.as_deref(), &mut commands);
                });
        }
        let annotator = self.workspace.annotator(&self.settings);
        match &mut self.workspace.session {
            Some(session) => show_article(
                ui,
                session,
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
        self.statistics.show(
            &ctx,
            self.workspace.document(),
            self.workspace.folder.as_ref().map(Folder::root),
            self.workspace.saves,
        );
        if self.schema_editor.open && self.workspace.document().is_some() {
            let (file, target) = self.schema_target();
            if let Some(doc) = self.workspace.document() {
                self.schema_editor
                    .show(&ctx, &doc.schema, file.as_deref(), &target, &mut commands);
            }
        }
        dialogs::shortcuts_window(&ctx, &mut self.show_shortcuts, self.workspace.document());
        dialogs::annotator_window(&ctx, &mut self.annotator_draft, &mut commands);
        dialogs::open_errors_window(&ctx, &mut self.workspace.open_errors);
        if let Some(session) = &self.workspace.session {
            dialogs::save_error_window(&ctx, session.save_error.as_deref(), &mut commands);
        }
        self.unsaved_dialog(&ctx);

        for command in commands {
            self.apply(&ctx, command);
        }
        if let Some(wait) = self.workspace.autosave(&self.settings) {
            ctx.request_repaint_after(wait);
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

    // ----------------------------------------------------------------------------------------
    // The schema editor

    /// The schema file in force for the open article (`None`: the default), and the file the
    /// editor writes: that one, else `annotation-schema.ron` in the open folder, else beside
    /// the article.
    fn schema_target(&mut self) -> (Option<PathBuf>, PathBuf) {
        let Some(doc) = self.workspace.document() else {
            return (None, PathBuf::from(crate::schema::SCHEMA_FILE_NAME));
        };
        if let Some((article, found)) = &self.schema_target
            && article == &doc.source_path
        {
            return found.clone();
        }
        let file = crate::schema::Schema::find_file(&doc.source_path);
        let target = file.clone().unwrap_or_else(|| {
            let folder = self
                .workspace
                .folder
                .as_ref()
                .filter(|f| f.position(&doc.source_path).is_some())
                .map(|f| f.root().to_owned())
                .or_else(|| doc.source_path.parent().map(Path::to_owned))
                .unwrap_or_default();
            folder.join(crate::schema::SCHEMA_FILE_NAME)
        });
        self.schema_target = Some((doc.source_path.clone(), (file.clone(), target.clone())));
        (file, target)
    }

    /// A change from the schema editor: checked; one that would leave saved annotations
    /// invalid is refused (a rename is offered across the folder); else written.
    fn edit_schema(&mut self, change: crate::schema_edit::SchemaChange) {
        use crate::schema_edit::{SchemaChange, broken_by, broken_in_set};
        use schema_editor::Pending;
        let (_, target) = self.schema_target();
        // The editor writes the file: where the schema comes from is looked up again.
        self.schema_target = None;
        let Some(session) = self.workspace.session.as_mut() else {
            return;
        };
        let editor = &mut self.schema_editor;
        let new_schema = match change.apply(&session.doc.schema) {
            Ok(schema) => schema,
            Err(refused) => {
                editor.message = Some(format!("Not changed: {refused}"));
                return;
            }
        };
        let folder = target.parent().unwrap_or(Path::new(".")).to_owned();
        let mut used = broken_by(&change, &folder, Some(&session.doc.annotation_path));
        let here = broken_in_set(&change, session.doc.set());
        if here > 0 {
            used.annotations += here;
            used.files.push(session.doc.annotation_path.clone());
        }
        if used.annotations > 0 {
            if let SchemaChange::RenameLabel { .. } = change {
                editor.pending = Some(Pending { change, used });
                editor.message = None;
            } else {
                editor.message = Some(format!(
                    "Not changed: {} annotation(s) or relation(s) in {} file(s) still use it; change or delete them first",
                    used.annotations,
                    used.files.len()
                ));
            }
            return;
        }
        match crate::schema_edit::save_schema(&folder, &new_schema) {
            Ok(path) => {
                session.doc.set_schema(new_schema);
                editor.message = Some(format!("Saved {}", path.display()));
            }
            Err(err) => editor.message = Some(err.to_string()),
        }
    }

    /// "Rename everywhere": the folder's saved sets first (under the old schema), then the
    /// schema file, then the open article as one undoable edit.
    fn confirm_schema_change(&mut self) {
        use crate::schema_edit::{SchemaChange, rename_in_sets, save_schema};
        let Some(pending) = self.schema_editor.pending.take() else {
            return;
        };
        let SchemaChange::RenameLabel { old, new } = &pending.change else {
            return;
        };
        let (_, target) = self.schema_target();
        self.schema_target = None;
        let folder = target.parent().unwrap_or(Path::new(".")).to_owned();
        let Some(session) = self.workspace.session.as_mut() else {
            return;
        };
        let new_schema = match pending.change.apply(&session.doc.schema) {
            Ok(schema) => schema,
            Err(refused) => {
                self.schema_editor.message = Some(format!("Not changed: {refused}"));
                return;
            }
        };
        let renamed = rename_in_sets(&folder, old, new, Some(&session.doc.annotation_path));
        if let Err(err) = save_schema(&folder, &new_schema) {
            self.schema_editor.message = Some(err.to_string());
            return;
        }
        session.doc.set_schema(new_schema);
        let here = session.doc.rename_label(old, new).unwrap_or(0);
        let mut message = format!(
            "Renamed \"{old}\" to \"{new}\": {} annotation(s) in {} saved file(s), {here} in this article (Ctrl+Z undoes these)",
            renamed.annotations,
            renamed.files.len()
        );
        for failed in &renamed.failed {
            message.push_str(&format!("\nNot renamed: {failed}"));
        }
        self.schema_editor.message = Some(message);
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
            dialogs::UnsavedAnswer::DontSave => self.workspace.answer_unsaved(false),
        };
        match after {
            Some(AfterUnsaved::Close) => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Some(after) => self.workspace.continue_after(after, &mut self.settings),
            None => {}
        }
    }
}

/// The toolbar, find bar, status bar, side panel and article view of the open article.
fn show_article(
    ui: &mut Ui,
    session: &mut Session,
    settings: &Settings,
    annotator: Option<&str>,
    commands: &mut Vec<Command>,
) {
    let link_targets: Option<Vec<String>> = session.link_targets().map(<[String]>::to_vec);
    let Session {
        doc,
        view,
        side,
        toolbar,
        find,
        selection,
        selected,
        selected_relation,
        linking,
        message,
        save_error,
        compare,
        adjudication,
        suggestions,
        ..
    } = session;
    let sources = settings.suggestion_sources();
    let shows_suggestions = compare.is_none() && adjudication.is_none();
    if shows_suggestions {
        let found = suggestions.get_or_insert_with(|| suggestions::Suggestions::new(doc));
        found.refresh(doc, sources);
        if found.is_searching() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(30));
        }
    }
    let labels = toolbar_labels(&doc.schema);
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.add_space(2.0);
        ui.horizontal(|ui| {
            toolbar.show(ui, doc, &labels, commands);
            if let (true, Some(s)) = (shows_suggestions, suggestions.as_ref()) {
                ui.separator();
                suggestions::show_toggles(ui, s, settings, commands);
            }
        });
        ui.add_space(2.0);
    });
    if find.open {
        find.update(&doc.source_path, &doc.article);
        egui::Panel::top("find").show(ui, |ui| {
            find.show(ui, selection.as_ref(), commands);
        });
    }
    egui::Panel::bottom("status").show(ui, |ui| {
        status_bar::show(
            ui,
            &status_bar::StatusInput {
                doc,
                selection: selection.as_ref(),
                selected: *selected,
                autosave: settings.autosave,
                annotator,
                save_error: save_error.as_deref(),
                message: message.as_deref(),
            },
            commands,
        );
    });
    if adjudication.is_some() || compare.is_some() {
        egui::Panel::bottom("review")
            .resizable(true)
            .default_size(170.0)
            .min_size(90.0)
            .show(ui, |ui| {
                ui.add_space(4.0);
                if let Some(a) = adjudication.as_ref() {
                    a.show(ui, doc, commands);
                } else if let Some(c) = compare.as_mut() {
                    c.show(ui, doc, commands);
                }
            });
    }
    egui::Panel::right("side")
        .resizable(true)
        .default_size(320.0)
        .min_size(220.0)
        .show(ui, |ui| {
            ui.add_space(4.0);
            side.show(
                ui,
                doc,
                *selected,
                *selected_relation,
                selection.as_ref(),
                commands,
            );
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let dark = ui.visuals().dark_mode;
        let overlays: &article_view::Overlays = if let Some(a) = adjudication.as_mut() {
            a.overlays(doc, dark)
        } else if let Some(c) = compare.as_mut() {
            c.overlays(doc, dark)
        } else if let Some(s) = suggestions.as_mut() {
            s.overlays(doc, sources, dark)
        } else {
            article_view::Overlays::none()
        };
        let (matches, match_len): (&[usize], usize) = if find.open {
            (&find.matches, find.match_len)
        } else {
            (&[], 0)
        };
        view.show(
            ui,
            &article_view::ViewInput {
                doc,
                selection: selection.clone(),
                selected: *selected,
                matches,
                match_len,
                linking_from: linking.as_ref().map(|(from, _)| *from),
                link_targets: link_targets.as_deref(),
                selected_relation: *selected_relation,
                font_size: settings.font_size,
                overlays,
            },
            commands,
        );
    });
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
