//! `press-annotate merge BASE OURS THEIRS`: the three-way merge of an annotation set
//! ([`crate::merge`]), made to be Git's merge driver for `*.annotations.ron`:
//!
//! ```text
//! git config merge.press-annotate.driver "press-annotate merge %O %A %B --out %A --path %P"
//! ```
//!
//! Git passes temporary files for the three versions and, with `%P`, the set's path in the
//! work tree (relative to its top, the driver's working folder), from which the article is
//! found (`source.file` is relative to the set's folder); without `--path` the article is
//! looked for beside OURS. When it is found, OURS and THEIRS are checked against it (and the
//! schema in force), and all three are re-anchored on it if it changed since they were saved,
//! so that offsets are compared on one text. The merged set is checked again before it is
//! written, atomically and in canonical form, to `--out` (OURS by default: in place, as Git
//! expects). Conflicts left are recorded beside the real set (`--path`, else `--out`), added
//! to those recorded already, and listed on standard error.
//!
//! Exit 0: merged; 1: merged with conflicts (written and recorded), or a merged set that would
//! not be valid (nothing written); 2: a wrong command line, an input that cannot be read or is
//! not valid, sets of different articles or annotators, a file that cannot be written.

use std::path::{Path, PathBuf};

use super::exit::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use super::problems::Problems;
use crate::error::FileError;
use crate::merge::{self, Conflict};
use crate::model::AnnotationSet;
use crate::schema::Schema;
use crate::store;
use crate::validate::{self, Context};

/// What `merge` was asked.
#[derive(Clone, Debug)]
pub struct MergeArgs {
    pub base: PathBuf,
    pub ours: PathBuf,
    pub theirs: PathBuf,
    pub out: Option<PathBuf>,
    pub path: Option<PathBuf>,
}

/// One input: its text and the set parsed from it (`None`: an empty file, which Git gives as
/// the base of a set both sides added).
struct Input {
    path: PathBuf,
    text: String,
    set: Option<AnnotationSet>,
}

fn read(path: &Path) -> Result<Input, FileError> {
    let bytes = crate::bounded_read::read(path, crate::bounded_read::MAX_DATA_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        FileError::new(
            path,
            format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        )
    })?;
    let set = if text.trim().is_empty() {
        None
    } else {
        Some(store::parse_set(path, &text)?)
    };
    Ok(Input {
        path: path.to_owned(),
        text,
        set,
    })
}

/// `press-annotate merge`.
pub fn run(args: &MergeArgs) -> anyhow::Result<i32> {
    let mut printed = Problems::default();
    let mut inputs = Vec::new();
    for path in [&args.base, &args.ours, &args.theirs] {
        match read(path) {
            Ok(input) => inputs.push(input),
            Err(err) => printed.print(&err),
        }
    }
    let [base, ours, theirs] = match <[Input; 3]>::try_from(inputs) {
        Ok(inputs) => inputs,
        Err(_) => return Ok(EXIT_USAGE),
    };
    let (Some(mut ours_set), Some(mut theirs_set)) = (ours.set.clone(), theirs.set.clone()) else {
        let empty = if ours.set.is_none() { &ours } else { &theirs };
        eprintln!("{}: the file is empty", empty.path.display());
        return Ok(EXIT_USAGE);
    };
    let out_path = args.out.clone().unwrap_or_else(|| args.ours.clone());
    let real_path = args.path.clone().unwrap_or_else(|| out_path.clone());
    // The sets must be of one article and one annotator.
    let mut base_set = base.set.clone();
    for (input, set) in [(&base, base_set.as_ref()), (&theirs, Some(&theirs_set))] {
        let Some(set) = set else { continue };
        if set.source.file != ours_set.source.file || set.annotator != ours_set.annotator {
            let who = |s: &AnnotationSet| {
                format!(
                    "\"{}\" by {}",
                    s.source.file,
                    crate::annotator::display_name(s.annotator.as_deref().unwrap_or(""))
                )
            };
            eprintln!(
                "{}: a set of {}, not of {} like {}; not merging",
                input.path.display(),
                who(set),
                who(&ours_set),
                ours.path.display()
            );
            return Ok(EXIT_USAGE);
        }
    }
    // The article, to check the inputs and re-anchor them on one text.
    let folder = crate::atomic::folder_of(args.path.as_deref().unwrap_or(&args.ours));
    let article_path = folder.join(&ours_set.source.file);
    let checked = match store::read_source(&article_path) {
        Ok(source) => match Schema::for_article(&article_path) {
            Ok(schema) => Some((source, schema)),
            Err(errors) => {
                printed.print_each(&errors);
                printed.finish();
                return Ok(EXIT_USAGE);
            }
        },
        Err(err) => {
            eprintln!(
                "{err}\npress-annotate: warning: merging without the article: spans are not checked against its text"
            );
            None
        }
    };
    let (expected_source, expected_annotator) = match store::source_of(&real_path) {
        Some((source, annotator)) => (
            source
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            annotator,
        ),
        None => (ours_set.source.file.clone(), ours_set.annotator.clone()),
    };
    let problems_of = |set: &AnnotationSet, path: &Path, text: &str| -> Vec<FileError> {
        let Some((source, schema)) = &checked else {
            return Vec::new();
        };
        validate::problems(
            set,
            &Context {
                path,
                file_text: text,
                article: &source.article,
                sha256: &source.sha256,
                schema,
                expected_source: &expected_source,
                expected_annotator: expected_annotator.as_deref(),
            },
        )
    };
    let mut invalid = false;
    for (input, set) in [(&ours, &ours_set), (&theirs, &theirs_set)] {
        let problems = problems_of(set, &input.path, &input.text);
        invalid |= !problems.is_empty();
        printed.print_each(&problems);
    }
    if invalid {
        printed.finish();
        eprintln!("press-annotate: not merging sets that are not valid");
        return Ok(EXIT_USAGE);
    }
    if let Some((source, _)) = &checked {
        for set in [
            Some(&mut ours_set),
            Some(&mut theirs_set),
            base_set.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            set.sort();
            crate::reanchor::reanchor(set, &source.article, &source.sha256);
        }
    }
    let base_set = base_set
        .unwrap_or_else(|| AnnotationSet::new(ours_set.source.clone(), ours_set.annotator.clone()));
    let merged = merge::merge(&base_set, &ours_set, &theirs_set);
    let text = crate::canonical::to_canonical_ron(&merged.set);
    let problems = problems_of(&merged.set, &out_path, &text);
    if !problems.is_empty() {
        printed.print_each(&problems);
        printed.finish();
        eprintln!(
            "press-annotate: the merged set would not be valid; {} left as it was",
            out_path.display()
        );
        return Ok(EXIT_PROBLEMS);
    }
    // Conflicts are recorded first, so that a merged set is never written without them.
    if !merged.conflicts.is_empty() {
        let mut recorded = match merge::load_conflicts(&real_path) {
            Ok(recorded) => recorded,
            Err(err) => {
                eprintln!("{err}\npress-annotate: not merging over conflicts that cannot be read");
                return Ok(EXIT_USAGE);
            }
        };
        let new: Vec<&Conflict> = merged
            .conflicts
            .iter()
            .filter(|c| !recorded.contains(c))
            .collect();
        recorded.extend(new.into_iter().cloned());
        if let Err(err) = merge::save_conflicts(&real_path, &recorded) {
            eprintln!("{err}");
            return Ok(EXIT_USAGE);
        }
    }
    if let Err(err) = store::write_atomically(&out_path, text.as_bytes()) {
        eprintln!("{err}");
        return Ok(EXIT_USAGE);
    }
    if merged.conflicts.is_empty() {
        eprintln!(
            "{}: merged: {}",
            real_path.display(),
            merge::describe_changes(&ours_set, &merged.set)
        );
        return Ok(EXIT_OK);
    }
    for conflict in &merged.conflicts {
        printed.print(format!(
            "{}: conflict: {}",
            real_path.display(),
            conflict.summary()
        ));
    }
    printed.finish();
    eprintln!(
        "{}: merged with {} conflict(s), recorded in {}; the set holds our version of each (resolve them in the window)",
        real_path.display(),
        merged.conflicts.len(),
        merge::conflicts_path(&real_path).display()
    );
    Ok(EXIT_PROBLEMS)
}
