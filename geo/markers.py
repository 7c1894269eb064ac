"""Which markers the map draws for the events on show, as plain lists ready for JSON.

Up to `MAX_MARKERS` points each event is its own marker. Past that (thousands of events)
the points are binned on a grid per category, so what is sent to the browser and drawn
there stays bounded whatever the data's size; the selected event is always drawn alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.schema import CATEGORIES
from geo.style import SPREAD_PX

MAX_MARKERS = 500  # DivIcon markers cost the browser about 1 ms each per step
# Grid cell sizes (degrees) tried in turn until the bins fit in MAX_MARKERS.
BIN_DEGREES = (0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)


@dataclass(frozen=True)
class EventPoints:
    """Every event's points, flattened: point i belongs to event row `event[i]`."""

    event: np.ndarray  # int64 row positions
    lat: np.ndarray
    lon: np.ndarray
    category: np.ndarray  # int8 index into CATEGORIES, per event row
    ids: list[str]
    titles: list[str]

    @classmethod
    def build(cls, events: pd.DataFrame) -> EventPoints:
        rows, lats, lons = [], [], []
        for row, coords in enumerate(events["coords"]):
            for lat, lon in coords:
                rows.append(row)
                lats.append(lat)
                lons.append(lon)
        codes = {category: code for code, category in enumerate(CATEGORIES)}
        return cls(
            event=np.asarray(rows, dtype=np.int64),
            lat=np.asarray(lats, dtype=np.float64),
            lon=np.asarray(lons, dtype=np.float64),
            category=np.asarray([codes[c] for c in events["category"]], dtype=np.int8),
            ids=list(events["id"]),
            titles=list(events["title"]),
        )


def event_coords(geometry) -> list[list[float]]:
    """[[lat, lon], …] for an event's Point / MultiPoint / GeometryCollection."""
    if geometry is None or geometry.is_empty:
        return []
    if geometry.geom_type == "Point":
        return [[round(geometry.y, 5), round(geometry.x, 5)]]
    parts = getattr(geometry, "geoms", [])
    return [xy for part in parts for xy in event_coords(part)]


def spread_offset(rank: int) -> tuple[int, int]:
    """Pixel offset of the rank-th marker at one spot: rings around it, so none hides another."""
    if rank == 0:
        return 0, 0
    ring, slot = 1, rank - 1
    while slot >= 6 * ring:
        slot -= 6 * ring
        ring += 1
    angle = 2 * math.pi * slot / (6 * ring)
    radius = ring * SPREAD_PX
    return round(radius * math.cos(angle)), round(radius * math.sin(angle))


def marker_lists(
    points: EventPoints, positions: np.ndarray, current: np.ndarray, selected: str | None
) -> tuple[dict[str, list], dict[str, list], float | None]:
    """Per category: single markers [lat, lon, id, current?, selected?, title] and
    bins [lat, lon, count, current count]; and the bin size in degrees (None: no binning)."""
    state = np.full(len(points.ids), -1, dtype=np.int8)  # -1 hidden, 0 earlier, 1 current
    state[np.asarray(positions, dtype=np.int64)] = np.asarray(current, dtype=np.int8)
    point_state = state[points.event] if len(points.event) else state[:0]
    on_show = point_state >= 0
    selected_row = points.ids.index(selected) if selected in points.ids else -1

    singles: dict[str, list] = {category: [] for category in CATEGORIES}
    bins: dict[str, list] = {category: [] for category in CATEGORIES}
    if int(on_show.sum()) <= MAX_MARKERS:
        _add_singles(singles, points, np.flatnonzero(on_show), point_state, selected_row)
        return singles, bins, None

    is_selected = points.event == selected_row
    _add_singles(singles, points, np.flatnonzero(on_show & is_selected), point_state, selected_row)
    binned = np.flatnonzero(on_show & ~is_selected)
    lat, lon = points.lat[binned], points.lon[binned]
    code = points.category[points.event[binned]].astype(np.int64)
    is_current = point_state[binned] == 1
    for size in BIN_DEGREES:
        cell_y = np.floor(lat / size).astype(np.int64)
        cell_x = np.floor(lon / size).astype(np.int64)
        keys = (code * 100_000 + (cell_y + 50_000)) * 100_000 + (cell_x + 50_000)
        unique, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        if len(unique) <= MAX_MARKERS or size == BIN_DEGREES[-1]:
            break
    current_counts = np.bincount(inverse, weights=is_current, minlength=len(unique))
    # Each bin sits at the mean of its points, so it stays over the places it counts.
    mean_lat = np.bincount(inverse, weights=lat, minlength=len(unique)) / counts
    mean_lon = np.bincount(inverse, weights=lon, minlength=len(unique)) / counts
    bin_code = unique // (100_000 * 100_000)
    for i in range(len(unique)):
        bins[CATEGORIES[bin_code[i]]].append(
            [round(float(mean_lat[i]), 4), round(float(mean_lon[i]), 4), int(counts[i]), int(current_counts[i])]
        )
    return singles, bins, size


def _add_singles(
    singles: dict[str, list], points: EventPoints, indices: np.ndarray, point_state: np.ndarray, selected_row: int
) -> None:
    for i in indices.tolist():
        row = int(points.event[i])
        singles[CATEGORIES[points.category[row]]].append(
            [float(points.lat[i]), float(points.lon[i]), points.ids[row], bool(point_state[i] == 1),
             row == selected_row, points.titles[row]]
        )  # fmt: skip
