//! The provenance header above an ingested article: its headline, outlet, date, byline and
//! a link to the page it came from (from the article's `.source.ron` sidecar).

use egui::{RichText, Ui};

use crate::ingest::Provenance;

/// The line under the headline: outlet · date · byline, the parts the source gave.
pub fn byline_parts(p: &Provenance) -> Vec<String> {
    let date = p
        .published
        .as_deref()
        // `2024-05-01T09:30:00Z` → `2024-05-01`: the day is what a reader checks.
        .map(|d| d.split_once('T').map_or(d, |(day, _)| day).to_owned());
    [
        p.site.clone(),
        date,
        p.byline.as_deref().map(|b| format!("by {b}")),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.trim().is_empty())
    .collect()
}

/// Whether the article has a header to show: a sidecar that says where it came from, or one
/// that could not be read (a text only converted to UTF-8 has no page to name).
pub fn has_header(provenance: &Result<Option<Provenance>, String>) -> bool {
    match provenance {
        Ok(None) => false,
        Ok(Some(p)) => p.title.is_some() || p.url.is_some() || !byline_parts(p).is_empty(),
        Err(_) => true,
    }
}

/// The header's contents.
pub fn show(ui: &mut Ui, provenance: &Result<Option<Provenance>, String>) {
    match provenance {
        Ok(None) => {}
        Err(error) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Where this article came from is unknown: {error}"),
            );
        }
        Ok(Some(p)) => {
            if let Some(title) = &p.title {
                ui.label(RichText::new(title).strong());
            }
            ui.horizontal_wrapped(|ui| {
                let parts = byline_parts(p);
                if !parts.is_empty() {
                    ui.label(RichText::new(parts.join(" · ")).weak());
                }
                if let Some(url) = &p.url {
                    if !parts.is_empty() {
                        ui.label(RichText::new("·").weak());
                    }
                    // Only web addresses are links: a `file:` or `javascript:` URL from a
                    // page is shown, never followed.
                    if url.starts_with("https://") || url.starts_with("http://") {
                        ui.hyperlink_to(url, url)
                            .on_hover_text("Open the page in the browser");
                    } else {
                        ui.label(url);
                    }
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byline_says_outlet_day_and_author_that_are_known() {
        let p = Provenance {
            site: Some("The Coastal Herald".into()),
            published: Some("2024-05-01T09:30:00Z".into()),
            byline: Some("Jane Doe".into()),
            ..Provenance::default()
        };
        assert_eq!(
            byline_parts(&p),
            ["The Coastal Herald", "2024-05-01", "by Jane Doe"]
        );
        let only_site = Provenance {
            site: Some("herald.example".into()),
            ..Provenance::default()
        };
        assert_eq!(byline_parts(&only_site), ["herald.example"]);
    }
}
