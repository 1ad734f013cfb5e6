//! Tokens as spaCy's English tokenizer makes them, for the common cases: white space splits
//! (a single space after a token is its trailing space; other white space becomes a token of
//! its own), then punctuation, quotes, brackets and currency signs come off the front,
//! punctuation, quotes, `'s` and a period after a lower-case letter, a digit or two capitals
//! come off the back, and hyphens between letters split a word (`al-Assad` → `al`, `-`,
//! `Assad`). Abbreviations with a period that spaCy keeps whole (Mr., U.S., Inc.) stay whole.
//! Contractions (don't, we've) are not split as spaCy splits them: pattern files matching
//! contractions will differ (README, "Suggestions").

use std::ops::Range;

/// A token: byte range in the text.
pub type Token = Range<usize>;

/// Characters split off the front of a word.
const PREFIXES: &[char] = &[
    '§', '%', '=', '—', '–', '+', '…', ',', ':', ';', '!', '?', '¿', '¡', '(', ')', '[', ']', '{',
    '}', '<', '>', '_', '#', '*', '&', '\'', '"', '”', '“', '`', '‘', '´', '’', '‚', '„', '»', '«',
    '「', '」', '『', '』', '$', '£', '€', '¥', '。', '、',
];

/// Characters split off the back of a word (the period has its own rule).
const SUFFIXES: &[char] = &[
    '…', ',', ':', ';', '!', '?', '¿', '¡', '(', ')', '[', ']', '{', '}', '<', '>', '_', '#', '*',
    '&', '\'', '"', '”', '“', '`', '‘', '´', '’', '‚', '„', '»', '«', '「', '」', '『', '』', '—',
    '–', '。', '、',
];

/// Words with a period that stay one token (spaCy's English tokenizer exceptions).
const KEEP_WHOLE: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Jr.", "Sr.", "Gen.", "Sen.", "Rep.", "Gov.", "Lt.",
    "Col.", "Sgt.", "Capt.", "Adm.", "Prof.", "Rev.", "Inc.", "Corp.", "Co.", "co.", "Ltd.", "vs.",
    "e.g.", "i.e.", "a.m.", "p.m.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.",
    "Sept.", "Oct.", "Nov.", "Dec.", "Messrs.", "Bros.", "Ph.D.", "Mt.",
];

/// Whether `s` is one of [`KEEP_WHOLE`]: all end with a period and are short, which rules out
/// almost every word before the list is read (it was most of the tokenizer's time).
fn keep_whole(s: &str) -> bool {
    s.len() <= 7 && s.ends_with('.') && KEEP_WHOLE.contains(&s)
}

/// The tokens of `text`, in order (spaCy's loop: at each change between white space and
/// the rest, the text before is a token or a word to split; a space right after a word is
/// that word's trailing space, any other white space run is a token).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut in_ws = text.chars().next().is_some_and(char::is_whitespace);
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() != in_ws {
            if start < i {
                if in_ws {
                    out.push(start..i);
                } else {
                    split_chunk(text, start..i, &mut out);
                }
            }
            start = if c == ' ' { i + 1 } else { i };
            in_ws = !in_ws;
        }
    }
    if start < text.len() {
        if in_ws {
            out.push(start..text.len());
        } else {
            split_chunk(text, start..text.len(), &mut out);
        }
    }
    out
}

fn split_chunk(text: &str, chunk: Range<usize>, out: &mut Vec<Token>) {
    let mut start = chunk.start;
    let mut end = chunk.end;
    let mut suffixes: Vec<Token> = Vec::new();
    loop {
        let s = &text[start..end];
        if s.is_empty() || keep_whole(s) {
            break;
        }
        let mut changed = false;
        if let Some(len) = prefix_len(s)
            && len < s.len()
        {
            out.push(start..start + len);
            start += len;
            changed = true;
        }
        let s = &text[start..end];
        if !s.is_empty()
            && !keep_whole(s)
            && let Some(len) = suffix_len(s)
            && len < s.len()
        {
            suffixes.push(end - len..end);
            end -= len;
            changed = true;
        }
        if !changed {
            break;
        }
    }
    if start < end {
        split_infixes(text, start..end, out);
    }
    out.extend(suffixes.into_iter().rev());
}

fn prefix_len(s: &str) -> Option<usize> {
    if s.starts_with("..") {
        return Some(s.len() - s.trim_start_matches('.').len());
    }
    let c = s.chars().next()?;
    PREFIXES.contains(&c).then(|| c.len_utf8())
}

fn suffix_len(s: &str) -> Option<usize> {
    for possessive in ["'s", "'S", "’s", "’S"] {
        if s.ends_with(possessive) {
            return Some(possessive.len());
        }
    }
    if s.ends_with("..") {
        return Some(s.len() - s.trim_end_matches('.').len());
    }
    let mut rev = s.chars().rev();
    let c = rev.next()?;
    if SUFFIXES.contains(&c) {
        return Some(c.len_utf8());
    }
    if c == '.' {
        let before = rev.next()?;
        let splits = before.is_lowercase()
            || before.is_numeric()
            || "%²-+".contains(before)
            || PREFIXES.contains(&before)
            || SUFFIXES.contains(&before)
            || (before.is_uppercase() && rev.next().is_some_and(char::is_uppercase));
        return splits.then_some(1);
    }
    None
}

/// Splits a word at hyphens between letters (or a digit and a letter) and at `+ - * ^`
/// between digits, keeping each as a token.
fn split_infixes(text: &str, word: Range<usize>, out: &mut Vec<Token>) {
    let s = &text[word.clone()];
    if keep_whole(s) {
        out.push(word);
        return;
    }
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut start = 0;
    for k in 1..chars.len().saturating_sub(1) {
        let (b, c) = chars[k];
        let prev = chars[k - 1].1;
        let next = chars[k + 1].1;
        let hyphen =
            (matches!(c, '-' | '–' | '—' | '~') && prev.is_alphanumeric() && next.is_alphabetic())
                || (matches!(c, '+' | '-' | '*' | '^')
                    && prev.is_ascii_digit()
                    && (next.is_ascii_digit() || next == '-'));
        if hyphen && b > start {
            out.push(word.start + start..word.start + b);
            out.push(word.start + b..word.start + b + c.len_utf8());
            start = b + c.len_utf8();
        }
    }
    out.push(word.start + start..word.end);
}

/// Python's `str.istitle()`: some cased letter, capitals only after uncased characters and
/// small letters only after cased ones.
pub fn is_title(s: &str) -> bool {
    let mut cased_seen = false;
    let mut previous_cased = false;
    for c in s.chars() {
        if c.is_uppercase() {
            if previous_cased {
                return false;
            }
            previous_cased = true;
            cased_seen = true;
        } else if c.is_lowercase() {
            if !previous_cased {
                return false;
            }
            previous_cased = true;
            cased_seen = true;
        } else {
            previous_cased = false;
        }
    }
    cased_seen
}

/// Python's `str.isdigit()` for the digits press text has.
pub fn is_digit(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric()))
}

/// spaCy's `is_punct`: every character in a Unicode punctuation category (P*).
pub fn is_punct(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_punctuation_char)
}

fn is_punctuation_char(c: char) -> bool {
    if c.is_ascii() {
        // ASCII punctuation without the symbols ($ + < = > ^ ` | ~ are S* categories).
        return c.is_ascii_punctuation() && !"$+<=>^`|~".contains(c);
    }
    "¡§«¶·»¿‐‑‒–—―‖‗‘’‚‛“”„‟†‡•‣․‥…‧‰‱′″‴‵‶‷‸‹›※‼‽‾⁁⁂⁃⁅⁆⁇⁈⁉、。〃〈〉《》「」『』【】〔〕〖〗〘〙〚〛〜〝〞〟・（）［］｛｝｟｠｡｢｣､･：；！？，．"
        .contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|t| &s[t]).collect()
    }

    #[test]
    fn every_kept_abbreviation_passes_the_quick_check() {
        for s in KEEP_WHOLE {
            assert!(keep_whole(s), "{s}: keep_whole's quick check would miss it");
        }
    }

    #[test]
    fn punctuation_possessives_hyphens_and_abbreviations_split_like_spacy() {
        assert_eq!(
            texts("Kerry’s flight to Switzerland, (U.S.) al-Assad said."),
            [
                "Kerry",
                "’s",
                "flight",
                "to",
                "Switzerland",
                ",",
                "(",
                "U.S.",
                ")",
                "al",
                "-",
                "Assad",
                "said",
                "."
            ]
        );
        assert_eq!(
            texts("“Mr. Smith,” NATO."),
            ["“", "Mr.", "Smith", ",", "”", "NATO", "."]
        );
        assert_eq!(texts("a  b\n\nc"), ["a", " ", "b", "\n\n", "c"]);
        assert_eq!(
            texts("$100 5-1/2 years..."),
            ["$", "100", "5", "-", "1/2", "years", "..."]
        );
    }

    #[test]
    fn lexical_attributes_like_python() {
        assert!(
            is_title("Kerry") && is_title("U.S.") && !is_title("McDonald") && !is_title("NATO")
        );
        assert!(is_digit("2016") && !is_digit("5-1/2") && !is_digit(""));
        assert!(
            is_punct(",") && is_punct("“") && is_punct("...") && !is_punct("$") && !is_punct("a.")
        );
    }
}
