//! What the window remembers between runs (eframe persistence): recent files and folders, the
//! annotator's name, text size, theme and autosave.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// How many recent files (and, apart, folders) are kept.
pub const RECENT_MAX: usize = 10;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub recent: Vec<PathBuf>,
    pub recent_folders: Vec<PathBuf>,
    /// Whose sets are read and written (`--annotator` overrides it); `None`: the set without
    /// an annotator name.
    pub annotator: Option<String>,
    /// The article's text size in points.
    pub font_size: f32,
    pub dark_mode: bool,
    pub autosave: bool,
    /// When adjudicating, spans every annotator agrees on go into gold on opening.
    pub auto_accept_agreed: bool,
    /// Which suggestion sources the window shows (toolbar toggles).
    pub suggest_quotes: bool,
    pub suggest_patterns: bool,
    pub suggest_propagation: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            recent_folders: Vec::new(),
            annotator: None,
            font_size: 17.0,
            dark_mode: false,
            autosave: true,
            auto_accept_agreed: true,
            suggest_quotes: true,
            suggest_patterns: true,
            suggest_propagation: true,
        }
    }
}

/// Puts `path` first in a recent list (absolute, no duplicates).
fn add_to(list: &mut Vec<PathBuf>, path: &Path) {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    list.retain(|p| p != &path);
    list.insert(0, path);
    list.truncate(RECENT_MAX);
}

impl Settings {
    /// The suggestion sources switched on.
    pub fn suggestion_sources(&self) -> crate::suggest::Sources {
        crate::suggest::Sources {
            quotes: self.suggest_quotes,
            patterns: self.suggest_patterns,
            propagation: self.suggest_propagation,
        }
    }

    /// Switches a suggestion source on or off.
    pub fn toggle_suggestions(&mut self, source: crate::suggest::SuggestionSource) {
        use crate::suggest::SuggestionSource::*;
        let flag = match source {
            Quotes => &mut self.suggest_quotes,
            Patterns => &mut self.suggest_patterns,
            Propagation => &mut self.suggest_propagation,
        };
        *flag = !*flag;
    }

    /// Puts an article first in the recent files.
    pub fn add_recent(&mut self, path: &Path) {
        add_to(&mut self.recent, path);
    }

    /// Puts a folder first in the recent folders.
    pub fn add_recent_folder(&mut self, path: &Path) {
        add_to(&mut self.recent_folders, path);
    }
}
