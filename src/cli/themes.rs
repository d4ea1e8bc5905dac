//! `policylens themes`: guided themes, their ranking and prevalence by group, with evidence.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use policylens::corpus::Unit;
use policylens::themes::{self, DiscoverConfig, ThemeConfig, ThemeLexicon, ThemeReport};

use super::format::{Format, OutputArgs, Table};
use super::input::{InputArgs, SegmentArgs};

/// Guided themes: which policy themes each unit carries, ranked, and their prevalence by group
///
/// Each unit (paragraph by default) is scored against each theme of the lexicon (bundled: 16
/// themes, 党建引领 … 信访维稳; or --lexicon FILE, TOML [[theme]] tables with name,
/// description, seeds and optional exclude). score = Σ seed hits × idf, scaled by
/// min(1, median unit tokens / unit tokens); a unit carries every theme scoring at least
/// --threshold, so one seed hit in an ordinary paragraph counts.
///
/// Prevalence per group (--by): share of units carrying the theme and theme-term hits per
/// 10,000 characters, each with a seeded percentile bootstrap 95% interval over the group's
/// units. Ranking: mean over groups of the rate per 10,000 characters (each group weighs the
/// same), then spread (groups where the share reaches 5%), recurrence (documents), share.
/// --expand N adds up to N terms per theme that co-occur with its seeds (normalised PMI);
/// they are listed in the output and weigh their score, never more than a seed.
///
/// Examples:
///   policylens themes data/corpus/seeds
///   policylens themes data/corpus/seeds --by year --format csv --out prevalence.csv
///   policylens themes data/corpus/seeds --evidence 西林街道 城市更新
///   policylens themes reports/ --lexicon my_themes.toml --expand 5 --format json
///   policylens themes reports/ --unit document --units-out units.csv
///
/// JSON: {ranking, prevalence, discovered, expansion, units, …}; `units` in ranking and
/// prevalence rows are indexes into the `units` list (each with file, paragraph, offsets).
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    segment: SegmentArgs,
    /// Theme lexicon (TOML) instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Group by locality, province, year, file or any metadata column.
    #[arg(long, default_value = "locality", value_name = "COLUMN")]
    by: String,
    /// Unit scored: document, section, paragraph or sentence.
    #[arg(long, default_value = "paragraph", value_name = "UNIT")]
    unit: Unit,
    /// Score a unit needs to carry a theme (0: any seed hit).
    #[arg(long, default_value_t = 1.0, value_name = "X")]
    threshold: f64,
    /// Add up to N corpus terms to each theme by co-occurrence with its seeds.
    #[arg(long, default_value_t = 0, value_name = "N")]
    expand: usize,
    /// Bootstrap resamples per group.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    bootstrap: usize,
    /// Seed of the bootstrap's random generator.
    #[arg(long, default_value_t = 42, value_name = "N")]
    seed: u64,
    /// Warn about groups with fewer units than this.
    #[arg(long, default_value_t = 20, value_name = "N")]
    min_group_units: usize,
    /// List the units behind one cell instead of the table.
    /// Also discover themes by clustering the units (TF-IDF, truncated SVD, k-means), each
    /// labelled by its distinctive terms and matched to the nearest guided theme.
    #[arg(long)]
    discover: bool,
    /// Number of discovered themes (implies --discover).
    #[arg(long, value_name = "N", conflicts_with = "k_range")]
    k: Option<usize>,
    /// Range of k to choose from by silhouette, e.g. 4..12 (implies --discover; default 2..10).
    #[arg(long, value_name = "A..B", value_parser = parse_range)]
    k_range: Option<(usize, usize)>,
    #[arg(long, num_args = 2, value_names = ["GROUP", "THEME"])]
    evidence: Option<Vec<String>>,
    /// Also write one CSV row per unit: file,paragraph,start,end,group,cluster,themes.
    #[arg(long, value_name = "FILE")]
    units_out: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    pub fn to_config(&self) -> ThemeConfig {
        ThemeConfig {
            unit: self.unit,
            by: self.by.clone(),
            threshold: self.threshold,
            expand: self.expand,
            bootstrap: self.bootstrap,
            seed: self.seed,
            min_group_units: self.min_group_units,
            discover: (self.discover || self.k.is_some() || self.k_range.is_some()).then(|| {
                DiscoverConfig {
                    k: self.k,
                    k_range: self.k_range,
                    seed: self.seed,
                    ..DiscoverConfig::default()
                }
            }),
            ..ThemeConfig::default()
        }
    }
}

/// Parses `A..B` (both whole numbers).
fn parse_range(text: &str) -> Result<(usize, usize), String> {
    let (a, b) = text
        .split_once("..")
        .ok_or_else(|| format!("'{text}': expected A..B, e.g. 4..12"))?;
    let number = |s: &str| {
        s.trim()
            .parse::<usize>()
            .map_err(|_| format!("'{s}' in '{text}': expected a whole number"))
    };
    Ok((number(a)?, number(b)?))
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<()> {
    let config = args.to_config();
    config.validate().context("checking the theme settings")?;
    let lexicon = match &args.lexicon {
        Some(path) => ThemeLexicon::read(path).context("reading the theme lexicon")?,
        None => ThemeLexicon::bundled().clone(),
    };
    let corpus = args.input.load()?;
    let mut segment = args.segment.to_config();
    // Seeds must be kept whole and counted even when jieba would split them or the filter drop
    // them (招引 is a verb): the segmenter takes them as extra words.
    segment.extra_words = lexicon.words();
    let segmenter =
        policylens::segment::Segmenter::new(&segment).context("building the segmenter")?;
    let report = themes::analyse(&corpus, &segmenter, &lexicon, &config)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(path) = &args.units_out {
        let bytes = units_csv(&report)?;
        policylens::output::write_atomic(path, |w| w.write_all(&bytes))?;
    }
    if let Some([group, theme]) = args.evidence.as_deref() {
        let rows = report.evidence(&corpus, group, theme)?;
        return args.output.emit(
            &rows,
            || {
                let mut table = Table::new(vec![
                    "unit",
                    "file",
                    "paragraph",
                    "start",
                    "end",
                    "score",
                    "text",
                ]);
                for e in &rows {
                    table.rows.push(vec![
                        e.unit.to_string(),
                        e.file.clone(),
                        e.paragraph.to_string(),
                        e.start.to_string(),
                        e.end.to_string(),
                        format!("{:.3}", e.score),
                        e.text.clone(),
                    ]);
                }
                table
            },
            out,
        );
    }
    let mut bytes = Vec::new();
    match args.output.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut bytes, &report)?;
            writeln!(bytes)?;
        }
        Format::Csv => prevalence_table(&report, Format::Csv).write_csv(&mut bytes)?,
        Format::Table => prevalence_table(&report, Format::Table).write_table(&mut bytes)?,
    }
    match &args.output.out {
        Some(path) => policylens::output::write_atomic(path, |w| w.write_all(&bytes))?,
        None => out.write_all(&bytes)?,
    }
    Ok(())
}

/// The prevalence table, themes in ranking order within each group; the table format adds
/// the ranking and the expansion as notes.
fn prevalence_table(report: &ThemeReport, format: Format) -> Table {
    let num = |x: f64, digits: usize| match format {
        Format::Table => format!("{x:.digits$}"),
        _ => x.to_string(),
    };
    let mut table = Table::new(vec![
        "group",
        "theme",
        "units",
        "share",
        "share_lo",
        "share_hi",
        "per_10k",
        "per_10k_lo",
        "per_10k_hi",
        "group_units",
        "group_chars",
    ]);
    let order = |theme: &str| report.ranking.iter().position(|r| r.theme == theme);
    let mut rows: Vec<_> = report.prevalence.iter().collect();
    rows.sort_by_key(|r| (r.group.clone(), order(&r.theme)));
    for r in rows {
        table.rows.push(vec![
            r.group.clone(),
            r.theme.clone(),
            r.units.len().to_string(),
            num(r.share, 3),
            num(r.share_lo, 3),
            num(r.share_hi, 3),
            num(r.per_10k, 1),
            num(r.per_10k_lo, 1),
            num(r.per_10k_hi, 1),
            r.group_units.to_string(),
            r.group_chars.to_string(),
        ]);
    }
    table.notes.push(String::new());
    table
        .notes
        .push("ranking (mean per 10k chars over groups, spread, documents, share):".into());
    for r in &report.ranking {
        table.notes.push(format!(
            "  {:>2}. {}  per_10k {:.1}  spread {}  documents {}  share {:.3}  chars {:.3}",
            r.rank, r.theme, r.per_10k, r.spread, r.recurrence, r.prevalence, r.char_share
        ));
    }
    if !report.discovered.is_empty() {
        table
            .notes
            .push("discovered themes (cluster, size, nearest guided theme, label terms):".into());
        for d in &report.discovered {
            let nearest = match &d.nearest_theme {
                Some(theme) => format!("{theme} {:.2}", d.similarity),
                None => "new (no guided theme shares its terms)".to_string(),
            };
            table.notes.push(format!(
                "  {:>2}. {} units  {}  {}",
                d.cluster,
                d.size,
                nearest,
                d.label_terms.join(" ")
            ));
        }
    }
    if !report.expansion.is_empty() {
        table
            .notes
            .push("expanded terms (theme: term score):".into());
        for e in &report.expansion {
            table
                .notes
                .push(format!("  {}: {} {:.3}", e.theme, e.term, e.score));
        }
    }
    table
}

/// One CSV row per unit, for joining assignments with other data.
fn units_csv(report: &ThemeReport) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "file",
        "paragraph",
        "start",
        "end",
        "group",
        "cluster",
        "themes",
    ])?;
    for u in &report.units {
        writer.write_record([
            u.file.clone(),
            u.paragraph.to_string(),
            u.start.to_string(),
            u.end.to_string(),
            u.group.clone(),
            u.cluster.map(|c| c.to_string()).unwrap_or_default(),
            u.themes.join(";"),
        ])?;
    }
    Ok(writer.into_inner()?)
}
