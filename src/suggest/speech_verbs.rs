//! Speech-verb cues ("said", "according to", "a déclaré", "sagte", "dijo"): the words that
//! attribute a quote to its speaker. The lists are data files, one per language, in
//! `data/speech-verbs/{en,fr,de,es}.txt`, built into the program.

use rustc_hash::FxHashMap;

/// The built-in lists: (language, file text).
pub const LISTS: [(&str, &str); 4] = [
    ("en", include_str!("../../data/speech-verbs/en.txt")),
    ("fr", include_str!("../../data/speech-verbs/fr.txt")),
    ("de", include_str!("../../data/speech-verbs/de.txt")),
    ("es", include_str!("../../data/speech-verbs/es.txt")),
];

/// Where a cue's speaker stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpeakerSide {
    /// Before the cue ("the minister said"), or after it when nothing stands before it
    /// ("said the minister").
    Either,
    /// After the cue ("according to the minister").
    After,
    /// Before the cue only: what follows it is whom they spoke to ("told reporters").
    Before,
}

/// A set of cues, matched on whole words, case-insensitively.
#[derive(Clone, Debug, Default)]
pub struct SpeechVerbs {
    /// Cues keyed by their first word: the words of each cue (lower case) and its side.
    by_first: FxHashMap<String, Vec<(Vec<String>, SpeakerSide)>>,
}

impl SpeechVerbs {
    /// The cues of every built-in language together.
    pub fn builtin() -> Self {
        Self::builtin_shared().clone()
    }

    /// The built-in cues, read from the lists once per process (reading them was a twentieth
    /// of `suggest --only quotes` on a 1 MB article, and the command line needs them twice).
    pub fn builtin_shared() -> &'static SpeechVerbs {
        static BUILTIN: std::sync::LazyLock<SpeechVerbs> = std::sync::LazyLock::new(|| {
            let mut verbs = SpeechVerbs::default();
            for (_, text) in LISTS {
                verbs.add_list(text);
            }
            verbs
        });
        &BUILTIN
    }

    /// Adds the cues of a list in the data-file format: one cue per line, `#` comments,
    /// a leading `+` for a cue whose speaker follows it, `<` for one whose speaker comes
    /// before it only.
    pub fn add_list(&mut self, text: &str) {
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (side, cue) = if let Some(rest) = line.strip_prefix('+') {
                (SpeakerSide::After, rest.trim())
            } else if let Some(rest) = line.strip_prefix('<') {
                (SpeakerSide::Before, rest.trim())
            } else {
                (SpeakerSide::Either, line)
            };
            let words: Vec<String> = cue.split_whitespace().map(str::to_lowercase).collect();
            let Some(first) = words.first().cloned() else {
                continue;
            };
            let entry = self.by_first.entry(first).or_default();
            if !entry.iter().any(|(w, _)| *w == words) {
                entry.push((words, side));
                // Longest first, so "according to" wins over a shorter cue.
                entry.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
            }
        }
    }

    /// The cue starting at word `i` of `words` (lower-cased words of a text): how many
    /// words it spans and where its speaker stands.
    pub fn cue_at(&self, words: &[String], i: usize) -> Option<(usize, SpeakerSide)> {
        let candidates = self.by_first.get(words.get(i)?)?;
        candidates.iter().find_map(|(cue, side)| {
            let end = i + cue.len();
            (end <= words.len() && words[i..end] == cue[..]).then_some((cue.len(), *side))
        })
    }

    /// Whether a single lower-case word is (the first word of) a cue.
    pub fn starts_cue(&self, word: &str) -> bool {
        self.by_first.contains_key(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_lowercase).collect()
    }

    #[test]
    fn every_language_has_a_list_and_multi_word_cues_match_whole() {
        let verbs = SpeechVerbs::builtin();
        for (language, text) in LISTS {
            let cues = text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .count();
            assert!(cues >= 20, "{language}: {cues} cues");
        }
        let w = words("According to the minister");
        assert_eq!(verbs.cue_at(&w, 0), Some((2, SpeakerSide::After)));
        assert_eq!(
            verbs.cue_at(&words("he SAID"), 1),
            Some((1, SpeakerSide::Either))
        );
        assert_eq!(verbs.cue_at(&words("according"), 0), None);
        assert_eq!(
            verbs.cue_at(&words("a déclaré"), 1),
            Some((1, SpeakerSide::Either))
        );
        assert_eq!(
            verbs.cue_at(&words("so Merkel"), 0),
            Some((1, SpeakerSide::After))
        );
        assert_eq!(
            verbs.cue_at(&words("dijo"), 0),
            Some((1, SpeakerSide::Either))
        );
    }
}
