//! What is under the pointer: the innermost annotation at a char, and an annotation's
//! tooltip (its label, offsets, attributes, note and relations).

use egui::{Sense, Ui, Vec2};

use crate::app::style::palette;
use crate::document::Document;
use crate::model::Annotation;
use crate::text::excerpt;

/// The annotation under char `char` among those with one of `labels`: the shortest.
pub fn innermost_at_among<'a>(
    doc: &'a Document,
    char: usize,
    labels: &[String],
) -> Option<&'a Annotation> {
    doc.set()
        .overlapping(char..char + 1)
        .filter(|a| labels.contains(&a.label))
        .min_by_key(|a| (a.end - a.start, a.id))
}

/// The annotation under char `char`: the shortest one covering it.
pub fn innermost_at(doc: &Document, char: usize) -> Option<&Annotation> {
    doc.set()
        .overlapping(char..char + 1)
        .min_by_key(|a| (a.end - a.start, a.id))
}

pub fn annotation_tooltip(ui: &mut Ui, doc: &Document, a: &Annotation) {
    let color = palette::annotation_color(&doc.schema, a);
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
        ui.painter().rect_filled(rect, 2.0, color);
        ui.strong(&a.label);
        ui.weak(format!("#{}  {}–{}", a.id, a.start, a.end));
    });
    for (name, value) in &a.attributes {
        ui.label(format!("{name}: {value}"));
    }
    if let Some(note) = &a.note {
        ui.label(format!("Note: {note}"));
    }
    for r in doc.set().relations_of(a.id) {
        let other = if r.from == a.id { r.to } else { r.from };
        let text = doc
            .set()
            .find(other)
            .map(|(_, o)| excerpt(&o.text, 40))
            .unwrap_or_default();
        ui.label(format!("{}: {text}", r.label));
    }
}
