//! Annotation sets on disk: where they live beside their article, how they are found, loaded
//! (validated and re-anchored) and saved (atomically, in canonical form).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::canonical::{ron_error, ron_options, to_canonical_ron};
use crate::error::{FileError, FileErrors};
use crate::model::{AnnotationSet, FORMAT_VERSION, Source};
use crate::reanchor::{ReanchorReport, reanchor};
use crate::schema::{SCHEMA_FILE_NAME, Schema, is_valid_name};
use crate::text::Article;
use crate::validate::{self, Context};

/// What every annotation file's name ends with.
pub const ANNOTATION_SUFFIX: &str = ".annotations.ron";

/// File extensions read as articles.
pub const ARTICLE_EXTENSIONS: [&str; 2] = ["txt", "md"];

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Whether a path names an article (`.txt` or `.md`).
pub fn is_article(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e))
}

/// Whether a path names an annotation file.
pub fn is_annotation_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(ANNOTATION_SUFFIX))
}

/// The annotation file beside `source`: `story.txt.annotations.ron`, or
/// `story.txt.alice.annotations.ron` for annotator `alice`.
pub fn annotation_path(source: &Path, annotator: Option<&str>) -> PathBuf {
    let mut name = source.file_name().unwrap_or_default().to_os_string();
    if let Some(annotator) = annotator {
        name.push(".");
        name.push(annotator);
    }
    name.push(ANNOTATION_SUFFIX);
    source.with_file_name(name)
}

/// The source and annotator an annotation file's name says, or `None` when the name is not
/// one of ours.
pub fn source_of(annotation_file: &Path) -> Option<(PathBuf, Option<String>)> {
    let name = annotation_file.file_name()?.to_str()?;
    let stem = name.strip_suffix(ANNOTATION_SUFFIX)?;
    if is_article(Path::new(stem)) {
        return Some((annotation_file.with_file_name(stem), None));
    }
    let (source, annotator) = stem.rsplit_once('.')?;
    if !is_article(Path::new(source)) {
        return None;
    }
    Some((
        annotation_file.with_file_name(source),
        Some(annotator.to_owned()),
    ))
}

/// The annotation files that exist beside `source`, sorted: `(file, annotator)`.
pub fn annotation_files_of(source: &Path) -> Vec<(PathBuf, Option<String>)> {
    let Some(name) = source.file_name().and_then(|n| n.to_str()) else {
        return Vec::new();
    };
    let dir = match source.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, Option<String>)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file_name = e.file_name();
            let file_name = file_name.to_str()?;
            if !file_name.starts_with(name) || !file_name.ends_with(ANNOTATION_SUFFIX) {
                return None;
            }
            let path = source.with_file_name(file_name);
            let (of, annotator) = source_of(&path)?;
            (of.file_name()? == source.file_name()?).then_some((path, annotator))
        })
        .collect();
    out.sort();
    out
}

/// Files found under a folder, each list sorted.
#[derive(Debug, Default, Clone)]
pub struct Discovery {
    pub articles: Vec<PathBuf>,
    pub annotation_files: Vec<PathBuf>,
    pub schemas: Vec<PathBuf>,
    /// Folders that could not be read and broken links named like our files.
    pub unreadable: Vec<FileError>,
}

/// Every article, annotation file and schema file under `root` (recursively, each real
/// folder once, see [`crate::walk`]; hidden files and folders are skipped). A file given
/// directly is classified on its own.
pub fn discover(root: &Path) -> Discovery {
    let mut found = Discovery::default();
    let walked = crate::walk::walk(root, crate::walk::Links::Follow);
    for path in walked.files {
        if is_annotation_file(&path) {
            found.annotation_files.push(path);
        } else if path.file_name().is_some_and(|n| n == SCHEMA_FILE_NAME) {
            found.schemas.push(path);
        } else if is_article(&path) {
            found.articles.push(path);
        }
    }
    found.unreadable = walked
        .skipped
        .into_iter()
        .filter(|e| {
            e.path.is_dir()
                || is_annotation_file(&e.path)
                || is_article(&e.path)
                || e.path.file_name().is_some_and(|n| n == SCHEMA_FILE_NAME)
        })
        .collect();
    found
}

/// A source file read from disk.
#[derive(Clone, Debug)]
pub struct LoadedSource {
    pub article: Article,
    pub sha256: String,
}

/// Reads and decodes an article; the error names the file and the byte position.
pub fn read_source(path: &Path) -> Result<LoadedSource, FileError> {
    let bytes = crate::bounded_read::read(path, crate::bounded_read::MAX_ARTICLE_BYTES)?;
    let article = Article::from_bytes(&bytes).map_err(|e| FileError::new(path, e.to_string()))?;
    Ok(LoadedSource {
        article,
        sha256: sha256_hex(&bytes),
    })
}

/// An article with its annotation set, ready to work on.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub source_path: PathBuf,
    pub annotation_path: PathBuf,
    pub article: Article,
    pub set: AnnotationSet,
    pub schema: Schema,
    pub report: ReanchorReport,
    /// SHA-256 of the annotation file's bytes as loaded; `None` when it did not exist yet.
    pub file_sha256: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename = "AnnotationSet")]
struct FormatProbe {
    format: u32,
}

/// Parses an annotation file's text (no checks against the source); a format 1 gold set is
/// read as format 2 holds it ([`migrate`]).
pub fn parse_set(path: &Path, text: &str) -> Result<AnnotationSet, FileError> {
    let mut set = parse_set_as_written(path, text)?;
    migrate(&mut set);
    Ok(set)
}

/// Reads a format 1 set as format 2 holds it. Format 1 gold sets recorded where a span came
/// from in its note, `from: alice, bob` followed by ` | ` and the annotator's own note if it
/// had one (`(unnamed)` for the set without a name); format 2 has a field of its own,
/// [`crate::model::Annotation::annotators`]. In a gold set of format 1, each such note is
/// moved there and the annotator's note alone stays. A note that only looks like provenance
/// (a name that is not an annotator's name) is left as it is. Sets of other annotators, and
/// sets of format 2, are not touched. The set is written in format 2 when it is next saved.
pub fn migrate(set: &mut AnnotationSet) {
    if set.format != 1 || set.annotator.as_deref() != Some(crate::annotator::GOLD) {
        return;
    }
    for a in set.annotations.iter_mut().chain(set.orphans.iter_mut()) {
        if !a.annotators.is_empty() {
            continue;
        }
        let Some(rest) = a
            .note
            .as_deref()
            .and_then(|n| n.strip_prefix(crate::annotator::FROM_PREFIX))
        else {
            continue;
        };
        let (names, own) = match rest.split_once(" | ") {
            Some((names, own)) => (names, Some(own.to_owned())),
            None => (rest, None),
        };
        let names: Vec<String> = names
            .split(", ")
            .map(|n| if n == "(unnamed)" { "" } else { n })
            .map(str::to_owned)
            .collect();
        if names.iter().any(|n| !n.is_empty() && !is_valid_name(n)) {
            continue;
        }
        a.annotators = names;
        a.note = own;
    }
}

/// [`parse_set`] without the migration: the set as its file says.
fn parse_set_as_written(path: &Path, text: &str) -> Result<AnnotationSet, FileError> {
    if text.trim().is_empty() {
        return Err(FileError::new(path, "the file is empty"));
    }
    // A file that parses is checked for its format number; one that does not is probed for
    // it, so that a newer file is refused for what it is rather than for the fields this
    // version does not know. (Parsing once in the common case: RON parsing is most of the
    // time of loading a set.)
    let newer = |format: u32| {
        FileError::new(
            path,
            format!(
                "written by a newer version of press-annotate (format {format}); this version reads formats 1 to {FORMAT_VERSION}"
            ),
        )
    };
    // Most files are in the canonical layout, which parses line by line in parallel.
    if let Some(set) = crate::canonical::parse_canonical(text) {
        return if set.format > FORMAT_VERSION {
            Err(newer(set.format))
        } else {
            Ok(set)
        };
    }
    match ron_options().from_str::<AnnotationSet>(text) {
        Ok(set) if set.format > FORMAT_VERSION => Err(newer(set.format)),
        Ok(set) => Ok(set),
        Err(full) => match ron_options().from_str::<FormatProbe>(text) {
            Ok(probe) if probe.format > FORMAT_VERSION => Err(newer(probe.format)),
            Err(err) if err.code == ron::Error::ExceededRecursionLimit => {
                Err(ron_error(path, &err))
            }
            _ => Err(ron_error(path, &full)),
        },
    }
}

/// Loads the annotation file `annotation_file` (its article is found from its name).
pub fn load_annotation_file(annotation_file: &Path) -> Result<Loaded, FileErrors> {
    let Some((source, annotator)) = source_of(annotation_file) else {
        return Err(FileError::new(
            annotation_file,
            "not an annotation file name (expected ARTICLE.txt[.ANNOTATOR].annotations.ron)",
        )
        .into());
    };
    load_inner(&source, annotator.as_deref(), annotation_file)
}

/// Loads the set of `source` for `annotator`, or starts an empty one if none is saved yet.
pub fn load(source: &Path, annotator: Option<&str>) -> Result<Loaded, FileErrors> {
    if let Some(name) = annotator
        && !is_valid_name(name)
    {
        return Err(FileError::new(
            source,
            format!("annotator \"{name}\" must be 1-32 characters of a-z 0-9 _ -"),
        )
        .into());
    }
    load_inner(source, annotator, &annotation_path(source, annotator))
}

fn load_inner(
    source: &Path,
    annotator: Option<&str>,
    annotation_file: &Path,
) -> Result<Loaded, FileErrors> {
    let source_name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The article and the annotation file are read and hashed side by side.
    let (source_read, file_read) = rayon::join(
        || read_source(source),
        || {
            crate::bounded_read::read_io(annotation_file, crate::bounded_read::MAX_DATA_BYTES).map(
                |bytes| {
                    let sha256 = sha256_hex(&bytes);
                    (bytes, sha256)
                },
            )
        },
    );
    let LoadedSource { article, sha256 } = match source_read {
        Ok(loaded) => loaded,
        Err(_) if !source.exists() && annotation_file.exists() => {
            return Err(FileError::new(
                annotation_file,
                format!("its source {} is missing", source.display()),
            )
            .into());
        }
        Err(err) => return Err(err.into()),
    };
    let schema = Schema::for_article(source).map_err(FileErrors)?;
    let file_bytes = match file_read {
        Ok(read) => Some(read),
        Err(e) if e.is_not_found() => None,
        Err(e) => return Err(e.into_file_error(annotation_file).into()),
    };
    let Some((file_bytes, file_sha256)) = file_bytes else {
        let set = AnnotationSet::new(
            Source {
                file: source_name,
                sha256,
                chars: article.len_chars(),
            },
            annotator.map(str::to_owned),
        );
        return Ok(Loaded {
            source_path: source.to_owned(),
            annotation_path: annotation_file.to_owned(),
            article,
            set,
            schema,
            report: ReanchorReport::default(),
            file_sha256: None,
        });
    };
    let LoadedSet { set, report } = check_set(
        source,
        annotator,
        annotation_file,
        &file_bytes,
        &LoadedSourceRef {
            article: &article,
            sha256: &sha256,
        },
        &schema,
    )?;
    Ok(Loaded {
        source_path: source.to_owned(),
        annotation_path: annotation_file.to_owned(),
        article,
        set,
        schema,
        report,
        file_sha256: Some(file_sha256),
    })
}

/// A set loaded against an article read once for several sets ([`load_set_of`]).
#[derive(Clone, Debug)]
pub struct LoadedSet {
    pub set: AnnotationSet,
    pub report: ReanchorReport,
}

/// An article already read, borrowed.
struct LoadedSourceRef<'a> {
    article: &'a Article,
    sha256: &'a str,
}

/// Loads the set in `annotation_file` (of `source`, for `annotator`) against its article
/// and schema already read: for reading several annotators' sets of one article with one
/// read of the article. The same checks and re-anchoring as [`load`], the same errors.
pub fn load_set_of(
    source: &Path,
    annotator: Option<&str>,
    annotation_file: &Path,
    read: &LoadedSource,
    schema: &Schema,
) -> Result<LoadedSet, FileErrors> {
    let bytes = crate::bounded_read::read(annotation_file, crate::bounded_read::MAX_DATA_BYTES)?;
    check_set(
        source,
        annotator,
        annotation_file,
        &bytes,
        &LoadedSourceRef {
            article: &read.article,
            sha256: &read.sha256,
        },
        schema,
    )
}

/// Parses, checks and re-anchors the bytes of `annotation_file` (of `source`, for
/// `annotator`) against an article already read (`sha256`: its SHA-256) and its schema: the
/// same checks and errors as [`load`], for a file read by the caller (a writer checking what is
/// on disk under its lock, [`crate::lock`]).
pub fn check_set_bytes(
    source: &Path,
    annotator: Option<&str>,
    annotation_file: &Path,
    file_bytes: &[u8],
    article: &Article,
    sha256: &str,
    schema: &Schema,
) -> Result<LoadedSet, FileErrors> {
    check_set(
        source,
        annotator,
        annotation_file,
        file_bytes,
        &LoadedSourceRef { article, sha256 },
        schema,
    )
}

/// Parses, validates and re-anchors an annotation file's bytes against its article.
fn check_set(
    source: &Path,
    annotator: Option<&str>,
    annotation_file: &Path,
    file_bytes: &[u8],
    read: &LoadedSourceRef<'_>,
    schema: &Schema,
) -> Result<LoadedSet, FileErrors> {
    let source_name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = match std::str::from_utf8(file_bytes) {
        Ok(text) => text,
        Err(e) => {
            return Err(FileError::new(
                annotation_file,
                format!("not valid UTF-8 at byte {}", e.valid_up_to()),
            )
            .into());
        }
    };
    let mut set = parse_set(annotation_file, text)?;
    let problems = validate::problems(
        &set,
        &Context {
            path: annotation_file,
            file_text: text,
            article: read.article,
            sha256: read.sha256,
            schema,
            expected_source: &source_name,
            expected_annotator: annotator,
        },
    );
    if !problems.is_empty() {
        return Err(FileErrors(problems));
    }
    set.sort();
    let report = reanchor(&mut set, read.article, read.sha256);
    Ok(LoadedSet { set, report })
}

pub use crate::atomic::write_atomically;

/// Saves a set in canonical form, atomically. Returns the SHA-256 of the bytes written.
pub fn save(path: &Path, set: &AnnotationSet) -> Result<String, FileError> {
    let text = to_canonical_ron(set);
    write_atomically(path, text.as_bytes())?;
    Ok(sha256_hex(text.as_bytes()))
}

/// Saves a set only if the file on disk is still what was loaded (`expected`: the SHA-256 of
/// its bytes, or `None` if it did not exist), so that a file changed or created by someone
/// else meanwhile is never overwritten.
pub fn save_checked(
    path: &Path,
    set: &AnnotationSet,
    expected: Option<&str>,
) -> Result<String, FileError> {
    let on_disk = match crate::bounded_read::read_io(path, crate::bounded_read::MAX_DATA_BYTES) {
        Ok(bytes) => Some(sha256_hex(&bytes)),
        Err(e) if e.is_not_found() => None,
        Err(e) => return Err(e.into_file_error(path)),
    };
    if on_disk.as_deref() != expected {
        return Err(FileError::new(
            path,
            "the file changed on disk since it was opened; not overwriting it (use Save As)",
        ));
    }
    save(path, set)
}
