//! `press-annotate stats`.

use std::path::PathBuf;

use crate::corpus;

use super::exit::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use super::problems::Problems;

/// `press-annotate stats`.
pub fn run(paths: &[PathBuf], annotator: Option<&str>, json: bool) -> anyhow::Result<i32> {
    let collected = corpus::collect(paths, annotator);
    let mut printed = Problems::default();
    printed.print_each(&collected.missing);
    if !collected.missing.is_empty() && collected.entries.is_empty() {
        return Ok(EXIT_USAGE);
    }
    let (stats, failures) = crate::stats::of_collected(&collected);
    for errors in &failures {
        printed.print_all(errors);
    }
    printed.finish();
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
