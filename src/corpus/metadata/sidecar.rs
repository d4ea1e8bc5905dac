//! The `metadata.csv` sidecar: reading it, finding a document's row, and overriding inferred
//! metadata with the row's columns (each field under several column names).

use std::collections::BTreeMap;
use std::path::Path;

use super::evidence::chained;
use super::locality::{ambiguity, Found};
use super::year::parse_year;
use super::zones::zone_suffix;
use super::{fill, Inferred, Level, Metadata, Source};
use crate::corpus::gazetteer::PlaceId;
use crate::corpus::Gazetteer;
use crate::{Error, Result};

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
    // Spreadsheets save CSV as UTF-8 with a BOM, or as GBK on Chinese Windows: read any
    // encoding the corpus loader reads.
    let text = crate::corpus::read_text(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
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

/// A file name as a sidecar key: trimmed, with `/` separators and no leading `./`.
pub(super) fn normalize_file(file: &str) -> String {
    let f = file.trim().replace('\\', "/");
    f.strip_prefix("./").unwrap_or(&f).to_string()
}

/// The last component of a `/`-separated path.
pub(super) fn base_name(file: &str) -> &str {
    file.rsplit('/').next().unwrap_or(file)
}

/// The base name without its extension.
pub(super) fn file_stem(file: &str) -> &str {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::metadata::tests::run;

    fn sidecar(csv: &str) -> Result<Sidecar> {
        let dir = tempfile::tempdir().map_err(|e| Error::io("tempdir", e))?;
        let path = dir.path().join("metadata.csv");
        std::fs::write(&path, csv).map_err(|e| Error::io(&path, e))?;
        read_sidecar(&path)
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
