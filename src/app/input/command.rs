//! Everything the window can do, as values, with the words menus, tooltips and Help →
//! Keyboard shortcuts show for them (their keys are in [`super::keymap`]).

use std::ops::Range;
use std::path::PathBuf;

use crate::model::Status;

/// One thing the user asked for. Widgets push commands; the app applies them once, at the end
/// of the frame.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// File → Open… with the native dialog (falls back to the path field).
    Open,
    /// File → Open path…: the in-app path field, which completes paths.
    OpenPathField,
    /// Open an article, an annotation file or a folder.
    OpenPath(PathBuf),
    /// File → Open folder… with the native dialog (falls back to the path field).
    OpenFolder,
    /// Close the folder panel (the article stays open).
    CloseFolder,
    /// The next / previous article of the folder's list.
    NextArticle,
    PreviousArticle,
    /// Mark the article Done, save it and open the next article of the folder not Done.
    DoneAndNext,
    /// Settings → Annotator name…
    EditAnnotator,
    /// Settings → Labels…: the schema editor.
    ToggleSchemaEditor,
    /// A change made in the schema editor (checked, then written to the schema file).
    EditSchema(crate::schema_edit::SchemaChange),
    /// "Rename everywhere": the rename waiting in the schema editor, across the folder.
    ConfirmSchemaChange,
    /// Read and write this annotator's sets from now on (`None`: the unnamed set).
    SetAnnotator(Option<String>),
    Save,
    SaveAs,
    SaveAsPath(PathBuf),
    /// File → Export…: the article or its folder as a dataset.
    Export,
    /// File → Ingest pages…: saved pages, WARC files, feeds, news dumps into articles.
    IngestPages,
    /// The ingest window for these pages (dropped on the window, or an `.html` opened).
    IngestPaths(Vec<PathBuf>),
    /// Read the open folder's list again (articles were added to it).
    ReloadFolder,
    Quit,
    Undo,
    Redo,
    /// Delete the selected annotation.
    Delete,
    /// Esc: close the window on top, else leave link mode, close the find bar, clear the
    /// selected annotation, else the text selection.
    Escape,
    /// A click on nothing in the text: leave link mode, clear the selected annotation,
    /// relation and text (windows and the find bar stay open).
    Deselect,
    Find,
    /// Select the first match of the query (as it is typed).
    FindFirst,
    FindNext,
    FindPrevious,
    /// Ctrl + / Ctrl − / Ctrl+0: the whole interface's zoom.
    ZoomIn,
    ZoomOut,
    ZoomReset,
    /// View → Larger / Smaller article text: the article's text size alone.
    LargerText,
    SmallerText,
    /// View → Side panel (the selected annotation, relations, conflicts) and Folder panel.
    ToggleSidePanel,
    ToggleFolderPanel,
    /// View → Headlines in the folder list (instead of file names, for ingested articles).
    ToggleHeadlines,
    ToggleDarkMode,
    ToggleAutosave,
    ToggleShortcuts,
    /// View → Statistics: the article's or the folder's numbers as charts.
    ToggleStatistics,
    CycleStatus,
    SetStatus(Status),
    /// Label the selection with the schema key bound to this letter.
    LabelKey(char),
    /// Label the selection with the n-th toolbar label (0-based; keys 1–9).
    LabelSlot(usize),
    /// Select an annotation where it stands (a click in the text).
    SelectAnnotation(u64),
    /// Select an annotation and scroll to it (from a list).
    GoToAnnotation(u64),
    /// Select a span of text (and scroll to it).
    SelectText(Range<usize>),
    DeleteAnnotation(u64),
    Relabel {
        id: u64,
        label: String,
    },
    SetAttribute {
        id: u64,
        name: String,
        value: String,
    },
    SetNote {
        id: u64,
        note: String,
    },
    /// Start link mode: the next annotation clicked becomes the relation's other end.
    StartLink {
        from: u64,
        label: String,
    },
    /// `r`: with a span selected, start link mode with the first relation label the schema
    /// allows from it; again, the next allowed label.
    LinkNext,
    /// In link mode: the annotation clicked as the relation's other end.
    LinkTo(u64),
    /// Select a relation (a click on its connector).
    SelectRelation(u64),
    Unrelate(u64),
    /// Put an orphan back into the text at the current selection.
    Reattach(u64),
    OpenRecent(PathBuf),
    /// View → Compare with: another annotator's set over one's own (`None`: stop comparing).
    CompareWith(Option<String>),
    /// F4 / Shift+F4: the next / previous difference (compare) or disagreement (adjudication).
    NextDifference,
    PreviousDifference,
    /// A difference of the compare list, by index.
    GoToDifference(usize),
    /// Linking, Tab / Shift+Tab: the next / previous span the linked one may link to
    /// (nearest first).
    StepLinkTarget {
        forward: bool,
    },
    /// Linking, Enter: link to the span Tab went to.
    LinkToTarget,
    /// Ctrl+Tab / Ctrl+Shift+Tab: the current suggested quote's next / previous speaker
    /// candidate (or none), before Enter accepts it.
    CycleSpeaker {
        forward: bool,
    },
    /// The current suggested quote's speaker: candidate N of the side panel's list, or none.
    ChooseSpeaker(Option<usize>),
    /// Comparing, Enter: take their version of the current difference into one's own set
    /// (one undoable edit), then go to the next.
    TakeTheirs,
    /// Comparing, Ctrl+Shift+Enter: take their version of every difference (one edit).
    TakeAllTheirs,
    /// File → Adjudicate folder… (native dialog, falls back to the path field).
    AdjudicateFolder,
    /// Adjudicate this folder's articles into gold sets.
    OpenAdjudication(PathBuf),
    /// Leave adjudication: back to one's own sets.
    StopAdjudicating,
    /// Adjudication: decide the current disagreement (1–9, a, x).
    Decide(crate::adjudicate::Choice),
    /// Settings → accept what all annotators agree on when adjudicating.
    ToggleAutoAccept,
    /// Settings → Adjudicating: accept agreement that only comes from the same suggestion.
    ToggleAutoAcceptSuggested,
    /// Tab / Shift+Tab: the next / previous suggestion.
    NextSuggestion,
    PreviousSuggestion,
    /// Enter: accept the current suggestion.
    AcceptSuggestion,
    /// `x`: reject the current suggestion (remembered).
    RejectSuggestion,
    /// Ctrl+Shift+Enter: accept every suggestion with the current one's label.
    AcceptAllSuggestions,
    /// The toolbar's toggle of a suggestion source.
    ToggleSuggestions(crate::suggest::SuggestionSource),
    /// Settle the current conflict of a merge with the file on disk.
    SettleConflict(crate::merge::Resolution),
    /// Settle every open conflict the same way.
    SettleAllConflicts(crate::merge::Resolution),
    /// Make a conflict of the list the current one, by index.
    GoToConflict(usize),
    /// Move the caret (arrows, Home/End, PageUp/PageDown, Space); the selection goes.
    MoveCaret(crate::app::state::caret::CaretMove),
    /// Move the caret with Shift held: the selection grows or shrinks with it.
    ExtendSelection(crate::app::state::caret::CaretMove),
    /// Put the caret at a char (the view's answer to a move by line or page), extending the
    /// selection or not.
    PlaceCaret {
        at: usize,
        extend: bool,
    },
    /// Move an end of the selected annotation by a word (Alt+arrows: the end; with Shift, the
    /// start), as one undoable edit.
    MoveSpanEdge {
        edge: crate::app::state::caret::SpanEdge,
        forward: bool,
    },
    /// Give an annotation new ends (a handle dragged), as one undoable edit.
    ResizeAnnotation {
        id: u64,
        range: std::ops::Range<usize>,
    },
    /// Leave the merge: show the file's set, keeping mine as a copy beside it.
    ReloadTheirs,
    /// Leave the merge: drop the other program's changes (asks first, showing what is lost).
    KeepMine,
}

impl Command {
    /// Whether the command acts on the open article's text (keys that give it do nothing
    /// while none is open).
    pub fn needs_article(&self) -> bool {
        matches!(
            self,
            Command::LabelKey(_)
                | Command::LabelSlot(_)
                | Command::Decide(_)
                | Command::RejectSuggestion
        )
    }

    /// What the command does, for menus, tooltips and the shortcuts window.
    pub fn title(&self) -> String {
        match self {
            Command::Open => "Open…".into(),
            Command::OpenPathField => "Open path…".into(),
            Command::OpenPath(path) | Command::OpenRecent(path) => {
                format!("Open {}", path.display())
            }
            Command::OpenFolder => "Open folder…".into(),
            Command::CloseFolder => "Close folder".into(),
            Command::NextArticle => "Next article".into(),
            Command::PreviousArticle => "Previous article".into(),
            Command::DoneAndNext => "Mark Done and open the next article not done".into(),
            Command::EditAnnotator => "Annotator name…".into(),
            Command::ToggleSchemaEditor => "Labels…".into(),
            Command::EditSchema(change) => format!("Change the schema: {change:?}"),
            Command::ConfirmSchemaChange => "Rename across the folder".into(),
            Command::SetAnnotator(name) => match name {
                Some(name) => format!("Annotate as {name}"),
                None => "Annotate without a name".into(),
            },
            Command::Save => "Save".into(),
            Command::SaveAs | Command::SaveAsPath(_) => "Save as…".into(),
            Command::Export => "Export…".into(),
            Command::IngestPages => "Ingest pages…".into(),
            Command::IngestPaths(paths) => format!("Ingest {} page file(s)", paths.len()),
            Command::ReloadFolder => "Read the folder again".into(),
            Command::Quit => "Quit".into(),
            Command::Undo => "Undo".into(),
            Command::Redo => "Redo".into(),
            Command::Delete => "Delete the selected annotation or relation".into(),
            Command::Escape => "Close a window or the find bar / clear the selection".into(),
            Command::Deselect => "Clear the selection".into(),
            Command::Find => "Find…".into(),
            Command::FindFirst => "Find first".into(),
            Command::FindNext => "Find next".into(),
            Command::FindPrevious => "Find previous".into(),
            Command::ZoomIn => "Zoom in".into(),
            Command::ZoomOut => "Zoom out".into(),
            Command::ZoomReset => "Actual size".into(),
            Command::LargerText => "Larger article text".into(),
            Command::SmallerText => "Smaller article text".into(),
            Command::ToggleSidePanel => "Show the side panel".into(),
            Command::ToggleFolderPanel => "Show the folder panel".into(),
            Command::ToggleHeadlines => "Headlines in the folder list".into(),
            Command::ToggleDarkMode => "Dark theme".into(),
            Command::ToggleAutosave => "Autosave".into(),
            Command::ToggleShortcuts => "Keyboard shortcuts".into(),
            Command::ToggleStatistics => "Statistics".into(),
            Command::CycleStatus => "Next article status (Todo, In progress, Done)".into(),
            Command::SetStatus(status) => format!("Mark as {}", status.display_name()),
            Command::LabelKey(key) => format!("Label with key {key}"),
            Command::LabelSlot(slot) => format!("Label with toolbar label {}", slot + 1),
            Command::SelectAnnotation(id) => format!("Select annotation {id}"),
            Command::GoToAnnotation(id) => format!("Go to annotation {id}"),
            Command::SelectText(range) => format!("Select {}–{}", range.start, range.end),
            Command::DeleteAnnotation(id) => format!("Delete annotation {id}"),
            Command::Relabel { label, .. } => format!("Relabel as {label}"),
            Command::SetAttribute { name, value, .. } => format!("Set {name} to {value}"),
            Command::SetNote { .. } => "Set note".into(),
            Command::StartLink { label, .. } => format!("Link {label}…"),
            Command::LinkNext => "Link the selected span (again: the next relation label)".into(),
            Command::LinkTo(id) => format!("Link to annotation {id}"),
            Command::SelectRelation(id) => format!("Select relation {id}"),
            Command::Unrelate(id) => format!("Remove relation {id}"),
            Command::Reattach(id) => format!("Re-attach orphan {id} to the selection"),
            Command::CompareWith(Some(name)) => {
                format!("Compare with {}", crate::annotator::display_name(name))
            }
            Command::CompareWith(None) => "Stop comparing".into(),
            Command::NextDifference => "Next difference, disagreement or conflict".into(),
            Command::PreviousDifference => "Previous difference, disagreement or conflict".into(),
            Command::GoToDifference(i) => format!("Go to difference {}", i + 1),
            Command::TakeTheirs => "Take their version of this difference".into(),
            Command::StepLinkTarget { forward: true } => "Next span to link to".into(),
            Command::StepLinkTarget { forward: false } => "Previous span to link to".into(),
            Command::LinkToTarget => "Link to this span".into(),
            Command::CycleSpeaker { forward: true } => "Next speaker candidate".into(),
            Command::CycleSpeaker { forward: false } => "Previous speaker candidate".into(),
            Command::ChooseSpeaker(Some(i)) => format!("Speaker candidate {}", i + 1),
            Command::ChooseSpeaker(None) => "No speaker".into(),
            Command::TakeAllTheirs => "Take their version of every difference".into(),
            Command::AdjudicateFolder => "Adjudicate folder…".into(),
            Command::OpenAdjudication(path) => format!("Adjudicate {}", path.display()),
            Command::StopAdjudicating => "Stop adjudicating".into(),
            Command::Decide(choice) => match choice {
                crate::adjudicate::Choice::Take(n) => format!("Take annotator {}'s version", n + 1),
                crate::adjudicate::Choice::Union => "Take every version".into(),
                crate::adjudicate::Choice::Reject => "Reject".into(),
            },
            Command::ToggleAutoAccept => "Accept what all annotators agree on".into(),
            Command::ToggleAutoAcceptSuggested => {
                "Accept it also when all only accepted the same suggestion".into()
            }
            Command::NextSuggestion => "Next suggestion".into(),
            Command::PreviousSuggestion => "Previous suggestion".into(),
            Command::AcceptSuggestion => "Accept the suggestion".into(),
            Command::RejectSuggestion => "Reject the suggestion".into(),
            Command::AcceptAllSuggestions => "Accept all suggestions of this label".into(),
            Command::ToggleSuggestions(source) => format!("Suggestions from {}", source.as_str()),
            Command::SettleConflict(how) => match how {
                crate::merge::Resolution::Mine => "Conflict: take mine".into(),
                crate::merge::Resolution::Theirs => "Conflict: take theirs".into(),
                crate::merge::Resolution::Both => "Conflict: keep both".into(),
            },
            Command::SettleAllConflicts(how) => match how {
                crate::merge::Resolution::Mine => "Every conflict: keep mine".into(),
                crate::merge::Resolution::Theirs => "Every conflict: take theirs".into(),
                crate::merge::Resolution::Both => "Every conflict: keep both".into(),
            },
            Command::GoToConflict(i) => format!("Go to conflict {}", i + 1),
            Command::MoveCaret(how) => format!("Move the caret {}", how.title()),
            Command::ExtendSelection(how) => format!("Extend the selection {}", how.title()),
            Command::PlaceCaret { .. } => "Place the caret".into(),
            Command::MoveSpanEdge { edge, forward } => format!(
                "Move the selected annotation's {} a word {}",
                match edge {
                    crate::app::state::caret::SpanEdge::Start => "start",
                    crate::app::state::caret::SpanEdge::End => "end",
                },
                if *forward { "right" } else { "left" }
            ),
            Command::ResizeAnnotation { id, .. } => format!("Resize annotation {id}"),
            Command::ReloadTheirs => "Reload theirs (mine kept as a copy)".into(),
            Command::KeepMine => "Keep mine (drops their changes)…".into(),
        }
    }
}
