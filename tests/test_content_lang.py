"""geo.model.content_lang: events in the reader's language, falling back to English field by field."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.model.content_lang import (
    FALLBACK_COLUMN,
    check_content_language,
    localize_events,
    localize_places,
    translation_column,
)
from geo.model.loader import load_dataset


def frame(**translations: object) -> gpd.GeoDataFrame:
    """One event with English wording and the given translated columns."""
    row = {"id": "e1", "title": "Talks", "summary": "They met.", "source_claim": "The article says so.", **translations}
    return gpd.GeoDataFrame([row], geometry=[Point(0, 0)], crs="EPSG:4326")


FULL = {
    "az": ("Danışıqlar", "Görüşdülər.", "Məqalədə deyilir."),
    "hy": ("Բանակցություններ", "Հանդիպեցին։", "Հոդվածում ասվում է։"),
    "ru": ("Переговоры", "Они встретились.", "В статье говорится."),
}


@pytest.mark.parametrize("lang", ["az", "hy", "ru"])
def test_each_language_takes_its_own_columns(lang: str) -> None:
    title, summary, claim = FULL[lang]
    columns = {f"title_{lang}": title, f"summary_{lang}": summary, f"source_claim_{lang}": claim}
    localized = localize_events(frame(**columns), lang)
    assert localized.loc[0, ["title", "summary", "source_claim"]].tolist() == [title, summary, claim]
    assert localized.loc[0, FALLBACK_COLUMN] == ()
    assert localized.attrs["content_language"] == lang


def test_english_is_the_original_and_never_a_fallback() -> None:
    localized = localize_events(frame(title_az="Danışıqlar"), "en")
    assert localized.loc[0, "title"] == "Talks"
    assert localized.loc[0, FALLBACK_COLUMN] == ()


@pytest.mark.parametrize("missing", [None, "", "   "])
@pytest.mark.parametrize("lang", ["az", "hy", "ru"])
def test_a_missing_translation_falls_back_to_english_and_says_so(lang: str, missing: object) -> None:
    title, _, claim = FULL[lang]
    columns = {f"title_{lang}": title, f"summary_{lang}": missing, f"source_claim_{lang}": claim}
    localized = localize_events(frame(**columns), lang)
    assert localized.loc[0, "title"] == title
    assert localized.loc[0, "summary"] == "They met."
    assert localized.loc[0, FALLBACK_COLUMN] == ("summary",)


def test_a_frame_without_translation_columns_is_all_english() -> None:
    localized = localize_events(frame(), "hy")
    assert localized.loc[0, "summary"] == "They met."
    assert localized.loc[0, FALLBACK_COLUMN] == ("title", "summary", "source_claim")


def test_an_absent_english_claim_is_not_a_fallback() -> None:
    localized = localize_events(frame(source_claim=None, title_ru="Переговоры", summary_ru="Встреча."), "ru")
    assert localized.loc[0, "source_claim"] is None
    assert localized.loc[0, FALLBACK_COLUMN] == ()


def test_the_input_frame_is_left_as_it_was() -> None:
    original = frame(title_az="Danışıqlar")
    localize_events(original, "az")
    assert original.loc[0, "title"] == "Talks"
    assert FALLBACK_COLUMN not in original


@pytest.mark.parametrize("lang", ["en", "az", "hy", "ru"])
def test_the_shipped_events_are_translated_in_full(lang: str) -> None:
    localized = localize_events(load_dataset().events, lang)
    assert [f for f in localized[FALLBACK_COLUMN] if f] == []
    assert localized["title"].map(bool).all()


@pytest.mark.parametrize("lang", ["AZ", "az-AZ", "de", "", " ru", None, 1, ["az"]])
def test_an_unknown_language_is_refused_with_its_value(lang: object) -> None:
    with pytest.raises(ValueError, match="content language") as raised:
        localize_events(frame(), lang)  # type: ignore[arg-type]
    assert repr(lang) in str(raised.value)


@pytest.mark.parametrize("lang", ["en", "az", "hy", "ru"])
def test_good_languages_pass_the_check(lang: str) -> None:
    assert check_content_language(lang) == lang


@pytest.mark.parametrize(("field", "lang", "column"), [("title", "en", "title"), ("summary", "hy", "summary_hy"),
                                                      ("source_claim", "ru", "source_claim_ru")])  # fmt: skip
def test_translation_column_names(field: str, lang: str, column: str) -> None:
    assert translation_column(field, lang) == column


CASUALTIES = {"killed": 21, "reported_by": "A ministry", "qualifier": "more than 70"}


@pytest.mark.parametrize("lang", ["az", "hy", "ru"])
def test_casualty_texts_take_the_language_and_fall_back_per_field(lang: str) -> None:
    casualties = {**CASUALTIES, f"reported_by_{lang}": FULL[lang][1]}
    localized = localize_events(frame(casualties=casualties), lang)
    assert localized.loc[0, "casualties"]["reported_by"] == FULL[lang][1]
    assert localized.loc[0, "casualties"]["qualifier"] == "more than 70"
    assert localized.loc[0, "casualties"]["killed"] == 21
    assert "casualties.qualifier" in localized.loc[0, FALLBACK_COLUMN]
    assert "casualties.reported_by" not in localized.loc[0, FALLBACK_COLUMN]


def test_events_without_casualties_keep_none() -> None:
    localized = localize_events(frame(casualties=None, title_ru="Переговоры"), "ru")
    assert localized.loc[0, "casualties"] is None


def places(**translations: object) -> gpd.GeoDataFrame:
    row = {"id": "p1", "name": "Ganja", "note": "Gandzak is its historical Armenian name.", **translations}
    return gpd.GeoDataFrame([row], geometry=[Point(46.36, 40.68)], crs="EPSG:4326")


@pytest.mark.parametrize("lang", ["az", "hy", "ru"])
def test_a_place_note_takes_the_language(lang: str) -> None:
    localized = localize_places(places(**{f"note_{lang}": FULL[lang][1]}), lang)
    assert localized.loc[0, "note"] == FULL[lang][1]
    assert localized.loc[0, "name"] == "Ganja"
    assert localized.loc[0, FALLBACK_COLUMN] == ()


@pytest.mark.parametrize("lang", ["az", "hy", "ru"])
def test_a_place_note_falls_back_and_a_place_without_one_does_not(lang: str) -> None:
    frame = pd.concat([places(), places(id="p2", note=None)], ignore_index=True)
    localized = localize_places(frame, lang)
    assert localized["note"].tolist() == ["Gandzak is its historical Armenian name.", None]
    assert localized[FALLBACK_COLUMN].tolist() == [("note",), ()]


@pytest.mark.parametrize("lang", ["AZ", "fr", None])
def test_localize_places_refuses_an_unknown_language(lang: object) -> None:
    with pytest.raises(ValueError, match=repr(lang).replace("(", r"\(")):
        localize_places(places(), lang)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["az", "hy", "ru"])
def test_every_shipped_place_note_is_translated(lang: str) -> None:
    localized = localize_places(load_dataset().places, lang)
    assert localized["note"].notna().sum() >= 30
    assert [p for p, fell_back in zip(localized["id"], localized[FALLBACK_COLUMN], strict=True) if fell_back] == []
