//! Snapshots of the main screens, light and dark, with non-Latin text (Arabic, CJK, emoji,
//! combining marks). Rendered with wgpu on Mesa's Vulkan driver; needs the `snapshots`
//! feature (`.ci/run` installs mesa-vulkan-drivers and fonts-noto-cjk). Update the images with
//! `UPDATE_SNAPSHOTS=1 cargo test --features snapshots --test snapshots`.
#![cfg(feature = "snapshots")]

mod common;

use common::window_builder;
use std::sync::Arc;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use press_annotate::app::{Command, PressApp};

const WORLD_ARTICLE: &str = "Merkel and 習近平 meet in Berlin 🇩🇪🇨🇳\n\nBERLIN — Angela Merkel met 習近平 on Tuesday. “Trade is not a zero-sum game,” she said, and the Chinese delegation answered: 「互利共赢」.\n\nIn Cairo, the daily الأهرام wrote that «la coopération» would continue; a café owner (cafe\u{301}) said: 👨\u{200d}👩\u{200d}👧 families will benefit.\n\nSeoul's 서울신문 and Tokyo's 東京新聞 reported the meeting too.\n";

fn world_corpus() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("world.txt");
    std::fs::write(&path, WORLD_ARTICLE).unwrap();
    (dir, path)
}

fn harness(path: &std::path::Path, dark: bool) -> Harness<'static, PressApp> {
    let path = path.to_owned();
    let theme = if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    };
    let mut h = window_builder()
        .with_max_steps(4)
        .with_theme(theme)
        .wgpu()
        .build_eframe(move |cc| {
            cc.egui_ctx.add_font_provider(Arc::new(
                egui_system_font_provider::SystemFontProvider::new(),
            ));
            PressApp::new(cc, Some(path), None)
        });
    h.state_mut().settings.autosave = false;
    if dark {
        let ctx = h.ctx.clone();
        h.state_mut().run_command(&ctx, Command::ToggleDarkMode);
    }
    h.run();
    h
}

fn label(h: &mut Harness<'_, PressApp>, needle: &str, key: Key) {
    let doc = h.state().document().unwrap();
    let byte = doc.article.text().find(needle).unwrap();
    let start = doc.article.byte_to_char(byte);
    let range = start..start + needle.chars().count();
    let ctx = h.ctx.clone();
    h.state_mut().run_command(&ctx, Command::SelectText(range));
    h.run();
    h.key_press(key);
    h.run();
}

fn labeled(dark: bool) -> (tempfile::TempDir, Harness<'static, PressApp>) {
    let (dir, path) = world_corpus();
    let mut h = harness(&path, dark);
    label(&mut h, "Angela Merkel", Key::P);
    label(&mut h, "習近平 on Tuesday", Key::C);
    label(&mut h, "習近平", Key::P);
    label(&mut h, "Trade is not a zero-sum game", Key::Q);
    label(&mut h, "الأهرام", Key::O);
    label(&mut h, "Cairo", Key::L);
    label(&mut h, "東京新聞", Key::O);
    label(&mut h, "cafe\u{301}", Key::E);
    (dir, h)
}

/// Relations that cross over nested spans: the quote's speaker is 習近平 (a person nested in
/// the claim "習近平 on Tuesday"), and the claim's claimer is Angela Merkel, before both.
fn with_relations(dark: bool) -> (tempfile::TempDir, Harness<'static, PressApp>) {
    let (dir, mut h) = labeled(dark);
    let ctx = h.ctx.clone();
    let claim_start = |h: &Harness<'_, PressApp>| {
        h.state()
            .document()
            .unwrap()
            .set()
            .annotations
            .iter()
            .find(|a| a.label == "claim")
            .unwrap()
            .start
    };
    let start = claim_start(&h);
    h.state_mut()
        .run_command(&ctx, Command::SelectText(start..start + 3));
    h.run();
    h.key_press(Key::P);
    h.run();
    // The last annotation with this text (the nested 習近平 comes after the headline's).
    let id_of = |h: &Harness<'_, PressApp>, text: &str| {
        h.state()
            .document()
            .unwrap()
            .set()
            .annotations
            .iter()
            .rev()
            .find(|a| a.text == text)
            .unwrap()
            .id
    };
    for (from, label, to) in [
        ("Trade is not a zero-sum game", "speaker", "習近平"),
        ("習近平 on Tuesday", "claimer", "Angela Merkel"),
        // Ends on different rows: the route through both rows' rooms and the margin.
        ("Trade is not a zero-sum game", "speaker", "東京新聞"),
    ] {
        let (from, to) = (id_of(&h, from), id_of(&h, to));
        h.state_mut().run_command(
            &ctx,
            Command::StartLink {
                from,
                label: label.into(),
            },
        );
        h.state_mut().run_command(&ctx, Command::LinkTo(to));
        h.run();
    }
    let quote = id_of(&h, "Trade is not a zero-sum game");
    h.state_mut()
        .run_command(&ctx, Command::SelectAnnotation(quote));
    h.run();
    (dir, h)
}

#[test]
fn relations_crossing_over_nested_spans_light() {
    let (_dir, mut h) = with_relations(false);
    h.snapshot("relations_light");
}

#[test]
fn relations_crossing_over_nested_spans_dark() {
    let (_dir, mut h) = with_relations(true);
    h.snapshot("relations_dark");
}

#[test]
fn statistics_window_light() {
    let (_dir, mut h) = with_relations(false);
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    h.snapshot("statistics_light");
}

#[test]
fn statistics_window_dark() {
    let (_dir, mut h) = with_relations(true);
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    h.snapshot("statistics_dark");
}

#[test]
fn folder_panel_light() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("world-press");
    std::fs::create_dir_all(folder.join("asia")).unwrap();
    std::fs::write(folder.join("berlin-summit.txt"), WORLD_ARTICLE).unwrap();
    std::fs::write(
        folder.join("asia/seoul.txt"),
        "서울신문 reported the meeting.\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("asia/tokyo.md"),
        "# 東京新聞\n\nThe meeting, reported.\n",
    )
    .unwrap();
    let mut h = harness(&folder, false);
    let ctx = h.ctx.clone();
    h.state_mut()
        .run_command(&ctx, Command::OpenPath(folder.join("berlin-summit.txt")));
    h.run();
    label(&mut h, "Angela Merkel", Key::P);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    for _ in 0..20 {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
    h.snapshot("folder_panel_light");
}

/// Compare mode: bob's set of the same article, with another label (習近平 as an
/// organisation), other boundaries (the quote with its comma) and a span alice lacks (Berlin),
/// dashed over hers; F4 on the first difference; the list under the text.
#[test]
fn compare_mode_light() {
    let (dir, mut h) = labeled(false);
    let source = dir.path().join("world.txt");
    let mut bob = press_annotate::document::Document::open(&source, Some("bob")).unwrap();
    for (needle, key) in [
        ("Angela Merkel", 'p'),
        ("習近平", 'o'),
        ("Trade is not a zero-sum game,", 'q'),
        ("Berlin", 'l'),
        ("Cairo", 'l'),
    ] {
        let byte = bob.article.text().find(needle).unwrap();
        let start = bob.article.byte_to_char(byte);
        let key = bob.schema.key(key).cloned().unwrap();
        bob.label_span(
            start..start + needle.chars().count(),
            &key.label,
            &key.attributes,
        )
        .unwrap();
    }
    bob.save().unwrap();
    let ctx = h.ctx.clone();
    h.state_mut()
        .run_command(&ctx, Command::CompareWith(Some("bob".into())));
    h.run();
    h.key_press(Key::F4);
    h.run();
    h.snapshot("compare_light");
}

#[test]
fn main_screen_light() {
    let (_dir, mut h) = labeled(false);
    h.snapshot("main_screen_light");
}

#[test]
fn main_screen_dark() {
    let (_dir, mut h) = labeled(true);
    h.snapshot("main_screen_dark");
}

#[test]
fn find_bar_with_matches_dark() {
    let (_dir, mut h) = labeled(true);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.event(egui::Event::Text("習近平".into()));
    h.run();
    h.snapshot("find_bar_dark");
}

#[test]
fn welcome_screen_light() {
    let mut h = window_builder()
        .with_max_steps(4)
        .with_theme(egui::Theme::Light)
        .wgpu()
        .build_eframe(|cc| PressApp::new(cc, None, None));
    h.run();
    h.snapshot("welcome_light");
}
