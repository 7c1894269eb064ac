"""geo.model.loader (reading, validating and loading) and the `python -m geo validate` command line."""

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.model.loader import (
    EVENT_COLUMNS,
    PLACE_COLUMNS,
    load_dataset,
    load_events,
    load_places,
    read_geojson,
    validate_file,
)
from geo.model.schema import PLACE_TRANSLATION_FIELDS, TRANSLATION_FIELDS, DataError

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHIPPED_PLACES = REPO / "data" / "places.geojson"
SHIPPED_EVENTS = REPO / "data" / "events.geojson"


@pytest.fixture
def dataset_files(tmp_path: Path) -> tuple[Path, Path]:
    """The small fixture pair, copied so a test may break it."""
    places = tmp_path / "places.geojson"
    events = tmp_path / "events.geojson"
    shutil.copy(FIXTURES / "unit_places.geojson", places)
    shutil.copy(FIXTURES / "unit_events.geojson", events)
    return places, events


def edit_feature(path: Path, feature_id: str, **properties: object) -> int:
    """Sets properties of one feature in a GeoJSON file; returns the feature's index."""
    data = json.loads(path.read_text(encoding="utf-8"))
    index = next(i for i, f in enumerate(data["features"]) if f["properties"]["id"] == feature_id)
    data["features"][index]["properties"].update(properties)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return index


# --- read_geojson -------------------------------------------------------------------------


def test_read_geojson_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.geojson"
    with pytest.raises(DataError) as raised:
        read_geojson(missing)
    assert [p.field for p in raised.value.problems] == ["file"]
    assert str(missing) in str(raised.value)
    assert "does not exist" in str(raised.value)


def test_read_geojson_uses_the_label(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"^uploaded events: field 'file'"):
        read_geojson(tmp_path / "nowhere.geojson", label="uploaded events")


@pytest.mark.parametrize(("text", "line", "column"), [
    ('{"type": "FeatureCollection",\n "features": [,]}', 2, 15),
    ('{"type": "FeatureCollection"', 1, 29),
    ("", 1, 1),
    ("{'type': 'FeatureCollection'}", 1, 2),
])  # fmt: skip
def test_read_geojson_invalid_json_names_line_and_column(tmp_path: Path, text: str, line: int, column: int) -> None:
    path = tmp_path / "bad.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        read_geojson(path)
    message = str(raised.value)
    assert message.startswith(str(path))
    assert f"line {line} column {column}" in message
    assert "invalid JSON" in message


def test_read_geojson_unreadable_files(tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.geojson"
    latin1.write_bytes(b'{"name": "B\xe6rd\xe6"}')
    for path in (latin1, tmp_path):
        with pytest.raises(DataError, match="cannot be read"):
            read_geojson(path)


@pytest.mark.parametrize("data", [[], {"type": "Feature"}, {"type": "FeatureCollection", "features": {}}, "x"])
def test_loading_something_other_than_a_feature_collection_fails(tmp_path: Path, data: object) -> None:
    path = tmp_path / "other.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_places(path)
    assert str(raised.value).startswith(str(path))
    assert {p.field for p in raised.value.problems} <= {"type", "features"}


# --- load_dataset -------------------------------------------------------------------------


def test_load_dataset_on_the_fixture(dataset_files: tuple[Path, Path]) -> None:
    places, events = load_dataset(*dataset_files)
    assert list(places.columns) == [*PLACE_COLUMNS, *PLACE_TRANSLATION_FIELDS, "geometry"]
    assert list(events.columns) == [*EVENT_COLUMNS, *TRANSLATION_FIELDS, "start", "end", "geometry"]
    assert places.crs == events.crs == "EPSG:4326"
    assert list(places["id"]) == ["northtown", "southcity", "east-land", "west-corridor"]
    # Sorted by start date; ties: a stated day_order, then known to the day first, then id.
    assert list(events["id"]) == ["old-treaty", "border-clash", "month-talks", "truce", "city-strike"]
    assert list(events["start"]) == sorted(events["start"])
    by_id = events.set_index("id")
    assert by_id.loc["old-treaty", "start"] == dt.date(1900, 1, 1)
    assert by_id.loc["old-treaty", "end"] == dt.date(1900, 12, 31)
    assert by_id.loc["month-talks", "end"] == dt.date(2020, 10, 31)
    assert by_id.loc["truce", "start"] == dt.date(2020, 10, 5)
    assert by_id.loc["truce", "end"] == dt.date(2020, 10, 8)
    assert by_id.loc["city-strike", "end"] == dt.date(2020, 10, 10)
    assert all(isinstance(d, dt.date) for d in [*events["start"], *events["end"]])


def test_absent_optional_fields_become_none_or_empty(dataset_files: tuple[Path, Path]) -> None:
    places, events = load_dataset(*dataset_files)
    place = places.set_index("id")
    assert place.loc["southcity", "contested_names"] is None
    assert place.loc["southcity", "source_paragraphs"] == []
    assert place.loc["east-land", "note"] is None
    assert place.loc["northtown", "geonames_id"] == 1000001
    event = events.set_index("id")
    assert event.loc["border-clash", "end_date"] is None
    assert event.loc["border-clash", "casualties"] is None
    assert event.loc["city-strike", "casualties"]["killed"] == 3
    assert event.loc["truce", "places"] == ["northtown", "southcity"]


def test_an_event_naming_an_unknown_place_fails(dataset_files: tuple[Path, Path]) -> None:
    places, events = dataset_files
    index = edit_feature(events, "truce", places=["northtown", "atlantis"])
    with pytest.raises(DataError) as raised:
        load_dataset(places, events)
    message = str(raised.value)
    assert message.startswith(f"{events}: feature {index} (id 'truce'): field 'places' = 'atlantis'")


def test_a_bad_places_file_stops_the_load(dataset_files: tuple[Path, Path]) -> None:
    places, events = dataset_files
    index = edit_feature(places, "southcity", kind="village")
    with pytest.raises(DataError, match=rf"feature {index} \(id 'southcity'\): field 'kind' = 'village'"):
        load_dataset(places, events)


def test_an_empty_events_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    events = load_events(path, set())
    assert len(events) == 0
    assert {"id", "start", "end", "geometry"} <= set(events.columns)


# --- validate_file ------------------------------------------------------------------------


def test_validate_file_accepts_the_fixture(dataset_files: tuple[Path, Path]) -> None:
    places, events = dataset_files
    assert validate_file(places) == []
    assert validate_file(events, places_path=places) == []


def test_validate_file_recognises_a_places_file(dataset_files: tuple[Path, Path]) -> None:
    places, _ = dataset_files
    edit_feature(places, "east-land", kind="planet")
    assert [(p.field, p.value) for p in validate_file(places)] == [("kind", "planet")]


def test_validate_file_checks_events_against_the_places(dataset_files: tuple[Path, Path]) -> None:
    places, events = dataset_files
    edit_feature(events, "city-strike", places=["atlantis"])
    assert [(p.field, p.value) for p in validate_file(events, places_path=places)] == [("places", "atlantis")]


def test_validate_file_reports_instead_of_raising(tmp_path: Path, dataset_files: tuple[Path, Path]) -> None:
    _, events = dataset_files
    missing = validate_file(tmp_path / "nowhere.geojson")
    assert [p.field for p in missing] == ["file"]
    no_places = validate_file(events, places_path=tmp_path / "no-places.geojson")
    assert "no-places.geojson" in str(no_places[0])


# --- python -m geo validate ---------------------------------------------------------------


def run_validate(*paths: Path, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "MAP_DATA_DIR"}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "geo", "validate", *map(str, paths)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_accepts_the_shipped_data() -> None:
    result = run_validate()
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": valid") == 2


def test_cli_does_not_depend_on_the_working_directory(tmp_path: Path) -> None:
    result = run_validate(cwd=tmp_path)
    assert result.returncode == 0, result.stderr


BROKEN_EVENTS = [
    ("missile-strike-on-barda", "end_date", "2020-10-27"),
    ("missile-strike-on-barda", "source_paragraphs", [99]),
    ("azerbaijani-forces-take-shusha", "places", ["atlantis"]),
    ("ceasefire-2020-10-18", "date", "2020-10-32"),
    ("ceasefire-2020-10-18", "category", "truce"),
]


@pytest.fixture(scope="module")
def broken_events_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list, subprocess.CompletedProcess]:
    """One CLI run over a broken copy of the shipped events per case (one process start, not five)."""
    folder = tmp_path_factory.mktemp("broken-events")
    copies = []
    for number, (feature_id, field, bad) in enumerate(BROKEN_EVENTS):
        broken = folder / f"events-{number}.geojson"
        shutil.copy(SHIPPED_EVENTS, broken)
        copies.append((broken, edit_feature(broken, feature_id, **{field: bad})))
    return copies, run_validate(*(path for path, _ in copies))


@pytest.mark.parametrize("case", range(len(BROKEN_EVENTS)), ids=[f"{c[1]}={c[2]!r}" for c in BROKEN_EVENTS])
def test_cli_rejects_a_broken_events_file(broken_events_run, case: int) -> None:
    copies, result = broken_events_run
    feature_id, field, bad = BROKEN_EVENTS[case]
    broken, index = copies[case]
    assert result.returncode != 0
    assert f"{broken}: 1 problem(s)" in result.stderr
    echoed = bad[0] if field == "places" else bad  # places are checked one by one
    expected = f"{broken}: feature {index} (id {feature_id!r}): field {field!r} = {echoed!r}"
    assert expected in result.stderr, result.stderr


def test_cli_rejects_a_broken_places_file_and_reports_each_file(tmp_path: Path) -> None:
    broken = tmp_path / "places.geojson"
    shutil.copy(SHIPPED_PLACES, broken)
    index = edit_feature(broken, "shusha", kind="fortress")
    result = run_validate(SHIPPED_EVENTS, broken)
    assert result.returncode != 0
    assert f"{SHIPPED_EVENTS}: valid" in result.stdout
    assert f"{broken}: feature {index} (id 'shusha'): field 'kind' = 'fortress'" in result.stderr


def test_cli_rejects_a_missing_file(tmp_path: Path) -> None:
    result = run_validate(tmp_path / "nowhere.geojson")
    assert result.returncode != 0
    assert "does not exist" in result.stderr


@pytest.mark.parametrize(
    ("attribution", "expected"),
    [("Places: GeoNames (CC BY 4.0)", "Places: GeoNames (CC BY 4.0)"), (None, None), (42, None)],
)
def test_the_places_attribution_comes_from_the_places_file(tmp_path: Path, attribution, expected) -> None:
    from geo.model.loader import places_attribution

    data = {"type": "FeatureCollection", "features": []} | ({} if attribution is None else {"attribution": attribution})
    path = tmp_path / "places.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert places_attribution(path) == expected
