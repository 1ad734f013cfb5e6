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
    /// A body's entity attributes (type: organization), when the schema has that type.
    pub(crate) organization: Option<BTreeMap<String, String>>,
}

impl SpeakerTarget {
    /// The attributes of a new entity for this speaker.
    pub(crate) fn attributes_for(
        &self,
        speaker: &super::suggestion::SpeakerSuggestion,
    ) -> &BTreeMap<String, String> {
        match (&self.organization, speaker.organization) {
            (Some(organization), true) => organization,
            _ => &self.attributes,
        }
    }
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
    let body = BTreeMap::from([(labels::ENTITY_TYPE.to_owned(), "organization".to_owned())]);
    let organization = schema
        .check_span(label, &body)
        .is_none()
        .then(|| schema.default_attributes(label, &body));
    Some(SpeakerTarget {
        relation: relation.name.clone(),
        label: label.clone(),
        attributes: schema.default_attributes(label, &chosen),
        organization,
    })
}
