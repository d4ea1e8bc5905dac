//! `policylens report`: every stage on one corpus, written as one output folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use policylens::corpus::Unit;
use policylens::report::{self, ReportConfig, Stage, StageTiming};
use policylens::themes::{DiscoverConfig, ThemeLexicon};

use super::input::{ReadArgs, SegmentArgs};

/// Run every stage and write the report: index.html, tables, charts and run.json
///
/// Loads and segments the corpus, finds guided and discovered themes with their prevalence by
/// group (bootstrap 95% intervals), keywords per group, and writes to --out:
///   index.html    one self-contained page: charts, tables, and the units behind every
///                 theme × group cell (all corpus text escaped)
///   tables/       every table as CSV and JSON (byte-identical for the same input and seed)
///   run.json      effective settings, versions, lexicon version, corpus hash, timings,
///                 skipped files
/// With no PATH it runs on the bundled sample corpus (data/corpus/seeds). --out must be new,
/// empty, or a folder an earlier report wrote; --force writes into any folder. Files are
/// written to a temporary name and renamed, so a failed run leaves earlier files whole.
///
/// Examples:
///   policylens report
///   policylens report data/corpus/city-gwr-2024 --by province --out output/gwr
///   policylens report reports/ --by year --k 8 --excel --out output/yearly
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// A folder of .txt/.md files, a .csv or .jsonl file, or one text file (default: the
    /// bundled sample corpus).
    path: Option<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
    #[command(flatten)]
    segment: SegmentArgs,
    /// Output folder.
    #[arg(long, default_value = "output", value_name = "DIR")]
    out: PathBuf,
    /// Write into --out even if it holds files policylens did not write.
    #[arg(long)]
    force: bool,
    /// Write CSV with a UTF-8 byte-order mark, as Excel needs.
    #[arg(long)]
    excel: bool,
    /// Group by locality, province, city, county, year, file or any metadata column.
    #[arg(long, default_value = "locality", value_name = "COLUMN")]
    by: String,
    /// Unit themes are scored on: document, section, paragraph or sentence.
    #[arg(long, default_value = "paragraph", value_name = "UNIT")]
    unit: Unit,
    /// Theme lexicon (TOML) instead of the bundled one.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Seed of every random choice (bootstrap, SVD, k-means).
    #[arg(long, default_value_t = 42, value_name = "N")]
    seed: u64,
    /// Bootstrap resamples per group.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    bootstrap: usize,
    /// Number of discovered themes (default: chosen by silhouette in 2..10).
    #[arg(long, value_name = "N")]
    k: Option<usize>,
    /// Keyness: test only terms occurring at least this often in the two sides together.
    #[arg(long, default_value_t = 5, value_name = "N")]
    min_count: u64,
    /// Skip discovering themes by clustering.
    #[arg(long, conflicts_with = "k")]
    no_discover: bool,
}

impl Args {
    pub fn to_config(&self) -> ReportConfig {
        let mut config = ReportConfig {
            segment: self.segment.to_config(),
            ..ReportConfig::default()
        };
        config.keyness.min_count = self.min_count;
        let themes = &mut config.themes;
        themes.by = self.by.clone();
        themes.unit = self.unit;
        themes.seed = self.seed;
        themes.bootstrap = self.bootstrap;
        themes.discover = (!self.no_discover).then(|| DiscoverConfig {
            k: self.k,
            seed: self.seed,
            ..DiscoverConfig::default()
        });
        config
    }

    /// The corpus to read: PATH, or the bundled sample corpus.
    fn corpus_path(&self) -> PathBuf {
        if let Some(path) = &self.path {
            return path.clone();
        }
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/seeds");
        if bundled.is_dir() {
            bundled
        } else {
            PathBuf::from("data/corpus/seeds")
        }
    }
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<()> {
    let config = args.to_config();
    config
        .themes
        .validate()
        .context("checking the theme settings")?;
    let lexicon = match &args.lexicon {
        Some(path) => ThemeLexicon::read(path)
            .with_context(|| format!("reading the theme lexicon {}", path.display()))?,
        None => ThemeLexicon::bundled().clone(),
    };
    // Refuse a folder of someone else's before any work is done.
    let dir = policylens::output::OutputDir::prepare(&args.out, args.force)?;

    let started = Instant::now();
    let path = args.corpus_path();
    let corpus = args.read.load(&path)?;
    let load_seconds = started.elapsed().as_secs_f64();

    let bar = indicatif::ProgressBar::new_spinner();
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    let progress = |stage: Stage| {
        bar.set_message(match stage {
            Stage::Segment => "segmenting",
            Stage::Keywords => "keywords",
            Stage::Themes => "themes (assignment, discovery, bootstrap)",
            Stage::Compare => "keyness, similarity and reuse",
            Stage::Render => "tables, charts and the page",
        })
    };
    let mut report = report::build_with_lexicon(&corpus, &lexicon, &config, &progress)
        .with_context(|| format!("making the report on {}", path.display()))?;
    bar.finish_and_clear();
    report.run.timings.insert(
        0,
        StageTiming {
            stage: "load".to_string(),
            seconds: load_seconds,
        },
    );

    let files = report.files(args.excel)?;
    for (name, bytes) in &files {
        dir.write(name, bytes)
            .with_context(|| format!("writing the report into {}", args.out.display()))?;
    }
    for warning in &report.run.warnings {
        eprintln!("warning: {warning}");
    }
    writeln!(
        out,
        "wrote {} files to {} ({} documents, {:.1} s); open {}",
        files.len(),
        args.out.display(),
        corpus.documents.len(),
        started.elapsed().as_secs_f64(),
        args.out.join("index.html").display()
    )?;
    Ok(())
}
