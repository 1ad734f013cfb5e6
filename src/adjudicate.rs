//! Adjudication: several annotators' sets of one article merged, decision by decision, into
//! the gold set (`story.txt.gold.annotations.ron`, annotator [`GOLD`]), an ordinary set every
//! command reads.
//!
//! The annotators' spans are grouped into [`Cluster`]s: spans of the same schema label
//! (layer: entity, quote, claim) that overlap, across all annotators. A cluster where every
//! annotator has the very same spans, with the same attributes and the same relations going
//! out of them, is agreed; the others are disagreements. A decision ([`Choice`]) takes one
//! annotator's version of a cluster (its spans and relations), the union of all versions, or
//! rejects them, as one undoable [`Edit`] on the gold set. A cluster is decided once the gold
//! set has a span of its label overlapping it, or all its spans were rejected (the caller
//! remembers rejections).
//!
//! Each gold span taken from the annotators records where it came from in its own field,
//! [`Annotation::annotators`] (the annotators whose sets hold that very span; format 2), and
//! keeps the annotator's own note as its note (docs/FORMAT.md, "Gold sets"). Format 1 gold
//! sets kept it in the note (`from: alice, bob | their note`): [`crate::store::migrate`]
//! moves it on reading.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use crate::edit::Edit;
use crate::error::{FileError, FileErrors};
use crate::model::{Annotation, AnnotationSet, NoIdLeft, Place, Relation};
use crate::store;

/// The annotator name of gold sets (kept in [`crate::annotator`], which the store reads too).
pub use crate::annotator::GOLD;

/// Spans of one label that overlap, across annotators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// The schema label all its spans have (their flat labels may differ: PER and ORG are
    /// both `entity`).
    pub label: String,
    /// From the first start to the last end.
    pub range: Range<usize>,
    /// Per annotator (as in [`Adjudication::annotators`]): the ids of that annotator's spans
    /// here, in text order (empty: that annotator has none).
    pub versions: Vec<Vec<u64>>,
    /// Every annotator has the same spans, attributes and outgoing relations here.
    pub agreed: bool,
    /// Agreed, and every span here was accepted unchanged from a suggestion
    /// ([`Annotation::suggested`]): the annotators may all have taken the same wrong
    /// suggestion, so it waits for a decision like a disagreement (unless
    /// [`Adjudication::take_suggested`]).
    pub from_suggestions: bool,
}

/// A decision on a cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Annotator N's version (index into [`Adjudication::annotators`]).
    Take(usize),
    /// Every span any annotator has here (the first annotator's attributes where two differ).
    Union,
    /// None of them.
    Reject,
}

/// An article's sets by every annotator but gold, and their clusters.
#[derive(Clone, Debug)]
pub struct Adjudication {
    /// Sorted names (`""` for the set without a name).
    pub annotators: Vec<String>,
    pub sets: Vec<AnnotationSet>,
    /// In text order.
    pub clusters: Vec<Cluster>,
    /// Per annotator: every span as (start, end, label, attributes), to say quickly who has a
    /// given span (provenance).
    index: Vec<HashSet<SpanKey>>,
    /// Per annotator: span id → its place in the set's annotations, and the relations that
    /// start or end at it.
    by_id: Vec<HashMap<u64, usize>>,
    relations_at: Vec<HashMap<u64, Vec<usize>>>,
    /// The longest span any annotator has (chars).
    longest: usize,
    /// Take clusters agreed only through the same accepted suggestion on their own, like other
    /// agreed clusters (off: they wait for a key press).
    pub take_suggested: bool,
}

/// The longest span of a set (chars).
fn longest(set: &AnnotationSet) -> usize {
    set.annotations
        .iter()
        .map(|a| a.end - a.start)
        .max()
        .unwrap_or(0)
}

/// The spans of `set` that may overlap `range`, given its longest span: those starting in
/// [range.start − longest, range.end) (the set is in start order).
fn near<'a>(
    set: &'a AnnotationSet,
    range: &Range<usize>,
    longest: usize,
) -> impl Iterator<Item = &'a Annotation> {
    let from = set
        .annotations
        .partition_point(|a| a.start + longest < range.start);
    let until = set.annotations.partition_point(|a| a.start < range.end);
    set.annotations[from..until.max(from)].iter()
}

type SpanKey = (usize, usize, String, BTreeMap<String, String>);

fn span_key(a: &Annotation) -> SpanKey {
    (a.start, a.end, a.label.clone(), a.attributes.clone())
}

/// The id of the span with this label and range in `set`, if any (binary search: the set's
/// annotations are in (start, end) order).
fn find_span(set: &AnnotationSet, label: &str, start: usize, end: usize) -> Option<u64> {
    let at = set
        .annotations
        .partition_point(|a| (a.start, a.end) < (start, end));
    set.annotations[at..]
        .iter()
        .take_while(|a| a.start == start && a.end == end)
        .find(|a| a.label == label)
        .map(|a| a.id)
}

/// A span as agreement sees it (see [`Adjudication::signature`]).
type Signature = (
    usize,
    usize,
    String,
    BTreeMap<String, String>,
    Vec<(String, String, usize, usize)>,
);

impl Adjudication {
    /// Groups the sets' spans into clusters. `sets` are (annotator, set) of one article.
    pub fn new(mut sets: Vec<(String, AnnotationSet)>) -> Self {
        sets.sort_by(|a, b| a.0.cmp(&b.0));
        let (annotators, sets): (Vec<String>, Vec<AnnotationSet>) = sets.into_iter().unzip();
        // Every span as (label, start, end, annotator, id), grouped by label and sorted.
        let mut spans: Vec<(&str, usize, usize, usize, u64)> = sets
            .iter()
            .enumerate()
            .flat_map(|(who, set)| {
                set.annotations
                    .iter()
                    .map(move |a| (a.label.as_str(), a.start, a.end, who, a.id))
            })
            .collect();
        spans.sort();
        let mut clusters: Vec<Cluster> = Vec::new();
        for (label, start, end, who, id) in spans {
            let joins = clusters
                .last()
                .is_some_and(|c| c.label == label && start < c.range.end.max(c.range.start + 1));
            if !joins {
                clusters.push(Cluster {
                    label: label.to_owned(),
                    range: start..end,
                    versions: vec![Vec::new(); sets.len()],
                    agreed: false,
                    from_suggestions: false,
                });
            }
            if let Some(c) = clusters.last_mut() {
                c.range.end = c.range.end.max(end);
                c.versions[who].push(id);
            }
        }
        clusters.sort_by_key(|c| (c.range.start, c.range.end, c.label.clone()));
        let index = sets
            .iter()
            .map(|set| set.annotations.iter().map(span_key).collect())
            .collect();
        let by_id = sets
            .iter()
            .map(|set| {
                set.annotations
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.id, i))
                    .collect()
            })
            .collect();
        let relations_at = sets
            .iter()
            .map(|set| {
                let mut map: HashMap<u64, Vec<usize>> = HashMap::new();
                for (i, r) in set.relations.iter().enumerate() {
                    map.entry(r.from).or_default().push(i);
                    if r.to != r.from {
                        map.entry(r.to).or_default().push(i);
                    }
                }
                map
            })
            .collect();
        let longest = sets.iter().map(longest).max().unwrap_or(0);
        let mut out = Self {
            annotators,
            sets,
            clusters,
            index,
            by_id,
            relations_at,
            longest,
            take_suggested: false,
        };
        let agreed: Vec<bool> = out
            .clusters
            .iter()
            .map(|c| {
                let signatures: Vec<Vec<Signature>> = (0..out.annotators.len())
                    .map(|who| {
                        out.version(c, who)
                            .into_iter()
                            .map(|a| out.signature(who, a))
                            .collect()
                    })
                    .collect();
                signatures.windows(2).all(|w| w[0] == w[1])
            })
            .collect();
        let suggested: Vec<bool> = out
            .clusters
            .iter()
            .map(|c| {
                (0..out.annotators.len())
                    .flat_map(|who| out.version(c, who))
                    .all(|a| a.suggested.is_some())
            })
            .collect();
        for ((c, agreed), suggested) in out.clusters.iter_mut().zip(agreed).zip(suggested) {
            c.agreed = agreed;
            c.from_suggestions = agreed && suggested;
        }
        out
    }

    /// Whether cluster `c` waits for the adjudicator's decision: a disagreement, or agreement
    /// only through the same accepted suggestion (unless [`Adjudication::take_suggested`]).
    pub fn waits_for_decision(&self, c: &Cluster) -> bool {
        !c.agreed || (c.from_suggestions && !self.take_suggested)
    }

    /// How annotator `who`'s span `a` looks for agreement: range, label, attributes, and its
    /// outgoing relations by what they point at.
    fn signature(&self, who: usize, a: &Annotation) -> Signature {
        let set = &self.sets[who];
        let at = self.relations_at[who]
            .get(&a.id)
            .map_or(&[][..], Vec::as_slice);
        let mut out: Vec<(String, String, usize, usize)> = at
            .iter()
            .filter_map(|&i| set.relations.get(i))
            .filter(|r| r.from == a.id)
            .filter_map(|r| {
                let to = self.span(who, r.to)?;
                Some((r.label.clone(), to.label.clone(), to.start, to.end))
            })
            .collect();
        out.sort();
        (a.start, a.end, a.label.clone(), a.attributes.clone(), out)
    }

    /// Reads every set of the article at `source` except gold (re-anchored when the article
    /// changed, as `agree` and export read them). A set that cannot be read stops it: the
    /// gold set must not be built from part of the annotators' work without saying so.
    pub fn load(source: &Path) -> Result<Self, FileErrors> {
        let mut sets = Vec::new();
        let mut errors: Vec<FileError> = Vec::new();
        for (_, annotator) in store::annotation_files_of(source) {
            if annotator.as_deref() == Some(GOLD) {
                continue;
            }
            match store::load(source, annotator.as_deref()) {
                Ok(loaded) => sets.push((annotator.unwrap_or_default(), loaded.set)),
                Err(FileErrors(list)) => errors.extend(list),
            }
        }
        if !errors.is_empty() {
            return Err(FileErrors(errors));
        }
        Ok(Self::new(sets))
    }

    /// An annotator's span by id.
    pub fn span(&self, annotator: usize, id: u64) -> Option<&Annotation> {
        let index = *self.by_id.get(annotator)?.get(&id)?;
        self.sets.get(annotator)?.annotations.get(index)
    }

    /// The spans of annotator `who` in cluster `c`.
    pub fn version(&self, c: &Cluster, who: usize) -> Vec<&Annotation> {
        c.versions
            .get(who)
            .map(|ids| ids.iter().filter_map(|&id| self.span(who, id)).collect())
            .unwrap_or_default()
    }

    /// Whether cluster `c` still waits for a decision: the gold set has no span of its label
    /// overlapping it, and not all of its spans were rejected.
    pub fn is_open(
        &self,
        c: &Cluster,
        gold: &AnnotationSet,
        rejected: &dyn Fn(&str, usize, usize) -> bool,
    ) -> bool {
        self.is_open_in(c, gold, longest(gold), rejected)
    }

    /// [`Adjudication::is_open`] with the longest gold span known (so that only the gold
    /// spans near the cluster are looked at).
    fn is_open_in(
        &self,
        c: &Cluster,
        gold: &AnnotationSet,
        gold_longest: usize,
        rejected: &dyn Fn(&str, usize, usize) -> bool,
    ) -> bool {
        let in_gold = near(gold, &c.range, gold_longest)
            .any(|a| a.label == c.label && a.start < c.range.end && c.range.start < a.end);
        if in_gold {
            return false;
        }
        let all_rejected = (0..self.annotators.len())
            .flat_map(|who| self.version(c, who))
            .all(|a| rejected(&a.label, a.start, a.end));
        !all_rejected
    }

    /// The clusters still open, as indices.
    pub fn open(
        &self,
        gold: &AnnotationSet,
        rejected: &dyn Fn(&str, usize, usize) -> bool,
    ) -> Vec<usize> {
        let gold_longest = longest(gold);
        (0..self.clusters.len())
            .filter(|&i| self.is_open_in(&self.clusters[i], gold, gold_longest, rejected))
            .collect()
    }

    /// The clusters still open that wait for a decision ([`Adjudication::waits_for_decision`]:
    /// disagreements, and agreement only through a suggestion).
    pub fn open_disagreements(
        &self,
        gold: &AnnotationSet,
        rejected: &dyn Fn(&str, usize, usize) -> bool,
    ) -> Vec<usize> {
        self.open(gold, rejected)
            .into_iter()
            .filter(|&i| self.waits_for_decision(&self.clusters[i]))
            .collect()
    }

    /// The spans a rejection of cluster `c` records, as (label, start, end).
    pub fn spans_of(&self, c: &Cluster) -> Vec<(String, usize, usize)> {
        let mut out: Vec<(String, usize, usize)> = (0..self.annotators.len())
            .flat_map(|who| self.version(c, who))
            .map(|a| (a.label.clone(), a.start, a.end))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The provenance of a gold span copied from `a` (annotator `who`'s): the annotators whose
    /// sets hold that very span, in name order (`""` for the set without a name).
    fn provenance(&self, who: usize, a: &Annotation) -> Vec<String> {
        let key = span_key(a);
        let mut same: Vec<String> = self
            .index
            .iter()
            .enumerate()
            .filter(|(other, spans)| *other == who || spans.contains(&key))
            .map(|(other, _)| self.annotators[other].clone())
            .collect();
        same.sort();
        same
    }

    /// The edit that carries out `choice` on cluster `c` in `gold`: the gold spans of the
    /// cluster's label overlapping it are replaced by the chosen version's spans, with the
    /// relations the chosen annotators drew from and to them where the other end is in gold.
    /// `None` when it changes nothing; [`NoIdLeft`] (and no edit) when gold's ids reach
    /// `u64::MAX` before the decision is whole.
    pub fn decide(
        &self,
        c: &Cluster,
        choice: Choice,
        gold: &AnnotationSet,
    ) -> Result<Option<Edit>, NoIdLeft> {
        let mut scratch = gold.clone();
        let mut edits = Vec::new();
        self.decide_into(c, choice, &mut scratch, &mut edits)?;
        Ok((!edits.is_empty()).then_some(Edit::Batch(edits)))
    }

    /// [`Adjudication::decide`] on `scratch` itself, pushing the edits it applied.
    fn decide_into(
        &self,
        c: &Cluster,
        choice: Choice,
        scratch: &mut AnnotationSet,
        edits: &mut Vec<Edit>,
    ) -> Result<(), NoIdLeft> {
        let gold_longest = longest(scratch).max(self.longest);
        self.decide_into_near(c, choice, scratch, gold_longest, edits)
    }

    /// [`Adjudication::decide_into`] with the longest span `scratch` may hold known.
    fn decide_into_near(
        &self,
        c: &Cluster,
        choice: Choice,
        scratch: &mut AnnotationSet,
        gold_longest: usize,
        edits: &mut Vec<Edit>,
    ) -> Result<(), NoIdLeft> {
        let apply = |edit: Edit, scratch: &mut AnnotationSet, edits: &mut Vec<Edit>| {
            if edit.apply(scratch).is_ok() {
                edits.push(edit);
            }
        };
        let old: Vec<u64> = near(scratch, &c.range, gold_longest)
            .filter(|a| a.label == c.label && a.start < c.range.end && c.range.start < a.end)
            .map(|a| a.id)
            .collect();
        for id in old {
            if let Some(edit) = Edit::remove(scratch, id) {
                apply(edit, scratch, edits);
            }
        }
        let chosen: Vec<usize> = match choice {
            Choice::Take(who) if who < self.annotators.len() => vec![who],
            Choice::Take(_) | Choice::Reject => Vec::new(),
            Choice::Union => (0..self.annotators.len()).collect(),
        };
        // (annotator, their span, the gold id it became)
        let mut added: Vec<(usize, u64, u64)> = Vec::new();
        for &who in &chosen {
            for a in self.version(c, who) {
                if scratch.has_span(&a.label, a.start, a.end) {
                    continue;
                }
                let id = scratch.allocate_id()?;
                let annotation = Annotation {
                    id,
                    annotators: self.provenance(who, a),
                    // Gold is decided: no longer "as suggested".
                    suggested: None,
                    ..a.clone()
                };
                apply(
                    Edit::Add {
                        place: Place::Annotations,
                        annotation,
                        relations: Vec::new(),
                    },
                    scratch,
                    edits,
                );
                added.push((who, a.id, id));
            }
        }
        for &(who, theirs, ours) in &added {
            let set = &self.sets[who];
            let at = self.relations_at[who]
                .get(&theirs)
                .map_or(&[][..], Vec::as_slice);
            for r in at.iter().filter_map(|&i| set.relations.get(i)) {
                let other_end = if r.from == theirs { r.to } else { r.from };
                let Some(other) = self.span(who, other_end) else {
                    continue;
                };
                let Some(gold_other) = find_span(scratch, &other.label, other.start, other.end)
                else {
                    continue;
                };
                let (from, to) = if r.from == theirs {
                    (ours, gold_other)
                } else {
                    (gold_other, ours)
                };
                let exists = scratch
                    .relations
                    .iter()
                    .any(|x| x.label == r.label && x.from == from && x.to == to);
                if !exists {
                    let relation = Relation {
                        id: scratch.allocate_id()?,
                        label: r.label.clone(),
                        from,
                        to,
                    };
                    apply(Edit::AddRelation(relation), scratch, edits);
                }
            }
        }
        Ok(())
    }

    /// One edit accepting every agreed cluster still open in `gold` (not those agreed only
    /// through a suggestion, unless [`Adjudication::take_suggested`]). A relation between two
    /// spans is added with the second of them (deciding a cluster links its spans to the gold
    /// spans already there, both ways).
    pub fn accept_agreed(
        &self,
        gold: &AnnotationSet,
        rejected: &dyn Fn(&str, usize, usize) -> bool,
    ) -> Result<Option<Edit>, NoIdLeft> {
        let mut scratch = gold.clone();
        let mut edits = Vec::new();
        // Gold only gets spans of the annotators here: its longest span is known throughout.
        let gold_longest = longest(gold).max(self.longest);
        for c in self.clusters.iter().filter(|c| !self.waits_for_decision(c)) {
            if !self.is_open_in(c, &scratch, gold_longest, rejected) {
                continue;
            }
            self.decide_into_near(c, Choice::Take(0), &mut scratch, gold_longest, &mut edits)?;
        }
        Ok((!edits.is_empty()).then_some(Edit::Batch(edits)))
    }
}

#[cfg(test)]
mod tests;
