//! Snapshots of segmentation on real report sentences: a change in the lexicon, the gazetteer
//! or the filter shows up here as a reviewed diff.

use policylens::segment::{SegmentConfig, Segmenter};

const SENTENCES: [&str; 6] = [
    "近年来，金沙街道坚持以党建引领基层治理，聚焦两新关怀、阵地建设等重点工作。",
    "稠江街道城市有机更新面积826亩，列全市第一。",
    "进一步强化招商引资顶层设计，持续优化营商环境，推动经济高质量发展。",
    "打好产业培育、城市更新、社会治理、改革增效“四场硬仗”，大力推进智改数转。",
    "加快发展新质生产力，深化“一网通办”和放管服改革，坚持和发展新时代“枫桥经验”。",
    "扎实推进老旧小区改造，专精特新企业新增12家，网格化管理全面覆盖。",
];

fn render(segmenter: &Segmenter) -> String {
    SENTENCES
        .iter()
        .map(|s| {
            segmenter
                .tokens(s)
                .iter()
                .map(|t| format!("{}/{}", t.term, t.pos))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn content_tokens_of_report_sentences() {
    let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
    insta::assert_snapshot!(render(&segmenter));
}

#[test]
fn every_token_without_filter_or_lexicon() {
    let config = SegmentConfig {
        policy_lexicon: false,
        ..SegmentConfig::default()
    };
    let segmenter = Segmenter::new(&config).unwrap();
    let all: Vec<String> = SENTENCES
        .iter()
        .map(|s| {
            segmenter
                .cut(s)
                .iter()
                .map(|t| t.text)
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    insta::assert_snapshot!(all.join("\n"));
}
