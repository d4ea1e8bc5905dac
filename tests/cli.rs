//! Command-line tests for `policylens corpus` and `policylens segment`, over the bundled seeds
//! and small fixtures written into temporary folders.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus/seeds")
}

fn policylens() -> Command {
    Command::cargo_bin("policylens").unwrap()
}

/// Runs a command that must succeed; its JSON rows and its warnings.
fn json_and_warnings(args: &[&str]) -> (Vec<Value>, String) {
    let output = policylens().args(args).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    (serde_json::from_slice(&output.stdout).unwrap(), stderr)
}

fn json(args: &[&str]) -> Vec<Value> {
    json_and_warnings(args).0
}

fn sidecar() -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_path(seeds().join("metadata.csv")).unwrap();
    reader.records().map(Result::unwrap).collect()
}

#[test]
fn corpus_json_has_one_object_per_document_with_the_documented_fields() {
    let rows = json(&["corpus", seeds().to_str().unwrap(), "--format", "json"]);
    assert_eq!(rows.len(), 5);
    for row in &rows {
        for field in [
            "file",
            "locality",
            "level",
            "province",
            "city",
            "county",
            "year",
            "encoding",
            "chars",
            "paragraphs",
            "confidence",
            "evidence",
            "warnings",
        ] {
            assert!(row.get(field).is_some(), "missing {field} in {row}");
        }
        assert_eq!(row["encoding"], "utf-8");
        assert!(row["chars"].as_u64().unwrap() > 1000);
    }
    let files: Vec<&str> = rows.iter().map(|r| r["file"].as_str().unwrap()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "documents come in a stable, sorted order");
}

#[test]
fn corpus_takes_metadata_csv_over_inference() {
    let rows = json(&["corpus", seeds().to_str().unwrap(), "--format", "json"]);
    for (row, truth) in rows.iter().zip(sidecar()) {
        assert_eq!(row["file"], truth[0]);
        assert_eq!(row["locality"], truth[1]);
        assert_eq!(row["confidence"]["locality"], 1.0);
    }
}

#[test]
fn corpus_without_metadata_infers_locality_level_province_and_city() {
    let rows = json(&[
        "corpus",
        seeds().to_str().unwrap(),
        "--no-metadata",
        "--format",
        "json",
    ]);
    let mut years_right = 0;
    for (row, truth) in rows.iter().zip(sidecar()) {
        assert_eq!(row["locality"], truth[1], "{row}");
        assert_eq!(row["level"], truth[2], "{row}");
        assert_eq!(row["city"], truth[4], "{row}");
        assert_eq!(row["province"], truth[5], "{row}");
        assert!(row["confidence"]["locality"].as_f64().unwrap() < 1.0);
        assert!(!row["evidence"]["locality"].as_str().unwrap().is_empty());
        if row["year"].as_i64().map(|y| y.to_string()).as_deref() == Some(&truth[6]) {
            years_right += 1;
        }
    }
    assert!(years_right >= 4, "years right: {years_right}/5");
}

#[test]
fn corpus_table_prints_totals_and_cleaning_counts() {
    let output = policylens()
        .args(["corpus", seeds().to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("5 documents"), "{text}");
    assert!(text.contains("newspaper_furniture="), "{text}");
}

#[test]
fn segment_keeps_policy_formulations_whole_and_drops_stopwords() {
    let rows = json(&["segment", seeds().to_str().unwrap(), "--format", "json"]);
    assert_eq!(rows.len(), 5);
    let tokens: Vec<&str> = rows
        .iter()
        .flat_map(|r| r["tokens"].as_array().unwrap())
        .map(|t| t.as_str().unwrap())
        .collect();
    for phrase in ["党建引领", "城市更新", "招商引资", "营商环境", "高质量发展"]
    {
        assert!(tokens.contains(&phrase), "{phrase} not a token");
    }
    let mut stop = policylens::segment::general_stopwords();
    stop.extend(policylens::segment::domain_stopwords());
    let leaked: Vec<&&str> = tokens
        .iter()
        .filter(|t| stop.iter().any(|s| s == *t))
        .collect();
    assert!(leaked.is_empty(), "stopwords in output: {leaked:?}");
    assert!(!tokens
        .iter()
        .any(|t| t.chars().all(|c| c.is_ascii_digit() || c == '.')));
}

#[test]
fn segment_paragraph_offsets_point_into_the_cleaned_text() {
    let rows = json(&[
        "segment",
        seeds().to_str().unwrap(),
        "--unit",
        "paragraph",
        "--format",
        "json",
    ]);
    let corpus =
        policylens::corpus::load(&seeds(), &policylens::corpus::LoadOptions::default()).unwrap();
    let lexicon = policylens::PolicyLexicon::bundled();
    assert!(rows.len() > 5 * 10);
    for row in &rows {
        let doc = corpus
            .documents
            .iter()
            .find(|d| d.file == row["file"])
            .unwrap();
        let (start, end) = (row["start"].as_u64().unwrap(), row["end"].as_u64().unwrap());
        let paragraph = &doc.text[start as usize..end as usize];
        let index = row["paragraph"].as_u64().unwrap() as usize;
        assert_eq!(paragraph, doc.paragraph_text(index));
        for token in row["tokens"].as_array().unwrap() {
            let token = token.as_str().unwrap();
            let found = paragraph.contains(token)
                || lexicon
                    .entry(token)
                    .is_some_and(|e| e.aliases.iter().any(|a| paragraph.contains(a.as_str())));
            assert!(found, "{token} not in paragraph {index} of {}", doc.file);
        }
    }
}

#[test]
fn segment_sentence_units_carry_sentence_indexes() {
    let rows = json(&[
        "segment",
        seeds().to_str().unwrap(),
        "--unit",
        "sentence",
        "--format",
        "json",
    ]);
    let paragraphs = json(&[
        "segment",
        seeds().to_str().unwrap(),
        "--unit",
        "paragraph",
        "--format",
        "json",
    ]);
    assert!(rows.len() > paragraphs.len());
    assert!(rows.iter().all(|r| r["sentence"].is_u64()));
}

#[test]
fn segment_csv_has_a_header_and_one_line_per_unit() {
    let output = policylens()
        .args(["segment", seeds().to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["file", "paragraph", "sentence", "start", "end", "tokens"]
    );
    assert_eq!(reader.records().count(), 5);
}

fn workdir(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

const REPORT: &str = "今年以来，西林街道坚持党建引领，打好城市更新硬仗，持续优化营商环境。";

#[test]
fn gbk_and_utf16_files_are_decoded_and_their_encoding_reported() {
    let (gbk, _, _) = encoding_rs::GBK.encode(REPORT);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(REPORT.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let dir = workdir(&[
        ("a.txt", REPORT.as_bytes()),
        ("b.txt", &gbk),
        ("sub/c.md", &utf16),
    ]);
    let rows = json(&["corpus", dir.path().to_str().unwrap(), "--format", "json"]);
    let encodings: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["file"].as_str().unwrap(), r["encoding"].as_str().unwrap()))
        .collect();
    assert_eq!(
        encodings,
        [
            ("a.txt", "utf-8"),
            ("b.txt", "gb18030"),
            ("sub/c.md", "utf-16le")
        ]
    );
    let chars: Vec<&Value> = rows.iter().map(|r| &r["chars"]).collect();
    assert!(chars.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn a_binary_file_is_skipped_with_a_warning_naming_it_and_strict_makes_it_an_error() {
    let dir = workdir(&[
        ("good.txt", REPORT.as_bytes()),
        ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
    ]);
    let path = dir.path().to_str().unwrap();
    let (rows, stderr) = json_and_warnings(&["corpus", path, "--format", "json"]);
    assert!(
        stderr.contains("image.txt") && stderr.contains("binary"),
        "{stderr}"
    );
    assert_eq!(rows.len(), 1);

    let output = policylens()
        .args(["corpus", path, "--strict"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("image.txt") && stderr.contains("--strict"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn csv_and_jsonl_inputs_use_named_columns_and_skip_bad_rows_by_line() {
    let csv_text = format!("id,text,province\nx1,{REPORT},江苏省\nx2\n");
    let jsonl =
        format!("{{\"id\":\"j1\",\"body\":\"{REPORT}\",\"district\":\"钟楼区\"}}\nnot json\n");
    let dir = workdir(&[
        ("in.csv", csv_text.as_bytes()),
        ("in.jsonl", jsonl.as_bytes()),
    ]);

    let csv_path = dir.path().join("in.csv");
    let (rows, stderr) = json_and_warnings(&[
        "corpus",
        csv_path.to_str().unwrap(),
        "--id-column",
        "id",
        "--format",
        "json",
    ]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["file"], "x1");
    assert_eq!(rows[0]["province"], "江苏省");
    assert!(
        stderr.contains("in.csv:3") && stderr.contains("'text'"),
        "{stderr}"
    );

    let jsonl_path = dir.path().join("in.jsonl");
    let (rows, stderr) = json_and_warnings(&[
        "corpus",
        jsonl_path.to_str().unwrap(),
        "--text-column",
        "body",
        "--id-column",
        "id",
        "--format",
        "json",
    ]);
    assert_eq!(rows[0]["file"], "j1");
    assert_eq!(rows[0]["extra"]["district"], "钟楼区");
    assert!(
        stderr.contains("in.jsonl:2") && stderr.contains("not JSON"),
        "{stderr}"
    );
}

#[test]
fn a_csv_without_the_text_column_is_an_error_listing_the_columns() {
    let dir = workdir(&[("in.csv", "id,body\n1,城市更新\n".as_bytes())]);
    let output = policylens()
        .args(["corpus", dir.path().join("in.csv").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("in.csv:1")
            && stderr.contains("no column 'text'")
            && stderr.contains("id, body"),
        "{stderr}"
    );
}

#[test]
fn user_dictionaries_and_stopword_lists_apply_and_bad_lines_are_named() {
    let dir = workdir(&[
        (
            "corpus/a.txt",
            "西林街道推出红根先锋行动，建设智慧停车场。".as_bytes(),
        ),
        ("good.dict", "红根先锋 1000 nz\n".as_bytes()),
        ("stop.txt", "停车场\n".as_bytes()),
        ("bad.dict", "红根先锋 1000 nz\n智慧停车 often\n".as_bytes()),
    ]);
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let rows = json(&[
        "segment",
        &p("corpus"),
        "--dict",
        &p("good.dict"),
        "--stopwords",
        &p("stop.txt"),
        "--format",
        "json",
    ]);
    let tokens: Vec<&str> = rows[0]["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(tokens.contains(&"红根先锋"), "{tokens:?}");
    assert!(!tokens.contains(&"停车场"), "{tokens:?}");

    let output = policylens()
        .args([
            "segment",
            &p("corpus"),
            "--dict",
            &p("good.dict"),
            "--dict",
            &p("bad.dict"),
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("bad.dict:2") && stderr.contains("often"),
        "{stderr}"
    );
}

#[test]
fn a_missing_path_is_an_error_naming_it() {
    let output = policylens()
        .args(["corpus", "/no/such/folder"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("/no/such/folder"), "{stderr}");
}
