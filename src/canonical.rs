//! The canonical text of an annotation file: the layout docs/FORMAT.md shows, one annotation and
//! one relation per line, sorted, so that Git diffs stay readable and an unchanged file saves
//! back to the same bytes. Also the RON reading options shared by every file we read.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use crate::error::FileError;
use crate::model::{Annotation, AnnotationSet, Relation};

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
    out.push_str(ENTRY_INDENT);
    write_annotation_value(out, a);
    out.push_str(",\n");
}

/// `Annotation(id: 1, label: "entity", ...)` as a set's file writes it, without indentation.
fn write_annotation_value(out: &mut String, a: &Annotation) {
    let _ = write!(out, "Annotation(id: {}, label: ", a.id);
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
    if !a.annotators.is_empty() {
        out.push_str(", annotators: [");
        for (i, name) in a.annotators.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            quote_into(out, name);
        }
        out.push(']');
    }
    if let Some(source) = &a.suggested {
        out.push_str(", suggested: Some(");
        quote_into(out, source);
        out.push(')');
    }
    out.push(')');
}

/// An annotation as one RON value, laid out as in a set's file (for files beside the set).
pub fn annotation_value(a: &Annotation) -> String {
    let mut out = String::with_capacity(96 + a.text.len());
    write_annotation_value(&mut out, a);
    out
}

fn write_relation(out: &mut String, r: &Relation) {
    out.push_str(ENTRY_INDENT);
    write_relation_value(out, r);
    out.push_str(",\n");
}

fn write_relation_value(out: &mut String, r: &Relation) {
    let _ = write!(out, "Relation(id: {}, label: ", r.id);
    quote_into(out, &r.label);
    let _ = write!(out, ", from: {}, to: {})", r.from, r.to);
}

/// A relation as one RON value, laid out as in a set's file (for files beside the set).
pub fn relation_value(r: &Relation) -> String {
    let mut out = String::with_capacity(64);
    write_relation_value(&mut out, r);
    out
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
        set.written_format(),
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
            write_relation(&mut out, r);
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

/// The line that opens a non-empty relation list in the canonical layout.
const RELATIONS_OPEN: &str = "    relations: [\n";

/// Cuts the entries of the list that the line `open` opens out of `text`: the text with the
/// list written empty, and the entry lines. `None` when there is no such list.
fn cut_list<'a>(text: &'a str, open: &str) -> Option<(String, &'a str)> {
    let start = text.find(&format!("\n{open}"))? + 1;
    let first = start + open.len();
    let block_len = text[first..].find(&format!("\n{LIST_CLOSE}"))? + 1;
    let after = first + block_len + LIST_CLOSE.len();
    let mut rest = String::with_capacity(text.len() - block_len + 32);
    rest.push_str(&text[..start]);
    rest.push_str(open.strip_suffix("[\n").unwrap_or(open));
    rest.push_str("[],\n");
    rest.push_str(&text[after..]);
    Some((rest, &text[first..first + block_len]))
}

/// An entry line of a list (`ENTRY_INDENT`, a value, a comma) as the value alone, or `None`
/// when it is not one or holds `//` or `/*` (see [`parse_canonical`]).
fn entry_of(line: &str) -> Option<&str> {
    let entry = line.strip_prefix(ENTRY_INDENT)?.strip_suffix(',')?;
    (!entry.contains("//") && !entry.contains("/*")).then_some(entry)
}

/// Parses a file laid out as [`to_canonical_ron`] writes it, fast: the annotation lines
/// (most of a large file) are parsed in parallel, one line each, the relation lines one
/// line each, and the rest of the file on its own. Lines are read by [`annotation_line`] and
/// [`relation_line`] where they are exactly canonical, by RON otherwise. `None` when the text
/// is not in that layout (or does not parse); then parse the whole text instead, which gives
/// the same set for every text where this one gives one.
///
/// Why the result is the same: the rest of the file (the text with the annotation and
/// relation lines taken out of their lists) must be exactly the canonical text of the set
/// parsed from it, so it holds no comment and the lists are where the canonical layout puts
/// them. Each line taken out must be the list's indentation, one value that parses as an
/// annotation (relation) on its own (nothing may follow it but white space), and a comma,
/// with no `//` or `/*` anywhere in it (so no comment starts in it, even inside a string,
/// where this is merely cautious). A whole parse then starts each line outside any string or
/// comment, reads the same value and then the comma, line after line: the same annotations
/// and relations in the same order.
pub fn parse_canonical(text: &str) -> Option<AnnotationSet> {
    use rayon::prelude::*;

    let (without_annotations, annotation_block) = cut_list(text, ANNOTATIONS_OPEN)?;
    let (skeleton, relation_block) = match cut_list(&without_annotations, RELATIONS_OPEN) {
        Some((skeleton, block)) => (skeleton, block),
        None => (without_annotations.clone(), ""),
    };
    let mut set: AnnotationSet = ron_options().from_str(&skeleton).ok()?;
    if to_canonical_ron(&set) != skeleton {
        return None;
    }
    let lines: Vec<&str> = annotation_block.split_terminator('\n').collect();
    // Into a list of the lines' exact length (rayon's collect into an `Option<Vec>` gathers
    // parts and copies them together: a fifth of loading on one core), then unwrapped in
    // place.
    let mut read: Vec<Option<Annotation>> = Vec::new();
    lines
        .par_iter()
        .with_min_len(256)
        .map(|line| {
            let entry = entry_of(line)?;
            annotation_line(line).or_else(|| ron_options().from_str(entry).ok())
        })
        .collect_into_vec(&mut read);
    let annotations: Option<Vec<Annotation>> = read.into_iter().collect();
    let relations: Option<Vec<Relation>> = relation_block
        .split_terminator('\n')
        .map(|line| {
            let entry = entry_of(line)?;
            relation_line(line).or_else(|| ron_options().from_str(entry).ok())
        })
        .collect();
    set.annotations = annotations?;
    set.relations = relations?;
    Some(set)
}

/// Reads one relation line of the canonical layout without the RON parser, as
/// [`annotation_line`] reads an annotation line (taken only when written back identical).
fn relation_line(line: &str) -> Option<Relation> {
    let mut at = LineReader(line.strip_prefix(ENTRY_INDENT)?);
    at.expect("Relation(id: ")?;
    let id = at.number()?;
    at.expect(", label: ")?;
    let label = at.string()?;
    at.expect(", from: ")?;
    let from = at.number()?;
    at.expect(", to: ")?;
    let to = at.number()?;
    at.expect("),")?;
    if !at.0.is_empty() {
        return None;
    }
    let relation = Relation {
        id,
        label,
        from,
        to,
    };
    let mut written = String::with_capacity(line.len() + 1);
    write_relation(&mut written, &relation);
    (written.strip_suffix('\n') == Some(line)).then_some(relation)
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
    let mut annotators = Vec::new();
    if at.expect(", annotators: [").is_some() {
        loop {
            annotators.push(at.string()?);
            if at.expect("]").is_some() {
                break;
            }
            at.expect(", ")?;
        }
    }
    let suggested = if at.expect(", suggested: Some(").is_some() {
        let source = at.string()?;
        at.expect(")")?;
        Some(source)
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
        annotators,
        suggested,
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
            annotators: vec!["alice".into(), "b\"ob".into()],
            suggested: None,
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
                annotators: Vec::new(),
                suggested: None,
            };
            let line = line_of(&a);
            let expected = Some(a);
            proptest::prop_assert_eq!(&annotation_line(&line), &expected);
            proptest::prop_assert_eq!(&ron_of(&line), &expected);
        }
    }

    proptest::proptest! {
        #[test]
        fn any_relation_written_is_read_back_without_ron(
            id: u64,
            label in "(.|[\"\\\\\n\u{0}-\u{1f}\u{2028}])*",
            from: u64,
            to: u64,
        ) {
            let r = Relation { id, label, from, to };
            let mut line = String::new();
            write_relation(&mut line, &r);
            let line = line.trim_end_matches('\n');
            let expected = Some(r);
            proptest::prop_assert_eq!(&relation_line(line), &expected);
            let entry = line.strip_prefix(ENTRY_INDENT).and_then(|l| l.strip_suffix(','));
            let ron: Option<Relation> = ron_options().from_str(entry.unwrap_or("")).ok();
            proptest::prop_assert_eq!(&ron, &expected);
        }
    }

    #[test]
    fn relation_lines_not_exactly_canonical_are_left_to_ron() {
        let canonical = r#"        Relation(id: 7, label: "speaker", from: 1, to: 2),"#;
        assert!(relation_line(canonical).is_some());
        for line in [
            r#"        Relation(id: 7, label: "speaker", from: 01, to: 2),"#,
            r#"        Relation(id: 7, label: "speaker", from: 1, to: 2, ),"#,
            r#"        Relation(id: 7, label: "speaker", from: 1, to: 2), // x"#,
            r#"        Relation(label: "speaker", id: 7, from: 1, to: 2),"#,
            r#"        Relation(id: 7, label: "sp\u{65}aker", from: 1, to: 2),"#,
        ] {
            assert_eq!(relation_line(line), None, "{line}");
        }
    }

    #[test]
    fn a_canonical_file_is_read_as_the_whole_file_parse_reads_it() {
        let mut set = AnnotationSet::new(
            crate::model::Source {
                file: "a.txt".into(),
                sha256: "0".repeat(64),
                chars: 40,
            },
            Some("alice".into()),
        );
        for (i, label) in ["quote", "entity"].into_iter().enumerate() {
            set.annotations.push(Annotation {
                id: i as u64 + 1,
                label: label.into(),
                start: i * 10,
                end: i * 10 + 5,
                text: "a \"b\"".into(),
                attributes: Default::default(),
                note: None,
                annotators: Vec::new(),
                suggested: None,
            });
        }
        let text = to_canonical_ron(&set);
        let whole = |text: &str| ron_options().from_str::<AnnotationSet>(text).ok();
        assert!(whole(&text).is_some());
        assert_eq!(parse_canonical(&text), whole(&text), "no relations");
        set.relations.push(Relation {
            id: 3,
            label: "speaker".into(),
            from: 1,
            to: 2,
        });
        set.relations.push(Relation {
            id: 4,
            label: "x\ny".into(),
            from: 2,
            to: 1,
        });
        let text = to_canonical_ron(&set);
        let fast = parse_canonical(&text);
        assert_eq!(fast.as_ref().map(|s| s.relations.len()), Some(2));
        assert_eq!(fast, whole(&text), "with relations");
    }
}
