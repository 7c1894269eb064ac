"""A country named in a text is drawn at GeoNames' point for it (data/country_points.csv) where that
point lies inside the country and away from its capital, else at the centre of its mainland."""

from __future__ import annotations

import pytest

from geo.text.extract import extract_places
from geo.text.gazetteer import Gazetteer, geonames_index, normalise_key
from geo.text.resolve import km_between
from scripts.build_country_points import country_rows, main


def _country(name: str):
    return next(m for m in geonames_index().candidates(normalise_key(name)) if m.kind == "country")


@pytest.mark.parametrize(
    ("country", "point"),
    [("Russia", (60.0, 100.0)), ("Canada", (60.10867, -113.64258)), ("China", (35.0, 105.0))],
)
def test_a_country_is_drawn_at_its_geonames_point(country, point):
    match = _country(country)
    assert (match.lat, match.lon) == point and match.precision == "approximate"


@pytest.mark.parametrize(
    ("country", "geonames_point", "why"),
    [
        ("Japan", (35.68536, 139.75309), "GeoNames' point is Tokyo, the capital"),
        ("Philippines", (13.0, 122.0), "GeoNames' point is in the sea, outside the outline"),
    ],
)
def test_a_geonames_point_at_the_capital_or_outside_the_country_is_not_used(country, geonames_point, why):
    match = _country(country)
    assert km_between(match.lat, match.lon, *geonames_point) > 100, why


@pytest.mark.parametrize(
    "text",
    [
        "MEXICO CITY: Mexico's Senate voted to suspend cooperation with the U.S. over migration.",
        "Migrants crossed Mexico from Puebla to Mexico City.",
    ],
)
def test_a_name_shared_by_a_country_and_its_own_state_is_the_country(text):
    # "Mexico" beside Mexico City is the country, not the State of Mexico around the city.
    mention = next(m for m in extract_places(text, Gazetteer([])) if m.text == "Mexico")
    assert (mention.name, mention.kind, mention.uncertain) == ("Mexico", "country", False)


def test_a_state_named_as_another_country_is_still_a_candidate():
    kinds = {(m.kind, m.country) for m in geonames_index().candidates("georgia")}
    assert {("country", "GE"), ("region", "US")} <= kinds


def test_the_build_keeps_countries_with_a_point_sorted_by_code():
    text = (
        "COUNTRY_ID,COUNTRY_CODE,NAME,OFFICIAL_NAME,POPULATION,AREA_SQ_KM,LATITUDE,LONGITUDE,TIMEZONE,REGION_ID\n"
        "RUS,RU,Russia,,1,1,60,100,,EU\n"
        "AND,AD,Andorra,,1,1,42.55,1.58333,,EU\n"
        "XXX,XX,Nowhere,,1,1,,,,EU\n"
    )
    assert country_rows(text) == [
        {"iso_a2": "AD", "name": "Andorra", "lat": "42.55", "lon": "1.58333"},
        {"iso_a2": "RU", "name": "Russia", "lat": "60", "lon": "100"},
    ]


@pytest.mark.parametrize(("code", "lat"), [("RUS", "60"), ("RU", "91")])
def test_the_build_names_the_line_of_a_bad_row(code, lat):
    text = f"COUNTRY_CODE,NAME,LATITUDE,LONGITUDE\n{code},Russia,{lat},100\n"
    with pytest.raises(ValueError, match=rf"line 2: bad code or point '{code}', '{lat}', '100'"):
        country_rows(text)


@pytest.mark.parametrize(("content", "message"), [(None, "is not there"), (b"a,b\n", "has SHA-256")])
def test_the_build_refuses_a_missing_or_different_source(tmp_path, capsys, content, message):
    source = tmp_path / "countries.csv"
    if content is not None:
        source.write_bytes(content)
    assert main(["--source", str(source)]) == 2
    error = capsys.readouterr().err
    assert message in error and repr(str(source)) in error
