"""Geoparsing evaluation (issue 12 §4), one command from the repository root:

    .venv/bin/python -m bench.geoparse_eval [--verbose] [--write]

Runs `geo.text.extract.extract` with the app's gazetteer on the team-annotated texts in
bench/geoparse/texts/ (our own writing) and on the source article (read from where the app
reads it; only its place names are annotated), and scores the places put on the map (the
confident ones) against bench/geoparse/gold/*.json (written by `bench.geoparse.annotate`):

- a found place is *correct* when one of the names it was found by is a name of an annotated
  place and its point lies within that place's distance (161 km for a town; more for a
  country, region, river or sea);
- precision = correct / found, recall = correct / annotated, F1 their harmonic mean;
- accuracy@161 km = correct / found places whose name matched an annotated place;
- "non-places on the map" = found places whose name is no annotated place at all.

It also prints the gazetteer's load time and memory, and the extraction time per 100 KB of
text. `--write` puts the section "Geoparsing evaluation" into bench/results.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from geo.model.loader import ARTICLE_PATH
from geo.text.extract import ExtractionResult, extract
from geo.text.gazetteer import Gazetteer, base_key, normalise_key
from geo.text.resolve import km_between

BENCH_DIR = Path(__file__).resolve().parent
TEXTS_DIR = BENCH_DIR / "geoparse" / "texts"
GOLD_DIR = BENCH_DIR / "geoparse" / "gold"
RESULTS_PATH = BENCH_DIR / "results.md"
SECTION = "Geoparsing evaluation"
TARGETS = {"precision": 0.95, "recall": 0.80, "f1": 0.87}
SPEED_TEXT_KB = 100


@dataclass
class Score:
    found: int = 0
    correct: int = 0
    annotated: int = 0
    name_matched: int = 0
    non_places: list[str] = field(default_factory=list)
    wrong_point: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("found", "correct", "annotated", "name_matched"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.non_places += other.non_places
        self.wrong_point += other.wrong_point
        self.missed += other.missed

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.annotated if self.annotated else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy_161(self) -> float:
        return self.correct / self.name_matched if self.name_matched else 1.0


def score(result: ExtractionResult, gold: dict) -> Score:
    surfaces: dict[str, set[str]] = {}
    for mention in result.mentions:
        if mention.place_id:
            # "Lachin districts" is found by the name "Lachin"
            surfaces.setdefault(mention.place_id, set()).update({normalise_key(mention.text), base_key(mention.text)})
    by_key = {normalise_key(n): i for i, entry in enumerate(gold["places"]) for n in entry["names"]}
    outcome = Score(annotated=len(gold["places"]))
    matched: set[int] = set()
    for place in result.places:
        outcome.found += 1
        keys = surfaces.get(place.place_id, set())
        index = next((by_key[k] for k in sorted(keys) if k in by_key and by_key[k] not in matched), None)
        if index is None:
            outcome.non_places.append(f"{place.text or place.name} -> {place.name} ({place.lat:.2f}, {place.lon:.2f})")
            continue
        entry = gold["places"][index]
        outcome.name_matched += 1
        distance = km_between(place.lat, place.lon, entry["lat"], entry["lon"])
        if distance <= entry["within_km"]:
            outcome.correct += 1
            matched.add(index)
        else:
            outcome.wrong_point.append(f"{entry['names'][0]} -> {place.name}, {distance:,.0f} km off")
    outcome.missed = [gold["places"][i]["names"][0] for i in range(len(gold["places"])) if i not in matched]
    return outcome


def texts() -> list[tuple[str, str, dict]]:
    items = []
    for gold_path in sorted(GOLD_DIR.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = ARTICLE_PATH if gold["text"] == "karabakh-article.txt" else TEXTS_DIR / gold["text"]
        if not path.is_file():
            print(f"skipped {gold['text']}: {path} is not there", file=sys.stderr)
            continue
        items.append((gold["text"], path.read_text(encoding="utf-8"), gold))
    return items


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(verbose: bool) -> list[str]:
    from geo.model.loader import load_places
    from geo.text.gazetteer import _cache_path

    places = load_places()
    cached = _cache_path().is_file()
    gc.collect()
    before = _rss_mb()
    started = time.perf_counter()
    gazetteer = Gazetteer(places)
    extract("Warm-up in Baku.", gazetteer)  # builds the lazily loaded parts (units, word frequencies)
    load_seconds = time.perf_counter() - started
    gc.collect()
    added = _rss_mb() - before
    lines = [
        "| Text | Annotated | Found | Correct | Precision | Recall | F1 | Acc@161 km | Non-places |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    total = Score()
    corpus = []
    for name, text, gold in texts():
        corpus.append(text)
        outcome = score(extract(text, gazetteer), gold)
        total.add(outcome)
        lines.append(
            f"| {name} | {outcome.annotated} | {outcome.found} | {outcome.correct} | {outcome.precision:.2f} | "
            f"{outcome.recall:.2f} | {outcome.f1:.2f} | {outcome.accuracy_161:.2f} | {len(outcome.non_places)} |"
        )
        if verbose:
            for label, items in (
                ("not a place", outcome.non_places),
                ("wrong point", outcome.wrong_point),
                ("missed", outcome.missed),
            ):
                for item in items:
                    print(f"  {name}: {label}: {item}")
    lines.append(
        f"| **all** | {total.annotated} | {total.found} | {total.correct} | **{total.precision:.2f}** | "
        f"**{total.recall:.2f}** | **{total.f1:.2f}** | {total.accuracy_161:.2f} | {len(total.non_places)} |"
    )
    joined = "\n\n".join(corpus)
    reps = max(1, SPEED_TEXT_KB * 1024 // max(1, len(joined.encode())) + 1)
    long_text = "\n\n".join([joined] * reps)[: SPEED_TEXT_KB * 1024]
    best = min(_timed(extract, long_text, gazetteer) for _ in range(3))
    lines += [
        "",
        f"Targets: precision ≥ {TARGETS['precision']}, recall ≥ {TARGETS['recall']}, F1 ≥ {TARGETS['f1']}; "
        f"misses: precision {max(0.0, TARGETS['precision'] - total.precision):.2f}, "
        f"recall {max(0.0, TARGETS['recall'] - total.recall):.2f}, F1 {max(0.0, TARGETS['f1'] - total.f1):.2f}.",
        f"Gazetteer load (curated places, GeoNames, units, first extraction; "
        f"{'from the cache file' if cached else 'built, no cache file yet'}): {load_seconds:.1f} s (target ≤ 3 s); "
        f"memory added: {added:.0f} MB (target ≤ 500 MB).",
        f"Extraction of {SPEED_TEXT_KB} KB (these texts repeated), gazetteer loaded: {best:.2f} s (target ≤ 1.5 s).",
    ]
    return lines


def _timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def write_section(lines: list[str]) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    body = f"## {SECTION}\n\nRun {stamp} with `.venv/bin/python -m bench.geoparse_eval`.\n\n" + "\n".join(lines) + "\n"
    held = RESULTS_PATH.read_text(encoding="utf-8") if RESULTS_PATH.is_file() else ""
    pattern = re.compile(rf"^## {re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    updated = pattern.sub(lambda _: body + "\n", held) if pattern.search(held) else held.rstrip() + "\n\n" + body
    RESULTS_PATH.write_text(updated, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every non-place, wrong point and miss")
    parser.add_argument("--write", action="store_true", help="write the table into bench/results.md")
    args = parser.parse_args()
    lines = run(args.verbose)
    print("\n".join(lines))
    if args.write:
        write_section(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
