//! Golden files for every export format, on the sample article (FORMAT.md's example set) and
//! on a mixed-script article (flags, joined emoji, combining marks, CJK, Arabic, BOM + CRLF).
//! `UPDATE_GOLDEN=1 cargo test --test export_golden` rewrites them; check them by eye.

mod common;

use std::path::{Path, PathBuf};

use press_annotate::export::{self, ExportOptions, Format, Layer, Output};

const ARTICLES: [&str; 2] = ["kerry-lavrov-syria", "mixed-scripts"];

fn golden() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn input(article: &str) -> PathBuf {
    golden().join("input").join(format!("{article}.txt"))
}

fn export_to(options: &ExportOptions, article: &str, out: &Path) -> export::Summary {
    export::run(
        options,
        &[input(article)],
        Output::Path(out.to_owned()),
        &mut |_, _| {},
    )
    .unwrap()
}

/// Every file under `dir`, relative, with its bytes, sorted.
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    common::snapshot(dir)
        .into_iter()
        .map(|(path, bytes)| (path.strip_prefix(dir).unwrap().to_owned(), bytes))
        .collect()
}

fn compare(produced: &Path, expected: &Path) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        if expected.is_dir() {
            std::fs::remove_dir_all(expected).unwrap();
        }
        if produced.is_dir() {
            std::fs::create_dir_all(expected).unwrap();
            for (name, bytes) in files(produced) {
                std::fs::write(expected.join(name), bytes).unwrap();
            }
        } else {
            std::fs::create_dir_all(expected.parent().unwrap()).unwrap();
            std::fs::copy(produced, expected).unwrap();
        }
        return;
    }
    let (got, want) = if produced.is_dir() {
        (files(produced), files(expected))
    } else {
        let read = |p: &Path| {
            vec![(
                PathBuf::new(),
                std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
            )]
        };
        (read(produced), read(expected))
    };
    assert_eq!(
        got.iter().map(|f| &f.0).collect::<Vec<_>>(),
        want.iter().map(|f| &f.0).collect::<Vec<_>>(),
        "files of {}",
        expected.display()
    );
    for ((name, got), (_, want)) in got.iter().zip(&want) {
        if got != want {
            let got = String::from_utf8_lossy(got);
            let want = String::from_utf8_lossy(want);
            for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
                assert_eq!(
                    g,
                    w,
                    "{} line {} differs (UPDATE_GOLDEN=1 rewrites the golden files)",
                    expected.join(name).display(),
                    i + 1
                );
            }
            panic!(
                "{} differs in length (UPDATE_GOLDEN=1 rewrites the golden files)",
                expected.join(name).display()
            );
        }
    }
}

fn check(name: &str, options: ExportOptions, extension: &str) {
    let dir = tempfile::tempdir().unwrap();
    for article in ARTICLES {
        let produced = dir.path().join(format!("{article}{extension}"));
        let summary = export_to(&options, article, &produced);
        assert_eq!(summary.articles, 1);
        assert_eq!(summary.problems(), 0);
        compare(
            &produced,
            &golden().join(name).join(format!("{article}{extension}")),
        );
    }
}

fn options(format: Format) -> ExportOptions {
    ExportOptions {
        format,
        ..ExportOptions::default()
    }
}

#[test]
fn jsonl_golden() {
    check("jsonl", options(Format::Jsonl), ".jsonl");
}

#[test]
fn jsonl_with_tokens_golden() {
    let options = ExportOptions {
        tokens: true,
        ..options(Format::Jsonl)
    };
    check("jsonl-tokens", options, ".jsonl");
}

#[test]
fn doccano_golden() {
    check("doccano", options(Format::Doccano), ".jsonl");
}

#[test]
fn label_studio_golden() {
    check("label-studio", options(Format::LabelStudio), ".json");
}

#[test]
fn brat_golden() {
    check("brat", options(Format::Brat), "");
}

#[test]
fn conll_golden() {
    check("conll", options(Format::Conll), ".conll");
    let quotes = ExportOptions {
        layer: Layer::Quote,
        ..options(Format::Conll)
    };
    check("conll-quote", quotes, ".conll");
}

#[test]
fn csv_golden() {
    check("csv", options(Format::Csv), ".csv");
}

#[test]
fn brat_text_is_the_source_byte_for_byte_without_its_bom() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("brat");
    export_to(&options(Format::Brat), "mixed-scripts", &out);
    let source = std::fs::read(input("mixed-scripts")).unwrap();
    assert!(source.starts_with(b"\xEF\xBB\xBF") && source.windows(2).any(|w| w == b"\r\n"));
    assert_eq!(
        std::fs::read(out.join("mixed-scripts.txt")).unwrap(),
        source[3..]
    );
}

#[test]
fn utf16_offsets_differ_from_code_points_after_astral_characters() {
    // doccano counts UTF-16 units: the flags (4 astral chars) and the family
    // emoji (3 astral + 2 ZWJ) shift everything after them.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d.jsonl");
    export_to(&options(Format::Doccano), "mixed-scripts", &out);
    let line: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&out).unwrap().trim()).unwrap();
    let text = line["text"].as_str().unwrap();
    let units: Vec<u16> = text.encode_utf16().collect();
    for entity in line["entities"].as_array().unwrap() {
        let (s, e) = (
            entity["start_offset"].as_u64().unwrap() as usize,
            entity["end_offset"].as_u64().unwrap() as usize,
        );
        let slice = String::from_utf16(&units[s..e]).unwrap();
        assert!(!slice.is_empty());
        if entity["id"] == 8 {
            assert_eq!(slice, "Angela Merkel");
            assert_eq!(s, 107, "code points would say 100");
        }
    }
}
