//! Horizontal bars: ranked themes, and values with their 95% interval whiskers.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{
    draw_row_labels, draw_title, finite_max, fit, line, measure, rect, style, text, ticks, title,
    Area, ChartStyle, Label, LabelBox, BLUE, GRID, INK, LABEL_SIZE, MARGIN, TITLE_H, TITLE_SIZE,
    VALUE_SIZE,
};
use crate::{Error, Result};

/// One bar per label, top to bottom in the order given; `lo`/`hi` are the interval ends
/// (required by [`super::Chart::Intervals`], ignored by [`super::Chart::Ranked`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    /// Chart title.
    pub title: String,
    /// What the values are (written under the axis).
    pub x_label: String,
    /// Bar labels.
    pub labels: Vec<String>,
    /// Bar values.
    pub values: Vec<f64>,
    /// Lower interval ends.
    pub lo: Option<Vec<f64>>,
    /// Upper interval ends.
    pub hi: Option<Vec<f64>>,
}

pub(crate) const LABEL_MAX: i32 = 220;
pub(crate) const ROW_H: i32 = 26;
/// Room right of the longest bar for its value.
pub(crate) const VALUE_ROOM: i32 = 64;

/// Where the bars go: shared by bars and diverging bars.
pub(crate) struct Layout {
    pub size: (u32, u32),
    pub title: String,
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub labels: Vec<Label>,
    pub x_label: String,
}

/// Row labels right-aligned at `left - 8`, one per `ROW_H`.
pub(crate) fn row_layout(
    chart: &ChartStyle,
    own_title: &str,
    labels: &[String],
    x_label: &str,
) -> Layout {
    let texts: Vec<String> = labels
        .iter()
        .map(|l| fit(l, LABEL_SIZE, LABEL_MAX))
        .collect();
    let label_w = texts
        .iter()
        .map(|t| measure(t, LABEL_SIZE).0)
        .max()
        .unwrap_or(0);
    let left = MARGIN + label_w + 10;
    let width = (chart.width as i32).max(left + 200 + VALUE_ROOM + MARGIN);
    let top = MARGIN + TITLE_H;
    let labels = texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let (w, h) = measure(&t, LABEL_SIZE);
            let cy = top + i as i32 * ROW_H + ROW_H / 2;
            Label {
                text: t,
                bbox: LabelBox {
                    x0: left - 8 - w,
                    y0: cy - h / 2,
                    x1: left - 8,
                    y1: cy + h - h / 2,
                },
            }
        })
        .collect::<Vec<_>>();
    let natural = top + labels.len() as i32 * ROW_H + 56 + MARGIN;
    let height = natural.max(chart.height.unwrap_or(0) as i32);
    Layout {
        size: (width as u32, height as u32),
        title: fit(title(chart, own_title), TITLE_SIZE, width - 2 * MARGIN),
        left,
        right: width - MARGIN - VALUE_ROOM,
        top,
        labels,
        x_label: fit(x_label, LABEL_SIZE, width - 2 * MARGIN),
    }
}

/// Title, row labels, vertical grid with tick labels over `[lo, hi]` and the axis label;
/// returns the value → x mapping.
pub(crate) fn frame<DB: DrawingBackend>(
    area: &Area<DB>,
    l: &Layout,
    (lo, hi): (f64, f64),
) -> Result<impl Fn(f64) -> i32> {
    draw_title(area, &l.title, l.size.0)?;
    draw_row_labels(area, &l.labels)?;
    let (left, right) = (l.left, l.right);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let x = move |v: f64| left + ((v - lo) / span * (right - left) as f64).round() as i32;
    let bottom = l.top + l.labels.len() as i32 * ROW_H;
    let (values, decimals) = ticks(lo, hi, 5);
    let tick = style(VALUE_SIZE, INK, HPos::Center, VPos::Top);
    for v in values {
        let px = x(v);
        line(area, vec![(px, l.top), (px, bottom)], GRID, 1)?;
        text(area, &format!("{v:.decimals$}"), (px, bottom + 4), &tick)?;
    }
    let axis = style(LABEL_SIZE, INK, HPos::Center, VPos::Top);
    text(area, &l.x_label, ((left + right) / 2, bottom + 26), &axis)?;
    Ok(x)
}

impl Bars {
    pub(crate) fn layout(&self, chart: &ChartStyle) -> Result<Layout> {
        let n = self.labels.len();
        if n == 0 || self.values.len() != n {
            return Err(Error::param(
                "bars",
                format!("{} labels, {} values", n, self.values.len()),
                "at least one label and one value per label",
            ));
        }
        for (name, ends) in [("lo", &self.lo), ("hi", &self.hi)] {
            if let Some(ends) = ends {
                if ends.len() != n {
                    return Err(Error::param(name, ends.len(), format!("{n} values")));
                }
            }
        }
        Ok(row_layout(chart, &self.title, &self.labels, &self.x_label))
    }

    pub(crate) fn draw<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        l: &Layout,
        intervals: bool,
    ) -> Result<()> {
        let (lo_ends, hi_ends) = match (&self.lo, &self.hi) {
            (Some(lo), Some(hi)) if intervals => (Some(lo), Some(hi)),
            _ if intervals => {
                return Err(Error::param(
                    "interval bars",
                    "no lo/hi",
                    "lo and hi values",
                ))
            }
            _ => (None, None),
        };
        let all = self.values.iter().chain(hi_ends.into_iter().flatten());
        let max = finite_max(all.copied(), 0.0);
        let min = self
            .values
            .iter()
            .chain(lo_ends.into_iter().flatten())
            .copied()
            .filter(|v| v.is_finite())
            .fold(0.0, f64::min);
        let max = if max > min { max } else { min + 1.0 };
        let x = frame(area, l, (min, max))?;
        let value = style(VALUE_SIZE, INK, HPos::Left, VPos::Center);
        let decimals = if max - min >= 10.0 { 1 } else { 2 };
        for (i, v) in self.values.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            let cy = l.top + i as i32 * ROW_H + ROW_H / 2;
            let mut end = x(*v);
            if let (Some(lo), Some(hi)) = (lo_ends, hi_ends) {
                let (a, b) = (x(lo[i]), x(hi[i]));
                line(area, vec![(a, cy), (b, cy)], INK, 2)?;
                line(area, vec![(a, cy - 6), (a, cy + 6)], INK, 2)?;
                line(area, vec![(b, cy - 6), (b, cy + 6)], INK, 2)?;
                area.draw(&Circle::new((x(*v), cy), 5, BLUE.filled()))
                    .map_err(super::plot)?;
                end = end.max(b);
            } else {
                let zero = x(0.0);
                rect(area, (zero.min(end), cy - 8), (zero.max(end), cy + 8), BLUE)?;
            }
            text(area, &format!("{v:.decimals$}"), (end + 6, cy), &value)?;
        }
        Ok(())
    }
}
