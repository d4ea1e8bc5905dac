//! The command line: one file per subcommand, each an `Args` struct and a `run` function.

mod corpus;
mod format;
mod input;
mod segment;

use std::io::Write;

/// policylens: which policy themes recur in Chinese local-government reports, and how
/// districts' rhetoric differs, with the sentences behind every number.
///
/// Examples:
///   policylens corpus data/corpus/seeds
///   policylens segment data/corpus/seeds --unit paragraph --format json
#[derive(Debug, clap::Parser)]
#[command(name = "policylens", version, verbatim_doc_comment)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Summarise a corpus: encodings, sizes, structure and inferred metadata per document.
    Corpus(corpus::Args),
    /// Segment texts into content words with the policy lexicon and stopwords.
    Segment(segment::Args),
}

impl Cli {
    pub fn run(&self, out: &mut impl Write) -> anyhow::Result<()> {
        match &self.command {
            Command::Corpus(args) => corpus::run(args, out),
            Command::Segment(args) => segment::run(args, out),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
