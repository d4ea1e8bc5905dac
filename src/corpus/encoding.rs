//! Encodings: STUB.
use serde::{Deserialize, Serialize};

/// The encoding a document was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without BOM.
    Utf8,
}

/// Decodes bytes.
pub fn decode(bytes: &[u8]) -> Option<(String, Encoding)> {
    std::str::from_utf8(bytes)
        .ok()
        .map(|s| (s.to_string(), Encoding::Utf8))
}
