//! The toolbar: one button per label shortcut of the schema (its colour, key and count), which
//! labels the selection; keys 1–9 pick them in order.

use egui::Ui;

use crate::app::input::command::Command;
use crate::app::input::label_slots::ToolbarLabel;
use crate::app::style::palette;
use crate::document::Document;

/// Counts per toolbar entry, cached per document revision.
#[derive(Default)]
pub struct Toolbar {
    counts: Vec<usize>,
    counted_for: Option<(std::path::PathBuf, u64)>,
}

impl Toolbar {
    fn update_counts(&mut self, doc: &Document, labels: &[ToolbarLabel]) {
        let key = (doc.source_path.clone(), doc.revision());
        if self.counted_for.as_ref() == Some(&key) {
            return;
        }
        self.counted_for = Some(key);
        // One pass over the annotations, counting each (label, type) pair; the toolbar's
        // entries then add up the pairs they match.
        let mut groups: Vec<(&str, Option<&str>, usize)> = Vec::new();
        for a in &doc.set().annotations {
            let kind = a.attribute("type");
            match groups
                .iter_mut()
                .find(|(label, t, _)| *label == a.label && *t == kind)
            {
                Some((_, _, n)) => *n += 1,
                None => groups.push((&a.label, kind, 1)),
            }
        }
        self.counts = labels
            .iter()
            .map(|t| {
                let only_type = t.attributes.keys().all(|k| k == "type");
                if only_type {
                    let wanted = t.attributes.get("type").map(String::as_str);
                    groups
                        .iter()
                        .filter(|(label, kind, _)| {
                            *label == t.label && (wanted.is_none() || *kind == wanted)
                        })
                        .map(|(_, _, n)| n)
                        .sum()
                } else {
                    doc.set()
                        .annotations
                        .iter()
                        .filter(|a| {
                            a.label == t.label
                                && t.attributes.iter().all(|(k, v)| a.attribute(k) == Some(v))
                        })
                        .count()
                }
            })
            .collect();
    }

    pub fn show(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        labels: &[ToolbarLabel],
        commands: &mut Vec<Command>,
    ) {
        self.update_counts(doc, labels);
        ui.horizontal_wrapped(|ui| {
            for (slot, t) in labels.iter().enumerate() {
                let color = palette::shade(
                    &doc.schema,
                    &t.label,
                    t.attributes.get("type").map(String::as_str),
                );
                let count = self.counts.get(slot).copied().unwrap_or(0);
                let key = t.key.map(|k| k.to_string()).unwrap_or_default();
                let mut job = egui::text::LayoutJob::default();
                let body = egui::TextStyle::Body.resolve(ui.style());
                let weak = ui.visuals().weak_text_color();
                if !key.is_empty() {
                    job.append(
                        &key,
                        0.0,
                        egui::TextFormat::simple(egui::FontId::monospace(body.size * 0.85), weak),
                    );
                }
                job.append(
                    &t.title(),
                    if key.is_empty() { 0.0 } else { 6.0 },
                    egui::TextFormat::simple(body.clone(), ui.visuals().text_color()),
                );
                job.append(
                    &count.to_string(),
                    6.0,
                    egui::TextFormat::simple(body, weak),
                );
                let button = egui::Button::new(job)
                    .fill(palette::fill(color, ui.visuals().dark_mode))
                    .stroke(egui::Stroke::new(1.0, color));
                let response = ui.add(button);
                let mut tip = format!("Label the selection as {}", t.label);
                if !t.attributes.is_empty() {
                    let attrs: Vec<String> = t
                        .attributes
                        .iter()
                        .map(|(k, v)| format!("{k}: {v}"))
                        .collect();
                    tip += &format!(" ({})", attrs.join(", "));
                }
                if let Some(k) = t.key {
                    tip += &format!("\nKey: {k}");
                }
                if slot < 9 {
                    tip += &format!("  or {}", slot + 1);
                }
                tip += &format!("\n{count} in this article");
                if response.on_hover_text(tip).clicked() {
                    commands.push(Command::LabelSlot(slot));
                }
            }
        });
    }
}
