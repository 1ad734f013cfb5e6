//! Loading and saving the annotation set of a ~1 MB article with 20,000 annotations.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

use press_annotate::document::Document;
use press_annotate::store;
use press_annotate::testdata;

fn bench_store(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = testdata::write_long_corpus(dir.path(), 1_000_000, 20_000).expect("corpus");
    let annotation = store::annotation_path(&source, None);
    let loaded = store::load(&source, None).expect("load");
    assert_eq!(loaded.set.annotations.len(), 20_000);

    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.bench_function("load/1MB-20k", |b| {
        b.iter(|| store::load(&source, None).expect("load"))
    });
    group.bench_function("save/1MB-20k", |b| {
        b.iter(|| store::save(&annotation, &loaded.set).expect("save"))
    });
    group.bench_function("open-document/1MB-20k", |b| {
        b.iter(|| Document::open(Path::new(&source), None).expect("open"))
    });
    group.finish();
}

criterion_group!(benches, bench_store);
criterion_main!(benches);
