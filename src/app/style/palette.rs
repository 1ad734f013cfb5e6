//! Highlight colours: each label's colour from the schema, with entity types (and any label's
//! `type` attribute) in distinct shades of that one hue, tuned for light and dark themes.

use egui::Color32;
use egui::ecolor::Hsva;

use crate::model::Annotation;
use crate::schema::Schema;

/// Lightness steps for the values of a `type` attribute: the first value keeps the label's
/// colour, the others are darker or lighter shades of the same hue.
const SHADES: [(f32, f32); 6] = [
    (1.0, 1.0),
    (1.15, 0.70),
    (0.55, 1.20),
    (0.30, 0.95),
    (1.30, 0.55),
    (0.75, 1.35),
];

/// The label's base colour (grey for a label the schema does not know).
pub fn label_color(schema: &Schema, label: &str) -> Color32 {
    schema
        .label(label)
        .and_then(|l| crate::schema::parse_color(&l.color))
        .map_or(Color32::GRAY, |[r, g, b]| Color32::from_rgb(r, g, b))
}

/// The colour of a label with a given `type` value (its shade of the label's hue).
pub fn shade(schema: &Schema, label: &str, type_value: Option<&str>) -> Color32 {
    let base = label_color(schema, label);
    let index = type_value
        .and_then(|value| {
            schema
                .label(label)?
                .attributes
                .iter()
                .find(|a| a.name == "type")?
                .values
                .iter()
                .position(|v| v == value)
        })
        .unwrap_or(0);
    if index == 0 {
        return base;
    }
    let (saturation, value) = SHADES[index % SHADES.len()];
    let mut hsva = Hsva::from(base);
    hsva.s = (hsva.s * saturation).clamp(0.15, 1.0);
    hsva.v = (hsva.v * value).clamp(0.25, 1.0);
    Color32::from(hsva)
}

/// The solid colour of an annotation (swatches, bars, outlines).
pub fn annotation_color(schema: &Schema, annotation: &Annotation) -> Color32 {
    shade(schema, &annotation.label, annotation.attribute("type"))
}

/// The article's body text: more contrast than egui's interface text, for long reading.
pub fn reading_text(dark_mode: bool) -> Color32 {
    if dark_mode {
        Color32::from_gray(218)
    } else {
        Color32::from_gray(28)
    }
}

/// The translucent fill behind highlighted text, readable in either theme.
pub fn fill(color: Color32, dark_mode: bool) -> Color32 {
    let alpha = if dark_mode { 0.42 } else { 0.30 };
    color.gamma_multiply(alpha)
}

/// The outline of what the keys act on now (the current difference, disagreement or
/// suggestion).
pub fn focus(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(255, 210, 90)
    } else {
        Color32::from_rgb(200, 60, 20)
    }
}
