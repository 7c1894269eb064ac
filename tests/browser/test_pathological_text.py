"""A pathological text in "Map a text" (issue 10 §1): a fast result or "took too long", never a
traceback, and the server keeps answering other visitors meanwhile.

The figures (health latency while the worst text maps) are in bench/adversarial.py; here the
health check only has to answer at all within a generous bound, where before the fix it stalled
for the whole quadratic run (46 s at 100,000 characters).
"""

import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import running_app
from helpers import GAZETTEER_TIMEOUT_MS, find_places_in, wait_for_app_idle
from playwright.sync_api import Page, expect

from bench.measure import APP_ENTRY
from geo.io.text_input import MAX_TEXT_CHARS
from geo.text.budget import BUDGET_ENV

HEALTH_BOUND_S = 10
PATHOLOGICAL = {
    "long word after a dotless i": "Bakı" + "x" * (MAX_TEXT_CHARS - 4),
    "one Cyrillic letter": "а" * MAX_TEXT_CHARS,
    "Armenian capitals": "Ա" * MAX_TEXT_CHARS,
}


class HealthWatch(threading.Thread):
    """Asks /_stcore/health every 100 ms; keeps the slowest answer and any failure."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.slowest, self.errors, self.answers = f"{url}/_stcore/health", 0.0, [], 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(self.url, timeout=HEALTH_BOUND_S) as response:
                    assert response.status == 200
                self.answers += 1
            except Exception as err:  # noqa: BLE001 - every failure is reported by the test
                self.errors.append(repr(err))
            self.slowest = max(self.slowest, time.perf_counter() - started)
            self.done.wait(0.1)


def build_gazetteer(page: Page, url: str) -> None:
    """Maps a short text, so the server has built its gazetteer before health is watched.

    The first mapping after a start builds the GeoNames index in the server itself (seconds of
    JSON parsing); that is start-up work, not what these tests are about.
    """
    find_places_in(page, url, "Rockets struck Barda on 28 October 2020.")
    done = page.locator(".st-key-text_summary").or_(page.get_by_test_id("stAlert").filter(has_text="took too long"))
    expect(done.first).to_be_visible(timeout=GAZETTEER_TIMEOUT_MS)
    wait_for_app_idle(page)


@pytest.fixture
def health(page: Page, app_url: str) -> Iterator[HealthWatch]:
    build_gazetteer(page, app_url)
    watch = HealthWatch(app_url)
    watch.start()
    yield watch
    watch.done.set()
    watch.join()


@pytest.mark.parametrize("shape", PATHOLOGICAL)
def test_a_pathological_text_maps_while_the_server_keeps_answering(
    page: Page, app_url: str, page_errors: list[str], health: HealthWatch, shape: str
) -> None:
    find_places_in(page, app_url, PATHOLOGICAL[shape])

    summary = page.locator(".st-key-text_summary")
    expect(summary).to_contain_text("Places found", timeout=GAZETTEER_TIMEOUT_MS)
    wait_for_app_idle(page)
    expect(page.get_by_text(f"pasted text: {MAX_TEXT_CHARS:,} characters")).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0
    assert health.errors == [] and health.answers > 0
    assert page_errors == []


@pytest.fixture(scope="module")
def impatient_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with a budget no text can meet, so the stop path shows."""
    log_dir = Path(tmp_path_factory.mktemp("impatient"))
    with running_app(APP_ENTRY, log_dir, {BUDGET_ENV: "0.001"}) as url:
        yield url


def test_a_text_over_the_budget_says_it_took_too_long(
    page: Page, impatient_app_url: str, page_errors: list[str], tmp_path: Path
) -> None:
    build_gazetteer(page, impatient_app_url)
    watch = HealthWatch(impatient_app_url)
    watch.start()
    try:
        find_places_in(page, impatient_app_url, PATHOLOGICAL["one Cyrillic letter"])

        alert = page.get_by_test_id("stAlert").filter(has_text="took too long")
        expect(alert).to_contain_text("This text took too long to map", timeout=GAZETTEER_TIMEOUT_MS)
    finally:
        watch.done.set()
        watch.join()
    wait_for_app_idle(page)
    page.screenshot(path=str(tmp_path / "took-too-long.png"))
    assert page.get_by_test_id("stException").count() == 0
    expect(page.get_by_role("button", name="Find the places")).to_be_enabled()
    assert watch.errors == [] and watch.answers > 0
    assert page_errors == []
