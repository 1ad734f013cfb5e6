#!/usr/bin/env bash
# Checks every export format with the tool that consumes it: spaCy (jsonl, Doc.char_span;
# jsonl --tokens rebuilt as a Doc from words and spaces, spans with strict alignment; CoNLL
# through `python -m spacy convert -c ner`), the label-studio-sdk converter (JSON_MIN and
# CONLL2003 on the Label Studio export), pybrat (brat standoff), seqeval (CoNLL IOB2), and
# UTF-16 slicing for doccano. Exports the sample article and the mixed-script article (flags,
# joined emoji, combining marks, CJK, Arabic, BOM + CRLF) from tests/golden/input into a
# temporary folder, then runs scripts/check_exports.py in a virtual environment that this
# script makes. Then checks the suggestions' pattern matcher against spaCy's entity_ruler
# (scripts/check_patterns.py): `suggest --only patterns --json` and spaCy on the same articles
# with tests/suggest-patterns/patterns.jsonl must find the same spans, and spaCy's entities
# must still be those in tests/suggest-patterns/spacy-entities.jsonl (which
# tests/suggest_patterns.rs compares with the matcher without Python).
#
# Usage: scripts/check-exports.sh            (builds the binary with cargo if needed)
#        PRESS_ANNOTATE=path/to/binary scripts/check-exports.sh
#        CHECK_EXPORTS_VENV=dir keeps the virtual environment there between runs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

binary="${PRESS_ANNOTATE:-}"
if [[ -z "$binary" ]]; then
    cargo build --quiet --bin press-annotate
    binary="$root/target/debug/press-annotate"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
venv="${CHECK_EXPORTS_VENV:-$work/venv}"

input="$root/tests/golden/input"
out="$work/exports"
mkdir -p "$out"
echo "exporting $input with $binary"
"$binary" export --format jsonl --out "$out/out.jsonl" "$input"
"$binary" export --format jsonl --tokens --out "$out/out.tokens.jsonl" "$input"
"$binary" export --format doccano --out "$out/out.doccano.jsonl" "$input"
"$binary" export --format label-studio --out "$out/out.label-studio.json" "$input"
"$binary" export --format brat --out "$out/brat" "$input"
"$binary" export --format conll --layer entity --out "$out/out.conll" "$input"
"$binary" export --format csv --out "$out/out.csv" "$input"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "making a Python virtual environment in $venv"
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "spacy==3.8.18" "seqeval==1.2.2" "pybrat==0.1.7" "label-studio-sdk==2.1.2"

"$venv/bin/python" "$root/scripts/check_exports.py" "$out"

# Suggestions: our EntityRuler-style matcher against spaCy's (offsets in code points on both
# sides).
patterns_dir="$work/patterns"
mkdir -p "$patterns_dir"
cp "$root"/tests/suggest-gold/*.txt "$root"/tests/suggest-patterns/*.txt \
    "$root/tests/suggest-patterns/patterns.jsonl" "$patterns_dir/"
"$binary" suggest --only patterns --json "$patterns_dir" >"$work/patterns.ours.jsonl"
"$venv/bin/python" "$root/scripts/check_patterns.py" "$patterns_dir" "$work/patterns.ours.jsonl" \
    --write "$work/spacy-entities.jsonl"
if ! cmp -s "$work/spacy-entities.jsonl" "$root/tests/suggest-patterns/spacy-entities.jsonl"; then
    echo "spaCy's entities differ from tests/suggest-patterns/spacy-entities.jsonl:"
    diff "$root/tests/suggest-patterns/spacy-entities.jsonl" "$work/spacy-entities.jsonl" || true
    exit 1
fi
echo "patterns: spaCy's entity_ruler and press-annotate agree"
