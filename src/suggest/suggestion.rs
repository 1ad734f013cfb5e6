//! A suggestion (a span the user may accept, with where it comes from and who said it for a
//! quote), and the choice of sources to ask.

use std::collections::BTreeMap;

/// Where a suggestion comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SuggestionSource {
    Quotes,
    Patterns,
    Propagation,
}

impl SuggestionSource {
    pub const ALL: [SuggestionSource; 3] = [
        SuggestionSource::Quotes,
        SuggestionSource::Patterns,
        SuggestionSource::Propagation,
    ];

    /// The name used on the command line and in JSON: `quotes`, `patterns`, `propagation`.
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestionSource::Quotes => "quotes",
            SuggestionSource::Patterns => "patterns",
            SuggestionSource::Propagation => "propagation",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// Who said a suggested quote: a phrase of the text, maybe an existing entity annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpeakerSuggestion {
    pub start: usize,
    pub end: usize,
    /// The id of the existing annotation this speaker is, if any.
    pub existing: Option<u64>,
    /// A body ("the ministry", "Acme Inc."), not a person: a new entity for it is typed
    /// organization where the schema has that type.
    pub organization: bool,
}

/// A span the user may accept as an annotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// A schema label (`quote`, `entity`).
    pub label: String,
    /// Char offsets, as annotations have.
    pub start: usize,
    pub end: usize,
    /// The text between `start` and `end`.
    pub text: String,
    /// Valid for the schema: the label's defaults with what the source says (`form`, `type`).
    pub attributes: BTreeMap<String, String>,
    pub source: SuggestionSource,
    /// For quotes: who said it.
    pub speaker: Option<SpeakerSuggestion>,
}

/// Which sources to ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sources {
    pub quotes: bool,
    pub patterns: bool,
    pub propagation: bool,
}

impl Default for Sources {
    fn default() -> Self {
        Self::ALL
    }
}

impl Sources {
    pub const ALL: Sources = Sources {
        quotes: true,
        patterns: true,
        propagation: true,
    };

    /// Whether `source` is on.
    pub fn includes(&self, source: SuggestionSource) -> bool {
        match source {
            SuggestionSource::Quotes => self.quotes,
            SuggestionSource::Patterns => self.patterns,
            SuggestionSource::Propagation => self.propagation,
        }
    }

    /// Only the sources listed.
    pub fn only(sources: &[SuggestionSource]) -> Self {
        Sources {
            quotes: sources.contains(&SuggestionSource::Quotes),
            patterns: sources.contains(&SuggestionSource::Patterns),
            propagation: sources.contains(&SuggestionSource::Propagation),
        }
    }
}

impl From<&Suggestion> for crate::rejections::Rejected {
    fn from(s: &Suggestion) -> Self {
        crate::rejections::Rejected::new(&s.label, s.start, s.end, &s.text)
    }
}
