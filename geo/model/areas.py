"""Areas of control over time: an outline and the states it went through, each dated and sourced.

An area file (data/areas.geojson, written by scripts/build_areas.py) is a FeatureCollection of
Polygons / MultiPolygons; each feature's properties hold `id`, `names`, `contested_names`,
`precision`, `label_point` and `states`, a list of {start, end, status, text, source,
source_paragraphs}. A state runs from `start` (included) to `end` (excluded; null: still so).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.model.schema import TRANSLATION_LANGUAGES, Problem, parse_date

# The statuses the map knows how to draw (geo/map/style.py AREA_STYLE), in the legend's order.
STATUSES = (
    "held", "held-part", "fighting", "held-az", "handed-over", "peacekeeping", "peacekeeping-part", "corridor",
    "other",  # an uploaded area's status in the person's own words
)  # fmt: skip
PRECISIONS = ("exact", "approximate")


@dataclass(frozen=True)
class State:
    start: dt.date
    end: dt.date | None
    status: str
    text: str
    source: str
    source_paragraphs: tuple[int, ...] = ()
    # `text` and `source` in other languages, by field name: {"text_az": …, "source_ru": …} (optional).
    translations: dict = dataclasses.field(default_factory=dict)

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    def text_in(self, lang: str) -> str:
        """`text` in `lang` ("en", "az", "hy", "ru"), or the English when there is no translation."""
        return self.translations.get(f"text_{lang}") or self.text

    def source_in(self, lang: str) -> str:
        """`source` in `lang`, or the English when there is no translation."""
        return self.translations.get(f"source_{lang}") or self.source


@dataclass(frozen=True)
class Area:
    id: str
    names: dict
    contested_names: dict | None
    precision: str
    label_point: tuple[float, float]  # lon, lat
    geometry: BaseGeometry
    states: tuple[State, ...]
    note: str | None = None
    # The note in other languages: {"note_az": …} (optional).
    note_translations: dict = dataclasses.field(default_factory=dict)

    def state_at(self, day: dt.date) -> State | None:
        """The state on `day`, or None when the area is not drawn then."""
        return next((state for state in self.states if state.covers(day)), None)

    def note_in(self, lang: str) -> str | None:
        """`note` in `lang`, or the English when there is no translation."""
        return self.note_translations.get(f"note_{lang}") or self.note


def _state(raw: object, where: str, problems: list[Problem], source: str, index: int, area_id: object) -> State | None:
    def problem(field: str, value: object, reason: str) -> None:
        problems.append(Problem(source, index, area_id, f"{where}.{field}", value, reason))

    if not isinstance(raw, dict):
        problem("", raw, "is not an object")
        return None
    dates = {}
    for field in ("start", "end"):
        value = raw.get(field)
        if value is None and field == "end":
            dates[field] = None
            continue
        try:
            dates[field] = parse_date(value)
        except ValueError as err:
            problem(field, value, "is missing" if value is None else str(err))
    status = raw.get("status")
    if status not in STATUSES:
        problem("status", status, f"is not one of {', '.join(STATUSES)}")
    for field in ("text", "source"):
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            problem(field, raw.get(field), "must be a non-empty text")
    translations = _state_translations(raw, problem)
    paragraphs = raw.get("source_paragraphs", [])
    if not isinstance(paragraphs, list) or not all(isinstance(p, int) and p > 0 for p in paragraphs):
        problem("source_paragraphs", paragraphs, "must be a list of paragraph numbers")
    if len(dates) < 2 or status not in STATUSES or problems:
        return None
    if dates["end"] is not None and dates["end"] <= dates["start"]:
        problem("end", raw.get("end"), f"is not after start {raw.get('start')!r}")
        return None
    return State(dates["start"], dates["end"], status, raw["text"], raw["source"], tuple(paragraphs), translations)


def _state_translations(raw: dict, problem) -> dict:
    """A state's optional `text_az`, `source_hy` …: the ones given, each a non-empty text."""
    names = [f"{name}_{lang}" for name in ("text", "source") for lang in TRANSLATION_LANGUAGES]
    translations = {name: raw[name] for name in names if raw.get(name) is not None}
    for name, value in translations.items():
        if not isinstance(value, str) or not value.strip():
            problem(name, value, "must be a non-empty text or absent")
    return translations


def _check_fields(props: dict, problem) -> None:
    if not isinstance(props.get("id"), str) or not props.get("id"):
        problem("id", props.get("id"), "must be a non-empty text")
    names = props.get("names")
    if not isinstance(names, dict) or not isinstance(names.get("en"), str):
        problem("names", names, "must hold at least an English name ('en')")
    contested = props.get("contested_names")
    if contested is not None and not (isinstance(contested, dict) and {"az", "hy"} <= contested.keys()):
        problem("contested_names", contested, "must hold both sides' names ('az' and 'hy')")
    if props.get("precision") not in PRECISIONS:
        problem("precision", props.get("precision"), f"is not one of {', '.join(PRECISIONS)}")
    label = props.get("label_point")
    if not (isinstance(label, list) and len(label) == 2 and all(isinstance(v, int | float) for v in label)):
        problem("label_point", label, "must be [longitude, latitude]")


def _check_geometry(raw: object, problem) -> BaseGeometry | None:
    try:
        geometry = shape(raw)
    except (AttributeError, TypeError, ValueError, KeyError) as err:
        problem("geometry", raw, f"is not a GeoJSON geometry ({err})")
        return None
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or not geometry.is_valid:
        problem("geometry", geometry.geom_type, "must be a valid Polygon or MultiPolygon")
    return geometry


def _check_states(raw_states: object, problem, problems: list[Problem], source: str, index: int, area_id) -> list:
    if not isinstance(raw_states, list) or not raw_states:
        problem("states", raw_states, "must be a non-empty list")
        return []
    states: list[State] = []
    for n, raw in enumerate(raw_states):
        state_problems: list[Problem] = []
        state = _state(raw, f"states[{n}]", state_problems, source, index, area_id)
        problems.extend(state_problems)
        if state is not None:
            states.append(state)
    for earlier, later in zip(states, states[1:], strict=False):
        if earlier.end is None or later.start < earlier.end:
            problem("states", [s.start.isoformat() for s in states], "must follow one another without overlap")
            break
    return states


def check_area(feature: object, index: int, source: str) -> tuple[Area | None, list[Problem]]:
    """An Area from one GeoJSON feature, or the problems that stop it (each names the field)."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(props, dict):
        return None, [Problem(source, index, None, "properties", props, "must be an object")]
    area_id = props.get("id")
    problems: list[Problem] = []

    def problem(field: str, value: object, reason: str) -> None:
        problems.append(Problem(source, index, area_id, field, value, reason))

    _check_fields(props, problem)
    notes = {
        f"note_{lang}": props[f"note_{lang}"] for lang in TRANSLATION_LANGUAGES if props.get(f"note_{lang}") is not None
    }
    for name, value in notes.items():
        if not isinstance(value, str) or not value.strip():
            problem(name, value, "must be a non-empty text or absent")
    geometry = _check_geometry(feature.get("geometry"), problem)
    states = _check_states(props.get("states"), problem, problems, source, index, area_id)
    if problems:
        return None, problems
    return Area(
        id=area_id,
        names=props["names"],
        contested_names=props.get("contested_names"),
        precision=props["precision"],
        label_point=(float(props["label_point"][0]), float(props["label_point"][1])),
        geometry=geometry,
        states=tuple(states),
        note=props.get("note"),
        note_translations=notes,
    ), []
