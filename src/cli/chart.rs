//! `policylens chart`: draw a chart from a table another subcommand wrote, to restyle it
//! without recomputing.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use policylens::chart::{self, Chart, ChartStyle, Diverging, Matrix};
use policylens::themes::{PrevalenceRow, RankRow};
use serde_json::Value;

/// Draw a chart (SVG or PNG) from a table written by another subcommand
///
/// TABLE is a JSON array of rows, a JSON object holding such arrays (`themes --format json`:
/// `prevalence`, `ranking`), or CSV with a header (`report`'s tables/*.csv).
///
/// Kinds and the rows they read:
///   heatmap          prevalence rows {group, theme, per_10k | share}: theme × group
///   prevalence       prevalence rows + *_lo, *_hi: one theme (--theme) with its 95% interval
///   over-time        prevalence rows, groups are years: one line per theme (8 themes unless --top)
///   small-multiples  prevalence rows: one small panel per theme, shared axes
///   ranking          ranking rows {rank, theme, per_10k}: ranked themes
///   keyness          keyness rows {group, term, log_odds_z}: top --top terms each way for --group
///   similarity       similarity rows {a, b, cosine | jensen_shannon | theme_distance}: group × group
///
/// Examples:
///   policylens themes data/corpus/seeds --format json --out themes.json
///   policylens chart heatmap themes.json --out heatmap.png
///   policylens chart heatmap themes.json --value share --title 主题占比 --out heatmap.svg
///   policylens chart prevalence output/tables/theme_prevalence.csv --theme 城市更新 --out p.png
///   policylens chart keyness keyness.json --group 金沙街道 --top 15 --out k.svg
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// What to draw.
    #[arg(value_enum, value_name = "KIND")]
    kind: Kind,
    /// The table (JSON or CSV).
    #[arg(value_name = "TABLE")]
    table: PathBuf,
    /// Write here (.png or .svg) instead of SVG to standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Column drawn (heatmap, prevalence, over-time, small-multiples: per_10k or share;
    /// keyness: log_odds_z; similarity: cosine, jensen_shannon or theme_distance).
    #[arg(long, value_name = "COLUMN")]
    value: Option<String>,
    /// Group whose keyness terms are drawn (default: the first).
    #[arg(long, value_name = "G")]
    group: Option<String>,
    /// Theme drawn by `prevalence` (default: the first).
    #[arg(long, value_name = "T")]
    theme: Option<String>,
    /// Keep the N themes with the highest mean (heatmap, over-time, small-multiples), the first
    /// N ranked themes, or N keyness terms each way (default 10).
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Chart title.
    #[arg(long, value_name = "T")]
    title: Option<String>,
    /// Width in pixels (the chart grows wider when its columns need it).
    #[arg(long, default_value_t = 900, value_name = "PX")]
    width: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Kind {
    Heatmap,
    Prevalence,
    OverTime,
    SmallMultiples,
    Ranking,
    Keyness,
    Similarity,
}

impl Args {
    pub fn to_config(&self) -> ChartStyle {
        ChartStyle {
            width: self.width,
            height: None,
            title: self.title.clone(),
        }
    }
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<()> {
    let name = match args.kind {
        Kind::Heatmap | Kind::Prevalence | Kind::OverTime | Kind::SmallMultiples => "prevalence",
        Kind::Ranking => "ranking",
        Kind::Keyness => "keyness",
        Kind::Similarity => "similarity",
    };
    let table = Rows::read(&args.table, name)?;
    let chart = build(args, &table).with_context(|| format!("charting {}", table.file))?;
    let style = args.to_config();
    match &args.out {
        Some(path) => {
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_lowercase();
            let bytes = match ext.as_str() {
                "png" => chart.png(&style)?,
                "svg" => chart.svg(&style)?.into_bytes(),
                _ => bail!(
                    "--out {}: expected a .png or .svg file name",
                    path.display()
                ),
            };
            policylens::output::write_atomic(path, |w| w.write_all(&bytes))?;
        }
        None => out.write_all(chart.svg(&style)?.as_bytes())?,
    }
    Ok(())
}

fn build(args: &Args, table: &Rows) -> anyhow::Result<Chart> {
    let kind = match args.kind {
        Kind::Heatmap => "heatmap",
        Kind::Prevalence => "prevalence",
        Kind::OverTime => "over-time",
        Kind::SmallMultiples => "small-multiples",
        Kind::Ranking => return ranking(args, table),
        Kind::Keyness => return keyness(args, table),
        Kind::Similarity => return similarity(args, table),
    };
    let value = args.value.as_deref().unwrap_or("per_10k");
    let mut needed = vec!["group", "theme", value];
    let (lo, hi) = (format!("{value}_lo"), format!("{value}_hi"));
    if args.kind == Kind::Prevalence {
        needed.extend([lo.as_str(), hi.as_str()]);
    }
    if !matches!(value, "per_10k" | "share") {
        bail!("--value {value}: expected per_10k or share");
    }
    table.need(&needed, kind)?;
    let mut rows = Vec::new();
    for i in 0..table.rows.len() {
        let num = |c: &str| table.num_or_zero(i, c);
        rows.push(PrevalenceRow {
            group: table.text(i, "group"),
            theme: table.text(i, "theme"),
            units: Vec::new(),
            share: num("share")?,
            share_lo: num("share_lo")?,
            share_hi: num("share_hi")?,
            per_10k: num("per_10k")?,
            per_10k_lo: num("per_10k_lo")?,
            per_10k_hi: num("per_10k_hi")?,
            group_units: 0,
            group_chars: 0,
            small_group: false,
        });
    }
    let top = match args.kind {
        Kind::OverTime => Some(args.top.unwrap_or(8)),
        Kind::Prevalence => None,
        _ => args.top,
    };
    if let Some(n) = top {
        let pick = |r: &PrevalenceRow| if value == "share" { r.share } else { r.per_10k };
        let mut means: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
        for r in &rows {
            let m = means.entry(&r.theme).or_default();
            m.0 += pick(r);
            m.1 += 1;
        }
        let mut order: Vec<(&str, f64)> = means
            .iter()
            .map(|(t, (s, c))| (*t, s / *c as f64))
            .collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let keep: Vec<String> = order.iter().take(n).map(|t| t.0.to_string()).collect();
        rows.retain(|r| keep.contains(&r.theme));
    }
    Ok(chart::from_prevalence(
        &rows,
        kind,
        value,
        args.theme.as_deref(),
    )?)
}

fn ranking(args: &Args, table: &Rows) -> anyhow::Result<Chart> {
    table.need(&["rank", "theme", "per_10k"], "ranking")?;
    let mut rows = Vec::new();
    for i in 0..table.rows.len() {
        let num = |c: &str| table.num_or_zero(i, c);
        rows.push(RankRow {
            rank: table.num(i, "rank")? as usize,
            theme: table.text(i, "theme"),
            prevalence: num("prevalence")?,
            char_share: num("char_share")?,
            per_10k: table.num(i, "per_10k")?,
            spread: num("spread")? as usize,
            recurrence: num("recurrence")? as usize,
            units: Vec::new(),
        });
    }
    rows.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.theme.cmp(&b.theme)));
    rows.truncate(args.top.unwrap_or(usize::MAX));
    Ok(chart::from_ranking(&rows)?)
}

fn keyness(args: &Args, table: &Rows) -> anyhow::Result<Chart> {
    let value = args.value.as_deref().unwrap_or("log_odds_z");
    table.need(&["group", "term", value], "keyness")?;
    let group = match &args.group {
        Some(g) => g.clone(),
        None => table.text(0, "group"),
    };
    let mut terms = Vec::new();
    for i in 0..table.rows.len() {
        if table.text(i, "group") == group {
            terms.push((table.text(i, "term"), table.num(i, value)?));
        }
    }
    if terms.is_empty() {
        bail!("--group {group}: no keyness rows for this group");
    }
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let n = args.top.unwrap_or(10);
    let positive = terms.iter().filter(|t| t.1 > 0.0).take(n);
    let negative: Vec<_> = terms.iter().rev().filter(|t| t.1 < 0.0).take(n).collect();
    let picked: Vec<&(String, f64)> = positive.chain(negative.into_iter().rev()).collect();
    Ok(Chart::Diverging(Diverging {
        title: format!("{group}：特征词 keyness"),
        x_label: format!("{value}（正：{group} 更常用；负：其余更常用）"),
        labels: picked.iter().map(|t| t.0.clone()).collect(),
        values: picked.iter().map(|t| t.1).collect(),
    }))
}

fn similarity(args: &Args, table: &Rows) -> anyhow::Result<Chart> {
    let value = args.value.as_deref().unwrap_or("cosine");
    let diagonal = match value {
        "cosine" => 1.0,
        "jensen_shannon" | "theme_distance" => 0.0,
        other => bail!("--value {other}: expected cosine, jensen_shannon or theme_distance"),
    };
    table.need(&["a", "b", value], "similarity")?;
    let mut groups: Vec<String> = Vec::new();
    let mut cells = BTreeMap::new();
    for i in 0..table.rows.len() {
        let (a, b) = (table.text(i, "a"), table.text(i, "b"));
        for g in [&a, &b] {
            if !groups.contains(g) {
                groups.push(g.clone());
            }
        }
        let v = table.num(i, value)?;
        cells.insert((a.clone(), b.clone()), v);
        cells.insert((b, a), v);
    }
    let values = groups
        .iter()
        .map(|a| {
            groups
                .iter()
                .map(|b| {
                    cells
                        .get(&(a.clone(), b.clone()))
                        .copied()
                        .or((a == b).then_some(diagonal))
                })
                .collect()
        })
        .collect();
    Ok(Chart::Heatmap(Matrix {
        title: format!("分组相似度 Group similarity ({value})"),
        x_label: value.to_string(),
        y_label: "分组 group".into(),
        rows: groups.clone(),
        cols: groups,
        values,
        decimals: 2,
    }))
}

/// A table's rows as column → value, from JSON or CSV.
struct Rows {
    file: String,
    rows: Vec<serde_json::Map<String, Value>>,
}

impl Rows {
    /// Reads `path`; in a JSON object, takes the array under `name`.
    fn read(path: &Path, name: &str) -> anyhow::Result<Rows> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {file}"))?;
        let trimmed = text.trim_start_matches('\u{feff}').trim_start();
        let rows = if trimmed.starts_with('[') || trimmed.starts_with('{') {
            let json: Value =
                serde_json::from_str(trimmed).with_context(|| format!("{file}: not valid JSON"))?;
            let array = match json {
                Value::Array(a) => a,
                Value::Object(mut o) => match o.remove(name) {
                    Some(Value::Array(a)) => a,
                    _ => bail!(
                        "{file}: no array \"{name}\" in this JSON object (keys: {})",
                        o.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                },
                _ => bail!("{file}: expected a JSON array of rows or an object holding one"),
            };
            array
                .into_iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::Object(m) => Ok(m),
                    _ => bail!("{file}: row {}: expected an object", i + 1),
                })
                .collect::<anyhow::Result<Vec<_>>>()?
        } else {
            let mut reader = csv::Reader::from_reader(trimmed.as_bytes());
            let headers = reader
                .headers()
                .with_context(|| format!("{file}: reading the CSV header"))?
                .clone();
            let mut rows = Vec::new();
            for (i, record) in reader.records().enumerate() {
                let record = record.with_context(|| format!("{file}: CSV line {}", i + 2))?;
                rows.push(
                    headers
                        .iter()
                        .zip(record.iter())
                        .map(|(h, v)| (h.to_string(), Value::String(v.to_string())))
                        .collect(),
                );
            }
            rows
        };
        if rows.is_empty() {
            bail!("{file}: the {name} table has no rows");
        }
        Ok(Rows { file, rows })
    }

    fn has(&self, column: &str) -> bool {
        self.rows.first().is_some_and(|r| r.contains_key(column))
    }

    fn need(&self, columns: &[&str], kind: &str) -> anyhow::Result<()> {
        for c in columns {
            if !self.has(c) {
                bail!(
                    "{}: no column '{c}' (chart {kind} needs {})",
                    self.file,
                    columns.join(", ")
                );
            }
        }
        Ok(())
    }

    fn text(&self, i: usize, column: &str) -> String {
        match self.rows.get(i).and_then(|r| r.get(column)) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(v) => v.to_string(),
        }
    }

    /// As [`Rows::num`], 0 when the table has no such column (an optional column).
    fn num_or_zero(&self, i: usize, column: &str) -> anyhow::Result<f64> {
        if self.has(column) {
            self.num(i, column)
        } else {
            Ok(0.0)
        }
    }

    fn num(&self, i: usize, column: &str) -> anyhow::Result<f64> {
        let value = self.rows.get(i).and_then(|r| r.get(column));
        let number = match value {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        number.with_context(|| {
            format!(
                "{}: row {}, column {column}: {} is not a number",
                self.file,
                i + 1,
                value.map_or("nothing".into(), |v| v.to_string())
            )
        })
    }
}
