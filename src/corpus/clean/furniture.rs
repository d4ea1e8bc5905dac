//! Furniture: classifying whole lines as newspaper or web furniture and dropping them, with
//! the boundaries they leave where an article ends.

use super::fold::folded;
use super::newspaper::{
    byline_dots, comment_label, dateline, editor_label, page_code, picture_credit, reporter_credit,
    source_label, strip_credits,
};
use super::web::{only_web_tokens, pipe_navigation, web_anywhere, web_meta, web_prefix};
use super::{char_count, CleanConfig, CleanRule, CleanStats, Item};

/// What kind of furniture a line is, and whether it ends an article (so that the text before
/// and after it must not be joined). Page headers and page numbers do not end an article: a
/// paragraph can continue on the next page.
struct Furniture {
    rule: CleanRule,
    boundary: bool,
}

fn classify(line: &str) -> Option<Furniture> {
    // Furniture lines are short; a long line is content whatever it starts with.
    if line.len() > 600 {
        return None;
    }
    let f = folded(line);
    let f = f.as_ref();
    let n = char_count(f);
    let first = f.chars().next()?;
    let sentence = f.contains('。');
    let news = |boundary| {
        Some(Furniture {
            rule: CleanRule::NewspaperFurniture,
            boundary,
        })
    };
    let web = Some(Furniture {
        rule: CleanRule::WebFurniture,
        boundary: true,
    });

    // Page furniture: page codes, datelines, editor lines. The cheap tests in front keep the
    // regular expressions off most lines.
    let code_start = first.is_ascii_alphanumeric() || matches!(first, '第' | '—' | '–' | '―' | '-');
    if n <= 40 && code_start && (page_code().is_match(f) || dateline().is_match(f)) {
        return news(false);
    }
    if n <= 60
        && !sentence
        && f.contains([':', '/'])
        && !f.contains([',', '!', '?', ';'])
        && editor_label().is_match(f)
    {
        return news(false);
    }
    // Web page metadata before 来源: a `来源:xx 发布时间:xx` line is web furniture.
    if n <= 120 && !sentence && web_meta().is_match(f) {
        return web;
    }
    if n <= 60
        && !sentence
        && ((matches!(first, '·' | '•') && byline_dots().is_match(f))
            || (["记者", "通讯员", "实习生", "摄影", "/"]
                .iter()
                .any(|w| f.contains(w))
                && reporter_credit(f))
            || (["提供", "来源", "来自"].iter().any(|w| f.contains(w))
                && picture_credit().is_match(f))
            || (f.contains(':') && source_label().is_match(f))
            || (f.contains("评论") && comment_label().is_match(f))
            || f == "本报讯")
    {
        return news(true);
    }
    if n <= 200
        && !sentence
        && ((n <= 120 && web_prefix().is_match(f))
            || web_anywhere().is_match(f)
            || only_web_tokens(f)
            || pipe_navigation(f)
            || (n <= 30 && f.contains("二维码")))
    {
        return web;
    }
    None
}

/// Step 3: drops furniture lines whose rule is on, leaving a boundary where one ends an
/// article, and strips credits from content lines.
pub(super) fn classify_lines(
    lines: Vec<String>,
    config: &CleanConfig,
    stats: &mut CleanStats,
) -> Vec<Item> {
    let mut items = Vec::with_capacity(lines.len());
    let any = config.newspaper_furniture || config.web_furniture;
    for line in lines {
        if let Some(f) = any.then(|| classify(&line)).flatten() {
            let on = match f.rule {
                CleanRule::NewspaperFurniture => config.newspaper_furniture,
                _ => config.web_furniture,
            };
            if on {
                stats.add(f.rule, char_count(&line));
                if f.boundary && !matches!(items.last(), Some(Item::Boundary) | None) {
                    items.push(Item::Boundary);
                }
                continue;
            }
        }
        let line = if config.newspaper_furniture {
            strip_credits(line, stats)
        } else {
            line
        };
        items.push(Item::Line(line));
    }
    items
}

#[cfg(test)]
mod tests {
    use crate::corpus::clean::fold::folded;
    use crate::corpus::clean::tests::cleaned;

    #[test]
    fn content_mentioning_furniture_words_stays() {
        for line in [
            "记者从市发改委获悉，全市投资增长6%。",
            "编辑部全体人员参加了学习会。",
            "他说，来源：群众的意见最重要。",
            "扫一扫二维码就能办理业务，群众办事更方便了。",
            "2023年12月5日，市政府召开常务会议。",
            "“下载打印”的时代过去了，现在全程网办。",
        ] {
            assert_eq!(cleaned(line).text, folded(line), "{line}");
        }
    }
}
