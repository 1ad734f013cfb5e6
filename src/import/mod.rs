//! Import: documents from other tools' files into articles with annotation sets beside them.
//!
//! Each format's reader (in [`crate::formats`], beside its writer) turns its inputs into
//! [`RawDoc`]s (text, spans with offsets in the format's unit, relations). [`run`] then maps
//! every label onto the schema in force in the target folder ([`crate::labels::resolve`]),
//! converts offsets to chars, checks every span against the text, builds each annotation set
//! and validates it with the same rules as `store::load`. Only when every document passed, and no file would be overwritten without
//! `force`, does it write anything: `FOLDER/<id>.txt` and its annotation set (and, with
//! `keep_unknown`, the extended schema), each file atomically.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use crate::error::FileError;
/// The name import's callers used before the one format registry: the same [`Format`].
pub use crate::formats::Format as ImportFormat;
pub use crate::formats::reading::{RawDoc, RawRelation, RawSpan, Read};
pub use crate::formats::{Format, Unit};
use crate::formats::{brat, doccano, jsonl, label_studio};
use crate::model::{Annotation, AnnotationSet, Relation, Source};
use crate::schema::{Attribute, Label, RelationLabel, SCHEMA_FILE_NAME, Schema, is_valid_name};
use crate::store;
use crate::text::Article;

/// What to import and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportOptions {
    /// One of [`Format::importable`].
    pub format: Format,
    /// The folder to write articles and sets into.
    pub into: PathBuf,
    /// Add labels, attributes and relation labels the schema does not know to a schema file
    /// written beside the articles, instead of stopping.
    pub keep_unknown: bool,
    /// Overwrite files that exist already.
    pub force: bool,
    /// The annotator of documents whose input does not name one.
    pub annotator: Option<String>,
}

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The command line does not fit (no inputs, a folder where a file is needed).
    #[error("{0}")]
    Usage(String),
    /// Problems in the inputs, or files that would be overwritten; nothing was written.
    #[error("{}", crate::error::FileErrors(.0.clone()))]
    Problems(Vec<FileError>),
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub documents: usize,
    pub annotations: usize,
    pub relations: usize,
    /// Files written, in order.
    pub written: Vec<PathBuf>,
    /// Text files left alone because they held the same text already.
    pub unchanged: Vec<PathBuf>,
    /// What `keep_unknown` added to the schema (`label "event"`, ...).
    pub added: Vec<String>,
    pub ignored: BTreeMap<String, usize>,
    /// Inputs skipped, each named.
    pub warnings: Vec<FileError>,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "imported {} document(s), {} annotation(s) and {} relation(s); wrote {} file(s)",
            self.documents,
            self.annotations,
            self.relations,
            self.written.len()
        )?;
        if !self.unchanged.is_empty() {
            writeln!(
                f,
                "{} text file(s) already held the same text and were left as they were",
                self.unchanged.len()
            )?;
        }
        if !self.added.is_empty() {
            writeln!(f, "added to the schema: {}", self.added.join(", "))?;
        }
        for (what, count) in &self.ignored {
            writeln!(f, "ignored: {count} {what}")?;
        }
        for warning in &self.warnings {
            writeln!(f, "warning: {warning}")?;
        }
        Ok(())
    }
}

/// Reads the inputs of a format: the dispatch to each format's reader.
pub fn read(format: Format, inputs: &[PathBuf]) -> Result<Read, ImportError> {
    if !format.can_import() {
        return Err(ImportError::Usage(format!(
            "{format} cannot be imported (import reads {})",
            Format::importable()
                .map(Format::name)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if inputs.is_empty() {
        return Err(ImportError::Usage("no input given".into()));
    }
    let mut read = Read::default();
    for input in inputs {
        if !input.exists() {
            return Err(ImportError::Usage(format!(
                "{}: no such file or folder",
                input.display()
            )));
        }
        match format {
            Format::Brat => brat::read(input, &mut read),
            _ if input.is_dir() => {
                return Err(ImportError::Usage(format!(
                    "{}: is a folder; give the exported file",
                    input.display()
                )));
            }
            Format::Doccano => doccano::read(input, &mut read),
            Format::Jsonl => jsonl::read(input, &mut read),
            Format::LabelStudio => label_studio::read(input, &mut read),
            Format::Conll | Format::Csv => {}
        }
    }
    // Inputs that read fine but hold nothing are a problem with the inputs (exit 1), not
    // with the command line.
    if read.docs.is_empty() && read.problems.is_empty() {
        return Err(ImportError::Problems(
            inputs
                .iter()
                .map(|input| FileError::new(input, "holds no document"))
                .collect(),
        ));
    }
    Ok(read)
}

/// Reads one input given as bytes, as [`read`] reads a file: `format` is a format's
/// command-line name (`jsonl`, `doccano`, `label-studio`, `brat`), `name` the input's file
/// name (for messages and ids). For brat, `bytes` is the `.ann` text, a NUL byte, then the
/// `.txt` text. The bytes are put in a temporary folder and read from there, so this runs
/// exactly the code an import of files runs (the fuzz targets call it).
pub fn parse_bytes(format: &str, name: &str, bytes: &[u8]) -> Result<Read, ImportError> {
    let format = format_named(format)?;
    let file_name = Path::new(name)
        .file_name()
        .filter(|n| !n.to_string_lossy().starts_with('.'))
        .ok_or_else(|| ImportError::Usage(format!("\"{name}\" is not a file name")))?;
    let dir = tempfile::tempdir()
        .map_err(|e| ImportError::Usage(format!("cannot make a temporary folder: {e}")))?;
    let io = |e: std::io::Error| ImportError::Usage(format!("cannot write {name}: {e}"));
    let input = dir.path().join(file_name);
    if format == ImportFormat::Brat {
        let (ann, txt) = match bytes.iter().position(|&b| b == 0) {
            Some(at) => (&bytes[..at], &bytes[at + 1..]),
            None => (bytes, &[][..]),
        };
        let ann_path = input.with_extension("ann");
        std::fs::write(&ann_path, ann).map_err(io)?;
        std::fs::write(input.with_extension("txt"), txt).map_err(io)?;
        return read(format, &[ann_path]);
    }
    std::fs::write(&input, bytes).map_err(io)?;
    read(format, &[input])
}

fn format_named(name: &str) -> Result<ImportFormat, ImportError> {
    ImportFormat::from_name(&name.to_ascii_lowercase())
        .filter(|f| f.can_import())
        .ok_or_else(|| ImportError::Usage(format!("unknown import format \"{name}\"")))
}

/// [`parse_bytes`] then [`plan`] into an empty folder (the default schema in force): every
/// check an import makes, and what it would write, without writing it.
pub fn plan_bytes(
    format: &str,
    name: &str,
    bytes: &[u8],
    keep_unknown: bool,
) -> Result<Plan, ImportError> {
    let read = parse_bytes(format, name, bytes)?;
    let into = tempfile::tempdir()
        .map_err(|e| ImportError::Usage(format!("cannot make a temporary folder: {e}")))?;
    let options = ImportOptions {
        format: format_named(format)?,
        into: into.path().join("into"),
        keep_unknown,
        force: false,
        annotator: None,
    };
    plan(&options, read)
}

/// Reads, checks and writes: the whole import.
pub fn run(options: &ImportOptions, inputs: &[PathBuf]) -> Result<ImportReport, ImportError> {
    let read = read(options.format, inputs)?;
    let plan = plan(options, read)?;
    write(plan)
}

/// One document ready to be written.
#[derive(Debug)]
pub struct Planned {
    /// The document's id (its path under the target folder, without `.txt`).
    pub id: String,
    pub text_path: PathBuf,
    pub annotation_path: PathBuf,
    pub text: String,
    pub set: AnnotationSet,
}

/// Everything an import will write, checked.
#[derive(Debug)]
pub struct Plan {
    pub docs: Vec<Planned>,
    /// The extended schema to write, with its path (`keep_unknown` only).
    pub schema: Option<(PathBuf, Schema)>,
    pub report: ImportReport,
    /// Every file the import writes, with the SHA-256 of its bytes when it was planned
    /// (`None`: it did not exist): re-checked under the files' locks before writing.
    pub on_disk: Vec<(PathBuf, Option<String>)>,
}

/// Whether an id is a safe relative path: `a/b/c`, no empty, `.`, `..` or hidden parts.
fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("the document id is empty".into());
    }
    if id.contains(['\\', '\0']) {
        return Err(format!("document id \"{id}\" holds a backslash or NUL"));
    }
    let path = Path::new(id);
    for part in id.split('/') {
        if part.is_empty() || part.starts_with('.') {
            return Err(format!(
                "document id \"{id}\" must be a relative path without empty, hidden, . or .. parts"
            ));
        }
    }
    if path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(format!("document id \"{id}\" must be a relative path"));
    }
    for part in id.split('/') {
        if let Some(why) = windows_refuses(part) {
            return Err(format!(
                "document id \"{id}\": \"{part}\" {why}, so the corpus would break on Windows"
            ));
        }
    }
    Ok(())
}

/// Why Windows cannot hold a file or folder named `part` (the id's part; `.txt` is added to
/// the last), if it cannot: a reserved device name (`CON`, `NUL`, `COM1`, … with any
/// extension, in any case), a trailing dot or space, or a character Windows forbids.
fn windows_refuses(part: &str) -> Option<&'static str> {
    const RESERVED: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];
    if part.ends_with(['.', ' ']) {
        return Some("ends with a dot or a space");
    }
    if part.contains(['<', '>', ':', '"', '|', '?', '*']) || part.chars().any(|c| c < ' ') {
        return Some(
            "holds a character Windows forbids in file names (< > : \" | ? * or a control character)",
        );
    }
    let stem = part
        .split('.')
        .next()
        .unwrap_or(part)
        .trim_end()
        .to_ascii_uppercase();
    let numbered = ["COM", "LPT"].iter().any(|prefix| {
        stem.strip_prefix(prefix).is_some_and(|n| {
            n.len() == 1 && n.chars().all(|c| c.is_ascii_digit() || "¹²³".contains(c))
        }) || stem
            .strip_prefix(prefix)
            .is_some_and(|n| ["¹", "²", "³"].contains(&n))
    });
    (RESERVED.contains(&stem.as_str()) || numbered)
        .then_some("is a name Windows reserves for a device")
}

/// A file an import would write, and the document it belongs to (empty for the schema).
struct Target<'a> {
    path: &'a Path,
    document: &'a str,
}

/// The longest file name most file systems allow, in bytes.
const MAX_NAME_BYTES: usize = 255;
/// The longest path Linux allows, in bytes.
const MAX_PATH_BYTES: usize = 4095;

/// A path with every link resolved: the real path of its longest existing part, and the rest
/// (which does not exist yet) after it.
fn real_path(path: &Path) -> Result<PathBuf, String> {
    let absolute = std::path::absolute(path).map_err(|e| e.to_string())?;
    for existing in absolute.ancestors() {
        if std::fs::symlink_metadata(existing).is_ok() {
            let real = std::fs::canonicalize(existing).map_err(|e| {
                format!(
                    "cannot resolve {} (a broken link?): {e}",
                    existing.display()
                )
            })?;
            let rest = absolute.strip_prefix(existing).unwrap_or(Path::new(""));
            return Ok(if rest.as_os_str().is_empty() {
                real
            } else {
                real.join(rest)
            });
        }
    }
    Ok(absolute)
}

/// Checks every file an import would write before anything is: names and paths the file
/// system can hold, every file inside the real target folder (a link that leads out of it
/// is never followed), no document writing a file where another needs a folder (`a` and
/// `a.txt/b`), and no existing file where a folder is needed or folder where a file is.
fn check_targets(into: &Path, targets: &[Target<'_>]) -> Vec<FileError> {
    let mut problems = Vec::new();
    let into_real = match real_path(into) {
        Ok(real) => real,
        Err(m) => return vec![FileError::new(into, m)],
    };
    let of = |t: &Target<'_>| {
        if t.document.is_empty() {
            String::new()
        } else {
            format!(" (document \"{}\")", t.document)
        }
    };
    // The folders each target needs under `into`, and who needs them.
    let mut folders: HashMap<PathBuf, &str> = HashMap::new();
    for target in targets {
        let relative = target.path.strip_prefix(into).unwrap_or(target.path);
        for folder in relative.ancestors().skip(1) {
            if !folder.as_os_str().is_empty() {
                folders.entry(folder.to_owned()).or_insert(target.document);
            }
        }
    }
    for target in targets {
        let path = target.path;
        let long_name = path
            .components()
            .map(|c| c.as_os_str().len())
            .max()
            .unwrap_or(0);
        if long_name > MAX_NAME_BYTES {
            problems.push(FileError::new(
                path,
                format!(
                    "a name in this path is {long_name} bytes long; file systems allow {MAX_NAME_BYTES}{}",
                    of(target)
                ),
            ));
            continue;
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        if absolute.as_os_str().len() > MAX_PATH_BYTES {
            problems.push(FileError::new(
                path,
                format!(
                    "the path is {} bytes long; at most {MAX_PATH_BYTES} are allowed{}",
                    absolute.as_os_str().len(),
                    of(target)
                ),
            ));
            continue;
        }
        let relative = path.strip_prefix(into).unwrap_or(path);
        if let Some(other) = folders.get(relative) {
            problems.push(FileError::new(
                path,
                format!(
                    "this file{} would be where document \"{other}\" needs a folder",
                    of(target)
                ),
            ));
            continue;
        }
        match real_path(path) {
            Ok(real) if !real.starts_with(&into_real) => {
                problems.push(FileError::new(
                    path,
                    format!(
                        "leads out of {} through a symbolic link (to {}); not writing it{}",
                        into.display(),
                        real.display(),
                        of(target)
                    ),
                ));
                continue;
            }
            Ok(_) => {}
            Err(m) => {
                problems.push(FileError::new(path, format!("{m}{}", of(target))));
                continue;
            }
        }
        if path.is_dir() {
            problems.push(FileError::new(
                path,
                format!("is a folder; a file is needed here{}", of(target)),
            ));
            continue;
        }
        for folder in path.ancestors().skip(1) {
            if folder == into || !folder.starts_with(into) {
                break;
            }
            if folder.exists() && !folder.is_dir() {
                problems.push(FileError::new(
                    folder,
                    format!(
                        "is a file; a folder is needed here for {}{}",
                        path.display(),
                        of(target)
                    ),
                ));
                break;
            }
        }
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    problems.dedup();
    problems
}

/// The schema in force for files written into `into` (its own file or a parent's), and where
/// that file is.
fn schema_in_force(into: &Path) -> Result<(Schema, Option<PathBuf>), Vec<FileError>> {
    let absolute = std::path::absolute(into).unwrap_or_else(|_| into.to_owned());
    let probe = absolute.join("probe.txt");
    match Schema::find_file(&probe) {
        Some(file) => Ok((Schema::read(&file)?, Some(file))),
        None => Ok((Schema::default(), None)),
    }
}

const NEW_LABEL_COLORS: [&str; 6] = [
    "#9b59b6", "#e74c3c", "#16a085", "#7f8c8d", "#d35400", "#2c3e50",
];

/// A schema name made from a foreign label: lower case, other characters as `-`.
fn schema_name(label: &str) -> Option<String> {
    let name: String = label
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .take(32)
        .collect();
    (is_valid_name(&name) && name.bytes().any(|b| b.is_ascii_alphanumeric())).then_some(name)
}

/// Maps a span's label and attributes onto the schema: `Ok` with the schema label and
/// attributes, or `Err` with what the schema lacks.
fn map_span(
    span: &RawSpan,
    schema: &Schema,
) -> Result<(String, BTreeMap<String, String>), Unknown> {
    let resolved = crate::labels::resolve(&span.label, schema).or_else(|| {
        schema_name(&span.label)
            .filter(|name| schema.label(name).is_some())
            .map(|name| (name, BTreeMap::new()))
    });
    let Some((label, mut attributes)) = resolved else {
        return Err(Unknown::Label(span.label.clone()));
    };
    for (name, value) in &span.attributes {
        match attributes.get(name) {
            Some(from_label) if from_label != value => {
                return Err(Unknown::Conflict(format!(
                    "label \"{}\" says {name} \"{from_label}\" but its attributes say \"{value}\"",
                    span.label
                )));
            }
            _ => {
                attributes.insert(name.clone(), value.clone());
            }
        }
    }
    if let Some(known) = schema.label(&label) {
        for (name, value) in &attributes {
            let fits = known
                .attributes
                .iter()
                .any(|a| &a.name == name && a.values.contains(value));
            if !fits {
                return Err(Unknown::Attribute(
                    label.clone(),
                    name.clone(),
                    value.clone(),
                ));
            }
        }
    }
    Ok((label, attributes))
}

/// The schema's relation label for a relation label read: itself, in lower case, or made a
/// schema name.
fn map_relation(label: &str, schema: &Schema) -> Option<String> {
    [
        Some(label.to_owned()),
        Some(label.to_lowercase()),
        schema_name(label),
    ]
    .into_iter()
    .flatten()
    .find(|name| schema.relation(name).is_some())
}

enum Unknown {
    Label(String),
    Attribute(String, String, String),
    Conflict(String),
}

/// Adds what the documents use and the schema lacks (`keep_unknown`), pass after pass until
/// nothing changes (a new label's attributes are added on the pass after the label). Records
/// what was added, and the names that cannot be schema names as problems.
fn extend_schema(
    schema: &mut Schema,
    docs: &[RawDoc],
    added: &mut Vec<String>,
    problems: &mut Vec<FileError>,
) {
    for _ in 0..16 {
        let before = schema.clone();
        let mut found = Vec::new();
        for doc in docs {
            extend_once(schema, doc, added, &mut found);
        }
        if *schema == before {
            problems.extend(found);
            return;
        }
    }
}

fn extend_once(
    schema: &mut Schema,
    doc: &RawDoc,
    added: &mut Vec<String>,
    problems: &mut Vec<FileError>,
) {
    let mut labels_of: HashMap<&str, String> = HashMap::new();
    for span in &doc.spans {
        match map_span(span, schema) {
            Ok((label, _)) => {
                labels_of.insert(&span.key, label);
            }
            Err(Unknown::Label(foreign)) => {
                let Some(name) = schema_name(&foreign) else {
                    problems.push(doc.error(format!(
                        "label \"{foreign}\" cannot be made a schema label name (1-32 characters of a-z 0-9 _ -)"
                    )));
                    continue;
                };
                if schema.label(&name).is_none() && schema.relation(&name).is_none() {
                    let color = NEW_LABEL_COLORS[schema.labels.len() % NEW_LABEL_COLORS.len()];
                    schema.labels.push(Label {
                        name: name.clone(),
                        color: color.to_owned(),
                        attributes: Vec::new(),
                    });
                    added.push(format!("label \"{name}\""));
                }
                labels_of.insert(&span.key, name);
            }
            Err(Unknown::Attribute(label, attr, value)) => {
                if let Some(known) = schema.labels.iter_mut().find(|l| l.name == label) {
                    add_value(known, &attr, &value, added);
                }
                labels_of.insert(&span.key, label);
            }
            Err(Unknown::Conflict(_)) => {}
        }
    }
    for relation in &doc.relations {
        if let Some(name) = map_relation(&relation.label, schema) {
            // A known relation label between labels its `from` / `to` do not allow yet.
            let (Some(from), Some(to)) = (
                labels_of.get(relation.from.as_str()),
                labels_of.get(relation.to.as_str()),
            ) else {
                continue;
            };
            if let Some(known) = schema.relations.iter_mut().find(|r| r.name == name) {
                for (ends, label, side) in
                    [(&mut known.from, from, "from"), (&mut known.to, to, "to")]
                {
                    if !ends.contains(label) {
                        ends.push(label.clone());
                        added.push(format!("\"{label}\" to relation \"{name}\"'s {side}"));
                    }
                }
            }
            continue;
        }
        let Some(name) = schema_name(&relation.label) else {
            problems.push(doc.error(format!(
                "relation label \"{}\" cannot be made a schema name (1-32 characters of a-z 0-9 _ -)",
                relation.label
            )));
            continue;
        };
        if schema.label(&name).is_some() {
            problems.push(doc.error(format!(
                "relation label \"{name}\" has the name of a span label"
            )));
            continue;
        }
        let ends = |key: &str| labels_of.get(key).cloned();
        let (from, to) = (ends(&relation.from), ends(&relation.to));
        added.push(format!("relation \"{name}\""));
        schema.relations.push(RelationLabel {
            name,
            from: from.into_iter().collect(),
            to: to.into_iter().collect(),
        });
    }
}

fn add_value(label: &mut Label, attr: &str, value: &str, added: &mut Vec<String>) {
    match label.attributes.iter_mut().find(|a| a.name == attr) {
        Some(attribute) => {
            if !attribute.values.iter().any(|v| v == value) {
                attribute.values.push(value.to_owned());
                added.push(format!("value \"{value}\" of {}.{attr}", label.name));
            }
        }
        None => {
            label.attributes.push(Attribute {
                name: attr.to_owned(),
                values: vec![value.to_owned()],
                default: None,
            });
            added.push(format!("attribute {}.{attr}", label.name));
        }
    }
}

/// Picks ids: the input's own where they are positive and unique (spans first, then
/// relations), fresh ones above the largest for the rest. `Err` with the largest id when it
/// leaves no room above it for the fresh ones and for the next annotation made in the window
/// (ids are `u64`; nothing wraps).
fn assign_ids(wanted: &[Option<u64>]) -> Result<Vec<u64>, u64> {
    let mut used = BTreeSet::new();
    let kept: Vec<Option<u64>> = wanted
        .iter()
        .map(|id| id.filter(|&id| id > 0 && used.insert(id)))
        .collect();
    let largest = used.iter().next_back().copied().unwrap_or(0);
    let fresh = kept.iter().filter(|id| id.is_none()).count() as u64;
    if largest
        .checked_add(fresh)
        .and_then(|top| top.checked_add(1))
        .is_none()
    {
        return Err(largest);
    }
    let mut next = largest;
    Ok(kept
        .into_iter()
        .map(|id| {
            id.unwrap_or_else(|| {
                next += 1;
                next
            })
        })
        .collect())
}

/// Builds one document's annotation set, or its problems.
fn build(
    doc: &RawDoc,
    schema: &Schema,
    annotator: Option<&str>,
) -> Result<(Article, AnnotationSet), Vec<FileError>> {
    let mut problems = Vec::new();
    if doc.text.starts_with('\u{feff}') {
        problems.push(doc.error(
            "the text starts with a byte-order mark, which press-annotate does not count as text",
        ));
    }
    if let Some(byte) = doc.text.find('\0') {
        problems.push(doc.error(format!("the text holds a NUL character at byte {byte}")));
    }
    if let Some(name) = annotator
        && !is_valid_name(name)
    {
        problems.push(doc.error(format!(
            "annotator \"{name}\" must be 1-32 characters of a-z 0-9 _ -"
        )));
    }
    let article = Article::new(doc.text.clone());
    let to_char = |offset: usize| -> Result<usize, String> {
        match doc.unit {
            Unit::Chars if offset <= article.len_chars() => Ok(offset),
            Unit::Chars => Err(format!(
                "offset {offset} is past the end of the text ({} characters)",
                article.len_chars()
            )),
            Unit::Utf16 if offset > article.len_utf16() => Err(format!(
                "offset {offset} is past the end of the text ({} UTF-16 units)",
                article.len_utf16()
            )),
            Unit::Utf16 => {
                let char = article.utf16_to_char(offset);
                if article.char_to_utf16(char) == offset {
                    Ok(char)
                } else {
                    Err(format!(
                        "UTF-16 offset {offset} falls inside a character (a surrogate pair)"
                    ))
                }
            }
        }
    };
    let ids = assign_ids(
        &doc.spans
            .iter()
            .map(|s| s.id)
            .chain(doc.relations.iter().map(|r| r.id))
            .collect::<Vec<_>>(),
    );
    let ids = match ids {
        Ok(ids) => ids,
        Err(largest) => {
            let name = doc
                .spans
                .iter()
                .find(|s| s.id == Some(largest))
                .map_or_else(|| format!("of relation {largest}"), |s| s.key.clone());
            problems.push(doc.error(format!(
                "id {name} ({largest}) leaves no room for fresh ids above it (ids are at most {}); give it a smaller number",
                u64::MAX
            )));
            return Err(problems);
        }
    };
    let (span_ids, relation_ids) = ids.split_at(doc.spans.len());
    let mut by_key: HashMap<&str, u64> = HashMap::new();
    let mut annotations = Vec::with_capacity(doc.spans.len());
    for (span, &id) in doc.spans.iter().zip(span_ids) {
        let here = |m: String| doc.error(format!("span {} ({}): {m}", span.key, span.label));
        let (label, attributes) = match map_span(span, schema) {
            Ok(mapped) => mapped,
            Err(Unknown::Label(label)) => {
                problems.push(here(format!("label \"{label}\" is not in the schema")));
                continue;
            }
            Err(Unknown::Attribute(label, name, value)) => {
                problems.push(here(format!(
                    "attribute {name} \"{value}\" of \"{label}\" is not in the schema"
                )));
                continue;
            }
            Err(Unknown::Conflict(m)) => {
                problems.push(here(m));
                continue;
            }
        };
        let (start, end) = match (to_char(span.start), to_char(span.end)) {
            (Ok(s), Ok(e)) => (s, e),
            (Err(m), _) | (_, Err(m)) => {
                problems.push(here(m));
                continue;
            }
        };
        if start >= end {
            problems.push(here(format!(
                "start {} is not before end {}",
                span.start, span.end
            )));
            continue;
        }
        let text = article.slice(start..end).to_owned();
        if let Some(expected) = &span.text
            && *expected != text
        {
            problems.push(here(format!(
                "its text {} does not match the text at {}..{}, which reads {}",
                crate::canonical::quote(expected),
                span.start,
                span.end,
                crate::canonical::quote(&text)
            )));
            continue;
        }
        if by_key.insert(&span.key, id).is_some() {
            problems.push(here("another span has the same id".into()));
            continue;
        }
        annotations.push(Annotation {
            id,
            label,
            start,
            end,
            text,
            attributes,
            note: span.note.clone(),
            annotators: Vec::new(),
            suggested: None,
        });
    }
    let mut relations = Vec::with_capacity(doc.relations.len());
    for (relation, &id) in doc.relations.iter().zip(relation_ids) {
        let Some(label) = map_relation(&relation.label, schema) else {
            problems.push(doc.error(format!(
                "relation label \"{}\" is not in the schema",
                relation.label
            )));
            continue;
        };
        let ends = (
            by_key.get(relation.from.as_str()),
            by_key.get(relation.to.as_str()),
        );
        let (Some(&from), Some(&to)) = ends else {
            // A span refused above has been reported already.
            let known = |key: &str| doc.spans.iter().any(|s| s.key == key);
            if !known(&relation.from) || !known(&relation.to) {
                problems.push(doc.error(format!(
                    "relation {} ({}) links {} and {}, which are not both spans of this document",
                    relation.id.map_or_else(|| "?".to_owned(), |i| i.to_string()),
                    relation.label,
                    relation.from,
                    relation.to
                )));
            }
            continue;
        };
        relations.push(Relation {
            id,
            label,
            from,
            to,
        });
    }
    let file = format!(
        "{}.txt",
        doc.id.rsplit('/').next().unwrap_or(doc.id.as_str())
    );
    let mut set = AnnotationSet::new(
        Source {
            file,
            sha256: store::sha256_hex(doc.text.as_bytes()),
            chars: article.len_chars(),
        },
        annotator.map(str::to_owned),
    );
    set.status = doc.status.unwrap_or_default();
    set.annotations = annotations;
    set.relations = relations;
    set.sort();
    if problems.is_empty() {
        Ok((article, set))
    } else {
        Err(problems)
    }
}

/// One line naming every label the schema does not know, with counts, if any.
fn unknown_summary(docs: &[RawDoc], schema: &Schema, into: &Path) -> Option<FileError> {
    let mut spans: BTreeMap<&str, usize> = BTreeMap::new();
    let mut relations: BTreeMap<&str, usize> = BTreeMap::new();
    for doc in docs {
        for span in &doc.spans {
            if let Err(Unknown::Label(_)) = map_span(span, schema) {
                *spans.entry(&span.label).or_insert(0) += 1;
            }
        }
        for relation in &doc.relations {
            if map_relation(&relation.label, schema).is_none() {
                *relations.entry(&relation.label).or_insert(0) += 1;
            }
        }
    }
    if spans.is_empty() && relations.is_empty() {
        return None;
    }
    let list = |m: &BTreeMap<&str, usize>| {
        m.iter()
            .map(|(l, n)| format!("\"{l}\" ({n})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    if !spans.is_empty() {
        parts.push(format!("span labels {}", list(&spans)));
    }
    if !relations.is_empty() {
        parts.push(format!("relation labels {}", list(&relations)));
    }
    Some(FileError::new(
        into,
        format!(
            "the schema in force here does not know {}; map them in the input, add them to the schema, or use --keep-unknown",
            parts.join(" and ")
        ),
    ))
}

/// Checks everything and works out what to write; writes nothing.
pub fn plan(options: &ImportOptions, read: Read) -> Result<Plan, ImportError> {
    // A batch a crash left incomplete in the target folder is completed before anything
    // there is read ([`crate::atomic::complete_journals`]), and the temporary files a crash
    // left there (older than a minute) are removed, whether this import writes or not.
    if options.into.is_dir() {
        crate::atomic::complete_journals(&options.into)
            .map_err(|e| ImportError::Problems(vec![e]))?;
        crate::atomic::remove_stale_temp_files(&options.into);
    }
    let Read {
        docs,
        mut problems,
        ignored,
        warnings,
    } = read;
    let (mut schema, schema_file) =
        schema_in_force(&options.into).map_err(ImportError::Problems)?;
    let mut added = Vec::new();
    let mut new_schema = None;
    if options.keep_unknown {
        let before = schema.clone();
        extend_schema(&mut schema, &docs, &mut added, &mut problems);
        if schema != before {
            let path = options.into.join(SCHEMA_FILE_NAME);
            for problem in schema.problems() {
                problems.push(FileError::new(&path, problem));
            }
            new_schema = Some((path, schema.clone()));
        }
    }
    // One warning per file (a link can be met by the walk and again as a text).
    let mut warned = BTreeSet::new();
    let warnings: Vec<FileError> = warnings
        .into_iter()
        .filter(|w| warned.insert(w.path.clone()))
        .collect();
    let mut report = ImportReport {
        added,
        ignored,
        warnings,
        ..ImportReport::default()
    };
    let mut planned = Vec::new();
    let mut texts: HashMap<String, (PathBuf, String)> = HashMap::new();
    let mut seen: HashMap<(String, Option<String>), String> = HashMap::new();
    for doc in &docs {
        if let Err(m) = check_id(&doc.id) {
            problems.push(doc.error(m));
            continue;
        }
        let annotator = doc.annotator.clone().or_else(|| options.annotator.clone());
        let where_ = if doc.place.is_empty() {
            doc.origin.display().to_string()
        } else {
            format!("{} {}", doc.origin.display(), doc.place)
        };
        if let Some(first) = seen.insert((doc.id.clone(), annotator.clone()), where_) {
            problems.push(doc.error(format!(
                "document \"{}\" for the same annotator comes twice (first at {first})",
                doc.id
            )));
            continue;
        }
        let text_path = options.into.join(format!("{}.txt", doc.id));
        if let Some((other, text)) = texts.get(&doc.id) {
            if *text != doc.text {
                problems.push(doc.error(format!(
                    "document \"{}\" has a different text than in {}",
                    doc.id,
                    other.display()
                )));
                continue;
            }
        } else {
            texts.insert(doc.id.clone(), (doc.origin.clone(), doc.text.clone()));
        }
        // A schema file below the target folder would govern this document instead.
        if let Some(found) =
            Schema::find_file(&std::path::absolute(&text_path).unwrap_or(text_path.clone()))
            && schema_file.as_ref() != Some(&found)
            && new_schema
                .as_ref()
                .map(|(p, _)| std::path::absolute(p).ok())
                != Some(Some(found.clone()))
        {
            problems.push(doc.error(format!(
                "{} would be governed by {}, not by the schema of the target folder",
                text_path.display(),
                found.display()
            )));
            continue;
        }
        match build(doc, &schema, annotator.as_deref()) {
            Ok((article, set)) => {
                let annotation_path = store::annotation_path(&text_path, annotator.as_deref());
                // The same rules as `store::load`, on the canonical text that will be written.
                let ron = crate::canonical::to_canonical_ron(&set);
                let source_name = set.source.file.clone();
                let found = crate::validate::problems(
                    &set,
                    &crate::validate::Context {
                        path: &annotation_path,
                        file_text: &ron,
                        article: &article,
                        sha256: &set.source.sha256,
                        schema: &schema,
                        expected_source: &source_name,
                        expected_annotator: annotator.as_deref(),
                    },
                );
                if !found.is_empty() {
                    problems.extend(found.into_iter().map(|e| doc.error(e.message)));
                    continue;
                }
                report.documents += 1;
                report.annotations += set.annotations.len();
                report.relations += set.relations.len();
                planned.push(Planned {
                    id: doc.id.clone(),
                    text_path,
                    annotation_path,
                    text: doc.text.clone(),
                    set,
                });
            }
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() && !planned.is_empty() {
        let mut targets: Vec<Target<'_>> = Vec::new();
        for planned in &planned {
            targets.push(Target {
                path: &planned.text_path,
                document: &planned.id,
            });
            targets.push(Target {
                path: &planned.annotation_path,
                document: &planned.id,
            });
        }
        if let Some((path, _)) = &new_schema {
            targets.push(Target { path, document: "" });
        }
        problems.extend(check_targets(&options.into, &targets));
    }
    if !problems.is_empty() {
        if !options.keep_unknown
            && let Some(line) = unknown_summary(&docs, &schema, &options.into)
        {
            problems.push(line);
        }
        problems.extend(report.warnings.iter().map(|w| FileError {
            message: format!("warning: {}", w.message),
            ..w.clone()
        }));
        return Err(ImportError::Problems(problems));
    }
    if planned.is_empty() {
        return Err(ImportError::Usage("the inputs hold no document".into()));
    }
    // Nothing is overwritten without `force`; a text file that holds the same text is fine.
    if !options.force {
        let mut taken = Vec::new();
        let mut check = |path: &Path, same: Option<&str>| {
            if path.exists() {
                let unchanged = same.is_some_and(|text| {
                    crate::bounded_read::read_io(path, crate::bounded_read::MAX_ARTICLE_BYTES)
                        .is_ok_and(|b| b == text.as_bytes())
                });
                if !unchanged {
                    taken.push(FileError::new(
                        path,
                        "exists already; not overwriting it (use --force)",
                    ));
                }
            }
        };
        for doc in &planned {
            check(&doc.text_path, Some(&doc.text));
            check(&doc.annotation_path, None);
        }
        if let Some((path, _)) = &new_schema {
            check(path, None);
        }
        if !taken.is_empty() {
            return Err(ImportError::Problems(taken));
        }
    }
    let mut targets: Vec<&Path> = Vec::new();
    for doc in &planned {
        targets.push(&doc.text_path);
        targets.push(&doc.annotation_path);
    }
    if let Some((path, _)) = &new_schema {
        targets.push(path);
    }
    targets.sort();
    targets.dedup();
    let mut on_disk = Vec::with_capacity(targets.len());
    for path in targets {
        let sha = crate::lock::read_now(path)
            .map_err(|e| ImportError::Problems(vec![e]))?
            .map(|(_, sha)| sha);
        on_disk.push((path.to_owned(), sha));
    }
    Ok(Plan {
        docs: planned,
        schema: new_schema,
        report,
        on_disk,
    })
}

/// The files of `on_disk` that are no longer as they were planned.
fn changed_since_planned(on_disk: &[(PathBuf, Option<String>)]) -> Result<(), FileError> {
    for (path, planned) in on_disk {
        let now = crate::lock::read_now(path)?.map(|(_, sha)| sha);
        if &now != planned {
            return Err(FileError::new(
                path,
                "changed by another program since this import checked it; nothing was written (run the import again)",
            ));
        }
    }
    Ok(())
}

/// Writes a checked plan, all or nothing ([`crate::atomic::write_all`]): the schema, each
/// text (unless it holds the same text already) and each set. Every file is written under its
/// lock ([`crate::lock`], all taken first, so an article and its set are written together and
/// never paired with another writer's), and only if it is still as it was planned (checked
/// under the locks and again right before the renames); else nothing is written and the file
/// is named. If any write fails, every file is left as it was and the error is returned.
pub fn write(plan: Plan) -> Result<ImportReport, ImportError> {
    let Plan {
        docs,
        schema,
        mut report,
        on_disk,
    } = plan;
    // The locks live beside the files: their folders are made first (and removed again,
    // when empty, if nothing is written).
    let mut created: Vec<PathBuf> = Vec::new();
    for (path, _) in &on_disk {
        for missing in crate::atomic::missing_folders(&crate::atomic::folder_of(path)) {
            if let Err(e) = std::fs::create_dir(&missing) {
                remove_empty(&created);
                return Err(ImportError::Problems(vec![FileError::new(
                    &missing,
                    format!("cannot create the folder: {e}"),
                )]));
            }
            created.push(missing);
        }
    }
    let result = write_locked(docs, schema, &mut report, &on_disk);
    if result.is_err() {
        remove_empty(&created);
    }
    result.map(|()| report)
}

/// Removes the folders of `created` that are empty, innermost first.
fn remove_empty(created: &[PathBuf]) {
    for dir in created.iter().rev() {
        let _ = std::fs::remove_dir(dir);
    }
}

/// [`write`] with the folders made: under the locks, checked, all or nothing.
fn write_locked(
    docs: Vec<Planned>,
    schema: Option<(PathBuf, Schema)>,
    report: &mut ImportReport,
    on_disk: &[(PathBuf, Option<String>)],
) -> Result<(), ImportError> {
    let problem = |e: FileError| ImportError::Problems(vec![e]);
    let _locks =
        crate::lock::lock_all(on_disk.iter().map(|(path, _)| path.as_path())).map_err(problem)?;
    changed_since_planned(on_disk).map_err(problem)?;
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if let Some((path, schema)) = &schema {
        files.push((path.clone(), schema.to_ron().into_bytes()));
    }
    let mut texts_done = BTreeSet::new();
    for doc in docs {
        if texts_done.insert(doc.text_path.clone()) {
            let same = crate::bounded_read::read_io(
                &doc.text_path,
                crate::bounded_read::MAX_ARTICLE_BYTES,
            )
            .is_ok_and(|b| b == doc.text.as_bytes());
            if same {
                report.unchanged.push(doc.text_path.clone());
            } else {
                files.push((doc.text_path.clone(), doc.text.into_bytes()));
            }
        }
        let ron = crate::canonical::to_canonical_ron(&doc.set);
        files.push((doc.annotation_path, ron.into_bytes()));
    }
    let batch: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.as_slice()))
        .collect();
    crate::atomic::write_all_checked(&batch, &|| changed_since_planned(on_disk))
        .map_err(problem)?;
    report.written = files.into_iter().map(|(path, _)| path).collect();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_windows_cannot_hold_are_refused() {
        for bad in [
            "CON",
            "nul",
            "world/Com1",
            "aux.notes",
            "lpt9",
            "trailing.",
            "space ",
            "a:b",
            "q?",
        ] {
            let err = check_id(bad).unwrap_err();
            assert!(err.contains("Windows"), "{bad}: {err}");
        }
        for fine in ["console", "world/com10", "nullable", "a.b", "conference"] {
            assert_eq!(check_id(fine), Ok(()), "{fine}");
        }
    }

    #[test]
    fn ids_are_kept_when_unique_and_fresh_otherwise() {
        assert_eq!(assign_ids(&[Some(3), Some(1), Some(5)]), Ok(vec![3, 1, 5]));
        assert_eq!(
            assign_ids(&[Some(1), Some(1), None, Some(0)]),
            Ok(vec![1, 2, 3, 4])
        );
    }

    #[test]
    fn ids_that_leave_no_room_are_refused_not_wrapped() {
        assert_eq!(assign_ids(&[Some(u64::MAX), None]), Err(u64::MAX));
        assert_eq!(assign_ids(&[Some(u64::MAX)]), Err(u64::MAX));
        assert_eq!(
            assign_ids(&[Some(u64::MAX - 2), None]),
            Ok(vec![u64::MAX - 2, u64::MAX - 1])
        );
        assert_eq!(assign_ids(&[Some(u64::MAX - 1), None]), Err(u64::MAX - 1));
    }

    #[test]
    fn unsafe_ids_are_refused() {
        for bad in [
            "",
            "../x",
            "/etc/passwd",
            "a//b",
            ".hidden",
            "a/./b",
            "a\\b",
        ] {
            assert!(check_id(bad).is_err(), "{bad}");
        }
        assert!(check_id("world/kerry-lavrov").is_ok());
    }

    #[test]
    fn foreign_labels_become_schema_names() {
        assert_eq!(schema_name("EVENT").as_deref(), Some("event"));
        assert_eq!(schema_name("Date Time").as_deref(), Some("date-time"));
        assert_eq!(schema_name("東京"), None);
    }
}
