//! k-means with linfa, mean silhouette on a sample, and normalised mutual information.

use linfa::prelude::*;
use linfa::DatasetBase;
use linfa_clustering::KMeans;
use ndarray::{Array2, ArrayView1};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::{Error, Result};

/// Cluster of each row of `x` by linfa's k-means (k-means++ starts, `n_runs` of them, the run
/// with the lowest inertia kept), seeded.
pub(crate) fn kmeans(
    x: &Array2<f64>,
    k: usize,
    n_runs: usize,
    max_iterations: usize,
    seed: u64,
) -> Result<Vec<usize>> {
    kmeans_predict(x, x, k, n_runs, max_iterations, seed)
}

/// [`kmeans`] fitted on the rows of `x` and applied to the rows of `rows` (same columns): the
/// cluster of each of `rows` is its nearest centroid.
pub(crate) fn kmeans_predict(
    x: &Array2<f64>,
    rows: &Array2<f64>,
    k: usize,
    n_runs: usize,
    max_iterations: usize,
    seed: u64,
) -> Result<Vec<usize>> {
    let rng = Xoshiro256Plus::seed_from_u64(seed);
    let data = DatasetBase::from(x.view());
    let model = KMeans::params_with_rng(k, rng)
        .n_runs(n_runs)
        .max_n_iterations(max_iterations as u64)
        .tolerance(1e-4)
        .fit(&data)
        .map_err(|e| Error::param("k", k, format!("a k-means fit that succeeds ({e})")))?;
    Ok(model.predict(rows).to_vec())
}

/// The pairwise Euclidean distances of the `sample` rows of `x`, row-major, in parallel.
pub(crate) fn distances(x: &Array2<f64>, sample: &[usize]) -> Vec<f64> {
    let s = sample.len();
    let mut out = vec![0.0; s * s];
    out.par_chunks_mut(s.max(1))
        .zip(sample.par_iter())
        .for_each(|(row, &i)| {
            let a = x.row(i);
            for (d, &j) in row.iter_mut().zip(sample) {
                *d = euclidean(a, x.row(j));
            }
        });
    out
}

fn euclidean(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    a.iter()
        .zip(b.iter())
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// Mean silhouette (Rousseeuw 1987) of the sampled points with cluster `labels`, given their
/// pairwise `distances`: `(b − a) / max(a, b)` per point, `a` its mean distance to the rest of
/// its cluster, `b` the least mean distance to another cluster; 0 for a point alone in its
/// cluster (as scikit-learn), and 0 overall when the sample holds a single cluster.
pub(crate) fn silhouette(distances: &[f64], labels: &[usize], k: usize) -> f64 {
    let s = labels.len();
    if s == 0 {
        return 0.0;
    }
    let mut sizes = vec![0usize; k];
    labels.iter().for_each(|&l| sizes[l] += 1);
    if sizes.iter().filter(|&&n| n > 0).count() < 2 {
        return 0.0;
    }
    let scores: Vec<f64> = (0..s)
        .into_par_iter()
        .map(|i| {
            let mut sums = vec![0.0; k];
            for (d, &l) in distances[i * s..(i + 1) * s].iter().zip(labels) {
                sums[l] += d;
            }
            let own = labels[i];
            if sizes[own] < 2 {
                return 0.0;
            }
            let a = sums[own] / (sizes[own] - 1) as f64;
            let b = (0..k)
                .filter(|&c| c != own && sizes[c] > 0)
                .map(|c| sums[c] / sizes[c] as f64)
                .fold(f64::INFINITY, f64::min);
            let top = a.max(b);
            if top > 0.0 {
                (b - a) / top
            } else {
                0.0
            }
        })
        .collect();
    scores.iter().sum::<f64>() / s as f64
}

/// Normalised mutual information of two labellings of the same items, `I(A; B)` divided by the
/// arithmetic mean of the entropies `H(A)` and `H(B)` (scikit-learn's
/// `normalized_mutual_info_score` default). 1 for identical partitions up to renaming, 0 for
/// independent ones; 1 when both put every item in one class, 0 for other single-class cases.
///
/// ```
/// use policylens::themes::discover::nmi;
///
/// assert!((nmi(&[0, 0, 1, 1], &[5, 5, 3, 3]).unwrap() - 1.0).abs() < 1e-12);
/// assert!(nmi(&[0, 0, 1, 1], &[0, 1, 0, 1]).unwrap().abs() < 1e-12);
/// assert!(nmi(&[0, 1], &[0]).is_err());
/// ```
pub fn nmi(a: &[usize], b: &[usize]) -> Result<f64> {
    if a.len() != b.len() {
        let lengths = format!("{} and {} items", a.len(), b.len());
        return Err(Error::param(
            "labellings",
            lengths,
            "two labellings of the same items",
        ));
    }
    let n = a.len() as f64;
    let mut joint: FxHashMap<(usize, usize), f64> = FxHashMap::default();
    let mut pa: FxHashMap<usize, f64> = FxHashMap::default();
    let mut pb: FxHashMap<usize, f64> = FxHashMap::default();
    for (&x, &y) in a.iter().zip(b) {
        *joint.entry((x, y)).or_default() += 1.0;
        *pa.entry(x).or_default() += 1.0;
        *pb.entry(y).or_default() += 1.0;
    }
    if pa.len() == pb.len() && pa.len() <= 1 {
        return Ok(1.0);
    }
    let entropy =
        |p: &FxHashMap<usize, f64>| -> f64 { p.values().map(|&c| -(c / n) * (c / n).ln()).sum() };
    let (ha, hb) = (entropy(&pa), entropy(&pb));
    let mi: f64 = joint
        .iter()
        .map(|(&(x, y), &c)| (c / n) * ((c * n) / (pa[&x] * pb[&y])).ln())
        .sum();
    let mean = (ha + hb) / 2.0;
    if mean <= 0.0 {
        return Ok(0.0);
    }
    Ok((mi / mean).clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nmi_matches_a_hand_computed_value() {
        // A = [0,0,0,1,1,1], B = [0,0,1,1,2,2]. H(A) = ln 2, H(B) = ln 3,
        // I = Σ p(a,b) ln(p(a,b) / p(a)p(b)):
        //   (0,0): 2/6 ln((2/6)/(1/2·1/3)) = 1/3 ln 2; (0,1): 1/6 ln((1/6)/(1/6)) = 0;
        //   (1,1): 0; (1,2): 1/3 ln 2.  I = 2/3 ln 2.
        let expected = (2.0 / 3.0 * 2f64.ln()) / ((2f64.ln() + 3f64.ln()) / 2.0);
        let got = nmi(&[0, 0, 0, 1, 1, 1], &[0, 0, 1, 1, 2, 2]).unwrap();
        assert!((got - expected).abs() < 1e-12, "{got} vs {expected}");
        assert!((expected - 0.5158037429793889).abs() < 1e-12);
        assert_eq!(nmi(&[1, 1], &[2, 2]).unwrap(), 1.0);
    }

    #[test]
    fn silhouette_is_high_for_separated_groups_and_zero_for_singletons() {
        let x = Array2::from_shape_vec((4, 1), vec![0.0, 0.1, 10.0, 10.1]).unwrap();
        let d = distances(&x, &[0, 1, 2, 3]);
        assert!(silhouette(&d, &[0, 0, 1, 1], 2) > 0.98);
        assert!(silhouette(&d, &[0, 1, 0, 1], 2) < 0.0);
        assert_eq!(silhouette(&d, &[0, 0, 0, 0], 2), 0.0);
        let d2 = distances(&x, &[0, 2]);
        assert_eq!(silhouette(&d2, &[0, 1], 2), 0.0);
    }

    #[test]
    fn kmeans_splits_two_blobs() {
        let x =
            Array2::from_shape_vec((4, 2), vec![0.0, 0.0, 0.1, 0.0, 5.0, 5.0, 5.1, 5.0]).unwrap();
        let labels = kmeans(&x, 2, 3, 50, 1).unwrap();
        assert_eq!(labels[0], labels[1]);
        assert_eq!(labels[2], labels[3]);
        assert_ne!(labels[0], labels[2]);
    }
}
