use super::*;

fn names(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("新疆维吾尔自治区第{i}个很长很长的分组名称"))
        .collect()
}

fn no_overlap(labels: &[Label]) {
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert!(!a.bbox.intersects(&b.bbox), "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn heatmap_labels_of_30_groups_do_not_collide_and_are_cut() {
    let n = 30;
    let m = Matrix {
        title: "t".into(),
        x_label: "x".into(),
        y_label: "y".into(),
        rows: names(n),
        cols: names(n),
        values: vec![vec![Some(123.4); n]; n],
        decimals: 1,
    };
    let l = m.layout(&ChartStyle::default()).unwrap();
    no_overlap(&l.rows);
    no_overlap(&l.cols);
    let mut all = l.rows.clone();
    all.extend(l.cols.clone());
    no_overlap(&all);
    assert!(l.rotated);
    assert!(l.rows.iter().all(|r| r.text.ends_with('…')));
    // Everything inside the picture.
    let (w, h) = l.size;
    assert!(all.iter().all(|r| r.bbox.x0 >= 0
        && r.bbox.y0 >= 0
        && r.bbox.x1 <= w as i32
        && r.bbox.y1 <= h as i32));
    assert!(w > 900, "30 columns widen the chart: {w}");
}

#[test]
fn bar_labels_of_30_groups_do_not_collide() {
    let bars = Bars {
        title: "t".into(),
        x_label: "x".into(),
        labels: names(30),
        values: (0..30).map(f64::from).collect(),
        lo: None,
        hi: None,
    };
    let l = bars
        .layout(&ChartStyle {
            height: Some(100),
            ..ChartStyle::default()
        })
        .unwrap();
    no_overlap(&l.labels);
    assert!(
        l.size.1 as i32 >= 30 * bars::ROW_H,
        "rows grow the chart: {:?}",
        l.size
    );
}

#[test]
fn line_category_labels_of_30_groups_do_not_collide() {
    let lines = Lines {
        title: "t".into(),
        x_label: "x".into(),
        y_label: "y".into(),
        x: names(30),
        series: vec![("党建引领".into(), vec![Some(1.0); 30])],
    };
    let l = lines.layout(&ChartStyle::default()).unwrap();
    no_overlap(&l.panel.x_labels);
    assert_eq!(l.panel.x_labels.len(), 30);
    let g = lines.grid(&ChartStyle::default()).unwrap();
    for (_, p) in &g.panels {
        no_overlap(&p.x_labels);
    }
}

#[test]
fn ticks_are_round_and_cover_the_range() {
    let (t, d) = ticks(0.0, 141.4, 5);
    assert_eq!(t, vec![0.0, 50.0, 100.0]);
    assert_eq!(d, 0);
    let (t, d) = ticks(0.0, 0.2, 5);
    assert_eq!(d, 2);
    assert!((t[1] - 0.05).abs() < 1e-12);
}

#[test]
fn cell_text_contrasts_with_the_cell() {
    assert_eq!(text_on(viridis(0.0)), WHITE);
    assert_eq!(text_on(viridis(1.0)), BLACK);
    assert_eq!(viridis(f64::NAN), viridis(0.0));
}

#[test]
fn long_labels_are_cut_with_an_ellipsis() {
    let cut = fit("新疆维吾尔自治区乌鲁木齐市天山区", LABEL_SIZE, 80);
    assert!(
        cut.ends_with('…') && measure(&cut, LABEL_SIZE).0 <= 80,
        "{cut}"
    );
    assert_eq!(fit("北京市", LABEL_SIZE, 80), "北京市");
}
