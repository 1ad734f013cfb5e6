#!/usr/bin/env bash
# Measures `ingest`'s main-text extraction against Python trafilatura on a second, independent
# benchmark: trafilatura's own evaluation set (tests/evaldata.json of github.com/adbar/trafilatura,
# about 1000 real pages, each with up to 6 "with" snippets that must be in the main text and up
# to 6 "without" snippets (navigation, comments, footers...) that must not be). Scored as its
# tests/eval_common.py scores: a snippet counts when its whitespace-normalised text
# (re.sub(r"\s+", " ").strip()) is a substring of the whitespace-normalised extraction;
# TP = "with" found, FN = "with" missed, FP = "without" found, TN = "without" absent, summed
# over all pages; precision, recall, accuracy and F1 from the sums (its METRICS).
#
# Home advantage: trafilatura was developed and tuned on this very set (its CI gates on it);
# our extractor was never tuned on it, nor looked at while writing its rules.
#
# Both sides get the raw bytes of each page and decode them themselves (ours with
# ingest::charset, trafilatura with its own detection, as evaluate.py feeds it bytes), one page
# at a time, timed in the same run. trafilatura is called as scripts/eval-ingest.sh calls it,
# extract(page, include_comments=False); evaluate.py's own "trafilatura" row adds
# include_tables=True and include_formatting=False, which for text output are the defaults,
# so that row is the same call; its "trafilatura fast" row (fast=True) is printed as well.
#
# Titles: our articleBody starts after the headline, and trafilatura.extract without metadata
# does not prepend the title either (a heading inside its main content may stay). A few
# "with" snippets are the page's headline; the script counts those (snippets found in the
# page's <title> or <h1>) and how many of them ours misses but trafilatura finds.
#
# Usage: TRAFILATURA_REPO=path scripts/eval-ingest-snippets.sh
#        TRAFILATURA_REPO is a checkout of adbar/trafilatura or its bare git directory;
#        EVAL_INGEST_VENV=dir keeps the virtual environment there between runs;
#        EVAL_SNIPPETS_WORST=n lists the n pages where ours misses most snippets that
#        trafilatura finds (default 5).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

repo="${TRAFILATURA_REPO:-}"
if [[ -z "$repo" || ! -e "$repo" ]]; then
    echo "eval-ingest-snippets: skipped: set TRAFILATURA_REPO to a checkout of adbar/trafilatura"
    exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
data="$work/data"
mkdir -p "$data"
if [[ -f "$repo/tests/evaldata.json" ]]; then
    cp -r "$repo/tests" "$data/"
else
    git --git-dir="$repo" archive HEAD tests/evaldata.json tests/cache tests/eval 2>/dev/null \
        | tar -x -C "$data" || true
fi
if [[ ! -f "$data/tests/evaldata.json" ]]; then
    echo "eval-ingest-snippets: $repo has no tests/evaldata.json"
    exit 1
fi

venv="${EVAL_INGEST_VENV:-$work/venv}"
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet trafilatura lxml_html_clean
fi

# Pages copied as ID.html (ID = index of the URL in sorted order), mapping kept in ids.json.
"$venv/bin/python" "$root/scripts/eval_ingest_snippets.py" prepare "$data/tests" "$data/pages" "$data/ids.json"

# Its own crate and target folder: the core library alone, in release.
CARGO_TARGET_DIR="$root/target/ingest-eval" nice cargo build --quiet --release \
    --manifest-path scripts/ingest-eval/Cargo.toml
rust_seconds="$("$root/target/ingest-eval/release/press-annotate-ingest-eval" "$data/pages" "$work/ours.json")"

"$venv/bin/python" "$root/scripts/eval_ingest_snippets.py" score "$data/tests" "$data/pages" \
    "$data/ids.json" "$work/ours.json" "$rust_seconds" "${EVAL_SNIPPETS_WORST:-5}"
