//! Stopword lists: a general Chinese list, a domain list of report boilerplate, and the user's.

use std::path::Path;

use crate::{Error, Result};

const GENERAL: &str = include_str!("../../data/stopwords/stopwords-iso-zh.txt");
const DOMAIN: &str = include_str!("../../data/stopwords/domain.txt");

/// The general Chinese stopword list (stopwords-iso, MIT): 的, 了, 和 …
pub fn general() -> Vec<String> {
    parse_list(GENERAL, "stopwords-iso-zh.txt").unwrap_or_default()
}

/// The domain list of report boilerplate (坚持, 全面, 推进, 工作, 各位代表 …), written by
/// policylens.
pub fn domain() -> Vec<String> {
    parse_list(DOMAIN, "domain.txt").unwrap_or_default()
}

/// Reads a user stopword list: one word per line, `#` starts a comment line.
///
/// A line holding more than one word is an error naming the file and line, since a list
/// that silently drops lines is worse than none.
pub fn read_list(path: &Path) -> Result<Vec<String>> {
    let text = crate::corpus::read_text(path)?;
    parse_list(&text, &path.display().to_string())
}

/// Parses a stopword list (see [`read_list`]).
pub fn parse_list(text: &str, source: &str) -> Result<Vec<String>> {
    let mut words = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.split_whitespace().nth(1).is_some() {
            return Err(Error::parse(
                source,
                i + 1,
                format!("'{line}': expected one word per line"),
            ));
        }
        words.push(line.to_string());
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_lists_parse_and_hold_expected_words() {
        let general = parse_list(GENERAL, "general").unwrap();
        let domain = parse_list(DOMAIN, "domain").unwrap();
        assert!(general.iter().any(|w| w == "的"));
        assert!(domain.iter().any(|w| w == "推进"));
    }

    #[test]
    fn a_line_with_two_words_is_an_error_naming_the_line() {
        let err = parse_list("# mine\n的\n坚持 推进\n", "mine.txt").unwrap_err();
        assert_eq!(
            err.to_string(),
            "mine.txt:3: '坚持 推进': expected one word per line"
        );
    }
}
