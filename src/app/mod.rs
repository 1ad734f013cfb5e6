//! The window.

use std::path::PathBuf;

pub fn run(_path: Option<PathBuf>, _annotator: Option<String>) -> anyhow::Result<()> {
    anyhow::bail!("the window is not built yet")
}
