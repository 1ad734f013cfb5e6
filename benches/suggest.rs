//! Suggestions for the long article (~1 MB, the testdata article with its 20,000-annotation
//! set and a patterns file): all sources, each source alone, and an ordinary ~10 kB article.

use std::collections::BTreeMap;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use press_annotate::schema::Schema;
use press_annotate::suggest::{
    Rejections, Sources, Suggester, Suggestion, SuggestionSource, accept_all, edit_to_accept,
    patterns,
};
use press_annotate::testdata;
use press_annotate::text::Article;

const PATTERNS: &str = r#"{"label": "PERSON", "pattern": "John Kerry"}
{"label": "PERSON", "pattern": "Sergei Lavrov"}
{"label": "GPE", "pattern": [{"LOWER": "geneva"}]}
{"label": "GPE", "pattern": [{"ORTH": "Moscow"}]}
{"label": "ORG", "pattern": [{"IS_TITLE": true, "OP": "+"}, {"LOWER": "department"}]}
{"label": "DATE", "pattern": [{"IS_DIGIT": true}, {"LOWER": "years"}]}
"#;

fn bench_suggest(c: &mut Criterion) {
    let schema = Schema::default();
    let patterns =
        patterns::parse_patterns(Path::new("patterns.jsonl"), PATTERNS).expect("patterns");
    let suggester = Suggester::new(&schema, Some(patterns));
    let rejections = Rejections::default();
    let mut group = c.benchmark_group("suggest");
    group.sample_size(10);
    for (name, bytes, annotations) in [("1MB", 1_000_000, 20_000), ("10kB", 10_000, 200)] {
        let article = Article::new(testdata::long_article_text(bytes));
        let set = testdata::annotation_set_for(&article, "0", "long.txt", annotations);
        let all = suggester.suggest(&article, &set, &Sources::ALL, &rejections);
        let count = |source: SuggestionSource| all.iter().filter(|s| s.source == source).count();
        eprintln!(
            "{name}: {} suggestions ({} quotes, {} patterns, {} propagation)",
            all.len(),
            count(SuggestionSource::Quotes),
            count(SuggestionSource::Patterns),
            count(SuggestionSource::Propagation)
        );
        group.bench_function(format!("{name}/all-sources"), |b| {
            b.iter(|| suggester.suggest(&article, &set, &Sources::ALL, &rejections))
        });
        if bytes > 100_000 {
            for source in SuggestionSource::ALL {
                group.bench_function(format!("{name}/{}", source.as_str()), |b| {
                    b.iter(|| {
                        suggester.suggest(&article, &set, &Sources::only(&[source]), &rejections)
                    })
                });
            }
        }
    }
    group.finish();
}

/// `suggest --apply`'s core: accepting N suggestions into one set, in one batch
/// (`accept_all`), and one by one (`edit_to_accept` + `apply`, quadratic) for comparison.
fn bench_apply(c: &mut Criterion) {
    let schema = Schema::default();
    let article = Article::new(testdata::long_article_text(2_500_000));
    let set = testdata::annotation_set_for(&article, "0", "long.txt", 0);
    let suggestion = |i: usize| Suggestion {
        label: "entity".into(),
        start: i * 20,
        end: i * 20 + 5,
        text: article.slice(i * 20..i * 20 + 5).to_owned(),
        attributes: BTreeMap::from([("type".to_owned(), "person".to_owned())]),
        source: SuggestionSource::Patterns,
        speaker: None,
        more_starts: Vec::new(),
    };
    let mut group = c.benchmark_group("apply");
    group.sample_size(10);
    for count in [10_000, 100_000] {
        let suggestions: Vec<Suggestion> = (0..count).map(suggestion).collect();
        group.bench_function(format!("batch/{count}"), |b| {
            b.iter(|| {
                let mut s = set.clone();
                accept_all(&mut s, &article, &schema, &suggestions)
            })
        });
        if count <= 10_000 {
            group.bench_function(format!("one-by-one/{count}"), |b| {
                b.iter(|| {
                    let mut s = set.clone();
                    for sug in &suggestions {
                        if let Ok(edit) = edit_to_accept(&mut s, &article, &schema, sug) {
                            let _ = edit.apply(&mut s);
                        }
                    }
                    s
                })
            });
        }
    }
    group.finish();
}

/// The commands as a user runs them, on the 1 MB article with its 20,000-annotation set:
/// `validate` and `suggest --json` (every source; output to /dev/null), each a whole run of
/// the release binary. Issue 22's goal: suggest at most twice validate.
fn bench_commands(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let article = testdata::write_long_corpus(dir.path(), 1_000_000, 20_000).expect("long corpus");
    let binary = env!("CARGO_BIN_EXE_press-annotate");
    let run = |args: &[&str]| {
        let status = std::process::Command::new(binary)
            .args(args)
            .arg(&article)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("runs");
        assert!(status.success(), "{args:?}: {status}");
    };
    let mut group = c.benchmark_group("command");
    group.sample_size(20);
    group.bench_function("validate/1MB-20k", |b| b.iter(|| run(&["validate"])));
    group.bench_function("suggest/1MB-20k", |b| {
        b.iter(|| run(&["suggest", "--json"]))
    });
    group.finish();
}

criterion_group!(benches, bench_suggest, bench_apply, bench_commands);
criterion_main!(benches);
