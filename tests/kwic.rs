//! Keyword in context over the bundled seeds and small texts: counts checked against the
//! cleaned texts themselves, offsets that slice the match, and the `kwic` command.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use policylens::corpus::{self, Corpus, Document, LoadOptions};
use policylens::kwic::{Kwic, KwicConfig, KwicHit, MatchMode};
use policylens::segment::{SegmentConfig, Segmenter};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/seeds")
}

fn load_seeds() -> Corpus {
    corpus::load(&seeds(), &LoadOptions::default()).unwrap()
}

fn segmenter() -> Segmenter {
    Segmenter::new(&SegmentConfig::default()).unwrap()
}

fn search(corpus: &Corpus, term: &str, mode: MatchMode) -> Vec<KwicHit> {
    let segmenter = segmenter();
    let config = KwicConfig {
        mode,
        ..KwicConfig::default()
    };
    Kwic::new(term, &config, &segmenter).unwrap().search(corpus)
}

fn doc(text: &str) -> Document {
    Document::from_text("a.txt", text, &LoadOptions::default())
}

/// Every hit slices its match out of the cleaned text, lies inside its paragraph, and carries
/// at most `window` characters of that paragraph on each side.
fn assert_hits_consistent(corpus: &Corpus, hits: &[KwicHit], window: usize) {
    for hit in hits {
        let doc = &corpus.documents[hit.doc];
        assert_eq!(&doc.text[hit.start..hit.end], hit.matched, "{hit:?}");
        let para = doc.structure.paragraphs[hit.paragraph].span;
        assert!(para.start <= hit.start && hit.end <= para.end, "{hit:?}");
        assert!(doc.text[para.start..hit.start].ends_with(&hit.left));
        assert!(doc.text[hit.end..para.end].starts_with(&hit.right));
        assert!(hit.left.chars().count() <= window && hit.right.chars().count() <= window);
    }
    let order: Vec<(usize, usize)> = hits.iter().map(|h| (h.doc, h.start)).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "hits in document then offset order");
}

#[test]
fn kwic_finds_every_occurrence_of_a_lexicon_term_in_the_cleaned_seeds() {
    let corpus = load_seeds();
    let expected: usize = corpus
        .documents
        .iter()
        .map(|d| d.text.matches("招商引资").count())
        .sum();
    assert!(expected > 0);
    let hits = search(&corpus, "招商引资", MatchMode::Token);
    assert_eq!(hits.len(), expected);
    assert!(hits.iter().all(|h| h.matched == "招商引资"));
    assert_hits_consistent(&corpus, &hits, 20);
}

#[test]
fn substring_matching_finds_at_least_as_much_as_token_matching() {
    let corpus = load_seeds();
    for term in ["城市更新", "营商环境", "新区", "项目", "更新"] {
        let token = search(&corpus, term, MatchMode::Token);
        let substring = search(&corpus, term, MatchMode::Substring);
        let in_text: usize = corpus
            .documents
            .iter()
            .map(|d| d.text.matches(term).count())
            .sum();
        assert!(token.len() <= substring.len(), "{term}");
        assert_eq!(substring.len(), in_text, "{term}");
        assert_hits_consistent(&corpus, &substring, 20);
    }
}

#[test]
fn regex_matches_stay_within_paragraphs_and_find_both_variants() {
    let corpus = load_seeds();
    let hits = search(&corpus, "城市(有机)?更新", MatchMode::Regex);
    let expected: usize = corpus
        .documents
        .iter()
        .map(|d| d.text.matches("城市更新").count() + d.text.matches("城市有机更新").count())
        .sum();
    assert_eq!(hits.len(), expected);
    assert!(hits.iter().any(|h| h.matched == "城市有机更新"));
    assert!(hits.iter().any(|h| h.matched == "城市更新"));
    assert_hits_consistent(&corpus, &hits, 20);

    // A pattern that could run on would stop at the paragraph's end.
    let corpus = Corpus {
        documents: vec![doc("推进城市更新\n更新老旧管网")],
        ..Corpus::default()
    };
    let hits = search(&corpus, "更新.*", MatchMode::Regex);
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| !h.matched.contains('\n')));
    assert_eq!(hits[1].paragraph, 1);
}

#[test]
fn token_matching_respects_word_boundaries() {
    let segmenter = segmenter();
    let document = doc("高新区建设提速，推进城市更新工作。");
    let find = |term| {
        Kwic::new(term, &KwicConfig::default(), &segmenter)
            .unwrap()
            .find(&document, 0)
    };
    assert!(find("新区").is_empty(), "新区 lies inside the token 高新区");
    let hits = find("城市更新");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].left, "高新区建设提速,推进"); // cleaning folds ，to ,
    assert_eq!(hits[0].right, "工作。");
    let substring = KwicConfig {
        mode: MatchMode::Substring,
        ..KwicConfig::default()
    };
    let hits = Kwic::new("新区", &substring, &segmenter)
        .unwrap()
        .find(&document, 0);
    assert_eq!(hits.len(), 1);
}

#[test]
fn a_lexicon_alias_is_found_and_reported_as_written() {
    let segmenter = segmenter();
    let document = doc("加快智改数转步伐，推动企业智转数改全覆盖。");
    let kwic = Kwic::new("智改数转", &KwicConfig::default(), &segmenter).unwrap();
    assert!(kwic.forms().contains(&"智转数改".to_string()));
    let matched: Vec<String> = kwic
        .find(&document, 0)
        .into_iter()
        .map(|h| h.matched)
        .collect();
    assert_eq!(matched, ["智改数转", "智转数改"]);
}

#[test]
fn context_window_counts_characters() {
    let segmenter = segmenter();
    let config = KwicConfig {
        window: 2,
        ..KwicConfig::default()
    };
    let hits = Kwic::new("营商环境", &config, &segmenter)
        .unwrap()
        .find(&doc("持续优化营商环境，激发市场活力。"), 0);
    assert_eq!(
        (hits[0].left.as_str(), hits[0].right.as_str()),
        ("优化", ",激")
    );
}

#[test]
fn invalid_input_is_a_parameter_error_that_names_it() {
    let segmenter = segmenter();
    let regex = KwicConfig {
        mode: MatchMode::Regex,
        ..KwicConfig::default()
    };
    let err = Kwic::new("城市(更新", &regex, &segmenter)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("invalid regex = 城市(更新"), "{err}");
    assert!(err.contains("unclosed group"), "{err}");
    let zero = KwicConfig {
        window: 0,
        ..KwicConfig::default()
    };
    let err = Kwic::new("城市更新", &zero, &segmenter).unwrap_err();
    assert!(err.to_string().contains("window = 0"), "{err}");
    assert!(Kwic::new("  ", &KwicConfig::default(), &segmenter).is_err());
}

fn policylens() -> Command {
    Command::cargo_bin("policylens").unwrap()
}

#[test]
fn kwic_json_rows_carry_offsets_into_the_cleaned_text() {
    let output = policylens()
        .args([
            "kwic",
            "招商引资",
            seeds().to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let rows: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let corpus = load_seeds();
    let expected: usize = corpus
        .documents
        .iter()
        .map(|d| d.text.matches("招商引资").count())
        .sum();
    assert_eq!(rows.len(), expected);
    for row in &rows {
        for field in [
            "file",
            "locality",
            "paragraph",
            "start",
            "end",
            "left",
            "match",
            "right",
        ] {
            assert!(row.get(field).is_some(), "missing {field} in {row}");
        }
        assert!(row.get("group").is_none());
        let doc = corpus
            .documents
            .iter()
            .find(|d| d.file == row["file"])
            .unwrap();
        let (start, end) = (row["start"].as_u64().unwrap(), row["end"].as_u64().unwrap());
        assert_eq!(&doc.text[start as usize..end as usize], row["match"]);
    }
}

#[test]
fn kwic_by_adds_a_group_column() {
    let output = policylens()
        .args(["kwic", "城市更新", seeds().to_str().unwrap()])
        .args(["--by", "province", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let rows: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.get("group").is_some()));
}

#[test]
fn kwic_table_lines_up_the_matches() {
    let output = policylens()
        .args([
            "kwic",
            "城市更新",
            seeds().to_str().unwrap(),
            "--window",
            "3",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let columns: Vec<usize> = text
        .lines()
        .skip(1)
        .map(|line| line[..line.find("城市更新").unwrap()].width())
        .collect();
    assert!(columns.len() > 1);
    assert!(columns.iter().all(|&c| c == columns[0]), "{text}");
}

#[test]
fn kwic_reports_a_bad_regex_with_the_pattern() {
    let output = policylens()
        .args(["kwic", "城市(", seeds().to_str().unwrap(), "--regex"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("城市("), "{stderr}");
}
