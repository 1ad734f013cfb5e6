//! Find in the open article: the query, its matches (case-insensitive, in chars) and which
//! one comes next. The bar that edits it is `panels::find_bar`.

use std::ops::Range;

use crate::text::Article;

/// At most this many matches are collected (a one-letter query in a 1 MB article).
const MAX_MATCHES: usize = 200_000;

/// Folds one char for case-insensitive matching, keeping one char per char so that offsets in
/// the folded text are offsets in the article.
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

#[derive(Default)]
pub struct Find {
    pub open: bool,
    pub query: String,
    /// Char offsets of every match, sorted.
    pub matches: Vec<usize>,
    /// Length of the query in chars.
    pub match_len: usize,
    /// The query and article the matches were computed for.
    computed_for: Option<(String, std::path::PathBuf)>,
    /// The article folded to lower case, built on first use.
    folded: Option<(std::path::PathBuf, Article)>,
    /// Ask the text field for keyboard focus on the next frame.
    pub focus_requested: bool,
}

impl Find {
    pub fn open(&mut self) {
        self.open = true;
        self.focus_requested = true;
    }

    pub fn close(&mut self) {
        self.open = false;
    }

    /// Recomputes the matches if the query or the article changed.
    pub fn update(&mut self, path: &std::path::Path, article: &Article) {
        if !self.open && self.query.is_empty() {
            self.matches.clear();
            return;
        }
        let key = (self.query.clone(), path.to_owned());
        if self.computed_for.as_ref() == Some(&key) {
            return;
        }
        self.computed_for = Some(key);
        if self.folded.as_ref().is_none_or(|(p, _)| p != path) {
            let folded: String = article.text().chars().map(fold).collect();
            self.folded = Some((path.to_owned(), Article::new(folded)));
        }
        let needle: String = self.query.chars().map(fold).collect();
        self.match_len = needle.chars().count();
        self.matches = match &self.folded {
            Some((_, folded)) if !needle.is_empty() => {
                let mut all = folded.find_all(&needle);
                all.truncate(MAX_MATCHES);
                all
            }
            _ => Vec::new(),
        };
    }

    /// The match after (or before, when `backwards`) the selection, wrapping around.
    pub fn step(&self, selection: Option<&Range<usize>>, backwards: bool) -> Option<Range<usize>> {
        if self.matches.is_empty() {
            return None;
        }
        let at = |i: usize| self.matches[i]..self.matches[i] + self.match_len;
        let index = match (selection, backwards) {
            (None, false) => 0,
            (None, true) => self.matches.len() - 1,
            (Some(sel), false) => {
                let i = self.matches.partition_point(|&m| m <= sel.start);
                if i == self.matches.len() { 0 } else { i }
            }
            (Some(sel), true) => {
                let i = self.matches.partition_point(|&m| m < sel.start);
                if i == 0 {
                    self.matches.len() - 1
                } else {
                    i - 1
                }
            }
        };
        Some(at(index))
    }

    /// "3 of 12" for the match that is the selection, else "12 matches".
    pub fn position_text(&self, selection: Option<&Range<usize>>) -> String {
        if self.query.is_empty() {
            return String::new();
        }
        if self.matches.is_empty() {
            return "no matches".into();
        }
        let current = selection.and_then(|sel| {
            self.matches
                .binary_search(&sel.start)
                .ok()
                .filter(|_| sel.end - sel.start == self.match_len)
        });
        let total = if self.matches.len() >= MAX_MATCHES {
            format!("{MAX_MATCHES}+")
        } else {
            self.matches.len().to_string()
        };
        match current {
            Some(i) => format!("{} of {total}", i + 1),
            None => format!("{total} matches"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_ignore_case_and_keep_char_offsets() {
        let article = Article::new("Ünïcode ÜNÏCODE ünïcode".into());
        let mut find = Find {
            open: true,
            query: "üNÏ".into(),
            ..Default::default()
        };
        find.update(std::path::Path::new("a"), &article);
        assert_eq!(find.matches, vec![0, 8, 16]);
        assert_eq!(find.step(Some(&(0..3)), false), Some(8..11));
        assert_eq!(find.step(Some(&(16..19)), false), Some(0..3));
        assert_eq!(find.step(Some(&(0..3)), true), Some(16..19));
        assert_eq!(find.position_text(Some(&(8..11))), "2 of 3");
    }
}
