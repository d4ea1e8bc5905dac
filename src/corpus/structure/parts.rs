//! The review and plan parts of a 政府工作报告.

use super::headings::{heading_marker, Head};
use super::ReportPart;
use crate::corpus::Span;

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

/// The report's own title (`2024年政府工作报告`): it names the plan year but starts no part.
fn report_title(heading: &str) -> bool {
    heading.chars().count() > 30 || heading.contains("报告")
}

/// Classifies a level-1 heading (without its number) as the start of the review or the plan.
/// `review_year` is the year Y when the document has headings naming both Y and Y+1.
fn part_of_heading(heading: &str, review_year: Option<u32>) -> Option<ReportPart> {
    if report_title(heading) {
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

/// A paragraph without the salutation it may open with (`各位代表，`).
fn after_salutation(para: &str) -> &str {
    para.trim_start_matches("各位代表")
        .trim_start_matches(['，', ',', '！', '!', '：', ':'])
}

/// Standard openers of the plan in reports that have no part headings.
fn plan_opener(para: &str) -> bool {
    let p = after_salutation(para);
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
    let p = after_salutation(para);
    ["过去一年", "过去的一年", "一年来", "刚刚过去的", "回顾过去"]
        .iter()
        .any(|w| p.starts_with(w))
        || (p.get(..7).and_then(year_in).is_some()
            && p.get(7..).is_some_and(|r| r.starts_with(['，', ',', '是'])))
}

/// The part of each paragraph (one per span): a state machine Other → Review → Plan driven by
/// level-1 headings, with the standard openers as a fallback. `heads` holds the heading of each
/// paragraph, if any.
pub(super) fn report_parts(text: &str, spans: &[Span], heads: &[Option<Head>]) -> Vec<ReportPart> {
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
            if !report_title(t) {
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
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::parse;

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
}
