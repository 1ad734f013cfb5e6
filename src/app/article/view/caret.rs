//! Moves of the caret that depend on how the text is drawn: a line up or down, the line's
//! ends, a page (which scrolls by a page too).

use egui::{Rect, Ui, pos2};

use super::{ArticleView, LINE_HEIGHT, LayoutKey, ViewInput};
use crate::app::state::caret::CaretMove;

impl ArticleView {
    /// Where a move by line or page takes the caret (from the top of the view when there is
    /// no caret yet); a page move also scrolls by a page.
    pub(super) fn resolve_caret(
        &mut self,
        ui: &Ui,
        input: &ViewInput<'_>,
        key: &LayoutKey,
        how: CaretMove,
        viewport: Rect,
        first_visible: usize,
    ) -> usize {
        let len = input.doc.article.len_chars();
        let from = input
            .caret
            .or(input.selection.as_ref().map(|s| s.end))
            .unwrap_or_else(|| self.paragraphs.get(first_visible).map_or(0, |p| p.start))
            .min(len);
        if self.paragraphs.is_empty() {
            return 0;
        }
        let p = self.paragraph_of(from);
        self.ensure_layout(ui, p, input, key);
        let Some(layout) = &self.layouts[p] else {
            return from;
        };
        let para = self.paragraphs[p].clone();
        let local = from.saturating_sub(para.start).min(para.len());
        let here = layout.map.caret_rect(local);
        let top = self.tops[p];
        let page = (viewport.height() - 2.0 * input.font_size * LINE_HEIGHT).max(input.font_size);
        let target_y = match how {
            CaretMove::LineStart | CaretMove::LineEnd => {
                let text = input.doc.article.slice(para.clone());
                let (start, end) = layout.map.row_bounds(local, text);
                let at = if how == CaretMove::LineStart {
                    start
                } else {
                    end
                };
                return para.start + at.min(para.len());
            }
            CaretMove::Up => top + here.top() - 1.0,
            CaretMove::Down => top + here.bottom() + 1.0,
            CaretMove::PageUp => {
                self.scroll_by = Some(-page);
                top + here.center().y - page
            }
            CaretMove::PageDown => {
                self.scroll_by = Some(page);
                top + here.center().y + page
            }
            _ => return how.along_text(&input.doc.article, from).unwrap_or(from),
        };
        let total = *self.tops.last().unwrap_or(&0.0);
        if target_y < 0.0 {
            return 0;
        }
        if target_y >= total {
            return len;
        }
        let mut target_y = target_y;
        let mut q = self
            .tops
            .partition_point(|&t| t <= target_y)
            .saturating_sub(1)
            .min(self.paragraphs.len() - 1);
        self.ensure_layout(ui, q, input, key);
        // In the gap below a paragraph's last line: going down, that is the next paragraph.
        let below_text = self.layouts[q]
            .as_ref()
            .is_some_and(|l| target_y - self.tops[q] > l.galley.size().y);
        if below_text && target_y > top + here.bottom() && q + 1 < self.paragraphs.len() {
            q += 1;
            self.ensure_layout(ui, q, input, key);
            target_y = self.tops[q] + 1.0;
        }
        let Some(layout) = &self.layouts[q] else {
            return from;
        };
        let (boundary, _) = layout.map.hit(pos2(here.left(), target_y - self.tops[q]));
        let at = self.paragraphs[q].start + boundary.min(self.paragraphs[q].len());
        input.doc.article.snap_to_graphemes(at..at).start
    }
}
