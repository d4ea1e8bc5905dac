//! How alike groups' rhetoric is: a group × group matrix of three measures.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::GroupCounts;
use crate::corpus::{Corpus, NO_GROUP};
use crate::segment::UnitTokens;
use crate::themes::{analyse_units, ThemeConfig, ThemeLexicon};
use crate::vectorize::{Vectorizer, VectorizerConfig};
use crate::{Error, Result};

/// Similarity settings. Every field's default is documented beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SimilarityConfig {
    /// The metadata column groups are formed by. Default: `locality`.
    pub by: String,
    /// TF-IDF settings of the paragraph vectors behind the cosine. Default: scikit-learn's
    /// (smooth idf, L2 norm, every term kept).
    pub tfidf: VectorizerConfig,
    /// Score a paragraph needs to carry a theme (see [`ThemeConfig::threshold`]). Default: 1.0.
    pub theme_threshold: f64,
}

impl Default for SimilarityConfig {
    fn default() -> Self {
        SimilarityConfig {
            by: "locality".to_string(),
            tfidf: VectorizerConfig::default(),
            theme_threshold: 1.0,
        }
    }
}

impl SimilarityConfig {
    /// Checks every setting, naming the first bad one.
    pub fn validate(&self) -> Result<()> {
        self.tfidf.validate()?;
        if !(self.theme_threshold.is_finite() && self.theme_threshold >= 0.0) {
            return Err(Error::param(
                "theme_threshold",
                self.theme_threshold,
                "a number >= 0",
            ));
        }
        Ok(())
    }
}

/// One cell of the similarity matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarityRow {
    /// The row's group.
    pub a: String,
    /// The column's group.
    pub b: String,
    /// Cosine similarity of the groups' TF-IDF profiles, in [0, 1] (1: same direction).
    pub cosine: f64,
    /// Jensen–Shannon divergence of the groups' term distributions, base 2, in [0, 1]
    /// (0: identical).
    pub jensen_shannon: f64,
    /// Root mean square difference of the groups' theme shares, in [0, 1] (0: identical).
    pub theme_distance: f64,
}

impl SimilarityRow {
    /// The fields in order: the columns of every similarity table.
    pub const COLUMNS: [&'static str; 5] = ["a", "b", "cosine", "jensen_shannon", "theme_distance"];
}

/// The similarity of every ordered pair of groups of `config.by` (documents without a value
/// form the group [`NO_GROUP`]), `a == b` included, `a` then `b` in code-point order:
///
/// - `cosine`: each paragraph of `units` is a TF-IDF row (fitted on these paragraphs, see
///   [`crate::vectorize`]); a group's profile is the sum of its rows, L2-normalised; cosine is
///   their dot product (0 when a group has no terms);
/// - `jensen_shannon`: with P, Q the groups' term distributions (count / tokens) and
///   M = (P + Q)/2, JS = ½ KL(P‖M) + ½ KL(Q‖M) in bits (1 when one group has no terms and the
///   other has, 0 when neither has);
/// - `theme_distance`: √(mean over themes of (share_a − share_b)²), shares being the fraction
///   of a group's paragraphs carrying the theme ([`analyse_units`] with `lexicon`).
///
/// `units` are the paragraphs of `corpus` segmented by a segmenter that keeps the lexicon's
/// words whole (see [`crate::themes::analyse`]).
pub fn similarity(
    corpus: &Corpus,
    units: &[UnitTokens<'_>],
    lexicon: &ThemeLexicon,
    config: &SimilarityConfig,
) -> Result<Vec<SimilarityRow>> {
    config.validate()?;
    let doc_groups: Vec<String> = corpus
        .groups(&config.by)?
        .into_iter()
        .map(|g| g.unwrap_or_else(|| NO_GROUP.to_string()))
        .collect();
    let mut names: Vec<&str> = doc_groups.iter().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, g)| (*g, i)).collect();
    let group_of = |doc: usize| {
        doc_groups
            .get(doc)
            .and_then(|g| index.get(g.as_str()))
            .copied()
    };

    let profiles = tfidf_profiles(units, names.len(), &group_of, &config.tfidf)?;
    let distributions = distributions(corpus, units, &config.by, &names)?;
    let themes = theme_shares(corpus, units, lexicon, config, &names)?;

    let n = names.len();
    Ok((0..n * n)
        .into_par_iter()
        .map(|k| {
            let (i, j) = (k / n, k % n);
            SimilarityRow {
                a: names[i].to_string(),
                b: names[j].to_string(),
                cosine: dot(&profiles[i], &profiles[j]).clamp(0.0, 1.0),
                jensen_shannon: jensen_shannon(&distributions[i], &distributions[j]),
                theme_distance: rms_difference(&themes[i], &themes[j]),
            }
        })
        .collect())
}

/// A sparse vector: `(term id, value)`, ids increasing.
type Sparse = Vec<(usize, f64)>;

fn tfidf_profiles(
    units: &[UnitTokens<'_>],
    groups: usize,
    group_of: &(dyn Fn(usize) -> Option<usize> + Sync),
    tfidf: &VectorizerConfig,
) -> Result<Vec<Sparse>> {
    let mut sums: Vec<FxHashMap<usize, f64>> = vec![FxHashMap::default(); groups];
    if units.iter().any(|u| !u.is_empty()) {
        let (_, matrix) = Vectorizer::new(tfidf.clone())?.fit_transform(units)?;
        for (u, row) in units.iter().zip(matrix.row_iter()) {
            let Some(sum) = group_of(u.unit.doc).and_then(|g| sums.get_mut(g)) else {
                continue;
            };
            for (id, value) in row.iter() {
                *sum.entry(id).or_default() += value;
            }
        }
    }
    Ok(sums
        .into_iter()
        .map(|sum| {
            let mut v: Sparse = sum.into_iter().collect();
            v.sort_unstable_by_key(|(id, _)| *id);
            let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, x)| *x /= norm);
            }
            v
        })
        .collect())
}

/// Each group's term distribution (count / tokens) over the term ids of [`GroupCounts`];
/// empty for a group with no terms.
fn distributions(
    corpus: &Corpus,
    units: &[UnitTokens<'_>],
    by: &str,
    names: &[&str],
) -> Result<Vec<Sparse>> {
    let counts = GroupCounts::from_corpus(corpus, units, by, &Default::default())?;
    Ok(names
        .iter()
        .map(|name| match counts.group_index(name) {
            Some(g) => {
                let tokens = counts.tokens[g] as f64;
                counts.counts[g]
                    .iter()
                    .map(|&(id, n)| (id, n as f64 / tokens))
                    .collect()
            }
            None => Vec::new(),
        })
        .collect())
}

/// Each group's share of paragraphs carrying each theme, themes in lexicon order.
fn theme_shares(
    corpus: &Corpus,
    units: &[UnitTokens<'_>],
    lexicon: &ThemeLexicon,
    config: &SimilarityConfig,
    names: &[&str],
) -> Result<Vec<Vec<f64>>> {
    let themes = ThemeConfig {
        by: config.by.clone(),
        threshold: config.theme_threshold,
        // Only the point estimates are used; one resample is the least the stage accepts.
        bootstrap: 1,
        ..ThemeConfig::default()
    };
    let report = analyse_units(corpus, units, lexicon, &themes)?;
    let theme_names = report.lexicon.names();
    let mut shares = vec![vec![0.0; theme_names.len()]; names.len()];
    for row in &report.prevalence {
        let g = names.binary_search(&row.group.as_str());
        let t = theme_names.iter().position(|t| *t == row.theme);
        if let (Ok(g), Some(t)) = (g, t) {
            shares[g][t] = row.share;
        }
    }
    Ok(shares)
}

fn dot(x: &[(usize, f64)], y: &[(usize, f64)]) -> f64 {
    merge(x, y).map(|(_, a, b)| a * b).sum()
}

/// Pairs up two sparse vectors: `(id, x value or 0, y value or 0)` for every id in either.
fn merge<'a>(
    x: &'a [(usize, f64)],
    y: &'a [(usize, f64)],
) -> impl Iterator<Item = (usize, f64, f64)> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || match (x.get(i), y.get(j)) {
        (Some(&(a, va)), Some(&(b, vb))) => Some(match a.cmp(&b) {
            std::cmp::Ordering::Less => {
                i += 1;
                (a, va, 0.0)
            }
            std::cmp::Ordering::Greater => {
                j += 1;
                (b, 0.0, vb)
            }
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
                (a, va, vb)
            }
        }),
        (Some(&(a, va)), None) => {
            i += 1;
            Some((a, va, 0.0))
        }
        (None, Some(&(b, vb))) => {
            j += 1;
            Some((b, 0.0, vb))
        }
        (None, None) => None,
    })
}

/// Jensen–Shannon divergence in bits of two distributions (each summing to 1, or empty).
fn jensen_shannon(p: &[(usize, f64)], q: &[(usize, f64)]) -> f64 {
    match (p.is_empty(), q.is_empty()) {
        (true, true) => return 0.0,
        (true, false) | (false, true) => return 1.0,
        _ => {}
    }
    let half_kl = |x: f64, m: f64| {
        if x > 0.0 {
            0.5 * x * (x / m).log2()
        } else {
            0.0
        }
    };
    let js: f64 = merge(p, q)
        .map(|(_, a, b)| {
            let m = 0.5 * (a + b);
            half_kl(a, m) + half_kl(b, m)
        })
        .sum();
    js.clamp(0.0, 1.0)
}

fn rms_difference(x: &[f64], y: &[f64]) -> f64 {
    if x.is_empty() {
        return 0.0;
    }
    let sum: f64 = x.iter().zip(y).map(|(a, b)| (a - b) * (a - b)).sum();
    (sum / x.len() as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jensen_shannon_is_zero_for_equal_one_for_disjoint_and_symmetric() {
        let p = vec![(0, 0.5), (1, 0.5)];
        let q = vec![(2, 0.25), (3, 0.75)];
        assert_eq!(jensen_shannon(&p, &p), 0.0);
        assert!((jensen_shannon(&p, &q) - 1.0).abs() < 1e-15);
        let r = vec![(0, 0.25), (2, 0.75)];
        // By hand: M = (0.375, 0.25, 0.375); ½[0.5 log2(0.5/0.375) + 0.5 log2(0.5/0.25)]
        // + ½[0.25 log2(0.25/0.375) + 0.75 log2(0.75/0.375)].
        let expected = 0.5 * (0.5 * (0.5f64 / 0.375).log2() + 0.5 * 2f64.log2())
            + 0.5 * (0.25 * (0.25f64 / 0.375).log2() + 0.75 * 2f64.log2());
        assert!((jensen_shannon(&p, &r) - expected).abs() < 1e-15);
        assert_eq!(jensen_shannon(&p, &r), jensen_shannon(&r, &p));
        assert_eq!(jensen_shannon(&p, &[]), 1.0);
        assert_eq!(jensen_shannon(&[], &[]), 0.0);
    }

    #[test]
    fn sparse_dot_and_rms() {
        let x = vec![(0, 0.6), (2, 0.8)];
        let y = vec![(1, 1.0)];
        assert_eq!(dot(&x, &y), 0.0);
        assert!((dot(&x, &x) - 1.0).abs() < 1e-15);
        assert!((rms_difference(&[1.0, 0.0], &[0.0, 0.0]) - 0.5f64.sqrt()).abs() < 1e-15);
    }
}
