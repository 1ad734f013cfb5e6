//! Turning the paths given on a command line (articles, annotation files, folders) into the
//! list of article + annotation-file pairs to work on, each with an id relative to its input.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::FileError;
use crate::store::{self, annotation_files_of, is_annotation_file, is_article, source_of};

/// One article, with one of its annotation files (or none).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub source: PathBuf,
    /// The annotation file, if the article has one (for this annotator).
    pub annotation_file: Option<PathBuf>,
    pub annotator: Option<String>,
    /// The source's path relative to the folder it was found in, without extension (for a
    /// file given directly: its file name without extension).
    pub id: String,
}

/// What [`collect`] found: entries, schema files met in folders, and inputs that were not
/// usable (missing paths, files that are neither articles nor annotation files).
#[derive(Debug, Default)]
pub struct Collected {
    pub entries: Vec<Entry>,
    pub schemas: Vec<PathBuf>,
    pub missing: Vec<FileError>,
}

fn id_for(source: &Path, root: &Path) -> String {
    let relative = source.strip_prefix(root).unwrap_or(source);
    let relative = relative.with_extension("");
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn file_id(source: &Path) -> String {
    source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The entries for an article: one per annotation file beside it (only `annotator`'s when
/// given), or a single entry without one.
fn entries_of_article(source: &Path, id: String, annotator: Option<&str>) -> Vec<Entry> {
    entries_with_files(source, id, annotator, annotation_files_of(source))
}

/// The entries for an article whose annotation files are known already.
fn entries_with_files(
    source: &Path,
    id: String,
    annotator: Option<&str>,
    files: Vec<(PathBuf, Option<String>)>,
) -> Vec<Entry> {
    let files: Vec<_> = files
        .into_iter()
        .filter(|(_, who)| annotator.is_none() || who.as_deref() == annotator)
        .collect();
    if files.is_empty() {
        return vec![Entry {
            source: source.to_owned(),
            annotation_file: None,
            annotator: annotator.map(str::to_owned),
            id,
        }];
    }
    files
        .into_iter()
        .map(|(file, who)| Entry {
            source: source.to_owned(),
            annotation_file: Some(file),
            annotator: who,
            id: id.clone(),
        })
        .collect()
}

/// Collects the entries for command-line inputs. `annotator` keeps only that annotator's
/// sets.
pub fn collect(inputs: &[PathBuf], annotator: Option<&str>) -> Collected {
    let mut out = Collected::default();
    let mut entries = BTreeSet::new();
    for input in inputs {
        if input.is_dir() {
            let found = store::discover(input);
            let articles: BTreeSet<&PathBuf> = found.articles.iter().collect();
            // The sets of each article, from the files found (not one folder read per article,
            // which grows with the square of the folder's size).
            let mut files_of: BTreeMap<PathBuf, Vec<(PathBuf, Option<String>)>> = BTreeMap::new();
            for file in &found.annotation_files {
                if let Some((source, who)) = source_of(file) {
                    files_of
                        .entry(source)
                        .or_default()
                        .push((file.clone(), who));
                }
            }
            for source in &found.articles {
                let files = files_of.remove(source).unwrap_or_default();
                entries.extend(entries_with_files(
                    source,
                    id_for(source, input),
                    annotator,
                    files,
                ));
            }
            for file in &found.annotation_files {
                match source_of(file) {
                    Some((source, who)) if !articles.contains(&source) => {
                        if annotator.is_none() || who.as_deref() == annotator {
                            entries.insert(Entry {
                                id: id_for(&source, input),
                                source,
                                annotation_file: Some(file.clone()),
                                annotator: who,
                            });
                        }
                    }
                    Some(_) => {}
                    None => out.missing.push(FileError::new(
                        file,
                        "not an annotation file name (expected ARTICLE.txt[.ANNOTATOR].annotations.ron)",
                    )),
                }
            }
            out.schemas.extend(found.schemas);
            out.missing.extend(found.unreadable);
        } else if !input.exists() {
            out.missing
                .push(FileError::new(input, "no such file or folder"));
        } else if is_annotation_file(input) {
            match source_of(input) {
                Some((source, who)) => {
                    entries.insert(Entry {
                        id: file_id(&source),
                        source,
                        annotation_file: Some(input.clone()),
                        annotator: who,
                    });
                }
                None => out.missing.push(FileError::new(
                    input,
                    "not an annotation file name (expected ARTICLE.txt[.ANNOTATOR].annotations.ron)",
                )),
            }
        } else if input
            .file_name()
            .is_some_and(|n| n == crate::schema::SCHEMA_FILE_NAME)
        {
            out.schemas.push(input.clone());
        } else if is_article(input) {
            entries.extend(entries_of_article(input, file_id(input), annotator));
        } else {
            out.missing.push(FileError::new(
                input,
                "not an article (.txt, .md), an annotation file (.annotations.ron) or a folder",
            ));
        }
    }
    // FIFOs, devices and sockets named like articles or sets are named and left out: never
    // opened (a FIFO would block, /dev/zero would never end); so are names that are not UTF-8.
    let mut named = BTreeSet::new();
    out.entries = entries
        .into_iter()
        .filter(|entry| {
            let files = std::iter::once(&entry.source).chain(entry.annotation_file.as_ref());
            let mut regular = true;
            for file in files {
                // Every command refuses a name that is not UTF-8 alike (formats and sets
                // name articles in UTF-8), showing it escaped.
                let why = if file.to_str().is_none() {
                    Some(format!(
                        "the name {:?} is not valid UTF-8: left out (rename it)",
                        file.as_os_str()
                    ))
                } else {
                    crate::bounded_read::not_regular(file)
                };
                if let Some(why) = why {
                    regular = false;
                    if named.insert(file.clone()) {
                        out.missing.push(FileError::new(file, why));
                    }
                }
            }
            regular
        })
        .collect();
    out
}

impl Entry {
    /// Loads the article and its set (an empty one when it has none), re-anchored if the
    /// article changed.
    pub fn load(&self) -> Result<store::Loaded, crate::error::FileErrors> {
        match &self.annotation_file {
            Some(file) => store::load_annotation_file(file),
            None => store::load(&self.source, self.annotator.as_deref()),
        }
    }
}
