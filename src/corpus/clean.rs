//! Cleaning: STUB, to be replaced by the full implementation.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Which cleaning rules run. Every rule is on by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CleanConfig {
    /// Drop newspaper furniture. Default: true.
    pub newspaper_furniture: bool,
    /// Drop web furniture. Default: true.
    pub web_furniture: bool,
    /// Rejoin lines broken by page layout. Default: true.
    pub rejoin_lines: bool,
    /// Remove paragraphs and sentences repeated by layout. Default: true.
    pub remove_repeats: bool,
    /// Fold full-width ASCII to half-width. Default: true.
    pub fold_full_width: bool,
}

impl Default for CleanConfig {
    fn default() -> Self {
        CleanConfig {
            newspaper_furniture: true,
            web_furniture: true,
            rejoin_lines: true,
            remove_repeats: true,
            fold_full_width: true,
        }
    }
}

/// A cleaning rule, as counted in [`CleanStats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CleanRule {
    /// 编辑/美编/校对/组版 lines, page codes, bylines, 本报记者 lines …
    NewspaperFurniture,
    /// 下载 打印 全屏 收藏 【字号 大 中 小】 …
    WebFurniture,
    /// Line breaks inside a sentence, from page layout.
    LayoutBreaks,
    /// Paragraphs and sentences repeated by layout.
    RepeatedText,
    /// Full-width ASCII folded (characters changed, not removed).
    FullWidth,
    /// Blank lines and surrounding white space.
    Whitespace,
}

/// Characters removed (or, for [`CleanRule::FullWidth`], changed) per rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanStats {
    /// Count per rule; rules that did nothing are absent.
    pub chars: BTreeMap<CleanRule, usize>,
}

/// The cleaned text and what cleaning did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// One paragraph per line, lines joined by a single `\n`, no blank lines.
    pub text: String,
    /// Characters removed per rule.
    pub stats: CleanStats,
}

/// Cleans decoded text.
pub fn clean(raw: &str, _config: &CleanConfig) -> Cleaned {
    let text = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Cleaned {
        text,
        stats: CleanStats::default(),
    }
}
