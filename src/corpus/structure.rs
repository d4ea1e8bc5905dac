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

// ---------------------------------------------------------------------------------------------
// Character classes shared with cleaning.
// ---------------------------------------------------------------------------------------------

/// CJK ideographs (the basic block, extension A, compatibility ideographs and the supplementary
/// planes), i.e. the characters that make a line Chinese text.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Punctuation that unambiguously ends a sentence, full- or half-width. ASCII `!?;` are handled
/// separately by [`ends_sentence_at`] because they also occur inside URLs and code.
fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '｡')
}

/// Any sentence-final mark, without looking at its neighbours.
pub(crate) fn is_terminator(c: char) -> bool {
    is_cjk_terminator(c) || matches!(c, '!' | '?' | ';')
}

/// Closing quotes and brackets, which belong to the sentence they close.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '”' | '’'
            | '」'
            | '』'
            | '）'
            | ')'
            | '】'
            | '》'
            | '〉'
            | '］'
            | ']'
            | '〕'
            | '"'
            | '\''
            | '＂'
            | '＇'
    )
}

/// Opening quotes and brackets.
pub(crate) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '“' | '‘' | '「' | '『' | '（' | '(' | '【' | '《' | '〈' | '［' | '[' | '〔'
    )
}

/// Clause-internal punctuation (after full-width folding or not).
pub(crate) fn is_clause_punct(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | '：' | ':' | '；' | ';')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

const CN_NUMERALS: &str = "一二三四五六七八九十";

pub(crate) fn is_cn_numeral(c: char) -> bool {
    CN_NUMERALS.contains(c)
}

/// Whether `c` at this position ends a sentence: CJK terminators always do; ASCII `!?;` only
/// when followed by white space, the end, or a non-ASCII character (`要稳住经济?要`), so that URLs
/// and code (`/?id=1;x=2`) stay whole.
fn ends_sentence_at(c: char, next: Option<char>) -> bool {
    if is_cjk_terminator(c) {
        return true;
    }
    if matches!(c, '!' | '?' | ';') {
        return match next {
            None => true,
            Some(n) => n.is_whitespace() || !n.is_ascii() || is_closer(n) || is_terminator(n),
        };
    }
    false
}

/// Byte ranges `[start, end)` of the sentences of `para`, relative to `para`, trimmed of white
/// space and never empty. Linear in the length of `para`.
pub(crate) fn sentence_ranges(para: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = para.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        if ends_sentence_at(c, next) {
            let mut end = i + c.len_utf8();
            // Runs such as `？！` and the closing quotes after them stay with this sentence.
            while let Some(&(j, d)) = iter.peek() {
                if is_terminator(d) || is_closer(d) {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            push_trimmed(para, start, end, &mut out);
            start = end;
        }
    }
    push_trimmed(para, start, para.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let Some(piece) = text.get(start..end) else {
        return;
    };
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push((start + lead, start + lead + trimmed.len()));
    }
}

// ---------------------------------------------------------------------------------------------
// Headings.
// ---------------------------------------------------------------------------------------------

/// A numbered heading marker at the start of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marker {
    /// Section level.
    pub level: u8,
    /// Bytes taken by the marker itself (`一、`, `（一）`, `一是` …).
    pub len: usize,
    /// The heading is the clause up to the first `，`/`。` (一是, 第一，, 首先，).
    pub clause: bool,
}

/// Recognises the numbered heading markers that open a paragraph: `一、` `（一）` `一是` `第一，`
/// `首先，` `1.` `1、` `（1）` `1）` `①`. Enumerations such as `一、二、三产业` or decimals such as
/// `1.5亿元` are not headings. Looks at a few characters only.
pub(crate) fn heading_marker(line: &str) -> Option<Marker> {
    // The first eight characters, without allocating: this runs on every line.
    let mut buf = [(0usize, '\0'); 8];
    let mut len = 0;
    for (k, ic) in line.char_indices().take(8).enumerate() {
        buf[k] = ic;
        len = k + 1;
    }
    let chars = &buf[..len];
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let end_of = |k: usize| {
        chars
            .get(k)
            .map(|&(i, c)| i + c.len_utf8())
            .unwrap_or(line.len())
    };
    let first = at(0)?;
    // A list (一、二、三产业 / 1、2号线) is not a heading: the marker would be followed by another
    // numeral and separator.
    let enumeration_follows = |k: usize, arabic: bool| {
        let Some(c) = at(k) else { return false };
        if arabic {
            return is_digit(c);
        }
        if is_cn_numeral(c) {
            let mut j = k;
            while at(j).is_some_and(is_cn_numeral) {
                j += 1;
            }
            return matches!(at(j), Some('、' | '，' | ','));
        }
        false
    };
    let cn_run = |from: usize| {
        let mut j = from;
        while j - from < 3 && at(j).is_some_and(is_cn_numeral) {
            j += 1;
        }
        j - from
    };
    let digit_run = |from: usize| {
        let mut j = from;
        while j - from < 2 && at(j).is_some_and(is_digit) {
            j += 1;
        }
        j - from
    };

    // （一） (一) （1） (1)
    if matches!(first, '（' | '(') {
        let n = cn_run(1);
        if n > 0 && matches!(at(1 + n), Some('）' | ')')) {
            return Some(Marker {
                level: 2,
                len: end_of(1 + n),
                clause: false,
            });
        }
        let d = digit_run(1);
        if d > 0 && matches!(at(1 + d), Some('）' | ')')) {
            return Some(Marker {
                level: 4,
                len: end_of(1 + d),
                clause: false,
            });
        }
        return None;
    }
    // 一、 一． 一是
    let n = cn_run(0);
    if n > 0 {
        return match at(n) {
            Some('、' | '．') if !enumeration_follows(n + 1, false) => Some(Marker {
                level: 1,
                len: end_of(n),
                clause: false,
            }),
            Some('是') if at(n + 1).is_some_and(|c| c != '否') => Some(Marker {
                level: 3,
                len: end_of(n),
                clause: true,
            }),
            _ => None,
        };
    }
    // 第一， 第一部分
    if first == '第' {
        let n = cn_run(1);
        if n == 0 {
            return None;
        }
        return match at(1 + n) {
            Some('，' | ',' | '、' | '：' | ':') => Some(Marker {
                level: 3,
                len: end_of(1 + n),
                clause: true,
            }),
            Some('部') if at(2 + n) == Some('分') => Some(Marker {
                level: 1,
                len: end_of(2 + n),
                clause: false,
            }),
            Some('章') => Some(Marker {
                level: 1,
                len: end_of(1 + n),
                clause: false,
            }),
            _ => None,
        };
    }
    // 首先， 其次， 再次， 最后，
    for word in ["首先", "其次", "再次", "最后"] {
        if let Some(rest) = line.strip_prefix(word) {
            if rest.starts_with(['，', ',']) {
                return Some(Marker {
                    level: 3,
                    len: word.len() + rest.chars().next().map_or(0, char::len_utf8),
                    clause: true,
                });
            }
        }
    }
    // 1. 1、 1） 1)
    let d = digit_run(0);
    if d > 0 {
        return match at(d) {
            Some('.' | '．' | '、')
                if at(d + 1).is_some_and(|c| !c.is_whitespace())
                    && !enumeration_follows(d + 1, true) =>
            {
                Some(Marker {
                    level: 3,
                    len: end_of(d),
                    clause: false,
                })
            }
            Some('）' | ')') if at(d + 1).is_some() => Some(Marker {
                level: 4,
                len: end_of(d),
                clause: false,
            }),
            _ => None,
        };
    }
    // ① … ⑳
    if ('\u{2460}'..='\u{2473}').contains(&first) {
        return Some(Marker {
            level: 4,
            len: first.len_utf8(),
            clause: false,
        });
    }
    None
}

/// Bullets that open a list item (`- `, `• `, `——经济运行稳中向好。`): never glued to the line
/// before.
pub(crate) fn is_bullet(line: &str) -> bool {
    let mut it = line.chars();
    match (it.next(), it.next()) {
        (Some('-' | '－' | '*'), Some(c)) => c.is_whitespace(),
        (Some('—'), Some('—')) => true,
        (Some('•' | '●' | '▪' | '■' | '◆' | '▲' | '★' | '☆' | '◇' | '□' | '○'), Some(_)) => {
            true
        }
        _ => false,
    }
}

/// Characters that cannot end a heading: a title never stops on a preposition, conjunction or
/// structural particle, while a line broken by page layout often does.
fn is_connective(c: char) -> bool {
    "的和与及把将被对向从在为以让使或并而且之其跟同给由于等、，,：:“‘《（(".contains(c)
}

/// Whether quotes and brackets of `s` are balanced; an unbalanced line is a fragment.
fn balanced(s: &str) -> bool {
    let mut depth = [0i32; 4];
    for c in s.chars() {
        let (k, d) = match c {
            '“' => (0, 1),
            '”' => (0, -1),
            '（' | '(' => (1, 1),
            '）' | ')' => (1, -1),
            '《' => (2, 1),
            '》' => (2, -1),
            '【' | '「' => (3, 1),
            '】' | '」' => (3, -1),
            _ => continue,
        };
        depth[k] += d;
        if depth[k] < 0 {
            return false;
        }
    }
    depth.iter().all(|&d| d == 0)
}

/// A title or subhead line: short (≤ 32 characters, ≤ 50 with a `——` kicker), no sentence-final
/// punctuation, balanced quotes and brackets, at most one comma with at least four characters on
/// each side (`加快经济腾飞步伐，谱写民生幸福答卷`), no colon, not ending on a connective, and with
/// at least two ideographs. Looks at the first 64 characters only, so it is cheap on huge lines.
pub(crate) fn title_like(line: &str) -> bool {
    let mut n = 0usize;
    let mut han = 0usize;
    let mut commas = 0usize;
    let mut seg = 0usize;
    let mut min_seg = usize::MAX;
    let mut last = None;
    for c in line.chars() {
        n += 1;
        if n > 50 {
            return false;
        }
        if is_terminator(c) || matches!(c, '…' | '：' | ':') {
            return false;
        }
        if is_han(c) {
            han += 1;
        }
        if matches!(c, '，' | ',') {
            commas += 1;
            min_seg = min_seg.min(seg);
            seg = 0;
        } else {
            seg += 1;
        }
        last = Some(c);
    }
    let Some(last) = last else { return false };
    if han < 2 || commas > 1 || line.starts_with(['—', '-']) {
        return false;
    }
    if commas == 1 && min_seg.min(seg) < 4 {
        return false;
    }
    // A kicker ending with `——` announces the title below; otherwise the last character must be
    // able to end a phrase.
    if last != '—' && is_connective(last) {
        return false;
    }
    if n > 32 && !line.contains("——") {
        return false;
    }
    balanced(line)
}

/// The span of a paragraph's heading relative to the paragraph, its level and whether the
/// heading is the whole paragraph.
struct Head {
    level: u8,
    start: usize,
    end: usize,
    whole: bool,
    /// A numbered heading, as opposed to a title line.
    numbered: bool,
}

fn find_heading(para: &str, next: Option<&str>) -> Option<Head> {
    if let Some(m) = heading_marker(para) {
        let rest = para.get(m.len..).unwrap_or("");
        // The heading runs to the first clause mark (一是…，) or sentence end (（一）…。).
        let stop = rest
            .char_indices()
            .find(|&(_, c)| is_terminator(c) || (m.clause && matches!(c, '，' | ',' | '：' | ':')))
            .map(|(i, _)| m.len + i);
        let end = stop.unwrap_or(para.len());
        let tail = para.get(end..).unwrap_or("");
        // Heading-only: nothing but the terminator (and closers) after the heading.
        let whole = tail.chars().all(|c| is_terminator(c) || is_closer(c));
        let end = para.get(..end).unwrap_or(para).trim_end().len();
        return Some(Head {
            level: m.level,
            start: 0,
            end,
            whole,
            numbered: true,
        });
    }
    // A title line must be followed by something: a short line at the very end is a caption or
    // a signature, not a section.
    if next.is_some() && title_like(para) {
        return Some(Head {
            level: 1,
            start: 0,
            end: para.len(),
            whole: true,
            numbered: false,
        });
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Review / plan parts.
// ---------------------------------------------------------------------------------------------

/// The first year (`2023年`) named in `s`.
fn year_in(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && s.get(i + 4..).is_some_and(|r| r.starts_with('年'))
        {
            let y = s.get(i..i + 4).and_then(|d| d.parse::<u32>().ok())?;
            if (1949..=2100).contains(&y) {
                return Some(y);
            }
        }
        i += 1;
    }
    None
}

const REVIEW_WORDS: [&str; 7] = [
    "回顾",
    "过去一年",
    "过去的一年",
    "一年来",
    "过去五年",
    "工作总结",
    "主要成绩",
];
const PLAN_WORDS: [&str; 10] = [
    "安排", "任务", "目标", "建议", "计划", "思路", "要求", "重点", "打算", "展望",
];
const NEXT_YEAR_WORDS: [&str; 4] = ["今年", "明年", "新的一年", "下一步"];

/// Classifies a level-1 heading (without its number) as the start of the review or the plan.
/// `review_year` is the year Y when the document has headings naming both Y and Y+1.
fn part_of_heading(heading: &str, review_year: Option<u32>) -> Option<ReportPart> {
    // The report's own title (`2024年政府工作报告`) names the plan year but starts no part.
    if heading.chars().count() > 30 || heading.contains("报告") {
        return None;
    }
    if REVIEW_WORDS.iter().any(|w| heading.contains(w)) {
        return Some(ReportPart::Review);
    }
    if let Some(y) = year_in(heading) {
        match review_year {
            Some(r) if y == r => return Some(ReportPart::Review),
            Some(r) if y == r + 1 => return Some(ReportPart::Plan),
            Some(_) => return None,
            None => {}
        }
        if PLAN_WORDS.iter().any(|w| heading.contains(w)) {
            return Some(ReportPart::Plan);
        }
        if heading.contains("工作") || heading.contains("成效") {
            return Some(ReportPart::Review);
        }
        return None;
    }
    if NEXT_YEAR_WORDS.iter().any(|w| heading.contains(w))
        && (heading.contains("工作") || PLAN_WORDS.iter().any(|w| heading.contains(w)))
    {
        return Some(ReportPart::Plan);
    }
    // Short generic headings: 工作安排, 主要任务, 重点工作, 目标任务 …
    if heading.chars().count() <= 14
        && [
            "工作安排",
            "安排建议",
            "主要任务",
            "重点任务",
            "目标任务",
            "重点工作",
            "工作建议",
            "工作重点",
            "主要目标",
            "工作打算",
        ]
        .iter()
        .any(|w| heading.ends_with(w))
    {
        return Some(ReportPart::Plan);
    }
    None
}

/// Standard openers of the plan in reports that have no part headings.
fn plan_opener(para: &str) -> bool {
    let p = para
        .trim_start_matches("各位代表")
        .trim_start_matches(['，', ',', '！', '!', '：', ':']);
    let after_year = if let Some(r) = p.strip_prefix("今年") {
        r
    } else if p.get(..7).and_then(year_in).is_some() {
        p.get(7..).unwrap_or("")
    } else if let Some(r) = p.strip_prefix("做好今年") {
        return r.starts_with("工作") || r.starts_with("政府工作");
    } else {
        return false;
    };
    // `2024年是…关键一年，做好今年工作至关重要。`
    if after_year.starts_with('是') {
        let head: String = after_year.chars().take(80).collect();
        return [
            "做好今年工作",
            "做好今年政府工作",
            "政府工作的总体要求",
            "工作的总体要求",
        ]
        .iter()
        .any(|w| head.contains(w));
    }
    let after_year = after_year
        .trim_start_matches("全市")
        .trim_start_matches("的");
    [
        "政府工作的总体要求",
        "工作的总体要求",
        "经济社会发展的主要预期目标",
        "经济社会发展主要预期目标",
        "经济社会发展的总体要求",
        "主要预期目标",
        "主要目标任务",
        "总体要求",
    ]
    .iter()
    .any(|w| after_year.starts_with(w))
}

/// The opening paragraph of a report (`现在，我代表市人民政府向大会报告工作`): the review follows it.
fn report_intro(para: &str) -> bool {
    let head: String = para.chars().take(60).collect();
    head.contains("我代表") && head.contains("报告")
}

/// Standard openers of the review in reports that have no part headings.
fn review_opener(para: &str) -> bool {
    let p = para
        .trim_start_matches("各位代表")
        .trim_start_matches(['，', ',', '！', '!', '：', ':']);
    ["过去一年", "过去的一年", "一年来", "刚刚过去的", "回顾过去"]
        .iter()
        .any(|w| p.starts_with(w))
        || (p.get(..7).and_then(year_in).is_some()
            && p.get(7..).is_some_and(|r| r.starts_with(['，', ',', '是'])))
}

// ---------------------------------------------------------------------------------------------
// parse
// ---------------------------------------------------------------------------------------------

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

    // Headings naming both a year and the next one mark review and plan.
    let heading_text = |i: usize, h: &Head| -> &str {
        let para = spans[i].slice(text);
        let mut s = para.get(h.start..h.end).unwrap_or("");
        if h.numbered {
            if let Some(m) = heading_marker(s) {
                s = s.get(m.len..).unwrap_or("");
            }
        }
        s
    };
    let mut years = std::collections::BTreeSet::new();
    for (i, h) in heads.iter().enumerate() {
        if let Some(h) = h.as_ref().filter(|h| h.level == 1) {
            let t = heading_text(i, h);
            if t.chars().count() <= 30 && !t.contains("报告") {
                if let Some(y) = year_in(t) {
                    years.insert(y);
                }
            }
        }
    }
    let review_year = years.iter().copied().find(|y| years.contains(&(y + 1)));

    // Part of each paragraph: a state machine Other → Review → Plan driven by level-1 headings.
    let mut parts = vec![ReportPart::Other; spans.len()];
    let mut state = ReportPart::Other;
    for (i, h) in heads.iter().enumerate() {
        if let Some(h) = h.as_ref().filter(|h| h.level == 1) {
            match part_of_heading(heading_text(i, h), review_year) {
                Some(ReportPart::Review) if state == ReportPart::Other => {
                    state = ReportPart::Review
                }
                Some(ReportPart::Plan) => state = ReportPart::Plan,
                _ => {}
            }
        }
        parts[i] = state;
    }
    // Reports that lack one of the part headings fall back to the standard openers; a document
    // without a plan (no heading, no opener) keeps whatever the headings gave it, so that news
    // pieces starting with 一年来 stay Other.
    let review_from = |upto: usize| -> Option<usize> {
        spans[..upto].iter().enumerate().find_map(|(k, s)| {
            let t = s.slice(text);
            if review_opener(t) {
                Some(k)
            } else if report_intro(t) && k + 1 < upto {
                Some(k + 1)
            } else {
                None
            }
        })
    };
    let heading_review = parts.iter().position(|&x| x == ReportPart::Review);
    let heading_plan = parts.iter().position(|&x| x == ReportPart::Plan);
    let (review_at, plan_at) = match (heading_review, heading_plan) {
        (Some(_), Some(_)) => (None, None),
        (None, Some(p)) => (review_from(p), None),
        (r, None) => {
            let from = r.unwrap_or(0);
            match spans[from..]
                .iter()
                .position(|s| plan_opener(s.slice(text)))
                .map(|k| k + from)
            {
                Some(p) => (r.or_else(|| review_from(p)), Some(p)),
                None => (None, None),
            }
        }
    };
    if let Some(p) = plan_at {
        if review_at.is_some() || heading_review.is_some() {
            for part in &mut parts[p..] {
                *part = ReportPart::Plan;
            }
        }
    }
    if let Some(r) = review_at {
        let end = plan_at
            .or(heading_plan)
            .unwrap_or(parts.len())
            .min(parts.len());
        for part in parts.iter_mut().take(end).skip(r) {
            *part = ReportPart::Review;
        }
    }

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

    fn sentence_texts(text: &str) -> Vec<&str> {
        parse(text)
            .sentences
            .iter()
            .map(|s| s.span.slice(text))
            .collect()
    }

    fn check_spans(text: &str, s: &Structure) {
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
    fn sentences_mixed_width_punctuation() {
        let text = "会议强调，要抓好疫情防控！要稳住经济?要保障安全；同时抓好生产;“我们住着更舒心了。”景怡花苑是老旧小区。PM2.5浓度下降";
        assert_eq!(
            sentence_texts(text),
            [
                "会议强调，要抓好疫情防控！",
                "要稳住经济?",
                "要保障安全；",
                "同时抓好生产;",
                "“我们住着更舒心了。”",
                "景怡花苑是老旧小区。",
                "PM2.5浓度下降"
            ]
        );
        let s = parse(text);
        check_spans(text, &s);
    }

    #[test]
    fn sentences_keep_runs_and_urls() {
        assert_eq!(
            sentence_texts("真的吗？！是的。。见 http://a.cn/?id=1;x=2 网址"),
            ["真的吗？！", "是的。。", "见 http://a.cn/?id=1;x=2 网址"]
        );
        assert_eq!(
            sentence_texts("（详见附件。）下一步……继续推进"),
            ["（详见附件。）", "下一步……继续推进"]
        );
    }

    #[test]
    fn sentence_spans_exact_with_spaces() {
        let text = "  第一句。 第二句！  \n\n 第三句 ";
        let s = parse(text);
        assert_eq!(s.paragraphs.len(), 2);
        let t: Vec<&str> = s.sentences.iter().map(|x| x.span.slice(text)).collect();
        assert_eq!(t, ["第一句。", "第二句！", "第三句"]);
        check_spans(text, &s);
    }

    #[test]
    fn heading_markers() {
        let lvl = |s: &str| heading_marker(s).map(|m| m.level);
        assert_eq!(lvl("一、2023年工作回顾"), Some(1));
        assert_eq!(lvl("十一、加强政府自身建设"), Some(1));
        assert_eq!(lvl("（一）经济运行回升向好"), Some(2));
        assert_eq!(lvl("(十)切实增进民生福祉"), Some(2));
        assert_eq!(lvl("一是致力产业培育,以争先之志"), Some(3));
        assert_eq!(lvl("第一，坚持稳中求进"), Some(3));
        assert_eq!(lvl("首先，要提高认识"), Some(3));
        assert_eq!(lvl("1.着力扩大有效需求"), Some(3));
        assert_eq!(lvl("10、发放消费券"), Some(3));
        assert_eq!(lvl("（1）改善办学条件"), Some(4));
        assert_eq!(lvl("①崇川经济开发区"), Some(4));
        assert_eq!(lvl("一、二、三产业分别增长4.6%"), None);
        assert_eq!(lvl("1.5亿元用于"), None);
        assert_eq!(lvl("1、2号线开通"), None);
        assert_eq!(lvl("第一批项目开工"), None);
        assert_eq!(lvl("2023年工作回顾"), None);
        assert_eq!(lvl("一是否可行"), None);
        assert_eq!(lvl("一"), None);
        assert_eq!(lvl(""), None);
    }

    #[test]
    fn titles() {
        for t in [
            "奋进新征程 建功新时代",
            "加快经济腾飞步伐，谱写民生幸福答卷",
            "以红色党建凝聚高质量发展关键力量",
            "通州区金沙街道坚决贯彻新发展理念——",
            "基层吹哨,在职党员齐报到",
            "2023年工作回顾",
            "10处邻里公园年底完工",
        ] {
            assert!(title_like(t), "{t}");
        }
        for t in [
            "金沙街道注重产城融合，加快一体化发展，砥砺奋进，加快打造全新的城市产业片区——太山产业片",
            "“工程进展如何?推进中遇到什么",
            "他指出，要加快推进重点",
            "图①:崇川经济开发区“观音绿廊”绿化工程",
            "各位代表：",
            "围绕建设“首善之地 幸福金沙”目标追求，构建形成“一核多元”治理格局的",
            "A",
            "",
        ] {
            assert!(!title_like(t), "{t}");
        }
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
    fn review_and_plan_split() {
        let text = "各位代表：\n现在，我代表市人民政府向大会报告工作。\n一、2023年工作回顾\n全市经济回升向好。\n二、2024年工作安排\n今年要稳中求进。\n三、全面加强政府自身建设\n坚持依法行政。";
        let s = parse(text);
        let parts: Vec<ReportPart> = s.paragraphs.iter().map(|p| p.part).collect();
        use ReportPart::*;
        assert_eq!(
            parts,
            [Other, Other, Review, Review, Plan, Plan, Plan, Plan]
        );
        assert_eq!(s.sections[2].part, Plan);
        assert!(s.has_review_and_plan());
    }

    #[test]
    fn parts_by_year_and_keywords() {
        use ReportPart::*;
        // Years decide even when the words say 任务.
        let text = "奋力完成2023年高质量发展的各项任务\n产业立市成效明显。\n全力实现2024年高质量发展的奋斗目标\n着力推进产业立市。";
        let p: Vec<ReportPart> = parse(text).paragraphs.iter().map(|p| p.part).collect();
        assert_eq!(p, [Review, Review, Plan, Plan]);
        let text = "过去一年\n成绩来之不易。\n今年的主要目标任务\n地区生产总值增长6%左右。";
        let p: Vec<ReportPart> = parse(text).paragraphs.iter().map(|p| p.part).collect();
        assert_eq!(p, [Review, Review, Plan, Plan]);
        // Openers when there are no headings.
        let text = "各位代表：\n过去一年，工业振兴塑造新优势。\n今年政府工作的总体要求是：稳中求进。\n抓好产业。";
        let p: Vec<ReportPart> = parse(text).paragraphs.iter().map(|p| p.part).collect();
        assert_eq!(p, [Other, Review, Plan, Plan]);
    }

    #[test]
    fn news_piece_is_other() {
        let text = "以红色党建凝聚高质量发展关键力量\n一年来，金沙街道坚持党建引领。\n今年，金沙街道预计投资160余万元。";
        let s = parse(text);
        assert!(s.paragraphs.iter().all(|p| p.part == ReportPart::Other));
        assert!(!s.has_review_and_plan());
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
