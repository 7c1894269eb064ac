"""A bounded classroom-sized load test on loopback (issue 7 §3), from the repository root:

    .venv/bin/python -m bench.load [--sessions 10,30] [--minutes 2] [--think 1,3] [--write]

For each number of sessions (one after the other): one Streamlit server (the dashboard with
the article's data, on 127.0.0.1 only, every run timed by bench/timed_server.py) and one
headless Chromium with one browser context per session, so each is its own visitor (own
cookies, own Streamlit session). Each session loads the dashboard at its own date, then for
the given minutes focuses the date slider and presses ArrowRight (ArrowLeft back from the
last day), waits until the status line shows the new day, then pauses for a random think time (seeded), as a pupil
stepping through the war would.

Recorded: load time per session; step time (in the map's frame, where the map engine runs the
time control: from the key press to the frame in which its status line `#status` shows the new
day); the server's time per settled view (the engine tells the server of each view it settles on:
from the session asking for the run to the run's end, its wait to start and its run, as
bench/timed_server.py logs them) and the views sent against the runs made; errors: uncaught page
errors, Streamlit exception boxes, steps or loads over the time cap; the server's Python time per
run; the server's
resident memory before, after the first session, with every session open, at the end and after
the sessions are closed, and from those the memory per session. Every loop is bounded in
count and in time; every request off loopback is aborted.

Note the browsers and the server share this machine's cores: a step's time here includes
waiting for the CPU behind the other sessions' browsers, which a classroom (one device per
pupil) does not have. So the server's threads run at a higher priority (`--server-nice`,
default -10, when the bench may set it) than the browsers, whose own priorities Chromium sets;
the server's times would otherwise mostly be its wait for a core behind 30 browsers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, Frame, Page, Route, async_playwright
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from bench.extract_bench import machine_line, publish
from bench.measure import (
    APP_ENTRY,
    APP_IDLE_SELECTOR,
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    MAP_IFRAME_SELECTOR,
    NOT_LOOPBACK_URL,
    VIEWPORT,
    Server,
    serve,
)
from geo.model.loader import load_dataset
from geo.model.prepare import format_day, prepare

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_PATH = BENCH_DIR / "results.md"
OUT_PATH = BENCH_DIR / "out" / "load.json"
SECTION = "Load test"

LOAD_TIMEOUT_MS = 120_000
STEP_TIMEOUT_MS = 30_000
IDLE_TIMEOUT_MS = 30_000
MAX_STEPS_PER_SESSION = 1_000  # far above what two minutes allow: a bound, not a target
CONCURRENT_LOADS = 3  # sessions arriving together; more only queue behind the same two cores
SETTLE_S = 10  # after the sessions close, before the last memory reading
MEMORY_SAMPLE_S = 2.0
PRIORITY_EVERY_S = 1.0  # the server starts threads as sessions come: their priority is set again
EXCEPTION_SELECTOR = '[data-testid="stException"]'
MARKER_SELECTOR = ".leaflet-marker-icon"
SEED = 11

# Recorded in the pages as things happen (the bench's own polling may come late on a busy machine):
# in every frame the last key press; in the map's frame, when the status line's text last changed;
# in the app's page, how many settled views the map's frame sent to Streamlit.
KEY_TIME_SCRIPT = """
window.addEventListener('keydown', () => { window.__keyAt = performance.now(); }, true);
if (window === window.top) {
  window.__viewsSent = 0;
  window.addEventListener('message', (event) => {
    const message = event.data || {};
    if (message.type === 'streamlit:setComponentValue' && message.value && message.value.view) {
      window.__viewsSent += 1;
    }
  });
} else {
  let statusText = null;
  new MutationObserver(() => {
    const status = document.getElementById('status');
    if (status && status.textContent !== statusText) {
      statusText = status.textContent;
      window.__statusAt = performance.now();
    }
  }).observe(document, {subtree: true, childList: true, characterData: true});
}
"""
# Resolves (in the map's frame) to the ms from the key press to the status line's change, once it
# shows the day.
STATUS_SHOWS_JS = """
(day) => {
  const heading = document.querySelector('#status');
  if (!heading || !heading.innerText.startsWith(day + ' ')) { return false; }
  return Math.max((window.__statusAt ?? performance.now()) - window.__keyAt, 0.01);
}
"""
VIEWS_SENT_JS = "() => window.__viewsSent"
SLIDER_DAY_JS = "() => Number(document.querySelector('#date-slider').value)"


@dataclass
class SessionRecord:
    number: int
    start_date: str
    load_ms: float | None = None
    step_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    exception_boxes: int = 0
    timeouts: int = 0
    views_sent: int = 0


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1]


def spread(values: list[float]) -> dict[str, float | None]:
    return {"median": percentile(values, 0.5), "p95": percentile(values, 0.95), "max": max(values, default=None)}


class LoadTest:
    def __init__(
        self,
        server: Server,
        browser: Browser,
        sessions: int,
        minutes: float,
        think: tuple[float, float],
        bounds: tuple[dt.date, dt.date],
    ):
        self.server, self.browser, self.bounds = server, browser, bounds
        self.sessions, self.minutes, self.think = sessions, minutes, think
        self.rng = random.Random(SEED)
        self.records: list[SessionRecord] = []
        self.memory: list[tuple[float, float]] = []  # (seconds since start, MB)
        self.started = time.monotonic()

    def start_date(self, number: int) -> dt.date:
        span = (self.bounds[1] - self.bounds[0]).days
        return self.bounds[0] + dt.timedelta(days=(number * 7) % span)

    async def open_session(self, number: int) -> tuple[SessionRecord, Page]:
        record = SessionRecord(number, self.start_date(number).isoformat())
        context = await self.browser.new_context(viewport=VIEWPORT)
        await context.add_init_script(KEY_TIME_SCRIPT)

        async def abort(route: Route) -> None:
            await route.abort("blockedbyclient")

        await context.route(NOT_LOOPBACK_URL, abort)
        page = await context.new_page()
        page.on("pageerror", lambda error: record.errors.append(f"page error: {error}"))
        self.records.append(record)
        started = time.perf_counter()
        try:
            await page.goto(f"{self.server.url}/?date={record.start_date}", timeout=LOAD_TIMEOUT_MS)
            markers = page.frame_locator(MAP_IFRAME_SELECTOR).locator(MARKER_SELECTOR).first
            await markers.wait_for(timeout=LOAD_TIMEOUT_MS)
            await page.locator(APP_IDLE_SELECTOR).wait_for(state="attached", timeout=IDLE_TIMEOUT_MS)
            record.load_ms = (time.perf_counter() - started) * 1000
        except PlaywrightTimeout:
            record.timeouts += 1
            record.errors.append(f"load over {LOAD_TIMEOUT_MS} ms")
        except PlaywrightError as err:
            record.errors.append(f"browser error while loading: {str(err)[:200]}")
        else:
            await self.count_exceptions(page, record)
        return record, page

    async def count_exceptions(self, page: Page, record: SessionRecord) -> None:
        boxes = await page.locator(EXCEPTION_SELECTOR).count()
        if boxes > record.exception_boxes:
            text = await page.locator(EXCEPTION_SELECTOR).first.inner_text()
            record.errors.append(f"Streamlit exception: {text[:200]!r}")
        record.exception_boxes = max(record.exception_boxes, boxes)

    async def step_session(self, record: SessionRecord, page: Page, deadline: float) -> None:
        if record.load_ms is None:
            return
        day = dt.date.fromisoformat(record.start_date)
        direction = 1
        slider = page.frame_locator(MAP_IFRAME_SELECTOR).get_by_role("slider")
        frame = next((f for f in page.frames if "streamlit_folium" in f.url), None)
        if frame is None:
            record.errors.append("no map frame")
            return
        think_low, think_high = self.think
        for _ in range(MAX_STEPS_PER_SESSION):
            if time.monotonic() >= deadline:
                return
            if not self.bounds[0] <= day + dt.timedelta(days=direction) <= self.bounds[1]:
                direction = -direction
            expected = day + dt.timedelta(days=direction)
            try:
                await slider.focus()
                await page.keyboard.press("ArrowRight" if direction > 0 else "ArrowLeft")
                shown = await frame.wait_for_function(
                    STATUS_SHOWS_JS, arg=format_day(expected), polling="raf", timeout=STEP_TIMEOUT_MS
                )
                record.step_ms.append(await shown.json_value())
                day = expected
            except PlaywrightTimeout:
                record.timeouts += 1
                record.errors.append(f"step to {expected} over {STEP_TIMEOUT_MS} ms")
                day = await self.slider_day(frame) or day
            except PlaywrightError as err:  # the page crashed or closed: this session is over
                record.errors.append(f"browser error: {str(err)[:200]}")
                return
            await self.count_exceptions(page, record)
            await asyncio.sleep(self.rng.uniform(think_low, think_high))

    @staticmethod
    async def views_sent(page: Page) -> int:
        try:
            return int(await page.evaluate(VIEWS_SENT_JS))
        except PlaywrightError:
            return 0

    @staticmethod
    async def until_idle(page: Page) -> None:
        """Until the page's last run has ended (bounded), so that the run log holds every step's run."""
        with contextlib.suppress(PlaywrightError):
            await page.wait_for_selector(APP_IDLE_SELECTOR, timeout=IDLE_TIMEOUT_MS)

    @staticmethod
    async def slider_day(frame: Frame) -> dt.date | None:
        """The day the slider is at now (the engine's own, not the URL's, which lags it), to carry
        on after a step timed out."""
        try:
            number = await frame.evaluate(SLIDER_DAY_JS)
        except PlaywrightError:
            return None
        return dt.date(1970, 1, 1) + dt.timedelta(days=int(number))

    async def sample_memory(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self.memory.append((time.monotonic() - self.started, self.server.rss_mb()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), MEMORY_SAMPLE_S)

    async def run(self) -> dict:
        sessions = self.sessions
        rss = {"idle": self.server.rss_mb()}
        stop = asyncio.Event()
        sampler = asyncio.create_task(self.sample_memory(stop))

        # The first session alone: it fills the server's caches, which later sessions share.
        opened = [await self.open_session(0)]
        rss["one_session"] = self.server.rss_mb()
        gate = asyncio.Semaphore(CONCURRENT_LOADS)

        async def arrive(number: int) -> tuple[SessionRecord, Page]:
            async with gate:
                return await self.open_session(number)

        load_started = time.monotonic()
        opened += await asyncio.gather(*(arrive(n) for n in range(1, sessions)))
        load_phase_s = time.monotonic() - load_started
        rss["all_open"] = self.server.rss_mb()

        await asyncio.gather(*(self.until_idle(page) for _, page in opened))
        sent_before = await asyncio.gather(*(self.views_sent(page) for _, page in opened))
        run_log_offset = self.server.run_log_size()
        step_started = time.monotonic()
        deadline = step_started + self.minutes * 60
        await asyncio.gather(*(self.step_session(record, page, deadline) for record, page in opened))
        step_phase_s = time.monotonic() - step_started
        await asyncio.gather(*(self.until_idle(page) for _, page in opened))
        for (record, page), before in zip(opened, sent_before, strict=True):
            record.views_sent = await self.views_sent(page) - before
        runs = self.server.runs_since(run_log_offset)
        rss["after_steps"] = self.server.rss_mb()
        rss["peak"] = max(mb for _, mb in self.memory)

        for record, page in opened:
            await self.count_exceptions(page, record)
            await page.context.close()
        await asyncio.sleep(SETTLE_S)
        rss["closed"] = self.server.rss_mb()
        stop.set()
        await sampler
        return self.summary(rss, runs, load_phase_s, step_phase_s)

    def summary(
        self, rss: dict, runs: list[tuple[float, float, float]], load_phase_s: float, step_phase_s: float
    ) -> dict:
        steps = [ms for record in self.records for ms in record.step_ms]
        settled = [wait + wall for wall, _, wait in runs]  # asked for → run ended
        loads = [record.load_ms for record in self.records if record.load_ms is not None]
        errors = [f"session {r.number}: {e}" for r in self.records for e in r.errors]
        loaded = len(loads)
        per_session = (rss["all_open"] - rss["one_session"]) / (loaded - 1) if loaded > 1 else None
        per_session_end = (rss["after_steps"] - rss["one_session"]) / (loaded - 1) if loaded > 1 else None
        return {
            "sessions": len(self.records),
            "sessions_loaded": loaded,
            "minutes": self.minutes,
            "think_s": list(self.think),
            "load_phase_s": load_phase_s,
            "step_phase_s": step_phase_s,
            "steps": len(steps),
            "steps_per_s": len(steps) / step_phase_s if step_phase_s else 0.0,
            "step_ms": spread(steps),
            "settled_ms": spread(settled),
            "views_sent": sum(r.views_sent for r in self.records),
            "load_ms": spread(loads),
            "server_run_ms": {
                "runs": len(runs),
                "wall_median": percentile([wall for wall, _, _ in runs], 0.5),
                "wall_p95": percentile([wall for wall, _, _ in runs], 0.95),
                "cpu_median": percentile([cpu for _, cpu, _ in runs], 0.5),
                "cpu_p95": percentile([cpu for _, cpu, _ in runs], 0.95),
                "wait_median": percentile([wait for _, _, wait in runs], 0.5),
                "wait_p95": percentile([wait for _, _, wait in runs], 0.95),
            },
            "errors": errors,
            "page_errors": sum(e.startswith("page error") for r in self.records for e in r.errors),
            "exception_boxes": sum(r.exception_boxes for r in self.records),
            "timeouts": sum(r.timeouts for r in self.records),
            "rss_mb": rss,
            "rss_per_session_mb": per_session,
            "rss_per_session_after_steps_mb": per_session_end,
            "memory_samples": self.memory,
            "per_session": [
                {
                    "number": r.number,
                    "start_date": r.start_date,
                    "load_ms": r.load_ms,
                    "steps": len(r.step_ms),
                    "step_median_ms": percentile(r.step_ms, 0.5),
                    "errors": len(r.errors),
                }
                for r in self.records
            ],
        }


def report(results: list[dict]) -> str:
    """The section for bench/results.md: what was run, then one column per number of sessions."""

    def ms(value: float | None) -> str:
        return "—" if value is None else f"{value:,.0f} ms"

    def mb(value: float | None) -> str:
        return "—" if value is None else f"{value:,.1f} MB"

    first = results[0]
    low, high = first["think_s"]
    rows = {
        "Sessions open at once (loaded / started)": [f"{r['sessions_loaded']} / {r['sessions']}" for r in results],
        f"Errors: page errors / Streamlit exception boxes / steps over the {STEP_TIMEOUT_MS // 1000} s cap": [
            f"{r['page_errors']} / {r['exception_boxes']} / {r['timeouts']}" for r in results
        ],
        "Settled views sent by the pages / server runs for them": [
            f"{r['views_sent']:,} / {r['server_run_ms']['runs']:,}" for r in results
        ],
        "Slider steps, all sessions (per second)": [f"{r['steps']:,} ({r['steps_per_s']:.1f})" for r in results],
        "**Step time, median**": [f"**{ms(r['step_ms']['median'])}**" for r in results],
        "**Step time, 95th percentile**": [f"**{ms(r['step_ms']['p95'])}**" for r in results],
        "Step time, longest": [ms(r["step_ms"]["max"]) for r in results],
        "**Server per settled view** (asked for → run ended; target p95 ≤ 500 ms), median / p95": [
            f"**{ms(r['settled_ms']['median'])} / {ms(r['settled_ms']['p95'])}**" for r in results
        ],
        "Its wait to start, median / p95": [
            f"{ms(r['server_run_ms']['wait_median'])} / {ms(r['server_run_ms']['wait_p95'])}" for r in results
        ],
        "Its run, wall median / p95": [
            f"{ms(r['server_run_ms']['wall_median'])} / {ms(r['server_run_ms']['wall_p95'])}" for r in results
        ],
        "Its run, CPU median / p95": [
            f"{ms(r['server_run_ms']['cpu_median'])} / {ms(r['server_run_ms']['cpu_p95'])}" for r in results
        ],
        "Load time while the sessions arrive, median / p95": [
            f"{ms(r['load_ms']['median'])} / {ms(r['load_ms']['p95'])}" for r in results
        ],
        "Server RSS: idle / one session / all open": [
            f"{r['rss_mb']['idle']:,.0f} / {r['rss_mb']['one_session']:,.0f} / {r['rss_mb']['all_open']:,.0f} MB"
            for r in results
        ],
        f"Server RSS: after the steps / peak / {SETTLE_S} s after closing": [
            f"{r['rss_mb']['after_steps']:,.0f} / {r['rss_mb']['peak']:,.0f} / {r['rss_mb']['closed']:,.0f} MB"
            for r in results
        ],
        "**Server memory per session**, after loading / after the steps": [
            f"**{mb(r['rss_per_session_mb'])}** / {mb(r['rss_per_session_after_steps_mb'])}" for r in results
        ],
        "Machine load average (1 min), start / end": [
            f"{r['load_average'][0]:.1f} / {r['load_average'][1]:.1f}" for r in results
        ],
    }
    lines = [
        "`.venv/bin/python -m bench.load --write`: one Streamlit server (the dashboard, the article's data, "
        "127.0.0.1 only; a fresh one per column) and one headless Chromium with one browser context per session, "
        f"each its own visitor. Each session loads the dashboard at its own date ({CONCURRENT_LOADS} arriving at "
        f"a time), then for {first['minutes']:g} minutes focuses the date slider, presses ArrowRight (ArrowLeft "
        f"back from the last day), waits until the status line shows the new day, and pauses {low:g}–{high:g} s. "
        "Times are recorded in the pages as things happen (the bench's own polling "
        "on a busy machine does not add to them): a step's, from the key press to the status line's text showing "
        "the new day. The server's per settled view (the engine tells the server of the view it settles on, for "
        "the session's link, handout and class room), from the session asking for the run to the run's end, as "
        "bench/timed_server.py logs it: requests that come during a run are answered by the next run. "
        "Server memory per session: (RSS with all sessions open − "
        "RSS with one) / (sessions − 1); the first session also fills the shared caches. "
        f"Machine: {machine_line()}. The browsers and the server share its cores (and other work was running: "
        "see the load average), so a step's time here includes waiting behind the other sessions' browsers, "
        "which pupils on their own devices would not; the server's threads run at niceness "
        f"{first['server_nice']} (`--server-nice`) so that it does not wait behind them.",
        "",
        "| Sessions | " + " | ".join(str(r["sessions"]) for r in results) + " |",
        "|---|" + "---:|" * len(results),
        *(f"| {label} | " + " | ".join(values) + " |" for label, values in rows.items()),
    ]
    errors = [f"{r['sessions']} sessions, {error}" for r in results for error in r["errors"]]
    if errors:
        lines += ["", "Errors:", "", *(f"- {error}" for error in errors[:10])]
        if len(errors) > 10:
            lines.append(f"- … and {len(errors) - 10} more (bench/out/load.json)")
    return "\n".join(lines)


def think_range(text: str) -> tuple[float, float]:
    low, _, high = text.partition(",")
    values = float(low), float(high or low)
    if not 0 <= values[0] <= values[1] <= 60:
        raise argparse.ArgumentTypeError(f"think time {text!r} must be 'low,high' seconds, 0 ≤ low ≤ high ≤ 60")
    return values


def session_counts(text: str) -> list[int]:
    counts = [int(part) for part in text.split(",") if part.strip()]
    if not counts or not all(1 <= count <= 100 for count in counts):
        raise argparse.ArgumentTypeError(f"sessions {text!r} must be numbers 1..100, comma-separated")
    return counts


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


async def keep_priority(pid: int, niceness: int, stop: asyncio.Event) -> str | None:
    """Hold every thread of process `pid` at `niceness` until `stop`; why it could not, if so."""
    while not stop.is_set():
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                os.setpriority(os.PRIO_PROCESS, int(task.name), niceness)
            except ProcessLookupError:
                continue  # the thread ended
            except PermissionError as err:
                return f"server priority not set ({err}): run as root or with CAP_SYS_NICE for --server-nice < 0"
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), PRIORITY_EVERY_S)
    return None


async def run_once(sessions: int, args: argparse.Namespace, bounds: tuple[dt.date, dt.date]) -> dict:
    """One load test with its own server and browser."""
    started_load = load_average()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as work, serve(APP_ENTRY, Path(work), None) as server:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
            stop = asyncio.Event()
            priority = asyncio.create_task(keep_priority(server.pid, args.server_nice, stop))
            try:
                test = LoadTest(server, browser, sessions, args.minutes, args.think, bounds)
                # A hard bound on the whole run, whatever happens inside it.
                limit_s = args.minutes * 60 + sessions * LOAD_TIMEOUT_MS / 1000 + 120
                result = await asyncio.wait_for(test.run(), limit_s)
            finally:
                stop.set()
                priority_error = await priority
                await browser.close()
    if priority_error:
        result["errors"].append(priority_error)
    return {**result, "load_average": (started_load, load_average()), "server_nice": args.server_nice}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sessions",
        type=session_counts,
        default=[30],
        help="sessions at once; several (10,30) run one after the other (default 30)",
    )
    parser.add_argument("--minutes", type=float, default=2.0, help="how long every session steps (default 2)")
    parser.add_argument(
        "--think", type=think_range, default=(1.0, 3.0), help="pause after each step, 'low,high' seconds (default 1,3)"
    )
    parser.add_argument(
        "--server-nice",
        type=int,
        choices=range(-20, 20),
        default=-10,
        metavar="-20..19",
        help="the server's niceness, above the browsers' priority (default -10; 0 to share the cores evenly)",
    )
    parser.add_argument("--write", action="store_true", help=f"put the section into {RESULTS_PATH}")
    args = parser.parse_args()
    if not 0 < args.minutes <= 30:
        parser.error(f"--minutes must be more than 0 and at most 30, got {args.minutes!r}")

    bounds = prepare(load_dataset()).war_bounds
    results = []
    for sessions in args.sessions:
        print(f"{sessions} sessions for {args.minutes:g} minutes…", file=sys.stderr, flush=True)
        results.append(asyncio.run(run_once(sessions, args, bounds)))
    OUT_PATH.parent.mkdir(exist_ok=True)
    OUT_PATH.write_text(json.dumps(results, indent=1), encoding="utf-8")
    section = report(results)
    publish(RESULTS_PATH, SECTION, section, args.write)
    failed = any(r["errors"] or r["sessions_loaded"] < r["sessions"] for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
