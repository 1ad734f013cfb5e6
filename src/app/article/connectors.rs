//! Relations drawn in the article, in the room the view leaves above each row that starts a
//! span with relations (as brat does), so that no connector or name covers a word. Two spans
//! on one row: an arch in that row's room, with the relation's name at its top. Spans on
//! different rows: a line that rises into the first span's room, runs out to the column's
//! margin, along the margin to the other span's row, and in above it; the name sits on the
//! first run. An arrowhead points down into the target. A relation whose other end is
//! scrolled out of view is a small marker in the visible end's room, naming the other span.
//! Only relations of visible spans are built, so a frame costs the same however many
//! relations the set holds.

use std::collections::HashMap;
use std::sync::Arc;

use egui::epaint::CubicBezierShape;
use egui::{Color32, FontId, Galley, Painter, Pos2, Rect, Stroke, StrokeKind, Vec2, pos2, vec2};

use crate::model::Relation;

/// How close (points) the pointer must be to a connector to hover it.
const HIT_DISTANCE: f32 = 5.0;

/// The size of a relation's name over the text.
pub fn arc_label_size(font_size: f32) -> f32 {
    (font_size * 0.62).max(10.0)
}

/// The room the view leaves above a row that carries relations: a relation name's height
/// and a margin.
pub fn arc_room(font_size: f32) -> f32 {
    (arc_label_size(font_size) * 1.5 + 4.0).round()
}

/// A relation with both ends on screen.
pub struct Connector {
    pub relation: u64,
    pub from: u64,
    pub to: u64,
    pub label: String,
    pub color: Color32,
    pub path: ConnectorPath,
    /// The path as a line of points, for hit-testing.
    pub points: Vec<Pos2>,
    /// Where the relation's name is drawn (its centre), and the name laid out.
    pub label_at: Pos2,
    pub label_galley: Arc<Galley>,
}

/// How a connector runs.
#[derive(Clone, Debug, PartialEq)]
pub enum ConnectorPath {
    /// Both ends on one row: a curve through the room above it (start, two controls, end).
    Arch([Pos2; 4]),
    /// Ends on different rows: straight runs through both rows' rooms and the margin.
    Route(Vec<Pos2>),
}

impl Connector {
    /// Where the relation's name sits (a click there selects the relation).
    pub fn label_point(&self) -> Pos2 {
        self.label_at
    }
}

/// A relation with one end on screen: a marker at that end naming the other.
pub struct Marker {
    pub relation: u64,
    /// The annotation on screen, and the one out of view.
    pub here: u64,
    pub other: u64,
    pub color: Color32,
    pub text: String,
    pub rect: Rect,
    pub galley: Arc<Galley>,
}

/// What a pointer position is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectorHit {
    /// A connector: the relation.
    Relation(u64),
    /// An off-screen marker: the relation, and the annotation to scroll to.
    Marker { relation: u64, other: u64 },
}

/// The connectors and markers of one frame.
#[derive(Default)]
pub struct Connectors {
    pub connectors: Vec<Connector>,
    pub markers: Vec<Marker>,
}

/// A relation label's colour: a fixed, distinct hue per name (the schema file has no colour
/// for relations), dark enough to read as a line over text in both themes.
pub fn relation_color(name: &str) -> Color32 {
    const HUES: [Color32; 6] = [
        Color32::from_rgb(0x8e, 0x44, 0xad), // violet
        Color32::from_rgb(0x16, 0x8a, 0x8a), // teal
        Color32::from_rgb(0xc0, 0x39, 0x2b), // red
        Color32::from_rgb(0x2c, 0x5a, 0xa0), // blue
        Color32::from_rgb(0x9a, 0x6a, 0x12), // ochre
        Color32::from_rgb(0x55, 0x6b, 0x2f), // olive
    ];
    match name {
        "speaker" => HUES[0],
        "claimer" => HUES[1],
        _ => {
            let sum = name
                .bytes()
                .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
            HUES[2 + sum % (HUES.len() - 2)]
        }
    }
}

fn bezier_at(c: &[Pos2; 4], t: f32) -> Pos2 {
    let u = 1.0 - t;
    let w = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
    pos2(
        c.iter().zip(w).map(|(p, w)| p.x * w).sum(),
        c.iter().zip(w).map(|(p, w)| p.y * w).sum(),
    )
}

fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len = ab.length_sq();
    let t = if len <= f32::EPSILON {
        0.0
    } else {
        ((p - a).dot(ab) / len).clamp(0.0, 1.0)
    };
    p.distance(a + ab * t)
}

/// Two ends on one row: an arch through the row's room; longer arches rise higher, so that
/// crossing ones part, and the name at the top stays inside the room.
fn arch(a: &Rect, b: &Rect, room: f32, column_width: f32) -> (ConnectorPath, Vec<Pos2>, Pos2) {
    let start = a.center_top();
    let end = b.center_top();
    let reach = ((end.x - start.x).abs() / column_width.max(1.0)).min(1.0);
    let lift = room * (0.5 + 0.3 * reach);
    let top = start.y - lift;
    let curve = [start, pos2(start.x, top), pos2(end.x, top), end];
    let points = (0..=24)
        .map(|i| bezier_at(&curve, i as f32 / 24.0))
        .collect();
    (ConnectorPath::Arch(curve), points, bezier_at(&curve, 0.5))
}

/// Ends on different rows: up into the start's room, out to the nearer margin (`lane` steps
/// apart, so that routes side by side stay apart), along it, and in above the end.
fn route(
    a: &Rect,
    b: &Rect,
    room: f32,
    column_x: egui::Rangef,
    lane: usize,
) -> (ConnectorPath, Vec<Pos2>, Pos2) {
    let (start, end) = (a.center_top(), b.center_top());
    let run_a = start.y - room * 0.5;
    let run_b = end.y - room * 0.5;
    let to_right = (column_x.max - start.x) + (column_x.max - end.x);
    let to_left = (start.x - column_x.min) + (end.x - column_x.min);
    let step = 8.0 + (lane % 3) as f32 * 4.0;
    let margin = if to_right <= to_left {
        column_x.max + step
    } else {
        column_x.min - step
    };
    let points = vec![
        start,
        pos2(start.x, run_a),
        pos2(margin, run_a),
        pos2(margin, run_b),
        pos2(end.x, run_b),
        end,
    ];
    let label_at = pos2((start.x + margin) * 0.5, run_a);
    (ConnectorPath::Route(points.clone()), points, label_at)
}

impl Connectors {
    /// Builds the connectors of the relations touching the annotations on screen.
    /// `anchors` holds each visible annotation's first on-screen rectangle (the view leaves
    /// `room` points free above it); `relations_of` gives the relations that start or end at
    /// an annotation; `excerpt` names an annotation; `column_x` is the text column, whose
    /// margins carry the runs between rows.
    #[allow(clippy::too_many_arguments)]
    pub fn build<'a>(
        anchors: &HashMap<u64, Rect>,
        relations_of: impl Fn(u64) -> Vec<&'a Relation>,
        excerpt: impl Fn(u64) -> String,
        room: f32,
        column_x: egui::Rangef,
        font: &FontId,
        painter: &Painter,
    ) -> Self {
        let mut out = Self::default();
        let mut seen = std::collections::HashSet::new();
        let mut ids: Vec<u64> = anchors.keys().copied().collect();
        ids.sort_unstable();
        let mut lanes = 0usize;
        for id in ids {
            for relation in relations_of(id) {
                if !seen.insert(relation.id) {
                    continue;
                }
                let color = relation_color(&relation.label);
                match (anchors.get(&relation.from), anchors.get(&relation.to)) {
                    (Some(a), Some(b)) => {
                        let (path, points, label_at) = if (a.top() - b.top()).abs() < 1.0 {
                            arch(a, b, room, column_x.span())
                        } else {
                            lanes += 1;
                            route(a, b, room, column_x, lanes - 1)
                        };
                        let label_galley =
                            painter.layout_no_wrap(relation.label.clone(), font.clone(), color);
                        out.connectors.push(Connector {
                            relation: relation.id,
                            from: relation.from,
                            to: relation.to,
                            label: relation.label.clone(),
                            color,
                            path,
                            points,
                            label_at,
                            label_galley,
                        });
                    }
                    (Some(here), None) | (None, Some(here)) => {
                        let (here_id, other) = if anchors.contains_key(&relation.from) {
                            (relation.from, relation.to)
                        } else {
                            (relation.to, relation.from)
                        };
                        let text = format!("{}: {}", relation.label, excerpt(other));
                        let galley = painter.layout_no_wrap(text.clone(), font.clone(), color);
                        let size = galley.size() + vec2(10.0, 2.0);
                        let rect =
                            Rect::from_min_size(pos2(here.left(), here.top() - size.y - 2.0), size);
                        out.markers.push(Marker {
                            relation: relation.id,
                            here: here_id,
                            other,
                            color,
                            text,
                            rect,
                            galley,
                        });
                    }
                    (None, None) => {}
                }
            }
        }
        out
    }

    /// What is under the pointer: a marker first, then the nearest connector within reach.
    pub fn hit(&self, pos: Pos2) -> Option<ConnectorHit> {
        if let Some(m) = self.markers.iter().find(|m| m.rect.contains(pos)) {
            return Some(ConnectorHit::Marker {
                relation: m.relation,
                other: m.other,
            });
        }
        self.connectors
            .iter()
            .map(|c| {
                let d = c
                    .points
                    .windows(2)
                    .map(|w| distance_to_segment(pos, w[0], w[1]))
                    .fold(f32::INFINITY, f32::min);
                (d, c.relation)
            })
            .filter(|(d, _)| *d <= HIT_DISTANCE)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id)| ConnectorHit::Relation(id))
    }

    /// The relation's two ends, if it is drawn as a connector.
    pub fn ends(&self, relation: u64) -> Option<(u64, u64)> {
        self.connectors
            .iter()
            .find(|c| c.relation == relation)
            .map(|c| (c.from, c.to))
    }

    /// Paints every connector and marker; `strong` ones (hovered, selected) thicker.
    pub fn paint(&self, painter: &Painter, background: Color32, strong: &[u64]) {
        for c in &self.connectors {
            let emphasis = strong.contains(&c.relation);
            let width = if emphasis { 3.0 } else { 1.6 };
            let color = if emphasis {
                c.color
            } else {
                c.color.gamma_multiply(0.85)
            };
            let stroke = Stroke::new(width, color);
            match &c.path {
                ConnectorPath::Arch(curve) => {
                    painter.add(CubicBezierShape::from_points_stroke(
                        *curve,
                        false,
                        Color32::TRANSPARENT,
                        stroke,
                    ));
                }
                ConnectorPath::Route(points) => {
                    painter.add(egui::Shape::line(points.clone(), stroke));
                }
            }
            // The arrowhead at the target, pointing down into it.
            let Some(&tip) = c.points.last() else {
                continue;
            };
            let size = if emphasis { 6.0 } else { 4.5 };
            painter.add(egui::Shape::convex_polygon(
                vec![
                    tip,
                    tip + vec2(-size, -size * 1.5),
                    tip + vec2(size, -size * 1.5),
                ],
                color,
                Stroke::NONE,
            ));
            // The name on the arch's top or the route's first run.
            let at = c.label_at;
            let galley = c.label_galley.clone();
            let rect = Rect::from_center_size(at, galley.size() + vec2(8.0, 0.0));
            painter.rect_filled(rect, 4.0, background);
            painter.rect_stroke(
                rect,
                4.0,
                Stroke::new(if emphasis { 1.5 } else { 0.8 }, color),
                StrokeKind::Inside,
            );
            painter.galley(rect.min + vec2(4.0, 0.0), galley, color);
        }
        for m in &self.markers {
            let emphasis = strong.contains(&m.relation);
            painter.rect_filled(m.rect, 4.0, background);
            painter.rect_stroke(
                m.rect,
                4.0,
                Stroke::new(if emphasis { 1.5 } else { 0.8 }, m.color),
                StrokeKind::Inside,
            );
            let at = m.rect.left_center() + Vec2::new(5.0, -m.galley.size().y * 0.5);
            painter.galley(at, m.galley.clone(), m.color);
        }
    }

    /// Moves everything by `delta` (the article scrolled; nothing else changed).
    pub fn translate(&mut self, delta: Vec2) {
        for c in &mut self.connectors {
            match &mut c.path {
                ConnectorPath::Arch(curve) => curve.iter_mut().for_each(|p| *p += delta),
                ConnectorPath::Route(points) => points.iter_mut().for_each(|p| *p += delta),
            }
            c.points.iter_mut().for_each(|p| *p += delta);
            c.label_at += delta;
        }
        for m in &mut self.markers {
            m.rect = m.rect.translate(delta);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_galley() -> Arc<Galley> {
        let ctx = egui::Context::default();
        let mut galley = None;
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            galley = Some(ui.painter().layout_no_wrap(
                "speaker".into(),
                FontId::default(),
                Color32::RED,
            ));
        });
        output.textures_delta.clear();
        galley.unwrap()
    }

    #[test]
    fn a_point_on_the_curve_hits_and_a_point_away_does_not() {
        let curve = [
            pos2(0.0, 100.0),
            pos2(0.0, 60.0),
            pos2(200.0, 60.0),
            pos2(200.0, 100.0),
        ];
        let connectors = Connectors {
            connectors: vec![Connector {
                relation: 7,
                from: 1,
                to: 2,
                label: "speaker".into(),
                color: Color32::RED,
                path: ConnectorPath::Arch(curve),
                points: (0..=24)
                    .map(|i| bezier_at(&curve, i as f32 / 24.0))
                    .collect(),
                label_at: bezier_at(&curve, 0.5),
                label_galley: name_galley(),
            }],
            markers: Vec::new(),
        };
        let top = bezier_at(&curve, 0.5);
        assert_eq!(
            connectors.hit(top + vec2(0.0, 2.0)),
            Some(ConnectorHit::Relation(7))
        );
        assert_eq!(connectors.hit(top + vec2(0.0, 30.0)), None);
        assert_eq!(connectors.ends(7), Some((1, 2)));
    }

    /// Inside the room above a row whose text starts at `top` (a point's tolerance for the
    /// stroke's width).
    fn in_room(y: f32, top: f32, room: f32) -> bool {
        y >= top - room - 0.5 && y <= top + 0.5
    }

    #[test]
    fn an_arch_and_its_name_stay_in_the_room_above_its_row() {
        let room = 20.0;
        let a = Rect::from_min_max(pos2(100.0, 200.0), pos2(160.0, 228.0));
        for far in [180.0, 400.0, 640.0] {
            let b = Rect::from_min_max(pos2(far, 200.0), pos2(far + 50.0, 228.0));
            let (_, points, label) = arch(&a, &b, room, 600.0);
            assert!(points.iter().all(|p| in_room(p.y, 200.0, room)), "{far}");
            // A name 13 points high, centred on its point, stays in the room too.
            assert!(in_room(label.y - 6.5, 200.0, room) && in_room(label.y + 6.5, 200.0, room));
        }
    }

    #[test]
    fn a_route_between_rows_runs_in_their_rooms_and_the_margin_only() {
        let room = 20.0;
        let column = egui::Rangef::new(50.0, 650.0);
        let a = Rect::from_min_max(pos2(500.0, 400.0), pos2(560.0, 428.0));
        let b = Rect::from_min_max(pos2(100.0, 200.0), pos2(160.0, 228.0));
        let (_, points, label) = route(&a, &b, room, column, 0);
        for pair in points.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            let in_margin = !column.contains(p.x) && !column.contains(q.x);
            let in_a = in_room(p.y, 400.0, room) && in_room(q.y, 400.0, room);
            let in_b = in_room(p.y, 200.0, room) && in_room(q.y, 200.0, room);
            assert!(in_margin || in_a || in_b, "{p:?} → {q:?} crosses text");
        }
        assert!(in_room(label.y, 400.0, room));
        assert_eq!(points.last(), Some(&b.center_top()), "ends at the target");
    }

    #[test]
    fn relation_labels_have_distinct_colours() {
        assert_ne!(relation_color("speaker"), relation_color("claimer"));
        assert_eq!(relation_color("cites"), relation_color("cites"));
    }
}
