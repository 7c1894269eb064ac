"""A dashboard view as plain values, read from and written to a URL's query parameters.

Bad values never raise: each falls back to its default and adds a short notice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from geo.model.i18n import DEFAULT_LANGUAGE, N_, Texts, texts
from geo.model.naming import NAMINGS
from geo.model.timeline import MODES

ERAS = ("war", "background")
WINDOW_RANGE = (1, 60)
DEFAULT_WINDOW = 7
MAX_PARAM_LENGTH = 200
# The one form of a date in a link, as the static site reads it: ISO week and ordinal dates,
# which Python's fromisoformat also takes, are refused.
DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class ViewState:
    date: dt.date
    era: str = "war"
    event: str | None = None
    layers: tuple[str, ...] = ()
    mode: str = "upto"
    window: int = DEFAULT_WINDOW
    naming: str = "en"
    place: str | None = None  # a place to centre the map on (a link from the places page)
    notices: tuple[str, ...] = field(default=(), compare=False)


def _first(params: Mapping, key: str) -> str | None:
    value = params.get(key)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return None if value is None else str(value)


def _shown(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:39] + "…")


class _Notices(list):
    """The notices of a link, in the reader's language (English by default)."""

    def __init__(self, language: Texts | None):
        super().__init__()
        self.say = language or texts(DEFAULT_LANGUAGE)

    def add(self, message: str, **values: object) -> None:
        self.append(self.say(message, **values))


def parse_view(
    params: Mapping,
    *,
    bounds: tuple[dt.date, dt.date],
    default_date: dt.date,
    event_ids: Iterable[str],
    categories: Iterable[str],
    place_ids: Iterable[str] = (),
    default_era: str = "war",
    language: Texts | None = None,
) -> ViewState:
    """The view a URL names; unknown or malformed values fall back with a notice (in `language`)."""
    categories = tuple(categories)
    notices = _Notices(language)
    raw = {key: _first(params, key) for key in ("date", "era", "event", "layers", "mode", "window", "names", "place")}
    for key, value in raw.items():
        if value is not None and len(value) > MAX_PARAM_LENGTH:
            notices.add(
                N_("Ignored {key}: the value is longer than {most} characters."), key=key, most=MAX_PARAM_LENGTH
            )
            raw[key] = None
    # In the order the notices are listed; None keeps the default.
    read = {
        "era": _choice(raw["era"], ERAS, N_("Unknown era {value}; showing the war."), notices),
        "date": _date(raw["date"], bounds, default_date, notices),
        "event": _choice(raw["event"], set(event_ids), N_("No event {value}; none is selected."), notices),
        "layers": _layers(raw["layers"], categories, notices),
        "mode": _choice(raw["mode"], MODES, N_("Unknown mode {value}; showing everything up to the date."), notices),
        "window": _window(raw["window"], notices),
        "naming": _choice(raw["names"], NAMINGS, N_("Unknown naming {value}; using English."), notices),
        "place": _choice(raw["place"], set(place_ids), N_("No place {value}; the map is not centred on it."), notices),
    }
    state = ViewState(date=default_date, layers=categories, era=default_era)
    return replace(state, **{key: value for key, value in read.items() if value is not None}, notices=tuple(notices))


def _choice(value: str | None, allowed: Iterable[str], notice: str, notices: _Notices) -> str | None:
    """`value` if it is one of `allowed`; else None, and `notice` (with the value shown at `{value}`) is added."""
    if value is None or value in allowed:
        return value
    notices.add(notice, value=_shown(value))
    return None


def _date(value: str | None, bounds: tuple[dt.date, dt.date], default: dt.date, notices: _Notices) -> dt.date | None:
    if value is None:
        return None
    try:
        if not DATE_FORM.fullmatch(value):
            raise ValueError
        date = dt.date.fromisoformat(value)
    except ValueError:
        notices.add(
            N_("Date {value} is not a date like 2020-10-28; showing {default}."), value=_shown(value), default=default
        )
        return None
    if bounds[0] <= date <= bounds[1]:
        return date
    notices.add(
        N_("Date {date} is outside {first} to {last}; showing {default}."),
        date=date,
        first=bounds[0],
        last=bounds[1],
        default=default,
    )
    return None


def _layers(value: str | None, categories: tuple[str, ...], notices: _Notices) -> tuple[str, ...] | None:
    if value is None:
        return None
    asked = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [part for part in asked if part not in categories]
    if unknown:
        notices.add(N_("Unknown layer(s) {layers} ignored."), layers=", ".join(_shown(u) for u in unknown))
    known = tuple(c for c in categories if c in asked)
    # An empty value switches every layer off; only unknown names keep the default.
    return known if value.strip() == "" or known else None


def _window(value: str | None, notices: _Notices) -> int | None:
    if value is None:
        return None
    lo, hi = WINDOW_RANGE
    if re.fullmatch(r"[0-9]{1,3}", value) and lo <= int(value) <= hi:
        return int(value)
    notices.add(
        N_("Window {value} is not a number of days {lo}..{hi}; using {default}."),
        value=_shown(value),
        lo=lo,
        hi=hi,
        default=DEFAULT_WINDOW,
    )
    return None


def parse_step(raw: object, total: int, language: Texts | None = None) -> tuple[int, str | None]:
    """Presentation mode's 1-based slide from a URL value, and a notice when it is not one
    of 1..total (then slide 1). Capped like the other parameters: a value thousands of digits
    long is never turned into a number."""
    text = "" if raw is None else str(raw)
    if len(text) <= MAX_PARAM_LENGTH and re.fullmatch(r"[0-9]{1,9}", text) and 1 <= int(text) <= total:
        return int(text), None
    say = language or texts(DEFAULT_LANGUAGE)
    return 1, say(N_("No slide {value}; showing slide 1 of {total}."), value=_shown(text), total=total)


def view_query(state: ViewState, categories: Iterable[str]) -> dict[str, str]:
    """The query parameters that restore `state`; defaults are left out to keep links short."""
    query: dict[str, str] = {}
    if state.era != "war":
        query["era"] = state.era
    query["date"] = state.date.isoformat()
    if state.event:
        query["event"] = state.event
    if tuple(state.layers) != tuple(categories):
        query["layers"] = ",".join(state.layers)
    if state.mode != "upto":
        query["mode"] = state.mode
        query["window"] = str(state.window)
    if state.naming != "en":
        query["names"] = state.naming
    if state.place:
        query["place"] = state.place
    return query


# Keys of a view that change together: a new era brings its own date, a new mode its window.
ENGINE_KEY_GROUPS = {"era": ("era", "date"), "mode": ("mode", "window"), "window": ("mode", "window")}
ENGINE_VIEW_KEYS = ("era", "date", "event", "layers", "mode", "window", "names")


def merge_engine_view(server: Mapping[str, str], engine: Mapping[str, str], changed: object) -> dict[str, str]:
    """The view once the engine's settled view is applied to the server's: the keys the engine
    changed since the last view it had from the server are the engine's, the others keep the
    server's value (the server may have changed them since, e.g. the naming from the sidebar while
    the engine's view was on its way). `changed` as the engine sent it; when it is not a list of
    key names (a map page from before this field), the engine's view is taken whole."""
    if not isinstance(changed, list) or not all(isinstance(key, str) for key in changed):
        return dict(engine)
    taken = {key for name in changed for key in ENGINE_KEY_GROUPS.get(name, (name,))}
    merged = {key: value for key, value in server.items() if key not in taken and key in ENGINE_VIEW_KEYS}
    merged.update({key: value for key, value in engine.items() if key in taken})
    return merged


def event_view(
    base: ViewState,
    event_id: str,
    start: dt.date,
    era: str,
    category: str,
    bounds: tuple[dt.date, dt.date],
    categories: Iterable[str],
) -> ViewState:
    """`base` turned to one event: selected, in its era, at the day it starts (within the
    slider's bounds), with its category's layer on; other choices (names, mode) kept."""
    categories = tuple(categories)
    day = start if era == "war" else base.date
    layers = tuple(c for c in categories if c in base.layers or c == category)
    return replace(
        base, era=era, event=event_id, date=min(max(day, bounds[0]), bounds[1]), layers=layers, place=None, notices=()
    )
