//! Annotator names as people read them (the set without a name is shown as `(unnamed)`), and
//! the name of gold sets.

/// The annotator name of gold sets (adjudication's result).
pub const GOLD: &str = "gold";

/// What a provenance note started with in format 1 gold sets (read by
/// [`crate::store::migrate`]); `(unnamed)` stood for the set without an annotator name.
pub const FROM_PREFIX: &str = "from: ";

/// How an annotator is named in menus, lists, notes and reports (`""` is the set without a
/// name).
pub fn display_name(annotator: &str) -> &str {
    if annotator.is_empty() {
        "(unnamed)"
    } else {
        annotator
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_set_without_a_name_is_shown_as_unnamed() {
        assert_eq!(display_name(""), "(unnamed)");
        assert_eq!(display_name("ana"), "ana");
    }
}
