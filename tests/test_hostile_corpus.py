"""The hostile corpus (tests/fixtures/hostile_payloads.json) in every text field of an upload (GeoJSON
and CSV), through the map's data, the cards, the timeline, every file format and the static site.

Each payload is either refused with a row problem that names the field, or kept and then shown as
the characters it is made of: no exception, no live markup, no formula, no invalid file.
"""

import csv
import datetime as dt
import io
import json
import re
import warnings
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import geopandas as gpd
import pytest

from geo.io.export import site_files
from geo.io.formats import FORMATS, KML_NAMESPACE, export, spreadsheet_safe, spreadsheet_text
from geo.io.upload import parse_upload
from geo.map.framing import UPLOAD_ACCOUNT
from geo.map.safe import WORD_JOINER, html_text, markdown_text
from geo.map.textmap import highlighted_html
from geo.map.timeline_chart import event_table, timeline_chart, timeline_rows
from geo.model.loader import load_dataset
from geo.model.prepare import card
from geo.model.schema import LONE_SURROGATE, XML_FORBIDDEN
from geo.model.session import session_map_data
from geo.text.draft import draft_bytes
from geo.text.extract import extract
from geo.text.gazetteer import Gazetteer

PAYLOADS: list[str] = json.loads((Path(__file__).parent / "fixtures" / "hostile_payloads.json").read_text("utf-8"))
TEXT_FIELDS = ("title", "summary", "source_claim")
EXPORTED = dt.date(2025, 11, 26)


def test_the_corpus_covers_every_kind_of_attack() -> None:
    assert len(PAYLOADS) >= 40
    assert sum(bool(re.match(r"\s*[=+\-@]|[\t\r]", p)) for p in PAYLOADS) >= 8  # formula starts
    assert sum(bool(XML_FORBIDDEN.search(p)) for p in PAYLOADS) >= 4
    assert sum(bool(LONE_SURROGATE.search(p)) for p in PAYLOADS) >= 2
    assert sum(":material/" in p or ":smile:" in p for p in PAYLOADS) >= 2
    scripts = {"а": "Cyrillic", "Ք": "Armenian", "ბ": "Georgian", "漢": "Han", "ش": "Arabic"}
    assert all(any(p.count(letter) >= 1000 for p in PAYLOADS) for letter in scripts)


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def geojson_upload() -> bytes:
    """One feature per payload and field: the payload as title, summary, claim, place, reporter, qualifier."""
    features = []
    for number, payload in enumerate(PAYLOADS):
        for field in (*TEXT_FIELDS, "places", "reported_by", "qualifier"):
            props = {"id": f"p{number}-{field}", "date": "2020-10-28", "category": "strike"}
            if field in TEXT_FIELDS:
                props[field] = payload
            elif field == "places":
                props["places"] = [payload, "Barda"]
            else:
                props["casualties"] = {"killed": 1, "reported_by": "x", field: payload}
            features.append(
                {
                    "type": "Feature",
                    "properties": props,
                    "geometry": {"type": "Point", "coordinates": [47.0, 40.0 + number / 100]},
                }
            )
    # ASCII JSON: lone surrogates travel as \ud83d escapes, as in a real file.
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def csv_upload() -> bytes:
    """The payloads a UTF-8 file can hold, in every text column of a CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "latitude", "longitude", "title", "summary", "place", "reported_by", "killed", "id"])
    for number, payload in enumerate(p for p in PAYLOADS if not LONE_SURROGATE.search(p)):
        writer.writerow(["2020-10-28", 40 + number / 100, 47, payload, payload, payload, payload, 1, payload])
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="module", params=["geojson", "csv"])
def uploaded(request: pytest.FixtureRequest):
    content = geojson_upload() if request.param == "geojson" else csv_upload()
    return parse_upload(content, f"hostile.{request.param}")


def test_every_payload_is_kept_or_refused_by_name(uploaded) -> None:
    assert len(uploaded.events) + len(uploaded.bad_rows) == uploaded.rows
    for problem in uploaded.problems:
        assert problem.field and problem.reason
        assert len(problem.value) <= 80
    # Only what no file can hold, what is longer than a field may be, or an id that two payloads
    # share once made a slug ("-1+1" and "+1+1" are both "1-1") is refused.
    refused = {p.reason for p in uploaded.problems}
    assert all("lone surrogate" in r or "characters" in r or "repeats the id" in r for r in refused), refused
    assert len(uploaded.events) >= uploaded.rows * 0.7


def test_kept_text_holds_no_character_a_file_cannot(uploaded) -> None:
    for row in uploaded.events.to_dict("records"):
        texts = [row[f] for f in TEXT_FIELDS if isinstance(row[f], str)] + list(row["places"])
        if isinstance(row["casualties"], dict):
            texts += [v for v in row["casualties"].values() if isinstance(v, str)]
        assert not any(XML_FORBIDDEN.search(t) or LONE_SURROGATE.search(t) for t in texts), row["id"]


def test_cards_timeline_and_tables_take_every_kept_payload(shipped, uploaded) -> None:
    data = session_map_data(shipped, uploaded.events, "beside")
    for row in data.events.to_dict("records"):
        for value in card(row, data.places_by_id).values():
            if value:
                shown = markdown_text(value)
                assert re.sub(r"\\(.)", r"\1", shown).replace(WORD_JOINER, "") == value.replace("\n", " ")
                assert ":material/" not in shown
        html_text(row["title"])
    rows = timeline_rows(data, "all")
    timeline_chart(rows, None).to_dict()
    table = spreadsheet_safe(event_table(rows))
    for column in table.columns:
        assert all(spreadsheet_text(v) == v or not isinstance(v, str) for v in table[column] if str(v)[:1] != "'")


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)


@pytest.mark.parametrize("extension", list(FORMATS))
def test_every_format_holds_every_kept_payload(uploaded, extension: str) -> None:
    data = export(uploaded.events, "events", extension, "hostile", EXPORTED, account=UPLOAD_ACCOUNT).data
    if extension == "geojson":
        assert len(json.loads(data)["features"]) == len(uploaded.events)
    elif extension == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert len(rows) == len(uploaded.events)
        for row in rows:
            for value in row.values():
                assert spreadsheet_text(value) == value or value.startswith("'"), value
                assert not re.match(r"\s*[=+\-@]|[\t\r]", value) or re.fullmatch(r"\s*-?[0-9.]+\s*", value), value
    elif extension == "kml":
        root = ET.fromstring(data)  # well-formed XML
        placemarks = root.iter(f"{{{KML_NAMESPACE}}}Placemark")
        for placemark in placemarks:
            balloon = _Markup()
            balloon.feed(placemark.findtext(f"{{{KML_NAMESPACE}}}description") or "")
            assert balloon.tags == []
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert len(gpd.read_file(io.BytesIO(data))) == len(uploaded.events)


def test_the_static_site_carries_every_kept_payload_as_data(shipped, uploaded) -> None:
    data = session_map_data(shipped, uploaded.events, "instead")
    page = site_files(data)["index.html"].decode("utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and "<svg onload" not in page
    payload = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.DOTALL)
    titles = {event["title"] for event in json.loads(payload[1])["events"]}
    assert titles == set(uploaded.events["title"])


def test_a_text_of_every_payload_maps_to_drafts_that_upload(shipped) -> None:
    encodable = [p for p in PAYLOADS if not LONE_SURROGATE.search(p)]
    text = "\n\n".join(f"On 28 October 2020 rockets struck Barda. {p}" for p in encodable)
    result = extract(text, Gazetteer(shipped.places, geonames=False))
    page = highlighted_html(text, result)
    assert "<script>alert" not in page and "<img src=x" not in page
    drafted = parse_upload(draft_bytes(result, "hostile text"), "draft-events.geojson")
    assert len(drafted.events) >= len(PAYLOADS) - 2
    assert not drafted.problems, drafted.problems[:3]


@pytest.mark.parametrize("extension", list(FORMATS))
def test_every_format_holds_every_payload_in_places(shipped, extension: str) -> None:
    places = shipped.places
    # What the loader admits into a places file: no character a file cannot hold.
    encodable = [p for p in PAYLOADS if not LONE_SURROGATE.search(p) and not XML_FORBIDDEN.search(p)]
    for start in range(0, len(encodable), len(places)):
        chunk = encodable[start : start + len(places)]
        frame = places.iloc[: len(chunk)].copy()
        frame["note"] = chunk
        frame["name"] = chunk
        data = export(frame, "places", extension, "hostile", EXPORTED, account=UPLOAD_ACCOUNT).data
        if extension == "kml":
            ET.fromstring(data)
        elif extension == "csv":
            rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
            assert [r["note"] for r in rows] == [spreadsheet_text(v) for v in chunk]
        elif extension == "geojson":
            assert [f["properties"]["note"] for f in json.loads(data)["features"]] == chunk
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                assert list(gpd.read_file(io.BytesIO(data))["note"]) == chunk
