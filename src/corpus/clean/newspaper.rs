//! Newspaper furniture: page codes, datelines, editor and reporter credits, bylines, picture
//! credits, and the credits and page numbers left inside content lines.

use std::sync::OnceLock;

use regex::Regex;

use super::fold::folded;
use super::{char_count, re, start_of_last_chars, CleanRule, CleanStats};
use crate::corpus::structure::is_han;

pub(super) fn page_code() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^(?:[A-Z]{1,2}\d{1,3}\s*版?|第\s*[0-9一二三四五六七八九十]{1,3}\s*版|\d{1,3}\s*版|[—–―\-]{1,2}\s*\d{1,4}\s*[—–―\-]{0,2}|第\s*\d{1,4}\s*页(?:\s*/?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,3})$",
    )
}

pub(super) fn dateline() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:(?:星期|周|礼拜)[一二三四五六日天])?\s*(?:农历\S{0,12})?$",
    )
}

pub(super) fn editor_label() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^(?:责任编辑|本版编辑|值班编辑|见习编辑|网络编辑|执行编辑|编辑|美编|美术编辑|校对|组版|责编|审核|审校|终审|初审|复审|一审|二审|三审|排版|版式设计|版式|制图|美工|监制|统筹|策划)\s*[:/]",
    )
}

pub(super) fn byline_dots() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^[·•]\s*[\p{Han}A-Za-z][\p{Han}A-Za-z ·]{0,24}\s*[·•]$",
    )
}

pub(super) fn picture_credit() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^\(?(?:本版|本组|以上|文中)?(?:图片|照片|配图|图)均?(?:由.{1,30}提供|来源\s*:?.{1,30}|来自.{1,30})\)?$",
    )
}

pub(super) fn source_label() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^(?:信息来源|稿件来源|新闻来源|文章来源|来源|作者|原标题|出处)\s*:",
    )
}

pub(super) fn comment_label() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, r"^(?:网友评论|我要评论|发表评论|查看评论|评论)\s*:?$")
}

const ROLES: [&str; 22] = [
    "本报见习记者",
    "本报记者",
    "本刊记者",
    "本台记者",
    "本网记者",
    "全媒体记者",
    "融媒体记者",
    "特约记者",
    "见习记者",
    "首席记者",
    "摄影记者",
    "实习记者",
    "本报通讯员",
    "特约通讯员",
    "通讯员",
    "实习生",
    "记者",
    "文/图",
    "图/文",
    "摄影",
    "文/",
    "图/",
];

/// A reporter credit: role words and names only (`本报记者 陈静 通讯员 开宣 张辉`), starting with
/// a role. `记者从市发改委获悉` is not: what follows the role is not a name.
pub(super) fn reporter_credit(s: &str) -> bool {
    let s = s.trim_start_matches(['■', '□', '◆', '●', '▲', '★', ' ']);
    if s.is_empty() || char_count(s) > 60 || s.contains(['，', '。', '；', '！', '？', ',', ';'])
    {
        return false;
    }
    let mut names = 0;
    let mut roles = 0;
    for (k, tok) in s
        .split(|c: char| c.is_whitespace() || matches!(c, '、' | '|'))
        .filter(|t| !t.is_empty())
        .enumerate()
    {
        let mut t = tok;
        let mut had_role = false;
        while let Some(r) = ROLES.iter().find(|r| t.starts_with(**r)) {
            t = t[r.len()..].trim_start_matches([':', '：']);
            had_role = true;
        }
        if k == 0 && !had_role {
            return false;
        }
        roles += usize::from(had_role);
        if t.is_empty() || t == "摄" || t == "报道" {
            continue;
        }
        let n = char_count(t);
        let namelike =
            t.chars().all(|c| is_han(c) || c == '·') && (n <= 4 || (t.contains('·') && n <= 12));
        if !namelike {
            return false;
        }
        names += 1;
    }
    roles > 0 && names > 0
}

fn trailing_credit() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"\(\s*((?:本报|本刊|本台)?(?:全媒体|融媒体|特约|见习|首席|实习)?(?:记者|通讯员|实习生)[^()]{0,40})\)$",
    )
}

fn leading_dateline() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^(?:本报讯|本报[\p{Han}]{0,6}\d{1,2}月\d{1,2}日(?:电|讯))\s*(?:\([^()]{0,60}\))?\s*",
    )
}

/// Removes a trailing `（记者 张三）` and a leading `本报讯（记者 张三）` from a content line.
pub(super) fn strip_credits(line: String, stats: &mut CleanStats) -> String {
    if !line.ends_with([')', '）']) && !line.starts_with("本报") {
        return line;
    }
    let mut line = line;
    // Only the last characters can hold a trailing credit.
    let tail_start = start_of_last_chars(&line, 48);
    let tail = folded(&line[tail_start..]).into_owned();
    if let Some(caps) = trailing_credit().captures(&tail) {
        let names_only = caps
            .get(1)
            .is_some_and(|m| reporter_credit(m.as_str().trim()));
        if let Some(m) = caps.get(0).filter(|_| names_only) {
            let cut_chars = char_count(&tail[m.start()..]);
            let cut = start_of_last_chars(&line, cut_chars);
            let kept = line[..cut].trim_end();
            if !kept.is_empty() {
                stats.add(
                    CleanRule::NewspaperFurniture,
                    char_count(&line) - char_count(kept),
                );
                line = kept.to_string();
            }
        }
    }
    if line.starts_with("本报") {
        let head_end = line
            .char_indices()
            .nth(80)
            .map(|(i, _)| i)
            .unwrap_or(line.len());
        let head = folded(&line[..head_end]).into_owned();
        if let Some(m) = leading_dateline().find(&head) {
            let cut_chars = char_count(&head[..m.end()]);
            let cut = line
                .char_indices()
                .nth(cut_chars)
                .map(|(i, _)| i)
                .unwrap_or(line.len());
            if cut < line.len() {
                stats.add(CleanRule::NewspaperFurniture, cut_chars);
                line = line[cut..].to_string();
            }
        }
    }
    line
}

fn inline_page_number() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"(?:^|\s)[—–―\-－]{1,2}\s?\d{1,3}\s?[—–―\-－]{1,2}(?:\s|$)",
    )
}

/// Removes page numbers such as `— 1 —` standing between spaces inside a line (PDF text whose
/// line and page breaks became spaces).
pub(super) fn remove_inline_page_numbers(lines: &mut [String], stats: &mut CleanStats) {
    for line in lines.iter_mut() {
        if !line.contains(['—', '–', '―', '-', '－']) || !inline_page_number().is_match(line)
        {
            continue;
        }
        // A whole line that is a page number is handled as furniture, with its own boundary.
        if inline_page_number()
            .find(line)
            .is_some_and(|m| m.start() == 0 && m.end() == line.len())
        {
            continue;
        }
        let before = char_count(line);
        let replaced = inline_page_number().replace_all(line, " ");
        let replaced = replaced.trim().to_string();
        stats.add(
            CleanRule::NewspaperFurniture,
            before.saturating_sub(char_count(&replaced)),
        );
        *line = replaced;
    }
}

#[cfg(test)]
mod tests {
    use crate::corpus::clean::tests::{check, cleaned, on};
    use crate::corpus::clean::{CleanConfig, CleanRule};

    #[test]
    fn newspaper_furniture_lines() {
        let raw = "2022年10月18日 星期二\n编辑:任溢斌 美编:顾小建\n校对：毛晓丽 组版：顾小建\n\nA12\n\n第3版\n03版\n金沙街道坚持党建引领。\n·徐爱银·\n本版图片由金沙街道提供\n";
        let c = cleaned(raw);
        assert_eq!(c.text, "金沙街道坚持党建引领。");
        assert_eq!(
            c.stats.get(CleanRule::NewspaperFurniture),
            15 + 13 + 13 + 3 + 3 + 3 + 5 + 11
        );
        let off = CleanConfig {
            newspaper_furniture: false,
            ..on()
        };
        let c = check(raw, &off);
        assert!(c.text.contains("编辑:任溢斌"));
        assert!(c.text.contains("A12"));
        assert!(c.text.contains("·徐爱银·"));
        assert_eq!(c.stats.get(CleanRule::NewspaperFurniture), 0);
    }

    #[test]
    fn reporter_lines_and_credits() {
        let raw = "本报记者 陈静 通讯员 开宣 张辉\n记者从市发改委获悉，全市投资增长6%。\n全媒体记者 龚盈盈\n本报讯（记者 张三）11月26日，区政府召开常务会议。\n会议研究了其他事项。（记者 李四 通讯员 王五）\n网友评论\n来源：南通日报\n作者：王五";
        let c = cleaned(raw);
        assert_eq!(
            c.text,
            "记者从市发改委获悉,全市投资增长6%。\n11月26日,区政府召开常务会议。\n会议研究了其他事项。"
        );
        let off = CleanConfig {
            newspaper_furniture: false,
            ..on()
        };
        assert!(check(raw, &off).text.contains("本报记者 陈静"));
        assert!(check(raw, &off).text.contains("(记者 李四 通讯员 王五)"));
    }
}
