//! Reads press-annotate's own jsonl export back: `id`, `text`, `spans` (code point offsets,
//! schema labels and attributes, notes), `relations` (`head` → `child`), `annotator`,
//! `status`. Other keys (`source`, `tokens`, `token_start`, ...) are ignored.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{RawDoc, RawRelation, RawSpan, Read, Unit};
use crate::error::FileError;
use crate::model::Status;

#[derive(Deserialize)]
struct Line {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    spans: Vec<Span>,
    #[serde(default)]
    relations: Vec<RelationIn>,
    #[serde(default)]
    annotator: Option<String>,
    #[serde(default)]
    status: Option<Status>,
}

#[derive(Deserialize)]
struct Span {
    id: u64,
    start: usize,
    end: usize,
    label: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct RelationIn {
    #[serde(default)]
    id: Option<u64>,
    label: String,
    head: u64,
    child: u64,
}

pub fn read(path: &Path, read: &mut Read) {
    for (line_no, parsed) in super::json_lines::<Line>(path, read) {
        let Some(id) = super::id_text(&parsed.id) else {
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
            text: parsed.text,
            unit: Unit::Chars,
            annotator: parsed.annotator,
            status: parsed.status,
            spans: parsed
                .spans
                .into_iter()
                .map(|s| RawSpan {
                    key: s.id.to_string(),
                    id: Some(s.id),
                    label: s.label,
                    start: s.start,
                    end: s.end,
                    text: s.text,
                    attributes: s.attributes,
                    note: s.note,
                })
                .collect(),
            relations: parsed
                .relations
                .into_iter()
                .map(|r| RawRelation {
                    id: r.id,
                    label: r.label,
                    from: r.head.to_string(),
                    to: r.child.to_string(),
                })
                .collect(),
        });
    }
}
