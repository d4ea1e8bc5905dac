//! Development zones: named ones (丹阳经济开发区) and those a text calls only by their kind
//! (开发区), placed under the county or city the text names most.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use regex::Regex;

use super::evidence::{regex, Tally};
use super::locality::{ambiguity, describe, resolve, Found};
use super::text::Text;
use super::{Level, Source};
use crate::corpus::gazetteer::{Mention, PlaceId};
use crate::corpus::Gazetteer;

/// Development-zone endings recognised after a place name, longest first.
const ZONE_SUFFIXES: &[&str] = &[
    "高新技术产业开发区",
    "经济技术开发区",
    "高新技术开发区",
    "经济开发区",
    "工业开发区",
    "工业园区",
    "高新区",
    "经开区",
    "开发区",
    "新区",
];

/// The development-zone ending `s` starts with, if any.
pub(super) fn zone_suffix(s: &str) -> Option<&'static str> {
    ZONE_SUFFIXES.iter().copied().find(|z| s.starts_with(z))
}

#[derive(Debug, Clone, Default)]
pub(super) struct Zones {
    /// Named zones (丹阳经济开发区) with the places their prefix may denote.
    pub(super) named: BTreeMap<String, (Tally, BTreeSet<PlaceId>)>,
    /// Zones the text names by their kind alone (开发区), by ending.
    pub(super) bare: BTreeMap<&'static str, Tally>,
}

/// The development zones the text names: after a place name (丹阳经济开发区), or by their kind
/// alone (开发区).
pub(super) fn find_zones(text: &Text, ms: &[Mention]) -> Zones {
    static BARE: OnceLock<Option<Regex>> = OnceLock::new();
    let mut z = Zones::default();
    let ends: BTreeSet<usize> = ms.iter().map(|m| m.end).collect();
    for m in ms {
        let rest = text.raw.get(m.end..).unwrap_or("");
        if let Some(suffix) = zone_suffix(rest) {
            let name = format!("{}{suffix}", text.raw.get(m.start..m.end).unwrap_or(""));
            let e = z.named.entry(name).or_default();
            e.0.add(text, m, text.weight_at(m.start));
            e.1.extend(m.places.iter().copied());
        }
    }
    let Some(bare) = regex(
        &BARE,
        r"高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|开发区",
    ) else {
        return z;
    };
    for hit in bare.find_iter(text.raw) {
        // "国家级开发区", "各类开发区": the kind in general, not one zone.
        let before = text
            .raw
            .get(..hit.start())
            .and_then(|s| s.chars().next_back());
        if ends.contains(&hit.start()) || before.is_some_and(|c| "级类个家批各型大等".contains(c))
        {
            continue;
        }
        let kind = ZONE_SUFFIXES
            .iter()
            .copied()
            .find(|s| *s == hit.as_str())
            .unwrap_or("开发区");
        let m = Mention {
            start: hit.start(),
            end: hit.end(),
            places: Vec::new(),
            full: true,
            weak: false,
        };
        z.bare
            .entry(kind)
            .or_default()
            .add(text, &m, text.weight_at(hit.start()));
    }
    z
}

#[allow(clippy::too_many_arguments)]
pub(super) fn zone_found(
    g: &Gazetteer,
    text: &Text,
    tallies: &BTreeMap<PlaceId, Tally>,
    name: String,
    t: &Tally,
    parents: &BTreeSet<PlaceId>,
    w: f64,
    top: f64,
) -> Found {
    let parents: Vec<PlaceId> = parents.iter().copied().collect();
    let mut found = Found {
        name: name.clone(),
        place: parents.first().copied().filter(|_| parents.len() == 1),
        zone: true,
        candidates: Vec::new(),
        confidence: (0.4 + 0.45 * (1.0 - top / w)).min(0.9),
        evidence: describe(text, t, ""),
        source: Source::Text,
        warnings: Vec::new(),
    };
    if parents.len() > 1 {
        match resolve(g, &parents, tallies) {
            Ok((p, why)) => {
                found.place = Some(p);
                found.evidence.push_str(&format!("; parent {why}"));
            }
            Err(why) => {
                found.confidence *= 0.5;
                found
                    .warnings
                    .push(ambiguity(g, &name, &parents, &format!("its parent: {why}")));
                found.candidates = parents;
            }
        }
    }
    found
}

/// A zone the text calls only 开发区: it belongs to the most specific county or city on the
/// chain of places the text names most (丹阳市 › 镇江市 › 江苏省 → 丹阳开发区).
pub(super) fn bare_zone(
    g: &Gazetteer,
    text: &Text,
    tallies: &BTreeMap<PlaceId, Tally>,
    zones: &Zones,
    w: f64,
    top: f64,
) -> Found {
    let (kind, t) = zones
        .bare
        .iter()
        .max_by(|a, b| a.1.count.cmp(&b.1.count).then(b.0.cmp(a.0)))
        .map(|(k, t)| (*k, t.clone()))
        .unwrap_or(("开发区", Tally::default()));
    let mut chain: BTreeMap<PlaceId, f64> = BTreeMap::new();
    for (u, t) in tallies {
        for a in std::iter::once(*u).chain(g.ancestors(*u)) {
            *chain.entry(a).or_default() += t.weight;
        }
    }
    let pick = |parent: Option<PlaceId>| {
        let mut kids: Vec<(PlaceId, f64)> = chain
            .iter()
            .filter(|(c, _)| {
                g.place(**c).is_some_and(|p| {
                    p.parent == parent
                        && matches!(
                            p.level,
                            Level::Province | Level::City | Level::County | Level::District
                        )
                })
            })
            .map(|(c, w)| (*c, *w))
            .collect();
        kids.sort_by(|a, b| b.1.total_cmp(&a.1));
        match kids.as_slice() {
            [(c, w), rest @ ..] if rest.first().is_none_or(|r| r.1 < *w) => Some((*c, *w)),
            _ => None,
        }
    };
    let mut cur = pick(None);
    while let Some((c, cw)) = cur {
        match pick(Some(c)) {
            Some((k, kw)) if kw >= 0.4 * cw => cur = Some((k, kw)),
            _ => break,
        }
    }
    let parent = cur.map(|(c, _)| g.canonical(c));
    let mut evidence = describe(text, &t, "");
    let name = match parent {
        Some(p) => {
            evidence.push_str(&format!("; placed under {} named in the text", g.name(p)));
            format!("{}{kind}", g.short_name(p))
        }
        None => kind.to_string(),
    };
    let warnings = parent
        .is_none()
        .then(|| format!("locality {kind}: the text names no place it belongs to"))
        .into_iter()
        .collect();
    let conf = (0.35 + 0.4 * (1.0 - top / w)).min(0.85) * if parent.is_some() { 1.0 } else { 0.5 };
    Found {
        name,
        place: parent,
        zone: true,
        candidates: Vec::new(),
        confidence: conf,
        evidence,
        source: Source::Text,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use crate::corpus::metadata::tests::run;
    use crate::corpus::Level;

    #[test]
    fn development_zones_are_recognised_by_pattern() {
        let named = run("丹阳经济开发区：奋力打造产业高地\n\n开发区全年签约项目22个。");
        assert_eq!(named.locality.value.as_deref(), Some("丹阳经济开发区"));
        assert_eq!(named.level.value, Some(Level::DevelopmentZone));
        assert_eq!(named.county.value.as_deref(), Some("丹阳市"));
        assert_eq!(named.city.value.as_deref(), Some("镇江市"));
        let bare = run(
            "2021年，开发区党工委、管委会以高质量发展为主题。开发区精心谋划。\n开发区推进\
             练湖新城建设，成为镇江市第一个培训基地。开发区人民推荐申报丹阳市科技项目。",
        );
        assert_eq!(bare.locality.value.as_deref(), Some("丹阳开发区"));
        assert_eq!(bare.province.value.as_deref(), Some("江苏省"));
        assert_eq!(bare.county.value.as_deref(), Some("丹阳市"));
    }
}
