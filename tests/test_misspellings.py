"""A small misspelling of a well-known place ("Pennsylvnia") is listed as uncertain with its guess,
never drawn as fact; short names, demonyms, people and names that match something are left alone."""

from __future__ import annotations

import pytest

from geo.model.loader import load_places
from geo.text.extract import extract_places
from geo.text.gazetteer import Gazetteer
from geo.text.resolve import CONFIDENT


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer(load_places())


def _by_text(text: str, gazetteer: Gazetteer) -> dict[str, object]:
    return {m.text: m for m in extract_places(text, gazetteer)}


@pytest.mark.parametrize(
    ("text", "written", "meant"),
    [
        ("Heavy rain hit Pennsylvnia overnight.", "Pennsylvnia", "Pennsylvania"),  # a letter left out
        ("Officials in Missisippi closed schools.", "Missisippi", "Mississippi"),
        ("Envoys flew to Azerbajan on Monday.", "Azerbajan", "Azerbaijan"),
        ("The talks in Washingtn went on.", "Washingtn", "Washington"),
        ("Troops left Ukriane in March.", "Ukriane", "Ukraine"),  # two letters swapped: one edit
    ],
)
def test_a_small_misspelling_is_listed_as_uncertain_with_its_guess(gazetteer, text, written, meant):
    mention = _by_text(text, gazetteer)[written]
    assert mention.place_id and mention.name == meant
    assert mention.uncertain and mention.confidence < CONFIDENT
    assert f"misspelling of {meant}" in mention.reason


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Troops entered Irak.", "Irak"),  # under six letters: too many words are one letter from a name
        ("The Germans and the Russians met.", "Germans"),  # demonyms, not Germany or Russia misspelt
        ("Minnesotans and Manitobans voted.", "Minnesotans"),  # a place's people, not the place misspelt
        ("Minnesotans and Manitobans voted.", "Manitobans"),
        ("Mr. Parris spoke first.", "Parris"),  # a person: a title before the name
        ("Envoys met in Pennsylvaniaa Quarter.", "Pennsylvaniaa Quarter"),  # too far from any name
        ("Rains fell on Zxqwerty.", "Zxqwerty"),  # near nothing
    ],
)
def test_names_that_are_not_misspellings_get_no_guess(gazetteer, text, written):
    mention = _by_text(text, gazetteer).get(written)
    assert mention is None or mention.place_id is None, mention


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("pennsylvnia", ("Pennsylvania", 1)),
        ("shiyaz", None),  # one edit from Shiraz and from Shiyan: no guess
        ("somaxi", None),  # one edit from Şamaxı and from Somali
        ("abc", None),  # too short to guess
    ],
)
def test_a_guess_only_when_one_well_known_name_is_nearest(gazetteer, key, expected):
    near = gazetteer.near_miss(key)
    assert (near and (near[0].name, near[1])) == expected if expected else near is None
