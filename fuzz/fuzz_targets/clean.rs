//! The cleaner on arbitrary UTF-8: never panics, never adds text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policylens::corpus::{clean, CleanConfig};

fuzz_target!(|text: &str| {
    let cleaned = clean(text, &CleanConfig::default());
    let _ = cleaned.stats.removed();
});
