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

mod charts;
mod compare_html;
mod html;
mod run;
mod table;

use std::collections::BTreeMap;
use std::time::Instant;

use serde::{Deserialize, Serialize};

pub use charts::ChartFile;
pub use run::{CorpusSummary, RunInfo, StageTiming};
pub use table::TableFile;

use crate::compare::{
    find_reuse, keyness, reused_paragraphs, similarity, GroupCounts, KeynessConfig, KeynessRow,
    ReuseConfig, ReusePair, SimilarityConfig, SimilarityRow,
};
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
    /// Keyness of each group against the rest; `top` terms per group go into the tables (0:
    /// all). Default: the defaults with `top` 50.
    pub keyness: KeynessConfig,
    /// Leave paragraphs reused across documents (see `reuse`) out of keyness, so template
    /// language does not count as local emphasis. Default: true.
    pub keyness_exclude_reuse: bool,
    /// Near-duplicate paragraphs across documents. Default: the defaults.
    pub reuse: ReuseConfig,
    /// Most reuse pairs kept in `tables/reuse.*`, the most similar first; 0 keeps every pair
    /// (`policylens reuse` lists them all). Default: 1,000.
    pub reuse_rows: usize,
    /// Group × group similarity. Default: the defaults.
    pub similarity: SimilarityConfig,
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
            keyness: KeynessConfig {
                top: 50,
                ..KeynessConfig::default()
            },
            keyness_exclude_reuse: true,
            reuse: ReuseConfig::default(),
            reuse_rows: 1000,
            similarity: SimilarityConfig::default(),
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
    /// Keyness, similarity and text reuse between groups.
    Compare,
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
            Stage::Compare => "compare",
            Stage::Render => "render",
        }
    }
}

/// Everything a report holds, ready to be written.
#[derive(Debug, Clone)]
pub struct Report {
    /// Tables, each written as `tables/{name}.csv` and `tables/{name}.json`.
    pub tables: Vec<TableFile>,
    /// Charts, each written as `charts/{name}.svg` and `charts/{name}.png`.
    pub charts: Vec<ChartFile>,
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
        for chart in &self.charts {
            files.push((
                format!("charts/{}.svg", chart.name),
                chart.svg.clone().into_bytes(),
            ));
            files.push((format!("charts/{}.png", chart.name), chart.png.clone()));
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
    // Locality × year × theme, for the small multiples, when the groups span several years.
    let by_group_year = by_year
        .is_some()
        .then(|| prevalence_by_pair(corpus, &themes, &config.themes.by, "year"))
        .transpose()?;
    lap(Stage::Themes, &mut timings);

    progress(Stage::Compare);
    let comparison = compare_groups(corpus, &units, lexicon, config)?;
    // Rendering needs no token: the corpus's tokens are let go before the tables are built.
    drop(units);
    lap(Stage::Compare, &mut timings);

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
    tables.push(TableFile::new("keyness", &comparison.keyness)?.or_headers(&KeynessRow::COLUMNS));
    tables.push(
        TableFile::new("similarity", &comparison.similarity)?.or_headers(&SimilarityRow::COLUMNS),
    );
    tables.push(TableFile::new("reuse", &comparison.reuse)?.or_headers(&ReusePair::COLUMNS));

    let chart_files = charts::render(&charts::ChartInputs {
        themes: &themes,
        by_year: by_year.as_deref(),
        by_group_year: by_group_year.as_deref(),
        keyness: &comparison.keyness_all,
        similarity: &comparison.similarity,
    })?;
    let charts: BTreeMap<String, String> = chart_files
        .iter()
        .map(|c| (c.name.clone(), c.svg.clone()))
        .collect();
    let sections = compare_html::sections(&comparison, config, &themes.config.by, &charts);
    let page = html::Page {
        corpus,
        config,
        themes: &themes,
        by_year: by_year.as_deref(),
        keywords: &keywords,
        charts: &charts,
        sections: &sections,
    };
    let html = page.render();
    lap(Stage::Render, &mut timings);

    let mut run = RunInfo::new(corpus, config, lexicon, &segmenter, timings);
    run.warnings.extend(themes.warnings.iter().cloned());
    run.warnings.extend(comparison.warnings.iter().cloned());
    Ok(Report {
        tables,
        charts: chart_files,
        html,
        run,
    })
}

/// What the compare stage finds.
pub(crate) struct Comparison {
    /// The `keyness.top` most over-used terms of each group.
    keyness: Vec<KeynessRow>,
    /// Every tested term of each group, both tails (for the charts).
    keyness_all: Vec<KeynessRow>,
    similarity: Vec<SimilarityRow>,
    reuse: Vec<ReusePair>,
    /// Paragraphs left out of keyness as reused.
    excluded: usize,
    /// Reuse pairs found (`reuse` keeps the most similar `reuse_rows`).
    reuse_total: usize,
    warnings: Vec<String>,
}

/// Reuse across documents, keyness of each group against the rest (reused paragraphs left out
/// when configured) and the group × group similarity. With fewer than two groups there is
/// nothing to compare: keyness and similarity are empty and a warning says why.
fn compare_groups(
    corpus: &Corpus,
    units: &[UnitTokens<'_>],
    lexicon: &ThemeLexicon,
    config: &ReportConfig,
) -> Result<Comparison> {
    let by = &config.themes.by;
    let reuse = find_reuse(corpus, &config.reuse)?;
    let skip = if config.keyness_exclude_reuse {
        reused_paragraphs(&reuse)
    } else {
        Default::default()
    };
    let counts = GroupCounts::from_corpus(corpus, units, by, &skip)?;
    let mut warnings = Vec::new();
    let (keyness_all, similarity_rows) = if counts.groups.len() < 2 {
        warnings.push(format!(
            "only {} group by {by}: keyness and similarity need at least two",
            counts.groups.len()
        ));
        (Vec::new(), Vec::new())
    } else {
        let keyness_config = KeynessConfig {
            by: by.clone(),
            top: 0,
            ..config.keyness.clone()
        };
        let similarity_config = SimilarityConfig {
            by: by.clone(),
            ..config.similarity.clone()
        };
        (
            keyness(&counts, &keyness_config)?,
            similarity(corpus, units, lexicon, &similarity_config)?,
        )
    };
    // Rows come group by group, z descending: the table keeps the head of each group.
    let mut keyness_rows = Vec::new();
    for group in keyness_all.chunk_by(|a, b| a.group == b.group) {
        let top = match config.keyness.top {
            0 => group.len(),
            n => n.min(group.len()),
        };
        keyness_rows.extend(group[..top].iter().cloned());
    }
    let reuse_total = reuse.len();
    let mut reuse = reuse;
    reuse.sort_by(|x, y| {
        y.similarity
            .total_cmp(&x.similarity)
            .then_with(|| (x.a_doc, x.a_paragraph).cmp(&(y.a_doc, y.a_paragraph)))
            .then_with(|| (x.b_doc, x.b_paragraph).cmp(&(y.b_doc, y.b_paragraph)))
    });
    if config.reuse_rows > 0 {
        reuse.truncate(config.reuse_rows);
    }
    Ok(Comparison {
        keyness: keyness_rows,
        keyness_all,
        similarity: similarity_rows,
        excluded: skip.len(),
        reuse,
        reuse_total,
        warnings,
    })
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
        docs[i].units.push(unit.terms().to_vec());
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

/// Prevalence with units grouped by two columns at once, the groups named `first\tsecond`;
/// units missing either value are left out.
fn prevalence_by_pair(
    corpus: &Corpus,
    themes: &ThemeReport,
    first: &str,
    second: &str,
) -> Result<Vec<crate::themes::PrevalenceRow>> {
    let (a, b) = (corpus.groups(first)?, corpus.groups(second)?);
    let units: Vec<_> = themes
        .units
        .iter()
        .filter_map(|unit| {
            let x = a.get(unit.doc)?.as_deref()?;
            let y = b.get(unit.doc)?.as_deref()?;
            let mut unit = unit.clone();
            unit.group = format!("{x}\t{y}");
            Some(unit)
        })
        .collect();
    let names = themes.lexicon.names();
    let config = ThemeConfig {
        by: format!("{first}+{second}"),
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
