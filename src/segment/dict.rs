//! User dictionaries in jieba's format: `word [freq] [tag]`, one entry per line.
//!
//! jieba's users' top complaint is dictionaries that fail silently, so every line is checked
//! here and a malformed one is an error naming the file and the line.

use std::path::Path;

use crate::{Error, Result};

/// One dictionary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictEntry {
    /// The word.
    pub word: String,
    /// Its frequency; `None` lets the segmenter pick one that keeps the word whole.
    pub freq: Option<usize>,
    /// Its part-of-speech tag; `None` means a proper noun (`nz`).
    pub tag: Option<String>,
}

/// Reads a user dictionary file (UTF-8, UTF-16 with BOM or GB18030).
pub fn read_dict(path: &Path) -> Result<Vec<DictEntry>> {
    let text = crate::corpus::read_text(path)?;
    parse_dict(&text, &path.display().to_string())
}

/// jieba's part-of-speech tags (the ICTCLAS set it ships with).
pub(crate) const JIEBA_TAGS: &[&str] = &[
    "a", "ad", "ag", "an", "b", "c", "d", "df", "dg", "e", "eng", "f", "g", "h", "i", "j", "k",
    "l", "m", "mg", "mq", "n", "ng", "nr", "nrfg", "nrt", "ns", "nt", "nz", "o", "p", "q", "r",
    "rg", "rr", "rz", "s", "t", "tg", "u", "ud", "ug", "uj", "ul", "uv", "uz", "v", "vd", "vg",
    "vi", "vn", "vq", "x", "y", "z", "zg",
];

/// A tag in the third column may be the user's own, but must look like one.
fn is_tag(field: &str) -> bool {
    !field.is_empty() && field.len() <= 8 && field.bytes().all(|b| b.is_ascii_lowercase())
}

/// Parses a dictionary in jieba's `word [freq] [tag]` format. Blank lines and `#` comment
/// lines are skipped.
///
/// ```
/// use policylens::segment::parse_dict;
///
/// let entries = parse_dict("两在两同 1000 nz\n红色根脉\n", "my.dict").unwrap();
/// assert_eq!(entries[0].freq, Some(1000));
/// let err = parse_dict("红色根脉 many\n", "my.dict").unwrap_err();
/// assert!(err.to_string().starts_with("my.dict:1:"));
/// ```
pub fn parse_dict(text: &str, source: &str) -> Result<Vec<DictEntry>> {
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let bad = |what: String| {
            Error::parse(
                source,
                i + 1,
                format!("'{line}': {what}; expected `word [freq] [tag]`"),
            )
        };
        let freq = |field: &str| {
            field
                .parse::<usize>()
                .map_err(|_| bad(format!("frequency '{field}' is not a whole number")))
        };
        let (freq, tag) = match fields[..] {
            [_] => (None, None),
            [_, second] if second.bytes().all(|b| b.is_ascii_digit()) => {
                (Some(freq(second)?), None)
            }
            // With two fields the second is a frequency or a known tag: a word such as
            // "often" is far more likely a broken frequency than a tag.
            [_, second] if JIEBA_TAGS.contains(&second) => (None, Some(second)),
            [_, second] => {
                return Err(bad(format!(
                    "'{second}' is neither a whole-number frequency nor a part-of-speech tag"
                )))
            }
            [_, second, third] => {
                let freq = freq(second)?;
                if !is_tag(third) {
                    return Err(bad(format!("tag '{third}' is not a part-of-speech tag")));
                }
                (Some(freq), Some(third))
            }
            _ => return Err(bad(format!("{} fields", fields.len()))),
        };
        entries.push(DictEntry {
            word: fields[0].to_string(),
            freq,
            tag: tag.map(str::to_string),
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_all_jieba_shapes() {
        let entries = parse_dict("甲乙\n丙丁 5\n戊己 nz\n庚辛 7 n\n# comment\n\n", "d").unwrap();
        let shapes: Vec<_> = entries
            .iter()
            .map(|e| (e.word.as_str(), e.freq, e.tag.as_deref()))
            .collect();
        assert_eq!(
            shapes,
            [
                ("甲乙", None, None),
                ("丙丁", Some(5), None),
                ("戊己", None, Some("nz")),
                ("庚辛", Some(7), Some("n")),
            ]
        );
    }

    #[test]
    fn non_numeric_frequency_names_file_line_and_value() {
        let err = parse_dict("甲乙 3\n城市更新 lots n\n", "user.dict").unwrap_err();
        assert_eq!(
            err.to_string(),
            "user.dict:2: '城市更新 lots n': frequency 'lots' is not a whole number; expected `word [freq] [tag]`"
        );
    }

    #[test]
    fn too_many_fields_is_an_error() {
        let err = parse_dict("甲 1 n extra\n", "d").unwrap_err();
        assert!(err.to_string().contains("4 fields"));
    }
}
