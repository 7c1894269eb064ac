"""From any text to a map: the places it names, its text with those names marked, draft events.

Built on `geo.extract` (places and dates found offline) and kept free of Streamlit. Every piece
of HTML here is made from escaped text (`geo.safe.html_text`) and our own tags only.
"""

from __future__ import annotations

import bisect
import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from geo.extract import ExtractionResult, PlaceSummary, paragraph_spans
from geo.naming import place_label
from geo.prepare import date_label
from geo.safe import html_text
from geo.schema import MAX_TEXT

# The article the app maps; outside the repository, so a deployment may point elsewhere or lack it.
ARTICLE_PATH = Path(
    os.environ.get("ARTICLE_PATH") or Path(__file__).resolve().parents[2] / "shared" / "source" / "karabakh-article.txt"
)
DRAFT_CATEGORY = "context"
SOURCE_LABELS = {
    "curated": "the app's own gazetteer",
    "geonames": "GeoNames (a town or city)",
    "geonames-country": "GeoNames (a country, drawn at its capital)",
    "geonames-continent": "GeoNames (a continent, drawn at its centre)",
}
_PRECISION_BY_LENGTH = {10: "day", 7: "month", 4: "year"}
_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}

# Scoped to the container the page gives the text; colours pass WCAG AA on white.
TEXT_CSS = """
<style>
.mapped-text { max-height: 32rem; overflow-y: auto; border: 1px solid #8A94A3; padding: 0.5rem 0.9rem;
  background: #fff; color: #111; font: 1rem/1.6 system-ui, sans-serif; }
.mapped-text p { white-space: pre-line; margin: 0 0 0.8rem 0; }
.mapped-text .para-no { display: inline-block; min-width: 2.2em; color: #4a4a4a; font-size: 0.8rem;
  font-weight: 600; user-select: none; }
.mapped-text mark.place { background: #ffe08a; color: #111; padding: 0 2px; border-bottom: 2px solid #8a6d00; }
.mapped-text mark.place sup { font-weight: 700; color: #0B4F8A; margin-left: 1px; }
.mapped-text .unresolved { text-decoration: underline dotted #6a3d9a; text-underline-offset: 3px; }
</style>
"""


def place_labels(places: pd.DataFrame) -> dict[str, str]:
    """Curated place id -> its label; a contested place carries both names ("Shusha / Shushi")."""
    return {row.id: place_label(row.names, row.contested_names) for row in places.itertuples(index=False)}


def label_of(place: PlaceSummary, labels: Mapping[str, str]) -> str:
    return labels.get(place.place_id) or place.name


def numbered(result: ExtractionResult) -> dict[str, int]:
    """Place id -> its number on the map and in the text (1, 2, ... in order of first mention)."""
    return {place.place_id: number for number, place in enumerate(result.places, start=1)}


def highlighted_html(raw: str, result: ExtractionResult, labels: Mapping[str, str] = MappingProxyType({})) -> str:
    """The text as HTML paragraphs (numbered as `geo.extract` counts them), each place name in a
    <mark> with its map number, each unresolved name dotted-underlined. Text is escaped."""
    numbers = numbered(result)
    by_id = {place.place_id: place for place in result.places}
    mentions = sorted(result.mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    html = ['<div class="mapped-text">']
    for paragraph, (start, end) in enumerate(paragraph_spans(raw), start=1):
        parts = [f'<p><span class="para-no" title="paragraph {paragraph}">{paragraph}</span>']
        position = start
        for mention in mentions[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]:
            if mention.start < position:  # overlaps the one before: keep the first
                continue
            stop = min(mention.end, end)
            parts.append(html_text(raw[position : mention.start]))
            shown = html_text(raw[mention.start : stop])
            if mention.place_id and mention.place_id in by_id:
                place = by_id[mention.place_id]
                number = numbers[mention.place_id]
                source = SOURCE_LABELS.get(place.source, place.source)
                title = html_text(f"{number}. {label_of(place, labels)}: {place.kind}, from {source}")
                parts.append(f'<mark class="place" title="{title}">{shown}<sup>{number}</sup></mark>')
            else:
                parts.append(f'<span class="unresolved" title="not found in the gazetteer">{shown}</span>')
            position = stop
        parts.append(html_text(raw[position:end]) + "</p>")
        html.append("".join(parts))
    html.append("</div>")
    return "\n".join(html)


def _located(place: PlaceSummary) -> bool:
    return math.isfinite(place.lat) and math.isfinite(place.lon)


def draft_events(result: ExtractionResult, source_name: str, labels: Mapping[str, str] = MappingProxyType({})) -> dict:
    """A GeoJSON FeatureCollection of draft events: one per dated sentence that names a place.

    The sentence's most precise date (the first of equals) is the event's date; its places are
    the geometry; the sentence is the summary. Each draft passes `geo.schema.check_event` for
    uploads, so the file can be edited and uploaded again on the data page. `labels` names
    curated places (both names of a contested place).
    """
    by_id = {place.place_id: place for place in result.places}
    features = []
    for sentence in result.dated_sentences:
        places = [by_id[i] for i in sentence.place_ids if i in by_id and _located(by_id[i])]
        if not places or not sentence.dates:
            continue
        date = max(sentence.dates, key=lambda d: _PRECISION_RANK[_PRECISION_BY_LENGTH[len(d)]])
        precision = _PRECISION_BY_LENGTH[len(date)]
        names = [label_of(place, labels) for place in places]
        coordinates = [[round(place.lon, 5), round(place.lat, 5)] for place in places]
        geometry = (
            {"type": "Point", "coordinates": coordinates[0]}
            if len(coordinates) == 1
            else {"type": "MultiPoint", "coordinates": coordinates}
        )
        summary = sentence.text if len(sentence.text) <= MAX_TEXT else sentence.text[: MAX_TEXT - 1] + "…"
        number = len(features) + 1
        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
        properties = {
            "id": f"draft-{number}",
            "date": date,
            "date_precision": precision,
            "title": f"{', '.join(names[:3])}{more}: {date_label(date, precision)}",
            "summary": summary,
            "category": DRAFT_CATEGORY,
            "places": names,
            "source_paragraphs": [sentence.paragraph],
        }
        features.append({"type": "Feature", "id": properties["id"], "properties": properties, "geometry": geometry})
    return {
        "type": "FeatureCollection",
        "name": f"Draft events from {source_name}",
        "description": (
            "One draft event per sentence that has a date and names a place. Check each date, place and "
            "category (all start as 'context'), write a neutral title, then upload the file on the data page."
        ),
        "features": features,
    }


def draft_bytes(result: ExtractionResult, source_name: str, labels: Mapping[str, str] = MappingProxyType({})) -> bytes:
    return json.dumps(draft_events(result, source_name, labels), ensure_ascii=False, indent=1).encode("utf-8")
