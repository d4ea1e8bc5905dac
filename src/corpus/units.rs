//! Units of analysis: documents, sections, paragraphs or sentences, as spans.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{Corpus, Document, Span};
use crate::Error;

/// The unit texts are counted in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A whole document.
    Document,
    /// A top-level section (text before the first heading is a section of its own).
    Section,
    /// A paragraph (the default for themes).
    #[default]
    Paragraph,
    /// A sentence.
    Sentence,
}

impl FromStr for Unit {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "document" => Ok(Unit::Document),
            "section" => Ok(Unit::Section),
            "paragraph" => Ok(Unit::Paragraph),
            "sentence" => Ok(Unit::Sentence),
            other => Err(Error::param(
                "unit",
                other,
                "document, section, paragraph or sentence",
            )),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::Document => "document",
            Unit::Section => "section",
            Unit::Paragraph => "paragraph",
            Unit::Sentence => "sentence",
        })
    }
}

/// One unit of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSpan {
    /// Index of the document in the corpus.
    pub doc: usize,
    /// First paragraph the unit covers (0 for a document).
    pub paragraph: usize,
    /// Sentence index, for sentence units.
    pub sentence: Option<usize>,
    /// Byte range in the document's cleaned text.
    pub span: Span,
}

impl Document {
    /// The document's units of the given kind, in text order. `doc` is the index recorded in
    /// each [`UnitSpan`].
    pub fn units(&self, unit: Unit, doc: usize) -> Vec<UnitSpan> {
        let paragraphs = &self.structure.paragraphs;
        let make = |paragraph, sentence, span| UnitSpan {
            doc,
            paragraph,
            sentence,
            span,
        };
        match unit {
            Unit::Document => vec![make(0, None, Span::new(0, self.text.len()))],
            Unit::Paragraph => paragraphs
                .iter()
                .enumerate()
                .map(|(i, p)| make(i, None, p.span))
                .collect(),
            Unit::Sentence => self
                .structure
                .sentences
                .iter()
                .enumerate()
                .map(|(i, s)| make(s.paragraph, Some(i), s.span))
                .collect(),
            Unit::Section => {
                let mut out: Vec<UnitSpan> = Vec::new();
                let mut current = None;
                for (i, p) in paragraphs.iter().enumerate() {
                    let top = p.section.map(|s| self.top_section(s));
                    match out.last_mut() {
                        Some(last) if current == Some(top) => last.span.end = p.span.end,
                        _ => out.push(make(i, None, p.span)),
                    }
                    current = Some(top);
                }
                out
            }
        }
    }

    /// The outermost section containing section `index`.
    fn top_section(&self, mut index: usize) -> usize {
        let sections = &self.structure.sections;
        // Bounded by the number of sections, so a malformed parent chain cannot loop forever.
        for _ in 0..sections.len() {
            match sections.get(index).and_then(|s| s.parent) {
                Some(parent) if parent != index => index = parent,
                _ => break,
            }
        }
        index
    }
}

impl Corpus {
    /// Every unit of every document, documents in corpus order.
    pub fn units(&self, unit: Unit) -> Vec<UnitSpan> {
        self.documents
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.units(unit, i))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::LoadOptions;

    #[test]
    fn units_cover_their_text() {
        let doc = Document::from_text(
            "a.txt",
            "一、工作回顾\n城市更新稳步推进。招商引资成效明显。\n二、工作安排\n持续优化营商环境。",
            &LoadOptions::default(),
        );
        let paragraphs = doc.units(Unit::Paragraph, 0);
        assert_eq!(paragraphs.len(), 4);
        let sentences = doc.units(Unit::Sentence, 0);
        assert!(sentences.len() >= 5);
        for u in sentences.iter().chain(&paragraphs) {
            assert!(!u.span.slice(&doc.text).is_empty());
        }
        let whole = doc.units(Unit::Document, 0);
        assert_eq!(whole[0].span.slice(&doc.text), doc.text);
        let sections = doc.units(Unit::Section, 0);
        assert!(!sections.is_empty() && sections.len() <= paragraphs.len());
    }

    #[test]
    fn unit_names_parse_and_unknown_ones_are_named() {
        assert_eq!("sentence".parse::<Unit>().unwrap(), Unit::Sentence);
        let err = "line".parse::<Unit>().unwrap_err().to_string();
        assert_eq!(
            err,
            "invalid unit = line: expected document, section, paragraph or sentence"
        );
    }
}
