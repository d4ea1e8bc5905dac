//! Segmentation: jieba-rs behind our own [`Segmenter`] and [`Token`].
//!
//! The segmenter loads jieba's dictionary plus the bundled policy lexicon, the gazetteer's
//! place names and any user dictionaries, so that 党建引领, 营商环境 and 金沙街道 come out
//! whole. [`Segmenter::cut`] returns every token; [`Segmenter::tokens`] returns the content
//! words that analyses count: stopwords, numerals, particles, punctuation and one-character
//! tokens dropped (lexicon entries always kept), aliases mapped to their canonical term.
//!
//! ```
//! use policylens::segment::{SegmentConfig, Segmenter};
//!
//! let segmenter = Segmenter::new(&SegmentConfig::default()).unwrap();
//! let text = "金沙街道坚持以党建引领基层治理，持续优化营商环境。";
//! let terms: Vec<&str> = segmenter.tokens(text).iter().map(|t| t.term).collect();
//! assert!(terms.contains(&"党建引领"));
//! assert!(terms.contains(&"营商环境"));
//! assert!(!terms.contains(&"坚持")); // report boilerplate, a domain stopword
//! for token in segmenter.tokens(text) {
//!     assert_eq!(&text[token.range.clone()], token.text);
//! }
//! ```

mod cache;
mod dict;
mod stopwords;
mod units;

use std::cell::RefCell;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

pub use dict::{parse_dict, read_dict, DictEntry};
pub use stopwords::{
    domain as domain_stopwords, general as general_stopwords, parse_list, read_list,
};
pub use units::{segment_corpus, UnitTokens};

use crate::corpus::Gazetteer;
use crate::{Error, PolicyLexicon, Result};
use cache::{medium_key, short_key, Packed, PackedTable, WordCache, MEDIUM_MAX, SHORT_MAX};

/// A token: its text, canonical term, part of speech and byte range in the input.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Token<'a> {
    /// The text as it stands in the input: `&input[range]`.
    pub text: &'a str,
    /// The term it counts as: the canonical form for a lexicon alias, else `text`.
    pub term: &'a str,
    /// jieba part-of-speech tag (`n`, `vn`, `ns`, `m`, `x` …).
    pub pos: &'a str,
    /// Byte range in the input.
    pub range: Range<usize>,
}

/// Which tokens count as content words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenFilter {
    /// Keep only tokens whose POS tag is in `keep_pos` (lexicon and user-dictionary words are
    /// always kept). Default: true.
    pub content_only: bool,
    /// POS tags kept: nouns, place/organisation/person names, verb-nouns, adjective-nouns,
    /// idioms, fixed expressions, abbreviations, foreign words. Default:
    /// `n nr nrfg nrt ns nt nz ng vn an i l j eng`.
    pub keep_pos: Vec<String>,
    /// Tokens shorter than this many characters are dropped unless in the lexicon. Default: 2.
    pub min_chars: usize,
}

impl Default for TokenFilter {
    fn default() -> Self {
        TokenFilter {
            content_only: true,
            keep_pos: "n nr nrfg nrt ns nt nz ng vn an i l j eng"
                .split(' ')
                .map(str::to_string)
                .collect(),
            min_chars: 2,
        }
    }
}

/// How the segmenter is built. Every field's default is documented beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SegmentConfig {
    /// Let jieba's HMM guess unknown words. Default: false (it glues 年稠江 and the like).
    pub hmm: bool,
    /// Load the bundled policy lexicon. Default: true.
    pub policy_lexicon: bool,
    /// Load the gazetteer's place names. Default: true.
    pub place_names: bool,
    /// User dictionaries in jieba's `word [freq] [tag]` format, loaded in order. Default: none.
    pub user_dicts: Vec<PathBuf>,
    /// Drop the general Chinese stopword list. Default: true.
    pub general_stopwords: bool,
    /// Drop the domain list of report boilerplate. Default: true.
    pub domain_stopwords: bool,
    /// Further stopword lists, one word per line. Default: none.
    pub user_stopwords: Vec<PathBuf>,
    /// Which tokens [`Segmenter::tokens`] keeps.
    pub filter: TokenFilter,
    /// Words kept whole and always counted as content (a theme lexicon's seeds), tagged `nz`.
    /// Default: none.
    pub extra_words: Vec<String>,
}

impl Default for SegmentConfig {
    fn default() -> Self {
        SegmentConfig {
            hmm: false,
            policy_lexicon: true,
            place_names: true,
            user_dicts: Vec::new(),
            general_stopwords: true,
            domain_stopwords: true,
            user_stopwords: Vec::new(),
            filter: TokenFilter::default(),
            extra_words: Vec::new(),
        }
    }
}

/// POS tag given to lexicon and user-dictionary words jieba does not know.
const LEXICON_TAG: &str = "nz";

/// What the segmenter knows about one distinct word, in two bytes. Every question the
/// filter asks is answered by one lookup of this in the per-thread [`WordCache`] (jieba's own
/// `tag` costs a quarter more than `cut` on every token), where it is packed into the spare
/// bits of the word's key.
///
/// Bit 0: a content word under the filter and stopwords. Bit 1: a lexicon alias, whose
/// canonical term is in `Segmenter::aliases`. Bits 8–15: the part of speech, as an index into
/// `Segmenter::tags` ([`UNLISTED_TAG`] for a tag outside it, looked up again when needed).
#[derive(Debug, Clone, Copy)]
struct WordInfo(u16);

/// Tag index of a word whose tag is not in `Segmenter::tags`.
const UNLISTED_TAG: u16 = 0xFF;

impl WordInfo {
    fn content(self) -> bool {
        self.0 & 1 != 0
    }

    fn alias(self) -> bool {
        self.0 & 2 != 0
    }

    fn tag_index(self) -> u16 {
        self.0 >> 8
    }
}

/// A configured segmenter. Build once (loading the dictionaries and 46,000 place names takes
/// under a second) and share across threads: `&Segmenter` is `Sync`.
pub struct Segmenter {
    jieba: jieba_rs::Jieba,
    hmm: bool,
    lexicon: PolicyLexicon,
    /// Stopwords (after aliases are resolved), lexicon and user-dictionary words.
    stopwords: FxHashSet<Box<str>>,
    always_keep: FxHashSet<Box<str>>,
    /// Alias → canonical term.
    aliases: FxHashMap<Box<str>, Box<str>>,
    keep_pos: FxHashSet<Box<str>>,
    filter: TokenFilter,
    /// Part-of-speech tags a [`WordInfo`] can name: jieba's set and the user dictionaries'.
    tags: Vec<&'static str>,
    /// Identifies this segmenter's entries in the per-thread word cache.
    id: u64,
    /// True when a one-character word can be content (a user dictionary or `min_chars` 1), so
    /// single characters cannot be dropped without a lookup.
    single_chars_matter: bool,
}

/// Source of [`Segmenter`] ids, so a thread's word cache is never read for another segmenter.
static NEXT_SEGMENTER_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    static WORD_CACHE: RefCell<WordCache> = RefCell::new(WordCache::default());
}

/// True when `word` is one character (or empty): its length is the width of the UTF-8
/// sequence its first byte starts.
#[inline]
fn is_one_char(word: &str) -> bool {
    let b = word.as_bytes().first().copied().unwrap_or(0);
    let width = 1 + usize::from(b >= 0xC0) + usize::from(b >= 0xE0) + usize::from(b >= 0xF0);
    word.len() <= width
}

/// Bytes of text handed to jieba at once, roughly: enough that a call's fixed cost is
/// nothing, small enough that jieba's token vector stays in cache while it is read back.
const CHUNK_BYTES: usize = 2048;

/// `text` in pieces that jieba segments exactly as it segments the whole: each piece but the
/// last ends with a line feed. jieba cuts its input into runs of han characters (CJK,
/// ASCII letters and digits, `+#&._%-`) and emits every other character as a token of its
/// own (only `\r\n` is kept together), so a run never spans a line feed and a cut after one
/// changes nothing. Yields each piece with its byte offset in `text`.
struct Chunks<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Chunks<'a> {
    fn new(text: &'a str) -> Self {
        Chunks { text, pos: 0 }
    }
}

impl<'a> Iterator for Chunks<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let start = self.pos;
        let rest = self.text.get(start..).filter(|r| !r.is_empty())?;
        // The first line feed at or past CHUNK_BYTES; a line feed is one byte, so the piece
        // ends on a character boundary.
        let end = rest
            .as_bytes()
            .get(CHUNK_BYTES..)
            .and_then(|tail| memchr::memchr(b'\n', tail))
            .map_or(rest.len(), |i| CHUNK_BYTES + i + 1);
        self.pos = start + end;
        rest.get(..end).map(|piece| (start, piece))
    }
}

/// Interns a POS tag. Tags form a small closed set (jieba's few dozen plus users' own), so
/// leaking each distinct one once lets tokens carry `&'static str` tags out of a shared cache.
fn intern(tag: &str) -> &'static str {
    static TABLE: OnceLock<Mutex<FxHashSet<&'static str>>> = OnceLock::new();
    let mut table = TABLE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(interned) = table.get(tag) {
        return interned;
    }
    let interned: &'static str = Box::leak(Box::from(tag));
    table.insert(interned);
    interned
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter")
            .field("lexicon_version", &self.lexicon.version)
            .field("lexicon_entries", &self.lexicon.len())
            .field("stopwords", &self.stopwords.len())
            .field("filter", &self.filter)
            .finish()
    }
}

impl Segmenter {
    /// Builds a segmenter: jieba's dictionary, then place names, the policy lexicon and user
    /// dictionaries (later ones win), then stopword lists.
    pub fn new(config: &SegmentConfig) -> Result<Segmenter> {
        if config.filter.min_chars == 0 {
            return Err(Error::param("min_chars", 0, "at least 1"));
        }
        let mut jieba = jieba_rs::Jieba::new();
        if config.place_names {
            for name in Gazetteer::bundled().place_names() {
                jieba.add_word(name, None, Some("ns"));
            }
        }
        let lexicon = if config.policy_lexicon {
            PolicyLexicon::bundled().clone()
        } else {
            PolicyLexicon::default()
        };
        let mut tags: Vec<&'static str> = dict::JIEBA_TAGS.iter().map(|t| intern(t)).collect();
        let mut always_keep = FxHashSet::default();
        let mut aliases: FxHashMap<Box<str>, Box<str>> = FxHashMap::default();
        for word in lexicon.words() {
            jieba.add_word(word, None, Some(LEXICON_TAG));
            always_keep.insert(Box::from(word));
            if let Some(term) = lexicon.canonical(word).filter(|t| *t != word) {
                aliases.insert(Box::from(word), Box::from(term));
            }
        }
        for path in &config.user_dicts {
            for entry in read_dict(path)? {
                let tag = entry.tag.as_deref().unwrap_or(LEXICON_TAG);
                jieba.add_word(&entry.word, entry.freq, Some(tag));
                if !tags.contains(&tag) && tags.len() < usize::from(UNLISTED_TAG) {
                    tags.push(intern(tag));
                }
                always_keep.insert(entry.word.into_boxed_str());
            }
        }
        for word in &config.extra_words {
            jieba.add_word(word, None, Some(LEXICON_TAG));
            always_keep.insert(Box::from(word.as_str()));
        }
        let mut stop = Vec::new();
        if config.general_stopwords {
            stop.extend(general_stopwords());
        }
        if config.domain_stopwords {
            stop.extend(domain_stopwords());
        }
        for path in &config.user_stopwords {
            stop.extend(read_list(path)?);
        }
        let mut stopwords: FxHashSet<Box<str>> = stop.into_iter().map(Box::from).collect();
        // Extra words are asked for by name (a theme's seeds): they count even if a list stops them.
        for word in &config.extra_words {
            stopwords.remove(word.as_str());
        }
        // An alias whose canonical term is a stopword is a stopword too.
        for (alias, term) in &aliases {
            if stopwords.contains(term) {
                stopwords.insert(alias.clone());
            }
        }
        let single_chars_matter =
            config.filter.min_chars < 2 || always_keep.iter().any(|w| w.chars().count() < 2);
        Ok(Segmenter {
            jieba,
            hmm: config.hmm,
            lexicon,
            stopwords,
            always_keep,
            aliases,
            keep_pos: config
                .filter
                .keep_pos
                .iter()
                .map(|t| Box::from(t.as_str()))
                .collect(),
            filter: config.filter.clone(),
            tags,
            id: NEXT_SEGMENTER_ID.fetch_add(1, Ordering::Relaxed),
            single_chars_matter,
        })
    }

    /// The policy lexicon loaded into this segmenter.
    pub fn lexicon(&self) -> &PolicyLexicon {
        &self.lexicon
    }

    /// Every token of `text`, punctuation and white space included, with POS tags.
    pub fn cut<'a>(&'a self, text: &'a str) -> Vec<Token<'a>> {
        let mut out = Vec::with_capacity(text.len() / 4);
        self.with_cache(|cache| {
            for (offset, chunk) in Chunks::new(text) {
                for t in self.jieba.cut(chunk, self.hmm) {
                    let start = offset + t.byte_start;
                    let info = self.lookup(cache, text, start, t.word);
                    out.push(self.make(t.word, start, info));
                }
            }
        });
        out
    }

    /// The content tokens of `text` (see [`TokenFilter`]), in order.
    pub fn tokens<'a>(&'a self, text: &'a str) -> Vec<Token<'a>> {
        // About one token in four is content, some five bytes of text a token: reserving
        // that avoids most regrowth.
        let mut out = Vec::with_capacity(text.len() / 16);
        self.each_content(text, |start, word, info| {
            out.push(self.make(word, start, info));
        });
        out
    }

    /// Calls `f(start, word, info)` for each content token of `text`, in order. Inlined so
    /// that `f` is inlined into the token loop.
    #[inline(always)]
    fn each_content<'a>(&'a self, text: &'a str, mut f: impl FnMut(usize, &'a str, WordInfo)) {
        self.with_cache(|cache| {
            for (offset, chunk) in Chunks::new(text) {
                for t in self.jieba.cut(chunk, self.hmm) {
                    // Half of all tokens are single characters (punctuation, 的, 和 …): drop
                    // them before any lookup when no single character can be content.
                    if !self.single_chars_matter && is_one_char(t.word) {
                        continue;
                    }
                    let start = offset + t.byte_start;
                    let info = self.lookup(cache, text, start, t.word);
                    if info.content() {
                        f(start, t.word, info);
                    }
                }
            }
        });
    }

    /// The token for `word`, which starts at byte `start` of the input. Inlined so the token
    /// is built in place in the output vector.
    #[inline(always)]
    fn make<'a>(&'a self, word: &'a str, start: usize, info: WordInfo) -> Token<'a> {
        Token {
            text: word,
            term: self.term_of(word, info),
            pos: self.tag_of(word, info),
            range: start..start + word.len(),
        }
    }

    /// The term `word` counts as: its canonical form if it is a lexicon alias.
    #[inline(always)]
    fn term_of<'a>(&'a self, word: &'a str, info: WordInfo) -> &'a str {
        if info.alias() {
            self.aliases.get(word).map_or(word, |c| &**c)
        } else {
            word
        }
    }

    fn tag_of(&self, word: &str, info: WordInfo) -> &'static str {
        match self.tags.get(usize::from(info.tag_index())) {
            Some(tag) => tag,
            None => self.jieba_tag(word),
        }
    }

    /// jieba's tag for `word` alone; a word jieba would split when alone is not in its
    /// dictionary and is tagged unknown (`x`).
    fn jieba_tag(&self, word: &str) -> &'static str {
        match self.jieba.tag(word, self.hmm).as_slice() {
            [only] => intern(only.tag),
            _ => "x",
        }
    }

    /// What is known of `word`, working it out (once per distinct word and thread) if need be.
    ///
    /// The cache is per thread, so lookups take no lock, and words of up to 13 bytes (four
    /// CJK characters: nearly all tokens) are keyed by their bytes packed into an integer, so
    /// a lookup is a multiply and an integer compare (see [`cache`]).
    fn info(&self, word: &str) -> WordInfo {
        self.with_cache(|cache| self.lookup(cache, word, 0, word))
    }

    /// Runs `f` with this thread's word cache, emptied first if another segmenter filled it.
    fn with_cache<R>(&self, f: impl FnOnce(&mut WordCache) -> R) -> R {
        WORD_CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.owner != self.id {
                *cache = WordCache {
                    owner: self.id,
                    ..WordCache::default()
                };
            }
            f(&mut cache)
        })
    }

    /// What is known of `word`, which is `text[start..start + word.len()]`: the key is read
    /// from `text` in one load where it extends far enough, rather than copied byte by byte.
    /// Inlined into the token loop: a word in its home slot, most lookups, is a load, a
    /// multiply and a compare; everything else is out of line.
    #[inline(always)]
    fn lookup(&self, cache: &mut WordCache, text: &str, start: usize, word: &str) -> WordInfo {
        let len = word.len();
        if (1..=SHORT_MAX).contains(&len) {
            let key = short_key(text, start, word);
            match cache.short.get_home(key) {
                Some(info) => info,
                None => self.lookup_packed(&mut cache.short, key, word),
            }
        } else if (SHORT_MAX + 1..=MEDIUM_MAX).contains(&len) {
            let key = medium_key(text, start, word);
            match cache.medium.get_home(key) {
                Some(info) => info,
                None => self.lookup_packed(&mut cache.medium, key, word),
            }
        } else {
            self.lookup_long(cache, word)
        }
    }

    /// A short or medium word not in its home slot: probed for, classified if need be.
    #[inline(never)]
    fn lookup_packed<E: Packed>(&self, table: &mut PackedTable<E>, key: E, word: &str) -> WordInfo {
        table.get(key).unwrap_or_else(|| {
            let info = self.classify(word);
            table.insert(key, info);
            info
        })
    }

    /// An empty word or one of more than [`MEDIUM_MAX`] bytes.
    #[inline(never)]
    fn lookup_long(&self, cache: &mut WordCache, word: &str) -> WordInfo {
        match cache.long.get(word) {
            Some(info) => *info,
            None => {
                let info = self.classify(word);
                cache.long.insert(Box::from(word), info);
                info
            }
        }
    }

    fn classify(&self, word: &str) -> WordInfo {
        let pos = self.jieba_tag(word);
        let content = if self.stopwords.contains(word) {
            false
        } else if self.always_keep.contains(word) {
            true
        } else {
            word.chars().take(self.filter.min_chars).count() == self.filter.min_chars
                && word.chars().any(char::is_alphabetic)
                && (!self.filter.content_only || self.keep_pos.contains(pos))
        };
        let tag_index = self
            .tags
            .iter()
            .position(|t| *t == pos)
            .map_or(UNLISTED_TAG, |i| i as u16);
        let alias = self.aliases.contains_key(word);
        WordInfo(tag_index << 8 | u16::from(alias) << 1 | u16::from(content))
    }

    /// True when `token` is a content word under this segmenter's filter and stopwords.
    pub fn keeps(&self, token: &Token<'_>) -> bool {
        self.info(token.text).content()
    }

    /// True when `word` is a stopword here.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms<'a>(s: &'a Segmenter, text: &'a str) -> Vec<&'a str> {
        s.tokens(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn ranges_slice_the_input_exactly() {
        let s = Segmenter::new(&SegmentConfig::default()).unwrap();
        let text = "１至9月，完成外贸进出口总额4亿元，新增规上限上企业9家。Ａ12版";
        let all = s.cut(text);
        assert_eq!(all.iter().map(|t| t.text).collect::<String>(), text);
        for t in &all {
            assert_eq!(&text[t.range.clone()], t.text);
        }
    }

    #[test]
    fn numbers_punctuation_and_single_chars_are_dropped() {
        let s = Segmenter::new(&SegmentConfig::default()).unwrap();
        let kept = terms(&s, "2023年，全市新增企业9家、项目12个。");
        assert!(kept.iter().all(|t| t.chars().count() >= 2), "{kept:?}");
        assert!(
            !kept.iter().any(|t| t.chars().any(|c| c.is_ascii_digit())),
            "{kept:?}"
        );
        assert!(kept.contains(&"企业"), "{kept:?}");
    }

    #[test]
    fn stopword_lists_are_switchable() {
        let text = "我们坚持推进城市更新工作";
        let on = Segmenter::new(&SegmentConfig::default()).unwrap();
        assert!(!terms(&on, text).contains(&"工作"));
        let off = Segmenter::new(&SegmentConfig {
            domain_stopwords: false,
            ..SegmentConfig::default()
        })
        .unwrap();
        assert!(terms(&off, text).contains(&"工作"));
    }

    #[test]
    fn content_filter_can_be_turned_off() {
        let config = SegmentConfig {
            filter: TokenFilter {
                content_only: false,
                ..TokenFilter::default()
            },
            general_stopwords: false,
            domain_stopwords: false,
            ..SegmentConfig::default()
        };
        let s = Segmenter::new(&config).unwrap();
        assert!(terms(&s, "扎实推进城市更新").contains(&"推进"));
    }

    #[test]
    fn segmenters_sharing_a_thread_never_see_each_others_cached_words() {
        let text = "我们坚持推进城市更新工作，持续优化营商环境";
        let strict = Segmenter::new(&SegmentConfig::default()).unwrap();
        let loose = Segmenter::new(&SegmentConfig {
            domain_stopwords: false,
            ..SegmentConfig::default()
        })
        .unwrap();
        let first = terms(&strict, text);
        for _ in 0..3 {
            assert!(terms(&loose, text).contains(&"工作"));
            assert_eq!(terms(&strict, text), first);
        }
        assert!(!first.contains(&"工作"));
    }

    #[test]
    fn cutting_in_pieces_matches_cutting_whole() {
        let s = Segmenter::new(&SegmentConfig::default()).unwrap();
        // Longer than several pieces, with LF and CRLF line ends, a long line with no line
        // feed at all, and a line feed right at the piece boundary.
        let mut text = "x".repeat(CHUNK_BYTES - 1);
        text.push('\n');
        for i in 0..300 {
            text.push_str(&format!(
                "第{i}段：持续优化营商环境，推进城市更新。ab12\r\n"
            ));
            if i % 7 == 0 {
                text.push_str("\n\r\n");
            }
        }
        text.push_str(&"党建引领基层治理".repeat(600));
        let pieces: Vec<(usize, &str)> = Chunks::new(&text).collect();
        assert!(pieces.len() > 3, "{}", pieces.len());
        assert_eq!(pieces.iter().map(|p| p.1).collect::<String>(), text);
        for (offset, piece) in &pieces {
            assert_eq!(&text[*offset..*offset + piece.len()], *piece);
        }
        let whole: Vec<(&str, Range<usize>)> = s
            .jieba
            .cut(&text, false)
            .into_iter()
            .map(|t| (t.word, t.byte_start..t.byte_end))
            .collect();
        let cut: Vec<(&str, Range<usize>)> = s
            .cut(&text)
            .into_iter()
            .map(|t| (t.text, t.range))
            .collect();
        assert_eq!(cut, whole);
        let kept = s.tokens(&text);
        assert!(kept.iter().any(|t| t.term == "营商环境"));
        assert!(kept
            .iter()
            .all(|t| s.keeps(t) && &text[t.range.clone()] == t.text));
    }

    #[test]
    fn one_char_words_are_recognised() {
        for word in ["", "a", "的", "营商", "𠀀", "ab的"] {
            assert_eq!(is_one_char(word), word.chars().count() <= 1, "{word}");
        }
    }

    #[test]
    fn zero_min_chars_is_refused() {
        let config = SegmentConfig {
            filter: TokenFilter {
                min_chars: 0,
                ..TokenFilter::default()
            },
            ..SegmentConfig::default()
        };
        let err = Segmenter::new(&config).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid min_chars = 0: expected at least 1"
        );
    }
}
