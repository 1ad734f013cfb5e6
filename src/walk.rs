//! Walking a folder tree safely: every real folder is read once (tracked by device and inode),
//! so symbolic-link loops end and a file reachable by several paths is listed once; hidden
//! entries (names starting with `.`) are skipped; symbolic links that lead out of the folder
//! are followed or skipped and reported, as the caller asks. Real paths are preferred: links
//! are followed only after the real tree, so a file is listed under its own name when it has
//! one inside the folder.
//!
//! Used by folder discovery ([`crate::store::discover`], and so `validate`, `stats` and
//! `export`), brat import, and the window's folder listing:
//!
//! ```no_run
//! use press_annotate::walk::{Links, walk};
//! let walked = walk(std::path::Path::new("corpus"), Links::Follow);
//! let articles: Vec<_> = walked
//!     .files
//!     .iter()
//!     .filter(|p| press_annotate::store::is_article(p))
//!     .collect();
//! ```

use std::collections::{HashSet, VecDeque};
use std::fs::Metadata;
use std::path::{Path, PathBuf};

use crate::error::FileError;

/// What to do with a symbolic link whose real path is outside the folder walked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Links {
    /// Follow it (each real folder and file still once).
    Follow,
    /// Skip it, and report it in [`Walked::skipped`] (for inputs that must not reach files
    /// elsewhere, such as an import's input folder).
    StayInside,
}

/// What a walk found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Walked {
    /// Every non-hidden file under the root, once each, sorted by path. A root that is a
    /// file is the only entry.
    pub files: Vec<PathBuf>,
    /// What was left out, and why: folders that cannot be read, broken links, and (with
    /// [`Links::StayInside`]) links that leave the root.
    pub skipped: Vec<FileError>,
}

/// A file or folder's identity: device and inode where there are such, else its real path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn identity(path: &Path, meta: &Metadata) -> Identity {
    #[cfg(unix)]
    {
        let _ = path;
        use std::os::unix::fs::MetadataExt;
        Identity::Inode(meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Identity::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()))
    }
}

fn hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Whether `path`'s real path (every link resolved) is `root`'s real path or under it.
/// `Err` names the real place it leads to, or why it cannot be resolved.
pub fn check_inside(root: &Path, path: &Path) -> Result<(), String> {
    let root_real = std::fs::canonicalize(root)
        .map_err(|e| format!("cannot resolve {}: {e}", root.display()))?;
    let real = std::fs::canonicalize(path).map_err(|e| format!("cannot resolve the link: {e}"))?;
    if real.starts_with(&root_real) {
        Ok(())
    } else {
        Err(format!(
            "a symbolic link to {}, outside {}",
            real.display(),
            root.display()
        ))
    }
}

/// Every file under `root` (see the module documentation), sorted by path.
pub fn walk(root: &Path, links: Links) -> Walked {
    let mut out = Walked::default();
    let meta = match std::fs::metadata(root) {
        Ok(meta) => meta,
        Err(e) => {
            out.skipped.push(FileError::io(root, e));
            return out;
        }
    };
    if !meta.is_dir() {
        out.files.push(root.to_owned());
        return out;
    }
    let mut folders: HashSet<Identity> = HashSet::new();
    let mut files: HashSet<Identity> = HashSet::new();
    folders.insert(identity(root, &meta));
    let mut stack = vec![root.to_owned()];
    let mut pending_links: VecDeque<PathBuf> = VecDeque::new();
    loop {
        while let Some(dir) = stack.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) => {
                    out.skipped.push(FileError::new(
                        &dir,
                        format!("cannot read the folder: {}", FileError::io(&dir, e).message),
                    ));
                    continue;
                }
            };
            let mut entries: Vec<_> = entries
                .filter_map(Result::ok)
                .filter(|e| !hidden(&e.file_name()))
                .collect();
            entries.sort_by_key(|e| e.file_name());
            let mut subfolders = Vec::new();
            for entry in entries {
                let path = entry.path();
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_symlink() {
                    pending_links.push_back(path);
                    continue;
                }
                let Ok(meta) = entry.metadata() else {
                    continue;
                };
                if kind.is_dir() {
                    if folders.insert(identity(&path, &meta)) {
                        subfolders.push(path);
                    }
                } else if files.insert(identity(&path, &meta)) {
                    out.files.push(path);
                }
            }
            // Popped in name order.
            stack.extend(subfolders.into_iter().rev());
        }
        let Some(link) = pending_links.pop_front() else {
            break;
        };
        let meta = match std::fs::metadata(&link) {
            Ok(meta) => meta,
            Err(_) => {
                out.skipped
                    .push(FileError::new(&link, "a broken symbolic link; skipped"));
                continue;
            }
        };
        if links == Links::StayInside
            && let Err(why) = check_inside(root, &link)
        {
            out.skipped
                .push(FileError::new(&link, format!("{why}; skipped")));
            continue;
        }
        if meta.is_dir() {
            if folders.insert(identity(&link, &meta)) {
                stack.push(link);
            }
        } else if files.insert(identity(&link, &meta)) {
            out.files.push(link);
        }
    }
    out.files.sort();
    out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(walked: &Walked, root: &Path) -> Vec<String> {
        walked
            .files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn symlink_loops_end_and_each_file_is_listed_once_under_its_real_name() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("a.txt"), "a").unwrap();
        std::fs::write(root.join("sub/b.txt"), "b").unwrap();
        std::fs::write(root.join(".hidden.txt"), "h").unwrap();
        symlink(".", root.join("s1")).unwrap();
        symlink(".", root.join("s2")).unwrap();
        symlink("..", root.join("sub/up")).unwrap();
        symlink("a.txt", root.join("0-link-to-a.txt")).unwrap();
        let walked = walk(root, Links::Follow);
        assert_eq!(names(&walked, root), ["a.txt", "sub/b.txt"]);
        assert!(walked.skipped.is_empty(), "{:?}", walked.skipped);
    }

    #[test]
    fn links_leaving_the_root_are_followed_or_skipped_and_named() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "s").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("a.txt"), "a").unwrap();
        symlink(outside.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        symlink(outside.path(), root.join("elsewhere")).unwrap();
        symlink(root.join("nothing"), root.join("broken.txt")).unwrap();

        let followed = walk(root, Links::Follow);
        assert_eq!(
            names(&followed, root),
            ["a.txt", "elsewhere/secret.txt"],
            "the file reached twice is listed once"
        );

        let inside = walk(root, Links::StayInside);
        assert_eq!(names(&inside, root), ["a.txt"]);
        let skipped: Vec<String> = inside.skipped.iter().map(|e| e.to_string()).collect();
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert!(
            skipped
                .iter()
                .any(|s| s.contains("leak.txt") && s.contains("outside"))
        );
        assert!(
            skipped
                .iter()
                .any(|s| s.contains("elsewhere") && s.contains("outside"))
        );
        assert!(
            skipped
                .iter()
                .any(|s| s.contains("broken.txt") && s.contains("broken"))
        );
    }

    #[test]
    fn a_file_root_is_itself() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.txt");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(walk(&file, Links::Follow).files, [file]);
        let missing = walk(&dir.path().join("nope"), Links::Follow);
        assert!(missing.files.is_empty());
        assert_eq!(missing.skipped.len(), 1);
    }
}
