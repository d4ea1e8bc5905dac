//! Segmenting a whole corpus into per-unit token lists, in parallel.

use rayon::prelude::*;

use super::{Segmenter, Token, WordInfo};
use crate::corpus::{Corpus, Unit, UnitSpan};

/// The content tokens of one unit, stored compactly: each token's term (what every analysis
/// counts) and, in twelve bytes, where it stands and what the segmenter knows of it. The rest
/// of a [`Token`] (its text and part of speech) is read back from the document's text when
/// [`UnitTokens::tokens`] is asked for. A corpus holds millions of tokens, and at 64 bytes each
/// as [`Token`]s they were a quarter of a report's peak memory.
///
/// The terms are a slice ([`UnitTokens::terms`], or `AsRef<[&str]>`), so a slice of units can
/// be handed as it is to anything that takes lists of tokens, such as
/// [`Vectorizer::fit`](crate::vectorize::Vectorizer::fit).
#[derive(Clone)]
pub struct UnitTokens<'a> {
    /// Which document and span.
    pub unit: UnitSpan,
    /// The term of each content token, in order.
    terms: Box<[&'a str]>,
    /// Each token's place and word information, in the same order.
    spans: Box<[TokenSpan]>,
    /// The document's cleaned text, which the spans index.
    text: &'a str,
    segmenter: &'a Segmenter,
}

/// A token's byte range, as an offset from its unit's start and a length, with the
/// segmenter's information on the word (part of speech, alias).
#[derive(Debug, Clone, Copy)]
struct TokenSpan {
    start: u32,
    len: u32,
    info: WordInfo,
}

impl<'a> UnitTokens<'a> {
    /// The term of each content token, in order: the canonical form for a lexicon alias, else
    /// the token's text.
    pub fn terms(&self) -> &[&'a str] {
        &self.terms
    }

    /// The content tokens, in order; ranges are byte offsets into the document's cleaned text.
    pub fn tokens(&self) -> impl ExactSizeIterator<Item = Token<'a>> + Clone + '_ {
        let (text, segmenter, base) = (self.text, self.segmenter, self.unit.span.start);
        self.terms.iter().zip(&*self.spans).map(move |(&term, s)| {
            let start = base + s.start as usize;
            let range = start..start + s.len as usize;
            let word = text.get(range.clone()).unwrap_or("");
            Token {
                text: word,
                term,
                pos: segmenter.tag_of(word, s.info),
                range,
            }
        })
    }

    /// The number of content tokens.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when the unit has no content token.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

impl<'a> AsRef<[&'a str]> for UnitTokens<'a> {
    fn as_ref(&self) -> &[&'a str] {
        &self.terms
    }
}

impl std::fmt::Debug for UnitTokens<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnitTokens")
            .field("unit", &self.unit)
            .field("tokens", &self.tokens().collect::<Vec<_>>())
            .finish()
    }
}

impl PartialEq for UnitTokens<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.unit == other.unit && self.tokens().eq(other.tokens())
    }
}

impl Eq for UnitTokens<'_> {}

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
/// assert!(units[0].terms().contains(&"营商环境"));
/// assert!(units[1].tokens().any(|t| t.term == "城市更新" && t.pos == "nz"));
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
        .map(|(i, doc)| split_into_units(segmenter, &doc.text, doc.units(unit, i)))
        .collect();
    per_doc.into_iter().flatten().collect()
}

/// A content token of a whole document, before it is handed to its unit.
struct Found<'a> {
    start: usize,
    word: &'a str,
    info: WordInfo,
}

/// Segments `text` and hands each content token to the unit whose span contains it. Units and
/// tokens are both in text order, so one merge pass finds each unit's run of tokens, which is
/// then copied into slices of exactly its length. A token outside every unit (a line break
/// between paragraphs cannot be one, but a heading-only span could) is dropped, and so is a
/// token starting 4 GiB or more past its unit's start (a unit that long cannot come from text
/// this tool can hold in memory alongside its analyses).
fn split_into_units<'a>(
    segmenter: &'a Segmenter,
    text: &'a str,
    units: Vec<UnitSpan>,
) -> Vec<UnitTokens<'a>> {
    // About one token in four is content, some five bytes of text a token.
    let mut found = Vec::with_capacity(text.len() / 16);
    segmenter.each_content(text, |start, word, info| {
        found.push(Found { start, word, info });
    });
    let mut next = 0;
    units
        .into_iter()
        .map(|unit| {
            let within = |t: &Found<'_>| t.start + t.word.len() <= unit.span.end;
            // Tokens ending at or before the unit's end, less those starting before it.
            while found
                .get(next)
                .is_some_and(|t| within(t) && t.start < unit.span.start)
            {
                next += 1;
            }
            let first = next;
            while found.get(next).is_some_and(within) {
                next += 1;
            }
            let run = found.get(first..next).unwrap_or_default();
            let packed = |t: &Found<'_>| {
                Some(TokenSpan {
                    start: u32::try_from(t.start - unit.span.start).ok()?,
                    len: u32::try_from(t.word.len()).ok()?,
                    info: t.info,
                })
            };
            let mut terms = Vec::with_capacity(run.len());
            let mut spans = Vec::with_capacity(run.len());
            for (t, span) in run.iter().filter_map(|t| Some((t, packed(t)?))) {
                terms.push(segmenter.term_of(t.word, t.info));
                spans.push(span);
            }
            UnitTokens {
                unit,
                terms: terms.into_boxed_slice(),
                spans: spans.into_boxed_slice(),
                text,
                segmenter,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, LoadOptions};
    use crate::segment::SegmentConfig;

    /// The compact tokens read back exactly the tokens the segmenter gives for the whole
    /// document: text, canonical term (棚改 → 棚户区改造), part of speech and byte range.
    #[test]
    fn units_give_back_the_segmenters_tokens() {
        let text = "一、持续推进棚改和城镇老旧小区改造。\n\n坚持党建引领，优化营商环境，招商引资取得实效。\n\n二、既有住宅加装电梯120部";
        let doc = Document::from_text("a.txt", text, &LoadOptions::default());
        let corpus = Corpus {
            documents: vec![doc],
            ..Corpus::default()
        };
        let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
        let whole = segmenter.tokens(&corpus.documents[0].text);
        for unit in [Unit::Paragraph, Unit::Sentence, Unit::Document] {
            let units = segment_corpus(&corpus, &segmenter, unit);
            assert!(
                units.len() > 1 || unit == Unit::Document,
                "{unit}: {units:?}"
            );
            let back: Vec<Token<'_>> = units.iter().flat_map(UnitTokens::tokens).collect();
            assert_eq!(back, whole, "{unit}");
            for u in &units {
                assert_eq!(u.len(), u.tokens().len());
                let terms: Vec<&str> = u.tokens().map(|t| t.term).collect();
                assert_eq!(u.terms(), terms.as_slice());
                assert!(u
                    .tokens()
                    .all(|t| u.unit.span.start <= t.range.start && t.range.end <= u.unit.span.end));
            }
        }
        assert!(whole
            .iter()
            .any(|t| t.text == "棚改" && t.term == "棚户区改造"));
        assert!(whole.iter().any(|t| t.term == "党建引领" && t.pos == "nz"));
    }
}
