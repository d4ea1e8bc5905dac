//! `policylens vectors`: the TF-IDF matrix of a corpus, as Matrix Market plus two CSV indexes.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use policylens::corpus::{Corpus, Unit};
use policylens::output::OutputDir;
use policylens::segment::{segment_corpus, UnitTokens};
use policylens::vectorize::{DocFrequency, Norm, TfidfModel, Vectorizer, VectorizerConfig};

use super::input::{InputArgs, SegmentArgs};

/// Write the TF-IDF matrix of a corpus (scikit-learn's TfidfVectorizer values) to a folder
///
/// Files written into DIR (created if need be; each replaced atomically):
///   vocabulary.csv  id,term,df,idf: id is the term's column in matrix.mtx (1-based, terms in
///                   code-point order); df is the number of units holding the term; idf is
///                   ln((1+n)/(1+df))+1 (ln(n/df)+1 with --no-smooth-idf), n the number of units
///   matrix.mtx      Matrix Market "coordinate real general": one row per unit, one column per
///                   term, 1-based "row column value" lines, values as round-trip floats
///   units.csv       row,file,locality,paragraph,start,end: row is the unit's row in
///                   matrix.mtx (1-based); paragraph is the 0-based index of the (first)
///                   paragraph; [start,end) are byte offsets into the document's cleaned text
///
/// --out must be new, empty, or a folder policylens wrote; --force writes into any folder.
/// A failed run leaves the files of an earlier run whole.
///
/// Examples:
///   policylens vectors data/corpus/seeds --out output/vectors
///   policylens vectors reports/ --out vec --unit document --min-df 2 --max-df 0.9 --sublinear-tf
///   policylens vectors reports/ --out vec --bigrams --max-features 5000 --norm none
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    segment: SegmentArgs,
    /// Folder to write vocabulary.csv, matrix.mtx and units.csv into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Write into --out even if it holds files policylens did not write.
    #[arg(long)]
    force: bool,
    /// Unit each matrix row stands for: document, section, paragraph or sentence.
    #[arg(long, default_value = "paragraph")]
    unit: Unit,
    /// Drop terms in fewer units than this: a count (2) or a proportion of units (0.01).
    #[arg(long, default_value = "1", value_name = "N|F")]
    min_df: DocFrequency,
    /// Drop terms in more units than this: a count (500) or a proportion of units (0.9).
    #[arg(long, default_value = "1.0", value_name = "N|F")]
    max_df: DocFrequency,
    /// Keep only the N terms with the highest total count (after --min-df/--max-df).
    #[arg(long, value_name = "N")]
    max_features: Option<usize>,
    /// Also count pairs of adjacent tokens, as terms "甲 乙".
    #[arg(long)]
    bigrams: bool,
    /// Weight a count tf as 1 + ln(tf).
    #[arg(long)]
    sublinear_tf: bool,
    /// Leave out the idf: values are (sublinear) term frequencies.
    #[arg(long)]
    no_idf: bool,
    /// Use idf = ln(n/df)+1 instead of the smoothed ln((1+n)/(1+df))+1.
    #[arg(long)]
    no_smooth_idf: bool,
    /// Row normalisation: l2 or none.
    #[arg(long, default_value = "l2", value_name = "NORM")]
    norm: Norm,
}

impl Args {
    pub fn to_config(&self) -> VectorizerConfig {
        VectorizerConfig {
            min_df: self.min_df,
            max_df: self.max_df,
            max_features: self.max_features,
            bigrams: self.bigrams,
            sublinear_tf: self.sublinear_tf,
            smooth_idf: !self.no_smooth_idf,
            use_idf: !self.no_idf,
            norm: self.norm,
        }
    }
}

pub fn run(args: &Args, _out: &mut impl Write) -> anyhow::Result<()> {
    let config = args.to_config();
    // Settings are checked before the corpus is read: a typo costs no segmentation time.
    let vectorizer = Vectorizer::new(config.clone()).context("checking the TF-IDF settings")?;
    // Refuse a folder of someone else's before any work is done.
    let dir = OutputDir::prepare(&args.out, args.force)?;
    let corpus = args.input.load()?;
    let segmenter = args.segment.build()?;
    let units = segment_corpus(&corpus, &segmenter, args.unit);
    let (model, matrix) = vectorizer
        .fit_transform(&units)
        .context("fitting the TF-IDF vocabulary")?;

    write_vocabulary(&dir, &model)?;
    let settings = format!(
        "policylens vectors {}: unit = {}, settings = {}",
        env!("CARGO_PKG_VERSION"),
        args.unit,
        serde_json::to_string(&config)?
    );
    let comments = [
        settings.as_str(),
        "rows: units.csv row; columns: vocabulary.csv id",
    ];
    dir.write_with("matrix.mtx", |w| matrix.write_matrix_market(w, &comments))?;
    write_units(&dir, &corpus, &units)?;
    eprintln!(
        "{} {}s × {} terms, {} non-zero values → {}",
        matrix.rows,
        args.unit,
        matrix.cols,
        matrix.nnz(),
        dir.path().display()
    );
    Ok(())
}

fn write_vocabulary(dir: &OutputDir, model: &TfidfModel) -> anyhow::Result<()> {
    dir.write_with("vocabulary.csv", |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(["id", "term", "df", "idf"])?;
        let rows = model.vocabulary().iter().zip(model.df()).zip(model.idf());
        for (i, ((term, df), idf)) in rows.enumerate() {
            let record = [
                (i + 1).to_string(),
                term.clone(),
                df.to_string(),
                idf.to_string(),
            ];
            csv.write_record(&record)?;
        }
        csv.flush()
    })?;
    Ok(())
}

fn write_units(dir: &OutputDir, corpus: &Corpus, units: &[UnitTokens<'_>]) -> anyhow::Result<()> {
    dir.write_with("units.csv", |w| {
        let mut csv = csv::Writer::from_writer(w);
        csv.write_record(["row", "file", "locality", "paragraph", "start", "end"])?;
        for (i, u) in units.iter().enumerate() {
            let doc = &corpus.documents[u.unit.doc];
            let locality = doc.metadata.locality.value.as_deref().unwrap_or("");
            csv.write_record([
                (i + 1).to_string().as_str(),
                &doc.file,
                locality,
                &u.unit.paragraph.to_string(),
                &u.unit.span.start.to_string(),
                &u.unit.span.end.to_string(),
            ])?;
        }
        csv.flush()
    })?;
    Ok(())
}
