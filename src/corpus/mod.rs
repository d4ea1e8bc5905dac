//! The corpus: loading, decoding, cleaning, structure and metadata.
//!
//! [`load`] turns a folder, a CSV/JSONL file or a single file into a [`Corpus`] of
//! [`Document`]s. Each document carries its cleaned text, what cleaning removed, its
//! sections/paragraphs/sentences as byte spans into the cleaned text, and its metadata
//! (locality, level, parents, year) with evidence and confidence.
//!
//! ```
//! use policylens::corpus::{Document, LoadOptions};
//!
//! let raw = "通州区金沙街道坚决贯彻新发展理念\n\n2022年，金沙街道坚持党建引领基层治理。";
//! let doc = Document::from_text("jinsha.txt", raw, &LoadOptions::default());
//! assert!(doc.text.contains("党建引领"));
//! assert_eq!(doc.structure.paragraphs.len(), 2);
//! ```

mod clean;
mod encoding;
mod gazetteer;
mod groups;
mod load;
mod metadata;
mod span;
mod structure;
mod units;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use clean::{clean, CleanConfig, CleanRule, CleanStats, Cleaned};
pub use encoding::{decode, read_text, DecodeError, Encoding};
pub use gazetteer::{Gazetteer, Mention, Place, PlaceId};
pub use groups::NO_GROUP;
pub use load::{load, load_with_progress};
pub use metadata::{infer, read_sidecar, Inferred, Level, Metadata, Sidecar, SidecarRow, Source};
pub use span::Span;
pub use structure::{parse, Paragraph, ReportPart, Section, Sentence, Structure};
pub use units::{Unit, UnitSpan};

/// How a corpus is read. Every field's default is documented beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadOptions {
    /// Column holding the text in CSV/JSONL input. Default: `text`.
    pub text_column: String,
    /// Column holding the document id in CSV/JSONL input; without it documents are named
    /// `FILE:LINE`. Default: none.
    pub id_column: Option<String>,
    /// Any skipped file or row is an error instead of a warning. Default: false.
    pub strict: bool,
    /// Read `metadata.csv` beside the texts. Default: true.
    pub use_sidecar: bool,
    /// A metadata file to use instead of `metadata.csv` beside the texts. Default: none.
    pub metadata_file: Option<PathBuf>,
    /// Cleaning rules.
    pub clean: CleanConfig,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            text_column: "text".to_string(),
            id_column: None,
            strict: false,
            use_sidecar: true,
            metadata_file: None,
            clean: CleanConfig::default(),
        }
    }
}

/// One document: cleaned text, structure, metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Path relative to the corpus root (with `/`), or the id of a CSV/JSONL row.
    pub file: String,
    /// The encoding the bytes were decoded from.
    pub encoding: Encoding,
    /// Characters before cleaning.
    pub raw_chars: usize,
    /// The cleaned text: one paragraph per line.
    pub text: String,
    /// Characters removed per cleaning rule.
    pub cleaning: CleanStats,
    /// Sections, paragraphs and sentences as spans into `text`.
    pub structure: Structure,
    /// Locality, level, parents, year, extra columns.
    pub metadata: Metadata,
    /// Problems met with this document that did not stop it from being used.
    pub warnings: Vec<String>,
}

impl Document {
    /// Builds a document from decoded text: cleans it, parses its structure and infers its
    /// metadata with the bundled gazetteer.
    pub fn from_text(file: &str, raw: &str, options: &LoadOptions) -> Document {
        Document::from_decoded(file, raw, Encoding::Utf8, options)
    }

    pub(crate) fn from_decoded(
        file: &str,
        raw: &str,
        encoding: Encoding,
        options: &LoadOptions,
    ) -> Document {
        let cleaned = clean(raw, &options.clean);
        let structure = parse(&cleaned.text);
        let mut metadata = infer(raw, file, Gazetteer::bundled());
        let warnings = std::mem::take(&mut metadata.warnings);
        Document {
            file: file.to_string(),
            encoding,
            raw_chars: raw.chars().count(),
            text: cleaned.text,
            cleaning: cleaned.stats,
            structure,
            metadata,
            warnings,
        }
    }

    /// Overrides inferred metadata with a `metadata.csv` row (or a CSV/JSONL row's other
    /// columns), keeping any warning it raises with the document.
    pub fn apply_sidecar(&mut self, row: &SidecarRow) {
        self.metadata.apply_sidecar(row);
        self.warnings.append(&mut self.metadata.warnings);
    }

    /// Characters of cleaned text.
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }

    /// The text of a paragraph by index; empty if out of range.
    pub fn paragraph_text(&self, index: usize) -> &str {
        self.structure
            .paragraphs
            .get(index)
            .map(|p| p.span.slice(&self.text))
            .unwrap_or("")
    }
}

/// A file or row that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The file (and line, for CSV/JSONL rows) as the user would name it.
    pub file: String,
    /// Why it was skipped.
    pub reason: String,
}

/// A loaded corpus.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Corpus {
    /// Where it was loaded from.
    pub root: PathBuf,
    /// Documents in a stable order (sorted by `file` for folders, input order for CSV/JSONL).
    pub documents: Vec<Document>,
    /// Files and rows that were skipped, each with its reason.
    pub skipped: Vec<Skipped>,
    /// Corpus-level warnings (sidecar rows naming no document …).
    pub warnings: Vec<String>,
}

impl Corpus {
    /// Total characters of cleaned text.
    pub fn chars(&self) -> usize {
        self.documents.iter().map(Document::chars).sum()
    }

    /// Cleaning counts summed over all documents.
    pub fn cleaning_totals(&self) -> CleanStats {
        let mut totals = CleanStats::default();
        for doc in &self.documents {
            for (rule, n) in &doc.cleaning.chars {
                *totals.chars.entry(*rule).or_default() += n;
            }
        }
        totals
    }
}
