//! Generated articles and annotation sets of any size, for benches and tests (the "long
//! article" that must stay smooth: ~1 MB and 20,000 annotations).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::FileError;
use crate::model::{Annotation, AnnotationSet, Relation, Source, Status};
use crate::store;
use crate::text::Article;

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "on",
    "Friday",
    "that",
    "talks",
    "in",
    "Geneva",
    "could",
    "not",
    "go",
    "on",
    "for",
    "ever",
    "while",
    "officials",
    "in",
    "Moscow",
    "and",
    "Washington",
    "warned",
    "of",
    "a",
    "long",
    "winter",
    "café",
    "東京",
    "report",
    "ceasefire",
    "plan",
    "Sergei",
    "Lavrov",
    "John",
    "Kerry",
    "“steady",
    "progress”",
    "was",
    "made",
];

/// An article of about `bytes` bytes: a headline, then paragraphs of sentences.
pub fn long_article_text(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 200);
    text.push_str("Kerry tries again with Lavrov on Syria; U.S. says patience not infinite\n\n");
    let mut i = 0usize;
    while text.len() < bytes {
        for sentence in 0..5 {
            let len = 12 + (i * 7 + sentence) % 14;
            for w in 0..len {
                let word = WORDS[(i * 31 + w * 17 + sentence) % WORDS.len()];
                if w == 0 {
                    let mut chars = word.chars();
                    if let Some(first) = chars.next() {
                        text.extend(first.to_uppercase());
                        text.push_str(chars.as_str());
                    }
                } else {
                    text.push(' ');
                    text.push_str(word);
                }
            }
            text.push_str(". ");
            i += 1;
        }
        text.pop();
        text.push_str("\n\n");
    }
    text
}

/// A set of `count` annotations spread evenly over the article's words, with a few nested
/// spans and a `speaker` relation every 50 annotations.
pub fn annotation_set_for(
    article: &Article,
    sha256: &str,
    file: &str,
    count: usize,
) -> AnnotationSet {
    let mut set = AnnotationSet::new(
        Source {
            file: file.to_owned(),
            sha256: sha256.to_owned(),
            chars: article.len_chars(),
        },
        None,
    );
    set.status = Status::InProgress;
    // Word starts (char offsets), from the text's word boundaries.
    let text = article.text();
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut char_at = 0usize;
    let mut start: Option<usize> = None;
    for c in text.chars() {
        if c.is_alphanumeric() {
            start.get_or_insert(char_at);
        } else if let Some(s) = start.take() {
            words.push((s, char_at));
        }
        char_at += 1;
    }
    if let Some(s) = start {
        words.push((s, char_at));
    }
    let step = (words.len() / count.max(1)).max(1);
    let labels = [
        ("entity", "type", "person"),
        ("entity", "type", "organization"),
        ("claim", "checkworthy", "yes"),
        ("entity", "type", "location"),
        ("quote", "form", "direct"),
    ];
    let mut id = 0u64;
    let mut annotations = Vec::with_capacity(count);
    for n in 0..count {
        let first = (n * step).min(words.len().saturating_sub(1));
        let (start, mut end) = words[first];
        // Every 10th span covers two words, so spans overlap and nest now and then.
        if n % 10 == 0 && first + 1 < words.len() {
            end = words[first + 1].1;
        }
        let (label, attribute, value) = labels[n % labels.len()];
        id += 1;
        annotations.push(Annotation {
            id,
            label: label.to_owned(),
            start,
            end,
            text: article.slice(start..end).to_owned(),
            attributes: BTreeMap::from([(attribute.to_owned(), value.to_owned())]),
            note: (n % 97 == 0).then(|| format!("note {n}")),
        });
    }
    annotations.sort_by_key(Annotation::sort_key);
    annotations.dedup_by(|a, b| a.label == b.label && a.start == b.start && a.end == b.end);
    let mut relations = Vec::new();
    // In each run of 50 annotations, its first quote is linked to its last entity (a
    // `speaker` goes from a quote to an entity).
    for chunk in annotations.chunks(50) {
        let quote = chunk.iter().find(|a| a.label == "quote");
        let entity = chunk.iter().rev().find(|a| a.label == "entity");
        if let (Some(from), Some(to)) = (quote, entity) {
            id += 1;
            relations.push(Relation {
                id,
                label: "speaker".into(),
                from: from.id,
                to: to.id,
            });
        }
    }
    set.annotations = annotations;
    set.relations = relations;
    set
}

/// Writes `long.txt` (about `bytes` bytes) and its set of `count` annotations into `dir`;
/// returns the article's path.
pub fn write_long_corpus(dir: &Path, bytes: usize, count: usize) -> Result<PathBuf, FileError> {
    let text = long_article_text(bytes);
    let path = dir.join("long.txt");
    std::fs::write(&path, &text).map_err(|e| FileError::io(&path, e))?;
    let article = Article::new(text);
    let sha = store::sha256_hex(article.text().as_bytes());
    let set = annotation_set_for(&article, &sha, "long.txt", count);
    store::save(&store::annotation_path(&path, None), &set)?;
    Ok(path)
}

/// Writes `count` articles of about `bytes` bytes each (`article-0000.txt`, ...) with a set
/// of `annotations` annotations each into `dir` (one folder, the hard case for discovery);
/// returns the total size of the articles in bytes. For export benches.
pub fn write_corpus(
    dir: &Path,
    count: usize,
    bytes: usize,
    annotations: usize,
) -> Result<u64, FileError> {
    let mut total = 0u64;
    for n in 0..count {
        let folder = dir;
        // Vary the length a little so that articles differ.
        let mut text = long_article_text(bytes + (n * 37) % 1000);
        text.insert_str(0, &format!("Article {n}: "));
        let name = format!("article-{n:04}.txt");
        let path = folder.join(&name);
        std::fs::write(&path, &text).map_err(|e| FileError::io(&path, e))?;
        total += text.len() as u64;
        let article = Article::new(text);
        let sha = store::sha256_hex(article.text().as_bytes());
        let set = annotation_set_for(&article, &sha, &name, annotations);
        store::save(&store::annotation_path(&path, None), &set)?;
    }
    Ok(total)
}
