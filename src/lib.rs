//! press-annotate: label press articles with claims, quotes and entities.
//!
//! The map, from the bottom up. Everything but [`app`] is the core: no UI, usable from the
//! command line, tests and benches alike.

pub mod adjudicate; // several annotators' sets of an article merged, decision by decision, into the gold set
pub mod agree; // inter-annotator agreement: F1 as bratiaa, Cohen's kappa, Krippendorff's alpha
pub mod annotator; // annotator names as shown: the set without a name is "(unnamed)"
#[cfg(feature = "window")]
pub mod app; // the window (eframe/egui): reads a Document, emits commands
pub mod atomic; // writing files atomically (one, or a batch all or nothing), modes, stale temporary files
pub mod bounded_read; // reading users' files: regular files only (no FIFO, device), within a size bound
pub mod canonical; // the canonical RON text of a set, and RON reading options
pub mod cli; // the command line (clap), one file per command, calling the core
pub mod compare; // two sets of one article: missing, extra, other label, boundaries or attributes
pub mod corpus; // command-line inputs (files, folders) to the list of articles and sets
pub mod document; // Document: an open article + set + history + dirty state
pub mod edit; // Edit: one invertible change to an annotation set
pub mod error; // FileError: every error names the file, the place and the problem
pub mod export; // export: sets out to a format, one article at a time (streaming)
pub mod folder; // Folder: the articles under a folder with their statuses, read in the background
pub mod formats; // the format registry, and each format's reading and writing in one file
pub mod history; // Change (an edit of the set, or of its rejections) and History: undo / redo
pub mod import; // import: a format's files into articles + sets, checked before writing
pub mod ingest; // ingest: saved pages, WARC, feeds, news dumps to articles with provenance sidecars
pub mod job; // background work on a named thread, its start failure reported
pub mod labels; // flat labels (PER, QUOTE) for formats without attributes, both ways
pub mod lock; // the one discipline of every writer: a lock beside the file, re-check, merge or refuse
pub mod merge; // three-way merges of annotation sets (annotation by annotation), conflicts, their sidecar file
pub mod model; // AnnotationSet, Annotation, Relation, Status: the file's data
pub mod path_completion; // completing typed paths (the window's path field)
pub mod reanchor; // moving annotations when the article changed; orphans
pub mod rejections; // rejected suggestions and disagreements, remembered beside the set
pub mod rules; // validity rules shared by load, edit and import (relation ends vs the schema)
pub mod schema; // Schema: labels, attributes, relation labels, keys; annotation-schema.ron
pub mod schema_edit; // changes to a schema, checked; a label renamed across a folder
pub mod stats; // counts for `press-annotate stats`
pub mod store; // paths beside the source, discovery, load, atomic save
pub mod suggest; // suggestions: quotes + speakers, entity patterns, propagation; rejections
pub mod testdata; // generated long articles and sets, for benches and tests
pub mod text; // Article: decoded text, char <-> byte <-> UTF-16 offsets, words, paragraphs
pub mod validate; // docs/FORMAT.md's validity rules, with line numbers, for a whole set
pub mod version; // `--version`: the program's version and the annotation format it writes
pub mod walk; // walking a folder tree: each real folder once, symlink loops and escapes handled
