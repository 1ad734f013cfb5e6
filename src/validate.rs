//! The validity rules of FORMAT.md, checked on every load. Each problem is reported at the
//! line of the annotation or relation it concerns, so people can fix hand-edited files.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::FileError;
use rayon::prelude::*;

use crate::model::{Annotation, AnnotationSet, FORMAT_VERSION};
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

/// The ids met so far in a set, and the label of each annotation or orphan id.
#[derive(Default)]
struct Ids<'a> {
    /// Every id met (relations' too), once.
    seen: FxHashSet<u64>,
    /// How many times each id met more than once was met again.
    repeats: HashMap<u64, usize>,
    /// The label of the first annotation or orphan with each id.
    label_of: FxHashMap<u64, &'a str>,
}

impl Ids<'_> {
    /// Records one more entry with `id`; which one it is (0 for the first).
    fn nth(&mut self, id: u64) -> usize {
        if self.seen.insert(id) {
            return 0;
        }
        let repeats = self.repeats.entry(id).or_insert(0);
        *repeats += 1;
        *repeats
    }
}

/// What one annotation's own checks found, in the order they are reported.
struct Own {
    /// Its label or attributes are not in the schema.
    schema: Option<String>,
    /// Its offsets or text length are wrong (nothing more is checked).
    shape: Option<String>,
    /// Past the end of the source, or its text is not the source's (not for orphans).
    text: Option<String>,
}

fn own_problems(
    a: &Annotation,
    is_orphan: bool,
    unchanged: bool,
    chars: usize,
    cx: &Context<'_>,
) -> Own {
    let mut own = Own {
        schema: cx.schema.check_span(&a.label, &a.attributes),
        shape: None,
        text: None,
    };
    if a.start >= a.end {
        own.shape = Some(format!("start {} is not before end {}", a.start, a.end));
        return own;
    }
    let length = a.text.chars().count();
    if length != a.end - a.start {
        own.shape = Some(format!(
            "text has {length} characters but start..end spans {}",
            a.end - a.start
        ));
        return own;
    }
    if is_orphan {
        return own;
    }
    if a.end > chars {
        own.text = Some(format!(
            "end {} is past the end of the source ({chars} characters)",
            a.end
        ));
    } else if unchanged {
        let slice = cx.article.slice(a.range());
        if slice != a.text {
            own.text = Some(format!(
                "text {} does not match the source at {}..{}, which reads {}",
                crate::canonical::quote(&a.text),
                a.start,
                a.end,
                crate::canonical::quote(slice)
            ));
        }
    }
    own
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

    if set.format == 0 || set.format > FORMAT_VERSION {
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

    let entries = set.annotations.len() + set.orphans.len() + set.relations.len();
    // Fx hashing (the ids and spans of a local file, not an attacker's keys): SipHash was a
    // twentieth of loading.
    let mut ids = Ids {
        seen: FxHashSet::with_capacity_and_hasher(entries, Default::default()),
        repeats: HashMap::new(),
        label_of: FxHashMap::with_capacity_and_hasher(entries, Default::default()),
    };
    let mut spans: FxHashSet<(&str, usize, usize)> =
        FxHashSet::with_capacity_and_hasher(set.annotations.len(), Default::default());
    let check_id = |ids: &mut Ids<'_>, id: u64, out: &mut Vec<FileError>| -> usize {
        let nth = ids.nth(id);
        if id == 0 {
            out.push(at(id, nth, "id 0: ids are positive integers".into()));
        }
        if nth > 0 {
            let first = positions
                .get_or_init(|| id_positions(cx.file_text))
                .get(&id)
                .and_then(|places| places.first())
                .map_or(String::new(), |&(line, _)| {
                    format!(" (first at line {line})")
                });
            out.push(at(id, nth, format!("duplicate id {id}{first}")));
        }
        nth
    };
    // Each annotation's own checks (against the schema and the text) need no other
    // annotation: they run in parallel, and their problems are reported in order below.
    let all: Vec<(bool, &Annotation)> = set
        .annotations
        .iter()
        .map(|a| (false, a))
        .chain(set.orphans.iter().map(|a| (true, a)))
        .collect();
    let own: Vec<Own> = all
        .par_iter()
        .with_min_len(512)
        .map(|&(is_orphan, a)| own_problems(a, is_orphan, unchanged, set.source.chars, cx))
        .collect();
    for (&(is_orphan, a), own) in all.iter().zip(own) {
        ids.label_of.entry(a.id).or_insert(&a.label);
        let nth = check_id(&mut ids, a.id, &mut out);
        let here = |m: String| at(a.id, nth, format!("annotation {}: {m}", a.id));
        if let Some(problem) = own.schema {
            out.push(here(problem));
        }
        if let Some(problem) = own.shape {
            out.push(here(problem));
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
        if let Some(problem) = own.text {
            out.push(here(problem));
        }
    }
    for r in &set.relations {
        let nth = check_id(&mut ids, r.id, &mut out);
        let here = |m: String| at(r.id, nth, format!("relation {}: {m}", r.id));
        let (from, to) = (ids.label_of.get(&r.from), ids.label_of.get(&r.to));
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
