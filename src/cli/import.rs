//! `press-annotate import`.

use std::path::PathBuf;

use crate::import::{ImportError, ImportOptions};

use super::exit::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use super::problems::Problems;

/// `press-annotate import`.
pub fn run(options: &ImportOptions, inputs: &[PathBuf]) -> anyhow::Result<i32> {
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
            let mut printed = Problems::default();
            printed.print_each(&problems);
            printed.finish();
            eprintln!(
                "{} problem(s); nothing was written to {}",
                problems.len(),
                options.into.display()
            );
            Ok(EXIT_PROBLEMS)
        }
    }
}
