//! The validity rules of FORMAT.md, checked on every load. Each problem is reported at the
//! line of the annotation or relation it concerns, so people can fix hand-edited files.

use std::cell::OnceCell;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use crate::error::FileError;
use crate::model::{AnnotationSet, FORMAT_VERSION};
use crate::schema::Schema;
use crate::text::Article;

/// What a set is checked against.
pub struct Context<'a> {
    /// The annotation file (for messages).
    pub path: &'a Path,
    /// The annotation file's text (to find the line of each problem).
    pub file_text: &'a str,
    pub article: &'a Article,
    /// SHA-256 of the source as it is now.
    pub sha256: &'a str,
    pub schema: &'a Schema,
    /// The source file name and annotator that the annotation file's name says.
    pub expected_source: &'a str,
    pub expected_annotator: Option<&'a str>,
}

/// Where each `id: N` entry of a RON file is: the 1-based line and column of every entry,
/// in file order, by id. Built in one pass over the file, so that placing any number of
/// problems stays linear in the file's size.
pub fn id_positions(file_text: &str) -> HashMap<u64, Vec<(usize, usize)>> {
    let mut out: HashMap<u64, Vec<(usize, usize)>> = HashMap::new();
    for (index, line) in file_text.lines().enumerate() {
        let mut rest = line;
        let mut col = None;
        while let Some(found) = rest.find("id:") {
            let before_ok = found == 0
                || !rest[..found]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
            let after = rest[found + 3..].trim_start();
            let digits = after
                .find(|c: char| !c.is_ascii_digit())
                .map_or(after, |end| &after[..end]);
            if before_ok && let Ok(id) = digits.parse::<u64>() {
                let col = *col.get_or_insert_with(|| {
                    line.chars().take_while(|c| c.is_whitespace()).count() + 1
                });
                out.entry(id).or_default().push((index + 1, col));
            }
            rest = &rest[found + 3..];
        }
    }
    out
}

/// The 1-based line and column of the `nth` (0-based) entry with `id: N` in a RON file.
pub fn locate_id(file_text: &str, id: u64, nth: usize) -> Option<(usize, usize)> {
    id_positions(file_text)
        .get(&id)
        .and_then(|places| places.get(nth).copied())
}

/// The 1-based line of the first line containing `needle`.
fn locate_text(file_text: &str, needle: &str) -> Option<(usize, usize)> {
    file_text.lines().enumerate().find_map(|(i, line)| {
        line.find(needle)
            .map(|b| (i + 1, line[..b].chars().count() + 1))
    })
}

/// Every validity problem of `set`. With an unchanged source every span is checked against
/// the text; with a changed one only what re-anchoring relies on is (the rest is its job).
pub fn problems(set: &AnnotationSet, cx: &Context<'_>) -> Vec<FileError> {
    let mut out = Vec::new();
    // Built at the first problem that needs a place, once.
    let positions: OnceCell<HashMap<u64, Vec<(usize, usize)>>> = OnceCell::new();
    let at = |id: u64, nth: usize, message: String| {
        let place = positions
            .get_or_init(|| id_positions(cx.file_text))
            .get(&id)
            .and_then(|places| places.get(nth));
        match place {
            Some(&(line, col)) => FileError::at(cx.path, line, col, message),
            None => FileError::new(cx.path, message),
        }
    };
    let at_field = |field: &str, message: String| match locate_text(cx.file_text, field) {
        Some((line, col)) => FileError::at(cx.path, line, col, message),
        None => FileError::new(cx.path, message),
    };

    if set.format != FORMAT_VERSION {
        out.push(at_field("format", format!("unknown format {}", set.format)));
        return out;
    }
    if set.source.file != cx.expected_source {
        out.push(at_field(
            "file:",
            format!(
                "source.file is \"{}\" but this file belongs to \"{}\"",
                set.source.file, cx.expected_source
            ),
        ));
    }
    if set.annotator.as_deref() != cx.expected_annotator {
        let shown = |a: Option<&str>| a.map_or("none".to_owned(), |a| format!("\"{a}\""));
        out.push(at_field(
            "annotator",
            format!(
                "annotator is {} but the file name says {}",
                shown(set.annotator.as_deref()),
                shown(cx.expected_annotator)
            ),
        ));
    }
    if let Some(name) = &set.annotator
        && !crate::schema::is_valid_name(name)
    {
        out.push(at_field(
            "annotator",
            format!("annotator \"{name}\" must be 1-32 characters of a-z 0-9 _ -"),
        ));
    }
    let unchanged = set.source.sha256 == cx.sha256;
    if !set
        .source
        .sha256
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        || set.source.sha256.len() != 64
    {
        out.push(at_field(
            "sha256",
            "source.sha256 must be 64 lower-case hex digits".into(),
        ));
    }
    if unchanged && set.source.chars != cx.article.len_chars() {
        out.push(at_field(
            "chars:",
            format!(
                "source.chars is {} but the source has {} characters",
                set.source.chars,
                cx.article.len_chars()
            ),
        ));
    }

    let mut ids: HashSet<u64> = HashSet::new();
    let mut seen_count: HashMap<u64, usize> = HashMap::new();
    let mut spans: BTreeSet<(&str, usize, usize)> = BTreeSet::new();
    // Checks an id and returns which entry with that id (0 for the first) this one is, so
    // each problem is placed at its own entry.
    let mut check_id = |id: u64, out: &mut Vec<FileError>| -> usize {
        let seen = seen_count.entry(id).or_insert(0);
        let nth = *seen;
        if id == 0 {
            out.push(at(id, nth, "id 0: ids are positive integers".into()));
        }
        if !ids.insert(id) {
            out.push(at(id, nth, format!("duplicate id {id}")));
        }
        *seen += 1;
        nth
    };
    for (is_orphan, a) in set
        .annotations
        .iter()
        .map(|a| (false, a))
        .chain(set.orphans.iter().map(|a| (true, a)))
    {
        let nth = check_id(a.id, &mut out);
        let here = |m: String| at(a.id, nth, format!("annotation {}: {m}", a.id));
        if let Some(problem) = cx.schema.check_span(&a.label, &a.attributes) {
            out.push(here(problem));
        }
        if a.start >= a.end {
            out.push(here(format!(
                "start {} is not before end {}",
                a.start, a.end
            )));
            continue;
        }
        if a.text.chars().count() != a.end - a.start {
            out.push(here(format!(
                "text has {} characters but start..end spans {}",
                a.text.chars().count(),
                a.end - a.start
            )));
            continue;
        }
        if is_orphan {
            continue;
        }
        if !spans.insert((a.label.as_str(), a.start, a.end)) {
            out.push(here(format!(
                "another \"{}\" annotation has the same start {} and end {}",
                a.label, a.start, a.end
            )));
        }
        if a.end > set.source.chars {
            out.push(here(format!(
                "end {} is past the end of the source ({} characters)",
                a.end, set.source.chars
            )));
            continue;
        }
        if unchanged {
            let slice = cx.article.slice(a.range());
            if slice != a.text {
                out.push(here(format!(
                    "text {} does not match the source at {}..{}, which reads {}",
                    crate::canonical::quote(&a.text),
                    a.start,
                    a.end,
                    crate::canonical::quote(slice)
                )));
            }
        }
    }
    let label_of: HashMap<u64, &str> = set
        .annotations
        .iter()
        .chain(&set.orphans)
        .map(|a| (a.id, a.label.as_str()))
        .collect();
    for r in &set.relations {
        let nth = check_id(r.id, &mut out);
        let here = |m: String| at(r.id, nth, format!("relation {}: {m}", r.id));
        let (from, to) = (label_of.get(&r.from), label_of.get(&r.to));
        if cx.schema.relation(&r.label).is_none() {
            out.push(here(format!(
                "relation label \"{}\" is not in the schema",
                r.label
            )));
        }
        for (end, name, label) in [(r.from, "from", from), (r.to, "to", to)] {
            if label.is_none() {
                out.push(here(format!("{name} {end} names no annotation")));
            }
        }
        if let (Some(from), Some(to)) = (from, to)
            && cx.schema.relation(&r.label).is_some()
            && let Err(problem) = crate::rules::relation_ends(cx.schema, &r.label, from, to)
        {
            out.push(here(problem));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_id_finds_the_nth_entry_and_not_other_numbers() {
        let text =
            "A(\n  x: [\n    B(id: 12, from: 1),\n    B(id: 1, to: 12),\n    B(id: 1),\n  ]\n)";
        assert_eq!(locate_id(text, 1, 0), Some((4, 5)));
        assert_eq!(locate_id(text, 1, 1), Some((5, 5)));
        assert_eq!(locate_id(text, 12, 0), Some((3, 5)));
        assert_eq!(locate_id(text, 7, 0), None);
    }
}
