//! brat: a folder of standoff files, as brat (and the tools that read its format) open it.
//!
//! For each article `X`: `X.txt`, the source text byte for byte (the BOM left out, line
//! endings kept), and `X.ann`:
//! - `T<id>\t<LABEL> <start> <end>\t<text>` for each span (flat label, see
//!   [`crate::labels`]); a span that crosses a line break is written as fragments
//!   (`start end;start end`) that skip the line breaks, as brat does, with the fragments' texts
//!   joined by a space;
//! - `A<n>\t<attribute> T<id> <value>` for each attribute the label does not carry;
//! - `R<id>\t<label> Arg1:T<from> Arg2:T<to>` for each relation;
//! - `#<n>\tAnnotatorNotes T<id>\t<note>` for each note (line breaks and tabs in a note
//!   become spaces).
//!
//! Offsets count characters (Unicode code points), as brat's server (Python) indexes the
//! text; CR of a CRLF counts as one. `annotation.conf` (entities, relations, attributes, and
//! overlaps allowed) and `visual.conf` (colours) are made from the schemas in force. brat
//! holds one set per article: when several sets (annotators) share an article, the first
//! is written and the others are skipped and reported; choose one with `--annotator`.
//!
//! Import reads brat standoff: for each `X.ann`, the text of `X.txt` beside it (as bytes: line
//! endings kept, offsets in code points as brat counts them), `T` spans (fragments split at
//! line breaks are joined back into one span; a real discontinuous span is joined into the
//! range that covers it, and reported), `A`/`M` attributes (a binary attribute reads as
//! `true`), `R` relations and `#` AnnotatorNotes. Events, normalizations and equivalences
//! are ignored and counted. Ids: `T12` becomes annotation 12 and `R5` relation 5 where they
//! are unique, fresh ids otherwise. Given a folder, every `.ann` under it is read and the id
//! is its path relative to the folder, without extension.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::FileError;
use crate::formats::Unit;
use crate::formats::reading::{RawDoc, RawRelation, RawSpan, Read};
use crate::formats::writing::{Doc, Summary};
use crate::schema::Schema;

pub(crate) struct Writer {
    target: PathBuf,
    staging: tempfile::TempDir,
    written: HashSet<String>,
    schemas: Vec<Schema>,
}

impl Writer {
    pub fn new(target: &Path) -> Result<Self, FileError> {
        if target.is_file() {
            return Err(FileError::new(
                target,
                "is a file; brat writes a folder (give a folder with --out)",
            ));
        }
        // Stage beside the target (same file system, so the final renames are atomic).
        let parent = crate::formats::writing::parent_or_dot(target);
        std::fs::create_dir_all(&parent).map_err(|e| FileError::io(&parent, e))?;
        let staging = crate::atomic::temp_dir_beside(target)
            .map_err(|e| FileError::new(target, format!("cannot write: {e}")))?;
        Ok(Self {
            target: target.to_owned(),
            staging,
            written: HashSet::new(),
            schemas: Vec::new(),
        })
    }

    fn write(&self, relative: &str, contents: &[u8]) -> Result<(), FileError> {
        let path = self.staging.path().join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| FileError::io(dir, e))?;
        }
        std::fs::write(&path, contents)
            .map_err(|e| FileError::new(&self.target.join(relative), format!("cannot write: {e}")))
    }

    /// Writes one article's `.txt` and `.ann`; `false` when its name is taken already.
    pub fn document(&mut self, doc: &Doc<'_>, summary: &mut Summary) -> Result<bool, FileError> {
        if !self.written.insert(doc.id.to_owned()) {
            summary.skipped.push((
                PathBuf::from(doc.source),
                format!(
                    "brat holds one set per article and {}.ann is written already (choose a set with --annotator)",
                    doc.id
                ),
            ));
            return Ok(false);
        }
        if !self.schemas.contains(doc.schema) {
            self.schemas.push(doc.schema.clone());
        }
        self.write(&format!("{}.txt", doc.id), doc.article.text().as_bytes())?;
        self.write(&format!("{}.ann", doc.id), ann(doc, summary).as_bytes())?;
        Ok(true)
    }

    /// Writes the configuration and moves the staged files into the target folder.
    pub fn finish(self) -> Result<(), FileError> {
        let (annotation, visual) = configs(&self.schemas);
        self.write("annotation.conf", annotation.as_bytes())?;
        self.write("visual.conf", visual.as_bytes())?;
        let mut faults = crate::atomic::Faults::from_env();
        if !self.target.exists() {
            let staged = self.staging.keep();
            faults.rename();
            let result = std::fs::rename(&staged, &self.target).map_err(|e| {
                let _ = std::fs::remove_dir_all(&staged);
                FileError::new(&self.target, format!("cannot write: {e}"))
            });
            faults.end();
            return result;
        }
        // An existing folder: the new folder is completed with what the old one holds
        // besides (linked, not copied), then the two are swapped in one step, so a kill
        // leaves the old folder or the new one, never a mix.
        let cannot = |e: std::io::Error| FileError::new(&self.target, format!("cannot write: {e}"));
        fill_from(&self.target, self.staging.path()).map_err(cannot)?;
        let staged = self.staging.keep();
        faults.rename();
        let result = crate::atomic::swap_folders(&staged, &self.target);
        faults.end();
        // After the swap, `staged` holds the old folder; before a failed swap, the new one.
        let _ = std::fs::remove_dir_all(&staged);
        result.map_err(cannot)
    }
}

/// Puts into `staging` (hard links, or copies where links cannot be made) every file of `old`
/// that the export did not write, and gives the files it replaces their old mode.
fn fill_from(old: &Path, staging: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(old)? {
        let entry = entry?;
        let from = entry.path();
        let to = staging.join(entry.file_name());
        let kind = entry.file_type()?;
        let exists = std::fs::symlink_metadata(&to).ok();
        if kind.is_dir() {
            match &exists {
                None => std::fs::create_dir(&to)?,
                Some(meta) if meta.is_dir() => {}
                Some(_) => continue,
            }
            fill_from(&from, &to)?;
        } else if exists.is_some() {
            crate::atomic::keep_mode(&to, &from)?;
        } else if kind.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(&from)?, &to)?;
        } else if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to)?;
        }
    }
    Ok(())
}

/// The one rule for line breaks, both ways: brat spans cannot hold a line break (`\n` or
/// `\r`), so a span that crosses one is written as fragments that skip them, the fragments'
/// texts joined by [`FRAGMENT_JOIN`]; reading joins such fragments back into one span.
fn is_line_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// What joins the texts of a span's fragments on its `T` line.
const FRAGMENT_JOIN: &str = " ";

/// A span's fragments: its char range split at line breaks, which brat spans cannot hold.
pub fn fragments(text: &str, start: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from: Option<usize> = None;
    let mut at = start;
    for c in text.chars() {
        if is_line_break(c) {
            if let Some(f) = from.take() {
                out.push((f, at));
            }
        } else if from.is_none() {
            from = Some(at);
        }
        at += 1;
    }
    if let Some(f) = from {
        out.push((f, at));
    }
    out
}

/// Whether fragments read from a `T` line are ours: in order, with only line breaks between
/// them (anything else is a real discontinuous span).
fn only_line_breaks_between(pieces: &[(usize, usize)], article: &crate::text::Article) -> bool {
    pieces.windows(2).all(|w| {
        w[0].1 <= w[1].0
            && w[1].0 <= article.len_chars()
            && article.slice(w[0].1..w[1].0).chars().all(is_line_break)
    })
}

/// The text a `T` line states for its fragments.
fn fragments_text(pieces: &[(usize, usize)], article: &crate::text::Article) -> String {
    pieces
        .iter()
        .map(|(s, e)| article.slice(*s..*e))
        .collect::<Vec<_>>()
        .join(FRAGMENT_JOIN)
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// The `.ann` text of a document.
fn ann(doc: &Doc<'_>, summary: &mut Summary) -> String {
    let mut t_lines = String::new();
    let mut a_lines = String::new();
    let mut notes = String::new();
    let (mut a_count, mut note_count) = (0, 0);
    let mut left_out = HashSet::new();
    for span in doc.spans {
        let pieces = fragments(&span.text, span.start);
        if pieces.is_empty() {
            left_out.insert(span.id);
            summary.drop("span(s) of line breaks only, which brat cannot hold", 1);
            continue;
        }
        let (label, rest) = crate::formats::writing::extra_attributes(span);
        let offsets: Vec<String> = pieces.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let _ = writeln!(
            t_lines,
            "T{}\t{label} {}\t{}",
            span.id,
            offsets.join(";"),
            fragments_text(&pieces, doc.article)
        );
        for (name, value) in rest {
            if value.chars().any(char::is_whitespace) || value.is_empty() {
                summary.drop(
                    "attribute value(s) with white space, which brat cannot hold",
                    1,
                );
                continue;
            }
            a_count += 1;
            let _ = writeln!(a_lines, "A{a_count}\t{name} T{} {value}", span.id);
        }
        if let Some(note) = &span.note {
            note_count += 1;
            let flat = one_line(note);
            if flat != *note {
                summary.drop("note(s) whose line breaks or tabs became spaces", 1);
            }
            let _ = writeln!(notes, "#{note_count}\tAnnotatorNotes T{}\t{flat}", span.id);
        }
    }
    let mut out = t_lines + &a_lines;
    for r in &doc.relations {
        if left_out.contains(&r.from) || left_out.contains(&r.to) {
            continue;
        }
        let _ = writeln!(
            out,
            "R{}\t{} Arg1:T{} Arg2:T{}",
            r.id, r.label, r.from, r.to
        );
    }
    out + &notes
}

/// `annotation.conf` and `visual.conf` for the schemas met.
fn configs(schemas: &[Schema]) -> (String, String) {
    let mut entities: Vec<(String, String)> = Vec::new(); // (flat, colour)
    let mut flats_of: BTreeMap<String, Vec<String>> = BTreeMap::new(); // label -> flats
    // attribute -> (flat labels, values)
    let mut attributes: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    let mut relations: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    let mut relation_order: Vec<String> = Vec::new();
    let push = |list: &mut Vec<String>, item: &str| {
        if !list.iter().any(|i| i == item) {
            list.push(item.to_owned());
        }
    };
    for schema in schemas {
        for (flat, label) in crate::labels::flat_labels_of(schema) {
            if !entities.iter().any(|(f, _)| *f == flat) {
                let color = schema.label(label).map_or("#888888", |l| l.color.as_str());
                entities.push((flat.clone(), color.to_owned()));
            }
            push(flats_of.entry(label.to_owned()).or_default(), &flat);
        }
        for label in &schema.labels {
            for attribute in &label.attributes {
                if label.name == crate::labels::ENTITY
                    && attribute.name == crate::labels::ENTITY_TYPE
                {
                    continue;
                }
                let entry = attributes.entry(attribute.name.clone()).or_default();
                for flat in flats_of.get(&label.name).into_iter().flatten() {
                    push(&mut entry.0, flat);
                }
                for value in &attribute.values {
                    if !value.chars().any(char::is_whitespace) && !value.is_empty() {
                        push(&mut entry.1, value);
                    }
                }
            }
        }
        for relation in &schema.relations {
            push(&mut relation_order, &relation.name);
            let entry = relations.entry(relation.name.clone()).or_default();
            for (names, side) in [(&relation.from, &mut entry.0), (&relation.to, &mut entry.1)] {
                for flat in names.iter().filter_map(|n| flats_of.get(n)).flatten() {
                    push(side, flat);
                }
            }
        }
    }
    let mut conf = String::from(
        "# Made by press-annotate from the annotation schema; flat labels as in docs/FORMAT.md, Exports.\n[entities]\n",
    );
    for (flat, _) in &entities {
        conf += flat;
        conf += "\n";
    }
    conf += "\n[relations]\n";
    for name in &relation_order {
        if let Some((from, to)) = relations.get(name) {
            let _ = writeln!(
                conf,
                "{name}\tArg1:{}, Arg2:{}",
                from.join("|"),
                to.join("|")
            );
        }
    }
    conf +=
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n\n[attributes]\n";
    for (name, (labels, values)) in &attributes {
        if labels.is_empty() || values.is_empty() {
            continue;
        }
        let _ = writeln!(
            conf,
            "{name}\tArg:{}, Value:{}",
            labels.join("|"),
            values.join("|")
        );
    }
    let mut visual = String::from("[labels]\n\n[drawing]\n");
    for (flat, color) in &entities {
        let _ = writeln!(visual, "{flat}\tbgColor:{color}");
    }
    (conf, visual)
}

// Reading.

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
        read_pair(&folder, &ann, crate::formats::reading::stem(input), read);
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
    let (Some(text), Some(standoff)) = (
        crate::formats::reading::read_text(&txt, read),
        crate::formats::reading::read_text(ann, read),
    ) else {
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
                let joined = !only_line_breaks_between(&pieces, &article);
                if joined {
                    read.ignore(
                        "discontinuous brat span(s) joined into the range that covers them",
                    );
                }
                let expected_ok = pieces
                    .iter()
                    .all(|(s, e)| s < e && *e <= article.len_chars());
                let expected = expected_ok.then(|| fragments_text(&pieces, &article));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_skip_line_breaks() {
        assert_eq!(fragments("ab\r\n\r\ncd", 10), vec![(10, 12), (16, 18)]);
        assert_eq!(fragments("\r\n", 3), vec![]);
        assert_eq!(fragments("東京", 0), vec![(0, 2)]);
    }
}
