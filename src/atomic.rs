//! Writing files so that a crash or a failure leaves the old contents or the new, never a
//! mix: one file (a temporary file beside it, synced, renamed over it) or a batch of files
//! all or nothing. New files get the mode the umask gives (0644 under 022), an existing file
//! keeps its own, and its owner and group where the process may set them; a save through a
//! symbolic link writes the file it leads to. Temporary files are named `.press-annotate-*.tmp`; ours that are older than
//! a minute (left by a crash) are removed from a folder before writing there.
//!
//! A batch ([`write_all`]) is made crash-safe by a journal: once every file is written in
//! full beside its target, the list of renames still to make is committed as
//! `.press-annotate-*.journal` (in the folder holding all targets), then the renames are made
//! and the journal removed. A kill before the journal leaves every file as it was; after it,
//! the next batch or save in that folder (and `import` into it, before it reads anything)
//! completes the renames ([`complete_journals`]), so an article and its set always end up
//! together, and `validate` names the journal and the articles it has yet to complete.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tempfile::NamedTempFile;

use crate::error::FileError;

/// The start of every temporary file name press-annotate makes.
pub const TEMP_PREFIX: &str = ".press-annotate-";
/// The end of every temporary file name press-annotate makes.
pub const TEMP_SUFFIX: &str = ".tmp";
/// A temporary file of ours older than this is left over from a crash.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// The end of a batch journal's name (`.press-annotate-*.journal`).
pub const JOURNAL_SUFFIX: &str = ".journal";

/// Whether a file name is a batch journal's (`.press-annotate-*.journal`).
pub fn is_journal_name(name: &str) -> bool {
    name.len() > TEMP_PREFIX.len() + JOURNAL_SUFFIX.len()
        && name.starts_with(TEMP_PREFIX)
        && name.ends_with(JOURNAL_SUFFIX)
}

/// The first line of a batch journal.
const JOURNAL_HEADER: &str = "press-annotate batch journal 1";
/// The last line of a complete batch journal.
const JOURNAL_END: &str = "end";

/// A batch left incomplete by a crash: the renames (temporary file, target; absolute
/// paths) its journal lists, and the files to remove once they are made (the copies of the
/// replaced files, kept only to undo a failed rename).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Journal {
    pub path: PathBuf,
    pub moves: Vec<(PathBuf, PathBuf)>,
    pub leftovers: Vec<PathBuf>,
}

impl Journal {
    /// The targets whose temporary file is still there: not in place yet.
    pub fn pending(&self) -> impl Iterator<Item = &Path> {
        self.moves
            .iter()
            .filter(|(temp, _)| std::fs::symlink_metadata(temp).is_ok())
            .map(|(_, target)| target.as_path())
    }
}

fn path_bytes(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

fn path_from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(bytes).ok().map(PathBuf::from)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect()
}

fn journal_text(moves: &[(PathBuf, PathBuf)], leftovers: &[PathBuf]) -> String {
    let mut text = format!("{JOURNAL_HEADER}\n");
    for path in leftovers {
        text.push_str(&format!("x {}\n", hex(path_bytes(path))));
    }
    for (temp, target) in moves {
        text.push_str(&format!(
            "{} {}\n",
            hex(path_bytes(temp)),
            hex(path_bytes(target))
        ));
    }
    text.push_str(JOURNAL_END);
    text.push('\n');
    text
}

/// Reads a journal; the error says what is wrong with it.
pub fn read_journal(path: &Path) -> Result<Journal, FileError> {
    let bad = |why: &str| {
        FileError::new(
            path,
            format!(
                "not a batch journal press-annotate can complete ({why}); left as it is (check the files of the folder, then remove it)"
            ),
        )
    };
    let bytes = crate::bounded_read::read_io(path, crate::bounded_read::MAX_DATA_BYTES)
        .map_err(|e| FileError::new(path, format!("cannot read the batch journal: {e}")))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| bad("not UTF-8"))?;
    let mut lines = text.lines();
    if lines.next() != Some(JOURNAL_HEADER) {
        return Err(bad("no header"));
    }
    let mut moves = Vec::new();
    let mut leftovers = Vec::new();
    let mut ended = false;
    for line in lines {
        if line == JOURNAL_END {
            ended = true;
            break;
        }
        if let Some(path) = line.strip_prefix("x ") {
            leftovers.push(
                unhex(path)
                    .and_then(path_from_bytes)
                    .ok_or_else(|| bad("a line is not a path"))?,
            );
            continue;
        }
        let (temp, target) = line
            .split_once(' ')
            .and_then(|(a, b)| Some((path_from_bytes(unhex(a)?)?, path_from_bytes(unhex(b)?)?)))
            .ok_or_else(|| bad("a line is not two paths"))?;
        moves.push((temp, target));
    }
    if !ended {
        return Err(bad("cut short"));
    }
    Ok(Journal {
        path: path.to_owned(),
        moves,
        leftovers,
    })
}

/// The batch journals in `dir` (not below it) that no running batch holds: batches a crash
/// left incomplete. Sorted by path; a journal that cannot be read is an error naming it.
pub fn journals_in(dir: &Path) -> Vec<Result<Journal, FileError>> {
    read_journals(dir, false)
}

/// The batch journals in `dir`; `live_too`: also those a running batch holds.
fn read_journals(dir: &Path, live_too: bool) -> Vec<Result<Journal, FileError>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_str().is_some_and(is_journal_name))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter(|path| {
            // A batch still running holds a lock on its journal.
            live_too
                || std::fs::File::open(path).is_ok_and(|f| match f.try_lock() {
                    Ok(()) => {
                        let _ = f.unlock();
                        true
                    }
                    Err(_) => false,
                })
        })
        .map(|path| read_journal(&path))
        .collect()
}

/// Completes the batches a crash left incomplete in `dir` ([`journals_in`]): makes the
/// renames their journals list that are not made yet, then removes the journals. The first
/// that cannot be completed is returned, naming the file (its journal stays, for the next
/// run).
pub fn complete_journals(dir: &Path) -> Result<(), FileError> {
    for journal in journals_in(dir) {
        let journal = journal?;
        let Ok(file) = std::fs::File::open(&journal.path) else {
            continue;
        };
        if file.try_lock().is_err() {
            continue;
        }
        let mut folders = Vec::new();
        for (temp, target) in &journal.moves {
            if std::fs::symlink_metadata(temp).is_err() {
                continue;
            }
            std::fs::rename(temp, target).map_err(|e| {
                FileError::new(
                    target,
                    format!(
                        "cannot complete the batch interrupted by a crash ({}): {e}",
                        journal.path.display()
                    ),
                )
            })?;
            folders.push(folder_of(target));
        }
        folders.sort();
        folders.dedup();
        for folder in folders {
            sync_folder(&folder);
        }
        for path in &journal.leftovers {
            let _ = std::fs::remove_file(path);
        }
        std::fs::remove_file(&journal.path)
            .map_err(|e| FileError::new(&journal.path, format!("cannot remove: {e}")))?;
        sync_folder(dir);
    }
    Ok(())
}

/// Test-only fault hook: with `PRESS_ANNOTATE_FAULT_AFTER_RENAMES=N` in the environment, a
/// batch ([`write_all`]: the journal's rename, then the files') or a brat export (the swap
/// of its folder) aborts the process (`std::process::abort`, as a kill would) after its
/// first N renames, or at its end when it makes fewer. The crash tests
/// (tests/crash_batches.rs) set it; nobody else should. With
/// `PRESS_ANNOTATE_SLOW_RENAMES_MS=N`, each rename waits about N ms first (0 to 2N), as on a busy disk,
/// which widens the window in which two writers could interleave (tests/concurrent_writers.rs).
pub(crate) struct Faults {
    after: Option<usize>,
    done: usize,
    slow: Option<std::time::Duration>,
}

impl Faults {
    pub(crate) fn from_env() -> Self {
        Self {
            after: std::env::var("PRESS_ANNOTATE_FAULT_AFTER_RENAMES")
                .ok()
                .and_then(|n| n.parse().ok()),
            done: 0,
            slow: std::env::var("PRESS_ANNOTATE_SLOW_RENAMES_MS")
                .ok()
                .and_then(|n| n.parse().ok())
                .map(std::time::Duration::from_millis),
        }
    }

    /// Called before each rename.
    pub(crate) fn rename(&mut self) {
        self.end();
        if let Some(slow) = self.slow {
            // Between none and twice the time, varying from rename to rename and process to
            // process, as a busy disk does (so that two writers' renames cross each other).
            let jitter =
                (u64::from(std::process::id()) * 2_654_435_761 + self.done as u64 * 40_503) % 1000;
            std::thread::sleep(slow * jitter as u32 / 500);
        }
        self.done += 1;
    }

    /// Called once all renames are made.
    pub(crate) fn end(&self) {
        if self.after == Some(self.done) {
            std::process::abort();
        }
    }
}

/// The folder holding every one of `folders` (absolute), or the first when they share none.
fn common_folder(folders: &[PathBuf]) -> PathBuf {
    let mut common = folders
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    for folder in folders.iter().skip(1) {
        while !folder.starts_with(&common) {
            match common.parent() {
                Some(up) => common = up.to_owned(),
                None => return folders[0].clone(),
            }
        }
    }
    common
}

/// The folder a file is written in (`.` for a bare file name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Whether a file name is one of our temporary files' (`.press-annotate-*.tmp`).
pub fn is_temp_name(name: &str) -> bool {
    name.len() > TEMP_PREFIX.len() + TEMP_SUFFIX.len()
        && name.starts_with(TEMP_PREFIX)
        && name.ends_with(TEMP_SUFFIX)
}

/// Our temporary files and staging folders in `dir` (not below it) that were last written more than
/// [`STALE_AFTER`] ago: what a crash in the middle of a save left behind. Sorted.
pub fn stale_temp_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let now = SystemTime::now();
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_str().is_some_and(is_temp_name))
        .filter(|e| {
            e.file_type().is_ok_and(|t| t.is_file() || t.is_dir())
                && e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > STALE_AFTER))
        })
        .map(|e| e.path())
        .collect();
    if !out.is_empty() {
        // The temporary files a journal still needs are not leftovers: a journal here or in
        // a folder above (a batch's journal is in the folder holding all its files), whether
        // its batch is still running or was interrupted.
        let needed: std::collections::HashSet<PathBuf> = absolute(dir)
            .ancestors()
            .flat_map(|folder| read_journals(folder, true))
            .flatten()
            .flat_map(|j| j.moves.into_iter().map(|(temp, _)| temp))
            .collect();
        out.retain(|p| !needed.contains(&absolute(p)));
    }
    out.sort();
    out
}

/// Completes the batches a crash left incomplete in `dir` ([`complete_journals`]), then
/// removes [`stale_temp_files`] from `dir`, and the staging folders of ours (best effort: a
/// file that cannot be removed stays).
pub fn remove_stale_temp_files(dir: &Path) {
    let _ = complete_journals(dir);
    for path in stale_temp_files(dir) {
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            let _ = std::fs::remove_dir_all(path);
        } else {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A new temporary file in `dir`, named `.press-annotate-*.tmp`, created with the mode the
/// umask gives a new file; stale temporary files of ours in `dir` are removed first.
pub fn temp_file_in(dir: &Path) -> std::io::Result<NamedTempFile> {
    remove_stale_temp_files(dir);
    new_temp_in(dir)
}

fn new_temp_in(dir: &Path) -> std::io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// A new folder beside `target` to build a folder in before it is renamed into place, with
/// the mode the umask gives a new folder.
pub fn temp_dir_beside(target: &Path) -> std::io::Result<tempfile::TempDir> {
    let dir = folder_of(target);
    remove_stale_temp_files(&dir);
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o777));
    }
    builder.tempdir_in(dir)
}

/// `path` made absolute (not resolving links), or as it is when that fails.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// Gives `new` (about to replace `existing`) the mode of `existing`, if there is one.
pub fn keep_mode(new: &Path, existing: &Path) -> std::io::Result<()> {
    match std::fs::metadata(existing) {
        Ok(meta) if meta.is_file() => std::fs::set_permissions(new, meta.permissions()),
        _ => Ok(()),
    }
}

/// Gives the temporary file `new` (about to replace `existing`) the owner and group of
/// `existing`, where the process may: the owner and group, else the group alone (a member of
/// the group may), else neither (the mode is kept all the same).
#[cfg(unix)]
pub fn keep_owner(new: &std::fs::File, existing: &Path) {
    use std::os::unix::fs::MetadataExt;
    let (Ok(old), Ok(now)) = (std::fs::metadata(existing), new.metadata()) else {
        return;
    };
    if !old.is_file() || (old.uid() == now.uid() && old.gid() == now.gid()) {
        return;
    }
    if std::os::unix::fs::fchown(new, Some(old.uid()), Some(old.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(new, None, Some(old.gid()));
    }
}

#[cfg(not(unix))]
pub fn keep_owner(_new: &std::fs::File, _existing: &Path) {}

/// Where a save of `path` writes: the file a symbolic link leads to (so a shared target
/// stays shared and the link stays a link), or `path` itself.
pub fn write_target(path: &Path) -> PathBuf {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
        && let Ok(real) = std::fs::canonicalize(path)
    {
        return real;
    }
    path.to_owned()
}

/// Swaps two folders: `new` takes `target`'s place and `target`'s old contents end up at
/// `new`. On Linux in one step (`renameat2` with `RENAME_EXCHANGE`), so a crash leaves the
/// old folder or the new; elsewhere in two renames (the old folder moved aside first, so a
/// crash between them leaves both under `.press-annotate-*.tmp` names, reported by `validate`).
pub fn swap_folders(new: &Path, target: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let a = std::ffi::CString::new(new.as_os_str().as_bytes())?;
        let b = std::ffi::CString::new(target.as_os_str().as_bytes())?;
        // SAFETY: both paths are valid NUL-terminated strings for the duration of the call.
        let done = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if done == 0 {
            sync_folder(&folder_of(target));
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        // File systems without RENAME_EXCHANGE fall back to two renames.
        if !matches!(err.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
            return Err(err);
        }
    }
    let aside = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .make_in(folder_of(target), |_| Ok(()))?
        .into_temp_path()
        .keep()
        .map_err(|e| e.error)?;
    std::fs::rename(target, &aside)?;
    if let Err(e) = std::fs::rename(new, target) {
        let _ = std::fs::rename(&aside, target);
        return Err(e);
    }
    std::fs::rename(&aside, new)?;
    sync_folder(&folder_of(target));
    Ok(())
}

fn sync_folder(dir: &Path) {
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
}

/// Syncs a written temporary file and renames it over `path` (keeping `path`'s mode if it
/// exists).
pub fn persist(temp: NamedTempFile, path: &Path) -> Result<(), FileError> {
    let io = |e: std::io::Error| FileError::new(path, format!("cannot save: {e}"));
    let target = write_target(path);
    temp.as_file().sync_all().map_err(io)?;
    keep_mode(temp.path(), &target).map_err(io)?;
    keep_owner(temp.as_file(), &target);
    let temp = if folder_of(&target) == folder_of(path) {
        temp
    } else {
        // The link leads to another folder: the temporary file is made there, so the rename
        // stays within one file system.
        let mut beside = temp_file_in(&folder_of(&target)).map_err(io)?;
        std::io::copy(
            &mut std::fs::File::open(temp.path()).map_err(io)?,
            &mut beside,
        )
        .map_err(io)?;
        beside.as_file().sync_all().map_err(io)?;
        keep_mode(beside.path(), &target).map_err(io)?;
        keep_owner(beside.as_file(), &target);
        beside
    };
    temp.persist(&target).map_err(|e| io(e.error))?;
    sync_folder(&folder_of(&target));
    Ok(())
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder, flushed and
/// synced, then renamed over the old file, so a crash leaves the old or the new file.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<(), FileError> {
    let io = |e: std::io::Error| FileError::new(path, format!("cannot save: {e}"));
    let mut temp = temp_file_in(&folder_of(&write_target(path))).map_err(io)?;
    temp.write_all(contents).map_err(io)?;
    temp.flush().map_err(io)?;
    persist(temp, path)
}

/// The folders `create_dir_all(dir)` would create, outermost first.
pub(crate) fn missing_folders(dir: &Path) -> Vec<PathBuf> {
    let mut missing: Vec<PathBuf> = dir
        .ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .take_while(|a| std::fs::symlink_metadata(a).is_err())
        .map(Path::to_owned)
        .collect();
    missing.reverse();
    missing
}

/// Writes every file, or none: each file is first written in full to a temporary file beside
/// it (creating its folders), and only when all are written are they renamed into place. If
/// anything fails, the files already renamed are put back as they were (a replaced file from
/// a copy kept until the end, a new file removed), the temporary files and the folders this
/// call created are removed, and the error is returned.
pub fn write_all(files: &[(PathBuf, &[u8])]) -> Result<(), FileError> {
    write_all_checked(files, &|| Ok(()))
}

/// [`write_all`], calling `check` once everything is written beside its target and right
/// before the renames: an error from it leaves everything as it was, and is returned (a
/// writer holding locks re-checks there that no file changed meanwhile, [`crate::lock`]).
pub fn write_all_checked(
    files: &[(PathBuf, &[u8])],
    check: &dyn Fn() -> Result<(), FileError>,
) -> Result<(), FileError> {
    let mut created: Vec<PathBuf> = Vec::new();
    let result = write_all_inner(files, &mut created, check);
    if result.is_err() {
        for dir in created.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    result
}

fn write_all_inner(
    files: &[(PathBuf, &[u8])],
    created: &mut Vec<PathBuf>,
    check: &dyn Fn() -> Result<(), FileError>,
) -> Result<(), FileError> {
    let cannot = |path: &Path, e: std::io::Error| FileError::new(path, format!("cannot save: {e}"));
    let targets: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|(path, contents)| (write_target(path), *contents))
        .collect();
    let files = &targets[..];
    let mut folders: Vec<PathBuf> = files.iter().map(|(p, _)| folder_of(p)).collect();
    folders.sort();
    folders.dedup();
    let absolute_folders: Vec<PathBuf> = folders.iter().map(|d| absolute(d)).collect();
    let home = common_folder(&absolute_folders);
    // A batch a crash left incomplete here is completed first (it may write the same files).
    if home.is_dir() {
        complete_journals(&home)?;
    }
    for dir in &folders {
        complete_journals(dir)?;
        remove_stale_temp_files(dir);
    }
    // 1. Everything written beside its target; nothing in place yet.
    let mut staged: Vec<(NamedTempFile, &Path)> = Vec::with_capacity(files.len());
    for (path, contents) in files {
        let dir = folder_of(path);
        for missing in missing_folders(&dir) {
            std::fs::create_dir(&missing).map_err(|e| cannot(&missing, e))?;
            created.push(missing);
        }
        let mut temp = new_temp_in(&dir).map_err(|e| cannot(path, e))?;
        temp.write_all(contents).map_err(|e| cannot(path, e))?;
        temp.as_file().sync_all().map_err(|e| cannot(path, e))?;
        keep_mode(temp.path(), path).map_err(|e| cannot(path, e))?;
        keep_owner(temp.as_file(), path);
        staged.push((temp, path));
    }
    // 2. Copies of the files that will be replaced, to put back if a rename fails.
    let mut backups: Vec<Option<NamedTempFile<()>>> = Vec::with_capacity(staged.len());
    for (_, path) in &staged {
        if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
            backups.push(None);
            continue;
        }
        let backup = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .make_in(folder_of(path), |backup| {
                std::fs::hard_link(path, backup).or_else(|_| std::fs::copy(path, backup).map(drop))
            })
            .map_err(|e| cannot(path, e))?;
        backups.push(Some(backup));
    }
    check()?;
    // 3. The journal: from its rename on, a crash is completed by the next run, not undone.
    let mut faults = Faults::from_env();
    let moves: Vec<(PathBuf, PathBuf)> = staged
        .iter()
        .map(|(temp, path)| (absolute(temp.path()), absolute(path)))
        .collect();
    let copies: Vec<PathBuf> = backups
        .iter()
        .flatten()
        .map(|b| absolute(b.path()))
        .collect();
    let (journal_file, journal) =
        commit_journal(&home, &moves, &copies, &mut faults).map_err(|e| cannot(&home, e))?;
    // 4. Into place.
    let mut done: Vec<(&Path, &Option<NamedTempFile<()>>)> = Vec::new();
    for ((temp, path), backup) in staged.into_iter().zip(&backups) {
        faults.rename();
        if let Err(e) = temp.persist(path) {
            // Undone here, so not to be completed by the next run.
            let _ = std::fs::remove_file(&journal);
            for (path, backup) in done.into_iter().rev() {
                match backup {
                    Some(backup) => {
                        let _ = std::fs::rename(backup.path(), path);
                    }
                    None => {
                        let _ = std::fs::remove_file(path);
                    }
                }
            }
            return Err(cannot(path, e.error));
        }
        done.push((path, backup));
    }
    for dir in folders {
        sync_folder(&dir);
    }
    faults.end();
    let _ = std::fs::remove_file(&journal);
    sync_folder(&home);
    drop(journal_file);
    Ok(())
}

/// Writes the journal of `moves` in `home` and renames it into place (the batch's first
/// rename); returns it open and locked (so that no other run takes it for a crash's), and
/// its path.
fn commit_journal(
    home: &Path,
    moves: &[(PathBuf, PathBuf)],
    leftovers: &[PathBuf],
    faults: &mut Faults,
) -> std::io::Result<(std::fs::File, PathBuf)> {
    let mut temp = new_temp_in(home)?;
    temp.write_all(journal_text(moves, leftovers).as_bytes())?;
    temp.as_file().sync_all()?;
    temp.as_file().lock()?;
    let name = temp
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(TEMP_SUFFIX).unwrap_or(&name);
    let path = home.join(format!("{stem}{JOURNAL_SUFFIX}"));
    faults.rename();
    let file = temp.persist_noclobber(&path).map_err(|e| e.error)?;
    sync_folder(home);
    Ok((file, path))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    /// The mode a new file gets under the current umask.
    fn umask_mode(dir: &Path) -> u32 {
        let probe = dir.join("probe");
        std::fs::write(&probe, "").unwrap();
        let m = mode(&probe);
        std::fs::remove_file(probe).unwrap();
        m
    }

    #[test]
    fn a_new_file_gets_the_umask_mode_and_an_existing_file_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.ron");
        write_atomically(&new, b"x").unwrap();
        assert_eq!(mode(&new), umask_mode(dir.path()));
        let old = dir.path().join("old.ron");
        std::fs::write(&old, "old").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&old, b"new").unwrap();
        assert_eq!(std::fs::read(&old).unwrap(), b"new");
        assert_eq!(mode(&old), 0o640);
    }

    #[test]
    fn stale_temporary_files_are_removed_before_writing_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".press-annotate-AbC123.tmp");
        let fresh = dir.path().join(".press-annotate-XyZ789.tmp");
        let other = dir.path().join(".someone-else.tmp");
        for p in [&stale, &fresh, &other] {
            std::fs::write(p, "partial").unwrap();
        }
        let old = SystemTime::now() - Duration::from_secs(120);
        std::fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        std::fs::File::options()
            .write(true)
            .open(&other)
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert_eq!(stale_temp_files(dir.path()), std::slice::from_ref(&stale));
        write_atomically(&dir.path().join("a.ron"), b"a").unwrap();
        assert!(!stale.exists());
        assert!(fresh.exists() && other.exists());
    }

    #[test]
    fn a_journal_keeps_its_temporary_files_from_the_stale_sweep_and_is_completed() {
        let dir = tempfile::tempdir().unwrap();
        let root = absolute(dir.path());
        std::fs::write(root.join("a.txt"), "old text").unwrap();
        std::fs::write(root.join("a.txt.annotations.ron"), "old set").unwrap();
        let text_temp = root.join(".press-annotate-text01.tmp");
        let set_temp = root.join(".press-annotate-set002.tmp");
        std::fs::write(&text_temp, "new text").unwrap();
        std::fs::write(&set_temp, "new set").unwrap();
        let old = SystemTime::now() - Duration::from_secs(3600);
        for temp in [&text_temp, &set_temp] {
            std::fs::File::options()
                .write(true)
                .open(temp)
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
        // In a subfolder (a document id `sub/b`), its temporary file still to be moved.
        std::fs::create_dir(root.join("sub")).unwrap();
        let sub_temp = root.join("sub/.press-annotate-sub001.tmp");
        std::fs::write(&sub_temp, "new b").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&sub_temp)
            .unwrap()
            .set_modified(old)
            .unwrap();
        // The text was renamed before the kill; the set was not.
        let moves = vec![
            (root.join(".press-annotate-gone00.tmp"), root.join("a.txt")),
            (set_temp.clone(), root.join("a.txt.annotations.ron")),
            (sub_temp.clone(), root.join("sub/b.txt")),
        ];
        let copy = root.join(".press-annotate-copy01.tmp");
        std::fs::write(&copy, "old set").unwrap();
        let journal = root.join(".press-annotate-batch1.journal");
        std::fs::write(&journal, journal_text(&moves, std::slice::from_ref(&copy))).unwrap();
        let read = read_journal(&journal).unwrap();
        assert_eq!(
            (read.moves, read.leftovers),
            (moves.clone(), vec![copy.clone()])
        );
        // Only the temporary file no journal needs is a leftover (the copy is fresh).
        assert_eq!(stale_temp_files(&root), std::slice::from_ref(&text_temp));
        // Nor in a subfolder, whose journal is in the folder above.
        assert_eq!(stale_temp_files(&root.join("sub")), Vec::<PathBuf>::new());
        remove_stale_temp_files(&root.join("sub"));
        assert!(sub_temp.exists());
        let found = journals_in(&root);
        assert_eq!(found.len(), 1);
        let pending: Vec<&Path> = found[0].as_ref().unwrap().pending().collect();
        let (set, b) = (root.join("a.txt.annotations.ron"), root.join("sub/b.txt"));
        assert_eq!(pending, [set.as_path(), b.as_path()]);

        complete_journals(&root).unwrap();
        assert!(!journal.exists() && !set_temp.exists() && !copy.exists());
        assert_eq!(std::fs::read(root.join("sub/b.txt")).unwrap(), b"new b");
        assert_eq!(
            std::fs::read(root.join("a.txt.annotations.ron")).unwrap(),
            b"new set"
        );

        // A journal cut short is named and left alone.
        let cut = root.join(".press-annotate-batch2.journal");
        let text = journal_text(&moves, &[]);
        std::fs::write(&cut, &text[..text.len() - 4]).unwrap();
        let err = complete_journals(&root).unwrap_err().to_string();
        assert!(
            err.contains("batch2.journal") && err.contains("cut short"),
            "{err}"
        );
        assert!(cut.exists());
    }

    #[test]
    fn a_batch_that_fails_midway_leaves_everything_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("kept.txt"), "old").unwrap();
        std::fs::write(root.join("blocker"), "a file where a folder is needed").unwrap();
        let files: Vec<(PathBuf, &[u8])> = vec![
            (root.join("kept.txt"), b"new"),
            (root.join("sub/deeper/a.txt"), b"a"),
            (root.join("blocker/b.txt"), b"b"),
        ];
        let err = write_all(&files).unwrap_err();
        assert!(err.to_string().contains("blocker"), "{err}");
        let mut left: Vec<String> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["blocker", "kept.txt"]);
        assert_eq!(std::fs::read(root.join("kept.txt")).unwrap(), b"old");

        let files: Vec<(PathBuf, &[u8])> = vec![
            (root.join("kept.txt"), b"new"),
            (root.join("sub/deeper/a.txt"), b"a"),
        ];
        write_all(&files).unwrap();
        assert_eq!(std::fs::read(root.join("kept.txt")).unwrap(), b"new");
        assert_eq!(std::fs::read(root.join("sub/deeper/a.txt")).unwrap(), b"a");
        let temps = std::fs::read_dir(root)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(temps, 0, "no temporary file or backup is left");
    }
}
