//! Propagation: once a span is labeled, its other occurrences (whole words, same case) are
//! suggested with the same label and attributes — in the article, and optionally from seeds
//! collected from the other sets of a folder. INCEpTION's string-matching recommender.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use aho_corasick::AhoCorasick;

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

/// The seeds of a set: one per distinct (text, label), the first annotation's attributes.
pub fn seeds_of(set: &AnnotationSet) -> Vec<Seed> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for a in &set.annotations {
        if a.text.split_whitespace().count() > MAX_WORDS || a.text.trim().is_empty() {
            continue;
        }
        if seen.insert((a.text.as_str(), a.label.as_str())) {
            out.push(Seed {
                text: a.text.clone(),
                label: a.label.clone(),
                attributes: a.attributes.clone(),
            });
        }
    }
    out
}

/// The seeds of several sets (a folder's), without repeats.
pub fn seeds_of_all<'a>(sets: impl IntoIterator<Item = &'a AnnotationSet>) -> Vec<Seed> {
    let mut all: Vec<Seed> = sets.into_iter().flat_map(seeds_of).collect();
    all.sort();
    all.dedup_by(|a, b| a.text == b.text && a.label == b.label);
    all
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every whole-word, same-case occurrence of the seeds in `text`: (seed index, byte range).
pub fn find(text: &str, seeds: &[Seed]) -> Vec<(usize, Range<usize>)> {
    if seeds.is_empty() {
        return Vec::new();
    }
    let Ok(matcher) = AhoCorasick::new(seeds.iter().map(|s| s.text.as_str())) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in matcher.find_overlapping_iter(text) {
        let (start, end) = (m.start(), m.end());
        let seed = &seeds[m.pattern().as_usize()].text;
        let starts_word = seed.chars().next().is_some_and(is_word_char);
        let ends_word = seed.chars().next_back().is_some_and(is_word_char);
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if (starts_word && before.is_some_and(is_word_char))
            || (ends_word && after.is_some_and(is_word_char))
        {
            continue;
        }
        out.push((m.pattern().as_usize(), start..end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(text: &str, label: &str) -> Seed {
        Seed {
            text: text.into(),
            label: label.into(),
            attributes: BTreeMap::from([("type".into(), "person".into())]),
        }
    }

    #[test]
    fn whole_words_same_case_only() {
        let text = "Kerry met Kerryman and kerry; Kerry’s plan, (Kerry).";
        let found: Vec<&str> = find(text, &[seed("Kerry", "entity")])
            .into_iter()
            .map(|(_, r)| &text[r])
            .collect();
        assert_eq!(found, ["Kerry", "Kerry", "Kerry"]);
    }
}
