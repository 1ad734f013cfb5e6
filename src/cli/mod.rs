//! The command line: `press-annotate [PATH]` opens the window; the subcommands check, count,
//! export, import, suggest into and merge annotation sets. Every command calls the core for
//! its work (reading, checking, merging, writing atomically).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::agree::AgreeOptions;
use crate::export::{ExportOptions, Layer};
use crate::formats::Format;
use crate::import::ImportOptions;

mod agree;
mod exit;
mod export;
mod import;
mod ingest;
mod merge;
mod problems;
mod stats;
mod suggest;
mod validate;

pub use exit::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
pub use merge::MergeArgs;
pub use problems::MAX_PROBLEMS_SHOWN;
pub use suggest::SuggestOptions;

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
    Ingest(ingest::IngestArgs),
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
    /// Three-way merge of an annotation set: BASE is the common ancestor, OURS and THEIRS the
    /// two versions; made to be Git's merge driver (README, "A team").
    ///
    /// Annotations, relations and orphans changed on one side are taken; both sides' changes
    /// to one annotation merge field by field (label, span, note, each attribute). What both
    /// changed differently, or one removed and the other changed, is a conflict: the merged set
    /// holds OUR version, and the conflict is recorded beside the set in
    /// `ARTICLE[.ANNOTATOR].conflicts.ron` (docs/FORMAT.md, "Merged sets and recorded
    /// conflicts"), which `validate` reports until it is resolved. The article is found from
    /// --path (else beside OURS); the sets are checked against it and re-anchored on it when it
    /// changed. Exit 0 when merged, 1 when conflicts remain (the merged set is written all the
    /// same) or the merged set would not be valid (nothing written), 2 for a wrong command line,
    /// an input that cannot be read or is not valid, or a file that cannot be written.
    Merge {
        /// The common ancestor (Git's %O); an empty file when both sides added the set.
        base: PathBuf,
        /// Our version (Git's %A).
        ours: PathBuf,
        /// Their version (Git's %B).
        theirs: PathBuf,
        /// Where to write the merged set [default: OURS, in place].
        #[arg(long)]
        out: Option<PathBuf>,
        /// The set's path in the work tree (Git's %P): where its article is, and where the
        /// conflicts are recorded [default: --out].
        #[arg(long, value_name = "REPO-PATH")]
        path: Option<PathBuf>,
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
        Command::Validate { paths } => validate::run(&paths),
        Command::Stats {
            paths,
            annotator,
            json,
        } => stats::run(&paths, annotator.as_deref(), json),
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
            export::run(&options, &inputs, out)
        }
        Command::Agree {
            paths,
            annotators,
            tokens,
            json,
        } => agree::run(&paths, &AgreeOptions { annotators, tokens }, json),
        Command::Ingest(args) => ingest::run(&args),
        Command::Suggest {
            paths,
            only,
            json,
            apply,
            annotator,
            across,
        } => suggest::run(&SuggestOptions {
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
        } => import::run(
            &ImportOptions {
                format,
                into,
                keep_unknown,
                force,
                annotator,
            },
            &inputs,
        ),
        Command::Merge {
            base,
            ours,
            theirs,
            out,
            path,
        } => merge::run(&MergeArgs {
            base,
            ours,
            theirs,
            out,
            path,
        }),
    }
}
