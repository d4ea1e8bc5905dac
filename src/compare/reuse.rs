//! Text reuse: near-duplicate paragraphs across documents, found with character shingles,
//! MinHash and locality-sensitive hashing, and verified by exact Jaccard similarity.
//!
//! A paragraph is normalised (letters and digits only: whitespace and punctuation go, Latin
//! letters are lower-cased), cut into overlapping character `shingle`-grams, and summarised
//! by `bands × rows` MinHash values (one seeded hash function each). Two paragraphs become a
//! candidate pair when all `rows` values of some band agree, which happens with probability
//! 1 − (1 − J^rows)^bands for Jaccard similarity J: with the default 32 × 4, 0.87 at J = 0.5,
//! 0.99 at J = 0.6 and 0.9999 at J = 0.7, but 0.003 at J = 0.1, so the work grows with the
//! number of near-duplicates rather than with all pairs of paragraphs. Each candidate is
//! then checked by the exact Jaccard similarity of the two shingle sets.

use std::collections::BTreeSet;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::{Error, Result};

/// Reuse settings. Every field's default is documented beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReuseConfig {
    /// Paragraphs with fewer normalised characters (letters and digits) are ignored: short
    /// headings and formulas would otherwise match everywhere. Default: 50.
    pub min_chars: usize,
    /// Least exact Jaccard similarity of two paragraphs' shingle sets, in (0, 1]. Default: 0.5.
    pub threshold: f64,
    /// Characters per shingle; at least 1. Default: 5.
    pub shingle: usize,
    /// LSH bands; at least 1. Default: 32.
    pub bands: usize,
    /// MinHash values per band; at least 1 (`bands × rows` hash functions). Default: 4.
    pub rows: usize,
    /// Seed of the MinHash hash functions. Default: 42.
    pub seed: u64,
}

impl Default for ReuseConfig {
    fn default() -> Self {
        ReuseConfig {
            min_chars: 50,
            threshold: 0.5,
            shingle: 5,
            bands: 32,
            rows: 4,
            seed: 42,
        }
    }
}

impl ReuseConfig {
    /// Checks every setting, naming the first bad one.
    pub fn validate(&self) -> Result<()> {
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return Err(Error::param("threshold", self.threshold, "0 < T <= 1"));
        }
        for (name, value) in [
            ("shingle", self.shingle),
            ("bands", self.bands),
            ("rows", self.rows),
        ] {
            if value == 0 {
                return Err(Error::param(name, 0, "at least 1"));
            }
        }
        if self.bands.saturating_mul(self.rows) > 4096 {
            return Err(Error::param(
                "bands × rows",
                self.bands * self.rows,
                "at most 4096 hash functions",
            ));
        }
        Ok(())
    }
}

/// Two near-duplicate paragraphs of different documents, `a` before `b` by file then
/// paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReusePair {
    /// The first paragraph's document.
    pub a_file: String,
    /// Its paragraph index (0-based, in the document's structure).
    pub a_paragraph: usize,
    /// The second paragraph's document.
    pub b_file: String,
    /// Its paragraph index.
    pub b_paragraph: usize,
    /// Exact Jaccard similarity of the two shingle sets.
    pub similarity: f64,
    /// The first paragraph's cleaned text.
    pub text: String,
    /// Index of `a_file` in the corpus.
    #[serde(skip)]
    pub a_doc: usize,
    /// Index of `b_file` in the corpus.
    #[serde(skip)]
    pub b_doc: usize,
}

impl ReusePair {
    /// The serialized fields in order: the columns of every reuse table.
    pub const COLUMNS: [&'static str; 6] = [
        "a_file",
        "a_paragraph",
        "b_file",
        "b_paragraph",
        "similarity",
        "text",
    ];
}

/// A paragraph taking part in the search.
struct Candidate {
    doc: usize,
    paragraph: usize,
    /// The first candidate (in corpus order) with the same shingle set: itself for a first
    /// copy.
    first: u32,
    /// The shingle set; held by the first copy only (copies read their first's).
    shingles: Vec<u64>,
    /// MinHash signature; computed for the first copy of each distinct shingle set only.
    signature: Vec<u64>,
}

/// Paragraphs whose shingles are computed at once: the shingles of later copies of a
/// paragraph are let go chunk by chunk, so that a corpus of many copies never holds them all.
const SHINGLE_CHUNK: usize = 4096;

/// Every pair of paragraphs of different documents whose shingle sets have a Jaccard
/// similarity of at least `config.threshold` and that LSH puts in a common bucket (see the
/// module docs), sorted by `a_file`, `a_paragraph`, `b_file`, `b_paragraph`. A paragraph
/// copied unchanged into many documents is listed as one pair per copy (each with the first
/// copy), not as every pair of copies, so the output grows with the copies, not their square.
///
/// ```
/// use policylens::compare::{find_reuse, ReuseConfig};
/// use policylens::corpus::{Corpus, Document, LoadOptions};
///
/// let template = "坚持以人民为中心的发展思想，扎实推进共同富裕，着力解决群众急难愁盼问题，持续提升公共服务均衡化水平，让改革发展成果更多更公平惠及全体人民。";
/// let options = LoadOptions::default();
/// let a = Document::from_text("a.txt", &format!("稠江街道推进有机更新。\n{template}"), &options);
/// let b = Document::from_text("b.txt", &format!("{}\n金沙街道坚持党建引领。", template.replace("扎实", "稳步")), &options);
/// let corpus = Corpus { documents: vec![a, b], ..Corpus::default() };
/// let pairs = find_reuse(&corpus, &ReuseConfig { min_chars: 20, ..ReuseConfig::default() }).unwrap();
/// assert_eq!(pairs.len(), 1);
/// assert_eq!((pairs[0].a_paragraph, pairs[0].b_paragraph), (1, 0));
/// assert!(pairs[0].similarity > 0.8 && pairs[0].similarity < 1.0);
/// ```
pub fn find_reuse(corpus: &Corpus, config: &ReuseConfig) -> Result<Vec<ReusePair>> {
    config.validate()?;
    let hashes = hash_seeds(config.seed, config.bands * config.rows);
    let paragraphs: Vec<(usize, usize)> = corpus
        .documents
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| (0..doc.structure.paragraphs.len()).map(move |p| (d, p)))
        .collect();
    // Identical paragraphs (the same shingle set) are one entry in the search: a template
    // copied into a hundred reports would otherwise give 4,950 pairs in every band. Each copy
    // is then listed once, paired with the first copy of another document (a star, not every
    // pair), and pairs of near-duplicates are found between the first copies. Candidates come
    // in corpus order, so each group is in document order and starts with its first copy.
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut groups: Vec<Vec<u32>> = Vec::new();
    // Hash of a shingle set → the groups whose sets have that hash.
    let mut by_hash: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for chunk in paragraphs.chunks(SHINGLE_CHUNK) {
        let found: Vec<(usize, usize, Vec<u64>)> = chunk
            .par_iter()
            .filter_map(|&(doc, paragraph)| {
                let text = corpus.documents.get(doc)?.paragraph_text(paragraph);
                let chars = normalise(text);
                if chars.len() < config.min_chars.max(config.shingle) {
                    return None;
                }
                Some((doc, paragraph, shingles(&chars, config.shingle)))
            })
            .collect();
        for (doc, paragraph, shingles) in found {
            let Ok(id) = u32::try_from(candidates.len()) else {
                break;
            };
            let same = by_hash.entry(set_hash(&shingles)).or_default();
            let group = same.iter().copied().find(|&g| {
                let first = groups[g][0] as usize;
                candidates[first].shingles == shingles
            });
            let (first, shingles) = match group {
                Some(g) => {
                    groups[g].push(id);
                    (groups[g][0], Vec::new())
                }
                None => {
                    same.push(groups.len());
                    groups.push(vec![id]);
                    (id, shingles)
                }
            };
            candidates.push(Candidate {
                doc,
                paragraph,
                first,
                shingles,
                signature: Vec::new(),
            });
        }
    }
    let distinct: Vec<u32> = groups.iter().map(|g| g[0]).collect();
    // Only the first copies are searched, so only they need a signature (the costly part:
    // 128 hashes of every shingle).
    let signatures: Vec<Vec<u64>> = distinct
        .par_iter()
        .map(|&i| {
            candidates
                .get(i as usize)
                .map_or_else(Vec::new, |c| minhash(&c.shingles, &hashes))
        })
        .collect();
    for (&i, signature) in distinct.iter().zip(signatures) {
        if let Some(c) = candidates.get_mut(i as usize) {
            c.signature = signature;
        }
    }

    let mut pairs: Vec<(u32, u32)> = (0..config.bands)
        .into_par_iter()
        .flat_map_iter(|band| bucket_pairs(&candidates, &distinct, band, config.rows))
        .collect();
    for group in &groups {
        pairs.extend(star_pairs(&candidates, group));
    }
    pairs.par_sort_unstable();
    pairs.dedup();

    let mut found: Vec<ReusePair> = pairs
        .par_iter()
        .filter_map(|&(i, j)| {
            let (x, y) = (candidates.get(i as usize)?, candidates.get(j as usize)?);
            let set = |c: &Candidate| candidates.get(c.first as usize).map(|f| &f.shingles);
            let similarity = jaccard(set(x)?, set(y)?);
            if similarity < config.threshold {
                return None;
            }
            let (dx, dy) = (corpus.documents.get(x.doc)?, corpus.documents.get(y.doc)?);
            let (x, dx, y, dy) = if (&dx.file, x.paragraph) <= (&dy.file, y.paragraph) {
                (x, dx, y, dy)
            } else {
                (y, dy, x, dx)
            };
            Some(ReusePair {
                a_file: dx.file.clone(),
                a_paragraph: x.paragraph,
                b_file: dy.file.clone(),
                b_paragraph: y.paragraph,
                similarity,
                text: dx.paragraph_text(x.paragraph).to_string(),
                a_doc: x.doc,
                b_doc: y.doc,
            })
        })
        .collect();
    found.sort_by(|p, q| {
        (&p.a_file, p.a_paragraph, &p.b_file, p.b_paragraph).cmp(&(
            &q.a_file,
            q.a_paragraph,
            &q.b_file,
            q.b_paragraph,
        ))
    });
    Ok(found)
}

/// The paragraphs, as `(document index, paragraph index)`, taking part in any of `pairs`:
/// those [`super::compare`] leaves out with `exclude_reuse`.
pub fn reused_paragraphs(pairs: &[ReusePair]) -> BTreeSet<(usize, usize)> {
    pairs
        .iter()
        .flat_map(|p| [(p.a_doc, p.a_paragraph), (p.b_doc, p.b_paragraph)])
        .collect()
}

/// Letters and digits of `text`, Latin letters lower-cased.
fn normalise(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Hashes of every `k`-character window (FNV-1a over the code points, then mixed), sorted
/// and deduplicated: the shingle set.
fn shingles(chars: &[char], k: usize) -> Vec<u64> {
    let mut out: Vec<u64> = chars
        .windows(k)
        .map(|w| {
            let fnv = w.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &c| {
                (h ^ u64::from(u32::from(c))).wrapping_mul(0x0100_0000_01b3)
            });
            mix(fnv)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A hash of a whole shingle set, to find identical sets without comparing every pair.
fn set_hash(shingles: &[u64]) -> u64 {
    shingles
        .iter()
        .fold(shingles.len() as u64, |h, &s| mix(h ^ s))
}

/// The splitmix64 finaliser: a bijection on u64 that scatters every input bit.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One seed per hash function, from a splitmix64 sequence started at `seed`.
fn hash_seeds(seed: u64, n: usize) -> Vec<u64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            mix(state)
        })
        .collect()
}

/// MinHash signature: for each hash function h_i(x) = mix(x ⊕ seed_i), the least value over
/// the shingles.
fn minhash(shingles: &[u64], seeds: &[u64]) -> Vec<u64> {
    let mut signature = vec![u64::MAX; seeds.len()];
    for &s in shingles {
        for (slot, &seed) in signature.iter_mut().zip(seeds) {
            let h = mix(s ^ seed);
            if h < *slot {
                *slot = h;
            }
        }
    }
    signature
}

/// Candidate pairs `(i, j)`, `i < j`, of paragraphs of different documents whose signatures
/// agree on all rows of `band`.
fn bucket_pairs(
    candidates: &[Candidate],
    ids: &[u32],
    band: usize,
    rows: usize,
) -> Vec<(u32, u32)> {
    let range = band * rows..(band + 1) * rows;
    let mut keys: Vec<(u64, u32)> = ids
        .iter()
        .filter_map(|&i| {
            let values = candidates.get(i as usize)?.signature.get(range.clone())?;
            let key = values.iter().fold(band as u64, |h, &v| mix(h ^ v));
            Some((key, i))
        })
        .collect();
    keys.sort_unstable();
    let mut pairs = Vec::new();
    for bucket in keys.chunk_by(|x, y| x.0 == y.0) {
        for (k, &(_, i)) in bucket.iter().enumerate() {
            for &(_, j) in &bucket[k + 1..] {
                let (ci, cj) = (&candidates[i as usize], &candidates[j as usize]);
                if ci.doc != cj.doc {
                    pairs.push((i.min(j), i.max(j)));
                }
            }
        }
    }
    pairs
}

/// Pairs that list every copy of one paragraph (a group of identical shingle sets, in
/// document order) once: each copy with the group's first copy, or, for copies in that same
/// document, with the first copy in another document. A group within one document gives none.
fn star_pairs(candidates: &[Candidate], group: &[u32]) -> Vec<(u32, u32)> {
    let doc = |i: u32| candidates[i as usize].doc;
    let Some(&first) = group.first() else {
        return Vec::new();
    };
    let Some(&other) = group.iter().find(|&&i| doc(i) != doc(first)) else {
        return Vec::new();
    };
    group[1..]
        .iter()
        .map(|&i| {
            let hub = if doc(i) == doc(first) { other } else { first };
            (i.min(hub), i.max(hub))
        })
        .filter(|&(i, j)| i != j)
        .collect()
}

/// |A ∩ B| / |A ∪ B| of two sorted, deduplicated sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_drops_punctuation_and_space_and_folds_case() {
        let chars: String = normalise("推进“城市更新”， AI+ 产业\n2024年")
            .into_iter()
            .collect();
        assert_eq!(chars, "推进城市更新ai产业2024年");
    }

    #[test]
    fn identical_copies_are_listed_once_each() {
        use crate::corpus::{Document, LoadOptions};
        let template = "坚持以人民为中心的发展思想，扎实推进共同富裕，着力解决群众急难愁盼问题，持续提升公共服务均衡化水平。";
        let options = LoadOptions::default();
        let own = [
            "稠江街道推进有机更新，打造宜居宜业的城市环境，建设美丽家园。",
            "金沙街道坚持党建引领，网格员走进千家万户，化解矛盾纠纷。",
            "丹阳开发区全力招商引资，签约外资项目三个，总投资十亿元。",
            "西林街道实施老旧小区改造，加装电梯二十台，新增停车位。",
            "崇川区深化放管服改革，推行一网通办，企业开办一日办结。",
            "义乌市建设国际贸易综合改革试验区，跨境电商交易额创新高。",
        ];
        let documents = own
            .iter()
            .enumerate()
            .map(|(i, own)| {
                Document::from_text(&format!("{i}.txt"), &format!("{own}\n{template}"), &options)
            })
            .collect();
        let corpus = Corpus {
            documents,
            ..Corpus::default()
        };
        let config = ReuseConfig {
            min_chars: 20,
            ..ReuseConfig::default()
        };
        let pairs = find_reuse(&corpus, &config).unwrap();
        // Six copies: five pairs (not fifteen), every copy in one of them.
        assert_eq!(pairs.len(), 5, "{pairs:?}");
        assert!(pairs
            .iter()
            .all(|p| p.similarity == 1.0 && p.a_file == "0.txt"));
        let reused = reused_paragraphs(&pairs);
        assert_eq!(reused, (0..6).map(|d| (d, 1)).collect());
    }

    #[test]
    fn jaccard_of_shingle_sets() {
        let a = shingles(&"abcdef".chars().collect::<Vec<_>>(), 3);
        let b = shingles(&"abcdxy".chars().collect::<Vec<_>>(), 3);
        // {abc, bcd, cde, def} and {abc, bcd, cdx, dxy}: 2 of 6.
        assert_eq!((a.len(), b.len()), (4, 4));
        assert!((jaccard(&a, &b) - 2.0 / 6.0).abs() < 1e-15);
        assert_eq!(jaccard(&a, &a), 1.0);
        assert_eq!(jaccard(&[], &[]), 0.0);
    }

    #[test]
    fn minhash_agreement_estimates_jaccard() {
        let text: Vec<char> = "持续优化营商环境深化放管服改革推进一网通办全面提升政务服务效能打造市场化法治化国际化一流营商环境"
            .chars()
            .collect();
        let mut edited = text.clone();
        edited[10] = '某';
        edited[30] = '某';
        let (a, b) = (shingles(&text, 5), shingles(&edited, 5));
        let seeds = hash_seeds(7, 512);
        let (sa, sb) = (minhash(&a, &seeds), minhash(&b, &seeds));
        let agree = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / 512.0;
        let exact = jaccard(&a, &b);
        assert!(
            (agree - exact).abs() < 0.1,
            "MinHash {agree} vs exact {exact}"
        );
        assert_eq!(sa, minhash(&a, &seeds), "deterministic");
    }

    #[test]
    fn settings_are_checked() {
        for bad in [
            ReuseConfig {
                threshold: 0.0,
                ..ReuseConfig::default()
            },
            ReuseConfig {
                shingle: 0,
                ..ReuseConfig::default()
            },
            ReuseConfig {
                bands: 0,
                ..ReuseConfig::default()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
        assert!(ReuseConfig::default().validate().is_ok());
    }
}
