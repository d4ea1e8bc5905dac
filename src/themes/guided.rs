//! Guided assignment: every unit scored against every theme, with optional seed expansion.
//!
//! **Score.** With `N` units, `df(w)` the units containing term `w`, and smooth idf
//! `idf(w) = ln((1 + N) / (1 + df(w))) + 1` (≥ 1), a unit `u` of `n` content tokens scores
//!
//! ```text
//! score(u, t) = Σ_{w ∈ terms(t)} count(w, u) · idf(w) · weight(w) · min(1, L / n)
//! ```
//!
//! where `terms(t)` are the theme's seeds (weight 1) and expanded terms (weight = their
//! expansion score, in (0, 1]), and `L` is the median content tokens of a non-empty unit. A
//! unit is assigned the theme when its score reaches `threshold` (default 1.0) and it holds
//! none of the theme's exclude terms. Since idf ≥ 1, one seed hit in a unit no longer than the
//! median always counts; a unit `k` times longer needs `k` hits' worth of evidence (fewer when
//! the seeds are rare), so long documents are not assigned a theme for one passing mention.
//!
//! **Expansion** (`expand = N > 0`). The seed units of a theme are the units with a seed hit
//! and no exclude term. A term `w` becomes a candidate when it occurs in at least
//! `expand_min_units` seed units of at least `expand_min_documents` documents (vocabulary of
//! one report is that report's, not the theme's), `P(theme | w) = co / df(w) ≥
//! expand_min_probability`, it is
//! not a seed or exclude term of any theme, and it is not a place, person or organisation
//! name (those track one locality, not a theme). Candidates are ranked by normalised PMI
//! `ln(co·N / (|seed units|·df(w))) / −ln(co / N)` (ties: more units, then code-point order)
//! and the top `N` with a positive score are added, listed in [`Theme::expanded`].

use rayon::prelude::*;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::{ExpandedTerm, Theme, ThemeConfig, ThemeLexicon};
use crate::corpus::UnitSpan;
use crate::segment::UnitTokens;
use crate::Result;

/// One theme assigned to one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitTheme {
    /// Index of the theme in [`Assignment::lexicon`].
    pub theme: usize,
    /// The unit's score for the theme (see the module docs).
    pub score: f64,
    /// Occurrences of the theme's seeds and expanded terms in the unit.
    pub hits: usize,
}

/// The themes of one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitAssignment {
    /// Which document and span.
    pub unit: UnitSpan,
    /// Content tokens in the unit.
    pub tokens: usize,
    /// Assigned themes, highest score first (ties: lexicon order).
    pub themes: Vec<UnitTheme>,
}

/// The result of [`assign`]: the lexicon as used (with expanded terms) and each unit's themes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// The lexicon with [`Theme::expanded`] filled in.
    pub lexicon: ThemeLexicon,
    /// `L`: median content tokens of a non-empty unit (at least 1).
    pub reference_tokens: usize,
    /// One entry per input unit, in input order.
    pub units: Vec<UnitAssignment>,
}

/// Part-of-speech tags of names, never added by expansion.
const NAME_TAGS: [&str; 5] = ["ns", "nr", "nrfg", "nrt", "nt"];

/// Scores every unit against every theme and assigns those passing `config.threshold`,
/// expanding the seeds first when `config.expand > 0`.
///
/// ```
/// use policylens::corpus::{Corpus, Document, LoadOptions, Unit};
/// use policylens::segment::{segment_corpus, SegmentConfig, Segmenter};
/// use policylens::themes::{assign, ThemeConfig, ThemeLexicon};
///
/// let text = "坚持党建引领，建强党组织。\n推进老旧小区改造和城市更新。\n全年新增企业9家。";
/// let doc = Document::from_text("a.txt", text, &LoadOptions::default());
/// let corpus = Corpus { documents: vec![doc], ..Corpus::default() };
/// let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
/// let units = segment_corpus(&corpus, &segmenter, Unit::Paragraph);
/// let lexicon = ThemeLexicon::bundled();
/// let result = assign(&units, lexicon, &ThemeConfig::default()).unwrap();
/// let names = |i: usize| -> Vec<&str> {
///     result.units[i].themes.iter().map(|t| lexicon.themes[t.theme].name.as_str()).collect()
/// };
/// assert_eq!(names(0), ["党建引领"]);
/// assert_eq!(names(1), ["城市更新"]);
/// assert!(names(2).is_empty());
/// ```
pub fn assign(
    units: &[UnitTokens<'_>],
    lexicon: &ThemeLexicon,
    config: &ThemeConfig,
) -> Result<Assignment> {
    config.validate()?;
    let counts: Vec<FxHashMap<&str, usize>> = units
        .par_iter()
        .map(|u| {
            let mut m = FxHashMap::default();
            for &term in u.terms() {
                *m.entry(term).or_insert(0) += 1;
            }
            m
        })
        .collect();
    let n = units.len();
    let mut df: FxHashMap<&str, usize> = FxHashMap::default();
    for m in &counts {
        for term in m.keys() {
            *df.entry(term).or_insert(0) += 1;
        }
    }
    let idf = |w: &str| {
        let d = df.get(w).copied().unwrap_or(0);
        ((1.0 + n as f64) / (1.0 + d as f64)).ln() + 1.0
    };
    let mut lexicon = lexicon.clone();
    for theme in &mut lexicon.themes {
        theme.expanded.clear();
    }
    if config.expand > 0 {
        let names: FxHashSet<&str> = units
            .iter()
            .flat_map(UnitTokens::tokens)
            .filter(|t| NAME_TAGS.contains(&t.pos))
            .map(|t| t.term)
            .collect();
        let docs: Vec<usize> = units.iter().map(|u| u.unit.doc).collect();
        let expanded: Vec<Vec<ExpandedTerm>> = lexicon
            .themes
            .iter()
            .map(|t| expand(t, &lexicon, (&counts, &docs), &df, &names, config))
            .collect();
        for (theme, terms) in lexicon.themes.iter_mut().zip(expanded) {
            theme.expanded = terms;
        }
    }

    let mut lengths: Vec<usize> = units
        .iter()
        .map(UnitTokens::len)
        .filter(|&l| l > 0)
        .collect();
    lengths.sort_unstable();
    let reference_tokens = lengths
        .get(lengths.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or(1)
        .max(1);

    // term → (theme, weight) for every seed and expanded term.
    let mut weights: FxHashMap<&str, Vec<(usize, f64)>> = FxHashMap::default();
    for (i, theme) in lexicon.themes.iter().enumerate() {
        for seed in &theme.seeds {
            weights.entry(seed.as_str()).or_default().push((i, 1.0));
        }
        for e in &theme.expanded {
            weights
                .entry(e.term.as_str())
                .or_default()
                .push((i, e.score));
        }
    }
    let out = units
        .par_iter()
        .zip(counts.par_iter())
        .map(|(u, m)| {
            // BTreeMap: themes in lexicon order before sorting by score.
            let mut evidence: BTreeMap<usize, (f64, usize)> = BTreeMap::new();
            for (term, &c) in m {
                for &(t, w) in weights.get(term).map_or(&[][..], Vec::as_slice) {
                    let e = evidence.entry(t).or_insert((0.0, 0));
                    e.0 += c as f64 * idf(term) * w;
                    e.1 += c;
                }
            }
            let scale = (reference_tokens as f64 / u.len().max(1) as f64).min(1.0);
            let mut themes: Vec<UnitTheme> = evidence
                .into_iter()
                .map(|(theme, (e, hits))| UnitTheme {
                    theme,
                    score: e * scale,
                    hits,
                })
                .filter(|t| t.score >= config.threshold && t.hits > 0)
                .filter(|t| !vetoed(&lexicon.themes[t.theme], m))
                .collect();
            themes.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.theme.cmp(&b.theme)));
            UnitAssignment {
                unit: u.unit,
                tokens: u.len(),
                themes,
            }
        })
        .collect();
    Ok(Assignment {
        lexicon,
        reference_tokens,
        units: out,
    })
}

fn vetoed(theme: &Theme, counts: &FxHashMap<&str, usize>) -> bool {
    theme
        .exclude
        .iter()
        .any(|w| counts.contains_key(w.as_str()))
}

/// The expanded terms of one theme (see the module docs).
fn expand(
    theme: &Theme,
    lexicon: &ThemeLexicon,
    (counts, docs): (&[FxHashMap<&str, usize>], &[usize]),
    df: &FxHashMap<&str, usize>,
    names: &FxHashSet<&str>,
    config: &ThemeConfig,
) -> Vec<ExpandedTerm> {
    let n = counts.len() as f64;
    let seed_units: Vec<(&FxHashMap<&str, usize>, usize)> = counts
        .iter()
        .zip(docs.iter().copied())
        .filter(|(m, _)| theme.seeds.iter().any(|s| m.contains_key(s.as_str())))
        .filter(|(m, _)| !vetoed(theme, m))
        .collect();
    let blocked: FxHashSet<&str> = lexicon
        .themes
        .iter()
        .flat_map(|t| t.seeds.iter())
        .chain(&theme.exclude)
        .map(String::as_str)
        .collect();
    // term → (seed units, documents of those units); units come in document order.
    let mut co: FxHashMap<&str, (usize, usize, usize)> = FxHashMap::default();
    for (m, doc) in &seed_units {
        for term in m.keys() {
            let e = co.entry(term).or_insert((0, 0, usize::MAX));
            e.0 += 1;
            if e.2 != *doc {
                e.1 += 1;
                e.2 = *doc;
            }
        }
    }
    let k = seed_units.len() as f64;
    let mut candidates: Vec<ExpandedTerm> = co
        .into_iter()
        .filter(|(w, (c, d, _))| {
            *c >= config.expand_min_units
                && *d >= config.expand_min_documents
                && !blocked.contains(w)
                && !names.contains(w)
        })
        .filter_map(|(w, (c, _, _))| {
            let d = df.get(w).copied().unwrap_or(c).max(c) as f64;
            let c = c as f64;
            if c / d < config.expand_min_probability {
                return None;
            }
            let pmi = (c * n / (k * d)).ln();
            let denom = -(c / n).ln();
            let npmi = if denom > 0.0 { pmi / denom } else { 1.0 };
            (npmi > 0.0).then(|| ExpandedTerm {
                term: w.to_string(),
                score: npmi.min(1.0),
                units: c as usize,
            })
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.units.cmp(&a.units))
            .then(a.term.cmp(&b.term))
    });
    candidates.truncate(config.expand);
    candidates
}
