"""geo.model.naming: place labels under each naming; contested places always show both sides' names,
and an exonym always comes with the official local name."""

import json
from pathlib import Path

import pytest

from geo.model.naming import NAMINGS, place_label

SHUSHA = ({"en": "Shusha", "az": "Şuşa", "hy": "Շուշի", "ru": "Шуша"}, {"az": "Shusha", "hy": "Shushi"})
KARABAKH = (
    {"en": "Nagorno-Karabakh", "az": "Dağlıq Qarabağ", "hy": "Արցախ", "ru": "Нагорный Карабах"},
    {"az": "Nagorno-Karabakh", "hy": "Artsakh"},
)
BARDA = ({"en": "Barda", "az": "Bərdə", "hy": "Պարտավ", "ru": "Барда"}, None)
ENGLISH_ONLY = ({"en": "Southcity"}, None)
CONTESTED_ENGLISH_ONLY = ({"en": "Shusha"}, {"az": "Shusha", "hy": "Shushi"})
SHIPPED_PLACES = [
    f["properties"]
    for f in json.loads((Path(__file__).resolve().parents[1] / "data" / "places.geojson").read_text("utf-8"))[
        "features"
    ]
]


@pytest.mark.parametrize(("place", "naming", "label"), [
    (SHUSHA, "en", "Shusha / Shushi"),
    (SHUSHA, "az", "Şuşa (Shusha) / Shushi"),
    (SHUSHA, "hy", "Շուշի (Shushi) / Shusha"),
    (SHUSHA, "ru", "Шуша (Shusha) / Shushi"),
    (KARABAKH, "en", "Nagorno-Karabakh / Artsakh"),
    (KARABAKH, "az", "Dağlıq Qarabağ (Nagorno-Karabakh) / Artsakh"),
    (KARABAKH, "hy", "Արցախ (Artsakh) / Nagorno-Karabakh"),
    (KARABAKH, "ru", "Нагорный Карабах (Nagorno-Karabakh) / Artsakh"),
    (BARDA, "en", "Barda"),
    (BARDA, "az", "Bərdə"),
    (BARDA, "hy", "Պարտավ"),
    (BARDA, "ru", "Барда"),
    (ENGLISH_ONLY, "az", "Southcity"),  # a missing language falls back to English
    (ENGLISH_ONLY, "hy", "Southcity"),
    (CONTESTED_ENGLISH_ONLY, "hy", "Shushi / Shusha"),  # never the same name twice
    (CONTESTED_ENGLISH_ONLY, "az", "Shusha / Shushi"),
])  # fmt: skip
def test_place_label(place: tuple[dict, dict | None], naming: str, label: str) -> None:
    assert place_label(*place, naming) == label


def test_english_is_the_default_naming() -> None:
    assert place_label(*SHUSHA) == "Shusha / Shushi"


@pytest.mark.parametrize(("naming", "label"), [
    ("en", "Barda"), ("az", "Bərdə"), ("hy", "Պարտավ (Bərdə)"), ("ru", "Барда"),
])  # fmt: skip
def test_an_exonym_shows_the_official_local_name(naming: str, label: str) -> None:
    assert place_label(*BARDA, naming, {"hy": "Bərdə"}) == label


@pytest.mark.parametrize("naming", NAMINGS)
@pytest.mark.parametrize("place", [p for p in SHIPPED_PLACES if p.get("contested_names")], ids=lambda p: p["id"])
def test_every_shipped_contested_place_keeps_both_names_in_every_naming(place: dict, naming: str) -> None:
    label = place_label(place["names"], place["contested_names"], naming, place.get("exonyms"))
    # Both sides' Latin-script names, readable by everyone in the room (e.g. Artsakh under Armenian).
    for side in ("az", "hy"):
        assert place["contested_names"][side] in label, (naming, label)


@pytest.mark.parametrize("naming", NAMINGS)
@pytest.mark.parametrize("place", [p for p in SHIPPED_PLACES if p.get("exonyms")], ids=lambda p: p["id"])
def test_every_shipped_exonym_comes_with_the_official_name(place: dict, naming: str) -> None:
    label = place_label(place["names"], place.get("contested_names"), naming, place["exonyms"])
    if naming in place["exonyms"]:
        assert label == f"{place['names'][naming]} ({place['exonyms'][naming]})"


@pytest.mark.parametrize(("names", "contested"), [(None, None), ({}, None), ({"az": "Bərdə"}, None)])
def test_missing_names_give_an_empty_label(names: dict | None, contested: None) -> None:
    assert place_label(names, contested, "en") == ""
