//! `policylens similarity`: how alike each pair of groups' rhetoric is, as a matrix.

use std::io::Write;

use anyhow::Context;
use policylens::compare::{self, SimilarityConfig, SimilarityRow};
use policylens::corpus::Unit;
use policylens::segment::{segment_corpus, Segmenter};
use policylens::themes::ThemeLexicon;

use super::format::{Format, OutputArgs, Table};
use super::input::{InputArgs, SegmentArgs};

/// Similarity of every pair of groups: TF-IDF cosine, Jensen–Shannon divergence and theme
/// distance
///
/// Measures, for groups a and b (rows for every ordered pair, a == b included, so that the
/// rows fill a matrix):
///   cosine          each paragraph a TF-IDF row (smooth idf, L2 norm, fitted on the
///                   corpus's paragraphs); a group's profile is the sum of its rows,
///                   L2-normalised; cosine = profile_a · profile_b, in [0, 1]
///   jensen_shannon  P, Q the groups' term distributions (count / tokens), M = (P+Q)/2:
///                   ½ KL(P‖M) + ½ KL(Q‖M) in bits, in [0, 1] (0: identical)
///   theme_distance  √(mean over the bundled themes of (share_a − share_b)²), share = the
///                   fraction of a group's paragraphs carrying the theme (as `themes`)
/// Paragraphs are segmented with the theme lexicon's seeds kept whole, as `themes` does.
///
/// Examples:
///   policylens similarity data/corpus/seeds --by locality
///   policylens similarity data/corpus/city-gwr-2024 --by province --format csv --out sim.csv
///
/// JSON rows: {a, b, cosine, jensen_shannon, theme_distance}.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    segment: SegmentArgs,
    /// Group documents by locality, province, city, year, file or any metadata column.
    #[arg(long, default_value = "locality", value_name = "COLUMN")]
    by: String,
    /// Score a paragraph needs to carry a theme (as `themes --threshold`).
    #[arg(long, default_value_t = 1.0, value_name = "X")]
    theme_threshold: f64,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    pub fn to_config(&self) -> SimilarityConfig {
        SimilarityConfig {
            by: self.by.clone(),
            theme_threshold: self.theme_threshold,
            ..SimilarityConfig::default()
        }
    }
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<()> {
    let config = args.to_config();
    config
        .validate()
        .context("checking the similarity settings")?;
    let corpus = args.input.load()?;
    let lexicon = ThemeLexicon::bundled();
    let mut segment = args.segment.to_config();
    segment.extra_words = lexicon.words();
    let segmenter = Segmenter::new(&segment).context("building the segmenter")?;
    let units = segment_corpus(&corpus, &segmenter, Unit::Paragraph);
    let rows = compare::similarity(&corpus, &units, lexicon, &config)
        .with_context(|| format!("comparing groups by {}", config.by))?;
    let num = |x: f64| match args.output.format {
        Format::Table => format!("{x:.4}"),
        _ => x.to_string(),
    };
    args.output.emit(
        &rows,
        || {
            let mut table = Table::new(SimilarityRow::COLUMNS.to_vec());
            for r in &rows {
                table.rows.push(vec![
                    r.a.clone(),
                    r.b.clone(),
                    num(r.cosine),
                    num(r.jensen_shannon),
                    num(r.theme_distance),
                ]);
            }
            table
        },
        out,
    )
}
