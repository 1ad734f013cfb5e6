"""Compares `press-annotate agree --json` with bratiaa, scikit-learn and krippendorff.

Usage: check_agreement.py WORK ANNOTATOR...

WORK holds (made by scripts/check-agreement.sh):
- brat/ANNOTATOR/...  our brat export of each annotator's sets, brat/annotation.conf;
- conll/ANNOTATOR.LAYER.conll  our CoNLL export of each annotator and layer;
- instance.json, token.json  `press-annotate agree --json [--tokens]` of the same folder.

Every check prints a line; the script exits 1 if any failed.
"""

import json
import math
import os
import sys
from itertools import combinations

import bratiaa
import krippendorff
import numpy as np
import sklearn
from sklearn.metrics import cohen_kappa_score

TOLERANCE = 1e-9
LAYERS = ["entity", "quote", "claim"]
failures = []
checks = 0


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        failures.append(message)
        print("FAIL", message)


def same(ours, theirs):
    """`null` in our JSON is bratiaa's / scikit-learn's nan."""
    theirs = float(theirs)
    if ours is None:
        return math.isnan(theirs)
    return not math.isnan(theirs) and abs(ours - theirs) <= TOLERANCE


def read_conll(path):
    """The documents of a CoNLL export: a list of lists of (token text, tag)."""
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                docs.append([])
            elif line:
                text, tag = line.rsplit(" ", 1)
                docs[-1].append((text, tag))
    return docs


def brat_documents(folder):
    """The relative paths (without .txt) of the articles in a brat export, in the order the
    exports write them (sorted by path)."""
    out = []
    for dirpath, _, files in os.walk(folder):
        for name in files:
            if name.endswith(".txt"):
                rel = os.path.relpath(os.path.join(dirpath, name), folder)
                out.append(rel[: -len(".txt")].replace(os.sep, "/"))
    return sorted(out)


def token_offsets(text, token_texts, doc):
    """Char offsets of the CoNLL tokens in the text: each token found after the previous one
    with only white space between."""
    at = 0
    out = []
    for token in token_texts:
        start = text.find(token, at)
        check(start >= 0 and text[at:start].strip() == "", f"{doc}: CoNLL token {token!r} not next in the text")
        out.append((start, start + len(token)))
        at = start + len(token)
    return out


def compare_f1(kind, ours, agreement):
    label_mean, label_sd = agreement.mean_sd_per_label()
    check(sorted(ours["per_label"]) == agreement.labels, f"{kind}: labels {sorted(ours['per_label'])} != bratiaa's {agreement.labels}")
    for i, label in enumerate(agreement.labels):
        mine = ours["per_label"].get(label, {})
        check(same(mine.get("mean_f1"), label_mean[i]), f"{kind} {label}: mean F1 {mine.get('mean_f1')} != bratiaa {label_mean[i]}")
        check(same(mine.get("sd_f1"), label_sd[i]), f"{kind} {label}: SD F1 {mine.get('sd_f1')} != bratiaa {label_sd[i]}")
    doc_mean, doc_sd = agreement.mean_sd_per_document()
    our_docs = {d[: -len(".txt")]: v for d, v in ours["per_document"].items()}
    their_docs = [d[: -len(".ann")] for d in agreement.documents]
    check(sorted(our_docs) == their_docs, f"{kind}: documents {sorted(our_docs)[:3]}... != bratiaa's {their_docs[:3]}...")
    for i, doc in enumerate(their_docs):
        mine = our_docs.get(doc, {})
        check(same(mine.get("mean_f1"), doc_mean[i]), f"{kind} {doc}: mean F1 {mine.get('mean_f1')} != bratiaa {doc_mean[i]}")
        check(same(mine.get("sd_f1"), doc_sd[i]), f"{kind} {doc}: SD F1 {mine.get('sd_f1')} != bratiaa {doc_sd[i]}")
    total_mean, total_sd = agreement.mean_sd_total()
    check(same(ours["overall"]["mean_f1"], total_mean), f"{kind}: overall mean F1 {ours['overall']['mean_f1']} != bratiaa {total_mean}")
    check(same(ours["overall"]["sd_f1"], total_sd), f"{kind}: overall SD F1 {ours['overall']['sd_f1']} != bratiaa {total_sd}")
    defined = sum(1 for i in range(len(label_mean)) if not math.isnan(label_mean[i]))
    print(
        f"{kind}: bratiaa {len(agreement.annotators)} annotators, {len(their_docs)} documents, "
        f"{len(agreement.labels)} labels ({defined} defined): overall mean F1 {total_mean:.6f}, SD {total_sd:.6f}"
    )


def main():
    work = sys.argv[1]
    annotators = sys.argv[2:]
    brat = os.path.join(work, "brat")
    with open(os.path.join(work, "instance.json"), encoding="utf-8") as f:
        instance = json.load(f)
    with open(os.path.join(work, "token.json"), encoding="utf-8") as f:
        token = json.load(f)
    check(instance["annotators"] == sorted(annotators), f"annotators {instance['annotators']}")

    compare_f1("instance", instance, bratiaa.compute_f1_agreement(brat))

    # Token-based: bratiaa with a tokenizer that returns the CoNLL export's tokens.
    conll = {(who, layer): read_conll(os.path.join(work, "conll", f"{who}.{layer}.conll")) for who in annotators for layer in LAYERS}
    tags = {}  # (annotator, document) -> tags of the three layers, layer after layer
    tokens_of_text = {}
    for who in annotators:
        docs = brat_documents(os.path.join(brat, who))
        per_layer = [conll[(who, layer)] for layer in LAYERS]
        check(all(len(p) == len(docs) for p in per_layer), f"{who}: CoNLL documents != brat documents")
        for i, doc in enumerate(docs):
            with open(os.path.join(brat, who, doc + ".txt"), encoding="utf-8", newline="") as f:
                text = f.read()
            tokens_of_text[text] = token_offsets(text, [t for t, _ in per_layer[0][i]], doc)
            tags[(who, doc)] = [tag for layer in per_layer for _, tag in layer[i]]

    def conll_tokens(text):
        return tokens_of_text[text]

    compare_f1("token", token, bratiaa.compute_f1_agreement(brat, token_func=conll_tokens))

    # Cohen's kappa per pair on the articles both annotated (bratiaa's documents: every
    # annotator's), with the tags of the CoNLL exports.
    docs = [d[: -len(".txt")] for d in instance["documents"]]
    pairs = {tuple(p["annotators"]): p for p in instance["pairs"]}
    for a, b in combinations(sorted(annotators), 2):
        y1 = [t for doc in docs for t in tags[(a, doc)]]
        y2 = [t for doc in docs for t in tags[(b, doc)]]
        kappa = cohen_kappa_score(y1, y2)
        ours = pairs[(a, b)]
        check(same(ours["kappa"], kappa), f"kappa {a}/{b}: {ours['kappa']} != scikit-learn {kappa}")
        check(ours["tags"] == len(y1), f"kappa {a}/{b}: {ours['tags']} tags != {len(y1)}")
        print(f"kappa {a}/{b}: scikit-learn {sklearn.__version__} {kappa:.6f} on {len(y1)} tags, ours {ours['kappa']:.6f}")

    # Krippendorff's alpha (nominal) over all annotators: units are the tags of every token
    # in every layer of the articles.
    values = sorted({t for key in tags for t in tags[key]})
    index = {v: i for i, v in enumerate(values)}
    rows = []
    for doc in docs:
        present = [who for who in annotators if (who, doc) in tags]
        for u in range(len(tags[(present[0], doc)])):
            row = [0] * len(values)
            for who in present:
                row[index[tags[(who, doc)][u]]] += 1
            rows.append(row)
    alpha = krippendorff.alpha(value_counts=np.array(rows), level_of_measurement="nominal")
    check(same(instance["overall"]["alpha"], alpha), f"alpha: {instance['overall']['alpha']} != krippendorff {alpha}")
    print(f"alpha: krippendorff {alpha:.6f} on {len(rows)} units, ours {instance['overall']['alpha']:.6f}")

    print(f"{checks} checks, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
