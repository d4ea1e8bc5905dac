//! Reading a corpus from a folder, a CSV or JSONL file, or one text file.
//!
//! Files are read and processed in parallel; the result is in a stable order (sorted paths for
//! folders, input order for CSV/JSONL) so every later table is reproducible.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{decode, read_sidecar, Corpus, Document, LoadOptions, Sidecar, SidecarRow, Skipped};
use crate::{Error, Result};

/// Extensions read from a folder.
const TEXT_EXTENSIONS: [&str; 2] = ["txt", "md"];

/// Loads a corpus from `path`: a folder (recursive, `.txt` and `.md`), a `.csv` or `.jsonl`
/// file with one document per row, or a single text file.
///
/// Files that cannot be decoded are skipped and listed in [`Corpus::skipped`]; with
/// `options.strict` the first such file is an error instead.
pub fn load(path: &Path, options: &LoadOptions) -> Result<Corpus> {
    load_with_progress(path, options, &|_, _| {})
}

/// Like [`load`], calling `progress(done, total)` as documents are processed.
pub fn load_with_progress(
    path: &Path,
    options: &LoadOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Corpus> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let mut corpus = if meta.is_dir() {
        load_dir(path, options, progress)?
    } else {
        match extension(path).as_deref() {
            Some("csv") => load_table(path, options, Table::Csv)?,
            Some("jsonl") | Some("ndjson") => load_table(path, options, Table::Jsonl)?,
            _ => load_files(path, &[path.to_path_buf()], options, progress)?,
        }
    };
    corpus.root = path.to_path_buf();
    if options.strict {
        if let Some(skip) = corpus.skipped.first() {
            return Err(Error::Input {
                file: skip.file.clone(),
                message: format!(
                    "{} (--strict turns skipped input into an error)",
                    skip.reason
                ),
            });
        }
    }
    Ok(corpus)
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

fn load_dir(
    root: &Path,
    options: &LoadOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Corpus> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let file = e.path().unwrap_or(root).display().to_string();
                skipped.push(Skipped {
                    file,
                    reason: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        let hidden = entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.');
        if hidden || !entry.file_type().is_file() {
            continue;
        }
        let wanted = extension(entry.path()).is_some_and(|e| TEXT_EXTENSIONS.contains(&e.as_str()));
        if wanted {
            files.push(entry.into_path());
        }
    }
    let mut corpus = load_files(root, &files, options, progress)?;
    skipped.append(&mut corpus.skipped);
    corpus.skipped = skipped;
    Ok(corpus)
}

/// The sidecar to use for texts under `dir`, if any.
fn find_sidecar(dir: &Path, options: &LoadOptions) -> Result<Option<Sidecar>> {
    if !options.use_sidecar {
        return Ok(None);
    }
    if let Some(file) = &options.metadata_file {
        return read_sidecar(file).map(Some);
    }
    let beside = dir.join("metadata.csv");
    if beside.is_file() {
        read_sidecar(&beside).map(Some)
    } else {
        Ok(None)
    }
}

/// Name of a file relative to the corpus root, with `/` separators on every platform.
fn relative_name(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let rel = if rel.as_os_str().is_empty() {
        file.file_name().map(Path::new).unwrap_or(file)
    } else {
        rel
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn load_files(
    root: &Path,
    files: &[PathBuf],
    options: &LoadOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Corpus> {
    let base = if root.is_dir() {
        root.to_path_buf()
    } else {
        root.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let sidecar = find_sidecar(&base, options)?;
    let done = AtomicUsize::new(0);
    let results: Vec<std::result::Result<Document, Skipped>> = files
        .par_iter()
        .map(|file| {
            let name = relative_name(&base, file);
            let result = read_document(file, &name, options, sidecar.as_ref());
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, files.len());
            result
        })
        .collect();
    let mut corpus = Corpus::default();
    for result in results {
        match result {
            Ok(doc) => corpus.documents.push(doc),
            Err(skip) => corpus.skipped.push(skip),
        }
    }
    if let Some(sidecar) = &sidecar {
        corpus
            .warnings
            .extend(unmatched_sidecar_rows(sidecar, &corpus));
    }
    Ok(corpus)
}

fn read_document(
    path: &Path,
    name: &str,
    options: &LoadOptions,
    sidecar: Option<&Sidecar>,
) -> std::result::Result<Document, Skipped> {
    let skip = |reason: String| Skipped {
        file: name.to_string(),
        reason,
    };
    let bytes = fs::read(path).map_err(|e| skip(format!("cannot read: {e}")))?;
    let (raw, encoding) = decode(&bytes).map_err(|e| skip(e.to_string()))?;
    let mut doc = Document::from_decoded(name, &raw, encoding, options);
    if doc.text.is_empty() {
        return Err(skip(
            "no text left after cleaning: expected Chinese report text".to_string(),
        ));
    }
    if let Some(row) = sidecar.and_then(|s| s.get(name)) {
        doc.apply_sidecar(row);
    }
    Ok(doc)
}

fn unmatched_sidecar_rows(sidecar: &Sidecar, corpus: &Corpus) -> Vec<String> {
    let mut matched = BTreeSet::new();
    for doc in &corpus.documents {
        if let Some(row) = sidecar.get(&doc.file) {
            matched.insert(row as *const SidecarRow);
        }
    }
    sidecar
        .rows
        .iter()
        .filter(|(_, row)| !matched.contains(&(*row as *const SidecarRow)))
        .map(|(file, _)| format!("metadata.csv names {file}, which is not among the documents"))
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    Csv,
    Jsonl,
}

/// One row of a CSV/JSONL input: its 1-based line, text and other columns.
struct Row {
    line: usize,
    text: Option<String>,
    columns: SidecarRow,
}

fn load_table(path: &Path, options: &LoadOptions, kind: Table) -> Result<Corpus> {
    let display = path.display().to_string();
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    let (content, encoding) = decode(&bytes).map_err(|e| Error::Input {
        file: display.clone(),
        message: e.to_string(),
    })?;
    let mut skipped = Vec::new();
    let rows = match kind {
        Table::Csv => csv_rows(&display, &content, options, &mut skipped)?,
        Table::Jsonl => jsonl_rows(&display, &content, options, &mut skipped),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| display.clone());
    let results: Vec<std::result::Result<Document, Skipped>> = rows
        .into_par_iter()
        .map(|row| {
            let at = format!("{display}:{}", row.line);
            let id = match &options.id_column {
                Some(col) => row.columns.get(col).cloned().filter(|v| !v.is_empty()),
                None => None,
            };
            let id = id.unwrap_or_else(|| format!("{file_name}:{}", row.line));
            let Some(text) = row.text.filter(|t| !t.trim().is_empty()) else {
                return Err(Skipped {
                    file: at,
                    reason: format!("no text in column '{}'", options.text_column),
                });
            };
            let mut doc = Document::from_decoded(&id, &text, encoding, options);
            let mut columns = row.columns;
            columns.insert("file".to_string(), id);
            doc.apply_sidecar(&columns);
            Ok(doc)
        })
        .collect();
    let mut corpus = Corpus {
        skipped,
        ..Corpus::default()
    };
    for result in results {
        match result {
            Ok(doc) => corpus.documents.push(doc),
            Err(skip) => corpus.skipped.push(skip),
        }
    }
    Ok(corpus)
}

fn csv_rows(
    display: &str,
    content: &str,
    options: &LoadOptions,
    skipped: &mut Vec<Skipped>,
) -> Result<Vec<Row>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(content.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::parse(display, 1, format!("cannot read the header: {e}")))?
        .clone();
    let text_index = headers
        .iter()
        .position(|h| h.trim() == options.text_column)
        .ok_or_else(|| {
            Error::parse(
                display,
                1,
                format!(
                    "no column '{}' for the text (columns: {}); name it with --text-column",
                    options.text_column,
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
            )
        })?;
    if let Some(id) = &options.id_column {
        if !headers.iter().any(|h| h.trim() == id) {
            return Err(Error::parse(
                display,
                1,
                format!(
                    "no id column '{id}' (columns: {})",
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                skipped.push(Skipped {
                    file: format!("{display}:{line}"),
                    reason: format!("malformed CSV row: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let mut columns = SidecarRow::new();
        for (i, (h, v)) in headers.iter().zip(record.iter()).enumerate() {
            if i != text_index {
                columns.insert(h.trim().to_string(), v.trim().to_string());
            }
        }
        rows.push(Row {
            line,
            text: record.get(text_index).map(str::to_string),
            columns,
        });
    }
    Ok(rows)
}

fn jsonl_rows(
    display: &str,
    content: &str,
    options: &LoadOptions,
    skipped: &mut Vec<Skipped>,
) -> Vec<Row> {
    let mut rows = Vec::new();
    for (i, line) in content.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                skipped.push(Skipped {
                    file: format!("{display}:{line_no}"),
                    reason: format!("not JSON ({e}): expected one JSON object per line"),
                });
                continue;
            }
        };
        let Some(object) = value.as_object() else {
            skipped.push(Skipped {
                file: format!("{display}:{line_no}"),
                reason: "not a JSON object: expected one JSON object per line".to_string(),
            });
            continue;
        };
        let mut columns = SidecarRow::new();
        let mut text = None;
        for (key, value) in object {
            let scalar = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            if *key == options.text_column {
                text = value.as_str().map(str::to_string);
            } else {
                columns.insert(key.clone(), scalar);
            }
        }
        rows.push(Row {
            line: line_no,
            text,
            columns,
        });
    }
    rows
}
