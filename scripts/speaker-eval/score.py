#!/usr/bin/env python3
"""Scores quote and speaker suggestions on real press text against a hand-made gold standard.

The articles are the reference texts of the Scrapinghub/Zyte article-extraction benchmark
(real news pages; not in this repository); the gold (`scripts/speaker-eval/gold/ID.json`)
holds offsets only: quotes (code points, form, speaker) and every mention of each speaker.
See scripts/eval-speakers.sh and scripts/speaker-eval/README.md.

usage: score.py GROUND_TRUTH_JSON GOLD_DIR BINARY WORK_DIR [--details dev|heldout|all]
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys

PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def load(gt_path, gold_dir):
    truth = json.load(open(gt_path, encoding="utf-8"))
    docs = []
    for name in sorted(os.listdir(gold_dir)):
        if not name.endswith(".json"):
            continue
        gold = json.load(open(os.path.join(gold_dir, name), encoding="utf-8"))
        key = gold["doc"]
        text = truth[key]["articleBody"]
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest != gold["sha256"]:
            sys.exit(f"score.py: {name}: the benchmark's text is not the one annotated")
        docs.append((name[:-5], gold["split"], text, gold))
    return docs


def run(binary, args, cwd):
    out = subprocess.run([binary, *args], cwd=cwd, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"score.py: {binary} {' '.join(args)} failed: {out.stderr}")
    return out.stdout


def main():
    gt, gold_dir, binary, work = sys.argv[1:5]
    details = sys.argv[6] if len(sys.argv) > 6 and sys.argv[5] == "--details" else None
    docs = load(gt, gold_dir)
    shutil.rmtree(work, ignore_errors=True)
    listed = os.path.join(work, "listed")
    applied = os.path.join(work, "applied")
    os.makedirs(listed)
    os.makedirs(applied)
    for doc_id, _, text, _ in docs:
        for d in (listed, applied):
            with open(os.path.join(d, doc_id + ".txt"), "w", encoding="utf-8", newline="") as f:
                f.write(text)
    suggested = {}
    for line in run(binary, ["suggest", "--json", "--only", "quotes", "."], listed).splitlines():
        s = json.loads(line)
        doc_id = os.path.basename(s["article"])[:-4]
        sp = s.get("speaker")
        suggested.setdefault(doc_id, []).append({
            "span": (s["start"], s["end"]),
            "form": s["attributes"].get("form"),
            "speaker": (sp["start"], sp["end"]) if sp else None,
        })
    run(binary, ["suggest", "--only", "quote", "--apply", "."], applied)
    exported = {}
    for line in run(binary, ["export", "--format", "jsonl", "."], applied).splitlines():
        e = json.loads(line)
        exported[os.path.basename(e["id"])] = e

    for split in ("dev", "heldout", "all"):
        m = dict.fromkeys(
            "gold_direct found_direct tp_direct speakers_right gold_indirect found_indirect "
            "tp_indirect entities entities_speakers entities_typed links links_on_gold "
            "links_right pronoun_entities".split(), 0)
        for doc_id, doc_split, text, gold in docs:
            if split != "all" and doc_split != split:
                continue
            show = details in (split, "all") and split != "all" or details == "all" and split == "all"
            clusters = {sp["id"]: sp for sp in gold["speakers"]}

            def cluster_spans(cid, with_cue=None):
                spans = [tuple(x) for x in clusters[cid]["mentions"]] if cid else []
                if with_cue:
                    spans.append(tuple(with_cue))
                return spans

            all_mentions = [(tuple(x), sp) for sp in gold["speakers"] for x in sp["mentions"]]
            for q in gold["quotes"]:
                if q["cue"] and q["speaker"] and text[q["cue"][0]:q["cue"][1]].lower() not in PRONOUNS:
                    all_mentions.append((tuple(q["cue"]), clusters[q["speaker"]]))
            for form in ("direct", "indirect"):
                g = {(q["start"], q["end"]): q for q in gold["quotes"] if q["form"] == form}
                f = {s["span"]: s for s in suggested.get(doc_id, []) if s["form"] == form}
                tp = set(g) & set(f)
                m["gold_" + form] += len(g)
                m["found_" + form] += len(f)
                m["tp_" + form] += len(tp)
                if show and form == "direct":
                    for k in sorted(set(g) - set(f)):
                        print(f"  {doc_id} missed {k}: {text[k[0]:k[1]][:70]!r}")
                    for k in sorted(set(f) - set(g)):
                        print(f"  {doc_id} not in gold {k}: {text[k[0]:k[1]][:70]!r}")
                if form != "direct":
                    continue
                for k in sorted(tp):
                    gq, fq = g[k], f[k]
                    spans = cluster_spans(gq["speaker"], gq["cue"])
                    if gq["speaker"] is None:
                        ok = fq["speaker"] is None
                    else:
                        ok = fq["speaker"] is not None and any(overlaps(fq["speaker"], s) for s in spans)
                    m["speakers_right"] += ok
                    if show and not ok:
                        want = clusters[gq["speaker"]]["name"] if gq["speaker"] else None
                        got = text[fq["speaker"][0]:fq["speaker"][1]] if fq["speaker"] else None
                        print(f"  {doc_id} speaker wrong at {k} {text[k[0]:k[1]][:40]!r}: gold {want!r}, suggested {got!r}")
            e = exported.get(doc_id)
            if not e:
                continue
            spans_by_id = {s["id"]: s for s in e["spans"]}
            gold_quotes = gold["quotes"]
            for s in e["spans"]:
                if s["label"] != "entity":
                    continue
                m["entities"] += 1
                span = (s["start"], s["end"])
                hit = [sp for (mspan, sp) in all_mentions if overlaps(span, mspan)]
                if s["text"].lower() in PRONOUNS:
                    m["pronoun_entities"] += 1
                if hit:
                    m["entities_speakers"] += 1
                    if s["attributes"].get("type") == hit[0]["type"]:
                        m["entities_typed"] += 1
                    elif show:
                        print(f"  {doc_id} entity {s['text']!r} typed {s['attributes'].get('type')}, gold {hit[0]['type']}")
                elif show:
                    print(f"  {doc_id} entity not a speaker: {s['text']!r} at {span}")
            for r in e["relations"]:
                if r["label"] != "speaker":
                    continue
                m["links"] += 1
                quote = spans_by_id[r["head"]]
                entity = spans_by_id[r["child"]]
                qspan = (quote["start"], quote["end"])
                espan = (entity["start"], entity["end"])
                matching = [q for q in gold_quotes if overlaps(qspan, (q["start"], q["end"]))]
                if not matching:
                    continue
                m["links_on_gold"] += 1
                ok = any(q["speaker"] and any(overlaps(espan, s) for s in cluster_spans(q["speaker"], q["cue"]))
                         for q in matching)
                m["links_right"] += ok
                if show and not ok:
                    want = [clusters[q["speaker"]]["name"] if q["speaker"] else None for q in matching]
                    print(f"  {doc_id} link wrong: {quote['text'][:40]!r} -> {entity['text']!r}, gold {want}")

        def ratio(n, d):
            return n / d if d else 1.0

        print(f"{split}: direct quotes: gold {m['gold_direct']}, suggested {m['found_direct']}, right {m['tp_direct']}: "
              f"precision {ratio(m['tp_direct'], m['found_direct']):.3f}, recall {ratio(m['tp_direct'], m['gold_direct']):.3f}; "
              f"speakers right {m['speakers_right']}/{m['tp_direct']} = {ratio(m['speakers_right'], m['tp_direct']):.3f}")
        print(f"{split}: indirect quotes: gold {m['gold_indirect']}, suggested {m['found_indirect']}, right {m['tp_indirect']}: "
              f"precision {ratio(m['tp_indirect'], m['found_indirect']):.3f}, recall {ratio(m['tp_indirect'], m['gold_indirect']):.3f}")
        print(f"{split}: suggest --only quote --apply: entities created {m['entities']}, speakers {m['entities_speakers']} = "
              f"{ratio(m['entities_speakers'], m['entities']):.3f} (typed right {m['entities_typed']}, pronouns {m['pronoun_entities']}); "
              f"links {m['links']}, on gold quotes {m['links_on_gold']}, right {m['links_right']} = {ratio(m['links_right'], m['links_on_gold']):.3f}")


main()
