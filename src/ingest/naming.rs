//! Article names: a safe file-name stem from an input file's name, a title or a URL; the
//! name is a single path component (never a way out of the folder), valid on Windows, macOS
//! and Linux, and never that of an existing file (`story-2`, `story-3`... instead).

use std::path::{Path, PathBuf};

/// Longest stem, in characters (leaves room for `-NNN.txt.ANNOTATOR.annotations.ron` under
/// the 255-byte limit of common file systems).
pub const MAX_STEM_CHARS: usize = 80;

/// Names Windows reserves whatever the extension.
const WINDOWS_RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A safe stem from any text: letters and digits kept (any script, lower-cased), every run
/// of anything else one `-`, trimmed, at most [`MAX_STEM_CHARS`]; empty or reserved names
/// become `article`, `con` becomes `con-article`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
        if out.chars().count() >= MAX_STEM_CHARS {
            break;
        }
    }
    let out: String = out.chars().take(MAX_STEM_CHARS).collect();
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "article".to_string()
    } else if WINDOWS_RESERVED.contains(&out.as_str()) {
        format!("{out}-article")
    } else {
        out
    }
}

/// A stem from a URL: its last non-empty path segment without extension, else its host.
pub fn slug_of_url(url: &str) -> String {
    let without_query = url.split(['?', '#']).next().unwrap_or(url);
    let after_scheme = without_query
        .split_once("://")
        .map_or(without_query, |(_, r)| r);
    let mut segments = after_scheme.split('/').filter(|s| !s.is_empty());
    let host = segments.next().unwrap_or("");
    let last = segments
        .next_back()
        .map(|s| s.rsplit_once('.').map_or(s, |(a, _)| a));
    slug(last.filter(|s| !s.is_empty()).unwrap_or(host))
}

/// A stem from an input file's name (`Story (1).html` → `story-1`).
pub fn slug_of_file(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `page.warc.gz`, `saved.html.gz`: drop the inner extension too.
    let stem = match stem.rsplit_once('.') {
        Some((inner, ext))
            if ["warc", "html", "htm", "xhtml", "json", "jsonl", "xml"]
                .contains(&ext.to_ascii_lowercase().as_str()) =>
        {
            inner.to_string()
        }
        _ => stem,
    };
    slug(&stem)
}

/// The candidate article paths for `stem` in `folder`, in order: `stem.txt`, `stem-2.txt`...
pub fn candidates(folder: &Path, stem: &str) -> impl Iterator<Item = PathBuf> {
    let folder = folder.to_owned();
    let stem = stem.to_owned();
    (1..).map(move |n| {
        if n == 1 {
            folder.join(format!("{stem}.txt"))
        } else {
            folder.join(format!("{stem}-{n}.txt"))
        }
    })
}

/// Whether `path`, its provenance sidecar or any annotation file of it exist (a name taken).
pub fn taken(path: &Path) -> bool {
    if std::fs::symlink_metadata(path).is_ok()
        || std::fs::symlink_metadata(super::provenance::sidecar_path(path)).is_ok()
    {
        return true;
    }
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return true;
    };
    let Some(folder) = path.parent() else {
        return true;
    };
    std::fs::read_dir(folder).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let other = e.file_name().to_string_lossy().into_owned();
            other.starts_with(&format!("{name}."))
                && other.ends_with(crate::store::ANNOTATION_SUFFIX)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_one_safe_component() {
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("C:\\Windows\\System32"), "c-windows-system32");
        assert_eq!(slug("Élection à Zürich: « oui »"), "élection-à-zürich-oui");
        assert_eq!(slug("CON"), "con-article");
        assert_eq!(slug("   ...  "), "article");
        assert_eq!(slug(&"a".repeat(500)).chars().count(), MAX_STEM_CHARS);
        assert_eq!(slug("a\u{0}b\u{7}c"), "a-b-c");
    }

    #[test]
    fn urls_and_files_give_their_most_telling_part() {
        assert_eq!(
            slug_of_url("https://news.example/2024/05/big-story.html?x=1#c"),
            "big-story"
        );
        assert_eq!(slug_of_url("https://news.example/"), "news-example");
        assert_eq!(slug_of_file(Path::new("/in/Story (1).html")), "story-1");
        assert_eq!(slug_of_file(Path::new("crawl.warc.gz")), "crawl");
        assert_eq!(slug_of_file(Path::new("v1.2 report.html")), "v1-2-report");
    }

    #[test]
    fn candidates_count_up() {
        let names: Vec<_> = candidates(Path::new("f"), "s").take(3).collect();
        assert_eq!(
            names,
            [
                Path::new("f/s.txt"),
                Path::new("f/s-2.txt"),
                Path::new("f/s-3.txt")
            ]
        );
    }
}
