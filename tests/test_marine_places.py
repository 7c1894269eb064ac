"""Oceans, seas, gulfs, bays and straits (Natural Earth's marine areas, data/marine_places.csv) are
found in any text and drawn at a point inside them; the build script keeps named water bodies only."""

from __future__ import annotations

import pytest

from geo.model.loader import load_places
from geo.text.extract import extract_places
from geo.text.gazetteer import Gazetteer
from geo.text.resolve import km_between
from scripts.build_marine_places import main, marine_rows


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(load_places())


def _mapped(text: str, gazetteer: Gazetteer) -> dict[str, object]:
    return {m.text: m for m in extract_places(text, gazetteer) if m.place_id and not m.uncertain}


@pytest.mark.parametrize(
    ("text", "name", "near"),
    [
        ("The storm formed over the Indian Ocean.", "Indian Ocean", (-33.9, 82.3)),
        ("Ships crossed the Atlantic Ocean in winter.", "Atlantic Ocean", (-5.6, -26.0)),  # North and South
        ("Tankers waited in the Persian Gulf.", "Persian Gulf", (26.8, 52.0)),
        ("Tankers waited in the Arabian Gulf.", "Arabian Gulf", (26.8, 52.0)),  # Natural Earth's other name
        ("Cyclones reach the Bay of Bengal each year.", "Bay of Bengal", (13.6, 87.5)),
        ("Oil spilled into the Gulf of Mexico.", "Gulf of Mexico", (25.5, -89.9)),
        ("Warships passed the Bosporus.", "Bosporus", (41.1, 29.0)),
    ],
)
def test_a_named_water_body_is_mapped_inside_it(gazetteer, text, name, near):
    place = _mapped(text, gazetteer)[name]
    assert (place.source, place.kind) == ("natural-earth", "sea")
    assert km_between(place.lat, place.lon, *near) < 50


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Kaliningrad is a port city.", "Kaliningrad"),  # also a lagoon's name: the city
        ("They sang The Sound of Music.", "Sound"),  # Øresund's other name, "The Sound": a common word
    ],
)
def test_a_one_word_name_that_is_a_town_or_a_word_is_not_the_water(gazetteer, text, word):
    place = _mapped(text, gazetteer).get(word)
    assert place is None or place.source != "natural-earth", place


def _feature(name: str, kind: str, x: float, y: float, namealt: str | None = None) -> dict:
    square = [[x, y], [x + 2, y], [x + 2, y + 2], [x, y + 2], [x, y]]
    return {
        "type": "Feature",
        "properties": {"name": name, "featurecla": kind, "namealt": namealt},
        "geometry": {"type": "Polygon", "coordinates": [square]},
    }


def test_the_build_keeps_named_water_bodies_and_joins_an_oceans_halves():
    collection = {
        "features": [
            _feature("NORTH TEST OCEAN", "ocean", 0, 2),
            _feature("SOUTH TEST OCEAN", "ocean", 0, 0),
            _feature("Gulf  of  Somewhere", "gulf", 10, 10, namealt="Somewhere Bay"),
            _feature("Some reef", "reef", 20, 20),  # not a water body
            _feature("", "sea", 30, 30),  # no name
        ]
    }
    rows = {row["name"]: row for row in marine_rows(collection)}
    assert set(rows) == {"North Test Ocean", "South Test Ocean", "Test Ocean", "Gulf of Somewhere"}
    assert (rows["Test Ocean"]["lat"], rows["Test Ocean"]["lon"]) == ("2.000", "1.000")
    assert rows["Gulf of Somewhere"]["other_names"] == "Somewhere Bay"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "is not there"),
        (b'{"features": []}', "has SHA-256"),  # not the pinned file
    ],
)
def test_the_build_refuses_a_missing_or_different_source(tmp_path, capsys, content, message):
    source = tmp_path / "marine.json"
    if content is not None:
        source.write_bytes(content)
    assert main(["--source", str(source)]) == 2
    error = capsys.readouterr().err
    assert message in error and repr(str(source)) in error
