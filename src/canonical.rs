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
    quote_into(&mut out, s);
    out
}

/// Whether [`quote`] writes a character escaped.
fn escaped(c: char) -> bool {
    matches!(c, '"' | '\\') || c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// [`quote`], appended to `out`.
fn quote_into(out: &mut String, s: &str) {
    out.push('"');
    let mut rest = s;
    while let Some(at) = rest.find(escaped) {
        out.push_str(&rest[..at]);
        let c = rest[at..].chars().next().unwrap_or_default();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
        rest = &rest[at + c.len_utf8()..];
    }
    out.push_str(rest);
    out.push('"');
}

/// A string map as RON: `{"type": "person"}`.
pub fn map(map: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    map_into(&mut out, map);
    out
}

/// [`map`], appended to `out`.
fn map_into(out: &mut String, map: &BTreeMap<String, String>) {
    out.push('{');
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        quote_into(out, k);
        out.push_str(": ");
        quote_into(out, v);
    }
    out.push('}');
}

fn write_annotation(out: &mut String, a: &Annotation) {
    let _ = write!(out, "        Annotation(id: {}, label: ", a.id);
    quote_into(out, &a.label);
    let _ = write!(out, ", start: {}, end: {}, text: ", a.start, a.end);
    quote_into(out, &a.text);
    if !a.attributes.is_empty() {
        out.push_str(", attributes: ");
        map_into(out, &a.attributes);
    }
    if let Some(note) = &a.note {
        out.push_str(", note: Some(");
        quote_into(out, note);
        out.push(')');
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
            annotation_line(line).or_else(|| ron_options().from_str(entry).ok())
        })
        .collect();
    set.annotations = annotations?;
    Some(set)
}

/// Reads one annotation line of the canonical layout (indentation, value, comma) without the
/// RON parser, which is most of the time of loading a set. The annotation is taken only when
/// [`to_canonical_ron`] writes it back as exactly this line: then the line is the canonical
/// text of that annotation, which RON reads as that annotation (saving relies on it), so the
/// result is RON's. `None` for anything else (RON then reads the line).
fn annotation_line(line: &str) -> Option<Annotation> {
    let mut at = LineReader(line.strip_prefix(ENTRY_INDENT)?);
    at.expect("Annotation(id: ")?;
    let id = at.number()?;
    at.expect(", label: ")?;
    let label = at.string()?;
    at.expect(", start: ")?;
    let start = usize::try_from(at.number()?).ok()?;
    at.expect(", end: ")?;
    let end = usize::try_from(at.number()?).ok()?;
    at.expect(", text: ")?;
    let text = at.string()?;
    let mut attributes = BTreeMap::new();
    if at.expect(", attributes: {").is_some() {
        loop {
            let key = at.string()?;
            at.expect(": ")?;
            let value = at.string()?;
            attributes.insert(key, value);
            if at.expect("}").is_some() {
                break;
            }
            at.expect(", ")?;
        }
    }
    let note = if at.expect(", note: Some(").is_some() {
        let note = at.string()?;
        at.expect(")")?;
        Some(note)
    } else {
        None
    };
    at.expect("),")?;
    if !at.0.is_empty() {
        return None;
    }
    let annotation = Annotation {
        id,
        label,
        start,
        end,
        text,
        attributes,
        note,
    };
    let mut written = String::with_capacity(line.len() + 1);
    write_annotation(&mut written, &annotation);
    (written.strip_suffix('\n') == Some(line)).then_some(annotation)
}

/// The rest of a line being read by [`annotation_line`].
struct LineReader<'a>(&'a str);

impl LineReader<'_> {
    fn expect(&mut self, literal: &str) -> Option<()> {
        self.0 = self.0.strip_prefix(literal)?;
        Some(())
    }

    /// Decimal digits (canonical numbers have no sign and no leading zero; the check by
    /// writing back refuses any other).
    fn number(&mut self) -> Option<u64> {
        let digits = self.0.bytes().take_while(u8::is_ascii_digit).count();
        let value = self.0[..digits].parse().ok()?;
        self.0 = &self.0[digits..];
        Some(value)
    }

    /// A string literal with the escapes [`quote`] writes; any other escape gives `None`.
    fn string(&mut self) -> Option<String> {
        let rest = self.0.strip_prefix('"')?;
        let mut out = String::new();
        let mut i = 0;
        loop {
            let run = rest[i..].find(['"', '\\'])?;
            out.push_str(&rest[i..i + run]);
            i += run;
            if rest.as_bytes()[i] == b'"' {
                self.0 = &rest[i + 1..];
                return Some(out);
            }
            let escaped = *rest.as_bytes().get(i + 1)?;
            i += 2;
            match escaped {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let body = rest[i..].strip_prefix('{')?;
                    let close = body.find('}')?;
                    let code = u32::from_str_radix(&body[..close], 16).ok()?;
                    out.push(char::from_u32(code)?);
                    i += close + 2;
                }
                _ => return None,
            }
        }
    }
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

    fn line_of(a: &Annotation) -> String {
        let mut out = String::new();
        write_annotation(&mut out, a);
        out.trim_end_matches('\n').to_owned()
    }

    fn ron_of(line: &str) -> Option<Annotation> {
        let entry = line.strip_prefix(ENTRY_INDENT)?.strip_suffix(',')?;
        ron_options().from_str(entry).ok()
    }

    #[test]
    fn annotation_lines_are_read_without_ron_as_ron_reads_them() {
        let mut a = Annotation {
            id: 18_446_744_073_709_551_615,
            label: "quote".into(),
            start: 0,
            end: 12,
            text: "\"Hé\" \\ 東京 🇺🇦\n\r\t\u{1}\u{2028}\u{feff}}{".into(),
            attributes: [("type", "direct"), ("a\"b", ""), ("", "x\\y")]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .collect(),
            note: Some("see \"x\", {y}: z),".into()),
        };
        for _ in 0..3 {
            let line = line_of(&a);
            assert_eq!(annotation_line(&line).as_ref(), Some(&a), "{line}");
            assert_eq!(ron_of(&line).as_ref(), Some(&a), "{line}");
            a.attributes.clear();
            a.note = a.note.take().filter(|_| a.id > 0);
            a.id = 0;
            a.text.clear();
        }
    }

    #[test]
    fn lines_not_exactly_canonical_are_left_to_ron() {
        let canonical = r#"        Annotation(id: 3, label: "entity", start: 4, end: 9, text: "A", attributes: {"type": "person"}),"#;
        assert!(annotation_line(canonical).is_some());
        for line in [
            // Other spellings RON may read: left to RON, which decides.
            r#"        Annotation(id: 03, label: "entity", start: 4, end: 9, text: "A"),"#,
            r#"        Annotation(id: 3, label: "entity", start: 4, end: 9, text: "\u{41}"),"#,
            r#"        Annotation(id: 3,  label: "entity", start: 4, end: 9, text: "A"),"#,
            r#"        Annotation(id: 3, label: "entity", start: 4, end: 9, text: "A", attributes: {}),"#,
            r#"        Annotation(id: 3, label: "entity", start: 4, end: 9, text: "A", note: None),"#,
            r#"        Annotation(id: 3, label: "entity", start: 4, end: 9, text: "A",),"#,
            r#"        Annotation(id: 3, label: "entity", start: 4, end: 9, text: "A", attributes: {"b": "1", "a": "2"}),"#,
            // RON refuses these.
            r#"        Annotation(id: 3, label: "entity", start: 4, end: 9, text: "\q"),"#,
            r#"        Annotation(id: 3, label: "entity", start: 4, end: 9, text: "A""#,
            r#"        Annotation(id: 3, label: "entity", start: 4, end: 9, text: "A"), x"#,
            r#"        Annotation(id: 99999999999999999999, label: "e", start: 4, end: 9, text: "A"),"#,
            r#"        Annotation(id: 3, label: "entity", start: 4, end: 9, text: "\u{d800}"),"#,
        ] {
            assert_eq!(annotation_line(line), None, "{line}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_annotation_written_is_read_back_without_ron(
            id: u64,
            label in ".{0,12}",
            start: u32,
            end: u32,
            text in "(.|[\"\\\\\n\r\t\u{0}-\u{1f}\u{2028}\u{2029}\u{feff}{}])*",
            attributes in proptest::collection::btree_map(".{0,6}", ".{0,6}", 0..3),
            note in proptest::option::of(".{0,10}"),
        ) {
            let a = Annotation {
                id,
                label,
                start: start as usize,
                end: end as usize,
                text,
                attributes,
                note,
            };
            let line = line_of(&a);
            let expected = Some(a);
            proptest::prop_assert_eq!(&annotation_line(&line), &expected);
            proptest::prop_assert_eq!(&ron_of(&line), &expected);
        }
    }
}
