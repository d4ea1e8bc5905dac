//! Locating the locality a document is about: the best-supported place, the more specific
//! unit when it is named nearly as often, and same-named places told apart by their parents.

use std::collections::BTreeMap;

use super::evidence::{gather, Cue, Evidence, Tally};
use super::sidecar::{base_name, normalize_file};
use super::text::Text;
use super::zones::{bare_zone, zone_found};
use super::{Level, Source};
use crate::corpus::gazetteer::PlaceId;
use crate::corpus::Gazetteer;

/// What the evidence points to: one place, a development zone under one, or several
/// candidates that could not be told apart.
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub(super) name: String,
    /// The place itself, or the parent of a development zone not in the gazetteer.
    pub(super) place: Option<PlaceId>,
    pub(super) zone: bool,
    /// Candidates left when ambiguity could not be resolved.
    pub(super) candidates: Vec<PlaceId>,
    pub(super) confidence: f64,
    pub(super) evidence: String,
    pub(super) source: Source,
    pub(super) warnings: Vec<String>,
}

/// The locality the text and the file name point to, or why there is none.
pub(super) fn locate(g: &Gazetteer, text: &Text, file: &str) -> Result<Found, String> {
    choose(g, text, &gather(g, text, file), file)
}

fn choose(g: &Gazetteer, text: &Text, ev: &Evidence, file: &str) -> Result<Found, String> {
    let (tallies, zones, cue) = (&ev.tallies, &ev.zones, ev.cue);
    let factor = |id: PlaceId| {
        if cue.is_none_or(|c| c.fits(g, id)) {
            1.0
        } else {
            0.3
        }
    };
    let adj = |id: PlaceId| tallies.get(&id).map_or(0.0, |t| t.weight) * factor(id);
    let depth = |id: PlaceId| g.ancestors(id).len();
    let better = |a: PlaceId, b: PlaceId| {
        adj(a)
            .total_cmp(&adj(b))
            .then(depth(a).cmp(&depth(b)))
            .then(b.cmp(&a))
    };
    let mut best = tallies.keys().copied().max_by(|a, b| better(*a, *b));
    // The document is about the more specific unit when it is named nearly as often; a
    // province is named as context by nearly every local text, so less is needed below one.
    while let Some(b) = best {
        let province = g.place(b).is_some_and(|p| p.level == Level::Province);
        let need = if province && cue.is_none() { 0.4 } else { 0.8 } * adj(b);
        let deeper = tallies
            .keys()
            .copied()
            .filter(|d| g.is_ancestor(b, *d) && ev.own_weight(*d, b) * factor(*d) >= need)
            .max_by(|x, y| better(*x, *y));
        match deeper {
            Some(d) => best = Some(d),
            None => break,
        }
    }
    let top = best.map_or(0.0, adj);
    let zone_factor = if cue.is_none_or(|c| c == Cue::Zone) {
        1.0
    } else {
        0.3
    };
    let bare_w: f64 = zones.bare.values().map(|t| t.weight).sum();
    let bare_n: usize = zones.bare.values().map(|t| t.count).sum();
    let named = zones
        .named
        .iter()
        .max_by(|a, b| a.1 .0.weight.total_cmp(&b.1 .0.weight));
    if let Some((name, (t, parents))) = named {
        // Bare 开发区 count for the only zone the text names, but the name itself must
        // carry weight: a city report names its zones in passing.
        let w = (t.weight + if zones.named.len() == 1 { bare_w } else { 0.0 }) * zone_factor;
        if w > top && t.weight * zone_factor >= 0.5 * top {
            return Ok(zone_found(
                g,
                text,
                &ev.tallies,
                name.clone(),
                t,
                parents,
                w,
                top,
            ));
        }
    }
    if bare_n >= 3 && bare_w * zone_factor >= 2.0 * top.max(1.0) {
        return Ok(bare_zone(
            g,
            text,
            &ev.tallies,
            zones,
            bare_w * zone_factor,
            top,
        ));
    }
    let national = cue == Some(Cue::National);
    let from_file = best
        .and_then(|b| tallies.get(&b))
        .is_some_and(|t| t.file > 0.0);
    if national && !from_file {
        let why = "the text speaks for 国务院 (a national report) and its file name names no place";
        return Err(why.into());
    }
    let none = "no locality found in the text or file name";
    let best = best.ok_or(none)?;
    let bt = tallies.get(&best).ok_or(none)?;
    let mut warnings = Vec::new();
    if national {
        warnings.push(format!(
            "the text speaks for 国务院 (a national report); locality {} rests on the file name \
             alone",
            g.name(best)
        ));
    }
    // Same-named places share every mention; places sharing only an alias less so.
    let contenders: Vec<PlaceId> = tallies
        .keys()
        .copied()
        .filter(|c| {
            *c == best
                || !g.is_ancestor(*c, best)
                    && !g.is_ancestor(best, *c)
                    && adj(*c) >= top * if g.name(*c) == g.name(best) { 0.5 } else { 0.8 }
        })
        .collect();
    let runner = tallies
        .keys()
        .copied()
        .filter(|c| !contenders.contains(c) && !g.is_ancestor(*c, best) && !g.is_ancestor(best, *c))
        .map(adj)
        .fold(0.0, f64::max);
    let mut conf = 0.35 + 0.45 * (1.0 - runner / top.max(f64::EPSILON)).clamp(0.0, 1.0);
    if bt.title.is_some() || bt.file > 0.0 {
        conf += 0.1;
    }
    if bt.count >= 3 {
        conf += 0.05;
    }
    if !warnings.is_empty() {
        conf *= 0.6;
    }
    let mut evidence = describe(text, bt, file);
    let (place, candidates) = if contenders.len() == 1 {
        (Some(best), Vec::new())
    } else {
        match resolve(g, &contenders, tallies) {
            Ok((p, why)) => {
                conf *= 0.85;
                evidence = format!(
                    "{}; {why}",
                    describe(text, tallies.get(&p).unwrap_or(bt), file)
                );
                (Some(p), Vec::new())
            }
            Err(why) => {
                conf *= 0.5;
                warnings.push(ambiguity(g, g.name(best), &contenders, &why));
                (None, contenders.clone())
            }
        }
    };
    let source = if bt.file >= bt.weight - bt.file {
        Source::FileName
    } else {
        Source::Text
    };
    let name = g.name(place.unwrap_or(best)).to_string();
    Ok(Found {
        name,
        place,
        zone: false,
        candidates,
        confidence: conf.min(0.95),
        evidence,
        source,
        warnings,
    })
}

/// The evidence of a tally in words: the file name, the line quoted, the count of mentions.
pub(super) fn describe(text: &Text, t: &Tally, file: &str) -> String {
    let mut parts = Vec::new();
    if t.file > 0.0 {
        parts.push(format!(
            "file name \"{}\"",
            base_name(&normalize_file(file))
        ));
    }
    if let Some(at) = t.title.or(t.first) {
        parts.push(text.quote(at));
    }
    if t.count > 0 {
        parts.push(format!(
            "\"{}\" and its short forms ×{}",
            t.surface, t.count
        ));
    }
    parts.join("; ")
}

/// Picks among same-named places by the other places the text names: parents (南通, 钟楼)
/// and children count for the candidates they belong to, places related to all of them
/// for none.
pub(super) fn resolve(
    g: &Gazetteer,
    cands: &[PlaceId],
    tallies: &BTreeMap<PlaceId, Tally>,
) -> Result<(PlaceId, String), String> {
    let mut support: BTreeMap<PlaceId, (f64, Vec<String>)> = BTreeMap::new();
    for (u, t) in tallies {
        if cands.contains(u) {
            continue;
        }
        let related: Vec<PlaceId> = cands
            .iter()
            .copied()
            .filter(|c| g.is_ancestor(*u, *c) || g.is_ancestor(*c, *u))
            .collect();
        if related.is_empty() || related.len() == cands.len() {
            continue;
        }
        for c in related {
            let e = support.entry(c).or_default();
            e.0 += t.weight;
            e.1.push(t.surface.clone());
        }
    }
    let mut ranked: Vec<(PlaceId, f64, Vec<String>)> =
        support.into_iter().map(|(c, (w, n))| (c, w, n)).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    match ranked.as_slice() {
        [] => Err("no parent named in the text".to_string()),
        [(c, w, names), rest @ ..] if rest.first().is_none_or(|r| *w >= 2.0 * r.1) => {
            let mut names = names.clone();
            names.sort();
            names.dedup();
            Ok((
                *c,
                format!("resolved by {} named in the text", names.join(", ")),
            ))
        }
        _ => Err("the places named in the text do not decide between them".to_string()),
    }
}

/// The warning for a name that denotes several places: every candidate with its parents, and
/// why they could not be told apart.
pub(super) fn ambiguity(g: &Gazetteer, name: &str, cands: &[PlaceId], why: &str) -> String {
    // Same-named candidates differ by their parents; otherwise name each in full.
    let same = cands.iter().all(|c| g.name(*c) == name);
    let mut paths: Vec<String> = cands
        .iter()
        .map(|c| match same {
            true => g.parent_path(*c),
            false => format!("{}{}", g.parent_path(*c), g.name(*c)),
        })
        .collect();
    paths.sort();
    paths.dedup();
    format!("locality {name} is ambiguous: {}; {why}", paths.join(" / "))
}

#[cfg(test)]
mod tests {
    use crate::corpus::metadata::tests::run;
    use crate::corpus::{infer, Gazetteer, Level, Source};

    #[test]
    fn a_compound_name_identifies_and_disambiguates() {
        let m = run("通州区金沙街道坚决贯彻新发展理念——\n\n今年以来，金沙街道坚持党建引领。");
        assert_eq!(m.locality.value.as_deref(), Some("金沙街道"));
        assert_eq!(m.county.value.as_deref(), Some("通州区"));
        assert_eq!(m.city.value.as_deref(), Some("南通市"));
        assert_eq!(m.province.source, Source::Gazetteer);
        assert!(
            m.locality.evidence.contains("title line 1"),
            "{}",
            m.locality.evidence
        );
        assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    }

    #[test]
    fn ambiguity_is_resolved_by_a_parent_named_elsewhere() {
        let m = run(
            "金沙街道推进基层治理\n\n金沙街道各社区积极行动。\n\n白云区委对金沙街道工作给予肯定。",
        );
        assert_eq!(m.city.value.as_deref(), Some("广州市"));
        assert_eq!(m.county.value.as_deref(), Some("白云区"));
        assert!(
            m.locality.evidence.contains("白云区"),
            "{}",
            m.locality.evidence
        );
        assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    }

    #[test]
    fn unresolved_ambiguity_warns_with_all_candidates() {
        let m = run("金沙街道推进基层治理\n\n金沙街道各社区积极行动。");
        assert_eq!(m.locality.value.as_deref(), Some("金沙街道"));
        assert_eq!(m.level.value, Some(Level::Street));
        assert!(m.province.value.is_none() && m.city.value.is_none());
        let w = m.warnings.join("\n");
        for p in [
            "四川省成都市青羊区",
            "广东省广州市白云区",
            "江苏省南通市通州区",
        ] {
            assert!(w.contains(p), "{w}");
        }
        assert!(w.contains("locality 金沙街道 is ambiguous"), "{w}");
    }

    #[test]
    fn the_file_name_and_the_speaker_pick_the_city() {
        let raw = "各位代表：\n\n现在，我代表市人民政府向大会报告工作。\n\n一、2023年工作回顾\n\n\
                   过去一年，全市经济回升向好，海南自由贸易港建设稳步推进。\n\n二、2024年工作安排\n";
        let m = infer(raw, "gwr/三亚.txt", Gazetteer::bundled());
        assert_eq!(m.locality.value.as_deref(), Some("三亚市"));
        assert_eq!(m.locality.source, Source::FileName);
        assert!(m.locality.evidence.contains("file name \"三亚.txt\""));
        assert_eq!(m.province.value.as_deref(), Some("海南省"));
        assert_eq!(m.year.value, Some(2023));
        assert_eq!(m.extra.get("report_year").map(String::as_str), Some("2024"));
        let national = infer(
            "我代表国务院，向大会报告政府工作。",
            "x.txt",
            Gazetteer::bundled(),
        );
        assert!(national.locality.value.is_none());
        assert!(national.warnings[0].contains("国务院"));
    }

    #[test]
    fn municipality_is_a_province_with_itself_as_city() {
        let m = infer(
            "我代表市人民政府向大会报告工作。上海加快建设。",
            "上海.txt",
            Gazetteer::bundled(),
        );
        assert_eq!(m.locality.value.as_deref(), Some("上海市"));
        assert_eq!(m.level.value, Some(Level::Province));
        assert_eq!(m.province.value.as_deref(), Some("上海市"));
        assert_eq!(m.city.value.as_deref(), Some("上海市"));
    }
}
