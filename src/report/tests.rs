use super::html::{escape, highlight, shorten};
use super::*;
use crate::corpus::{Document, LoadOptions};

fn corpus(texts: &[(&str, &str)]) -> Corpus {
    Corpus {
        documents: texts
            .iter()
            .map(|(file, text)| Document::from_text(file, text, &LoadOptions::default()))
            .collect(),
        ..Corpus::default()
    }
}

fn config() -> ReportConfig {
    let mut config = ReportConfig::default();
    config.themes.by = "file".to_string();
    config.themes.bootstrap = 50;
    config.themes.discover = None;
    config
}

const A: &str = "金沙街道坚持党建引领，党员干部冲在一线。\n\n全力推进招商引资，签约外资项目3个。\n\n<script>alert(1)</script>推进城市更新。";
const B: &str = "西林街道实施老旧小区改造，推进城市更新。\n\n优化营商环境，推进招商引资。";

#[test]
fn escaping_covers_markup_and_quotes() {
    assert_eq!(
        escape("<script>alert('x')</script> & \"y\""),
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
    );
}

#[test]
fn highlight_marks_terms_and_escapes_the_rest() {
    let text = "<b>推进城市更新</b>，城市更新行动";
    let marked = highlight(text, &["城市更新行动".to_string(), "城市更新".to_string()]);
    assert_eq!(
        marked,
        "&lt;b&gt;推进<mark>城市更新</mark>&lt;/b&gt;，<mark>城市更新行动</mark>"
    );
}

#[test]
fn shorten_counts_characters() {
    assert_eq!(shorten("党建引领基层治理", 4), "党建引领…");
    assert_eq!(shorten("党建引领", 4), "党建引领");
}

#[test]
fn corpus_text_never_reaches_the_page_as_markup() {
    let report = build(&corpus(&[("a.txt", A), ("b.txt", B)]), &config(), &|_| {}).unwrap();
    assert!(!report.html.contains("<script>"));
    assert!(report
        .html
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn every_cell_with_units_links_to_its_evidence() {
    let report = build(&corpus(&[("a.txt", A), ("b.txt", B)]), &config(), &|_| {}).unwrap();
    let prevalence = report
        .tables
        .iter()
        .find(|t| t.name == "theme_prevalence")
        .unwrap();
    let rows: Vec<serde_json::Value> = serde_json::from_str(&prevalence.json).unwrap();
    let with_units = rows
        .iter()
        .filter(|r| r["units"].as_array().is_some_and(|u| !u.is_empty()))
        .count();
    assert!(with_units >= 3, "{with_units} cells with units");
    let links = report.html.matches("<a href=\"#ev-g").count();
    let targets = report.html.matches("<details id=\"ev-g").count();
    assert_eq!(links, with_units);
    assert_eq!(targets, with_units);
}

#[test]
fn same_input_same_tables() {
    let c = corpus(&[("a.txt", A), ("b.txt", B)]);
    let one = build(&c, &config(), &|_| {}).unwrap();
    let two = build(&c, &config(), &|_| {}).unwrap();
    assert_eq!(one.tables, two.tables);
    assert_eq!(one.html, two.html);
    let files = one.files(true).unwrap();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"index.html") && names.contains(&"run.json"));
    assert!(names.contains(&"tables/theme_prevalence.csv"));
    let csv = &files
        .iter()
        .find(|(n, _)| n == "tables/documents.csv")
        .unwrap()
        .1;
    assert!(csv.starts_with("\u{feff}file,group".as_bytes()));
}

#[test]
fn run_record_names_lexicon_and_hashes_the_corpus() {
    let report = build(&corpus(&[("a.txt", A)]), &config(), &|_| {}).unwrap();
    assert!(!report.run.lexicon_version.is_empty());
    assert_eq!(report.run.corpus.sha256.len(), 64);
    let other = build(&corpus(&[("a.txt", B)]), &config(), &|_| {}).unwrap();
    assert_ne!(report.run.corpus.sha256, other.run.corpus.sha256);
    let stages: Vec<&str> = report
        .run
        .timings
        .iter()
        .map(|t| t.stage.as_str())
        .collect();
    assert_eq!(
        stages,
        ["segment", "keywords", "themes", "compare", "render"]
    );
}
