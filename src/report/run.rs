//! `run.json`: what a report was made from and with, so that it can be made again.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::ReportConfig;
use crate::corpus::{Corpus, Skipped};
use crate::segment::Segmenter;
use crate::themes::ThemeLexicon;
use crate::{Error, Result};

/// The record of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunInfo {
    /// `policylens` and the version that made the report.
    pub tool: String,
    /// Its version.
    pub version: String,
    /// Versions of the libraries whose behaviour shapes the numbers.
    pub libraries: BTreeMap<String, String>,
    /// Version of the bundled policy lexicon.
    pub lexicon_version: String,
    /// Names of the themes used, in lexicon order.
    pub themes: Vec<String>,
    /// What was read.
    pub corpus: CorpusSummary,
    /// The effective settings.
    pub config: ReportConfig,
    /// Seconds per stage, in order (loading is timed by the caller, which may add it).
    pub timings: Vec<StageTiming>,
    /// Caveats from the stages (small groups …).
    pub warnings: Vec<String>,
}

/// The corpus a report was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusSummary {
    /// The path it was loaded from.
    pub root: String,
    /// Documents loaded.
    pub documents: usize,
    /// Characters of cleaned text.
    pub chars: usize,
    /// SHA-256 over every document's file name and cleaned text, in corpus order: equal hashes
    /// mean the stages saw the same input.
    pub sha256: String,
    /// Files and rows that were skipped, with the reason.
    pub skipped: Vec<Skipped>,
}

/// Time spent in one stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageTiming {
    /// The stage (`load`, `segment`, `keywords`, `themes`, …).
    pub stage: String,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl RunInfo {
    pub(super) fn new(
        corpus: &Corpus,
        config: &ReportConfig,
        lexicon: &ThemeLexicon,
        segmenter: &Segmenter,
        timings: Vec<StageTiming>,
    ) -> RunInfo {
        RunInfo {
            tool: "policylens".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            libraries: [
                ("jieba-rs", "0.11"),
                ("linfa", "0.8.1"),
                ("plotters", "0.3.7"),
            ]
            .into_iter()
            .map(|(name, version)| (name.to_string(), version.to_string()))
            .collect(),
            lexicon_version: segmenter.lexicon().version.clone(),
            themes: lexicon.names().iter().map(|s| s.to_string()).collect(),
            corpus: CorpusSummary {
                root: corpus.root.display().to_string(),
                documents: corpus.documents.len(),
                chars: corpus.chars(),
                sha256: corpus_hash(corpus),
                skipped: corpus.skipped.clone(),
            },
            config: config.clone(),
            timings,
            warnings: corpus.warnings.clone(),
        }
    }

    /// The record as pretty-printed JSON with a final newline.
    pub fn to_json(&self) -> Result<String> {
        let mut text = serde_json::to_string_pretty(self)
            .map_err(|e| Error::param("run.json", "the run record", format!("JSON ({e})")))?;
        text.push('\n');
        Ok(text)
    }
}

/// SHA-256 of the corpus as the stages see it, hex.
pub fn corpus_hash(corpus: &Corpus) -> String {
    let mut hasher = Sha256::new();
    for doc in &corpus.documents {
        // Lengths first, so that no two different corpora hash the same bytes.
        hasher.update((doc.file.len() as u64).to_le_bytes());
        hasher.update(doc.file.as_bytes());
        hasher.update((doc.text.len() as u64).to_le_bytes());
        hasher.update(doc.text.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
