//! The exit codes every command returns.

/// Exit code: everything valid.
pub const EXIT_OK: i32 = 0;
/// Exit code: a problem was found in the input.
pub const EXIT_PROBLEMS: i32 = 1;
/// Exit code: the command line itself was wrong.
pub const EXIT_USAGE: i32 = 2;
