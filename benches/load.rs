//! Loading against segmentation on city-gwr-2024, side by side in one group: `load` (read
//! every file, detect and decode its encoding, clean, find sections, paragraphs and
//! sentences, infer locality, level and year from the gazetteer), `load_no_clean` (the same
//! with every cleaning rule off, which isolates the cleaner's share), and `segment_corpus`
//! (paragraph tokens, the cost no pipeline avoids). Loading should cost less than
//! segmentation. Run: `cargo bench --bench load`.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policylens::corpus::{load, CleanConfig, LoadOptions, Unit};
use policylens::segment::{segment_corpus, SegmentConfig, Segmenter};

fn loading(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/city-gwr-2024");
    let options = LoadOptions::default();
    let no_clean = LoadOptions {
        clean: CleanConfig {
            newspaper_furniture: false,
            web_furniture: false,
            rejoin_lines: false,
            remove_repeats: false,
            fold_full_width: false,
        },
        ..LoadOptions::default()
    };
    let corpus = load(&root, &options).expect("bundled corpus loads");
    let bytes: usize = corpus.documents.iter().map(|d| d.text.len()).sum();
    let segmenter = Segmenter::new(&SegmentConfig::default()).expect("default segmenter");

    let mut group = c.benchmark_group("load_city_gwr_2024");
    group
        .throughput(Throughput::Bytes(bytes as u64))
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("load", |b| {
        b.iter(|| load(&root, &options).map(|c| c.documents.len()))
    });
    group.bench_function("load_no_clean", |b| {
        b.iter(|| load(&root, &no_clean).map(|c| c.documents.len()))
    });
    group.bench_function("segment_corpus", |b| {
        b.iter(|| segment_corpus(&corpus, &segmenter, Unit::Paragraph).len())
    });
    group.finish();
}

criterion_group!(benches, loading);
criterion_main!(benches);
