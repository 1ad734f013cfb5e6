//! The screen of an open article: the toolbar, find bar, status bar, the mode's review panel,
//! the side panel and the article view, laid out around the text.

use egui::Ui;

use crate::app::article::view::ArticleView;
use crate::app::panels::conflicts;
use crate::app::panels::side::SidePanel;
use crate::app::panels::toolbar::Toolbar;

use crate::app::input::command::Command;
use crate::app::input::label_slots::toolbar_labels;
use crate::app::modes::suggestions;
use crate::app::state::session::Session;
use crate::app::state::settings::Settings;

/// The article screen's widgets with their caches (layouts, counts), built for one session:
/// another session (another article, or the same one opened again) gets fresh ones.
#[derive(Default)]
pub struct ArticleWidgets {
    /// The [`Session::serial`] these caches belong to.
    session: Option<u64>,
    pub view: ArticleView,
    pub side: SidePanel,
    pub toolbar: Toolbar,
}

impl ArticleWidgets {
    /// The widgets of `session`, fresh if they were another session's.
    pub fn of(&mut self, session: &Session) -> &mut Self {
        if self.session != Some(session.serial) {
            *self = Self {
                session: Some(session.serial),
                ..Self::default()
            };
        }
        self
    }

    /// The article view, if it is `session`'s.
    pub fn view_of(&self, session: &Session) -> Option<&ArticleView> {
        (self.session == Some(session.serial)).then_some(&self.view)
    }
}

/// The toolbar, find bar, status bar, side panel and article view of the open article.
pub fn show_article(
    ui: &mut Ui,
    session: &mut Session,
    widgets: &mut ArticleWidgets,
    settings: &Settings,
    annotator: Option<&str>,
    commands: &mut Vec<Command>,
) {
    let link_targets: Option<Vec<String>> = session.link_targets().map(<[String]>::to_vec);
    let ArticleWidgets {
        view,
        side,
        toolbar,
        ..
    } = widgets.of(session);
    if let Some(char) = session.scroll_request.take() {
        view.scroll_to(char);
    }
    if std::mem::take(&mut session.reveal_caret) {
        view.reveal_caret();
    }
    let Session {
        doc,
        find,
        selection,
        selected,
        selected_relation,
        linking,
        message,
        save_error,
        mode,
        conflict,
        caret,
        caret_request,
        provenance,
        ..
    } = session;
    let sources = settings.suggestion_sources();
    if let Some(found) = mode.suggestions_made(doc) {
        found.refresh(doc, sources);
        if found.is_searching() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(30));
        }
    }
    let labels = toolbar_labels(&doc.schema);
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.add_space(2.0);
        ui.horizontal(|ui| {
            toolbar.show(ui, doc, &labels, commands);
            if let Some(s) = mode.suggestions() {
                ui.separator();
                suggestions::show_toggles(ui, s, settings, commands);
            }
        });
        ui.add_space(2.0);
    });
    if crate::app::panels::provenance::has_header(provenance) {
        egui::Panel::top("provenance").show(ui, |ui| {
            ui.add_space(3.0);
            crate::app::panels::provenance::show(ui, provenance);
            ui.add_space(3.0);
        });
    }
    if find.open {
        find.update(&doc.source_path, &doc.article);
        egui::Panel::top("find").show(ui, |ui| {
            crate::app::panels::find_bar::show(find, ui, selection.as_ref(), commands);
        });
    }
    egui::Panel::bottom("status").show(ui, |ui| {
        crate::app::panels::status_bar::show(
            ui,
            &crate::app::panels::status_bar::StatusInput {
                doc,
                selection: selection.as_ref(),
                selected: *selected,
                autosave: settings.autosave,
                annotator,
                save_error: save_error.as_deref(),
                message: message.as_deref(),
            },
            commands,
        );
    });
    if mode.has_review_panel() {
        egui::Panel::bottom("review")
            .resizable(true)
            .default_size(170.0)
            .min_size(90.0)
            .show(ui, |ui| {
                ui.add_space(4.0);
                mode.show_review_panel(ui, doc, commands);
            });
    }
    // Hidden from the View menu, the side panel still shows while the set has conflicts with
    // the disk: a merge waiting for a decision is never out of sight.
    let side_shown = settings.show_side_panel || !doc.conflicts().is_empty();
    if side_shown {
        let width = (ui.ctx().content_rect().width() * 0.28).clamp(220.0, 320.0);
        egui::Panel::right("side")
            .resizable(true)
            .default_size(width)
            .min_size(220.0)
            .show(ui, |ui| {
                ui.add_space(4.0);
                if !doc.conflicts().is_empty() {
                    conflicts::show(ui, doc, *conflict, commands);
                    ui.separator();
                }
                if selected.is_none()
                    && let Some(suggestions) = mode.suggestions()
                {
                    crate::app::modes::suggestions::show_current(ui, suggestions, doc, commands);
                }
                side.show(
                    ui,
                    doc,
                    *selected,
                    *selected_relation,
                    selection.as_ref(),
                    commands,
                );
            });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        let dark = ui.visuals().dark_mode;
        let overlays = mode.overlays(doc, sources, dark);
        let (matches, match_len): (&[usize], usize) = if find.open {
            (&find.matches, find.match_len)
        } else {
            (&[], 0)
        };
        view.show(
            ui,
            &crate::app::article::view::ViewInput {
                doc,
                selection: selection.clone(),
                selected: *selected,
                matches,
                match_len,
                linking_from: linking.as_ref().map(|(from, _)| *from),
                link_targets: link_targets.as_deref(),
                selected_relation: *selected_relation,
                caret: *caret,
                caret_request: *caret_request,
                font_size: settings.font_size,
                overlays,
            },
            commands,
        );
    });
}
