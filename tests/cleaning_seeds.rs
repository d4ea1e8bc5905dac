//! Cleaning and structure on real data: the seed newspaper reports (seed 000 has heavy
//! newspaper layout damage) and the 143 city 政府工作报告 of 2024.

use std::path::{Path, PathBuf};

use policylens::corpus::{clean, parse, CleanConfig, CleanRule, Cleaned, ReportPart, Structure};
use regex::Regex;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read(rel: &str) -> String {
    let path = data(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn clean_default(raw: &str) -> Cleaned {
    clean(raw, &CleanConfig::default())
}

/// Every span slices the text exactly, sentences lie in their paragraph, sections nest.
fn check_structure(name: &str, text: &str, s: &Structure) {
    for (i, p) in s.paragraphs.iter().enumerate() {
        let t = text
            .get(p.span.start..p.span.end)
            .unwrap_or_else(|| panic!("{name}: paragraph {i} span off char boundaries"));
        assert!(!t.is_empty() && !t.contains('\n'), "{name}: paragraph {i}");
        assert_eq!(t, t.trim(), "{name}: paragraph {i} not trimmed");
        if let Some(sec) = p.section {
            assert!(
                s.sections[sec].span.contains(p.span),
                "{name}: paragraph {i}"
            );
        }
    }
    // Paragraphs are the lines of the cleaned text, in order.
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), s.paragraphs.len(), "{name}");
    for (line, p) in lines.iter().zip(&s.paragraphs) {
        assert_eq!(*line, p.span.slice(text), "{name}");
    }
    let mut last_end = 0;
    for (i, x) in s.sentences.iter().enumerate() {
        let t = text
            .get(x.span.start..x.span.end)
            .unwrap_or_else(|| panic!("{name}: sentence {i} span off char boundaries"));
        assert!(!t.trim().is_empty(), "{name}: empty sentence {i}");
        let para = &s.paragraphs[x.paragraph];
        assert!(
            para.span.contains(x.span),
            "{name}: sentence {i} outside its paragraph"
        );
        assert!(x.span.start >= last_end, "{name}: sentences overlap");
        last_end = x.span.end;
    }
    // Every non-blank character of a paragraph is in one of its sentences.
    for (k, p) in s.paragraphs.iter().enumerate() {
        let covered: usize = s
            .sentences
            .iter()
            .filter(|x| x.paragraph == k)
            .map(|x| {
                x.span
                    .slice(text)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .count()
            })
            .sum();
        let all = p
            .span
            .slice(text)
            .chars()
            .filter(|c| !c.is_whitespace())
            .count();
        assert_eq!(
            covered, all,
            "{name}: paragraph {k} not covered by its sentences"
        );
    }
    for (i, sec) in s.sections.iter().enumerate() {
        assert!(text.get(sec.span.start..sec.span.end).is_some(), "{name}");
        assert!(sec.span.contains(sec.heading), "{name}: section {i}");
        if let Some(parent) = sec.parent {
            assert!(parent < i, "{name}: section {i}");
            assert!(s.sections[parent].level < sec.level, "{name}: section {i}");
            assert!(
                s.sections[parent].span.contains(sec.span),
                "{name}: section {i}"
            );
        }
    }
}

/// Input characters = output characters + characters removed, up to the line breaks inserted
/// before headings that ran into the previous sentence.
fn check_accounting(name: &str, raw: &str, c: &Cleaned) {
    let raw_chars = raw.chars().count();
    let accounted = c.text.chars().count() + c.stats.removed();
    assert!(
        accounted >= raw_chars && accounted - raw_chars <= c.text.matches('\n').count(),
        "{name}: {raw_chars} input characters, {accounted} accounted for"
    );
}

#[test]
fn seed_000_newspaper_layout_is_repaired() {
    let raw = read("data/corpus/seeds/000_812a4966130214bf.txt");
    let c = clean_default(&raw);
    let text = &c.text;
    let page_code = Regex::new(r"^(?:[A-Z]{1,2}\d{1,3}|第?\d{1,3}版)$").expect("regex");
    for line in text.lines() {
        for furniture in ["编辑:", "编辑：", "美编", "校对", "组版"] {
            assert!(!line.contains(furniture), "furniture left: {line}");
        }
        assert!(!page_code.is_match(line), "page code left: {line}");
        assert!(!line.contains("2022年10月18日 星期二"), "dateline left");
    }
    assert!(!text.contains("·徐爱银·"));
    assert!(!text.contains("本版图片由"));
    // The layout break inside the slogan is rejoined and the slogan kept whole.
    assert!(text.contains("党建引领 多网融合"), "{text}");
    // The layout repeat and the `事”` overlap are gone.
    assert_eq!(text.matches("两在两同").count(), 1, "{text}");
    assert!(text.contains("“我为群众办实事”实践活动融合推进"));
    assert!(text.contains("太山产业片区。"));
    assert!(text.contains("外资塔内件及环保设备制造项目落地后将形成"));
    // Titles stay their own paragraphs (full-width commas are folded).
    let lines: Vec<&str> = text.lines().collect();
    for title in [
        "奋进新征程 建功新时代",
        "加快经济腾飞步伐,谱写民生幸福答卷",
        "以红色党建凝聚高质量发展关键力量",
        "以项目建设点燃高质量发展强力引擎",
    ] {
        assert!(lines.contains(&title), "title {title} not on its own line");
    }
    assert!(c.stats.get(CleanRule::NewspaperFurniture) > 0);
    assert_eq!(c.stats.get(CleanRule::LayoutBreaks), 6);
    assert!(c.stats.get(CleanRule::RepeatedText) >= 40);
    check_accounting("000", &raw, &c);
    let s = parse(text);
    check_structure("000", text, &s);
    // A news piece: subheads are sections, and there is no review or plan.
    assert!(s
        .sections
        .iter()
        .any(|x| x.heading.slice(text) == "以红色党建凝聚高质量发展关键力量"));
    assert!(s.paragraphs.iter().all(|p| p.part == ReportPart::Other));
}

#[test]
fn seed_002_reporter_line_removed() {
    let raw = read("data/corpus/seeds/002_84cfcbd65680aff8.txt");
    let c = clean_default(&raw);
    assert!(
        c.text.lines().all(|l| !l.contains("本报记者")),
        "{}",
        c.text
    );
    assert!(c.text.lines().all(|l| l != "网友评论"));
    // Parallel paragraphs (强党建就是要强学习。… 强党建就是要强队伍。…) all survive.
    assert_eq!(c.text.matches("强党建就是要强").count(), 5);
    check_accounting("002", &raw, &c);
}

#[test]
fn all_seeds_structure_is_exact() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data("data/corpus/seeds"))
        .expect("seeds folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    for path in files {
        let name = path.display().to_string();
        let raw = std::fs::read_to_string(&path).expect("seed");
        let c = clean_default(&raw);
        check_accounting(&name, &raw, &c);
        assert!(!c.text.is_empty(), "{name}");
        assert!(
            c.text.lines().all(|l| !l.is_empty() && l == l.trim()),
            "{name}"
        );
        check_structure(&name, &c.text, &parse(&c.text));
        // Cleaning is deterministic and idempotent on its own output.
        assert_eq!(clean_default(&raw), c, "{name}");
        assert_eq!(clean_default(&c.text).text, c.text, "{name}");
    }
}

#[test]
fn work_reports_have_review_and_plan() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data("data/corpus/city-gwr-2024"))
        .expect("city-gwr-2024 folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 140, "{} work reports", files.len());
    let mut both = 0;
    let mut missing = Vec::new();
    for path in &files {
        let name = path.display().to_string();
        let raw = std::fs::read_to_string(path).expect("work report");
        let c = clean_default(&raw);
        check_accounting(&name, &raw, &c);
        let s = parse(&c.text);
        check_structure(&name, &c.text, &s);
        // Parts come in order: Other, then Review, then Plan.
        let order: Vec<ReportPart> = s.paragraphs.iter().map(|p| p.part).collect();
        assert!(
            order.windows(2).all(|w| w[0] <= w[1]),
            "{name}: parts out of order"
        );
        if s.has_review_and_plan() {
            both += 1;
        } else {
            missing.push(name);
        }
    }
    assert!(
        both * 10 >= files.len() * 9,
        "only {both} of {} work reports have both parts; missing: {missing:?}",
        files.len()
    );
}
