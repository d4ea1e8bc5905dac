//! Document structure: paragraphs, sentences, sections and the review/plan parts of a work
//! report, all as byte spans into the cleaned text.
//!
//! [`parse`] expects the output of [`clean`](super::clean) (one paragraph per line) but accepts
//! any text: it never panics, runs in linear time and every span it returns slices the input on
//! `char` boundaries.
//!
//! * **Paragraphs** are the non-empty lines, without the line break and without surrounding white
//!   space.
//! * **Sentences** end at `。！？!?` and at `；;`, and at the end of their paragraph. Semicolons end a
//!   sentence because in these reports they separate complete statements (`地区生产总值增长5.6%；
//!   一般公共预算收入增长8.1%`), which is the unit that theme and evidence extraction wants. Closing
//!   quotes and brackets after the terminator stay with their sentence (`……舒心了。”`); `……` and
//!   `.` do not end a sentence (lists, decimals). ASCII `!?;` between two ASCII letters or digits
//!   (URLs, code) do not end a sentence either.
//! * **Sections** open at headings: `一、` (level 1), `（一）`/`(一)` (level 2), `一是`/`第一，`/`首先，`
//!   opening a paragraph (level 3, the heading being the clause up to the first `，` or `。`),
//!   `1.`/`1、` (level 3), `（1）`/`1）`/`①` (level 4), and short title lines without sentence-final
//!   punctuation such as news subheads or `2023年工作回顾` (level 1). A section runs to the end of
//!   the last paragraph before the next heading of the same or a higher level.
//! * **Parts** of a 政府工作报告: headings such as `一、2023年工作回顾` or `过去一年` start the
//!   [`ReportPart::Review`]; `二、2024年工作安排`, `今年的主要目标任务` … start the
//!   [`ReportPart::Plan`], which runs to the end of the document (later sections such as
//!   `三、全面加强政府自身建设` are about the coming year). A heading naming a year is Review when the
//!   document also has a heading naming the next year, and Plan in the opposite case; the
//!   report's own title (`2024年政府工作报告`) is no part heading. A report missing one of the two
//!   part headings falls back to the standard openers: the plan starts at `今年政府工作的总体要求
//!   是…`, `2024年是…关键一年，做好今年工作…` …, the review at `过去一年，…`, `2023年，…` or right
//!   after the opening `现在，我代表市人民政府向大会报告工作…`. The fallback needs a plan, so a news
//!   piece that merely starts with `一年来，` stays [`ReportPart::Other`], as does everything before
//!   the first part.
//!
//! ```
//! use policylens::corpus::{parse, ReportPart};
//!
//! let text = "一、2023年工作回顾\n过去一年，全市地区生产总值增长5.6%。\n（一）经济运行回升向好。工业增长8%；投资增长6%。\n二、2024年工作安排\n今年是实施“十四五”规划的关键一年。";
//! let s = parse(text);
//! assert_eq!(s.paragraphs.len(), 5);
//! assert_eq!(s.sections.len(), 3);
//! assert_eq!(s.sections[1].parent, Some(0));
//! assert_eq!(s.sections[1].heading.slice(text), "（一）经济运行回升向好");
//! assert_eq!(s.paragraphs[2].part, ReportPart::Review);
//! assert_eq!(s.paragraphs[4].part, ReportPart::Plan);
//! let sentences: Vec<&str> = s.sentences.iter().map(|x| x.span.slice(text)).collect();
//! assert!(sentences.contains(&"工业增长8%；"));
//! ```
use serde::{Deserialize, Serialize};

use super::Span;

mod chars;
mod headings;
mod parts;
mod sentences;

pub(crate) use chars::{
    is_clause_punct, is_closer, is_cn_numeral, is_han, is_opener, is_terminator,
};
use headings::{find_heading, Head};
pub(crate) use headings::{heading_marker, is_bullet, title_like};
pub(crate) use sentences::sentence_ranges;

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

impl Structure {
    /// True when the document has both a review and a plan part, i.e. it reads as a 政府工作报告
    /// whose two halves were found.
    ///
    /// ```
    /// use policylens::corpus::parse;
    ///
    /// let s = parse("2023年工作回顾\n全市经济回升向好。\n2024年工作安排\n今年要稳中求进。");
    /// assert!(s.has_review_and_plan());
    /// assert!(!parse("金沙街道坚持党建引领基层治理。").has_review_and_plan());
    /// ```
    pub fn has_review_and_plan(&self) -> bool {
        let has = |part| self.paragraphs.iter().any(|p| p.part == part);
        has(ReportPart::Review) && has(ReportPart::Plan)
    }
}

/// Parses cleaned text (one paragraph per line) into its structure.
///
/// ```
/// use policylens::corpus::parse;
///
/// let text = "以红色党建凝聚高质量发展关键力量\n近年来，金沙街道坚持以党建引领基层治理。一是强化组织建设，成效明显！\n“以前停车难，现在舒心了。”居民说。";
/// let s = parse(text);
/// assert_eq!(s.sections[0].level, 1);
/// assert!(s.paragraphs[0].heading);
/// assert_eq!(s.paragraphs[2].section, Some(0));
/// let last: Vec<&str> = s.sentences.iter().filter(|x| x.paragraph == 2).map(|x| x.span.slice(text)).collect();
/// assert_eq!(last, ["“以前停车难，现在舒心了。”", "居民说。"]);
/// ```
pub fn parse(text: &str) -> Structure {
    // Paragraphs: trimmed non-empty lines.
    let mut spans = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            spans.push(Span::new(pos + lead, pos + lead + trimmed.len()));
        }
        pos += line.len() + 1;
    }

    let mut sentences = Vec::new();
    for (i, span) in spans.iter().enumerate() {
        for (s, e) in sentence_ranges(span.slice(text)) {
            sentences.push(Sentence {
                span: Span::new(span.start + s, span.start + e),
                paragraph: i,
            });
        }
    }

    let heads: Vec<Option<Head>> = spans
        .iter()
        .enumerate()
        .map(|(i, span)| {
            let next = spans.get(i + 1).map(|s| s.slice(text));
            find_heading(span.slice(text), next)
        })
        .collect();

    let parts = parts::report_parts(text, &spans, &heads);

    // Sections with a stack of open ones.
    let mut sections: Vec<Section> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut paragraphs = Vec::with_capacity(spans.len());
    let mut last_end = 0;
    for (i, span) in spans.iter().enumerate() {
        let mut is_heading = false;
        if let Some(h) = &heads[i] {
            while let Some(&top) = stack.last() {
                if sections[top].level >= h.level {
                    sections[top].span.end = last_end;
                    stack.pop();
                } else {
                    break;
                }
            }
            sections.push(Section {
                level: h.level,
                heading: Span::new(span.start + h.start, span.start + h.end),
                span: Span::new(span.start, span.end),
                parent: stack.last().copied(),
                part: parts[i],
            });
            stack.push(sections.len() - 1);
            is_heading = h.whole;
        }
        paragraphs.push(Paragraph {
            span: *span,
            section: stack.last().copied(),
            heading: is_heading,
            part: parts[i],
        });
        last_end = span.end;
    }
    for idx in stack {
        sections[idx].span.end = last_end;
    }

    Structure {
        sections,
        paragraphs,
        sentences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn check_spans(text: &str, s: &Structure) {
        for p in &s.paragraphs {
            assert!(text.get(p.span.start..p.span.end).is_some());
            assert!(!p.span.is_empty());
        }
        for x in &s.sentences {
            let p = &s.paragraphs[x.paragraph];
            assert!(p.span.contains(x.span), "sentence outside paragraph");
            let t = text.get(x.span.start..x.span.end).expect("char boundary");
            assert!(!t.trim().is_empty());
            assert_eq!(t, t.trim());
        }
        for sec in &s.sections {
            assert!(sec.span.contains(sec.heading));
            assert!(text.get(sec.span.start..sec.span.end).is_some());
            assert!(text.get(sec.heading.start..sec.heading.end).is_some());
            if let Some(p) = sec.parent {
                assert!(sections_contain(&s.sections[p], sec));
                assert!(s.sections[p].level < sec.level);
            }
        }
    }

    fn sections_contain(outer: &Section, inner: &Section) -> bool {
        outer.span.contains(inner.span)
    }

    #[test]
    fn section_nesting_and_spans() {
        let text = "一、2023年工作回顾\n过去一年成绩显著。\n（一）经济运行回升向好。全年增长5%。\n一是工业增长，规上工业增长8%。\n二是投资增长。\n（二）改革开放持续深化\n开放水平提升。\n二、2024年工作安排\n今年要稳中求进。";
        let s = parse(text);
        check_spans(text, &s);
        let levels: Vec<u8> = s.sections.iter().map(|x| x.level).collect();
        assert_eq!(levels, [1, 2, 3, 3, 2, 1]);
        let parents: Vec<Option<usize>> = s.sections.iter().map(|x| x.parent).collect();
        assert_eq!(parents, [None, Some(0), Some(1), Some(1), Some(0), None]);
        assert_eq!(s.sections[2].heading.slice(text), "一是工业增长");
        assert_eq!(s.sections[1].heading.slice(text), "（一）经济运行回升向好");
        // （一） ends before （二）.
        assert_eq!(
            s.sections[1].span.slice(text),
            "（一）经济运行回升向好。全年增长5%。\n一是工业增长，规上工业增长8%。\n二是投资增长。"
        );
        // The level-1 section runs to the paragraph before 二、.
        assert!(s.sections[0].span.slice(text).ends_with("开放水平提升。"));
        assert_eq!(
            s.sections[5].span.slice(text),
            "二、2024年工作安排\n今年要稳中求进。"
        );
        assert!(s.paragraphs[0].heading);
        assert!(!s.paragraphs[2].heading);
        assert!(s.paragraphs[5].heading);
        assert_eq!(s.paragraphs[3].section, Some(2));
        assert_eq!(s.paragraphs[6].section, Some(4));
    }

    #[test]
    fn robustness() {
        for text in [
            "",
            "\n\n\n",
            "   \t  ",
            "。",
            "！？；",
            "”",
            "（",
            "一、",
            "1.",
            "\u{0}\u{1}\u{7f}",
            "Hello, world! Привет. مرحبا؟ 你好。😀👍🏽",
            "a\r\nb\r\n",
        ] {
            let s = parse(text);
            check_spans(text, &s);
        }
    }

    #[test]
    fn huge_line_is_linear() {
        let text = "很长的没有标点的一行".repeat(500_000);
        let t = std::time::Instant::now();
        let s = parse(&text);
        assert_eq!(s.paragraphs.len(), 1);
        assert_eq!(s.sentences.len(), 1);
        assert!(s.sections.is_empty());
        assert!(t.elapsed().as_secs() < 5);
    }
}
