"""An uncaught exception shows visitors no traceback, type or message (`client.showErrorDetails`
in .streamlit/config.toml), while the server's log keeps the whole traceback."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import BROWSER_TESTS_DIR, running_app
from helpers import wait_for_app_idle
from playwright.sync_api import Page, expect

FAILING_APP = BROWSER_TESTS_DIR / "apps" / "fails.py"
SECRET = "secret detail"


@pytest.fixture(scope="module")
def failing_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    log_dir = tmp_path_factory.mktemp("failing-app")
    with running_app(FAILING_APP, log_dir) as url:
        yield url, log_dir


def test_a_failure_shows_no_traceback_and_is_logged_on_the_server(page: Page, failing_app: tuple[str, Path]) -> None:
    url, log_dir = failing_app
    page.goto(url)
    expect(page.get_by_role("heading", name="A page that fails")).to_be_visible(timeout=30_000)
    exception = page.get_by_test_id("stException")
    expect(exception).to_be_visible(timeout=30_000)
    wait_for_app_idle(page)
    shown = page.get_by_test_id("stApp").inner_text()
    for leak in (SECRET, "RuntimeError", "Traceback", "fails.py", str(FAILING_APP.parent), "line 6"):
        assert leak not in shown, f"{leak!r} shown to the visitor"
    assert page.locator("[data-testid='stException'] pre, [data-testid='stExceptionTraceback']").count() == 0
    log = "\n".join(path.read_text(errors="replace") for path in log_dir.glob("server-*.log"))
    assert "Traceback" in log and "RuntimeError" in log and SECRET in log
