//! The canonical text of an annotation file: the layout docs/FORMAT.md shows, one annotation and
//! one relation per line, sorted, so that Git diffs stay readable and an unchanged file saves
//! back to the same bytes. Also the RON reading options shared by every file we read.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use crate::error::FileError;
use crate::model::{Annotation, AnnotationSet};

/// Nesting deeper than this in a RON file is refused (absurdly deep files cannot overflow the
/// stack).
pub const RON_RECURSION_LIMIT: usize = 64;

/// The RON reader settings for every file press-annotate reads.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(RON_RECURSION_LIMIT)
}

/// A RON parse error as a file error at its line and column.
pub fn ron_error(path: &Path, err: &ron::error::SpannedError) -> FileError {
    let message = match &err.code {
        ron::Error::ExceededRecursionLimit => {
            format!("nesting deeper than {RON_RECURSION_LIMIT} levels")
        }
        ron::Error::Eof => "the file ends too early (truncated?)".to_owned(),
        code => code.to_string(),
    };
    FileError::at(
        path,
        err.span.start.line.max(1),
        err.span.start.col.max(1),
        message,
    )
}

/// A string as a RON literal: quoted, with quotes, backslashes and control characters escaped
/// and every other character (accents, CJK, emoji) written as itself.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string map as RON: `{"type": "person"}`.
pub fn map(map: &BTreeMap<String, String>) -> String {
    let pairs: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("{}: {}", quote(k), quote(v)))
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

fn write_annotation(out: &mut String, a: &Annotation) {
    let _ = write!(
        out,
        "        Annotation(id: {}, label: {}, start: {}, end: {}, text: {}",
        a.id,
        quote(&a.label),
        a.start,
        a.end,
        quote(&a.text)
    );
    if !a.attributes.is_empty() {
        let _ = write!(out, ", attributes: {}", map(&a.attributes));
    }
    if let Some(note) = &a.note {
        let _ = write!(out, ", note: Some({})", quote(note));
    }
    out.push_str("),\n");
}

fn write_annotations(out: &mut String, field: &str, list: &[Annotation]) {
    if list.is_empty() {
        let _ = writeln!(out, "    {field}: [],");
        return;
    }
    let mut sorted: Vec<&Annotation> = list.iter().collect();
    sorted.sort_by_key(|a| a.sort_key());
    let _ = writeln!(out, "    {field}: [");
    for a in sorted {
        write_annotation(out, a);
    }
    out.push_str("    ],\n");
}

/// The canonical file text of a set.
pub fn to_canonical_ron(set: &AnnotationSet) -> String {
    let mut out = String::with_capacity(256 + set.annotations.len() * 160);
    let _ = write!(
        out,
        "AnnotationSet(\n    format: {},\n    source: Source(\n        file: {},\n        sha256: {},\n        chars: {},\n    ),\n",
        set.format,
        quote(&set.source.file),
        quote(&set.source.sha256),
        set.source.chars
    );
    match &set.annotator {
        Some(name) => {
            let _ = writeln!(out, "    annotator: Some({}),", quote(name));
        }
        None => out.push_str("    annotator: None,\n"),
    }
    let _ = writeln!(out, "    status: {},", set.status.as_str());
    write_annotations(&mut out, "annotations", &set.annotations);
    if set.relations.is_empty() {
        out.push_str("    relations: [],\n");
    } else {
        let mut sorted: Vec<_> = set.relations.iter().collect();
        sorted.sort_by_key(|r| r.id);
        out.push_str("    relations: [\n");
        for r in sorted {
            let _ = writeln!(
                out,
                "        Relation(id: {}, label: {}, from: {}, to: {}),",
                r.id,
                quote(&r.label),
                r.from,
                r.to
            );
        }
        out.push_str("    ],\n");
    }
    write_annotations(&mut out, "orphans", &set.orphans);
    out.push_str(")\n");
    out
}

/// The line that opens a non-empty annotation list in the canonical layout.
const ANNOTATIONS_OPEN: &str = "    annotations: [\n";
/// The line that closes a list in the canonical layout.
const LIST_CLOSE: &str = "    ],\n";
/// The indentation of an entry of a list in the canonical layout.
const ENTRY_INDENT: &str = "        ";

/// Parses a file laid out as [`to_canonical_ron`] writes it, fast: the annotation lines
/// (most of a large file) are parsed in parallel, one line each, and the rest of the file on
/// its own. `None` when the text is not in that layout (or does not parse); then parse the
/// whole text instead, which gives the same set for every text where this one gives one.
///
/// Why the result is the same: the rest of the file (the text with the annotation lines
/// taken out of their list) must be exactly the canonical text of the set parsed from it, so
/// it holds no comment and the list is where the canonical layout puts it. Each annotation
/// line must be the list's indentation, one value that parses as an annotation on its own
/// (nothing may follow it but white space), and a comma, with no `//` or `/*` anywhere in it
/// (so no comment starts in it, even inside a string, where this is merely cautious). A
/// whole parse then starts each line outside any string or comment, reads the same value
/// and then the comma, line after line: the same annotations in the same order.
pub fn parse_canonical(text: &str) -> Option<AnnotationSet> {
    use rayon::prelude::*;

    let open = text.find(&format!("\n{ANNOTATIONS_OPEN}"))? + 1;
    let first = open + ANNOTATIONS_OPEN.len();
    let block_len = text[first..].find(&format!("\n{LIST_CLOSE}"))? + 1;
    let block = &text[first..first + block_len];
    let after = first + block_len + LIST_CLOSE.len();
    let mut skeleton = String::with_capacity(text.len() - block_len + 32);
    skeleton.push_str(&text[..open]);
    skeleton.push_str("    annotations: [],\n");
    skeleton.push_str(&text[after..]);
    let mut set: AnnotationSet = ron_options().from_str(&skeleton).ok()?;
    if to_canonical_ron(&set) != skeleton {
        return None;
    }
    let lines: Vec<&str> = block.split_terminator('\n').collect();
    let annotations: Option<Vec<Annotation>> = lines
        .par_iter()
        .with_min_len(256)
        .map(|line| {
            let entry = line.strip_prefix(ENTRY_INDENT)?.strip_suffix(',')?;
            if entry.contains("//") || entry.contains("/*") {
                return None;
            }
            ron_options().from_str(entry).ok()
        })
        .collect();
    set.annotations = annotations?;
    Some(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_only_what_ron_needs() {
        assert_eq!(quote("a\"b\\c\r\nd"), r#""a\"b\\c\r\nd""#);
        assert_eq!(quote("café 東京 🇺🇦 e\u{301}"), "\"café 東京 🇺🇦 e\u{301}\"");
        let back: String = ron::from_str(&quote("x\u{1}y\u{2028}\t")).unwrap();
        assert_eq!(back, "x\u{1}y\u{2028}\t");
    }
}
