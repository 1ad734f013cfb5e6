//! Workspace: the open folder and the open article's [`Session`], and their file life cycle:
//! open, switch, save, autosave and the guards that save (or ask) before an article is left or
//! the window closed. No egui here: tests drive it without a window.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::app::state::session::Session;
use crate::app::state::settings::Settings;
use crate::document::{Document, SavedHistory};
use crate::folder::Folder;
use crate::model::Status;
use crate::store;

mod watch;

/// Autosave writes this long after the last edit.
pub const AUTOSAVE_DELAY: Duration = Duration::from_millis(1200);
/// How many left articles keep their undo history.
const KEPT_HISTORIES: usize = 64;
/// After a failed save, autosave tries again this much later.
const AUTOSAVE_RETRY: Duration = Duration::from_secs(15);

/// What to do once unsaved edits are saved, or the user chose to drop them.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterUnsaved {
    Close,
    /// Open an article, an annotation file or a folder.
    Open(PathBuf),
    /// Reopen the current article and folder as another annotator.
    SwitchAnnotator(Option<String>),
}

#[derive(Default)]
pub struct Workspace {
    /// The open article, if any.
    pub session: Option<Session>,
    /// The open folder, if any (the article may be in it or not).
    pub folder: Option<Folder>,
    /// `--annotator` on the command line: wins over the setting.
    pub annotator_override: Option<String>,
    /// Waiting for the user's answer to "save changes?" (autosave off).
    pub ask_unsaved: Option<AfterUnsaved>,
    /// The user chose to close without saving.
    pub discard_confirmed: bool,
    /// Errors from the last attempt to open a file or folder.
    pub open_errors: Option<String>,
    /// A message about the folder (shown when the article has none of its own).
    pub folder_message: Option<String>,
    /// Seconds on egui's clock, set by the window each frame.
    pub now: f64,
    /// How many saves succeeded (views of the saved files refresh when it changes).
    pub saves: u64,
    /// Adjudicating: the annotator is `gold` and each article opens with the others' sets.
    pub adjudicating: bool,
    /// Undo histories of articles left saved (oldest first), resumed when one is opened
    /// again unchanged.
    histories: Vec<SavedHistory>,
    /// When the open set's file was last looked at (seconds on egui's clock).
    last_disk_check: Option<f64>,
    /// Save As chose an existing file (not this set's own): waiting for "replace it?".
    pub ask_overwrite: Option<PathBuf>,
    /// An article that is not UTF-8: waiting for "convert it?".
    pub ask_convert: Option<crate::ingest::NotUtf8>,
}

impl Workspace {
    /// Nothing open yet; `annotator` is the command line's `--annotator`, if given.
    pub fn new(annotator: Option<String>) -> Self {
        Self {
            annotator_override: annotator,
            ..Self::default()
        }
    }

    /// The annotator whose sets are read and written.
    pub fn annotator(&self, settings: &Settings) -> Option<String> {
        self.annotator_override
            .clone()
            .or_else(|| settings.annotator.clone())
    }

    pub fn document(&self) -> Option<&Document> {
        self.session.as_ref().map(|s| &s.doc)
    }

    fn is_dirty(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.doc.is_dirty())
    }

    /// The window title: `ARTICLE — press-annotate`, or `ARTICLE — FOLDER — press-annotate`.
    pub fn title(&self) -> String {
        let mut parts = Vec::new();
        if let Some(session) = &self.session {
            parts.push(session.file_name());
        }
        if let Some(folder) = &self.folder {
            parts.push(folder.name());
        }
        parts.push("press-annotate".to_owned());
        parts.join(" — ")
    }

    // ----------------------------------------------------------------------------------------
    // Leaving an article

    /// Before the open article is left: saves its edits (autosave on) or asks (autosave off,
    /// then `then` runs once the user answered). `true` when it may be left now.
    pub fn leave_current(&mut self, then: AfterUnsaved, settings: &Settings) -> bool {
        if !self.is_dirty() || self.discard_confirmed {
            return true;
        }
        if settings.autosave && self.save() {
            return true;
        }
        // Autosave off, or the save failed (the error is shown): the user chooses, and
        // nothing is dropped without their answer.
        self.ask_unsaved = Some(then);
        false
    }

    /// The user answered "save changes?" with Save (`true`) or Don't save (`false`); returns
    /// what to do next, if the article may now be left.
    pub fn answer_unsaved(&mut self, save: bool) -> Option<AfterUnsaved> {
        let after = self.ask_unsaved.take()?;
        if save {
            if !self.save() {
                // Asked again, with why the save failed.
                self.ask_unsaved = Some(after);
                return None;
            }
        } else {
            self.discard_confirmed = true;
        }
        Some(after)
    }

    /// Runs what waited for the unsaved-edits question (not `Close`: the window does that).
    pub fn continue_after(&mut self, after: AfterUnsaved, settings: &mut Settings) {
        match after {
            AfterUnsaved::Close => {}
            AfterUnsaved::Open(path) => self.open_now(&path, settings),
            AfterUnsaved::SwitchAnnotator(name) => self.switch_annotator_now(name, settings),
        }
    }

    /// Whether the window may close now (it saves first; with autosave off it asks).
    pub fn may_close(&mut self, settings: &Settings) -> bool {
        self.leave_current(AfterUnsaved::Close, settings)
    }

    // ----------------------------------------------------------------------------------------
    // Opening

    /// Opens an article, an annotation file or a folder, after saving (or asking about) the
    /// edits of the article open now.
    pub fn request_open(&mut self, path: PathBuf, settings: &mut Settings) {
        if self.leave_current(AfterUnsaved::Open(path.clone()), settings) {
            self.open_now(&path, settings);
        }
    }

    /// Opens without asking; on failure what is open stays as it is.
    pub fn open_now(&mut self, path: &Path, settings: &mut Settings) {
        if path.is_dir() {
            self.open_folder(path, settings);
        } else {
            self.open_article(path, settings);
        }
        self.discard_confirmed = false;
    }

    /// Opens an article (or the article of an annotation file); `true` when it opened.
    fn open_article(&mut self, path: &Path, settings: &mut Settings) -> bool {
        let (source, annotator) = if store::is_annotation_file(path) {
            match store::source_of(path) {
                Some(found) => found,
                None => (path.to_owned(), self.annotator(settings)),
            }
        } else {
            (path.to_owned(), self.annotator(settings))
        };
        match Document::open(&source, annotator.as_deref()) {
            Ok(doc) => {
                settings.add_recent(&source);
                if let Some(folder) = &mut self.folder {
                    folder.update(
                        &doc.source_path,
                        doc.set().status,
                        doc.set().annotations.len(),
                    );
                }
                self.replace_session(Some(doc));
                if self.adjudicating
                    && let Some(session) = &mut self.session
                {
                    session.start_adjudication(
                        settings.auto_accept_agreed,
                        settings.auto_accept_suggested,
                    );
                }
                self.open_errors = None;
                self.folder_message = None;
                true
            }
            Err(errors) => {
                // Text in another encoding is offered for conversion, not refused.
                match crate::ingest::needs_conversion(&source)
                    .filter(|_| store::is_article(&source))
                {
                    Some(not_utf8) => self.ask_convert = Some(not_utf8),
                    None => self.open_errors = Some(errors.to_string()),
                }
                false
            }
        }
    }

    /// The user answered "convert it to UTF-8?": converts the article where it is (its
    /// original kept under `.sources/`) and opens it, or leaves it as it is.
    pub fn answer_convert(&mut self, convert: bool, settings: &mut Settings) {
        let Some(asked) = self.ask_convert.take() else {
            return;
        };
        if !convert {
            return;
        }
        match crate::ingest::convert_in_place(&asked.path) {
            Ok(from) => {
                if self.open_article(&asked.path, settings) {
                    self.set_message(&format!(
                        "Converted from {} to UTF-8; the original bytes are kept in .sources/",
                        from.name()
                    ));
                }
            }
            Err(error) => self.open_errors = Some(error.to_string()),
        }
    }

    /// Opens a folder: lists its articles and opens the first one that is not Done.
    fn open_folder(&mut self, root: &Path, settings: &mut Settings) {
        let annotator = self.annotator(settings);
        let mut folder = match Folder::open(root, annotator.as_deref()) {
            Ok(folder) => folder,
            Err(err) => {
                self.open_errors = Some(err.to_string());
                return;
            }
        };
        settings.add_recent_folder(root);
        let first = folder.next_not_done(None);
        let total = folder.len();
        self.folder = Some(folder);
        self.open_errors = None;
        match first {
            Some(article) => {
                if !self.open_article(&article, settings) {
                    self.replace_session(None);
                }
            }
            None => {
                self.replace_session(None);
                self.folder_message = Some(if total == 0 {
                    "This folder has no articles (.txt or .md)".to_owned()
                } else {
                    format!("All {total} articles are done")
                });
            }
        }
    }

    /// Replaces the session whole (keeping the undo history of the one left, if saved, and
    /// resuming the new document's, if it was left unchanged).
    fn replace_session(&mut self, doc: Option<Document>) {
        // Comparing goes on with the next article (with whom, if they annotated it).
        let comparing = self
            .session
            .as_ref()
            .and_then(|s| s.compare())
            .map(|c| c.annotator.clone());
        if let Some(old) = self.session.take()
            && let Some(history) = old.doc.into_saved_history()
        {
            self.histories
                .retain(|h| h.annotation_path() != history.annotation_path());
            self.histories.push(history);
            if self.histories.len() > KEPT_HISTORIES {
                self.histories.remove(0);
            }
        }
        self.session = doc.map(|mut doc| {
            if let Some(i) = self
                .histories
                .iter()
                .position(|h| h.annotation_path() == doc.annotation_path)
            {
                doc.resume_history(self.histories.remove(i));
            }
            Session::new(doc, self.now)
        });
        if let (Some(session), Some(name)) = (&mut self.session, comparing) {
            session.apply(crate::app::input::command::Command::CompareWith(Some(name)));
        }
    }

    /// Reads the open folder's list again (articles were added to it), keeping the open
    /// article and the list's filter; with none open, the first article not Done opens.
    pub fn reload_folder(&mut self, settings: &mut Settings) {
        let Some(old) = &self.folder else {
            return;
        };
        let annotator = self.annotator(settings);
        match Folder::open(old.root(), annotator.as_deref()) {
            Ok(mut folder) => {
                folder.set_filter(old.filter().clone());
                let first = folder.next_not_done(None);
                self.folder = Some(folder);
                self.folder_message = None;
                if self.session.is_none()
                    && let Some(first) = first
                {
                    self.open_article(&first, settings);
                }
            }
            Err(err) => self.open_errors = Some(err.to_string()),
        }
    }

    /// Closes the folder (the open article stays open).
    pub fn close_folder(&mut self) {
        self.folder = None;
        self.folder_message = None;
    }

    // ----------------------------------------------------------------------------------------
    // Walking a folder

    /// Opens the next (or previous) article of the folder's list.
    pub fn step(&mut self, forward: bool, settings: &mut Settings) {
        let current = self.session.as_ref().map(|s| s.doc.source_path.clone());
        let Some(folder) = &mut self.folder else {
            self.set_message("Open a folder to walk through its articles");
            return;
        };
        match folder.step(current.as_deref(), forward) {
            Some(next) => self.request_open(next, settings),
            None => self.set_message(if forward {
                "This is the last article of the list"
            } else {
                "This is the first article of the list"
            }),
        }
    }

    /// Marks the open article Done, saves it and opens the next article that is not Done
    /// (adjudicating: the next one, in list order, with disagreements gold has not decided).
    pub fn done_and_next(&mut self, settings: &mut Settings) {
        if self.adjudicating {
            return self.done_and_next_disagreement(settings);
        }
        if !self.mark_done_and_save() {
            return;
        }
        let current = self.session.as_ref().map(|s| s.doc.source_path.clone());
        let Some(folder) = &mut self.folder else {
            self.set_message("Marked Done and saved");
            return;
        };
        match folder.next_not_done(current.as_deref()) {
            Some(next) if Some(&next) != current.as_ref() => self.open_now(&next, settings),
            _ => {
                let total = folder.len();
                self.set_message(&format!(
                    "Done. All {total} articles of the folder are done"
                ));
            }
        }
    }

    /// Marks the open article Done and saves it; `false` (with the reason shown) if either
    /// failed or nothing is open.
    fn mark_done_and_save(&mut self) -> bool {
        let Some(session) = &mut self.session else {
            return false;
        };
        if session.doc.set().status != Status::Done
            && let Err(err) = session.doc.set_status(Status::Done)
        {
            session.message = Some(err.to_string());
            return false;
        }
        self.save()
    }

    fn done_and_next_disagreement(&mut self, settings: &mut Settings) {
        if !self.mark_done_and_save() {
            return;
        }
        let current = self.session.as_ref().map(|s| s.doc.source_path.clone());
        let Some(folder) = &mut self.folder else {
            self.set_message("Marked Done and saved");
            return;
        };
        // The shown articles after this one, then from the top (wrapping around once).
        let mut at = current.clone();
        let mut wrapped = false;
        let mut next = None;
        for _ in 0..=folder.len() {
            let candidate = match folder.step(at.as_deref(), true) {
                Some(candidate) => candidate,
                None if !wrapped => {
                    wrapped = true;
                    match folder.step(None, true) {
                        Some(first) => first,
                        None => break,
                    }
                }
                None => break,
            };
            if Some(&candidate) == current.as_ref() {
                break;
            }
            if crate::app::modes::adjudicate::has_open_work(
                &candidate,
                settings.auto_accept_agreed,
                settings.auto_accept_suggested,
            ) {
                next = Some(candidate);
                break;
            }
            at = Some(candidate);
        }
        match next {
            Some(next) => self.open_now(&next, settings),
            None => self.set_message(
                "Done. No article after this one has disagreements left (Ctrl+PageUp goes back)",
            ),
        }
    }

    /// Adjudicates a folder: its articles open as their gold sets, with every other
    /// annotator's set read beside them (saving or asking about the open article first).
    pub fn adjudicate_folder(&mut self, root: PathBuf, settings: &mut Settings) {
        if !root.is_dir() {
            self.open_errors = Some(format!("{}: not a folder", root.display()));
            return;
        }
        if !self.leave_current(AfterUnsaved::Open(root.clone()), settings) {
            return;
        }
        self.adjudicating = true;
        self.annotator_override = Some(crate::adjudicate::GOLD.to_owned());
        self.open_now(&root, settings);
    }

    /// Back to one's own sets (the annotator of the settings).
    pub fn stop_adjudicating(&mut self, settings: &mut Settings) {
        let name = settings.annotator.clone();
        self.switch_annotator(name, settings);
    }

    fn set_message(&mut self, message: &str) {
        match &mut self.session {
            Some(session) => session.message = Some(message.to_owned()),
            None => self.folder_message = Some(message.to_owned()),
        }
    }

    // ----------------------------------------------------------------------------------------
    // Annotator

    /// Reads and writes another annotator's sets from now on (saving or asking first).
    pub fn switch_annotator(&mut self, name: Option<String>, settings: &mut Settings) {
        if self.leave_current(AfterUnsaved::SwitchAnnotator(name.clone()), settings) {
            self.switch_annotator_now(name, settings);
        }
    }

    fn switch_annotator_now(&mut self, name: Option<String>, settings: &mut Settings) {
        settings.annotator = name;
        // The setting is what the user chose now; the command line's choice gives way.
        self.annotator_override = None;
        self.adjudicating = false;
        let annotator = self.annotator(settings);
        if let Some(folder) = &self.folder {
            let root = folder.root().to_owned();
            let filter = folder.filter().clone();
            if let Ok(mut reopened) = Folder::open(&root, annotator.as_deref()) {
                reopened.set_filter(filter);
                self.folder = Some(reopened);
            }
        }
        if let Some(source) = self.session.as_ref().map(|s| s.doc.source_path.clone()) {
            self.discard_confirmed = false;
            self.open_article(&source, settings);
        }
    }

    // ----------------------------------------------------------------------------------------
    // Saving

    /// Saves the open article's set; `true` when it is on disk.
    pub fn save(&mut self) -> bool {
        let Some(session) = &mut self.session else {
            return true;
        };
        match session.doc.save() {
            Ok(()) => {
                self.saves += 1;
                session.save_error = None;
                session.last_failed_save = None;
                session.message = Some(format!("Saved {}", session.doc.annotation_path.display()));
                if let Some(folder) = &mut self.folder {
                    folder.update(
                        &session.doc.source_path,
                        session.doc.set().status,
                        session.doc.set().annotations.len(),
                    );
                }
                true
            }
            Err(err) => {
                session.save_error = Some(err.to_string());
                session.last_failed_save = Some(self.now);
                false
            }
        }
    }

    pub fn save_as(&mut self, path: &Path) {
        let Some(session) = &mut self.session else {
            return;
        };
        if path != session.doc.annotation_path && path.exists() {
            // Another file is never replaced without asking.
            self.ask_overwrite = Some(path.to_owned());
            return;
        }
        self.save_as_now(path);
    }

    /// The user answered "replace it?" for Save As.
    pub fn answer_overwrite(&mut self, replace: bool) {
        if let Some(path) = self.ask_overwrite.take()
            && replace
        {
            self.save_as_now(&path);
        }
    }

    fn save_as_now(&mut self, path: &Path) {
        let Some(session) = &mut self.session else {
            return;
        };
        match session.doc.save_as(path) {
            Ok(()) => {
                session.save_error = None;
                session.last_failed_save = None;
                session.message = Some(match crate::store::source_of(path) {
                    Some(_) => format!("Saved as {}", path.display()),
                    // A backup, or a rescue when the set's own file cannot be written: said
                    // plainly, since the article will not find it by itself.
                    None => format!(
                        "Saved as {}, a name no article reads a set by: saves now go there; to label with it again, name it {}",
                        path.file_name().unwrap_or_default().to_string_lossy(),
                        crate::store::annotation_path(
                            &session.doc.source_path,
                            session.doc.set().annotator.as_deref()
                        )
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                    ),
                });
            }
            Err(err) => session.save_error = Some(err.to_string()),
        }
    }

    /// Saves when an edit is older than the autosave delay; returns how long until the next
    /// save is due, if one is waiting.
    pub fn autosave(&mut self, settings: &Settings) -> Option<Duration> {
        let now = self.now;
        let session = self.session.as_mut()?;
        if session.seen_revision != session.doc.revision() {
            session.seen_revision = session.doc.revision();
            session.last_change = now;
        }
        if !settings.autosave || !session.doc.is_dirty() || session.doc.waits_for_user() {
            return None;
        }
        let due = match session.last_failed_save {
            Some(failed) => failed + AUTOSAVE_RETRY.as_secs_f64(),
            None => session.last_change + AUTOSAVE_DELAY.as_secs_f64(),
        };
        if now >= due {
            self.save();
            None
        } else {
            Some(Duration::from_secs_f64((due - now).max(0.05)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of three articles; `b.txt` has a set marked Done.
    fn folder() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("corpus");
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["a.txt", "b.txt", "c.txt"] {
            std::fs::write(dir.join(name), format!("Text of {name}, said nobody.\n")).unwrap();
        }
        let mut b = Document::open(&dir.join("b.txt"), None).unwrap();
        b.set_status(Status::Done).unwrap();
        b.save().unwrap();
        (tmp, dir)
    }

    /// An edit: the first word labelled as a claim.
    fn label_first_word(w: &mut Workspace) {
        let session = w.session.as_mut().unwrap();
        session
            .doc
            .label_span(0..4, "claim", &Default::default())
            .unwrap();
    }

    fn open_name(w: &Workspace) -> String {
        w.session
            .as_ref()
            .map(|s| s.file_name())
            .unwrap_or_default()
    }

    #[test]
    fn done_and_next_skips_done_articles_and_saves() {
        let (_tmp, dir) = folder();
        let mut settings = Settings::default();
        let mut w = Workspace::new(None);
        w.request_open(dir.clone(), &mut settings);
        assert_eq!(open_name(&w), "a.txt");
        assert_eq!(w.title(), "a.txt — corpus — press-annotate");
        w.done_and_next(&mut settings);
        assert_eq!(open_name(&w), "c.txt");
        let a = store::load(&dir.join("a.txt"), None).unwrap();
        assert_eq!(a.set.status, Status::Done);
        w.step(false, &mut settings);
        assert_eq!(open_name(&w), "b.txt");
    }

    #[test]
    fn with_autosave_off_leaving_asks_and_the_answer_decides() {
        let (_tmp, dir) = folder();
        let mut settings = Settings {
            autosave: false,
            ..Settings::default()
        };
        let mut w = Workspace::new(None);
        w.request_open(dir.join("a.txt"), &mut settings);
        label_first_word(&mut w);
        // Closing the window asks (the user cancels).
        assert!(!w.may_close(&settings));
        assert_eq!(w.ask_unsaved.take(), Some(AfterUnsaved::Close));
        // Opening another article asks; nothing changes until answered.
        w.request_open(dir.join("c.txt"), &mut settings);
        assert_eq!(open_name(&w), "a.txt");
        assert_eq!(w.ask_unsaved, Some(AfterUnsaved::Open(dir.join("c.txt"))));
        // Save: the set is written, then c opens.
        let after = w.answer_unsaved(true).unwrap();
        w.continue_after(after, &mut settings);
        assert_eq!(open_name(&w), "c.txt");
        assert_eq!(
            store::load(&dir.join("a.txt"), None)
                .unwrap()
                .set
                .annotations
                .len(),
            1
        );
        // Don't save: the edits are dropped, the file stays as it was.
        label_first_word(&mut w);
        w.request_open(dir.join("a.txt"), &mut settings);
        let after = w.answer_unsaved(false).unwrap();
        w.continue_after(after, &mut settings);
        assert_eq!(open_name(&w), "a.txt");
        assert!(!store::annotation_path(&dir.join("c.txt"), None).exists());
    }

    #[test]
    fn autosave_waits_for_the_delay_then_saves() {
        let (_tmp, dir) = folder();
        let mut settings = Settings::default();
        let mut w = Workspace::new(None);
        w.request_open(dir.join("c.txt"), &mut settings);
        label_first_word(&mut w);
        w.now = 10.0;
        assert!(w.autosave(&settings).is_some());
        w.now = 10.5;
        assert!(w.autosave(&settings).is_some());
        assert!(w.document().unwrap().is_dirty());
        w.now = 10.0 + AUTOSAVE_DELAY.as_secs_f64();
        assert!(w.autosave(&settings).is_none());
        assert!(!w.document().unwrap().is_dirty());
    }

    #[test]
    fn an_article_that_cannot_be_opened_leaves_the_open_one_as_it_is() {
        let (_tmp, dir) = folder();
        let mut settings = Settings::default();
        let mut w = Workspace::new(None);
        w.request_open(dir.join("a.txt"), &mut settings);
        std::fs::write(dir.join("c.txt.annotations.ron"), "(broken").unwrap();
        w.request_open(dir.join("c.txt"), &mut settings);
        assert_eq!(open_name(&w), "a.txt");
        assert!(
            w.open_errors
                .as_deref()
                .unwrap()
                .contains("c.txt.annotations.ron")
        );
        w.request_open(dir.join("missing.txt"), &mut settings);
        assert_eq!(open_name(&w), "a.txt");
        assert_eq!(
            std::fs::read_to_string(dir.join("c.txt.annotations.ron")).unwrap(),
            "(broken"
        );
    }
}
