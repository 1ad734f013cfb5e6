//! Suggestions through the library: what is left out (annotated, rejected), propagation,
//! pattern labels mapped onto the schema, accepting as one undoable edit, and the rejections
//! file beside the set (optional, atomic, never taken for a set, never overwritten when bad).

use std::collections::BTreeMap;
use std::path::Path;

use press_annotate::document::Document;
use press_annotate::edit::Edit;
use press_annotate::model::{Annotation, AnnotationSet, Source};
use press_annotate::schema::Schema;
use press_annotate::suggest::{
    Rejections, Sources, Suggester, Suggestion, SuggestionSource, edit_to_accept, patterns,
    rejections_path,
};
use press_annotate::text::Article;

const TEXT: &str = "“We will keep talking until there is a deal,” John Kerry said in Geneva. Kerry met Lavrov. Kerry’s plan stands.";

fn set_for(article: &Article) -> AnnotationSet {
    AnnotationSet::new(
        Source {
            file: "a.txt".into(),
            sha256: "0".into(),
            chars: article.len_chars(),
        },
        None,
    )
}

fn add(
    set: &mut AnnotationSet,
    article: &Article,
    label: &str,
    text: &str,
    attrs: &[(&str, &str)],
) -> u64 {
    let start = article.text().find(text).unwrap();
    let start = article.byte_to_char(start);
    let end = start + text.chars().count();
    let id = set.allocate_id().unwrap();
    Edit::Add {
        place: press_annotate::model::Place::Annotations,
        annotation: Annotation {
            id,
            label: label.into(),
            start,
            end,
            text: text.into(),
            attributes: attrs
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
            note: None,
            annotators: Vec::new(),
            suggested: None,
        },
        relations: Vec::new(),
    }
    .apply(set)
    .unwrap();
    id
}

fn texts(suggestions: &[Suggestion]) -> Vec<(&str, &str, &'static str)> {
    suggestions
        .iter()
        .map(|s| (s.label.as_str(), s.text.as_str(), s.source.as_str()))
        .collect()
}

#[test]
fn a_quote_with_its_speaker_then_gone_once_annotated() {
    let article = Article::new(TEXT.into());
    let mut set = set_for(&article);
    let suggester = Suggester::new(&Schema::default(), None);
    let none = Rejections::default();
    let found = suggester.suggest(&article, &set, &Sources::ALL, &none);
    assert_eq!(
        texts(&found),
        [(
            "quote",
            "We will keep talking until there is a deal",
            "quotes"
        )]
    );
    let quote = &found[0];
    assert_eq!(quote.attributes["form"], "direct");
    let speaker = quote.speaker.as_ref().unwrap();
    assert_eq!(article.slice(speaker.start..speaker.end), "John Kerry");
    assert_eq!(speaker.existing, None);

    // An existing entity becomes the speaker; the annotated quote is no longer suggested.
    let kerry = add(
        &mut set,
        &article,
        "entity",
        "John Kerry",
        &[("type", "person")],
    );
    let found = suggester.suggest(&article, &set, &Sources::ALL, &none);
    assert_eq!(found[0].speaker.as_ref().unwrap().existing, Some(kerry));
    add(
        &mut set,
        &article,
        "quote",
        "We will keep talking until there is",
        &[("form", "direct")],
    );
    let found = suggester.suggest(
        &article,
        &set,
        &Sources::only(&[SuggestionSource::Quotes]),
        &none,
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn propagation_suggests_other_whole_word_occurrences_with_the_same_attributes() {
    let article = Article::new(TEXT.into());
    let mut set = set_for(&article);
    add(
        &mut set,
        &article,
        "entity",
        "Lavrov",
        &[("type", "person")],
    );
    add(
        &mut set,
        &article,
        "entity",
        "John Kerry",
        &[("type", "person")],
    );
    let suggester = Suggester::new(&Schema::default(), None);
    let found = suggester.suggest(
        &article,
        &set,
        &Sources::only(&[SuggestionSource::Propagation]),
        &Rejections::default(),
    );
    // "John Kerry" occurs once (annotated); "Lavrov" once: nothing to propagate yet.
    assert!(found.is_empty(), "{found:?}");
    let mut seeds_from_folder = Suggester::new(&Schema::default(), None);
    seeds_from_folder.set_seeds(vec![press_annotate::suggest::Seed {
        text: "Kerry".into(),
        label: "entity".into(),
        attributes: BTreeMap::from([("type".into(), "person".into())]),
    }]);
    let found = seeds_from_folder.suggest(
        &article,
        &set,
        &Sources::only(&[SuggestionSource::Propagation]),
        &Rejections::default(),
    );
    // Inside the annotated "John Kerry" it is not suggested; "Kerry met" and "Kerry’s" are,
    // as one suggestion carrying both places (Enter labels them all).
    assert_eq!(found.len(), 1, "{found:?}");
    let kerry = &found[0];
    assert_eq!(
        (kerry.text.as_str(), kerry.attributes["type"].as_str()),
        ("Kerry", "person")
    );
    let places: Vec<&str> = kerry.places().map(|p| article.slice(p)).collect();
    assert_eq!(places, ["Kerry", "Kerry"]);
    assert!(kerry.places().all(|p| set.overlapping(p).next().is_none()));
}

#[test]
fn pattern_labels_are_mapped_onto_the_schema_and_unknown_ones_reported() {
    let file = "{\"label\": \"GPE\", \"pattern\": \"Geneva\"}\n{\"label\": \"PERSON\", \"pattern\": [{\"ORTH\": \"Lavrov\"}]}\n{\"label\": \"DATE\", \"pattern\": [{\"IS_DIGIT\": true}]}\n{\"label\": \"NORP\", \"pattern\": \"Russian\"}";
    let patterns = patterns::parse_patterns(Path::new("patterns.jsonl"), file).unwrap();
    let suggester = Suggester::new(&Schema::default(), Some(patterns));
    assert_eq!(suggester.skipped_patterns(), [(3, "DATE".to_owned())]);
    let article = Article::new("Lavrov flew to Geneva in 2016 with a Russian team.".into());
    let found = suggester.suggest(
        &article,
        &set_for(&article),
        &Sources::only(&[SuggestionSource::Patterns]),
        &Rejections::default(),
    );
    let got: Vec<(&str, &str)> = found
        .iter()
        .map(|s| (s.text.as_str(), s.attributes["type"].as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("Lavrov", "person"),
            ("Geneva", "location"),
            ("Russian", "other")
        ]
    );
}

#[test]
fn accepting_a_quote_adds_speaker_entity_and_relation_in_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("a.txt");
    std::fs::write(&source, TEXT).unwrap();
    let mut doc = Document::open(&source, None).unwrap();
    let article = Article::new(TEXT.into());
    let suggester = Suggester::new(&Schema::default(), None);
    let found = suggester.suggest(&article, doc.set(), &Sources::ALL, &Rejections::default());
    doc.accept_suggestion(&found[0]).unwrap();
    let set = doc.set();
    assert_eq!(set.annotations.len(), 2);
    let entity = set
        .annotations
        .iter()
        .find(|a| a.label == "entity")
        .unwrap();
    assert_eq!(entity.text, "John Kerry");
    assert_eq!(entity.attributes["type"], "person");
    let quote = set.annotations.iter().find(|a| a.label == "quote").unwrap();
    assert_eq!(set.relations.len(), 1);
    assert_eq!(
        (
            set.relations[0].label.as_str(),
            set.relations[0].from,
            set.relations[0].to
        ),
        ("speaker", quote.id, entity.id)
    );
    assert!(doc.undo().unwrap());
    assert!(doc.set().annotations.is_empty() && doc.set().relations.is_empty());
    // Accepted twice: refused, nothing changes.
    doc.redo().unwrap();
    let mut again = doc.set().clone();
    assert!(edit_to_accept(&mut again, &article, &Schema::default(), &found[0]).is_err());
    assert!(doc.accept_suggestion(&found[0]).is_err());
    assert_eq!(doc.set().annotations.len(), 2);
}

#[test]
fn rejected_suggestions_stay_away_after_saving_and_reloading_and_follow_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let set_path = dir.path().join("a.txt.alice.annotations.ron");
    assert_eq!(
        rejections_path(&set_path),
        dir.path().join("a.txt.alice.rejected.ron")
    );
    let article = Article::new(TEXT.into());
    let suggester = Suggester::new(&Schema::default(), None);
    let set = set_for(&article);
    let found = suggester.suggest(&article, &set, &Sources::ALL, &Rejections::default());
    let mut rejections = Rejections::load(&set_path).unwrap();
    assert!(rejections.is_empty(), "no file: nothing rejected");
    for r in found[0].rejections() {
        rejections.reject(r);
    }
    rejections.save(&set_path).unwrap();
    let back = Rejections::load(&set_path).unwrap();
    assert_eq!(back, rejections);
    assert!(back.contains("quote", found[0].start, found[0].end));
    assert!(
        suggester
            .suggest(&article, &set, &Sources::ALL, &back)
            .is_empty()
    );
    // The article gains a paragraph before the quote: the rejection follows its text.
    let moved = Article::new(format!("A new first line.\n\n{TEXT}"));
    let found = suggester.suggest(&moved, &set_for(&moved), &Sources::ALL, &back);
    assert!(found.is_empty(), "{found:?}");
    // The file is not an annotation set nor an article for folder listings.
    std::fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    let discovered = press_annotate::store::discover(dir.path());
    assert_eq!(discovered.articles, [dir.path().join("a.txt")]);
    assert!(discovered.annotation_files.is_empty());
    assert!(press_annotate::store::annotation_files_of(&dir.path().join("a.txt")).is_empty());
}

#[test]
fn a_bad_rejections_file_is_an_error_naming_it_and_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let set_path = dir.path().join("a.txt.annotations.ron");
    let file = rejections_path(&set_path);
    for bad in [
        &b"Rejections(format: 1, rejected: [Rejected(label: \"quote\""[..],
        b"\xff\xfe",
        b"Rejections(format: 9, rejected: [])",
        b"Rejections(format: 1, rejected: [Rejected(label: \"q\", start: 5, end: 2, text: \"x\")])",
        b"Rejections(format: 1, extra: 1)",
    ] {
        std::fs::write(&file, bad).unwrap();
        let err = Rejections::load(&set_path).unwrap_err();
        assert_eq!(err.path, file, "{err}");
        let err = Rejections::default().save(&set_path).unwrap_err();
        assert!(err.to_string().contains("not overwriting"), "{err}");
        assert_eq!(std::fs::read(&file).unwrap(), bad);
    }
}

mod any_text {
    use super::*;
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "“",
        "”",
        "„",
        "“",
        "‚",
        "‘",
        "’",
        "«",
        "»",
        "\"",
        "「",
        "」",
        "—",
        "–",
        "-",
        " ",
        "\n",
        "\r\n",
        ".",
        ",",
        ":",
        "?",
        "¿",
        "!",
        "…",
        "said",
        "says",
        "told",
        "according to",
        "that",
        "que",
        "qu’",
        "a déclaré",
        "sagte",
        "so",
        "dijo",
        "según",
        "Kerry",
        "Mr.",
        "U.S.",
        "the official",
        "we’ve",
        "é",
        "東京",
        "🇫🇷",
        "e\u{301}",
        "\u{a0}",
        "word",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Whatever the text, suggesting never panics, and every suggestion (and speaker) is a
        /// non-empty range of the article whose text is its slice, valid for the schema.
        #[test]
        fn suggestions_are_always_slices_of_the_article(picks in proptest::collection::vec(0..PIECES.len(), 0..80)) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(if picks.len() % 2 == 0 { " " } else { "" });
            let article = Article::new(text);
            let mut set = set_for(&article);
            let schema = Schema::default();
            let patterns = patterns::parse_patterns(
                Path::new("patterns.jsonl"),
                "{\"label\": \"PERSON\", \"pattern\": [{\"IS_TITLE\": true, \"OP\": \"+\"}, {\"LOWER\": \"said\", \"OP\": \"?\"}]}\n{\"label\": \"ORG\", \"pattern\": [{\"IS_PUNCT\": true, \"OP\": \"*\"}, {\"ORTH\": \"U.S.\"}]}",
            )
            .unwrap();
            let suggester = Suggester::new(&schema, Some(patterns));
            let found = suggester.suggest(&article, &set, &Sources::ALL, &Rejections::default());
            for s in &found {
                prop_assert!(s.start < s.end && s.end <= article.len_chars(), "{s:?}");
                prop_assert_eq!(article.slice(s.start..s.end), s.text.as_str());
                prop_assert!(schema.check_span(&s.label, &s.attributes).is_none());
                if let Some(sp) = &s.speaker {
                    prop_assert!(sp.start < sp.end && sp.end <= article.len_chars(), "{sp:?}");
                }
            }
            // Accepting every suggestion in turn keeps the set valid (no duplicate, no
            // dangling relation).
            for s in &found {
                if let Ok(edit) = edit_to_accept(&mut set, &article, &schema, s) {
                    edit.apply(&mut set).unwrap();
                }
            }
            for r in &set.relations {
                prop_assert!(set.annotation(r.from).is_some() && set.annotation(r.to).is_some());
            }
        }
    }
}

// suggest::accept_all: one batch per set, as `suggest --apply` uses it.
mod accept_all_batch {
    use press_annotate::model::AnnotationSet;
    use press_annotate::schema::Schema;
    use press_annotate::suggest::{
        Rejections, Sources, Suggester, Suggestion, accept_all, edit_to_accept,
    };
    use press_annotate::text::Article;

    /// The long test article with a few annotations, and all its suggestions.
    fn fixture(annotations: usize) -> (Article, AnnotationSet, Schema, Vec<Suggestion>) {
        let article = Article::new(press_annotate::testdata::long_article_text(60_000));
        let set =
            press_annotate::testdata::annotation_set_for(&article, "0", "long.txt", annotations);
        let schema = Schema::default();
        let suggestions = Suggester::new(&schema, None).suggest(
            &article,
            &set,
            &Sources::ALL,
            &Rejections::default(),
        );
        (article, set, schema, suggestions)
    }

    #[test]
    fn one_batch_gives_the_set_that_accepting_one_by_one_gives() {
        let (article, set, schema, mut suggestions) = fixture(40);
        assert!(suggestions.len() > 50, "{}", suggestions.len());
        // A repeat is refused as it is one by one.
        suggestions.push(suggestions[0].clone());
        let mut one_by_one = set.clone();
        for s in &suggestions {
            if let Ok(edit) = edit_to_accept(&mut one_by_one, &article, &schema, s) {
                edit.apply(&mut one_by_one).unwrap();
            }
        }
        let mut batch = set.clone();
        let accepted = accept_all(&mut batch, &article, &schema, &suggestions).unwrap();
        assert_eq!(batch, one_by_one);
        let added: usize = accepted.spans.values().sum();
        assert_eq!(added, one_by_one.annotations.len() - set.annotations.len());
        // Every place of the repeat (a propagated text has several).
        assert_eq!(
            accepted.refused.values().sum::<usize>(),
            suggestions[0].place_count(),
            "{accepted:?}"
        );
    }

    #[test]
    fn a_set_whose_ids_would_overflow_is_refused_whole_and_left_unchanged() {
        let (article, mut set, schema, suggestions) = fixture(3);
        let quotes: Vec<Suggestion> = suggestions
            .into_iter()
            .filter(|s| s.speaker.is_none())
            .flat_map(|s| s.one_per_place().collect::<Vec<_>>())
            .take(7)
            .collect();
        assert_eq!(quotes.len(), 7);
        set.annotations[0].id = u64::MAX - 2;
        set.sort();
        let before = set.clone();
        // Two ids are left (MAX - 1 and MAX) for seven quotes: none is added, and the reason
        // says how many ids were wanted.
        let refused = accept_all(&mut set, &article, &schema, &quotes).unwrap_err();
        assert_eq!(set, before);
        assert_eq!(set.first_free_id(), before.first_free_id());
        let text = refused.to_string();
        assert!(text.contains("no id left"), "{text}");
        assert!(text.contains("7 suggestion"), "{text}");

        // Exactly as many ids as wanted: all seven fit, up to u64::MAX.
        let mut set = before.clone();
        set.annotations
            .iter_mut()
            .find(|a| a.id == u64::MAX - 2)
            .unwrap()
            .id = u64::MAX - 7;
        set.sort();
        let accepted = accept_all(&mut set, &article, &schema, &quotes).unwrap();
        assert_eq!(accepted.spans.values().sum::<usize>(), 7, "{accepted:?}");
        assert_eq!(set.max_id(), u64::MAX);

        // One by one (the window's path): with the largest id at u64::MAX, an error, not a
        // panic and not a wrapped id.
        let mut full = before.clone();
        full.annotations
            .iter_mut()
            .find(|a| a.id == u64::MAX - 2)
            .unwrap()
            .id = u64::MAX;
        full.sort();
        let kept = full.clone();
        let err = edit_to_accept(&mut full, &article, &schema, &quotes[0]).unwrap_err();
        assert!(err.to_string().contains("no id left"), "{err}");
        assert_eq!(full, kept);
    }
}

/// Issue 18: two quotes whose suggested speaker is the same span ("Kerry said … and added …"):
/// accepting all takes both, with one speaker entity linked twice, as one edit; before, the
/// second quote was skipped (its speaker entity clashed with the first one's).
#[test]
fn accepting_all_takes_quotes_that_share_one_speaker_span() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kerry.txt");
    let text = "“We will keep talking,” John Kerry said, and added: “Nobody has left the table.”";
    std::fs::write(&path, text).unwrap();
    let mut doc = Document::open(&path, None).unwrap();
    let char_range = |needle: &str| {
        let start = doc.article.byte_to_char(text.find(needle).unwrap());
        start..start + needle.chars().count()
    };
    let kerry = char_range("John Kerry");
    let quote = |needle: &str| {
        let range = char_range(needle);
        Suggestion {
            label: "quote".into(),
            start: range.start,
            end: range.end,
            text: needle.into(),
            attributes: BTreeMap::from([("form".into(), "direct".into())]),
            source: SuggestionSource::Quotes,
            speaker: Some(press_annotate::suggest::SpeakerSuggestion {
                start: kerry.start,
                end: kerry.end,
                existing: None,
                organization: false,
            }),
            more_starts: Vec::new(),
        }
    };
    let both = [
        quote("We will keep talking"),
        quote("Nobody has left the table."),
    ];
    assert_eq!(doc.accept_suggestions(&both).unwrap(), 2);
    let set = doc.set();
    let quotes: Vec<u64> = set
        .annotations
        .iter()
        .filter(|a| a.label == "quote")
        .map(|a| a.id)
        .collect();
    let entities: Vec<u64> = set
        .annotations
        .iter()
        .filter(|a| a.label == "entity")
        .map(|a| a.id)
        .collect();
    assert_eq!(quotes.len(), 2, "{:?}", set.annotations);
    assert_eq!(entities.len(), 1, "one speaker entity");
    assert_eq!(set.relations.len(), 2);
    assert!(set.relations.iter().all(|r| r.to == entities[0]));
    assert!(doc.undo().unwrap());
    assert!(doc.set().annotations.is_empty(), "one undo takes both back");
}

#[test]
fn accepting_all_types_bodies_as_organizations_and_links_pronouns_to_the_person_named_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ministry.txt");
    let text = "“We are ready to talk,” the Foreign Ministry said on Monday.\n\nMaria Zakharova, its spokeswoman, spoke later. “Nobody has left the table,” she said. “The talks go on.”";
    std::fs::write(&path, text).unwrap();
    let mut doc = Document::open(&path, None).unwrap();
    let suggester = Suggester::new(&Schema::default(), None);
    let suggestions = suggester.suggest(
        &doc.article,
        doc.set(),
        &Sources::only(&[SuggestionSource::Quotes]),
        &Rejections::default(),
    );
    assert_eq!(suggestions.len(), 3, "{suggestions:?}");
    assert_eq!(doc.accept_suggestions(&suggestions).unwrap(), 3);
    let set = doc.set();
    let entities: Vec<(&str, Option<&str>)> = set
        .annotations
        .iter()
        .filter(|a| a.label == "entity")
        .map(|a| (a.text.as_str(), a.attribute("type")))
        .collect();
    assert_eq!(
        entities,
        [
            ("the Foreign Ministry", Some("organization")),
            ("Maria Zakharova", Some("person")),
        ],
        "no entity for \"she\": her quotes link to the name before"
    );
    assert_eq!(set.relations.len(), 3, "every quote linked to its speaker");
}

/// The command line's search (propagation in parts on several threads, beside the quotes)
/// finds exactly what the window's one-thread search finds, places cut by a part's end
/// included, on a long article with emoji and CJK before its labelled names.
#[test]
fn the_parallel_search_finds_what_the_serial_one_finds() {
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 300_000 {
        n += 1;
        text.push_str(&format!(
            "Paragraph {n} 🙂 東京: John Kerry met Sergei Lavrov; “we talk,” Lavrov said. \n\n"
        ));
    }
    let article = Article::new(text);
    let mut set = set_for(&article);
    add(
        &mut set,
        &article,
        "entity",
        "John Kerry",
        &[("type", "person")],
    );
    add(
        &mut set,
        &article,
        "entity",
        "Lavrov",
        &[("type", "person")],
    );
    let serial = Suggester::new(&Schema::default(), None);
    let mut parallel = serial.clone();
    parallel.set_parallel(true);
    let none = Rejections::default();
    let one = serial.suggest(&article, &set, &Sources::ALL, &none);
    let two = parallel.suggest(&article, &set, &Sources::ALL, &none);
    assert_eq!(one, two);
    let kerry = one
        .iter()
        .find(|s| s.text == "John Kerry")
        .expect("propagated");
    assert_eq!(
        kerry.place_count(),
        n - 1,
        "every other paragraph's John Kerry"
    );
    assert!(kerry.places().all(|p| article.slice(p) == "John Kerry"));
}
