//! The floor of the end-to-end benchmark (`benches/e2e.sh`): read every `.txt` under a folder
//! and cut it with raw jieba-rs (default dictionary, HMM off), documents in parallel on all
//! cores, as a whole process — the work no pipeline over the same corpus can avoid.
//!
//! Run: `cargo bench --bench raw_cut -- DIR`. Prints the bytes, tokens and seconds.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

fn texts(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            texts(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; the folder is the one argument that is not a flag.
    // `cargo test --all-targets` runs this with no arguments only to see that it starts.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench --bench raw_cut -- DIR");
        let benching = args.iter().any(|a| a == "--bench");
        std::process::exit(if benching { 2 } else { 0 });
    };
    let started = Instant::now();
    let jieba = jieba_rs::Jieba::new();
    let mut files = Vec::new();
    texts(Path::new(dir), &mut files);
    let (bytes, tokens) = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            (text.len(), jieba.cut(&text, false).len())
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "raw jieba-rs cut: {} files, {bytes} bytes, {tokens} tokens, {:.2} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
}
