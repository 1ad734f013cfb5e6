#!/usr/bin/env bash
# Checks the packages scripts/package.sh built, as a user without Rust would get them (run by
# .ci/run as root; needs apt-get, desktop-file-utils, appstream, man-db, xvfb, xdotool):
# the .deb installed with apt-get, its command, man page, completions, desktop entry, icons,
# file type and metainfo, its shared-library dependencies declared, the real-window smoke test
# with the installed binary and no cargo on PATH, then removed; then the tarball's install.sh
# into a fresh HOME, the same checks, and its uninstall.
set -euo pipefail
cd "$(dirname "$0")/.."

app_id="io.github.pressannotate.PressAnnotate"
deb="$(ls target/dist/press-annotate_*.deb)"
tarball="$(ls target/dist/press-annotate-*-linux-*.tar.gz)"
# A PATH without Rust: the system's directories only.
no_rust="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
if env PATH="$no_rust" sh -c 'command -v cargo || command -v rustc'; then
  echo "cargo or rustc is on the system PATH; the no-Rust checks would prove nothing" >&2
  exit 1
fi
fail() { echo "check-package: $*" >&2; exit 1; }

# The real-window test binary, built here, run below with an installed app and no cargo.
window_test="$(cargo test --features window-e2e --test window_e2e --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"executable":"\([^"]*window_e2e[^"]*\)".*/\1/p' | tail -n 1)"
[ -x "$window_test" ] || fail "no window_e2e test binary"
smoke() { # BINARY [HOME]: open the sample article, find, label, save; read the file back
  env -i PATH="$no_rust" HOME="${2:-/root}" PRESS_ANNOTATE_BIN="$1" \
    "$window_test" --exact find_label_and_save_in_a_real_window --test-threads 1
}

echo "== the .deb: $deb"
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Architecture\|Depends\|Recommends\|Installed-Size\):/  \1:/p'
apt-get install -y -q "./$deb" >/dev/null
version_line="$(env -i PATH="$no_rust" press-annotate --version)"
echo "  $version_line"
case "$version_line" in "press-annotate "*" (annotation format "*")") ;; *) fail "--version: $version_line" ;; esac
[ "$(command -v press-annotate)" = /usr/bin/press-annotate ] || fail "not in /usr/bin"
man -w press-annotate >/dev/null || fail "man -w press-annotate finds nothing"
MANPAGER=cat MANWIDTH=100 man press-annotate 2>/dev/null | grep -q "annotation" || fail "man page text"
man -w press-annotate-validate >/dev/null || fail "no man page for a subcommand"
bash -c 'source /usr/share/bash-completion/completions/press-annotate && complete -p press-annotate' >/dev/null \
  || fail "bash completion does not load"
# Tab after "press-annotate vali" completes the subcommand.
completes="$(bash -c 'source /usr/share/bash-completion/completions/press-annotate
  COMP_WORDS=(press-annotate vali); COMP_CWORD=1; COMP_LINE="press-annotate vali"; COMP_POINT=${#COMP_LINE}
  _press__annotate press-annotate vali press-annotate; echo "${COMPREPLY[*]}"')"
[ "$completes" = validate ] || fail "Tab after 'press-annotate vali' gives '$completes', not validate"
[ -s /usr/share/zsh/vendor-completions/_press-annotate ] || fail "zsh completion"
[ -s /usr/share/fish/vendor_completions.d/press-annotate.fish ] || fail "fish completion"
desktop-file-validate "/usr/share/applications/$app_id.desktop"
# The menu entry runs the installed command and shows the installed icon.
entry="/usr/share/applications/$app_id.desktop"
exec_name="$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$entry")"
[ "$(env -i PATH="$no_rust" sh -c "command -v $exec_name")" = /usr/bin/press-annotate ] || fail "Exec=$exec_name"
icon="$(sed -n 's/^Icon=//p' "$entry")"
[ -s "/usr/share/icons/hicolor/256x256/apps/$icon.png" ] && [ -s "/usr/share/icons/hicolor/scalable/apps/$icon.svg" ] \
  || fail "no installed icon named $icon"
appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml" >/dev/null
for size in 16 32 48 64 128 256 512; do
  [ -s "/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png" ] || fail "icon ${size}x${size}"
done
# shared-mime-info's trigger compiled the type: *.annotations.ron is ours.
grep -q "application/x-press-annotations:\*.annotations.ron" /usr/share/mime/globs2 \
  || fail "the MIME type was not registered"
# Every library the binary links comes from a package the .deb depends on ($auto).
depends="$(dpkg-query -W -f='${Depends}' press-annotate)"
for lib in $(ldd /usr/bin/press-annotate | awk '$3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do
  real="$(readlink -f "$lib")"
  pkg="$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$real" 2>/dev/null || true)"
  pkg="${pkg%%:*}"
  [ -n "$pkg" ] || fail "$lib is from no package"
  case ", $depends," in *", $pkg "*|*", $pkg,"*|*"| $pkg "*|*"| $pkg,"*) echo "  ldd: $lib from $pkg (declared)" ;;
    *) fail "$lib comes from $pkg, which the .deb does not depend on ($depends)" ;; esac
done
echo "== the installed app in a real window (Xvfb), no cargo on PATH"
smoke /usr/bin/press-annotate
apt-get remove -y -q press-annotate >/dev/null
[ ! -e /usr/bin/press-annotate ] || fail "apt-get remove left /usr/bin/press-annotate"
[ ! -e "/usr/share/applications/$app_id.desktop" ] || fail "apt-get remove left the desktop entry"

echo "== the tarball: $tarball"
home="$(mktemp -d /tmp/press-annotate-home-XXXXXX)"
trap 'rm -rf "$home"' EXIT
tar -xzf "$tarball" -C "$home"
unpacked="$(ls -d "$home"/press-annotate-*-linux-*)"
env -i HOME="$home" PATH="$no_rust" sh "$unpacked/install.sh"
rm -rf "$unpacked"
user_path="$home/.local/bin:$no_rust"
[ "$(env -i HOME="$home" PATH="$user_path" press-annotate --version)" = "$version_line" ] \
  || fail "the tarball's press-annotate --version differs"
env -i HOME="$home" PATH="$user_path" man -w press-annotate | grep -q "^$home/.local/share/man/" \
  || fail "man does not find the tarball's man page"
desktop-file-validate "$home/.local/share/applications/$app_id.desktop"
grep -q "^Exec=$home/.local/press-annotate.app/bin/press-annotate %f$" \
  "$home/.local/share/applications/$app_id.desktop" || fail "the desktop entry's Exec"
[ -s "$home/.local/share/icons/hicolor/256x256/apps/$app_id.png" ] || fail "tarball icon"
[ -s "$home/.local/share/bash-completion/completions/press-annotate" ] || fail "tarball bash completion"
[ -s "$home/.config/fish/completions/press-annotate.fish" ] || fail "tarball fish completion"
[ -s "$home/.local/share/zsh/site-functions/_press-annotate" ] || fail "tarball zsh completion"
echo "== the tarball's app in a real window (Xvfb), no cargo on PATH"
smoke "$home/.local/bin/press-annotate" "$home"
env -i HOME="$home" PATH="$no_rust" sh "$home/.local/press-annotate.app/install.sh" uninstall
[ ! -e "$home/.local/bin/press-annotate" ] && [ ! -e "$home/.local/press-annotate.app" ] \
  && [ ! -e "$home/.local/share/applications/$app_id.desktop" ] || fail "uninstall left files"
echo "packages checked"
