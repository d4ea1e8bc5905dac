//! Turning counted windows into measured, scored candidates.

use rustc_hash::FxHashMap;

use super::count::{
    key, numbered_shape, Key, NgramCounts, Stat, CLOSE_QUOTE, FIRST_BREAK, MAX_NUMBERED,
    OPEN_QUOTE, QUOTE,
};
use super::{Candidate, CandidateKind};
use crate::PolicyLexicon;

/// A one-character token may end an n-gram only when the rest of the n-gram occurs with it
/// at least this often: 碳中和 (碳|中和) passes, 全覆盖 (全|覆盖) does not.
const BOUND_RATIO: f64 = 0.5;
/// A numbered candidate must account for at least this share of its frame's occurrences:
/// 三个一批 owns `#个一批`, 3个项目 does not own `#个项目`.
const FRAME_SHARE: f64 = 0.5;
/// Entropy beyond ≈ ln 20 says no more about an edge being free, only that the candidate is
/// frequent, which `docs` already counts.
pub(super) const ENTROPY_CAP: f64 = 3.0;
/// Weight of the quoted share: reports put formulations in quotation marks.
pub(super) const QUOTE_WEIGHT: f64 = 2.0;
/// Factor for a candidate that extends a lexicon entry (筹集保障性租赁住房): the lexicon takes
/// no entry that is another entry plus a modifier.
pub(super) const EXTENSION_FACTOR: f64 = 0.5;

/// The tokens seen on one side of a candidate.
#[derive(Debug, Default)]
struct Neighbours {
    words: FxHashMap<u32, u32>,
    /// Punctuation, white space or paragraph edges: each a distinct outcome.
    free: u32,
}

impl Neighbours {
    fn add(&mut self, id: Option<u32>) {
        match id {
            Some(id) if id < FIRST_BREAK => *self.words.entry(id).or_default() += 1,
            _ => self.free += 1,
        }
    }
}

/// Branching entropy in nats of neighbour counts plus `free` outcomes seen once each.
pub(super) fn entropy(counts: impl Iterator<Item = u32> + Clone, free: u32) -> f64 {
    let n = f64::from(free + counts.clone().sum::<u32>());
    if n == 0.0 {
        return 0.0;
    }
    let words: f64 = counts
        .map(|c| {
            let p = f64::from(c) / n;
            -p * p.ln()
        })
        .sum();
    words + f64::from(free) / n * n.ln()
}

/// Where a candidate's occurrences stand.
#[derive(Debug, Default)]
struct Context {
    left: Neighbours,
    right: Neighbours,
    /// Occurrences between quotation marks.
    quoted: u32,
    /// Occurrences right after a number: the candidate is the tail of a quantity (件民生实事).
    after_number: u32,
}

impl NgramCounts<'_> {
    /// What kind of candidate a counted window is, if any.
    fn kind(&self, window: &[u32], stat: &Stat) -> Option<CandidateKind> {
        let n = window.len();
        let surface = self.surface(window);
        if surface.chars().count() < self.config.min_chars {
            return None;
        }
        let first = self.class[window[0] as usize];
        let last = self.class[window[n - 1] as usize];
        if self.numbered(window) {
            // Neither a bare numeral (一县一) nor a particle at the end.
            let numeral_end = last.one_char && last.number;
            let share = self
                .frames
                .get(&self.frame(window))
                .map_or(0.0, |&total| f64::from(stat.freq) / f64::from(total));
            if !numeral_end && !last.function && share >= FRAME_SHARE && numbered_shape(&surface) {
                return Some(CandidateKind::Numbered);
            }
        }
        // Digits inside an n-gram make it a quantity (整治背街小巷15条), not a formulation.
        let digits = surface.contains(|c: char| c.is_ascii_digit());
        if n > self.config.max_tokens || !first.edge || !last.edge || digits {
            return None;
        }
        let bound = |part: &[u32]| {
            self.stat(part)
                .is_some_and(|s| f64::from(stat.freq) >= BOUND_RATIO * f64::from(s.freq))
        };
        let first_ok = !first.one_char || bound(&window[1..]);
        let last_ok = !last.one_char || bound(&window[..n - 1]);
        (first_ok && last_ok).then_some(CandidateKind::Ngram)
    }

    /// PMI of the weakest binary split (natural log); splits into uncounted parts are skipped.
    fn min_split_pmi(&self, window: &[u32], freq: u32) -> f64 {
        let pmi = (1..window.len())
            .filter_map(|k| {
                let a = self.stat(&window[..k])?.freq;
                let b = self.stat(&window[k..])?.freq;
                Some((f64::from(freq) * self.total / (f64::from(a) * f64::from(b))).ln())
            })
            .fold(f64::INFINITY, f64::min);
        if pmi.is_finite() {
            pmi
        } else {
            0.0
        }
    }

    /// Every counted window that passes the filters, measured and scored, in no set order.
    pub(super) fn candidates(&self, lexicon: &PolicyLexicon) -> Vec<Candidate> {
        let mut picked: Vec<(Key, usize, Stat, CandidateKind)> = self
            .grams
            .iter()
            .filter_map(|(key, stat)| {
                let n = key.iter().take_while(|&&id| id < FIRST_BREAK).count();
                let kind = self.kind(&key[..n], stat)?;
                Some((*key, n, *stat, kind))
            })
            .collect();
        picked.sort_unstable_by_key(|p| p.0);
        let contexts = self.contexts(&picked);
        picked
            .iter()
            .zip(&contexts)
            .filter_map(|(&(key, n, stat, kind), context)| {
                if kind == CandidateKind::Ngram && 2 * context.after_number > stat.freq {
                    return None;
                }
                let window = &key[..n];
                let term = self.surface(window);
                let pmi = self.min_split_pmi(window, stat.freq);
                let side = |s: &Neighbours| entropy(s.words.values().copied(), s.free);
                let (left_entropy, right_entropy) = (side(&context.left), side(&context.right));
                let known = lexicon.contains(&term);
                let contains_known =
                    !known && window.iter().any(|&id| self.class[id as usize].known);
                let quoted = context.quoted as usize;
                let freq = stat.freq as usize;
                let docs = stat.docs as usize;
                let score = score(
                    docs,
                    pmi,
                    left_entropy.min(right_entropy),
                    quoted as f64 / freq as f64,
                    contains_known,
                );
                Some(Candidate {
                    term,
                    freq,
                    docs,
                    quoted,
                    pmi,
                    left_entropy,
                    right_entropy,
                    known,
                    contains_known,
                    kind,
                    score,
                })
            })
            .collect()
    }

    /// Neighbours, quoted uses and uses after a number of each picked window, in one pass.
    fn contexts(&self, picked: &[(Key, usize, Stat, CandidateKind)]) -> Vec<Context> {
        let index: FxHashMap<Key, usize> =
            picked.iter().enumerate().map(|(i, p)| (p.0, i)).collect();
        let mut contexts: Vec<Context> = picked.iter().map(|_| Context::default()).collect();
        for stream in &self.streams {
            for i in 0..stream.len() {
                for n in 2..=MAX_NUMBERED.min(stream.len() - i) {
                    let window = &stream[i..i + n];
                    if window[0] >= FIRST_BREAK || window[n - 1] >= FIRST_BREAK {
                        break;
                    }
                    let Some(&c) = index.get(&key(window)) else {
                        continue;
                    };
                    let before = i.checked_sub(1).map(|j| stream[j]);
                    let after = stream.get(i + n).copied();
                    let context = &mut contexts[c];
                    context.left.add(before);
                    context.right.add(after);
                    let opened = matches!(before, Some(OPEN_QUOTE | QUOTE));
                    if opened && matches!(after, Some(CLOSE_QUOTE | QUOTE)) {
                        context.quoted += 1;
                    }
                    let number = |id: u32| id < FIRST_BREAK && self.class[id as usize].number;
                    if before.is_some_and(number) {
                        context.after_number += 1;
                    }
                }
            }
        }
        contexts
    }
}

/// The ranking score; see the module documentation of [`crate::terms`].
pub(super) fn score(
    docs: usize,
    pmi: f64,
    min_entropy: f64,
    quoted_share: f64,
    contains_known: bool,
) -> f64 {
    let extension = if contains_known {
        EXTENSION_FACTOR
    } else {
        1.0
    };
    (1.0 + docs as f64).ln()
        * (1.0 + pmi.max(0.0) / 4.0)
        * min_entropy.min(ENTROPY_CAP)
        * (1.0 + QUOTE_WEIGHT * quoted_share)
        * extension
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_counts_each_free_edge_as_its_own_outcome() {
        assert_eq!(entropy([4].into_iter(), 0), 0.0);
        let two_even = entropy([2, 2].into_iter(), 0);
        assert!((two_even - 2.0_f64.ln()).abs() < 1e-12);
        let all_free = entropy(std::iter::empty(), 5);
        assert!((all_free - 5.0_f64.ln()).abs() < 1e-12);
        assert_eq!(entropy(std::iter::empty(), 0), 0.0);
    }

    #[test]
    fn score_rewards_documents_cohesion_free_edges_and_quotes() {
        let base = score(10, 4.0, 2.0, 0.0, false);
        assert!((base - 11.0_f64.ln() * 2.0 * 2.0).abs() < 1e-12);
        assert!(score(20, 4.0, 2.0, 0.0, false) > base);
        assert!(score(10, 8.0, 2.0, 0.0, false) > base);
        assert!(score(10, 4.0, 2.5, 0.0, false) > base);
        assert!(score(10, 4.0, 2.0, 0.5, false) > base);
        assert_eq!(score(10, 4.0, 2.0, 0.0, true), base * EXTENSION_FACTOR);
        // Entropy is capped; negative PMI counts as 0.
        assert_eq!(
            score(10, 4.0, 9.0, 0.0, false),
            score(10, 4.0, 3.0, 0.0, false)
        );
        assert_eq!(
            score(10, -2.0, 2.0, 0.0, false),
            score(10, 0.0, 2.0, 0.0, false)
        );
        assert_eq!(score(10, 4.0, 0.0, 1.0, false), 0.0);
    }
}
