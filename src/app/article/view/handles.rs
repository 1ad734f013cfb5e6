//! The handles at both ends of the selected annotation, as brat and INCEpTION let a span's
//! ends be dragged: a knob above its start and one below its end; dragging one moves that end
//! (snapped to words unless Alt is held), as one undoable edit.

use egui::{Painter, Pos2, Rect, Stroke, vec2};

use super::{ArticleView, ViewInput};
use crate::app::state::caret::SpanEdge;
use crate::app::style::palette;

/// How near the pointer must be to a handle's knob or bar to take it (points).
const GRAB: f32 = 7.0;
const KNOB: f32 = 4.0;

/// One end of the selected span on screen: which end, its bar, its knob's centre.
type Handle = (SpanEdge, Rect, Pos2);

impl ArticleView {
    /// Where boundary `char` was drawn in this frame: after the char before it for an end (so
    /// an end at a wrapped line stays on its line), before the char after it for a start.
    fn edge_rect(&self, char: usize, edge: SpanEdge) -> Option<Rect> {
        let origin = self.last_origin?;
        let (at, after) = match edge {
            SpanEdge::Start => (char, false),
            SpanEdge::End => (char.checked_sub(1)?, true),
        };
        let p = self.paragraph_of(at);
        let layout = self.layouts.get(p)?.as_ref()?;
        let local = at.checked_sub(self.paragraphs[p].start)?;
        let rect = layout.map.char_rect(local)?;
        let x = if after { rect.right() } else { rect.left() };
        Some(
            Rect::from_x_y_ranges(x..=x, rect.y_range())
                .translate(vec2(origin.x, origin.y + self.tops[p])),
        )
    }

    /// The selected annotation's handles: its id, and each end with its bar and knob centre.
    fn handles(&self, input: &ViewInput<'_>) -> Option<(u64, Vec<Handle>)> {
        let a = input.doc.annotation(input.selected?)?;
        let mut out = Vec::new();
        if let Some(bar) = self.edge_rect(a.start, SpanEdge::Start) {
            out.push((SpanEdge::Start, bar, bar.center_top() - vec2(0.0, KNOB)));
        }
        if let Some(bar) = self.edge_rect(a.end, SpanEdge::End) {
            out.push((SpanEdge::End, bar, bar.center_bottom() + vec2(0.0, KNOB)));
        }
        Some((a.id, out))
    }

    /// Paints the selected annotation's handles.
    pub(super) fn paint_handles(&self, painter: &Painter, input: &ViewInput<'_>, dark: bool) {
        let Some((id, handles)) = self.handles(input) else {
            return;
        };
        let Some(a) = input.doc.annotation(id) else {
            return;
        };
        let color = palette::annotation_color(&input.doc.schema, a);
        let outline = if dark {
            egui::Color32::BLACK
        } else {
            egui::Color32::WHITE
        };
        for (_, bar, knob) in handles {
            painter.line_segment(
                [bar.center_top(), bar.center_bottom()],
                Stroke::new(2.0, color),
            );
            painter.circle(knob, KNOB, color, Stroke::new(1.0, outline));
        }
    }

    /// The handle under `pos`, if any: the annotation and which end.
    pub(super) fn handle_at(&self, pos: Pos2, input: &ViewInput<'_>) -> Option<(u64, SpanEdge)> {
        let (id, handles) = self.handles(input)?;
        handles
            .into_iter()
            .find(|(_, bar, knob)| {
                knob.distance(pos) <= GRAB || bar.expand2(vec2(GRAB * 0.6, 0.0)).contains(pos)
            })
            .map(|(edge, _, _)| (id, edge))
    }
}
