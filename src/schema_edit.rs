//! Changes to a label schema, as the window's schema editor makes them: each one applied to a
//! copy and checked with the same rules as a schema file (a change that would make the schema
//! inconsistent is refused with the reasons, and nothing changes); how many annotations of a
//! folder use a label; renaming a label across a folder's saved sets; and writing the schema
//! to the folder's `annotation-schema.ron` (atomically, in the canonical layout).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::corpus;
use crate::error::{FileError, FileErrors};
use crate::model::AnnotationSet;
use crate::schema::{Attribute, Key, Label, RelationLabel, SCHEMA_FILE_NAME, Schema};
use crate::store;

/// One change to a schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaChange {
    AddLabel {
        name: String,
        color: String,
    },
    /// Renames a span label, and the relation ends and keys that name it.
    RenameLabel {
        old: String,
        new: String,
    },
    RecolorLabel {
        name: String,
        color: String,
    },
    /// Removes a span label, and the relation ends and keys that name it.
    RemoveLabel {
        name: String,
    },
    AddAttribute {
        label: String,
        name: String,
        values: Vec<String>,
    },
    RemoveAttribute {
        label: String,
        name: String,
    },
    AddValue {
        label: String,
        attribute: String,
        value: String,
    },
    RemoveValue {
        label: String,
        attribute: String,
        value: String,
    },
    AddRelation {
        name: String,
        from: Vec<String>,
        to: Vec<String>,
    },
    SetRelationEnds {
        name: String,
        from: Vec<String>,
        to: Vec<String>,
    },
    RemoveRelation {
        name: String,
    },
    /// Binds a key to a label (with attributes), replacing what the key did before.
    SetKey {
        key: char,
        label: String,
        attributes: BTreeMap<String, String>,
    },
    RemoveKey {
        key: char,
    },
}

/// Why a change was refused: the schema stays as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.join("; "))]
pub struct Refused(pub Vec<String>);

fn label_mut<'a>(schema: &'a mut Schema, name: &str) -> Result<&'a mut Label, Refused> {
    schema
        .labels
        .iter_mut()
        .find(|l| l.name == name)
        .ok_or_else(|| Refused(vec![format!("there is no label \"{name}\"")]))
}

fn attribute_mut<'a>(
    schema: &'a mut Schema,
    label: &str,
    name: &str,
) -> Result<&'a mut Attribute, Refused> {
    label_mut(schema, label)?
        .attributes
        .iter_mut()
        .find(|a| a.name == name)
        .ok_or_else(|| {
            Refused(vec![format!(
                "label \"{label}\" has no attribute \"{name}\""
            )])
        })
}

fn relation_mut<'a>(schema: &'a mut Schema, name: &str) -> Result<&'a mut RelationLabel, Refused> {
    schema
        .relations
        .iter_mut()
        .find(|r| r.name == name)
        .ok_or_else(|| Refused(vec![format!("there is no relation \"{name}\"")]))
}

impl SchemaChange {
    /// The schema with this change, if it is consistent.
    pub fn apply(&self, schema: &Schema) -> Result<Schema, Refused> {
        let mut out = schema.clone();
        match self {
            SchemaChange::AddLabel { name, color } => out.labels.push(Label {
                name: name.clone(),
                color: color.clone(),
                attributes: Vec::new(),
            }),
            SchemaChange::RenameLabel { old, new } => {
                label_mut(&mut out, old)?.name = new.clone();
                for relation in &mut out.relations {
                    for end in relation.from.iter_mut().chain(relation.to.iter_mut()) {
                        if end == old {
                            *end = new.clone();
                        }
                    }
                }
                for key in &mut out.keys {
                    if &key.label == old {
                        key.label = new.clone();
                    }
                }
            }
            SchemaChange::RecolorLabel { name, color } => {
                label_mut(&mut out, name)?.color = color.clone();
            }
            SchemaChange::RemoveLabel { name } => {
                label_mut(&mut out, name)?;
                out.labels.retain(|l| &l.name != name);
                for relation in &mut out.relations {
                    relation.from.retain(|end| end != name);
                    relation.to.retain(|end| end != name);
                }
                // A relation left without a start or an end can no longer be drawn.
                out.relations
                    .retain(|r| !r.from.is_empty() && !r.to.is_empty());
                out.keys.retain(|k| &k.label != name);
            }
            SchemaChange::AddAttribute {
                label,
                name,
                values,
            } => label_mut(&mut out, label)?.attributes.push(Attribute {
                name: name.clone(),
                values: values.clone(),
                default: None,
            }),
            SchemaChange::RemoveAttribute { label, name } => {
                attribute_mut(&mut out, label, name)?;
                label_mut(&mut out, label)?
                    .attributes
                    .retain(|a| &a.name != name);
                for key in out.keys.iter_mut().filter(|k| &k.label == label) {
                    key.attributes.remove(name);
                }
            }
            SchemaChange::AddValue {
                label,
                attribute,
                value,
            } => attribute_mut(&mut out, label, attribute)?
                .values
                .push(value.clone()),
            SchemaChange::RemoveValue {
                label,
                attribute,
                value,
            } => {
                let edited = attribute_mut(&mut out, label, attribute)?;
                edited.values.retain(|v| v != value);
                if edited.default.as_ref() == Some(value) {
                    edited.default = None;
                }
                out.keys
                    .retain(|k| !(&k.label == label && k.attributes.get(attribute) == Some(value)));
            }
            SchemaChange::AddRelation { name, from, to } => out.relations.push(RelationLabel {
                name: name.clone(),
                from: from.clone(),
                to: to.clone(),
            }),
            SchemaChange::SetRelationEnds { name, from, to } => {
                let relation = relation_mut(&mut out, name)?;
                relation.from = from.clone();
                relation.to = to.clone();
            }
            SchemaChange::RemoveRelation { name } => {
                relation_mut(&mut out, name)?;
                out.relations.retain(|r| &r.name != name);
            }
            SchemaChange::SetKey {
                key,
                label,
                attributes,
            } => {
                out.keys.retain(|k| k.key != *key);
                out.keys.push(Key {
                    key: *key,
                    label: label.clone(),
                    attributes: attributes.clone(),
                });
            }
            SchemaChange::RemoveKey { key } => out.keys.retain(|k| k.key != *key),
        }
        let mut problems = out.problems();
        if let SchemaChange::SetRelationEnds { from, to, .. }
        | SchemaChange::AddRelation { from, to, .. } = self
            && (from.is_empty() || to.is_empty())
        {
            problems.push("a relation needs at least one label at each end".into());
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(Refused(problems))
        }
    }
}

/// Where a label is used in a folder's saved sets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelUse {
    /// Annotations and orphans with the label.
    pub annotations: usize,
    /// The annotation files that hold them.
    pub files: Vec<PathBuf>,
}

/// How many annotations (and orphans) of the sets under `root` (every annotator's) use
/// `label`; sets that cannot be read are left out.
pub fn label_use(root: &Path, label: &str) -> LabelUse {
    let change = SchemaChange::RemoveLabel {
        name: label.to_owned(),
    };
    broken_by(&change, root, None)
}

/// How many annotations and relations of one set a change would leave invalid (or, for a
/// rename, would need renaming).
pub fn broken_in_set(change: &SchemaChange, set: &AnnotationSet) -> usize {
    let spans = set.annotations.iter().chain(&set.orphans);
    match change {
        SchemaChange::RenameLabel { old: name, .. } | SchemaChange::RemoveLabel { name } => {
            spans.filter(|a| &a.label == name).count()
        }
        SchemaChange::RemoveAttribute { label, name } => spans
            .filter(|a| &a.label == label && a.attributes.contains_key(name))
            .count(),
        SchemaChange::RemoveValue {
            label,
            attribute,
            value,
        } => spans
            .filter(|a| &a.label == label && a.attributes.get(attribute) == Some(value))
            .count(),
        SchemaChange::RemoveRelation { name } => {
            set.relations.iter().filter(|r| &r.label == name).count()
        }
        SchemaChange::SetRelationEnds { name, from, to } => {
            let label_of = |id| set.find(id).map(|(_, a)| a.label.as_str());
            set.relations
                .iter()
                .filter(|r| &r.label == name)
                .filter(|r| {
                    !label_of(r.from).is_some_and(|l| from.iter().any(|f| f == l))
                        || !label_of(r.to).is_some_and(|l| to.iter().any(|t| t == l))
                })
                .count()
        }
        _ => 0,
    }
}

/// The annotations and relations of the saved sets under `root` (every annotator's) that a
/// change would leave invalid, or would need renaming; `skip` (the open article's file,
/// counted from memory instead) is left out. Sets that cannot be read are left out.
pub fn broken_by(change: &SchemaChange, root: &Path, skip: Option<&Path>) -> LabelUse {
    let mut out = LabelUse::default();
    // Adding things and recolouring never leave a set invalid.
    if matches!(
        change,
        SchemaChange::AddLabel { .. }
            | SchemaChange::RecolorLabel { .. }
            | SchemaChange::AddAttribute { .. }
            | SchemaChange::AddValue { .. }
            | SchemaChange::AddRelation { .. }
            | SchemaChange::SetKey { .. }
            | SchemaChange::RemoveKey { .. }
    ) {
        return out;
    }
    let collected = corpus::collect(&[root.to_owned()], None);
    // Only the sets this schema governs: a sub-folder with its own schema file keeps its own
    // labels (the articles whose schema in force is the root's now are the ones the root's
    // file governs once written).
    let root_schema = Schema::find_file(root);
    for entry in &collected.entries {
        let Some(file) = &entry.annotation_file else {
            continue;
        };
        if Some(file.as_path()) == skip || Schema::find_file(&entry.source) != root_schema {
            continue;
        }
        let Ok(text) =
            crate::bounded_read::read_to_string(file, crate::bounded_read::MAX_DATA_BYTES)
        else {
            continue;
        };
        let Ok(set) = store::parse_set(file, &text) else {
            continue;
        };
        let n = broken_in_set(change, &set);
        if n > 0 {
            out.annotations += n;
            out.files.push(file.clone());
        }
    }
    out
}

/// What renaming a label across a folder did.
#[derive(Debug, Default)]
pub struct Renamed {
    /// The annotation files rewritten, and how many annotations changed in them.
    pub files: Vec<PathBuf>,
    pub annotations: usize,
    /// Sets that could not be read or written: left as they were.
    pub failed: Vec<FileErrors>,
}

/// Renames `old` to `new` in every saved set under `root` (annotations and orphans), each
/// read and written atomically under its lock ([`crate::lock`]); `skip` (the open article's annotation file, renamed as an
/// undoable edit in the window instead) is left alone. Run it before the schema that renames
/// the label is written: the sets are read under the schema that still knows `old`.
pub fn rename_in_sets(root: &Path, old: &str, new: &str, skip: Option<&Path>) -> Renamed {
    let mut out = Renamed::default();
    for file in label_use(root, old).files {
        if Some(file.as_path()) == skip {
            continue;
        }
        let Some((source, annotator)) = store::source_of(&file) else {
            continue;
        };
        // The discipline of every writer: read and write under the set's lock, so that no
        // other writer's change falls between them.
        let _lock = match crate::lock::lock_set(&file) {
            Ok(lock) => lock,
            Err(err) => {
                out.failed.push(FileErrors(vec![err]));
                continue;
            }
        };
        let loaded = match store::load(&source, annotator.as_deref()) {
            Ok(loaded) => loaded,
            Err(errors) => {
                out.failed.push(errors);
                continue;
            }
        };
        let mut set = loaded.set;
        let mut changed = 0;
        for a in set.annotations.iter_mut().chain(set.orphans.iter_mut()) {
            if a.label == old {
                a.label = new.to_owned();
                changed += 1;
            }
        }
        if changed == 0 {
            continue;
        }
        set.sort();
        match store::save_checked(&file, &set, loaded.file_sha256.as_deref()) {
            Ok(_) => {
                out.files.push(file);
                out.annotations += changed;
            }
            Err(err) => out.failed.push(FileErrors(vec![err])),
        }
    }
    out
}

/// Writes `schema` to `folder`'s `annotation-schema.ron`, if it is consistent; returns the
/// file's path.
pub fn save_schema(folder: &Path, schema: &Schema) -> Result<PathBuf, FileError> {
    let path = folder.join(SCHEMA_FILE_NAME);
    let problems = schema.problems();
    if !problems.is_empty() {
        return Err(FileError::new(&path, problems.join("; ")));
    }
    store::write_atomically(&path, schema.to_ron().as_bytes())?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    #[test]
    fn a_change_that_breaks_the_schema_is_refused_and_changes_nothing() {
        let schema = Schema::default();
        let refused = SchemaChange::AddLabel {
            name: "Bad Name".into(),
            color: "#123456".into(),
        }
        .apply(&schema)
        .unwrap_err();
        assert!(refused.to_string().contains("Bad Name"), "{refused}");
        assert!(
            SchemaChange::SetKey {
                key: 'q',
                label: "nothing".into(),
                attributes: BTreeMap::new()
            }
            .apply(&schema)
            .is_err()
        );
        assert!(
            SchemaChange::RecolorLabel {
                name: "claim".into(),
                color: "red".into()
            }
            .apply(&schema)
            .is_err()
        );
        assert_eq!(schema, Schema::default());
    }

    #[test]
    fn renaming_a_label_follows_it_into_relations_and_keys() {
        let schema = SchemaChange::RenameLabel {
            old: "entity".into(),
            new: "actor".into(),
        }
        .apply(&Schema::default())
        .unwrap();
        assert!(schema.label("actor").is_some());
        assert_eq!(schema.relation("speaker").unwrap().to, ["actor"]);
        assert_eq!(schema.key('p').unwrap().label, "actor");
        // Removing it takes the relations that need it and its keys along.
        let schema = SchemaChange::RemoveLabel {
            name: "actor".into(),
        }
        .apply(&schema)
        .unwrap();
        assert!(schema.relations.is_empty());
        assert!(schema.key('p').is_none());
        assert!(schema.problems().is_empty());
    }

    #[test]
    fn a_label_is_renamed_across_a_folder_and_the_schema_written() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.txt"] {
            std::fs::write(dir.path().join(name), "Kerry met Lavrov in Geneva.").unwrap();
            let mut doc = Document::open(&dir.path().join(name), None).unwrap();
            doc.label_span(0..5, "claim", &BTreeMap::new()).unwrap();
            doc.save().unwrap();
        }
        assert_eq!(label_use(dir.path(), "claim").annotations, 2);
        let skip = store::annotation_path(&dir.path().join("b.txt"), None);
        let renamed = rename_in_sets(dir.path(), "claim", "assertion", Some(&skip));
        assert_eq!(renamed.annotations, 1);
        assert!(renamed.failed.is_empty());
        let schema = SchemaChange::RenameLabel {
            old: "claim".into(),
            new: "assertion".into(),
        }
        .apply(&Schema::default())
        .unwrap();
        let path = save_schema(dir.path(), &schema).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), schema.to_ron());
        // a.txt's set now loads under the new schema with the new label.
        let a = store::load(&dir.path().join("a.txt"), None).unwrap();
        assert_eq!(a.set.annotations[0].label, "assertion");
        assert_eq!(label_use(dir.path(), "claim").files, [skip]);
    }

    #[test]
    fn a_rename_across_a_folder_waits_for_another_writer_and_renames_what_it_wrote() {
        // Another writer (`suggest --apply`, a colleague's window) holds the set's lock and
        // adds a claim while the rename starts: the rename waits, then renames its claim too,
        // instead of reading the file before and leaving the other's claim with the old label.
        let dir = tempfile::tempdir().unwrap();
        let article = dir.path().join("a.txt");
        std::fs::write(&article, "Kerry met Lavrov in Geneva.").unwrap();
        let mut doc = Document::open(&article, None).unwrap();
        doc.label_span(0..5, "claim", &BTreeMap::new()).unwrap();
        doc.save().unwrap();
        let set_path = store::annotation_path(&article, None);
        let lock = crate::lock::lock_set(&set_path).unwrap();
        let root = dir.path().to_owned();
        let rename = std::thread::spawn(move || rename_in_sets(&root, "claim", "assertion", None));
        std::thread::sleep(std::time::Duration::from_millis(300));
        let mut theirs = Document::open(&article, None).unwrap();
        theirs
            .label_span(10..16, "claim", &BTreeMap::new())
            .unwrap();
        store::save(&set_path, theirs.set()).unwrap();
        drop(lock);
        let renamed = rename.join().unwrap();
        assert!(renamed.failed.is_empty(), "{:?}", renamed.failed);
        assert_eq!(renamed.annotations, 2);
        let text = std::fs::read_to_string(&set_path).unwrap();
        assert!(!text.contains("\"claim\""), "{text}");
        assert_eq!(text.matches("\"assertion\"").count(), 2, "{text}");
    }

    #[test]
    fn a_rename_leaves_sub_folders_with_their_own_schema_alone() {
        // Found by the monkey test: renaming across a folder renamed the sets of a sub-folder
        // that has its own schema file, leaving them with a label their schema lacks.
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir_all(&sub).unwrap();
        save_schema(&sub, &Schema::default()).unwrap();
        for article in [dir.path().join("a.txt"), sub.join("b.txt")] {
            std::fs::write(&article, "Kerry met Lavrov in Geneva.").unwrap();
            let mut doc = Document::open(&article, None).unwrap();
            doc.label_span(0..5, "claim", &BTreeMap::new()).unwrap();
            doc.save().unwrap();
        }
        assert_eq!(label_use(dir.path(), "claim").annotations, 1);
        let renamed = rename_in_sets(dir.path(), "claim", "assertion", None);
        assert_eq!(renamed.annotations, 1);
        let schema = SchemaChange::RenameLabel {
            old: "claim".into(),
            new: "assertion".into(),
        }
        .apply(&Schema::default())
        .unwrap();
        save_schema(dir.path(), &schema).unwrap();
        let a = store::load(&dir.path().join("a.txt"), None).unwrap();
        assert_eq!(a.set.annotations[0].label, "assertion");
        let b = store::load(&sub.join("b.txt"), None).unwrap();
        assert_eq!(b.set.annotations[0].label, "claim");
    }
}
