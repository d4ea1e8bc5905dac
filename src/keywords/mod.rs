//! Keywords per group of documents: corpus TF-IDF, TextRank and class-based TF-IDF.
//!
//! Documents are put into groups (by file, locality, province, year or any metadata column, see
//! [`Corpus::groups`](crate::corpus::Corpus::groups)); [`extract`] ranks each group's terms by
//! one of three scores, where `count(t, g)` is the raw number of occurrences of term `t` in
//! group `g`:
//!
//! - [`KeywordMethod::Tfidf`]: `count(t, g) × idf(t)`, with `idf(t) = ln((1 + n) / (1 + df(t))) + 1`
//!   fitted on the user's corpus with documents as units (`n` documents, `df(t)` of them holding
//!   `t`; scikit-learn's smoothed idf, see [`crate::vectorize`]).
//! - [`KeywordMethod::Textrank`]: PageRank over the group's co-occurrence graph (see
//!   [`KeywordConfig`] for window, damping and stopping rule); the score is the term's rank
//!   (1 − damping for a term with no neighbour; without such terms ranks average 1).
//! - [`KeywordMethod::Ctfidf`]: class-based TF-IDF as in BERTopic,
//!   `count(t, g) / size(g) × ln(1 + A / f(t))`, with `size(g)` the tokens in `g`, `A` the mean
//!   of `size` over groups and `f(t)` the occurrences of `t` in all groups.
//!
//! Within a group terms are ranked by score, ties going to the term first in code-point order;
//! groups come in code-point order.
//!
//! ```
//! use policylens::keywords::{extract, KeywordConfig, KeywordDoc, KeywordMethod};
//! use policylens::segment::{SegmentConfig, Segmenter};
//!
//! let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
//! let texts = [
//!     ("稠江街道", "稠江街道推进有机更新，快递物流企业集聚，有机更新成效明显。"),
//!     ("金沙街道", "金沙街道坚持党建引领基层治理，党建引领网格化服务。"),
//! ];
//! let docs: Vec<KeywordDoc> = texts
//!     .iter()
//!     .map(|(group, text)| KeywordDoc {
//!         group: group.to_string(),
//!         units: vec![segmenter.tokens(text).into_iter().map(|t| t.term).collect()],
//!     })
//!     .collect();
//! let config = KeywordConfig { method: KeywordMethod::Ctfidf, top: 1, ..KeywordConfig::default() };
//! let top = extract(&docs, &config).unwrap();
//! assert_eq!((top[0].group.as_str(), top[0].term.as_str(), top[0].count), ("稠江街道", "有机更新", 2));
//! assert_eq!((top[1].group.as_str(), top[1].term.as_str()), ("金沙街道", "党建引领"));
//! ```

mod textrank;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::vectorize::{Vectorizer, VectorizerConfig};
use crate::{Error, Result};

/// How terms are scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeywordMethod {
    /// Group counts × corpus idf.
    #[default]
    Tfidf,
    /// PageRank over the co-occurrence graph of the group's tokens.
    Textrank,
    /// Class-based TF-IDF (BERTopic).
    Ctfidf,
}

impl FromStr for KeywordMethod {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "tfidf" => Ok(KeywordMethod::Tfidf),
            "textrank" => Ok(KeywordMethod::Textrank),
            "ctfidf" => Ok(KeywordMethod::Ctfidf),
            other => Err(Error::param("method", other, "tfidf, textrank or ctfidf")),
        }
    }
}

impl fmt::Display for KeywordMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeywordMethod::Tfidf => "tfidf",
            KeywordMethod::Textrank => "textrank",
            KeywordMethod::Ctfidf => "ctfidf",
        })
    }
}

/// Keyword settings. Every field's default is documented beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KeywordConfig {
    /// The score. Default: [`KeywordMethod::Tfidf`].
    pub method: KeywordMethod,
    /// Terms kept per group; at least 1. Default: 10.
    pub top: usize,
    /// TextRank: two tokens of one unit are linked when fewer than `window` positions apart
    /// (5: a token and the four after it, as jieba's `span`), each co-occurrence adding 1 to the
    /// edge's weight; at least 2. Default: 5.
    pub window: usize,
    /// TextRank: the damping factor `d` in `rank(v) = (1 − d) + d × Σ_u w(u,v) / w(u) × rank(u)`,
    /// in `(0, 1)`. Default: 0.85.
    pub damping: f64,
    /// TextRank: most iterations (all ranks start at 1 and are updated together each time);
    /// at least 1. Default: 100.
    pub max_iterations: usize,
    /// TextRank: stop once no rank moves by more than this; above 0. Default: 1e-6.
    pub tolerance: f64,
}

impl Default for KeywordConfig {
    fn default() -> Self {
        KeywordConfig {
            method: KeywordMethod::Tfidf,
            top: 10,
            window: 5,
            damping: 0.85,
            max_iterations: 100,
            tolerance: 1e-6,
        }
    }
}

impl KeywordConfig {
    /// Checks every setting, naming the first bad one.
    pub fn validate(&self) -> Result<()> {
        if self.top == 0 {
            return Err(Error::param("top", 0, "at least 1"));
        }
        if self.window < 2 {
            return Err(Error::param("window", self.window, "at least 2"));
        }
        if !(self.damping > 0.0 && self.damping < 1.0) {
            return Err(Error::param("damping", self.damping, "a number in (0, 1)"));
        }
        if self.max_iterations == 0 {
            return Err(Error::param("max_iterations", 0, "at least 1"));
        }
        if !(self.tolerance > 0.0 && self.tolerance.is_finite()) {
            return Err(Error::param(
                "tolerance",
                self.tolerance,
                "a number above 0",
            ));
        }
        Ok(())
    }
}

/// One document's tokens, unit by unit (TextRank never links tokens of different units), and
/// the group it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordDoc<'a> {
    /// The group's name.
    pub group: String,
    /// Tokens of each unit, in text order.
    pub units: Vec<Vec<&'a str>>,
}

/// One keyword of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keyword {
    /// The group.
    pub group: String,
    /// 1 for the best term of the group.
    pub rank: usize,
    /// The term.
    pub term: String,
    /// Its score under the method.
    pub score: f64,
    /// Its raw number of occurrences in the group.
    pub count: u64,
}

/// The top terms of every group, groups in code-point order, each group's terms by rank.
pub fn extract(docs: &[KeywordDoc<'_>], config: &KeywordConfig) -> Result<Vec<Keyword>> {
    config.validate()?;
    let mut groups: BTreeMap<&str, Vec<&KeywordDoc>> = BTreeMap::new();
    for doc in docs {
        groups.entry(&doc.group).or_default().push(doc);
    }
    let groups: Vec<(&str, Vec<&KeywordDoc>)> = groups.into_iter().collect();
    let counts: Vec<FxHashMap<&str, u64>> = groups
        .par_iter()
        .map(|(_, members)| term_counts(members))
        .collect();
    let scores: Vec<Vec<(&str, f64)>> = match config.method {
        KeywordMethod::Tfidf => tfidf(docs, &counts)?,
        KeywordMethod::Ctfidf => ctfidf(&counts),
        KeywordMethod::Textrank => groups
            .par_iter()
            .map(|(_, members)| {
                let units = members
                    .iter()
                    .flat_map(|d| d.units.iter().map(Vec::as_slice));
                textrank::rank(units, config)
            })
            .collect(),
    };
    let mut out = Vec::new();
    for (((group, _), counts), mut scored) in groups.iter().zip(&counts).zip(scores) {
        best_first(&mut scored);
        out.extend(
            scored
                .into_iter()
                .take(config.top)
                .enumerate()
                .map(|(i, (term, score))| Keyword {
                    group: group.to_string(),
                    rank: i + 1,
                    term: term.to_string(),
                    score,
                    count: counts.get(term).copied().unwrap_or(0),
                }),
        );
    }
    Ok(out)
}

fn term_counts<'a>(members: &[&KeywordDoc<'a>]) -> FxHashMap<&'a str, u64> {
    let mut counts = FxHashMap::default();
    for token in members.iter().flat_map(|d| d.units.iter().flatten()) {
        *counts.entry(*token).or_default() += 1;
    }
    counts
}

/// `count(t, g) × idf(t)`, idf fitted on the documents.
fn tfidf<'a>(
    docs: &[KeywordDoc<'a>],
    counts: &[FxHashMap<&'a str, u64>],
) -> Result<Vec<Vec<(&'a str, f64)>>> {
    let documents: Vec<Vec<&str>> = docs.iter().map(|d| d.units.concat()).collect();
    let model = Vectorizer::new(VectorizerConfig::default())?.fit(&documents)?;
    let idf = |term: &str| model.term_id(term).map_or(0.0, |id| model.idf()[id]);
    Ok(counts
        .iter()
        .map(|c| c.iter().map(|(&t, &n)| (t, n as f64 * idf(t))).collect())
        .collect())
}

/// Scored terms best first, ties to the term first in code-point order.
pub(crate) fn best_first(scored: &mut [(&str, f64)]) {
    scored.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
}

/// BERTopic's c-TF-IDF: `count(t, g) / size(g) × ln(1 + A / f(t))`.
pub(crate) fn ctfidf<'a>(counts: &[FxHashMap<&'a str, u64>]) -> Vec<Vec<(&'a str, f64)>> {
    let sizes: Vec<u64> = counts.iter().map(|c| c.values().sum()).collect();
    let mut frequency: FxHashMap<&str, u64> = FxHashMap::default();
    for (t, n) in counts.iter().flatten() {
        *frequency.entry(*t).or_default() += n;
    }
    let average = sizes.iter().sum::<u64>() as f64 / counts.len().max(1) as f64;
    counts
        .iter()
        .zip(&sizes)
        .map(|(c, &size)| {
            c.iter()
                .map(|(&t, &n)| {
                    let f = frequency.get(t).copied().unwrap_or(1) as f64;
                    (t, n as f64 / size as f64 * (1.0 + average / f).ln())
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests;
