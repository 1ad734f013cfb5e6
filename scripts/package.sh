#!/usr/bin/env bash
# Builds the Linux packages from a clean checkout:
#   target/dist/press-annotate_VERSION_ARCH.deb          (cargo-deb; Cargo.toml's [package.metadata.deb])
#   target/dist/press-annotate-VERSION-linux-ARCH.tar.gz (unpack, then ./install.sh into ~/.local)
# Installs cargo-deb when it is missing. The man pages and completions come from the clap
# definitions (examples/dist_assets.rs); the icons are the committed PNGs in assets/icons/.
#
#   scripts/package.sh                 the release build (what users get)
#   scripts/package.sh --profile dev   the dev build the tests made (what .ci/run checks: a
#                                      clean release build would add about 10 minutes to CI)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

app_id="io.github.pressannotate.PressAnnotate"
version="$(cargo metadata --no-deps --format-version 1 --offline 2>/dev/null \
  | sed -n 's/.*"name":"press-annotate","version":"\([^"]*\)".*/\1/p')"
[ -n "$version" ] || version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
deb_arch="$(dpkg --print-architecture 2>/dev/null || uname -m)"
arch="$(uname -m)"
dist=target/dist
assets=target/dist-assets

profile=release
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="${2:?--profile needs a name}"; shift 2 ;;
    *) echo "usage: scripts/package.sh [--profile release|dev]" >&2; exit 2 ;;
  esac
done
case "$profile" in
  release) bin=target/release/press-annotate ;;
  dev) bin=target/debug/press-annotate ;;
  *) echo "scripts/package.sh: unknown profile $profile (release or dev)" >&2; exit 2 ;;
esac

# Pinned: a later cargo-deb may refuse the dev profile (3.8 warns).
cargo_deb_version=3.8.0
if ! cargo deb --version 2>/dev/null | grep -q "$cargo_deb_version"; then
  echo "== installing cargo-deb $cargo_deb_version"
  cargo install --locked --version "$cargo_deb_version" cargo-deb
fi

echo "== $profile build"
cargo build --profile "$profile" --locked

echo "== man pages and completions from the command line's definitions"
rm -rf "$assets"
# The dev profile: an example builds the dev-dependencies too, which the tests built already.
cargo run --locked --example dist_assets -- "$assets"
gzip -9n "$assets"/man/*.1

rm -rf "$dist"
mkdir -p "$dist"

echo "== the Debian package"
deb="$dist/press-annotate_${version}_${deb_arch}.deb"
cargo deb --no-build --locked --profile "$profile" --output "$deb"

echo "== the tarball"
name="press-annotate-${version}-linux-${arch}"
stage="$dist/$name"
mkdir -p "$stage/bin" "$stage/share/applications" "$stage/share/metainfo" \
  "$stage/share/mime/packages" "$stage/share/man/man1" "$stage/share/icons/hicolor/scalable/apps" \
  "$stage/share/bash-completion/completions" "$stage/share/zsh/vendor-completions" \
  "$stage/share/fish/vendor_completions.d"
install -m 755 -s "$bin" "$stage/bin/press-annotate"
install -m 755 packaging/linux/install.sh "$stage/"
install -m 644 "packaging/linux/$app_id.desktop" "$stage/share/applications/"
install -m 644 "packaging/linux/$app_id.metainfo.xml" "$stage/share/metainfo/"
install -m 644 "packaging/linux/$app_id.mime.xml" "$stage/share/mime/packages/$app_id.xml"
install -m 644 assets/icons/press-annotate.svg "$stage/share/icons/hicolor/scalable/apps/$app_id.svg"
for size in 16 32 48 64 128 256 512; do
  mkdir -p "$stage/share/icons/hicolor/${size}x${size}/apps"
  install -m 644 "assets/icons/${size}x${size}.png" "$stage/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
install -m 644 "$assets"/man/*.1.gz "$stage/share/man/man1/"
install -m 644 "$assets/completions/press-annotate.bash" "$stage/share/bash-completion/completions/press-annotate"
install -m 644 "$assets/completions/_press-annotate" "$stage/share/zsh/vendor-completions/"
install -m 644 "$assets/completions/press-annotate.fish" "$stage/share/fish/vendor_completions.d/"
install -m 644 README.md assets/kerry-lavrov-syria.txt "$stage/"
tar -C "$dist" -czf "$dist/$name.tar.gz" --owner=0 --group=0 "$name"
rm -rf "$stage"

ls -l "$dist"
