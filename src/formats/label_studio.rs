//! Label Studio: a JSON array of tasks with their annotations, as Label Studio imports
//! pre-annotated tasks and exports them. Offsets count code points: Label Studio's front end
//! stores code-point offsets ("Store code points instead of js length", label-studio PR #1559,
//! merged as label-studio-frontend #308; its test "NER - Emoji - Text: Should calculate
//! offsets by code points"), and the label-studio-sdk converter slices `text[start:end]` in
//! Python.
//!
//! Each task has a stable integer `id` (made from its document id and annotator, so the
//! same set gets the same id in every export; the SDK's converter needs it), `data.text`
//! (and `data.doc_id`, `data.source`, `data.annotator`, `data.status`) and one annotation
//! whose `result` holds, for every span, a `labels` region (`from_name: "label"`, `to_name:
//! "text"`, flat label), a per-region `choices` result for each attribute the label does
//! not carry (`from_name` = the attribute's name), a per-region `textarea` result for its
//! note (`from_name: "note"`), all with the span's id as `id`; and a `relation` result for
//! each relation (`from_id`, `to_id`, `direction: "right"`, `labels`, plus our relation
//! `id`). [`labeling_config`] gives the labeling config that matches.
//!
//! Import reads the first annotation of a task that was not cancelled (older exports'
//! `completions` too): `labels` results become spans (the first label), per-region `choices`
//! become attributes (named by `from_name`), per-region `textarea` results become notes, and
//! `relation` results become relations (`direction: "left"` swaps the ends). Offsets are read
//! as code points; older exports (Label Studio's before code points, and press-annotate's)
//! counted UTF-16 units, so each region is read in the unit that makes its `value.text`
//! match the text, and refused when neither does. A task without `data.doc_id` gets its
//! task `id`, or `<file stem>-<task number>`.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::FileError;
use crate::formats::Unit;
use crate::formats::reading::{RawDoc, RawRelation, RawSpan, Read};
use crate::formats::writing::{Doc, StreamWriter, Summary};
use crate::model::Status;
use crate::schema::Schema;
use crate::text::Article;

/// The `from_name` of span label results.
pub const FROM_NAME: &str = "label";
/// The `to_name` of every result: the Text tag's name.
pub const TO_NAME: &str = "text";
/// The `from_name` of per-region notes.
pub const NOTE_NAME: &str = "note";

/// One task: a text and its annotations. Keys are written in alphabetical order, as Label
/// Studio writes them.
#[derive(Serialize, Deserialize)]
pub struct Task<'a> {
    #[serde(default)]
    pub annotations: Vec<Annotation<'a>>,
    /// What older Label Studio versions called annotations (read only).
    #[serde(default, skip_serializing)]
    pub completions: Vec<Annotation<'a>>,
    pub data: TaskData<'a>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
}

/// `data`: the text and our keys about it.
#[derive(Serialize, Deserialize)]
pub struct TaskData<'a> {
    #[serde(default)]
    pub annotator: Option<Cow<'a, str>>,
    #[serde(default)]
    pub doc_id: Option<Value>,
    #[serde(default)]
    pub source: Option<Cow<'a, str>>,
    #[serde(default)]
    pub status: Option<Status>,
    pub text: Cow<'a, str>,
    /// The provenance of an ingested article as `data` keys (url, title, byline, ...), which
    /// a labeling config can show as `$title`, `$url`.
    #[serde(flatten)]
    pub provenance: std::collections::BTreeMap<String, Value>,
}

/// One annotation of a task (one annotator's pass).
#[derive(Serialize, Deserialize)]
pub struct Annotation<'a> {
    #[serde(default)]
    pub result: Vec<ResultItem<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was_cancelled: Option<bool>,
}

/// One result: a region (`labels`), a per-region `choices` or `textarea`, or a `relation`.
/// `value` stays free-form, as other result types (time series, images) shape it their own
/// way; the text results' value is a [`RegionValue`].
#[derive(Serialize, Deserialize)]
pub struct ResultItem<'a> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_id: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_name: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<Cow<'a, str>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_id: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_name: Option<Cow<'a, str>>,
    #[serde(rename = "type", default)]
    pub kind: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// The value of a text region's results: offsets, the text, and the labels, choices or note.
#[derive(Serialize, Deserialize)]
pub struct RegionValue<'a> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<Cow<'a, str>>>,
    pub end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<Cow<'a, str>>>,
    pub start: usize,
    /// The region's text (`labels`, `choices`), or the note's lines (`textarea`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Value>,
}

#[derive(Default)]
pub(crate) struct Writer {
    written: usize,
    /// Task ids given so far (a clash, however unlikely, takes the next free one).
    ids: HashSet<u64>,
}

/// The largest integer JavaScript (Label Studio's front end) holds exactly.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// A task's id: a hash (FNV-1a) of its document id and annotator, in 1..=2^53 - 1, so the
/// same set gets the same id in every export, whatever else is exported with it.
fn stable_id(doc_id: &str, annotator: Option<&str>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = doc_id
        .bytes()
        .chain(std::iter::once(0))
        .chain(annotator.unwrap_or("").bytes());
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash % MAX_SAFE_INTEGER + 1
}

fn region<'a>(
    id: &str,
    from_name: &'a str,
    kind: &'static str,
    value: &RegionValue<'_>,
) -> ResultItem<'a> {
    ResultItem {
        direction: None,
        from_id: None,
        from_name: Some(Cow::Borrowed(from_name)),
        id: Some(Value::String(id.to_owned())),
        labels: None,
        to_id: None,
        to_name: Some(Cow::Borrowed(TO_NAME)),
        kind: Cow::Borrowed(kind),
        value: serde_json::to_value(value).ok(),
    }
}

fn task<'a>(doc: &'a Doc<'_>, id: u64) -> Task<'a> {
    let article = doc.article;
    let mut result = Vec::with_capacity(doc.spans.len() + doc.relations.len());
    for a in doc.spans {
        let (label, rest) = crate::formats::writing::extra_attributes(a);
        let (start, end) = (a.start, a.end);
        let id = a.id.to_string();
        let text = Some(Value::String(a.text.clone()));
        let value = |labels, choices, text| RegionValue {
            choices,
            end,
            labels,
            start,
            text,
        };
        result.push(region(
            &id,
            FROM_NAME,
            "labels",
            &value(Some(vec![Cow::Owned(label)]), None, text.clone()),
        ));
        for (name, choice) in rest {
            result.push(region(
                &id,
                name,
                "choices",
                &value(
                    None,
                    Some(vec![Cow::Borrowed(choice.as_str())]),
                    text.clone(),
                ),
            ));
        }
        if let Some(note) = &a.note {
            let lines = Some(Value::Array(vec![Value::String(note.clone())]));
            result.push(region(
                &id,
                NOTE_NAME,
                "textarea",
                &value(None, None, lines),
            ));
        }
    }
    for r in &doc.relations {
        result.push(ResultItem {
            direction: Some(Cow::Borrowed("right")),
            from_id: Some(Value::String(r.from.to_string())),
            from_name: None,
            id: Some(Value::String(r.id.to_string())),
            labels: Some(vec![Cow::Borrowed(r.label.as_str())]),
            to_id: Some(Value::String(r.to.to_string())),
            to_name: None,
            kind: Cow::Borrowed("relation"),
            value: None,
        });
    }
    Task {
        annotations: vec![Annotation {
            result,
            was_cancelled: None,
        }],
        completions: Vec::new(),
        data: TaskData {
            annotator: doc.annotator.map(Cow::Borrowed),
            doc_id: Some(Value::String(doc.id.to_owned())),
            source: Some(Cow::Borrowed(doc.source)),
            status: Some(doc.status),
            text: Cow::Borrowed(article.text()),
            provenance: doc.provenance_fields(),
        },
        id: Some(Value::from(id)),
    }
}

impl StreamWriter for Writer {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"[")
    }

    fn document(
        &mut self,
        out: &mut dyn Write,
        doc: &Doc<'_>,
        _summary: &mut Summary,
    ) -> io::Result<()> {
        out.write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
        let mut id = stable_id(doc.id, doc.annotator);
        while !self.ids.insert(id) {
            id = id % MAX_SAFE_INTEGER + 1;
        }
        serde_json::to_writer(&mut *out, &task(doc, id))?;
        self.written += 1;
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The Label Studio labeling config that matches the export for a schema: a `Labels` tag
/// named `label` over a `Text` tag named `text`, the relation labels, a per-region `Choices`
/// for each attribute not carried by the label, and a per-region `TextArea` named `note`.
pub fn labeling_config(schema: &Schema) -> String {
    let mut out = String::from("<View>\n  <Relations>\n");
    for relation in &schema.relations {
        out += &format!("    <Relation value=\"{}\"/>\n", escape(&relation.name));
    }
    out += &format!("  </Relations>\n  <Labels name=\"{FROM_NAME}\" toName=\"{TO_NAME}\">\n");
    for (flat, label) in crate::labels::flat_labels_of(schema) {
        let color = schema.label(label).map_or("#888888", |l| l.color.as_str());
        out += &format!(
            "    <Label value=\"{}\" background=\"{}\"/>\n",
            escape(&flat),
            escape(color)
        );
    }
    out += &format!("  </Labels>\n  <Text name=\"{TO_NAME}\" value=\"$text\"/>\n");
    out += "  <View>\n";
    let flats = crate::labels::flat_labels_of(schema);
    for label in &schema.labels {
        for attribute in &label.attributes {
            if label.name == crate::labels::ENTITY && attribute.name == crate::labels::ENTITY_TYPE {
                continue;
            }
            let of_label: Vec<&str> = flats
                .iter()
                .filter(|(_, l)| *l == label.name)
                .map(|(f, _)| f.as_str())
                .collect();
            let when = match of_label.as_slice() {
                [one] => format!(" whenLabelValue=\"{}\"", escape(one)),
                _ => String::new(),
            };
            out += &format!(
                "    <Choices name=\"{}\" toName=\"{TO_NAME}\" perRegion=\"true\" visibleWhen=\"region-selected\"{when}>\n",
                escape(&attribute.name)
            );
            for value in &attribute.values {
                out += &format!("      <Choice value=\"{}\"/>\n", escape(value));
            }
            out += "    </Choices>\n";
        }
    }
    out += &format!(
        "    <TextArea name=\"{NOTE_NAME}\" toName=\"{TO_NAME}\" perRegion=\"true\" maxSubmissions=\"1\" editable=\"true\"/>\n"
    );
    out += "  </View>\n</View>\n";
    out
}

/// Reads a Label Studio JSON export (an array of tasks, or one task) into documents.
pub fn read(path: &Path, read: &mut Read) {
    let Some(content) = crate::formats::reading::read_text(path, read) else {
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
    for (index, task) in tasks.into_iter().enumerate() {
        let parsed = serde_json::from_value::<Task<'static>>(task).map_err(|e| e.to_string());
        if let Err(message) = parsed.and_then(|task| read_task(path, index, task, read)) {
            read.problems.push(FileError::new(
                path,
                format!("task {}: {message}", index + 1),
            ));
        }
    }
}

fn region_value(key: &str, value: Option<Value>) -> Result<RegionValue<'static>, String> {
    let value = value.ok_or(format!("region {key} has no value"))?;
    serde_json::from_value(value).map_err(|e| format!("region {key}: value: {e}"))
}

/// A region's offsets in code points: as they are when they make `text` match (Label Studio
/// now), converted from UTF-16 units when those do (older exports), refused when neither
/// does. Without a text to decide by, they are taken as code points.
fn region_offsets(
    article: &Article,
    start: usize,
    end: usize,
    text: Option<&str>,
) -> Result<(usize, usize), String> {
    let Some(text) = text else {
        return Ok((start, end));
    };
    let as_chars = (start <= end && end <= article.len_chars()).then(|| article.slice(start..end));
    if as_chars == Some(text) {
        return Ok((start, end));
    }
    let from_utf16 = |unit: usize| {
        let char = article.utf16_to_char(unit);
        (unit <= article.len_utf16() && article.char_to_utf16(char) == unit).then_some(char)
    };
    let as_utf16 = match (from_utf16(start), from_utf16(end)) {
        (Some(s), Some(e)) if s <= e => Some((s, e)),
        _ => None,
    };
    if let Some((s, e)) = as_utf16
        && article.slice(s..e) == text
    {
        return Ok((s, e));
    }
    let read = |slice: Option<&str>| {
        slice.map_or("nothing (out of range)".to_owned(), crate::canonical::quote)
    };
    Err(format!(
        "value.text {} matches the text at {start}..{end} neither in code points (which read {}) nor in UTF-16 units (which read {})",
        crate::canonical::quote(text),
        read(as_chars),
        read(as_utf16.map(|(s, e)| article.slice(s..e)))
    ))
}

fn read_task(
    path: &Path,
    index: usize,
    task: Task<'static>,
    read: &mut Read,
) -> Result<(), String> {
    let Task {
        annotations,
        completions,
        data,
        id: task_id,
    } = task;
    let id = data
        .doc_id
        .as_ref()
        .and_then(crate::formats::reading::id_text)
        .or_else(|| task_id.as_ref().and_then(crate::formats::reading::id_text))
        .unwrap_or_else(|| format!("{}-{}", crate::formats::reading::stem(path), index + 1));
    let annotations = if annotations.is_empty() {
        completions
    } else {
        annotations
    };
    let mut usable = annotations
        .into_iter()
        .filter(|a| a.was_cancelled != Some(true));
    let results = usable.next().map(|a| a.result).unwrap_or_default();
    for _ in usable {
        read.ignore("further annotation(s) of a task (the first is imported)");
    }
    let article = Article::new(data.text.to_string());
    let mut doc = RawDoc {
        origin: path.to_owned(),
        place: format!("task {}", index + 1),
        id,
        text: data.text.into_owned(),
        unit: Unit::Chars,
        annotator: data.annotator.map(Cow::into_owned),
        status: data.status,
        spans: Vec::new(),
        relations: Vec::new(),
    };
    let region_id = |result: &ResultItem| {
        result
            .id
            .as_ref()
            .and_then(crate::formats::reading::id_text)
    };
    let (regions, others): (Vec<_>, Vec<_>) = results.into_iter().partition(|r| r.kind == "labels");
    // Regions first, so that per-region results can find theirs in any order.
    for result in regions {
        let key = region_id(&result).ok_or("a labels result has no id")?;
        let value = region_value(&key, result.value)?;
        let labels = value.labels.unwrap_or_default();
        let label = labels
            .first()
            .ok_or(format!("region {key} has no value.labels"))?;
        if labels.len() > 1 {
            read.ignore("further label(s) of a region (the first is imported)");
        }
        let text = value.text.as_ref().and_then(Value::as_str);
        let (start, end) = region_offsets(&article, value.start, value.end, text)
            .map_err(|m| format!("region {key}: {m}"))?;
        doc.spans.push(RawSpan {
            id: key.parse().ok(),
            label: label.to_string(),
            start,
            end,
            text: text.map(str::to_owned),
            key,
            ..RawSpan::default()
        });
    }
    for result in others {
        match &*result.kind {
            kind @ ("choices" | "textarea") => {
                let key = region_id(&result).unwrap_or_default();
                let Some(span) = doc.spans.iter_mut().find(|s| s.key == key) else {
                    read.ignore("choices or textarea result(s) not attached to a region");
                    continue;
                };
                let value = region_value(&key, result.value)?;
                if kind == "choices" {
                    let name = result
                        .from_name
                        .ok_or(format!("a choices result of region {key} has no from_name"))?;
                    let choice = value
                        .choices
                        .and_then(|c| c.into_iter().next())
                        .ok_or(format!("a choices result of region {key} has no choice"))?;
                    span.attributes
                        .insert(name.into_owned(), choice.into_owned());
                } else {
                    let lines: Vec<&str> = value
                        .text
                        .as_ref()
                        .and_then(Value::as_array)
                        .map(|t| t.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    if !lines.is_empty() {
                        span.note = Some(lines.join("\n"));
                    }
                }
            }
            "relation" => {
                let id = region_id(&result).and_then(|i| i.parse().ok());
                let end = |value: &Option<Value>, name: &str| {
                    value
                        .as_ref()
                        .and_then(crate::formats::reading::id_text)
                        .ok_or(format!("a relation has no {name}"))
                };
                let (mut from, mut to) = (
                    end(&result.from_id, "from_id")?,
                    end(&result.to_id, "to_id")?,
                );
                match result.direction.as_deref() {
                    Some("left") => std::mem::swap(&mut from, &mut to),
                    Some("bi") => read.ignore("bidirectional relation(s) read as left to right"),
                    _ => {}
                }
                let label = result
                    .labels
                    .and_then(|l| l.into_iter().next())
                    .ok_or(format!("the relation {from} → {to} has no label"))?;
                doc.relations.push(RawRelation {
                    id,
                    label: label.into_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_labeling_config_names_every_label_and_attribute() {
        let config = labeling_config(&Schema::default());
        for needle in [
            "<Labels name=\"label\" toName=\"text\">",
            "<Label value=\"PER\"",
            "<Label value=\"QUOTE\"",
            "<Relation value=\"speaker\"/>",
            "<Choices name=\"form\" toName=\"text\" perRegion=\"true\" visibleWhen=\"region-selected\" whenLabelValue=\"QUOTE\">",
            "<TextArea name=\"note\"",
            "<Text name=\"text\" value=\"$text\"/>",
        ] {
            assert!(config.contains(needle), "{needle}\n{config}");
        }
        assert!(!config.contains("name=\"type\""));
    }
}
