//! The window's identity on the desktop: the application id (the Wayland `app_id`, the X11
//! `WM_CLASS`, the name of the desktop entry, the icon and the AppStream metainfo under
//! `packaging/linux/`) and the window icon, the 256 px PNG rendered from
//! `assets/icons/press-annotate.svg`.

use std::path::PathBuf;

/// The reverse-DNS application id, the same everywhere the desktop looks for the app.
pub const APP_ID: &str = "io.github.pressannotate.PressAnnotate";

/// The icon, embedded so the binary needs no file beside it.
const ICON_PNG: &[u8] = include_bytes!("../../assets/icons/256x256.png");

/// The window icon; `None` (the desktop's default icon) if the embedded PNG cannot be decoded,
/// which the test below rules out.
pub fn icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(ICON_PNG).ok()
}

/// Where eframe keeps the window's settings: the folder it used before the app had its
/// reverse-DNS id (`~/.local/share/press-annotate/app.ron` on Linux), so settings are kept.
pub fn persistence_path() -> Option<PathBuf> {
    eframe::storage_dir("press-annotate").map(|dir| dir.join("app.ron"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_icon_decodes_to_a_256_pixel_square() {
        let icon = icon().expect("the embedded PNG decodes");
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }

    #[test]
    fn the_app_id_is_reverse_dns_as_the_desktop_file_names_it() {
        let desktop = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("packaging/linux")
            .join(format!("{APP_ID}.desktop"));
        let text = std::fs::read_to_string(&desktop)
            .unwrap_or_else(|e| panic!("{}: {e}", desktop.display()));
        assert!(text.contains(&format!("Icon={APP_ID}\n")), "{text}");
        assert_eq!(APP_ID.split('.').count(), 4);
    }
}
