//! The window's state, without egui: the [`Workspace`] (open folder and article, their file
//! life cycle), the [`Session`] (everything of the open article) and the [`Settings`]
//! remembered between runs.

pub mod caret;
pub mod find;
pub mod session;
pub mod settings;
pub mod workspace;

pub use session::Session;
pub use settings::Settings;
pub use workspace::{AUTOSAVE_DELAY, AfterUnsaved, Workspace};
