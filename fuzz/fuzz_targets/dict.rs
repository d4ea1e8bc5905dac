//! The user-dictionary parser on arbitrary UTF-8: an entry list or a typed error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policylens::segment::parse_dict;

fuzz_target!(|text: &str| {
    let _ = parse_dict(text, "fuzz.dict");
});
