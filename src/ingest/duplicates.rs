//! Duplicates: an article whose URL or text is already in the folder is not ingested again;
//! one whose text is nearly that of another (wire copy republished under a new headline) is
//! ingested and reported with the article it repeats. Near is a bottom-k MinHash sketch
//! ([`SKETCH`] smallest hashes of the body's four-word shingles) estimating a Jaccard
//! similarity of at least [`NEAR_JACCARD`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Shingle sets at least this similar (Jaccard) are near-duplicates.
pub const NEAR_JACCARD: f64 = 0.7;
/// Hashes kept per text.
pub const SKETCH: usize = 128;
/// Texts with fewer shingles than this are too short to call near-duplicates.
pub const MIN_SHINGLES: usize = 20;

/// Why an article is a duplicate, with the article it repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Duplicate {
    SameUrl(PathBuf),
    SameText(PathBuf),
}

/// The articles seen so far (in the folder, and ingested in this run).
#[derive(Default)]
pub struct Seen {
    urls: HashMap<String, PathBuf>,
    texts: HashMap<u64, PathBuf>,
    sketches: Vec<(Vec<u64>, PathBuf)>,
}

impl Seen {
    /// The articles already in `folder` (top level), with their sidecars' URLs.
    pub fn of_folder(folder: &Path) -> Self {
        let mut seen = Seen::default();
        let Ok(entries) = std::fs::read_dir(folder) else {
            return seen;
        };
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| crate::store::is_article(p) && p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let url = super::provenance::load(&path)
                .ok()
                .flatten()
                .and_then(|p| p.url);
            if let Ok(bytes) = std::fs::read(&path) {
                let text = String::from_utf8_lossy(&bytes);
                // The first paragraph of an ingested article is its headline.
                let body = text.split_once("\n\n").map_or(&*text, |(_, b)| b);
                seen.add(url.as_deref(), body, &path);
            }
        }
        seen
    }

    /// An exact duplicate of an article seen, by URL or by text.
    pub fn duplicate(&self, url: Option<&str>, body: &str) -> Option<Duplicate> {
        if let Some(found) = url.and_then(|u| self.urls.get(&normalise_url(u))) {
            return Some(Duplicate::SameUrl(found.clone()));
        }
        self.texts
            .get(&text_key(body))
            .map(|p| Duplicate::SameText(p.clone()))
    }

    /// The article seen whose text this nearly repeats.
    pub fn near(&self, body: &str) -> Option<PathBuf> {
        let sketch = sketch(body)?;
        self.sketches
            .iter()
            .map(|(s, p)| (jaccard(s, &sketch), p))
            .filter(|(j, _)| *j >= NEAR_JACCARD)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, p)| p.clone())
    }

    pub fn add(&mut self, url: Option<&str>, body: &str, article: &Path) {
        if let Some(url) = url {
            self.urls
                .entry(normalise_url(url))
                .or_insert_with(|| article.to_owned());
        }
        self.texts
            .entry(text_key(body))
            .or_insert_with(|| article.to_owned());
        if let Some(sketch) = sketch(body) {
            self.sketches.push((sketch, article.to_owned()));
        }
    }
}

/// A URL compared without its fragment, scheme, `www.`, trailing slash or case of the host.
pub fn normalise_url(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    format!("{host}/{}", path.trim_end_matches('/'))
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// FNV-1a, 64 bits: stable across runs and platforms.
fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The text's words, case and punctuation aside, hashed.
fn text_key(text: &str) -> u64 {
    let joined: Vec<String> = words(text).collect();
    fnv(joined.join(" ").as_bytes())
}

/// The bottom-k MinHash sketch of the text's four-word shingles: the [`SKETCH`] smallest
/// distinct shingle hashes, sorted; `None` when the text is too short.
pub fn sketch(text: &str) -> Option<Vec<u64>> {
    let words: Vec<String> = words(text).collect();
    if words.len() < MIN_SHINGLES + 3 {
        return None;
    }
    let mut hashes: Vec<u64> = words
        .windows(4)
        .map(|s| fnv(s.join(" ").as_bytes()))
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes.truncate(SKETCH);
    Some(hashes)
}

/// The Jaccard similarity two sketches estimate: of the k smallest hashes of their union,
/// the share found in both.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let k = SKETCH.min(a.len().max(b.len()));
    let (mut i, mut j, mut taken, mut both) = (0, 0, 0, 0);
    while taken < k && (i < a.len() || j < b.len()) {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                both += 1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => i += 1,
            (Some(_), Some(_)) => j += 1,
            (Some(_), None) => i += 1,
            (None, _) => j += 1,
        }
        taken += 1;
    }
    if taken == 0 {
        0.0
    } else {
        both as f64 / taken as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "The central bank raised its main interest rate by a quarter of a point on Thursday, \
        the fourth increase this year, saying inflation remained too high and the labour market too tight. \
        The governor told reporters that further rises could not be ruled out if prices kept climbing, \
        and markets reacted calmly to a decision most economists had expected.";

    #[test]
    fn same_url_or_text_is_a_duplicate_and_a_republished_copy_is_near() {
        let mut seen = Seen::default();
        seen.add(
            Some("https://www.News.example/a/"),
            WIRE,
            Path::new("a.txt"),
        );
        assert_eq!(
            seen.duplicate(Some("http://news.example/a#top"), "other"),
            Some(Duplicate::SameUrl("a.txt".into()))
        );
        let shouted = WIRE.to_uppercase();
        assert_eq!(
            seen.duplicate(None, &shouted),
            Some(Duplicate::SameText("a.txt".into()))
        );
        let republished = format!("{WIRE} Reporting by the wire desk.");
        assert_eq!(seen.duplicate(None, &republished), None);
        assert_eq!(seen.near(&republished), Some("a.txt".into()));
        assert_eq!(
            seen.near(
                "A wholly different story about the harvest festival in a small town, \
            where farmers showed their largest pumpkins and the mayor judged the baking contest \
            while a brass band played until late in the evening."
            ),
            None
        );
    }
}
