//! Line breaks from page layout: whether a line continues the paragraph before it, or starts
//! a new one (a heading, a title, a list item, a parallel paragraph, quoted speech).

use std::collections::HashSet;

use unicode_width::UnicodeWidthStr;

use super::join::Para;
use super::{char_count, Item};
use crate::corpus::structure::{
    heading_marker, is_bullet, is_closer, is_han, is_opener, is_terminator, title_like,
};

/// Whether the text ends a sentence (or a paragraph): a terminator, `…` or a colon, possibly
/// followed by closing quotes and brackets.
pub(super) fn ends_sentence(s: &str) -> bool {
    for c in s.chars().rev() {
        if is_closer(c) {
            continue;
        }
        return is_terminator(c) || matches!(c, '…' | '：' | ':' | '｡');
    }
    false
}

/// Chinese on this side of a break: an ideograph among the characters next to it (sixteen, so
/// that `…增长80.8%。` or `31.3%。政府…` still count).
pub(super) fn han_near_end(s: &str) -> bool {
    s.chars().rev().take(16).any(is_han)
}

fn han_near_start(s: &str) -> bool {
    s.chars().take(16).any(is_han)
}

/// A line that starts in the middle of a word or sentence.
fn continues(line: &str) -> bool {
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if is_closer(first)
        || is_terminator(first)
        || matches!(
            first,
            '，' | ',' | '、' | '：' | ':' | '…' | '%' | '％' | '．' | '.'
        )
    {
        return true;
    }
    // One character and a mark: `区。目前…`, `位、职务…`.
    if let Some(second) = chars.next() {
        if !is_opener(first)
            && (is_terminator(second) || matches!(second, '，' | ',' | '、' | '：' | ':'))
        {
            return true;
        }
    }
    // A closing quote before any opening one: `领 多网融合”…`, `困难?”胡拥军…`.
    for c in line.chars().take(40) {
        if matches!(c, '“' | '‘' | '「' | '『') {
            return false;
        }
        if matches!(c, '”' | '’' | '」' | '』') {
            return true;
        }
    }
    false
}

/// Opens a quotation that holds a whole sentence: a new paragraph of quoted speech.
fn opens_speech(line: &str) -> bool {
    let mut chars = line.chars();
    if !matches!(chars.next(), Some('“' | '「')) {
        return false;
    }
    for c in chars.take(200) {
        if matches!(c, '”' | '」') {
            return false;
        }
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            return true;
        }
    }
    false
}

/// The run-in lead sentence of a paragraph (`抓好思想建设。`): its length in characters and
/// comma count, if it is at most 20 characters.
fn lead(line: &str) -> Option<(usize, usize)> {
    let mut commas = 0;
    for (n, c) in line.chars().enumerate() {
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            return (n >= 4).then_some((n, commas));
        }
        if n >= 20 || c.is_ascii_digit() || matches!(c, '、' | '：' | ':' | '；' | ';') {
            return None;
        }
        if matches!(c, '，' | ',') {
            commas += 1;
        }
    }
    None
}

/// The next line opens in parallel with the paragraph: the same first three characters
/// (`强党建就是要强学习。` / `强党建就是要强队伍。`), or both open with a short lead sentence of the
/// same shape (`抓好思想建设。` / `推动巡察整改落地见效。`).
fn parallel(first: &str, line: &str) -> bool {
    let same = first
        .chars()
        .zip(line.chars())
        .take_while(|(a, b)| a == b && !a.is_ascii_digit())
        .count();
    if same >= 3 {
        return true;
    }
    match (lead(first), lead(line)) {
        (Some((a, ca)), Some((b, cb))) => ca == cb && a.abs_diff(b) <= 6,
        _ => false,
    }
}

/// A line standing on its own after `line`: `next` does not continue it and is a sentence, a
/// heading, or much longer.
fn stands_before(line: &str, next: Option<&str>) -> bool {
    match next {
        None => true,
        Some(n) => {
            !continues(n)
                && (ends_sentence(n)
                    || title_like(n)
                    || heading_marker(n).is_some()
                    || is_bullet(n)
                    || n.len() >= 2 * line.len())
        }
    }
}

/// A caption or labelled line (`图①:…`, `注:…`): a colon among its first six characters.
fn labelled(line: &str) -> bool {
    line.chars().take(6).any(|c| matches!(c, '：' | ':'))
}

/// A numbered heading with nothing after it (`一、保持强劲势头,构建产业新体系`).
pub(super) fn heading_only(line: &str) -> bool {
    heading_marker(line).is_some() && char_count(line) <= 60 && !line.chars().any(is_terminator)
}

/// The first four characters of a short line without any sentence punctuation, the shape of a
/// subhead such as `一年来，我们坚持扩内需、保主体，经济恢复回升向好`.
fn subhead_key(line: &str) -> Option<String> {
    let n = char_count(line);
    if n > 60 || line.chars().any(is_terminator) || !han_near_end(line) {
        return None;
    }
    let key: String = line.chars().take(4).collect();
    (char_count(&key) == 4 && key.chars().all(|c| !c.is_ascii_digit() && !is_opener(c)))
        .then_some(key)
}

/// Keys of subheads that come in series: two or more lines of that shape opening with the same
/// four characters (`一年来，我们坚持…` ×5) are headings even with several commas.
pub(super) fn subhead_series(items: &[Item]) -> HashSet<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut series = HashSet::new();
    for item in items {
        if let Item::Line(l) = item {
            if let Some(k) = subhead_key(l) {
                if !seen.insert(k.clone()) {
                    series.insert(k);
                }
            }
        }
    }
    series
}

/// Decides whether `line` continues paragraph `p`. `next` is the line after `line`; `series`
/// holds the keys of subheads that come in series.
pub(super) fn should_join(
    p: &Para,
    line: &str,
    next: Option<&str>,
    wrap: Option<usize>,
    series: &HashSet<String>,
) -> bool {
    let last = p.last();
    if !han_near_end(last) || !han_near_start(line) {
        return false;
    }
    let major_heading = heading_marker(line).is_some_and(|m| m.level <= 2);
    // Hard-wrapped PDF text: a full line always continues, whatever its last character.
    if let Some(w) = wrap {
        let lw = last.width();
        if (lw + 3 >= w || (lw + 7 >= w && !ends_sentence(last))) && !major_heading {
            return true;
        }
    }
    if ends_sentence(last) || heading_marker(line).is_some() || is_bullet(line) || labelled(line) {
        return false;
    }
    // A numbered heading on a line of its own stays a heading.
    if p.lines == 1 && heading_only(last) && !continues(line) {
        return false;
    }
    if continues(line) {
        return true;
    }
    if p.lines == 1 && (title_like(last) || labelled(last)) && stands_before(last, Some(line)) {
        return false;
    }
    if p.lines == 1 && subhead_key(last).is_some_and(|k| series.contains(&k)) {
        return false;
    }
    if title_like(line) && stands_before(line, next) {
        return false;
    }
    if opens_speech(line) || parallel(p.first(), line) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::corpus::clean::tests::{check, cleaned, on};
    use crate::corpus::clean::{CleanConfig, CleanRule};

    #[test]
    fn broken_lines_rejoined() {
        let raw = "围绕建设目标，以“金快办”服务品牌统领“党建引\n\n\n\n领 多网融合”等特色做法。\n\n金沙街道加快打造全新的城市产业片区——太山产业片\n\n区。目前，外资塔内件及环保设备制造项目\n\n落地后将形成超2.5亿元的销售收入。";
        let c = cleaned(raw);
        assert_eq!(
            c.text,
            "围绕建设目标,以“金快办”服务品牌统领“党建引领 多网融合”等特色做法。\n金沙街道加快打造全新的城市产业片区——太山产业片区。目前,外资塔内件及环保设备制造项目落地后将形成超2.5亿元的销售收入。"
        );
        assert_eq!(c.stats.get(CleanRule::LayoutBreaks), 3);
        let off = CleanConfig {
            rejoin_lines: false,
            ..on()
        };
        let c = check(raw, &off);
        assert_eq!(c.text.lines().count(), 5);
        assert_eq!(c.stats.get(CleanRule::LayoutBreaks), 0);
    }

    #[test]
    fn short_fragments_that_are_not_titles_are_joined() {
        // One side of the comma is too short for a title, and the line is unbalanced or ends
        // on a particle: these are broken lines.
        for (raw, joined) in [
            (
                "他指出，要加快推进重点\n\n项目建设，确保按期完工。",
                "他指出,要加快推进重点项目建设,确保按期完工。",
            ),
            (
                "全力打造“一主一新一智”产业的\n发展定位。",
                "全力打造“一主一新一智”产业的发展定位。",
            ),
            (
                "“工程进展如何?推进中遇到什么\n困难?”胡拥军实地查看。",
                "“工程进展如何?推进中遇到什么困难?”胡拥军实地查看。",
            ),
        ] {
            assert_eq!(cleaned(raw).text, joined);
        }
    }

    #[test]
    fn headings_are_not_glued() {
        let raw = "奋进新征程 建功新时代\n\n“向二十大献礼”特别报道\n\n通州区金沙街道坚决贯彻新发展理念——\n\n加快经济腾飞步伐，谱写民生幸福答卷\n\n让发展实绩更有“温度”，是书写百姓生活幸福答卷的“必答题”。\n\n以红色党建凝聚高质量发展关键力量\n\n9月24日，金沙街道组织开展了专题学习会。";
        let c = cleaned(raw);
        assert_eq!(c.text.lines().count(), 7, "{}", c.text);
        assert!(c.text.contains("\n加快经济腾飞步伐,谱写民生幸福答卷\n"));
        assert!(c.text.contains("\n以红色党建凝聚高质量发展关键力量\n"));
    }

    #[test]
    fn heading_after_unfinished_paragraph() {
        // A paragraph cut off before a subhead: the subhead stands before a full paragraph.
        let raw = "经过一年的努力，各项工作硕\n\n十个第一 数说稠江\n\n- 去年6月，被评为示范街道。\n- 税收入库24.86亿元。\n现在，我代表市人民政府向大会报告工作，请予审议，并\n一、2023年工作回顾\n（一）直面困难挑战，经济运行回升向好。面对下行压力，坚持同步发力。";
        let c = cleaned(raw);
        assert_eq!(c.text.lines().count(), 7, "{}", c.text);
    }

    #[test]
    fn subheads_in_series_not_glued() {
        let raw = "一年来，我们坚持扩内需、保主体，经济恢复回升向好\n融入“双圈”推进有序。遂宁安居通用机场投运。\n一年来，我们坚持优存量、拓增量，产业质效稳步提升\n现代制造提档扩能。锂电产业增加值增长21.8%。";
        let c = cleaned(raw);
        assert_eq!(c.text.lines().count(), 4, "{}", c.text);
        // A single such line is still joined: it is a broken line.
        let raw = "一年来，我们坚持扩内需、保主体，经济恢复回升\n向好。遂宁安居通用机场投运。";
        assert_eq!(cleaned(raw).text.lines().count(), 1);
    }

    #[test]
    fn parallel_paragraphs_and_speech_not_glued() {
        let raw = "强党建就是要强学习。开发区精心谋划，扎实开展“我为\n强党建就是要强队伍。开发区紧抓教育培训。\n抓好思想建设。把学习宣传贯彻作为头等大事，累计开展党委理论学习中心\n推动巡察整改落地见效。经过省委巡视，解决了一批顽症痼疾。\n区委书记调研时强调，要全力以赴抓进度、筑精品，副区长张文锦\n“工程进展如何?推进中遇到什么\n困难?”胡拥军实地查看建设情况。";
        let c = cleaned(raw);
        let lines: Vec<&str> = c.text.lines().collect();
        assert_eq!(lines.len(), 6, "{}", c.text);
        assert_eq!(
            lines[5],
            "“工程进展如何?推进中遇到什么困难?”胡拥军实地查看建设情况。"
        );
    }
}
