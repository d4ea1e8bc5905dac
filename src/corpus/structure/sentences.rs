//! Sentence boundaries inside a paragraph.

use super::chars::{is_cjk_terminator, is_closer, is_terminator};

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

#[cfg(test)]
mod tests {
    use crate::corpus::parse;
    use crate::corpus::structure::tests::check_spans;

    fn sentence_texts(text: &str) -> Vec<&str> {
        parse(text)
            .sentences
            .iter()
            .map(|s| s.span.slice(text))
            .collect()
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
}
