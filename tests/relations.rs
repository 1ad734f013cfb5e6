//! Relations drawn in the article, driven through the real app (egui_kittest) as a user does:
//! select a quote, `r`, click its speaker; the connector appears; click the connector to
//! select the relation, Delete, undo; `r` again cycles through the allowed relation labels and
//! only spans the relation may end at react while linking.

mod common;

use std::path::Path;

use common::*;
use egui::{Event, Key, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use press_annotate::app::{Command, PressApp};

fn harness(path: &Path) -> Harness<'static, PressApp> {
    open_window(Some(path.to_owned()), None)
}

fn click_at(h: &mut Harness<'_, PressApp>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    h.run();
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run();
}

fn click_char(h: &mut Harness<'_, PressApp>, char: usize) {
    let pos = h
        .state()
        .view()
        .char_screen_rect(char)
        .expect("char visible")
        .center();
    click_at(h, pos);
}

fn relations(h: &Harness<'_, PressApp>) -> Vec<(String, u64, u64)> {
    h.state()
        .document()
        .unwrap()
        .set()
        .relations
        .iter()
        .map(|r| (r.label.clone(), r.from, r.to))
        .collect()
}

#[test]
fn draw_a_relation_by_key_select_it_by_its_connector_delete_and_undo() {
    let dir = sample_corpus();
    let path = dir.path().join(SAMPLE);
    let mut h = harness(&path);
    h.state_mut().settings.autosave = false;
    h.run();
    // FORMAT.md's example: the quote (3) has its speaker, "one official" (4).
    assert_eq!(relations(&h), [("speaker".into(), 3, 4)]);
    assert_eq!(h.state().view().connectors().connectors.len(), 1);

    // Select the quote, `r`: link mode for `speaker`, the first relation a quote may start.
    click_char(&mut h, 600);
    assert_eq!(h.state().selected(), Some(3));
    press(&mut h, Modifiers::NONE, Key::R);
    assert_eq!(h.state().linking(), Some(&(3, "speaker".to_owned())));
    // Click "John Kerry" (chars 97..107): linked.
    click_char(&mut h, 100);
    assert_eq!(
        relations(&h),
        [("speaker".into(), 3, 4), ("speaker".into(), 3, 1)]
    );
    assert!(h.state().linking().is_none());
    let drawn = &h.state().view().connectors().connectors;
    assert_eq!(drawn.len(), 2, "both relations are drawn");

    // Click the new connector (at its label): the relation is selected.
    let new_id = h.state().document().unwrap().set().relations[1].id;
    let apex = drawn
        .iter()
        .find(|c| c.relation == new_id)
        .unwrap()
        .label_point();
    click_at(&mut h, apex);
    assert_eq!(h.state().session().unwrap().selected_relation, Some(new_id));
    assert!(h.query_by_label_contains("Relation: speaker").is_some());

    // Delete removes it; Ctrl+Z brings it back; Ctrl+Y removes it again.
    press(&mut h, Modifiers::NONE, Key::Delete);
    assert_eq!(relations(&h), [("speaker".into(), 3, 4)]);
    assert_eq!(h.state().view().connectors().connectors.len(), 1);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        relations(&h),
        [("speaker".into(), 3, 4), ("speaker".into(), 3, 1)]
    );
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(relations(&h), [("speaker".into(), 3, 4)]);
}

#[test]
fn r_cycles_the_allowed_relation_labels_and_only_allowed_spans_react() {
    let dir = sample_corpus();
    let path = dir.path().join(SAMPLE);
    let mut h = harness(&path);
    h.state_mut().settings.autosave = false;
    h.run();
    let ctx = h.ctx.clone();
    let command = |h: &mut Harness<'_, PressApp>, c: Command| {
        h.state_mut().run_command(&ctx, c);
        h.run();
    };
    // `r` with nothing selected says what to do.
    press(&mut h, Modifiers::NONE, Key::R);
    assert!(h.state().message().unwrap().contains("Select a span first"));
    // An entity starts no relation in the default schema.
    command(&mut h, Command::SelectAnnotation(1));
    press(&mut h, Modifiers::NONE, Key::R);
    assert!(
        h.state()
            .message()
            .unwrap()
            .contains("No relation starts from")
    );
    // The claim: `r` links as claimer; `r` again leaves link mode (claimer is its only label).
    command(&mut h, Command::SelectAnnotation(6));
    press(&mut h, Modifiers::NONE, Key::R);
    assert_eq!(h.state().linking(), Some(&(6, "claimer".to_owned())));
    press(&mut h, Modifiers::NONE, Key::R);
    assert!(h.state().linking().is_none());

    // A claim "Kerry" nested inside the entity "John Kerry" (chars 97..107).
    command(&mut h, Command::SelectText(102..107));
    press(&mut h, Modifiers::NONE, Key::C);
    let claim = h.state().selected().unwrap();
    assert_eq!(
        h.state()
            .document()
            .unwrap()
            .annotation(claim)
            .unwrap()
            .text,
        "Kerry"
    );
    // Link the quote's speaker: a click on "Kerry" goes past the claim (a speaker is an
    // entity) to the entity around it.
    click_char(&mut h, 600);
    press(&mut h, Modifiers::NONE, Key::R);
    assert_eq!(h.state().linking(), Some(&(3, "speaker".to_owned())));
    click_char(&mut h, 104);
    assert_eq!(
        relations(&h),
        [("speaker".into(), 3, 4), ("speaker".into(), 3, 1)]
    );
}

#[test]
fn going_to_an_annotation_that_starts_on_a_line_break_does_not_crash() {
    // Found by the monkey test: a span selected without snapping may start on the line break
    // between two paragraphs; going to it scrolled with a negative offset and panicked.
    let dir = sample_corpus();
    let path = dir.path().join(SAMPLE);
    let mut h = harness(&path);
    h.run();
    let text = h.state().document().unwrap().article.text().to_owned();
    let newline = text.chars().position(|c| c == '\n').unwrap();
    let ctx = h.ctx.clone();
    h.state_mut()
        .run_command(&ctx, Command::SelectText(newline..newline + 8));
    h.key_press(Key::C);
    h.run();
    let id = h.state().selected().expect("labelled");
    h.state_mut().run_command(&ctx, Command::GoToAnnotation(id));
    h.run();
    assert_eq!(h.state().selected(), Some(id));
}

#[test]
fn a_relation_whose_other_end_is_out_of_view_shows_a_marker_that_goes_there() {
    let dir = sample_corpus();
    let path = dir.path().join(SAMPLE);
    // A short window, so that the claim (chars 1832..1856) and John Kerry (97..107) are
    // never on screen together.
    let mut h = open_with(
        window_builder().with_size([1280.0, 360.0]),
        Some(path),
        None,
    );
    h.state_mut().settings.autosave = false;
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().run_command(
        &ctx,
        Command::StartLink {
            from: 6,
            label: "claimer".into(),
        },
    );
    h.state_mut().run_command(&ctx, Command::LinkTo(1));
    h.state_mut().run_command(&ctx, Command::GoToAnnotation(6));
    h.run();
    let markers = &h.state().view().connectors().markers;
    let marker = markers
        .iter()
        .find(|m| m.other == 1)
        .expect("a marker at the claim names John Kerry");
    assert!(marker.text.contains("John Kerry"), "{}", marker.text);
    let at = marker.rect.center();
    click_at(&mut h, at);
    assert_eq!(
        h.state().selected(),
        Some(1),
        "the click went to John Kerry"
    );
    assert!(
        h.state().view().char_screen_rect(100).is_some(),
        "and brought it into view"
    );
}

/// Every connector of the frame, as points along it and its name's centre.
fn connector_points(h: &Harness<'_, PressApp>) -> Vec<Pos2> {
    let drawn = h.state().view().connectors();
    drawn
        .connectors
        .iter()
        .flat_map(|c| {
            // Between the polyline's points too: a straight run crosses what lies under it.
            let mut along: Vec<Pos2> = c
                .points
                .windows(2)
                .flat_map(|w| (0..8).map(move |i| w[0] + (w[1] - w[0]) * (i as f32 / 8.0)))
                .collect();
            along.push(c.label_point());
            along
        })
        .collect()
}

/// No connector and no relation name covers a visible letter.
fn assert_no_connector_over_text(h: &Harness<'_, PressApp>, what: &str) {
    let text_len = h.state().document().unwrap().article.len_chars();
    let text = h.state().document().unwrap().article.text().to_owned();
    let letters: Vec<(usize, egui::Rect)> = text
        .chars()
        .enumerate()
        .take(text_len)
        .filter(|(_, c)| !c.is_whitespace())
        .filter_map(|(i, _)| h.state().view().char_screen_rect(i).map(|r| (i, r)))
        .collect();
    assert!(!letters.is_empty());
    for p in connector_points(h) {
        // The glyph box holds the letter's ink between its row's top and bottom; the
        // arrowhead's tip touches the target's top, which is its own span, not a word above.
        if let Some((i, _)) = letters
            .iter()
            .find(|(_, r)| r.shrink2(egui::vec2(0.0, 3.0)).contains(p))
        {
            panic!(
                "{what}: a connector at {p:?} covers char {i} ({:?})",
                &text.chars().nth(*i)
            );
        }
    }
}

/// Room for arcs (issue 17): lines that start a span with relations get space above them,
/// so no connector or relation name covers a word: for the sample's relation, after a new
/// one to a span three paragraphs up, after undoing it (that room goes again), in a narrow
/// window too.
#[test]
fn connectors_run_in_room_above_their_lines_and_never_over_words() {
    let dir = sample_corpus();
    let path = dir.path().join(SAMPLE);
    for size in [[1280.0, 800.0], [800.0, 600.0]] {
        let mut h = open_with(window_builder().with_size(size), Some(path.clone()), None);
        h.state_mut().settings.autosave = false;
        // The side panel hidden: its width follows what is selected, and the column's with it.
        h.state_mut().settings.show_side_panel = false;
        h.run();
        let ctx = h.ctx.clone();
        h.state_mut().run_command(&ctx, Command::GoToAnnotation(3));
        h.run();
        assert_eq!(h.state().view().connectors().connectors.len(), 1);
        assert_no_connector_over_text(&h, "the sample's speaker");

        // John Kerry's row, measured from the headline's (both in the first screen).
        let kerry_row = |h: &Harness<'_, PressApp>| {
            let view = h.state().view();
            let kerry = view.char_screen_rect(100).expect("John Kerry visible");
            let headline = view.char_screen_rect(0).expect("the headline visible");
            kerry.top() - headline.top()
        };
        h.state_mut().run_command(&ctx, Command::GoToAnnotation(1));
        h.run();
        let before = kerry_row(&h);
        h.state_mut().run_command(
            &ctx,
            Command::StartLink {
                from: 3,
                label: "speaker".into(),
            },
        );
        h.state_mut().run_command(&ctx, Command::LinkTo(1));
        h.state_mut().run_command(&ctx, Command::GoToAnnotation(1));
        h.run();
        let with_room = kerry_row(&h);
        assert!(
            with_room - before > 10.0,
            "room above John Kerry's row: {before} → {with_room}"
        );
        if size[1] >= 800.0 {
            // Both ends on screen: one connector per relation.
            assert_eq!(h.state().view().connectors().connectors.len(), 2);
        }
        assert_no_connector_over_text(&h, "a speaker three paragraphs up");
        press(&mut h, Modifiers::COMMAND, Key::Z);
        assert_eq!(h.state().document().unwrap().set().relations.len(), 1);
        h.state_mut().run_command(&ctx, Command::GoToAnnotation(1));
        h.run();
        let after = kerry_row(&h);
        assert!(
            (after - before).abs() < 0.5,
            "undo takes the room away: {before} → {with_room} → {after}"
        );
        assert_no_connector_over_text(&h, "after undo");
    }
}
