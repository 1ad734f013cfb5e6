//! The article view: the text in a reading column, annotations highlighted, mouse selection.
//!
//! Long articles stay smooth because only what is visible is laid out and painted: the text
//! is split into paragraphs, each with its own cached galley (laid out once per width, text
//! size and theme); paragraphs never seen yet get an estimated height. Highlights are painted
//! as shapes behind and under the text, so an edit re-computes the shapes of the paragraphs it
//! touches and never lays text out again.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use egui::epaint::Mesh;
use egui::text::{LayoutJob, TextFormat};
use egui::{
    Align2, Color32, CursorIcon, FontId, Galley, Id, Pos2, Rect, Sense, Stroke, StrokeKind, Ui,
    Vec2, pos2, vec2,
};

use crate::app::article::connectors::{ConnectorHit, Connectors};
use crate::app::article::glyph_map::GlyphMap;
use crate::app::input::command::Command;
use crate::app::style::palette;
use crate::document::Document;
use crate::model::Annotation;

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
    pub font_size: f32,
    /// Outlines drawn over the text and never saved: another annotator's spans (compare,
    /// adjudication) and suggestions.
    pub overlays: &'a Overlays,
}

/// Overlays sorted by start, with the length of the longest (which bounds how far before a
/// paragraph an overlay touching it can start).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlays {
    list: Vec<Overlay>,
    longest: usize,
}

impl Overlays {
    pub fn new(mut list: Vec<Overlay>) -> Self {
        list.sort_by_key(|o| (o.range.start, o.range.end));
        let longest = list
            .iter()
            .map(|o| o.range.end - o.range.start)
            .max()
            .unwrap_or(0);
        Self { list, longest }
    }

    /// None at all (a static for views without overlays).
    pub fn none() -> &'static Overlays {
        static NONE: Overlays = Overlays {
            list: Vec::new(),
            longest: 0,
        };
        &NONE
    }

    pub fn list(&self) -> &[Overlay] {
        &self.list
    }
}

/// How an overlay is outlined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverlayStyle {
    /// A dashed outline: something that is not (yet) in this set.
    Dashed,
    /// A thick solid outline: the difference or suggestion the keys act on now.
    Focus,
}

/// A range outlined over the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Overlay {
    pub range: Range<usize>,
    pub color: Color32,
    pub style: OverlayStyle,
}

/// Where the layout depends on: any change lays the text out again.
#[derive(Clone, Copy, Debug, PartialEq)]
struct LayoutKey {
    width: f32,
    font_size: f32,
    dark_mode: bool,
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
    galley: Arc<Galley>,
    /// Where each char of the paragraph was drawn.
    map: Arc<GlyphMap>,
    /// The annotations' hash the marks were made for.
    marks_hash: u64,
    marks: Vec<Mark>,
    /// Every fill and bar of the paragraph as one mesh, relative to the paragraph's corner,
    /// and the same mesh moved to where it was last painted (one shape per paragraph and
    /// frame, however many annotations it has).
    mesh: Arc<Mesh>,
    placed: Option<(Pos2, Arc<Mesh>)>,
    /// The dashed overlays of the paragraph the same way: their hash, the mesh relative to
    /// the corner, and where it was last placed.
    overlay_hash: u64,
    overlay_mesh: Arc<Mesh>,
    overlay_placed: Option<(Pos2, Arc<Mesh>)>,
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
    /// The relations drawn in the last frame.
    connectors: Connectors,
    span_hash: Vec<u64>,
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
}

const COLUMN_WIDTH_EM: f32 = 42.0;
const LINE_HEIGHT: f32 = 1.65;
const HEADLINE_SCALE: f32 = 1.45;
const BAR_THICKNESS: f32 = 2.5;

/// FNV-1a: the paragraph fingerprints are rebuilt for every paragraph after each edit, and
/// need to be fast rather than resistant to crafted input.
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x0100_0000_01b3);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

fn hash_of(items: impl Iterator<Item = impl Hash>) -> u64 {
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    for item in items {
        item.hash(&mut hasher);
    }
    hasher.finish()
}

impl ArticleView {
    /// Brings a char offset into view on the next frame.
    pub fn scroll_to(&mut self, char: usize) {
        self.scroll_to = Some(char);
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
        let annotations = &doc.set().annotations;
        self.span_hash = self
            .spans
            .iter()
            .map(|list| {
                hash_of(list.iter().map(|&i| {
                    let a = &annotations[i as usize];
                    (a.id, &a.label, a.start, a.end, a.attribute("type"))
                }))
            })
            .collect();
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
    }

    /// Lays out paragraph `index` (if not cached) and its marks (if its annotations changed).
    fn ensure_layout(&mut self, ui: &Ui, index: usize, input: &ViewInput<'_>, key: &LayoutKey) {
        let hash = self.span_hash.get(index).copied().unwrap_or(0);
        if let Some(layout) = &self.layouts[index]
            && layout.marks_hash == hash
        {
            return;
        }
        let (galley, map) = match self.layouts[index].take() {
            Some(layout) => (layout.galley, layout.map),
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
                self.laid_out_last_frame += 1;
                let text = input.doc.article.slice(self.paragraphs[index].clone());
                let map = Arc::new(GlyphMap::new(&galley, text));
                (galley, map)
            }
        };
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
            galley,
            map,
            marks_hash: hash,
            marks,
            mesh: Arc::new(mesh),
            placed: None,
            overlay_hash: 0,
            overlay_mesh: Arc::new(Mesh::default()),
            overlay_placed: None,
        });
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
            self.build_connectors(ui, &visible, input, &|p| origin_of(p));
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
                paint_overlays(
                    &painter,
                    layout,
                    o,
                    &para,
                    &input.overlays.list,
                    input.overlays.longest,
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

            let label_font = FontId::proportional((input.font_size * 0.62).max(10.0));
            self.connectors
                .paint(&painter, &label_font, ui.visuals().panel_fill, &strong);
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

            if response.hovered() {
                ui.ctx().set_cursor_icon(if input.linking_from.is_some() {
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

    /// What is at a screen position: the char boundary nearest to it (for selecting), and the
    /// char whose glyph is under it, if any (for hovering and clicking highlights).
    fn hit(&self, pos: Pos2, left: f32, top: f32) -> Option<(usize, Option<usize>)> {
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

    fn handle_mouse(
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

    /// The connectors of the relations touching the visible paragraphs' annotations.
    fn build_connectors(
        &mut self,
        ui: &Ui,
        visible: &Range<usize>,
        input: &ViewInput<'_>,
        origin: &dyn Fn(usize) -> Pos2,
    ) {
        let doc = input.doc;
        let mut anchors: HashMap<u64, Rect> = HashMap::new();
        for p in visible.clone() {
            let Some(layout) = &self.layouts[p] else {
                continue;
            };
            let o = origin(p).to_vec2();
            for mark in &layout.marks {
                if self.relations_by_annotation.contains_key(&mark.id) {
                    anchors.entry(mark.id).or_insert(mark.rect.translate(o));
                }
            }
        }
        if anchors.is_empty() {
            self.connectors = Connectors::default();
            return;
        }
        let relations = &doc.set().relations;
        let by_annotation = &self.relations_by_annotation;
        let font = FontId::proportional((input.font_size * 0.62).max(10.0));
        self.connectors = Connectors::build(
            &anchors,
            |id| {
                by_annotation
                    .get(&id)
                    .map(|list| {
                        list.iter()
                            .filter_map(|&i| relations.get(i as usize))
                            .collect()
                    })
                    .unwrap_or_default()
            },
            |id| {
                doc.find(id)
                    .map(|(_, a)| excerpt(&a.text, 28))
                    .unwrap_or_default()
            },
            input.font_size * LINE_HEIGHT,
            &font,
            ui.painter(),
        );
    }

    /// The relations drawn in the last frame (tests click on them as a user does).
    pub fn connectors(&self) -> &Connectors {
        &self.connectors
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

/// The annotation under char `char` among those with one of `labels`: the shortest.
/// The overlays that touch paragraph `para`, outlined (dashed, or solid and thick for the
/// focused one). Overlays are sorted by start; the longest one (`longest` chars) bounds how
/// far back to look. The dashes are one mesh per paragraph, made again only when the
/// paragraph's overlays change, and moved like the highlights' mesh.
fn paint_overlays(
    painter: &egui::Painter,
    layout: &mut ParagraphLayout,
    offset: Vec2,
    para: &Range<usize>,
    overlays: &[Overlay],
    longest: usize,
) {
    let from = overlays.partition_point(|o| o.range.start + longest < para.start);
    let here: Vec<&Overlay> = overlays[from..]
        .iter()
        .take_while(|o| o.range.start < para.end.max(para.start + 1))
        .filter(|o| o.range.end > para.start)
        .collect();
    let local = |o: &Overlay| {
        o.range.start.max(para.start) - para.start..o.range.end.min(para.end) - para.start
    };
    let hash = hash_of(
        here.iter()
            .filter(|o| o.style == OverlayStyle::Dashed)
            .map(|o| (o.range.start, o.range.end, o.color.to_array())),
    );
    if hash != layout.overlay_hash {
        let mut dashes = Mesh::default();
        for o in here.iter().filter(|o| o.style == OverlayStyle::Dashed) {
            for rect in layout.map.range_rects(local(o)) {
                dashed_rect(&mut dashes, rect.expand(1.5), o.color);
            }
        }
        layout.overlay_hash = hash;
        layout.overlay_mesh = Arc::new(dashes);
        layout.overlay_placed = None;
    }
    if !layout.overlay_mesh.is_empty() {
        let mesh = match &layout.overlay_placed {
            Some((at, mesh)) if *at == offset.to_pos2() => mesh.clone(),
            _ => {
                let mut mesh = (*layout.overlay_mesh).clone();
                mesh.translate(offset);
                let mesh = Arc::new(mesh);
                layout.overlay_placed = Some((offset.to_pos2(), mesh.clone()));
                mesh
            }
        };
        painter.add(egui::Shape::Mesh(mesh));
    }
    for o in here.iter().filter(|o| o.style == OverlayStyle::Focus) {
        for rect in layout.map.range_rects(local(o)) {
            painter.rect_stroke(
                rect.translate(offset).expand(2.5),
                2.0,
                Stroke::new(2.5, o.color),
                StrokeKind::Outside,
            );
        }
    }
}

/// A rectangle's outline as dashes (4 px on, 3 px off, 1.5 px thick), added to `mesh`.
fn dashed_rect(mesh: &mut Mesh, rect: Rect, color: Color32) {
    const DASH: f32 = 4.0;
    const GAP: f32 = 3.0;
    const THICK: f32 = 1.5;
    let half = THICK * 0.5;
    let mut along = |from: f32, to: f32, at: f32, horizontal: bool| {
        let mut x = from;
        while x < to {
            let end = (x + DASH).min(to);
            let dash = if horizontal {
                Rect::from_min_max(pos2(x, at - half), pos2(end, at + half))
            } else {
                Rect::from_min_max(pos2(at - half, x), pos2(at + half, end))
            };
            mesh.add_colored_rect(dash, color);
            x = end + GAP;
        }
    };
    along(rect.left(), rect.right(), rect.top(), true);
    along(rect.left(), rect.right(), rect.bottom(), true);
    along(rect.top(), rect.bottom(), rect.left(), false);
    along(rect.top(), rect.bottom(), rect.right(), false);
}

fn innermost_at_among<'a>(
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
fn innermost_at(doc: &Document, char: usize) -> Option<&Annotation> {
    doc.set()
        .overlapping(char..char + 1)
        .min_by_key(|a| (a.end - a.start, a.id))
}

fn annotation_tooltip(ui: &mut Ui, doc: &Document, a: &Annotation) {
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

/// A one-line excerpt of at most `max` chars.
pub fn excerpt(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}
