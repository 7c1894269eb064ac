"""Missed gold spans and false positives on the public geoparsing corpora, by class (issue 20):

    .venv/bin/python -m bench.geoparse_misses [--corpus gwn|lgl|trnews ...] [--examples N]

Runs the batch command as `bench.geoparse_public` does (mapped mentions only count) and sorts

- every missed target (no mapped mention with its exact span) into the first class that fits:
  demonym or adjective (left out by design); span boundary (a mention overlaps it with another
  span); listed as uncertain (same span, not mapped); inside a longer capitalised name (an
  organisation, facility or street: "University of Alabama", "Main Street"); lowercase or
  all-caps form; a gazetteer name the extractor dropped (common word, person, other filters);
  not in the gazetteer at all;
- every false positive (a mapped mention that is no target) into: span boundary (overlaps a
  target), a non-target annotation of the corpus (GWN: its non-literal or non-toponym types),
  not annotated at all.

It also prints recall and F1 with demonym and adjective targets left out (what the figures
would be if the corpora did not count them). Evaluation only: nothing here is shipped.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict

from bench.geoparse_public import CORPORA, gold_targets, read_corpus, run_batch
from geo.text.gazetteer import Gazetteer, normalise_key

# Words that end a name of an organisation, facility or street the toponym sits inside.
_INSIDE_BEFORE = re.compile(r"(?:[A-Z][\w.'’&-]*\s+)+(?:of|for|de|in)\s+(?:the\s+)?$")
_INSIDE_AFTER = re.compile(r"^\s+(?:[A-Z][\w.'’&-]*)")
_GWN_DEMONYM_TYPES = frozenset({"Demonym", "Language"})


def is_demonym(target: dict, gazetteer: Gazetteer) -> bool:
    if target.get("type") in _GWN_DEMONYM_TYPES:
        return True
    key = normalise_key(target["surface"])
    return bool(key) and gazetteer.demonym_country(key) is not None and gazetteer.lookup(target["surface"]) is None


def inside_longer_name(text: str, start: int, end: int) -> bool:
    """Capitalised words run on before ("University of …") or after ("… Police Department")."""
    before = text[max(0, start - 60) : start]
    after = text[end : end + 30]
    return bool(_INSIDE_BEFORE.search(before) or _INSIDE_AFTER.match(after) and not after.startswith("\n"))


def miss_class(text: str, target: dict, mentions: list[dict], gazetteer: Gazetteer) -> str:
    span = (target["start"], target["end"])
    surface = target["surface"]
    if is_demonym(target, gazetteer):
        return "demonym / adjective (by design)"
    overlapping = [m for m in mentions if m["start"] < span[1] and span[0] < m["end"]]
    if any((m["start"], m["end"]) == span for m in overlapping):
        return "listed as uncertain (same span)"
    if overlapping:
        longer = any(m["start"] <= span[0] and span[1] <= m["end"] for m in overlapping)
        return "span boundary: ours " + ("longer" if longer else "shorter/shifted")
    found = gazetteer.lookup(surface) is not None
    if target.get("type") in ("Embedded_Non_Lit", "Embedded_Literal") or inside_longer_name(text, *span):
        return "inside a longer capitalised name (org/facility/street)" + ("" if found else ", not in gazetteer")
    if surface[:1].islower() or (surface.isupper() and len(surface) > 1):
        return "lowercase or all-caps form" + ("" if found else ", not in gazetteer")
    if found:
        return "in the gazetteer, dropped (common word / person / filter)"
    return "not in the gazetteer"


def false_positive_class(mention: dict, targets: list[dict], others: list[dict]) -> str:
    span = (mention["start"], mention["end"])
    if any(t["start"] < span[1] and span[0] < t["end"] for t in targets):
        return "span boundary (overlaps a target)"
    other = next((t for t in others if (t["start"], t["end"]) == span), None)
    if other is not None:
        return f"annotated non-target ({other.get('type')})"
    if any(t["start"] < span[1] and span[0] < t["end"] for t in others):
        return "overlaps a non-target annotation"
    return "not annotated"


def breakdown(corpus: str, examples: int, gazetteer: Gazetteer) -> None:
    documents = read_corpus(corpus)
    found = run_batch(documents)
    misses: Counter = Counter()
    wrong: Counter = Counter()
    shown: dict[str, list[str]] = defaultdict(list)
    gold = tagged = predicted = demonym_targets = 0
    for document in documents:
        text = document["text"]
        mentions = found.get(document["id"], [])
        mapped = {(m["start"], m["end"]): m for m in mentions if not m["uncertain"]}
        targets = gold_targets(corpus, document)
        spans = {(t["start"], t["end"]) for t in targets}
        gold += len(targets)
        predicted += len(mapped)
        for target in targets:
            if (target["start"], target["end"]) in mapped:
                tagged += 1
                continue
            label = miss_class(text, target, mentions, gazetteer)
            demonym_targets += label.startswith("demonym")
            misses[label] += 1
            context = text[max(0, target["start"] - 25) : target["end"] + 25].replace("\n", " ")
            shown["miss " + label].append(f"{target['surface']!r} in …{context}…")
        others = [t for t in document["toponyms"] if (t["start"], t["end"]) not in spans]
        for span, mention in mapped.items():
            if span in spans:
                continue
            label = false_positive_class(mention, targets, others)
            wrong[label] += 1
            context = text[max(0, span[0] - 25) : span[1] + 25].replace("\n", " ")
            shown["fp " + label].append(f"{mention['text']!r} -> {mention['name']} ({mention['kind']}) in …{context}…")
    print(f"\n{CORPORA[corpus]}: {gold} targets, {tagged} tagged, {gold - tagged} missed, {predicted - tagged} false")
    for title, counts, prefix in (("missed", misses, "miss "), ("false positives", wrong, "fp ")):
        print(f" {title}:")
        for label, count in counts.most_common():
            print(f"  {count:5}  {label}")
            listed = shown[prefix + label]
            for line in listed[:: max(1, len(listed) // max(examples, 1))][:examples]:
                print(f"           {line}")
    p = tagged / predicted if predicted else 0.0
    for title, denominator in (("as scored", gold), ("demonym targets left out", gold - demonym_targets)):
        r = tagged / denominator if denominator else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f" {title}: P {p:.3f} R {r:.3f} F1 {f1:.3f} ({denominator} targets)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append", help="only this corpus (repeatable)")
    parser.add_argument("--examples", type=int, default=6, help="examples printed per class")
    args = parser.parse_args(argv)
    gazetteer = Gazetteer()
    for corpus in args.corpus or list(CORPORA):
        breakdown(corpus, args.examples, gazetteer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
