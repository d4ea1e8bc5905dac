//! Guided themes over the bundled seed corpus: lexicon, assignment, prevalence, evidence, CLI.

use std::path::Path;
use std::sync::OnceLock;

use assert_cmd::Command;
use policylens::corpus::{self, Corpus, LoadOptions, Unit};
use policylens::segment::{SegmentConfig, Segmenter};
use policylens::themes::{analyse, ThemeConfig, ThemeLexicon, ThemeReport};

const SEEDS: &str = "data/corpus/seeds";

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| corpus::load(Path::new(SEEDS), &LoadOptions::default()).unwrap())
}

fn segmenter() -> &'static Segmenter {
    static SEGMENTER: OnceLock<Segmenter> = OnceLock::new();
    SEGMENTER.get_or_init(|| {
        Segmenter::new(&SegmentConfig {
            extra_words: ThemeLexicon::bundled().words(),
            ..SegmentConfig::default()
        })
        .unwrap()
    })
}

fn report(config: &ThemeConfig) -> ThemeReport {
    analyse(corpus(), segmenter(), ThemeLexicon::bundled(), config).unwrap()
}

fn share(report: &ThemeReport, group: &str, theme: &str) -> f64 {
    report
        .prevalence
        .iter()
        .find(|r| r.group == group && r.theme == theme)
        .map(|r| r.share)
        .unwrap_or_else(|| panic!("no cell {group} × {theme}"))
}

#[test]
fn every_bundled_seed_is_kept_whole_and_counted() {
    let lexicon = ThemeLexicon::bundled();
    assert!(lexicon.themes.len() >= 15);
    // Without the seeds as extra words: each is a lexicon term or a word jieba keeps whole.
    let plain = Segmenter::new(&SegmentConfig::default()).unwrap();
    let themed = segmenter();
    let mut split = Vec::new();
    for theme in &lexicon.themes {
        for seed in &theme.seeds {
            let whole = plain.lexicon().contains(seed) || plain.cut(seed).len() == 1;
            let tokens = themed.tokens(seed);
            let counted = tokens.len() == 1 && tokens[0].term == seed;
            if !(whole && counted) {
                split.push(format!("{}: {seed} → {:?}", theme.name, plain.cut(seed)));
            }
        }
    }
    assert!(split.is_empty(), "seeds not kept whole: {split:#?}");
}

#[test]
fn the_seed_corpus_shows_the_expected_themes_by_locality() {
    let r = report(&ThemeConfig::default());
    for group in ["金沙街道", "崇川区"] {
        assert!(share(&r, group, "党建引领") > 0.0, "党建引领 in {group}");
    }
    for group in ["稠江街道", "西林街道"] {
        assert!(share(&r, group, "城市更新") > 0.0, "城市更新 in {group}");
    }
    for group in ["金沙街道", "丹阳开发区", "西林街道"] {
        assert!(share(&r, group, "招商引资") > 0.0, "招商引资 in {group}");
    }
    let top: Vec<&str> = r.ranking.iter().take(6).map(|t| t.theme.as_str()).collect();
    for theme in ["党建引领", "城市更新", "招商引资"] {
        assert!(top.contains(&theme), "{theme} not in top 6: {top:?}");
    }
}

#[test]
fn same_seed_gives_identical_json_and_other_seeds_the_same_estimates() {
    let config = ThemeConfig {
        bootstrap: 200,
        ..ThemeConfig::default()
    };
    let a = serde_json::to_string(&report(&config)).unwrap();
    let b = serde_json::to_string(&report(&config)).unwrap();
    assert_eq!(a, b);
    let x = report(&config);
    let y = report(&ThemeConfig { seed: 7, ..config });
    assert_ne!(x, y, "a different seed should move some interval");
    for (p, q) in x.prevalence.iter().zip(&y.prevalence) {
        assert_eq!((p.share, p.per_10k), (q.share, q.per_10k));
    }
}

#[test]
fn intervals_contain_estimates_and_rates_use_group_chars() {
    let r = report(&ThemeConfig {
        bootstrap: 300,
        ..ThemeConfig::default()
    });
    for row in &r.prevalence {
        assert!(
            row.share_lo <= row.share && row.share <= row.share_hi,
            "{row:?}"
        );
        assert!(row.per_10k_lo <= row.per_10k && row.per_10k <= row.per_10k_hi);
        let chars: usize = r
            .units
            .iter()
            .filter(|u| u.group == row.group)
            .map(|u| u.chars)
            .sum();
        assert_eq!(row.group_chars, chars);
        let hits: usize = row
            .units
            .iter()
            .map(|&id| {
                let u = &r.units[id];
                let i = u.themes.iter().position(|t| *t == row.theme).unwrap();
                u.hits[i]
            })
            .sum();
        let expected = 10_000.0 * hits as f64 / chars as f64;
        assert!((row.per_10k - expected).abs() < 1e-9);
        assert_eq!(row.units.len() as f64 / row.group_units as f64, row.share);
    }
    assert!(r.warnings.is_empty() || r.warnings[0].contains("fewer than 20"));
}

#[test]
fn evidence_offsets_slice_the_cleaned_text_exactly() {
    let r = report(&ThemeConfig {
        bootstrap: 10,
        ..ThemeConfig::default()
    });
    let rows = r.evidence(corpus(), "西林街道", "城市更新").unwrap();
    assert!(!rows.is_empty());
    for e in &rows {
        let doc = corpus()
            .documents
            .iter()
            .find(|d| d.file == e.file)
            .unwrap();
        assert_eq!(&doc.text[e.start..e.end], e.text);
        assert!(e.score >= 1.0);
    }
    let err = r.evidence(corpus(), "西林街道", "无此主题").unwrap_err();
    assert!(
        err.to_string().contains("invalid theme = 无此主题"),
        "{err}"
    );
}

#[test]
fn document_units_and_expansion_work() {
    let r = report(&ThemeConfig {
        unit: Unit::Document,
        expand: 5,
        bootstrap: 10,
        ..ThemeConfig::default()
    });
    assert_eq!(r.units.len(), 5);
    for u in &r.units {
        let doc = &corpus().documents[u.doc];
        assert_eq!((u.start, u.end), (0, doc.text.len()));
    }
    let p = report(&ThemeConfig {
        expand: 3,
        bootstrap: 10,
        ..ThemeConfig::default()
    });
    assert!(!p.expansion.is_empty());
    for e in &p.expansion {
        let theme = p.lexicon.theme(&e.theme).unwrap();
        assert!(theme.expanded.iter().any(|x| x.term == e.term));
        assert!(!theme.seeds.contains(&e.term));
        assert!(e.score > 0.0 && e.score <= 1.0 && e.units >= 3);
    }
}

#[test]
fn bad_theme_files_are_errors_naming_theme_and_line() {
    let err = ThemeLexicon::parse("[[theme]]\nname = \"空\"\nseeds = []\n", "mine.toml")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "mine.toml:3: theme '空': seeds is empty: expected at least one seed term"
    );
    let err = ThemeLexicon::parse("[[theme]]\nname = \"甲\"\nseeds = [\"a\",\n", "mine.toml")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("mine.toml:"), "{err}");
}

fn policylens() -> Command {
    Command::cargo_bin("policylens").unwrap()
}

#[test]
fn cli_json_has_ranking_prevalence_discovered_and_expansion() {
    let out = policylens()
        .args(["themes", SEEDS, "--format", "json", "--bootstrap", "50"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["ranking", "prevalence", "discovered", "expansion", "units"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["discovered"], serde_json::json!([]));
}

#[test]
fn cli_evidence_and_units_out() {
    let dir = tempfile::tempdir().unwrap();
    let units = dir.path().join("units.csv");
    let out = policylens()
        .args([
            "themes",
            SEEDS,
            "--evidence",
            "金沙街道",
            "招商引资",
            "--format",
            "csv",
        ])
        .arg("--units-out")
        .arg(&units)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("unit,file,paragraph,start,end,score,text"),
        "{text}"
    );
    assert!(text.contains("招商"));
    let csv = std::fs::read_to_string(&units).unwrap();
    assert!(csv.starts_with("file,paragraph,start,end,group,cluster,themes\n"));
    assert!(csv.lines().count() > 100);
}

#[test]
fn cli_names_a_broken_theme_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[[theme]]\nname = \"空\"\nseeds = []\n").unwrap();
    let out = policylens()
        .args(["themes", SEEDS, "--lexicon"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:3: theme '空': seeds is empty"),
        "{err}"
    );
}

#[test]
fn a_user_seed_jieba_would_split_is_kept_whole_and_counted() {
    let text = "[[theme]]\nname = \"网格\"\nseeds = [\"网格员\", \"工作\"]\n";
    let lexicon = ThemeLexicon::parse(text, "mine.toml").unwrap();
    let plain = Segmenter::new(&SegmentConfig::default()).unwrap();
    assert!(plain
        .tokens("网格员工作")
        .iter()
        .all(|t| t.term != "网格员"));
    let themed = Segmenter::new(&SegmentConfig {
        extra_words: lexicon.words(),
        ..SegmentConfig::default()
    })
    .unwrap();
    let terms: Vec<&str> = themed.tokens("网格员工作").iter().map(|t| t.term).collect();
    assert_eq!(terms, ["网格员", "工作"]);
}

#[test]
fn discovered_themes_reach_the_json_and_the_units_csv() {
    let dir = tempfile::tempdir().unwrap();
    let units_csv = dir.path().join("units.csv");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/seeds");
    let output = Command::cargo_bin("policylens")
        .unwrap()
        .args([
            "themes",
            seeds.to_str().unwrap(),
            "--k",
            "4",
            "--format",
            "json",
        ])
        .arg("--units-out")
        .arg(&units_csv)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let discovered = report["discovered"].as_array().unwrap();
    assert_eq!(discovered.len(), 4);
    let sizes: u64 = discovered.iter().map(|d| d["size"].as_u64().unwrap()).sum();
    let clustered = report["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["cluster"].is_u64())
        .count();
    assert_eq!(sizes as usize, clustered);
    for d in discovered {
        assert!(!d["label_terms"].as_array().unwrap().is_empty());
        let similarity = d["similarity"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&similarity));
        for r in d["representative"].as_array().unwrap() {
            assert!(!r["text"].as_str().unwrap().is_empty());
        }
    }
    let mut reader = csv::Reader::from_path(&units_csv).unwrap();
    let clusters = reader
        .records()
        .filter(|r| !r.as_ref().unwrap()[5].is_empty())
        .count();
    assert_eq!(clusters, clustered);
}

#[test]
fn k_larger_than_the_number_of_units_is_a_clear_error() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/seeds");
    let output = Command::cargo_bin("policylens")
        .unwrap()
        .args([
            "themes",
            seeds.to_str().unwrap(),
            "--unit",
            "document",
            "--k",
            "9",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("invalid k = 9"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
