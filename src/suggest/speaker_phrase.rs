//! What may be a speaker: the phrase a quote's attribution names is judged before it becomes
//! an entity. A speaker is a name ("John Kerry", "Mr. Smith", "Secretary of State John
//! Kerry"), a person or body described ("one official", "a spokeswoman for the ministry",
//! "the company", "le ministre"), or a pronoun, which the caller resolves to an earlier
//! mention. Never a number, a date, a verb phrase, a clause or an object ("000 times on
//! Facebook", "a pep talk Tuesday", "announced in October", "The post", "who").
//!
//! Byte offsets into the article's text, like the rest of [`super::quotes`].

use std::ops::Range;

use super::word_list::WordList;

/// What a speaker phrase names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpeakerKind {
    Person,
    Organization,
}

/// A judged phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Judged {
    /// A name or a description: the range (maybe narrowed) and what it names.
    Mention(Range<usize>, SpeakerKind),
    /// A pronoun: who it is must come from an earlier mention. `true` when it may stand for
    /// an organisation ("it", "they", "we").
    Pronoun { may_be_organization: bool },
}

/// Pronouns standing for a person (or a group of people).
static PERSON_PRONOUNS: WordList = WordList::new(&[
    "he", "she", "i", "il", "elle", "je", "er", "ich", "él", "ella", "yo",
]);

/// Pronouns that may stand for a body as well.
static GROUP_PRONOUNS: WordList = WordList::new(&[
    "it", "they", "we", "ils", "elles", "nous", "on", "sie", "wir", "es", "ellos", "ellas",
    "nosotros",
]);

/// Words that never name a speaker on their own: indefinites, relatives, demonstratives.
static NOT_SPEAKERS: WordList = WordList::new(&[
    "who",
    "which",
    "that",
    "this",
    "these",
    "those",
    "what",
    "whom",
    "whose",
    "there",
    "here",
    "many",
    "some",
    "others",
    "other",
    "few",
    "all",
    "both",
    "everyone",
    "everybody",
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "nobody",
    "none",
    "each",
    "most",
    "several",
    "one",
    "it's",
    "this",
    "such",
    "you",
    "me",
    "him",
    "her",
    "them",
    "us",
    "so",
    "as",
    "and",
    "but",
    "or",
    "if",
    "when",
    "while",
    "then",
    "now",
    "also",
    "not",
    "just",
    "only",
    "even",
    "still",
    "being",
    "having",
    "despite",
    "during",
    "without",
    "because",
    "since",
    "although",
    "though",
    "unless",
    "until",
]);

/// Words that open a clause: a name after one is not the speaker's ("alleged that Noel and
/// Thomas").
static CLAUSE_WORDS: WordList =
    WordList::new(&["that", "who", "which", "whom", "whose", "when", "where"]);

/// Words that start a sentence without naming anyone ("Instead, …", "However, …").
static SENTENCE_ADVERBS: WordList = WordList::new(&[
    "instead",
    "however",
    "meanwhile",
    "still",
    "also",
    "later",
    "earlier",
    "then",
    "now",
    "but",
    "and",
    "yet",
    "though",
    "although",
    "indeed",
    "moreover",
    "furthermore",
    "separately",
    "asked",
    "when",
    "while",
    "after",
    "before",
    "during",
    "since",
    "because",
    "if",
    "as",
    "in",
    "on",
    "at",
    "for",
    "with",
    "from",
    "by",
    "to",
    "according",
    "under",
    "over",
    "last",
    "next",
    "this",
    "that",
    "there",
    "here",
    "so",
    "thus",
    "afterward",
    "afterwards",
    "again",
    "finally",
    "first",
    "second",
    "third",
    "overall",
    "otherwise",
]);

/// Days, months and other words of time: a phrase holding one is a date, not a speaker.
pub(crate) static TIME_WORDS: WordList = WordList::new(&[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
    "today",
    "yesterday",
    "tomorrow",
    "tonight",
    "morning",
    "afternoon",
    "evening",
    "night",
    "week",
    "weekend",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "day",
    "days",
    "hour",
    "hours",
    "minute",
    "minutes",
    "ago",
    "time",
    "times",
    "season",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
]);

/// Determiners and quantifiers that open a description ("the official", "two diplomats").
static OPENERS: WordList = WordList::new(&[
    "the", "a", "an", "one", "two", "three", "four", "another", "his", "her", "their", "its",
    "our", "my", "your", "some", "several", "many", "other", "both", "senior", "top", "former",
    "le", "la", "les", "l’", "l'", "un", "une", "des", "son", "sa", "ses", "leur", "der", "die",
    "das", "den", "dem", "ein", "eine", "einer", "sein", "seine", "ihr", "ihre", "el", "los",
    "las", "una", "unos", "unas", "su", "sus",
]);

/// Openers of other languages than English: their descriptions are taken without checking
/// the head noun (this list of heads is English).
static OTHER_LANGUAGE_OPENERS: WordList = WordList::new(&[
    "le", "la", "les", "l’", "l'", "un", "une", "des", "son", "sa", "ses", "leur", "der", "die",
    "das", "den", "dem", "ein", "eine", "einer", "sein", "seine", "ihr", "ihre", "el", "los",
    "las", "una", "unos", "unas", "su", "sus",
]);

/// Nouns naming a person by role: the head of a description that is a speaker.
static PERSON_NOUNS: WordList = WordList::new(&[
    "official",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "president",
    "secretary",
    "director",
    "chief",
    "executive",
    "ceo",
    "lawyer",
    "attorney",
    "prosecutor",
    "judge",
    "officer",
    "source",
    "analyst",
    "expert",
    "researcher",
    "scientist",
    "professor",
    "doctor",
    "physician",
    "witness",
    "resident",
    "leader",
    "negotiator",
    "diplomat",
    "envoy",
    "senator",
    "lawmaker",
    "legislator",
    "representative",
    "congressman",
    "congresswoman",
    "governor",
    "mayor",
    "chairman",
    "chairwoman",
    "chair",
    "manager",
    "founder",
    "owner",
    "coach",
    "player",
    "author",
    "economist",
    "strategist",
    "adviser",
    "advisor",
    "aide",
    "ambassador",
    "general",
    "commander",
    "colonel",
    "captain",
    "sergeant",
    "soldier",
    "activist",
    "campaigner",
    "organizer",
    "organiser",
    "worker",
    "employee",
    "teacher",
    "student",
    "parent",
    "mother",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "friend",
    "neighbor",
    "neighbour",
    "victim",
    "survivor",
    "candidate",
    "voter",
    "member",
    "head",
    "boss",
    "partner",
    "investor",
    "trader",
    "banker",
    "inspector",
    "investigator",
    "detective",
    "sheriff",
    "deputy",
    "guard",
    "nurse",
    "surgeon",
    "specialist",
    "official's",
    "man",
    "woman",
    "person",
    "people",
    "user",
    "customer",
    "fan",
    "journalist",
    "reporter",
    "editor",
    "writer",
    "critic",
    "opponent",
    "supporter",
    "ally",
    "rival",
    "insider",
    "observer",
    "commentator",
    "host",
    "actor",
    "actress",
    "singer",
    "star",
    "artist",
    "musician",
    "athlete",
    "striker",
    "goalkeeper",
    "captain",
    "manager",
    "referee",
    "pilot",
    "driver",
    "farmer",
    "owner",
    "developer",
    "designer",
    "engineer",
    "founder",
    "cofounder",
    "co-founder",
    "vice",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "bishop",
    "priest",
    "rabbi",
    "imam",
    "cleric",
    "mp",
    "mep",
    "delegate",
    "counsel",
    "defendant",
    "plaintiff",
    "suspect",
    "petitioner",
    "commissioner",
    "administrator",
    "superintendent",
    "principal",
    "dean",
    "provost",
    "treasurer",
    "auditor",
    "regulator",
    "monitor",
    "mediator",
    "facilitator",
    "coordinator",
    "organizer",
    "volunteer",
    "staffer",
    "veteran",
    "patient",
    "participant",
    "respondent",
    "official",
    "spokespeople",
    "staff",
    "crew",
    "team",
    "panel",
    "jury",
]);

/// Nouns naming a body: the head of a description that is an organisation ("the ministry").
static ORGANIZATION_NOUNS: WordList = WordList::new(&[
    "ministry",
    "department",
    "agency",
    "company",
    "firm",
    "government",
    "administration",
    "party",
    "court",
    "committee",
    "commission",
    "council",
    "office",
    "union",
    "police",
    "army",
    "military",
    "group",
    "organization",
    "organisation",
    "authorities",
    "authority",
    "club",
    "league",
    "campaign",
    "embassy",
    "board",
    "bank",
    "university",
    "institute",
    "school",
    "hospital",
    "foundation",
    "association",
    "federation",
    "network",
    "service",
    "bureau",
    "regulator",
    "parliament",
    "senate",
    "congress",
    "cabinet",
    "kremlin",
    "pentagon",
    "statement",
    "report",
    "study",
    "survey",
    "newspaper",
    "magazine",
    "channel",
    "station",
    "broadcaster",
    "publisher",
    "studio",
    "startup",
    "carrier",
    "airline",
    "maker",
    "retailer",
    "lender",
    "insurer",
    "operator",
    "provider",
    "manufacturer",
    "giant",
    "conglomerate",
    "coalition",
    "alliance",
    "movement",
    "organizers",
    "organisers",
    "prosecution",
    "defense",
    "defence",
    "regime",
    "junta",
    "state",
    "city",
    "county",
    "district",
    "centre",
    "center",
    "lab",
    "laboratory",
]);

/// The last word of a body's name ("Acme Inc.", "the Foreign Ministry", "Labour Party").
static ORGANIZATION_SUFFIXES: WordList = WordList::new(&[
    "inc",
    "inc.",
    "corp",
    "corp.",
    "co.",
    "ltd",
    "ltd.",
    "llc",
    "plc",
    "ag",
    "gmbh",
    "sa",
    "group",
    "ministry",
    "department",
    "party",
    "office",
    "agency",
    "council",
    "commission",
    "committee",
    "court",
    "police",
    "army",
    "navy",
    "government",
    "administration",
    "association",
    "union",
    "university",
    "institute",
    "bank",
    "company",
    "foundation",
    "organization",
    "organisation",
    "bureau",
    "service",
    "services",
    "network",
    "authority",
    "board",
    "center",
    "centre",
    "church",
    "club",
    "federation",
    "league",
    "movement",
    "parliament",
    "senate",
    "house",
    "congress",
    "times",
    "post",
    "news",
    "journal",
    "reuters",
    "airlines",
    "airways",
    "motors",
    "technologies",
    "systems",
    "labs",
    "partners",
    "capital",
    "holdings",
    "school",
    "hospital",
    "college",
    "press",
    "media",
    "fund",
    "trust",
    "alliance",
    "coalition",
    "campaign",
    "secretariat",
    "kremlin",
    "pentagon",
    "vatican",
    "assembly",
    "ministerium",
    "regierung",
    "partei",
    "ministère",
    "gouvernement",
    "parti",
    "ministerio",
    "gobierno",
    "partido",
    "commission",
    "tribunal",
    "fc",
    "cabinet",
    "team",
    "studios",
    "police",
    "force",
    "forces",
    "guard",
    "command",
    "embassy",
    "consulate",
    // Companies named by their trade ("Dick Clark Productions", "Kotak Institutional
    // Equities", "Big Machine Records").
    "productions",
    "pictures",
    "records",
    "entertainment",
    "equities",
    "securities",
    "investments",
    "research",
    "analytics",
    "consulting",
    "advisors",
    "advisers",
    "industries",
    "enterprises",
    "brands",
    "pharmaceuticals",
    "therapeutics",
]);

/// The first word of a body's name ("Ministry of Defence", "University of Oxford").
static ORGANIZATION_HEADS: WordList = WordList::new(&[
    "ministry",
    "department",
    "university",
    "bank",
    "court",
    "office",
    "council",
    "house",
    "board",
    "bureau",
    "institute",
    "church",
    "government",
    "state",
    "city",
    "federal",
    "national",
    "united",
    "european",
    "international",
]);

/// Titles before a name ("Mr. Smith", "Dr Jones", "Sen. Warren").
static TITLES: WordList = WordList::new(&[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "sen", "sen.", "rep",
    "rep.", "gov", "gov.", "gen", "gen.", "lt", "lt.", "col", "col.", "sgt", "sgt.", "capt",
    "capt.", "rev", "rev.", "sir", "dame", "lord", "lady", "m.", "mme", "herr", "frau", "sr.",
    "sra.", "don", "doña",
]);

/// Small words inside a name ("Ammar al Khudairy", "Secretary of State John Kerry").
static NAME_PARTICLES: WordList = WordList::new(&[
    "al", "el", "bin", "ibn", "von", "van", "der", "den", "de", "da", "di", "du", "del", "la",
    "le", "of", "for", "and", "y", "des", "dos", "das",
]);

/// Words that end a description ("a spokeswoman for the ministry": the head is before "for").
static HEAD_STOPS: WordList = WordList::new(&[
    "of", "for", "at", "with", "from", "in", "on", "to", "de", "du", "des", "del", "von", "vom",
    "der", "des", "bei", "en", "à", "au", "aux",
]);

fn lower(word: &str) -> String {
    word.chars().flat_map(char::to_lowercase).collect()
}

fn is_in(word: &str, list: &WordList) -> bool {
    list.contains_any_case(word)
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// An acronym: two to six letters, all capitals, maybe with periods ("FBI", "U.N.", "NATO").
fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    (2..=6).contains(&letters.len())
        && letters.iter().all(|c| c.is_uppercase())
        && !letters.is_empty()
}

/// The noun itself, without a plural "s" or a possessive ("officials", "ministry’s").
fn singular(word: &str) -> String {
    let w = lower(word);
    let w = w
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .trim_end_matches(['’', '\''])
        .to_owned();
    if w.ends_with("ies") && w.len() > 4 {
        return format!("{}y", &w[..w.len() - 3]);
    }
    if w.ends_with("men") {
        return format!("{}man", &w[..w.len() - 3]);
    }
    if w.ends_with("people") {
        return w;
    }
    if w.ends_with('s') && !w.ends_with("ss") && w.len() > 3 {
        return w[..w.len() - 1].to_owned();
    }
    w
}

/// The whitespace-separated words of `text[range]`, without punctuation at their edges
/// (a word's inner periods and apostrophes stay: "U.S.", "Mr.", "ministry’s").
fn words(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[range.clone()];
    let mut out = Vec::new();
    for w in s.split_whitespace() {
        let at = range.start + (w.as_ptr() as usize - s.as_ptr() as usize);
        let inner = w.trim_start_matches(|c: char| !c.is_alphanumeric());
        let lead = w.len() - inner.len();
        let inner = inner.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
        if inner.is_empty() {
            continue;
        }
        out.push(at + lead..at + lead + inner.len());
    }
    out
}

/// Whether a name's words end at a body's suffix or start with a body's head, or it is an
/// acronym.
fn names_organization(text: &str, name: &[Range<usize>]) -> bool {
    let (Some(first), Some(last)) = (name.first(), name.last()) else {
        return false;
    };
    let first = &text[first.clone()];
    let last = &text[last.clone()];
    let last = last.trim_end_matches("'s").trim_end_matches("’s");
    is_in(last, &ORGANIZATION_SUFFIXES)
        || (name.len() > 1 && is_in(first, &ORGANIZATION_HEADS))
        || (name.len() == 1 && is_acronym(last))
}

/// The capitalised run at the start of `ws` (titles, initials and particles between capitals
/// included): how many words it takes.
fn name_run(text: &str, ws: &[Range<usize>]) -> usize {
    let mut end = 0;
    for (i, w) in ws.iter().enumerate() {
        let word = &text[w.clone()];
        if is_capitalised(word) || (i == 0 && is_in(word, &TITLES)) {
            end = i + 1;
        } else if i > 0 && is_in(word, &NAME_PARTICLES) {
            continue;
        } else {
            break;
        }
    }
    end
}

/// Judges a speaker phrase (`text[range]`): `None` when it names nobody.
pub(crate) fn judge(text: &str, range: Range<usize>) -> Option<Judged> {
    let ws = words(text, range);
    let first = ws.first()?;
    let first_word = &text[first.clone()];
    if ws.len() == 1 && is_in(first_word, &PERSON_PRONOUNS) {
        return Some(Judged::Pronoun {
            may_be_organization: false,
        });
    }
    if ws.len() == 1 && is_in(first_word, &GROUP_PRONOUNS) {
        return Some(Judged::Pronoun {
            may_be_organization: true,
        });
    }
    // A pronoun followed by more words is a clause ("he trusted the Israeli courts").
    if is_in(first_word, &PERSON_PRONOUNS) || is_in(first_word, &GROUP_PRONOUNS) {
        return None;
    }
    // "(R-Neb.)", "(D-Calif.)": a party and a state, not a name.
    if ws.len() == 1 && is_party_state(first_word) {
        return None;
    }
    // Numbers, dates and times are not speakers (after a name they are left with what
    // follows it: "Hawk Sawyer acknowledged shortages Tuesday" is Hawk Sawyer).
    let is_time = |w: &Range<usize>| {
        let word = &text[w.clone()];
        word.chars().any(|c| c.is_ascii_digit()) || is_in(word, &TIME_WORDS)
    };
    let starts_with_a_name = is_capitalised(first_word)
        && !is_in(first_word, &OPENERS)
        && !is_in(first_word, &SENTENCE_ADVERBS)
        && !is_time(first);
    if !starts_with_a_name && ws.iter().any(is_time) {
        return None;
    }
    if is_in(first_word, &NOT_SPEAKERS) && !(ws.len() > 1 && is_in(first_word, &OPENERS)) {
        return None;
    }
    let span = |ws: &[Range<usize>]| ws.first().map(|a| a.start).zip(ws.last().map(|b| b.end));
    // A possessor says whose the speaker is: "the Justice Department's inspector general" is
    // the inspector general, "Google's servers" nobody, "Google's" alone nobody.
    if let Some(p) = ws.iter().rposition(|w| is_possessive(&text[w.clone()])) {
        let rest = &ws[p + 1..];
        if rest.is_empty() {
            return None;
        }
        return match description(text, rest)? {
            Judged::Mention(r, kind) => Some(Judged::Mention(ws[0].start..r.end, kind)),
            pronoun => Some(pronoun),
        };
    }
    if is_in(first_word, &OPENERS) {
        return description(text, &ws);
    }
    if is_capitalised(first_word) || is_in(first_word, &TITLES) {
        if is_in(first_word, &SENTENCE_ADVERBS) {
            return None;
        }
        let run = name_run(text, &ws);
        // Particles do not end a name ("Kerry and" is "Kerry").
        let mut end = run;
        while end > 1 && is_in(&text[ws[end - 1].clone()], &NAME_PARTICLES) {
            end -= 1;
        }
        let name = &ws[..end];
        if name.iter().any(is_time) {
            return None;
        }
        // A body's or a title's name, then a role, then a person's name: "National Security
        // Council official Timothy Morrison", "Wild coach Bruce Boudreau".
        if let Some(role) = ws.get(end)
            && is_person_noun(&text[role.clone()])
            && ws
                .get(end + 1)
                .is_some_and(|w| is_capitalised(&text[w.clone()]))
        {
            let person = name_run(text, &ws[end + 1..]);
            if person >= 1 && !ws[end + 1..end + 1 + person].iter().any(is_time) {
                return span(&ws[..end + 1 + person])
                    .map(|(s, e)| Judged::Mention(s..e, SpeakerKind::Person));
            }
        }
        // A single capitalised word that is a role noun at a sentence's start: "Officials",
        // "Police", "Prosecutors" (a description without its determiner).
        if end == 1 && ws.len() == 1 {
            let noun = singular(first_word);
            if ORGANIZATION_NOUNS.contains(&noun) && !is_acronym(first_word) {
                return span(name).map(|(s, e)| Judged::Mention(s..e, SpeakerKind::Organization));
            }
        }
        // What follows the name must not be a verb phrase or a clause: the name alone is
        // kept ("Delgado disputed that figure" → "Delgado"), unless it is a role noun
        // phrase ("Foreign Minister Sergei Lavrov" is all capitals anyway).
        let kind = if names_organization(text, name) {
            SpeakerKind::Organization
        } else {
            SpeakerKind::Person
        };
        return span(name).map(|(s, e)| Judged::Mention(s..e, kind));
    }
    // A lower-case phrase without a determiner: a role ("officials", "police", "former
    // president Barack Obama", "spokeswoman Jane Doe").
    description(text, &ws)
}

/// A description: determiner, modifiers, a head noun naming a person or a body, maybe "of
/// …" after it; or role words before a name.
fn description(text: &str, ws: &[Range<usize>]) -> Option<Judged> {
    let first = &text[ws[0].clone()];
    let other_language = is_in(first, &OTHER_LANGUAGE_OPENERS);
    // Role words before a name: "former president Barack Obama", "the company's CEO Tim Cook".
    if let Some(at) = ws
        .iter()
        .skip(1)
        .position(|w| is_capitalised(&text[w.clone()]) && !is_acronym(&text[w.clone()]))
        .map(|p| p + 1)
        .filter(|&at| {
            !ws[..at].iter().any(|w| {
                let word = &text[w.clone()];
                is_in(word, &HEAD_STOPS) || is_in(word, &CLAUSE_WORDS)
            })
        })
    {
        let run = name_run(text, &ws[at..]);
        let name = &ws[at..at + run];
        let before_head = &text[ws[at - 1].clone()];
        // "former National Security Council official Timothy Morrison": a body, a role, then
        // the person.
        let end = at + run;
        if !other_language
            && ws
                .get(end)
                .is_some_and(|w| is_person_noun(&text[w.clone()]))
            && ws
                .get(end + 1)
                .is_some_and(|w| is_capitalised(&text[w.clone()]))
        {
            let person = name_run(text, &ws[end + 1..]);
            return Some(Judged::Mention(
                ws[0].start..ws[end + person].end,
                SpeakerKind::Person,
            ));
        }
        if run >= 1 && (is_person_noun(before_head) || run >= 2) && !other_language {
            let kind = if names_organization(text, name) {
                SpeakerKind::Organization
            } else {
                SpeakerKind::Person
            };
            return Some(Judged::Mention(ws[0].start..name.last()?.end, kind));
        }
    }
    // The head: the last word before "of", "for", … (or the last word).
    let head_at = ws
        .iter()
        .skip(1)
        .position(|w| is_in(&text[w.clone()], &HEAD_STOPS))
        .map_or(ws.len() - 1, |p| p);
    let head = &text[ws[head_at].clone()];
    let end = ws.last()?.end;
    if other_language {
        return (ws.len() >= 2).then(|| Judged::Mention(ws[0].start..end, SpeakerKind::Person));
    }
    if is_capitalised(head) && head_at > 0 {
        // "the State Department", "The Associated Press", "the White House".
        let name = &ws[1..=head_at];
        if name.iter().all(|w| is_capitalised(&text[w.clone()])) {
            let kind = if names_organization(text, name) || is_acronym(head) {
                SpeakerKind::Organization
            } else if is_person_noun(head) {
                SpeakerKind::Person
            } else {
                // "The Post" (a newspaper), "the Kremlin": a body named.
                SpeakerKind::Organization
            };
            return Some(Judged::Mention(ws[0].start..end, kind));
        }
    }
    let noun = singular(head);
    if PERSON_NOUNS.contains(&noun) {
        return Some(Judged::Mention(ws[0].start..end, SpeakerKind::Person));
    }
    if ORGANIZATION_NOUNS.contains(&noun) {
        return Some(Judged::Mention(ws[0].start..end, SpeakerKind::Organization));
    }
    None
}

/// A word ending in a possessive: "Google's", "Kerry’s".
pub(crate) fn is_possessive(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    w.ends_with("'s") || w.ends_with("’s") || w.ends_with("s'") || w.ends_with("s’")
}

/// "R-Neb", "D-Calif.", "I-Vt.": a US party and state after a name.
fn is_party_state(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some('R' | 'D' | 'I'))
        && chars.next() == Some('-')
        && chars.next().is_some_and(char::is_uppercase)
}

fn is_person_noun(word: &str) -> bool {
    PERSON_NOUNS.contains(&singular(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(phrase: &str) -> Option<(String, SpeakerKind)> {
        match judge(phrase, 0..phrase.len())? {
            Judged::Mention(r, kind) => Some((phrase[r].to_owned(), kind)),
            Judged::Pronoun { .. } => Some(("<pronoun>".to_owned(), SpeakerKind::Person)),
        }
    }

    fn person(phrase: &str) -> Option<(String, SpeakerKind)> {
        Some((phrase.to_owned(), SpeakerKind::Person))
    }

    fn organization(phrase: &str) -> Option<(String, SpeakerKind)> {
        Some((phrase.to_owned(), SpeakerKind::Organization))
    }

    #[test]
    fn names_are_people() {
        assert_eq!(judged("John Kerry"), person("John Kerry"));
        assert_eq!(judged("Kerry"), person("Kerry"));
        assert_eq!(judged("Mr. Smith"), person("Mr. Smith"));
        assert_eq!(judged("Ammar al Khudairy"), person("Ammar al Khudairy"));
        assert_eq!(
            judged("Secretary of State John Kerry"),
            person("Secretary of State John Kerry")
        );
    }

    #[test]
    fn titles_and_roles_before_a_name_stay_with_it() {
        assert_eq!(
            judged("former president Barack Obama"),
            person("former president Barack Obama")
        );
        assert_eq!(
            judged("spokeswoman Maria Zakharova"),
            person("spokeswoman Maria Zakharova")
        );
    }

    #[test]
    fn descriptions_of_people_and_bodies() {
        assert_eq!(judged("one official"), person("one official"));
        assert_eq!(judged("the official"), person("the official"));
        assert_eq!(
            judged("a spokeswoman for the ministry"),
            person("a spokeswoman for the ministry")
        );
        assert_eq!(judged("one negotiator"), person("one negotiator"));
        assert_eq!(judged("officials"), person("officials"));
        assert_eq!(judged("the company"), organization("the company"));
        assert_eq!(judged("Police"), organization("Police"));
        assert_eq!(
            judged("A second U.S. official"),
            person("A second U.S. official")
        );
    }

    #[test]
    fn organizations_are_typed_organization() {
        assert_eq!(
            judged("the State Department"),
            organization("the State Department")
        );
        assert_eq!(judged("Acme Inc."), organization("Acme Inc."));
        assert_eq!(
            judged("the Foreign Ministry"),
            organization("the Foreign Ministry")
        );
        assert_eq!(
            judged("Ministry of Defence"),
            organization("Ministry of Defence")
        );
        assert_eq!(judged("the Labour Party"), organization("the Labour Party"));
        assert_eq!(judged("NATO"), organization("NATO"));
        assert_eq!(
            judged("The Associated Press"),
            organization("The Associated Press")
        );
        assert_eq!(judged("the Kremlin"), organization("the Kremlin"));
    }

    #[test]
    fn pronouns_are_resolved_elsewhere() {
        assert_eq!(
            judge("he", 0..2),
            Some(Judged::Pronoun {
                may_be_organization: false
            })
        );
        assert_eq!(
            judge("it", 0..2),
            Some(Judged::Pronoun {
                may_be_organization: true
            })
        );
        assert_eq!(
            judge("il", 0..2),
            Some(Judged::Pronoun {
                may_be_organization: false
            })
        );
    }

    #[test]
    fn numbers_dates_verb_phrases_and_clauses_are_not_speakers() {
        for phrase in [
            "000 times on Facebook",
            "a pep talk Tuesday",
            "announced in October",
            "The post",
            "who",
            "the country's affairs and",
            "this week",
            "Many",
            "it's",
        ] {
            assert_eq!(judged(phrase), None, "{phrase}");
        }
        assert_eq!(judged("Delgado disputed that figure"), person("Delgado"));
        assert_eq!(
            judged("Hawk Sawyer acknowledged significant staffing shortages Tuesday"),
            person("Hawk Sawyer")
        );
        assert_eq!(
            judged("National Security Council official Timothy Morrison"),
            person("National Security Council official Timothy Morrison")
        );
        assert_eq!(judged("Tuesday"), None);
        assert_eq!(judged("alleged that Noel and Thomas"), None);
        assert_eq!(
            judged("Former National Security Council official Timothy Morrison"),
            person("Former National Security Council official Timothy Morrison")
        );
        assert_eq!(
            judged("part of the Homeland Security Department"),
            None,
            "a part of a body is not a speaker"
        );
        for phrase in [
            "Instead",
            "R-Neb.",
            "he trusted the Israeli courts",
            "Google's",
            "I personally",
        ] {
            assert_eq!(judged(phrase), None, "{phrase}");
        }
        assert_eq!(
            judged("the Justice Department's inspector general"),
            person("the Justice Department's inspector general")
        );
    }

    #[test]
    fn other_languages_keep_their_descriptions() {
        assert_eq!(
            judged("le ministre des Affaires étrangères"),
            person("le ministre des Affaires étrangères")
        );
        assert_eq!(judged("Der Sprecher"), person("Der Sprecher"));
        assert_eq!(
            judged("el presidente del Gobierno"),
            person("el presidente del Gobierno")
        );
        assert_eq!(
            judged("Außenminister Steinmeier"),
            person("Außenminister Steinmeier")
        );
    }
}
