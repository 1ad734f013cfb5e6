//! `press-annotate agree`.

use std::io::Write;
use std::path::PathBuf;

use crate::agree::{AgreeError, AgreeOptions};

use super::exit::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use super::problems::Problems;

/// `press-annotate agree`: the report on standard output, what was left out on standard
/// error.
pub fn run(paths: &[PathBuf], options: &AgreeOptions, json: bool) -> anyhow::Result<i32> {
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
            let mut printed = Problems::default();
            printed.print_each(&errors);
            printed.finish();
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
