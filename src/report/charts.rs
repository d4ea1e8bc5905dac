//! The report's charts: each rendered once as SVG (inline in the page, and a file) and PNG.

use std::collections::BTreeMap;

use crate::chart::{self, Chart, ChartStyle, Diverging, Matrix};
use crate::compare::{KeynessRow, SimilarityRow};
use crate::themes::{PrevalenceRow, ThemeReport};
use crate::Result;

/// Terms shown on each side of a keyness chart.
const KEYNESS_TERMS: usize = 10;
/// Themes given a small-multiples chart (locality × year), best ranked first.
const SMALL_MULTIPLE_THEMES: usize = 3;

/// One chart of the report.
#[derive(Debug, Clone)]
pub struct ChartFile {
    /// Base name: the files are `charts/{name}.svg` and `charts/{name}.png`.
    pub name: String,
    /// The SVG document.
    pub svg: String,
    /// The PNG image.
    pub png: Vec<u8>,
}

/// What the charts are drawn from.
pub(super) struct ChartInputs<'a> {
    pub themes: &'a ThemeReport,
    pub by_year: Option<&'a [PrevalenceRow]>,
    /// Prevalence by group and year, the groups named `group\tyear`.
    pub by_group_year: Option<&'a [PrevalenceRow]>,
    /// Every keyness row (both tails), group by group, z descending.
    pub keyness: &'a [KeynessRow],
    pub similarity: &'a [SimilarityRow],
}

/// Draws every chart the inputs allow, in page order.
pub(super) fn render(inputs: &ChartInputs<'_>) -> Result<Vec<ChartFile>> {
    let mut charts: Vec<(String, Chart)> = Vec::new();
    let themes = inputs.themes;
    if !themes.ranking.is_empty() {
        charts.push((
            "theme_ranking".into(),
            chart::from_ranking(&themes.ranking)?,
        ));
    }
    if !themes.prevalence.is_empty() {
        charts.push((
            "theme_heatmap".into(),
            chart::from_prevalence(&themes.prevalence, "heatmap", "per_10k", None)?,
        ));
        let top = themes.ranking.first().map(|r| r.theme.as_str());
        charts.push((
            "theme_prevalence".into(),
            chart::from_prevalence(&themes.prevalence, "prevalence", "share", top)?,
        ));
    }
    if let Some(rows) = inputs.by_year.filter(|r| !r.is_empty()) {
        charts.push((
            "themes_over_time".into(),
            chart::from_prevalence(rows, "over-time", "per_10k", None)?,
        ));
    }
    if let Some(rows) = inputs.by_group_year.filter(|r| !r.is_empty()) {
        for (i, theme) in themes
            .ranking
            .iter()
            .take(SMALL_MULTIPLE_THEMES)
            .enumerate()
        {
            charts.push((
                format!("small_multiples_{i}"),
                small_multiples(rows, &theme.theme),
            ));
        }
    }
    let mut groups: Vec<&str> = inputs.keyness.iter().map(|r| r.group.as_str()).collect();
    groups.dedup();
    for (i, group) in groups.iter().enumerate() {
        if let Some(chart) = keyness(inputs.keyness, group) {
            charts.push((format!("keyness_{i}"), chart));
        }
    }
    if !inputs.similarity.is_empty() {
        charts.push(("similarity".into(), similarity(inputs.similarity)));
    }
    let style = ChartStyle::default();
    charts
        .into_iter()
        .map(|(name, chart)| {
            Ok(ChartFile {
                svg: chart.svg(&style)?,
                png: chart.png(&style)?,
                name,
            })
        })
        .collect()
}

/// One panel per group: the theme's rate per 10,000 characters over the years.
fn small_multiples(rows: &[PrevalenceRow], theme: &str) -> Chart {
    let mut years: Vec<String> = Vec::new();
    let mut series: BTreeMap<&str, BTreeMap<&str, f64>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.theme == theme) {
        let Some((group, year)) = r.group.split_once('\t') else {
            continue;
        };
        if !years.iter().any(|y| y == year) {
            years.push(year.to_string());
        }
        series.entry(group).or_default().insert(year, r.per_10k);
    }
    years.sort();
    Chart::SmallMultiples(chart::Lines {
        title: format!("{theme}：各地逐年 by locality and year"),
        x_label: "年份 year".into(),
        y_label: "每万字 per 10k chars".into(),
        series: series
            .iter()
            .map(|(group, by_year)| {
                let values = years
                    .iter()
                    .map(|y| by_year.get(y.as_str()).copied())
                    .collect();
                (group.to_string(), values)
            })
            .collect(),
        x: years,
    })
}

/// The group's most over- and under-used terms by log-odds z.
fn keyness(rows: &[KeynessRow], group: &str) -> Option<Chart> {
    let mine: Vec<&KeynessRow> = rows.iter().filter(|r| r.group == group).collect();
    if mine.is_empty() {
        return None;
    }
    let over = mine
        .iter()
        .take(KEYNESS_TERMS)
        .filter(|r| r.log_odds_z > 0.0);
    let under_start = mine
        .len()
        .saturating_sub(KEYNESS_TERMS)
        .max(KEYNESS_TERMS.min(mine.len()));
    let under = mine[under_start..].iter().filter(|r| r.log_odds_z < 0.0);
    let picked: Vec<&&KeynessRow> = over.chain(under).collect();
    if picked.is_empty() {
        return None;
    }
    Some(Chart::Diverging(Diverging {
        title: format!("{group}：特色词 distinctive terms"),
        x_label: "对数优势比 z 值 log-odds z (Monroe et al.)".into(),
        labels: picked.iter().map(|r| r.term.clone()).collect(),
        values: picked.iter().map(|r| r.log_odds_z).collect(),
    }))
}

/// Group × group cosine of TF-IDF profiles.
fn similarity(rows: &[SimilarityRow]) -> Chart {
    let mut groups: Vec<String> = rows.iter().map(|r| r.a.clone()).collect();
    groups.sort();
    groups.dedup();
    let cell: BTreeMap<(&str, &str), f64> = rows
        .iter()
        .map(|r| ((r.a.as_str(), r.b.as_str()), r.cosine))
        .collect();
    Chart::Heatmap(Matrix {
        title: "相似度 Similarity (cosine of TF-IDF profiles)".into(),
        x_label: "余弦相似度 cosine".into(),
        y_label: String::new(),
        values: groups
            .iter()
            .map(|a| {
                groups
                    .iter()
                    .map(|b| cell.get(&(a.as_str(), b.as_str())).copied())
                    .collect()
            })
            .collect(),
        rows: groups.clone(),
        cols: groups,
        decimals: 2,
    })
}
