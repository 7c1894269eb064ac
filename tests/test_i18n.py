"""The interface's languages (issue 22): every message shown is in each catalogue, translated, with
the English placeholders; two languages in one process never mix; `?lang=` chooses, the browser's
locale guesses, a bad value is English; the dashboard speaks the language and keeps it in its links.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

import classroom
from geo.map.event_columns import events_from_columns
from geo.map.mapview import ENGINE_PLURALS, EVENTS_DIR, EVENTS_URL_PREFIX, engine_strings
from geo.model.i18n import LANGUAGES, LOCALE_DIR, choose_language, texts
from geo.model.loader import load_basemap, load_dataset
from geo.model.prepare import casualty_text, content_key, date_label, paragraph_text, prepare
from geo.model.rooms import Client, RoomView, display_code, new_token

REPO = Path(__file__).resolve().parents[1]
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
PLACEHOLDER = re.compile(r"\{(\w*)\}")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict:
    """The messages Babel extracts from the code now (as scripts/catalogues.sh does), by msgid."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    command = [
        "pybabel",
        "-q",
        "extract",
        "-F",
        str(REPO / "babel.cfg"),
        "-k",
        "n_:1,2",
        "-k",
        "plural_pair:1,2",
        "-k",
        "M_",
    ]
    CommandLineInterface().run([*command, "--no-location", "-o", str(pot), str(REPO)])
    with pot.open("rb") as file:
        return {message.id: message for message in read_po(file) if message.id}


def catalogue(lang: str):
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_shown_is_translated_with_the_same_placeholders(lang: str, extracted: dict) -> None:
    messages = catalogue(lang)
    missing, untranslated, wrong = [], [], []
    for msgid in extracted:
        message = messages.get(msgid)
        if message is None:
            missing.append(msgid)
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(forms):
            untranslated.append(msgid)
        english = placeholders(msgid[0] if isinstance(msgid, tuple) else msgid)
        wrong += [(msgid, form) for form in forms if form and placeholders(form) != english]
    assert missing == [], f"not in locales/{lang} (run scripts/catalogues.sh extract): {missing}"
    assert untranslated == [], f"untranslated in locales/{lang}: {untranslated}"
    assert wrong == [], f"placeholders differ from the English in locales/{lang}: {wrong}"


def test_every_word_the_engine_looks_up_is_in_its_table() -> None:
    """A `t('…')` / `tn('…', …)` literal in the engine with no entry would stay English."""
    looked_up = set()
    for path in (REPO / "static" / "engine").glob("*.js"):
        source = path.read_text(encoding="utf-8")
        looked_up |= set(re.findall(r"\bt\('((?:[^'\\]|\\.)*)'", source))
        looked_up |= set(re.findall(r"\btn\('((?:[^'\\]|\\.)*)'", source))
    known = set(engine_strings("en")["messages"]) | {singular for singular, _ in ENGINE_PLURALS}
    assert looked_up - known == set()
    table = engine_strings("ru")
    assert table["messages"]["Legend"] == "Легенда"
    assert set(table["plurals"]["{count} event shown"]) == {"one", "few", "many"}  # "other" is for fractions only


def test_two_languages_in_one_process_do_not_mix() -> None:
    """Each session looks its language up per call: threads asking for Armenian and Russian at
    once each get their own, and the process's default gettext stays untouched."""
    import gettext

    seen: dict[str, set[str]] = {"hy": set(), "ru": set()}

    def ask(lang: str) -> None:
        for _ in range(200):
            seen[lang].add(texts(lang)("Legend"))

    threads = [threading.Thread(target=ask, args=(lang,)) for lang in ("hy", "ru") for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {"hy": {"Պայմանական նշաններ"}, "ru": {"Легенда"}}
    assert texts("en")("Legend") == "Legend"
    assert gettext.gettext("Legend") == "Legend"  # nothing installed process-wide


@pytest.mark.parametrize(
    ("asked", "browser", "chosen"),
    [
        ("hy", None, "hy"),
        ("ru", "hy-AM", "ru"),  # the link wins over the browser
        (None, "hy-AM", "hy"),
        (None, "ru_RU", "ru"),
        (None, "az-Latn-AZ", "az"),
        (None, "fr-FR", "en"),
        (None, None, "en"),
        ("", "ru-RU", "en"),
        ("HY", None, "en"),
        ("xx", "ru-RU", "en"),
        ("<script>alert(1)</script>", None, "en"),
        ("hy\x00", None, "en"),
        ("ru" * 500, None, "en"),
    ],
)
def test_the_language_comes_from_the_link_else_the_browser(asked, browser, chosen) -> None:
    assert choose_language(asked, browser) == chosen


@pytest.mark.parametrize(
    ("lang", "precision", "text"),
    [
        ("en", "day", "10 November 2020"),
        ("ru", "day", "10 ноября 2020\u202fг."),  # CLDR's narrow no-break space keeps "2020 г." together
        ("hy", "day", "2020 թ. նոյեմբերի 10"),
        ("az", "day", "10 noyabr 2020"),
        ("hy", "month", "2020 թ․ նոյեմբեր"),
        ("ru", "month", "ноябрь 2020\u202fг."),
        ("ru", "year", "2020"),
    ],
)
def test_dates_follow_the_language_and_the_precision(lang: str, precision: str, text: str) -> None:
    assert texts(lang).date(dt.date(2020, 11, 10), precision) == text


@pytest.mark.parametrize(
    ("count", "text"), [(1, "показано 1 событие"), (3, "показано 3 события"), (11, "показано 11 событий")]
)
def test_counted_phrases_follow_the_plural_rules(count: int, text: str) -> None:
    assert texts("ru").plural("{count} event shown", "{count} events shown", count) == text


def dashboard(params: dict) -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    app.query_params.update(params)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_dashboard_in_armenian_keeps_the_language_in_its_links() -> None:
    app = dashboard({"lang": "hy"})
    assert app.title[0].value == texts("hy")("One article's account of the 2020 Karabakh war, on a map")
    assert app.sidebar.button(key="start_presentation").label == "Ցուցադրել դասարանին"
    assert app.sidebar.selectbox(key="naming").value == "hy"  # place names follow the language
    assert app.query_params["lang"] == ["hy"] or app.query_params["lang"] == "hy"
    app.sidebar.button(key="start_presentation").click().run()
    params = {key: value[-1] if isinstance(value, list) else value for key, value in app.query_params.items()}
    assert params["mode"] == "present" and params["lang"] == "hy"
    assert app.button(key="present_exit").label == "Դուրս գալ ցուցադրությունից"
    app.button(key="present_exit").click().run()
    params = {key: value[-1] if isinstance(value, list) else value for key, value in app.query_params.items()}
    assert params["lang"] == "hy" and "mode" not in params


@pytest.mark.parametrize("bad", ["xx", "<b>hy</b>", "'; alert(1)//", "en\u202eru"])
def test_a_bad_language_is_english_and_echoes_nothing(bad: str) -> None:
    app = dashboard({"lang": bad})
    assert app.sidebar.button(key="start_presentation").label == "Present to a class"
    shown = " ".join(str(element.value) for element in app.main if hasattr(element, "value"))
    assert bad not in shown


SEPTEMBER = ("2020-09-01", "month", None, "2020-09-27", False)


@pytest.mark.parametrize(
    ("lang", "when", "text"),
    [
        ("en", SEPTEMBER, "September 2020 (approximate: month only, not before 27 September)"),
        ("ru", SEPTEMBER, "сентябрь 2020\u202fг. (приблизительно: только месяц, не раньше 27 сентября)"),
        ("az", ("2020-11-10", "day", "2020-12-01", None, True), "təxminən 10 noyabr 2020 – 1 dekabr 2020"),
        ("hy", ("2016", "year", None, None, False), "2016 (մոտավոր՝ միայն տարին)"),
    ],
)  # fmt: skip
def test_a_cards_date_keeps_its_precision_in_every_language(lang: str, when: tuple, text: str) -> None:
    assert date_label(*when, language=texts(lang)) == text
    if lang == "en":
        assert date_label(*when) == text  # the English card as before


def test_a_students_page_speaks_the_students_language() -> None:
    """The follow page's language is the student's own (their link or browser), never the room's."""
    app = dashboard({"room": "", "lang": "ru"})
    assert app.title[0].value == "Следите за учителем"
    assert app.button[0].label == "Войти"
    app = dashboard({"room": ""})
    assert app.title[0].value == "Follow your teacher"


def test_a_bad_links_notice_is_in_the_readers_language_and_quotes_the_value() -> None:
    app = dashboard({"lang": "ru", "era": "<b>x</b>"})
    assert [warning.value for warning in app.warning] == ["Неизвестный период '\\<b\\>x\\</b\\>'; показана война\\."]


# Each event's date fields as the engine gets them (geo.map.mapview._events), and the arguments of
# geo.model.prepare.date_label for the same date.
CARD_DATES = [
    ({"date": "2020-10-28", "date_precision": "day"}, ("2020-10-28", "day")),
    ({"date": "2020-11-10", "date_precision": "day", "end_date": "2020-12-01", "about": True},
     ("2020-11-10", "day", "2020-12-01", None, True)),
    ({"date": "2020-09", "date_precision": "month", "notBefore": "2020-09-27"},
     ("2020-09", "month", None, "2020-09-27")),
    ({"date": "2016-04", "date_precision": "month"}, ("2016-04", "month")),
    ({"date": "1994", "date_precision": "year"}, ("1994", "year")),
    ({"date": "0600-01-01", "date_precision": "day"}, ("0600-01-01", "day")),
]  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_engine_writes_a_cards_date_and_sources_as_python_does(lang: str) -> None:
    """static/engine/dates.js (in Node) with the strings table, against geo.model.prepare."""
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node is missing: scripts/test.sh installs Debian's nodejs package"
    script = (
        f"const e = require({json.dumps(str(REPO / 'static' / 'engine' / 'dates.js'))});"
        "const [strings, events] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "e.setStrings(strings);"
        "console.log(JSON.stringify([events.map((event) => e.dateText(event, null)),"
        " [[3], [3, 4, 5]].map((p) => e.sourcesText(p, null))]));"
    )
    given = json.dumps([engine_strings(lang), [event for event, _ in CARD_DATES]])
    out = subprocess.run([node, "-e", script], input=given, capture_output=True, text=True, check=True, timeout=60)
    dates, sources = json.loads(out.stdout)
    language = texts(lang)
    assert dates == [date_label(*arguments, language=language) for _, arguments in CARD_DATES]
    assert sources == [paragraph_text([3], language), paragraph_text([3, 4, 5], language)]


# Casualty figures as events hold them: each count picks its plural form (Russian: 1 and 21 "one",
# 2 "few", 5 and 0 "many"); a qualifier and the reporter are the event's own (translated) words.
CARD_CASUALTIES = [
    {"killed": 1, "injured": 2, "reported_by": "Azerbaijan's prosecutor general"},
    {"killed": 21, "injured": 70, "qualifier": "more than 70", "reported_by": "officials"},
    {"killed": 5},
    {"injured": 0, "reported_by": "the ministry"},
    {"killed": 2783, "reported_by": "the ministry"},
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_engine_writes_a_cards_casualties_as_python_does(lang: str) -> None:
    """static/engine/dates.js casualtyText (in Node) with the strings table, against
    geo.model.prepare.casualty_text: the card's casualty line was English in every language."""
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node is missing: scripts/test.sh installs Debian's nodejs package"
    script = (
        f"const e = require({json.dumps(str(REPO / 'static' / 'engine' / 'dates.js'))});"
        "const [strings, cases] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "e.setStrings(strings);"
        "console.log(JSON.stringify(cases.map((c) => e.casualtyText(c, null))));"
    )
    given = json.dumps([engine_strings(lang), CARD_CASUALTIES])
    out = subprocess.run([node, "-e", script], input=given, capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(out.stdout) == [casualty_text(c, texts(lang)) for c in CARD_CASUALTIES]


@pytest.mark.parametrize(
    ("lang", "casualties", "line"),
    [
        ("ru", CARD_CASUALTIES[0], "1 погибший, 2 раненых. По данным: Azerbaijan's prosecutor general"),
        ("ru", CARD_CASUALTIES[1], "21 погибший, 70 раненых (more than 70). По данным: officials"),
        ("ru", CARD_CASUALTIES[2], "5 погибших. По данным: неизвестно"),
        ("en", CARD_CASUALTIES[2], "5 killed. Reported by: unknown"),
    ],
)
def test_a_casualty_line_counts_by_the_languages_plural_rules(lang: str, casualties: dict, line: str) -> None:
    assert casualty_text(casualties, texts(lang)) == line


@pytest.mark.parametrize("page", sorted((REPO / "pages").glob("*.py")), ids=lambda path: path.stem)
def test_every_page_runs_in_armenian_with_its_title_translated(page: Path) -> None:
    app = AppTest.from_file(str(page), default_timeout=60)
    app.query_params["lang"] = "hy"
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    english = page.stem.split("_", 1)[1].replace("_", " ")
    assert app.title[0].value == texts("hy")(english) != english
    assert app.sidebar.selectbox(key="ui_lang_select").value == "hy"


def test_no_message_hides_in_an_f_string() -> None:
    """Babel does not look inside f-strings: `f"**{_('Layers')}**"` would never reach a catalogue."""
    import ast

    hidden = []
    for path in [
        *REPO.glob("*.py"),
        *(REPO / "pages").glob("*.py"),
        *(REPO / "ui").glob("*.py"),
        *REPO.glob("geo/*/*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                hidden += [
                    f"{path.relative_to(REPO)}:{call.lineno}"
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call)
                    and getattr(call.func, "id", None) in {"_", "N_", "n_"}
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                ]
    assert hidden == []


SHUSHA = "azerbaijani-forces-take-shusha"
SHUSHA_TITLES = {
    "ru": "Азербайджанские силы берут под контроль город Шуша / Шуши",
    "en": "Azerbaijani forces take Shusha / Shushi",
}


def engine_events(app: AppTest) -> dict[str, dict]:
    """The events the map engine was given (its `start` call, in streamlit-folium's arguments), by id."""
    [component] = app.get("component_instance")
    script = json.loads(component.proto.json_args)["script"]
    call = re.search(r"MapEngine\.start\([a-z_0-9]+, (.*)\);$", script, flags=re.MULTILINE)
    assert call, "no MapEngine.start call"
    data, _options = json.loads(f"[{call.group(1)}]")
    # The dashboard's page names its events file (fetched once by the engine) instead of carrying them.
    name = data["eventsUrl"].removeprefix(EVENTS_URL_PREFIX)
    events = events_from_columns(json.loads((EVENTS_DIR / name).read_bytes()))
    return {event["id"]: event for event in events}


@pytest.mark.parametrize("lang", list(SHUSHA_TITLES))
def test_the_dashboards_cards_are_in_the_readers_language(lang: str) -> None:
    """The engine's cards take the event's title and summary in the session's language."""
    shusha = engine_events(dashboard({"lang": lang}))[SHUSHA]
    assert shusha["title"] == SHUSHA_TITLES[lang]
    assert ("Шуша" in shusha["summary"]) == (lang == "ru")


def test_a_slide_and_the_timeline_are_in_the_readers_language() -> None:
    events = load_dataset().events
    step = int(events.index[events["id"] == SHUSHA][0]) + 1
    app = dashboard({"mode": "present", "step": str(step), "lang": "ru"})
    card = " ".join(str(m.value) for m in app.get_by_key("present_card").markdown).replace("\\", "")
    assert SHUSHA_TITLES["ru"] in card and "[Перевод нашего английского пересказа]" in card
    timeline = AppTest.from_file(str(REPO / "pages" / "1_Timeline.py"), default_timeout=60)
    timeline.query_params["lang"] = "ru"
    timeline.run()
    options = timeline.selectbox(key="timeline_event").options
    assert f"8 ноября 2020\u202fг. · {SHUSHA_TITLES['ru']}" in options  # CLDR: a narrow no-break space


def test_a_student_follows_a_class_in_another_language_than_the_teachers() -> None:
    """The room names the events (content_key of the English), the student reads them in Russian."""
    events = load_dataset().events
    step = int(events.index[events["id"] == SHUSHA][0]) + 1
    shipped = prepare(load_dataset())
    teacher = Client(new_token(), "10.9.9.22")
    room = classroom.room_store().create(RoomView(step=step, event=SHUSHA), teacher, dataset=content_key(shipped))
    app = dashboard({"room": display_code(room.code), "lang": "ru"})
    assert not app.error
    card = " ".join(str(m.value) for m in app.get_by_key("present_card").markdown).replace("\\", "")
    assert SHUSHA_TITLES["ru"] in card


@pytest.mark.parametrize(
    ("lang", "georgia", "armenia", "azerbaijan"),
    [("az", "Gürcüstan", "Ermənistan", "Azərbaycan"), ("hy", "Վրաստան", "Հայաստան", "Ադրբեջան"),
     ("ru", "Грузия", "Армения", "Азербайджан")],
)  # fmt: skip
def test_the_offline_outlines_name_countries_in_the_language(lang, georgia, armenia, azerbaijan) -> None:
    names = engine_strings(lang)["countries"]
    assert (names["GEO"], names["ARM"], names["AZE"]) == (georgia, armenia, azerbaijan)
    coded = {f["properties"]["iso_a3"] for f in load_basemap()["features"] if f["properties"].get("iso_a3")}
    assert set(names) == coded  # every outline with a code is named in the language


def test_english_outlines_keep_their_own_names() -> None:
    assert engine_strings("en")["countries"] == {}
