//! A document's history: every change to what the user decided, the annotation set and the
//! rejections remembered beside it (rejected suggestions, rejected disagreements), is one
//! [`Change`] value that knows its inverse; [`History`] keeps them for undo and redo, so Ctrl+Z
//! takes back a rejection exactly as it takes back an edit.

use crate::edit::{Edit, EditError};
use crate::merge::Conflict;
use crate::model::AnnotationSet;
use crate::rejections::{Rejected, Rejections};

/// One invertible change to a set and its rejections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// An edit of the annotation set.
    Edit(Edit),
    /// Spans remembered as rejected (none of them was before).
    Reject(Vec<Rejected>),
    /// Rejections forgotten (each of them was there).
    Unreject(Vec<Rejected>),
    /// Several changes that undo and redo as one (a disagreement rejected while adjudicating
    /// removes gold's spans there and remembers the rejection).
    Steps(Vec<Change>),
    /// The open conflicts of a merge go from `old` to `new` (a merge opens them, settling one
    /// closes it).
    Conflicts {
        old: Vec<Conflict>,
        new: Vec<Conflict>,
    },
}

/// What a change applies to: the set and its rejections.
pub struct Target<'a> {
    pub set: &'a mut AnnotationSet,
    pub rejections: &'a mut Rejections,
    /// The open conflicts of a merge with the disk's set.
    pub conflicts: &'a mut Vec<Conflict>,
}

impl Change {
    /// The change that undoes this one.
    pub fn inverse(&self) -> Change {
        match self {
            Change::Edit(edit) => Change::Edit(edit.inverse()),
            Change::Reject(list) => Change::Unreject(list.clone()),
            Change::Unreject(list) => Change::Reject(list.clone()),
            Change::Steps(steps) => {
                Change::Steps(steps.iter().rev().map(Change::inverse).collect())
            }
            Change::Conflicts { old, new } => Change::Conflicts {
                old: new.clone(),
                new: old.clone(),
            },
        }
    }

    /// Whether the change touches the annotation set (not only the rejections).
    pub fn edits_set(&self) -> bool {
        match self {
            Change::Edit(_) => true,
            Change::Reject(_) | Change::Unreject(_) | Change::Conflicts { .. } => false,
            Change::Steps(steps) => steps.iter().any(Change::edits_set),
        }
    }

    /// Whether the change sets the set's status itself (or replaces the set whole).
    pub fn sets_status(&self) -> bool {
        match self {
            Change::Edit(edit) => edit.sets_status(),
            Change::Reject(_) | Change::Unreject(_) | Change::Conflicts { .. } => false,
            Change::Steps(steps) => steps.iter().any(Change::sets_status),
        }
    }

    /// Whether the change touches the rejections.
    pub fn changes_rejections(&self) -> bool {
        match self {
            Change::Edit(_) | Change::Conflicts { .. } => false,
            Change::Reject(list) | Change::Unreject(list) => !list.is_empty(),
            Change::Steps(steps) => steps.iter().any(Change::changes_rejections),
        }
    }

    /// The change as it would act on `rejections`: a rejection already remembered, or one to
    /// forget that is not there, is left out, so that the inverse undoes exactly what was done.
    pub fn normalized(self, rejections: &Rejections) -> Change {
        match self {
            Change::Edit(edit) => Change::Edit(edit),
            Change::Reject(mut list) => {
                list.retain(|r| !rejections.has(r));
                list.dedup();
                Change::Reject(list)
            }
            Change::Unreject(mut list) => {
                list.retain(|r| rejections.has(r));
                list.dedup();
                Change::Unreject(list)
            }
            Change::Steps(steps) => Change::Steps(
                steps
                    .into_iter()
                    .map(|s| s.normalized(rejections))
                    .collect(),
            ),
            conflicts @ Change::Conflicts { .. } => conflicts,
        }
    }

    /// Applies the change, or changes nothing and says why not.
    pub fn apply(&self, target: &mut Target<'_>) -> Result<(), EditError> {
        match self {
            Change::Edit(edit) => edit.apply(target.set),
            Change::Reject(list) => {
                for r in list {
                    target.rejections.reject(r.clone());
                }
                Ok(())
            }
            Change::Unreject(list) => {
                for r in list {
                    target.rejections.unreject(r);
                }
                Ok(())
            }
            Change::Conflicts { old, new } => {
                if target.conflicts != old {
                    return Err(EditError::Stale("the open conflicts".into()));
                }
                target.conflicts.clone_from(new);
                Ok(())
            }
            Change::Steps(steps) => {
                for (done, step) in steps.iter().enumerate() {
                    if let Err(err) = step.apply(target) {
                        for applied in steps[..done].iter().rev() {
                            // Each inverse undoes a change that just succeeded: it cannot fail.
                            let _ = applied.inverse().apply(target);
                        }
                        return Err(err);
                    }
                }
                Ok(())
            }
        }
    }
}

impl From<Edit> for Change {
    fn from(edit: Edit) -> Self {
        Change::Edit(edit)
    }
}

/// Undo and redo stacks of applied changes.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
}

impl History {
    /// Applies `change` and records it (rejections that were already remembered left out:
    /// see [`History::last`]); a new change clears what could be redone.
    pub fn apply(&mut self, target: &mut Target<'_>, change: Change) -> Result<(), EditError> {
        let change = change.normalized(target.rejections);
        change.apply(target)?;
        self.redo.clear();
        self.undo.push(change);
        Ok(())
    }

    /// Undoes the last change; the change undone, `None` when there is nothing to undo.
    pub fn undo(&mut self, target: &mut Target<'_>) -> Result<Option<&Change>, EditError> {
        let Some(change) = self.undo.pop() else {
            return Ok(None);
        };
        if let Err(err) = change.inverse().apply(target) {
            self.undo.push(change);
            return Err(err);
        }
        self.redo.push(change);
        Ok(self.redo.last())
    }

    /// Redoes the last undone change; the change redone, `None` when there is nothing to redo.
    pub fn redo(&mut self, target: &mut Target<'_>) -> Result<Option<&Change>, EditError> {
        let Some(change) = self.redo.pop() else {
            return Ok(None);
        };
        if let Err(err) = change.apply(target) {
            self.redo.push(change);
            return Err(err);
        }
        self.undo.push(change);
        Ok(self.undo.last())
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The change that the next undo would revert.
    pub fn last(&self) -> Option<&Change> {
        self.undo.last()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_set() -> AnnotationSet {
        AnnotationSet::new(
            crate::model::Source {
                file: "a.txt".into(),
                sha256: String::new(),
                chars: 10,
            },
            None,
        )
    }

    fn rejected(label: &str, start: usize) -> Rejected {
        Rejected::new(label, start, start + 3, "abc")
    }

    /// A rejection is undone and redone like an edit; one remembered twice is recorded once,
    /// so undoing the second rejection does not forget the first.
    #[test]
    fn rejections_undo_and_redo_exactly() {
        let mut set = empty_set();
        let mut rejections = Rejections::default();
        let mut conflicts = Vec::new();
        let mut history = History::default();
        let mut target = Target {
            set: &mut set,
            rejections: &mut rejections,
            conflicts: &mut conflicts,
        };
        history
            .apply(&mut target, Change::Reject(vec![rejected("quote", 0)]))
            .unwrap();
        history
            .apply(
                &mut target,
                Change::Reject(vec![rejected("quote", 0), rejected("claim", 5)]),
            )
            .unwrap();
        assert_eq!(target.rejections.len(), 2);
        history.undo(&mut target).unwrap();
        assert!(target.rejections.has(&rejected("quote", 0)));
        assert!(!target.rejections.has(&rejected("claim", 5)));
        history.undo(&mut target).unwrap();
        assert!(target.rejections.is_empty());
        history.redo(&mut target).unwrap();
        history.redo(&mut target).unwrap();
        assert_eq!(target.rejections.len(), 2);
        assert!(history.redo(&mut target).unwrap().is_none());
    }

    /// Steps undo as one, in reverse; a step that fails leaves everything as it was.
    #[test]
    fn steps_are_all_or_nothing() {
        let mut set = empty_set();
        let mut rejections = Rejections::default();
        let mut conflicts = Vec::new();
        let mut target = Target {
            set: &mut set,
            rejections: &mut rejections,
            conflicts: &mut conflicts,
        };
        let failing = Change::Steps(vec![
            Change::Reject(vec![rejected("quote", 0)]),
            Change::Edit(Edit::RemoveRelation(crate::model::Relation {
                id: 9,
                label: "speaker".into(),
                from: 1,
                to: 2,
            })),
        ]);
        let mut history = History::default();
        assert!(history.apply(&mut target, failing).is_err());
        assert!(target.rejections.is_empty());
        assert!(!history.can_undo());
    }
}
