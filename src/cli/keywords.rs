//! `policylens keywords`: the top terms of each group of documents.

use std::io::Write;

use anyhow::Context;
use policylens::corpus::Unit;
use policylens::corpus::NO_GROUP;
use policylens::keywords::{self, KeywordConfig, KeywordDoc, KeywordMethod};
use policylens::segment::segment_corpus;

use super::format::{Format, OutputArgs, Table};
use super::input::{InputArgs, SegmentArgs};

/// Top terms per document or per group of documents, with scores and raw counts
///
/// Methods (count = occurrences of the term in the group):
///   tfidf     count × idf, idf = ln((1+n)/(1+df))+1 over the corpus's n documents
///   textrank  PageRank over the group's co-occurrence graph (window 5 within paragraphs,
///             damping 0.85, at most 100 iterations, tolerance 1e-6)
///   ctfidf    class-based TF-IDF (BERTopic): count / tokens of the group × ln(1 + A / f),
///             A = mean tokens per group, f = occurrences of the term in all groups
/// Ties go to the term first in code-point order. Documents with no value for the --by
/// column form the group "(none)".
///
/// Examples:
///   policylens keywords data/corpus/seeds --by locality
///   policylens keywords data/corpus/seeds --by file --method textrank --top 20 --format json
///   policylens keywords reports/ --by province --method ctfidf --format csv --out kw.csv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    segment: SegmentArgs,
    /// Group documents by file, locality, province, city, county, year or any metadata column.
    #[arg(long, default_value = "file", value_name = "COLUMN")]
    by: String,
    /// Scoring: tfidf, textrank or ctfidf.
    #[arg(long, default_value = "tfidf", value_name = "METHOD")]
    method: KeywordMethod,
    /// Terms per group.
    #[arg(long, default_value_t = 10, value_name = "N")]
    top: usize,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    pub fn to_config(&self) -> KeywordConfig {
        KeywordConfig {
            method: self.method,
            top: self.top,
            ..KeywordConfig::default()
        }
    }
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<()> {
    let config = args.to_config();
    config.validate().context("checking the keyword settings")?;
    let corpus = args.input.load()?;
    let groups = corpus.groups(&args.by)?;
    let missing: Vec<&str> = groups
        .iter()
        .zip(&corpus.documents)
        .filter(|(g, _)| g.is_none())
        .map(|(_, d)| d.file.as_str())
        .collect();
    if !missing.is_empty() {
        let shown = missing
            .iter()
            .take(3)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let more = if missing.len() > 3 { ", …" } else { "" };
        eprintln!(
            "warning: {} of {} documents have no {}; they form the group {NO_GROUP}: {shown}{more}",
            missing.len(),
            corpus.documents.len(),
            args.by
        );
    }

    let segmenter = args.segment.build()?;
    let mut docs: Vec<KeywordDoc> = groups
        .into_iter()
        .map(|g| KeywordDoc {
            group: g.unwrap_or_else(|| NO_GROUP.to_string()),
            units: Vec::new(),
        })
        .collect();
    // Paragraphs are TextRank's units: its window never joins the end of one paragraph to the
    // start of the next.
    for unit in segment_corpus(&corpus, &segmenter, Unit::Paragraph) {
        docs[unit.unit.doc].units.push(unit.terms().to_vec());
    }
    let rows = keywords::extract(&docs, &config)?;
    // Four decimals read well in a terminal; CSV keeps every digit for programs.
    let score = |s: f64| match args.output.format {
        Format::Table => format!("{s:.4}"),
        _ => s.to_string(),
    };
    args.output.emit(
        &rows,
        || {
            let mut table = Table::new(vec!["group", "rank", "term", "score", "count"]);
            for k in &rows {
                table.rows.push(vec![
                    k.group.clone(),
                    k.rank.to_string(),
                    k.term.clone(),
                    score(k.score),
                    k.count.to_string(),
                ]);
            }
            table
        },
        out,
    )
}
