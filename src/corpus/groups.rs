//! Grouping documents by a metadata column (`--by`): locality, province, year, any sidecar
//! column, or the file itself.

use super::Corpus;
use crate::{Error, Result};

/// Name of the group of documents that have no value for the grouping column.
pub const NO_GROUP: &str = "(none)";

/// Columns every corpus can be grouped by; sidecar columns come on top.
const BUILT_IN_COLUMNS: [&str; 7] = [
    "file", "locality", "level", "province", "city", "county", "year",
];

impl Corpus {
    /// The columns this corpus can be grouped by: `file`, `locality`, `level`, `province`,
    /// `city`, `county`, `year`, then every sidecar column some document has, in code-point
    /// order.
    pub fn group_columns(&self) -> Vec<String> {
        let mut extra: Vec<&String> = self
            .documents
            .iter()
            .flat_map(|d| d.metadata.extra.keys())
            .collect();
        extra.sort_unstable();
        extra.dedup();
        let built_in = BUILT_IN_COLUMNS.iter().map(|c| c.to_string());
        let extra = extra
            .into_iter()
            .filter(|c| !BUILT_IN_COLUMNS.contains(&c.as_str()));
        built_in.chain(extra.cloned()).collect()
    }

    /// Each document's group under `by`: its file for `file`, else its metadata value for the
    /// column (`None` where it has none). An unknown column is an error listing those
    /// available.
    pub fn groups(&self, by: &str) -> Result<Vec<Option<String>>> {
        if by == "file" {
            return Ok(self
                .documents
                .iter()
                .map(|d| Some(d.file.clone()))
                .collect());
        }
        let columns = self.group_columns();
        if !columns.iter().any(|c| c == by) {
            return Err(Error::param(
                "by",
                by,
                format!("one of {}", columns.join(", ")),
            ));
        }
        Ok(self
            .documents
            .iter()
            .map(|d| d.metadata.group_value(by))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use crate::corpus::{Corpus, Document, LoadOptions};

    #[test]
    fn groups_come_from_files_or_metadata_and_unknown_columns_are_listed() {
        let options = LoadOptions::default();
        let mut a = Document::from_text("a.txt", "推进城市更新。", &options);
        a.metadata.extra.insert("period".into(), "2023".into());
        a.metadata.locality.value = Some("稠江街道".into());
        let b = Document::from_text("b.txt", "优化营商环境。", &options);
        let corpus = Corpus {
            documents: vec![a, b],
            ..Corpus::default()
        };
        assert_eq!(
            corpus.groups("file").unwrap(),
            [Some("a.txt".into()), Some("b.txt".into())]
        );
        assert_eq!(
            corpus.groups("locality").unwrap(),
            [Some("稠江街道".into()), None]
        );
        assert_eq!(corpus.groups("period").unwrap()[0].as_deref(), Some("2023"));
        let err = corpus.groups("party").unwrap_err().to_string();
        assert_eq!(
            err,
            "invalid by = party: expected one of file, locality, level, province, city, county, year, period"
        );
    }
}
