"""Facts about the source article, computed once from its text and shipped in data/, so the
product works the same from a clone that lacks the text (which is not ours to redistribute).

The facts are positions and counts only, never passages: how long the text is, how many
paragraphs it has, where (paragraph, character offsets) and how often it names each place,
and the capitalised names it contains that are not places (people, organisations). Written by
`scripts/build_article_facts.py`; a test rebuilds them from the text, where it is present, and
compares.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import geopandas as gpd

from geo.text.extract import ExtractionResult, NameSummary, PlaceSummary, extract, paragraph_spans
from geo.text.gazetteer import Gazetteer

FACTS_PATH = Path(__file__).resolve().parents[2] / "data" / "article_facts.json"


def build_facts(raw: str, places: gpd.GeoDataFrame, gazetteer: Gazetteer) -> dict:
    """`places`: the app's own places (the Places page counts with these alone, as the data was
    built); `gazetteer`: the full finder "Map a text" uses (own places, then GeoNames)."""
    own = extract(raw, Gazetteer(places, geonames=False))
    found = {p.place_id: p for p in own.places}
    full = extract(raw, gazetteer)
    return {
        "about": (
            "Positions and counts computed from the source article's text (no passages of it); "
            "written by scripts/build_article_facts.py."
        ),
        "characters": len(raw),
        "paragraphs": len(paragraph_spans(raw)),
        "place_mentions": {
            pid: {
                "count": found[pid].count if pid in found else 0,
                "paragraphs": list(found[pid].paragraphs) if pid in found else [],
            }
            for pid in places["id"]
        },
        "text_mapping": {
            "places": [dataclasses.asdict(p) for p in full.places],
            "mentions": [[m.place_id, m.paragraph, m.start, m.end] for m in full.mentions if m.place_id],
            "unresolved": [dataclasses.asdict(n) for n in full.unresolved],
            "dates": len(full.dates),
            "dated_sentences": len(full.dated_sentences),
        },
    }


def write_facts(facts: dict, path: Path = FACTS_PATH) -> None:
    path.write_text(json.dumps(facts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load_facts(path: Path = FACTS_PATH) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def place_mentions(facts: dict) -> dict[str, tuple[int, tuple[int, ...]]]:
    """Place id -> (how many times the article names it, the paragraphs)."""
    return {pid: (m["count"], tuple(m["paragraphs"])) for pid, m in facts["place_mentions"].items()}


def mapping_result(facts: dict) -> ExtractionResult:
    """The article's text mapping as "Map a text" shows it, without the text: places and
    unresolved names (no mentions to mark, no dated sentences to draft events from)."""
    mapping = facts["text_mapping"]
    places = tuple(PlaceSummary(**{**p, "paragraphs": tuple(p["paragraphs"])}) for p in mapping["places"])
    unresolved = tuple(NameSummary(**{**n, "paragraphs": tuple(n["paragraphs"])}) for n in mapping["unresolved"])
    return ExtractionResult(places=places, mentions=(), dates=(), dated_sentences=(), unresolved=unresolved)
