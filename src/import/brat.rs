//! Reads brat standoff: for each `X.ann`, the text of `X.txt` beside it (as bytes: line
//! endings kept, offsets in code points as brat counts them), `T` spans (fragments split at
//! line breaks are joined back into one span; a real discontinuous span is joined into the
//! range that covers it, and reported), `A`/`M` attributes (a binary attribute reads as
//! `true`), `R` relations and `#` AnnotatorNotes. Events, normalizations and equivalences
//! are ignored and counted. Ids: `T12` becomes annotation 12 and `R5` relation 5 where they
//! are unique, fresh ids otherwise. Given a folder, every `.ann` under it is read and the id
//! is its path relative to the folder, without extension.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{RawDoc, RawRelation, RawSpan, Read, Unit};
use crate::error::FileError;

pub fn read(input: &Path, read: &mut Read) {
    if input.is_dir() {
        // Each real folder once; links that leave the input folder are skipped and named.
        let walked = crate::walk::walk(input, crate::walk::Links::StayInside);
        read.warnings.extend(walked.skipped);
        let files: Vec<PathBuf> = walked
            .files
            .into_iter()
            .filter(|path| path.extension().is_some_and(|e| e == "ann"))
            .collect();
        if files.is_empty() {
            read.problems
                .push(FileError::new(input, "holds no brat .ann file"));
        }
        for file in files {
            let relative = file.strip_prefix(input).unwrap_or(&file).with_extension("");
            let id = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            read_pair(input, &file, id, read);
        }
    } else {
        let ann = input.with_extension("ann");
        let folder = match ann.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        read_pair(&folder, &ann, super::stem(input), read);
    }
}

/// Reads `X.ann` and the `X.txt` beside it; a text that leads out of `root` (the input
/// folder) through a link is skipped with a warning.
fn read_pair(root: &Path, ann: &Path, id: String, read: &mut Read) {
    let txt: PathBuf = ann.with_extension("txt");
    if txt.is_file()
        && let Err(why) = crate::walk::check_inside(root, &txt)
    {
        read.warnings.push(FileError::new(
            &txt,
            format!("{why}; {} skipped", ann.display()),
        ));
        return;
    }
    if !txt.is_file() {
        read.problems.push(FileError::new(
            ann,
            format!("its text {} is missing", txt.display()),
        ));
        return;
    }
    let (Some(text), Some(standoff)) = (super::read_text(&txt, read), super::read_text(ann, read))
    else {
        return;
    };
    if let Some(doc) = parse(ann, id, text, &standoff, read) {
        read.docs.push(doc);
    }
}

fn number(id: &str) -> Option<u64> {
    id.get(1..).and_then(|n| n.parse().ok())
}

/// Parses one `.ann` file's text against its document text.
pub fn parse(
    ann: &Path,
    id: String,
    text: String,
    standoff: &str,
    read: &mut Read,
) -> Option<RawDoc> {
    let mut doc = RawDoc {
        origin: ann.to_owned(),
        place: String::new(),
        id,
        text,
        unit: Unit::Chars,
        annotator: None,
        status: None,
        spans: Vec::new(),
        relations: Vec::new(),
    };
    let mut attributes: Vec<(String, String, String)> = Vec::new();
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut problems: Vec<FileError> = Vec::new();
    let article = crate::text::Article::new(doc.text.clone());
    for (index, raw) in standoff.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let line_no = index + 1;
        let mut bad = |message: &str| problems.push(FileError::at(ann, line_no, 1, message));
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.splitn(3, '\t').collect();
        let ann_id = fields[0];
        match ann_id.chars().next() {
            Some('T') => {
                let (Some(spec), Some(span_text)) = (fields.get(1), fields.get(2)) else {
                    bad("a T line needs ID, TYPE START END and the text, separated by tabs");
                    continue;
                };
                let Some((label, offsets)) = spec.split_once(' ') else {
                    bad("a T line needs TYPE START END");
                    continue;
                };
                let mut pieces = Vec::new();
                for piece in offsets.split(';') {
                    let bounds: Vec<Option<usize>> =
                        piece.split(' ').map(|n| n.parse().ok()).collect();
                    match bounds.as_slice() {
                        [Some(s), Some(e)] => pieces.push((*s, *e)),
                        _ => {
                            bad(&format!("\"{piece}\" is not START END"));
                            pieces.clear();
                            break;
                        }
                    }
                }
                let (Some(first), Some(last)) = (pieces.first(), pieces.last()) else {
                    continue;
                };
                let (start, end) = (first.0, last.1);
                // Fragments must be in order; the gaps between ours hold line breaks only.
                let joined = pieces.windows(2).any(|w| {
                    w[1].0 < w[0].1
                        || article
                            .slice(w[0].1..w[1].0)
                            .chars()
                            .any(|c| c != '\n' && c != '\r')
                });
                if joined {
                    read.ignore(
                        "discontinuous brat span(s) joined into the range that covers them",
                    );
                }
                let expected_ok = pieces
                    .iter()
                    .all(|(s, e)| s < e && *e <= article.len_chars());
                let expected = expected_ok.then(|| {
                    pieces
                        .iter()
                        .map(|(s, e)| article.slice(*s..*e))
                        .collect::<Vec<_>>()
                        .join(" ")
                });
                if let Some(expected) = expected
                    && expected != *span_text
                {
                    bad(&format!(
                        "{ann_id}: its text {} does not match the text at its offsets, which reads {}",
                        crate::canonical::quote(span_text),
                        crate::canonical::quote(&expected)
                    ));
                    continue;
                }
                doc.spans.push(RawSpan {
                    key: ann_id.to_owned(),
                    id: number(ann_id),
                    label: label.to_owned(),
                    start,
                    end,
                    text: None,
                    ..RawSpan::default()
                });
            }
            Some('A' | 'M') => {
                let parts: Vec<&str> = fields.get(1).map_or(Vec::new(), |f| f.split(' ').collect());
                match parts.as_slice() {
                    [name, target, value] => attributes.push((
                        (*target).to_owned(),
                        (*name).to_owned(),
                        (*value).to_owned(),
                    )),
                    [name, target] => attributes.push((
                        (*target).to_owned(),
                        (*name).to_owned(),
                        "true".to_owned(),
                    )),
                    _ => bad("an A line needs NAME TARGET [VALUE]"),
                }
            }
            Some('R') => {
                let parts: Vec<&str> = fields.get(1).map_or(Vec::new(), |f| f.split(' ').collect());
                let arg = |p: &str, name: &str| p.strip_prefix(name).map(str::to_owned);
                match parts.as_slice() {
                    [label, a, b] => {
                        let (from, to) = match (arg(a, "Arg1:"), arg(b, "Arg2:")) {
                            (Some(f), Some(t)) => (f, t),
                            _ => match (arg(b, "Arg1:"), arg(a, "Arg2:")) {
                                (Some(f), Some(t)) => (f, t),
                                _ => {
                                    bad("an R line needs LABEL Arg1:T.. Arg2:T..");
                                    continue;
                                }
                            },
                        };
                        doc.relations.push(RawRelation {
                            id: number(ann_id),
                            label: (*label).to_owned(),
                            from,
                            to,
                        });
                    }
                    _ => bad("an R line needs LABEL Arg1:T.. Arg2:T.."),
                }
            }
            Some('#') => {
                let target = fields
                    .get(1)
                    .and_then(|f| f.strip_prefix("AnnotatorNotes "))
                    .map(str::trim);
                match (target, fields.get(2)) {
                    (Some(target), Some(note)) => {
                        notes.push((target.to_owned(), (*note).to_owned()))
                    }
                    _ => read.ignore("brat comment line(s) other than AnnotatorNotes"),
                }
            }
            Some('E') => read.ignore("brat event(s)"),
            Some('N') => read.ignore("brat normalization(s)"),
            Some('*') => read.ignore("brat equivalence(s)"),
            _ => bad("not a brat standoff line (T, A, M, R, E, N, * or #)"),
        }
    }
    let index: HashMap<String, usize> = doc
        .spans
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.clone(), i))
        .collect();
    for (target, name, value) in attributes {
        match index.get(&target) {
            Some(&i) => {
                doc.spans[i].attributes.insert(name, value);
            }
            None => {
                problems.push(FileError::new(
                    ann,
                    format!("attribute {name} names {target}, which is not a span"),
                ));
            }
        }
    }
    for (target, note) in notes {
        match index.get(&target) {
            Some(&i) => doc.spans[i].note = Some(note),
            None => read.ignore("AnnotatorNotes on something other than a span"),
        }
    }
    if problems.is_empty() {
        Some(doc)
    } else {
        read.problems.extend(problems);
        None
    }
}
