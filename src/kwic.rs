//! Keyword in context: every occurrence of a term with the words around it.
//!
//! A [`Kwic`] is built once from a term and a [`KwicConfig`], then run over documents. Three
//! ways of matching ([`MatchMode`]):
//!
//! - **token** (the default): an occurrence counts only when both its ends fall on token
//!   boundaries of [`Segmenter::cut`], so 城市更新 is found in 推进城市更新工作 but 新区 is not
//!   found in 高新区建设 (tokens 高新区 | 建设). The term's lexicon variants match too: searching
//!   智改数转 finds 智转数改, reported as written.
//! - **substring**: every occurrence of the term or a lexicon variant, wherever it falls.
//! - **regex**: a regular expression over each paragraph, so no match crosses a paragraph end.
//!
//! Each [`KwicHit`] carries byte offsets into the document's cleaned text (`&text[start..end]`
//! is the match) and up to `window` characters of context on each side, within its paragraph.
//!
//! ```
//! use policylens::corpus::{Document, LoadOptions};
//! use policylens::kwic::{Kwic, KwicConfig};
//! use policylens::segment::{SegmentConfig, Segmenter};
//!
//! let text = "全面推进城市更新工作。\n高新区建设提速，推动企业智转数改。";
//! let doc = Document::from_text("a.txt", text, &LoadOptions::default());
//! let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
//! let config = KwicConfig { window: 4, ..KwicConfig::default() };
//!
//! let hits = Kwic::new("城市更新", &config, &segmenter).unwrap().find(&doc, 0);
//! assert_eq!(hits.len(), 1);
//! assert_eq!((hits[0].left.as_str(), hits[0].right.as_str()), ("全面推进", "工作。"));
//! assert_eq!(&doc.text[hits[0].start..hits[0].end], "城市更新");
//!
//! // 新区 is not a token of 高新区建设; 智改数转's variant 智转数改 is found as written.
//! assert!(Kwic::new("新区", &config, &segmenter).unwrap().find(&doc, 0).is_empty());
//! let variant = Kwic::new("智改数转", &config, &segmenter).unwrap().find(&doc, 0);
//! assert_eq!(variant[0].matched, "智转数改");
//! assert_eq!(variant[0].paragraph, 1);
//! ```

use rayon::prelude::*;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::corpus::{Corpus, Document};
use crate::segment::Segmenter;
use crate::{Error, Result};

/// How the term is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchMode {
    /// The term or a lexicon variant, with both ends on token boundaries. The default.
    #[default]
    Token,
    /// The term or a lexicon variant, anywhere.
    Substring,
    /// The term is a regular expression (Rust `regex` syntax), run over each paragraph.
    Regex,
}

/// How KWIC searches and what it shows. Every field's default is documented beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct KwicConfig {
    /// Characters of context on each side of a match, within its paragraph. At least 1.
    /// Default: 20.
    pub window: usize,
    /// How the term is matched. Default: [`MatchMode::Token`].
    pub mode: MatchMode,
}

impl Default for KwicConfig {
    fn default() -> Self {
        KwicConfig {
            window: 20,
            mode: MatchMode::Token,
        }
    }
}

/// One occurrence of the term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KwicHit {
    /// Index of the document in the corpus (the `doc` given to [`Kwic::find`]).
    pub doc: usize,
    /// Index of the paragraph in the document's structure.
    pub paragraph: usize,
    /// First byte of the match in the document's cleaned text.
    pub start: usize,
    /// One past its last byte: `&text[start..end] == matched`.
    pub end: usize,
    /// Up to `window` characters before the match, from the same paragraph.
    pub left: String,
    /// The matched text as it stands in the document.
    #[serde(rename = "match")]
    pub matched: String,
    /// Up to `window` characters after the match, from the same paragraph.
    pub right: String,
}

/// What is looked for.
#[derive(Debug)]
enum Pattern {
    /// Literal forms: the term and its lexicon variants.
    Words {
        forms: Vec<String>,
        boundary: bool,
    },
    Regex(Regex),
}

/// A validated KWIC search, ready to run over documents.
#[derive(Debug)]
pub struct Kwic<'s> {
    segmenter: &'s Segmenter,
    pattern: Pattern,
    window: usize,
}

impl<'s> Kwic<'s> {
    /// Validates the configuration and prepares the search for `term`.
    ///
    /// Errors: an empty term, a window of 0, or (in regex mode) a pattern that does not
    /// compile — the error names the pattern and the regex error.
    pub fn new(term: &str, config: &KwicConfig, segmenter: &'s Segmenter) -> Result<Kwic<'s>> {
        if config.window == 0 {
            return Err(Error::param("window", 0, "at least 1 character"));
        }
        let term = term.trim();
        if term.is_empty() {
            return Err(Error::param("term", "''", "a non-empty term"));
        }
        let pattern = match config.mode {
            MatchMode::Regex => Regex::new(term)
                .map(Pattern::Regex)
                .map_err(|e| Error::param("regex", term, format!("a valid regex ({e})")))?,
            mode => Pattern::Words {
                forms: forms(term, segmenter),
                boundary: mode == MatchMode::Token,
            },
        };
        Ok(Kwic {
            segmenter,
            pattern,
            window: config.window,
        })
    }

    /// The literal forms searched: the term (full-width ASCII folded, as the cleaner does)
    /// and, when the lexicon knows it, its canonical term and every alias. Empty in regex mode.
    pub fn forms(&self) -> &[String] {
        match &self.pattern {
            Pattern::Words { forms, .. } => forms,
            Pattern::Regex(_) => &[],
        }
    }

    /// Every occurrence in one document, in text order; `doc` is recorded in each hit.
    pub fn find(&self, document: &Document, doc: usize) -> Vec<KwicHit> {
        let text = document.text.as_str();
        let mut hits = Vec::new();
        for (index, paragraph) in document.structure.paragraphs.iter().enumerate() {
            let (start, end) = (paragraph.span.start, paragraph.span.end);
            let Some(para) = text.get(start..end) else {
                continue;
            };
            for (s, e) in self.matches(para) {
                hits.push(KwicHit {
                    doc,
                    paragraph: index,
                    start: start + s,
                    end: start + e,
                    left: tail(&para[..s], self.window).to_string(),
                    matched: para[s..e].to_string(),
                    right: head(&para[e..], self.window).to_string(),
                });
            }
        }
        hits
    }

    /// Every occurrence in a corpus, documents searched in parallel; hits come in document
    /// then offset order whatever the number of threads.
    pub fn search(&self, corpus: &Corpus) -> Vec<KwicHit> {
        let per_doc: Vec<Vec<KwicHit>> = corpus
            .documents
            .par_iter()
            .enumerate()
            .map(|(i, doc)| self.find(doc, i))
            .collect();
        per_doc.into_iter().flatten().collect()
    }

    /// Byte ranges of the matches in one paragraph, sorted and non-overlapping.
    fn matches(&self, para: &str) -> Vec<(usize, usize)> {
        match &self.pattern {
            Pattern::Regex(re) => re
                .find_iter(para)
                .filter(|m| !m.is_empty())
                .map(|m| (m.start(), m.end()))
                .collect(),
            Pattern::Words { forms, boundary } => {
                let mut found: Vec<(usize, usize)> = forms
                    .iter()
                    .flat_map(|f| {
                        para.match_indices(f.as_str())
                            .map(|(s, m)| (s, s + m.len()))
                    })
                    .collect();
                if found.is_empty() {
                    return found;
                }
                if *boundary {
                    // Only paragraphs holding a form are segmented: most hold none.
                    let mut cuts: Vec<usize> = self
                        .segmenter
                        .cut(para)
                        .iter()
                        .map(|t| t.range.start)
                        .collect();
                    cuts.push(para.len());
                    let on_cut = |offset: &usize| cuts.binary_search(offset).is_ok();
                    found.retain(|(s, e)| on_cut(s) && on_cut(e));
                }
                leftmost_longest(found)
            }
        }
    }
}

/// The term, its canonical lexicon form and all its aliases, longest first, without repeats.
fn forms(term: &str, segmenter: &Segmenter) -> Vec<String> {
    let term = fold_full_width(term);
    let mut forms = vec![term.clone()];
    if let Some(entry) = segmenter.lexicon().entry(&term) {
        forms.push(entry.term.clone());
        forms.extend(entry.aliases.iter().cloned());
    }
    forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    forms.dedup();
    forms
}

/// Full-width ASCII (Ａ１５) to half-width, as the corpus cleaner folds the text.
fn fold_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// Keeps, among overlapping matches, the one starting first and then the longest.
fn leftmost_longest(mut found: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(found.len());
    for m in found {
        if kept.last().is_none_or(|last| m.0 >= last.1) {
            kept.push(m);
        }
    }
    kept
}

/// The last `n` characters of `s`.
fn tail(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// The first `n` characters of `s`.
fn head(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_counted_in_characters() {
        assert_eq!(tail("推进城市更新", 2), "更新");
        assert_eq!(tail("更新", 5), "更新");
        assert_eq!(head("城市更新工作", 3), "城市更");
        assert_eq!(head("", 3), "");
    }

    #[test]
    fn overlapping_forms_keep_the_leftmost_longest() {
        assert_eq!(
            leftmost_longest(vec![(3, 6), (0, 6), (0, 3), (6, 9)]),
            vec![(0, 6), (6, 9)]
        );
    }

    #[test]
    fn full_width_terms_are_folded() {
        assert_eq!(fold_full_width("１５分钟生活圈"), "15分钟生活圈");
    }
}
