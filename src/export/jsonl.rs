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
//! With `--tokens`, Prodigy-style `tokens` (`text`, `start`, `end`, `id`, `ws`) are added,
//! and each span gets `token_start` and `token_end` (inclusive token indices).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Doc, StreamWriter, Summary};

pub(crate) struct Writer {
    pub tokens: bool,
}

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    source: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    tokens: Option<Vec<TokenOut<'a>>>,
    spans: Vec<SpanOut<'a>>,
    relations: Vec<RelationOut<'a>>,
    annotator: Option<&'a str>,
    status: &'a str,
}

#[derive(Serialize)]
struct TokenOut<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    id: usize,
    ws: bool,
}

#[derive(Serialize)]
struct SpanOut<'a> {
    id: u64,
    start: usize,
    end: usize,
    label: &'a str,
    text: &'a str,
    attributes: &'a BTreeMap<String, String>,
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_end: Option<usize>,
}

#[derive(Serialize)]
struct RelationOut<'a> {
    id: u64,
    label: &'a str,
    head: u64,
    child: u64,
}

impl StreamWriter for Writer {
    fn document(
        &mut self,
        out: &mut dyn Write,
        doc: &Doc<'_>,
        summary: &mut Summary,
    ) -> io::Result<()> {
        let tokens = self.tokens.then(|| super::tokens(doc.article));
        let mut untokenized = 0;
        let spans = doc
            .spans
            .iter()
            .map(|a| {
                let token_range = tokens
                    .as_deref()
                    .and_then(|t| super::token_span(t, a.range()));
                if tokens.is_some() && token_range.is_none() {
                    untokenized += 1;
                }
                SpanOut {
                    id: a.id,
                    start: a.start,
                    end: a.end,
                    label: &a.label,
                    text: &a.text,
                    attributes: &a.attributes,
                    note: a.note.as_deref(),
                    token_start: token_range.map(|r| r.0),
                    token_end: token_range.map(|r| r.1),
                }
            })
            .collect();
        summary.drop(
            "span(s) of white space only, without token_start/token_end",
            untokenized,
        );
        let record = Record {
            id: doc.id,
            source: doc.source,
            text: doc.article.text(),
            tokens: tokens.map(|tokens| {
                tokens
                    .iter()
                    .enumerate()
                    .map(|(id, t)| TokenOut {
                        text: doc.article.slice(t.start..t.end),
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
                .map(|r| RelationOut {
                    id: r.id,
                    label: &r.label,
                    head: r.from,
                    child: r.to,
                })
                .collect(),
            annotator: doc.annotator,
            status: doc.status.as_str(),
        };
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")
    }
}
