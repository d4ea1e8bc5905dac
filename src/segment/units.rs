//! Segmenting a whole corpus into per-unit token lists, in parallel.

use rayon::prelude::*;

use super::{Segmenter, Token};
use crate::corpus::{Corpus, Unit, UnitSpan};

/// The content tokens of one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitTokens<'a> {
    /// Which document and span.
    pub unit: UnitSpan,
    /// Its content tokens, in order; ranges are byte offsets into the document's cleaned text.
    pub tokens: Vec<Token<'a>>,
}

/// Segments every document (in parallel, one document per task) and splits its tokens into
/// units. The result is in corpus order whatever the number of threads.
///
/// ```
/// use policylens::corpus::{Corpus, Document, LoadOptions, Unit};
/// use policylens::segment::{segment_corpus, SegmentConfig, Segmenter};
///
/// let doc = Document::from_text("a.txt", "持续优化营商环境。\n推进城市更新。", &LoadOptions::default());
/// let corpus = Corpus { documents: vec![doc], ..Corpus::default() };
/// let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
/// let units = segment_corpus(&corpus, &segmenter, Unit::Paragraph);
/// assert_eq!(units.len(), 2);
/// assert!(units[0].tokens.iter().any(|t| t.term == "营商环境"));
/// assert!(units[1].tokens.iter().any(|t| t.term == "城市更新"));
/// ```
pub fn segment_corpus<'a>(
    corpus: &'a Corpus,
    segmenter: &'a Segmenter,
    unit: Unit,
) -> Vec<UnitTokens<'a>> {
    let per_doc: Vec<Vec<UnitTokens<'a>>> = corpus
        .documents
        .par_iter()
        .enumerate()
        .map(|(i, doc)| split_into_units(segmenter.tokens(&doc.text), doc.units(unit, i)))
        .collect();
    per_doc.into_iter().flatten().collect()
}

/// Hands each token to the unit whose span contains it. Units and tokens are both in text
/// order, so one merge pass suffices; a token outside every unit (a line break between
/// paragraphs cannot be one, but a heading-only span could) is dropped.
fn split_into_units<'a>(tokens: Vec<Token<'a>>, units: Vec<UnitSpan>) -> Vec<UnitTokens<'a>> {
    let mut out: Vec<UnitTokens<'a>> = units
        .into_iter()
        .map(|unit| UnitTokens {
            unit,
            tokens: Vec::new(),
        })
        .collect();
    let mut current = 0;
    for token in tokens {
        while current < out.len() && out[current].unit.span.end < token.range.end {
            current += 1;
        }
        match out.get_mut(current) {
            Some(u) if u.unit.span.start <= token.range.start => u.tokens.push(token),
            Some(_) => {}
            None => break,
        }
    }
    out
}
