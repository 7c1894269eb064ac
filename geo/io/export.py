"""The static export: the map as a self-contained site that needs no server and no CDN.

`python -m geo export --out DIR` writes `index.html` with the data inline (JSON inside
`<script type="application/json">`, via `safe.js_json`), the map engine's scripts and styles
(the dashboard's own, from `static/engine/`, and `export.js`, which starts the engine) and
Leaflet from `static/vendor/`. It opens from file:// and from any static host; only the
OpenStreetMap tiles come from the internet, and without them the offline country outlines still
show where things are.

The data is `geo.map.mapview.engine_data`, the same the dashboard's map gets; the engine filters by
date and puts text into the DOM with textContent.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from string import Template

import geopandas as gpd

from geo.map.framing import TITLE, basemap_credit, credit_in, intro
from geo.map.mapview import ENGINE_SCRIPTS, engine_data, engine_strings, era_labels
from geo.map.safe import html_text, js_json
from geo.model.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, Texts, texts
from geo.model.loader import Dataset, load_basemap
from geo.model.prepare import WAR_START, MapData, format_day, in_language, prepare

SITE_DIR = Path(__file__).resolve().parent / "site"
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
ENGINE_DIR = STATIC_DIR / "engine"
LEAFLET_DIR = STATIC_DIR / "vendor" / "leaflet"
# The export's own glue comes last: it starts the engine from the data block in the page.
SITE_SCRIPTS = (*ENGINE_SCRIPTS, "export.js")
ENGINE_FILES = (*SITE_SCRIPTS, "engine.css", "areas.css")
# The page's own words around the engine (the engine's are `geo.map.mapview.engine_strings`).
SHARE_NOTE = N_(
    "Every view is a link: the address holds the date, the selected event, layers and options. "
    "Copy it to share this view."
)
TILES_NOTE = N_("Map tiles © OpenStreetMap contributors (ODbL), loaded from the internet when available.")
LIBRARY_NOTE = N_("Map library: {library}")
PLACES_NOTE = N_("Places: {places}")


def check_lang(lang: object) -> str:
    """`lang` if it is one of the interface's languages; otherwise a ValueError echoing it."""
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    return lang


def site_data(data: MapData, lang: str = DEFAULT_LANGUAGE) -> dict:
    """Everything the page needs, as plain JSON values: the dashboard's engine data, with the
    country outlines inside (the site has no server to fetch them from), the engine's strings in
    `lang`, and place names first in `lang`'s naming unless the address names another, as the
    dashboard's `?lang=` does."""
    language = texts(lang)
    return {
        **engine_data(data, basemap_inline=True),
        "eras": era_labels(data, language),  # the export's own era menu (the dashboard's is Streamlit's)
        "strings": engine_strings(lang),
        "defaultNames": lang,
    }


def _sources_note(attribution: str | None, language: Texts) -> str:
    notes = [language(TILES_NOTE), language(LIBRARY_NOTE, library="Leaflet 1.9.3 (BSD-2-Clause).")]
    if "Natural Earth" not in (attribution or ""):  # the shipped places' credit names the outlines already
        notes.insert(1, basemap_credit(load_basemap().get("attribution"), language))
    if attribution:
        notes.insert(0, language(PLACES_NOTE, places=credit_in(attribution, language)))
    return " ".join(html_text(note) for note in notes)


def site_files(
    data: MapData,
    title: str = TITLE,
    intro_text: str | None = None,
    attribution: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> dict[str, bytes]:
    """The site's files by relative path: index.html (with the data), the engine, Leaflet.

    `lang` (one of LANGUAGES) is the page's language: its own words, the engine's strings, dates,
    the events' and places' texts (`geo.model.prepare.in_language`, English where a text has no
    translation) and the default naming. `intro_text` None: the framing texts in `lang`."""
    language = texts(check_lang(lang))
    page = Template((SITE_DIR / "index.html").read_text(encoding="utf-8")).substitute(
        lang=lang,
        title=html_text(language(title)),
        intro=html_text(intro(language) if intro_text is None else intro_text),
        share=html_text(language(SHARE_NOTE)),
        sources=_sources_note(attribution, language),
        data=js_json(site_data(in_language(data, lang), lang)),
        scripts="\n".join(f'<script src="{name}"></script>' for name in SITE_SCRIPTS),
    )
    files = {"index.html": page.encode("utf-8")}
    for name in ENGINE_FILES:
        files[name] = (ENGINE_DIR / name).read_bytes()
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
            archive.writestr(
                zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), content, compress_type=zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()


def export_site_zip(
    places: gpd.GeoDataFrame,
    events: gpd.GeoDataFrame,
    background_before: dt.date | None = WAR_START,
    title: str = TITLE,
    intro_text: str | None = None,
    attribution: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> bytes:
    """The site as a zip (for a download button), from places and events as the loader returns them.

    `background_before` as in `prepare` (None: every event on the slider, as for uploads shown
    instead of the article's). A view that already holds a MapData can call
    `zip_site(site_files(data, …))` instead.
    """
    data = prepare(Dataset(places, events), background_before)
    return zip_site(site_files(data, title, intro_text, attribution, lang))


def describe(data: MapData) -> str:
    """One line for the command line: what the site holds."""
    lo, hi = data.war_bounds
    return f"{len(data.places)} places, {len(data.events)} events, slider {format_day(lo)} to {format_day(hi)}"
