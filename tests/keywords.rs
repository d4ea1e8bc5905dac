//! Keywords per locality of the bundled seeds, and `policylens keywords`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use policylens::corpus::{load, LoadOptions, Unit};
use policylens::keywords::{extract, Keyword, KeywordConfig, KeywordDoc, KeywordMethod};
use policylens::segment::{segment_corpus, SegmentConfig, Segmenter};
use serde_json::Value;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/seeds")
}

/// file → locality, from the seeds' hand-checked sidecar (read here so that this test does not
/// depend on how metadata is inferred).
fn sidecar_localities() -> BTreeMap<String, String> {
    let mut reader = csv::Reader::from_path(seeds().join("metadata.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (file, locality) = (column("file"), column("locality"));
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[file].to_string(), r[locality].to_string())
        })
        .collect()
}

fn is_number(term: &str) -> bool {
    term.chars().any(char::is_numeric)
        || term
            .chars()
            .all(|c| "零〇一二两三四五六七八九十百千万亿".contains(c))
}

#[test]
fn seed_localities_have_distinct_content_keywords_by_tfidf_and_ctfidf() {
    let corpus = load(&seeds(), &LoadOptions::default()).unwrap();
    let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
    let localities = sidecar_localities();
    let mut docs: Vec<KeywordDoc> = corpus
        .documents
        .iter()
        .map(|d| KeywordDoc {
            group: localities[&d.file].clone(),
            units: Vec::new(),
        })
        .collect();
    let mut terms_of: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for unit in segment_corpus(&corpus, &segmenter, Unit::Paragraph) {
        let terms = unit.terms().to_vec();
        let group = docs[unit.unit.doc].group.clone();
        terms_of.entry(group).or_default().extend(&terms);
        docs[unit.unit.doc].units.push(terms);
    }
    for method in [
        KeywordMethod::Tfidf,
        KeywordMethod::Ctfidf,
        KeywordMethod::Textrank,
    ] {
        let config = KeywordConfig {
            method,
            ..KeywordConfig::default()
        };
        let rows = extract(&docs, &config).unwrap();
        let mut top: BTreeMap<&str, Vec<&Keyword>> = BTreeMap::new();
        for k in &rows {
            top.entry(k.group.as_str()).or_default().push(k);
        }
        println!("== {method}");
        for (group, keywords) in &top {
            let shown: Vec<String> = keywords
                .iter()
                .map(|k| format!("{}({:.3},{})", k.term, k.score, k.count))
                .collect();
            println!("{group}: {}", shown.join(" "));
        }
        assert_eq!(top.len(), 5, "{method}: one group per locality");
        if method == KeywordMethod::Textrank {
            continue; // TextRank favours central words; only tfidf and ctfidf must discriminate.
        }
        for (group, keywords) in &top {
            assert_eq!(keywords.len(), 10, "{method} {group}");
            for k in keywords {
                assert!(
                    !segmenter.is_stopword(&k.term),
                    "{method} {group}: {}",
                    k.term
                );
                assert!(!is_number(&k.term), "{method} {group}: {}", k.term);
            }
            // Something in the top 10 that no other locality's text contains.
            let own = keywords.iter().find(|k| {
                terms_of
                    .iter()
                    .all(|(g, terms)| g == group || !terms.contains(k.term.as_str()))
            });
            assert!(own.is_some(), "{method} {group}: nothing specific");
        }
        let chou = top["稠江街道"].iter().map(|k| k.term.as_str());
        assert!(
            chou.clone().any(|t| t == "有机更新" || t.contains("稠江")),
            "{method}: {:?}",
            chou.collect::<Vec<_>>()
        );
    }
}

fn policylens() -> Command {
    Command::cargo_bin("policylens").unwrap()
}

/// Runs `policylens keywords SEEDS ARGS… --format json`: the rows and stderr.
fn keywords(args: &[&str]) -> (Vec<Value>, String) {
    let output = policylens()
        .arg("keywords")
        .arg(seeds())
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{stderr}");
    (serde_json::from_slice(&output.stdout).unwrap(), stderr)
}

#[test]
fn keywords_json_rows_are_ranked_within_sorted_groups() {
    for method in ["tfidf", "textrank", "ctfidf"] {
        let (rows, _) = keywords(&["--by", "file", "--method", method, "--top", "7"]);
        assert_eq!(rows.len(), 5 * 7, "{method}");
        let key = |r: &Value| {
            let s = |f: &str| r[f].as_str().unwrap().to_string();
            (s("group"), r["rank"].as_u64().unwrap())
        };
        let keys: Vec<_> = rows.iter().map(key).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted, "{method}: groups sorted, then ranks");
        for pair in rows.windows(2).filter(|p| p[0]["group"] == p[1]["group"]) {
            let (a, b) = (&pair[0], &pair[1]);
            assert_eq!(b["rank"].as_u64(), a["rank"].as_u64().map(|r| r + 1));
            let (sa, sb) = (a["score"].as_f64().unwrap(), b["score"].as_f64().unwrap());
            assert!(sa > sb || (sa == sb && a["term"].as_str() < b["term"].as_str()));
        }
        for r in &rows {
            let fields: BTreeSet<&str> =
                r.as_object().unwrap().keys().map(|k| k.as_str()).collect();
            assert_eq!(
                fields,
                BTreeSet::from(["group", "rank", "term", "score", "count"])
            );
            assert!(r["count"].as_u64().unwrap() >= 1);
        }
        let (again, _) = keywords(&["--by", "file", "--method", method, "--top", "7"]);
        assert_eq!(rows, again, "{method}: deterministic");
    }
}

#[test]
fn keywords_by_locality_group_documents_or_name_those_without_one() {
    let (rows, stderr) = keywords(&["--by", "locality", "--top", "3"]);
    let groups: BTreeSet<&str> = rows.iter().map(|r| r["group"].as_str().unwrap()).collect();
    let corpus = load(&seeds(), &LoadOptions::default()).unwrap();
    if corpus.documents[0].metadata.locality.value.is_some() {
        let expected = sidecar_localities();
        let expected: BTreeSet<&str> = expected.values().map(String::as_str).collect();
        assert_eq!(groups, expected);
    } else {
        // Metadata without localities: every document lands in (none), with a warning.
        assert_eq!(groups, BTreeSet::from(["(none)"]));
        assert!(
            stderr.contains("5 of 5 documents have no locality"),
            "{stderr}"
        );
    }
}

#[test]
fn keywords_refuses_unknown_columns_and_zero_top() {
    let output = policylens()
        .arg("keywords")
        .arg(seeds())
        .args(["--by", "party"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid by = party: expected one of file, locality, level, province"),
        "{stderr}"
    );
    let output = policylens()
        .arg("keywords")
        .arg(seeds())
        .args(["--top", "0"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid top = 0: expected at least 1"),
        "{stderr}"
    );
}
