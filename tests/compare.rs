//! Keyness, similarity and reuse: the library against an independent reference, and
//! `policylens compare`, `similarity` and `reuse` over small fixture corpora.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use policylens::compare::{keyness, GroupCounts, KeynessConfig, KeynessRow};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn policylens() -> Command {
    Command::cargo_bin("policylens").unwrap()
}

/// Runs `policylens ARGS --format json` and parses its rows.
fn json_rows(args: &[&str]) -> Vec<Value> {
    let out = policylens()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    match serde_json::from_slice(&out.stdout).unwrap() {
        Value::Array(rows) => rows,
        other => panic!("expected an array, got {other}"),
    }
}

fn num(row: &Value, key: &str) -> f64 {
    row[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} in {row}"))
}

fn close(got: f64, expected: f64, tolerance: f64) -> bool {
    (got - expected).abs() <= tolerance * expected.abs().max(1.0)
}

/// The counts of `monroe_counts.json`, as the library sees them.
fn fixture_counts() -> (Value, GroupCounts) {
    let spec = read_json(&fixtures().join("compare/monroe_counts.json"));
    let mut entries = Vec::new();
    for (group, terms) in spec["counts"].as_object().unwrap() {
        for (term, n) in terms.as_object().unwrap() {
            entries.push((group.clone(), term.clone(), n.as_u64().unwrap()));
        }
    }
    (spec, GroupCounts::from_counts(entries))
}

fn check_against_reference(rows: &[KeynessRow], expected: &[Value]) {
    assert_eq!(rows.len(), expected.len());
    for e in expected {
        let (group, term) = (e["group"].as_str().unwrap(), e["term"].as_str().unwrap());
        let row = rows
            .iter()
            .find(|r| r.group == group && r.term == term)
            .unwrap_or_else(|| panic!("no row for {group} {term}"));
        assert_eq!(row.count_group, e["count_group"].as_u64().unwrap());
        assert_eq!(row.count_rest, e["count_rest"].as_u64().unwrap());
        let pairs = [
            ("log_odds_z", row.log_odds_z, 1e-9),
            ("g2", row.g2, 1e-9),
            ("p", row.p, 1e-12),
            ("q", row.q, 1e-12),
        ];
        for (name, got, tolerance) in pairs {
            let want = num(e, name);
            assert!(
                close(got, want, tolerance),
                "{group} {term} {name}: {got} vs reference {want}"
            );
        }
    }
}

#[test]
fn monroe_z_g2_p_and_q_match_the_independent_python_reference() {
    let (spec, counts) = fixture_counts();
    let expected = read_json(&fixtures().join("compare/monroe_expected.json"));
    let config = KeynessConfig {
        min_count: spec["min_count"].as_u64().unwrap(),
        prior_scale: spec["prior_scale"].as_f64().unwrap(),
        ..KeynessConfig::default()
    };
    let rows = keyness(&counts, &config).unwrap();
    check_against_reference(&rows, expected["against_rest"].as_array().unwrap());
    for case in expected["a_against_b"].as_array().unwrap() {
        let config = KeynessConfig {
            a: Some(case["a"].as_str().unwrap().into()),
            b: Some(case["b"].as_str().unwrap().into()),
            ..config.clone()
        };
        let rows = keyness(&counts, &config).unwrap();
        check_against_reference(&rows, case["rows"].as_array().unwrap());
    }
}

#[test]
fn library_swap_of_a_and_b_negates_direction_and_keeps_g2() {
    let (_, counts) = fixture_counts();
    let run = |a: &str, b: &str| {
        let config = KeynessConfig {
            a: Some(a.into()),
            b: Some(b.into()),
            ..KeynessConfig::default()
        };
        let mut rows = keyness(&counts, &config).unwrap();
        rows.sort_by(|x, y| x.term.cmp(&y.term));
        rows
    };
    let (ab, ba) = (run("义乌市", "成都市"), run("成都市", "义乌市"));
    assert_eq!(ab.len(), ba.len());
    assert!(ab.len() > 5);
    for (x, y) in ab.iter().zip(&ba) {
        assert_eq!(x.term, y.term);
        assert_eq!((x.count_group, x.count_rest), (y.count_rest, y.count_group));
        assert!(close(x.log_odds_z, -y.log_odds_z, 1e-12), "{x:?} {y:?}");
        assert!(close(x.log_ratio, -y.log_ratio, 1e-12), "{x:?} {y:?}");
        assert!(close(x.g2, y.g2, 1e-12) && close(x.chi2, y.chi2, 1e-12));
    }
}

fn corpus() -> String {
    fixtures().join("compare/corpus").display().to_string()
}

const KEYNESS_FIELDS: [&str; 14] = [
    "group",
    "term",
    "count_group",
    "count_rest",
    "tokens_group",
    "tokens_rest",
    "per10k_group",
    "per10k_rest",
    "g2",
    "chi2",
    "log_odds_z",
    "log_ratio",
    "p",
    "q",
];

/// G² and χ² of the 2 × 2 table, by hand from the counts a row reports.
fn by_hand(row: &Value) -> (f64, f64) {
    let get = |k: &str| row[k].as_u64().unwrap() as f64;
    let (a, b) = (get("count_group"), get("count_rest"));
    let (na, nb) = (get("tokens_group"), get("tokens_rest"));
    let n = na + nb;
    let observed = [a, b, na - a, nb - b];
    let expected = [
        (a + b) * na / n,
        (a + b) * nb / n,
        (n - a - b) * na / n,
        (n - a - b) * nb / n,
    ];
    let mut g2 = 0.0;
    let mut chi2 = 0.0;
    for (o, e) in observed.iter().zip(&expected) {
        if *o > 0.0 {
            g2 += 2.0 * o * (o / e).ln();
        }
        chi2 += (o - e) * (o - e) / e;
    }
    (g2, chi2)
}

#[test]
fn compare_rows_have_the_documented_fields_and_g2_chi2_recomputed_from_their_counts() {
    let rows = json_rows(&[
        "compare",
        &corpus(),
        "--by",
        "locality",
        "--min-count",
        "2",
        "--top",
        "0",
    ]);
    assert!(rows.len() > 30, "{} rows", rows.len());
    let mut zero_sided = 0;
    for row in &rows {
        let keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        let mut want = KEYNESS_FIELDS.to_vec();
        want.sort_unstable();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort_unstable();
        assert_eq!(keys_sorted, want);
        let (g2, chi2) = by_hand(row);
        assert!(close(num(row, "g2"), g2, 1e-10), "{row}: G² by hand {g2}");
        assert!(
            close(num(row, "chi2"), chi2, 1e-10),
            "{row}: χ² by hand {chi2}"
        );
        for key in [
            "per10k_group",
            "per10k_rest",
            "log_odds_z",
            "log_ratio",
            "p",
            "q",
        ] {
            assert!(num(row, key).is_finite(), "{key} in {row}");
        }
        let rate = 1e4 * num(row, "count_group") / num(row, "tokens_group");
        assert!(close(num(row, "per10k_group"), rate, 1e-12));
        if row["count_rest"] == 0 || row["count_group"] == 0 {
            zero_sided += 1;
        }
    }
    assert!(zero_sided > 10, "the fixture should exercise zero counts");
    // Sorted by group, then z descending, then term.
    for w in rows.windows(2) {
        let (x, y) = (&w[0], &w[1]);
        let (gx, gy) = (x["group"].as_str().unwrap(), y["group"].as_str().unwrap());
        assert!(gx <= gy);
        if gx == gy {
            assert!(num(x, "log_odds_z") >= num(y, "log_odds_z"));
        }
    }
    let top = |group: &str| {
        rows.iter()
            .find(|r| r["group"] == group)
            .map(|r| r["term"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(top("义乌市"), "小商品");
    assert_eq!(top("南通市"), "港口");
}

#[test]
fn compare_a_against_b_swapped_negates_log_odds_and_log_ratio_and_keeps_g2() {
    let run = |a: &str, b: &str| {
        let mut rows = json_rows(&[
            "compare",
            &corpus(),
            "--by",
            "province",
            "--a",
            a,
            "--b",
            b,
            "--min-count",
            "2",
            "--top",
            "0",
        ]);
        rows.sort_by(|x, y| x["term"].as_str().cmp(&y["term"].as_str()));
        rows
    };
    let (ab, ba) = (run("浙江省", "四川省"), run("四川省", "浙江省"));
    assert_eq!(ab.len(), ba.len());
    assert!(ab.len() > 5);
    for (x, y) in ab.iter().zip(&ba) {
        assert_eq!(x["term"], y["term"]);
        assert_eq!(x["group"], "浙江省");
        assert_eq!(y["group"], "四川省");
        assert_eq!(x["count_group"], y["count_rest"]);
        assert!(close(num(x, "log_odds_z"), -num(y, "log_odds_z"), 1e-12));
        assert!(close(num(x, "log_ratio"), -num(y, "log_ratio"), 1e-12));
        assert!(close(num(x, "g2"), num(y, "g2"), 1e-12));
    }
}

#[test]
fn compare_errors_name_the_group_or_column_and_a_needs_b() {
    policylens()
        .args(["compare", &corpus(), "--by", "province", "--a", "浙江省"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--b"));
    policylens()
        .args([
            "compare",
            &corpus(),
            "--by",
            "province",
            "--a",
            "浙江省",
            "--b",
            "广东省",
        ])
        .assert()
        .failure()
        .stderr(predicates::str::contains("广东省"))
        .stderr(predicates::str::contains("四川省, 江苏省, 浙江省"));
    policylens()
        .args(["compare", &corpus(), "--by", "party"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("party"))
        .stderr(predicates::str::contains("region"));
}

#[test]
fn compare_by_a_metadata_column_and_output_is_deterministic() {
    let args = [
        "compare",
        corpus().leak(),
        "--by",
        "region",
        "--min-count",
        "2",
    ];
    let first = policylens().args(args).output().unwrap();
    let second = policylens().args(args).output().unwrap();
    assert!(first.status.success());
    assert_eq!(first.stdout, second.stdout);
    let text = String::from_utf8(first.stdout).unwrap();
    assert!(
        text.contains("西南内陆") && text.contains("华东沿海"),
        "{text}"
    );
}

#[test]
fn exclude_reuse_drops_template_paragraphs_from_the_counts() {
    // The same paragraph about 共同富裕 closes three of the four reports.
    let count = |extra: &[&str]| -> u64 {
        let mut args = vec!["compare", corpus().leak(), "--by", "locality"];
        args.extend(["--min-count", "1", "--top", "0"]);
        args.extend(extra);
        json_rows(&args)
            .iter()
            .filter(|r| r["group"] == "义乌市" && r["term"] == "共同富裕")
            .map(|r| r["count_group"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(count(&[]), 8);
    assert_eq!(count(&["--exclude-reuse"]), 0);
}

#[test]
fn similarity_is_a_full_symmetric_matrix_with_unit_diagonal() {
    let rows = json_rows(&["similarity", &corpus(), "--by", "locality"]);
    assert_eq!(rows.len(), 9);
    for row in &rows {
        let mut keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["a", "b", "cosine", "jensen_shannon", "theme_distance"]
        );
        let (cos, js, theme) = (
            num(row, "cosine"),
            num(row, "jensen_shannon"),
            num(row, "theme_distance"),
        );
        for x in [cos, js, theme] {
            assert!((0.0..=1.0).contains(&x), "{row}");
        }
        let mirror = rows
            .iter()
            .find(|r| r["a"] == row["b"] && r["b"] == row["a"])
            .unwrap();
        assert_eq!(row["cosine"], mirror["cosine"]);
        assert_eq!(row["jensen_shannon"], mirror["jensen_shannon"]);
        assert_eq!(row["theme_distance"], mirror["theme_distance"]);
        if row["a"] == row["b"] {
            assert!(
                (cos - 1.0).abs() < 1e-12 && js == 0.0 && theme == 0.0,
                "{row}"
            );
        } else {
            assert!(cos < 0.9 && js > 0.1, "{row}");
        }
    }
}

#[test]
fn reuse_finds_the_planted_paragraph_with_small_edits() {
    let dir = fixtures().join("reuse/planted").display().to_string();
    let rows = json_rows(&["reuse", &dir]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let pair = &rows[0];
    let mut keys: Vec<&str> = pair
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "a_file",
            "a_paragraph",
            "b_file",
            "b_paragraph",
            "similarity",
            "text"
        ]
    );
    assert_eq!(
        (
            &pair["a_file"],
            &pair["a_paragraph"],
            &pair["b_file"],
            &pair["b_paragraph"]
        ),
        (
            &Value::from("a.txt"),
            &Value::from(3),
            &Value::from("b.txt"),
            &Value::from(2)
        )
    );
    let similarity = num(pair, "similarity");
    assert!(similarity > 0.6 && similarity < 1.0, "{similarity}");
    assert!(pair["text"]
        .as_str()
        .unwrap()
        .starts_with("扎实推进基层治理现代化"));
    // A stricter threshold than the edits allow finds nothing.
    let strict = json_rows(&["reuse", &dir, "--threshold", "0.9"]);
    assert!(strict.is_empty());
}

#[test]
fn reuse_finds_nothing_where_nothing_was_planted() {
    let dir = fixtures().join("reuse/none").display().to_string();
    assert!(json_rows(&["reuse", &dir]).is_empty());
    let table = policylens().args(["reuse", &dir]).output().unwrap();
    assert!(table.status.success());
    let text = String::from_utf8(table.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "header only: {text}");
}

#[test]
fn reused_paragraph_set_covers_both_sides_of_every_pair() {
    use policylens::compare::{find_reuse, reused_paragraphs, ReuseConfig};
    use policylens::corpus::{load, LoadOptions};
    let corpus = load(&fixtures().join("reuse/planted"), &LoadOptions::default()).unwrap();
    let pairs = find_reuse(&corpus, &ReuseConfig::default()).unwrap();
    let doc = |file: &str| {
        corpus
            .documents
            .iter()
            .position(|d| d.file == file)
            .unwrap()
    };
    let expected: BTreeSet<(usize, usize)> = [(doc("a.txt"), 3), (doc("b.txt"), 2)].into();
    assert_eq!(reused_paragraphs(&pairs), expected);
}
