//! What the window remembers between runs (eframe persistence): recent files and folders, the
//! annotator's name, text size, zoom, which panels show, theme and autosave.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The interface's zoom steps (Ctrl + / Ctrl −) and its bounds.
pub const ZOOM_STEP: f32 = 0.1;
pub const ZOOM_MIN: f32 = 0.5;
pub const ZOOM_MAX: f32 = 3.0;

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
    /// The whole interface's zoom (menus, panels and article alike; Ctrl + / Ctrl −).
    pub zoom: f32,
    /// View → Side panel / Folder panel: shown or hidden.
    pub show_side_panel: bool,
    pub show_folder_panel: bool,
    /// View → Headlines in the folder list: ingested articles listed by their headline (from
    /// their provenance) instead of their file name.
    pub show_headlines: bool,
    pub dark_mode: bool,
    pub autosave: bool,
    /// When adjudicating, spans every annotator agrees on go into gold on opening.
    pub auto_accept_agreed: bool,
    /// …also those every annotator only accepted from the same suggestion (off: they wait
    /// for a key press, as a suggestion all accepted may be wrong for all).
    pub auto_accept_suggested: bool,
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
            zoom: 1.0,
            show_side_panel: true,
            show_folder_panel: true,
            show_headlines: true,
            dark_mode: false,
            autosave: true,
            auto_accept_agreed: true,
            auto_accept_suggested: false,
            suggest_quotes: true,
            suggest_patterns: true,
            suggest_propagation: true,
        }
    }
}

impl Settings {
    /// The zoom `steps` steps from the current one (negative: smaller), rounded to a step and
    /// kept within bounds (a remembered zoom that is not a number becomes 1).
    pub fn zoom_by(&mut self, steps: i32) {
        let current = if self.zoom.is_finite() {
            self.zoom
        } else {
            1.0
        };
        let next = ((current / ZOOM_STEP).round() + steps as f32) * ZOOM_STEP;
        self.zoom = next.clamp(ZOOM_MIN, ZOOM_MAX);
    }

    /// The zoom to apply: the remembered one within bounds.
    pub fn effective_zoom(&self) -> f32 {
        if self.zoom.is_finite() {
            self.zoom.clamp(ZOOM_MIN, ZOOM_MAX)
        } else {
            1.0
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
