//! Writes what the packages install beside the binary, generated from the clap definitions of
//! the command line: man pages (`man/press-annotate.1` and one per subcommand,
//! `press-annotate-validate.1`, ...) and shell completions for bash, zsh and fish
//! (`completions/`). Run by `scripts/package.sh`:
//!
//! ```sh
//! cargo run --example dist_assets -- target/dist-assets
//! ```

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::CommandFactory;
use clap_complete::Shell;
use press_annotate::cli::Cli;

fn main() -> anyhow::Result<()> {
    let out: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .context("usage: dist_assets OUT_DIR")?;
    write(&out)?;
    println!("wrote the man pages and completions into {}", out.display());
    Ok(())
}

fn write(out: &Path) -> anyhow::Result<()> {
    let man = out.join("man");
    let completions = out.join("completions");
    for dir in [&man, &completions] {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    clap_mangen::generate_to(Cli::command(), &man)
        .with_context(|| format!("{}: cannot write the man pages", man.display()))?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut Cli::command(), "press-annotate", &completions)
            .with_context(|| {
                format!(
                    "{}: cannot write the {shell} completions",
                    completions.display()
                )
            })?;
    }
    Ok(())
}
