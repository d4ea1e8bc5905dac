//! `policylens segment`: the content tokens of every document, paragraph or sentence.

use std::io::Write;

use policylens::corpus::Unit;
use policylens::segment::segment_corpus;
use serde::Serialize;

use super::format::{OutputArgs, Table};
use super::input::{InputArgs, SegmentArgs};

/// Segment texts into content words, with the policy lexicon and stopwords applied.
///
/// Examples:
///   policylens segment data/corpus/seeds --unit paragraph --format json
///   policylens segment reports/ --dict my.dict --stopwords extra.txt --format csv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    segment: SegmentArgs,
    /// Unit to print tokens for: document, section, paragraph or sentence.
    #[arg(long, default_value = "document")]
    unit: Unit,
    /// Print every token (punctuation, stopwords …) with its part of speech, unfiltered.
    #[arg(long)]
    all_tokens: bool,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Serialize)]
struct Row<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sentence: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<usize>,
    tokens: Vec<String>,
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<()> {
    let corpus = args.input.load()?;
    let segmenter = args.segment.build()?;
    let units = segment_corpus(&corpus, &segmenter, args.unit);
    let whole = args.unit == Unit::Document;
    let rows: Vec<Row> = units
        .iter()
        .map(|u| {
            let doc = &corpus.documents[u.unit.doc];
            let tokens = if args.all_tokens {
                segmenter
                    .cut(u.unit.span.slice(&doc.text))
                    .iter()
                    .filter(|t| !t.text.trim().is_empty())
                    .map(|t| format!("{}/{}", t.text, t.pos))
                    .collect()
            } else {
                u.terms().iter().map(|t| t.to_string()).collect()
            };
            Row {
                file: &doc.file,
                paragraph: (!whole).then_some(u.unit.paragraph),
                sentence: u.unit.sentence,
                start: (!whole).then_some(u.unit.span.start),
                end: (!whole).then_some(u.unit.span.end),
                tokens,
            }
        })
        .collect();
    args.output.emit(
        &rows,
        || {
            let mut table = Table::new(vec![
                "file",
                "paragraph",
                "sentence",
                "start",
                "end",
                "tokens",
            ]);
            let num = |v: Option<usize>| v.map(|n| n.to_string()).unwrap_or_default();
            for r in &rows {
                table.rows.push(vec![
                    r.file.to_string(),
                    num(r.paragraph),
                    num(r.sentence),
                    num(r.start),
                    num(r.end),
                    r.tokens.join(" "),
                ]);
            }
            table
        },
        out,
    )
}
