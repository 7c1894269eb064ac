"""Former countries and republics (data/historical_polities.csv) are places: "the Soviet Union",
"the USSR", "the Azerbaijan SSR" are mapped as areas with their dates, where their core lies today."""

from __future__ import annotations

import pytest

from geo.text.extract import extract_places
from geo.text.gazetteer import (
    Gazetteer,
    GeoNamesIndex,
    _add_historical_polities,
    geonames_index,
    historical_polities,
)
from geo.text.resolve import km_between


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def _mapped(text: str, gazetteer: Gazetteer, demonyms: bool = False) -> dict[str, object]:
    return {m.text: m for m in extract_places(text, gazetteer, demonyms=demonyms) if m.place_id and not m.uncertain}


@pytest.mark.parametrize(
    ("text", "mention", "name", "years", "near"),
    [
        ("Grain left the Soviet Union by rail.", "Soviet Union", "Soviet Union", "1922–1991", "russia"),
        ("The USSR signed the treaty in 1987.", "USSR", "Soviet Union", "1922–1991", "russia"),
        ("Baku was the capital of the Azerbaijan SSR.", "Azerbaijan SSR", "Azerbaijan SSR", "1920–1991", "azerbaijan"),
        ("Its parliament sat in the Armenian SSR until 1991.", "Armenian SSR", "Armenian SSR", "1920–1991", "armenia"),
        ("Teams from Czechoslovakia and East Germany met.", "Czechoslovakia", "Czechoslovakia", "1918–1992", "czechia"),
        ("Teams from Czechoslovakia and East Germany met.", "East Germany", "East Germany", "1949–1990", "germany"),
        ("Trade with the Ottoman Empire grew.", "Ottoman Empire", "Ottoman Empire", "1299–1922", "turkey"),
        ("Tea from Ceylon was sold in London.", "Ceylon", "Ceylon", "1948–1972", "sri lanka"),
    ],
)
def test_a_former_country_is_mapped_where_its_core_lies_with_its_dates(gazetteer, text, mention, name, years, near):
    found = _mapped(text, gazetteer)
    assert mention in found, found
    place = found[mention]
    assert (place.name, place.source, place.kind) == (name, "historical", "country")
    assert years in place.reason
    today = geonames_index().get(near)
    assert km_between(place.lat, place.lon, today.lat, today.lon) < 1


def test_an_autonomous_oblast_without_a_successor_state_is_drawn_at_its_own_point(gazetteer):
    found = _mapped("In 1988 the Nagorno-Karabakh Autonomous Oblast asked to join Armenia.", gazetteer)
    oblast = found["Nagorno-Karabakh Autonomous Oblast"]
    assert oblast.source == "historical"
    assert km_between(oblast.lat, oblast.lon, 39.82, 46.75) < 1  # inside the region, near Khankendi / Stepanakert


@pytest.mark.parametrize(
    ("text", "demonyms", "expected"),
    [
        ("Soviet tanks crossed the border.", True, "Soviet Union"),
        ("Soviet tanks crossed the border.", False, None),  # the app's maps leave demonyms out
        ("A Czechoslovak team won.", True, "Czechoslovakia"),
        ("A Czechoslovak team won.", False, None),
    ],
)
def test_a_former_countrys_demonym_names_it_only_when_demonyms_are_asked_for(gazetteer, text, demonyms, expected):
    names = {m.name for m in extract_places(text, gazetteer, demonyms=demonyms) if m.place_id}
    assert (expected in names) if expected else not names, names


@pytest.mark.parametrize(
    "text",
    [
        "Soviet-era flats were rebuilt.",  # an era, not the country (demonyms are not asked for)
        "The soviet of workers met.",  # a council, lower case
    ],
)
def test_words_about_former_countries_that_are_not_the_country(gazetteer, text):
    assert not any(m.source == "historical" for m in extract_places(text, gazetteer) if m.place_id)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"successor": "XX", "lat": "", "lon": ""}, "line 2: successor 'XX' is not a country code"),
        ({"successor": "", "lat": "", "lon": ""}, "line 2: no successor and no point ('', '')"),
        ({"successor": "", "lat": "north", "lon": "46"}, "line 2: no successor and no point ('north', '46')"),
    ],
)
def test_a_bad_row_of_the_list_is_named_with_its_line_and_value(row, message):
    bad = {"name": "Somewhere Republic", "other_names": "", "demonyms": "", "start": "1920", "end": "1990", **row}
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _add_historical_polities(GeoNamesIndex(), {"AZ": (40.3, 47.7)}, [bad])


def test_every_row_of_the_shipped_list_has_dates_names_and_a_place():
    rows = historical_polities()
    assert len(rows) >= 40
    for row in rows:
        assert row["name"] and row["end"].isdigit() and row["source"], row
        assert not row["start"] or int(row["start"]) < int(row["end"]), row
        assert row["successor"] or (row["lat"] and row["lon"]), row
    index = GeoNamesIndex()
    _add_historical_polities(index, {row["successor"]: (0.0, 0.0) for row in rows}, rows)
    assert index.get("soviet union").kind == "country"
