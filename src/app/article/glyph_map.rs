//! Where each char of a paragraph was drawn.
//!
//! egui's galley keeps one glyph per char for most text, but not always: a shaper may turn one
//! char into several glyphs (Arabic letters with hamza, some Indic vowels) and right-to-left
//! runs come out in visual order. Highlights and hit-testing must stay exact anyway, so this
//! map matches glyphs back to the chars they came from, by the char each glyph carries,
//! instead of trusting glyph index = char index.

use egui::{Galley, Pos2, Rect};

/// `galley` with `room` points of space above each row of `rows` (sorted): the rows that carry
/// relations get room for their connectors, so that no connector covers text. Laid out once,
/// moved row by row.
pub fn with_room_above(galley: &Galley, rows: &[u32], room: f32) -> Galley {
    let mut out = galley.clone();
    let mut offset = 0.0;
    for (i, row) in out.rows.iter_mut().enumerate() {
        if rows.binary_search(&(i as u32)).is_ok() {
            offset += room;
        }
        row.pos.y += offset;
    }
    out.rect.max.y += offset;
    out.mesh_bounds.max.y += offset;
    out
}

/// How far ahead of the first unmatched char a glyph's char is looked for (a right-to-left
/// run comes out reversed, so its first glyph is its last char).
const LOOKAHEAD: usize = 512;

/// The box of one char: its row and horizontal extent, in galley coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CharBox {
    pub row: u32,
    pub x0: f32,
    pub x1: f32,
}

#[derive(Clone, Debug, Default)]
pub struct GlyphMap {
    boxes: Vec<CharBox>,
    /// Each row's vertical extent.
    rows: Vec<(f32, f32)>,
}

impl GlyphMap {
    /// Maps the chars of `text` (the galley's text) to the galley's glyphs.
    pub fn new(galley: &Galley, text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let rows: Vec<(f32, f32)> = galley.rows.iter().map(|r| (r.min_y(), r.max_y())).collect();
        let glyphs: Vec<(u32, char, f32, f32)> = galley
            .rows
            .iter()
            .enumerate()
            .flat_map(|(r, placed)| {
                placed.row.glyphs.iter().map(move |g| {
                    let x0 = placed.pos.x + g.pos.x;
                    (r as u32, g.chr, x0, x0 + g.advance_width)
                })
            })
            .collect();
        let mut boxes: Vec<Option<CharBox>> = vec![None; chars.len()];
        let identity =
            glyphs.len() == chars.len() && glyphs.iter().zip(&chars).all(|(g, c)| g.1 == *c);
        if identity {
            for (i, &(row, _, x0, x1)) in glyphs.iter().enumerate() {
                boxes[i] = Some(CharBox { row, x0, x1 });
            }
        } else {
            let mut first_free = 0usize;
            let mut last = 0usize;
            for &(row, chr, x0, x1) in &glyphs {
                let window = first_free..(first_free + LOOKAHEAD).min(chars.len());
                let found = window
                    .into_iter()
                    .find(|&i| boxes[i].is_none() && chars[i] == chr);
                match found {
                    Some(i) => {
                        boxes[i] = Some(CharBox { row, x0, x1 });
                        last = i;
                    }
                    // A second glyph of the same char (a shaper's decomposition): widen it.
                    None => {
                        if let Some(b) = boxes.get_mut(last).and_then(Option::as_mut)
                            && b.row == row
                        {
                            b.x0 = b.x0.min(x0);
                            b.x1 = b.x1.max(x1);
                        }
                    }
                }
                while first_free < chars.len() && boxes[first_free].is_some() {
                    first_free += 1;
                }
            }
        }
        // A char no glyph claimed sits, zero-wide, where the previous one ends.
        let mut previous = CharBox {
            row: 0,
            x0: 0.0,
            x1: 0.0,
        };
        let boxes = boxes
            .into_iter()
            .map(|b| {
                let b = b.unwrap_or(CharBox {
                    row: previous.row,
                    x0: previous.x1,
                    x1: previous.x1,
                });
                previous = b;
                b
            })
            .collect();
        Self { boxes, rows }
    }

    /// The rectangle of char `index`.
    pub fn char_rect(&self, index: usize) -> Option<Rect> {
        let b = self.boxes.get(index)?;
        let (y0, y1) = *self.rows.get(b.row as usize)?;
        Some(Rect::from_x_y_ranges(b.x0..=b.x1, y0..=y1))
    }

    /// The rectangles (one per row) covering chars `range`.
    pub fn range_rects(&self, range: std::ops::Range<usize>) -> Vec<Rect> {
        let mut per_row: Vec<(u32, f32, f32)> = Vec::new();
        for b in self
            .boxes
            .get(range.start..range.end.min(self.boxes.len()))
            .unwrap_or(&[])
        {
            match per_row.iter_mut().find(|(row, _, _)| *row == b.row) {
                Some((_, x0, x1)) => {
                    *x0 = x0.min(b.x0);
                    *x1 = x1.max(b.x1);
                }
                None => per_row.push((b.row, b.x0, b.x1)),
            }
        }
        per_row
            .into_iter()
            .filter(|(_, x0, x1)| x1 > x0)
            .filter_map(|(row, x0, x1)| {
                let (y0, y1) = *self.rows.get(row as usize)?;
                Some(Rect::from_x_y_ranges(x0..=x1, y0..=y1))
            })
            .collect()
    }

    /// The row holding char `index`.
    pub fn row_of(&self, index: usize) -> Option<u32> {
        self.boxes.get(index).map(|b| b.row)
    }

    /// The same map with `room` points of space above each row of `rows` (sorted): those rows
    /// and every row after them move down, as the galley made with
    /// [`with_room_above`] does.
    pub fn with_room_above(&self, rows: &[u32], room: f32) -> Self {
        let mut offset = 0.0;
        let rows = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, &(y0, y1))| {
                if rows.binary_search(&(i as u32)).is_ok() {
                    offset += room;
                }
                (y0 + offset, y1 + offset)
            })
            .collect();
        Self {
            boxes: self.boxes.clone(),
            rows,
        }
    }

    /// The top of the row holding char `index`.
    pub fn row_top(&self, index: usize) -> f32 {
        self.boxes
            .get(index)
            .and_then(|b| self.rows.get(b.row as usize))
            .map_or(0.0, |r| r.0)
    }

    /// Where a caret at boundary `index` is drawn: a zero-wide rectangle as tall as its row
    /// (after the last char for the paragraph's end).
    pub fn caret_rect(&self, index: usize) -> Rect {
        let (row, x) = match (
            self.boxes.get(index),
            index.checked_sub(1).and_then(|i| self.boxes.get(i)),
        ) {
            (Some(b), _) => (b.row, b.x0),
            (None, Some(b)) => (b.row, b.x1),
            (None, None) => (0, 0.0),
        };
        let (y0, y1) = self.rows.get(row as usize).copied().unwrap_or((0.0, 0.0));
        Rect::from_x_y_ranges(x..=x, y0..=y1)
    }

    /// The boundaries where the row holding boundary `index` starts and ends (Home, End): the
    /// end stays before a space the row wrapped at.
    pub fn row_bounds(&self, index: usize, text: &str) -> (usize, usize) {
        let Some(at) = self
            .boxes
            .get(index)
            .or(index.checked_sub(1).and_then(|i| self.boxes.get(i)))
        else {
            return (0, 0);
        };
        let row = at.row;
        let start = self.boxes.iter().position(|b| b.row == row).unwrap_or(0);
        let end = self
            .boxes
            .iter()
            .rposition(|b| b.row == row)
            .map_or(start, |i| i + 1);
        let wrapped_at_space =
            end < self.boxes.len() && text.chars().nth(end - 1).is_some_and(char::is_whitespace);
        (start, if wrapped_at_space { end - 1 } else { end })
    }

    /// What is at `pos` (galley coordinates): the char boundary nearest to it, and the char
    /// whose glyph is under it, if any.
    pub fn hit(&self, pos: Pos2) -> (usize, Option<usize>) {
        if self.boxes.is_empty() {
            return (0, None);
        }
        let row = self
            .rows
            .iter()
            .position(|&(_, y1)| pos.y < y1)
            .unwrap_or(self.rows.len().saturating_sub(1)) as u32;
        let in_row = self.boxes.iter().enumerate().filter(|(_, b)| b.row == row);
        let mut first_in_row = None;
        let mut last_in_row = None;
        for (i, b) in in_row {
            first_in_row.get_or_insert(i);
            last_in_row = Some(i);
            if b.x1 > b.x0 && pos.x >= b.x0 && pos.x < b.x1 {
                let boundary = if pos.x < (b.x0 + b.x1) / 2.0 {
                    i
                } else {
                    i + 1
                };
                return (boundary, Some(i));
            }
        }
        let (Some(first), Some(last)) = (first_in_row, last_in_row) else {
            return (self.boxes.len(), None);
        };
        let left = self.boxes[first].x0;
        if pos.x < left {
            (first, None)
        } else {
            (last + 1, None)
        }
    }
}
