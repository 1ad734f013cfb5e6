//! Rejections, remembered per article and annotator in a small file beside the set:
//! rejected suggestions, and for the gold set the rejected disagreements of adjudication.
//! `story.txt.alice.rejected.ron` beside `story.txt.alice.annotations.ron`
//! (`story.txt.rejected.ron` without an annotator). The file is optional and never needed to
//! read a set (docs/FORMAT.md, "Rejections").
//!
//! Each entry keeps the rejected span's text, so that after the article changed a rejection
//! follows its text to the occurrence nearest its old place, as annotations are re-anchored.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::FileError;
use crate::store::ANNOTATION_SUFFIX;
use crate::text::Article;

/// What every rejections file's name ends with.
pub const REJECTED_SUFFIX: &str = ".rejected.ron";

/// The rejections file format this version reads and writes.
pub const REJECTIONS_FORMAT: u32 = 1;

/// One rejected span: a suggestion, or an annotator's span rejected while adjudicating.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename = "Rejected", deny_unknown_fields)]
pub struct Rejected {
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Rejected {
    /// The rejection of `label` at `start..end`, whose text in the article is `text`.
    pub fn new(label: &str, start: usize, end: usize, text: &str) -> Self {
        Self {
            label: label.to_owned(),
            start,
            end,
            text: text.to_owned(),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename = "Rejections", deny_unknown_fields)]
struct RejectionsFile {
    format: u32,
    #[serde(default)]
    rejected: Vec<Rejected>,
}

/// The rejected suggestions of one set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rejections {
    entries: BTreeSet<Rejected>,
}

/// The rejections file of an annotation file: `X.annotations.ron` → `X.rejected.ron`.
pub fn rejections_path(set_path: &Path) -> PathBuf {
    let name = set_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(ANNOTATION_SUFFIX).unwrap_or(&name);
    set_path.with_file_name(format!("{stem}{REJECTED_SUFFIX}"))
}

fn parse(path: &Path, text: &str) -> Result<RejectionsFile, FileError> {
    let file: RejectionsFile = crate::canonical::ron_options()
        .from_str(text)
        .map_err(|e| crate::canonical::ron_error(path, &e))?;
    if file.format > REJECTIONS_FORMAT {
        return Err(FileError::new(
            path,
            format!(
                "written by a newer version of press-annotate (rejections format {}); this version reads format {REJECTIONS_FORMAT}",
                file.format
            ),
        ));
    }
    if file.format != REJECTIONS_FORMAT {
        return Err(FileError::new(
            path,
            format!("unknown rejections format {}", file.format),
        ));
    }
    if let Some(bad) = file.rejected.iter().find(|r| r.start >= r.end) {
        return Err(FileError::new(
            path,
            format!(
                "rejected span {}..{} is empty or reversed",
                bad.start, bad.end
            ),
        ));
    }
    Ok(file)
}

impl Rejections {
    /// The rejections remembered for the set at `set_path` (none when there is no file).
    pub fn load(set_path: &Path) -> Result<Self, FileError> {
        let path = rejections_path(set_path);
        let bytes = match crate::bounded_read::read_io(&path, crate::bounded_read::MAX_DATA_BYTES) {
            Ok(bytes) => bytes,
            Err(e) if e.is_not_found() => return Ok(Self::default()),
            Err(e) => return Err(e.into_file_error(&path)),
        };
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            FileError::new(
                &path,
                format!("not valid UTF-8 at byte {}", e.valid_up_to()),
            )
        })?;
        let file = parse(&path, text)?;
        Ok(Self {
            entries: file.rejected.into_iter().collect(),
        })
    }

    /// Writes the rejections beside the set at `set_path`, atomically. A file there that
    /// cannot be read as rejections is never overwritten.
    pub fn save(&self, set_path: &Path) -> Result<(), FileError> {
        let path = rejections_path(set_path);
        match crate::bounded_read::read_io(&path, crate::bounded_read::MAX_DATA_BYTES) {
            Ok(bytes) => {
                let text = std::str::from_utf8(&bytes).map_err(|_| {
                    FileError::new(
                        &path,
                        "not a rejections file (not UTF-8); not overwriting it",
                    )
                })?;
                parse(&path, text).map_err(|e| {
                    FileError::new(&path, format!("{}; not overwriting it", e.message))
                })?;
            }
            Err(e) if e.is_not_found() => {}
            Err(e) => return Err(e.into_file_error(&path)),
        }
        crate::atomic::write_atomically(&path, self.to_ron().as_bytes())
    }

    /// The file's text: one rejected span per line.
    pub fn to_ron(&self) -> String {
        use crate::canonical::quote;
        let mut out = format!("Rejections(\n    format: {REJECTIONS_FORMAT},\n    rejected: [\n");
        for r in &self.entries {
            out += &format!(
                "        Rejected(label: {}, start: {}, end: {}, text: {}),\n",
                quote(&r.label),
                r.start,
                r.end,
                quote(&r.text)
            );
        }
        out += "    ],\n)\n";
        out
    }

    /// Remembers a span as rejected; `false` if it was already.
    pub fn reject(&mut self, rejected: impl Into<Rejected>) -> bool {
        self.entries.insert(rejected.into())
    }

    /// Forgets a rejection (an undo of a reject); `false` if it was not there.
    pub fn unreject(&mut self, rejected: &Rejected) -> bool {
        self.entries.remove(rejected)
    }

    /// Whether exactly this entry is remembered.
    pub fn has(&self, rejected: &Rejected) -> bool {
        self.entries.contains(rejected)
    }

    /// Remembers a span as rejected that is not a suggestion: an annotator's span rejected
    /// while adjudicating into a gold set. `text` is the span's text in the article.
    pub fn reject_span(&mut self, label: &str, start: usize, end: usize, text: &str) {
        self.entries.insert(Rejected {
            label: label.to_owned(),
            start,
            end,
            text: text.to_owned(),
        });
    }

    /// Forgets a rejected span (an undo of a rejection while adjudicating).
    pub fn unreject_span(&mut self, label: &str, start: usize, end: usize) -> bool {
        let before = self.entries.len();
        self.entries
            .retain(|r| !(r.label == label && r.start == start && r.end == end));
        self.entries.len() != before
    }

    /// Whether a suggestion with this label and range was rejected (as stored; see
    /// [`Rejections::resolve`] for an article that changed).
    pub fn contains(&self, label: &str, start: usize, end: usize) -> bool {
        self.entries
            .iter()
            .any(|r| r.label == label && r.start == start && r.end == end)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Rejected> {
        self.entries.iter()
    }

    /// The rejected (label, start, end) in `article`: each entry where its text still
    /// stands, else at the occurrence of its text nearest its old start, else nowhere.
    pub fn resolve(&self, article: &Article) -> HashSet<(String, usize, usize)> {
        let mut out = HashSet::with_capacity(self.entries.len());
        for r in &self.entries {
            if r.end <= article.len_chars() && article.slice(r.start..r.end) == r.text {
                out.insert((r.label.clone(), r.start, r.end));
                continue;
            }
            let len = r.text.chars().count();
            if let Some(start) = article
                .find_all(&r.text)
                .into_iter()
                .min_by_key(|s| s.abs_diff(r.start))
            {
                out.insert((r.label.clone(), start, start + len));
            }
        }
        out
    }
}
