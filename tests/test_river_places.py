"""Rivers (Natural Earth's 1:50m rivers, data/river_places.csv) are found as "X River", "River X" or
by a name no other place has; a river name shared across the world is placed by the text's geography."""

from __future__ import annotations

import pytest

from geo.model.loader import load_places
from geo.text.extract import extract_places
from geo.text.gazetteer import Gazetteer
from scripts.build_river_places import main, river_rows


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(load_places())


def _found(text: str, gazetteer: Gazetteer) -> dict[str, object]:
    return {m.text: m for m in extract_places(text, gazetteer) if m.place_id}


@pytest.mark.parametrize(
    ("text", "written", "name"),
    [
        ("The Mississippi River rose overnight.", "Mississippi River", "Mississippi River"),
        ("Hanoi lies on the Red River.", "Red River", "Red River"),  # Vietnam's, beside Hanoi
        ("Boats sailed up the Niger River.", "Niger River", "Niger River"),
        ("Dams on the Euphrates River worried farmers.", "Euphrates River", "Euphrates River"),
    ],
)
def test_a_river_is_mapped(gazetteer, text, written, name):
    mention = _found(text, gazetteer)[written]
    assert (mention.name, mention.kind, mention.source, mention.uncertain) == (
        name,
        "river",
        "natural-earth-river",
        False,
    )


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Floods on the Red River hit Dallas and Oklahoma City.", "Red River"),  # not Vietnam's: uncertain
    ],
)
def test_a_river_far_from_everything_the_text_names_is_not_mapped(gazetteer, text, written):
    mention = _found(text, gazetteer).get(written)
    assert mention is None or mention.uncertain, mention


@pytest.mark.parametrize("text", ["Don Smith spoke.", "Niger and Mali signed a deal.", "Mississippi voted."])
def test_a_rivers_bare_name_that_is_a_word_or_another_place_is_not_the_river(gazetteer, text):
    assert not any(m.source == "natural-earth-river" for m in _found(text, gazetteer).values())


def test_the_build_joins_a_rivers_segments_and_leaves_lakes_out():
    line = {"type": "LineString", "coordinates": [[0, 0], [2, 0]]}
    more = {"type": "LineString", "coordinates": [[2, 0], [4, 0]]}
    collection = {
        "features": [
            {"properties": {"featurecla": "River", "name": "Testa", "name_en": None}, "geometry": line},
            {"properties": {"featurecla": "River", "name": "Testa", "name_en": None}, "geometry": more},
            {"properties": {"featurecla": "Lake Centerline", "name": "Lakey"}, "geometry": line},
            {"properties": {"featurecla": "River", "name": "Al Nahr", "name_en": "Englished"}, "geometry": line},
        ]
    }
    rows = {row["name"]: row for row in river_rows(collection)}
    assert set(rows) == {"Testa", "Englished"}
    assert (rows["Testa"]["lat"], rows["Testa"]["lon"]) == ("0.000", "2.000")  # the middle of the joined course


@pytest.mark.parametrize(("content", "message"), [(None, "is not there"), (b"{}", "has SHA-256")])
def test_the_build_refuses_a_missing_or_different_source(tmp_path, capsys, content, message):
    source = tmp_path / "rivers.json"
    if content is not None:
        source.write_bytes(content)
    assert main(["--source", str(source)]) == 2
    error = capsys.readouterr().err
    assert message in error and repr(str(source)) in error
