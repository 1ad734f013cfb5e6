//! Reads a Label Studio JSON export: an array of tasks with `data.text` and `annotations`
//! (the first one not cancelled is imported; older exports' `completions` too). Results of
//! type `labels` become spans (UTF-16 offsets, the first label), per-region `choices` become
//! attributes (named by `from_name`), per-region `textarea` results become notes, and
//! `relation` results become relations (`direction: "left"` swaps the ends). `data.doc_id`,
//! `data.annotator` and `data.status`, which our export writes, are read back; a task
//! without `doc_id` gets its task `id`, or `<file stem>-<task number>`.

use std::path::Path;

use serde_json::Value;

use super::{RawDoc, RawRelation, RawSpan, Read, Unit};
use crate::error::FileError;
use crate::model::Status;

fn string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

pub fn read(path: &Path, read: &mut Read) {
    let Some(content) = super::read_text(path, read) else {
        return;
    };
    let tasks: Value = match serde_json::from_str(&content) {
        Ok(tasks) => tasks,
        Err(e) => {
            read.problems
                .push(FileError::at(path, e.line(), e.column(), format!("{e}")));
            return;
        }
    };
    let tasks = match tasks {
        Value::Array(tasks) => tasks,
        task @ Value::Object(_) => vec![task],
        _ => {
            read.problems.push(FileError::new(
                path,
                "not a Label Studio export (expected an array of tasks)",
            ));
            return;
        }
    };
    for (index, task) in tasks.iter().enumerate() {
        if let Err(message) = read_task(path, index, task, read) {
            read.problems.push(FileError::new(
                path,
                format!("task {}: {message}", index + 1),
            ));
        }
    }
}

fn read_task(path: &Path, index: usize, task: &Value, read: &mut Read) -> Result<(), String> {
    let data = task.get("data").ok_or("has no \"data\"")?;
    let text = data
        .get("text")
        .and_then(Value::as_str)
        .ok_or("has no \"data.text\" string")?;
    let id = data
        .get("doc_id")
        .and_then(super::id_text)
        .or_else(|| task.get("id").and_then(super::id_text))
        .unwrap_or_else(|| format!("{}-{}", super::stem(path), index + 1));
    let status = match data.get("status") {
        None | Some(Value::Null) => None,
        Some(value) => Some(
            serde_json::from_value::<Status>(value.clone())
                .map_err(|_| format!("data.status {value} is not Todo, InProgress or Done"))?,
        ),
    };
    let annotations = task
        .get("annotations")
        .or_else(|| task.get("completions"))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut usable = annotations
        .iter()
        .filter(|a| a.get("was_cancelled").and_then(Value::as_bool) != Some(true));
    let results: &[Value] = match usable.next() {
        Some(annotation) => annotation
            .get("result")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default(),
        None => &[],
    };
    for _ in usable {
        read.ignore("further annotation(s) of a task (the first is imported)");
    }
    let mut doc = RawDoc {
        origin: path.to_owned(),
        place: format!("task {}", index + 1),
        id,
        text: text.to_owned(),
        unit: Unit::Utf16,
        annotator: data.get("annotator").and_then(string),
        status,
        spans: Vec::new(),
        relations: Vec::new(),
    };
    let region_id = |result: &Value| result.get("id").and_then(super::id_text);
    // Regions first, so that per-region results can find theirs in any order.
    for result in results {
        if result.get("type").and_then(Value::as_str) != Some("labels") {
            continue;
        }
        let key = region_id(result).ok_or("a labels result has no id")?;
        let value = result.get("value").ok_or("a labels result has no value")?;
        let offset = |name: &str| {
            value
                .get(name)
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
                .ok_or(format!("region {key} has no value.{name}"))
        };
        let labels = value
            .get("labels")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let label = labels
            .first()
            .and_then(Value::as_str)
            .ok_or(format!("region {key} has no value.labels"))?;
        if labels.len() > 1 {
            read.ignore("further label(s) of a region (the first is imported)");
        }
        doc.spans.push(RawSpan {
            id: key.parse().ok(),
            label: label.to_owned(),
            start: offset("start")?,
            end: offset("end")?,
            text: value.get("text").and_then(string),
            key,
            ..RawSpan::default()
        });
    }
    for result in results {
        let kind = result.get("type").and_then(Value::as_str).unwrap_or("");
        match kind {
            "labels" => {}
            "choices" | "textarea" => {
                let key = region_id(result).unwrap_or_default();
                let Some(span) = doc.spans.iter_mut().find(|s| s.key == key) else {
                    read.ignore("choices or textarea result(s) not attached to a region");
                    continue;
                };
                let value = result.get("value");
                if kind == "choices" {
                    let name = result
                        .get("from_name")
                        .and_then(Value::as_str)
                        .ok_or(format!("a choices result of region {key} has no from_name"))?;
                    let choice = value
                        .and_then(|v| v.get("choices"))
                        .and_then(Value::as_array)
                        .and_then(|c| c.first())
                        .and_then(Value::as_str)
                        .ok_or(format!("a choices result of region {key} has no choice"))?;
                    span.attributes.insert(name.to_owned(), choice.to_owned());
                } else {
                    let lines: Vec<&str> = value
                        .and_then(|v| v.get("text"))
                        .and_then(Value::as_array)
                        .map(|t| t.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    if !lines.is_empty() {
                        span.note = Some(lines.join("\n"));
                    }
                }
            }
            "relation" => {
                let end = |name: &str| {
                    result
                        .get(name)
                        .and_then(super::id_text)
                        .ok_or(format!("a relation has no {name}"))
                };
                let (mut from, mut to) = (end("from_id")?, end("to_id")?);
                match result.get("direction").and_then(Value::as_str) {
                    Some("left") => std::mem::swap(&mut from, &mut to),
                    Some("bi") => read.ignore("bidirectional relation(s) read as left to right"),
                    _ => {}
                }
                let label = result
                    .get("labels")
                    .and_then(Value::as_array)
                    .and_then(|l| l.first())
                    .and_then(Value::as_str)
                    .ok_or(format!("the relation {from} → {to} has no label"))?;
                doc.relations.push(RawRelation {
                    id: result
                        .get("id")
                        .and_then(super::id_text)
                        .and_then(|i| i.parse().ok()),
                    label: label.to_owned(),
                    from,
                    to,
                });
            }
            other => read.ignore(&format!("result(s) of type \"{other}\"")),
        }
    }
    read.docs.push(doc);
    Ok(())
}
