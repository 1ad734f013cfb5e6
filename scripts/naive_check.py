#!/usr/bin/env python3
"""The naive check that issue 22 measures loading against: what a user would write in
Python to load and check an annotation set, line by line, without press-annotate.

    python3 scripts/naive_check.py ARTICLE [SET]

Reads the article (UTF-8, a BOM skipped) and its set (default ARTICLE.annotations.ron),
checks the SHA-256 and length of the article, and for every `Annotation(...)` line: its
fields parse, 0 <= start < end <= chars, the text is the article's text there (Python
indexes code points, as the format's offsets count), ids are unique, no two spans share a
label and range, and every relation joins two annotations. Prints the counts and the time
taken (reading included), and exits 1 when it found a problem.
"""

import hashlib
import re
import sys
import time

LINE = re.compile(
    r'^\s*Annotation\(id: (\d+), label: "((?:[^"\\]|\\.)*)", start: (\d+), end: (\d+), '
    r'text: "((?:[^"\\]|\\.)*)", attributes: \{(.*?)\}(?:, note: (?:Some\("(?:[^"\\]|\\.)*"\)|None))?'
)
RELATION = re.compile(r'^\s*Relation\(id: (\d+), label: "([^"]*)", from: (\d+), to: (\d+)\)')
ESCAPE = re.compile(r'\\(u\{[0-9a-fA-F]+\}|.)')


def unescape(s):
    def one(m):
        e = m.group(1)
        if e.startswith("u{"):
            return chr(int(e[2:-1], 16))
        return {"n": "\n", "t": "\t", "r": "\r", "0": "\0"}.get(e, e)

    return ESCAPE.sub(one, s) if "\\" in s else s


def main():
    started = time.perf_counter()
    article_path = sys.argv[1]
    set_path = sys.argv[2] if len(sys.argv) > 2 else article_path + ".annotations.ron"
    raw = open(article_path, "rb").read()
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    problems = []
    ids, spans, relations = set(), set(), []
    annotations = 0
    for number, line in enumerate(open(set_path, encoding="utf-8"), 1):
        if "sha256:" in line and digest not in line:
            problems.append(f"{set_path}:{number}: the article's SHA-256 differs")
        m = LINE.match(line)
        if m:
            annotations += 1
            aid, label, start, end = int(m[1]), m[2], int(m[3]), int(m[4])
            span_text = unescape(m[5])
            if not 0 <= start < end <= len(text):
                problems.append(f"{set_path}:{number}: span {start}..{end} out of range")
            elif text[start:end] != span_text:
                problems.append(f"{set_path}:{number}: text differs from the article")
            if aid in ids:
                problems.append(f"{set_path}:{number}: id {aid} used twice")
            ids.add(aid)
            if (label, start, end) in spans:
                problems.append(f"{set_path}:{number}: the same span twice")
            spans.add((label, start, end))
            continue
        r = RELATION.match(line)
        if r:
            relations.append((number, int(r[1]), int(r[3]), int(r[4])))
    for number, rid, source, target in relations:
        if source not in ids or target not in ids:
            problems.append(f"{set_path}:{number}: relation {rid} joins a missing span")
    for p in problems[:20]:
        print(p)
    elapsed = time.perf_counter() - started
    print(
        f"{annotations} annotations, {len(relations)} relations, {len(problems)} problems "
        f"in {elapsed * 1000:.1f} ms"
    )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
