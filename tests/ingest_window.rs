//! Ingesting saved web pages in the real app (egui_kittest), as a user does: drop a folder of
//! saved news pages on the window, say where the articles go, and label clean articles with
//! their headline, outlet, date and URL shown above them; switch articles, come back, undo;
//! drop one more page on the open folder, and the same page again.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use press_annotate::app::{Command, PressApp, Settings};

/// A file or folder dropped on the window, as the windowing backend hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_on(h: &mut Harness<'_, PressApp>, path: &Path) {
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path.to_owned())));
    h.run();
}

fn command(h: &mut Harness<'_, PressApp>, command: Command) {
    let ctx = h.ctx.clone();
    h.state_mut().run_command(&ctx, command);
    h.run();
}

fn current(h: &Harness<'_, PressApp>) -> String {
    h.state()
        .document()
        .map(|d| {
            d.source_path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .unwrap_or_default()
}

/// Runs frames until the ingest run has finished (its thread reports), then a few more.
fn until_ingested(h: &mut Harness<'_, PressApp>) -> String {
    let start = Instant::now();
    loop {
        h.run();
        if let Some(summary) = h.state().ingest_window().summary() {
            h.run();
            return summary;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "ingest never finished"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn pages() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let saved = tmp.path().join("saved");
    std::fs::create_dir(&saved).unwrap();
    for name in ["article.html", "liveblog.html", "quote_list.html"] {
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/ingest")
                .join(name),
            saved.join(name),
        )
        .unwrap();
    }
    (tmp, saved)
}

#[test]
fn a_dropped_folder_of_saved_pages_becomes_articles_labeled_with_their_provenance_shown() {
    let (tmp, saved) = pages();
    let before = snapshot(&saved);
    let mut h = window_builder().build_eframe(|_cc| {
        PressApp::with_settings(Settings::default(), None).without_native_dialogs()
    });
    h.run();
    assert!(h.query_by_label_contains("saved web pages").is_some());

    // Dropping the folder asks where the articles go: beside it, not into it.
    drop_on(&mut h, &saved);
    assert!(h.state().document().is_none(), "pages never open as markup");
    assert!(h.query_by_label("Ingest pages").is_some());
    let into = tmp.path().join("saved-articles");
    assert!(
        h.query_all_by_value(&into.display().to_string())
            .next()
            .is_some(),
        "the folder proposed is shown"
    );
    h.get_by_label("Ingest").click();
    let summary = until_ingested(&mut h);
    assert_eq!(summary, "3 articles ingested");

    // The folder opened on its first article, the window got out of the way, and the pages
    // themselves are untouched.
    assert_eq!(current(&h), "article.txt");
    assert!(h.query_by_label("Ingest pages").is_none());
    assert_eq!(snapshot(&saved), before);
    assert_eq!(h.state().folder().unwrap().len(), 3);
    // The folder list names ingested articles by their headline; View turns it off.
    assert!(
        h.query_by_label_contains("Election night live: results as they come in")
            .is_some()
    );
    command(&mut h, Command::ToggleHeadlines);
    assert!(h.query_by_label_contains("liveblog.txt").is_some());
    assert!(h.query_by_label_contains("Election night live").is_none());
    command(&mut h, Command::ToggleHeadlines);
    // Clean text, and where it came from above it.
    let text = h.state().document().unwrap().article.text().to_owned();
    assert!(text.starts_with("Council approves harbour plan\n\nThe town council voted"));
    for boilerplate in [
        "cookies",
        "Share on",
        "comments",
        "Related stories",
        "All rights",
    ] {
        assert!(!text.contains(boilerplate), "{boilerplate} left in: {text}");
    }
    assert!(h.query_by_label("Council approves harbour plan").is_some());
    assert!(
        h.query_by_label_contains("The Coastal Herald · 2024-05-01 · by Jane Doe")
            .is_some()
    );
    assert!(
        h.query_by_label("https://herald.example/news/2024/05/harbour-plan")
            .is_some()
    );

    // Label the council leader's quote, go to the next article (its own header), come back.
    let quote = "This is the most important decision we have taken in a decade";
    let start = text.find(quote).map(|b| text[..b].chars().count()).unwrap();
    command(
        &mut h,
        Command::SelectText(start..start + quote.chars().count()),
    );
    press(&mut h, Modifiers::NONE, Key::Q);
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 1);
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(current(&h), "liveblog.txt");
    assert!(h.query_by_label_contains("Daily Wire Service").is_some());
    assert!(h.query_by_label_contains("The Coastal Herald").is_none());
    press(&mut h, Modifiers::COMMAND, Key::PageUp);
    assert_eq!(current(&h), "article.txt");
    let doc = h.state().document().unwrap();
    assert_eq!(doc.set().annotations.len(), 1);
    assert_eq!(doc.set().annotations[0].text, quote);
    assert!(h.query_by_label_contains("The Coastal Herald").is_some());
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().document().unwrap().set().annotations.is_empty());

    // One more page dropped on the open folder goes into it; the article stays open.
    let extra = tmp.path().join("harbour-follow-up.html");
    let page = std::fs::read_to_string(saved.join("article.html"))
        .unwrap()
        .replace("harbour-plan", "harbour-follow-up")
        .replace(
            "Council approves harbour plan",
            "Harbour work starts in autumn",
        )
        .replace(
            "The town council voted",
            "Builders were hired after the council voted",
        )
        .replace("fish market", "market");
    std::fs::write(&extra, page).unwrap();
    drop_on(&mut h, &extra);
    assert!(
        h.query_all_by_value(&into.display().to_string())
            .next()
            .is_some()
    );
    h.get_by_label("Ingest").click();
    until_ingested(&mut h);
    assert_eq!(
        h.state().folder().unwrap().len(),
        4,
        "the list was read again"
    );
    assert_eq!(current(&h), "article.txt");

    // The same page again is not ingested twice, and the window says why.
    drop_on(&mut h, &extra);
    h.get_by_label("Ingest").click();
    assert_eq!(
        until_ingested(&mut h),
        "0 articles ingested, 1 already there"
    );
    assert!(
        h.query_by_label_contains("not ingested, the same URL as")
            .is_some()
    );
    assert_eq!(h.state().folder().unwrap().len(), 4);
    key(&mut h, Key::Escape);
    assert!(h.query_by_label("Ingest pages").is_none());
}

#[test]
fn an_html_file_opened_offers_ingest_instead_of_markup() {
    let (tmp, saved) = pages();
    let page = saved.join("article.html");
    let mut h = open_window(Some(page.clone()), None);
    h.run();
    assert!(
        h.state().document().is_none(),
        "no markup shown as an article"
    );
    assert_eq!(h.state().ingest_window().inputs(), [page]);
    // Opened from the File menu's path field, the same.
    let mut h2 = open_window(None, None);
    h2.run();
    command(&mut h2, Command::OpenPath(saved.join("liveblog.html")));
    assert!(h2.query_by_label("Ingest pages").is_some());
    assert!(h2.state().document().is_none());
    drop(tmp);
}

#[test]
fn an_article_in_latin1_is_offered_for_conversion_then_labeled_and_undone() {
    let tmp = tempfile::tempdir().unwrap();
    let story = tmp.path().join("story.txt");
    // "Le café de la gare a fermé, a déclaré le maire." in Latin-1.
    let latin1: Vec<u8> = "Le café de la gare a fermé, a déclaré le maire.\n"
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    std::fs::write(&story, &latin1).unwrap();

    // Cancel leaves the file as it is, and nothing opens.
    let mut h = open_window(Some(story.clone()), None);
    h.run();
    assert!(h.query_by_label("Convert to UTF-8?").is_some());
    assert!(
        h.query_by_label_contains("Windows-1252 (Latin-1)")
            .is_some()
    );
    assert!(h.query_by_label_contains("Le café de la gare").is_some());
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().document().is_none());
    assert_eq!(std::fs::read(&story).unwrap(), latin1);

    // Convert: the article opens in UTF-8, its original kept and named.
    command(&mut h, Command::OpenPath(story.clone()));
    h.get_by_label("Convert and open").click();
    h.run();
    assert_eq!(current(&h), "story.txt");
    assert_eq!(
        std::fs::read_to_string(&story).unwrap(),
        "Le café de la gare a fermé, a déclaré le maire.\n"
    );
    let p = press_annotate::ingest::provenance::load(&story)
        .unwrap()
        .unwrap();
    assert_eq!(p.encoding.as_deref(), Some("Windows-1252 (Latin-1)"));
    let kept = tmp.path().join(p.original.unwrap());
    assert_eq!(std::fs::read(kept).unwrap(), latin1);
    assert!(
        h.state()
            .message()
            .unwrap()
            .contains("Converted from Windows-1252")
    );

    // Offsets count the converted characters: "café" is 4.
    command(&mut h, Command::SelectText(3..7));
    press(&mut h, Modifiers::NONE, Key::O);
    let doc = h.state().document().unwrap();
    assert_eq!(doc.set().annotations[0].text, "café");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().document().unwrap().set().annotations.is_empty());
}

#[test]
fn by_keys_alone_pages_are_typed_in_and_ingested() {
    let (tmp, saved) = pages();
    let mut h = window_builder().build_eframe(|_cc| {
        PressApp::with_settings(Settings::default(), None).without_native_dialogs()
    });
    h.run();
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::I);
    assert!(h.query_by_label("Ingest pages").is_some());
    // A wrong path is named, and the field keeps the keyboard.
    h.event(egui::Event::Text("no-such-folder".into()));
    h.run();
    key(&mut h, Key::Enter);
    assert!(
        h.query_by_label_contains("no-such-folder: no such file or folder")
            .is_some()
    );
    press(&mut h, Modifiers::COMMAND, Key::A);
    h.event(egui::Event::Text(saved.display().to_string()));
    h.run();
    key(&mut h, Key::Enter);
    // Added; the folder proposed follows it: beside it.
    let into = tmp.path().join("saved-articles");
    assert!(
        h.query_all_by_value(&into.display().to_string())
            .next()
            .is_some()
    );
    // Enter on the empty field ingests.
    key(&mut h, Key::Enter);
    assert_eq!(until_ingested(&mut h), "3 articles ingested");
    assert_eq!(current(&h), "article.txt");
    assert!(h.query_by_label_contains("The Coastal Herald").is_some());
}
