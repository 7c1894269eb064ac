"""Text extraction on adversarial texts against ordinary text, and the server's health while one
session maps the worst of them (issue 10 §1), one command from the repository root:

    .venv/bin/python -m bench.adversarial [--write] [--no-browser]

Every shape of `bench/adversarial_shapes.py` (long words in many scripts, runs of one letter,
hyphenated and dotted chains, runs of quotes, whitespace and digits, words mixing Latin and
look-alike letters, ...) is timed with `geo.text.extract.extract` and the full gazetteer at 50,000
and at 200,000 characters (the page's limit); ordinary text is `bench.extract_bench`'s
perturbed sample article at the same lengths. It prints the CPU time per 100 KB of each, the
growth from 50,000 to 200,000 characters per 100 KB (1 is linear, 4 quadratic) and the worst
shape against ordinary text.

Other fields read user text with a pattern or a parser: each input of the kind that made a
backtracking pattern quadratic (`FIELD_INPUTS`: the coordinate box of "Place a name by hand", an
upload of many long numbers) is timed at two sizes, with its growth per character.

Then it serves the app, pastes and maps ordinary text and then the worst shape, each at
200,000 characters, in "Map a text" in Chromium, and asks `/_stcore/health` every 100 ms
meanwhile (and for 10 s idle before): the slowest answer is the figure (a first mapping of a
short text builds the gazetteer beforehand). `--write` puts the section
"Adversarial texts" into bench/results.md, replacing that section only.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bench.adversarial_shapes import SHAPES, adversarial_text
from bench.extract_bench import RESULTS_PATH, SAMPLE_PATH, build_text, machine_line, publish
from bench.measure import APP_ENTRY
from geo.io.upload import parse_upload
from geo.model.loader import DataError, load_dataset
from geo.text.draft import parse_point
from geo.text.extract import extract
from geo.text.gazetteer import Gazetteer

SECTION = "Adversarial texts"
SHORT, LONG = 50_000, 200_000
REPEATS = 2  # best of
HEALTH_EVERY_S = 0.1
IDLE_S = 10
HEALTH_TARGET_S = 1.0
RATIO_TARGET = 2.0
# Growth of the time per 100 KB from SHORT to LONG that still reads as linear on a shared machine (4 is quadratic).
GROWTH_LIMIT = 2.0
# How long the browser waits for a mapping to show (the budget is 20 s; the machine is shared).
MAPPING_WAIT_MS = 120_000
APP_IDLE_SELECTOR = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def cpu_per_100kb(text: str, gazetteer: Gazetteer) -> float:
    """Best CPU seconds of `extract` over REPEATS runs, per 100,000 characters."""
    best = float("inf")
    for _ in range(REPEATS):
        gc.collect()
        started = time.process_time()
        extract(text, gazetteer)
        best = min(best, time.process_time() - started)
    return best / len(text) * 100_000


def time_shapes(gazetteer: Gazetteer) -> tuple[dict[str, float], list[dict]]:
    sample = SAMPLE_PATH.read_text(encoding="utf-8")
    ordinary = {size: cpu_per_100kb(build_text(sample, size), gazetteer) for size in (SHORT, LONG)}
    print(f"ordinary text: {ordinary[LONG] * 1000:.0f} ms per 100 KB", file=sys.stderr)
    rows = []
    for shape in SHAPES:
        short = cpu_per_100kb(adversarial_text(shape, SHORT), gazetteer)
        long = cpu_per_100kb(adversarial_text(shape, LONG), gazetteer)
        rows.append({"shape": shape, "short": short, "long": long, "growth": long / short})
        print(
            f"{shape:40s} {short * 1000:8.0f} {long * 1000:8.0f} ms per 100 KB  growth {long / short:.2f}",
            file=sys.stderr,
        )
    return ordinary, sorted(rows, key=lambda row: row["long"], reverse=True)


def _refused(parse: Callable[[str], object], *errors: type[Exception]) -> Callable[[str], None]:
    def run(text: str) -> None:
        with contextlib.suppress(*errors):
            parse(text)

    return run


def _many_long_numbers(length: int) -> bytes:
    """GeoJSON-like bytes: numbers of 4,300 digits (as long as Python reads) and one longer."""
    count = max(1, length // 4_302)
    return b"[" + (b"9" * 4_300 + b",\n") * count + b"1" * 4_301 + b"]"


# name -> (what reads it, the input at a length, the two lengths); each was quadratic under a
# backtracking pattern (issue 18): "1", spaces, "x" in the coordinate box (30,000 spaces: 26 s),
# and an upload whose numbers are one digit short of too long before the one that is.
FIELD_INPUTS: dict[str, tuple[Callable, Callable[[int], object], tuple[int, int]]] = {
    "coordinate box: 1, spaces, x": (_refused(parse_point, ValueError), lambda n: "1" + " " * (n - 2) + "x",
                                     (64, 30_000)),
    "coordinate box: 1, spaces, x (within 64)": (_refused(parse_point, ValueError),
                                                 lambda n: "1" + " " * (n - 2) + "x", (16, 64)),
    "upload: 4,300-digit numbers, then 4,301": (_refused(lambda b: parse_upload(b, "many.geojson"), DataError),
                                                _many_long_numbers, (1_000_000, 4_000_000)),
}  # fmt: skip


def time_field_inputs() -> list[dict]:
    """Best wall time of each FIELD_INPUTS reader at its two lengths, and the growth per character."""
    rows = []
    for name, (read, make, (short, long)) in FIELD_INPUTS.items():
        times = {}
        for length in (short, long):
            text, best = make(length), float("inf")
            for _ in range(REPEATS):
                started = time.perf_counter()
                read(text)
                best = min(best, time.perf_counter() - started)
            times[length] = best
        growth = (times[long] / long) / (times[short] / short)
        rows.append({"input": name, "short": short, "long": long, "short_s": times[short], "long_s": times[long],
                     "growth": growth})  # fmt: skip
        print(f"{name:45s} {times[short] * 1000:9.2f} ms at {short:,}, {times[long] * 1000:9.2f} ms at {long:,}",
              file=sys.stderr)  # fmt: skip
    return rows


class HealthPoller(threading.Thread):
    """Asks /_stcore/health every HEALTH_EVERY_S and keeps each answer's latency."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.latencies, self.failures = f"{url}/_stcore/health", [], 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(self.url, timeout=60) as response:
                    response.read()
                self.latencies.append(time.perf_counter() - started)
            except OSError:
                self.failures += 1
            self.stop.wait(HEALTH_EVERY_S)


def map_in_browser(page, url: str, text: str) -> tuple[float, str]:
    """Pastes `text` in "Map a text", presses "Find the places"; seconds until the outcome shows, and the outcome."""
    page.goto(f"{url}/Your_data")
    page.get_by_role("tab", name="Map a text").click(timeout=MAPPING_WAIT_MS)
    page.locator(APP_IDLE_SELECTOR).wait_for(state="attached", timeout=MAPPING_WAIT_MS)
    page.locator(".st-key-text_input textarea").fill(text, timeout=MAPPING_WAIT_MS)
    page.keyboard.press("Control+Enter")
    page.wait_for_timeout(1000)
    started = time.perf_counter()
    page.get_by_role("button", name="Find the places").click()
    outcome = page.locator(".st-key-text_summary, [data-testid='stAlert'], [data-testid='stException']")
    outcome.first.wait_for(timeout=MAPPING_WAIT_MS)
    seconds = time.perf_counter() - started
    page.wait_for_timeout(500)
    page.locator(APP_IDLE_SELECTOR).wait_for(state="attached", timeout=MAPPING_WAIT_MS)
    return seconds, " ".join(outcome.first.inner_text(timeout=MAPPING_WAIT_MS).split())[:120]


def health_while_mapping(texts: dict[str, str]) -> dict[str, dict]:
    """Health latencies while idle, then while the page pastes and maps each text in turn."""
    from playwright.sync_api import sync_playwright

    from bench.measure import CHROMIUM_PATH, offline_context, serve

    measured: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as work, serve(APP_ENTRY, Path(work), None) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=["--no-sandbox", "--disable-gpu"])
        page = offline_context(browser).new_page()
        warm_s, _ = map_in_browser(page, server.url, "Rockets struck Barda on 28 October 2020.")
        print(f"first mapping (builds the gazetteer): {warm_s:.1f} s", file=sys.stderr)
        idle = HealthPoller(server.url)
        idle.start()
        time.sleep(IDLE_S)
        idle.stop.set()
        idle.join()
        measured["idle"] = {"latencies": idle.latencies, "failures": idle.failures}
        for label, text in texts.items():
            poller = HealthPoller(server.url)
            poller.start()
            mapping_s, outcome = map_in_browser(page, server.url, text)
            poller.stop.set()
            poller.join()
            measured[label] = {"latencies": poller.latencies, "failures": poller.failures,
                               "mapping_s": mapping_s, "outcome": outcome}  # fmt: skip
            print(
                f"{label}: slowest health {max(poller.latencies) * 1000:.0f} ms, mapped in {mapping_s:.1f} s",
                file=sys.stderr,
            )
        browser.close()
    return measured


def report(
    gazetteer_s: float, ordinary: dict[str, float], rows: list[dict], fields: list[dict], health: dict | None
) -> str:
    worst = rows[0]
    ratio = worst["long"] / ordinary[LONG]
    max_growth = max(rows, key=lambda row: row["growth"])
    lines = [
        "`.venv/bin/python -m bench.adversarial --write`: `geo.text.extract.extract` with the full gazetteer "
        f"(building it took {gazetteer_s:.1f} s, not counted), CPU time per 100 KB, best of {REPEATS} runs, "
        f"at {SHORT:,} and {LONG:,} characters; ordinary text is the perturbed sample article of "
        f"`bench.extract_bench`. Growth is the time per 100 KB at {LONG:,} over {SHORT:,} characters: "
        f"1 is linear, 4 would be quadratic. Machine: {machine_line()} (shared with other processes).",
        "",
        f"- Ordinary text: **{ordinary[LONG] * 1000:.0f} ms per 100 KB** "
        f"({ordinary[SHORT] * 1000:.0f} ms at {SHORT:,} characters).",
        f"- Worst adversarial shape: **{worst['shape']}**, {worst['long'] * 1000:.0f} ms per 100 KB: "
        f"**{ratio:.2f}×** ordinary text (target ≤ {RATIO_TARGET:g}×).",
        f"- Largest growth from {SHORT:,} to {LONG:,} characters: {max_growth['growth']:.2f} "
        f"({max_growth['shape']}): "
        + ("linear for every shape." if max_growth["growth"] <= GROWTH_LIMIT else "**not linear**."),
    ]
    if health:
        lines.append(
            f"- `/_stcore/health`, asked every {HEALTH_EVERY_S * 1000:.0f} ms while one Chromium session pastes "
            f'a {LONG:,}-character text in "Map a text", maps it and shows the result (target ≤ '
            f"{HEALTH_TARGET_S:g} s), against the same server idle:"
        )
        for label, figures in health.items():
            latencies = figures["latencies"]
            mapped = (
                f'; mapped in {figures["mapping_s"]:.1f} s (click to result shown): "{figures["outcome"]}"'
                if "mapping_s" in figures
                else ""
            )
            lines.append(
                f"  - {label}: slowest **{max(latencies) * 1000:.0f} ms**, median "
                f"{statistics.median(latencies) * 1000:.0f} ms over {len(latencies)} requests, "
                f"{figures['failures']} failed{mapped}."
            )
    lines += ["", "| Shape | ms per 100 KB at 50,000 | at 200,000 | Growth | × ordinary |", "|---|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(
            f"| {row['shape'].replace('|', '¦')} | {row['short'] * 1000:.0f} | {row['long'] * 1000:.0f} "
            f"| {row['growth']:.2f} | {row['long'] / ordinary[LONG]:.2f} |"
        )
    lines += [
        "",
        "Other fields that read user text (`FIELD_INPUTS`), best of "
        f"{REPEATS}; growth is the time per character at the longer length over the shorter (1 is linear):",
        "",
        "| Input | Shorter | Time | Longer | Time | Growth per character |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in fields:
        lines.append(
            f"| {row['input']} | {row['short']:,} | {row['short_s'] * 1000:.2f} ms | {row['long']:,} "
            f"| {row['long_s'] * 1000:.2f} ms | {row['growth']:.2f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"put the section into {RESULTS_PATH}")
    parser.add_argument("--no-browser", action="store_true", help="skip the health measurement in Chromium")
    args = parser.parse_args()
    started = time.perf_counter()
    gazetteer = Gazetteer(load_dataset().places)
    gazetteer_s = time.perf_counter() - started
    ordinary, rows = time_shapes(gazetteer)
    fields = time_field_inputs()
    del gazetteer
    gc.collect()
    if args.no_browser:
        health = None
    else:
        worst = rows[0]["shape"]
        texts = {
            "ordinary text": build_text(SAMPLE_PATH.read_text(encoding="utf-8"), LONG),
            f"worst shape ({worst})": adversarial_text(worst, LONG),
        }
        health = health_while_mapping(texts)
    section = report(gazetteer_s, ordinary, rows, fields, health)
    publish(RESULTS_PATH, SECTION, section, args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
