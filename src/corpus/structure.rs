//! Structure: STUB, to be replaced by the full implementation.
use serde::{Deserialize, Serialize};

use super::Span;

/// Which part of a 政府工作报告 a passage belongs to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ReportPart {
    /// Not a work report, or before the first part heading.
    #[default]
    Other,
    /// The review of the past year (过去一年 / 工作回顾).
    Review,
    /// The plan for the coming year (今年 / 工作安排 / 主要任务).
    Plan,
}

/// A section: a heading and everything up to the next heading of the same or a higher level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// 1 for 一、, 2 for （一）, 3 for 一是 / 1. …; 1 also for news subheads.
    pub level: u8,
    /// The heading itself.
    pub heading: Span,
    /// From the heading's start to the end of the section's last paragraph.
    pub span: Span,
    /// Index of the enclosing section, if any.
    pub parent: Option<usize>,
    /// Review or plan part of a work report.
    pub part: ReportPart,
}

/// A paragraph: one line of the cleaned text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Byte range in the cleaned text, without the line break.
    pub span: Span,
    /// Innermost section the paragraph belongs to.
    pub section: Option<usize>,
    /// True when the whole paragraph is a heading.
    pub heading: bool,
    /// Review or plan part of a work report.
    pub part: ReportPart,
}

/// A sentence, ending at 。！？; or the end of its paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Byte range in the cleaned text.
    pub span: Span,
    /// Index of the paragraph it lies in.
    pub paragraph: usize,
}

/// A document's sections, paragraphs and sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Structure {
    /// Sections in document order.
    pub sections: Vec<Section>,
    /// Paragraphs in document order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences in document order.
    pub sentences: Vec<Sentence>,
}

/// Parses cleaned text (one paragraph per line) into its structure.
pub fn parse(text: &str) -> Structure {
    let mut paragraphs = Vec::new();
    let mut sentences = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        if !line.is_empty() {
            sentences.push(Sentence {
                span: Span::new(start, end),
                paragraph: paragraphs.len(),
            });
            paragraphs.push(Paragraph {
                span: Span::new(start, end),
                section: None,
                heading: false,
                part: ReportPart::Other,
            });
        }
        start = end + 1;
    }
    Structure {
        sections: Vec::new(),
        paragraphs,
        sentences,
    }
}
