"""The app behind a path prefix (server.baseUrlPath, as a school's reverse proxy hosts it at /map/):
every file the map engine loads resolves against the app's own base URL."""

import re
from collections.abc import Iterator

import pytest
from conftest import running_app
from helpers import map_frame, wait_for_app_idle
from playwright.sync_api import Page, Response, expect

from bench.measure import APP_ENTRY


@pytest.fixture(scope="module")
def prefixed_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(APP_ENTRY, tmp_path_factory.mktemp("prefixed"), base_path="map") as url:
        yield url


def test_the_dashboard_works_under_a_path_prefix(page: Page, prefixed_url: str, page_errors: list[str]) -> None:
    failed: list[str] = []

    def note_failure(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("response", note_failure)
    page.goto(f"{prefixed_url}/?date=2020-10-27")
    frame = map_frame(page)
    frame.locator(".leaflet-marker-icon").first.wait_for(timeout=30_000)
    wait_for_app_idle(page)

    # Leaflet, the engine and its styles came from /map/app/static/…, and the outlines were fetched beside it.
    expect(frame.locator("#status")).to_contain_text("27 October 2020")
    expect(frame.locator(".leaflet-overlay-pane path.leaflet-interactive").nth(100)).to_be_attached(timeout=10_000)
    frame.get_by_role("button", name="Next ▶").click()
    expect(frame.locator("#status")).to_contain_text("28 October 2020")
    expect(page).to_have_url(re.compile(r"/map/\?(.*&)?date=2020-10-28\b"))
    assert failed == []
    assert page_errors == []


def test_the_places_page_map_works_under_a_path_prefix(page: Page, prefixed_url: str) -> None:
    page.goto(f"{prefixed_url}/Places")
    expect(map_frame(page).locator(".place-label").first).to_be_attached(timeout=30_000)


def test_a_students_map_following_a_class_works_under_a_path_prefix(page: Page, prefixed_url: str) -> None:
    """The follower's map is an srcdoc frame: its files resolve against the app's page, /map/."""
    failed: list[str] = []
    page.goto(f"{prefixed_url}/?mode=present&step=3")
    page.get_by_role("button", name="Open a class room").click()
    room_code = page.locator(".st-key-room_code")
    expect(room_code).to_contain_text("Join the class", timeout=30_000)
    code = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b", room_code.inner_text()).group(1)
    student = page.context.new_page()
    student.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    student.goto(f"{prefixed_url}/?room={code}")
    frame = student.frame_locator("iframe[srcdoc]").first
    expect(frame.locator(".event-icon.selected").first).to_be_attached(timeout=30_000)
    expect(frame.locator(".leaflet-overlay-pane path.leaflet-interactive").nth(100)).to_be_attached(timeout=10_000)
    assert failed == []
