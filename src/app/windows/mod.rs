//! The windows over the main one, one file each: export, ingest, statistics (with agreement), the
//! schema editor, the path field, and the small dialogs.

pub mod agreement;
pub mod dialogs;
pub mod export;
pub mod ingest;
pub mod path_field;
pub mod schema_editor;
pub mod statistics;
