"""The test machinery itself: the app starts, serves its vendored files and never reaches past loopback."""

import pytest
from helpers import wait_for_app_idle
from playwright.sync_api import Page, expect

VENDORED_FILES = [
    ("vendor/leaflet/leaflet.js", "javascript", "Leaflet 1.9.3"),
    ("vendor/leaflet/leaflet.css", "text/css", ".leaflet-container"),
    ("vendor/jquery/jquery.min.js", "javascript", "jQuery v3.7.1"),
]


def test_app_loads_offline_without_errors(
    page: Page, app_url: str, blocked_requests: list[str], page_errors: list[str]
) -> None:
    page.goto(app_url)
    heading = page.locator('[data-testid="stApp"] h1').first
    expect(heading).to_be_visible(timeout=30_000)
    expect(heading).not_to_have_text("")
    wait_for_app_idle(page)
    page.wait_for_load_state("networkidle")

    assert page.get_by_test_id("stException").all_inner_texts() == []
    assert page_errors == []
    assert blocked_requests == [], f"requests left loopback: {blocked_requests!r}"


@pytest.mark.parametrize(("path", "content_type", "marker"), VENDORED_FILES)
def test_vendored_file_is_served(page: Page, app_url: str, path: str, content_type: str, marker: str) -> None:
    response = page.request.get(f"{app_url}/app/static/{path}")

    assert response.status == 200, f"{path!r} answered {response.status!r}"
    assert content_type in response.headers["content-type"], response.headers["content-type"]
    assert marker in response.text()
