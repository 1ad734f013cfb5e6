//! Label Studio: a JSON array of tasks with their annotations, as Label Studio imports
//! pre-annotated tasks. Offsets count UTF-16 code units, as Label Studio's front end does.
//!
//! Each task has `data.text` (and `data.doc_id`, `data.source`, `data.annotator`,
//! `data.status`) and one annotation whose `result` holds, for every span, a `labels` region
//! (`from_name: "label"`, `to_name: "text"`, flat label), a per-region `choices` result for
//! each attribute the label does not carry (`from_name` = the attribute's name), a per-region
//! `textarea` result for its note (`from_name: "note"`), all with the span's id as `id`; and a
//! `relation` result for each relation (`from_id`, `to_id`, `direction: "right"`, `labels`,
//! plus our relation `id`). [`labeling_config`] gives the labeling config that matches.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Doc, StreamWriter, Summary};
use crate::schema::Schema;

/// The `from_name` of span label results.
pub const FROM_NAME: &str = "label";
/// The `to_name` of every result: the Text tag's name.
pub const TO_NAME: &str = "text";
/// The `from_name` of per-region notes.
pub const NOTE_NAME: &str = "note";

#[derive(Default)]
pub(crate) struct Writer {
    written: usize,
}

fn task(doc: &Doc<'_>) -> Value {
    let article = doc.article;
    let mut result = Vec::with_capacity(doc.spans.len() + doc.relations.len());
    for a in doc.spans {
        let (label, rest) = super::extra_attributes(a);
        let (start, end) = (article.char_to_utf16(a.start), article.char_to_utf16(a.end));
        let id = a.id.to_string();
        result.push(json!({
            "id": id,
            "from_name": FROM_NAME,
            "to_name": TO_NAME,
            "type": "labels",
            "value": {"start": start, "end": end, "text": a.text, "labels": [label]},
        }));
        for (name, value) in rest {
            result.push(json!({
                "id": id,
                "from_name": name,
                "to_name": TO_NAME,
                "type": "choices",
                "value": {"start": start, "end": end, "text": a.text, "choices": [value]},
            }));
        }
        if let Some(note) = &a.note {
            result.push(json!({
                "id": id,
                "from_name": NOTE_NAME,
                "to_name": TO_NAME,
                "type": "textarea",
                "value": {"start": start, "end": end, "text": [note]},
            }));
        }
    }
    for r in &doc.relations {
        result.push(json!({
            "id": r.id.to_string(),
            "from_id": r.from.to_string(),
            "to_id": r.to.to_string(),
            "type": "relation",
            "direction": "right",
            "labels": [r.label],
        }));
    }
    json!({
        "data": {
            "text": article.text(),
            "doc_id": doc.id,
            "source": doc.source,
            "annotator": doc.annotator,
            "status": doc.status.as_str(),
        },
        "annotations": [{"result": result}],
    })
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
        serde_json::to_writer(&mut *out, &task(doc))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_labeling_config_names_every_label_and_attribute() {
        let config = labeling_config(&Schema::default());
        println!("{config}");
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
