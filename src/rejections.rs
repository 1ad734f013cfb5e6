//! Rejections: spans a set's annotator decided against, remembered so that they are not
//! offered again: the disagreements rejected while adjudicating into a gold set. Kept in a
//! small file beside the set, `story.txt.gold.rejected.ron` for `story.txt.gold.annotations.ron`
//! (docs/FORMAT.md, "Rejections"); never needed to read the set itself.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::FileError;

const ANNOTATIONS_SUFFIX: &str = ".annotations.ron";
const REJECTED_SUFFIX: &str = ".rejected.ron";

/// One rejected span.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename = "Span", deny_unknown_fields)]
pub struct RejectedSpan {
    pub label: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Serialize, Deserialize)]
#[serde(rename = "Rejected", deny_unknown_fields)]
struct RejectedFile {
    spans: Vec<RejectedSpan>,
}

/// The rejections of one set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rejections {
    spans: BTreeSet<RejectedSpan>,
}

/// The rejections file of the set at `set_path`.
pub fn rejections_path(set_path: &Path) -> PathBuf {
    let name = set_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(ANNOTATIONS_SUFFIX).unwrap_or(&name);
    set_path.with_file_name(format!("{stem}{REJECTED_SUFFIX}"))
}

impl Rejections {
    /// The rejections of the set at `set_path` (none when there is no file yet). A file that
    /// cannot be read is an error naming it (and it is never written over).
    pub fn load(set_path: &Path) -> Result<Self, FileError> {
        let path = rejections_path(set_path);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(err) => return Err(FileError::new(&path, format!("cannot read it: {err}"))),
        };
        let file: RejectedFile = crate::canonical::ron_options()
            .from_str(&text)
            .map_err(|err| FileError::new(&path, format!("not a rejections file: {err}")))?;
        Ok(Self {
            spans: file.spans.into_iter().collect(),
        })
    }

    /// Writes them beside the set at `set_path`, atomically.
    pub fn save(&self, set_path: &Path) -> Result<(), FileError> {
        let path = rejections_path(set_path);
        let file = RejectedFile {
            spans: self.spans.iter().cloned().collect(),
        };
        // One span per line, as docs/FORMAT.md shows it.
        let pretty = ron::ser::PrettyConfig::new().depth_limit(2);
        let text = ron::ser::to_string_pretty(&file, pretty)
            .map_err(|err| FileError::new(&path, err.to_string()))?;
        crate::atomic::write_atomically(&path, format!("{text}\n").as_bytes())
    }

    pub fn contains(&self, label: &str, start: usize, end: usize) -> bool {
        self.spans.contains(&RejectedSpan {
            label: label.to_owned(),
            start,
            end,
        })
    }

    /// Adds a rejection; `true` if it is new.
    pub fn reject(&mut self, label: &str, start: usize, end: usize) -> bool {
        self.spans.insert(RejectedSpan {
            label: label.to_owned(),
            start,
            end,
        })
    }

    /// Takes a rejection back; `true` if there was one.
    pub fn unreject(&mut self, label: &str, start: usize, end: usize) -> bool {
        self.spans.remove(&RejectedSpan {
            label: label.to_owned(),
            start,
            end,
        })
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejections_are_written_beside_the_set_and_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let set = dir.path().join("story.txt.gold.annotations.ron");
        assert_eq!(
            rejections_path(&set),
            dir.path().join("story.txt.gold.rejected.ron")
        );
        assert!(Rejections::load(&set).expect("no file: none").is_empty());
        let mut r = Rejections::default();
        assert!(r.reject("claim", 3, 9));
        assert!(!r.reject("claim", 3, 9));
        r.save(&set).expect("saves");
        assert_eq!(
            std::fs::read_to_string(rejections_path(&set)).expect("written"),
            "(\n    spans: [\n        (label: \"claim\", start: 3, end: 9),\n    ],\n)\n"
        );
        let back = Rejections::load(&set).expect("loads");
        assert!(back.contains("claim", 3, 9));
        assert!(!back.contains("claim", 3, 10));
        // The folder does not take it for an article or a set.
        assert!(!crate::store::is_annotation_file(&rejections_path(&set)));
        assert!(!crate::store::is_article(&rejections_path(&set)));
    }

    #[test]
    fn an_unreadable_rejections_file_is_an_error_naming_it_and_is_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let set = dir.path().join("story.txt.gold.annotations.ron");
        std::fs::write(rejections_path(&set), "not ron at all {").expect("write");
        let err = Rejections::load(&set).expect_err("refused").to_string();
        assert!(err.contains("story.txt.gold.rejected.ron"), "{err}");
        assert_eq!(
            std::fs::read_to_string(rejections_path(&set)).expect("still there"),
            "not ron at all {"
        );
    }
}
