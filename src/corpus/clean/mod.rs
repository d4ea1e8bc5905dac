//! Cleaning: turns decoded newspaper, web or PDF text into one paragraph per line.
//!
//! [`clean`] applies these rules, each switched by a [`CleanConfig`] flag and counted, in
//! characters, under its [`CleanRule`] in [`CleanStats`]:
//!
//! * **Newspaper furniture** ([`CleanRule::NewspaperFurniture`]): lines of editor credits
//!   (`编辑:任溢斌 美编:顾小建`, `校对:… 组版:…`, `责任编辑:…`), page codes alone on a line (`A12`,
//!   `B3`, `第3版`, `03版`, `— 5 —`, and `— 5 —` inside a line whose wraps became spaces), datelines
//!   (`2022年10月18日 星期二`: a publication date is not content and metadata inference reads the
//!   raw text anyway), bylines (`·徐爱银·`), reporter lines (`本报记者 陈静 通讯员 开宣 张辉`,
//!   `全媒体记者 龚盈盈`), picture credits (`本版图片由金沙街道提供`), `网友评论`, `来源:`/`作者:`/
//!   `原标题:` lines, a trailing `（记者 张三）` credit and a leading `本报讯（记者 …）`. A line is
//!   only removed when it consists of such furniture: `记者从市发改委获悉，…` stays.
//! * **Web furniture** ([`CleanRule::WebFurniture`]): lines made only of page controls (`下载 打印
//!   全屏 收藏`, `【字号 大 中 小】`, `打印关闭分享到：`), `上一篇`/`下一篇`, view counters, `来源:xx
//!   发布时间:xx` lines, breadcrumbs, QR-code prompts (`扫一扫在手机打开当前页`), site footers
//!   (`网站地图 | 页面纠错 | …`, `备案号：…`, `主办单位：…`).
//! * **Layout breaks** ([`CleanRule::LayoutBreaks`], one per removed line break): a Chinese line
//!   that does not end a sentence (`。！？!?；;…` or a closing quote after one; a colon also counts
//!   as an end, so `各位代表：` stays on its own) is joined to the next one, across blank lines and
//!   page furniture (page codes, page headers) but not across the end of an article (bylines,
//!   reporter lines, web furniture). Nothing is glued to or after a heading:
//!   - a numbered line (`一、` `（一）` `(一)` `一是` `第一，` `首先，` `1.` `（1）` `①`) or a list item
//!     (`- `, `——`) starts a new paragraph, and a numbered heading alone on its line stays alone;
//!   - a title stays alone when the line after it stands on its own (it ends a sentence, is a
//!     heading, or is at least twice as long). A title is short (≤ 32 characters, ≤ 50 with a
//!     `——` kicker), has no sentence punctuation or colon, balanced quotes, at most one comma with
//!     four or more characters on each side (`加快经济腾飞步伐，谱写民生幸福答卷`, but not
//!     `他指出，要加快推进重点`), does not end on a particle or preposition (`的` `和` `在` …), and
//!     has at least two ideographs;
//!   - short unpunctuated lines that come in series with the same first four characters
//!     (`一年来，我们坚持扩内需、保主体，经济恢复回升向好` …) are subheads even with several commas;
//!   - a line opening a quotation that holds a whole sentence (`“工程进展如何?…`) or a caption
//!     (`图①:…`) starts a new paragraph, and so does a line that opens in parallel with its
//!     paragraph (same first three characters, `强党建就是要强学习。` / `强党建就是要强队伍。`, or
//!     short run-in lead sentences of the same shape, `抓好思想建设。` / `推动巡察整改落地见效。`).
//!
//!   A line that starts in the middle of a word — with punctuation, with one character and a
//!   mark (`区。目前…`), or with a closing quote that has no opening one (`领 多网融合”…`) — is
//!   always joined. Text extracted from PDFs with a fixed line width is recognised by its
//!   uniform display widths (half of the lines within a few columns of each other); there a full
//!   line is joined whatever its last character, unless the next line is an `一、`/`（一）`
//!   heading. Lines run together with only a space after `。` (or after a salutation such as
//!   `各位代表：`) are split again, as are numbered headings run into the text around them, and in
//!   documents whose wraps became spaces (`在全市深 入开展`) those spaces are removed.
//! * **Repeated text** ([`CleanRule::RepeatedText`]): a tail of at least 12 characters of a
//!   broken line that recurs within the next three lines is a layout repeat and its first
//!   occurrence is dropped (it must contain clause punctuation or be at least 24 characters
//!   long, so that stock phrases such as `习近平新时代中国特色社会主义思想` do not trigger it); the
//!   start of a line that repeats the end of the line it is joined to (`…办实事”` + `事”实践活动`)
//!   is dropped; a paragraph of at least 12 characters that repeats an earlier one (ignoring
//!   white space and full-width forms) is dropped; a sentence of at least 12 characters that
//!   repeats one of the eight sentences before it is dropped. Parallel phrasing such as
//!   `强党建就是要强学习。` / `强党建就是要强队伍。` is not a repeat.
//! * **Full width** ([`CleanRule::FullWidth`], characters changed): U+FF01–U+FF5E become
//!   U+0021–U+007E and U+3000 becomes a space, so `（一）` becomes `(一)` and `，` becomes `,`.
//!   `。、“”《》` are Chinese punctuation, not full-width ASCII, and stay.
//! * **White space** ([`CleanRule::Whitespace`], always on): lines are trimmed, runs of white
//!   space inside a line become one space (tabs and other spaces become `' '`, a single U+3000 is
//!   left to the full-width rule), blank lines, zero-width characters, soft hyphens and control
//!   characters are removed, and line breaks not kept between paragraphs nor counted as layout
//!   breaks are counted here.
//!
//! The counts add up: the characters of the input equal the characters of the output plus the
//! counts of every rule except [`CleanRule::FullWidth`] (the only exception is a line break
//! inserted where a numbered heading ran into the sentence before it without any space, which
//! adds a character). Cleaning is deterministic and runs in
//! linear time: no rule looks at more than a few lines around the current one.
//!
//! ```
//! use policylens::corpus::{clean, CleanConfig, CleanRule};
//!
//! let raw = "编辑:任溢斌 美编:顾小建\n\nA12\n\n金沙街道全力打造城市产业片区——太山产业片\n\n区。目前，该片区已建成达金实业工业区。\n·徐爱银·\n";
//! let cleaned = clean(raw, &CleanConfig::default());
//! assert_eq!(cleaned.text, "金沙街道全力打造城市产业片区——太山产业片区。目前,该片区已建成达金实业工业区。");
//! assert_eq!(cleaned.stats.get(CleanRule::LayoutBreaks), 1);
//! assert_eq!(cleaned.stats.get(CleanRule::FullWidth), 1);
//! ```
use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

mod fold;
mod furniture;
mod join;
mod layout;
mod lost_breaks;
mod newspaper;
mod repeats;
mod web;

use fold::{fold_full_width, split_lines};
use furniture::classify_lines;
use join::join_lines;
use lost_breaks::{remove_wrap_spaces, split_run_together};
use newspaper::remove_inline_page_numbers;
use repeats::{remove_repeated, remove_tail_repeats};

/// Which cleaning rules run. Every rule is on by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CleanConfig {
    /// Drop newspaper furniture. Default: true.
    pub newspaper_furniture: bool,
    /// Drop web furniture. Default: true.
    pub web_furniture: bool,
    /// Rejoin lines broken by page layout. Default: true.
    pub rejoin_lines: bool,
    /// Remove paragraphs and sentences repeated by layout. Default: true.
    pub remove_repeats: bool,
    /// Fold full-width ASCII to half-width. Default: true.
    pub fold_full_width: bool,
}

impl Default for CleanConfig {
    fn default() -> Self {
        CleanConfig {
            newspaper_furniture: true,
            web_furniture: true,
            rejoin_lines: true,
            remove_repeats: true,
            fold_full_width: true,
        }
    }
}

/// A cleaning rule, as counted in [`CleanStats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CleanRule {
    /// 编辑/美编/校对/组版 lines, page codes, bylines, 本报记者 lines …
    NewspaperFurniture,
    /// 下载 打印 全屏 收藏 【字号 大 中 小】 …
    WebFurniture,
    /// Line breaks inside a sentence, from page layout.
    LayoutBreaks,
    /// Paragraphs and sentences repeated by layout.
    RepeatedText,
    /// Full-width ASCII folded (characters changed, not removed).
    FullWidth,
    /// Blank lines and surrounding white space.
    Whitespace,
}

/// Characters removed (or, for [`CleanRule::FullWidth`], changed) per rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanStats {
    /// Count per rule; rules that did nothing are absent.
    pub chars: BTreeMap<CleanRule, usize>,
}

impl CleanStats {
    /// The count for `rule`; 0 when the rule did nothing.
    ///
    /// ```
    /// use policylens::corpus::{clean, CleanConfig, CleanRule};
    ///
    /// let c = clean("  各位代表：  \n\n\n", &CleanConfig::default());
    /// assert_eq!(c.text, "各位代表:");
    /// assert_eq!(c.stats.get(CleanRule::Whitespace), 7);
    /// assert_eq!(c.stats.get(CleanRule::WebFurniture), 0);
    /// ```
    pub fn get(&self, rule: CleanRule) -> usize {
        self.chars.get(&rule).copied().unwrap_or(0)
    }

    /// Characters removed by all rules together ([`CleanRule::FullWidth`] changes characters and
    /// is left out).
    pub fn removed(&self) -> usize {
        self.chars
            .iter()
            .filter(|(rule, _)| **rule != CleanRule::FullWidth)
            .map(|(_, n)| n)
            .sum()
    }

    fn add(&mut self, rule: CleanRule, n: usize) {
        if n > 0 {
            *self.chars.entry(rule).or_default() += n;
        }
    }
}

/// The cleaned text and what cleaning did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// One paragraph per line, lines joined by a single `\n`, no blank lines.
    pub text: String,
    /// Characters removed per rule.
    pub stats: CleanStats,
}

/// Cleans decoded text.
///
/// ```
/// use policylens::corpus::{clean, CleanConfig, CleanRule};
///
/// let raw = "本报记者 陈静 通讯员 开宣 张辉\n强党建就是要强学习。开发区精心谋划。\n强党建就是要强队伍。开发区紧抓教育培训。\n网友评论";
/// let c = clean(raw, &CleanConfig::default());
/// assert_eq!(c.text, "强党建就是要强学习。开发区精心谋划。\n强党建就是要强队伍。开发区紧抓教育培训。");
/// assert_eq!(c.stats.get(CleanRule::NewspaperFurniture), 21);
///
/// let off = CleanConfig { newspaper_furniture: false, ..CleanConfig::default() };
/// assert!(clean(raw, &off).text.starts_with("本报记者"));
/// ```
pub fn clean(raw: &str, config: &CleanConfig) -> Cleaned {
    let mut stats = CleanStats::default();
    let mut acc = Accounting::default();

    let mut lines = split_lines(raw, &mut stats, &mut acc);
    if config.newspaper_furniture {
        remove_inline_page_numbers(&mut lines, &mut stats);
    }
    if config.rejoin_lines {
        lines = split_run_together(lines, &mut acc);
        remove_wrap_spaces(&mut lines, &mut stats);
    }
    let mut items = classify_lines(lines, config, &mut stats);
    if config.remove_repeats {
        remove_tail_repeats(&mut items, &mut stats);
    }
    let paragraphs = join_lines(items, config, &mut stats, &mut acc);
    let paragraphs = if config.remove_repeats {
        remove_repeated(paragraphs, &mut stats)
    } else {
        paragraphs
    };

    let mut text = String::with_capacity(paragraphs.iter().map(|p| p.len() + 1).sum());
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(p);
    }
    let out_breaks = paragraphs.len().saturating_sub(1);
    // Every line break of the input (or made by splitting) is either kept between paragraphs,
    // counted as a layout break, or white space.
    stats.add(
        CleanRule::Whitespace,
        acc.breaks.saturating_sub(acc.joined + out_breaks),
    );
    if config.fold_full_width {
        let (folded, changed) = fold_full_width(&text);
        if changed > 0 {
            text = folded;
        }
        stats.add(CleanRule::FullWidth, changed);
    }
    Cleaned { text, stats }
}

/// Line breaks seen and consumed, for the white-space count.
#[derive(Default)]
struct Accounting {
    /// Line breaks in the input plus breaks made by splitting run-together lines.
    breaks: usize,
    /// Breaks consumed by joining lines (removed or turned into a space).
    joined: usize,
}

/// A line after furniture removal: text to keep, or a point the joiner must not cross.
enum Item {
    Line(String),
    Boundary,
}

/// Compiles one of the cleaning rules' constant patterns once.
// The patterns are literals in `newspaper.rs` and `web.rs`, every one exercised by the unit
// tests, so a failure
// here is a programming error caught before release, never something input can cause.
#[allow(clippy::expect_used)]
fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("constant pattern compiles"))
}

/// Length in characters.
fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// Byte index where the last `n` characters of `s` start.
fn start_of_last_chars(s: &str, n: usize) -> usize {
    if n == 0 {
        return s.len();
    }
    s.char_indices()
        .rev()
        .nth(n - 1)
        .map(|(i, _)| i)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn on() -> CleanConfig {
        CleanConfig::default()
    }

    /// Characters in = characters out + everything removed.
    pub(super) fn check(raw: &str, cfg: &CleanConfig) -> Cleaned {
        let c = clean(raw, cfg);
        assert_eq!(
            char_count(raw),
            char_count(&c.text) + c.stats.removed(),
            "accounting for {raw:?} -> {:?} {:?}",
            c.text,
            c.stats
        );
        for line in c.text.split('\n') {
            assert!(c.text.is_empty() || !line.is_empty(), "blank line");
            assert_eq!(line, line.trim(), "untrimmed line");
        }
        c
    }

    pub(super) fn cleaned(raw: &str) -> Cleaned {
        check(raw, &on())
    }

    #[test]
    fn all_rules_off_only_trims() {
        let cfg = CleanConfig {
            newspaper_furniture: false,
            web_furniture: false,
            rejoin_lines: false,
            remove_repeats: false,
            fold_full_width: false,
        };
        let raw =
            "编辑:任溢斌\n\nA12\n党建引\n\n领 多网融合。\n党建引领。党建引领。\n下载 打印\n（一）";
        let c = check(raw, &cfg);
        assert_eq!(
            c.text,
            "编辑:任溢斌\nA12\n党建引\n领 多网融合。\n党建引领。党建引领。\n下载 打印\n（一）"
        );
        assert_eq!(
            c.stats.chars.keys().collect::<Vec<_>>(),
            [&CleanRule::Whitespace]
        );
    }

    #[test]
    fn robustness() {
        let mut garbage = String::new();
        for i in 0..5000u32 {
            let c = char::from_u32((i * 7919) % 0x3_0000).unwrap_or('x');
            garbage.push(c);
        }
        for raw in [
            "",
            " ",
            "\n\n\n",
            "\t \u{3000}\r\n",
            "。",
            "”",
            "（",
            "·",
            "一、",
            "A",
            "\u{0}\u{1}\u{1b}[0m",
            "Hello, world! Привет. مرحبا؟ 你好。😀👍🏽 ｈｅｌｌｏ",
            "English line without end\nnext line",
            garbage.as_str(),
        ] {
            let c = cleaned(raw);
            let _ = crate::corpus::parse(&c.text);
        }
        assert_eq!(cleaned("").text, "");
        assert_eq!(cleaned(" \n \n").text, "");
        assert_eq!(
            cleaned("English line\nnext line").text,
            "English line\nnext line"
        );
    }

    #[test]
    fn huge_single_line_is_fast() {
        let raw = "没有标点的超长一行文字".repeat(160_000); // 5.3 MB
        let t = std::time::Instant::now();
        let c = cleaned(&raw);
        assert_eq!(c.text.len(), raw.len());
        let mut two = raw.clone();
        two.push('\n');
        two.push_str(&raw);
        let c2 = cleaned(&two);
        assert!(!c2.text.is_empty());
        assert!(t.elapsed().as_secs() < 20, "took {:?}", t.elapsed());
    }
}
