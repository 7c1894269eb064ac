"""Events and places in the reader's language: our own wording (title, summary, casualty notes, place
notes) and the article's claim, taken from the translations kept beside the English (`title_az`,
`summary_hy`, `source_claim_ru`, `note_az` …).

A missing translation falls back to the English, field by field, and says so (FALLBACK_COLUMN), so
a view can mark English text shown in another language instead of hiding the gap.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.model.schema import NAME_LANGUAGES, TRANSLATED_CASUALTY_FIELDS, TRANSLATED_EVENT_FIELDS

CONTENT_LANGUAGES = NAME_LANGUAGES  # ("en", "az", "hy", "ru"): English is the original
FALLBACK_COLUMN = "fallback_fields"


def translation_column(field: str, lang: str) -> str:
    """The column holding `field` in `lang`: "title" in English, "title_az" in Azerbaijani."""
    return field if lang == "en" else f"{field}_{lang}"


def check_content_language(lang: object) -> str:
    """`lang` if it is one of CONTENT_LANGUAGES; otherwise a ValueError echoing it."""
    if not isinstance(lang, str) or lang not in CONTENT_LANGUAGES:
        raise ValueError(f"content language {lang!r} is not one of {', '.join(CONTENT_LANGUAGES)}")
    return lang


def localize_events(frame: gpd.GeoDataFrame, lang: str) -> gpd.GeoDataFrame:
    """A copy of `frame` with `title`, `summary`, `source_claim` and the `casualties`' `reported_by`
    and `qualifier` in `lang`.

    Each field whose translation is missing (no column or key, None or blank) keeps its English text
    and is named in the row's FALLBACK_COLUMN, a tuple such as ("summary", "casualties.qualifier");
    () when all is translated and for English. An English field that is itself empty (an upload's
    absent `source_claim`) is not a fallback. The frame's `attrs["content_language"]` says which
    language was asked for.
    """
    localized, fallbacks = _localize(frame, check_content_language(lang), TRANSLATED_EVENT_FIELDS)
    if lang != "en" and "casualties" in frame:
        casualties = [_casualties_in(c, lang, fallbacks[row]) for row, c in enumerate(frame["casualties"])]
        localized["casualties"] = pd.Series(casualties, index=frame.index, dtype=object)
    return _with_fallbacks(localized, fallbacks, lang)


def localize_places(frame: gpd.GeoDataFrame, lang: str) -> gpd.GeoDataFrame:
    """A copy of `frame` (places) with `note` in `lang`, falling back to the English as
    `localize_events` does and saying so in FALLBACK_COLUMN. Names are not touched: which name
    shows is the naming's choice (geo.model.naming)."""
    localized, fallbacks = _localize(frame, check_content_language(lang), ("note",))
    return _with_fallbacks(localized, fallbacks, lang)


def _localize(frame: gpd.GeoDataFrame, lang: str, fields: tuple[str, ...]) -> tuple[gpd.GeoDataFrame, list[list[str]]]:
    """A copy of `frame` with `fields` in `lang`, and per row the fields that kept their English."""
    localized = frame.copy()
    fallbacks: list[list[str]] = [[] for _ in range(len(frame))]
    if lang == "en":
        return localized, fallbacks
    for field in fields:
        column = translation_column(field, lang)
        translated = frame[column] if column in frame else pd.Series([None] * len(frame), index=frame.index)
        values = []
        for row, (english, text) in enumerate(zip(frame[field], translated, strict=True)):
            if isinstance(text, str) and text.strip():
                values.append(text)
                continue
            values.append(english)
            if isinstance(english, str) and english.strip():
                fallbacks[row].append(field)
        localized[field] = pd.Series(values, index=frame.index, dtype=object)
    return localized, fallbacks


def _with_fallbacks(localized: gpd.GeoDataFrame, fallbacks: list[list[str]], lang: str) -> gpd.GeoDataFrame:
    localized[FALLBACK_COLUMN] = pd.Series([tuple(f) for f in fallbacks], index=localized.index, dtype=object)
    localized.attrs["content_language"] = lang
    return localized


def _casualties_in(casualties: object, lang: str, fallbacks: list[str]) -> object:
    """A copy of one event's casualties with its texts in `lang`; missing ones appended to `fallbacks`."""
    if not isinstance(casualties, dict):
        return casualties
    localized = dict(casualties)
    for field in TRANSLATED_CASUALTY_FIELDS:
        english, text = casualties.get(field), casualties.get(f"{field}_{lang}")
        if isinstance(text, str) and text.strip():
            localized[field] = text
        elif isinstance(english, str) and english.strip():
            fallbacks.append(f"casualties.{field}")
    return localized
