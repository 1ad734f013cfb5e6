//! What `press-annotate --version` prints: the program's version and the annotation format
//! version it writes (docs/FORMAT.md), so a user can tell which files a build reads and writes.

use crate::model::FORMAT_VERSION;

/// `0.1.0 (annotation format 1)`: the text after the program's name in `--version`.
pub fn long() -> String {
    format!(
        "{} (annotation format {FORMAT_VERSION})",
        env!("CARGO_PKG_VERSION")
    )
}
