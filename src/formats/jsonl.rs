//! jsonl: one JSON object per article, offsets in code points (Unicode scalar values), so
//! that Python's `text[start:end]` and spaCy's `Doc.char_span(start, end)` take them as they
//! are. Labels and attributes are the schema's own (`entity` with `{"type": "person"}`).
//!
//! ```json
//! {"id":"kerry","source":"kerry.txt","text":"…","spans":[{"id":1,"start":97,"end":107,
//!  "label":"entity","text":"John Kerry","attributes":{"type":"person"},"note":null}],
//!  "relations":[{"id":5,"label":"speaker","head":3,"child":4}],"annotator":null,
//!  "status":"InProgress"}
//! ```
//!
//! A gold set's spans also carry `annotators` (the annotators whose sets hold that span),
//! left out where empty.
//!
//! With `--tokens`, Prodigy-style `tokens` (`text`, `start`, `end`, `id`, `ws`) are added,
//! and each span gets `token_start` and `token_end` (inclusive token indices). The tokens
//! are made the way spaCy makes them, so that `Doc(vocab, words=[t["text"]...],
//! spaces=[t["ws"]...])` gives back the exact text: Unicode word segments (UAX #29), `ws`
//! when exactly one space follows, and a token of its own for any other white space (a run of
//! spaces beyond the first, line breaks, tabs). Tokens are also split at every span edge, so
//! every span maps onto whole tokens (`Doc.char_span(start, end, alignment_mode="strict")`).
//!
//! Import reads the same shape back: `id` (a string or a number), `text`, `spans` (`text`,
//! `attributes` and `note` optional), `relations` (`head` → `child`; `id` optional),
//! `annotator`, `status`. Other keys (`source`, `tokens`, `token_start`, ...) are not needed.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use crate::error::FileError;
use crate::formats::Unit;
use crate::formats::reading::{RawDoc, RawRelation, RawSpan, Read};
use crate::formats::tokens::Token as TokenRange;
use crate::formats::writing::{Doc, StreamWriter, Summary};
use crate::model::{Annotation, Status};
use crate::text::Article;

/// One line: one article with its set.
#[derive(Serialize, Deserialize)]
pub struct Record<'a> {
    /// The document id: a string (ours) or a number.
    pub id: serde_json::Value,
    #[serde(default)]
    pub source: Option<Cow<'a, str>>,
    pub text: Cow<'a, str>,
    /// Written with `--tokens`; import does not need them.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<Vec<Token<'a>>>,
    #[serde(default)]
    pub spans: Vec<Span<'a>>,
    #[serde(default)]
    pub relations: Vec<Relation<'a>>,
    #[serde(default)]
    pub annotator: Option<Cow<'a, str>>,
    #[serde(default)]
    pub status: Option<Status>,
    /// The provenance of an ingested article (url, title, byline, published, site, ...).
    #[serde(
        default,
        skip_deserializing,
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    pub meta: std::collections::BTreeMap<String, serde_json::Value>,
}

/// A Prodigy-style token.
#[derive(Serialize, Deserialize)]
pub struct Token<'a> {
    pub text: Cow<'a, str>,
    pub start: usize,
    pub end: usize,
    pub id: usize,
    /// Whether one space follows the token.
    pub ws: bool,
}

/// A span, in code points.
#[derive(Serialize, Deserialize)]
pub struct Span<'a> {
    pub id: u64,
    pub start: usize,
    pub end: usize,
    pub label: Cow<'a, str>,
    #[serde(default)]
    pub text: Option<Cow<'a, str>>,
    #[serde(default)]
    pub attributes: Cow<'a, BTreeMap<String, String>>,
    #[serde(default)]
    pub note: Option<Cow<'a, str>>,
    /// In a gold set, the annotators whose sets hold this very span (written only when there
    /// are some; import leaves them).
    #[serde(default, skip_serializing_if = "<[String]>::is_empty")]
    pub annotators: Cow<'a, [String]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_start: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_end: Option<usize>,
}

/// A relation from `head` to `child` (span ids).
#[derive(Serialize, Deserialize)]
pub struct Relation<'a> {
    #[serde(default)]
    pub id: Option<u64>,
    pub label: Cow<'a, str>,
    pub head: u64,
    pub child: u64,
}

pub(crate) struct Writer {
    pub tokens: bool,
}

/// The tokens of an article as spaCy makes them, split at every edge of `spans` (see the
/// module documentation). Offsets in chars; `ws` when exactly one space follows.
pub fn spacy_tokens(article: &Article, spans: &[Annotation]) -> Vec<TokenRange> {
    let starts: BTreeSet<usize> = spans.iter().map(|a| a.start).collect();
    let ends: BTreeSet<usize> = spans.iter().map(|a| a.end).collect();
    // Word segments and white-space runs, as (start, end, is white space).
    let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
    let mut at = 0;
    for segment in article.text().split_word_bounds() {
        let len = segment.chars().count();
        let space = segment.chars().all(char::is_whitespace);
        match pieces.last_mut() {
            Some(last) if space && last.2 && last.1 == at => last.1 += len,
            _ => pieces.push((at, at + len, space)),
        }
        at += len;
    }
    let mut out: Vec<(TokenRange, bool)> = Vec::with_capacity(pieces.len());
    for (start, end, space) in pieces {
        let cuts = starts
            .range(start + 1..end)
            .chain(ends.range(start + 1..end));
        let mut edges: Vec<usize> = cuts.copied().collect();
        edges.sort_unstable();
        edges.dedup();
        let mut from = start;
        for to in edges.into_iter().chain(std::iter::once(end)) {
            push_token(&mut out, article, from, to, space, &starts, &ends);
            from = to;
        }
    }
    out.into_iter().map(|(token, _)| token).collect()
}

/// Adds a piece as a token, or folds its first char into the previous token's `ws` when it is
/// the one space after a word and no span starts at it or ends right after it.
fn push_token(
    out: &mut Vec<(TokenRange, bool)>,
    article: &Article,
    start: usize,
    end: usize,
    space: bool,
    starts: &BTreeSet<usize>,
    ends: &BTreeSet<usize>,
) {
    let folds = space
        && article.slice(start..start + 1) == " "
        && !starts.contains(&start)
        && !ends.contains(&(start + 1))
        && out
            .last()
            .is_some_and(|(last, last_space)| !last_space && !last.ws && last.end == start);
    let start = if folds {
        if let Some((last, _)) = out.last_mut() {
            last.ws = true;
        }
        start + 1
    } else {
        start
    };
    if start < end {
        out.push((
            TokenRange {
                start,
                end,
                ws: false,
            },
            space,
        ));
    }
}

/// The index of the token starting at `start` and of the one ending at `end`.
fn token_range(tokens: &[TokenRange], start: usize, end: usize) -> Option<(usize, usize)> {
    let first = tokens.binary_search_by_key(&start, |t| t.start).ok()?;
    let last = first + tokens[first..].iter().position(|t| t.end == end)?;
    Some((first, last))
}

impl StreamWriter for Writer {
    fn document(
        &mut self,
        out: &mut dyn Write,
        doc: &Doc<'_>,
        summary: &mut Summary,
    ) -> io::Result<()> {
        let tokens = self.tokens.then(|| spacy_tokens(doc.article, doc.spans));
        let mut untokenized = 0;
        let spans = doc
            .spans
            .iter()
            .map(|a| {
                let token_range = tokens
                    .as_deref()
                    .and_then(|t| token_range(t, a.start, a.end));
                if tokens.is_some() && token_range.is_none() {
                    untokenized += 1;
                }
                Span {
                    id: a.id,
                    start: a.start,
                    end: a.end,
                    label: Cow::Borrowed(&a.label),
                    text: Some(Cow::Borrowed(&a.text)),
                    attributes: Cow::Borrowed(&a.attributes),
                    note: a.note.as_deref().map(Cow::Borrowed),
                    annotators: Cow::Borrowed(&a.annotators),
                    token_start: token_range.map(|r| r.0),
                    token_end: token_range.map(|r| r.1),
                }
            })
            .collect();
        // Every span starts and ends on a token edge; this only guards the invariant.
        summary.drop("span(s) without token_start/token_end", untokenized);
        let record = Record {
            id: serde_json::Value::String(doc.id.to_owned()),
            source: Some(Cow::Borrowed(doc.source)),
            text: Cow::Borrowed(doc.article.text()),
            tokens: tokens.map(|tokens| {
                tokens
                    .iter()
                    .enumerate()
                    .map(|(id, t)| Token {
                        text: Cow::Borrowed(doc.article.slice(t.start..t.end)),
                        start: t.start,
                        end: t.end,
                        id,
                        ws: t.ws,
                    })
                    .collect()
            }),
            spans,
            relations: doc
                .relations
                .iter()
                .map(|r| Relation {
                    id: Some(r.id),
                    label: Cow::Borrowed(&r.label),
                    head: r.from,
                    child: r.to,
                })
                .collect(),
            annotator: doc.annotator.map(Cow::Borrowed),
            status: Some(doc.status),
            meta: doc.provenance_fields(),
        };
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")
    }
}

/// Reads a jsonl file (ours) into documents.
pub fn read(path: &Path, read: &mut Read) {
    for (line_no, parsed) in crate::formats::reading::json_lines::<Record<'static>>(path, read) {
        let Some(id) = crate::formats::reading::id_text(&parsed.id) else {
            read.problems.push(FileError::at(
                path,
                line_no,
                1,
                "\"id\" must be a string or a number",
            ));
            continue;
        };
        read.docs.push(RawDoc {
            origin: path.to_owned(),
            place: format!("line {line_no}"),
            id,
            text: parsed.text.into_owned(),
            unit: Unit::Chars,
            annotator: parsed.annotator.map(Cow::into_owned),
            status: parsed.status,
            spans: parsed
                .spans
                .into_iter()
                .map(|s| RawSpan {
                    key: s.id.to_string(),
                    id: Some(s.id),
                    label: s.label.into_owned(),
                    start: s.start,
                    end: s.end,
                    text: s.text.map(Cow::into_owned),
                    attributes: s.attributes.into_owned(),
                    note: s.note.map(Cow::into_owned),
                })
                .collect(),
            relations: parsed
                .relations
                .into_iter()
                .map(|r| RawRelation {
                    id: r.id,
                    label: r.label.into_owned(),
                    from: r.head.to_string(),
                    to: r.child.to_string(),
                })
                .collect(),
        });
    }
}
