//! Comparing two annotators' sets of the same article: what the window's compare mode marks
//! and lists. Spans are compared as `agree` compares them, under their flat labels
//! ([`crate::labels`]): a person labelled as an organisation is another label, the same flat
//! label with other attributes (a quote's `form`) is another attribute.

use std::collections::HashMap;
use std::ops::Range;

use crate::edit::Edit;
use crate::labels::flat_label;
use crate::model::{Annotation, AnnotationSet};

/// How two sets differ at one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DifferenceKind {
    /// The other set has a span here that this one lacks.
    Missing,
    /// This set has a span here that the other one lacks.
    Extra,
    /// Same span, another (flat) label.
    OtherLabel,
    /// Same label, overlapping but with other start or end.
    OtherBoundaries,
    /// Same span and label, other attributes.
    OtherAttributes,
}

impl DifferenceKind {
    /// How the differences list names it.
    pub fn describe(self) -> &'static str {
        match self {
            DifferenceKind::Missing => "missing",
            DifferenceKind::Extra => "extra",
            DifferenceKind::OtherLabel => "other label",
            DifferenceKind::OtherBoundaries => "other boundaries",
            DifferenceKind::OtherAttributes => "other attributes",
        }
    }
}

/// One difference between "mine" (the set being edited) and "theirs" (the set compared with).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub kind: DifferenceKind,
    /// The text range it covers (both spans, when there are two).
    pub range: Range<usize>,
    /// The span of mine and of theirs it is about (ids in each set).
    pub mine: Option<u64>,
    pub theirs: Option<u64>,
}

/// What makes two spans the same span under another label: start, end and the schema label
/// (an entity stays an entity whatever its type).
fn flat(a: &Annotation) -> String {
    flat_label(&a.label, &a.attributes).0
}

/// Every difference between `mine` and `theirs`, sorted by where it starts. Spans equal in
/// range, flat label and attributes agree and are left out; the rest pair up, in this order,
/// as another label (same range), other attributes (same range and flat label), other
/// boundaries (overlapping, same flat label); what is left is missing or extra.
pub fn differences<'a>(mine: &'a AnnotationSet, theirs: &'a AnnotationSet) -> Vec<Difference> {
    // Exact agreement first, as a multiset (a set may hold the same span twice under
    // different labels, never twice the same).
    let key = |a: &'a Annotation| (a.start, a.end, a.label.as_str(), &a.attributes);
    let mut exact: HashMap<_, usize> = HashMap::new();
    for a in &theirs.annotations {
        *exact.entry(key(a)).or_default() += 1;
    }
    let mut left_mine = Vec::new();
    for a in &mine.annotations {
        match exact.get_mut(&key(a)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => left_mine.push(a),
        }
    }
    let mut exact_mine: HashMap<_, usize> = HashMap::new();
    for a in &mine.annotations {
        *exact_mine.entry(key(a)).or_default() += 1;
    }
    let mut left_theirs = Vec::new();
    for a in &theirs.annotations {
        match exact_mine.get_mut(&key(a)) {
            Some(n) if *n > 0 => *n -= 1,
            _ => left_theirs.push(a),
        }
    }

    let mut out = Vec::new();
    let mut used_mine = vec![false; left_mine.len()];
    let mut used_theirs = vec![false; left_theirs.len()];
    // Flat labels once (they are compared many times), and the longest span of mine: a span
    // of mine starting more than that before theirs cannot overlap it.
    let flat_mine: Vec<String> = left_mine.iter().map(|a| flat(a)).collect();
    let flat_theirs: Vec<String> = left_theirs.iter().map(|a| flat(a)).collect();
    let longest = left_mine.iter().map(|a| a.end - a.start).max().unwrap_or(0);
    let mut pair = |kind: DifferenceKind, fits: &dyn Fn(usize, usize) -> bool| {
        // Both lists are sorted by start: only spans of mine starting in
        // [their start - longest, their end) can overlap theirs.
        for (t, theirs_span) in left_theirs.iter().enumerate() {
            if used_theirs[t] {
                continue;
            }
            let from = left_mine.partition_point(|m| m.start + longest < theirs_span.start);
            let until =
                left_mine.partition_point(|m| m.start < theirs_span.end.max(theirs_span.start + 1));
            let found = (from..until.max(from)).find(|&m| !used_mine[m] && fits(m, t));
            if let Some(m) = found {
                used_mine[m] = true;
                used_theirs[t] = true;
                let a = left_mine[m];
                out.push(Difference {
                    kind,
                    range: a.start.min(theirs_span.start)..a.end.max(theirs_span.end),
                    mine: Some(a.id),
                    theirs: Some(theirs_span.id),
                });
            }
        }
    };
    let same_range = |m: usize, t: usize| {
        left_mine[m].start == left_theirs[t].start && left_mine[m].end == left_theirs[t].end
    };
    let overlap = |m: usize, t: usize| {
        left_mine[m].start < left_theirs[t].end && left_theirs[t].start < left_mine[m].end
    };
    pair(DifferenceKind::OtherLabel, &|m, t| {
        same_range(m, t)
            && left_mine[m].label == left_theirs[t].label
            && flat_mine[m] != flat_theirs[t]
    });
    pair(DifferenceKind::OtherAttributes, &|m, t| {
        same_range(m, t) && flat_mine[m] == flat_theirs[t]
    });
    pair(DifferenceKind::OtherBoundaries, &|m, t| {
        overlap(m, t) && flat_mine[m] == flat_theirs[t]
    });
    pair(DifferenceKind::OtherLabel, &|m, t| same_range(m, t));
    for (m, a) in left_mine.iter().enumerate() {
        if !used_mine[m] {
            out.push(Difference {
                kind: DifferenceKind::Extra,
                range: a.range(),
                mine: Some(a.id),
                theirs: None,
            });
        }
    }
    for (t, a) in left_theirs.iter().enumerate() {
        if !used_theirs[t] {
            out.push(Difference {
                kind: DifferenceKind::Missing,
                range: a.range(),
                mine: None,
                theirs: Some(a.id),
            });
        }
    }
    out.sort_by_key(|d| (d.range.start, d.range.end, d.kind));
    out
}

/// Why their version of a difference could not be taken.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TakeError {
    /// The difference no longer holds: one of its spans changed or went since it was listed.
    #[error("this difference has changed since it was listed")]
    Stale,
    /// Mine has the same label over their range already (another span of mine).
    #[error("you have a \"{label}\" at {start}..{end} already")]
    Duplicate {
        label: String,
        start: usize,
        end: usize,
    },
    /// The set refused the edit (it no longer fits what the ones before it left).
    #[error("{0}")]
    Refused(#[from] crate::edit::EditError),
    #[error(transparent)]
    NoIdLeft(#[from] crate::model::NoIdLeft),
}

/// The edit that makes `mine` agree with `theirs` at difference `d`, as one edit:
/// - missing: their span is added (a new id; no note, notes are one's own), with the relations
///   of theirs whose other end mine has too (same range and label), so a quote comes with
///   its speaker link;
/// - extra: mine is removed, with its relations;
/// - another label or other attributes: mine takes their label and attributes;
/// - other boundaries: mine moves to their range (its id, note and relations stay).
///
/// `mine` is changed only to hand out ids (apply the edit to it to take theirs).
pub fn take_theirs(
    mine: &mut AnnotationSet,
    theirs: &AnnotationSet,
    d: &Difference,
) -> Result<Edit, TakeError> {
    let theirs_span = match d.theirs {
        Some(id) => Some(theirs.annotation(id).ok_or(TakeError::Stale)?),
        None => None,
    };
    let mine_span = match d.mine {
        Some(id) => Some(mine.annotation(id).ok_or(TakeError::Stale)?.clone()),
        None => None,
    };
    let duplicate = |t: &Annotation| TakeError::Duplicate {
        label: t.label.clone(),
        start: t.start,
        end: t.end,
    };
    match (mine_span, theirs_span) {
        (None, Some(t)) => {
            if mine.has_span(&t.label, t.start, t.end) {
                return Err(duplicate(t));
            }
            let id = mine.allocate_id()?;
            let same_in_mine = |other: u64| {
                let o = theirs.annotation(other)?;
                mine.annotations
                    .iter()
                    .find(|m| {
                        (m.start, m.end, m.label.as_str()) == (o.start, o.end, o.label.as_str())
                    })
                    .map(|m| m.id)
            };
            let mut relations = Vec::new();
            for r in theirs.relations_of(t.id) {
                let (from, to) = if r.from == t.id {
                    match same_in_mine(r.to) {
                        Some(to) => (id, to),
                        None => continue,
                    }
                } else {
                    match same_in_mine(r.from) {
                        Some(from) => (from, id),
                        None => continue,
                    }
                };
                relations.push((r.label.clone(), from, to));
            }
            let mut with_ids = Vec::with_capacity(relations.len());
            for (label, from, to) in relations {
                with_ids.push(crate::model::Relation {
                    id: mine.allocate_id()?,
                    label,
                    from,
                    to,
                });
            }
            Ok(Edit::Add {
                place: crate::model::Place::Annotations,
                annotation: Annotation {
                    id,
                    note: None,
                    suggested: None,
                    ..t.clone()
                },
                relations: with_ids,
            })
        }
        (Some(m), None) => Edit::remove(mine, m.id).ok_or(TakeError::Stale),
        (Some(m), Some(t)) if (m.start, m.end) == (t.start, t.end) => {
            Edit::relabel(mine, m.id, &t.label, t.attributes.clone()).ok_or(TakeError::Stale)
        }
        (Some(m), Some(t)) => {
            if mine.has_span(&m.label, t.start, t.end) {
                return Err(duplicate(t));
            }
            let resize =
                Edit::resize(mine, m.id, t.start, t.end, t.text.clone()).ok_or(TakeError::Stale)?;
            if m.label == t.label && m.attributes == t.attributes {
                return Ok(resize);
            }
            Ok(Edit::Batch(vec![
                resize,
                Edit::Relabel {
                    id: m.id,
                    old_label: m.label.clone(),
                    old_attributes: m.attributes.clone(),
                    new_label: t.label.clone(),
                    new_attributes: t.attributes.clone(),
                },
            ]))
        }
        (None, None) => Err(TakeError::Stale),
    }
}

/// Every difference taken as theirs, as one edit (each against what the ones before it
/// left); how many were taken, and the first reason one could not be.
pub fn take_all_theirs(
    mine: &AnnotationSet,
    theirs: &AnnotationSet,
    list: &[Difference],
) -> Result<(Option<Edit>, usize, Option<TakeError>), crate::model::NoIdLeft> {
    let mut scratch = mine.clone();
    let mut edits = Vec::new();
    let mut first_problem = None;
    for d in list {
        match take_theirs(&mut scratch, theirs, d) {
            Ok(edit) => match edit.apply(&mut scratch) {
                Ok(()) => edits.push(edit),
                Err(e) => {
                    first_problem.get_or_insert(TakeError::Refused(e));
                }
            },
            Err(TakeError::NoIdLeft(e)) => return Err(e),
            Err(e) => {
                first_problem.get_or_insert(e);
            }
        }
    }
    let n = edits.len();
    Ok(((n > 0).then_some(Edit::Batch(edits)), n, first_problem))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{Annotation, AnnotationSet, Source};

    fn span(id: u64, label: &str, start: usize, end: usize, attrs: &[(&str, &str)]) -> Annotation {
        Annotation {
            id,
            label: label.into(),
            start,
            end,
            text: String::new(),
            attributes: attrs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<BTreeMap<_, _>>(),
            note: None,
            annotators: Vec::new(),
            suggested: None,
        }
    }

    fn set(spans: Vec<Annotation>) -> AnnotationSet {
        let mut set = AnnotationSet::new(
            Source {
                file: "a.txt".into(),
                sha256: String::new(),
                chars: 100,
            },
            None,
        );
        set.annotations = spans;
        set.sort();
        set
    }

    #[test]
    fn every_kind_of_difference_is_found_and_agreement_is_left_out() {
        let mine = set(vec![
            span(1, "entity", 0, 5, &[("type", "person")]),
            span(2, "entity", 10, 15, &[("type", "person")]),
            span(3, "quote", 20, 30, &[("form", "direct")]),
            span(4, "claim", 40, 50, &[]),
            span(5, "claim", 60, 70, &[]),
        ]);
        let theirs = set(vec![
            span(11, "entity", 0, 5, &[("type", "person")]),
            span(12, "entity", 10, 15, &[("type", "organization")]),
            span(13, "quote", 20, 30, &[("form", "indirect")]),
            span(14, "claim", 42, 50, &[]),
            span(15, "entity", 80, 85, &[("type", "location")]),
        ]);
        let found: Vec<(DifferenceKind, Option<u64>, Option<u64>)> = differences(&mine, &theirs)
            .into_iter()
            .map(|d| (d.kind, d.mine, d.theirs))
            .collect();
        assert_eq!(
            found,
            vec![
                (DifferenceKind::OtherLabel, Some(2), Some(12)),
                (DifferenceKind::OtherAttributes, Some(3), Some(13)),
                (DifferenceKind::OtherBoundaries, Some(4), Some(14)),
                (DifferenceKind::Extra, Some(5), None),
                (DifferenceKind::Missing, None, Some(15)),
            ]
        );
    }

    #[test]
    fn taking_theirs_makes_each_difference_agree_and_undoes_as_one_edit() {
        let mut mine = set(vec![
            span(1, "entity", 0, 5, &[("type", "person")]),
            span(2, "entity", 10, 15, &[("type", "person")]),
            span(3, "quote", 20, 30, &[("form", "direct")]),
            span(4, "claim", 40, 50, &[]),
            span(5, "claim", 60, 70, &[]),
        ]);
        mine.annotations[3].note = Some("my note".into());
        // As a set read from a file: ids up to its largest are handed out.
        mine.note_ids_used(mine.first_free_id());
        let mut theirs = set(vec![
            span(11, "entity", 0, 5, &[("type", "person")]),
            span(12, "entity", 10, 15, &[("type", "organization")]),
            span(13, "quote", 20, 30, &[("form", "indirect")]),
            span(14, "claim", 42, 50, &[]),
            span(15, "quote", 80, 90, &[("form", "direct")]),
        ]);
        theirs.annotations[4].note = Some("their note".into());
        // Their new quote is said by the person both have at 0..5.
        theirs.relations.push(crate::model::Relation {
            id: 20,
            label: "speaker".into(),
            from: 15,
            to: 11,
        });
        let before = mine.clone();
        let list = differences(&mine, &theirs);
        assert_eq!(list.len(), 5);
        // One at a time: each is gone once taken.
        let mut one_by_one = mine.clone();
        for d in &list {
            let edit = take_theirs(&mut one_by_one, &theirs, d).unwrap();
            edit.apply(&mut one_by_one).unwrap();
        }
        assert!(differences(&one_by_one, &theirs).is_empty());
        // The resized claim keeps its id and my note; the added quote has a new id, no note,
        // and its speaker link to my person.
        let claim = one_by_one.annotation(4).unwrap();
        assert_eq!((claim.start, claim.end), (42, 50));
        assert_eq!(claim.note.as_deref(), Some("my note"));
        let quote = one_by_one
            .annotations
            .iter()
            .find(|a| a.start == 80)
            .unwrap();
        assert!(quote.id > 5 && quote.note.is_none(), "{quote:?}");
        assert_eq!(
            one_by_one
                .relations
                .iter()
                .map(|r| (r.label.as_str(), r.from, r.to))
                .collect::<Vec<_>>(),
            vec![("speaker", quote.id, 1)]
        );
        // All at once: the same result, one edit, undone whole.
        let (edit, n, problem) = take_all_theirs(&mine, &theirs, &list).unwrap();
        assert_eq!((n, problem), (5, None));
        let edit = edit.unwrap();
        edit.apply(&mut mine).unwrap();
        assert!(differences(&mine, &theirs).is_empty());
        edit.inverse().apply(&mut mine).unwrap();
        assert_eq!(mine.annotations, before.annotations);
        assert_eq!(mine.relations, before.relations);
        // A difference that went stale is refused, changing nothing.
        let mut gone = before.clone();
        gone.annotations.retain(|a| a.id != 5);
        let extra = list
            .iter()
            .find(|d| d.kind == DifferenceKind::Extra)
            .unwrap();
        assert_eq!(
            take_theirs(&mut gone, &theirs, extra),
            Err(TakeError::Stale)
        );
    }

    #[test]
    fn identical_and_empty_sets_have_no_differences() {
        let a = set(vec![span(1, "claim", 0, 4, &[])]);
        assert!(differences(&a, &a).is_empty());
        assert!(differences(&set(vec![]), &set(vec![])).is_empty());
        let d = differences(&set(vec![]), &a);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DifferenceKind::Missing);
        assert_eq!(d[0].range, 0..4);
    }
}
