//! Session: everything that belongs to the open article. The `Document`, the selection, link
//! mode, find, the messages about it and its save state all live here, and opening another
//! article replaces the whole value, so no selection can outlive its article. The widgets'
//! caches are not here (no egui in `state/`): they live beside the window and are keyed on the
//! session's [`Session::serial`], which no other session ever has (a revision number restarts
//! at 0 for every document: a cache keyed on it alone would index a stranger's data).

mod conflicts; // settling the open set's conflicts with the file on disk

use std::collections::BTreeMap;
use std::ops::Range;

use crate::app::input::command::Command;
use crate::app::input::label_slots::toolbar_labels;
use crate::app::modes::Mode;
use crate::app::modes::adjudicate::AdjudicationMode;
use crate::app::modes::compare::CompareMode;
use crate::app::modes::error::ModeError;
use crate::app::modes::suggestions::Suggestions;
use crate::app::state::caret::{self, CaretMove};
use crate::app::state::find::Find;
use crate::document::{Document, LabelError};

/// The serial of the last session made (see [`Session::serial`]).
static LAST_SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub struct Session {
    pub doc: Document,
    /// This session's number, unique in the process: what widget caches are keyed on.
    pub serial: u64,
    /// The char the article view should bring into view on its next frame.
    pub scroll_request: Option<usize>,
    pub find: Find,
    /// The text selection (chars).
    pub selection: Option<Range<usize>>,
    /// The selected annotation.
    pub selected: Option<u64>,
    /// The selected relation (a click on its connector).
    pub selected_relation: Option<u64>,
    /// Link mode: (from annotation, relation label).
    pub linking: Option<(u64, String)>,
    /// Link mode: the span Tab went to, which Enter links to.
    pub link_target: Option<u64>,
    /// Where the find started (the first match at or after it is taken as you type).
    pub find_origin: usize,
    /// A passing message about this article (what the last command did or why it did nothing).
    pub message: Option<String>,
    /// The last save error, if the last save failed.
    pub save_error: Option<String>,
    /// The revision autosave last saw, and when it saw it change (seconds, egui's clock).
    pub seen_revision: u64,
    pub last_change: f64,
    /// When the last save failed (autosave waits before trying again).
    pub last_failed_save: Option<f64>,
    /// Annotating (with suggestions), comparing with a colleague, or adjudicating.
    pub mode: Mode,
    /// The open conflict (of a merge with the file on disk) the conflict keys act on.
    pub conflict: usize,
    /// "Keep mine" was asked for: the window shows what it drops and asks first.
    pub ask_keep_mine: bool,
    /// The caret (a char offset on a grapheme boundary), once the keyboard or a selection
    /// placed it.
    pub caret: Option<usize>,
    /// A move by line or page, for the view to resolve (it knows the lines): the move, and
    /// whether Shift extends the selection.
    pub caret_request: Option<(CaretMove, bool)>,
    /// The view brings the caret into view on its next frame.
    pub reveal_caret: bool,
    /// Where the article came from, from its `.source.ron` sidecar (an ingested article), or
    /// why that sidecar could not be read.
    pub provenance: Result<Option<crate::ingest::Provenance>, String>,
}

impl Session {
    /// A fresh session for a document just opened.
    pub fn new(doc: Document, now: f64) -> Self {
        let message = if doc.report.source_changed {
            format!(
                "The article changed since its annotations were saved: {}",
                doc.report.summary(false)
            )
        } else if doc.set().annotations.is_empty() {
            "Opened; select text and press a label key".to_owned()
        } else {
            format!("Opened {} annotations", doc.set().annotations.len())
        };
        let provenance =
            crate::ingest::provenance::load(&doc.source_path).map_err(|e| e.to_string());
        Self {
            provenance,
            seen_revision: doc.revision(),
            doc,
            serial: LAST_SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1,
            scroll_request: None,
            find: Find::default(),
            selection: None,
            selected: None,
            selected_relation: None,
            linking: None,
            link_target: None,
            find_origin: 0,
            message: Some(message),
            save_error: None,
            last_change: now,
            last_failed_save: None,
            mode: Mode::default(),
            conflict: 0,
            ask_keep_mine: false,
            caret: None,
            caret_request: None,
            reveal_caret: false,
        }
    }

    /// Records an error (or nothing) as the session's message.
    pub fn report<E: std::fmt::Display>(&mut self, result: Result<(), E>) {
        if let Err(err) = result {
            self.message = Some(err.to_string());
        }
    }

    /// Keeps the selected annotation only if it still exists (after undo, redo, delete), and
    /// leaves link mode if its start is gone.
    pub fn revalidate_selected(&mut self) {
        if let Some(id) = self.selected
            && self.doc.find(id).is_none()
        {
            self.selected = None;
        }
        if let Some((from, _)) = &self.linking
            && self.doc.annotation(*from).is_none()
        {
            self.linking = None;
        }
        if let Some(id) = self.selected_relation
            && !self.doc.set().relations.iter().any(|r| r.id == id)
        {
            self.selected_relation = None;
        }
    }

    /// Asks the article view to bring a char into view on its next frame.
    pub fn scroll_to(&mut self, char: usize) {
        self.scroll_request = Some(char);
    }

    /// Selects a span of text and brings it into view.
    pub fn select_text(&mut self, range: Range<usize>) {
        self.caret = Some(range.end);
        self.selection = Some(range.clone());
        self.selected = None;
        self.selected_relation = None;
        self.scroll_to(range.start);
    }

    /// The article's file name (what titles and dialogs show).
    pub fn file_name(&self) -> String {
        self.doc
            .source_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

impl Session {
    /// Applies a command about the open article (edits, selection, find, links). Commands about
    /// files and windows are the app's; they are ignored here.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::Undo | Command::Redo => {
                let undo = command == Command::Undo;
                let open_before = self
                    .mode
                    .adjudication()
                    .map(|a| a.open_disagreements(&self.doc))
                    .unwrap_or_default();
                let result = if undo {
                    self.doc.undo()
                } else {
                    self.doc.redo()
                };
                self.message = match result {
                    Ok(false) => Some(format!("Nothing to {}", if undo { "undo" } else { "redo" })),
                    Ok(true) => None,
                    Err(err) => Some(err.to_string()),
                };
                self.revalidate_selected();
                match &mut self.mode {
                    Mode::Adjudicate(a) => a.revalidate(&self.doc, &open_before),
                    Mode::Annotate {
                        suggestions: Some(s),
                    } => s.forget_current(),
                    _ => {}
                }
            }
            Command::Delete => {
                if let Some(id) = self.selected_relation {
                    self.apply(Command::Unrelate(id));
                } else if let Some(id) = self.selected {
                    self.apply(Command::DeleteAnnotation(id));
                }
            }
            Command::DeleteAnnotation(id) => {
                let result = self.doc.delete(id);
                self.report(result);
                self.revalidate_selected();
            }
            Command::Deselect => {
                if self.linking.take().is_some() {
                    self.message = None;
                }
                self.selected_relation = None;
                self.selected = None;
                self.selection = None;
            }
            Command::Find => {
                self.find.open();
                self.find_origin = self.selection.as_ref().map_or(0, |s| s.start);
            }
            Command::FindFirst => {
                self.find.update(&self.doc.source_path, &self.doc.article);
                let from = self.find_origin;
                let first = self
                    .find
                    .matches
                    .iter()
                    .find(|&&m| m >= from)
                    .or(self.find.matches.first())
                    .copied();
                match first {
                    Some(m) => self.select_text(m..m + self.find.match_len),
                    // No match (any more): an earlier, shorter query's match does not stay
                    // selected for a label key to take.
                    None => self.selection = None,
                }
            }
            Command::FindNext | Command::FindPrevious => {
                self.find.update(&self.doc.source_path, &self.doc.article);
                let backwards = command == Command::FindPrevious;
                match self.find.step(self.selection.as_ref(), backwards) {
                    Some(range) => {
                        self.find_origin = range.start;
                        self.select_text(range);
                    }
                    None if self.find.query.is_empty() => self.find.open(),
                    None => {
                        self.message = Some(format!("“{}” is not in the article", self.find.query))
                    }
                }
            }
            Command::CycleStatus => {
                let next = self.doc.set().status.next();
                let result = self.doc.set_status(next);
                self.report(result);
            }
            Command::SetStatus(status) => {
                let result = self.doc.set_status(status);
                self.report(result);
            }
            Command::LabelKey(c) => {
                if let Some(key) = self.doc.schema.key(c).cloned() {
                    self.label_with(&key.label, &key.attributes);
                }
            }
            Command::LabelSlot(slot) => {
                if let Some(entry) = toolbar_labels(&self.doc.schema).get(slot).cloned() {
                    self.label_with(&entry.label, &entry.attributes);
                }
            }
            Command::SelectAnnotation(id) | Command::GoToAnnotation(id) => {
                if let Some((_, a)) = self.doc.find(id) {
                    if matches!(command, Command::GoToAnnotation(_))
                        && self.doc.annotation(id).is_some()
                    {
                        self.scroll_to(a.start);
                    }
                    self.selected = Some(id);
                    self.selected_relation = None;
                    self.selection = None;
                }
            }
            Command::SelectRelation(id) => {
                if let Some(r) = self.doc.set().relations.iter().find(|r| r.id == id) {
                    self.message = Some(format!(
                        "Relation {}: Delete removes it, Esc deselects it",
                        r.label
                    ));
                    self.selected_relation = Some(id);
                    self.selected = None;
                    self.selection = None;
                }
            }
            Command::LinkNext => self.link_next(),
            Command::SelectText(range) => {
                let len = self.doc.article.len_chars();
                let (a, b) = (range.start.min(len), range.end.min(len));
                // Whole grapheme clusters only: no span cuts an emoji or a letter's accent.
                let range = self.doc.article.snap_to_graphemes(a.min(b)..a.max(b));
                self.caret = Some(range.end);
                self.selection = Some(range);
                self.selected = None;
                self.selected_relation = None;
            }
            Command::Relabel { id, label } => {
                let result = self.doc.relabel(id, &label);
                self.report(result);
            }
            Command::SetAttribute { id, name, value } => {
                let result = self.doc.set_attribute(id, &name, &value);
                self.report(result);
            }
            Command::SetNote { id, note } => {
                let result = self.doc.set_note(id, &note);
                self.report(result);
            }
            Command::StepLinkTarget { forward } => self.step_link_target(forward),
            Command::LinkToTarget => match self.link_target.filter(|_| self.linking.is_some()) {
                Some(to) => {
                    self.selection = None;
                    self.apply(Command::LinkTo(to));
                }
                None => {
                    self.message = Some("Tab goes to a span to link to; Enter then links it".into())
                }
            },
            Command::StartLink { from, label } if self.doc.annotation(from).is_some() => {
                self.link_target = None;
                let targets = self
                    .doc
                    .schema
                    .relation(&label)
                    .map(|r| r.to.join(" or "))
                    .unwrap_or_default();
                self.message = Some(format!(
                    "{label}: click the {targets}, or Tab to it and Enter (r: next relation, Esc cancels)"
                ));
                self.linking = Some((from, label));
            }
            Command::LinkTo(to) => {
                self.link_target = None;
                if let Some((from, label)) = self.linking.take() {
                    self.message = Some(match self.doc.relate(&label, from, to) {
                        Ok(_) => format!("Linked {label}"),
                        Err(err) => err.to_string(),
                    });
                    self.selected = Some(from);
                }
            }
            Command::Unrelate(id) => {
                match self.doc.unrelate(id) {
                    Ok(()) => {
                        self.message = Some("Relation removed (Ctrl+Z brings it back)".into())
                    }
                    Err(err) => self.message = Some(err.to_string()),
                }
                self.revalidate_selected();
            }
            Command::Reattach(id) => {
                if let Some(range) = self.selection.clone() {
                    let range = self.doc.article.trim_white_space(range);
                    match self.doc.reattach(id, range) {
                        Ok(()) => {
                            self.selection = None;
                            self.selected = Some(id);
                        }
                        Err(err) => self.message = Some(err.to_string()),
                    }
                }
            }
            Command::CompareWith(_) if matches!(self.mode, Mode::Adjudicate(_)) => {
                self.message = Some(
                    "Comparing is not available while adjudicating (the versions are shown already)"
                        .into(),
                );
            }
            Command::CompareWith(None) => {
                if matches!(self.mode, Mode::Compare(_)) {
                    self.mode = Mode::default();
                }
                self.message = Some("Stopped comparing".into());
            }
            Command::CompareWith(Some(name)) => match CompareMode::open(&self.doc, &name) {
                Ok(mode) => {
                    self.message = Some(format!(
                        "Comparing with {}: {} differences (F4: next)",
                        crate::annotator::display_name(&name),
                        mode.differences().len()
                    ));
                    self.mode = Mode::Compare(mode);
                }
                Err(err) => self.message = Some(err.to_string()),
            },
            Command::NextDifference | Command::PreviousDifference => {
                let forward = command == Command::NextDifference;
                let range = match &mut self.mode {
                    Mode::Adjudicate(a) => a.step(forward),
                    Mode::Compare(c) => {
                        c.refresh(&self.doc);
                        c.step(forward)
                    }
                    Mode::Annotate { .. } if !self.doc.conflicts().is_empty() => {
                        let n = self.doc.conflicts().len();
                        self.conflict = if forward {
                            (self.conflict + 1) % n
                        } else {
                            (self.conflict + n - 1) % n
                        };
                        self.show_conflict();
                        return;
                    }
                    Mode::Annotate { .. } => {
                        self.message = Some(
                            "Compare with another annotator first (View, Compare with)".into(),
                        );
                        return;
                    }
                };
                match range {
                    Some(range) => self.scroll_to(range.start),
                    None => self.message = Some("No differences".into()),
                }
            }
            Command::GoToConflict(i) => {
                self.conflict = i;
                self.show_conflict();
            }
            Command::SettleConflict(how) => self.settle(Some(self.conflict), how),
            Command::SettleAllConflicts(how) => self.settle(None, how),
            Command::MoveCaret(how) | Command::ExtendSelection(how) => {
                let extend = matches!(command, Command::ExtendSelection(_));
                let from = self.caret_or_selection();
                match from.and_then(|from| how.along_text(&self.doc.article, from)) {
                    Some(to) => self.place_caret(to, extend),
                    // By line or page (or no caret yet: from the top of what is shown).
                    None => self.caret_request = Some((how, extend)),
                }
            }
            Command::MoveSpanEdge { edge, forward } => {
                let Some(a) = self.selected.and_then(|id| self.doc.annotation(id)) else {
                    self.message = Some(
                        "Select an annotation first (click it): Alt+arrows move its end, Alt+Shift+arrows its start".into(),
                    );
                    return;
                };
                let id = a.id;
                match caret::moved_edge(&self.doc.article, a.start..a.end, edge, forward) {
                    Some(range) => self.resize(id, range),
                    None => self.message = Some("That end cannot move further".into()),
                }
            }
            Command::ResizeAnnotation { id, range } => self.resize(id, range),
            Command::PlaceCaret { at, extend } => {
                self.caret_request = None;
                self.place_caret(at, extend);
            }
            Command::ReloadTheirs => {
                self.reload_theirs();
            }
            Command::KeepMine => {
                if self.doc.conflicts().is_empty() {
                    self.message = Some("No conflicts with the file on disk are open".into());
                } else {
                    self.ask_keep_mine = true;
                }
            }
            Command::GoToDifference(i) => {
                if let Some(range) = self.mode.compare_mut().and_then(|c| c.go_to(i)) {
                    self.scroll_to(range.start);
                }
            }
            Command::TakeTheirs | Command::TakeAllTheirs => {
                self.take_theirs(command == Command::TakeAllTheirs);
            }
            Command::Decide(choice) => {
                let Mode::Adjudicate(a) = &mut self.mode else {
                    return;
                };
                self.message = Some(a.decide(&mut self.doc, choice));
                if let Some(range) = a.current_range() {
                    self.scroll_to(range.start);
                }
                self.revalidate_selected();
            }
            _ => {}
        }
    }

    /// Which keymap is in force for this article.
    pub fn keymap_mode(&self) -> crate::app::input::keymap::KeymapMode {
        if self.linking.is_some() {
            return crate::app::input::keymap::KeymapMode::Link;
        }
        self.mode.keymap()
    }

    /// Link mode, Tab / Shift+Tab: the next / previous span the relation may go to, nearest
    /// to the linked span first; it is selected in the text and named in the status bar.
    fn step_link_target(&mut self, forward: bool) {
        let Some((from, label)) = self.linking.clone() else {
            self.message = Some("Select a span and press r to link it first".into());
            return;
        };
        let Some(source) = self.doc.annotation(from).cloned() else {
            return;
        };
        let allowed: Vec<String> = self
            .doc
            .schema
            .relation(&label)
            .map(|r| r.to.clone())
            .unwrap_or_default();
        let distance = |a: &crate::model::Annotation| {
            if a.end <= source.start {
                source.start - a.end
            } else {
                a.start.saturating_sub(source.end)
            }
        };
        let mut targets: Vec<&crate::model::Annotation> = self
            .doc
            .set()
            .annotations
            .iter()
            .filter(|a| a.id != from && allowed.contains(&a.label))
            .collect();
        targets.sort_by_key(|a| (distance(a), a.start));
        if targets.is_empty() {
            self.message = Some(format!("No span a {label} may go to"));
            return;
        }
        let n = targets.len();
        let at = self
            .link_target
            .and_then(|id| targets.iter().position(|a| a.id == id));
        let next = match (at, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        let target = targets[next];
        self.link_target = Some(target.id);
        self.selection = Some(target.range());
        self.scroll_request = Some(target.start);
        self.message = Some(format!(
            "{label}: “{}”, Enter links ({} of {n}; Tab next, Esc cancels)",
            crate::text::excerpt(&target.text, 40),
            next + 1
        ));
    }

    /// The suggestions, if annotating and they were made.
    pub fn suggestions(&self) -> Option<&Suggestions> {
        self.mode.suggestions()
    }

    /// Comparing: with whom and what differs.
    pub fn compare(&self) -> Option<&CompareMode> {
        self.mode.compare()
    }

    /// Adjudicating: the annotators' versions and the decisions left.
    pub fn adjudication(&self) -> Option<&AdjudicationMode> {
        self.mode.adjudication()
    }

    /// Tab, Shift+Tab, Enter, x, Ctrl+Shift+Enter on suggestions from `sources`.
    pub fn suggestion_command(&mut self, command: Command, sources: crate::suggest::Sources) {
        let from = self.selection.as_ref().map(|s| s.start).or_else(|| {
            self.selected
                .and_then(|id| self.doc.annotation(id))
                .map(|a| a.start)
        });
        let Some(suggestions) = self.mode.suggestions_made(&self.doc) else {
            if command != Command::AcceptSuggestion {
                self.message =
                    Some("Suggestions are hidden while comparing or adjudicating".into());
            }
            return;
        };
        suggestions.refresh(&self.doc, sources);
        let result = match command {
            Command::NextSuggestion | Command::PreviousSuggestion => {
                match suggestions.step(command == Command::NextSuggestion, from) {
                    Some(range) => {
                        self.scroll_request = Some(range.start);
                        self.selection = None;
                        self.selected = None;
                        Ok(suggestions.describe(&self.doc).unwrap_or_default())
                    }
                    None => Err(ModeError::NoneFound {
                        problem: suggestions.problem.clone(),
                    }),
                }
            }
            Command::AcceptSuggestion => {
                if suggestions.current.is_none() {
                    return;
                }
                suggestions.accept(&mut self.doc)
            }
            Command::RejectSuggestion => suggestions.reject(&mut self.doc),
            Command::CycleSpeaker { forward } => Ok(suggestions.cycle_speaker(&self.doc, forward)),
            Command::ChooseSpeaker(index) => Ok(suggestions.choose_speaker(&self.doc, index)),
            Command::AcceptAllSuggestions => suggestions.accept_all_of_label(&mut self.doc),
            _ => return,
        };
        // The next suggestion is ready at once (found again for the edit just made).
        suggestions.refresh(&self.doc, sources);
        if matches!(
            command,
            Command::AcceptSuggestion | Command::RejectSuggestion
        ) && let Some(s) = suggestions.current_suggestion()
        {
            self.scroll_request = Some(s.start);
        }
        self.message = Some(result.unwrap_or_else(|refused| refused.to_string()));
    }

    /// Starts adjudicating this (gold) document: reads the other annotators' sets.
    pub fn start_adjudication(&mut self, auto_accept: bool, take_suggested: bool) {
        match AdjudicationMode::open(&mut self.doc, auto_accept, take_suggested) {
            Ok((mode, message)) => {
                if let Some(range) = mode.current_range() {
                    self.scroll_to(range.start);
                }
                self.mode = Mode::Adjudicate(mode);
                self.message = Some(message);
            }
            Err(err) => {
                self.message = Some(format!("Cannot adjudicate this article: {err}"));
            }
        }
    }

    /// Gives annotation `id` new ends and says what it spans now.
    /// Compare mode's Enter (the current difference) and Ctrl+Shift+Enter (every one): their
    /// version into one's own set, one undoable edit; then on to what is left.
    fn take_theirs(&mut self, all: bool) {
        let Mode::Compare(c) = &mut self.mode else {
            self.message = Some("Compare with another annotator first (View, Compare with)".into());
            return;
        };
        c.refresh(&self.doc);
        let who = crate::annotator::display_name(&c.annotator);
        let message = if all {
            let list = c.differences().to_vec();
            match self.doc.take_all_theirs(&c.theirs, &list) {
                Ok((0, None)) => "No differences".to_owned(),
                Ok((n, problem)) => {
                    let mut m =
                        format!("Took {who}'s version of {n} difference(s) (Ctrl+Z undoes)");
                    if let Some(problem) = problem {
                        m.push_str(&format!("; some not taken: {problem}"));
                    }
                    m
                }
                Err(e) => format!("Nothing taken: {e}"),
            }
        } else {
            let Some(d) = c.current.and_then(|i| c.differences().get(i)).cloned() else {
                self.message =
                    Some("F4 goes to a difference first; Enter then takes theirs".into());
                return;
            };
            match self.doc.take_theirs(&c.theirs, &d) {
                Ok(()) => format!(
                    "Took {who}'s version ({}) at {}–{} (Ctrl+Z undoes)",
                    d.kind.describe(),
                    d.range.start,
                    d.range.end
                ),
                Err(e) => format!("Not taken: {e}"),
            }
        };
        self.message = Some(message);
        self.revalidate_selected();
        // What is left: the difference now at the same place in the list.
        if let Mode::Compare(c) = &mut self.mode {
            c.refresh(&self.doc);
            if let Some(range) = c.current.and_then(|i| c.go_to(i)) {
                self.scroll_to(range.start);
            }
        }
    }

    fn resize(&mut self, id: u64, range: Range<usize>) {
        self.message = Some(match self.doc.resize(id, range) {
            Ok(()) => match self.doc.annotation(id) {
                Some(a) => format!(
                    "Resized: “{}” ({}–{}); Ctrl+Z undoes",
                    crate::text::excerpt(&a.text, 60),
                    a.start,
                    a.end
                ),
                None => "Resized".into(),
            },
            Err(err) => format!("Not resized: {err}"),
        });
    }

    /// Where the caret is, or else where the selection ends.
    fn caret_or_selection(&self) -> Option<usize> {
        self.caret.or(self.selection.as_ref().map(|s| s.end))
    }

    /// Moves the caret to `at` (snapped to a grapheme boundary) and brings it into view; with
    /// `extend`, the selection follows it from its anchor, else the selection goes.
    fn place_caret(&mut self, at: usize, extend: bool) {
        let article = &self.doc.article;
        let at = article
            .snap_to_graphemes(at.min(article.len_chars())..at.min(article.len_chars()))
            .start;
        self.selection = if extend {
            caret::extended(self.selection.as_ref(), self.caret_or_selection(), at)
        } else {
            None
        };
        if extend {
            self.selected = None;
            self.selected_relation = None;
        }
        self.caret = Some(at);
        self.reveal_caret = true;
    }

    /// Esc, innermost first: leave link mode, close the find bar, clear the selected
    /// annotation, clear the text selection. `false` when there was nothing to undo.
    pub fn escape(&mut self) -> bool {
        if self.linking.take().is_some() {
            self.message = None;
        } else if self.find.open {
            self.find.close();
        } else if self.selected_relation.is_some() {
            self.selected_relation = None;
        } else if self.selected.is_some() {
            self.selected = None;
        } else if self.selection.is_some() {
            self.selection = None;
        } else {
            return false;
        }
        true
    }

    /// `r`: link mode from the selected span with the first relation label allowed from its
    /// label, or, already linking from it, the next allowed label (after the last: leave).
    fn link_next(&mut self) {
        let Some(from) = self.selected.or(self.linking.as_ref().map(|(f, _)| *f)) else {
            self.message = Some("Select a span first, then press r to link it".to_owned());
            return;
        };
        let Some(span) = self.doc.annotation(from) else {
            return;
        };
        let allowed: Vec<String> = self
            .doc
            .schema
            .relations_from(&span.label)
            .map(|r| r.name.clone())
            .collect();
        if allowed.is_empty() {
            self.message = Some(format!("No relation starts from a {}", span.label));
            return;
        }
        let next = match &self.linking {
            Some((f, label)) if *f == from => match allowed.iter().position(|l| l == label) {
                Some(i) if i + 1 < allowed.len() => Some(allowed[i + 1].clone()),
                Some(_) => None,
                None => Some(allowed[0].clone()),
            },
            _ => Some(allowed[0].clone()),
        };
        match next {
            Some(label) => self.apply(Command::StartLink { from, label }),
            None => {
                self.linking = None;
                self.message = None;
            }
        }
    }

    /// The labels the relation being linked may end at.
    pub fn link_targets(&self) -> Option<&[String]> {
        let (_, label) = self.linking.as_ref()?;
        self.doc.schema.relation(label).map(|r| r.to.as_slice())
    }

    fn label_with(&mut self, label: &str, attributes: &BTreeMap<String, String>) {
        if let Some(range) = self.selection.clone().filter(|r| !r.is_empty()) {
            // A selection made with the keyboard runs over line breaks and spaces: the span
            // is its words.
            let range = self.doc.article.trim_white_space(range);
            if range.is_empty() {
                self.message = Some("Only white space is selected: nothing to label".into());
                return;
            }
            match self.doc.label_span(range, label, attributes) {
                Ok(id) => {
                    self.selection = None;
                    self.selected = Some(id);
                    self.message = None;
                }
                Err(err) => self.message = Some(err.to_string()),
            }
        } else if let Some(id) = self.selected {
            // A label key with an annotation selected relabels it.
            let doc = &mut self.doc;
            let result = doc.relabel(id, label).and_then(|()| {
                for (name, value) in attributes {
                    doc.set_attribute(id, name, value)?;
                }
                Ok(())
            });
            self.report(result);
        } else {
            self.message = Some(LabelError::EmptySelection.to_string());
        }
    }
}
