//! The theme-lexicon (TOML) parser on arbitrary UTF-8: a lexicon or a typed error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policylens::themes::ThemeLexicon;

fuzz_target!(|text: &str| {
    if let Ok(lexicon) = ThemeLexicon::parse(text, "fuzz.toml") {
        let _ = lexicon.words();
    }
});
