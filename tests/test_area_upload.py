"""Areas over time from anyone's data: good files load, bad features are left out with a message
naming the feature, the field and the value."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest

from geo.io.area_formats import areas_geojson_bytes, areas_kml_bytes
from geo.io.area_upload import MAX_AREA_VERTICES, parse_area_upload
from geo.io.export import site_files
from geo.map.mapview import engine_data
from geo.model.i18n import texts
from geo.model.loader import load_areas, load_dataset
from geo.model.prepare import prepare
from geo.model.schema import DataError

SQUARE = [[[46.0, 39.0], [46.5, 39.0], [46.5, 39.5], [46.0, 39.5], [46.0, 39.0]]]
BOWTIE = [[[46.0, 39.0], [46.5, 39.5], [46.5, 39.0], [46.0, 39.5], [46.0, 39.0]]]  # self-intersecting


def feature(coordinates=SQUARE, kind="Polygon", **props) -> dict:
    base = {"start": "2020-11-10", "status": "held by side A", "source": "A report, 11 November 2020"}
    base.update(props)
    return {"type": "Feature", "properties": {k: v for k, v in base.items() if v is not ...},
            "geometry": {"type": kind, "coordinates": coordinates}}  # fmt: skip


def upload(*features: dict):
    return parse_area_upload(
        json.dumps({"type": "FeatureCollection", "features": list(features)}).encode(), "a.geojson"
    )


def test_two_states_of_one_area_become_one_area_with_dated_states() -> None:
    result = upload(
        feature(id="north", end="2020-11-20", name="North"),
        feature(id="north", start="2020-11-20", status="handed-over", source="Statement"),
    )
    assert result.problems == () and len(result.areas) == 1
    area = result.areas[0]
    assert area.names == {"en": "North"}
    assert area.state_at(dt.date(2020, 11, 19)).text == "held by side A"
    assert area.state_at(dt.date(2020, 11, 19)).status == "other"  # the person's own words: a neutral fill
    assert area.state_at(dt.date(2020, 11, 20)).status == "handed-over"
    assert area.state_at(dt.date(2020, 11, 9)) is None


def test_a_self_intersecting_ring_is_repaired_and_said_so() -> None:
    result = upload(feature(BOWTIE))
    assert result.problems == () and len(result.areas) == 1
    assert result.areas[0].geometry.is_valid
    assert "Feature 1" in result.notices[0] and "repaired" in result.notices[0]


@pytest.mark.parametrize(("changes", "field", "reason"), [
    ({"start": ...}, "start", "is missing"),
    ({"start": "10/11/2020"}, "start", "YYYY-MM-DD"),
    ({"end": "2020-11-01"}, "end", "is not after start"),
    ({"status": ""}, "status", "is missing"),
    ({"source": ...}, "source", "is missing"),
    ({"coordinates": [46.0, 39.0], "kind": "Point"}, "geometry", "Polygon or MultiPolygon"),
    ({"coordinates": [[[46.0, 39.0], [46.5, 39.0], [46.0, 39.0]]]}, "geometry", "cannot be repaired safely"),
    ({"coordinates": "x"}, "geometry", "not a GeoJSON geometry"),
])  # fmt: skip
def test_a_bad_feature_is_left_out_naming_its_number_and_field(changes: dict, field: str, reason: str) -> None:
    geometry = {k: changes.pop(k) for k in ("coordinates", "kind") if k in changes}
    result = upload(feature(name="good"), feature(**geometry, **changes))
    assert [a.names["en"] for a in result.areas] == ["good"]
    assert [(p.row, p.field) for p in result.problems] == [(2, field)]
    assert reason in result.problems[0].reason


@pytest.mark.parametrize("lang", ["az", "hy", "ru"])
def test_an_area_files_problems_and_notices_read_in_the_readers_language(lang: str) -> None:
    """The Your data page shows why a feature was left out, and what was repaired, in the reader's
    language (both were English); the bad values stay as given."""
    language = texts(lang)
    result = upload(
        feature(BOWTIE),
        feature(start=...), feature(start="10/11/2020"), feature(end="2020-11-01"), feature(status=""),
        feature(source=...), feature([46.0, 39.0], "Point"), feature([[[46.0, 39.0], [46.5, 39.0], [46.0, 39.0]]]),
        feature("x"), feature(id="a"), feature(id="a", start="2020-12-01"),
    )  # fmt: skip
    assert len(result.problems) == 9 and len(result.notices) == 1
    english = [p.reason for p in result.problems if language.message(p.reason) == str(p.reason)]
    assert english == []
    assert "'10/11/2020'" in language.message(result.problems[1].reason)  # the bad date, echoed
    assert language.message(result.notices[0]) != str(result.notices[0])


def test_an_outline_over_the_vertex_budget_is_left_out() -> None:
    n = MAX_AREA_VERTICES + 10
    ring = [[46.0 + 0.5 * i / n, 39.0 + 0.001 * (i % 2)] for i in range(n)]
    ring = [*ring, [46.5, 39.5], [46.0, 39.5], ring[0]]
    result = upload(feature([ring]))
    assert result.areas == ()
    assert result.problems[0].field == "geometry" and "vertices" in result.problems[0].value


def test_overlapping_states_of_one_area_are_refused() -> None:
    result = upload(feature(id="a"), feature(id="a", start="2020-12-01"))
    assert [(p.row, p.field) for p in result.problems] == [(2, "start")]


@pytest.mark.parametrize(("content", "field"), [
    (b"", "features"),
    (b'{"type": "FeatureCollection", "features": []}', "features"),
    (b"{not json", "file"),
])  # fmt: skip
def test_a_bad_file_is_refused_whole_naming_the_field(content: bytes, field: str) -> None:
    with pytest.raises(DataError) as err:
        parse_area_upload(content, "bad.geojson")
    assert "bad.geojson" in str(err.value)


def test_areas_written_as_geojson_read_back_the_same() -> None:
    first = upload(feature(id="north", end="2020-11-20", name="North"), feature(id="north", start="2020-11-20"))
    again = parse_area_upload(areas_geojson_bytes(list(first.areas)), "again.geojson")
    assert again.problems == ()
    assert [a.states for a in again.areas] == [a.states for a in first.areas]


def test_areas_written_as_kml_carry_a_time_span_per_state() -> None:
    areas = list(
        upload(feature(id="n", end="2020-11-20", name="<b>North</b>"), feature(id="n", start="2020-11-20")).areas
    )
    root = ET.fromstring(areas_kml_bytes(areas, "Areas"))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    spans = [
        (p.findtext("k:TimeSpan/k:begin", namespaces=ns), p.findtext("k:TimeSpan/k:end", namespaces=ns))
        for p in root.iterfind(".//k:Placemark", ns)
    ]
    assert spans == [("2020-11-10", "2020-11-19"), ("2020-11-20", None)]
    assert root.findtext(".//k:Placemark/k:name", namespaces=ns) == "<b>North</b>"  # text, not markup


def test_uploaded_areas_reach_the_engine_and_the_static_site() -> None:
    data = prepare(load_dataset())
    areas = upload(feature(id="n", name="North")).areas
    with_areas = dataclasses.replace(data, areas=areas)
    assert [a["id"] for a in engine_data(with_areas)["areas"]] == ["n"]
    assert len(engine_data(data)["areas"]) == len(load_areas())  # the war's, by default
    page = site_files(with_areas)["index.html"].decode("utf-8")
    assert '"id":"n"' in page.replace(" ", "")
