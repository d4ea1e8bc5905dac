//! Keyness: which terms a group uses more (or less) than the rest of the corpus, or than one
//! other group.

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::stats::{self, benjamini_hochberg, chi2_sf_1df};
use super::{find_reuse, reused_paragraphs, GroupCounts, ReuseConfig};
use crate::corpus::Corpus;
use crate::segment::UnitTokens;
use crate::{Error, Result};

/// Keyness settings. Every field's default is documented beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KeynessConfig {
    /// The metadata column groups are formed by (used by [`compare`]). Default: `locality`.
    pub by: String,
    /// Compare this group against [`KeynessConfig::b`] only, instead of every group against
    /// the rest. Set both or neither. Default: none.
    pub a: Option<String>,
    /// The other side of an A-against-B comparison. Default: none.
    pub b: Option<String>,
    /// Terms occurring fewer times than this on the two sides together are not tested (nor
    /// counted in the Benjamini–Hochberg correction); at least 1. Default: 5.
    pub min_count: u64,
    /// Strength of the Monroe et al. prior: α_w = `prior_scale` × occurrences of w in the whole
    /// corpus (all groups), so α₀ = `prior_scale` × corpus tokens. 1 uses the corpus itself as
    /// the background, as tidylo's weighted log odds do; smaller values shrink less. Above 0.
    /// Default: 1.0.
    pub prior_scale: f64,
    /// Rows kept per group, highest z first, after every statistic (q included) was computed
    /// over all terms; 0 keeps all. Default: 0.
    pub top: usize,
    /// Leave out paragraphs found reused across documents (see [`super::find_reuse`]) before
    /// counting, so template language does not pass for local emphasis (used by [`compare`]).
    /// Default: none (count everything).
    pub exclude_reuse: Option<ReuseConfig>,
}

impl Default for KeynessConfig {
    fn default() -> Self {
        KeynessConfig {
            by: "locality".to_string(),
            a: None,
            b: None,
            min_count: 5,
            prior_scale: 1.0,
            top: 0,
            exclude_reuse: None,
        }
    }
}

impl KeynessConfig {
    /// Checks every setting, naming the first bad one.
    pub fn validate(&self) -> Result<()> {
        match (&self.a, &self.b) {
            (Some(_), None) => return Err(Error::param("a", "set", "--b as well")),
            (None, Some(_)) => return Err(Error::param("b", "set", "--a as well")),
            (Some(a), Some(b)) if a == b => {
                return Err(Error::param("b", b, "a group other than --a"))
            }
            _ => {}
        }
        if self.min_count == 0 {
            return Err(Error::param("min_count", 0, "at least 1"));
        }
        if !(self.prior_scale.is_finite() && self.prior_scale > 0.0) {
            return Err(Error::param(
                "prior_scale",
                self.prior_scale,
                "a number above 0",
            ));
        }
        if let Some(reuse) = &self.exclude_reuse {
            reuse.validate()?;
        }
        Ok(())
    }
}

/// One term of one comparison. Positive `log_odds_z` and `log_ratio` mean the term is
/// over-represented in `group`; in an A-against-B comparison `group` is A and the `_rest`
/// columns are B.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeynessRow {
    /// The group (A in an A-against-B comparison).
    pub group: String,
    /// The term.
    pub term: String,
    /// Occurrences in the group.
    pub count_group: u64,
    /// Occurrences in the rest of the corpus (or in B).
    pub count_rest: u64,
    /// Tokens of the group.
    pub tokens_group: u64,
    /// Tokens of the rest (or of B).
    pub tokens_rest: u64,
    /// Occurrences per 10,000 tokens of the group.
    pub per10k_group: f64,
    /// Occurrences per 10,000 tokens of the rest (or of B).
    pub per10k_rest: f64,
    /// Log-likelihood G² of the 2 × 2 table (Dunning).
    pub g2: f64,
    /// Pearson's χ² of the same table, without Yates's correction.
    pub chi2: f64,
    /// Log-odds ratio with an informative Dirichlet prior, as a z-score (Monroe et al. 2008).
    pub log_odds_z: f64,
    /// Hardie's Log Ratio: log₂ of the ratio of rates, counts plus 0.5.
    pub log_ratio: f64,
    /// P(χ²(1) ≥ G²).
    pub p: f64,
    /// Benjamini–Hochberg q-value over the terms of this comparison.
    pub q: f64,
}

impl KeynessRow {
    /// The fields in order: the columns of every keyness table, CSV or printed.
    pub const COLUMNS: [&'static str; 14] = [
        "group",
        "term",
        "count_group",
        "count_rest",
        "tokens_group",
        "tokens_rest",
        "per10k_group",
        "per10k_rest",
        "g2",
        "chi2",
        "log_odds_z",
        "log_ratio",
        "p",
        "q",
    ];
}

/// Every group against the rest of the corpus (any number of groups), or A against B.
///
/// For a term with `a` occurrences among the group's `n_a` tokens and `b` among the other
/// side's `n_b`:
///
/// - `g2` = 2 Σ O ln(O/E) over the four cells of the table (term / other tokens × group /
///   rest), 0 · ln 0 = 0; `chi2` = Σ (O − E)² / E, no continuity correction;
/// - `log_odds_z` = δ / √(1/(a+α_w) + 1/(b+α_w)), δ = ln((a+α_w)/(n_a+α₀−a−α_w)) −
///   ln((b+α_w)/(n_b+α₀−b−α_w)), the prior α_w from the whole corpus (see
///   [`KeynessConfig::prior_scale`]);
/// - `log_ratio` = log₂(((a+½)/n_a) / ((b+½)/n_b));
/// - `p` = P(χ²(1) ≥ G²) (see [`chi2_sf_1df`]), `q` its Benjamini–Hochberg adjustment over
///   every term tested in the comparison;
/// - `per10k_*` = 10,000 × count / tokens.
///
/// Only terms with `a + b >= min_count` are tested; a term absent from one side still gets
/// finite values. Rows come sorted by group (code-point order), then `log_odds_z` descending,
/// then term; `top` keeps the first rows of each group. Groups with no tokens are left out.
/// Fails with fewer than two groups, or when A or B is not a group (the error lists them).
pub fn keyness(counts: &GroupCounts, config: &KeynessConfig) -> Result<Vec<KeynessRow>> {
    config.validate()?;
    let totals = counts.totals();
    let corpus_tokens: u64 = counts.tokens.iter().sum();
    let prior = Prior {
        scale: config.prior_scale,
        alpha0: config.prior_scale * corpus_tokens as f64,
    };
    let listed = || counts.groups.join(", ");
    if counts.groups.len() < 2 {
        return Err(Error::param(
            "by",
            format!(
                "{} group(s) with tokens ({})",
                counts.groups.len(),
                listed()
            ),
            "at least two groups to compare",
        ));
    }
    let find = |name: &'static str, group: &str| {
        counts
            .group_index(group)
            .ok_or_else(|| Error::param(name, group, format!("one of the groups {}", listed())))
    };
    let mut rows = match (&config.a, &config.b) {
        (Some(a), Some(b)) => {
            let (a, b) = (find("a", a)?, find("b", b)?);
            let side = |i: usize| Side {
                counts: counts.dense(i),
                tokens: counts.tokens[i],
            };
            compare_sides(
                counts,
                &counts.groups[a],
                &side(a),
                &side(b),
                &totals,
                prior,
                config.min_count,
                config.top,
            )
        }
        _ => (0..counts.groups.len())
            .into_par_iter()
            .filter(|&g| counts.tokens[g] > 0)
            .flat_map_iter(|g| {
                let group = counts.dense(g);
                let rest = Side {
                    counts: totals.iter().zip(&group).map(|(t, c)| t - c).collect(),
                    tokens: corpus_tokens - counts.tokens[g],
                };
                let group = Side {
                    counts: group,
                    tokens: counts.tokens[g],
                };
                compare_sides(
                    counts,
                    &counts.groups[g],
                    &group,
                    &rest,
                    &totals,
                    prior,
                    config.min_count,
                    config.top,
                )
            })
            .collect(),
    };
    // Groups are already in code-point order and each group's rows sorted; this only
    // guarantees it.
    rows.sort_by(|x, y| x.group.cmp(&y.group).then(order(x, y)));
    Ok(rows)
}

/// [`keyness`] on a segmented corpus: paragraphs of `units` (from
/// [`segment_corpus`](crate::segment::segment_corpus) with paragraph units) summed per group of
/// `config.by`, leaving out reused paragraphs when `config.exclude_reuse` is set.
pub fn compare(
    corpus: &Corpus,
    units: &[UnitTokens<'_>],
    config: &KeynessConfig,
) -> Result<Vec<KeynessRow>> {
    config.validate()?;
    let skip = match &config.exclude_reuse {
        Some(reuse) => reused_paragraphs(&find_reuse(corpus, reuse)?),
        None => BTreeSet::new(),
    };
    let counts = GroupCounts::from_corpus(corpus, units, &config.by, &skip)?;
    keyness(&counts, config)
}

#[derive(Debug, Clone, Copy)]
struct Prior {
    scale: f64,
    alpha0: f64,
}

/// One side of a comparison: dense counts over term ids and its token total.
struct Side {
    counts: Vec<u64>,
    tokens: u64,
}

/// Tests every term with enough occurrences on the two sides, adjusts the p-values over them,
/// and keeps the `top` rows with the highest z (all for 0). Strings are only made for the rows
/// kept: with every term of a large corpus tested in each of many groups, building them all
/// cost more than the statistics.
#[allow(clippy::too_many_arguments)]
fn compare_sides(
    counts: &GroupCounts,
    group: &str,
    x: &Side,
    y: &Side,
    totals: &[u64],
    prior: Prior,
    min_count: u64,
    top: usize,
) -> Vec<KeynessRow> {
    let (n_a, n_b) = (x.tokens, y.tokens);
    let mut tested: Vec<(usize, KeynessRow)> = (0..counts.terms.len())
        .filter(|&t| x.counts[t] + y.counts[t] >= min_count)
        .map(|t| {
            let (a, b) = (x.counts[t], y.counts[t]);
            let g2 = stats::g2(a, b, n_a, n_b);
            let alpha = prior.scale * totals[t] as f64;
            let row = KeynessRow {
                group: String::new(),
                term: String::new(),
                count_group: a,
                count_rest: b,
                tokens_group: n_a,
                tokens_rest: n_b,
                per10k_group: stats::per_10k(a, n_a),
                per10k_rest: stats::per_10k(b, n_b),
                g2,
                chi2: stats::chi2(a, b, n_a, n_b),
                log_odds_z: stats::log_odds_z(a, b, n_a, n_b, alpha, prior.alpha0),
                log_ratio: stats::log_ratio(a, b, n_a, n_b),
                p: chi2_sf_1df(g2),
                q: 1.0,
            };
            (t, row)
        })
        .collect();
    let p: Vec<f64> = tested.iter().map(|(_, r)| r.p).collect();
    for ((_, row), q) in tested.iter_mut().zip(benjamini_hochberg(&p)) {
        row.q = q;
    }
    // Term ids follow code-point order, so they break ties as the term would.
    tested.sort_by(|(s, x), (t, y)| y.log_odds_z.total_cmp(&x.log_odds_z).then(s.cmp(t)));
    if top > 0 {
        tested.truncate(top);
    }
    tested
        .into_iter()
        .map(|(t, row)| KeynessRow {
            group: group.to_string(),
            term: counts.terms[t].clone(),
            ..row
        })
        .collect()
}

fn order(x: &KeynessRow, y: &KeynessRow) -> std::cmp::Ordering {
    y.log_odds_z
        .total_cmp(&x.log_odds_z)
        .then_with(|| x.term.cmp(&y.term))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts() -> GroupCounts {
        GroupCounts::from_counts([
            ("义乌", "小商品", 30),
            ("义乌", "营商环境", 10),
            ("义乌", "港口", 0),
            ("义乌", "城市更新", 60),
            ("南通", "港口", 25),
            ("南通", "营商环境", 12),
            ("南通", "城市更新", 63),
            ("成都", "城市更新", 50),
            ("成都", "营商环境", 40),
            ("成都", "公园城市", 10),
        ])
    }

    #[test]
    fn every_group_against_the_rest_is_sorted_and_finite() {
        let rows = keyness(&counts(), &KeynessConfig::default()).unwrap();
        let groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
        let mut sorted = groups.clone();
        sorted.sort();
        assert_eq!(groups, sorted);
        // Every term passes min_count 5 overall, so each group has a row for each of 5 terms.
        assert_eq!(rows.len(), 15);
        for r in &rows {
            for x in [r.g2, r.chi2, r.log_odds_z, r.log_ratio, r.p, r.q] {
                assert!(x.is_finite(), "{r:?}");
            }
            assert!(r.q >= r.p && r.q <= 1.0);
            assert_eq!(r.tokens_group + r.tokens_rest, 300);
        }
        let first = |g: &str| rows.iter().find(|r| r.group == g).unwrap();
        assert_eq!(first("义乌").term, "小商品");
        assert_eq!(first("南通").term, "港口");
        assert_eq!(first("成都").term, "营商环境");
        let top = KeynessConfig {
            top: 2,
            ..KeynessConfig::default()
        };
        assert_eq!(keyness(&counts(), &top).unwrap().len(), 6);
    }

    #[test]
    fn a_against_b_names_missing_groups_and_needs_two_groups() {
        let config = |a: &str, b: &str| KeynessConfig {
            a: Some(a.into()),
            b: Some(b.into()),
            ..KeynessConfig::default()
        };
        let err = keyness(&counts(), &config("义乌", "杭州"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "invalid b = 杭州: expected one of the groups 义乌, 南通, 成都"
        );
        assert!(keyness(&counts(), &config("义乌", "义乌")).is_err());
        let rows = keyness(&counts(), &config("义乌", "南通")).unwrap();
        assert!(rows
            .iter()
            .all(|r| r.group == "义乌" && r.tokens_rest == 100));
        // 公园城市 occurs only in 成都: fewer than 5 on these two sides.
        assert!(rows.iter().all(|r| r.term != "公园城市"));
        let one = GroupCounts::from_counts([("义乌", "小商品", 30)]);
        let err = keyness(&one, &KeynessConfig::default()).unwrap_err();
        assert!(err.to_string().contains("at least two groups"), "{err}");
    }

    #[test]
    fn settings_are_checked() {
        let bad = [
            KeynessConfig {
                a: Some("义乌".into()),
                ..KeynessConfig::default()
            },
            KeynessConfig {
                min_count: 0,
                ..KeynessConfig::default()
            },
            KeynessConfig {
                prior_scale: 0.0,
                ..KeynessConfig::default()
            },
        ];
        for config in bad {
            assert!(config.validate().is_err(), "{config:?}");
        }
        assert!(KeynessConfig::default().validate().is_ok());
    }
}
