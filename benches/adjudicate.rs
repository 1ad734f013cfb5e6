//! Compare and adjudicate on a long article: one generated article of about 1 MB with the
//! sets of three annotators (about 20,000 spans each, mostly agreeing). How long opening an
//! article for adjudication takes (read the three sets, group the clusters, accept what all
//! agree on, find the open disagreements), and how long the differences between two sets take
//! (compare mode recomputes them after each edit).

use criterion::{Criterion, criterion_group, criterion_main};

use press_annotate::adjudicate::{Adjudication, GOLD};
use press_annotate::compare::differences;
use press_annotate::store;
use press_annotate::testdata;

fn bench_adjudicate(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    testdata::write_annotator_corpus(
        dir.path(),
        1,
        1_000_000,
        20_000,
        &["alice", "bob", "carol"],
        3,
    )
    .expect("corpus");
    let source = dir.path().join("article-0000.txt");
    let gold = store::load(&source, Some(GOLD))
        .expect("an empty gold set")
        .set;
    let alice = store::load(&source, Some("alice")).expect("alice").set;
    let bob = store::load(&source, Some("bob")).expect("bob").set;
    let mut group = c.benchmark_group("adjudicate");
    group.sample_size(10);
    group.bench_function("open/1MB-3x20k", |b| {
        b.iter(|| {
            let adjudication = Adjudication::load(&source).expect("loads");
            let never = |_: &str, _: usize, _: usize| false;
            let mut gold = gold.clone();
            if let Ok(Some(edit)) = adjudication.accept_agreed(&gold, &never) {
                edit.apply(&mut gold).expect("applies");
            }
            adjudication.open_disagreements(&gold, &never).len()
        })
    });
    group.bench_function("compare/1MB-20k-vs-20k", |b| {
        b.iter(|| differences(&alice, &bob).len())
    });
    group.finish();
}

criterion_group!(benches, bench_adjudicate);
criterion_main!(benches);
