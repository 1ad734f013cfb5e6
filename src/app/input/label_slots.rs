//! The labels the toolbar shows and the digit keys pick, in order: the schema's keys, then
//! labels that have no key. The keymap (digits), the session (what a digit labels) and the
//! toolbar all read this one list.

use std::collections::BTreeMap;

use crate::schema::Schema;

/// One toolbar entry: a label with the attributes it applies.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolbarLabel {
    pub label: String,
    pub attributes: BTreeMap<String, String>,
    pub key: Option<char>,
}

impl ToolbarLabel {
    pub fn title(&self) -> String {
        match self.attributes.get("type") {
            Some(t) => t.clone(),
            None => self.label.clone(),
        }
    }
}

/// The toolbar's labels in order: the schema's keys, then labels that have no key.
pub fn toolbar_labels(schema: &Schema) -> Vec<ToolbarLabel> {
    let mut out: Vec<ToolbarLabel> = schema
        .keys
        .iter()
        .map(|k| ToolbarLabel {
            label: k.label.clone(),
            attributes: k.attributes.clone(),
            key: Some(k.key),
        })
        .collect();
    for label in &schema.labels {
        if !schema.keys.iter().any(|k| k.label == label.name) {
            out.push(ToolbarLabel {
                label: label.name.clone(),
                attributes: BTreeMap::new(),
                key: None,
            });
        }
    }
    out
}
