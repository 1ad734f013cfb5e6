//! `press-annotate ingest INPUT... --into FOLDER [--json]`: pages, WARC files, feeds, news
//! dumps and plain text in other encodings to articles with their provenance.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::exit::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use crate::ingest::{self, Duplicate, Outcome};

/// Ingest saved pages, WARC files, feeds and news dumps as articles.
///
/// INPUT is a saved page (.html, .htm, .xhtml, .mhtml), a folder of them, a WARC file (.warc,
/// .warc.gz: each HTML response), an RSS/Atom feed (.xml, .rss, .atom: entries with full
/// content), a news dump (.jsonl, .json: text in `text`, `maintext` or `content`) or a .txt
/// in Latin-1, Windows-1252 or UTF-16 (converted to UTF-8). Each article becomes
/// FOLDER/NAME.txt (the headline, a blank line, the body's paragraphs) with its provenance
/// in NAME.txt.source.ron and the original bytes under FOLDER/.sources/. Existing files are
/// never overwritten (NAME-2.txt instead); an article already in FOLDER (same URL or text)
/// is not ingested again; a near-duplicate is named with the article it repeats. Exit 0 when
/// every input gave an article, 1 when some could not (each named on standard error with
/// the reason, the rest ingested), 2 for a wrong command line.
#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Pages, folders of pages, WARC files, feeds, news dumps, text files.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// The folder the articles are written to (created if missing).
    #[arg(long, value_name = "FOLDER")]
    pub into: PathBuf,
    /// Print one JSON object per article (input, article, title, byline, published, url,
    /// site, language, chars) on standard output.
    #[arg(long)]
    pub json: bool,
}

/// One line of `ingest --json`.
#[derive(Serialize)]
struct JsonArticle<'a> {
    input: String,
    article: String,
    title: Option<&'a str>,
    byline: Option<&'a str>,
    published: Option<&'a str>,
    url: Option<&'a str>,
    site: Option<&'a str>,
    language: Option<&'a str>,
    chars: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    near_duplicate_of: Option<String>,
}

/// Runs `ingest` and returns the exit code.
pub fn run(args: &IngestArgs) -> anyhow::Result<i32> {
    if args.into.exists() && !args.into.is_dir() {
        eprintln!(
            "press-annotate: --into {}: not a folder",
            args.into.display()
        );
        return Ok(EXIT_USAGE);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut written = 0usize;
    let mut duplicates = 0usize;
    let mut write_error: Option<std::io::Error> = None;
    let report = ingest::ingest(&args.inputs, &args.into, |outcome| match outcome {
        Outcome::Ingested(done) => {
            written += 1;
            let p = &done.provenance;
            let line = if args.json {
                let json = JsonArticle {
                    input: done.input.display().to_string(),
                    article: done.article.display().to_string(),
                    title: p.title.as_deref(),
                    byline: p.byline.as_deref(),
                    published: p.published.as_deref(),
                    url: p.url.as_deref(),
                    site: p.site.as_deref(),
                    language: p.language.as_deref(),
                    chars: done.chars,
                    near_duplicate_of: done
                        .near_duplicate_of
                        .as_ref()
                        .map(|n| n.display().to_string()),
                };
                serde_json::to_string(&json).unwrap_or_default()
            } else {
                format!(
                    "{} -> {} ({} characters)",
                    done.input.display(),
                    done.article.display(),
                    done.chars
                )
            };
            if let Err(e) = writeln!(out, "{line}") {
                write_error.get_or_insert(e);
            }
            for note in &done.notes {
                eprintln!("{}: {note}", done.article.display());
            }
            if let Some(near) = &done.near_duplicate_of {
                eprintln!(
                    "{}: nearly repeats {}",
                    done.article.display(),
                    near.display()
                );
            }
        }
        Outcome::Duplicate { input, record, of } => {
            duplicates += 1;
            let (why, article) = match of {
                Duplicate::SameUrl(a) => ("the same URL as", a),
                Duplicate::SameText(a) => ("the same text as", a),
            };
            let record = record.map(|r| format!(" record {r}")).unwrap_or_default();
            eprintln!(
                "{}{record}: not ingested: {why} {}",
                input.display(),
                article.display()
            );
        }
        Outcome::Failed(error) => eprintln!("{error}"),
    });
    let report = match report {
        Ok(report) => report,
        Err(error) => {
            eprintln!("press-annotate: {error}");
            return Ok(EXIT_USAGE);
        }
    };
    if let Some(e) = write_error {
        return Err(anyhow::anyhow!("cannot write to standard output: {e}"));
    }
    let failed = report.failed();
    eprintln!(
        "{written} article(s) ingested into {}{}{}",
        args.into.display(),
        if duplicates > 0 {
            format!(", {duplicates} duplicate(s) skipped")
        } else {
            String::new()
        },
        if failed > 0 {
            format!(", {failed} input(s) gave no article")
        } else {
            String::new()
        }
    );
    Ok(if failed > 0 { EXIT_PROBLEMS } else { EXIT_OK })
}
