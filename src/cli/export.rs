//! `press-annotate export`.

use std::path::PathBuf;

use crate::export::{ExportError, ExportOptions, Output};

use super::exit::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use super::problems::Problems;

/// `press-annotate export`: the data to --out or standard output, the summary to standard
/// error.
pub fn run(
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
            let mut printed = Problems::default();
            printed.print_each(&errors);
            printed.finish();
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
