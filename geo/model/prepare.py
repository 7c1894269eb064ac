"""Everything a view needs from a dataset, computed once: coordinates, labels, the date index.

The dashboard caches `MapData` per dataset; pages and the static export use the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import weakref
from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np

from geo.model.content_lang import check_content_language, localize_events, localize_places, translation_column
from geo.model.i18n import N_, Texts, plural_pair, texts
from geo.model.loader import Dataset
from geo.model.naming import place_label
from geo.model.schema import CATEGORY_LABELS, TRANSLATED_CASUALTY_FIELDS, TRANSLATED_EVENT_FIELDS
from geo.model.timeline import SLIDER_RANGE, EventIndex
from geo.model.viewstate import ViewState


@dataclass(frozen=True)
class MapData:
    places: gpd.GeoDataFrame
    events: gpd.GeoDataFrame  # sorted by start; adds `coords` ([[lat, lon], …])
    index: EventIndex
    war_bounds: tuple[dt.date, dt.date]  # the slider's range
    war_days: list[dt.date]  # days with an event in the war era, for stepping and playback
    places_by_id: dict[str, dict]
    era_is_war: np.ndarray  # per event row
    # Areas of control over time (geo.model.areas); None: the war's shipped areas (load_areas).
    areas: tuple | None = None

    @property
    def event_ids(self) -> list[str]:
        return list(self.events["id"])

    @property
    def default_era(self) -> str:
        """The era a view opens on: the war, unless every event lies off the slider."""
        return "background" if len(self.events) and not self.era_is_war.any() else "war"


# The article's war began on this day; events that ended before it are "background".
WAR_START = dt.date(2020, 9, 27)


def prepare(dataset: Dataset, background_before: dt.date | None = WAR_START) -> MapData:
    """`background_before`: events ending before it go to the background era, off the
    slider (None for data with no background, such as uploads). So do events wholly outside
    `SLIDER_RANGE` (a text about 1600, a date in 9999): the slider's bounds always lie within it."""
    events = dataset.events.copy()
    events["coords"] = [event_coords(g) for g in events.geometry]
    lowest, highest = SLIDER_RANGE
    cutoff = max(background_before or dt.date.min, lowest)
    events["era"] = [
        "war" if end >= cutoff and start <= highest else "background"
        for start, end in zip(events["start"], events["end"], strict=True)
    ]
    index = EventIndex.build(events)
    war = events[events["era"] == "war"]
    if len(war):
        first = min(max(min(war["start"]), cutoff), highest - dt.timedelta(days=1))
        bounds = (first, min(max(first + dt.timedelta(days=1), max(war["end"])), highest))
    else:
        today = dt.date.today()
        bounds = (today - dt.timedelta(days=1), today)
    columns = ["id", "names", "contested_names", "exonyms", "kind"]
    places_by_id = {row["id"]: row for row in dataset.places[columns].to_dict("records")}
    return MapData(
        places=dataset.places,
        events=events,
        index=index,
        war_bounds=bounds,
        war_days=index.event_days(*bounds),
        places_by_id=places_by_id,
        era_is_war=(events["era"] == "war").to_numpy(),
    )


_CONTENT_KEYS: dict[int, tuple[weakref.ref, str]] = {}
_CONTENT_KEYS_LOCK = threading.Lock()


def content_key(data: MapData) -> str:
    """A short digest of what a dataset shows (each event's id, dates, title, category and points,
    and the places' names): the same data gives the same key in any process, and in any language
    (`in_language` gives a translation its original's key, so a class follows whatever language each
    reader chose). Kept per object while it lives (an id alone could be reused by the next dataset)."""
    with _CONTENT_KEYS_LOCK:
        hit = _CONTENT_KEYS.get(id(data))
        if hit is not None and hit[0]() is data:
            return hit[1]
    events = data.events
    fields = [c for c in ("id", "start", "end", "title", "category") if c in events.columns]
    digest = hashlib.sha256()
    digest.update(events[fields].astype(str).to_json(orient="values").encode())
    digest.update(json.dumps(list(events["coords"]), default=str).encode())
    digest.update(json.dumps(data.places_by_id, sort_keys=True, default=str).encode())
    key = digest.hexdigest()[:24]
    _remember_key(data, key)
    return key


def _remember_key(data: MapData, key: str) -> None:
    with _CONTENT_KEYS_LOCK:
        for dead in [k for k, (ref, _) in _CONTENT_KEYS.items() if ref() is None]:
            del _CONTENT_KEYS[dead]
        _CONTENT_KEYS[id(data)] = (weakref.ref(data), key)


# Per dataset (by id, while it lives) and language: its translation, or None when it has none.
_LOCALIZED: dict[int, tuple[weakref.ref, dict[str, MapData | None]]] = {}
_LOCALIZED_LOCK = threading.Lock()


def in_language(data: MapData, lang: str) -> MapData:
    """`data` with its events' and places' own texts (titles, summaries, the article's claims,
    casualty notes, place notes) in `lang`, each missing translation falling back to the English
    (`geo.model.content_lang`). Made once per dataset and language while the dataset lives, so views
    and the map's cached pages share it. `data` itself in English and when none of its events has a
    translation in `lang` (an upload's): nothing to copy."""
    if check_content_language(lang) == "en":
        return data
    with _LOCALIZED_LOCK:
        hit = _LOCALIZED.get(id(data))
        if hit is not None and hit[0]() is data and lang in hit[1]:
            return hit[1][lang] or data
    localized = None
    if has_translations(data, lang):
        localized = replace(data, events=localize_events(data.events, lang), places=localize_places(data.places, lang))
        _remember_key(localized, content_key(data))  # the same events in another language: one class room
    with _LOCALIZED_LOCK:
        for dead in [k for k, (ref, _) in _LOCALIZED.items() if ref() is None]:
            del _LOCALIZED[dead]
        hit = _LOCALIZED.get(id(data))
        if hit is None or hit[0]() is not data:
            hit = _LOCALIZED[id(data)] = (weakref.ref(data), {})
        return hit[1].setdefault(lang, localized) or data


def has_translations(data: MapData, lang: str) -> bool:
    """Whether any event of `data` has a text in `lang` (the loader gives every dataset the
    translation columns, empty where its files have none). Its places' notes alone do not count:
    no view of a dataset's events shows them (the Places page shows the shipped places)."""
    for field in TRANSLATED_EVENT_FIELDS:
        column = translation_column(field, lang)
        if column in data.events and data.events[column].map(_is_text).any():
            return True
    keys = [f"{field}_{lang}" for field in TRANSLATED_CASUALTY_FIELDS]
    casualties = data.events.get("casualties", [])
    return any(isinstance(c, dict) and any(_is_text(c.get(key)) for key in keys) for c in casualties)


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def year_span(days: list[dt.date]) -> str:
    """ "2020–2021", or one year "2020"."""
    first, last = min(days).year, max(days).year
    return str(first) if first == last else f"{first}–{last}"


def era_years(data: MapData) -> dict[str, str | None]:
    """The years each era spans, for labels: the slider's bounds, and the background events'
    days (None when there are none)."""
    background = data.events[~data.era_is_war]
    days = list(background["start"]) + list(background["end"])
    return {"war": year_span(list(data.war_bounds)), "background": year_span(days) if days else None}


def view_in_words(data: MapData, view: ViewState) -> str:
    """A view's date in words, as the engine's status line says it (the handout's view line)."""
    if view.era != "war":
        return era_years(data)["background"] or "Background"
    window = f" (last {view.window} days)" if view.mode == "window" else ""
    return f"{format_day(view.date)}{window}"


def format_day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def date_label(
    date: str,
    precision: str,
    end_date: str | None = None,
    not_before: str | None = None,
    approximate: bool = False,
    language: Texts | None = None,
) -> str:
    """ "28 October 2020", "10 October 2020 – 11 October 2020", "about 11 October 2020",
    "April 2016 (approximate: month only)", "September 2020 (approximate: month only, not before 27 September)".
    `language`: the same in that language, with CLDR's date forms (none: English).
    """
    if language is not None:
        return _date_label_in(date, precision, end_date, not_before, approximate, language)
    parts = [int(p) for p in date.split("-")]
    if precision == "year":
        label = f"{parts[0]} (approximate: year only)"
    elif precision == "month":
        label = f"{dt.date(parts[0], parts[1], 1):%B %Y}"
        earliest = dt.date.fromisoformat(not_before) if not_before else None
        label += f" (approximate: month only{f', not before {earliest.day} {earliest:%B}' if earliest else ''})"
    else:
        label = ("about " if approximate else "") + format_day(dt.date(*parts))
    if end_date and end_date != date:
        label += f" – {format_day(dt.date.fromisoformat(end_date))}"
    return label


# A card's date at its precision (also the map engine's, static/engine/dates.js `dateText`).
YEAR_ONLY = N_("{date} (approximate: year only)")
MONTH_NOT_BEFORE = N_("{date} (approximate: month only, not before {day})")
MONTH_ONLY = N_("{date} (approximate: month only)")
ABOUT = N_("about {date}")
DATE_RANGE = N_("{start} – {end}")
DATE_LABELS = (YEAR_ONLY, MONTH_NOT_BEFORE, MONTH_ONLY, ABOUT, DATE_RANGE)


def _date_label_in(
    date: str, precision: str, end_date: str | None, not_before: str | None, approximate: bool, language: Texts
) -> str:
    parts = [int(p) for p in date.split("-")]
    day = dt.date(*parts, *[1] * (3 - len(parts)))  # a month or year alone ("2020-10", "2016") is its first day
    if precision == "year":
        label = language(YEAR_ONLY, date=language.date(day, "year"))
    elif precision == "month":
        month = language.date(day, "month")
        if not_before:
            earliest = language.day_and_month(dt.date.fromisoformat(not_before))
            label = language(MONTH_NOT_BEFORE, date=month, day=earliest)
        else:
            label = language(MONTH_ONLY, date=month)
    else:
        label = language(ABOUT, date=language.date(day)) if approximate else language.date(day)
    if end_date and end_date != date:
        label = language(DATE_RANGE, start=label, end=language.date(dt.date.fromisoformat(end_date)))
    return label


def place_names(place_ids: list[str], places_by_id: dict[str, dict], naming: str = "en") -> list[str]:
    names = []
    for place_id in place_ids:
        place = places_by_id.get(place_id)
        names.append(label_of(place, naming) if place else place_id)
    return names


def label_of(place: dict, naming: str = "en") -> str:
    """A place's label (a row of `MapData.places_by_id`, or any mapping with its name fields)."""
    return place_label(place["names"], place.get("contested_names"), naming, place.get("exonyms"))


def contested_renames(places_by_id: dict[str, dict], naming: str) -> list[tuple[str, str]]:
    """(English label, the naming's label) of each contested place: what `in_naming` replaces."""
    return [(label_of(p, "en"), label_of(p, naming)) for p in places_by_id.values() if p.get("contested_names")]


def in_naming(
    text: str | None, places_by_id: dict[str, dict], naming: str, renames: list[tuple[str, str]] | None = None
) -> str | None:
    """Our own text with each contested place's English label ("Shusha / Shushi") written as
    the naming writes it, so titles and summaries follow the naming choice as labels do.
    `renames`: `contested_renames(places_by_id, naming)`, made once by a caller writing many texts."""
    if not text or naming == "en":
        return text
    for english, named in contested_renames(places_by_id, naming) if renames is None else renames:
        text = text.replace(english, named)
    return text


KILLED = plural_pair("{count} killed", "{count} killed")
INJURED = plural_pair("{count} injured", "{count} injured")
REPORTED_BY = N_("{figures}. Reported by: {reporter}")


def casualty_text(casualties: dict | None, language: Texts | None = None) -> str | None:
    """ "21 killed, 70 injured (more than 70, severely). Reported by: …", in `language` (none: English)."""
    if not isinstance(casualties, dict):
        return None
    language = language or texts("en")
    figures = []
    if casualties.get("killed") is not None:
        figures.append(language.plural(*KILLED, casualties["killed"]))
    if casualties.get("injured") is not None:
        figures.append(language.plural(*INJURED, casualties["injured"]))
    text = ", ".join(figures)
    if casualties.get("qualifier"):
        text += f" ({casualties['qualifier']})"
    return language(REPORTED_BY, figures=text, reporter=casualties.get("reported_by") or language(N_("unknown")))


SOURCE_PARAGRAPHS = plural_pair("Source: paragraph {paragraphs}", "Source: paragraphs {paragraphs}")


def paragraph_text(paragraphs: list[int], language: Texts | None = None) -> str:
    if not paragraphs:
        return ""
    if language is not None:
        return language.plural(*SOURCE_PARAGRAPHS, len(paragraphs), paragraphs=", ".join(map(str, paragraphs)))
    word = "paragraph" if len(paragraphs) == 1 else "paragraphs"
    return f"Source: {word} {', '.join(str(p) for p in paragraphs)}"


def card(
    event: dict,
    places_by_id: dict[str, dict],
    naming: str = "en",
    renames: list[tuple[str, str]] | None = None,
    language: Texts | None = None,
) -> dict[str, str | None]:
    """The plain-text fields of an event card (the caller escapes them for its medium); `renames`
    as `in_naming` takes it; its date and source line in `language` (none: English)."""
    claim = event.get("source_claim")
    return {
        "id": event["id"],
        "date": date_label(
            event["date"],
            event["date_precision"],
            event.get("end_date"),
            event.get("not_before"),
            event.get("date_approximate") is True,
            language,
        ),
        "precision": event["date_precision"],
        "title": in_naming(event["title"], places_by_id, naming, renames),
        "category": CATEGORY_LABELS[event["category"]],
        "places": ", ".join(place_names(event.get("places") or [], places_by_id, naming)),
        "summary": in_naming(event.get("summary"), places_by_id, naming, renames),
        "claim": claim if isinstance(claim, str) and claim else None,
        "casualties": casualty_text(event.get("casualties"), language),
        "sources": paragraph_text(event.get("source_paragraphs") or [], language),
    }


def event_coords(geometry) -> list[list[float]]:
    """[[lat, lon], …] for an event's Point / MultiPoint / GeometryCollection."""
    if geometry is None or geometry.is_empty:
        return []
    if geometry.geom_type == "Point":
        return [[round(geometry.y, 5), round(geometry.x, 5)]]
    parts = getattr(geometry, "geoms", [])
    return [xy for part in parts for xy in event_coords(part)]
