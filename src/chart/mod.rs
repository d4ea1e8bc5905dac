//! Charts of the analysis tables, as SVG (to inline in HTML) or PNG bytes.
//!
//! Every chart is a plain value ([`Matrix`], [`Bars`], [`Diverging`], [`Lines`]) wrapped in a
//! [`Chart`] that says how to draw it. Charts grow with their labels: one row per label in
//! height, one column per label in width, so 30 groups never collide; labels longer than their
//! slot are cut with an ellipsis. Chinese labels are drawn with the bundled WenQuanYi Micro Hei
//! (`data/fonts/`), so PNGs need no font on the machine; SVGs name a list of CJK fonts for the
//! browser to pick from.
//!
//! ```
//! use policylens::chart::{Bars, Chart, ChartStyle};
//!
//! let bars = Bars {
//!     title: "主题排名".into(),
//!     x_label: "每万字出现次数".into(),
//!     labels: vec!["党建引领".into(), "营商环境".into()],
//!     values: vec![12.5, 8.0],
//!     lo: None,
//!     hi: None,
//! };
//! let svg = Chart::Ranked(bars).svg(&ChartStyle::default()).unwrap();
//! assert!(svg.starts_with("<svg") && svg.contains("党建引领"));
//! ```

mod bars;
mod diverging;
mod heatmap;
mod lines;

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, ScaleFont};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, FontTransform};

use crate::themes::{PrevalenceRow, RankRow};
use crate::{Error, Result};

pub use bars::Bars;
pub use diverging::Diverging;
pub use heatmap::Matrix;
pub use lines::Lines;

/// The font family written into SVG `<text font-family=…>`, and the name under which the
/// bundled font is registered for PNGs: browsers take the first CJK font they have.
pub const FONT_FAMILY: &str =
    "WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif";

/// WenQuanYi Micro Hei (Apache-2.0 or GPL-3+ with font exception, `data/fonts/`). Face 0 of
/// the collection is the proportional Micro Hei face, the one ab_glyph loads.
static FONT: &[u8] = include_bytes!("../../data/fonts/wqy-microhei.ttc");

/// Largest width or height drawn, in pixels: beyond it a chart has too many labels to read.
const MAX_SIDE: u32 = 20_000;

/// How a chart is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartStyle {
    /// Width in pixels (default 900). A chart with many columns grows wider than this.
    pub width: u32,
    /// Height in pixels (default `None`: what the rows need). A chart never gets shorter than
    /// its rows need, so labels never collide.
    pub height: Option<u32>,
    /// Title replacing the chart's own (default `None`).
    pub title: Option<String>,
}

impl Default for ChartStyle {
    fn default() -> Self {
        ChartStyle {
            width: 900,
            height: None,
            title: None,
        }
    }
}

/// A chart ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// A labelled matrix with the value in each cell (theme × group, group × group).
    Heatmap(Matrix),
    /// Horizontal bars, in the order given (ranked themes).
    Ranked(Bars),
    /// Values with their 95% interval whiskers (`lo`, `hi` required).
    Intervals(Bars),
    /// Positive values to the right in blue, negative to the left in orange (keyness).
    Diverging(Diverging),
    /// One line per series over ordered categories (themes over the years).
    Lines(Lines),
    /// One small line panel per series, on shared axes.
    SmallMultiples(Lines),
}

impl Chart {
    /// Draws the chart as an SVG document, starting at `<svg` with width, height and viewBox
    /// set, to embed inline in HTML.
    pub fn svg(&self, style: &ChartStyle) -> Result<String> {
        register_font()?;
        let (width, height) = self.size(style)?;
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
            self.draw(&root, style)?;
            root.present().map_err(plot)?;
        }
        Ok(svg)
    }

    /// Draws the chart as PNG bytes.
    pub fn png(&self, style: &ChartStyle) -> Result<Vec<u8>> {
        use image::ImageEncoder;
        register_font()?;
        let (width, height) = self.size(style)?;
        let mut pixels = vec![255u8; width as usize * height as usize * 3];
        {
            let backend = BitMapBackend::<plotters::backend::RGBPixel>::with_buffer_and_format(
                &mut pixels,
                (width, height),
            )
            .map_err(|e| Error::Chart {
                message: e.to_string(),
            })?;
            let root = backend.into_drawing_area();
            self.draw(&root, style)?;
            root.present().map_err(plot)?;
        }
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&pixels, width, height, image::ColorType::Rgb8)
            .map_err(|e| Error::Chart {
                message: format!("encoding the PNG: {e}"),
            })?;
        Ok(png)
    }

    /// Width and height the chart needs under `style`.
    fn size(&self, style: &ChartStyle) -> Result<(u32, u32)> {
        let (width, height) = match self {
            Chart::Heatmap(m) => m.layout(style)?.size,
            Chart::Ranked(b) | Chart::Intervals(b) => b.layout(style)?.size,
            Chart::Diverging(d) => d.layout(style)?.size,
            Chart::Lines(l) => l.layout(style)?.size,
            Chart::SmallMultiples(l) => l.grid(style)?.size,
        };
        if width > MAX_SIDE || height > MAX_SIDE {
            return Err(Error::param(
                "chart size",
                format!("{width}×{height}"),
                format!("at most {MAX_SIDE} pixels a side: show fewer labels (--top)"),
            ));
        }
        Ok((width, height))
    }

    fn draw<DB: DrawingBackend>(&self, area: &Area<DB>, style: &ChartStyle) -> Result<()> {
        area.fill(&WHITE).map_err(plot)?;
        match self {
            Chart::Heatmap(m) => m.draw(area, &m.layout(style)?),
            Chart::Ranked(b) => b.draw(area, &b.layout(style)?, false),
            Chart::Intervals(b) => b.draw(area, &b.layout(style)?, true),
            Chart::Diverging(d) => d.draw(area, &d.layout(style)?),
            Chart::Lines(l) => l.draw(area, &l.layout(style)?),
            Chart::SmallMultiples(l) => l.draw_grid(area, &l.grid(style)?),
        }
    }
}

/// Builds a chart from prevalence rows (`themes`' `prevalence`, `report`'s
/// `tables/theme_prevalence`).
///
/// `kind`: `heatmap` (theme × group), `prevalence` (one theme across groups with its 95%
/// interval; `theme`, default the first), `over-time` (one line per theme, groups in order:
/// years) or `small-multiples` (one panel per theme). `value`: `per_10k` or `share`.
pub fn from_prevalence(
    rows: &[PrevalenceRow],
    kind: &str,
    value: &str,
    theme: Option<&str>,
) -> Result<Chart> {
    let pick = |r: &PrevalenceRow| match value {
        "share" => (r.share, r.share_lo, r.share_hi),
        _ => (r.per_10k, r.per_10k_lo, r.per_10k_hi),
    };
    let (value_label, decimals) = match value {
        "per_10k" => ("每万字出现次数 per 10k chars", 1),
        "share" => ("含主题段落占比 share of units", 2),
        other => return Err(Error::param("value", other, "per_10k or share")),
    };
    if rows.is_empty() {
        return Err(Error::param("prevalence rows", 0, "at least one row"));
    }
    let mut groups: Vec<String> = Vec::new();
    let mut themes: Vec<String> = Vec::new();
    for r in rows {
        if !groups.contains(&r.group) {
            groups.push(r.group.clone());
        }
        if !themes.contains(&r.theme) {
            themes.push(r.theme.clone());
        }
    }
    let cell = |theme: &str, group: &str| {
        rows.iter()
            .find(|r| r.theme == theme && r.group == group)
            .map(|r| pick(r).0)
    };
    match kind {
        "heatmap" => Ok(Chart::Heatmap(Matrix {
            title: "主题 × 分组 Theme prevalence".into(),
            x_label: value_label.into(),
            y_label: "主题 theme".into(),
            values: themes
                .iter()
                .map(|t| groups.iter().map(|g| cell(t, g)).collect())
                .collect(),
            rows: themes,
            cols: groups,
            decimals,
        })),
        "prevalence" => {
            let theme = match theme {
                Some(t) if themes.iter().any(|x| x == t) => t.to_string(),
                Some(t) => {
                    return Err(Error::param(
                        "theme",
                        t,
                        format!("one of {}", themes.join(", ")),
                    ))
                }
                None => themes[0].clone(),
            };
            let picked: Vec<&PrevalenceRow> = rows.iter().filter(|r| r.theme == theme).collect();
            Ok(Chart::Intervals(Bars {
                title: format!("{theme}：各组流行度（95% 区间）"),
                x_label: value_label.into(),
                labels: picked.iter().map(|r| r.group.clone()).collect(),
                values: picked.iter().map(|r| pick(r).0).collect(),
                lo: Some(picked.iter().map(|r| pick(r).1).collect()),
                hi: Some(picked.iter().map(|r| pick(r).2).collect()),
            }))
        }
        "over-time" | "small-multiples" => {
            let mut x = groups.clone();
            sort_categories(&mut x);
            let lines = Lines {
                title: "主题随时间变化 Themes over time".into(),
                x_label: "分组 group".into(),
                y_label: value_label.into(),
                series: themes
                    .iter()
                    .map(|t| (t.clone(), x.iter().map(|g| cell(t, g)).collect()))
                    .collect(),
                x,
            };
            Ok(if kind == "over-time" {
                Chart::Lines(lines)
            } else {
                Chart::SmallMultiples(lines)
            })
        }
        other => Err(Error::param(
            "chart kind",
            other,
            "heatmap, prevalence, over-time or small-multiples",
        )),
    }
}

/// Builds the ranked-themes bar chart (rate per 10,000 characters, in rank order).
pub fn from_ranking(rows: &[RankRow]) -> Result<Chart> {
    if rows.is_empty() {
        return Err(Error::param("ranking rows", 0, "at least one row"));
    }
    let mut rows: Vec<&RankRow> = rows.iter().collect();
    rows.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.theme.cmp(&b.theme)));
    Ok(Chart::Ranked(Bars {
        title: "主题排名 Ranked themes".into(),
        x_label: "每万字出现次数（各组平均）mean per 10k chars".into(),
        labels: rows.iter().map(|r| r.theme.clone()).collect(),
        values: rows.iter().map(|r| r.per_10k).collect(),
        lo: None,
        hi: None,
    }))
}

/// Sorts categories numerically when they all are numbers (years), else as text.
pub(crate) fn sort_categories(x: &mut [String]) {
    if x.iter().all(|s| s.trim().parse::<f64>().is_ok()) {
        x.sort_by(|a, b| {
            let (a, b) = (a.trim().parse::<f64>(), b.trim().parse::<f64>());
            a.unwrap_or(0.0).total_cmp(&b.unwrap_or(0.0))
        });
    } else {
        x.sort();
    }
}

// ---------------------------------------------------------------------------------------------
// Shared drawing pieces.

pub(crate) type Area<DB> = DrawingArea<DB, Shift>;

/// Outer margin in pixels.
pub(crate) const MARGIN: i32 = 16;
/// Font sizes in plotters' units (1.24 × the em in pixels).
pub(crate) const TITLE_SIZE: f64 = 24.0;
pub(crate) const LABEL_SIZE: f64 = 17.0;
pub(crate) const VALUE_SIZE: f64 = 15.0;
/// Room a title takes, with the space under it.
pub(crate) const TITLE_H: i32 = 34;

/// Okabe & Ito (2008) colour-blind-safe palette, yellow last (faint on white).
pub(crate) const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x00, 0x00, 0x00),
    RGBColor(0xF0, 0xE4, 0x42),
];
pub(crate) const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub(crate) const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
pub(crate) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
pub(crate) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

/// A label's box in pixels, for the no-collision checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LabelBox {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl LabelBox {
    #[cfg(test)]
    pub fn intersects(&self, other: &LabelBox) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }
}

/// A label as drawn: its text (cut to fit) and its box.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Label {
    pub text: String,
    pub bbox: LabelBox,
}

fn register_font() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Chart {
            message: "the bundled font data/fonts/wqy-microhei.ttc cannot be read".into(),
        })
    }
}

pub(crate) fn plot<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> Error {
    Error::Chart {
        message: e.to_string(),
    }
}

pub(crate) fn font(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FONT_FAMILY), size, FontStyle::Normal)
}

/// How a piece of text is drawn: size, colour, anchor, and whether it reads bottom to top.
#[derive(Clone, Copy)]
pub(crate) struct Ink {
    size: f64,
    color: RGBColor,
    h: HPos,
    v: VPos,
    rotated: bool,
}

/// Text anchored at `h`, `v`.
pub(crate) fn style(size: f64, color: RGBColor, h: HPos, v: VPos) -> Ink {
    Ink {
        size,
        color,
        h,
        v,
        rotated: false,
    }
}

/// Same, rotated to read bottom to top (the anchor applies along the text).
pub(crate) fn rotated(size: f64, color: RGBColor, h: HPos, v: VPos) -> Ink {
    Ink {
        rotated: true,
        ..style(size, color, h, v)
    }
}

/// The bundled font, parsed once (face 0 of the collection).
fn face() -> Option<&'static FontRef<'static>> {
    static FACE: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FACE.get_or_init(|| FontRef::try_from_slice(FONT).ok())
        .as_ref()
}

/// Width and height of `text` in pixels, as drawn.
pub(crate) fn measure(text: &str, size: f64) -> (i32, i32) {
    let height = (size / 1.24).ceil() as i32;
    let Some(face) = face() else {
        return (height * text.chars().count() as i32, height);
    };
    let scaled = face.as_scaled(size as f32);
    let mut width = 0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        prev = Some(id);
    }
    (width.ceil() as i32, height)
}

/// `text` cut with an ellipsis to at most `max` pixels wide.
pub(crate) fn fit(text: &str, size: f64, max: i32) -> String {
    if measure(text, size).0 <= max {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut: String = chars.iter().collect::<String>() + "…";
        if measure(&cut, size).0 <= max {
            return cut;
        }
    }
    "…".to_string()
}

/// The title: the style's when set, else the chart's.
pub(crate) fn title<'a>(style: &'a ChartStyle, own: &'a str) -> &'a str {
    style.title.as_deref().unwrap_or(own)
}

pub(crate) fn text<DB: DrawingBackend>(
    area: &Area<DB>,
    s: &str,
    at: (i32, i32),
    ink: &Ink,
) -> Result<()> {
    if s.is_empty() {
        return Ok(());
    }
    // plotters 0.3.7 places each ab_glyph glyph at its ink box, dropping the side bearing, so
    // Chinese text comes out unevenly spaced (营商 环境): bitmaps get their glyphs laid out here.
    if std::any::type_name::<DB>().contains("BitMapBackend") {
        return glyphs(area, s, at, ink);
    }
    let mut style = font(ink.size).color(&ink.color).pos(Pos::new(ink.h, ink.v));
    if ink.rotated {
        style = style.transform(FontTransform::Rotate270);
    }
    area.draw_text(s, &style, at).map_err(plot)
}

/// Draws a chart's title, centred at the top of a chart `width` pixels wide.
pub(crate) fn draw_title<DB: DrawingBackend>(
    area: &Area<DB>,
    title: &str,
    width: u32,
) -> Result<()> {
    text(
        area,
        title,
        (width as i32 / 2, MARGIN),
        &style(TITLE_SIZE, INK, HPos::Center, VPos::Top),
    )
}

/// Draws row labels, each right-aligned against its box's right edge and centred in its
/// height.
pub(crate) fn draw_row_labels<DB: DrawingBackend>(area: &Area<DB>, labels: &[Label]) -> Result<()> {
    let ink = style(LABEL_SIZE, INK, HPos::Right, VPos::Center);
    for r in labels {
        text(
            area,
            &r.text,
            (r.bbox.x1, (r.bbox.y0 + r.bbox.y1) / 2),
            &ink,
        )?;
    }
    Ok(())
}

/// Rasterises `s` with the bundled font, anchored like plotters anchors text.
fn glyphs<DB: DrawingBackend>(area: &Area<DB>, s: &str, at: (i32, i32), ink: &Ink) -> Result<()> {
    let Some(face) = face() else {
        return Err(Error::Chart {
            message: "the bundled font data/fonts/wqy-microhei.ttc cannot be read".into(),
        });
    };
    let scaled = face.as_scaled(ink.size as f32);
    let (width, height) = measure(s, ink.size);
    let dx = match ink.h {
        HPos::Left => 0,
        HPos::Center => -width / 2,
        HPos::Right => -width,
    };
    let dy = match ink.v {
        VPos::Top => 0,
        VPos::Center => -height / 2,
        VPos::Bottom => -height,
    };
    // The box is one em high (size / 1.24); the baseline sits at the em's ascent share.
    let em_ascent = scaled.ascent() / (scaled.ascent() - scaled.descent()) * height as f32;
    let (w, h) = area.dim_in_pixel();
    let mut pixels: Vec<((i32, i32), f32)> = Vec::new();
    let mut pen = 0f32;
    let mut prev = None;
    for c in s.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        prev = Some(id);
        let glyph = id.with_scale_and_position(ink.size as f32, ab_glyph::point(pen, em_ascent));
        pen += scaled.h_advance(id);
        let Some(outline) = face.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let ux = bounds.min.x as i32 + gx as i32 + dx;
            let uy = bounds.min.y as i32 + gy as i32 + dy;
            let (x, y) = if ink.rotated { (uy, -ux) } else { (ux, uy) };
            pixels.push(((at.0 + x, at.1 + y), coverage));
        });
    }
    for ((x, y), coverage) in pixels {
        if x >= 0 && y >= 0 && (x as u32) < w && (y as u32) < h && coverage > 0.0 {
            let color = ink.color.mix(f64::from(coverage.min(1.0)));
            area.draw_pixel((x, y), &color).map_err(plot)?;
        }
    }
    Ok(())
}

pub(crate) fn rect<DB: DrawingBackend>(
    area: &Area<DB>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    color: RGBColor,
) -> Result<()> {
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], color.filled()))
        .map_err(plot)
}

pub(crate) fn line<DB: DrawingBackend>(
    area: &Area<DB>,
    points: Vec<(i32, i32)>,
    color: RGBColor,
    width: u32,
) -> Result<()> {
    area.draw(&PathElement::new(points, color.stroke_width(width)))
        .map_err(plot)
}

/// Round tick values covering `[lo, hi]` (about `target` of them) and the decimals they need.
pub(crate) fn ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, usize) {
    let span = hi - lo;
    if !span.is_finite() || span <= 0.0 {
        return (vec![lo], 0);
    }
    let raw = span / target.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let mut decimals = 0;
    while decimals < 6 && ((step * 10f64.powi(decimals as i32)).fract()).abs() > 1e-6 {
        decimals += 1;
    }
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    let values = (first..=last).map(|i| i as f64 * step).collect();
    (values, decimals)
}

/// Largest finite value, at least `floor`.
pub(crate) fn finite_max(values: impl Iterator<Item = f64>, floor: f64) -> f64 {
    values.filter(|v| v.is_finite()).fold(floor, f64::max)
}

/// Viridis (van der Walt & Smith) sampled at nine stops, interpolated linearly.
pub(crate) fn viridis(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 9] = [
        (0x44, 0x01, 0x54),
        (0x47, 0x2d, 0x7b),
        (0x3b, 0x52, 0x8b),
        (0x2c, 0x72, 0x8e),
        (0x21, 0x91, 0x8c),
        (0x28, 0xae, 0x80),
        (0x5e, 0xc9, 0x62),
        (0xad, 0xdc, 0x30),
        (0xfd, 0xe7, 0x25),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (STOPS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(STOPS.len() - 2);
    let f = pos - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Black on light colours, white on dark ones (relative luminance, WCAG).
pub(crate) fn text_on(color: RGBColor) -> RGBColor {
    let lin = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(color.0) + 0.7152 * lin(color.1) + 0.0722 * lin(color.2);
    // Contrast with white (1.05 / (l + 0.05)) beats contrast with black below l ≈ 0.18.
    if l < 0.18 {
        WHITE
    } else {
        BLACK
    }
}

#[cfg(test)]
mod tests;
