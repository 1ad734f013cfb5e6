//! Where keys go: to the article, or to the floating window (Labels, Export, Statistics…) the
//! user last clicked in. While in a window, the article's single-key shortcuts (label letters,
//! digits, Enter, Delete) wait, as they do while a text field has the focus; Esc still closes
//! the window, and shortcuts with Ctrl still work.

/// The floating window the user last clicked in, while it is open.
#[derive(Default)]
pub struct KeyboardFocus {
    window: Option<egui::LayerId>,
}

impl KeyboardFocus {
    /// Follows the user's clicks: a press in a floating window (egui's middle layer) takes
    /// the keys there; a press anywhere else, or the window closing, gives them back.
    pub fn follow(&mut self, ctx: &egui::Context) {
        let pressed_at = ctx.input(|i| {
            i.pointer
                .any_pressed()
                .then(|| i.pointer.interact_pos())
                .flatten()
        });
        if let Some(pos) = pressed_at {
            self.window = ctx
                .layer_id_at(pos)
                .filter(|layer| layer.order == egui::Order::Middle);
        }
        if let Some(layer) = self.window
            && !ctx.memory(|m| m.areas().is_visible(&layer))
        {
            self.window = None;
        }
    }

    /// Whether the keys are in a floating window.
    pub fn in_window(&self) -> bool {
        self.window.is_some()
    }

    /// Something of the article was chosen: keys go back to it.
    pub fn back_to_article(&mut self) {
        self.window = None;
    }
}
