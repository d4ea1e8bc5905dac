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

use serde::{Deserialize, Serialize};

use super::gazetteer::PlaceId;
use super::Gazetteer;

mod evidence;
mod locality;
mod sidecar;
mod text;
mod year;
mod zones;

use locality::{locate, Found};
pub use sidecar::{read_sidecar, Sidecar, SidecarRow};
use text::Text;
use year::infer_year;

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

impl Metadata {
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

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn run(raw: &str) -> Metadata {
        infer(raw, "doc.txt", Gazetteer::bundled())
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
}
