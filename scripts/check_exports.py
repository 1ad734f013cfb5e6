"""Checks press-annotate's exports with the tools that consume them.

Usage: check_exports.py EXPORT_DIR

EXPORT_DIR holds, for one corpus: out.jsonl, out.doccano.jsonl, out.label-studio.json,
out.conll (entity layer), out.csv and the brat folder brat/. Every check prints one line;
the script exits 1 if any check failed.
"""

import csv
import json
import os
import sys

failures = []
checks = 0


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        failures.append(message)
        print("FAIL", message)


def utf16_slice(text, start, end):
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le", errors="replace")


def check_jsonl(path, texts):
    import spacy

    nlp = spacy.blank("en")
    spans = 0
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            record = json.loads(line)
            text = record["text"]
            texts[record["id"]] = text
            doc = nlp(text)
            for span in record["spans"]:
                s, e = span["start"], span["end"]
                check(text[s:e] == span["text"], f"jsonl {record['id']} span {span['id']}: text[{s}:{e}] != {span['text']!r}")
                mapped = doc.char_span(s, e)
                check(mapped is not None, f"jsonl {record['id']} span {span['id']} {span['text']!r}: Doc.char_span({s}, {e}) is None")
                if mapped is not None:
                    check(mapped.text == span["text"], f"jsonl {record['id']} span {span['id']}: spaCy span {mapped.text!r} != {span['text']!r}")
                spans += 1
            ids = {s["id"] for s in record["spans"]}
            for relation in record["relations"]:
                check(relation["head"] in ids and relation["child"] in ids, f"jsonl {record['id']} relation {relation['id']}: ends are not spans")
    print(f"jsonl: spaCy {spacy.__version__} blank 'en' mapped {spans} spans with Doc.char_span")
    return spans


def check_utf16(path, kind, texts):
    count = 0
    if kind == "doccano":
        with open(path, encoding="utf-8", newline="") as f:
            records = [json.loads(line) for line in f]
        for record in records:
            text = record["text"]
            check(text == texts[record["doc_id"]], f"doccano {record['doc_id']}: text differs from jsonl")
            jsonl_spans = {s["id"]: s for s in jsonl_records[record["doc_id"]]["spans"]}
            for entity in record["entities"]:
                got = utf16_slice(text, entity["start_offset"], entity["end_offset"])
                want = jsonl_spans[entity["id"]]["text"]
                check(got == want, f"doccano {record['doc_id']} entity {entity['id']}: UTF-16 slice {got!r} != {want!r}")
                count += 1
            ids = {e["id"] for e in record["entities"]}
            for relation in record["relations"]:
                check(relation["from_id"] in ids and relation["to_id"] in ids, f"doccano relation {relation['id']}: ends are not entities")
    else:
        with open(path, encoding="utf-8") as f:
            tasks = json.load(f)
        check(isinstance(tasks, list), "label-studio: not a JSON array of tasks")
        for task in tasks:
            text = task["data"]["text"]
            doc_id = task["data"]["doc_id"]
            check(text == texts[doc_id], f"label-studio {doc_id}: text differs from jsonl")
            regions = set()
            for result in task["annotations"][0]["result"]:
                if result["type"] == "relation":
                    check(result["from_id"] in regions and result["to_id"] in regions, f"label-studio {doc_id}: relation ends are not regions")
                    continue
                check(result["to_name"] == "text", f"label-studio {doc_id}: to_name {result['to_name']!r}")
                value = result["value"]
                got = utf16_slice(text, value["start"], value["end"])
                if result["type"] == "labels":
                    regions.add(result["id"])
                    check(result["from_name"] == "label", f"label-studio {doc_id}: from_name {result['from_name']!r}")
                    check(got == value["text"], f"label-studio {doc_id} region {result['id']}: UTF-16 slice {got!r} != {value['text']!r}")
                    count += 1
    print(f"{kind}: {count} UTF-16 offsets checked against the text")


def check_brat(folder, texts):
    from pybrat.parser import BratParser

    examples = BratParser(error="raise").parse(folder)
    check(len(examples) == len(texts), f"brat: pybrat read {len(examples)} documents, expected {len(texts)}")
    spans = 0
    for example in examples:
        # brat's own server reads the .txt as bytes (CRLF kept); pybrat opens it in text mode,
        # which turns CRLF into LF. Offsets are checked against the text as brat reads it.
        with open(os.path.join(folder, example.id + ".txt"), encoding="utf-8", newline="") as f:
            raw = f.read()
        check(raw == texts[example.id], f"brat {example.id}: .txt is not the source text")
        check(example.text == raw.replace("\r\n", "\n"), f"brat {example.id}: pybrat's text differs")
        for entity in example.entities:
            got = " ".join(raw[s.start : s.end] for s in entity.spans)
            check(got.rstrip() == entity.mention, f"brat {example.id} {entity.id}: {got!r} != mention {entity.mention!r}")
            spans += 1
        for relation in example.relations:
            check(relation.arg1 is not None and relation.arg2 is not None, f"brat {example.id} {relation.id}: args missing")
    print(f"brat: pybrat read {len(examples)} documents and {spans} spans; every span matches its text")


def check_conll(path):
    from seqeval.metrics import classification_report
    from seqeval.metrics.sequence_labeling import get_entities

    sentences, tokens, tags = [], [], []
    current = ([], [])
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if current[0]:
                    sentences.append(current)
                current = ([], [])
                continue
            token, tag = line.rsplit(" ", 1)
            check(" " not in token and "\t" not in token, f"conll: token with white space {token!r}")
            if token == "-DOCSTART-":
                continue
            check(tag == "O" or tag[:2] in ("B-", "I-"), f"conll: bad tag {tag!r}")
            current[0].append(token)
            current[1].append(tag)
    if current[0]:
        sentences.append(current)
    sequences = [s[1] for s in sentences]
    for words, seq in sentences:
        for i, tag in enumerate(seq):
            if tag.startswith("I-"):
                check(i > 0 and seq[i - 1][2:] == tag[2:] and seq[i - 1] != "O", f"conll: {tag} after {seq[i-1] if i else 'sentence start'} breaks IOB2")
    entities = get_entities(sequences)
    report = classification_report(sequences, sequences, output_dict=True)
    types = sorted({e[0] for e in entities})
    check(len(entities) > 0, "conll: seqeval found no entity")
    print(f"conll: seqeval read {len(sequences)} sentences and {len(entities)} entities of types {types}; report keys {sorted(k for k in report if k.isupper())}")


def check_csv(path, texts):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        text = texts[row["article"]]
        s, e = int(row["start"]), int(row["end"])
        cell = row["text"]
        if cell[:2] in ("'=", "'+", "'-", "'@", "'\t", "'\r"):
            cell = cell[1:]
        check(text[s:e] == cell, f"csv {row['article']} {row['id']}: {text[s:e]!r} != {cell!r}")
    print(f"csv: {len(rows)} rows read with Python's csv module; offsets match")


if __name__ == "__main__":
    folder = sys.argv[1]
    texts = {}
    jsonl_records = {}
    with open(os.path.join(folder, "out.jsonl"), encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            jsonl_records[record["id"]] = record
    check_jsonl(os.path.join(folder, "out.jsonl"), texts)
    check_utf16(os.path.join(folder, "out.doccano.jsonl"), "doccano", texts)
    check_utf16(os.path.join(folder, "out.label-studio.json"), "label-studio", texts)
    check_brat(os.path.join(folder, "brat"), texts)
    check_conll(os.path.join(folder, "out.conll"))
    check_csv(os.path.join(folder, "out.csv"), texts)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)
