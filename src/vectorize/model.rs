//! A fitted TF-IDF model: vocabulary, document frequencies, idf; and weighting units with it.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::{bigram, Norm, SparseMatrix, VectorizerConfig};
use crate::{Error, Result};

/// A fitted vocabulary with its document frequencies and idf. Term `i` is column `i` of the
/// matrices [`TfidfModel::transform`] makes. Serialises to (and reads back from) its settings,
/// unit count, terms, document frequencies and idf.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "ModelData", try_from = "ModelData")]
pub struct TfidfModel {
    config: VectorizerConfig,
    n_units: usize,
    terms: Vec<String>,
    df: Vec<usize>,
    idf: Vec<f64>,
    ids: FxHashMap<Box<str>, usize>,
}

/// The serialised form of a [`TfidfModel`]: everything but the lookup table.
#[derive(Serialize, Deserialize)]
struct ModelData {
    config: VectorizerConfig,
    n_units: usize,
    terms: Vec<String>,
    df: Vec<usize>,
    idf: Vec<f64>,
}

impl From<TfidfModel> for ModelData {
    fn from(m: TfidfModel) -> Self {
        ModelData {
            config: m.config,
            n_units: m.n_units,
            terms: m.terms,
            df: m.df,
            idf: m.idf,
        }
    }
}

impl TryFrom<ModelData> for TfidfModel {
    type Error = Error;

    fn try_from(d: ModelData) -> Result<Self> {
        d.config.validate()?;
        if d.df.len() != d.terms.len() || d.idf.len() != d.terms.len() {
            let lengths = format!("{}/{}/{}", d.terms.len(), d.df.len(), d.idf.len());
            return Err(Error::param(
                "terms/df/idf",
                lengths,
                "three lists of one length",
            ));
        }
        if let Some(pair) = d.terms.windows(2).find(|p| p[0] >= p[1]) {
            let value = format!("{} before {}", pair[0], pair[1]);
            return Err(Error::param(
                "terms",
                value,
                "distinct terms in code-point order",
            ));
        }
        let mut model = TfidfModel::new(d.config, d.n_units, d.terms, d.df);
        model.idf = d.idf;
        Ok(model)
    }
}

impl TfidfModel {
    /// A model over `terms` (distinct, in code-point order) found in `df` of `n_units` units.
    pub(crate) fn new(
        config: VectorizerConfig,
        n_units: usize,
        terms: Vec<String>,
        df: Vec<usize>,
    ) -> TfidfModel {
        let idf = df
            .iter()
            .map(|&d| idf(n_units, d, config.smooth_idf))
            .collect();
        let ids = terms
            .iter()
            .enumerate()
            .map(|(i, t)| (Box::from(t.as_str()), i))
            .collect();
        TfidfModel {
            config,
            n_units,
            terms,
            df,
            idf,
            ids,
        }
    }

    /// The settings the model was fitted with.
    pub fn config(&self) -> &VectorizerConfig {
        &self.config
    }

    /// Units the model was fitted on.
    pub fn n_units(&self) -> usize {
        self.n_units
    }

    /// The terms in column order, which is code-point order (as sklearn sorts its vocabulary).
    pub fn vocabulary(&self) -> &[String] {
        &self.terms
    }

    /// The column of `term`, if it is in the vocabulary.
    pub fn term_id(&self, term: &str) -> Option<usize> {
        self.ids.get(term).copied()
    }

    /// Units of the fitting corpus holding each term, in column order.
    pub fn df(&self) -> &[usize] {
        &self.df
    }

    /// Each term's idf, in column order (computed even when `use_idf` is off, which only stops
    /// [`TfidfModel::transform`] from applying it).
    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    /// The TF-IDF rows of `units` (one row per unit, one column per vocabulary term); tokens
    /// outside the vocabulary are ignored, and an empty unit is a row of zeros.
    pub fn transform<D, S>(&self, units: &[D]) -> SparseMatrix
    where
        D: AsRef<[S]> + Sync,
        S: AsRef<str> + Sync,
    {
        let rows = units
            .par_iter()
            .with_min_len(64)
            .map_init(String::new, |buf, unit| self.row(unit.as_ref(), buf))
            .collect();
        SparseMatrix::from_rows(rows, self.terms.len())
    }

    /// The column counts of the unit's terms: their ids sorted, then run-length counted, which
    /// for units of tens of tokens beats a hash map per row.
    pub fn counts<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<(usize, u64)> {
        self.counts_with(tokens, &mut String::new())
    }

    fn counts_with<S: AsRef<str>>(&self, tokens: &[S], buf: &mut String) -> Vec<(usize, u64)> {
        let mut ids: Vec<usize> = tokens
            .iter()
            .filter_map(|t| self.term_id(t.as_ref()))
            .collect();
        if self.config.bigrams {
            for pair in tokens.windows(2) {
                bigram(buf, pair[0].as_ref(), pair[1].as_ref());
                ids.extend(self.term_id(buf));
            }
        }
        ids.sort_unstable();
        let mut counts: Vec<(usize, u64)> = Vec::new();
        for id in ids {
            match counts.last_mut() {
                Some((last, n)) if *last == id => *n += 1,
                _ => counts.push((id, 1)),
            }
        }
        counts
    }

    fn row<S: AsRef<str>>(&self, tokens: &[S], buf: &mut String) -> (Vec<usize>, Vec<f64>) {
        let counts = self.counts_with(tokens, buf);
        let cols: Vec<usize> = counts.iter().map(|&(id, _)| id).collect();
        let mut values: Vec<f64> = counts
            .iter()
            .map(|&(id, n)| {
                let tf = if self.config.sublinear_tf {
                    (n as f64).ln() + 1.0
                } else {
                    n as f64
                };
                if self.config.use_idf {
                    tf * self.idf[id]
                } else {
                    tf
                }
            })
            .collect();
        if self.config.norm == Norm::L2 {
            let norm = values.iter().map(|v| v * v).sum::<f64>().sqrt();
            if norm > 0.0 {
                values.iter_mut().for_each(|v| *v /= norm);
            }
        }
        (cols, values)
    }
}

/// sklearn's idf: `ln((1 + n) / (1 + df)) + 1` smoothed, else `ln(n / df) + 1`.
fn idf(n_units: usize, df: usize, smooth: bool) -> f64 {
    let s = if smooth { 1.0 } else { 0.0 };
    ((n_units as f64 + s) / (df as f64 + s)).ln() + 1.0
}

#[cfg(test)]
mod tests {
    use super::super::{DocFrequency, Vectorizer};
    use super::*;

    fn model(config: VectorizerConfig) -> (TfidfModel, SparseMatrix) {
        let units = vec![
            vec!["党建引领", "营商环境", "营商环境"],
            vec!["城市更新", "营商环境"],
            vec![],
        ];
        Vectorizer::new(config)
            .unwrap()
            .fit_transform(&units)
            .unwrap()
    }

    #[test]
    fn weights_follow_sklearn_formulas() {
        let config = VectorizerConfig {
            norm: Norm::None,
            sublinear_tf: true,
            smooth_idf: false,
            ..VectorizerConfig::default()
        };
        let (m, x) = model(config);
        let id = m.term_id("营商环境").unwrap();
        assert_eq!(m.df()[id], 2);
        let expected = (1.0 + 2f64.ln()) * ((3.0f64 / 2.0).ln() + 1.0);
        assert!((x.get(0, id) - expected).abs() < 1e-15);
        assert_eq!(x.row(2).nnz(), 0);
    }

    #[test]
    fn unknown_tokens_are_ignored_and_rows_normalised() {
        let (m, _) = model(VectorizerConfig::default());
        let x = m.transform(&[vec!["营商环境", "新质生产力"]]);
        assert_eq!(x.nnz(), 1);
        assert!((x.data[0] - 1.0).abs() < 1e-15);
        assert_eq!(m.counts(&["营商环境", "营商环境", "无"]), vec![(2, 2)]);
    }

    #[test]
    fn a_model_round_trips_through_json_and_bad_ones_are_refused() {
        let config = VectorizerConfig {
            min_df: DocFrequency::Proportion(0.1),
            ..VectorizerConfig::default()
        };
        let (m, _) = model(config);
        let json = serde_json::to_string(&m).unwrap();
        let back: TfidfModel = serde_json::from_str(&json).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.term_id("城市更新"), m.term_id("城市更新"));
        let unsorted = json.replace("\"党建引领\"", "\"龙\"");
        let err = serde_json::from_str::<TfidfModel>(&unsorted).unwrap_err();
        assert!(err.to_string().contains("code-point order"), "{err}");
    }
}
