//! Main-text extraction over a folder of pages, for `scripts/eval-ingest.sh`:
//! `cargo run --release --manifest-path scripts/ingest-eval/Cargo.toml -- PAGES_DIR OUT.json`.
//!
//! Reads every `ID.html` in PAGES_DIR, extracts each page's body as `ingest` does (charset
//! decoded, main text, paragraphs joined by blank lines; the headline is not part of the
//! body, as in the benchmark's reference text), and writes `{"ID": {"articleBody": ...}}` to
//! OUT.json, then prints the extraction time of all pages (reading files aside) in seconds.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use press_annotate::ingest::{charset, html};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().context("usage: ingest_eval PAGES_DIR OUT.json")?);
    let out = PathBuf::from(args.next().context("usage: ingest_eval PAGES_DIR OUT.json")?);
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(&dir).with_context(|| format!("{}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "html") {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            pages.push((id, std::fs::read(&path)?));
        }
    }
    pages.sort();
    let mut output = BTreeMap::new();
    let start = Instant::now();
    for (id, bytes) in &pages {
        let (text, _) = charset::decode_html(bytes, None);
        let body = match html::extract(&text, None) {
            Ok(extracted) => extracted
                .blocks
                .iter()
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join("\n\n"),
            Err(_) => String::new(),
        };
        output.insert(id.clone(), serde_json::json!({ "articleBody": body }));
    }
    let seconds = start.elapsed().as_secs_f64();
    std::fs::write(&out, serde_json::to_string(&output)?)?;
    println!("{seconds}");
    Ok(())
}
