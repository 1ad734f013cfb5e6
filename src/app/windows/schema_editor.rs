//! Settings → Labels: the schema in force and where it comes from, edited in place. Each
//! change is a [`SchemaChange`] command, checked as the schema file is and written to the
//! folder's `annotation-schema.ron` by the app; a rename of a label the folder's sets use is
//! confirmed first (with how many annotations it touches), a removal of one is refused.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::app::state::workspace::Workspace;

use egui::Ui;

use crate::app::article::connectors::relation_color;
use crate::app::input::command::Command;
use crate::app::style::palette;
use crate::schema::{Schema, parse_color};
use crate::schema_edit::{LabelUse, SchemaChange};

/// A rename or removal waiting for the user's answer, with the label's use in the folder.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub change: SchemaChange,
    pub used: LabelUse,
}

#[derive(Default)]
pub struct SchemaEditor {
    pub open: bool,
    /// The last refusal or summary.
    pub message: Option<String>,
    /// A rename waiting for "rename across the folder?".
    pub pending: Option<Pending>,
    /// Names being typed, per label (renames) and for new items.
    renames: BTreeMap<String, String>,
    new_label: String,
    new_attribute: BTreeMap<String, String>,
    new_value: BTreeMap<(String, String), String>,
    new_relation: String,
    new_key: String,
    new_key_label: String,
    /// The schema file in force and the file the editor writes, for an article (found on
    /// the file system once, not every frame; dropped when the editor writes).
    target_cache: Option<(PathBuf, (Option<PathBuf>, PathBuf))>,
}

/// A text field named by a small label before it (for screen readers and tests too);
/// `true` when the user pressed Enter in it.
fn field(ui: &mut Ui, name: &str, text: &mut String, width: f32) -> bool {
    let label = ui.weak(name);
    let response = ui
        .add(egui::TextEdit::singleline(text).desired_width(width))
        .labelled_by(label.id);
    response.lost_focus() && ui.input(|i| i.key_pressed(crate::app::input::keymap::FIELD_CONFIRM))
}

fn hex(color: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", color[0], color[1], color[2])
}

impl SchemaEditor {
    /// The window. `schema` is the one in force, `file` where it comes from (`None`: the
    /// default), `target` the file changes are written to.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        schema: &Schema,
        file: Option<&Path>,
        target: &Path,
        commands: &mut Vec<Command>,
    ) {
        if !self.open {
            return;
        }
        let mut open = self.open;
        egui::Window::new("Labels")
            .open(&mut open)
            .default_width(680.0)
            .default_height(600.0)
            .vscroll(true)
            .show(ctx, |ui| {
                match file {
                    Some(file) => ui.label(format!("Schema in force: {}", file.display())),
                    None => ui.label("Schema in force: the default (no annotation-schema.ron)"),
                };
                ui.weak(format!("Changes are written to {}", target.display()));
                if let Some(message) = &self.message {
                    ui.colored_label(ui.visuals().warn_fg_color, message);
                }
                if let Some(pending) = self.pending.clone() {
                    self.confirm(ui, &pending, commands);
                }
                ui.separator();
                self.labels(ui, schema, commands);
                ui.separator();
                self.relations(ui, schema, commands);
                ui.separator();
                self.keys(ui, schema, commands);
            });
        self.open = open;
    }

    fn confirm(&mut self, ui: &mut Ui, pending: &Pending, commands: &mut Vec<Command>) {
        let SchemaChange::RenameLabel { old, new } = &pending.change else {
            return;
        };
        ui.group(|ui| {
            ui.label(format!(
                "{} annotation(s) in {} file(s) of the folder are labelled \"{old}\". Rename them to \"{new}\" too?",
                pending.used.annotations,
                pending.used.files.len()
            ));
            ui.horizontal(|ui| {
                if ui.button("Rename everywhere").clicked() {
                    commands.push(Command::ConfirmSchemaChange);
                }
                if ui.button("Cancel").clicked() {
                    self.pending = None;
                }
            });
        });
    }

    fn labels(&mut self, ui: &mut Ui, schema: &Schema, commands: &mut Vec<Command>) {
        ui.strong("Span labels");
        for label in &schema.labels {
            ui.horizontal(|ui| {
                let mut color = parse_color(&label.color).unwrap_or([128, 128, 128]);
                if ui.color_edit_button_srgb(&mut color).changed() {
                    commands.push(Command::EditSchema(SchemaChange::RecolorLabel {
                        name: label.name.clone(),
                        color: hex(color),
                    }));
                }
                let draft = self
                    .renames
                    .entry(label.name.clone())
                    .or_insert_with(|| label.name.clone());
                let entered = field(ui, "name", draft, 140.0);
                if draft != &label.name && (ui.button("Rename").clicked() || entered) {
                    commands.push(Command::EditSchema(SchemaChange::RenameLabel {
                        old: label.name.clone(),
                        new: draft.trim().to_owned(),
                    }));
                }
                if ui.small_button("Remove").clicked() {
                    commands.push(Command::EditSchema(SchemaChange::RemoveLabel {
                        name: label.name.clone(),
                    }));
                }
            });
            ui.indent(("attributes", &label.name), |ui| {
                for attribute in &label.attributes {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(format!("{}:", attribute.name));
                        for value in &attribute.values {
                            let color = if attribute.name == "type" {
                                palette::shade(schema, &label.name, Some(value))
                            } else {
                                ui.visuals().text_color()
                            };
                            ui.colored_label(color, value);
                            if ui
                                .small_button("x")
                                .on_hover_text(format!("Remove the value {value}"))
                                .clicked()
                            {
                                commands.push(Command::EditSchema(SchemaChange::RemoveValue {
                                    label: label.name.clone(),
                                    attribute: attribute.name.clone(),
                                    value: value.clone(),
                                }));
                            }
                        }
                        let key = (label.name.clone(), attribute.name.clone());
                        let draft = self.new_value.entry(key).or_default();
                        let entered = field(ui, "new value", draft, 90.0);
                        if !draft.trim().is_empty() && (ui.small_button("Add").clicked() || entered)
                        {
                            commands.push(Command::EditSchema(SchemaChange::AddValue {
                                label: label.name.clone(),
                                attribute: attribute.name.clone(),
                                value: draft.trim().to_owned(),
                            }));
                            draft.clear();
                        }
                        if ui.small_button("Remove attribute").clicked() {
                            commands.push(Command::EditSchema(SchemaChange::RemoveAttribute {
                                label: label.name.clone(),
                                name: attribute.name.clone(),
                            }));
                        }
                    });
                }
                ui.horizontal(|ui| {
                    let draft = self.new_attribute.entry(label.name.clone()).or_default();
                    let entered = field(ui, "new attribute", draft, 120.0);
                    if !draft.trim().is_empty()
                        && (ui.small_button("Add attribute").clicked() || entered)
                    {
                        commands.push(Command::EditSchema(SchemaChange::AddAttribute {
                            label: label.name.clone(),
                            name: draft.trim().to_owned(),
                            values: vec!["yes".into(), "no".into()],
                        }));
                        draft.clear();
                    }
                });
            });
        }
        ui.horizontal(|ui| {
            let entered = field(ui, "new label", &mut self.new_label, 140.0);
            if !self.new_label.trim().is_empty() && (ui.button("Add label").clicked() || entered) {
                commands.push(Command::EditSchema(SchemaChange::AddLabel {
                    name: self.new_label.trim().to_owned(),
                    color: "#8e6bbf".into(),
                }));
                self.new_label.clear();
            }
        });
    }

    fn relations(&mut self, ui: &mut Ui, schema: &Schema, commands: &mut Vec<Command>) {
        ui.strong("Relation labels");
        for relation in &schema.relations {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(relation_color(&relation.name), &relation.name);
                for (side, ends) in [("from", &relation.from), ("to", &relation.to)] {
                    ui.weak(side);
                    for label in &schema.labels {
                        let mut on = ends.contains(&label.name);
                        if ui.checkbox(&mut on, &label.name).changed() {
                            let toggle = |list: &Vec<String>| -> Vec<String> {
                                let mut list = list.clone();
                                if on {
                                    list.push(label.name.clone());
                                } else {
                                    list.retain(|l| l != &label.name);
                                }
                                list
                            };
                            let (from, to) = if side == "from" {
                                (toggle(&relation.from), relation.to.clone())
                            } else {
                                (relation.from.clone(), toggle(&relation.to))
                            };
                            commands.push(Command::EditSchema(SchemaChange::SetRelationEnds {
                                name: relation.name.clone(),
                                from,
                                to,
                            }));
                        }
                    }
                }
                if ui.small_button("Remove").clicked() {
                    commands.push(Command::EditSchema(SchemaChange::RemoveRelation {
                        name: relation.name.clone(),
                    }));
                }
            });
        }
        ui.horizontal(|ui| {
            field(ui, "new relation", &mut self.new_relation, 140.0);
            if !self.new_relation.trim().is_empty()
                && ui
                    .button("Add relation")
                    .on_hover_text(
                        "From and to every label at first; untick the ends you do not want",
                    )
                    .clicked()
            {
                let all: Vec<String> = schema.labels.iter().map(|l| l.name.clone()).collect();
                commands.push(Command::EditSchema(SchemaChange::AddRelation {
                    name: self.new_relation.trim().to_owned(),
                    from: all.clone(),
                    to: all,
                }));
                self.new_relation.clear();
            }
        });
    }

    fn keys(&mut self, ui: &mut Ui, schema: &Schema, commands: &mut Vec<Command>) {
        ui.strong("Keys");
        egui::Grid::new("schema-keys")
            .num_columns(3)
            .show(ui, |ui| {
                for key in &schema.keys {
                    ui.monospace(key.key.to_string());
                    let attributes: Vec<String> = key
                        .attributes
                        .iter()
                        .map(|(k, v)| format!("{k}: {v}"))
                        .collect();
                    ui.label(if attributes.is_empty() {
                        key.label.clone()
                    } else {
                        format!("{} ({})", key.label, attributes.join(", "))
                    });
                    if ui.small_button("Remove").clicked() {
                        commands.push(Command::EditSchema(SchemaChange::RemoveKey {
                            key: key.key,
                        }));
                    }
                    ui.end_row();
                }
            });
        ui.horizontal(|ui| {
            let label = ui.weak("new key");
            ui.add(
                egui::TextEdit::singleline(&mut self.new_key)
                    .char_limit(1)
                    .desired_width(30.0),
            )
            .labelled_by(label.id);
            egui::ComboBox::new("new-key-label", "applies")
                .selected_text(if self.new_key_label.is_empty() {
                    "label"
                } else {
                    self.new_key_label.as_str()
                })
                .show_ui(ui, |ui| {
                    for label in &schema.labels {
                        ui.selectable_value(
                            &mut self.new_key_label,
                            label.name.clone(),
                            &label.name,
                        );
                    }
                });
            let key = self.new_key.chars().next();
            if let Some(key) = key
                && !self.new_key_label.is_empty()
                && ui.button("Bind key").clicked()
            {
                commands.push(Command::EditSchema(SchemaChange::SetKey {
                    key,
                    label: self.new_key_label.clone(),
                    attributes: BTreeMap::new(),
                }));
                self.new_key.clear();
            }
        });
    }
}

/// What the editor's changes do to the files: checked against the saved sets, written to the
/// schema file in force.
impl SchemaEditor {
    /// The schema file in force for the open article (`None`: the default), and the file the
    /// editor writes: that one, else `annotation-schema.ron` in the open folder, else beside
    /// the article.
    pub fn target(&mut self, workspace: &Workspace) -> (Option<PathBuf>, PathBuf) {
        let Some(doc) = workspace.document() else {
            return (None, PathBuf::from(crate::schema::SCHEMA_FILE_NAME));
        };
        if let Some((article, found)) = &self.target_cache
            && article == &doc.source_path
        {
            return found.clone();
        }
        let file = crate::schema::Schema::find_file(&doc.source_path);
        let target = file.clone().unwrap_or_else(|| {
            let folder = workspace
                .folder
                .as_ref()
                .filter(|f| f.position(&doc.source_path).is_some())
                .map(|f| f.root().to_owned())
                .or_else(|| doc.source_path.parent().map(Path::to_owned))
                .unwrap_or_default();
            folder.join(crate::schema::SCHEMA_FILE_NAME)
        });
        self.target_cache = Some((doc.source_path.clone(), (file.clone(), target.clone())));
        (file, target)
    }

    /// A change from the schema editor: checked; one that would leave saved annotations
    /// invalid is refused (a rename is offered across the folder); else written.
    pub fn edit(&mut self, workspace: &mut Workspace, change: crate::schema_edit::SchemaChange) {
        use crate::schema_edit::{SchemaChange, broken_by, broken_in_set};
        let (_, target) = self.target(workspace);
        // The editor writes the file: where the schema comes from is looked up again.
        self.target_cache = None;
        let Some(session) = workspace.session.as_mut() else {
            return;
        };
        let editor = self;
        let new_schema = match change.apply(&session.doc.schema) {
            Ok(schema) => schema,
            Err(refused) => {
                editor.message = Some(format!("Not changed: {refused}"));
                return;
            }
        };
        let folder = target.parent().unwrap_or(Path::new(".")).to_owned();
        let mut used = broken_by(&change, &folder, Some(&session.doc.annotation_path));
        let here = broken_in_set(&change, session.doc.set());
        if here > 0 {
            used.annotations += here;
            used.files.push(session.doc.annotation_path.clone());
        }
        if used.annotations > 0 {
            if let SchemaChange::RenameLabel { .. } = change {
                editor.pending = Some(Pending { change, used });
                editor.message = None;
            } else {
                editor.message = Some(format!(
                    "Not changed: {} annotation(s) or relation(s) in {} file(s) still use it; change or delete them first",
                    used.annotations,
                    used.files.len()
                ));
            }
            return;
        }
        match crate::schema_edit::save_schema(&folder, &new_schema) {
            Ok(path) => {
                session.doc.set_schema(new_schema);
                editor.message = Some(format!("Saved {}", path.display()));
            }
            Err(err) => editor.message = Some(err.to_string()),
        }
    }

    /// "Rename everywhere": the folder's saved sets first (under the old schema), then the
    /// schema file, then the open article as one undoable edit.
    pub fn confirm_rename(&mut self, workspace: &mut Workspace) {
        use crate::schema_edit::{SchemaChange, rename_in_sets, save_schema};
        let Some(pending) = self.pending.take() else {
            return;
        };
        let SchemaChange::RenameLabel { old, new } = &pending.change else {
            return;
        };
        let (_, target) = self.target(workspace);
        self.target_cache = None;
        let folder = target.parent().unwrap_or(Path::new(".")).to_owned();
        let Some(session) = workspace.session.as_mut() else {
            return;
        };
        // What another program wrote to the open set is taken in first, under the schema it
        // was written for; while that waits for the user, nothing is renamed.
        if let Some(message) = session.doc.check_disk().message() {
            session.message = Some(message);
        }
        if session.doc.waits_for_user() {
            self.message = Some(
                "Not renamed yet: the open set changed on disk and waits for you (conflicts to settle, or a file that cannot be read); settle that, then confirm again".into(),
            );
            self.pending = Some(pending);
            return;
        }
        let new_schema = match pending.change.apply(&session.doc.schema) {
            Ok(schema) => schema,
            Err(refused) => {
                self.message = Some(format!("Not changed: {refused}"));
                return;
            }
        };
        let renamed = rename_in_sets(&folder, old, new, Some(&session.doc.annotation_path));
        if let Err(err) = save_schema(&folder, &new_schema) {
            self.message = Some(err.to_string());
            return;
        }
        session.doc.set_schema(new_schema);
        let here = session.doc.rename_label(old, new).unwrap_or(0);
        let mut message = format!(
            "Renamed \"{old}\" to \"{new}\": {} annotation(s) in {} saved file(s), {here} in this article (Ctrl+Z undoes these)",
            renamed.annotations,
            renamed.files.len()
        );
        for failed in &renamed.failed {
            message.push_str(&format!("\nNot renamed: {failed}"));
        }
        self.message = Some(message);
    }
}
