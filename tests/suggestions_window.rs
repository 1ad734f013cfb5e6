//! Suggestions in the real app (egui_kittest), as a user meets them on the sample article:
//! Tab to the first suggested quote and its speaker, Enter accepts both and the link, x
//! rejects the next, Ctrl+Z takes the rejection back and then the acceptance, Ctrl+Shift+Enter
//! accepts every remaining quote, the toolbar hides a source, and a rejected suggestion stays
//! away after the article is opened again.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use press_annotate::app::{PressApp, Session};
use press_annotate::store;
use press_annotate::suggest::{Rejections, Suggestion};

fn harness(path: &Path) -> Harness<'static, PressApp> {
    open_window(Some(path.to_owned()), None)
}

fn session<'a>(h: &'a Harness<'_, PressApp>) -> &'a Session {
    h.state().session().unwrap()
}

fn current(h: &Harness<'_, PressApp>) -> Option<Suggestion> {
    session(h)
        .suggestions()
        .and_then(|s| s.current_suggestion().cloned())
}

fn labels(h: &Harness<'_, PressApp>) -> Vec<(String, String)> {
    h.state()
        .document()
        .unwrap()
        .set()
        .annotations
        .iter()
        .map(|a| (a.label.clone(), a.text.clone()))
        .collect()
}

fn sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(SAMPLE);
    std::fs::copy(assets().join(SAMPLE), &path).unwrap();
    (dir, path)
}

const FIRST_QUOTE: &str = "We’ve been taking issues off the table because we’ve reached an understanding on them and continue to have some issues that remain outstanding and that we have been unable to close";

#[test]
fn tab_enter_x_undo_and_accept_all_then_a_rejection_stays_away() {
    let (_dir, path) = sample();
    let mut h = harness(&path);
    h.run();
    // The toolbar counts the suggestions of each source.
    h.get_by_label_contains("quotes 8");
    // Tab: the first suggested quote, with its speaker, said in the status bar.
    press(&mut h, Modifiers::NONE, Key::Tab);
    let first = current(&h).expect("a suggestion is current");
    assert_eq!(first.text, FIRST_QUOTE);
    assert_eq!(
        first.attributes.get("form").map(String::as_str),
        Some("direct")
    );
    h.get_by_label_contains("said by “one official”");
    // Enter: the quote, its speaker and the speaker link, as one edit.
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(
        labels(&h),
        vec![
            ("quote".to_owned(), FIRST_QUOTE.to_owned()),
            ("entity".to_owned(), "one official".to_owned()),
        ]
    );
    let set = h.state().document().unwrap().set().clone();
    assert_eq!(set.relations.len(), 1);
    assert_eq!(set.relations[0].label, "speaker");
    h.get_by_label_contains("quotes 7");
    // The next suggestion is current at once; x rejects it, and it is remembered.
    let second = current(&h).expect("the next suggestion");
    assert_eq!(second.text, "highly technical and complicated");
    press(&mut h, Modifiers::NONE, Key::X);
    h.get_by_label_contains("quotes 6");
    let rejections = Rejections::load(&store::annotation_path(&path, None)).unwrap();
    assert!(rejections.contains("quote", second.start, second.end));
    // Ctrl+Z takes the rejection back, then the acceptance; Ctrl+Shift+Z redoes it.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    h.get_by_label_contains("quotes 7");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(labels(&h).is_empty());
    h.get_by_label_contains("quotes 8");
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(labels(&h).len(), 2);
    // Reject "highly technical and complicated" for good.
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(
        current(&h).unwrap().text,
        "highly technical and complicated"
    );
    press(&mut h, Modifiers::NONE, Key::X);
    // Ctrl+Shift+Enter: every other suggested quote at once (one undoable edit).
    press(&mut h, Modifiers::NONE, Key::Tab);
    let before = labels(&h).len();
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Enter);
    let quotes = labels(&h).iter().filter(|(l, _)| l == "quote").count();
    assert_eq!(quotes, 7, "the first quote and the six left");
    assert!(labels(&h).len() > before);
    h.get_by_label_contains("quotes 0");
    // The toolbar hides a source: its count goes, its outlines too.
    h.get_by_label_contains("patterns").click();
    h.run();
    assert!(!h.state().settings.suggest_patterns);
    press(&mut h, Modifiers::COMMAND, Key::S);
    drop(h);

    // Opened again: the rejected quote is not suggested again, the accepted ones are
    // annotations now.
    let mut h = harness(&path);
    h.run();
    let list = session(&h).suggestions().unwrap().list().to_vec();
    assert!(
        !list
            .iter()
            .any(|s| s.text == "highly technical and complicated"),
        "{list:?}"
    );
    assert_eq!(
        h.state()
            .document()
            .unwrap()
            .set()
            .annotations
            .iter()
            .filter(|a| a.label == "quote")
            .count(),
        7
    );
}

/// One history: a rejection is undone by Ctrl+Z and done again by Ctrl+Y like any edit, on
/// disk each time, and an edit made after it is undone first.
#[test]
fn a_rejection_is_undone_and_redone_like_an_edit() {
    let (_dir, path) = sample();
    let mut h = harness(&path);
    h.run();
    let set_path = store::annotation_path(&path, None);
    let remembered = |s: &Suggestion| {
        Rejections::load(&set_path)
            .unwrap()
            .contains(&s.label, s.start, s.end)
    };
    press(&mut h, Modifiers::NONE, Key::Tab);
    let first = current(&h).expect("a suggestion");
    press(&mut h, Modifiers::NONE, Key::X);
    h.get_by_label_contains("quotes 7");
    assert!(remembered(&first));
    // An edit after the rejection: Ctrl+Z undoes the edit first, then the rejection.
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::Enter);
    let after_accept = labels(&h).len();
    assert!(after_accept > 0);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(labels(&h).is_empty());
    assert!(remembered(&first), "the rejection stays until it is undone");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    h.get_by_label_contains("quotes 8");
    assert!(!remembered(&first), "undone: forgotten on disk too");
    // Ctrl+Y rejects it again, then accepts again.
    press(&mut h, Modifiers::COMMAND, Key::Y);
    h.get_by_label_contains("quotes 7");
    assert!(remembered(&first));
    press(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(labels(&h).len(), after_accept);
    // The rejected suggestion is not current again, and not drawn.
    assert!(
        session(&h)
            .suggestions()
            .unwrap()
            .list()
            .iter()
            .all(|s| s.start != first.start || s.label != first.label)
    );
}

/// Issue 18: accept-all accepts every suggestion of the label, also quotes that share a
/// speaker ("Accepted 2 quote suggestion(s)" with one left, before); Ctrl+Z takes them all
/// back as one.
#[test]
fn accept_all_takes_quotes_that_share_a_speaker_and_undoes_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("talks.txt");
    std::fs::write(
        &path,
        "Talks end\n\n“We will keep talking to everyone who wants peace,” said Maria Lopez, the minister. “Nobody has left the table yet,” said Maria Lopez. “The next round starts on Monday in Geneva,” said Maria Lopez.\n",
    )
    .unwrap();
    let mut h = harness(&path);
    h.state_mut().settings.autosave = false;
    h.run();
    h.get_by_label_contains("quotes 3");
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(current(&h).map(|s| s.label), Some("quote".to_owned()));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Enter);
    let set = h.state().document().unwrap().set().clone();
    let quotes = set
        .annotations
        .iter()
        .filter(|a| a.label == "quote")
        .count();
    assert_eq!(quotes, 3, "every quote accepted: {:?}", labels(&h));
    assert_eq!(set.relations.len(), 3, "each with its speaker");
    assert!(
        h.state()
            .message()
            .is_some_and(|m| m.contains("Accepted 3 quote")),
        "{:?}",
        h.state().message()
    );
    h.get_by_label_contains("quotes 0");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().document().unwrap().set().annotations.is_empty());
    h.get_by_label_contains("quotes 3");
}

/// The sample article with John Kerry and Sergei Lavrov labelled (FORMAT.md's example set
/// without its quote, its speaker and its claim).
fn sample_with_two_people() -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = sample();
    let set: String = example_set()
        .lines()
        .filter(|l| !l.contains("label: \"quote\"") && !l.contains("one official"))
        .filter(|l| !l.contains("label: \"claim\"") && !l.contains("Relation("))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(store::annotation_path(&path, None), set).unwrap();
    (dir, path)
}

fn speaker_of(h: &Harness<'_, PressApp>, quote: &str) -> Option<String> {
    let set = h.state().document().unwrap().set();
    let q = set.annotations.iter().find(|a| a.text == quote)?;
    let r = set.relations.iter().find(|r| r.from == q.id)?;
    set.annotation(r.to).map(|a| a.text.clone())
}

#[test]
fn the_side_panel_reviews_a_suggested_quote_and_its_speaker_is_changed_before_enter() {
    let (_dir, path) = sample_with_two_people();
    let mut h = harness(&path);
    h.run();
    key(&mut h, Key::Tab);
    let s = current(&h).unwrap();
    assert_eq!(s.text, FIRST_QUOTE);
    // The side panel shows it, with the suggested speaker first, then the people named
    // before it, nearest first, then "no speaker".
    h.get_by_label("Suggestion");
    h.get_by_label("one official (new person)");
    h.get_by_label("Sergei Lavrov");
    h.get_by_label("John Kerry");
    h.get_by_label("no speaker");
    // Ctrl+Tab: Sergei Lavrov instead; Enter accepts the quote with him as its speaker, and
    // makes no "one official" entity.
    press(&mut h, Modifiers::COMMAND, Key::Tab);
    assert!(
        h.state()
            .message()
            .unwrap_or_default()
            .contains("Sergei Lavrov"),
        "{:?}",
        h.state().message()
    );
    key(&mut h, Key::Enter);
    assert_eq!(
        speaker_of(&h, FIRST_QUOTE).as_deref(),
        Some("Sergei Lavrov")
    );
    assert!(!labels(&h).iter().any(|(_, t)| t == "one official"));
    // Ctrl+Z; back to the same suggestion, its suggested speaker again.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(labels(&h).iter().all(|(_, t)| t != FIRST_QUOTE));
    key(&mut h, Key::Tab);
    while current(&h).unwrap().text != FIRST_QUOTE {
        key(&mut h, Key::Tab);
    }
    h.get_by_label_contains("said by “one official”");
    // "no speaker", picked with the mouse: Enter accepts the quote alone.
    h.get_by_label("no speaker").click();
    h.run();
    key(&mut h, Key::Enter);
    assert!(labels(&h).iter().any(|(_, t)| t == FIRST_QUOTE));
    assert_eq!(speaker_of(&h, FIRST_QUOTE), None);
    assert!(!labels(&h).iter().any(|(_, t)| t == "one official"));
    // Ctrl+Z, and Ctrl+Tab walks all four choices round to the suggested one again.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    key(&mut h, Key::Tab);
    while current(&h).unwrap().text != FIRST_QUOTE {
        key(&mut h, Key::Tab);
    }
    for _ in 0..4 {
        press(&mut h, Modifiers::COMMAND, Key::Tab);
    }
    key(&mut h, Key::Enter);
    assert_eq!(speaker_of(&h, FIRST_QUOTE).as_deref(), Some("one official"));
}

/// A body that speaks is reviewed and accepted as an organisation, and "he" after it makes no
/// entity of its own: the quote goes to the person named before it.
#[test]
fn a_ministry_speaks_as_an_organization_and_a_pronoun_links_to_the_person_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ministry.txt");
    std::fs::write(
        &path,
        "“We are ready to talk at any time,” the Foreign Ministry said on Monday.\n\nSergei Lavrov arrived in Geneva later. “Nobody has left the table,” he told reporters.\n",
    )
    .unwrap();
    let mut h = harness(&path);
    h.run();
    key(&mut h, Key::Tab);
    h.get_by_label("the Foreign Ministry (new organization)");
    key(&mut h, Key::Enter);
    h.get_by_label("Sergei Lavrov (new person)");
    key(&mut h, Key::Enter);
    let entities: Vec<(String, Option<String>)> = h
        .state()
        .document()
        .unwrap()
        .set()
        .annotations
        .iter()
        .filter(|a| a.label == "entity")
        .map(|a| (a.text.clone(), a.attribute("type").map(str::to_owned)))
        .collect();
    assert_eq!(
        entities,
        [
            (
                "the Foreign Ministry".to_owned(),
                Some("organization".to_owned())
            ),
            ("Sergei Lavrov".to_owned(), Some("person".to_owned())),
        ]
    );
    assert_eq!(
        speaker_of(&h, "Nobody has left the table").as_deref(),
        Some("Sergei Lavrov")
    );
    // Ctrl+Z takes the last one back, entity and link with it.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(speaker_of(&h, "Nobody has left the table"), None);
    assert!(!labels(&h).iter().any(|(_, t)| t == "Sergei Lavrov"));
}

/// A name labelled once and repeated: propagation suggests it once for all its places. The
/// user Tabs to it, the side panel lists the places Enter will label, Enter labels them all
/// (one edit: Ctrl+Z takes them all back), x rejects them all (remembered, undone the same
/// way), and opened again the rejected places stay away.
#[test]
fn a_repeated_name_is_one_suggestion_for_all_its_places() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repeats.txt");
    std::fs::write(
        &path,
        "Kerry met Lavrov in Geneva.\n\nLater Kerry said the talks went on. Kerry left on Friday, and Lavrov stayed.\n",
    )
    .unwrap();
    annotate(
        dir.path(),
        "repeats.txt",
        "alice",
        &[("Kerry", "entity", PER)],
    );
    let kerrys = |h: &Harness<'_, PressApp>| {
        labels(h)
            .iter()
            .filter(|(l, t)| l == "entity" && t == "Kerry")
            .count()
    };
    let mut h = open_window(Some(path.clone()), Some("alice"));
    h.run();
    h.get_by_label_contains("propagation 1");
    press(&mut h, Modifiers::NONE, Key::Tab);
    let kerry = current(&h).expect("the repeated name is suggested");
    assert_eq!(kerry.text, "Kerry");
    assert_eq!(kerry.place_count(), 2);
    // Before Enter: the side panel and the status bar say that it labels both places.
    h.get_by_label_contains("Enter labels all 2 places");
    h.get_by_label_contains("at 2 places");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(kerrys(&h), 3);
    h.get_by_label_contains("propagation 0");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(kerrys(&h), 1);
    h.get_by_label_contains("propagation 1");
    // x rejects both places; Ctrl+Z takes the rejection back, Ctrl+Y rejects again.
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::NONE, Key::X);
    h.get_by_label_contains("propagation 0");
    let rejections = Rejections::load(&store::annotation_path(&path, Some("alice"))).unwrap();
    for place in kerry.places() {
        assert!(rejections.contains("entity", place.start, place.end));
    }
    press(&mut h, Modifiers::COMMAND, Key::Z);
    h.get_by_label_contains("propagation 1");
    press(&mut h, Modifiers::COMMAND, Key::Y);
    h.get_by_label_contains("propagation 0");
    assert_eq!(kerrys(&h), 1);
    press(&mut h, Modifiers::COMMAND, Key::S);
    drop(h);
    // Opened again: the rejected places are not suggested.
    let mut h = open_window(Some(path), Some("alice"));
    h.run();
    h.get_by_label_contains("propagation 0");
    assert_eq!(kerrys(&h), 1);
}

/// The same name twice near a quote is two speaker candidates: the side panel says how far
/// from the quote each one is, and Ctrl+Tab then Enter links the quote to the nearer one.
#[test]
fn the_same_name_twice_among_speaker_candidates_says_where_each_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twice.txt");
    let text = "Kerry arrived in Geneva on Monday. Lavrov met Kerry there. “We are ready to talk at any time,” an official said.\n";
    std::fs::write(&path, text).unwrap();
    let mut doc = press_annotate::document::Document::open(&path, None).unwrap();
    let person = std::collections::BTreeMap::from([("type".to_owned(), "person".to_owned())]);
    let second_kerry = text.chars().count() - text[text.rfind("Kerry").unwrap()..].chars().count();
    for start in [0, 35, second_kerry] {
        let end = if start == 35 { 41 } else { start + 5 };
        doc.label_span(start..end, "entity", &person).unwrap();
    }
    doc.save().unwrap();
    let mut h = harness(&path);
    h.run();
    key(&mut h, Key::Tab);
    assert_eq!(
        current(&h).map(|s| s.text).as_deref(),
        Some("We are ready to talk at any time")
    );
    h.get_by_label("an official (new person)");
    h.get_by_label("Kerry · 1 word before");
    h.get_by_label("Lavrov");
    h.get_by_label("Kerry · 9 words before");
    // Nearest first: Ctrl+Tab goes from the suggested speaker to the second Kerry.
    press(&mut h, Modifiers::COMMAND, Key::Tab);
    key(&mut h, Key::Enter);
    let set = h.state().document().unwrap().set().clone();
    let quote = set.annotations.iter().find(|a| a.label == "quote").unwrap();
    let link = set.relations.iter().find(|r| r.from == quote.id).unwrap();
    assert_eq!(set.annotation(link.to).map(|a| a.start), Some(second_kerry));
    assert!(!labels(&h).iter().any(|(_, t)| t == "an official"));
    // Ctrl+Z takes the quote and its link back; the second Kerry stays.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    let set = h.state().document().unwrap().set();
    assert!(set.annotations.iter().all(|a| a.label != "quote"));
    assert!(set.annotations.iter().any(|a| a.start == second_kerry));
}
