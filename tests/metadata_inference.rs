//! Metadata inference against the hand-checked sidecars of the bundled corpora. The sidecars
//! are read only to score the inference, never fed into it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use policylens::corpus::{infer, read_sidecar, Gazetteer, Level, Metadata};

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/corpus")
        .join(name)
}

/// Every `.txt` of a corpus folder with its inferred metadata, by file name.
fn infer_all(dir: &Path) -> BTreeMap<String, Metadata> {
    let mut out = BTreeMap::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 name")
            .to_string();
        let raw = std::fs::read_to_string(&path).expect("UTF-8 text");
        out.insert(name.clone(), infer(&raw, &name, Gazetteer::bundled()));
    }
    out
}

fn value(m: &Metadata, field: &str) -> String {
    match field {
        "level" => m
            .level
            .value
            .map(|l| l.as_str().to_string())
            .unwrap_or_default(),
        f => m.group_value(f).unwrap_or_default(),
    }
}

#[test]
fn seeds_match_their_hand_checked_metadata() {
    let dir = corpus("seeds");
    let truth = read_sidecar(&dir.join("metadata.csv")).expect("seeds metadata.csv");
    let inferred = infer_all(&dir);
    assert_eq!(inferred.len(), 5, "five seed documents");
    let mut misses: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (file, m) in &inferred {
        let row = truth
            .get(file)
            .unwrap_or_else(|| panic!("{file} not in metadata.csv"));
        for (field, column) in [
            ("locality", "locality"),
            ("level", "level"),
            ("province", "province"),
            ("city", "city"),
            ("county", "county"),
            ("year", "period"),
        ] {
            let expected = row.get(column).map(String::as_str).unwrap_or("");
            let got = value(m, field);
            if got != expected {
                misses.entry(field).or_default().push(format!(
                    "{file}: expected {expected:?}, got {got:?} ({m:?})"
                ));
            }
        }
    }
    for field in ["locality", "level", "province", "city", "county"] {
        let miss = misses.get(field).cloned().unwrap_or_default();
        assert!(
            miss.is_empty(),
            "{field} wrong for {} seeds:\n{}",
            miss.len(),
            miss.join("\n")
        );
    }
    let years = misses.get("year").cloned().unwrap_or_default();
    assert!(
        years.len() <= 1,
        "year wrong for {} seeds:\n{}",
        years.len(),
        years.join("\n")
    );
}

#[test]
fn city_reports_name_their_city_and_province() {
    let dir = corpus("city-gwr-2024");
    let truth = read_sidecar(&dir.join("metadata.csv")).expect("gwr metadata.csv");
    let inferred = infer_all(&dir);
    assert_eq!(inferred.len(), 143);
    let (mut province_misses, mut locality_misses, mut year_misses) = (vec![], vec![], vec![]);
    for (file, m) in &inferred {
        let row = truth
            .get(file)
            .unwrap_or_else(|| panic!("{file} not in metadata.csv"));
        let col = |c: &str| row.get(c).cloned().unwrap_or_default();
        let line = |what: &str, got: String| format!("{file}: {what} {:?} vs {got:?}", col(what));
        if value(m, "province") != col("province") {
            province_misses.push(line("province", value(m, "province")));
        }
        if value(m, "locality") != col("admin_name") {
            locality_misses.push(line("admin_name", value(m, "locality")));
        }
        if !col("review_year").is_empty() && value(m, "year") != col("review_year") {
            year_misses.push(line("review_year", value(m, "year")));
        }
        if m.extra.get("report_year") != Some(&col("report_year")) {
            year_misses.push(format!(
                "{file}: report_year {:?}",
                m.extra.get("report_year")
            ));
        }
    }
    let enough = |misses: &[String]| misses.len() * 100 <= 5 * inferred.len();
    let report = |what: &str, misses: &[String]| {
        format!(
            "{what}: {}/143 right; misses:\n{}",
            143 - misses.len(),
            misses.join("\n")
        )
    };
    // Visible with --nocapture: the accuracy figures, misses included.
    eprintln!("{}", report("province", &province_misses));
    eprintln!("{}", report("locality", &locality_misses));
    eprintln!("{}", report("year", &year_misses));
    assert!(
        enough(&province_misses),
        "{}",
        report("province", &province_misses)
    );
    assert!(
        enough(&locality_misses),
        "{}",
        report("locality", &locality_misses)
    );
    assert!(enough(&year_misses), "{}", report("year", &year_misses));
}

#[test]
fn an_unqualified_ambiguous_street_gets_no_parents_and_a_warning() {
    let raw =
        "金沙街道坚持党建引领\n\n今年以来，金沙街道扎实推进基层治理，金沙街道各社区积极响应。";
    let m = infer(raw, "doc.txt", Gazetteer::bundled());
    assert_eq!(m.locality.value.as_deref(), Some("金沙街道"));
    assert_eq!(m.level.value, Some(Level::Street));
    assert_eq!(
        (m.province.value, m.city.value, m.county.value),
        (None, None, None)
    );
    let warning = m
        .warnings
        .iter()
        .find(|w| w.contains("ambiguous"))
        .expect("a warning");
    for candidate in [
        "四川省成都市青羊区",
        "广东省广州市白云区",
        "江苏省南通市通州区",
    ] {
        assert!(warning.contains(candidate), "{warning}");
    }
    assert!(m.locality.confidence < 0.5, "{}", m.locality.confidence);
}
