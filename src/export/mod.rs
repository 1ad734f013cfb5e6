//! Export: annotation sets out to the formats that training and evaluation tools read. Each
//! format's writer lives with its reader in [`crate::formats`]; this is the orchestration.
//!
//! [`run`] is the one entry point, for the command line and the window alike: it turns the
//! inputs (articles, annotation files, folders) into entries, then loads, re-anchors and
//! writes one article at a time, so memory stays flat however many articles there are. It
//! calls `progress(done, total)` after each article, so the window can run it on a
//! background thread behind a progress bar.
//!
//! Nothing is ever written at a wrong offset: every span is taken from a set that loaded and
//! validated against its source (re-anchored in memory when the source changed); orphans,
//! and relations that touch them, are left out and counted. A file output is written to a
//! temporary file beside it and renamed into place at the end, and a brat folder is built in
//! a temporary folder first, so a failed export leaves no partial output.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::corpus::{self, Entry};
use crate::error::FileError;
pub use crate::formats::Format;
pub use crate::formats::tokens::{Token, sentences, token_span, tokens};
pub(crate) use crate::formats::writing::StreamWriter;
use crate::formats::writing::parent_or_dot;
pub use crate::formats::writing::{Doc, Layer, Summary};
use crate::formats::{brat, conll, csv, doccano, jsonl, label_studio};
use crate::model::Status;

/// What to export and how.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: Format,
    /// Only this annotator's sets (`None`: every set).
    pub annotator: Option<String>,
    /// Only sets whose status is `Done`.
    pub only_done: bool,
    /// jsonl only: add Prodigy-style `tokens` and `token_start` / `token_end` on spans.
    pub tokens: bool,
    /// conll only: which spans become tags.
    pub layer: Layer,
}

/// Where an export goes.
pub enum Output<'a> {
    /// A file (a folder for brat). Written in full or not at all.
    Path(PathBuf),
    /// A stream, such as standard output (not for brat, which writes a folder).
    Writer(&'a mut dyn Write),
}

/// Why an export did not happen (nothing was written).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// None of the inputs could be used.
    #[error("{}", crate::error::FileErrors(.0.clone()))]
    NoInput(Vec<FileError>),
    /// The options do not fit together (for example brat to standard output).
    #[error("{0}")]
    Usage(String),
    /// Writing the output failed.
    #[error(transparent)]
    Write(#[from] FileError),
}

fn stream_writer(options: &ExportOptions, entries: &[Entry]) -> Box<dyn StreamWriter> {
    match options.format {
        Format::Jsonl => Box::new(jsonl::Writer {
            tokens: options.tokens,
        }),
        Format::Doccano => Box::new(doccano::Writer),
        Format::LabelStudio => Box::new(label_studio::Writer::default()),
        Format::Conll => Box::new(conll::Writer {
            layer: options.layer,
        }),
        Format::Csv => Box::new(csv::Writer::new(csv::attribute_columns(entries))),
        // brat writes a folder, not a stream; `run` never asks for it here.
        Format::Brat => Box::new(jsonl::Writer { tokens: false }),
    }
}

/// The destination of a streamed export: a temporary file renamed over `path` at the end, or
/// a caller's stream.
enum Stream<'a> {
    File {
        path: PathBuf,
        writer: BufWriter<tempfile::NamedTempFile>,
    },
    Writer(BufWriter<&'a mut dyn Write>),
}

impl Stream<'_> {
    fn name(&self) -> PathBuf {
        match self {
            Stream::File { path, .. } => path.clone(),
            Stream::Writer(_) => PathBuf::from("<output>"),
        }
    }

    fn out(&mut self) -> &mut dyn Write {
        match self {
            Stream::File { writer, .. } => writer,
            Stream::Writer(writer) => writer,
        }
    }

    fn finish(self) -> Result<(), FileError> {
        match self {
            Stream::File { path, writer } => {
                let io = |e: io::Error| FileError::new(&path, format!("cannot write: {e}"));
                let temp = writer.into_inner().map_err(|e| io(e.into_error()))?;
                crate::atomic::persist(temp, &path)
            }
            Stream::Writer(mut writer) => writer
                .flush()
                .map_err(|e| FileError::new(Path::new("<output>"), format!("cannot write: {e}"))),
        }
    }
}

/// `path` with links resolved, also when it does not exist yet: its nearest existing
/// ancestor resolved, the rest appended.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut rest = Vec::new();
    let mut at = absolute.as_path();
    loop {
        if let Ok(real) = at.canonicalize() {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                at = parent;
            }
            _ => return absolute,
        }
    }
}

/// Export never writes over the corpus: an output that is an input folder, an article or a
/// set it reads (or inside one), or a file named like an article, set or schema inside an
/// input folder, is refused (links resolved). A brat folder output replaces the folder, so
/// one that holds an input is refused too, and so is one inside an input folder.
fn refuse_output_in_corpus(
    out: &Path,
    inputs: &[PathBuf],
    entries: &[Entry],
    replaces_folder: bool,
) -> Result<(), ExportError> {
    let target = resolved(out);
    let refuse = |what: &str, path: &Path| {
        Err(ExportError::Usage(format!(
            "the output {} is {what} {}; export never writes into the corpus it reads (choose an output outside it)",
            out.display(),
            path.display()
        )))
    };
    for input in inputs.iter().filter(|p| p.is_dir()) {
        let folder = resolved(input);
        if target == folder {
            return refuse("the input folder", input);
        }
        let corpus_name = crate::store::is_article(&target)
            || crate::store::is_annotation_file(&target)
            || target
                .file_name()
                .is_some_and(|n| n == crate::schema::SCHEMA_FILE_NAME);
        if !replaces_folder && corpus_name && target.starts_with(&folder) {
            return refuse(
                "an article, set or schema file name inside the input folder",
                input,
            );
        }
        if replaces_folder && folder.starts_with(&target) {
            return refuse("a folder holding the input folder", input);
        }
        // A brat folder holds .txt files: inside an input folder they become its articles.
        if replaces_folder && target.starts_with(&folder) {
            return refuse(
                "a brat folder (its .txt files would become articles) inside the input folder",
                input,
            );
        }
    }
    for entry in entries {
        for file in std::iter::once(&entry.source).chain(entry.annotation_file.as_ref()) {
            let real = resolved(file);
            if target == real || target.starts_with(&real) {
                return refuse("the input", file);
            }
            if replaces_folder && real.starts_with(&target) {
                return refuse("a folder holding the input", file);
            }
        }
    }
    Ok(())
}

/// The entries to export, with the inputs that were not usable reported as failures and
/// articles without a set (found in folders) counted and left out. An article named directly
/// is exported even without a set (with no annotations).
fn entries(options: &ExportOptions, inputs: &[PathBuf], summary: &mut Summary) -> Vec<Entry> {
    let collected = corpus::collect(inputs, options.annotator.as_deref());
    summary.failed.extend(collected.missing);
    let mut out = Vec::with_capacity(collected.entries.len());
    for entry in collected.entries {
        if entry.annotation_file.is_none() && !inputs.contains(&entry.source) {
            summary.without_set += 1;
        } else {
            out.push(entry);
        }
    }
    out
}

/// The path relative to the input with its extension, from the entry's id.
fn source_name(entry: &Entry) -> String {
    match entry.source.extension() {
        Some(ext) => format!("{}.{}", entry.id, ext.to_string_lossy()),
        None => entry.id.clone(),
    }
}

/// Exports the articles and sets named by `inputs` (articles, annotation files, folders
/// searched recursively) to `output`, calling `progress(done, total)` after each article.
///
/// Sets that cannot be read are left out and reported in the summary (see
/// [`Summary::problems`]); the rest is exported. Errors writing the output abort the export
/// and leave no partial output behind.
pub fn run(
    options: &ExportOptions,
    inputs: &[PathBuf],
    output: Output<'_>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Summary, ExportError> {
    let mut summary = Summary {
        format: options.format,
        ..Summary::default()
    };
    if options.tokens && options.format != Format::Jsonl {
        return Err(ExportError::Usage(
            "--tokens applies to the jsonl format only".into(),
        ));
    }
    let entries = entries(options, inputs, &mut summary);
    if entries.is_empty() && !summary.failed.is_empty() {
        return Err(ExportError::NoInput(summary.failed));
    }
    if let Output::Path(out) = &output {
        refuse_output_in_corpus(out, inputs, &entries, options.format == Format::Brat)?;
    }
    if options.format == Format::Brat {
        let Output::Path(folder) = output else {
            return Err(ExportError::Usage(
                "brat writes a folder: name the output folder (--out on the command line)".into(),
            ));
        };
        let mut writer = brat::Writer::new(&folder)?;
        each_document(
            options,
            &entries,
            &mut summary,
            progress,
            &mut |doc, summary| writer.document(doc, summary),
        )?;
        writer.finish()?;
        return Ok(summary);
    }
    let mut stream = match output {
        Output::Path(path) => {
            if path.is_dir() {
                return Err(ExportError::Usage(format!(
                    "the output {} is a folder; {} writes one file: name a file",
                    path.display(),
                    options.format.name()
                )));
            }
            let temp = crate::atomic::temp_file_in(&parent_or_dot(&path))
                .map_err(|e| FileError::new(&path, format!("cannot write: {e}")))?;
            Stream::File {
                path,
                writer: BufWriter::with_capacity(1 << 16, temp),
            }
        }
        Output::Writer(writer) => Stream::Writer(BufWriter::with_capacity(1 << 16, writer)),
    };
    let name = stream.name();
    let io = |e: io::Error| FileError::new(&name, format!("cannot write: {e}"));
    let mut writer = stream_writer(options, &entries);
    writer.begin(stream.out()).map_err(io)?;
    each_document(
        options,
        &entries,
        &mut summary,
        progress,
        &mut |doc, summary| {
            writer.document(stream.out(), doc, summary).map_err(io)?;
            Ok(true)
        },
    )?;
    writer.end(stream.out()).map_err(io)?;
    stream.finish()?;
    Ok(summary)
}

/// Loads each entry in turn and hands its document to `write`; counts what is left out.
fn each_document(
    options: &ExportOptions,
    entries: &[Entry],
    summary: &mut Summary,
    progress: &mut dyn FnMut(usize, usize),
    write: &mut dyn FnMut(&Doc<'_>, &mut Summary) -> Result<bool, FileError>,
) -> Result<(), FileError> {
    let total = entries.len();
    progress(0, total);
    for (done, entry) in entries.iter().enumerate() {
        match entry.load() {
            Err(errors) => summary.failed.extend(errors.0),
            Ok(loaded) if options.only_done && loaded.set.status != Status::Done => {
                summary.not_done += 1;
            }
            Ok(loaded) => {
                if loaded.report.source_changed {
                    summary.reanchored += 1;
                    summary.moved += loaded.report.moved.len();
                }
                let source = source_name(entry);
                let mut doc = Doc::new(
                    &entry.id,
                    &source,
                    &loaded.article,
                    &loaded.schema,
                    &loaded.set,
                );
                // A broken sidecar only loses the provenance, never the export.
                doc.provenance = crate::ingest::provenance::load(&entry.source)
                    .ok()
                    .flatten();
                summary.orphans += loaded.set.orphans.len();
                summary.orphan_relations += loaded.set.relations.len() - doc.relations.len();
                // A writer may leave a document out (brat: its name is taken); it says why.
                if write(&doc, summary)? {
                    summary.articles += 1;
                    summary.annotations += doc.spans.len();
                    summary.relations += doc.relations.len();
                }
            }
        }
        progress(done + 1, total);
    }
    Ok(())
}
