"""The project's own voice is neutral and its own: no loaded words anywhere a user reads our text,
and no run of the article's words copied into the data.

Own voice: event titles and summaries, place names and notes, the framing texts, every string in
the app's scripts and pages, the static site's files and the README. What the article asserts
lives in `source_claim` ("The article says …"), attributed, and is exempt from the word list (not
from the copy check).
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

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
