"""geo.map.mapview: the engine's data and the maps that start it. Maps load nothing from CDNs, only
the app's own engine and Leaflet, and event text reaches the page only as escaped JSON."""

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import folium
import pytest
from shapely.geometry import GeometryCollection, MultiPoint, Point

from geo.map.mapview import (
    BASEMAP_URL,
    ENGINE_CALLS,
    ENGINE_SCRIPTS,
    EVENTS_DIR,
    OSM_TILES,
    STATIC_PREFIX,
    EngineCall,
    base_map,
    dashboard_map,
    engine_data,
    events_file_url,
    follow_map,
    legend_html,
    map_json,
    presentation_map,
    view_update,
)
from geo.map.style import CATEGORY_STYLE
from geo.model.loader import load_areas, load_dataset
from geo.model.prepare import MapData, event_coords, in_language, prepare
from geo.model.schema import CATEGORIES

REPO = Path(__file__).resolve().parents[1]
ENGINE = REPO / "static" / "engine"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# URLs a rendered map may contain: the tile template, the attribution link and the SVG namespace.
ALLOWED_URLS = {OSM_TILES, "https://www.openstreetmap.org/copyright", "http://www.w3.org/2000/svg"}
UNIT_FILES = (FIXTURES / "unit_places.geojson", FIXTURES / "unit_events.geojson")
HOSTILE_TITLES = ["<img src=x onerror=alert(1)>", "`", "${alert(1)}", "</script>", "</script><img src=x> `${1}`"]


@pytest.fixture(scope="module")
def data() -> MapData:
    return prepare(load_dataset(*UNIT_FILES))


def render(fmap: folium.Map) -> str:
    return fmap.get_root().render()


def urls(html: str) -> set[str]:
    # Inside JSON the quotes around a URL are escaped, so a trailing backslash is not part of it.
    return {url.rstrip("\\") for url in re.findall(r"https?://[^\s\"'<>()]+", html)}


def engine_arguments(html: str, function: str) -> list:
    """The JSON arguments of the one-line engine call `MapEngine.<function>(layer, …)` in a map."""
    call = re.search(rf"MapEngine\.{function}\([a-z_0-9]+, (.*)\);$", html, flags=re.MULTILINE)
    assert call, f"no MapEngine.{function} call"
    return json.loads(f"[{call.group(1)}]")


@pytest.mark.parametrize("make", [dashboard_map, presentation_map, lambda d: base_map(d.places)])
def test_maps_load_scripts_and_styles_only_from_the_app(data: MapData, make) -> None:
    html = render(make(data))
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]*)\"", html)
    styles = re.findall(r"<link[^>]*\shref=\"([^\"]*)\"", html)
    assert scripts and styles
    for src in scripts + styles:
        # Relative to streamlit-folium's frame (<base>/component/<name>/), so any base URL path works.
        assert src.startswith(f"{STATIC_PREFIX}/"), src
        assert (REPO / "static" / src.removeprefix(f"{STATIC_PREFIX}/").split("?")[0]).is_file(), src
    assert engine_files(scripts)[-1] == "engine.js"
    assert urls(html) <= ALLOWED_URLS


def engine_files(scripts: list[str]) -> list[str]:
    """The engine's files a page loads: those load.js names (each a file of static/engine/)."""
    (loader,) = [src for src in scripts if "/engine/load.js?" in src]
    query = parse_qs(urlsplit(loader).query)
    names = query["scripts"][0].split(",")
    assert query["calls"] == [",".join(ENGINE_CALLS)]
    assert tuple(names) == ENGINE_SCRIPTS and all((ENGINE / name).is_file() for name in names)
    return names


def test_the_followers_map_is_one_page_that_loads_from_the_apps_page_and_follows_it(data: MapData) -> None:
    html = render(follow_map(data))
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]*)\"", html)
    styles = re.findall(r"<link[^>]*\ssrc=\"([^\"]*)\"|<link[^>]*\shref=\"([^\"]*)\"", html)
    # An srcdoc frame resolves URLs against the app's page (<base>/), not a component's frame.
    for src in scripts + [href for pair in styles for href in pair if href]:
        assert src.startswith("app/static/"), src
        assert (REPO / "static" / src.removeprefix("app/static/").split("?")[0]).is_file(), src
    assert engine_files(scripts)[-1] == "engine.js"
    _, options = engine_arguments(html, "start")
    strings = options.pop("strings")  # the interface's words, English by default
    assert options == {"host": "present", "largeLabels": True, "follow": True}
    assert strings["lang"] == "en" and strings["messages"]["Legend"] == "Legend"
    assert "MapEngine.serverView(" not in html  # no slide of its own: it presents the step the page names
    assert urls(html) <= ALLOWED_URLS


@pytest.mark.parametrize("make", [dashboard_map, presentation_map])
def test_the_maps_data_files_are_fetched_while_the_engine_loads(data: MapData, make) -> None:
    """load.js fetches the events file and the outlines the page names (relative to engine.js) at
    once with the engine's own files, not after them."""
    html = render(make(data))
    (loader,) = [src for src in re.findall(r"<script[^>]*\ssrc=\"([^\"]*)\"", html) if "/engine/load.js?" in src]
    prefetch = parse_qs(urlsplit(loader).query)["prefetch"][0].split(",")
    engine_start, _ = engine_arguments(html, "start")
    assert prefetch == [engine_start["eventsUrl"], BASEMAP_URL]
    assert all((ENGINE / name).resolve().is_file() for name in prefetch)


def test_the_outlines_are_fetched_beside_the_engine(data: MapData) -> None:
    assert (ENGINE / BASEMAP_URL).resolve() == (REPO / "static" / "basemap.geojson").resolve()
    assert '"name":"Azerbaijan"' not in render(dashboard_map(data))  # fetched once, not sent with every rerun


def test_engine_data_labels_places_in_every_naming(data: MapData) -> None:
    places = {p["id"]: p for p in engine_data(data)["places"]}
    labels = next(p["labels"] for p in places.values() if p["labels"]["en"].startswith("Northtown"))
    assert labels["en"] == "Northtown / Hyusisavan"
    assert labels["az"] == "Şimalkənd (Northtown) / Hyusisavan"  # the exonym too
    corridors = engine_data(data)["corridors"]
    assert any("West corridor" in c["labels"]["en"] for c in corridors)


def test_the_dashboard_map_never_changes_with_the_view(data: MapData) -> None:
    """streamlit-folium keeps its frame while the base map's script is the same: views travel apart."""

    def script(fmap: folium.Map) -> str:
        return re.sub(r"_[0-9a-f]{32}", "", render(fmap).split("<body>")[1])  # folium's random names

    assert script(dashboard_map(data)) == script(dashboard_map(data))
    update = view_update(
        {"date": "2020-10-28", "event": "city_strike"}, 3, {"center": (40, 47), "zoom": 8}, seq=17, session="5eed"
    )
    fmap = dashboard_map(data)
    update.add_to(fmap)
    (payload,) = engine_arguments(render(fmap), "serverView")
    assert payload == {
        "view": {"date": "2020-10-28", "event": "city_strike"},
        "rev": 3,
        "seq": 17,
        "session": "5eed",
        "fly": {"center": [40, 47], "zoom": 8},
    }


@pytest.mark.parametrize("function", ["stat", "start()", "MapEngine", ""])
def test_a_map_calls_only_the_engines_calls(function: str) -> None:
    with pytest.raises(ValueError, match=f"ENGINE_CALLS.*{re.escape(repr(function))}"):
        EngineCall(function, {})


def test_underscores_never_reach_streamlit_folium_unescaped() -> None:
    """streamlit-folium renames `_abc…` runs in map scripts to folium variables; data keeps its text."""
    text = map_json({"date_precision": "day_1", "title": "map_div feature_group_0"})
    assert "_" not in text
    assert json.loads(text) == {"date_precision": "day_1", "title": "map_div feature_group_0"}


def test_hostile_titles_stay_inside_json_strings(data: MapData) -> None:
    events = data.events.copy()
    events["title"] = HOSTILE_TITLES[: len(events)] + HOSTILE_TITLES[: max(0, len(events) - len(HOSTILE_TITLES))]
    hostile = MapData(**{**data.__dict__, "events": events})
    html = render(dashboard_map(hostile))

    assert "<img" not in html
    assert html.count("</script>") == html.count("<script")  # only the page's own closing tags
    engine_data_arg, options = engine_arguments(html, "start")
    assert options["host"] == "dashboard"
    assert "events" not in engine_data_arg  # fetched from the events file the page names
    columns = json.loads((ENGINE / engine_data_arg["eventsUrl"]).read_bytes())["columns"]
    assert dict(zip(columns["id"]["values"], columns["title"]["values"], strict=True)) == dict(
        zip(events["id"], events["title"], strict=True)
    )


def test_the_dashboard_names_one_events_file_per_content_and_carries_no_event(data: MapData) -> None:
    """The events travel once, as a file the browser fetches: never in the page a settled view reruns."""
    html = render(dashboard_map(data))
    (engine_data_arg, _), url = engine_arguments(html, "start"), events_file_url(data)
    assert engine_data_arg["eventsUrl"] == url == events_file_url(prepare(load_dataset(*UNIT_FILES)))
    assert (ENGINE / url).resolve().parent == EVENTS_DIR.resolve()
    assert all(event_id not in html for event_id in data.events["id"])
    other = MapData(**{**data.__dict__, "events": data.events.iloc[:-1]})
    assert events_file_url(other) != url


def test_eras_and_their_years_come_from_the_data(data: MapData) -> None:
    eras = engine_data(data)["eras"]
    assert list(eras)[0] == "war"
    assert all(re.search(r"\(\d{4}(–\d{4})?\)$", label) for label in eras.values()), eras
    assert [c["id"] for c in engine_data(data)["categories"]] == list(CATEGORIES)


@pytest.mark.parametrize(("geometry", "coords"), [
    (None, []),
    (Point(), []),
    (Point(46.123456789, 39.987654321), [[39.98765, 46.12346]]),
    (MultiPoint([(47, 40), (46.5, 39.5)]), [[40.0, 47.0], [39.5, 46.5]]),
    (GeometryCollection([Point(47, 40), MultiPoint([(46.5, 39.5)])]), [[40.0, 47.0], [39.5, 46.5]]),
])  # fmt: skip
def test_event_coords(geometry: object, coords: list) -> None:
    assert event_coords(geometry) == coords


def test_legend_names_every_category() -> None:
    legend = legend_html()
    assert all(label in legend for label, _, _ in CATEGORY_STYLE.values())
    assert legend.count("<img") == len(CATEGORY_STYLE)


def test_sessions_writing_the_same_events_file_at_once_all_get_it(data: MapData) -> None:
    events = data.events.assign(title=data.events["title"] + " (written by eight at once)")
    fresh = MapData(**{**data.__dict__, "events": events})
    with ThreadPoolExecutor(8) as pool:
        urls = set(pool.map(lambda _: events_file_url(fresh), range(8)))
    (url,) = urls
    columns = json.loads((ENGINE / url).read_bytes())["columns"]
    assert columns["title"]["values"] == list(events["title"])
    assert not list(EVENTS_DIR.glob(".events-*"))  # no half-written file left


@pytest.mark.parametrize(("lang", "held"), [("ru", "Под контролем"), ("en", "Held by")])
def test_the_areas_texts_follow_the_events_language(lang: str, held: str) -> None:
    """The map's areas say who holds them in the language of the cards (geo.model.prepare.in_language)."""
    [first, *_] = engine_data(in_language(prepare(load_dataset()), lang))["areas"]
    shipped = load_areas()[0]
    assert first["states"][0]["text"] == shipped.states[0].text_in(lang)
    assert first["states"][0]["text"].startswith(held)


def test_data_without_translations_keeps_english_areas(data: MapData) -> None:
    """An upload's events have no Russian: its map stays English throughout, areas included."""
    [first, *_] = engine_data(in_language(data, "ru"))["areas"]
    assert first["states"][0]["text"].startswith("Held by")
