//! csv: one row per annotation, RFC 4180 (quoting, CRLF row ends; the `csv` crate), UTF-8, with a header:
//! `article, annotator, id, label, start, end, text`, one column per attribute name of the
//! schemas in force (sorted), and `note`. Offsets count code points; labels and attributes
//! are the schema's own, as in jsonl.
//!
//! A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab
//! or a carriage return) gets a leading apostrophe, as OWASP recommends, so that opening the
//! file never runs anything; `text` then differs from the source by that one character. The
//! header's attribute names are neutralised the same way (schemas refuse such names anyway).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::PathBuf;

use crate::corpus::Entry;
use crate::formats::writing::{Doc, StreamWriter, Summary};
use crate::schema::Schema;

pub(crate) struct Writer {
    columns: Vec<String>,
}

impl Writer {
    pub fn new(columns: Vec<String>) -> Self {
        Self { columns }
    }
}

/// The attribute names of every schema in force for the entries (each folder's schema read
/// once), sorted.
pub(crate) fn attribute_columns(entries: &[Entry]) -> Vec<String> {
    let mut seen: BTreeMap<PathBuf, ()> = BTreeMap::new();
    let mut names = BTreeSet::new();
    let mut add = |schema: &Schema| {
        for label in &schema.labels {
            names.extend(label.attributes.iter().map(|a| a.name.clone()));
        }
    };
    add(&Schema::default());
    for entry in entries {
        let folder = crate::formats::writing::parent_or_dot(&entry.source);
        if seen.insert(folder, ()).is_none()
            && let Ok(schema) = Schema::for_article(&entry.source)
        {
            add(&schema);
        }
    }
    names.into_iter().collect()
}

/// A cell made safe to open in a spreadsheet: a leading apostrophe before `=`, `+`, `-`, `@`,
/// tab or carriage return.
pub fn safe_cell(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

impl StreamWriter for Writer {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut *out);
        let mut header: Vec<Cow<'_, str>> = [
            "article",
            "annotator",
            "id",
            "label",
            "start",
            "end",
            "text",
        ]
        .map(Cow::Borrowed)
        .to_vec();
        // Attribute names come from schema files: neutralised like any cell.
        header.extend(self.columns.iter().map(|c| safe_cell(c)));
        header.push(Cow::Borrowed("note"));
        writer.write_record(header.iter().map(|c| c.as_bytes()))?;
        writer.flush()
    }

    fn document(
        &mut self,
        out: &mut dyn Write,
        doc: &Doc<'_>,
        _summary: &mut Summary,
    ) -> io::Result<()> {
        let mut writer = ::csv::WriterBuilder::new()
            .has_headers(false)
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut *out);
        for a in doc.spans {
            let mut row: Vec<String> = vec![
                safe_cell(doc.id).into_owned(),
                doc.annotator.unwrap_or("").to_owned(),
                a.id.to_string(),
                safe_cell(&a.label).into_owned(),
                a.start.to_string(),
                a.end.to_string(),
                safe_cell(&a.text).into_owned(),
            ];
            for column in &self.columns {
                row.push(safe_cell(a.attribute(column).unwrap_or("")).into_owned());
            }
            row.push(safe_cell(a.note.as_deref().unwrap_or("")).into_owned());
            writer.write_record(&row)?;
        }
        writer.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_cells_are_neutralised_like_cells() {
        let mut writer = Writer::new(vec![
            "=HYPERLINK(\"http://x\",\"y\")".to_owned(),
            "form".to_owned(),
        ]);
        let mut out = Vec::new();
        writer.begin(&mut out).unwrap();
        let header = String::from_utf8(out).unwrap();
        assert_eq!(
            header,
            "article,annotator,id,label,start,end,text,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",form,note\r\n"
        );
    }
}
