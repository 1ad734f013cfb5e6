//! What the user asks for: the [`Command`] enum, and the keymaps that turn keys into commands
//! (one per mode, every key of the window in them).

pub mod command;
pub mod dropped;
pub mod focus;
pub mod keymap;
pub mod label_slots;

pub use command::Command;
