//! Arguments every subcommand that reads a corpus shares, and turning them into library config.

use std::path::{Path, PathBuf};

use anyhow::Context;
use policylens::corpus::{self, CleanConfig, Corpus, LoadOptions};
use policylens::segment::{SegmentConfig, Segmenter, TokenFilter};

/// Where the corpus is and how to read it.
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// A folder of .txt/.md files (read recursively), a .csv or .jsonl file with one document
    /// per row, or one text file.
    pub path: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How to read a corpus, wherever it is.
#[derive(Debug, Clone, clap::Args)]
pub struct ReadArgs {
    /// Column (CSV) or field (JSONL) holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_column: String,
    /// Column or field holding the document id (default: FILE:LINE).
    #[arg(long, value_name = "NAME")]
    pub id_column: Option<String>,
    /// Make any skipped file or row an error.
    #[arg(long)]
    pub strict: bool,
    /// Ignore metadata.csv beside the texts: infer everything from the texts.
    #[arg(long, conflicts_with = "metadata")]
    pub no_metadata: bool,
    /// Metadata file to use instead of metadata.csv beside the texts.
    #[arg(long, value_name = "FILE")]
    pub metadata: Option<PathBuf>,
    /// Turn a cleaning rule off (may be repeated).
    #[arg(long = "no-clean", value_enum, value_name = "RULE")]
    pub no_clean: Vec<CleanRuleArg>,
}

/// Cleaning rules as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CleanRuleArg {
    NewspaperFurniture,
    WebFurniture,
    LayoutBreaks,
    Repeats,
    FullWidth,
}

impl InputArgs {
    /// Loads the corpus at `path` (see [`ReadArgs::load`]).
    pub fn load(&self) -> anyhow::Result<Corpus> {
        self.read.load(&self.path)
    }
}

impl ReadArgs {
    pub fn to_options(&self) -> LoadOptions {
        let off = |rule| !self.no_clean.contains(&rule);
        LoadOptions {
            text_column: self.text_column.clone(),
            id_column: self.id_column.clone(),
            strict: self.strict,
            use_sidecar: !self.no_metadata,
            metadata_file: self.metadata.clone(),
            clean: CleanConfig {
                newspaper_furniture: off(CleanRuleArg::NewspaperFurniture),
                web_furniture: off(CleanRuleArg::WebFurniture),
                rejoin_lines: off(CleanRuleArg::LayoutBreaks),
                remove_repeats: off(CleanRuleArg::Repeats),
                fold_full_width: off(CleanRuleArg::FullWidth),
            },
        }
    }

    /// Loads the corpus with a progress bar on a terminal, printing a warning per skipped
    /// file; fails when nothing could be loaded.
    pub fn load(&self, path: &Path) -> anyhow::Result<Corpus> {
        let bar = indicatif::ProgressBar::new(0).with_style(
            indicatif::ProgressStyle::with_template("loading {bar:30} {pos}/{len} files")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let progress = |done: usize, total: usize| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        };
        let corpus = corpus::load_with_progress(path, &self.to_options(), &progress)
            .with_context(|| format!("reading the corpus at {}", path.display()))?;
        bar.finish_and_clear();
        for skipped in &corpus.skipped {
            eprintln!("warning: skipped {}: {}", skipped.file, skipped.reason);
        }
        for warning in &corpus.warnings {
            eprintln!("warning: {warning}");
        }
        if corpus.documents.is_empty() {
            anyhow::bail!(
                "no documents in {}: expected .txt or .md files, or a .csv/.jsonl file with a '{}' column",
                path.display(),
                self.text_column
            );
        }
        Ok(corpus)
    }
}

/// How texts are segmented.
#[derive(Debug, Clone, clap::Args)]
pub struct SegmentArgs {
    /// User dictionary in jieba's `word [freq] [tag]` format (may be repeated).
    #[arg(long = "dict", value_name = "FILE")]
    pub dicts: Vec<PathBuf>,
    /// Extra stopword list, one word per line (may be repeated).
    #[arg(long = "stopwords", value_name = "FILE")]
    pub stopwords: Vec<PathBuf>,
    /// Keep words of the general Chinese stopword list.
    #[arg(long)]
    pub no_general_stopwords: bool,
    /// Keep report boilerplate (坚持, 推进, 工作 …).
    #[arg(long)]
    pub no_domain_stopwords: bool,
    /// Do not load the bundled policy lexicon.
    #[arg(long)]
    pub no_lexicon: bool,
    /// Do not load the gazetteer's place names.
    #[arg(long)]
    pub no_place_names: bool,
    /// Let jieba's HMM guess unknown words.
    #[arg(long)]
    pub hmm: bool,
    /// Keep every part of speech, not only content words.
    #[arg(long)]
    pub all_pos: bool,
    /// Part-of-speech tags kept as content words, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "TAGS")]
    pub pos: Vec<String>,
    /// Drop tokens shorter than this many characters (lexicon entries always kept).
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub min_chars: usize,
}

impl SegmentArgs {
    pub fn to_config(&self) -> SegmentConfig {
        let mut filter = TokenFilter {
            content_only: !self.all_pos,
            min_chars: self.min_chars,
            ..TokenFilter::default()
        };
        if !self.pos.is_empty() {
            filter.keep_pos = self.pos.clone();
        }
        SegmentConfig {
            hmm: self.hmm,
            policy_lexicon: !self.no_lexicon,
            place_names: !self.no_place_names,
            user_dicts: self.dicts.clone(),
            general_stopwords: !self.no_general_stopwords,
            domain_stopwords: !self.no_domain_stopwords,
            user_stopwords: self.stopwords.clone(),
            filter,
            extra_words: Vec::new(),
        }
    }

    pub fn build(&self) -> anyhow::Result<Segmenter> {
        Segmenter::new(&self.to_config()).context("building the segmenter")
    }
}
