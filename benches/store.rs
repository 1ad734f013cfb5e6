//! Loading and saving the annotation set of a ~1 MB article with 20,000 annotations, and
//! validating a set with 100,000 bad annotations.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use press_annotate::canonical::{parse_canonical, ron_options};
use press_annotate::document::Document;
use press_annotate::model::AnnotationSet;
use press_annotate::store;
use press_annotate::testdata;

fn bench_store(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = testdata::write_long_corpus(dir.path(), 1_000_000, 20_000).expect("corpus");
    let annotation = store::annotation_path(&source, None);
    let loaded = store::load(&source, None).expect("load");
    assert_eq!(loaded.set.annotations.len(), 20_000);
    let text = std::fs::read_to_string(&annotation).expect("set file");

    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.bench_function("load/1MB-20k", |b| {
        // The set is dropped outside the measure: loading is measured, not freeing.
        b.iter_with_large_drop(|| store::load(&source, None).expect("load"))
    });
    // The same on one core, as when the window, the folder reader or the suggester has the
    // other: issue 22 compares it with scripts/naive_check.py.
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    group.bench_function("load/1MB-20k-one-core", |b| {
        b.iter_with_large_drop(|| one_core.install(|| store::load(&source, None).expect("load")))
    });
    group.bench_function("parse/1MB-20k", |b| {
        b.iter(|| parse_canonical(&text).expect("canonical"))
    });
    group.bench_function("parse-whole-file/1MB-20k", |b| {
        b.iter(|| {
            ron_options()
                .from_str::<AnnotationSet>(&text)
                .expect("parse")
        })
    });
    group.bench_function("save/1MB-20k", |b| {
        b.iter(|| store::save(&annotation, &loaded.set).expect("save"))
    });
    group.bench_function("open-document/1MB-20k", |b| {
        b.iter(|| Document::open(Path::new(&source), None).expect("open"))
    });

    // The sample article with one annotation line copied 100,000 times: 199,998 problems
    // (each copy a duplicate id and a duplicate span), each placed at its own line.
    let bad = tempfile::tempdir().expect("temp dir");
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let sample = bad.path().join("kerry-lavrov-syria.txt");
    std::fs::copy(assets.join("kerry-lavrov-syria.txt"), &sample).expect("copy");
    let set = std::fs::read_to_string(assets.join("kerry-lavrov-syria.txt.annotations.ron"))
        .expect("example set");
    let line = set
        .lines()
        .find(|l| l.contains("Annotation(id: 1,"))
        .expect("annotation 1")
        .to_owned()
        + "\n";
    std::fs::write(
        store::annotation_path(&sample, None),
        set.replacen(&line, &line.repeat(100_000), 1),
    )
    .expect("write");
    let problems = store::load(&sample, None).expect_err("invalid").0.len();
    assert_eq!(problems, 199_998);
    group.bench_function("validate/100k-bad-annotations", |b| {
        b.iter(|| store::load(&sample, None).expect_err("invalid"))
    });
    group.finish();
}

criterion_group!(benches, bench_store);
criterion_main!(benches);
