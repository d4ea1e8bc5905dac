//! Joining lines into paragraphs, including text extracted from PDFs with hard wraps.

use std::collections::HashSet;

use unicode_width::UnicodeWidthStr;

use super::layout::{should_join, subhead_series};
use super::repeats::overlap;
use super::{char_count, Accounting, CleanConfig, CleanRule, CleanStats, Item};

/// The common line width of text extracted from a PDF with hard wraps, if the document is such
/// text: at least half of its lines (of some length) have nearly the same display width.
fn wrap_width(lines: &[&str]) -> Option<usize> {
    let widths: Vec<usize> = lines
        .iter()
        .map(|l| if l.len() > 1000 { 1000 } else { l.width() })
        .filter(|&w| w >= 20)
        .collect();
    if widths.len() < 8 {
        return None;
    }
    let mut hist = vec![0usize; 1001];
    for &w in &widths {
        hist[w.min(1000)] += 1;
    }
    let mut best = (0usize, 0usize);
    for w in 23..=160 {
        let count: usize = hist[w - 3..=w + 2].iter().sum();
        if count > best.1 {
            best = (w, count);
        }
    }
    (best.1 * 2 >= widths.len()).then_some(best.0)
}

/// A paragraph being built from lines.
pub(super) struct Para {
    text: String,
    /// Byte length of its first line within `text`.
    first_len: usize,
    /// Byte offset of its last line within `text`.
    last_start: usize,
    /// Lines joined so far.
    pub(super) lines: usize,
}

impl Para {
    fn new(line: String) -> Self {
        Para {
            first_len: line.len(),
            last_start: 0,
            lines: 1,
            text: line,
        }
    }
    /// Its first line.
    pub(super) fn first(&self) -> &str {
        &self.text[..self.first_len]
    }
    /// Its last line.
    pub(super) fn last(&self) -> &str {
        &self.text[self.last_start..]
    }
}

/// Step 5: joins lines broken by layout into paragraphs, never across a boundary, dropping the
/// start of a line that repeats the end of the paragraph it joins.
pub(super) fn join_lines(
    items: Vec<Item>,
    config: &CleanConfig,
    stats: &mut CleanStats,
    acc: &mut Accounting,
) -> Vec<String> {
    let mut out = Vec::new();
    let wrap = if config.rejoin_lines {
        let lines: Vec<&str> = items
            .iter()
            .filter_map(|it| match it {
                Item::Line(l) => Some(l.as_str()),
                Item::Boundary => None,
            })
            .collect();
        wrap_width(&lines)
    } else {
        None
    };
    let series = if config.rejoin_lines {
        subhead_series(&items)
    } else {
        HashSet::new()
    };
    let mut cur: Option<Para> = None;
    let mut iter = items.into_iter().peekable();
    while let Some(item) = iter.next() {
        let line = match item {
            Item::Boundary => {
                if let Some(p) = cur.take() {
                    out.push(p.text);
                }
                continue;
            }
            Item::Line(l) => l,
        };
        if line.is_empty() {
            continue;
        }
        let next = match iter.peek() {
            Some(Item::Line(n)) => Some(n.as_str()),
            _ => None,
        };
        let join = config.rejoin_lines
            && cur
                .as_ref()
                .is_some_and(|p| should_join(p, &line, next, wrap, &series));
        match cur.as_mut().filter(|_| join) {
            Some(p) => {
                let mut rest = line.as_str();
                if config.remove_repeats {
                    let k = overlap(&p.text, rest);
                    if k > 0 && k < char_count(rest) {
                        let cut = rest.char_indices().nth(k).map_or(rest.len(), |(i, _)| i);
                        stats.add(CleanRule::RepeatedText, k);
                        rest = &rest[cut..];
                    }
                }
                acc.joined += 1;
                // Latin words on both sides of the break keep a space between them.
                let latin = p
                    .text
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                    && rest.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
                if latin {
                    p.text.push(' ');
                } else {
                    stats.add(CleanRule::LayoutBreaks, 1);
                }
                p.last_start = p.text.len();
                p.text.push_str(rest);
                p.lines += 1;
            }
            None => {
                if let Some(p) = cur.take() {
                    out.push(p.text);
                }
                cur = Some(Para::new(line));
            }
        }
    }
    if let Some(p) = cur {
        out.push(p.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::corpus::clean::fold::folded;
    use crate::corpus::clean::tests::cleaned;
    use crate::corpus::clean::CleanRule;

    #[test]
    fn hard_wrapped_pdf_text() {
        let mut raw = String::from("一、2023年工作回顾\n\n");
        let para = "刚刚过去的一年，是全面贯彻党的二十大精神的开局之年，是新冠疫情防控转段后恢复发展的一年。全市广大干部群众高举伟大旗帜、满怀感恩之心，接续奋斗、砥砺前行。全市地区生产总值增长5.6%，一般公共预算收入增长8.1%。";
        for k in 0..4 {
            let para = format!("{}{para}", ["甲地", "乙地", "丙地", "丁地"][k]);
            let chars: Vec<char> = para.chars().collect();
            for chunk in chars.chunks(29) {
                raw.push_str(&chunk.iter().collect::<String>());
                raw.push_str("\n\n");
            }
            raw.push_str("— 3 —\n\n");
        }
        let c = cleaned(&raw);
        let lines: Vec<&str> = c.text.lines().collect();
        assert_eq!(lines.len(), 5, "{}", c.text);
        assert_eq!(lines[1], folded(&format!("甲地{para}")));
        assert_eq!(c.stats.get(CleanRule::NewspaperFurniture), 20);
    }
}
