"""The project's own voice is neutral and its own: no loaded words anywhere a user reads our text,
and no run of the article's words copied into the data.

Own voice: event titles and summaries, place names and notes, the framing texts, every string in
the app's scripts and pages, the static site's files and the README. What the article asserts
lives in `source_claim` ("The article says …"), attributed, and is exempt from the word list (not
from the copy check).

The same holds in Azerbaijani, Armenian and Russian (`title_az`, `summary_hy` …): each language's
titles and summaries are read against docs/glossary.md's "Never in our voice" words, every contested
place carries both names in ORDER_RULE's order, and each translated claim is marked as a translation.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from geo.model.loader import ARTICLE_PATH

REPO = Path(__file__).resolve().parents[1]
PLACES = [f["properties"] for f in json.loads((REPO / "data" / "places.geojson").read_text("utf-8"))["features"]]
EVENTS = [f["properties"] for f in json.loads((REPO / "data" / "events.geojson").read_text("utf-8"))["features"]]
AREAS = [f["properties"] for f in json.loads((REPO / "data" / "areas.geojson").read_text("utf-8"))["features"]]

# Every form: occupy, occupied, occupation, occupier; aggressor, aggression; regain(ed); surrender(ed);
# invade, invader, invasion; terror, terrorist, terrorism; martyr(s), martyrdom; liberate, liberation …
LOADED = re.compile(
    r"\b(occup(?:y|ies|ied|ying|ation|ations|ier|iers|ant|ants)"
    r"|aggress(?:or|ors|ion|ive)|regain\w*|surrender\w*|invad\w*|invasion\w*|terror\w*|martyr\w*"
    r"|liberat\w*|heroic\w*|victorious)\b",
    re.IGNORECASE,
)
SCRIPTS = [REPO / "dashboard.py", REPO / "presentation.py", REPO / "app_data.py", REPO / "geo" / "map" / "framing.py",
           REPO / "geo" / "map" / "mapview.py", REPO / "geo" / "map" / "style.py",
           *sorted((REPO / "pages").glob("*.py"))]  # fmt: skip
# The static site's page, and the map engine it shares with the dashboard (its labels and notices).
SITE_FILES = sorted((REPO / "geo" / "io" / "site").glob("*.*")) + sorted((REPO / "static" / "engine").glob("*.*"))
NGRAM = 8


def script_strings(path: Path) -> list[str]:
    """Every string literal in a script (f-string parts included): what it can show a user."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def own_voice() -> list[tuple[str, str]]:
    """(where, text) for every piece of our own wording."""
    texts = []
    for event in EVENTS:
        texts += [(f"{event['id']}.{field}", event[field]) for field in ("title", "summary")]
        if event.get("casualties"):
            texts.append((f"{event['id']}.casualties", json.dumps(event["casualties"], ensure_ascii=False)))
    for place in PLACES:
        texts += [(f"{place['id']}.name", place["name"]), (f"{place['id']}.names", " ".join(place["names"].values()))]
        if place.get("note"):
            texts.append((f"{place['id']}.note", place["note"]))
    for area in AREAS:
        texts += [
            (f"{area['id']}.states[{n}]", f"{state['text']} {state['source']}")
            for n, state in enumerate(area["states"])
        ]
    for path in SCRIPTS:
        texts += [(str(path.relative_to(REPO)), text) for text in script_strings(path)]
    for path in [*SITE_FILES, REPO / "README.md", REPO / "data" / "README.md"]:
        texts.append((str(path.relative_to(REPO)), path.read_text(encoding="utf-8")))
    return texts


def test_the_own_voice_covers_every_surface() -> None:
    where = {w for w, _ in own_voice()}
    expected = {"dashboard.py", "presentation.py", "geo/map/framing.py", "README.md", "static/engine/engine.js",
                "geo/io/site/index.html", "pages/3_Sources_and_method.py", "nagorno-karabakh.note",
                "ganja.name", "aghdam.states[3]", "static/engine/areas.js", "geo/map/style.py"}  # fmt: skip
    assert expected <= where


def test_no_loaded_word_in_our_own_voice() -> None:
    found = sorted({(where, m.group(0)) for where, text in own_voice() for m in LOADED.finditer(text)})
    assert found == []


@pytest.mark.parametrize("word", ["occupied", "Occupation", "aggressor", "aggression", "regained", "surrendered",
                                  "invaders", "invasion", "terrorist", "martyrs", "liberation",
                                  "Liberated"])  # fmt: skip
def test_the_loaded_word_list_catches_every_form(word: str) -> None:
    assert LOADED.search(f"Our text with {word} in it.")


@pytest.mark.parametrize("word", ["territory", "preoccupied", "captured", "took control", "Terter", "regional"])
def test_the_loaded_word_list_leaves_neutral_words(word: str) -> None:
    assert not LOADED.search(word)


# --- copied runs -----------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})
_EDGE = "\"'()[]{}.,;:!?“”«»—–…*"


def words(text: str, hyphens: str = "join") -> list[str]:
    """Lower-case words for comparing texts: curly and straight apostrophes alike, a word broken at
    a line end ("posi-\\ntion") joined, and other hyphens either joined ("26yearlong") or read as
    spaces ("26 year long"); edge punctuation off."""
    text = re.sub(r"(?<=\w)-[ \t]*\n\s*(?=\w)", "", text.casefold().translate(_APOSTROPHES))
    text = re.sub(r"(?<=\w)-(?=\w)", "" if hyphens == "join" else " ", text)
    return [w for w in (word.strip(_EDGE) for word in text.split()) if w]


def runs(text: str) -> set[tuple[str, ...]]:
    """The text's runs of NGRAM words, with hyphens joined and with them split."""
    return ngrams(words(text, "join")) | ngrams(words(text, "split"))


def ngrams(tokens: list[str], n: int = NGRAM) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def test_words_joins_hyphens_and_treats_apostrophes_alike() -> None:
    expected = ["france's", "position", "a", "26yearlong", "truce"]
    assert words("France’s posi-\ntion, a 26-year-long “truce”.") == expected
    assert words("a 26-year-long truce", "split") == ["a", "26", "year", "long", "truce"]
    assert words("France's") == words("France’s")


def test_the_copy_check_sees_through_hyphens_and_apostrophes() -> None:
    source = runs("the country’s long-standing and well-known position on the matter was clear")
    assert runs("The country's longstanding and wellknown position on the matter was clear.") & source
    assert runs("Sought recognition for the self proclaimed Nagorno Karabakh Republic") & runs(
        "tried recognition for the self-proclaimed “Nagorno-Karabakh Republic”"
    )


def own_wording() -> list[tuple[str, str]]:
    texts = [(f"{e['id']}.{f}", e[f]) for e in EVENTS for f in ("title", "summary", "source_claim") if e.get(f)]
    return texts + [(f"{p['id']}.note", p["note"]) for p in PLACES if p.get("note")]


def test_no_run_of_eight_article_words_is_copied() -> None:
    if not ARTICLE_PATH.is_file():
        pytest.skip(f"needs the article's raw text, which is not shipped: not at {ARTICLE_PATH}")
    article = runs(ARTICLE_PATH.read_text(encoding="utf-8"))
    copied = {where: sorted(" ".join(g) for g in runs(text) & article) for where, text in own_wording()}
    assert {where: runs for where, runs in copied.items() if runs} == {}


# --- every language: docs/glossary.md's words, both names, the claim marker ------------------

GLOSSARY = REPO / "docs" / "glossary.md"
LANGUAGES = {"en": "English (en)", "az": "Azərbaycanca (az)", "hy": "Հայերեն (hy)", "ru": "Русский (ru)"}
TRANSLATED = ("az", "hy", "ru")
EVENT_FIELDS = ("title", "summary", "source_claim")
# Each contested place in each language: (first name, second name, any mention), as regular
# expressions; the first is the one ORDER_RULE (geo/model/naming.py) puts first. `\w*` lets a name
# take its case ending ("Нагорном Карабахе / Арцахе", "Արցախում / Լեռնային Ղարաբաղում").
BOTH_NAMES = {
    "en": {
        "shusha": ("Shusha", "Shushi", r"Shush\w*"),
        "nagorno-karabakh": ("Nagorno-Karabakh", "Artsakh", r"Nagorno-Karabakh|Artsakh\w*"),
        "khankendi": ("Khankendi", "Stepanakert", "Khankendi|Stepanakert"),
        "aghdam": ("Aghdam", "Akna", "Aghdam|Akna"),
        "kalbajar": ("Kalbajar", "Karvachar", "Kalbajar|Karvachar"),
        "lachin": ("Lachin(?: corridor)?", "Berdzor(?: corridor)?", "Lachin|Berdzor"),
    },
    "az": {
        "shusha": (r"Şuşa\w*", r"Şuşi\w*", r"Şuş\w*"),
        "nagorno-karabakh": (r"Dağlıq Qarabağ\w*", r"Artsax\w*", r"Dağlıq Qarabağ\w*|Artsax\w*"),
        "khankendi": (r"Xankəndi\w*", r"Stepanakert\w*", r"Xankənd\w*|Stepanakert\w*"),
        "aghdam": (r"Ağdam\w*", r"Akna\w*", r"Ağdam\w*|Akna\w*"),
        "kalbajar": (r"Kəlbəcər\w*", r"Karvaçar\w*", r"Kəlbəcər\w*|Karvaçar\w*"),
        "lachin": (r"Laçın\w*", r"Berdzor\w*", r"Laçın\w*|Berdzor\w*"),
    },
    "hy": {
        "shusha": (r"Շուշի\w*", r"Շուշա\w*", r"Շուշ\w*"),
        "nagorno-karabakh": (r"Արցախ\w*", r"Լեռնային Ղարաբաղ\w*", r"Արցախ\w*|Լեռնային Ղարաբաղ\w*"),
        "khankendi": (r"Ստեփանակերտ\w*", r"Խանքենդի\w*", r"Ստեփանակերտ\w*|Խանքենդ\w*"),
        "aghdam": (r"Ակնա\w*", r"Աղդամ\w*", r"Ակն\w*|Աղդամ\w*"),
        "kalbajar": (r"Քարվաճառ\w*", r"Քելբաջար\w*", r"Քարվաճառ\w*|Քելբաջար\w*"),
        "lachin": (r"Բերձոր\w*", r"Լաչին\w*", r"Բերձոր\w*|Լաչին\w*"),
    },
    "ru": {
        "shusha": ("Шуша", "Шуши", r"Шуш\w*"),
        "nagorno-karabakh": (r"Нагорн\w* Карабах\w*", r"Арцах\w*", r"Нагорн\w* Карабах\w*|Арцах\w*"),
        "khankendi": ("Ханкенди", r"Степанакерт\w*", r"Ханкенди|Степанакерт\w*"),
        "aghdam": (r"Агдам\w*", "Акна", r"Агдам\w*|Акна"),
        "kalbajar": (r"Кельбаджар\w*", r"Карвачар\w*", r"Кельбаджар\w*|Карвачар\w*"),
        "lachin": (r"Лачин\w*", r"Бердзор\w*", r"Лачин\w*|Бердзор\w*"),
    },
}


def glossary_tables() -> dict[str, list[dict[str, str]]]:
    """Each table of docs/glossary.md under its `## ` heading, as rows of {column: cell}."""
    tables: dict[str, list[dict[str, str]]] = {}
    heading, header = None, None
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading, header = line[3:].strip(), None
        elif heading and line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if header is None:
                header = cells
            elif not set(line) <= set("|- "):  # not the line under the header
                tables.setdefault(heading, []).append(dict(zip(header, cells, strict=True)))
    return tables


TABLES = glossary_tables()


def fold(text: str, lang: str) -> str:
    """Lower case for matching: Azerbaijani İ/I as i/ı, Russian ё as е."""
    if lang == "az":
        text = text.translate(str.maketrans({"İ": "i", "I": "ı"}))
    return text.casefold().replace("ё", "е")


def never_words(lang: str) -> list[tuple[str, re.Pattern]]:
    """The glossary's "Never in our voice" entries for `lang`, each as (entry, pattern): words
    matched at a word start, a trailing * letting the word go on."""
    entries = [
        entry for row in TABLES[LANGUAGES[lang]] for entry in re.findall(r"`([^`]+)`", row["Never in our voice"])
    ]
    patterns = []
    for entry in entries:
        words = [
            re.escape(fold(word.rstrip("*"), lang)) + (r"\w*" if word.endswith("*") else "") for word in entry.split()
        ]
        patterns.append((entry, re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")))
    return patterns


def column(field: str, lang: str) -> str:
    return field if lang == "en" else f"{field}_{lang}"


def unpaired(text: str, lang: str) -> list[str]:
    """Mentions of a contested place in `text` that are not "first / second" in ORDER_RULE's order."""
    found = []
    for first, second, anyname in BOTH_NAMES[lang].values():
        rest = re.sub(rf"(?<!\w)(?:{first}) / (?:{second})(?!\w)", "", text)
        found += re.findall(rf"(?<!\w)(?:{anyname})(?!\w)", rest)
    return found


def test_the_glossary_has_a_table_per_language() -> None:
    assert set(LANGUAGES.values()) <= set(TABLES)
    for lang in LANGUAGES:
        assert len(never_words(lang)) >= 10, lang
        assert [row["Term"] for row in TABLES[LANGUAGES[lang]]][0] == "Claim marker"


def own_texts(lang: str) -> list[tuple[str, str]]:
    """(where, text) for our own wording of the events in `lang`: titles, summaries, and who
    reported the casualties and how."""
    texts = [(f"{e['id']}.{column(f, lang)}", e[column(f, lang)]) for e in EVENTS for f in ("title", "summary")]
    for event in EVENTS:
        casualties = event.get("casualties") or {}
        texts += [(f"{event['id']}.casualties.{column(f, lang)}", casualties.get(column(f, lang)) or "")
                  for f in ("reported_by", "qualifier") if casualties.get(f)]  # fmt: skip
    return texts


def translated_notes(lang: str) -> list[tuple[str, str]]:
    """(where, text) for every place note translated into `lang` (a place without one shows the English)."""
    return [(f"{p['id']}.note_{lang}", p[f"note_{lang}"]) for p in PLACES if p.get(f"note_{lang}")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_glossary_word_in_any_language_of_our_own_voice(lang: str) -> None:
    texts = own_texts(lang) + ([] if lang == "en" else translated_notes(lang))
    found = sorted({(where, entry) for where, text in texts for entry, pattern in never_words(lang)
                    if pattern.search(fold(text, lang))})  # fmt: skip
    assert found == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "The town was liberated."), ("en", "so-called authorities"), ("az", "Şəhər azad edildi."),
     ("az", "İşğal altında idi."), ("az", "Vətən müharibəsində"), ("hy", "Քաղաքն ազատագրվեց։"),
     ("hy", "օկուպացված տարածքներ"), ("hy", "Շրջանը հանձնվեց։"), ("ru", "Освобождение города"),
     ("en", "Handed over to Azerbaijan"), ("en", "after the handovers"), ("az", "rayon təhvil verildi"),
     ("ru", "наемники"), ("ru", "Отечественной войны"), ("ru", "сдача района")],
)  # fmt: skip
def test_the_glossary_words_catch_loaded_forms(lang: str, text: str) -> None:
    assert any(pattern.search(fold(text, lang)) for _, pattern in never_words(lang))


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "Azerbaijani forces captured the town."), ("az", "Azərbaycan qüvvələri şəhəri ələ keçirdi."),
     ("az", "nəzarətə götürdü"), ("hy", "վերահսկողության տակ վերցրին"), ("ru", "взяли под контроль город"),
     ("ru", "Геранбой и Тертер"), ("ru", "режим прекращения огня")],
)  # fmt: skip
def test_the_glossary_words_leave_neutral_wording(lang: str, text: str) -> None:
    assert [entry for entry, pattern in never_words(lang) if pattern.search(fold(text, lang))] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_contested_place_carries_both_names_in_every_language(lang: str) -> None:
    texts = [(f"{e['id']}.{column(f, lang)}", e[column(f, lang)]) for e in EVENTS for f in ("title", "summary")]
    assert [(where, unpaired(text, lang)) for where, text in texts if unpaired(text, lang)] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_glossary_writes_each_place_as_the_check_reads_it(lang: str) -> None:
    header = {"en": "English", "az": "Azərbaycanca", "hy": "Հայերեն", "ru": "Русский"}[lang]
    for row in TABLES["Contested places"]:
        cell = row[header]
        first, second, _ = BOTH_NAMES[lang][row["Place"].removesuffix("-corridor")]
        assert re.search(rf"(?:{first}) / (?:{second})", cell), cell
        assert unpaired(cell, lang) == [], cell


@pytest.mark.parametrize(("lang", "text"), [("ru", "в Шуше"), ("ru", "Шуши / Шуша"), ("az", "Şuşanı"),
                                            ("hy", "Շուշա / Շուշի"), ("hy", "Արցախում")])  # fmt: skip
def test_a_lone_or_reversed_name_is_caught(lang: str, text: str) -> None:
    assert unpaired(text, lang)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_event_has_every_translation(lang: str) -> None:
    missing = [(e["id"], f) for e in EVENTS for f in EVENT_FIELDS if not str(e.get(f"{f}_{lang}") or "").strip()]
    missing += [where for where, text in own_texts(lang) if not text.strip()]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_claim_carries_the_glossary_marker(lang: str) -> None:
    marker = re.findall(r"`([^`]+)`", TABLES[LANGUAGES[lang]][0]["Our wording"])[0]
    assert [e["id"] for e in EVENTS if not e[column("source_claim", lang)].startswith(marker)] == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_cite_nothing_new(lang: str) -> None:
    """A translation names no number (reference, paragraph, figure, date) that its English lacks,
    and carries no paragraph list of its own: it cites what the English cites."""
    new = []
    for event in EVENTS:
        english = " ".join(str(event.get(f) or "") for f in (*EVENT_FIELDS, "date", "end_date"))
        known = set(re.findall(r"[0-9]+", english))
        new += [(event["id"], f, n) for f in EVENT_FIELDS for n in re.findall(r"[0-9]+", event[f"{f}_{lang}"])
                if n not in known]  # fmt: skip
        assert [key for key in event if key.startswith("source_paragraphs")] == ["source_paragraphs"]
    assert new == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translated_notes_translate_a_note_and_add_no_number(lang: str) -> None:
    notes = translated_notes(lang)
    assert len(notes) == len([p for p in PLACES if p.get("note")])
    by_id = {p["id"]: p for p in PLACES}
    new = [(where, n) for where, text in notes for n in re.findall(r"[0-9]+", text)
           if n not in re.findall(r"[0-9]+", by_id[where.split(".")[0]]["note"])]  # fmt: skip
    assert new == []


def area_texts(lang: str) -> list[tuple[str, str]]:
    """(where, text) for every area note and every area state's text and source in `lang`."""
    notes = [(f"{a['id']}.{column('note', lang)}", a.get(column("note", lang)) or "") for a in AREAS if a.get("note")]
    return notes + [(f"{a['id']}.states[{n}].{column(f, lang)}", state.get(column(f, lang)) or "")
                    for a in AREAS for n, state in enumerate(a["states"]) for f in ("text", "source")]  # fmt: skip


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_area_state_is_translated_in_our_voice_with_both_names(lang: str) -> None:
    texts = area_texts(lang)
    assert [where for where, text in texts if not text.strip()] == []
    loaded = [(where, entry) for where, text in texts for entry, pattern in never_words(lang)
              if pattern.search(fold(text, lang))]  # fmt: skip
    assert loaded == []
    assert [(where, unpaired(text, lang)) for where, text in texts if unpaired(text, lang)] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_glossary_word_in_the_shipped_datas_own_voice(lang: str) -> None:
    """Areas' states, sources and notes, and places' notes, are our voice in every language, English
    included (the areas said districts were "handed over", one side's word in the glossary)."""
    notes = [(f"{p['id']}.note", p["note"]) for p in PLACES if p.get("note")] if lang == "en" else []
    texts = area_texts(lang) + notes + ([] if lang == "en" else translated_notes(lang))
    found = sorted({(where, entry) for where, text in texts for entry, pattern in never_words(lang)
                    if pattern.search(fold(text, lang))})  # fmt: skip
    assert found == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_area_translations_add_no_number(lang: str) -> None:
    new = []
    for area in AREAS:
        for n, state in enumerate(area["states"]):
            known = set(re.findall(r"[0-9]+", f"{state['text']} {state['source']}"))
            new += [(area["id"], n, number) for f in ("text", "source")
                    for number in re.findall(r"[0-9]+", state[f"{f}_{lang}"]) if number not in known]  # fmt: skip
    assert new == []


def catalogue_texts(lang: str) -> list[tuple[str, str]]:
    """(English message, its translation) for every message of the interface's catalogue in `lang`."""
    with (REPO / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po, locale=lang)
    texts = []
    for message in catalogue:
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        texts += [(str(message.id), form) for form in forms if form]
    return texts


def test_no_glossary_word_in_the_interfaces_english() -> None:
    """The English of every label, legend and page (the catalogue template's messages): a legend
    said districts were "Handed over", one side's word in the glossary."""
    with (REPO / "locales" / "messages.pot").open("rb") as pot:
        messages = [str(message.id) for message in read_po(pot) if message.id]
    found = sorted({(english[:60], entry) for english in messages for entry, pattern in never_words("en")
                    if pattern.search(fold(english, "en"))})  # fmt: skip
    assert found == []


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_no_glossary_word_in_the_interfaces_translations(lang: str) -> None:
    """Labels, legends and notes are our own voice in every language (an Armenian legend said the
    districts were "հանձնվել", a word the glossary keeps out)."""
    found = sorted({(english[:60], entry) for english, text in catalogue_texts(lang)
                    for entry, pattern in never_words(lang) if pattern.search(fold(text, lang))})  # fmt: skip
    assert found == []
