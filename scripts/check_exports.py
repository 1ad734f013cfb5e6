"""Checks press-annotate's exports with the tools that consume them.

Usage: check_exports.py EXPORT_DIR

EXPORT_DIR holds, for one corpus: out.jsonl, out.tokens.jsonl (jsonl --tokens),
out.doccano.jsonl, out.label-studio.json, out.conll (entity layer), out.csv and the brat
folder brat/. Every check prints one line; the script exits 1 if any check failed.
"""

import csv
import json
import os
import subprocess
import sys
import tempfile

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


def check_jsonl_tokens(path):
    """jsonl --tokens: the Doc built from the tokens as spaCy builds it (words and spaces)
    gives back the exact text, and every span maps with strict alignment onto exactly its
    token_start..token_end."""
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.blank("en")
    spans = 0
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            record = json.loads(line)
            text = record["text"]
            words = [t["text"] for t in record["tokens"]]
            spaces = [t["ws"] for t in record["tokens"]]
            doc = Doc(nlp.vocab, words=words, spaces=spaces)
            check(doc.text == text, f"jsonl --tokens {record['id']}: the Doc rebuilds {len(doc.text)} characters, the text has {len(text)}")
            for i, (token, t) in enumerate(zip(doc, record["tokens"])):
                if token.idx != t["start"] or token.idx + len(token.text) != t["end"]:
                    check(False, f"jsonl --tokens {record['id']} token {i} {t['text']!r}: spaCy puts it at {token.idx}, the export at {t['start']}")
                    break
            for span in record["spans"]:
                s, e = span["start"], span["end"]
                mapped = doc.char_span(s, e, alignment_mode="strict")
                check(mapped is not None, f"jsonl --tokens {record['id']} span {span['id']} {span['text']!r}: char_span({s}, {e}, strict) is None")
                if mapped is not None:
                    check(mapped.text == span["text"], f"jsonl --tokens {record['id']} span {span['id']}: {mapped.text!r} != {span['text']!r}")
                    check((mapped.start, mapped.end - 1) == (span.get("token_start"), span.get("token_end")), f"jsonl --tokens {record['id']} span {span['id']}: tokens {mapped.start}..{mapped.end - 1} != token_start/token_end {span.get('token_start')}..{span.get('token_end')}")
                spans += 1
    print(f"jsonl --tokens: spaCy {spacy.__version__} Doc(words, spaces) rebuilt every text; {spans} spans mapped with char_span(alignment_mode='strict')")


def check_doccano(path, texts):
    """doccano: UTF-16 offsets, sliced as UTF-16 units, give each span's text."""
    count = 0
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
    print(f"doccano: {count} UTF-16 offsets checked against the text")


def check_label_studio(path, texts):
    """Label Studio: code-point offsets (text[start:end] is the region's text), a stable
    integer task id, and the official label-studio-sdk converter (JSON_MIN and CONLL2003)."""
    with open(path, encoding="utf-8") as f:
        tasks = json.load(f)
    check(isinstance(tasks, list), "label-studio: not a JSON array of tasks")
    count = 0
    labels = set()
    choices = {}
    regions_of = {}
    for task in tasks:
        text = task["data"]["text"]
        doc_id = task["data"]["doc_id"]
        check(isinstance(task.get("id"), int) and task["id"] > 0, f"label-studio {doc_id}: task id {task.get('id')!r} is not a positive integer")
        check(text == texts[doc_id], f"label-studio {doc_id}: text differs from jsonl")
        regions = {}
        for result in task["annotations"][0]["result"]:
            if result["type"] == "relation":
                check(result["from_id"] in regions and result["to_id"] in regions, f"label-studio {doc_id}: relation ends are not regions")
                continue
            check(result["to_name"] == "text", f"label-studio {doc_id}: to_name {result['to_name']!r}")
            value = result["value"]
            got = text[value["start"] : value["end"]]
            if result["type"] == "labels":
                regions[result["id"]] = value
                labels.update(value["labels"])
                check(result["from_name"] == "label", f"label-studio {doc_id}: from_name {result['from_name']!r}")
                check(got == value["text"], f"label-studio {doc_id} region {result['id']}: text[{value['start']}:{value['end']}] {got!r} != {value['text']!r}")
                count += 1
            elif result["type"] == "choices":
                choices.setdefault(result["from_name"], set()).update(value["choices"])
        regions_of[doc_id] = (text, list(regions.values()))
    ids = [task.get("id") for task in tasks]
    check(len(set(ids)) == len(ids), f"label-studio: task ids {ids} are not unique")
    print(f"label-studio: {count} code-point offsets checked against the text; task ids {ids}")

    from label_studio_sdk.converter import Converter
    from label_studio_sdk import __version__ as sdk_version

    config = "<View>\n  <Labels name=\"label\" toName=\"text\">\n"
    config += "".join(f"    <Label value=\"{label}\"/>\n" for label in sorted(labels))
    config += "  </Labels>\n  <Text name=\"text\" value=\"$text\"/>\n"
    for name, values in sorted(choices.items()):
        config += f"  <Choices name=\"{name}\" toName=\"text\" perRegion=\"true\">\n"
        config += "".join(f"    <Choice value=\"{value}\"/>\n" for value in sorted(values))
        config += "  </Choices>\n"
    config += "  <TextArea name=\"note\" toName=\"text\" perRegion=\"true\"/>\n</View>\n"
    with tempfile.TemporaryDirectory() as out:
        converter = Converter(config=config, project_dir=out)
        try:
            converter.convert(path, os.path.join(out, "min"), "JSON_MIN", is_dir=False)
            converter.convert(path, os.path.join(out, "conll"), "CONLL2003", is_dir=False)
        except Exception as e:  # the converter's own failure is what this check reports
            check(False, f"label-studio-sdk converter failed: {type(e).__name__}: {e}")
            return
        with open(os.path.join(out, "min", "result.json"), encoding="utf-8") as f:
            records = json.load(f)
        check(len(records) == len(tasks), f"label-studio-sdk JSON_MIN: {len(records)} records for {len(tasks)} tasks")
        exact = 0
        for record in records:
            text = record["text"]
            check(record.get("id") in ids, f"label-studio-sdk JSON_MIN: record id {record.get('id')!r} is not a task id")
            for region in record.get("label", []):
                got = text[region["start"] : region["end"]]
                check(got == region["text"], f"label-studio-sdk JSON_MIN {record['doc_id']}: text[{region['start']}:{region['end']}] {got!r} != {region['text']!r}")
                exact += 1
        check(exact == count, f"label-studio-sdk JSON_MIN: {exact} regions for {count} exported")
        print(f"label-studio: label-studio-sdk {sdk_version} JSON_MIN read {len(records)} tasks, {exact} regions exact")

        with open(os.path.join(out, "conll", "result.conll"), encoding="utf-8") as f:
            documents = f.read().split("\n\n")
        from nltk.tokenize.treebank import TreebankWordTokenizer

        checked = 0
        for task, document in zip(tasks, documents):
            text, regions = regions_of[task["data"]["doc_id"]]
            lines = [line for line in document.split("\n") if line and not line.startswith("-DOCSTART-")]
            tags = [line.rsplit(" ", 1)[1] for line in lines]
            offsets = list(TreebankWordTokenizer().span_tokenize(text))
            check(len(tags) == len(offsets), f"label-studio-sdk CONLL2003 {task['data']['doc_id']}: {len(tags)} tags for {len(offsets)} tokens")
            starts = {s: i for i, (s, _) in enumerate(offsets)}
            ends = {e: i for i, (_, e) in enumerate(offsets)}
            for region in regions:
                others = [r for r in regions if r is not region and r["start"] < region["end"] and region["start"] < r["end"]]
                if others or region["start"] not in starts or region["end"] not in ends:
                    continue  # nested, overlapping or not on the converter's token edges
                first, last = starts[region["start"]], ends[region["end"]]
                want = ["B-" + region["labels"][0]] + ["I-" + region["labels"][0]] * (last - first)
                got = tags[first : last + 1]
                check(got == want, f"label-studio-sdk CONLL2003 {task['data']['doc_id']}: region {region['text']!r} tagged {got}, expected {want}")
                checked += 1
        check(checked > 0, "label-studio-sdk CONLL2003: no region could be checked")
        print(f"label-studio: label-studio-sdk CONLL2003 tagged {checked} regions (not nested, on its tokenizer's edges) on exactly their words")


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
            if line.startswith("-DOCSTART-"):
                check(line == "-DOCSTART- -X- O O", f"conll: document marker {line!r} is not spaCy's and CoNLL-2003's")
                continue
            token, tag = line.rsplit(" ", 1)
            check(" " not in token and "\t" not in token, f"conll: token with white space {token!r}")
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


def outermost_entities(record):
    """The entity spans the CoNLL export tags: the outermost of overlapping ones."""
    flat = {"person": "PER", "organization": "ORG", "location": "LOC", "other": "MISC"}
    spans = sorted((s for s in record["spans"] if s["label"] == "entity"), key=lambda s: (s["start"], -s["end"], s["id"]))
    kept = []
    for span in spans:
        if kept and span["start"] < kept[-1]["end"]:
            continue
        kept.append(span)
    return [(flat.get(s["attributes"].get("type"), "ENTITY"), "".join(s["text"].split())) for s in kept]


def check_spacy_convert(path, records):
    """`python -m spacy convert FILE OUT -c ner`: one Doc per article, no -DOCSTART- token,
    and each Doc's entities are the article's (outermost) entity spans, word for word."""
    import spacy
    from spacy.tokens import DocBin

    with tempfile.TemporaryDirectory() as out:
        run = subprocess.run([sys.executable, "-m", "spacy", "convert", path, out, "-c", "ner"], capture_output=True, text=True)
        check(run.returncode == 0, f"spacy convert failed: {run.stdout}{run.stderr}")
        if run.returncode != 0:
            return
        name = os.path.splitext(os.path.basename(path))[0] + ".spacy"
        nlp = spacy.blank("xx")
        docs = list(DocBin().from_disk(os.path.join(out, name)).get_docs(nlp.vocab))
    check(len(docs) == len(records), f"spacy convert -c ner: {len(docs)} Docs for {len(records)} articles")
    entities = 0
    for doc, record in zip(docs, records):
        check(all(t.text != "-DOCSTART-" for t in doc), f"spacy convert -c ner {record['id']}: a -DOCSTART- token")
        got = [(e.label_, "".join(e.text.split())) for e in doc.ents]
        want = outermost_entities(record)
        check(got == want, f"spacy convert -c ner {record['id']}: entities {got} != {want}")
        squashed = "".join(record["text"].split())
        check("".join(t.text for t in doc) == squashed, f"spacy convert -c ner {record['id']}: the Doc's words are not the text's")
        entities += len(got)
    print(f"conll: spacy convert -c ner made {len(docs)} Docs for {len(records)} articles, with {entities} entities")


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
    check_jsonl_tokens(os.path.join(folder, "out.tokens.jsonl"))
    check_doccano(os.path.join(folder, "out.doccano.jsonl"), texts)
    check_label_studio(os.path.join(folder, "out.label-studio.json"), texts)
    check_brat(os.path.join(folder, "brat"), texts)
    check_conll(os.path.join(folder, "out.conll"))
    check_spacy_convert(os.path.join(folder, "out.conll"), list(jsonl_records.values()))
    check_csv(os.path.join(folder, "out.csv"), texts)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)
