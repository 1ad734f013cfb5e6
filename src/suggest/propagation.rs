//! Propagation: once a span is labeled, its other occurrences (whole words, same case) are
//! suggested with the same label and attributes — in the article, and optionally from seeds
//! collected from the other sets of a folder. INCEpTION's string-matching recommender.

use std::collections::BTreeMap;
use std::ops::Range;

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;

use crate::model::AnnotationSet;

/// Spans longer than this many words are not propagated (quotes and claims do not recur).
pub const MAX_WORDS: usize = 8;

/// A labeled text to look for: its label and attributes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seed {
    pub text: String,
    pub label: String,
    pub attributes: BTreeMap<String, String>,
}

impl Seed {
    pub fn as_ref(&self) -> SeedRef<'_> {
        SeedRef {
            text: &self.text,
            label: &self.label,
            attributes: &self.attributes,
        }
    }
}

/// A [`Seed`] borrowed from the set (or the folder's seeds) it comes from: a long article's
/// 20,000 seeds are neither copied nor freed one by one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeedRef<'a> {
    pub text: &'a str,
    pub label: &'a str,
    pub attributes: &'a BTreeMap<String, String>,
}

impl SeedRef<'_> {
    pub fn to_owned(self) -> Seed {
        Seed {
            text: self.text.to_owned(),
            label: self.label.to_owned(),
            attributes: self.attributes.clone(),
        }
    }
}

/// A label and attributes a text carries, and how often.
type LabelCount<'a> = (&'a str, &'a BTreeMap<String, String>, usize);

/// The seeds of a set: one per distinct text, with the label and attributes it carries most
/// often (the first of them on a tie), so that a word is never suggested with several
/// labels at once.
pub fn seeds_of(set: &AnnotationSet) -> Vec<Seed> {
    seed_refs_of(set)
        .into_iter()
        .map(SeedRef::to_owned)
        .collect()
}

/// [`seeds_of`], borrowed from the set, sorted by text.
pub fn seed_refs_of(set: &AnnotationSet) -> Vec<SeedRef<'_>> {
    // Hashed, then sorted by text once (a tree of 20,000 texts was most of the time).
    let mut counts: FxHashMap<&str, Vec<LabelCount>> =
        FxHashMap::with_capacity_and_hasher(set.annotations.len(), Default::default());
    for a in &set.annotations {
        if a.text.split_whitespace().count() > MAX_WORDS || a.text.trim().is_empty() {
            continue;
        }
        let labels = counts.entry(a.text.as_str()).or_default();
        match labels
            .iter_mut()
            .find(|(label, attributes, _)| *label == a.label && **attributes == a.attributes)
        {
            Some(entry) => entry.2 += 1,
            None => labels.push((a.label.as_str(), &a.attributes, 1)),
        }
    }
    let mut seeds: Vec<SeedRef> = counts
        .into_iter()
        .filter_map(|(text, labels)| {
            let best = labels.iter().map(|l| l.2).max()?;
            let (label, attributes, _) = labels.into_iter().find(|l| l.2 == best)?;
            Some(SeedRef {
                text,
                label,
                attributes,
            })
        })
        .collect();
    seeds.sort_unstable_by(|a, b| a.text.cmp(b.text));
    seeds
}

/// The seeds of several sets (a folder's), without repeats.
pub fn seeds_of_all<'a>(sets: impl IntoIterator<Item = &'a AnnotationSet>) -> Vec<Seed> {
    let mut all: Vec<Seed> = sets.into_iter().flat_map(seeds_of).collect();
    all.sort();
    all.dedup_by(|a, b| a.text == b.text);
    all
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every whole-word, same-case occurrence of the seeds in `text`: (seed index, byte range).
pub fn find(text: &str, seeds: &[&str]) -> Vec<(usize, Range<usize>)> {
    let mut out = Vec::new();
    for_each(text, seeds, |seed, range| out.push((seed, range)));
    out
}

/// Calls `found(seed index, byte range)` for every whole-word, same-case occurrence of the
/// seeds in `text`, in the order their ends come in the text (the occurrences of one seed in
/// text order), without collecting them.
pub fn for_each(text: &str, seeds: &[&str], found: impl FnMut(usize, Range<usize>)) {
    if let Some(matcher) = Matcher::new(seeds) {
        matcher.for_each_in(text, 0..text.len(), found);
    }
}

/// Seeds' texts as one automaton, to search a text or parts of it (from several threads).
pub struct Matcher {
    automaton: AhoCorasick,
    /// Whether each seed starts and ends with a word character (then its neighbours must not).
    edges: Vec<(bool, bool)>,
    /// The longest seed, in bytes.
    longest: usize,
}

impl Matcher {
    /// `None` without seeds' texts (or when the automaton cannot be built).
    pub fn new(texts: &[&str]) -> Option<Self> {
        if texts.is_empty() {
            return None;
        }
        let automaton = AhoCorasick::new(texts).ok()?;
        let edges = texts
            .iter()
            .map(|t| {
                (
                    t.chars().next().is_some_and(is_word_char),
                    t.chars().next_back().is_some_and(is_word_char),
                )
            })
            .collect();
        let longest = texts.iter().map(|t| t.len()).max().unwrap_or(0);
        Some(Self {
            automaton,
            edges,
            longest,
        })
    }

    /// Like [`for_each`], for the occurrences that start in the byte range `starts` of
    /// `text` (`starts` on char boundaries; an occurrence may end after it).
    pub fn for_each_in(
        &self,
        text: &str,
        starts: Range<usize>,
        mut found: impl FnMut(usize, Range<usize>),
    ) {
        let bytes = text.as_bytes();
        let mut end = (starts.end + self.longest).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let input = aho_corasick::Input::new(text).range(starts.start..end);
        for m in self.automaton.find_overlapping_iter(input) {
            let (start, end) = (m.start(), m.end());
            if start >= starts.end {
                continue;
            }
            let (starts_word, ends_word) = self.edges[m.pattern().as_usize()];
            // ASCII neighbours are read as bytes; others decoded.
            let word_before = starts_word
                && match bytes[..start].last() {
                    None => false,
                    Some(b) if b.is_ascii() => b.is_ascii_alphanumeric() || *b == b'_',
                    Some(_) => text[..start].chars().next_back().is_some_and(is_word_char),
                };
            let word_after = ends_word
                && match bytes.get(end) {
                    None => false,
                    Some(b) if b.is_ascii() => b.is_ascii_alphanumeric() || *b == b'_',
                    Some(_) => text[end..].chars().next().is_some_and(is_word_char),
                };
            if word_before || word_after {
                continue;
            }
            found(m.pattern().as_usize(), start..end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_same_case_only() {
        let text = "Kerry met Kerryman and kerry; Kerry’s plan, (Kerry).";
        let found: Vec<&str> = find(text, &["Kerry"])
            .into_iter()
            .map(|(_, r)| &text[r])
            .collect();
        assert_eq!(found, ["Kerry", "Kerry", "Kerry"]);
    }

    #[test]
    fn a_text_labeled_several_ways_is_seeded_with_its_most_frequent_label() {
        use crate::model::{Annotation, Source};
        let mut set = AnnotationSet::new(
            Source {
                file: "a.txt".into(),
                sha256: String::new(),
                chars: 100,
            },
            None,
        );
        let span = |id: u64, start: usize, label: &str, kind: &str| Annotation {
            id,
            label: label.into(),
            start,
            end: start + 5,
            text: "Kerry".into(),
            attributes: BTreeMap::from([("type".into(), kind.into())]),
            note: None,
            annotators: Vec::new(),
            suggested: None,
        };
        set.annotations = vec![
            span(1, 0, "entity", "organization"),
            span(2, 10, "entity", "person"),
            span(3, 20, "entity", "person"),
        ];
        let seeds = seeds_of(&set);
        assert_eq!(seeds.len(), 1);
        assert_eq!(seeds[0].attributes["type"], "person");
    }
}
