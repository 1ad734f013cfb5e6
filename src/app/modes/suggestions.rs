//! Suggestions in the window: what [`crate::suggest`] finds in the open article (quotes with
//! their speakers, entity patterns, other occurrences of labelled spans), drawn as dashed
//! outlines and never saved until accepted. Tab / Shift+Tab go to the next / previous one,
//! Enter accepts it (one undoable edit: the span, and for a quote its speaker and the speaker
//! link), `x` rejects it (remembered beside the set), Ctrl+Shift+Enter accepts every
//! suggestion with the current one's label. Before Enter, the side panel shows the current
//! suggestion and, for a quote, who may have said it: Ctrl+Tab (or a click) picks another
//! speaker among the people and organisations near it, or none. The toolbar turns each source
//! on or off.
//! Suggestions are found again in the frame after every edit.

use std::ops::Range;
use std::sync::Arc;

use crate::app::article::overlays::{Overlay, OverlayStyle, Overlays};
use crate::app::modes::error::ModeError;
use crate::app::style::palette;
use crate::document::{ChangeError, Document};
use crate::history::Change;
use crate::job::{Job, Poll};
use crate::suggest::patterns::{load_patterns, patterns_path_for};
use crate::suggest::{Sources, SpeakerSuggestion, Suggester, Suggestion, SuggestionSource};
use crate::text::excerpt;

/// Articles longer than this (chars) are searched on a thread: the window keeps drawing the
/// suggestions it has (an edit never moves text, so their places stay right) and takes the
/// new ones a few frames later. Shorter ones are searched in the frame of the edit.
pub const BACKGROUND_ABOVE_CHARS: usize = 100_000;

/// A long article is searched again once its set has stayed unchanged this long (and this
/// long after it opened): a burst of edits starts one search, not one per edit, and opening
/// draws the article before the search takes a core and a copy of the set.
pub const QUIET_BEFORE_SEARCH: std::time::Duration = std::time::Duration::from_millis(150);

/// What suggestions were found for: document revision, sources, rejections revision.
type Key = (u64, Sources, u64);

/// A search's result: the suggestions, and every place they label dashed in its label's
/// colour (made with them, on the thread for a long article: a text repeated all over it
/// can have hundreds of thousands of places).
struct Found {
    list: Vec<Suggestion>,
    dashed: Overlays,
}

fn search(
    suggester: &Suggester,
    article: &crate::text::Article,
    set: &crate::model::AnnotationSet,
    sources: &Sources,
    rejections: &crate::suggest::Rejections,
) -> Found {
    let list = suggester.suggest(article, set, sources, rejections);
    let schema = suggester.schema();
    let mut dashed = Vec::with_capacity(list.iter().map(Suggestion::place_count).sum());
    for s in &list {
        let color = palette::shade(
            schema,
            &s.label,
            s.attributes.get("type").map(String::as_str),
        );
        dashed.extend(s.places().map(|range| Overlay {
            range,
            color,
            style: OverlayStyle::Dashed,
        }));
    }
    Found {
        list,
        dashed: Overlays::new(dashed),
    }
}

pub struct Suggestions {
    suggester: Arc<Suggester>,
    /// A search running on a thread, and what it is for.
    pending: Option<(Key, Job<Found>)>,
    /// The article, shared with the searching threads (copied once: it never changes while
    /// it is open).
    shared_article: Option<Arc<crate::text::Article>>,
    list: Vec<Suggestion>,
    /// Every place of every suggestion, dashed.
    dashed: Overlays,
    /// How many of them each source gave (as in `SuggestionSource::ALL`).
    counts: [usize; 3],
    computed_for: Option<Key>,
    /// A long article's next search waits for its set to stay unchanged: for what, since when.
    quiet_since: Option<(Key, std::time::Instant)>,
    /// The suggestion the keys act on (an index into the list).
    pub current: Option<usize>,
    overlays: Overlays,
    overlays_for: Option<(Option<Key>, Option<usize>, bool)>,
    /// Why the patterns file or the rejections could not be read, if so.
    pub problem: Option<String>,
    /// The speaker the user picked for a suggested quote before accepting it (Ctrl+Tab
    /// through the candidates, or a click in the side panel): the quote (label, start, end)
    /// and the speaker, `None` for no speaker.
    speaker_choice: Option<(SuggestionKey, Option<SpeakerSuggestion>)>,
}

/// A suggestion's identity across searches: label, start, end.
type SuggestionKey = (String, usize, usize);

fn key_of(s: &Suggestion) -> SuggestionKey {
    (s.label.clone(), s.start, s.end)
}

/// How far before a quote (chars) an entity may be to be offered as its speaker, and after it.
const SPEAKER_BEFORE: usize = 600;
const SPEAKER_AFTER: usize = 300;

impl Suggestions {
    /// The suggester for the open document: its schema, and the `patterns.jsonl` beside its
    /// schema file (or its folder), if any; the rejections remembered for its set.
    pub fn new(doc: &Document) -> Self {
        let mut problems = Vec::new();
        let patterns = match patterns_path_for(&doc.source_path) {
            Some(path) => match load_patterns(&path) {
                Ok(patterns) => Some(patterns),
                Err(err) => {
                    problems.push(err.to_string());
                    None
                }
            },
            None => None,
        };
        if let Some(err) = doc.rejections_problem() {
            problems.push(err.to_string());
        }
        Self {
            suggester: Arc::new(Suggester::new(&doc.schema, patterns)),
            pending: None,
            shared_article: None,
            list: Vec::new(),
            dashed: Overlays::default(),
            counts: [0; 3],
            computed_for: None,
            quiet_since: None,
            current: None,
            overlays: Overlays::default(),
            overlays_for: None,
            problem: (!problems.is_empty()).then(|| problems.join("\n")),
            speaker_choice: None,
        }
    }

    /// Finds the suggestions again if the document, the sources or the rejections changed
    /// (for a long article: starts a search on a thread, or takes its result when ready).
    pub fn refresh(&mut self, doc: &Document, sources: Sources) {
        let key = (doc.revision(), sources, doc.rejections_revision());
        if let Some((for_key, job)) = &self.pending {
            match job.poll() {
                Poll::Ready(list) => {
                    let for_key = *for_key;
                    self.pending = None;
                    self.install(list, for_key);
                }
                Poll::Pending => {}
                Poll::Ended => self.pending = None,
            }
        }
        // One search at a time: edits made while one runs are searched for when it is done
        // (with the document as it is then).
        if self.computed_for == Some(key) || self.pending.is_some() {
            return;
        }
        if sources == Sources::NONE {
            self.install(
                Found {
                    list: Vec::new(),
                    dashed: Overlays::default(),
                },
                key,
            );
            return;
        }
        if doc.article.len_chars() <= BACKGROUND_ABOVE_CHARS {
            self.search_in_frame(doc, sources, key);
            return;
        }
        match self.quiet_since {
            Some((for_key, since)) if for_key == key => {
                if since.elapsed() < QUIET_BEFORE_SEARCH {
                    return;
                }
            }
            _ => {
                self.quiet_since = Some((key, std::time::Instant::now()));
                return;
            }
        }
        self.quiet_since = None;
        let suggester = Arc::clone(&self.suggester);
        let article = Arc::clone(
            self.shared_article
                .get_or_insert_with(|| Arc::new(doc.article.clone())),
        );
        let set = doc.set().clone();
        let rejections = doc.rejections().clone();
        match Job::start("suggestions", move |sender| {
            let _ = sender.send(search(&suggester, &article, &set, &sources, &rejections));
        }) {
            Ok(job) => self.pending = Some((key, job)),
            Err(err) => {
                // Found in the frame instead: slower, the same result.
                self.problem = Some(err.to_string());
                self.search_in_frame(doc, sources, key);
            }
        }
    }

    /// Searches the document now, in this frame, and shows what is found.
    fn search_in_frame(&mut self, doc: &Document, sources: Sources, key: Key) {
        let found = search(
            &self.suggester,
            &doc.article,
            doc.set(),
            &sources,
            doc.rejections(),
        );
        self.install(found, key);
    }

    /// Whether a search is running, or waits for the edits to pause (the window repaints
    /// until it is done).
    pub fn is_searching(&self) -> bool {
        self.pending.is_some() || self.quiet_since.is_some()
    }

    fn install(&mut self, found: Found, key: Key) {
        let old = self.current.and_then(|c| self.list.get(c)).map(|s| s.start);
        self.list = found.list;
        self.dashed = found.dashed;
        self.counts = SuggestionSource::ALL
            .map(|source| self.list.iter().filter(|s| s.source == source).count());
        self.computed_for = Some(key);
        self.quiet_since = None;
        // The current one stays where it was (the next one after it, once it is gone).
        self.current = old.and_then(|start| {
            let i = self.list.partition_point(|s| s.start < start);
            (i < self.list.len()).then_some(i)
        });
        self.overlays_for = None;
    }

    pub fn list(&self) -> &[Suggestion] {
        &self.list
    }

    /// How many suggestions each source has now.
    pub fn count(&self, source: SuggestionSource) -> usize {
        SuggestionSource::ALL
            .iter()
            .position(|s| *s == source)
            .map_or(0, |i| self.counts[i])
    }

    pub fn current_suggestion(&self) -> Option<&Suggestion> {
        self.current.and_then(|c| self.list.get(c))
    }

    /// The current suggestion as Enter would accept it: with the speaker the user picked.
    pub fn current_as_chosen(&self) -> Option<Suggestion> {
        let mut s = self.current_suggestion()?.clone();
        if let Some((key, speaker)) = &self.speaker_choice
            && *key == key_of(&s)
        {
            s.speaker = speaker.clone();
        }
        Some(s)
    }

    /// Who may have said the current suggested quote: the suggested speaker first, then the
    /// person and organisation entities of the set near it (from 600 chars before to 300
    /// after), nearest first. Empty for a suggestion that is not a quote.
    pub fn speaker_candidates(&self, doc: &Document) -> Vec<SpeakerSuggestion> {
        let Some(s) = self.current_suggestion() else {
            return Vec::new();
        };
        if s.source != SuggestionSource::Quotes
            || doc.schema.relations_from(&s.label).next().is_none()
        {
            return Vec::new();
        }
        let mut out: Vec<SpeakerSuggestion> = s.speaker.iter().cloned().collect();
        let from = s.start.saturating_sub(SPEAKER_BEFORE);
        let to = s.end + SPEAKER_AFTER;
        let mut near: Vec<(usize, SpeakerSuggestion)> = doc
            .set()
            .overlapping(from..to)
            .filter(|a| a.label == crate::labels::ENTITY)
            .filter(|a| {
                matches!(
                    a.attribute(crate::labels::ENTITY_TYPE),
                    Some("person" | "organization")
                )
            })
            .filter(|a| a.end <= s.start || a.start >= s.end)
            .map(|a| {
                let distance = if a.end <= s.start {
                    s.start - a.end
                } else {
                    a.start - s.end
                };
                (
                    distance,
                    SpeakerSuggestion {
                        start: a.start,
                        end: a.end,
                        existing: Some(a.id),
                        organization: a.attribute(crate::labels::ENTITY_TYPE)
                            == Some("organization"),
                    },
                )
            })
            .collect();
        near.sort_by_key(|(d, c)| (*d, c.start));
        for (_, c) in near {
            if !out.iter().any(|o| (o.start, o.end) == (c.start, c.end)) {
                out.push(c);
            }
        }
        out
    }

    /// Picks the current quote's speaker: candidate `index` of [`Self::speaker_candidates`],
    /// or none. What to tell the user.
    pub fn choose_speaker(&mut self, doc: &Document, index: Option<usize>) -> String {
        let Some(s) = self.current_suggestion() else {
            return "No suggestion is current (Tab goes to the next one)".to_owned();
        };
        let key = key_of(s);
        let candidates = self.speaker_candidates(doc);
        let speaker = match index {
            Some(i) => match candidates.get(i) {
                Some(c) => Some(c.clone()),
                None => return "No such speaker candidate".to_owned(),
            },
            None => None,
        };
        let message = match &speaker {
            Some(c) => format!(
                "Speaker: “{}” · Enter accepts the quote with this speaker",
                doc.article.slice(c.start..c.end)
            ),
            None => "No speaker · Enter accepts the quote alone".to_owned(),
        };
        self.speaker_choice = Some((key, speaker));
        self.overlays_for = None;
        message
    }

    /// Ctrl+Tab / Ctrl+Shift+Tab: the next / previous speaker candidate of the current quote,
    /// "no speaker" coming after the last.
    pub fn cycle_speaker(&mut self, doc: &Document, forward: bool) -> String {
        let Some(chosen) = self.current_as_chosen() else {
            return "No suggestion is current (Tab goes to the next one)".to_owned();
        };
        let candidates = self.speaker_candidates(doc);
        if candidates.is_empty() {
            return "This suggestion has no speaker to choose (only quotes have one)".to_owned();
        }
        // Positions 0..n are the candidates, n is "no speaker".
        let n = candidates.len();
        let at = match &chosen.speaker {
            Some(sp) => candidates
                .iter()
                .position(|c| (c.start, c.end) == (sp.start, sp.end))
                .unwrap_or(0),
            None => n,
        };
        let next = if forward {
            (at + 1) % (n + 1)
        } else {
            (at + n) % (n + 1)
        };
        self.choose_speaker(doc, (next < n).then_some(next))
    }

    /// Tab / Shift+Tab: the next / previous suggestion after `from` (a char offset), wrapping.
    pub fn step(&mut self, forward: bool, from: Option<usize>) -> Option<Range<usize>> {
        if self.list.is_empty() {
            self.current = None;
            return None;
        }
        let n = self.list.len();
        let next = match (self.current, forward) {
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
            (None, true) => from
                .map(|f| self.list.partition_point(|s| s.start < f))
                .filter(|&i| i < n)
                .unwrap_or(0),
            (None, false) => from
                .map(|f| self.list.partition_point(|s| s.start < f))
                .map_or(n - 1, |i| (i + n - 1) % n),
        };
        self.current = Some(next);
        Some(self.list[next].start..self.list[next].end)
    }

    /// What the status bar says about the current suggestion.
    pub fn describe(&self, doc: &Document) -> Option<String> {
        let chosen = self.current_as_chosen()?;
        let s = &chosen;
        let mut text = format!(
            "Suggested {} “{}” ({})",
            crate::labels::flat_label(&s.label, &s.attributes).0,
            excerpt(&s.text, 40),
            s.source.as_str()
        );
        if !s.more_starts.is_empty() {
            text.push_str(&format!(
                " at {} places · Enter labels them all, x rejects them all, Tab next",
                s.place_count()
            ));
            return Some(text);
        }
        if let Some(speaker) = &s.speaker {
            text.push_str(&format!(
                ", said by “{}”",
                doc.article.slice(speaker.start..speaker.end)
            ));
        }
        text.push_str(" · Enter accepts, x rejects, Tab next, Ctrl+Tab another speaker");
        Some(text)
    }

    /// Enter: accepts the current suggestion as one undoable edit; what to tell the user.
    pub fn accept(&mut self, doc: &mut Document) -> Result<String, ModeError> {
        let s = self.current_as_chosen().ok_or(ModeError::NoSuggestion)?;
        if !s.more_starts.is_empty() {
            let n = doc.accept_suggestions(std::slice::from_ref(&s))?;
            if n == 0 {
                return Err(ModeError::NothingAccepted {
                    label: s.label.clone(),
                });
            }
            return Ok(format!(
                "Labelled “{}” as {} at {n} places (Ctrl+Z undoes)",
                excerpt(&s.text, 40),
                s.label
            ));
        }
        doc.accept_suggestion(&s)?;
        // Used: an undo brings the suggestion back with its own speaker.
        self.speaker_choice = None;
        Ok(match &s.speaker {
            Some(speaker) => format!(
                "Accepted the {} and its speaker “{}” (Ctrl+Z undoes)",
                s.label,
                doc.article.slice(speaker.start..speaker.end)
            ),
            None => format!("Accepted the {} (Ctrl+Z undoes)", s.label),
        })
    }

    /// Ctrl+Shift+Enter: accepts every suggestion with the current one's label, as one edit.
    pub fn accept_all_of_label(&mut self, doc: &mut Document) -> Result<String, ModeError> {
        let label = self
            .current_suggestion()
            .map(|s| s.label.clone())
            .ok_or(ModeError::NoSuggestion)?;
        // The current one with the speaker the user picked for it, if any.
        let chosen = self.current_as_chosen();
        let same: Vec<Suggestion> = self
            .list
            .iter()
            .filter(|s| s.label == label)
            .map(|s| match &chosen {
                Some(c) if key_of(c) == key_of(s) => c.clone(),
                _ => s.clone(),
            })
            .collect();
        let n = doc.accept_suggestions(&same)?;
        if n == 0 {
            return Err(ModeError::NothingAccepted { label });
        }
        self.current = None;
        self.speaker_choice = None;
        Ok(format!(
            "Accepted {n} {label} suggestion(s) (Ctrl+Z undoes them all)"
        ))
    }

    /// `x`: rejects the current suggestion, remembered beside the set (one change of the
    /// document's history: Ctrl+Z takes it back, Ctrl+Y rejects it again).
    pub fn reject(&mut self, doc: &mut Document) -> Result<String, ModeError> {
        let s = self
            .current_suggestion()
            .cloned()
            .ok_or(ModeError::NoSuggestion)?;
        match doc.change(Change::Reject(s.rejections())) {
            Ok(()) => {
                Ok("Rejected; it will not be suggested again (Ctrl+Z takes it back)".to_owned())
            }
            Err(ChangeError::RejectionsNotSaved(err)) => {
                Err(ModeError::RejectionNotRemembered(err))
            }
            Err(err) => Err(ModeError::Change(err)),
        }
    }

    /// After an undo or redo: the current suggestion is found again where it was.
    pub fn forget_current(&mut self) {
        self.current = None;
    }

    /// Every suggestion dashed in its label's colour (a quote's suggested speaker too), the
    /// current one outlined strong.
    pub fn overlays(&mut self, doc: &Document, sources: Sources, dark: bool) -> &Overlays {
        self.refresh(doc, sources);
        let key = (self.computed_for, self.current, dark);
        if self.overlays_for != Some(key) {
            let focus = palette::focus(dark);
            // Over the dashed places (made with the suggestions): the current one.
            let mut out: Vec<Overlay> = Vec::new();
            if let Some(s) = self.current_as_chosen() {
                if let Some(speaker) = &s.speaker
                    && speaker.existing.is_none()
                {
                    out.push(Overlay {
                        range: speaker.start..speaker.end,
                        color: palette::shade(&doc.schema, "entity", Some("person")),
                        style: OverlayStyle::Dashed,
                    });
                }
                // Every place it labels (a propagated text's too).
                out.extend(s.places().map(|range| Overlay {
                    range,
                    color: focus,
                    style: OverlayStyle::Focus,
                }));
                if let Some(speaker) = &s.speaker {
                    out.push(Overlay {
                        range: speaker.start..speaker.end,
                        color: focus,
                        style: OverlayStyle::Focus,
                    });
                }
            }
            self.overlays = Overlays::layered(&self.dashed, out);
            self.overlays_for = Some(key);
        }
        &self.overlays
    }
}

/// The side panel's view of the current suggestion, to review before Enter: its text, label,
/// source, and for a quote the speaker it will be accepted with, among the candidates (a click
/// picks one, or none).
pub fn show_current(
    ui: &mut egui::Ui,
    suggestions: &Suggestions,
    doc: &Document,
    commands: &mut Vec<crate::app::input::command::Command>,
) {
    use crate::app::input::command::Command;
    let Some(s) = suggestions.current_as_chosen() else {
        return;
    };
    ui.heading("Suggestion");
    ui.label(format!(
        "{} from {}",
        crate::labels::flat_label(&s.label, &s.attributes).0,
        s.source.as_str()
    ));
    ui.label(egui::RichText::new(format!("“{}”", excerpt(&s.text, 160))).italics());
    if !s.more_starts.is_empty() {
        // A propagated text: every place Enter labels, listed before it does.
        ui.label(format!("Enter labels all {} places:", s.place_count()));
        egui::ScrollArea::vertical()
            .id_salt("suggestion places")
            .max_height(160.0)
            .show_rows(
                ui,
                ui.text_style_height(&egui::TextStyle::Body),
                s.place_count(),
                |ui, rows| {
                    // One line each (cut to the panel's width), so that rows scroll as rows.
                    for place in s.places().skip(rows.start).take(rows.len()) {
                        let line = format!(
                            "{}–{}: …{}…",
                            place.start,
                            place.end,
                            excerpt(&place_context(doc, &place), 60)
                        );
                        ui.add(egui::Label::new(egui::RichText::new(line).weak()).truncate());
                    }
                },
            );
        ui.weak("Enter labels them all · x rejects them all · Tab next");
        return;
    }
    ui.weak(format!("characters {}–{}", s.start, s.end));
    let candidates = suggestions.speaker_candidates(doc);
    if !candidates.is_empty() {
        ui.label("Speaker (Ctrl+Tab: another)");
        let chosen = s.speaker.as_ref().map(|sp| (sp.start, sp.end));
        let names: Vec<&str> = candidates
            .iter()
            .map(|c| doc.article.slice(c.start..c.end))
            .collect();
        for (i, c) in candidates.iter().enumerate() {
            // A name that comes twice says where each one is.
            let repeated = names.iter().filter(|n| **n == names[i]).count() > 1;
            let text = format!(
                "{}{}{}",
                excerpt(names[i], 40),
                match (c.existing, c.organization) {
                    (Some(_), _) => "",
                    (None, false) => " (new person)",
                    (None, true) => " (new organization)",
                },
                if repeated {
                    where_from_quote(doc, c.start..c.end, s.start..s.end)
                } else {
                    String::new()
                }
            );
            if ui
                .selectable_label(chosen == Some((c.start, c.end)), text)
                .clicked()
            {
                commands.push(Command::ChooseSpeaker(Some(i)));
            }
        }
        if ui
            .selectable_label(chosen.is_none(), "no speaker")
            .clicked()
        {
            commands.push(Command::ChooseSpeaker(None));
        }
    }
    ui.weak("Enter accepts · x rejects · Tab next");
}

/// Where a speaker candidate is from its quote, in words: " · 3 words before".
fn where_from_quote(doc: &Document, name: Range<usize>, quote: Range<usize>) -> String {
    let (between, side) = if name.end <= quote.start {
        (name.end..quote.start, "before")
    } else {
        (quote.end..name.start.max(quote.end), "after")
    };
    let words = doc
        .article
        .slice(between)
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    format!(
        " · {words} word{} {side}",
        if words == 1 { "" } else { "s" }
    )
}

/// A place with a few words around it, on one line.
fn place_context(doc: &Document, place: &Range<usize>) -> String {
    let from = place.start.saturating_sub(24);
    let to = (place.end + 24).min(doc.article.len_chars());
    doc.article
        .slice(from..to)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The toolbar's toggles: one per source, with how many suggestions it has now.
pub fn show_toggles(
    ui: &mut egui::Ui,
    suggestions: &Suggestions,
    settings: &crate::app::state::settings::Settings,
    commands: &mut Vec<crate::app::input::command::Command>,
) {
    ui.weak("Suggest");
    let sources = settings.suggestion_sources();
    for source in SuggestionSource::ALL {
        let on = sources.includes(source);
        let text = if on {
            format!("{} {}", source.as_str(), suggestions.count(source))
        } else {
            source.as_str().to_owned()
        };
        if ui
            .selectable_label(on, text)
            .on_hover_text(format!(
                "Show suggestions from {} (Tab: next, Enter: accept, x: reject)",
                source.as_str()
            ))
            .clicked()
        {
            commands.push(crate::app::input::command::Command::ToggleSuggestions(
                source,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::Rejections;

    /// A document of `sentence` repeated past the length searched on a thread, in a
    /// temporary folder (kept alive by the returned guard).
    fn long_document(sentence: &str) -> (tempfile::TempDir, Document) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("long.txt");
        let mut text = String::new();
        while text.chars().count() <= BACKGROUND_ABOVE_CHARS {
            text.push_str(sentence);
        }
        std::fs::write(&path, &text).expect("write");
        let doc = Document::open(&path, None).expect("opens");
        (dir, doc)
    }

    /// Refreshes until the search (waiting for a pause, then on its thread) is done.
    fn wait_for_search(s: &mut Suggestions, doc: &Document) {
        let started = std::time::Instant::now();
        while s.is_searching() {
            assert!(started.elapsed().as_secs() < 60, "the search never ended");
            std::thread::sleep(std::time::Duration::from_millis(5));
            s.refresh(doc, Sources::ALL);
        }
    }

    /// A long article is searched on a thread; the result is the same as in the frame.
    #[test]
    fn a_long_article_is_searched_on_a_thread_with_the_same_result() {
        let (_dir, doc) =
            long_document("“We will not give up on this process at all,” one official said. ");
        let mut s = Suggestions::new(&doc);
        s.refresh(&doc, Sources::ALL);
        wait_for_search(&mut s, &doc);
        let direct = s.suggester.suggest(
            &doc.article,
            doc.set(),
            &Sources::ALL,
            &Rejections::default(),
        );
        assert!(!direct.is_empty());
        assert_eq!(s.list(), direct.as_slice());
    }

    /// Edits in a burst start one search once they pause, not one each; with every source
    /// off nothing is searched.
    #[test]
    fn a_long_article_is_searched_once_its_edits_pause() {
        let (_dir, mut doc) = long_document("Kerry met Lavrov in Geneva. ");
        let mut s = Suggestions::new(&doc);
        s.refresh(&doc, Sources::ALL);
        assert!(s.is_searching() && s.pending.is_none(), "waits for a pause");
        // An edit before the pause is over: still waiting, for the new revision.
        let person = std::collections::BTreeMap::from([("type".to_owned(), "person".to_owned())]);
        doc.label_span(0..5, "entity", &person).expect("labels");
        s.refresh(&doc, Sources::ALL);
        assert!(s.pending.is_none());
        std::thread::sleep(QUIET_BEFORE_SEARCH);
        s.refresh(&doc, Sources::ALL);
        assert!(
            s.pending.is_some(),
            "searches once the set stayed unchanged"
        );
        wait_for_search(&mut s, &doc);
        // "Kerry" labelled once: its other places are one suggestion.
        let kerry = s
            .list()
            .iter()
            .find(|x| x.text == "Kerry")
            .expect("propagated");
        assert!(kerry.place_count() > 1000, "{}", kerry.place_count());
        let mut off = Suggestions::new(&doc);
        off.refresh(&doc, Sources::NONE);
        assert!(!off.is_searching() && off.list().is_empty());
    }
}
