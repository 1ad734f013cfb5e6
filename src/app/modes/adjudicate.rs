//! Adjudication mode (`--adjudicate FOLDER`, File → Adjudicate folder…): the open document is
//! the article's gold set; every other annotator's set is read beside it and grouped into
//! clusters ([`crate::adjudicate`]). Agreed clusters are accepted on opening (a setting); for
//! each disagreement the keys decide: 1–9 take annotator N's version, `a` the union, `x`
//! rejects. A panel under the text shows the current disagreement's versions and the
//! progress; its versions are outlined in the text.

use std::ops::Range;

use egui::{Color32, RichText, Ui};

use crate::adjudicate::{Adjudication, Choice, GOLD};
use crate::annotator::display_name;
use crate::app::article::overlays::{Overlay, OverlayStyle, Overlays};
use crate::app::input::command::Command;
use crate::app::modes::error::ModeError;
use crate::app::style::palette;
use crate::document::{ChangeError, Document};
use crate::history::Change;
use crate::model::AnnotationSet;
use crate::rejections::Rejected;
use crate::rejections::Rejections;
use crate::text::excerpt;

pub struct AdjudicationMode {
    pub adjudication: Adjudication,
    /// The disagreement the keys act on (an index into the clusters).
    pub current: Option<usize>,
    overlays: Overlays,
    overlays_for: Option<(u64, Option<usize>, u64, bool)>,
}

/// Whether the article at `source` has disagreements its gold set has not decided yet (agreed
/// clusters count too when they are not accepted on opening).
pub fn has_open_work(source: &std::path::Path, auto_accept: bool, take_suggested: bool) -> bool {
    let Ok(mut adjudication) = Adjudication::load(source) else {
        // An article whose sets cannot be read is shown, with the errors, rather than skipped.
        return true;
    };
    let gold = match crate::store::load(source, Some(GOLD)) {
        Ok(loaded) => loaded,
        Err(_) => return true,
    };
    let Ok(rejections) = Rejections::load(&gold.annotation_path) else {
        // Unreadable rejections: shown (with the problem), not skipped.
        return true;
    };
    adjudication.take_suggested = take_suggested;
    let rejected = |l: &str, s: usize, e: usize| rejections.contains(l, s, e);
    let open = adjudication.open(&gold.set, &rejected);
    open.iter()
        .any(|&i| !auto_accept || adjudication.waits_for_decision(&adjudication.clusters[i]))
}

impl AdjudicationMode {
    /// Reads the other annotators' sets of the open gold document; with `auto_accept`, accepts
    /// the agreed clusters as one undoable edit (those agreed only through the same accepted
    /// suggestion too when `take_suggested`; otherwise they wait for a key like
    /// disagreements). Returns the mode and what it did.
    pub fn open(
        doc: &mut Document,
        auto_accept: bool,
        take_suggested: bool,
    ) -> Result<(Self, String), ModeError> {
        let mut adjudication = Adjudication::load(&doc.source_path)?;
        adjudication.take_suggested = take_suggested;
        if let Some(problem) = doc.rejections_problem() {
            return Err(ModeError::RejectionsUnreadable(problem.clone()));
        }
        let rejections = doc.rejections().clone();
        let mut message = format!(
            "Adjudicating {} annotator{}' sets into gold",
            adjudication.annotators.len(),
            if adjudication.annotators.len() == 1 {
                ""
            } else {
                "s"
            }
        );
        if auto_accept {
            let rejected = |l: &str, s: usize, e: usize| rejections.contains(l, s, e);
            match adjudication.accept_agreed(doc.set(), &rejected) {
                Ok(Some(edit)) => {
                    let n = match &edit {
                        crate::edit::Edit::Batch(edits) => edits.len(),
                        _ => 1,
                    };
                    doc.apply(edit)?;
                    message =
                        format!("{message}; accepted {n} agreed span group(s) (Ctrl+Z undoes)");
                }
                Ok(None) => {}
                Err(err) => {
                    message = format!("{message}; agreed span groups not accepted: {err}");
                }
            }
        }
        let mut mode = Self {
            adjudication,
            current: None,
            overlays: Overlays::default(),
            overlays_for: None,
        };
        mode.current = mode.open_disagreements(doc).first().copied();
        Ok((mode, message))
    }

    /// The disagreements gold has not decided yet.
    pub fn open_disagreements(&self, gold: &Document) -> Vec<usize> {
        let rejections = gold.rejections();
        let rejected = |l: &str, s: usize, e: usize| rejections.contains(l, s, e);
        self.adjudication.open_disagreements(gold.set(), &rejected)
    }

    /// Every cluster that waits for a decision (decided or not), as cluster indices.
    fn disagreements(&self) -> Vec<usize> {
        (0..self.adjudication.clusters.len())
            .filter(|&i| {
                self.adjudication
                    .waits_for_decision(&self.adjudication.clusters[i])
            })
            .collect()
    }

    /// (decided, all) disagreements of this article.
    pub fn progress(&self, gold: &Document) -> (usize, usize) {
        let all = self.disagreements().len();
        (all - self.open_disagreements(gold).len(), all)
    }

    /// Carries out a decision on the current disagreement; what to tell the user.
    pub fn decide(&mut self, doc: &mut Document, choice: Choice) -> String {
        let Some(index) = self.current else {
            return "No disagreement left here: Ctrl+Enter marks the article Done and opens the next one with disagreements".into();
        };
        let cluster = self.adjudication.clusters[index].clone();
        if let Choice::Take(who) = choice
            && who >= self.adjudication.annotators.len()
        {
            return format!(
                "There is no annotator {} here (1–{})",
                who + 1,
                self.adjudication.annotators.len()
            );
        }
        // Taking a version that has no span here is a rejection.
        let rejects = match choice {
            Choice::Reject => true,
            Choice::Take(who) => cluster.versions[who].is_empty(),
            Choice::Union => false,
        };
        let edit = match self.adjudication.decide(&cluster, choice, doc.set()) {
            Ok(edit) => edit,
            Err(err) => return format!("Not decided, nothing changed: {err}"),
        };
        let mut steps: Vec<Change> = edit.into_iter().map(Change::Edit).collect();
        if rejects {
            let rejected = self
                .adjudication
                .spans_of(&cluster)
                .iter()
                .map(|(label, start, end)| {
                    Rejected::new(label, *start, *end, doc.article.slice(*start..*end))
                })
                .collect();
            steps.push(Change::Reject(rejected));
        }
        let mut message = match choice {
            Choice::Take(who) => format!(
                "Took {}'s version",
                display_name(&self.adjudication.annotators[who])
            ),
            Choice::Union => "Took every version".to_owned(),
            Choice::Reject => "Rejected".to_owned(),
        };
        // One change of the document's history: Ctrl+Z takes back the decision whole.
        if !steps.is_empty() {
            match doc.change(Change::Steps(steps)) {
                Ok(()) => {}
                Err(ChangeError::RejectionsNotSaved(err)) => {
                    message = format!("{message}, but the rejection was not saved: {err}");
                }
                Err(err) => return err.to_string(),
            }
        }
        self.advance(doc, index);
        let (decided, all) = self.progress(doc);
        if self.current.is_none() {
            format!("{message}. All {all} disagreements decided: Ctrl+Enter for the next article")
        } else {
            format!("{message} ({decided} of {all} decided)")
        }
    }

    /// Moves to the first open disagreement after `from` (wrapping), or none.
    fn advance(&mut self, gold: &Document, from: usize) {
        let open = self.open_disagreements(gold);
        self.current = open.iter().find(|&&i| i > from).or(open.first()).copied();
    }

    /// After an undo or redo: a disagreement that it opened again becomes the current one
    /// (Ctrl+Z after a decision goes back to it); else the current one stays, or the first
    /// open one is taken.
    pub fn revalidate(&mut self, gold: &Document, open_before: &[usize]) {
        let open = self.open_disagreements(gold);
        if let Some(reopened) = open.iter().find(|i| !open_before.contains(i)) {
            self.current = Some(*reopened);
        } else if self.current.is_none() {
            self.current = open.first().copied();
        }
    }

    /// F4 / Shift+F4: the next / previous disagreement, decided or not (to look again or change
    /// one's mind); its range.
    pub fn step(&mut self, forward: bool) -> Option<Range<usize>> {
        let all = self.disagreements();
        if all.is_empty() {
            return None;
        }
        let next = match self.current {
            None if forward => all[0],
            None => all[all.len() - 1],
            Some(c) if forward => all.iter().find(|&&i| i > c).copied().unwrap_or(all[0]),
            Some(c) => all
                .iter()
                .rev()
                .find(|&&i| i < c)
                .copied()
                .unwrap_or(all[all.len() - 1]),
        };
        self.current = Some(next);
        Some(self.adjudication.clusters[next].range.clone())
    }

    /// The current disagreement's range.
    pub fn current_range(&self) -> Option<Range<usize>> {
        self.current
            .and_then(|c| self.adjudication.clusters.get(c))
            .map(|c| c.range.clone())
    }

    /// The current disagreement's versions dashed, each in its annotator's colour
    /// ([`palette::annotator_color`]), and its extent outlined strong; the other open
    /// disagreements dashed grey.
    pub fn overlays(&mut self, doc: &Document, dark: bool) -> &Overlays {
        let key = (
            doc.revision(),
            self.current,
            doc.rejections_revision(),
            dark,
        );
        if self.overlays_for != Some(key) {
            let open = self.open_disagreements(doc);
            let grey = Color32::from_gray(if dark { 150 } else { 120 });
            let focus = palette::focus(dark);
            let mut out = Vec::new();
            for &i in &open {
                if Some(i) != self.current {
                    out.push(Overlay {
                        range: self.adjudication.clusters[i].range.clone(),
                        color: grey,
                        style: OverlayStyle::Dashed,
                    });
                }
            }
            if let Some(c) = self.current.and_then(|c| self.adjudication.clusters.get(c)) {
                for who in 0..self.adjudication.annotators.len() {
                    for a in self.adjudication.version(c, who) {
                        out.push(Overlay {
                            range: a.range(),
                            color: palette::annotator_color(who, dark),
                            style: OverlayStyle::Dashed,
                        });
                    }
                }
                out.push(Overlay {
                    range: c.range.clone(),
                    color: focus,
                    style: OverlayStyle::Focus,
                });
            }
            self.overlays = Overlays::new(out);
            self.overlays_for = Some(key);
        }
        &self.overlays
    }

    /// The panel under the text: progress, the current disagreement's versions with their
    /// keys, and what gold has there now.
    pub fn show(&self, ui: &mut Ui, doc: &Document, commands: &mut Vec<Command>) {
        let (decided, all) = self.progress(doc);
        ui.horizontal(|ui| {
            ui.strong(format!(
                "Adjudicating into gold: {decided} of {all} disagreements decided"
            ));
            ui.add(
                egui::ProgressBar::new(if all == 0 {
                    1.0
                } else {
                    decided as f32 / all as f32
                })
                .desired_width(120.0),
            );
            ui.weak("1–9 take a version · a all · x reject · F4 next · Ctrl+Enter next article");
        });
        let Some(c) = self.current.and_then(|c| self.adjudication.clusters.get(c)) else {
            ui.label("No disagreement left in this article. Ctrl+Enter marks it Done and opens the next article with disagreements.");
            return;
        };
        let rejections = doc.rejections();
        let rejected = |l: &str, s: usize, e: usize| rejections.contains(l, s, e);
        let open = self.adjudication.is_open(c, doc.set(), &rejected);
        ui.label(format!(
            "{} at {}–{} ({})",
            c.label,
            c.range.start,
            c.range.end,
            if open { "open" } else { "decided" }
        ));
        if c.from_suggestions {
            let sources: std::collections::BTreeSet<&str> = (0..self.adjudication.annotators.len())
                .flat_map(|who| self.adjudication.version(c, who))
                .filter_map(|a| a.suggested.as_deref())
                .collect();
            let sources: Vec<&str> = sources.into_iter().collect();
            // The keys first: at 800 px the panel holds one short line.
            let warn = ui.visuals().warn_fg_color;
            ui.add(
                egui::Label::new(
                    egui::RichText::new(format!(
                        "Agreed only through a suggestion ({}): check it, 1 takes it, x rejects it",
                        sources.join(", ")
                    ))
                    .color(warn),
                )
                .wrap(),
            )
            .on_hover_text(
                "Every annotator accepted it unchanged from the same suggestion, which can be \
                 wrong for all alike",
            );
        }
        let describe = |set: &AnnotationSet, a: &crate::model::Annotation| {
            let (flat, _) = crate::labels::flat_label(&a.label, &a.attributes);
            let mut text = format!("{flat} “{}”", excerpt(&a.text, 48));
            let other_attributes: Vec<String> = a
                .attributes
                .iter()
                .filter(|(k, _)| k.as_str() != crate::labels::ENTITY_TYPE)
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            if !other_attributes.is_empty() {
                text.push_str(&format!(" ({})", other_attributes.join(", ")));
            }
            for r in set.relations.iter().filter(|r| r.from == a.id) {
                if let Some(to) = set.annotation(r.to) {
                    text.push_str(&format!(", {}: “{}”", r.label, excerpt(&to.text, 24)));
                }
            }
            text
        };
        egui::Grid::new("versions").striped(true).show(ui, |ui| {
            for (who, name) in self.adjudication.annotators.iter().enumerate() {
                let spans = self.adjudication.version(c, who);
                let text = if spans.is_empty() {
                    "— (nothing here)".to_owned()
                } else {
                    spans
                        .iter()
                        .map(|a| describe(&self.adjudication.sets[who], a))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                if who < 9 {
                    if ui.button(format!("{}", who + 1)).clicked() {
                        commands.push(Command::Decide(Choice::Take(who)));
                    }
                } else {
                    ui.label("");
                }
                ui.label(
                    RichText::new(display_name(name))
                        .strong()
                        .color(palette::annotator_color(who, ui.visuals().dark_mode)),
                );
                ui.label(text);
                ui.end_row();
            }
            let gold: Vec<String> = doc
                .set()
                .overlapping(c.range.clone())
                .filter(|a| a.label == c.label)
                .map(|a| {
                    let mut text = describe(doc.set(), a);
                    if !a.annotators.is_empty() {
                        let names: Vec<&str> =
                            a.annotators.iter().map(|n| display_name(n)).collect();
                        text.push_str(&format!("  (from {})", names.join(", ")));
                    }
                    if let Some(note) = &a.note {
                        text.push_str(&format!("  [{note}]"));
                    }
                    text
                })
                .collect();
            ui.label("");
            ui.label(RichText::new("gold").strong());
            ui.label(if gold.is_empty() {
                "— (nothing yet)".to_owned()
            } else {
                gold.join("; ")
            });
            ui.end_row();
        });
        ui.horizontal(|ui| {
            if ui.button("a: take all").clicked() {
                commands.push(Command::Decide(Choice::Union));
            }
            if ui.button("x: reject").clicked() {
                commands.push(Command::Decide(Choice::Reject));
            }
        });
    }
}
