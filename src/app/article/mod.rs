//! The article view: paragraphs laid out once and cached, only the visible ones painted, with
//! their annotations, overlays (suggestions, a colleague's spans, disagreements) and relation
//! connectors.

pub mod connectors;
pub mod fingerprint;
pub mod glyph_map;
pub mod overlays;
pub mod under_pointer;
pub mod view;

pub use view::ArticleView;
