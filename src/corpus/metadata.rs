//! Document metadata: locality, level, parents and year, inferred from the text and the file
//! name with evidence and a confidence, or given by a `metadata.csv` sidecar.
//!
//! **Year** always means the period a document describes. A year-end summary or a 政府工作报告
//! delivered in January 2024 reviews 2023, so its `year` is 2023; for a 政府工作报告 the year it
//! was delivered goes to `extra["report_year"]` (2024). Sidecars follow the same rule: the
//! `year`, `period` or `review_year` column sets `year`; `report_year` only goes to `extra`.
//!
//! ```
//! use policylens::corpus::{infer, Gazetteer, Level};
//!
//! let raw = "通州区金沙街道坚决贯彻新发展理念——\n\n2022年，金沙街道坚持党建引领。";
//! let m = infer(raw, "jinsha.txt", Gazetteer::bundled());
//! assert_eq!(m.locality.value.as_deref(), Some("金沙街道"));
//! assert_eq!(m.level.value, Some(Level::Street));
//! assert_eq!(m.city.value.as_deref(), Some("南通市"));
//! assert_eq!(m.year.value, Some(2022));
//! ```
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::gazetteer::{stem, Mention, PlaceId};
use super::Gazetteer;
use crate::{Error, Result};

/// Administrative level of a locality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 省 / 自治区 / 直辖市.
    Province,
    /// 地级市 / 州 / 盟.
    City,
    /// 县 / 县级市 / 旗.
    County,
    /// 市辖区.
    District,
    /// 街道.
    Street,
    /// 镇 / 乡.
    Town,
    /// 开发区 / 高新区 / 新区 / 园区.
    DevelopmentZone,
}

impl Level {
    /// The snake_case name used in output and sidecars (`development_zone`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::District => "district",
            Level::Street => "street",
            Level::Town => "town",
            Level::DevelopmentZone => "development_zone",
        }
    }

    /// Reads a level written in English (`street`, `prefecture`, `municipality`,
    /// `county-level` …) or Chinese (街道, 镇, 区, 县, 市, 省, 开发区 …), case-insensitively.
    /// A municipality (直辖市) is a province-level unit; a prefecture is a city.
    pub fn parse(s: &str) -> Option<Level> {
        let s = s.trim().to_lowercase().replace(['-', ' '], "_");
        Some(match s.as_str() {
            "province" | "municipality" | "省" | "自治区" | "直辖市" | "省级" => {
                Level::Province
            }
            "city" | "prefecture" | "prefecture_level" | "市" | "地级市" | "州" | "自治州"
            | "盟" | "地区" => Level::City,
            "county" | "county_level" | "county_level_city" | "县" | "县级市" | "旗" | "自治县" => {
                Level::County
            }
            "district" | "区" | "市辖区" => Level::District,
            "street" | "subdistrict" | "街道" => Level::Street,
            "town" | "township" | "镇" | "乡" | "苏木" => Level::Town,
            "development_zone" | "zone" | "开发区" | "高新区" | "经开区" | "新区" | "园区" => {
                Level::DevelopmentZone
            }
            _ => return None,
        })
    }
}

/// Where a metadata value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Nothing found.
    #[default]
    None,
    /// The `metadata.csv` sidecar or the row of a CSV/JSONL input.
    Sidecar,
    /// The document text.
    Text,
    /// The file name.
    FileName,
    /// The gazetteer, from the locality's parents.
    Gazetteer,
}

/// An inferred value with its evidence and confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inferred<T> {
    /// The value, if any.
    pub value: Option<T>,
    /// 0 (a guess) to 1 (certain: given by the sidecar).
    pub confidence: f64,
    /// What the value rests on, quoted from the input.
    pub evidence: String,
    /// Where it came from.
    pub source: Source,
}

impl<T> Default for Inferred<T> {
    fn default() -> Self {
        Inferred {
            value: None,
            confidence: 0.0,
            evidence: String::new(),
            source: Source::None,
        }
    }
}

impl<T> Inferred<T> {
    /// A value with its confidence (clamped to [0, 1]), evidence and source.
    pub fn new(value: T, confidence: f64, evidence: impl Into<String>, source: Source) -> Self {
        Inferred {
            value: Some(value),
            confidence: confidence.clamp(0.0, 1.0),
            evidence: evidence.into(),
            source,
        }
    }
}

/// A document's metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// The locality the document is about (金沙街道, 崇川区, 三亚市 …).
    pub locality: Inferred<String>,
    /// Its administrative level.
    pub level: Inferred<Level>,
    /// Province (江苏省).
    pub province: Inferred<String>,
    /// City (南通市).
    pub city: Inferred<String>,
    /// County or district (通州区).
    pub county: Inferred<String>,
    /// Year the document speaks of (the review year of a report; see the module docs).
    pub year: Inferred<i32>,
    /// Other sidecar columns, usable for grouping; inference adds `report_year` (政府工作报告)
    /// and `published` (a dateline, `YYYY-MM-DD`).
    pub extra: BTreeMap<String, String>,
    /// Problems found while inferring (ambiguous names …).
    pub warnings: Vec<String>,
}

/// One row of a `metadata.csv` sidecar: column (lower-cased) → value.
pub type SidecarRow = BTreeMap<String, String>;

/// A parsed `metadata.csv`: rows keyed by the `file` column.
#[derive(Debug, Clone, Default)]
pub struct Sidecar {
    /// Rows by file name (with `/` separators, as written in the `file` column).
    pub rows: BTreeMap<String, SidecarRow>,
}

/// Reads a `metadata.csv` sidecar (UTF-8, with or without BOM). The header must name a
/// `file` column; every other column is kept. Errors name the file and, for a malformed row,
/// its line.
pub fn read_sidecar(path: &Path) -> Result<Sidecar> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        let message = format!("not UTF-8 (at byte {}); save it as UTF-8", e.valid_up_to());
        return Err(Error::Input {
            file: name,
            message,
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let line_of = |e: &csv::Error| e.position().map(|p| p.line() as usize).unwrap_or(1);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Error::parse(&name, line_of(&e), e.to_string()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase())
        .collect();
    let Some(file_col) = headers.iter().position(|h| h == "file") else {
        let found = headers.join(", ");
        let message = format!(
            "no `file` column: expected a header row naming `file` (the text file each row \
             describes) beside columns such as locality, level, province, year; found: {found}"
        );
        return Err(Error::Input {
            file: name,
            message,
        });
    };
    let mut sidecar = Sidecar::default();
    let mut first_line: BTreeMap<String, u64> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => format!("expected {expected_len} fields as in the header, found {len}"),
                _ => e.to_string(),
            };
            Error::parse(&name, line_of(&e), message)
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let key = normalize_file(record.get(file_col).unwrap_or(""));
        if key.is_empty() {
            return Err(Error::parse(&name, line as usize, "empty `file` value"));
        }
        if let Some(first) = first_line.insert(key.clone(), line) {
            let msg = format!("file {key} is listed twice (first on line {first})");
            return Err(Error::parse(&name, line as usize, msg));
        }
        let row = headers
            .iter()
            .cloned()
            .zip(record.iter().map(str::to_string))
            .collect();
        sidecar.rows.insert(key, row);
    }
    Ok(sidecar)
}

fn normalize_file(file: &str) -> String {
    let f = file.trim().replace('\\', "/");
    f.strip_prefix("./").unwrap_or(&f).to_string()
}

fn base_name(file: &str) -> &str {
    file.rsplit('/').next().unwrap_or(file)
}

fn file_stem(file: &str) -> &str {
    let b = base_name(file);
    b.rsplit_once('.')
        .map(|(s, _)| s)
        .filter(|s| !s.is_empty())
        .unwrap_or(b)
}

impl Sidecar {
    /// The row for a document, by its path relative to the corpus root; failing that, by its
    /// bare file name, then by its name without extension (only when exactly one row fits).
    pub fn get(&self, file: &str) -> Option<&SidecarRow> {
        let file = normalize_file(file);
        if let Some(row) = self.rows.get(&file) {
            return Some(row);
        }
        let unique = |f: &dyn Fn(&str) -> bool| {
            let mut hits = self.rows.iter().filter(|(k, _)| f(k));
            match (hits.next(), hits.next()) {
                (Some((_, row)), None) => Some(row),
                _ => None,
            }
        };
        let (base, stem) = (base_name(&file), file_stem(&file));
        self.rows
            .get(base)
            .or_else(|| unique(&|k| base_name(k) == base))
            .or_else(|| unique(&|k| file_stem(k) == stem))
    }
}

const LOCALITY_COLS: &[&str] = &["locality", "admin_name", "name"];
const LEVEL_COLS: &[&str] = &["level", "admin_level"];
const PROVINCE_COLS: &[&str] = &["province"];
const CITY_COLS: &[&str] = &["city", "prefecture"];
const COUNTY_COLS: &[&str] = &["county", "district"];
const YEAR_COLS: &[&str] = &["year", "period", "review_year"];

/// Field names served by [`Metadata::group_value`] from the fields rather than `extra`.
const FIELDS: &[&str] = &["locality", "level", "province", "city", "county", "year"];

fn column<'r>(row: &'r SidecarRow, names: &[&str]) -> Option<&'r str> {
    names
        .iter()
        .find_map(|n| row.get(*n).map(|v| v.trim()).filter(|v| !v.is_empty()))
}

fn given<T>(value: T) -> Inferred<T> {
    Inferred::new(value, 1.0, "metadata.csv", Source::Sidecar)
}

impl Metadata {
    /// Overrides inferred fields with a sidecar row, using the bundled gazetteer to fill the
    /// parents of a locality the row gives without them.
    pub fn apply_sidecar(&mut self, row: &SidecarRow) {
        self.apply_sidecar_with(row, Gazetteer::bundled());
    }

    /// Overrides inferred fields with a sidecar row: locality ← `locality`|`admin_name`|`name`,
    /// level ← `level`|`admin_level`, province, city ← `city`|`prefecture`,
    /// county ← `county`|`district`, year ← `year`|`period`|`review_year`. Given values get
    /// [`Source::Sidecar`] and confidence 1; every column but `file` and the field names
    /// goes to `extra`. A locality given without parents gets them from `gazetteer`.
    pub fn apply_sidecar_with(&mut self, row: &SidecarRow, gazetteer: &Gazetteer) {
        for (k, v) in row {
            if k != "file" && !FIELDS.contains(&k.as_str()) && !v.trim().is_empty() {
                self.extra.insert(k.clone(), v.trim().to_string());
            }
        }
        if let Some(v) = column(row, LEVEL_COLS) {
            match Level::parse(v) {
                Some(l) => self.level = given(l),
                None => self.warnings.push(format!(
                    "metadata.csv: level {v:?} not understood (expected street, town, district, \
                     county, city, province, development_zone or 街道, 镇, 区, 县, 市, 省, 开发区)"
                )),
            }
        }
        if let Some(v) = column(row, YEAR_COLS) {
            match parse_year(v) {
                Some(y) => self.year = given(y),
                None => self
                    .warnings
                    .push(format!("metadata.csv: year {v:?} is not a year")),
            }
        }
        let Some(locality) = column(row, LOCALITY_COLS) else {
            self.apply_parents(row);
            return;
        };
        let previous = self.clone();
        let same = self.locality.value.as_deref() == Some(locality);
        self.locality = given(locality.to_string());
        for f in [&mut self.province, &mut self.city, &mut self.county] {
            if f.source != Source::Sidecar {
                *f = Inferred::default();
            }
        }
        if self.level.source != Source::Sidecar {
            self.level = Inferred::default();
        }
        self.apply_parents(row);
        let constraints: Vec<&str> = [&self.province, &self.city, &self.county]
            .iter()
            .filter_map(|f| f.value.as_deref())
            .collect();
        match place_from_name(gazetteer, locality, &constraints) {
            Ok(found) => {
                let evidence = format!("gazetteer, for {locality} given by metadata.csv");
                fill(self, gazetteer, &found, 1.0, &evidence, false);
            }
            Err(msg) if same => {
                // The text led to the same locality and may have resolved what the name alone
                // cannot: keep what it found.
                self.warnings.push(msg);
                for (f, old) in [
                    (&mut self.province, previous.province),
                    (&mut self.city, previous.city),
                    (&mut self.county, previous.county),
                ] {
                    if f.value.is_none() {
                        *f = old;
                    }
                }
                if self.level.value.is_none() {
                    self.level = previous.level;
                }
            }
            Err(msg) => self.warnings.push(msg),
        }
    }

    fn apply_parents(&mut self, row: &SidecarRow) {
        for (f, cols) in [
            (&mut self.province, PROVINCE_COLS),
            (&mut self.city, CITY_COLS),
            (&mut self.county, COUNTY_COLS),
        ] {
            if let Some(v) = column(row, cols) {
                *f = given(v.to_string());
            }
        }
    }

    /// The value of a grouping column (`locality`, `level`, `province`, `city`, `county`,
    /// `year`, or any extra column).
    pub fn group_value(&self, column: &str) -> Option<String> {
        match column {
            "locality" => self.locality.value.clone(),
            "level" => self.level.value.map(|l| l.as_str().to_string()),
            "province" => self.province.value.clone(),
            "city" => self.city.value.clone(),
            "county" => self.county.value.clone(),
            "year" => self.year.value.map(|y| y.to_string()),
            other => self.extra.get(other).cloned(),
        }
    }
}

/// Infers metadata from the decoded (uncleaned) text and the file name: the locality the
/// document is about (the most specific unit it reports on), its level and parents, and the
/// year it describes (see the module docs). Every value carries its evidence; an ambiguous
/// locality that the text cannot resolve gets no parents and a warning naming all candidates.
pub fn infer(raw: &str, file: &str, gazetteer: &Gazetteer) -> Metadata {
    let mut md = Metadata::default();
    let text = Text::new(raw);
    match locate(gazetteer, &text, file) {
        Ok(found) => {
            let evidence = format!("gazetteer parents of {}", found.name);
            let conf = found.confidence;
            fill(&mut md, gazetteer, &found, conf, &evidence, true);
            md.warnings.extend(found.warnings.iter().cloned());
        }
        Err(why) => md.warnings.push(why),
    }
    infer_year(&text, &mut md);
    md
}

// ---------------------------------------------------------------------------------------
// Locality

/// What the evidence points to: one place, a development zone under one, or several
/// candidates that could not be told apart.
#[derive(Debug, Clone)]
struct Found {
    name: String,
    /// The place itself, or the parent of a development zone not in the gazetteer.
    place: Option<PlaceId>,
    zone: bool,
    /// Candidates left when ambiguity could not be resolved.
    candidates: Vec<PlaceId>,
    confidence: f64,
    evidence: String,
    source: Source,
    warnings: Vec<String>,
}

/// Sets locality, level and parents from `found`; `inferred` marks text/file inference.
fn fill(
    md: &mut Metadata,
    g: &Gazetteer,
    found: &Found,
    conf: f64,
    parent_ev: &str,
    inferred: bool,
) {
    let level = if found.zone {
        Some(Level::DevelopmentZone)
    } else {
        let levels: BTreeSet<Level> = found
            .candidates
            .iter()
            .chain(found.place.as_ref())
            .filter_map(|c| g.place(*c).map(|p| p.level))
            .collect();
        (levels.len() == 1)
            .then(|| levels.into_iter().next())
            .flatten()
    };
    if inferred {
        md.locality = Inferred::new(found.name.clone(), conf, &found.evidence, found.source);
    }
    if let Some(l) = level {
        if md.level.source != Source::Sidecar {
            let (ev, src) = if inferred {
                (found.evidence.as_str(), found.source)
            } else {
                (parent_ev, Source::Gazetteer)
            };
            md.level = Inferred::new(l, conf, ev, src);
        }
    }
    // With unresolved candidates only the parents they all share are certain.
    let chain: Vec<PlaceId> = match found.place {
        Some(p) => std::iter::once(p).chain(g.ancestors(p)).collect(),
        None => common_ancestors(g, &found.candidates),
    };
    for id in chain {
        let Some(p) = g.place(id) else { continue };
        let slot = match p.level {
            Level::Province => {
                if g.municipality_city(id).is_some() && md.city.value.is_none() {
                    md.city = Inferred::new(p.name.clone(), conf, parent_ev, Source::Gazetteer);
                }
                &mut md.province
            }
            Level::City => &mut md.city,
            Level::County | Level::District => &mut md.county,
            _ => continue,
        };
        if slot.value.is_none() {
            *slot = Inferred::new(p.name.clone(), conf, parent_ev, Source::Gazetteer);
        }
    }
}

fn common_ancestors(g: &Gazetteer, ids: &[PlaceId]) -> Vec<PlaceId> {
    let Some((first, rest)) = ids.split_first() else {
        return Vec::new();
    };
    g.ancestors(*first)
        .into_iter()
        .map(|a| g.canonical(a))
        .filter(|a| rest.iter().all(|r| *r == *a || g.is_ancestor(*a, *r)))
        .collect()
}

/// Resolves a locality as written in a sidecar (金沙街道, 黄山市黄山区, 丹阳开发区), using
/// the parents the row gives to pick among candidates.
fn place_from_name(g: &Gazetteer, name: &str, constraints: &[&str]) -> Result<Found, String> {
    let mut cands: Vec<PlaceId> = g.lookup(name).into_iter().map(|c| g.canonical(c)).collect();
    let mut zone = false;
    if cands.is_empty() {
        let mentions = chained(g, g.scan(name));
        let covered = mentions.windows(2).all(|w| w[0].end == w[1].start)
            && mentions.first().is_some_and(|m| m.start == 0);
        if let Some(last) = mentions.last().filter(|_| covered) {
            let rest = &name[last.end..];
            zone = !rest.is_empty() && zone_suffix(rest) == Some(rest);
            if rest.is_empty() || zone {
                cands = last.places.clone();
            }
        }
    }
    let fits = |c: &PlaceId| {
        let names: Vec<&str> = std::iter::once(*c)
            .chain(g.ancestors(*c))
            .map(|a| g.name(a))
            .collect();
        constraints.iter().all(|k| names.contains(k))
    };
    if cands.iter().any(fits) {
        cands.retain(fits);
    }
    cands.sort_unstable();
    cands.dedup();
    let mut found = Found {
        name: name.to_string(),
        place: None,
        zone,
        candidates: Vec::new(),
        confidence: 1.0,
        evidence: String::new(),
        source: Source::Sidecar,
        warnings: Vec::new(),
    };
    match cands.len() {
        0 => Err(format!(
            "metadata.csv: locality {name} is not in the gazetteer; its parents stay empty"
        )),
        1 => {
            found.place = cands.first().copied();
            Ok(found)
        }
        _ => Err(ambiguity(
            g,
            name,
            &cands,
            "metadata.csv names no parent that decides",
        )),
    }
}

fn ambiguity(g: &Gazetteer, name: &str, cands: &[PlaceId], why: &str) -> String {
    // Same-named candidates differ by their parents; otherwise name each in full.
    let same = cands.iter().all(|c| g.name(*c) == name);
    let mut paths: Vec<String> = cands
        .iter()
        .map(|c| match same {
            true => g.parent_path(*c),
            false => format!("{}{}", g.parent_path(*c), g.name(*c)),
        })
        .collect();
    paths.sort();
    paths.dedup();
    format!("locality {name} is ambiguous: {}; {why}", paths.join(" / "))
}

/// Development-zone endings recognised after a place name, longest first.
const ZONE_SUFFIXES: &[&str] = &[
    "高新技术产业开发区",
    "经济技术开发区",
    "高新技术开发区",
    "经济开发区",
    "工业开发区",
    "工业园区",
    "高新区",
    "经开区",
    "开发区",
    "新区",
];

fn zone_suffix(s: &str) -> Option<&'static str> {
    ZONE_SUFFIXES.iter().copied().find(|z| s.starts_with(z))
}

/// The raw text with its lines, and which of them look like titles.
struct Text<'a> {
    raw: &'a str,
    line_starts: Vec<usize>,
    titles: BTreeSet<usize>,
}

const TITLE_W: f64 = 4.0;
const LEAD_W: f64 = 2.0;
const LEAD_BYTES: usize = 900;
const WEAK_W: f64 = 0.5;
const FILE_W: f64 = 6.0;

impl<'a> Text<'a> {
    fn new(raw: &'a str) -> Text<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(raw.match_indices('\n').map(|(i, _)| i + 1));
        let mut t = Text {
            raw,
            line_starts,
            titles: BTreeSet::new(),
        };
        // Titles are the short lines before the first paragraph of running text.
        for i in 0..t.line_starts.len() {
            let line = t.line(i);
            let n = line.chars().count();
            if n > 60 || t.titles.len() >= 12 {
                break;
            }
            if n >= 2 && !line.ends_with('。') {
                t.titles.insert(i);
            }
        }
        t
    }

    fn line(&self, i: usize) -> &'a str {
        let start = self.line_starts.get(i).copied().unwrap_or(self.raw.len());
        let end = self
            .line_starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.raw.len());
        self.raw
            .get(start..end)
            .unwrap_or("")
            .trim_matches(|c: char| c.is_whitespace())
    }

    fn line_of(&self, byte: usize) -> usize {
        self.line_starts
            .partition_point(|s| *s <= byte)
            .saturating_sub(1)
    }

    fn weight_at(&self, byte: usize) -> f64 {
        if self.titles.contains(&self.line_of(byte)) {
            TITLE_W
        } else if byte < LEAD_BYTES {
            LEAD_W
        } else {
            1.0
        }
    }

    /// `line 15: "…"`, quoting at most 40 chars of the line around `byte`.
    fn quote(&self, byte: usize) -> String {
        let i = self.line_of(byte);
        let line = self.line(i);
        let chars: Vec<char> = line.chars().collect();
        let text = if chars.len() <= 40 {
            line.to_string()
        } else {
            let start = self.line_starts.get(i).copied().unwrap_or(0);
            let lead = self
                .raw
                .get(start..byte)
                .map(|s| s.trim_start().chars().count())
                .unwrap_or(0);
            let from = lead.saturating_sub(12).min(chars.len().saturating_sub(40));
            let body: String = chars[from..(from + 40).min(chars.len())].iter().collect();
            format!("{}{body}…", if from > 0 { "…" } else { "" })
        };
        let kind = if self.titles.contains(&i) {
            "title line"
        } else {
            "line"
        };
        format!("{kind} {}: \"{text}\"", i + 1)
    }
}

/// Weighted evidence for one candidate.
#[derive(Debug, Clone, Default)]
struct Tally {
    weight: f64,
    file: f64,
    count: usize,
    first: Option<usize>,
    title: Option<usize>,
    surface: String,
}

impl Tally {
    fn add(&mut self, text: &Text, m: &Mention, w: f64) {
        self.weight += w;
        self.count += 1;
        if self.first.is_none() {
            self.first = Some(m.start);
            self.surface = text.raw.get(m.start..m.end).unwrap_or("").to_string();
        }
        if self.title.is_none() && text.titles.contains(&text.line_of(m.start)) {
            self.title = Some(m.start);
        }
    }
}

/// Canonical places and compound names resolved: in 通州区金沙街道 only the 金沙街道 under a
/// 通州区 remains, and only that 通州区.
fn chained(g: &Gazetteer, mut ms: Vec<Mention>) -> Vec<Mention> {
    for m in &mut ms {
        m.places = m.places.iter().map(|p| g.canonical(*p)).collect();
        m.places.sort_unstable();
        m.places.dedup();
    }
    for _ in 0..2 {
        for k in 1..ms.len() {
            if ms[k - 1].end != ms[k].start {
                continue;
            }
            let (a, b) = (&ms[k - 1].places, &ms[k].places);
            let b2: Vec<PlaceId> = b
                .iter()
                .copied()
                .filter(|x| a.iter().any(|y| g.is_ancestor(*y, *x)))
                .collect();
            if b2.is_empty() {
                continue;
            }
            let a2: Vec<PlaceId> = a
                .iter()
                .copied()
                .filter(|y| b2.iter().any(|x| g.is_ancestor(*y, *x)))
                .collect();
            ms[k - 1].places = a2;
            ms[k].places = b2;
        }
    }
    ms
}

/// Who the text says is speaking: "我代表市人民政府" → names ending in 市.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cue {
    Suffix(&'static [&'static str]),
    Zone,
    /// "我代表国务院": a national report, about no locality.
    National,
}

impl Cue {
    fn fits(self, g: &Gazetteer, id: PlaceId) -> bool {
        let Some(p) = g.place(id) else { return false };
        match self {
            Cue::Suffix(s) => s.iter().any(|x| p.name.ends_with(x)),
            Cue::Zone => p.level == Level::DevelopmentZone,
            Cue::National => false,
        }
    }
}

fn regex(cell: &'static OnceLock<Option<Regex>>, pattern: &str) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

fn self_cue(head: &str) -> Option<Cue> {
    static SPEAKER: OnceLock<Option<Regex>> = OnceLock::new();
    static ZONE: OnceLock<Option<Regex>> = OnceLock::new();
    let speaker = regex(
        &SPEAKER,
        r"代表[^，。,；\n]{0,12}?(?:(省|自治区|市|区|县|州|盟|旗|镇|乡|街道)(?:人民)?政府|(行署|行政公署))",
    );
    let zone = regex(
        &ZONE,
        r"(?:开发区|高新区|经开区|园区|新区)(?:党工委|管委会)",
    );
    if head.contains("代表国务院") {
        return Some(Cue::National);
    }
    if let Some(c) = speaker
        .and_then(|r| r.captures(head))
        .and_then(|c| c.get(1).or_else(|| c.get(2)))
    {
        return Some(Cue::Suffix(match c.as_str() {
            "市" => &["市"],
            "区" => &["区"],
            "县" => &["县"],
            "州" => &["州"],
            "旗" => &["旗"],
            "镇" => &["镇"],
            "乡" => &["乡"],
            "街道" => &["街道"],
            "省" => &["省"],
            "自治区" => &["自治区"],
            _ => &["盟", "地区"],
        }));
    }
    zone.is_some_and(|r| r.is_match(head)).then_some(Cue::Zone)
}

#[derive(Debug, Clone, Default)]
struct Zones {
    /// Named zones (丹阳经济开发区) with the places their prefix may denote.
    named: BTreeMap<String, (Tally, BTreeSet<PlaceId>)>,
    /// Zones the text names by their kind alone (开发区), by ending.
    bare: BTreeMap<&'static str, Tally>,
}

fn find_zones(text: &Text, ms: &[Mention]) -> Zones {
    static BARE: OnceLock<Option<Regex>> = OnceLock::new();
    let mut z = Zones::default();
    let ends: BTreeSet<usize> = ms.iter().map(|m| m.end).collect();
    for m in ms {
        let rest = text.raw.get(m.end..).unwrap_or("");
        if let Some(suffix) = zone_suffix(rest) {
            let name = format!("{}{suffix}", text.raw.get(m.start..m.end).unwrap_or(""));
            let e = z.named.entry(name).or_default();
            e.0.add(text, m, text.weight_at(m.start));
            e.1.extend(m.places.iter().copied());
        }
    }
    let Some(bare) = regex(
        &BARE,
        r"高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|开发区",
    ) else {
        return z;
    };
    for hit in bare.find_iter(text.raw) {
        // "国家级开发区", "各类开发区": the kind in general, not one zone.
        let before = text
            .raw
            .get(..hit.start())
            .and_then(|s| s.chars().next_back());
        if ends.contains(&hit.start()) || before.is_some_and(|c| "级类个家批各型大等".contains(c))
        {
            continue;
        }
        let kind = ZONE_SUFFIXES
            .iter()
            .copied()
            .find(|s| *s == hit.as_str())
            .unwrap_or("开发区");
        let m = Mention {
            start: hit.start(),
            end: hit.end(),
            places: Vec::new(),
            full: true,
            weak: false,
        };
        z.bare
            .entry(kind)
            .or_default()
            .add(text, &m, text.weight_at(hit.start()));
    }
    z
}

fn locate(g: &Gazetteer, text: &Text, file: &str) -> Result<Found, String> {
    // Once a text names 稠江街道 in full, a bare 稠江 means the same place.
    // Only names spelled out twice or in a title qualify: a stray match must not turn a common
    // word into a place.
    let mut spelled: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    for m in g.scan(text.raw).iter().filter(|m| m.full && !m.weak) {
        let e = spelled
            .entry(text.raw.get(m.start..m.end).unwrap_or(""))
            .or_default();
        e.0 += 1;
        e.1 |= text.titles.contains(&text.line_of(m.start));
    }
    let mut short: BTreeMap<String, Vec<PlaceId>> = BTreeMap::new();
    for (surface, _) in spelled.iter().filter(|(_, (n, title))| *n >= 2 || *title) {
        if let Some(s) = stem(surface) {
            let e = short.entry(s.to_string()).or_default();
            // The short form keeps what it means on its own (西林 is also a county), and
            // stays with a parent that owns it as alias (岳阳 is 岳阳市 even beside 岳阳县).
            e.extend(g.lookup_full(surface).iter().chain(&g.lookup(s)));
            let all = e.clone();
            e.retain(|p| !all.iter().any(|a| g.is_ancestor(*a, *p)));
            e.sort_unstable();
            e.dedup();
        }
    }
    short.retain(|_, v| !v.is_empty());
    let ms = chained(g, g.scan_with(text.raw, &short));
    let weights: Vec<f64> = ms
        .iter()
        .map(|m| text.weight_at(m.start) * if m.weak { WEAK_W } else { 1.0 })
        .collect();
    let mut tallies: BTreeMap<PlaceId, Tally> = BTreeMap::new();
    for (m, w) in ms.iter().zip(&weights) {
        for p in &m.places {
            tallies.entry(*p).or_default().add(text, m, *w);
        }
    }
    let stem_name = file_stem(&normalize_file(file)).to_string();
    let from_file = file_candidates(g, &stem_name);
    for p in &from_file {
        let t = tallies.entry(*p).or_default();
        t.weight += FILE_W;
        t.file += FILE_W;
    }
    let head: String = text.raw.chars().take(600).collect();
    let zones = find_zones(text, &ms);
    let ev = Evidence {
        ms,
        weights,
        from_file,
        tallies,
        zones,
        cue: self_cue(&head),
    };
    choose(g, text, &ev, file)
}

/// Everything the text and file name say about places.
struct Evidence {
    ms: Vec<Mention>,
    weights: Vec<f64>,
    from_file: BTreeSet<PlaceId>,
    tallies: BTreeMap<PlaceId, Tally>,
    zones: Zones,
    cue: Option<Cue>,
}

impl Evidence {
    /// Weight of `id` from mentions and file name that do not also denote `other`.
    fn own_weight(&self, id: PlaceId, other: PlaceId) -> f64 {
        let both = |ps: &[PlaceId]| ps.contains(&id) && !ps.contains(&other);
        let text: f64 = self
            .ms
            .iter()
            .zip(&self.weights)
            .filter(|(m, _)| both(&m.places))
            .map(|(_, w)| w)
            .sum();
        let file = self.from_file.contains(&id) && !self.from_file.contains(&other);
        text + if file { FILE_W } else { 0.0 }
    }
}

/// Places the file name denotes: 三亚 → 三亚市; 吉林 → 吉林省 and 吉林市; 南通市崇川区工作总结
/// → 崇川区 (a name's parents in the same file name are context, not its subject).
fn file_candidates(g: &Gazetteer, stem_name: &str) -> BTreeSet<PlaceId> {
    let mut out: BTreeSet<PlaceId> = g.lookup(stem_name).into_iter().collect();
    for suffix in ["市", "区", "县", "州", "盟", "旗", "省"] {
        out.extend(g.lookup_full(&format!("{stem_name}{suffix}")));
    }
    if out.is_empty() {
        let found: BTreeSet<PlaceId> = chained(g, g.scan(stem_name))
            .into_iter()
            .flat_map(|m| m.places)
            .collect();
        let inner = |p: &PlaceId| !found.iter().any(|q| g.is_ancestor(*p, *q));
        out = found.iter().copied().filter(inner).collect();
    }
    out.into_iter().map(|p| g.canonical(p)).collect()
}

fn choose(g: &Gazetteer, text: &Text, ev: &Evidence, file: &str) -> Result<Found, String> {
    let (tallies, zones, cue) = (&ev.tallies, &ev.zones, ev.cue);
    let factor = |id: PlaceId| {
        if cue.is_none_or(|c| c.fits(g, id)) {
            1.0
        } else {
            0.3
        }
    };
    let adj = |id: PlaceId| tallies.get(&id).map_or(0.0, |t| t.weight) * factor(id);
    let depth = |id: PlaceId| g.ancestors(id).len();
    let better = |a: PlaceId, b: PlaceId| {
        adj(a)
            .total_cmp(&adj(b))
            .then(depth(a).cmp(&depth(b)))
            .then(b.cmp(&a))
    };
    let mut best = tallies.keys().copied().max_by(|a, b| better(*a, *b));
    // The document is about the more specific unit when it is named nearly as often; a
    // province is named as context by nearly every local text, so less is needed below one.
    while let Some(b) = best {
        let province = g.place(b).is_some_and(|p| p.level == Level::Province);
        let need = if province && cue.is_none() { 0.4 } else { 0.8 } * adj(b);
        let deeper = tallies
            .keys()
            .copied()
            .filter(|d| g.is_ancestor(b, *d) && ev.own_weight(*d, b) * factor(*d) >= need)
            .max_by(|x, y| better(*x, *y));
        match deeper {
            Some(d) => best = Some(d),
            None => break,
        }
    }
    let top = best.map_or(0.0, adj);
    let zone_factor = if cue.is_none_or(|c| c == Cue::Zone) {
        1.0
    } else {
        0.3
    };
    let bare_w: f64 = zones.bare.values().map(|t| t.weight).sum();
    let bare_n: usize = zones.bare.values().map(|t| t.count).sum();
    let named = zones
        .named
        .iter()
        .max_by(|a, b| a.1 .0.weight.total_cmp(&b.1 .0.weight));
    if let Some((name, (t, parents))) = named {
        // Bare 开发区 count for the only zone the text names, but the name itself must
        // carry weight: a city report names its zones in passing.
        let w = (t.weight + if zones.named.len() == 1 { bare_w } else { 0.0 }) * zone_factor;
        if w > top && t.weight * zone_factor >= 0.5 * top {
            return Ok(zone_found(
                g,
                text,
                &ev.tallies,
                name.clone(),
                t,
                parents,
                w,
                top,
            ));
        }
    }
    if bare_n >= 3 && bare_w * zone_factor >= 2.0 * top.max(1.0) {
        return Ok(bare_zone(
            g,
            text,
            &ev.tallies,
            zones,
            bare_w * zone_factor,
            top,
        ));
    }
    let national = cue == Some(Cue::National);
    let from_file = best
        .and_then(|b| tallies.get(&b))
        .is_some_and(|t| t.file > 0.0);
    if national && !from_file {
        let why = "the text speaks for 国务院 (a national report) and its file name names no place";
        return Err(why.into());
    }
    let none = "no locality found in the text or file name";
    let best = best.ok_or(none)?;
    let bt = tallies.get(&best).ok_or(none)?;
    let mut warnings = Vec::new();
    if national {
        warnings.push(format!(
            "the text speaks for 国务院 (a national report); locality {} rests on the file name \
             alone",
            g.name(best)
        ));
    }
    // Same-named places share every mention; places sharing only an alias less so.
    let contenders: Vec<PlaceId> = tallies
        .keys()
        .copied()
        .filter(|c| {
            *c == best
                || !g.is_ancestor(*c, best)
                    && !g.is_ancestor(best, *c)
                    && adj(*c) >= top * if g.name(*c) == g.name(best) { 0.5 } else { 0.8 }
        })
        .collect();
    let runner = tallies
        .keys()
        .copied()
        .filter(|c| !contenders.contains(c) && !g.is_ancestor(*c, best) && !g.is_ancestor(best, *c))
        .map(adj)
        .fold(0.0, f64::max);
    let mut conf = 0.35 + 0.45 * (1.0 - runner / top.max(f64::EPSILON)).clamp(0.0, 1.0);
    if bt.title.is_some() || bt.file > 0.0 {
        conf += 0.1;
    }
    if bt.count >= 3 {
        conf += 0.05;
    }
    if !warnings.is_empty() {
        conf *= 0.6;
    }
    let mut evidence = describe(text, bt, file);
    let (place, candidates) = if contenders.len() == 1 {
        (Some(best), Vec::new())
    } else {
        match resolve(g, &contenders, tallies) {
            Ok((p, why)) => {
                conf *= 0.85;
                evidence = format!(
                    "{}; {why}",
                    describe(text, tallies.get(&p).unwrap_or(bt), file)
                );
                (Some(p), Vec::new())
            }
            Err(why) => {
                conf *= 0.5;
                warnings.push(ambiguity(g, g.name(best), &contenders, &why));
                (None, contenders.clone())
            }
        }
    };
    let source = if bt.file >= bt.weight - bt.file {
        Source::FileName
    } else {
        Source::Text
    };
    let name = g.name(place.unwrap_or(best)).to_string();
    Ok(Found {
        name,
        place,
        zone: false,
        candidates,
        confidence: conf.min(0.95),
        evidence,
        source,
        warnings,
    })
}

fn describe(text: &Text, t: &Tally, file: &str) -> String {
    let mut parts = Vec::new();
    if t.file > 0.0 {
        parts.push(format!(
            "file name \"{}\"",
            base_name(&normalize_file(file))
        ));
    }
    if let Some(at) = t.title.or(t.first) {
        parts.push(text.quote(at));
    }
    if t.count > 0 {
        parts.push(format!(
            "\"{}\" and its short forms ×{}",
            t.surface, t.count
        ));
    }
    parts.join("; ")
}

/// Picks among same-named places by the other places the text names: parents (南通, 钟楼)
/// and children count for the candidates they belong to, places related to all of them
/// for none.
fn resolve(
    g: &Gazetteer,
    cands: &[PlaceId],
    tallies: &BTreeMap<PlaceId, Tally>,
) -> Result<(PlaceId, String), String> {
    let mut support: BTreeMap<PlaceId, (f64, Vec<String>)> = BTreeMap::new();
    for (u, t) in tallies {
        if cands.contains(u) {
            continue;
        }
        let related: Vec<PlaceId> = cands
            .iter()
            .copied()
            .filter(|c| g.is_ancestor(*u, *c) || g.is_ancestor(*c, *u))
            .collect();
        if related.is_empty() || related.len() == cands.len() {
            continue;
        }
        for c in related {
            let e = support.entry(c).or_default();
            e.0 += t.weight;
            e.1.push(t.surface.clone());
        }
    }
    let mut ranked: Vec<(PlaceId, f64, Vec<String>)> =
        support.into_iter().map(|(c, (w, n))| (c, w, n)).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    match ranked.as_slice() {
        [] => Err("no parent named in the text".to_string()),
        [(c, w, names), rest @ ..] if rest.first().is_none_or(|r| *w >= 2.0 * r.1) => {
            let mut names = names.clone();
            names.sort();
            names.dedup();
            Ok((
                *c,
                format!("resolved by {} named in the text", names.join(", ")),
            ))
        }
        _ => Err("the places named in the text do not decide between them".to_string()),
    }
}

#[allow(clippy::too_many_arguments)]
fn zone_found(
    g: &Gazetteer,
    text: &Text,
    tallies: &BTreeMap<PlaceId, Tally>,
    name: String,
    t: &Tally,
    parents: &BTreeSet<PlaceId>,
    w: f64,
    top: f64,
) -> Found {
    let parents: Vec<PlaceId> = parents.iter().copied().collect();
    let mut found = Found {
        name: name.clone(),
        place: parents.first().copied().filter(|_| parents.len() == 1),
        zone: true,
        candidates: Vec::new(),
        confidence: (0.4 + 0.45 * (1.0 - top / w)).min(0.9),
        evidence: describe(text, t, ""),
        source: Source::Text,
        warnings: Vec::new(),
    };
    if parents.len() > 1 {
        match resolve(g, &parents, tallies) {
            Ok((p, why)) => {
                found.place = Some(p);
                found.evidence.push_str(&format!("; parent {why}"));
            }
            Err(why) => {
                found.confidence *= 0.5;
                found
                    .warnings
                    .push(ambiguity(g, &name, &parents, &format!("its parent: {why}")));
                found.candidates = parents;
            }
        }
    }
    found
}

/// A zone the text calls only 开发区: it belongs to the most specific county or city on the
/// chain of places the text names most (丹阳市 › 镇江市 › 江苏省 → 丹阳开发区).
fn bare_zone(
    g: &Gazetteer,
    text: &Text,
    tallies: &BTreeMap<PlaceId, Tally>,
    zones: &Zones,
    w: f64,
    top: f64,
) -> Found {
    let (kind, t) = zones
        .bare
        .iter()
        .max_by(|a, b| a.1.count.cmp(&b.1.count).then(b.0.cmp(a.0)))
        .map(|(k, t)| (*k, t.clone()))
        .unwrap_or(("开发区", Tally::default()));
    let mut chain: BTreeMap<PlaceId, f64> = BTreeMap::new();
    for (u, t) in tallies {
        for a in std::iter::once(*u).chain(g.ancestors(*u)) {
            *chain.entry(a).or_default() += t.weight;
        }
    }
    let pick = |parent: Option<PlaceId>| {
        let mut kids: Vec<(PlaceId, f64)> = chain
            .iter()
            .filter(|(c, _)| {
                g.place(**c).is_some_and(|p| {
                    p.parent == parent
                        && matches!(
                            p.level,
                            Level::Province | Level::City | Level::County | Level::District
                        )
                })
            })
            .map(|(c, w)| (*c, *w))
            .collect();
        kids.sort_by(|a, b| b.1.total_cmp(&a.1));
        match kids.as_slice() {
            [(c, w), rest @ ..] if rest.first().is_none_or(|r| r.1 < *w) => Some((*c, *w)),
            _ => None,
        }
    };
    let mut cur = pick(None);
    while let Some((c, cw)) = cur {
        match pick(Some(c)) {
            Some((k, kw)) if kw >= 0.4 * cw => cur = Some((k, kw)),
            _ => break,
        }
    }
    let parent = cur.map(|(c, _)| g.canonical(c));
    let mut evidence = describe(text, &t, "");
    let name = match parent {
        Some(p) => {
            evidence.push_str(&format!("; placed under {} named in the text", g.name(p)));
            format!("{}{kind}", g.short_name(p))
        }
        None => kind.to_string(),
    };
    let warnings = parent
        .is_none()
        .then(|| format!("locality {kind}: the text names no place it belongs to"))
        .into_iter()
        .collect();
    let conf = (0.35 + 0.4 * (1.0 - top / w)).min(0.85) * if parent.is_some() { 1.0 } else { 0.5 };
    Found {
        name,
        place: parent,
        zone: true,
        candidates: Vec::new(),
        confidence: conf,
        evidence,
        source: Source::Text,
        warnings,
    }
}

// ---------------------------------------------------------------------------------------
// Year

const YEAR: &str = r"([0-9０-９]{4}|[〇零○一二三四五六七八九]{4})\s*年";

/// A year written with ASCII, full-width or Chinese digits (2023, ２０２３, 二〇二三).
fn parse_year(s: &str) -> Option<i32> {
    let digits: String = s
        .trim()
        .chars()
        .take_while(|c| !matches!(c, '年' | '-' | '/' | '.'))
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '〇' | '零' | '○' => Some('0'),
            _ => "一二三四五六七八九"
                .chars()
                .position(|d| d == c)
                .and_then(|i| char::from_digit(i as u32 + 1, 10)),
        })
        .collect();
    digits
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2100).contains(y) && digits.len() == 4)
}

/// A month or day number in ASCII or full-width digits.
fn small_number(s: &str) -> Option<u32> {
    s.chars().try_fold(0u32, |acc, c| {
        let d = c
            .to_digit(10)
            .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))?;
        acc.checked_mul(10)?.checked_add(d)
    })
}

/// Campaigns and events that date a text that never states its year: (phrase, first year,
/// last year) in which a report would mention it this way.
const DATED: &[(&str, i32, i32)] = &[
    ("党纪学习教育", 2024, 2024),
    ("二十届三中全会", 2024, 2100),
    ("二十届二中全会", 2023, 2100),
    ("二十大精神", 2022, 2100),
    ("核酸", 2020, 2022),
    ("党史学习教育", 2021, 2022),
    ("百年华诞", 2021, 2021),
    ("十四五", 2020, 2025),
];

fn infer_year(text: &Text, md: &mut Metadata) {
    static RE: OnceLock<Option<[Regex; 5]>> = OnceLock::new();
    let re = RE.get_or_init(|| {
        let pats = [
            format!(r"{YEAR}度?[^，。；\n\d]{{0,8}}?工作\s*(?:回顾|总结)"),
            format!(r"{YEAR}度?[^，。；\n\d]{{0,12}}?(?:工作\s*(?:安排|建议|任务|部署)|重点工作|主要工作|奋斗目标|目标任务|主要(?:预期)?目标)"),
            format!(r"{YEAR}\s*([0-9０-９]{{1,2}})\s*月\s*([0-9０-９]{{1,2}})\s*日"),
            format!(r"(?:^|[。！？；：\n])\s*{YEAR}(?:[，,、是]|以来)"),
            YEAR.to_string(),
        ];
        let v: Option<Vec<Regex>> = pats.iter().map(|p| Regex::new(p).ok()).collect();
        v.and_then(|v| v.try_into().ok())
    });
    let Some([review, plan, date, lead, any]) = re.as_ref() else {
        return;
    };
    let raw = text.raw;
    let head: String = raw.chars().take(1500).collect();
    let gwr = ["向大会", "工作报告", "报告工作", "各位代表"]
        .iter()
        .any(|k| head.contains(k));
    let first = |r: &Regex| {
        r.captures(raw)
            .and_then(|c| Some((parse_year(c.get(1)?.as_str())?, c.get(0)?.start())))
    };
    // Plans name the coming year; when headings name two years ("2023年主要工作",
    // "2024年主要目标") the earlier one is the year under review.
    let plans: BTreeMap<i32, usize> = plan
        .captures_iter(raw)
        .filter_map(|c| Some((parse_year(c.get(1)?.as_str())?, c.get(0)?.start())))
        .fold(BTreeMap::new(), |mut m, (y, at)| {
            m.entry(y).or_insert(at);
            m
        });
    let plan_year = plans.iter().next_back().map(|(y, at)| (*y, *at));
    let review_year = first(review).or_else(|| {
        let (p, _) = plan_year?;
        plans.range(..p).next_back().map(|(y, at)| (*y, *at))
    });
    let plan_year = plan_year.filter(|(p, _)| review_year.is_none_or(|(r, _)| *p > r));
    // A 工作安排 for next year, or a review followed by a plan, is a work report.
    let gwr = gwr
        || plan
            .find(raw)
            .is_some_and(|m| m.as_str().contains("工作安排"))
        || review_year.is_some() && plan_year.is_some();
    if let Some((y, _)) = plan_year.filter(|_| gwr) {
        md.extra.insert("report_year".into(), y.to_string());
    }
    let dateline = date.captures_iter(raw).find_map(|c| {
        let m = c.get(0)?;
        let line = text.line_of(m.start());
        let rest = raw.get(m.end()..).unwrap_or("").trim_start();
        let short = text.line(line).chars().count() <= 30 && line < 20;
        (short || rest.starts_with("星期") || rest.starts_with("周")).then_some(())?;
        let num = |i: usize| c.get(i).and_then(|g| small_number(g.as_str()));
        Some((parse_year(c.get(1)?.as_str())?, num(2)?, num(3)?, m.start()))
    });
    if let Some((y, mo, d, _)) = dateline {
        md.extra
            .insert("published".into(), format!("{y:04}-{mo:02}-{d:02}"));
    }
    let title_year = text.titles.iter().find_map(|i| {
        let line = text.line(*i);
        let c = any.captures(line)?;
        let m = c.get(0)?;
        let rest = &line[m.end()..];
        let at_start = line[..m.start()]
            .chars()
            .all(|c| !c.is_alphanumeric() || c.is_ascii_digit());
        let date = rest
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
        (at_start && !date).then_some(())?;
        Some((
            parse_year(c.get(1)?.as_str())?,
            text.line_starts.get(*i).copied().unwrap_or(0) + m.start(),
        ))
    });
    let lead_year = lead
        .captures_iter(raw)
        .take_while(|c| c.get(0).is_some_and(|m| m.start() < 2400))
        .find_map(|c| Some((parse_year(c.get(1)?.as_str())?, c.get(1)?.start())));
    let quote = |at: usize| text.quote(at);
    let set = |md: &mut Metadata, y: i32, conf: f64, ev: String| {
        md.year = Inferred::new(y, conf, ev, Source::Text)
    };
    if let Some((y, at)) = review_year {
        set(md, y, 0.9, format!("review heading, {}", quote(at)));
        if gwr && !md.extra.contains_key("report_year") {
            md.extra.insert("report_year".into(), (y + 1).to_string());
        }
    } else if let Some((y, at)) = title_year {
        set(md, y, 0.85, format!("year in title, {}", quote(at)));
    } else if let (true, Some((p, at))) = (gwr, plan_year) {
        set(
            md,
            p - 1,
            0.7,
            format!("report on the year before its plan, {}", quote(at)),
        );
    } else if let Some((y, mo, d, at)) = dateline {
        match lead_year.filter(|(l, _)| *l == y - 1) {
            Some((l, lat)) => set(
                md,
                l,
                0.7,
                format!("{}, published {y}-{mo:02}-{d:02}", quote(lat)),
            ),
            None => set(
                md,
                y,
                0.75,
                format!("\"{y}年{mo}月{d}日\" (dateline, {})", quote(at)),
            ),
        }
    } else if let Some((y, at)) = lead_year {
        set(md, y, 0.65, format!("opening sentence, {}", quote(at)));
        if gwr {
            md.extra.insert("report_year".into(), (y + 1).to_string());
        }
    } else {
        let mut counts: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
        for c in any.captures_iter(raw) {
            if let (Some(y), Some(m)) = (c.get(1).and_then(|g| parse_year(g.as_str())), c.get(0)) {
                counts.entry(y).or_insert((0, m.start())).0 += 1;
            }
        }
        let total: usize = counts.values().map(|v| v.0).sum();
        if let Some((y, (n, at))) = counts
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(a.0.cmp(b.0)))
        {
            let share = *n as f64 / total.max(1) as f64;
            set(
                md,
                *y,
                0.3 + 0.3 * share,
                format!(
                    "\"{y}年\" ×{n}, most frequent year, first at {}",
                    quote(*at)
                ),
            );
        } else if let Some((y, ev)) = dated_by_events(raw) {
            set(md, y, 0.3, ev);
        }
    }
}

/// The single year every dated reference in the text allows, if any.
fn dated_by_events(raw: &str) -> Option<(i32, String)> {
    let hits: Vec<&(&str, i32, i32)> = DATED.iter().filter(|(p, _, _)| raw.contains(p)).collect();
    let lo = hits.iter().map(|h| h.1).max()?;
    let hi = hits.iter().map(|h| h.2).min()?;
    (lo == hi).then(|| {
        let refs: Vec<String> = hits
            .iter()
            .map(|(p, a, b)| match (a, b) {
                (a, b) if a == b => format!("\"{p}\" ({a})"),
                (a, 2100) => format!("\"{p}\" ({a} or later)"),
                (a, b) => format!("\"{p}\" ({a}–{b})"),
            })
            .collect();
        (
            lo,
            format!("no year stated; dated references: {}", refs.join(", ")),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(raw: &str) -> Metadata {
        infer(raw, "doc.txt", Gazetteer::bundled())
    }

    fn sidecar(csv: &str) -> Result<Sidecar> {
        let dir = tempfile::tempdir().map_err(|e| Error::io("tempdir", e))?;
        let path = dir.path().join("metadata.csv");
        std::fs::write(&path, csv).map_err(|e| Error::io(&path, e))?;
        read_sidecar(&path)
    }

    #[test]
    fn a_compound_name_identifies_and_disambiguates() {
        let m = run("通州区金沙街道坚决贯彻新发展理念——\n\n今年以来，金沙街道坚持党建引领。");
        assert_eq!(m.locality.value.as_deref(), Some("金沙街道"));
        assert_eq!(m.county.value.as_deref(), Some("通州区"));
        assert_eq!(m.city.value.as_deref(), Some("南通市"));
        assert_eq!(m.province.source, Source::Gazetteer);
        assert!(
            m.locality.evidence.contains("title line 1"),
            "{}",
            m.locality.evidence
        );
        assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    }

    #[test]
    fn ambiguity_is_resolved_by_a_parent_named_elsewhere() {
        let m = run(
            "金沙街道推进基层治理\n\n金沙街道各社区积极行动。\n\n白云区委对金沙街道工作给予肯定。",
        );
        assert_eq!(m.city.value.as_deref(), Some("广州市"));
        assert_eq!(m.county.value.as_deref(), Some("白云区"));
        assert!(
            m.locality.evidence.contains("白云区"),
            "{}",
            m.locality.evidence
        );
        assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    }

    #[test]
    fn unresolved_ambiguity_warns_with_all_candidates() {
        let m = run("金沙街道推进基层治理\n\n金沙街道各社区积极行动。");
        assert_eq!(m.locality.value.as_deref(), Some("金沙街道"));
        assert_eq!(m.level.value, Some(Level::Street));
        assert!(m.province.value.is_none() && m.city.value.is_none());
        let w = m.warnings.join("\n");
        for p in [
            "四川省成都市青羊区",
            "广东省广州市白云区",
            "江苏省南通市通州区",
        ] {
            assert!(w.contains(p), "{w}");
        }
        assert!(w.contains("locality 金沙街道 is ambiguous"), "{w}");
    }

    #[test]
    fn development_zones_are_recognised_by_pattern() {
        let named = run("丹阳经济开发区：奋力打造产业高地\n\n开发区全年签约项目22个。");
        assert_eq!(named.locality.value.as_deref(), Some("丹阳经济开发区"));
        assert_eq!(named.level.value, Some(Level::DevelopmentZone));
        assert_eq!(named.county.value.as_deref(), Some("丹阳市"));
        assert_eq!(named.city.value.as_deref(), Some("镇江市"));
        let bare = run(
            "2021年，开发区党工委、管委会以高质量发展为主题。开发区精心谋划。\n开发区推进\
             练湖新城建设，成为镇江市第一个培训基地。开发区人民推荐申报丹阳市科技项目。",
        );
        assert_eq!(bare.locality.value.as_deref(), Some("丹阳开发区"));
        assert_eq!(bare.province.value.as_deref(), Some("江苏省"));
        assert_eq!(bare.county.value.as_deref(), Some("丹阳市"));
    }

    #[test]
    fn the_file_name_and_the_speaker_pick_the_city() {
        let raw = "各位代表：\n\n现在，我代表市人民政府向大会报告工作。\n\n一、2023年工作回顾\n\n\
                   过去一年，全市经济回升向好，海南自由贸易港建设稳步推进。\n\n二、2024年工作安排\n";
        let m = infer(raw, "gwr/三亚.txt", Gazetteer::bundled());
        assert_eq!(m.locality.value.as_deref(), Some("三亚市"));
        assert_eq!(m.locality.source, Source::FileName);
        assert!(m.locality.evidence.contains("file name \"三亚.txt\""));
        assert_eq!(m.province.value.as_deref(), Some("海南省"));
        assert_eq!(m.year.value, Some(2023));
        assert_eq!(m.extra.get("report_year").map(String::as_str), Some("2024"));
        let national = infer(
            "我代表国务院，向大会报告政府工作。",
            "x.txt",
            Gazetteer::bundled(),
        );
        assert!(national.locality.value.is_none());
        assert!(national.warnings[0].contains("国务院"));
    }

    #[test]
    fn a_descriptive_file_name_counts_for_its_most_specific_place() {
        let raw = "今年以来，全区上下凝心聚力。南通市第二中学开展活动。";
        let m = infer(raw, "南通市崇川区2022年工作总结.txt", Gazetteer::bundled());
        assert!(self_cue("他代表市场主体发言").is_none());
        assert_eq!(
            self_cue("下面，我代表行署作工作报告"),
            Some(Cue::Suffix(&["盟", "地区"]))
        );
        assert_eq!(m.locality.value.as_deref(), Some("崇川区"));
        assert_eq!(m.city.value.as_deref(), Some("南通市"));
    }

    #[test]
    fn municipality_is_a_province_with_itself_as_city() {
        let m = infer(
            "我代表市人民政府向大会报告工作。上海加快建设。",
            "上海.txt",
            Gazetteer::bundled(),
        );
        assert_eq!(m.locality.value.as_deref(), Some("上海市"));
        assert_eq!(m.level.value, Some(Level::Province));
        assert_eq!(m.province.value.as_deref(), Some("上海市"));
        assert_eq!(m.city.value.as_deref(), Some("上海市"));
    }

    #[test]
    fn year_from_dateline_review_heading_or_nothing() {
        let m = run("奋进新征程\n2022年10月18日 星期二\n通州区金沙街道坚决贯彻新发展理念\n\n今年以来，1至9月，金沙街道预计完成销售4.3亿元。");
        assert_eq!(m.year.value, Some(2022));
        assert!(
            m.year.evidence.contains("\"2022年10月18日\" (dateline"),
            "{}",
            m.year.evidence
        );
        assert_eq!(
            m.extra.get("published").map(String::as_str),
            Some("2022-10-18")
        );
        let m = run("各位代表：\n现在，我代表区人民政府向大会报告工作。\n一、二〇二三年工作回顾\n过去一年……");
        assert_eq!(m.year.value, Some(2023));
        assert_eq!(m.year.confidence, 0.9);
        assert_eq!(m.extra.get("report_year").map(String::as_str), Some("2024"));
        let m = run("金沙街道坚持党建引领基层治理。");
        assert_eq!((m.year.value, m.year.confidence), (None, 0.0));
        let m = run("今年以来，面对复杂形势，学习贯彻党的二十大精神，扎实开展党纪学习教育。");
        assert_eq!(m.year.value, Some(2024));
        assert!(m.year.confidence < 0.5);
    }

    #[test]
    fn parse_year_reads_several_scripts() {
        assert_eq!(parse_year("2023"), Some(2023));
        assert_eq!(parse_year("２０２３年"), Some(2023));
        assert_eq!(parse_year("二〇二三"), Some(2023));
        assert_eq!(parse_year("2023-10-18"), Some(2023));
        assert_eq!(parse_year("23"), None);
        assert_eq!(parse_year("soon"), None);
    }

    #[test]
    fn levels_parse_in_english_and_chinese() {
        for (s, l) in [
            ("street", Level::Street),
            ("Town", Level::Town),
            ("district", Level::District),
            ("county", Level::County),
            ("county-level", Level::County),
            ("city", Level::City),
            ("prefecture", Level::City),
            ("municipality", Level::Province),
            ("province", Level::Province),
            ("development_zone", Level::DevelopmentZone),
            ("街道", Level::Street),
            ("镇", Level::Town),
            ("区", Level::District),
            ("县", Level::County),
            ("市", Level::City),
            ("省", Level::Province),
            ("开发区", Level::DevelopmentZone),
        ] {
            assert_eq!(Level::parse(s), Some(l), "{s}");
            assert_eq!(Level::parse(l.as_str()), Some(l));
        }
        assert_eq!(Level::parse("village"), None);
    }

    #[test]
    fn sidecar_columns_have_aliases() -> Result<()> {
        let s = sidecar(
            "\u{feff}file,name_in_filename,admin_name,province,level,report_year,review_year,note\n\
             三亚.txt,三亚,三亚市,海南省,prefecture,2024,2023,\n\
             黄山.txt,黄山,黄山市黄山区,安徽省,district,2024,2023,区报告\n",
        )?;
        let row = s.get("gwr/三亚.txt").expect("bare-name fallback");
        let mut m = Metadata::default();
        m.apply_sidecar(row);
        assert_eq!(m.locality, given("三亚市".to_string()));
        assert_eq!(m.level.value, Some(Level::City));
        assert_eq!(m.year.value, Some(2023));
        assert_eq!(m.city.value.as_deref(), Some("三亚市"));
        assert_eq!(m.city.source, Source::Gazetteer);
        assert_eq!(m.province.source, Source::Sidecar);
        assert_eq!(m.group_value("report_year").as_deref(), Some("2024"));
        assert_eq!(m.group_value("name_in_filename").as_deref(), Some("三亚"));
        assert_eq!(m.group_value("level").as_deref(), Some("city"));
        assert!(!m.extra.contains_key("note"));
        let mut m = Metadata::default();
        m.apply_sidecar(s.get("黄山").expect("stem fallback"));
        assert_eq!(m.county.value.as_deref(), Some("黄山区"));
        assert_eq!(m.city.value.as_deref(), Some("黄山市"));
        Ok(())
    }

    #[test]
    fn sidecar_overrides_inference_and_fills_parents() -> Result<()> {
        let s = sidecar(
            "file,locality,level,period\na.txt,稠江街道,街道,2023\nb.txt,丹阳开发区,开发区,\n",
        )?;
        let mut m = run("金沙街道推进基层治理。2022年10月18日");
        m.apply_sidecar(s.get("a.txt").expect("row"));
        assert_eq!(m.locality.value.as_deref(), Some("稠江街道"));
        assert_eq!(
            (m.locality.confidence, m.locality.evidence.as_str()),
            (1.0, "metadata.csv")
        );
        assert_eq!(m.county.value.as_deref(), Some("义乌市"));
        assert_eq!(m.city.value.as_deref(), Some("金华市"));
        assert_eq!(m.year.value, Some(2023));
        let mut m = Metadata::default();
        m.apply_sidecar(s.get("b.txt").expect("row"));
        assert_eq!(m.level.value, Some(Level::DevelopmentZone));
        assert_eq!(m.county.value.as_deref(), Some("丹阳市"));
        assert_eq!(m.province.value.as_deref(), Some("江苏省"));
        Ok(())
    }

    #[test]
    fn sidecar_errors_name_file_and_line() {
        let err = sidecar("name,year\na.txt,2023\n").expect_err("no file column");
        let msg = err.to_string();
        assert!(
            msg.contains("metadata.csv") && msg.contains("`file`"),
            "{msg}"
        );
        let err = sidecar("file,year\na.txt,2023\nb.txt,2023,extra\n").expect_err("ragged");
        let msg = err.to_string();
        assert!(
            msg.contains("metadata.csv:3:") && msg.contains("expected 2 fields"),
            "{msg}"
        );
        let err = sidecar("file,year\na.txt,2023\na.txt,2024\n").expect_err("duplicate");
        assert!(err.to_string().contains("listed twice"), "{err}");
        let mut m = Metadata::default();
        let row: SidecarRow = [("level".to_string(), "village".to_string())].into();
        m.apply_sidecar(&row);
        assert!(m.warnings[0].contains("village"), "{:?}", m.warnings);
    }
}
