//! Segmentation throughput: policylens's `Segmenter::tokens` (lexicon, place names, POS tags,
//! stopwords, content filter) against raw jieba-rs `cut` on the same cleaned texts, on one
//! thread and on all threads (rayon over documents). Two baselines: jieba-rs with its default
//! dictionary, and jieba-rs with the same dictionary policylens loads (default + the
//! gazetteer's place names + the policy lexicon), which separates the cost of a bigger
//! dictionary from the cost of policylens's own per-token work.
//!
//! Run: `cargo bench --bench segment`. Compare the `policylens` and `jieba_cut` lines of the
//! same thread count: their throughput ratio is the figure that matters, not the absolute
//! speed of a shared machine.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policylens::corpus::{load, LoadOptions};
use policylens::segment::{SegmentConfig, Segmenter};
use rayon::prelude::*;

fn texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/city-gwr-2024");
    let corpus = load(&root, &LoadOptions::default()).expect("bundled corpus loads");
    corpus.documents.into_iter().map(|d| d.text).collect()
}

fn segmentation(c: &mut Criterion) {
    let texts = texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let jieba = jieba_rs::Jieba::new();
    let mut same_dict = jieba_rs::Jieba::new();
    for name in policylens::corpus::Gazetteer::bundled().place_names() {
        same_dict.add_word(name, None, Some("ns"));
    }
    for word in policylens::PolicyLexicon::bundled().words() {
        same_dict.add_word(word, None, Some("nz"));
    }
    let segmenter = Segmenter::new(&SegmentConfig::default()).expect("default segmenter");
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool");
    let all = rayon::ThreadPoolBuilder::new()
        .build()
        .expect("thread pool");

    let mut group = c.benchmark_group("segment_city_gwr_2024");
    group
        .throughput(Throughput::Bytes(bytes as u64))
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    for (threads, pool) in [("1_thread", &one), ("all_threads", &all)] {
        group.bench_function(format!("jieba_cut/{threads}"), |b| {
            b.iter(|| {
                pool.install(|| {
                    texts
                        .par_iter()
                        .map(|t| jieba.cut(t, false).len())
                        .sum::<usize>()
                })
            })
        });
        group.bench_function(format!("jieba_cut_same_dict/{threads}"), |b| {
            b.iter(|| {
                pool.install(|| {
                    texts
                        .par_iter()
                        .map(|t| same_dict.cut(t, false).len())
                        .sum::<usize>()
                })
            })
        });
        group.bench_function(format!("policylens/{threads}"), |b| {
            b.iter(|| {
                pool.install(|| {
                    texts
                        .par_iter()
                        .map(|t| segmenter.tokens(t).len())
                        .sum::<usize>()
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, segmentation);
criterion_main!(benches);
