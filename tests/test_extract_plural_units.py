"""Issue 20: a plural unit word shared by several names ("Douglas and Wyandotte counties") is no
part of the last name: each name is its own mention, named as one unit."""

from __future__ import annotations

import pytest

from geo.model.loader import load_places
from geo.text.extract import extract_places
from geo.text.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer(load_places())


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Outlet malls in Ohio's Geauga and Medina counties reopened.", "Medina"),
        ("Flooding closed roads in Clay and Wilkin counties, Minnesota.", "Wilkin"),
        ("Rain fell in Douglas and Wyandotte counties overnight.", "Wyandotte"),
        ("Floods hit the Hubei and Hunan provinces in June.", "Hunan"),
    ],
)
def test_a_plural_unit_word_is_left_out_of_the_name(gazetteer, text, name):
    mapped = {m.text: m for m in extract_places(text, gazetteer) if m.place_id and not m.uncertain}
    assert name in mapped, sorted(mapped)
    assert not any(key.endswith(("counties", "provinces")) for key in mapped), sorted(mapped)
    assert not mapped[name].name.endswith(("counties", "provinces")), mapped[name].name


def test_a_singular_unit_word_stays_in_the_name(gazetteer):
    mapped = {m.text for m in extract_places("A storm crossed Ohio's Medina County.", gazetteer) if m.place_id}
    assert "Medina County" in mapped
