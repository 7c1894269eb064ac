"""Every date the data model allows (years 1 to 9999, to the day, month or year) goes through an
upload, the slider's bounds, the timeline, every file format and the static site without an
exception; the slider only ever gets days a date slider can hold."""

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.io.export import site_files, zip_site
from geo.io.formats import FORMATS, export
from geo.io.upload import parse_upload
from geo.map.framing import UPLOAD_ACCOUNT
from geo.map.timeline_chart import PERIODS, event_table, timeline_chart, timeline_rows
from geo.model.loader import load_dataset
from geo.model.prepare import card, date_label, era_years
from geo.model.schema import last_day
from geo.model.session import UPLOAD_MODES, session_map_data
from geo.model.timeline import SLIDER_RANGE
from geo.model.viewstate import parse_view

EXTREMES = ["0001-01-01", "0001-01", "0001", "9999-12-31", "9999-12", "9999", "1600", "1684-06-24",
            "2256-01-01", "1699-12-31", "2200-12-31"]  # fmt: skip


@pytest.fixture(scope="module")
def shipped():
    return load_dataset()


def upload_of(dates: list[tuple[str, str | None]]) -> bytes:
    lines = ["date,end_date,latitude,longitude,title"]
    lines += [f"{date},{end or ''},40.{n},47,event {n}" for n, (date, end) in enumerate(dates, start=1)]
    return "\n".join(lines).encode()


def assert_every_view_works(shipped, content: bytes) -> None:
    result = parse_upload(content, "dates.csv")
    assert not result.problems, result.problems
    for mode in UPLOAD_MODES:
        data = session_map_data(shipped, result.events, mode)
        low, high = data.war_bounds
        assert SLIDER_RANGE[0] <= low < high <= SLIDER_RANGE[1]
        assert all(SLIDER_RANGE[0] <= day <= SLIDER_RANGE[1] for day in data.war_days)
        view = parse_view(
            {},
            bounds=data.war_bounds,
            default_date=high,
            event_ids=data.event_ids,
            categories=(),
            default_era=data.default_era,
        )
        assert view.era == data.default_era
        for row in data.events.to_dict("records"):
            assert card(row, data.places_by_id)["date"]
        for period in PERIODS:
            rows = timeline_rows(data, period)
            spec = timeline_chart(rows, data.war_bounds if period == "war" else None).to_dict()
            json.dumps(spec, default=str)
            event_table(rows)
            # Vega reads ISO dates with four-digit years only.
            assert all(len(str(t.year)) <= 4 for t in rows["end"])
        zip_site(site_files(data))
    for extension in FORMATS:
        assert export(result.events, "events", extension, "dates", dt.date(2025, 1, 1), account=UPLOAD_ACCOUNT).data


@pytest.mark.parametrize("date", EXTREMES)
def test_an_extreme_date_beside_an_ordinary_one(shipped, date: str) -> None:
    assert_every_view_works(shipped, upload_of([(date, None), ("2020-10-10", None)]))


@pytest.mark.parametrize("date", EXTREMES)
def test_an_extreme_date_alone(shipped, date: str) -> None:
    assert_every_view_works(shipped, upload_of([(date, None)]))


def test_a_span_from_year_1_to_9999(shipped) -> None:
    assert_every_view_works(shipped, upload_of([("0001-01-01", "9999-12-31"), ("1600", None)]))


def test_events_all_off_the_slider_open_on_the_background_era(shipped) -> None:
    result = parse_upload(upload_of([("1600", None), ("1601-05", None)]), "old.csv")
    data = session_map_data(shipped, result.events, "instead")
    assert data.default_era == "background"
    assert not data.era_is_war.any()


def test_events_on_the_slider_open_on_the_war_era(shipped) -> None:
    result = parse_upload(upload_of([("1600", None), ("1901-05", None)]), "mixed.csv")
    data = session_map_data(shipped, result.events, "instead")
    assert data.default_era == "war"
    assert list(data.events.loc[data.era_is_war, "date"]) == ["1901-05"]


@pytest.mark.parametrize(("value", "precision", "last"), [
    ("9999-12", "month", dt.date(9999, 12, 31)),
    ("2020-02", "month", dt.date(2020, 2, 29)),
    ("0001-01", "month", dt.date(1, 1, 31)),
    ("9999", "year", dt.date(9999, 12, 31)),
])  # fmt: skip
def test_last_day_of_any_month_or_year(value: str, precision: str, last: dt.date) -> None:
    assert last_day(value, precision) == last


@pytest.mark.parametrize(("date", "precision", "label"), [
    ("0001-01-01", "day", "1 January 1"), ("9999-12", "month", "December 9999 (approximate: month only)"),
    ("0001", "year", "1 (approximate: year only)"),
])  # fmt: skip
def test_date_labels_of_extreme_dates(date: str, precision: str, label: str) -> None:
    assert date_label(date, precision) == label


DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
PRECISE = st.tuples(DATES, st.sampled_from(["day", "month", "year"])).map(
    lambda pair: pair[0].isoformat()[: {"day": 10, "month": 7, "year": 4}[pair[1]]]
)


@settings(max_examples=15, deadline=None, database=None)
@given(dates=st.lists(PRECISE, min_size=1, max_size=4))
def test_any_dates_the_data_model_allows(shipped, dates: list[str]) -> None:
    assert_every_view_works(shipped, upload_of([(date, None) for date in dates]))


def test_era_labels_name_the_years_the_data_spans(shipped) -> None:
    result = parse_upload(upload_of([("0001-01-01", None), ("9999-12", None), ("2020-10-20", None)]), "e.csv")
    data = session_map_data(shipped, result.events, "instead")
    assert era_years(data) == {"war": "2020", "background": "1–9999"}
    only_old = session_map_data(shipped, parse_upload(upload_of([("1600", None)]), "o.csv").events, "instead")
    assert era_years(only_old)["background"] == "1600"
