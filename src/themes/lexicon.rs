//! The theme lexicon: named themes, each a list of seed terms, read from TOML.
//!
//! ```toml
//! [[theme]]
//! name = "城市更新"
//! description = "Urban renewal: old estates, pocket parks, relocation."
//! seeds = ["城市更新", "有机更新", "老旧小区改造"]
//! exclude = ["城市更新行动方案"]   # optional: a unit with one of these never gets the theme
//! ```

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::{Error, PolicyLexicon, Result};

const BUNDLED: &str = include_str!("../../data/themes/default.toml");

/// A term added to a theme by seed expansion, with the evidence for adding it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpandedTerm {
    /// The term (a canonical token term).
    pub term: String,
    /// Normalised PMI between the term and the theme's seed units, in (0, 1]; also the weight
    /// of one occurrence of the term relative to a seed's 1.
    pub score: f64,
    /// Units that contain the term and a seed of the theme.
    pub units: usize,
}

/// One theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    /// Its name, unique in the lexicon (城市更新).
    pub name: String,
    /// What it covers, for people. Default: empty.
    pub description: String,
    /// Seed terms, canonical lexicon forms (an alias such as 智转数改 is stored as 智改数转).
    pub seeds: Vec<String>,
    /// Terms that veto the theme: a unit containing one is never assigned it, and they are
    /// never added by expansion. Default: none.
    pub exclude: Vec<String>,
    /// Terms added from the corpus by seed expansion (empty until [`super::assign`] expands).
    pub expanded: Vec<ExpandedTerm>,
}

/// A set of themes. Build with [`ThemeLexicon::bundled`], [`ThemeLexicon::parse`] or
/// [`ThemeLexicon::read`]; every one of them validates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ThemeLexicon {
    /// Where it was read from (`default.toml` for the bundled one).
    pub source: String,
    /// Themes in file order.
    pub themes: Vec<Theme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    theme: Vec<RawTheme>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    name: toml::Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    seeds: Option<toml::Spanned<Vec<String>>>,
    #[serde(default)]
    exclude: Vec<String>,
}

/// 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |t| t.matches('\n').count() + 1)
}

impl ThemeLexicon {
    /// The bundled lexicon (`data/themes/default.toml`): 16 themes whose seeds are all kept
    /// whole by the default segmenter (a test checks this).
    ///
    /// The bundled file is checked by the test suite, so it always parses; were it ever
    /// broken, an empty lexicon is returned rather than a panic.
    pub fn bundled() -> &'static ThemeLexicon {
        static LEXICON: OnceLock<ThemeLexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Self::parse(BUNDLED, "default.toml").unwrap_or_default())
    }

    /// Reads and parses a theme lexicon file.
    pub fn read(path: &Path) -> Result<ThemeLexicon> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses a theme lexicon. Errors name `source`, the line, and for a bad theme its name
    /// and field: a TOML syntax error or unknown field, no themes, an empty or repeated name,
    /// a theme without seeds, an empty, spaced or repeated seed, a term both seed and exclude.
    /// Seeds that are aliases in the policy lexicon become their canonical term.
    pub fn parse(text: &str, source: &str) -> Result<ThemeLexicon> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            Error::parse(source, line, e.message().trim().to_string())
        })?;
        if raw.theme.is_empty() {
            return Err(Error::parse(
                source,
                1,
                "no themes: expected at least one [[theme]] table with name and seeds",
            ));
        }
        let policy = PolicyLexicon::bundled();
        let mut names = BTreeSet::new();
        let mut themes = Vec::with_capacity(raw.theme.len());
        for t in raw.theme {
            let line = line_of(text, t.name.span().start);
            let name = t.name.get_ref().trim().to_string();
            let fail = |msg: String| Error::parse(source, line, msg);
            if name.is_empty() {
                return Err(fail("theme name is empty: expected a name".into()));
            }
            if !names.insert(name.clone()) {
                return Err(fail(format!(
                    "theme '{name}': name is used twice: expected unique names"
                )));
            }
            let (seed_list, line) = match &t.seeds {
                Some(s) => (s.get_ref().clone(), line_of(text, s.span().start)),
                None => (Vec::new(), line),
            };
            let fail = |msg: String| Error::parse(source, line, msg);
            if seed_list.is_empty() {
                return Err(fail(format!(
                    "theme '{name}': seeds is empty: expected at least one seed term"
                )));
            }
            let check = |field: &str, word: &str| -> Result<()> {
                if word.trim().is_empty() || word.chars().any(char::is_whitespace) {
                    return Err(fail(format!(
                        "theme '{name}': {field} has '{word}': expected a term without spaces"
                    )));
                }
                Ok(())
            };
            let mut seen = BTreeSet::new();
            let mut seeds = Vec::with_capacity(seed_list.len());
            for seed in &seed_list {
                check("seeds", seed)?;
                if !seen.insert(seed.as_str()) {
                    return Err(fail(format!(
                        "theme '{name}': seeds lists '{seed}' twice: expected each seed once"
                    )));
                }
                let canonical = policy.canonical(seed).unwrap_or(seed).to_string();
                // Two aliases of one term are one seed.
                if !seeds.contains(&canonical) {
                    seeds.push(canonical);
                }
            }
            let mut exclude = Vec::with_capacity(t.exclude.len());
            for word in &t.exclude {
                check("exclude", word)?;
                let canonical = policy.canonical(word).unwrap_or(word).to_string();
                if seeds.contains(&canonical) {
                    return Err(fail(format!(
                        "theme '{name}': '{word}' is in both seeds and exclude: expected one"
                    )));
                }
                if !exclude.contains(&canonical) {
                    exclude.push(canonical);
                }
            }
            themes.push(Theme {
                name,
                description: t.description.trim().to_string(),
                seeds,
                exclude,
                expanded: Vec::new(),
            });
        }
        Ok(ThemeLexicon {
            source: source.to_string(),
            themes,
        })
    }

    /// Every seed and exclude term, sorted and deduplicated: the words a segmenter must keep
    /// whole (see [`crate::segment::SegmentConfig::extra_words`]).
    pub fn words(&self) -> Vec<String> {
        let set: BTreeSet<&str> = self
            .themes
            .iter()
            .flat_map(|t| t.seeds.iter().chain(&t.exclude))
            .map(String::as_str)
            .collect();
        set.into_iter().map(str::to_string).collect()
    }

    /// The theme called `name`.
    pub fn theme(&self, name: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.name == name)
    }

    /// Theme names in lexicon order.
    pub fn names(&self) -> Vec<&str> {
        self.themes.iter().map(|t| t.name.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lexicon_parses_with_the_fifteen_required_themes() {
        let lexicon = ThemeLexicon::parse(BUNDLED, "default.toml").unwrap();
        for name in [
            "党建引领",
            "城市更新",
            "招商引资",
            "营商环境",
            "基层治理",
            "民生保障",
            "生态环保",
            "安全生产",
            "疫情防控",
            "乡村振兴",
            "科技创新",
            "产业与项目建设",
            "作风建设与廉政",
            "文化与文明实践",
            "信访维稳",
        ] {
            assert!(lexicon.theme(name).is_some(), "{name}");
        }
        assert_eq!(&lexicon, ThemeLexicon::bundled());
    }

    #[test]
    fn errors_name_the_line_theme_and_field() {
        let err = ThemeLexicon::parse("[[theme]]\nname = \"a\"\nseeds = [\"x\"\n", "t.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("t.toml:3:") || err.starts_with("t.toml:4:"),
            "{err}"
        );
        let text = "[[theme]]\nname = \"城市更新\"\nseeds = [\"城市更新\"]\n\n[[theme]]\nname = \"空\"\nseeds = []\n";
        let err = ThemeLexicon::parse(text, "t.toml").unwrap_err().to_string();
        assert_eq!(
            err,
            "t.toml:7: theme '空': seeds is empty: expected at least one seed term"
        );
        let text = "[[theme]]\nname = \"甲\"\nseeds = [\"a\"]\n[[theme]]\nname = \"甲\"\nseeds = [\"b\"]\n";
        let err = ThemeLexicon::parse(text, "t.toml").unwrap_err().to_string();
        assert_eq!(
            err,
            "t.toml:5: theme '甲': name is used twice: expected unique names"
        );
        let text = "[[theme]]\nname = \"甲\"\nseeds = [\"a\", \" \"]\n";
        let err = ThemeLexicon::parse(text, "t.toml").unwrap_err().to_string();
        assert!(err.contains("theme '甲': seeds has ' '"), "{err}");
        let err = ThemeLexicon::parse("", "t.toml").unwrap_err().to_string();
        assert!(err.contains("no themes"), "{err}");
        let err = ThemeLexicon::parse("[[theme]]\nname = \"甲\"\nseed = [\"a\"]\n", "t.toml")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("t.toml:3:"), "{err}");
    }

    #[test]
    fn aliases_become_canonical_seeds() {
        let text = "[[theme]]\nname = \"智改\"\nseeds = [\"智转数改\", \"智改数转\"]\n";
        let lexicon = ThemeLexicon::parse(text, "t").unwrap();
        assert_eq!(lexicon.themes[0].seeds, ["智改数转"]);
    }
}
