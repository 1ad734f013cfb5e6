#!/usr/bin/env sh
# Installs press-annotate from this unpacked tarball into ~/.local, as Zed's Linux tarball
# does: the app folder as ~/.local/press-annotate.app, the command linked into ~/.local/bin,
# and the desktop entry, icons, file type, man page and completions where the desktop and
# the shells look for a user's own. `./install.sh uninstall` removes them again.
set -eu

app_id="io.github.pressannotate.PressAnnotate"
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
app="$HOME/.local/press-annotate.app"

uninstall() {
    rm -rf "$app"
    rm -f "$HOME/.local/bin/press-annotate" \
        "$data/applications/$app_id.desktop" \
        "$data/metainfo/$app_id.metainfo.xml" \
        "$data/mime/packages/$app_id.xml" \
        "$data/icons/hicolor/scalable/apps/$app_id.svg" \
        "$data/bash-completion/completions/press-annotate" \
        "$data/zsh/site-functions/_press-annotate" \
        "${XDG_CONFIG_HOME:-$HOME/.config}/fish/completions/press-annotate.fish"
    for size in 16 32 48 64 128 256 512; do
        rm -f "$data/icons/hicolor/${size}x${size}/apps/$app_id.png"
    done
    rm -f "$data/man/man1"/press-annotate*.1.gz
    refresh
    echo "press-annotate removed"
}

# The desktop's caches, where their tools are installed (none is needed to run the app).
refresh() {
    if command -v update-mime-database >/dev/null 2>&1 && [ -d "$data/mime/packages" ]; then
        update-mime-database "$data/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$data/applications" ]; then
        update-desktop-database "$data/applications" >/dev/null 2>&1 || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache --quiet "$data/icons/hicolor" >/dev/null 2>&1 || true
    fi
}

install() {
    if [ "$here" != "$app" ]; then
        rm -rf "$app"
        mkdir -p "$app"
        cp -R "$here/." "$app/"
    fi
    mkdir -p "$HOME/.local/bin" "$data/applications" "$data/metainfo" "$data/mime/packages" \
        "$data/man/man1" "$data/bash-completion/completions" "$data/zsh/site-functions" \
        "${XDG_CONFIG_HOME:-$HOME/.config}/fish/completions"
    ln -sf "$app/bin/press-annotate" "$HOME/.local/bin/press-annotate"
    # The menu runs the binary by its full path: ~/.local/bin is not always on the desktop's PATH.
    sed "s|^Exec=press-annotate|Exec=$app/bin/press-annotate|" \
        "$app/share/applications/$app_id.desktop" >"$data/applications/$app_id.desktop"
    cp "$app/share/metainfo/$app_id.metainfo.xml" "$data/metainfo/"
    cp "$app/share/mime/packages/$app_id.xml" "$data/mime/packages/"
    cp -R "$app/share/icons" "$data/"
    cp "$app/share/man/man1"/*.1.gz "$data/man/man1/"
    cp "$app/share/bash-completion/completions/press-annotate" "$data/bash-completion/completions/"
    cp "$app/share/zsh/vendor-completions/_press-annotate" "$data/zsh/site-functions/"
    cp "$app/share/fish/vendor_completions.d/press-annotate.fish" \
        "${XDG_CONFIG_HOME:-$HOME/.config}/fish/completions/"
    refresh
    echo "press-annotate installed into $app"
    case ":$PATH:" in
        *":$HOME/.local/bin:"*) ;;
        *) echo "To run press-annotate from a terminal, add ~/.local/bin to your PATH:"
           echo "   echo 'export PATH=\$HOME/.local/bin:\$PATH' >> ~/.bashrc" ;;
    esac
    echo "zsh completion: add ~/.local/share/zsh/site-functions to fpath before compinit."
}

case "${1:-install}" in
    install) install ;;
    uninstall) uninstall ;;
    *) echo "usage: install.sh [install|uninstall]" >&2; exit 2 ;;
esac
