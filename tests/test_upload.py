"""geo.io.upload: your own events in (GeoJSON, plain CSV, ACLED export), a per-row report, session data."""

import codecs
import datetime as dt
import json
from pathlib import Path

import pytest

import geo.io.upload as upload
from geo.io.text_input import decode_text, read_text
from geo.io.upload import parse_date_text, parse_upload
from geo.model.i18n import texts
from geo.model.loader import DataError, load_dataset
from geo.model.schema import CATEGORIES, UPLOAD_ID_PREFIX, check_event, short_repr
from geo.model.session import session_dataset, session_map_data

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ACLED = FIXTURES / "acled_sample.csv"
USER_EVENTS = FIXTURES / "user_events.csv"
SHIPPED_EVENTS = Path(__file__).resolve().parents[1] / "data" / "events.geojson"


@pytest.fixture(scope="module")
def acled():
    return parse_upload(ACLED.read_bytes(), "acled_sample.csv")


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def csv_upload(text: str, name: str = "events.csv"):
    return parse_upload(text.encode("utf-8"), name)


def problems_of(result) -> set[tuple[int, str]]:
    return {(p.row, p.field) for p in result.problems}


# --- ACLED ---------------------------------------------------------------------------------------


def test_acled_fixture_maps_the_good_rows_and_reports_the_broken(acled) -> None:
    assert acled.file_kind == "ACLED export"
    assert acled.rows == 13
    assert list(acled.events["id"]) == ["aze1003", "aze1021", "arm2150", "aze1045", "arm2210", "aze1102", "arm2300"]
    assert acled.bad_rows == [9, 10, 11, 12, 13, 14]
    assert len(acled.events) + len(acled.bad_rows) == acled.rows


@pytest.mark.parametrize(("row", "field", "value", "reason"), [
    (9, "latitude", "'forty'", "is not a number"),
    (10, "event_date", "'2020-13-45'", "not a calendar date"),
    (11, "event_type", "'Skirmishes'", "is not an ACLED event type"),
    (12, "fatalities", "'-3'", "whole number"),
    (12, "latitude / longitude", "[200.5, 40.5]", "longitude must be in -180..180"),
    (13, "event_date", "''", "is missing"),
    (14, "event_id_cnty", "'aze1021'", "repeats the id of row 2"),
])  # fmt: skip
def test_acled_broken_rows_are_reported_with_field_value_and_reason(acled, row, field, value, reason) -> None:
    matching = [p for p in acled.problems if (p.row, p.field) == (row, field)]
    assert matching, [(p.row, p.field) for p in acled.problems]
    assert matching[0].value == value
    assert reason in matching[0].reason


@pytest.mark.parametrize(("event_id", "field", "expected"), [
    ("aze1045", "date", "2020-10-28"),
    ("aze1045", "category", "strike"),
    ("aze1045", "title", "Shelling/artillery/missile attack in Barda"),
    ("aze1045", "places", ["Barda"]),
    ("aze1045", "casualties", {"killed": 21, "reported_by": "ACLED (fatalities column)"}),
    ("aze1102", "date", "2020-11-10"),  # written "10 November 2020" in the file
    ("aze1102", "category", "agreement"),
    ("arm2210", "category", "territorial-change"),
    ("arm2210", "places", ["Shusha / Shushi"]),
    ("arm2300", "date", "2020-12"),  # time precision 3: the month only
    ("arm2300", "date_precision", "month"),
    ("arm2300", "category", "context"),
    ("arm2150", "casualties", None),  # no fatalities given
    ("aze1003", "category", "armed-clash"),
])  # fmt: skip
def test_acled_rows_map_to_event_fields(acled, event_id: str, field: str, expected: object) -> None:
    assert acled.events.set_index("id").loc[event_id, field] == expected


def test_acled_summary_keeps_notes_sources_and_precision(acled) -> None:
    summaries = acled.events.set_index("id")["summary"]
    assert summaries["aze1045"].startswith("Test row: rockets struck the town centre")
    assert "Sources named by ACLED: Test fixture newswire." in summaries["aze1045"]
    assert "ACLED event AZE1045." in summaries["aze1045"]
    assert "to within a week" in summaries["arm2150"]  # time precision 2
    assert "only approximately" in summaries["arm2150"]  # geo precision 2
    assert summaries["arm2150"].startswith("Battles involving Military Forces of Azerbaijan")  # no notes


def test_mapped_acled_rows_pass_the_event_checks(acled) -> None:
    for index, feature in enumerate(json.loads(acled.events.drop(columns=["start", "end"]).to_json())["features"]):
        props = {k: v for k, v in feature["properties"].items() if v is not None}
        event = {"type": "Feature", "properties": props, "geometry": feature["geometry"]}
        assert check_event("upload", index, event, None, 100_000, require_source=False) == []


def test_an_older_acled_export_without_newer_columns_maps_with_a_notice() -> None:
    text = (
        "data_id,event_date,event_type,sub_event_type,country,location,latitude,longitude,fatalities,notes\n"
        "1,28-October-2020,Explosions/Remote violence,Shelling/artillery/missile attack,Azerbaijan,Barda,"
        "40.3744,47.1262,21,Older export row.\n"
    )
    result = csv_upload(text, "old.csv")
    assert result.file_kind == "ACLED export"
    assert list(result.events["date"]) == ["2020-10-28"]
    assert list(result.events["id"]) == ["row-2"]
    assert any("disorder_type" in n and "civilian_targeting" in n for n in result.notices)


# --- plain CSV -----------------------------------------------------------------------------------


def test_user_events_fixture_maps_every_row(shipped) -> None:
    result = parse_upload(USER_EVENTS.read_bytes(), "user_events.csv")
    assert (result.file_kind, result.rows, len(result.events), result.problems) == ("CSV", 5, 5, ())
    by_title = result.events.set_index("title")
    assert by_title.loc["Humanitarian ceasefire agreed in Moscow", "category"] == "ceasefire"  # "Ceasefire" label
    assert by_title.loc["Rocket strike on Barda", "casualties"] == {
        "killed": 21,
        "reported_by": "your file user_events.csv",
    }
    assert by_title.loc["Follow-up meeting on transport links", "category"] == "context"
    assert any("1 row(s) name no category" in n for n in result.notices)


@pytest.mark.parametrize(("text", "date", "precision", "lat_lon"), [
    ("date,latitude,longitude\n2020-10-28,40.37,47.12\n", "2020-10-28", "day", (40.37, 47.12)),
    ("Date,Lat,Lng\n28 October 2020,40.37,47.12\n", "2020-10-28", "day", (40.37, 47.12)),
    ("date;lat;lon\nOctober 28, 2020;40.37;47.12\n", "2020-10-28", "day", (40.37, 47.12)),
    ("date\tlatitude\tlongitude\n2020/10/28\t40.37\t47.12\n", "2020-10-28", "day", (40.37, 47.12)),
    ("date,latitude,longitude\nOctober 2020,40.37,47.12\n", "2020-10", "month", (40.37, 47.12)),
    ("date,latitude,longitude\n1994,40.37,47.12\n", "1994", "year", (40.37, 47.12)),
    ("date,latitude,longitude\n2020-10-28T00:00:00,40.37,47.12\n", "2020-10-28", "day", (40.37, 47.12)),
    ("date,geometry\n2020-10-28,POINT (47.12 40.37)\n", "2020-10-28", "day", (40.37, 47.12)),
    ("title,date,longitude,latitude,date\nX,2020-10-28,47.12,40.37,1999\n", "2020-10-28", "day", (40.37, 47.12)),
])  # fmt: skip
def test_plain_csv_forms_are_read(text: str, date: str, precision: str, lat_lon: tuple) -> None:
    result = csv_upload(text)
    assert result.problems == ()
    event = result.events.iloc[0]
    assert (event["date"], event["date_precision"]) == (date, precision)
    assert (event.geometry.y, event.geometry.x) == lat_lon


HEADER = "id,date,latitude,longitude,category,killed,end_date\n"


@pytest.mark.parametrize(("row", "field", "reason"), [
    ("a,10/28/2020,40.37,47.12,,,", "date", "ambiguous"),
    ("a,2020-02-30,40.37,47.12,,,", "date", "not a calendar date"),
    ("a,Smarch 3 2020,40.37,47.12,,,", "date", "no month called"),
    ("a,,40.37,47.12,,,", "date", "is missing"),
    ("a,2020-10-28,\"40,37\",47.12,,,", "latitude", "use a dot for decimals"),
    ("a,2020-10-28,,47.12,,,", "latitude", "is missing"),
    ("a,2020-10-28,95,47.12,,,", "latitude / longitude", "latitude in -90..90"),
    ("a,2020-10-28,nan,47.12,,,", "latitude / longitude", "latitude in -90..90"),
    ("a,2020-10-28,40.37,47.12,bombs,,", "category", "must be one of"),
    ("a,2020-10-28,40.37,47.12,,many,", "killed", "whole number"),
    ("a,2020-10-28,40.37,47.12,,1" + "0" * 12 + ",", "killed", "at most nine digits"),
    ("a,2020-10-28,40.37,47.12,,,2020-10-01", "end_date", "is before date"),
    ("a,2020-10-28,40.37,47.12,,,2020-11", "end_date", "whole date"),
])  # fmt: skip
def test_a_bad_row_is_reported_and_the_good_rows_kept(row: str, field: str, reason: str) -> None:
    text = HEADER + "good-1,2020-10-27,40.37,47.12,strike,,\n" + row + "\ngood-2,2020-10-29,40.37,47.12,,,\n"
    result = csv_upload(text)
    assert list(result.events["id"]) == ["good-1", "good-2"]
    assert result.bad_rows == [3]
    assert any(p.field == field and reason in p.reason for p in result.problems), result.problems


def test_report_is_a_table_of_row_field_value_and_why() -> None:
    result = csv_upload("date,latitude,longitude\n2020-10-28,forty,47\n")
    report = result.report()
    assert list(report.columns) == ["Row", "Field", "Bad value", "Why"]
    assert report.iloc[0].tolist() == [2, "latitude", "'forty'", "is not a number"]


def test_line_numbers_count_quoted_line_breaks() -> None:
    text = 'date,latitude,longitude,summary\n2020-10-28,40,47,"two\nlines"\n2020-10-29,north,47,x\n'
    assert csv_upload(text).bad_rows == [4]


def test_repeated_ids_keep_the_first_row() -> None:
    result = csv_upload("id,date,latitude,longitude\nX 1,2020-10-28,40,47\nx-1,2020-10-29,40,47\n")
    assert list(result.events["id"]) == ["x-1"]
    assert [(p.row, p.field, p.reason) for p in result.problems] == [(3, "id", "repeats the id of row 2")]


# --- GeoJSON -------------------------------------------------------------------------------------


def test_the_shipped_events_upload_unchanged(shipped) -> None:
    result = parse_upload(SHIPPED_EVENTS.read_bytes(), "events.geojson")
    assert (result.file_kind, result.problems) == ("GeoJSON", ())
    columns = ["id", "date", "date_precision", "end_date", "title", "category", "places", "casualties"]
    assert result.events[columns].to_dict("records") == shipped.events[columns].to_dict("records")


@pytest.mark.parametrize(("feature", "field", "reason"), [
    ({"type": "Feature", "properties": None, "geometry": None}, "properties", "object of properties"),
    ({"type": "Feature", "properties": {"date": "2020-10-28"},
      "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 0]]]}}, "geometry", "Point"),
    ({"type": "Feature", "properties": {"date": "2020-10-28"},
      "geometry": {"type": "Point", "coordinates": [[1, 2], [3, 4]]}}, "geometry", "is not a valid GeoJSON Point"),
    ({"type": "Feature", "properties": {"date": "soon"}, "geometry": {"type": "Point", "coordinates": [47, 40]}},
     "date", "is not a date"),
    ({"type": "Feature", "properties": {"date": "2020-10-28", "date_precision": "hour"},
      "geometry": {"type": "Point", "coordinates": [47, 40]}}, "date_precision", "must be one of"),
])  # fmt: skip
def test_a_bad_feature_is_reported_by_its_number(feature: dict, field: str, reason: str) -> None:
    good = {"type": "Feature", "properties": {"date": "2020-10-27", "title": "Fine"},
            "geometry": {"type": "Point", "coordinates": [47, 40]}}  # fmt: skip
    text = json.dumps({"type": "FeatureCollection", "features": [good, feature]})
    result = parse_upload(text.encode(), "mine.geojson")
    assert list(result.events["title"]) == ["Fine"]
    assert result.bad_rows == [2]
    assert any(p.field == field and reason in p.reason for p in result.problems), result.problems


# --- files that cannot be used at all ------------------------------------------------------------


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"", "empty.csv", "is empty"),
    (b"date,latitude,longitude\n", "header.csv", "header but no rows"),
    (b"a,b\n1,2\n", "plain.csv", "lack date and latitude and longitude"),
    (b"date,lat\n2020,40\n", "plain.csv", "lack longitude"),
    (b"{not json", "broken.geojson", "invalid JSON"),
    (b"[" * 10_000, "deep.json", "brackets nest deeper than a JSON reader can follow"),
    (b"1" * 5_000, "huge-number.geojson", "'line 1 column 1' = '1111"),
    (b'{"a":\n  [' + b"7" * 5_000 + b"]}", "huge-number.geojson", "'line 2 column 4' = '7777"),
    ("date,latitude\n".encode("utf-16-le"), "no-bom.csv", "looks like UTF-16 text without a byte-order mark"),
    ("date,latitude\n".encode("utf-16-be"), "no-bom.csv", "looks like UTF-16 text without a byte-order mark"),
    (b"\x89PNG" + bytes(2_000), "image.csv", "looks like a binary file"),
    (b"\xff\xfe" + b"d\x00\x00\xd8", "bad.csv", "byte 4 is not valid UTF-16"),
    (b'{"type": "Feature"}', "one.geojson", "FeatureCollection"),
    (b'{"type": "FeatureCollection", "features": []}', "none.geojson", "no events"),
    (b"PK\x03\x04\x00\x00binary\x81\x8d", "sheet.csv", "not UTF-8 or Windows-1252"),
    (b"date,latitude,longitude\n2020,40,47\n", "events.xlsx", "must be .geojson, .json or .csv"),
    (b"date,latitude,longitude\n2020,40,47\n", "noextension", "must be .geojson, .json or .csv"),
])  # fmt: skip
def test_a_file_that_cannot_be_read_raises_one_clear_data_error(content: bytes, name: str, message: str) -> None:
    with pytest.raises(DataError) as caught:
        parse_upload(content, name)
    assert message in str(caught.value)
    assert str(caught.value).startswith(name)


def test_too_many_rows_are_refused_with_the_limit(monkeypatch) -> None:
    monkeypatch.setattr(upload, "MAX_ROWS", 3)
    rows = "".join(f"2020-10-{day},40,47\n" for day in range(10, 15))
    with pytest.raises(DataError, match="5.*more than the 3 rows"):
        csv_upload("date,latitude,longitude\n" + rows)


def test_too_big_a_file_is_refused_with_the_limit() -> None:
    with pytest.raises(DataError, match="more than the 1 MB"):
        parse_upload(b"x" * 1_500_000, "big.csv", max_bytes=1_000_000)


# --- text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "text", "notice"), [
    ("Şuşa, Bərdə".encode(), "Şuşa, Bərdə", False),
    (b"\xef\xbb\xbfBarda", "Barda", False),  # a byte-order mark is dropped
    ("café – Barda".encode("cp1252"), "café – Barda", True),
])  # fmt: skip
def test_text_is_read_as_utf8_or_windows_1252_with_a_notice(content: bytes, text: str, notice: bool) -> None:
    decoded, note = decode_text(content, "notes.txt")
    assert decoded == text
    assert (note is not None) == notice
    if notice:
        assert "Windows-1252" in note and "'notes.txt'" in note


@pytest.mark.parametrize(("content", "message"), [
    (b"   \n ", "is empty"),
    (b"\x81\x8d\x8f", "not UTF-8 or Windows-1252"),
    (b"a" * 11, "more than the 10 that can be mapped"),
])  # fmt: skip
def test_text_that_cannot_be_mapped_raises_a_data_error(content: bytes, message: str) -> None:
    with pytest.raises(DataError, match=message):
        read_text(content, "notes.txt", max_chars=10)


@pytest.mark.parametrize(("value", "expected"), [
    ("2020-10-28", ("2020-10-28", "day")),
    ("2020-1-5", ("2020-01-05", "day")),
    (" 28 Oct 2020 ", ("2020-10-28", "day")),
    ("28-October-2020", ("2020-10-28", "day")),
    ("Nov. 8, 2020", ("2020-11-08", "day")),
    ("November 8th, 2020", ("2020-11-08", "day")),
    ("2020-10", ("2020-10", "month")),
    ("Sept 2020", None),
    ("2020", ("2020", "year")),
    (2020, ("2020", "year")),
    ("28/10/2020", None),
    ("2020-13", None),
    (True, None),
    (None, None),
    ("", None),
])  # fmt: skip
def test_parse_date_text(value: object, expected: tuple | None) -> None:
    if expected is None:
        with pytest.raises(ValueError):
            parse_date_text(value)
    else:
        assert parse_date_text(value) == expected


# --- into the session ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def uploaded():
    rows = ["id,date,latitude,longitude", "old,1990-05-01,40,47", "new,2020-10-28,40,47", "barda,2020-10-29,40,47"]
    return csv_upload("\n".join(rows) + "\n")


def test_beside_keeps_the_articles_events_and_prefixes_the_uploaded_ids(shipped, uploaded) -> None:
    dataset = session_dataset(shipped, uploaded.events, "beside")
    ids = list(dataset.events["id"])
    assert set(shipped.events["id"]) < set(ids)
    assert {f"{UPLOAD_ID_PREFIX}old", f"{UPLOAD_ID_PREFIX}new", f"{UPLOAD_ID_PREFIX}barda"} < set(ids)
    assert len(ids) == len(set(ids)) == len(shipped.events) + 3
    assert list(dataset.events["start"]) == sorted(dataset.events["start"])
    assert list(uploaded.events["id"]) == ["old", "new", "barda"], "the upload itself is not changed"


def test_instead_shows_only_the_uploaded_events(shipped, uploaded) -> None:
    dataset = session_dataset(shipped, uploaded.events, "instead")
    assert list(dataset.events["id"]) == [f"{UPLOAD_ID_PREFIX}{i}" for i in ("old", "new", "barda")]
    assert dataset.places is shipped.places


def test_session_map_data_eras(shipped, uploaded) -> None:
    beside = session_map_data(shipped, uploaded.events, "beside")
    era = dict(zip(beside.events["id"], beside.events["era"], strict=True))
    assert era[f"{UPLOAD_ID_PREFIX}old"] == "background" and era[f"{UPLOAD_ID_PREFIX}new"] == "war"
    instead = session_map_data(shipped, uploaded.events, "instead")
    assert set(instead.events["era"]) == {"war"}
    assert instead.war_bounds == (dt.date(1990, 5, 1), dt.date(2020, 10, 29))


def test_an_unknown_mode_is_refused(shipped, uploaded) -> None:
    with pytest.raises(ValueError, match="'sideways'"):
        session_dataset(shipped, uploaded.events, "sideways")


@pytest.mark.parametrize("geometry", [
    {"type": "GeometryCollection", "geometries": []},
    {"type": "MultiPoint", "coordinates": []},
])  # fmt: skip
def test_an_event_with_an_empty_geometry_is_reported(geometry: dict) -> None:
    feature = {"type": "Feature", "properties": {"date": "2020-10-28"}, "geometry": geometry}
    result = parse_upload(json.dumps({"type": "FeatureCollection", "features": [feature]}).encode(), "e.geojson")
    assert len(result.events) == 0
    assert [p.field for p in result.problems] == ["geometry"]


def test_an_empty_wkt_point_in_a_csv_is_reported() -> None:
    result = csv_upload("date,geometry\n2020-10-28,POINT EMPTY\n")
    assert [(p.row, p.field) for p in result.problems] == [(2, "geometry")]


def test_the_upload_limit_is_the_servers() -> None:
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == upload.MAX_UPLOAD_BYTES


# --- what once gave a traceback or a puzzling message (issue 10) ---------------------------------

NO_PYTHON_WORDS = ("recursion", "set_int_max_str_digits", "Exceeds the limit", "Traceback", "year 10000")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_unicode_file_with_a_byte_order_mark_is_read_with_a_notice(encoding: str) -> None:
    text = "date,latitude,longitude,title\n2020-10-28,40.37,47.12,Bərdə\n"
    content = text.encode(encoding) if encoding != "utf-16-be" else b"\xfe\xff" + text.encode(encoding)
    result = parse_upload(content, "unicode.csv")
    assert list(result.events["title"]) == ["Bərdə"]
    assert any("UTF-16" in n or "UTF-32" in n for n in result.notices), result.notices


@pytest.mark.parametrize(("content", "name", "words"), [
    (b"[" * 10_000, "deep.geojson", ["deep.geojson", "'nesting'", "'[[[[", "nest deeper"]),
    (b"1" * 5_000, "long.geojson", ["long.geojson", "line 1 column 1", "5,000 digits", "4,300"]),
    # 2,000 numbers of 4,300 digits before the long one: a pattern searched from every digit took ~25 s.
    (b"[" + (b"9" * 4_300 + b",\n") * 2_000 + b"1" * 4_301 + b"]", "many.geojson",
     ["many.geojson", "line 2001 column 1", "4,301 digits"]),
])  # fmt: skip
def test_unreadable_json_is_named_in_plain_words(content: bytes, name: str, words: list[str]) -> None:
    with pytest.raises(DataError) as caught:
        parse_upload(content, name)
    message = str(caught.value)
    assert all(word in message for word in words), message
    assert not any(word in message for word in NO_PYTHON_WORDS), message


def test_a_one_megabyte_cell_names_its_column_and_the_limit() -> None:
    result = csv_upload(
        "date,latitude,longitude,Summary\n2020-10-28,40.37,47.12," + "x" * 1_048_576 + "\n2020-10-29,40.37,47.12,fine\n"
    )
    assert result.bad_rows == [2] and len(result.events) == 1
    (problem,) = result.problems
    assert problem.field == "Summary"
    assert "1,048,576 characters" in problem.reason and "100,000" in problem.reason
    assert len(problem.value) <= 80


@pytest.mark.parametrize("cell", ["[" * 10_000, "[" + "9" * 5_000 + "]", "{" * 3_000])
def test_json_looking_cells_too_deep_or_too_long_are_row_problems(cell: str) -> None:
    result = csv_upload(f"date,latitude,longitude,places,casualties\n2020-10-28,40.37,47.12,{cell},{cell}\n")
    assert result.rows == 1
    assert all(not any(w in p.reason for w in NO_PYTHON_WORDS) for p in result.problems)


@pytest.mark.parametrize("field", ["title", "summary", "places", "source_claim"])
def test_a_lone_surrogate_in_geojson_is_a_row_problem(field: str) -> None:
    bad = ["a\ud83db"] if field == "places" else "a\ud83db"
    good = {"date": "2020-10-28", "title": "Fine"}
    features = [
        {"type": "Feature", "properties": {**good, field: bad}, "geometry": {"type": "Point", "coordinates": [47, 40]}},
        {"type": "Feature", "properties": good, "geometry": {"type": "Point", "coordinates": [47, 40]}},
    ]
    text = json.dumps({"type": "FeatureCollection", "features": features})  # ASCII: the surrogate as \ud83d
    result = parse_upload(text.encode(), "surrogate.geojson")
    assert result.bad_rows == [1]
    assert list(result.events["title"]) == ["Fine"]
    (problem,) = result.problems
    assert problem.field == field and "U+D83D" in problem.reason and "lone surrogate" in problem.reason


CONTROLS = ["\x00", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff"]


@pytest.mark.parametrize("char", CONTROLS)
def test_control_characters_are_removed_from_csv_rows_with_a_notice(char: str) -> None:
    result = csv_upload(f"date,latitude,longitude,title,place\n2020-10-28,40.37,47.12,a{char}b,Bar{char}da\n")
    assert list(result.events["title"]) == ["ab"]
    assert list(result.events["places"]) == [["Barda"]]
    assert any("Control characters" in n and "1 row(s) (2)" in n and "'title'" in n for n in result.notices)


@pytest.mark.parametrize("char", CONTROLS)
def test_control_characters_are_removed_from_geojson_rows(char: str) -> None:
    props = {"date": "2020-10-28", "title": f"t{char}", "summary": f"s{char}s", "places": [f"p{char}"],
             "casualties": {"killed": 1, "reported_by": f"r{char}"}}  # fmt: skip
    feature = {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [47, 40]}}
    result = parse_upload(json.dumps({"type": "FeatureCollection", "features": [feature]}).encode(), "c.geojson")
    row = result.events.iloc[0]
    assert (row["title"], row["summary"], row["places"], row["casualties"]["reported_by"]) == ("t", "ss", ["p"], "r")


def multipoint(points: int) -> dict:
    return {"type": "MultiPoint", "coordinates": [[47 + i / 1e6, 40] for i in range(points)]}


def test_a_multipoint_of_400000_points_is_refused_with_the_limit() -> None:
    feature = {"type": "Feature", "properties": {"date": "2020-10-28"}, "geometry": multipoint(400_000)}
    content = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    with pytest.raises(DataError, match=r"'more than 200,000 points'.*can be mapped at once \(row 1 alone"):
        parse_upload(content, "many.geojson")


def test_one_event_with_too_many_points_is_a_row_problem() -> None:
    date = {"date": "2020-10-28"}
    features = [{"type": "Feature", "properties": date, "geometry": multipoint(n)} for n in (1_001, 3)]
    result = parse_upload(json.dumps({"type": "FeatureCollection", "features": features}).encode(), "m.geojson")
    assert result.bad_rows == [1] and len(result.events) == 1
    assert "1,001 points, more than the 1,000" in result.problems[0].reason


def test_a_wkt_cell_with_too_many_points_is_a_row_problem() -> None:
    wkt = "MULTIPOINT (" + ", ".join(f"47 {40 + i / 1e4}" for i in range(1_500)) + ")"
    result = csv_upload(f'date,geometry\n2020-10-28,"{wkt}"\n2020-10-29,POINT (47 40)\n')
    assert result.bad_rows == [2] and len(result.events) == 1
    assert "1,500 points" in result.problems[0].reason


def test_csv_points_in_all_rows_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(upload, "MAX_UPLOAD_POINTS", 4)
    rows = "".join(f"2020-10-{day},40,47\n" for day in range(10, 15))
    with pytest.raises(DataError, match="5 points"):
        csv_upload("date,latitude,longitude\n" + rows)


def test_the_preview_shows_category_labels_and_places_as_a_person_reads_them() -> None:
    from geo.io.upload import preview_table

    events = parse_upload(USER_EVENTS.read_bytes(), USER_EVENTS.name).events
    preview = preview_table(events)
    assert list(preview.columns) == ["Date", "Title", "Category", "Places"]
    assert "Strike on a town" in set(preview["Category"]) and not set(preview["Category"]) & set(CATEGORIES)
    assert all(isinstance(p, str) for p in preview["Places"])


def test_the_acled_category_table_lists_sub_event_types_first() -> None:
    from geo.io.upload import ACLED_EVENT_CATEGORIES, ACLED_SUB_EVENT_CATEGORIES, category_table

    table = category_table()
    firsts = list(table.iloc[: len(ACLED_SUB_EVENT_CATEGORIES), 0])
    assert firsts == list(ACLED_SUB_EVENT_CATEGORIES) and len(table) == len(firsts) + len(ACLED_EVENT_CATEGORIES)


# --- in the reader's language ----------------------------------------------------------------

BAD_TEXT_FILES = [
    (codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8", "encoding"),  # a lone half of a pair
    ("abcdefgh".encode("utf-16-le"), "encoding"),  # UTF-16 without its byte-order mark
    (b"caf\x81\x8d", "encoding"),  # neither UTF-8 nor Windows-1252
    (b"abc\x00def\xff", "encoding"),  # binary
    (b"  \n ", "text"),
    (b"a" * 11, "length"),
]


@pytest.mark.parametrize("lang", ["az", "hy", "ru"])
@pytest.mark.parametrize(("content", "field"), BAD_TEXT_FILES)
def test_a_text_file_refused_says_why_in_the_readers_language(lang: str, content: bytes, field: str) -> None:
    """Map a text and Your data show why a file was refused in the reader's language (it was English)."""
    with pytest.raises(DataError) as err:
        read_text(content, "mine.txt", max_chars=10)
    (problem,) = err.value.problems
    language = texts(lang)
    assert problem.field == field
    assert language.message(problem.reason) != str(problem.reason)
    assert "'mine.txt'" not in str(problem.reason) and short_repr(problem.value) in err.value.text(language)


@pytest.mark.parametrize("lang", ["az", "hy", "ru"])
def test_upload_notices_read_in_the_readers_language(lang: str, acled) -> None:
    """What an upload did to a file (its encoding, rows with no category, characters removed,
    columns missing) is said in the reader's language; file names and values stay as given."""
    notices = [
        decode_text(codecs.BOM_UTF16_LE + "date".encode("utf-16-le"), "mine.csv")[1],
        decode_text("café".encode("cp1252"), "mine.csv")[1],
        *parse_upload(USER_EVENTS.read_bytes(), "user_events.csv").notices,
        *csv_upload("date,latitude,longitude,title,place\n2020-10-28,40.37,47.12,a\x08b,Barda\n").notices,
        *acled.notices,
    ]
    language = texts(lang)
    assert len(notices) >= 4
    assert [n for n in notices if language.message(n) == str(n)] == []
    assert "'mine.csv'" in language.message(notices[0]) and "'mine.csv'" in language.message(notices[1])


def test_a_csv_without_column_names_is_refused_in_russian() -> None:
    with pytest.raises(DataError) as err:
        parse_upload(b",,\n1,2\n", "mine.csv")
    assert err.value.text(texts("ru")) == "mine.csv: поле 'header' = ',,': пусто: первая строка должна называть столбцы"


@pytest.mark.parametrize(("content", "name"), [
    (b"date,latitude,longitude\n", "header.csv"),
    (b"\x89PNG" + bytes(2_000), "image.csv"),
    (b"\xff\xfe" + b"d\x00\x00\xd8", "bad.csv"),
    (b'{"type": "Feature"}', "one.geojson"),
    (b'{"type": "FeatureCollection", "features": []}', "none.geojson"),
    (b"PK\x03\x04\x00\x00binary\x81\x8d", "sheet.csv"),
    (b"date,latitude,longitude\n2020,40,47\n", "events.xlsx"),
])  # fmt: skip
def test_a_refused_events_file_says_why_in_armenian(content: bytes, name: str) -> None:
    """Your data says why a file cannot be used in the reader's language (these were English)."""
    with pytest.raises(DataError) as caught:
        parse_upload(content, name)
    (problem,) = caught.value.problems
    language = texts("hy")
    assert language.message(problem.reason) != str(problem.reason)
    assert caught.value.text(language).startswith(name)
