//! The open set and its file on disk: noticing that another program (a colleague's `git pull`,
//! `suggest --apply`, a text editor) changed, deleted or broke the file, and taking the change
//! in without losing either side's work.
//!
//! - The file changed and nothing here is unsaved: the disk's set is taken in at once, as one
//!   edit (Ctrl+Z puts back what was shown before).
//! - The file changed and edits here are unsaved: a three-way merge ([`crate::merge`]) of the
//!   set as last loaded or saved (the base), the window's set (ours) and the disk's (theirs).
//!   What merges on its own is taken in as one edit; conflicts stay open in the document
//!   (our version in the set meanwhile) until each is settled, and no save writes before.
//! - The file was deleted: the annotations stay here, unsaved, and are offered back (autosave
//!   does not write them back by itself).
//! - The file cannot be read (a half-written file, a newer format): nothing here changes and
//!   saving is refused until it can be read, so it is never overwritten.
//!
//! Checking is cheap: a file whose size and modification time did not change is not read.

use crate::document::{ChangeError, DiskStamp, Document};
use crate::edit::Edit;
use crate::error::FileError;
use crate::history::Change;
use crate::merge::{self, Conflict, Resolution};
use crate::model::AnnotationSet;
use crate::store;

/// What checking the disk found and did.
#[derive(Debug, PartialEq)]
pub enum DiskChange {
    /// The file is as last loaded or saved.
    Unchanged,
    /// Nothing was unsaved here: the disk's set is shown now. What changed, in words.
    Reloaded(String),
    /// Edits here were unsaved: the disk's changes are merged in. What came in, in words.
    Merged(String),
    /// Merged, but some changes touch what was changed here too: they wait to be settled.
    Conflicts { changes: String, open: usize },
    /// The file was deleted; the annotations here are kept, unsaved.
    Deleted,
    /// The file cannot be read now; nothing here changed, and saving waits until it can be.
    Unreadable(String),
    /// The file changed again while conflicts are open: settle them first, then it merges.
    WaitsForConflicts,
}

impl DiskChange {
    /// What the status bar says, if anything.
    pub fn message(&self) -> Option<String> {
        Some(match self {
            DiskChange::Unchanged => return None,
            DiskChange::Reloaded(changes) => {
                format!("Reloaded from disk: {changes} (Ctrl+Z puts back what was shown)")
            }
            DiskChange::Merged(changes) => {
                format!("The set changed on disk; merged with your edits: {changes}")
            }
            DiskChange::Conflicts { changes, open } => format!(
                "The set changed on disk; merged with your edits: {changes}; {open} conflict(s) to settle in the side panel before saving"
            ),
            DiskChange::Deleted => {
                "The set was deleted on disk; your annotations are kept here: Ctrl+S writes them back".to_owned()
            }
            DiskChange::Unreadable(problem) => {
                format!("The set changed on disk and cannot be read now; not overwriting it: {problem}")
            }
            DiskChange::WaitsForConflicts => {
                "The set changed on disk again: settle the open conflicts, then it is merged".to_owned()
            }
        })
    }
}

impl Document {
    /// Looks at the set's file and takes in what another program changed (see the module's
    /// documentation). Cheap when nothing changed.
    pub fn check_disk(&mut self) -> DiskChange {
        let path = self.annotation_path.clone();
        let stamp = DiskStamp::of(&path);
        if stamp.is_some() && stamp == self.disk_stamp {
            return DiskChange::Unchanged;
        }
        let bytes = match crate::bounded_read::read_io(&path, crate::bounded_read::MAX_DATA_BYTES) {
            Ok(bytes) => bytes,
            Err(e) if e.is_not_found() => return self.file_is_gone(),
            Err(e) => return self.unreadable(stamp, e.into_file_error(&path).to_string()),
        };
        let sha = store::sha256_hex(&bytes);
        if self.file_sha256.as_deref() == Some(sha.as_str()) {
            self.disk_stamp = stamp;
            self.disk_problem = None;
            return DiskChange::Unchanged;
        }
        if !self.conflicts.is_empty() {
            return DiskChange::WaitsForConflicts;
        }
        let annotator = self.set.annotator.clone();
        let theirs = match store::check_set_bytes(
            &self.source_path,
            annotator.as_deref(),
            &path,
            &bytes,
            &self.article,
            &self.set.source.sha256,
            &self.schema,
        ) {
            Ok(loaded) => loaded.set,
            Err(errors) => return self.unreadable(stamp, errors.to_string()),
        };
        self.disk_problem = None;
        let change = if self.is_dirty() {
            self.merge_in(&theirs)
        } else {
            let changes = merge::describe_changes(&self.set, &theirs);
            match self.replace_with(&theirs) {
                Ok(()) => DiskChange::Reloaded(changes),
                Err(err) => DiskChange::Unreadable(err.to_string()),
            }
        };
        if matches!(change, DiskChange::Unreadable(_)) {
            return change;
        }
        let clean = matches!(change, DiskChange::Reloaded(_));
        self.base = theirs;
        self.file_sha256 = Some(sha);
        self.disk_stamp = stamp;
        self.deleted_on_disk = false;
        if clean {
            self.saved_revision = self.revision;
        }
        change
    }

    /// Whether the article's file changed since it was read (its text is what the offsets
    /// count in, so the set is re-anchored by opening it again). Cheap while its size and
    /// time stay; an article that cannot be read now (being replaced) is not a change yet.
    pub fn article_changed_on_disk(&mut self) -> bool {
        if self.article_changed {
            return true;
        }
        let stamp = DiskStamp::of(&self.source_path);
        if stamp.is_none() || stamp == self.article_stamp {
            return false;
        }
        let Ok(bytes) =
            crate::bounded_read::read_io(&self.source_path, crate::bounded_read::MAX_ARTICLE_BYTES)
        else {
            return false;
        };
        self.article_stamp = stamp;
        self.article_changed = store::sha256_hex(&bytes) != self.set.source.sha256;
        self.article_changed
    }

    /// The article's new text could not be opened: told once, looked at again when the
    /// file changes again.
    pub fn article_change_told(&mut self) {
        self.article_changed = false;
    }

    /// The open conflicts of a merge with the disk's set, in the order they are listed.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// Settles open conflict `index` as asked, as one edit (Ctrl+Z reopens it).
    pub fn settle(&mut self, index: usize, how: Resolution) -> Result<(), SettleError> {
        let conflict = self
            .conflicts
            .get(index)
            .cloned()
            .ok_or(SettleError::NoSuchConflict)?;
        let mut settled = self.set.clone();
        merge::resolve(&mut settled, &conflict, how)?;
        let mut open = self.conflicts.clone();
        open.remove(index);
        self.settle_to(&settled, open)
    }

    /// Settles every open conflict the same way, as one edit. With [`Resolution::Both`], a
    /// status conflict (one value) keeps mine.
    pub fn settle_all(&mut self, how: Resolution) -> Result<(), SettleError> {
        let mut settled = self.set.clone();
        for conflict in &self.conflicts {
            let how = match (conflict, how) {
                (Conflict::Status { .. }, Resolution::Both) => Resolution::Mine,
                _ => how,
            };
            merge::resolve(&mut settled, conflict, how)?;
        }
        self.settle_to(&settled, Vec::new())
    }

    /// What "Keep mine" drops, in words: every change the other program made (for conflicts
    /// recorded by `press-annotate merge`, their side of each).
    pub fn keep_mine_drops(&self) -> String {
        let conflicts = format!("their side of {} conflict(s)", self.conflicts.len());
        match self.merged_from.as_deref() {
            Some((mine, merged)) if !mine.holds(&merged.content()) => {
                format!("{}, and {conflicts}", merge::describe_changes(mine, merged))
            }
            _ => conflicts,
        }
    }

    /// Keep mine: drops every change the other program made (also those that merged on their
    /// own), keeping each edit made here, as one edit; the next save writes it over the file.
    /// Conflicts recorded by `press-annotate merge` are settled mine.
    pub fn keep_mine(&mut self) -> Result<(), SettleError> {
        if self.conflicts.is_empty() {
            return Err(SettleError::NoSuchConflict);
        }
        let Some(from) = self.merged_from.clone() else {
            return self.settle_all(Resolution::Mine);
        };
        let (mine, merged) = *from;
        // Undoing their change is merging, from what the merge made, the set now (edits made
        // since stay) with mine as it was before (what they brought in goes).
        let back = merge::merge(&merged, &self.set, &mine);
        let mut settled = back.set;
        for conflict in &back.conflicts {
            merge::resolve(&mut settled, conflict, Resolution::Mine)?;
        }
        self.settle_to(&settled, Vec::new())
    }

    /// Reload theirs: the set as shown here is written to a copy beside the file (returned),
    /// then the file's set is shown, as one edit (Ctrl+Z comes back to mine). Conflicts
    /// recorded by `press-annotate merge` are settled theirs.
    pub fn reload_theirs(&mut self) -> Result<std::path::PathBuf, SettleError> {
        if self.conflicts.is_empty() {
            return Err(SettleError::NoSuchConflict);
        }
        let copy = mine_copy_path(&self.annotation_path);
        store::save(&copy, &self.set).map_err(SettleError::Copy)?;
        if self.merged_from.is_some() {
            let theirs = self.base.clone();
            self.settle_to(&theirs, Vec::new())?;
            // The set is the file's again.
            self.saved_revision = self.revision;
        } else {
            self.settle_all(Resolution::Theirs)?;
        }
        Ok(copy)
    }

    /// Makes the set hold `settled` and leaves `open` conflicts, as one change.
    fn settle_to(
        &mut self,
        settled: &AnnotationSet,
        open: Vec<Conflict>,
    ) -> Result<(), SettleError> {
        let mut steps = Vec::new();
        if !self.set.holds(&settled.content()) {
            steps.push(Change::Edit(Edit::Replace {
                old: Box::new(self.set.content()),
                new: Box::new(settled.content()),
            }));
        }
        steps.push(Change::Conflicts {
            old: self.conflicts.clone(),
            new: open,
        });
        self.change(Change::Steps(steps))?;
        Ok(())
    }

    /// Whether the set waits for the user before it may be written: a merge's conflicts are
    /// open, the file cannot be read, or it was deleted (then only an explicit save writes it
    /// back). Autosave waits; Ctrl+S says why.
    pub fn waits_for_user(&self) -> bool {
        !self.conflicts.is_empty() || self.disk_problem.is_some() || self.deleted_on_disk
    }

    /// Why the set may not be written now, if it may not.
    pub(crate) fn write_refused(&self) -> Option<FileError> {
        if !self.conflicts.is_empty() {
            return Some(FileError::new(
                &self.annotation_path,
                format!(
                    "not saved: {} merge conflict(s) with the file on disk are open; settle each in the side panel (take mine, take theirs, keep both) first",
                    self.conflicts.len()
                ),
            ));
        }
        self.disk_problem.as_ref().map(|problem| {
            FileError::new(
                &self.annotation_path,
                format!(
                    "not saved: the file changed on disk and cannot be read ({problem}); not overwriting it (Save As writes elsewhere)"
                ),
            )
        })
    }

    /// After a save: the file holds this set.
    pub(crate) fn saved_as_base(&mut self) {
        self.base = self.set.clone();
        self.disk_stamp = DiskStamp::of(&self.annotation_path);
        self.disk_problem = None;
        self.deleted_on_disk = false;
    }

    fn merge_in(&mut self, theirs: &AnnotationSet) -> DiskChange {
        let merged = merge::merge(&self.base, &self.set, theirs);
        let changes = merge::describe_changes(&self.base, theirs);
        let mine = self.set.clone();
        if let Err(err) = self.replace_with(&merged.set) {
            return DiskChange::Unreadable(err.to_string());
        }
        if merged.conflicts.is_empty() {
            return DiskChange::Merged(changes);
        }
        let open = merged.conflicts.len();
        self.merged_from = Some(Box::new((mine, merged.set.clone())));
        // The conflicts open as a change of their own, so that undoing the merge closes them.
        let _ = self.change(Change::Conflicts {
            old: Vec::new(),
            new: merged.conflicts,
        });
        DiskChange::Conflicts { changes, open }
    }

    /// Makes the set hold what `other` holds, as one edit (nothing when they are the same).
    fn replace_with(&mut self, other: &AnnotationSet) -> Result<(), ChangeError> {
        let new = other.content();
        if self.set.holds(&new) {
            return Ok(());
        }
        self.change(Change::Edit(Edit::Replace {
            old: Box::new(self.set.content()),
            new: Box::new(new),
        }))
    }

    fn file_is_gone(&mut self) -> DiskChange {
        if self.file_sha256.is_none() || self.deleted_on_disk {
            // Never saved yet, or already told.
            return DiskChange::Unchanged;
        }
        self.file_sha256 = None;
        self.disk_stamp = None;
        self.deleted_on_disk = true;
        self.saved_revision = u64::MAX;
        DiskChange::Deleted
    }

    fn unreadable(&mut self, stamp: Option<DiskStamp>, problem: String) -> DiskChange {
        // Told once per state of the file; saving stays refused until it can be read.
        let told =
            self.disk_problem.as_deref() == Some(problem.as_str()) && stamp == self.disk_stamp;
        self.disk_stamp = stamp;
        self.disk_problem = Some(problem.clone());
        if told {
            DiskChange::Unchanged
        } else {
            DiskChange::Unreadable(problem)
        }
    }
}

/// Where "Reload theirs" keeps mine: `story.txt.alice.annotations.ron` →
/// `story.txt.alice.mine-1.ron` (the first number free), beside it, a name no reader takes for
/// a set.
pub fn mine_copy_path(set_path: &std::path::Path) -> std::path::PathBuf {
    let name = set_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(store::ANNOTATION_SUFFIX).unwrap_or(&name);
    (1u32..)
        .map(|n| set_path.with_file_name(format!("{stem}.mine-{n}.ron")))
        .find(|path| std::fs::symlink_metadata(path).is_err())
        .unwrap_or_else(|| set_path.with_file_name(format!("{stem}.mine.ron")))
}

/// Why a conflict could not be settled; nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum SettleError {
    #[error("no such conflict")]
    NoSuchConflict,
    #[error(transparent)]
    Resolve(#[from] merge::ResolveError),
    #[error(transparent)]
    Change(#[from] ChangeError),
    #[error("your version could not be kept as a copy, so nothing was reloaded: {0}")]
    Copy(FileError),
}
