//! policylens: evidence-backed analysis of policy rhetoric in Chinese local-government reports.
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod corpus;
mod error;

pub use error::{Error, Result};
