//! The per-thread word cache behind [`Segmenter::tokens`](super::Segmenter::tokens): what
//! the segmenter knows about each distinct word, found again by the word's bytes.
//!
//! Every token is looked up here, and between two lookups jieba's trie walk (a 16 MB table
//! read at random) sweeps the processor's caches, so what a lookup costs is mostly how many
//! cache lines it touches that the walk has evicted. A profile of the earlier layout (a
//! direct-mapped front table over `FxHashMap`s) showed those misses, not instructions, as
//! policylens's per-token cost. Hence the layout here:
//!
//! * Words are keyed by their bytes packed into an integer, and the [`WordInfo`] is packed
//!   into the key's spare bits, so an entry is the key itself: 8 bytes for a word of up to
//!   6 bytes (two CJK characters: four lookups in five), 16 bytes for a word of up to 13
//!   (three or four characters). A corpus's ~27,000 distinct words fit in about 0.5 MB.
//! * Each kind sits in one open-addressing table with linear probing, so a lookup reads one
//!   cache line (a hash map with separate control bytes reads two), and a word first met
//!   early, which is a frequent word, usually sits in its home slot.
//! * Longer words (2% of lookups) go to an ordinary map.

use rustc_hash::FxHashMap;

use super::WordInfo;

/// Longest word, in bytes, kept in [`WordCache::short`].
pub(super) const SHORT_MAX: usize = 6;

/// Longest word, in bytes, kept in [`WordCache::medium`].
pub(super) const MEDIUM_MAX: usize = 13;

/// An integer that holds a packed word key and, in bits the key leaves zero, its
/// [`WordInfo`]. Zero is the empty slot: a key's length field is never zero.
pub(super) trait Packed: Copy + Eq {
    /// The empty slot.
    const EMPTY: Self;
    /// `key` with `info` stored in its spare bits.
    fn with_info(self, info: WordInfo) -> Self;
    /// The [`WordInfo`] stored in an entry.
    fn info(self) -> WordInfo;
    /// The entry with its [`WordInfo`] bits cleared: the key it was made from.
    fn key(self) -> Self;
    /// The home slot of `key` in a table of `64 - shift` bits.
    fn home(self, shift: u32) -> usize;
}

const MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

/// Short key: the word's bytes in bits 0–47, its length in bits 56–59. Stored with it: the
/// tag index (`WordInfo` bits 8–15) in bits 48–55 and the flags (`WordInfo` bits 0–1) in bits
/// 60–61.
impl Packed for u64 {
    const EMPTY: u64 = 0;

    #[inline(always)]
    fn with_info(self, info: WordInfo) -> u64 {
        let info = u64::from(info.0);
        self | (info & 0xFF00) << 40 | (info & 0x3) << 60
    }

    #[inline(always)]
    fn info(self) -> WordInfo {
        WordInfo(((self >> 40) & 0xFF00) as u16 | ((self >> 60) & 0x3) as u16)
    }

    #[inline(always)]
    fn key(self) -> u64 {
        self & !(0xFF << 48 | 0x3 << 60)
    }

    #[inline(always)]
    fn home(self, shift: u32) -> usize {
        (self.wrapping_mul(MULTIPLIER) >> shift) as usize
    }
}

/// Medium key: the word's bytes in bits 0–103, its length in bits 112–115. Stored with it:
/// the tag index in bits 104–111 and the flags in bits 120–121 (the short layout, 64 bits up).
impl Packed for u128 {
    const EMPTY: u128 = 0;

    #[inline(always)]
    fn with_info(self, info: WordInfo) -> u128 {
        let info = u128::from(info.0);
        self | (info & 0xFF00) << 96 | (info & 0x3) << 120
    }

    #[inline(always)]
    fn info(self) -> WordInfo {
        WordInfo(((self >> 96) & 0xFF00) as u16 | ((self >> 120) & 0x3) as u16)
    }

    #[inline(always)]
    fn key(self) -> u128 {
        self & !(0xFF << 104 | 0x3 << 120)
    }

    #[inline(always)]
    fn home(self, shift: u32) -> usize {
        let folded = (self as u64).wrapping_mul(MULTIPLIER) ^ (self >> 64) as u64;
        (folded.wrapping_mul(MULTIPLIER) >> shift) as usize
    }
}

/// An open-addressing table of packed entries with linear probing, at most three quarters
/// full.
pub(super) struct PackedTable<E> {
    slots: Box<[E]>,
    len: usize,
    /// `64 - log2(slots.len())`: a hash shifted right by it is a slot index.
    shift: u32,
}

/// Slots a table starts with: 8 KB of short entries, grown as words are met.
const INITIAL_SLOTS: usize = 1024;

impl<E: Packed> Default for PackedTable<E> {
    fn default() -> Self {
        Self::with_slots(INITIAL_SLOTS)
    }
}

impl<E: Packed> PackedTable<E> {
    fn with_slots(slots: usize) -> Self {
        debug_assert!(slots.is_power_of_two());
        PackedTable {
            slots: vec![E::EMPTY; slots].into_boxed_slice(),
            len: 0,
            shift: 64 - slots.trailing_zeros(),
        }
    }

    /// The info of `key` if it sits in its home slot, the common case: one load and one
    /// compare, inlined into the token loop. `None` sends the caller to [`Self::get`].
    #[inline(always)]
    pub(super) fn get_home(&self, key: E) -> Option<WordInfo> {
        match self.slots.get(key.home(self.shift)) {
            Some(&entry) if entry.key() == key => Some(entry.info()),
            _ => None,
        }
    }

    /// The info of `key`, probing past its home slot.
    pub(super) fn get(&self, key: E) -> Option<WordInfo> {
        let mask = self.slots.len() - 1;
        let mut i = key.home(self.shift);
        loop {
            let entry = *self.slots.get(i)?;
            if entry == E::EMPTY {
                return None;
            }
            if entry.key() == key {
                return Some(entry.info());
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `key`, which is not in the table yet, with `info`.
    pub(super) fn insert(&mut self, key: E, info: WordInfo) {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            let mut grown = Self::with_slots(self.slots.len() * 2);
            for &entry in self.slots.iter().filter(|&&e| e != E::EMPTY) {
                grown.put(entry);
            }
            *self = grown;
        }
        self.put(key.with_info(info));
    }

    /// Stores `entry` in the first empty slot from its home; there is one, the table being at
    /// most three quarters full.
    fn put(&mut self, entry: E) {
        let mask = self.slots.len() - 1;
        let mut i = entry.key().home(self.shift);
        while let Some(slot) = self.slots.get_mut(i) {
            if *slot == E::EMPTY {
                *slot = entry;
                self.len += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }
}

/// Per-thread cache of [`WordInfo`] for the segmenter that used the thread last. jieba's
/// dictionary cannot be listed, so words are classified as they are met; a corpus has ~10⁵
/// distinct words against 10⁸ tokens, so almost every lookup hits.
#[derive(Default)]
pub(super) struct WordCache {
    /// The id of the segmenter whose words these are.
    pub(super) owner: u64,
    /// Words of 1 to [`SHORT_MAX`] bytes.
    pub(super) short: PackedTable<u64>,
    /// Words of `SHORT_MAX + 1` to [`MEDIUM_MAX`] bytes.
    pub(super) medium: PackedTable<u128>,
    /// Empty and longer words.
    pub(super) long: FxHashMap<Box<str>, WordInfo>,
}

/// The short key of `word` (1 to [`SHORT_MAX`] bytes), which is `text[start..start +
/// word.len()]`. When `text` has 8 bytes from `start` they are loaded at once and the bytes
/// past the word masked off, which spares a copy of variable length (a library call) on
/// every token.
#[inline(always)]
pub(super) fn short_key(text: &str, start: usize, word: &str) -> u64 {
    let len = word.len();
    debug_assert!((1..=SHORT_MAX).contains(&len));
    debug_assert_eq!(text.get(start..start + len), Some(word));
    let bytes = text
        .as_bytes()
        .get(start..start + 8)
        .and_then(|bytes| <[u8; 8]>::try_from(bytes).ok())
        .unwrap_or_else(|| padded(word));
    let mask = (1u64 << (8 * len)) - 1;
    u64::from_le_bytes(bytes) & mask | (len as u64) << 56
}

/// The medium key of `word` (`SHORT_MAX + 1` to [`MEDIUM_MAX`] bytes): as [`short_key`], in
/// one 16-byte load where `text` extends far enough.
#[inline(always)]
pub(super) fn medium_key(text: &str, start: usize, word: &str) -> u128 {
    let len = word.len();
    debug_assert!((SHORT_MAX + 1..=MEDIUM_MAX).contains(&len));
    debug_assert_eq!(text.get(start..start + len), Some(word));
    let bytes = text
        .as_bytes()
        .get(start..start + 16)
        .and_then(|bytes| <[u8; 16]>::try_from(bytes).ok())
        .unwrap_or_else(|| padded(word));
    let mask = (1u128 << (8 * len)) - 1;
    u128::from_le_bytes(bytes) & mask | (len as u128) << 112
}

/// `word`'s bytes followed by zeros (cut to `N` bytes), for a word too near the end of the
/// text to load `N` bytes from.
#[cold]
fn padded<const N: usize>(word: &str) -> [u8; N] {
    let mut buf = [0u8; N];
    for (b, w) in buf.iter_mut().zip(word.as_bytes()) {
        *b = *w;
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key of `word` built the slow way: its bytes, zeros, its length in byte `len_at`.
    fn reference_key<const N: usize>(word: &str, len_at: usize) -> [u8; N] {
        let mut buf = [0u8; N];
        buf[..word.len()].copy_from_slice(word.as_bytes());
        buf[len_at] = word.len() as u8;
        buf
    }

    #[test]
    fn keys_read_in_one_load_equal_packed_keys() {
        let text = "营商环境ab城市更新x";
        for start in 0..text.len() {
            for end in start..=text.len() {
                let Some(word) = text.get(start..end) else {
                    continue;
                };
                if (1..=SHORT_MAX).contains(&word.len()) {
                    let want = u64::from_le_bytes(reference_key::<8>(word, 7));
                    assert_eq!(short_key(text, start, word), want, "{word}");
                } else if (SHORT_MAX + 1..=MEDIUM_MAX).contains(&word.len()) {
                    let want = u128::from_le_bytes(reference_key::<16>(word, 14));
                    assert_eq!(medium_key(text, start, word), want, "{word}");
                }
            }
        }
    }

    #[test]
    fn info_round_trips_through_an_entry() {
        for info in [0u16, 1, 2, 3, 0x1501, 0xFF03, 0xFF00] {
            let info = WordInfo(info);
            let short = short_key("营商", 0, "营商");
            let entry = short.with_info(info);
            assert_eq!((entry.key(), entry.info().0), (short, info.0));
            let medium = medium_key("营商环境", 0, "营商环境");
            let entry = medium.with_info(info);
            assert_eq!((entry.key(), entry.info().0), (medium, info.0));
        }
    }

    #[test]
    fn tables_find_what_was_inserted_through_growth() {
        let mut table = PackedTable::<u64>::default();
        let words: Vec<String> = (0..5000).map(|i| format!("{i:x}")).collect();
        for (i, word) in words.iter().enumerate() {
            let key = short_key(word, 0, word);
            assert!(table.get(key).is_none());
            table.insert(key, WordInfo(i as u16 & 0xFF03));
        }
        for (i, word) in words.iter().enumerate() {
            let key = short_key(word, 0, word);
            assert_eq!(table.get(key).map(|w| w.0), Some(i as u16 & 0xFF03));
            if let Some(info) = table.get_home(key) {
                assert_eq!(info.0, i as u16 & 0xFF03);
            }
        }
        // "a" and "a\0" differ only in their length.
        assert!(table.get(short_key("a\0", 0, "a\0")).is_none());
    }
}
