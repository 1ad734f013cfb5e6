//! The open set's conflicts with the file on disk, as the session settles them: one by one,
//! all at once, or by leaving the merge (reload theirs, keep mine), with what it says.

use super::Session;

impl Session {
    /// Scrolls to the current conflict's annotation and says what it is.
    pub(super) fn show_conflict(&mut self) {
        let conflicts = self.doc.conflicts();
        let Some(conflict) = conflicts.get(self.conflict.min(conflicts.len().saturating_sub(1)))
        else {
            self.message = Some("No conflicts with the file on disk are open".into());
            return;
        };
        let summary = conflict.summary();
        let n = conflicts.len();
        let start = conflict
            .id()
            .and_then(|id| self.doc.find(id))
            .map(|(_, a)| a.start);
        if let Some(start) = start {
            self.scroll_to(start);
        }
        self.message = Some(format!(
            "Conflict {} of {n}: {summary} (Alt+M mine, Alt+T theirs, Alt+B both)",
            self.conflict + 1
        ));
    }

    /// Settles the conflict `index` (or every open one) as asked, as one undoable change.
    pub(super) fn settle(&mut self, index: Option<usize>, how: crate::merge::Resolution) {
        let open = self.doc.conflicts().len();
        if open == 0 {
            self.message = Some("No conflicts with the file on disk are open".into());
            return;
        }
        let result = match index {
            Some(i) => self.doc.settle(i.min(open - 1), how),
            None => self.doc.settle_all(how),
        };
        self.message = Some(match result {
            Ok(()) if self.doc.conflicts().is_empty() => {
                "Every conflict is settled: the merge can be saved (Ctrl+Z reopens them)".into()
            }
            Ok(()) => {
                self.conflict = self.conflict.min(self.doc.conflicts().len() - 1);
                format!(
                    "Settled; {} conflict(s) left (F4: next)",
                    self.doc.conflicts().len()
                )
            }
            Err(err) => format!("Not settled: {err}"),
        });
        self.after_disk_change();
    }

    /// Leaves the merge for the file's set, keeping mine as a copy beside it; `true` if done.
    pub fn reload_theirs(&mut self) -> bool {
        if self.doc.conflicts().is_empty() {
            self.message = Some("No conflicts with the file on disk are open".into());
            return false;
        }
        let result = self.doc.reload_theirs();
        let done = result.is_ok();
        self.message = Some(match result {
            Ok(copy) => format!(
                "Reloaded the set from disk; yours is kept as {} (Ctrl+Z comes back to it)",
                copy.display()
            ),
            Err(err) => format!("Not reloaded: {err}"),
        });
        self.after_disk_change();
        done
    }

    /// Leaves the merge keeping mine (the user saw what it drops); `true` if done.
    pub fn keep_mine(&mut self) -> bool {
        self.ask_keep_mine = false;
        let drops = self.doc.keep_mine_drops();
        let result = self.doc.keep_mine();
        let done = result.is_ok();
        self.message = Some(match result {
            Ok(()) => format!(
                "Kept yours; dropped the other program's changes ({drops}); saving writes yours over the file (Ctrl+Z takes them back)"
            ),
            Err(err) => format!("Not kept: {err}"),
        });
        self.after_disk_change();
        done
    }

    /// After the set was replaced by what changed on disk: a selection of something that is
    /// gone is dropped.
    pub fn after_disk_change(&mut self) {
        if self.selected.is_some_and(|id| self.doc.find(id).is_none()) {
            self.selected = None;
        }
        if self
            .selected_relation
            .is_some_and(|id| !self.doc.set().relations.iter().any(|r| r.id == id))
        {
            self.selected_relation = None;
        }
        if self
            .linking
            .as_ref()
            .is_some_and(|(id, _)| self.doc.find(*id).is_none())
        {
            self.linking = None;
        }
    }
}
