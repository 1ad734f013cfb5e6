//! What every format's reader gives: documents as read ([`RawDoc`], with [`RawSpan`]s and
//! [`RawRelation`]s, before labels are mapped onto a schema), gathered in a [`Read`] with the
//! problems found, and the small readers they share (whole UTF-8 files, JSON Lines). Beneath
//! the formats, so that [`crate::import`] sits on top of them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::FileError;
use crate::formats::Unit;
use crate::model::Status;

/// A span as read from an input, before its label is mapped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawSpan {
    /// How relations in the input name this span.
    pub key: String,
    /// The id to keep, if the input gives a usable one.
    pub id: Option<u64>,
    pub label: String,
    /// Offsets in the document's [`Unit`].
    pub start: usize,
    pub end: usize,
    /// The text the input says the span covers, checked against the offsets.
    pub text: Option<String>,
    pub attributes: BTreeMap<String, String>,
    pub note: Option<String>,
}

/// A relation as read from an input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawRelation {
    pub id: Option<u64>,
    pub label: String,
    /// Span keys.
    pub from: String,
    pub to: String,
}

/// A document as read from an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawDoc {
    /// The input file.
    pub origin: PathBuf,
    /// Where in the file (`line 3`, `task 2`), for messages; empty for a whole file.
    pub place: String,
    pub id: String,
    pub text: String,
    pub unit: Unit,
    pub annotator: Option<String>,
    pub status: Option<Status>,
    pub spans: Vec<RawSpan>,
    pub relations: Vec<RawRelation>,
}

impl RawDoc {
    pub(crate) fn error(&self, message: impl AsRef<str>) -> FileError {
        if self.place.is_empty() {
            FileError::new(&self.origin, message.as_ref())
        } else {
            FileError::new(
                &self.origin,
                format!(
                    "{} (document \"{}\"): {}",
                    self.place,
                    self.id,
                    message.as_ref()
                ),
            )
        }
    }
}

/// What the readers found: documents, problems, and things they ignored.
#[derive(Debug, Default)]
pub struct Read {
    pub docs: Vec<RawDoc>,
    pub problems: Vec<FileError>,
    /// Things read and ignored (brat events, extra Label Studio annotations), with counts.
    pub ignored: BTreeMap<String, usize>,
    /// Inputs skipped, each named (links that lead out of an input folder).
    pub warnings: Vec<FileError>,
}

impl Read {
    pub(crate) fn ignore(&mut self, what: &str) {
        *self.ignored.entry(what.to_owned()).or_insert(0) += 1;
    }
}

/// Reads a whole input file as UTF-8, or records the problem.
pub(crate) fn read_text(path: &Path, read: &mut Read) -> Option<String> {
    match crate::bounded_read::read_io(path, crate::bounded_read::MAX_DATA_BYTES) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                read.problems.push(FileError::new(
                    path,
                    format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
                ));
                None
            }
        },
        Err(e) => {
            read.problems.push(e.into_file_error(path));
            None
        }
    }
}

/// The records of a JSON Lines file with their line numbers; blank lines are skipped and a
/// line that does not parse is recorded as a problem at its line and column.
pub(crate) fn json_lines<T: serde::de::DeserializeOwned>(
    path: &Path,
    read: &mut Read,
) -> Vec<(usize, T)> {
    let Some(content) = read_text(path, read) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (index, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str(line) {
            Ok(parsed) => out.push((index + 1, parsed)),
            Err(e) => {
                read.problems
                    .push(FileError::at(path, index + 1, e.column(), format!("{e}")))
            }
        }
    }
    out
}

/// The file stem of a path (for ids of documents that do not carry one).
pub(crate) fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A JSON id (string or number) as text.
pub(crate) fn id_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
