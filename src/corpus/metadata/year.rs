//! The year a document describes, and the year a 政府工作报告 was delivered.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use super::text::Text;
use super::{Inferred, Metadata, Source};

const YEAR: &str = r"([0-9０-９]{4}|[〇零○一二三四五六七八九]{4})\s*年";

/// A year written with ASCII, full-width or Chinese digits (2023, ２０２３, 二〇二三).
pub(super) fn parse_year(s: &str) -> Option<i32> {
    let digits: String = s
        .trim()
        .chars()
        .take_while(|c| !matches!(c, '年' | '-' | '/' | '.'))
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '〇' | '零' | '○' => Some('0'),
            _ => "一二三四五六七八九"
                .chars()
                .position(|d| d == c)
                .and_then(|i| char::from_digit(i as u32 + 1, 10)),
        })
        .collect();
    digits
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2100).contains(y) && digits.len() == 4)
}

/// A month or day number in ASCII or full-width digits.
fn small_number(s: &str) -> Option<u32> {
    s.chars().try_fold(0u32, |acc, c| {
        let d = c
            .to_digit(10)
            .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))?;
        acc.checked_mul(10)?.checked_add(d)
    })
}

/// Campaigns and events that date a text that never states its year: (phrase, first year,
/// last year) in which a report would mention it this way.
const DATED: &[(&str, i32, i32)] = &[
    ("党纪学习教育", 2024, 2024),
    ("二十届三中全会", 2024, 2100),
    ("二十届二中全会", 2023, 2100),
    ("二十大精神", 2022, 2100),
    ("核酸", 2020, 2022),
    ("党史学习教育", 2021, 2022),
    ("百年华诞", 2021, 2021),
    ("十四五", 2020, 2025),
];

/// Sets `year` with its evidence, and `report_year` and `published` in `extra`, from the text.
pub(super) fn infer_year(text: &Text, md: &mut Metadata) {
    static RE: OnceLock<Option<[Regex; 5]>> = OnceLock::new();
    let re = RE.get_or_init(|| {
        let pats = [
            format!(r"{YEAR}度?[^，。；\n\d]{{0,8}}?工作\s*(?:回顾|总结)"),
            format!(r"{YEAR}度?[^，。；\n\d]{{0,12}}?(?:工作\s*(?:安排|建议|任务|部署)|重点工作|主要工作|奋斗目标|目标任务|主要(?:预期)?目标)"),
            format!(r"{YEAR}\s*([0-9０-９]{{1,2}})\s*月\s*([0-9０-９]{{1,2}})\s*日"),
            format!(r"(?:^|[。！？；：\n])\s*{YEAR}(?:[，,、是]|以来)"),
            YEAR.to_string(),
        ];
        let v: Option<Vec<Regex>> = pats.iter().map(|p| Regex::new(p).ok()).collect();
        v.and_then(|v| v.try_into().ok())
    });
    let Some([review, plan, date, lead, any]) = re.as_ref() else {
        return;
    };
    let raw = text.raw;
    let head: String = raw.chars().take(1500).collect();
    let gwr = ["向大会", "工作报告", "报告工作", "各位代表"]
        .iter()
        .any(|k| head.contains(k));
    let first = |r: &Regex| {
        r.captures(raw)
            .and_then(|c| Some((parse_year(c.get(1)?.as_str())?, c.get(0)?.start())))
    };
    // Plans name the coming year; when headings name two years ("2023年主要工作",
    // "2024年主要目标") the earlier one is the year under review.
    let plans: BTreeMap<i32, usize> = plan
        .captures_iter(raw)
        .filter_map(|c| Some((parse_year(c.get(1)?.as_str())?, c.get(0)?.start())))
        .fold(BTreeMap::new(), |mut m, (y, at)| {
            m.entry(y).or_insert(at);
            m
        });
    let plan_year = plans.iter().next_back().map(|(y, at)| (*y, *at));
    let review_year = first(review).or_else(|| {
        let (p, _) = plan_year?;
        plans.range(..p).next_back().map(|(y, at)| (*y, *at))
    });
    let plan_year = plan_year.filter(|(p, _)| review_year.is_none_or(|(r, _)| *p > r));
    // A 工作安排 for next year, or a review followed by a plan, is a work report.
    let gwr = gwr
        || plan
            .find(raw)
            .is_some_and(|m| m.as_str().contains("工作安排"))
        || review_year.is_some() && plan_year.is_some();
    if let Some((y, _)) = plan_year.filter(|_| gwr) {
        md.extra.insert("report_year".into(), y.to_string());
    }
    let dateline = date.captures_iter(raw).find_map(|c| {
        let m = c.get(0)?;
        let line = text.line_of(m.start());
        let rest = raw.get(m.end()..).unwrap_or("").trim_start();
        let short = text.line(line).chars().count() <= 30 && line < 20;
        (short || rest.starts_with("星期") || rest.starts_with("周")).then_some(())?;
        let num = |i: usize| c.get(i).and_then(|g| small_number(g.as_str()));
        Some((parse_year(c.get(1)?.as_str())?, num(2)?, num(3)?, m.start()))
    });
    if let Some((y, mo, d, _)) = dateline {
        md.extra
            .insert("published".into(), format!("{y:04}-{mo:02}-{d:02}"));
    }
    let title_year = text.titles.iter().find_map(|i| {
        let line = text.line(*i);
        let c = any.captures(line)?;
        let m = c.get(0)?;
        let rest = &line[m.end()..];
        let at_start = line[..m.start()]
            .chars()
            .all(|c| !c.is_alphanumeric() || c.is_ascii_digit());
        let date = rest
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
        (at_start && !date).then_some(())?;
        Some((
            parse_year(c.get(1)?.as_str())?,
            text.line_starts.get(*i).copied().unwrap_or(0) + m.start(),
        ))
    });
    let lead_year = lead
        .captures_iter(raw)
        .take_while(|c| c.get(0).is_some_and(|m| m.start() < 2400))
        .find_map(|c| Some((parse_year(c.get(1)?.as_str())?, c.get(1)?.start())));
    let quote = |at: usize| text.quote(at);
    let set = |md: &mut Metadata, y: i32, conf: f64, ev: String| {
        md.year = Inferred::new(y, conf, ev, Source::Text)
    };
    if let Some((y, at)) = review_year {
        set(md, y, 0.9, format!("review heading, {}", quote(at)));
        if gwr && !md.extra.contains_key("report_year") {
            md.extra.insert("report_year".into(), (y + 1).to_string());
        }
    } else if let Some((y, at)) = title_year {
        set(md, y, 0.85, format!("year in title, {}", quote(at)));
    } else if let (true, Some((p, at))) = (gwr, plan_year) {
        set(
            md,
            p - 1,
            0.7,
            format!("report on the year before its plan, {}", quote(at)),
        );
    } else if let Some((y, mo, d, at)) = dateline {
        match lead_year.filter(|(l, _)| *l == y - 1) {
            Some((l, lat)) => set(
                md,
                l,
                0.7,
                format!("{}, published {y}-{mo:02}-{d:02}", quote(lat)),
            ),
            None => set(
                md,
                y,
                0.75,
                format!("\"{y}年{mo}月{d}日\" (dateline, {})", quote(at)),
            ),
        }
    } else if let Some((y, at)) = lead_year {
        set(md, y, 0.65, format!("opening sentence, {}", quote(at)));
        if gwr {
            md.extra.insert("report_year".into(), (y + 1).to_string());
        }
    } else {
        let mut counts: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
        for c in any.captures_iter(raw) {
            if let (Some(y), Some(m)) = (c.get(1).and_then(|g| parse_year(g.as_str())), c.get(0)) {
                counts.entry(y).or_insert((0, m.start())).0 += 1;
            }
        }
        let total: usize = counts.values().map(|v| v.0).sum();
        if let Some((y, (n, at))) = counts
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(a.0.cmp(b.0)))
        {
            let share = *n as f64 / total.max(1) as f64;
            set(
                md,
                *y,
                0.3 + 0.3 * share,
                format!(
                    "\"{y}年\" ×{n}, most frequent year, first at {}",
                    quote(*at)
                ),
            );
        } else if let Some((y, ev)) = dated_by_events(raw) {
            set(md, y, 0.3, ev);
        }
    }
}

/// The single year every dated reference in the text allows, if any.
fn dated_by_events(raw: &str) -> Option<(i32, String)> {
    let hits: Vec<&(&str, i32, i32)> = DATED.iter().filter(|(p, _, _)| raw.contains(p)).collect();
    let lo = hits.iter().map(|h| h.1).max()?;
    let hi = hits.iter().map(|h| h.2).min()?;
    (lo == hi).then(|| {
        let refs: Vec<String> = hits
            .iter()
            .map(|(p, a, b)| match (a, b) {
                (a, b) if a == b => format!("\"{p}\" ({a})"),
                (a, 2100) => format!("\"{p}\" ({a} or later)"),
                (a, b) => format!("\"{p}\" ({a}–{b})"),
            })
            .collect();
        (
            lo,
            format!("no year stated; dated references: {}", refs.join(", ")),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::metadata::tests::run;

    #[test]
    fn year_from_dateline_review_heading_or_nothing() {
        let m = run("奋进新征程\n2022年10月18日 星期二\n通州区金沙街道坚决贯彻新发展理念\n\n今年以来，1至9月，金沙街道预计完成销售4.3亿元。");
        assert_eq!(m.year.value, Some(2022));
        assert!(
            m.year.evidence.contains("\"2022年10月18日\" (dateline"),
            "{}",
            m.year.evidence
        );
        assert_eq!(
            m.extra.get("published").map(String::as_str),
            Some("2022-10-18")
        );
        let m = run("各位代表：\n现在，我代表区人民政府向大会报告工作。\n一、二〇二三年工作回顾\n过去一年……");
        assert_eq!(m.year.value, Some(2023));
        assert_eq!(m.year.confidence, 0.9);
        assert_eq!(m.extra.get("report_year").map(String::as_str), Some("2024"));
        let m = run("金沙街道坚持党建引领基层治理。");
        assert_eq!((m.year.value, m.year.confidence), (None, 0.0));
        let m = run("今年以来，面对复杂形势，学习贯彻党的二十大精神，扎实开展党纪学习教育。");
        assert_eq!(m.year.value, Some(2024));
        assert!(m.year.confidence < 0.5);
    }

    #[test]
    fn parse_year_reads_several_scripts() {
        assert_eq!(parse_year("2023"), Some(2023));
        assert_eq!(parse_year("２０２３年"), Some(2023));
        assert_eq!(parse_year("二〇二三"), Some(2023));
        assert_eq!(parse_year("2023-10-18"), Some(2023));
        assert_eq!(parse_year("23"), None);
        assert_eq!(parse_year("soon"), None);
    }
}
