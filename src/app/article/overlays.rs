//! Overlays: ranges outlined over the text and never saved (suggestions, a colleague's spans,
//! the versions of a disagreement), dashed or, for the one the keys act on, thick and solid.
//! The dashes of a paragraph are one cached mesh, made again only when its overlays change.

use std::ops::Range;
use std::sync::Arc;

use egui::epaint::Mesh;
use egui::{Color32, Pos2, Rect, Stroke, StrokeKind, Vec2, pos2};

use crate::app::article::fingerprint::hash_of;
use crate::app::article::glyph_map::GlyphMap;

/// Overlays sorted by start, with the length of the longest (which bounds how far before a
/// paragraph an overlay touching it can start): a base list, shared (it can be long, and is
/// made off the frame: every suggested place of a long article), and a few on top of it (the
/// one the keys act on).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlays {
    base: Arc<Vec<Overlay>>,
    base_longest: usize,
    top: Vec<Overlay>,
    top_longest: usize,
}

/// Sorts overlays by start and gives the length of the longest.
fn sorted(mut list: Vec<Overlay>) -> (Vec<Overlay>, usize) {
    list.sort_by_key(|o| (o.range.start, o.range.end));
    let longest = list
        .iter()
        .map(|o| o.range.end - o.range.start)
        .max()
        .unwrap_or(0);
    (list, longest)
}

impl Overlays {
    pub fn new(list: Vec<Overlay>) -> Self {
        let (base, base_longest) = sorted(list);
        Self {
            base: Arc::new(base),
            base_longest,
            top: Vec::new(),
            top_longest: 0,
        }
    }

    /// `base`'s overlays (shared, not copied) with `top` over them.
    pub fn layered(base: &Overlays, top: Vec<Overlay>) -> Self {
        let (top, top_longest) = sorted(top);
        Self {
            base: Arc::clone(&base.base),
            base_longest: base.base_longest,
            top,
            top_longest,
        }
    }

    /// None at all (a static for views without overlays).
    pub fn none() -> &'static Overlays {
        static NONE: std::sync::LazyLock<Overlays> = std::sync::LazyLock::new(Overlays::default);
        &NONE
    }

    /// The base overlays, sorted by start.
    pub fn list(&self) -> &[Overlay] {
        &self.base
    }

    /// The overlays on top of the base ones, sorted by start.
    pub fn top(&self) -> &[Overlay] {
        &self.top
    }

    /// The overlays of either list that touch `range` (a paragraph), base ones first.
    fn touching(&self, range: &Range<usize>) -> Vec<&Overlay> {
        let mut here = Vec::new();
        for (list, longest) in [
            (self.base.as_slice(), self.base_longest),
            (self.top.as_slice(), self.top_longest),
        ] {
            let from = list.partition_point(|o| o.range.start + longest < range.start);
            here.extend(
                list[from..]
                    .iter()
                    .take_while(|o| o.range.start < range.end.max(range.start + 1))
                    .filter(|o| o.range.end > range.start),
            );
        }
        here
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

/// A paragraph's dashed overlays as one mesh: their hash, the mesh relative to the
/// paragraph's corner, and the same mesh moved to where it was last painted.
#[derive(Default)]
pub(super) struct OverlayMesh {
    hash: u64,
    mesh: Arc<Mesh>,
    placed: Option<(Pos2, Arc<Mesh>)>,
}

/// The overlays that touch paragraph `para`, outlined (dashed, or solid and thick for the
/// focused one). Overlays are sorted by start; the longest one (`longest` chars) bounds how
/// far back to look. The dashes are one mesh per paragraph, made again only when the
/// paragraph's overlays change, and moved like the highlights' mesh.
pub(super) fn paint_overlays(
    painter: &egui::Painter,
    map: &GlyphMap,
    cache: &mut OverlayMesh,
    offset: Vec2,
    para: &Range<usize>,
    overlays: &Overlays,
) {
    let here = overlays.touching(para);
    let local = |o: &Overlay| {
        o.range.start.max(para.start) - para.start..o.range.end.min(para.end) - para.start
    };
    let hash = hash_of(
        here.iter()
            .filter(|o| o.style == OverlayStyle::Dashed)
            .map(|o| (o.range.start, o.range.end, o.color.to_array())),
    );
    if hash != cache.hash {
        let mut dashes = Mesh::default();
        let dashed: Vec<&Overlay> = here
            .iter()
            .copied()
            .filter(|o| o.style == OverlayStyle::Dashed)
            .collect();
        for (o, grow) in dashed.iter().zip(dash_margins(&dashed)) {
            for rect in map.range_rects(local(o)) {
                dashed_rect(&mut dashes, rect.expand(grow), o.color);
            }
        }
        cache.hash = hash;
        cache.mesh = Arc::new(dashes);
        cache.placed = None;
    }
    if !cache.mesh.is_empty() {
        let mesh = match &cache.placed {
            Some((at, mesh)) if *at == offset.to_pos2() => mesh.clone(),
            _ => {
                let mut mesh = (*cache.mesh).clone();
                mesh.translate(offset);
                let mesh = Arc::new(mesh);
                cache.placed = Some((offset.to_pos2(), mesh.clone()));
                mesh
            }
        };
        painter.add(egui::Shape::Mesh(mesh));
    }
    for o in here.iter().filter(|o| o.style == OverlayStyle::Focus) {
        for rect in map.range_rects(local(o)) {
            painter.rect_stroke(
                rect.translate(offset).expand(2.5),
                2.0,
                Stroke::new(2.5, o.color),
                StrokeKind::Outside,
            );
        }
    }
}

/// How far each dashed outline stands off its text: 1.5 px, and 4.5 px more (clear of the
/// focus outline) for each earlier outline of the very same range, up to two: annotators who
/// marked the same span in adjudication each keep a visible outline of their own colour,
/// nested, instead of one hiding the others.
fn dash_margins(dashed: &[&Overlay]) -> Vec<f32> {
    dashed
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let before = dashed[..i].iter().filter(|p| p.range == o.range).count();
            1.5 + 4.5 * before.min(2) as f32
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn dashed(range: Range<usize>, color: Color32) -> Overlay {
        Overlay {
            range,
            color,
            style: OverlayStyle::Dashed,
        }
    }

    #[test]
    fn outlines_of_the_same_range_nest_so_that_each_colour_shows() {
        let list = [
            dashed(0..5, Color32::RED),
            dashed(0..5, Color32::GREEN),
            dashed(7..9, Color32::BLUE),
            dashed(0..5, Color32::BLUE),
        ];
        let refs: Vec<&Overlay> = list.iter().collect();
        assert_eq!(dash_margins(&refs), [1.5, 6.0, 1.5, 10.5]);
    }
}
