"""The handout in the class's language (issue 22): its own words, counts and dates in az, hy and ru,
no English label left, the events' own texts in the language and both names of contested places,
read back from the PDF as a teacher would check it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pypdfium2 as pdfium
import pytest

from geo.io.handout import LEFT_OUT_MANY, MAX_PAGES, MISSING_GLYPH, build_handout, handout_fit, notice_pdf
from geo.map.framing import TITLE
from geo.model.i18n import texts
from geo.model.loader import load_dataset, places_attribution
from geo.model.prepare import casualty_text, in_language, label_of, prepare, view_in_words
from geo.model.viewstate import ViewState

SHUSHA = "azerbaijani-forces-take-shusha"
DAY = dt.date(2020, 11, 20)  # areas passed and held on the map: the legend has every kind of line
TRANSLATED = ["az", "hy", "ru"]
# Each language's own words, as a reader of it sees them on the first page and on the cards.
LABELS = {
    "az": ["Səhifə 1 / ", "Mənbə: məqalənin ", "yer adları əvvəlcə: Azərbaycan", "Metod: məqalə abzas-abzas",
           "Xəritələrdəki nömrələr", "Rənglənib: ərazilər 20 noyabr 2020 tarixindəki vəziyyətdə", "Yerlər: "],
    "hy": ["Էջ 1 / ", "Աղբյուր՝ հոդվածի պարբերություն", "տեղանունները նախ՝ Հայերեն", "Մեթոդ՝ հոդվածը կարդացվել",
           "Քարտեզների համարները", "Ներկված են՝ տարածքները 2020 թ. նոյեմբերի 20-ի դրությամբ", "Վայրեր՝ "],
    "ru": ["Страница 1 из ", "Источник: абзац", "названия мест сначала: Русские", "Метод: статья прочитана",
           "Номера на картах", "Заливка: зоны по состоянию на 20 ноября 2020 г.", "Места: "],
}  # fmt: skip
# The handout's English words, none of which may be left in another language's handout.
ENGLISH_LABELS = [
    "The article says", "Places:", "Casualties:", "Source: paragraph", "of the article", "Page 1 of",
    " events ·", "place names first in", "Method:", "Numbers on the map", "Shaded:", "Sources:",
    "Country outlines:", "did not fit", "Reported by", " killed", " injured", "Passed to Azerbaijani control",
    "Held by", "One article's account", "Source: one opinion article", "approximate", "Points:",
]  # fmt: skip
# Shusha's date (8 November 2020) as CLDR writes it in each language.
SHUSHA_DAY = {"az": "8 noyabr 2020", "hy": "2020 թ. նոյեմբերի 8", "ru": "8 ноября 2020 г."}
# Both names of Shusha / Shushi, the language's own first (geo.model.naming).
SHUSHA_NAMES = {"az": "Şuşa (Shusha) / Shushi", "hy": "Շուշի (Shushi) / Shusha", "ru": "Шуша / Шуши"}
# A letter of each script the font must print (never dropped, never a box).
LETTERS = {"az": "ə", "hy": "Շ", "ru": "Ш"}


@pytest.fixture(scope="module")
def data():
    return prepare(load_dataset())


def pdf_text(pdf: bytes) -> str:
    """Every page's text, line breaks and CLDR's no-break spaces as plain spaces (a line may wrap)."""
    document = pdfium.PdfDocument(pdf)
    text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.fixture(scope="module", params=TRANSLATED)
def handout(request, data) -> tuple[str, str]:
    """(lang, text) of the war's handout on DAY in `lang`, as the dashboard makes it in that language
    (with the places file's credit line)."""
    lang = request.param
    localized = in_language(data, lang)
    rows = np.flatnonzero(localized.era_is_war)
    options = {"view_line": texts(lang).date(DAY), "attribution": places_attribution(), "areas_on": DAY}
    return lang, pdf_text(build_handout(localized, rows, naming=lang, lang=lang, **options))


def test_the_handouts_own_words_are_in_the_language(handout, data) -> None:
    lang, text = handout
    language = texts(lang)
    assert language(TITLE) in text and language(TITLE) != TITLE
    for label in LABELS[lang]:
        assert label in text, f"{lang}: {label!r} missing"
    count = int(data.era_is_war.sum())
    assert language.plural("{count} event", "{count} events", count) in text  # "17 событий": the plural rule


def test_no_english_label_is_left(handout) -> None:
    lang, text = handout
    left = [label for label in ENGLISH_LABELS if label in text]
    assert left == [], f"English left in the {lang} handout: {left}"


def test_no_letter_is_dropped_or_boxed(handout) -> None:
    lang, text = handout
    assert LETTERS[lang] in text
    assert MISSING_GLYPH not in text


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_contested_places_card_has_both_names_its_date_and_the_articles_claim_marked(data, lang: str) -> None:
    """The Shusha / Shushi event alone: its title, date, places line and casualty-free card in the
    language, both names of the place (the card's places line and the map's label)."""
    localized = in_language(data, lang)
    row = int(np.flatnonzero(localized.events["id"] == SHUSHA)[0])
    event = localized.events.iloc[row]
    text = pdf_text(build_handout(localized, [row], naming=lang, lang=lang, areas_on=DAY))
    language = texts(lang)
    shusha = label_of(localized.places_by_id["shusha"], lang)
    assert shusha == SHUSHA_NAMES[lang]
    assert language("Places: {places}", places=shusha) in text  # the card
    assert text.count(shusha) >= 3  # the card, the map's label and the areas' legend
    assert language.date(dt.date(2020, 11, 8)).replace("\u202f", " ") == SHUSHA_DAY[lang]
    assert SHUSHA_DAY[lang] in text
    assert " ".join(event["title"].split()) in text
    assert language.plural("{count} event", "{count} events", 1) in text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "21 killed, 1 injured (civilians). Reported by: unknown"),
        ("ru", "21 погибший, 1 раненый (civilians). По данным: неизвестно"),
        ("hy", "21 զոհ, 1 վիրավոր (civilians)։ Հաղորդել է՝ անհայտ"),
        ("az", "21 nəfər həlak olub, 1 nəfər yaralanıb (civilians). Məlumat verən: naməlum"),
    ],
)
def test_casualty_figures_and_who_reported_them_follow_the_language(lang: str, text: str) -> None:
    casualties = {"killed": 21, "injured": 1, "qualifier": "civilians", "reported_by": ""}
    assert casualty_text(casualties, texts(lang)) == text


def test_a_language_that_is_not_ours_is_refused_naming_the_value(data) -> None:
    for bad in ("de", "EN", ""):
        with pytest.raises(ValueError, match=repr(bad)):
            build_handout(data, [0], lang=bad)
        with pytest.raises(ValueError, match=repr(bad)):
            handout_fit(data, [0], lang=bad)


def test_the_fit_is_measured_in_the_language(data) -> None:
    """Armenian and Russian words are longer: the dashboard's "the first N fit" is measured in the
    reader's language, and the handout lists exactly that many."""
    localized = in_language(data, "hy")
    rows = list(np.flatnonzero(localized.era_is_war))
    fits = handout_fit(localized, rows, naming="hy", lang="hy", areas_on=DAY)
    assert fits < len(rows)  # the Armenian handout of the whole war leaves some out
    text = pdf_text(build_handout(localized, rows, naming="hy", lang="hy", areas_on=DAY))
    left = texts("hy")(LEFT_OUT_MANY, first=fits + 1, last=len(rows), count=len(rows) - fits, pages=MAX_PAGES)
    assert left in text and f"{fits}. " in text


def test_a_notice_in_place_of_a_handout_is_in_the_language() -> None:
    text = pdf_text(notice_pdf("…", lang="ru"))
    assert "На этот раз раздаточного материала нет" in text and "No handout" not in text


@pytest.mark.parametrize(
    ("lang", "mode", "line"),
    [
        ("en", "window", "10 November 2020 (last 7 days)"),
        ("ru", "window", "10 ноября 2020 г. (последние 7 дней)"),
        ("hy", "upto", "2020 թ. նոյեմբերի 10"),
        ("az", "upto", "10 noyabr 2020"),
    ],
)
def test_the_dashboards_view_line_is_in_the_language(data, lang: str, mode: str, line: str) -> None:
    """The handout's view line (which day, which window) as the dashboard writes it for the reader."""
    view = ViewState(date=dt.date(2020, 11, 10), mode=mode, window=7)
    assert view_in_words(data, view, texts(lang)).replace("\u202f", " ") == line
