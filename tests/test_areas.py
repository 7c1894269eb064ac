"""Areas of control over time: each area's state on the dates the war turned, and the checks."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.model.areas import check_area
from geo.model.loader import AREAS_PATH, load_areas, read_geojson
from geo.model.naming import NAMINGS, place_label
from scripts.build_areas import apply_texts

AREAS = {area.id: area for area in load_areas()}
DATES = ["2020-09-26", "2020-11-09", "2020-11-21", "2020-11-26", "2020-12-02"]

# area: its status on each of DATES (None: not drawn)
EXPECTED = {
    "aghdam": ["held-part", "fighting", "handed-over", "handed-over", "handed-over"],
    "kalbajar": ["held", "fighting", "held", "handed-over", "handed-over"],
    "lachin": ["held", "fighting", "held", "held", "handed-over"],
    "lachin-corridor": [None, None, "corridor", "corridor", "corridor"],
    "shusha": ["held", "held-az", "held-az", "held-az", "held-az"],
    "jabrayil": ["held", "fighting", "held-az", "held-az", "held-az"],
    "fuzuli": ["held-part", "fighting", "held-az", "held-az", "held-az"],
    "zangilan": ["held", "fighting", "held-az", "held-az", "held-az"],
    "qubadli": ["held", "fighting", "held-az", "held-az", "held-az"],
    "khankendi": ["held", "fighting", "peacekeeping", "peacekeeping", "peacekeeping"],
    "khojaly": ["held", "fighting", "peacekeeping", "peacekeeping", "peacekeeping"],
    "khojavend": ["held", "fighting", "peacekeeping-part", "peacekeeping-part", "peacekeeping-part"],
    "aghdara": ["held-part", "fighting", "peacekeeping-part", "peacekeeping-part", "peacekeeping-part"],
}  # fmt: skip


def test_every_area_has_its_expected_states() -> None:
    assert set(AREAS) == set(EXPECTED)


@pytest.mark.parametrize(("area_id", "day", "status"), [
    (area_id, day, status)
    for area_id, statuses in EXPECTED.items()
    for day, status in zip(DATES, statuses, strict=True)
])  # fmt: skip
def test_state_on_each_date(area_id: str, day: str, status: str | None) -> None:
    state = AREAS[area_id].state_at(dt.date.fromisoformat(day))
    assert (state.status if state else None) == status


@pytest.mark.parametrize(("area_id", "day", "words"), [
    ("aghdam", "2020-11-20", "Passed to Azerbaijani control on 20 November 2020"),
    ("kalbajar", "2020-11-25", "Passed to Azerbaijani control on 25 November 2020"),
    ("lachin", "2020-12-01", "Passed to Azerbaijani control on 1 December 2020, except the corridor"),
    ("kalbajar", "2020-09-26", "internationally recognised as part of Azerbaijan"),
    ("kalbajar", "2020-09-26", "de facto Nagorno-Karabakh (Artsakh) authorities and Armenian forces"),
    ("khojaly", "2020-11-10", "Russian peacekeeping area"),
])  # fmt: skip
def test_the_state_says_what_happened_in_neutral_words(area_id: str, day: str, words: str) -> None:
    assert words in AREAS[area_id].state_at(dt.date.fromisoformat(day)).text


@pytest.mark.parametrize(("area_id", "day", "lang", "words"), [
    ("aghdam", "2020-11-20", "az", "20 noyabr 2020 tarixində Azərbaycanın nəzarətinə keçdi"),
    ("kalbajar", "2020-11-25", "hy", "2020 թվականի նոյեմբերի 25-ին անցավ Ադրբեջանի վերահսկողության տակ"),
    ("lachin", "2020-12-01", "ru", "Перешёл под контроль Азербайджана 1 декабря 2020 года, кроме коридора"),
    ("kalbajar", "2020-09-26", "ru", "де-факто властей Нагорного Карабаха / Арцаха"),
    ("shusha", "2020-11-09", "hy", "2020 թվականի նոյեմբերի 8-ից Ադրբեջանի ուժերի վերահսկողության տակ"),
    ("lachin-corridor", "2020-11-10", "az", "Laçın / Berdzor dəhlizi"),
])  # fmt: skip
def test_the_state_says_it_in_each_language(area_id: str, day: str, lang: str, words: str) -> None:
    state = AREAS[area_id].state_at(dt.date.fromisoformat(day))
    assert words in state.text_in(lang)
    assert state.source_in(lang) != state.source


@pytest.mark.parametrize("lang", ["az", "hy", "ru"])
def test_the_area_note_is_translated(lang: str) -> None:
    area = AREAS["aghdara"]
    assert area.note_in(lang) and area.note_in(lang) != area.note
    assert area.note_in("en") == area.note


def test_a_bad_area_note_translation_is_rejected_with_its_value() -> None:
    area, problems = check_area(_feature(note="n", note_hy=" "), 3, "areas")
    assert area is None
    assert [(p.field, p.value) for p in problems] == [("note_hy", " ")]


def test_a_state_without_a_translation_shows_the_english() -> None:
    area, problems = check_area(_feature(states=[{"start": "2020-11-01", "status": "held", "text": "t",
                                                  "source": "s", "text_az": "ta"}]), 0, "areas")  # fmt: skip
    assert problems == []
    state = area.states[0]
    assert (state.text_in("az"), state.text_in("hy"), state.source_in("az"), state.text_in("en")) == (
        "ta",
        "t",
        "s",
        "t",
    )


def test_handovers_begin_on_their_day_not_before() -> None:
    assert AREAS["aghdam"].state_at(dt.date(2020, 11, 19)).status == "held-part"
    assert AREAS["aghdam"].state_at(dt.date(2020, 11, 20)).status == "handed-over"


def test_every_state_cites_a_source_and_says_when_it_is_outside_the_article() -> None:
    for area in AREAS.values():
        for state in area.states:
            assert state.source.strip()
            assert state.source_paragraphs or "Outside the article" in state.source, (area.id, state)
        assert area.precision == "approximate"  # drawn at district level


@pytest.mark.parametrize("naming", NAMINGS)
def test_every_area_shows_both_names_in_every_naming(naming: str) -> None:
    for area in AREAS.values():
        label = place_label(area.names, area.contested_names, naming)
        assert area.contested_names["az"] in label and area.contested_names["hy"] in label


def _feature(**changes) -> dict:
    """The shipped Aghdam / Akna feature with some properties changed."""
    feature = copy.deepcopy(read_geojson(AREAS_PATH)["features"][2])
    feature["properties"].update(changes)
    return feature


def test_a_good_feature_passes() -> None:
    area, problems = check_area(_feature(), 0, "areas")
    assert problems == [] and area.id == "aghdam"


@pytest.mark.parametrize(("changes", "field", "reason"), [
    ({"states": [{"end": None, "status": "held", "text": "t", "source": "s"}]}, "states[0].start", "missing"),
    ({"states": [{"start": "2020-13-01", "status": "held", "text": "t", "source": "s"}]}, "states[0].start",
     "calendar"),
    ({"states": [{"start": "2020-11-01", "status": "liberated", "text": "t", "source": "s"}]}, "states[0].status",
     "is not one of"),
    ({"states": [{"start": "2020-11-01", "status": "held", "text": "t", "source": ""}]}, "states[0].source",
     "non-empty"),
    ({"states": [{"start": "2020-11-02", "end": "2020-11-01", "status": "held", "text": "t", "source": "s"}]},
     "states[0].end", "not after"),
    ({"states": [{"start": "2020-11-01", "status": "held", "text": "t", "source": "s"},
                 {"start": "2020-11-05", "status": "held-az", "text": "t", "source": "s"}]}, "states", "overlap"),
    ({"contested_names": {"az": "Aghdam"}}, "contested_names", "both sides"),
    ({"precision": "roughly"}, "precision", "is not one of"),
    ({"states": [{"start": "2020-11-01", "status": "held", "text": "t", "source": "s", "text_hy": ""}]},
     "states[0].text_hy", "non-empty"),
    ({"states": [{"start": "2020-11-01", "status": "held", "text": "t", "source": "s", "source_ru": 5}]},
     "states[0].source_ru", "non-empty"),
])  # fmt: skip
def test_a_bad_feature_is_rejected_naming_the_field_and_value(changes: dict, field: str, reason: str) -> None:
    area, problems = check_area(_feature(**changes), 7, "upload.geojson")
    assert area is None
    messages = [str(p) for p in problems]
    assert any(p.field == field and reason in p.reason for p in problems), messages
    assert all("feature 7" in m for m in messages)


def test_the_sources_page_lists_every_area_state_with_its_source_and_the_licence() -> None:
    page = Path(__file__).resolve().parents[1] / "pages" / "3_Sources_and_method.py"
    app = AppTest.from_file(str(page), default_timeout=60)
    app.run()
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) == sum(len(area.states) for area in AREAS.values())
    assert "Aghdam / Akna" in set(table["Area (approximate)"])
    assert table["Source"].str.len().min() > 0
    text = " ".join(str(m.value) for m in app.markdown)
    assert "CC BY-SA 3.0" in text and "geoBoundaries" in text


def test_the_shipped_areas_say_what_the_toml_files_say() -> None:
    """data/areas.geojson's words are those of scripts/areas.toml and scripts/areas_texts.toml:
    `build_areas.py --texts-only` writes them again from the TOML without the district file, and
    leaves the geometry as it is."""
    shipped = json.loads(AREAS_PATH.read_text(encoding="utf-8"))
    rebuilt = json.loads(json.dumps(apply_texts(copy.deepcopy(shipped))))
    assert rebuilt == shipped
