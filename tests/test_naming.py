"""geo.naming: place labels under each naming; contested places always show both names."""

import pytest

from geo.naming import NAMINGS, place_label

SHUSHA = ({"en": "Shusha", "az": "Şuşa", "hy": "Շուշի", "ru": "Шуша"}, {"az": "Shusha", "hy": "Shushi"})
KARABAKH = (
    {"en": "Nagorno-Karabakh", "az": "Dağlıq Qarabağ", "hy": "Լեռնային Ղարաբաղ", "ru": "Нагорный Карабах"},
    {"az": "Nagorno-Karabakh", "hy": "Artsakh"},
)
BARDA = ({"en": "Barda", "az": "Bərdə", "hy": "Պարտավ", "ru": "Барда"}, None)
ENGLISH_ONLY = ({"en": "Southcity"}, None)
CONTESTED_ENGLISH_ONLY = ({"en": "Shusha"}, {"az": "Shusha", "hy": "Shushi"})


@pytest.mark.parametrize(("place", "naming", "label"), [
    (SHUSHA, "en", "Shusha / Shushi"),
    (SHUSHA, "az", "Şuşa / Shushi"),
    (SHUSHA, "hy", "Շուշի / Shusha"),
    (SHUSHA, "ru", "Шуша / Shushi"),
    (KARABAKH, "en", "Nagorno-Karabakh / Artsakh"),
    (KARABAKH, "az", "Dağlıq Qarabağ / Artsakh"),
    (KARABAKH, "hy", "Լեռնային Ղարաբաղ / Nagorno-Karabakh"),
    (KARABAKH, "ru", "Нагорный Карабах / Artsakh"),
    (BARDA, "en", "Barda"),
    (BARDA, "az", "Bərdə"),
    (BARDA, "hy", "Պարտավ"),
    (BARDA, "ru", "Барда"),
    (ENGLISH_ONLY, "az", "Southcity"),  # a missing language falls back to English
    (ENGLISH_ONLY, "hy", "Southcity"),
    (CONTESTED_ENGLISH_ONLY, "hy", "Shusha / Shushi"),  # never the same name twice
    (CONTESTED_ENGLISH_ONLY, "az", "Shusha / Shushi"),
    (({"en": "Shushi"}, {"az": "Shusha", "hy": "Shushi"}), "en", "Shushi / Shusha"),
])  # fmt: skip
def test_place_label(place: tuple[dict, dict | None], naming: str, label: str) -> None:
    assert place_label(*place, naming) == label


def test_english_is_the_default_naming() -> None:
    assert place_label(*SHUSHA) == "Shusha / Shushi"


@pytest.mark.parametrize("place", [SHUSHA, KARABAKH, CONTESTED_ENGLISH_ONLY])
@pytest.mark.parametrize("naming", NAMINGS)
def test_contested_places_show_two_different_names(place: tuple[dict, dict], naming: str) -> None:
    first, other = place_label(*place, naming).split(" / ")
    assert first.casefold() != other.casefold()
    assert {first, other} & set(place[1].values())


@pytest.mark.parametrize(("names", "contested"), [(None, None), ({}, None), ({"az": "Bərdə"}, None)])
def test_missing_names_give_an_empty_label(names: dict | None, contested: None) -> None:
    assert place_label(names, contested, "en") == ""
