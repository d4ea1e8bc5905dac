//! k-means with linfa, mean silhouette on a sample, and normalised mutual information.

use linfa::prelude::*;
use linfa::DatasetBase;
use linfa_clustering::{KMeans, KMeansInit};
use ndarray::{s, Array2, ArrayView1, Axis};
use rand::distributions::{Distribution, WeightedIndex};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256Plus;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::{Error, Result};

/// Cluster of each row of `x` by k-means (k-means++ starts, `n_runs` of them, the run with the
/// lowest inertia kept), seeded; see [`kmeans_predict`].
pub(crate) fn kmeans(
    x: &Array2<f64>,
    k: usize,
    n_runs: usize,
    max_iterations: usize,
    seed: u64,
) -> Result<Vec<usize>> {
    kmeans_predict(x, x, k, n_runs, max_iterations, seed)
}

/// Stop when the centroids move less than this in all (Frobenius norm), as linfa's default.
const TOLERANCE: f64 = 1e-4;

/// Rows per block of the assignment step: one matrix product per block, blocks in parallel.
const BLOCK: usize = 256;

/// [`kmeans`] fitted on the rows of `x` and applied to the rows of `rows` (same columns): the
/// cluster of each of `rows` is its nearest centroid.
///
/// The runs follow linfa's `KMeans` step for step (k-means++ starts drawn from the same seeded
/// generator, its centroid update, which counts the old centroid as one more member, and its
/// stopping rule), but each assignment step computes the squared distances of a block of rows
/// to every centroid as one matrix product, `‖x‖² − 2x·c + ‖c‖²`, instead of one pair at a
/// time: linfa's per-pair distances were most of the cost of discovery. linfa's `KMeans` then
/// fits from the best run's centroids (it stops after one step when they have converged) and
/// assigns `rows`.
pub(crate) fn kmeans_predict(
    x: &Array2<f64>,
    rows: &Array2<f64>,
    k: usize,
    n_runs: usize,
    max_iterations: usize,
    seed: u64,
) -> Result<Vec<usize>> {
    let fail = |why: String| Error::param("k", k, format!("a k-means fit that succeeds ({why})"));
    if k == 0 || x.nrows() < k {
        return Err(fail(format!("{} rows to cluster", x.nrows())));
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let norms: Vec<f64> = x.rows().into_iter().map(|r| r.dot(&r)).collect();
    let mut best: Option<(f64, Array2<f64>)> = None;
    for _ in 0..n_runs.max(1) {
        let mut centroids = plus_plus(x, k, &mut rng);
        let mut iterations = 0;
        let inertia = loop {
            let (memberships, dists) = assign(x, &norms, &centroids);
            let updated = update(&centroids, x, &memberships);
            let shift = (&centroids - &updated)
                .iter()
                .map(|d| d * d)
                .sum::<f64>()
                .sqrt();
            centroids = updated;
            iterations += 1;
            if shift < TOLERANCE || iterations >= max_iterations {
                break dists.iter().sum::<f64>();
            }
        };
        if best.as_ref().is_none_or(|(least, _)| inertia < *least) {
            best = Some((inertia, centroids));
        }
    }
    let (_, starts) = best.ok_or_else(|| fail("no run".to_string()))?;
    let data = DatasetBase::from(x.view());
    let model = KMeans::params_with_rng(k, rng)
        .init_method(KMeansInit::Precomputed(starts))
        .n_runs(1)
        .max_n_iterations(max_iterations as u64)
        .tolerance(TOLERANCE)
        .fit(&data)
        .map_err(|e| fail(e.to_string()))?;
    Ok(model.predict(rows).to_vec())
}

/// k-means++ starts (Arthur & Vassilvitskii 2007) as linfa draws them: the first centroid
/// uniformly, each next one with probability proportional to the squared distance to the
/// nearest centroid so far.
fn plus_plus(x: &Array2<f64>, k: usize, rng: &mut Xoshiro256Plus) -> Array2<f64> {
    let n = x.nrows();
    let mut centroids = Array2::zeros((k, x.ncols()));
    let first = WeightedIndex::new(std::iter::repeat_n(1.0, n)).map_or(0, |w| w.sample(rng));
    centroids.row_mut(0).assign(&x.row(first));
    let mut nearest = vec![f64::INFINITY; n];
    for c in 1..k {
        let last = centroids.row(c - 1);
        nearest.par_iter_mut().enumerate().for_each(|(i, d)| {
            let to_last = squared_distance(x.row(i), last);
            if to_last < *d {
                *d = to_last;
            }
        });
        // All zero (every row on a centroid already): any row will do.
        let next = WeightedIndex::new(nearest.iter()).map_or(0, |w| w.sample(rng));
        centroids.row_mut(c).assign(&x.row(next));
    }
    centroids
}

fn squared_distance(a: ArrayView1<f64>, b: ArrayView1<f64>) -> f64 {
    a.iter()
        .zip(b.iter())
        .fold(0.0, |sum, (x, y)| sum + (x - y) * (x - y))
}

/// The nearest centroid of every row (the first on a tie) and the squared distance to it.
fn assign(x: &Array2<f64>, norms: &[f64], centroids: &Array2<f64>) -> (Vec<usize>, Vec<f64>) {
    let n = x.nrows();
    let centroid_norms: Vec<f64> = centroids.rows().into_iter().map(|c| c.dot(&c)).collect();
    let mut memberships = vec![0usize; n];
    let mut dists = vec![0.0; n];
    memberships
        .par_chunks_mut(BLOCK)
        .zip(dists.par_chunks_mut(BLOCK))
        .enumerate()
        .for_each(|(b, (members, dists))| {
            let start = b * BLOCK;
            let block = x.slice(s![start..start + members.len(), ..]);
            let products = block.dot(&centroids.t());
            for (i, (m, d)) in members.iter_mut().zip(dists.iter_mut()).enumerate() {
                let (mut closest, mut least) = (0, f64::INFINITY);
                for (c, (&p, &cn)) in products.row(i).iter().zip(&centroid_norms).enumerate() {
                    let distance = (norms[start + i] - 2.0 * p + cn).max(0.0);
                    if distance < least {
                        (closest, least) = (c, distance);
                    }
                }
                (*m, *d) = (closest, least);
            }
        });
    (memberships, dists)
}

/// linfa's centroid update: each centroid the mean of its members and of itself (so an empty
/// cluster keeps its centroid), summed in row order.
fn update(centroids: &Array2<f64>, x: &Array2<f64>, memberships: &[usize]) -> Array2<f64> {
    let k = centroids.nrows();
    let mut sums = Array2::zeros(centroids.dim());
    let mut counts = vec![1.0; k];
    for (row, &c) in x.rows().into_iter().zip(memberships) {
        let mut sum = sums.row_mut(c);
        sum += &row;
        counts[c] += 1.0;
    }
    sums += centroids;
    for (mut sum, &count) in sums.rows_mut().into_iter().zip(&counts) {
        sum /= count;
    }
    sums
}

/// The pairwise Euclidean distances of the `sample` rows of `x`, row-major: blocks of rows in
/// parallel, each one matrix product, `√(‖a‖² − 2a·b + ‖b‖²)`; a row's distance to itself is 0.
pub(crate) fn distances(x: &Array2<f64>, sample: &[usize]) -> Vec<f64> {
    let s = sample.len();
    let rows = x.select(Axis(0), sample);
    let norms: Vec<f64> = rows.rows().into_iter().map(|r| r.dot(&r)).collect();
    let mut out = vec![0.0; s * s];
    out.par_chunks_mut((s * BLOCK).max(1))
        .enumerate()
        .for_each(|(b, chunk)| {
            let start = b * BLOCK;
            let block = rows.slice(s![start..start + chunk.len() / s, ..]);
            let products = block.dot(&rows.t());
            for (i, (row, products)) in chunk.chunks_mut(s).zip(products.rows()).enumerate() {
                let a = start + i;
                for (j, (d, &p)) in row.iter_mut().zip(products.iter()).enumerate() {
                    *d = if j == a {
                        0.0
                    } else {
                        (norms[a] - 2.0 * p + norms[j]).max(0.0).sqrt()
                    };
                }
            }
        });
    out
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

    /// Points around `centres` with Gaussian noise, seeded.
    fn blobs(centres: &[[f64; 5]], per: usize, seed: u64) -> Array2<f64> {
        use rand_distr::StandardNormal;
        let mut rng = Xoshiro256Plus::seed_from_u64(seed);
        let mut x = Array2::zeros((centres.len() * per, 5));
        for (i, mut row) in x.rows_mut().into_iter().enumerate() {
            for (v, c) in row.iter_mut().zip(&centres[i % centres.len()]) {
                let noise: f64 = StandardNormal.sample(&mut rng);
                *v = c + 0.8 * noise;
            }
        }
        x
    }

    #[test]
    fn kmeans_gives_linfas_clusters() {
        let centres = [
            [0.0, 0.0, 0.0, 0.0, 0.0],
            [2.0, 1.0, 0.0, 0.0, 1.0],
            [0.0, 2.0, 2.0, 1.0, 0.0],
            [1.0, 0.0, 2.0, 2.0, 2.0],
        ];
        for seed in 0..4 {
            let x = blobs(&centres, 150, seed);
            for k in [3, 4, 6] {
                let ours = kmeans(&x, k, 3, 300, seed).unwrap();
                let theirs = KMeans::params_with_rng(k, Xoshiro256Plus::seed_from_u64(seed))
                    .n_runs(3)
                    .max_n_iterations(300)
                    .tolerance(TOLERANCE)
                    .fit(&DatasetBase::from(x.view()))
                    .unwrap()
                    .predict(&x)
                    .to_vec();
                assert_eq!(ours, theirs, "seed {seed}, k {k}");
            }
        }
    }

    #[test]
    fn block_distances_match_pairwise_ones() {
        let x = blobs(&[[0.0; 5], [3.0; 5]], 300, 7);
        let sample: Vec<usize> = (0..x.nrows()).step_by(2).collect();
        let d = distances(&x, &sample);
        let s = sample.len();
        for (i, &a) in sample.iter().enumerate() {
            for (j, &b) in sample.iter().enumerate() {
                let direct = squared_distance(x.row(a), x.row(b)).sqrt();
                assert!((d[i * s + j] - direct).abs() < 1e-9, "{i}, {j}");
            }
        }
    }

    #[test]
    fn kmeans_with_more_clusters_than_rows_is_an_error() {
        let x = Array2::zeros((2, 3));
        assert!(kmeans(&x, 3, 1, 10, 0).is_err());
        assert!(kmeans(&x, 0, 1, 10, 0).is_err());
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
