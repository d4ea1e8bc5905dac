//! `policylens corpus`: one row per document with its inferred metadata, plus totals.

use std::collections::BTreeMap;
use std::io::Write;

use policylens::corpus::{CleanRule, Document, Inferred, ReportPart};
use serde::Serialize;

use super::format::{OutputArgs, Table};
use super::input::InputArgs;

/// Summarise a corpus: encoding, size, structure and inferred metadata per document.
///
/// Examples:
///   policylens corpus data/corpus/seeds
///   policylens corpus data/corpus/seeds --no-metadata --format json
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    output: OutputArgs,
}

#[derive(Serialize)]
struct Row<'a> {
    file: &'a str,
    locality: Option<&'a str>,
    level: Option<&'static str>,
    province: Option<&'a str>,
    city: Option<&'a str>,
    county: Option<&'a str>,
    year: Option<i32>,
    encoding: String,
    raw_chars: usize,
    chars: usize,
    sections: usize,
    paragraphs: usize,
    sentences: usize,
    review_paragraphs: usize,
    plan_paragraphs: usize,
    confidence: BTreeMap<&'static str, f64>,
    evidence: BTreeMap<&'static str, &'a str>,
    cleaning: &'a BTreeMap<CleanRule, usize>,
    extra: &'a BTreeMap<String, String>,
    warnings: &'a [String],
}

fn level_name(level: policylens::corpus::Level) -> &'static str {
    use policylens::corpus::Level::*;
    match level {
        Province => "province",
        City => "city",
        County => "county",
        District => "district",
        Street => "street",
        Town => "town",
        DevelopmentZone => "development_zone",
    }
}

/// The snake_case name a rule has in JSON output.
fn rule_name(rule: CleanRule) -> String {
    serde_json::to_value(rule)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn row(doc: &Document) -> Row<'_> {
    let m = &doc.metadata;
    let mut confidence = BTreeMap::new();
    let mut evidence = BTreeMap::new();
    fn add<'a, T>(
        name: &'static str,
        field: &'a Inferred<T>,
        confidence: &mut BTreeMap<&'static str, f64>,
        evidence: &mut BTreeMap<&'static str, &'a str>,
    ) {
        confidence.insert(name, field.confidence);
        evidence.insert(name, field.evidence.as_str());
    }
    add("locality", &m.locality, &mut confidence, &mut evidence);
    add("level", &m.level, &mut confidence, &mut evidence);
    add("province", &m.province, &mut confidence, &mut evidence);
    add("city", &m.city, &mut confidence, &mut evidence);
    add("county", &m.county, &mut confidence, &mut evidence);
    add("year", &m.year, &mut confidence, &mut evidence);
    let part = |p: ReportPart| {
        doc.structure
            .paragraphs
            .iter()
            .filter(|x| x.part == p)
            .count()
    };
    Row {
        file: &doc.file,
        locality: m.locality.value.as_deref(),
        level: m.level.value.map(level_name),
        province: m.province.value.as_deref(),
        city: m.city.value.as_deref(),
        county: m.county.value.as_deref(),
        year: m.year.value,
        encoding: doc.encoding.to_string(),
        raw_chars: doc.raw_chars,
        chars: doc.chars(),
        sections: doc.structure.sections.len(),
        paragraphs: doc.structure.paragraphs.len(),
        sentences: doc.structure.sentences.len(),
        review_paragraphs: part(ReportPart::Review),
        plan_paragraphs: part(ReportPart::Plan),
        confidence,
        evidence,
        cleaning: &doc.cleaning.chars,
        extra: &m.extra,
        warnings: &doc.warnings,
    }
}

pub fn run(args: &Args, out: &mut impl Write) -> anyhow::Result<()> {
    let corpus = args.input.load()?;
    let rows: Vec<Row> = corpus.documents.iter().map(row).collect();
    args.output.emit(
        &rows,
        || {
            let mut table = Table::new(vec![
                "file",
                "locality",
                "level",
                "province",
                "city",
                "county",
                "year",
                "encoding",
                "chars",
                "paragraphs",
                "sentences",
                "confidence",
                "warnings",
            ]);
            let opt = |v: Option<&str>| v.unwrap_or("").to_string();
            for r in &rows {
                table.rows.push(vec![
                    r.file.to_string(),
                    opt(r.locality),
                    opt(r.level),
                    opt(r.province),
                    opt(r.city),
                    opt(r.county),
                    r.year.map(|y| y.to_string()).unwrap_or_default(),
                    r.encoding.clone(),
                    r.chars.to_string(),
                    r.paragraphs.to_string(),
                    r.sentences.to_string(),
                    format!(
                        "{:.2}",
                        r.confidence.get("locality").copied().unwrap_or(0.0)
                    ),
                    r.warnings.join("; "),
                ]);
            }
            let total = |f: fn(&Row) -> usize| rows.iter().map(f).sum::<usize>().to_string();
            table.footer.push(vec![
                format!("{} documents", rows.len()),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                format!("{} skipped", corpus.skipped.len()),
                total(|r| r.chars),
                total(|r| r.paragraphs),
                total(|r| r.sentences),
            ]);
            let cleaning = corpus.cleaning_totals();
            let removed: Vec<String> = cleaning
                .chars
                .iter()
                .map(|(rule, n)| format!("{}={n}", rule_name(*rule)))
                .collect();
            table.notes.push(format!(
                "cleaning, characters removed per rule (full_width: folded): {}",
                removed.join(" ")
            ));
            table
        },
        out,
    )
}
