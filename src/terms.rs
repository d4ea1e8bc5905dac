//! Discovering new formulations (提法) in a corpus.
//!
//! Candidates are runs of adjacent tokens of [`Segmenter::cut`] that never cross punctuation,
//! white space or a paragraph end, written without spaces. Two kinds come out:
//!
//! - **n-grams** of 2 to `max_tokens` tokens that neither start nor end with a stopword, a
//!   number or a one-character function word (particle, preposition, conjunction, pronoun,
//!   adverb, locative) and hold no digits (整治背街小巷15条 is a quantity). A one-character word may stand at an edge only when the rest of the
//!   n-gram occurs with it at least half the time (碳|中和 yes, 全|覆盖 no), and an n-gram
//!   that mostly follows a number is the tail of a quantity (10|件|民生实事) and is dropped;
//! - **numbered formulations** of 2 to 6 tokens that start with a Chinese numeral and have the
//!   shape numeral + optional measure word (个 大 张 项 场 批 类 …) + up to four characters,
//!   in up to four chunks (五张清单, 四场硬仗, 一企一策, 一主两城七片区), ending neither on a
//!   bare numeral nor on a particle. One chunk counted by 一 alone is the ordinary "one …"
//!   (一张图, 一件事) and does not count. Quantities and dates are told apart by *numeral
//!   variety*: a formulation owns its numeral, while the frame of a quantity (`#个项目`,
//!   `#次全会`, `#是加快`) recurs with many numbers, so a numbered candidate must account for
//!   at least half of its frame's occurrences. Runs led by Arabic digits (500强, 2023年) are
//!   quantities, dates or event names in these reports and are not taken as numbered.
//!
//! Candidates shorter than `min_chars` (3) characters are left out: two-character ones are
//! mostly words jieba lacks (聚力, 筑牢). Each candidate is measured by
//!
//! - `freq` and `docs`: occurrences and documents;
//! - `pmi`: the **minimum over binary splits** of `ln p(w1..wn) / (p(w1..wk) p(wk+1..wn))`,
//!   with `p(x) = count(x) / N` and `N` the number of word tokens. The minimum, rather than
//!   `ln p(w1..wn) / Π p(wi)`, keeps a strong pair plus a loose word (营商环境 + 持续) low.
//!   A split into a part of more than four tokens that is not numbered (never counted) is
//!   skipped;
//! - `left_entropy` / `right_entropy`: the branching entropy (natural log) of the token just
//!   before / after the candidate, where a punctuation mark, white space or paragraph edge
//!   counts as a new outcome each time (a phrase often quoted or set off by commas is free at
//!   that edge). A fragment of a longer phrase has a low entropy on the side of the rest;
//! - `quoted`: occurrences between quotation marks (“四场硬仗”), which reports use to mark
//!   formulations.
//!
//! The score is
//!
//! ```text
//! score = ln(1 + docs) × (1 + pmi⁺/4) × min(left, right, 3) × (1 + 2 × quoted/freq) × e
//! ```
//!
//! where pmi⁺ is the PMI floored at 0, the entropy is capped at 3 (≈ ln 20: past twenty
//! different neighbours an edge is plainly free, and more entropy only means more
//! occurrences, which `docs` already counts), and `e` is ½ for a candidate that contains a
//! lexicon term (筹集保障性租赁住房: the lexicon takes no entry that is another entry plus a
//! modifier), else 1. Recurrence across documents, cohesion, free edges and being quoted all
//! raise a candidate; one bound on either side (entropy 0) ranks last. Candidates come best
//! first, ties broken by frequency, then by the term.
//!
//! ```
//! use policylens::corpus::{Corpus, Document, LoadOptions};
//! use policylens::segment::{SegmentConfig, Segmenter};
//! use policylens::terms::{TermsConfig, discover};
//!
//! let texts = [
//!     "街道坚持红根先锋引领，打好四场硬仗。",
//!     "社区开展红根先锋行动，全力打好四场硬仗。",
//!     "我们以红根先锋为抓手，决战四场硬仗！",
//! ];
//! let documents = texts
//!     .iter()
//!     .enumerate()
//!     .map(|(i, t)| Document::from_text(&format!("{i}.txt"), t, &LoadOptions::default()))
//!     .collect();
//! let corpus = Corpus { documents, ..Corpus::default() };
//! let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
//! let config = TermsConfig { min_freq: 3, min_docs: 3, ..TermsConfig::default() };
//! let found = discover(&corpus, &segmenter, &config).unwrap();
//! let terms: Vec<&str> = found.iter().map(|c| c.term.as_str()).collect();
//! assert!(terms.contains(&"红根先锋") && terms.contains(&"四场硬仗"), "{terms:?}");
//! ```

mod count;
mod rank;

use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::segment::Segmenter;
use crate::{Error, PolicyLexicon, Result};

/// What `terms` looks for and how much it lists. Every field's default is documented beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TermsConfig {
    /// Fewest occurrences a candidate needs. At least 1. Default: 5.
    pub min_freq: usize,
    /// Fewest documents a candidate must occur in. At least 1. Default: 3.
    pub min_docs: usize,
    /// Longest n-gram, in tokens, from 2 to 4. Default: 4.
    pub max_tokens: usize,
    /// Shortest candidate, in characters. At least 2. Default: 3, since two-character
    /// candidates are mostly words jieba lacks (聚力, 筑牢) rather than formulations.
    pub min_chars: usize,
    /// Look for numbered formulations (五张清单) too. Default: true.
    pub numbered: bool,
    /// Candidates listed, best first. At least 1. Default: 100.
    pub top: usize,
    /// List candidates the bundled lexicon already has as a term or an alias. Default: false,
    /// so that the list is what is left to review.
    pub include_known: bool,
}

impl Default for TermsConfig {
    fn default() -> Self {
        TermsConfig {
            min_freq: 5,
            min_docs: 3,
            max_tokens: 4,
            min_chars: 3,
            numbered: true,
            top: 100,
            include_known: false,
        }
    }
}

impl TermsConfig {
    /// Checks every value, naming the first one out of range.
    pub fn validate(&self) -> Result<()> {
        if self.min_freq == 0 {
            return Err(Error::param("min_freq", 0, "at least 1"));
        }
        if self.min_docs == 0 {
            return Err(Error::param("min_docs", 0, "at least 1"));
        }
        if !(2..=4).contains(&self.max_tokens) {
            return Err(Error::param("max_tokens", self.max_tokens, "2, 3 or 4"));
        }
        if self.min_chars < 2 {
            return Err(Error::param("min_chars", self.min_chars, "at least 2"));
        }
        if self.top == 0 {
            return Err(Error::param("top", 0, "at least 1"));
        }
        Ok(())
    }
}

/// How a candidate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateKind {
    /// Adjacent tokens.
    Ngram,
    /// A numbered formulation (五张清单).
    Numbered,
}

/// One candidate formulation with the measures it is ranked by.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The tokens written together (红根先锋).
    pub term: String,
    /// Occurrences in the corpus.
    pub freq: usize,
    /// Documents it occurs in.
    pub docs: usize,
    /// Minimum PMI over binary splits (natural log).
    pub pmi: f64,
    /// Branching entropy of the preceding token (natural log).
    pub left_entropy: f64,
    /// Branching entropy of the following token (natural log).
    pub right_entropy: f64,
    /// The bundled lexicon has it as a term or an alias (whether or not the segmenter loaded
    /// it: without the lexicon, jieba splits its entries and they come back as candidates).
    pub known: bool,
    /// One of its tokens is a term or alias of the bundled lexicon: it extends a known
    /// formulation.
    pub contains_known: bool,
    /// Occurrences between quotation marks (“五张清单”).
    pub quoted: usize,
    /// n-gram or numbered formulation.
    pub kind: CandidateKind,
    /// The ranking score (see the module documentation).
    pub score: f64,
}

/// Finds candidate formulations in a corpus and ranks them, best first (ties broken by
/// frequency, then by the term), at most `config.top` of them. Should two token splits
/// spell the same term, it is listed once, with the better score.
pub fn discover(
    corpus: &Corpus,
    segmenter: &Segmenter,
    config: &TermsConfig,
) -> Result<Vec<Candidate>> {
    config.validate()?;
    let texts: Vec<&str> = corpus.documents.iter().map(|d| d.text.as_str()).collect();
    let counts = count::NgramCounts::build(&texts, segmenter, config);
    let mut candidates: Vec<Candidate> = counts
        .candidates(PolicyLexicon::bundled())
        .into_iter()
        .filter(|c| config.include_known || !c.known)
        .collect();
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.freq.cmp(&a.freq))
            .then_with(|| a.term.cmp(&b.term))
    });
    let mut seen = std::collections::HashSet::new();
    candidates.retain(|c| seen.insert(c.term.clone()));
    candidates.truncate(config.top);
    Ok(candidates)
}

/// Lines for a jieba user dictionary, `term freq nz`, one per candidate: the format
/// [`crate::segment::parse_dict`] reads and `--dict` loads. The frequency is the corpus
/// frequency: jieba weighs a word against the product of its parts' probabilities, so even a
/// few occurrences keep a candidate of two or more tokens whole.
///
/// ```
/// use policylens::terms::{dict_lines, Candidate, CandidateKind};
/// use policylens::segment::parse_dict;
///
/// let c = Candidate {
///     term: "四场硬仗".into(), freq: 7, docs: 3, quoted: 3, pmi: 5.0, left_entropy: 1.0,
///     right_entropy: 1.0, known: false, contains_known: false,
///     kind: CandidateKind::Numbered, score: 3.0,
/// };
/// let text = dict_lines(&[c]);
/// assert_eq!(text, "四场硬仗 7 nz\n");
/// assert_eq!(parse_dict(&text, "new.dict").unwrap()[0].word, "四场硬仗");
/// ```
pub fn dict_lines(candidates: &[Candidate]) -> String {
    candidates
        .iter()
        .map(|c| format!("{} {} nz\n", c.term, c.freq))
        .collect()
}
