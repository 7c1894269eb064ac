"""How long the handout (PDF) takes to make, from the repository root:

    .venv/bin/python -m bench.handout_bench [--reps 5] [--write]

Times `geo.io.handout.build_handout` for the views a class prints most: the war's events in English
(A4), in Armenian (Letter), the background era, and 300 seeded synthetic events (the page limit
cuts the list); then uploads at 10,000 and 50,000 points (the upload limit; events of 1,000 points
each, issue 18 §4), where the build must stay linear in the points. Median and maximum of the
repetitions, after one warm-up (fonts parsed once).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from bench.extract_bench import machine_line, replace_section
from bench.synthetic import write_dataset, write_point_dataset
from geo.io.handout import build_handout
from geo.model.loader import load_dataset
from geo.model.prepare import prepare

RESULTS_PATH = Path(__file__).resolve().parent / "results.md"
SECTION = "Handout (PDF) (issue 15)"
POINT_COUNTS = (10_000, 50_000)
TARGET_S = 3.0


def cases(folder: Path) -> list[tuple[str, object, np.ndarray, dict]]:
    article = prepare(load_dataset())
    write_dataset(folder, 300)
    synthetic = prepare(load_dataset(folder / "places.geojson", folder / "events.geojson"))
    war = np.flatnonzero(article.era_is_war)
    uploads = []
    for points in POINT_COUNTS:
        write_point_dataset(folder / str(points), points)
        upload = prepare(load_dataset(folder / str(points) / "places.geojson", folder / str(points) / "events.geojson"))
        uploads.append((f"Upload of {points:,} points ({len(upload.events)} events)", upload))
    return [
        (f"War, {len(war)} events, English, A4", article, war, {"naming": "en", "page_format": "A4"}),
        (f"War, {len(war)} events, Armenian, Letter", article, war, {"naming": "hy", "page_format": "Letter"}),
        ("Background era, English, A4", article, np.flatnonzero(~article.era_is_war), {}),
        ("300 synthetic events, A4", synthetic, np.arange(len(synthetic.events)), {}),
        *((name, upload, np.arange(len(upload.events)), {}) for name, upload in uploads),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--write", action="store_true", help=f"put the section into {RESULTS_PATH}")
    args = parser.parse_args()
    if not 1 <= args.reps <= 50:
        parser.error(f"--reps {args.reps!r} must be 1–50")
    load = Path("/proc/loadavg").read_text().split()[0]
    rows = []
    with tempfile.TemporaryDirectory(prefix="handout-bench-") as folder:
        for name, data, positions, options in cases(Path(folder)):
            pdf = build_handout(data, positions, **options)
            times, cpu = [], []
            for _ in range(args.reps):
                started, started_cpu = time.perf_counter(), time.process_time()
                pdf = build_handout(data, positions, **options)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            pages = len(pdfium.PdfDocument(pdf))
            rows.append((name, statistics.median(times), max(times), statistics.median(cpu), pages, len(pdf)))
            print(f"{name}: median {rows[-1][1]:.2f} s, max {rows[-1][2]:.2f} s, {pages} pages", flush=True)
    worst = max(row[1] for row in rows)
    slowest = max(row[2] for row in rows)
    text = "\n".join(
        [
            f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `.venv/bin/python -m bench.handout_bench"
            f" --reps {args.reps}` on {machine_line()}; 1-min load average at the start: {load}.",
            "",
            "Wall time is what a teacher waits; CPU time is the process's own share (the machine is shared).",
            "",
            "| View | Median | Max | CPU (median) | Pages | Size |",
            "| --- | --- | --- | --- | --- | --- |",
            *(f"| {n} | {m:.2f} s | {x:.2f} s | {c:.2f} s | {p} | {b / 1000:.0f} KB |" for n, m, x, c, p, b in rows),
            "",
            f"Target: handout made in ≤ {TARGET_S:.0f} s: slowest median {worst:.2f} s, "
            f"{'met' if worst <= TARGET_S else 'missed'} (slowest single run {slowest:.2f} s).",
        ]
    )
    print(text)
    if args.write:
        replace_section(RESULTS_PATH, SECTION, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
