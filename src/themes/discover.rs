//! Discovered themes: units (paragraphs, by default) clustered by what they say.
//!
//! The pipeline: TF-IDF rows from [`crate::vectorize`] (sparse) → a randomized truncated SVD
//! ([`super::svd`]) to `dims` dimensions → rows scaled to unit length (so Euclidean k-means
//! groups by cosine) → k-means (linfa's algorithm, its steps computed as blocked matrix
//! products, then linfa's own fit from the best run's centroids), with `k` given or chosen
//! among `k_range` by the mean silhouette on a seeded sample of units. Each cluster is then
//! described by its distinctive terms (class-based TF-IDF of its tokens, as
//! [`crate::keywords`] computes it), the units closest to its centroid, and the guided theme its
//! term profile is most like, so clusters matching no guided theme — new themes — stand out
//! with `nearest_theme: None`.
//!
//! Units without any vocabulary term (empty, or only terms pruned by `min_df`) are not
//! clustered: their assignment is `None`. Clusters are numbered by size, largest first (ties
//! to the cluster whose first unit comes first). The same units, themes and config give the
//! same [`Discovery`], whatever the number of threads.
//!
//! ```
//! use policylens::segment::{SegmentConfig, Segmenter};
//! use policylens::themes::discover::{discover, DiscoverConfig};
//!
//! let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
//! let paragraphs = [
//!     "坚持党建引领基层治理，深化网格化管理，党建引领凝聚基层治理合力。",
//!     "以党建引领基层治理，推进网格化服务，夯实基层治理基础。",
//!     "党建引领网格化管理，基层治理效能持续提升。",
//!     "持续优化营商环境，强化招商引资，招商引资项目加快落地。",
//!     "优化营商环境，招商引资成效明显，营商环境持续改善。",
//!     "聚焦招商引资，打造一流营商环境，服务企业发展。",
//! ];
//! let units: Vec<Vec<&str>> = paragraphs
//!     .iter()
//!     .map(|p| segmenter.tokens(p).into_iter().map(|t| t.term).collect())
//!     .collect();
//! let themes = vec![("营商环境".to_string(), vec!["营商环境".to_string(), "招商引资".to_string()])];
//! let config = DiscoverConfig { k: Some(2), ..DiscoverConfig::default() };
//! let found = discover(&units, &themes, &config).unwrap();
//! assert_eq!(found.k, 2);
//! assert_eq!(found.assignments[0], found.assignments[1]);
//! assert_ne!(found.assignments[0], found.assignments[3]);
//! let business = &found.clusters[found.assignments[3].unwrap()];
//! assert_eq!(business.nearest_theme.as_deref(), Some("营商环境"));
//! assert!(business.label_terms.iter().any(|t| t == "招商引资"));
//! ```

use std::borrow::Cow;

use ndarray::Array2;
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use super::discover_cluster::nmi;
use super::discover_cluster::{distances, kmeans, kmeans_predict, silhouette};
use super::discover_label::{nearest_theme, profiles, representatives};
use super::svd::{project, truncated_svd};
use crate::vectorize::{DocFrequency, Vectorizer, VectorizerConfig};
use crate::{Error, Result};

/// The `k` range searched when neither `k` nor `k_range` is given: 2 to 10 clusters.
pub const DEFAULT_K_RANGE: (usize, usize) = (2, 10);

/// Settings for [`discover`]. Every field's default is documented beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DiscoverConfig {
    /// The number of clusters, at least 2. Give this or `k_range`, not both. Default: none.
    pub k: Option<usize>,
    /// The smallest and largest `k` tried (inclusive, `2 ≤ a ≤ b`); the one with the best mean
    /// silhouette wins, ties to the smaller `k`. Default: none, which searches
    /// [`DEFAULT_K_RANGE`] when `k` is not given either.
    pub k_range: Option<(usize, usize)>,
    /// Dimensions kept by the truncated SVD, at least 1; capped by the number of clustered
    /// units and of terms. Default: 100.
    pub dims: usize,
    /// Power iterations of the randomized SVD (more: more exact singular vectors, each costing
    /// two passes over the matrix). Default: 4.
    pub power_iterations: usize,
    /// Seed of the SVD's test matrix, of k-means' starts and of the silhouette sample.
    /// Default: 42.
    pub seed: u64,
    /// Most units the silhouette is computed on (a seeded sample when there are more), at
    /// least 2; the cost grows with its square. When a `k_range` is searched, each candidate
    /// is fitted on this sample and only the chosen `k` as a given one (see `fit_sample`).
    /// Default: 2000.
    pub silhouette_sample: usize,
    /// Most units the SVD and the final k-means are fitted on (a seeded sample when there are
    /// more); every unit is then projected on the fitted components and assigned to the
    /// nearest centroid, so memory and time stay bounded on big corpora. At least the largest
    /// `k` tried. Default: 10,000.
    pub fit_sample: usize,
    /// k-means runs from different starts; the one with the least inertia is kept; at least 1.
    /// Three runs reach scikit-learn's ten-run NMI on the labelled GWR paragraphs (mean over
    /// seeds 0.541 vs 0.541) at a third of the cost. Default: 3.
    pub n_runs: usize,
    /// Most k-means iterations per run, at least 1. Default: 300.
    pub max_iterations: usize,
    /// Distinctive terms listed per cluster, at least 1. Default: 8.
    pub label_terms: usize,
    /// Units listed per cluster as closest to its centroid. Default: 3.
    pub representatives: usize,
    /// TF-IDF settings. Default: sublinear tf, `min_df` 2 units, otherwise
    /// [`VectorizerConfig::default`].
    pub vectorizer: VectorizerConfig,
}

impl Default for DiscoverConfig {
    fn default() -> Self {
        DiscoverConfig {
            k: None,
            k_range: None,
            dims: 100,
            power_iterations: 4,
            seed: 42,
            silhouette_sample: 2000,
            fit_sample: 10_000,
            n_runs: 3,
            max_iterations: 300,
            label_terms: 8,
            representatives: 3,
            vectorizer: VectorizerConfig {
                sublinear_tf: true,
                min_df: DocFrequency::Count(2),
                ..VectorizerConfig::default()
            },
        }
    }
}

impl DiscoverConfig {
    /// Checks every setting that can be checked without the units, naming the first bad one.
    pub fn validate(&self) -> Result<()> {
        self.vectorizer.validate()?;
        if let (Some(k), Some(range)) = (self.k, self.k_range) {
            let value = format!("{k} with k_range = {}..{}", range.0, range.1);
            return Err(Error::param("k", value, "either k or k_range, not both"));
        }
        if let Some(k) = self.k.filter(|&k| k < 2) {
            return Err(Error::param("k", k, "at least 2 clusters"));
        }
        if let Some((a, b)) = self.k_range {
            if a > b {
                let value = format!("{a}..{b}");
                return Err(Error::param(
                    "k_range",
                    value,
                    "a non-empty range a..b with a ≤ b",
                ));
            }
            if a < 2 {
                let value = format!("{a}..{b}");
                return Err(Error::param(
                    "k_range",
                    value,
                    "a range starting at 2 or more",
                ));
            }
        }
        let at_least = |name: &'static str, value: usize, min: usize| {
            if value < min {
                Err(Error::param(name, value, format!("at least {min}")))
            } else {
                Ok(())
            }
        };
        at_least("dims", self.dims, 1)?;
        at_least("silhouette_sample", self.silhouette_sample, 2)?;
        // That it holds at least the largest `k` is checked by `fit`, after the number of
        // units: a `k` beyond the corpus is reported as such, not as a too-small sample.
        at_least("fit_sample", self.fit_sample, 2)?;
        at_least("n_runs", self.n_runs, 1)?;
        at_least("max_iterations", self.max_iterations, 1)?;
        at_least("label_terms", self.label_terms, 1)
    }

    /// The values of `k` to try.
    fn candidates(&self) -> (usize, usize) {
        match (self.k, self.k_range) {
            (Some(k), _) => (k, k),
            (None, Some(range)) => range,
            (None, None) => DEFAULT_K_RANGE,
        }
    }
}

/// One discovered cluster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscoveredTheme {
    /// Its number: 0 for the largest cluster.
    pub cluster: usize,
    /// Units in it.
    pub size: usize,
    /// Its most distinctive terms, best first (class-based TF-IDF of its tokens against the
    /// other clusters').
    pub label_terms: Vec<String>,
    /// The guided theme whose terms its profile is most like; `None` when it shares no term
    /// with any theme — a candidate new theme.
    pub nearest_theme: Option<String>,
    /// Cosine, in `[0, 1]`, between its c-TF-IDF profile and the nearest theme's term
    /// indicator (0 when there is none).
    pub similarity: f64,
    /// Indexes (into the input units) of the units closest to its centroid, closest first.
    pub representative: Vec<usize>,
}

/// The result of [`discover`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Discovery {
    /// The number of clusters chosen (or given).
    pub k: usize,
    /// Dimensions the units were reduced to.
    pub dims: usize,
    /// The clusters, largest first.
    pub clusters: Vec<DiscoveredTheme>,
    /// The cluster of each input unit; `None` for units without vocabulary terms.
    pub assignments: Vec<Option<usize>>,
    /// Mean silhouette of each `k` tried, in increasing `k`.
    pub silhouette: Vec<(usize, f64)>,
}

/// Clusters units with validated settings: [`Discoverer::new`] checks them, [`Discoverer::fit`]
/// runs the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Discoverer {
    config: DiscoverConfig,
}

impl Discoverer {
    /// Checks the settings once, before any work.
    pub fn new(config: DiscoverConfig) -> Result<Discoverer> {
        config.validate()?;
        Ok(Discoverer { config })
    }

    /// The settings.
    pub fn config(&self) -> &DiscoverConfig {
        &self.config
    }

    /// Clusters `units` (each a list of tokens) and describes the clusters, matching each to
    /// the nearest of `themes` (name, terms). Fails when `k` (or the top of `k_range`) exceeds
    /// the number of units with vocabulary terms, or when the vectorizer's bounds prune every term.
    pub fn fit<D, S>(&self, units: &[D], themes: &[(String, Vec<String>)]) -> Result<Discovery>
    where
        D: AsRef<[S]> + Sync,
        S: AsRef<str> + Sync,
    {
        let config = &self.config;
        let (_, x) = Vectorizer::new(config.vectorizer.clone())?.fit_transform(units)?;
        let kept: Vec<usize> = (0..x.rows).filter(|&r| x.row(r).nnz() > 0).collect();
        let (low, high) = config.candidates();
        if high > kept.len() {
            let name = if config.k.is_some() { "k" } else { "k_range" };
            let value = if config.k.is_some() {
                high.to_string()
            } else {
                format!("{low}..{high}")
            };
            let expected = format!(
                "at most {} clusters: only {} of the {} units hold vocabulary terms",
                kept.len(),
                kept.len(),
                units.len()
            );
            return Err(Error::param(name, value, expected));
        }
        if high > config.fit_sample {
            return Err(Error::param(
                "fit_sample",
                config.fit_sample,
                format!("at least the largest k tried ({high}): k-means is fitted on it"),
            ));
        }
        // On a big corpus the SVD is fitted on a sample and every unit projected on it.
        let fitted = silhouette_sample(kept.len(), config.fit_sample, config.seed ^ FIT_SALT);
        let everything = fitted.len() == kept.len();
        // The sparse matrices are let go as soon as the reduced rows exist: what follows
        // (k-means, silhouette) needs only those, and holding both was discovery's peak.
        let all = if kept.len() == x.rows {
            x
        } else {
            let rows = x.select_rows(&kept);
            drop(x);
            rows
        };
        let reduced = {
            let fit_matrix = if everything {
                Cow::Borrowed(&all)
            } else {
                Cow::Owned(all.select_rows(&fitted))
            };
            let svd = truncated_svd(
                &fit_matrix,
                config.dims,
                config.power_iterations,
                config.seed,
            );
            drop(fit_matrix);
            unit_rows(if everything {
                svd.embedding
            } else {
                project(&all, &svd.components)
            })
        };
        drop(all);
        let sample = silhouette_sample(kept.len(), config.silhouette_sample, config.seed);
        let pairwise = distances(&reduced, &sample);
        // The clusters of every unit at `k`: k-means fitted on the fit sample (every unit on
        // a small corpus) and every unit assigned to its nearest centroid.
        let fit_all = |k: usize| {
            if everything {
                kmeans(
                    &reduced,
                    k,
                    config.n_runs,
                    config.max_iterations,
                    config.seed,
                )
            } else {
                let rows = reduced.select(ndarray::Axis(0), &fitted);
                kmeans_predict(
                    &rows,
                    &reduced,
                    k,
                    config.n_runs,
                    config.max_iterations,
                    config.seed,
                )
            }
        };
        let sampled_labels =
            |labels: &[usize]| -> Vec<usize> { sample.iter().map(|&i| labels[i]).collect() };
        let (k, labels, curve) = if low == high {
            let labels = fit_all(low)?;
            let score = silhouette(&pairwise, &sampled_labels(&labels), low);
            (low, labels, vec![(low, score)])
        } else {
            // Each candidate k is fitted on the silhouette sample only, all of them in
            // parallel: the score is computed there anyway, and a fit on every unit for every
            // k would cost (b − a + 1) full fits. The chosen k is then fitted as any given k,
            // unless the sample is every unit already.
            let whole = sample.len() == kept.len();
            let sampled_rows = if whole {
                reduced.clone()
            } else {
                reduced.select(ndarray::Axis(0), &sample)
            };
            let fits = (low..=high)
                .into_par_iter()
                .map(|k| {
                    let labels = kmeans(
                        &sampled_rows,
                        k,
                        config.n_runs,
                        config.max_iterations,
                        config.seed,
                    )?;
                    Ok((k, silhouette(&pairwise, &labels, k), labels))
                })
                .collect::<Result<Vec<_>>>()?;
            let curve: Vec<(usize, f64)> = fits.iter().map(|(k, s, _)| (*k, *s)).collect();
            // Best score, ties to the smaller k.
            let mut best: Option<(f64, usize, Vec<usize>)> = None;
            for (k, score, labels) in fits {
                if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    best = Some((score, k, labels));
                }
            }
            let (_, k, labels) = best.unwrap_or((0.0, 0, Vec::new()));
            let labels = if whole || k == 0 { labels } else { fit_all(k)? };
            (k, labels, curve)
        };
        let labels = by_size(&labels, k);
        let k = labels.iter().max().map_or(0, |&m| m + 1);
        let (profiles, corpus_terms) = profiles(units, &kept, &labels, k);
        let closest = representatives(&reduced, &labels, k, config.representatives);
        let mut sizes = vec![0usize; k];
        labels.iter().for_each(|&c| sizes[c] += 1);
        let clusters = (0..k)
            .map(|c| {
                let (nearest, similarity) = nearest_theme(&profiles[c], themes, &corpus_terms);
                DiscoveredTheme {
                    cluster: c,
                    size: sizes[c],
                    label_terms: profiles[c]
                        .iter()
                        .take(config.label_terms)
                        .map(|(t, _)| t.clone())
                        .collect(),
                    nearest_theme: nearest,
                    similarity,
                    representative: closest[c].iter().map(|&i| kept[i]).collect(),
                }
            })
            .collect();
        let mut assignments = vec![None; units.len()];
        for (&r, &c) in kept.iter().zip(&labels) {
            assignments[r] = Some(c);
        }
        Ok(Discovery {
            k,
            dims: reduced.ncols(),
            clusters,
            assignments,
            silhouette: curve,
        })
    }
}

/// Clusters `units` (token lists, e.g. paragraphs) into discovered themes and matches each to the
/// nearest of the guided `themes` (name, seed and expanded terms). See the [module docs](self).
pub fn discover<D, S>(
    units: &[D],
    themes: &[(String, Vec<String>)],
    config: &DiscoverConfig,
) -> Result<Discovery>
where
    D: AsRef<[S]> + Sync,
    S: AsRef<str> + Sync,
{
    Discoverer::new(config.clone())?.fit(units, themes)
}

/// Mixed into the seed of the fit sample, so that it is not the silhouette sample.
const FIT_SALT: u64 = 0x4649_545f_5341_4d50;

/// Rows scaled to unit length (rows of zeros stay zero), in parallel.
fn unit_rows(x: Array2<f64>) -> Array2<f64> {
    let (n, d) = x.dim();
    let mut data = x.into_raw_vec_and_offset().0;
    data.par_chunks_mut(d.max(1)).for_each(|row| {
        let len = row.iter().map(|v| v * v).sum::<f64>().sqrt();
        if len > 0.0 {
            row.iter_mut().for_each(|v| *v /= len);
        }
    });
    Array2::from_shape_vec((n, d), data).unwrap_or_else(|_| Array2::zeros((n, d)))
}

/// All `n` rows when there are at most `limit`, else `limit` of them drawn without replacement
/// from `seed`; sorted.
fn silhouette_sample(n: usize, limit: usize, seed: u64) -> Vec<usize> {
    if n <= limit {
        return (0..n).collect();
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ 0x0051_574e_4554_5445);
    let mut sample = rand::seq::index::sample(&mut rng, n, limit).into_vec();
    sample.sort_unstable();
    sample
}

/// Renumbers clusters by size, largest first, ties to the cluster met first; drops empty ones.
fn by_size(labels: &[usize], k: usize) -> Vec<usize> {
    let mut stats: Vec<(usize, usize, usize)> = (0..k).map(|c| (0, usize::MAX, c)).collect();
    for (i, &c) in labels.iter().enumerate() {
        stats[c].0 += 1;
        stats[c].1 = stats[c].1.min(i);
    }
    stats.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut rename = vec![0; k];
    for (new, &(_, _, old)) in stats.iter().enumerate() {
        rename[old] = new;
    }
    labels.iter().map(|&c| rename[c]).collect()
}
