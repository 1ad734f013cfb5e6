//! The command line: `press-annotate [PATH]` opens the window; the subcommands check, count,
//! export and import annotation sets. Every command calls the core; nothing here writes an
//! annotation file.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::corpus;
use crate::stats::Stats;

/// Exit code: everything valid.
pub const EXIT_OK: i32 = 0;
/// Exit code: a problem was found in the input.
pub const EXIT_PROBLEMS: i32 = 1;
/// Exit code: the command line itself was wrong.
pub const EXIT_USAGE: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "press-annotate",
    version,
    about = "Label press articles: claims, quotes and entities, saved as RON beside the article",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Article (.txt, .md) or annotation file to open in the window.
    pub path: Option<PathBuf>,
    /// Work on this annotator's set (1-32 characters of a-z 0-9 _ -).
    #[arg(long, value_parser = parse_annotator)]
    pub annotator: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check articles, annotation files and folders against FORMAT.md; never changes a file.
    Validate {
        /// Articles, annotation files or folders (searched recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Count articles by status, annotations by label and attribute, relations by label.
    Stats {
        /// Articles, annotation files or folders (searched recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Only this annotator's sets.
        #[arg(long, value_parser = parse_annotator)]
        annotator: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

fn parse_annotator(name: &str) -> Result<String, String> {
    if crate::schema::is_valid_name(name) {
        Ok(name.to_owned())
    } else {
        Err("an annotator name is 1-32 characters of a-z 0-9 _ -".to_owned())
    }
}

/// Runs a subcommand and returns the process exit code.
pub fn run(command: Command) -> anyhow::Result<i32> {
    match command {
        Command::Validate { paths } => validate(&paths),
        Command::Stats {
            paths,
            annotator,
            json,
        } => stats(&paths, annotator.as_deref(), json),
    }
}

/// `press-annotate validate`: one line per problem, then a summary.
fn validate(paths: &[PathBuf]) -> anyhow::Result<i32> {
    let collected = corpus::collect(paths, None);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if !collected.missing.is_empty() && collected.entries.is_empty() && collected.schemas.is_empty()
    {
        for err in &collected.missing {
            eprintln!("{err}");
        }
        return Ok(EXIT_USAGE);
    }
    // A broken schema is reported once, not once per article under it.
    let mut printed = BTreeSet::new();
    let mut problems = 0usize;
    let mut warnings = 0usize;
    for err in &collected.missing {
        writeln!(out, "{err}")?;
        problems += 1;
    }
    for schema in &collected.schemas {
        if let Err(errors) = crate::schema::Schema::read(schema) {
            for err in errors {
                if printed.insert(err.to_string()) {
                    writeln!(out, "{err}")?;
                    problems += 1;
                }
            }
        }
    }
    let mut sets = 0usize;
    let mut articles = BTreeSet::new();
    for entry in &collected.entries {
        articles.insert(entry.source.clone());
        if entry.annotation_file.is_some() {
            sets += 1;
        }
        match entry.load() {
            Ok(loaded) => {
                if loaded.report.source_changed {
                    let file = entry.annotation_file.as_deref().unwrap_or(&entry.source);
                    writeln!(
                        out,
                        "{}: warning: the source changed since this set was saved; {}",
                        file.display(),
                        loaded.report.summary(true)
                    )?;
                    warnings += 1;
                }
            }
            Err(errors) => {
                for err in errors.0 {
                    if printed.insert(err.to_string()) {
                        writeln!(out, "{err}")?;
                        problems += 1;
                    }
                }
            }
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    writeln!(
        out,
        "checked {} and {}: {}, {}",
        plural(articles.len(), "article"),
        plural(sets, "annotation file"),
        plural(problems, "problem"),
        plural(warnings, "warning")
    )?;
    Ok(if problems == 0 {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    })
}

/// `press-annotate stats`.
fn stats(paths: &[PathBuf], annotator: Option<&str>, json: bool) -> anyhow::Result<i32> {
    let collected = corpus::collect(paths, annotator);
    for err in &collected.missing {
        eprintln!("{err}");
    }
    if !collected.missing.is_empty() && collected.entries.is_empty() {
        return Ok(EXIT_USAGE);
    }
    let mut stats = Stats::new();
    let mut failed = 0;
    for entry in &collected.entries {
        match entry.load() {
            Ok(loaded) => stats.add(&loaded.set),
            Err(errors) => {
                failed += 1;
                eprintln!("{errors}");
            }
        }
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
    } else {
        print!("{}", stats.to_text());
    }
    if failed > 0 {
        eprintln!("{failed} annotation file(s) could not be read and are not counted");
        return Ok(EXIT_PROBLEMS);
    }
    Ok(if collected.missing.is_empty() {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    })
}
