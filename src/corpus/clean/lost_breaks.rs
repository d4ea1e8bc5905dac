//! Line breaks lost to spaces: sentences run together after `。 `, numbered headings run into
//! their body, and wraps that became spaces inside words (`在全市深 入开展`).

use super::{char_count, Accounting, CleanRule, CleanStats};
use crate::corpus::structure::{
    heading_marker, is_closer, is_cn_numeral, is_han, is_opener, is_terminator,
};

/// Splits a line where a sentence ends and a space follows before the next Chinese sentence:
/// Chinese text has no spaces after `。`, so such a space is a lost line break. A numbered
/// heading run into the text around it (`…意见。一、2023年工作回顾 过去的一年…`, `…工作： （一）…`)
/// is split off too; where no space precedes the heading a line break is inserted.
pub(super) fn split_run_together(lines: Vec<String>, acc: &mut Accounting) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if !line.contains([' ', '\u{3000}']) {
            out.push(line);
            continue;
        }
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        // Byte index of each cut and the bytes of white space it drops.
        let mut cuts: Vec<(usize, usize)> = Vec::new();
        for k in 1..chars.len().saturating_sub(1) {
            let (i, c) = chars[k];
            let space = c == ' ' || c == '\u{3000}';
            // The break would come before position `k` (or replace the space at `k`).
            let mut j = k;
            while j > 0 && is_closer(chars[j - 1].1) {
                j -= 1;
            }
            if j == 0 {
                continue;
            }
            let term = chars[j - 1].1;
            let before = if j >= 2 { Some(chars[j - 2].1) } else { None };
            let sentence_end = matches!(term, '。' | '！' | '？' | '｡')
                || (matches!(term, '!' | '?') && before.is_some_and(|b| !b.is_ascii()));
            let colon = matches!(term, '：' | ':') && before.is_some_and(is_han);
            if space {
                let rest = &line[i + c.len_utf8()..];
                let next = chars[k + 1].1;
                let starts_chinese =
                    is_han(next) || is_opener(next) || next.is_ascii_digit() || next == '—';
                // A salutation such as `各位代表：` before the space also ends its line.
                let salutation =
                    colon && j <= 11 && chars[..j].iter().all(|&(_, c)| !is_terminator(c));
                let heading_next = heading_marker(rest).is_some_and(|m| m.level <= 2);
                if (sentence_end && starts_chinese) || salutation || (colon && heading_next) {
                    cuts.push((i, c.len_utf8()));
                }
            } else if (sentence_end || colon)
                && (is_opener(c) || is_cn_numeral(c))
                && split_heading_at(&line[i..]).is_some()
            {
                cuts.push((i, 0));
            }
        }
        if cuts.is_empty() {
            out.push(line);
            continue;
        }
        // Only lines already found to be run together may also have a heading run into its body.
        let mut start = 0;
        for (i, len) in cuts {
            push_split_heading(&line[start..i], &mut out, acc);
            start = i + len;
            // The space becomes the line break (or a break is inserted, which is the one case
            // where the output gains a character).
            acc.breaks += 1;
        }
        push_split_heading(&line[start..], &mut out, acc);
    }
    out
}

/// Where a numbered heading at the start of `line` ends when the body follows it after a space
/// (`一、2023年工作回顾 2023年是…。`): the byte index and length of that space.
fn split_heading_at(line: &str) -> Option<(usize, usize)> {
    let m = heading_marker(line).filter(|m| m.level <= 2 && !m.clause)?;
    let (i, c) = line
        .char_indices()
        .take(40)
        .find(|&(i, c)| i > m.len && (c == ' ' || c == '\u{3000}'))?;
    let head = &line[..i];
    let body = &line[i + c.len_utf8()..];
    let head_ok = !head
        .chars()
        .any(|c| is_terminator(c) || matches!(c, '：' | ':'))
        && head[m.len..].chars().filter(|&c| is_han(c)).count() >= 2;
    let body_ok = body.chars().take(400).any(is_terminator)
        && body
            .chars()
            .next()
            .is_some_and(|c| is_han(c) || c.is_ascii_digit());
    (head_ok && body_ok).then_some((i, c.len_utf8()))
}

/// Pushes `line`, first splitting off a numbered heading that runs into its body after a space.
fn push_split_heading(line: &str, out: &mut Vec<String>, acc: &mut Accounting) {
    if let Some((i, len)) = split_heading_at(line) {
        out.push(line[..i].to_string());
        out.push(line[i + len..].to_string());
        acc.breaks += 1;
    } else {
        out.push(line.to_string());
    }
}

/// Whether a space at this point separates two parts of one Latin word sequence, which must
/// keep it (`PM 2.5` stays, `深 入` does not).
fn latin_pair(a: Option<char>, b: Option<char>) -> bool {
    a.is_some_and(|a| a.is_ascii_alphanumeric()) && b.is_some_and(|b| b.is_ascii_alphanumeric())
}

/// In documents whose line wraps became spaces (dense spaces inside long Chinese lines, e.g.
/// `在全市深 入开展`), removes those spaces from body lines.
pub(super) fn remove_wrap_spaces(lines: &mut [String], stats: &mut CleanStats) {
    let mut long_chars = 0usize;
    let mut spaces = 0usize;
    for line in lines.iter().filter(|l| l.len() >= 600) {
        long_chars += char_count(line);
        spaces += wrap_space_positions(line).len();
    }
    if spaces < 10 || spaces * 60 < long_chars {
        return;
    }
    for line in lines.iter_mut() {
        // Titles keep their spaces (`奋进新征程 建功新时代`); body lines are long or punctuated.
        let body = line.len() >= 120 || line.contains(['，', '。', ',']);
        if !body {
            continue;
        }
        let positions = wrap_space_positions(line);
        if positions.is_empty() {
            continue;
        }
        let mut out = String::with_capacity(line.len());
        let mut last = 0;
        for &p in &positions {
            out.push_str(&line[last..p]);
            last = p + 1;
        }
        out.push_str(&line[last..]);
        stats.add(CleanRule::LayoutBreaks, positions.len());
        *line = out;
    }
}

/// Byte positions of single ASCII spaces between non-Latin neighbours.
fn wrap_space_positions(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut it = line.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|&(_, n)| n);
        if c == ' '
            && prev.is_some()
            && next.is_some()
            && !latin_pair(prev, next)
            && (prev.is_some_and(|p| !p.is_ascii()) || next.is_some_and(|n| !n.is_ascii()))
        {
            out.push(i);
        }
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::corpus::clean::tests::{cleaned, on};
    use crate::corpus::clean::{char_count, clean, CleanRule};

    #[test]
    fn run_together_and_wrap_spaces() {
        let body = "在全市深 入开展学习贯彻主题教 育，奋力推动老工业基地转 型振兴，全市上下始终坚 持以新思想为指导，".repeat(6);
        let mut raw =
            String::from("各位代表： 现在，我代表市人民政府向大会报告工作。 一、2023年工作回顾 ");
        for k in 0..3 {
            raw.push_str(&body);
            raw.push_str(&format!("取得第{k}项新成效。 — 1 — "));
        }
        raw.push_str("二、2024年工作安排 今年是关键一年。");
        let c = cleaned(&raw);
        let lines: Vec<&str> = c.text.lines().collect();
        assert_eq!(
            lines.len(),
            8,
            "{:?}",
            lines
                .iter()
                .map(|l| l.chars().take(12).collect::<String>())
                .collect::<Vec<_>>()
        );
        assert_eq!(lines[0], "各位代表:");
        assert_eq!(lines[1], "现在,我代表市人民政府向大会报告工作。");
        assert_eq!(lines[2], "一、2023年工作回顾");
        assert!(lines[3].starts_with("在全市深入开展学习贯彻主题教育,奋力推动老工业基地转型振兴,"));
        assert_eq!(lines[6], "二、2024年工作安排");
        assert!(!c.text.contains("— 1 —"));
        assert_eq!(c.stats.get(CleanRule::LayoutBreaks), 3 * 6 * 4);
        // The page number and one of the spaces around it.
        assert_eq!(c.stats.get(CleanRule::NewspaperFurniture), 3 * 6);
    }

    #[test]
    fn heading_run_into_text_is_split() {
        let raw = "各位代表： 现在，我代表市人民政府向大会报告工作，请予审议。一、2023年工作回顾 过去的一年，极不寻常。聚力抓好以下工作： （一）聚力推动经济平稳增长。把扩大内需摆在更加突出位置。";
        let c = clean(raw, &on());
        let lines: Vec<&str> = c.text.lines().collect();
        assert_eq!(
            lines,
            [
                "各位代表:",
                "现在,我代表市人民政府向大会报告工作,请予审议。",
                "一、2023年工作回顾",
                "过去的一年,极不寻常。聚力抓好以下工作:",
                "(一)聚力推动经济平稳增长。把扩大内需摆在更加突出位置。"
            ]
        );
        // One line break was inserted before 一、.
        assert_eq!(char_count(raw) + 1, char_count(&c.text) + c.stats.removed());
    }
}
