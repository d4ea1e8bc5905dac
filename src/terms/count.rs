//! Counting token n-grams and their documents.
//!
//! Documents are segmented in parallel; counting then runs level by level (pairs, triples …)
//! over token ids, keeping a window only when its parts are frequent enough (frequency and
//! document counts can only fall as a window grows), so memory follows the frequent windows
//! rather than every distinct one.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::TermsConfig;
use crate::segment::Segmenter;
use crate::PolicyLexicon;

/// Token ids from here up are breaks: punctuation, white space, paragraph ends. Quotation
/// marks are told apart from other breaks, to count quoted uses.
pub(super) const FIRST_BREAK: u32 = u32::MAX - 3;
/// An opening quotation mark (“ 「 『 ‘ 《).
pub(super) const OPEN_QUOTE: u32 = u32::MAX - 3;
/// A closing quotation mark (” 」 』 ’ 》).
pub(super) const CLOSE_QUOTE: u32 = u32::MAX - 2;
/// A straight quotation mark, which may open or close.
pub(super) const QUOTE: u32 = u32::MAX - 1;
/// Any other break.
const BREAK: u32 = u32::MAX;
/// Longest numbered formulation, in tokens (一|主|两|城|七|片区).
pub(super) const MAX_NUMBERED: usize = 6;
/// Longest window counted wherever it starts; longer ones only when numbered.
const MAX_PLAIN: usize = 4;
/// A window of token ids, padded with breaks (which never occur inside a window).
pub(super) type Key = [u32; MAX_NUMBERED];

/// Chinese numerals, which start a numbered formulation.
const CHINESE_NUMERALS: &str = "〇零一二三四五六七八九十百千万亿两双";
/// Measure words and suffixes that may follow the numeral of a numbered formulation.
const MEASURES: &str = "个大张项条场支批类化型心级种家朵者色位轮篇字区园廊带片地网";
/// Parts of speech that may not stand at either edge of an n-gram when one character long:
/// particles, prepositions, conjunctions, pronouns, adverbs, locatives, numerals, measure
/// words, interjections, modal particles, onomatopoeia, unknown.
const FUNCTION_POS: &[&str] = &[
    "u", "uj", "ul", "uz", "ug", "uv", "ud", "p", "c", "r", "rr", "rz", "d", "f", "m", "mq", "q",
    "e", "y", "o", "x",
];

/// Occurrences and documents of a word or window.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Stat {
    pub freq: u32,
    pub docs: u32,
    /// 1 + index of the last document counted, so that each document counts once.
    last: u32,
}

impl Stat {
    fn add(&mut self, doc: u32) {
        self.freq += 1;
        if self.last != doc + 1 {
            self.docs += 1;
            self.last = doc + 1;
        }
    }
}

/// What the filters need to know of a word.
#[derive(Debug, Clone, Copy)]
pub(super) struct Class {
    /// May stand at either end of an n-gram: not a stopword, a number or a one-character
    /// function word.
    pub edge: bool,
    /// A number (五张, 500, 一).
    pub number: bool,
    /// Starts with a Chinese numeral, so may start a numbered formulation.
    pub numbered_start: bool,
    /// One character long.
    pub one_char: bool,
    /// A one-character function word (的, 在, 和).
    pub function: bool,
    /// A term or alias of the bundled lexicon.
    pub known: bool,
}

/// Token n-gram counts over a corpus.
pub(super) struct NgramCounts<'a> {
    pub words: Vec<&'a str>,
    pub class: Vec<Class>,
    pub unigrams: Vec<Stat>,
    /// Word tokens in the corpus: the `N` of the probabilities.
    pub total: f64,
    /// Frequent windows of 2 or more tokens.
    pub grams: FxHashMap<Key, Stat>,
    /// Occurrences of every numbered window's frame (the window without its leading numeral).
    pub frames: FxHashMap<String, u32>,
    /// Each document's token ids, breaks included.
    pub streams: Vec<Vec<u32>>,
    pub config: &'a TermsConfig,
}

pub(super) fn key(window: &[u32]) -> Key {
    let mut key = [BREAK; MAX_NUMBERED];
    key[..window.len()].copy_from_slice(window);
    key
}

/// The break a token is, if it is not a word.
fn break_kind(word: &str) -> Option<u32> {
    if word.chars().any(char::is_alphanumeric) && !word.contains(char::is_whitespace) {
        return None;
    }
    Some(match word {
        "“" | "「" | "『" | "‘" | "《" => OPEN_QUOTE,
        "”" | "」" | "』" | "’" | "》" => CLOSE_QUOTE,
        "\"" => QUOTE,
        _ => BREAK,
    })
}

pub(super) fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || CHINESE_NUMERALS.contains(c)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// True for the shape of a numbered formulation: one to four chunks, each numerals, an
/// optional measure word and up to four other CJK characters, with at least one character
/// that is not a numeral (plain numbers are out). A single chunk counted by 一 alone is the
/// ordinary "one …" (一张图, 一件事, 一号工程), not a formulation; with a second chunk it can
/// be one (一企一策).
pub(super) fn numbered_shape(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let (mut i, mut chunks, mut words) = (0, 0, 0);
    let mut lone_yi = false;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && is_numeral(chars[i]) {
            i += 1;
        }
        if i == start || chunks == 4 {
            return false;
        }
        if chunks == 0 {
            lone_yi = chars[start..i] == ['一'];
        }
        chunks += 1;
        if i < chars.len() && MEASURES.contains(chars[i]) {
            i += 1;
            words += 1;
        }
        let content = i;
        while i < chars.len() && !is_numeral(chars[i]) && is_han(chars[i]) {
            i += 1;
        }
        if i - content > 4 || (i < chars.len() && !is_numeral(chars[i])) {
            return false;
        }
        words += i - content;
    }
    words > 0 && !(chunks == 1 && lone_yi)
}

impl<'a> NgramCounts<'a> {
    /// Segments and counts `texts`, one per document.
    pub(super) fn build(
        texts: &[&'a str],
        segmenter: &'a Segmenter,
        config: &'a TermsConfig,
    ) -> NgramCounts<'a> {
        let cuts: Vec<Vec<(&'a str, &'a str)>> = texts
            .par_iter()
            .map(|text| {
                let tokens = segmenter.cut(text);
                tokens.into_iter().map(|t| (t.text, t.pos)).collect()
            })
            .collect();
        let mut counts = NgramCounts {
            words: Vec::new(),
            class: Vec::new(),
            unigrams: Vec::new(),
            total: 0.0,
            grams: FxHashMap::default(),
            frames: FxHashMap::default(),
            streams: Vec::with_capacity(cuts.len()),
            config,
        };
        let mut ids: FxHashMap<&'a str, u32> = FxHashMap::default();
        for (doc, cut) in cuts.iter().enumerate() {
            let mut stream = Vec::with_capacity(cut.len());
            for &(word, pos) in cut {
                if let Some(brk) = break_kind(word) {
                    stream.push(brk);
                    continue;
                }
                let id = *ids.entry(word).or_insert_with(|| {
                    counts.words.push(word);
                    counts.class.push(classify(word, pos, segmenter));
                    counts.unigrams.push(Stat::default());
                    (counts.words.len() - 1) as u32
                });
                counts.unigrams[id as usize].add(doc as u32);
                counts.total += 1.0;
                stream.push(id);
            }
            counts.streams.push(stream);
        }
        let longest = if config.numbered {
            MAX_NUMBERED
        } else {
            config.max_tokens
        };
        for n in 2..=longest {
            counts.count_level(n);
        }
        counts
    }

    pub(super) fn frequent(&self, stat: &Stat) -> bool {
        stat.freq as usize >= self.config.min_freq && stat.docs as usize >= self.config.min_docs
    }

    /// The counts of a window, if it was counted.
    pub(super) fn stat(&self, window: &[u32]) -> Option<&Stat> {
        match window {
            [one] => self.unigrams.get(*one as usize),
            _ => self.grams.get(&key(window)),
        }
    }

    /// A numbered window: starts with a Chinese numeral and numbered formulations are wanted.
    pub(super) fn numbered(&self, window: &[u32]) -> bool {
        self.config.numbered && self.class[window[0] as usize].numbered_start
    }

    /// A window is counted only when both its parts one token shorter are frequent; a part
    /// that is never counted (longer than four tokens and not numbered) does not stop it.
    fn parts_frequent(&self, window: &[u32]) -> bool {
        let n = window.len();
        [&window[..n - 1], &window[1..]]
            .iter()
            .all(|part| match self.stat(part) {
                Some(s) => self.frequent(s),
                None => part.len() > MAX_PLAIN && !self.numbered(part),
            })
    }

    fn count_level(&mut self, n: usize) {
        let mut level: FxHashMap<Key, Stat> = FxHashMap::default();
        let mut frames: FxHashMap<String, u32> = FxHashMap::default();
        for (doc, stream) in self.streams.iter().enumerate() {
            for window in stream.windows(n) {
                if window.iter().any(|&id| id >= FIRST_BREAK) {
                    continue;
                }
                let numbered = self.numbered(window);
                if n > MAX_PLAIN && !numbered {
                    continue;
                }
                if numbered {
                    *frames.entry(self.frame(window)).or_default() += 1;
                }
                if self.parts_frequent(window) {
                    level.entry(key(window)).or_default().add(doc as u32);
                }
            }
        }
        level.retain(|_, s| self.frequent(s));
        self.grams.extend(level);
        for (frame, count) in frames {
            *self.frames.entry(frame).or_default() += count;
        }
    }

    /// The window's tokens written together.
    pub(super) fn surface(&self, window: &[u32]) -> String {
        window.iter().map(|&id| self.words[id as usize]).collect()
    }

    /// The window without its leading numerals: 五张清单 → 张清单.
    pub(super) fn frame(&self, window: &[u32]) -> String {
        self.surface(window)
            .trim_start_matches(is_numeral)
            .to_string()
    }
}

fn classify(word: &str, pos: &str, segmenter: &Segmenter) -> Class {
    let one_char = word.chars().nth(1).is_none();
    let number = pos.starts_with('m') || word.chars().all(|c| is_numeral(c) || c == '.');
    let function = one_char && FUNCTION_POS.contains(&pos);
    Class {
        edge: !segmenter.is_stopword(word) && !number && !function,
        number,
        numbered_start: word
            .chars()
            .next()
            .is_some_and(|c| CHINESE_NUMERALS.contains(c)),
        one_char,
        function,
        known: PolicyLexicon::bundled().contains(word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_shapes() {
        for ok in [
            "五张清单",
            "三个一批",
            "四大双千",
            "一主两城七片区",
            "三亮三比三提升",
            "两品一标",
        ] {
            assert!(numbered_shape(ok), "{ok}");
        }
        // Plain numbers, too long a chunk, something after the last chunk.
        for bad in ["三十五", "一批重大产业项目", "五张清单，", "3.5", "一张图"]
        {
            assert!(!numbered_shape(bad), "{bad}");
        }
    }

    #[test]
    fn punctuation_and_space_are_breaks_and_quotes_are_told_apart() {
        assert_eq!(break_kind("“"), Some(OPEN_QUOTE));
        assert_eq!(break_kind("”"), Some(CLOSE_QUOTE));
        assert_eq!(break_kind("，"), Some(BREAK));
        assert_eq!(break_kind("\n"), Some(BREAK));
        assert_eq!(break_kind("清单"), None);
        assert_eq!(break_kind("5G"), None);
    }
}
