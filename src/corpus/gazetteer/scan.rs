//! The scanner: finds gazetteer names in running text, longest match first.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::{Gazetteer, Mention, PlaceId};

/// What one name the scanner looks for denotes.
#[derive(Debug, Clone, Default)]
pub(super) struct Surface {
    pub(super) places: Vec<PlaceId>,
    pub(super) full: bool,
    pub(super) weak: bool,
}

/// A one-hash Bloom filter over pairs of characters: `may_hold` is false only for pairs never
/// added, so a scan that skips those positions finds exactly what it finds without it. An
/// empty filter (no bits) holds everything.
#[derive(Debug, Clone, Default)]
pub(super) struct PairFilter {
    bits: Vec<u64>,
    /// log2 of the number of bits.
    width: u32,
}

impl PairFilter {
    /// A filter of `2^width` bits holding `pairs`.
    pub(super) fn new(width: u32, pairs: impl IntoIterator<Item = (char, char)>) -> PairFilter {
        let mut filter = PairFilter {
            bits: vec![0; (1usize << width).div_ceil(64)],
            width,
        };
        for pair in pairs {
            let bit = filter.bit(pair);
            if let Some(word) = filter.bits.get_mut(bit / 64) {
                *word |= 1 << (bit % 64);
            }
        }
        filter
    }

    fn bit(&self, (a, b): (char, char)) -> usize {
        let key = (u64::from(a) << 21) | u64::from(b);
        // `checked_shr`: a filter of width 0 (one bit, or none) has only bit 0.
        key.wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .checked_shr(64u32.saturating_sub(self.width.min(64)))
            .unwrap_or(0) as usize
    }

    pub(super) fn may_hold(&self, pair: (char, char)) -> bool {
        let bit = self.bit(pair);
        self.bits
            .get(bit / 64)
            .is_none_or(|word| word >> (bit % 64) & 1 == 1)
    }
}

/// Bits of the gazetteer's pair filter: 2^20 (128 KiB) for its tens of thousands of pairs.
pub(super) const PAIR_FILTER_BITS: u32 = 20;

impl Gazetteer {
    /// Finds gazetteer names in `text`, left to right, taking the longest name at each
    /// position and never overlapping.
    pub fn scan(&self, text: &str) -> Vec<Mention> {
        self.scan_with(text, &BTreeMap::new())
    }

    /// Like [`Gazetteer::scan`], with extra surface forms (e.g. the short form of a name the
    /// text has spelled out in full) that take precedence over the gazetteer's own at equal
    /// length. Extra forms are reported as full but weak mentions.
    pub fn scan_with(&self, text: &str, extra: &BTreeMap<String, Vec<PlaceId>>) -> Vec<Mention> {
        let chars: Vec<char> = text.chars().collect();
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        // Extra forms indexed like the gazetteer's names, by their first two characters, so
        // that a position none of them starts at costs what it costs without them. Forms of
        // one character can start anywhere and are tried everywhere.
        let mut extra_prefixes: FxHashMap<(char, char), Vec<usize>> = FxHashMap::default();
        let mut anywhere: Vec<usize> = Vec::new();
        for key in extra.keys() {
            let mut cs = key.chars();
            match (cs.next(), cs.next()) {
                (Some(a), Some(b)) => extra_prefixes
                    .entry((a, b))
                    .or_default()
                    .push(key.chars().count()),
                _ => anywhere.push(key.chars().count()),
            }
        }
        let extra_filter = PairFilter::new(12, extra_prefixes.keys().copied());
        let mut out = Vec::new();
        let mut merged: Vec<usize> = Vec::new();
        let mut i = 0;
        while i + 1 < chars.len() {
            let pair = (chars[i], chars[i + 1]);
            if anywhere.is_empty()
                && !self.pair_filter.may_hold(pair)
                && !extra_filter.may_hold(pair)
            {
                i += 1;
                continue;
            }
            let known = self.prefixes.get(&pair).map_or(&[][..], Vec::as_slice);
            let extra_here = extra_prefixes.get(&pair);
            // Most positions start no name: no allocation unless an extra form may start here.
            let lens: &[usize] = if extra_here.is_none() && anywhere.is_empty() {
                known
            } else {
                merged.clear();
                merged.extend_from_slice(known);
                merged.extend(extra_here.into_iter().flatten().chain(&anywhere).copied());
                merged.sort_unstable_by(|a, b| b.cmp(a));
                merged.dedup();
                &merged
            };
            let try_extra = extra_here.is_some() || !anywhere.is_empty();
            let mut step = 1;
            for &len in lens.iter().filter(|&&l| i + l <= chars.len()) {
                let (start, end) = (bounds[i], bounds[i + len]);
                let s = &text[start..end];
                // 发展乡村, 各乡镇, 镇街, 合作市场: a name running into one of these is a word.
                let next = chars.get(i + len).copied().unwrap_or(' ');
                let word = match chars[i + len - 1] {
                    '乡' | '镇' => "村镇街土亲".contains(next),
                    '市' => next == '场',
                    _ => false,
                };
                if word {
                    continue;
                }
                let found = match if try_extra { extra.get(s) } else { None } {
                    Some(places) => Some((places.clone(), true, true)),
                    None => self
                        .surfaces
                        .get(s)
                        .map(|sf| (sf.places.clone(), sf.full, sf.weak)),
                };
                if let Some((places, full, weak)) = found {
                    let m = Mention {
                        start,
                        end,
                        places,
                        full,
                        weak,
                    };
                    out.push(m);
                    step = len;
                    break;
                }
            }
            i += step;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pair_filter_holds_every_pair_added_and_rejects_most_others() {
        let added: Vec<(char, char)> = "南通崇川稠江西林丹阳金沙"
            .chars()
            .zip("通崇川稠江西林丹阳金沙区".chars())
            .collect();
        let filter = PairFilter::new(12, added.iter().copied());
        assert!(added.iter().all(|&p| filter.may_hold(p)));
        let others = "推进乡村振兴实现民族复兴加快建设现代化产业体系";
        let pairs: Vec<(char, char)> = others.chars().zip(others.chars().skip(1)).collect();
        let held = pairs.iter().filter(|&&p| filter.may_hold(p)).count();
        assert!(held * 4 < pairs.len(), "{held} of {}", pairs.len());
        assert!(PairFilter::default().may_hold(('甲', '乙')));
    }

    fn g() -> &'static Gazetteer {
        Gazetteer::bundled()
    }

    #[test]
    fn scan_takes_longest_names_and_skips_words() {
        let text = "南通市崇川区召开会议，发展乡村产业，推进通州区建设。";
        let found: Vec<&str> = g()
            .scan(text)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(found, ["南通市", "崇川区", "通州区"]);
        let nantong = &g().scan("南通")[0];
        assert!(
            !nantong.full && !nantong.weak,
            "city short forms are reliable"
        );
        let tongzhou = &g().scan("通州")[0];
        assert!(!tongzhou.full && tongzhou.weak);
        assert!(g().scan("推进乡村振兴，实现民族复兴").is_empty());
    }
}
