//! `ingest`: saved pages, MHTML, WARC files, feeds, news dumps and plain text in other
//! encodings to articles (`FOLDER/NAME.txt`: the headline, a blank line, the body's
//! paragraphs), each with its provenance sidecar and its original bytes kept under
//! `FOLDER/.sources/`. Duplicates (same URL or text) are not ingested twice; near-duplicates
//! are reported with the article they repeat.
//!
//! The window calls [`expand_inputs`] (for a progress bar's total), then [`ingest_file`] per
//! file with one [`Seen`] for the run; the command line calls [`ingest`].

pub mod charset;
pub mod dump;
pub mod duplicates;
pub mod feed;
pub mod html;
pub mod html_text;
pub mod main_text;
pub mod mhtml;
pub mod naming;
pub mod provenance;
pub mod warc;

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use duplicates::{Duplicate, Seen};
pub use html::Extracted;
pub use provenance::Provenance;

use crate::error::FileError;

/// One article written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ingested {
    pub input: PathBuf,
    pub article: PathBuf,
    pub provenance: Provenance,
    /// The article's length in characters.
    pub chars: usize,
    /// The article this one nearly repeats (ingested all the same).
    pub near_duplicate_of: Option<PathBuf>,
    /// Things the user should know: the name taken was not the first choice, or what the
    /// reader noted about the input.
    pub notes: Vec<String>,
}

/// What became of one page or record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ingested(Box<Ingested>),
    /// Not ingested: it is already in the folder (or earlier in this run).
    Duplicate {
        input: PathBuf,
        record: Option<usize>,
        of: Duplicate,
    },
    /// No article: the reason names the input (and record).
    Failed(FileError),
}

/// Every outcome of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub outcomes: Vec<Outcome>,
}

impl Report {
    pub fn failed(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| matches!(o, Outcome::Failed(_)))
            .count()
    }
}

/// The kinds of input, by extension (or, failing that, by their first bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    Page,
    Mhtml,
    Warc,
    Feed,
    JsonLines,
    Json,
    Text,
}

/// The kind of a file by its name, `None` for names `ingest` does not read.
pub fn kind_by_name(path: &Path) -> Option<InputKind> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let ext = name.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext {
        "html" | "htm" | "xhtml" | "shtml" => InputKind::Page,
        "mhtml" | "mht" => InputKind::Mhtml,
        "warc" => InputKind::Warc,
        "gz" if name.ends_with(".warc.gz") => InputKind::Warc,
        "xml" | "rss" | "atom" => InputKind::Feed,
        "jsonl" | "ndjson" => InputKind::JsonLines,
        "json" => InputKind::Json,
        "txt" => InputKind::Text,
        _ => return None,
    })
}

/// Whether opening `path` in the window should offer to ingest it rather than open it as an
/// article: a page, archive, feed or dump (not a `.txt`), or a folder that holds such files
/// and no article (`.txt`, `.md`). A folder with articles opens as a folder.
pub fn wants_ingest(path: &Path) -> bool {
    if path.is_dir() {
        let walked = crate::walk::walk(path, crate::walk::Links::Follow);
        let has_articles = walked
            .files
            .iter()
            .any(|f| crate::store::is_article(f) && !provenance::is_sidecar(f));
        return !has_articles && walked.files.iter().any(|f| is_page_like(f));
    }
    is_page_like(path)
}

/// A file `ingest` reads that is not a text article of its own.
fn is_page_like(path: &Path) -> bool {
    kind_by_name(path).is_some_and(|kind| kind != InputKind::Text)
}

/// An article that is not UTF-8 (Latin-1, Windows-1252, UTF-16): what it would read as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotUtf8 {
    pub path: PathBuf,
    /// The encoding it reads in.
    pub encoding: charset::TextEncoding,
    /// Its first characters as they read in that encoding.
    pub preview: String,
}

/// Whether the article at `path` needs converting to UTF-8 before it can be opened (`None`
/// for UTF-8 text, a file that cannot be read, or one that is binary).
pub fn needs_conversion(path: &Path) -> Option<NotUtf8> {
    let bytes = std::fs::read(path).ok()?;
    if std::str::from_utf8(&bytes).is_ok() {
        return None;
    }
    let converted = charset::convert_text_to_utf8(&bytes).ok()?;
    let preview: String = converted.text.chars().take(160).collect();
    Some(NotUtf8 {
        path: path.to_owned(),
        encoding: converted.from,
        preview: preview.split_whitespace().collect::<Vec<_>>().join(" "),
    })
}

/// Converts an article in another encoding to UTF-8 where it is: the original bytes are kept
/// under `.sources/` beside it and named in its provenance sidecar (written unless it has
/// one), then the UTF-8 text replaces the file atomically. Returns the encoding it was in.
pub fn convert_in_place(path: &Path) -> Result<charset::TextEncoding, FileError> {
    let bytes = std::fs::read(path).map_err(|e| FileError::io(path, e))?;
    let converted =
        charset::convert_text_to_utf8(&bytes).map_err(|e| FileError::new(path, e.to_string()))?;
    if converted.from == charset::TextEncoding::Utf8 && std::str::from_utf8(&bytes).is_ok() {
        return Ok(converted.from);
    }
    let folder = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    let sha256 = sha256_hex(&bytes);
    let original = provenance::keep_original(&folder, &sha256, "txt", &bytes)?;
    if provenance::load(path)?.is_none() {
        provenance::save(
            path,
            &Provenance {
                ingested_at: now(),
                input: path.display().to_string(),
                encoding: Some(converted.from.name().to_string()),
                sha256,
                original: Some(original),
                ..Provenance::default()
            },
        )?;
    }
    crate::atomic::write_atomically(path, converted.text.as_bytes())?;
    Ok(converted.from)
}

/// What `ingest` reads, for messages.
pub const KINDS_READ: &str = "a page (.html, .htm, .xhtml, .mhtml), a WARC (.warc, .warc.gz), a feed (.xml, .rss, .atom), a news dump (.jsonl, .json) or text (.txt)";

/// The files to ingest: files as given, folders walked (files of a kind `ingest` reads,
/// sorted; anything under `into` left out, so a folder is never ingested into itself).
pub fn expand_inputs(inputs: &[PathBuf], into: &Path) -> (Vec<PathBuf>, Vec<FileError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let into_real = std::fs::canonicalize(into).ok();
    for input in inputs {
        if input.is_dir() {
            let walked = crate::walk::walk(input, crate::walk::Links::Follow);
            for path in walked.files {
                let inside_into = into_real.as_ref().is_some_and(|into| {
                    std::fs::canonicalize(&path).is_ok_and(|p| p.starts_with(into))
                });
                if !inside_into && kind_by_name(&path).is_some() {
                    files.push(path);
                }
            }
            errors.extend(walked.skipped);
        } else if input.exists() {
            files.push(input.clone());
        } else {
            errors.push(FileError::new(input, "no such file or folder"));
        }
    }
    (files, errors)
}

/// Ingests every input into `into` (created if missing); `each` sees every outcome as it
/// happens. Fails only when `into` cannot be made a folder.
pub fn ingest(
    inputs: &[PathBuf],
    into: &Path,
    mut each: impl FnMut(&Outcome),
) -> Result<Report, FileError> {
    prepare_folder(into)?;
    let (files, errors) = expand_inputs(inputs, into);
    let mut report = Report::default();
    for error in errors {
        let outcome = Outcome::Failed(error);
        each(&outcome);
        report.outcomes.push(outcome);
    }
    let mut seen = Seen::of_folder(into);
    let now = now();
    for file in files {
        for outcome in ingest_file(&file, into, &mut seen, &now) {
            each(&outcome);
            report.outcomes.push(outcome);
        }
    }
    Ok(report)
}

/// Creates `into` if missing; an existing file there is an error.
pub fn prepare_folder(into: &Path) -> Result<(), FileError> {
    if into.exists() && !into.is_dir() {
        return Err(FileError::new(into, "not a folder"));
    }
    std::fs::create_dir_all(into).map_err(|e| FileError::io(into, e))
}

/// The time now, RFC 3339 in UTC, for `ingested_at`.
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Everything found in one file.
struct Found {
    extracted: Extracted,
    record: Option<usize>,
    /// The bytes kept for this article, and their extension under `.sources/`.
    original: OriginalBytes,
    encoding: Option<String>,
}

#[derive(Clone)]
enum OriginalBytes {
    /// The whole input file (a page, a feed, a dump): its SHA-256 is computed once.
    Input {
        sha256: String,
        extension: &'static str,
    },
    /// A WARC record's HTTP response.
    Record(Vec<u8>),
}

/// Ingests one file (a page gives one outcome; a WARC, feed or dump one per record).
pub fn ingest_file(file: &Path, into: &Path, seen: &mut Seen, now: &str) -> Vec<Outcome> {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => return vec![Outcome::Failed(FileError::io(file, e))],
    };
    if bytes.is_empty() {
        return vec![Outcome::Failed(FileError::new(file, "the file is empty"))];
    }
    let kind = kind_by_name(file).or_else(|| sniff(&bytes));
    let Some(kind) = kind else {
        return vec![Outcome::Failed(FileError::new(
            file,
            format!("not {KINDS_READ}"),
        ))];
    };
    let sha = sha256_hex(&bytes);
    let whole = |extension| OriginalBytes::Input {
        sha256: sha.clone(),
        extension,
    };
    let mut outcomes = Vec::new();
    let mut found: Vec<Found> = Vec::new();
    let mut fail = |reason: String| outcomes.push(Outcome::Failed(FileError::new(file, reason)));
    match kind {
        InputKind::Page => {
            let (text, encoding) = charset::decode_html(&bytes, None);
            match html::extract(&text, None) {
                Ok(extracted) => found.push(Found {
                    extracted,
                    record: None,
                    original: whole("html"),
                    encoding: Some(encoding.name().to_string()),
                }),
                Err(e) => fail(e.to_string()),
            }
        }
        InputKind::Mhtml => match mhtml::read(&bytes) {
            Ok(page) => {
                let transport = page
                    .content_type
                    .as_deref()
                    .and_then(charset::charset_of_content_type);
                let (text, encoding) = charset::decode_html(&page.html, transport);
                match html::extract(&text, page.url.as_deref()) {
                    Ok(mut extracted) => {
                        extracted.url = extracted.url.or(page.url);
                        found.push(Found {
                            extracted,
                            record: None,
                            original: whole("mhtml"),
                            encoding: Some(encoding.name().to_string()),
                        });
                    }
                    Err(e) => fail(e.to_string()),
                }
            }
            Err(e) => fail(e),
        },
        InputKind::Warc => match warc::read_pages(&bytes) {
            Ok((pages, _other)) if pages.is_empty() => {
                fail("the WARC file has no HTML response records".into())
            }
            Ok((pages, _other)) => {
                for (i, page) in pages.into_iter().enumerate() {
                    let transport = page
                        .content_type
                        .as_deref()
                        .and_then(charset::charset_of_content_type);
                    let (text, encoding) = charset::decode_html(&page.body, transport);
                    match html::extract(&text, page.url.as_deref()) {
                        Ok(mut extracted) => {
                            if page.url.is_some() {
                                extracted.url.clone_from(&page.url);
                                extracted.site = extracted
                                    .site
                                    .or_else(|| page.url.as_deref().and_then(html::host_of));
                            }
                            found.push(Found {
                                extracted,
                                record: Some(i + 1),
                                original: OriginalBytes::Record(page.raw),
                                encoding: Some(encoding.name().to_string()),
                            });
                        }
                        Err(e) => fail(format!(
                            "response {} ({}): {e}",
                            i + 1,
                            page.url.as_deref().unwrap_or("no URL")
                        )),
                    }
                }
            }
            Err(e) => fail(e.to_string()),
        },
        InputKind::Feed | InputKind::Json | InputKind::JsonLines => {
            let records = if kind == InputKind::Feed || is_json_feed(&bytes) {
                feed::read(&bytes)
            } else {
                match std::str::from_utf8(&bytes) {
                    Ok(text) => dump::read(text, kind == InputKind::JsonLines),
                    Err(e) => Err(format!("not UTF-8 JSON: {e}")),
                }
            };
            let extension = match kind {
                InputKind::Feed => "xml",
                InputKind::JsonLines => "jsonl",
                _ => "json",
            };
            match records {
                Ok(records) if records.is_empty() => fail("no records".into()),
                Ok(records) => {
                    for (record, result) in records {
                        match result {
                            Ok(extracted) => found.push(Found {
                                extracted,
                                record: Some(record),
                                original: whole(extension),
                                encoding: Some("UTF-8".into()),
                            }),
                            Err(e) => fail(e),
                        }
                    }
                }
                Err(e) => fail(e),
            }
        }
        InputKind::Text => match charset::convert_text_to_utf8(&bytes) {
            Ok(converted) => {
                let stem = naming::slug_of_file(file);
                let article = Article {
                    file,
                    into,
                    stem: &stem,
                    text: &converted.text,
                    body: &converted.text,
                    provenance: Provenance {
                        encoding: Some(converted.from.name().to_string()),
                        ..Provenance::default()
                    },
                    original: whole("txt"),
                    input_bytes: &bytes,
                };
                return vec![write_article(article, seen, now)];
            }
            Err(e) => fail(e.to_string()),
        },
    }
    for item in found {
        outcomes.push(write_found(file, into, seen, now, item, &bytes));
    }
    outcomes
}

fn sniff(bytes: &[u8]) -> Option<InputKind> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    if bytes.starts_with(b"WARC/") || bytes.starts_with(&[0x1f, 0x8b]) {
        Some(InputKind::Warc)
    } else if feed::looks_like_feed(bytes) {
        Some(InputKind::Feed)
    } else if head.contains("<html") || head.contains("<!doctype html") {
        Some(InputKind::Page)
    } else {
        None
    }
}

fn is_json_feed(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
    head.contains("jsonfeed.org/version")
}

/// The article file's text: the headline, a blank line, the paragraphs; one `\n` at the end.
pub fn article_text(title: Option<&str>, blocks: &[html_text::Block]) -> String {
    let mut text = String::new();
    if let Some(title) = title {
        text.push_str(title);
        text.push_str("\n\n");
    }
    let body: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    text.push_str(&body.join("\n\n"));
    text.push('\n');
    text
}

fn write_found(
    file: &Path,
    into: &Path,
    seen: &mut Seen,
    now: &str,
    found: Found,
    input_bytes: &[u8],
) -> Outcome {
    let ex = found.extracted;
    let text = article_text(ex.title.as_deref(), &ex.blocks);
    let body: Vec<&str> = ex.blocks.iter().map(|b| b.text.as_str()).collect();
    let body = body.join("\n\n");
    let stem = match found.record {
        None => naming::slug_of_file(file),
        Some(record) => ex
            .title
            .as_deref()
            .map(naming::slug)
            .filter(|s| s != "article")
            .or_else(|| ex.url.as_deref().map(naming::slug_of_url))
            .unwrap_or_else(|| format!("{}-{record}", naming::slug_of_file(file))),
    };
    let provenance = Provenance {
        url: ex.url.clone(),
        title: ex.title.clone(),
        byline: ex.byline.clone(),
        published: ex.published.clone(),
        site: ex.site.clone(),
        language: ex.language.clone(),
        record: found.record,
        encoding: found.encoding,
        ..Provenance::default()
    };
    let mut outcome = write_article(
        Article {
            file,
            into,
            stem: &stem,
            text: &text,
            body: &body,
            provenance,
            original: found.original,
            input_bytes,
        },
        seen,
        now,
    );
    if let (Outcome::Ingested(done), Some(note)) = (&mut outcome, ex.note) {
        done.notes.push(note);
    }
    outcome
}

struct Article<'a> {
    file: &'a Path,
    into: &'a Path,
    stem: &'a str,
    text: &'a str,
    body: &'a str,
    provenance: Provenance,
    original: OriginalBytes,
    input_bytes: &'a [u8],
}

fn write_article(a: Article<'_>, seen: &mut Seen, now: &str) -> Outcome {
    let record = a.provenance.record;
    let label = |message: String| match record {
        Some(r) => format!("record {r}: {message}"),
        None => message,
    };
    if let Some(of) = seen.duplicate(a.provenance.url.as_deref(), a.body) {
        return Outcome::Duplicate {
            input: a.file.to_owned(),
            record,
            of,
        };
    }
    let near = seen.near(a.body);
    let (sha256, extension, original_bytes): (String, &str, &[u8]) = match &a.original {
        OriginalBytes::Input { sha256, extension } => (sha256.clone(), *extension, a.input_bytes),
        OriginalBytes::Record(raw) => (sha256_hex(raw), "http", raw),
    };
    let original = match provenance::keep_original(a.into, &sha256, extension, original_bytes) {
        Ok(relative) => relative,
        Err(e) => return Outcome::Failed(FileError::new(a.file, label(e.to_string()))),
    };
    let (article, notes) = match create_new(a.into, a.stem, a.text.as_bytes()) {
        Ok(done) => done,
        Err(e) => return Outcome::Failed(FileError::new(a.file, label(e))),
    };
    let provenance = Provenance {
        ingested_at: now.to_string(),
        input: a.file.display().to_string(),
        sha256,
        original: Some(original),
        ..a.provenance
    };
    if let Err(e) = provenance::save(&article, &provenance) {
        let _ = std::fs::remove_file(&article);
        return Outcome::Failed(FileError::new(a.file, label(e.to_string())));
    }
    seen.add(provenance.url.as_deref(), a.body, &article);
    Outcome::Ingested(Box::new(Ingested {
        input: a.file.to_owned(),
        chars: a.text.chars().count(),
        article,
        provenance,
        near_duplicate_of: near,
        notes,
    }))
}

/// Writes `contents` as a new article `stem.txt` in `into`, or `stem-2.txt`... when the name
/// is taken (by an article, a sidecar or an annotation file): never over an existing file
/// (the final rename refuses to replace one). Returns the path and a note when renamed.
fn create_new(into: &Path, stem: &str, contents: &[u8]) -> Result<(PathBuf, Vec<String>), String> {
    let mut temp = crate::atomic::temp_file_in(into)
        .map_err(|e| format!("cannot write in {}: {e}", into.display()))?;
    temp.write_all(contents)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| format!("cannot write in {}: {e}", into.display()))?;
    let first = naming::candidates(into, stem).next().unwrap_or_default();
    for candidate in naming::candidates(into, stem).take(10_000) {
        if naming::taken(&candidate) {
            continue;
        }
        match temp.persist_noclobber(&candidate) {
            Ok(_) => {
                let notes = if candidate == first {
                    Vec::new()
                } else {
                    vec![format!(
                        "named {}: {} is taken",
                        file_name(&candidate),
                        file_name(&first)
                    )]
                };
                return Ok((candidate, notes));
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => temp = e.file,
            Err(e) => return Err(format!("cannot write {}: {}", candidate.display(), e.error)),
        }
    }
    Err(format!("no free name for {stem}.txt in {}", into.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
