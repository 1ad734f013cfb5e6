//! Comparing two annotators' sets of the same article: what the window's compare mode marks
//! and lists. Spans are compared as `agree` compares them, under their flat labels
//! ([`crate::labels`]): a person labelled as an organisation is another label, the same flat
//! label with other attributes (a quote's `form`) is another attribute.

use std::collections::HashMap;
use std::ops::Range;

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
