//! The raw text of a document as inference reads it: its lines, which of them are titles, and
//! how much a mention weighs where it occurs.

use std::collections::BTreeSet;

/// The raw text with its lines, and which of them look like titles.
pub(super) struct Text<'a> {
    pub(super) raw: &'a str,
    pub(super) line_starts: Vec<usize>,
    pub(super) titles: BTreeSet<usize>,
}

/// Weight of a mention on a title line.
const TITLE_W: f64 = 4.0;
/// Weight of a mention in the lead, the first [`LEAD_BYTES`] bytes.
const LEAD_W: f64 = 2.0;
/// Bytes of text that make the lead.
const LEAD_BYTES: usize = 900;

impl<'a> Text<'a> {
    pub(super) fn new(raw: &'a str) -> Text<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(raw.match_indices('\n').map(|(i, _)| i + 1));
        let mut t = Text {
            raw,
            line_starts,
            titles: BTreeSet::new(),
        };
        // Titles are the short lines before the first paragraph of running text.
        for i in 0..t.line_starts.len() {
            let line = t.line(i);
            let n = line.chars().count();
            if n > 60 || t.titles.len() >= 12 {
                break;
            }
            if n >= 2 && !line.ends_with('。') {
                t.titles.insert(i);
            }
        }
        t
    }

    pub(super) fn line(&self, i: usize) -> &'a str {
        let start = self.line_starts.get(i).copied().unwrap_or(self.raw.len());
        let end = self
            .line_starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.raw.len());
        self.raw
            .get(start..end)
            .unwrap_or("")
            .trim_matches(|c: char| c.is_whitespace())
    }

    pub(super) fn line_of(&self, byte: usize) -> usize {
        self.line_starts
            .partition_point(|s| *s <= byte)
            .saturating_sub(1)
    }

    pub(super) fn weight_at(&self, byte: usize) -> f64 {
        if self.titles.contains(&self.line_of(byte)) {
            TITLE_W
        } else if byte < LEAD_BYTES {
            LEAD_W
        } else {
            1.0
        }
    }

    /// `line 15: "…"`, quoting at most 40 chars of the line around `byte`.
    pub(super) fn quote(&self, byte: usize) -> String {
        let i = self.line_of(byte);
        let line = self.line(i);
        let chars: Vec<char> = line.chars().collect();
        let text = if chars.len() <= 40 {
            line.to_string()
        } else {
            let start = self.line_starts.get(i).copied().unwrap_or(0);
            let lead = self
                .raw
                .get(start..byte)
                .map(|s| s.trim_start().chars().count())
                .unwrap_or(0);
            let from = lead.saturating_sub(12).min(chars.len().saturating_sub(40));
            let body: String = chars[from..(from + 40).min(chars.len())].iter().collect();
            format!("{}{body}…", if from > 0 { "…" } else { "" })
        };
        let kind = if self.titles.contains(&i) {
            "title line"
        } else {
            "line"
        };
        format!("{kind} {}: \"{text}\"", i + 1)
    }
}
