//! Decoding bytes into text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK.
//!
//! Reports scraped from older government sites are often GBK; Word exports are often UTF-16.
//! The encoding actually used is recorded per document so a user can tell what happened.
//!
//! ```
//! use policylens::corpus::{decode, Encoding};
//!
//! let (gbk, _, _) = encoding_rs::GBK.encode("城市更新");
//! let (text, encoding) = decode(&gbk).unwrap();
//! assert_eq!(text, "城市更新");
//! assert_eq!(encoding, Encoding::Gb18030);
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// The encoding a document was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-16 little-endian, with BOM.
    Utf16Le,
    /// UTF-16 big-endian, with BOM.
    Utf16Be,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Gb18030 => "gb18030",
        })
    }
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The file has no bytes at all.
    Empty,
    /// NUL bytes without a UTF-16 byte-order mark: not a text file.
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// Neither valid UTF-8 nor valid GB18030, nor valid UTF-16 after its BOM.
    Invalid {
        /// Offset of the first byte that is not valid UTF-8.
        offset: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Empty => f.write_str("empty file: expected text"),
            DecodeError::Binary { offset } => write!(
                f,
                "binary file (NUL byte at offset {offset}): expected UTF-8, UTF-16 with BOM or GB18030 text"
            ),
            DecodeError::Invalid { offset } => write!(
                f,
                "undecodable bytes at offset {offset}: expected UTF-8, UTF-16 with BOM or GB18030 text"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// How far into a file to look for NUL bytes. Text never has them; binaries nearly always do
/// early on, so a prefix is enough and keeps a 1 GB file cheap.
const BINARY_SNIFF: usize = 8192;

/// Decodes bytes, detecting the encoding.
///
/// Order: a BOM decides (UTF-8, UTF-16LE, UTF-16BE); otherwise NUL bytes mean binary; valid
/// UTF-8 is UTF-8; otherwise the bytes must be valid GB18030 (which covers GBK and GB2312).
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((s.to_string(), Encoding::Utf8Bom)),
            Err(e) => Err(DecodeError::Invalid {
                offset: 3 + e.valid_up_to(),
            }),
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_strict(encoding_rs::UTF_16LE, rest, 2).map(|s| (s, Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_strict(encoding_rs::UTF_16BE, rest, 2).map(|s| (s, Encoding::Utf16Be));
    }
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF)];
    if let Some(offset) = memchr::memchr(0, sniff) {
        return Err(DecodeError::Binary { offset });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), Encoding::Utf8)),
        Err(e) => decode_strict(encoding_rs::GB18030, bytes, 0)
            .map(|s| (s, Encoding::Gb18030))
            .map_err(|_| DecodeError::Invalid {
                offset: e.valid_up_to(),
            }),
    }
}

/// Reads a whole file as text in any encoding [`decode`] detects; errors name the file.
pub fn read_text(path: &std::path::Path) -> crate::Result<String> {
    let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
    decode(&bytes)
        .map(|(text, _)| text)
        .map_err(|e| crate::Error::Input {
            file: path.display().to_string(),
            message: e.to_string(),
        })
}

/// Decodes without replacement characters: any malformed sequence is an error, so a file is
/// never silently half-decoded.
fn decode_strict(
    encoding: &'static encoding_rs::Encoding,
    bytes: &[u8],
    base: usize,
) -> Result<String, DecodeError> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
        .ok_or(DecodeError::Invalid { offset: base })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "金沙街道坚持以党建引领基层治理。";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode(TEXT.as_bytes()).unwrap(),
            (TEXT.to_string(), Encoding::Utf8)
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(TEXT.as_bytes());
        assert_eq!(decode(&bom).unwrap(), (TEXT.to_string(), Encoding::Utf8Bom));
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(TEXT.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(TEXT.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap(), (TEXT.to_string(), Encoding::Utf16Le));
        assert_eq!(decode(&be).unwrap(), (TEXT.to_string(), Encoding::Utf16Be));
    }

    #[test]
    fn gbk_is_detected() {
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(TEXT);
        assert!(!unmappable);
        assert_eq!(decode(&gbk).unwrap(), (TEXT.to_string(), Encoding::Gb18030));
    }

    #[test]
    fn binary_and_empty_are_refused_with_offsets() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary { offset: 8 })
        );
        let msg = DecodeError::Binary { offset: 8 }.to_string();
        assert!(msg.contains("offset 8") && msg.contains("expected"));
    }

    #[test]
    fn invalid_bytes_report_first_bad_offset() {
        // 0xFF can start neither a UTF-8 nor a GB18030 sequence.
        let mut bytes = "党建".as_bytes().to_vec();
        bytes.extend_from_slice(&[0xFF, 0xFF, 0x20]);
        assert_eq!(decode(&bytes), Err(DecodeError::Invalid { offset: 6 }));
        let bad_utf16 = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]; // lone high surrogate
        assert!(matches!(
            decode(&bad_utf16),
            Err(DecodeError::Invalid { .. })
        ));
    }
}
