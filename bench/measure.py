"""What the benchmark measures, as a person would feel it: the app on loopback, Chromium
driven by Playwright, each wait timed inside the browser.

Every timed action runs the same way: note the state, act (navigate, press a key, click),
then poll in the page on animation frames until the expected change is there, and wait for
the frame after it to be rendered. An init script in every frame records the input's time,
each websocket frame's arrival and size, long tasks and the app's run state, so the figures
do not include Playwright's round trips.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, Route, WebSocket
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

REPO_ROOT = Path(__file__).resolve().parent.parent
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
NOT_LOOPBACK_URL = re.compile(r"^(?!https?://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/)")
APP_IDLE_SELECTOR = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_IFRAME_SELECTOR = 'iframe[title="streamlit_folium.st_folium"]'
SERVER_START_TIMEOUT_S = 60

INIT_SCRIPT = """
(() => {
  let top;
  try { top = window.top; void top.document; } catch (err) { return; }
  const mark = () => { top.__benchInputAt = top.performance.now(); };
  window.addEventListener('keydown', mark, true);
  window.addEventListener('pointerdown', mark, true);
  if (window !== top) {
    // A component iframe gets its new arguments in this message (streamlit-component-lib).
    window.addEventListener('message', (event) => {
      if (event.data && event.data.type === 'streamlit:render') { top.__benchRenders.push(top.performance.now()); }
    }, true);
    return;
  }
  window.__benchRenders = [];
  window.__benchFrames = [];
  window.__benchLongTasks = [];
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const data = event.data;
        window.__benchFrames.push([performance.now(), data.byteLength ?? data.size ?? data.length]);
      });
    }
  };
  try {
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) { window.__benchLongTasks.push([task.startTime, task.duration]); }
    }).observe({type: 'longtask', buffered: true});
  } catch (err) { /* no long-task timing in this browser */ }
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      const state = m.target.getAttribute('data-test-script-state');
      if (state === 'notRunning') { window.__benchIdleAt = performance.now(); }
      if (state === 'running') { window.__benchRunningAt = performance.now(); }
    }
  }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
})();
"""

# Shared by the JS below: the map's window, and whether event features are drawn in it.
_MAP_JS = (
    f"const iframeSelector = {json.dumps(MAP_IFRAME_SELECTOR)};"
    + """
function mapWindow() {
  const frame = document.querySelector(iframeSelector);
  return frame && frame.getBoundingClientRect().height > 0 ? frame.contentWindow : null;
}
function hasFeatures(win) {
  if (!win || !win.map) { return false; }
  if (win.document.querySelector('.leaflet-marker-icon')) { return true; }
  for (const key in win.map._layers) {
    const props = win.map._layers[key].feature && win.map._layers[key].feature.properties;
    if (props && props.event_id) { return true; }
  }
  return false;
}
"""
)

PREPARE_JS = (
    "() => {"
    + _MAP_JS
    + """
  const win = mapWindow();
  const map = win && win.map;
  // Layers added or removed count as a change of the map's features, whatever draws them.
  if (map && !('__benchChanges' in map)) {
    map.__benchChanges = 0;
    map.on('layeradd layerremove', () => { map.__benchChanges += 1; });
  }
  window.__benchBefore = {map: map, changes: map ? map.__benchChanges : 0};
  window.__benchInputAt = null;
  window.__benchFramesFrom = window.__benchFrames.length;
  window.__benchRendersFrom = window.__benchRenders.length;
  window.__benchTasksFrom = window.__benchLongTasks.length;
}"""
)

# Polls on animation frames until the change is there, then waits for that frame to render.
WAIT_JS = (
    "async ({kind, text, lat, lng, capMs}) => {"
    + _MAP_JS
    + """
  const startedAt = performance.now();
  const before = window.__benchBefore || {};
  function statusShows(day) {
    const heading = document.querySelector('.st-key-status h3');
    return !!heading && heading.innerText.startsWith(day + ' ');
  }
  function mapChanged(win) {
    if (!win || !win.map) { return false; }
    if (win.map !== before.map) { return hasFeatures(win); }  // a new map (naive baseline)
    return win.map.__benchChanges > before.changes;
  }
  function done() {
    const win = mapWindow();
    if (kind === 'load') { return hasFeatures(win); }
    if (kind === 'step') { return statusShows(text) && mapChanged(win); }
    if (kind === 'recentre') {
      if (!win || !win.map) { return false; }
      const centre = win.map.getCenter();
      return Math.abs(centre.lat - lat) < 0.05 && Math.abs(centre.lng - lng) < 0.05;
    }
    if (kind === 'select') {
      const card = document.querySelector('.st-key-selected_event');
      return !!card && card.innerText.includes(text);
    }
    throw new Error('unknown wait ' + kind);
  }
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  let polled = false;
  for (;;) {
    let ok = false;
    try { ok = done(); } catch (err) { if (String(err).includes('unknown wait')) { throw err; } }
    if (ok) { break; }
    if (performance.now() - startedAt > capMs) { return null; }
    await frame();
    polled = true;
  }
  const changedAt = performance.now();
  // Checked inside a frame callback: the task after it runs once that frame is rendered.
  if (!polled) { await frame(); }
  await new Promise((resolve) => setTimeout(resolve, 0));
  return {changedAt: changedAt, paintedAt: performance.now()};
}"""
)

AFTER_JS = """() => ({
  inputAt: window.__benchInputAt,
  idleAt: window.__benchIdleAt ?? null,
  runningAt: window.__benchRunningAt ?? null,
  frames: window.__benchFrames.slice(window.__benchFramesFrom),
  renders: window.__benchRenders.slice(window.__benchRendersFrom),
  tasks: window.__benchLongTasks.slice(window.__benchTasksFrom),
})"""

# Event markers a person could click: inside the map, clear of its controls, and on top
# at their centre. Page coordinates, so the mouse clicks exactly there.
CLICKABLE_JS = (
    "({exclude, limit}) => {"
    + _MAP_JS
    + """
  const frame = document.querySelector(iframeSelector);
  const win = mapWindow();
  if (!win || !win.map) { return []; }
  const map = win.map;
  const size = map.getSize();
  const offset = frame.getBoundingClientRect();
  const found = [];
  for (const key in map._layers) {
    const layer = map._layers[key];
    const props = layer.feature && layer.feature.properties;
    if (!props || !props.event_id || exclude.includes(props.event_id) || !layer.getLatLng) { continue; }
    const point = map.latLngToContainerPoint(layer.getLatLng());
    if (point.x < 70 || point.y < 90 || point.x > size.x - 260 || point.y > size.y - 140) { continue; }
    const el = layer.getElement ? layer.getElement() : null;
    let x = point.x, y = point.y;
    if (el) {
      const box = el.getBoundingClientRect();
      x = box.left + box.width / 2; y = box.top + box.height / 2;
      const hit = win.document.elementFromPoint(x, y);
      if (!hit || !(hit === el || el.contains(hit))) { continue; }
    }
    found.push({id: props.event_id, x: offset.left + frame.clientLeft + x, y: offset.top + frame.clientTop + y});
    if (found.length >= limit) { break; }
  }
  return found;
}"""
)


@dataclass
class Sample:
    """One timed action. Times in ms from the input (navigation start for loads)."""

    total_ms: float | None  # until the change is rendered and the app is idle; None: over the cap
    visible_ms: float | None = None  # until the change is rendered
    payload_ms: float | None = None  # until the largest websocket frame (the map's payload) arrived
    to_map_ms: float | None = None  # until the map's iframe got its new arguments (streamlit:render)
    map_ms: float | None = None  # from those arguments to the change rendered (folium JS, Leaflet, paint)
    paint_ms: float | None = None  # of map_ms, the last frame: style, layout and paint after the JS
    python_ms: float = 0.0  # script and fragment runs on the server
    python_cpu_ms: float = 0.0  # their CPU time (less sensitive to other processes on the machine)
    runs: int = 0
    ws_bytes: int = 0  # every websocket frame the browser received
    map_frame_bytes: int = 0  # the largest of them
    longest_task_ms: float = 0.0  # the longest the browser's main thread was blocked


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

    def runs_since(self, offset: int) -> list[tuple[float, float]]:
        """(wall, CPU) milliseconds of each run logged after `offset` bytes of the log."""
        if not self.run_log.exists():
            return []
        with self.run_log.open(encoding="utf-8") as log:
            log.seek(offset)
            rows = [line.split("\t") for line in log.read().splitlines() if line]
        return [(float(row[1]), float(row[2])) for row in rows]


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(script: Path, work_dir: Path, data_dir: Path | None) -> Iterator[Server]:
    """Streamlit serving `script` on a free loopback port, every run timed (bench/timed_server.py)."""
    port = _free_loopback_port()
    url = f"http://127.0.0.1:{port}"
    run_log = work_dir / f"runs-{port}.tsv"
    log_path = work_dir / f"server-{port}.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "BENCH_RUN_LOG": str(run_log),
    }
    env.pop("MAP_DATA_DIR", None)
    if data_dir is not None:
        env["MAP_DATA_DIR"] = str(data_dir)
    command = [
        sys.executable, str(TIMED_SERVER), str(script),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        server = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_health(url, server, log_path)
        yield Server(url, server.pid, run_log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


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
    """A new browser context (empty cache) with the probes installed and no way off loopback."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(INIT_SCRIPT)

    def abort(route: Route) -> None:
        route.abort("blockedbyclient")

    context.route(NOT_LOOPBACK_URL, abort)
    return context


class Probe:
    """Times actions on one page of the app."""

    def __init__(self, page: Page, server: Server, cap_ms: float):
        self.page, self.server, self.cap_ms = page, server, cap_ms
        self.sockets: list[WebSocket] = []
        page.on("websocket", lambda websocket: self.sockets.append(websocket))

    def load(self, url: str, cap_ms: float | None = None) -> Sample:
        """Navigation until the map shows event features, then the app idle."""
        offset = self.server.run_log_size()
        self.page.goto(url, wait_until="commit")
        self.page.evaluate(PREPARE_JS)
        return self._finish(offset, {"kind": "load"}, cap_ms, input_at=0.0)

    def wait_loaded(self) -> bool:
        """Untimed: after a navigation, wait for the map's features and the app idle; False over the cap."""
        self.page.evaluate(PREPARE_JS)
        if self.page.evaluate(WAIT_JS, {"kind": "load", "text": None, "lat": 0.0, "lng": 0.0, "capMs": self.cap_ms}):
            self.wait_idle()
            return True
        return False

    def page_error(self) -> str:
        """The first exception or error the app shows, if any (for notes on a failed wait)."""
        shown = self.page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
        return shown.first.inner_text(timeout=2_000).splitlines()[0] if shown.count() else "no error shown"

    def act(self, action: Callable[[], None], wait: dict, cap_ms: float | None = None) -> Sample:
        """`action` (a key press, a click) until `wait` ({"kind": "step", "text": day} etc.) holds."""
        self.page.evaluate(PREPARE_JS)
        offset = self.server.run_log_size()
        action()
        return self._finish(offset, wait, cap_ms)

    def _finish(self, offset: int, wait: dict, cap_ms: float | None, input_at: float | None = None) -> Sample:
        cap = cap_ms or self.cap_ms
        reached = self.page.evaluate(WAIT_JS, {"text": None, "lat": 0.0, "lng": 0.0, **wait, "capMs": cap})
        if reached is None:
            return Sample(total_ms=None)
        self.wait_idle(cap)
        after = self.page.evaluate(AFTER_JS)
        start = after["inputAt"] if input_at is None else input_at
        if start is None:
            raise RuntimeError(f"the action for {wait!r} reached the page without a key press or pointer event")
        end = reached["paintedAt"]
        # Done once the run the action started has finished too, if that is later.
        if after["idleAt"] is not None and after["runningAt"] is not None and after["runningAt"] >= start:
            end = max(end, after["idleAt"])
        frames = [f for f in after["frames"] if f[0] >= start]
        biggest = max(frames, key=lambda f: f[1]) if frames else None
        renders = [t for t in after["renders"] if start <= t <= reached["changedAt"]]
        runs = self.server.runs_since(offset)
        tasks = [t for t in after["tasks"] if t[0] + t[1] >= start]
        return Sample(
            total_ms=end - start,
            visible_ms=reached["paintedAt"] - start,
            payload_ms=biggest[0] - start if biggest else None,
            to_map_ms=renders[-1] - start if renders else None,
            map_ms=reached["paintedAt"] - renders[-1] if renders else None,
            paint_ms=reached["paintedAt"] - reached["changedAt"],
            python_ms=sum(wall for wall, _ in runs),
            python_cpu_ms=sum(cpu for _, cpu in runs),
            runs=len(runs),
            ws_bytes=sum(f[1] for f in frames),
            map_frame_bytes=biggest[1] if biggest else 0,
            longest_task_ms=max((t[1] for t in tasks), default=0.0),
        )

    def wait_idle(self, timeout_ms: float | None = None) -> None:
        timeout = max(timeout_ms or self.cap_ms, 30_000)
        self.page.locator(APP_IDLE_SELECTOR).wait_for(state="attached", timeout=timeout)

    def clickable_events(self, exclude: list[str], limit: int = 40) -> list[dict]:
        """Event markers on top at their centre, in page coordinates (map scrolled into view)."""
        iframe = self.page.locator(MAP_IFRAME_SELECTOR)
        iframe.evaluate("el => el.scrollIntoView({block: 'center', behavior: 'instant'})")
        self.page.wait_for_timeout(300)  # Streamlit may still be scrolling smoothly
        return self.page.evaluate(CLICKABLE_JS, {"exclude": exclude, "limit": limit})

    def payload(self, action: Callable[[], None], wait: dict) -> dict[str, int]:
        """Bytes the websocket carried during `action` (untimed: Playwright copies every frame):
        the map component's arguments (st_folium's json_args) and all frames together."""
        frames: list[bytes] = []

        def record(payload: bytes | str) -> None:
            frames.append(payload if isinstance(payload, bytes) else payload.encode())

        for websocket in self.sockets:
            websocket.on("framereceived", record)
        try:
            self.act(action, wait)
        finally:
            for websocket in self.sockets:
                websocket.remove_listener("framereceived", record)
        component = 0
        for payload in frames:
            message = ForwardMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                if element.WhichOneof("type") == "component_instance":
                    component += len(element.component_instance.json_args.encode())
        return {"component": component, "total": sum(len(p) for p in frames)}


def median_and_range(values: list[float]) -> tuple[float, float, float] | None:
    if not values:
        return None
    return statistics.median(values), min(values), max(values)
