//! Three-way merges of annotation sets, annotation by annotation: what two annotators (or two
//! clones of a repository) did to the same set since a common base, put together.
//!
//! # What merges on its own
//!
//! Items are annotations and orphans (one kind: spans, told apart by id; whether a span is an
//! annotation or an orphan is one more of its fields) and relations. An item is the same item on
//! every side when it has the same id (docs/FORMAT.md: ids are never reused). Each item present
//! on a side is compared with the base:
//!
//! - added on one side, removed on one side, changed on one side: taken;
//! - changed on both sides: merged field by field. A span's fields are its place (annotation or
//!   orphan), its label, its extent (`start`, `end` and `text` together: they only make sense
//!   together), its note, its provenance (a gold span's annotators), and each attribute on its
//!   own key. A relation's fields are its label,
//!   `from` and `to`. A field changed on one side is taken; the same change on both sides is
//!   one change;
//! - added on both sides with the same label, start and end (two annotators marking the same
//!   words): one span, the id ours gave it; its note and attributes are merged as if the base
//!   had held the span bare (no note, no attributes), so a note on one side and an attribute on
//!   the other both stay;
//! - added on both sides under the same id but different (both sides took the next free id):
//!   both kept, theirs under a fresh id (their relations follow it);
//! - status: changed on one side is taken.
//!
//! Fresh ids are above every id seen in the base, ours and theirs, and the merged set's id
//! counter ([`AnnotationSet::first_free_id`]) is above them too, so no id any side held is handed
//! out again.
//!
//! # Conflicts
//!
//! A conflict is: a field changed differently on both sides; an item removed on one side and
//! changed on the other; the status changed differently on both sides. The merged set holds
//! **our** version of every conflicted item (absent when ours removed it) and the conflict keeps
//! the three versions ([`Conflict`]); [`resolve`] then keeps ours, takes theirs, or keeps both.
//! Theirs' version in a conflict is as merged, with the fresh id it got, if any.
//!
//! The merged set is always valid on its own, which takes a few more rules, applied until
//! nothing changes:
//!
//! - **A relation whose end the other side removed.** If the relation is unchanged, it goes
//!   with its end (the side that removed the span would have removed it). If our side added or
//!   changed it, our span is kept, and the span's removal by theirs is a conflict. If theirs
//!   added or changed it (so ours removed the span), the relation is our version (or absent),
//!   and both the relation and the span are conflicts: taking theirs for both brings both
//!   back.
//! - **Two spans with the same label, start and end** (ours moved a span where theirs added
//!   one, say): the one that is not ours as it is goes back to our version, a conflict.
//! - **A relation whose ends' labels no side ever combined** (ours relabels a quote into a
//!   claim while theirs links it as a quote): whether the schema allows it is not known here,
//!   so a relation label with end labels seen together on no side is put back to our version
//!   (the relation, or else its ends), a conflict.
//! - **A label with an attribute value no side gave that label** (ours relabels an entity
//!   into a claim while theirs sets its `type`): the span goes back to our version, a
//!   conflict. (Ours and theirs are valid under the schema, so what one of them combines is
//!   allowed.)
//!
//! # Articles that differ
//!
//! Offsets only mean something against one text. The caller re-anchors all three sets on the
//! article as it is now first ([`crate::reanchor::reanchor`]; `press-annotate merge` does).
//! When ours and theirs still record different sources (SHA-256 or length), nothing of theirs
//! is taken: every item theirs changed, unless ours made the same change, is a conflict and the
//! merged set is ours. Only the status (which does not depend on the text) merges as usual.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::FileError;
use crate::model::{Annotation, AnnotationSet, Place, Relation, Status};
use crate::store::ANNOTATION_SUFFIX;

/// The result of [`merge`]: a valid set, and what could not be merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    pub set: AnnotationSet,
    pub conflicts: Vec<Conflict>,
}

/// What could not be merged: the base's, our and their version of one item.
// The versions are held by value, as the window matches on them; a conflict is rare and short-lived.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Conflict {
    /// The same annotation (by id) changed differently on both sides, or removed on one side and
    /// changed on the other. `None` = absent on that side.
    Annotation {
        id: u64,
        base: Option<Annotation>,
        ours: Option<Annotation>,
        theirs: Option<Annotation>,
    },
    /// The same relation (by id) changed differently on both sides, or removed on one side and
    /// changed on the other (or its end removed on the other). `None` = absent on that side.
    Relation {
        id: u64,
        base: Option<Relation>,
        ours: Option<Relation>,
        theirs: Option<Relation>,
    },
    /// The status changed differently on both sides.
    Status {
        base: Status,
        ours: Status,
        theirs: Status,
    },
}

impl Conflict {
    /// The id of the annotation or relation concerned (`None` for the status).
    pub fn id(&self) -> Option<u64> {
        match self {
            Conflict::Annotation { id, .. } | Conflict::Relation { id, .. } => Some(*id),
            Conflict::Status { .. } => None,
        }
    }

    /// One line for people: what the item is and what each side did with it.
    pub fn summary(&self) -> String {
        fn side<T: PartialEq>(
            base: &Option<T>,
            this: &Option<T>,
            show: impl Fn(&T) -> String,
        ) -> String {
            match (base, this) {
                (_, None) if base.is_some() => "removed".to_owned(),
                (_, None) => "absent".to_owned(),
                (None, Some(t)) => format!("added {}", show(t)),
                (Some(b), Some(t)) if b == t => format!("unchanged {}", show(t)),
                (Some(_), Some(t)) => format!("changed to {}", show(t)),
            }
        }
        let span = |a: &Annotation| {
            let mut out = format!(
                "{} {}..{} {}",
                a.label,
                a.start,
                a.end,
                crate::canonical::quote(&crate::text::excerpt(&a.text, 40))
            );
            if !a.attributes.is_empty() {
                out.push(' ');
                out.push_str(&crate::canonical::map(&a.attributes));
            }
            if let Some(note) = &a.note {
                out.push_str(" note ");
                out.push_str(&crate::canonical::quote(&crate::text::excerpt(note, 40)));
            }
            out
        };
        let link = |r: &Relation| format!("{} {} -> {}", r.label, r.from, r.to);
        match self {
            Conflict::Annotation {
                id,
                base,
                ours,
                theirs,
            } => format!(
                "annotation {id}: ours {}; theirs {}",
                side(base, ours, span),
                side(base, theirs, span)
            ),
            Conflict::Relation {
                id,
                base,
                ours,
                theirs,
            } => format!(
                "relation {id}: ours {}; theirs {}",
                side(base, ours, link),
                side(base, theirs, link)
            ),
            Conflict::Status { base, ours, theirs } => format!(
                "status: was {}, ours {}, theirs {}",
                base.display_name(),
                ours.display_name(),
                theirs.display_name()
            ),
        }
    }
}

/// How to resolve a conflict on a merged set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Resolution {
    /// Keep our version (as the merged set holds it).
    Mine,
    /// Take their version (or remove the item when they removed it).
    Theirs,
    /// Keep ours and add theirs beside it under a fresh id.
    Both,
}

/// Why a conflict could not be resolved as asked; the set is left as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("the status is one value: keep mine or take theirs, not both")]
    BothStatuses,
    #[error(
        "annotation {id} would have the same label, start and end as annotation {other}; keep one of them"
    )]
    SameSpan { id: u64, other: u64 },
    #[error("relation {id}: its end {end} is not in the set (resolve that annotation first)")]
    MissingEnd { id: u64, end: u64 },
    #[error("id {id} is used by another item of the set")]
    IdTaken { id: u64 },
    #[error("no id is left in this set for a copy")]
    NoIdLeft,
}

/// A span and whether it is an annotation or an orphan.
type Placed = (Place, Annotation);

/// One side's items, by id.
#[derive(Clone, Default)]
struct Side {
    spans: BTreeMap<u64, (Place, Annotation)>,
    relations: BTreeMap<u64, Relation>,
}

impl Side {
    fn of(set: &AnnotationSet) -> Self {
        let mut side = Side::default();
        for a in &set.annotations {
            side.spans.insert(a.id, (Place::Annotations, a.clone()));
        }
        for a in &set.orphans {
            side.spans.insert(a.id, (Place::Orphans, a.clone()));
        }
        for r in &set.relations {
            side.relations.insert(r.id, r.clone());
        }
        side
    }

    fn span(&self, id: u64) -> Option<&(Place, Annotation)> {
        self.spans.get(&id)
    }

    fn annotation(&self, id: u64) -> Option<Annotation> {
        self.spans.get(&id).map(|(_, a)| a.clone())
    }

    fn relation(&self, id: u64) -> Option<Relation> {
        self.relations.get(&id).cloned()
    }

    /// Every (label, attribute, value) this side's spans have.
    fn attribute_values(&self) -> HashSet<(String, String, String)> {
        self.spans
            .values()
            .flat_map(|(_, a)| {
                a.attributes
                    .iter()
                    .map(|(k, v)| (a.label.clone(), k.clone(), v.clone()))
            })
            .collect()
    }

    /// Every (relation label, from label, to label) this side combines.
    fn triples(&self) -> HashSet<(String, String, String)> {
        self.relations
            .values()
            .filter_map(|r| {
                let from = &self.spans.get(&r.from)?.1.label;
                let to = &self.spans.get(&r.to)?.1.label;
                Some((r.label.clone(), from.clone(), to.clone()))
            })
            .collect()
    }
}

/// The three-way merge of one value: the side that changed it, or `None` when both changed it
/// differently.
fn pick<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> Option<T> {
    if ours == theirs || theirs == base {
        Some(ours.clone())
    } else if ours == base {
        Some(theirs.clone())
    } else {
        None
    }
}

type Extent = (usize, usize, String);

fn extent(a: &Annotation) -> Extent {
    (a.start, a.end, a.text.clone())
}

/// The field-by-field merge of a span present on all three sides; `None` on a conflict.
fn merge_span(
    base: &(Place, Annotation),
    ours: &(Place, Annotation),
    theirs: &(Place, Annotation),
) -> Option<(Place, Annotation)> {
    let (b, o, t) = (&base.1, &ours.1, &theirs.1);
    let place = pick(&base.0, &ours.0, &theirs.0)?;
    let label = pick(&b.label, &o.label, &t.label)?;
    let (start, end, text) = pick(&extent(b), &extent(o), &extent(t))?;
    let note = pick(&b.note, &o.note, &t.note)?;
    let annotators = pick(&b.annotators, &o.annotators, &t.annotators)?;
    // Where both sides changed the mark differently, the span is no longer "accepted
    // unchanged": no conflict to ask about, the mark goes.
    let suggested = pick(&b.suggested, &o.suggested, &t.suggested).unwrap_or(None);
    let keys: BTreeSet<&String> = b
        .attributes
        .keys()
        .chain(o.attributes.keys())
        .chain(t.attributes.keys())
        .collect();
    let mut attributes = BTreeMap::new();
    for key in keys {
        let value = pick(
            &b.attributes.get(key),
            &o.attributes.get(key),
            &t.attributes.get(key),
        )?;
        if let Some(value) = value {
            attributes.insert(key.clone(), value.clone());
        }
    }
    Some((
        place,
        Annotation {
            id: o.id,
            label,
            start,
            end,
            text,
            attributes,
            note,
            annotators,
            suggested,
        },
    ))
}

/// The field-by-field merge of a relation present on all three sides; `None` on a conflict.
fn merge_relation(base: &Relation, ours: &Relation, theirs: &Relation) -> Option<Relation> {
    Some(Relation {
        id: ours.id,
        label: pick(&base.label, &ours.label, &theirs.label)?,
        from: pick(&base.from, &ours.from, &theirs.from)?,
        to: pick(&base.to, &ours.to, &theirs.to)?,
    })
}

/// The key no two annotations may share.
fn span_key(a: &Annotation) -> (String, usize, usize) {
    (a.label.clone(), a.start, a.end)
}

/// Hands out fresh ids above every id seen.
struct Fresh(Option<u64>);

impl Fresh {
    fn take(&mut self) -> Option<u64> {
        let id = self.0?;
        self.0 = id.checked_add(1);
        Some(id)
    }
}

/// Theirs with the ids of their new items changed where they would clash with ours: spans
/// both sides added at the same place get our id; an item theirs added under an id that ours
/// (or the base) uses for another item gets a fresh id. Relations follow their ends. Items
/// that need a fresh id when none is left are returned apart (they become conflicts).
fn renumber_theirs(
    base: &Side,
    ours: &Side,
    theirs: &Side,
    fresh: &mut Fresh,
) -> (Side, Vec<Conflict>) {
    let mut span_ids: HashMap<u64, u64> = HashMap::new();
    let mut left_out = Vec::new();
    // Spans both sides added at the same place (label, start, end) are one span.
    let ours_new: HashMap<(String, usize, usize), u64> = ours
        .spans
        .iter()
        .filter(|(id, (place, _))| !base.spans.contains_key(id) && *place == Place::Annotations)
        .map(|(id, (_, a))| (span_key(a), *id))
        .collect();
    let mut targets: HashSet<u64> = HashSet::new();
    for (id, (place, a)) in &theirs.spans {
        if base.spans.contains_key(id) || *place != Place::Annotations {
            continue;
        }
        if let Some(&ours_id) = ours_new.get(&span_key(a))
            && targets.insert(ours_id)
        {
            span_ids.insert(*id, ours_id);
        }
    }
    for (id, (place, a)) in &theirs.spans {
        if base.spans.contains_key(id) || span_ids.contains_key(id) {
            continue;
        }
        let clash = base.relations.contains_key(id)
            || ours.relations.contains_key(id)
            || targets.contains(id)
            || ours
                .spans
                .get(id)
                .is_some_and(|o| o != &(*place, a.clone()));
        if !clash {
            span_ids.insert(*id, *id);
            continue;
        }
        match fresh.take() {
            Some(new) => {
                span_ids.insert(*id, new);
            }
            None => left_out.push(Conflict::Annotation {
                id: *id,
                base: None,
                ours: ours.annotation(*id),
                theirs: Some(a.clone()),
            }),
        }
    }
    let end = |id: u64| span_ids.get(&id).copied().unwrap_or(id);
    let mut out = Side::default();
    for (id, (place, a)) in &theirs.spans {
        if base.spans.contains_key(id) {
            out.spans.insert(*id, (*place, a.clone()));
        } else if let Some(&new) = span_ids.get(id) {
            let mut a = a.clone();
            a.id = new;
            out.spans.insert(new, (*place, a));
        }
    }
    let span_targets: HashSet<u64> = span_ids.values().copied().collect();
    for (id, r) in &theirs.relations {
        let mut r = r.clone();
        r.from = end(r.from);
        r.to = end(r.to);
        if base.relations.contains_key(id) {
            out.relations.insert(*id, r);
            continue;
        }
        let clash = base.spans.contains_key(id)
            || ours.spans.contains_key(id)
            || span_targets.contains(id)
            || ours.relations.get(id).is_some_and(|o| o != &r);
        let new = if clash { fresh.take() } else { Some(*id) };
        match new {
            Some(new) => {
                r.id = new;
                out.relations.insert(new, r);
            }
            None => left_out.push(Conflict::Relation {
                id: *id,
                base: None,
                ours: ours.relation(*id),
                theirs: Some(r),
            }),
        }
    }
    (out, left_out)
}

/// What ours and theirs combine, so what the schema allows (the merge does not read the schema):
/// the (label, attribute, value) of spans and the (relation label, from label, to label) of
/// relations.
struct Seen {
    attributes: HashSet<(String, String, String)>,
    triples: HashSet<(String, String, String)>,
}

/// The state of a merge in progress.
struct Merging<'a> {
    base: &'a Side,
    ours: &'a Side,
    theirs: &'a Side,
    spans: BTreeMap<u64, (Place, Annotation)>,
    relations: BTreeMap<u64, Relation>,
    span_conflicts: BTreeMap<u64, Conflict>,
    relation_conflicts: BTreeMap<u64, Conflict>,
}

impl Merging<'_> {
    fn span_conflict(&mut self, id: u64) {
        let conflict = Conflict::Annotation {
            id,
            base: self.base.annotation(id),
            ours: self.ours.annotation(id),
            theirs: self.theirs.annotation(id),
        };
        self.span_conflicts.entry(id).or_insert(conflict);
    }

    fn relation_conflict(&mut self, id: u64) {
        let conflict = Conflict::Relation {
            id,
            base: self.base.relation(id),
            ours: self.ours.relation(id),
            theirs: self.theirs.relation(id),
        };
        self.relation_conflicts.entry(id).or_insert(conflict);
    }

    /// Puts span `id` back to our version (a conflict); whether that changed anything.
    fn span_to_ours(&mut self, id: u64) -> bool {
        self.span_conflict(id);
        let ours = self.ours.span(id).cloned();
        if self.spans.get(&id) == ours.as_ref() {
            return false;
        }
        match ours {
            Some(span) => self.spans.insert(id, span),
            None => self.spans.remove(&id),
        };
        true
    }

    /// Puts relation `id` back to our version (a conflict); whether that changed anything.
    fn relation_to_ours(&mut self, id: u64) -> bool {
        self.relation_conflict(id);
        let ours = self.ours.relation(id);
        if self.relations.get(&id) == ours.as_ref() {
            return false;
        }
        match ours {
            Some(r) => self.relations.insert(id, r),
            None => self.relations.remove(&id),
        };
        true
    }

    /// Every item on its own: taken from the side that changed it, merged field by field, or
    /// ours and a conflict. `foreign`: theirs is of another text (nothing of theirs taken).
    fn items(&mut self, foreign: bool) {
        let ids: BTreeSet<u64> = (self.base.spans.keys())
            .chain(self.ours.spans.keys())
            .chain(self.theirs.spans.keys())
            .copied()
            .collect();
        for id in ids {
            let (b, o, t) = (self.base.span(id), self.ours.span(id), self.theirs.span(id));
            let merged = if o == t || t == b {
                Some(o.cloned())
            } else if foreign {
                None
            } else if o == b {
                Some(t.cloned())
            } else {
                match (b, o, t) {
                    (Some(b), Some(o), Some(t)) => merge_span(b, o, t).map(Some),
                    // Added on both sides at the same place (renumbering made them one id):
                    // merged as if the base had the span bare.
                    (None, Some(o), Some(t)) if o.0 == t.0 && span_key(&o.1) == span_key(&t.1) => {
                        let bare = Annotation {
                            attributes: BTreeMap::new(),
                            note: None,
                            annotators: Vec::new(),
                            suggested: None,
                            ..o.1.clone()
                        };
                        merge_span(&(o.0, bare), o, t).map(Some)
                    }
                    _ => None,
                }
            };
            match merged {
                Some(Some(span)) => {
                    self.spans.insert(id, span);
                }
                Some(None) => {}
                None => {
                    self.span_conflict(id);
                    if let Some(o) = o.cloned() {
                        self.spans.insert(id, o);
                    }
                }
            }
        }
        let ids: BTreeSet<u64> = (self.base.relations.keys())
            .chain(self.ours.relations.keys())
            .chain(self.theirs.relations.keys())
            .copied()
            .collect();
        for id in ids {
            let (b, o, t) = (
                self.base.relations.get(&id),
                self.ours.relations.get(&id),
                self.theirs.relations.get(&id),
            );
            let merged = if o == t || t == b {
                Some(o.cloned())
            } else if foreign {
                None
            } else if o == b {
                Some(t.cloned())
            } else if let (Some(b), Some(o), Some(t)) = (b, o, t) {
                merge_relation(b, o, t).map(Some)
            } else {
                None
            };
            match merged {
                Some(Some(r)) => {
                    self.relations.insert(id, r);
                }
                Some(None) => {}
                None => {
                    self.relation_conflict(id);
                    if let Some(o) = o.cloned() {
                        self.relations.insert(id, o);
                    }
                }
            }
        }
    }

    /// One round of the rules that keep the merged set valid (module doc); whether it
    /// changed anything.
    fn make_valid(&mut self, seen: &Seen) -> bool {
        let mut changed = false;
        // A label with an attribute value no side gave that label.
        let odd: Vec<u64> = (self.spans.iter())
            .filter(|(_, (_, a))| {
                a.attributes.iter().any(|(k, v)| {
                    !seen
                        .attributes
                        .contains(&(a.label.clone(), k.clone(), v.clone()))
                })
            })
            .map(|(id, _)| *id)
            .collect();
        for id in odd {
            changed |= self.span_to_ours(id);
        }
        // A relation whose end is gone.
        let relations: Vec<Relation> = self.relations.values().cloned().collect();
        for r in &relations {
            let Some(end) = [r.from, r.to]
                .into_iter()
                .find(|end| !self.spans.contains_key(end))
            else {
                continue;
            };
            let unchanged = self.base.relations.get(&r.id) == Some(r);
            let ours_dangles =
                self.ours.relations.get(&r.id) == Some(r) && !self.ours.spans.contains_key(&end);
            if unchanged || ours_dangles {
                // Unchanged (or ours itself pointed nowhere): it goes with its end.
                self.relations.remove(&r.id);
                changed = true;
            } else if self.ours.spans.contains_key(&end) {
                // Theirs removed the span our relation needs: our span stays, a conflict.
                changed |= self.span_to_ours(end);
            } else {
                // Ours removed the span their relation needs: the relation is ours (or none).
                changed |= self.relation_to_ours(r.id);
                if self.theirs.spans.contains_key(&end) {
                    self.span_conflict(end);
                }
            }
        }
        // Two annotations at the same place with the same label.
        let mut by_key: BTreeMap<(String, usize, usize), Vec<u64>> = BTreeMap::new();
        for (id, (place, a)) in &self.spans {
            if *place == Place::Annotations {
                by_key.entry(span_key(a)).or_default().push(*id);
            }
        }
        for ids in by_key.into_values().filter(|ids| ids.len() > 1) {
            for id in ids {
                if self.spans.get(&id) != self.ours.span(id) {
                    changed |= self.span_to_ours(id);
                }
            }
        }
        // A relation whose ends' labels no side combines.
        let relations: Vec<Relation> = self.relations.values().cloned().collect();
        for r in &relations {
            let (Some(from), Some(to)) = (self.spans.get(&r.from), self.spans.get(&r.to)) else {
                continue;
            };
            let triple = (r.label.clone(), from.1.label.clone(), to.1.label.clone());
            if seen.triples.contains(&triple) {
                continue;
            }
            if self.ours.relations.get(&r.id) != Some(r) {
                changed |= self.relation_to_ours(r.id);
                continue;
            }
            for end in [r.from, r.to] {
                let ours_label = self.ours.span(end).map(|(_, a)| &a.label);
                if self.spans.get(&end).map(|(_, a)| &a.label) != ours_label {
                    changed |= self.span_to_ours(end);
                }
            }
            if !self.ours.spans.contains_key(&r.from) || !self.ours.spans.contains_key(&r.to) {
                self.relations.remove(&r.id);
                changed = true;
            }
        }
        changed
    }
}

/// The three-way merge of `ours` and `theirs`, two versions of `base` (module doc). The
/// merged set has our header (source, annotator); conflicted items hold our version.
pub fn merge(base: &AnnotationSet, ours: &AnnotationSet, theirs: &AnnotationSet) -> Merged {
    let mut fresh = Fresh(
        [base, ours, theirs]
            .iter()
            .map(|s| s.first_free_id())
            .try_fold(1u64, |max, next| next.map(|n| n.max(max))),
    );
    let base_side = Side::of(base);
    let ours_side = Side::of(ours);
    let foreign =
        ours.source.sha256 != theirs.source.sha256 || ours.source.chars != theirs.source.chars;
    let (theirs_side, left_out) =
        renumber_theirs(&base_side, &ours_side, &Side::of(theirs), &mut fresh);
    let mut m = Merging {
        base: &base_side,
        ours: &ours_side,
        theirs: &theirs_side,
        spans: BTreeMap::new(),
        relations: BTreeMap::new(),
        span_conflicts: BTreeMap::new(),
        relation_conflicts: BTreeMap::new(),
    };
    m.items(foreign);
    let mut seen = Seen {
        attributes: HashSet::new(),
        triples: HashSet::new(),
    };
    // Ours and theirs only: the sides that were valid under the schema in force.
    for side in [&ours_side, &theirs_side] {
        seen.attributes.extend(side.attribute_values());
        seen.triples.extend(side.triples());
    }
    // Each round moves items to our version or drops relations, which no round undoes, so
    // there are at most as many rounds as items.
    let limit = [&base_side, &ours_side, &theirs_side]
        .iter()
        .map(|s| s.spans.len() + s.relations.len())
        .sum::<usize>()
        + 2;
    for _ in 0..limit {
        if !m.make_valid(&seen) {
            break;
        }
    }
    let mut set = ours.clone();
    set.annotations.clear();
    set.orphans.clear();
    set.relations = m.relations.into_values().collect();
    for (place, a) in m.spans.into_values() {
        match place {
            Place::Annotations => set.annotations.push(a),
            Place::Orphans => set.orphans.push(a),
        }
    }
    set.sort();
    set.note_ids_used(fresh.0);
    let mut conflicts = Vec::new();
    match pick(&base.status, &ours.status, &theirs.status) {
        Some(status) => set.status = status,
        None => conflicts.push(Conflict::Status {
            base: base.status,
            ours: ours.status,
            theirs: theirs.status,
        }),
    }
    conflicts.extend(m.span_conflicts.into_values());
    conflicts.extend(m.relation_conflicts.into_values());
    conflicts.extend(left_out);
    Merged { set, conflicts }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Human summary of what changed from `from` to `to`, e.g. "+1 annotation, 1 note changed,
/// status Done" ("no changes" when equal).
pub fn describe_changes(from: &AnnotationSet, to: &AnnotationSet) -> String {
    let (a, b) = (Side::of(from), Side::of(to));
    let mut parts = Vec::new();
    for (place, name) in [
        (Place::Annotations, "annotation"),
        (Place::Orphans, "orphan"),
    ] {
        let only = |x: &Side, y: &Side| {
            x.spans
                .iter()
                .filter(|(id, (p, _))| *p == place && !y.spans.contains_key(id))
                .count()
        };
        let (added, removed) = (only(&b, &a), only(&a, &b));
        if added > 0 {
            parts.push(format!("+{}", plural(added, name)));
        }
        if removed > 0 {
            parts.push(format!("-{}", plural(removed, name)));
        }
    }
    let both: Vec<(&Placed, &Placed)> = a
        .spans
        .iter()
        .filter_map(|(id, x)| Some((x, b.spans.get(id)?)))
        .collect();
    let orphaned = both
        .iter()
        .filter(|(x, y)| x.0 == Place::Annotations && y.0 == Place::Orphans)
        .count();
    let found = both
        .iter()
        .filter(|(x, y)| x.0 == Place::Orphans && y.0 == Place::Annotations)
        .count();
    let relabeled = both.iter().filter(|(x, y)| x.1.label != y.1.label).count();
    let resized = both
        .iter()
        .filter(|(x, y)| (x.1.start, x.1.end) != (y.1.start, y.1.end))
        .count();
    let attributes: usize = both
        .iter()
        .map(|(x, y)| {
            let keys: BTreeSet<&String> =
                x.1.attributes.keys().chain(y.1.attributes.keys()).collect();
            keys.into_iter()
                .filter(|k| x.1.attributes.get(*k) != y.1.attributes.get(*k))
                .count()
        })
        .sum();
    let notes = both.iter().filter(|(x, y)| x.1.note != y.1.note).count();
    if orphaned > 0 {
        parts.push(format!("{orphaned} orphaned"));
    }
    if found > 0 {
        parts.push(format!("{found} found again"));
    }
    if relabeled > 0 {
        parts.push(format!("{relabeled} relabeled"));
    }
    if resized > 0 {
        parts.push(format!("{resized} moved or resized"));
    }
    if attributes > 0 {
        parts.push(format!("{} changed", plural(attributes, "attribute")));
    }
    if notes > 0 {
        parts.push(format!("{} changed", plural(notes, "note")));
    }
    let added = b
        .relations
        .keys()
        .filter(|id| !a.relations.contains_key(id))
        .count();
    let removed = a
        .relations
        .keys()
        .filter(|id| !b.relations.contains_key(id))
        .count();
    let changed = a
        .relations
        .iter()
        .filter(|(id, r)| b.relations.get(id).is_some_and(|s| s != *r))
        .count();
    if added > 0 {
        parts.push(format!("+{}", plural(added, "relation")));
    }
    if removed > 0 {
        parts.push(format!("-{}", plural(removed, "relation")));
    }
    if changed > 0 {
        parts.push(format!("{} changed", plural(changed, "relation")));
    }
    if from.status != to.status {
        parts.push(format!("status {}", to.status.display_name()));
    }
    if from.source != to.source {
        parts.push("source changed".to_owned());
    }
    if parts.is_empty() {
        "no changes".to_owned()
    } else {
        parts.join(", ")
    }
}

/// Where annotation `id` is in `set`.
fn place_of(set: &AnnotationSet, id: u64) -> Option<Place> {
    set.find(id).map(|(place, _)| place)
}

fn remove_span(set: &mut AnnotationSet, id: u64) {
    set.annotations.retain(|a| a.id != id);
    set.orphans.retain(|a| a.id != id);
}

/// Makes `set` hold `version` of annotation `id` (absent: removed, with its relations).
fn put_annotation(
    set: &mut AnnotationSet,
    id: u64,
    version: Option<&Annotation>,
) -> Result<(), ResolveError> {
    let Some(a) = version else {
        remove_span(set, id);
        set.relations.retain(|r| r.from != id && r.to != id);
        return Ok(());
    };
    if set.relations.iter().any(|r| r.id == a.id) {
        return Err(ResolveError::IdTaken { id: a.id });
    }
    let place = place_of(set, a.id).unwrap_or(Place::Annotations);
    if place == Place::Annotations
        && let Some(other) = set
            .annotations
            .iter()
            .find(|o| o.id != a.id && span_key(o) == span_key(a))
    {
        return Err(ResolveError::SameSpan {
            id: a.id,
            other: other.id,
        });
    }
    remove_span(set, a.id);
    set.insert_sorted(place, a.clone());
    set.note_ids_used(a.id.checked_add(1));
    Ok(())
}

/// Makes `set` hold `version` of relation `id` (absent: removed).
fn put_relation(
    set: &mut AnnotationSet,
    id: u64,
    version: Option<&Relation>,
) -> Result<(), ResolveError> {
    let Some(r) = version else {
        set.relations.retain(|r| r.id != id);
        return Ok(());
    };
    if set.find(r.id).is_some() {
        return Err(ResolveError::IdTaken { id: r.id });
    }
    for end in [r.from, r.to] {
        if set.find(end).is_none() {
            return Err(ResolveError::MissingEnd { id: r.id, end });
        }
    }
    set.relations.retain(|x| x.id != r.id);
    set.insert_relation(r.clone());
    set.note_ids_used(r.id.checked_add(1));
    Ok(())
}

/// Resolves a conflict on a merged set: [`Resolution::Mine`] makes the set hold our version
/// (as the merged set does), [`Resolution::Theirs`] their version (removing the item, and for an
/// annotation the relations to and from it, when they removed it), [`Resolution::Both`] keeps
/// ours and adds theirs under a fresh id (an annotation's copy carries no relation: the
/// relations stay on our version). An annotation of theirs that the set does not hold goes among
/// the annotations (not the orphans). On an error the set is unchanged.
pub fn resolve(
    set: &mut AnnotationSet,
    conflict: &Conflict,
    how: Resolution,
) -> Result<(), ResolveError> {
    match conflict {
        Conflict::Status { ours, theirs, .. } => {
            set.status = match how {
                Resolution::Mine => *ours,
                Resolution::Theirs => *theirs,
                Resolution::Both => return Err(ResolveError::BothStatuses),
            };
            Ok(())
        }
        Conflict::Annotation {
            id, ours, theirs, ..
        } => {
            let mut work = set.clone();
            match (how, ours, theirs) {
                (Resolution::Mine, _, _) | (Resolution::Both, _, None) => {
                    put_annotation(&mut work, *id, ours.as_ref())?
                }
                (Resolution::Theirs, _, _) | (Resolution::Both, None, _) => {
                    put_annotation(&mut work, *id, theirs.as_ref())?
                }
                (Resolution::Both, Some(o), Some(t)) => {
                    put_annotation(&mut work, *id, Some(o))?;
                    let copy_id = work.first_free_id().ok_or(ResolveError::NoIdLeft)?;
                    let copy = Annotation {
                        id: copy_id,
                        ..t.clone()
                    };
                    let place = place_of(&work, o.id).unwrap_or(Place::Annotations);
                    if place == Place::Annotations
                        && let Some(other) = work
                            .annotations
                            .iter()
                            .find(|x| span_key(x) == span_key(&copy))
                    {
                        return Err(ResolveError::SameSpan {
                            id: t.id,
                            other: other.id,
                        });
                    }
                    work.insert_sorted(place, copy);
                    work.note_ids_used(copy_id.checked_add(1));
                }
            }
            *set = work;
            Ok(())
        }
        Conflict::Relation {
            id, ours, theirs, ..
        } => {
            let mut work = set.clone();
            match (how, ours, theirs) {
                (Resolution::Mine, _, _) | (Resolution::Both, _, None) => {
                    put_relation(&mut work, *id, ours.as_ref())?
                }
                (Resolution::Theirs, _, _) | (Resolution::Both, None, _) => {
                    put_relation(&mut work, *id, theirs.as_ref())?
                }
                (Resolution::Both, Some(o), Some(t)) => {
                    put_relation(&mut work, *id, Some(o))?;
                    if (&o.label, o.from, o.to) != (&t.label, t.from, t.to) {
                        let copy_id = work.first_free_id().ok_or(ResolveError::NoIdLeft)?;
                        put_relation(
                            &mut work,
                            copy_id,
                            Some(&Relation {
                                id: copy_id,
                                ..t.clone()
                            }),
                        )?;
                    }
                }
            }
            *set = work;
            Ok(())
        }
    }
}

/// Records in `set` that every id the conflicts name was handed out, so that no new item of
/// the set takes the id of a version a conflict may still bring in (call it after loading a set
/// and its [`load_conflicts`]).
pub fn note_conflict_ids(set: &mut AnnotationSet, conflicts: &[Conflict]) {
    for c in conflicts {
        let ids: Vec<u64> = match c {
            Conflict::Annotation {
                id,
                base,
                ours,
                theirs,
            } => std::iter::once(*id)
                .chain([base, ours, theirs].into_iter().flatten().map(|a| a.id))
                .collect(),
            Conflict::Relation {
                id,
                base,
                ours,
                theirs,
            } => std::iter::once(*id)
                .chain([base, ours, theirs].into_iter().flatten().map(|r| r.id))
                .collect(),
            Conflict::Status { .. } => Vec::new(),
        };
        for id in ids {
            set.note_ids_used(id.checked_add(1));
        }
    }
}

// ------------------------------------------------------------------------------------------
// Recorded conflicts: the sidecar file beside a merged set

/// What every conflicts file's name ends with.
pub const CONFLICTS_SUFFIX: &str = ".conflicts.ron";

/// The conflicts file format this version reads and writes.
pub const CONFLICTS_FORMAT: u32 = 1;

#[derive(Deserialize)]
#[serde(rename = "MergeConflicts", deny_unknown_fields)]
struct ConflictsFile {
    format: u32,
    #[serde(default)]
    conflicts: Vec<Conflict>,
}

/// The conflicts file of an annotation file: `X.annotations.ron` → `X.conflicts.ron`.
pub fn conflicts_path(set_path: &Path) -> PathBuf {
    let name = set_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(ANNOTATION_SUFFIX).unwrap_or(&name);
    set_path.with_file_name(format!("{stem}{CONFLICTS_SUFFIX}"))
}

/// The conflicts recorded beside the set at `set_path` (none when there is no file).
pub fn load_conflicts(set_path: &Path) -> Result<Vec<Conflict>, FileError> {
    let path = conflicts_path(set_path);
    let bytes = match crate::bounded_read::read_io(&path, crate::bounded_read::MAX_DATA_BYTES) {
        Ok(bytes) => bytes,
        Err(e) if e.is_not_found() => return Ok(Vec::new()),
        Err(e) => return Err(e.into_file_error(&path)),
    };
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        FileError::new(
            &path,
            format!("not valid UTF-8 at byte {}", e.valid_up_to()),
        )
    })?;
    let file: ConflictsFile = crate::canonical::ron_options()
        .from_str(text)
        .map_err(|e| crate::canonical::ron_error(&path, &e))?;
    if file.format > CONFLICTS_FORMAT {
        return Err(FileError::new(
            &path,
            format!(
                "written by a newer version of press-annotate (conflicts format {}); this version reads format {CONFLICTS_FORMAT}",
                file.format
            ),
        ));
    }
    if file.format != CONFLICTS_FORMAT {
        return Err(FileError::new(
            &path,
            format!("unknown conflicts format {}", file.format),
        ));
    }
    Ok(file.conflicts)
}

/// Records `conflicts` beside the set at `set_path`, atomically; an empty list removes the
/// file.
pub fn save_conflicts(set_path: &Path, conflicts: &[Conflict]) -> Result<(), FileError> {
    let path = conflicts_path(set_path);
    if conflicts.is_empty() {
        return match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(FileError::new(&path, format!("cannot remove: {e}"))),
        };
    }
    crate::atomic::write_atomically(&path, conflicts_to_ron(conflicts).as_bytes())
}

/// The conflicts file's text: one conflict per line, in the order given.
pub fn conflicts_to_ron(conflicts: &[Conflict]) -> String {
    use crate::canonical::{annotation_value, relation_value};
    fn option<T>(value: &Option<T>, show: impl Fn(&T) -> String) -> String {
        match value {
            Some(v) => format!("Some({})", show(v)),
            None => "None".to_owned(),
        }
    }
    let mut out = format!("MergeConflicts(\n    format: {CONFLICTS_FORMAT},\n    conflicts: [\n");
    for c in conflicts {
        let line = match c {
            Conflict::Annotation {
                id,
                base,
                ours,
                theirs,
            } => format!(
                "Annotation(id: {id}, base: {}, ours: {}, theirs: {})",
                option(base, annotation_value),
                option(ours, annotation_value),
                option(theirs, annotation_value)
            ),
            Conflict::Relation {
                id,
                base,
                ours,
                theirs,
            } => format!(
                "Relation(id: {id}, base: {}, ours: {}, theirs: {})",
                option(base, relation_value),
                option(ours, relation_value),
                option(theirs, relation_value)
            ),
            Conflict::Status { base, ours, theirs } => format!(
                "Status(base: {}, ours: {}, theirs: {})",
                base.as_str(),
                ours.as_str(),
                theirs.as_str()
            ),
        };
        out.push_str("        ");
        out.push_str(&line);
        out.push_str(",\n");
    }
    out.push_str("    ],\n)\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    const TEXT: &str = "John Kerry met Sergei Lavrov in Geneva. \"Talks go on,\" Kerry said.";

    fn span(id: u64, label: &str, words: &str) -> Annotation {
        let byte = TEXT.find(words).unwrap_or_default();
        let start = TEXT[..byte].chars().count();
        Annotation {
            id,
            label: label.to_owned(),
            start,
            end: start + words.chars().count(),
            text: words.to_owned(),
            attributes: BTreeMap::new(),
            note: None,
            annotators: Vec::new(),
            suggested: None,
        }
    }

    fn with(mut a: Annotation, key: &str, value: &str) -> Annotation {
        a.attributes.insert(key.to_owned(), value.to_owned());
        a
    }

    fn noted(mut a: Annotation, note: &str) -> Annotation {
        a.note = Some(note.to_owned());
        a
    }

    fn link(id: u64, label: &str, from: u64, to: u64) -> Relation {
        Relation {
            id,
            label: label.to_owned(),
            from,
            to,
        }
    }

    fn set(annotations: Vec<Annotation>, relations: Vec<Relation>) -> AnnotationSet {
        let mut set = AnnotationSet::new(
            Source {
                file: "a.txt".to_owned(),
                sha256: "0".repeat(64),
                chars: TEXT.chars().count(),
            },
            None,
        );
        set.annotations = annotations;
        set.relations = relations;
        set.sort();
        set
    }

    fn base() -> AnnotationSet {
        set(
            vec![
                with(span(1, "entity", "John Kerry"), "type", "person"),
                with(span(2, "entity", "Sergei Lavrov"), "type", "person"),
                span(3, "quote", "Talks go on,"),
                with(span(4, "entity", "Kerry"), "type", "person"),
            ],
            vec![link(5, "speaker", 3, 4)],
        )
    }

    #[test]
    fn a_note_on_one_side_and_an_attribute_on_the_other_both_stay() {
        let base = base();
        let mut ours = base.clone();
        ours.annotations[0] = noted(ours.annotations[0].clone(), "US");
        let mut theirs = base.clone();
        theirs.annotations[0] = with(theirs.annotations[0].clone(), "type", "other");
        theirs.status = Status::Done;
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts, []);
        let a = &merged.set.annotations[0];
        assert_eq!(a.note.as_deref(), Some("US"));
        assert_eq!(a.attribute("type"), Some("other"));
        assert_eq!(merged.set.status, Status::Done);
        assert_eq!(
            describe_changes(&ours, &merged.set),
            "1 attribute changed, status Done"
        );
        assert_eq!(describe_changes(&base, &base), "no changes");
    }

    #[test]
    fn the_same_field_changed_differently_is_a_conflict_holding_ours() {
        let base = base();
        let mut ours = base.clone();
        ours.annotations[0] = noted(ours.annotations[0].clone(), "ours");
        ours.status = Status::InProgress;
        let mut theirs = base.clone();
        theirs.annotations[0] = noted(theirs.annotations[0].clone(), "theirs");
        theirs.status = Status::Done;
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.set, ours);
        assert_eq!(merged.conflicts.len(), 2, "{:?}", merged.conflicts);
        assert!(matches!(merged.conflicts[0], Conflict::Status { .. }));
        let mut resolved = merged.set.clone();
        for c in &merged.conflicts {
            resolve(&mut resolved, c, Resolution::Theirs).unwrap();
        }
        assert_eq!(resolved, theirs);
        assert_eq!(
            resolve(&mut resolved, &merged.conflicts[0], Resolution::Both),
            Err(ResolveError::BothStatuses)
        );
        assert_eq!(
            resolve(&mut resolved, &merged.conflicts[1], Resolution::Both),
            Err(ResolveError::SameSpan { id: 1, other: 1 }),
            "two spans with the same label, start and end cannot both stay"
        );
        assert_eq!(resolved, theirs, "unchanged by the error");

        let mut ours = base.clone();
        ours.annotations[0].label = "claim".to_owned();
        let mut theirs = base.clone();
        theirs.annotations[0].label = "quote".to_owned();
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts.len(), 1);
        let mut resolved = merged.set.clone();
        resolve(&mut resolved, &merged.conflicts[0], Resolution::Both).unwrap();
        let labels: Vec<(u64, &str)> = resolved
            .annotations
            .iter()
            .filter(|a| a.text == "John Kerry")
            .map(|a| (a.id, a.label.as_str()))
            .collect();
        assert_eq!(labels, [(1, "claim"), (6, "quote")]);
    }

    #[test]
    fn identical_changes_are_one_change_and_a_removal_against_a_change_conflicts() {
        let base = base();
        let mut ours = base.clone();
        ours.annotations.retain(|a| a.id != 2);
        ours.annotations[0].label = "claim".to_owned();
        ours.annotations[0].attributes.clear();
        let mut theirs = ours.clone();
        theirs
            .annotations
            .push(with(span(2, "entity", "Sergei Lavrov"), "type", "other"));
        theirs.sort();
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.set, ours);
        assert_eq!(
            merged.conflicts,
            [Conflict::Annotation {
                id: 2,
                base: Some(with(span(2, "entity", "Sergei Lavrov"), "type", "person")),
                ours: None,
                theirs: Some(with(span(2, "entity", "Sergei Lavrov"), "type", "other")),
            }]
        );
        let mut resolved = merged.set.clone();
        resolve(&mut resolved, &merged.conflicts[0], Resolution::Theirs).unwrap();
        assert_eq!(resolved, theirs);
    }

    #[test]
    fn additions_under_the_same_id_are_both_kept_and_their_relations_follow() {
        let base = base();
        let mut ours = base.clone();
        ours.annotations.push(span(6, "entity", "Geneva"));
        ours.sort();
        let mut theirs = base.clone();
        theirs.annotations.push(span(6, "claim", "Talks go on"));
        theirs.relations.push(link(7, "claimer", 6, 4));
        theirs.sort();
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts, []);
        let set = &merged.set;
        let claim = set.annotations.iter().find(|a| a.label == "claim").unwrap();
        assert_eq!(claim.id, 8, "fresh: above every id seen");
        assert_eq!(
            set.relations,
            [link(5, "speaker", 3, 4), link(7, "claimer", 8, 4)]
        );
        assert_eq!(set.first_free_id(), Some(9));
    }

    #[test]
    fn the_same_span_added_on_both_sides_is_one_span_merged_from_bare() {
        let base = base();
        let mut ours = base.clone();
        ours.annotations
            .push(noted(span(6, "entity", "Geneva"), "city"));
        ours.sort();
        let mut theirs = base.clone();
        theirs.annotations.push(span(6, "claim", "Kerry said")); // unrelated, also id 6
        theirs
            .annotations
            .push(with(span(7, "entity", "Geneva"), "type", "location"));
        theirs.relations.push(link(8, "claimer", 6, 7));
        theirs.sort();
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts, []);
        let geneva: Vec<&Annotation> = merged
            .set
            .annotations
            .iter()
            .filter(|a| a.text == "Geneva")
            .collect();
        assert_eq!(geneva.len(), 1);
        assert_eq!(geneva[0].id, 6);
        assert_eq!(geneva[0].note.as_deref(), Some("city"));
        assert_eq!(geneva[0].attribute("type"), Some("location"));
        let claim = merged
            .set
            .annotations
            .iter()
            .find(|a| a.label == "claim")
            .unwrap();
        assert_eq!(claim.id, 9);
        assert!(merged.set.relations.contains(&link(8, "claimer", 9, 6)));
    }

    #[test]
    fn a_relation_whose_end_the_other_side_removed() {
        let base = base();
        // Ours links 3 to 1; theirs removed 1: 1 stays, a conflict.
        let mut ours = base.clone();
        ours.relations.push(link(6, "speaker", 3, 1));
        let mut theirs = base.clone();
        theirs.annotations.retain(|a| a.id != 1);
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.set, ours);
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].id(), Some(1));
        let mut resolved = merged.set.clone();
        resolve(&mut resolved, &merged.conflicts[0], Resolution::Theirs).unwrap();
        assert_eq!(resolved, theirs, "the relation goes with its end");

        // The other way round: theirs' relation is not taken; both are conflicts.
        let merged = merge(&base, &theirs, &ours);
        assert_eq!(merged.set, theirs);
        let ids: Vec<Option<u64>> = merged.conflicts.iter().map(Conflict::id).collect();
        assert_eq!(ids, [Some(1), Some(6)]);
        let mut resolved = merged.set.clone();
        for c in &merged.conflicts {
            resolve(&mut resolved, c, Resolution::Theirs).unwrap();
        }
        assert_eq!(resolved, ours);

        // An unchanged relation goes with its end.
        let mut theirs = base.clone();
        theirs.annotations.retain(|a| a.id != 4);
        theirs.relations.clear();
        let mut ours = base.clone();
        ours.status = Status::Done;
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts, []);
        assert!(merged.set.relations.is_empty() && merged.set.annotations.len() == 3);
    }

    #[test]
    fn a_relabel_against_a_new_relation_is_a_conflict() {
        let base = base();
        let mut ours = base.clone();
        ours.annotations[0].label = "claim".to_owned();
        let mut theirs = base.clone();
        theirs.relations.push(link(6, "speaker", 3, 1));
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.set, ours);
        let ids: Vec<Option<u64>> = merged.conflicts.iter().map(Conflict::id).collect();
        assert_eq!(ids, [Some(6)]);
    }

    #[test]
    fn sets_of_different_texts_take_nothing_of_theirs() {
        let base = base();
        let mut ours = base.clone();
        ours.annotations[0].note = Some("x".to_owned());
        let mut theirs = base.clone();
        theirs.source.sha256 = "1".repeat(64);
        theirs.annotations[2].note = Some("y".to_owned()); // id 2 (sorted after 1 and 4)
        theirs.status = Status::Done;
        let merged = merge(&base, &ours, &theirs);
        let mut expected = ours.clone();
        expected.status = Status::Done;
        assert_eq!(merged.set, expected);
        assert_eq!(merged.conflicts.len(), 1);
        assert_eq!(merged.conflicts[0].id(), Some(2));
    }

    #[test]
    fn conflicts_are_recorded_beside_the_set_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let set_path = dir.path().join("story.txt.alice.annotations.ron");
        assert_eq!(
            conflicts_path(&set_path),
            dir.path().join("story.txt.alice.conflicts.ron")
        );
        assert_eq!(load_conflicts(&set_path).unwrap(), []);
        let conflicts = vec![
            Conflict::Status {
                base: Status::Todo,
                ours: Status::Done,
                theirs: Status::InProgress,
            },
            Conflict::Annotation {
                id: 1,
                base: Some(noted(span(1, "entity", "John Kerry"), "a \"quoted\"\nnote")),
                ours: None,
                theirs: Some(with(span(1, "entity", "John Kerry"), "type", "person")),
            },
            Conflict::Relation {
                id: 5,
                base: None,
                ours: Some(link(5, "speaker", 3, 4)),
                theirs: Some(link(5, "speaker", 3, 1)),
            },
        ];
        save_conflicts(&set_path, &conflicts).unwrap();
        let text = std::fs::read_to_string(conflicts_path(&set_path)).unwrap();
        assert_eq!(text.lines().count(), 8, "{text}");
        assert_eq!(load_conflicts(&set_path).unwrap(), conflicts);
        save_conflicts(&set_path, &[]).unwrap();
        assert!(!conflicts_path(&set_path).exists());
        std::fs::write(
            conflicts_path(&set_path),
            "MergeConflicts(format: 1, extra: 2)",
        )
        .unwrap();
        let err = load_conflicts(&set_path).unwrap_err();
        assert!(
            err.to_string().contains("story.txt.alice.conflicts.ron"),
            "{err}"
        );
    }
}
