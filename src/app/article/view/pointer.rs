//! The pointer over the article: what is under it, selecting (snapped to words), clicking
//! highlights, linking, and the tooltip of an annotation.

use egui::{Pos2, Sense, Ui, Vec2, pos2};

use super::{ArticleView, ViewInput};
use crate::app::input::command::Command;
use crate::app::style::palette;
use crate::document::Document;
use crate::model::Annotation;
use crate::text::excerpt;

impl ArticleView {
    /// What is at a screen position: the char boundary nearest to it (for selecting), and the
    /// char whose glyph is under it, if any (for hovering and clicking highlights).
    pub(super) fn hit(&self, pos: Pos2, left: f32, top: f32) -> Option<(usize, Option<usize>)> {
        if self.paragraphs.is_empty() {
            return None;
        }
        let y = pos.y - top;
        let p = self
            .tops
            .partition_point(|&t| t <= y)
            .saturating_sub(1)
            .min(self.paragraphs.len() - 1);
        let layout = self.layouts[p].as_ref()?;
        let local = pos - pos2(left, top + self.tops[p]);
        let (boundary, under) = layout.map.hit(local.to_pos2());
        let start = self.paragraphs[p].start;
        let len = self.paragraphs[p].len();
        Some((start + boundary.min(len), under.map(|u| start + u)))
    }

    pub(super) fn handle_mouse(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        hit: Option<(usize, Option<usize>)>,
        hovered: Option<&Annotation>,
        input: &ViewInput<'_>,
        commands: &mut Vec<Command>,
    ) {
        let modifiers = ui.input(|i| i.modifiers);
        let article = &input.doc.article;
        // The selection boundary under the pointer: for a glyph hit, the nearer edge.
        let boundary = |hit: Option<(usize, Option<usize>)>| hit.map(|(c, _)| c);

        if let Some(from) = input.linking_from
            && response.clicked()
        {
            if let Some(a) = hovered
                && a.id != from
            {
                commands.push(Command::LinkTo(a.id));
            } else {
                commands.push(Command::Deselect);
            }
            return;
        }

        if response.double_clicked() {
            if let Some(char) = boundary(hit) {
                let word = article.word_at(char);
                if !word.is_empty() {
                    commands.push(Command::SelectText(word));
                }
            }
            self.drag_anchor = None;
            self.dragging = None;
            return;
        }
        // The drag starts where the button went down, not where egui noticed the drag.
        let press_hit = || {
            let origin = ui.input(|i| i.pointer.press_origin())?;
            let (left, top) = (self.last_origin?.x, self.last_origin?.y);
            self.hit(origin, left, top)
        };
        if response.drag_started()
            && let Some(char) = boundary(press_hit().or(hit))
        {
            let anchor = match (&input.selection, modifiers.shift) {
                (Some(sel), true) => sel.start,
                _ => char,
            };
            self.drag_anchor = Some(anchor);
        }
        if let Some(anchor) = self.drag_anchor {
            if let Some(char) = boundary(hit) {
                let (a, b) = (anchor.min(char), anchor.max(char));
                self.dragging = Some(a..b);
            }
            if response.drag_stopped() || !ui.input(|i| i.pointer.any_down()) {
                self.drag_anchor = None;
                if let Some(range) = self.dragging.take() {
                    let range = if modifiers.alt {
                        range
                    } else {
                        article.snap_to_words(range)
                    };
                    if !range.is_empty() {
                        commands.push(Command::SelectText(range));
                    }
                }
            }
            return;
        }
        if response.clicked() {
            match (hovered, modifiers.shift, &input.selection, boundary(hit)) {
                (_, true, Some(sel), Some(char)) => {
                    let range = sel.start.min(char)..sel.end.max(char);
                    let range = if modifiers.alt {
                        range
                    } else {
                        article.snap_to_words(range)
                    };
                    commands.push(Command::SelectText(range));
                }
                (Some(a), _, _, _) => commands.push(Command::SelectAnnotation(a.id)),
                _ => commands.push(Command::Deselect),
            }
        }
    }
}

pub(super) fn innermost_at_among<'a>(
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
pub(super) fn innermost_at(doc: &Document, char: usize) -> Option<&Annotation> {
    doc.set()
        .overlapping(char..char + 1)
        .min_by_key(|a| (a.end - a.start, a.id))
}

pub(super) fn annotation_tooltip(ui: &mut Ui, doc: &Document, a: &Annotation) {
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
