//! Quotes and their speakers, from the text's surface: quotation marks of every common press
//! style, split quotes, Spanish dash dialogue, speech-verb cues in the same or the adjacent
//! sentence, and indirect quotes after "said that …".
//!
//! Everything here works on byte offsets into the article's text; [`super::Suggester`] turns
//! them into char offsets.
//!
//! Rules, in the order they apply:
//! - A quote is the text between a pair of marks: “…”, „…“ (or „…”), «…», »…«, ‚…‘, ‘…’ (a
//!   closing ’ followed by a letter is an apostrophe, not a mark), "…", 「…」, 『…』; a
//!   paragraph starting with an em dash is Spanish dialogue (—…—dijo X—. …). Marks inside a
//!   quote are part of it (nested quotes are not suggested on their own). A quote left open
//!   at the end of a paragraph whose next paragraph opens with the same mark runs to the end
//!   of the paragraph (the press convention for quotes over several paragraphs).
//! - The span is the text inside the marks, without white space and punctuation
//!   (`. , ; : ! ? … ¿ ¡` and dashes) at either edge. Fewer than [`MIN_WORDS`] words: a scare
//!   quote, not suggested.
//! - The speaker: the first cue after the quote in its sentence, else the last cue before it
//!   in its sentence, else a headline's "Name: “…”", else the last cue of the previous
//!   sentence, else the first of the next one (sentences of the same paragraph). The speaker
//!   is the phrase before the cue in its clause ("one official said"; appositions give way to
//!   the name before them), or after it when nothing stands before it ("said John Smith") or
//!   the cue says so ("according to the minister").
//! - Indirect: a cue followed within four words by "that" (que, qu’, dass) starts an
//!   indirect quote that runs to the end of the sentence, when no quotation mark stands in it.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::speaker_phrase::{Judged, SpeakerKind, judge};
use super::speech_verbs::{SpeakerSide, SpeechVerbs};

/// Quoted text shorter than this many words is a scare quote, not a quote.
pub const MIN_WORDS: usize = 3;

/// Whether a quote gives the speaker's words or reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Form {
    Direct,
    Indirect,
}

impl Form {
    /// The value of the default schema's `form` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Direct => "direct",
            Form::Indirect => "indirect",
        }
    }
}

/// A quote found in the text (byte offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundQuote {
    pub span: Range<usize>,
    pub form: Form,
    /// The phrase naming who spoke, if a cue was found: a name or a description (for a
    /// pronoun, the nearest earlier mention of whom it stands for).
    pub speaker: Option<Range<usize>>,
    /// Whether the speaker is a person or a body.
    pub speaker_kind: Option<SpeakerKind>,
}

/// A pair of marks (or a part of dash dialogue): where it opens, its inside, where it ends.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Marks {
    open: usize,
    inner: Range<usize>,
    close_end: usize,
    /// Left open at the end of the paragraph: the quote goes on in the next one.
    continues: bool,
}

/// Characters that end a clause when looking for the speaker phrase.
const CLAUSE_BOUNDARIES: &[char] = &[
    ',', ';', ':', '(', ')', '—', '–', '“', '”', '"', '«', '»', '„', '‘', '‚', '「', '」', '『',
    '』', '!', '?', '¿', '¡',
];

/// Punctuation left out at the edges of a quote's span.
const EDGE_PUNCTUATION: &[char] = &['.', ',', ';', ':', '!', '?', '…', '¿', '¡', '—', '–', '-'];

/// Words before the period that do not end a sentence (compared in lower case).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt", "col", "sgt",
    "capt", "cmdr", "adm", "prof", "rev", "inc", "corp", "co", "ltd", "no", "vs", "mt", "mme",
    "mlle", "hr", "fr", "nr", "sra", "srta", "dña", "messrs", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept", "univ", "ave",
];

/// Words dropped between the speaker and the cue ("he later said", "Kerry has said").
const FILLERS: &[&str] = &[
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "also",
    "later",
    "then",
    "again",
    "once",
    "further",
    "had",
    "would",
    "will",
    "did",
    "does",
    "reportedly",
    "a",
    "ont",
    "avait",
    "aussi",
    "encore",
    "hat",
    "haben",
    "hatte",
    "auch",
    "noch",
    "ha",
    "han",
    "había",
    "también",
    "ya",
    "in",
    "on",
    "him",
    "her",
    "them",
    "me",
    "us",
    "se",
    "lo",
    "lui",
    "leur",
    "sich",
    "ihm",
];

/// Words that open a clause without naming anyone ("although they said").
const CONJUNCTIONS: &[&str] = &[
    "although", "but", "and", "while", "as", "though", "because", "when", "after", "however",
    "yet", "since", "so", "or", "mais", "et", "alors", "car", "aber", "und", "doch", "denn",
    "pero", "y", "mientras", "aunque", "pues",
];

/// Words that open a subordinate clause: the speaker of a cue after one is what follows it.
const SUBORDINATORS: &[&str] = &[
    "when", "while", "after", "because", "if", "since", "before", "until", "though", "although",
    "whereas", "once", "quand", "lorsque", "als", "wenn", "weil", "cuando", "mientras", "porque",
];

/// Words that open a clause without a subject: no speaker stands in it.
const NON_SUBJECT_OPENERS: &[&str] = &["despite", "being", "having", "without", "during"];

/// Words that start a relative clause, skipped when looking back for the speaker.
const RELATIVES: &[&str] = &[
    "who", "which", "whose", "whom", "qui", "dont", "der", "die", "das", "welcher", "quien",
    "quienes", "cual", "que",
];

/// Determiners: a phrase starting with one after a name is an apposition.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "one", "his", "her", "their", "its", "le", "la", "les", "un", "une", "der",
    "die", "das", "ein", "eine", "el", "los", "las", "una",
];

/// Words after a cue that end the speaker phrase ("said a spokesman for the ministry").
const STOP_AFTER: &[&str] = &[
    "in", "on", "at", "to", "for", "of", "during", "after", "before", "with", "from", "about",
    "en", "à", "au", "aux", "bei", "im", "am", "auf", "vor", "nach", "zu", "a", "durante", "ante",
    "que", "that", "dass", "when", "while",
];

/// Small words inside names ("Ammar al Khudairy", "Ursula von der Leyen").
const NAME_PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "von", "van", "der", "den", "de", "da", "di", "du", "del", "la", "le",
];

/// Words that introduce an indirect quote after a cue.
const COMPLEMENTIZERS: &[&str] = &["that", "que", "dass", "daß"];

/// How many words may stand between a cue and "that".
const COMPLEMENTIZER_REACH: usize = 4;

/// How many words after a quote its attribution cue may stand ("…,” the head of the
/// ministry’s press office said" is far; a cue further on belongs to something else).
const AFTER_REACH: usize = 12;

/// The end of the first `n` whitespace-separated words of `text[range]` (or of the range).
fn within_words(text: &str, range: Range<usize>, n: usize) -> usize {
    let s = &text[range.clone()];
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == n {
                    return range.start + i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    range.end
}

/// The longest speaker phrase, in words.
const MAX_SPEAKER_WORDS: usize = 6;

/// Every quote in `text`, sorted by span.
pub fn find(text: &str, verbs: &SpeechVerbs) -> Vec<FoundQuote> {
    let paragraphs = paragraphs(text);
    let mut words = WordBuffer::default();
    let found: Vec<ParagraphQuotes> = (0..paragraphs.len())
        .map(|k| paragraph_quotes(text, &paragraphs, k, verbs, &mut words))
        .collect();
    link(text, found)
}

/// [`find`], with the paragraphs looked at on rayon's threads (the same quotes; speakers are
/// still resolved in text order).
pub fn find_parallel(text: &str, verbs: &SpeechVerbs) -> Vec<FoundQuote> {
    use rayon::prelude::*;
    let paragraphs = paragraphs(text);
    let found: Vec<ParagraphQuotes> = (0..paragraphs.len())
        .into_par_iter()
        .with_min_len(64)
        .map_init(WordBuffer::default, |words, k| {
            paragraph_quotes(text, &paragraphs, k, verbs, words)
        })
        .collect();
    link(text, found)
}

/// A speaker's phrase as the paragraph alone tells it, judged (a name, a description or a
/// pronoun to resolve).
struct JudgedPhrase {
    phrase: Range<usize>,
    judged: Judged,
}

impl JudgedPhrase {
    /// `None` when the phrase names nobody.
    fn new(text: &str, phrase: Range<usize>) -> Option<Self> {
        let judged = judge(text, phrase.clone())?;
        Some(Self { phrase, judged })
    }
}

/// A direct quote found in a paragraph, before its speaker is resolved.
struct DirectCandidate {
    span: Range<usize>,
    /// The speaker's phrase, as the paragraph alone tells it.
    phrase: Option<JudgedPhrase>,
    /// Whether its marks are the paragraph's first (it may inherit the speaker of a quote
    /// going on from the paragraph before).
    first: bool,
    /// Whether the quote goes on in the next paragraph.
    continues: bool,
}

/// What one paragraph holds, found from its text alone (so paragraphs can be looked at
/// apart): direct quotes, then indirect ones with their speakers' phrases (`speaker` left
/// `None`).
#[derive(Default)]
struct ParagraphQuotes {
    direct: Vec<DirectCandidate>,
    indirect: Vec<(FoundQuote, Option<JudgedPhrase>)>,
}

/// The quotes of paragraph `k`, speakers as phrases.
fn paragraph_quotes(
    text: &str,
    paragraphs: &[Range<usize>],
    k: usize,
    verbs: &SpeechVerbs,
    words: &mut WordBuffer,
) -> ParagraphQuotes {
    let para = paragraphs[k].clone();
    let next_opener = paragraphs[k + 1..]
        .iter()
        .map(|p| text[p.clone()].trim_start())
        .find(|p| !p.is_empty())
        .and_then(|p| p.chars().next());
    let marks = find_marks(text, para.clone(), next_opener);
    let mut out = ParagraphQuotes::default();
    if marks.is_empty() && !might_hold_indirect(&text[para.clone()]) {
        return out;
    }
    let sentences = sentences(text, para.clone(), &marks);
    // The end of the last pair of marks that held a name (a title, a slogan, a chant).
    let mut last_name_end: Option<usize> = None;
    for (i, m) in marks.iter().enumerate() {
        let Some(span) = quote_span(text, m.inner.clone()) else {
            continue;
        };
        let inside = &text[m.inner.clone()];
        if is_title(inside)
            || is_named_thing(text, para.start..m.open, inside)
            || is_called(text, para.start..m.open, inside)
            || is_used_as_a_name(text, para.clone(), m, verbs)
            || last_name_end.is_some_and(|end| is_list_joint(&text[end..m.open]))
        {
            last_name_end = Some(m.close_end);
            continue;
        }
        if word_count(&text[span.clone()]) < MIN_WORDS {
            continue;
        }
        out.direct.push(DirectCandidate {
            span,
            phrase: find_speaker(text, &marks, i, &sentences, verbs, words)
                .and_then(|phrase| JudgedPhrase::new(text, phrase)),
            first: i == 0,
            continues: m.continues,
        });
    }
    for sentence in &sentences {
        if let Some(mut found) = indirect(text, sentence.clone(), &marks, verbs, words) {
            let phrase = found
                .speaker
                .take()
                .and_then(|phrase| JudgedPhrase::new(text, phrase));
            out.indirect.push((found, phrase));
        }
    }
    out
}

/// The paragraphs' quotes in text order, with speakers resolved to mentions (a pronoun to
/// the person it stands for) and carried over paragraphs a quote goes on in.
fn link(text: &str, paragraphs: Vec<ParagraphQuotes>) -> Vec<FoundQuote> {
    let mut out: Vec<FoundQuote> = Vec::new();
    // A quote going on in the next paragraph, still without a speaker: (index in `out`).
    let mut waiting: Option<usize> = None;
    // The speaker of a quote going on in the next paragraph, for that paragraph's quote.
    let mut carried: Option<Range<usize>> = None;
    let mut mentions = Mentions::default();
    for paragraph in paragraphs {
        for quote in paragraph.direct {
            let mut speaker = quote
                .phrase
                .and_then(|phrase| mentions.resolve(text, phrase));
            let inherited = carried.take();
            if speaker.is_none() && quote.first {
                speaker = inherited;
            }
            if let Some(first) = waiting.take()
                && speaker.is_some()
            {
                out[first].speaker.clone_from(&speaker);
            }
            if quote.continues {
                if speaker.is_none() {
                    waiting = Some(out.len());
                }
                carried.clone_from(&speaker);
            }
            let speaker_kind = speaker.as_ref().and_then(|r| mentions.kind_of(r));
            out.push(FoundQuote {
                span: quote.span,
                form: Form::Direct,
                speaker,
                speaker_kind,
            });
        }
        for (mut found, phrase) in paragraph.indirect {
            found.speaker = phrase.and_then(|phrase| mentions.resolve(text, phrase));
            found.speaker_kind = found.speaker.as_ref().and_then(|r| mentions.kind_of(r));
            out.push(found);
        }
    }
    out.sort_by_key(|q| (q.span.start, q.span.end));
    out
}

/// The words of a quote: its white-space-separated words holding a letter or digit
/// ("de-confliction zone" is two), or, in text written without spaces (Chinese, Japanese),
/// its Unicode words.
fn word_count(quote: &str) -> usize {
    let spaced = quote
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    if spaced > 1 {
        spaced
    } else {
        quote.unicode_words().count()
    }
}

/// Small words a title leaves in lower case ("Red for Ed", "Less Money on Testing").
const TITLE_SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "of", "for", "and", "or", "nor", "but", "on", "in", "to", "at", "by", "with",
    "from", "as", "de", "la", "le", "el", "y", "und", "der", "die", "das",
];

/// Whether the inside of a pair of marks is a title, a slogan on a sign or a name in Title
/// Case ("We’re Not Gonna Take It", "Less Money on Testing, More Money on Students."): every
/// word but the small ones capitalised, and no exclamation or question at its end.
fn is_title(inside: &str) -> bool {
    let trimmed = inside.trim();
    if trimmed.ends_with(['!', '?']) {
        return false;
    }
    let words: Vec<&str> = trimmed
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let big: Vec<&&str> = words
        .iter()
        .filter(|w| !is_in(w, TITLE_SMALL_WORDS))
        .collect();
    big.len() >= 2
        && big
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && words.iter().any(|w| w.chars().any(char::is_lowercase))
}

/// Words before a pair of marks that say what is inside is a name, not somebody's words:
/// "the so-called “deal of the century”", "a condition known as “feather bedding lung”",
/// "signs reading “…”".
const NAMING_WORDS: &[&str] = &[
    "dubbed",
    "so-called",
    "nicknamed",
    "termed",
    "titled",
    "entitled",
    "hashtag",
    "slogan",
    "motto",
    "reading",
    "headlined",
    "branded",
    "labelled",
    "labeled",
    "chanted",
    "chanting",
    "chants",
    "nickname",
];

/// Names of things that hold a slogan, right before its marks: "the campaign “Starts with
/// one.”", "The tagline? “…”".
const SLOGAN_HOLDERS: &[&str] = &[
    "campaign",
    "tagline",
    "catchphrase",
    "jingle",
    "slogan",
    "motto",
];

/// Whether the marks opened at the end of `before` hold the name of a thing: a naming word
/// (or "known as") among the three words before them, and no sentence's end inside.
fn is_named_thing(text: &str, before: Range<usize>, inside: &str) -> bool {
    // An exclamation or a question is somebody's words (“Yes we can!” aside).
    if inside.trim_end().ends_with(['!', '?']) {
        return false;
    }
    let words: Vec<String> = text[before]
        .split_whitespace()
        .rev()
        .take(3)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect();
    words.iter().any(|w| is_in(w, NAMING_WORDS))
        || words.windows(2).any(|p| p[0] == "as" && p[1] == "known")
        || words.first().is_some_and(|w| is_in(w, SLOGAN_HOLDERS))
}

/// Whether the text between two pairs of marks joins them in a list ("“…,” and “…”"): the
/// second names the same kind of thing as the first.
fn is_list_joint(between: &str) -> bool {
    let joint = between.trim_matches(|c: char| c.is_whitespace() || c == ',');
    joint.is_empty() || is_in(joint, &["and", "or", "et", "und", "y", "o", "ou", "oder"])
}

/// Forms of "be" (and their contractions) that make "called" a naming: "it is called “…”".
const BE_FORMS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "what’s",
    "what's",
    "that’s",
    "that's",
    "it’s",
    "it's",
    "also",
    "often",
    "sometimes",
    "commonly",
];

/// The longest name a naming phrase introduces ("mushroom worker’s lung", "recurrent airway
/// obstruction"): longer, it is somebody's words.
const MAX_NAME_WORDS: usize = 6;

/// Whether the marks opened at the end of `before` hold a name given by a passive naming
/// verb ("the illness is called “mushroom worker’s lung.”", "what’s called “…”") or by "the
/// term … is" ("the term most often used is “…”"): short, and no exclamation or question.
fn is_called(text: &str, before: Range<usize>, inside: &str) -> bool {
    let inside = inside.trim();
    if inside.ends_with(['!', '?']) || word_count(inside) > MAX_NAME_WORDS {
        return false;
    }
    let words: Vec<String> = text[before]
        .split_whitespace()
        .rev()
        .take(5)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '’' && c != '\'')
                .to_lowercase()
        })
        .collect();
    let passive = matches!(
        words.first().map(String::as_str),
        Some("called" | "named" | "termed")
    ) && words.get(1).is_some_and(|w| is_in(w, BE_FORMS));
    let term_is = words.first().is_some_and(|w| is_in(w, &["is", "was"]))
        && words[1..]
            .iter()
            .any(|w| is_in(w, &["term", "name", "diagnosis"]));
    passive || term_is
}

/// Words after a pair of marks that go on a sentence rather than name a thing: a phrase in
/// marks followed by one of them is somebody's words ("“…” and left", "“…” in an
/// interview").
const GOES_ON_WORDS: &[&str] = &[
    "and", "or", "but", "in", "on", "at", "to", "for", "of", "from", "with", "by", "as", "that",
    "which", "who", "when", "while", "because", "if", "after", "before", "than", "so", "about",
    "over", "into", "he", "she", "they", "we", "i", "it", "you",
];

/// Verbs after a name used as a sentence's subject ("“…” is printed on every bus").
const SUBJECT_VERBS: &[&str] = &[
    "is", "was", "are", "were", "has", "have", "had", "became", "becomes", "remains", "will",
    "would", "can", "could", "may", "might",
];

/// Determiners before a phrase in marks that modifies the noun after it ("his “tough on
/// China” stance", "the “no new taxes” promise").
const MODIFIER_DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that", "these",
    "those",
];

/// Whether a short phrase in marks is used as a name: a modifier between a determiner and a
/// noun ("his “tough on China” stance"), or the subject of its sentence ("“Jobs for every
/// county” is printed on every bus"). Its inside does not end with punctuation (somebody's
/// words end with their comma or period), and the word after the marks is in lower case and
/// neither a cue nor a word that goes on a sentence.
fn is_used_as_a_name(text: &str, para: Range<usize>, m: &Marks, verbs: &SpeechVerbs) -> bool {
    let inside = text[m.inner.clone()].trim();
    if m.continues
        || inside.ends_with(|c: char| c.is_ascii_punctuation() || c == '…')
        || word_count(inside) > MAX_NAME_WORDS
    {
        return false;
    }
    let after = &text[m.close_end.min(para.end)..para.end];
    if !after.starts_with(' ') {
        return false;
    }
    let Some(next) = after.split_whitespace().next() else {
        return false;
    };
    let next = next.trim_end_matches(|c: char| !c.is_alphanumeric());
    if !next.chars().next().is_some_and(char::is_lowercase)
        || is_in(next, GOES_ON_WORDS)
        || verbs.starts_cue(&next.to_lowercase())
    {
        return false;
    }
    let before = text[para.start..m.open].trim_end();
    // A subject is followed by its verb ("“…” is printed"); a partial quote opening a
    // sentence goes on otherwise ("“We don't want those people” working in prisons, she said").
    let sentence_start =
        (before.is_empty() || before.ends_with(['.', '!', '?', ':'])) && is_in(next, SUBJECT_VERBS);
    let determiner = before
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|w| is_in(w, MODIFIER_DETERMINERS));
    sentence_start || determiner
}

/// What a paragraph holding an indirect quote has somewhere: the start of a complementizer.
const COMPLEMENTIZER_STARTS: [&str; 6] = ["that", "que", "qu’", "qu'", "dass", "daß"];

/// Whether a paragraph could hold an indirect quote at all (a cheap test before splitting it
/// into sentences).
fn might_hold_indirect(paragraph: &str) -> bool {
    // One pass for all of them (six passes over every paragraph and sentence before).
    static AUTOMATON: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| aho_corasick::AhoCorasick::new(COMPLEMENTIZER_STARTS).ok());
    match &*AUTOMATON {
        Some(automaton) => automaton.is_match(paragraph),
        None => COMPLEMENTIZER_STARTS.iter().any(|w| paragraph.contains(w)),
    }
}

/// The lines of the text (byte ranges, line endings left out).
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        out.push(start..end);
        start = i + 1;
    }
    out.push(start..text.len());
    out
}

fn is_opening_context(prev: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || "([{—–-/“«„‚'".contains(p))
}

/// The marks that can open a quote ([`is_opener`] tells where they do).
const OPENERS: [char; 9] = ['«', '「', '『', '“', '„', '‚', '»', '‘', '"'];

/// Whether `c` opens a quote here (one of [`OPENERS`]).
fn is_opener(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let Some(next) = next else {
        return false;
    };
    match c {
        '«' | '「' | '『' => true,
        // A curly mark after white space opens even when a stray space follows it
        // (`Mayer said. “ I love what I’m doing.”`); a German closing `“` follows a word.
        '“' => !next.is_whitespace() || prev.is_none_or(char::is_whitespace),
        '„' | '‚' => !next.is_whitespace(),
        '»' | '‘' => is_opening_context(prev) && !next.is_whitespace(),
        // A straight mark after white space opens even when a stray space follows it
        // (`he told Cook. " You guys have done…"`, as real pages have it).
        '"' => is_opening_context(prev) && (!next.is_whitespace() || prev.is_some()),
        _ => false,
    }
}

/// The mark closing the one opened at `open_at`: the indices (in `marks`) of its first and
/// last characters (two for a `’’` used as a closing double mark).
///
/// Real press text mixes its marks: a straight opening `"` closed by a curly `”` (taken as
/// soon as it comes), and a curly `“` closed by a straight `"` or by two apostrophes `’’`
/// (taken only when no `”` closes it).
fn find_close(marks: &[MarkChar], open_at: usize) -> Option<(usize, usize)> {
    let open = marks[open_at].c;
    let closers: &[char] = match open {
        '“' => &['”'],
        '„' => &['“', '”'],
        '«' => &['»'],
        '»' => &['«'],
        '‚' => &['‘', '’'],
        '‘' => &['’'],
        '"' => &['"', '”'],
        '「' => &['」'],
        '『' => &['』'],
        _ => return None,
    };
    if open == '“'
        && let Some(j) = close_curly(marks, open_at)
    {
        return Some((j, j));
    }
    if open != '“'
        && let Some(j) = find_closer(marks, open_at, closers, false)
    {
        return Some((j, j));
    }
    if open == '“' {
        return find_closer(marks, open_at, &['’'], true).map(|j| {
            // The next char is a mark, so the next in `marks`.
            let doubled = marks[j].next == Some('’') && marks[j].c == '’';
            (j, if doubled { j + 1 } else { j })
        });
    }
    None
}

/// The mark closing a curly `“` at `open_at`: its `”`, or a straight `"` that closes (not
/// one opening or closing a straight quote nested inside: `“They called it "the deal"
/// again”` runs to the `”`, `“All of it," he said, "is true.”` is two quotes).
fn close_curly(marks: &[MarkChar], open_at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut nested_straight = false;
    for (j, mark) in marks.iter().enumerate().skip(open_at + 1) {
        match mark.c {
            '“' => depth += 1,
            '”' if depth > 0 => depth -= 1,
            '”' => return Some(j),
            '"' => {
                // After the opening mark, so never the paragraph's first char.
                let prev = mark.prev.unwrap_or(' ');
                if prev.is_whitespace() || "([{—–-/“‘".contains(prev) {
                    nested_straight = true;
                } else if nested_straight {
                    nested_straight = false;
                } else if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

/// The first of `closers` after `open_at` that closes it (nested pairs of the same opening
/// mark skipped, apostrophes not taken for marks). With `doubled_apostrophe`, a `’` closes
/// only as the first of `’’`.
fn find_closer(
    marks: &[MarkChar],
    open_at: usize,
    closers: &[char],
    doubled_apostrophe: bool,
) -> Option<usize> {
    let open = marks[open_at].c;
    let nests = matches!(open, '“' | '«' | '「' | '『');
    let mut depth = 0usize;
    for (j, mark) in marks.iter().enumerate().skip(open_at + 1) {
        let c = mark.c;
        if nests && c == open {
            depth += 1;
            continue;
        }
        if !closers.contains(&c) {
            continue;
        }
        if c == '’' {
            // After the opening mark, so never the paragraph's first char.
            let prev = mark.prev.unwrap_or(' ');
            let next = mark.next;
            if doubled_apostrophe {
                if next != Some('’') {
                    continue;
                }
            } else if prev.is_whitespace() || next.is_some_and(char::is_alphanumeric) {
                // An apostrophe: we’ve, Kerry’s, rock ’n’ roll.
                continue;
            }
        }
        if depth > 0 {
            depth -= 1;
            continue;
        }
        return Some(j);
    }
    None
}

/// The quotation marks of a paragraph, top level only, in order.
fn find_marks(text: &str, para: Range<usize>, next_opener: Option<char>) -> Vec<Marks> {
    let base = para.start;
    let p = &text[para.clone()];
    let lead = p.len() - p.trim_start().len();
    if p[lead..].starts_with('—') && !is_post_signature(p) {
        return dash_dialogue(text, para);
    }
    // Most paragraphs quote nothing: they are passed over without listing their marks.
    if !has_opener(p) {
        return Vec::new();
    }
    let marks = mark_chars(p);
    let mut out = Vec::new();
    let mut i = 0;
    while i < marks.len() {
        let MarkChar {
            at: b,
            c,
            prev,
            next,
        } = marks[i];
        if is_opener(c, prev, next) {
            if let Some((j, last)) = find_close(&marks, i) {
                let cb = marks[j].at;
                let (lb, lc) = (marks[last].at, marks[last].c);
                out.push(Marks {
                    open: base + b,
                    inner: base + b + c.len_utf8()..base + cb,
                    close_end: base + lb + lc.len_utf8(),
                    continues: false,
                });
                i = last + 1;
                continue;
            }
            if next_opener == Some(c) {
                out.push(Marks {
                    open: base + b,
                    inner: base + b + c.len_utf8()..para.end,
                    close_end: para.end,
                    continues: true,
                });
                break;
            }
        }
        i += 1;
    }
    out
}

/// A quotation mark (opening or closing) in a paragraph: its byte offset, and the chars
/// next to it in the text.
#[derive(Clone, Copy)]
struct MarkChar {
    at: usize,
    c: char,
    prev: Option<char>,
    next: Option<char>,
}

/// Whether `p` holds one of [`OPENERS`], read byte by byte (`p.contains(OPENERS)` decoded
/// every char of every paragraph).
fn has_opener(p: &str) -> bool {
    let bytes = p.as_bytes();
    bytes.iter().enumerate().any(|(at, byte)| match byte {
        b'"' => true,
        0xC2 | 0xE2 | 0xE3 => p[at..].starts_with(OPENERS),
        _ => false,
    })
}

/// Every char that opens or closes a quote.
const MARK_CHARS: [char; 13] = [
    '«', '»', '「', '」', '『', '』', '“', '”', '„', '‚', '‘', '’', '"',
];

/// The quotation marks of a paragraph, in order. Pairing marks looks only at marks and at
/// the chars beside them, so the paragraph is read byte by byte for the bytes that start
/// one (`"`, and the lead bytes of the others: listing every char was most of the time).
fn mark_chars(p: &str) -> Vec<MarkChar> {
    let mut out = Vec::new();
    for (at, byte) in p.bytes().enumerate() {
        if !matches!(byte, b'"' | 0xC2 | 0xE2 | 0xE3) {
            continue;
        }
        let Some(c) = p[at..].chars().next() else {
            continue;
        };
        if !MARK_CHARS.contains(&c) {
            continue;
        }
        out.push(MarkChar {
            at,
            c,
            prev: p[..at].chars().next_back(),
            next: p[at + c.len_utf8()..].chars().next(),
        });
    }
    out
}

/// Whether a paragraph opening with a dash is the signature line of an embedded post
/// ("— Jane Roe (@janeroe) November 18, 2019"), not dialogue: it names a handle, or ends
/// with a year.
fn is_post_signature(p: &str) -> bool {
    let end = p.trim_end().as_bytes();
    let ends_with_year = end.len() >= 5
        && end[end.len() - 4..].iter().all(u8::is_ascii_digit)
        && !end[end.len() - 5].is_ascii_alphanumeric()
        && matches!(&end[end.len() - 4..end.len() - 2], b"19" | b"20");
    ends_with_year || p.contains("(@")
}

/// Spanish dialogue: "—Quote —dijo X—. Rest of the quote." The parts of the quote become
/// marks; the attribution between the dashes stays outside them.
fn dash_dialogue(text: &str, para: Range<usize>) -> Vec<Marks> {
    let p = &text[para.clone()];
    let dashes: Vec<usize> = p.match_indices('—').map(|(i, _)| para.start + i).collect();
    let dash = '—'.len_utf8();
    let mut out = Vec::new();
    let Some(&first) = dashes.first() else {
        return out;
    };
    let second = dashes.get(1).copied();
    out.push(Marks {
        open: first,
        inner: first + dash..second.unwrap_or(para.end),
        close_end: second.unwrap_or(para.end),
        continues: false,
    });
    if let Some(&third) = dashes.get(2) {
        out.push(Marks {
            open: third,
            inner: third + dash..para.end,
            close_end: para.end,
            continues: false,
        });
    }
    out
}

/// The span of a quote: the inside of the marks without white space and punctuation at the
/// edges.
fn quote_span(text: &str, inner: Range<usize>) -> Option<Range<usize>> {
    let s = &text[inner.clone()];
    let trim = |c: char| c.is_whitespace() || EDGE_PUNCTUATION.contains(&c);
    let start = s.len() - s.trim_start_matches(trim).len();
    let end = s.trim_end_matches(trim).len();
    (start < end).then(|| inner.start + start..inner.start + end)
}

/// Whether the period at byte `at` ends an abbreviation or an initial.
fn is_abbreviation(text: &str, at: usize, floor: usize) -> bool {
    let before = &text[floor..at];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || "(“«„\"'‘".contains(c))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    let mut letters = word.chars();
    match (letters.next(), letters.next()) {
        (None, _) => false,
        (Some(c), None) => c.is_uppercase(),
        _ => word.contains('.') || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)),
    }
}

/// Whether what follows byte `after` starts a new sentence: white space, then a capital, a
/// digit, an opening mark or a dash; or the end of the paragraph.
fn starts_sentence(text: &str, after: usize, end: usize) -> bool {
    let rest = &text[after..end];
    let trimmed = rest.trim_start();
    if trimmed.is_empty() {
        return true;
    }
    if trimmed.len() == rest.len() {
        return false;
    }
    trimmed
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || "“„«»‚‘\"「『—–¿¡(".contains(c))
}

/// The first `.`, `!`, `?`, `…` or `。` of `s` (its byte offset), read byte by byte for the
/// bytes that may start one (finding the chars decoded every char of every sentence).
fn sentence_end_mark(s: &str) -> Option<usize> {
    s.bytes().enumerate().find_map(|(at, byte)| match byte {
        b'.' | b'!' | b'?' => Some(at),
        0xE2 | 0xE3 if s[at..].starts_with(['…', '。']) => Some(at),
        _ => None,
    })
}

/// The sentences of a paragraph (byte ranges), never splitting inside quotation marks.
fn sentences(text: &str, para: Range<usize>, marks: &[Marks]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = para.start;
    let mut at = para.start;
    let mut m = 0;
    while at < para.end {
        if m < marks.len() && at == marks[m].open {
            let mark = &marks[m];
            let inside = text[mark.inner.clone()].trim_end();
            let ends = inside.ends_with(['.', '!', '?', '…']);
            at = mark.close_end;
            m += 1;
            if ends && at < para.end && starts_sentence(text, at, para.end) {
                out.push(start..at);
                start = at;
            }
            continue;
        }
        // On to the next sentence end before the next marks (or the paragraph's end).
        let limit = match marks.get(m) {
            Some(mark) if mark.open >= at => mark.open,
            _ => para.end,
        };
        let Some(offset) = sentence_end_mark(&text[at..limit]) else {
            at = limit;
            continue;
        };
        at += offset;
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let after = at + c.len_utf8();
        if after < para.end
            && starts_sentence(text, after, para.end)
            && !(c == '.' && is_abbreviation(text, at, start))
        {
            out.push(start..after);
            start = after;
        }
        at = after;
    }
    if start < para.end {
        out.push(start..para.end);
    }
    out
}

/// The words of a piece of text: byte ranges and lower-case forms, reused between calls.
#[derive(Default)]
struct WordBuffer {
    ranges: Vec<Range<usize>>,
    lower: Vec<String>,
}

impl WordBuffer {
    /// Fills the buffer with the words of `text[range]`: runs of letters and digits, with
    /// apostrophes, hyphens and periods inside them (we’ve, al-Assad, U.S).
    fn fill(&mut self, text: &str, range: Range<usize>) {
        self.ranges.clear();
        let s = &text[range.clone()];
        if s.is_ascii() {
            self.fill_ascii(s.as_bytes(), range.start);
        } else {
            self.fill_unicode(s, range.start);
        }
        self.lower.resize_with(self.ranges.len(), String::new);
        for (r, lower) in self.ranges.iter().zip(&mut self.lower) {
            let word = &text[r.clone()];
            lower.clear();
            // Most words of press text are ASCII: lower-cased in place, without decoding.
            if word.is_ascii() {
                lower.push_str(word);
                lower.make_ascii_lowercase();
            } else {
                lower.extend(word.chars().flat_map(char::to_lowercase));
            }
        }
    }

    /// [`Self::fill`]'s word ranges for ASCII text, read byte by byte (the same words as
    /// [`Self::fill_unicode`] finds: an ASCII byte is a char).
    fn fill_ascii(&mut self, s: &[u8], offset: usize) {
        let mut start: Option<usize> = None;
        let mut prev_alnum = false;
        for (i, &c) in s.iter().enumerate() {
            let alnum = c.is_ascii_alphanumeric();
            let joins = matches!(c, b'\'' | b'-' | b'.')
                && prev_alnum
                && s.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
            if alnum || joins {
                start.get_or_insert(i);
            } else if let Some(s0) = start.take() {
                self.ranges.push(offset + s0..offset + i);
            }
            prev_alnum = alnum;
        }
        if let Some(s0) = start {
            self.ranges.push(offset + s0..offset + s.len());
        }
    }

    /// [`Self::fill`]'s word ranges for any text.
    fn fill_unicode(&mut self, s: &str, offset: usize) {
        let mut start: Option<usize> = None;
        let mut prev_alnum = false;
        let mut chars = s.char_indices().map(|(i, c)| (i, c, c.is_alphanumeric()));
        let mut current = chars.next();
        while let Some((i, c, alnum)) = current {
            let next = chars.next();
            let next_alnum = next.is_some_and(|(_, _, n)| n);
            let joins = matches!(c, '\'' | '’' | '-' | '.') && prev_alnum && next_alnum;
            if alnum || joins {
                start.get_or_insert(i);
            } else if let Some(s0) = start.take() {
                self.ranges.push(offset + s0..offset + i);
            }
            prev_alnum = alnum;
            current = next;
        }
        if let Some(s0) = start {
            self.ranges.push(offset + s0..offset + s.len());
        }
    }

    fn len(&self) -> usize {
        self.ranges.len()
    }
}

/// Whether a word starts with a capital: a speech verb does not ("States", "Says Who").
fn starts_upper(text: &str, word: &Range<usize>) -> bool {
    text[word.clone()]
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// How to pick among several cues in a region.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pick {
    First,
    Last,
}

/// The speaker named by a cue in `region`, if any.
fn speaker_in(
    text: &str,
    region: Range<usize>,
    verbs: &SpeechVerbs,
    pick: Pick,
    words: &mut WordBuffer,
) -> Option<Range<usize>> {
    if region.start >= region.end {
        return None;
    }
    words.fill(text, region.clone());
    let mut cues = Vec::new();
    let mut j = 0;
    while j < words.len() {
        if verbs.starts_cue(&words.lower[j])
            && let Some((len, side)) = verbs.cue_at(&words.lower, j)
            && (side == SpeakerSide::After || !starts_upper(text, &words.ranges[j]))
        {
            cues.push((words.ranges[j].start, words.ranges[j + len - 1].end, side));
            j += len;
            continue;
        }
        j += 1;
    }
    if pick == Pick::Last {
        cues.reverse();
    }
    cues.into_iter().find_map(|(cue_start, cue_end, side)| {
        let before = (side != SpeakerSide::After)
            .then(|| phrase_before(text, region.start..cue_start))
            .flatten()
            .and_then(|p| speaker_or_pronoun(text, p));
        if side == SpeakerSide::Before {
            return before;
        }
        before.or_else(|| {
            phrase_after(text, cue_end..region.end).and_then(|p| speaker_or_pronoun(text, p))
        })
    })
}

/// The whitespace-separated words of `text[range]` as byte ranges.
fn plain_words(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[range.clone()];
    s.split_whitespace()
        .map(|w| {
            let at = w.as_ptr() as usize - s.as_ptr() as usize;
            range.start + at..range.start + at + w.len()
        })
        .collect()
}

/// Whether `word` is in a lower-case `list`, ignoring the case of ASCII letters (no
/// allocation: this runs for every word near every cue).
fn is_in(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// "NASA's", "Disney’s".
fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s")
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The speaker phrase ending a clause before a cue, if any.
fn phrase_before(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = &text[range.clone()];
    // Clauses, last first.
    let mut segments = Vec::new();
    let mut end = s.len();
    for (i, c) in s.char_indices().rev() {
        if CLAUSE_BOUNDARIES.contains(&c) {
            segments.push(range.start + i + c.len_utf8()..range.start + end);
            end = i;
        }
    }
    segments.push(range.start..range.start + end);
    let mut chosen: Option<(usize, Vec<Range<usize>>)> = None;
    for (k, segment) in segments.iter().enumerate().take(4) {
        let mut words = plain_words(text, segment.clone());
        while words
            .last()
            .is_some_and(|w| is_in(&text[w.clone()], FILLERS) || text[w.clone()].ends_with("ly"))
        {
            words.pop();
        }
        let had_words = !words.is_empty();
        while words
            .first()
            .is_some_and(|w| is_in(&text[w.clone()], CONJUNCTIONS))
        {
            words.remove(0);
        }
        if words.is_empty() {
            if k == 0 && had_words {
                // "Rep. David McKinley, R-W.Va., visited the border near McAllen, Texas, and
                // argued that …": a verb joined to the sentence's; its subject is the name
                // that opens the sentence, never the clause just before "and".
                return segments
                    .iter()
                    .rev()
                    .map(|s| plain_words(text, s.clone()))
                    .find(|name| {
                        !name.is_empty()
                            && name.len() <= 4
                            && name.iter().all(|w| is_capitalised(&text[w.clone()]))
                            && !is_in(&text[name[0].clone()], LEADING_FUNCTION_WORDS)
                            && !name.iter().any(|w| {
                                is_in(
                                    text[w.clone()].trim_end_matches([',', '.']),
                                    super::speaker_phrase::TIME_WORDS.words(),
                                )
                            })
                    })
                    .and_then(|name| trim_phrase(text, name.first()?.start..name.last()?.end));
            }
            // "“…,” he said" has an empty clause right after the mark only when the cue
            // follows it directly: look further back only past a relative clause or nothing.
            continue;
        }
        if k > 0 && is_in(&text[words[0].clone()], RELATIVES) {
            continue;
        }
        // A parenthesis ("Sen. Ben Sasse (R-Neb.) said"): the name is before it.
        if text[..segment.start].ends_with('(') {
            continue;
        }
        chosen = Some((k, words));
        break;
    }
    let (k, mut words) = chosen?;
    // "despite being the U.S. envoy in Brussels, said …": a clause with no subject.
    if is_in(&text[words[0].clone()], NON_SUBJECT_OPENERS) {
        return None;
    }
    // The cue's subject follows a subordinating word: "Audience members laughed when he
    // urged" is said by "he".
    if let Some(at) = words
        .iter()
        .rposition(|w| is_in(&text[w.clone()], SUBORDINATORS))
        .filter(|&at| at + 1 < words.len())
    {
        words.drain(..=at);
    }
    // An apposition after a name: "Sergei Lavrov, the Russian foreign minister, said",
    // "Ammar Al Khudairy, chairman of the bank, told".
    // Appositions may follow one another ("Omar Lamrani, a senior analyst at Stratfor, the
    // Texas-based intelligence firm, told"): the name is up to three clauses back.
    // An apposition may open with a possessive ("Jane Roe, NASA's deputy administrator,
    // said"), and the name may follow a lower-case title ("Lead author Dr. Jane K. Roe,
    // assistant professor of medicine, commented"): the clause ends with the name.
    let first = &text[words[0].clone()];
    if (k > 0 || is_in(first, DETERMINERS)) && (!is_capitalised(first) || is_possessive(first)) {
        for previous in segments.iter().skip(k + 1).take(3) {
            let name = plain_words(text, previous.clone());
            let capitalised_tail = name
                .iter()
                .rev()
                .take_while(|w| is_capitalised(&text[(*w).clone()]))
                .count();
            let titled = (2..=4).contains(&capitalised_tail)
                && name.len() <= MAX_SPEAKER_WORDS
                && !is_in(&text[name[0].clone()], LEADING_FUNCTION_WORDS);
            if !name.is_empty() && (name.len() <= 4 && capitalised_tail == name.len() || titled) {
                words = name;
                break;
            }
        }
    }
    // A long clause that opens with a name is left whole: judging it keeps the name ("Hawk
    // Sawyer acknowledged significant staffing shortages Tuesday").
    let opens_with_name = is_capitalised(&text[words[0].clone()])
        && !is_in(&text[words[0].clone()], DETERMINERS)
        && !is_in(&text[words[0].clone()], LEADING_FUNCTION_WORDS);
    if words.len() > MAX_SPEAKER_WORDS && !opens_with_name {
        // The last determiner's phrase ("… said on Friday that a senior official"), or
        // without one the last words ("former National Security Council official Timothy
        // Morrison").
        let from = words
            .iter()
            .rposition(|w| is_in(&text[w.clone()], DETERMINERS))
            .filter(|&i| words.len() - i <= MAX_SPEAKER_WORDS)
            .unwrap_or(words.len() - MAX_SPEAKER_WORDS);
        words.drain(..from);
    }
    trim_phrase(text, words.first()?.start..words.last()?.end)
}

/// The speaker phrase right after a cue ("said John Smith, the minister"), if any.
fn phrase_after(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = &text[range.clone()];
    let lead = s.len()
        - s.trim_start_matches(|c: char| c.is_whitespace() || c == ',')
            .len();
    let s = &s[lead..];
    let clause_end = s.find(CLAUSE_BOUNDARIES).unwrap_or(s.len());
    let clause = range.start + lead..range.start + lead + clause_end;
    let mut words = plain_words(text, clause.clone());
    let first = words.first()?.clone();
    if is_capitalised(&text[first.clone()]) {
        // A name: its capitalised words ("Élisabeth Borne sous les huées" → "Élisabeth
        // Borne"), particles between them allowed ("Ammar al Khudairy", "Frank van der Berg").
        let mut end = 1;
        for (i, w) in words.iter().enumerate().skip(1) {
            let word = &text[w.clone()];
            if is_capitalised(word) {
                end = i + 1;
            } else if !is_in(word, NAME_PARTICLES) {
                break;
            }
        }
        words.truncate(end);
    } else {
        if let Some(stop) = words
            .iter()
            .position(|w| is_in(text[w.clone()].trim_end_matches('.'), STOP_AFTER))
        {
            words.truncate(stop);
        }
        // "según su presidente, Joan Ràfols," : the name in apposition.
        let rest = &text[clause.end..range.end];
        if words.len() <= 3
            && let Some(after_comma) = rest.strip_prefix(',')
        {
            let name_end = after_comma
                .find(CLAUSE_BOUNDARIES)
                .unwrap_or(after_comma.len());
            let at = clause.end + 1;
            let name = plain_words(text, at..at + name_end);
            if !name.is_empty()
                && name.len() <= 4
                && name.iter().all(|w| is_capitalised(&text[w.clone()]))
                && after_comma[name_end..].starts_with(',')
            {
                words = name;
            }
        }
    }
    words.truncate(MAX_SPEAKER_WORDS);
    if words.is_empty() {
        return None;
    }
    trim_phrase(text, words.first()?.start..words.last()?.end)
}

/// A phrase without punctuation at its edges (a sentence's final period, but not the one of
/// "U.S."), or `None` when no letter is left.
fn trim_phrase(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = &text[range.clone()];
    let start = s.len() - s.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
    let mut end = s
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.')
        .len();
    let body = &s[..end];
    if body.ends_with('.') {
        let last_word = body.rsplit(char::is_whitespace).next().unwrap_or(body);
        if last_word.matches('.').count() == 1 && !is_abbreviation_word(last_word) {
            end -= 1;
        }
    }
    (start < end && s[start..end].chars().any(char::is_alphabetic))
        .then(|| range.start + start..range.start + end)
}

fn is_abbreviation_word(word_with_period: &str) -> bool {
    let word = word_with_period.trim_end_matches('.');
    word.chars().count() == 1 || is_in(word, ABBREVIATIONS)
}

/// A headline's or interview's "Name: “…”" speaker: a short capitalised clause before a colon.
fn colon_speaker(text: &str, region: Range<usize>) -> Option<Range<usize>> {
    let s = text[region.clone()].trim_end();
    let before = s.strip_suffix(':')?;
    let clause_start = before.rfind(CLAUSE_BOUNDARIES).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let words = plain_words(
        text,
        region.start + clause_start..region.start + before.len(),
    );
    if words.is_empty() || words.len() > 4 || !is_capitalised(&text[words[0].clone()]) {
        return None;
    }
    trim_phrase(text, words.first()?.start..words.last()?.end)
}

/// The parts of a sentence outside quotation marks.
fn outside_marks(sentence: Range<usize>, marks: &[Marks]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = sentence.start;
    for m in marks
        .iter()
        .filter(|m| m.open < sentence.end && m.close_end > sentence.start)
    {
        if m.open > at {
            out.push(at..m.open);
        }
        at = at.max(m.close_end);
    }
    if at < sentence.end {
        out.push(at..sentence.end);
    }
    out
}

/// A phrase that may name a speaker: a mention narrowed to the name or description, or a
/// pronoun as it is (resolved later, in text order); `None` for anything else.
fn speaker_or_pronoun(text: &str, phrase: Range<usize>) -> Option<Range<usize>> {
    match judge(text, phrase.clone())? {
        Judged::Mention(range, _) => Some(range),
        Judged::Pronoun { .. } => Some(phrase),
    }
}

/// How far back (bytes) a pronoun's antecedent may be: about three paragraphs of news.
const ANTECEDENT_REACH: usize = 1500;

/// How far back (bytes) a pronoun looks for a name in the text when no speaker was named.
const NAME_REACH: usize = 800;

/// How many of the last speakers named a pronoun may stand for (and whose surnames count as
/// names): bounds the work per quote on a long article.
const RECENT_SPEAKERS: usize = 64;

/// The speakers named so far, in text order: what a pronoun stands for.
#[derive(Default)]
struct Mentions {
    named: Vec<(Range<usize>, SpeakerKind)>,
}

impl Mentions {
    /// The speaker a phrase stands for: the phrase itself when it names someone (and it is
    /// remembered), the nearest earlier mention of a person (or, for "it", "they", "we", of
    /// a body too) when it is a pronoun, `None` when there is none.
    fn resolve(&mut self, text: &str, phrase: JudgedPhrase) -> Option<Range<usize>> {
        let JudgedPhrase { phrase, judged } = phrase;
        match judged {
            Judged::Mention(range, kind) => {
                self.named.push((range.clone(), kind));
                Some(range)
            }
            Judged::Pronoun {
                may_be_organization,
            } => {
                let fits = |kind: SpeakerKind| may_be_organization || kind == SpeakerKind::Person;
                let named = self
                    .named
                    .iter()
                    .rev()
                    .take(RECENT_SPEAKERS)
                    .find(|(r, kind)| {
                        r.end <= phrase.start
                            && phrase.start - r.start <= ANTECEDENT_REACH
                            && fits(*kind)
                    })
                    .map(|(r, _)| r.clone());
                let known = |word: &str| {
                    self.named
                        .iter()
                        .rev()
                        .take(RECENT_SPEAKERS)
                        .any(|(r, kind)| {
                            *kind == SpeakerKind::Person
                                && r.end <= phrase.start
                                && text[r.clone()]
                                    .split_whitespace()
                                    .next_back()
                                    .is_some_and(|last| last == word)
                        })
                };
                let in_text = last_name_before(text, phrase.start, may_be_organization, known);
                match (named, in_text) {
                    (Some(a), Some(b)) => Some(if b.start > a.start { b } else { a }),
                    (a, b) => a.or(b),
                }
            }
        }
    }

    /// Whether a resolved speaker is a person or a body.
    fn kind_of(&self, range: &Range<usize>) -> Option<SpeakerKind> {
        self.named
            .iter()
            .rev()
            .take(RECENT_SPEAKERS)
            .find(|(r, _)| r == range)
            .map(|(_, kind)| *kind)
            .or(Some(SpeakerKind::Person))
    }
}

/// Words before a name that make it a place or a thing, not a speaker ("in Palm Beach").
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "at", "from", "to", "of", "near", "into", "across", "outside", "inside", "on", "for",
    "with", "by", "about", "against", "between", "toward", "towards", "through", "under",
];

/// Words that start a sentence with a capital without being part of a name.
const LEADING_FUNCTION_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "yet",
    "but",
    "and",
    "so",
    "then",
    "in",
    "on",
    "at",
    "this",
    "that",
    "when",
    "while",
    "after",
    "before",
    "as",
    "if",
    "still",
    "also",
    "now",
    "later",
    "instead",
    "however",
    "meanwhile",
    "since",
    "for",
    "with",
    "from",
    "by",
    "to",
    "of",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
];

/// `range` without the function words it starts with ("Yet Sondland" → "Sondland"); `None`
/// when nothing is left.
fn without_leading_function_words(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let mut start = range.start;
    loop {
        let rest = &text[start..range.end];
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if !is_in(&rest[..word_end], LEADING_FUNCTION_WORDS) {
            return Some(start..range.end);
        }
        if word_end == rest.len() {
            return None;
        }
        let skip = rest[word_end..].len() - rest[word_end..].trim_start().len();
        start += word_end + skip;
    }
}

/// The nearest name in the text shortly before `at`, outside quotation marks, that may be
/// the speaker a pronoun stands for: a person's name of two capitalised words or more, or a
/// single word that is the last word of a speaker named earlier (`known`: "Boudreau" after
/// "Bruce Boudreau said"); not after a preposition ("in Palm Beach"), not a possessor
/// ("Google's").
fn last_name_before(
    text: &str,
    at: usize,
    organization_too: bool,
    known: impl Fn(&str) -> bool,
) -> Option<Range<usize>> {
    let mut floor = at.saturating_sub(NAME_REACH);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let region = &text[floor..at];
    let mut inside = false;
    // (run, the word before it, its sentence's number)
    let mut runs: Vec<(Range<usize>, String, usize)> = Vec::new();
    let mut run: Option<Range<usize>> = None;
    let mut previous = String::new();
    let mut previous2 = String::new();
    let mut before_run = String::new();
    let mut sentence = 0usize;
    let mut offset = 0;
    for word in region.split_inclusive(char::is_whitespace) {
        let start = floor + offset;
        offset += word.len();
        let w = word.trim();
        if w.starts_with(['“', '"', '«', '„']) {
            inside = true;
        }
        let lead = w.len() - w.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        let word_lead = word.len() - word.trim_start().len();
        let bare_start = start + word_lead + lead;
        let capital = !inside && is_capitalised(bare) && bare.chars().count() > 1;
        if capital {
            run = Some(match run.take() {
                Some(r) => r.start..bare_start + bare.len(),
                None => {
                    // "in Palm Beach", "in the Gush Etzion bloc": the preposition before it.
                    let determiner = matches!(previous.as_str(), "the" | "a" | "an");
                    before_run.clone_from(if determiner { &previous2 } else { &previous });
                    bare_start..bare_start + bare.len()
                }
            });
        } else if let Some(r) = run.take() {
            runs.push((r, before_run.clone(), sentence));
        }
        // A run ends at punctuation after a word, and at a possessive.
        if ((w.ends_with([',', '.', ';', ':', '?', '!', ')']) && !w.ends_with("Mr."))
            || super::speaker_phrase::is_possessive(bare))
            && let Some(r) = run.take()
        {
            runs.push((r, before_run.clone(), sentence));
        }
        if w.trim_end_matches(['.', ',', ';', ':', '!', '?', ')'])
            .ends_with(['”', '"', '»', '“'])
        {
            inside = false;
        }
        let ends_sentence = w
            .trim_end_matches(['”', '"', '’', '»', ')'])
            .ends_with(['.', '!', '?'])
            && !is_abbreviation_word(w.trim_end_matches(['”', '"', '’', '»', ')']));
        if ends_sentence || word.contains('\n') {
            sentence += 1;
        }
        previous2 = std::mem::replace(&mut previous, bare.to_lowercase());
    }
    if let Some(r) = run.take() {
        runs.push((r, before_run, sentence));
    }
    let valid = |r: Range<usize>, before: &str, first_of_sentence: bool| {
        if is_in(before, PLACE_PREPOSITIONS) {
            return None;
        }
        // A capitalised word that starts a sentence is no part of the name ("Yet Sondland",
        // "The Wild").
        let r = without_leading_function_words(text, r)?;
        let name = &text[r.clone()];
        if name.ends_with("'s") || name.ends_with("’s") {
            return None;
        }
        let kind = match judge(text, r.clone()) {
            Some(Judged::Mention(narrowed, kind)) if narrowed == r => kind,
            _ => return None,
        };
        if kind == SpeakerKind::Organization && !organization_too {
            return None;
        }
        if name.split_whitespace().count() >= 2 || kind == SpeakerKind::Organization {
            return Some(r);
        }
        // One word: a speaker named before, or a sentence's subject that ends a fuller name
        // earlier ("Netanyahu visited …" after "Benjamin Netanyahu").
        (known(name) || (first_of_sentence && ends_a_fuller_name(text, r.start, name))).then_some(r)
    };
    // The nearest sentence that names someone, and in it the first name: the subject, as a
    // pronoun usually stands for ("Montell Figgins, who represents Thomas, said …. He said"
    // is Figgins).
    let mut previous_sentence = usize::MAX;
    let valid: Vec<(Range<usize>, usize)> = runs
        .into_iter()
        .filter_map(|(r, before, sentence)| {
            let first = sentence != previous_sentence;
            previous_sentence = sentence;
            valid(r, &before, first).map(|r| (r, sentence))
        })
        .collect();
    let last = valid.last()?.1;
    valid
        .into_iter()
        .find(|(_, sentence)| *sentence == last)
        .map(|(r, _)| r)
}

/// How far back (bytes) a fuller name is looked for ([`ends_a_fuller_name`]).
const FULLER_NAME_REACH: usize = 20_000;

/// Whether `word` ends a name of two capitalised words or more in the text before `at`
/// ("Benjamin Netanyahu" for "Netanyahu").
fn ends_a_fuller_name(text: &str, at: usize, word: &str) -> bool {
    let mut floor = at.saturating_sub(FULLER_NAME_REACH);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let before = &text[floor..at];
    before.match_indices(word).any(|(i, _)| {
        let after = before[i + word.len()..].chars().next();
        if after.is_some_and(char::is_alphanumeric) {
            return false;
        }
        before[..i]
            .strip_suffix(' ')
            .and_then(|h| h.split_whitespace().next_back())
            .is_some_and(|w| is_capitalised(w) && w.chars().all(char::is_alphabetic))
    })
}

fn find_speaker(
    text: &str,
    marks: &[Marks],
    i: usize,
    sentences: &[Range<usize>],
    verbs: &SpeechVerbs,
    words: &mut WordBuffer,
) -> Option<Range<usize>> {
    let m = &marks[i];
    let k = sentences
        .iter()
        .position(|s| s.start <= m.open && m.open < s.end)?;
    let sentence = sentences[k].clone();
    let after_end = marks
        .get(i + 1)
        .filter(|n| n.open < sentence.end)
        .map_or(sentence.end, |n| n.open);
    let near_end = within_words(text, m.close_end..after_end, AFTER_REACH);
    if let Some(found) = speaker_in(text, m.close_end..near_end, verbs, Pick::First, words) {
        return Some(found);
    }
    let before_start = match i.checked_sub(1).map(|p| &marks[p]) {
        Some(p) if p.close_end > sentence.start => p.close_end,
        _ => sentence.start,
    };
    if let Some(found) = speaker_in(text, before_start..m.open, verbs, Pick::Last, words) {
        return Some(found);
    }
    if let Some(found) =
        colon_speaker(text, before_start..m.open).and_then(|p| speaker_or_pronoun(text, p))
    {
        return Some(found);
    }
    if let Some(previous) = k.checked_sub(1) {
        for region in outside_marks(sentences[previous].clone(), marks)
            .into_iter()
            .rev()
        {
            if let Some(found) = speaker_in(text, region, verbs, Pick::Last, words) {
                return Some(found);
            }
        }
    }
    if let Some(next) = sentences.get(k + 1) {
        for region in outside_marks(next.clone(), marks) {
            if let Some(found) = speaker_in(text, region, verbs, Pick::First, words) {
                return Some(found);
            }
        }
    }
    None
}

/// The indirect quote of a sentence: "X said (on Friday) that …" up to the sentence's end.
fn indirect(
    text: &str,
    sentence: Range<usize>,
    marks: &[Marks],
    verbs: &SpeechVerbs,
    words: &mut WordBuffer,
) -> Option<FoundQuote> {
    if !might_hold_indirect(&text[sentence.clone()]) {
        return None;
    }
    let has_marks = marks
        .iter()
        .any(|m| m.open < sentence.end && m.close_end > sentence.start);
    words.fill(text, sentence.clone());
    let mut j = 0;
    while j < words.len() {
        let cue = verbs
            .starts_cue(&words.lower[j])
            .then(|| verbs.cue_at(&words.lower, j))
            .flatten()
            .filter(|_| !starts_upper(text, &words.ranges[j]));
        let Some((len, side)) = cue else {
            j += 1;
            continue;
        };
        let cue_range = words.ranges[j].start..words.ranges[j + len - 1].end;
        let reach = (j + len..words.len()).take(COMPLEMENTIZER_REACH + 1);
        let that = reach.into_iter().find_map(|w| {
            let lower = &words.lower[w];
            if COMPLEMENTIZERS.contains(&lower.as_str()) {
                Some(words.ranges[w].end)
            } else if lower.starts_with("qu’") {
                Some(words.ranges[w].start + "qu’".len())
            } else if lower.starts_with("qu'") {
                Some(words.ranges[w].start + "qu'".len())
            } else {
                None
            }
        });
        let (Some(from), SpeakerSide::Either | SpeakerSide::Before) = (that, side) else {
            j += len;
            continue;
        };
        if has_marks
            && marks
                .iter()
                .any(|m| m.open >= from && m.open < sentence.end)
        {
            return None;
        }
        let span = quote_span(text, from..sentence.end)?;
        if text[span.clone()].unicode_words().count() < MIN_WORDS {
            return None;
        }
        // After a cue such as "told" or "telling" stands whom they spoke to, never the
        // speaker ("telling lawmakers that …").
        let speaker = phrase_before(text, sentence.start..cue_range.start).or_else(|| {
            (side != SpeakerSide::Before)
                .then(|| phrase_after(text, cue_range.end..from))
                .flatten()
        });
        return Some(FoundQuote {
            span,
            form: Form::Indirect,
            speaker,
            speaker_kind: None,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quotes of `text` as (quote, speaker) strings.
    fn quotes(text: &str) -> Vec<(String, Option<String>, Form)> {
        find(text, &SpeechVerbs::builtin())
            .into_iter()
            .map(|q| {
                (
                    text[q.span].to_owned(),
                    q.speaker.map(|s| text[s].to_owned()),
                    q.form,
                )
            })
            .collect()
    }

    fn direct(text: &str) -> Vec<(String, Option<String>)> {
        quotes(text)
            .into_iter()
            .filter(|q| q.2 == Form::Direct)
            .map(|q| (q.0, q.1))
            .collect()
    }

    fn pair(quote: &str, speaker: &str) -> (String, Option<String>) {
        (quote.to_owned(), Some(speaker.to_owned()))
    }

    #[test]
    fn english_curly_quotes_with_the_speaker_after_them() {
        let text = "“We’ve been taking issues off the table and we have been unable to close,” one official said.";
        assert_eq!(
            direct(text),
            [pair(
                "We’ve been taking issues off the table and we have been unable to close",
                "one official"
            )]
        );
    }

    #[test]
    fn straight_quotes_and_a_speaker_named_after_the_cue() {
        let text = "\"The talks will go on until we have a deal,\" said Maria Zakharova, the ministry's spokeswoman.";
        assert_eq!(
            direct(text),
            [pair(
                "The talks will go on until we have a deal",
                "Maria Zakharova"
            )]
        );
    }

    #[test]
    fn split_quotes_give_two_quotes_with_the_same_speaker() {
        let text = "Aid workers met Marie Colvin on Monday. “We will not give up,” she said. “The people of Aleppo deserve better than this.”";
        assert_eq!(
            direct(text),
            [
                pair("We will not give up", "Marie Colvin"),
                pair(
                    "The people of Aleppo deserve better than this",
                    "Marie Colvin"
                ),
            ]
        );
        let same_sentence =
            "“We will not give up,” Kerry said, “and we will not walk away either.”";
        assert_eq!(
            direct(same_sentence),
            [
                pair("We will not give up", "Kerry"),
                pair("and we will not walk away either", "Kerry"),
            ]
        );
    }

    #[test]
    fn french_guillemets_with_inner_spaces() {
        let text = "« Nous ne céderons pas sur l’essentiel », a déclaré le ministre des Affaires étrangères.";
        assert_eq!(
            direct(text),
            [pair(
                "Nous ne céderons pas sur l’essentiel",
                "le ministre des Affaires étrangères"
            )]
        );
        let selon = "Selon Jean-Yves Le Drian, « la France restera aux côtés de ses alliés ».";
        assert_eq!(
            direct(selon),
            [pair(
                "la France restera aux côtés de ses alliés",
                "Jean-Yves Le Drian"
            )]
        );
    }

    #[test]
    fn german_low_high_quotes_and_single_low_quotes() {
        let text =
            "„Wir werden die Gespräche fortsetzen“, sagte Außenminister Steinmeier am Freitag.";
        assert_eq!(
            direct(text),
            [pair(
                "Wir werden die Gespräche fortsetzen",
                "Außenminister Steinmeier"
            )]
        );
        let single = "Der Sprecher sagte: ‚Das ist nicht verhandelbar für uns.‘";
        assert_eq!(
            direct(single),
            [pair("Das ist nicht verhandelbar für uns", "Der Sprecher")]
        );
    }

    #[test]
    fn single_curly_quotes_but_not_apostrophes() {
        let text = "‘We’re not there yet, but it’s close,’ the diplomat told reporters.";
        assert_eq!(
            direct(text),
            [pair("We’re not there yet, but it’s close", "the diplomat")]
        );
        assert!(direct("The officials’ plan isn’t Kerry’s, nor Lavrov’s.").is_empty());
    }

    /// The command line looks at paragraphs on several threads: it must find the same
    /// quotes with the same speakers, across paragraphs a quote goes on in and pronouns
    /// that stand for a person named paragraphs before.
    #[test]
    fn paragraphs_looked_at_apart_give_the_same_quotes() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suggest-gold");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .expect("the gold folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        names.sort();
        let mut all = String::new();
        for name in &names {
            all.push_str(&std::fs::read_to_string(name).expect("a gold article"));
            all.push_str("\n😀 李 “Ceci n’est pas fini,” il a dit.\n");
        }
        let verbs = SpeechVerbs::builtin();
        let serial = find(&all, &verbs);
        assert!(serial.len() > 50, "{} quotes", serial.len());
        assert!(serial.iter().filter(|q| q.speaker.is_some()).count() > 40);
        assert_eq!(find_parallel(&all, &verbs), serial);
    }

    #[test]
    fn corner_brackets() {
        let text = "岸田首相は「対話を続けることが重要だ」と述べた。";
        let found = find(text, &SpeechVerbs::builtin());
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].span.clone()], "対話を続けることが重要だ");
    }

    #[test]
    fn spanish_guillemets_and_dash_dialogue() {
        let text = "«No vamos a ceder ante ninguna presión», afirmó el presidente del Gobierno.";
        assert_eq!(
            direct(text),
            [pair(
                "No vamos a ceder ante ninguna presión",
                "el presidente del Gobierno"
            )]
        );
        let dialogue = "—No vamos a ceder ante nadie —dijo el ministro—. Y no lo haremos nunca.";
        assert_eq!(
            direct(dialogue),
            [
                pair("No vamos a ceder ante nadie", "el ministro"),
                pair("Y no lo haremos nunca", "el ministro"),
            ]
        );
    }

    #[test]
    fn nested_quotes_belong_to_the_outer_quote() {
        let text = "“He told me ‘we are done here’ and walked out of the room,” the envoy said.";
        assert_eq!(
            direct(text),
            [pair(
                "He told me ‘we are done here’ and walked out of the room",
                "the envoy"
            )]
        );
    }

    #[test]
    fn scare_quotes_are_not_suggested() {
        let text = "They said “steady progress” had been made, calling it “relatively soon”.";
        assert!(direct(text).is_empty());
    }

    #[test]
    fn speaker_before_the_quote_and_in_the_previous_sentence() {
        let text = "Kerry told reporters on Friday: “We are closer than we have ever been.”";
        assert_eq!(
            direct(text),
            [pair("We are closer than we have ever been", "Kerry")]
        );
        let previous = "Issues were “highly technical and complicated”, the official said. “We can’t guarantee at this point that we are on the cusp of finishing.”";
        assert_eq!(
            direct(previous),
            [
                pair("highly technical and complicated", "the official"),
                pair(
                    "We can’t guarantee at this point that we are on the cusp of finishing",
                    "the official"
                ),
            ]
        );
    }

    #[test]
    fn appositions_give_way_to_the_name_and_abbreviations_do_not_end_sentences() {
        let text =
            "Sergei Lavrov, the Russian foreign minister, said: “Moscow is ready for a deal.”";
        assert_eq!(
            direct(text),
            [pair("Moscow is ready for a deal", "Sergei Lavrov")]
        );
        let abbreviation = "“There is no deal yet,” said U.S. Secretary of State John Kerry.";
        assert_eq!(
            direct(abbreviation),
            [pair("There is no deal yet", "U.S. Secretary")]
        );
    }

    #[test]
    fn headlines_with_a_colon() {
        let text = "Merkel: „Wir schaffen das, und zwar gemeinsam“";
        assert_eq!(
            direct(text),
            [pair("Wir schaffen das, und zwar gemeinsam", "Merkel")]
        );
    }

    #[test]
    fn quotes_over_several_paragraphs() {
        let text = "“The first part of the statement runs on here.\n\n“And the second paragraph closes it,” he said.";
        assert_eq!(
            direct(text),
            [
                (
                    "The first part of the statement runs on here".to_owned(),
                    None
                ),
                ("And the second paragraph closes it".to_owned(), None),
            ],
            "a pronoun with nobody named before it is no speaker"
        );
        let three = "Kim said: “The first paragraph opens the quote here.\n\n“The second one goes on without any cue.\n\n“And the third one ends it.”";
        assert_eq!(
            direct(three),
            [
                pair("The first paragraph opens the quote here", "Kim"),
                pair("The second one goes on without any cue", "Kim"),
                pair("And the third one ends it", "Kim"),
            ]
        );
    }

    #[test]
    fn indirect_quotes_after_said_that() {
        let text = "A second U.S. official said on Friday that the talks could not go on for ever.";
        assert_eq!(
            quotes(text),
            [(
                "the talks could not go on for ever".to_owned(),
                Some("A second U.S. official".to_owned()),
                Form::Indirect
            )]
        );
        let mixed = "He said that “patience is not infinite” and more.";
        assert!(quotes(mixed).iter().all(|q| q.2 == Form::Direct));
        let french = "Le ministre a affirmé qu’il ne céderait pas aux pressions.";
        assert_eq!(
            quotes(french),
            [(
                "il ne céderait pas aux pressions".to_owned(),
                Some("Le ministre".to_owned()),
                Form::Indirect
            )]
        );
    }

    #[test]
    fn pronouns_link_to_the_nearest_earlier_mention_instead_of_a_new_person() {
        let text = "“The ceasefire holds,” Hans Grundberg said on Monday.\n\nThe envoy met both sides. “We are not there yet,” he said.";
        assert_eq!(
            direct(text),
            [
                pair("The ceasefire holds", "Hans Grundberg"),
                pair("We are not there yet", "Hans Grundberg"),
            ]
        );
        // "it" stands for a body as well; "he" never does.
        let body = "“Prices will rise,” the company said. “We regret it,” it said.";
        assert_eq!(
            direct(body),
            [
                pair("Prices will rise", "the company"),
                pair("We regret it", "the company"),
            ]
        );
        let nobody = "“Prices will rise,” the company said. “We regret it deeply,” he added.";
        assert_eq!(direct(nobody)[1], ("We regret it deeply".to_owned(), None));
    }

    #[test]
    fn a_quote_closed_before_a_period_does_not_hide_the_names_after_it() {
        let text = "She called it a case of \"incessant, manipulative bullying\".\n\nThen, last week, Taylor Swift posted on Twitter accusing Big Machine of trying to stop her.\n\n\"I just want to be able to perform my own music,\" she said.";
        assert_eq!(
            direct(text).last().cloned(),
            Some(pair(
                "I just want to be able to perform my own music",
                "Taylor Swift"
            ))
        );
    }

    #[test]
    fn the_listener_after_told_is_never_the_speaker_and_appositions_give_way_to_the_name() {
        let text = "Hawk Sawyer acknowledged significant staffing shortages Tuesday, telling lawmakers that prison officials are working to fill 3,000 vacancies.";
        let found = quotes(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1.as_deref(), Some("Hawk Sawyer"));
        let appositions = "Omar Lamrani, a senior military analyst at Stratfor, the Texas-based intelligence firm, told reporters in October that the group was fairly secular by regional standards.";
        assert_eq!(quotes(appositions)[0].1.as_deref(), Some("Omar Lamrani"));
    }

    #[test]
    fn a_verb_joined_by_and_takes_the_subject_that_opens_the_sentence() {
        let text = "In October, Rep. David McKinley, R-W.Va., visited the border near McAllen, Texas, and argued that the country needs more border agents.";
        assert_eq!(quotes(text)[0].1.as_deref(), Some("Rep. David McKinley"));
    }

    #[test]
    fn bodies_are_typed_organization_and_people_person() {
        let text = "“We are ready to talk,” the Foreign Ministry said. “So are we, at last,” said John Kerry.";
        let found = find(text, &SpeechVerbs::builtin());
        let kinds: Vec<_> = found
            .iter()
            .map(|q| (text[q.speaker.clone().unwrap()].to_owned(), q.speaker_kind))
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    "the Foreign Ministry".to_owned(),
                    Some(SpeakerKind::Organization)
                ),
                ("John Kerry".to_owned(), Some(SpeakerKind::Person)),
            ]
        );
    }

    #[test]
    fn companies_named_by_their_trade_are_typed_organization() {
        for (text, speaker) in [
            (
                "“The show will go on next year,” Dick Clark Productions said in a statement.",
                "Dick Clark Productions",
            ),
            (
                "“Margins will recover by the spring,” said Kotak Institutional Equities.",
                "Kotak Institutional Equities",
            ),
            (
                "“We own the masters outright,” Big Machine Records said.",
                "Big Machine Records",
            ),
        ] {
            let found = find(text, &SpeechVerbs::builtin());
            let kinds: Vec<_> = found
                .iter()
                .map(|q| {
                    (
                        q.speaker.clone().map(|s| text[s].to_owned()),
                        q.speaker_kind,
                    )
                })
                .collect();
            assert_eq!(
                kinds,
                [(Some(speaker.to_owned()), Some(SpeakerKind::Organization))],
                "{text}"
            );
        }
    }

    #[test]
    fn numbers_dates_and_clauses_never_become_speakers() {
        // The wrong people: none of these may come out as a speaker.
        for text in [
            "The clip was shared “more than a hundred thousand times” 000 times on Facebook said.",
            "“We will win this,” a pep talk Tuesday said.",
            "“The plant will close for good,” announced in October.",
            "“This is not what happened at all,” The post said.",
            "“Nobody could have known that,” who said.",
        ] {
            for (quote, speaker) in direct(text) {
                assert_eq!(speaker, None, "{text}: {quote}");
            }
        }
        let verb_phrase =
            "Delgado disputed that figure and told reporters: “The real number is much higher.”";
        assert_eq!(
            direct(verb_phrase),
            [pair("The real number is much higher", "Delgado")]
        );
    }

    #[test]
    fn mixed_marks_of_real_press_text_close_their_quotes() {
        // A straight mark opened, a curly one closed (and the next quote straight again).
        let text = "\"And I asked, well, on whose authority?” said Hill, who testifies Thursday. \"And he said, the President.\"";
        assert_eq!(
            direct(text),
            [
                pair("And I asked, well, on whose authority", "Hill"),
                pair("And he said, the President", "Hill"),
            ]
        );
        // Two apostrophes as the closing mark.
        let doubled = "“It was an attempt to mislead voters,’’ Will Moy said.";
        assert_eq!(
            direct(doubled),
            [pair("It was an attempt to mislead voters", "Will Moy")]
        );
        // A curly mark opened, a straight one closed, then the other way round.
        let crossed = "“When all the evidence is presented,\" he said, \"maybe you’ll see it.”";
        assert_eq!(
            direct(crossed),
            [
                pair("When all the evidence is presented", "he"),
                pair("maybe you’ll see it", "he"),
            ]
            .map(|(q, _)| (q, None)),
            "two quotes (\"he\" names nobody before it)"
        );
        // A curly quote with a straight mark inside still closes at its own mark.
        let inner = "“They called it \"the deal of the century\" again,” the envoy said.";
        assert_eq!(
            direct(inner),
            [pair(
                "They called it \"the deal of the century\" again",
                "the envoy"
            )]
        );
    }

    #[test]
    fn a_straight_mark_with_a_stray_space_still_opens() {
        let text = "“We love you for that,” he told Cook. \" You guys have done such a good job.\"";
        assert_eq!(
            direct(text).into_iter().map(|q| q.0).collect::<Vec<_>>(),
            ["We love you for that", "You guys have done such a good job"]
        );
    }

    #[test]
    fn titles_signs_and_two_word_terms_are_not_quotes() {
        for text in [
            "They held signs with sayings such as, “Less Money on Testing, More Money on Students.” Teachers cheered.",
            "The crowd sang “We’re Not Gonna Take It” as the governor spoke.",
            "The “de-confliction zone” around the base stays closed, officials said.",
        ] {
            assert!(direct(text).is_empty(), "{text}: {:?}", direct(text));
        }
        for text in [
            "A rare condition known as “feather duvet lung” was found in his bedding.",
            "Critics call it the so-called “deal of the century” for the region.",
        ] {
            assert!(direct(text).is_empty(), "{text}: {:?}", direct(text));
        }
        // A headline's quote in capitals that ends a sentence is still a quote.
        let shout = "“We Will Not Back Down!” Tanaka said.";
        assert_eq!(direct(shout), [pair("We Will Not Back Down", "Tanaka")]);
    }

    #[test]
    fn names_given_by_is_called_and_phrases_used_as_modifiers_are_not_quotes() {
        for text in [
            "When the cause is mould, the illness is called “mushroom worker’s lung.” Doctors see it often.",
            "In horses the term most often used is “recurrent airway obstruction.” It is treatable.",
            "The governor campaigned on her “jobs for every county” pledge across the state.",
            "Aides said the “no new taxes” promise would be kept.",
            "“Jobs for every county” is printed on every bus in the state.",
        ] {
            assert!(direct(text).is_empty(), "{text}: {:?}", direct(text));
        }
        // Partial quotes that are somebody's words stay quotes.
        for text in [
            "“We don't want those people” working in federal prisons, she said.",
            "The senator called the plan “a total disaster for farmers” and left the room.",
            "Smith said the deal was “the worst in a generation” in an interview.",
            "Critics say the “plan will fail miserably,” Smith said.",
        ] {
            assert_eq!(direct(text).len(), 1, "{text}: {:?}", direct(text));
        }
    }

    #[test]
    fn chants_campaigns_and_the_names_listed_with_them_are_not_quotes() {
        for text in [
            "Teachers chanted, “Pay us what we are worth,” and “Put our kids first,” as they marched.",
            "She runs the agency behind the state’s campaign “Starts with one small step.”",
            "The tagline? “Drugs. We are on it.”",
            "It has earned the nickname of “ pigeon keeper’s lung. ” Few know it.",
        ] {
            assert!(direct(text).is_empty(), "{text}: {:?}", direct(text));
        }
        let said = "The campaign said “We are confident of winning the seat.”";
        assert_eq!(direct(said).len(), 1, "{:?}", direct(said));
    }

    #[test]
    fn the_signature_of_an_embedded_post_is_not_dialogue() {
        let text = "Yes this is real and the state paid for it: https://t.co/abc\n\n— Jane Roe 🏳️‍🌈 (@janeroe) November 18, 2019\n\nSo many people talked about it.";
        assert!(direct(text).is_empty(), "{:?}", direct(text));
    }

    #[test]
    fn a_possessive_apposition_or_a_titled_name_gives_way_to_the_name() {
        let text = "“We will land there soon,” Jane Roe, NASA's deputy administrator for exploration, said in a statement.";
        assert_eq!(direct(text), [pair("We will land there soon", "Jane Roe")]);
        let colon = "Lead author Dr. Jane K. Roe, assistant professor of medicine at Boston University School of Medicine, commented: “The risk is real and it is growing.”";
        let found = direct(colon);
        assert_eq!(found.len(), 1, "{found:?}");
        let speaker = found[0].1.clone().unwrap_or_default();
        assert!(speaker.contains("Jane K. Roe"), "{speaker:?}");
    }

    #[test]
    fn a_split_quote_whose_second_part_opens_with_a_stray_space() {
        let text =
            "“Running things is different from planning,” Mayer said. “ I love what I’m doing.”";
        assert_eq!(
            direct(text),
            [
                pair("Running things is different from planning", "Mayer"),
                pair("I love what I’m doing", "Mayer")
            ]
        );
    }

    #[test]
    fn unbalanced_and_odd_marks_do_not_panic() {
        for text in [
            "“",
            "”",
            "„",
            "«",
            "‘",
            "\"",
            "—",
            "“a",
            "a “b c d",
            "— —",
            "«»",
            "“”",
            "\u{a0}“ ”",
        ] {
            let _ = find(text, &SpeechVerbs::builtin());
        }
    }
}
