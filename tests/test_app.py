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


def unescaped(text: str) -> str:
    """Markdown text without its backslash escapes."""
    return re.sub(r"\\(.)", r"\1", text)


def query(app: AppTest) -> dict[str, str]:
    """The URL the server wrote: what a shared link and the other pages see."""
    return {key: values[-1] if isinstance(values, list) else values for key, values in app.query_params.items()}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: str(path.relative_to(REPO)))
def test_script_runs_without_exception(script: Path) -> None:
    app = AppTest.from_file(str(script), default_timeout=TIMEOUT_S)
    app.run()
    assert not app.exception, [e.value for e in app.exception]


def test_the_engine_gets_the_view_the_link_names() -> None:
    """The map, its slider and the cards are the browser's (tests/browser); the server hands the
    engine the view and keeps the URL."""
    app = run({"date": BARDA_DAY.isoformat(), "event": BARDA})
    assert app.session_state["date"] == BARDA_DAY
    assert app.session_state["selected"] == BARDA
    assert not app.warning
    assert query(app) == {"date": "2020-10-28", "event": BARDA}


@pytest.mark.parametrize(("params", "echoes"), [
    ({"date": "2020-13-01"}, ["'2020-13-01'"]),
    ({"date": "2020-W44-3"}, ["'2020-W44-3'"]),
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
    assert app.get_by_key("map_panel")  # the map is still there


def test_switching_off_the_strike_layer_reaches_the_url() -> None:
    app = run()
    assert "layers" not in query(app)
    app.checkbox(key="layer-strike").uncheck().run()
    assert not app.exception
    layers = query(app)["layers"].split(",")
    assert "strike" not in layers and "ceasefire" in layers


def test_background_era_is_named_with_the_years_of_its_events(events) -> None:
    background = events[events["end"] < dt.date(2020, 9, 27)]
    years = f"{min(background['start']).year}–{max(background['end']).year}"
    app = run()
    era = app.radio(key="era")
    assert years in era.format_func("background")
    era.set_value("background").run()
    assert not app.exception
    assert query(app)["era"] == "background"
