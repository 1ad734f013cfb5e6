//! `press-annotate validate`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use crate::corpus;

use super::exit::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use crate::error::MAX_PROBLEMS_SHOWN;

/// `press-annotate validate`: one line per problem, then a summary.
pub fn run(paths: &[PathBuf]) -> anyhow::Result<i32> {
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
    // Batches a crash left incomplete (crate::atomic's journals): the files they have yet to
    // put in place, each with its journal.
    let mut journal_folders: BTreeSet<PathBuf> = folders.clone();
    for entry in &collected.entries {
        journal_folders.insert(crate::atomic::folder_of(&entry.source));
    }
    let mut journals = Vec::new();
    let mut pending = std::collections::HashMap::new();
    for folder in &journal_folders {
        for journal in crate::atomic::journals_in(folder) {
            match journal {
                Ok(journal) => {
                    for target in journal.pending() {
                        pending.insert(target.to_owned(), journal.path.clone());
                    }
                    journals.push(journal);
                }
                Err(err) => report(&mut out, err.to_string())?,
            }
        }
    }
    for entry in &collected.entries {
        articles.insert(entry.source.clone());
        let half_written = std::iter::once(&entry.source)
            .chain(&entry.annotation_file)
            .find_map(|p| pending.get(&crate::atomic::absolute(p)));
        if let Some(journal) = half_written {
            writeln!(
                out,
                "{}: warning: half-written by a batch interrupted by a crash ({}); the next import or save in this folder completes it",
                entry.source.display(),
                journal.display()
            )?;
            warnings += 1;
            folders.insert(crate::atomic::folder_of(&entry.source));
            if entry.annotation_file.is_some() {
                sets += 1;
            }
            continue;
        }
        folders.insert(crate::atomic::folder_of(&entry.source));
        if entry.annotation_file.is_some() {
            sets += 1;
        }
        // A merge that left conflicts recorded them beside the set (crate::merge).
        if let Some(file) = &entry.annotation_file {
            match crate::merge::load_conflicts(file) {
                Ok(conflicts) if conflicts.is_empty() => {}
                Ok(conflicts) => {
                    let n = conflicts.len();
                    let err = crate::error::FileError::new(
                        file,
                        format!(
                            "{n} unresolved merge conflict{}, recorded in {}",
                            if n == 1 { "" } else { "s" },
                            crate::merge::conflicts_path(file).display()
                        ),
                    );
                    report(&mut out, err.to_string())?;
                }
                Err(err) => report(&mut out, err.to_string())?,
            }
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
    for journal in &journals {
        let left = journal.pending().count();
        writeln!(
            out,
            "{}: warning: the journal of a batch interrupted by a crash, {left} file(s) not yet in place; the next import or save in this folder completes it",
            journal.path.display()
        )?;
        warnings += 1;
    }
    for folder in &folders {
        for temp in crate::atomic::stale_temp_files(folder) {
            let what = if temp.is_dir() {
                "a staging folder left by an interrupted export"
            } else {
                "a temporary file left by an interrupted save"
            };
            writeln!(
                out,
                "{}: warning: {what}; the next import, save or export in this folder removes it",
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
