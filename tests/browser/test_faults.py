"""Faults in a real browser: broken data files at start, map tiles that cannot be reached, failed uploads.

Each must leave a page that says what is wrong and how to fix it (never a traceback), a map
that still works, and every session (the one that failed and any other) still usable.
"""

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import NOT_LOOPBACK_URL, REPO_ROOT, running_app
from helpers import map_frame, wait_for_app_idle
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from bench.measure import APP_ENTRY

DATA_DIR = REPO_ROOT / "data"
FIXTURES = REPO_ROOT / "tests" / "fixtures"
MARKERS = ".leaflet-marker-icon"
STATUS = "#status"  # the map engine's status line, in the map's frame
EXCEPTION = '[data-testid="stException"]'
TILE_URLS = "https://tile.openstreetmap.org/**"
HOW_TO_FIX = re.compile(r"\b(fix|restore)\b", re.IGNORECASE)
PAGES = ["Timeline", "Places", "Sources_and_method", "Your_data"]


def events_with_a_bad_date() -> str:
    events = json.loads((DATA_DIR / "events.geojson").read_text(encoding="utf-8"))
    events["features"][0]["properties"]["date"] = "2020-13-45"
    return json.dumps(events)


# The fault -> (the data files it changes: name -> new text, None to leave the file out), what the page must say.
BROKEN_DATA = {
    "missing-events": ({"events.geojson": None}, ["events.geojson", "does not exist"]),
    "missing-places": ({"places.geojson": None}, ["places.geojson", "does not exist"]),
    "truncated-events": (
        {"events.geojson": (DATA_DIR / "events.geojson").read_text(encoding="utf-8")[:700]},
        ["events.geojson", "invalid JSON"],
    ),
    "places-not-json": ({"places.geojson": "<html>Not Found</html>"}, ["places.geojson", "invalid JSON"]),
    "event-with-bad-date": ({"events.geojson": events_with_a_bad_date()}, ["events.geojson", "'date'", "2020-13-45"]),
}


def broken_data_dir(root: Path, files: dict[str, str | None]) -> Path:
    """A copy of the shipped data with the named files left out or replaced."""
    folder = root / "data"
    folder.mkdir()
    for name in ("places.geojson", "events.geojson"):
        if name not in files:
            shutil.copy(DATA_DIR / name, folder / name)
        elif files[name] is not None:
            (folder / name).write_text(files[name], encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=list(BROKEN_DATA))
def broken_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list]]:
    """The dashboard started on a data folder with one fault; yields its URL and what the page must say."""
    files, expected = BROKEN_DATA[request.param]
    root = tmp_path_factory.mktemp(request.param)
    folder = broken_data_dir(root, files)
    with running_app(APP_ENTRY, root, {"MAP_DATA_DIR": str(folder)}) as url:
        yield url, expected


def assert_says_what_is_wrong(page: Page, expected: list[str]) -> None:
    # Either a message or a traceback, whichever comes: a traceback fails at once.
    expect(page.locator(f'[data-testid="stAlert"], {EXCEPTION}').first).to_be_visible(timeout=30_000)
    wait_for_app_idle(page)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()
    body = page.get_by_test_id("stApp")
    for words in expected:
        expect(body).to_contain_text(words)
    expect(body).to_contain_text(HOW_TO_FIX)


def test_a_broken_data_file_gives_the_dashboard_a_message_not_a_traceback(
    page: Page, broken_app: tuple[str, list], page_errors: list[str]
) -> None:
    url, expected = broken_app
    page.goto(url)
    assert_says_what_is_wrong(page, expected)
    assert page_errors == []


@pytest.mark.parametrize("path", PAGES)
def test_a_broken_data_file_gives_every_page_a_message_not_a_traceback(
    page: Page, broken_app: tuple[str, list], page_errors: list[str], path: str
) -> None:
    url, expected = broken_app
    page.goto(f"{url}/{path}")
    assert_says_what_is_wrong(page, expected)
    assert page_errors == []


# --- map tiles ---------------------------------------------------------------------------------


def open_dashboard(page: Page, url: str) -> None:
    page.goto(url)
    map_frame(page).locator(MARKERS).first.wait_for(timeout=30_000)
    wait_for_app_idle(page)


def step_slider(page: Page, key: str = "ArrowRight") -> None:
    """One slider step; waits until the status line shows another day."""
    before = map_frame(page).locator(STATUS).inner_text()
    map_frame(page).get_by_role("slider").focus()
    page.keyboard.press(key)
    expect(map_frame(page).locator(STATUS)).not_to_have_text(before, timeout=30_000)
    wait_for_app_idle(page)


def test_refused_tiles_leave_a_working_map_with_a_notice(page: Page, app_url: str, page_errors: list[str]) -> None:
    refused: list[str] = []

    def refuse(route: Route) -> None:
        refused.append(route.request.url)
        route.abort("connectionrefused")

    page.route(TILE_URLS, refuse)
    open_dashboard(page, f"{app_url}/?date=2020-10-27")

    frame = map_frame(page)
    expect(frame.locator(".tiles-offline")).to_be_visible(timeout=15_000)
    expect(frame.locator(".tiles-offline")).to_contain_text("Map tiles cannot load")
    assert frame.locator(MARKERS).count() >= 5
    assert refused, "the map should have asked for tiles"
    step_slider(page)
    expect(frame.locator(f"{MARKERS}[title='Missile strike on Barda']")).to_have_count(1, timeout=15_000)
    assert page_errors == []


def test_tiles_that_never_answer_leave_a_working_map(page: Page, app_url: str, page_errors: list[str]) -> None:
    """A firewall that drops packets: tile requests hang. Markers, outlines and the slider must not wait for them."""
    hanging: list[Route] = []

    def hold(route: Route) -> None:
        hanging.append(route)  # never answered

    page.route(TILE_URLS, hold)
    open_dashboard(page, f"{app_url}/?date=2020-10-27")

    frame = map_frame(page)
    assert hanging, "the map should have asked for tiles"
    assert frame.locator(MARKERS).count() >= 5
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached()  # the outlines
    step_slider(page)
    expect(frame.locator(f"{MARKERS}[title='Missile strike on Barda']")).to_have_count(1, timeout=15_000)
    assert page_errors == []


# --- a failed upload ---------------------------------------------------------------------------

MALFORMED_UPLOADS = {
    "truncated.geojson": ('{"type": "FeatureCollection", "features": [{"type": ', "invalid JSON"),
    "not-text.csv": (bytes(range(256)) * 4, "is not UTF-8 or Windows-1252"),
    "no-coordinates.csv": ("date,what\n2020-10-28,rockets\n", "lack latitude and longitude"),
    "page.json": ("<!doctype html><title>Saved page</title>", "invalid JSON"),
    # Deeper than Python's JSON parser can recurse, and an integer longer than it converts (4,300
    # digits): any clear message will do.
    "deep.geojson": ("[" * 100_000, "Fix the file"),
    "huge-number.geojson": ("1" * 5_000, "Fix the file"),
}


@pytest.fixture
def other_context(browser: Browser) -> Iterator[BrowserContext]:
    """A second visitor: its own context (cookies, Streamlit session), offline like the first."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route(NOT_LOOPBACK_URL, lambda route: route.abort("blockedbyclient"))
    yield context
    context.close()


def upload(page: Page, file: Path, outcome: str) -> None:
    """Upload `file` in the events uploader and wait for the report to say `outcome`."""
    page.locator(".st-key-events_upload input[type=file]").set_input_files(str(file))
    report = page.locator(".st-key-upload_report")
    expect(page.locator(f".st-key-upload_report, {EXCEPTION}").first).to_be_visible(timeout=30_000)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()
    expect(report).to_contain_text(outcome, timeout=30_000)
    wait_for_app_idle(page)


@pytest.mark.parametrize("name", list(MALFORMED_UPLOADS))
def test_a_failed_upload_leaves_this_session_and_others_working(
    page: Page, app_url: str, page_errors: list[str], other_context: BrowserContext, tmp_path: Path, name: str
) -> None:
    content, reason = MALFORMED_UPLOADS[name]
    malformed = tmp_path / name
    (malformed.write_bytes if isinstance(content, bytes) else malformed.write_text)(content)
    other = other_context.new_page()
    other_errors: list[str] = []
    other.on("pageerror", lambda error: other_errors.append(str(error)))
    open_dashboard(other, f"{app_url}/?date=2020-10-20")

    page.goto(f"{app_url}/Your_data")
    page.get_by_role("tab", name="Upload your events").click()
    upload(page, malformed, f"This file could not be used: {name}")

    report = page.locator(".st-key-upload_report")
    expect(report).to_contain_text(reason)
    expect(report).to_contain_text("Fix the file and upload it again")
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()

    # The same session: a good file goes through, and the dashboard steps.
    upload(page, FIXTURES / "user_events.csv", "CSV: 5 row(s) read, 5 can be mapped, 0 left out.")
    page.get_by_role("link", name="Map", exact=True).click()
    map_frame(page).locator(MARKERS).first.wait_for(timeout=30_000)
    wait_for_app_idle(page)
    step_slider(page, "ArrowLeft")

    # Another session, open all along, still steps.
    step_slider(other)
    expect(map_frame(other).locator(STATUS)).to_contain_text("21 October 2020")
    for session in (page, other):
        assert session.locator(EXCEPTION).count() == 0
    assert page_errors == [] and other_errors == []
