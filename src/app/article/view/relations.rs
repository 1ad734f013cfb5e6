//! The relations of the visible paragraphs, as connectors (laid out in
//! [`crate::app::article::connectors`]).

use std::collections::HashMap;
use std::ops::Range;

use egui::{FontId, Pos2, Rect, Ui};

use super::{ArticleView, LINE_HEIGHT, ViewInput};
use crate::app::article::connectors::Connectors;
use crate::text::excerpt;

impl ArticleView {
    /// The connectors of the relations touching the visible paragraphs' annotations.
    pub(super) fn build_connectors(
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
}
