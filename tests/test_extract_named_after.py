"""Issue 20: a place inside a longer name is still found: a town's police or mayor, a person "of" a town."""

from __future__ import annotations

import pytest

from geo.model.loader import load_places
from geo.text.extract import extract_places
from geo.text.gazetteer import Gazetteer
from geo.text.resolve import km_between


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer(load_places())


def _mapped(text: str, gazetteer: Gazetteer) -> dict[str, object]:
    return {m.text: m for m in extract_places(text, gazetteer) if m.place_id and not m.uncertain}


def _found(text: str, gazetteer: Gazetteer) -> set[str]:
    return {m.text for m in extract_places(text, gazetteer) if m.place_id}


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("Fargo Mayor Anna Berg said the water would crest on Friday.", "Fargo", 46.88, -96.79),
        ("The Tulsa Police closed two roads after the storm.", "Tulsa", 36.15, -95.99),
        ("Nobody was hurt, the Savannah Fire chief told reporters.", "Savannah", 32.08, -81.09),
        ("Iowa Governor Jane Roe signed the bill.", "Iowa", 41.9, -93.3),  # a state before its officer
        ("Later, Ohio Gov. John Doe spoke.", "Ohio", 40.2, -82.7),
    ],
)
def test_a_town_before_its_police_or_mayor_is_mapped(gazetteer, text, name, lat, lon):
    mention = _mapped(text, gazetteer)[name]
    assert km_between(mention.lat, mention.lon, lat, lon) < 50, (mention.name, mention.lat, mention.lon)


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("The Mayor of Fargo opened the new bridge.", "Fargo", 46.88, -96.79),
        ("Lawyers for the State of Nevada filed the appeal.", "Nevada", 39.0, -117.0),
        ("Maria Lopez of Tulsa won the spelling contest.", "Tulsa", 36.15, -95.99),
    ],
)
def test_a_place_after_a_person_or_title_and_of_is_mapped(gazetteer, text, name, lat, lon):
    mentions = _mapped(text, gazetteer)
    mention = next(m for text_, m in mentions.items() if text_.endswith(name))
    assert km_between(mention.lat, mention.lon, lat, lon) < 400, (mention.name, mention.lat, mention.lon)


@pytest.mark.parametrize(
    "text",
    [
        "Shares of Bank of America fell on Monday.",  # an organisation "of" a place is not a person of it
        "The University of Texas won the final.",
        "Jack Mayor Smith gave the speech.",  # a person named Mayor: no town before it
        "Tom Hanks Police Academy was a film.",  # a surname before a local body word is not a town
        "Attorney General Bill Smith spoke.",  # an officer with no place before the title
    ],
)
def test_organisations_and_people_around_place_words_map_nothing(gazetteer, text):
    assert _found(text, gazetteer) == set()


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("Budget approved. TULSA — The council voted on Monday.", "TULSA", 36.15, -95.99),
        ("Schools shut. SOUTH BEND, Ind. -- Officials closed the roads.", "SOUTH BEND", 41.68, -86.25),
        ("Two cars collided. SPOKANE (AP) - The driver was unhurt.", "SPOKANE", 47.66, -117.43),
    ],
)
def test_a_dateline_in_capitals_is_mapped(gazetteer, text, name, lat, lon):
    mention = _mapped(text, gazetteer)[name]
    assert km_between(mention.lat, mention.lon, lat, lon) < 50, (mention.name, mention.lat, mention.lon)


@pytest.mark.parametrize(
    "text",
    [
        "The report was written by NASA staff.",  # an acronym outside a dateline
        "BREAKING NEWS: the bridge reopened.",
        "Delegates from NATO — and others — met.",
    ],
)
def test_capitals_outside_a_dateline_are_not_places(gazetteer, text):
    assert _mapped(text, gazetteer) == {}


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("Troopers said the Florida Highway Patrol closed the road.", "Florida", 28.6, -82.4),
        ("Neighbours have appealed to the Ontario Municipal Board.", "Ontario", 50.0, -86.0),
        ("The grant came from the Kentucky Workforce Development Cabinet.", "Kentucky", 37.5, -85.3),
    ],
)
def test_a_state_at_the_head_of_an_organisation_is_mapped(gazetteer, text, name, lat, lon):
    mention = _mapped(text, gazetteer)[name]
    assert mention.kind == "region"
    assert km_between(mention.lat, mention.lon, lat, lon) < 400, (mention.name, mention.lat, mention.lon)
