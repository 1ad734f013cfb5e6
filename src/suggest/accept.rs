//! Accepting a suggestion: one undoable edit that adds the span, and for a quote with a
//! speaker, the speaker's entity (when it is not annotated yet) and the speaker relation.

use crate::edit::Edit;
use crate::model::{Annotation, AnnotationSet, Place, Relation};
use crate::schema::Schema;
use crate::text::Article;

use super::suggestion::Suggestion;

/// Why a suggestion could not be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AcceptError {
    #[error("an annotation \"{0}\" at {1}..{2} exists already")]
    Exists(String, usize, usize),
    #[error("{0}")]
    Schema(String),
    #[error("the suggestion lies outside the article")]
    OutOfRange,
    #[error(transparent)]
    NoIdLeft(#[from] crate::model::NoIdLeft),
}

/// [`accept_all`] refused the whole batch: the suggestions it would add need more ids than
/// are left below `u64::MAX`. The set is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "no id left for {wanted} suggestion(s): they need {needed} fresh id(s) after the set's largest id {largest}, and an id is at most {max}; nothing was added, the set is left unchanged (renumber its ids to make room)",
    max = u64::MAX
)]
pub struct IdsExhausted {
    /// Suggestions that would have been added.
    pub wanted: usize,
    /// The ids they need.
    pub needed: u128,
    /// The set's largest id.
    pub largest: u64,
    /// The other suggestions, not added anyway, by reason.
    pub refused: std::collections::BTreeMap<String, usize>,
}

/// The edit that accepts `s` into `set` (ids are taken from `set`; apply the edit to the
/// same set, as one undoable step).
pub fn edit_to_accept(
    set: &mut AnnotationSet,
    article: &Article,
    schema: &Schema,
    s: &Suggestion,
) -> Result<Edit, AcceptError> {
    if !s.more_starts.is_empty() {
        // A propagated text at several places: each place not labelled yet, in one edit.
        let mut edits = Vec::new();
        let mut first_problem = None;
        for one in s.one_per_place() {
            match edit_to_accept(set, article, schema, &one) {
                Ok(edit) => edits.push(edit),
                Err(AcceptError::NoIdLeft(err)) => return Err(err.into()),
                Err(err) => {
                    first_problem.get_or_insert(err);
                }
            }
        }
        return match (edits.is_empty(), first_problem) {
            (true, Some(problem)) => Err(problem),
            _ => Ok(Edit::Batch(edits)),
        };
    }
    if s.start >= s.end || s.end > article.len_chars() {
        return Err(AcceptError::OutOfRange);
    }
    if let Some(problem) = schema.check_span(&s.label, &s.attributes) {
        return Err(AcceptError::Schema(problem));
    }
    if set.has_span(&s.label, s.start, s.end) {
        return Err(AcceptError::Exists(s.label.clone(), s.start, s.end));
    }
    let mut edits = Vec::new();
    let mut relations = Vec::new();
    let speaker = s
        .speaker
        .as_ref()
        .zip(super::speaker::speaker_target(schema, &s.label));
    let id = set.allocate_id()?;
    if let Some((speaker, target)) = speaker
        && speaker.start < speaker.end
        && speaker.end <= article.len_chars()
    {
        let existing = speaker
            .existing
            .filter(|id| set.find(*id).is_some())
            .or_else(|| {
                set.overlapping(speaker.start..speaker.end)
                    .find(|a| {
                        a.label == target.label && a.start == speaker.start && a.end == speaker.end
                    })
                    .map(|a| a.id)
            });
        let entity = match existing {
            Some(entity) => entity,
            None => {
                let entity = set.allocate_id()?;
                edits.push(Edit::Add {
                    place: Place::Annotations,
                    annotation: Annotation {
                        id: entity,
                        label: target.label.clone(),
                        start: speaker.start,
                        end: speaker.end,
                        text: article.slice(speaker.start..speaker.end).to_owned(),
                        attributes: target.attributes_for(speaker).clone(),
                        note: None,
                        annotators: Vec::new(),
                        suggested: Some(s.source.as_str().to_owned()),
                    },
                    relations: Vec::new(),
                });
                entity
            }
        };
        relations.push(Relation {
            id: set.allocate_id()?,
            label: target.relation.clone(),
            from: id,
            to: entity,
        });
    }
    edits.push(Edit::Add {
        place: Place::Annotations,
        annotation: Annotation {
            id,
            label: s.label.clone(),
            start: s.start,
            end: s.end,
            text: article.slice(s.start..s.end).to_owned(),
            attributes: s.attributes.clone(),
            note: None,
            annotators: Vec::new(),
            suggested: Some(s.source.as_str().to_owned()),
        },
        relations,
    });
    Ok(if edits.len() == 1 {
        edits.remove(0)
    } else {
        Edit::Batch(edits)
    })
}

/// What [`accept_all`] did: what it added, and every suggestion it could not add with why.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// Spans added, by label (speaker entities included).
    pub spans: std::collections::BTreeMap<String, usize>,
    /// Relations added, by label.
    pub relations: std::collections::BTreeMap<String, usize>,
    /// Suggestions not added, by reason.
    pub refused: std::collections::BTreeMap<String, usize>,
}

/// Accepts every suggestion it can (each place of one, for a propagated text) into `set` in
/// one batch, linear in the suggestions (one
/// sort at the end), with the same result as accepting them one by one with
/// [`edit_to_accept`]: the same ids, the same speakers reused, the same duplicates refused.
/// When the suggestions it would add need more ids than are left below `u64::MAX`, the whole
/// batch is refused ([`IdsExhausted`]) and `set` is left as it was: never half-applied.
pub fn accept_all(
    set: &mut AnnotationSet,
    article: &Article,
    schema: &Schema,
    suggestions: &[Suggestion],
) -> Result<Accepted, IdsExhausted> {
    use std::collections::{HashMap, HashSet};
    let mut accepted = Accepted::default();
    let refuse = |accepted: &mut Accepted, why: String| {
        *accepted.refused.entry(why).or_default() += 1;
    };
    let mut spans: HashMap<(String, usize, usize), u64> = set
        .annotations
        .iter()
        .map(|a| ((a.label.clone(), a.start, a.end), a.id))
        .collect();
    let ids: HashSet<u64> = set
        .annotations
        .iter()
        .chain(&set.orphans)
        .map(|a| a.id)
        .collect();
    // Counted in u128 so that running past u64::MAX is seen, not wrapped.
    let first_free = set
        .first_free_id()
        .map_or(u128::from(u64::MAX) + 1, u128::from);
    let mut next = first_free;
    let mut wanted_suggestions = 0usize;
    let mut added = Vec::new();
    let mut new_relations = Vec::new();
    for s in suggestions.iter().flat_map(Suggestion::one_per_place) {
        let s = &s;
        if s.start >= s.end || s.end > article.len_chars() {
            refuse(&mut accepted, AcceptError::OutOfRange.to_string());
            continue;
        }
        if let Some(problem) = schema.check_span(&s.label, &s.attributes) {
            refuse(&mut accepted, problem);
            continue;
        }
        if spans.contains_key(&(s.label.clone(), s.start, s.end)) {
            refuse(
                &mut accepted,
                "an annotation of that label and span exists already".into(),
            );
            continue;
        }
        let speaker = s
            .speaker
            .as_ref()
            .zip(super::speaker::speaker_target(schema, &s.label))
            .filter(|(sp, _)| sp.start < sp.end && sp.end <= article.len_chars());
        let existing = speaker.as_ref().and_then(|(sp, target)| {
            sp.existing.filter(|id| ids.contains(id)).or_else(|| {
                spans
                    .get(&(target.label.clone(), sp.start, sp.end))
                    .copied()
            })
        });
        // The ids this suggestion takes: the span, then a new speaker entity and the relation.
        let wanted = match (&speaker, existing) {
            (None, _) => 1,
            (Some(_), Some(_)) => 2,
            (Some(_), None) => 3,
        };
        wanted_suggestions += 1;
        let first = next;
        next += wanted;
        // Past u64::MAX the whole batch is refused at the end (nothing is added); until then
        // the loop goes on counting what is wanted, with placeholder ids.
        let id = u64::try_from(next - 1).map_or(0, |_| first as u64);
        let wanted = wanted as u64;
        let mut relations = Vec::new();
        if let Some((sp, target)) = speaker {
            let entity = match existing {
                Some(entity) => entity,
                None => {
                    let entity = id + 1;
                    spans.insert((target.label.clone(), sp.start, sp.end), entity);
                    *accepted.spans.entry(target.label.clone()).or_default() += 1;
                    added.push(Annotation {
                        id: entity,
                        label: target.label.clone(),
                        start: sp.start,
                        end: sp.end,
                        text: article.slice(sp.start..sp.end).to_owned(),
                        attributes: target.attributes_for(sp).clone(),
                        note: None,
                        annotators: Vec::new(),
                        suggested: Some(s.source.as_str().to_owned()),
                    });
                    entity
                }
            };
            *accepted
                .relations
                .entry(target.relation.clone())
                .or_default() += 1;
            relations.push(Relation {
                id: id + wanted - 1,
                label: target.relation.clone(),
                from: id,
                to: entity,
            });
        }
        spans.insert((s.label.clone(), s.start, s.end), id);
        *accepted.spans.entry(s.label.clone()).or_default() += 1;
        added.push(Annotation {
            id,
            label: s.label.clone(),
            start: s.start,
            end: s.end,
            text: article.slice(s.start..s.end).to_owned(),
            attributes: s.attributes.clone(),
            note: None,
            annotators: Vec::new(),
            suggested: Some(s.source.as_str().to_owned()),
        });
        new_relations.extend(relations);
    }
    if u64::try_from(next - 1).is_err() {
        return Err(IdsExhausted {
            wanted: wanted_suggestions,
            needed: next - first_free,
            largest: set.max_id(),
            refused: accepted.refused,
        });
    }
    if !added.is_empty() {
        set.annotations.extend(added);
        set.relations.extend(new_relations);
        set.sort();
        set.note_ids_used(u64::try_from(next).ok());
    }
    Ok(accepted)
}
