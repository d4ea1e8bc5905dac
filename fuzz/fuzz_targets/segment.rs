//! The segmenter on arbitrary UTF-8: tokens in order, on char boundaries, `text[range] == token`.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use policylens::segment::{SegmentConfig, Segmenter};

static SEGMENTER: OnceLock<Segmenter> = OnceLock::new();

fuzz_target!(|text: &str| {
    let segmenter = SEGMENTER.get_or_init(|| {
        Segmenter::new(&SegmentConfig::default()).expect("the bundled dictionaries load")
    });
    for tokens in [segmenter.cut(text), segmenter.tokens(text)] {
        let mut end = 0;
        for token in &tokens {
            assert!(token.range.start >= end, "tokens out of order");
            assert!(token.range.start <= token.range.end);
            assert_eq!(text.get(token.range.clone()), Some(token.text));
            end = token.range.end;
        }
    }
});
