//! The window's modes: annotating (with suggestions), comparing with a colleague, adjudicating
//! into gold. One value ([`Mode`]) says which is on, so two can never be on at once; each
//! mode's behaviour is in its own file, and which keymap is in force follows from it.

pub mod adjudicate;
pub mod compare;
pub mod error;
pub mod suggestions;

use adjudicate::AdjudicationMode;
use compare::CompareMode;
use suggestions::Suggestions;

use crate::app::article::overlays::Overlays;
use crate::app::input::keymap::KeymapMode;
use crate::document::Document;
use crate::suggest::Sources;

/// What the open article's window is doing.
pub enum Mode {
    /// Labeling one's own set; suggestions are made on first use.
    Annotate { suggestions: Option<Suggestions> },
    /// One's own set, with a colleague's drawn over it.
    Compare(CompareMode),
    /// The gold set, with every annotator's set read beside it.
    Adjudicate(AdjudicationMode),
}

impl Default for Mode {
    fn default() -> Self {
        Mode::Annotate { suggestions: None }
    }
}

impl Mode {
    /// The keymap in force in this mode.
    pub fn keymap(&self) -> KeymapMode {
        match self {
            Mode::Annotate { .. } => KeymapMode::Annotate,
            Mode::Compare(_) => KeymapMode::Compare,
            Mode::Adjudicate(_) => KeymapMode::Adjudicate,
        }
    }

    /// The suggestions, if annotating and they were made.
    pub fn suggestions(&self) -> Option<&Suggestions> {
        match self {
            Mode::Annotate { suggestions } => suggestions.as_ref(),
            _ => None,
        }
    }

    /// The suggestions while annotating, made now if they were not yet.
    pub fn suggestions_made(&mut self, doc: &Document) -> Option<&mut Suggestions> {
        match self {
            Mode::Annotate { suggestions } => {
                Some(suggestions.get_or_insert_with(|| Suggestions::new(doc)))
            }
            _ => None,
        }
    }

    pub fn compare(&self) -> Option<&CompareMode> {
        match self {
            Mode::Compare(c) => Some(c),
            _ => None,
        }
    }

    pub fn compare_mut(&mut self) -> Option<&mut CompareMode> {
        match self {
            Mode::Compare(c) => Some(c),
            _ => None,
        }
    }

    pub fn adjudication(&self) -> Option<&AdjudicationMode> {
        match self {
            Mode::Adjudicate(a) => Some(a),
            _ => None,
        }
    }

    pub fn adjudication_mut(&mut self) -> Option<&mut AdjudicationMode> {
        match self {
            Mode::Adjudicate(a) => Some(a),
            _ => None,
        }
    }

    /// The outlines the mode draws over the text (suggestions, a colleague's spans, the
    /// versions of a disagreement).
    pub fn overlays(&mut self, doc: &Document, sources: Sources, dark: bool) -> &Overlays {
        match self {
            Mode::Annotate {
                suggestions: Some(s),
            } => s.overlays(doc, sources, dark),
            Mode::Annotate { suggestions: None } => Overlays::none(),
            Mode::Compare(c) => c.overlays(doc, dark),
            Mode::Adjudicate(a) => a.overlays(doc, dark),
        }
    }

    /// The panel under the text, for the modes that have one.
    pub fn show_review_panel(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        commands: &mut Vec<crate::app::input::command::Command>,
    ) {
        match self {
            Mode::Annotate { .. } => {}
            Mode::Compare(c) => c.show(ui, doc, commands),
            Mode::Adjudicate(a) => a.show(ui, doc, commands),
        }
    }

    /// Whether the mode has a panel under the text.
    pub fn has_review_panel(&self) -> bool {
        !matches!(self, Mode::Annotate { .. })
    }
}
