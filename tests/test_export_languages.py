"""`python -m geo export --lang`: the static site in the class's language, as the dashboard's
`?lang=` shows it (issue 22): the page's own words, the engine's strings, dates, the events' texts
and the naming; a language that is not ours is refused, naming the value."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from geo.__main__ import main
from geo.map.framing import SOURCE_LINE, TITLE
from geo.map.mapview import engine_strings
from geo.map.safe import html_text
from geo.model.i18n import texts
from geo.model.loader import load_dataset
from geo.model.prepare import in_language, prepare

SHUSHA = "azerbaijani-forces-take-shusha"
SHUSHA_TITLES = {
    "ru": "Азербайджанские силы берут под контроль город Шуша / Шуши",
    "en": "Azerbaijani forces take Shusha / Shushi",
}


def export(tmp_path: Path, lang: str) -> tuple[str, dict]:
    """The exported page and the data inside it."""
    out = tmp_path / lang
    assert main(["export", "--out", str(out), "--lang", lang]) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    (block,) = re.findall(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.DOTALL)
    return page, json.loads(block)


@pytest.mark.parametrize("lang", ["az", "hy", "ru"])
def test_the_page_its_engine_and_its_events_speak_the_language(tmp_path: Path, lang: str) -> None:
    page, data = export(tmp_path, lang)
    language = texts(lang)
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{html_text(language(TITLE))}</h1>" in page and language(TITLE) != TITLE
    (intro,) = re.findall(r'<p class="intro">(.*?)</p>', page)
    assert intro.startswith(language(SOURCE_LINE)) and language(SOURCE_LINE) != SOURCE_LINE
    (footer,) = re.findall(r'<footer class="page-footer">(.*?)</footer>', page, re.DOTALL)
    for english in ("Every view is a link", "Map tiles ©", "Country outlines", "Points:", "Map library"):
        assert english not in footer
    assert language("Places: {places}", places="") in footer
    # The engine's strings table, its dates and the naming a link without `names` takes.
    assert data["strings"] == json.loads(json.dumps(engine_strings(lang)))
    assert data["strings"]["messages"]["Legend"] == language("Legend") != "Legend"
    assert data["defaultNames"] == lang
    # The events' own texts, as the dashboard gives them in this language.
    shusha = next(event for event in data["events"] if event["id"] == SHUSHA)
    localized = in_language(prepare(load_dataset()), lang).events.set_index("id").loc[SHUSHA]
    assert shusha["title"] == localized["title"] != SHUSHA_TITLES["en"]
    if lang == "ru":
        assert shusha["title"] == SHUSHA_TITLES["ru"]


def test_english_stays_the_default(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert main(["export", "--out", str(out)]) == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and f"<h1>{html_text(TITLE)}</h1>" in page and "Every view is a link" in page
    assert SHUSHA_TITLES["en"] in page


@pytest.mark.parametrize("bad", ["xx", "EN", "hy-AM", "", "ru "])
def test_a_language_that_is_not_ours_is_refused_echoing_it(
    tmp_path: Path, capsys: pytest.CaptureFixture, bad: str
) -> None:
    out = tmp_path / "site"
    assert main(["export", "--out", str(out), "--lang", bad]) == 2
    error = capsys.readouterr().err
    assert repr(bad) in error and "en, az, hy, ru" in error
    assert not out.exists()  # nothing written
