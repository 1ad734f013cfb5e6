//! The annotation set: the data of one `*.annotations.ron` file and nothing else.
//!
//! Field names and shapes follow `docs/FORMAT.md` exactly; [`crate::canonical`] writes them back
//! in the canonical layout and [`crate::validate`] checks them against the source and schema.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The newest annotation file format this version reads and writes. Format 2 adds
/// [`Annotation::annotators`] (a gold span's provenance); a set is written in the oldest format
/// that holds it ([`AnnotationSet::written_format`]), so sets without provenance stay format 1
/// and older versions read them. Format 1 files are read too ([`crate::store::migrate`]).
pub const FORMAT_VERSION: u32 = 2;

/// The format of files that hold no [`Annotation::annotators`].
pub const FORMAT_WITHOUT_PROVENANCE: u32 = 1;

/// The annotator's own progress mark for an article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    #[default]
    Todo,
    InProgress,
    Done,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Todo, Status::InProgress, Status::Done];

    /// The name written in files (`Todo`, `InProgress`, `Done`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Todo => "Todo",
            Status::InProgress => "InProgress",
            Status::Done => "Done",
        }
    }

    /// The name shown to people.
    pub fn display_name(self) -> &'static str {
        match self {
            Status::Todo => "Todo",
            Status::InProgress => "In progress",
            Status::Done => "Done",
        }
    }

    /// The next status in the Todo → In progress → Done → Todo cycle.
    pub fn next(self) -> Status {
        match self {
            Status::Todo => Status::InProgress,
            Status::InProgress => Status::Done,
            Status::Done => Status::Todo,
        }
    }
}

/// What the set was made against: the source file's name, hash and length.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// File name relative to the annotation file's folder.
    pub file: String,
    /// Lower-case hex SHA-256 of the source's bytes when the set was last saved.
    pub sha256: String,
    /// Length of the decoded text in Unicode scalar values.
    pub chars: usize,
}

/// A labeled span of the source text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub id: u64,
    pub label: String,
    /// First char of the span (inclusive), in Unicode scalar values.
    pub start: usize,
    /// End of the span (exclusive), in Unicode scalar values.
    pub end: usize,
    /// The source text between `start` and `end`.
    pub text: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// In a gold set, the annotators whose sets hold this very span (same start, end, label
    /// and attributes), in name order; empty for spans added by hand, and in annotators'
    /// own sets. Format 2 (docs/FORMAT.md, "Gold sets").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotators: Vec<String>,
    /// In an annotator's set, the suggestion source (`quotes`, `patterns`, `propagation`)
    /// this span was accepted from, unchanged: a change to its label, attributes or extent
    /// drops it. Adjudication does not take spans that every annotator only accepted from a
    /// suggestion without a key press. Format 2 (docs/FORMAT.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested: Option<String>,
}

impl Annotation {
    /// The order annotations are written in: `(start, end, id)`.
    pub fn sort_key(&self) -> (usize, usize, u64) {
        (self.start, self.end, self.id)
    }

    /// The char range of the span.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The attribute `name`, if set.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }
}

/// A directed link between two annotations (for example a quote → who said it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub id: u64,
    pub label: String,
    pub from: u64,
    pub to: u64,
}

/// The contents of one annotation file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotationSet {
    pub format: u32,
    pub source: Source,
    #[serde(default)]
    pub annotator: Option<String>,
    #[serde(default)]
    pub status: Status,
    /// Spans, kept sorted by `(start, end, id)`.
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    /// Relations, kept sorted by `id`.
    #[serde(default)]
    pub relations: Vec<Relation>,
    /// Annotations that could not be found again after the source changed.
    #[serde(default)]
    pub orphans: Vec<Annotation>,
    /// The smallest id that may still be handed out; never goes down, so ids are not reused
    /// even after an undo.
    #[serde(skip)]
    next_id: u64,
}

/// A set's ids reach the largest number an id may be: no fresh id can be handed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "no id left: the set's ids reach {}, the largest number an id may be",
    u64::MAX
)]
pub struct NoIdLeft;

/// What a set holds, apart from which article and annotator it is of: what a reload from
/// disk or a merge replaces at once (see [`crate::edit::Edit::Replace`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetContent {
    pub status: Status,
    pub annotations: Vec<Annotation>,
    pub relations: Vec<Relation>,
    pub orphans: Vec<Annotation>,
}

/// Two sets are equal when their file contents are (the id counter is bookkeeping).
impl PartialEq for AnnotationSet {
    fn eq(&self, other: &Self) -> bool {
        self.format == other.format
            && self.source == other.source
            && self.annotator == other.annotator
            && self.status == other.status
            && self.annotations == other.annotations
            && self.relations == other.relations
            && self.orphans == other.orphans
    }
}

impl Eq for AnnotationSet {}

/// Where an annotation lives in a set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Annotations,
    Orphans,
}

impl AnnotationSet {
    /// An empty set for a source.
    pub fn new(source: Source, annotator: Option<String>) -> Self {
        Self {
            format: FORMAT_WITHOUT_PROVENANCE,
            source,
            annotator,
            status: Status::Todo,
            annotations: Vec::new(),
            relations: Vec::new(),
            orphans: Vec::new(),
            next_id: 1,
        }
    }

    /// The format the set's file is written in: the one it was read in, or 2 when a span
    /// has provenance ([`Annotation::annotators`], [`Annotation::suggested`]) that format 1
    /// cannot hold.
    pub fn written_format(&self) -> u32 {
        let provenance = self
            .annotations
            .iter()
            .chain(&self.orphans)
            .any(|a| !a.annotators.is_empty() || a.suggested.is_some());
        if provenance {
            self.format.max(2)
        } else {
            self.format
        }
    }

    /// A copy of what the set holds.
    pub fn content(&self) -> SetContent {
        SetContent {
            status: self.status,
            annotations: self.annotations.clone(),
            relations: self.relations.clone(),
            orphans: self.orphans.clone(),
        }
    }

    /// Whether the set holds exactly `content`.
    pub fn holds(&self, content: &SetContent) -> bool {
        self.status == content.status
            && self.annotations == content.annotations
            && self.relations == content.relations
            && self.orphans == content.orphans
    }

    /// Replaces what the set holds; ids it held stay used (never handed out again).
    pub fn replace_content(&mut self, content: SetContent) {
        let used = self.first_free_id();
        self.status = content.status;
        self.annotations = content.annotations;
        self.relations = content.relations;
        self.orphans = content.orphans;
        self.sort();
        self.note_ids_used(used);
        let now = self.max_id().checked_add(1);
        self.note_ids_used(now);
    }

    /// Puts annotations, orphans and relations in canonical order.
    pub fn sort(&mut self) {
        self.annotations.sort_by_key(Annotation::sort_key);
        self.orphans.sort_by_key(Annotation::sort_key);
        self.relations.sort_by_key(|r| r.id);
    }

    /// The largest id in use by an annotation, orphan or relation (0 when empty).
    pub fn max_id(&self) -> u64 {
        let spans = self.annotations.iter().chain(&self.orphans).map(|a| a.id);
        let relations = self.relations.iter().map(|r| r.id);
        spans.chain(relations).max().unwrap_or(0)
    }

    /// The first id no annotation, orphan or relation of this set has held; `None` when the
    /// largest id is `u64::MAX` (no id left).
    pub fn first_free_id(&self) -> Option<u64> {
        Some(self.next_id.max(self.max_id().checked_add(1)?))
    }

    /// Records that ids below `next` were handed out (`None`: every id was).
    pub fn note_ids_used(&mut self, next: Option<u64>) {
        self.next_id = next.unwrap_or(u64::MAX).max(self.next_id);
    }

    /// A fresh id, larger than every id this set has ever held; [`NoIdLeft`] when the set's
    /// ids reach `u64::MAX` (nothing wraps, nothing panics).
    pub fn allocate_id(&mut self) -> Result<u64, NoIdLeft> {
        let id = self.first_free_id().ok_or(NoIdLeft)?;
        self.note_ids_used(id.checked_add(1));
        Ok(id)
    }

    /// Whether any annotation, orphan or relation uses `id`.
    pub fn contains_id(&self, id: u64) -> bool {
        self.find(id).is_some() || self.relations.iter().any(|r| r.id == id)
    }

    /// The annotation or orphan with `id`, and where it is.
    pub fn find(&self, id: u64) -> Option<(Place, &Annotation)> {
        if let Some(a) = self.annotations.iter().find(|a| a.id == id) {
            return Some((Place::Annotations, a));
        }
        self.orphans
            .iter()
            .find(|a| a.id == id)
            .map(|a| (Place::Orphans, a))
    }

    /// The annotation (not orphan) with `id`.
    pub fn annotation(&self, id: u64) -> Option<&Annotation> {
        self.annotations.iter().find(|a| a.id == id)
    }

    pub(crate) fn list_mut(&mut self, place: Place) -> &mut Vec<Annotation> {
        match place {
            Place::Annotations => &mut self.annotations,
            Place::Orphans => &mut self.orphans,
        }
    }

    /// Inserts keeping `(start, end, id)` order.
    pub(crate) fn insert_sorted(&mut self, place: Place, annotation: Annotation) {
        let list = self.list_mut(place);
        let at = list.partition_point(|a| a.sort_key() < annotation.sort_key());
        list.insert(at, annotation);
    }

    /// Inserts keeping `id` order.
    pub(crate) fn insert_relation(&mut self, relation: Relation) {
        let at = self.relations.partition_point(|r| r.id < relation.id);
        self.relations.insert(at, relation);
    }

    /// The relations that start or end at annotation `id`.
    pub fn relations_of(&self, id: u64) -> impl Iterator<Item = &Relation> {
        self.relations
            .iter()
            .filter(move |r| r.from == id || r.to == id)
    }

    /// Whether an annotation with this label and range exists already.
    pub fn has_span(&self, label: &str, start: usize, end: usize) -> bool {
        let at = self
            .annotations
            .partition_point(|a| (a.start, a.end) < (start, end));
        self.annotations[at..]
            .iter()
            .take_while(|a| a.start == start && a.end == end)
            .any(|a| a.label == label)
    }

    /// Annotations overlapping the char range, in text order.
    pub fn overlapping(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = &Annotation> {
        let upto = self.annotations.partition_point(|a| a.start < range.end);
        self.annotations[..upto]
            .iter()
            .filter(move |a| a.end > range.start)
    }

    /// How many annotations carry each label.
    pub fn count_by_label(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for a in &self.annotations {
            *counts.entry(a.label.as_str()).or_insert(0) += 1;
        }
        counts
    }
}
