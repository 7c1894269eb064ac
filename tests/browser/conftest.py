"""Real-browser fixtures: Debian's Chromium, the app on a loopback port, no way out to the internet."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Dialog, Page, Route

REPO_ROOT = Path(__file__).resolve().parents[2]
BROWSER_TESTS_DIR = Path(__file__).resolve().parent
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium keeps trying hosts it cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Matched inside Playwright's driver, so loopback traffic never waits on Python.
NOT_LOOPBACK_URL = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/)")
SERVER_START_TIMEOUT_S = 60


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


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_health(url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"Streamlit at {url!r} not healthy (exit code {server.poll()!r}); its output:\n"
        + log_path.read_text(errors="replace")
    )


@contextlib.contextmanager
def running_app(
    script: Path, log_dir: Path, extra_env: dict[str, str] | None = None, base_path: str = ""
) -> Iterator[str]:
    """Streamlit serving `script` on a free loopback port (under `base_path`, as behind a proxy
    that hosts it at /map/); yields its base URL."""
    port = _free_loopback_port()
    url = f"http://127.0.0.1:{port}" + (f"/{base_path}" if base_path else "")
    log_path = log_dir / f"server-{port}.log"
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(extra_env or {})}
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        # Others edit the tree while tests run; watching it would only cost CPU.
        "--server.fileWatcherType", "none",
        *(["--server.baseUrlPath", base_path] if base_path else []),
    ]  # fmt: skip
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_health(url, server, log_path)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def app_url(app_script: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
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
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}
