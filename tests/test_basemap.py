"""data/basemap.geojson, the offline country outlines: small, valid, covering what the article names."""

import importlib.util
import json
import re
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

import geo.model.loader
from geo.map.mapview import BASEMAP_URL, engine_data
from geo.model.loader import BASEMAP_PATH, PLACES_PATH, DataError, load_basemap, load_dataset
from geo.model.prepare import prepare

REPO = Path(__file__).resolve().parents[1]
BUILD_SCRIPT = REPO / "scripts" / "build_basemap.py"
MAX_BYTES = 300 * 1024
# 1:110m leaves out countries this small.
TOO_SMALL_FOR_110M = {"saint-vincent-and-the-grenadines"}
WIDE_PLACE_KINDS = {"continent", "sea", "region", "corridor"}


@pytest.fixture(scope="module")
def outlines() -> list[tuple[str, object]]:
    return [(f["properties"]["name"], shape(f["geometry"])) for f in load_basemap()["features"]]


def test_file_is_small() -> None:
    assert BASEMAP_PATH.stat().st_size < MAX_BYTES


def test_features_are_named_valid_outlines_with_short_coordinates() -> None:
    data = load_basemap()
    assert data["type"] == "FeatureCollection"
    assert "Natural Earth" in data["attribution"]
    for feature in data["features"]:
        props = feature["properties"]
        assert set(props) == {"name", "iso_a3", "label"}, props
        assert isinstance(props["name"], str) and props["name"]
        assert props["iso_a3"] is None or re.fullmatch(r"[A-Z]{3}", props["iso_a3"]), props
        geometry = shape(feature["geometry"])
        assert geometry.geom_type in {"Polygon", "MultiPolygon"} and geometry.is_valid, props["name"]
    numbers = re.findall(r"-?\d+\.\d+", json.dumps([f["geometry"] for f in data["features"]]))
    assert all(len(n.split(".")[1]) <= 2 for n in numbers)


REGION_COUNTRIES = ["Azerbaijan", "Armenia", "Georgia", "Turkey", "Iran", "Russia", "France", "Germany", "Libya",
                    "Mali", "South Africa", "Egypt", "Iceland", "Kazakhstan"]  # fmt: skip


@pytest.mark.parametrize("name", REGION_COUNTRIES)
def test_region_countries_are_there(outlines: list, name: str) -> None:
    assert name in {n for n, _ in outlines}


@pytest.mark.parametrize("name", REGION_COUNTRIES)
def test_each_country_is_named_at_a_point_inside_its_outline(name: str) -> None:
    """A label point, not a centroid that may fall outside (the map writes the name there)."""
    feature = next(f for f in load_basemap()["features"] if f["properties"]["name"] == name)
    assert shape(feature["geometry"]).contains(Point(*feature["properties"]["label"])), feature["properties"]


@pytest.mark.parametrize("name", ["Canada", "Brazil", "China", "Australia", "Japan"])
def test_far_countries_the_article_does_not_name_are_left_out(outlines: list, name: str) -> None:
    assert name not in {n for n, _ in outlines}


def named_places() -> list[tuple[str, object]]:
    features = json.loads(PLACES_PATH.read_text(encoding="utf-8"))["features"]
    return [
        (f["properties"]["id"], shape(f["geometry"]).representative_point())
        for f in features
        if f["properties"]["kind"] not in WIDE_PLACE_KINDS and f["properties"]["id"] not in TOO_SMALL_FOR_110M
    ]


@pytest.mark.parametrize(("place_id", "point"), named_places(), ids=[p for p, _ in named_places()])
def test_every_place_the_article_names_lies_on_an_outline(outlines: list, place_id: str, point) -> None:
    assert any(geometry.intersects(point) for _, geometry in outlines), place_id


def test_the_committed_file_is_what_the_script_builds(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_basemap", BUILD_SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    collection = script.build()
    script.check(collection)
    script.write_feature_collection(collection, tmp_path / "basemap.geojson")
    assert (tmp_path / "basemap.geojson").read_bytes() == BASEMAP_PATH.read_bytes()


def test_loaded_once_per_process() -> None:
    assert load_basemap() is load_basemap()


@pytest.mark.parametrize(("text", "reason"), [
    ("{", "invalid JSON"),
    ('{"type": "Feature"}', "must be a GeoJSON FeatureCollection"),
    ('{"type": "FeatureCollection", "features": [{"properties": {"name": 3}}]}', "must be a string"),
])  # fmt: skip
def test_a_broken_file_names_the_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, reason: str
) -> None:
    broken = tmp_path / "basemap.geojson"
    broken.write_text(text, encoding="utf-8")
    monkeypatch.setattr(geo.model.loader, "BASEMAP_PATH", broken)
    load_basemap.cache_clear()
    try:
        with pytest.raises(DataError, match=reason):
            load_basemap()
    finally:
        load_basemap.cache_clear()


def test_the_engine_offers_outlines_and_a_no_tiles_base_layer() -> None:
    engine = (REPO / "static" / "engine" / "engine.js").read_text(encoding="utf-8")
    for name in ("'Country outlines (offline)'", "'OpenStreetMap (needs internet)'", "'Outlines only (no tiles)'"):
        assert name in engine
    assert engine_data(prepare(load_dataset()))["basemapUrl"] == BASEMAP_URL


def test_the_served_copy_is_the_data_file() -> None:
    assert (REPO / "static" / "basemap.geojson").read_bytes() == BASEMAP_PATH.read_bytes()
