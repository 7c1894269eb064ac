"""Text extraction time against text length (issue 7 §2), one command from the repository root:

    .venv/bin/python -m bench.extract_bench [--sizes-kb 10,50,100,500,1000,2000,5000] [--write]

The texts are the test fixture tests/fixtures/sample_article.txt repeated and perturbed (other
places, people and dates in each copy, from a fixed seed), so a long text keeps meeting new
names as a long real text does. Each size is timed with `geo.text.extract.extract` and the full
gazetteer (shipped places and GeoNames, built once beforehand, as the app does). It prints a
table, a least-squares line through (MB, seconds) and the time per MB at the largest size
against 0.5 MB: close to 1 means linear growth. `--write` puts the section "Text extraction
scaling" into bench/results.md, replacing that section only.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path

from geo.model.loader import load_dataset
from geo.text.extract import extract
from geo.text.gazetteer import Gazetteer

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_PATH = BENCH_DIR / "results.md"
SAMPLE_PATH = BENCH_DIR.parent / "tests" / "fixtures" / "sample_article.txt"
SECTION = "Text extraction scaling"
DEFAULT_SIZES_KB = (10, 50, 100, 500, 1000, 2000, 5000)
REFERENCE_KB = 500  # the time per MB at the largest size is compared with this size's
# Each size is timed several times and the best run kept; fewer runs for the long texts.
REPEATS = 3
LONG_TEXT_KB, LONG_TEXT_REPEATS = 1000, 2
SEED = 7

# Swapped into each copy of the sample: names the gazetteer knows, names it does not, dates.
PLACES = [
    "Ganja", "Barda", "Terter", "Goranboy", "Mingachevir", "Fuzuli", "Jabrayil", "Zangilan", "Qubadli",
    "Hadrut", "Martuni", "Tbilisi", "Gyumri", "Yerevan", "Ankara", "Tehran", "Istanbul", "Paris",
    "Vienna", "Geneva", "Kazan", "Rostov", "Batumi", "Sochi", "Izmir", "Tabriz", "Ardabil", "Kars",
]  # fmt: skip
SYLLABLES = ["ar", "mi", "ko", "len", "sa", "vo", "rad", "tel", "ga", "nor", "bek", "ul", "zan", "dor"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
_SWAPPED_PLACES = re.compile(r"\b(?:Terter|Barda|Moscow|Baku|Marseille|Gyumri|Tbilisi)\b")
_SWAPPED_PEOPLE = re.compile(r"\b(?:Jacques Chirac|Mike Pompeo|Pompeo|Soros)\b")
_SWAPPED_DAYS = re.compile(r"\b(?:September|October|November|January) (\d{1,2})\b")
_SWAPPED_YEARS = re.compile(r"\b20(?:20|21)\b")


def invented_name(rng: random.Random) -> str:
    return " ".join("".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))).capitalize() for _ in range(2))


def perturbed_copy(sample: str, rng: random.Random) -> str:
    text = _SWAPPED_PLACES.sub(lambda _: rng.choice(PLACES), sample)
    text = _SWAPPED_PEOPLE.sub(lambda _: invented_name(rng), text)
    text = _SWAPPED_DAYS.sub(lambda _: f"{rng.choice(MONTHS)} {rng.randint(1, 28)}", text)
    return _SWAPPED_YEARS.sub(lambda _: str(rng.randint(1990, 2024)), text)


def build_text(sample: str, size_chars: int, seed: int = SEED) -> str:
    """Perturbed copies of the sample, separated by blank lines, cut at a paragraph end near `size_chars`."""
    rng = random.Random(seed)
    parts, length = [], 0
    while length < size_chars:
        part = perturbed_copy(sample, rng).strip() + "\n\n"
        parts.append(part)
        length += len(part)
    text = "".join(parts)
    cut = text.rfind("\n\n", 0, size_chars)
    return text[: cut + 2] if cut > size_chars // 2 else text[:size_chars]


def time_extraction(text: str, gazetteer: Gazetteer, repeats: int) -> tuple[float, float, int]:
    """Best wall and best CPU time in seconds over `repeats` runs, and the mentions and dates found.

    CPU time is what the ratios use: it barely moves when other processes share the machine.
    """
    best_wall = best_cpu = float("inf")
    found = 0
    for _ in range(repeats):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = extract(text, gazetteer)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
        found = len(result.mentions) + len(result.dates)
    return best_wall, best_cpu, found


def fit_line(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least squares y = intercept + slope * x; returns (slope, intercept, R²)."""
    slope, intercept = statistics.linear_regression(xs, ys)
    mean = statistics.fmean(ys)
    total = sum((y - mean) ** 2 for y in ys)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    return slope, intercept, 1 - residual / total if total else 1.0


def replace_section(path: Path, heading: str, body: str) -> None:
    """Puts `## heading` and `body` into the markdown file, in place of that section if it is
    there (up to the next `## `), else at the end; the rest of the file is left as it is.
    Read right before writing: other tools write other sections of the same file."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    section = f"## {heading}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def publish(path: Path, heading: str, body: str, write: bool) -> None:
    """Prints a bench's section; with `write` (its --write flag) also puts it into the results file."""
    print(body)
    if write:
        replace_section(path, heading, body)
        print(f"wrote the section {heading!r} into {path}", file=sys.stderr)


def report(rows: list[dict], gazetteer_s: float, peak_mb: float, ratio: float, fit: tuple) -> str:
    slope, intercept, r2 = fit
    lines = [
        "`.venv/bin/python -m bench.extract_bench --write`: `geo.text.extract.extract` with the full gazetteer "
        f"(shipped places and GeoNames; building it took {gazetteer_s:.1f} s, not counted) on texts made "
        "of the test fixture `tests/fixtures/sample_article.txt` repeated with other places, people and "
        f"dates in each copy (seed {SEED}). Best of {REPEATS} runs below {LONG_TEXT_KB:,} KB, of "
        f"{LONG_TEXT_REPEATS} from there. CPU time is the process's own, so it barely moves when other "
        f"processes share the machine (they did). Machine: {machine_line()}.",
        "",
        "| Text | Characters | Mentions + dates found | Wall time | CPU time | CPU time per MB |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['kb']:,} KB | {row['chars']:,} | {row['found']:,} | {row['wall'] * 1000:,.0f} ms "
            f"| {row['cpu'] * 1000:,.0f} ms | {row['cpu'] / row['mb']:.2f} s |"
        )
    lines += [
        "",
        f"Least-squares line through the CPU times: {intercept * 1000:.0f} ms + {slope:.2f} s per MB "
        f"(R² = {r2:.4f}). CPU time per MB at {rows[-1]['kb']:,} KB against {REFERENCE_KB} KB: **{ratio:.2f}×** "
        "(1.00 would be exactly linear; a quadratic step would give about "
        f"{rows[-1]['kb'] / REFERENCE_KB:.0f}×). Peak memory of the process: {peak_mb:,.0f} MB.",
    ]
    return "\n".join(lines)


def machine_line() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    cores = cpuinfo.count("processor\t:")
    return f"{cores} × {model}, Python {sys.version.split()[0]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes-kb",
        default=",".join(map(str, DEFAULT_SIZES_KB)),
        help="text sizes in kilobytes (1 KB = 1,000 characters), comma-separated",
    )
    parser.add_argument("--write", action="store_true", help=f"put the section into {RESULTS_PATH}")
    args = parser.parse_args()
    sizes_kb = sorted({int(part) for part in args.sizes_kb.split(",") if part.strip()})
    if REFERENCE_KB not in sizes_kb or max(sizes_kb) <= REFERENCE_KB:
        parser.error(f"--sizes-kb must include {REFERENCE_KB} and a larger size, got {args.sizes_kb!r}")

    started = time.perf_counter()
    gazetteer = Gazetteer(load_dataset().places)
    gazetteer_s = time.perf_counter() - started
    print(f"gazetteer built in {gazetteer_s:.1f} s", file=sys.stderr)

    sample = SAMPLE_PATH.read_text(encoding="utf-8")
    rows = []
    for kb in sizes_kb:
        text = build_text(sample, kb * 1000)
        repeats = REPEATS if kb < LONG_TEXT_KB else LONG_TEXT_REPEATS
        wall, cpu, found = time_extraction(text, gazetteer, repeats)
        mb = len(text) / 1e6
        rows.append({"kb": kb, "chars": len(text), "mb": mb, "wall": wall, "cpu": cpu, "found": found})
        print(
            f"{kb:>6,} KB  {len(text):>10,} chars  {found:>8,} found  wall {wall * 1000:>9,.0f} ms  "
            f"CPU {cpu * 1000:>9,.0f} ms  {cpu / mb:.2f} s/MB",
            file=sys.stderr,
        )

    per_mb = {row["kb"]: row["cpu"] / row["mb"] for row in rows}
    ratio = per_mb[sizes_kb[-1]] / per_mb[REFERENCE_KB]
    fit = fit_line([row["mb"] for row in rows], [row["cpu"] for row in rows])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    section = report(rows, gazetteer_s, peak_mb, ratio, fit)
    publish(RESULTS_PATH, SECTION, section, args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
