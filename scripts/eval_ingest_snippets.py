"""Helper of scripts/eval-ingest-snippets.sh (read its header for what is measured).

prepare TESTS_DIR PAGES_DIR IDS.json
    copies every page of TESTS_DIR/evaldata.json into PAGES_DIR as ID.html and writes the
    ID -> {url, file} mapping; files are looked up as trafilatura's eval_common.resolve does
    (tests/cache first, then tests/eval).
score TESTS_DIR PAGES_DIR IDS.json OURS.json RUST_SECONDS WORST
    runs trafilatura on the same pages, scores both as eval_common.py does, prints the table.
"""

import json
import re
import shutil
import sys
import time
from functools import partial
from importlib.metadata import version
from pathlib import Path


def norm(text):
    "eval_common.norm: whitespace-normalised so ws variants don't cost recall."
    return re.sub(r"\s+", " ", text).strip()


def resolve(tests, filename):
    "eval_common.resolve: tests/cache, then tests/eval."
    for subdir in ("cache", "eval"):
        path = tests / subdir / filename
        if path.is_file():
            return path
    return None


def prepare(tests, pages, ids_path):
    evaldata = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    pages.mkdir(parents=True, exist_ok=True)
    ids, missing = {}, []
    for i, url in enumerate(sorted(evaldata)):
        path = resolve(tests, evaldata[url]["file"])
        if path is None:
            missing.append(evaldata[url]["file"])
            continue
        key = f"{i:04d}"
        shutil.copyfile(path, pages / f"{key}.html")
        ids[key] = {"url": url, "file": evaldata[url]["file"]}
    ids_path.write_text(json.dumps({"ids": ids, "missing": missing}), encoding="utf-8")


def count_item(item, result):
    "eval_common.count_item: (tp, fp, fn, tn) by normalised substring match; None = full miss."
    if isinstance(result, str):
        resn = norm(result)
        tp = sum(1 for w in item["with"] if norm(w) in resn)
        fp = sum(1 for w in item["without"] if norm(w) in resn)
    else:
        tp = fp = 0
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def scores(tp, fp, fn, tn):
    "eval_common.ConfusionMatrix.scores: precision, recall, accuracy, f1."
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    total = tp + tn + fp + fn
    accuracy = (tp + tn) / total if total else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0
    return precision, recall, accuracy, f1


def headlines(html_bytes):
    "Normalised texts of the page's <title> and <h1> elements (to spot headline snippets)."
    from trafilatura.utils import load_html

    tree = load_html(html_bytes)
    if tree is None:
        return []
    return [norm(e.text_content()) for e in tree.iter("title", "h1") if e.text_content().strip()]


def score(tests, pages, ids_path, ours_path, rust_seconds, worst):
    import trafilatura

    evaldata = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    mapping = json.loads(ids_path.read_text(encoding="utf-8"))
    ids, missing = mapping["ids"], mapping["missing"]
    ours = {k: v["articleBody"] for k, v in json.loads(ours_path.read_text(encoding="utf-8")).items()}
    docs = {key: (pages / f"{key}.html").read_bytes() for key in ids}
    items = {key: evaldata[ids[key]["url"]] for key in ids}

    runners = {
        # as scripts/eval-ingest.sh calls it; evaluate.py's "trafilatura" row is the same call
        # (include_tables=True and include_formatting=False are the defaults for text)
        "trafilatura": partial(trafilatura.extract, include_comments=False),
        # evaluate.py's "trafilatura fast" row
        "trafilatura fast": partial(
            trafilatura.extract, fast=True, include_comments=False, include_tables=True, include_formatting=False
        ),
    }
    results, seconds, errors = {}, {}, {}
    for name, fn in runners.items():
        results[name], errors[name] = {}, []
        seconds[name] = 0.0
        for key, html in docs.items():
            start = time.perf_counter()
            try:
                results[name][key] = fn(html)
            except Exception as exc:  # a crash is a full miss, as in eval_common.run_and_count
                results[name][key] = None
                errors[name].append(f"{ids[key]['file']}: {type(exc).__name__}: {exc}")
            seconds[name] += time.perf_counter() - start

    rows = [("press-annotate ingest", ours, rust_seconds)]
    rows += [(f"{name} {version('trafilatura')}", results[name], seconds[name]) for name in runners]
    n = len(docs)
    print(
        f"{n} pages of trafilatura's evaluation set (tests/evaldata.json), "
        f"{sum(len(i['with']) for i in items.values())} 'with' and "
        f"{sum(len(i['without']) for i in items.values())} 'without' snippets, scored as eval_common.py"
    )
    if missing:
        print(f"missing files (not scored): {len(missing)}: {', '.join(missing[:10])}")
    print(f"{'extractor':<26} {'pages':>5} {'prec.':>6} {'recall':>6} {'acc.':>6} {'F1':>6} {'pages/s':>8} {'empty':>5}")
    for name, pred, secs in rows:
        totals = [0, 0, 0, 0]
        for key in docs:
            for j, c in enumerate(count_item(items[key], pred.get(key))):
                totals[j] += c
        p, r, a, f = scores(*totals)
        empty = sum(1 for key in docs if not (pred.get(key) or "").strip())
        print(f"{name:<26} {n:>5} {p:6.3f} {r:6.3f} {a:6.3f} {f:6.3f} {n / secs:8.1f} {empty:>5}")
    print(
        f"speed ratio: ours is {seconds['trafilatura'] / rust_seconds:.1f}x trafilatura, "
        f"{seconds['trafilatura fast'] / rust_seconds:.1f}x trafilatura fast"
    )
    for name in runners:
        for err in errors[name][:5]:
            print(f"{name} failed: {err}")

    # Headline snippets: "with" snippets inside the page's <title> or <h1>.
    theirs = results["trafilatura"]
    in_head = ours_miss = 0
    for key, item in items.items():
        heads = headlines(docs[key])
        for w in item["with"]:
            if any(norm(w) in h for h in heads):
                in_head += 1
                if norm(w) not in norm(ours.get(key) or "") and norm(w) in norm(theirs.get(key) or ""):
                    ours_miss += 1
    print(
        f"headline snippets: {in_head} 'with' snippets lie in the page's <title>/<h1>; "
        f"{ours_miss} of them ours misses and trafilatura finds"
    )

    # Pages where ours misses most "with" snippets that trafilatura finds.
    losses = []
    for key, item in items.items():
        o, t = norm(ours.get(key) or ""), norm(theirs.get(key) or "")
        lost = [w for w in item["with"] if norm(w) in t and norm(w) not in o]
        extra_fp = [w for w in item["without"] if norm(w) in o and norm(w) not in t]
        if lost:
            losses.append((len(lost), len(extra_fp), key, lost, extra_fp))
    losses.sort(key=lambda x: (-x[0], -x[1], x[2]))
    print(f"pages where ours misses 'with' snippets trafilatura finds: {len(losses)}; worst {worst}:")
    for nlost, _, key, lost, extra_fp in losses[:worst]:
        heads = headlines(docs[key])
        print(f"  {ids[key]['file']} ({ids[key]['url']}): {nlost}/{len(items[key]['with'])} lost, ours {len(norm(ours.get(key) or ''))} chars")
        for w in lost:
            tag = " [headline]" if any(norm(w) in h for h in heads) else ""
            print(f"    - {norm(w)[:90]!r}{tag}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "prepare":
        prepare(Path(args[0]), Path(args[1]), Path(args[2]))
    elif cmd == "score":
        score(Path(args[0]), Path(args[1]), Path(args[2]), Path(args[3]), float(args[4]), int(args[5]))
    else:
        sys.exit(f"unknown command {cmd}")
