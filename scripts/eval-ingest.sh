#!/usr/bin/env bash
# Measures `ingest`'s main-text extraction against Python trafilatura on the same pages in
# the same run: the article-extraction benchmark of Scrapinghub/Zyte (181 real news and blog
# pages with hand-made reference text, MIT licensed), scored as that benchmark's
# evaluate.py scores: precision and recall over 4-word shingles of \w+ tokens, each page's
# counts normalised, averaged over pages, F1 from the averages. Printed for all pages and for
# each half: ids 0-7 (the pages our extractor was tuned on) and 8-f (never looked at).
#
# The benchmark is not in this repository. Point ARTICLE_BENCHMARK at a checkout of
# github.com/scrapinghub/article-extraction-benchmark (or at its bare git directory); the
# script skips, saying so, when it is not set.
#
# Usage: ARTICLE_BENCHMARK=path scripts/eval-ingest.sh
#        EVAL_INGEST_VENV=dir keeps the virtual environment there between runs.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bench="${ARTICLE_BENCHMARK:-}"
if [[ -z "$bench" || ! -e "$bench" ]]; then
    echo "eval-ingest: skipped: set ARTICLE_BENCHMARK to a checkout of scrapinghub/article-extraction-benchmark"
    exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
data="$work/data"
mkdir -p "$data"
if [[ -f "$bench/ground-truth.json" ]]; then
    cp -r "$bench/html" "$bench/ground-truth.json" "$data/"
else
    # A snapshot may lack large unrelated files (git archive then complains): check what
    # arrived instead.
    git --git-dir="$bench" archive HEAD html ground-truth.json 2>/dev/null | tar -x -C "$data" || true
fi
if [[ ! -f "$data/ground-truth.json" ]] || ! ls "$data"/html/*.html.gz >/dev/null 2>&1; then
    echo "eval-ingest: $bench has no html/ and ground-truth.json"
    exit 1
fi
mkdir -p "$data/pages"
for f in "$data"/html/*.html.gz; do
    id="$(basename "$f" .html.gz)"
    gzip -dc "$f" > "$data/pages/$id.html"
done

venv="${EVAL_INGEST_VENV:-$work/venv}"
if [[ ! -x "$venv/bin/python" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet trafilatura lxml_html_clean
fi

# Its own crate and target folder: the core library alone, in release.
CARGO_TARGET_DIR="$root/target/ingest-eval" cargo build --quiet --release \
    --manifest-path scripts/ingest-eval/Cargo.toml
rust_seconds="$("$root/target/ingest-eval/release/press-annotate-ingest-eval" "$data/pages" "$work/ours.json")"

"$venv/bin/python" - "$data" "$work/ours.json" "$rust_seconds" <<'PY'
import json, re, statistics, sys, time
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import trafilatura

data, ours_path, rust_seconds = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
truth = json.loads((data / "ground-truth.json").read_text(encoding="utf8"))
pages = {p.stem: p.read_text(encoding="utf8") for p in sorted((data / "pages").glob("*.html"))}
assert pages.keys() == truth.keys(), "pages and ground truth differ"

start = time.perf_counter()
theirs = {k: trafilatura.extract(html, include_comments=False) or "" for k, html in pages.items()}
py_seconds = time.perf_counter() - start
ours = {k: v["articleBody"] for k, v in json.loads(ours_path.read_text(encoding="utf8")).items()}

TOKEN = re.compile(r"\w+", re.UNICODE)

def shingles(text, n=4):
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])

def tp_fp_fn(true, pred):
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for key in set(t) | set(p):
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc); fp += max(0, pc - tc); fn += max(0, tc - pc)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s > 0 else (tp, fp, fn)

def precision(tp, fp, fn):
    return 1.0 if fp == fn == 0 else 0.0 if tp == fp == 0 else tp / (tp + fp)

def recall(tp, fp, fn):
    return 1.0 if fp == fn == 0 else 0.0 if tp == fn == 0 else tp / (tp + fn)

def score(pred, keys):
    counts = [tp_fp_fn(truth[k].get("articleBody", ""), pred[k]) for k in keys]
    p = statistics.mean(precision(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(recall(*c) for c in counts if c[0] + c[2] > 0)
    return 2 * p * r / (p + r), p, r

# Our extractor's rules were tuned looking at pages whose ids start with 0-7 (the "dev"
# half); pages 8-f were not looked at: their score is the one to trust for unseen pages.
subsets = {
    "all": list(truth),
    "dev 0-7": [k for k in truth if k[0] in "01234567"],
    "unseen 8-f": [k for k in truth if k[0] not in "01234567"],
}
n = len(pages)
print(f"{n} pages (article-extraction-benchmark), shingle F1 as its evaluate.py")
print(f"{'':<26} {'pages':<11} {'n':>4} {'F1':>6} {'prec.':>6} {'recall':>6} {'pages/s':>9}")
for name, pred, secs in [
    ("press-annotate ingest", ours, rust_seconds),
    (f"trafilatura {version('trafilatura')}", theirs, py_seconds),
]:
    for subset, keys in subsets.items():
        f1, p, r = score(pred, keys)
        speed = f"{n / secs:9.1f}" if subset == "all" else ""
        print(f"{name:<26} {subset:<11} {len(keys):>4} {f1:6.3f} {p:6.3f} {r:6.3f} {speed}".rstrip())
print(f"speed ratio: {py_seconds / rust_seconds:.1f}x")
PY
