//! Lines over ordered categories (themes over the years), in one chart with a legend or as
//! small multiples: one panel per series on shared axes.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{
    draw_title, fit, line, measure, rotated, style, text, ticks, title, Area, ChartStyle, Label,
    LabelBox, GRID, INK, LABEL_SIZE, MARGIN, OKABE_ITO, TITLE_H, TITLE_SIZE, VALUE_SIZE,
};
use crate::{Error, Result};

/// Series of values over ordered categories; `None` leaves a gap.
#[derive(Debug, Clone, PartialEq)]
pub struct Lines {
    /// Chart title.
    pub title: String,
    /// What the categories are (written under the axis).
    pub x_label: String,
    /// What the values are.
    pub y_label: String,
    /// The categories, in order (years).
    pub x: Vec<String>,
    /// `(name, one value per category)`.
    pub series: Vec<(String, Vec<Option<f64>>)>,
}

const X_LABEL_MAX: i32 = 120;
const LEGEND_MAX: i32 = 180;
const LEGEND_ROW: i32 = 22;
const PLOT_H: i32 = 320;
const PANEL_W: i32 = 210;
const PANEL_PLOT_H: i32 = 110;

/// A plot rectangle and how its x categories are labelled.
pub(crate) struct Panel {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
    pub x_labels: Vec<Label>,
    pub rotated: bool,
}

pub(crate) struct Layout {
    pub size: (u32, u32),
    pub title: String,
    pub panel: Panel,
    pub legend: Vec<Label>,
    pub y_range: (f64, f64),
}

pub(crate) struct Grid {
    pub size: (u32, u32),
    pub title: String,
    pub note: String,
    pub panels: Vec<(String, Panel)>,
    pub y_range: (f64, f64),
    pub x_label: (String, i32),
}

/// Centre of category `i` of `n` between `x0` and `x1`.
fn cx(i: usize, n: usize, x0: i32, x1: i32) -> i32 {
    x0 + (((i as f64 + 0.5) / n.max(1) as f64) * (x1 - x0) as f64).round() as i32
}

/// Category labels under a plot spanning `x0..x1` with its axis at `y`: horizontal when they
/// fit, else rotated (`rotate`) or every k-th one.
fn category_labels(x: &[String], x0: i32, x1: i32, y: i32, rotate: bool) -> (Vec<Label>, bool) {
    let n = x.len();
    let slot = (x1 - x0) / n.max(1) as i32;
    let texts: Vec<String> = x.iter().map(|s| fit(s, LABEL_SIZE, X_LABEL_MAX)).collect();
    let widest = texts
        .iter()
        .map(|t| measure(t, LABEL_SIZE).0)
        .max()
        .unwrap_or(0);
    let rotated = rotate && widest + 6 > slot;
    let step = if rotated || widest + 6 <= slot {
        1
    } else {
        ((widest + 6) as usize).div_ceil(slot.max(1) as usize)
    };
    let labels = texts
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0)
        .map(|(i, t)| {
            let (w, h) = measure(&t, LABEL_SIZE);
            let c = cx(i, n, x0, x1);
            let bbox = if rotated {
                LabelBox {
                    x0: c - h / 2,
                    y0: y + 6,
                    x1: c + h - h / 2,
                    y1: y + 6 + w,
                }
            } else {
                LabelBox {
                    x0: c - w / 2,
                    y0: y + 6,
                    x1: c + w - w / 2,
                    y1: y + 6 + h,
                }
            };
            Label { text: t, bbox }
        })
        .collect();
    (labels, rotated)
}

/// Value range over every series, from zero (or below) to a little above the largest.
fn y_range(series: &[(String, Vec<Option<f64>>)]) -> (f64, f64) {
    let values = || {
        series
            .iter()
            .flat_map(|s| s.1.iter().flatten())
            .copied()
            .filter(|v| v.is_finite())
    };
    let lo = values().fold(0.0, f64::min);
    let hi = values().fold(f64::NEG_INFINITY, f64::max);
    let hi = if hi > lo {
        hi + (hi - lo) * 0.08
    } else {
        lo + 1.0
    };
    (lo, hi)
}

fn widest_tick((lo, hi): (f64, f64)) -> i32 {
    let (values, decimals) = ticks(lo, hi, 5);
    values
        .iter()
        .map(|v| measure(&format!("{v:.decimals$}"), VALUE_SIZE).0)
        .max()
        .unwrap_or(0)
}

impl Lines {
    fn check(&self) -> Result<()> {
        if self.x.is_empty() || self.series.is_empty() {
            return Err(Error::param(
                "lines",
                format!("{} categories, {} series", self.x.len(), self.series.len()),
                "at least one category and one series",
            ));
        }
        if let Some((name, v)) = self.series.iter().find(|s| s.1.len() != self.x.len()) {
            return Err(Error::param(
                "series",
                format!("{name} ({} values)", v.len()),
                format!("{} values", self.x.len()),
            ));
        }
        Ok(())
    }

    pub(crate) fn layout(&self, chart: &ChartStyle) -> Result<Layout> {
        self.check()?;
        let names: Vec<String> = self
            .series
            .iter()
            .map(|s| fit(&s.0, LABEL_SIZE, LEGEND_MAX))
            .collect();
        let legend_w = names
            .iter()
            .map(|t| measure(t, LABEL_SIZE).0)
            .max()
            .unwrap_or(0)
            + 40;
        let y_range = y_range(&self.series);
        let x0 = MARGIN + 26 + widest_tick(y_range) + 8;
        let n = self.x.len() as i32;
        let width = (chart.width as i32).max(x0 + n * 24 + legend_w + 12 + MARGIN);
        let x1 = width - MARGIN - legend_w - 12;
        let top = MARGIN + TITLE_H;
        let (probe, rotated) = category_labels(&self.x, x0, x1, 0, true);
        let labels_h = probe.iter().map(|l| l.bbox.y1).max().unwrap_or(0) + 4;
        let bottom_room = labels_h + 34;
        let natural = (top + PLOT_H + bottom_room + MARGIN)
            .max(top + self.series.len() as i32 * LEGEND_ROW + MARGIN);
        let height = natural.max(chart.height.unwrap_or(0) as i32);
        let y1 = height - MARGIN - bottom_room;
        let (x_labels, _) = category_labels(&self.x, x0, x1, y1, true);
        let lx = width - MARGIN - legend_w + 30;
        let legend = names
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let (w, h) = measure(&t, LABEL_SIZE);
                let cy = top + i as i32 * LEGEND_ROW + LEGEND_ROW / 2;
                Label {
                    text: t,
                    bbox: LabelBox {
                        x0: lx,
                        y0: cy - h / 2,
                        x1: lx + w,
                        y1: cy + h - h / 2,
                    },
                }
            })
            .collect();
        Ok(Layout {
            size: (width as u32, height as u32),
            title: fit(title(chart, &self.title), TITLE_SIZE, width - 2 * MARGIN),
            panel: Panel {
                x0,
                y0: top,
                x1,
                y1,
                x_labels,
                rotated,
            },
            legend,
            y_range,
        })
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, l: &Layout) -> Result<()> {
        draw_title(area, &l.title, l.size.0)?;
        let p = &l.panel;
        draw_panel(area, p, &self.series, l.y_range, true)?;
        let y_label = fit(&self.y_label, LABEL_SIZE, p.y1 - p.y0);
        text(
            area,
            &y_label,
            (MARGIN, (p.y0 + p.y1) / 2),
            &rotated(LABEL_SIZE, INK, HPos::Center, VPos::Top),
        )?;
        let x_label = fit(&self.x_label, LABEL_SIZE, p.x1 - p.x0);
        text(
            area,
            &x_label,
            ((p.x0 + p.x1) / 2, l.size.1 as i32 - MARGIN),
            &style(LABEL_SIZE, INK, HPos::Center, VPos::Bottom),
        )?;
        let legend = style(LABEL_SIZE, INK, HPos::Left, VPos::Center);
        for (i, entry) in l.legend.iter().enumerate() {
            let cy = (entry.bbox.y0 + entry.bbox.y1) / 2;
            let color = OKABE_ITO[i % OKABE_ITO.len()];
            line(
                area,
                vec![(entry.bbox.x0 - 28, cy), (entry.bbox.x0 - 6, cy)],
                color,
                2,
            )?;
            marker(area, (entry.bbox.x0 - 17, cy), i, color)?;
            text(area, &entry.text, (entry.bbox.x0, cy), &legend)?;
        }
        Ok(())
    }

    pub(crate) fn grid(&self, chart: &ChartStyle) -> Result<Grid> {
        self.check()?;
        let n = self.series.len();
        let cols = ((n as f64).sqrt().ceil() as usize).clamp(1, 4);
        let rows = n.div_ceil(cols);
        let panel_w = PANEL_W.max((chart.width as i32 - 2 * MARGIN) / cols as i32);
        let width = (chart.width as i32).max(2 * MARGIN + cols as i32 * panel_w);
        let y_range = y_range(&self.series);
        let pad = widest_tick(y_range) + 10;
        let (probe, _) = category_labels(&self.x, 0, panel_w - pad - 10, 0, false);
        let labels_h = probe.iter().map(|l| l.bbox.y1).max().unwrap_or(0) + 4;
        let panel_h = 26 + PANEL_PLOT_H + labels_h + 10;
        let top = MARGIN + TITLE_H + 24;
        let natural = top + rows as i32 * panel_h + 30 + MARGIN;
        let height = natural.max(chart.height.unwrap_or(0) as i32);
        let panels = self
            .series
            .iter()
            .enumerate()
            .map(|(k, (name, _))| {
                let (r, c) = ((k / cols) as i32, (k % cols) as i32);
                let x0 = MARGIN + c * panel_w + pad;
                let x1 = MARGIN + (c + 1) * panel_w - 10;
                let y0 = top + r * panel_h + 26;
                let y1 = y0 + PANEL_PLOT_H;
                // Shared axes: categories are labelled only where no panel sits below.
                let (x_labels, rotated) = if k + cols >= n {
                    category_labels(&self.x, x0, x1, y1, false)
                } else {
                    (Vec::new(), false)
                };
                (
                    fit(name, LABEL_SIZE, x1 - x0),
                    Panel {
                        x0,
                        y0,
                        x1,
                        y1,
                        x_labels,
                        rotated,
                    },
                )
            })
            .collect();
        Ok(Grid {
            size: (width as u32, height as u32),
            title: fit(title(chart, &self.title), TITLE_SIZE, width - 2 * MARGIN),
            note: fit(&self.y_label, LABEL_SIZE, width - 2 * MARGIN),
            panels,
            y_range,
            x_label: (
                fit(&self.x_label, LABEL_SIZE, width - 2 * MARGIN),
                height - MARGIN,
            ),
        })
    }

    pub(crate) fn draw_grid<DB: DrawingBackend>(&self, area: &Area<DB>, g: &Grid) -> Result<()> {
        let width = g.size.0 as i32;
        draw_title(area, &g.title, g.size.0)?;
        let note = style(
            LABEL_SIZE,
            RGBColor(0x55, 0x55, 0x55),
            HPos::Center,
            VPos::Top,
        );
        text(area, &g.note, (width / 2, MARGIN + TITLE_H - 4), &note)?;
        let head = style(LABEL_SIZE, INK, HPos::Left, VPos::Bottom);
        for ((name, panel), series) in g.panels.iter().zip(&self.series) {
            text(area, name, (panel.x0, panel.y0 - 6), &head)?;
            let one = [(series.0.clone(), series.1.clone())];
            let first_col = panel.x0 - MARGIN <= widest_tick(g.y_range) + 10;
            draw_panel(area, panel, &one, g.y_range, first_col)?;
        }
        let axis = style(LABEL_SIZE, INK, HPos::Center, VPos::Bottom);
        text(area, &g.x_label.0, (width / 2, g.x_label.1), &axis)
    }
}

fn marker<DB: DrawingBackend>(
    area: &Area<DB>,
    at: (i32, i32),
    i: usize,
    color: RGBColor,
) -> Result<()> {
    let shape = color.filled();
    let drawn = match (i / OKABE_ITO.len()) % 3 {
        0 => area.draw(&Circle::new(at, 4, shape)),
        1 => area.draw(&TriangleMarker::new(at, 6, shape)),
        _ => area.draw(&Rectangle::new(
            [(at.0 - 4, at.1 - 4), (at.0 + 4, at.1 + 4)],
            shape,
        )),
    };
    drawn.map_err(super::plot)
}

/// Axes, horizontal grid, category labels and the series' lines in one plot rectangle.
fn draw_panel<DB: DrawingBackend>(
    area: &Area<DB>,
    p: &Panel,
    series: &[(String, Vec<Option<f64>>)],
    (lo, hi): (f64, f64),
    y_ticks: bool,
) -> Result<()> {
    let span = if hi > lo { hi - lo } else { 1.0 };
    let y = |v: f64| p.y1 - ((v - lo) / span * (p.y1 - p.y0) as f64).round() as i32;
    let (values, decimals) = ticks(lo, hi, 5);
    let tick = style(VALUE_SIZE, INK, HPos::Right, VPos::Center);
    for v in values {
        line(area, vec![(p.x0, y(v)), (p.x1, y(v))], GRID, 1)?;
        if y_ticks {
            text(area, &format!("{v:.decimals$}"), (p.x0 - 5, y(v)), &tick)?;
        }
    }
    line(area, vec![(p.x0, p.y0), (p.x0, p.y1), (p.x1, p.y1)], INK, 1)?;
    for l in &p.x_labels {
        let c = (l.bbox.x0 + l.bbox.x1) / 2;
        if p.rotated {
            text(
                area,
                &l.text,
                (c, l.bbox.y0),
                &rotated(LABEL_SIZE, INK, HPos::Right, VPos::Center),
            )?;
        } else {
            text(
                area,
                &l.text,
                (c, l.bbox.y0),
                &style(LABEL_SIZE, INK, HPos::Center, VPos::Top),
            )?;
        }
    }
    let n = series.first().map(|s| s.1.len()).unwrap_or(0);
    for (i, (_, values)) in series.iter().enumerate() {
        let color = OKABE_ITO[i % OKABE_ITO.len()];
        let mut run: Vec<(i32, i32)> = Vec::new();
        for (j, v) in values.iter().enumerate() {
            match v {
                Some(v) if v.is_finite() => run.push((cx(j, n, p.x0, p.x1), y(*v))),
                _ => {
                    if run.len() > 1 {
                        line(area, std::mem::take(&mut run), color, 2)?;
                    }
                    run.clear();
                }
            }
        }
        if run.len() > 1 {
            line(area, run, color, 2)?;
        }
        for (j, v) in values.iter().enumerate() {
            if let Some(v) = v.filter(|v| v.is_finite()) {
                marker(area, (cx(j, n, p.x0, p.x1), y(v)), i, color)?;
            }
        }
    }
    Ok(())
}
