"""AppTest smoke tests: the dashboard (and every page) runs, and its controls change what is shown.

st_folium is opaque to AppTest; the map itself is covered by tests/browser.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.data import load_dataset

REPO = Path(__file__).resolve().parents[1]
DASHBOARD = REPO / "dashboard.py"
# The dashboard and every page, so a new page is covered as soon as it exists.
SCRIPTS = [DASHBOARD, *sorted((REPO / "pages").glob("*.py"))]
TIMEOUT_S = 60
STATUS = re.compile(r"^### (?P<when>\d{1,2} [A-Z][a-z]+ \d{4}|1885–2016).* · (?P<count>\d+) events? shown$")
BARDA = "missile-strike-on-barda"
BARDA_DAY = dt.date(2020, 10, 28)


@pytest.fixture(scope="module")
def events():
    return load_dataset().events


def run(params: dict | None = None) -> AppTest:
    app = AppTest.from_file(str(DASHBOARD), default_timeout=TIMEOUT_S)
    app.query_params.update(params or {})
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def status(app: AppTest) -> tuple[str, int]:
    """The status heading's date and event count."""
    headings = [m.value for m in app.get_by_key("status").markdown]
    match = STATUS.match(headings[0]) if headings else None
    assert match, headings
    return match["when"], int(match["count"])


def card_ids(app: AppTest) -> list[str]:
    return [block.key.removeprefix("event_") for block in app.main.container if (block.key or "").startswith("event_")]


def block_text(block) -> str:
    return " ".join(str(element.value) for element in block if hasattr(element, "value"))


def unescaped(text: str) -> str:
    """Markdown text without its backslash escapes."""
    return re.sub(r"\\(.)", r"\1", text)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: str(path.relative_to(REPO)))
def test_script_runs_without_exception(script: Path) -> None:
    app = AppTest.from_file(str(script), default_timeout=TIMEOUT_S)
    app.run()
    assert not app.exception, [e.value for e in app.exception]


def test_status_shows_the_date_and_the_count() -> None:
    app = run()
    when, count = status(app)
    slider_day = app.slider(key="date").value
    assert when == f"{slider_day.day} {slider_day:%B %Y}"
    assert count == len(card_ids(app)) > 0


def test_moving_the_date_changes_the_count_and_shows_the_barda_card() -> None:
    app = run()
    _, before = status(app)
    assert app.slider(key="date").value != BARDA_DAY
    app.slider(key="date").set_value(BARDA_DAY).run()
    assert not app.exception
    when, after = status(app)
    assert when == "28 October 2020"
    assert after != before
    assert BARDA in card_ids(app)


def test_a_link_selects_the_event_it_names(events) -> None:
    app = run({"date": BARDA_DAY.isoformat(), "event": BARDA})
    assert app.slider(key="date").value == BARDA_DAY
    assert not app.warning
    selected = app.get_by_key("selected_event")
    title = events.set_index("id").loc[BARDA, "title"]
    assert title in unescaped(block_text(selected))


@pytest.mark.parametrize(("params", "echoes"), [
    ({"date": "2020-13-01"}, ["'2020-13-01'"]),
    ({"date": "yesterday", "window": "abc", "mode": "sideways"}, ["'yesterday'", "'abc'", "'sideways'"]),
    ({"event": "<img src=x onerror=alert(1)>", "names": "xx", "era": "future"},
     ["'<img src=x onerror=alert(1)>'", "'xx'", "'future'"]),
    ({"layers": "strike,bombs", "window": "999"}, ["'bombs'", "'999'"]),
    ({"date": "9" * 10_000}, ["Ignored date"]),
    ({"window": "²"}, ["'²'"]),  # a digit to str.isdigit, not to int()
])  # fmt: skip
def test_a_bad_link_warns_and_falls_back(params: dict, echoes: list[str]) -> None:
    app = run(params)
    warnings = " ".join(unescaped(w.value) for w in app.warning)
    assert all(echo in warnings for echo in echoes), warnings
    assert len(app.warning) == len(echoes)
    status(app)  # the page still shows its status


def test_switching_off_the_strike_layer_removes_strike_cards(events) -> None:
    strikes = set(events.loc[events["category"] == "strike", "id"])
    app = run()
    _, before = status(app)
    shown_strikes = strikes & set(card_ids(app))
    assert shown_strikes
    app.checkbox(key="layer-strike").uncheck().run()
    assert not app.exception
    assert strikes.isdisjoint(card_ids(app))
    assert status(app)[1] == before - len(shown_strikes)


def test_background_era_shows_the_1885_event(events) -> None:
    (earliest,) = events.loc[events["date"] == "1885", "id"]
    app = run()
    assert earliest not in card_ids(app)
    app.radio(key="era").set_value("background").run()
    assert not app.exception
    assert status(app)[0] == "1885–2016"
    assert earliest in card_ids(app)


# --- framing, and a clone without the article's text ----------------------------------------


def test_every_slide_starts_with_the_source_line() -> None:
    from geo.framing import ARTICLE_SAYS_MEANING, SOURCE_LINE

    app = run({"mode": "present", "step": "3"})
    shown = unescaped(block_text(app.get_by_key("present_source").markdown))
    assert SOURCE_LINE in shown and ARTICLE_SAYS_MEANING in shown


def test_the_article_can_be_mapped_without_its_text(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import geo.draft

    monkeypatch.setattr(geo.draft, "ARTICLE_PATH", tmp_path / "no-article.txt")
    app = AppTest.from_file(str(REPO / "pages" / "4_Your_data.py"), default_timeout=TIMEOUT_S)
    app.run()
    app.button(key="text_article").click().run()
    assert not app.exception, [e.value for e in app.exception]
    found = {metric.label: int(metric.value) for metric in app.metric}
    assert found["Places found"] >= 60 and found["Names not resolved"] >= 20
    assert any("not part of this copy" in info.value for info in app.info)


def test_the_places_page_counts_mentions_without_the_article(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import geo.draft

    monkeypatch.setattr(geo.draft, "ARTICLE_PATH", tmp_path / "no-article.txt")
    app = AppTest.from_file(str(REPO / "pages" / "2_Places.py"), default_timeout=TIMEOUT_S)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("counted in the article" in caption.value for caption in app.caption)
    assert any("The article names it" in unescaped(str(m.value)) for m in app.markdown)


@pytest.mark.parametrize("params", [{}, {"mode": "present", "step": "3"}])
def test_dashboard_and_presentation_offer_the_handout(params: dict) -> None:
    app = run(params)
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels == ["Handout (PDF)"]


@pytest.mark.parametrize(
    ("code", "echo"),
    [("nope", "'nope' is not a room code"), ("ABCD-EFGH", "There is no room 'ABCD\\-EFGH'"), ("", None)],
)
def test_a_join_link_with_a_bad_code_says_why_and_offers_the_form(code: str, echo: str | None) -> None:
    app = run({"room": code})
    assert [title.value for title in app.title] == ["Follow your teacher"]
    errors = [error.value for error in app.error]
    assert (echo in errors[0]) if echo else errors == []
    assert [box.label for box in app.text_input] == ["Room code"]
