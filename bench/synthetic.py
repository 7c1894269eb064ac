"""Seeded synthetic events spread over the war's region and dates, for the benchmark.

`write_dataset` writes a places.geojson + events.geojson pair that the dashboard loads
through MAP_DATA_DIR: the shipped places (so the base map is the article's) and `count`
made-up events, each citing the nearest place of the region. Nothing is committed; the
benchmark writes the pair into a temporary folder at run time.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from geo.map.style import CATEGORY_STYLE
from geo.model.loader import SHIPPED_DATA_DIR
from geo.model.schema import ARTICLE_PARAGRAPHS, CATEGORIES

LON_RANGE = (44.0, 50.0)
LAT_RANGE = (38.0, 42.0)
FIRST_DAY = dt.date(2020, 9, 27)
LAST_DAY = dt.date(2021, 1, 11)
DEFAULT_SEED = 20200927
# Ceasefires cover a few days, as the article's do; the rest are single days.
SPAN_CATEGORY = "ceasefire"
MAX_SPAN_DAYS = 5
PLACE_KINDS_NEAR = ("capital", "city", "town", "district")


def regional_places(places: dict) -> list[tuple[str, float, float]]:
    """(id, lon, lat) of the point places inside the region: what synthetic events cite."""
    found = []
    for feature in places["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        if props["kind"] not in PLACE_KINDS_NEAR or geometry["type"] != "Point":
            continue
        lon, lat = geometry["coordinates"][:2]
        if LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]:
            found.append((props["id"], lon, lat))
    return found


def synthetic_events(count: int, places: dict, seed: int = DEFAULT_SEED) -> dict:
    """A FeatureCollection of `count` valid events; the same seed gives the same events."""
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValueError(f"count must be a whole number >= 0, not {count!r}")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError(f"seed must be an integer, not {seed!r}")
    anchors = regional_places(places)
    if not anchors:
        raise ValueError(f"no point place inside lon {LON_RANGE!r}, lat {LAT_RANGE!r} for events to cite")
    rng = np.random.default_rng(seed)
    lons = np.round(rng.uniform(*LON_RANGE, count), 5)
    lats = np.round(rng.uniform(*LAT_RANGE, count), 5)
    day_count = (LAST_DAY - FIRST_DAY).days + 1
    offsets = rng.integers(0, day_count, count).tolist()
    categories = rng.integers(0, len(CATEGORIES), count).tolist()
    spans = rng.integers(1, MAX_SPAN_DAYS + 1, count).tolist()
    paragraphs = rng.integers(1, ARTICLE_PARAGRAPHS + 1, count).tolist()
    anchor_lons = np.array([a[1] for a in anchors])
    anchor_lats = np.array([a[2] for a in anchors])
    nearest = np.argmin((lons[:, None] - anchor_lons) ** 2 + (lats[:, None] - anchor_lats) ** 2, axis=1).tolist()
    lons, lats = lons.tolist(), lats.tolist()
    features = []
    for i in range(count):
        category = CATEGORIES[categories[i]]
        label = CATEGORY_STYLE[category][0].lower()
        place_id = anchors[nearest[i]][0]
        day = FIRST_DAY + dt.timedelta(days=offsets[i])
        event_id = f"synthetic-{i:06d}"
        props = {
            "id": event_id,
            "date": day.isoformat(),
            "date_precision": "day",
            # Zero-padded so no title is contained in another ("#000017" vs "#000170").
            "title": f"Synthetic event #{i:06d} ({label})",
            "summary": f"A made-up {label} near the place {place_id}, generated for the benchmark.",
            "category": category,
            "places": [place_id],
            "source_paragraphs": [paragraphs[i]],
            "source_claim": "Synthetic: the article makes no claim about this event.",
        }
        if category == SPAN_CATEGORY:
            props["end_date"] = min(day + dt.timedelta(days=spans[i]), LAST_DAY).isoformat()
        geometry = {"type": "Point", "coordinates": [lons[i], lats[i]]}
        features.append({"type": "Feature", "id": event_id, "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def write_dataset(folder: Path | str, count: int, seed: int = DEFAULT_SEED) -> Path:
    """Writes places.geojson (the shipped one) and `count` synthetic events into `folder`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIPPED_DATA_DIR / "places.geojson", folder / "places.geojson")
    places = json.loads((folder / "places.geojson").read_text(encoding="utf-8"))
    events = synthetic_events(count, places, seed)
    (folder / "events.geojson").write_text(json.dumps(events, separators=(",", ":")), encoding="utf-8")
    return folder


def write_point_dataset(folder: Path | str, points: int, per_event: int = 1_000, seed: int = DEFAULT_SEED) -> Path:
    """Like `write_dataset`, with `points` points in all: events whose geometry is a MultiPoint of
    `per_event` points each, scattered over the region (an upload at the points limit)."""
    if not isinstance(points, int) or isinstance(points, bool) or points < 1:
        raise ValueError(f"points must be a whole number >= 1, not {points!r}")
    folder = write_dataset(folder, -(-points // per_event), seed)
    events = json.loads((folder / "events.geojson").read_text(encoding="utf-8"))
    rng = np.random.default_rng(seed)
    left = points
    for feature in events["features"]:
        count = min(per_event, left)
        left -= count
        lons = np.round(rng.uniform(*LON_RANGE, count), 5).tolist()
        lats = np.round(rng.uniform(*LAT_RANGE, count), 5).tolist()
        feature["geometry"] = {"type": "MultiPoint", "coordinates": [[x, y] for x, y in zip(lons, lats, strict=True)]}
    (folder / "events.geojson").write_text(json.dumps(events, separators=(",", ":")), encoding="utf-8")
    return folder


ACLED_EVENT_TYPES = (
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"),
    ("Strategic developments", "Agreement"),
    ("Strategic developments", "Non-state actor overtakes territory"),
)


def acled_frame(count: int, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """`count` made-up rows with the columns of a current ACLED export (every row valid), seeded."""
    from geo.io.upload import ACLED_COLUMNS  # noqa: PLC0415 - only this writer needs the upload's columns

    rng = np.random.default_rng(seed)
    numbers = np.arange(1, count + 1)
    days = pd.to_datetime(FIRST_DAY) + pd.to_timedelta(rng.integers(0, (LAST_DAY - FIRST_DAY).days + 1, count), "D")
    types = rng.integers(0, len(ACLED_EVENT_TYPES), count)
    frame = pd.DataFrame({column: "" for column in ACLED_COLUMNS}, index=range(count))
    frame["event_id_cnty"] = [f"SYN{n}" for n in numbers]
    frame["event_date"] = days.strftime("%d %B %Y")
    frame["year"] = days.year.astype(str)
    frame["time_precision"] = rng.choice(["1", "1", "1", "2", "3"], count)
    frame["event_type"] = [ACLED_EVENT_TYPES[t][0] for t in types]
    frame["sub_event_type"] = [ACLED_EVENT_TYPES[t][1] for t in types]
    frame["actor1"] = "Military Forces of Testland"
    frame["actor2"] = rng.choice(["", "Civilians (Testland)", "Rebels of Testland"], count)
    frame["country"] = "Testland"
    frame["admin1"] = rng.choice(["North", "South", "East", "West"], count)
    frame["location"] = [f"Village {n % 997}" for n in numbers]
    frame["latitude"] = np.round(rng.uniform(*LAT_RANGE, count), 4).astype(str)
    frame["longitude"] = np.round(rng.uniform(*LON_RANGE, count), 4).astype(str)
    frame["geo_precision"] = rng.choice(["1", "2", "3"], count)
    frame["source"] = "Synthetic Source"
    frame["notes"] = [f"Made-up event {n} near a village." for n in numbers]
    frame["fatalities"] = rng.integers(0, 12, count).astype(str)
    return frame


def write_acled_csv(path: Path | str, count: int, seed: int = DEFAULT_SEED) -> Path:
    """An ACLED-like export of `count` valid rows at `path` (CSV, UTF-8)."""
    path = Path(path)
    acled_frame(count, seed).to_csv(path, index=False)
    return path
