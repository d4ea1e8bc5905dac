//! Headings: numbered markers (`一、` `（一）` `一是` `1.` `①` …), list bullets and title lines.

use super::chars::{is_closer, is_cn_numeral, is_digit, is_han, is_terminator};

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
pub(super) struct Head {
    pub(super) level: u8,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) whole: bool,
    /// A numbered heading, as opposed to a title line.
    pub(super) numbered: bool,
}

/// The heading that opens `para`, if any; `next` is the paragraph after it.
pub(super) fn find_heading(para: &str, next: Option<&str>) -> Option<Head> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
