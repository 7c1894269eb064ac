"""Write data/events.geojson from the curated list of events the article reports (scripts/events.toml)
and its translations (scripts/events_az.toml, events_hy.toml, events_ru.toml: per event id, the
title, summary and source_claim in that language, written as `title_az` … beside the English).

Each event names its places by id; its geometry is taken from data/places.geojson:
a Point for one place, a MultiPoint for several. Polygons contribute their
representative point (always inside the shape), lines their midpoint.

Run: .venv/bin/python scripts/build_events.py
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[1]
PLACES_PATH = ROOT / "data" / "places.geojson"
EVENTS_PATH = ROOT / "data" / "events.geojson"
CURATED_EVENTS = Path(__file__).resolve().parent / "events.toml"
TRANSLATIONS = {lang: Path(__file__).resolve().parent / f"events_{lang}.toml" for lang in ("az", "hy", "ru")}

# Run as a plain script, the repo root is not on sys.path; the `geo` package lives there.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from geo.model.schema import (  # noqa: E402
    TRANSLATED_CASUALTY_FIELDS,
    TRANSLATED_EVENT_FIELDS,
    TRANSLATION_LANGUAGES,
    DataError,
    check_collection,
    check_event,
    duplicate_ids,
)

COORDINATE_DECIMALS = 5  # about 1 m; more digits only add noise to the file


def curated_events(path: Path = CURATED_EVENTS, translations: dict[str, Path] = TRANSLATIONS) -> list[dict]:
    """The events as curated by hand, in order, each with its translations (`title_az` …) after the
    English. Exits naming the file, id and field when a translation is for no event or no field."""
    events = tomllib.loads(path.read_text(encoding="utf-8"))["event"]
    by_id = {event["id"]: event for event in events}
    for lang in TRANSLATION_LANGUAGES:
        table = tomllib.loads(translations[lang].read_text(encoding="utf-8"))
        for event_id, fields in table.items():
            if event_id not in by_id:
                sys.exit(f"{translations[lang]}: [{event_id!r}] is not the id of an event in {path.name}")
            for field, text in fields.items():
                if field == "casualties" and "casualties" in by_id[event_id]:
                    add_casualty_translations(by_id[event_id]["casualties"], text, lang, translations[lang], event_id)
                elif field in TRANSLATED_EVENT_FIELDS:
                    by_id[event_id][f"{field}_{lang}"] = text
                else:
                    sys.exit(f"{translations[lang]}: [{event_id!r}] {field!r} is not one of {TRANSLATED_EVENT_FIELDS}")
    return events


def add_casualty_translations(casualties: dict, texts: dict, lang: str, path: Path, event_id: str) -> None:
    """`reported_by_hy` … beside the English inside an event's `casualties`."""
    for field, text in texts.items():
        if field not in TRANSLATED_CASUALTY_FIELDS or field not in casualties:
            sys.exit(f"{path}: [{event_id!r}] casualties.{field!r} translates no English casualties field")
        casualties[f"{field}_{lang}"] = text


def representative_positions(places_path: Path = PLACES_PATH) -> dict[str, tuple[float, float]]:
    """One (lon, lat) per place id: the point itself, a line's midpoint, a polygon's representative point."""
    source = str(places_path)
    features, problems = check_collection(source, json.loads(places_path.read_text(encoding="utf-8")))
    if problems:
        raise DataError(problems)
    positions = {}
    for feature in features:
        geometry = shape(feature["geometry"])
        if geometry.geom_type in ("LineString", "MultiLineString"):
            point = geometry.interpolate(0.5, normalized=True)
        elif geometry.geom_type == "Point":
            point = geometry
        else:
            point = geometry.representative_point()
        positions[feature["properties"]["id"]] = (
            round(point.x, COORDINATE_DECIMALS),
            round(point.y, COORDINATE_DECIMALS),
        )
    return positions


def line_place_ids(places_path: Path = PLACES_PATH) -> set[str]:
    """Corridors and routes: drawn as lines only when asked for, so no event marker sits on one
    while the event names other places."""
    features = json.loads(places_path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["id"] for f in features if f["geometry"]["type"] in ("LineString", "MultiLineString")}


def event_geometry(place_ids: list[str], positions: dict[str, tuple[float, float]]) -> dict:
    coordinates = [list(positions[place]) for place in place_ids]
    if len(coordinates) == 1:
        return {"type": "Point", "coordinates": coordinates[0]}
    return {"type": "MultiPoint", "coordinates": coordinates}


def with_day_order(events: list[dict]) -> list[dict]:
    """Each event numbered 1, 2, … among the events of its date, in the curated order: the
    sequence within a day is stated, not left to sorting by id."""
    seen: dict[str, int] = {}
    ordered = []
    for event in events:
        day = event.get("not_before") or event["date"]  # where the event sits on the slider
        seen[day] = seen.get(day, 0) + 1
        ordered.append({**event, "day_order": seen[day]})
    return ordered


def build_collection(positions: dict[str, tuple[float, float]], lines: frozenset[str] = frozenset()) -> dict:
    """The events as a FeatureCollection; raises DataError listing every invalid field. `lines`:
    place ids that get a marker only when the event names nothing else."""
    features, problems = [], []
    for index, event in enumerate(with_day_order(curated_events())):
        known = [place for place in event["places"] if place in positions]
        known = [place for place in known if place not in lines] or known
        feature = {
            "type": "Feature",
            "id": event["id"],
            "properties": event,
            "geometry": event_geometry(known, positions),
        }
        problems += check_event(str(EVENTS_PATH), index, feature, set(positions))
        features.append(feature)
    problems += duplicate_ids(str(EVENTS_PATH), features)
    if problems:
        raise DataError(problems)
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    if not PLACES_PATH.exists():
        sys.exit(f"{PLACES_PATH} is missing: the events take their geometry from it, so build it first")
    try:
        collection = build_collection(representative_positions(), frozenset(line_place_ids()))
    except DataError as err:
        sys.exit(f"events not written:\n{err}")
    text = json.dumps(collection, ensure_ascii=False, indent=1)
    EVENTS_PATH.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(collection['features'])} events to {EVENTS_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
