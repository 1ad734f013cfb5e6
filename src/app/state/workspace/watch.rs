//! Watching the disk: the open set's file, and its article, looked at every second (and when
//! the window gains the focus), so that what another program wrote is taken in (see
//! [`crate::document::on_disk`]).

use std::time::Duration;

use crate::app::state::settings::Settings;
use crate::app::state::workspace::Workspace;

/// How often the open set's file is looked at for changes made by other programs (also
/// whenever the window gains focus).
pub const DISK_CHECK_EVERY: Duration = Duration::from_secs(1);

impl Workspace {
    /// Looks at the open set's file every [`DISK_CHECK_EVERY`] (and at once when `now_anyway`,
    /// say the window just gained focus) and takes in what another program changed: reloaded,
    /// merged with the edits here, or conflicts opened (the session's message says which).
    /// Returns how long until the next look.
    pub fn watch_disk(&mut self, now_anyway: bool, settings: &mut Settings) -> Option<Duration> {
        let now = self.now;
        let session = self.session.as_mut()?;
        let due = self
            .last_disk_check
            .is_none_or(|last| now - last >= DISK_CHECK_EVERY.as_secs_f64() || now < last);
        if !(due || now_anyway) {
            let last = self.last_disk_check.unwrap_or(now);
            return Some(Duration::from_secs_f64(
                (last + DISK_CHECK_EVERY.as_secs_f64() - now).max(0.05),
            ));
        }
        self.last_disk_check = Some(now);
        if session.doc.article_changed_on_disk() {
            if session.doc.is_dirty() {
                let told = "The article changed on disk: save your edits (Ctrl+S), then it is opened again and your annotations re-anchored";
                if session.message.as_deref() != Some(told) {
                    session.message = Some(told.to_owned());
                }
            } else {
                let source = session.doc.source_path.clone();
                if !self.open_article(&source, settings) {
                    // What is open stays, with why the new text could not be read.
                    if let Some(session) = &mut self.session {
                        session.doc.article_change_told();
                        session.message = Some(
                            "The article changed on disk and cannot be read now; what is open stays"
                                .to_owned(),
                        );
                    }
                } else if let Some(session) = &mut self.session
                    && session.message.is_none()
                {
                    session.message = Some(
                        "The article changed on disk: opened again, every annotation where it was"
                            .to_owned(),
                    );
                }
            }
            return Some(DISK_CHECK_EVERY);
        }
        let change = session.doc.check_disk();
        if let Some(message) = change.message() {
            session.after_disk_change();
            session.message = Some(message);
            if let Some(folder) = &mut self.folder {
                folder.update(
                    &session.doc.source_path,
                    session.doc.set().status,
                    session.doc.set().annotations.len(),
                );
            }
        }
        Some(DISK_CHECK_EVERY)
    }
}
