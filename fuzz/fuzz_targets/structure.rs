//! The structure parser on arbitrary UTF-8: every span lies in the text on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policylens::corpus::parse;

fuzz_target!(|text: &str| {
    let s = parse(text);
    for sec in &s.sections {
        assert!(text.get(sec.heading.start..sec.heading.end).is_some());
        assert!(text.get(sec.span.start..sec.span.end).is_some());
        if let Some(parent) = sec.parent {
            assert!(parent < s.sections.len());
        }
    }
    for p in &s.paragraphs {
        assert!(text.get(p.span.start..p.span.end).is_some());
        if let Some(i) = p.section {
            assert!(i < s.sections.len());
        }
    }
    for x in &s.sentences {
        assert!(text.get(x.span.start..x.span.end).is_some());
        assert!(x.paragraph < s.paragraphs.len());
    }
});
