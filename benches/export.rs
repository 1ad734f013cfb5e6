//! jsonl export of a generated corpus of 2,000 articles (~20 kB and 60 annotations each):
//! the throughput in bytes of source text per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use press_annotate::export::{self, ExportOptions, Format, Output};
use press_annotate::testdata;

const ARTICLES: usize = 2_000;

fn bench_export(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = testdata::write_corpus(dir.path(), ARTICLES, 20_000, 60).expect("corpus");
    let inputs = [dir.path().to_owned()];
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    for format in [Format::Jsonl, Format::Doccano] {
        let options = ExportOptions {
            format,
            ..ExportOptions::default()
        };
        group.bench_function(format!("{}/2000-articles", format.name()), |b| {
            b.iter(|| {
                let mut sink = std::io::sink();
                let summary =
                    export::run(&options, &inputs, Output::Writer(&mut sink), &mut |_, _| {})
                        .expect("export");
                assert_eq!(summary.articles, ARTICLES);
                summary
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_export);
criterion_main!(benches);
