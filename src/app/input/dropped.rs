//! Files and folders dropped on the window: saved pages, archives, feeds and dumps (or a
//! folder of them with no article) go to the ingest window, all of them; otherwise the first
//! one opens.

use std::path::PathBuf;

use crate::app::input::command::Command;

/// The command for what was dropped on the window this frame.
pub fn opened(ctx: &egui::Context) -> Option<Command> {
    let dropped: Vec<PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_owned())
            .filter(|p| !p.as_os_str().is_empty())
            .collect()
    });
    command_for(dropped)
}

/// What dropping `paths` does.
pub fn command_for(paths: Vec<PathBuf>) -> Option<Command> {
    let first = paths.first()?.clone();
    if paths.iter().any(|p| crate::ingest::wants_ingest(p)) {
        // Pages come with what else was dropped (a .txt among them is converted to UTF-8
        // if it needs to be, else ingested as it is).
        Some(Command::IngestPaths(paths))
    } else {
        Some(Command::OpenPath(first))
    }
}
