//! Working through a folder of articles in the real app (egui_kittest), as a user does: open
//! a folder, walk it with Ctrl+PageDown / Ctrl+PageUp / Ctrl+Enter, switch between articles
//! with more and fewer annotations while something is selected, linking or being searched,
//! with another annotator's set, edit, switch, come back and undo. What lands on disk is
//! checked each time.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use press_annotate::app::{Command, PressApp, Settings};
use press_annotate::document::Document;
use press_annotate::model::Status;
use press_annotate::store;

fn harness_on(path: &Path, annotator: Option<&str>) -> Harness<'static, PressApp> {
    open_window(Some(path.to_owned()), annotator)
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

/// The status saved on disk for `name` (annotator `None`), or `None` with no set.
fn status_on_disk(dir: &Path, name: &str) -> Option<Status> {
    let source = dir.join(name);
    store::annotation_path(&source, None)
        .exists()
        .then(|| store::load(&source, None).unwrap().set.status)
}

/// A folder `corpus/` with:
/// - `a-sample.txt`: the sample article with FORMAT.md's set (5 annotations), Done;
/// - `b-empty.txt`: an article without a set;
/// - `c-sample.txt`: the sample article again, In progress, with FORMAT.md's set;
/// - `sub/d-short.md`: a short article without a set.
fn corpus() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let sample = std::fs::read(assets().join(SAMPLE)).unwrap();
    for (name, status) in [
        ("a-sample.txt", Status::Done),
        ("c-sample.txt", Status::InProgress),
    ] {
        std::fs::write(dir.join(name), &sample).unwrap();
        let set = example_set().replace(SAMPLE, name);
        std::fs::write(dir.join(format!("{name}.annotations.ron")), set).unwrap();
        let mut doc = Document::open(&dir.join(name), None).unwrap();
        doc.set_status(status).unwrap();
        doc.save().unwrap();
    }
    std::fs::write(
        dir.join("b-empty.txt"),
        "An article nobody labeled yet.\n\nIts second paragraph says little.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("sub/d-short.md"),
        "# Short\n\nThe minister said the talks would resume.\n",
    )
    .unwrap();
    (tmp, dir)
}

#[test]
fn opening_a_second_article_with_no_annotations_does_not_crash() {
    // The reported crash: the sample (5 annotations) open, then an article without a set.
    let (_tmp, dir) = corpus();
    let mut h = harness_on(&dir.join("a-sample.txt"), None);
    h.run();
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 5);
    assert!(h.query_by_label_contains("Annotations (5)").is_some());
    command(&mut h, Command::OpenPath(dir.join("b-empty.txt")));
    assert_eq!(current(&h), "b-empty.txt");
    assert!(h.query_by_label_contains("Annotations (0)").is_some());
    // And back to the longer one, and once more to the short one.
    command(&mut h, Command::OpenPath(dir.join("a-sample.txt")));
    assert!(h.query_by_label_contains("Annotations (5)").is_some());
    command(&mut h, Command::OpenPath(dir.join("sub/d-short.md")));
    assert!(h.query_by_label_contains("Annotations (0)").is_some());
}

#[test]
fn a_folder_is_walked_with_keys_only() {
    let (_tmp, dir) = corpus();
    let mut h = harness_on(&dir, None);
    h.run();
    // The folder opens at its first article that is not Done, and lists every article.
    assert_eq!(current(&h), "b-empty.txt");
    assert_eq!(h.state().title(), "b-empty.txt — corpus — press-annotate");
    for name in [
        "a-sample.txt",
        "b-empty.txt",
        "c-sample.txt",
        "sub/d-short.md",
    ] {
        assert!(
            h.query_all_by_label_contains(name).next().is_some(),
            "{name} listed"
        );
    }
    assert!(h.query_by_label_contains("1 of 4 done").is_some());

    // Ctrl+PageDown / Ctrl+PageUp walk the list.
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(current(&h), "c-sample.txt");
    assert_eq!(h.state().title(), "c-sample.txt — corpus — press-annotate");
    press(&mut h, Modifiers::COMMAND, Key::PageUp);
    press(&mut h, Modifiers::COMMAND, Key::PageUp);
    assert_eq!(current(&h), "a-sample.txt");
    press(&mut h, Modifiers::COMMAND, Key::PageUp);
    assert_eq!(current(&h), "a-sample.txt", "the first article stays");
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(current(&h), "b-empty.txt");

    // Ctrl+Enter: Done, saved, and on to the next article that is not Done.
    assert_eq!(status_on_disk(&dir, "b-empty.txt"), None);
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    assert_eq!(status_on_disk(&dir, "b-empty.txt"), Some(Status::Done));
    assert_eq!(current(&h), "c-sample.txt");
    assert!(h.query_by_label_contains("2 of 4 done").is_some());
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    assert_eq!(status_on_disk(&dir, "c-sample.txt"), Some(Status::Done));
    assert_eq!(current(&h), "d-short.md");
    assert_eq!(h.state().title(), "d-short.md — corpus — press-annotate");
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    assert_eq!(status_on_disk(&dir, "sub/d-short.md"), Some(Status::Done));
    assert!(h.query_by_label_contains("4 of 4 done").is_some());
    assert!(h.state().message().unwrap().contains("are done"));
    // Every set written is valid.
    for name in [
        "a-sample.txt",
        "b-empty.txt",
        "c-sample.txt",
        "sub/d-short.md",
    ] {
        store::load(&dir.join(name), None).unwrap();
    }

    // Reopening the folder when everything is done shows so, with the list.
    let mut again = harness_on(&dir, None);
    again.run();
    assert!(again.state().document().is_none());
    assert!(
        again
            .query_by_label_contains("All 4 articles are done")
            .is_some()
    );
    assert_eq!(again.state().title(), "corpus — press-annotate");
}

#[test]
fn the_list_filters_by_name_and_status_and_clicking_opens() {
    let (_tmp, dir) = corpus();
    let mut h = harness_on(&dir, None);
    h.run();
    // Statuses are read in the background; wait for them.
    for _ in 0..50 {
        if h.query_by_label_contains("1 of 4 done").is_some()
            && h.query_by_label_contains("reading").is_none()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run();
    }
    h.get_by_label("Filter").click();
    h.run();
    h.event(egui::Event::Text("sample".into()));
    h.run();
    assert!(h.query_by_label_contains("a-sample.txt").is_some());
    // b is open (its name is in the status bar) but no longer listed.
    assert_eq!(h.query_all_by_label_contains("b-empty.txt").count(), 1);
    // Ctrl+PageDown walks the filtered list: from b (not shown) to c.
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(current(&h), "c-sample.txt");
    // Click an article in the list to open it.
    h.get_by_label_contains("a-sample.txt").click();
    h.run();
    assert_eq!(current(&h), "a-sample.txt");
}

#[test]
fn switching_drops_selection_link_mode_and_find_state_of_the_article_left() {
    let (_tmp, dir) = corpus();
    let mut h = harness_on(&dir.join("a-sample.txt"), None);
    h.run();
    command(&mut h, Command::OpenPath(dir.clone()));
    // Opening the folder goes to its first article not done: b.
    assert_eq!(current(&h), "b-empty.txt");
    command(&mut h, Command::OpenPath(dir.join("a-sample.txt")));

    // A selection far into the long article, then switch to the short one.
    let len = h.state().document().unwrap().article.len_chars();
    command(&mut h, Command::SelectText(len - 20..len - 5));
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(current(&h), "b-empty.txt");
    assert_eq!(h.state().selection(), None);

    // Link mode on a quote of the sample, then switch.
    command(&mut h, Command::OpenPath(dir.join("a-sample.txt")));
    let quote = h
        .state()
        .document()
        .unwrap()
        .set()
        .annotations
        .iter()
        .find(|a| a.label == "quote")
        .unwrap()
        .id;
    command(&mut h, Command::SelectAnnotation(quote));
    command(
        &mut h,
        Command::StartLink {
            from: quote,
            label: "speaker".into(),
        },
    );
    assert!(h.state().linking().is_some());
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(current(&h), "b-empty.txt");
    assert!(h.state().linking().is_none());
    assert_eq!(h.state().selected(), None);

    // The find bar open with matches, then switch to the short article and back.
    command(&mut h, Command::OpenPath(dir.join("a-sample.txt")));
    press(&mut h, Modifiers::COMMAND, Key::F);
    h.event(egui::Event::Text("Lavrov".into()));
    h.run();
    assert!(h.state().find_open());
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(current(&h), "b-empty.txt");
    assert!(!h.state().find_open());
    press(&mut h, Modifiers::COMMAND, Key::PageUp);
    assert_eq!(current(&h), "a-sample.txt");
    // Labels still work after all that.
    command(&mut h, Command::SelectText(0..4));
    press(&mut h, Modifiers::NONE, Key::C);
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 6);
}

#[test]
fn edit_switch_come_back_and_undo() {
    let (_tmp, dir) = corpus();
    let mut h = harness_on(&dir, None);
    h.run();
    assert_eq!(current(&h), "b-empty.txt");
    command(&mut h, Command::SelectText(3..10));
    press(&mut h, Modifiers::NONE, Key::C);
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 1);

    // Switching saves first (autosave on).
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(current(&h), "c-sample.txt");
    let saved = store::load(&dir.join("b-empty.txt"), None).unwrap().set;
    assert_eq!(saved.annotations.len(), 1);
    assert_eq!(saved.annotations[0].text, "article");

    // Come back: the claim is there, and undo takes it away.
    press(&mut h, Modifiers::COMMAND, Key::PageUp);
    assert_eq!(current(&h), "b-empty.txt");
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 1);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 0);
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 1);
    press(&mut h, Modifiers::COMMAND, Key::Z);

    // Leaving saves the undo too.
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    let saved = store::load(&dir.join("b-empty.txt"), None).unwrap().set;
    assert!(saved.annotations.is_empty());

    // A set changed on disk by another program is read when its article is opened again,
    // and the old history is not applied to it.
    let mut other = Document::open(&dir.join("b-empty.txt"), None).unwrap();
    other
        .label_span(0..2, "claim", &Default::default())
        .unwrap();
    other.save().unwrap();
    press(&mut h, Modifiers::COMMAND, Key::PageUp);
    assert_eq!(current(&h), "b-empty.txt");
    assert_eq!(
        h.state().document().unwrap().set().annotations[0].text,
        "An"
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 1);
}

#[test]
fn switching_with_autosave_off_asks_and_dont_save_drops_the_edits() {
    let (_tmp, dir) = corpus();
    let mut h = harness_on(&dir, None);
    h.state_mut().settings.autosave = false;
    h.run();
    command(&mut h, Command::SelectText(3..10));
    press(&mut h, Modifiers::NONE, Key::C);
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    // Asked; still on b.
    assert_eq!(current(&h), "b-empty.txt");
    assert!(h.query_by_label_contains("Save your changes").is_some());
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(current(&h), "b-empty.txt");
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    h.get_by_label("Don't save").click();
    h.run();
    assert_eq!(current(&h), "c-sample.txt");
    assert_eq!(status_on_disk(&dir, "b-empty.txt"), None);
    // Ctrl+Enter saves even with autosave off: it is an explicit "done, save, next".
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    assert_eq!(status_on_disk(&dir, "c-sample.txt"), Some(Status::Done));
}

#[test]
fn another_annotators_sets_are_read_and_written_for_that_name() {
    let (_tmp, dir) = corpus();
    // Bob has his own set of c-sample.txt, Done.
    let mut bob = Document::open(&dir.join("c-sample.txt"), Some("bob")).unwrap();
    bob.label_span(0..4, "claim", &Default::default()).unwrap();
    bob.set_status(Status::Done).unwrap();
    bob.save().unwrap();

    let mut h = harness_on(&dir, Some("bob"));
    h.run();
    // Bob has done only c: the first not done for him is a.
    assert_eq!(current(&h), "a-sample.txt");
    assert_eq!(h.state().annotator().as_deref(), Some("bob"));
    assert!(h.query_by_label_contains("Annotator: bob").is_some());
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 0);
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    assert!(dir.join("a-sample.txt.bob.annotations.ron").exists());
    // The unnamed set of a is untouched (still Done, 5 annotations).
    assert_eq!(status_on_disk(&dir, "a-sample.txt"), Some(Status::Done));
    assert_eq!(current(&h), "b-empty.txt");
    press(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(current(&h), "c-sample.txt");
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 1);

    // Settings → Annotator name: back to the unnamed sets.
    command(&mut h, Command::EditAnnotator);
    assert!(h.query_by_label_contains("Annotator name").is_some());
    command(&mut h, Command::SetAnnotator(None));
    assert_eq!(h.state().annotator(), None);
    assert_eq!(current(&h), "c-sample.txt");
    assert_eq!(h.state().document().unwrap().set().annotations.len(), 5);
    assert!(h.query_by_label_contains("Annotator: (none)").is_some());
}

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

#[test]
fn recent_folders_are_remembered_and_a_dropped_folder_opens() {
    let (_tmp, dir) = corpus();
    let mut h = window_builder().build_eframe(|_cc| {
        PressApp::with_settings(Settings::default(), None).without_native_dialogs()
    });
    h.run();
    assert!(h.state().document().is_none());
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(dir.clone())));
    h.run();
    assert_eq!(current(&h), "b-empty.txt");
    let canonical = std::fs::canonicalize(&dir).unwrap();
    assert_eq!(h.state().settings.recent_folders, vec![canonical.clone()]);
    assert!(
        h.state()
            .settings
            .recent
            .iter()
            .any(|p| p.ends_with("b-empty.txt"))
    );
    // The welcome screen of a new window lists it.
    let settings = h.state().settings.clone();
    let mut fresh = window_builder()
        .with_max_steps(4)
        .build_eframe(move |_cc| PressApp::with_settings(settings, None));
    fresh.run();
    assert!(fresh.query_by_label_contains("Recent folders").is_some());
    fresh.get_by_label(&canonical.display().to_string()).click();
    fresh.run();
    assert_eq!(current(&fresh), "b-empty.txt");
}
