//! The relations of the visible paragraphs, as connectors (laid out in
//! [`crate::app::article::connectors`]).

use std::collections::HashMap;
use std::ops::Range;

use egui::{FontId, Pos2, Rangef, Rect, Ui};

use super::{ArticleView, ConnectorsKey, ViewInput};
use crate::app::article::connectors::{Connectors, arc_label_size, arc_room};
use crate::text::excerpt;

impl ArticleView {
    /// The connectors of the relations touching the visible paragraphs' annotations.
    pub(super) fn build_connectors(
        &mut self,
        ui: &Ui,
        visible: &Range<usize>,
        input: &ViewInput<'_>,
        column_x: Rangef,
        origin: &dyn Fn(usize) -> Pos2,
    ) {
        let doc = input.doc;
        // Built once for what is on screen and kept while nothing changes; scrolling only
        // moves them.
        let at = origin(visible.start);
        let cache = ConnectorsKey {
            revision: doc.revision(),
            visible: visible.clone(),
            layout: self.key,
            tops_version: self.tops_version,
            column_width: column_x.span(),
            left: column_x.min,
        };
        if self.connectors_key.as_ref() == Some(&cache) {
            let delta = at - self.connectors_origin;
            if delta != egui::Vec2::ZERO {
                self.connectors.translate(delta);
                self.connectors_origin = at;
            }
            return;
        }
        self.connectors_key = Some(cache);
        self.connectors_origin = at;
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
        let font = FontId::proportional(arc_label_size(input.font_size));
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
            arc_room(input.font_size),
            column_x,
            &font,
            ui.painter(),
        );
    }

    /// The relations drawn in the last frame (tests click on them as a user does).
    pub fn connectors(&self) -> &Connectors {
        &self.connectors
    }
}
