//! Reads doccano JSONL: `text` with `entities` (`id`, `label`, `start_offset`, `end_offset`)
//! and `relations` (`id`, `from_id`, `to_id`, `type`), or `label` as `[start, end, "LABEL"]`
//! triples (doccano's sequence-labeling export). Offsets count UTF-16 code units. The extra
//! keys our export writes (`doc_id`, `annotator`, `status`, and `attributes` and `note` on
//! entities) are read back when present; a line without `doc_id` gets the id
//! `<file stem>-<line number>`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{RawDoc, RawRelation, RawSpan, Read, Unit};
use crate::model::Status;

#[derive(Deserialize)]
struct Line {
    text: String,
    #[serde(default)]
    entities: Vec<Entity>,
    #[serde(default)]
    label: Vec<(usize, usize, String)>,
    #[serde(default)]
    relations: Vec<RelationIn>,
    #[serde(default)]
    doc_id: Option<serde_json::Value>,
    #[serde(default)]
    annotator: Option<String>,
    #[serde(default)]
    status: Option<Status>,
}

#[derive(Deserialize)]
struct Entity {
    #[serde(default)]
    id: Option<u64>,
    label: String,
    start_offset: usize,
    end_offset: usize,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
struct RelationIn {
    #[serde(default)]
    id: Option<u64>,
    from_id: u64,
    to_id: u64,
    #[serde(rename = "type")]
    kind: String,
}

pub fn read(path: &Path, read: &mut Read) {
    for (line_no, parsed) in super::json_lines::<Line>(path, read) {
        let id = parsed
            .doc_id
            .as_ref()
            .and_then(super::id_text)
            .unwrap_or_else(|| format!("{}-{line_no}", super::stem(path)));
        let mut spans: Vec<RawSpan> = parsed
            .entities
            .into_iter()
            .enumerate()
            .map(|(i, e)| RawSpan {
                key: e.id.map_or_else(|| format!("#{i}"), |id| id.to_string()),
                id: e.id,
                label: e.label,
                start: e.start_offset,
                end: e.end_offset,
                text: None,
                attributes: e.attributes,
                note: e.note,
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
                    label,
                    start,
                    end,
                    ..RawSpan::default()
                }),
        );
        read.docs.push(RawDoc {
            origin: path.to_owned(),
            place: format!("line {line_no}"),
            id,
            text: parsed.text,
            unit: Unit::Utf16,
            annotator: parsed.annotator,
            status: parsed.status,
            spans,
            relations: parsed
                .relations
                .into_iter()
                .map(|r| RawRelation {
                    id: r.id,
                    label: r.kind,
                    from: r.from_id.to_string(),
                    to: r.to_id.to_string(),
                })
                .collect(),
        });
    }
}
