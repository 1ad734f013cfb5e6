//! Errors that name the file, the place in it, and what is wrong.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem with one file: `path:line:col: message`, or `path: message` where no place
/// in the file applies.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct FileError {
    pub path: PathBuf,
    /// 1-based line and column, where the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl FileError {
    pub fn new(path: &Path, message: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            position: None,
            message: message.into(),
        }
    }

    pub fn at(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            position: Some((line, col)),
            message: message.into(),
        }
    }

    pub fn io(path: &Path, err: std::io::Error) -> Self {
        let message = match err.kind() {
            std::io::ErrorKind::NotFound => "file not found".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => err.to_string(),
        };
        Self::new(path, message)
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, col)) => {
                write!(f, "{}:{line}:{col}: {}", self.path.display(), self.message)
            }
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Every problem found in one file (loading reports them all, not just the first).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct FileErrors(pub Vec<FileError>);

impl fmt::Display for FileErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, err) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{err}")?;
        }
        Ok(())
    }
}

impl From<FileError> for FileErrors {
    fn from(err: FileError) -> Self {
        Self(vec![err])
    }
}

/// Every command prints at most this many problems, then how many more there are.
pub const MAX_PROBLEMS_SHOWN: usize = 1000;

/// Writes the first [`MAX_PROBLEMS_SHOWN`] of `problems`, one a line after `prefix`, then
/// how many more there are.
pub fn write_capped<'a>(
    out: &mut dyn fmt::Write,
    prefix: &str,
    problems: impl IntoIterator<Item = &'a FileError>,
) -> fmt::Result {
    let mut count = 0usize;
    for err in problems {
        if count < MAX_PROBLEMS_SHOWN {
            writeln!(out, "{prefix}{err}")?;
        }
        count += 1;
    }
    if count > MAX_PROBLEMS_SHOWN {
        writeln!(
            out,
            "... and {} more problems not shown",
            count - MAX_PROBLEMS_SHOWN
        )?;
    }
    Ok(())
}
