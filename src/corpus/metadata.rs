//! Metadata: STUB, to be replaced by the full implementation.
use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Gazetteer;
use crate::Result;

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
    /// Year the document speaks of.
    pub year: Inferred<i32>,
    /// Other sidecar columns, usable for grouping.
    pub extra: BTreeMap<String, String>,
    /// Problems found while inferring (ambiguous names …).
    pub warnings: Vec<String>,
}

/// One row of a `metadata.csv` sidecar: column → value.
pub type SidecarRow = BTreeMap<String, String>;

/// A parsed `metadata.csv`: rows keyed by the `file` column.
#[derive(Debug, Clone, Default)]
pub struct Sidecar {
    /// Rows by file name.
    pub rows: BTreeMap<String, SidecarRow>,
}

/// Reads a `metadata.csv` sidecar.
pub fn read_sidecar(_path: &Path) -> Result<Sidecar> {
    Ok(Sidecar::default())
}

impl Sidecar {
    /// The row for a document, by its path relative to the corpus root or its file name.
    pub fn get(&self, file: &str) -> Option<&SidecarRow> {
        self.rows.get(file)
    }
}

impl Metadata {
    /// Overrides inferred fields with a sidecar row.
    pub fn apply_sidecar(&mut self, _row: &SidecarRow) {}

    /// The value of a grouping column (`locality`, `province`, `year`, or any extra column).
    pub fn group_value(&self, column: &str) -> Option<String> {
        match column {
            "locality" => self.locality.value.clone(),
            "province" => self.province.value.clone(),
            "city" => self.city.value.clone(),
            "county" => self.county.value.clone(),
            "year" => self.year.value.map(|y| y.to_string()),
            other => self.extra.get(other).cloned(),
        }
    }
}

/// Infers metadata from the decoded (uncleaned) text and the file name.
pub fn infer(_raw: &str, _file: &str, _gazetteer: &Gazetteer) -> Metadata {
    Metadata::default()
}
