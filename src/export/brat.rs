//! brat: a folder of standoff files, as brat (and the tools that read its format) open it.
//!
//! For each article `X`: `X.txt`, the source text byte for byte (the BOM left out, line
//! endings kept), and `X.ann`:
//! - `T<id>\t<LABEL> <start> <end>\t<text>` for each span (flat label, see
//!   [`crate::labels`]); a span that crosses a line break is written as fragments
//!   (`start end;start end`) that skip the line breaks, as brat does, with the fragments' texts
//!   joined by a space;
//! - `A<n>\t<attribute> T<id> <value>` for each attribute the label does not carry;
//! - `R<id>\t<label> Arg1:T<from> Arg2:T<to>` for each relation;
//! - `#<n>\tAnnotatorNotes T<id>\t<note>` for each note (line breaks and tabs in a note
//!   become spaces).
//!
//! Offsets count characters (Unicode code points), as brat's server (Python) indexes the
//! text; CR of a CRLF counts as one. `annotation.conf` (entities, relations, attributes, and
//! overlaps allowed) and `visual.conf` (colours) are made from the schemas in force. brat
//! holds one set per article: when several sets (annotators) share an article, the first
//! is written and the others are skipped and reported; choose one with `--annotator`.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{Doc, Summary};
use crate::error::FileError;
use crate::schema::Schema;

pub(crate) struct Writer {
    target: PathBuf,
    staging: tempfile::TempDir,
    written: HashSet<String>,
    schemas: Vec<Schema>,
}

impl Writer {
    pub fn new(target: &Path) -> Result<Self, FileError> {
        if target.is_file() {
            return Err(FileError::new(
                target,
                "is a file; brat writes a folder (give a folder with --out)",
            ));
        }
        // Stage beside the target (same file system, so the final renames are atomic).
        let parent = super::parent_or_dot(target);
        std::fs::create_dir_all(&parent).map_err(|e| FileError::io(&parent, e))?;
        let staging = crate::atomic::temp_dir_beside(target)
            .map_err(|e| FileError::new(target, format!("cannot write: {e}")))?;
        Ok(Self {
            target: target.to_owned(),
            staging,
            written: HashSet::new(),
            schemas: Vec::new(),
        })
    }

    fn write(&self, relative: &str, contents: &[u8]) -> Result<(), FileError> {
        let path = self.staging.path().join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| FileError::io(dir, e))?;
        }
        std::fs::write(&path, contents)
            .map_err(|e| FileError::new(&self.target.join(relative), format!("cannot write: {e}")))
    }

    /// Writes one article's `.txt` and `.ann`; `false` when its name is taken already.
    pub fn document(&mut self, doc: &Doc<'_>, summary: &mut Summary) -> Result<bool, FileError> {
        if !self.written.insert(doc.id.to_owned()) {
            summary.skipped.push((
                PathBuf::from(doc.source),
                format!(
                    "brat holds one set per article and {}.ann is written already (choose a set with --annotator)",
                    doc.id
                ),
            ));
            return Ok(false);
        }
        if !self.schemas.contains(doc.schema) {
            self.schemas.push(doc.schema.clone());
        }
        self.write(&format!("{}.txt", doc.id), doc.article.text().as_bytes())?;
        self.write(&format!("{}.ann", doc.id), ann(doc, summary).as_bytes())?;
        Ok(true)
    }

    /// Writes the configuration and moves the staged files into the target folder.
    pub fn finish(self) -> Result<(), FileError> {
        let (annotation, visual) = configs(&self.schemas);
        self.write("annotation.conf", annotation.as_bytes())?;
        self.write("visual.conf", visual.as_bytes())?;
        if !self.target.exists() {
            let staged = self.staging.keep();
            return std::fs::rename(&staged, &self.target).map_err(|e| {
                let _ = std::fs::remove_dir_all(&staged);
                FileError::new(&self.target, format!("cannot write: {e}"))
            });
        }
        move_into(self.staging.path(), &self.target)
    }
}

/// Moves every file under `from` to the same place under `to`, replacing what is there.
fn move_into(from: &Path, to: &Path) -> Result<(), FileError> {
    std::fs::create_dir_all(to).map_err(|e| FileError::io(to, e))?;
    let entries = std::fs::read_dir(from).map_err(|e| FileError::io(from, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| FileError::io(from, e))?;
        let dest = to.join(entry.file_name());
        if entry.path().is_dir() {
            move_into(&entry.path(), &dest)?;
        } else {
            let _ = crate::atomic::keep_mode(&entry.path(), &dest);
            std::fs::rename(entry.path(), &dest)
                .map_err(|e| FileError::new(&dest, format!("cannot write: {e}")))?;
        }
    }
    Ok(())
}

/// A span's fragments: its char range split at line breaks, which brat spans cannot hold.
pub fn fragments(text: &str, start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from: Option<usize> = None;
    let mut at = start;
    for c in text.chars() {
        if c == '\n' || c == '\r' {
            if let Some(f) = from.take() {
                out.push((f, at));
            }
        } else if from.is_none() {
            from = Some(at);
        }
        at += 1;
    }
    if let Some(f) = from {
        out.push((f, at));
    }
    out
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The `.ann` text of a document.
fn ann(doc: &Doc<'_>, summary: &mut Summary) -> String {
    let mut t_lines = String::new();
    let mut a_lines = String::new();
    let mut notes = String::new();
    let (mut a_count, mut note_count) = (0, 0);
    let mut left_out = HashSet::new();
    for span in doc.spans {
        let pieces = fragments(&span.text, span.start);
        if pieces.is_empty() {
            left_out.insert(span.id);
            summary.drop("span(s) of line breaks only, which brat cannot hold", 1);
            continue;
        }
        let (label, rest) = super::extra_attributes(span);
        let offsets: Vec<String> = pieces.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let texts: Vec<&str> = pieces
            .iter()
            .map(|(s, e)| doc.article.slice(*s..*e))
            .collect();
        let _ = writeln!(
            t_lines,
            "T{}\t{label} {}\t{}",
            span.id,
            offsets.join(";"),
            texts.join(" ")
        );
        for (name, value) in rest {
            if value.chars().any(char::is_whitespace) || value.is_empty() {
                summary.drop(
                    "attribute value(s) with white space, which brat cannot hold",
                    1,
                );
                continue;
            }
            a_count += 1;
            let _ = writeln!(a_lines, "A{a_count}\t{name} T{} {value}", span.id);
        }
        if let Some(note) = &span.note {
            note_count += 1;
            let flat = one_line(note);
            if flat != *note {
                summary.drop("note(s) whose line breaks or tabs became spaces", 1);
            }
            let _ = writeln!(notes, "#{note_count}\tAnnotatorNotes T{}\t{flat}", span.id);
        }
    }
    let mut out = t_lines + &a_lines;
    for r in &doc.relations {
        if left_out.contains(&r.from) || left_out.contains(&r.to) {
            continue;
        }
        let _ = writeln!(
            out,
            "R{}\t{} Arg1:T{} Arg2:T{}",
            r.id, r.label, r.from, r.to
        );
    }
    out + &notes
}

/// `annotation.conf` and `visual.conf` for the schemas met.
fn configs(schemas: &[Schema]) -> (String, String) {
    let mut entities: Vec<(String, String)> = Vec::new(); // (flat, colour)
    let mut flats_of: BTreeMap<String, Vec<String>> = BTreeMap::new(); // label -> flats
    // attribute -> (flat labels, values)
    let mut attributes: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    let mut relations: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    let mut relation_order: Vec<String> = Vec::new();
    let push = |list: &mut Vec<String>, item: &str| {
        if !list.iter().any(|i| i == item) {
            list.push(item.to_owned());
        }
    };
    for schema in schemas {
        for (flat, label) in crate::labels::flat_labels_of(schema) {
            if !entities.iter().any(|(f, _)| *f == flat) {
                let color = schema.label(label).map_or("#888888", |l| l.color.as_str());
                entities.push((flat.clone(), color.to_owned()));
            }
            push(flats_of.entry(label.to_owned()).or_default(), &flat);
        }
        for label in &schema.labels {
            for attribute in &label.attributes {
                if label.name == crate::labels::ENTITY
                    && attribute.name == crate::labels::ENTITY_TYPE
                {
                    continue;
                }
                let entry = attributes.entry(attribute.name.clone()).or_default();
                for flat in flats_of.get(&label.name).into_iter().flatten() {
                    push(&mut entry.0, flat);
                }
                for value in &attribute.values {
                    if !value.chars().any(char::is_whitespace) && !value.is_empty() {
                        push(&mut entry.1, value);
                    }
                }
            }
        }
        for relation in &schema.relations {
            push(&mut relation_order, &relation.name);
            let entry = relations.entry(relation.name.clone()).or_default();
            for (names, side) in [(&relation.from, &mut entry.0), (&relation.to, &mut entry.1)] {
                for flat in names.iter().filter_map(|n| flats_of.get(n)).flatten() {
                    push(side, flat);
                }
            }
        }
    }
    let mut conf = String::from(
        "# Made by press-annotate from the annotation schema; labels as in docs/export-import.md.\n[entities]\n",
    );
    for (flat, _) in &entities {
        conf += flat;
        conf += "\n";
    }
    conf += "\n[relations]\n";
    for name in &relation_order {
        if let Some((from, to)) = relations.get(name) {
            let _ = writeln!(
                conf,
                "{name}\tArg1:{}, Arg2:{}",
                from.join("|"),
                to.join("|")
            );
        }
    }
    conf +=
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n";
    for (name, (labels, values)) in &attributes {
        if labels.is_empty() || values.is_empty() {
            continue;
        }
        let _ = writeln!(
            conf,
            "{name}\tArg:{}, Value:{}",
            labels.join("|"),
            values.join("|")
        );
    }
    let mut visual = String::from("[labels]\n\n[drawing]\n");
    for (flat, color) in &entities {
        let _ = writeln!(visual, "{flat}\tbgColor:{color}");
    }
    (conf, visual)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_skip_line_breaks() {
        assert_eq!(fragments("ab\r\n\r\ncd", 10), vec![(10, 12), (16, 18)]);
        assert_eq!(fragments("\r\n", 3), vec![]);
        assert_eq!(fragments("東京", 0), vec![(0, 2)]);
    }
}
