//! TextRank: weighted PageRank over a co-occurrence graph of tokens.

use rustc_hash::FxHashMap;

use super::KeywordConfig;

/// The TextRank score of every term of `units`.
///
/// Terms are numbered in code-point order and every sum runs in that order, so the result does
/// not depend on hash order or thread count.
pub(super) fn rank<'a, 'u>(
    units: impl Iterator<Item = &'u [&'a str]>,
    config: &KeywordConfig,
) -> Vec<(&'a str, f64)>
where
    'a: 'u,
{
    let units: Vec<&[&str]> = units.collect();
    let mut terms: Vec<&str> = units.iter().flat_map(|u| u.iter().copied()).collect();
    terms.sort_unstable();
    terms.dedup();
    let id: FxHashMap<&str, usize> = terms.iter().enumerate().map(|(i, t)| (*t, i)).collect();

    // Edge weights, each pair once with the lower id first.
    let mut edges: FxHashMap<(usize, usize), f64> = FxHashMap::default();
    for unit in &units {
        let ids: Vec<usize> = unit.iter().map(|t| id[t]).collect();
        for (i, &a) in ids.iter().enumerate() {
            for &b in ids.iter().skip(i + 1).take(config.window - 1) {
                if a != b {
                    *edges.entry((a.min(b), a.max(b))).or_default() += 1.0;
                }
            }
        }
    }
    let mut neighbours: Vec<Vec<(usize, f64)>> = vec![Vec::new(); terms.len()];
    for (&(a, b), &w) in &edges {
        neighbours[a].push((b, w));
        neighbours[b].push((a, w));
    }
    for list in &mut neighbours {
        list.sort_unstable_by_key(|&(n, _)| n);
    }
    let strength: Vec<f64> = neighbours
        .iter()
        .map(|l| l.iter().map(|&(_, w)| w).sum())
        .collect();

    let d = config.damping;
    let mut ranks = vec![1.0; terms.len()];
    let mut next = vec![0.0; terms.len()];
    for _ in 0..config.max_iterations {
        for (v, list) in neighbours.iter().enumerate() {
            let inflow: f64 = list.iter().map(|&(u, w)| w / strength[u] * ranks[u]).sum();
            next[v] = (1.0 - d) + d * inflow;
        }
        let moved = ranks
            .iter()
            .zip(&next)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        std::mem::swap(&mut ranks, &mut next);
        if moved <= config.tolerance {
            break;
        }
    }
    terms.into_iter().zip(ranks).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hub_outranks_its_leaves_and_isolated_terms_get_one_minus_d() {
        let units: Vec<Vec<&str>> = vec![
            vec!["营商环境", "招商引资"],
            vec!["营商环境", "城市更新"],
            vec!["营商环境", "党建引领"],
            vec!["基层治理"],
        ];
        let config = KeywordConfig::default();
        let ranks: FxHashMap<&str, f64> = rank(units.iter().map(Vec::as_slice), &config)
            .into_iter()
            .collect();
        assert!(ranks["营商环境"] > ranks["招商引资"]);
        assert!((ranks["招商引资"] - ranks["城市更新"]).abs() < 1e-12);
        assert!((ranks["基层治理"] - 0.15).abs() < 1e-12);
        // At the fixed point a leaf's only inflow is a third of the hub's rank.
        let leaf = 0.15 + 0.85 * ranks["营商环境"] / 3.0;
        assert!((ranks["招商引资"] - leaf).abs() < 1e-5);
    }

    #[test]
    fn the_window_limits_links_to_nearby_tokens() {
        let unit = vec!["甲", "乙", "丙", "丁"];
        let config = KeywordConfig {
            window: 2,
            ..KeywordConfig::default()
        };
        let ranks: FxHashMap<&str, f64> = rank(std::iter::once(unit.as_slice()), &config)
            .into_iter()
            .collect();
        // A path 甲–乙–丙–丁: the ends rank equal, below the middle.
        assert!((ranks["甲"] - ranks["丁"]).abs() < 1e-9);
        assert!(ranks["乙"] > ranks["甲"]);
    }
}
