"""geo.model.prepare: date labels, card fields, and MapData built from a small fixture dataset."""

import datetime as dt
import re
from pathlib import Path

import pytest

from geo.io.upload import parse_upload
from geo.model.loader import Dataset, load_dataset
from geo.model.prepare import (
    MapData,
    card,
    casualty_text,
    content_key,
    date_label,
    format_day,
    in_language,
    paragraph_text,
    place_names,
    prepare,
)
from geo.model.session import UPLOAD_MODES, session_map_data

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset(FIXTURES / "unit_places.geojson", FIXTURES / "unit_events.geojson")


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- labels -------------------------------------------------------------------------------


@pytest.mark.parametrize(("date", "precision", "end", "label"), [
    ("2020-10-28", "day", None, "28 October 2020"),
    ("2020-10-01", "day", None, "1 October 2020"),
    ("2016-04", "month", None, "April 2016 (approximate: month only)"),
    ("1885", "year", None, "1885 (approximate: year only)"),
    ("2020-10-10", "day", "2020-10-11", "10 October 2020 – 11 October 2020"),
    ("2020-11-10", "day", "2020-12-01", "10 November 2020 – 1 December 2020"),
    ("2020-10-28", "day", "2020-10-28", "28 October 2020"),  # a span of one day is just the day
    ("2020-09", "month", "2020-09-30", "September 2020 (approximate: month only) – 30 September 2020"),
    ("2020-02-29", "day", None, "29 February 2020"),
])  # fmt: skip
def test_date_label(date: str, precision: str, end: str | None, label: str) -> None:
    assert date_label(date, precision, end) == label


def test_format_day() -> None:
    assert format_day(dt.date(2021, 1, 11)) == "11 January 2021"


@pytest.mark.parametrize(("casualties", "text"), [
    (None, None),
    ("21 killed", None),
    ({"killed": 21, "injured": 70, "qualifier": "more than 70", "reported_by": "Officials"},
     "21 killed, 70 injured (more than 70). Reported by: Officials"),
    ({"killed": 3, "reported_by": "Officials"}, "3 killed. Reported by: Officials"),
    ({"injured": 5, "reported_by": "A hospital"}, "5 injured. Reported by: A hospital"),
    ({"killed": 0, "injured": None, "reported_by": "Officials"}, "0 killed. Reported by: Officials"),
    ({"killed": 2}, "2 killed. Reported by: unknown"),
    ({"killed": 2, "qualifier": "", "reported_by": ""}, "2 killed. Reported by: unknown"),
])  # fmt: skip
def test_casualty_text(casualties: object, text: str | None) -> None:
    assert casualty_text(casualties) == text


@pytest.mark.parametrize(("paragraphs", "text"), [
    ([], ""),
    ([17], "Source: paragraph 17"),
    ([17, 18], "Source: paragraphs 17, 18"),
    ([1, 12, 35], "Source: paragraphs 1, 12, 35"),
])  # fmt: skip
def test_paragraph_text(paragraphs: list[int], text: str) -> None:
    assert paragraph_text(paragraphs) == text


# --- prepare ------------------------------------------------------------------------------


def test_prepare_splits_background_from_the_war(dataset: Dataset) -> None:
    data = prepare(dataset)
    assert data.event_ids == ["old-treaty", "border-clash", "month-talks", "truce", "city-strike"]
    assert list(data.events["era"]) == ["background", "war", "war", "war", "war"]
    assert data.war_bounds == (day("2020-10-01"), day("2020-10-31"))  # month-talks runs to the month's end
    assert data.war_days == [day("2020-10-01"), day("2020-10-05"), day("2020-10-10")]


def test_prepare_adds_coordinates_as_lat_lon(dataset: Dataset) -> None:
    coords = prepare(dataset).events.set_index("id")["coords"]
    assert coords["city-strike"] == [[39.5, 46.5]]
    assert coords["truce"] == [[40.0, 47.0], [39.5, 46.5]]


def test_prepare_indexes_places(dataset: Dataset) -> None:
    places = prepare(dataset).places_by_id
    assert set(places) == {"northtown", "southcity", "east-land", "west-corridor"}
    assert places["northtown"]["contested_names"] == {"az": "Northtown", "hy": "Hyusisavan"}
    assert places["southcity"] == {
        "id": "southcity",
        "names": {"en": "Southcity", "ru": "Южноград"},
        "contested_names": None,
        "exonyms": None,
        "kind": "city",
    }


def test_prepare_does_not_change_the_dataset(dataset: Dataset) -> None:
    prepare(dataset)
    assert "coords" not in dataset.events and "era" not in dataset.events


def test_prepare_without_background(dataset: Dataset) -> None:
    data = prepare(dataset, background_before=None)
    assert set(data.events["era"]) == {"war"}
    assert data.war_bounds == (day("1900-01-01"), day("2020-10-31"))
    assert data.war_days[0] == day("1900-01-01")


def test_prepare_with_a_cutoff_inside_the_events(dataset: Dataset) -> None:
    data = prepare(dataset, background_before=day("2020-10-06"))
    assert list(data.events["era"]) == ["background", "background", "war", "war", "war"]
    assert data.war_bounds == (day("2020-10-06"), day("2020-10-31"))  # the slider starts at the cutoff
    assert data.war_days == [day("2020-10-10")]


def test_a_one_day_war_still_gives_the_slider_a_range(dataset: Dataset) -> None:
    only_strike = Dataset(dataset.places, dataset.events[dataset.events["id"] == "city-strike"])
    data = prepare(only_strike)
    assert data.war_bounds == (day("2020-10-10"), day("2020-10-11"))
    assert data.war_days == [day("2020-10-10")]


def test_no_war_events_give_a_range_ending_today(dataset: Dataset) -> None:
    data = prepare(Dataset(dataset.places, dataset.events.iloc[:1]))  # only the 1900 treaty
    lo, hi = data.war_bounds
    assert hi - lo == dt.timedelta(days=1)
    assert abs(hi - dt.date.today()) <= dt.timedelta(days=1)
    assert data.war_days == []


# --- cards --------------------------------------------------------------------------------


def event_row(dataset: Dataset, event_id: str) -> dict:
    events = prepare(dataset).events
    return events[events["id"] == event_id].iloc[0].to_dict()


def test_card_fields(dataset: Dataset) -> None:
    data = prepare(dataset)
    fields = card(event_row(dataset, "city-strike"), data.places_by_id)
    assert fields == {
        "id": "city-strike",
        "date": "10 October 2020",
        "precision": "day",
        "title": "Strike on Southcity",
        "category": "Strike on a town",
        "places": "Southcity",
        "summary": "Rockets hit the centre of Southcity.",
        "claim": "The test text says the strike hit homes.",
        "casualties": "3 killed, 5 injured (at least). Reported by: City officials",
        "sources": "Source: paragraph 3",
    }


@pytest.mark.parametrize(("naming", "places"), [
    ("en", "Northtown / Hyusisavan, Southcity"),
    ("az", "Şimalkənd (Northtown) / Hyusisavan, Southcity"),
    ("hy", "Հյուսիսավան (Hyusisavan) / Northtown, Southcity"),
    ("ru", "Северск (Northtown) / Hyusisavan, Южноград"),
])  # fmt: skip
def test_card_of_a_span_names_places_in_the_naming(dataset: Dataset, naming: str, places: str) -> None:
    data = prepare(dataset)
    fields = card(event_row(dataset, "truce"), data.places_by_id, naming)
    assert fields["places"] == places
    assert fields["date"] == "5 October 2020 – 8 October 2020"
    assert fields["casualties"] is None
    assert fields["sources"] == "Source: paragraphs 2, 3"


def test_card_without_claim_or_places(dataset: Dataset) -> None:
    row = event_row(dataset, "month-talks") | {"source_claim": "", "places": [], "source_paragraphs": []}
    fields = card(row, prepare(dataset).places_by_id)
    assert (fields["claim"], fields["places"], fields["sources"]) == (None, "", "")
    assert fields["date"] == "October 2020 (approximate: month only)"


def test_place_names_show_unknown_ids_as_they_are(dataset: Dataset) -> None:
    assert place_names(["southcity", "atlantis"], prepare(dataset).places_by_id) == ["Southcity", "atlantis"]


# --- the reader's language --------------------------------------------------------------------

SHUSHA = "azerbaijani-forces-take-shusha"


@pytest.fixture(scope="module")
def shipped() -> MapData:
    return prepare(load_dataset())


def event_field(data: MapData, event_id: str, field: str) -> str:
    return data.events.loc[data.events["id"] == event_id, field].iloc[0]


@pytest.mark.parametrize(("lang", "title"), [
    ("ru", "Азербайджанские силы берут под контроль город Шуша / Шуши"),
    ("en", "Azerbaijani forces take Shusha / Shushi"),
], ids=["ru", "en"])  # fmt: skip
def test_the_shipped_events_come_in_the_readers_language(shipped: MapData, lang: str, title: str) -> None:
    localized = in_language(shipped, lang)
    assert event_field(localized, SHUSHA, "title") == title
    assert (
        card(localized.events[localized.events["id"] == SHUSHA].iloc[0].to_dict(), localized.places_by_id)["title"]
        == title
    )
    assert event_field(shipped, SHUSHA, "title") == "Azerbaijani forces take Shusha / Shushi"  # the original stays


def test_a_translation_is_made_once_and_keeps_its_originals_content_key(shipped: MapData) -> None:
    """Views and the map's cached pages share one object per language; a class room names the
    events, not the language each student reads them in."""
    assert in_language(shipped, "en") is shipped
    assert in_language(shipped, "hy") is in_language(shipped, "hy") is not shipped
    assert content_key(in_language(shipped, "hy")) == content_key(shipped)


@pytest.mark.parametrize("mode", list(UPLOAD_MODES))
def test_uploaded_events_have_no_translations_and_stay_english(shipped: MapData, mode: str) -> None:
    content = "date,latitude,longitude,title,summary\n2020-10-05,40.1,46.9,Talks in Stepanakert,They met.\n"
    result = parse_upload(content.encode(), "mine.csv")
    data = session_map_data(Dataset(shipped.places, shipped.events), result.events, mode)
    localized = in_language(data, "ru")
    uploaded = localized.events[localized.events["title"] == "Talks in Stepanakert"]
    assert uploaded["summary"].tolist() == ["They met."]
    if mode == "instead":
        assert localized is data  # nothing to translate, nothing copied
    else:  # beside the article's events, which are in Russian
        assert event_field(localized, SHUSHA, "title").startswith("Азербайджанские силы")


@pytest.mark.parametrize("lang", ["fr", "", None])
def test_in_language_refuses_an_unknown_language_with_its_value(shipped: MapData, lang: object) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(lang))):
        in_language(shipped, lang)
