//! The pointer over the article: what is under it, selecting (snapped to words), clicking
//! highlights, linking, and the tooltip of an annotation.

use egui::{Pos2, Ui, pos2};

use super::{ArticleView, ViewInput};
use crate::app::input::command::Command;
use crate::model::Annotation;

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
            // The word of the glyph under the pointer (not of its nearer edge: a click on
            // the right half of a one-glyph emoji or ideograph is still on it).
            if let Some(char) = hit.and_then(|(edge, under)| under.or(Some(edge))) {
                let word = article.word_at(char);
                if !word.is_empty() {
                    commands.push(Command::SelectText(word));
                }
            }
            self.drag_anchor = None;
            self.dragging = None;
            return;
        }
        // A handle of the selected annotation: dragging it moves that end.
        if response.drag_started()
            && let Some(origin) = ui.input(|i| i.pointer.press_origin())
            && let Some((id, edge)) = self.handle_at(origin, input)
            && let Some(a) = input.doc.annotation(id)
        {
            let fixed = match edge {
                crate::app::state::caret::SpanEdge::Start => a.end,
                crate::app::state::caret::SpanEdge::End => a.start,
            };
            self.resizing = Some((id, fixed));
        }
        if let Some((id, fixed)) = self.resizing {
            if let Some(char) = boundary(hit) {
                self.dragging = Some(fixed.min(char)..fixed.max(char));
            }
            if response.drag_stopped() || !ui.input(|i| i.pointer.any_down()) {
                self.resizing = None;
                if let Some(range) = self.dragging.take() {
                    let range = if modifiers.alt {
                        range
                    } else {
                        article.snap_to_words(range)
                    };
                    if !range.is_empty() {
                        commands.push(Command::ResizeAnnotation { id, range });
                    }
                }
            }
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
