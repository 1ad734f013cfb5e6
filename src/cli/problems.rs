//! Printing problems on standard error: at most [`MAX_PROBLEMS_SHOWN`], then how many more
//! there are (the same cap for every command).

use std::fmt::Display;

pub use crate::error::MAX_PROBLEMS_SHOWN;
use crate::error::{FileError, FileErrors};

/// Counts problems as they come and prints the first [`MAX_PROBLEMS_SHOWN`].
#[derive(Debug, Default)]
pub struct Problems {
    count: usize,
}

impl Problems {
    /// One problem (one line).
    pub fn print(&mut self, problem: impl Display) {
        if self.count < MAX_PROBLEMS_SHOWN {
            eprintln!("{problem}");
        }
        self.count += 1;
    }

    /// Each of a file's problems.
    pub fn print_all(&mut self, errors: &FileErrors) {
        for err in &errors.0 {
            self.print(err);
        }
    }

    /// Each problem of a list.
    pub fn print_each<'a>(&mut self, errors: impl IntoIterator<Item = &'a FileError>) {
        for err in errors {
            self.print(err);
        }
    }

    /// Prints how many were not shown, if any.
    pub fn finish(&self) {
        if self.count > MAX_PROBLEMS_SHOWN {
            eprintln!(
                "... and {} more problems not shown",
                self.count - MAX_PROBLEMS_SHOWN
            );
        }
    }
}
