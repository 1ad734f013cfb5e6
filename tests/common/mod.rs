//! Helpers shared by the integration tests: temporary corpora and running the real binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

#[cfg(feature = "window")]
pub mod window;
#[cfg(feature = "window")]
#[allow(unused_imports)]
pub use window::*;

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

// ------------------------------------------------------------------------------------------
// A team's folder: three annotators' sets (compare and adjudication tests)

const ONE: &str =
    "John Kerry told reporters in Geneva that the talks would go on. Sergei Lavrov said nothing.";
const AGREED: &str = "Angela Merkel arrived in Brussels on Monday.";
const TWO: &str = "The minister warned that prices would rise again.";

/// Labels `words` (each found in the text, with a label and attributes) in `annotator`'s set of
/// `dir/name` and saves it.
/// A span to label: (words found in the text, label, attributes).
pub type SpanSpec<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

pub fn annotate(dir: &Path, name: &str, annotator: &str, spans: &[SpanSpec<'_>]) {
    let source = dir.join(name);
    let mut doc = press_annotate::document::Document::open(&source, Some(annotator)).unwrap();
    for (words, label, attributes) in spans {
        let at = doc.article.text().find(words).unwrap();
        let start = doc.article.byte_to_char(at);
        let end = start + words.chars().count();
        let attributes: BTreeMap<String, String> = attributes
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        doc.label_span(start..end, label, &attributes).unwrap();
    }
    doc.save().unwrap();
}

pub const PER: &[(&str, &str)] = &[("type", "person")];
pub const LOC: &[(&str, &str)] = &[("type", "location")];
const ORG: &[(&str, &str)] = &[("type", "organization")];

/// `team/`: three articles labelled by alice, bob and carol.
/// - `a-one.txt`: all say John Kerry is a person; Geneva is a location for alice and carol, an
///   organisation for bob; alice has "Sergei Lavrov", bob "Lavrov", carol nothing.
/// - `b-agreed.txt`: all three agree (nothing to decide).
/// - `c-two.txt`: alice and carol have a claim bob left out.
pub fn team() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("team");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in [
        ("a-one.txt", ONE),
        ("b-agreed.txt", AGREED),
        ("c-two.txt", TWO),
    ] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    annotate(
        &dir,
        "a-one.txt",
        "alice",
        &[
            ("John Kerry", "entity", PER),
            ("Geneva", "entity", LOC),
            ("Sergei Lavrov", "entity", PER),
        ],
    );
    annotate(
        &dir,
        "a-one.txt",
        "bob",
        &[
            ("John Kerry", "entity", PER),
            ("Geneva", "entity", ORG),
            ("Lavrov", "entity", PER),
        ],
    );
    annotate(
        &dir,
        "a-one.txt",
        "carol",
        &[("John Kerry", "entity", PER), ("Geneva", "entity", LOC)],
    );
    for who in ["alice", "bob", "carol"] {
        annotate(
            &dir,
            "b-agreed.txt",
            who,
            &[
                ("Angela Merkel", "entity", PER),
                ("Brussels", "entity", LOC),
            ],
        );
    }
    for who in ["alice", "carol"] {
        annotate(
            &dir,
            "c-two.txt",
            who,
            &[("prices would rise", "claim", &[])],
        );
    }
    annotate(&dir, "c-two.txt", "bob", &[]);
    (tmp, dir)
}
