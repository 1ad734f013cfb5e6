//! Writes the benches' long article for measuring commands by hand:
//! `cargo run --release --example long_corpus -- FOLDER [BYTES] [ANNOTATIONS]` gives
//! `FOLDER/long.txt` (default 1,000,000 bytes) and its set (default 20,000 annotations),
//! the files `store/load/1MB-20k` and `command/*/1MB-20k` measure.

use std::path::PathBuf;

use anyhow::Context;
use press_annotate::testdata;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let folder = PathBuf::from(
        args.next()
            .context("usage: long_corpus FOLDER [BYTES] [ANNOTATIONS]")?,
    );
    let bytes: usize = match args.next() {
        Some(n) => n.parse().context("BYTES is a number")?,
        None => 1_000_000,
    };
    let annotations: usize = match args.next() {
        Some(n) => n.parse().context("ANNOTATIONS is a number")?,
        None => 20_000,
    };
    std::fs::create_dir_all(&folder).with_context(|| format!("{}", folder.display()))?;
    let article = testdata::write_long_corpus(&folder, bytes, annotations)?;
    println!("{}", article.display());
    Ok(())
}
