//! The statistics behind keyness, each on the 2 × 2 table of one term:
//!
//! ```text
//!                 group    rest
//! the term          a        b
//! other tokens    n_a−a    n_b−b
//! ```

/// Log-likelihood G² = 2 Σ O ln(O / E) over the four cells, E = row total × column total /
/// grand total, with 0 · ln 0 = 0 (Dunning 1993). Not Rayson's two-cell shortcut: the full
/// table, so G² follows χ² with one degree of freedom.
pub(crate) fn g2(a: u64, b: u64, n_a: u64, n_b: u64) -> f64 {
    let cells = table(a, b, n_a, n_b);
    let sum: f64 = cells
        .iter()
        .filter(|(o, e)| *o > 0.0 && *e > 0.0)
        .map(|(o, e)| o * (o / e).ln())
        .sum();
    // Rounding can leave a hair below zero when O ≈ E everywhere.
    (2.0 * sum).max(0.0)
}

/// Pearson's χ² = Σ (O − E)² / E over the four cells, without Yates's correction. A cell with
/// E = 0 (only possible when its O is 0 too) adds nothing.
pub(crate) fn chi2(a: u64, b: u64, n_a: u64, n_b: u64) -> f64 {
    table(a, b, n_a, n_b)
        .iter()
        .filter(|(_, e)| *e > 0.0)
        .map(|(o, e)| (o - e) * (o - e) / e)
        .sum()
}

/// `(observed, expected)` of the four cells.
fn table(a: u64, b: u64, n_a: u64, n_b: u64) -> [(f64, f64); 4] {
    let (a, b, n_a, n_b) = (a as f64, b as f64, n_a as f64, n_b as f64);
    let (c, d) = ((n_a - a).max(0.0), (n_b - b).max(0.0));
    let n = n_a + n_b;
    if n <= 0.0 {
        return [(0.0, 0.0); 4];
    }
    let (row1, row2) = (a + b, c + d);
    [
        (a, row1 * n_a / n),
        (b, row1 * n_b / n),
        (c, row2 * n_a / n),
        (d, row2 * n_b / n),
    ]
}

/// Monroe, Colaresi & Quinn (2008), the log-odds ratio with an informative Dirichlet prior,
/// as a z-score: with `alpha` = α_w and `alpha0` = α₀ = Σ α,
///
/// δ = ln((a + α_w) / (n_a + α₀ − a − α_w)) − ln((b + α_w) / (n_b + α₀ − b − α_w)),
/// σ² ≈ 1 / (a + α_w) + 1 / (b + α_w), z = δ / σ.
///
/// A denominator that comes to 0 (a corpus of a single term) gives z = 0.
pub(crate) fn log_odds_z(a: u64, b: u64, n_a: u64, n_b: u64, alpha: f64, alpha0: f64) -> f64 {
    let (a, b, n_a, n_b) = (a as f64, b as f64, n_a as f64, n_b as f64);
    let odds = |y: f64, n: f64| (y + alpha) / (n + alpha0 - y - alpha);
    let delta = odds(a, n_a).ln() - odds(b, n_b).ln();
    let variance = 1.0 / (a + alpha) + 1.0 / (b + alpha);
    finite_or_zero(delta / variance.sqrt())
}

/// Hardie's Log Ratio: log₂ of the ratio of the rates, each count plus 0.5 so that a term
/// absent from one side still gets a finite value: log₂(((a + ½) / n_a) / ((b + ½) / n_b)).
pub(crate) fn log_ratio(a: u64, b: u64, n_a: u64, n_b: u64) -> f64 {
    if n_a == 0 || n_b == 0 {
        return 0.0;
    }
    let rate = |y: u64, n: u64| (y as f64 + 0.5) / n as f64;
    finite_or_zero((rate(a, n_a) / rate(b, n_b)).log2())
}

/// Occurrences per 10,000 tokens (0 for no tokens).
pub(crate) fn per_10k(count: u64, tokens: u64) -> f64 {
    if tokens == 0 {
        0.0
    } else {
        count as f64 * 10_000.0 / tokens as f64
    }
}

fn finite_or_zero(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

/// ln Γ(½) = ln √π.
const LN_GAMMA_HALF: f64 = 0.572_364_942_924_700_1;

/// The survival function of χ² with one degree of freedom, P(X ≥ x) = Q(½, x/2) (the
/// regularised upper incomplete gamma function; equal to erfc(√(x/2))). Computed by its
/// series below x/2 = 1.5 and by its continued fraction (modified Lentz) above, as in
/// Numerical Recipes §6.2, to about 1e-15 relative. 1 for x ≤ 0 or NaN.
///
/// ```
/// use policylens::compare::chi2_sf_1df;
/// // 3.841458820694124 is the 95th percentile of χ²(1).
/// assert!((chi2_sf_1df(3.841458820694124) - 0.05).abs() < 1e-14);
/// assert_eq!(chi2_sf_1df(0.0), 1.0);
/// ```
pub fn chi2_sf_1df(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 1.0;
    }
    if x.is_infinite() {
        return 0.0;
    }
    let a = 0.5;
    let x = x / 2.0;
    let prefactor = (-x + a * x.ln() - LN_GAMMA_HALF).exp();
    const EPS: f64 = 1e-16;
    const TINY: f64 = 1e-300;
    if x < a + 1.0 {
        // P(a, x) = e^{-x} x^a / Γ(a) · Σ x^n / (a (a+1) … (a+n)).
        let (mut ap, mut term) = (a, 1.0 / a);
        let mut sum = term;
        for _ in 0..500 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * EPS {
                break;
            }
        }
        (1.0 - sum * prefactor).clamp(0.0, 1.0)
    } else {
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..500 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < EPS {
                break;
            }
        }
        (prefactor * h).clamp(0.0, 1.0)
    }
}

/// Benjamini–Hochberg adjusted p-values (q-values), in the order of `p`:
/// q₍ᵢ₎ = min over j ≥ i of m · p₍ⱼ₎ / j, capped at 1, for the p-values sorted increasing
/// (ties keep their input order; their q is the same anyway).
///
/// ```
/// use policylens::compare::benjamini_hochberg;
/// let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.5]);
/// assert_eq!(q, [0.04, 0.04 * 4.0 / 3.0, 0.04 * 4.0 / 3.0, 0.5]);
/// ```
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&i, &j| p[i].total_cmp(&p[j]).then(i.cmp(&j)));
    let mut q = vec![0.0; m];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        let value = p[i] * m as f64 / (rank + 1) as f64;
        running = running.min(value);
        q[i] = running.clamp(0.0, 1.0);
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g2_and_chi2_match_hand_computed_tables() {
        // a=10, b=5, n_a=100, n_b=200: E = 5, 10, 95, 190.
        let g = 2.0
            * (10.0 * (10.0f64 / 5.0).ln()
                + 5.0 * (5.0f64 / 10.0).ln()
                + 90.0 * (90.0f64 / 95.0).ln()
                + 195.0 * (195.0f64 / 190.0).ln());
        assert!((g2(10, 5, 100, 200) - g).abs() < 1e-12);
        let c = 25.0 / 5.0 + 25.0 / 10.0 + 25.0 / 95.0 + 25.0 / 190.0;
        assert!((chi2(10, 5, 100, 200) - c).abs() < 1e-12);
        // A zero cell counts 0 · ln 0 = 0.
        // a=10, b=0, n_a=100, n_b=200: E = 10/3, 20/3, 290/3, 580/3.
        let g0 = 2.0
            * (10.0 * (10.0f64 / (10.0 / 3.0)).ln()
                + 90.0 * (90.0f64 / (290.0 / 3.0)).ln()
                + 200.0 * (200.0f64 / (580.0 / 3.0)).ln());
        assert!(
            (g2(10, 0, 100, 200) - g0).abs() < 1e-9,
            "{}",
            g2(10, 0, 100, 200)
        );
        // Equal rates: nothing to see.
        assert!(g2(10, 20, 100, 200) < 1e-12);
        assert!(chi2(10, 20, 100, 200) < 1e-12);
    }

    #[test]
    fn zero_counts_and_empty_sides_never_give_nan_or_infinity() {
        for (a, b, na, nb) in [(0, 0, 0, 0), (0, 5, 0, 5), (5, 0, 5, 0), (3, 0, 3, 10)] {
            for x in [
                g2(a, b, na, nb),
                chi2(a, b, na, nb),
                log_ratio(a, b, na, nb),
                log_odds_z(a, b, na, nb, 0.0, 0.0),
                log_odds_z(a, b, na, nb, 1.0, 1.0),
                per_10k(a, na),
            ] {
                assert!(x.is_finite(), "({a}, {b}, {na}, {nb}) gave {x}");
            }
        }
    }

    #[test]
    fn swapping_sides_negates_directional_statistics_only() {
        let (a, b, na, nb) = (12, 3, 1_000, 4_000);
        assert_eq!(g2(a, b, na, nb), g2(b, a, nb, na));
        assert_eq!(chi2(a, b, na, nb), chi2(b, a, nb, na));
        assert_eq!(log_ratio(a, b, na, nb), -log_ratio(b, a, nb, na));
        let z = log_odds_z(a, b, na, nb, 1.5, 500.0);
        assert!(z > 0.0);
        assert_eq!(z, -log_odds_z(b, a, nb, na, 1.5, 500.0));
        // Log Ratio with a zero: (12.5 / 1000) / (0.5 / 4000) = 100.
        assert!((log_ratio(12, 0, 1_000, 4_000) - 100f64.log2()).abs() < 1e-12);
    }

    #[test]
    fn chi2_survival_matches_known_quantiles() {
        // Quantiles of χ²(1): 0.455 (p=.5), 2.706 (.1), 3.841 (.05), 6.635 (.01), 10.828 (.001).
        for (x, p) in [
            (0.454_936_423_119_572_8, 0.5),
            (2.705_543_454_095_404, 0.1),
            (3.841_458_820_694_124, 0.05),
            (6.634_896_601_021_214, 0.01),
            (10.827_566_170_662_733, 0.001),
        ] {
            let got = chi2_sf_1df(x);
            assert!(
                (got / p - 1.0).abs() < 1e-12,
                "sf({x}) = {got}, expected {p}"
            );
        }
        // Far tail: erfc(√(x/2)) ≈ e^{-x/2} √(2/(πx)) (1 − 1/x); x = 400: relative error of the
        // asymptote ~ 3/x² is below 1e-4.
        let x = 400.0f64;
        let asymptote =
            (-x / 2.0).exp() * (2.0 / (std::f64::consts::PI * x)).sqrt() * (1.0 - 1.0 / x);
        assert!((chi2_sf_1df(x) / asymptote - 1.0).abs() < 1e-4);
        assert_eq!(chi2_sf_1df(f64::INFINITY), 0.0);
        assert_eq!(chi2_sf_1df(f64::NAN), 1.0);
        assert_eq!(chi2_sf_1df(1e6), 0.0);
    }

    #[test]
    fn bh_is_monotone_in_p_and_capped() {
        let p = [0.2, 0.001, 0.04, 0.04, 0.9, 1.0];
        let q = benjamini_hochberg(&p);
        assert!((q[1] - 0.006).abs() < 1e-15);
        assert!((q[2] - 0.08).abs() < 1e-15 && q[2] == q[3]); // 0.04 · 6 / 3, not 0.04 · 6 / 2
        assert!((q[0] - 0.3).abs() < 1e-15);
        assert_eq!(q[5], 1.0);
        assert!(benjamini_hochberg(&[]).is_empty());
    }
}
