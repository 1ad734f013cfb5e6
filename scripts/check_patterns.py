"""Checks that press-annotate's pattern matcher finds what spaCy's EntityRuler finds.

Usage: check_patterns.py FOLDER OURS.jsonl [--write EXPECTED.jsonl]

FOLDER holds articles (*.txt) and the patterns.jsonl used; OURS.jsonl is the output of
`press-annotate suggest --only patterns --json FOLDER`. spaCy: spacy.blank("en") with an
entity_ruler given the same patterns, run on each article; entity offsets (start_char,
end_char: code points, as ours) and labels (mapped onto the default schema's entity types as
press-annotate maps them) must be the same. --write also writes spaCy's entities as JSON lines
(article, start, end, text, type), which tests/suggest_patterns.rs compares with the matcher
without Python.
"""

import json
import pathlib
import sys

import spacy

TYPES = {
    "PERSON": "person", "PER": "person",
    "ORG": "organization",
    "GPE": "location", "LOC": "location", "FAC": "location",
    "NORP": "other", "EVENT": "other", "PRODUCT": "other", "WORK_OF_ART": "other",
    "LAW": "other", "LANGUAGE": "other", "MISC": "other",
}


def main() -> int:
    folder = pathlib.Path(sys.argv[1])
    ours_path = pathlib.Path(sys.argv[2])
    write = pathlib.Path(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--write" else None
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    with open(folder / "patterns.jsonl", encoding="utf-8") as f:
        ruler.add_patterns([json.loads(line) for line in f if line.strip()])
    theirs = set()
    lines = []
    for article in sorted(folder.glob("*.txt")):
        text = article.read_text(encoding="utf-8")
        for ent in nlp(text).ents:
            key = (article.name, ent.start_char, ent.end_char, TYPES[ent.label_])
            theirs.add(key)
            lines.append({"article": article.name, "start": ent.start_char, "end": ent.end_char,
                          "text": ent.text, "type": TYPES[ent.label_]})
    ours = set()
    with open(ours_path, encoding="utf-8") as f:
        for line in f:
            j = json.loads(line)
            ours.add((pathlib.Path(j["article"]).name, j["start"], j["end"], j["attributes"]["type"]))
    problems = 0
    for key in sorted(theirs - ours):
        print(f"spaCy finds, press-annotate does not: {key}")
        problems += 1
    for key in sorted(ours - theirs):
        print(f"press-annotate finds, spaCy does not: {key}")
        problems += 1
    print(f"patterns: spaCy {len(theirs)} entities, press-annotate {len(ours)}, {problems} differences")
    if write:
        with open(write, "w", encoding="utf-8") as f:
            for line in lines:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
