//! The article: its decoded text, and conversions between the offsets people and tools count in.
//!
//! Offsets in press-annotate's own files count Unicode scalar values ("chars"). Rust slices
//! `&str` by bytes, and doccano and Label Studio count UTF-16 code units, so an [`Article`]
//! keeps a checkpoint table that turns any of the three into the others in constant time
//! plus a walk of at most [`CHECKPOINT_EVERY`] chars, however long the article is.

use std::ops::Range;
use std::path::Path;

use unicode_segmentation::UnicodeSegmentation;

/// How many chars lie between two checkpoints of the offset table.
pub const CHECKPOINT_EVERY: usize = 64;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why a source file could not be read as an article.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TextError {
    /// The bytes are not UTF-8; `byte` is the position in the file (BOM included).
    #[error("not valid UTF-8 at byte {byte}")]
    InvalidUtf8 { byte: usize },
    /// A NUL byte: this is a binary file, not an article.
    #[error("binary file (NUL byte at byte {byte}), not a text article")]
    Binary { byte: usize },
}

/// The decoded text of a source file, with fast offset conversions.
#[derive(Clone, Debug)]
pub struct Article {
    text: String,
    chars: usize,
    /// Byte offset of char `i * CHECKPOINT_EVERY`, for every such char, plus the end.
    byte_at_checkpoint: Vec<usize>,
    /// UTF-16 offset of char `i * CHECKPOINT_EVERY`, same indices.
    utf16_at_checkpoint: Vec<usize>,
    utf16_len: usize,
}

impl PartialEq for Article {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Article {
    /// Decodes a source file's bytes: UTF-8, a leading BOM skipped, line endings kept.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, TextError> {
        Self::decode(bytes).map(|text| Self::new(text.to_owned()))
    }

    /// The text [`Article::from_bytes`] makes of a source file's bytes, without copying it
    /// or indexing its offsets (for a search that needs only the text).
    pub fn decode(bytes: &[u8]) -> Result<&str, TextError> {
        let skip = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
        let body = &bytes[skip..];
        if let Some(pos) = body.iter().position(|&b| b == 0) {
            return Err(TextError::Binary { byte: skip + pos });
        }
        std::str::from_utf8(body).map_err(|err| TextError::InvalidUtf8 {
            byte: skip + err.valid_up_to(),
        })
    }

    /// An article from text already decoded (tests, imports, generated benches).
    pub fn new(text: String) -> Self {
        let mut byte_at_checkpoint = Vec::with_capacity(text.len() / CHECKPOINT_EVERY + 2);
        let mut utf16_at_checkpoint = Vec::with_capacity(text.len() / CHECKPOINT_EVERY + 2);
        let mut chars = 0;
        let mut utf16 = 0;
        for (byte, c) in text.char_indices() {
            if chars % CHECKPOINT_EVERY == 0 {
                byte_at_checkpoint.push(byte);
                utf16_at_checkpoint.push(utf16);
            }
            chars += 1;
            utf16 += c.len_utf16();
        }
        if chars % CHECKPOINT_EVERY == 0 {
            byte_at_checkpoint.push(text.len());
            utf16_at_checkpoint.push(utf16);
        }
        Self {
            text,
            chars,
            byte_at_checkpoint,
            utf16_at_checkpoint,
            utf16_len: utf16,
        }
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Length in Unicode scalar values.
    pub fn len_chars(&self) -> usize {
        self.chars
    }

    /// Length in UTF-16 code units.
    pub fn len_utf16(&self) -> usize {
        self.utf16_len
    }

    /// Whether every char is one byte, so all three kinds of offset agree.
    pub fn is_ascii(&self) -> bool {
        self.chars == self.text.len()
    }

    /// Byte offset of char offset `char` (clamped to the end).
    pub fn char_to_byte(&self, char: usize) -> usize {
        if char >= self.chars {
            return self.text.len();
        }
        if self.is_ascii() {
            return char;
        }
        let checkpoint = char / CHECKPOINT_EVERY;
        let base = self.byte_at_checkpoint[checkpoint];
        let rest = char - checkpoint * CHECKPOINT_EVERY;
        match self.text[base..].char_indices().nth(rest) {
            Some((b, _)) => base + b,
            None => self.text.len(),
        }
    }

    /// Char offset of byte offset `byte`; a byte inside a char counts as that char's start.
    pub fn byte_to_char(&self, byte: usize) -> usize {
        if byte >= self.text.len() {
            return self.chars;
        }
        if self.is_ascii() {
            return byte;
        }
        let checkpoint = match self.byte_at_checkpoint.binary_search(&byte) {
            Ok(i) => return (i * CHECKPOINT_EVERY).min(self.chars),
            Err(i) => i - 1,
        };
        let base = self.byte_at_checkpoint[checkpoint];
        let walked = self.text[base..]
            .char_indices()
            .take_while(|(b, _)| base + b <= byte)
            .count();
        checkpoint * CHECKPOINT_EVERY + walked - 1
    }

    /// UTF-16 offset of char offset `char` (clamped to the end).
    pub fn char_to_utf16(&self, char: usize) -> usize {
        if char >= self.chars {
            return self.utf16_len;
        }
        if self.is_ascii() {
            return char;
        }
        let checkpoint = char / CHECKPOINT_EVERY;
        let base_byte = self.byte_at_checkpoint[checkpoint];
        let rest = char - checkpoint * CHECKPOINT_EVERY;
        self.utf16_at_checkpoint[checkpoint]
            + self.text[base_byte..]
                .chars()
                .take(rest)
                .map(char::len_utf16)
                .sum::<usize>()
    }

    /// Char offset of UTF-16 offset `unit`; a unit inside a surrogate pair counts as its char.
    pub fn utf16_to_char(&self, unit: usize) -> usize {
        if unit >= self.utf16_len {
            return self.chars;
        }
        if self.is_ascii() {
            return unit;
        }
        let checkpoint = match self.utf16_at_checkpoint.binary_search(&unit) {
            Ok(i) => return (i * CHECKPOINT_EVERY).min(self.chars),
            Err(i) => i - 1,
        };
        let mut at = self.utf16_at_checkpoint[checkpoint];
        let mut char = checkpoint * CHECKPOINT_EVERY;
        for c in self.text[self.byte_at_checkpoint[checkpoint]..].chars() {
            at += c.len_utf16();
            if at > unit {
                break;
            }
            char += 1;
        }
        char
    }

    /// Byte range of a char range.
    pub fn byte_range(&self, chars: Range<usize>) -> Range<usize> {
        self.char_to_byte(chars.start)..self.char_to_byte(chars.end)
    }

    /// The text between two char offsets (clamped to the text).
    pub fn slice(&self, chars: Range<usize>) -> &str {
        let range = self.byte_range(chars);
        &self.text[range.start..range.end.max(range.start)]
    }

    /// The word around char offset `char`: the Unicode word segment containing it (a run of
    /// CJK ideographs, or of kana, counts as one word; an emoji sequence is a word of its own),
    /// or an empty range at the start of the white space or punctuation `char` sits on.
    pub fn word_at(&self, char: usize) -> Range<usize> {
        let (para_start, para_text) = self.line_around(char);
        let mut at = para_start;
        let segments: Vec<(usize, &str)> = para_text
            .split_word_bounds()
            .map(|word| {
                let start = at;
                at += word.chars().count();
                (start, word)
            })
            .collect();
        let Some(i) = segments
            .iter()
            .position(|(start, word)| char < start + word.chars().count())
        else {
            // On a line ending: empty, at the start of its cluster (CR LF is one).
            let at = self.snap_to_graphemes(char..char).start;
            return at..at;
        };
        let (start, word) = segments[i];
        let end = start + word.chars().count();
        if let Some(script) = cjk_script(word) {
            // UAX #29 splits ideographs one by one: the run of the same script is the word.
            let first = segments[..i]
                .iter()
                .rev()
                .take_while(|(_, w)| cjk_script(w) == Some(script))
                .last()
                .map_or(start, |(s, _)| *s);
            let last = segments[i + 1..]
                .iter()
                .take_while(|(_, w)| cjk_script(w) == Some(script))
                .last()
                .map_or(end, |(s, w)| s + w.chars().count());
            return first..last;
        }
        let is_word = word
            .chars()
            .any(|c| c.is_alphanumeric() || is_pictographic(c));
        if is_word { start..end } else { start..start }
    }

    /// Whether char offset `char` is a grapheme cluster boundary (the start or end of what a
    /// reader sees as one character: an emoji sequence, a flag, a letter with its combining
    /// marks, CR LF).
    pub fn is_grapheme_boundary(&self, char: usize) -> bool {
        if char == 0 || char >= self.chars {
            return true;
        }
        let byte = self.char_to_byte(char);
        let mut cursor = unicode_segmentation::GraphemeCursor::new(byte, self.text.len(), true);
        cursor.is_boundary(&self.text, 0).unwrap_or(true)
    }

    /// The grapheme boundary after char `char` (the end of the text at most): where the caret
    /// goes on Right, past a whole emoji, flag or accented letter.
    pub fn next_grapheme(&self, char: usize) -> usize {
        if char >= self.chars {
            return self.chars;
        }
        let byte = self.char_to_byte(char);
        let mut cursor = unicode_segmentation::GraphemeCursor::new(byte, self.text.len(), true);
        let next = cursor
            .next_boundary(&self.text, 0)
            .ok()
            .flatten()
            .unwrap_or(self.text.len());
        self.byte_to_char(next)
    }

    /// The grapheme boundary before char `char` (0 at least): where the caret goes on Left.
    pub fn previous_grapheme(&self, char: usize) -> usize {
        let char = char.min(self.chars);
        if char == 0 {
            return 0;
        }
        let byte = self.char_to_byte(char);
        let mut cursor = unicode_segmentation::GraphemeCursor::new(byte, self.text.len(), true);
        let previous = cursor
            .prev_boundary(&self.text, 0)
            .ok()
            .flatten()
            .unwrap_or(0);
        self.byte_to_char(previous)
    }

    /// Whether the char before `char` belongs to a word (not white space or punctuation).
    pub fn is_word_char_before(&self, char: usize) -> bool {
        char > 0 && char <= self.chars && !self.word_at(char - 1).is_empty()
    }

    /// The end of the word at or after char `char` (Ctrl+Right): white space and punctuation
    /// are skipped, then the word is crossed; the end of the text when no word is left.
    pub fn next_word_end(&self, char: usize) -> usize {
        let mut at = char.min(self.chars);
        while at < self.chars {
            let word = self.word_at(at);
            if !word.is_empty() && word.end > char {
                return word.end;
            }
            at = self.next_grapheme(at);
        }
        self.chars
    }

    /// The start of the word before char `char` (Ctrl+Left): white space and punctuation are
    /// skipped backwards, then the word is crossed; 0 when no word is left.
    pub fn previous_word_start(&self, char: usize) -> usize {
        let mut at = char.min(self.chars);
        while at > 0 {
            let before = self.previous_grapheme(at);
            let word = self.word_at(before);
            if !word.is_empty() && word.start < char {
                return word.start;
            }
            at = before;
        }
        0
    }

    /// A selection widened to whole grapheme clusters, so that no span cuts an emoji, a flag
    /// or a letter from its accent: `start` moves back, `end` forward, to the nearest
    /// boundary. Offsets stay code points.
    pub fn snap_to_graphemes(&self, chars: Range<usize>) -> Range<usize> {
        let end = chars.end.min(self.chars);
        let start = chars.start.min(end);
        let (start_byte, end_byte) = (self.char_to_byte(start), self.char_to_byte(end));
        let mut back = unicode_segmentation::GraphemeCursor::new(start_byte, self.text.len(), true);
        let start_byte = match back.is_boundary(&self.text, 0) {
            Ok(true) | Err(_) => start_byte,
            Ok(false) => back
                .prev_boundary(&self.text, 0)
                .ok()
                .flatten()
                .unwrap_or(0),
        };
        let mut forward =
            unicode_segmentation::GraphemeCursor::new(end_byte, self.text.len(), true);
        let end_byte = match forward.is_boundary(&self.text, 0) {
            Ok(true) | Err(_) => end_byte,
            Ok(false) => forward
                .next_boundary(&self.text, 0)
                .ok()
                .flatten()
                .unwrap_or(self.text.len()),
        };
        self.byte_to_char(start_byte)..self.byte_to_char(end_byte)
    }

    /// A selection without the white space (spaces, line breaks) at its edges; empty, at its
    /// start, when it holds nothing else.
    pub fn trim_white_space(&self, chars: Range<usize>) -> Range<usize> {
        let end = chars.end.max(chars.start).min(self.chars);
        let start = chars.start.min(chars.end).min(end);
        let sel = self.slice(start..end);
        let lead = sel.chars().take_while(|c| c.is_whitespace()).count();
        if lead == end - start {
            return start..start;
        }
        let trail = sel.chars().rev().take_while(|c| c.is_whitespace()).count();
        start + lead..end - trail
    }

    /// A selection widened to whole words: `start` moves back to the start of its word and
    /// `end` forward to the end of its word. White space at either edge is trimmed.
    pub fn snap_to_words(&self, chars: Range<usize>) -> Range<usize> {
        // Trim white space at the edges first, so a selection dragged past a word does not
        // grow to the next one.
        let Range { mut start, mut end } = self.trim_white_space(chars);
        if start == end {
            let at = self.snap_to_graphemes(start..start).start;
            return at..at;
        }
        let first = self.word_at(start);
        if !first.is_empty() {
            start = first.start;
        }
        let last = self.word_at(end - 1);
        if !last.is_empty() {
            end = last.end;
        }
        self.snap_to_graphemes(start..end)
    }

    /// The line (paragraph, in press articles) holding char `char`: its start and its text
    /// without the line ending.
    fn line_around(&self, char: usize) -> (usize, &str) {
        let byte = self.char_to_byte(char);
        let start = self.text[..byte].rfind('\n').map_or(0, |b| b + 1);
        let end = self.text[byte..]
            .find('\n')
            .map_or(self.text.len(), |b| byte + b);
        (self.byte_to_char(start), &self.text[start..end])
    }

    /// The paragraphs: the char ranges of the text's lines, line endings (`\n` or `\r\n`)
    /// excluded. Every char of the text that is not a line ending lies in exactly one of them.
    pub fn paragraphs(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start_byte = 0;
        let mut start_char = 0;
        let bytes = self.text.as_bytes();
        for (i, _) in self.text.match_indices('\n') {
            let end_byte = if i > start_byte && bytes[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            let end_char = start_char + self.text[start_byte..end_byte].chars().count();
            out.push(start_char..end_char);
            start_char = end_char + (i + 1 - end_byte);
            start_byte = i + 1;
        }
        out.push(start_char..self.chars);
        out
    }

    /// Every occurrence of `needle` (char offsets of its starts), overlapping ones included.
    pub fn find_all(&self, needle: &str) -> Vec<usize> {
        let mut out = Vec::new();
        if needle.is_empty() {
            return out;
        }
        let mut from = 0;
        while let Some(found) = self.text[from..].find(needle) {
            let byte = from + found;
            out.push(self.byte_to_char(byte));
            let step = self.text[byte..].chars().next().map_or(1, char::len_utf8);
            from = byte + step;
        }
        out
    }
}

/// Reads a source file from disk as an article.
pub fn read_article(path: &Path) -> Result<Article, crate::error::FileError> {
    let bytes = crate::bounded_read::read(path, crate::bounded_read::MAX_ARTICLE_BYTES)?;
    Article::from_bytes(&bytes).map_err(|e| crate::error::FileError::new(path, e.to_string()))
}

/// A one-line excerpt of at most `max` chars.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The CJK script of a word segment, when it is all ideographs (0) or all kana (1): runs of
/// them are words, which UAX #29 does not find.
fn cjk_script(word: &str) -> Option<u8> {
    let script = |c: char| match c as u32 {
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F => Some(0),
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Some(1),
        _ => None,
    };
    let mut chars = word.chars();
    let first = script(chars.next()?)?;
    chars.all(|c| script(c) == Some(first)).then_some(first)
}

/// Emoji and other pictographs (what a double-click selects as a word of its own).
fn is_pictographic(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute_char_to_byte(text: &str, c: usize) -> usize {
        text.char_indices().nth(c).map_or(text.len(), |(b, _)| b)
    }

    #[test]
    fn bom_is_skipped_and_crlf_kept() {
        let article = Article::from_bytes(b"\xEF\xBB\xBFab\r\ncd").unwrap();
        assert_eq!(article.text(), "ab\r\ncd");
        assert_eq!(article.len_chars(), 6);
    }

    #[test]
    fn invalid_utf8_names_the_byte_in_the_file() {
        let err = Article::from_bytes(b"\xEF\xBB\xBFabc\xFFdef").unwrap_err();
        assert_eq!(err, TextError::InvalidUtf8 { byte: 6 });
        assert_eq!(err.to_string(), "not valid UTF-8 at byte 6");
    }

    #[test]
    fn the_caret_steps_over_whole_graphemes_and_words() {
        // "Hi 👩‍👩‍👧 東京 cafe\u{301}!": the family emoji is 5 code points, é is 2.
        let article = Article::new(
            "Hi \u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467} 東京 cafe\u{301}!\r\nX".into(),
        );
        assert_eq!(article.next_grapheme(3), 8, "the whole family at once");
        assert_eq!(article.previous_grapheme(8), 3);
        assert_eq!(article.next_grapheme(15), 17, "e + its accent");
        assert_eq!(article.previous_grapheme(17), 15);
        // CR LF is one step.
        assert_eq!(article.next_grapheme(18), 20);
        assert_eq!(article.previous_grapheme(20), 18);
        assert_eq!(article.next_grapheme(21), 21);
        assert_eq!(article.previous_grapheme(0), 0);
        // Words: Ctrl+Right ends at each word's end, CJK runs are one word.
        assert_eq!(article.next_word_end(0), 2);
        assert_eq!(article.next_word_end(2), 8);
        assert_eq!(article.next_word_end(8), 11);
        assert_eq!(article.next_word_end(11), 17);
        assert_eq!(article.next_word_end(17), 21);
        assert_eq!(article.previous_word_start(21), 20);
        assert_eq!(article.previous_word_start(20), 12);
        assert_eq!(article.previous_word_start(12), 9);
        assert_eq!(article.previous_word_start(9), 3);
        assert_eq!(article.previous_word_start(3), 0);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let err = Article::from_bytes(b"PK\x03\x04\x00\x00").unwrap_err();
        assert_eq!(err, TextError::Binary { byte: 4 });
    }

    #[test]
    fn offsets_agree_with_a_brute_force_walk_on_mixed_scripts() {
        let text = "Flag 🇺🇦 family 👨‍👩‍👧 café (cafe\u{301}) 東京 مرحبا\r\n".repeat(40);
        let article = Article::new(text.clone());
        let mut utf16 = 0;
        for (i, c) in text.chars().enumerate() {
            let byte = brute_char_to_byte(&text, i);
            assert_eq!(article.char_to_byte(i), byte, "char {i}");
            assert_eq!(article.byte_to_char(byte), i, "byte {byte}");
            assert_eq!(article.char_to_utf16(i), utf16, "char {i} to utf16");
            assert_eq!(article.utf16_to_char(utf16), i, "utf16 {utf16}");
            utf16 += c.len_utf16();
        }
        assert_eq!(article.char_to_byte(article.len_chars()), text.len());
        assert_eq!(article.char_to_utf16(article.len_chars()), utf16);
        assert_eq!(article.len_utf16(), utf16);
    }

    #[test]
    fn words_snap_to_unicode_word_boundaries() {
        let article = Article::new("Sergei Lavrov met 東京 officials.".into());
        assert_eq!(article.word_at(9), 7..13);
        assert_eq!(article.slice(article.snap_to_words(9..16)), "Lavrov met");
        assert_eq!(article.slice(article.snap_to_words(6..9)), "Lavrov");
        let spaced = Article::new("Kerry.\r\n\u{6771}\u{4EAC} said ".to_owned());
        assert_eq!(
            spaced.slice(spaced.trim_white_space(6..10)),
            "\u{6771}\u{4EAC}"
        );
        assert_eq!(spaced.trim_white_space(6..8), 6..6);
        assert_eq!(spaced.slice(spaced.trim_white_space(11..17)), "said");
        assert!(article.word_at(6).is_empty());
    }

    #[test]
    fn paragraphs_skip_line_endings() {
        let article = Article::new("Head\r\n\r\nBody one.\nLast".into());
        let paragraphs: Vec<&str> = article
            .paragraphs()
            .into_iter()
            .map(|r| article.slice(r))
            .collect();
        assert_eq!(paragraphs, vec!["Head", "", "Body one.", "Last"]);
    }

    #[test]
    fn find_all_returns_char_offsets() {
        let article = Article::new("é aa é aaa".into());
        assert_eq!(article.find_all("aa"), vec![2, 7, 8]);
        assert_eq!(article.find_all("é"), vec![0, 5]);
    }
}
