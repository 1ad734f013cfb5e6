//! Helpers shared by the integration tests: temporary corpora and running the real binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

pub const SAMPLE: &str = "kerry-lavrov-syria.txt";

pub fn assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets")
}

/// The example annotation file of FORMAT.md (kept in assets/ beside the sample article).
pub fn example_set() -> String {
    std::fs::read_to_string(assets().join(format!("{SAMPLE}.annotations.ron"))).unwrap()
}

/// A temporary folder holding the sample article and FORMAT.md's example set.
pub fn sample_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(assets().join(SAMPLE), dir.path().join(SAMPLE)).unwrap();
    std::fs::write(
        dir.path().join(format!("{SAMPLE}.annotations.ron")),
        example_set(),
    )
    .unwrap();
    dir
}

/// Runs the real binary.
pub fn run(args: &[&str], cwd: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_press-annotate"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir` with its bytes, to check that a command changed nothing.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).unwrap() {
                stack.push(entry.unwrap().path());
            }
        } else {
            out.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    out
}

/// A mixed-script article: flags, joined emoji, combining marks, CJK, Arabic, CRLF and a BOM.
pub const MIXED_ARTICLE: &str = "\u{feff}Flags 🇺🇦🇯🇵 and family 👨\u{200d}👩\u{200d}👧 in Café (cafe\u{301})\r\n\r\n東京の記者 said «bonjour», and مرحبا بالعالم was quoted.\r\nAngela Merkel met 習近平 in Berlin.\r\n";
