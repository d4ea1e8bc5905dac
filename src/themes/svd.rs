//! Randomized truncated SVD of a sparse matrix (Halko, Martinsson & Tropp 2011, algorithm 4.4).
//!
//! The matrix `X` (units × terms) stays sparse: a seeded Gaussian test matrix `Ω` (terms × `l`,
//! `l` = dims + 10 oversampling) is multiplied into `Y = XΩ`, orthonormalised (Cholesky QR,
//! twice at the end), and refined by power iterations `Q ← orth(XXᵀQ)`. The small matrix
//! `B = QᵀX` then gives the singular values through the eigenvalues of `BBᵀ` (cyclic Jacobi),
//! and the units' reduced vectors are `XV = Q U_B Σ`, as scikit-learn's
//! `TruncatedSVD.fit_transform` returns them. Every product runs in parallel over rows, and
//! every sum runs in a fixed order, so the result depends on the seed alone, not on threads.
//!
//! ```
//! use policylens::themes::svd::truncated_svd;
//! use policylens::vectorize::{Vectorizer, VectorizerConfig};
//!
//! let units = vec![
//!     vec!["党建引领", "基层治理"],
//!     vec!["党建引领", "基层治理", "网格化"],
//!     vec!["营商环境", "招商引资"],
//!     vec!["营商环境", "招商引资", "专精特新"],
//! ];
//! let (_, x) = Vectorizer::new(VectorizerConfig::default()).unwrap().fit_transform(&units).unwrap();
//! let svd = truncated_svd(&x, 2, 2, 42);
//! assert_eq!(svd.embedding.dim(), (4, 2));
//! assert!(svd.singular_values[0] >= svd.singular_values[1]);
//! ```

use ndarray::{Array1, Array2};
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

use crate::vectorize::SparseMatrix;

/// Extra random directions sampled beyond the requested dimensions (Halko et al.'s `p`).
const OVERSAMPLE: usize = 10;

/// A truncated SVD: the top singular values and the rows projected on their right singular
/// vectors.
#[derive(Debug, Clone, PartialEq)]
pub struct Svd {
    /// Singular values, largest first; `dims` of them (fewer when the matrix is smaller).
    pub singular_values: Vec<f64>,
    /// Each row of the input in the reduced space (`U Σ`): rows × dims.
    pub embedding: Array2<f64>,
    /// The right singular vectors `V` (columns × dims): any row `x` of the same columns
    /// reduces to `x V`, as [`project`] does.
    pub components: Array2<f64>,
}

/// The top `dims` singular values of `x` and its rows reduced to `dims` dimensions, with
/// `power_iterations` refinements and a test matrix drawn from `seed`. `dims` is capped by the
/// rows and columns of `x`; an empty matrix gives zero dimensions.
pub fn truncated_svd(x: &SparseMatrix, dims: usize, power_iterations: usize, seed: u64) -> Svd {
    let (n, m) = (x.rows, x.cols);
    let d = dims.min(n).min(m);
    if d == 0 {
        return Svd {
            singular_values: Vec::new(),
            embedding: Array2::zeros((n, 0)),
            components: Array2::zeros((m, 0)),
        };
    }
    let l = (d + OVERSAMPLE).min(n).min(m);
    let xt = transpose(x);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let omega: Vec<f64> = (0..m * l)
        .map(|_| StandardNormal.sample(&mut rng))
        .collect();
    // Each power iteration multiplies by XXᵀ and orthonormalises once: the columns of
    // X(XᵀQ) are conditioned as σ₁²/σₗ², far within what Cholesky QR takes, and the last
    // basis is orthonormalised a second time so Q is orthonormal to rounding.
    let first = if power_iterations == 0 { 2 } else { 1 };
    let mut q = orthonormalize(product(x, &omega, l), l, first);
    for i in 0..power_iterations {
        let passes = if i + 1 == power_iterations { 2 } else { 1 };
        q = orthonormalize(product(x, &product(&xt, &q, l), l), l, passes);
    }
    // Bᵀ = XᵀQ (terms × l); BBᵀ = (Bᵀ)ᵀBᵀ is l × l.
    let bt = product(&xt, &q, l);
    let (values, vectors) = symmetric_eigen(gram(bt.clone(), l), l);
    let mut order: Vec<usize> = (0..l).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    order.truncate(d);
    let singular_values: Vec<f64> = order.iter().map(|&j| values[j].max(0.0).sqrt()).collect();
    // Embedding = Q · (U_B Σ), the dense product done by ndarray.
    let weights = Array2::from_shape_fn((l, d), |(k, j)| {
        vectors[k * l + order[j]] * singular_values[j]
    });
    let embedding = as_matrix(q, n, l).dot(&weights);
    // V = Bᵀ U_B Σ⁻¹ (a zero singular value gives a zero direction).
    let inverse = Array2::from_shape_fn((l, d), |(k, j)| {
        let s = singular_values[j];
        if s > 0.0 {
            vectors[k * l + order[j]] / s
        } else {
            0.0
        }
    });
    let components = as_matrix(bt, m, l).dot(&inverse);
    Svd {
        singular_values,
        embedding,
        components,
    }
}

/// The rows of `x` reduced by the right singular vectors `components` (`x.cols` × dims) of an
/// SVD fitted on other rows with the same columns: `x V`, rows in parallel.
pub fn project(x: &SparseMatrix, components: &Array2<f64>) -> Array2<f64> {
    let (m, d) = components.dim();
    if m != x.cols {
        return Array2::zeros((x.rows, d));
    }
    let dense: Vec<f64> = components.iter().copied().collect();
    as_matrix(product(x, &dense, d), x.rows, d)
}

/// `x × dense`, with `dense` row-major of `x.cols` rows × `width`; the result is row-major.
fn product(x: &SparseMatrix, dense: &[f64], width: usize) -> Vec<f64> {
    let mut out = vec![0.0; x.rows * width];
    out.par_chunks_mut(width)
        .enumerate()
        .with_min_len(64)
        .for_each(|(r, row)| {
            for (c, v) in x.row(r).iter() {
                let src = &dense[c * width..(c + 1) * width];
                row.iter_mut().zip(src).for_each(|(o, s)| *o += v * s);
            }
        });
    out
}

/// The transpose of a CSR matrix, again in CSR form (columns increasing in each row).
fn transpose(x: &SparseMatrix) -> SparseMatrix {
    let mut rows: Vec<(Vec<usize>, Vec<f64>)> = vec![(Vec::new(), Vec::new()); x.cols];
    for (r, row) in x.row_iter().enumerate() {
        for (c, v) in row.iter() {
            rows[c].0.push(r);
            rows[c].1.push(v);
        }
    }
    SparseMatrix::from_rows(rows, x.rows)
}

/// Orthonormal columns spanning those of `a` (row-major, `width` columns) by Cholesky QR
/// (`G = AᵀA = RᵀR`, `Q = AR⁻¹`) `passes` times: once leaves Q orthonormal to about
/// cond(A)²·ε, twice (CholeskyQR2) to rounding. Its work is two matrix products, which
/// ndarray runs blocked and vectorised, where Gram–Schmidt walks the columns one pair at a
/// time at a fraction of the speed. The products' sums run in a fixed order, so the result
/// does not depend on threads. When `AᵀA` is not numerically positive definite
/// (rank-deficient or badly conditioned input) the columns go through modified Gram–Schmidt
/// instead.
fn orthonormalize(a: Vec<f64>, width: usize, passes: usize) -> Vec<f64> {
    let n = a.len() / width.max(1);
    let a = as_matrix(a, n, width);
    let mut q = cholesky_qr(&a);
    for _ in 1..passes {
        q = q.and_then(|q| cholesky_qr(&q));
    }
    match q {
        Some(q) => q.iter().copied().collect(),
        None => gram_schmidt(a),
    }
}

/// `A R⁻¹` for the Cholesky factor `R` of `AᵀA`; `None` when a pivot is not clearly positive
/// (relative to the largest diagonal entry: a column numerically dependent on the others).
fn cholesky_qr(a: &Array2<f64>) -> Option<Array2<f64>> {
    let w = a.ncols();
    let g = a.t().dot(a);
    let largest = (0..w).map(|i| g[[i, i]]).fold(0.0, f64::max);
    if largest <= 0.0 {
        return None;
    }
    // Lower-triangular L with G = L Lᵀ (so R = Lᵀ).
    let mut l = Array2::<f64>::zeros((w, w));
    for j in 0..w {
        let pivot = g[[j, j]] - (0..j).map(|k| l[[j, k]] * l[[j, k]]).sum::<f64>();
        // Written to refuse NaN too.
        if pivot.is_nan() || pivot <= 1e-12 * largest {
            return None;
        }
        let root = pivot.sqrt();
        l[[j, j]] = root;
        for i in j + 1..w {
            let dot: f64 = (0..j).map(|k| l[[i, k]] * l[[j, k]]).sum();
            l[[i, j]] = (g[[i, j]] - dot) / root;
        }
    }
    // L⁻¹ by forward substitution, column by column; Q = A L⁻ᵀ.
    let mut inverse = Array2::<f64>::zeros((w, w));
    for c in 0..w {
        for i in c..w {
            let rhs = if i == c { 1.0 } else { 0.0 };
            let dot: f64 = (c..i).map(|k| l[[i, k]] * inverse[[k, c]]).sum();
            inverse[[i, c]] = (rhs - dot) / l[[i, i]];
        }
    }
    let q = a.dot(&inverse.t());
    q.iter().all(|v| v.is_finite()).then_some(q)
}

/// Modified Gram–Schmidt on the columns of `a`. A column that is (numerically) a combination
/// of earlier ones becomes zero, so rank-deficient input never divides by zero.
fn gram_schmidt(a: Array2<f64>) -> Vec<f64> {
    let (n, width) = a.dim();
    let mut cols: Vec<Array1<f64>> = a.columns().into_iter().map(|c| c.to_owned()).collect();
    let initial: Vec<f64> = cols.iter().map(|c| c.dot(c).sqrt()).collect();
    for i in 0..width {
        let (done, rest) = cols.split_at_mut(i + 1);
        let current = &mut done[i];
        let len = current.dot(&*current).sqrt();
        if len <= 1e-10 * initial[i] || len == 0.0 {
            current.fill(0.0);
            continue;
        }
        current.mapv_inplace(|v| v / len);
        let current = &*current;
        rest.par_iter_mut().for_each(|col| {
            let dot = col.dot(current);
            col.scaled_add(-dot, current);
        });
    }
    let mut out = vec![0.0; n * width];
    for (j, col) in cols.iter().enumerate() {
        for (i, v) in col.iter().enumerate() {
            out[i * width + j] = *v;
        }
    }
    out
}

/// A row-major buffer of `rows × cols` as a matrix (its length is that by construction; an
/// inconsistent one would give zeros rather than panic).
fn as_matrix(data: Vec<f64>, rows: usize, cols: usize) -> Array2<f64> {
    Array2::from_shape_vec((rows, cols), data).unwrap_or_else(|_| Array2::zeros((rows, cols)))
}

/// `aᵀa` for row-major `a` with `width` columns (ndarray's matrix product, single-threaded and so
/// always summed in the same order).
fn gram(a: Vec<f64>, width: usize) -> Vec<f64> {
    let rows = a.len() / width.max(1);
    let a = as_matrix(a, rows, width);
    a.t().dot(&a).iter().copied().collect()
}

/// Eigenvalues and eigenvectors (column `j` of the row-major result) of the symmetric
/// `size × size` matrix `a`, by cyclic Jacobi rotations: slow for big matrices, exact to
/// rounding for the small ones met here.
pub(crate) fn symmetric_eigen(mut a: Vec<f64>, size: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0; size * size];
    (0..size).for_each(|i| v[i * size + i] = 1.0);
    let total: f64 = a.iter().map(|x| x * x).sum();
    for _sweep in 0..60 {
        let off: f64 = (0..size)
            .flat_map(|p| (p + 1..size).map(move |q| (p, q)))
            .map(|(p, q)| a[p * size + q] * a[p * size + q])
            .sum();
        if off <= 1e-30 * total || off == 0.0 {
            break;
        }
        for p in 0..size {
            for q in p + 1..size {
                let apq = a[p * size + q];
                if apq == 0.0 {
                    continue;
                }
                let theta = (a[q * size + q] - a[p * size + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..size {
                    let (kp, kq) = (a[k * size + p], a[k * size + q]);
                    a[k * size + p] = c * kp - s * kq;
                    a[k * size + q] = s * kp + c * kq;
                }
                for k in 0..size {
                    let (pk, qk) = (a[p * size + k], a[q * size + k]);
                    a[p * size + k] = c * pk - s * qk;
                    a[q * size + k] = s * pk + c * qk;
                }
                for k in 0..size {
                    let (kp, kq) = (v[k * size + p], v[k * size + q]);
                    v[k * size + p] = c * kp - s * kq;
                    v[k * size + q] = s * kp + c * kq;
                }
            }
        }
    }
    let values = (0..size).map(|i| a[i * size + i]).collect();
    (values, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(v: &[f64]) -> f64 {
        v.iter().map(|x| x * x).sum::<f64>().sqrt()
    }

    /// A sparse 40 × 25 matrix with a decaying spectrum, from a fixed recipe.
    fn example() -> SparseMatrix {
        let rows = (0..40)
            .map(|r| {
                let mut cols = Vec::new();
                let mut vals = Vec::new();
                for c in 0..25 {
                    if (r * 7 + c * 3) % 5 < 2 {
                        cols.push(c);
                        vals.push(((r + 1) as f64 * 0.37 + c as f64).sin() / (1.0 + c as f64));
                    }
                }
                (cols, vals)
            })
            .collect();
        SparseMatrix::from_rows(rows, 25)
    }

    /// The top singular values by brute force: power iteration on the dense `XᵀX`, deflated.
    fn brute_force(x: &SparseMatrix, count: usize) -> Vec<f64> {
        let m = x.cols;
        let mut g = vec![vec![0.0; m]; m];
        for row in x.row_iter() {
            for (a, va) in row.iter() {
                for (b, vb) in row.iter() {
                    g[a][b] += va * vb;
                }
            }
        }
        let mut out = Vec::new();
        for _ in 0..count {
            let mut v: Vec<f64> = (0..m).map(|i| 1.0 + i as f64 * 0.01).collect();
            let mut lambda = 0.0;
            for _ in 0..5000 {
                let w: Vec<f64> = (0..m)
                    .map(|i| (0..m).map(|j| g[i][j] * v[j]).sum())
                    .collect();
                lambda = norm(&w);
                v = w.iter().map(|x| x / lambda).collect();
            }
            for i in 0..m {
                for j in 0..m {
                    g[i][j] -= lambda * v[i] * v[j];
                }
            }
            out.push(lambda.sqrt());
        }
        out
    }

    #[test]
    fn singular_values_match_a_dense_power_iteration() {
        let x = example();
        let expected = brute_force(&x, 3);
        for dims in [5, 25] {
            let svd = truncated_svd(&x, dims, 4, 7);
            assert_eq!(svd.embedding.dim(), (40, dims));
            for (got, want) in svd.singular_values.iter().zip(&expected) {
                assert!((got - want).abs() < 1e-6 * want, "{got} vs {want}");
            }
            // The reduced vectors' columns have the singular values as their lengths.
            for (j, s) in svd.singular_values.iter().enumerate() {
                let len = norm(&svd.embedding.column(j).to_vec());
                assert!((len - s).abs() < 1e-8 * (1.0 + s), "{len} vs {s}");
            }
        }
    }

    #[test]
    fn same_seed_same_result_and_small_inputs_are_capped() {
        let x = example();
        assert_eq!(truncated_svd(&x, 4, 2, 1), truncated_svd(&x, 4, 2, 1));
        let tiny = SparseMatrix::from_rows(vec![(vec![0], vec![1.0]), (vec![0], vec![2.0])], 3);
        let svd = truncated_svd(&tiny, 100, 2, 1);
        assert_eq!(svd.embedding.dim(), (2, 2));
        assert!((svd.singular_values[0] - 5f64.sqrt()).abs() < 1e-12);
        assert!(svd.singular_values[1].abs() < 1e-12);
        let empty = SparseMatrix::from_rows(Vec::new(), 0);
        assert_eq!(truncated_svd(&empty, 3, 2, 1).embedding.dim(), (0, 0));
    }

    #[test]
    fn projecting_the_fitted_rows_gives_their_embedding() {
        let x = example();
        // 20 dimensions plus oversampling span all 25 columns: the projection is exact.
        let svd = truncated_svd(&x, 20, 4, 3);
        assert_eq!(svd.components.dim(), (25, 20));
        let projected = project(&x, &svd.components);
        for (a, b) in projected.iter().zip(svd.embedding.iter()) {
            assert!((a - b).abs() < 1e-8, "{a} vs {b}");
        }
        // Columns that do not match give zeros, not a panic.
        let other = SparseMatrix::from_rows(vec![(vec![0], vec![1.0])], 3);
        assert_eq!(project(&other, &svd.components).dim(), (1, 20));
    }

    #[test]
    fn jacobi_diagonalises_a_symmetric_matrix() {
        let (values, vectors) = symmetric_eigen(vec![2.0, 1.0, 1.0, 2.0], 2);
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        assert!((sorted[0] - 1.0).abs() < 1e-12 && (sorted[1] - 3.0).abs() < 1e-12);
        let dot = vectors[0] * vectors[1] + vectors[2] * vectors[3];
        assert!(dot.abs() < 1e-12);
    }
}
