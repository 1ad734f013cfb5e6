#!/usr/bin/env bash
# Checks `press-annotate agree` against the tools it must agree with: bratiaa (instance- and
# token-based F1 per label, per document, overall), scikit-learn (Cohen's kappa per pair) and
# the krippendorff package (nominal alpha), to 1e-9, on a generated folder of articles with
# the sets of three annotators (examples/agreement_corpus.rs).
#
# The folder is exported with our brat export once per annotator (`--annotator NAME`) into
# one sub-folder per annotator with annotation.conf at the root, as bratiaa expects; the
# CoNLL export of each annotator and layer gives the tokens and tags for kappa and alpha.
# Then scripts/check_agreement.py compares, in a virtual environment this script makes.
#
# Usage: scripts/check-agreement.sh            (builds with cargo if needed)
#        PRESS_ANNOTATE=path/to/binary scripts/check-agreement.sh
#        CHECK_AGREEMENT_VENV=dir keeps the virtual environment there between runs.
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
venv="${CHECK_AGREEMENT_VENV:-$work/venv}"

corpus="$work/corpus"
cargo run --quiet --example agreement_corpus -- "$corpus" 40 11
annotators=(alice bob carol)

echo "exporting $corpus with $binary"
mkdir -p "$work/brat" "$work/conll"
for who in "${annotators[@]}"; do
    "$binary" export --format brat --annotator "$who" --out "$work/brat/$who" "$corpus"
    for layer in entity quote claim; do
        "$binary" export --format conll --layer "$layer" --annotator "$who" \
            --out "$work/conll/$who.$layer.conll" "$corpus"
    done
done
cp "$work/brat/alice/annotation.conf" "$work/brat/annotation.conf"
"$binary" agree --json "$corpus" > "$work/instance.json"
"$binary" agree --json --tokens "$corpus" > "$work/token.json"

if [[ ! -x "$venv/bin/python" ]]; then
    echo "making a Python virtual environment in $venv"
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "bratiaa==0.1.4" "scikit-learn>=1.3" "krippendorff==0.9.0"

"$venv/bin/python" "$root/scripts/check_agreement.py" "$work" "${annotators[@]}"
