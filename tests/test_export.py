"""geo.io.export and `python -m geo export`: a self-contained site whose embedded data is the source data."""

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from geo.__main__ import main
from geo.io.export import ENGINE_DIR, ENGINE_FILES, LEAFLET_DIR, SITE_SCRIPTS, export_site_zip, site_files
from geo.map.mapview import OSM_TILES
from geo.model.loader import EVENTS_PATH, PLACES_PATH, load_basemap, load_dataset
from geo.model.naming import NAMINGS, place_label
from geo.model.prepare import MapData, prepare
from geo.model.schema import CATEGORIES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
UNIT_PLACES = FIXTURES / "unit_places.geojson"
UNIT_EVENTS = FIXTURES / "unit_events.geojson"
OWN_FILES = ["index.html", *ENGINE_FILES]
VENDOR_FILES = sorted(
    f"vendor/leaflet/{path.relative_to(LEAFLET_DIR).as_posix()}" for path in LEAFLET_DIR.rglob("*") if path.is_file()
)
# URLs the page's own files may hold. Only the tile template is ever requested; the rest are the
# tile host in the Content-Security-Policy, the attribution link OpenStreetMap's licence asks
# for, and the SVG namespace (an identifier, never fetched).
ALLOWED_OWN_URLS = {
    OSM_TILES,
    "https://tile.openstreetmap.org",
    "https://www.openstreetmap.org/copyright",
    "http://www.w3.org/2000/svg",
}
HOSTILE_TITLES = ["<img src=x onerror=alert(1)>", "`${alert(1)}`", "</script><script>alert(2)</script>", "\u2028&amp;"]


def urls(text: str) -> set[str]:
    # Inside JSON the quotes around a URL are escaped, and in the CSP a semicolon ends a source.
    return {url.rstrip("\\;") for url in re.findall(r"https?://[^\s\"'<>()]+", text)}


def embedded(index_html: str) -> dict:
    (block,) = re.findall(r'<script type="application/json" id="map-data">(.*?)</script>', index_html, re.DOTALL)
    return json.loads(block)


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert main(["export", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def unit_data() -> MapData:
    return prepare(load_dataset(UNIT_PLACES, UNIT_EVENTS))


def test_export_writes_the_page_its_script_and_leaflet(shipped_site: Path) -> None:
    written = sorted(p.relative_to(shipped_site).as_posix() for p in shipped_site.rglob("*") if p.is_file())
    assert written == sorted(OWN_FILES + VENDOR_FILES)
    for name in VENDOR_FILES:  # copied unchanged
        assert (shipped_site / name).read_bytes() == (LEAFLET_DIR / name.removeprefix("vendor/leaflet/")).read_bytes()


def test_command_line_reports_what_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert (
        main(
            [
                "export",
                "--out",
                str(tmp_path / "new" / "site"),
                "--places",
                str(UNIT_PLACES),
                "--events",
                str(UNIT_EVENTS),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    files = len(OWN_FILES) + len(VENDOR_FILES)
    assert re.search(rf"wrote {files} files \(\d+ KB\) to .*site in \d+\.\d\d s: 4 places, 5 events", out), out
    assert (tmp_path / "new" / "site" / "index.html").is_file()


def test_page_loads_only_files_beside_it(shipped_site: Path) -> None:
    page = (shipped_site / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'<script[^>]*\ssrc="([^"]*)"', page) + re.findall(r'<link[^>]*\shref="([^"]*)"', page)
    assert sorted(sources) == sorted([*ENGINE_FILES, "vendor/leaflet/leaflet.css", "vendor/leaflet/leaflet.js"])
    assert all((shipped_site / source).is_file() for source in sources)


@pytest.mark.parametrize("name", OWN_FILES)
def test_no_url_but_the_tile_template_is_requested(shipped_site: Path, name: str) -> None:
    text = (shipped_site / name).read_text(encoding="utf-8")
    assert urls(text) <= ALLOWED_OWN_URLS
    if name == "index.html":
        assert OSM_TILES in text


@pytest.mark.parametrize("name", VENDOR_FILES)
def test_vendored_files_hold_only_links_and_namespaces(shipped_site: Path, name: str) -> None:
    if not name.endswith((".js", ".css")):
        return
    text = (shipped_site / name).read_text(encoding="utf-8")
    # Leaflet's attribution link, a comment and the SVG namespace: none is fetched.
    assert urls(text) <= {
        "https://leafletjs.com",
        "https://bugzilla.mozilla.org/show_bug.cgi?id=888319",
        "http://www.w3.org/2000/svg",
    }


def source_features(path: Path) -> dict[str, dict]:
    return {f["properties"]["id"]: f for f in json.loads(path.read_text(encoding="utf-8"))["features"]}


EVENT_FIELDS = ["id", "date", "date_precision", "end_date", "title", "summary", "category", "places",
                "source_paragraphs", "source_claim", "casualties"]  # fmt: skip


def test_embedded_events_are_the_source_events(shipped_site: Path) -> None:
    data = embedded((shipped_site / "index.html").read_text(encoding="utf-8"))
    source = source_features(EVENTS_PATH)
    assert sorted(e["id"] for e in data["events"]) == sorted(source)
    starts = [e["start"] for e in data["events"]]
    assert starts == sorted(starts)  # the slides' order
    empty = {"places": [], "source_paragraphs": []}
    for event in data["events"]:
        feature = source[event["id"]]
        for field in EVENT_FIELDS:
            assert event[field] == feature["properties"].get(field, empty.get(field)), (event["id"], field)
        geometry = feature["geometry"]
        points = [geometry["coordinates"]] if geometry["type"] == "Point" else geometry["coordinates"]
        assert event["coords"] == [[round(lat, 5), round(lon, 5)] for lon, lat in points]


def test_embedded_places_and_outlines_are_the_source(shipped_site: Path) -> None:
    data = embedded((shipped_site / "index.html").read_text(encoding="utf-8"))
    source = source_features(PLACES_PATH)
    points = {
        i: f for i, f in source.items() if f["geometry"]["type"] == "Point" and f["properties"]["kind"] != "corridor"
    }
    assert sorted(p["id"] for p in data["places"]) == sorted(points)
    for place in data["places"]:
        props, (lon, lat) = points[place["id"]]["properties"], points[place["id"]]["geometry"]["coordinates"]
        assert (place["lat"], place["lon"]) == (lat, lon)
        assert place["names"] == props["names"]
        assert place["contested_names"] == props.get("contested_names")
        assert place["labels"] == {
            n: place_label(props["names"], props.get("contested_names"), n, props.get("exonyms")) for n in NAMINGS
        }
    corridors = {i for i, f in source.items() if f["properties"]["kind"] == "corridor"}
    assert {c["id"] for c in data["corridors"]} == corridors
    assert data["basemap"] == load_basemap()
    shusha = next(p for p in data["places"] if p["id"] == "shusha")
    assert shusha["labels"]["en"] == "Shusha / Shushi"


def test_site_data_holds_the_war_dates_and_both_eras(shipped_site: Path) -> None:
    data = embedded((shipped_site / "index.html").read_text(encoding="utf-8"))
    assert data["boundsText"] == ["2020-09-27", "2021-01-11"]
    assert set(data["eras"]) == {"war", "background"}
    assert [c["id"] for c in data["categories"]] == list(CATEGORIES)
    assert sum(e["era"] == "war" for e in data["events"]) == 17


def test_hostile_titles_stay_inert_text(unit_data: MapData) -> None:
    events = unit_data.events.copy()
    events["title"] = [HOSTILE_TITLES[i % len(HOSTILE_TITLES)] for i in range(len(events))]
    events["summary"] = list(reversed(events["title"]))
    hostile = MapData(**{**unit_data.__dict__, "events": events})
    page = site_files(hostile, title="<b>Title</b>")["index.html"].decode("utf-8")

    assert page.count("<script") == page.count("</script>") == 2 + len(SITE_SCRIPTS)  # the data block, Leaflet, ours
    assert "<img src=x" not in page and "<b>" not in page
    assert "<title>&lt;b&gt;Title&lt;/b&gt;</title>" in page
    block = re.search(r'id="map-data">(.*?)</script>', page, re.DOTALL).group(1)
    assert not re.search(r"[<>&\u2028]", block)
    titles = {e["id"]: e["title"] for e in embedded(page)["events"]}
    assert titles == dict(zip(events["id"], events["title"], strict=True))


@pytest.mark.parametrize("name", SITE_SCRIPTS)
def test_the_page_script_never_parses_markup(name: str) -> None:
    script = (ENGINE_DIR / name).read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink


def test_zip_holds_the_same_site_and_is_reproducible(unit_data: MapData) -> None:
    dataset = load_dataset(UNIT_PLACES, UNIT_EVENTS)
    archive = export_site_zip(dataset.places, dataset.events)
    assert archive == export_site_zip(dataset.places, dataset.events)
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        files = {name: z.read(name) for name in z.namelist()}
    assert files == site_files(unit_data)


def test_zip_of_uploaded_data_has_no_background_era() -> None:
    dataset = load_dataset(PLACES_PATH, EVENTS_PATH)
    with zipfile.ZipFile(io.BytesIO(export_site_zip(dataset.places, dataset.events, background_before=None))) as z:
        data = embedded(z.read("index.html").decode("utf-8"))
    assert set(data["eras"]) == {"war"}
    assert {e["era"] for e in data["events"]} == {"war"}
    assert data["boundsText"][0] == "1885-01-01"


def test_bad_data_is_refused_with_the_problem(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    events = json.loads(UNIT_EVENTS.read_text(encoding="utf-8"))
    events["features"][0]["properties"]["date"] = "2020-13-45"
    bad = tmp_path / "events.geojson"
    bad.write_text(json.dumps(events), encoding="utf-8")

    assert main(["export", "--out", str(tmp_path / "site"), "--places", str(UNIT_PLACES), "--events", str(bad)]) == 1
    assert "'2020-13-45'" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_an_unwritable_destination_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["export", "--out", str(blocker)]) == 2
    assert "cannot write the site" in capsys.readouterr().err
