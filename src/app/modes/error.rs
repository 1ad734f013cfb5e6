//! Why a mode could not start or a mode's command did nothing, in the user's words (the status
//! bar shows them). Each names what it is about: the annotator, the label, or the file and its
//! problem.

use crate::annotator::display_name;
use crate::document::{ChangeError, LabelError};
use crate::edit::EditError;
use crate::error::{FileError, FileErrors};

#[derive(Debug, thiserror::Error)]
pub enum ModeError {
    /// A suggestion command with no suggestion chosen.
    #[error("No suggestion chosen: Tab goes to the next one")]
    NoSuggestion,
    /// Tab found no suggestion (with the reason when suggesting itself failed).
    #[error("{}", none_found(.problem.as_deref()))]
    NoneFound { problem: Option<String> },
    /// Accept-all found nothing it could accept.
    #[error("No {label} suggestion could be accepted")]
    NothingAccepted { label: String },
    /// The edit a command makes was refused (it overlaps, or the schema refuses it).
    #[error(transparent)]
    Refused(#[from] LabelError),
    /// The edit a mode makes did not apply.
    #[error(transparent)]
    Edit(#[from] EditError),
    /// A change of the document's history did not apply.
    #[error(transparent)]
    Change(ChangeError),
    /// The rejection is made (and can be undone) but its file could not be written.
    #[error("Rejected for now, but not remembered: {0}")]
    RejectionNotRemembered(FileError),
    /// The other sets of the article could not be read.
    #[error(transparent)]
    Unreadable(#[from] FileErrors),
    /// The rejections beside the set could not be read, so deciding could lose them.
    #[error(transparent)]
    RejectionsUnreadable(FileError),
    /// Compare with a colleague who has no set of this article.
    #[error("{} has no set of this article", display_name(.annotator))]
    NoSetOf { annotator: String },
}

fn none_found(problem: Option<&str>) -> String {
    match problem {
        Some(problem) => format!("No suggestions. {problem}"),
        None => "No suggestions here (toolbar: which sources are on)".to_owned(),
    }
}
