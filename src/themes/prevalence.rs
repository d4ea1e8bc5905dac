//! Prevalence of each theme in each group, with bootstrap intervals, and the theme ranking.
//!
//! For group `g` and theme `t`: `share` = units of `g` assigned `t` / units of `g`;
//! `per_10k` = 10,000 × occurrences of `t`'s terms in those units / characters of `g`'s units.
//! Intervals are percentile bootstrap 95% intervals: `bootstrap` times, the group's units are
//! resampled with replacement and both ratios recomputed; the 2.5th and 97.5th percentiles
//! (linear interpolation) are kept, widened to take in the point estimate if they miss it
//! (possible only with a handful of units). The generator is SplitMix64, one per block of 50
//! resamples, seeded from `seed`, the group's position and the block's, so the same seed gives
//! the same intervals on every platform and any number of threads, and a different seed
//! changes the intervals, never the point estimates.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::ThemeConfig;

/// One unit as the report lists it; [`PrevalenceRow::units`] and [`RankRow::units`] hold
/// indexes into the list of these (`id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRow {
    /// Position in the report's `units` list.
    pub id: usize,
    /// The document's file.
    pub file: String,
    /// Index of the document in the corpus.
    pub doc: usize,
    /// First paragraph of the unit.
    pub paragraph: usize,
    /// Sentence index, for sentence units.
    pub sentence: Option<usize>,
    /// Byte offsets in the document's cleaned text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Characters in the unit.
    pub chars: usize,
    /// The document's group under `by`.
    pub group: String,
    /// Assigned themes by name, highest score first.
    pub themes: Vec<String>,
    /// Their scores, in the same order.
    pub scores: Vec<f64>,
    /// Their term occurrences, in the same order.
    pub hits: Vec<usize>,
    /// Discovered cluster, when discovery ran and the unit holds vocabulary terms.
    pub cluster: Option<usize>,
}

/// One cell of the prevalence table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrevalenceRow {
    /// The group.
    pub group: String,
    /// The theme.
    pub theme: String,
    /// Ids of the group's units assigned the theme (the evidence).
    pub units: Vec<usize>,
    /// Share of the group's units assigned the theme.
    pub share: f64,
    /// Lower end of the bootstrap 95% interval of `share`.
    pub share_lo: f64,
    /// Upper end.
    pub share_hi: f64,
    /// Theme-term occurrences in those units per 10,000 characters of the group's units.
    pub per_10k: f64,
    /// Lower end of the bootstrap 95% interval of `per_10k`.
    pub per_10k_lo: f64,
    /// Upper end.
    pub per_10k_hi: f64,
    /// Units in the group.
    pub group_units: usize,
    /// Characters in the group's units.
    pub group_chars: usize,
    /// True when the group has fewer than `min_group_units` units.
    pub small_group: bool,
}

/// One theme in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankRow {
    /// 1-based rank.
    pub rank: usize,
    /// The theme.
    pub theme: String,
    /// Share of all units assigned the theme.
    pub prevalence: f64,
    /// Share of all characters in units assigned the theme.
    pub char_share: f64,
    /// Mean over groups of [`PrevalenceRow::per_10k`]: the ranking key.
    pub per_10k: f64,
    /// Groups whose share of the theme reaches `spread_floor`.
    pub spread: usize,
    /// Documents with at least one unit assigned the theme.
    pub recurrence: usize,
    /// Ids of the units assigned the theme.
    pub units: Vec<usize>,
}

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and identical everywhere.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (Lemire's multiply-shift; bias below 2⁻³² for any realistic `n`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
}

/// Percentile of sorted values, linear interpolation between closest ranks.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = p * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let frac = pos - lo as f64;
    sorted[lo] + (sorted[hi] - sorted[lo]) * frac
}

/// The prevalence table: one row per group (code-point order) and theme (lexicon order).
pub fn prevalence(units: &[UnitRow], themes: &[&str], config: &ThemeConfig) -> Vec<PrevalenceRow> {
    let mut groups: BTreeMap<&str, Vec<&UnitRow>> = BTreeMap::new();
    for u in units {
        groups.entry(u.group.as_str()).or_default().push(u);
    }
    // Groups are independent and each has its own seeded generator (seeded by the group's
    // position in code-point order), so running them in parallel changes no number.
    let groups: Vec<(usize, &str, Vec<&UnitRow>)> = groups
        .into_iter()
        .enumerate()
        .map(|(gi, (group, members))| (gi, group, members))
        .collect();
    groups
        .par_iter()
        .map(|(gi, group, members)| group_rows(*gi, group, members, themes, config))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

/// The units of a group carrying each theme, with the units' lengths.
struct Carried {
    /// Per theme: the units carrying it (positions in the group, increasing) and the theme's
    /// occurrences in each. Theme-major, so the bootstrap sums each theme in registers over
    /// one short increasing list instead of adding into per-theme counters unit by unit.
    postings: Vec<Vec<(usize, usize)>>,
    /// Characters of each unit, on their own so the bootstrap's sum over them is a tight loop.
    chars: Vec<usize>,
}

impl Carried {
    fn new(members: &[&UnitRow], themes: &[&str]) -> Carried {
        let chars = members.iter().map(|u| u.chars).collect();
        let mut postings = vec![Vec::new(); themes.len()];
        for (i, u) in members.iter().enumerate() {
            for (t, name) in themes.iter().enumerate() {
                if let Some(at) = u.themes.iter().position(|n| n == name) {
                    postings[t].push((i, u.hits.get(at).copied().unwrap_or(0)));
                }
            }
        }
        Carried { postings, chars }
    }

    /// Unit share and rate per 10,000 characters of every theme from the sums over the units
    /// counted (`n` units of `chars` characters; `assigned` carry each theme, with `hits`
    /// occurrences).
    fn ratios(&self, n: usize, chars: usize, assigned: &[usize], hits: &[usize]) -> Resample {
        Resample {
            share: assigned.iter().map(|&a| ratio(a, n, 1.0)).collect(),
            rate: hits.iter().map(|&h| ratio(h, chars, 10_000.0)).collect(),
        }
    }

    /// Unit share and rate per 10,000 characters of every theme over all units.
    fn estimate(&self) -> Resample {
        let assigned: Vec<usize> = self.postings.iter().map(Vec::len).collect();
        let hits: Vec<usize> = self
            .postings
            .iter()
            .map(|p| p.iter().map(|&(_, h)| h).sum())
            .collect();
        self.ratios(self.chars.len(), self.chars.iter().sum(), &assigned, &hits)
    }

    /// The same over `chars.len()` units drawn with replacement, by how many times each unit
    /// was drawn (see [`draw_counts`]).
    fn resample(&self, rng: &mut SplitMix64, counts: &mut Vec<u32>) -> Resample {
        let n = self.chars.len();
        draw_counts(n, rng, counts);
        // Characters over every unit, without a branch; each theme over its own units only
        // (a unit drawn no time adds zero).
        let chars: usize = self
            .chars
            .iter()
            .zip(counts.iter())
            .map(|(&c, &d)| c * d as usize)
            .sum();
        let mut assigned = Vec::with_capacity(self.postings.len());
        let mut hits = Vec::with_capacity(self.postings.len());
        for posting in &self.postings {
            let (mut a, mut h) = (0usize, 0usize);
            for &(i, occurrences) in posting {
                let d = counts.get(i).copied().unwrap_or(0) as usize;
                a += d;
                h += d * occurrences;
            }
            assigned.push(a);
            hits.push(h);
        }
        self.ratios(n, chars, &assigned, &hits)
    }
}

/// `counts[i]`: how many times unit `i` of `n` is drawn when `n` units are drawn uniformly
/// with replacement (a multinomial(n; 1/n, …, 1/n) vector). Tallying the draws, then summing
/// in unit order, reads the units in order instead of jumping around them at every draw.
fn draw_counts(n: usize, rng: &mut SplitMix64, counts: &mut Vec<u32>) {
    counts.clear();
    counts.resize(n, 0);
    for _ in 0..n {
        if let Some(d) = counts.get_mut(rng.below(n)) {
            *d += 1;
        }
    }
}

/// The shares and rates of every theme in one resample (or the point estimate).
struct Resample {
    share: Vec<f64>,
    rate: Vec<f64>,
}

/// Resamples drawn by one generator: the blocks of a group run in parallel, each seeded from
/// the seed, the group and its own position, so no number depends on the threads.
const RESAMPLES_PER_BLOCK: usize = 50;

/// The prevalence rows of one group, one per theme.
fn group_rows(
    gi: usize,
    group: &str,
    members: &[&UnitRow],
    themes: &[&str],
    config: &ThemeConfig,
) -> Vec<PrevalenceRow> {
    let carried = Carried::new(members, themes);
    let Resample { share, rate } = carried.estimate();
    let group_seed = config.seed ^ (gi as u64).wrapping_mul(0xD1B5_4A32_D192_ED03);
    let blocks = config.bootstrap.div_ceil(RESAMPLES_PER_BLOCK);
    let resamples: Vec<Resample> = (0..blocks)
        .into_par_iter()
        .flat_map_iter(|block| {
            let mut rng =
                SplitMix64(group_seed ^ (block as u64 + 1).wrapping_mul(0x8CB9_2BA7_2F3D_8DD7));
            let count = RESAMPLES_PER_BLOCK.min(config.bootstrap - block * RESAMPLES_PER_BLOCK);
            let mut counts = Vec::new();
            (0..count)
                .map(|_| carried.resample(&mut rng, &mut counts))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut boot_share = vec![Vec::with_capacity(config.bootstrap); themes.len()];
    let mut boot_rate = vec![Vec::with_capacity(config.bootstrap); themes.len()];
    for r in &resamples {
        for t in 0..themes.len() {
            boot_share[t].push(r.share[t]);
            boot_rate[t].push(r.rate[t]);
        }
    }
    let group_chars: usize = carried.chars.iter().sum();
    let mut rows = Vec::with_capacity(themes.len());
    for (t, theme) in themes.iter().enumerate() {
        let interval = |values: &mut Vec<f64>, point: f64| {
            values.sort_by(f64::total_cmp);
            let lo = percentile(values, 0.025).min(point);
            let hi = percentile(values, 0.975).max(point);
            (lo, hi)
        };
        let (share_lo, share_hi) = interval(&mut boot_share[t], share[t]);
        let (per_10k_lo, per_10k_hi) = interval(&mut boot_rate[t], rate[t]);
        rows.push(PrevalenceRow {
            group: group.to_string(),
            theme: theme.to_string(),
            units: carried.postings[t]
                .iter()
                .filter_map(|&(i, _)| members.get(i).map(|u| u.id))
                .collect(),
            share: share[t],
            share_lo,
            share_hi,
            per_10k: rate[t],
            per_10k_lo,
            per_10k_hi,
            group_units: members.len(),
            group_chars,
            small_group: members.len() < config.min_group_units,
        });
    }
    rows
}

fn ratio(num: usize, den: usize, scale: f64) -> f64 {
    if den == 0 {
        0.0
    } else {
        scale * num as f64 / den as f64
    }
}

/// Ranks themes by their mean rate per 10,000 characters over the groups, then spread,
/// recurrence, share of units, share of characters and name, so the order is stable.
///
/// The key is a rate, averaged with each group weighing the same, so neither a long report nor
/// the group with most text decides the ranking (the principle `compare` applies to terms).
pub fn rank(
    units: &[UnitRow],
    rows: &[PrevalenceRow],
    themes: &[&str],
    config: &ThemeConfig,
) -> Vec<RankRow> {
    let total_chars: usize = units.iter().map(|u| u.chars).sum();
    let mut out: Vec<RankRow> = themes
        .iter()
        .map(|&theme| {
            let members: Vec<&UnitRow> = units
                .iter()
                .filter(|u| u.themes.iter().any(|t| t == theme))
                .collect();
            let mut docs: Vec<usize> = members.iter().map(|u| u.doc).collect();
            docs.dedup();
            let chars: usize = members.iter().map(|u| u.chars).sum();
            let rates: Vec<f64> = rows
                .iter()
                .filter(|r| r.theme == theme)
                .map(|r| r.per_10k)
                .collect();
            RankRow {
                rank: 0,
                theme: theme.to_string(),
                prevalence: ratio(members.len(), units.len(), 1.0),
                char_share: ratio(chars, total_chars, 1.0),
                per_10k: if rates.is_empty() {
                    0.0
                } else {
                    rates.iter().sum::<f64>() / rates.len() as f64
                },
                spread: rows
                    .iter()
                    .filter(|r| r.theme == theme && r.share > 0.0 && r.share >= config.spread_floor)
                    .count(),
                recurrence: docs.len(),
                units: members.iter().map(|u| u.id).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.per_10k
            .total_cmp(&a.per_10k)
            .then(b.spread.cmp(&a.spread))
            .then(b.recurrence.cmp(&a.recurrence))
            .then(b.prevalence.total_cmp(&a.prevalence))
            .then(b.char_share.total_cmp(&a.char_share))
            .then(a.theme.cmp(&b.theme))
    });
    for (i, r) in out.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: usize, group: &str, chars: usize, themes: &[&str]) -> UnitRow {
        UnitRow {
            id,
            file: format!("{group}.txt"),
            doc: 0,
            paragraph: id,
            sentence: None,
            start: 0,
            end: chars,
            chars,
            group: group.into(),
            themes: themes.iter().map(|t| t.to_string()).collect(),
            scores: vec![1.0; themes.len()],
            hits: vec![2; themes.len()],
            cluster: None,
        }
    }

    #[test]
    fn draw_counts_are_multinomial() {
        // Every vector sums to n; each count has the multinomial's mean 1 and variance
        // 1 − 1/n, and two counts the covariance −1/n.
        let n = 5;
        let trials = 200_000;
        let mut rng = SplitMix64(7);
        let mut counts = Vec::new();
        let (mut sum0, mut sq0, mut cross) = (0.0, 0.0, 0.0);
        for _ in 0..trials {
            draw_counts(n, &mut rng, &mut counts);
            assert_eq!(counts.iter().map(|&d| d as usize).sum::<usize>(), n);
            let (a, b) = (f64::from(counts[0]), f64::from(counts[1]));
            sum0 += a;
            sq0 += a * a;
            cross += a * b;
        }
        let t = f64::from(trials);
        let mean = sum0 / t;
        let var = sq0 / t - mean * mean;
        let cov = cross / t - mean * mean;
        assert!((mean - 1.0).abs() < 0.01, "mean {mean}");
        assert!((var - 0.8).abs() < 0.02, "variance {var}");
        assert!((cov + 0.2).abs() < 0.02, "covariance {cov}");
    }

    #[test]
    fn shares_rates_and_intervals_are_consistent() {
        let units: Vec<UnitRow> = (0..30)
            .map(|i| {
                unit(
                    i,
                    if i < 10 { "甲" } else { "乙" },
                    100,
                    if i % 3 == 0 { &["城市更新"] } else { &[] },
                )
            })
            .collect();
        let config = ThemeConfig::default();
        let rows = prevalence(&units, &["城市更新", "招商引资"], &config);
        assert_eq!(rows.len(), 4);
        let a = &rows[0];
        assert_eq!((a.group.as_str(), a.theme.as_str()), ("乙", "城市更新"));
        assert_eq!(a.group_units, 20);
        assert!((a.share - 6.0 / 20.0).abs() < 1e-12);
        assert!((a.per_10k - 10_000.0 * 12.0 / 2000.0).abs() < 1e-9);
        for r in &rows {
            assert!(r.share_lo <= r.share && r.share <= r.share_hi, "{r:?}");
            assert!(
                r.per_10k_lo <= r.per_10k && r.per_10k <= r.per_10k_hi,
                "{r:?}"
            );
        }
        assert!(rows[2].small_group && !rows[0].small_group);
        let other = prevalence(
            &units,
            &["城市更新", "招商引资"],
            &ThemeConfig {
                seed: 7,
                ..config.clone()
            },
        );
        for (x, y) in rows.iter().zip(&other) {
            assert_eq!((x.share, x.per_10k), (y.share, y.per_10k));
        }
        assert_eq!(rows, prevalence(&units, &["城市更新", "招商引资"], &config));
        let ranked = rank(&units, &rows, &["招商引资", "城市更新"], &config);
        assert_eq!(ranked[0].theme, "城市更新");
        assert_eq!(ranked[0].spread, 2);
        assert_eq!(ranked[1].prevalence, 0.0);
    }
}
