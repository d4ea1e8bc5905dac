//! Compare and reuse on city-gwr-2024, side by side in one run.
//!
//! - `compare_city_gwr_2024_by_province`: `segment_corpus` (the cost that cannot be avoided)
//!   against the compare stage given the tokens (counts per province, then keyness of every
//!   province against the rest), keeping the top 20 rows per province (the CLI's default) or
//!   every row. The target: compare costs less than segmentation.
//! - `reuse_city_gwr_2024`: `find_reuse` on the corpus (1×) and on four copies of it (4×),
//!   each copy a distinct file with about one character in 40 replaced, so the 4× corpus holds
//!   realistic near-duplicates. LSH keeps the cost near-linear: quadratic would be 16×.
//!
//! Run: `cargo bench --bench compare`.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use policylens::compare::{find_reuse, keyness, GroupCounts, KeynessConfig, ReuseConfig};
use policylens::corpus::{load, Corpus, Document, LoadOptions, Unit};
use policylens::segment::{segment_corpus, SegmentConfig, Segmenter};

/// The corpus and three perturbed copies of each document under new names.
fn four_times(corpus: &Corpus) -> Corpus {
    let options = LoadOptions::default();
    let mut documents = corpus.documents.clone();
    for copy in 1..4usize {
        for doc in &corpus.documents {
            let text: String = doc
                .text
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if c != '\n' && (i * 7 + copy * 13) % 40 == 0 {
                        '某'
                    } else {
                        c
                    }
                })
                .collect();
            let mut twin =
                Document::from_text(&format!("copy{copy}/{}", doc.file), &text, &options);
            twin.metadata = doc.metadata.clone();
            documents.push(twin);
        }
    }
    Corpus {
        documents,
        ..corpus.clone()
    }
}

fn compare(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/city-gwr-2024");
    let corpus = load(&root, &LoadOptions::default()).expect("bundled corpus loads");
    let segmenter = Segmenter::new(&SegmentConfig::default()).expect("segmenter");
    let units = segment_corpus(&corpus, &segmenter, Unit::Paragraph);
    // The CLI's default: the top 20 terms of each province; and every row (`--top 0`).
    let config = KeynessConfig {
        by: "province".to_string(),
        top: 20,
        ..KeynessConfig::default()
    };
    let all_rows = KeynessConfig {
        top: 0,
        ..config.clone()
    };
    let none = BTreeSet::new();

    let mut group = c.benchmark_group("compare_city_gwr_2024_by_province");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("segment_corpus", |b| {
        b.iter(|| segment_corpus(&corpus, &segmenter, Unit::Paragraph).len())
    });
    group.bench_function("compare_given_tokens", |b| {
        b.iter(|| {
            let counts = GroupCounts::from_corpus(&corpus, &units, &config.by, &none)
                .expect("province is a column");
            keyness(&counts, &config).map(|rows| rows.len())
        })
    });
    group.bench_function("compare_given_tokens_all_rows", |b| {
        b.iter(|| {
            let counts = GroupCounts::from_corpus(&corpus, &units, &all_rows.by, &none)
                .expect("province is a column");
            keyness(&counts, &all_rows).map(|rows| rows.len())
        })
    });
    group.finish();

    let big = four_times(&corpus);
    let reuse = ReuseConfig::default();
    let mut group = c.benchmark_group("reuse_city_gwr_2024");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("1x", |b| {
        b.iter(|| find_reuse(&corpus, &reuse).map(|p| p.len()))
    });
    group.bench_function("4x", |b| {
        b.iter(|| find_reuse(&big, &reuse).map(|p| p.len()))
    });
    group.finish();
}

criterion_group!(benches, compare);
criterion_main!(benches);
