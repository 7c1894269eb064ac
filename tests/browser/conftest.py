"""Real-browser fixtures: Debian's Chromium, the app on a loopback port, no way out to the internet."""

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Dialog, Page, Route, expect

from bench.measure import CHROMIUM_ARGS, NOT_LOOPBACK_URL, VIEWPORT, free_loopback_port, running_streamlit

REPO_ROOT = Path(__file__).resolve().parents[2]
BROWSER_TESTS_DIR = Path(__file__).resolve().parent
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# How long an `expect` waits for what a person would see. It ends as soon as the page shows it; the
# bound only has to outlast a server answer on a 2-core machine running two test files at once,
# where Playwright's default of 5 s was seen to run out (a slide's Next, a refused link).
EXPECT_TIMEOUT_MS = 15_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS_DIR):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    executable = os.environ.get("CHROMIUM_PATH") or (str(DEBIAN_CHROMIUM) if DEBIAN_CHROMIUM.exists() else None)
    launch_args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if executable:
        launch_args["executable_path"] = executable
    return launch_args


@pytest.fixture(scope="session")
def app_script(pytestconfig: pytest.Config) -> Path:
    script = REPO_ROOT / pytestconfig.getoption("--app-script")
    if not script.is_file():
        pytest.fail(f"app script not found: {str(script)!r}")
    return script


@contextlib.contextmanager
def running_app(
    script: Path, log_dir: Path, extra_env: dict[str, str] | None = None, base_path: str = ""
) -> Iterator[str]:
    """Streamlit serving `script` on a free loopback port (under `base_path`, as behind a proxy
    that hosts it at /map/); yields its base URL."""
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(extra_env or {})}
    launcher = [sys.executable, "-m", "streamlit", "run"]
    with running_streamlit(launcher, script, free_loopback_port(), log_dir, env, base_path) as app:
        yield app.url


@pytest.fixture(scope="session")
def app_url(app_script: Path, tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Iterator[str]:
    given = pytestconfig.getoption("--app-url")
    if given:
        # Only loopback: every browser test runs offline (blocked_requests).
        if not _is_loopback(given) or urlsplit(given).scheme not in {"http", "https"}:
            pytest.fail(f"--app-url must be an http URL on loopback, got {given!r}")
        yield given.rstrip("/")
        return
    with running_app(app_script, tmp_path_factory.mktemp("streamlit")) as url:
        yield url


def _is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    # data:, blob: and about: never touch the network.
    return parts.scheme not in {"http", "https", "ws", "wss"} or parts.hostname in LOOPBACK_HOSTS


@pytest.fixture(autouse=True)
def blocked_requests(context: BrowserContext) -> list[str]:
    """Every browser test runs offline: requests to other hosts (map tiles too) are aborted and listed here."""
    blocked: list[str] = []

    def abort_unless_loopback(route: Route) -> None:
        url = route.request.url
        if _is_loopback(url):
            route.fallback()
            return
        blocked.append(url)
        route.abort("blockedbyclient")

    # Matched inside Playwright's driver, so loopback traffic never waits on Python.
    context.route(NOT_LOOPBACK_URL, abort_unless_loopback)
    return blocked


@pytest.fixture
def page_errors(page: Page) -> list[str]:
    """Uncaught script errors and dialogs (alert, confirm, prompt) of the page and its frames; dialogs are dismissed."""
    errors: list[str] = []

    def record_dialog(dialog: Dialog) -> None:
        errors.append(f"dialog {dialog.type}: {dialog.message!r}")
        dialog.dismiss()

    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    page.on("dialog", record_dialog)
    return errors


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # A laptop-sized window: the map and the cards beside it are both in view without scrolling.
    return {**browser_context_args, "viewport": VIEWPORT}
