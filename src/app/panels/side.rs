//! The side panel: the selected annotation (label, attributes, note, relations), the list of
//! annotations in text order with a label filter, and the orphans waiting to be re-attached.

use std::ops::Range;

use egui::{Color32, Rect, RichText, Sense, Ui, Vec2};

use crate::app::input::command::Command;
use crate::app::style::palette;
use crate::document::Document;
use crate::model::Annotation;
use crate::text::excerpt;

#[derive(Default)]
pub struct SidePanel {
    /// Show only this label in the list (`None`: all).
    pub filter: Option<String>,
    /// The note being edited: (annotation id, text).
    note_draft: Option<(u64, String)>,
    /// The list's rows for (revision, filter): indices into the annotations.
    rows: Vec<u32>,
    rows_for: Option<(u64, Option<String>)>,
    /// Laid-out row texts by annotation id, for the current revision and style.
    row_texts: std::collections::HashMap<u64, std::sync::Arc<egui::Galley>>,
    row_texts_for: Option<(u64, bool)>,
    /// Where the article's paragraphs (its non-empty lines) start, for the article whose
    /// SHA-256 this is: each row says which paragraph its span is in, so that two "Kerry"
    /// rows can be told apart.
    paragraph_starts: Vec<usize>,
    paragraphs_for: Option<String>,
}

impl SidePanel {
    /// The paragraph (1 for the first non-empty line) holding char `at`.
    fn paragraph_of(&mut self, doc: &Document, at: usize) -> usize {
        let sha = &doc.set().source.sha256;
        if self.paragraphs_for.as_ref() != Some(sha) {
            self.paragraph_starts = doc
                .article
                .paragraphs()
                .into_iter()
                .filter(|p| !p.is_empty())
                .map(|p| p.start)
                .collect();
            self.paragraphs_for = Some(sha.clone());
        }
        self.paragraph_starts
            .partition_point(|&start| start <= at)
            .max(1)
    }
}

fn swatch(ui: &mut Ui, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
    ui.painter().rect_filled(rect, 2.0, color);
}

/// The selected relation: its label, its two ends (Go scrolls there), Remove.
fn selected_relation_editor(
    ui: &mut Ui,
    doc: &Document,
    r: &crate::model::Relation,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        swatch(
            ui,
            crate::app::article::connectors::relation_color(&r.label),
        );
        ui.strong(format!("Relation: {}", r.label));
        ui.weak(format!("#{}", r.id));
    });
    for (role, id) in [("from", r.from), ("to", r.to)] {
        let text = doc
            .find(id)
            .map(|(_, a)| format!("{} “{}”", a.label, excerpt(&a.text, 32)))
            .unwrap_or_default();
        ui.horizontal(|ui| {
            ui.label(format!("{role}: {text}"));
            if ui.small_button("Go").clicked() {
                commands.push(Command::GoToAnnotation(id));
            }
        });
    }
    if ui
        .button("Remove relation")
        .on_hover_text(crate::app::input::keymap::title_with_shortcut(
            ui.ctx(),
            &Command::Delete,
        ))
        .clicked()
    {
        commands.push(Command::Unrelate(r.id));
    }
}

impl SidePanel {
    pub fn show(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selected: Option<u64>,
        selected_relation: Option<u64>,
        selection: Option<&Range<usize>>,
        commands: &mut Vec<Command>,
    ) {
        if let Some(r) =
            selected_relation.and_then(|id| doc.set().relations.iter().find(|r| r.id == id))
        {
            selected_relation_editor(ui, doc, r, commands);
            ui.separator();
        }
        if let Some(id) = selected
            && let Some((_, a)) = doc.find(id)
        {
            self.selected_editor(ui, doc, a, commands);
            ui.separator();
        } else {
            self.note_draft = None;
        }
        if !doc.set().orphans.is_empty() {
            self.orphans(ui, doc, selection, commands);
            ui.separator();
        }
        self.list(ui, doc, selected, commands);
    }

    fn selected_editor(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        a: &Annotation,
        commands: &mut Vec<Command>,
    ) {
        let schema = &doc.schema;
        ui.horizontal(|ui| {
            swatch(ui, palette::annotation_color(schema, a));
            ui.heading(format!("Annotation #{}", a.id));
        });
        ui.label(RichText::new(excerpt(&a.text, 120)).italics());
        ui.weak(format!("characters {}–{}", a.start, a.end));
        let mut label = a.label.clone();
        egui::ComboBox::new("label", "label")
            .selected_text(&label)
            .show_ui(ui, |ui| {
                for l in &schema.labels {
                    ui.selectable_value(&mut label, l.name.clone(), &l.name);
                }
            });
        if label != a.label {
            commands.push(Command::Relabel { id: a.id, label });
        }
        if let Some(def) = schema.label(&a.label) {
            for attribute in &def.attributes {
                let current = a.attribute(&attribute.name).unwrap_or("").to_owned();
                let mut value = current.clone();
                let shown = if value.is_empty() {
                    RichText::new("not set").weak()
                } else {
                    RichText::new(&value)
                };
                egui::ComboBox::new(("attribute", &attribute.name), &attribute.name)
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for v in &attribute.values {
                            ui.selectable_value(&mut value, v.clone(), v);
                        }
                    });
                if value != current {
                    commands.push(Command::SetAttribute {
                        id: a.id,
                        name: attribute.name.clone(),
                        value,
                    });
                }
            }
        }
        if !a.annotators.is_empty() {
            // A gold span's provenance (format 2): who had this very span.
            let names: Vec<&str> = a
                .annotators
                .iter()
                .map(|n| crate::annotator::display_name(n))
                .collect();
            ui.label(format!("From: {}", names.join(", ")))
                .on_hover_text("the annotators whose sets hold this very span (adjudication)");
        }
        ui.label("Note");
        let draft = match &mut self.note_draft {
            Some((id, text)) if *id == a.id => text,
            _ => {
                self.note_draft = Some((a.id, a.note.clone().unwrap_or_default()));
                match &mut self.note_draft {
                    Some((_, text)) => text,
                    None => return,
                }
            }
        };
        let response = ui.add(
            egui::TextEdit::multiline(draft)
                .id_salt("note")
                .desired_rows(2)
                .desired_width(f32::INFINITY)
                .hint_text("a note for reviewers"),
        );
        if response.lost_focus() && draft.as_str() != a.note.as_deref().unwrap_or("") {
            commands.push(Command::SetNote {
                id: a.id,
                note: draft.clone(),
            });
        }
        if !response.has_focus() && draft.as_str() != a.note.as_deref().unwrap_or("") {
            // The note changed underneath (undo): show the current one.
            *draft = a.note.clone().unwrap_or_default();
        }

        // Relations from and to this annotation.
        let relations: Vec<_> = doc.set().relations_of(a.id).collect();
        let startable: Vec<_> = schema.relations_from(&a.label).collect();
        if !relations.is_empty() || !startable.is_empty() {
            ui.add_space(4.0);
            ui.label("Relations");
        }
        for r in relations {
            let (arrow, other) = if r.from == a.id {
                ("", r.to)
            } else {
                (" of", r.from)
            };
            let text = doc
                .set()
                .find(other)
                .map(|(_, o)| excerpt(&o.text, 28))
                .unwrap_or_default();
            ui.horizontal(|ui| {
                ui.label(format!("{}{arrow}: {text}", r.label));
                if ui
                    .small_button("Remove")
                    .on_hover_text("Remove this relation")
                    .clicked()
                {
                    commands.push(Command::Unrelate(r.id));
                }
                if ui.small_button("Go").clicked() {
                    commands.push(Command::GoToAnnotation(other));
                }
            });
        }
        ui.horizontal_wrapped(|ui| {
            for r in startable {
                if ui
                    .button(format!("Link {}…", r.name))
                    .on_hover_text(format!(
                        "Then click the {} in the text ({} to {})",
                        r.to.join(" or "),
                        r.from.join("/"),
                        r.to.join("/")
                    ))
                    .clicked()
                {
                    commands.push(Command::StartLink {
                        from: a.id,
                        label: r.name.clone(),
                    });
                }
            }
        });
        ui.add_space(4.0);
        if ui
            .button("Delete annotation")
            .on_hover_text(crate::app::input::keymap::title_with_shortcut(
                ui.ctx(),
                &Command::Delete,
            ))
            .clicked()
        {
            commands.push(Command::DeleteAnnotation(a.id));
        }
    }

    fn orphans(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selection: Option<&Range<usize>>,
        commands: &mut Vec<Command>,
    ) {
        ui.label(
            RichText::new(format!(
                "{} orphan{}: their text is no longer in the article",
                doc.set().orphans.len(),
                if doc.set().orphans.len() == 1 {
                    ""
                } else {
                    "s"
                }
            ))
            .color(ui.visuals().warn_fg_color),
        );
        egui::ScrollArea::vertical()
            .id_salt("orphans")
            .max_height(140.0)
            .show(ui, |ui| {
                for o in &doc.set().orphans {
                    ui.horizontal(|ui| {
                        swatch(ui, palette::annotation_color(&doc.schema, o));
                        ui.label(format!("{}: {}", o.label, excerpt(&o.text, 24)))
                            .on_hover_text(&o.text);
                    });
                    ui.horizontal(|ui| {
                        let can = selection.is_some_and(|s| !s.is_empty());
                        if ui
                            .add_enabled(can, egui::Button::new("Re-attach to selection"))
                            .on_disabled_hover_text("Select where its text stands now first")
                            .clicked()
                        {
                            commands.push(Command::Reattach(o.id));
                        }
                        if ui.button("Delete").clicked() {
                            commands.push(Command::DeleteAnnotation(o.id));
                        }
                    });
                }
            });
    }

    fn list(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selected: Option<u64>,
        commands: &mut Vec<Command>,
    ) {
        let annotations = &doc.set().annotations;
        ui.horizontal(|ui| {
            ui.strong(format!("Annotations ({})", annotations.len()));
            let shown = self.filter.clone().unwrap_or_else(|| "all labels".into());
            egui::ComboBox::new("filter", "filter")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter, None, "all labels");
                    for l in &doc.schema.labels {
                        ui.selectable_value(&mut self.filter, Some(l.name.clone()), &l.name);
                    }
                });
        });
        let key = (doc.revision(), self.filter.clone());
        if self.rows_for.as_ref() != Some(&key) {
            self.rows = annotations
                .iter()
                .enumerate()
                .filter(|(_, a)| self.filter.as_ref().is_none_or(|f| &a.label == f))
                .map(|(i, _)| i as u32)
                .collect();
            self.rows_for = Some(key);
        }
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let texts_key = (doc.revision(), ui.visuals().dark_mode);
        if self.row_texts_for != Some(texts_key) {
            self.row_texts.clear();
            self.row_texts_for = Some(texts_key);
        }
        egui::ScrollArea::vertical()
            .id_salt("annotation-list")
            .auto_shrink([false, false])
            .show_rows(ui, row_height, self.rows.len(), |ui, range| {
                // Rows are painted directly (one rectangle, one swatch, one text each): the
                // list is on screen in every frame, however many annotations there are.
                let font = egui::TextStyle::Body.resolve(ui.style());
                for k in range {
                    let a = &annotations[self.rows[k] as usize];
                    let paragraph = self.paragraph_of(doc, a.start);
                    let is_selected = selected == Some(a.id);
                    let galley = self
                        .row_texts
                        .entry(a.id)
                        .or_insert_with(|| {
                            let kind = a
                                .attribute("type")
                                .map_or(a.label.clone(), |t| format!("{} · {t}", a.label));
                            let text = format!("{kind}  {}", excerpt(&a.text, 48));
                            ui.painter()
                                .layout_no_wrap(text, font.clone(), Color32::PLACEHOLDER)
                        })
                        .clone();
                    let (rect, response) = ui.allocate_exact_size(
                        Vec2::new(ui.available_width(), row_height),
                        Sense::click(),
                    );
                    response.widget_info(|| {
                        egui::WidgetInfo::selected(
                            egui::Role::Button,
                            true,
                            is_selected,
                            format!("{} (paragraph {paragraph})", galley.text()),
                        )
                    });
                    let painter = ui.painter_at(rect);
                    let visuals = ui.visuals();
                    if is_selected {
                        painter.rect_filled(rect, 3.0, visuals.selection.bg_fill);
                    } else if response.hovered() {
                        painter.rect_filled(rect, 3.0, visuals.widgets.hovered.weak_bg_fill);
                    }
                    let swatch = Rect::from_center_size(
                        rect.left_center() + Vec2::new(8.0, 0.0),
                        Vec2::splat(11.0),
                    );
                    painter.rect_filled(swatch, 2.0, palette::annotation_color(&doc.schema, a));
                    let color = if is_selected {
                        visuals.selection.stroke.color
                    } else {
                        visuals.text_color()
                    };
                    // The paragraph at the right edge, the text cut before it.
                    let where_galley = painter.layout_no_wrap(
                        format!("¶{paragraph}"),
                        font.clone(),
                        visuals.weak_text_color(),
                    );
                    let where_at = rect.right_center()
                        - Vec2::new(where_galley.size().x + 4.0, where_galley.size().y / 2.0);
                    let text_rect =
                        Rect::from_min_max(rect.min, egui::pos2(where_at.x - 6.0, rect.max.y));
                    let at = rect.left_center() + Vec2::new(20.0, -galley.size().y / 2.0);
                    painter.with_clip_rect(text_rect).galley(at, galley, color);
                    painter.galley(where_at, where_galley, visuals.weak_text_color());
                    if response.clicked() {
                        commands.push(Command::GoToAnnotation(a.id));
                    }
                }
            });
    }
}
