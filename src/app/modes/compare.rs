//! Compare mode (View → Compare with…): another annotator's set of the open article drawn
//! over one's own, read-only, as dashed outlines; the differences ([`crate::compare`]) listed
//! in a panel under the text, F4 / Shift+F4 stepping through them.

use std::ops::Range;

use egui::{Color32, RichText, Ui};

use crate::app::article::overlays::{Overlay, OverlayStyle, Overlays};
use crate::app::input::command::Command;
use crate::app::modes::error::ModeError;
use crate::app::style::palette;
use crate::compare::{Difference, DifferenceKind, differences};
use crate::document::Document;
use crate::model::AnnotationSet;
use crate::store;
use crate::text::excerpt;

use crate::annotator::display_name;

/// The other annotators who have a set of the article at `source` (not `me`), sorted.
pub fn other_annotators(source: &std::path::Path, me: Option<&str>) -> Vec<String> {
    store::annotation_files_of(source)
        .into_iter()
        .map(|(_, name)| name)
        .filter(|name| name.as_deref() != me)
        .map(Option::unwrap_or_default)
        .collect()
}

/// Where `annotator` stands among the article's annotators (every set but gold, in the order
/// [`crate::adjudicate::Adjudication::load`] reads them): the index of their colour
/// ([`palette::annotator_color`]), the same in compare and adjudication.
pub fn annotator_index(source: &std::path::Path, annotator: &str) -> usize {
    store::annotation_files_of(source)
        .into_iter()
        .map(|(_, name)| name)
        .filter(|name| name.as_deref() != Some(crate::adjudicate::GOLD))
        .position(|name| name.as_deref().unwrap_or_default() == annotator)
        .unwrap_or(0)
}

pub struct CompareMode {
    /// Whose set is compared with (`""`: the set without a name).
    pub annotator: String,
    /// Their colour's index ([`annotator_index`]).
    color_index: usize,
    pub theirs: AnnotationSet,
    differences: Vec<Difference>,
    /// The document revision the differences were computed for.
    computed_for: Option<u64>,
    /// The difference the keys act on (an index into the list).
    pub current: Option<usize>,
    overlays: Overlays,
    overlays_for: Option<(u64, Option<usize>, bool)>,
}

impl CompareMode {
    /// Reads `annotator`'s set of the open article (re-anchored on it if the article changed).
    pub fn open(doc: &Document, annotator: &str) -> Result<Self, ModeError> {
        let name = (!annotator.is_empty()).then_some(annotator);
        let loaded = store::load(&doc.source_path, name)?;
        if loaded.file_sha256.is_none() {
            return Err(ModeError::NoSetOf {
                annotator: annotator.to_owned(),
            });
        }
        let mut mode = Self {
            color_index: annotator_index(&doc.source_path, annotator),
            annotator: annotator.to_owned(),
            theirs: loaded.set,
            differences: Vec::new(),
            computed_for: None,
            current: None,
            overlays: Overlays::default(),
            overlays_for: None,
        };
        mode.refresh(doc);
        Ok(mode)
    }

    /// Computes the differences again if the document changed since.
    pub fn refresh(&mut self, doc: &Document) {
        if self.computed_for == Some(doc.revision()) {
            return;
        }
        self.differences = differences(doc.set(), &self.theirs);
        self.computed_for = Some(doc.revision());
        self.current = self
            .current
            .map(|c| c.min(self.differences.len().saturating_sub(1)))
            .filter(|_| !self.differences.is_empty());
    }

    pub fn differences(&self) -> &[Difference] {
        &self.differences
    }

    /// The next (or previous) difference after `from` (a char offset: the selection or the
    /// current difference), wrapping around; its range.
    pub fn step(&mut self, forward: bool) -> Option<Range<usize>> {
        if self.differences.is_empty() {
            return None;
        }
        let n = self.differences.len();
        let next = match (self.current, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(c), true) => (c + 1) % n,
            (Some(c), false) => (c + n - 1) % n,
        };
        self.current = Some(next);
        Some(self.differences[next].range.clone())
    }

    /// Makes difference `index` the current one; its range.
    pub fn go_to(&mut self, index: usize) -> Option<Range<usize>> {
        let range = self.differences.get(index)?.range.clone();
        self.current = Some(index);
        Some(range)
    }

    /// The colour their spans are dashed in.
    pub fn color(&self, dark: bool) -> Color32 {
        palette::annotator_color(self.color_index, dark)
    }

    /// Their spans that differ, dashed in their own colour (as in adjudication), and the
    /// current difference outlined strong. Rebuilt when the document, the current difference or
    /// the theme changes.
    pub fn overlays(&mut self, doc: &Document, dark: bool) -> &Overlays {
        self.refresh(doc);
        let key = (doc.revision(), self.current, dark);
        if self.overlays_for != Some(key) {
            let focus = palette::focus(dark);
            let theirs = self.color(dark);
            let mut out: Vec<Overlay> = self
                .differences
                .iter()
                .filter_map(|d| d.theirs)
                .filter_map(|id| self.theirs.annotation(id))
                .map(|a| Overlay {
                    range: a.range(),
                    color: theirs,
                    style: OverlayStyle::Dashed,
                })
                .collect();
            if let Some(d) = self.current.and_then(|c| self.differences.get(c)) {
                out.push(Overlay {
                    range: d.range.clone(),
                    color: focus,
                    style: OverlayStyle::Focus,
                });
            }
            self.overlays = Overlays::new(out);
            self.overlays_for = Some(key);
        }
        &self.overlays
    }

    /// The panel under the text: whom it compares with, and the differences as a list.
    pub fn show(&mut self, ui: &mut Ui, doc: &Document, commands: &mut Vec<Command>) {
        self.refresh(doc);
        ui.horizontal(|ui| {
            // One label (its text is what a screen reader reads), the name in their colour.
            let mut job = egui::text::LayoutJob::default();
            let style = ui.style().clone();
            let mut part = |text: RichText| {
                text.strong().append_to(
                    &mut job,
                    &style,
                    egui::FontSelection::Default,
                    egui::Align::Center,
                );
            };
            part(RichText::new("Compared with "));
            part(
                RichText::new(display_name(&self.annotator))
                    .color(self.color(ui.visuals().dark_mode)),
            );
            part(RichText::new(format!(
                ": {} difference{}",
                self.differences.len(),
                if self.differences.len() == 1 { "" } else { "s" }
            )));
            ui.label(job);
            ui.weak(
                "their spans dashed in their colour · F4 / Shift+F4 next / previous · Enter takes theirs",
            );
            if ui
                .add_enabled(self.current.is_some(), egui::Button::new("Take theirs"))
                .on_hover_text("Enter: their version of this difference into your set")
                .clicked()
            {
                commands.push(Command::TakeTheirs);
            }
            if ui
                .add_enabled(
                    !self.differences.is_empty(),
                    egui::Button::new("Take all theirs"),
                )
                .on_hover_text("Ctrl+Shift+Enter: their version of every difference (one undo)")
                .clicked()
            {
                commands.push(Command::TakeAllTheirs);
            }
            if ui.button("Stop comparing").clicked() {
                commands.push(Command::CompareWith(None));
            }
        });
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        egui::ScrollArea::vertical()
            .id_salt("differences")
            .auto_shrink([false, false])
            .show_rows(ui, row_height, self.differences.len(), |ui, rows| {
                for i in rows {
                    let d = &self.differences[i];
                    let describe = |set: &AnnotationSet, id: Option<u64>| {
                        id.and_then(|id| set.annotation(id)).map(|a| {
                            let (flat, _) = crate::labels::flat_label(&a.label, &a.attributes);
                            format!("{flat} “{}”", excerpt(&a.text, 40))
                        })
                    };
                    let mine = describe(doc.set(), d.mine).unwrap_or_else(|| "—".into());
                    let theirs = describe(&self.theirs, d.theirs).unwrap_or_else(|| "—".into());
                    let kind = match d.kind {
                        DifferenceKind::Missing => {
                            RichText::new("missing").color(Color32::from_rgb(200, 80, 40))
                        }
                        DifferenceKind::Extra => {
                            RichText::new("extra").color(Color32::from_rgb(40, 120, 200))
                        }
                        other => RichText::new(other.describe()),
                    };
                    let text = format!("mine: {mine}   theirs: {theirs}");
                    ui.horizontal(|ui| {
                        ui.add_sized([110.0, row_height], egui::Label::new(kind));
                        if ui.selectable_label(self.current == Some(i), text).clicked() {
                            commands.push(Command::GoToDifference(i));
                        }
                    });
                }
            });
    }
}
