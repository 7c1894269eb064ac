"""geo.model.viewstate: a view read from URL query parameters (never raising) and written back."""

import datetime as dt

import pytest

from geo.model.naming import NAMINGS
from geo.model.schema import CATEGORIES
from geo.model.viewstate import (
    DEFAULT_WINDOW,
    MAX_PARAM_LENGTH,
    ViewState,
    merge_engine_view,
    parse_step,
    parse_view,
    view_query,
)

BOUNDS = (dt.date(2020, 9, 27), dt.date(2021, 1, 11))
DEFAULT_DATE = BOUNDS[1]
EVENT_IDS = ("missile-strike-on-barda", "ceasefire-2020-10-18")
DEFAULT = ViewState(date=DEFAULT_DATE, layers=CATEGORIES)


def parse(params: dict) -> ViewState:
    return parse_view(params, bounds=BOUNDS, default_date=DEFAULT_DATE, event_ids=EVENT_IDS, categories=CATEGORIES)


def test_no_parameters_give_the_default_view() -> None:
    view = parse({})
    assert view == DEFAULT
    assert view.notices == ()
    assert (view.era, view.event, view.mode, view.window, view.naming) == ("war", None, "upto", DEFAULT_WINDOW, "en")


@pytest.mark.parametrize(("params", "field", "value"), [
    ({"date": "2020-10-28"}, "date", dt.date(2020, 10, 28)),
    ({"date": "2020-09-27"}, "date", BOUNDS[0]),
    ({"date": "2021-01-11"}, "date", BOUNDS[1]),
    ({"date": ["2020-10-01", "2020-10-28"]}, "date", dt.date(2020, 10, 28)),  # the last of repeated values
    ({"era": "background"}, "era", "background"),
    ({"era": "war"}, "era", "war"),
    ({"event": "missile-strike-on-barda"}, "event", "missile-strike-on-barda"),
    ({"layers": "strike,ceasefire"}, "layers", ("strike", "ceasefire")),
    ({"layers": "ceasefire,strike"}, "layers", ("strike", "ceasefire")),  # always in category order
    ({"layers": " strike , ceasefire "}, "layers", ("strike", "ceasefire")),
    ({"layers": "strike,strike"}, "layers", ("strike",)),
    ({"layers": ""}, "layers", ()),
    ({"layers": ",".join(CATEGORIES)}, "layers", CATEGORIES),
    ({"mode": "window"}, "mode", "window"),
    ({"mode": "upto"}, "mode", "upto"),
    ({"window": "1"}, "window", 1),
    ({"window": "14"}, "window", 14),
    ({"window": "60"}, "window", 60),
    ({"window": 5}, "window", 5),
    *[({"names": naming}, "naming", naming) for naming in NAMINGS],
])  # fmt: skip
def test_good_parameters(params: dict, field: str, value: object) -> None:
    view = parse(params)
    assert getattr(view, field) == value
    assert view.notices == ()


LONG = "9" * 10_000

BAD_PARAMS = [
    # (params, field that keeps its default, text the notice must contain)
    ({"date": "2020-13-01"}, "date", "'2020-13-01'"),
    ({"date": "2020-02-30"}, "date", "'2020-02-30'"),
    ({"date": "yesterday"}, "date", "'yesterday'"),
    ({"date": "2020-1-1"}, "date", "'2020-1-1'"),
    ({"date": "20201028"}, "date", "'20201028'"),
    ({"date": "2020-10-28T12:00"}, "date", "'2020-10-28T12:00'"),
    ({"date": " 2020-10-28"}, "date", "' 2020-10-28'"),
    ({"date": ""}, "date", "''"),
    # ISO week and ordinal dates: Python reads them, the static site's parser does not; neither may.
    ({"date": "2020-W44-3"}, "date", "'2020-W44-3'"),
    ({"date": "2020W443"}, "date", "'2020W443'"),
    ({"date": "2020-302"}, "date", "'2020-302'"),
    ({"date": "2020-10-2８"}, "date", "'2020-10-2８'"),  # a full-width digit
    ({"date": "2019-01-01"}, "date", "2019-01-01"),  # a real date outside the war
    ({"date": "2021-01-12"}, "date", "2021-01-12"),
    ({"date": ["2020-10-28", "garbage"]}, "date", "'garbage'"),
    ({"event": "atlantis"}, "event", "'atlantis'"),
    ({"event": "MISSILE-STRIKE-ON-BARDA"}, "event", "'MISSILE-STRIKE-ON-BARDA'"),
    ({"event": "<script>alert(1)</script>"}, "event", "'<script>alert(1)</script>'"),
    ({"mode": "all"}, "mode", "'all'"),
    ({"mode": ""}, "mode", "''"),
    ({"window": "0"}, "window", "'0'"),
    ({"window": "999"}, "window", "'999'"),
    ({"window": "abc"}, "window", "'abc'"),
    ({"window": "-3"}, "window", "'-3'"),
    ({"window": "7.5"}, "window", "'7.5'"),
    ({"window": ""}, "window", "''"),
    ({"window": "²"}, "window", "'²'"),  # a Unicode digit that int() refuses
    ({"window": ["5", "abc"]}, "window", "'abc'"),
    ({"names": "xx"}, "naming", "'xx'"),
    ({"names": "EN"}, "naming", "'EN'"),
    ({"era": "future"}, "era", "'future'"),
    ({"era": ""}, "era", "''"),
    *[({key: LONG}, field, f"Ignored {key}") for key, field in [
        ("date", "date"), ("era", "era"), ("event", "event"), ("layers", "layers"), ("mode", "mode"),
        ("window", "window"), ("names", "naming")]],
]  # fmt: skip


@pytest.mark.parametrize(("params", "field", "echo"), BAD_PARAMS)
def test_bad_parameters_fall_back_with_a_notice(params: dict, field: str, echo: str) -> None:
    view = parse(params)
    assert getattr(view, field) == getattr(DEFAULT, field)
    assert len(view.notices) == 1
    assert echo in view.notices[0]


def test_long_values_are_not_echoed_in_full() -> None:
    notice = parse({"event": LONG}).notices[0]
    assert str(MAX_PARAM_LENGTH) in notice
    assert len(notice) < 200


def test_a_long_but_allowed_value_is_shortened_in_the_notice() -> None:
    notice = parse({"event": "x" * MAX_PARAM_LENGTH}).notices[0]
    assert "'" + "x" * 39 + "…'" in notice
    assert "x" * 41 not in notice


def test_known_layers_are_kept_and_unknown_ones_named() -> None:
    view = parse({"layers": "strike,bombs,ceasefire"})
    assert view.layers == ("strike", "ceasefire")
    assert len(view.notices) == 1 and "'bombs'" in view.notices[0]


@pytest.mark.parametrize("layers", ["bombs", "Strike,shells"])
def test_only_unknown_layers_fall_back_to_every_layer(layers: str) -> None:
    # A mistyped link should not open an empty map: like every other bad value it takes the default.
    view = parse({"layers": layers})
    assert view.layers == CATEGORIES
    assert len(view.notices) == 1 and repr(layers.split(",")[0]) in view.notices[0]


def test_empty_layer_parts_keep_the_default() -> None:
    view = parse({"layers": ",,"})
    assert view.layers == CATEGORIES


def test_every_bad_value_at_once() -> None:
    view = parse(
        {"date": "2020-13-01", "era": "x", "event": "x", "layers": "strike,x", "mode": "x", "window": "x", "names": "x"}
    )
    assert len(view.notices) == 7
    assert view == ViewState(date=DEFAULT_DATE, layers=("strike",))


@pytest.mark.parametrize("value", [None, [], ()])
def test_empty_values_are_absent_values(value: object) -> None:
    view = parse(dict.fromkeys(("date", "era", "event", "layers", "mode", "window", "names"), value))
    assert view == DEFAULT
    assert view.notices == ()


ROUND_TRIP_STATES = [
    DEFAULT,
    ViewState(date=dt.date(2020, 10, 28), layers=CATEGORIES),
    ViewState(date=BOUNDS[0], layers=()),
    ViewState(date=dt.date(2020, 10, 28), event="missile-strike-on-barda", layers=("strike",)),
    ViewState(date=dt.date(2020, 11, 10), era="background", layers=("strike", "context"), naming="hy"),
    ViewState(date=dt.date(2020, 10, 18), mode="window", window=14, naming="az", layers=CATEGORIES),
    ViewState(date=dt.date(2020, 10, 18), mode="window", window=DEFAULT_WINDOW, naming="ru", layers=CATEGORIES),
]


@pytest.mark.parametrize("state", ROUND_TRIP_STATES)
def test_view_query_round_trips(state: ViewState) -> None:
    query = view_query(state, CATEGORIES)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in query.items())
    back = parse(query)
    assert back == state
    assert back.notices == ()


def test_view_query_leaves_defaults_out() -> None:
    assert view_query(DEFAULT, CATEGORIES) == {"date": DEFAULT_DATE.isoformat()}
    full = ViewState(
        date=dt.date(2020, 10, 28),
        era="background",
        event="e",
        layers=("strike",),
        mode="window",
        window=3,
        naming="hy",
    )
    assert view_query(full, CATEGORIES) == {
        "era": "background",
        "date": "2020-10-28",
        "event": "e",
        "layers": "strike",
        "mode": "window",
        "window": "3",
        "names": "hy",
    }


@pytest.mark.parametrize(("raw", "total", "step"), [("1", 5, 1), ("5", 5, 5), ("3", 9, 3)])
def test_a_slide_number_in_range_is_taken(raw: str, total: int, step: int) -> None:
    assert parse_step(raw, total) == (step, None)


@pytest.mark.parametrize("raw", ["0", "6", "-1", "2.0", "x", "", " 2", "٣", "9" * 5_000, "1" * 201, "2" + "0" * 30])
def test_a_bad_slide_number_falls_back_to_the_first_with_a_notice(raw: str) -> None:
    step, notice = parse_step(raw, 5)
    assert step == 1
    assert notice is not None and "showing slide 1 of 5" in notice
    assert len(notice) < 120  # a 5,000-digit value is shortened, never converted


SERVER_VIEW = {"date": "2020-10-01", "names": "hy", "layers": "strike", "mode": "window", "window": "7"}
ENGINE_VIEW = {"date": "2020-10-02", "event": "e5", "mode": "window", "window": "3"}


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        # The engine stepped the date while the sidebar changed the naming: both survive.
        (["date"], {"date": "2020-10-02", "names": "hy", "layers": "strike", "mode": "window", "window": "7"}),
        # A selection made in the map, the rest the server's.
        (
            ["event"],
            {"date": "2020-10-01", "event": "e5", "names": "hy", "layers": "strike", "mode": "window", "window": "7"},
        ),  # fmt: skip
        # The window's days come with the mode, and the other way round.
        (["window"], {"date": "2020-10-01", "names": "hy", "layers": "strike", "mode": "window", "window": "3"}),
        # All layers back on in the map: the key is absent from the engine's view, so the default.
        (["layers"], {"date": "2020-10-01", "names": "hy", "mode": "window", "window": "7"}),
        # A new era brings its date.
        (["era"], {"date": "2020-10-02", "names": "hy", "layers": "strike", "mode": "window", "window": "7"}),
        # Nothing changed in the map (a settle after a server view): the server's view stays.
        ([], {"date": "2020-10-01", "names": "hy", "layers": "strike", "mode": "window", "window": "7"}),
    ],
)
def test_an_engine_view_takes_only_what_the_engine_changed(changed: list[str], expected: dict[str, str]) -> None:
    assert merge_engine_view(SERVER_VIEW, ENGINE_VIEW, changed) == expected


@pytest.mark.parametrize("changed", [None, "date", 3, ["date", 4], {"date": True}])
def test_an_engine_view_without_a_list_of_changes_is_taken_whole(changed: object) -> None:
    assert merge_engine_view(SERVER_VIEW, ENGINE_VIEW, changed) == ENGINE_VIEW
