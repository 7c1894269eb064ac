"""The shared view cases (tests/fixtures/view_cases.json) run against the map engine itself
(static/engine/engine.js, in the static export's page) in a real browser: the same links name
the same views and the same views show the same events as on the Python side (tests/test_view_cases.py)."""

import json

import pytest
from conftest import REPO_ROOT
from playwright.sync_api import Page

from bench.synthetic import write_dataset
from geo.io.export import site_files, write_site
from geo.model.loader import load_dataset
from geo.model.prepare import prepare

CASES = json.loads((REPO_ROOT / "tests" / "fixtures" / "view_cases.json").read_text(encoding="utf-8"))

# The engine's view, written like the fixture's (dates as YYYY-MM-DD).
ENGINE_VIEW = """([query]) => {
  const data = JSON.parse(document.getElementById('map-data').textContent);
  const {view, notices} = MapEngine.parseView(new URLSearchParams(query), data);
  return {view: {era: view.era, date: MapEngine.isoDay(view.date), event: view.event, layers: view.layers,
                 mode: view.mode, window: view.window, names: view.names}, notices};
}"""
ENGINE_SHOWN = """([view]) => {
  const data = JSON.parse(document.getElementById('map-data').textContent);
  return MapEngine.shownIds(data, Object.assign({}, view, {date: MapEngine.parseDay(view.date)}));
}"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("engine-cases")
    write_site(out, site_files(prepare(load_dataset())))
    return (out / "index.html").as_uri()


def test_every_link_names_the_same_view_in_the_engine(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.wait_for_function("() => window.MapEngine && window.mapEngine")
    for case in CASES["links"]:
        got = page.evaluate(ENGINE_VIEW, [case["query"]])
        assert got["view"] == case["view"], case["query"]
        assert len(got["notices"]) == len(case["notices"]), (case["query"], got["notices"])
        for text in case["notices"]:
            assert any(text in notice for notice in got["notices"]), (text, got["notices"])


def test_every_view_shows_the_same_events_in_the_engine(page: Page, site_url: str) -> None:
    page.goto(site_url)
    page.wait_for_function("() => window.MapEngine && window.mapEngine")
    for case in CASES["shows"]:
        assert page.evaluate(ENGINE_SHOWN, [case["view"]]) == case["ids"], case["view"]


def test_the_page_shows_what_the_cases_say(page: Page, site_url: str) -> None:
    """One case through the page itself: the hash, the status line's count and the cards."""
    case = CASES["shows"][3]  # 28 October, last 5 days, strikes and ceasefires
    view = case["view"]
    page.goto(f"{site_url}#date={view['date']}&mode=window&window={view['window']}&layers={','.join(view['layers'])}")
    page.locator("#status").wait_for()
    assert page.locator("#status").inner_text().endswith(f"· {len(case['ids'])} events shown")
    shown = page.locator("#cards .card").evaluate_all("els => els.map(e => e.dataset.eventId)")
    assert shown == list(reversed(case["ids"]))  # newest first


@pytest.fixture(scope="module")
def busy_site_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An export of 3,000 seeded synthetic events over the war's region and dates."""
    folder = write_dataset(tmp_path_factory.mktemp("busy-data"), 3_000)
    out = tmp_path_factory.mktemp("busy-export")
    write_site(out, site_files(prepare(load_dataset(folder / "places.geojson", folder / "events.geojson"))))
    return (out / "index.html").as_uri()


def test_thousands_of_events_are_binned_and_every_one_counted(page: Page, busy_site_url: str) -> None:
    page.goto(busy_site_url)
    page.locator("#cards[data-shown-date]").wait_for(state="attached", timeout=30_000)
    shown = int(page.locator("#status").inner_text().split(" · ")[1].split()[0])
    assert shown > 2_000
    markers = page.locator(".leaflet-marker-icon")
    assert markers.count() <= 500  # bounded, whatever the data's size
    counts = page.locator(".leaflet-marker-icon .bin-count").evaluate_all(
        "els => els.map(e => { const t = e.textContent; return t.endsWith('k') ? parseFloat(t) * 1000 : +t; })"
    )
    singles = markers.count() - len(counts)
    assert counts and sum(counts) + singles == shown
