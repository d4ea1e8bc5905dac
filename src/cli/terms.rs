//! `policylens terms`: candidate new formulations, ranked, for review or a user dictionary.

use std::io::Write;

use anyhow::Context;
use policylens::terms::{dict_lines, discover, TermsConfig};

use super::format::{OutputArgs, Table};
use super::input::{InputArgs, SegmentArgs};

const EXAMPLES: &str = "Examples:
  policylens terms data/corpus/city-gwr-2024 --top 50
  policylens terms reports/ --min-docs 2 --all --format csv
  policylens terms reports/ --as-dict > new.dict && policylens segment reports/ --dict new.dict";

/// Discover candidate formulations (提法) the lexicon does not know yet.
///
/// Candidates are frequent token n-grams that hold together (PMI) and stand free of their
/// neighbours (branching entropy), and numbered formulations such as 五张清单 or 三个一批.
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    segment: SegmentArgs,
    /// Fewest occurrences of a candidate.
    #[arg(long, default_value_t = 5, value_name = "N")]
    min_freq: usize,
    /// Fewest documents a candidate must occur in.
    #[arg(long, default_value_t = 3, value_name = "N")]
    min_docs: usize,
    /// Longest n-gram in tokens (2 to 4).
    #[arg(long, default_value_t = 4, value_name = "N")]
    max_tokens: usize,
    /// Shortest candidate in characters (at least 2).
    #[arg(long, default_value_t = 3, value_name = "N")]
    min_length: usize,
    /// Number of candidates listed.
    #[arg(long, default_value_t = 100, value_name = "N")]
    top: usize,
    /// Do not look for numbered formulations.
    #[arg(long)]
    no_numbered: bool,
    /// Also list candidates the lexicon already has (marked known).
    #[arg(long)]
    all: bool,
    /// Print `term freq nz` lines for a jieba user dictionary instead of a table.
    #[arg(long, conflicts_with = "format")]
    as_dict: bool,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    fn to_config(&self) -> TermsConfig {
        TermsConfig {
            min_freq: self.min_freq,
            min_docs: self.min_docs,
            max_tokens: self.max_tokens,
            min_chars: self.min_length,
            numbered: !self.no_numbered,
            top: self.top,
            include_known: self.all,
        }
    }
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<()> {
    let config = args.to_config();
    config.validate()?;
    let segmenter = args.segment.build()?;
    let corpus = args.input.load()?;
    let candidates = discover(&corpus, &segmenter, &config).context("discovering terms")?;
    if args.as_dict {
        let text = dict_lines(&candidates);
        return match &args.output.out {
            None => Ok(out.write_all(text.as_bytes())?),
            Some(path) => Ok(policylens::output::write_atomic(path, |w| {
                w.write_all(text.as_bytes())
            })?),
        };
    }
    args.output.emit(
        &candidates,
        || {
            let mut table = Table::new(vec![
                "term", "kind", "freq", "docs", "quoted", "pmi", "left_h", "right_h", "score",
                "known",
            ]);
            for c in &candidates {
                let known = if c.known {
                    "known"
                } else if c.contains_known {
                    "contains"
                } else {
                    ""
                };
                table.rows.push(vec![
                    c.term.clone(),
                    format!("{:?}", c.kind).to_lowercase(),
                    c.freq.to_string(),
                    c.docs.to_string(),
                    c.quoted.to_string(),
                    format!("{:.2}", c.pmi),
                    format!("{:.2}", c.left_entropy),
                    format!("{:.2}", c.right_entropy),
                    format!("{:.2}", c.score),
                    known.to_string(),
                ]);
            }
            table
        },
        out,
    )
}
