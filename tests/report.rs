//! `policylens report`: the output folder, its determinism, escaping and folder safety.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn policylens() -> Command {
    Command::cargo_bin("policylens").unwrap()
}

/// Runs `report` on `corpus` into `out` (quick settings) and returns stderr.
fn report(corpus: &Path, out: &Path, extra: &[&str]) -> String {
    let output = policylens()
        .arg("report")
        .arg(corpus)
        .arg("--out")
        .arg(out)
        .args(["--bootstrap", "200", "--k", "3"])
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "report failed: {stderr}");
    assert!(!stderr.contains("panicked at"), "{stderr}");
    stderr
}

/// A small corpus of two districts, one of them with markup in its text.
fn fixture(dir: &Path) {
    fs::write(
        dir.join("a.txt"),
        "金沙街道2024年工作总结\n\n金沙街道坚持党建引领，党员干部冲在一线，推进基层治理。\n\n全力推进招商引资，签约外资项目3个，优化营商环境。\n\n<script>alert(1)</script>实施老旧小区改造，推进城市更新。",
    )
    .unwrap();
    fs::write(
        dir.join("b.txt"),
        "西林街道2024年工作总结\n\n西林街道实施老旧小区改造，推进城市更新，完善基层治理。\n\n优化营商环境，推进招商引资，服务企业发展。\n\n坚持党建引领，加强社区党组织建设。",
    )
    .unwrap();
}

fn files_under(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in walkdir(dir) {
        out.insert(
            entry
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/"),
        );
    }
    out
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn report_writes_page_tables_and_run_record() {
    let corpus = tempfile::tempdir().unwrap();
    fixture(corpus.path());
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("report");
    report(corpus.path(), &dir, &["--min-count", "1"]);
    let files = files_under(&dir);
    for name in [
        "index.html",
        "run.json",
        "tables/theme_prevalence.csv",
        "tables/theme_prevalence.json",
        "tables/theme_ranking.csv",
        "tables/documents.csv",
        "tables/keywords.json",
        "tables/keyness.csv",
        "tables/similarity.json",
        "tables/reuse.csv",
    ] {
        assert!(files.contains(name), "{name} missing from {files:?}");
    }
    let run: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["corpus"]["documents"], 2);
    assert_eq!(run["config"]["themes"]["by"], "locality");
    assert!(run["lexicon_version"]
        .as_str()
        .is_some_and(|v| !v.is_empty()));
    let stages: Vec<&str> = run["timings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["stage"].as_str().unwrap())
        .collect();
    assert_eq!(stages[0], "load");
    // Both districts are rows of the theme × locality table.
    let prevalence = fs::read_to_string(dir.join("tables/theme_prevalence.csv")).unwrap();
    assert!(prevalence.contains("\n金沙街道,党建引领,"), "{prevalence}");
    assert!(prevalence.contains("\n西林街道,城市更新,"), "{prevalence}");
    // Each district against the other, and their similarity both ways.
    let json = |name: &str| -> Vec<serde_json::Value> {
        serde_json::from_str(&fs::read_to_string(dir.join("tables").join(name)).unwrap()).unwrap()
    };
    let keyness_groups: BTreeSet<String> = json("keyness.json")
        .iter()
        .map(|r| r["group"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(keyness_groups.len(), 2, "{keyness_groups:?}");
    assert_eq!(json("similarity.json").len(), 4);
    let html = fs::read_to_string(dir.join("index.html")).unwrap();
    for id in ["keyness", "similarity", "reuse", "evidence"] {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "no {id} section"
        );
    }
}

#[test]
fn corpus_markup_shows_as_text() {
    let corpus = tempfile::tempdir().unwrap();
    fixture(corpus.path());
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("r");
    report(corpus.path(), &dir, &[]);
    let html = fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(!html.contains("<script"), "raw markup in the page");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn same_seed_gives_byte_identical_tables() {
    let corpus = tempfile::tempdir().unwrap();
    fixture(corpus.path());
    let out = tempfile::tempdir().unwrap();
    let (one, two) = (out.path().join("one"), out.path().join("two"));
    report(corpus.path(), &one, &["--seed", "7"]);
    report(corpus.path(), &two, &["--seed", "7"]);
    let tables = files_under(&one.join("tables"));
    assert!(tables.len() >= 10);
    for name in &tables {
        let a = fs::read(one.join("tables").join(name)).unwrap();
        let b = fs::read(two.join("tables").join(name)).unwrap();
        assert!(a == b, "tables/{name} differs between runs");
    }
    assert_eq!(
        fs::read(one.join("index.html")).unwrap(),
        fs::read(two.join("index.html")).unwrap()
    );
}

#[test]
fn excel_csv_starts_with_a_byte_order_mark() {
    let corpus = tempfile::tempdir().unwrap();
    fixture(corpus.path());
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("x");
    report(corpus.path(), &dir, &["--excel"]);
    let csv = fs::read(dir.join("tables/theme_ranking.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBFrank,theme,"));
    let json = fs::read(dir.join("tables/theme_ranking.json")).unwrap();
    assert_eq!(json[0], b'[');
}

#[test]
fn a_folder_of_someone_elses_is_refused_unless_forced() {
    let corpus = tempfile::tempdir().unwrap();
    fixture(corpus.path());
    let out = tempfile::tempdir().unwrap();
    let theirs = out.path().join("theirs");
    fs::create_dir(&theirs).unwrap();
    fs::write(theirs.join("thesis.docx"), b"not ours").unwrap();
    let output = policylens()
        .arg("report")
        .arg(corpus.path())
        .arg("--out")
        .arg(&theirs)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("theirs") && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(!theirs.join("index.html").exists());
    report(corpus.path(), &theirs, &["--force"]);
    assert!(theirs.join("index.html").exists());
    assert_eq!(fs::read(theirs.join("thesis.docx")).unwrap(), b"not ours");
    // A folder policylens wrote may be written again without --force.
    report(corpus.path(), &theirs, &[]);
}

#[test]
fn default_corpus_heatmap_has_every_bundled_locality() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("seeds");
    let output = policylens()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["report", "--bootstrap", "100", "--k", "4", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The localities as the bundled metadata names them.
    let metadata = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/seeds/metadata.csv"),
    )
    .unwrap();
    let mut lines = metadata.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "locality").unwrap();
    let localities: BTreeSet<String> = lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').nth(col).unwrap().to_string())
        .collect();
    assert_eq!(localities.len(), 5);
    let table: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(dir.join("tables/theme_prevalence.json")).unwrap(),
    )
    .unwrap();
    let groups: BTreeSet<String> = table
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["group"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(groups, localities);
    let html = fs::read_to_string(dir.join("index.html")).unwrap();
    for locality in &localities {
        assert!(
            html.contains(locality.as_str()),
            "{locality} not in the page"
        );
    }
}
