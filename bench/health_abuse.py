"""The server's health while one visitor does the worst thing issue 18 names, from the repository root:

    .venv/bin/python -m bench.health_abuse [--followers 400] [--wrong-codes 120] [--rows 200000]
        [--points 50000] [--only upload,handout,wrong-codes,followers] [--write]

One Streamlit server (the dashboard, on 127.0.0.1 only). A poller asks `/_stcore/health` every
100 ms, first for 10 s idle, then while one visitor, in turn:
- `upload`: uploads the largest events file allowed (an ACLED-like export of `--rows` rows, the row
  limit) in "Your data" and waits for its report;
- `handout`: uploads `--points` points (the points limit, MultiPoints of 1,000), shows them on the
  map and makes the handout (PDF) of them;
- `wrong-codes`: opens `--wrong-codes` throw-away sessions, each asking to join a room that does
  not exist (Streamlit's own websocket protocol, no browser: the way a script would do it);
- `followers`: a teacher opens a class room and `--followers` followers from the same address join
  it (more than the per-address cap: the rest are refused), then stay 20 s.
The texts of "Map a text" (200,000 characters of the worst shape) are measured by
`bench.adversarial`, which prints the health figure for them.

Printed per case: the slowest health answer, its p99 and how many answers failed; the target is
≤ 1 s. `--write` puts the section into bench/results.md, replacing that section only.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.adversarial import HealthPoller
from bench.classroom_load import Follower
from bench.extract_bench import machine_line, publish
from bench.measure import APP_ENTRY, APP_IDLE_SELECTOR, CHROMIUM_ARGS, CHROMIUM_PATH, offline_context, serve
from bench.synthetic import write_acled_csv, write_point_dataset
from bench.upload_memory import upload_session

RESULTS_PATH = Path(__file__).resolve().parent / "results.md"
SECTION = "Health while one visitor does the worst (issue 18)"
IDLE_S = 10
TARGET_S = 1.0
TIMEOUT_MS = 300_000
FOLLOWERS_STAY_S = 20
WRONG_CODE = "ZZZZ-ZZZZ"
WRONG_CODE_SESSION_S = 2.0  # each throw-away session lives this long
WRONG_CODE_BATCH = 20
CASES = ("upload", "handout", "wrong-codes", "followers")


def measured(url: str, action: Callable[[], str]) -> dict:
    """Runs `action` while asking for health; its latencies and what the action reports."""
    poller = HealthPoller(url)
    poller.start()
    started = time.perf_counter()
    try:
        outcome = action()
    finally:
        poller.stop.set()
        poller.join()
    return {"latencies": poller.latencies, "failures": poller.failures,
            "seconds": time.perf_counter() - started, "outcome": outcome}  # fmt: skip


def idle(_url: str) -> str:
    time.sleep(IDLE_S)
    return f"{IDLE_S} s, nothing else"


def upload_largest(browser, url: str, work: Path, rows: int) -> str:
    events = write_acled_csv(work / "acled-export.csv", rows)
    context = offline_context(browser)
    upload_session(context.new_page(), url, events, show=False)
    report = context.pages[0].locator(".st-key-upload_report").inner_text()
    context.close()
    return f"{rows:,} ACLED rows ({events.stat().st_size / 2**20:.0f} MB): " + " ".join(report.split())[:90]


def handout_of_most_points(browser, url: str, work: Path, points: int) -> str:
    events = write_point_dataset(work / "points", points) / "events.geojson"
    context = offline_context(browser)
    page = context.new_page()
    upload_session(page, url, events, show=True)
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.locator(".st-key-handout button").first.click()
    size = Path(download.value.path()).stat().st_size
    context.close()
    return f"{points:,} points shown; handout {size / 1024:.0f} KB"


class Guesser(Follower):
    """A throw-away session asking to join a room: notes the page's error boxes as well."""

    def _read(self, message):
        if message.WhichOneof("type") == "delta" and message.delta.new_element.WhichOneof("type") == "alert":
            self.errors.append(message.delta.new_element.alert.body)
        return super()._read(message)


async def _wrong_codes(url: str, sessions: int) -> str:
    errors = 0
    for start in range(0, sessions, WRONG_CODE_BATCH):
        stop = asyncio.Event()
        batch = [Guesser(url, WRONG_CODE) for _ in range(min(WRONG_CODE_BATCH, sessions - start))]
        tasks = [asyncio.create_task(each.run(stop)) for each in batch]
        await asyncio.sleep(WRONG_CODE_SESSION_S)
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        errors += sum(bool(each.errors) for each in batch)
    return f"{sessions} sessions asked for {WRONG_CODE!r}; {errors} were told the room does not exist or to wait"


async def _followers(url: str, code: str, count: int) -> str:
    stop = asyncio.Event()
    followers = [Follower(url, code) for _ in range(count)]
    tasks = [asyncio.create_task(each.run(stop)) for each in followers]
    await asyncio.sleep(FOLLOWERS_STAY_S)
    following = sum(bool(each.seen) for each in followers)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return f"{count} followers from one address asked to join; {following} follow (the rest are refused)"


def wrong_codes(url: str, sessions: int) -> str:
    return asyncio.run(_wrong_codes(url, sessions))


def followers(url: str, code: str, count: int) -> str:
    return asyncio.run(_followers(url, code, count))


def in_own_process(function: Callable[..., str], *args) -> str:
    """Runs `function` in a process of its own: hundreds of websocket clients in this one would
    starve the health poller's thread of the interpreter's lock, and the figure would be ours."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def open_room(browser, url: str):
    context = offline_context(browser)
    teacher = context.new_page()
    teacher.goto(f"{url}/?mode=present&step=5")
    teacher.get_by_role("button", name="Open a class room").click(timeout=TIMEOUT_MS)
    code = teacher.locator(".st-key-room_code strong").get_by_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    code.wait_for(timeout=TIMEOUT_MS)
    teacher.locator(APP_IDLE_SELECTOR).wait_for(state="attached", timeout=TIMEOUT_MS)
    return context, code.inner_text()


def run(args: argparse.Namespace) -> dict[str, dict]:
    results: dict[str, dict] = {}
    with (
        tempfile.TemporaryDirectory(prefix="health-abuse-") as work_dir,
        serve(APP_ENTRY, Path(work_dir), None) as server,
        sync_playwright() as playwright,
    ):
        work = Path(work_dir)
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        cases: dict[str, Callable[[], str]] = {
            "upload": lambda: upload_largest(browser, server.url, work, args.rows),
            "handout": lambda: handout_of_most_points(browser, server.url, work, args.points),
            "wrong-codes": lambda: in_own_process(wrong_codes, server.url, args.wrong_codes),
        }
        results["idle"] = measured(server.url, lambda: idle(server.url))
        for name in args.only:
            if name == "followers":
                teacher, code = open_room(browser, server.url)
                results[name] = measured(
                    server.url, lambda code=code: in_own_process(followers, server.url, code, args.followers)
                )
                teacher.close()
            else:
                results[name] = measured(server.url, cases[name])
            print(f"{name}: {line(results[name])}", flush=True)
        browser.close()
    return results


def line(figures: dict) -> str:
    latencies = sorted(figures["latencies"]) or [float("nan")]
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    return (
        f"slowest {max(latencies) * 1000:,.0f} ms, p99 {p99 * 1000:,.0f} ms, median "
        f"{statistics.median(latencies) * 1000:,.0f} ms over {len(figures['latencies'])} answers, "
        f"{figures['failures']} failed; {figures['seconds']:.0f} s; {figures['outcome']}"
    )


def report(results: dict[str, dict], command: str) -> str:
    rows = [
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `{command}` on {machine_line()}; "
        f"the machine's 1-min load average at the end: {os.getloadavg()[0]:.2f}.",
        "",
        "`/_stcore/health` asked every 100 ms while one visitor does each thing in turn (target: every answer ≤ 1 s).",
        "",
        "| What the visitor does | Slowest | p99 | Median | Answers (failed) | Took | What happened | Target |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, figures in results.items():
        latencies = sorted(figures["latencies"])
        slowest = max(latencies)
        p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
        met = "met" if slowest <= TARGET_S and not figures["failures"] else "missed"
        rows.append(
            f"| {name} | {slowest * 1000:,.0f} ms | {p99 * 1000:,.0f} ms | "
            f"{statistics.median(latencies) * 1000:,.0f} ms | {len(latencies)} ({figures['failures']}) | "
            f"{figures['seconds']:.0f} s | {figures['outcome']} | {met} |"
        )
    return "\n".join(rows) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--followers", type=int, default=400, help="followers from one address asking to join")
    parser.add_argument("--wrong-codes", type=int, default=120, help="throw-away sessions with a wrong code")
    parser.add_argument("--rows", type=int, default=200_000, help="rows of the largest upload")
    parser.add_argument("--points", type=int, default=50_000, help="points of the upload whose handout is made")
    parser.add_argument(
        "--only", type=lambda text: text.split(","), default=list(CASES), help=f"cases, of {','.join(CASES)}"
    )
    parser.add_argument("--write", action="store_true", help="write the section into bench/results.md")
    args = parser.parse_args()
    unknown = [name for name in args.only if name not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {unknown!r}: choose from {CASES!r}")
    print(machine_line(), flush=True)
    results = run(args)
    text = report(results, "python -m bench.health_abuse " + " ".join(sys.argv[1:]))
    publish(RESULTS_PATH, SECTION, text, args.write)
    return 0 if all(max(r["latencies"]) <= TARGET_S for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
