#!/usr/bin/env bash
# Renders assets/icons/press-annotate.svg to the PNG sizes of the hicolor icon theme
# (assets/icons/NxN.png). The PNGs are committed, so building and packaging need no tool;
# run this after changing the SVG. Needs rsvg-convert (Debian's librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/.."
for size in 16 32 48 64 128 256 512; do
  rsvg-convert --width "$size" --height "$size" assets/icons/press-annotate.svg \
    --output "assets/icons/${size}x${size}.png"
done
ls -l assets/icons/*.png
