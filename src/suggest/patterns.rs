//! Entity patterns in spaCy's EntityRuler format: a `patterns.jsonl` beside the schema file,
//! one pattern per line, `{"label": "ORG", "pattern": "State Department"}` (a phrase,
//! matched on the exact text of its tokens) or `{"label": "PERSON", "pattern": [{"IS_TITLE":
//! true}, {"LOWER": "kerry"}]}` (token patterns with `LOWER`, `ORTH`/`TEXT` — a string, or
//! `{"IN": [...]}` / `{"NOT_IN": [...]}` —, `IS_TITLE`, `IS_DIGIT`, `IS_PUNCT`, `IS_ALPHA`,
//! `IS_LOWER`, `IS_UPPER`, and `OP` `?`, `*`, `+`, `!`). Matches overlapping each other are
//! resolved as the EntityRuler does: longest first, then earliest, never sharing a token.
//! Tokens are spaCy's English tokenizer's for common text ([`super::tokens`]).

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::tokens::{self, is_digit, is_punct, is_title};
use crate::error::FileError;

/// The file name of a folder's patterns.
pub const PATTERNS_FILE_NAME: &str = "patterns.jsonl";

/// A patterns file, read and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Patterns {
    pub path: PathBuf,
    pub entries: Vec<Pattern>,
}

/// One line of a patterns file.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    /// 1-based line in the file.
    pub line: usize,
    /// The label as written (`ORG`, `PERSON`, `GPE`, or a schema label).
    pub label: String,
    pub kind: PatternKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PatternKind {
    /// The token texts of a phrase.
    Phrase(Vec<String>),
    Tokens(Vec<TokenSpec>),
}

/// One token of a token pattern.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenSpec {
    pub tests: Vec<Test>,
    pub op: Op,
}

/// What a token must be.
#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    Lower(Strings),
    Orth(Strings),
    IsTitle(bool),
    IsDigit(bool),
    IsPunct(bool),
    IsAlpha(bool),
    IsLower(bool),
    IsUpper(bool),
}

/// A string attribute's condition: equal to, in a list, or not in a list.
#[derive(Clone, Debug, PartialEq)]
pub enum Strings {
    Is(String),
    In(Vec<String>),
    NotIn(Vec<String>),
}

impl Strings {
    fn accepts(&self, value: &str) -> bool {
        match self {
            Strings::Is(s) => s == value,
            Strings::In(list) => list.iter().any(|s| s == value),
            Strings::NotIn(list) => !list.iter().any(|s| s == value),
        }
    }
}

/// How many tokens a spec matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// Exactly one.
    One,
    /// `!`: one token that does not match.
    Not,
    /// `?`
    ZeroOrOne,
    /// `*`
    ZeroOrMore,
    /// `+`
    OneOrMore,
}

/// A match: the pattern's index and the byte range of its tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternMatch {
    pub pattern: usize,
    pub span: Range<usize>,
}

/// Reads and checks a patterns file; errors name the file and the line.
pub fn load_patterns(path: &Path) -> Result<Patterns, FileError> {
    let bytes = crate::bounded_read::read(path, crate::bounded_read::MAX_DATA_BYTES)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        FileError::new(path, format!("not valid UTF-8 at byte {}", e.valid_up_to()))
    })?;
    parse_patterns(path, text)
}

/// The patterns file for an article or folder: `patterns.jsonl` beside the schema file in
/// force, or, without a schema file, in the article's folder or the nearest parent.
pub fn patterns_path_for(article_or_folder: &Path) -> Option<PathBuf> {
    if let Some(schema) = crate::schema::Schema::find_file(article_or_folder) {
        let beside = schema.with_file_name(PATTERNS_FILE_NAME);
        return beside.is_file().then_some(beside);
    }
    let start = if article_or_folder.is_dir() {
        article_or_folder.to_owned()
    } else {
        crate::atomic::folder_of(article_or_folder)
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    start
        .ancestors()
        .map(|dir| dir.join(PATTERNS_FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Parses a patterns file's text.
pub fn parse_patterns(path: &Path, text: &str) -> Result<Patterns, FileError> {
    let mut entries = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let at = |message: String| FileError::at(path, number, 1, message);
        let value: Value = serde_json::from_str(line)
            .map_err(|e| FileError::at(path, number, e.column(), format!("not JSON: {e}")))?;
        let Value::Object(object) = value else {
            return Err(at("a pattern must be a JSON object".into()));
        };
        for key in object.keys() {
            if !matches!(key.as_str(), "label" | "pattern" | "id") {
                return Err(at(format!(
                    "unknown field \"{key}\" (expected label, pattern, id)"
                )));
            }
        }
        let label = match object.get("label") {
            Some(Value::String(label)) if !label.trim().is_empty() => label.clone(),
            _ => return Err(at("\"label\" must be a non-empty string".into())),
        };
        let kind = match object.get("pattern") {
            Some(Value::String(phrase)) => {
                let words: Vec<String> = tokens::tokenize(phrase)
                    .into_iter()
                    .map(|t| phrase[t].to_owned())
                    .collect();
                if words.is_empty() {
                    return Err(at("the phrase pattern is empty".into()));
                }
                PatternKind::Phrase(words)
            }
            Some(Value::Array(specs)) => {
                if specs.is_empty() {
                    return Err(at("the token pattern is empty".into()));
                }
                let specs = specs
                    .iter()
                    .enumerate()
                    .map(|(k, spec)| {
                        token_spec(spec).map_err(|m| at(format!("token {}: {m}", k + 1)))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                PatternKind::Tokens(specs)
            }
            _ => {
                return Err(at(
                    "\"pattern\" must be a string (phrase) or a list of token objects".into(),
                ));
            }
        };
        entries.push(Pattern {
            line: number,
            label,
            kind,
        });
    }
    Ok(Patterns {
        path: path.to_owned(),
        entries,
    })
}

fn strings(value: &Value) -> Result<Strings, String> {
    let list = |v: &Value| -> Result<Vec<String>, String> {
        v.as_array()
            .ok_or("IN / NOT_IN take a list of strings")?
            .iter()
            .map(|s| {
                s.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| "IN / NOT_IN take a list of strings".to_owned())
            })
            .collect()
    };
    match value {
        Value::String(s) => Ok(Strings::Is(s.clone())),
        Value::Object(map) if map.len() == 1 => match map.iter().next() {
            Some((k, v)) if k == "IN" => Ok(Strings::In(list(v)?)),
            Some((k, v)) if k == "NOT_IN" => Ok(Strings::NotIn(list(v)?)),
            Some((k, _)) => Err(format!("\"{k}\" is not supported (a string, IN or NOT_IN)")),
            None => Err("empty condition".into()),
        },
        _ => Err("expected a string, {\"IN\": [...]} or {\"NOT_IN\": [...]}".into()),
    }
}

fn token_spec(value: &Value) -> Result<TokenSpec, String> {
    let Value::Object(map) = value else {
        return Err("a token must be a JSON object".into());
    };
    let mut tests = Vec::new();
    let mut op = Op::One;
    for (key, v) in map {
        let flag = || {
            v.as_bool()
                .ok_or_else(|| format!("\"{key}\" takes true or false"))
        };
        match key.as_str() {
            "LOWER" => tests.push(Test::Lower(strings(v)?)),
            "ORTH" | "TEXT" => tests.push(Test::Orth(strings(v)?)),
            "IS_TITLE" => tests.push(Test::IsTitle(flag()?)),
            "IS_DIGIT" => tests.push(Test::IsDigit(flag()?)),
            "IS_PUNCT" => tests.push(Test::IsPunct(flag()?)),
            "IS_ALPHA" => tests.push(Test::IsAlpha(flag()?)),
            "IS_LOWER" => tests.push(Test::IsLower(flag()?)),
            "IS_UPPER" => tests.push(Test::IsUpper(flag()?)),
            "OP" => {
                op = match v.as_str() {
                    Some("!") => Op::Not,
                    Some("?") => Op::ZeroOrOne,
                    Some("*") => Op::ZeroOrMore,
                    Some("+") => Op::OneOrMore,
                    Some("1") => Op::One,
                    _ => return Err(format!("OP {v} is not one of ! ? * + 1")),
                }
            }
            other => {
                return Err(format!(
                    "attribute \"{other}\" is not supported (LOWER, ORTH, TEXT, IS_TITLE, IS_DIGIT, IS_PUNCT, IS_ALPHA, IS_LOWER, IS_UPPER, OP)"
                ));
            }
        }
    }
    Ok(TokenSpec { tests, op })
}

/// A token of the text with what the tests look at.
struct Tok<'a> {
    text: &'a str,
    /// Borrowed when the token has no capitals (most tokens).
    lower: std::borrow::Cow<'a, str>,
}

impl TokenSpec {
    fn accepts(&self, token: &Tok) -> bool {
        self.tests.iter().all(|test| match test {
            Test::Lower(s) => s.accepts(&token.lower),
            Test::Orth(s) => s.accepts(token.text),
            Test::IsTitle(b) => is_title(token.text) == *b,
            Test::IsDigit(b) => is_digit(token.text) == *b,
            Test::IsPunct(b) => is_punct(token.text) == *b,
            Test::IsAlpha(b) => {
                (!token.text.is_empty() && token.text.chars().all(char::is_alphabetic)) == *b
            }
            Test::IsLower(b) => {
                let cased = token
                    .text
                    .chars()
                    .any(|c| c.is_lowercase() || c.is_uppercase());
                (cased && !token.text.chars().any(char::is_uppercase)) == *b
            }
            Test::IsUpper(b) => {
                let cased = token
                    .text
                    .chars()
                    .any(|c| c.is_lowercase() || c.is_uppercase());
                (cased && !token.text.chars().any(char::is_lowercase)) == *b
            }
        })
    }
}

/// Every end (token index) of `specs[k..]` matched from token `at`.
fn ends(specs: &[TokenSpec], k: usize, toks: &[Tok], at: usize, out: &mut Vec<usize>) {
    let Some(spec) = specs.get(k) else {
        out.push(at);
        return;
    };
    let fits = |i: usize| toks.get(i).is_some_and(|t| spec.accepts(t));
    match spec.op {
        Op::One => {
            if fits(at) {
                ends(specs, k + 1, toks, at + 1, out);
            }
        }
        Op::Not => {
            if at < toks.len() && !fits(at) {
                ends(specs, k + 1, toks, at + 1, out);
            }
        }
        Op::ZeroOrOne => {
            ends(specs, k + 1, toks, at, out);
            if fits(at) {
                ends(specs, k + 1, toks, at + 1, out);
            }
        }
        Op::ZeroOrMore | Op::OneOrMore => {
            let mut i = at;
            if spec.op == Op::ZeroOrMore {
                ends(specs, k + 1, toks, i, out);
            }
            while fits(i) {
                i += 1;
                ends(specs, k + 1, toks, i, out);
            }
        }
    }
}

impl Patterns {
    /// The matches in `text`, resolved as spaCy's EntityRuler resolves them, in text order.
    pub fn find(&self, text: &str) -> Vec<PatternMatch> {
        self.find_only(text, |_| true)
    }

    /// Like [`Patterns::find`], with only the patterns whose index `keep` accepts.
    pub fn find_only(&self, text: &str, keep: impl Fn(usize) -> bool) -> Vec<PatternMatch> {
        let ranges = tokens::tokenize(text);
        let toks: Vec<Tok> = ranges
            .iter()
            .map(|r| {
                let t = &text[r.clone()];
                Tok {
                    text: t,
                    lower: if t.chars().any(char::is_uppercase) {
                        std::borrow::Cow::Owned(t.to_lowercase())
                    } else {
                        std::borrow::Cow::Borrowed(t)
                    },
                }
            })
            .collect();
        let mut phrases: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, pattern) in self.entries.iter().enumerate() {
            if let PatternKind::Phrase(words) = &pattern.kind
                && keep(index)
            {
                phrases.entry(words[0].as_str()).or_default().push(index);
            }
        }
        let token_patterns: Vec<(usize, &[TokenSpec])> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(i, _)| keep(*i))
            .filter_map(|(i, p)| match &p.kind {
                PatternKind::Tokens(specs) => Some((i, specs.as_slice())),
                PatternKind::Phrase(_) => None,
            })
            .collect();
        // (pattern, start token, end token)
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        let mut buffer = Vec::new();
        for start in 0..toks.len() {
            if let Some(candidates) = phrases.get(toks[start].text) {
                for &index in candidates {
                    if let PatternKind::Phrase(words) = &self.entries[index].kind {
                        let end = start + words.len();
                        if end <= toks.len()
                            && words
                                .iter()
                                .zip(&toks[start..end])
                                .all(|(w, t)| w == t.text)
                        {
                            found.push((index, start, end));
                        }
                    }
                }
            }
            for (index, specs) in &token_patterns {
                buffer.clear();
                ends(specs, 0, &toks, start, &mut buffer);
                for &end in &buffer {
                    if end > start {
                        found.push((*index, start, end));
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        // Longest first, then earliest; a match sharing a token with a kept one is dropped.
        found.sort_by_key(|&(index, start, end)| (std::cmp::Reverse(end - start), start, index));
        let mut taken = vec![false; toks.len()];
        let mut out = Vec::new();
        for (index, start, end) in found {
            if taken[start..end].iter().any(|t| *t) {
                continue;
            }
            taken[start..end].iter_mut().for_each(|t| *t = true);
            out.push(PatternMatch {
                pattern: index,
                span: ranges[start].start..ranges[end - 1].end,
            });
        }
        out.sort_by_key(|m| (m.span.start, m.span.end));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(patterns: &str, text: &str) -> Vec<(String, String)> {
        let patterns = parse_patterns(Path::new("patterns.jsonl"), patterns).unwrap();
        patterns
            .find(text)
            .into_iter()
            .map(|m| {
                (
                    patterns.entries[m.pattern].label.clone(),
                    text[m.span].to_owned(),
                )
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn phrase_patterns_match_exact_tokens_only() {
        let p = r#"{"label": "ORG", "pattern": "State Department"}"#;
        assert_eq!(
            matches(
                p,
                "Senior State Department officials; state department; State Departments."
            ),
            pairs(&[("ORG", "State Department")])
        );
    }

    #[test]
    fn lower_and_orth_and_text() {
        let p = "{\"label\": \"GPE\", \"pattern\": [{\"LOWER\": \"moscow\"}]}\n{\"label\": \"ORG\", \"pattern\": [{\"ORTH\": \"NATO\"}]}\n{\"label\": \"ORG\", \"pattern\": [{\"TEXT\": \"Kremlin\"}]}";
        assert_eq!(
            matches(p, "MOSCOW and Moscow, NATO not Nato, the Kremlin."),
            pairs(&[
                ("GPE", "MOSCOW"),
                ("GPE", "Moscow"),
                ("ORG", "NATO"),
                ("ORG", "Kremlin")
            ])
        );
    }

    #[test]
    fn is_title_is_digit_is_punct() {
        let p = r#"{"label": "PERSON", "pattern": [{"LOWER": "president"}, {"IS_TITLE": true}, {"IS_TITLE": true}]}
{"label": "DATE", "pattern": [{"IS_DIGIT": true}, {"LOWER": "years"}]}
{"label": "MISC", "pattern": [{"LOWER": "al"}, {"IS_PUNCT": true}, {"IS_TITLE": true}]}"#;
        assert_eq!(
            matches(p, "President Bashar Assad after 5 years; al-Qaeda."),
            pairs(&[
                ("PERSON", "President Bashar Assad"),
                ("DATE", "5 years"),
                ("MISC", "al-Qaeda")
            ])
        );
    }

    #[test]
    fn operators_optional_star_plus_and_not() {
        let optional = r#"{"label": "ORG", "pattern": [{"LOWER": "u.s."}, {"LOWER": "state", "OP": "?"}, {"LOWER": "department"}]}"#;
        assert_eq!(
            matches(
                optional,
                "The U.S. Department and the U.S. State Department."
            ),
            pairs(&[("ORG", "U.S. Department"), ("ORG", "U.S. State Department")])
        );
        let plus =
            r#"{"label": "PERSON", "pattern": [{"LOWER": "mr."}, {"IS_TITLE": true, "OP": "+"}]}"#;
        assert_eq!(
            matches(plus, "Then Mr. John Kerry said"),
            pairs(&[("PERSON", "Mr. John Kerry")])
        );
        let star = r#"{"label": "ORG", "pattern": [{"LOWER": "ministry"}, {"LOWER": "of"}, {"IS_TITLE": true, "OP": "*"}, {"LOWER": "affairs"}]}"#;
        assert_eq!(
            matches(
                star,
                "the Ministry of Foreign affairs and ministry of affairs"
            ),
            pairs(&[
                ("ORG", "Ministry of Foreign affairs"),
                ("ORG", "ministry of affairs")
            ])
        );
        let not =
            r#"{"label": "PERSON", "pattern": [{"ORTH": "Kerry"}, {"ORTH": "’s", "OP": "!"}]}"#;
        assert_eq!(
            matches(not, "Kerry’s plan; Kerry said."),
            pairs(&[("PERSON", "Kerry said")])
        );
    }

    #[test]
    fn overlapping_matches_keep_the_longest_then_the_earliest() {
        let p = "{\"label\": \"PERSON\", \"pattern\": \"John Kerry\"}\n{\"label\": \"PERSON\", \"pattern\": \"Kerry\"}\n{\"label\": \"ORG\", \"pattern\": \"Kerry Foundation\"}";
        assert_eq!(
            matches(p, "John Kerry Foundation"),
            pairs(&[("PERSON", "John Kerry")])
        );
    }

    #[test]
    fn bad_lines_are_refused_with_file_and_line() {
        for (text, needle) in [
            ("{\"label\": \"ORG\", \"pattern\": \"x\"}\n{oops", ":2:"),
            ("[1]", "JSON object"),
            ("{\"label\": \"ORG\"}", "\"pattern\""),
            (
                "{\"label\": \"ORG\", \"pattern\": [{\"SHAPE\": \"Xx\"}]}",
                "SHAPE",
            ),
            (
                "{\"label\": \"ORG\", \"pattern\": [{\"OP\": \"{2}\"}]}",
                "OP",
            ),
            (
                "{\"label\": \"ORG\", \"pattern\": \"x\", \"extra\": 1}",
                "extra",
            ),
            ("{\"label\": \"\", \"pattern\": \"x\"}", "label"),
        ] {
            let err = parse_patterns(Path::new("dir/patterns.jsonl"), text).unwrap_err();
            let shown = err.to_string();
            assert!(shown.starts_with("dir/patterns.jsonl:"), "{shown}");
            assert!(shown.contains(needle), "{shown} lacks {needle}");
        }
    }
}
