//! The window's modes: annotating (with suggestions), comparing with a colleague, adjudicating
//! into gold. One value ([`Mode`]) says which is on; each mode's behaviour is in its own file.

pub mod adjudicate;
pub mod compare;
pub mod suggestions;
