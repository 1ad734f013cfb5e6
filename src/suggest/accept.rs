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
}

/// The edit that accepts `s` into `set` (ids are taken from `set`; apply the edit to the
/// same set, as one undoable step).
pub fn edit_to_accept(
    set: &mut AnnotationSet,
    article: &Article,
    schema: &Schema,
    s: &Suggestion,
) -> Result<Edit, AcceptError> {
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
    let id = set.allocate_id();
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
                let entity = set.allocate_id();
                edits.push(Edit::Add {
                    place: Place::Annotations,
                    annotation: Annotation {
                        id: entity,
                        label: target.label.clone(),
                        start: speaker.start,
                        end: speaker.end,
                        text: article.slice(speaker.start..speaker.end).to_owned(),
                        attributes: target.attributes.clone(),
                        note: None,
                    },
                    relations: Vec::new(),
                });
                entity
            }
        };
        relations.push(Relation {
            id: set.allocate_id(),
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

/// Accepts every suggestion it can into `set` in one batch, linear in the suggestions (one
/// sort at the end), with the same result as accepting them one by one with
/// [`edit_to_accept`]: the same ids, the same speakers reused, the same duplicates refused.
/// A suggestion whose ids would overflow `u64` is refused with the reason, and nothing of it
/// is added.
pub fn accept_all(
    set: &mut AnnotationSet,
    article: &Article,
    schema: &Schema,
    suggestions: &[Suggestion],
) -> Accepted {
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
    let mut next = set.first_free_id();
    let mut added = Vec::new();
    let mut new_relations = Vec::new();
    for s in suggestions {
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
        let Some(first) = next.filter(|n| n.checked_add(wanted - 1).is_some()) else {
            refuse(
                &mut accepted,
                "no id left (the set's ids reach the largest number an id may be)".into(),
            );
            continue;
        };
        next = first.checked_add(wanted);
        let id = first;
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
                        attributes: target.attributes.clone(),
                        note: None,
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
        });
        new_relations.extend(relations);
    }
    if !added.is_empty() {
        set.annotations.extend(added);
        set.relations.extend(new_relations);
        set.sort();
        set.note_ids_used(next);
    }
    accepted
}
