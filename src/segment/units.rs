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
/// order, so one merge pass finds each unit's run of tokens, which is then copied into a
/// vector of exactly its length (pushing token by token would leave up to twice the memory
/// reserved in every unit, and the units hold every token of the corpus). A token outside
/// every unit (a line break between paragraphs cannot be one, but a heading-only span could)
/// is dropped.
fn split_into_units<'a>(tokens: Vec<Token<'a>>, units: Vec<UnitSpan>) -> Vec<UnitTokens<'a>> {
    let mut next = 0;
    units
        .into_iter()
        .map(|unit| {
            // Tokens ending at or before the unit's end, less those starting before it.
            while tokens
                .get(next)
                .is_some_and(|t| t.range.end <= unit.span.end && t.range.start < unit.span.start)
            {
                next += 1;
            }
            let first = next;
            while tokens
                .get(next)
                .is_some_and(|t| t.range.end <= unit.span.end)
            {
                next += 1;
            }
            UnitTokens {
                unit,
                tokens: tokens.get(first..next).map_or_else(Vec::new, <[_]>::to_vec),
            }
        })
        .collect()
}
