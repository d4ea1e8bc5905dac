//! Drawing the report's charts on city-gwr-2024 by province (26 groups × the bundled
//! themes): the theme × province heatmap and the ranked themes, as PNG (pixels with the
//! bundled font's glyphs, then PNG encoding) and as SVG (text). Next to them, for scale,
//! segmentation of the same corpus. Run: `cargo bench --bench charts`.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use policylens::chart::{from_prevalence, from_ranking, ChartStyle};
use policylens::corpus::{load, LoadOptions, Unit};
use policylens::segment::{segment_corpus, SegmentConfig, Segmenter};
use policylens::themes::{analyse, ThemeConfig, ThemeLexicon};

fn charts(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/city-gwr-2024");
    let corpus = load(&root, &LoadOptions::default()).expect("bundled corpus loads");
    let lexicon = ThemeLexicon::bundled();
    let segmenter = Segmenter::new(&SegmentConfig {
        extra_words: lexicon.words(),
        ..SegmentConfig::default()
    })
    .expect("segmenter");
    let config = ThemeConfig {
        by: "province".to_string(),
        bootstrap: 100,
        ..ThemeConfig::default()
    };
    let report = analyse(&corpus, &segmenter, lexicon, &config).expect("themes");
    let heatmap = from_prevalence(&report.prevalence, "heatmap", "per_10k", None).expect("heatmap");
    let ranked = from_ranking(&report.ranking).expect("ranking chart");
    let style = ChartStyle::default();

    let mut group = c.benchmark_group("charts_city_gwr_2024_by_province");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("heatmap_png", |b| {
        b.iter(|| heatmap.png(&style).map(|p| p.len()))
    });
    group.bench_function("heatmap_svg", |b| {
        b.iter(|| heatmap.svg(&style).map(|s| s.len()))
    });
    group.bench_function("ranked_png", |b| {
        b.iter(|| ranked.png(&style).map(|p| p.len()))
    });
    group.bench_function("segment_corpus", |b| {
        b.iter(|| segment_corpus(&corpus, &segmenter, Unit::Paragraph).len())
    });
    group.finish();
}

criterion_group!(benches, charts);
criterion_main!(benches);
