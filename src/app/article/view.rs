//! The article view: the text in a reading column, annotations highlighted, mouse selection.
//!
//! Long articles stay smooth because only what is visible is laid out and painted: the text
//! is split into paragraphs, each with its own cached galley (laid out once per width, text
//! size and theme); paragraphs never seen yet get an estimated height. Highlights are painted
//! as shapes behind and under the text, so an edit re-computes the shapes of the paragraphs it
//! touches and never lays text out again.

mod caret;
mod handles;
mod pointer;
mod relations;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::epaint::Mesh;
use egui::text::{LayoutJob, TextFormat};
use egui::{
    Align2, Color32, CursorIcon, FontId, Galley, Id, Pos2, Rect, Sense, Stroke, StrokeKind, Ui,
    pos2, vec2,
};

use crate::app::article::connectors::{ConnectorHit, Connectors, arc_room};
use crate::app::article::fingerprint::hash_of;
use crate::app::article::glyph_map::{GlyphMap, with_room_above};
pub use crate::app::article::overlays::{Overlay, OverlayStyle, Overlays};
use crate::app::article::overlays::{OverlayMesh, paint_overlays};
use crate::app::article::under_pointer::{annotation_tooltip, innermost_at, innermost_at_among};
use crate::app::input::command::Command;
use crate::app::state::caret::CaretMove;
use crate::app::style::palette;
use crate::document::Document;
use crate::model::Annotation;
use crate::text::excerpt;

/// What the view needs from the rest of the window, read-only.
pub struct ViewInput<'a> {
    pub doc: &'a Document,
    /// The text selection (chars), if any.
    pub selection: Option<Range<usize>>,
    /// The selected annotation, if any.
    pub selected: Option<u64>,
    /// Find matches (char offsets, sorted) and the query length in chars.
    pub matches: &'a [usize],
    pub match_len: usize,
    /// When linking, the annotation the relation starts from, and the labels the relation may
    /// end at (only those spans react to the pointer).
    pub linking_from: Option<u64>,
    pub link_targets: Option<&'a [String]>,
    /// The selected relation, if any.
    pub selected_relation: Option<u64>,
    /// The caret, if placed, and a move by line or page for the view to resolve.
    pub caret: Option<usize>,
    pub caret_request: Option<(CaretMove, bool)>,
    pub font_size: f32,
    /// Outlines drawn over the text and never saved: another annotator's spans (compare,
    /// adjudication) and suggestions.
    pub overlays: &'a Overlays,
}

/// Where the layout depends on: any change lays the text out again.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LayoutKey {
    width: f32,
    font_size: f32,
    dark_mode: bool,
    /// The zoom (View → Zoom in): text laid out for another pixel size is laid out again.
    pixels_per_point: f32,
}

/// What the connectors of a frame were built for: the same again, and they are reused.
#[derive(Clone, Debug, PartialEq)]
struct ConnectorsKey {
    revision: u64,
    visible: Range<usize>,
    layout: Option<LayoutKey>,
    tops_version: u64,
    column_width: f32,
    left: f32,
}

/// A shape painted for an annotation, relative to its paragraph's top-left corner.
#[derive(Clone, Debug)]
struct Mark {
    rect: Rect,
    color: Color32,
    id: u64,
    /// 0: a fill behind the text; n ≥ 1: a bar under the text, at depth n.
    level: usize,
}

struct ParagraphLayout {
    /// The paragraph as laid out, and where each of its chars is in that layout.
    base: Arc<Galley>,
    base_map: Arc<GlyphMap>,
    /// The rows (of `base`) that start a span carrying relations: each has room above it for
    /// their connectors.
    room_rows: Vec<u32>,
    /// The paragraph as drawn (`base` with the rooms), and where each char was drawn.
    galley: Arc<Galley>,
    map: Arc<GlyphMap>,
    /// The annotations' hash the marks were made for.
    marks_hash: u64,
    marks: Vec<Mark>,
    /// Every fill and bar of the paragraph as one mesh, relative to the paragraph's corner,
    /// and the same mesh moved to where it was last painted (one shape per paragraph and
    /// frame, however many annotations it has).
    mesh: Arc<Mesh>,
    placed: Option<(Pos2, Arc<Mesh>)>,
    /// The dashed overlays of the paragraph the same way.
    overlays: OverlayMesh,
}

/// The view's caches and drag state (kept across frames).
#[derive(Default)]
pub struct ArticleView {
    /// The document these caches are for (its path), so a new one starts afresh.
    doc_key: Option<std::path::PathBuf>,
    paragraphs: Vec<Range<usize>>,
    layouts: Vec<Option<ParagraphLayout>>,
    heights: Vec<f32>,
    tops: Vec<f32>,
    tops_dirty: bool,
    key: Option<LayoutKey>,
    /// The revision `spans` was built for.
    spans_revision: Option<u64>,
    /// Per paragraph: indices into the set's annotations that overlap it.
    spans: Vec<Vec<u32>>,
    /// Per annotation id: indices into the set's relations that start or end at it.
    relations_by_annotation: HashMap<u64, Vec<u32>>,
    /// The relations drawn in the last frame, what they were built for, and where the first
    /// visible paragraph was then.
    connectors: Connectors,
    connectors_key: Option<ConnectorsKey>,
    connectors_origin: Pos2,
    /// Counts the changes of `tops` (a connector cache over older tops is stale).
    tops_version: u64,
    /// Per paragraph: a hash of what its annotations look like, found when the paragraph is
    /// drawn (an edit on a long article hashes only the paragraphs on screen).
    span_hash: Vec<Option<u64>>,
    /// A char offset to bring into view on the next frame.
    scroll_to: Option<usize>,
    /// Where a drag started (char offset), while the mouse button is down.
    drag_anchor: Option<usize>,
    /// The selection being dragged (not yet committed as a command).
    dragging: Option<Range<usize>>,
    /// Paragraphs laid out in the last frame (for tests and benches).
    pub laid_out_last_frame: usize,
    /// Screen position of the text column's top-left corner in the last frame.
    last_origin: Option<Pos2>,
    /// The scroll offset and viewport height of the last frame.
    last_scroll: (f32, f32),
    /// Scroll by this much on the next frame (a page move).
    scroll_by: Option<f32>,
    /// Bring the caret into view on the next frame.
    reveal: bool,
    /// A handle being dragged: the annotation, and the end that stays where it is.
    resizing: Option<(u64, usize)>,
}

const COLUMN_WIDTH_EM: f32 = 42.0;
pub(super) const LINE_HEIGHT: f32 = 1.65;
const HEADLINE_SCALE: f32 = 1.45;
const BAR_THICKNESS: f32 = 2.5;

impl ArticleView {
    /// Brings a char offset into view on the next frame.
    pub fn scroll_to(&mut self, char: usize) {
        self.scroll_to = Some(char);
    }

    /// Brings the caret into view on the next frame (scrolling as little as needed).
    pub fn reveal_caret(&mut self) {
        self.reveal = true;
    }

    /// Forgets everything (a new document).
    fn reset(&mut self, doc: &Document) {
        *self = Self {
            doc_key: Some(doc.source_path.clone()),
            paragraphs: doc.article.paragraphs(),
            ..Self::default()
        };
        self.layouts = (0..self.paragraphs.len()).map(|_| None).collect();
    }

    /// Rebuilds the per-paragraph annotation lists when the set changed.
    fn update_spans(&mut self, doc: &Document) {
        if self.spans_revision == Some(doc.revision()) {
            return;
        }
        self.spans_revision = Some(doc.revision());
        self.relations_by_annotation.clear();
        for (i, r) in doc.set().relations.iter().enumerate() {
            for id in [r.from, r.to] {
                self.relations_by_annotation
                    .entry(id)
                    .or_default()
                    .push(i as u32);
            }
        }
        let n = self.paragraphs.len();
        self.spans = vec![Vec::new(); n];
        for (index, a) in doc.set().annotations.iter().enumerate() {
            let first = self
                .paragraphs
                .partition_point(|p| p.end <= a.start && p.end < a.end);
            for p in first..n {
                if self.paragraphs[p].start >= a.end {
                    break;
                }
                self.spans[p].push(index as u32);
            }
        }
        self.span_hash = vec![None; n];
    }

    /// What paragraph `index`'s annotations look like, as a hash (its marks are built again
    /// when it changes).
    fn span_hash(&mut self, index: usize, doc: &Document) -> u64 {
        if let Some(Some(hash)) = self.span_hash.get(index) {
            return *hash;
        }
        let Some(list) = self.spans.get(index) else {
            return 0;
        };
        let annotations = &doc.set().annotations;
        let relations = &self.relations_by_annotation;
        let hash = hash_of(list.iter().map(|&i| {
            let a = &annotations[i as usize];
            (
                a.id,
                &a.label,
                a.start,
                a.end,
                a.attribute("type"),
                relations.contains_key(&a.id),
            )
        }));
        if let Some(slot) = self.span_hash.get_mut(index) {
            *slot = Some(hash);
        }
        hash
    }

    fn paragraph_font(&self, index: usize, font_size: f32) -> FontId {
        if index == 0 {
            FontId::proportional(font_size * HEADLINE_SCALE)
        } else {
            FontId::proportional(font_size)
        }
    }

    fn estimate_height(&self, index: usize, key: &LayoutKey) -> f32 {
        let chars = self.paragraphs[index].len();
        let font = self.paragraph_font(index, key.font_size).size;
        let line = font * LINE_HEIGHT;
        if chars == 0 {
            return line * 0.5;
        }
        let per_row = (key.width / (font * 0.48)).max(1.0);
        (chars as f32 / per_row).ceil() * line + self.gap_after(index, font)
    }

    fn gap_after(&self, index: usize, font: f32) -> f32 {
        if index == 0 { font * 0.6 } else { font * 0.15 }
    }

    fn recompute_tops(&mut self) {
        self.tops.clear();
        self.tops.reserve(self.heights.len() + 1);
        let mut y = 0.0;
        for h in &self.heights {
            self.tops.push(y);
            y += h;
        }
        self.tops.push(y);
        self.tops_dirty = false;
        self.tops_version += 1;
    }

    /// Lays out paragraph `index` (if not cached) and its marks (if its annotations changed).
    fn ensure_layout(&mut self, ui: &Ui, index: usize, input: &ViewInput<'_>, key: &LayoutKey) {
        let hash = self.span_hash(index, input.doc);
        if let Some(layout) = &self.layouts[index]
            && layout.marks_hash == hash
        {
            return;
        }
        let previous = self.layouts[index].take();
        let (base, base_map) = match &previous {
            Some(layout) => (layout.base.clone(), layout.base_map.clone()),
            None => {
                let text = input
                    .doc
                    .article
                    .slice(self.paragraphs[index].clone())
                    .to_owned();
                let font_id = self.paragraph_font(index, key.font_size);
                let color = if index == 0 {
                    ui.visuals().strong_text_color()
                } else {
                    palette::reading_text(ui.visuals().dark_mode)
                };
                let line_height = font_id.size * LINE_HEIGHT;
                let mut job = LayoutJob::single_section(
                    text,
                    TextFormat {
                        font_id,
                        color,
                        line_height: Some(line_height),
                        ..Default::default()
                    },
                );
                job.wrap.max_width = key.width;
                let galley = ui.fonts_mut(|f| f.layout_job(job));
                self.laid_out_last_frame += 1;
                let text = input.doc.article.slice(self.paragraphs[index].clone());
                let map = Arc::new(GlyphMap::new(&galley, text));
                (galley, map)
            }
        };
        // Room above the rows where a span with relations starts (brat does the same), so that
        // connectors and their names sit between lines instead of over words.
        let room_rows = self.room_rows(index, &base_map, input);
        // The dashed overlays' mesh goes with the glyphs it outlines: kept while they stay
        // (an edit changes the marks, not the overlays: a paragraph dashed all over was drawn
        // again at every edit).
        let (galley, map, overlays) = match previous {
            Some(layout) if layout.room_rows == room_rows => {
                (layout.galley, layout.map, layout.overlays)
            }
            _ if room_rows.is_empty() => (base.clone(), base_map.clone(), OverlayMesh::default()),
            _ => {
                let room = arc_room(input.font_size);
                (
                    Arc::new(with_room_above(&base, &room_rows, room)),
                    Arc::new(base_map.with_room_above(&room_rows, room)),
                    OverlayMesh::default(),
                )
            }
        };
        let font = self.paragraph_font(index, key.font_size).size;
        let height = if self.paragraphs[index].is_empty() {
            font * LINE_HEIGHT * 0.5
        } else {
            galley.size().y + self.gap_after(index, font)
        };
        if (self.heights[index] - height).abs() > 0.01 {
            self.heights[index] = height;
            self.tops_dirty = true;
        }
        let marks = self.marks_for(index, &map, input);
        let mut mesh = Mesh::default();
        for mark in marks.iter().filter(|m| m.level == 0) {
            mesh.add_colored_rect(
                mark.rect.expand2(vec2(0.0, -1.0)),
                palette::fill(mark.color, key.dark_mode),
            );
        }
        for mark in marks.iter().filter(|m| m.level > 0) {
            let y = mark.rect.bottom() - 1.0 + (mark.level - 1) as f32 * (BAR_THICKNESS + 1.5);
            mesh.add_colored_rect(
                Rect::from_x_y_ranges(
                    mark.rect.x_range(),
                    y - BAR_THICKNESS * 0.5..=y + BAR_THICKNESS * 0.5,
                ),
                mark.color,
            );
        }
        self.layouts[index] = Some(ParagraphLayout {
            base,
            base_map,
            room_rows,
            galley,
            map,
            marks_hash: hash,
            marks,
            mesh: Arc::new(mesh),
            placed: None,
            overlays,
        });
    }

    /// The rows of paragraph `index` (in its layout without rooms) where a span that carries
    /// relations starts, or enters the paragraph: sorted, each once.
    fn room_rows(&self, index: usize, map: &GlyphMap, input: &ViewInput<'_>) -> Vec<u32> {
        if self.relations_by_annotation.is_empty() {
            return Vec::new();
        }
        let para = &self.paragraphs[index];
        let annotations = &input.doc.set().annotations;
        let mut rows: Vec<u32> = self.spans[index]
            .iter()
            .map(|&i| &annotations[i as usize])
            .filter(|a| self.relations_by_annotation.contains_key(&a.id))
            .filter_map(|a| map.row_of(a.start.max(para.start) - para.start))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// The fills and bars of the annotations in paragraph `index`.
    fn marks_for(&self, index: usize, map: &GlyphMap, input: &ViewInput<'_>) -> Vec<Mark> {
        let para = &self.paragraphs[index];
        let annotations = &input.doc.set().annotations;
        let list: Vec<&Annotation> = self.spans[index]
            .iter()
            .map(|&i| &annotations[i as usize])
            .collect();
        // An annotation that encloses another is drawn as a bar under the text, one level
        // below the bars it encloses; the others are fills behind the text.
        let encloses = |outer: &Annotation, inner: &Annotation| {
            outer.id != inner.id
                && outer.start <= inner.start
                && inner.end <= outer.end
                && (outer.end - outer.start > inner.end - inner.start || outer.id < inner.id)
        };
        let mut by_length: Vec<&Annotation> = list.clone();
        by_length.sort_by_key(|a| (a.end - a.start, a.id));
        let mut levels: std::collections::HashMap<u64, usize> = Default::default();
        for a in &by_length {
            let inner_max = by_length
                .iter()
                .filter(|b| encloses(a, b))
                .map(|b| levels.get(&b.id).copied().unwrap_or(0))
                .max();
            levels.insert(a.id, inner_max.map_or(0, |m| m + 1));
        }
        let mut marks = Vec::new();
        for a in list {
            let local = a.start.max(para.start) - para.start..a.end.min(para.end) - para.start;
            let color = palette::annotation_color(&input.doc.schema, a);
            let level = levels.get(&a.id).copied().unwrap_or(0);
            for rect in map.range_rects(local) {
                marks.push(Mark {
                    rect,
                    color,
                    id: a.id,
                    level,
                });
            }
        }
        marks
    }

    /// Shows the article and handles the mouse. Pushes commands for what the user did.
    pub fn show(&mut self, ui: &mut Ui, input: &ViewInput<'_>, commands: &mut Vec<Command>) {
        let doc = input.doc;
        if self.doc_key.as_deref() != Some(doc.source_path.as_path()) {
            self.reset(doc);
        }
        self.update_spans(doc);
        self.laid_out_last_frame = 0;

        let available = ui.available_width();
        let column = (input.font_size * COLUMN_WIDTH_EM)
            .min(available - 48.0)
            .max(120.0);
        let key = LayoutKey {
            width: column.round(),
            font_size: input.font_size,
            dark_mode: ui.visuals().dark_mode,
            pixels_per_point: ui.ctx().pixels_per_point(),
        };
        if self.key != Some(key) {
            self.key = Some(key);
            self.layouts.iter_mut().for_each(|l| *l = None);
            self.heights = (0..self.paragraphs.len())
                .map(|i| self.estimate_height(i, &key))
                .collect();
            self.tops_dirty = true;
        }
        if self.tops_dirty {
            self.recompute_tops();
        }

        // A long article's scroll bar stays a handle one can grab (egui's default thumb
        // shrinks to a dot on 200 KB), always shown, beside the text rather than over it.
        ui.spacing_mut().scroll = egui::style::ScrollStyle {
            bar_width: 10.0,
            handle_min_length: 40.0,
            ..egui::style::ScrollStyle::solid()
        };
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("article")
            .auto_shrink([false, false]);
        if let Some(target) = self.scroll_to.take() {
            let p = self.paragraph_of(target);
            // Lay the target paragraph out now, so the offset is exact.
            self.ensure_layout(ui, p, input, &key);
            if self.tops_dirty {
                self.recompute_tops();
            }
            let mut y = self.tops[p];
            if let Some(layout) = &self.layouts[p] {
                // A target between paragraphs (an annotation starting on a line break) goes to
                // the top of the next paragraph.
                let local = target.saturating_sub(self.paragraphs[p].start);
                y += layout.map.row_top(local);
            }
            let view_height = ui.available_height();
            scroll = scroll.vertical_scroll_offset((y - view_height * 0.3).max(0.0));
        } else if let Some(delta) = self.scroll_by.take() {
            let total = *self.tops.last().unwrap_or(&0.0);
            let (offset, height) = self.last_scroll;
            let max = (total + 64.0 - height).max(0.0);
            scroll = scroll.vertical_scroll_offset((offset + delta).clamp(0.0, max));
        }

        scroll.show_viewport(ui, |ui, viewport| {
            let total = *self.tops.last().unwrap_or(&0.0);
            let full = ui.max_rect();
            let left = full.left() + ((full.width() - column) * 0.5).max(16.0);
            let top = full.top() + 24.0;
            ui.set_min_size(vec2(full.width(), total + 64.0));

            // Lay out the visible paragraphs (their heights may change the tops).
            let first = self
                .tops
                .partition_point(|&t| t <= viewport.min.y - 24.0)
                .saturating_sub(1);
            let mut index = first;
            while index < self.paragraphs.len() && self.tops[index] < viewport.max.y {
                self.ensure_layout(ui, index, input, &key);
                index += 1;
            }
            if self.tops_dirty {
                self.recompute_tops();
                ui.ctx().request_repaint();
            }
            let visible = first..index.min(self.paragraphs.len());
            self.last_scroll = (viewport.min.y, viewport.height());
            if let Some((how, extend)) = input.caret_request {
                let at = self.resolve_caret(ui, input, &key, how, viewport, first);
                commands.push(Command::PlaceCaret { at, extend });
            }
            if std::mem::take(&mut self.reveal)
                && let Some(caret) = input.caret
            {
                let p = self.paragraph_of(caret);
                self.ensure_layout(ui, p, input, &key);
                if let Some(layout) = &self.layouts[p] {
                    let local = caret.saturating_sub(self.paragraphs[p].start);
                    let rect = layout
                        .map
                        .caret_rect(local)
                        .translate(vec2(left, top + self.tops[p]));
                    ui.scroll_to_rect(rect.expand2(vec2(0.0, input.font_size)), None);
                }
            }

            let response = ui.interact(
                Rect::from_min_max(
                    pos2(full.left(), full.top() + viewport.min.y),
                    pos2(full.right(), full.top() + viewport.max.y),
                ),
                Id::unique("article-text"),
                Sense::click_and_drag(),
            );
            self.last_origin = Some(pos2(left, top));
            let origin = |view: &Self, p: usize| pos2(left, top + view.tops[p]);
            let tops = self.tops.clone();
            let origin_of = move |p: usize| pos2(left, top + tops[p]);
            let column_x = egui::Rangef::new(left, left + key.width);
            self.build_connectors(ui, &visible, input, column_x, &|p| origin_of(p));
            let pointer = response.hover_pos().or(response.interact_pointer_pos());
            let connector_hit = pointer
                .filter(|_| input.linking_from.is_none() && self.drag_anchor.is_none())
                .and_then(|pos| self.connectors.hit(pos));
            let hit = pointer.and_then(|pos| self.hit(pos, left, top));
            let hovered_annotation = hit
                .filter(|_| connector_hit.is_none())
                .and_then(|(_, under)| under)
                .and_then(|char| match input.link_targets {
                    // While linking, only the spans the relation may end at react.
                    Some(labels) => innermost_at_among(doc, char, labels),
                    None => innermost_at(doc, char),
                });

            if response.clicked()
                && let Some(target) = connector_hit
            {
                commands.push(match target {
                    ConnectorHit::Relation(id) => Command::SelectRelation(id),
                    ConnectorHit::Marker { other, .. } => Command::GoToAnnotation(other),
                });
            } else {
                self.handle_mouse(ui, &response, hit, hovered_annotation, input, commands);
            }

            // Paint.
            let painter = ui.painter().clone();
            let dark = ui.visuals().dark_mode;
            let selection_fill = ui.visuals().selection.bg_fill.gamma_multiply(0.55);
            let match_fill = if dark {
                Color32::from_rgba_unmultiplied(230, 200, 40, 70)
            } else {
                Color32::from_rgba_unmultiplied(255, 220, 0, 110)
            };
            let text_selection = self.dragging.clone().or(input.selection.clone());
            // The hovered and the selected relation are drawn strong, with both ends outlined.
            let strong: Vec<u64> = [
                input.selected_relation,
                match connector_hit {
                    Some(
                        ConnectorHit::Relation(id) | ConnectorHit::Marker { relation: id, .. },
                    ) => Some(id),
                    None => None,
                },
            ]
            .into_iter()
            .flatten()
            .collect();
            let relation_ends: Vec<u64> = strong
                .iter()
                .filter_map(|&r| self.connectors.ends(r))
                .flat_map(|(a, b)| [a, b])
                .chain(
                    self.connectors
                        .markers
                        .iter()
                        .filter(|m| strong.contains(&m.relation))
                        .map(|m| m.here),
                )
                .collect();
            for p in visible.clone() {
                let o = origin(self, p).to_vec2();
                let Some(layout) = &mut self.layouts[p] else {
                    continue;
                };
                let para = self.paragraphs[p].clone();
                if !layout.mesh.is_empty() {
                    let mesh = match &layout.placed {
                        Some((at, mesh)) if *at == o.to_pos2() => mesh.clone(),
                        _ => {
                            let mut mesh = (*layout.mesh).clone();
                            mesh.translate(o);
                            let mesh = Arc::new(mesh);
                            layout.placed = Some((o.to_pos2(), mesh.clone()));
                            mesh
                        }
                    };
                    painter.add(egui::Shape::Mesh(mesh));
                }
                // Find matches in this paragraph.
                let from = input
                    .matches
                    .partition_point(|&m| m + input.match_len <= para.start);
                for &m in input.matches[from..].iter().take_while(|&&m| m < para.end) {
                    let local = m.max(para.start) - para.start
                        ..(m + input.match_len).min(para.end) - para.start;
                    for rect in layout.map.range_rects(local) {
                        painter.rect_filled(rect.translate(o), 2.0, match_fill);
                    }
                }
                if let Some(sel) = &text_selection
                    && sel.start < para.end.max(para.start + 1)
                    && sel.end > para.start
                {
                    let local =
                        sel.start.max(para.start) - para.start..sel.end.min(para.end) - para.start;
                    for rect in layout.map.range_rects(local) {
                        painter.rect_filled(rect.translate(o), 0.0, selection_fill);
                    }
                }
                painter.galley(
                    o.to_pos2(),
                    layout.galley.clone(),
                    ui.visuals().text_color(),
                );
                if let Some(caret) = input.caret
                    && (para.start..=para.end).contains(&caret)
                {
                    let rect = layout.map.caret_rect(caret - para.start).translate(o);
                    painter.line_segment(
                        [rect.left_top(), rect.left_bottom()],
                        Stroke::new(2.0, ui.visuals().text_cursor.stroke.color),
                    );
                }
                paint_overlays(
                    &painter,
                    &layout.map,
                    &mut layout.overlays,
                    o,
                    &para,
                    input.overlays,
                );
                let outlined = [
                    input.selected,
                    input.linking_from,
                    hovered_annotation.map(|a| a.id),
                ];
                if outlined.iter().all(Option::is_none) && relation_ends.is_empty() {
                    continue;
                }
                for mark in &layout.marks {
                    let rect = mark.rect.translate(o);
                    if Some(mark.id) == input.selected
                        || Some(mark.id) == input.linking_from
                        || relation_ends.contains(&mark.id)
                    {
                        painter.rect_stroke(
                            rect.expand(1.0),
                            2.0,
                            Stroke::new(2.0, mark.color),
                            StrokeKind::Outside,
                        );
                    } else if Some(mark.id) == hovered_annotation.map(|a| a.id) {
                        painter.rect_stroke(
                            rect,
                            2.0,
                            Stroke::new(1.0, mark.color),
                            StrokeKind::Outside,
                        );
                    }
                }
            }

            if self.resizing.is_none() {
                self.paint_handles(&painter, input, dark);
            }
            self.connectors
                .paint(&painter, ui.visuals().panel_fill, &strong);
            if let Some(ConnectorHit::Relation(id)) = connector_hit
                && let Some(r) = doc.set().relations.iter().find(|r| r.id == id)
            {
                let name = |id| {
                    doc.find(id)
                        .map(|(_, a)| excerpt(&a.text, 32))
                        .unwrap_or_default()
                };
                response.clone().on_hover_text_at_pointer(format!(
                    "{}: from “{}” to “{}”\nClick to select it; Delete removes it",
                    r.label,
                    name(r.from),
                    name(r.to)
                ));
            }

            let on_handle = pointer.is_some_and(|pos| self.handle_at(pos, input).is_some());
            if response.hovered() {
                ui.ctx()
                    .set_cursor_icon(if self.resizing.is_some() || on_handle {
                        CursorIcon::ResizeHorizontal
                    } else if input.linking_from.is_some() {
                        CursorIcon::Alias
                    } else if hovered_annotation.is_some() || connector_hit.is_some() {
                        CursorIcon::PointingHand
                    } else {
                        CursorIcon::Text
                    });
            }
            if let Some(a) = hovered_annotation
                && self.drag_anchor.is_none()
            {
                response.on_hover_ui_at_pointer(|ui| annotation_tooltip(ui, doc, a));
            }
            if doc.article.len_chars() == 0 {
                painter.text(
                    pos2(left, top),
                    Align2::LEFT_TOP,
                    "This article is empty.",
                    FontId::proportional(input.font_size),
                    ui.visuals().weak_text_color(),
                );
            }
        });
    }

    /// The paragraph holding char `char` (the last one for the end of the text).
    fn paragraph_of(&self, char: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.end < char)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    /// How many paragraphs the article has.
    pub fn paragraph_count(&self) -> usize {
        self.paragraphs.len()
    }

    /// Where char `char` was drawn on screen in the last frame, if its paragraph was laid out
    /// (tests use it to click and drag like a user).
    pub fn char_screen_rect(&self, char: usize) -> Option<Rect> {
        let origin = self.last_origin?;
        let p = self.paragraph_of(char);
        let layout = self.layouts.get(p)?.as_ref()?;
        let local = char.checked_sub(self.paragraphs[p].start)?;
        layout
            .map
            .char_rect(local)
            .map(|r| r.translate(vec2(origin.x, origin.y + self.tops[p])))
    }
}
