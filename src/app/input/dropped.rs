//! Files and folders dropped on the window: the first one opens.

use std::path::PathBuf;

use crate::app::input::command::Command;

/// The command that opens what was dropped on the window this frame (the first path, if
/// several).
pub fn opened(ctx: &egui::Context) -> Option<Command> {
    let dropped: Option<PathBuf> = ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_owned())
            .find(|p| !p.as_os_str().is_empty())
    });
    dropped.map(Command::OpenPath)
}
