"""Issue 20: a place name that starts with an abbreviated "Saint", "Mount" or "Fort" ("St. Louis",
"Mt. Pleasant", "Ft. Worth") is one name: the period after the abbreviation ends neither the name
nor the sentence."""

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
        ("The Cardinals flew home to St. Louis, Missouri, on Sunday.", "St. Louis", 38.63, -90.2),
        ("She studied music in St. Petersburg, Russia, for a year.", "St. Petersburg", 59.94, 30.31),
        ("A tornado hit Ft. Worth, Texas, overnight.", "Ft. Worth", 32.73, -97.33),
        ("Voters in St. Paul, Minnesota, went to the polls.", "St. Paul", 44.94, -93.09),
    ],
)
def test_an_abbreviated_saint_mount_or_fort_starts_the_name(gazetteer, text, surface, lat, lon):
    mapped = {m.text: m for m in extract_places(text, gazetteer) if m.place_id and not m.uncertain}
    assert surface in mapped, sorted(mapped)
    mention = mapped[surface]
    assert km_between(mention.lat, mention.lon, lat, lon) < 50, (mention.name, mention.lat, mention.lon)


def test_a_sentence_ending_in_an_abbreviation_does_not_run_on(gazetteer):
    found = {m.text for m in extract_places("He went to Main St. Paris was next on the tour.", gazetteer)}
    assert "St. Paris" not in found, sorted(found)
