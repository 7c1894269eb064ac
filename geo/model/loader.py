"""The one loader: reads, validates and returns places and events as GeoDataFrames.

Every view (dashboard, pages, export, CLI) goes through `load_dataset`, so the shipped
data and uploaded data meet the same checks.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import pandas as pd

from geo.model.areas import Area, check_area
from geo.model.schema import (
    ARTICLE_PARAGRAPHS,
    PLACE_TRANSLATION_FIELDS,
    TRANSLATION_FIELDS,
    DataError,
    Problem,
    check_collection,
    check_event,
    check_place,
    duplicate_ids,
    last_day,
    parse_date,
)

SHIPPED_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# A deployment (or a test) can serve its own places and events instead of the article's.
DATA_DIR = Path(os.environ.get("MAP_DATA_DIR") or SHIPPED_DATA_DIR)
PLACES_PATH = DATA_DIR / "places.geojson"
EVENTS_PATH = DATA_DIR / "events.geojson"
# The article the app maps; outside the repository, so a deployment may point elsewhere or lack it.
ARTICLE_PATH = Path(
    os.environ.get("ARTICLE_PATH") or Path(__file__).resolve().parents[3] / "shared" / "source" / "karabakh-article.txt"
)
# Country outlines for every dataset (not replaced by MAP_DATA_DIR): built by scripts/build_basemap.py.
BASEMAP_PATH = SHIPPED_DATA_DIR / "basemap.geojson"
# The war's areas of control over time (not replaced by MAP_DATA_DIR): built by scripts/build_areas.py.
AREAS_PATH = SHIPPED_DATA_DIR / "areas.geojson"

PLACE_COLUMNS = [
    "id", "name", "names", "aliases", "kind", "precision", "geonames_id",
    "contested_names", "source_paragraphs", "note", "exonyms",
]  # fmt: skip
EVENT_COLUMNS = [
    "id", "date", "date_precision", "end_date", "title", "summary", "category", "places",
    "source_paragraphs", "source_claim", "casualties", "not_before", "day_order", "date_approximate",
]  # fmt: skip


UNORDERED = 1_000_000  # sorts after any stated `day_order`
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


class Dataset(NamedTuple):
    places: gpd.GeoDataFrame
    events: gpd.GeoDataFrame


def read_geojson(path: Path | str, label: str | None = None) -> dict:
    """Parses a GeoJSON file; a missing or malformed file raises DataError naming it."""
    path = Path(path)
    label = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Problem(label, None, None, "file", str(path), "does not exist")]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise DataError([Problem(label, None, None, "file", str(path), f"cannot be read: {err}")]) from None
    return parse_geojson(text, label)


def places_attribution(path: Path | str = PLACES_PATH) -> str | None:
    """The places file's credit line (GeoNames and its licence), which every view of them names."""
    attribution = read_geojson(path).get("attribution")
    return attribution if isinstance(attribution, str) else None


def _line_column(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    return f"line {line} column {position - (text.rfind(chr(10), 0, position) + 1) + 1}"


def parse_geojson(text: str, label: str) -> dict:
    try:
        return json.loads(text)
    except RecursionError:
        problem = Problem(
            label,
            None,
            None,
            "nesting",
            text[:20],
            "cannot be read: its brackets nest deeper than a JSON reader can follow (hundreds of "
            "levels); GeoJSON needs only a few. Check that this is a GeoJSON file",
        )
        raise DataError([problem]) from None
    except ValueError as err:
        if not isinstance(err, json.JSONDecodeError):  # Python converts integers of at most 4,300 digits
            # Runs of digits, read once each: a pattern "[0-9]{4301,}" searched from every position
            # of every shorter run was quadratic (a file of 4,300-digit numbers took minutes).
            runs = (run for run in re.finditer("[0-9]+", text) if len(run[0]) > sys.get_int_max_str_digits())
            digits = next(runs, None)
            where = _line_column(text, digits.start()) if digits else "file"
            length = len(digits[0]) if digits else 0
            problem = Problem(
                label,
                None,
                None,
                where,
                (digits[0] if digits else text)[:20] + "…",
                f"cannot be read: a number of {length:,} digits, more than the "
                f"{sys.get_int_max_str_digits():,} a number may have; no coordinate or count "
                "needs so many",
            )
            raise DataError([problem]) from None
        excerpt = err.doc[max(0, err.pos - 20) : err.pos + 20]
        where = f"line {err.lineno} column {err.colno}"
        problem = Problem(label, None, None, where, excerpt, f"invalid JSON: {err.msg}")
        raise DataError([problem]) from None


def place_problems(data: object, label: str) -> list[Problem]:
    features, problems = check_collection(label, data)
    for index, feature in enumerate(features):
        problems += check_place(label, index, feature)
    return problems + duplicate_ids(label, features)


def event_problems(
    data: object,
    label: str,
    place_ids: set[str] | None,
    max_paragraph: int = ARTICLE_PARAGRAPHS,
    require_source: bool = True,
) -> list[Problem]:
    features, problems = check_collection(label, data)
    for index, feature in enumerate(features):
        problems += check_event(label, index, feature, place_ids, max_paragraph, require_source)
    return problems + duplicate_ids(label, features)


def places_frame(data: dict) -> gpd.GeoDataFrame:
    """A validated places FeatureCollection as a GeoDataFrame (WGS84)."""
    frame = gpd.GeoDataFrame.from_features(data["features"], crs="EPSG:4326")
    for column in [*PLACE_COLUMNS, *PLACE_TRANSLATION_FIELDS]:
        if column not in frame:
            frame[column] = None
    _normalise_missing(
        frame,
        lists=("aliases", "source_paragraphs"),
        dicts=("names", "contested_names", "exonyms"),
        texts=("note", *PLACE_TRANSLATION_FIELDS),
    )
    frame["geonames_id"] = frame["geonames_id"].astype("Int64")
    return frame[[*PLACE_COLUMNS, *PLACE_TRANSLATION_FIELDS, "geometry"]].reset_index(drop=True)


def events_frame(data: dict) -> gpd.GeoDataFrame:
    """A validated events FeatureCollection as a GeoDataFrame sorted by start date.

    Adds `start` and `end` (datetime.date): the first and last day the event covers,
    which is what the date filter compares against.
    """
    features = data["features"]
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326") if features else _empty_events()
    for column in [*EVENT_COLUMNS, *TRANSLATION_FIELDS]:
        if column not in frame:
            frame[column] = None
    _normalise_missing(
        frame,
        lists=("places", "source_paragraphs"),
        dicts=("casualties",),
        texts=("end_date", "source_claim", "not_before", *TRANSLATION_FIELDS),
    )
    # An event known only to the month starts at the earliest day its source allows (`not_before`).
    frame["start"] = [
        parse_date(n, "day") if isinstance(n, str) else parse_date(d, p)
        for d, p, n in zip(frame["date"], frame["date_precision"], frame["not_before"], strict=True)
    ]
    frame["end"] = [
        parse_date(e, "day") if isinstance(e, str) else last_day(d, p)
        for d, p, e in zip(frame["date"], frame["date_precision"], frame["end_date"], strict=True)
    ]
    orders = [o if isinstance(o, int) and not isinstance(o, bool) else None for o in frame["day_order"]]
    frame["day_order"] = pd.Series(orders, dtype=object, index=frame.index)
    frame["date_approximate"] = pd.Series(
        [True if v is True else None for v in frame["date_approximate"]], dtype=object, index=frame.index
    )
    return order_events(frame)


def order_events(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Events (with `start`) in the order the map shows them, renumbered from 0, in the loader's columns
    (the optional translations, TRANSLATION_FIELDS, after EVENT_COLUMNS: None where a file has none)."""
    missing = {column: None for column in TRANSLATION_FIELDS if column not in frame}
    if missing:
        frame = frame.assign(**missing)
    # Events of one day follow their explicit order (`day_order`); those without one come after,
    # the ones known to the day before those known only to the month or year, then by id.
    orders = frame["day_order"]
    keys = {
        "_order": [o if o is not None else UNORDERED for o in orders],
        "_precision": [PRECISION_RANK.get(p, len(PRECISION_RANK)) for p in frame["date_precision"]],
    }
    frame = frame.assign(**keys).sort_values(["start", "_order", "_precision", "id"], kind="stable")
    frame = frame.drop(columns=list(keys)).reset_index(drop=True)
    return frame[[*EVENT_COLUMNS, *TRANSLATION_FIELDS, "start", "end", "geometry"]]


def _normalise_missing(frame: pd.DataFrame, lists=(), dicts=(), texts=()) -> None:
    """GeoDataFrame.from_features fills absent properties with NaN; views expect [] / None."""
    # Built as object Series: pandas would otherwise infer a string dtype and bring NaN back.
    for column in lists:
        frame[column] = pd.Series([v if isinstance(v, list) else [] for v in frame[column]], dtype=object)
    for column in dicts:
        frame[column] = pd.Series([v if isinstance(v, dict) else None for v in frame[column]], dtype=object)
    for column in texts:
        frame[column] = pd.Series([v if isinstance(v, str) else None for v in frame[column]], dtype=object)


def _empty_events() -> gpd.GeoDataFrame:
    columns = [*EVENT_COLUMNS, *TRANSLATION_FIELDS]
    return gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in columns}, geometry=[], crs="EPSG:4326")


def load_places(path: Path | str = PLACES_PATH) -> gpd.GeoDataFrame:
    data = read_geojson(path)
    problems = place_problems(data, str(path))
    if problems:
        raise DataError(problems)
    return places_frame(data)


def load_events(path: Path | str = EVENTS_PATH, place_ids: set[str] | None = None) -> gpd.GeoDataFrame:
    data = read_geojson(path)
    problems = event_problems(data, str(path), place_ids)
    if problems:
        raise DataError(problems)
    return events_frame(data)


def load_dataset(places_path: Path | str = PLACES_PATH, events_path: Path | str = EVENTS_PATH) -> Dataset:
    """Places and events, validated together (every event's places must exist)."""
    places = load_places(places_path)
    events = load_events(events_path, set(places["id"]))
    return Dataset(places, events)


@functools.lru_cache(maxsize=1)
def load_basemap() -> dict:
    """The offline country outlines (GeoJSON, properties `name`, `iso_a3` and
    `label`, the [lon, lat] where the map writes the name), read once per process.

    Shared by every caller: treat it as read-only.
    """
    data = read_geojson(BASEMAP_PATH)
    features, problems = check_collection(str(BASEMAP_PATH), data)
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict) or not isinstance(props.get("name"), str):
            problems.append(Problem(str(BASEMAP_PATH), index, None, "properties.name", props, "must be a string"))
    if problems:
        raise DataError(problems)
    return data


def load_areas(path: Path | str = AREAS_PATH) -> list[Area]:
    """The areas of control over time (geo.model.areas), checked; read once per path and file
    version. Every view (dashboard, presentation, followers, export, handout) gets them here."""
    path = Path(path)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    return list(_load_areas(path, stamp))


def areas_attribution(path: Path | str = AREAS_PATH) -> str | None:
    attribution = read_geojson(path).get("attribution")
    return attribution if isinstance(attribution, str) else None


@functools.lru_cache(maxsize=4)
def _load_areas(path: Path, stamp: int | None) -> tuple[Area, ...]:
    data = read_geojson(path)
    features, problems = check_collection(str(path), data)
    areas = []
    for index, feature in enumerate(features):
        area, area_problems = check_area(feature, index, str(path))
        problems.extend(area_problems)
        if area is not None:
            areas.append(area)
    ids = [area.id for area in areas]
    problems.extend(
        Problem(str(path), ids.index(area_id), area_id, "id", area_id, "is used by more than one area")
        for area_id in sorted({i for i in ids if ids.count(i) > 1})
    )
    if problems:
        raise DataError(problems)
    return tuple(areas)


def validate_file(path: Path | str, places_path: Path | str = PLACES_PATH) -> list[Problem]:
    """Every problem in a places or events file; which one it is comes from its content."""
    path = Path(path)
    try:
        data = read_geojson(path)
    except DataError as err:
        return err.problems
    features = data.get("features") if isinstance(data, dict) else None
    first = features[0] if isinstance(features, list) and features else None
    first = first.get("properties") if isinstance(first, dict) else None
    if isinstance(first, dict) and "kind" in first and "category" not in first:
        return place_problems(data, str(path))
    try:
        place_ids = set(load_places(places_path)["id"])
    except DataError as err:
        return err.problems
    return event_problems(data, str(path), place_ids)
