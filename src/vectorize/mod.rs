//! Sparse TF-IDF: a vocabulary fitted on the user's corpus, and units as sparse weighted rows.
//!
//! [`Vectorizer::fit`] counts the terms of tokenized units (documents, sections, paragraphs or
//! sentences) into a [`TfidfModel`]: the vocabulary sorted by code point, each term's document
//! frequency and idf. [`TfidfModel::transform`] turns units into a [`SparseMatrix`] of TF-IDF
//! weights. For the same tokens and settings the values are scikit-learn's `TfidfVectorizer`'s
//! (fed the same token lists through a pass-through tokenizer, `lowercase=False`), to 1e-9:
//!
//! - `tf` is the count of the term in the unit, or `1 + ln(tf)` with `sublinear_tf`;
//! - `idf = ln((1 + n) / (1 + df)) + 1` with `smooth_idf` (the default), else `ln(n / df) + 1`,
//!   where `n` counts all units, empty ones included, and `df` the units holding the term;
//! - the value is `tf × idf` (only `tf` without `use_idf`), each row then divided by its L2 norm;
//! - `min_df`/`max_df` prune the vocabulary first, then `max_features` keeps the terms with the
//!   highest total counts (ties: the term first in code-point order; sklearn leaves that order
//!   to numpy's unstable sort, which differs between CPUs).
//!
//! No dense units × terms matrix is ever built: counting and weighting go row by row, in
//! parallel.
//!
//! ```
//! use policylens::segment::{SegmentConfig, Segmenter};
//! use policylens::vectorize::{Vectorizer, VectorizerConfig};
//!
//! let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
//! let paragraphs = [
//!     "金沙街道坚持党建引领，持续优化营商环境。",
//!     "稠江街道推进城市有机更新，优化营商环境。",
//!     "崇川区深化党建引领基层治理。",
//! ];
//! let units: Vec<Vec<&str>> = paragraphs
//!     .iter()
//!     .map(|p| segmenter.tokens(p).into_iter().map(|t| t.term).collect())
//!     .collect();
//! let model = Vectorizer::new(VectorizerConfig::default()).unwrap().fit(&units).unwrap();
//! let matrix = model.transform(&units);
//! assert_eq!((matrix.rows, matrix.cols), (3, model.vocabulary().len()));
//!
//! // 营商环境 is in two of three paragraphs: idf = ln(4/3) + 1.
//! let id = model.term_id("营商环境").unwrap();
//! assert!((model.idf()[id] - ((4.0f64 / 3.0).ln() + 1.0)).abs() < 1e-12);
//! assert!(matrix.get(0, id) > 0.0 && matrix.get(2, id) == 0.0);
//! // Rows are L2-normalised.
//! let norm: f64 = matrix.row(0).iter().map(|(_, v)| v * v).sum();
//! assert!((norm - 1.0).abs() < 1e-12);
//! ```

mod config;
mod model;
mod sparse;

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

pub use config::{DocFrequency, Norm, VectorizerConfig};
pub use model::TfidfModel;
pub use sparse::{SparseMatrix, SparseRow};

use crate::{Error, Result};

/// Fits a [`TfidfModel`] with validated settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Vectorizer {
    config: VectorizerConfig,
}

/// A term's counts while fitting.
#[derive(Debug, Clone, Copy, Default)]
struct TermStats {
    /// Units holding the term.
    df: usize,
    /// Occurrences over the corpus.
    tf: u64,
    /// 1 + index of the last unit counted in `df` (0: none yet).
    last: usize,
}

impl TermStats {
    fn see(&mut self, unit: usize) {
        self.tf += 1;
        if self.last != unit + 1 {
            self.df += 1;
            self.last = unit + 1;
        }
    }
}

type Counts<'a> = FxHashMap<Cow<'a, str>, TermStats>;

impl Vectorizer {
    /// Checks the settings (see [`VectorizerConfig::validate`]) once, before any work.
    pub fn new(config: VectorizerConfig) -> Result<Vectorizer> {
        config.validate()?;
        Ok(Vectorizer { config })
    }

    /// The settings.
    pub fn config(&self) -> &VectorizerConfig {
        &self.config
    }

    /// Learns the vocabulary, document frequencies and idf of `units`, each a list of tokens.
    ///
    /// Fails when `min_df` and `max_df` resolve to an empty range for this many units, or when
    /// they prune every term (an input with no tokens at all gives an empty vocabulary).
    pub fn fit<D, S>(&self, units: &[D]) -> Result<TfidfModel>
    where
        D: AsRef<[S]> + Sync,
        S: AsRef<str> + Sync,
    {
        let n = units.len();
        let (low, high) = self.config.df_bounds(n)?;
        let counts = self.count(units);
        let found = counts.len();
        let mut kept: Vec<(Cow<str>, TermStats)> = counts
            .into_iter()
            .filter(|(_, s)| (s.df as f64) >= low && (s.df as f64) <= high)
            .collect();
        if kept.is_empty() && found > 0 {
            return Err(self.nothing_left(found, n));
        }
        kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if let Some(limit) = self.config.max_features.filter(|&k| kept.len() > k) {
            // Stable, so among equal counts the term first in code-point order stays.
            kept.sort_by_key(|(_, s)| std::cmp::Reverse(s.tf));
            kept.truncate(limit);
            kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        }
        let terms = kept.iter().map(|(t, _)| t.to_string()).collect();
        let df = kept.iter().map(|(_, s)| s.df).collect();
        Ok(TfidfModel::new(self.config.clone(), n, terms, df))
    }

    /// Fits on `units` and returns the model with their TF-IDF matrix.
    pub fn fit_transform<D, S>(&self, units: &[D]) -> Result<(TfidfModel, SparseMatrix)>
    where
        D: AsRef<[S]> + Sync,
        S: AsRef<str> + Sync,
    {
        let model = self.fit(units)?;
        let matrix = model.transform(units);
        Ok((model, matrix))
    }

    /// Document and corpus frequency of every term, counted per thread and merged.
    fn count<'a, D, S>(&self, units: &'a [D]) -> Counts<'a>
    where
        D: AsRef<[S]> + Sync,
        S: AsRef<str> + Sync + 'a,
    {
        let bigrams = self.config.bigrams;
        units
            .par_iter()
            .with_min_len(64)
            .enumerate()
            .fold(
                || (Counts::default(), String::new()),
                |(mut counts, mut buf), (i, unit)| {
                    let tokens = unit.as_ref();
                    for t in tokens {
                        counts.entry(Cow::Borrowed(t.as_ref())).or_default().see(i);
                    }
                    if bigrams {
                        for pair in tokens.windows(2) {
                            bigram(&mut buf, pair[0].as_ref(), pair[1].as_ref());
                            match counts.get_mut(buf.as_str()) {
                                Some(stats) => stats.see(i),
                                None => {
                                    let mut stats = TermStats::default();
                                    stats.see(i);
                                    counts.insert(Cow::Owned(buf.clone()), stats);
                                }
                            }
                        }
                    }
                    (counts, buf)
                },
            )
            .map(|(counts, _)| counts)
            .reduce(Counts::default, |a, b| {
                let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
                for (term, s) in small {
                    let total = big.entry(term).or_default();
                    total.df += s.df;
                    total.tf += s.tf;
                }
                big
            })
    }

    fn nothing_left(&self, found: usize, n: usize) -> Error {
        let c = &self.config;
        Error::param(
            "min_df",
            format!("{} with max_df = {}", c.min_df, c.max_df),
            format!("bounds that keep at least one of the {found} terms of {n} units: lower min_df or raise max_df"),
        )
    }
}

/// Writes the bigram term `a b` into `buf`, as sklearn joins token n-grams.
pub(crate) fn bigram(buf: &mut String, a: &str, b: &str) {
    buf.clear();
    buf.push_str(a);
    buf.push(' ');
    buf.push_str(b);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> Vec<Vec<&'static str>> {
        vec![
            vec!["党建引领", "营商环境", "营商环境"],
            vec!["城市更新", "营商环境"],
            vec![],
            vec!["党建引领", "基层治理"],
        ]
    }

    fn fit(config: VectorizerConfig) -> TfidfModel {
        Vectorizer::new(config).unwrap().fit(&units()).unwrap()
    }

    #[test]
    fn vocabulary_is_sorted_by_code_point_with_document_frequencies() {
        let model = fit(VectorizerConfig::default());
        assert_eq!(
            model.vocabulary(),
            ["党建引领", "城市更新", "基层治理", "营商环境"]
        );
        assert_eq!(model.df(), [2, 1, 1, 2]);
        assert_eq!(model.n_units(), 4);
        let idf = (5.0f64 / 3.0).ln() + 1.0;
        assert!((model.idf()[0] - idf).abs() < 1e-15);
    }

    #[test]
    fn pruning_applies_df_bounds_then_max_features_with_ties_by_term() {
        let config = VectorizerConfig {
            min_df: DocFrequency::Count(2),
            ..VectorizerConfig::default()
        };
        assert_eq!(fit(config).vocabulary(), ["党建引领", "营商环境"]);
        // Totals: 营商环境 3, 党建引领 2, then a tie at 1 that 城市更新 wins over 基层治理.
        let config = VectorizerConfig {
            max_features: Some(1),
            ..VectorizerConfig::default()
        };
        assert_eq!(fit(config).vocabulary(), ["营商环境"]);
        let config = VectorizerConfig {
            max_features: Some(3),
            ..VectorizerConfig::default()
        };
        assert_eq!(
            fit(config).vocabulary(),
            ["党建引领", "城市更新", "营商环境"]
        );
    }

    #[test]
    fn bigrams_join_adjacent_tokens_with_a_space() {
        let config = VectorizerConfig {
            bigrams: true,
            ..VectorizerConfig::default()
        };
        let model = fit(config);
        assert!(model.term_id("党建引领 营商环境").is_some());
        assert!(model.term_id("营商环境 营商环境").is_some());
        assert_eq!(model.vocabulary().len(), 4 + 4);
    }

    #[test]
    fn pruning_everything_is_an_error_naming_the_bounds() {
        let config = VectorizerConfig {
            min_df: DocFrequency::Count(3),
            ..VectorizerConfig::default()
        };
        let err = Vectorizer::new(config)
            .unwrap()
            .fit(&units())
            .unwrap_err()
            .to_string();
        assert!(err.contains("min_df = 3 with max_df = 1.0"), "{err}");
        let empty: Vec<Vec<&str>> = vec![vec![]];
        let model = Vectorizer::new(VectorizerConfig::default())
            .unwrap()
            .fit(&empty)
            .unwrap();
        assert!(model.vocabulary().is_empty());
    }
}
