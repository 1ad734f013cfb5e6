//! Flat labels: how a span's label and attributes read in formats that have labels only
//! (doccano, Label Studio, brat, CoNLL), and back again on import.
//!
//! The rule, used by every flat format alike:
//! - an `entity` span is labelled by its `type`: `person` → `PER`, `organization` → `ORG`,
//!   `location` → `LOC`, `other` → `MISC` (the CoNLL-2003 tag set); any other type value is
//!   written in upper case, and an entity without a type is `ENTITY`;
//! - every other label is written in upper case: `quote` → `QUOTE`, `claim` → `CLAIM`.
//!
//! Relation labels are written as they are (`speaker`, `claimer`).
//! Import reverses the rule against the schema in force, and also accepts the schema's own
//! label names (`entity`, `quote`) and the long names `PERSON`, `ORGANIZATION`, `LOCATION`.

use std::collections::BTreeMap;

use crate::schema::Schema;

/// The schema label whose `type` attribute becomes the flat label.
pub const ENTITY: &str = "entity";
/// The attribute of [`ENTITY`] that the flat label carries.
pub const ENTITY_TYPE: &str = "type";

/// `(type value, flat label)` for the default schema's entity types.
pub const ENTITY_TYPES: [(&str, &str); 4] = [
    ("person", "PER"),
    ("organization", "ORG"),
    ("location", "LOC"),
    ("other", "MISC"),
];

/// Long forms accepted on import besides [`ENTITY_TYPES`].
const ENTITY_ALIASES: [(&str, &str); 4] = [
    ("person", "PERSON"),
    ("organization", "ORGANIZATION"),
    ("location", "LOCATION"),
    ("other", "OTHER"),
];

/// The flat label of a span, and the name of the attribute it already carries (so that a
/// format with attributes does not repeat it).
pub fn flat_label(
    label: &str,
    attributes: &BTreeMap<String, String>,
) -> (String, Option<&'static str>) {
    if label == ENTITY {
        return match attributes.get(ENTITY_TYPE) {
            Some(value) => {
                let flat = ENTITY_TYPES
                    .iter()
                    .find(|(v, _)| v == value)
                    .map_or_else(|| value.to_uppercase(), |(_, flat)| (*flat).to_owned());
                (flat, Some(ENTITY_TYPE))
            }
            None => (ENTITY.to_uppercase(), None),
        };
    }
    (label.to_uppercase(), None)
}

/// Every flat label a schema's spans can have, in schema order (for brat's `annotation.conf`
/// and Label Studio's labeling config).
pub fn flat_labels_of(schema: &Schema) -> Vec<(String, &str)> {
    let mut out = Vec::new();
    for label in &schema.labels {
        let types = (label.name == ENTITY)
            .then(|| label.attributes.iter().find(|a| a.name == ENTITY_TYPE))
            .flatten();
        match types {
            Some(attribute) => {
                for value in &attribute.values {
                    let attributes = BTreeMap::from([(ENTITY_TYPE.to_owned(), value.clone())]);
                    out.push((flat_label(ENTITY, &attributes).0, label.name.as_str()));
                }
            }
            None => out.push((label.name.to_uppercase(), label.name.as_str())),
        }
    }
    out
}

/// The schema label and attributes a flat (or plain) label stands for, or `None` when the
/// schema knows no such label.
pub fn resolve(flat: &str, schema: &Schema) -> Option<(String, BTreeMap<String, String>)> {
    if schema.label(flat).is_some() {
        return Some((flat.to_owned(), BTreeMap::new()));
    }
    let lower = flat.to_lowercase();
    if let Some(entity) = schema.label(ENTITY)
        && let Some(types) = entity.attributes.iter().find(|a| a.name == ENTITY_TYPE)
    {
        let value = ENTITY_TYPES
            .iter()
            .chain(&ENTITY_ALIASES)
            .find(|(_, f)| f.eq_ignore_ascii_case(flat))
            .map(|(v, _)| (*v).to_owned())
            .filter(|v| types.values.contains(v))
            .or_else(|| types.values.iter().find(|v| **v == lower).cloned());
        if let Some(value) = value {
            return Some((
                ENTITY.to_owned(),
                BTreeMap::from([(ENTITY_TYPE.to_owned(), value)]),
            ));
        }
    }
    if schema.label(&lower).is_some() {
        return Some((lower, BTreeMap::new()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn every_default_label_maps_and_maps_back() {
        let schema = Schema::default();
        let cases = [
            ("entity", attrs(&[("type", "person")]), "PER"),
            ("entity", attrs(&[("type", "organization")]), "ORG"),
            ("entity", attrs(&[("type", "location")]), "LOC"),
            ("entity", attrs(&[("type", "other")]), "MISC"),
            ("quote", attrs(&[("form", "direct")]), "QUOTE"),
            ("claim", attrs(&[]), "CLAIM"),
        ];
        for (label, attributes, flat) in cases {
            let (got, consumed) = flat_label(label, &attributes);
            assert_eq!(got, flat);
            let (back, mut back_attrs) = resolve(&got, &schema).unwrap();
            assert_eq!(back, label);
            if let Some(name) = consumed {
                assert_eq!(back_attrs.remove(name), attributes.get(name).cloned());
            }
            assert!(back_attrs.is_empty());
        }
        assert_eq!(
            resolve("PERSON", &schema).unwrap().1,
            attrs(&[("type", "person")])
        );
        assert_eq!(
            resolve("entity", &schema).unwrap(),
            ("entity".into(), attrs(&[]))
        );
        assert!(resolve("EVENT", &schema).is_none());
        let flats: Vec<String> = flat_labels_of(&schema).into_iter().map(|f| f.0).collect();
        assert_eq!(flats, ["CLAIM", "QUOTE", "PER", "ORG", "LOC", "MISC"]);
    }
}
