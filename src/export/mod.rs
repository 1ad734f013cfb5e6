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

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use unicode_segmentation::UnicodeSegmentation;

use crate::corpus::{self, Entry};
use crate::error::FileError;
pub use crate::formats::Format;
use crate::formats::{brat, conll, csv, doccano, jsonl, label_studio};
use crate::model::{Annotation, AnnotationSet, Relation, Status};
use crate::schema::Schema;
use crate::text::Article;

/// Which spans become CoNLL tags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Layer {
    /// `entity` spans, tagged by type: PER, ORG, LOC, MISC.
    #[default]
    Entity,
    /// `quote` spans, tagged QUOTE.
    Quote,
    /// `claim` spans, tagged CLAIM.
    Claim,
}

impl Layer {
    /// The schema label whose spans this layer tags.
    pub fn label(self) -> &'static str {
        match self {
            Layer::Entity => "entity",
            Layer::Quote => "quote",
            Layer::Claim => "claim",
        }
    }
}

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

/// What an export did: counts, and everything left out and why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub format: Format,
    /// Articles (annotation sets) written.
    pub articles: usize,
    /// Annotations written.
    pub annotations: usize,
    /// Relations written.
    pub relations: usize,
    /// Inputs or sets that could not be read, each with its error; each counts as a problem.
    pub failed: Vec<FileError>,
    /// Sets left out on purpose, each with its file and the reason (not problems).
    pub skipped: Vec<(PathBuf, String)>,
    /// Articles in folders that have no annotation set (left out).
    pub without_set: usize,
    /// Sets left out by `--only-done`.
    pub not_done: usize,
    /// Sets whose source had changed and that were re-anchored in memory.
    pub reanchored: usize,
    /// Annotations moved by re-anchoring.
    pub moved: usize,
    /// Orphans left out.
    pub orphans: usize,
    /// Relations left out because one of their ends is an orphan.
    pub orphan_relations: usize,
    /// What the format could not hold, and how often (for example "overlapping spans dropped
    /// (the outermost is kept)" for CoNLL).
    pub dropped: BTreeMap<String, usize>,
}

impl Summary {
    /// Records something the format could not hold.
    pub fn drop(&mut self, what: &str, count: usize) {
        if count > 0 {
            *self.dropped.entry(what.to_owned()).or_insert(0) += count;
        }
    }

    /// How many problems (unreadable inputs and sets): the command exits 1 when there are any.
    pub fn problems(&self) -> usize {
        self.failed.len()
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

impl fmt::Display for Summary {
    /// The summary printed on standard error: counts, then what was left out and why.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "exported {}, {} and {} as {}",
            plural(self.articles, "article"),
            plural(self.annotations, "annotation"),
            plural(self.relations, "relation"),
            self.format.name()
        )?;
        if self.reanchored > 0 {
            writeln!(
                f,
                "re-anchored {} whose source changed ({} moved)",
                plural(self.reanchored, "set"),
                plural(self.moved, "annotation")
            )?;
        }
        let mut left_out = Vec::new();
        if self.without_set > 0 {
            left_out.push(format!(
                "{} without an annotation set",
                plural(self.without_set, "article")
            ));
        }
        if self.not_done > 0 {
            left_out.push(format!("{} not marked Done", plural(self.not_done, "set")));
        }
        if self.orphans > 0 {
            left_out.push(format!(
                "{} (no longer found in the changed source)",
                plural(self.orphans, "orphan")
            ));
        }
        if self.orphan_relations > 0 {
            left_out.push(format!(
                "{} to orphans",
                plural(self.orphan_relations, "relation")
            ));
        }
        for (what, count) in &self.dropped {
            left_out.push(format!("{count} {what}"));
        }
        if !left_out.is_empty() {
            writeln!(f, "left out: {}", left_out.join("; "))?;
        }
        for (path, why) in &self.skipped {
            writeln!(f, "skipped {}: {why}", path.display())?;
        }
        for err in &self.failed {
            writeln!(f, "skipped {err}")?;
        }
        if !self.failed.is_empty() {
            writeln!(
                f,
                "{} could not be read",
                plural(self.failed.len(), "input")
            )?;
        }
        Ok(())
    }
}

/// One article ready to be written: what every format writer gets.
pub struct Doc<'a> {
    /// The path relative to the input folder, without extension (`world/kerry-lavrov`).
    pub id: &'a str,
    /// The path relative to the input folder, with extension (`world/kerry-lavrov.txt`).
    pub source: &'a str,
    pub article: &'a Article,
    pub schema: &'a Schema,
    pub annotator: Option<&'a str>,
    pub status: Status,
    /// The spans in the text, sorted by `(start, end, id)` (orphans left out).
    pub spans: &'a [Annotation],
    /// The relations between spans in the text.
    pub relations: Vec<&'a Relation>,
    /// Where the article came from, if it was ingested (its `.source.ron` sidecar).
    pub provenance: Option<crate::ingest::Provenance>,
}

impl<'a> Doc<'a> {
    /// A document of a set (used by [`run`], tests and the window).
    pub fn new(
        id: &'a str,
        source: &'a str,
        article: &'a Article,
        schema: &'a Schema,
        set: &'a AnnotationSet,
    ) -> Self {
        let in_text: std::collections::HashSet<u64> = if set.relations.is_empty() {
            Default::default()
        } else {
            set.annotations.iter().map(|a| a.id).collect()
        };
        let relations = set
            .relations
            .iter()
            .filter(|r| in_text.contains(&r.from) && in_text.contains(&r.to))
            .collect();
        Doc {
            id,
            source,
            article,
            schema,
            annotator: set.annotator.as_deref(),
            status: set.status,
            spans: &set.annotations,
            relations,
            provenance: None,
        }
    }

    /// The provenance as flat JSON fields (`url`, `title`, `byline`, `published`, `site`,
    /// `language`, `ingested_at`, `sha256`; unknown ones left out): `meta` in jsonl, `data`
    /// keys in Label Studio, extra keys in doccano.
    pub fn provenance_fields(&self) -> std::collections::BTreeMap<String, serde_json::Value> {
        let mut fields = std::collections::BTreeMap::new();
        let Some(p) = &self.provenance else {
            return fields;
        };
        for (key, value) in [
            ("url", &p.url),
            ("title", &p.title),
            ("byline", &p.byline),
            ("published", &p.published),
            ("site", &p.site),
            ("language", &p.language),
        ] {
            if let Some(value) = value {
                fields.insert(key.to_string(), serde_json::Value::String(value.clone()));
            }
        }
        fields.insert("ingested_at".into(), p.ingested_at.clone().into());
        fields.insert("sha256".into(), p.sha256.clone().into());
        fields
    }
}

/// A writer of a format that streams into one file.
pub(crate) trait StreamWriter {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    fn document(
        &mut self,
        out: &mut dyn Write,
        doc: &Doc<'_>,
        summary: &mut Summary,
    ) -> io::Result<()>;
    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
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

pub(crate) fn parent_or_dot(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    }
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
    if options.format == Format::Brat {
        let Output::Path(folder) = output else {
            return Err(ExportError::Usage(
                "brat writes a folder: give it with --out".into(),
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
                    "{} is a folder; --out names a file for {}",
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

/// A token: a Unicode word segment (UAX #29) that is not white space. Offsets in chars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Whether white space follows the token.
    pub ws: bool,
}

/// The tokens of an article, in order.
pub fn tokens(article: &Article) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut at = 0usize;
    for segment in article.text().split_word_bounds() {
        let len = segment.chars().count();
        if segment.chars().all(char::is_whitespace) {
            if let Some(last) = out.last_mut()
                && last.end == at
            {
                last.ws = true;
            }
        } else {
            out.push(Token {
                start: at,
                end: at + len,
                ws: false,
            });
        }
        at += len;
    }
    out
}

/// The sentences of an article (UAX #29 sentence boundaries; a line break always ends one),
/// as char ranges.
pub fn sentences(article: &Article) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0usize;
    for sentence in article.text().split_sentence_bounds() {
        let len = sentence.chars().count();
        out.push(at..at + len);
        at += len;
    }
    out
}

/// The tokens a char range overlaps, as an inclusive index range, or `None` when it overlaps
/// none (white space only).
pub fn token_span(tokens: &[Token], range: Range<usize>) -> Option<(usize, usize)> {
    let first = tokens.partition_point(|t| t.end <= range.start);
    let last = tokens.partition_point(|t| t.start < range.end);
    (first < last).then(|| (first, last - 1))
}

/// The attributes a flat format still has to carry besides the flat label (the entity type
/// is in the label already).
pub(crate) fn extra_attributes(
    span: &Annotation,
) -> (String, impl Iterator<Item = (&String, &String)>) {
    let (flat, consumed) = crate::labels::flat_label(&span.label, &span.attributes);
    let rest = span
        .attributes
        .iter()
        .filter(move |(name, _)| Some(name.as_str()) != consumed);
    (flat, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_skip_white_space_and_note_it() {
        let article =
            Article::new("Flags 🇺🇦 and 👨\u{200d}👩\u{200d}👧, cafe\u{301}.\r\n東京".into());
        let tokens = tokens(&article);
        let texts: Vec<&str> = tokens
            .iter()
            .map(|t| article.slice(t.start..t.end))
            .collect();
        assert_eq!(
            texts,
            [
                "Flags",
                "🇺🇦",
                "and",
                "👨\u{200d}👩\u{200d}👧",
                ",",
                "cafe\u{301}",
                ".",
                "東",
                "京"
            ]
        );
        assert!(tokens[0].ws && !tokens[3].ws && tokens[4].ws && tokens[6].ws);
        assert_eq!(token_span(&tokens, 6..8), Some((1, 1)));
        assert_eq!(token_span(&tokens, 5..6), None);
    }

    #[test]
    fn sentences_end_at_line_breaks() {
        let article = Article::new("One two. Three\r\nFour".into());
        let sentences: Vec<&str> = sentences(&article)
            .into_iter()
            .map(|r| article.slice(r))
            .collect();
        assert_eq!(sentences, ["One two. ", "Three\r\n", "Four"]);
    }
}
