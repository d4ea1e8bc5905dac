//! Themes against segmentation on city-gwr-2024 by province, side by side in one group:
//! `segment_corpus` (the cost that cannot be avoided) and, on the segmented paragraphs, the
//! theme stage (guided assignment, prevalence with 1,000 bootstrap resamples, ranking), with
//! and without discovered themes (k = 12). The target: the theme stage costs less than
//! segmentation. Run: `cargo bench --bench themes`.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use policylens::corpus::{load, LoadOptions, Unit};
use policylens::segment::{segment_corpus, SegmentConfig, Segmenter};
use policylens::themes::{analyse_units, DiscoverConfig, ThemeConfig, ThemeLexicon};

fn themes(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/city-gwr-2024");
    let corpus = load(&root, &LoadOptions::default()).expect("bundled corpus loads");
    let lexicon = ThemeLexicon::bundled();
    let segmenter = Segmenter::new(&SegmentConfig {
        extra_words: lexicon.words(),
        ..SegmentConfig::default()
    })
    .expect("segmenter");
    let guided = ThemeConfig {
        by: "province".to_string(),
        ..ThemeConfig::default()
    };
    let discovered = ThemeConfig {
        discover: Some(DiscoverConfig {
            k: Some(12),
            ..DiscoverConfig::default()
        }),
        ..guided.clone()
    };
    let units = segment_corpus(&corpus, &segmenter, Unit::Paragraph);

    let mut group = c.benchmark_group("themes_city_gwr_2024_by_province");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("segment_corpus", |b| {
        b.iter(|| segment_corpus(&corpus, &segmenter, Unit::Paragraph).len())
    });
    group.bench_function("themes_guided", |b| {
        b.iter(|| analyse_units(&corpus, &units, lexicon, &guided).map(|r| r.units.len()))
    });
    group.bench_function("themes_guided_and_discovered", |b| {
        b.iter(|| analyse_units(&corpus, &units, lexicon, &discovered).map(|r| r.units.len()))
    });
    group.finish();
}

criterion_group!(benches, themes);
criterion_main!(benches);
