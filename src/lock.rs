//! One discipline for every writer of a set (the command line's `suggest --apply` and
//! `import --force`, and the window when it takes it): an advisory lock on the file, held
//! while the file is read again, checked and written; the check is made once more right
//! before the rename; a file that changed since it was first read is merged with the same
//! three-way merge as Git's driver ([`crate::merge`]: base = as read, ours = as edited,
//! theirs = as on disk now), or refused, naming the file. Never overwritten silently.
//!
//! The lock is the hidden file `.NAME.lock` beside the file (`.story.txt.alice.annotations.ron.lock`),
//! created on taking the lock and removed on letting go of it (on Unix; elsewhere it stays,
//! empty). Hidden files are skipped by folder listings, `validate`, exports and imports, so a
//! lock never shows up as an article or a set. Writers that do not take the lock (Git, an
//! editor) are still caught by the check right before the rename.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{FileError, FileErrors};
use crate::model::AnnotationSet;

/// How long [`lock_set`] waits for another writer to let go before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(30);

/// The lock file of `path`: `.NAME.lock` beside it.
pub fn lock_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::atomic::folder_of(path).join(format!(".{name}.lock"))
}

/// Whether a file name is a lock file's (`.NAME.lock`).
pub fn is_lock_name(name: &str) -> bool {
    name.len() > ".lock".len() + 1 && name.starts_with('.') && name.ends_with(".lock")
}

/// An advisory lock on one file (a set, or an article), held until dropped.
#[derive(Debug)]
pub struct SetLock {
    file: File,
    path: PathBuf,
    of: PathBuf,
}

impl SetLock {
    /// The file locked (the set, not the lock file).
    pub fn of(&self) -> &Path {
        &self.of
    }
}

impl Drop for SetLock {
    fn drop(&mut self) {
        // Removed while still held: a writer waiting on this file finds, once it has the
        // lock, that the path no longer leads to it, and takes the lock again on a new file.
        #[cfg(unix)]
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    true
}

/// Takes the lock on the set at `set_path` (any file, in fact: an article too), waiting up to
/// [`LOCK_WAIT`] for another writer to let go of it.
pub fn lock_set(set_path: &Path) -> Result<SetLock, FileError> {
    lock_waiting(set_path, LOCK_WAIT)
}

/// [`lock_set`], waiting at most `wait`.
pub fn lock_waiting(set_path: &Path, wait: Duration) -> Result<SetLock, FileError> {
    let path = lock_path(set_path);
    let deadline = Instant::now() + wait;
    loop {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| FileError::new(&path, format!("cannot create the lock file: {e}")))?;
        match file.try_lock() {
            Ok(()) => {
                if same_file(&file, &path) {
                    return Ok(SetLock {
                        file,
                        path,
                        of: set_path.to_owned(),
                    });
                }
                // Its holder removed it as we took it: take the new one.
            }
            Err(TryLockError::WouldBlock) => {
                if Instant::now() >= deadline {
                    return Err(FileError::new(
                        set_path,
                        format!(
                            "another program has been writing this file for more than {} s (it holds {}); not written, try again",
                            wait.as_secs(),
                            path.display()
                        ),
                    ));
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(TryLockError::Error(e)) => {
                return Err(FileError::new(&path, format!("cannot lock: {e}")));
            }
        }
    }
}

/// Takes the locks of several files, in path order (so that two writers locking overlapping
/// files never wait on each other in a circle).
pub fn lock_all<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Result<Vec<SetLock>, FileError> {
    let mut paths: Vec<&Path> = paths.into_iter().collect();
    paths.sort();
    paths.dedup();
    // Each lock holds a file open: an import of thousands of documents needs more than the
    // usual soft limit of 1024 open files.
    allow_open_files(paths.len() as u64 + 256);
    paths.into_iter().map(lock_set).collect()
}

/// Raises the soft limit of open files to `wanted` where the hard limit allows (best effort).
#[cfg(unix)]
fn allow_open_files(wanted: u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit read and write the one struct given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 || limit.rlim_cur >= wanted {
            return;
        }
        limit.rlim_cur = wanted.min(limit.rlim_max);
        libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
    }
}

#[cfg(not(unix))]
fn allow_open_files(_wanted: u64) {}

/// The SHA-256 of the file's bytes now, with the bytes (`None`: no such file).
pub fn read_now(path: &Path) -> Result<Option<(Vec<u8>, String)>, FileError> {
    match crate::bounded_read::read_io(path, crate::bounded_read::MAX_DATA_BYTES) {
        Ok(bytes) => {
            let sha = crate::store::sha256_hex(&bytes);
            Ok(Some((bytes, sha)))
        }
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e.into_file_error(path)),
    }
}

fn sha_now(path: &Path) -> Result<Option<String>, FileError> {
    Ok(read_now(path)?.map(|(_, sha)| sha))
}

/// What [`save_set`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// The set as edited: the file was still as read.
    AsEdited,
    /// The file had changed since it was read: the merge of both, which is what was written.
    Merged(AnnotationSet),
}

/// How many times [`save_set`] reads a file that keeps changing before it gives up.
const ATTEMPTS: usize = 4;

/// Writes `edited` to the set `lock` is held on, atomically and in canonical form, if the file
/// is still as it was read (`read_sha`: the SHA-256 of its bytes then, `None` when it did not
/// exist), checked under the lock and again right before the rename. If it changed meanwhile,
/// the set on disk is read with `load` (which parses, checks and re-anchors it, its errors
/// naming the file) and merged: `merge(read, edited, on disk)`, written when it has no
/// conflict, refused (nothing written, the error naming the file) when it has.
pub fn save_set(
    lock: &SetLock,
    read: &AnnotationSet,
    read_sha: Option<&str>,
    edited: &AnnotationSet,
    load: &dyn Fn(&[u8]) -> Result<AnnotationSet, FileErrors>,
) -> Result<Saved, FileErrors> {
    let path = lock.of();
    let mut expected = read_sha.map(str::to_owned);
    let mut merged: Option<AnnotationSet> = None;
    for _ in 0..ATTEMPTS {
        let now = read_now(path)?;
        if now.as_ref().map(|(_, sha)| sha) != expected.as_ref() {
            let Some((bytes, sha)) = now else {
                return Err(FileError::new(
                    path,
                    "removed by another program since it was read; not written",
                )
                .into());
            };
            let theirs = load(&bytes)?;
            let result = crate::merge::merge(read, edited, &theirs);
            if !result.conflicts.is_empty() {
                return Err(FileError::new(
                    path,
                    format!(
                        "changed by another program since it was read, in ways that conflict with these changes ({}); not written",
                        result
                            .conflicts
                            .iter()
                            .map(crate::merge::Conflict::summary)
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                )
                .into());
            }
            merged = Some(result.set);
            expected = Some(sha);
        }
        let set = merged.as_ref().unwrap_or(edited);
        let text = crate::canonical::to_canonical_ron(set);
        let io = |e: std::io::Error| FileError::new(path, format!("cannot save: {e}"));
        let dir = crate::atomic::folder_of(&crate::atomic::write_target(path));
        let mut temp = crate::atomic::temp_file_in(&dir).map_err(io)?;
        temp.write_all(text.as_bytes()).map_err(io)?;
        temp.flush().map_err(io)?;
        // Right before the rename: still what the merge (or the edit) was made against?
        if sha_now(path)? == expected {
            crate::atomic::persist(temp, path)?;
            return Ok(match merged {
                Some(set) => Saved::Merged(set),
                None => Saved::AsEdited,
            });
        }
    }
    Err(FileError::new(
        path,
        "keeps changing while press-annotate writes it (another program writes it without taking its lock); not written",
    )
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_exclusive_and_its_file_goes_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let set = dir.path().join("a.txt.annotations.ron");
        let lock = lock_set(&set).unwrap();
        assert!(lock_path(&set).exists());
        assert_eq!(
            lock_path(&set),
            dir.path().join(".a.txt.annotations.ron.lock")
        );
        assert!(is_lock_name(".a.txt.annotations.ron.lock"));
        let err = lock_waiting(&set, Duration::from_millis(50)).unwrap_err();
        assert!(err.to_string().contains("a.txt.annotations.ron"), "{err}");
        drop(lock);
        #[cfg(unix)]
        assert!(!lock_path(&set).exists());
        let again = lock_waiting(&set, Duration::from_millis(50)).unwrap();
        drop(again);
    }

    #[test]
    fn a_waiting_writer_gets_the_lock_when_the_holder_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let set = dir.path().join("a.txt.annotations.ron");
        let lock = lock_set(&set).unwrap();
        let waiter = {
            let set = set.clone();
            std::thread::spawn(move || lock_waiting(&set, Duration::from_secs(10)).map(drop))
        };
        std::thread::sleep(Duration::from_millis(100));
        drop(lock);
        assert!(waiter.join().unwrap().is_ok());
    }
}
