#!/usr/bin/env python3
"""Turns a hand-written annotation of one benchmark article into its gold file (offsets only).

Annotating by code-point offsets by hand is error-prone; this reads a spec that names every
span by its exact text, finds it in the article, checks it, and writes `gold/ID.json` in the
format of scripts/speaker-eval/README.md.

usage: annotate.py GROUND_TRUTH_JSON SPEC.json [--out GOLD_DIR] [--show]

SPEC.json:
  {"doc": "9eef8162bbb6",            (the benchmark key, or its first 12 hex digits)
   "split": "heldout",
   "speakers": [{"id": 1, "type": "person", "name": "Jane Doe",
                 "mentions": ["Jane Doe", "Doe@all", "the senator@2"]}],
   "quotes": [{"text": "We will not back down", "form": "direct", "speaker": 1, "cue": "Doe"}]}

A span is its exact text, optionally followed by `@N` (its N-th occurrence in the article,
from 1) or, for mentions, `@all` (every occurrence as a whole word). Without `@`, a mention
or a quote must occur once in the article (as whole words); a cue without `@` is the
occurrence nearest the quote (before it or after it). `speaker` and `cue` may be null.
--show prints the article with the quotes and mentions marked, to read it over.
"""
import hashlib
import json
import os
import re
import sys


def is_word(c):
    return c.isalnum() or c == "_"


def occurrences(text, needle, whole_word):
    out, i = [], text.find(needle)
    while i >= 0:
        j = i + len(needle)
        ok = True
        if whole_word:
            if i > 0 and is_word(text[i - 1]) and is_word(needle[0]):
                ok = False
            if j < len(text) and is_word(text[j]) and is_word(needle[-1]):
                ok = False
        if ok:
            out.append((i, j))
        i = text.find(needle, i + 1)
    return out


def resolve(text, spec, what, whole_word=True, near=None):
    """Returns a list of (start, end) code-point spans for one span spec."""
    m = re.fullmatch(r"(.*?)@(all|\d+)", spec, re.S)
    needle, which = (m.group(1), m.group(2)) if m else (spec, None)
    found = occurrences(text, needle, whole_word)
    if not found:
        found = occurrences(text, needle, False) if whole_word else []
    if not found:
        sys.exit(f"annotate.py: {what}: {needle!r} is not in the article")
    if which == "all":
        return found
    if which is not None:
        n = int(which)
        if not 1 <= n <= len(found):
            sys.exit(f"annotate.py: {what}: {needle!r} occurs {len(found)} times, not {n}")
        return [found[n - 1]]
    if near is not None:
        return [min(found, key=lambda s: min(abs(s[0] - near[1]), abs(s[1] - near[0])))]
    if len(found) > 1:
        places = ", ".join(str(s[0]) for s in found)
        sys.exit(f"annotate.py: {what}: {needle!r} occurs {len(found)} times (at {places}); "
                 "say which with @N")
    return found


EDGE_PUNCT = set(" \t\r\n\u00a0.,;:!?…¿¡-–—")


def main():
    args = sys.argv[1:]
    show = "--show" in args
    args = [a for a in args if a != "--show"]
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gold")
    if "--out" in args:
        i = args.index("--out")
        out_dir = args[i + 1]
        del args[i:i + 2]
    gt_path, spec_path = args
    truth = json.load(open(gt_path, encoding="utf-8"))
    spec = json.load(open(spec_path, encoding="utf-8"))
    keys = [k for k in truth if k.startswith(spec["doc"])]
    if len(keys) != 1:
        sys.exit(f"annotate.py: {spec_path}: doc {spec['doc']!r} matches {len(keys)} keys")
    key = keys[0]
    text = truth[key]["articleBody"]
    ids = set()
    speakers = []
    for s in spec["speakers"]:
        if s["id"] in ids:
            sys.exit(f"annotate.py: {spec_path}: speaker id {s['id']} twice")
        if s["type"] not in ("person", "organization"):
            sys.exit(f"annotate.py: {spec_path}: speaker {s['id']}: type {s['type']!r}")
        ids.add(s["id"])
        mentions = sorted({m for ms in s["mentions"]
                           for m in resolve(text, ms, f"speaker {s['id']} mention")})
        speakers.append({"id": s["id"], "type": s["type"], "name": s["name"],
                         "mentions": [list(m) for m in mentions]})
    quotes = []
    for n, q in enumerate(spec["quotes"], 1):
        what = f"quote {n}"
        if q["form"] not in ("direct", "indirect"):
            sys.exit(f"annotate.py: {what}: form {q['form']!r}")
        [(s, e)] = resolve(text, q["text"], what, whole_word=False)
        if text[s] in EDGE_PUNCT or text[e - 1] in EDGE_PUNCT:
            sys.exit(f"annotate.py: {what}: {q['text'][:40]!r} starts or ends with white "
                     "space or punctuation")
        if q["form"] == "direct" and len(text[s:e].split()) < 3:
            sys.exit(f"annotate.py: {what}: a direct quote has three words or more")
        sp = q.get("speaker")
        if sp is not None and sp not in ids:
            sys.exit(f"annotate.py: {what}: speaker {sp} is not among the speakers")
        cue = None
        if q.get("cue"):
            [cue] = resolve(text, q["cue"], f"{what} cue", near=(s, e))
            cue = list(cue)
        quotes.append({"start": s, "end": e, "form": q["form"], "speaker": sp, "cue": cue})
    quotes.sort(key=lambda q: q["start"])
    for a, b in zip(quotes, quotes[1:]):
        if b["start"] < a["end"]:
            sys.exit(f"annotate.py: quotes overlap: {text[a['start']:a['end']][:40]!r} and "
                     f"{text[b['start']:b['end']][:40]!r}")
    gold = {"doc": key, "split": spec["split"],
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "chars": len(text),
            "speakers": speakers, "quotes": quotes}
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, key[:12] + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(gold, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"annotate.py: wrote {path}: {len(speakers)} speakers, "
          f"{sum(q['form'] == 'direct' for q in quotes)} direct and "
          f"{sum(q['form'] == 'indirect' for q in quotes)} indirect quotes")
    if show:
        marks = {}
        for q in quotes:
            tag = f"{q['form'][0].upper()}{q['speaker'] or '-'}"
            marks.setdefault(q["start"], []).append(f"[{tag} ")
            marks.setdefault(q["end"], []).insert(0, f" {tag}]")
        for sp in speakers:
            for s, e in sp["mentions"]:
                marks.setdefault(s, []).append("{")
                marks.setdefault(e, []).insert(0, f"}}{sp['id']}")
        out = []
        for i, c in enumerate(text):
            out.extend(marks.get(i, []))
            out.append(c)
        out.extend(marks.get(len(text), []))
        print("".join(out))


if __name__ == "__main__":
    main()
