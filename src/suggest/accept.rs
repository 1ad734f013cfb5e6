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
