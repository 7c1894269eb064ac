"""Geoparsing on the field's public benchmarks (issue 20), one command from the repository root:

    .venv/bin/python -m bench.geoparse_public [--corpus gwn|lgl|trnews ...] [--limit N] [--kinds] [--write]

Reads GeoWebNews (GWN), LGL and TR-News from ../shared/geoparse-bench/ (one JSON line per
document, with gold spans and coordinates; see that folder's README), runs every document
through the batch command `python -m geo extract --jsonl FILE` and scores what it maps:

- geotagging precision / recall / F1: exact spans (start and end both equal), against the
  corpus's own targets (GWN: `geotag_target`; LGL, TR-News: every toponym); only mapped
  mentions count (uncertain ones are listed by the app, not drawn, so they are not predictions);
- the same with `--demonyms` ("Russian" as a mention of Russia, as LGL and GWN annotate; the
  app's own maps leave demonyms out), on its own line;
- resolution, on the correctly tagged spans that have gold coordinates: accuracy within
  161 km, mean error in km, and the AUC of the error curve (Gritta et al.: the area under the
  sorted log(1 + km) errors over log(20039); 0 is perfect, lower is better).

Each corpus is scored on its dev half (even document ids: develop against these), its
held-out half (odd ids) and the whole, each on its own line, with the published figures
(`published_results.csv`) below ours. `--write` puts the tables into bench/results.md.
The corpora are for evaluation only: nothing derived from them is shipped.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from geo.text.resolve import km_between

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
CORPUS_DIR = REPO.parent / "shared" / "geoparse-bench"
RESULTS_PATH = BENCH_DIR / "results.md"
SECTION = "Geoparsing on public benchmarks (issue 20)"
CORPORA = {"gwn": "GeoWebNews", "lgl": "LGL", "trnews": "TR-News"}
# Targets of issue 20 (strict metrics, all documents).
TARGETS = {
    "gwn": {"f1": 0.75, "acc161": 0.90, "precision": 0.90},
    "lgl": {"f1": 0.72, "acc161": 0.77, "precision": 0.90},
    "trnews": {"f1": 0.80, "acc161": 0.85, "precision": 0.90},
}
ACC_KM = 161
_LEADING_NUMBER = re.compile(r"\d+(?:\.\d+)?")  # "0.22 (0.18)", "84.3%"
EARTH_HALF_CIRCUMFERENCE_KM = 20039
# Published metric names -> our columns; the first listed wins when a system has both.
PUBLISHED_METRICS = {
    "precision": ("geotagging precision (exact)", "precision"),
    "recall": ("geotagging recall (exact)", "recall"),
    "f1": ("geotagging F1 (exact)", "F1"),
    "acc161": ("accuracy@161km",),
    "mean_km": ("mean error km",),
    "auc": ("AUC",),
}


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    tagged: int = 0  # exact span matches
    errors_km: list[float] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.tagged += other.tagged
        self.errors_km += other.errors_km

    @property
    def precision(self) -> float:
        return self.tagged / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tagged / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def acc161(self) -> float:
        return sum(e <= ACC_KM for e in self.errors_km) / len(self.errors_km) if self.errors_km else 0.0

    @property
    def mean_km(self) -> float:
        return sum(self.errors_km) / len(self.errors_km) if self.errors_km else 0.0

    @property
    def auc(self) -> float:
        """Area under the curve of sorted log errors, scaled to 0..1 (Gritta et al. 2018)."""
        logs = sorted(math.log(e + 1) for e in self.errors_km)
        if len(logs) < 2:
            return 0.0
        area = sum((a + b) / 2 for a, b in zip(logs, logs[1:], strict=False))
        return area / (math.log(EARTH_HALF_CIRCUMFERENCE_KM) * (len(logs) - 1))


def corpus_path(name: str) -> Path:
    return CORPUS_DIR / f"{name}.jsonl"


def read_corpus(name: str) -> list[dict]:
    path = corpus_path(name)
    if not CORPUS_DIR.is_dir():
        raise SystemExit(
            f"the benchmark corpora are not there: {str(CORPUS_DIR)!r} does not exist "
            "(../shared/geoparse-bench/ beside the repository; see issue 20)"
        )
    if not path.is_file():
        raise SystemExit(f"corpus file {str(path)!r} is missing")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def gold_targets(name: str, document: dict) -> list[dict]:
    if name == "gwn":
        return [t for t in document["toponyms"] if t.get("geotag_target")]
    return list(document["toponyms"])


def is_dev(doc_id: str) -> bool:
    """The dev half: even numeric ids (the others are held out)."""
    digits = re.sub(r"\D", "", doc_id)
    return int(digits or "0") % 2 == 0


def run_batch(documents: list[dict], demonyms: bool = False) -> dict[str, list[dict]]:
    """Every mention (mapped and uncertain) per document id, from `python -m geo extract --jsonl`."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as handle:
        for document in documents:
            handle.write(json.dumps({"id": document["id"], "text": document["text"]}, ensure_ascii=False) + "\n")
        batch = Path(handle.name)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "geo", "extract", "--jsonl", str(batch), *(["--demonyms"] if demonyms else [])],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        batch.unlink(missing_ok=True)
    if done.returncode != 0:
        raise SystemExit(f"python -m geo extract --jsonl failed ({done.returncode}):\n{done.stderr[-2000:]}")
    results = [json.loads(line) for line in done.stdout.split("\n") if line.strip()]
    return {r["id"]: r["mentions"] for r in results}


def score_document(targets: list[dict], mentions: list[dict]) -> tuple[Score, list[str]]:
    by_span = {(t["start"], t["end"]): t for t in targets}
    outcome = Score(predicted=len(mentions), gold=len(targets))
    notes = []
    for mention in mentions:
        gold = by_span.get((mention["start"], mention["end"]))
        if gold is None:
            notes.append(f"not a target: {mention['text']!r} -> {mention['name']}")
            continue
        outcome.tagged += 1
        if gold.get("lat") is not None and gold.get("lon") is not None:
            error = km_between(mention["lat"], mention["lon"], gold["lat"], gold["lon"])
            outcome.errors_km.append(error)
            if error > ACC_KM:
                notes.append(f"{error:,.0f} km off: {mention['text']!r} -> {mention['name']}")
    found = {(m["start"], m["end"]) for m in mentions}
    notes += [f"missed: {t['surface']!r}" for t in targets if (t["start"], t["end"]) not in found]
    return outcome, notes


def gold_kind(target: dict) -> str:
    """The corpus's own kind of a toponym: GWN's type, else its GeoNames feature code (LGL, TR-News)."""
    return target.get("type") or target.get("fcode") or "no kind"


def how_missed(target: dict, mentions: list[dict]) -> str:
    """Why a target is not a mapped mention with its exact span: listed as uncertain, found with
    another span (inside a longer name, or a part of it), or not found at all."""
    span = (target["start"], target["end"])
    overlapping = [m for m in mentions if m["start"] < span[1] and span[0] < m["end"]]
    if any((m["start"], m["end"]) == span for m in overlapping):
        return "uncertain"
    if overlapping:
        return "other span" + (", uncertain" if all(m["uncertain"] for m in overlapping) else "")
    return "not found"


def kind_tallies(targets: list[dict], mentions: list[dict]) -> Counter:
    """Counts of misses (by gold kind and how missed), wrong points (by gold kind) and false
    positives (by the app's kind) of one document."""
    mapped = {(m["start"], m["end"]): m for m in mentions if not m["uncertain"]}
    tallies: Counter = Counter()
    for target in targets:
        mention = mapped.get((target["start"], target["end"]))
        if mention is None:
            tallies[("missed", gold_kind(target), how_missed(target, mentions))] += 1
        elif target.get("lat") is not None and target.get("lon") is not None:
            error = km_between(mention["lat"], mention["lon"], target["lat"], target["lon"])
            if error > ACC_KM:
                tallies[("over 161 km off", gold_kind(target), mention["kind"] or "")] += 1
    spans = {(t["start"], t["end"]) for t in targets}
    for span, mention in mapped.items():
        if span not in spans:
            tallies[("not a target", mention["kind"] or "", "")] += 1
    return tallies


def print_kinds(corpus: str, tallies: Counter, top: int = 25) -> None:
    for outcome in ("missed", "over 161 km off", "not a target"):
        rows = sorted(((n, k) for k, n in tallies.items() if k[0] == outcome), reverse=True)
        print(f"  {corpus} dev half, {outcome}: {sum(n for n, _ in rows)}")
        for count, (_, kind, how) in rows[:top]:
            print(f"    {count:5}  {kind}" + (f" ({how})" if how else ""))


def published(corpus: str) -> list[tuple[str, dict[str, float]]]:
    """(system, {column: value}) from published_results.csv, for this corpus (its main form only)."""
    wanted = CORPORA[corpus]
    path = CORPUS_DIR / "published_results.csv"
    systems: dict[str, dict[str, tuple[int, float]]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["corpus"] != wanted:
                continue
            for column, names in PUBLISHED_METRICS.items():
                if row["metric"] not in names:
                    continue
                number = _LEADING_NUMBER.match(row["value"].replace(",", ""))
                if number is None:
                    continue
                value = float(number.group())
                if column in ("precision", "recall", "f1", "acc161") and value > 1:
                    value /= 100
                rank = names.index(row["metric"])
                held = systems.setdefault(row["system"], {}).get(column)
                if held is None or rank < held[0]:
                    systems[row["system"]][column] = (rank, value)
    return [(system, {c: v for c, (_, v) in values.items()}) for system, values in systems.items()]


def _cell(values: dict[str, float], column: str) -> str:
    value = values.get(column)
    if value is None:
        return ""
    return f"{value:,.0f}" if column == "mean_km" else f"{value:.3f}"


def table(corpus: str, scores: dict[str, Score], documents: dict[str, int]) -> list[str]:
    lines = [
        f"### {CORPORA[corpus]}",
        "",
        "| system / part | documents | targets | P | R | F1 | acc@161 km | mean error km | AUC |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for part in (*PARTS, DEMONYM_PART):
        score = scores[part]
        values = {
            "precision": score.precision,
            "recall": score.recall,
            "f1": score.f1,
            "acc161": score.acc161,
            "mean_km": score.mean_km,
            "auc": score.auc,
        }
        cells = " | ".join(_cell(values, c) for c in PUBLISHED_METRICS)
        bold = "**" if part == "all" else ""
        lines.append(f"| {bold}this app, {part}{bold} | {documents[part]} | {score.gold} | {cells} |")
    for system, values in published(corpus):
        cells = " | ".join(_cell(values, c) for c in PUBLISHED_METRICS)
        lines.append(f"| {system} (published) | | | {cells} |")
    whole = scores["all"]
    target = TARGETS[corpus]
    lines += [
        "",
        f"Targets (all documents): F1 ≥ {target['f1']} ({whole.f1:.3f}), acc@161 ≥ {target['acc161']} "
        f"({whole.acc161:.3f}), precision ≥ {target['precision']} ({whole.precision:.3f}). "
        f"Resolution is scored on {len(whole.errors_km):,} correctly tagged spans with gold coordinates.",
        "",
    ]
    return lines


PARTS = ("dev (even ids)", "held-out (odd ids)", "all")
DEMONYM_PART = "all, with --demonyms"


def _scores(
    corpus: str, documents: list[dict], found: dict[str, list[dict]], verbose: bool = False, kinds: bool = False
) -> dict[str, Score]:
    scores = {part: Score() for part in PARTS}
    tallies: Counter = Counter()
    for document in documents:
        mentions = found.get(document["id"], [])
        targets = gold_targets(corpus, document)
        outcome, notes = score_document(targets, [m for m in mentions if not m["uncertain"]])
        part = PARTS[0] if is_dev(document["id"]) else PARTS[1]
        scores[part].add(outcome)
        scores["all"].add(outcome)
        if part != PARTS[0]:  # only the dev half is looked at in detail
            continue
        if verbose:
            for note in notes:
                print(f"  {corpus} {document['id']}: {note}")
        if kinds:
            tallies += kind_tallies(targets, mentions)
    if kinds:
        print_kinds(corpus, tallies)
    return scores


def evaluate(corpus: str, limit: int | None, verbose: bool, kinds: bool = False) -> list[str]:
    documents = read_corpus(corpus)
    if limit:
        documents = documents[:limit]
    started = time.perf_counter()
    scores = _scores(corpus, documents, run_batch(documents), verbose, kinds)
    seconds = time.perf_counter() - started
    # The corpora annotate demonyms ("Russian") as toponyms; the app's maps do not draw them.
    scores[DEMONYM_PART] = _scores(corpus, documents, run_batch(documents, demonyms=True))["all"]
    counts = {
        PARTS[0]: sum(is_dev(d["id"]) for d in documents),
        PARTS[1]: sum(not is_dev(d["id"]) for d in documents),
        PARTS[2]: len(documents),
        DEMONYM_PART: len(documents),
    }
    lines = table(corpus, scores, counts)
    lines.insert(-1, f"Batch extraction of {len(documents)} documents (gazetteer load included): {seconds:.1f} s.")
    return lines


def write_section(lines: list[str]) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    body = (
        f"## {SECTION}\n\nRun {stamp} with `.venv/bin/python -m bench.geoparse_public`. Geotagging: exact spans "
        "against each corpus's targets, mapped (not uncertain) mentions only. Resolution: correctly tagged spans "
        "with gold coordinates. Published figures from ../shared/geoparse-bench/published_results.csv "
        "(each paper's own setting; not all are strictly comparable).\n\n" + "\n".join(lines).rstrip() + "\n"
    )
    held = RESULTS_PATH.read_text(encoding="utf-8") if RESULTS_PATH.is_file() else ""
    pattern = re.compile(rf"^## {re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    updated = pattern.sub(lambda _: body + "\n", held) if pattern.search(held) else held.rstrip() + "\n\n" + body
    RESULTS_PATH.write_text(updated, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append", help="only this corpus (repeatable)")
    parser.add_argument("--limit", type=int, help="only the first N documents of each corpus (while iterating)")
    parser.add_argument("--verbose", action="store_true", help="list misses and wrong points of the dev half")
    parser.add_argument(
        "--kinds", action="store_true", help="count the dev half's misses, wrong points and false positives by kind"
    )
    parser.add_argument("--write", action="store_true", help="write the tables into bench/results.md")
    args = parser.parse_args(argv)
    lines: list[str] = []
    for corpus in args.corpus or list(CORPORA):
        part = evaluate(corpus, args.limit, args.verbose, args.kinds)
        print("\n".join(part), flush=True)
        lines += part
    if args.write:
        if args.limit or args.corpus:
            print("not written: --write needs every document of every corpus", file=sys.stderr)
            return 2
        write_section(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
