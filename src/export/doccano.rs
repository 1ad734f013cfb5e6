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
//! `status` on the line) that doccano keeps as metadata or ignores, and that our import reads
//! back, so a round trip through files is exact.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Doc, StreamWriter, Summary};

pub(crate) struct Writer;

#[derive(Serialize)]
struct Line<'a> {
    text: &'a str,
    entities: Vec<Entity<'a>>,
    relations: Vec<RelationOut<'a>>,
    doc_id: &'a str,
    annotator: Option<&'a str>,
    status: &'a str,
}

#[derive(Serialize)]
struct Entity<'a> {
    id: u64,
    label: String,
    start_offset: usize,
    end_offset: usize,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    attributes: BTreeMap<&'a str, &'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct RelationOut<'a> {
    id: u64,
    from_id: u64,
    to_id: u64,
    #[serde(rename = "type")]
    kind: &'a str,
}

impl StreamWriter for Writer {
    fn document(
        &mut self,
        out: &mut dyn Write,
        doc: &Doc<'_>,
        _summary: &mut Summary,
    ) -> io::Result<()> {
        let line = Line {
            text: doc.article.text(),
            entities: doc
                .spans
                .iter()
                .map(|a| {
                    let (label, rest) = super::extra_attributes(a);
                    Entity {
                        id: a.id,
                        label,
                        start_offset: doc.article.char_to_utf16(a.start),
                        end_offset: doc.article.char_to_utf16(a.end),
                        attributes: rest.map(|(k, v)| (k.as_str(), v.as_str())).collect(),
                        note: a.note.as_deref(),
                    }
                })
                .collect(),
            relations: doc
                .relations
                .iter()
                .map(|r| RelationOut {
                    id: r.id,
                    from_id: r.from,
                    to_id: r.to,
                    kind: &r.label,
                })
                .collect(),
            doc_id: doc.id,
            annotator: doc.annotator,
            status: doc.status.as_str(),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")
    }
}
