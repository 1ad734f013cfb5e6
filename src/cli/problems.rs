//! Printing problems: at most [`MAX_PROBLEMS_SHOWN`], then how many more there are.

/// `validate` prints this many problems, then how many more there are.
pub const MAX_PROBLEMS_SHOWN: usize = 1000;
