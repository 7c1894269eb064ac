"""What the benchmarks share, and the browser tests too: the app served on loopback (for the
benchmarks with every script run timed by bench/timed_server.py), Debian's Chromium with the flags
it needs offline, and a browser context whose requests off the machine are aborted."""

from __future__ import annotations

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
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import BrowserContext, Route

REPO_ROOT = Path(__file__).resolve().parent.parent
# What scripts/start.sh serves: the dashboard, with new pages admitted at a bounded rate per address.
APP_ENTRY = REPO_ROOT / "serve.py"
TIMED_SERVER = Path(__file__).resolve().parent / "timed_server.py"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
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
VIEWPORT = {"width": 1400, "height": 1000}
# Map tiles would wait on hosts that cannot be reached: every non-loopback request is aborted.
# The same for a whole browser, by name resolution: Playwright's routing (offline_context) turns the
# browser's HTTP cache off, so a load timed "warm" (cached) runs in a browser launched with this and a
# context without routes (cached_context).
LOOPBACK_ONLY_ARG = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"
NOT_LOOPBACK_URL = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/)")
APP_IDLE_SELECTOR = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_IFRAME_SELECTOR = 'iframe[title="streamlit_folium.st_folium"]'
SERVER_START_TIMEOUT_S = 60


@dataclass
class Server:
    url: str
    pid: int
    run_log: Path

    def rss_mb(self) -> float:
        """Resident memory of the Streamlit process (VmRSS), in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"no VmRSS for process {self.pid!r}")

    def run_log_size(self) -> int:
        return self.run_log.stat().st_size if self.run_log.exists() else 0

    def runs_since(self, offset: int) -> list[tuple[float, float, float]]:
        """(wall, CPU, wait to start) milliseconds of each run logged after `offset` bytes of the log."""
        if not self.run_log.exists():
            return []
        with self.run_log.open(encoding="utf-8") as log:
            log.seek(offset)
            rows = [line.split("\t") for line in log.read().splitlines() if line]
        return [(float(row[1]), float(row[2]), float(row[3])) for row in rows]


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class LoopbackApp:
    url: str
    pid: int


@contextlib.contextmanager
def running_streamlit(
    launcher: list[str], script: Path, port: int, log_dir: Path, env: dict[str, str], base_path: str = ""
) -> Iterator[LoopbackApp]:
    """`launcher SCRIPT` (`streamlit run`, or bench/timed_server.py) serving headless on 127.0.0.1:`port`
    (under `base_path`, as behind a proxy that hosts it at /map/), its output in `log_dir`; yields once
    Streamlit answers its health check, and stops it when the block ends. The one starter of the
    browser tests and the benchmarks."""
    url = f"http://127.0.0.1:{port}" + (f"/{base_path}" if base_path else "")
    log_path = log_dir / f"server-{port}.log"
    command = [
        *launcher, str(script),
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
        yield LoopbackApp(url, server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextlib.contextmanager
def serve(script: Path, work_dir: Path, data_dir: Path | None) -> Iterator[Server]:
    """Streamlit serving `script` on a free loopback port, every run timed (bench/timed_server.py)."""
    port = free_loopback_port()
    run_log = work_dir / f"runs-{port}.tsv"
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "BENCH_RUN_LOG": str(run_log),
    }
    env.pop("MAP_DATA_DIR", None)
    if data_dir is not None:
        env["MAP_DATA_DIR"] = str(data_dir)
    with running_streamlit([sys.executable, str(TIMED_SERVER)], script, port, work_dir, env) as app:
        yield Server(app.url, app.pid, run_log)


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


def offline_context(browser) -> BrowserContext:
    """A new browser context (empty cache) with no way off loopback."""
    context = browser.new_context(viewport=VIEWPORT)

    def abort(route: Route) -> None:
        route.abort("blockedbyclient")

    context.route(NOT_LOOPBACK_URL, abort)
    return context


def cached_context(browser) -> BrowserContext:
    """A new browser context (empty cache) that keeps its HTTP cache between loads, as a person's
    browser does: no routes, so off-loopback requests must fail by the browser's LOOPBACK_ONLY_ARG."""
    return browser.new_context(viewport=VIEWPORT)
