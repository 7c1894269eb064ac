"""geo.model.naming: place labels under each naming; contested places always show both sides' names,
and an exonym always comes with the official local name."""

import json
import re
from pathlib import Path

import pytest

from geo.model.naming import NAMINGS, place_label
from geo.model.prepare import in_naming

SHUSHA = ({"en": "Shusha", "az": "Şuşa", "hy": "Շուշի", "ru": "Шуша"}, {"az": "Shusha", "hy": "Shushi"})
KARABAKH = (
    {"en": "Nagorno-Karabakh", "az": "Dağlıq Qarabağ", "hy": "Արցախ", "ru": "Нагорный Карабах"},
    {"az": "Nagorno-Karabakh", "hy": "Artsakh"},
)
BARDA = ({"en": "Barda", "az": "Bərdə", "hy": "Պարտավ", "ru": "Барда"}, None)
ENGLISH_ONLY = ({"en": "Southcity"}, None)
CONTESTED_ENGLISH_ONLY = ({"en": "Shusha"}, {"az": "Shusha", "hy": "Shushi"})
# With the Armenian usage's established Russian form, Russian naming writes both names in Cyrillic.
SHUSHA_RU = (SHUSHA[0], {**SHUSHA[1], "hy_ru": "Шуши"})
KARABAKH_RU = (KARABAKH[0], {**KARABAKH[1], "hy_ru": "Арцах"})
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
    (SHUSHA_RU, "ru", "Шуша / Шуши"),
    (KARABAKH_RU, "ru", "Нагорный Карабах / Арцах"),
    (SHUSHA_RU, "en", "Shusha / Shushi"),  # the Cyrillic form is for Russian naming only
    (SHUSHA_RU, "az", "Şuşa (Shusha) / Shushi"),
    (SHUSHA_RU, "hy", "Շուշի (Shushi) / Shusha"),
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
    contested = place["contested_names"]
    if naming == "ru" and "hy_ru" in contested:
        # Russian writes both in Cyrillic where it has an established form ("Шуша / Шуши").
        assert label == f"{place['names']['ru']} / {contested['hy_ru']}"
        return
    # Both sides' Latin-script names, readable by everyone in the room (e.g. Artsakh under Armenian).
    for side in ("az", "hy"):
        assert contested[side] in label, (naming, label)


SHIPPED_EVENTS = json.loads((Path(__file__).resolve().parents[1] / "data" / "events.geojson").read_text("utf-8"))
OWN_TEXTS = [
    text
    for text in [f["properties"].get(key) for f in SHIPPED_EVENTS["features"] for key in ("title", "summary")]
    + [p.get("note") for p in SHIPPED_PLACES]
    if text
]
NAME_PAIR = re.compile(r"[A-Z][\w-]*(?: corridor)? / [A-Z][\w-]*(?: corridor)?")


def test_every_name_pair_in_our_own_texts_is_a_gazetteer_label() -> None:
    """ "Khankendi / Stepanakert" in a summary or note is a place's label, so it follows the naming."""
    labels = {place_label(p["names"], p["contested_names"]) for p in SHIPPED_PLACES if p.get("contested_names")}
    pairs = {pair for text in OWN_TEXTS for pair in NAME_PAIR.findall(text)}
    assert "Khankendi / Stepanakert" in pairs
    assert pairs <= labels, pairs - labels


@pytest.mark.parametrize(
    ("naming", "text", "written"),
    [
        ("hy", "above Khankendi / Stepanakert.", "above Ստեփանակերտ (Stepanakert) / Khankendi."),
        ("ru", "above Khankendi / Stepanakert.", "above Ханкенди / Степанакерт."),
        ("az", "in Shusha / Shushi", "in Şuşa (Shusha) / Shushi"),
        ("ru", "in Nagorno-Karabakh / Artsakh", "in Нагорный Карабах / Арцах"),
        ("en", "in Shusha / Shushi", "in Shusha / Shushi"),
    ],
)
def test_our_own_texts_name_contested_places_as_the_naming_does(naming: str, text: str, written: str) -> None:
    places_by_id = {p["id"]: p for p in SHIPPED_PLACES}
    assert in_naming(text, places_by_id, naming) == written


def test_no_note_uses_one_sides_name_for_the_proposed_route() -> None:
    """The route keeps its neutral name; "Nakhchivan corridor" appears only where a note reports
    who calls it so (the route's own note)."""
    for place in SHIPPED_PLACES:
        if place["id"] != "nakhchivan-corridor":
            assert "Nakhchivan corridor" not in (place.get("note") or ""), place["id"]


@pytest.mark.parametrize("naming", NAMINGS)
@pytest.mark.parametrize("place", [p for p in SHIPPED_PLACES if p.get("exonyms")], ids=lambda p: p["id"])
def test_every_shipped_exonym_comes_with_the_official_name(place: dict, naming: str) -> None:
    label = place_label(place["names"], place.get("contested_names"), naming, place["exonyms"])
    if naming in place["exonyms"]:
        assert label == f"{place['names'][naming]} ({place['exonyms'][naming]})"


@pytest.mark.parametrize(("names", "contested"), [(None, None), ({}, None), ({"az": "Bərdə"}, None)])
def test_missing_names_give_an_empty_label(names: dict | None, contested: None) -> None:
    assert place_label(names, contested, "en") == ""
