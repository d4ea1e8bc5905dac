//! Heatmap: a labelled matrix with the value written in each cell.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::{
    draw_row_labels, draw_title, fit, measure, rect, rotated, style, text, title, viridis, Area,
    ChartStyle, Label, LabelBox, INK, LABEL_SIZE, MARGIN, TITLE_H, TITLE_SIZE, VALUE_SIZE,
};
use crate::{Error, Result};

/// A matrix of values with labelled rows and columns (theme × group; group × group).
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    /// Chart title.
    pub title: String,
    /// What the values are (written under the matrix).
    pub x_label: String,
    /// What the rows are (written above the row labels).
    pub y_label: String,
    /// Row labels, top to bottom.
    pub rows: Vec<String>,
    /// Column labels, left to right.
    pub cols: Vec<String>,
    /// `values[row][col]`; `None` draws an empty grey cell.
    pub values: Vec<Vec<Option<f64>>>,
    /// Decimals written in the cells.
    pub decimals: usize,
}

/// Longest row label, in pixels.
const ROW_LABEL_MAX: i32 = 200;
/// Longest column label, in pixels (rotated labels run upwards this far).
const COL_LABEL_MAX: i32 = 140;
const CELL_H: i32 = 26;
const CELL_W_MAX: i32 = 110;
const EMPTY: RGBColor = RGBColor(0xEE, 0xEE, 0xEE);

pub(crate) struct Layout {
    pub size: (u32, u32),
    pub title: String,
    pub left: i32,
    pub top: i32,
    pub cell_w: i32,
    pub rows: Vec<Label>,
    pub cols: Vec<Label>,
    pub rotated: bool,
    pub corner: String,
    pub x_label: String,
    range: (f64, f64),
}

impl Matrix {
    pub(crate) fn layout(&self, chart: &ChartStyle) -> Result<Layout> {
        if self.rows.is_empty() || self.cols.is_empty() {
            return Err(Error::param(
                "heatmap",
                format!("{}×{}", self.rows.len(), self.cols.len()),
                "at least one row and one column",
            ));
        }
        if self.values.len() != self.rows.len()
            || self.values.iter().any(|r| r.len() != self.cols.len())
        {
            return Err(Error::param(
                "heatmap values",
                self.values.len(),
                format!("{} rows of {} values", self.rows.len(), self.cols.len()),
            ));
        }
        let finite = || {
            self.values
                .iter()
                .flatten()
                .flatten()
                .copied()
                .filter(|v| v.is_finite())
        };
        let lo = finite().fold(f64::INFINITY, f64::min);
        let hi = finite().fold(f64::NEG_INFINITY, f64::max);
        let range = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
        let widest_value = finite()
            .map(|v| measure(&format!("{v:.*}", self.decimals), VALUE_SIZE).0)
            .max()
            .unwrap_or(20);
        let row_texts: Vec<String> = self
            .rows
            .iter()
            .map(|r| fit(r, LABEL_SIZE, ROW_LABEL_MAX))
            .collect();
        let row_w = row_texts
            .iter()
            .map(|r| measure(r, LABEL_SIZE).0)
            .max()
            .unwrap_or(0);
        let left = MARGIN + row_w.max(40) + 8;
        let cols = self.cols.len() as i32;
        let min_cell = (widest_value + 10).max(34);
        let cell_w =
            ((chart.width as i32 - left - MARGIN) / cols).clamp(min_cell, CELL_W_MAX.max(min_cell));
        // A grid narrower than the requested width is centred.
        let left = left + ((chart.width as i32 - (left + cols * cell_w + MARGIN)) / 2).max(0);
        let col_texts: Vec<String> = self
            .cols
            .iter()
            .map(|c| fit(c, LABEL_SIZE, COL_LABEL_MAX))
            .collect();
        let col_sizes: Vec<(i32, i32)> = col_texts.iter().map(|c| measure(c, LABEL_SIZE)).collect();
        let rotated = col_sizes.iter().any(|(w, _)| *w + 6 > cell_w);
        let col_h = if rotated {
            col_sizes.iter().map(|s| s.0).max().unwrap_or(0)
        } else {
            col_sizes.iter().map(|s| s.1).max().unwrap_or(0)
        };
        let top = MARGIN + TITLE_H + col_h + 8;
        let rows: Vec<Label> = row_texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let (w, h) = measure(&t, LABEL_SIZE);
                let cy = top + i as i32 * CELL_H + CELL_H / 2;
                let x1 = left - 8;
                Label {
                    text: t,
                    bbox: LabelBox {
                        x0: x1 - w,
                        y0: cy - h / 2,
                        x1,
                        y1: cy + h - h / 2,
                    },
                }
            })
            .collect();
        let cols_l: Vec<Label> = col_texts
            .into_iter()
            .zip(&col_sizes)
            .enumerate()
            .map(|(j, (t, &(w, h)))| {
                let cx = left + j as i32 * cell_w + cell_w / 2;
                let y1 = top - 6;
                let bbox = if rotated {
                    LabelBox {
                        x0: cx - h / 2,
                        y0: y1 - w,
                        x1: cx + h - h / 2,
                        y1,
                    }
                } else {
                    LabelBox {
                        x0: cx - w / 2,
                        y0: y1 - h,
                        x1: cx + w - w / 2,
                        y1,
                    }
                };
                Label { text: t, bbox }
            })
            .collect();
        let grid_w = cols * cell_w;
        let natural_h = top + self.rows.len() as i32 * CELL_H + 44 + MARGIN;
        let width = (left + grid_w + MARGIN).max(chart.width as i32);
        let height = natural_h.max(chart.height.unwrap_or(0) as i32);
        let title_text = fit(title(chart, &self.title), TITLE_SIZE, width - 2 * MARGIN);
        Ok(Layout {
            size: (width as u32, height as u32),
            title: title_text,
            left,
            top,
            cell_w,
            rows,
            cols: cols_l,
            rotated,
            corner: fit(&self.y_label, LABEL_SIZE, left - MARGIN - 8),
            x_label: fit(&self.x_label, LABEL_SIZE, width - 2 * MARGIN),
            range,
        })
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, l: &Layout) -> Result<()> {
        let width = l.size.0 as i32;
        draw_title(area, &l.title, l.size.0)?;
        draw_row_labels(area, &l.rows)?;
        for c in &l.cols {
            let cx = (c.bbox.x0 + c.bbox.x1) / 2;
            if l.rotated {
                let s = rotated(LABEL_SIZE, INK, HPos::Left, VPos::Center);
                text(area, &c.text, (cx, c.bbox.y1), &s)?;
            } else {
                let s = style(LABEL_SIZE, INK, HPos::Center, VPos::Bottom);
                text(area, &c.text, (cx, c.bbox.y1), &s)?;
            }
        }
        let corner = style(
            LABEL_SIZE,
            RGBColor(0x66, 0x66, 0x66),
            HPos::Right,
            VPos::Bottom,
        );
        text(area, &l.corner, (l.left - 8, l.top - 6), &corner)?;
        let (lo, hi) = l.range;
        let span = if hi > lo { hi - lo } else { 1.0 };
        for (i, row) in self.values.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                let x0 = l.left + j as i32 * l.cell_w;
                let y0 = l.top + i as i32 * CELL_H;
                let (fill, label) = match v {
                    Some(v) if v.is_finite() => {
                        (viridis((v - lo) / span), format!("{v:.*}", self.decimals))
                    }
                    _ => (EMPTY, "–".to_string()),
                };
                rect(area, (x0, y0), (x0 + l.cell_w - 1, y0 + CELL_H - 1), fill)?;
                let s = style(VALUE_SIZE, super::text_on(fill), HPos::Center, VPos::Center);
                text(area, &label, (x0 + l.cell_w / 2, y0 + CELL_H / 2), &s)?;
            }
        }
        let bottom = l.top + self.rows.len() as i32 * CELL_H;
        let grid_mid = l.left + self.cols.len() as i32 * l.cell_w / 2;
        let s = style(LABEL_SIZE, INK, HPos::Center, VPos::Top);
        let scale = format!(
            "{}（颜色 viridis：{:.*} → {:.*}）",
            l.x_label, self.decimals, lo, self.decimals, hi
        );
        let scale = fit(&scale, LABEL_SIZE, width - 2 * MARGIN);
        let half = measure(&scale, LABEL_SIZE).0 / 2;
        let x = grid_mid.min(width - MARGIN - half).max(MARGIN + half);
        text(area, &scale, (x, bottom + 12), &s)
    }
}
