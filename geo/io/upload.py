"""Your own events in: a GeoJSON file, a CSV with latitude / longitude / date columns, or an ACLED export.

`parse_upload` maps every row it can and reports every one it cannot, as (row, field, bad
value, why); a bad row never stops the good ones. A CSV is read into columns (geo/io/csv_table.py)
and checked a column at a time: a row that passes every column's check is an event at once; any
other row (a bad value, a JSON or WKT cell, a control character) goes through the checks one
row at a time, which say exactly what is wrong, as before. Only a file that cannot be read at all (not
UTF-8 or Windows-1252 text, not JSON, no date or coordinate columns, too big, too many rows)
raises `geo.model.schema.DataError`, with a message that says what to change.

Each mapped row passes the same checks as the shipped events (`geo.model.schema.check_event`),
without the article citation they need. Uploads are kept by the caller for one session only;
nothing here writes a file.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely
from shapely.geometry import shape

from geo.io.csv_table import CsvTable, read_csv_table
from geo.io.text_input import decode_text, file_error
from geo.map.style import CATEGORY_STYLE
from geo.model.i18n import M_, N_, Message
from geo.model.loader import EVENT_COLUMNS, events_frame, order_events, parse_geojson
from geo.model.schema import (
    CATEGORIES,
    CATEGORY_LABELS,
    LONE_SURROGATE,
    MAX_TEXT,
    XML_FORBIDDEN,
    DataError,
    check_collection,
    check_event,
    last_day,
    parse_date,
    short_repr,
)

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # as server.maxUploadSize in .streamlit/config.toml (50 MB)
MAX_ROWS = 200_000  # an ACLED export of one country-year holds 10,000 to over 100,000 events
# Uploaded events may cite paragraphs of the user's own text, which can be long.
MAX_UPLOAD_PARAGRAPH = 100_000
# A CSV cell longer than this is refused by name (a summary may have 4,000 characters; a WKT
# geometry of a few hundred points fits easily).
MAX_CELL_CHARS = 100_000
# Points in one event's geometry, and in a whole file: each is a marker the map has to place.
MAX_EVENT_POINTS = 1_000
MAX_UPLOAD_POINTS = MAX_ROWS
# The csv module stops at 131,072 characters a cell with an error that names no column; the
# upload size bounds a cell anyway, and MAX_CELL_CHARS then names the column.
csv.field_size_limit(max(csv.field_size_limit(), MAX_UPLOAD_BYTES))
DEFAULT_CATEGORY = "context"
# Told how far reading and checking a file has got: the share done (0 to 1) and what is being done.
Progress = Callable[[float, str], None]

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
# What an ACLED export must have; older exports lack several of the others.
ACLED_REQUIRED = ("event_date", "event_type", "latitude", "longitude")
# ACLED's sub-event types that say more than their event type; then the event types.
ACLED_SUB_EVENT_CATEGORIES = {
    "government regains territory": "territorial-change",
    "non-state actor overtakes territory": "territorial-change",
    "non-violent transfer of territory": "territorial-change",
    "agreement": "agreement",
    "headquarters or base established": "peacekeeping",
}
ACLED_EVENT_CATEGORIES = {
    "battles": "armed-clash",
    "explosions/remote violence": "strike",
    "violence against civilians": "strike",
    "protests": "context",
    "riots": "context",
    "strategic developments": "diplomacy",
}

# Other names people give the columns of a plain CSV (compared in lower case).
COLUMN_ALIASES = {
    "latitude": ("latitude", "lat", "y"),
    "longitude": ("longitude", "lon", "lng", "long", "x"),
    "date": ("date", "event_date", "start_date", "start", "day"),
    "end_date": ("end_date", "end"),
    "date_precision": ("date_precision", "precision"),
    "id": ("id", "event_id", "identifier"),
    "title": ("title", "name", "event", "headline"),
    "summary": ("summary", "description", "notes", "details"),
    "category": ("category", "type", "event_type"),
    "places": ("places", "place", "location", "locations"),
    "killed": ("killed", "fatalities", "deaths", "dead"),
    "injured": ("injured", "wounded"),
    "reported_by": ("reported_by", "casualty_source"),
    "casualties": ("casualties",),
    "source_paragraphs": ("source_paragraphs", "paragraphs"),
    "source_claim": ("source_claim",),
    "not_before": ("not_before",),
    "day_order": ("day_order",),
    "date_approximate": ("date_approximate",),
    "geometry": ("geometry", "wkt", "geom"),
}

_MONTHS = {calendar.month_name[n].lower(): n for n in range(1, 13)} | {
    calendar.month_abbr[n].lower(): n for n in range(1, 13)
}
# The forms people and ACLED write a date in, tried in order, as (pattern, precision, and the
# groups of the year, month and day); a month group may hold a number or a month's name.
_DATE_FORMS = tuple(
    (re.compile(pattern), precision, groups)
    for pattern, precision, groups in (
        (r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ][0-9:.]+Z?)?", "day", (1, 2, 3)),  # 2020-10-28
        (r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})", "day", (1, 2, 3)),  # 2020/10/28
        (r"([0-9]{4})-([0-9]{1,2})", "month", (1, 2)),  # 2020-10
        (r"([0-9]{4})", "year", (1,)),
        (r"([0-9]{1,2})[ -]([A-Za-z]+)\.?[-, ]+([0-9]{4})", "day", (3, 2, 1)),  # 28 October 2020, 28-Oct-2020
        (r"([A-Za-z]+)\.? ([0-9]{1,2})(?:st|nd|rd|th)?,? ([0-9]{4})", "day", (3, 1, 2)),  # October 28, 2020
        (r"([A-Za-z]+)\.? ([0-9]{4})", "month", (2, 1)),  # October 2020
    )
)
# 10/28/2020 or 28.10.2020: which is the day cannot be known.
_SLASHED_DMY = re.compile(r"[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4}")
_SLUG_PARTS = re.compile(r"[^a-z0-9]+")
_CATEGORY_BY_NAME = {
    **{c: c for c in CATEGORIES},
    **{label.lower(): c for c, (label, _, _) in CATEGORY_STYLE.items()},
}


@dataclass(frozen=True)
class RowProblem:
    """One reason a row was left out. `row` is the line in a CSV file (its header is line 1)
    or the feature's number in a GeoJSON file (counted from 1)."""

    row: int
    field: str
    value: str  # the bad value as Python writes it, shortened
    reason: str


@dataclass(frozen=True)
class UploadResult:
    events: gpd.GeoDataFrame  # the rows that passed, as `geo.model.loader.events_frame` gives them
    problems: tuple[RowProblem, ...]
    rows: int  # data rows (or features) read
    file_kind: str  # "GeoJSON", "CSV" or "ACLED export"
    notices: tuple[str, ...]

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})

    def report(self) -> pd.DataFrame:
        """The problems as a table: row, field, bad value, why."""
        return pd.DataFrame(
            [(p.row, p.field, p.value, p.reason) for p in self.problems],
            columns=[N_("Row"), N_("Field"), N_("Bad value"), N_("Why")],
        )


def _reason(err: ValueError) -> str:
    """A ValueError's reason, kept a `Message` when it is one (so a page can translate it)."""
    return err.args[0] if err.args and isinstance(err.args[0], Message) else str(err)


def _shown(value: object, limit: int = 80) -> str:
    return short_repr(value, limit)


def _slug(text: str) -> str:
    return _SLUG_PARTS.sub("-", text.lower()).strip("-")


def _no_progress(_share: float, _doing: str) -> None:
    """Progress for a caller that shows none."""


def parse_upload(
    content: bytes, file_name: str, max_bytes: int = MAX_UPLOAD_BYTES, progress: Progress = _no_progress
) -> UploadResult:
    """Events from an uploaded file; the format comes from the extension (.geojson / .json / .csv)
    and, for CSV, from its columns (ACLED's `event_id_cnty`, `event_date`, ...). `progress` is
    told how far reading and checking have got."""
    if len(content) > max_bytes:
        raise file_error(
            file_name,
            "size",
            f"{len(content) / 2**20:.1f} MB ({len(content):,} bytes)",
            M_("is more than the {limit} MB an upload may have", limit=round(max_bytes / 2**20)),
        )
    if not content.strip():
        raise file_error(file_name, "file", "", M_("is empty"))
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    progress(0.0, f"Reading {file_name}")
    text, notice = decode_text(content, file_name)
    notices = [notice] if notice else []
    if extension in ("geojson", "json"):
        result = _parse_geojson(text, file_name, notices, progress)
    elif extension == "csv":
        result = _parse_csv(text, file_name, notices, progress)
    else:
        raise file_error(file_name, "extension", extension, M_("must be .geojson, .json or .csv"))
    # The reader's buffers go back to the system now, not at some later allocation: a server holds
    # many sessions' uploads.
    pa.default_memory_pool().release_unused()
    progress(1.0, f"{result.rows:,} rows read and checked")
    return result


# --- rows to events --------------------------------------------------------------------------


# A problem reading one of these also covers the schema fields that follow from it.
_COVERS = {
    "latitude": ("geometry",), "longitude": ("geometry",), "date": ("date_precision",),
    "killed": ("casualties", "casualties.killed"), "injured": ("casualties", "casualties.injured"),
}  # fmt: skip


class _Row:
    """One row on its way to an event: its properties, geometry and problems, named by the user's columns."""

    def __init__(self, number: int, columns: dict[str, str]):
        self.number = number
        self.columns = columns  # our field -> the user's column it came from
        self.problems: list[RowProblem] = []
        self.covered: set[str] = set()  # our fields with a problem already
        self.props: dict = {}
        self.geometry: dict | None = None
        self.category_defaulted = False
        self.stripped: list[str] = []  # fields that had control characters removed
        self.feature: dict | None = None  # the event, once every check has passed

    def add(self, field: str, value: object, reason: str) -> None:
        self.covered.update((field, *_COVERS.get(field, ())))
        self.problems.append(RowProblem(self.number, self.columns.get(field, field), _shown(value), reason))

    def refuse_long_cells(self, values: dict) -> bool:
        """Whether a cell is too long to read; if so the row's one problem says which and how long."""
        for field, value in values.items():
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                reason = M_(
                    "is {length} characters, more than the {limit} a cell may have",
                    length=len(value),
                    limit=MAX_CELL_CHARS,
                )
                self.add(field, value, reason)
                self.covered.add("properties")  # nothing else of the row is read
                return True
        return False

    def strip_controls(self) -> None:
        """Control characters no KML file can hold (a vertical tab pasted from a word processor)
        are removed from the text fields, and noted."""
        props = self.props
        for field in ("title", "summary", "source_claim"):
            if isinstance(props.get(field), str) and XML_FORBIDDEN.search(props[field]):
                props[field] = XML_FORBIDDEN.sub("", props[field])
                self.stripped.append(self.columns.get(field, field))
        places = props.get("places")
        if isinstance(places, list) and any(isinstance(p, str) and XML_FORBIDDEN.search(p) for p in places):
            props["places"] = [XML_FORBIDDEN.sub("", p) if isinstance(p, str) else p for p in places]
            self.stripped.append(self.columns.get("places", "places"))
        casualties = props.get("casualties")
        if isinstance(casualties, dict):
            for key in ("reported_by", "qualifier"):
                if isinstance(casualties.get(key), str) and XML_FORBIDDEN.search(casualties[key]):
                    casualties[key] = XML_FORBIDDEN.sub("", casualties[key])
                    self.stripped.append(f"casualties.{key}")


def _blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, float) and math.isnan(value))
    )


def parse_date_text(value: object) -> tuple[str, str]:
    """(ISO date, precision) from the forms people and ACLED write: 2020-10-28, 2020-10, 2020,
    28 October 2020, October 28, 2020, 28-Oct-2020, 2020/10/28. Raises ValueError saying why."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(M_("must be a date such as 2020-10-28"))
    text = str(value).strip()
    if _SLASHED_DMY.fullmatch(text):
        raise ValueError(M_("is ambiguous (day/month or month/day?): write it as 2020-10-28"))
    for pattern, precision, groups in _DATE_FORMS:
        if match := pattern.fullmatch(text):
            year, *rest = (match[group] for group in groups)
            if not rest:
                return text, "year"
            month = int(rest[0]) if rest[0].isdigit() else _month(rest[0])
            if precision == "month":
                return _iso_month(int(year), month), "month"
            return _iso_day(int(year), month, int(rest[1])), "day"
    raise ValueError(M_("is not a date such as 2020-10-28, 2020-10, 2020 or 28 October 2020"))


def _month(name: str) -> int:
    number = _MONTHS.get(name.lower())
    if number is None:
        raise ValueError(M_("has no month called {name}", name=repr(name)))
    return number


def _iso_day(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as err:
        raise ValueError(M_("is not a calendar date ({error})", error=str(err))) from None


def _iso_month(year: int, month: int) -> str:
    if not 1 <= month <= 12:
        raise ValueError(M_("has no month {month}", month=str(month)))
    return f"{year:04d}-{month:02d}"


def _number(row: _Row, field: str, value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        comma = isinstance(value, str) and "," in value
        row.add(field, value, M_("is not a number (use a dot for decimals)") if comma else M_("is not a number"))
        return None


def _count(row: _Row, field: str, value: object) -> int | None:
    if _blank(value):
        return None
    text = str(value).strip()
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if re.fullmatch(r"[0-9]{1,9}(\.0*)?", text):
        return int(text.split(".")[0])
    row.add(field, value, M_("must be a whole number ≥ 0 (at most nine digits)"))
    return None


def _json_or_text(value: object) -> object:
    """A cell written by our CSV export holds JSON for lists and objects; other cells are text."""
    if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except (RecursionError, ValueError):  # not JSON, nested too deep, or a number too long
            return value
    return value


def _geometry(row: _Row, values: dict) -> dict | None:
    wkt = values.get("geometry")
    if isinstance(wkt, dict):  # a GeoJSON feature's own geometry
        return wkt
    if not _blank(wkt):
        try:
            geometry = shapely.from_wkt(str(wkt))
        except shapely.errors.ShapelyError as err:
            row.add("geometry", wkt, M_("is not WKT geometry ({error})", error=str(err)))
            return None
        points = int(shapely.get_num_coordinates(geometry))
        if points > MAX_EVENT_POINTS:
            row.add("geometry", wkt, _too_many_points(points))
            return None
        # As GeoJSON text and back: lists, as in a GeoJSON file, where shapely's mapping gives tuples.
        return json.loads(shapely.to_geojson(geometry))
    lat, lon = values.get("latitude"), values.get("longitude")
    if _blank(lat) or _blank(lon):
        row.add("latitude" if _blank(lat) else "longitude", lat if _blank(lat) else lon, M_("is missing"))
        return None
    lat_number, lon_number = _number(row, "latitude", lat), _number(row, "longitude", lon)
    if lat_number is None or lon_number is None:
        return None
    return {"type": "Point", "coordinates": [lon_number, lat_number]}


def _too_many_points(points: int) -> str:
    return M_("has {points} points, more than the {limit} one event may have", points=points, limit=MAX_EVENT_POINTS)


def point_count(geometry: object, stop: int = MAX_UPLOAD_POINTS + 1) -> int:
    """The positions in a GeoJSON geometry, counted up to `stop`; malformed parts count nothing."""
    count, stack = 0, [geometry]
    while stack and count < stop:
        item = stack.pop()
        if isinstance(item, dict):
            stack.append(item.get("coordinates", item.get("geometries")))
        elif isinstance(item, list) and item:
            if isinstance(item[0], (list, dict)):
                stack.extend(item)
            else:
                count += 1
    return count


def _check_point_total(counts: list[int], file_name: str) -> None:
    total = sum(counts)
    if total > MAX_UPLOAD_POINTS:
        largest = max(range(len(counts)), key=counts.__getitem__)
        # Counting stops past the limit: a row over it is "more than" the limit.
        alone = f"{counts[largest]:,}" if counts[largest] <= MAX_UPLOAD_POINTS else f"more than {MAX_UPLOAD_POINTS:,}"
        raise file_error(
            file_name,
            "geometry",
            f"{total:,} points" if max(counts) <= MAX_UPLOAD_POINTS else f"{alone} points",
            f"is more than the {MAX_UPLOAD_POINTS:,} points that can be mapped at once (row {largest + 1} alone "
            f"has {alone}); an event needs a point or a few",
        )


def _category(row: _Row, value: object) -> str | None:
    if _blank(value):
        row.category_defaulted = True
        return DEFAULT_CATEGORY
    category = _CATEGORY_BY_NAME.get(str(value).strip().lower())
    if category is None:
        row.add("category", value, M_("must be one of {categories}", categories=", ".join(CATEGORIES)))
    return category


def _event_properties(row: _Row, values: dict, file_name: str) -> dict:
    """Our event fields from a plain row (CSV cells or GeoJSON properties)."""
    props: dict = _dates(row, values)
    for field in ("title", "summary", "source_claim"):
        if not _blank(values.get(field)):
            props[field] = str(values[field]).strip()
    places = _json_or_text(values.get("places"))
    if isinstance(places, str) and places.strip():
        places = [p.strip() for p in places.split(";") if p.strip()]
    props["places"] = places if isinstance(places, list) else []
    props.setdefault("title", f"{', '.join(map(str, props['places'][:3])) or 'Event'} (row {row.number})")
    props.setdefault("summary", f"From your file {file_name}, row {row.number}.")
    props["category"] = _category(row, values.get("category"))
    paragraphs = _json_or_text(values.get("source_paragraphs"))
    if not _blank(paragraphs):
        props["source_paragraphs"] = paragraphs
    casualties = _casualties(row, values, file_name)
    if casualties is not None:
        props["casualties"] = casualties
    return props


def _dates(row: _Row, values: dict) -> dict:
    """The date fields of a plain row: date and precision, end date, and the sequencing fields our
    own export writes (see geo.model.schema._check_placement)."""
    props: dict = {}
    date_value = values.get("date")
    try:
        props["date"], precision = parse_date_text(date_value)
    except ValueError as err:
        row.add("date", date_value, _reason(err) if not _blank(date_value) else M_("is missing"))
        precision = None
    given_precision = values.get("date_precision")
    props["date_precision"] = given_precision if not _blank(given_precision) else precision
    if not _blank(values.get("end_date")):
        try:
            end, end_precision = parse_date_text(values["end_date"])
            if end_precision != "day":
                raise ValueError(M_("must be a whole date such as 2020-12-01"))
            props["end_date"] = end
        except ValueError as err:
            row.add("end_date", values["end_date"], _reason(err))
    if not _blank(values.get("not_before")):
        props["not_before"] = str(values["not_before"]).strip()
    order = _count(row, "day_order", values.get("day_order"))
    if order is not None:
        props["day_order"] = order
    if values.get("date_approximate") is True or str(values.get("date_approximate")).strip().lower() == "true":
        props["date_approximate"] = True
    return props


def _casualties(row: _Row, values: dict, file_name: str) -> object:
    """A casualties object as given (GeoJSON), or one made from killed / injured columns with who
    reported them (the file, when no column says); None when the row has neither."""
    casualties = _json_or_text(values.get("casualties"))
    if isinstance(casualties, dict) or (not _blank(casualties) and not isinstance(casualties, str)):
        return casualties
    killed, injured = _count(row, "killed", values.get("killed")), _count(row, "injured", values.get("injured"))
    if killed is None and injured is None:
        return None
    reporter = values.get("reported_by")
    return {
        **({"killed": killed} if killed is not None else {}),
        **({"injured": injured} if injured is not None else {}),
        "reported_by": str(reporter).strip() if not _blank(reporter) else f"your file {file_name}",
    }


def _acled_properties(row: _Row, values: dict) -> dict:
    """Our event fields from one row of an ACLED export."""
    props: dict = {}
    try:
        iso, _ = parse_date_text(values.get("event_date"))
        props["date"] = iso
    except ValueError as err:
        row.add(
            "date", values.get("event_date"), _reason(err) if not _blank(values.get("event_date")) else M_("is missing")
        )
    time_precision = str(values.get("time_precision") or "1").strip()
    # ACLED: 1 the day is known, 2 the week, 3 only the month.
    props["date_precision"] = "month" if time_precision == "3" else "day"
    if time_precision == "3" and "date" in props:
        props["date"] = props["date"][:7]
    event_type, sub_type = (str(values.get(k) or "").strip() for k in ("event_type", "sub_event_type"))
    category = ACLED_SUB_EVENT_CATEGORIES.get(sub_type.lower()) or ACLED_EVENT_CATEGORIES.get(event_type.lower())
    if category is None:
        row.add(
            "category", event_type, M_("is not an ACLED event type ({types})", types=", ".join(ACLED_EVENT_CATEGORIES))
        )
    props["category"] = category
    where = next(
        (str(values[k]).strip() for k in ("location", "admin2", "admin1", "country") if not _blank(values.get(k))), ""
    )
    props["title"] = f"{sub_type or event_type or 'Event'}{f' in {where}' if where else ''}"
    notes = str(values.get("notes") or "").strip()
    actors = " and ".join(str(values[k]).strip() for k in ("actor1", "actor2") if not _blank(values.get(k)))
    summary = notes or f"{event_type or 'Event'}{f' involving {actors}' if actors else ''}."
    extra = []
    if time_precision == "2":
        extra.append("ACLED gives the date to within a week.")
    if str(values.get("geo_precision") or "1").strip() in ("2", "3"):
        extra.append("ACLED places it only approximately.")
    if not _blank(values.get("source")):
        extra.append(f"Sources named by ACLED: {str(values['source']).strip()}.")
    if not _blank(values.get("event_id_cnty")):
        extra.append(f"ACLED event {str(values['event_id_cnty']).strip()}.")
    props["summary"] = " ".join([summary, *extra])
    props["places"] = [where] if where else []
    killed = _count(row, "killed", values.get("fatalities"))
    if killed is not None:
        props["casualties"] = {"killed": killed, "reported_by": "ACLED (fatalities column)"}
    return props


def _checked(rows: list[_Row], file_name: str, progress: Progress, share: tuple[float, float]) -> None:
    """Adds to each row the problems of `geo.model.schema.check_event` its fields still have, and
    sets the feature of those that have none."""
    low, high = share
    for done, row in enumerate(rows):
        if done % 2_000 == 0:
            progress(low + (high - low) * done / len(rows), f"Checking row {done + 1:,} of {len(rows):,}")
        row.strip_controls()
        feature = {"type": "Feature", "properties": row.props, "geometry": row.geometry}
        checked = (
            []
            if "properties" in row.covered
            else check_event(file_name, row.number, feature, None, MAX_UPLOAD_PARAGRAPH, require_source=False)
        )
        for problem in checked:
            if problem.field not in row.covered:
                row.add(problem.field, problem.value, problem.reason)
        # The schema lets an empty collection through; on the map it would be nowhere.
        if not row.problems and shape(row.geometry).is_empty:
            row.add("geometry", row.geometry, M_("is empty: an event needs a place on the map"))
        if not row.problems:
            row.feature = feature


@dataclass
class _FastRows:
    """Rows whose every column passed its check: their events' fields as columns."""

    numbers: np.ndarray  # the rows' numbers (lines of the CSV file)
    fields: pd.DataFrame  # id, date, date_precision, title, summary, category, places, source_claim, casualties
    lon: np.ndarray
    lat: np.ndarray
    defaulted: np.ndarray  # the category was blank: shown as DEFAULT_CATEGORY

    def keep(self, mask: np.ndarray) -> _FastRows:
        return _FastRows(self.numbers[mask], self.fields[mask], self.lon[mask], self.lat[mask], self.defaulted[mask])

    def frame(self) -> gpd.GeoDataFrame:
        """The events as `geo.model.loader.events_frame` gives them (before ordering)."""
        fields = self.fields.reset_index(drop=True)
        # A file has a few hundred distinct dates: each is read once.
        codes, dates = pd.factorize(fields["date"].astype(str) + " " + fields["date_precision"].astype(str))
        spans = [(parse_date(d, p), last_day(d, p)) for d, p in (date.split(" ") for date in dates)]
        columns = {column: pd.Series([None] * len(fields), dtype=object) for column in EVENT_COLUMNS}
        for column in fields:
            columns[column] = fields[column].astype(object)
        columns["source_paragraphs"] = pd.Series([[] for _ in codes], dtype=object)
        columns["start"] = pd.Series(np.array([start for start, _ in spans], dtype=object)[codes], dtype=object)
        columns["end"] = pd.Series(np.array([end for _, end in spans], dtype=object)[codes], dtype=object)
        return gpd.GeoDataFrame(columns, geometry=shapely.points(self.lon, self.lat), crs="EPSG:4326")


def _result(  # noqa: PLR0913 - the parts of one file's outcome
    rows: list[_Row],
    fast: _FastRows | None,
    columns: dict[str, str],
    file_name: str,
    kind: str,
    notices: list[str],
    total: int,
    progress: Progress,
) -> UploadResult:
    """The events of the good rows, slow (`rows`) and fast; a later row repeating an id is left out."""
    _checked(rows, file_name, progress, (0.5 if fast is not None else 0.2, 0.9))
    progress(0.9, "Putting the events together")
    good = [row for row in rows if not row.problems]
    fast_ids = fast.fields["id"].to_numpy(dtype=object) if fast is not None else np.array([], dtype=object)
    fast_numbers = fast.numbers if fast is not None else np.array([], dtype=np.int64)
    ids = pd.DataFrame(
        {
            "number": np.concatenate([np.array([row.number for row in good], dtype=np.int64), fast_numbers]),
            "id": np.concatenate([np.array([row.props.get("id") for row in good], dtype=object), fast_ids]),
        }
    ).sort_values("number", kind="stable")
    repeated = ids[ids["id"].duplicated()]
    first = ids.drop_duplicates("id").set_index("id")["number"]
    repeats = {
        number: RowProblem(
            number,
            columns.get("id", "id"),
            _shown(event_id),
            M_("repeats the id of row {row}", row=str(first[event_id])),
        )
        for number, event_id in zip(repeated["number"], repeated["id"], strict=True)
    }
    for row in good:
        if row.number in repeats:
            row.problems.append(repeats[row.number])
    good = [row for row in good if not row.problems]
    fast_repeats = set(repeats) & set(fast_numbers.tolist())
    problems = sorted(
        [problem for row in rows for problem in row.problems] + [repeats[number] for number in fast_repeats],
        key=lambda problem: problem.row,
    )
    if fast is not None:
        fast = fast.keep(~np.isin(fast.numbers, list(repeats)))
    defaulted = sum(row.category_defaulted for row in good) + (int(fast.defaulted.sum()) if fast is not None else 0)
    if defaulted:
        notices.append(
            M_(
                "{count} row(s) name no category and are shown as “{category}”; a category column may name one "
                "of: {categories}.",
                count=defaulted,
                category=Message(CATEGORY_STYLE[DEFAULT_CATEGORY][0]),
                categories=", ".join(CATEGORIES),
            )
        )
    stripped = [row for row in good if row.stripped]
    if stripped:
        fields = sorted({field for row in stripped for field in row.stripped})
        shown = ", ".join(str(row.number) for row in stripped[:10]) + (" …" if len(stripped) > 10 else "")
        notices.append(
            M_(
                "Control characters that KML and XML files cannot hold were removed from {count} row(s) "
                "({rows}), in {fields}.",
                count=len(stripped),
                rows=shown,
                fields=", ".join(map(repr, fields)),
            )
        )
    events = events_frame({"type": "FeatureCollection", "features": [row.feature for row in good]})
    if fast is not None and len(fast.numbers):
        events = order_events(pd.concat([events, fast.frame()], ignore_index=True))
    return UploadResult(events, tuple(problems), total, kind, tuple(notices))


def _unique_id(props: dict, given: object, number: int) -> None:
    slug = _slug(str(given)) if not _blank(given) else ""
    props["id"] = slug or f"row-{number}"


# --- GeoJSON ---------------------------------------------------------------------------------


def _parse_geojson(text: str, file_name: str, notices: list[str], progress: Progress) -> UploadResult:
    data = parse_geojson(text, file_name)
    progress(0.2, "Checking the features")
    features, problems = check_collection(file_name, data)
    if problems:
        raise DataError(problems)
    if not features:
        raise file_error(file_name, "features", [], M_("is empty: the file has no events"))
    _check_row_count(len(features), file_name)
    counts = [point_count(feature.get("geometry")) if isinstance(feature, dict) else 0 for feature in features]
    _check_point_total(counts, file_name)
    progress(0.3, f"Checking {len(features):,} features")
    slow, fast = _geojson_columns(features, counts, file_name, _JSON_CONTROL.search(text) is not None)
    rows = []
    for number in np.flatnonzero(slow).tolist():
        feature = features[number]
        number += 1
        row = _Row(number, {})
        if counts[number - 1] > MAX_EVENT_POINTS:
            row.add("geometry", feature["geometry"].get("type"), _too_many_points(counts[number - 1]))
            row.covered.add("properties")
        elif not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            row.add(
                "properties",
                feature.get("properties") if isinstance(feature, dict) else feature,
                M_("must be a GeoJSON Feature with an object of properties"),
            )
        else:
            values = _aliased(feature["properties"])
            row.props = _event_properties(row, {**values, "geometry": None}, file_name)
            _unique_id(row.props, values.get("id", feature.get("id")), number)
            row.geometry = feature.get("geometry")
        rows.append(row)
    return _result(rows, fast, {}, file_name, "GeoJSON", notices, len(features), progress)


# The fields the row-by-row code reads from a feature's properties (its geometry is the feature's own).
_PROPERTY_FIELDS = tuple(field for field in COLUMN_ALIASES if field not in ("latitude", "longitude", "geometry"))


# JSON's escapes of control characters and of surrogates (raw ones are not JSON): without one, no
# string of the file holds either.
_JSON_CONTROL = re.compile(r"\\(?:[bf]|u(?:00[01][0-9a-fA-F]|[dD][89a-fA-F][0-9a-fA-F]{2}|[fF]{3}[eEfF]))")


def _geojson_columns(features: list, counts: list[int], file_name: str, controls: bool) -> tuple[np.ndarray, _FastRows]:
    """Which features need the row-by-row checks, and the others' events: each feature's properties
    become text cells (those of other types, but counts, leave the feature to the row-by-row code),
    checked a column at a time as a CSV's are. `controls`: whether a string may hold a control
    character or a lone surrogate (then such a feature is left to the row-by-row code)."""
    length = len(features)
    cells: dict[str, list[str]] = {field: [""] * length for field in (*_PROPERTY_FIELDS, "longitude", "latitude")}
    place_lists: list[list[str] | None] = [None] * length
    readable = np.zeros(length, dtype=bool)
    for index, feature in enumerate(features):
        point = _point_text(feature.get("geometry")) if isinstance(feature, dict) else None
        if point is None or counts[index] > MAX_EVENT_POINTS or not isinstance(feature.get("properties"), dict):
            continue
        values = _aliased(feature["properties"])
        if "id" not in values:
            values["id"] = feature.get("id")
        readable[index] = all(
            _cell_text(cells, field, index, value, controls)
            for field, value in values.items()
            if field in _PROPERTY_FIELDS
        ) and _place_list(place_lists, index, values.get("places"), controls)
        cells["longitude"][index], cells["latitude"][index] = point
    for field, column in cells.items():  # a feature left to the row-by-row code keeps blank cells
        cells[field] = [cell if ok else "" for cell, ok in zip(column, readable, strict=True)]
    values = {field: pd.Series(column, dtype="str") for field, column in cells.items()}
    slow, fast = _plain_columns(values, np.arange(1, length + 1), file_name, False, place_lists)
    return slow | ~readable, fast.keep(readable[fast.numbers - 1])


def _point_text(geometry: object) -> tuple[str, str] | None:
    """A Point's longitude and latitude as text, or None for any other geometry."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    position = geometry.get("coordinates")
    if not isinstance(position, list) or len(position) != 2:
        return None
    if not all(isinstance(c, (int, float)) and not isinstance(c, bool) and abs(c) <= 180 for c in position):
        return None
    return repr(float(position[0])), repr(float(position[1]))


def _cell_text(cells: dict[str, list[str]], field: str, index: int, value: object, controls: bool) -> bool:
    """Puts a property into its text cell; False when the row-by-row code must read it."""
    if value is None or (field == "places" and not isinstance(value, str)):
        return True
    if isinstance(value, int) and not isinstance(value, bool) and field in ("killed", "injured"):
        value = str(value)
    if not isinstance(value, str) or (controls and _UNUSABLE.search(value)):
        return False
    cells[field][index] = value
    return True


def _place_list(place_lists: list[list[str] | None], index: int, places: object, controls: bool) -> bool:
    """Keeps a list of place names as given; False when the row-by-row code must read them."""
    if places is None or isinstance(places, str):
        return True  # text: read as a CSV cell is
    if not isinstance(places, list) or not all(isinstance(p, str) and p.strip() for p in places):
        return False
    if sum(len(p) for p in places) > MAX_TEXT - 100 or (controls and any(_UNUSABLE.search(p) for p in places)):
        return False
    place_lists[index] = places
    return True


def _aliased(record: dict) -> dict:
    """A record keyed by our field names, taking the first alias present."""
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    values = {}
    for field, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in lowered:
                values[field] = lowered[alias]
                break
    return values


# --- CSV -------------------------------------------------------------------------------------


def _check_row_count(count: int, file_name: str, more: bool = False) -> None:
    """Refuses a file of more than MAX_ROWS rows; `more`: it has more than the `count` read."""
    if count > MAX_ROWS:
        raise file_error(
            file_name,
            "rows",
            f"more than {count:,}" if more else count,
            M_(
                "is more than the {limit} rows that can be mapped at once; filter the file (by dates or region, "
                "say) and upload the parts",
                limit=MAX_ROWS,
            ),
        )


def _parse_csv(text: str, file_name: str, notices: list[str], progress: Progress) -> UploadResult:
    table = read_csv_table(text, file_name, MAX_ROWS)
    header = table.header
    _check_row_count(len(table.lines), file_name, table.more)
    # Column name -> position; the first of repeated names wins.
    positions = {name.strip().lower(): i for i, name in reversed(list(enumerate(header)))}
    if "event_id_cnty" in positions or set(ACLED_REQUIRED) <= set(positions):
        return _parse_acled(table, text, positions, file_name, notices, progress)
    found = {}
    for field, aliases in COLUMN_ALIASES.items():
        alias = next((alias for alias in aliases if alias in positions), None)
        if alias is not None:
            found[field] = positions[alias]
    columns = {field: header[position] for field, position in found.items()}
    missing = [f for f in ("date",) if f not in columns]
    if "geometry" not in columns and not {"latitude", "longitude"} <= set(columns):
        missing += [f for f in ("latitude", "longitude") if f not in columns]
    if missing:
        raise file_error(
            file_name,
            "columns",
            header,
            f"lack {' and '.join(missing)}: a CSV needs date, latitude and longitude columns "
            "(or an ACLED export's columns)",
        )
    if not len(table.lines):
        raise file_error(file_name, "rows", 0, M_("the file has a header but no rows"))
    columns.setdefault("geometry", f"{columns.get('latitude')} / {columns.get('longitude')}")
    progress(0.3, f"Checking {len(table.lines):,} rows")
    values = {field: table.column(position) for field, position in found.items()}
    slow, fast = _plain_columns(values, table.lines, file_name, XML_FORBIDDEN.search(text) is not None)
    rows = []
    for number, cells in _slow_records(table, slow, found):
        row = _Row(number, columns)
        if not row.refuse_long_cells(cells):
            row.props = _event_properties(row, cells, file_name)
            _unique_id(row.props, cells.get("id"), number)
            row.geometry = _geometry(row, cells)
        rows.append(row)
    counts = np.ones(len(table.lines), dtype=np.int64)
    counts[np.flatnonzero(slow)] = [point_count(row.geometry) for row in rows]
    _check_point_total(counts.tolist(), file_name)
    return _result(rows, fast, columns, file_name, "CSV", notices, len(table.lines), progress)


def _slow_records(table: CsvTable, slow: np.ndarray, found: dict[str, int]):
    """(line, {field: cell}) of the rows to check one at a time."""
    picked = table.cells.iloc[np.flatnonzero(slow)]
    cells = {field: picked[str(position)].tolist() for field, position in found.items()}
    for index, number in enumerate(table.lines[slow].tolist()):
        yield number, {field: cells[field][index] for field in found}


def _parse_acled(  # noqa: PLR0913
    table: CsvTable,
    text: str,
    positions: dict[str, int],
    file_name: str,
    notices: list[str],
    progress: Progress,
) -> UploadResult:
    header = table.header
    by_name = {name: header[position] for name, position in positions.items()}
    missing = [c for c in ACLED_REQUIRED if c not in by_name]
    if missing:
        raise file_error(
            file_name, "columns", header, M_("look like an ACLED export but lack {columns}", columns=", ".join(missing))
        )
    if not len(table.lines):
        raise file_error(file_name, "rows", 0, M_("the file has a header but no rows"))
    columns = {
        "date": by_name["event_date"], "category": by_name["event_type"], "latitude": by_name["latitude"],
        "longitude": by_name["longitude"], "killed": by_name.get("fatalities", "fatalities"),
        "id": by_name.get("event_id_cnty", "event_id_cnty"), "geometry": "latitude / longitude",
        "title": "sub_event_type / location", "summary": "notes",
    }  # fmt: skip
    progress(0.3, f"Checking {len(table.lines):,} rows")
    values = {name: table.column(position) for name, position in positions.items()}
    slow, fast = _acled_columns(values, table, text)
    rows = []
    for number, values in _slow_records(table, slow, positions):
        row = _Row(number, columns)
        if not row.refuse_long_cells(values):
            row.props = _acled_properties(row, values)
            _unique_id(row.props, values.get("event_id_cnty"), number)
            row.geometry = _geometry(row, {"latitude": values.get("latitude"), "longitude": values.get("longitude")})
        rows.append(row)
    absent = [c for c in ACLED_COLUMNS if c not in by_name]
    if absent:
        notices.append(
            M_(
                "Columns of current ACLED exports not in this file (older exports lack some): {columns}.",
                columns=", ".join(absent),
            )
        )
    return _result(rows, fast, columns, file_name, N_("ACLED export"), notices, len(table.lines), progress)


# --- CSV, a column at a time -------------------------------------------------------------------
# Each check below is a superset of what the row-by-row code accepts: a row passes only if the
# row-by-row code would make the same event of it without a problem; every other row goes there.

_UNUSABLE = re.compile(f"{XML_FORBIDDEN.pattern}|{LONE_SURROGATE.pattern}")
_DECIMAL = r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_COUNT = r"[0-9]{1,9}(?:\.0*)?"


def _cells(values: dict[str, pd.Series], name: str, length: int) -> pd.Series:
    """A column's cells stripped; blank cells when the file has no such column."""
    if name not in values:
        return pd.Series([""] * length, dtype="str")
    return values[name].str.strip().reset_index(drop=True)


def _unusable_rows(values: dict[str, pd.Series], controls: bool, length: int) -> np.ndarray:
    """Rows with a cell too long to read or (when `controls`) a control character (the row-by-row
    code says which)."""
    bad = np.zeros(length, dtype=bool)
    for column in values.values():
        bad |= (column.str.len() > MAX_CELL_CHARS).to_numpy()
        if controls:
            bad |= np.fromiter((XML_FORBIDDEN.search(cell) is not None for cell in column), bool, length)
    return bad


def _date_columns(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(ISO date, precision) of each cell, read once per distinct value; NaN where either check fails."""
    parsed = {}
    for value in pd.unique(cells):
        try:
            iso, precision = parse_date_text(value)
            parse_date(iso, precision)
        except ValueError:
            continue
        parsed[value] = (iso, precision)
    iso = cells.map({value: both[0] for value, both in parsed.items()}).astype("str")
    return iso, cells.map({value: both[1] for value, both in parsed.items()}).astype("str")


def _positions(values: dict[str, pd.Series], length: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Longitudes, latitudes, and whether both are plain decimals in range."""
    numbers = []
    for name in ("longitude", "latitude"):
        cells = _cells(values, name, length)
        numbers.append(pd.to_numeric(cells.where(cells.str.fullmatch(_DECIMAL)), errors="coerce").to_numpy(float))
    lon, lat = numbers
    with np.errstate(invalid="ignore"):
        ok = (np.abs(lon) <= 180) & (np.abs(lat) <= 90)
    return lon, lat, ok


def _counts(cells: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Whole numbers (None when blank) and whether each cell is blank or one."""
    blank = cells == ""
    whole = cells.str.fullmatch(_COUNT).to_numpy(bool)
    numbers = pd.to_numeric(cells.str.split(".").str[0].where(whole), errors="coerce")
    counts = pd.Series([None if np.isnan(n) else int(n) for n in numbers.to_numpy(float)], dtype=object)
    return counts, blank.to_numpy(bool) | whole


def _slugs(cells: pd.Series, numbers: np.ndarray) -> pd.Series:
    """`_unique_id` a column at a time: the cell as a slug, or row-N."""
    if pc.all(pc.string_is_ascii(pa.array(cells))).as_py() is not False:  # Python's lower() only for the rest
        slugs = cells.str.lower().str.replace(_SLUG_PARTS.pattern, "-", regex=True).str.strip("-").astype(object)
    else:
        slugs = pd.Series([_slug(cell) if cell else "" for cell in cells], dtype=object)
    fallback = pd.Series([f"row-{number}" for number in numbers.tolist()], dtype=object)
    return slugs.where(slugs != "", fallback)


def _fits(*texts: pd.Series) -> np.ndarray:
    """Whether every text is short enough for the schema (MAX_TEXT)."""
    ok = np.ones(len(texts[0]), dtype=bool)
    for text in texts:
        ok &= (text.str.len() <= MAX_TEXT).to_numpy(bool)
    return ok


def _acled_columns(values: dict[str, pd.Series], table: CsvTable, text: str) -> tuple[np.ndarray, _FastRows]:
    """Which rows of an ACLED export need the row-by-row checks, and the others' events."""
    length = len(table.lines)

    def cell(name: str) -> pd.Series:
        return _cells(values, name, length)

    iso, precision = _date_columns(values["event_date"].reset_index(drop=True))
    week_or_month = cell("time_precision")
    month = (week_or_month == "3").to_numpy(bool)
    date = pd.Series(np.where(month, iso.str[:7], iso), dtype=object)
    event_type, sub_type = cell("event_type"), cell("sub_event_type")
    category = sub_type.str.lower().map(ACLED_SUB_EVENT_CATEGORIES)
    category = category.fillna(event_type.str.lower().map(ACLED_EVENT_CATEGORIES))
    where = cell("location")
    for name in ("admin2", "admin1", "country"):
        where = where.where(where != "", cell(name))
    kind = sub_type.where(sub_type != "", event_type).replace("", "Event")
    title = kind + np.where(where != "", " in " + where, "")
    actors = cell("actor1") + np.where((cell("actor1") != "") & (cell("actor2") != ""), " and ", "") + cell("actor2")
    generated = event_type.replace("", "Event") + np.where(actors != "", " involving " + actors, "") + "."
    summary = cell("notes").where(cell("notes") != "", generated)
    summary = summary + np.where((week_or_month == "2").to_numpy(bool), " ACLED gives the date to within a week.", "")
    summary = summary + np.where(cell("geo_precision").isin(["2", "3"]), " ACLED places it only approximately.", "")
    summary = summary + np.where(cell("source") != "", " Sources named by ACLED: " + cell("source") + ".", "")
    summary = summary + np.where(cell("event_id_cnty") != "", " ACLED event " + cell("event_id_cnty") + ".", "")
    killed, counted = _counts(cell("fatalities"))
    lon, lat, placed = _positions(values, length)
    fast = (
        (precision == "day").to_numpy(bool)
        & category.notna().to_numpy(bool)
        & counted
        & placed
        & ~_unusable_rows(values, XML_FORBIDDEN.search(text) is not None, length)
        & _fits(title, summary, where)
    )
    fields = pd.DataFrame(
        {
            "id": _slugs(cell("event_id_cnty"), table.lines),
            "date": date,
            "date_precision": np.where(month, "month", "day"),
            "title": title,
            "summary": summary,
            "category": category,
            "places": pd.Series([[place] if place else [] for place in where], dtype=object),
            "casualties": pd.Series(
                [None if k is None else {"killed": k, "reported_by": "ACLED (fatalities column)"} for k in killed],
                dtype=object,
            ),
        }
    )
    rows = _FastRows(table.lines, fields, lon, lat, np.zeros(length, dtype=bool))
    return ~fast, rows.keep(fast)


# Plain CSV columns whose cells the row-by-row code reads (JSON, WKT, sequencing): a row with one goes there.
_ROW_BY_ROW_FIELDS = ("end_date", "not_before", "day_order", "source_paragraphs", "casualties", "geometry")


def _plain_columns(  # noqa: PLR0915 - one line per field, in the order the row-by-row code reads them
    values: dict[str, pd.Series],
    numbers: np.ndarray,
    file_name: str,
    controls: bool,
    place_lists: list[list[str] | None] | None = None,
) -> tuple[np.ndarray, _FastRows]:
    """Which rows of a plain CSV (or GeoJSON properties as text) need the row-by-row checks, and the
    others' events. `controls`: whether any cell may hold a control character. `place_lists`: a row's
    places given as a list (GeoJSON), already checked."""
    length = len(numbers)

    def cell(name: str) -> pd.Series:
        return _cells(values, name, length)

    fast = ~_unusable_rows(values, controls, length)
    for name in _ROW_BY_ROW_FIELDS:
        fast &= (cell(name) == "").to_numpy(bool)
    fast &= (cell("date_approximate").str.lower() != "true").to_numpy(bool)
    date, precision = _date_columns(values["date"].reset_index(drop=True))
    given = values["date_precision"].reset_index(drop=True) if "date_precision" in values else None
    if given is not None:  # a precision given as such is kept as it is written
        fast &= ((cell("date_precision") == "") | (given == precision)).to_numpy(bool)
    fast &= date.notna().to_numpy(bool)
    places_cell = cell("places")
    fast &= ~places_cell.str[:1].isin(["[", "{"]).to_numpy(bool)
    fast &= (places_cell.str.len() <= MAX_TEXT - 100).to_numpy(bool)  # room for a title made of them
    places = pd.Series([[p.strip() for p in cell.split(";") if p.strip()] for cell in places_cell], dtype=object)
    if place_lists is not None:
        places = pd.Series(
            [given if given is not None else split for given, split in zip(place_lists, places, strict=True)],
            dtype=object,
        )
    named = cell("category")
    category = named.str.lower().map(_CATEGORY_BY_NAME)
    defaulted = (named == "").to_numpy(bool)
    fast &= defaulted | category.notna().to_numpy(bool)
    category = category.where(~defaulted, DEFAULT_CATEGORY)
    title = cell("title").where(
        cell("title") != "",
        pd.Series([f"{', '.join(p[:3]) or 'Event'} (row {n})" for p, n in zip(places, numbers.tolist(), strict=True)]),
    )
    summary = cell("summary").where(
        cell("summary") != "", pd.Series([f"From your file {file_name}, row {n}." for n in numbers.tolist()])
    )
    claim = cell("source_claim")
    killed, killed_ok = _counts(cell("killed"))
    injured, injured_ok = _counts(cell("injured"))
    reporter = cell("reported_by").where(cell("reported_by") != "", f"your file {file_name}")
    lon, lat, placed = _positions(values, length)
    fast &= killed_ok & injured_ok & placed & _fits(title, summary, claim, reporter)
    fast &= XML_FORBIDDEN.search(file_name) is None
    casualties = [
        None
        if k is None and i is None
        else {**({"killed": k} if k is not None else {}), **({"injured": i} if i is not None else {}), "reported_by": r}
        for k, i, r in zip(killed, injured, reporter, strict=True)
    ]
    fields = pd.DataFrame(
        {
            "id": _slugs(cell("id"), numbers),
            "date": date,
            "date_precision": precision,
            "title": title,
            "summary": summary,
            "category": category,
            "places": places,
            "source_claim": pd.Series([c if c else None for c in claim], dtype=object),
            "casualties": pd.Series(casualties, dtype=object),
        }
    )
    rows = _FastRows(numbers, fields, lon, lat, defaulted)
    return ~fast, rows.keep(fast)


def category_table() -> pd.DataFrame:
    """How ACLED's sub-event and event types become the map's categories, sub-event types first."""
    rows = [*ACLED_SUB_EVENT_CATEGORIES.items(), *ACLED_EVENT_CATEGORIES.items()]
    return pd.DataFrame(rows, columns=[N_("ACLED sub-event or event type"), N_("Category on the map")])


def preview_table(events: gpd.GeoDataFrame) -> pd.DataFrame:
    """Uploaded events as a person checks them before mapping: date, title, category, places."""
    return pd.DataFrame(
        {
            N_("Date"): events["date"],
            N_("Title"): events["title"],
            N_("Category"): [CATEGORY_LABELS[c] for c in events["category"]],
            N_("Places"): [", ".join(p) for p in events["places"]],
        }
    )
