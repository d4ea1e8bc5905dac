//! TF-IDF cost against segmentation: on the paragraphs of the 143 city government work reports,
//! (a) segmenting the corpus (`segment_corpus`) and (b) fitting and transforming the already
//! segmented tokens (`fit_transform`, l2), side by side in one group, both on all threads.
//!
//! Run: `cargo bench --bench vectorize`. The figure that matters is the ratio b / a of the two
//! lines of one run (the target is under 25%), not the absolute times of a shared machine.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policylens::corpus::{load, LoadOptions, Unit};
use policylens::segment::{segment_corpus, SegmentConfig, Segmenter};
use policylens::vectorize::{Vectorizer, VectorizerConfig};

fn vectorize(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/city-gwr-2024");
    let corpus = load(&root, &LoadOptions::default()).expect("bundled corpus loads");
    let segmenter = Segmenter::new(&SegmentConfig::default()).expect("default segmenter");
    let units = segment_corpus(&corpus, &segmenter, Unit::Paragraph);
    let vectorizer = Vectorizer::new(VectorizerConfig::default()).expect("default settings");

    let mut group = c.benchmark_group("vectorize_city_gwr_2024_paragraphs");
    let bytes: usize = corpus.documents.iter().map(|d| d.text.len()).sum();
    group
        .throughput(Throughput::Bytes(bytes as u64))
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("a_segment_corpus", |b| {
        b.iter(|| segment_corpus(&corpus, &segmenter, Unit::Paragraph).len())
    });
    group.bench_function("b_fit_transform_l2", |b| {
        b.iter(|| {
            let (model, matrix) = vectorizer.fit_transform(&units).expect("fits");
            (model.vocabulary().len(), matrix.nnz())
        })
    });
    group.finish();
}

criterion_group!(benches, vectorize);
criterion_main!(benches);
