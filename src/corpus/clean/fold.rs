//! White space and full-width forms: splitting the input into trimmed lines, and folding
//! full-width ASCII to half-width.

use std::borrow::Cow;

use super::{Accounting, CleanRule, CleanStats};

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Invisible characters that carry nothing in Chinese text.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

/// The half-width form of a full-width ASCII character, a space for U+3000, else `c`.
pub(super) fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Folds full-width ASCII and U+3000; returns the text and the number of characters changed.
pub(super) fn fold_full_width(s: &str) -> (String, usize) {
    let mut changed = 0;
    let out = s
        .chars()
        .map(|c| {
            let f = fold_char(c);
            if f != c {
                changed += 1;
            }
            f
        })
        .collect();
    (out, changed)
}

/// A folded view for matching furniture patterns written with ASCII punctuation.
pub(super) fn folded(s: &str) -> Cow<'_, str> {
    if s.chars().any(|c| fold_char(c) != c) {
        Cow::Owned(s.chars().map(fold_char).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Step 1: splits the input at every kind of line break into normalized, non-empty lines,
/// counting what goes as white space.
pub(super) fn split_lines(raw: &str, stats: &mut CleanStats, acc: &mut Accounting) -> Vec<String> {
    let mut lines = Vec::new();
    let mut removed = 0;
    let mut pieces = 0usize;
    for piece in raw.split(is_line_break) {
        pieces += 1;
        let line = normalize_line(piece, &mut removed);
        if !line.is_empty() {
            lines.push(line);
        }
    }
    acc.breaks += pieces.saturating_sub(1);
    stats.add(CleanRule::Whitespace, removed);
    lines
}

/// Trims a line, collapses inner white space and drops invisible and control characters.
fn normalize_line(piece: &str, removed: &mut usize) -> String {
    let mut out = String::with_capacity(piece.len());
    let mut run = 0usize;
    let mut run_first = ' ';
    for c in piece.chars() {
        if is_invisible(c) || (c.is_control() && !c.is_whitespace()) {
            *removed += 1;
            continue;
        }
        if c.is_whitespace() {
            if run == 0 {
                run_first = c;
            }
            run += 1;
            continue;
        }
        if run > 0 {
            if out.is_empty() {
                *removed += run;
            } else {
                // A lone ideographic space is left for the full-width rule to fold.
                out.push(if run == 1 && run_first == '\u{3000}' {
                    '\u{3000}'
                } else {
                    ' '
                });
                *removed += run - 1;
            }
            run = 0;
        }
        out.push(c);
    }
    *removed += run;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::clean::tests::{check, cleaned, on};
    use crate::corpus::clean::{char_count, CleanConfig};

    #[test]
    fn full_width_folding() {
        let raw = "（一）经济　运行：增长５．６％，ＰＭ２．５下降！“两在两同”、《方案》。";
        let c = cleaned(raw);
        assert_eq!(
            c.text,
            "(一)经济 运行:增长5.6%,PM2.5下降!“两在两同”、《方案》。"
        );
        assert_eq!(c.stats.get(CleanRule::FullWidth), 15);
        let off = CleanConfig {
            fold_full_width: false,
            ..on()
        };
        let c = check(raw, &off);
        assert_eq!(c.text, raw);
        assert_eq!(c.stats.get(CleanRule::FullWidth), 0);
    }

    #[test]
    fn whitespace_rule() {
        let raw = "\u{FEFF}  \t第一段。\u{200B}  \r\n\r\n\n  第二段\t\t内容。 \u{7}\n   \n";
        let c = cleaned(raw);
        assert_eq!(c.text, "第一段。\n第二段 内容。");
        assert_eq!(c.stats.get(CleanRule::Whitespace), char_count(raw) - 12);
    }
}
