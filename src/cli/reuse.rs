//! `policylens reuse`: paragraphs copied, with small edits, across documents.

use std::io::Write;

use anyhow::Context;
use policylens::compare::{self, ReuseConfig, ReusePair};

use super::format::{Format, OutputArgs, Table};
use super::input::InputArgs;

/// Near-duplicate paragraphs across documents (template language reused between localities)
///
/// Each paragraph is normalised (letters and digits only, Latin lower-cased) and cut into
/// overlapping --shingle-character shingles; paragraphs shorter than --min-chars normalised
/// characters are skipped. MinHash (--bands × --rows seeded hash functions) and LSH find
/// candidate pairs: a pair of Jaccard similarity J becomes a candidate with probability
/// 1 − (1 − J^rows)^bands (32 × 4: 0.87 at J = 0.5, 0.99 at 0.6). Each candidate is kept
/// when the exact Jaccard similarity of the two shingle sets is at least --threshold.
/// Only pairs of different documents; each once, a before b by file then paragraph.
/// `compare --exclude-reuse` leaves these paragraphs out of keyness.
///
/// Examples:
///   policylens reuse data/corpus/city-gwr-2024
///   policylens reuse reports/ --min-chars 80 --threshold 0.7 --format json --out reuse.json
///
/// JSON rows: {a_file, a_paragraph, b_file, b_paragraph, similarity, text} (paragraphs are
/// 0-based; text is the whole a paragraph, cut in the table).
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Skip paragraphs with fewer normalised characters than this.
    #[arg(long, default_value_t = 50, value_name = "N")]
    min_chars: usize,
    /// Least Jaccard similarity of the shingle sets, in (0, 1].
    #[arg(long, default_value_t = 0.5, value_name = "T")]
    threshold: f64,
    /// Characters per shingle.
    #[arg(long, default_value_t = 5, value_name = "K")]
    shingle: usize,
    /// LSH bands.
    #[arg(long, default_value_t = 32, value_name = "N")]
    bands: usize,
    /// MinHash values per band.
    #[arg(long, default_value_t = 4, value_name = "N")]
    rows: usize,
    /// Seed of the MinHash hash functions.
    #[arg(long, default_value_t = 42, value_name = "N")]
    seed: u64,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    pub fn to_config(&self) -> ReuseConfig {
        ReuseConfig {
            min_chars: self.min_chars,
            threshold: self.threshold,
            shingle: self.shingle,
            bands: self.bands,
            rows: self.rows,
            seed: self.seed,
        }
    }
}

/// Characters of a paragraph shown in the table.
const TABLE_TEXT_CHARS: usize = 200;

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<()> {
    let config = args.to_config();
    config.validate().context("checking the reuse settings")?;
    let corpus = args.input.load()?;
    let pairs = compare::find_reuse(&corpus, &config)?;
    let num = |x: f64| match args.output.format {
        Format::Table => format!("{x:.3}"),
        _ => x.to_string(),
    };
    args.output.emit(
        &pairs,
        || {
            let mut table = Table::new(ReusePair::COLUMNS.to_vec());
            for p in &pairs {
                let text = match args.output.format {
                    Format::Table => p.text.chars().take(TABLE_TEXT_CHARS).collect(),
                    _ => p.text.clone(),
                };
                table.rows.push(vec![
                    p.a_file.clone(),
                    p.a_paragraph.to_string(),
                    p.b_file.clone(),
                    p.b_paragraph.to_string(),
                    num(p.similarity),
                    text,
                ]);
            }
            table
        },
        out,
    )
}
