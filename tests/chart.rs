//! Charts: every kind as SVG and PNG, Chinese labels, sizes, determinism, and the CLI.

use assert_cmd::Command;
use policylens::chart::{self, Bars, Chart, ChartStyle, Diverging, Lines, Matrix};
use policylens::themes::{PrevalenceRow, RankRow};
use predicates::prelude::*;

const PLACES: [&str; 5] = ["金沙街道", "西林街道", "崇川区", "稠江街道", "丹阳开发区"];
const THEMES: [&str; 4] = ["党建引领", "城市更新", "营商环境", "产业与项目建设"];

fn groups(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| match PLACES.get(i) {
            Some(p) => p.to_string(),
            None => format!("第{i}组宁夏回族自治区银川市"),
        })
        .collect()
}

fn prevalence(n: usize) -> Vec<PrevalenceRow> {
    let mut rows = Vec::new();
    for (i, g) in groups(n).iter().enumerate() {
        for (j, t) in THEMES.iter().enumerate() {
            let v = ((i * 7 + j * 13) % 40) as f64 + 0.5;
            rows.push(PrevalenceRow {
                group: g.clone(),
                theme: t.to_string(),
                units: vec![],
                share: v / 100.0,
                share_lo: v / 200.0,
                share_hi: v / 80.0,
                per_10k: v,
                per_10k_lo: v / 2.0,
                per_10k_hi: v * 1.3,
                group_units: 30,
                group_chars: 3000,
                small_group: false,
            });
        }
    }
    rows
}

fn charts(n: usize) -> Vec<Chart> {
    let rows = prevalence(n);
    let g = groups(n);
    let ranking: Vec<RankRow> = THEMES
        .iter()
        .enumerate()
        .map(|(i, t)| RankRow {
            rank: i + 1,
            theme: t.to_string(),
            prevalence: 0.1,
            char_share: 0.1,
            per_10k: 40.0 - i as f64 * 5.0,
            spread: 3,
            recurrence: 4,
            units: vec![],
        })
        .collect();
    vec![
        chart::from_prevalence(&rows, "heatmap", "per_10k", None).unwrap(),
        chart::from_prevalence(&rows, "prevalence", "share", Some("城市更新")).unwrap(),
        chart::from_prevalence(&rows, "over-time", "per_10k", None).unwrap(),
        chart::from_prevalence(&rows, "small-multiples", "per_10k", None).unwrap(),
        chart::from_ranking(&ranking).unwrap(),
        Chart::Diverging(Diverging {
            title: "金沙街道 keyness".into(),
            x_label: "log_odds_z".into(),
            labels: g.clone(),
            values: (0..n).map(|i| 5.0 - i as f64 * 10.0 / n as f64).collect(),
        }),
        Chart::Heatmap(Matrix {
            title: "相似度".into(),
            x_label: "cosine".into(),
            y_label: "分组".into(),
            rows: g.clone(),
            cols: g.clone(),
            values: (0..n)
                .map(|i| (0..n).map(|j| (i != j).then_some(0.5)).collect())
                .collect(),
            decimals: 2,
        }),
    ]
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&png[16..20]), be(&png[20..24]))
}

#[test]
fn every_kind_renders_svg_and_png_for_5_and_30_groups() {
    for n in [5, 30] {
        for chart in charts(n) {
            let style = ChartStyle::default();
            let svg = chart.svg(&style).unwrap();
            assert!(
                svg.starts_with("<svg") && svg.contains("viewBox"),
                "{}",
                &svg[..80]
            );
            assert!(svg.contains("WenQuanYi Micro Hei, Noto Sans CJK SC"));
            let png = chart.png(&style).unwrap();
            let (w, h) = png_size(&png);
            assert!(w >= 900 && h > 100, "{w}×{h}");
            let width_attr = format!("width=\"{w}\"");
            assert!(
                svg.contains(&width_attr),
                "SVG and PNG sizes agree ({width_attr})"
            );
        }
    }
}

#[test]
fn svg_holds_the_chinese_labels_as_text() {
    for chart in charts(5) {
        let svg = chart.svg(&ChartStyle::default()).unwrap();
        assert!(
            svg.contains("金沙街道") || svg.contains("党建引领"),
            "{chart:?}"
        );
    }
    let heatmap = &charts(5)[0];
    let svg = heatmap.svg(&ChartStyle::default()).unwrap();
    assert!(svg.contains("金沙街道\n</text>") && svg.contains("党建引领\n</text>"));
}

#[test]
fn a_heatmap_grows_with_its_rows_and_columns() {
    let size = |n| png_size(&charts(n)[6].png(&ChartStyle::default()).unwrap());
    let (small, big) = (size(5), size(30));
    assert!(big.0 > small.0 && big.1 > small.1, "{small:?} → {big:?}");
}

#[test]
fn heatmap_png_draws_the_row_labels_in_the_bundled_font() {
    let m = Matrix {
        title: String::new(),
        x_label: String::new(),
        y_label: String::new(),
        rows: vec!["金沙街道".into(); 3],
        cols: vec!["一".into()],
        values: vec![vec![Some(1.0)]; 3],
        decimals: 0,
    };
    let style = ChartStyle {
        width: 300,
        height: None,
        title: None,
    };
    let png = Chart::Heatmap(m).png(&style).unwrap();
    let img = image::load_from_memory(&png).unwrap().to_rgb8();
    // Row labels sit left of the grid, from the margin to about 100 px, under the title room.
    let dark = (16..100)
        .flat_map(|x| (60..120).map(move |y| (x, y)))
        .filter(|&(x, y)| img.get_pixel(x, y).0.iter().all(|c| *c < 100))
        .count();
    assert!(dark > 50, "only {dark} dark pixels where the labels are");
}

#[test]
fn the_same_chart_gives_the_same_bytes() {
    for (a, b) in charts(30).iter().zip(charts(30)) {
        let style = ChartStyle {
            title: Some("标题".into()),
            ..ChartStyle::default()
        };
        assert_eq!(a.svg(&style).unwrap(), b.svg(&style).unwrap());
        assert_eq!(a.png(&style).unwrap(), b.png(&style).unwrap());
    }
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let rows = prevalence(3);
    assert!(chart::from_prevalence(&rows, "pie", "per_10k", None).is_err());
    assert!(chart::from_prevalence(&rows, "heatmap", "units", None).is_err());
    assert!(chart::from_prevalence(&rows, "prevalence", "share", Some("没有")).is_err());
    assert!(chart::from_prevalence(&[], "heatmap", "share", None).is_err());
    let empty = Chart::Ranked(Bars {
        title: "".into(),
        x_label: "".into(),
        labels: vec![],
        values: vec![],
        lo: None,
        hi: None,
    });
    assert!(empty.svg(&ChartStyle::default()).is_err());
    let ragged = Chart::Lines(Lines {
        title: "".into(),
        x_label: "".into(),
        y_label: "".into(),
        x: vec!["2021".into()],
        series: vec![("a".into(), vec![])],
    });
    assert!(ragged.png(&ChartStyle::default()).is_err());
    let no_ends = Chart::Intervals(Bars {
        title: "".into(),
        x_label: "".into(),
        labels: vec!["a".into()],
        values: vec![f64::NAN],
        lo: None,
        hi: None,
    });
    assert!(no_ends.svg(&ChartStyle::default()).is_err());
}

fn write_table(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("themes.json");
    let json = serde_json::json!({ "prevalence": prevalence(5), "ranking": [] });
    std::fs::write(&path, serde_json::to_string(&json).unwrap()).unwrap();
    path
}

#[test]
fn chart_heatmap_writes_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let table = write_table(dir.path());
    for ext in ["svg", "png"] {
        let out = dir.path().join(format!("x.{ext}"));
        Command::cargo_bin("policylens")
            .unwrap()
            .args(["chart", "heatmap"])
            .arg(&table)
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let bytes = std::fs::read(&out).unwrap();
        match ext {
            "svg" => assert!(String::from_utf8(bytes).unwrap().contains("金沙街道")),
            _ => assert!(png_size(&bytes).0 >= 900),
        }
    }
}

#[test]
fn chart_reads_csv_tables() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("sim.csv");
    std::fs::write(&csv, "a,b,cosine,jensen_shannon,theme_distance\n金沙街道,西林街道,0.8,0.1,0.2\n金沙街道,崇川区,0.6,0.2,0.3\n").unwrap();
    Command::cargo_bin("policylens")
        .unwrap()
        .args(["chart", "similarity"])
        .arg(&csv)
        .args(["--value", "jensen_shannon"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("<svg").and(predicate::str::contains("崇川区")));
}

#[test]
fn chart_errors_name_the_kind_and_the_missing_column() {
    let dir = tempfile::tempdir().unwrap();
    let table = write_table(dir.path());
    Command::cargo_bin("policylens")
        .unwrap()
        .args(["chart", "pie"])
        .arg(&table)
        .assert()
        .failure()
        .stderr(predicate::str::contains("pie"));
    let csv = dir.path().join("k.csv");
    std::fs::write(&csv, "group,term,g2\n金沙街道,党建,3\n").unwrap();
    Command::cargo_bin("policylens")
        .unwrap()
        .args(["chart", "keyness"])
        .arg(&csv)
        .assert()
        .failure()
        .stderr(predicate::str::contains("log_odds_z"));
    Command::cargo_bin("policylens")
        .unwrap()
        .args(["chart", "ranking"])
        .arg(&table)
        .assert()
        .failure()
        .stderr(predicate::str::contains("ranking"));
}
