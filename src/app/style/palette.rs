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

/// Annotators' own colours (compare and adjudication draw each annotator's spans in theirs):
/// colour-blind-safe hues from Okabe and Ito's and Paul Tol's palettes, leaving out the reds,
/// oranges and yellows that the focus outline uses. Lighter variants in the dark theme.
const ANNOTATORS_LIGHT: [[u8; 3]; 8] = [
    [0x00, 0x72, 0xB2], // blue
    [0x00, 0x9E, 0x73], // bluish green
    [0xAA, 0x44, 0x88], // purple
    [0x33, 0x22, 0x88], // indigo
    [0x88, 0x88, 0x22], // olive
    [0x88, 0x22, 0x55], // wine
    [0x33, 0x99, 0x88], // teal
    [0x44, 0x88, 0xCC], // sky
];
const ANNOTATORS_DARK: [[u8; 3]; 8] = [
    [0x56, 0xB4, 0xE9], // sky blue
    [0x2E, 0xCC, 0x9A], // bluish green
    [0xE0, 0x8F, 0xC0], // reddish purple
    [0xAA, 0x99, 0xFF], // indigo, lightened
    [0xBB, 0xBB, 0x55], // olive, lightened
    [0xEE, 0x77, 0x99], // wine, lightened
    [0x66, 0xCC, 0xBB], // teal
    [0x99, 0xCC, 0xEE], // pale sky
];

/// The colour of the annotator at `index` in the article's list of annotators (sorted, gold
/// left out); the same annotator has the same colour in compare and adjudication.
pub fn annotator_color(index: usize, dark: bool) -> Color32 {
    let table = if dark {
        &ANNOTATORS_DARK
    } else {
        &ANNOTATORS_LIGHT
    };
    let [r, g, b] = table[index % table.len()];
    Color32::from_rgb(r, g, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG's relative luminance.
    fn luminance(c: Color32) -> f32 {
        let channel = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }

    fn contrast(a: Color32, b: Color32) -> f32 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn annotators_have_distinct_colours_that_stand_out_on_either_theme() {
        for dark in [false, true] {
            let background = if dark {
                egui::Visuals::dark().panel_fill
            } else {
                egui::Visuals::light().panel_fill
            };
            let colours: Vec<Color32> = (0..8).map(|i| annotator_color(i, dark)).collect();
            for (i, &c) in colours.iter().enumerate() {
                // WCAG's 3:1 for graphics, against the article's background.
                assert!(
                    contrast(c, background) >= 3.0,
                    "annotator {i} ({c:?}, dark {dark}): contrast {}",
                    contrast(c, background)
                );
                assert_ne!(c, focus(dark), "annotator {i} looks like the focus outline");
                for &other in &colours[..i] {
                    assert_ne!(c, other);
                }
            }
            // A ninth annotator wraps around rather than panicking.
            assert_eq!(annotator_color(8, dark), colours[0]);
        }
    }
}
