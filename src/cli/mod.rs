//! The command line: one file per subcommand, each an `Args` struct and a `run` function.

mod chart;
mod compare;
mod corpus;
mod format;
mod input;
mod keywords;
mod kwic;
mod report;
mod reuse;
mod segment;
mod similarity;
mod terms;
mod themes;
mod vectors;

use std::io::Write;

/// policylens: which policy themes recur in Chinese local-government reports, and how
/// districts' rhetoric differs, with the sentences behind every number.
///
/// Examples:
///   policylens corpus data/corpus/seeds
///   policylens segment data/corpus/seeds --unit paragraph --format json
///   policylens keywords data/corpus/seeds --by locality --method ctfidf --top 10
///   policylens kwic 城市更新 data/corpus/seeds
///   policylens terms data/corpus/city-gwr-2024 --top 50
///   policylens vectors data/corpus/seeds --out output/vectors
///   policylens themes data/corpus/seeds --by locality
///   policylens report                      (the bundled sample corpus, into output/)
///   policylens compare data/corpus/city-gwr-2024 --by province --top 10
///   policylens similarity data/corpus/seeds --by locality
///   policylens reuse data/corpus/city-gwr-2024 --format json
///   policylens chart heatmap themes.json --out heatmap.png
#[derive(Debug, clap::Parser)]
#[command(name = "policylens", version, verbatim_doc_comment)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
// No doc comments on the variants: one there would replace the long help (examples, files
// written, formulas) that each subcommand's `Args` carries.
enum Command {
    Corpus(corpus::Args),
    Segment(segment::Args),
    Vectors(vectors::Args),
    Keywords(keywords::Args),
    Kwic(kwic::Args),
    Terms(terms::Args),
    Themes(themes::Args),
    Report(report::Args),
    Compare(compare::Args),
    Similarity(similarity::Args),
    Reuse(reuse::Args),
    Chart(chart::Args),
}

impl Cli {
    pub fn run(&self, out: &mut impl Write) -> anyhow::Result<()> {
        match &self.command {
            Command::Corpus(args) => corpus::run(args, out),
            Command::Segment(args) => segment::run(args, out),
            Command::Vectors(args) => vectors::run(args, out),
            Command::Keywords(args) => keywords::run(args, out),
            Command::Kwic(args) => kwic::run(args, out),
            Command::Terms(args) => terms::run(args, out),
            Command::Themes(args) => themes::run(args, out),
            Command::Report(args) => report::run(args, out),
            Command::Compare(args) => compare::run(args, out),
            Command::Similarity(args) => similarity::run(args, out),
            Command::Reuse(args) => reuse::run(args, out),
            Command::Chart(args) => chart::run(args, out),
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
