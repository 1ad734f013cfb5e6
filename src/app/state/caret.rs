//! The caret: where the keyboard is in the article, how the editor's keys move it, and the
//! selection Shift extends from it. Moves along the text (by grapheme, by word, to either
//! end) are the text's; moves by line and by page need the layout, so the article view
//! resolves them into a place ([`crate::app::Command::PlaceCaret`]).

use crate::text::Article;

/// How a key moves the caret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CaretMove {
    /// Left / Right: one grapheme cluster (a whole emoji, a letter with its accents, CR LF).
    Left,
    Right,
    /// Ctrl+Left / Ctrl+Right: to the start of the word before, the end of the word after.
    WordLeft,
    WordRight,
    /// Up / Down: the line above or below, as drawn.
    Up,
    Down,
    /// Home / End: the start or end of the line as drawn.
    LineStart,
    LineEnd,
    /// PageUp / PageDown (and Shift+Space / Space): a screenful.
    PageUp,
    PageDown,
    /// Ctrl+Home / Ctrl+End: the start or end of the article.
    Start,
    End,
}

impl CaretMove {
    /// Whether the move depends on how the text is drawn (lines, pages): the view resolves it.
    pub fn needs_layout(self) -> bool {
        matches!(
            self,
            CaretMove::Up
                | CaretMove::Down
                | CaretMove::LineStart
                | CaretMove::LineEnd
                | CaretMove::PageUp
                | CaretMove::PageDown
        )
    }

    /// How menus and the shortcuts list name the move.
    pub fn title(self) -> &'static str {
        match self {
            CaretMove::Left => "a character left",
            CaretMove::Right => "a character right",
            CaretMove::WordLeft => "to the word's start",
            CaretMove::WordRight => "to the word's end",
            CaretMove::Up => "a line up",
            CaretMove::Down => "a line down",
            CaretMove::LineStart => "to the line's start",
            CaretMove::LineEnd => "to the line's end",
            CaretMove::PageUp => "a page up",
            CaretMove::PageDown => "a page down",
            CaretMove::Start => "to the article's start",
            CaretMove::End => "to the article's end",
        }
    }

    /// Where a move along the text takes a caret at `from`; `None` for the moves the view
    /// resolves.
    pub fn along_text(self, article: &Article, from: usize) -> Option<usize> {
        Some(match self {
            CaretMove::Left => article.previous_grapheme(from),
            CaretMove::Right => article.next_grapheme(from),
            CaretMove::WordLeft => article.previous_word_start(from),
            CaretMove::WordRight => article.next_word_end(from),
            CaretMove::Start => 0,
            CaretMove::End => article.len_chars(),
            _ => return None,
        })
    }
}

/// An end of an annotation, which the resize keys and handles move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpanEdge {
    Start,
    End,
}

/// The span `range` with its `edge` moved by a word (`forward`: to the right), as labeling
/// would have taken it: the start on a word's start, the end on a word's end. `None` when the
/// span would be empty or not move.
pub fn moved_edge(
    article: &Article,
    range: std::ops::Range<usize>,
    edge: SpanEdge,
    forward: bool,
) -> Option<std::ops::Range<usize>> {
    let len = article.len_chars();
    let moved = match (edge, forward) {
        (SpanEdge::End, true) => range.start..article.next_word_end(range.end),
        (SpanEdge::End, false) => {
            // Back to the end of the word before the last one.
            let mut end = article.previous_word_start(range.end);
            while end > range.start && !article.is_word_char_before(end) {
                end = article.previous_grapheme(end);
            }
            range.start..end
        }
        (SpanEdge::Start, false) => article.previous_word_start(range.start)..range.end,
        (SpanEdge::Start, true) => {
            // On to the start of the next word.
            let mut start = article.next_word_end(range.start);
            while start < range.end.min(len) && article.word_at(start).is_empty() {
                start = article.next_grapheme(start);
            }
            start..range.end
        }
    };
    (moved.start < moved.end && moved != range).then_some(moved)
}

/// The selection after the caret moved to `to` with Shift held: from the end the caret was
/// not at (the anchor) to `to`. `None` when it is empty.
pub fn extended(
    selection: Option<&std::ops::Range<usize>>,
    caret: Option<usize>,
    to: usize,
) -> Option<std::ops::Range<usize>> {
    let anchor = match (selection, caret) {
        (Some(sel), Some(c)) if c == sel.start && !sel.is_empty() => sel.end,
        (Some(sel), _) => sel.start,
        (None, Some(c)) => c,
        (None, None) => to,
    };
    let range = anchor.min(to)..anchor.max(to);
    (!range.is_empty()).then_some(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_edge_moves_by_whole_words() {
        let article = Article::new("John Kerry met Sergei Lavrov.".into());
        let kerry = 5..10;
        assert_eq!(
            moved_edge(&article, kerry.clone(), SpanEdge::Start, false),
            Some(0..10)
        );
        assert_eq!(
            moved_edge(&article, kerry.clone(), SpanEdge::End, true),
            Some(5..14)
        );
        assert_eq!(
            moved_edge(&article, 0..14, SpanEdge::End, false),
            Some(0..10)
        );
        assert_eq!(
            moved_edge(&article, 0..14, SpanEdge::Start, true),
            Some(5..14)
        );
        // Never empty.
        assert_eq!(
            moved_edge(&article, kerry.clone(), SpanEdge::End, false),
            None
        );
        assert_eq!(moved_edge(&article, kerry, SpanEdge::Start, true), None);
        // At the text's end the end stays.
        assert_eq!(moved_edge(&article, 22..29, SpanEdge::End, true), None);
    }

    #[test]
    fn shift_extends_from_the_end_the_caret_is_not_at() {
        assert_eq!(extended(None, Some(4), 9), Some(4..9));
        assert_eq!(extended(Some(&(4..9)), Some(9), 12), Some(4..12));
        assert_eq!(extended(Some(&(4..9)), Some(9), 2), Some(2..4));
        assert_eq!(extended(Some(&(4..9)), Some(4), 6), Some(6..9));
        assert_eq!(extended(Some(&(4..9)), Some(9), 4), None);
    }
}
