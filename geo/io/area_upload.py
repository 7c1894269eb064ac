"""Areas over time from anyone's data: a GeoJSON file of Polygons / MultiPolygons with dates.

Each feature is one state of one area: `start` (YYYY-MM-DD), optional `end` (excluded), `status`
(free words such as "held by …", or one of the map's own statuses, which pick its fill), `source`,
and optionally `id` (features with the same id are the states of one area, drawn with the first
one's outline) and `name`. The same size limits as events apply. A ring that is invalid (for
instance self-intersecting) is repaired with shapely's make_valid when the repair still gives an
area; otherwise the feature is left out, and every problem names the feature and the field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import shapely
from shapely.geometry import shape
from shapely.ops import polylabel

from geo.io.text_input import decode_text, file_error
from geo.io.upload import RowProblem
from geo.model.areas import STATUSES, Area, State
from geo.model.i18n import M_
from geo.model.loader import parse_geojson
from geo.model.schema import parse_date, short_repr

MAX_AREA_VERTICES = 10_000  # one area's outline: more makes every slider step slow to draw
OTHER_STATUS = "other"  # the fill for a status in the person's own words

# Areas keep the limits events had before issue 24: every vertex is drawn on each step of the slider.
MAX_AREA_BYTES = 10 * 1024 * 1024
MAX_AREA_FEATURES = 5_000
MAX_AREA_FILE_VERTICES = 50_000


@dataclass(frozen=True)
class AreaUpload:
    areas: tuple[Area, ...]
    problems: tuple[RowProblem, ...]
    notices: tuple[str, ...]  # what was repaired: Messages, shown in the reader's language
    features: int


def _geometry(raw: object, number: int, problem, notices: list[str]):
    try:
        geometry = shape(raw)
    except (AttributeError, TypeError, ValueError, KeyError, IndexError) as err:
        problem("geometry", raw, M_("is not a GeoJSON geometry ({error})", error=str(err)))
        return None
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty:
        problem("geometry", geometry.geom_type, M_("must be a Polygon or MultiPolygon"))
        return None
    vertices = shapely.get_num_coordinates(geometry)
    if vertices > MAX_AREA_VERTICES:
        problem(
            "geometry",
            f"{vertices:,} vertices",
            M_("is more than the {limit} one area may have", limit=MAX_AREA_VERTICES),
        )
        return None
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        repaired = shapely.make_valid(geometry)
        polygons = [g for g in getattr(repaired, "geoms", [repaired]) if g.geom_type in ("Polygon", "MultiPolygon")]
        repaired = shapely.union_all(polygons) if polygons else None
        if repaired is None or repaired.is_empty or repaired.area < geometry.area * 0.5:
            problem("geometry", reason, M_("is not a valid outline and cannot be repaired safely"))
            return None
        notices.append(M_("Feature {number}: its outline was repaired ({reason}).", number=str(number), reason=reason))
        geometry = repaired
    return geometry


def _state(props: dict, problem) -> State | None:
    dates: dict[str, dt.date | None] = {"end": None}
    for field in ("start", "end"):
        value = props.get(field)
        if value in (None, "") and field == "end":
            continue
        if value in (None, ""):
            problem(field, value, M_("is missing: every state needs the day it began (YYYY-MM-DD)"))
            continue
        try:
            dates[field] = parse_date(value)
        except ValueError as err:
            problem(field, value, err.args[0] if err.args and isinstance(err.args[0], str) else str(err))
    status, source = props.get("status"), props.get("source")
    if not isinstance(status, str) or not status.strip():
        problem("status", status, M_("is missing: say who held the area or what it was (e.g. 'held by …')"))
    if not isinstance(source, str) or not source.strip():
        problem("source", source, M_("is missing: every state needs its source"))
    if "start" not in dates or not isinstance(status, str) or not status.strip() or not isinstance(source, str):
        return None
    if not source.strip():
        return None
    if dates["end"] is not None and dates["end"] <= dates["start"]:
        problem("end", props.get("end"), M_("is not after start {start}", start=repr(props.get("start"))))
        return None
    key = status.strip() if status.strip() in STATUSES else OTHER_STATUS
    return State(dates["start"], dates["end"], key, status.strip(), source.strip())


def _features(content: bytes, file_name: str, max_bytes: int) -> list:
    if len(content) > max_bytes:
        size = f"{len(content) / 1e6:.1f} MB"
        limit = M_("is more than the {limit} MB an upload may have", limit=round(max_bytes / 1e6))
        raise file_error(file_name, "size", size, limit)
    text, _ = decode_text(content, file_name)
    data = parse_geojson(text, file_name)
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise file_error(file_name, "features", short_repr(features), M_("must be a non-empty list of features"))
    if len(features) > MAX_AREA_FEATURES:
        raise file_error(
            file_name,
            "features",
            len(features),
            M_("is more than the {limit} features a file may have", limit=MAX_AREA_FEATURES),
        )
    total = sum(shapely.get_num_coordinates(_safe_shape(f)) for f in features)
    if total > MAX_AREA_FILE_VERTICES:
        raise file_error(
            file_name,
            "geometry",
            f"{total:,} vertices",
            M_("is more than the {limit} a file may have", limit=MAX_AREA_FILE_VERTICES),
        )
    return features


def _safe_shape(feature: object):
    try:
        return shape(feature["geometry"])
    except (AttributeError, TypeError, ValueError, KeyError, IndexError):
        return None


def parse_area_upload(content: bytes, file_name: str, max_bytes: int = MAX_AREA_BYTES) -> AreaUpload:
    """The areas in an uploaded GeoJSON file, and a problem for each feature left out."""
    features = _features(content, file_name, max_bytes)
    problems: list[RowProblem] = []
    notices: list[str] = []
    outlines: dict[str, object] = {}
    names: dict[str, str] = {}
    states: dict[str, list[State]] = {}
    for number, feature in enumerate(features, start=1):
        found: list[RowProblem] = []

        def problem(field: str, value: object, reason: str, found=found, number=number) -> None:
            found.append(RowProblem(number, field, short_repr(value), reason))

        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            problems.append(RowProblem(number, "properties", short_repr(props), M_("must be an object")))
            continue
        area_id = str(props.get("id") or feature.get("id") or f"area-{number}")
        state = _state(props, problem)
        geometry = _geometry(feature.get("geometry"), number, problem, notices) if area_id not in outlines else None
        if found or state is None or (area_id not in outlines and geometry is None):
            problems.extend(found)
            continue
        if area_id not in outlines:
            outlines[area_id] = geometry
            names[area_id] = str(props.get("name") or area_id)
        earlier = states.setdefault(area_id, [])
        if any(s.start < (state.end or dt.date.max) and state.start < (s.end or dt.date.max) for s in earlier):
            problems.append(RowProblem(number, "start", short_repr(props.get("start")), M_("overlaps another state")))
            continue
        earlier.append(state)
    areas = []
    for area_id, geometry in outlines.items():
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
        point = polylabel(largest, tolerance=1e-4)
        areas.append(
            Area(area_id, {"en": names[area_id]}, None, "exact", (point.x, point.y), geometry,
                 tuple(sorted(states[area_id], key=lambda s: s.start)))
        )  # fmt: skip
    return AreaUpload(tuple(areas), tuple(problems), tuple(notices), len(features))
