"""geo.model.timeline: which events are on show at a date, current or earlier, and stepping between event days."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from geo.model.timeline import EventIndex, step_day


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(f"2020-{text}")


# Sorted by start: a one-day event, a month-long one, a four-day ceasefire, another one-day event.
EVENTS = pd.DataFrame(
    {
        "id": ["clash", "talks", "truce", "strike"],
        "start": [day("10-01"), day("10-01"), day("10-05"), day("10-10")],
        "end": [day("10-01"), day("10-31"), day("10-08"), day("10-10")],
    }
)
INDEX = EventIndex.build(EVENTS)


def shown(date: dt.date, mode: str = "upto", window_days: int = 7) -> tuple[list[str], list[bool]]:
    positions, current = INDEX.shown(date, mode, window_days)
    return list(EVENTS["id"].to_numpy()[positions]), [bool(c) for c in current]


@pytest.mark.parametrize(("date", "ids", "current"), [
    ("09-30", [], []),
    ("10-01", ["clash", "talks"], [True, True]),
    ("10-04", ["clash", "talks"], [False, True]),
    ("10-05", ["clash", "talks", "truce"], [False, True, True]),
    ("10-08", ["clash", "talks", "truce"], [False, True, True]),  # the truce's last day
    ("10-09", ["clash", "talks", "truce"], [False, True, False]),
    ("10-10", ["clash", "talks", "truce", "strike"], [False, True, False, True]),
    ("11-15", ["clash", "talks", "truce", "strike"], [False, False, False, False]),
])  # fmt: skip
def test_upto_shows_everything_begun(date: str, ids: list[str], current: list[bool]) -> None:
    assert shown(day(date)) == (ids, current)


@pytest.mark.parametrize(("date", "window", "ids", "current"), [
    ("10-10", 1, ["talks", "strike"], [True, True]),
    ("10-10", 3, ["talks", "truce", "strike"], [True, False, True]),  # truce ended 10-08, inside 10-08..10-10
    ("10-10", 2, ["talks", "strike"], [True, True]),
    ("10-10", 7, ["talks", "truce", "strike"], [True, False, True]),
    ("10-10", 10, ["clash", "talks", "truce", "strike"], [False, True, False, True]),
    ("10-06", 1, ["talks", "truce"], [True, True]),
    ("11-15", 7, [], []),
    ("11-15", 60, ["clash", "talks", "truce", "strike"], [False, False, False, False]),
    ("10-10", 0, ["talks", "strike"], [True, True]),  # less than one day counts as one
    ("10-10", -5, ["talks", "strike"], [True, True]),
])  # fmt: skip
def test_window_shows_what_overlaps_the_last_days(date: str, window: int, ids: list[str], current: list[bool]) -> None:
    assert shown(day(date), "window", window) == (ids, current)


@pytest.mark.parametrize("mode", ["all", "", "UPTO", None])
def test_an_unknown_mode_raises(mode: object) -> None:
    with pytest.raises(ValueError, match=repr(mode)):
        INDEX.shown(day("10-10"), mode)


def test_build_refuses_unsorted_events() -> None:
    with pytest.raises(ValueError, match="sorted"):
        EventIndex.build(EVENTS.iloc[::-1])


def test_an_empty_index_shows_nothing() -> None:
    empty = EventIndex.build(EVENTS.iloc[:0])
    for mode in ("upto", "window"):
        positions, current = empty.shown(day("10-10"), mode)
        assert len(positions) == len(current) == 0
    assert empty.event_days(day("01-01"), day("12-31")) == []


def test_positions_index_rows() -> None:
    positions, current = INDEX.shown(day("10-10"))
    assert positions.dtype.kind == "i"
    assert current.dtype == np.bool_


@pytest.mark.parametrize(("lo", "hi", "days"), [
    ("09-01", "12-31", ["10-01", "10-05", "10-10"]),
    ("10-01", "10-10", ["10-01", "10-05", "10-10"]),
    ("10-02", "10-09", ["10-05"]),
    ("10-05", "10-05", ["10-05"]),
    ("11-01", "11-30", []),
])  # fmt: skip
def test_event_days_are_distinct_start_days(lo: str, hi: str, days: list[str]) -> None:
    assert INDEX.event_days(day(lo), day(hi)) == [day(d) for d in days]


DAYS = [day("10-01"), day("10-05"), day("10-10")]


@pytest.mark.parametrize(("current", "direction", "expected"), [
    ("10-01", 1, "10-05"),
    ("10-03", 1, "10-05"),
    ("09-01", 1, "10-01"),
    ("10-10", 1, None),  # the last day: nothing later
    ("12-01", 1, None),
    ("10-10", -1, "10-05"),
    ("10-07", -1, "10-05"),
    ("12-01", -1, "10-10"),
    ("10-01", -1, None),  # the first day: nothing earlier
    ("09-01", -1, None),
])  # fmt: skip
def test_step_day(current: str, direction: int, expected: str | None) -> None:
    assert step_day(DAYS, day(current), direction) == (day(expected) if expected else None)


def test_step_day_without_days() -> None:
    assert step_day([], day("10-10"), 1) is None
    assert step_day([], day("10-10"), -1) is None


@pytest.fixture(scope="module")
def article():
    from geo.model.loader import load_dataset
    from geo.model.prepare import prepare

    return prepare(load_dataset())


@pytest.mark.parametrize(
    ("era", "date", "mode", "window", "layers", "expected"),
    [
        ("war", "2020-10-28", "upto", 7, ("strike",), {"Missile strike on Barda"}),
        ("war", "2020-09-26", "upto", 7, ("strike", "armed-clash"), set()),
        ("war", "2020-11-10", "window", 1, ("agreement",), "agreement"),
        ("background", "2020-11-10", "upto", 7, ("context",), "background"),
    ],
)
def test_a_view_lists_the_rows_of_its_era_date_mode_and_layers(article, era, date, mode, window, layers, expected):
    from geo.model.timeline import rows_on_show
    from geo.model.viewstate import ViewState

    view = ViewState(
        date=dt.date.fromisoformat(date), era=era, event=None, layers=layers, mode=mode, window=window, naming="en"
    )
    rows = article.events.iloc[rows_on_show(article, view)]
    assert set(rows["category"]) <= set(layers)
    if expected == "background":
        assert len(rows) and (rows["era"] == "background").all()
    elif expected == "agreement":
        assert list(rows["start"]) == [dt.date(2020, 11, 10)] * len(rows) and len(rows) >= 1
    else:
        assert expected <= set(rows["title"]) and (rows["start"] <= dt.date.fromisoformat(date)).all()
        assert expected or rows.empty


def test_a_view_in_words_names_its_date_or_the_background_years(article) -> None:
    from geo.model.prepare import view_in_words
    from geo.model.viewstate import ViewState

    war = ViewState(date=dt.date(2020, 10, 28), era="war", event=None, layers=(), mode="window", window=3, naming="en")
    assert view_in_words(article, war) == "28 October 2020 (last 3 days)"
    background = ViewState(
        date=dt.date(2020, 10, 28), era="background", event=None, layers=(), mode="upto", window=7, naming="en"
    )
    assert view_in_words(article, background)[:4].isdigit()
