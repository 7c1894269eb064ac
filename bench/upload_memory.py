"""The server's memory per session showing a maximal upload (issue 18 item 8), from the repository root:

    .venv/bin/python -m bench.upload_memory [--sessions 6] [--points 50000] [--rounds 2] [--acled-events N]

One Streamlit server (the dashboard, on 127.0.0.1 only) and one headless Chromium. First one
session loads the dashboard with the article's data (the shared caches fill). Then, per round,
`--sessions` visitors each in their own browser context upload the same events file at the points
limit (`--points` points as MultiPoints of 1,000, from bench/synthetic.py; or, with `--acled-events`,
an ACLED-like export of that many events) in "Your data" (`--read-only`: until its report is
shown, no further), show
it instead of the article's events and wait for its markers on the dashboard's map; then every
context is closed. Streamlit keeps a closed session for reconnection for 2 minutes and drops it
at the next session's connection after that, so the bench waits `--settle` seconds and opens one
article session before reading the memory "after". The next round then shows whether the freed
memory is used again (the server grows no further) or kept.

Printed: the server's resident memory (RSS) idle, after the article session, after each upload
session, with all open, after closing, and per session ((all open − before) / sessions); beside it,
from inside the server (bench/timed_server.py), how many datasets are alive there and what the map
page cache holds for uploads: RSS alone cannot tell freed memory from memory the allocator keeps."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from bench.extract_bench import machine_line
from bench.measure import (
    APP_ENTRY,
    APP_IDLE_SELECTOR,
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    MAP_IFRAME_SELECTOR,
    offline_context,
    serve,
)
from bench.synthetic import write_acled_csv, write_point_dataset

MARKERS = ".leaflet-marker-icon"
TIMEOUT_MS = 120_000
# Streamlit's MemorySessionStorage keeps a closed session 2 minutes for a reconnection.
SESSION_KEPT_S = 120


def wait_idle(page: Page) -> None:
    page.locator(APP_IDLE_SELECTOR).wait_for(state="attached", timeout=TIMEOUT_MS)


def article_session(page: Page, url: str) -> None:
    page.goto(url)
    page.frame_locator(MAP_IFRAME_SELECTOR).locator(MARKERS).first.wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)


def upload_session(page: Page, url: str, events: Path, show: bool = True) -> None:
    """Upload `events`, show them instead of the article's, and wait for their map (with `show`)."""
    page.goto(f"{url}/Your_data")
    page.get_by_role("tab", name="Upload your events").click()
    page.locator(".st-key-events_upload input[type=file]").set_input_files(str(events))
    page.locator(".st-key-upload_report").wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)
    if not show:
        return
    page.locator(".st-key-upload_mode").get_by_text("instead of the article's events").click()
    wait_idle(page)
    page.get_by_role("button", name="Show on the map").click()
    page.locator(f".st-key-map_panel {MAP_IFRAME_SELECTOR}").wait_for(timeout=TIMEOUT_MS)
    page.frame_locator(f".st-key-map_panel {MAP_IFRAME_SELECTOR}").locator(MARKERS).first.wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)


class DatasetLog:
    """The server's own count of live datasets and the map page cache's bytes, as it last wrote them."""

    def __init__(self, path: Path):
        self.path = path
        os.environ["BENCH_DATASET_LOG"] = str(path)

    def line(self) -> str:
        time.sleep(2.5)  # the server writes every 2 s
        rows = self.path.read_text(encoding="utf-8").splitlines() if self.path.exists() else []
        if not rows:
            return "no reading from the server"
        _, alive, cache_bytes = rows[-1].split("\t")
        return f"{alive} datasets alive, uploads' map pages {int(cache_bytes) / 2**20:,.1f} MB"


def measure(  # noqa: PLR0913 - the bench's options
    sessions: int, points: int, rounds: int, settle_s: float, acled_events: int = 0, show: bool = True
) -> list[str]:
    lines: list[str] = []

    def note(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    with tempfile.TemporaryDirectory(prefix="upload-memory-") as work:
        if acled_events:
            events = write_acled_csv(Path(work) / "acled-export.csv", acled_events)
        else:
            events = write_point_dataset(Path(work) / "upload", points) / "events.geojson"
        datasets = DatasetLog(Path(work) / "datasets.tsv")
        with serve(APP_ENTRY, Path(work), None) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
            note(f"Server RSS idle: {server.rss_mb():,.0f} MB")
            first = offline_context(browser)
            article_session(first.new_page(), server.url)
            first.close()
            note(f"after one article session: {server.rss_mb():,.0f} MB")
            for number in range(1, rounds + 1):
                before = server.rss_mb()
                contexts = []
                for _ in range(sessions):
                    context = offline_context(browser)
                    upload_session(context.new_page(), server.url, events, show)
                    contexts.append(context)
                    note(
                        f"round {number}: {len(contexts)} upload session(s) open: {server.rss_mb():,.0f} MB; "
                        f"{datasets.line()}"
                    )
                all_open = server.rss_mb()
                for context in contexts:
                    context.close()
                time.sleep(settle_s)
                closing = offline_context(browser)  # its connection makes Streamlit drop the closed ones
                article_session(closing.new_page(), server.url)
                closing.close()
                after = server.rss_mb()
                note(
                    f"**round {number}**: before {before:,.0f} MB, {sessions} open {all_open:,.0f} MB "
                    f"(**{(all_open - before) / sessions:,.0f} MB per session**), {settle_s:.0f} s after "
                    f"closing them {after:,.0f} MB; {datasets.line()}"
                )
            browser.close()
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=6, help="upload sessions open at once per round")
    parser.add_argument("--points", type=int, default=50_000, help="points in the upload (the limit is 50,000)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of opening and closing the sessions")
    parser.add_argument(
        "--settle", type=float, default=SESSION_KEPT_S + 5, help="seconds between closing and reading 'after'"
    )
    parser.add_argument(
        "--acled-events", type=int, default=0, help="upload an ACLED-like export of this many events instead"
    )
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="stop once the upload is read and checked (its report shown), without showing it on the map",
    )
    args = parser.parse_args()
    upload = f"{args.acled_events:,} ACLED events" if args.acled_events else f"{args.points:,} points"
    upload += ", read and checked only" if args.read_only else ", shown on the map"
    print(f"{machine_line()}; {args.sessions} sessions × {upload}, {args.rounds} rounds", flush=True)
    measure(args.sessions, args.points, args.rounds, args.settle, args.acled_events, not args.read_only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
