//! doccano: JSONL for sequence labeling with relations, as doccano imports and exports it.
//! Offsets count UTF-16 code units (JavaScript string indices), as doccano's front end does.
//!
//! ```json
//! {"text":"…","entities":[{"id":1,"label":"PER","start_offset":97,"end_offset":107}],
//!  "relations":[{"id":5,"from_id":3,"to_id":4,"type":"speaker"}],
//!  "doc_id":"kerry","annotator":null,"status":"InProgress"}
//! ```
//!
//! Labels are flat (see [`crate::labels`]). doccano has no span attributes or notes: they
//! ride in extra keys (`attributes` and `note` on an entity, `doc_id`, `annotator` and
//! `status` on the line) that doccano keeps as metadata or ignores, and that import reads
//! back, so a round trip through files is exact.
//!
//! Import also reads doccano's sequence-labeling export, where `label` holds
//! `[start, end, "LABEL"]` triples. A line without `doc_id` gets the id
//! `<file stem>-<line number>`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::formats::Unit;
use crate::formats::reading::{RawDoc, RawRelation, RawSpan, Read};
use crate::formats::writing::{Doc, StreamWriter, Summary};
use crate::model::Status;

/// One line: one article with its set.
#[derive(Serialize, Deserialize)]
pub struct Line<'a> {
    pub text: Cow<'a, str>,
    #[serde(default)]
    pub entities: Vec<Entity<'a>>,
    /// doccano's sequence-labeling export: `[start, end, "LABEL"]` (never written).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub label: Vec<(usize, usize, Cow<'a, str>)>,
    #[serde(default)]
    pub relations: Vec<Relation<'a>>,
    #[serde(default)]
    pub doc_id: Option<serde_json::Value>,
    #[serde(default)]
    pub annotator: Option<Cow<'a, str>>,
    #[serde(default)]
    pub status: Option<Status>,
    /// The provenance of an ingested article as extra keys (url, title, ...), which doccano
    /// keeps as the document's metadata.
    #[serde(flatten)]
    pub provenance: BTreeMap<String, serde_json::Value>,
}

/// A span, in UTF-16 code units, with a flat label.
#[derive(Serialize, Deserialize)]
pub struct Entity<'a> {
    #[serde(default)]
    pub id: Option<u64>,
    pub label: Cow<'a, str>,
    pub start_offset: usize,
    pub end_offset: usize,
    /// The attributes the flat label does not carry (ours; doccano ignores them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<Cow<'a, str>, Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Cow<'a, str>>,
}

/// A relation between two entity ids.
#[derive(Serialize, Deserialize)]
pub struct Relation<'a> {
    #[serde(default)]
    pub id: Option<u64>,
    pub from_id: u64,
    pub to_id: u64,
    #[serde(rename = "type")]
    pub kind: Cow<'a, str>,
}

pub(crate) struct Writer;

impl StreamWriter for Writer {
    fn document(
        &mut self,
        out: &mut dyn Write,
        doc: &Doc<'_>,
        _summary: &mut Summary,
    ) -> io::Result<()> {
        let line = Line {
            text: Cow::Borrowed(doc.article.text()),
            entities: doc
                .spans
                .iter()
                .map(|a| {
                    let (label, rest) = crate::formats::writing::extra_attributes(a);
                    Entity {
                        id: Some(a.id),
                        label: Cow::Owned(label),
                        start_offset: doc.article.char_to_utf16(a.start),
                        end_offset: doc.article.char_to_utf16(a.end),
                        attributes: rest
                            .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v.as_str())))
                            .collect(),
                        note: a.note.as_deref().map(Cow::Borrowed),
                    }
                })
                .collect(),
            label: Vec::new(),
            relations: doc
                .relations
                .iter()
                .map(|r| Relation {
                    id: Some(r.id),
                    from_id: r.from,
                    to_id: r.to,
                    kind: Cow::Borrowed(&r.label),
                })
                .collect(),
            doc_id: Some(serde_json::Value::String(doc.id.to_owned())),
            annotator: doc.annotator.map(Cow::Borrowed),
            status: Some(doc.status),
            provenance: doc.provenance_fields(),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")
    }
}

/// Reads a doccano JSONL file into documents.
pub fn read(path: &Path, read: &mut Read) {
    for (line_no, parsed) in crate::formats::reading::json_lines::<Line<'static>>(path, read) {
        let id = parsed
            .doc_id
            .as_ref()
            .and_then(crate::formats::reading::id_text)
            .unwrap_or_else(|| format!("{}-{line_no}", crate::formats::reading::stem(path)));
        let mut spans: Vec<RawSpan> = parsed
            .entities
            .into_iter()
            .enumerate()
            .map(|(i, e)| RawSpan {
                key: e.id.map_or_else(|| format!("#{i}"), |id| id.to_string()),
                id: e.id,
                label: e.label.into_owned(),
                start: e.start_offset,
                end: e.end_offset,
                text: None,
                attributes: e
                    .attributes
                    .into_iter()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect(),
                note: e.note.map(Cow::into_owned),
            })
            .collect();
        let first = spans.len();
        spans.extend(
            parsed
                .label
                .into_iter()
                .enumerate()
                .map(|(i, (start, end, label))| RawSpan {
                    key: format!("#{}", first + i),
                    id: None,
                    label: label.into_owned(),
                    start,
                    end,
                    ..RawSpan::default()
                }),
        );
        read.docs.push(RawDoc {
            origin: path.to_owned(),
            place: format!("line {line_no}"),
            id,
            text: parsed.text.into_owned(),
            unit: Unit::Utf16,
            annotator: parsed.annotator.map(Cow::into_owned),
            status: parsed.status,
            spans,
            relations: parsed
                .relations
                .into_iter()
                .map(|r| RawRelation {
                    id: r.id,
                    label: r.kind.into_owned(),
                    from: r.from_id.to_string(),
                    to: r.to_id.to_string(),
                })
                .collect(),
        });
    }
}
