#!/usr/bin/env bash
# Measures quote and speaker suggestions on real press text: 64 news articles of the
# Scrapinghub/Zyte article-extraction benchmark (its hand-made reference texts of real news
# pages, MIT licensed), annotated by hand for this purpose with every quote, its speaker and
# every mention of each speaker (scripts/speaker-eval/gold/, offsets only: the texts are not
# in this repository; guidelines in scripts/speaker-eval/README.md). Forty-six articles are
# the development part, eighteen are held out (annotated blind after the rules were fitted;
# their errors were never looked at to change the rules).
#
# Prints, per half and for all: direct quotes' precision and recall (exact spans), speakers
# right, and what `suggest --only quote --apply` writes: entities created that are speakers,
# typed right, and speaker links that are right.
#
# Usage: ARTICLE_BENCHMARK=path scripts/eval-speakers.sh [--details dev|heldout|all]
#        (a checkout of github.com/scrapinghub/article-extraction-benchmark or its bare git
#        directory; skipped, saying so, when not set). PRESS_ANNOTATE_BIN picks the binary
#        (default: target/release/press-annotate, built when missing).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bench="${ARTICLE_BENCHMARK:-}"
if [[ -z "$bench" || ! -e "$bench" ]]; then
    echo "eval-speakers: skipped: set ARTICLE_BENCHMARK to a checkout of scrapinghub/article-extraction-benchmark"
    exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [[ -f "$bench/ground-truth.json" ]]; then
    cp "$bench/ground-truth.json" "$work/"
else
    git --git-dir="$bench" show HEAD:ground-truth.json > "$work/ground-truth.json"
fi
bin="${PRESS_ANNOTATE_BIN:-target/release/press-annotate}"
if [[ ! -x "$bin" ]]; then
    cargo build --release --quiet
fi
python3 scripts/speaker-eval/score.py "$work/ground-truth.json" scripts/speaker-eval/gold "$(realpath "$bin")" "$work/run" "$@"
