//! Comparing rhetoric between groups of documents: keyness, similarity and text reuse.
//!
//! - [`keyness`]: for every group and term, how much more (or less) the group uses the term
//!   than the rest of the corpus (or than one other group): log-likelihood G², Pearson's χ²,
//!   the log-odds ratio with an informative Dirichlet prior as a z-score (Monroe, Colaresi &
//!   Quinn 2008), Hardie's Log Ratio, p and Benjamini–Hochberg q values, rates per 10,000
//!   tokens. See the [`keyness`] function for the formulas.
//! - [`similarity`]: a group × group matrix of cosine similarity of TF-IDF profiles,
//!   Jensen–Shannon divergence of term distributions and distance of theme profiles.
//! - [`find_reuse`]: near-duplicate paragraphs across documents (character shingles, MinHash,
//!   LSH, verified by exact Jaccard), so that copied template language can be reported as
//!   reuse and left out of keyness ([`reused_paragraphs`]).
//!
//! Counts come from [`GroupCounts`]: the terms of segmented units summed per group.
//!
//! ```
//! use policylens::compare::{keyness, GroupCounts, KeynessConfig};
//! use policylens::segment::{SegmentConfig, Segmenter};
//!
//! let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
//! let texts = [
//!     ("义乌", "义乌推进小商品市场改造，小商品出口增长，国际贸易综合改革深化，小商品城升级。"),
//!     ("义乌", "小商品数字化转型，跨境电商蓬勃发展，小商品市场辐射全球。"),
//!     ("南通", "南通推进港口建设，通州湾新出海口开工，港口吞吐量增长，船舶海工集聚。"),
//!     ("南通", "江海联运加快，港口物流提升，船舶制造订单饱满。"),
//! ];
//! let tokens: Vec<(&str, Vec<&str>)> = texts
//!     .iter()
//!     .map(|(group, text)| (*group, segmenter.tokens(text).into_iter().map(|t| t.term).collect()))
//!     .collect();
//! let counts = GroupCounts::from_units(tokens.iter().map(|(g, t)| (*g, t.as_slice())));
//! let config = KeynessConfig { min_count: 2, ..KeynessConfig::default() };
//! let rows = keyness(&counts, &config).unwrap();
//! // Groups come in code-point order (义 U+4E49 before 南 U+5357), each best term first.
//! let yiwu = rows.iter().find(|r| r.group == "义乌").unwrap();
//! assert_eq!(yiwu.term, "小商品");
//! assert!(yiwu.log_odds_z > 0.0 && yiwu.log_ratio > 0.0 && yiwu.count_rest == 0);
//! let nantong = rows.iter().find(|r| r.group == "南通").unwrap();
//! assert_eq!(nantong.term, "港口");
//! ```

mod keyness;
mod reuse;
mod similarity;
mod stats;

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

pub use keyness::{compare, keyness, KeynessConfig, KeynessRow};
pub use reuse::{find_reuse, reused_paragraphs, ReuseConfig, ReusePair};
pub use similarity::{similarity, SimilarityConfig, SimilarityRow};
pub use stats::{benjamini_hochberg, chi2_sf_1df};

use crate::corpus::{Corpus, NO_GROUP};
use crate::segment::UnitTokens;
use crate::Result;

/// Term counts of each group: the input of [`keyness`].
///
/// Groups and terms are in code-point order; counts are sparse (a group lists only the terms
/// it uses), so memory grows with the text, not with groups × vocabulary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupCounts {
    /// Group names, in code-point order.
    pub groups: Vec<String>,
    /// Every term counted, in code-point order; term ids index this list.
    pub terms: Vec<String>,
    /// For each group, `(term id, count)` with ids increasing and counts above 0.
    pub counts: Vec<Vec<(usize, u64)>>,
    /// Tokens of each group (the sum of its counts).
    pub tokens: Vec<u64>,
}

impl GroupCounts {
    /// Counts the terms of `(group, terms)` units. A group with no term at all is not listed.
    pub fn from_units<'a, G, S>(units: impl IntoIterator<Item = (G, &'a [S])>) -> GroupCounts
    where
        G: AsRef<str>,
        S: AsRef<str> + 'a,
    {
        let mut per_group: BTreeMap<String, FxHashMap<String, u64>> = BTreeMap::new();
        for (group, terms) in units {
            if terms.is_empty() {
                continue;
            }
            let counts = per_group.entry(group.as_ref().to_string()).or_default();
            for term in terms {
                match counts.get_mut(term.as_ref()) {
                    Some(n) => *n += 1,
                    None => {
                        counts.insert(term.as_ref().to_string(), 1);
                    }
                }
            }
        }
        Self::from_maps(per_group)
    }

    /// Builds counts from `(group, term, count)` triples (a repeated pair adds up; zero
    /// counts are ignored), e.g. counts read from a table.
    pub fn from_counts<G, T>(entries: impl IntoIterator<Item = (G, T, u64)>) -> GroupCounts
    where
        G: AsRef<str>,
        T: AsRef<str>,
    {
        let mut per_group: BTreeMap<String, FxHashMap<String, u64>> = BTreeMap::new();
        for (group, term, n) in entries {
            if n == 0 {
                continue;
            }
            *per_group
                .entry(group.as_ref().to_string())
                .or_default()
                .entry(term.as_ref().to_string())
                .or_default() += n;
        }
        Self::from_maps(per_group)
    }

    /// The content tokens of `units` (segmented paragraphs of `corpus`) summed per group of
    /// `by` (documents without a value form the group [`NO_GROUP`]), leaving out the
    /// paragraphs in `skip` (`(document index, paragraph index)`, e.g. from
    /// [`reused_paragraphs`]). An unknown column is an error listing those available.
    pub fn from_corpus(
        corpus: &Corpus,
        units: &[UnitTokens<'_>],
        by: &str,
        skip: &BTreeSet<(usize, usize)>,
    ) -> Result<GroupCounts> {
        let groups: Vec<String> = corpus
            .groups(by)?
            .into_iter()
            .map(|g| g.unwrap_or_else(|| NO_GROUP.to_string()))
            .collect();
        Ok(Self::from_units(
            units
                .iter()
                .filter(|u| !skip.contains(&(u.unit.doc, u.unit.paragraph)))
                .filter_map(|u| Some((groups.get(u.unit.doc)?.as_str(), u.terms()))),
        ))
    }

    fn from_maps(per_group: BTreeMap<String, FxHashMap<String, u64>>) -> GroupCounts {
        let mut vocabulary: Vec<&str> = per_group
            .values()
            .flat_map(|m| m.keys().map(String::as_str))
            .collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        let ids: FxHashMap<&str, usize> = vocabulary
            .iter()
            .enumerate()
            .map(|(i, t)| (*t, i))
            .collect();
        let mut counts = Vec::with_capacity(per_group.len());
        let mut tokens = Vec::with_capacity(per_group.len());
        for map in per_group.values() {
            let mut row: Vec<(usize, u64)> = map
                .iter()
                .filter_map(|(t, n)| Some((*ids.get(t.as_str())?, *n)))
                .collect();
            row.sort_unstable();
            tokens.push(row.iter().map(|(_, n)| n).sum());
            counts.push(row);
        }
        let terms = vocabulary.iter().map(|t| t.to_string()).collect();
        GroupCounts {
            groups: per_group.into_keys().collect(),
            terms,
            counts,
            tokens,
        }
    }

    /// Occurrences of each term over all groups, indexed by term id.
    pub fn totals(&self) -> Vec<u64> {
        let mut totals = vec![0u64; self.terms.len()];
        for row in &self.counts {
            for &(id, n) in row {
                if let Some(t) = totals.get_mut(id) {
                    *t += n;
                }
            }
        }
        totals
    }

    /// Position of `group` in [`GroupCounts::groups`].
    pub fn group_index(&self, group: &str) -> Option<usize> {
        self.groups.binary_search_by(|g| g.as_str().cmp(group)).ok()
    }

    /// The counts of group `index` as a dense vector over term ids (zeros where unused).
    fn dense(&self, index: usize) -> Vec<u64> {
        let mut dense = vec![0u64; self.terms.len()];
        for &(id, n) in self.counts.get(index).map_or(&[][..], Vec::as_slice) {
            if let Some(d) = dense.get_mut(id) {
                *d = n;
            }
        }
        dense
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_sparse_sorted_and_summed() {
        let a = ["城市更新", "营商环境", "城市更新"];
        let b = ["营商环境"];
        let empty: [&str; 0] = [];
        let counts = GroupCounts::from_units([
            ("乙", &b[..]),
            ("甲", &a[..]),
            ("丙", &empty[..]),
            ("乙", &b[..]),
        ]);
        assert_eq!(counts.groups, ["乙", "甲"]);
        assert_eq!(counts.terms, ["城市更新", "营商环境"]);
        assert_eq!(counts.counts, [vec![(1, 2)], vec![(0, 2), (1, 1)]]);
        assert_eq!(counts.tokens, [2, 3]);
        assert_eq!(counts.totals(), [2, 3]);
        assert_eq!(counts.group_index("甲"), Some(1));
        assert_eq!(counts.group_index("丙"), None);
        let same = GroupCounts::from_counts([
            ("甲", "城市更新", 2),
            ("甲", "营商环境", 1),
            ("乙", "营商环境", 1),
            ("乙", "营商环境", 1),
            ("丙", "营商环境", 0),
        ]);
        assert_eq!(same, counts);
    }

    /// The field names of `row` as serialized, in order.
    fn serialized_fields(row: impl serde::Serialize) -> Vec<String> {
        match serde_json::to_value(row) {
            Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn table_columns_are_the_serialized_fields_in_order() {
        let keyness = KeynessRow {
            group: "甲".into(),
            term: "城市更新".into(),
            count_group: 1,
            count_rest: 0,
            tokens_group: 10,
            tokens_rest: 10,
            per10k_group: 1000.0,
            per10k_rest: 0.0,
            g2: 1.0,
            chi2: 1.0,
            log_odds_z: 1.0,
            log_ratio: 1.0,
            p: 0.5,
            q: 0.5,
        };
        assert_eq!(serialized_fields(keyness), KeynessRow::COLUMNS);
        let similarity = SimilarityRow {
            a: "甲".into(),
            b: "乙".into(),
            cosine: 1.0,
            jensen_shannon: 0.0,
            theme_distance: 0.0,
        };
        assert_eq!(serialized_fields(similarity), SimilarityRow::COLUMNS);
        let reuse = ReusePair {
            a_file: "a.txt".into(),
            a_paragraph: 0,
            b_file: "b.txt".into(),
            b_paragraph: 1,
            similarity: 0.9,
            text: "推进城市更新".into(),
            a_doc: 0,
            b_doc: 1,
        };
        assert_eq!(serialized_fields(reuse), ReusePair::COLUMNS);
    }
}
