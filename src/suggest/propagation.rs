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

/// A label and attributes a text carries, how often, and the text's next such entry.
struct LabelCount<'a> {
    label: &'a str,
    attributes: &'a BTreeMap<String, String>,
    count: usize,
    next: Option<usize>,
}

/// The seeds of a set: one per distinct text, with the label and attributes it carries most
/// often (the first of them on a tie), so that a word is never suggested with several
/// labels at once. Sorted by text.
pub fn seeds_of(set: &AnnotationSet) -> Vec<Seed> {
    let mut seeds: Vec<Seed> = seed_refs_of(set)
        .into_iter()
        .map(SeedRef::to_owned)
        .collect();
    seeds.sort_unstable_by(|a, b| a.text.cmp(&b.text));
    seeds
}

/// [`seeds_of`], borrowed from the set, in no particular order (propagation's suggestions
/// are sorted by place; sorting a long article's 10,000 texts took a millisecond).
pub fn seed_refs_of(set: &AnnotationSet) -> Vec<SeedRef<'_>> {
    // Per text, its first label entry; a text's entries are chained in the order met (one
    // list for all texts, not a list per text).
    let mut first: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(set.annotations.len(), Default::default());
    let mut entries: Vec<LabelCount> = Vec::with_capacity(set.annotations.len());
    for a in &set.annotations {
        let words = words_up_to(&a.text, MAX_WORDS + 1);
        if words == 0 || words > MAX_WORDS {
            continue;
        }
        let new = LabelCount {
            label: a.label.as_str(),
            attributes: &a.attributes,
            count: 1,
            next: None,
        };
        let Some(&head) = first.get(a.text.as_str()) else {
            first.insert(a.text.as_str(), entries.len());
            entries.push(new);
            continue;
        };
        let mut at = head;
        let len = entries.len();
        loop {
            let entry = &mut entries[at];
            if entry.label == a.label && *entry.attributes == a.attributes {
                entry.count += 1;
                break;
            }
            match entry.next {
                Some(next) => at = next,
                None => {
                    entry.next = Some(len);
                    entries.push(new);
                    break;
                }
            }
        }
    }
    first
        .into_iter()
        .map(|(text, head)| {
            // The most frequent, the first met on a tie.
            let mut best = &entries[head];
            let mut at = best.next;
            while let Some(next) = at {
                let entry = &entries[next];
                if entry.count > best.count {
                    best = entry;
                }
                at = entry.next;
            }
            SeedRef {
                text,
                label: best.label,
                attributes: best.attributes,
            }
        })
        .collect()
}

/// How many words `text` has (runs of other chars than white space), counting no further
/// than `most`.
fn words_up_to(text: &str, most: usize) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().take(most).count();
    }
    // ASCII white space as `char::is_whitespace` has it: tab to carriage return, space.
    let mut words = 0;
    let mut in_word = false;
    for b in text.bytes() {
        let space = b == b' ' || (b'\t'..=b'\r').contains(&b);
        if !space && !in_word {
            words += 1;
            if words == most {
                return words;
            }
        }
        in_word = !space;
    }
    words
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

/// [`is_word_char`] without Unicode's tables for the blocks press text is mostly made of
/// outside ASCII (a test checks every char of them against the tables).
fn is_word_char_fast(c: char) -> bool {
    match u32::from(c) {
        0..=0x7F => ASCII_WORD[c as usize],
        // Latin-1's letters (not × and ÷) and Latin Extended-A and B: letters.
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F => true,
        // General Punctuation: dashes, curly quotes, ellipsis, spaces.
        0x2000..=0x206F => false,
        // CJK Unified Ideographs and Hangul syllables: letters.
        0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => true,
        _ => is_word_char(c),
    }
}

/// Whether each ASCII byte is a word character (letters, digits and `_`).
const ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// The char at byte `at` of `text` (a char boundary before its end): whether it is a word
/// character, and its length in bytes. ASCII is read as a byte.
fn word_char_at(text: &str, at: usize) -> (bool, usize) {
    match text.as_bytes()[at] {
        b if b.is_ascii() => (ASCII_WORD[usize::from(b)], 1),
        _ => text[at..]
            .chars()
            .next()
            .map_or((false, 1), |c| (is_word_char_fast(c), c.len_utf8())),
    }
}

/// Whether the char ending at byte `at` of `text` (a char boundary) is a word character.
fn word_char_before(text: &str, at: usize) -> bool {
    match text.as_bytes()[..at].last() {
        None => false,
        Some(b) if b.is_ascii() => ASCII_WORD[usize::from(*b)],
        Some(_) => text[..at]
            .chars()
            .next_back()
            .is_some_and(is_word_char_fast),
    }
}

/// Whether the char starting at byte `at` of `text` (a char boundary, maybe its end) is a
/// word character.
fn word_char_after(text: &str, at: usize) -> bool {
    at < text.len() && word_char_at(text, at).0
}

/// The end of the run of word characters that starts at byte `from` of `text`.
fn word_run_end(text: &str, mut from: usize) -> usize {
    let bytes = text.as_bytes();
    while from < bytes.len() {
        // ASCII words are read byte by byte.
        let b = bytes[from];
        if b.is_ascii() {
            if !ASCII_WORD[usize::from(b)] {
                break;
            }
            from += 1;
            continue;
        }
        let (word, len) = word_char_at(text, from);
        if !word {
            break;
        }
        from += len;
    }
    from
}

/// Every whole-word, same-case occurrence of the seeds in `text`: (seed index, byte range).
pub fn find(text: &str, seeds: &[&str]) -> Vec<(usize, Range<usize>)> {
    let mut out = Vec::new();
    for_each(text, seeds, |seed, range| out.push((seed, range)));
    out
}

/// Calls `found(seed index, byte range)` for every whole-word, same-case occurrence of the
/// seeds in `text` (the occurrences of one seed in text order), without collecting them.
pub fn for_each(text: &str, seeds: &[&str], found: impl FnMut(usize, Range<usize>)) {
    if let Some(matcher) = Matcher::new(seeds) {
        matcher.for_each_in(text, 0..text.len(), found);
    }
}

/// No further seed with the same first word.
const NO_SEED: u32 = u32::MAX;

/// Seeds' texts ready to be searched for in a text or parts of it (from several threads).
///
/// A seed that starts with a word character can only occur where a word starts, and the
/// text's word there must be the seed's first word (all of it: what follows a word is not
/// a word character, in the seed as in the text). So the text is read word by word, each
/// word looked up among the seeds' first words, and only the seeds that begin with it are
/// compared — a long article labelled all over is read once, instead of reporting every
/// seed inside every word. The few seeds that start otherwise (`(AP)`, `“Yes`) are searched
/// for with an Aho-Corasick automaton.
pub struct Matcher<'a> {
    /// Per first word, where the seeds that start with it are in `candidates`.
    first_words: FxHashMap<&'a str, Range<u32>>,
    /// The seeds that start with a word character, those with one first word together.
    candidates: Vec<Candidate<'a>>,
    /// The seeds that do not start with a word character, if any.
    others: Option<OtherSeeds>,
}

/// A seed that starts with a word character, with what tells it apart at a glance.
struct Candidate<'a> {
    seed: usize,
    text: &'a [u8],
    /// Its last byte.
    last: u8,
    /// Whether it ends with a word character (then the text's next char must not be one).
    ends_word: bool,
}

/// Seeds that start with a character other than a word character, as one automaton.
struct OtherSeeds {
    automaton: AhoCorasick,
    /// Per pattern of the automaton: its seed, and whether the seed ends with a word
    /// character (then the char after it must not be one).
    seeds: Vec<(usize, bool)>,
    /// The longest of these seeds, in bytes.
    longest: usize,
}

impl<'a> Matcher<'a> {
    /// `None` without seeds' texts (or when the automaton cannot be built).
    pub fn new(texts: &[&'a str]) -> Option<Self> {
        if texts.is_empty() {
            return None;
        }
        // Chained per first word while collected, then laid out one first word after another.
        let mut heads: FxHashMap<&'a str, u32> =
            FxHashMap::with_capacity_and_hasher(texts.len(), Default::default());
        let mut next = vec![NO_SEED; texts.len()];
        let mut other_seeds = Vec::new();
        for (index, text) in texts.iter().enumerate() {
            let starts_word = !text.is_empty() && word_char_at(text, 0).0;
            if !starts_word {
                other_seeds.push(index);
                continue;
            }
            let seed = u32::try_from(index).ok()?;
            let first_word = &text[..word_run_end(text, 0)];
            let head = heads.entry(first_word).or_insert(NO_SEED);
            next[index] = std::mem::replace(head, seed);
        }
        let mut candidates = Vec::with_capacity(texts.len() - other_seeds.len());
        let mut first_words: FxHashMap<&'a str, Range<u32>> =
            FxHashMap::with_capacity_and_hasher(heads.len(), Default::default());
        for (first_word, head) in heads {
            let from = u32::try_from(candidates.len()).ok()?;
            let mut seed = head;
            while seed != NO_SEED {
                let index = seed as usize;
                let text = texts[index];
                candidates.push(Candidate {
                    seed: index,
                    text: text.as_bytes(),
                    last: text.as_bytes().last().copied().unwrap_or(0),
                    ends_word: word_char_before(text, text.len()),
                });
                seed = next[index];
            }
            first_words.insert(first_word, from..u32::try_from(candidates.len()).ok()?);
        }
        let others = if other_seeds.is_empty() {
            None
        } else {
            let patterns: Vec<&str> = other_seeds.iter().map(|&i| texts[i]).collect();
            Some(OtherSeeds {
                automaton: AhoCorasick::new(&patterns).ok()?,
                seeds: other_seeds
                    .iter()
                    .map(|&i| (i, texts[i].chars().next_back().is_some_and(is_word_char)))
                    .collect(),
                longest: patterns.iter().map(|t| t.len()).max().unwrap_or(0),
            })
        };
        Some(Self {
            first_words,
            candidates,
            others,
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
        if !self.first_words.is_empty() {
            let mut at = starts.start;
            // Inside a word that began before the range: its start is not in it.
            if at < starts.end && word_char_before(text, at) {
                at = word_run_end(text, at);
            }
            while at < starts.end {
                let (word, len) = word_char_at(text, at);
                if !word {
                    at += len;
                    continue;
                }
                // A word starts here: the seeds that begin with it.
                let word_end = word_run_end(text, at + len);
                if let Some(range) = self.first_words.get(&text[at..word_end]) {
                    let word_len = word_end - at;
                    for candidate in &self.candidates[range.start as usize..range.end as usize] {
                        let end = at + candidate.text.len();
                        // The first word matched; the rest must too (its last byte first:
                        // it tells most of them apart), and a seed ending in a word
                        // character must end where the text's word does.
                        if candidate.text.len() == word_len
                            || (bytes.get(end - 1) == Some(&candidate.last)
                                && bytes.get(word_end..end) == Some(&candidate.text[word_len..])
                                && !(candidate.ends_word && word_char_after(text, end)))
                        {
                            found(candidate.seed, at..end);
                        }
                    }
                }
                at = word_end;
            }
        }
        if let Some(others) = &self.others {
            others.for_each_in(text, starts, found);
        }
    }
}

impl OtherSeeds {
    /// [`Matcher::for_each_in`] for these seeds.
    fn for_each_in(
        &self,
        text: &str,
        starts: Range<usize>,
        mut found: impl FnMut(usize, Range<usize>),
    ) {
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
            let (seed, ends_word) = self.seeds[m.pattern().as_usize()];
            if ends_word && word_char_after(text, end) {
                continue;
            }
            found(seed, start..end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_word_test_agrees_with_unicode_for_every_char_it_knows() {
        let ranges = [
            0..0x80,
            0xC0..0x250,
            0x2000..0x2070,
            0x4E00..0xA000,
            0xAC00..0xD7A4,
        ];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            assert_eq!(
                is_word_char_fast(c),
                is_word_char(c),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    /// The search as an Aho-Corasick automaton reporting every occurrence, kept when it
    /// touches a word character of its own kind on either side: what [`Matcher`] must find.
    fn found_by_automaton(text: &str, seeds: &[&str]) -> Vec<(usize, Range<usize>)> {
        let automaton = AhoCorasick::new(seeds).expect("automaton");
        let mut found: Vec<(usize, Range<usize>)> = automaton
            .find_overlapping_iter(text)
            .filter(|m| {
                let seed = seeds[m.pattern().as_usize()];
                let starts_word = seed.chars().next().is_some_and(is_word_char);
                let ends_word = seed.chars().next_back().is_some_and(is_word_char);
                let before = text[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(is_word_char);
                let after = text[m.end()..].chars().next().is_some_and(is_word_char);
                !((starts_word && before) || (ends_word && after))
            })
            .map(|m| (m.pattern().as_usize(), m.range()))
            .collect();
        found.sort_by_key(|(seed, range)| (range.start, range.end, *seed));
        found
    }

    proptest::proptest! {
        #[test]
        fn the_word_by_word_search_finds_what_the_automaton_finds(
            text in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Kerry", "Ker", "ry", "John", " ", " ", ".", ",", "_", "7", "é", "e\u{301}",
                    "東京", "“", "”", "’s", "(", ")", "\r\n", "-", "\u{a0}", "😀", "Ω",
                ]),
                0..40,
            ),
            seeds in proptest::collection::vec((0usize..200, 1usize..12), 1..8),
            extra in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Kerry", "John Kerry", "(AP)", "“Yes", "Kerry.", ".", "_x", "東", "é", "e",
                    " Kerry", "ry’s", "😀",
                ]),
                0..4,
            ),
            cut in 0usize..200,
        ) {
            let text: String = text.concat();
            // Seeds cut from the text itself (on char boundaries), and a few of their own.
            let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let mut seed_texts: Vec<&str> = seeds
                .iter()
                .filter_map(|&(from, len)| {
                    let start = *chars.get(from % chars.len())?;
                    let end = *chars.get((from % chars.len() + len).min(chars.len() - 1))?;
                    (start < end).then(|| &text[start..end])
                })
                .collect();
            seed_texts.extend(extra);
            if seed_texts.is_empty() {
                return Ok(());
            }
            let mut found = find(&text, &seed_texts);
            found.sort_by_key(|(seed, range)| (range.start, range.end, *seed));
            proptest::prop_assert_eq!(&found, &found_by_automaton(&text, &seed_texts));
            // Searched in two parts, as the command line does on two cores: the same.
            let cut = chars[cut % chars.len()];
            let matcher = Matcher::new(&seed_texts).expect("seeds");
            let mut in_parts = Vec::new();
            matcher.for_each_in(&text, 0..cut, |seed, range| in_parts.push((seed, range)));
            matcher.for_each_in(&text, cut..text.len(), |seed, range| in_parts.push((seed, range)));
            in_parts.sort_by_key(|(seed, range)| (range.start, range.end, *seed));
            proptest::prop_assert_eq!(&in_parts, &found);
        }
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            " ",
            "Kerry",
            " John  Kerry ",
            "a\tb\nc\rd\x0Be\x0Cf",
            "a\u{85}b",
            "東京 x",
            "one two three four five six seven eight nine ten",
        ] {
            for most in [1, 3, 9] {
                assert_eq!(
                    words_up_to(text, most),
                    text.split_whitespace().take(most).count(),
                    "{text:?}"
                );
            }
        }
    }

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
