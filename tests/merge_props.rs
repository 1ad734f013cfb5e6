//! Property tests of the three-way merge (src/merge.rs): from a random base set over a fixed
//! article, random edit scripts on both sides (each side handing out ids above the base's, as
//! the window does, so both sides' new items often share ids). The merged set always
//! validates; merging a side with itself or with the base gives that side; every change of a
//! side that no conflict touches is in the result; ids are unique and the merged set's next id
//! is above every id seen; resolving every conflict keeps the set whole.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use proptest::prelude::*;

use press_annotate::canonical::to_canonical_ron;
use press_annotate::merge::{Conflict, Resolution, merge, resolve};
use press_annotate::model::{Annotation, AnnotationSet, Relation, Source, Status};
use press_annotate::schema::Schema;
use press_annotate::store::{parse_set, sha256_hex};
use press_annotate::text::Article;
use press_annotate::validate::{Context, problems};

const TEXT: &str = "John Kerry met Sergei Lavrov in Geneva on Friday. \"We have reached an \
understanding on some issues,\" Kerry said, while one official warned that Moscow cannot be \
trusted. Lavrov said talks would go on, and the two will meet again in Vienna next week.";

const LABELS: [&str; 3] = ["claim", "quote", "entity"];

fn article() -> Article {
    Article::new(TEXT.to_owned())
}

fn empty_set() -> AnnotationSet {
    AnnotationSet::new(
        Source {
            file: "a.txt".to_owned(),
            sha256: sha256_hex(TEXT.as_bytes()),
            chars: TEXT.chars().count(),
        },
        Some("alice".to_owned()),
    )
}

/// The set's validity problems against the article and the default schema, after a trip
/// through its file text.
fn invalid(set: &AnnotationSet) -> Vec<String> {
    let text = to_canonical_ron(set);
    let path = Path::new("a.txt.alice.annotations.ron");
    let parsed = match parse_set(path, &text) {
        Ok(parsed) => parsed,
        Err(err) => return vec![err.to_string()],
    };
    let article = article();
    let sha = sha256_hex(TEXT.as_bytes());
    let schema = Schema::default();
    problems(
        &parsed,
        &Context {
            path,
            file_text: &text,
            article: &article,
            sha256: &sha,
            schema: &schema,
            expected_source: "a.txt",
            expected_annotator: Some("alice"),
        },
    )
    .into_iter()
    .map(|e| e.to_string())
    .collect()
}

#[derive(Clone, Debug)]
enum Op {
    Add(usize, usize, usize, usize),
    Remove(usize),
    Relabel(usize, usize),
    Resize(usize, isize, isize),
    Attribute(usize, usize),
    Note(usize, Option<String>),
    Relate(usize, usize),
    Unrelate(usize),
    Retarget(usize, usize),
    Orphan(usize),
    Status(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..240usize, 1..25usize, 0..3usize, 0..4usize)
            .prop_map(|(s, l, k, v)| Op::Add(s, l, k, v)),
        1 => (0..20usize).prop_map(Op::Remove),
        1 => (0..20usize, 0..3usize).prop_map(|(i, l)| Op::Relabel(i, l)),
        1 => (0..20usize, -3..4isize, -3..4isize).prop_map(|(i, a, b)| Op::Resize(i, a, b)),
        2 => (0..20usize, 0..4usize).prop_map(|(i, v)| Op::Attribute(i, v)),
        2 => (0..20usize, prop::option::of("[a-z \"é]{0,6}")).prop_map(|(i, n)| Op::Note(i, n)),
        3 => (0..20usize, 0..20usize).prop_map(|(a, b)| Op::Relate(a, b)),
        1 => (0..20usize).prop_map(Op::Unrelate),
        1 => (0..20usize, 0..20usize).prop_map(|(r, b)| Op::Retarget(r, b)),
        1 => (0..20usize).prop_map(Op::Orphan),
        1 => (0..3usize).prop_map(Op::Status),
    ]
}

/// A valid value of the label's one attribute.
fn attribute(label: &str, v: usize) -> (String, String) {
    let schema = Schema::default();
    let attr = &schema
        .label(label)
        .map(|l| l.attributes[0].clone())
        .unwrap();
    (
        attr.name.clone(),
        attr.values[v % attr.values.len()].clone(),
    )
}

fn span(id: u64, start: usize, end: usize, label: &str, v: usize) -> Annotation {
    let (key, value) = attribute(label, v);
    Annotation {
        id,
        label: label.to_owned(),
        start,
        end,
        text: article().slice(start..end).to_owned(),
        attributes: BTreeMap::from([(key, value)]),
        note: None,
        annotators: Vec::new(),
        suggested: None,
    }
}

/// Applies one op to a set, handing out ids from `next`; an op that would make the set invalid
/// is skipped (as the window refuses it).
fn apply(set: &mut AnnotationSet, next: &mut u64, op: &Op) {
    let n = TEXT.chars().count();
    let mut work = set.clone();
    let pick = |i: usize, len: usize| (len > 0).then(|| i % len);
    let relation_label = |from: &str| match from {
        "quote" => "speaker",
        _ => "claimer",
    };
    match op {
        Op::Add(start, len, label, v) => {
            let start = start % n;
            let end = (start + len).min(n);
            if start == end {
                return;
            }
            work.annotations
                .push(span(*next, start, end, LABELS[*label], *v));
            *next += 1;
        }
        Op::Remove(i) => {
            let Some(i) = pick(*i, work.annotations.len()) else {
                return;
            };
            let id = work.annotations.remove(i).id;
            work.relations.retain(|r| r.from != id && r.to != id);
        }
        Op::Relabel(i, label) => {
            let Some(i) = pick(*i, work.annotations.len()) else {
                return;
            };
            let a = &mut work.annotations[i];
            a.label = LABELS[*label].to_owned();
            a.attributes = BTreeMap::from([attribute(&a.label, 0)]);
        }
        Op::Resize(i, ds, de) => {
            let Some(i) = pick(*i, work.annotations.len()) else {
                return;
            };
            let a = &mut work.annotations[i];
            let start = (a.start as isize + ds).clamp(0, n as isize) as usize;
            let end = (a.end as isize + de).clamp(0, n as isize) as usize;
            if start >= end {
                return;
            }
            a.start = start;
            a.end = end;
            a.text = article().slice(start..end).to_owned();
        }
        Op::Attribute(i, v) => {
            let Some(i) = pick(*i, work.annotations.len()) else {
                return;
            };
            let a = &mut work.annotations[i];
            let (key, value) = attribute(&a.label, *v);
            a.attributes.insert(key, value);
        }
        Op::Note(i, note) => {
            let Some(i) = pick(*i, work.annotations.len()) else {
                return;
            };
            work.annotations[i].note = note.clone();
        }
        Op::Relate(a, b) => {
            // From a quote or a claim to an entity (what the schema allows).
            let spans: Vec<&Annotation> = work.annotations.iter().chain(&work.orphans).collect();
            let froms: Vec<&&Annotation> = spans.iter().filter(|s| s.label != "entity").collect();
            let tos: Vec<&&Annotation> = spans.iter().filter(|s| s.label == "entity").collect();
            let (Some(a), Some(b)) = (pick(*a, froms.len()), pick(*b, tos.len())) else {
                return;
            };
            let (from, to) = (froms[a], tos[b]);
            let relation = Relation {
                id: *next,
                label: relation_label(&from.label).to_owned(),
                from: from.id,
                to: to.id,
            };
            work.relations.push(relation);
            *next += 1;
        }
        Op::Unrelate(i) => {
            let Some(i) = pick(*i, work.relations.len()) else {
                return;
            };
            work.relations.remove(i);
        }
        Op::Retarget(r, b) => {
            let ids: Vec<u64> = work.annotations.iter().map(|a| a.id).collect();
            let (Some(r), Some(b)) = (pick(*r, work.relations.len()), pick(*b, ids.len())) else {
                return;
            };
            work.relations[r].to = ids[b];
        }
        Op::Orphan(i) => {
            let Some(i) = pick(*i, work.annotations.len()) else {
                return;
            };
            let a = work.annotations.remove(i);
            work.orphans.push(a);
        }
        Op::Status(s) => work.status = Status::ALL[*s],
    }
    work.sort();
    if invalid(&work).is_empty() {
        *set = work;
    }
}

fn edited(set: &AnnotationSet, next: u64, ops: &[Op]) -> AnnotationSet {
    let mut out = set.clone();
    let mut next = next;
    for op in ops {
        apply(&mut out, &mut next, op);
    }
    out
}

/// A span's identity by content, for theirs' additions (whose ids the merge may change).
fn key(a: &Annotation) -> (String, usize, usize) {
    (a.label.clone(), a.start, a.end)
}

type Spans = BTreeMap<u64, (bool, Annotation)>;

fn spans(set: &AnnotationSet) -> Spans {
    let mut out = BTreeMap::new();
    for a in &set.annotations {
        out.insert(a.id, (false, a.clone()));
    }
    for a in &set.orphans {
        out.insert(a.id, (true, a.clone()));
    }
    out
}

fn relations(set: &AnnotationSet) -> BTreeMap<u64, Relation> {
    set.relations.iter().map(|r| (r.id, r.clone())).collect()
}

/// Every id a conflict names, and every span key and relation label its versions have.
struct Touched {
    ids: HashSet<u64>,
    keys: HashSet<(String, usize, usize)>,
    relation_labels: HashSet<String>,
}

fn touched(conflicts: &[Conflict]) -> Touched {
    let mut t = Touched {
        ids: HashSet::new(),
        keys: HashSet::new(),
        relation_labels: HashSet::new(),
    };
    for c in conflicts {
        match c {
            Conflict::Annotation {
                id,
                base,
                ours,
                theirs,
            } => {
                t.ids.insert(*id);
                for a in [base, ours, theirs].into_iter().flatten() {
                    t.ids.insert(a.id);
                    t.keys.insert(key(a));
                }
            }
            Conflict::Relation {
                id,
                base,
                ours,
                theirs,
            } => {
                t.ids.insert(*id);
                for r in [base, ours, theirs].into_iter().flatten() {
                    t.ids.insert(r.id);
                    t.ids.insert(r.from);
                    t.ids.insert(r.to);
                    t.relation_labels.insert(r.label.clone());
                }
            }
            Conflict::Status { .. } => {}
        }
    }
    t
}

/// The changes of `side` (from `base`) that the merge must have kept: by id for the base's
/// items and for ours' additions; by content for theirs' additions.
fn check_changes_kept(
    base: &AnnotationSet,
    side: &AnnotationSet,
    merged: &AnnotationSet,
    conflicts: &[Conflict],
    is_ours: bool,
) -> Result<(), TestCaseError> {
    let t = touched(conflicts);
    let (b, s, m) = (spans(base), spans(side), spans(merged));
    let by_key: BTreeMap<(String, usize, usize), &Annotation> =
        merged.annotations.iter().map(|a| (key(a), a)).collect();
    for id in b.keys().chain(s.keys()).collect::<BTreeSet<_>>() {
        if t.ids.contains(id) {
            continue;
        }
        match (b.get(id), s.get(id)) {
            (Some(_), None) => prop_assert!(!m.contains_key(id), "removal of {id} kept"),
            (None, Some((orphan, a))) => {
                let found = if is_ours {
                    m.get(id).map(|(o, x)| (*o, x))
                } else if *orphan {
                    m.values()
                        .find(|(o, x)| *o && key(x) == key(a))
                        .map(|(o, x)| (*o, x))
                } else {
                    by_key.get(&key(a)).map(|x| (false, *x))
                };
                if !is_ours && t.keys.contains(&key(a)) {
                    continue;
                }
                let Some((o, x)) = found else {
                    return Err(TestCaseError::fail(format!("addition {a:?} lost")));
                };
                prop_assert_eq!(o, *orphan);
                prop_assert_eq!(key(x), key(a));
                if a.note.is_some() {
                    prop_assert_eq!(&x.note, &a.note);
                }
                for (k, v) in &a.attributes {
                    prop_assert_eq!(x.attributes.get(k), Some(v));
                }
            }
            (Some((bo, ba)), Some((so, sa))) => {
                let Some((mo, ma)) = m.get(id) else {
                    if ba != sa || bo != so {
                        return Err(TestCaseError::fail(format!("changed {id} lost")));
                    }
                    continue;
                };
                if bo != so {
                    prop_assert_eq!(mo, so);
                }
                if ba.label != sa.label {
                    prop_assert_eq!(&ma.label, &sa.label);
                }
                if (ba.start, ba.end) != (sa.start, sa.end) {
                    prop_assert_eq!((ma.start, ma.end), (sa.start, sa.end));
                }
                if ba.note != sa.note {
                    prop_assert_eq!(&ma.note, &sa.note);
                }
                let keys: BTreeSet<&String> =
                    ba.attributes.keys().chain(sa.attributes.keys()).collect();
                for k in keys {
                    if ba.attributes.get(k) != sa.attributes.get(k) {
                        prop_assert_eq!(ma.attributes.get(k), sa.attributes.get(k));
                    }
                }
            }
            (None, None) => {}
        }
    }
    let (br, sr, mr) = (relations(base), relations(side), relations(merged));
    for id in br.keys().chain(sr.keys()).collect::<BTreeSet<_>>() {
        if t.ids.contains(id) {
            continue;
        }
        match (br.get(id), sr.get(id)) {
            (Some(_), None) => prop_assert!(!mr.contains_key(id), "removal of relation {id} kept"),
            (None, Some(r)) if is_ours => {
                prop_assert_eq!(mr.get(id), Some(r), "ours' new relation {} lost", id);
            }
            (None, Some(r)) => {
                // Theirs' new relation: found by its label and its ends (by id for the base's
                // spans, by content for theirs' new ones).
                if t.relation_labels.contains(&r.label) {
                    continue;
                }
                let end_key = |end: u64| s.get(&end).map(|(_, a)| key(a));
                let (Some(from), Some(to)) = (end_key(r.from), end_key(r.to)) else {
                    continue;
                };
                if t.ids.contains(&r.from)
                    || t.ids.contains(&r.to)
                    || t.keys.contains(&from)
                    || t.keys.contains(&to)
                {
                    continue;
                }
                let matches = |end: u64, want: u64, want_key: &(String, usize, usize)| {
                    if b.contains_key(&want) {
                        end == want
                    } else {
                        m.get(&end).is_some_and(|(_, a)| &key(a) == want_key)
                    }
                };
                prop_assert!(
                    merged.relations.iter().any(|x| x.label == r.label
                        && matches(x.from, r.from, &from)
                        && matches(x.to, r.to, &to)),
                    "theirs' new relation {:?} lost",
                    r
                );
            }
            (Some(br), Some(sr)) => {
                let Some(mr) = mr.get(id) else {
                    prop_assert_eq!(br, sr, "changed relation {} lost", id);
                    continue;
                };
                if br.label != sr.label {
                    prop_assert_eq!(&mr.label, &sr.label);
                }
                if br.from != sr.from && is_ours {
                    prop_assert_eq!(mr.from, sr.from);
                }
                if br.to != sr.to && is_ours {
                    prop_assert_eq!(mr.to, sr.to);
                }
            }
            (None, None) => {}
        }
    }
    if base.status != side.status
        && !conflicts
            .iter()
            .any(|c| matches!(c, Conflict::Status { .. }))
    {
        prop_assert_eq!(merged.status, side.status);
    }
    Ok(())
}

/// Ids unique, relations' ends present, no two annotations with one label, start and end.
fn whole(set: &AnnotationSet) -> Result<(), String> {
    let mut ids = HashSet::new();
    for id in set
        .annotations
        .iter()
        .chain(&set.orphans)
        .map(|a| a.id)
        .chain(set.relations.iter().map(|r| r.id))
    {
        if !ids.insert(id) {
            return Err(format!("id {id} twice"));
        }
    }
    for r in &set.relations {
        if set.find(r.from).is_none() || set.find(r.to).is_none() {
            return Err(format!("relation {} points nowhere", r.id));
        }
    }
    let keys: HashSet<_> = set.annotations.iter().map(key).collect();
    if keys.len() != set.annotations.len() {
        return Err("two annotations with one label, start and end".to_owned());
    }
    Ok(())
}

fn max_id(sets: &[&AnnotationSet]) -> u64 {
    sets.iter().map(|s| s.max_id()).max().unwrap_or(0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn merges_are_valid_keep_every_unconflicted_change_and_are_identities_where_they_should_be(
        base_ops in prop::collection::vec(op(), 0..40),
        ours_ops in prop::collection::vec(op(), 0..14),
        theirs_ops in prop::collection::vec(op(), 0..14),
        how in prop::sample::select(vec![Resolution::Mine, Resolution::Theirs, Resolution::Both]),
    ) {
        let base = edited(&empty_set(), 1, &base_ops);
        let next = base.max_id() + 1;
        let ours = edited(&base, next, &ours_ops);
        let theirs = edited(&base, next, &theirs_ops);
        prop_assert!(invalid(&base).is_empty() && invalid(&ours).is_empty() && invalid(&theirs).is_empty());

        // Identities.
        for (b, o, t, want) in [
            (&base, &ours, &ours, &ours),
            (&base, &base, &theirs, &theirs),
            (&base, &ours, &base, &ours),
            (&base, &base, &base, &base),
        ] {
            let m = merge(b, o, t);
            prop_assert_eq!(&m.conflicts, &Vec::<Conflict>::new());
            prop_assert_eq!(to_canonical_ron(&m.set), to_canonical_ron(want));
        }

        let m = merge(&base, &ours, &theirs);
        let problems = invalid(&m.set);
        prop_assert!(problems.is_empty(), "merged set invalid: {:?}\n{}", problems, to_canonical_ron(&m.set));
        prop_assert!(whole(&m.set).is_ok());
        let seen = max_id(&[&base, &ours, &theirs]);
        prop_assert!(m.set.first_free_id().is_some_and(|next| next > seen));
        check_changes_kept(&base, &ours, &m.set, &m.conflicts, true)?;
        check_changes_kept(&base, &theirs, &m.set, &m.conflicts, false)?;

        // The other way round is valid too.
        let swapped = merge(&base, &theirs, &ours);
        prop_assert!(invalid(&swapped.set).is_empty());
        prop_assert_eq!(swapped.conflicts.is_empty(), m.conflicts.is_empty());

        // Resolving every conflict (errors leave the set as it was) keeps the set whole.
        let mut resolved = m.set.clone();
        for c in &m.conflicts {
            let before = resolved.clone();
            if resolve(&mut resolved, c, how).is_err() {
                prop_assert_eq!(&resolved, &before);
            }
            prop_assert!(whole(&resolved).is_ok(), "{:?} after {:?}", whole(&resolved), c);
        }
        // Mine leaves the merged set as it is.
        let mut mine = m.set.clone();
        for c in &m.conflicts {
            prop_assert!(resolve(&mut mine, c, Resolution::Mine).is_ok());
        }
        prop_assert_eq!(to_canonical_ron(&mine), to_canonical_ron(&m.set));
    }
}
