"""Issue 20: a news dateline names the place a story was filed from, whoever the agency is and
whether or not a dash follows it ("BOSTON (Reuters) -", "SEVIERVILLE, Tenn. (AP)")."""

from __future__ import annotations

import pytest

from geo.model.loader import load_places
from geo.text.extract import extract_places
from geo.text.gazetteer import Gazetteer
from geo.text.resolve import km_between


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer(load_places())


@pytest.mark.parametrize(
    ("text", "surface", "lat", "lon"),
    [
        ("By Jane Roe. BOSTON (Reuters) - The owner of a firm said so.", "BOSTON", 42.36, -71.06),
        ("SEVIERVILLE, Tenn. (AP)  Police in the town said so.", "SEVIERVILLE", 35.87, -83.56),
        ("DENVER (Bloomberg) — Prices rose again on Monday.", "DENVER", 39.74, -104.98),
    ],
)
def test_a_dateline_with_any_agency_names_the_place(gazetteer, text, surface, lat, lon):
    mapped = {m.text: m for m in extract_places(text, gazetteer) if m.place_id and not m.uncertain}
    assert surface in mapped, sorted(mapped)
    mention = mapped[surface]
    assert km_between(mention.lat, mention.lon, lat, lon) < 50, (mention.name, mention.lat, mention.lon)


def test_an_acronym_in_capitals_before_brackets_is_no_dateline(gazetteer):
    found = {m.text for m in extract_places("The NATO (Brussels) summit ended early.", gazetteer) if m.place_id}
    assert "NATO" not in found, sorted(found)
