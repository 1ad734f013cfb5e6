//! Settings → Labels, driven through the real app: add a label, bind a key to it and use it,
//! rename a label across the folder (the saved sets rewritten, the open article as one
//! undoable edit), reopen and find the schema file and the sets as they should be.

mod common;

use std::path::Path;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use press_annotate::app::{Command, PressApp};
use press_annotate::document::Document;
use press_annotate::schema::Schema;
use press_annotate::schema_edit::SchemaChange;
use press_annotate::store;

fn harness(path: &Path) -> Harness<'static, PressApp> {
    common::open_with(
        common::window_builder().with_size([1280.0, 900.0]),
        Some(path.to_owned()),
        None,
    )
}

fn command(h: &mut Harness<'_, PressApp>, command: Command) {
    let ctx = h.ctx.clone();
    h.state_mut().run_command(&ctx, command);
    h.run();
}

#[test]
fn add_a_label_with_a_key_use_it_rename_another_across_the_folder_and_reopen() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus");
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["a.txt", "b.txt"] {
        std::fs::write(dir.join(name), "Kerry met Lavrov in Geneva on Friday.\n").unwrap();
        let mut doc = Document::open(&dir.join(name), None).unwrap();
        doc.label_span(0..5, "claim", &Default::default()).unwrap();
        doc.save().unwrap();
    }
    let mut h = harness(&dir);
    h.run();
    assert_eq!(h.state().document().unwrap().source_path, dir.join("a.txt"));

    // Settings → Labels shows the default schema; add a label "event" by typing its name.
    h.get_by_label("Settings").click();
    h.run();
    h.get_by_label_contains("Labels").click();
    h.run();
    assert!(
        h.query_by_label_contains("Schema in force: the default")
            .is_some()
    );
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "new label")
        .click();
    h.run();
    h.event(egui::Event::Text("event".into()));
    h.run();
    h.get_by_label("Add label").click();
    h.run();
    let schema_file = dir.join("annotation-schema.ron");
    assert!(Schema::read(&schema_file).unwrap().label("event").is_some());
    // A bad name is refused with the reason, and nothing is written.
    let before = std::fs::read_to_string(&schema_file).unwrap();
    command(
        &mut h,
        Command::EditSchema(SchemaChange::AddLabel {
            name: "Not Valid".into(),
            color: "#112233".into(),
        }),
    );
    assert!(h.query_by_label_contains("Not changed").is_some());
    assert_eq!(std::fs::read_to_string(&schema_file).unwrap(), before);

    // Bind `v` to it and use it.
    command(
        &mut h,
        Command::EditSchema(SchemaChange::SetKey {
            key: 'v',
            label: "event".into(),
            attributes: Default::default(),
        }),
    );
    // Close the editor (Esc leaves its text field, Esc again closes it) and label "Geneva".
    h.key_press(Key::Escape);
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label_contains("Schema in force").is_none());
    command(&mut h, Command::SelectText(20..26));
    h.key_press(Key::V);
    h.run();
    let doc = h.state().document().unwrap();
    assert!(
        doc.set()
            .annotations
            .iter()
            .any(|a| a.label == "event" && a.text == "Geneva")
    );

    // Rename "claim" to "assertion": used in both sets, so the editor asks first.
    command(&mut h, Command::ToggleSchemaEditor);
    command(
        &mut h,
        Command::EditSchema(SchemaChange::RenameLabel {
            old: "claim".into(),
            new: "assertion".into(),
        }),
    );
    assert!(
        h.query_by_label_contains("2 annotation(s) in 2 file(s)")
            .is_some()
    );
    h.get_by_label("Rename everywhere").click();
    h.run();
    let labels = |h: &Harness<'_, PressApp>| -> Vec<String> {
        h.state()
            .document()
            .unwrap()
            .set()
            .annotations
            .iter()
            .map(|a| a.label.clone())
            .collect()
    };
    assert!(labels(&h).contains(&"assertion".to_owned()));
    let b = store::load(&dir.join("b.txt"), None).unwrap();
    assert_eq!(b.set.annotations[0].label, "assertion");
    // The open article's rename is one undoable edit.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(labels(&h).contains(&"claim".to_owned()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert!(labels(&h).contains(&"assertion".to_owned()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();

    // Reopen: the schema file has both changes; both sets load under it.
    let schema = Schema::read(&schema_file).unwrap();
    assert!(schema.label("assertion").is_some() && schema.label("claim").is_none());
    assert_eq!(schema.key('v').unwrap().label, "event");
    let mut again = harness(&dir.join("a.txt"));
    again.run();
    let set = again.state().document().unwrap().set().clone();
    assert!(set.annotations.iter().any(|a| a.label == "assertion"));
    assert!(set.annotations.iter().any(|a| a.label == "event"));
    store::load(&dir.join("b.txt"), None).unwrap();
}
