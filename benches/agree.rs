//! `press-annotate agree` on a generated folder of 2,000 articles (~4 kB, ~30 spans each) with
//! the sets of three annotators each: load, re-check and compare 6,000 sets.

use criterion::{Criterion, criterion_group, criterion_main};

use press_annotate::agree::{self, AgreeOptions};
use press_annotate::testdata;

const ARTICLES: usize = 2_000;

fn bench_agree(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    testdata::write_annotator_corpus(
        dir.path(),
        ARTICLES,
        4_000,
        30,
        &["alice", "bob", "carol"],
        7,
    )
    .expect("corpus");
    let inputs = [dir.path().to_owned()];
    let mut group = c.benchmark_group("agree");
    group.sample_size(10);
    for (name, tokens) in [("instance", false), ("tokens", true)] {
        let options = AgreeOptions {
            tokens,
            ..AgreeOptions::default()
        };
        group.bench_function(format!("{name}/2000-articles-3-annotators"), |b| {
            b.iter(|| {
                let report = agree::run(&inputs, &options).expect("agree");
                assert_eq!(report.documents.len(), ARTICLES);
                report
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_agree);
criterion_main!(benches);
