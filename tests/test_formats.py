"""geo.io.formats: every export read back (geopandas / pyogrio / the app's loader) equals its source."""

import csv
import datetime as dt
import io
import json
import math
import re
import warnings
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from geo.io.formats import (
    FORMATS,
    KML_NAMESPACE,
    NESTED_COLUMNS,
    export,
    file_name,
    source_columns,
    spreadsheet_safe,
    spreadsheet_text,
)
from geo.map.framing import ARTICLE_ACCOUNT, UPLOAD_ACCOUNT
from geo.model.loader import events_frame, load_dataset, places_frame

EXPORTED = dt.date(2025, 11, 26)
KINDS = ["events", "places"]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def frame_of(dataset, kind: str) -> gpd.GeoDataFrame:
    return dataset.events if kind == "events" else dataset.places


def read_gpkg(data: bytes, layer: str) -> gpd.GeoDataFrame:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*non conformant file extension.*")
        return gpd.read_file(io.BytesIO(data), layer=layer)


def missing(value: object) -> bool:
    """None, NaN, pandas' NA, an empty CSV cell, or an empty list (what a missing list field loads as)."""
    if isinstance(value, (str, list)):
        return not value
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def plain(value: object, column: str) -> object:
    """A cell as Python: JSON text of a nested field parsed, ids as int, missing values as None."""
    if missing(value):
        return None
    if column in NESTED_COLUMNS and isinstance(value, str):
        return json.loads(value) or None
    if column == "geonames_id":
        return int(value)
    return value.item() if hasattr(value, "item") else value


def assert_same_records(read: pd.DataFrame, source: gpd.GeoDataFrame, kind: str) -> None:
    """Every source field of every row equals the read-back one."""
    for column in source_columns(source, kind).columns.drop("geometry"):
        want = [plain(v, column) for v in source[column]]
        have = [plain(v, column) for v in read[column]]
        assert have == want, column


@pytest.mark.parametrize("kind", KINDS)
def test_geojson_export_loads_back_through_the_apps_loader(dataset, kind: str) -> None:
    source = frame_of(dataset, kind)
    exported = export(
        source, kind, "geojson", "karabakh-article", EXPORTED, "attribution text", account=ARTICLE_ACCOUNT
    )
    data = json.loads(exported.data)
    read = events_frame(data) if kind == "events" else places_frame(data)
    columns = list(source_columns(source, kind).columns)
    pd.testing.assert_frame_equal(
        pd.DataFrame(read[columns]).drop(columns="geometry"), pd.DataFrame(source[columns]).drop(columns="geometry")
    )
    assert read.geometry.geom_equals_exact(source.geometry.reset_index(drop=True), tolerance=0).all()
    assert data["attribution"] == "attribution text"


@pytest.mark.parametrize("kind", KINDS)
def test_geojson_export_reads_with_geopandas(dataset, kind: str) -> None:
    source = frame_of(dataset, kind)
    read = gpd.read_file(io.BytesIO(export(source, kind, "geojson", "x", EXPORTED, account=ARTICLE_ACCOUNT).data))
    assert list(read["id"]) == list(source["id"])
    assert read.geometry.geom_equals_exact(source.geometry.reset_index(drop=True), tolerance=1e-9).all()


@pytest.mark.parametrize("kind", KINDS)
def test_gpkg_export_reads_back_equal(dataset, kind: str) -> None:
    source = frame_of(dataset, kind)
    exported = export(source, kind, "gpkg", "karabakh-article", EXPORTED, account=ARTICLE_ACCOUNT)
    read = read_gpkg(exported.data, kind)
    assert read.crs.to_epsg() == 4326
    assert_same_records(read, source, kind)
    assert list(read.geom_type) == list(source.geom_type)  # Point stays Point beside MultiPoint
    assert read.geometry.geom_equals_exact(source.geometry.reset_index(drop=True), tolerance=0).all()


@pytest.mark.parametrize("kind", KINDS)
def test_csv_export_reads_back_equal(dataset, kind: str) -> None:
    source = frame_of(dataset, kind)
    data = export(source, kind, "csv", "karabakh-article", EXPORTED, account=ARTICLE_ACCOUNT).data
    assert data.startswith(b"\xef\xbb\xbf"), "a byte-order mark, so spreadsheets read UTF-8"
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    read = gpd.GeoDataFrame(table, geometry=gpd.GeoSeries.from_wkt(table["geometry"]), crs="EPSG:4326")
    assert_same_records(read, source, kind)
    assert read.geometry.geom_equals_exact(source.geometry.reset_index(drop=True), tolerance=0).all()
    points = source.geom_type.to_numpy() == "Point"
    assert [float(v) for v in table.loc[points, "latitude"]] == pytest.approx(list(source.geometry[points].y))


def test_csv_export_of_events_uploads_again_unchanged(dataset) -> None:
    from geo.io.upload import parse_upload

    data = export(dataset.events, "events", "csv", "karabakh-article", EXPORTED, account=ARTICLE_ACCOUNT).data
    result = parse_upload(data, "events.csv")
    assert result.problems == ()
    columns = list(source_columns(dataset.events, "events").columns)
    pd.testing.assert_frame_equal(
        pd.DataFrame(result.events[columns]).drop(columns="geometry"),
        pd.DataFrame(dataset.events[columns]).drop(columns="geometry"),
    )


def kml_placemarks(data: bytes) -> list[ET.Element]:
    return ET.fromstring(data).findall(f".//{{{KML_NAMESPACE}}}Placemark")


def test_kml_events_carry_timestamps_and_timespans(dataset) -> None:
    events = dataset.events
    data = export(events, "events", "kml", "karabakh-article", EXPORTED, account=ARTICLE_ACCOUNT).data
    ns = {"k": KML_NAMESPACE}
    by_id = {p.get("id"): p for p in kml_placemarks(data)}
    assert set(by_id) == set(events["id"])
    for event in events.itertuples(index=False):
        placemark = by_id[event.id]
        assert placemark.findtext("k:name", namespaces=ns) == event.title
        if event.start == event.end:
            assert placemark.findtext("k:TimeStamp/k:when", namespaces=ns) == event.start.isoformat()
        else:
            assert placemark.findtext("k:TimeSpan/k:begin", namespaces=ns) == event.start.isoformat()
            assert placemark.findtext("k:TimeSpan/k:end", namespaces=ns) == event.end.isoformat()


@pytest.mark.parametrize(
    ("event_id", "field", "value"),
    [
        ("missile-strike-on-barda", "timestamp", "2020-10-28"),
        ("armenian-withdrawal-from-three-districts", "begin", "2020-11-10"),
        ("armenian-withdrawal-from-three-districts", "end", "2020-12-01"),
        ("berlin-conference-1885", "begin", "1885-01-01"),
        ("berlin-conference-1885", "end", "1885-12-31"),
        ("france-calls-for-ceasefire", "end", "2020-09-30"),
    ],
)
def test_kml_opens_with_pyogrio_and_carries_the_dates(dataset, event_id: str, field: str, value: str) -> None:
    data = export(dataset.events, "events", "kml", "karabakh-article", EXPORTED, account=ARTICLE_ACCOUNT).data
    read = pyogrio.read_dataframe(io.BytesIO(data))
    assert len(read) == len(dataset.events)
    row = read[read["Name"] == dataset.events.set_index("id").loc[event_id, "title"]].iloc[0]
    assert pd.Timestamp(row[field]).date().isoformat() == value


def test_kml_places_open_with_geopandas_with_both_names(dataset) -> None:
    data = export(
        dataset.places,
        "places",
        "kml",
        "karabakh-article",
        EXPORTED,
        "GeoNames, Natural Earth",
        account=ARTICLE_ACCOUNT,
    ).data
    read = gpd.read_file(io.BytesIO(data))
    assert len(read) == len(dataset.places)
    assert "Shusha / Shushi" in set(read["Name"])
    assert set(read.geom_type) >= {"Point", "Polygon", "MultiPolygon", "LineString"}
    assert b"GeoNames, Natural Earth" in data


def test_kml_text_is_xml_text_never_markup(dataset) -> None:
    events = dataset.events.copy()
    hostile = "<b>bold</b> & </name><script>alert(1)</script>"
    events.loc[0, "title"] = hostile
    data = export(events, "events", "kml", "x", EXPORTED, account=ARTICLE_ACCOUNT).data
    assert b"<script>" not in data
    assert kml_placemarks(data)[0].findtext(f"{{{KML_NAMESPACE}}}name") == hostile


FORMULAS = [
    "=HYPERLINK(\"http://x\")", "+1+1", "@SUM(A1)", "-attack", "\tlead", "\rlead", "-2+3+cmd|' /C calc'!A0",
    "-1+1", "- 1+1", "-.5+1", " =1+1", "\u00a0=1+1", "\n=1+1", "  @SUM(1)", "+cmd|' /C calc'!A0", "-1.5e3+1",
    "-", "=", "--1",
]  # fmt: skip
NOT_FORMULAS = ["-3", "-1.5", "+5", "-.5", "1e5", "-2.5E-3", " -7 ", "plain", "Шуша", "[1, 2]", "a=b", "1-1", ""]


@pytest.mark.parametrize("value", FORMULAS)
def test_csv_cells_a_spreadsheet_would_run_are_made_inert(dataset, value: str) -> None:
    events = dataset.events.copy()
    events.loc[0, "title"] = value
    text = export(events, "events", "csv", "x", EXPORTED, account=ARTICLE_ACCOUNT).data.decode("utf-8-sig")
    assert next(csv.DictReader(io.StringIO(text, newline="")))["title"] == "'" + value


@pytest.mark.parametrize("value", [v for v in NOT_FORMULAS if v.strip()])
def test_csv_cells_that_are_not_formulas_stay_as_they_are(dataset, value: str) -> None:
    events = dataset.events.copy()
    events.loc[0, "title"] = value
    table = pd.read_csv(
        io.BytesIO(export(events, "events", "csv", "x", EXPORTED, account=ARTICLE_ACCOUNT).data), dtype=str
    )
    assert table.loc[0, "title"] == value


@pytest.mark.parametrize(("kind", "extension", "expected"), [
    ("events", "kml", "karabakh-article-events_1885-to-2021-01-11_exported-2025-11-26.kml"),
    ("events", "csv", "karabakh-article-events_1885-to-2021-01-11_exported-2025-11-26.csv"),
    ("places", "gpkg", "karabakh-article-places_exported-2025-11-26.gpkg"),
    ("places", "geojson", "karabakh-article-places_exported-2025-11-26.geojson"),
])  # fmt: skip
def test_file_names_say_what_and_when(dataset, kind: str, extension: str, expected: str) -> None:
    exported = export(frame_of(dataset, kind), kind, extension, "Karabakh article", EXPORTED, account=ARTICLE_ACCOUNT)
    assert exported.file_name == expected
    assert exported.mime == FORMATS[extension][1]


def test_file_name_of_an_event_span_uses_its_end_date(dataset) -> None:
    events = dataset.events[dataset.events["id"] == "armenian-withdrawal-from-three-districts"]
    name = file_name("your", "events", "csv", events, EXPORTED)
    assert name == "your-events_2020-11-10-to-2020-12-01_exported-2025-11-26.csv"


@pytest.mark.parametrize("label", ["", "!!!", "   "])
def test_a_label_without_letters_still_gives_a_file_name(dataset, label: str) -> None:
    name = file_name(label, "places", "kml", dataset.places, EXPORTED)
    assert re.fullmatch(r"data-places_exported-2025-11-26\.kml", name)


@pytest.mark.parametrize(("kind", "extension"), [("rivers", "kml"), ("events", "shp"), ("events", "KML")])
def test_unknown_kind_or_format_is_refused(dataset, kind: str, extension: str) -> None:
    with pytest.raises(ValueError, match=repr(kind) if kind == "rivers" else repr(extension)):
        export(dataset.events, kind, extension, "x", EXPORTED, account=ARTICLE_ACCOUNT)


def test_views_extra_columns_are_not_exported(dataset) -> None:
    from geo.model.prepare import prepare

    data = prepare(dataset)
    exported = json.loads(export(data.events, "events", "geojson", "x", EXPORTED, account=ARTICLE_ACCOUNT).data)
    assert not {"coords", "era", "start", "end"} & set(exported["features"][0]["properties"])
    assert shapely.geometry.shape(exported["features"][0]["geometry"]).equals(dataset.events.geometry.iloc[0])


@pytest.mark.parametrize("value", FORMULAS)
def test_a_formula_is_shown_as_text(value: str) -> None:
    assert spreadsheet_text(value) == "'" + value


@pytest.mark.parametrize("value", [*NOT_FORMULAS, 5, -1.5, None])
def test_numbers_and_plain_text_are_left_alone(value: object) -> None:
    assert spreadsheet_text(value) == value


def test_a_shown_table_is_neutralised_in_every_text_column() -> None:
    table = pd.DataFrame({"Title": ["-1+1", "ok"], "Places": pd.Series(["@x", "-2"], dtype="str"), "n": [-1, 2]})
    safe = spreadsheet_safe(table)
    assert list(safe["Title"]) == ["'-1+1", "ok"]
    assert list(safe["Places"]) == ["'@x", "-2"]
    assert list(safe["n"]) == [-1, 2]
    assert list(table["Title"]) == ["-1+1", "ok"]  # the caller's frame is left as it was


class _HtmlElements(HTMLParser):
    """What a browser (Google Earth's balloon) would make of a description: elements and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data) -> None:
        self.text.append(data)


BALLOON_MARKUP = ["<img src=x onerror=alert(1)>", "<b>bold</b> &amp; <a href='javascript:x'>y</a>", "a < b & c > d",
                  "<script>alert(2)</script>", "plain text, it's fine"]  # fmt: skip


@pytest.mark.parametrize("summary", BALLOON_MARKUP)
def test_kml_descriptions_show_markup_as_text_in_google_earth(dataset, summary: str) -> None:
    events = dataset.events.copy()
    events.loc[0, "summary"] = summary
    data = export(events, "events", "kml", "x", EXPORTED, account=ARTICLE_ACCOUNT).data
    description = kml_placemarks(data)[0].findtext(f"{{{KML_NAMESPACE}}}description")
    balloon = _HtmlElements()
    balloon.feed(description)
    balloon.close()
    assert balloon.tags == []
    assert "".join(balloon.text) == summary
    # GIS programs read the field itself unchanged from ExtendedData.
    extended = kml_placemarks(data)[0].find(f".//{{{KML_NAMESPACE}}}Data[@name='summary']")
    assert extended.findtext(f"{{{KML_NAMESPACE}}}value") == summary


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff"])
@pytest.mark.parametrize("kind", KINDS)
def test_kml_leaves_out_characters_xml_forbids(dataset, char: str, kind: str) -> None:
    frame = frame_of(dataset, kind).copy()
    if kind == "events":
        frame.loc[0, "title"] = f"a{char}b"
        frame.loc[0, "summary"] = f"c{char}d"
    else:
        frame.loc[0, "note"] = f"c{char}d"
        frame.loc[0, "id"] = f"id{char}"
    data = export(frame, kind, "kml", "x", EXPORTED, account=ARTICLE_ACCOUNT).data
    placemark = kml_placemarks(data)[0]  # parses: the file is well-formed XML
    assert char.encode() not in data
    assert placemark.findtext(f"{{{KML_NAMESPACE}}}description") == "cd"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert len(gpd.read_file(io.BytesIO(data))) == len(frame)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("account", [ARTICLE_ACCOUNT, UPLOAD_ACCOUNT])
def test_every_file_says_whose_account_it_holds(dataset, kind: str, account: str) -> None:
    frame = frame_of(dataset, kind)
    geojson = json.loads(export(frame, kind, "geojson", "x", EXPORTED, account=account).data)
    assert geojson["account"] == account
    table = pd.read_csv(io.BytesIO(export(frame, kind, "csv", "x", EXPORTED, account=account).data), dtype=str)
    assert set(table["account"]) == {account}
    kml = ET.fromstring(export(frame, kind, "kml", "x", EXPORTED, account=account).data)
    description = kml.find("{http://www.opengis.net/kml/2.2}Document/{http://www.opengis.net/kml/2.2}description")
    assert account in description.text
    gpkg = export(frame, kind, "gpkg", "x", EXPORTED, account=account).data
    assert account.encode("utf-8") in gpkg  # the layer's description


@pytest.mark.parametrize("account", ["", "   ", None])
def test_a_file_without_an_account_is_refused(dataset, account) -> None:
    with pytest.raises(ValueError, match=re.escape(f"account {account!r}")):
        export(dataset.events, "events", "csv", "x", EXPORTED, account=account)
