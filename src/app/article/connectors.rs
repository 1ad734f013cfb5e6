//! Relations drawn in the article: a curved connector from a span to the span it relates to,
//! arching above the text, in the relation label's colour, with the label's name at its top
//! and an arrowhead at the target. A relation whose other end is scrolled out of view is a small
//! marker at the visible end, naming the other span. Only relations of visible spans are
//! built, so a frame costs the same however many relations the set holds.

use std::collections::HashMap;

use egui::epaint::CubicBezierShape;
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, StrokeKind, Vec2, pos2, vec2};

use crate::model::Relation;

/// How close (points) the pointer must be to a connector to hover it.
const HIT_DISTANCE: f32 = 5.0;

/// A relation with both ends on screen.
pub struct Connector {
    pub relation: u64,
    pub from: u64,
    pub to: u64,
    pub label: String,
    pub color: Color32,
    /// The curve's control points (start, two controls, end).
    pub curve: [Pos2; 4],
    /// The curve flattened, for hit-testing.
    pub points: Vec<Pos2>,
}

impl Connector {
    /// The top of the arch, where the label sits.
    pub fn label_point(&self) -> Pos2 {
        bezier_at(&self.curve, 0.5)
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

impl Connectors {
    /// Builds the connectors of the relations touching the annotations on screen.
    /// `anchors` holds each visible annotation's first on-screen rectangle; `relations_of`
    /// gives the relations that start or end at an annotation; `excerpt` names an annotation.
    pub fn build<'a>(
        anchors: &HashMap<u64, Rect>,
        relations_of: impl Fn(u64) -> Vec<&'a Relation>,
        excerpt: impl Fn(u64) -> String,
        line_height: f32,
        font: &FontId,
        painter: &Painter,
    ) -> Self {
        let mut out = Self::default();
        let mut seen = std::collections::HashSet::new();
        let mut ids: Vec<u64> = anchors.keys().copied().collect();
        ids.sort_unstable();
        for id in ids {
            for relation in relations_of(id) {
                if !seen.insert(relation.id) {
                    continue;
                }
                let color = relation_color(&relation.label);
                match (anchors.get(&relation.from), anchors.get(&relation.to)) {
                    (Some(a), Some(b)) => {
                        let start = a.center_top();
                        let end = b.center_top();
                        // Higher arches for longer spans of text, so that crossing relations
                        // part and their labels do not sit on one another.
                        let reach = (end.x - start.x).abs() + (end.y - start.y).abs() * 1.5;
                        let lift = line_height * 0.35 + (reach * 0.06).min(line_height * 1.2);
                        let top = start.y.min(end.y) - lift;
                        let curve = [start, pos2(start.x, top), pos2(end.x, top), end];
                        let points = (0..=24)
                            .map(|i| bezier_at(&curve, i as f32 / 24.0))
                            .collect();
                        out.connectors.push(Connector {
                            relation: relation.id,
                            from: relation.from,
                            to: relation.to,
                            label: relation.label.clone(),
                            color,
                            curve,
                            points,
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
    pub fn paint(&self, painter: &Painter, font: &FontId, background: Color32, strong: &[u64]) {
        for c in &self.connectors {
            let emphasis = strong.contains(&c.relation);
            let width = if emphasis { 3.0 } else { 1.6 };
            let color = if emphasis {
                c.color
            } else {
                c.color.gamma_multiply(0.85)
            };
            painter.add(CubicBezierShape::from_points_stroke(
                c.curve,
                false,
                Color32::TRANSPARENT,
                Stroke::new(width, color),
            ));
            // The arrowhead at the target, pointing down into it.
            let tip = c.curve[3];
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
            // The label at the top of the arch.
            let at = bezier_at(&c.curve, 0.5);
            let galley = painter.layout_no_wrap(c.label.clone(), font.clone(), color);
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
            painter.text(
                m.rect.left_center() + Vec2::new(5.0, 0.0),
                Align2::LEFT_CENTER,
                &m.text,
                font.clone(),
                m.color,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                curve,
                points: (0..=24)
                    .map(|i| bezier_at(&curve, i as f32 / 24.0))
                    .collect(),
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

    #[test]
    fn relation_labels_have_distinct_colours() {
        assert_ne!(relation_color("speaker"), relation_color("claimer"));
        assert_eq!(relation_color("cites"), relation_color("cites"));
    }
}
