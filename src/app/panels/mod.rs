//! The panels around the article: menu bar, toolbar, find bar, status bar, side panel (with the
//! conflicts of a merge with the disk) and the folder's list.

pub mod article_screen;
pub mod conflicts;
pub mod find_bar;
pub mod folder;
pub mod menu_bar;
pub mod provenance;
pub mod side;
pub mod status_bar;
pub mod toolbar;
