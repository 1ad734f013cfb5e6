//! `press-annotate suggest`: the suggestions of each article, printed as text or JSON lines,
//! or applied to the sets.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::exit::{EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE};
use super::problems::Problems;
use crate::corpus;
use crate::error::{FileError, FileErrors};
use crate::lock::Saved;
use crate::model::{AnnotationSet, Status};
use crate::store;
use crate::suggest::{
    self, Rejections, Sources, Suggester, Suggestion, SuggestionSource, accept_all,
};

/// What `suggest` was asked.
#[derive(Clone, Debug, Default)]
pub struct SuggestOptions {
    pub paths: Vec<PathBuf>,
    /// Source names and/or labels; empty: everything.
    pub only: Vec<String>,
    pub json: bool,
    pub apply: bool,
    pub annotator: Option<String>,
    pub across: bool,
}

/// One line of `suggest --json`, but for its last field, `places` (every place the
/// suggestion labels, `[start, end]` in code points: its own span first, then, for a
/// propagated text, every other place it recurs), which [`json_line`] writes after it.
#[derive(Serialize)]
struct JsonSuggestion<'a> {
    article: &'a str,
    label: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    attributes: &'a BTreeMap<String, String>,
    source: &'static str,
    speaker: Option<JsonSpeaker<'a>>,
}

#[derive(Serialize)]
struct JsonSpeaker<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

/// What --apply did.
#[derive(Default)]
struct Applied {
    sets: usize,
    done_skipped: usize,
    spans: BTreeMap<String, usize>,
    relations: BTreeMap<String, usize>,
    /// Suggestions not added, by reason.
    refused: BTreeMap<String, usize>,
}

/// Runs `suggest` and returns the exit code.
pub fn run(options: &SuggestOptions) -> anyhow::Result<i32> {
    let mut sources = Vec::new();
    let mut labels = Vec::new();
    for value in &options.only {
        match SuggestionSource::from_name(value) {
            Some(source) => sources.push(source),
            None if crate::schema::is_valid_name(value) => labels.push(value.clone()),
            None => {
                eprintln!(
                    "press-annotate: --only takes sources (quotes, patterns, propagation) and labels, not \"{value}\""
                );
                return Ok(EXIT_USAGE);
            }
        }
    }
    let sources = if sources.is_empty() {
        Sources::ALL
    } else {
        Sources::only(&sources)
    };
    let collected = corpus::collect(&options.paths, options.annotator.as_deref());
    let mut printed = Problems::default();
    printed.print_each(&collected.missing);
    if collected.entries.is_empty() {
        return Ok(if collected.missing.is_empty() {
            EXIT_OK
        } else {
            EXIT_USAGE
        });
    }
    let mut problems = collected.missing.len();
    let mut loaded = Vec::new();
    // Each article's quotes need only its text: they are found on the other core while its
    // set is read and checked, and used when the text read then is the one loaded.
    let mut early_quotes = Vec::new();
    for entry in &collected.entries {
        let (load, quotes) = if sources.quotes {
            rayon::join(|| entry.load(), || quotes_of_file(&entry.source))
        } else {
            (entry.load(), None)
        };
        match load {
            Ok(l) => {
                loaded.push(l);
                early_quotes.push(quotes);
            }
            Err(errors) => {
                printed.print_all(&errors);
                problems += 1;
            }
        }
    }
    let seeds = if options.across && sources.propagation {
        suggest::seeds_of_all(loaded.iter().map(|l| &l.set))
    } else {
        Vec::new()
    };
    let mut suggesters: HashMap<(Option<PathBuf>, Option<PathBuf>), Suggester> = HashMap::new();
    let mut applied = Applied::default();
    // Streamed: each article's lines are written as soon as they are found, through a buffer.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    for (l, early) in loaded.iter_mut().zip(early_quotes) {
        let schema_file = crate::schema::Schema::find_file(&l.source_path);
        let patterns_file = suggest::patterns_path_for(&l.source_path);
        let key = (schema_file, patterns_file.clone());
        if !suggesters.contains_key(&key) {
            let patterns = match &patterns_file {
                Some(path) => match suggest::load_patterns(path) {
                    Ok(p) => Some(p),
                    Err(err) => {
                        printed.print(&err);
                        problems += 1;
                        None
                    }
                },
                None => None,
            };
            let mut suggester = Suggester::new(&l.schema, patterns);
            suggester.set_parallel(true);
            for (line, label) in suggester.skipped_patterns() {
                if let Some(path) = &patterns_file {
                    eprintln!(
                        "{}:{line}: warning: label \"{label}\" has no place in the schema; pattern skipped",
                        path.display()
                    );
                }
            }
            suggester.set_seeds(seeds.clone());
            suggesters.insert(key.clone(), suggester);
        }
        let Some(suggester) = suggesters.get(&key) else {
            continue;
        };
        let rejections = match Rejections::load(&l.annotation_path) {
            Ok(r) => r,
            Err(err) => {
                printed.print(format!("{err}\n{}: left out", l.source_path.display()));
                problems += 1;
                continue;
            }
        };
        let quotes = early
            .filter(|(text, _)| *text == fingerprint(l.article.text()))
            .map(|(_, quotes)| quotes);
        let mut suggestions =
            suggester.suggest_with_quotes(&l.article, &l.set, &sources, &rejections, quotes);
        if !labels.is_empty() {
            suggestions.retain(|s| labels.contains(&s.label));
        }
        let article = l.source_path.display().to_string();
        let written = print(&mut out, &article, &l.article, &suggestions, options.json);
        match written {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(EXIT_OK),
            result => result?,
        }
        if options.apply && !suggestions.is_empty() {
            if l.set.status == Status::Done {
                applied.done_skipped += 1;
                continue;
            }
            // One batch per set; its counts count only once the set is written, and are of
            // what was written.
            let read = l.set.clone();
            let accepted = match accept_all(&mut l.set, &l.article, &l.schema, &suggestions) {
                Ok(accepted) => accepted,
                Err(exhausted) => {
                    // Refused whole: never half-applied.
                    printed.print(format!("{}: {exhausted}", l.annotation_path.display()));
                    problems += 1;
                    *applied
                        .refused
                        .entry("the set has no id left for them (left unchanged)".to_owned())
                        .or_default() += exhausted.wanted;
                    for (why, n) in exhausted.refused {
                        *applied.refused.entry(why).or_default() += n;
                    }
                    continue;
                }
            };
            let written = if accepted.spans.is_empty() {
                None
            } else {
                match write_locked(l, &read) {
                    Ok(written) => Some(written),
                    Err(errors) => {
                        printed.print_all(&errors);
                        problems += 1;
                        None
                    }
                }
            };
            if let Some(written) = written {
                applied.sets += 1;
                let (spans, relations) = added(&read, &l.set, &written);
                for (label, n) in spans {
                    *applied.spans.entry(label).or_default() += n;
                }
                for (label, n) in relations {
                    *applied.relations.entry(label).or_default() += n;
                }
                for (why, n) in accepted.refused {
                    *applied.refused.entry(why).or_default() += n;
                }
            } else {
                let count: usize = accepted.spans.values().sum();
                if count > 0 {
                    *applied
                        .refused
                        .entry("the set could not be written".to_owned())
                        .or_default() += suggestions
                        .iter()
                        .map(Suggestion::place_count)
                        .sum::<usize>()
                        - accepted.refused.values().sum::<usize>();
                }
                for (why, n) in accepted.refused {
                    *applied.refused.entry(why).or_default() += n;
                }
            }
        }
    }
    match out.flush() {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(EXIT_OK),
        result => result?,
    }
    // The command ends here: the sets' memory goes back whole when the process exits, which
    // is faster than freeing each annotation of a long article's set one by one.
    std::mem::forget(loaded);
    printed.finish();
    if options.apply {
        let list = |counts: &BTreeMap<String, usize>| {
            if counts.is_empty() {
                "none".to_owned()
            } else {
                counts
                    .iter()
                    .map(|(label, n)| format!("{n} {label}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        eprintln!(
            "added spans: {}; relations: {}; to {} set(s); {} set(s) marked Done left alone",
            list(&applied.spans),
            list(&applied.relations),
            applied.sets,
            applied.done_skipped
        );
        for (why, n) in &applied.refused {
            eprintln!("not added: {n} suggestion(s): {why}");
        }
    }
    Ok(if problems == 0 {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    })
}

/// A text's length and hash, to tell that the text quotes were found in is the one loaded.
fn fingerprint(text: &str) -> (usize, u64) {
    use std::hash::{Hash, Hasher};
    // Fx: a megabyte in a tenth of a millisecond (SipHash took most of one).
    let mut hasher = rustc_hash::FxHasher::default();
    text.hash(&mut hasher);
    (text.len(), hasher.finish())
}

/// The quotes of an article file's text, read as loading reads it; `None` when it cannot be
/// read (loading then says why).
fn quotes_of_file(
    path: &std::path::Path,
) -> Option<((usize, u64), Vec<suggest::quotes::FoundQuote>)> {
    let bytes = crate::bounded_read::read(path, crate::bounded_read::MAX_ARTICLE_BYTES).ok()?;
    let text = crate::text::Article::decode(&bytes).ok()?;
    Some((fingerprint(text), suggest::find_quotes(text)))
}

/// Writes the edited set `l.set` under the set's lock ([`crate::lock`]): as edited when the
/// file is still as it was read, else merged with what is on disk now (`read`: the set as
/// read); refused (the errors naming the file) when that merge has conflicts, or when the set
/// on disk was marked Done meanwhile. Returns the set written.
fn write_locked(l: &store::Loaded, read: &AnnotationSet) -> Result<AnnotationSet, FileErrors> {
    let lock = crate::lock::lock_set(&l.annotation_path)?;
    let annotator = l.set.annotator.as_deref();
    let load = |bytes: &[u8]| -> Result<AnnotationSet, FileErrors> {
        let on_disk = store::check_set_bytes(
            &l.source_path,
            annotator,
            &l.annotation_path,
            bytes,
            &l.article,
            &read.source.sha256,
            &l.schema,
        )?
        .set;
        if on_disk.status == Status::Done {
            return Err(FileError::new(
                &l.annotation_path,
                "marked Done by another program since it was read; left alone",
            )
            .into());
        }
        Ok(on_disk)
    };
    match crate::lock::save_set(&lock, read, l.file_sha256.as_deref(), &l.set, &load)? {
        Saved::AsEdited => Ok(l.set.clone()),
        Saved::Merged(set) => Ok(set),
    }
}

/// The spans and relations by label that `edited` added to `read` and that are in `written`
/// (the same ids: a merge keeps our ids).
fn added(
    read: &AnnotationSet,
    edited: &AnnotationSet,
    written: &AnnotationSet,
) -> (BTreeMap<String, usize>, BTreeMap<String, usize>) {
    let mut spans = BTreeMap::new();
    let mut relations = BTreeMap::new();
    for a in &edited.annotations {
        if read.find(a.id).is_none() && written.annotation(a.id).is_some() {
            *spans.entry(a.label.clone()).or_default() += 1;
        }
    }
    for r in &edited.relations {
        let new = !read.relations.iter().any(|x| x.id == r.id);
        if new && written.relations.iter().any(|x| x.id == r.id) {
            *relations.entry(r.label.clone()).or_default() += 1;
        }
    }
    (spans, relations)
}

fn print(
    out: &mut impl Write,
    article_name: &str,
    article: &crate::text::Article,
    suggestions: &[Suggestion],
    json: bool,
) -> std::io::Result<()> {
    if json
        && suggestions
            .iter()
            .map(Suggestion::place_count)
            .sum::<usize>()
            > PRINT_APART_ABOVE
    {
        // Many places (a long article labelled all over): the lines are cut into pieces of
        // PIECE_PLACES places, written on rayon's threads PIECES_AT_ONCE at a time (so both
        // cores stay busy however the places fall among the lines), then printed in order;
        // each round writes into the same buffers, so memory is reused instead of taken
        // fresh from the system (zeroing fresh pages was a third of the printing).
        use rayon::prelude::*;
        let pieces: Vec<LinePiece> = suggestions
            .iter()
            .flat_map(|s| {
                let count = s.place_count();
                (0..count).step_by(PIECE_PLACES).map(move |from| LinePiece {
                    suggestion: s,
                    places: from..(from + PIECE_PLACES).min(count),
                })
            })
            .collect();
        let mut buffers: Vec<Vec<u8>> = (0..PIECES_AT_ONCE.min(pieces.len()))
            .map(|_| Vec::with_capacity(256 + PLACE_BYTES * PIECE_PLACES))
            .collect();
        for round in pieces.chunks(PIECES_AT_ONCE) {
            round
                .par_iter()
                .zip(buffers.par_iter_mut())
                .try_for_each(|(piece, bytes)| {
                    bytes.clear();
                    piece.write(bytes, article_name, article)
                })?;
            for bytes in &buffers[..round.len()] {
                out.write_all(bytes)?;
            }
        }
        return Ok(());
    }
    for s in suggestions {
        if json {
            json_line(out, article_name, article, s)?;
        } else {
            let speaker_text = s.speaker.as_ref().map(|sp| article.slice(sp.start..sp.end));
            let attributes: Vec<String> = s
                .attributes
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            write!(
                out,
                "{article_name}:{}-{}: {} [{}] {:?} ({})",
                s.start,
                s.end,
                s.label,
                attributes.join(" "),
                s.text,
                s.source.as_str()
            )?;
            if let Some(text) = speaker_text {
                write!(out, " speaker: {text:?}")?;
            }
            if !s.more_starts.is_empty() {
                write!(out, " and {} more place(s)", s.more_starts.len())?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// The longest place in the JSON of a 1 MB article, `,[1000000,1000010]` (a line's buffer
/// sized for them never grows, which copied the whole line).
const PLACE_BYTES: usize = 18;

/// Above this many places in an article's suggestions, their JSON lines are written apart on
/// rayon's threads (about 4 MB of output).
const PRINT_APART_ABOVE: usize = 100_000;

/// How many places a piece of a line written apart holds.
const PIECE_PLACES: usize = 2048;

/// How many pieces are written at a time (about 400 KB of output).
const PIECES_AT_ONCE: usize = 16;

/// Part of a suggestion's JSON line: its head when it holds the first place, the places in
/// `places` (indices into the suggestion's places), and the line's end when it holds the
/// last.
struct LinePiece<'a> {
    suggestion: &'a Suggestion,
    places: std::ops::Range<usize>,
}

impl LinePiece<'_> {
    fn write(
        &self,
        out: &mut impl Write,
        article_name: &str,
        article: &crate::text::Article,
    ) -> std::io::Result<()> {
        let s = self.suggestion;
        if self.places.start == 0 {
            json_head(out, article_name, article, s)?;
        }
        write_places(
            out,
            s.places()
                .enumerate()
                .skip(self.places.start)
                .take(self.places.len()),
        )?;
        if self.places.end == s.place_count() {
            out.write_all(b"]}\n")?;
        }
        Ok(())
    }
}

/// One suggestion as a JSON line.
fn json_line(
    out: &mut impl Write,
    article_name: &str,
    article: &crate::text::Article,
    s: &Suggestion,
) -> std::io::Result<()> {
    LinePiece {
        suggestion: s,
        places: 0..s.place_count(),
    }
    .write(out, article_name, article)
}

/// A suggestion's JSON line up to its places: the object without its closing brace, then
/// `,"places":[`.
fn json_head(
    out: &mut impl Write,
    article_name: &str,
    article: &crate::text::Article,
    s: &Suggestion,
) -> std::io::Result<()> {
    let line = JsonSuggestion {
        article: article_name,
        label: &s.label,
        start: s.start,
        end: s.end,
        text: &s.text,
        attributes: &s.attributes,
        source: s.source.as_str(),
        speaker: s.speaker.as_ref().map(|sp| JsonSpeaker {
            start: sp.start,
            end: sp.end,
            text: article.slice(sp.start..sp.end),
        }),
    };
    let mut head = serde_json::to_vec(&line).map_err(std::io::Error::other)?;
    // The object's closing brace gives way to `places`, written number by number (through
    // serde, a long article's hundreds of thousands of pairs were most of the printing).
    if head.pop() != Some(b'}') {
        return Err(std::io::Error::other(
            "a suggestion's JSON did not end its object",
        ));
    }
    out.write_all(&head)?;
    out.write_all(b",\"places\":[")
}

/// Places as JSON pairs, each with its index among the suggestion's places (a comma goes
/// before all but the first).
fn write_places(
    out: &mut impl Write,
    places: impl Iterator<Item = (usize, std::ops::Range<usize>)>,
) -> std::io::Result<()> {
    for (i, place) in places {
        // Written back to front into one small buffer, then appended at once.
        let mut pair = [0u8; PAIR_BYTES];
        let mut at = PAIR_BYTES - 1;
        pair[at] = b']';
        at = write_decimal_before(&mut pair, at, place.end);
        at -= 1;
        pair[at] = b',';
        at = write_decimal_before(&mut pair, at, place.start);
        at -= 1;
        pair[at] = b'[';
        if i > 0 {
            at -= 1;
            pair[at] = b',';
        }
        out.write_all(&pair[at..])?;
    }
    Ok(())
}

/// The longest place written, `,[n,m]` with 20-digit numbers.
const PAIR_BYTES: usize = 2 * 20 + 4;

/// Two decimal digits per number from 0 to 99.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Writes `n` in decimal so that it ends just before `end` in `buffer` (which has room for
/// it); returns where it starts.
fn write_decimal_before(buffer: &mut [u8; PAIR_BYTES], mut end: usize, mut n: usize) -> usize {
    while n >= 100 {
        let pair = (n % 100) * 2;
        n /= 100;
        end -= 2;
        buffer[end..end + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    }
    if n >= 10 {
        let pair = n * 2;
        end -= 2;
        buffer[end..end + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    } else {
        end -= 1;
        buffer[end] = b'0' + n as u8;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::SuggestionSource;

    fn suggestion(word: &str, start: usize, places: usize) -> Suggestion {
        let len = word.chars().count();
        Suggestion {
            label: "entity".into(),
            start,
            end: start + len,
            text: word.into(),
            attributes: BTreeMap::from([("type".into(), "person".into())]),
            source: SuggestionSource::Propagation,
            speaker: None,
            more_starts: (1..places)
                .map(|k| u32::try_from(start + k * 10).expect("small"))
                .collect(),
        }
    }

    #[test]
    fn places_are_written_as_json_pairs_of_any_size() {
        let mut out = Vec::new();
        let places = [0..9, 10..99, 100..12_345, 999_999..1_000_000, 7..usize::MAX];
        write_places(&mut out, places.iter().cloned().enumerate()).expect("written");
        let text = String::from_utf8(out).expect("UTF-8");
        assert_eq!(
            text,
            format!(
                "[0,9],[10,99],[100,12345],[999999,1000000],[7,{}]",
                usize::MAX
            )
        );
    }

    /// Output of many places is written on several threads; it must read exactly as the
    /// line-by-line output does, in the same order.
    #[test]
    fn many_places_print_the_same_lines_in_the_same_order() {
        let article = crate::text::Article::new("Kerry 😀 met 李 Lavrov".repeat(10));
        let suggestions: Vec<Suggestion> = (0..40)
            .map(|k| suggestion(if k % 2 == 0 { "Kerry" } else { "Lavrov" }, k, 5_000))
            .collect();
        assert!(
            suggestions
                .iter()
                .map(Suggestion::place_count)
                .sum::<usize>()
                > PRINT_APART_ABOVE
        );
        let mut apart = Vec::new();
        print(&mut apart, "a.txt", &article, &suggestions, true).expect("printed");
        let mut one_by_one = Vec::new();
        for s in &suggestions {
            json_line(&mut one_by_one, "a.txt", &article, s).expect("printed");
        }
        assert_eq!(apart.len(), one_by_one.len());
        assert!(apart == one_by_one, "the lines differ");
        let first = String::from_utf8(apart).expect("UTF-8");
        let line: serde_json::Value =
            serde_json::from_str(first.lines().next().expect("a line")).expect("JSON");
        assert_eq!(line["places"].as_array().map(Vec::len), Some(5_000));
        let places: Vec<[usize; 2]> =
            serde_json::from_value(line["places"].clone()).expect("pairs");
        let expected: Vec<[usize; 2]> = suggestions[0].places().map(|p| [p.start, p.end]).collect();
        assert_eq!(places, expected);
        assert_eq!(line["label"], "entity");
        assert_eq!(line["attributes"]["type"], "person");
        assert_eq!(first.lines().count(), 40);
    }
}
