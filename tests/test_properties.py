"""Property tests (hypothesis): whatever the input, the loaders, validators, upload mapping, text
extraction and URL-state parsing either work or raise `geo.model.schema.DataError` with a readable
message; nothing else escapes.

Inputs a property once found to break a rule are kept as explicit examples (the `*_FOUND` lists),
so they are tried on every run, not only when the search happens to meet them again.
"""

import datetime as dt
import json
import string
from pathlib import Path

import geopandas as gpd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from geo.io.text_input import read_text
from geo.io.upload import ACLED_COLUMNS, COLUMN_ALIASES, parse_upload
from geo.model.loader import (
    SHIPPED_DATA_DIR,
    load_dataset,
    load_events,
    load_places,
    parse_geojson,
    read_geojson,
    validate_file,
)
from geo.model.naming import NAMINGS
from geo.model.schema import CATEGORIES, SLUG_RE, DataError, Problem, check_event, check_place
from geo.model.session import UPLOAD_MODES, session_map_data
from geo.model.timeline import MODES
from geo.model.viewstate import ERAS, WINDOW_RANGE, parse_view
from geo.text.extract import extract, paragraph_spans
from geo.text.gazetteer import Gazetteer

# Each property stays well under a few seconds; the file runs in well under a minute.
FUZZ = settings(
    max_examples=150,
    deadline=None,
    database=None,  # nothing written into the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Each example writes and reads a file: fewer of them.
FILE_FUZZ = settings(FUZZ, max_examples=100)
# A message a person can read: it names where the problem is and stays short enough to read.
MAX_MESSAGE_CHARS = 600

# --- strategies ------------------------------------------------------------------------------

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**300, max_value=10**320)  # bigger than any float
    | st.floats()
    | st.text(max_size=12)
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=16,
)
NUMBERS = st.integers(-400, 400) | st.floats() | st.integers(min_value=10**300, max_value=10**320)
POSITIONS = st.lists(NUMBERS, min_size=0, max_size=4)
# Coordinates nested zero to three levels deep, as the GeoJSON geometry types nest them (or not).
COORDINATES = st.recursive(POSITIONS | NUMBERS, lambda inner: st.lists(inner, max_size=4), max_leaves=12)
GEOMETRY_TYPES = (
    "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection",
)  # fmt: skip
GEOMETRIES = st.recursive(
    st.fixed_dictionaries(
        {"type": st.sampled_from(GEOMETRY_TYPES) | st.text(max_size=6)},
        optional={"coordinates": COORDINATES | JSON_VALUES},
    ),
    lambda inner: st.fixed_dictionaries(
        {"type": st.just("GeometryCollection"), "geometries": st.lists(inner, max_size=3) | JSON_VALUES}
    ),
    max_leaves=4,
)
DATES = st.sampled_from(["2020-10-28", "2020-10", "2020", "2020-02-30", "0000", "2020-13", "99999-01-01"])
PROPERTY_VALUES = {
    "id": st.sampled_from(["barda", "shusha-shushi", "Bad Id", "", "a--b"]),
    "name": st.text(max_size=10),
    "names": st.fixed_dictionaries({"en": st.text(max_size=6)}, optional={"az": JSON_VALUES, "xx": JSON_VALUES}),
    "aliases": st.lists(st.text(max_size=6), max_size=3),
    "kind": st.sampled_from(["city", "corridor", "district", "planet"]),
    "precision": st.sampled_from(["exact", "approximate", "schematic", "vague"]),
    "geonames_id": st.integers(-5, 10**20) | st.booleans(),
    "contested_names": st.fixed_dictionaries({"az": st.text(max_size=6), "hy": st.text(max_size=6)}),
    "source_paragraphs": st.lists(st.integers(-2, 40) | st.booleans(), max_size=3),
    "note": st.text(max_size=10),
    "date": DATES | st.text(max_size=12),
    "date_precision": st.sampled_from(["day", "month", "year", "hour"]),
    "end_date": DATES,
    "title": st.text(max_size=10),
    "summary": st.text(max_size=10),
    "category": st.sampled_from([*CATEGORIES, "war"]),
    "places": st.lists(st.sampled_from(["barda", "shusha-shushi", "atlantis"]), max_size=3),
    "source_claim": st.text(max_size=10),
    "casualties": st.fixed_dictionaries(
        {}, optional={"killed": NUMBERS, "injured": NUMBERS, "reported_by": JSON_VALUES, "qualifier": JSON_VALUES}
    ),
}
# Each property either a plausible value for its field or anything JSON can hold.
PROPERTIES = st.fixed_dictionaries(
    {}, optional={name: values | JSON_VALUES for name, values in PROPERTY_VALUES.items()}
)
FEATURES = st.fixed_dictionaries(
    {"type": st.just("Feature") | JSON_VALUES},
    optional={"properties": PROPERTIES | JSON_VALUES, "geometry": GEOMETRIES | JSON_VALUES, "id": JSON_VALUES},
)


def collections(features: st.SearchStrategy) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {"type": st.just("FeatureCollection") | JSON_VALUES, "features": st.lists(features, max_size=4) | JSON_VALUES}
    )


def assert_readable(problems: list, source: str) -> None:
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem), problem
        message = str(problem)
        assert message.startswith(source), message
        assert len(message) <= len(source) + MAX_MESSAGE_CHARS, message[:300]


def assert_data_error(err: DataError, source: str) -> None:
    assert err.problems, "a DataError names at least one problem"
    assert_readable(err.problems, source)


# --- geo.model.schema: the checks return problems, never raise --------------------------------------

PLACE_CHECK_FOUND = [
    # A number too big for a float in the coordinates: OverflowError.
    {"type": "Feature", "properties": {"id": "a"}, "geometry": {"type": "Point", "coordinates": [10**400, 0]}},
    # A long id is repeated in full in every message of the feature (its value is shortened, its id not).
    {"type": "Feature", "properties": {"id": "Not a slug " * 100}, "geometry": None},
]
EVENT_CHECK_FOUND = [
    # `geometries` that is not a list: TypeError.
    {"type": "Feature", "properties": {"id": "a"}, "geometry": {"type": "GeometryCollection", "geometries": 1}},
    {"type": "Feature", "properties": {"id": "a"}, "geometry": {"type": "Point", "coordinates": [0, 10**400]}},
    # parse_date's reason repeats the whole value: a pasted paragraph in `date` gives a paragraph-long message.
    {"type": "Feature", "properties": {"id": "a", "date": "28 October 2020. " * 60, "date_precision": "day"}},
]


@pytest.mark.parametrize("feature", PLACE_CHECK_FOUND)
def test_check_place_reports_inputs_found_by_fuzzing(feature: dict) -> None:
    assert_readable(check_place("places.geojson", 0, feature), "places.geojson")


@pytest.mark.parametrize("feature", EVENT_CHECK_FOUND)
def test_check_event_reports_inputs_found_by_fuzzing(feature: dict) -> None:
    assert_readable(check_event("events.geojson", 0, feature, {"barda"}), "events.geojson")


@FUZZ
@given(feature=FEATURES | JSON_VALUES, max_paragraph=st.integers(1, 100))
def test_check_place_returns_problems_for_any_value(feature: object, max_paragraph: int) -> None:
    assert_readable(check_place("places.geojson", 3, feature, max_paragraph), "places.geojson")


@FUZZ
@given(
    feature=FEATURES | JSON_VALUES,
    place_ids=st.none() | st.just({"barda", "shusha-shushi"}),
    require_source=st.booleans(),
)
def test_check_event_returns_problems_for_any_value(feature: object, place_ids: set | None, require_source: bool):
    problems = check_event("events.geojson", 3, feature, place_ids, require_source=require_source)
    assert_readable(problems, "events.geojson")


# --- geo.model.loader: parsing and loading files raise only DataError ---------------------------------

JSON_TEXT_FOUND = [
    "[" * 100_000,  # nested deeper than the parser's recursion limit: RecursionError
    "1" * 5_000,  # an integer longer than Python converts (4,300 digits): ValueError
]
JSONISH = st.text(alphabet='[]{}":,.-+eE0123456789 truefalsn\\u\n', max_size=60)


@pytest.mark.parametrize("text", JSON_TEXT_FOUND, ids=["deep-nesting", "long-integer"])
def test_parse_geojson_reports_inputs_found_by_fuzzing(text: str) -> None:
    with pytest.raises(DataError) as caught:
        parse_geojson(text, "upload.geojson")
    assert_data_error(caught.value, "upload.geojson")


@FUZZ
@given(text=st.text() | JSONISH | st.builds(json.dumps, JSON_VALUES))
def test_parse_geojson_returns_json_or_raises_data_error(text: str) -> None:
    try:
        parse_geojson(text, "upload.geojson")
    except DataError as err:
        assert_data_error(err, "upload.geojson")


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FILE_FUZZ
@given(content=st.binary(max_size=200) | st.builds(str.encode, JSONISH))
def test_read_geojson_of_any_bytes_raises_only_data_error(fuzz_dir: Path, content: bytes) -> None:
    path = fuzz_dir / "any.geojson"
    path.write_bytes(content)
    try:
        read_geojson(path)
    except DataError as err:
        assert_data_error(err, str(path))


def test_read_geojson_names_a_missing_file(fuzz_dir: Path) -> None:
    path = fuzz_dir / "absent.geojson"
    with pytest.raises(DataError, match="absent.geojson.*does not exist"):
        read_geojson(path)


def a_place(geometry: object) -> dict:
    props = {"id": "a", "name": "A", "names": {"en": "A"}, "aliases": [], "kind": "city", "precision": "exact"}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def an_event(geometry: object) -> dict:
    props = {
        "id": "a", "date": "2020-10-28", "date_precision": "day", "title": "T", "summary": "S",
        "category": "strike", "places": [], "source_paragraphs": [1], "source_claim": "The article says S.",
    }  # fmt: skip
    return {"type": "Feature", "properties": props, "geometry": geometry}


# Geometries the checks accept whose nesting does not fit their type: shapely then raises.
LOAD_PLACES_FOUND = [
    a_place({"type": "Polygon", "coordinates": [[0, 0]]}),
    a_place({"type": "Point", "coordinates": [[1, 2], [3, 4]]}),
]
LOAD_EVENTS_FOUND = [
    an_event({"type": "MultiPoint", "coordinates": [1, 2]}),
    an_event({"type": "GeometryCollection", "geometries": [{"type": "Ring", "coordinates": [1, 2]}]}),
]


def load_file(loader, fuzz_dir: Path, features: object) -> None:
    path = fuzz_dir / "collection.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    try:
        frame = loader(path)
    except DataError as err:
        assert_data_error(err, str(path))
    else:
        assert isinstance(frame, gpd.GeoDataFrame)


@pytest.mark.parametrize("feature", LOAD_PLACES_FOUND)
def test_load_places_reports_inputs_found_by_fuzzing(fuzz_dir: Path, feature: dict) -> None:
    load_file(load_places, fuzz_dir, [feature])


@pytest.mark.parametrize("feature", LOAD_EVENTS_FOUND)
def test_load_events_reports_inputs_found_by_fuzzing(fuzz_dir: Path, feature: dict) -> None:
    load_file(load_events, fuzz_dir, [feature])


@FILE_FUZZ
@given(features=st.lists(FEATURES | st.builds(a_place, GEOMETRIES), max_size=3))
def test_load_places_of_any_collection_raises_only_data_error(fuzz_dir: Path, features: list) -> None:
    load_file(load_places, fuzz_dir, features)


@FILE_FUZZ
@given(features=st.lists(FEATURES | st.builds(an_event, GEOMETRIES), max_size=3))
def test_load_events_of_any_collection_raises_only_data_error(fuzz_dir: Path, features: list) -> None:
    load_file(load_events, fuzz_dir, features)


VALIDATE_FOUND = [
    b'{"type": "FeatureCollection", "features": 1}',  # TypeError: 'int' object is not subscriptable
    b'{"type": "FeatureCollection", "features": {"a": 1}}',  # KeyError: 0
]


@pytest.fixture(scope="module")
def one_place(fuzz_dir: Path) -> Path:
    """A places file with one place, "barda": validating events against it is quick."""
    path = fuzz_dir / "one-place.geojson"
    place = a_place({"type": "Point", "coordinates": [47.13, 40.38]})
    place["properties"]["id"] = "barda"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [place]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("content", VALIDATE_FOUND, ids=["features-number", "features-object"])
def test_validate_file_reports_inputs_found_by_fuzzing(fuzz_dir: Path, one_place: Path, content: bytes) -> None:
    path = fuzz_dir / "validate.geojson"
    path.write_bytes(content)
    assert_readable(validate_file(path, one_place), str(path))


@FILE_FUZZ
@given(content=st.binary(max_size=200) | st.builds(lambda v: json.dumps(v).encode(), collections(FEATURES)))
def test_validate_file_lists_problems_for_any_bytes(fuzz_dir: Path, one_place: Path, content: bytes) -> None:
    path = fuzz_dir / "validate.geojson"
    path.write_bytes(content)
    assert_readable(validate_file(path, one_place), str(path))


# --- geo.model.viewstate: any query gives a valid view ------------------------------------------------

BOUNDS = (dt.date(2020, 9, 27), dt.date(2021, 1, 11))
EVENT_IDS = ("missile-strike-on-barda", "ceasefire-2020-10-18")
PLACE_IDS = ("barda", "shusha-shushi")
VIEW_KEYS = ("date", "era", "event", "layers", "mode", "window", "names", "place")
PLAUSIBLE = st.sampled_from(
    [
        "2020-10-28",
        "2019-01-01",
        "2020-W44-3",
        "20201028",
        "２０２０-10-28",
        "2020-10-28\n",
        *ERAS,
        *MODES,
        *NAMINGS,
        *EVENT_IDS,
        *PLACE_IDS,
        *CATEGORIES,
        "strike,ceasefire",
        ",",
        " ",
        "0",
        "1",
        "60",
        "61",
        "007",
        "1e1",
        "٣",
        "x" * 201,
    ]
)
PARAM_VALUES = PLAUSIBLE | st.text(max_size=30)
QUERIES = st.dictionaries(
    st.sampled_from(VIEW_KEYS) | st.text(max_size=8),
    PARAM_VALUES | st.lists(PARAM_VALUES, max_size=3),
    max_size=8,
)


@FUZZ
@given(params=QUERIES)
def test_parse_view_gives_a_valid_view_for_any_query(params: dict) -> None:
    view = parse_view(
        params,
        bounds=BOUNDS,
        default_date=BOUNDS[1],
        event_ids=EVENT_IDS,
        categories=CATEGORIES,
        place_ids=PLACE_IDS,
    )
    assert BOUNDS[0] <= view.date <= BOUNDS[1]
    assert view.era in ERAS
    assert view.event is None or view.event in EVENT_IDS
    assert set(view.layers) <= set(CATEGORIES)
    assert list(view.layers) == [c for c in CATEGORIES if c in view.layers]  # category order, no repeats
    assert view.mode in MODES
    assert WINDOW_RANGE[0] <= view.window <= WINDOW_RANGE[1]
    assert view.naming in NAMINGS
    assert view.place is None or view.place in PLACE_IDS
    assert all(isinstance(n, str) and len(n) <= MAX_MESSAGE_CHARS for n in view.notices)


# --- geo.text.extract: any text, offsets always into the raw text ------------------------------------


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    # The shipped places only: the GeoNames index takes seconds to build and adds nothing to offsets.
    return Gazetteer(load_dataset().places, geonames=False)


ARTICLE_WORDS = [
    "Shusha", "Shushi", "Nagorno-", "Karabakh", "Baku", "Armenia", "Azerbaijan", "Lachin", "Berdzor",
    "President", "Ilham", "Aliyev", "On", "May", "5", "2020", "November", "8", "10th", "of", "the", "in",
    "1994", ".", ",", "-", " ", "  ", "\n", "\n\n", "\r\n", "\u00ad", "\u200b", "ﬁ", "“", "’", "с", "А",
    "\u00a0", "\u2028", "Ⅻ", "ǅ", "İ", "ß", "\U0001f5fa", "e\u0301",
]  # fmt: skip
TEXTS = st.text(max_size=200) | st.lists(st.sampled_from(ARTICLE_WORDS), max_size=60).map("".join)


def check_extraction(raw: str, gazetteer: Gazetteer) -> None:
    result = extract(raw, gazetteer)
    paragraphs = max(1, len(paragraph_spans(raw)))
    for item in [*result.mentions, *result.dates]:
        assert 0 <= item.start < item.end <= len(raw), item
        assert raw[item.start : item.end] == item.text, item
        assert 1 <= item.paragraph <= paragraphs, item
    for sentence in result.dated_sentences:
        assert 0 <= sentence.start < sentence.end <= len(raw), sentence
        assert 1 <= sentence.paragraph <= paragraphs, sentence
    for place in result.places:
        assert place.count == sum(m.place_id == place.place_id for m in result.mentions)


@FUZZ
@given(raw=TEXTS)
def test_extract_keeps_offsets_in_the_raw_text_for_any_text(gazetteer: Gazetteer, raw: str) -> None:
    check_extraction(raw, gazetteer)


# --- geo.io.upload: any file gives events and a per-row report, or one DataError ---------------------

SHIPPED_EVENTS = SHIPPED_DATA_DIR / "events.geojson"
CELL_SAMPLES = st.sampled_from(
    [
        "",
        " ",
        "2020-10-28",
        "28 October 2020",
        "Oct 28, 2020",
        "28-Oct-2020",
        "2020/10/28",
        "10/28/2020",
        "2020-10",
        "October 2020",
        "2020",
        "0000",
        "2020-02-30",
        "Smarch 3, 2020",
        "40.37",
        "47.12",
        "-91",
        "181",
        "nan",
        "inf",
        "1e999",
        "4,5",
        "12",
        "-3",
        "7.0",
        "1" * 400,
        "strike",
        "Battles",
        "Protests",
        "Explosions/Remote violence",
        "Government regains territory",
        "Agreement",
        "1",
        "2",
        "3",
        "POINT (47 40)",
        "POINT EMPTY",
        "LINESTRING (0 0, 1 1)",
        "POLYGON ((0 0, 1 1, 0 1, 0 0))",
        "POINT (",
        '["barda"]',
        '{"killed": 3, "reported_by": "x"}',
        '{"killed": -1}',
        "[1, 2]",
        "[",
        "a; b",
        "=1+1",
        "<script>alert(1)</script>",
        "`${x}`",
    ]
)
CELL_CHARACTERS = st.characters(blacklist_categories=["Cs"], blacklist_characters='"\r\n,;\t')
CELLS = CELL_SAMPLES | st.text(CELL_CHARACTERS, max_size=12)
PLAIN_HEADERS = sorted({alias for aliases in COLUMN_ALIASES.values() for alias in aliases})


def csv_text(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in '",;\t\n') else value

    return "\n".join(delimiter.join(cell(v) for v in line) for line in [header, *rows]) + "\n"


@st.composite
def plain_csvs(draw) -> bytes:
    header = draw(st.lists(st.sampled_from(PLAIN_HEADERS) | st.text(max_size=6), min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(CELLS, min_size=len(header), max_size=len(header) + 1), max_size=5))
    return csv_text(header, rows, draw(st.sampled_from([",", ";", "\t"]))).encode()


@st.composite
def acled_csvs(draw) -> bytes:
    header = draw(st.lists(st.sampled_from(ACLED_COLUMNS), min_size=4, max_size=12, unique=True))
    header = [*dict.fromkeys(["event_date", "event_type", "latitude", "longitude", *header])]
    rows = draw(st.lists(st.lists(CELLS, min_size=len(header), max_size=len(header)), max_size=5))
    return csv_text(header, rows).encode()


UPLOAD_GEOJSON = st.builds(
    lambda v: json.dumps(v).encode(),
    collections(FEATURES | st.builds(an_event, GEOMETRIES) | st.builds(a_place, GEOMETRIES)),
)
UPLOADS = st.one_of(
    st.tuples(plain_csvs(), st.just("events.csv")),
    st.tuples(acled_csvs(), st.just("acled.csv")),
    st.tuples(UPLOAD_GEOJSON, st.sampled_from(["events.geojson", "events.json"])),
    st.tuples(st.binary(max_size=300), st.sampled_from(["x.csv", "x.geojson", "x.txt", "noextension"])),
    st.tuples(st.text(max_size=200).map(str.encode), st.sampled_from(["x.csv", "x.json"])),
)


def collection_bytes(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


UPLOAD_FOUND = [
    # A fatalities count too big for a float: int(float("1" * 400)) raises OverflowError.
    pytest.param(b"date,latitude,longitude,killed\n2020-10-28,40.37,47.12," + b"1" * 400, "events.csv", id="count"),
    # The GeoJSON parser's recursion limit: RecursionError.
    pytest.param(b"[" * 100_000, "events.geojson", id="deep-json"),
    # An integer longer than Python converts (4,300 digits): ValueError from json.loads.
    pytest.param(b"1" * 5_000, "events.geojson", id="long-integer"),
    # An empty GeometryCollection passes check_event: the event is accepted with no place on the map.
    pytest.param(
        collection_bytes(an_event({"type": "GeometryCollection", "geometries": []})), "events.geojson", id="empty-place"
    ),
    # A geometry check_event accepts but shapely cannot build: ValueError from events_frame.
    pytest.param(
        collection_bytes(an_event({"type": "Point", "coordinates": [[1, 2], [3, 4]]})), "events.geojson", id="nesting"
    ),
]


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def check_upload(content: bytes, file_name: str, shipped) -> None:
    try:
        result = parse_upload(content, file_name)
    except DataError as err:
        assert_data_error(err, file_name)
        return
    assert len(result.events) + len(result.bad_rows) == result.rows
    assert all(p.row >= 1 for p in result.problems)
    assert all(p.field and p.reason and len(p.value) <= 80 for p in result.problems)
    assert list(result.report().columns) == ["Row", "Field", "Bad value", "Why"]
    events = result.events
    assert events["id"].is_unique and all(SLUG_RE.fullmatch(i) for i in events["id"])
    assert set(events["category"]) <= set(CATEGORIES)
    assert all(start <= end for start, end in zip(events["start"], events["end"], strict=True))
    # Every mapped row has somewhere to be on the map.
    assert not any(geometry is None or geometry.is_empty for geometry in events.geometry), list(events.geometry)
    if len(result.events):
        for mode in UPLOAD_MODES:
            data = session_map_data(shipped, result.events, mode)
            assert data.war_bounds[0] < data.war_bounds[1]


@pytest.mark.parametrize(("content", "file_name"), UPLOAD_FOUND)
def test_parse_upload_reports_inputs_found_by_fuzzing(content: bytes, file_name: str, shipped) -> None:
    check_upload(content, file_name, shipped)


@FUZZ
@given(upload=UPLOADS)
@example(upload=((FIXTURES / "acled_sample.csv").read_bytes(), "acled.csv"))
@example(upload=((FIXTURES / "user_events.csv").read_bytes(), "events.csv"))
@example(upload=(SHIPPED_EVENTS.read_bytes(), "events.geojson"))
def test_parse_upload_maps_rows_or_raises_data_error(upload: tuple[bytes, str], shipped) -> None:
    check_upload(*upload, shipped)


@FUZZ
@given(content=st.binary(max_size=300) | st.text(alphabet=string.printable, max_size=300).map(str.encode))
def test_read_text_returns_text_or_raises_data_error(content: bytes) -> None:
    try:
        text, notices = read_text(content, "notes.txt")
    except DataError as err:
        assert_data_error(err, "notes.txt")
    else:
        assert text.strip() and all(isinstance(n, str) for n in notices)
