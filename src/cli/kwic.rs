//! `policylens kwic`: every occurrence of a term, with its document, locality and context.

use std::io::Write;

use anyhow::Context;
use policylens::kwic::{Kwic, KwicConfig, MatchMode};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::format::{Format, OutputArgs, Table};
use super::input::{InputArgs, SegmentArgs};

const EXAMPLES: &str = "Examples:
  policylens kwic 城市更新 data/corpus/seeds
  policylens kwic '城市(有机)?更新' reports/ --regex --window 30 --format json
  policylens kwic 招商引资 reports/ --by province --format csv";

/// Show every occurrence of a term in context (keyword in context).
///
/// By default an occurrence counts when it starts and ends on word boundaries, so 新区 is not
/// found inside 高新区; lexicon variants count too (智改数转 finds 智转数改).
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment, after_help = EXAMPLES)]
pub struct Args {
    /// The term to look for (a regular expression with --regex).
    term: String,
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    segment: SegmentArgs,
    /// Characters of context on each side, within the paragraph.
    #[arg(long, default_value_t = 20, value_name = "N")]
    window: usize,
    /// TERM is a regular expression, matched within each paragraph.
    #[arg(long, conflicts_with = "substring")]
    regex: bool,
    /// Count every occurrence, even inside a longer word.
    #[arg(long)]
    substring: bool,
    /// Add a group column from this metadata column (locality, province, year, or any
    /// column of metadata.csv).
    #[arg(long, value_name = "COLUMN")]
    by: Option<String>,
    #[command(flatten)]
    output: OutputArgs,
}

impl Args {
    fn to_config(&self) -> KwicConfig {
        let mode = if self.regex {
            MatchMode::Regex
        } else if self.substring {
            MatchMode::Substring
        } else {
            MatchMode::Token
        };
        KwicConfig {
            window: self.window,
            mode,
        }
    }
}

#[derive(Serialize)]
struct Row<'a> {
    file: &'a str,
    locality: Option<&'a str>,
    /// `null` when the document has no value for the column; absent without `--by`.
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<Option<String>>,
    paragraph: usize,
    start: usize,
    end: usize,
    left: &'a str,
    #[serde(rename = "match")]
    matched: &'a str,
    right: &'a str,
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<()> {
    let segmenter = args.segment.build()?;
    let kwic =
        Kwic::new(&args.term, &args.to_config(), &segmenter).context("preparing the search")?;
    let corpus = args.input.load()?;
    let hits = kwic.search(&corpus);
    if let Some(column) = &args.by {
        let any = corpus
            .documents
            .iter()
            .any(|d| d.metadata.group_value(column).is_some());
        if !any {
            eprintln!("warning: no document has a value for --by {column}");
        }
    }
    let rows: Vec<Row> = hits
        .iter()
        .map(|hit| {
            let doc = &corpus.documents[hit.doc];
            Row {
                file: &doc.file,
                locality: doc.metadata.locality.value.as_deref(),
                group: args.by.as_ref().map(|c| doc.metadata.group_value(c)),
                paragraph: hit.paragraph,
                start: hit.start,
                end: hit.end,
                left: &hit.left,
                matched: &hit.matched,
                right: &hit.right,
            }
        })
        .collect();
    let aligned = args.output.format == Format::Table;
    args.output.emit(&rows, || table(&rows, aligned), out)
}

/// Widest left context shown in a table, so that the shared table never cuts it at the
/// wrong end (it shortens cells from the right).
const MAX_LEFT_WIDTH: usize = 50;

fn table(rows: &[Row], aligned: bool) -> Table {
    let grouped = rows.iter().any(|r| r.group.is_some());
    let mut headers = vec!["file", "locality"];
    if grouped {
        headers.push("group");
    }
    headers.extend(["paragraph", "start", "end", "left", "match", "right"]);
    let mut table = Table::new(headers);
    // Right-align the left context so that matches line up in one column.
    let lefts: Vec<String> = rows
        .iter()
        .map(|r| keep_right(r.left, MAX_LEFT_WIDTH))
        .collect();
    let width = lefts.iter().map(|l| l.width()).max().unwrap_or(0);
    for (r, left) in rows.iter().zip(lefts) {
        let mut row = vec![r.file.to_string(), r.locality.unwrap_or("").to_string()];
        if grouped {
            row.push(r.group.clone().flatten().unwrap_or_default());
        }
        let left = if aligned {
            format!("{}{left}", " ".repeat(width - left.width()))
        } else {
            r.left.to_string()
        };
        row.extend([
            r.paragraph.to_string(),
            r.start.to_string(),
            r.end.to_string(),
            left,
            r.matched.to_string(),
            r.right.to_string(),
        ]);
        table.rows.push(row);
    }
    table
}

/// The end of `s` that fits in `max` columns, with a leading ellipsis when cut.
fn keep_right(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut kept = Vec::new();
    let mut width = 1;
    for c in s.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if width + w > max {
            break;
        }
        width += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}
