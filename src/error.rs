//! The library's error type.
//!
//! Every variant names what went wrong *and where*: the file, the line or the offending value,
//! and what was expected, so that the binary can print it as is.

use std::path::PathBuf;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything the library can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A line of an input file (dictionary, stopword list, CSV row, JSONL line, lexicon) is malformed.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The file, as the user named it.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What was found and what was expected.
        message: String,
    },
    /// A whole input file cannot be used (binary, undecodable, empty under `--strict` …).
    #[error("{file}: {message}")]
    Input {
        /// The file, as the user named it.
        file: String,
        /// What is wrong with it.
        message: String,
    },
    /// A configuration value is out of range or inconsistent with another.
    #[error("invalid {name} = {value}: expected {expected}")]
    Param {
        /// The parameter's name as the user sees it (`min_df`, `--unit` …).
        name: &'static str,
        /// The offending value.
        value: String,
        /// What would have been accepted.
        expected: String,
    },
    /// Drawing a chart failed (the renderer's message).
    #[error("drawing the chart: {message}")]
    Chart {
        /// What the renderer reported.
        message: String,
    },
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A parse error at `file:line`.
    pub fn parse(file: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Error::Parse {
            file: file.into(),
            line,
            message: message.into(),
        }
    }

    /// A parameter error naming the value and what was expected.
    pub fn param(name: &'static str, value: impl ToString, expected: impl Into<String>) -> Self {
        Error::Param {
            name,
            value: value.to_string(),
            expected: expected.into(),
        }
    }
}
