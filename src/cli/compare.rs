//! `policylens compare`: the terms each group uses more than the rest, or than one other group.

use std::collections::BTreeSet;
use std::io::Write;

use anyhow::Context;
use policylens::compare::{self, GroupCounts, KeynessConfig, KeynessRow, ReuseConfig};
use policylens::corpus::Unit;
use policylens::segment::segment_corpus;

use super::format::{Format, OutputArgs, Table};
use super::input::{InputArgs, SegmentArgs};

/// Keyness: the terms each group over-uses against the rest of the corpus (any number of
/// groups), or group A against group B
///
/// For a term with a occurrences in the group's n_a content tokens and b in the other side's
/// n_b (the rest, or B):
///   g2          2 Σ O ln(O/E) over the 2×2 table term/other × group/rest (Dunning;
///               0·ln0 = 0)
///   chi2        Σ (O−E)²/E over the same table, no Yates correction
///   log_odds_z  δ/√(1/(a+α_w) + 1/(b+α_w)), δ = ln((a+α_w)/(n_a+α0−a−α_w))
///               − ln((b+α_w)/(n_b+α0−b−α_w)): log-odds ratio with an informative Dirichlet
///               prior (Monroe, Colaresi & Quinn 2008); α_w = prior-scale × count of the term
///               in the whole corpus, α0 = Σ α_w
///   log_ratio   log2(((a+½)/n_a) / ((b+½)/n_b)) (Hardie's Log Ratio, ½ added to each count)
///   p, q        P(χ²(1) ≥ g2) and its Benjamini–Hochberg q over the comparison's terms
///   per10k_*    occurrences per 10,000 content tokens
/// Positive log_odds_z and log_ratio: over-represented in `group` (A). Terms are tested
/// when a + b ≥ --min-count. Rows: by group, then log_odds_z descending, then term; --top
/// keeps each group's first N (0: all). Counts are over paragraphs; --exclude-reuse first
/// drops paragraphs that `policylens reuse` finds copied across documents (default settings).
///
/// Examples:
///   policylens compare data/corpus/city-gwr-2024 --by province --top 10
///   policylens compare data/corpus/city-gwr-2024 --by province --a 浙江省 --b 江苏省
///   policylens compare reports/ --by locality --exclude-reuse --top 0 --format csv --out keyness.csv
///
/// JSON rows: {group, term, count_group, count_rest, tokens_group, tokens_rest, per10k_group,
/// per10k_rest, g2, chi2, log_odds_z, log_ratio, p, q}.
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
    /// Compare this group against --b only (instead of each group against the rest).
    #[arg(long, requires = "b", value_name = "GROUP")]
    a: Option<String>,
    /// The other group of an A-against-B comparison.
    #[arg(long, requires = "a", value_name = "GROUP")]
    b: Option<String>,
    /// Test only terms occurring at least N times on the two sides together.
    #[arg(long, default_value_t = 5, value_name = "N")]
    min_count: u64,
    /// Strength of the Monroe et al. prior (× whole-corpus counts).
    #[arg(long, default_value_t = 1.0, value_name = "X")]
    prior_scale: f64,
    /// Rows per group, most over-represented first (0: all).
    #[arg(long, default_value_t = 20, value_name = "N")]
    top: usize,
    /// Leave out paragraphs reused across documents (template language) before counting.
    #[arg(long)]
    exclude_reuse: bool,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    pub fn to_config(&self) -> KeynessConfig {
        KeynessConfig {
            by: self.by.clone(),
            a: self.a.clone(),
            b: self.b.clone(),
            min_count: self.min_count,
            prior_scale: self.prior_scale,
            top: self.top,
            exclude_reuse: self.exclude_reuse.then(ReuseConfig::default),
        }
    }
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<()> {
    let config = args.to_config();
    config.validate().context("checking the compare settings")?;
    let corpus = args.input.load()?;
    let skip = match &config.exclude_reuse {
        Some(reuse) => {
            let pairs = compare::find_reuse(&corpus, reuse).context("finding reused paragraphs")?;
            let skip = compare::reused_paragraphs(&pairs);
            eprintln!(
                "note: left out {} paragraphs reused across documents ({} pairs)",
                skip.len(),
                pairs.len()
            );
            skip
        }
        None => BTreeSet::new(),
    };
    let segmenter = args.segment.build()?;
    let units = segment_corpus(&corpus, &segmenter, Unit::Paragraph);
    let counts = GroupCounts::from_corpus(&corpus, &units, &config.by, &skip)?;
    let rows = compare::keyness(&counts, &config)
        .with_context(|| format!("comparing groups by {}", config.by))?;
    let num = |x: f64, digits: usize| match args.output.format {
        Format::Table => format!("{x:.digits$}"),
        _ => x.to_string(),
    };
    // p and q span hundreds of orders of magnitude: scientific notation in the table.
    let sci = |x: f64| match args.output.format {
        Format::Table => format!("{x:.2e}"),
        _ => x.to_string(),
    };
    args.output.emit(
        &rows,
        || {
            let mut table = Table::new(KeynessRow::COLUMNS.to_vec());
            for r in &rows {
                table.rows.push(vec![
                    r.group.clone(),
                    r.term.clone(),
                    r.count_group.to_string(),
                    r.count_rest.to_string(),
                    r.tokens_group.to_string(),
                    r.tokens_rest.to_string(),
                    num(r.per10k_group, 1),
                    num(r.per10k_rest, 1),
                    num(r.g2, 2),
                    num(r.chi2, 2),
                    num(r.log_odds_z, 2),
                    num(r.log_ratio, 2),
                    sci(r.p),
                    sci(r.q),
                ]);
            }
            table
        },
        out,
    )
}
