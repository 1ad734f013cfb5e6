//! Provenance: where an ingested article came from, in a sidecar beside it
//! (`story.txt.source.ron`, see docs/FORMAT.md), and the original bytes kept under the
//! folder's `.sources/` (named by their SHA-256, so a feed or dump is kept once).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::FileError;

/// The sidecar's suffix, after the article's file name.
pub const SIDECAR_SUFFIX: &str = ".source.ron";
/// The folder, inside the ingest folder, that keeps the original bytes (hidden, so folder
/// listings, `validate` and exports do not see it).
pub const SOURCES_FOLDER: &str = ".sources";

/// Where one article came from. Every field but `ingested_at`, `input` and `sha256` may be
/// unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Provenance {
    /// The page's address (canonical link, `og:url`, the WARC target, the feed entry's link
    /// or the dump's `url`).
    pub url: Option<String>,
    pub title: Option<String>,
    pub byline: Option<String>,
    /// The publication date as the source gives it, normalised to ISO 8601 where it parsed.
    pub published: Option<String>,
    /// The outlet (`og:site_name`, else the URL's host).
    pub site: Option<String>,
    /// BCP 47 language tag (`<html lang>`, `og:locale`, the dump's `language`).
    pub language: Option<String>,
    /// When `ingest` made the article, RFC 3339 in UTC.
    pub ingested_at: String,
    /// The input file as given to `ingest`.
    pub input: String,
    /// For a WARC, feed or dump: the record's 1-based number in the input.
    pub record: Option<usize>,
    /// The encoding the original was decoded from (`UTF-8`, `windows-1252`...).
    pub encoding: Option<String>,
    /// SHA-256 (hex) of the original bytes: the page, the WARC record's HTTP response, or
    /// the whole feed or dump file.
    pub sha256: String,
    /// Where those bytes are kept, relative to the article's folder
    /// (`.sources/<sha256>.html`).
    pub original: Option<String>,
}

/// The sidecar of an article: `story.txt` → `story.txt.source.ron`.
pub fn sidecar_path(article: &Path) -> PathBuf {
    let mut name = article.as_os_str().to_owned();
    name.push(SIDECAR_SUFFIX);
    PathBuf::from(name)
}

/// Whether `path` is a provenance sidecar.
pub fn is_sidecar(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(SIDECAR_SUFFIX))
}

/// The provenance of an article, if it has a sidecar; an unreadable or broken sidecar is an
/// error naming it. For the window's header and for exports.
pub fn load(article: &Path) -> Result<Option<Provenance>, FileError> {
    let path = sidecar_path(article);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(FileError::io(&path, e)),
    };
    ron::from_str(&text).map(Some).map_err(|e| {
        FileError::at(
            &path,
            e.span.start.line,
            e.span.start.col,
            format!("not a provenance file: {}", e.code),
        )
    })
}

/// The RON text of a sidecar.
pub fn to_ron(provenance: &Provenance) -> String {
    let config = ron::ser::PrettyConfig::new().struct_names(true);
    let mut text = ron::ser::to_string_pretty(provenance, config).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes an article's sidecar atomically.
pub fn save(article: &Path, provenance: &Provenance) -> Result<(), FileError> {
    crate::atomic::write_atomically(&sidecar_path(article), to_ron(provenance).as_bytes())
}

/// Keeps the original bytes under `folder/.sources/<sha256>.<extension>` (once: an existing
/// file of that name already holds them) and returns the path relative to `folder`.
pub fn keep_original(
    folder: &Path,
    sha256: &str,
    extension: &str,
    bytes: &[u8],
) -> Result<String, FileError> {
    let relative = format!("{SOURCES_FOLDER}/{sha256}.{extension}");
    let path = folder
        .join(SOURCES_FOLDER)
        .join(format!("{sha256}.{extension}"));
    if std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64) {
        return Ok(relative);
    }
    let dir = folder.join(SOURCES_FOLDER);
    std::fs::create_dir_all(&dir).map_err(|e| FileError::io(&dir, e))?;
    crate::atomic::write_atomically(&path, bytes)?;
    Ok(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sidecar_round_trips_and_a_missing_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("story.txt");
        assert_eq!(load(&article).unwrap(), None);
        let p = Provenance {
            url: Some("https://news.example/a".into()),
            title: Some("A \"quoted\" title".into()),
            ingested_at: "2024-05-01T10:00:00Z".into(),
            input: "in/a.html".into(),
            sha256: "ab".repeat(32),
            ..Provenance::default()
        };
        save(&article, &p).unwrap();
        assert!(dir.path().join("story.txt.source.ron").exists());
        assert_eq!(load(&article).unwrap(), Some(p));
        std::fs::write(sidecar_path(&article), "(url: 3").unwrap();
        let err = load(&article).unwrap_err();
        assert!(err.to_string().contains("story.txt.source.ron"), "{err}");
    }
}
