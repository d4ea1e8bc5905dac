//! Building a gazetteer from the JioNLP tables: places with their levels, codes, aliases and
//! parents, and the index of names the scanner looks for.

use std::collections::{BTreeSet, HashMap};

use rustc_hash::FxHashMap;

use super::scan::{self, Surface, PAIR_FILTER_BITS};
use super::{is_ancestor_in, stem, Gazetteer, Place, PlaceId};
use crate::corpus::Level;

/// Full names and aliases that are also everyday words in reports (开发区, 城区, 振兴 as in
/// 乡村振兴, 青山 as in 绿水青山, 高城乡 as in 提高城乡 …): they stay in the gazetteer and in
/// [`Gazetteer::lookup`], but the scanner never reports them, since in running text they
/// almost never name the unit that happens to bear them. Chosen by how often they occur in
/// government work reports of unrelated places.
#[rustfmt::skip]
const GENERIC: &[&str] = &[
    // Kinds of units.
    "开发区", "经济开发区", "经济技术开发区", "高新区", "经开区", "工业园区", "工业园", "工业区",
    "园区", "新区", "示范区", "产业园", "化工园区", "物流园区", "保税区", "综合保税区",
    "旅游度假区", "城区", "郊区", "矿区", "东区", "西区", "北区", "南区", "林场", "农场", "街道",
    "社区", "中心镇",
    // Everyday words.
    "市中", "振兴", "新建", "合作", "平安", "惠民", "新兴", "通道", "和政", "友好", "新平", "解放",
    "共和", "公安", "大新", "青山", "新城", "富裕", "城中", "增城", "港口", "金山", "前进", "富民",
    "新和", "大城", "安居", "古城", "运河", "新市", "高城乡", "双城", "同心", "延长", "安宁", "和县",
    "互助", "老城", "安定", "南部", "东方", "复兴", "兴业", "和平", "江山", "乐业", "太平", "新华",
    "大方", "平原", "红旗", "城东", "城西", "城北", "温泉", "清水", "灯塔", "利通", "通城", "上高",
    "站前", "平和", "路南", "路北",
];

/// Endings that make a town-level or county-level name a development zone.
const ZONE_ENDINGS: &[&str] = &[
    "开发区",
    "高新区",
    "园区",
    "新区",
    "工业区",
    "示范区",
    "经济区",
    "合作区",
    "试验区",
    "实验区",
    "集聚区",
    "产业区",
    "管理区",
    "开发园",
    "产业园",
    "科技园",
    "工业园",
];

impl Gazetteer {
    /// Builds a gazetteer from the two tab-separated tables: `l3` with columns province,
    /// province_code, city, city_code, city_alias, county, county_code, county_alias (a row
    /// with an empty county describes the city), and `l4` with province, city, county, town.
    /// Malformed lines are skipped and reported by [`Gazetteer::warnings`].
    pub fn from_tables(l3: &str, l4: &str) -> Gazetteer {
        let mut b = Builder::default();
        for (i, line) in l3.lines().enumerate() {
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            if i == 0 && f.first() == Some(&"province") || line.trim().is_empty() {
                continue;
            }
            if f.len() < 3 || f[0].is_empty() || f[2].is_empty() {
                b.g.warnings
                    .push(format!("l3 line {}: expected 8 columns", i + 1));
                continue;
            }
            let col = |k: usize| f.get(k).copied().unwrap_or("");
            b.add_l3(&f[..3], col(1), col(3), col(4), col(5), col(6), col(7));
        }
        for (i, line) in l4.lines().enumerate() {
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            if i == 0 && f.first() == Some(&"province") || line.trim().is_empty() {
                continue;
            }
            if f.len() < 4 || f.iter().take(4).any(|s| s.is_empty()) {
                b.g.warnings
                    .push(format!("l4 line {}: expected 4 columns", i + 1));
                continue;
            }
            if !b.add_town(f[0], f[1], f[2], f[3]) {
                let w = format!("l4 line {}: no parent for {}", i + 1, f[3]);
                b.g.warnings.push(w);
            }
        }
        b.finish()
    }
}

/// Tables mark units administered directly by the level above with placeholders such as
/// 省直辖行政区划 / 市直辖行政区划; they are not places.
fn is_placeholder(name: &str) -> bool {
    name.contains("直辖") && name.ends_with("区划")
}

fn county_level(name: &str, code: &str) -> Level {
    // Codes xxxx7x are assigned to economic and functional zones.
    let zone_code = code.get(4..5) == Some("7");
    let plain = name.ends_with('县') || name.ends_with('市') || name.ends_with('旗');
    if ZONE_ENDINGS.iter().any(|e| name.ends_with(e)) && !name.ends_with("新区")
        || zone_code && !plain
    {
        Level::DevelopmentZone
    } else if name.ends_with('区') && !name.ends_with("林区") {
        Level::District
    } else {
        Level::County
    }
}

fn town_level(name: &str) -> Level {
    if name.ends_with("街道") || name.ends_with("街道办事处") {
        Level::Street
    } else if ZONE_ENDINGS.iter().any(|e| name.ends_with(e)) {
        Level::DevelopmentZone
    } else {
        // 镇, 乡, 苏木 and the other town-level units (农场, 林场, 办事处 …).
        Level::Town
    }
}

/// Provinces have no alias column; their usual short names drop the level and ethnic part.
fn province_alias(name: &str) -> Option<String> {
    stem(name).map(str::to_string)
}

#[derive(Default)]
struct Builder {
    g: Gazetteer,
    provinces: HashMap<String, PlaceId>,
    cities: HashMap<(String, String), PlaceId>,
    counties: HashMap<(String, String, String), PlaceId>,
    towns: BTreeSet<(PlaceId, String)>,
}

impl Builder {
    fn push(
        &mut self,
        name: &str,
        level: Level,
        code: &str,
        alias: &str,
        parent: Option<PlaceId>,
    ) -> PlaceId {
        let id = PlaceId(self.g.places.len() as u32);
        let alias = (alias.chars().count() >= 2 && alias != name).then(|| alias.to_string());
        let code = (!code.is_empty()).then(|| code.to_string());
        let place = Place {
            name: name.to_string(),
            level,
            code,
            alias,
            parent,
        };
        self.g.places.push(place);
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn add_l3(
        &mut self,
        f: &[&str],
        p_code: &str,
        c_code: &str,
        c_alias: &str,
        county: &str,
        k_code: &str,
        k_alias: &str,
    ) {
        let (prov, city) = (f[0], f[2]);
        let p = match self.provinces.get(prov) {
            Some(p) => *p,
            None => {
                let alias = province_alias(prov).unwrap_or_default();
                let p = self.push(prov, Level::Province, p_code, &alias, None);
                self.provinces.insert(prov.to_string(), p);
                p
            }
        };
        let key = (prov.to_string(), city.to_string());
        let c = if is_placeholder(city) {
            None
        } else if let Some(c) = self.cities.get(&key) {
            Some(*c)
        } else {
            let c = self.push(city, Level::City, c_code, c_alias, Some(p));
            self.cities.insert(key, c);
            Some(c)
        };
        if county.is_empty() || is_placeholder(county) {
            return;
        }
        let key = (prov.to_string(), city.to_string(), county.to_string());
        if !self.counties.contains_key(&key) {
            let level = county_level(county, k_code);
            // Aliases such as 高新区 / 产业园 are shared by dozens of zones and name none.
            let generic = k_alias.ends_with('区') || k_alias.ends_with('园');
            let alias = if level == Level::DevelopmentZone && generic {
                ""
            } else {
                k_alias
            };
            let k = self.push(county, level, k_code, alias, Some(c.unwrap_or(p)));
            self.counties.insert(key, k);
        }
    }

    fn add_town(&mut self, prov: &str, city: &str, county: &str, town: &str) -> bool {
        let key = (prov.to_string(), city.to_string(), county.to_string());
        let parent = self
            .counties
            .get(&key)
            .or_else(|| self.cities.get(&(prov.to_string(), city.to_string())))
            .or_else(|| self.provinces.get(prov))
            .copied();
        let Some(parent) = parent else { return false };
        if self.towns.insert((parent, town.to_string())) {
            self.push(town, town_level(town), "", "", Some(parent));
        }
        true
    }

    fn finish(mut self) -> Gazetteer {
        let mut g = std::mem::take(&mut self.g);
        let mut names = BTreeSet::new();
        for (i, p) in g.places.iter().enumerate() {
            let id = PlaceId(i as u32);
            g.by_name.entry(p.name.clone()).or_default().push(id);
            if let Some(a) = &p.alias {
                g.by_alias.entry(a.clone()).or_default().push(id);
            }
            names.insert(p.name.clone());
        }
        g.names = names.into_iter().collect();
        let mut surfaces: FxHashMap<String, Surface> = FxHashMap::default();
        for (name, ids) in &g.by_name {
            let short_town = ids
                .iter()
                .all(|id| g.places[id.index()].level >= Level::Street);
            if GENERIC.contains(&name.as_str()) || short_town && name.chars().count() <= 2 {
                continue;
            }
            let s = surfaces.entry(name.clone()).or_default();
            s.places.extend(ids);
            s.full = true;
        }
        for (alias, ids) in &g.by_alias {
            if !GENERIC.contains(&alias.as_str()) {
                surfaces
                    .entry(alias.clone())
                    .or_default()
                    .places
                    .extend(ids);
            }
        }
        let mut prefixes: FxHashMap<(char, char), BTreeSet<usize>> = FxHashMap::default();
        for (s, sf) in surfaces.iter_mut() {
            sf.places.sort_unstable();
            sf.places.dedup();
            // A short form shared by a unit and its own county (长沙 for 长沙市 and 长沙县)
            // means the outer one; the inner one is written out when meant.
            if !sf.full {
                let all = sf.places.clone();
                sf.places
                    .retain(|p| !all.iter().any(|a| is_ancestor_in(&g.places, *a, *p)));
            }
            // Two-character names (沛县) and short forms of counties and below (通州, 钟楼)
            // also occur inside ordinary words; city and province short forms rarely do.
            let local = sf
                .places
                .iter()
                .any(|p| g.places[p.index()].level > Level::City);
            sf.weak = s.chars().count() <= 2 && (sf.full || local);
            let mut cs = s.chars();
            if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
                prefixes
                    .entry((a, b))
                    .or_default()
                    .insert(s.chars().count());
            }
        }
        g.pair_filter = scan::PairFilter::new(PAIR_FILTER_BITS, prefixes.keys().copied());
        g.prefixes = prefixes
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().rev().collect()))
            .collect();
        g.surfaces = surfaces;
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_lines_become_warnings() {
        let l3 = "province\tprovince_code\tcity\tcity_code\tcity_alias\tcounty\tcounty_code\tcounty_alias\n\
                  江苏省\t320000\t南通市\t320600\t南通\t通州区\t320612\t通州\n\
                  broken\n";
        let l4 = "province\tcity\tcounty\ttown\n江苏省\t南通市\t通州区\t金沙街道\n浙江省\t金华市\t义乌市\t稠江街道\n";
        let small = Gazetteer::from_tables(l3, l4);
        assert_eq!(small.places().len(), 4);
        assert_eq!(small.warnings().len(), 2, "{:?}", small.warnings());
        let jinsha = small.lookup("金沙街道")[0];
        assert_eq!(small.parent_path(jinsha), "江苏省南通市通州区");
    }
}
