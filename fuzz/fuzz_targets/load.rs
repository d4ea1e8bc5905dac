//! Bytes → document, the path every corpus file takes: decode, clean, structure, metadata.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policylens::corpus::{decode, Document, LoadOptions};

fuzz_target!(|bytes: &[u8]| {
    let Ok((raw, _encoding)) = decode(bytes) else {
        return;
    };
    let doc = Document::from_text("fuzz.txt", &raw, &LoadOptions::default());
    for p in &doc.structure.paragraphs {
        assert!(doc.text.get(p.span.start..p.span.end).is_some());
    }
    for s in &doc.structure.sentences {
        assert!(doc.text.get(s.span.start..s.span.end).is_some());
    }
});
