//! Opening a folder of 10,000 articles: from `press-annotate FOLDER` to the first frame with
//! its first article not Done open (the list's statuses fill in on a background thread); and
//! switching to the next article and back in the running window.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, RawInput, Rect, Vec2};

use press_annotate::app::{Command, PressApp, Settings};
use press_annotate::testdata;

const ARTICLES: usize = 10_000;
/// The first articles are Done, as in a folder worked through for a while.
const DONE: usize = 300;

fn screen() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1280.0, 800.0))),
        ..Default::default()
    }
}

fn mark_done(dir: &Path, n: usize) {
    let path = dir.join(format!("article-{n:04}.txt.annotations.ron"));
    let text = std::fs::read_to_string(&path).expect("set");
    std::fs::write(&path, text.replacen("status: Todo", "status: Done", 1)).expect("write");
}

/// A running window on `dir`, its first frames drawn.
fn open_folder(dir: &Path) -> (egui::Context, PressApp) {
    let ctx = egui::Context::default();
    let mut app = PressApp::with_settings(Settings::default(), None);
    app.run_command(&ctx, Command::OpenPath(dir.to_owned()));
    for _ in 0..3 {
        let _ = ctx.run_ui(screen(), |ui| app.show(ui));
    }
    (ctx, app)
}

/// To the next article and back, a frame drawn after each switch.
fn switch_there_and_back(ctx: &egui::Context, app: &mut PressApp) -> egui::FullOutput {
    app.run_command(ctx, Command::NextArticle);
    let _ = ctx.run_ui(screen(), |ui| app.show(ui));
    app.run_command(ctx, Command::PreviousArticle);
    ctx.run_ui(screen(), |ui| app.show(ui))
}

fn bench_folder(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("corpus");
    std::fs::create_dir_all(&dir).expect("dir");
    testdata::write_corpus(&dir, ARTICLES, 3_000, 12).expect("corpus");
    for n in 0..DONE {
        mark_done(&dir, n);
    }

    let mut group = c.benchmark_group("folder");
    group.sample_size(10);
    group.bench_function("open-10k", |b| {
        b.iter(|| {
            let ctx = egui::Context::default();
            let mut app = PressApp::with_settings(Settings::default(), None);
            app.run_command(&ctx, Command::OpenPath(dir.clone()));
            let output = ctx.run_ui(screen(), |ui| app.show(ui));
            assert!(app.document().is_some(), "{:?}", app.open_errors());
            output
        })
    });

    // Switching articles in a running window: the next article (about 3 KB, 12 annotations)
    // opened and drawn, then back; the figure is for both switches.
    let (ctx, mut app) = open_folder(&dir);
    group.bench_function("switch-next-and-back", |b| {
        b.iter(|| switch_there_and_back(&ctx, &mut app))
    });
    group.finish();

    // Switching to the long article (1 MB, 20,000 annotations) in a running window, from a
    // short one beside it, and back: the figure is for both switches and a frame after each.
    let long_dir = tmp.path().join("long");
    std::fs::create_dir_all(&long_dir).expect("dir");
    testdata::write_corpus(&long_dir, 1, 3_000, 12).expect("short article");
    testdata::write_long_corpus(&long_dir, 1_000_000, 20_000).expect("long article");
    let (ctx, mut app) = open_folder(&long_dir);
    let chars = |app: &PressApp| app.document().map_or(0, |d| d.article.len_chars());
    let short = chars(&app);
    app.run_command(&ctx, Command::NextArticle);
    assert!(chars(&app) > 900_000, "{short} then {}", chars(&app));
    app.run_command(&ctx, Command::PreviousArticle);
    let mut group = c.benchmark_group("folder");
    group.sample_size(10);
    group.bench_function("switch-long", |b| {
        b.iter(|| switch_there_and_back(&ctx, &mut app))
    });
    group.finish();
}

criterion_group!(benches, bench_folder);
criterion_main!(benches);
