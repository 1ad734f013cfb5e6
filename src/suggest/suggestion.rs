//! A suggestion (a span the user may accept, with where it comes from and who said it for a
//! quote), and the choice of sources to ask.

use std::collections::BTreeMap;
use std::ops::Range;

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
    /// For propagation: where the text's further places in the article start (char
    /// offsets, in text order, after `start`; each place as long as `start..end`), all
    /// suggested with the same label and attributes. One suggestion stands for every place
    /// a labelled text recurs, so that a text repeated a thousand times is one suggestion,
    /// not a thousand; accepting it labels them all. (Starts only, in 32 bits: a long
    /// article's 300,000 places take a quarter of the memory ranges took.)
    pub more_starts: Vec<u32>,
}

impl Suggestion {
    /// Every place this suggestion labels: `start..end`, then the further ones.
    pub fn places(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let len = self.end - self.start;
        std::iter::once(self.start..self.end).chain(self.more_starts.iter().map(move |&start| {
            let start = start as usize;
            start..start + len
        }))
    }

    /// How many places it labels (1 but for a propagated text that recurs).
    pub fn place_count(&self) -> usize {
        1 + self.more_starts.len()
    }

    /// The suggestion of each of its places alone (the same label, text, attributes and
    /// source), to accept them one by one.
    pub fn one_per_place(&self) -> impl Iterator<Item = Suggestion> + '_ {
        self.places().map(move |place| Suggestion {
            label: self.label.clone(),
            start: place.start,
            end: place.end,
            text: self.text.clone(),
            attributes: self.attributes.clone(),
            source: self.source,
            speaker: self.speaker.clone(),
            more_starts: Vec::new(),
        })
    }

    /// Its rejection: one per place.
    pub fn rejections(&self) -> Vec<crate::rejections::Rejected> {
        self.places()
            .map(|p| crate::rejections::Rejected::new(&self.label, p.start, p.end, &self.text))
            .collect()
    }
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
    pub const NONE: Sources = Sources {
        quotes: false,
        patterns: false,
        propagation: false,
    };

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
