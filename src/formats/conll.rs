//! CoNLL: CoNLL-2003-style IOB2 tags, one `token TAG` per line, a blank line between
//! sentences, and `-DOCSTART- -X- O O` (then a blank line) at the start of each article: the
//! document marker of the CoNLL-2003 files, and the one spaCy's `spacy convert -c ner`
//! (`conll_ner_to_docs`) splits documents at; it recognises no other.
//!
//! Tokens are Unicode word segments (UAX #29) that are not white space; sentences follow
//! UAX #29 sentence boundaries, and a line break always ends one. One layer of spans becomes
//! tags (`--layer entity|quote|claim`): entities by type (PER, ORG, LOC, MISC), quotes as
//! QUOTE, claims as CLAIM. Where spans of the layer overlap, the outermost is kept (the
//! longest of spans starting together; the earliest of spans crossing) and the rest are
//! counted as dropped. A token any part of which lies in a span is tagged; a span that
//! crosses a sentence boundary starts again with `B-` in the next sentence, as IOB2 wants.

use std::io::{self, Write};

use crate::formats::writing::{Doc, Layer, StreamWriter, Summary};

/// The line (and blank line) that starts each article.
const DOCUMENT_MARKER: &[u8] = b"-DOCSTART- -X- O O\n\n";

pub(crate) struct Writer {
    pub layer: Layer,
}

/// The spans of the layer that become tags: `(start, end, tag)`, disjoint and sorted, and how
/// many overlapping ones were dropped.
pub fn kept_spans(doc: &Doc<'_>, layer: Layer) -> (Vec<(usize, usize, String)>, usize) {
    let mut spans: Vec<_> = doc
        .spans
        .iter()
        .filter(|a| a.label == layer.label())
        .collect();
    spans.sort_by_key(|a| (a.start, std::cmp::Reverse(a.end), a.id));
    let mut kept: Vec<(usize, usize, String)> = Vec::new();
    let mut dropped = 0;
    for a in spans {
        if kept.last().is_some_and(|(_, end, _)| a.start < *end) {
            dropped += 1;
            continue;
        }
        kept.push((
            a.start,
            a.end,
            crate::labels::flat_label(&a.label, &a.attributes).0,
        ));
    }
    (kept, dropped)
}

/// A token's IOB2 tag: outside every kept span, or in kept span `k` (`Begin`: its first
/// token in the sentence).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    Outside,
    Begin(usize),
    Inside(usize),
}

/// Each token's tag under the rules above, with whether the token starts a sentence.
/// `kept` comes from [`kept_spans`]; `sentences` from [`crate::formats::tokens::sentences`].
pub fn tags(
    tokens: &[crate::formats::tokens::Token],
    sentences: &[std::ops::Range<usize>],
    kept: &[(usize, usize, String)],
) -> Vec<(Tag, bool)> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut next_token = 0;
    let mut span_at = 0;
    for sentence in sentences {
        let mut previous: Option<usize> = None;
        let mut first = true;
        while let Some(token) = tokens.get(next_token) {
            if token.start >= sentence.end {
                break;
            }
            next_token += 1;
            while span_at < kept.len() && kept[span_at].1 <= token.start {
                span_at += 1;
            }
            let inside = kept
                .get(span_at)
                .filter(|(start, _, _)| *start < token.end)
                .map(|_| span_at);
            let tag = match inside {
                Some(k) if previous == Some(k) => Tag::Inside(k),
                Some(k) => Tag::Begin(k),
                None => Tag::Outside,
            };
            out.push((tag, first));
            first = false;
            previous = inside;
        }
    }
    out
}

impl StreamWriter for Writer {
    fn document(
        &mut self,
        out: &mut dyn Write,
        doc: &Doc<'_>,
        summary: &mut Summary,
    ) -> io::Result<()> {
        let (kept, dropped) = kept_spans(doc, self.layer);
        summary.drop(
            "overlapping span(s) dropped (the outermost is kept)",
            dropped,
        );
        let tokens = crate::formats::tokens::tokens(doc.article);
        let mut partial = 0;
        let mut untokenized = 0;
        for (start, end, _) in &kept {
            match crate::formats::tokens::token_span(&tokens, *start..*end) {
                Some((first, last)) => {
                    if tokens[first].start != *start || tokens[last].end != *end {
                        partial += 1;
                    }
                }
                None => untokenized += 1,
            }
        }
        out.write_all(DOCUMENT_MARKER)?;
        let sentences = crate::formats::tokens::sentences(doc.article);
        let tagged = tags(&tokens, &sentences, &kept);
        for (i, (token, (tag, sentence_start))) in tokens.iter().zip(&tagged).enumerate() {
            if *sentence_start && i > 0 {
                out.write_all(b"\n")?;
            }
            let text = doc.article.slice(token.start..token.end);
            match tag {
                Tag::Outside => writeln!(out, "{text} O")?,
                Tag::Begin(k) => writeln!(out, "{text} B-{}", kept[*k].2)?,
                Tag::Inside(k) => writeln!(out, "{text} I-{}", kept[*k].2)?,
            }
        }
        if !tokens.is_empty() {
            out.write_all(b"\n")?;
        }
        summary.drop(
            "span(s) with an edge inside a token (the whole token is tagged)",
            partial,
        );
        summary.drop(
            "span(s) of white space only, with no token to tag",
            untokenized,
        );
        Ok(())
    }
}
