//! Loading through the library: encodings give identical cleaned text, order is stable,
//! metadata.csv is applied and can be left out.

use std::fs;
use std::path::{Path, PathBuf};

use policylens::corpus::{load, Encoding, LoadOptions, Source};

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/seeds")
}

const SEED_000: &str = "000_812a4966130214bf.txt";

#[test]
fn a_gbk_copy_of_a_seed_gives_the_same_cleaned_text_as_the_utf8_one() {
    let utf8 = fs::read_to_string(seeds().join(SEED_000)).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&utf8);
    assert!(!unmappable, "seed 000 has characters GBK cannot hold");
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a_utf8.txt"), utf8.as_bytes()).unwrap();
    fs::write(dir.path().join("b_gbk.txt"), &gbk).unwrap();
    let corpus = load(dir.path(), &LoadOptions::default()).unwrap();
    let [a, b] = &corpus.documents[..] else {
        panic!("expected two documents, got {}", corpus.documents.len())
    };
    assert_eq!(a.encoding, Encoding::Utf8);
    assert_eq!(b.encoding, Encoding::Gb18030);
    assert_eq!(a.text, b.text);
    assert_eq!(a.structure, b.structure);
    assert_eq!(a.cleaning, b.cleaning);
}

#[test]
fn loading_twice_gives_identical_documents() {
    let first = load(&seeds(), &LoadOptions::default()).unwrap();
    let second = load(&seeds(), &LoadOptions::default()).unwrap();
    assert_eq!(first, second);
}

#[test]
fn sidecar_values_are_marked_and_extra_columns_kept_for_grouping() {
    let corpus = load(&seeds(), &LoadOptions::default()).unwrap();
    let doc = &corpus.documents[0];
    assert_eq!(doc.metadata.locality.source, Source::Sidecar);
    assert_eq!(
        doc.metadata.group_value("published").as_deref(),
        Some("2022-10-18")
    );
    assert!(corpus.warnings.is_empty(), "{:?}", corpus.warnings);

    let without = LoadOptions {
        use_sidecar: false,
        ..LoadOptions::default()
    };
    let corpus = load(&seeds(), &without).unwrap();
    assert_ne!(
        corpus.documents[0].metadata.locality.source,
        Source::Sidecar
    );
    assert!(corpus.documents[0].metadata.locality.confidence < 1.0);
}

#[test]
fn a_single_file_is_a_corpus_of_one() {
    let corpus = load(&seeds().join(SEED_000), &LoadOptions::default()).unwrap();
    assert_eq!(corpus.documents.len(), 1);
    assert_eq!(corpus.documents[0].file, SEED_000);
    // metadata.csv beside the file still applies
    assert_eq!(
        corpus.documents[0].metadata.locality.value.as_deref(),
        Some("金沙街道")
    );
}

#[test]
fn empty_and_whitespace_files_are_skipped_with_reasons_and_strict_fails() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.txt"), b"").unwrap();
    fs::write(dir.path().join("blank.txt"), b"  \n\n \t\n").unwrap();
    fs::write(dir.path().join("ok.txt"), "推进城市更新。".as_bytes()).unwrap();
    let corpus = load(dir.path(), &LoadOptions::default()).unwrap();
    assert_eq!(corpus.documents.len(), 1);
    let skipped: Vec<(&str, &str)> = corpus
        .skipped
        .iter()
        .map(|s| (s.file.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped
        .iter()
        .any(|(f, r)| *f == "empty.txt" && r.contains("empty")));
    assert!(skipped
        .iter()
        .any(|(f, r)| *f == "blank.txt" && r.contains("no text")));
    let strict = LoadOptions {
        strict: true,
        ..LoadOptions::default()
    };
    let err = load(dir.path(), &strict).unwrap_err().to_string();
    assert!(err.contains(".txt") && err.contains("--strict"), "{err}");
}
