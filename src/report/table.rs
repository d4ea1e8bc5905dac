//! A table of the report as CSV and JSON, from any serialisable rows.
//!
//! JSON keeps each row as serde writes it. CSV takes the fields of the first row as its
//! header, in declaration order; a list becomes its items joined by `;`, a missing value an
//! empty cell, and a nested object its JSON text, so every table loads in a spreadsheet.

use serde::Serialize;
use serde_json::Value;

use crate::{Error, Result};

/// One table of the report, serialised.
#[derive(Debug, Clone, PartialEq)]
pub struct TableFile {
    /// Base name: the files are `{name}.csv` and `{name}.json`.
    pub name: String,
    /// Column names.
    pub headers: Vec<String>,
    /// Cells as CSV writes them.
    pub rows: Vec<Vec<String>>,
    /// The rows as a JSON array (pretty-printed, with a final newline).
    pub json: String,
}

impl TableFile {
    /// Serialises `rows` (structs or maps with the same fields each).
    ///
    /// Rows are turned into cells one at a time, and the JSON is written from the rows
    /// themselves, so that no JSON value of the whole table is ever held (for a table of every
    /// unit, that was the report's peak memory).
    pub fn new<T: Serialize>(name: &str, rows: &[T]) -> Result<TableFile> {
        let fail =
            |e: serde_json::Error| Error::param("table", name, format!("serialisable rows ({e})"));
        let mut headers: Option<Vec<String>> = None;
        let mut cells = Vec::with_capacity(rows.len());
        for row in rows {
            let value = serde_json::to_value(row).map_err(fail)?;
            let headers = headers.get_or_insert_with(|| match &value {
                Value::Object(map) => map.keys().cloned().collect(),
                _ => vec!["value".to_string()],
            });
            cells.push(match value {
                Value::Object(mut map) => headers
                    .iter()
                    .map(|h| map.remove(h).map_or_else(String::new, cell))
                    .collect(),
                other => vec![cell(other)],
            });
        }
        let mut json = serde_json::to_string_pretty(rows).map_err(fail)?;
        json.push('\n');
        Ok(TableFile {
            name: name.to_string(),
            headers: headers.unwrap_or_default(),
            rows: cells,
            json,
        })
    }

    /// Gives an empty table these column names, so that its CSV still has a header.
    pub fn or_headers(mut self, headers: &[&str]) -> TableFile {
        if self.headers.is_empty() {
            self.headers = headers.iter().map(|h| h.to_string()).collect();
        }
        self
    }

    /// The table as CSV; with `bom` it starts with a UTF-8 byte-order mark, which Excel needs
    /// to read the file as UTF-8.
    pub fn csv(&self, bom: bool) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        let mut writer = csv::Writer::from_writer(&mut out);
        let fail = |e: csv::Error| Error::param("table", &self.name, format!("CSV ({e})"));
        if !self.headers.is_empty() {
            writer.write_record(&self.headers).map_err(fail)?;
        }
        for row in &self.rows {
            writer.write_record(row).map_err(fail)?;
        }
        writer
            .flush()
            .map_err(|e| Error::io(format!("{}.csv", self.name), e))?;
        drop(writer);
        Ok(out)
    }
}

/// A JSON value as a CSV cell.
fn cell(value: Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s,
        Value::Array(items) => items.into_iter().map(cell).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        theme: &'static str,
        share: f64,
        units: Vec<usize>,
        year: Option<i32>,
    }

    #[test]
    fn csv_keeps_field_order_and_flattens_lists() {
        let rows = [
            Row {
                theme: "城市更新",
                share: 0.25,
                units: vec![3, 7],
                year: Some(2024),
            },
            Row {
                theme: "党建引领, \"基层\"",
                share: 1.0,
                units: vec![],
                year: None,
            },
        ];
        let table = TableFile::new("prevalence", &rows).unwrap();
        let csv = String::from_utf8(table.csv(false).unwrap()).unwrap();
        assert_eq!(
            csv,
            "theme,share,units,year\n城市更新,0.25,3;7,2024\n\"党建引领, \"\"基层\"\"\",1.0,,\n"
        );
        let with_bom = table.csv(true).unwrap();
        assert_eq!(&with_bom[..3], b"\xEF\xBB\xBF");
        let parsed: Vec<Value> = serde_json::from_str(&table.json).unwrap();
        assert_eq!(parsed[0]["units"], serde_json::json!([3, 7]));
    }

    #[test]
    fn an_empty_table_has_no_header_and_an_empty_json_array() {
        let table = TableFile::new::<Row>("none", &[]).unwrap();
        assert!(table.csv(false).unwrap().is_empty());
        assert_eq!(table.json, "[]\n");
    }
}
