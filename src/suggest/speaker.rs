//! Who says a quote in a schema: the speaker relation from the quote label to an entity-like
//! label, and the attributes a new speaker entity gets.

use std::collections::BTreeMap;

use crate::labels;
use crate::schema::Schema;

#[derive(Clone, Debug)]
pub(crate) struct SpeakerTarget {
    pub(crate) relation: String,
    pub(crate) label: String,
    /// The speaker entity's attributes (type: person when the schema has it).
    pub(crate) attributes: BTreeMap<String, String>,
}

/// The speaker relation of a schema: a relation from `quote_label` to an entity-like label,
/// `speaker` preferred.
pub(crate) fn speaker_target(schema: &Schema, quote_label: &str) -> Option<SpeakerTarget> {
    let mut candidates: Vec<_> = schema.relations_from(quote_label).collect();
    candidates.sort_by_key(|r| r.name != "speaker");
    let relation = candidates.first()?;
    let label = relation
        .to
        .iter()
        .find(|l| *l == labels::ENTITY)
        .or_else(|| relation.to.first())?;
    let person = BTreeMap::from([(labels::ENTITY_TYPE.to_owned(), "person".to_owned())]);
    let chosen = if schema.check_span(label, &person).is_none() {
        person
    } else {
        BTreeMap::new()
    };
    Some(SpeakerTarget {
        relation: relation.name.clone(),
        label: label.clone(),
        attributes: schema.default_attributes(label, &chosen),
    })
}
