//! Vectorizer settings and their validation.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// A document-frequency bound, as scikit-learn's `min_df`/`max_df`: an absolute number of units
/// (sklearn's int) or a proportion of all units (sklearn's float).
///
/// Parsed from text the same way sklearn reads Python literals: `2` is a count, `2.0`, `0.9` and
/// `1.0` are proportions. In JSON and TOML an integer is a count and a float a proportion.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DocFrequency {
    /// This many units; at least 1.
    Count(usize),
    /// This proportion of the units, in `[0, 1]`.
    Proportion(f64),
}

impl DocFrequency {
    /// The bound in units for a corpus of `n_units`, as sklearn computes it (`max_df * n` for a
    /// proportion, kept fractional).
    pub fn units(self, n_units: usize) -> f64 {
        match self {
            DocFrequency::Count(c) => c as f64,
            DocFrequency::Proportion(p) => p * n_units as f64,
        }
    }

    fn check(self, name: &'static str) -> Result<()> {
        let ok = match self {
            DocFrequency::Count(c) => c >= 1,
            DocFrequency::Proportion(p) => (0.0..=1.0).contains(&p),
        };
        if ok {
            Ok(())
        } else {
            Err(Error::param(
                name,
                self,
                "a count of units ≥ 1 (e.g. 2) or a proportion in [0, 1] (e.g. 0.9)",
            ))
        }
    }
}

impl fmt::Display for DocFrequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocFrequency::Count(c) => write!(f, "{c}"),
            // `{:?}` keeps the `.0` of 1.0, which tells a proportion from a count.
            DocFrequency::Proportion(p) => write!(f, "{p:?}"),
        }
    }
}

impl FromStr for DocFrequency {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        let expected = "a count of units (e.g. 2) or a proportion (e.g. 0.9)";
        if let Ok(count) = s.parse::<usize>() {
            return Ok(DocFrequency::Count(count));
        }
        match s.parse::<f64>() {
            Ok(p) if p.is_finite() => Ok(DocFrequency::Proportion(p)),
            _ => Err(Error::param("document frequency", s, expected)),
        }
    }
}

/// How each row is normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Norm {
    /// Each row divided by its Euclidean length (rows of zeros stay zero).
    #[default]
    L2,
    /// Rows left as weighted.
    None,
}

impl FromStr for Norm {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "l2" => Ok(Norm::L2),
            "none" => Ok(Norm::None),
            other => Err(Error::param("norm", other, "l2 or none")),
        }
    }
}

impl fmt::Display for Norm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Norm::L2 => "l2",
            Norm::None => "none",
        })
    }
}

/// TF-IDF settings, named and defaulted as scikit-learn's `TfidfVectorizer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct VectorizerConfig {
    /// Drop terms found in fewer units than this. Default: `Count(1)` (keep all).
    pub min_df: DocFrequency,
    /// Drop terms found in more units than this. Default: `Proportion(1.0)` (keep all).
    pub max_df: DocFrequency,
    /// Keep only this many terms, those with the highest total count over the corpus (ties go
    /// to the term first in code-point order), after `min_df`/`max_df`. Default: none (keep all).
    pub max_features: Option<usize>,
    /// Count pairs of adjacent tokens too, as terms `"甲 乙"` joined by a space (sklearn's
    /// `ngram_range=(1, 2)`). Default: false.
    pub bigrams: bool,
    /// Weight a count `tf` as `1 + ln(tf)`. Default: false.
    pub sublinear_tf: bool,
    /// `idf = ln((1 + n) / (1 + df)) + 1`, as if one more unit held every term once; without it
    /// `idf = ln(n / df) + 1`. Default: true.
    pub smooth_idf: bool,
    /// Multiply by the idf; without it the values are (sublinear) term frequencies. Default: true.
    pub use_idf: bool,
    /// Row normalisation. Default: [`Norm::L2`].
    pub norm: Norm,
}

impl Default for VectorizerConfig {
    fn default() -> Self {
        VectorizerConfig {
            min_df: DocFrequency::Count(1),
            max_df: DocFrequency::Proportion(1.0),
            max_features: None,
            bigrams: false,
            sublinear_tf: false,
            smooth_idf: true,
            use_idf: true,
            norm: Norm::L2,
        }
    }
}

impl VectorizerConfig {
    /// Checks every setting that can be checked without the corpus: each bound on its own, and
    /// `min_df ≤ max_df` when both are counts or both proportions.
    pub fn validate(&self) -> Result<()> {
        self.min_df.check("min_df")?;
        self.max_df.check("max_df")?;
        if self.max_features == Some(0) {
            return Err(Error::param("max_features", 0, "at least 1"));
        }
        let inverted = match (self.min_df, self.max_df) {
            (DocFrequency::Count(lo), DocFrequency::Count(hi)) => lo > hi,
            (DocFrequency::Proportion(lo), DocFrequency::Proportion(hi)) => lo > hi,
            _ => false,
        };
        if inverted {
            return Err(self.inverted_bounds(None));
        }
        Ok(())
    }

    /// The `[low, high]` document-frequency bounds in units for a corpus of `n_units`; an error
    /// when they leave no room (a count against a proportion can only be compared here).
    pub(crate) fn df_bounds(&self, n_units: usize) -> Result<(f64, f64)> {
        let (low, high) = (self.min_df.units(n_units), self.max_df.units(n_units));
        if high < low {
            return Err(self.inverted_bounds(Some((n_units, low, high))));
        }
        Ok((low, high))
    }

    fn inverted_bounds(&self, resolved: Option<(usize, f64, f64)>) -> Error {
        let value = match resolved {
            None => format!("{} with max_df = {}", self.min_df, self.max_df),
            Some((n, low, high)) => format!(
                "{} ({low} of {n} units) with max_df = {} ({high} units)",
                self.min_df, self.max_df
            ),
        };
        Error::param("min_df", value, "min_df to allow no more units than max_df")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_proportions_parse_like_python_literals() {
        assert_eq!("2".parse::<DocFrequency>().unwrap(), DocFrequency::Count(2));
        assert_eq!(
            "1.0".parse::<DocFrequency>().unwrap(),
            DocFrequency::Proportion(1.0)
        );
        assert_eq!(DocFrequency::Proportion(1.0).to_string(), "1.0");
        assert!("two".parse::<DocFrequency>().is_err());
        let json = r#"{"min_df": 2, "max_df": 0.9}"#;
        let config: VectorizerConfig = serde_json::from_str(json).unwrap();
        assert_eq!(config.min_df, DocFrequency::Count(2));
        assert_eq!(config.max_df, DocFrequency::Proportion(0.9));
        assert!(config.smooth_idf && config.use_idf && config.norm == Norm::L2);
    }

    #[test]
    fn bad_settings_name_their_values() {
        let config = VectorizerConfig {
            min_df: DocFrequency::Count(5),
            max_df: DocFrequency::Count(3),
            ..VectorizerConfig::default()
        };
        assert_eq!(
            config.validate().unwrap_err().to_string(),
            "invalid min_df = 5 with max_df = 3: expected min_df to allow no more units than max_df"
        );
        let config = VectorizerConfig {
            max_df: DocFrequency::Proportion(1.5),
            ..VectorizerConfig::default()
        };
        assert!(config.validate().unwrap_err().to_string().contains("1.5"));
        let config = VectorizerConfig {
            max_features: Some(0),
            ..VectorizerConfig::default()
        };
        assert!(config.validate().is_err());
        let mixed = VectorizerConfig {
            min_df: DocFrequency::Count(3),
            max_df: DocFrequency::Proportion(0.5),
            ..VectorizerConfig::default()
        };
        mixed.validate().unwrap();
        let err = mixed.df_bounds(4).unwrap_err().to_string();
        assert!(
            err.contains("3 (3 of 4 units) with max_df = 0.5 (2 units)"),
            "{err}"
        );
        assert_eq!(mixed.df_bounds(10).unwrap(), (3.0, 5.0));
    }
}
