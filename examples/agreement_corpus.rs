//! Writes a generated multi-annotator folder for `scripts/check-agreement.sh`:
//! `cargo run --example agreement_corpus -- FOLDER [ARTICLES] [SEED] [BYTES] [SPANS]`.
//!
//! FOLDER gets ARTICLES articles (default 40) of about BYTES bytes (default 3,000), each with
//! the sets of alice, bob and carol of about SPANS annotations (default 25)
//! (see `testdata::write_annotator_corpus`), and one article with alice's set only, which
//! agreement leaves out.

use std::path::PathBuf;

use anyhow::Context;
use press_annotate::testdata;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let folder = PathBuf::from(
        args.next()
            .context("usage: agreement_corpus FOLDER [ARTICLES] [SEED] [BYTES] [SPANS]")?,
    );
    let articles: usize = match args.next() {
        Some(n) => n.parse().context("ARTICLES is a number")?,
        None => 40,
    };
    let seed: u64 = match args.next() {
        Some(n) => n.parse().context("SEED is a number")?,
        None => 11,
    };
    let bytes: usize = match args.next() {
        Some(n) => n.parse().context("BYTES is a number")?,
        None => 3_000,
    };
    let spans: usize = match args.next() {
        Some(n) => n.parse().context("SPANS is a number")?,
        None => 25,
    };
    std::fs::create_dir_all(&folder).with_context(|| format!("{}", folder.display()))?;
    testdata::write_annotator_corpus(
        &folder,
        articles,
        bytes,
        spans,
        &["alice", "bob", "carol"],
        seed,
    )?;
    let single = folder.join("single");
    std::fs::create_dir_all(&single).with_context(|| format!("{}", single.display()))?;
    testdata::write_annotator_corpus(&single, 1, 2_000, 10, &["alice"], seed + 1)?;
    Ok(())
}
