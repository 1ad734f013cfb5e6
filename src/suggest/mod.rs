//! Suggestions without a server: quotes and their speakers, entity patterns (spaCy's
//! EntityRuler format) and propagation of what the user labeled. A [`Suggester`] is built
//! once per schema (and patterns file) and asked for an article's suggestions after every
//! edit; the window draws them, the user accepts ([`accept::edit_to_accept`]) or rejects
//! them ([`Rejections`]), and `press-annotate suggest` prints or applies them.

pub mod accept;
pub mod patterns;
pub mod propagation;
pub mod quotes;
pub mod speaker;
pub mod speaker_phrase;
pub mod speech_verbs;
pub mod suggestion;
pub mod tokens;
pub mod word_list;

use std::collections::{BTreeMap, HashMap, HashSet};

pub use crate::rejections::{self, Rejections, rejections_path};
pub use accept::{AcceptError, Accepted, IdsExhausted, accept_all, edit_to_accept};
pub use patterns::{PATTERNS_FILE_NAME, Patterns, load_patterns, patterns_path_for};
pub use propagation::{Seed, SeedRef, seeds_of, seeds_of_all};
pub(crate) use speaker::{SpeakerTarget, speaker_target};
pub use suggestion::{Sources, SpeakerSuggestion, Suggestion, SuggestionSource};

use crate::labels;
use crate::model::AnnotationSet;
use crate::schema::Schema;
use crate::text::Article;
use speech_verbs::SpeechVerbs;

/// The schema label and attributes a patterns file's label stands for: the flat labels
/// (`PER`, `ORG`, `LOC`, `MISC`, `PERSON`, …, or a schema label), and spaCy's other entity
/// labels: `GPE` and `FAC` are locations, `NORP`, `EVENT`, `PRODUCT`, `WORK_OF_ART`, `LAW`
/// and `LANGUAGE` are `other` (MISC). Anything else (DATE, MONEY, CARDINAL, …) has no place
/// in the schema: such patterns are skipped and reported.
pub fn map_pattern_label(
    label: &str,
    schema: &Schema,
) -> Option<(String, BTreeMap<String, String>)> {
    if let Some(found) = labels::resolve(label, schema) {
        return Some(found);
    }
    let flat = match label.to_uppercase().as_str() {
        "GPE" | "FAC" => "LOC",
        "NORP" | "EVENT" | "PRODUCT" | "WORK_OF_ART" | "LAW" | "LANGUAGE" => "MISC",
        _ => return None,
    };
    labels::resolve(flat, schema)
}

/// What the quotes source labels: the schema's quote label and its `form` values, and the
/// speaker relation with its entity label.
#[derive(Clone, Debug)]
struct QuoteTarget {
    label: String,
    /// The attribute holding direct / indirect, if the schema has one with those values.
    form: Option<String>,
    speaker: Option<SpeakerTarget>,
}

/// A pattern usable with the schema: its index in the file and its schema label.
#[derive(Clone, Debug)]
struct MappedPattern {
    label: String,
    attributes: BTreeMap<String, String>,
}

/// How many annotations (or pattern matches) before a speaker phrase are looked at for one
/// overlapping it.
const NEARBY: usize = 64;

/// "Does this range overlap an annotation with this label?" in logarithmic time: per label,
/// the annotations' starts in order and the largest end so far.
struct SpanIndex<'a> {
    by_label: HashMap<&'a str, (Vec<usize>, Vec<usize>)>,
}

impl<'a> SpanIndex<'a> {
    fn new(set: &'a AnnotationSet) -> Self {
        let mut by_label: HashMap<&str, (Vec<usize>, Vec<usize>)> = HashMap::new();
        for a in &set.annotations {
            let (starts, max_ends) = by_label.entry(a.label.as_str()).or_default();
            let max_end = max_ends.last().map_or(a.end, |m| a.end.max(*m));
            starts.push(a.start);
            max_ends.push(max_end);
        }
        Self { by_label }
    }

    fn overlaps(&self, label: &str, start: usize, end: usize) -> bool {
        self.of_label(label).overlaps(start, end)
    }

    /// The annotations with one label, to ask many times without looking the label up.
    fn of_label(&self, label: &str) -> LabelSpans<'_> {
        LabelSpans(self.by_label.get(label))
    }
}

/// The annotations of one label in a [`SpanIndex`] (none when the set has none).
#[derive(Clone, Copy)]
struct LabelSpans<'a>(Option<&'a (Vec<usize>, Vec<usize>)>);

impl<'a> LabelSpans<'a> {
    fn overlaps(self, start: usize, end: usize) -> bool {
        let Some((starts, max_ends)) = self.0 else {
            return false;
        };
        let before_end = starts.partition_point(|s| *s < end);
        before_end > 0 && max_ends[before_end - 1] > start
    }

    /// A cursor over them, for questions that come in about increasing order.
    fn cursor(self) -> SpanCursor<'a> {
        let (starts, max_ends) = self.0.map_or((&[][..], &[][..]), |(s, m)| (&s[..], &m[..]));
        SpanCursor {
            starts,
            max_ends,
            at: 0,
        }
    }
}

/// "Does this range overlap an annotation of the label?" for ranges that come in about text
/// order (propagation's matches): the answer moves from the last one instead of searching
/// the whole list again (a binary search per match was most of propagation's time).
struct SpanCursor<'a> {
    starts: &'a [usize],
    max_ends: &'a [usize],
    /// How many annotations start before the last range's end.
    at: usize,
}

impl SpanCursor<'_> {
    fn overlaps(&mut self, start: usize, end: usize) -> bool {
        while self.at < self.starts.len() && self.starts[self.at] < end {
            self.at += 1;
        }
        while self.at > 0 && self.starts[self.at - 1] >= end {
            self.at -= 1;
        }
        self.at > 0 && self.max_ends[self.at - 1] > start
    }
}

/// A set of char offsets as one bit each.
struct StartSet(Vec<u64>);

impl StartSet {
    fn new(chars: usize) -> Self {
        Self(vec![0; chars / 64 + 1])
    }

    fn insert(&mut self, at: usize) {
        if let Some(word) = self.0.get_mut(at / 64) {
            *word |= 1 << (at % 64);
        }
    }

    fn contains(&self, at: usize) -> bool {
        self.0
            .get(at / 64)
            .is_some_and(|word| word & (1 << (at % 64)) != 0)
    }
}

/// Byte offsets to char offsets for offsets that mostly grow: counts the chars from the last
/// one (fast on the short gaps between matches), or asks the article when going back.
struct CharCounter<'a> {
    article: &'a Article,
    byte: usize,
    char: usize,
}

impl<'a> CharCounter<'a> {
    fn new(article: &'a Article) -> Self {
        Self {
            article,
            byte: 0,
            char: 0,
        }
    }

    fn get(&mut self, byte: usize) -> usize {
        if byte == self.byte {
            // The same place again (several texts start at one word).
            return self.char;
        }
        if byte < self.byte && self.byte - byte <= 256 {
            // A little back (overlapping matches): uncount the chars between.
            let gap = &self.article.text()[byte..self.byte];
            self.char -= if gap.is_ascii() {
                gap.len()
            } else {
                gap.chars().count()
            };
        } else if byte < self.byte || byte - self.byte > 4096 {
            self.char = self.article.byte_to_char(byte);
        } else {
            let gap = &self.article.text()[self.byte..byte];
            self.char += if gap.is_ascii() {
                gap.len()
            } else {
                gap.chars().count()
            };
        }
        self.byte = byte;
        self.char
    }

    /// The chars of a byte range; the counter stays at its start (the next range's start is
    /// usually after it, its end not always: matches overlap).
    fn range(&mut self, bytes: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let start = self.get(bytes.start);
        let inside = &self.article.text()[bytes];
        let len = if inside.is_ascii() {
            inside.len()
        } else {
            inside.chars().count()
        };
        start..start + len
    }
}

/// The quotes of an article's text, with their speakers' phrases, as a [`Suggester`] finds
/// them (its speech verbs are the built-in ones): found before the set is read, they are
/// given to [`Suggester::suggest_with_quotes`] with the same text. Paragraphs are looked at
/// on rayon's threads (the command line's, which also read the set meanwhile).
pub fn find_quotes(text: &str) -> Vec<quotes::FoundQuote> {
    quotes::find_parallel(text, SpeechVerbs::builtin_shared())
}

/// `a` and `b`, on rayon's threads side by side when `parallel`, else one after the other.
fn side_by_side<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if parallel {
        rayon::join(a, b)
    } else {
        (a(), b())
    }
}

/// Above this many bytes, a search that may use two cores scans for propagation in two halves.
const PARALLEL_SCAN_ABOVE_BYTES: usize = 64 * 1024;

/// How many parts a parallel propagation scan cuts the text into.
const SCAN_PARTS: usize = 8;

/// What one search looks at (its input): the article, its set and the spans in it, the
/// sources asked, the rejected spans (label, start, end).
#[derive(Clone, Copy)]
struct SearchInput<'a> {
    article: &'a Article,
    set: &'a AnnotationSet,
    sources: &'a Sources,
    rejected: &'a HashSet<(String, usize, usize)>,
    annotated: &'a SpanIndex<'a>,
}

/// Makes suggestions for the articles under one schema (and patterns file).
#[derive(Clone, Debug)]
pub struct Suggester {
    schema: Schema,
    verbs: SpeechVerbs,
    quotes: Option<QuoteTarget>,
    patterns: Option<Patterns>,
    /// Per pattern of the file: its schema label, or `None` when it has none.
    mapped: Vec<Option<MappedPattern>>,
    seeds: Vec<Seed>,
    /// Whether a search may use two cores (see [`Suggester::set_parallel`]).
    parallel: bool,
}

impl Suggester {
    /// A suggester for a schema; patterns read from the folder's `patterns.jsonl`, if any.
    pub fn new(schema: &Schema, patterns: Option<Patterns>) -> Self {
        let quotes = schema.label("quote").map(|label| {
            let form = label
                .attributes
                .iter()
                .find(|a| a.values.iter().any(|v| v == "direct"))
                .map(|a| a.name.clone());
            QuoteTarget {
                label: label.name.clone(),
                form,
                speaker: speaker_target(schema, &label.name),
            }
        });
        let mapped = patterns
            .iter()
            .flat_map(|p| &p.entries)
            .map(|p| {
                map_pattern_label(&p.label, schema).and_then(|(label, chosen)| {
                    let attributes = schema.default_attributes(&label, &chosen);
                    schema
                        .check_span(&label, &attributes)
                        .is_none()
                        .then_some(MappedPattern { label, attributes })
                })
            })
            .collect();
        Self {
            schema: schema.clone(),
            verbs: SpeechVerbs::builtin(),
            quotes,
            patterns,
            mapped,
            seeds: Vec::new(),
            parallel: false,
        }
    }

    /// Lets a search run propagation beside the quotes and patterns, on rayon's threads (the
    /// command line; the window searches on one thread beside its frames).
    pub fn set_parallel(&mut self, parallel: bool) {
        self.parallel = parallel;
    }

    /// Seeds for folder-wide propagation (from the folder's other sets).
    pub fn set_seeds(&mut self, seeds: Vec<Seed>) {
        self.seeds = seeds;
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub fn patterns(&self) -> Option<&Patterns> {
        self.patterns.as_ref()
    }

    /// The patterns whose label has no place in the schema: (line, label), to report.
    pub fn skipped_patterns(&self) -> Vec<(usize, String)> {
        self.patterns
            .iter()
            .flat_map(|p| &p.entries)
            .zip(&self.mapped)
            .filter(|(_, m)| m.is_none())
            .map(|(p, _)| (p.line, p.label.clone()))
            .collect()
    }

    /// All suggestions for this article, sorted by (start, end), leaving out spans that
    /// overlap an annotation with the same label and those rejected.
    pub fn suggest(
        &self,
        article: &Article,
        set: &AnnotationSet,
        sources: &Sources,
        rejections: &Rejections,
    ) -> Vec<Suggestion> {
        self.suggest_with_quotes(article, set, sources, rejections, None)
    }

    /// [`Self::suggest`] with the quotes of this article's text found already
    /// ([`find_quotes`], which needs only the text: the command line finds them while the
    /// set is read).
    pub fn suggest_with_quotes(
        &self,
        article: &Article,
        set: &AnnotationSet,
        sources: &Sources,
        rejections: &Rejections,
        quotes: Option<Vec<quotes::FoundQuote>>,
    ) -> Vec<Suggestion> {
        let rejected = if rejections.is_empty() {
            HashSet::new()
        } else {
            rejections.resolve(article)
        };
        // The spans in the set and then the quotes' and patterns' suggestions, side by side
        // with the texts to propagate, on two cores when asked (`press-annotate suggest`;
        // the window's search runs on one thread beside the frame); then propagation, whose
        // search of the text is shared between the cores.
        let parallel = self.parallel && sources.propagation;
        let rejected = &rejected;
        let ((annotated, mut out), seeds) = side_by_side(
            parallel,
            || {
                let annotated = SpanIndex::new(set);
                let input = SearchInput {
                    article,
                    set,
                    sources,
                    rejected,
                    annotated: &annotated,
                };
                let out = self.by_rules(&input, quotes);
                (annotated, out)
            },
            || self.seeds_for(set, sources),
        );
        let input = SearchInput {
            article,
            set,
            sources,
            rejected,
            annotated: &annotated,
        };
        let propagated = self.propagated(&input, seeds);
        // A place another source suggests with the same label is left to it. Such a place
        // has the propagated text, so only the texts other sources suggest are looked at
        // (not the hundreds of thousands of places of a long article labelled all over).
        let taken: HashSet<(&str, usize, usize)> = out
            .iter()
            .map(|s| (s.label.as_str(), s.start, s.end))
            .collect();
        let taken_texts: HashSet<(&str, &str)> = out
            .iter()
            .map(|s| (s.label.as_str(), s.text.as_str()))
            .collect();
        let mut from_propagation = Vec::with_capacity(propagated.len());
        for mut s in propagated {
            // Rebuilt only when one of its places is taken (rarely).
            if taken_texts.contains(&(s.label.as_str(), s.text.as_str()))
                && s.places()
                    .any(|p| taken.contains(&(s.label.as_str(), p.start, p.end)))
            {
                let places: Vec<std::ops::Range<usize>> = s
                    .places()
                    .filter(|p| !taken.contains(&(s.label.as_str(), p.start, p.end)))
                    .collect();
                let Some(first) = places.first().cloned() else {
                    continue;
                };
                s.more_starts = places[1..]
                    .iter()
                    .filter_map(|p| u32::try_from(p.start).ok())
                    .collect();
                (s.start, s.end) = (first.start, first.end);
            }
            from_propagation.push(s);
        }
        out.extend(from_propagation);
        out.sort_by(|a, b| {
            (a.start, a.end, a.source, &a.label).cmp(&(b.start, b.end, b.source, &b.label))
        });
        out.dedup_by(|b, a| a.start == b.start && a.end == b.end && a.label == b.label);
        out
    }

    /// The suggestions of the quote finder and of the patterns file.
    fn by_rules(
        &self,
        input: &SearchInput,
        quotes: Option<Vec<quotes::FoundQuote>>,
    ) -> Vec<Suggestion> {
        let SearchInput {
            article,
            set,
            sources,
            rejected,
            annotated,
        } = *input;
        let text = article.text();
        // Checked before a suggestion is made (most of the cost is making them).
        let wanted = |label: &str, range: &std::ops::Range<usize>| {
            !annotated.overlaps(label, range.start, range.end)
                && (rejected.is_empty()
                    || !rejected.contains(&(label.to_owned(), range.start, range.end)))
        };
        let mut out: Vec<Suggestion> = Vec::new();
        let pattern_matches = match &self.patterns {
            Some(p) if sources.patterns || sources.quotes => p.find_only(text, |index| {
                self.mapped.get(index).is_some_and(Option::is_some)
            }),
            _ => Vec::new(),
        };
        if sources.quotes
            && let Some(target) = &self.quotes
        {
            let mut chars = CharCounter::new(article);
            let quotes = quotes.unwrap_or_else(|| quotes::find(text, &self.verbs));
            for found in quotes {
                let range = chars.range(found.span.clone());
                if !wanted(&target.label, &range) {
                    continue;
                }
                let mut chosen = BTreeMap::new();
                if let Some(form) = &target.form {
                    chosen.insert(form.clone(), found.form.as_str().to_owned());
                }
                let mut attributes = self.schema.default_attributes(&target.label, &chosen);
                if self.schema.check_span(&target.label, &attributes).is_some() {
                    attributes = self
                        .schema
                        .default_attributes(&target.label, &BTreeMap::new());
                }
                let organization =
                    found.speaker_kind == Some(speaker_phrase::SpeakerKind::Organization);
                let speaker = match (&target.speaker, found.speaker) {
                    (Some(speaker), Some(phrase)) => Some(self.speaker(
                        article,
                        set,
                        &speaker.label,
                        phrase,
                        organization,
                        &pattern_matches,
                    )),
                    _ => None,
                };
                out.push(Suggestion {
                    label: target.label.clone(),
                    start: range.start,
                    end: range.end,
                    text: text[found.span].to_owned(),
                    attributes,
                    source: SuggestionSource::Quotes,
                    speaker,
                    more_starts: Vec::new(),
                });
            }
        }
        if sources.patterns {
            let mut chars = CharCounter::new(article);
            for m in &pattern_matches {
                let Some(Some(mapped)) = self.mapped.get(m.pattern) else {
                    continue;
                };
                let range = chars.range(m.span.clone());
                if !wanted(&mapped.label, &range) {
                    continue;
                }
                out.push(Suggestion {
                    label: mapped.label.clone(),
                    start: range.start,
                    end: range.end,
                    text: text[m.span.clone()].to_owned(),
                    attributes: mapped.attributes.clone(),
                    source: SuggestionSource::Patterns,
                    speaker: None,
                    more_starts: Vec::new(),
                });
            }
        }
        out
    }

    /// The texts to propagate: the set's labelled texts, then the folder's seeds for texts
    /// the set has not labelled, each valid for the schema (none when propagation is off).
    fn seeds_for<'a>(&'a self, set: &'a AnnotationSet, sources: &Sources) -> Vec<SeedRef<'a>> {
        if !sources.propagation {
            return Vec::new();
        }
        let mut seeds = propagation::seed_refs_of(set);
        if !self.seeds.is_empty() {
            let own: HashSet<&str> = seeds.iter().map(|s| s.text).collect();
            let extra: Vec<SeedRef> = self
                .seeds
                .iter()
                .map(Seed::as_ref)
                .filter(|s| !own.contains(s.text))
                .collect();
            seeds.extend(extra);
        }
        // Seeds share a few labels and attributes: each is checked against the schema once.
        let mut checked: Vec<(&str, &BTreeMap<String, String>, bool)> = Vec::new();
        seeds.retain(|s| {
            if let Some((_, _, valid)) = checked
                .iter()
                .find(|(label, attributes, _)| *label == s.label && *attributes == s.attributes)
            {
                return *valid;
            }
            let valid = self.schema.check_span(s.label, s.attributes).is_none();
            checked.push((s.label, s.attributes, valid));
            valid
        });
        seeds
    }

    /// Propagation: per text labelled in the set (and the folder's seeds), one suggestion
    /// carrying every other place it occurs, left out where the set has that label already
    /// or the place was rejected.
    fn propagated(&self, input: &SearchInput, seeds: Vec<SeedRef>) -> Vec<Suggestion> {
        let SearchInput {
            article,
            rejected,
            annotated,
            ..
        } = *input;
        let mut out = Vec::new();
        let text = article.text();
        // One suggestion per seed, carrying all its places: a text labelled once and
        // found a thousand times is one suggestion, with no text, label or attributes
        // copied per place.
        let texts: Vec<&str> = seeds.iter().map(|s| s.text).collect();
        let Some(matcher) = propagation::Matcher::new(&texts) else {
            return out;
        };
        // Per seed, looked up once: its label and its length in chars (a place's text is the
        // seed's).
        let mut labels: Vec<&str> = seeds.iter().map(|s| s.label).collect();
        labels.sort_unstable();
        labels.dedup();
        let per_seed: Vec<(usize, usize)> = seeds
            .iter()
            .map(|s| {
                let label = labels.partition_point(|l| *l < s.label);
                (label, s.text.chars().count())
            })
            .collect();
        let mut starts_rejected = StartSet::new(article.len_chars());
        for (_, start, _) in rejected.iter() {
            starts_rejected.insert(*start);
        }
        // The places found in a byte range of the text (those that start in it), as (seed,
        // char start) in one flat list (one growing buffer, not one per seed: copying those
        // as they grew was a fifth of the time), room made at once for a text labelled all
        // over (a place per three bytes; memory not written to is not taken).
        let scan = |bytes: std::ops::Range<usize>| {
            let mut hits: Vec<(u32, u32)> = Vec::with_capacity(bytes.len() / 3);
            let mut cursors: Vec<SpanCursor> = labels
                .iter()
                .map(|l| annotated.of_label(l).cursor())
                .collect();
            let mut chars = CharCounter::new(article);
            matcher.for_each_in(text, bytes, |index, range| {
                let (label, len) = per_seed[index];
                let start = chars.get(range.start);
                let span = start..start + len;
                if cursors[label].overlaps(span.start, span.end) {
                    return;
                }
                // Rejected places are few: a bit per start tells whether to look them up
                // (hashing every place was a third of the time).
                if starts_rejected.contains(span.start)
                    && rejected.contains(&(seeds[index].label.to_owned(), span.start, span.end))
                {
                    return;
                }
                // Char offsets of an article (at most 64 MiB) fit in 32 bits, as do seeds.
                if let (Ok(seed), Ok(start)) = (u32::try_from(index), u32::try_from(span.start)) {
                    hits.push((seed, start));
                }
            });
            hits
        };
        // A long text in parts, scanned on rayon's threads when the search may use them (as
        // many parts as keep both cores busy beside the quotes and patterns).
        let parts: Vec<Vec<(u32, u32)>> = if self.parallel && text.len() > PARALLEL_SCAN_ABOVE_BYTES
        {
            use rayon::prelude::*;
            let mut bounds = vec![0];
            for part in 1..SCAN_PARTS {
                let mut at = text.len() * part / SCAN_PARTS;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                bounds.push(at);
            }
            bounds.push(text.len());
            bounds.par_windows(2).map(|w| scan(w[0]..w[1])).collect()
        } else {
            vec![scan(0..text.len())]
        };
        // The parts' places in text order (not copied into one list).
        let hits = || {
            parts
                .iter()
                .flatten()
                .map(|(seed, start)| (*seed as usize, *start))
        };
        // Per seed, its first place and the others' starts. A seed's places come in text
        // order (the parts are in order, and the places of one seed, all of one length,
        // come in the order of their starts), so the first found is the first; they are
        // sorted only if not.
        let mut counts = vec![0u32; seeds.len()];
        for (seed, _) in hits() {
            counts[seed] += 1;
        }
        let mut first: Vec<Option<u32>> = vec![None; seeds.len()];
        let mut more: Vec<Vec<u32>> = counts
            .iter()
            .map(|n| Vec::with_capacity(n.saturating_sub(1) as usize))
            .collect();
        for (seed, start) in hits() {
            match &mut first[seed] {
                Some(earlier) if *earlier > start => {
                    more[seed].push(std::mem::replace(earlier, start));
                }
                Some(_) => more[seed].push(start),
                None => first[seed] = Some(start),
            }
        }
        for (((seed, first), mut more_starts), (_, len)) in
            seeds.iter().zip(first).zip(more).zip(&per_seed)
        {
            let Some(first) = first else {
                continue;
            };
            if !more_starts.is_sorted() {
                more_starts.sort_unstable();
            }
            let start = first as usize;
            out.push(Suggestion {
                label: seed.label.to_owned(),
                start,
                end: start + len,
                text: seed.text.to_owned(),
                attributes: seed.attributes.clone(),
                source: SuggestionSource::Propagation,
                speaker: None,
                more_starts,
            });
        }
        out
    }

    /// The speaker of a quote, from its phrase (byte range): an existing annotation with the
    /// speaker label overlapping it, else a pattern match overlapping it, else the phrase.
    fn speaker(
        &self,
        article: &Article,
        set: &AnnotationSet,
        label: &str,
        phrase: std::ops::Range<usize>,
        organization: bool,
        pattern_matches: &[patterns::PatternMatch],
    ) -> SpeakerSuggestion {
        let chars = article.byte_to_char(phrase.start)..article.byte_to_char(phrase.end);
        // Annotations are sorted by start: look back from the phrase's end, not far.
        let upto = set.annotations.partition_point(|a| a.start < chars.end);
        let existing = set.annotations[..upto]
            .iter()
            .rev()
            .take(NEARBY)
            .find(|a| a.label == label && a.end > chars.start);
        if let Some(existing) = existing {
            return SpeakerSuggestion {
                start: existing.start,
                end: existing.end,
                existing: Some(existing.id),
                organization: existing.attribute(labels::ENTITY_TYPE) == Some("organization"),
            };
        }
        let upto = pattern_matches.partition_point(|m| m.span.start < phrase.end);
        let found = pattern_matches[..upto].iter().rev().take(NEARBY).find(|m| {
            phrase.start < m.span.end
                && self.mapped[m.pattern]
                    .as_ref()
                    .is_some_and(|p| p.label == label)
        });
        match found {
            Some(m) => SpeakerSuggestion {
                start: article.byte_to_char(m.span.start),
                end: article.byte_to_char(m.span.end),
                existing: None,
                organization: self.mapped[m.pattern].as_ref().is_some_and(|p| {
                    p.attributes.get(labels::ENTITY_TYPE).map(String::as_str)
                        == Some("organization")
                }),
            },
            None => SpeakerSuggestion {
                start: chars.start,
                end: chars.end,
                existing: None,
                organization,
            },
        }
    }
}
