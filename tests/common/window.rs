//! The one kittest harness of the window tests: the real app at 1280×800 as eframe builds it,
//! and the key presses a user makes.

use std::path::PathBuf;

use egui::{Key, Modifiers};
use egui_kittest::{Harness, HarnessBuilder};
use press_annotate::app::PressApp;

/// The harness settings every window test starts from (1280×800, up to 20 steps of 0.25 s
/// per `run`); a test changes what it needs (size, glyphs, theme, wgpu) before building.
pub fn window_builder() -> HarnessBuilder<PressApp> {
    Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(20)
        .with_step_dt(0.25)
}

/// The app opened on `path` (an article, an annotation file or a folder) as `annotator`.
pub fn open_window(path: Option<PathBuf>, annotator: Option<&str>) -> Harness<'static, PressApp> {
    open_with(window_builder(), path, annotator)
}

/// The app opened on `path` with a builder the test changed.
pub fn open_with(
    builder: HarnessBuilder<PressApp>,
    path: Option<PathBuf>,
    annotator: Option<&str>,
) -> Harness<'static, PressApp> {
    let annotator = annotator.map(str::to_owned);
    builder.build_eframe(move |cc| PressApp::new(cc, path, annotator))
}

/// A key with modifiers, then the frames it leads to.
pub fn press(h: &mut Harness<'_, PressApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

/// A key alone, then the frames it leads to.
pub fn key(h: &mut Harness<'_, PressApp>, key: Key) {
    press(h, Modifiers::NONE, key);
}
