//! The whole window, headless: an `egui::Context` running frames of the app on a 1280×800
//! screen (no GPU), on a ~5 KB article and on a ~1 MB article with 20,000 annotations and
//! 5,000 relations (drawn as connectors where their spans are visible); and scrolling the long
//! article by one screen per frame, egui's tessellation included.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{
    Event, Modifiers, MouseWheelSource, MouseWheelUnit, Pos2, RawInput, Rect, TouchPhase, Vec2,
};

use press_annotate::app::{Command, PressApp, Settings};
use press_annotate::testdata;

fn screen() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1280.0, 800.0))),
        ..Default::default()
    }
}

/// Settings with suggestions on (the default) or every source off.
fn settings(suggestions: bool) -> Settings {
    let mut settings = Settings::default();
    if !suggestions {
        settings.suggest_quotes = false;
        settings.suggest_patterns = false;
        settings.suggest_propagation = false;
    }
    settings
}

/// An app with `article` open and its layout warm, as after the first frames.
fn open(ctx: &egui::Context, article: &Path) -> PressApp {
    open_with(ctx, article, Settings::default())
}

fn open_with(ctx: &egui::Context, article: &Path, settings: Settings) -> PressApp {
    let mut app = PressApp::with_settings(settings, None);
    app.run_command(ctx, Command::OpenPath(article.to_owned()));
    assert!(app.document().is_some(), "{:?}", app.open_errors());
    for _ in 0..3 {
        let _ = ctx.run_ui(screen(), |ui| app.show(ui));
    }
    // The long article's suggestions come from a thread once the set is quiet: wait for
    // them, so that the frames measured draw them.
    let started = std::time::Instant::now();
    while app
        .session()
        .and_then(|s| s.suggestions())
        .is_some_and(|s| s.is_searching())
    {
        assert!(
            started.elapsed().as_secs() < 60,
            "the suggestions never came"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        let _ = ctx.run_ui(screen(), |ui| app.show(ui));
    }
    app
}

fn bench_frames(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let short_dir = dir.path().join("short");
    let long_dir = dir.path().join("long");
    std::fs::create_dir_all(&short_dir).expect("dir");
    std::fs::create_dir_all(&long_dir).expect("dir");
    let short = testdata::write_long_corpus(&short_dir, 5_000, 12).expect("short corpus");
    let long = testdata::write_long_corpus_with_relations(&long_dir, 1_000_000, 20_000, 5_000)
        .expect("long corpus");

    let mut group = c.benchmark_group("frame");
    for (name, article) in [("short", &short), ("long", &long)] {
        let ctx = egui::Context::default();
        let mut app = open(&ctx, article);
        // Select an annotation in the middle (one without relations in both articles, so
        // both side panels show the same widgets) so the side panel and the view have work.
        let middle = app
            .document()
            .map(|d| d.set().annotations[d.set().annotations.len() / 2 + 1].id);
        if let Some(id) = middle {
            app.run_command(&ctx, Command::GoToAnnotation(id));
            for _ in 0..3 {
                let _ = ctx.run_ui(screen(), |ui| app.show(ui));
            }
        }
        group.bench_function(name, |b| b.iter(|| ctx.run_ui(screen(), |ui| app.show(ui))));
    }

    // Scrolling the long article one screen per frame: new paragraphs are laid out, their
    // highlights and connectors built, and the frame tessellated, every frame. Every 150
    // screens the view goes back to the top with its layouts dropped, so that the text met
    // is never laid out already.
    let ctx = egui::Context::default();
    ctx.global_style_mut(|s| s.scroll_animation = egui::style::ScrollAnimation::none());
    let mut app = open(&ctx, &long);
    let first = app.document().map_or(0, |d| d.set().annotations[0].id);
    let scroll_frame = move |ctx: &egui::Context, app: &mut PressApp| {
        let mut input = screen();
        input
            .events
            .push(Event::PointerMoved(Pos2::new(640.0, 400.0)));
        input.events.push(Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: Vec2::new(0.0, -700.0),
            phase: TouchPhase::Move,
            source: MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        });
        let output = ctx.run_ui(input, |ui| app.show(ui));
        ctx.tessellate(output.shapes, output.pixels_per_point)
    };
    // egui spreads a wheel's delta over the next frames: a few frames to reach full speed.
    for _ in 0..6 {
        let _ = scroll_frame(&ctx, &mut app);
    }
    assert!(
        app.view().laid_out_last_frame > 0,
        "scrolling lays new paragraphs out"
    );
    let mut screens = 0u32;
    group.bench_function("scroll-long", |b| {
        b.iter(|| {
            screens += 1;
            if screens.is_multiple_of(150) {
                app.run_command(&ctx, Command::ZoomIn);
                let _ = ctx.run_ui(screen(), |ui| app.show(ui));
                app.run_command(&ctx, Command::ZoomOut);
                app.run_command(&ctx, Command::GoToAnnotation(first));
            }
            scroll_frame(&ctx, &mut app)
        })
    });
    group.finish();

    // An edit on the long article: label a word, draw a frame, undo, draw a frame. Only the
    // touched paragraph's highlights are rebuilt; no text is laid out again. With the
    // suggestions on (searched again on a thread once the edits pause) and off, to compare.
    let mut group = c.benchmark_group("edit");
    for (name, suggestions) in [("long", true), ("long-suggestions-off", false)] {
        let ctx = egui::Context::default();
        let mut app = open_with(&ctx, &long, settings(suggestions));
        let word = app
            .document()
            .and_then(|d| {
                let middle = d.article.len_chars() / 2;
                (middle..middle + 100)
                    .map(|c| d.article.word_at(c))
                    .find(|w| !w.is_empty() && !d.set().has_span("claim", w.start, w.end))
            })
            .expect("document");
        let count = |app: &PressApp| app.document().map_or(0, |d| d.set().annotations.len());
        let before = count(&app);
        app.run_command(&ctx, Command::SelectText(word.clone()));
        app.run_command(&ctx, Command::LabelKey('c'));
        assert_eq!(count(&app), before + 1, "{:?}", app.message());
        app.run_command(&ctx, Command::Undo);
        group.bench_function(name, |b| {
            b.iter(|| {
                app.run_command(&ctx, Command::SelectText(word.clone()));
                app.run_command(&ctx, Command::LabelKey('c'));
                let _ = ctx.run_ui(screen(), |ui| app.show(ui));
                app.run_command(&ctx, Command::Undo);
                ctx.run_ui(screen(), |ui| app.show(ui))
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("open");
    group.sample_size(10);
    for (name, suggestions) in [("long", true), ("long-suggestions-off", false)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let ctx = egui::Context::default();
                let mut app = PressApp::with_settings(settings(suggestions), None);
                app.run_command(&ctx, Command::OpenPath(long.clone()));
                ctx.run_ui(screen(), |ui| app.show(ui))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_frames);
criterion_main!(benches);
