//! A folder of articles worked through one by one: every article under it (sorted by path),
//! each with the status and annotation count of the current annotator's set, read on a
//! background thread so that a folder of thousands of articles lists at once. Only summaries
//! are held here; an article's text and set are loaded when it is opened.

use std::path::{Path, PathBuf};

use crate::error::FileError;
use crate::job::{Job, Poll};
use crate::model::Status;
use crate::store;

/// What the list knows of an article's set.
#[derive(Clone, Debug, PartialEq)]
pub enum EntryState {
    /// Not read yet (the background scan has not reached it).
    Unknown,
    /// The set's status and number of annotations (no set yet: `Todo`, 0).
    Known { status: Status, annotations: usize },
    /// The set could not be read; opening the article shows why.
    Unreadable(String),
}

impl EntryState {
    pub fn status(&self) -> Option<Status> {
        match self {
            EntryState::Known { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// One article of the folder.
#[derive(Clone, Debug)]
pub struct FolderEntry {
    pub source: PathBuf,
    /// The path relative to the folder, with `/` separators (what the list shows).
    pub relative: String,
    pub state: EntryState,
}

/// Which articles the list shows (and Ctrl+PageDown / Ctrl+PageUp walk).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FolderFilter {
    /// Shown when the relative path contains this (case-insensitive); empty shows all.
    pub name: String,
    /// Shown when the status is this one; `None` shows all.
    pub status: Option<Status>,
}

impl FolderFilter {
    pub fn is_active(&self) -> bool {
        !self.name.trim().is_empty() || self.status.is_some()
    }

    fn passes(&self, entry: &FolderEntry, name_lower: &str) -> bool {
        (name_lower.is_empty() || entry.relative.to_lowercase().contains(name_lower))
            && self
                .status
                .is_none_or(|s| entry.state.status().is_none_or(|have| have == s))
    }
}

/// Reads the summary of `source`'s set for `annotator`: status and count, without checking
/// it against the article (the article is checked when opened).
pub fn summarize(source: &Path, annotator: Option<&str>) -> EntryState {
    let path = store::annotation_path(source, annotator);
    let text = match crate::bounded_read::read_to_string(&path, crate::bounded_read::MAX_DATA_BYTES)
    {
        Ok(text) => text,
        Err(err) if err.is_not_found() => {
            return EntryState::Known {
                status: Status::Todo,
                annotations: 0,
            };
        }
        Err(err) => return EntryState::Unreadable(format!("{}: {err}", path.display())),
    };
    match store::parse_set(&path, &text) {
        Ok(set) => EntryState::Known {
            status: set.status,
            annotations: set.annotations.len(),
        },
        Err(err) => EntryState::Unreadable(err.to_string()),
    }
}

/// The articles of a folder with their summaries.
pub struct Folder {
    root: PathBuf,
    annotator: Option<String>,
    entries: Vec<FolderEntry>,
    filter: FolderFilter,
    /// Indices of the entries the filter shows, rebuilt when the filter or a status changes.
    visible: Vec<usize>,
    visible_dirty: bool,
    /// Bumped each time `visible` is rebuilt (views cache what they derive from it).
    visible_version: u64,
    /// How many entries are `Known` with status Done / not `Unknown`.
    done: usize,
    known: usize,
    scan: Option<Job<(usize, EntryState)>>,
}

impl Folder {
    /// Lists the articles under `root` (recursively, sorted by path) and starts reading their
    /// summaries on a background thread.
    pub fn open(root: &Path, annotator: Option<&str>) -> Result<Self, FileError> {
        if !root.is_dir() {
            return Err(FileError::new(root, "is not a folder"));
        }
        if let Err(err) = std::fs::read_dir(root) {
            return Err(FileError::new(
                root,
                format!("cannot read the folder: {err}"),
            ));
        }
        // Real paths: `press-annotate .` is named after the folder, and an article opened by
        // another path is still found in the list.
        let root = &std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
        let articles = store::discover(root).articles;
        let entries: Vec<FolderEntry> = articles
            .into_iter()
            .map(|source| {
                let relative = source
                    .strip_prefix(root)
                    .unwrap_or(&source)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                FolderEntry {
                    source,
                    relative,
                    state: EntryState::Unknown,
                }
            })
            .collect();
        let mut folder = Self {
            root: root.to_owned(),
            annotator: annotator.map(str::to_owned),
            visible: (0..entries.len()).collect(),
            entries,
            filter: FolderFilter::default(),
            visible_dirty: false,
            visible_version: 0,
            done: 0,
            known: 0,
            scan: None,
        };
        folder.start_scan();
        Ok(folder)
    }

    fn start_scan(&mut self) {
        let sources: Vec<PathBuf> = self.entries.iter().map(|e| e.source.clone()).collect();
        let annotator = self.annotator.clone();
        let spawned = Job::start("folder scan", move |sender| {
            for (index, source) in sources.iter().enumerate() {
                let state = summarize(source, annotator.as_deref());
                // The folder was closed: stop.
                if sender.send((index, state)).is_err() {
                    return;
                }
            }
        });
        match spawned {
            Ok(job) => self.scan = Some(job),
            // No thread: read the summaries now (slower to show, same result).
            Err(_) => {
                for index in 0..self.entries.len() {
                    let state = summarize(&self.entries[index].source, self.annotator.as_deref());
                    self.set_state(index, state);
                }
            }
        }
    }

    /// Takes in what the background scan has read since the last call; `true` if anything
    /// changed.
    pub fn poll(&mut self) -> bool {
        let Some(scan) = &self.scan else {
            return false;
        };
        let mut received = Vec::new();
        let finished = loop {
            match scan.poll() {
                Poll::Ready(item) => received.push(item),
                Poll::Pending => break false,
                Poll::Ended => break true,
            }
        };
        if finished {
            self.scan = None;
        }
        let changed = !received.is_empty();
        for (index, state) in received {
            // An entry updated since (opened or saved) is newer than what the scan read.
            if self.entries[index].state == EntryState::Unknown {
                self.set_state(index, state);
            }
        }
        changed
    }

    /// Whether the background scan is still running.
    pub fn is_scanning(&self) -> bool {
        self.scan.is_some()
    }

    /// Waits for the background scan to finish (tests, benches, the command line).
    pub fn wait_for_scan(&mut self) {
        while self.is_scanning() {
            self.poll();
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    fn set_state(&mut self, index: usize, state: EntryState) {
        let entry = &mut self.entries[index];
        if entry.state.status() == Some(Status::Done) {
            self.done -= 1;
        }
        if entry.state != EntryState::Unknown {
            self.known -= 1;
        }
        if state.status() == Some(Status::Done) {
            self.done += 1;
        }
        if state != EntryState::Unknown {
            self.known += 1;
        }
        if self.filter.status.is_some() && entry.state.status() != state.status() {
            self.visible_dirty = true;
        }
        entry.state = state;
    }

    /// Records what is now known of an article's set (it was opened or saved).
    pub fn update(&mut self, source: &Path, status: Status, annotations: usize) {
        if let Some(index) = self.position(source) {
            self.set_state(
                index,
                EntryState::Known {
                    status,
                    annotations,
                },
            );
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder's own name (for the title and the panel's heading).
    pub fn name(&self) -> String {
        self.root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.root.display().to_string())
    }

    pub fn annotator(&self) -> Option<&str> {
        self.annotator.as_deref()
    }

    pub fn entries(&self) -> &[FolderEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// (articles Done, articles whose status is known).
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.known)
    }

    /// The index of an article in the list (paths compared as given, then as real paths).
    pub fn position(&self, source: &Path) -> Option<usize> {
        let find = |path: &Path| {
            self.entries
                .binary_search_by(|e| e.source.as_path().cmp(path))
                .ok()
        };
        find(source).or_else(|| find(&std::fs::canonicalize(source).ok()?))
    }

    pub fn filter(&self) -> &FolderFilter {
        &self.filter
    }

    pub fn set_filter(&mut self, filter: FolderFilter) {
        if filter != self.filter {
            self.filter = filter;
            self.visible_dirty = true;
        }
    }

    /// The indices of the entries the filter shows, in list order.
    pub fn visible(&mut self) -> &[usize] {
        if self.visible_dirty {
            let name = self.filter.name.trim().to_lowercase();
            self.visible = (0..self.entries.len())
                .filter(|&i| self.filter.passes(&self.entries[i], &name))
                .collect();
            self.visible_dirty = false;
            self.visible_version += 1;
        }
        &self.visible
    }

    /// Changes each time the list of shown articles is rebuilt.
    pub fn visible_version(&self) -> u64 {
        self.visible_version
    }

    /// The next (`forward`) or previous shown article after `current` (the first or last
    /// shown article when `current` is not in the list), without wrapping around.
    pub fn step(&mut self, current: Option<&Path>, forward: bool) -> Option<PathBuf> {
        let from = current.and_then(|c| self.position(c));
        let name = self.filter.name.trim().to_lowercase();
        let n = self.entries.len();
        let candidates: Box<dyn Iterator<Item = usize>> = match (from, forward) {
            (Some(i), true) => Box::new(i + 1..n),
            (Some(i), false) => Box::new((0..i).rev()),
            (None, true) => Box::new(0..n),
            (None, false) => Box::new((0..n).rev()),
        };
        for i in candidates {
            if self.filter.passes(&self.entries[i], &name) {
                return Some(self.entries[i].source.clone());
            }
        }
        None
    }

    /// The first article after `current` (wrapping around, `current` itself last) whose set
    /// is not Done and whose name passes the filter. Summaries not read yet are read here.
    pub fn next_not_done(&mut self, current: Option<&Path>) -> Option<PathBuf> {
        let n = self.entries.len();
        let start = current.and_then(|c| self.position(c)).map_or(0, |i| i + 1);
        let name = self.filter.name.trim().to_lowercase();
        for k in 0..n {
            let i = (start + k) % n;
            if !name.is_empty() && !self.entries[i].relative.to_lowercase().contains(&name) {
                continue;
            }
            if self.entries[i].state == EntryState::Unknown {
                let state = summarize(&self.entries[i].source, self.annotator.as_deref());
                self.set_state(i, state);
            }
            if self.entries[i].state.status() != Some(Status::Done) {
                return Some(self.entries[i].source.clone());
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(names: &[(&str, Option<Status>)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, status) in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, format!("Text of {name}.\n")).unwrap();
            if let Some(status) = status {
                let mut doc = crate::document::Document::open(&path, None).unwrap();
                doc.set_status(*status).unwrap();
                doc.save().unwrap();
            }
        }
        dir
    }

    #[test]
    fn lists_articles_sorted_and_reads_statuses_in_the_background() {
        let dir = folder_with(&[
            ("b.txt", Some(Status::Done)),
            ("a.txt", None),
            ("sub/c.md", Some(Status::InProgress)),
            ("notes.csv", None),
        ]);
        let mut folder = Folder::open(dir.path(), None).unwrap();
        let names: Vec<&str> = folder
            .entries()
            .iter()
            .map(|e| e.relative.as_str())
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "sub/c.md"]);
        folder.wait_for_scan();
        let states: Vec<Option<Status>> =
            folder.entries().iter().map(|e| e.state.status()).collect();
        assert_eq!(
            states,
            [
                Some(Status::Todo),
                Some(Status::Done),
                Some(Status::InProgress)
            ]
        );
        assert_eq!(folder.progress(), (1, 3));
    }

    #[test]
    fn steps_and_finds_the_next_article_not_done() {
        let dir = folder_with(&[
            ("1.txt", Some(Status::Done)),
            ("2.txt", None),
            ("3.txt", Some(Status::Done)),
            ("4.txt", Some(Status::InProgress)),
        ]);
        let mut folder = Folder::open(dir.path(), None).unwrap();
        let p = |n: &str| dir.path().join(n);
        // Without waiting for the scan: summaries are read as needed.
        assert_eq!(folder.next_not_done(None), Some(p("2.txt")));
        assert_eq!(folder.next_not_done(Some(&p("2.txt"))), Some(p("4.txt")));
        assert_eq!(folder.next_not_done(Some(&p("4.txt"))), Some(p("2.txt")));
        assert_eq!(folder.step(Some(&p("2.txt")), true), Some(p("3.txt")));
        assert_eq!(folder.step(Some(&p("1.txt")), false), None);
        assert_eq!(folder.step(Some(&p("4.txt")), true), None);
        folder.wait_for_scan();
        folder.set_filter(FolderFilter {
            name: String::new(),
            status: Some(Status::Done),
        });
        assert_eq!(folder.visible(), [0, 2]);
        assert_eq!(folder.step(Some(&p("1.txt")), true), Some(p("3.txt")));
        folder.update(&p("2.txt"), Status::Done, 3);
        assert_eq!(folder.visible(), [0, 1, 2]);
        assert_eq!(folder.progress(), (3, 4));
        folder.update(&p("4.txt"), Status::Done, 0);
        folder.update(&p("2.txt"), Status::Done, 3);
        assert_eq!(folder.next_not_done(None), None);
        folder.set_filter(FolderFilter {
            name: "3".into(),
            status: None,
        });
        assert_eq!(folder.visible(), [2]);
    }

    #[test]
    fn an_unreadable_set_is_listed_as_such() {
        let dir = folder_with(&[("a.txt", None)]);
        std::fs::write(dir.path().join("a.txt.annotations.ron"), "(garbage").unwrap();
        let mut folder = Folder::open(dir.path(), None).unwrap();
        folder.wait_for_scan();
        assert!(matches!(
            folder.entries()[0].state,
            EntryState::Unreadable(_)
        ));
        // Not Done, so the walk stops there (opening it shows the problem).
        assert_eq!(folder.next_not_done(None), Some(dir.path().join("a.txt")));
    }
}
