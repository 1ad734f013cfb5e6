//! Edits: every change to an annotation set is an [`Edit`] value that knows its own inverse,
//! so undo and redo come for free ([`crate::history::History`]), and tests can replay any
//! sequence.

use std::collections::BTreeMap;

use crate::model::{Annotation, AnnotationSet, Place, Relation, SetContent, Status};

/// Why an edit could not be applied. The set is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no annotation with id {0}")]
    NoSuchAnnotation(u64),
    #[error("no relation with id {0}")]
    NoSuchRelation(u64),
    #[error("id {0} is already in use")]
    IdInUse(u64),
    #[error("an annotation \"{label}\" at {start}..{end} exists already")]
    DuplicateSpan {
        label: String,
        start: usize,
        end: usize,
    },
    #[error("relation {relation} names annotation {missing}, which does not exist")]
    DanglingRelation { relation: u64, missing: u64 },
    #[error("the set changed under this edit: {0}")]
    Stale(String),
}

/// One invertible change to an annotation set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Adds a span (to `annotations` or `orphans`) with the relations that hang on it.
    Add {
        place: Place,
        annotation: Annotation,
        relations: Vec<Relation>,
    },
    /// Removes a span and the relations that hang on it.
    Remove {
        place: Place,
        annotation: Annotation,
        relations: Vec<Relation>,
    },
    /// Changes a span's label and attributes together.
    Relabel {
        id: u64,
        old_label: String,
        old_attributes: BTreeMap<String, String>,
        new_label: String,
        new_attributes: BTreeMap<String, String>,
    },
    /// Sets (`Some`) or clears (`None`) one attribute.
    SetAttribute {
        id: u64,
        name: String,
        old: Option<String>,
        new: Option<String>,
    },
    SetNote {
        id: u64,
        old: Option<String>,
        new: Option<String>,
    },
    /// Sets or drops the mark of a span accepted unchanged from a suggestion
    /// ([`Annotation::suggested`]).
    SetSuggested {
        id: u64,
        old: Option<String>,
        new: Option<String>,
    },
    AddRelation(Relation),
    RemoveRelation(Relation),
    SetStatus {
        old: Status,
        new: Status,
    },
    /// Several edits that undo and redo as one (for example re-attaching an orphan).
    Batch(Vec<Edit>),
    /// Everything the set holds at once: a reload from disk, a merge with the disk's set.
    Replace {
        old: Box<SetContent>,
        new: Box<SetContent>,
    },
}

impl Edit {
    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        match self.clone() {
            Edit::Add {
                place,
                annotation,
                relations,
            } => Edit::Remove {
                place,
                annotation,
                relations,
            },
            Edit::Remove {
                place,
                annotation,
                relations,
            } => Edit::Add {
                place,
                annotation,
                relations,
            },
            Edit::Relabel {
                id,
                old_label,
                old_attributes,
                new_label,
                new_attributes,
            } => Edit::Relabel {
                id,
                old_label: new_label,
                old_attributes: new_attributes,
                new_label: old_label,
                new_attributes: old_attributes,
            },
            Edit::SetAttribute { id, name, old, new } => Edit::SetAttribute {
                id,
                name,
                old: new,
                new: old,
            },
            Edit::SetNote { id, old, new } => Edit::SetNote {
                id,
                old: new,
                new: old,
            },
            Edit::SetSuggested { id, old, new } => Edit::SetSuggested {
                id,
                old: new,
                new: old,
            },
            Edit::AddRelation(r) => Edit::RemoveRelation(r),
            Edit::RemoveRelation(r) => Edit::AddRelation(r),
            Edit::SetStatus { old, new } => Edit::SetStatus { old: new, new: old },
            Edit::Batch(edits) => Edit::Batch(edits.iter().rev().map(Edit::inverse).collect()),
            Edit::Replace { old, new } => Edit::Replace { old: new, new: old },
        }
    }

    /// Whether the edit sets the set's status (or replaces the set whole).
    pub fn sets_status(&self) -> bool {
        match self {
            Edit::SetStatus { .. } | Edit::Replace { .. } => true,
            Edit::Batch(edits) => edits.iter().any(Edit::sets_status),
            _ => false,
        }
    }

    /// Removing annotation or orphan `id`, with its relations; `None` if there is no such id.
    pub fn remove(set: &AnnotationSet, id: u64) -> Option<Edit> {
        let (place, annotation) = set.find(id)?;
        Some(Edit::Remove {
            place,
            annotation: annotation.clone(),
            relations: set.relations_of(id).cloned().collect(),
        })
    }

    /// Setting attribute `name` of annotation `id` to `value` (`None` clears it).
    pub fn set_attribute(
        set: &AnnotationSet,
        id: u64,
        name: &str,
        value: Option<String>,
    ) -> Option<Edit> {
        let (_, a) = set.find(id)?;
        Some(changed_from_suggestion(
            a,
            Edit::SetAttribute {
                id,
                name: name.to_owned(),
                old: a.attributes.get(name).cloned(),
                new: value,
            },
        ))
    }

    /// Setting the note of annotation `id` (`None` or empty clears it).
    pub fn set_note(set: &AnnotationSet, id: u64, note: Option<String>) -> Option<Edit> {
        let (_, a) = set.find(id)?;
        Some(Edit::SetNote {
            id,
            old: a.note.clone(),
            new: note.filter(|n| !n.is_empty()),
        })
    }

    /// Changing the label (and attributes) of annotation `id`.
    pub fn relabel(
        set: &AnnotationSet,
        id: u64,
        label: &str,
        attributes: BTreeMap<String, String>,
    ) -> Option<Edit> {
        let (_, a) = set.find(id)?;
        Some(changed_from_suggestion(
            a,
            Edit::Relabel {
                id,
                old_label: a.label.clone(),
                old_attributes: a.attributes.clone(),
                new_label: label.to_owned(),
                new_attributes: attributes,
            },
        ))
    }

    /// Moving orphan `id` back into the text at `start..end` (whose text is `text`), keeping
    /// its id, label, attributes, note and relations.
    pub fn reattach(
        set: &AnnotationSet,
        id: u64,
        start: usize,
        end: usize,
        text: String,
    ) -> Option<Edit> {
        let orphan = set.orphans.iter().find(|a| a.id == id)?;
        let relations: Vec<Relation> = set.relations_of(id).cloned().collect();
        let annotation = Annotation {
            start,
            end,
            text,
            ..orphan.clone()
        };
        Some(Edit::Batch(vec![
            Edit::Remove {
                place: Place::Orphans,
                annotation: orphan.clone(),
                relations: relations.clone(),
            },
            Edit::Add {
                place: Place::Annotations,
                annotation,
                relations,
            },
        ]))
    }

    /// Moving annotation `id`'s ends to `start..end` (its text follows), keeping its id, label,
    /// attributes, note and relations: one edit. `None` if there is no such annotation.
    pub fn resize(
        set: &AnnotationSet,
        id: u64,
        start: usize,
        end: usize,
        text: String,
    ) -> Option<Edit> {
        let old = set.annotation(id)?;
        let relations: Vec<Relation> = set.relations_of(id).cloned().collect();
        // A span moved is no longer as it was suggested.
        let annotation = Annotation {
            start,
            end,
            text,
            suggested: None,
            ..old.clone()
        };
        Some(Edit::Batch(vec![
            Edit::Remove {
                place: Place::Annotations,
                annotation: old.clone(),
                relations: relations.clone(),
            },
            Edit::Add {
                place: Place::Annotations,
                annotation,
                relations,
            },
        ]))
    }

    /// Applies the edit, or changes nothing and says why not.
    pub fn apply(&self, set: &mut AnnotationSet) -> Result<(), EditError> {
        match self {
            Edit::Add {
                place,
                annotation,
                relations,
            } => {
                if set.contains_id(annotation.id) {
                    return Err(EditError::IdInUse(annotation.id));
                }
                if *place == Place::Annotations
                    && set.has_span(&annotation.label, annotation.start, annotation.end)
                {
                    return Err(EditError::DuplicateSpan {
                        label: annotation.label.clone(),
                        start: annotation.start,
                        end: annotation.end,
                    });
                }
                for r in relations {
                    if set.contains_id(r.id) {
                        return Err(EditError::IdInUse(r.id));
                    }
                    for end in [r.from, r.to] {
                        if end != annotation.id && set.find(end).is_none() {
                            return Err(EditError::DanglingRelation {
                                relation: r.id,
                                missing: end,
                            });
                        }
                    }
                }
                set.insert_sorted(*place, annotation.clone());
                for r in relations {
                    set.insert_relation(r.clone());
                }
                Ok(())
            }
            Edit::Remove {
                place,
                annotation,
                relations,
            } => {
                let list = set.list_mut(*place);
                let Some(index) = list.iter().position(|a| a.id == annotation.id) else {
                    return Err(EditError::NoSuchAnnotation(annotation.id));
                };
                if list[index] != *annotation {
                    return Err(EditError::Stale(format!("annotation {}", annotation.id)));
                }
                let hanging: Vec<&Relation> = set.relations_of(annotation.id).collect();
                if hanging.len() != relations.len()
                    || hanging.iter().any(|r| !relations.contains(r))
                {
                    return Err(EditError::Stale(format!(
                        "relations of annotation {}",
                        annotation.id
                    )));
                }
                set.list_mut(*place).remove(index);
                set.relations
                    .retain(|r| r.from != annotation.id && r.to != annotation.id);
                Ok(())
            }
            Edit::Relabel {
                id,
                old_label,
                old_attributes,
                new_label,
                new_attributes,
            } => {
                let Some((place, a)) = set.find(*id) else {
                    return Err(EditError::NoSuchAnnotation(*id));
                };
                if &a.label != old_label || &a.attributes != old_attributes {
                    return Err(EditError::Stale(format!("label of annotation {id}")));
                }
                if place == Place::Annotations
                    && new_label != old_label
                    && set.has_span(new_label, a.start, a.end)
                {
                    return Err(EditError::DuplicateSpan {
                        label: new_label.clone(),
                        start: a.start,
                        end: a.end,
                    });
                }
                let list = set.list_mut(place);
                if let Some(a) = list.iter_mut().find(|a| a.id == *id) {
                    a.label = new_label.clone();
                    a.attributes = new_attributes.clone();
                }
                Ok(())
            }
            Edit::SetAttribute { id, name, old, new } => {
                let a = find_mut(set, *id)?;
                if a.attributes.get(name) != old.as_ref() {
                    return Err(EditError::Stale(format!("attribute {name} of {id}")));
                }
                match new {
                    Some(value) => a.attributes.insert(name.clone(), value.clone()),
                    None => a.attributes.remove(name),
                };
                Ok(())
            }
            Edit::SetNote { id, old, new } => {
                let a = find_mut(set, *id)?;
                if &a.note != old {
                    return Err(EditError::Stale(format!("note of {id}")));
                }
                a.note = new.clone();
                Ok(())
            }
            Edit::SetSuggested { id, old, new } => {
                let a = find_mut(set, *id)?;
                if &a.suggested != old {
                    return Err(EditError::Stale(format!("suggestion mark of {id}")));
                }
                a.suggested = new.clone();
                Ok(())
            }
            Edit::AddRelation(r) => {
                if set.contains_id(r.id) {
                    return Err(EditError::IdInUse(r.id));
                }
                for end in [r.from, r.to] {
                    if set.find(end).is_none() {
                        return Err(EditError::DanglingRelation {
                            relation: r.id,
                            missing: end,
                        });
                    }
                }
                set.insert_relation(r.clone());
                Ok(())
            }
            Edit::RemoveRelation(r) => {
                let Some(index) = set.relations.iter().position(|x| x.id == r.id) else {
                    return Err(EditError::NoSuchRelation(r.id));
                };
                if set.relations[index] != *r {
                    return Err(EditError::Stale(format!("relation {}", r.id)));
                }
                set.relations.remove(index);
                Ok(())
            }
            Edit::SetStatus { old, new } => {
                if set.status != *old {
                    return Err(EditError::Stale("status".into()));
                }
                set.status = *new;
                Ok(())
            }
            Edit::Replace { old, new } => {
                if !set.holds(old) {
                    return Err(EditError::Stale("the whole set".into()));
                }
                set.replace_content((**new).clone());
                Ok(())
            }
            Edit::Batch(edits) => {
                for (done, edit) in edits.iter().enumerate() {
                    if let Err(err) = edit.apply(set) {
                        for applied in edits[..done].iter().rev() {
                            // Each inverse undoes an edit that just succeeded, so it cannot fail.
                            let _ = applied.inverse().apply(set);
                        }
                        return Err(err);
                    }
                }
                Ok(())
            }
        }
    }
}

fn find_mut(set: &mut AnnotationSet, id: u64) -> Result<&mut Annotation, EditError> {
    let place = set
        .find(id)
        .map(|(place, _)| place)
        .ok_or(EditError::NoSuchAnnotation(id))?;
    set.list_mut(place)
        .iter_mut()
        .find(|a| a.id == id)
        .ok_or(EditError::NoSuchAnnotation(id))
}

/// `edit` changes span `a`; when `a` was accepted from a suggestion, the same undoable step
/// drops that mark (it is no longer the suggestion as it was).
fn changed_from_suggestion(a: &Annotation, edit: Edit) -> Edit {
    match &a.suggested {
        None => edit,
        Some(source) => Edit::Batch(vec![
            edit,
            Edit::SetSuggested {
                id: a.id,
                old: Some(source.clone()),
                new: None,
            },
        ]),
    }
}
