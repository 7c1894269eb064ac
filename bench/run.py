"""The benchmark of issue 6, one command (from the repository root):

    .venv/bin/python -m bench.run [--sizes article,1000,10000,100000] [--cap 60] [--quick]

For each size (the article's events, then seeded synthetic ones written to a temporary
folder) and each app (the dashboard, then the naive baseline bench/naive_app.py) it starts
Streamlit on loopback, drives Debian's Chromium with Playwright and times loads, slider
steps, card and map clicks, the server's Python per run, websocket bytes and memory.
It prints the tables and writes bench/results.md (raw figures: bench/out/results.json).
Not part of the test suite: a full run takes about a quarter of an hour.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from bench.measure import CHROMIUM_ARGS, CHROMIUM_PATH, REPO_ROOT, Probe, Sample, Server, offline_context, serve
from bench.plan import EventFacts, step_chains
from bench.report import render_report, write_report
from bench.synthetic import write_dataset
from geo.data import SHIPPED_DATA_DIR
from geo.prepare import format_day

BENCH_DIR = Path(__file__).resolve().parent
APPS = {"dashboard": REPO_ROOT / "dashboard.py", "naive": BENCH_DIR / "naive_app.py"}
SIZES = ("article", "1000", "10000", "100000")
SHOW_BUTTON_CLASS = re.compile(r"st-key-show_([a-z0-9-]+)")


@dataclass(frozen=True)
class Reps:
    loads: int  # cold + warm pairs
    steps: int
    clicks: int  # card clicks, and map clicks
    sessions: int  # extra sessions for the memory per session


FULL = Reps(loads=3, steps=7, clicks=5, sessions=5)
# A series whose first sample is slow (100,000 events; the naive map from 10,000) takes
# CUT's count instead, so the whole run stays near 15 minutes on 2 cores.
CUT = Reps(loads=1, steps=3, clicks=3, sessions=2)
QUICK = Reps(loads=1, steps=2, clicks=1, sessions=1)
SLOW_LOAD_MS = 15_000  # loads and extra sessions
SLOW_ACTION_MS = 5_000  # steps and clicks; also skips the untimed step that splits the bytes


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_sizes(text: str) -> list[str]:
    sizes = [s.strip() for s in text.split(",") if s.strip()]
    for size in sizes:
        if size != "article" and not (size.isdigit() and int(size) > 0):
            raise argparse.ArgumentTypeError(f"size must be 'article' or a positive whole number, not {size!r}")
    return sizes


class AppBench:
    """All measurements of one app at one size, against its running server."""

    def __init__(self, browser: Browser, server: Server, facts: EventFacts, reps: Reps, cap_ms: float):
        self.browser, self.server, self.facts, self.cap_ms = browser, server, facts, cap_ms
        self.reps = reps
        self.result: dict = {"notes": [], "samples": {}}

    def probe(self, page: Page) -> Probe:
        return Probe(page, self.server, self.cap_ms)

    def count(self, series: str, full: int, cut: int, first_ms: float | None, slow_ms: float) -> int:
        """How many samples a series takes: `cut` (noted) when its first was slower than `slow_ms`."""
        if first_ms is not None and first_ms > slow_ms and cut < full:
            self.result["notes"].append(f"{series}: the first took {first_ms / 1000:.1f} s, so {cut} instead of {full}")
            return cut
        return full

    def record(self, series: str, sample: Sample) -> bool:
        """Keeps the sample; False when it went over the cap (the series stops there)."""
        self.result["samples"].setdefault(series, []).append(asdict(sample))
        if sample.total_ms is None:
            self.result["notes"].append(f"{series}: over the cap of {self.cap_ms / 1000:.0f} s")
            return False
        return True

    def run(self, has_cards: bool) -> dict:
        if not self.first_load_and_memory():
            return self.result
        self.result["reps"] = asdict(self.reps)
        for name, series in (("loads", self.loads), ("steps", self.steps)):
            self.guarded(name, series)
        if has_cards:
            self.guarded("clicks", self.clicks)
        return self.result

    def guarded(self, name: str, series) -> None:
        try:
            series()
        except (PlaywrightError, RuntimeError) as err:
            self.result["notes"].append(f"{name} stopped: {str(err).splitlines()[0]}")
            log(f"  {name} stopped: {err}")

    def first_load_and_memory(self) -> bool:
        """The first load (server caches empty), then RSS with one session and with more."""
        context = offline_context(self.browser)
        try:
            first = self.probe(context.new_page()).load(self.server.url + "/")
            self.result["first_load"] = asdict(first)
            if first.total_ms is None:
                self.result["notes"].append(f"first load: over the cap of {self.cap_ms / 1000:.0f} s")
                return False
            self.result["rss_mb"] = self.server.rss_mb()
            sessions = self.count("extra sessions", self.reps.sessions, CUT.sessions, first.total_ms, SLOW_LOAD_MS)
            # Opened together: the sessions load side by side, which saves time on 2 cores.
            probes = [self.probe(context.new_page()) for _ in range(sessions)]
            for probe in probes:
                probe.page.goto(self.server.url + "/", wait_until="commit")
            loaded = sum(probe.wait_loaded() for probe in probes)
            if loaded:
                self.result["rss_sessions_mb"] = self.server.rss_mb()
                self.result["extra_sessions"] = loaded
                self.result["per_session_mb"] = (self.result["rss_sessions_mb"] - self.result["rss_mb"]) / loaded
        finally:
            context.close()
        return True

    def loads(self) -> None:
        pairs, done = self.reps.loads, 0
        while done < pairs:
            context = offline_context(self.browser)
            try:
                probe = self.probe(context.new_page())
                cold = probe.load(self.server.url + "/")
                if not self.record("cold", cold) or not self.record("warm", probe.load(self.server.url + "/")):
                    return
            finally:
                context.close()
            if not done:
                pairs = self.count("load pairs", pairs, CUT.loads, cold.total_ms, SLOW_LOAD_MS)
            done += 1

    def steps(self) -> None:
        """ArrowRight on the date slider, each to a date this page has not shown yet; then,
        when steps are quick, one more (untimed) that splits its websocket bytes by message."""
        context = offline_context(self.browser)
        try:
            page = context.new_page()
            probe = self.probe(page)
            wanted, timed = self.reps.steps, 0
            for chain_start, days in step_chains(self.facts, self.reps.steps + 1):
                page.goto(f"{self.server.url}/?date={chain_start.isoformat()}", wait_until="commit")
                if not probe.wait_loaded():
                    raise RuntimeError(f"the page at {chain_start} did not load within the cap ({probe.page_error()})")
                page.get_by_role("slider", name="Date").focus()
                press = partial(page.keyboard.press, "ArrowRight")
                for day in days:
                    wait = {"kind": "step", "text": format_day(day)}
                    if timed == wanted:
                        if max(s["total_ms"] for s in self.result["samples"]["step"]) < SLOW_ACTION_MS:
                            self.result["step_payload"] = probe.payload(press, wait)
                        return
                    sample = probe.act(press, wait)
                    if not self.record("step", sample):
                        return
                    timed += 1
                    if timed == 1:
                        wanted = self.count("steps", wanted, CUT.steps, sample.total_ms, SLOW_ACTION_MS)
        finally:
            context.close()

    def clicks(self) -> None:
        """Card clicks, then map clicks (dashboard only: the naive baseline has no cards)."""
        context = offline_context(self.browser)
        try:
            page = context.new_page()
            probe = self.probe(page)
            for clicks in (self.card_clicks, self.map_clicks):
                # A fresh session each: the map in its first view, nothing selected.
                page.goto(self.server.url + "/", wait_until="commit")
                if not probe.wait_loaded():
                    raise RuntimeError(f"the page did not load within the cap ({probe.page_error()})")
                clicks(page, probe)
        finally:
            context.close()

    def card_clicks(self, page: Page, probe: Probe) -> None:
        """Clicks "Show on map" on cards, each until the map is centred on its event."""
        classes = page.locator("[class*='st-key-show_']").evaluate_all("els => els.map(e => e.className)")
        ids = [m.group(1) for c in classes if (m := SHOW_BUTTON_CLASS.search(c))]
        ids = [i for i in ids if i in self.facts.points]
        if not ids:
            self.result["notes"].append("card click: no card with a one-point event on show")
        wanted = self.reps.clicks
        for done, event_id in enumerate(ids[:wanted]):
            lat, lng = self.facts.points[event_id]
            button = page.locator(f".st-key-show_{event_id} button")
            sample = probe.act(button.click, {"kind": "recentre", "lat": lat, "lng": lng})
            if not self.record("card", sample):
                return
            if not done:
                wanted = self.count("card clicks", wanted, CUT.clicks, sample.total_ms, SLOW_ACTION_MS)
            if done + 1 >= wanted:
                return

    def map_clicks(self, page: Page, probe: Probe) -> None:
        """Markers of events not clicked before, so each click changes the selected card."""
        clicked: list[str] = []
        wanted = self.reps.clicks
        while len(clicked) < wanted:
            candidates = [c for c in probe.clickable_events(clicked) if c["id"] in self.facts.titles]
            if not candidates:
                self.result["notes"].append(
                    "map click: no single event marker to click (events drawn as bins or none in view)"
                )
                return
            target = candidates[len(candidates) // 2]
            clicked.append(target["id"])
            click = partial(page.mouse.click, target["x"], target["y"])
            sample = probe.act(click, {"kind": "select", "text": self.facts.titles[target["id"]]})
            if not self.record("map_click", sample):
                return
            if len(clicked) == 1:
                wanted = self.count("map clicks", wanted, CUT.clicks, sample.total_ms, SLOW_ACTION_MS)


def code_version() -> str:
    """The commit measured, and whether the app's files differed from it (read-only git)."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("status", "--porcelain", "--", "dashboard.py", "app_data.py", "geo", "static", ".streamlit")
    return f"{commit} with uncommitted changes to the app" if changed else commit


def dataset_folder(size: str, temp: Path) -> Path | None:
    """None: the shipped data; else a folder with `size` synthetic events."""
    if size == "article":
        return None
    folder = write_dataset(temp / f"events-{size}", int(size))
    log(f"wrote {size} synthetic events to {folder}")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(SIZES), help="comma-separated (default: %(default)s)")
    parser.add_argument("--apps", default="dashboard,naive", help="comma-separated subset of dashboard,naive")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds one action may take (default: 60)")
    parser.add_argument("--quick", action="store_true", help="one repetition of each, for a smoke check")
    parser.add_argument("--output", type=Path, default=BENCH_DIR / "results.md")
    args = parser.parse_args(argv)
    apps = [a.strip() for a in args.apps.split(",") if a.strip()]
    for app in apps:
        if app not in APPS:
            parser.error(f"unknown app {app!r}; choose from {', '.join(APPS)}")

    started = time.monotonic()
    out_dir = BENCH_DIR / "out"
    out_dir.mkdir(exist_ok=True)
    results: dict = {"sizes": {}, "cap_s": args.cap, "quick": args.quick, "code": code_version()}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="bench-") as temp_name:
        temp = Path(temp_name)
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        results["chromium"] = browser.version
        for size in args.sizes:
            data_dir = dataset_folder(size, temp)
            facts = EventFacts.read((data_dir or SHIPPED_DATA_DIR) / "events.geojson")
            results["sizes"][size] = {"events": facts.count, "apps": {}}
            for app in apps:
                log(f"{size} events, {app}")
                load_before = os.getloadavg()[0]
                with serve(APPS[app], temp, data_dir) as server:
                    bench = AppBench(browser, server, facts, QUICK if args.quick else FULL, args.cap * 1000)
                    outcome = bench.run(has_cards=app == "dashboard")
                # Other processes on the machine slow every figure down: say how busy it was.
                outcome["load_avg"] = (load_before, os.getloadavg()[0])
                results["sizes"][size]["apps"][app] = outcome
                (out_dir / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
        browser.close()
    results["elapsed_s"] = time.monotonic() - started
    (out_dir / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    report = render_report(results)
    write_report(args.output, report)
    print(report)
    log(f"done in {results['elapsed_s'] / 60:.1f} min; wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
