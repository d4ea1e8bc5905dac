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
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use unicode_width::UnicodeWidthStr;

use super::structure::{
    heading_marker, is_bullet, is_clause_punct, is_closer, is_cn_numeral, is_han, is_opener,
    is_terminator, sentence_ranges, title_like,
};

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

// ---------------------------------------------------------------------------------------------
// Characters.
// ---------------------------------------------------------------------------------------------

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

fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Folds full-width ASCII and U+3000; returns the text and the number of characters changed.
fn fold_full_width(s: &str) -> (String, usize) {
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
fn folded(s: &str) -> Cow<'_, str> {
    if s.chars().any(|c| fold_char(c) != c) {
        Cow::Owned(s.chars().map(fold_char).collect())
    } else {
        Cow::Borrowed(s)
    }
}

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

/// Whether the text ends a sentence (or a paragraph): a terminator, `…` or a colon, possibly
/// followed by closing quotes and brackets.
fn ends_sentence(s: &str) -> bool {
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
fn han_near_end(s: &str) -> bool {
    s.chars().rev().take(16).any(is_han)
}

fn han_near_start(s: &str) -> bool {
    s.chars().take(16).any(is_han)
}

// ---------------------------------------------------------------------------------------------
// Step 1: lines and white space.
// ---------------------------------------------------------------------------------------------

fn split_lines(raw: &str, stats: &mut CleanStats, acc: &mut Accounting) -> Vec<String> {
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

// ---------------------------------------------------------------------------------------------
// Step 2: run-together lines, wrap spaces, inline page numbers.
// ---------------------------------------------------------------------------------------------

/// Splits a line where a sentence ends and a space follows before the next Chinese sentence:
/// Chinese text has no spaces after `。`, so such a space is a lost line break. A numbered
/// heading run into the text around it (`…意见。一、2023年工作回顾 过去的一年…`, `…工作： （一）…`)
/// is split off too; where no space precedes the heading a line break is inserted.
fn split_run_together(lines: Vec<String>, acc: &mut Accounting) -> Vec<String> {
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

fn inline_page_number() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"(?:^|\s)[—–―\-－]{1,2}\s?\d{1,3}\s?[—–―\-－]{1,2}(?:\s|$)",
    )
}

/// Removes page numbers such as `— 1 —` standing between spaces inside a line (PDF text whose
/// line and page breaks became spaces).
fn remove_inline_page_numbers(lines: &mut [String], stats: &mut CleanStats) {
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

/// Whether a space at this point separates two parts of one Latin word sequence, which must
/// keep it (`PM 2.5` stays, `深 入` does not).
fn latin_pair(a: Option<char>, b: Option<char>) -> bool {
    a.is_some_and(|a| a.is_ascii_alphanumeric()) && b.is_some_and(|b| b.is_ascii_alphanumeric())
}

/// In documents whose line wraps became spaces (dense spaces inside long Chinese lines, e.g.
/// `在全市深 入开展`), removes those spaces from body lines.
fn remove_wrap_spaces(lines: &mut [String], stats: &mut CleanStats) {
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

// ---------------------------------------------------------------------------------------------
// Step 3: furniture.
// ---------------------------------------------------------------------------------------------

/// A line after furniture removal: text to keep, or a point the joiner must not cross.
enum Item {
    Line(String),
    Boundary,
}

/// What kind of furniture a line is, and whether it ends an article (so that the text before
/// and after it must not be joined). Page headers and page numbers do not end an article: a
/// paragraph can continue on the next page.
struct Furniture {
    rule: CleanRule,
    boundary: bool,
}

/// Compiles one of this module's constant patterns once.
// The patterns are literals in this file, every one exercised by the unit tests, so a failure
// here is a programming error caught before release, never something input can cause.
#[allow(clippy::expect_used)]
fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("constant pattern compiles"))
}

fn page_code() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^(?:[A-Z]{1,2}\d{1,3}\s*版?|第\s*[0-9一二三四五六七八九十]{1,3}\s*版|\d{1,3}\s*版|[—–―\-]{1,2}\s*\d{1,4}\s*[—–―\-]{0,2}|第\s*\d{1,4}\s*页(?:\s*/?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,3})$",
    )
}

fn dateline() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:(?:星期|周|礼拜)[一二三四五六日天])?\s*(?:农历\S{0,12})?$",
    )
}

fn editor_label() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^(?:责任编辑|本版编辑|值班编辑|见习编辑|网络编辑|执行编辑|编辑|美编|美术编辑|校对|组版|责编|审核|审校|终审|初审|复审|一审|二审|三审|排版|版式设计|版式|制图|美工|监制|统筹|策划)\s*[:/]",
    )
}

fn byline_dots() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^[·•]\s*[\p{Han}A-Za-z][\p{Han}A-Za-z ·]{0,24}\s*[·•]$",
    )
}

fn picture_credit() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^\(?(?:本版|本组|以上|文中)?(?:图片|照片|配图|图)均?(?:由.{1,30}提供|来源\s*:?.{1,30}|来自.{1,30})\)?$",
    )
}

fn source_label() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^(?:信息来源|稿件来源|新闻来源|文章来源|来源|作者|原标题|出处)\s*:",
    )
}

fn comment_label() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, r"^(?:网友评论|我要评论|发表评论|查看评论|评论)\s*:?$")
}

fn web_meta() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"发布时间|发布日期|发稿时间|更新时间|浏览次数|浏览量|阅读次数|阅读量|点击数|点击量|点击率|访问量|访问次数|【打印】|【关闭】",
    )
}

fn web_prefix() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(
        &RE,
        r"^(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上篇|下篇|当前位置|您当前的位置|您现在的位置|你现在的位置|您的位置|扫一扫|手机扫一扫|微信扫一扫|扫描二维码|用手机扫描|手机扫描|主办单位|承办单位|协办单位|技术支持|运维单位|运维保障|网站标识码|网站管理|网站维护|备案号|版权所有|版权声明|免责声明|相关阅读|相关新闻|相关链接|延伸阅读|推荐阅读|热点推荐|热门推荐)",
    )
}

fn web_anywhere() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    re(&RE, r"(?i)ICP备|公网安备|版权所有|copyright|©")
}

/// Page controls that make up a line of web furniture (`下载 打印 全屏 收藏`).
const WEB_TOKENS: [&str; 51] = [
    "打印本页",
    "打印此页",
    "打印文章",
    "关闭窗口",
    "关闭本页",
    "返回顶部",
    "加入收藏",
    "我要纠错",
    "复制链接",
    "党政机关",
    "网站地图",
    "页面纠错",
    "版权声明",
    "关于我们",
    "联系我们",
    "网站声明",
    "隐私声明",
    "使用帮助",
    "长者模式",
    "新浪微博",
    "腾讯微博",
    "QQ空间",
    "分享到",
    "扫一扫",
    "朋友圈",
    "无障碍",
    "English",
    "字号",
    "字体",
    "下载",
    "打印",
    "全屏",
    "收藏",
    "关闭",
    "分享",
    "纠错",
    "保存",
    "默认",
    "微信",
    "微博",
    "放大",
    "缩小",
    "返回",
    "顶部",
    "首页",
    "繁体",
    "简体",
    "QQ",
    "大",
    "中",
    "小",
];

/// A line made only of page controls and separators, with at least one control of two or more
/// characters.
fn only_web_tokens(line: &str) -> bool {
    if char_count(line) > 80 {
        return false;
    }
    // Every control starts with one of these characters; most lines fail here at once.
    const FIRST: &str =
        "打关返加我复党网页版联隐使长新腾QQ分扫朋无E字下全收纠保默微放缩顶首繁简大中小";
    let mut rest = line;
    let mut long_token = false;
    while let Some(c) = rest.chars().next() {
        if !FIRST.contains(c) && !c.is_whitespace() && !"|【】[]()（）:：/·-—、,，>»<«".contains(c)
        {
            return false;
        }
        if c.is_whitespace() || "|【】[]()（）:：/·-—、,，>»<«".contains(c) {
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let Some(tok) = WEB_TOKENS.iter().find(|t| rest.starts_with(**t)) else {
            return false;
        };
        long_token |= tok.chars().count() >= 2;
        rest = &rest[tok.len()..];
    }
    long_token
}

/// Pipe-separated navigation: `网站地图 | 页面纠错 | 版权声明`.
fn pipe_navigation(line: &str) -> bool {
    line.matches('|').count() >= 2
        && line.split('|').all(|seg| char_count(seg.trim()) <= 12)
        && !line.contains('。')
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
fn reporter_credit(s: &str) -> bool {
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
fn strip_credits(line: String, stats: &mut CleanStats) -> String {
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

fn classify_lines(lines: Vec<String>, config: &CleanConfig, stats: &mut CleanStats) -> Vec<Item> {
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

// ---------------------------------------------------------------------------------------------
// Step 4: layout repeats at the tail of a broken line.
// ---------------------------------------------------------------------------------------------

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
fn remove_tail_repeats(items: &mut [Item], stats: &mut CleanStats) {
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

// ---------------------------------------------------------------------------------------------
// Step 5: joining lines broken by layout.
// ---------------------------------------------------------------------------------------------

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
struct Para {
    text: String,
    /// Byte length of its first line within `text`.
    first_len: usize,
    /// Byte offset of its last line within `text`.
    last_start: usize,
    lines: usize,
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
    fn first(&self) -> &str {
        &self.text[..self.first_len]
    }
    fn last(&self) -> &str {
        &self.text[self.last_start..]
    }
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
fn heading_only(line: &str) -> bool {
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
fn subhead_series(items: &[Item]) -> HashSet<String> {
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
fn should_join(
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

/// Length in characters of the longest start of `line` (2 to 16 characters) that repeats the
/// end of `prev`, when it is a layout overlap: it holds punctuation or is at least 4 long.
fn overlap(prev: &str, line: &str) -> usize {
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

fn join_lines(
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

// ---------------------------------------------------------------------------------------------
// Step 6: repeated paragraphs and sentences.
// ---------------------------------------------------------------------------------------------

/// Normal form for comparing repeats: folded, without white space.
fn normal(s: &str) -> String {
    s.chars()
        .map(fold_char)
        .filter(|c| !c.is_whitespace())
        .collect()
}

const MIN_REPEAT: usize = 12;
const SENTENCE_WINDOW: usize = 8;

fn remove_repeated(paragraphs: Vec<String>, stats: &mut CleanStats) -> Vec<String> {
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
    use super::*;

    fn on() -> CleanConfig {
        CleanConfig::default()
    }

    /// Characters in = characters out + everything removed.
    fn check(raw: &str, cfg: &CleanConfig) -> Cleaned {
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

    fn cleaned(raw: &str) -> Cleaned {
        check(raw, &on())
    }

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

    #[test]
    fn web_furniture_lines() {
        let raw = "下载 打印 全屏 收藏\n【打印本页】【关闭窗口】\n分享到：微信 微博 QQ空间\n当前位置：首页 > 政务公开 > 规划计划\n【字号 大 中 小】\n来源:市政府 发布时间:2024-01-05\n关于印发方案的通知\n各单位要认真落实。\n上一篇：关于开展检查的通知\n扫一扫在手机打开当前页\n打印关闭分享到：\n网站地图 | 页面纠错 | 版权声明 | 关于我们\n备案号：湘ICP备05002141号\n浏览次数：1234";
        let c = cleaned(raw);
        assert_eq!(c.text, "关于印发方案的通知\n各单位要认真落实。");
        assert!(c.stats.get(CleanRule::WebFurniture) > 60);
        assert_eq!(c.stats.get(CleanRule::NewspaperFurniture), 0);
        let off = CleanConfig {
            web_furniture: false,
            ..on()
        };
        let c = check(raw, &off);
        assert!(c.text.contains("下载 打印 全屏 收藏"));
        assert!(c.text.contains("上一篇"));
        assert_eq!(c.stats.get(CleanRule::WebFurniture), 0);
    }

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
