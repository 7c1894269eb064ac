"""Every page in Azərbaycanca, Հայերեն and Русский leaves no English UI word on screen (issue 22).

The check is generic: it walks everything a page draws (headings, text, captions, labels, help,
placeholders, options, tab and expander labels, table columns) and looks for words of the English
interface, i.e. the words of the catalogues' English messages that the language's own translations
do not use (names such as GeoNames or OpenStreetMap stay as they are in every language). What
comes from data or a reader's text (the mapped text, names found in it) is not interface.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from geo.model.i18n import LOCALE_DIR
from geo.model.loader import load_dataset

REPO = Path(__file__).resolve().parents[1]
PAGES = sorted((REPO / "pages").glob("*.py"))
TRANSLATED = ["az", "hy", "ru"]
TIMEOUT_S = 120
# The proto fields a reader sees; ids, keys, types and the map's script are not text.
SHOWN_FIELDS = {"body", "label", "placeholder", "help", "options", "caption"}
# Containers of the reader's own text or of names found in it (ui/text_mapping.py, ui/text_review.py).
DATA_BLOCKS = ("-mapped_text", "-text_unresolved", "-text_place")
WORD = re.compile(r"[A-Za-z][a-z]{3,}")
# Markdown links' targets and code spans are addresses and field names, not prose.
NOT_PROSE = re.compile(r"\]\([^)]*\)|`[^`]*`|https?://\S+")


def words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(NOT_PROSE.sub(" ", text))}


@cache
def english_ui_words(lang: str) -> frozenset[str]:
    """Words of the English messages that the `lang` catalogue's translations never use."""
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalogue = read_po(file)
    english, kept = set(), set()
    for message in catalogue:
        if not message.id:
            continue
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            english |= words(text)
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            kept |= words(text or "")
    return frozenset(english - kept - place_name_words())


@cache
def place_name_words() -> frozenset[str]:
    """The words of the places' English names (data, not interface: "United States", "Lachin")."""
    places = load_dataset().places
    names = [str(names.get("en", "")) for names in places["names"]] + list(places["name"].astype(str))
    names += [str(name) for contested in places["contested_names"] if contested for name in contested.values()]
    return frozenset(word for name in names for word in words(name))


def proto_texts(proto) -> list[str]:
    found = []
    for field, value in proto.ListFields():
        if field.message_type is not None:
            for item in (value,) if hasattr(value, "ListFields") else value:  # one message, or repeated
                found += proto_texts(item)
        elif field.name in SHOWN_FIELDS:
            found += [value] if isinstance(value, str) else [item for item in value if isinstance(item, str)]
    return found


def shown_texts(node) -> list[str]:
    """What a reader sees in `node` and below it (a table's column names included)."""
    proto = getattr(node, "proto", None)
    if any(str(getattr(proto, "id", "")).endswith(key) for key in DATA_BLOCKS):
        return []
    found = proto_texts(proto) if proto is not None and type(node).__name__ != "Html" else []
    value = getattr(node, "value", None) if type(node).__name__ in {"Dataframe", "Table"} else None
    if isinstance(value, pd.DataFrame):
        # A column's header is its column_config label when it has one, else its name.
        config = json.loads(getattr(proto, "columns", "") or "{}")
        found += [str(config.get(str(column), {}).get("label") or column) for column in value.columns]
    for child in getattr(node, "children", {}).values():
        found += shown_texts(child)
    return found


def english_left(app: AppTest, lang: str) -> list[tuple[str, list[str]]]:
    vocabulary = english_ui_words(lang)
    left = []
    for text in shown_texts(app.main):
        english = sorted(words(text) & vocabulary)
        if english:
            left.append((text[:120], english))
    return left


def page(path: Path, lang: str) -> AppTest:
    app = AppTest.from_file(str(path), default_timeout=TIMEOUT_S)
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_check_finds_the_english_interface() -> None:
    """The same check on the English page finds the words it looks for (it is not blind)."""
    app = page(REPO / "pages" / "3_Sources_and_method.py", "en")
    found = {word for _, english in english_left(app, "ru") for word in english}
    assert {"mediators", "excerpt", "ceasefires"} <= found


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.stem)
def test_a_page_in_another_language_has_no_english_ui_left(path: Path, lang: str) -> None:
    assert english_left(page(path, lang), lang) == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_map_a_text_after_mapping_has_no_english_ui_left(lang: str) -> None:
    """The text mapper with its result: metrics, tables, review, drafts and exports."""
    app = page(REPO / "pages" / "4_Your_data.py", lang)
    app.button(key="text_article").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert len(app.metric) >= 2
    assert english_left(app, lang) == []


def upload_report_page() -> None:
    """The events upload's report as the page draws it (ui.uploads), for a bad CSV file (AppTest runs
    this function's body as a script of its own: what it needs is inside it)."""
    import streamlit as st

    from geo.io.upload import parse_upload
    from ui.lang import session_texts
    from ui.uploads import translated_report

    bad_csv = (
        "date,latitude,longitude,title\n"
        "2020-10-28,40.38,47.12,Fine\n"
        "28/10/2020,40.38,47.12,Ambiguous day\n"
        "2020-10-30,forty,47.12,Word\n"
    )
    outcome = parse_upload(bad_csv.encode(), "bad <file>.csv")
    st.table(translated_report(outcome, session_texts()))


def test_a_bad_uploads_report_in_russian_names_the_row_field_and_bad_value() -> None:
    app = AppTest.from_function(upload_report_page, default_timeout=TIMEOUT_S)
    app.query_params["lang"] = "ru"
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    [table] = app.table
    rows = table.value.to_dict("records")
    assert list(table.value.columns) == ["Строка", "Поле", "Ошибочное значение", "Почему"]
    assert {"Строка": 3, "Поле": "date", "Ошибочное значение": "'28/10/2020'",
            "Почему": "неоднозначно (день/месяц или месяц/день?): запишите как 2020-10-28"} in rows  # fmt: skip
    assert {"Строка": 4, "Поле": "latitude", "Ошибочное значение": "'forty'", "Почему": "не является числом"} in rows
    assert english_left(app, "ru") == []


def test_a_bad_files_message_in_russian_names_the_file_field_and_value() -> None:
    from geo.io.upload import parse_upload
    from geo.model.i18n import texts
    from geo.model.schema import DataError

    with pytest.raises(DataError) as raised:
        parse_upload(b"date\n2020\n", "events.txt")
    assert str(raised.value) == "events.txt: field 'extension' = 'txt': must be .geojson, .json or .csv"
    assert (
        raised.value.text(texts("ru")) == "events.txt: поле 'extension' = 'txt': должно быть .geojson, .json или .csv"
    )


def test_the_timeline_charts_lanes_tooltips_and_months_are_in_russian() -> None:
    app = page(REPO / "pages" / "1_Timeline.py", "ru")
    [spec] = [json.loads(node.proto.spec) for node in app.main if hasattr(getattr(node, "proto", None), "spec")]
    text = json.dumps(spec, ensure_ascii=False)
    assert "Перемирия и соглашения" in text and "Ceasefires and agreements" not in text  # the top lane
    assert '"title": "Потери (кто сообщил)"' in text and "who reported" not in text  # a tooltip
    assert "Погибшие + раненые, по сообщениям" in text  # the dots' legend
    locale = spec["usermeta"]["embedOptions"]["timeFormatLocale"]
    assert locale["shortMonths"][10] == "нояб." and locale["months"][10] == "ноября"  # the axis's months (CLDR)
