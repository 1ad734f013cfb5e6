//! The label schema: span labels with their colours and attributes, relation labels, and the
//! single-key shortcuts that apply them. A folder's `annotation-schema.ron` (or the nearest
//! parent's) is in force for its articles; without one, [`Schema::default`] is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::FileError;
/// The label schema file's format (its own number: annotation sets are at
/// [`crate::model::FORMAT_VERSION`]).
pub const SCHEMA_FORMAT: u32 = 1;

/// The file name of a folder's schema.
pub const SCHEMA_FILE_NAME: &str = "annotation-schema.ron";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    pub format: u32,
    pub labels: Vec<Label>,
    #[serde(default)]
    pub relations: Vec<RelationLabel>,
    #[serde(default)]
    pub keys: Vec<Key>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    #[serde(default)]
    pub attributes: Vec<Attribute>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribute {
    pub name: String,
    /// Allowed values.
    pub values: Vec<String>,
    /// The value a new span gets, one of `values`; without it a new span leaves the attribute
    /// unset until someone sets it (no judgement nobody made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationLabel {
    pub name: String,
    pub from: Vec<String>,
    pub to: Vec<String>,
}

/// The letter that links the selected span (link mode) in the window.
pub const LINK_KEY: char = 'r';
/// The letter that rejects the current suggestion, or the current disagreement while
/// adjudicating.
pub const REJECT_KEY: char = 'x';
/// The letter that takes every annotator's version while adjudicating.
pub const TAKE_ALL_KEY: char = 'a';

/// The letters the window keeps for its own commands, with what they do there: a schema key
/// may not be one of them (it could never label).
pub const RESERVED_KEYS: &[(char, &str)] = &[
    (LINK_KEY, "links the selected span"),
    (REJECT_KEY, "rejects a suggestion or a disagreement"),
    (TAKE_ALL_KEY, "takes every version while adjudicating"),
];

/// What the window does with `key` if it keeps it for itself.
pub fn reserved_key(key: char) -> Option<&'static str> {
    RESERVED_KEYS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, what)| *what)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Key {
    pub key: char,
    pub label: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

fn label(name: &str, color: &str, attributes: &[(&str, &[&str])]) -> Label {
    Label {
        name: name.into(),
        color: color.into(),
        attributes: attributes
            .iter()
            .map(|(name, values)| Attribute {
                name: (*name).into(),
                values: values.iter().map(|v| (*v).into()).collect(),
                default: None,
            })
            .collect(),
    }
}

fn key(key: char, label: &str, attributes: &[(&str, &str)]) -> Key {
    Key {
        key,
        label: label.into(),
        attributes: attributes
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
    }
}

impl Default for Schema {
    /// The default schema of docs/FORMAT.md: claims, quotes and entities.
    fn default() -> Self {
        Schema {
            format: SCHEMA_FORMAT,
            labels: vec![
                label("claim", "#e0a030", &[("checkworthy", &["yes", "no"])]),
                label(
                    "quote",
                    "#4a90d9",
                    &[("form", &["direct", "indirect", "mixed"])],
                ),
                label(
                    "entity",
                    "#3aa655",
                    &[("type", &["person", "organization", "location", "other"])],
                ),
            ],
            relations: vec![
                RelationLabel {
                    name: "speaker".into(),
                    from: vec!["quote".into()],
                    to: vec!["entity".into()],
                },
                RelationLabel {
                    name: "claimer".into(),
                    from: vec!["claim".into()],
                    to: vec!["entity".into()],
                },
            ],
            keys: vec![
                key('c', "claim", &[]),
                key('q', "quote", &[]),
                key('e', "entity", &[("type", "other")]),
                key('p', "entity", &[("type", "person")]),
                key('o', "entity", &[("type", "organization")]),
                key('l', "entity", &[("type", "location")]),
            ],
        }
    }
}

/// Whether a name is 1-32 characters of `a-z 0-9 _ -` (labels and annotators).
pub fn is_valid_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Parses `#rrggbb` into its three bytes.
pub fn parse_color(color: &str) -> Option<[u8; 3]> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// What an attribute name must not start with: a spreadsheet runs a cell (a CSV column
/// header too) that starts with one of these as a formula.
pub const FORMULA_STARTS: [char; 4] = ['=', '+', '-', '@'];

impl Schema {
    /// The span label called `name`.
    pub fn label(&self, name: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// The relation label called `name`.
    pub fn relation(&self, name: &str) -> Option<&RelationLabel> {
        self.relations.iter().find(|r| r.name == name)
    }

    /// The relation labels that may start at a span labelled `label`, in schema order (what
    /// the side panel offers and `r` cycles through).
    pub fn relations_from<'a>(&'a self, label: &'a str) -> impl Iterator<Item = &'a RelationLabel> {
        self.relations
            .iter()
            .filter(move |r| r.from.iter().any(|f| f == label))
    }

    /// The shortcut bound to `key`.
    pub fn key(&self, key: char) -> Option<&Key> {
        self.keys.iter().find(|k| k.key == key)
    }

    /// The attributes a new span with this label gets: each attribute's `default` (an
    /// attribute without one stays unset), with `chosen` (for example a key's
    /// `type: person`) taking precedence.
    pub fn default_attributes(
        &self,
        label: &str,
        chosen: &BTreeMap<String, String>,
    ) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Some(label) = self.label(label) {
            for attribute in &label.attributes {
                if let Some(default) = &attribute.default {
                    out.insert(attribute.name.clone(), default.clone());
                }
            }
        }
        out.extend(chosen.iter().map(|(k, v)| (k.clone(), v.clone())));
        out
    }

    /// What is wrong with a span's label and attributes under this schema, if anything.
    pub fn check_span(&self, label: &str, attributes: &BTreeMap<String, String>) -> Option<String> {
        let Some(known) = self.label(label) else {
            return Some(format!("label \"{label}\" is not in the schema"));
        };
        for (name, value) in attributes {
            let Some(attribute) = known.attributes.iter().find(|a| &a.name == name) else {
                return Some(format!(
                    "label \"{label}\" has no attribute \"{name}\" in the schema"
                ));
            };
            if !attribute.values.iter().any(|v| v == value) {
                return Some(format!(
                    "attribute \"{name}\" of \"{label}\" cannot be \"{value}\" (allowed: {})",
                    attribute.values.join(", ")
                ));
            }
        }
        None
    }

    /// Every inconsistency: bad or duplicate names, unknown labels in relations and keys,
    /// keys used twice or not lower-case letters, colours that are not `#rrggbb`.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.format > SCHEMA_FORMAT {
            out.push(format!(
                "written by a newer version of press-annotate (schema format {}); this version reads format {SCHEMA_FORMAT}",
                self.format
            ));
        } else if self.format != SCHEMA_FORMAT {
            out.push(format!("unknown schema format {}", self.format));
        }
        if self.labels.is_empty() {
            out.push("the schema has no labels".into());
        }
        let mut names = BTreeSet::new();
        for label in &self.labels {
            if !is_valid_name(&label.name) {
                out.push(format!(
                    "label name \"{}\" must be 1-32 characters of a-z 0-9 _ -",
                    label.name
                ));
            }
            if !names.insert(label.name.as_str()) {
                out.push(format!("label \"{}\" is defined twice", label.name));
            }
            if parse_color(&label.color).is_none() {
                out.push(format!(
                    "label \"{}\" has colour \"{}\", which is not #rrggbb",
                    label.name, label.color
                ));
            }
            let mut attributes = BTreeSet::new();
            for attribute in &label.attributes {
                if attribute.name.starts_with(FORMULA_STARTS) {
                    out.push(format!(
                        "attribute name \"{}\" of \"{}\" starts with {}, which a spreadsheet runs as a formula (it becomes a CSV column header)",
                        attribute.name,
                        label.name,
                        attribute.name.chars().next().unwrap_or('=')
                    ));
                }
                if !attributes.insert(attribute.name.as_str()) {
                    out.push(format!(
                        "label \"{}\" defines attribute \"{}\" twice",
                        label.name, attribute.name
                    ));
                }
                if attribute.values.is_empty() {
                    out.push(format!(
                        "attribute \"{}\" of \"{}\" has no values",
                        attribute.name, label.name
                    ));
                }
                if let Some(default) = &attribute.default
                    && !attribute.values.contains(default)
                {
                    out.push(format!(
                        "attribute \"{}\" of \"{}\" has default \"{default}\", which is not one of its values",
                        attribute.name, label.name
                    ));
                }
                let mut values = BTreeSet::new();
                for value in &attribute.values {
                    if !values.insert(value) {
                        out.push(format!(
                            "attribute \"{}\" of \"{}\" lists \"{value}\" twice",
                            attribute.name, label.name
                        ));
                    }
                }
            }
        }
        let mut relation_names = BTreeSet::new();
        for relation in &self.relations {
            if !is_valid_name(&relation.name) {
                out.push(format!(
                    "relation name \"{}\" must be 1-32 characters of a-z 0-9 _ -",
                    relation.name
                ));
            }
            if !relation_names.insert(relation.name.as_str())
                || names.contains(relation.name.as_str())
            {
                out.push(format!("name \"{}\" is used twice", relation.name));
            }
            for end in relation.from.iter().chain(&relation.to) {
                if !names.contains(end.as_str()) {
                    out.push(format!(
                        "relation \"{}\" names unknown label \"{end}\"",
                        relation.name
                    ));
                }
            }
        }
        let mut keys = BTreeSet::new();
        for key in &self.keys {
            if !key.key.is_ascii_lowercase() {
                out.push(format!("key '{}' is not a lower-case letter", key.key));
            }
            if !keys.insert(key.key) {
                out.push(format!("key '{}' is used twice", key.key));
            }
            if let Some(what) = reserved_key(key.key) {
                out.push(format!(
                    "key '{}' is taken by the window (it {what}); choose another letter",
                    key.key
                ));
            }
            if let Some(problem) = self.check_span(&key.label, &key.attributes) {
                out.push(format!("key '{}': {problem}", key.key));
            }
        }
        out
    }

    /// Parses and checks a schema file's text.
    pub fn from_ron(path: &Path, text: &str) -> Result<Schema, Vec<FileError>> {
        let schema: Schema = crate::canonical::ron_options()
            .from_str(text)
            .map_err(|e| vec![crate::canonical::ron_error(path, &e)])?;
        let problems = schema.problems();
        if problems.is_empty() {
            Ok(schema)
        } else {
            Err(problems
                .into_iter()
                .map(|p| FileError::new(path, p))
                .collect())
        }
    }

    /// Reads and checks a schema file.
    pub fn read(path: &Path) -> Result<Schema, Vec<FileError>> {
        let text =
            match crate::bounded_read::read_to_string(path, crate::bounded_read::MAX_DATA_BYTES) {
                Ok(text) => text,
                Err(e) => return Err(vec![e.into_file_error(path)]),
            };
        Self::from_ron(path, &text)
    }

    /// The schema file in force for an article or folder: `annotation-schema.ron` in its own
    /// folder or the nearest parent, if any.
    pub fn find_file(article_or_folder: &Path) -> Option<PathBuf> {
        let start = if article_or_folder.is_dir() {
            Some(article_or_folder)
        } else {
            article_or_folder.parent()
        };
        let absolute = start.map(|dir| {
            if dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                dir.to_owned()
            }
        })?;
        let absolute = std::fs::canonicalize(&absolute).unwrap_or(absolute);
        absolute
            .ancestors()
            .map(|dir| dir.join(SCHEMA_FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// The schema in force for an article: its folder's (or a parent's) file, or the default.
    /// A schema file that is broken is an error, never silently replaced by the default.
    pub fn for_article(article: &Path) -> Result<Schema, Vec<FileError>> {
        match Self::find_file(article) {
            Some(file) => Self::read(&file),
            None => Ok(Schema::default()),
        }
    }

    /// The schema written as a file, in the layout docs/FORMAT.md shows.
    pub fn to_ron(&self) -> String {
        use crate::canonical::quote;
        let mut out = format!("Schema(\n    format: {},\n    labels: [\n", self.format);
        for label in &self.labels {
            out += &format!(
                "        Label(name: {}, color: {}, attributes: [\n",
                quote(&label.name),
                quote(&label.color)
            );
            for attribute in &label.attributes {
                let values: Vec<String> = attribute.values.iter().map(|v| quote(v)).collect();
                out += &format!(
                    "            Attribute(name: {}, values: [{}]),\n",
                    quote(&attribute.name),
                    values.join(", ")
                );
            }
            out += "        ]),\n";
        }
        out += "    ],\n    relations: [\n";
        for relation in &self.relations {
            let list = |names: &[String]| {
                names
                    .iter()
                    .map(|n| quote(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out += &format!(
                "        RelationLabel(name: {}, from: [{}], to: [{}]),\n",
                quote(&relation.name),
                list(&relation.from),
                list(&relation.to)
            );
        }
        out += "    ],\n    keys: [\n";
        for key in &self.keys {
            out += &format!(
                "        Key(key: '{}', label: {}",
                key.key,
                quote(&key.label)
            );
            if !key.attributes.is_empty() {
                out += &format!(", attributes: {}", crate::canonical::map(&key.attributes));
            }
            out += "),\n";
        }
        out += "    ],\n)\n";
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schema_is_consistent_and_round_trips_through_its_file_form() {
        let schema = Schema::default();
        assert!(schema.problems().is_empty(), "{:?}", schema.problems());
        let text = schema.to_ron();
        let back = Schema::from_ron(Path::new("s.ron"), &text).unwrap();
        assert_eq!(back, schema);
    }

    #[test]
    fn attribute_names_a_spreadsheet_would_run_are_refused() {
        for start in FORMULA_STARTS {
            let mut schema = Schema::default();
            schema.labels[0].attributes[0].name = format!("{start}HYPERLINK(\"http://x\",\"y\")");
            let problems = schema.problems();
            assert!(
                problems
                    .iter()
                    .any(|p| p.contains("attribute name") && p.contains("formula")),
                "{start}: {problems:?}"
            );
        }
    }

    #[test]
    fn inconsistent_schemas_are_refused_with_each_problem() {
        let mut schema = Schema::default();
        schema.labels[1].name = "claim".into();
        schema.labels[0].color = "orange".into();
        schema.keys[1].key = 'c';
        schema.relations[0].to = vec!["speaker-x".into()];
        let problems = schema.problems();
        assert!(problems.iter().any(|p| p.contains("defined twice")));
        assert!(problems.iter().any(|p| p.contains("not #rrggbb")));
        assert!(problems.iter().any(|p| p.contains("key 'c' is used twice")));
        // A letter the window keeps for its own commands could never label: refused.
        for reserved in [LINK_KEY, REJECT_KEY, TAKE_ALL_KEY] {
            let mut schema = Schema::default();
            schema.keys[0].key = reserved;
            let problems = schema.problems();
            assert!(
                problems
                    .iter()
                    .any(|p| p.contains(&format!("key '{reserved}' is taken by the window"))),
                "{problems:?}"
            );
        }
        assert!(
            problems
                .iter()
                .any(|p| p.contains("unknown label \"speaker-x\""))
        );
    }

    #[test]
    fn key_attributes_override_defaults() {
        let schema = Schema::default();
        let key = schema.key('p').unwrap();
        let attributes = schema.default_attributes(&key.label, &key.attributes);
        assert_eq!(attributes.get("type").map(String::as_str), Some("person"));
        // No judgement nobody made: the built-in schema has no defaults, so a new claim
        // leaves `checkworthy` unset.
        let claim = schema.default_attributes("claim", &BTreeMap::new());
        assert_eq!(claim.get("checkworthy"), None);
        // A schema's `default` is what a new span gets, and a key's choice still wins.
        let mut schema = Schema::default();
        schema.labels[0].attributes[0].default = Some("no".into());
        let claim = schema.default_attributes("claim", &BTreeMap::new());
        assert_eq!(claim.get("checkworthy").map(String::as_str), Some("no"));
        let chosen = BTreeMap::from([("checkworthy".to_owned(), "yes".to_owned())]);
        let claim = schema.default_attributes("claim", &chosen);
        assert_eq!(claim.get("checkworthy").map(String::as_str), Some("yes"));
    }

    #[test]
    fn a_default_that_is_not_a_value_is_refused() {
        let mut schema = Schema::default();
        schema.labels[0].attributes[0].default = Some("maybe".into());
        let problems = schema.problems();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("default \"maybe\"") && p.contains("checkworthy")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_schema_file_with_a_default_reads_and_writes_it() {
        let text = r##"Schema(format: 1, labels: [Label(name: "claim", color: "#e0a030", attributes: [Attribute(name: "checkworthy", values: ["yes", "no"], default: Some("no"))])])"##;
        let schema: Schema = ron::from_str(text).unwrap();
        assert_eq!(
            schema.labels[0].attributes[0].default.as_deref(),
            Some("no")
        );
        let written = ron::to_string(&Schema::default()).unwrap();
        assert!(!written.contains("default"), "{written}");
    }
}
