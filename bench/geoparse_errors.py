"""Resolution errors over 161 km on the public geoparsing corpora, by class (issue 20):

    .venv/bin/python -m bench.geoparse_errors [--corpus gwn|trnews|lgl ...] [--examples N]

Runs the batch command as `bench.geoparse_public` does and sorts every correctly tagged span
that is mapped more than 161 km from its gold point into one class:

- area at another point: the app and the gold both name a country / first-level unit / continent
  / sea (the same area), only its representative point differs;
- area read as a town: the gold is an area, the app chose a town of that name;
- town read as an area: the gold is a town (or a feature), the app chose an area;
- wrong town: both are towns or features, another referent of the name;
- other: the rest (the gold kind is not known).

The gold kind comes from the corpus's GeoNames feature code (LGL, TR-News) or, where the corpus
has none (GWN), from the app's kind alone: GWN classes say what the app chose.
Evaluation only: nothing here is shipped.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict

from bench.geoparse_public import ACC_KM, CORPORA, gold_targets, read_corpus, run_batch
from geo.text.resolve import km_between

AREA_KINDS = frozenset({"country", "region", "continent", "sea", "historical", "district"})
AREA_CODES = ("PCL", "ADM", "CONT", "RGN", "TERR", "ZN", "OCN", "SEA", "GULF", "BAY", "ISLS", "MTS", "AREA")


def gold_is_area(target: dict) -> bool | None:
    """True for a country, unit, continent, region or sea by the corpus's feature code; None when unknown."""
    code = target.get("fcode")
    if not code:
        return None
    return code.startswith(AREA_CODES) or target.get("fclass") in ("A", "L", "H", "T") and not code.startswith("PP")


def error_class(target: dict, mention: dict) -> str:
    app_area = (mention.get("kind") or "") in AREA_KINDS
    gold_area = gold_is_area(target)
    kind = mention.get("kind") or "no kind"
    if gold_area is None:  # GWN: no feature code; the app's kind is the only evidence
        return f"app's {kind} far from gold (" + ("an area" if app_area else "a town or feature") + ")"
    if gold_area and app_area:
        return f"area at another point (app's {kind})"
    if gold_area:
        return "area read as a town"
    if app_area:
        return "town read as an area"
    return "wrong town"


def breakdown(corpus: str, examples: int) -> None:
    documents = read_corpus(corpus)
    found = run_batch(documents)
    classes: Counter = Counter()
    shown: dict[str, list[str]] = defaultdict(list)
    names: dict[str, Counter] = defaultdict(Counter)
    scored = 0
    for document in documents:
        mapped = {(m["start"], m["end"]): m for m in found.get(document["id"], []) if not m["uncertain"]}
        for target in gold_targets(corpus, document):
            mention = mapped.get((target["start"], target["end"]))
            if mention is None or target.get("lat") is None or target.get("lon") is None:
                continue
            scored += 1
            error = km_between(mention["lat"], mention["lon"], target["lat"], target["lon"])
            if error <= ACC_KM:
                continue
            label = error_class(target, mention)
            classes[label] += 1
            gold = target.get("gazetteer_name") or ""
            code = target.get("fcode") or target.get("type") or ""
            names[label][mention["name"]] += 1
            shown[label].append(
                f"{document['id']}: {target['surface']!r} -> {mention['name']} ({mention['kind']}, "
                f"{mention['lat']:.2f},{mention['lon']:.2f}); gold {gold} {code} ({target['lat']:.2f},"
                f"{target['lon']:.2f}), {error:,.0f} km"
            )
    print(f"{CORPORA[corpus]}: {sum(classes.values())} of {scored} resolved spans over {ACC_KM} km")
    for label, count in classes.most_common():
        print(f"  {count:5}  {label}; most often: " + ", ".join(f"{n} {c}" for n, c in names[label].most_common(6)))
        for line in sorted(set(shown[label]), key=shown[label].index)[:examples]:
            print(f"         {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append", help="only this corpus (repeatable)")
    parser.add_argument("--examples", type=int, default=8, help="examples printed per class")
    args = parser.parse_args(argv)
    for corpus in args.corpus or ["gwn", "trnews"]:
        breakdown(corpus, args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
