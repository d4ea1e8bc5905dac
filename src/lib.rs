//! policylens: evidence-backed analysis of policy rhetoric in Chinese local-government reports.
//!
//! Load a folder of reports, clean and structure them, infer where and when each is from, and
//! segment them with a curated lexicon of policy formulations:
//!
//! ```
//! use policylens::corpus::{Document, LoadOptions};
//! use policylens::segment::{SegmentConfig, Segmenter};
//!
//! let raw = "通州区金沙街道坚持党建引领\n\n今年以来，金沙街道以党建引领基层治理，持续优化营商环境。";
//! let doc = Document::from_text("jinsha.txt", raw, &LoadOptions::default());
//! let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
//! let terms: Vec<&str> = segmenter.tokens(&doc.text).iter().map(|t| t.term).collect();
//! assert!(terms.contains(&"党建引领") && terms.contains(&"营商环境"));
//! ```
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod chart;
pub mod compare;
pub mod corpus;
mod error;
pub mod keywords;
pub mod kwic;
mod lexicon;
pub mod output;
pub mod report;
pub mod segment;
pub mod terms;
pub mod themes;
pub mod vectorize;

pub use error::{Error, Result};
pub use lexicon::{LexiconEntry, PolicyLexicon};
