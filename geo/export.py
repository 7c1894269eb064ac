"""The static export: the map as a self-contained site that needs no server and no CDN.

`python -m geo export --out DIR` writes `index.html` with the data inline (JSON inside
`<script type="application/json">`, via `safe.js_json`), the page's own `app.js` and
`app.css` (from `geo/site/`) and Leaflet from `static/vendor/`. It opens from file:// and
from any static host; only the OpenStreetMap tiles come from the internet, and without
them the offline country outlines still show where things are.

Labels, card texts, views and marker shapes are computed here with the same helpers the
dashboard uses; the page only filters by date and puts text into the DOM with textContent.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import zipfile
from pathlib import Path
from string import Template

import geopandas as gpd

from geo.data import Dataset, load_basemap
from geo.framing import ARTICLE_SAYS_MEANING, INTRO, SOURCE_LINE, TITLE
from geo.mapview import (
    MAP_CSS,
    OSM_ATTRIBUTION,
    OSM_TILES,
    OUTLINE_STYLE,
    line_coords,
    shape_svg,
    view_for,
)
from geo.naming import NAMINGS
from geo.prepare import WAR_START, MapData, card, era_years, format_day, label_of, prepare
from geo.safe import html_text, js_json
from geo.schema import CATEGORIES
from geo.style import (
    BACKGROUND_VIEW,
    CATEGORY_STYLE,
    CONTESTED_PLACE_COLOUR,
    CORRIDOR_COLOUR,
    CORRIDOR_DASH,
    LARGE_LABEL_PX,
    MAP_HEIGHT,
    MARKER_SIZE,
    MARKER_SIZE_EARLIER,
    MIN_TARGET_PX,
    PLACE_COLOUR,
    PLACE_RADIUS,
    SPREAD_PX,
    WAR_VIEW,
)
from geo.viewstate import DEFAULT_WINDOW, MAX_PARAM_LENGTH, WINDOW_RANGE

SITE_DIR = Path(__file__).resolve().parent / "site"
LEAFLET_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor" / "leaflet"
DEFAULT_TITLE = TITLE
DEFAULT_INTRO = INTRO
PLAYBACK_SPEEDS = [("Slow (2 s)", 2.0), ("Normal (1 s)", 1.0), ("Fast (0.5 s)", 0.5)]
SLIDE_SECONDS = 8  # presentation's auto-advance: time to read a card aloud
MAX_CARDS = 40
LAYER_ICON_PX = 18
EPOCH = dt.date(1970, 1, 1)  # the page counts days from here, as JavaScript's Date does


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def icon_uri(category: str, size: int) -> str:
    """The category's marker shape as a data: URI (an <img> source, so no markup is parsed)."""
    return "data:image/svg+xml;base64," + base64.b64encode(shape_svg(category, size).encode()).decode()


def _labels(place: dict) -> dict[str, str]:
    return {naming: label_of(place, naming) for naming in NAMINGS}


def _places(places: gpd.GeoDataFrame) -> list[dict]:
    """Places drawn as points (as in the dashboard): source names and position, a label per naming."""
    return [
        {"id": row.id, "kind": row.kind, "names": row.names, "contested_names": row.contested_names,
         "precision": row.precision, "lat": row.geometry.y, "lon": row.geometry.x,
         "labels": _labels(row._asdict())}
        for row in places.itertuples(index=False)
        if row.kind != "corridor" and row.geometry.geom_type == "Point"
    ]  # fmt: skip


def _corridors(places: gpd.GeoDataFrame) -> list[dict]:
    return [
        {"id": row.id, "labels": _labels(row._asdict()),
         "latlngs": [[y, x] for x, y in line_coords(row.geometry)]}
        for row in places[places["kind"] == "corridor"].itertuples(index=False)
    ]  # fmt: skip


def _events(data: MapData) -> list[dict]:
    """Each event's source fields as loaded, plus what the page derives from them once here."""
    events = []
    for row in data.events.drop(columns="geometry").to_dict("records"):
        fields = card(row, data.places_by_id)
        view = view_for(row["coords"])
        events.append({
            "id": row["id"],
            "date": row["date"],
            "date_precision": row["date_precision"],
            "end_date": row["end_date"],
            "title": row["title"],
            "summary": row["summary"],
            "category": row["category"],
            "places": list(row["places"]),
            "source_paragraphs": list(row["source_paragraphs"]),
            "source_claim": row["source_claim"],
            "casualties": row["casualties"],
            "coords": row["coords"],
            "era": row["era"],
            "start": day_number(row["start"]),
            "end": day_number(row["end"]),
            "view": {"center": list(view["center"]), "zoom": view["zoom"]} if view else None,
            "card": {key: fields[key] for key in ("date", "category", "casualties", "sources")},
            "placesText": {naming: card(row, data.places_by_id, naming)["places"] for naming in NAMINGS},
            # Title and summary as each naming writes contested places (`geo.prepare.in_naming`).
            "text": {naming: {key: card(row, data.places_by_id, naming)[key] for key in ("title", "summary")}
                     for naming in NAMINGS},
        })  # fmt: skip
    return events


def site_data(data: MapData) -> dict:
    """Everything the page needs, as plain JSON values. Places and events keep their source
    fields as loaded, so the page carries its data whole (and tests can compare it)."""
    years = era_years(data)
    war_years, background_years = years["war"], years["background"]
    return {
        "categories": [
            {"id": category, "icon": icon_uri(category, 16), "svg": shape_svg(category, MARKER_SIZE),
             "svgSmall": shape_svg(category, MARKER_SIZE_EARLIER),
             "svgSelected": shape_svg(category, MARKER_SIZE + 6, selected=True)}
            for category in CATEGORIES
        ],  # fmt: skip
        "sizes": {"current": MARKER_SIZE, "earlier": MARKER_SIZE_EARLIER, "selected": MARKER_SIZE + 6},
        "minTarget": MIN_TARGET_PX,
        "spacing": SPREAD_PX,
        "style": {
            "place": {"radius": PLACE_RADIUS, "colour": PLACE_COLOUR, "contested": CONTESTED_PLACE_COLOUR},
            "corridor": {"color": CORRIDOR_COLOUR, "weight": 3, "dashArray": CORRIDOR_DASH},
            "outline": OUTLINE_STYLE,
        },
        "views": {
            "war": {"center": list(WAR_VIEW["center"]), "zoom": WAR_VIEW["zoom"]},
            "background": {"center": list(BACKGROUND_VIEW["center"]), "zoom": BACKGROUND_VIEW["zoom"]},
        },
        "bounds": [day_number(data.war_bounds[0]), day_number(data.war_bounds[1])],
        "boundsText": [data.war_bounds[0].isoformat(), data.war_bounds[1].isoformat()],
        "warDays": [day_number(day) for day in data.war_days],
        "eras": {
            "war": f"The war and after ({war_years})",
            **({"background": f"Background ({background_years})"} if background_years else {}),
        },
        "backgroundYears": background_years,
        "modes": {"upto": "Everything up to the date", "window": "Only the last N days"},
        "windowRange": list(WINDOW_RANGE),
        "defaultWindow": DEFAULT_WINDOW,
        "maxParam": MAX_PARAM_LENGTH,
        "namings": NAMINGS,
        "speeds": PLAYBACK_SPEEDS,
        "slideSeconds": SLIDE_SECONDS,
        "maxCards": MAX_CARDS,
        "tiles": {"url": OSM_TILES, "attribution": OSM_ATTRIBUTION, "maxZoom": 18},
        "basemap": load_basemap(),
        "places": _places(data.places),
        "corridors": _corridors(data.places),
        "events": _events(data),
    }


# The dashboard's map styles (labels, markers, legend), plus projector-sized labels when presenting.
MAP_STYLES = MAP_CSS + f"""
<style>
:root {{ --map-height: {MAP_HEIGHT}px; }}
body.present .place-label, body.present .corridor-label {{ font-size: {LARGE_LABEL_PX}px; }}
</style>
"""


def _layer_toggles() -> str:
    """One checkbox per category, labelled with its marker shape (our own constants only)."""
    return "\n".join(
        f'<label class="layer-toggle"><input type="checkbox" name="layer" value="{category}" checked>'
        f'<img src="{icon_uri(category, LAYER_ICON_PX)}" width="{LAYER_ICON_PX}" height="{LAYER_ICON_PX}" alt="">'
        f"{html_text(label)}</label>"
        for category, (label, _, _) in CATEGORY_STYLE.items()
    )


def _sources_note(attribution: str | None) -> str:
    notes = [
        "Map tiles © OpenStreetMap contributors (ODbL), loaded from the internet when available.",
        f"Country outlines: {load_basemap().get('attribution') or 'Natural Earth (public domain).'}",
        "Map library: Leaflet 1.9.3 (BSD-2-Clause).",
    ]
    if attribution:
        notes.insert(0, f"Places: {attribution}")
    return " ".join(html_text(note) for note in notes)


def site_files(
    data: MapData, title: str = DEFAULT_TITLE, intro: str = DEFAULT_INTRO, attribution: str | None = None
) -> dict[str, bytes]:
    """The site's files by relative path: index.html (with the data), app.js, app.css, Leaflet."""
    page = Template((SITE_DIR / "index.html").read_text(encoding="utf-8")).substitute(
        title=html_text(title),
        intro=html_text(intro),
        source_line=html_text(SOURCE_LINE),
        article_says=html_text(ARTICLE_SAYS_MEANING),
        map_styles=MAP_STYLES,
        layer_toggles=_layer_toggles(),
        sources=_sources_note(attribution),
        data=js_json(site_data(data)),
    )
    files = {"index.html": page.encode("utf-8")}
    for name in ("app.js", "app.css"):
        files[name] = (SITE_DIR / name).read_bytes()
    for path in sorted(LEAFLET_DIR.rglob("*")):
        if path.is_file():
            files[f"vendor/leaflet/{path.relative_to(LEAFLET_DIR).as_posix()}"] = path.read_bytes()
    return files


def write_site(out_dir: Path | str, files: dict[str, bytes]) -> list[Path]:
    """Writes the files under `out_dir` (created if missing); other files there are left alone."""
    out_dir = Path(out_dir)
    written = []
    for name, content in files.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written


def zip_site(files: dict[str, bytes]) -> bytes:
    """The site's files as a zip; the same files give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), content,
                             compress_type=zipfile.ZIP_DEFLATED)  # fmt: skip
    return buffer.getvalue()


def export_site_zip(
    places: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame,
    background_before: dt.date | None = WAR_START,
    title: str = DEFAULT_TITLE,
    intro: str = DEFAULT_INTRO,
    attribution: str | None = None,
) -> bytes:
    """The site as a zip (for a download button), from places and events as the loader returns them.

    `background_before` as in `prepare` (None: every event on the slider, as for uploads shown
    instead of the article's). A view that already holds a MapData can call
    `zip_site(site_files(data, …))` instead.
    """
    data = prepare(Dataset(places, events), background_before)
    return zip_site(site_files(data, title, intro, attribution))


def describe(data: MapData) -> str:
    """One line for the command line: what the site holds."""
    lo, hi = data.war_bounds
    return f"{len(data.places)} places, {len(data.events)} events, slider {format_day(lo)} to {format_day(hi)}"
