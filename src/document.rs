//! A document: one article open with its annotation set, its undo history and whether it has
//! unsaved changes. The window and the tests drive it the same way: build one, apply edits,
//! save. Nothing here knows about the UI.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::edit::{Edit, EditError};
use crate::error::{FileError, FileErrors};
use crate::history::{Change, History, Target};
use crate::merge::Conflict;
use crate::model::{Annotation, AnnotationSet, Place, Relation, Status};
use crate::reanchor::ReanchorReport;

/// Above this many places, [`Document::accept_suggestions`] takes them in one linear batch
/// (undone as one replacement of the set's content) instead of edit by edit.
const BULK_ACCEPT_ABOVE: usize = 256;
use crate::rejections::Rejections;
use crate::schema::Schema;
use crate::store::{self, Loaded};
use crate::text::Article;

pub mod on_disk;

/// What a file looked like when last seen: size and modification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl DiskStamp {
    /// The stamp of the file at `path`; `None` when there is no such file.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// How long a save from the window waits for another writer of the set to finish.
const SAVE_LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Why a labeling action was refused; the document is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    #[error("select some text first")]
    EmptySelection,
    #[error("the selection is outside the text")]
    OutOfRange,
    #[error("{0}")]
    Schema(String),
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    NoIdLeft(#[from] crate::model::NoIdLeft),
}

/// Why a change could not be made or kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    /// Nothing changed.
    #[error(transparent)]
    Edit(#[from] EditError),
    /// The change is made (and can be undone), but the rejections file could not be written;
    /// the next save tries again.
    #[error("done for now, but not remembered: {0}")]
    RejectionsNotSaved(FileError),
}

/// The undo history of a document that was left saved, kept so that it can be resumed when
/// the same set is opened again unchanged (switching articles in a folder and coming back).
#[derive(Clone, Debug)]
pub struct SavedHistory {
    annotation_path: PathBuf,
    file_sha256: String,
    history: History,
}

impl SavedHistory {
    /// The annotation file this history belongs to.
    pub fn annotation_path(&self) -> &Path {
        &self.annotation_path
    }
}

#[derive(Clone, Debug)]
pub struct Document {
    pub source_path: PathBuf,
    pub annotation_path: PathBuf,
    pub article: Article,
    pub schema: Schema,
    /// What re-anchoring did when the document was opened.
    pub report: ReanchorReport,
    set: AnnotationSet,
    history: History,
    /// Bumped by every change to the set; views key their caches on it.
    revision: u64,
    saved_revision: u64,
    /// SHA-256 of the annotation file as last loaded or saved (`None`: not on disk yet).
    file_sha256: Option<String>,
    /// Where each annotation and orphan id sits, rebuilt after every change (the window
    /// looks annotations up by id every frame).
    index: HashMap<u64, (Place, usize)>,
    /// The rejections remembered beside the set (suggestions, adjudication's disagreements);
    /// changed through the history like the set, written at once.
    rejections: Rejections,
    /// Why the rejections file could not be read (it is then never overwritten).
    rejections_problem: Option<FileError>,
    /// Bumped by every change to the rejections.
    rejections_revision: u64,
    /// A change to the rejections that could not be written yet.
    rejections_unsaved: bool,
    /// The set as its file held it when last loaded or saved: the base of a merge with what
    /// another program wrote since.
    base: AnnotationSet,
    /// Size and time of the file when last seen (`None`: no file).
    disk_stamp: Option<DiskStamp>,
    /// Why the file on disk cannot be read now (it is then never overwritten).
    disk_problem: Option<String>,
    /// The file was deleted on disk while open; only an explicit save writes it back.
    deleted_on_disk: bool,
    /// Conflicts of a merge with the disk's set, open until each is settled (changed through
    /// the history, like the set).
    conflicts: Vec<Conflict>,
    /// Size and time of the article's file when read.
    article_stamp: Option<DiskStamp>,
    /// The article's file changed since it was read (see
    /// [`Document::article_changed_on_disk`]).
    article_changed: bool,
    /// Conflicts were recorded beside the file (by `press-annotate merge`) when it was
    /// opened: the record goes once they are settled and the set is saved.
    conflicts_recorded: bool,
    /// The window's last merge that left conflicts: mine as it was before, and what the merge
    /// made of it ("Keep mine" merges back from the one to the other to drop their change).
    merged_from: Option<Box<(AnnotationSet, AnnotationSet)>>,
}

impl Document {
    /// Opens an article (and its set for `annotator`, or an empty one).
    pub fn open(source: &Path, annotator: Option<&str>) -> Result<Self, FileErrors> {
        store::load(source, annotator).map(Self::from_loaded)
    }

    pub fn from_loaded(loaded: Loaded) -> Self {
        // A re-anchored set differs from its file: it is unsaved until written back.
        let saved_revision = if loaded.report.source_changed {
            u64::MAX
        } else {
            0
        };
        let base = loaded.set.clone();
        let mut doc = Self {
            source_path: loaded.source_path,
            annotation_path: loaded.annotation_path,
            article: loaded.article,
            schema: loaded.schema,
            report: loaded.report,
            set: loaded.set,
            history: History::default(),
            revision: 0,
            saved_revision,
            file_sha256: loaded.file_sha256,
            index: HashMap::new(),
            rejections: Rejections::default(),
            rejections_problem: None,
            rejections_revision: 0,
            rejections_unsaved: false,
            base,
            disk_stamp: None,
            disk_problem: None,
            deleted_on_disk: false,
            conflicts: Vec::new(),
            conflicts_recorded: false,
            merged_from: None,
            article_stamp: None,
            article_changed: false,
        };
        doc.article_stamp = DiskStamp::of(&doc.source_path);
        doc.disk_stamp = DiskStamp::of(&doc.annotation_path);
        match crate::merge::load_conflicts(&doc.annotation_path) {
            Ok(conflicts) => {
                crate::merge::note_conflict_ids(&mut doc.set, &conflicts);
                doc.conflicts_recorded = !conflicts.is_empty();
                doc.conflicts = conflicts;
            }
            Err(err) => doc.disk_problem = Some(err.to_string()),
        }
        match Rejections::load(&doc.annotation_path) {
            Ok(rejections) => doc.rejections = rejections,
            Err(err) => doc.rejections_problem = Some(err),
        }
        doc.reindex();
        doc
    }

    fn reindex(&mut self) {
        self.index.clear();
        for (i, a) in self.set.annotations.iter().enumerate() {
            self.index.insert(a.id, (Place::Annotations, i));
        }
        for (i, a) in self.set.orphans.iter().enumerate() {
            self.index.insert(a.id, (Place::Orphans, i));
        }
    }

    /// The annotation or orphan with `id` (constant time).
    pub fn find(&self, id: u64) -> Option<(Place, &Annotation)> {
        let &(place, i) = self.index.get(&id)?;
        let list = match place {
            Place::Annotations => &self.set.annotations,
            Place::Orphans => &self.set.orphans,
        };
        list.get(i).filter(|a| a.id == id).map(|a| (place, a))
    }

    /// The annotation set (read-only: every change goes through [`Document::apply`]).
    pub fn set(&self) -> &AnnotationSet {
        &self.set
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether there are changes not yet on disk.
    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision || self.rejections_unsaved
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// The rejections remembered for this set.
    pub fn rejections(&self) -> &Rejections {
        &self.rejections
    }

    /// Bumped by every change to the rejections (views key their caches on it).
    pub fn rejections_revision(&self) -> u64 {
        self.rejections_revision
    }

    /// Why the rejections file could not be read, if it could not.
    pub fn rejections_problem(&self) -> Option<&FileError> {
        self.rejections_problem.as_ref()
    }

    /// Applies an edit and records it for undo.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        match self.change(Change::Edit(edit)) {
            Ok(()) => Ok(()),
            Err(ChangeError::Edit(err)) => Err(err),
            // An edit of the set alone writes no rejections.
            Err(ChangeError::RejectionsNotSaved(_)) => Ok(()),
        }
    }

    /// Makes a change (of the set, the rejections or both) and records it for undo. The first
    /// edit of a `Todo` set also moves it to `InProgress`, in the same change (so that the
    /// folder shows which articles are started, and undo takes both back).
    pub fn change(&mut self, change: Change) -> Result<(), ChangeError> {
        let change =
            if self.set.status == Status::Todo && change.edits_set() && !change.sets_status() {
                Change::Steps(vec![
                    change,
                    Change::Edit(Edit::SetStatus {
                        old: Status::Todo,
                        new: Status::InProgress,
                    }),
                ])
            } else {
                change
            };
        let mut target = Target {
            set: &mut self.set,
            rejections: &mut self.rejections,
            conflicts: &mut self.conflicts,
        };
        self.history.apply(&mut target, change)?;
        let done = self.history.last().cloned();
        self.after(done.as_ref())
    }

    /// Undoes the last change; `false` if there was none.
    pub fn undo(&mut self) -> Result<bool, ChangeError> {
        let mut target = Target {
            set: &mut self.set,
            rejections: &mut self.rejections,
            conflicts: &mut self.conflicts,
        };
        let done = self.history.undo(&mut target)?.cloned();
        self.after(done.as_ref())?;
        Ok(done.is_some())
    }

    /// Redoes the last undone change; `false` if there was none.
    pub fn redo(&mut self) -> Result<bool, ChangeError> {
        let mut target = Target {
            set: &mut self.set,
            rejections: &mut self.rejections,
            conflicts: &mut self.conflicts,
        };
        let done = self.history.redo(&mut target)?.cloned();
        self.after(done.as_ref())?;
        Ok(done.is_some())
    }

    /// After a change was applied, undone or redone: revisions, the index, and the
    /// rejections written at once.
    fn after(&mut self, change: Option<&Change>) -> Result<(), ChangeError> {
        let Some(change) = change else {
            return Ok(());
        };
        if change.edits_set() {
            self.revision += 1;
            self.reindex();
        }
        if change.changes_rejections() {
            self.rejections_revision += 1;
            self.rejections_unsaved = true;
            self.save_rejections()
                .map_err(ChangeError::RejectionsNotSaved)?;
        }
        Ok(())
    }

    /// Writes the rejections beside the set, if they changed since they were written.
    fn save_rejections(&mut self) -> Result<(), FileError> {
        if !self.rejections_unsaved {
            return Ok(());
        }
        self.rejections.save(&self.annotation_path)?;
        self.rejections_unsaved = false;
        Ok(())
    }

    /// Labels `range` with `label`: the schema's default attributes, overridden by `chosen`.
    /// Returns the new annotation's id.
    pub fn label_span(
        &mut self,
        range: Range<usize>,
        label: &str,
        chosen: &BTreeMap<String, String>,
    ) -> Result<u64, LabelError> {
        if range.start >= range.end {
            return Err(LabelError::EmptySelection);
        }
        if range.end > self.article.len_chars() {
            return Err(LabelError::OutOfRange);
        }
        let attributes = self.schema.default_attributes(label, chosen);
        if let Some(problem) = self.schema.check_span(label, &attributes) {
            return Err(LabelError::Schema(problem));
        }
        if self.set.has_span(label, range.start, range.end) {
            return Err(EditError::DuplicateSpan {
                label: label.to_owned(),
                start: range.start,
                end: range.end,
            }
            .into());
        }
        let id = self.set.allocate_id()?;
        let annotation = Annotation {
            id,
            label: label.to_owned(),
            start: range.start,
            end: range.end,
            text: self.article.slice(range).to_owned(),
            attributes,
            note: None,
            annotators: Vec::new(),
            suggested: None,
        };
        self.apply(Edit::Add {
            place: Place::Annotations,
            annotation,
            relations: Vec::new(),
        })?;
        Ok(id)
    }

    /// Accepts a suggestion as one undoable edit: its span, and for a quote with a speaker the
    /// speaker's entity (unless it is annotated already) and the speaker relation.
    pub fn accept_suggestion(
        &mut self,
        suggestion: &crate::suggest::Suggestion,
    ) -> Result<(), LabelError> {
        let edit =
            crate::suggest::edit_to_accept(&mut self.set, &self.article, &self.schema, suggestion)
                .map_err(|e| match e {
                    crate::suggest::accept::AcceptError::OutOfRange => LabelError::OutOfRange,
                    other => LabelError::Schema(other.to_string()),
                })?;
        self.apply(edit)?;
        Ok(())
    }

    /// Accepts several suggestions as one undoable edit; each is taken against the set the
    /// ones before it left (a speaker two quotes share becomes one entity, linked by both),
    /// and those that no longer fit (the same span twice) are left out. Returns how many
    /// places were accepted (a propagated text counts each place it labels).
    pub fn accept_suggestions(
        &mut self,
        list: &[crate::suggest::Suggestion],
    ) -> Result<usize, LabelError> {
        let places: usize = list
            .iter()
            .map(crate::suggest::Suggestion::place_count)
            .sum();
        if places > BULK_ACCEPT_ABOVE {
            // Many places (a propagated text that recurs all over a long article): accepted
            // in one linear batch, the same ids and result as one by one, and undone as one
            // replacement of the set's content.
            let mut scratch = self.set.clone();
            let accepted =
                crate::suggest::accept_all(&mut scratch, &self.article, &self.schema, list)
                    .map_err(|e| LabelError::Schema(e.to_string()))?;
            let n = places - accepted.refused.values().sum::<usize>();
            if n > 0 {
                self.apply(Edit::Replace {
                    old: Box::new(self.set.content()),
                    new: Box::new(scratch.content()),
                })?;
                self.set.note_ids_used(scratch.first_free_id());
            }
            return Ok(n);
        }
        let mut scratch = self.set.clone();
        let mut edits = Vec::new();
        let mut n = 0;
        for suggestion in list {
            let edit = match crate::suggest::edit_to_accept(
                &mut scratch,
                &self.article,
                &self.schema,
                suggestion,
            ) {
                Ok(edit) => edit,
                // No id left: none of them is accepted (never half of them).
                Err(crate::suggest::AcceptError::NoIdLeft(err)) => return Err(err.into()),
                Err(_) => continue,
            };
            if edit.apply(&mut scratch).is_ok() {
                n += match &edit {
                    Edit::Batch(places) if !suggestion.more_starts.is_empty() => places.len(),
                    _ => 1,
                };
                edits.push(edit);
            }
        }
        if !edits.is_empty() {
            self.apply(Edit::Batch(edits))?;
            // The ids handed out stay handed out, after an undo too.
            self.set.note_ids_used(scratch.first_free_id());
        }
        Ok(n)
    }

    /// Takes a colleague's version of one difference into this set, as one undoable edit
    /// ([`crate::compare::take_theirs`]).
    pub fn take_theirs(
        &mut self,
        theirs: &AnnotationSet,
        difference: &crate::compare::Difference,
    ) -> Result<(), crate::compare::TakeError> {
        let edit = crate::compare::take_theirs(&mut self.set, theirs, difference)?;
        self.apply(edit)?;
        Ok(())
    }

    /// Takes a colleague's version of every difference, as one undoable edit; how many were
    /// taken and the first reason one could not be.
    pub fn take_all_theirs(
        &mut self,
        theirs: &AnnotationSet,
        list: &[crate::compare::Difference],
    ) -> Result<(usize, Option<crate::compare::TakeError>), crate::compare::TakeError> {
        let mut scratch = self.set.clone();
        let (edit, n, problem) = crate::compare::take_all_theirs(&scratch, theirs, list)?;
        if let Some(edit) = edit {
            // The ids it handed out stay handed out, after an undo too.
            edit.apply(&mut scratch)?;
            self.apply(edit)?;
            self.set.note_ids_used(scratch.first_free_id());
        }
        Ok((n, problem))
    }

    /// Removes an annotation or orphan and its relations.
    pub fn delete(&mut self, id: u64) -> Result<(), EditError> {
        let edit = Edit::remove(&self.set, id).ok_or(EditError::NoSuchAnnotation(id))?;
        self.apply(edit)
    }

    /// Sets one attribute of an annotation (checked against the schema).
    pub fn set_attribute(&mut self, id: u64, name: &str, value: &str) -> Result<(), LabelError> {
        let (_, a) = self.set.find(id).ok_or(EditError::NoSuchAnnotation(id))?;
        let mut attributes = a.attributes.clone();
        attributes.insert(name.to_owned(), value.to_owned());
        if let Some(problem) = self.schema.check_span(&a.label, &attributes) {
            return Err(LabelError::Schema(problem));
        }
        if a.attributes.get(name).map(String::as_str) == Some(value) {
            return Ok(());
        }
        let edit = Edit::set_attribute(&self.set, id, name, Some(value.to_owned()))
            .ok_or(EditError::NoSuchAnnotation(id))?;
        Ok(self.apply(edit)?)
    }

    /// Changes an annotation's label; attributes the new label does not have are dropped and
    /// the ones it has get their defaults unless already set.
    pub fn relabel(&mut self, id: u64, label: &str) -> Result<(), LabelError> {
        let (_, a) = self.set.find(id).ok_or(EditError::NoSuchAnnotation(id))?;
        if a.label == label {
            return Ok(());
        }
        let Some(new_label) = self.schema.label(label) else {
            return Err(LabelError::Schema(format!(
                "label \"{label}\" is not in the schema"
            )));
        };
        let kept: BTreeMap<String, String> = a
            .attributes
            .iter()
            .filter(|(name, value)| {
                new_label
                    .attributes
                    .iter()
                    .any(|at| &at.name == *name && at.values.contains(value))
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        // Its relations must still fit the schema with the new label.
        for r in self.set.relations_of(id) {
            let label_of = |end: u64| {
                if end == id {
                    Some(label)
                } else {
                    self.set.find(end).map(|(_, a)| a.label.as_str())
                }
            };
            if let (Some(from), Some(to)) = (label_of(r.from), label_of(r.to)) {
                crate::rules::relation_ends(&self.schema, &r.label, from, to).map_err(|m| {
                    LabelError::Schema(format!(
                        "annotation {id} is in relation {} and {m}; remove the relation first",
                        r.id
                    ))
                })?;
            }
        }
        let attributes = self.schema.default_attributes(label, &kept);
        let edit = Edit::relabel(&self.set, id, label, attributes)
            .ok_or(EditError::NoSuchAnnotation(id))?;
        Ok(self.apply(edit)?)
    }

    /// Renames every annotation (and orphan) labelled `old` to `new`, keeping its attributes,
    /// as one edit that undoes as one; returns how many changed. The schema edited in the
    /// window uses it for the open article (the other sets are rewritten on disk).
    pub fn rename_label(&mut self, old: &str, new: &str) -> Result<usize, EditError> {
        let edits: Vec<Edit> = self
            .set
            .annotations
            .iter()
            .chain(&self.set.orphans)
            .filter(|a| a.label == old)
            .filter_map(|a| Edit::relabel(&self.set, a.id, new, a.attributes.clone()))
            .collect();
        let n = edits.len();
        if n > 0 {
            self.apply(Edit::Batch(edits))?;
        }
        Ok(n)
    }

    /// Puts another schema in force (the schema editor changed the folder's).
    pub fn set_schema(&mut self, schema: Schema) {
        // Views key their caches (colours, keys) on the revision: bump it, without making a
        // saved document look unsaved (the set itself did not change).
        let was_dirty = self.is_dirty();
        self.schema = schema;
        self.revision += 1;
        if !was_dirty {
            self.saved_revision = self.revision;
        }
    }

    /// Sets or clears (empty text) an annotation's note.
    pub fn set_note(&mut self, id: u64, note: &str) -> Result<(), EditError> {
        let new = (!note.is_empty()).then(|| note.to_owned());
        let (_, a) = self.set.find(id).ok_or(EditError::NoSuchAnnotation(id))?;
        if a.note == new {
            return Ok(());
        }
        let edit = Edit::set_note(&self.set, id, new).ok_or(EditError::NoSuchAnnotation(id))?;
        self.apply(edit)
    }

    /// Links two annotations with a relation label; returns the relation's id.
    pub fn relate(&mut self, label: &str, from: u64, to: u64) -> Result<u64, LabelError> {
        if self.schema.relation(label).is_none() {
            return Err(LabelError::Schema(format!(
                "relation \"{label}\" is not in the schema"
            )));
        }
        let label_of = |id: u64| self.set.find(id).map(|(_, a)| a.label.as_str());
        if let (Some(from_label), Some(to_label)) = (label_of(from), label_of(to)) {
            crate::rules::relation_ends(&self.schema, label, from_label, to_label)
                .map_err(LabelError::Schema)?;
        }
        let id = self.set.allocate_id()?;
        self.apply(Edit::AddRelation(Relation {
            id,
            label: label.to_owned(),
            from,
            to,
        }))?;
        Ok(id)
    }

    /// Removes a relation.
    pub fn unrelate(&mut self, id: u64) -> Result<(), EditError> {
        let relation = self
            .set
            .relations
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .ok_or(EditError::NoSuchRelation(id))?;
        self.apply(Edit::RemoveRelation(relation))
    }

    pub fn set_status(&mut self, status: Status) -> Result<(), EditError> {
        if self.set.status == status {
            return Ok(());
        }
        self.apply(Edit::SetStatus {
            old: self.set.status,
            new: status,
        })
    }

    /// Puts orphan `id` back into the text at `range`.
    pub fn reattach(&mut self, id: u64, range: Range<usize>) -> Result<(), LabelError> {
        if range.start >= range.end {
            return Err(LabelError::EmptySelection);
        }
        if range.end > self.article.len_chars() {
            return Err(LabelError::OutOfRange);
        }
        let text = self.article.slice(range.clone()).to_owned();
        let edit = Edit::reattach(&self.set, id, range.start, range.end, text)
            .ok_or(EditError::NoSuchAnnotation(id))?;
        Ok(self.apply(edit)?)
    }

    /// Moves annotation `id`'s ends to `range` (widened to whole grapheme clusters), as one
    /// undoable edit; its relations stay attached. Refused, changing nothing, when the range is
    /// empty or outside the text, or the same label already spans it.
    pub fn resize(&mut self, id: u64, range: Range<usize>) -> Result<(), LabelError> {
        if range.end > self.article.len_chars() {
            return Err(LabelError::OutOfRange);
        }
        let range = self.article.snap_to_graphemes(range);
        if range.start >= range.end {
            return Err(LabelError::EmptySelection);
        }
        let a = self
            .set
            .annotation(id)
            .ok_or(EditError::NoSuchAnnotation(id))?;
        if (a.start, a.end) == (range.start, range.end) {
            return Ok(());
        }
        if self.set.has_span(&a.label, range.start, range.end) {
            return Err(EditError::DuplicateSpan {
                label: a.label.clone(),
                start: range.start,
                end: range.end,
            }
            .into());
        }
        let text = self.article.slice(range.clone()).to_owned();
        let edit = Edit::resize(&self.set, id, range.start, range.end, text)
            .ok_or(EditError::NoSuchAnnotation(id))?;
        Ok(self.apply(edit)?)
    }

    /// A span the schema in force does not allow (after a schema change and an undo), which
    /// would make the file unreadable: such a set is not written.
    fn unsavable(&self, path: &Path) -> Result<(), FileError> {
        for a in self.set.annotations.iter().chain(&self.set.orphans) {
            if let Some(problem) = self.schema.check_span(&a.label, &a.attributes) {
                return Err(FileError::new(
                    path,
                    format!(
                        "not saved: annotation {} (“{}”): {problem}; undo or relabel it",
                        a.id, a.text
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Saves to the annotation file, unless it changed on disk since it was loaded.
    ///
    /// If another program changed the file meanwhile, its changes are merged in first (see
    /// [`Document::check_disk`]): without conflicts the merge is saved at once; with conflicts
    /// nothing is written until they are settled.
    pub fn save(&mut self) -> Result<(), FileError> {
        self.unsavable(&self.annotation_path)?;
        // The same discipline as every writer: under the set's lock, look at the disk, merge
        // what changed there, write (the window waits a moment, never long).
        let _lock = crate::lock::lock_waiting(&self.annotation_path, SAVE_LOCK_WAIT)?;
        let _ = self.check_disk();
        if let Some(refused) = self.write_refused() {
            return Err(refused);
        }
        let sha = store::save_checked(
            &self.annotation_path,
            &self.set,
            self.file_sha256.as_deref(),
        )?;
        self.file_sha256 = Some(sha);
        self.saved_revision = self.revision;
        self.saved_as_base();
        if self.conflicts_recorded {
            crate::merge::save_conflicts(&self.annotation_path, &[])?;
            self.conflicts_recorded = false;
        }
        self.save_rejections()
    }

    /// Saves to another file (overwriting it), which becomes the document's file.
    pub fn save_as(&mut self, path: &Path) -> Result<(), FileError> {
        self.unsavable(path)?;
        // A name that says whose set of which article it is must say this set's: anything
        // else would be read back as another annotator's, or another article's, and refused.
        if let Some((source, annotator)) = store::source_of(path)
            && (annotator != self.set.annotator
                || source.file_name() != self.source_path.file_name())
        {
            let whose = |a: &Option<String>| a.clone().unwrap_or_else(|| "no annotator".into());
            return Err(FileError::new(
                path,
                format!(
                    "not saved: this name is for the set of {} by {}, and this is the set of {} by {}; choose another name",
                    source.file_name().unwrap_or_default().to_string_lossy(),
                    whose(&annotator),
                    self.source_path
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy(),
                    whose(&self.set.annotator),
                ),
            ));
        }
        if path == self.annotation_path {
            // Onto its own file: a save, which merges what changed there meanwhile.
            return self.save();
        }
        if let Some(refused) = self.write_refused().filter(|_| !self.conflicts.is_empty()) {
            return Err(refused);
        }
        let sha = store::save(path, &self.set)?;
        self.annotation_path = path.to_owned();
        self.file_sha256 = Some(sha);
        self.saved_revision = self.revision;
        self.saved_as_base();
        // The rejections go with the set to its new name.
        self.rejections_unsaved |= !self.rejections.is_empty();
        self.save_rejections()
    }

    /// The undo history, if there is one and everything is saved (what undo would change is
    /// then exactly the file on disk).
    pub fn into_saved_history(self) -> Option<SavedHistory> {
        if self.is_dirty() || !(self.can_undo() || self.can_redo()) {
            return None;
        }
        Some(SavedHistory {
            annotation_path: self.annotation_path,
            file_sha256: self.file_sha256?,
            history: self.history,
        })
    }

    /// Takes back a history left with [`Document::into_saved_history`], if this document is
    /// that same file as it was left: same path, same bytes on disk, nothing re-anchored, no
    /// edit since. `false` (and nothing changed) otherwise.
    pub fn resume_history(&mut self, saved: SavedHistory) -> bool {
        let same = saved.annotation_path == self.annotation_path
            && self.file_sha256.as_deref() == Some(saved.file_sha256.as_str())
            && !self.report.source_changed
            && self.revision == 0
            && !self.can_undo()
            && !self.can_redo();
        if same {
            self.history = saved.history;
        }
        same
    }

    /// The annotation with `id`, if it is in the text (not an orphan).
    pub fn annotation(&self, id: u64) -> Option<&Annotation> {
        match self.find(id)? {
            (Place::Annotations, a) => Some(a),
            (Place::Orphans, _) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> (tempfile::TempDir, Document) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, text).unwrap();
        let doc = Document::open(&path, None).unwrap();
        (dir, doc)
    }

    #[test]
    fn labeling_undo_redo_and_save() {
        let (_dir, mut doc) = doc("John Kerry met Sergei Lavrov.");
        assert!(!doc.is_dirty());
        let person = BTreeMap::from([("type".to_owned(), "person".to_owned())]);
        let id = doc.label_span(0..10, "entity", &person).unwrap();
        assert!(doc.is_dirty());
        assert_eq!(doc.annotation(id).unwrap().text, "John Kerry");
        assert!(doc.label_span(0..10, "entity", &person).is_err());
        doc.set_attribute(id, "type", "organization").unwrap();
        assert!(doc.set_attribute(id, "type", "planet").is_err());
        doc.undo().unwrap();
        assert_eq!(
            doc.annotation(id).unwrap().attribute("type"),
            Some("person")
        );
        doc.redo().unwrap();
        doc.save().unwrap();
        assert!(!doc.is_dirty());
        let again = Document::open(&doc.source_path, None).unwrap();
        assert_eq!(again.set(), doc.set());
    }

    #[test]
    fn no_id_left_is_an_error_not_a_panic_nor_a_wrapped_id() {
        let (_dir, mut doc) = doc("John Kerry met Sergei Lavrov.");
        let quote = doc.label_span(0..10, "quote", &BTreeMap::new()).unwrap();
        let person = BTreeMap::from([("type".to_owned(), "person".to_owned())]);
        let entity = doc.label_span(15..28, "entity", &person).unwrap();
        let mut content = doc.set().content();
        for a in &mut content.annotations {
            if a.id == quote {
                a.id = u64::MAX;
            }
        }
        doc.set.replace_content(content);
        assert_eq!(doc.set().max_id(), u64::MAX);
        let before = doc.set().clone();
        let err = doc
            .label_span(11..14, "claim", &BTreeMap::new())
            .unwrap_err();
        assert!(err.to_string().contains("no id left"), "{err}");
        let err = doc.relate("speaker", u64::MAX, entity).unwrap_err();
        assert!(err.to_string().contains("no id left"), "{err}");
        let suggestion = crate::suggest::Suggestion {
            label: "claim".into(),
            start: 11,
            end: 14,
            text: "met".into(),
            attributes: BTreeMap::new(),
            source: crate::suggest::SuggestionSource::Patterns,
            speaker: None,
            more_starts: Vec::new(),
        };
        let err = doc.accept_suggestions(&[suggestion]).unwrap_err();
        assert!(err.to_string().contains("no id left"), "{err}");
        assert_eq!(doc.set(), &before);
    }

    #[test]
    fn history_resumes_only_on_the_unchanged_file() {
        let (_dir, mut doc) = doc("one two three");
        doc.label_span(0..3, "claim", &BTreeMap::new()).unwrap();
        doc.save().unwrap();
        let path = doc.source_path.clone();
        let saved = doc.into_saved_history().unwrap();

        let mut again = Document::open(&path, None).unwrap();
        assert!(again.resume_history(saved.clone()));
        assert!(again.undo().unwrap());
        assert!(again.set().annotations.is_empty());

        // Changed on disk meanwhile (another program): the history is not taken.
        let mut other = Document::open(&path, None).unwrap();
        other.label_span(4..7, "quote", &BTreeMap::new()).unwrap();
        other.save().unwrap();
        let mut changed = Document::open(&path, None).unwrap();
        assert!(!changed.resume_history(saved));
        assert!(!changed.can_undo());

        // Unsaved edits: no history to keep.
        changed
            .label_span(8..13, "claim", &BTreeMap::new())
            .unwrap();
        assert!(changed.into_saved_history().is_none());
    }

    #[test]
    fn a_label_is_renamed_in_one_undoable_edit() {
        let (_dir, mut doc) = doc("Kerry met Lavrov in Geneva.");
        doc.label_span(0..5, "claim", &BTreeMap::new()).unwrap();
        doc.label_span(10..16, "claim", &BTreeMap::new()).unwrap();
        doc.save().unwrap();
        let mut schema = doc.schema.clone();
        schema.labels[0].name = "assertion".into();
        doc.set_schema(schema);
        assert!(!doc.is_dirty());
        assert_eq!(doc.rename_label("claim", "assertion").unwrap(), 2);
        assert!(doc.set().annotations.iter().all(|a| a.label == "assertion"));
        doc.undo().unwrap();
        assert!(doc.set().annotations.iter().all(|a| a.label == "claim"));
    }

    #[test]
    fn save_as_refuses_a_name_that_belongs_to_another_annotator_or_article() {
        let (dir, mut doc) = doc("one two three");
        let bob = store::annotation_path(&doc.source_path, Some("bob"));
        let err = doc.save_as(&bob).unwrap_err();
        assert!(err.to_string().contains("by bob"), "{err}");
        assert!(!bob.exists());
        let other = dir.path().join("b.txt.annotations.ron");
        assert!(doc.save_as(&other).is_err());
        // Any other name is fine (a backup, say).
        doc.save_as(&dir.path().join("backup.ron")).unwrap();
    }

    #[test]
    fn ids_are_not_reused_after_undo() {
        let (_dir, mut doc) = doc("one two three");
        let first = doc.label_span(0..3, "claim", &BTreeMap::new()).unwrap();
        doc.undo().unwrap();
        let second = doc.label_span(4..7, "claim", &BTreeMap::new()).unwrap();
        assert_ne!(first, second);
    }

    #[test]
    fn links_and_relabels_follow_the_schemas_relation_ends() {
        let (_dir, mut doc) = doc("Kerry said no talks.");
        let person = BTreeMap::from([("type".to_owned(), "person".to_owned())]);
        let kerry = doc.label_span(0..5, "entity", &person).unwrap();
        let quote = doc.label_span(11..19, "quote", &BTreeMap::new()).unwrap();
        let claim = doc.label_span(6..10, "claim", &BTreeMap::new()).unwrap();
        let backwards = doc.relate("speaker", kerry, quote).unwrap_err();
        assert_eq!(
            backwards.to_string(),
            "a \"speaker\" relation goes from \"quote\" to \"entity\", not from \"entity\" to \"quote\""
        );
        assert!(doc.relate("speaker", claim, kerry).is_err());
        assert!(
            doc.set().relations.is_empty(),
            "a refused link changes nothing"
        );
        let link = doc.relate("speaker", quote, kerry).unwrap();
        // The quote cannot become a claim while it is a speaker relation's quote.
        let refused = doc.relabel(quote, "claim").unwrap_err().to_string();
        assert!(refused.contains(&format!("relation {link}")), "{refused}");
        assert_eq!(doc.annotation(quote).unwrap().label, "quote");
        doc.unrelate(link).unwrap();
        doc.relabel(quote, "claim").unwrap();
        doc.save().unwrap();
    }

    #[test]
    fn a_file_changed_on_disk_is_not_overwritten() {
        let (_dir, mut doc) = doc("one two three");
        doc.label_span(0..3, "claim", &BTreeMap::new()).unwrap();
        std::fs::write(&doc.annotation_path, "someone else's work").unwrap();
        assert!(doc.save().is_err());
        assert_eq!(
            std::fs::read_to_string(&doc.annotation_path).unwrap(),
            "someone else's work"
        );
        assert!(doc.is_dirty());
    }
}
