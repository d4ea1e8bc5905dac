//! Every bad input gets a clear answer, through the command line end to end.
//!
//! Each test feeds one kind of bad input next to good input and checks three things: stderr
//! names the file, line or value and says what was expected; the good input's results are
//! still there (or, with `--strict` and for bad settings, the run stopped with a non-zero
//! exit); and nothing panicked.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

fn policylens() -> Command {
    Command::cargo_bin("policylens").unwrap()
}

/// Runs the binary; fails the test if anything panicked.
fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let output = policylens()
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .unwrap();
    assert_no_panic(&output);
    output
}

fn assert_no_panic(output: &Output) {
    for stream in [&output.stdout, &output.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(!text.contains("panicked at"), "{text}");
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs a command that must succeed and print JSON rows; the rows and stderr.
fn ok_json(args: &[&dyn AsRef<std::ffi::OsStr>]) -> (Vec<Value>, String) {
    let output = run(args);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    let rows = serde_json::from_slice(&output.stdout).unwrap();
    (rows, err)
}

/// Runs a command that must fail; its stderr.
fn fails(args: &[&dyn AsRef<std::ffi::OsStr>]) -> String {
    let output = run(args);
    let err = stderr(&output);
    assert!(!output.status.success(), "expected a failure: {err}");
    assert!(err.starts_with("error: "), "{err}");
    err
}

const GOOD: &str = "金沙街道2024年工作总结\n\n金沙街道坚持党建引领，推进基层治理，实施老旧小区改造，推进城市更新。\n\n全力推进招商引资，优化营商环境，签约外资项目3个。";
const OTHER: &str = "西林街道2024年工作总结\n\n西林街道实施老旧小区改造，推进城市更新，完善基层治理。\n\n优化营商环境，推进招商引资，服务企业发展。\n\n坚持党建引领，加强社区党组织建设。";

/// A folder with one good document, `a_good.txt`.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a_good.txt"), GOOD).unwrap();
    dir
}

fn files(rows: &[Value]) -> Vec<&str> {
    rows.iter().map(|r| r["file"].as_str().unwrap()).collect()
}

fn corpus_json(path: &Path, extra: &[&str]) -> (Vec<Value>, String) {
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![&"corpus", &path, &"--format", &"json"];
    for e in extra {
        args.push(e);
    }
    ok_json(&args)
}

#[test]
fn gbk_files_are_decoded() {
    let dir = folder();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(OTHER);
    assert!(!unmappable);
    fs::write(dir.path().join("b_gbk.txt"), &gbk).unwrap();
    let (rows, err) = corpus_json(dir.path(), &[]);
    assert_eq!(files(&rows), ["a_good.txt", "b_gbk.txt"]);
    assert_eq!(rows[1]["encoding"], "gb18030");
    assert_eq!(rows[1]["locality"], "西林街道", "{}", rows[1]);
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn utf16_files_with_a_bom_are_decoded() {
    let dir = folder();
    let utf16 = |big: bool| -> Vec<u8> {
        let mut bytes = if big {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in OTHER.encode_utf16() {
            let pair = if big {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            bytes.extend(pair);
        }
        bytes
    };
    fs::write(dir.path().join("b_le.txt"), utf16(false)).unwrap();
    fs::write(dir.path().join("c_be.txt"), utf16(true)).unwrap();
    let (rows, err) = corpus_json(dir.path(), &[]);
    assert_eq!(files(&rows), ["a_good.txt", "b_le.txt", "c_be.txt"]);
    assert_eq!(rows[1]["encoding"], "utf-16le");
    assert_eq!(rows[2]["encoding"], "utf-16be");
    assert_eq!(rows[1]["chars"], rows[2]["chars"]);
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn a_binary_file_is_skipped_with_a_warning_and_is_an_error_with_strict() {
    let dir = folder();
    let mut bytes = b"\x7fELF\x02\x01\x01".to_vec();
    bytes.extend([0u8; 64]);
    fs::write(dir.path().join("b_binary.txt"), &bytes).unwrap();
    let (rows, err) = corpus_json(dir.path(), &[]);
    assert_eq!(files(&rows), ["a_good.txt"]);
    assert!(
        err.contains("warning: skipped b_binary.txt: binary file (NUL byte at offset 7)"),
        "{err}"
    );
    assert!(
        err.contains("expected UTF-8, UTF-16 with BOM or GB18030 text"),
        "{err}"
    );

    let err = fails(&[&"corpus", &dir.path(), &"--strict"]);
    assert!(err.contains("b_binary.txt"), "{err}");
    assert!(err.contains("--strict"), "{err}");
}

#[test]
fn an_empty_file_is_skipped_with_a_warning_and_is_an_error_with_strict() {
    let dir = folder();
    fs::write(dir.path().join("b_empty.txt"), "").unwrap();
    fs::write(dir.path().join("c_blank.txt"), " \n\u{3000}\n").unwrap();
    let (rows, err) = corpus_json(dir.path(), &[]);
    assert_eq!(files(&rows), ["a_good.txt"]);
    assert!(
        err.contains("warning: skipped b_empty.txt: empty file: expected text"),
        "{err}"
    );
    assert!(
        err.contains("warning: skipped c_blank.txt: no text left after cleaning"),
        "{err}"
    );
    let err = fails(&[&"corpus", &dir.path(), &"--strict"]);
    assert!(err.contains("b_empty.txt: empty file"), "{err}");
}

#[test]
fn a_file_that_is_one_50_mb_line_is_read_as_one_paragraph() {
    let dir = folder();
    let sentence = "全力推进招商引资优化营商环境实施老旧小区改造推进城市更新，";
    let line = sentence.repeat(50_000_000 / sentence.len() + 1);
    assert!(line.len() >= 50_000_000);
    fs::write(dir.path().join("b_huge.txt"), &line).unwrap();
    let (rows, err) = corpus_json(dir.path(), &[]);
    assert_eq!(files(&rows), ["a_good.txt", "b_huge.txt"]);
    assert_eq!(rows[1]["paragraphs"], 1, "{}", rows[1]);
    let chars = rows[1]["chars"].as_u64().unwrap() as usize;
    assert_eq!(chars, line.chars().count(), "{}", rows[1]);
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn a_csv_row_without_its_text_column_is_skipped_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("docs.csv");
    fs::write(
        &csv,
        format!("id,locality,text\na,金沙街道,{GOOD:?}\nb,西林街道\nc,城关镇,\"\"\n")
            .replace("\\n", "\n"),
    )
    .unwrap();
    let (rows, err) = corpus_json(&csv, &["--id-column", "id"]);
    assert_eq!(files(&rows), ["a"]);
    // Lines are the file's own: row a's quoted text spans several lines.
    let b_line = 3 + GOOD.matches('\n').count();
    let at = |line: usize| {
        format!(
            "warning: skipped {}:{line}: no text in column 'text'",
            csv.display()
        )
    };
    assert!(err.contains(&at(b_line)), "{err}");
    assert!(err.contains(&at(b_line + 1)), "{err}");

    let err = fails(&[&"corpus", &csv, &"--strict"]);
    assert!(
        err.contains(&format!("{}:{b_line}", csv.display())),
        "{err}"
    );

    // No text column at all: nothing can be read, so the run stops naming the columns.
    let err = fails(&[&"corpus", &csv, &"--text-column", &"body"]);
    assert!(err.contains("docs.csv:1: no column 'body'"), "{err}");
    assert!(err.contains("columns: id, locality, text"), "{err}");
}

#[test]
fn a_jsonl_line_that_is_not_json_is_skipped_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("docs.jsonl");
    let good = serde_json::json!({"id": "a", "text": GOOD}).to_string();
    let other = serde_json::json!({"id": "c", "text": OTHER}).to_string();
    fs::write(
        &jsonl,
        format!("{good}\n{{\"id\": \"b\", \"text\": 西林\n{other}\n[1, 2]\n"),
    )
    .unwrap();
    let (rows, err) = corpus_json(&jsonl, &["--id-column", "id"]);
    assert_eq!(files(&rows), ["a", "c"]);
    let at = format!("warning: skipped {}:2: not JSON", jsonl.display());
    assert!(err.contains(&at), "{err}");
    assert!(err.contains("expected one JSON object per line"), "{err}");
    let at = format!("warning: skipped {}:4: not a JSON object", jsonl.display());
    assert!(err.contains(&at), "{err}");

    let err = fails(&[&"corpus", &jsonl, &"--strict"]);
    assert!(err.contains(&format!("{}:2", jsonl.display())), "{err}");
}

#[test]
fn a_user_dictionary_line_with_a_non_numeric_frequency_stops_the_run_naming_the_line() {
    let dir = folder();
    let dict = dir.path().join("my.dict");
    fs::write(&dict, "两在两同 1000 nz\n红色根脉 many n\n").unwrap();
    let err = fails(&[&"segment", &dir.path().join("a_good.txt"), &"--dict", &dict]);
    let at = format!("{}:2:", dict.display());
    assert!(err.contains(&at), "{err}");
    assert!(
        err.contains("frequency 'many' is not a whole number"),
        "{err}"
    );
    assert!(err.contains("expected `word [freq] [tag]`"), "{err}");
}

/// A theme lexicon file holding `toml`.
fn lexicon(dir: &Path, toml: &str) -> PathBuf {
    let path = dir.join("themes.toml");
    fs::write(&path, toml).unwrap();
    path
}

#[test]
fn a_theme_lexicon_with_an_empty_theme_stops_the_run_naming_the_theme_and_line() {
    let dir = folder();
    let toml = "[[theme]]\nname = \"城市更新\"\nseeds = [\"城市更新\"]\n\n[[theme]]\nname = \"营商环境\"\nseeds = []\n";
    let path = lexicon(dir.path(), toml);
    let err = fails(&[&"themes", &dir.path(), &"--lexicon", &path]);
    assert!(err.contains(&format!("{}:7:", path.display())), "{err}");
    assert!(
        err.contains("theme '营商环境': seeds is empty: expected at least one seed term"),
        "{err}"
    );

    let path = lexicon(dir.path(), "");
    let err = fails(&[&"themes", &dir.path(), &"--lexicon", &path]);
    assert!(
        err.contains("no themes: expected at least one [[theme]]"),
        "{err}"
    );
}

#[test]
fn a_theme_lexicon_with_a_syntax_error_stops_the_run_naming_the_line() {
    let dir = folder();
    let path = lexicon(
        dir.path(),
        "[[theme]]\nname = \"城市更新\nseeds = [\"城市更新\"]\n",
    );
    let err = fails(&[&"themes", &dir.path(), &"--lexicon", &path]);
    assert!(err.contains(&format!("{}:2:", path.display())), "{err}");
}

/// A folder of two documents of three paragraphs each (the same ones `report` tests use).
fn two_documents() -> tempfile::TempDir {
    let dir = folder();
    fs::write(dir.path().join("b_other.txt"), OTHER).unwrap();
    dir
}

#[test]
fn k_larger_than_the_number_of_units_is_an_error_naming_both() {
    let dir = two_documents();
    // Also beyond the units the k-means fit sample holds (10,000): the error is still about
    // the corpus, not about a setting the user never gave.
    for k in ["50", "20000"] {
        let err = fails(&[&"themes", &dir.path(), &"--k", &k]);
        assert!(err.contains(&format!("k = {k}")), "{err}");
        assert!(err.contains("unit"), "{err}");
        assert!(!err.contains("fit_sample"), "{err}");
    }
}

#[test]
fn an_unknown_by_column_is_an_error_listing_the_known_ones() {
    let dir = two_documents();
    let err = fails(&[&"themes", &dir.path(), &"--by", &"nosuch"]);
    assert!(err.contains("by = nosuch: expected one of"), "{err}");
    assert!(err.contains("locality"), "{err}");
    assert!(err.contains("province"), "{err}");
}

/// Every file under `dir` with its bytes, in path order.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

/// `report CORPUS --out OUT` with a small bootstrap and k, and `extra` arguments after.
fn report(corpus: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
        &"report",
        &corpus,
        &"--out",
        &out,
        &"--bootstrap",
        &"50",
        &"--k",
        &"2",
    ];
    args.extend(extra.iter().map(|a| a as &dyn AsRef<std::ffi::OsStr>));
    run(&args)
}

/// As [`fails`], for [`report`].
fn report_fails(corpus: &Path, out: &Path, extra: &[&str]) -> String {
    let output = report(corpus, out, extra);
    let err = stderr(&output);
    assert!(!output.status.success(), "expected a failure: {err}");
    assert!(err.starts_with("error: "), "{err}");
    err
}

#[test]
fn an_output_folder_that_cannot_be_created_is_an_error_naming_it() {
    let dir = two_documents();
    let file = dir.path().join("file.txt");
    fs::write(&file, "not a folder").unwrap();
    let out = file.join("out");
    let err = report_fails(dir.path(), &out, &[]);
    assert!(err.contains(&out.display().to_string()), "{err}");

    let err = fails(&[&"vectors", &dir.path(), &"--out", &out]);
    assert!(err.contains(&out.display().to_string()), "{err}");
}

#[test]
fn an_output_folder_with_someone_elses_files_is_refused_naming_force() {
    let dir = two_documents();
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("thesis.docx"), "mine").unwrap();
    for command in ["report", "vectors"] {
        let err = fails(&[&command, &dir.path(), &"--out", &out.path()]);
        assert!(err.contains(&out.path().display().to_string()), "{err}");
        assert!(
            err.contains("not written by policylens (use --force)"),
            "{err}"
        );
        assert_eq!(fs::read(out.path().join("thesis.docx")).unwrap(), b"mine");
    }
    let output = run(&[&"vectors", &dir.path(), &"--out", &out.path(), &"--force"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(out.path().join("matrix.mtx").is_file());
    assert_eq!(fs::read(out.path().join("thesis.docx")).unwrap(), b"mine");
}

#[test]
fn a_report_that_fails_after_loading_leaves_the_previous_report_intact() {
    let dir = two_documents();
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("report");
    let output = report(dir.path(), &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let before = snapshot(&out);
    assert!(before.len() > 3, "{before:?}");

    fs::write(dir.path().join("c_third.txt"), GOOD.replace("金沙", "城关")).unwrap();
    let err = report_fails(dir.path(), &out, &["--by", "nosuch"]);
    assert!(err.contains("by = nosuch: expected one of"), "{err}");
    assert_eq!(snapshot(&out), before);
}

#[test]
fn vectors_that_fail_after_loading_leave_the_previous_files_intact() {
    let dir = two_documents();
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("vectors");
    let output = run(&[&"vectors", &dir.path(), &"--out", &out]);
    assert!(output.status.success(), "{}", stderr(&output));
    let before = snapshot(&out);
    assert_eq!(before.len(), 4, "{before:?}"); // three files and the marker

    fs::write(dir.path().join("c_third.txt"), GOOD.replace("金沙", "城关")).unwrap();
    let dict = dir.path().join("bad.dict");
    fs::write(&dict, "红色根脉 often\n").unwrap();
    let err = fails(&[&"vectors", &dir.path(), &"--out", &out, &"--dict", &dict]);
    assert!(err.contains(&format!("{}:1:", dict.display())), "{err}");
    assert_eq!(snapshot(&out), before);
}
