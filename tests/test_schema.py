"""geo.model.schema: every field check with good and bad values, the messages, and the date helpers."""

import copy
import datetime as dt
import json
import math
from pathlib import Path

import pytest

from geo.model import schema
from geo.model.i18n import texts
from geo.model.schema import ARTICLE_PARAGRAPHS, MAX_TEXT, Problem, check_collection, check_event, check_place

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOURCE = "unit-test.geojson"
INDEX = 3
MISSING = object()  # the path is removed from the feature
ANY = object()  # the echoed value is not compared (NaN pairs never compare equal)


def fixture_features(name: str) -> list[dict]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))["features"]


PLACES = fixture_features("unit_places.geojson")
EVENTS = fixture_features("unit_events.geojson")
TOWN, CORRIDOR = PLACES[0], PLACES[3]
STRIKE = EVENTS[0]  # has casualties and every optional field but end_date
PLACE_IDS = {f["properties"]["id"] for f in PLACES}


def changed(feature: dict, path: str, value: object) -> dict:
    """A deep copy of `feature` with the dotted `path` set to `value` (or removed when MISSING)."""
    result = copy.deepcopy(feature)
    *parents, last = path.split(".")
    target = result
    for part in parents:
        target = target[part]
    if value is MISSING:
        target.pop(last, None)
    else:
        target[last] = value
    return result


def matching(problems: list[Problem], field: str, value: object) -> list[Problem]:
    return [p for p in problems if p.field == field and (value is ANY or p.value == value)]


def assert_reported(problems: list[Problem], field: str, value: object, feature_id: object) -> None:
    """The problem names the file, feature index, id and field, and echoes the value."""
    found = matching(problems, field, value)
    assert found, f"no problem for {field!r} = {value!r} in {[str(p) for p in problems]}"
    message = str(found[0])
    assert message.startswith(f"{SOURCE}: feature {INDEX}")
    if isinstance(feature_id, str) and feature_id:
        assert f"(id {feature_id!r})" in message
    assert f"field {field!r}" in message
    if value is not ANY:
        shown = repr(value)
        assert shown in message if len(shown) <= 80 else shown[:79] + "…" in message


# --- places -------------------------------------------------------------------------------


def test_fixture_places_are_valid() -> None:
    for index, feature in enumerate(PLACES):
        assert check_place(SOURCE, index, feature) == []


UNKNOWN_SIDE = {"az": "A", "hy": "B", "ru": "C"}
BLANK_RUSSIAN = {"az": "A", "hy": "B", "hy_ru": " "}
GOOD_PLACE_CHANGES = [
    ("properties.geonames_id", None),
    ("properties.geonames_id", MISSING),
    ("properties.geonames_id", 1),
    ("properties.contested_names", None),
    ("properties.contested_names", {"az": "Shusha", "hy": "Shushi", "hy_ru": "Шуши"}),
    ("properties.contested_names", MISSING),
    ("properties.source_paragraphs", MISSING),
    ("properties.source_paragraphs", []),
    ("properties.source_paragraphs", [1, ARTICLE_PARAGRAPHS]),
    ("properties.note", "Any note."),
    ("properties.note", None),
    ("properties.aliases", []),
    ("properties.names", {"en": "Northtown"}),
    ("properties.names", {"en": "Northtown", "az": "A", "hy": "Հ", "ru": "С"}),
    ("id", MISSING),
    ("geometry.coordinates", [180, 90]),
    ("geometry.coordinates", [-180, -90]),
    ("geometry.coordinates", [47.0, 40.0, 1200.0]),
    ("geometry", {"type": "Polygon", "coordinates": [[[47, 40], [48, 40], [48, 41], [47, 40]]]}),
    ("geometry", {"type": "MultiPolygon", "coordinates": [[[[47, 40], [48, 40], [48, 41], [47, 40]]]]}),
    *[("properties.kind", kind) for kind in schema.PLACE_KINDS if kind != "corridor"],
    *[("properties.precision", precision) for precision in schema.PRECISIONS],
]


@pytest.mark.parametrize(("path", "value"), GOOD_PLACE_CHANGES)
def test_good_place_values_pass(path: str, value: object) -> None:
    assert check_place(SOURCE, INDEX, changed(TOWN, path, value)) == []


BAD_PLACE_CHANGES = [
    # (path, bad value, field named in the problem, value echoed)
    ("properties.id", MISSING, "id", None),
    ("properties.id", "North Town", "id", "North Town"),
    ("properties.id", "Northtown", "id", "Northtown"),
    ("properties.id", "northtown-", "id", "northtown-"),
    ("properties.id", "north--town", "id", "north--town"),
    ("properties.id", "northtown\n", "id", "northtown\n"),
    ("properties.id", 7, "id", 7),
    ("id", "another-id", "id", "another-id"),
    ("properties.name", MISSING, "name", None),
    ("properties.name", "  ", "name", "  "),
    ("properties.name", 5, "name", 5),
    ("properties.name", "x" * (MAX_TEXT + 1), "name", "x" * (MAX_TEXT + 1)),
    ("properties.names", None, "names", None),
    ("properties.names", "Northtown", "names", "Northtown"),
    ("properties.names", {"az": "Şimalkənd"}, "names", {"az": "Şimalkənd"}),
    ("properties.names", {"en": " "}, "names", {"en": " "}),
    ("properties.names.fr", "Nordville", "names.fr", "Nordville"),
    ("properties.names.az", "", "names.az", ""),
    ("properties.names.ru", 5, "names.ru", 5),
    ("properties.aliases", MISSING, "aliases", None),
    ("properties.aliases", "North Town", "aliases", "North Town"),
    ("properties.aliases", ["North Town", ""], "aliases", ["North Town", ""]),
    ("properties.aliases", [1], "aliases", [1]),
    ("properties.kind", MISSING, "kind", None),
    ("properties.kind", "village", "kind", "village"),
    ("properties.kind", "Town", "kind", "Town"),
    ("properties.precision", MISSING, "precision", None),
    ("properties.precision", "rough", "precision", "rough"),
    ("properties.geonames_id", 0, "geonames_id", 0),
    ("properties.geonames_id", -5, "geonames_id", -5),
    ("properties.geonames_id", True, "geonames_id", True),
    ("properties.geonames_id", "1000001", "geonames_id", "1000001"),
    ("properties.geonames_id", 1.5, "geonames_id", 1.5),
    ("properties.contested_names", {"az": "Northtown"}, "contested_names", {"az": "Northtown"}),
    ("properties.contested_names", {"az": "A", "hy": ""}, "contested_names", {"az": "A", "hy": ""}),
    ("properties.contested_names", {"az": "A", "hy": 3}, "contested_names", {"az": "A", "hy": 3}),
    (
        "properties.contested_names",
        {"az": "A", "hy": "B", "ru": "C"},
        "contested_names",
        {"az": "A", "hy": "B", "ru": "C"},
    ),
    ("properties.contested_names", ["A", "B"], "contested_names", ["A", "B"]),
    (
        "properties.contested_names",
        {"az": "A", "hy": "B", "ru": "C"},
        "contested_names",
        {"az": "A", "hy": "B", "ru": "C"},
    ),
    (
        "properties.contested_names",
        {"az": "A", "hy": "B", "hy_ru": " "},
        "contested_names",
        {"az": "A", "hy": "B", "hy_ru": " "},
    ),
    ("properties.source_paragraphs", [0], "source_paragraphs", [0]),
    ("properties.source_paragraphs", [ARTICLE_PARAGRAPHS + 1], "source_paragraphs", [ARTICLE_PARAGRAPHS + 1]),
    ("properties.source_paragraphs", [1, "2"], "source_paragraphs", [1, "2"]),
    ("properties.source_paragraphs", [True], "source_paragraphs", [True]),
    ("properties.source_paragraphs", [1.0], "source_paragraphs", [1.0]),
    ("properties.source_paragraphs", "1", "source_paragraphs", "1"),
    ("properties.note", "", "note", ""),
    ("properties.note", 3, "note", 3),
    ("type", "Point", "type", "Point"),
    ("geometry", None, "geometry", None),
    ("geometry", {"type": "LineString", "coordinates": [[47, 40], [48, 41]]}, "geometry", "LineString"),
    ("geometry.type", "Circle", "geometry", "Circle"),
    ("geometry.coordinates", [181, 40], "geometry", [181.0, 40.0]),
    ("geometry.coordinates", [47, 91], "geometry", [47.0, 91.0]),
    ("geometry.coordinates", [-180.5, 0], "geometry", [-180.5, 0.0]),
    ("geometry.coordinates", [math.inf, 40], "geometry", [math.inf, 40.0]),
    ("geometry.coordinates", [math.nan, 40], "geometry", ANY),
    ("geometry.coordinates", [47, "40"], "geometry", ANY),
    ("geometry.coordinates", [47], "geometry", ANY),
    ("geometry.coordinates", [], "geometry", ANY),
    ("geometry.coordinates", None, "geometry", ANY),
]


@pytest.mark.parametrize(("path", "value", "field", "echoed"), BAD_PLACE_CHANGES)
def test_bad_place_values_are_reported(path: str, value: object, field: str, echoed: object) -> None:
    feature = changed(TOWN, path, value)
    problems = check_place(SOURCE, INDEX, feature)
    props = feature.get("properties") or {}
    assert_reported(problems, field, echoed, props.get("id") if field != "type" else None)


def test_a_corridor_must_be_schematic_and_a_line() -> None:
    assert check_place(SOURCE, INDEX, CORRIDOR) == []
    exact = check_place(SOURCE, INDEX, changed(CORRIDOR, "properties.precision", "exact"))
    assert_reported(exact, "precision", "exact", "west-corridor")
    assert "schematic" in str(matching(exact, "precision", "exact")[0])
    point = changed(CORRIDOR, "geometry", {"type": "Point", "coordinates": [45, 39]})
    assert_reported(check_place(SOURCE, INDEX, point), "geometry", "Point", "west-corridor")
    multi = changed(CORRIDOR, "geometry", {"type": "MultiLineString", "coordinates": [[[45, 39], [46, 39.5]]]})
    assert check_place(SOURCE, INDEX, multi) == []


@pytest.mark.parametrize("feature", [None, "Feature", ["Feature"], 5])
def test_a_feature_that_is_not_an_object_is_reported(feature: object) -> None:
    problems = check_place(SOURCE, INDEX, feature)
    assert_reported(problems, "type", feature, None)


@pytest.mark.parametrize("properties", [None, [], "northtown"])
def test_properties_that_are_not_an_object_are_reported(properties: object) -> None:
    problems = check_place(SOURCE, INDEX, changed(TOWN, "properties", properties))
    assert matching(problems, "properties", properties)
    assert f"feature {INDEX}" in str(matching(problems, "properties", properties)[0])


def test_every_bad_field_of_one_feature_is_reported_at_once() -> None:
    feature = changed(
        changed(changed(TOWN, "properties.kind", "village"), "properties.name", ""), "geometry.coordinates", [200, 0]
    )
    fields = {p.field for p in check_place(SOURCE, INDEX, feature)}
    assert {"kind", "name", "geometry"} <= fields


# --- events -------------------------------------------------------------------------------


def test_fixture_events_are_valid() -> None:
    for index, feature in enumerate(EVENTS):
        assert check_event(SOURCE, index, feature, PLACE_IDS) == []


GOOD_EVENT_CHANGES = [
    ("properties.end_date", "2020-10-10"),
    ("properties.end_date", "2020-12-31"),
    ("properties.end_date", None),
    ("properties.casualties", None),
    ("properties.casualties", MISSING),
    ("properties.casualties", {"injured": 70, "reported_by": "A ministry"}),
    ("properties.casualties", {"killed": 0, "reported_by": "A ministry"}),
    ("properties.casualties", {"killed": 1, "injured": None, "reported_by": "A ministry"}),
    ("properties.source_paragraphs", [ARTICLE_PARAGRAPHS]),
    ("properties.places", ["northtown", "southcity", "east-land", "west-corridor"]),
    ("geometry", {"type": "MultiPoint", "coordinates": [[46.5, 39.5], [47, 40]]}),
    (
        "geometry",
        {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Point", "coordinates": [46.5, 39.5]},
                {"type": "MultiPoint", "coordinates": [[47, 40]]},
            ],
        },
    ),
    *[("properties.category", category) for category in schema.CATEGORIES],
    # Translations are optional: absent (the fixture has none), null or given.
    ("properties.title_az", "Şəhərə zərbə"),
    ("properties.summary_hy", "Հրթիռները հարվածեցին քաղաքին։"),
    ("properties.source_claim_ru", "В статье говорится (наш перевод английского пересказа): …"),
    ("properties.title_ru", None),
    ("properties.casualties", {"killed": 1, "reported_by": "A ministry", "reported_by_hy": "Նախարարություն"}),
]


@pytest.mark.parametrize(("path", "value"), GOOD_EVENT_CHANGES)
def test_good_event_values_pass(path: str, value: object) -> None:
    assert check_event(SOURCE, INDEX, changed(STRIKE, path, value), PLACE_IDS) == []


@pytest.mark.parametrize(
    ("date", "precision"),
    [("2020-10", "month"), ("1885", "year"), ("2020-02-29", "day"), ("2020-02", "month")],
)
def test_good_dates_of_each_precision_pass(date: str, precision: str) -> None:
    feature = changed(changed(STRIKE, "properties.date", date), "properties.date_precision", precision)
    assert check_event(SOURCE, INDEX, feature, PLACE_IDS) == []


BAD_EVENT_CHANGES = [
    ("properties.id", "City Strike", "id", "City Strike"),
    ("properties.date_precision", MISSING, "date_precision", None),
    ("properties.date_precision", "week", "date_precision", "week"),
    ("properties.date_precision", "Day", "date_precision", "Day"),
    ("properties.date", MISSING, "date", None),
    ("properties.date", "2020-13-01", "date", "2020-13-01"),
    ("properties.date", "2020-02-30", "date", "2020-02-30"),
    ("properties.date", "2021-02-29", "date", "2021-02-29"),
    ("properties.date", "2020-1-1", "date", "2020-1-1"),
    ("properties.date", "20201010", "date", "20201010"),
    ("properties.date", "2020-10-10T00:00", "date", "2020-10-10T00:00"),
    ("properties.date", "2020-10", "date", "2020-10"),
    ("properties.date", "yesterday", "date", "yesterday"),
    ("properties.date", 20201010, "date", 20201010),
    ("properties.date", "2020-10-10\n", "date", "2020-10-10\n"),
    ("properties.end_date", "2020-10-09", "end_date", "2020-10-09"),
    ("properties.end_date", "2020-11", "end_date", "2020-11"),
    ("properties.end_date", "tomorrow", "end_date", "tomorrow"),
    ("properties.end_date", "2020-10-11 ", "end_date", "2020-10-11 "),
    ("properties.end_date", 5, "end_date", 5),
    ("properties.title", MISSING, "title", None),
    ("properties.title", "", "title", ""),
    ("properties.title", " \n", "title", " \n"),
    ("properties.title", 5, "title", 5),
    ("properties.title", "x" * (MAX_TEXT + 1), "title", "x" * (MAX_TEXT + 1)),
    ("properties.summary", MISSING, "summary", None),
    ("properties.summary", ["Rockets"], "summary", ["Rockets"]),
    ("properties.category", MISSING, "category", None),
    ("properties.category", "battle", "category", "battle"),
    ("properties.category", "Strike", "category", "Strike"),
    ("properties.places", MISSING, "places", None),
    ("properties.places", "southcity", "places", "southcity"),
    ("properties.places", ["southcity", ""], "places", ["southcity", ""]),
    ("properties.places", ["atlantis"], "places", "atlantis"),
    ("properties.source_paragraphs", MISSING, "source_paragraphs", None),
    ("properties.source_paragraphs", [], "source_paragraphs", []),
    ("properties.source_paragraphs", [0], "source_paragraphs", [0]),
    ("properties.source_paragraphs", [99], "source_paragraphs", [99]),
    ("properties.source_paragraphs", ["3"], "source_paragraphs", ["3"]),
    ("properties.source_paragraphs", [True], "source_paragraphs", [True]),
    ("properties.source_claim", MISSING, "source_claim", None),
    ("properties.source_claim", "", "source_claim", ""),
    ("properties.title_az", "", "title_az", ""),
    ("properties.summary_hy", ["Հրթիռներ"], "summary_hy", ["Հրթիռներ"]),
    ("properties.source_claim_ru", "a\x00b", "source_claim_ru", "a\x00b"),
    ("properties.casualties.qualifier_az", "", "casualties.qualifier_az", ""),
    ("properties.casualties", [], "casualties", []),
    ("properties.casualties", "3 killed", "casualties", "3 killed"),
    ("properties.casualties", {"reported_by": "Officials"}, "casualties", {"reported_by": "Officials"}),
    ("properties.casualties.killed", -1, "casualties.killed", -1),
    ("properties.casualties.killed", True, "casualties.killed", True),
    ("properties.casualties.killed", 2.5, "casualties.killed", 2.5),
    ("properties.casualties.injured", "70", "casualties.injured", "70"),
    ("properties.casualties.reported_by", MISSING, "casualties.reported_by", None),
    ("properties.casualties.reported_by", " ", "casualties.reported_by", " "),
    ("properties.casualties.reported_by", 1, "casualties.reported_by", 1),
    ("properties.casualties.qualifier", 5, "casualties.qualifier", 5),
    ("geometry", None, "geometry", None),
    ("geometry", {"type": "Polygon", "coordinates": [[[47, 40], [48, 40], [48, 41], [47, 40]]]}, "geometry", "Polygon"),
    ("geometry", {"type": "LineString", "coordinates": [[47, 40], [48, 41]]}, "geometry", "LineString"),
    ("geometry.coordinates", [200, 0], "geometry", [200.0, 0.0]),
    (
        "geometry",
        {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [47, 95]}]},
        "geometry",
        [47.0, 95.0],
    ),
    ("geometry", {"type": "GeometryCollection", "geometries": ["Point"]}, "geometry", ANY),
]


@pytest.mark.parametrize(("path", "value", "field", "echoed"), BAD_EVENT_CHANGES)
def test_bad_event_values_are_reported(path: str, value: object, field: str, echoed: object) -> None:
    feature = changed(STRIKE, path, value)
    problems = check_event(SOURCE, INDEX, feature, PLACE_IDS)
    assert_reported(problems, field, echoed, feature["properties"].get("id"))


def test_end_date_before_date_says_which_date() -> None:
    problems = check_event(SOURCE, INDEX, changed(STRIKE, "properties.end_date", "2020-10-09"), PLACE_IDS)
    assert "is before date '2020-10-10'" in str(matching(problems, "end_date", "2020-10-09")[0])


def test_an_unknown_place_is_named_in_the_message() -> None:
    problems = check_event(SOURCE, INDEX, changed(STRIKE, "properties.places", ["southcity", "atlantis"]), PLACE_IDS)
    assert [p.value for p in problems] == ["atlantis"]
    assert "not the id of a place" in str(problems[0])


def test_without_place_ids_places_are_optional_and_not_cross_checked() -> None:
    assert check_event(SOURCE, INDEX, changed(STRIKE, "properties.places", MISSING), None) == []
    assert check_event(SOURCE, INDEX, changed(STRIKE, "properties.places", ["atlantis"]), None) == []


def test_uploads_need_no_source() -> None:
    no_source = changed(changed(STRIKE, "properties.source_paragraphs", MISSING), "properties.source_claim", MISSING)
    assert check_event(SOURCE, INDEX, no_source, None, require_source=False) == []
    bad = changed(STRIKE, "properties.source_paragraphs", [0])
    assert matching(check_event(SOURCE, INDEX, bad, None, require_source=False), "source_paragraphs", [0])


def test_max_paragraph_follows_the_text() -> None:
    feature = changed(STRIKE, "properties.source_paragraphs", [40])
    assert check_event(SOURCE, INDEX, feature, PLACE_IDS, max_paragraph=40) == []
    assert matching(check_event(SOURCE, INDEX, feature, PLACE_IDS, max_paragraph=39), "source_paragraphs", [40])


# --- messages -----------------------------------------------------------------------------


def test_problem_message_names_everything() -> None:
    problem = Problem("events.geojson", 16, "missile-strike", "end_date", "2020-10-01", "is before date")
    assert str(problem) == (
        "events.geojson: feature 16 (id 'missile-strike'): field 'end_date' = '2020-10-01': is before date"
    )


@pytest.mark.parametrize(("index", "feature_id", "where"), [
    (None, None, "f.geojson: field"),
    (0, None, "f.geojson: feature 0: field"),
    (0, "", "f.geojson: feature 0: field"),
    (2, 7, "f.geojson: feature 2 (id 7): field"),
])  # fmt: skip
def test_problem_message_leaves_out_what_is_unknown(index: int | None, feature_id: object, where: str) -> None:
    assert str(Problem("f.geojson", index, feature_id, "x", 1, "bad")).startswith(where)


def test_long_values_are_shortened_in_messages() -> None:
    message = str(Problem("f", 0, "a", "title", "y" * 10_000, "too long"))
    assert "'yyyy" in message and "…" in message
    assert len(message) < 200


# --- collections and duplicates ----------------------------------------------------------


def test_check_collection_returns_the_features() -> None:
    features, problems = check_collection(SOURCE, {"type": "FeatureCollection", "features": PLACES})
    assert (features, problems) == (PLACES, [])


@pytest.mark.parametrize(("data", "field", "echoed"), [
    ([], "type", "list"),
    ("text", "type", "str"),
    (None, "type", "NoneType"),
    ({"type": "Feature"}, "type", "Feature"),
    ({}, "type", None),
    ({"type": "FeatureCollection"}, "features", None),
    ({"type": "FeatureCollection", "features": {}}, "features", {}),
])  # fmt: skip
def test_check_collection_rejects_other_shapes(data: object, field: str, echoed: object) -> None:
    features, problems = check_collection(SOURCE, data)
    assert features == []
    assert [(p.field, p.value) for p in problems] == [(field, echoed)]
    assert str(problems[0]).startswith(f"{SOURCE}: field {field!r} = {echoed!r}")


def test_duplicate_ids_name_both_features() -> None:
    features = [changed(TOWN, "properties.id", fid) for fid in ("a", "b", "a", "a")] + [None, {"properties": None}]
    problems = schema.duplicate_ids(SOURCE, features)
    assert [(p.index, p.value) for p in problems] == [(2, "a"), (3, "a")]
    assert all("repeats the id of feature 0" in str(p) for p in problems)
    assert str(problems[0]).startswith(f"{SOURCE}: feature 2 (id 'a'): field 'id'")


def test_unique_ids_are_fine() -> None:
    assert schema.duplicate_ids(SOURCE, PLACES) == []


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "precision", "expected"), [
    ("2020-10-28", "day", dt.date(2020, 10, 28)),
    ("2020-02-29", "day", dt.date(2020, 2, 29)),
    ("2000-02-29", "day", dt.date(2000, 2, 29)),
    ("0001-01-01", "day", dt.date(1, 1, 1)),
    ("2020-10", "month", dt.date(2020, 10, 1)),
    ("2020-12", "month", dt.date(2020, 12, 1)),
    ("1885", "year", dt.date(1885, 1, 1)),
])  # fmt: skip
def test_parse_date_good(value: str, precision: str, expected: dt.date) -> None:
    assert schema.parse_date(value, precision) == expected


@pytest.mark.parametrize(("value", "precision"), [
    ("2021-02-29", "day"),
    ("1900-02-29", "day"),
    ("2020-13-01", "day"),
    ("2020-00-10", "day"),
    ("2020-10-32", "day"),
    ("2020-10-00", "day"),
    ("2020-1-1", "day"),
    ("20201028", "day"),
    ("2020-10", "day"),
    ("2020-10-28T00:00", "day"),
    (" 2020-10-28", "day"),
    ("2020-10-28\n", "day"),
    ("２０２０-10-28", "day"),  # full-width digits
    ("yesterday", "day"),
    ("", "day"),
    (None, "day"),
    (20201028, "day"),
    ("2020-10-28", "month"),
    ("2020", "month"),
    ("2020-13", "month"),
    ("2020-00", "month"),
    ("0000", "year"),
    ("85", "year"),
    (1885, "year"),
    ("2020-10-28", "week"),
])  # fmt: skip
def test_parse_date_bad(value: object, precision: str) -> None:
    with pytest.raises(ValueError) as raised:
        schema.parse_date(value, precision)
    assert repr(value) in str(raised.value)


@pytest.mark.parametrize(("value", "precision", "expected"), [
    ("2020-10-28", "day", dt.date(2020, 10, 28)),
    ("2020-02", "month", dt.date(2020, 2, 29)),
    ("2000-02", "month", dt.date(2000, 2, 29)),
    ("2021-02", "month", dt.date(2021, 2, 28)),
    ("1900-02", "month", dt.date(1900, 2, 28)),
    ("2020-04", "month", dt.date(2020, 4, 30)),
    ("2020-12", "month", dt.date(2020, 12, 31)),
    ("2020-01", "month", dt.date(2020, 1, 31)),
    ("2020", "year", dt.date(2020, 12, 31)),
    ("1885", "year", dt.date(1885, 12, 31)),
])  # fmt: skip
def test_last_day(value: str, precision: str, expected: dt.date) -> None:
    assert schema.last_day(value, precision) == expected


@pytest.mark.parametrize(("value", "precision"), [("2020-13", "month"), ("2020", "day"), ("soon", "year")])
def test_last_day_bad(value: str, precision: str) -> None:
    with pytest.raises(ValueError, match="soon|2020"):
        schema.last_day(value, precision)


# --- in the reader's language ----------------------------------------------------------------

BAD_FEATURES = [
    *[("event", changed(STRIKE, path, value)) for path, value, _, _ in BAD_EVENT_CHANGES],
    *[("place", changed(TOWN, path, value)) for path, value, _, _ in BAD_PLACE_CHANGES],
    ("event", changed(STRIKE, "properties.end_date", "2020-10-09")),
    ("event", changed(STRIKE, "properties.places", ["atlantis"])),
    ("event", changed(STRIKE, "properties.not_before", "2020-10-01")),
    ("event", changed(STRIKE, "properties.casualties", {"killed": -1, "qualifier": 5})),
    ("event", changed(STRIKE, "properties.title", "a\x07b")),
    ("event", "Feature"),
    ("event", changed(STRIKE, "properties", [])),
]


@pytest.mark.parametrize("lang", ["az", "hy", "ru"])
def test_every_problem_reads_in_the_readers_language_and_echoes_the_value(lang: str) -> None:
    """The Your data page shows a bad file's problems in the reader's language (they were English):
    every reason is translated, and the bad value is still echoed as given."""
    language = texts(lang)
    english = []
    for kind, feature in BAD_FEATURES:
        check = check_event if kind == "event" else check_place
        problems = check(SOURCE, INDEX, feature, PLACE_IDS) if kind == "event" else check(SOURCE, INDEX, feature)
        assert problems, feature
        for problem in problems:
            shown = problem.text(language)
            assert schema.short_repr(problem.value) in shown
            if language.message(problem.reason) == str(problem.reason):
                english.append(str(problem))
    assert english == []


def test_a_problem_in_russian_keeps_its_numbers_and_names() -> None:
    problems = check_event(SOURCE, INDEX, changed(STRIKE, "properties.end_date", "2020-10-09"), PLACE_IDS)
    assert problems[0].text(texts("ru")) == (
        f"{SOURCE}: объект {INDEX} (id 'city-strike'): поле 'end_date' = '2020-10-09': раньше даты date '2020-10-10'"
    )
