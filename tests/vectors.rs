//! TF-IDF against scikit-learn's values (committed by `scripts/sklearn_tfidf_reference.py`,
//! so no Python is needed here), and `policylens vectors` over the bundled seeds.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use policylens::corpus::{load, LoadOptions, Unit};
use policylens::segment::{segment_corpus, SegmentConfig, Segmenter};
use policylens::vectorize::{DocFrequency, Norm, Vectorizer, VectorizerConfig};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sklearn_tfidf")
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/seeds")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// The TfidfVectorizer keyword arguments of a case, as our settings.
fn config_of(params: &Value) -> VectorizerConfig {
    let mut config = VectorizerConfig::default();
    for (key, value) in params.as_object().unwrap() {
        let df = || serde_json::from_value::<DocFrequency>(value.clone()).unwrap();
        match key.as_str() {
            "min_df" => config.min_df = df(),
            "max_df" => config.max_df = df(),
            "max_features" => config.max_features = value.as_u64().map(|n| n as usize),
            "sublinear_tf" => config.sublinear_tf = value.as_bool().unwrap(),
            "smooth_idf" => config.smooth_idf = value.as_bool().unwrap(),
            "use_idf" => config.use_idf = value.as_bool().unwrap(),
            "norm" => {
                assert!(value.is_null(), "norm {value}");
                config.norm = Norm::None;
            }
            "ngram_range" => {
                assert_eq!(value, &serde_json::json!([1, 2]));
                config.bigrams = true;
            }
            other => panic!("no setting for sklearn's {other}"),
        }
    }
    config
}

/// Compares one case and returns the largest absolute difference met.
fn compare(case: &str, tokens: &[Vec<String>]) -> f64 {
    let expected = read_json(&fixtures().join(format!("expected_{case}.json")));
    let config = config_of(&expected["params"]);
    let (model, matrix) = Vectorizer::new(config.clone())
        .unwrap()
        .fit_transform(tokens)
        .unwrap();
    let vocabulary: Vec<&str> = expected["vocabulary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(
        model.vocabulary(),
        vocabulary.as_slice(),
        "{case}: vocabulary"
    );
    assert_eq!(
        [matrix.rows, matrix.cols],
        [tokens.len(), vocabulary.len()],
        "{case}"
    );
    assert_eq!(
        expected["shape"],
        serde_json::json!([matrix.rows, matrix.cols])
    );

    let mut max_diff: f64 = 0.0;
    match expected["idf"].as_array() {
        Some(idf) => {
            assert!(config.use_idf, "{case}");
            assert_eq!(idf.len(), model.idf().len());
            for (want, got) in idf.iter().zip(model.idf()) {
                max_diff = max_diff.max((want.as_f64().unwrap() - got).abs());
            }
        }
        None => assert!(
            !config.use_idf,
            "{case}: sklearn has no idf_ without use_idf"
        ),
    }

    let entries = expected["entries"].as_array().unwrap();
    assert_eq!(
        matrix.nnz(),
        entries.len(),
        "{case}: number of non-zero values"
    );
    let ours = matrix
        .row_iter()
        .enumerate()
        .flat_map(|(r, row)| row.iter().map(move |(c, v)| (r, c, v)));
    for (entry, (r, c, v)) in entries.iter().zip(ours) {
        let e = entry.as_array().unwrap();
        let (er, ec) = (e[0].as_u64().unwrap(), e[1].as_u64().unwrap());
        assert_eq!((er as usize, ec as usize), (r, c), "{case}: position");
        let diff = (e[2].as_f64().unwrap() - v).abs();
        assert!(diff <= TOLERANCE, "{case}: ({r}, {c}) {v} vs {}", e[2]);
        max_diff = max_diff.max(diff);
    }
    max_diff
}

#[test]
fn tfidf_equals_scikit_learn_for_every_committed_case() {
    let tokens: Vec<Vec<String>> =
        serde_json::from_value(read_json(&fixtures().join("tokens.json"))).unwrap();
    assert!(
        tokens.iter().any(Vec::is_empty),
        "the fixture keeps an empty unit"
    );
    let cases = [
        "default",
        "sublinear",
        "pruned",
        "no_norm",
        "bigrams",
        "raw_idf",
        "no_idf",
    ];
    let mut worst: f64 = 0.0;
    for case in cases {
        let diff = compare(case, &tokens);
        println!("{case}: max |ours - sklearn| = {diff:e}");
        worst = worst.max(diff);
    }
    println!("all cases: max |ours - sklearn| = {worst:e}");
    let files = fs::read_dir(fixtures()).unwrap().count();
    assert_eq!(files, cases.len() + 1, "a case file is not compared");
}

fn policylens() -> Command {
    Command::cargo_bin("policylens").unwrap()
}

fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (headers, rows)
}

/// `(rows, cols, entries)` of a Matrix Market file, 1-based as written.
fn read_mtx(path: &Path) -> (usize, usize, Vec<(usize, usize, f64)>) {
    let text = fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("%%MatrixMarket matrix coordinate real general")
    );
    let mut lines = lines.skip_while(|l| l.starts_with('%'));
    let size: Vec<usize> = lines
        .next()
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    let entries: Vec<(usize, usize, f64)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(entries.len(), size[2], "nnz line");
    (size[0], size[1], entries)
}

#[test]
fn vectors_writes_a_matrix_whose_rows_and_columns_are_indexed_by_the_csvs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("new/vectors");
    let output = policylens()
        .args(["vectors", seeds().to_str().unwrap(), "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("paragraphs ×") && stderr.contains("non-zero"),
        "{stderr}"
    );

    let (vh, vocabulary) = csv_rows(&out.join("vocabulary.csv"));
    assert_eq!(vh, ["id", "term", "df", "idf"]);
    let (uh, units) = csv_rows(&out.join("units.csv"));
    assert_eq!(uh, ["row", "file", "locality", "paragraph", "start", "end"]);
    let (rows, cols, entries) = read_mtx(&out.join("matrix.mtx"));
    assert_eq!((rows, cols), (units.len(), vocabulary.len()));
    for (i, v) in vocabulary.iter().enumerate() {
        assert_eq!(v[0], (i + 1).to_string(), "ids are 1-based columns");
    }
    for (i, u) in units.iter().enumerate() {
        assert_eq!(u[0], (i + 1).to_string(), "rows are 1-based");
    }
    let terms: Vec<&str> = vocabulary.iter().map(|v| v[1].as_str()).collect();
    assert!(terms.windows(2).all(|w| w[0] < w[1]), "code-point order");

    // Each row's terms come from the paragraph its units.csv line points at.
    let corpus = load(&seeds(), &LoadOptions::default()).unwrap();
    let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
    let docs: HashMap<&str, _> = corpus
        .documents
        .iter()
        .map(|d| (d.file.as_str(), d))
        .collect();
    let mut df = vec![0usize; cols];
    let mut by_row: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); rows];
    for &(r, c, v) in &entries {
        assert!(
            (1..=rows).contains(&r) && (1..=cols).contains(&c),
            "{r} {c}"
        );
        assert!(v > 0.0 && v <= 1.0);
        by_row[r - 1].insert(terms[c - 1]);
        df[c - 1] += 1;
    }
    for (unit, row_terms) in units.iter().zip(&by_row) {
        let doc = docs[unit[1].as_str()];
        let (start, end): (usize, usize) = (unit[4].parse().unwrap(), unit[5].parse().unwrap());
        let paragraph = &doc.structure.paragraphs[unit[3].parse::<usize>().unwrap()];
        assert_eq!((paragraph.span.start, paragraph.span.end), (start, end));
        let tokens: BTreeSet<&str> = segmenter
            .tokens(&doc.text[start..end])
            .into_iter()
            .map(|t| t.term)
            .collect();
        assert!(
            row_terms.is_subset(&tokens),
            "{unit:?}: {row_terms:?} ⊄ {tokens:?}"
        );
    }
    for (v, n) in vocabulary.iter().zip(&df) {
        assert_eq!(v[2], n.to_string(), "df of {}", v[1]);
    }

    // The written values are the library's, bit for bit.
    let units = segment_corpus(&corpus, &segmenter, Unit::Paragraph);
    let (_, matrix) = Vectorizer::new(VectorizerConfig::default())
        .unwrap()
        .fit_transform(&units)
        .unwrap();
    for &(r, c, v) in &entries {
        assert_eq!(matrix.get(r - 1, c - 1).to_bits(), v.to_bits());
    }
}

#[test]
fn vectors_refuses_min_df_above_max_df_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let output = policylens()
        .args([
            "vectors",
            seeds().to_str().unwrap(),
            "--min-df",
            "5",
            "--max-df",
            "3",
        ])
        .arg("--out")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("min_df = 5 with max_df = 3"), "{stderr}");
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );

    // A count against a proportion is checked once the number of units is known.
    let output = policylens()
        .args(["vectors", seeds().to_str().unwrap(), "--min-df", "100"])
        .args(["--max-df", "0.1", "--unit", "document", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("min_df = 100 (100 of 5 units) with max_df = 0.1"),
        "{stderr}"
    );
}

#[test]
fn vectors_options_reach_the_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let output = policylens()
        .args(["vectors", seeds().to_str().unwrap(), "--unit", "document"])
        .args([
            "--bigrams",
            "--max-features",
            "300",
            "--norm",
            "none",
            "--out",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (rows, cols, entries) = read_mtx(&dir.path().join("matrix.mtx"));
    assert_eq!((rows, cols), (5, 300));
    assert!(entries.iter().any(|e| e.2 > 1.0), "not normalised");
    let (_, vocabulary) = csv_rows(&dir.path().join("vocabulary.csv"));
    assert!(
        vocabulary.iter().any(|v| v[1].contains(' ')),
        "bigrams kept"
    );
}
