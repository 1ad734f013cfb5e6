//! The command line: `press-annotate [PATH]` opens the window; the subcommands check, count,
//! export and import annotation sets. Every command calls the core; nothing here writes an
//! annotation file.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::agree::{AgreeError, AgreeOptions};
use crate::corpus;
use crate::export::{ExportError, ExportOptions, Layer, Output};
use crate::formats::Format;
use crate::import::{ImportError, ImportOptions};

/// Exit code: everything valid.
pub const EXIT_OK: i32 = 0;
/// Exit code: a problem was found in the input.
pub const EXIT_PROBLEMS: i32 = 1;
/// Exit code: the command line itself was wrong.
pub const EXIT_USAGE: i32 = 2;

/// `validate` prints this many problems, then how many more there are.
pub const MAX_PROBLEMS_SHOWN: usize = 1000;

#[derive(Debug, Parser)]
#[command(
    name = "press-annotate",
    version = crate::version::long(),
    about = "Label press articles: claims, quotes and entities, saved as RON beside the article",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Article (.txt, .md) or annotation file to open in the window.
    pub path: Option<PathBuf>,
    /// Work on this annotator's set (1-32 characters of a-z 0-9 _ -).
    #[arg(long, value_parser = parse_annotator)]
    pub annotator: Option<String>,
    /// Adjudicate FOLDER in the window: each article's annotators' sets merged, decision by
    /// decision, into its gold set (`story.txt.gold.annotations.ron`).
    #[arg(long, value_name = "FOLDER", conflicts_with_all = ["path", "annotator"])]
    pub adjudicate: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check articles, annotation files and folders against docs/FORMAT.md; never changes a file.
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
    /// Export annotation sets for training and evaluation tools (summary on standard error).
    ///
    /// Offsets are code points in jsonl, label-studio, brat and csv, and UTF-16 code units in
    /// doccano (see docs/FORMAT.md, "Exports"). Sets whose article changed are re-anchored in memory first; orphans
    /// are left out and counted. Exit 0 when every input was read, 1 when some could not be
    /// (they are left out and named), 2 for a wrong command line.
    Export {
        /// Articles, annotation files or folders (searched recursively: every article that
        /// has an annotation set).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_parser = format_parser(Format::exportable()), default_value = "jsonl")]
        format: Format,
        /// Write to this file (a folder for brat) instead of standard output; written in
        /// full or not at all.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only this annotator's sets.
        #[arg(long, value_parser = parse_annotator)]
        annotator: Option<String>,
        /// Only sets whose status is Done.
        #[arg(long)]
        only_done: bool,
        /// jsonl: add Prodigy-style tokens, and token_start / token_end on spans.
        #[arg(long)]
        tokens: bool,
        /// conll: which spans become tags [default: entity].
        #[arg(long, value_enum)]
        layer: Option<Layer>,
    },
    /// Inter-annotator agreement of the sets several annotators made of the same articles.
    ///
    /// Every pair of annotators is compared on the articles both annotated, spans under
    /// their flat labels (PER, ORG, LOC, MISC, QUOTE, CLAIM): F1 per label, per article and
    /// overall, mean and SD over pairs, as bratiaa computes them; F1 of speaker and claimer
    /// links; Cohen's kappa per pair and Krippendorff's alpha on the CoNLL export's token
    /// tags. Sets whose article changed are re-anchored in memory first; orphans are left
    /// out. Exit 0 when every set was read, 1 when some could not be (they are left out and
    /// named) or fewer than two annotators' sets were found, 2 for a wrong command line.
    Agree {
        /// Articles, annotation files or folders (searched recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Only these annotators, comma-separated (an empty name is the set without one).
        #[arg(long, value_delimiter = ',', value_parser = parse_annotator_or_unnamed)]
        annotators: Option<Vec<String>>,
        /// Token-based F1 (spans split into the CoNLL export's tokens) instead of exact spans.
        #[arg(long)]
        tokens: bool,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Suggest annotations: quotes with their speakers, entities from the patterns.jsonl beside
    /// the schema file (spaCy EntityRuler format), and other occurrences of labeled spans.
    ///
    /// Prints one line per suggestion; with --json one JSON object per line (article, label,
    /// start, end, text, attributes, source, speaker), offsets in code points. Suggestions
    /// overlapping an annotation of the same label, and those rejected in the window, are left
    /// out. --apply adds them (a quote's speaker as an entity with a speaker relation) to the
    /// sets that are not Done, each set written atomically, and reports counts on standard
    /// error. Exit 0 when every input was read, 1 when some could not be (they are named), 2
    /// for a wrong command line.
    Suggest {
        /// Articles, annotation files or folders (searched recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Only these sources (quotes, patterns, propagation) and/or labels (quote, entity,
        /// ...), comma-separated.
        #[arg(long, value_delimiter = ',')]
        only: Option<Vec<String>>,
        /// Print JSON lines instead of text.
        #[arg(long)]
        json: bool,
        /// Add the suggestions to the annotation sets (not to sets marked Done).
        #[arg(long)]
        apply: bool,
        /// Only this annotator's sets (with --apply: the sets to create or add to).
        #[arg(long, value_parser = parse_annotator)]
        annotator: Option<String>,
        /// Propagate labeled spans across all the sets given, not only within each article.
        #[arg(long)]
        across: bool,
    },
    /// Import documents from brat, doccano, jsonl or Label Studio files into a folder:
    /// FOLDER/<id>.txt with its annotation set beside it.
    ///
    /// Labels are mapped onto the schema in force in FOLDER; labels it does not know are
    /// reported and nothing is written, unless --keep-unknown. Nothing is written either when
    /// any document has a problem, or when a file in FOLDER would be overwritten without
    /// --force. Exit 0 when imported, 1 for problems in the inputs, 2 for a wrong command line.
    Import {
        /// Input files (a folder for brat).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Input format.
        #[arg(long, value_parser = format_parser(Format::importable()))]
        format: Format,
        /// The folder to write articles and annotation sets into.
        #[arg(long, value_name = "FOLDER")]
        into: PathBuf,
        /// Add unknown labels, attributes and relation labels to annotation-schema.ron in
        /// FOLDER instead of stopping.
        #[arg(long)]
        keep_unknown: bool,
        /// Overwrite files that exist already.
        #[arg(long)]
        force: bool,
        /// The annotator of documents whose input does not name one.
        #[arg(long, value_parser = parse_annotator)]
        annotator: Option<String>,
    },
}

/// Parses a format name among `formats`; `--help` lists them with what each is.
fn format_parser(
    formats: impl Iterator<Item = Format>,
) -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values: Vec<PossibleValue> = formats
        .map(|f| PossibleValue::new(f.name()).help(f.summary()))
        .collect();
    PossibleValuesParser::new(values).map(|name| Format::from_name(&name).unwrap_or_default())
}

fn parse_annotator(name: &str) -> Result<String, String> {
    if crate::schema::is_valid_name(name) {
        Ok(name.to_owned())
    } else {
        Err("an annotator name is 1-32 characters of a-z 0-9 _ -".to_owned())
    }
}

fn parse_annotator_or_unnamed(name: &str) -> Result<String, String> {
    if name.is_empty() {
        Ok(String::new())
    } else {
        parse_annotator(name)
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
        Command::Export {
            inputs,
            format,
            out,
            annotator,
            only_done,
            tokens,
            layer,
        } => {
            if layer.is_some() && format != Format::Conll {
                eprintln!("press-annotate: --layer applies to the conll format only");
                return Ok(EXIT_USAGE);
            }
            let options = ExportOptions {
                format,
                annotator,
                only_done,
                tokens,
                layer: layer.unwrap_or_default(),
            };
            export(&options, &inputs, out)
        }
        Command::Agree {
            paths,
            annotators,
            tokens,
            json,
        } => agree(&paths, &AgreeOptions { annotators, tokens }, json),
        Command::Suggest {
            paths,
            only,
            json,
            apply,
            annotator,
            across,
        } => crate::cli_suggest::run(&crate::cli_suggest::SuggestOptions {
            paths,
            only: only.unwrap_or_default(),
            json,
            apply,
            annotator,
            across,
        }),
        Command::Import {
            inputs,
            format,
            into,
            keep_unknown,
            force,
            annotator,
        } => import(
            &ImportOptions {
                format,
                into,
                keep_unknown,
                force,
                annotator,
            },
            &inputs,
        ),
    }
}

/// `press-annotate export`: the data to --out or standard output, the summary to standard
/// error.
fn export(
    options: &ExportOptions,
    inputs: &[PathBuf],
    out: Option<PathBuf>,
) -> anyhow::Result<i32> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    let output = match out {
        Some(path) => Output::Path(path),
        None => Output::Writer(&mut lock),
    };
    match crate::export::run(options, inputs, output, &mut |_, _| {}) {
        Ok(summary) => {
            eprint!("{summary}");
            Ok(if summary.problems() == 0 {
                EXIT_OK
            } else {
                EXIT_PROBLEMS
            })
        }
        Err(ExportError::NoInput(errors)) => {
            for err in errors {
                eprintln!("{err}");
            }
            Ok(EXIT_USAGE)
        }
        Err(ExportError::Usage(message)) => {
            eprintln!("press-annotate: {message}");
            Ok(EXIT_USAGE)
        }
        Err(ExportError::Write(err)) => {
            eprintln!("{err}");
            eprintln!("nothing was exported");
            Ok(EXIT_PROBLEMS)
        }
    }
}

/// `press-annotate agree`: the report on standard output, what was left out on standard
/// error.
fn agree(paths: &[PathBuf], options: &AgreeOptions, json: bool) -> anyhow::Result<i32> {
    match crate::agree::run(paths, options) {
        Ok(report) => {
            let text = if json {
                serde_json::to_string_pretty(&report)? + "\n"
            } else {
                report.to_string()
            };
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                // The reader stopped reading (`| head`): not a problem of the inputs.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                result => result?,
            }
            eprint!("{}", report.notes());
            Ok(if report.problems() == 0 {
                EXIT_OK
            } else {
                EXIT_PROBLEMS
            })
        }
        Err(AgreeError::NoInput(errors)) => {
            for err in errors {
                eprintln!("{err}");
            }
            Ok(EXIT_USAGE)
        }
        Err(AgreeError::Usage(message)) => {
            eprintln!("press-annotate: {message}");
            Ok(EXIT_USAGE)
        }
        Err(AgreeError::TooFewAnnotators(message)) => {
            eprintln!("press-annotate: {message}");
            Ok(EXIT_PROBLEMS)
        }
    }
}

/// `press-annotate import`.
fn import(options: &ImportOptions, inputs: &[PathBuf]) -> anyhow::Result<i32> {
    match crate::import::run(options, inputs) {
        Ok(report) => {
            eprint!("{report}");
            Ok(EXIT_OK)
        }
        Err(ImportError::Usage(message)) => {
            eprintln!("press-annotate: {message}");
            Ok(EXIT_USAGE)
        }
        Err(ImportError::Problems(problems)) => {
            for problem in &problems {
                eprintln!("{problem}");
            }
            eprintln!(
                "{} problem(s); nothing was written to {}",
                problems.len(),
                options.into.display()
            );
            Ok(EXIT_PROBLEMS)
        }
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
    // A broken schema is reported once, not once per article under it. Only the first
    // MAX_PROBLEMS_SHOWN problems are printed; the rest are counted.
    let mut printed = BTreeSet::new();
    let mut problems = 0usize;
    let mut warnings = 0usize;
    let mut report = |out: &mut dyn Write, err: String| -> std::io::Result<()> {
        if printed.insert(err.clone()) {
            if problems < MAX_PROBLEMS_SHOWN {
                writeln!(out, "{err}")?;
            }
            problems += 1;
        }
        Ok(())
    };
    for err in &collected.missing {
        report(&mut out, err.to_string())?;
    }
    for schema in &collected.schemas {
        if let Err(errors) = crate::schema::Schema::read(schema) {
            for err in errors {
                report(&mut out, err.to_string())?;
            }
        }
    }
    let mut sets = 0usize;
    let mut articles = BTreeSet::new();
    let mut folders = BTreeSet::new();
    for path in paths.iter().filter(|p| p.is_dir()) {
        folders.insert(path.clone());
    }
    for entry in &collected.entries {
        articles.insert(entry.source.clone());
        folders.insert(crate::atomic::folder_of(&entry.source));
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
                    report(&mut out, err.to_string())?;
                }
            }
        }
    }
    for folder in &folders {
        for temp in crate::atomic::stale_temp_files(folder) {
            writeln!(
                out,
                "{}: warning: a temporary file left by an interrupted save; the next save in this folder removes it",
                temp.display()
            )?;
            warnings += 1;
        }
    }
    if problems > MAX_PROBLEMS_SHOWN {
        writeln!(
            out,
            "... and {} more problems not shown",
            problems - MAX_PROBLEMS_SHOWN
        )?;
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
    let (stats, failures) = crate::stats::of_collected(&collected);
    for errors in &failures {
        eprintln!("{errors}");
    }
    let failed = failures.len();
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
