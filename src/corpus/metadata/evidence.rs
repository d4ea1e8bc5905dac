//! Evidence for the locality: the places the text and the file name mention, weighted by where
//! they occur, and who the text says is speaking.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use regex::Regex;

use super::sidecar::{file_stem, normalize_file};
use super::text::Text;
use super::zones::{find_zones, Zones};
use super::Level;
use crate::corpus::gazetteer::{stem, Mention, PlaceId};
use crate::corpus::Gazetteer;

/// Factor for a weak mention (a two-character name, or a short form of a county or a smaller
/// unit).
const WEAK_W: f64 = 0.5;
/// Weight of a place the file name denotes.
const FILE_W: f64 = 6.0;

/// Weighted evidence for one candidate.
#[derive(Debug, Clone, Default)]
pub(super) struct Tally {
    pub(super) weight: f64,
    pub(super) file: f64,
    pub(super) count: usize,
    pub(super) first: Option<usize>,
    pub(super) title: Option<usize>,
    pub(super) surface: String,
}

impl Tally {
    pub(super) fn add(&mut self, text: &Text, m: &Mention, w: f64) {
        self.weight += w;
        self.count += 1;
        if self.first.is_none() {
            self.first = Some(m.start);
            self.surface = text.raw.get(m.start..m.end).unwrap_or("").to_string();
        }
        if self.title.is_none() && text.titles.contains(&text.line_of(m.start)) {
            self.title = Some(m.start);
        }
    }
}

/// Canonical places and compound names resolved: in 通州区金沙街道 only the 金沙街道 under a
/// 通州区 remains, and only that 通州区.
pub(super) fn chained(g: &Gazetteer, mut ms: Vec<Mention>) -> Vec<Mention> {
    for m in &mut ms {
        m.places = m.places.iter().map(|p| g.canonical(*p)).collect();
        m.places.sort_unstable();
        m.places.dedup();
    }
    for _ in 0..2 {
        for k in 1..ms.len() {
            if ms[k - 1].end != ms[k].start {
                continue;
            }
            let (a, b) = (&ms[k - 1].places, &ms[k].places);
            let b2: Vec<PlaceId> = b
                .iter()
                .copied()
                .filter(|x| a.iter().any(|y| g.is_ancestor(*y, *x)))
                .collect();
            if b2.is_empty() {
                continue;
            }
            let a2: Vec<PlaceId> = a
                .iter()
                .copied()
                .filter(|y| b2.iter().any(|x| g.is_ancestor(*y, *x)))
                .collect();
            ms[k - 1].places = a2;
            ms[k].places = b2;
        }
    }
    ms
}

/// Who the text says is speaking: "我代表市人民政府" → names ending in 市.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Cue {
    Suffix(&'static [&'static str]),
    Zone,
    /// "我代表国务院": a national report, about no locality.
    National,
}

impl Cue {
    pub(super) fn fits(self, g: &Gazetteer, id: PlaceId) -> bool {
        let Some(p) = g.place(id) else { return false };
        match self {
            Cue::Suffix(s) => s.iter().any(|x| p.name.ends_with(x)),
            Cue::Zone => p.level == Level::DevelopmentZone,
            Cue::National => false,
        }
    }
}

/// Compiles a constant pattern once; `None` if it does not compile, so inference goes without it.
pub(super) fn regex(
    cell: &'static OnceLock<Option<Regex>>,
    pattern: &str,
) -> Option<&'static Regex> {
    cell.get_or_init(|| Regex::new(pattern).ok()).as_ref()
}

fn self_cue(head: &str) -> Option<Cue> {
    static SPEAKER: OnceLock<Option<Regex>> = OnceLock::new();
    static ZONE: OnceLock<Option<Regex>> = OnceLock::new();
    let speaker = regex(
        &SPEAKER,
        r"代表[^，。,；\n]{0,12}?(?:(省|自治区|市|区|县|州|盟|旗|镇|乡|街道)(?:人民)?政府|(行署|行政公署))",
    );
    let zone = regex(
        &ZONE,
        r"(?:开发区|高新区|经开区|园区|新区)(?:党工委|管委会)",
    );
    if head.contains("代表国务院") {
        return Some(Cue::National);
    }
    if let Some(c) = speaker
        .and_then(|r| r.captures(head))
        .and_then(|c| c.get(1).or_else(|| c.get(2)))
    {
        return Some(Cue::Suffix(match c.as_str() {
            "市" => &["市"],
            "区" => &["区"],
            "县" => &["县"],
            "州" => &["州"],
            "旗" => &["旗"],
            "镇" => &["镇"],
            "乡" => &["乡"],
            "街道" => &["街道"],
            "省" => &["省"],
            "自治区" => &["自治区"],
            _ => &["盟", "地区"],
        }));
    }
    zone.is_some_and(|r| r.is_match(head)).then_some(Cue::Zone)
}

/// Gathers everything the text and the file name say about places.
pub(super) fn gather(g: &Gazetteer, text: &Text, file: &str) -> Evidence {
    // Once a text names 稠江街道 in full, a bare 稠江 means the same place.
    // Only names spelled out twice or in a title qualify: a stray match must not turn a common
    // word into a place.
    let mut spelled: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    for m in g.scan(text.raw).iter().filter(|m| m.full && !m.weak) {
        let e = spelled
            .entry(text.raw.get(m.start..m.end).unwrap_or(""))
            .or_default();
        e.0 += 1;
        e.1 |= text.titles.contains(&text.line_of(m.start));
    }
    let mut short: BTreeMap<String, Vec<PlaceId>> = BTreeMap::new();
    for (surface, _) in spelled.iter().filter(|(_, (n, title))| *n >= 2 || *title) {
        if let Some(s) = stem(surface) {
            let e = short.entry(s.to_string()).or_default();
            // The short form keeps what it means on its own (西林 is also a county), and
            // stays with a parent that owns it as alias (岳阳 is 岳阳市 even beside 岳阳县).
            e.extend(g.lookup_full(surface).iter().chain(&g.lookup(s)));
            let all = e.clone();
            e.retain(|p| !all.iter().any(|a| g.is_ancestor(*a, *p)));
            e.sort_unstable();
            e.dedup();
        }
    }
    short.retain(|_, v| !v.is_empty());
    let ms = chained(g, g.scan_with(text.raw, &short));
    let weights: Vec<f64> = ms
        .iter()
        .map(|m| text.weight_at(m.start) * if m.weak { WEAK_W } else { 1.0 })
        .collect();
    let mut tallies: BTreeMap<PlaceId, Tally> = BTreeMap::new();
    for (m, w) in ms.iter().zip(&weights) {
        for p in &m.places {
            tallies.entry(*p).or_default().add(text, m, *w);
        }
    }
    let stem_name = file_stem(&normalize_file(file)).to_string();
    let from_file = file_candidates(g, &stem_name);
    for p in &from_file {
        let t = tallies.entry(*p).or_default();
        t.weight += FILE_W;
        t.file += FILE_W;
    }
    let head: String = text.raw.chars().take(600).collect();
    let zones = find_zones(text, &ms);
    Evidence {
        ms,
        weights,
        from_file,
        tallies,
        zones,
        cue: self_cue(&head),
    }
}

/// Everything the text and file name say about places.
pub(super) struct Evidence {
    pub(super) ms: Vec<Mention>,
    pub(super) weights: Vec<f64>,
    pub(super) from_file: BTreeSet<PlaceId>,
    pub(super) tallies: BTreeMap<PlaceId, Tally>,
    pub(super) zones: Zones,
    pub(super) cue: Option<Cue>,
}

impl Evidence {
    /// Weight of `id` from mentions and file name that do not also denote `other`.
    pub(super) fn own_weight(&self, id: PlaceId, other: PlaceId) -> f64 {
        let both = |ps: &[PlaceId]| ps.contains(&id) && !ps.contains(&other);
        let text: f64 = self
            .ms
            .iter()
            .zip(&self.weights)
            .filter(|(m, _)| both(&m.places))
            .map(|(_, w)| w)
            .sum();
        let file = self.from_file.contains(&id) && !self.from_file.contains(&other);
        text + if file { FILE_W } else { 0.0 }
    }
}

/// Places the file name denotes: 三亚 → 三亚市; 吉林 → 吉林省 and 吉林市; 南通市崇川区工作总结
/// → 崇川区 (a name's parents in the same file name are context, not its subject).
fn file_candidates(g: &Gazetteer, stem_name: &str) -> BTreeSet<PlaceId> {
    let mut out: BTreeSet<PlaceId> = g.lookup(stem_name).into_iter().collect();
    for suffix in ["市", "区", "县", "州", "盟", "旗", "省"] {
        out.extend(g.lookup_full(&format!("{stem_name}{suffix}")));
    }
    if out.is_empty() {
        let found: BTreeSet<PlaceId> = chained(g, g.scan(stem_name))
            .into_iter()
            .flat_map(|m| m.places)
            .collect();
        let inner = |p: &PlaceId| !found.iter().any(|q| g.is_ancestor(*p, *q));
        out = found.iter().copied().filter(inner).collect();
    }
    out.into_iter().map(|p| g.canonical(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::infer;

    #[test]
    fn a_descriptive_file_name_counts_for_its_most_specific_place() {
        let raw = "今年以来，全区上下凝心聚力。南通市第二中学开展活动。";
        let m = infer(raw, "南通市崇川区2022年工作总结.txt", Gazetteer::bundled());
        assert!(self_cue("他代表市场主体发言").is_none());
        assert_eq!(
            self_cue("下面，我代表行署作工作报告"),
            Some(Cue::Suffix(&["盟", "地区"]))
        );
        assert_eq!(m.locality.value.as_deref(), Some("崇川区"));
        assert_eq!(m.city.value.as_deref(), Some("南通市"));
    }
}
