"""The test machinery itself: the app serves its vendored Leaflet."""

import pytest
from playwright.sync_api import Page

VENDORED_FILES = [
    ("vendor/leaflet/leaflet.js", "javascript", "Leaflet 1.9.3"),
    ("vendor/leaflet/leaflet.css", "text/css", ".leaflet-container"),
]


@pytest.mark.parametrize(("path", "content_type", "marker"), VENDORED_FILES)
def test_vendored_file_is_served(page: Page, app_url: str, path: str, content_type: str, marker: str) -> None:
    response = page.request.get(f"{app_url}/app/static/{path}")

    assert response.status == 200, f"{path!r} answered {response.status!r}"
    assert content_type in response.headers["content-type"], response.headers["content-type"]
    assert marker in response.text()
