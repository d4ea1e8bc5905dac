//! The policy lexicon: curated formulations (提法) kept whole by the segmenter.
//!
//! The bundled list (`data/lexicon/policy_lexicon.tsv`, written by the project) feeds the
//! segmenter and the theme lexicon alike, so a theme's seed term is never split. Each entry has
//! a canonical term, variant spellings (aliases) and a category.
//!
//! ```
//! use policylens::PolicyLexicon;
//!
//! let lexicon = PolicyLexicon::bundled();
//! assert!(lexicon.contains("党建引领"));
//! assert_eq!(lexicon.canonical("智转数改"), Some("智改数转"));
//! ```

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::{Error, Result};

const BUNDLED: &str = include_str!("../data/lexicon/policy_lexicon.tsv");

/// One formulation with its variants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LexiconEntry {
    /// The canonical form (智改数转).
    pub term: String,
    /// Variant spellings counted as the term (智转数改).
    pub aliases: Vec<String>,
    /// Category, one of the theme keys (`party_building`, `urban_renewal` …).
    pub category: String,
}

/// A set of policy formulations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PolicyLexicon {
    /// The `# version:` header of the file.
    pub version: String,
    /// Entries in file order.
    pub entries: Vec<LexiconEntry>,
    /// Every term and alias → index into `entries`.
    #[serde(skip)]
    index: BTreeMap<String, usize>,
}

impl PolicyLexicon {
    /// The lexicon bundled with policylens.
    ///
    /// The bundled file is checked by the test suite, so it always parses; were it ever broken,
    /// an empty lexicon is returned rather than a panic.
    pub fn bundled() -> &'static PolicyLexicon {
        static LEXICON: OnceLock<PolicyLexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Self::parse(BUNDLED, "policy_lexicon.tsv").unwrap_or_default())
    }

    /// Parses a lexicon in the bundled format: `term<TAB>aliases<TAB>category`, aliases
    /// separated by `|`, `#` comment lines, a `# version: …` header.
    ///
    /// Errors name the file (`source`) and line: a wrong number of columns, a term or alias of
    /// fewer than two characters or with white space, a term or alias given twice.
    pub fn parse(text: &str, source: &str) -> Result<PolicyLexicon> {
        let mut lexicon = PolicyLexicon::default();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = line.trim_end_matches('\r');
            if let Some(comment) = line.strip_prefix('#') {
                if let Some(version) = comment.trim().strip_prefix("version:") {
                    lexicon.version = version.trim().to_string();
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [term, aliases, category] = fields[..] else {
                return Err(Error::parse(
                    source,
                    line_no,
                    format!(
                        "expected 3 tab-separated columns (term, aliases, category), found {}",
                        fields.len()
                    ),
                ));
            };
            let aliases: Vec<String> = aliases
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect();
            let entry = LexiconEntry {
                term: term.trim().to_string(),
                aliases,
                category: category.trim().to_string(),
            };
            lexicon.insert(entry, source, line_no)?;
        }
        Ok(lexicon)
    }

    fn insert(&mut self, entry: LexiconEntry, source: &str, line: usize) -> Result<()> {
        let id = self.entries.len();
        for word in std::iter::once(&entry.term).chain(&entry.aliases) {
            if word.chars().count() < 2 || word.chars().any(char::is_whitespace) {
                return Err(Error::parse(
                    source,
                    line,
                    format!("'{word}': expected a term of at least 2 characters without spaces"),
                ));
            }
            if self.index.insert(word.clone(), id).is_some() {
                return Err(Error::parse(
                    source,
                    line,
                    format!("'{word}' is listed twice: expected each term or alias once"),
                ));
            }
        }
        self.entries.push(entry);
        Ok(())
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when `word` is a term or an alias.
    pub fn contains(&self, word: &str) -> bool {
        self.index.contains_key(word)
    }

    /// The canonical term for a term or alias.
    pub fn canonical(&self, word: &str) -> Option<&str> {
        self.entry(word).map(|e| e.term.as_str())
    }

    /// The entry for a term or alias.
    pub fn entry(&self, word: &str) -> Option<&LexiconEntry> {
        self.index.get(word).and_then(|&i| self.entries.get(i))
    }

    /// Every term and alias, in a stable order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.index.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lexicon_parses() {
        let lexicon = PolicyLexicon::parse(BUNDLED, "policy_lexicon.tsv").unwrap();
        assert!(!lexicon.version.is_empty());
        assert_eq!(lexicon.len(), PolicyLexicon::bundled().len());
    }

    #[test]
    fn aliases_map_to_their_term() {
        let lexicon =
            PolicyLexicon::parse("# version: 1\n智改数转\t智转数改|数智改造\tindustry\n", "t")
                .unwrap();
        assert_eq!(lexicon.version, "1");
        assert_eq!(lexicon.canonical("数智改造"), Some("智改数转"));
        assert_eq!(lexicon.canonical("智改数转"), Some("智改数转"));
        assert_eq!(lexicon.canonical("数字经济"), None);
    }

    #[test]
    fn errors_name_file_line_and_problem() {
        let err = PolicyLexicon::parse("党建引领\tparty_building\n", "my.tsv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "my.tsv:1: expected 3 tab-separated columns (term, aliases, category), found 2"
        );
        let err =
            PolicyLexicon::parse("# c\n党建引领\t\ta\n引领党建\t党建引领\tb\n", "x").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("x:3: '党建引领' is listed twice"));
        let err = PolicyLexicon::parse("党\t\ta\n", "x").unwrap_err();
        assert!(err.to_string().contains("at least 2 characters"));
    }
}
