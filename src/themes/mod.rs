//! Guided themes: a theme lexicon, per-unit assignment, seed expansion, ranking, prevalence
//! by group with bootstrap intervals, and the units behind every number.
//!
//! [`analyse`] runs the whole stage on a corpus; [`assign`], [`prevalence`] and [`rank`] are
//! its steps. Units are identified by their position in [`ThemeReport::units`]; every
//! ranking row and prevalence cell lists the ids of its units.
//!
//! ```
//! use policylens::corpus::{Corpus, Document, LoadOptions};
//! use policylens::segment::{SegmentConfig, Segmenter};
//! use policylens::themes::{analyse, ThemeConfig, ThemeLexicon};
//!
//! let text = "金沙街道坚持党建引领，党员干部冲在一线。\n全力推进招商引资，签约外资项目3个。\n实施老旧小区改造，推进城市更新。";
//! let doc = Document::from_text("jinsha.txt", text, &LoadOptions::default());
//! let corpus = Corpus { documents: vec![doc], ..Corpus::default() };
//! // Seeds go to the segmenter as extra words, so each is kept whole and counted.
//! let lexicon = ThemeLexicon::bundled();
//! let words = SegmentConfig { extra_words: lexicon.words(), ..SegmentConfig::default() };
//! let segmenter = Segmenter::new(&words).unwrap();
//! let config = ThemeConfig { by: "file".into(), bootstrap: 100, ..ThemeConfig::default() };
//! let report = analyse(&corpus, &segmenter, lexicon, &config).unwrap();
//! let cell = report.prevalence.iter().find(|r| r.theme == "招商引资").unwrap();
//! assert_eq!(cell.units, [1]);
//! assert!((cell.share - 1.0 / 3.0).abs() < 1e-12);
//! let evidence = report.evidence(&corpus, "jinsha.txt", "招商引资").unwrap();
//! assert!(evidence[0].text.starts_with("全力推进招商引资"));
//! ```

pub mod discover;
mod discover_cluster;
mod discover_label;
mod guided;
mod lexicon;
mod prevalence;
pub mod svd;

use serde::{Deserialize, Serialize};

pub use discover::DiscoverConfig;
pub use guided::{assign, Assignment, UnitAssignment, UnitTheme};
pub use lexicon::{ExpandedTerm, Theme, ThemeLexicon};
pub use prevalence::{prevalence, rank, PrevalenceRow, RankRow, UnitRow};

use crate::corpus::{Corpus, Unit, NO_GROUP};
use crate::segment::{segment_corpus, Segmenter, UnitTokens};
use crate::{Error, Result};

/// Settings of the theme stage. Every field's default is documented beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ThemeConfig {
    /// The unit texts are scored in. Default: paragraph.
    pub unit: Unit,
    /// The metadata column groups are formed by. Default: `locality`.
    pub by: String,
    /// Score a unit needs for a theme (see [`assign`]); 0 assigns on any hit. Default: 1.0.
    pub threshold: f64,
    /// Terms added to each theme by seed expansion; 0 turns expansion off. Default: 0.
    pub expand: usize,
    /// Seed units an expansion candidate must occur in. Default: 3.
    pub expand_min_units: usize,
    /// Documents whose seed units an expansion candidate must occur in. Default: 2.
    pub expand_min_documents: usize,
    /// Smallest P(theme | term) for an expansion candidate. Default: 0.5.
    pub expand_min_probability: f64,
    /// Bootstrap resamples per group. Default: 1000.
    pub bootstrap: usize,
    /// Seed of the bootstrap's random generator. Default: 42.
    pub seed: u64,
    /// Groups with fewer units are flagged as small. Default: 20.
    pub min_group_units: usize,
    /// Share of a group's units a theme needs for the group to count in its spread. Default:
    /// 0.05.
    pub spread_floor: f64,
    /// Discover themes by clustering the units too. Default: none (guided themes only).
    pub discover: Option<DiscoverConfig>,
}

impl Default for ThemeConfig {
    fn default() -> Self {
        ThemeConfig {
            unit: Unit::Paragraph,
            by: "locality".to_string(),
            threshold: 1.0,
            expand: 0,
            expand_min_units: 3,
            expand_min_documents: 2,
            expand_min_probability: 0.5,
            bootstrap: 1000,
            seed: 42,
            min_group_units: 20,
            spread_floor: 0.05,
            discover: None,
        }
    }
}

impl ThemeConfig {
    /// Checks every value, naming the first that is out of range.
    pub fn validate(&self) -> Result<()> {
        if !self.threshold.is_finite() || self.threshold < 0.0 {
            return Err(Error::param("threshold", self.threshold, "a number >= 0"));
        }
        if self.expand_min_units == 0 {
            return Err(Error::param("expand_min_units", 0, "at least 1"));
        }
        let p = self.expand_min_probability;
        if !(p > 0.0 && p <= 1.0) {
            return Err(Error::param("expand_min_probability", p, "0 < p <= 1"));
        }
        if self.bootstrap == 0 {
            return Err(Error::param("bootstrap", 0, "at least 1 resample"));
        }
        let f = self.spread_floor;
        if !(0.0..=1.0).contains(&f) {
            return Err(Error::param("spread_floor", f, "a share between 0 and 1"));
        }
        if let Some(discover) = &self.discover {
            discover.validate()?;
        }
        Ok(())
    }
}

/// A term added by expansion, for the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpansionRow {
    /// The theme it was added to.
    pub theme: String,
    /// The term.
    pub term: String,
    /// Its normalised PMI with the theme's seed units (also its weight).
    pub score: f64,
    /// Seed units it occurs in.
    pub units: usize,
}

/// The units behind one cell, with their text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Unit id.
    pub unit: usize,
    /// Document file.
    pub file: String,
    /// First paragraph.
    pub paragraph: usize,
    /// Byte offsets into the document's cleaned text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The unit's score for the theme.
    pub score: f64,
    /// `text[start..end]` of the cleaned document.
    pub text: String,
}

/// A unit that represents a discovered theme (closest to its centroid).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Representative {
    /// Unit id (index into [`ThemeReport::units`]).
    pub unit: usize,
    /// The document's file.
    pub file: String,
    /// First paragraph of the unit.
    pub paragraph: usize,
    /// The unit's cleaned text.
    pub text: String,
}

/// A discovered theme as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiscoveredRow {
    /// Cluster number (0 is the largest).
    pub cluster: usize,
    /// Units in it.
    pub size: usize,
    /// Its distinctive terms (class-based TF-IDF).
    pub label_terms: Vec<String>,
    /// The closest guided theme, if any shares terms with it.
    pub nearest_theme: Option<String>,
    /// Cosine similarity to that theme, in [0, 1]: low values mark new themes.
    pub similarity: f64,
    /// Its most representative units.
    pub representative: Vec<Representative>,
}

/// Everything the theme stage finds. Serialises to the `themes --format json` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeReport {
    /// Themes, best first.
    pub ranking: Vec<RankRow>,
    /// One row per group and theme.
    pub prevalence: Vec<PrevalenceRow>,
    /// Discovered (clustered) themes, largest first; empty unless discovery was asked for.
    pub discovered: Vec<DiscoveredRow>,
    /// Terms added by seed expansion, per theme in lexicon order.
    pub expansion: Vec<ExpansionRow>,
    /// Every unit with its group and themes; ids elsewhere index this list.
    pub units: Vec<UnitRow>,
    /// The lexicon as used, expanded terms included.
    pub lexicon: ThemeLexicon,
    /// The settings used.
    pub config: ThemeConfig,
    /// Median content tokens of a unit, the `L` of the score.
    pub reference_tokens: usize,
    /// Small groups and other caveats.
    pub warnings: Vec<String>,
}

/// Segments `corpus` into `config.unit`s, assigns themes, and computes prevalence by
/// `config.by` and the ranking. Build `segmenter` with
/// [`SegmentConfig::extra_words`](crate::segment::SegmentConfig::extra_words) set to
/// [`ThemeLexicon::words`] so that every seed is kept whole and counted.
pub fn analyse(
    corpus: &Corpus,
    segmenter: &Segmenter,
    lexicon: &ThemeLexicon,
    config: &ThemeConfig,
) -> Result<ThemeReport> {
    config.validate()?;
    let tokens = segment_corpus(corpus, segmenter, config.unit);
    analyse_units(corpus, &tokens, lexicon, config)
}

/// [`analyse`] on units already segmented (by [`segment_corpus`] with `config.unit`).
pub fn analyse_units(
    corpus: &Corpus,
    tokens: &[UnitTokens<'_>],
    lexicon: &ThemeLexicon,
    config: &ThemeConfig,
) -> Result<ThemeReport> {
    config.validate()?;
    let groups = corpus.groups(&config.by)?;
    let assignment = assign(tokens, lexicon, config)?;
    let names = assignment.lexicon.names();
    let units: Vec<UnitRow> = assignment
        .units
        .iter()
        .enumerate()
        .map(|(id, a)| {
            let doc = corpus.documents.get(a.unit.doc);
            let text = doc.map_or("", |d| a.unit.span.slice(&d.text));
            UnitRow {
                id,
                file: doc.map_or_else(String::new, |d| d.file.clone()),
                doc: a.unit.doc,
                paragraph: a.unit.paragraph,
                sentence: a.unit.sentence,
                start: a.unit.span.start,
                end: a.unit.span.end,
                chars: text.chars().count(),
                group: groups
                    .get(a.unit.doc)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| NO_GROUP.to_string()),
                themes: a
                    .themes
                    .iter()
                    .map(|t| names[t.theme].to_string())
                    .collect(),
                scores: a.themes.iter().map(|t| t.score).collect(),
                hits: a.themes.iter().map(|t| t.hits).collect(),
                cluster: None,
            }
        })
        .collect();
    let mut units = units;
    let discovered = match &config.discover {
        Some(settings) => {
            discover_themes(corpus, tokens, &assignment.lexicon, settings, &mut units)?
        }
        None => Vec::new(),
    };
    let rows = prevalence(&units, &names, config);
    let ranking = rank(&units, &rows, &names, config);
    let mut warnings = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for r in rows.iter().filter(|r| r.small_group) {
        if seen.insert(r.group.clone()) {
            warnings.push(format!(
                "group {} has {} {}s (fewer than {}): its intervals are wide",
                r.group, r.group_units, config.unit, config.min_group_units
            ));
        }
    }
    let expansion = assignment
        .lexicon
        .themes
        .iter()
        .flat_map(|t| {
            t.expanded.iter().map(|e| ExpansionRow {
                theme: t.name.clone(),
                term: e.term.clone(),
                score: e.score,
                units: e.units,
            })
        })
        .collect();
    Ok(ThemeReport {
        ranking,
        prevalence: rows,
        discovered,
        expansion,
        units,
        reference_tokens: assignment.reference_tokens,
        lexicon: assignment.lexicon,
        config: config.clone(),
        warnings,
    })
}

/// Clusters the units, records each unit's cluster, and describes every cluster with its
/// representative units and nearest guided theme (seeds and expanded terms).
fn discover_themes(
    corpus: &Corpus,
    tokens: &[UnitTokens<'_>],
    lexicon: &ThemeLexicon,
    settings: &DiscoverConfig,
    units: &mut [UnitRow],
) -> Result<Vec<DiscoveredRow>> {
    let themes: Vec<(String, Vec<String>)> = lexicon
        .themes
        .iter()
        .map(|t| {
            let mut words = t.seeds.clone();
            words.extend(t.expanded.iter().map(|e| e.term.clone()));
            (t.name.clone(), words)
        })
        .collect();
    let discovery = discover::discover(tokens, &themes, settings)?;
    for (unit, cluster) in units.iter_mut().zip(&discovery.assignments) {
        unit.cluster = *cluster;
    }
    let representative = |id: usize| -> Option<Representative> {
        let unit = units.get(id)?;
        let text = corpus
            .documents
            .get(unit.doc)
            .and_then(|d| d.text.get(unit.start..unit.end))
            .unwrap_or("");
        Some(Representative {
            unit: id,
            file: unit.file.clone(),
            paragraph: unit.paragraph,
            text: text.to_string(),
        })
    };
    Ok(discovery
        .clusters
        .into_iter()
        .map(|c| DiscoveredRow {
            cluster: c.cluster,
            size: c.size,
            label_terms: c.label_terms,
            nearest_theme: c.nearest_theme,
            similarity: c.similarity,
            representative: c
                .representative
                .iter()
                .filter_map(|&i| representative(i))
                .collect(),
        })
        .collect())
}

impl ThemeReport {
    /// The units behind the cell (`group`, `theme`), with their text from `corpus` (the corpus
    /// the report was made from). An unknown group or theme is an error listing those known.
    pub fn evidence(&self, corpus: &Corpus, group: &str, theme: &str) -> Result<Vec<Evidence>> {
        let Some(cell) = self
            .prevalence
            .iter()
            .find(|r| r.group == group && r.theme == theme)
        else {
            let known = |f: fn(&PrevalenceRow) -> &str| {
                let mut v: Vec<&str> = self.prevalence.iter().map(f).collect();
                v.sort_unstable();
                v.dedup();
                v.join(", ")
            };
            return Err(if self.prevalence.iter().any(|r| r.group == group) {
                Error::param("theme", theme, format!("one of {}", known(|r| &r.theme)))
            } else {
                Error::param("group", group, format!("one of {}", known(|r| &r.group)))
            });
        };
        Ok(cell
            .units
            .iter()
            .filter_map(|&id| self.units.get(id))
            .map(|u| {
                let text = corpus
                    .documents
                    .get(u.doc)
                    .and_then(|d| d.text.get(u.start..u.end))
                    .unwrap_or("");
                let score = u
                    .themes
                    .iter()
                    .position(|t| t == theme)
                    .and_then(|i| u.scores.get(i).copied())
                    .unwrap_or(0.0);
                Evidence {
                    unit: u.id,
                    file: u.file.clone(),
                    paragraph: u.paragraph,
                    start: u.start,
                    end: u.end,
                    score,
                    text: text.to_string(),
                }
            })
            .collect())
    }
}
