//! Repeated text: layout repeats at the tail of a broken line, overlaps where lines are
//! joined, and repeated paragraphs and sentences.

use std::collections::{HashSet, VecDeque};

use super::fold::fold_char;
use super::layout::{ends_sentence, han_near_end, heading_only};
use super::{char_count, start_of_last_chars, CleanRule, CleanStats, Item};
use crate::corpus::structure::{
    is_clause_punct, is_closer, is_opener, is_terminator, sentence_ranges, title_like,
};

/// Length in characters of the longest suffix of `a` (at most `max` characters) that occurs in
/// `b`. Occurrence is monotone in the suffix length, so a binary search needs `O(log max)`
/// substring searches.
fn longest_recurring_suffix(a: &str, b: &str, max: usize) -> usize {
    let starts: Vec<usize> = a.char_indices().rev().take(max).map(|(i, _)| i).collect();
    let (mut lo, mut hi) = (0usize, starts.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if b.contains(&a[starts[mid - 1]..]) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

/// Drops the first occurrence of a long tail of a broken line that recurs within the next three
/// lines: page layout printed it twice.
pub(super) fn remove_tail_repeats(items: &mut [Item], stats: &mut CleanStats) {
    for i in 0..items.len() {
        let Item::Line(a) = &items[i] else { continue };
        // Titles and headings are often echoed by the paragraph below them; only a line that
        // breaks off inside a sentence can carry a layout repeat.
        if ends_sentence(a) || !han_near_end(a) || title_like(a) || heading_only(a) {
            continue;
        }
        let mut best = 0;
        let mut seen = 0;
        for item in &items[i + 1..] {
            match item {
                Item::Boundary => break,
                Item::Line(b) => {
                    best = best.max(longest_recurring_suffix(a, b, 400));
                    seen += 1;
                    if seen == 3 {
                        break;
                    }
                }
            }
        }
        if best < 12 {
            continue;
        }
        let cut = start_of_last_chars(a, best);
        let tail = &a[cut..];
        if best < 24
            && !tail
                .chars()
                .any(|c| is_clause_punct(c) || is_opener(c) || is_closer(c))
        {
            continue;
        }
        let kept = a[..cut].trim_end().to_string();
        stats.add(CleanRule::RepeatedText, char_count(a) - char_count(&kept));
        items[i] = Item::Line(kept);
    }
}

/// Length in characters of the longest start of `line` (2 to 16 characters) that repeats the
/// end of `prev`, when it is a layout overlap: it holds punctuation or is at least 4 long.
pub(super) fn overlap(prev: &str, line: &str) -> usize {
    let starts: Vec<usize> = line.char_indices().map(|(i, _)| i).take(17).collect();
    for k in (2..starts.len().min(17)).rev() {
        let head = &line[..starts[k]];
        if prev.ends_with(head) {
            let punct = head
                .chars()
                .any(|c| is_closer(c) || is_opener(c) || is_clause_punct(c) || is_terminator(c));
            if punct || k >= 4 {
                return k;
            }
        }
    }
    0
}

/// Normal form for comparing repeats: folded, without white space.
fn normal(s: &str) -> String {
    s.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Characters (without white space) a paragraph or sentence needs to count as a repeat.
const MIN_REPEAT: usize = 12;
/// How many earlier sentences a sentence is compared with.
const SENTENCE_WINDOW: usize = 8;

/// Step 6: drops paragraphs that repeat an earlier one and sentences that repeat one of the
/// [`SENTENCE_WINDOW`] sentences before them.
pub(super) fn remove_repeated(paragraphs: Vec<String>, stats: &mut CleanStats) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut recent: VecDeque<String> = VecDeque::with_capacity(SENTENCE_WINDOW + 1);
    let mut out = Vec::with_capacity(paragraphs.len());
    for para in paragraphs {
        let key = normal(&para);
        if char_count(&key) >= MIN_REPEAT && !seen.insert(key) {
            stats.add(CleanRule::RepeatedText, char_count(&para));
            continue;
        }
        let ranges = sentence_ranges(&para);
        let mut kept = String::with_capacity(para.len());
        let mut prev_end: Option<usize> = None;
        for (s, e) in ranges {
            let sentence = &para[s..e];
            let key = normal(sentence);
            let long = char_count(&key) >= MIN_REPEAT;
            if long && recent.contains(&key) {
                continue;
            }
            if let Some(pe) = prev_end {
                kept.push_str(&para[pe..s]);
            }
            kept.push_str(sentence);
            prev_end = Some(e);
            if long {
                recent.push_back(key);
                if recent.len() > SENTENCE_WINDOW {
                    recent.pop_front();
                }
            }
        }
        stats.add(
            CleanRule::RepeatedText,
            char_count(&para).saturating_sub(char_count(&kept)),
        );
        if !kept.is_empty() {
            out.push(kept);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::corpus::clean::tests::{check, cleaned, on};
    use crate::corpus::clean::{char_count, CleanConfig, CleanRule};

    #[test]
    fn layout_repeat_and_overlap() {
        let raw = "新建党群服务中心7个、打造活动阵地100余个，形成基层治理“党建联盟”，并把开展“两在两同”建新功行动与深化“我为群众办实事”\n\n“行动支部”118个。打造建立“驻点联动、资源共享”的基层治理“党建联盟”，并把开展“两在两同”建新功行动与深化“我为群众办实事”\n\n事”实践活动融合推进。";
        let c = cleaned(raw);
        assert_eq!(c.text.matches("两在两同").count(), 1, "{}", c.text);
        assert!(c.text.contains("“我为群众办实事”实践活动融合推进。"));
        assert!(c.text.contains("打造活动阵地100余个,形成“行动支部”118个。"));
        assert_eq!(
            c.stats.get(CleanRule::RepeatedText),
            char_count("基层治理“党建联盟”，并把开展“两在两同”建新功行动与深化“我为群众办实事”")
                + 2
        );
        let off = CleanConfig {
            remove_repeats: false,
            ..on()
        };
        let c = check(raw, &off);
        assert_eq!(c.text.matches("两在两同").count(), 2);
        assert!(c.text.contains("办实事”事”实践"));
        assert_eq!(c.stats.get(CleanRule::RepeatedText), 0);
    }

    #[test]
    fn titles_echoed_below_are_kept() {
        let raw = "执政为民 增进福祉 带来看得见摸得着的获得感、满足感\n天上蓝天白云，地上山青水绿。\n给人民群众带来看得见摸得着的获得感、满足感，让开发区日益发展。";
        let c = cleaned(raw);
        assert!(c
            .text
            .starts_with("执政为民 增进福祉 带来看得见摸得着的获得感、满足感\n"));
        assert_eq!(c.stats.get(CleanRule::RepeatedText), 0);
    }

    #[test]
    fn stock_phrases_are_not_layout_repeats() {
        let raw = "全市上下坚持以习近平新时代中国特色社会主义思想\n为指导，深入学习习近平新时代中国特色社会主义思想。";
        let c = cleaned(raw);
        assert_eq!(
            c.text.matches("习近平新时代中国特色社会主义思想").count(),
            2
        );
        assert_eq!(c.stats.get(CleanRule::RepeatedText), 0);
    }

    #[test]
    fn repeated_paragraphs_and_sentences() {
        let raw = "金沙街道坚持以党建引领基层治理，成效明显。\n强党建就是要强学习。强党建就是要强队伍。强党建就是要强阵地。\n金沙街道坚持以党建引领基层治理，成效明显。\n各位代表！\n各位代表！\n新建和改扩建党群服务中心7个。打造活动阵地100余个。新建和改扩建党群服务中心7个。";
        let c = cleaned(raw);
        assert_eq!(
            c.text,
            "金沙街道坚持以党建引领基层治理,成效明显。\n强党建就是要强学习。强党建就是要强队伍。强党建就是要强阵地。\n各位代表!\n各位代表!\n新建和改扩建党群服务中心7个。打造活动阵地100余个。"
        );
        assert_eq!(
            c.stats.get(CleanRule::RepeatedText),
            char_count("金沙街道坚持以党建引领基层治理，成效明显。")
                + char_count("新建和改扩建党群服务中心7个。")
        );
    }
}
