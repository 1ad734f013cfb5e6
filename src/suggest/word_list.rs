//! Fixed lists of lower-case words, looked up by hash.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

/// A fixed list of lower-case words, looked up by hash: every word of every speaker phrase is
/// looked up in several lists of up to 190 words, and comparing it with each was a tenth of
/// the quote finder's time.
pub struct WordList {
    words: &'static [&'static str],
    set: OnceLock<FxHashSet<&'static str>>,
}

impl WordList {
    pub const fn new(words: &'static [&'static str]) -> Self {
        Self {
            words,
            set: OnceLock::new(),
        }
    }

    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }

    /// Whether the list holds `word` as it is.
    pub fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(word)
    }

    /// Whether the list holds `word` in lower case (an ASCII word lower-cased without
    /// allocating).
    pub fn contains_any_case(&self, word: &str) -> bool {
        if !word.is_ascii() {
            let lower: String = word.chars().flat_map(char::to_lowercase).collect();
            return self.contains(&lower);
        }
        if !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return self.contains(word);
        }
        let mut buffer = [0u8; 32];
        match buffer.get_mut(..word.len()) {
            Some(lowered) => {
                lowered.copy_from_slice(word.as_bytes());
                lowered.make_ascii_lowercase();
                std::str::from_utf8(lowered).is_ok_and(|w| self.contains(w))
            }
            None => self.contains(&word.to_ascii_lowercase()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static LIST: WordList = WordList::new(&["minister", "à", "spokeswoman"]);

    #[test]
    fn words_are_found_in_any_case_and_only_whole() {
        assert!(LIST.contains_any_case("Minister"));
        assert!(LIST.contains_any_case("SPOKESWOMAN"));
        assert!(LIST.contains_any_case("À"));
        assert!(!LIST.contains_any_case("minist"));
        assert!(!LIST.contains_any_case("ministers"));
        assert!(!LIST.contains_any_case(&"A".repeat(40)));
        assert!(LIST.contains("à") && !LIST.contains("À"));
    }
}
