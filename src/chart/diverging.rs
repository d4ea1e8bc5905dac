//! Diverging bars: the most positive and most negative terms by a score (keyness).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::bars::{frame, row_layout, Layout, ROW_H};
use super::{finite_max, line, style, text, Area, ChartStyle, BLUE, INK, ORANGE, VALUE_SIZE};
use crate::{Error, Result};

/// Labelled scores drawn from a zero line: positive in blue to the right, negative in orange
/// to the left, top to bottom in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct Diverging {
    /// Chart title.
    pub title: String,
    /// What the scores are (written under the axis).
    pub x_label: String,
    /// Bar labels.
    pub labels: Vec<String>,
    /// Scores.
    pub values: Vec<f64>,
}

impl Diverging {
    pub(crate) fn layout(&self, chart: &ChartStyle) -> Result<Layout> {
        if self.labels.is_empty() || self.labels.len() != self.values.len() {
            return Err(Error::param(
                "diverging bars",
                format!("{} labels, {} values", self.labels.len(), self.values.len()),
                "at least one label and one value per label",
            ));
        }
        Ok(row_layout(chart, &self.title, &self.labels, &self.x_label))
    }

    pub(crate) fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, l: &Layout) -> Result<()> {
        let m = finite_max(self.values.iter().map(|v| v.abs()), 1e-9);
        // Room on the left of negative bars for their values.
        let x = frame(area, l, (-m * 1.25, m))?;
        let zero = x(0.0);
        for (i, v) in self.values.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            let cy = l.top + i as i32 * ROW_H + ROW_H / 2;
            let end = x(*v);
            let (color, anchor, at) = if *v >= 0.0 {
                (BLUE, HPos::Left, end + 5)
            } else {
                (ORANGE, HPos::Right, end - 5)
            };
            super::rect(
                area,
                (zero.min(end), cy - 8),
                (zero.max(end), cy + 8),
                color,
            )?;
            text(
                area,
                &format!("{v:.1}"),
                (at, cy),
                &style(VALUE_SIZE, INK, anchor, VPos::Center),
            )?;
        }
        let bottom = l.top + self.values.len() as i32 * ROW_H;
        line(area, vec![(zero, l.top), (zero, bottom)], INK, 1)
    }
}
