//! Completing a typed path, for the window's path field (used where no native file dialog is
//! available, e.g. Linux without an xdg-desktop-portal).

use std::path::{MAIN_SEPARATOR, Path};

/// The entries that could complete `typed`: folders (with a trailing separator) and articles
/// or annotation files, sorted, folders first. Hidden entries only when the typed name starts
/// with a dot.
pub fn candidates(typed: &str) -> Vec<String> {
    let expanded = expand_home(typed);
    let (dir, prefix) = match expanded.rfind(['/', MAIN_SEPARATOR]) {
        Some(i) => (expanded[..=i].to_owned(), expanded[i + 1..].to_owned()),
        None => (String::new(), expanded.clone()),
    };
    let listing = if dir.is_empty() { "." } else { dir.as_str() };
    let Ok(entries) = std::fs::read_dir(listing) else {
        return Vec::new();
    };
    let mut out: Vec<(bool, String)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            if !name.starts_with(&prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            let is_dir = e.path().is_dir();
            let path = Path::new(&name);
            let useful =
                is_dir || crate::store::is_article(path) || crate::store::is_annotation_file(path);
            useful.then(|| {
                let mut full = format!("{dir}{name}");
                if is_dir {
                    full.push(MAIN_SEPARATOR);
                }
                (!is_dir, full)
            })
        })
        .collect();
    out.sort();
    out.into_iter().map(|(_, s)| s).collect()
}

/// The longest common prefix of the candidates (what Tab fills in).
pub fn common_prefix(candidates: &[String]) -> Option<String> {
    let first = candidates.first()?;
    let mut len = first.len();
    for c in &candidates[1..] {
        len = first
            .char_indices()
            .zip(c.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8())
            .min(len);
    }
    Some(first[..len].to_owned())
}

/// `~/x` → `$HOME/x`.
pub fn expand_home(typed: &str) -> String {
    match (typed.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => typed.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_folders_and_articles() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("news")).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        std::fs::write(dir.path().join("noise.bin"), "x").unwrap();
        let base = format!("{}/", dir.path().display());
        let found = candidates(&format!("{base}n"));
        assert_eq!(
            found,
            vec![format!("{base}news/"), format!("{base}notes.txt")]
        );
        assert_eq!(common_prefix(&found), Some(format!("{base}n")));
    }
}
