//! The report: every stage run on one corpus, its tables, its charts, and one self-contained
//! HTML page whose numbers link to the sentences behind them.
//!
//! [`build`] runs the stages on a loaded corpus and returns the [`Report`] in memory: tables
//! (CSV and JSON), charts (SVG and PNG), `index.html` and the run record. [`Report::files`]
//! lists the files to write, so the caller decides where and how (atomically, for the CLI).
//! Tables depend only on the corpus and the config: two runs with the same seed give the same
//! bytes; only the timings in `run.json` differ.
//!
//! ```no_run
//! use policylens::corpus::{load, LoadOptions};
//! use policylens::report::{build, ReportConfig};
//!
//! let corpus = load("data/corpus/seeds".as_ref(), &LoadOptions::default()).unwrap();
//! let report = build(&corpus, &ReportConfig::default(), &|_stage| {}).unwrap();
//! let heatmap = report.tables.iter().find(|t| t.name == "theme_prevalence").unwrap();
//! assert!(heatmap.rows.iter().any(|row| row[0] == "金沙街道"));
//! ```

mod html;
mod run;
mod table;

use std::collections::BTreeMap;
use std::time::Instant;

use serde::{Deserialize, Serialize};

pub use run::{CorpusSummary, RunInfo, StageTiming};
pub use table::TableFile;

use crate::corpus::{Corpus, NO_GROUP};
use crate::keywords::{self, Keyword, KeywordConfig, KeywordDoc, KeywordMethod};
use crate::segment::{segment_corpus, SegmentConfig, Segmenter, UnitTokens};
use crate::themes::{
    analyse_units, prevalence, DiscoverConfig, ThemeConfig, ThemeLexicon, ThemeReport,
};
use crate::Result;

/// Settings of a report. Every field's default is documented beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportConfig {
    /// Segmentation (the theme lexicon's seeds are added as words). Default: the defaults.
    pub segment: SegmentConfig,
    /// The theme stage; its `by` groups every table and chart. Default: by locality, with
    /// discovered themes (k chosen by silhouette in 2..10).
    pub themes: ThemeConfig,
    /// Keywords per group. Default: class-based TF-IDF, top 10.
    pub keywords: KeywordConfig,
    /// Evidence snippets shown per theme × group cell in the HTML (all are in the tables).
    /// Default: 5.
    pub evidence_per_cell: usize,
    /// Characters of a snippet shown in the HTML before it is cut with an ellipsis. Default: 200.
    pub snippet_chars: usize,
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            segment: SegmentConfig::default(),
            themes: ThemeConfig {
                discover: Some(DiscoverConfig::default()),
                ..ThemeConfig::default()
            },
            keywords: KeywordConfig {
                method: KeywordMethod::Ctfidf,
                ..KeywordConfig::default()
            },
            evidence_per_cell: 5,
            snippet_chars: 200,
        }
    }
}

/// A stage of the report, as progress callbacks name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Segmenting the units.
    Segment,
    /// Keywords per group.
    Keywords,
    /// Guided and discovered themes, prevalence.
    Themes,
    /// Tables, charts and the HTML page.
    Render,
}

impl Stage {
    /// The stage's name in `run.json`.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Segment => "segment",
            Stage::Keywords => "keywords",
            Stage::Themes => "themes",
            Stage::Render => "render",
        }
    }
}

/// Everything a report holds, ready to be written.
#[derive(Debug, Clone)]
pub struct Report {
    /// Tables, each written as `tables/{name}.csv` and `tables/{name}.json`.
    pub tables: Vec<TableFile>,
    /// The HTML page.
    pub html: String,
    /// The run record (`run.json`).
    pub run: RunInfo,
}

impl Report {
    /// The files of the report as (path relative to the output folder, bytes), in a fixed
    /// order; with `excel` the CSV files start with a UTF-8 byte-order mark.
    pub fn files(&self, excel: bool) -> Result<Vec<(String, Vec<u8>)>> {
        let mut files = Vec::new();
        for table in &self.tables {
            files.push((format!("tables/{}.csv", table.name), table.csv(excel)?));
            files.push((
                format!("tables/{}.json", table.name),
                table.json.clone().into_bytes(),
            ));
        }
        files.push(("index.html".to_string(), self.html.clone().into_bytes()));
        files.push(("run.json".to_string(), self.run.to_json()?.into_bytes()));
        Ok(files)
    }
}

/// One row of the `documents` table.
#[derive(Debug, Clone, Serialize)]
struct DocumentRow<'a> {
    file: &'a str,
    group: &'a str,
    locality: Option<&'a str>,
    level: Option<&'static str>,
    province: Option<&'a str>,
    city: Option<&'a str>,
    county: Option<&'a str>,
    year: Option<i32>,
    encoding: String,
    chars: usize,
    paragraphs: usize,
}

/// Runs every stage on `corpus` and assembles the report. `progress` is called as each stage
/// starts.
pub fn build(corpus: &Corpus, config: &ReportConfig, progress: &dyn Fn(Stage)) -> Result<Report> {
    config.themes.validate()?;
    config.keywords.validate()?;
    let lexicon = ThemeLexicon::bundled();
    build_with_lexicon(corpus, lexicon, config, progress)
}

/// [`build`] with a theme lexicon of the caller's.
pub fn build_with_lexicon(
    corpus: &Corpus,
    lexicon: &ThemeLexicon,
    config: &ReportConfig,
    progress: &dyn Fn(Stage),
) -> Result<Report> {
    config.themes.validate()?;
    config.keywords.validate()?;
    let groups = corpus.groups(&config.themes.by)?;
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |stage: Stage, timings: &mut Vec<StageTiming>| {
        timings.push(StageTiming {
            stage: stage.name().to_string(),
            seconds: clock.elapsed().as_secs_f64(),
        });
        clock = Instant::now();
    };

    progress(Stage::Segment);
    let mut words = config.segment.extra_words.clone();
    words.extend(lexicon.words());
    let segmenter = Segmenter::new(&SegmentConfig {
        extra_words: words,
        ..config.segment.clone()
    })?;
    let units = segment_corpus(corpus, &segmenter, config.themes.unit);
    lap(Stage::Segment, &mut timings);

    progress(Stage::Keywords);
    let keywords = group_keywords(&units, &groups, &config.keywords)?;
    lap(Stage::Keywords, &mut timings);

    progress(Stage::Themes);
    let themes = analyse_units(corpus, &units, lexicon, &config.themes)?;
    let by_year = (config.themes.by != "year")
        .then(|| prevalence_by(corpus, &themes, "year"))
        .transpose()?
        .filter(|rows| distinct_groups(rows) > 1);
    lap(Stage::Themes, &mut timings);

    progress(Stage::Render);
    let documents: Vec<DocumentRow> = corpus
        .documents
        .iter()
        .zip(&groups)
        .map(|(d, g)| {
            let m = &d.metadata;
            DocumentRow {
                file: &d.file,
                group: g.as_deref().unwrap_or(NO_GROUP),
                locality: m.locality.value.as_deref(),
                level: m.level.value.map(|l| l.as_str()),
                province: m.province.value.as_deref(),
                city: m.city.value.as_deref(),
                county: m.county.value.as_deref(),
                year: m.year.value,
                encoding: d.encoding.to_string(),
                chars: d.chars(),
                paragraphs: d.structure.paragraphs.len(),
            }
        })
        .collect();
    let mut tables = vec![
        TableFile::new("documents", &documents)?,
        TableFile::new("theme_ranking", &themes.ranking)?,
        TableFile::new("theme_prevalence", &themes.prevalence)?,
    ];
    if let Some(rows) = &by_year {
        tables.push(TableFile::new("theme_prevalence_by_year", rows)?);
    }
    tables.push(TableFile::new("theme_units", &themes.units)?);
    tables.push(
        TableFile::new("themes_discovered", &themes.discovered)?.or_headers(&[
            "cluster",
            "size",
            "label_terms",
            "nearest_theme",
            "similarity",
            "representative",
        ]),
    );
    tables.push(
        TableFile::new("theme_expansion", &themes.expansion)?
            .or_headers(&["theme", "term", "score", "units"]),
    );
    tables.push(TableFile::new("keywords", &keywords)?);

    let charts = BTreeMap::new();
    let page = html::Page {
        corpus,
        config,
        themes: &themes,
        by_year: by_year.as_deref(),
        keywords: &keywords,
        charts: &charts,
        sections: &[],
    };
    let html = page.render();
    lap(Stage::Render, &mut timings);

    let mut run = RunInfo::new(corpus, config, lexicon, &segmenter, timings);
    run.warnings.extend(themes.warnings.iter().cloned());
    Ok(Report { tables, html, run })
}

/// Keywords of each group, over the units' terms.
fn group_keywords(
    units: &[UnitTokens<'_>],
    groups: &[Option<String>],
    config: &KeywordConfig,
) -> Result<Vec<Keyword>> {
    // One keyword document per group, in group order, so that `file` grouping still works.
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut docs: Vec<KeywordDoc> = Vec::new();
    for unit in units {
        let group = groups
            .get(unit.unit.doc)
            .and_then(|g| g.as_deref())
            .unwrap_or(NO_GROUP);
        let i = *index.entry(group).or_insert_with(|| {
            docs.push(KeywordDoc {
                group: group.to_string(),
                units: Vec::new(),
            });
            docs.len() - 1
        });
        docs[i]
            .units
            .push(unit.tokens.iter().map(|t| t.term).collect());
    }
    keywords::extract(&docs, config)
}

/// The theme report's prevalence again, with units grouped by another metadata column.
fn prevalence_by(
    corpus: &Corpus,
    themes: &ThemeReport,
    by: &str,
) -> Result<Vec<crate::themes::PrevalenceRow>> {
    let groups = corpus.groups(by)?;
    let mut units = themes.units.clone();
    for unit in &mut units {
        unit.group = groups
            .get(unit.doc)
            .cloned()
            .flatten()
            .unwrap_or_else(|| NO_GROUP.to_string());
    }
    let names = themes.lexicon.names();
    let config = ThemeConfig {
        by: by.to_string(),
        ..themes.config.clone()
    };
    Ok(prevalence(&units, &names, &config))
}

fn distinct_groups(rows: &[crate::themes::PrevalenceRow]) -> usize {
    let mut groups: Vec<&str> = rows.iter().map(|r| r.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    groups.len()
}

#[cfg(test)]
mod tests;
