"""geo.mapview: the base map loads nothing from CDNs, and event text reaches the page only as escaped JSON."""

import json
import math
import re
from pathlib import Path

import folium
import numpy as np
import pytest
from shapely.geometry import GeometryCollection, MultiPoint, Point

from geo.data import load_dataset
from geo.mapview import (
    OSM_TILES,
    STATIC_PREFIX,
    base_map,
    event_layers,
    legend_html,
    place_points,
)
from geo.markers import EventPoints, event_coords, spread_offset
from geo.prepare import MapData, prepare
from geo.schema import CATEGORIES
from geo.style import CATEGORY_STYLE, SPREAD_PX

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# URLs a rendered map may contain: the tile template, the attribution link and the SVG namespace.
ALLOWED_URLS = {OSM_TILES, "https://www.openstreetmap.org/copyright", "http://www.w3.org/2000/svg"}
HOSTILE_TITLES = ["<img src=x onerror=alert(1)>", "`", "${alert(1)}", "</script>", "</script><img src=x> `${1}`"]


@pytest.fixture(scope="module")
def data() -> MapData:
    return prepare(load_dataset(FIXTURES / "unit_places.geojson", FIXTURES / "unit_events.geojson"))


def render(fmap: folium.Map) -> str:
    return fmap.get_root().render()


def urls(html: str) -> set[str]:
    # Inside JSON the quotes around a URL are escaped, so a trailing backslash is not part of it.
    return {url.rstrip("\\") for url in re.findall(r"https?://[^\s\"'<>()]+", html)}


@pytest.mark.parametrize("naming", ["en", "hy"])
def test_base_map_loads_scripts_and_styles_only_from_the_app(data: MapData, naming: str) -> None:
    html = render(base_map(data.places, naming))
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]*)\"", html)
    styles = re.findall(r"<link[^>]*\shref=\"([^\"]*)\"", html)
    assert scripts and styles
    for src in scripts + styles:
        assert src.startswith(f"{STATIC_PREFIX}/"), src
        assert (REPO / "static" / src.removeprefix("/app/static/")).is_file(), src
    assert urls(html) <= ALLOWED_URLS
    assert OSM_TILES in html


def test_base_map_labels_places_in_the_naming(data: MapData) -> None:
    english = render(base_map(data.places, "en"))
    assert "Northtown / Hyusisavan" in english
    assert '"/app/static/basemap.geojson"' in english  # the offline outlines, fetched by the browser
    assert "West corridor" in english
    assert "Şimalkənd (Northtown) / Hyusisavan" in render(base_map(data.places, "az"))


def test_place_points(data: MapData) -> None:
    assert place_points(data.places, "en") == [
        [40.0, 47.0, "Northtown / Hyusisavan", True, True],  # exact, contested
        [39.5, 46.5, "Southcity", False, False],  # approximate
    ]  # the polygon and the corridor are drawn elsewhere


def script_data(group: folium.FeatureGroup) -> dict:
    """The JSON data our script element gives a layer."""
    (script,) = [child for child in group._children.values() if hasattr(child, "data_json")]
    return json.loads(script.data_json)


def layers(data: MapData, visible: tuple[str, ...], selected: str | None = None, events=None) -> list:
    points = data.points if events is None else EventPoints.build(events)
    every = np.arange(len(points.ids))
    return event_layers(points, every, np.ones(len(every), dtype=bool), selected, visible)


def test_one_layer_per_category_with_hidden_ones_off(data: MapData) -> None:
    visible = ("strike", "ceasefire")
    groups = layers(data, visible)
    assert len(groups) == len(CATEGORIES)
    for category, group in zip(CATEGORIES, groups, strict=True):
        payload = script_data(group)
        assert payload["category"] == category
        assert payload["show"] is (category in visible)
        assert group.show is (category in visible)
        assert CATEGORY_STYLE[category][0] in group.layer_name


def markers_by_category(groups: list) -> dict[str, list]:
    return {script_data(g)["category"]: script_data(g)["markers"] for g in groups}


def test_markers_carry_position_id_state_and_title(data: MapData) -> None:
    events = data.events
    current = np.array([row_id != "truce" for row_id in events["id"]])
    markers = markers_by_category(event_layers(data.points, np.arange(len(events)), current, "city-strike", CATEGORIES))
    assert [m[:6] for m in markers["strike"]] == [[39.5, 46.5, "city-strike", True, True, "Strike on Southcity"]]
    assert [m[:6] for m in markers["ceasefire"]] == [
        [40.0, 47.0, "truce", False, False, "Four-day truce"],
        [39.5, 46.5, "truce", False, False, "Four-day truce"],
    ]  # one marker per point of a MultiPoint
    assert markers["infrastructure"] == []


def test_spread_offsets_form_rings() -> None:
    offsets = [spread_offset(rank) for rank in range(19)]
    assert offsets[0] == (0, 0)
    assert len(set(offsets)) == len(offsets)
    rings = [round(math.hypot(*offset) / SPREAD_PX) for offset in offsets]
    assert rings == [0] + [1] * 6 + [2] * 12


def test_no_layer_visible(data: MapData) -> None:
    assert all(script_data(g)["show"] is False for g in layers(data, ()))


def test_hostile_titles_stay_inside_json_strings(data: MapData) -> None:
    events = data.events.copy()
    events["category"] = "strike"
    events["title"] = HOSTILE_TITLES
    fmap = base_map(data.places)
    groups = layers(data, ("strike",), events=events)
    for group in groups:
        group.add_to(fmap)
    html = render(fmap)

    assert "<img" not in html
    assert html.count("</script>") == html.count("<script")  # only the page's own closing tags
    (strike,) = [g for g in groups if script_data(g)["category"] == "strike"]
    call = re.search(rf"\}}\)\({strike.get_name()}, (.*)\);$", html, flags=re.MULTILINE)
    assert call, "the strike layer's script call is missing"
    literal = call.group(1)
    assert "<" not in literal and ">" not in literal
    titles = {marker[2]: marker[5] for marker in json.loads(literal)["markers"]}
    assert titles == dict(zip(events["id"], HOSTILE_TITLES, strict=True))


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
