//! Tokens and sentences of an article (Unicode word and sentence boundaries, UAX #29), in
//! chars: what JSONL's `tokens` and CoNLL's rows are made of.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::text::Article;

/// A token: a Unicode word segment (UAX #29) that is not white space. Offsets in chars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Whether white space follows the token.
    pub ws: bool,
}

/// The tokens of an article, in order.
pub fn tokens(article: &Article) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut at = 0usize;
    for segment in article.text().split_word_bounds() {
        let len = segment.chars().count();
        if segment.chars().all(char::is_whitespace) {
            if let Some(last) = out.last_mut()
                && last.end == at
            {
                last.ws = true;
            }
        } else {
            out.push(Token {
                start: at,
                end: at + len,
                ws: false,
            });
        }
        at += len;
    }
    out
}

/// The sentences of an article (UAX #29 sentence boundaries; a line break always ends one),
/// as char ranges.
pub fn sentences(article: &Article) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0usize;
    for sentence in article.text().split_sentence_bounds() {
        let len = sentence.chars().count();
        out.push(at..at + len);
        at += len;
    }
    out
}

/// The tokens a char range overlaps, as an inclusive index range, or `None` when it overlaps
/// none (white space only).
pub fn token_span(tokens: &[Token], range: Range<usize>) -> Option<(usize, usize)> {
    let first = tokens.partition_point(|t| t.end <= range.start);
    let last = tokens.partition_point(|t| t.start < range.end);
    (first < last).then(|| (first, last - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_skip_white_space_and_note_it() {
        let article =
            Article::new("Flags 🇺🇦 and 👨\u{200d}👩\u{200d}👧, cafe\u{301}.\r\n東京".into());
        let tokens = tokens(&article);
        let texts: Vec<&str> = tokens
            .iter()
            .map(|t| article.slice(t.start..t.end))
            .collect();
        assert_eq!(
            texts,
            [
                "Flags",
                "🇺🇦",
                "and",
                "👨\u{200d}👩\u{200d}👧",
                ",",
                "cafe\u{301}",
                ".",
                "東",
                "京"
            ]
        );
        assert!(tokens[0].ws && !tokens[3].ws && tokens[4].ws && tokens[6].ws);
        assert_eq!(token_span(&tokens, 6..8), Some((1, 1)));
        assert_eq!(token_span(&tokens, 5..6), None);
    }

    #[test]
    fn sentences_end_at_line_breaks() {
        let article = Article::new("One two. Three\r\nFour".into());
        let sentences: Vec<&str> = sentences(&article)
            .into_iter()
            .map(|r| article.slice(r))
            .collect();
        assert_eq!(sentences, ["One two. ", "Three\r\n", "Four"]);
    }
}
