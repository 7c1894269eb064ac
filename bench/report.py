"""The benchmark's results as markdown: the machine, our figures against the naive
baseline, where a slider step's time goes, and the targets of issue 6 §2."""

from __future__ import annotations

import os
import platform
import re
import statistics
import time
from importlib.metadata import version
from pathlib import Path

APP_LABELS = {"dashboard": "Dashboard", "naive": "Naive"}
SIZE_LABELS = {"article": "article"}
# "The browser responsive throughout": no main-thread task during a step longer than this,
# so a key press or click made meanwhile waits at most this long (our reading of the target).
RESPONSIVE_TASK_MS = 200
PER_SESSION_TARGET_MB = 20
SPEEDUP_TARGET = 10
SPEEDUP_FROM_EVENTS = 2000
STEP_TARGETS_MS = {"article": 150, "10000": 400, "100000": 1500}
LOAD_TARGETS_MS = {"warm": 1500, "cold": 2500}


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:"))
    os_name = platform.platform()
    release = Path("/etc/os-release")
    if release.exists():
        pretty = [line.split("=", 1)[1].strip('"') for line in release.read_text().splitlines()
                  if line.startswith("PRETTY_NAME=")]  # fmt: skip
        os_name = pretty[0] if pretty else os_name
    return {
        "CPU": model,
        "Cores": str(os.cpu_count()),
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": os_name,
        "Python": platform.python_version(),
        "Packages": ", ".join(f"{p} {version(p)}" for p in ("streamlit", "folium", "streamlit-folium", "playwright")),
    }


def size_label(size: str) -> str:
    return SIZE_LABELS.get(size) or f"{int(size):,}"


def values(app: dict | None, series: str, field: str = "total_ms") -> list[float]:
    samples = (app or {}).get("samples", {}).get(series, [])
    return [s[field] for s in samples if s.get(field) is not None and s.get("total_ms") is not None]


def over_cap(app: dict | None, series: str) -> bool:
    if not app:
        return False
    samples = app.get("samples", {}).get(series, [])
    first_over = "first_load" in app and app["first_load"]["total_ms"] is None
    return first_over or any(s["total_ms"] is None for s in samples)


def median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def megabytes(value: float) -> str:
    return f"{value:.1f} MB"


def size_bytes(value: float | None) -> str:
    if value is None:
        return "—"
    if value >= 1024 * 1024:
        return f"{value / 1024 / 1024:.1f} MB"
    return f"{value / 1024:.0f} KB" if value >= 1024 else f"{value:.0f} B"


def spread(xs: list[float], unit=ms) -> str:
    """median (min–max, n)"""
    if not xs:
        return "—"
    if len(xs) == 1:
        return f"{unit(xs[0])} (n=1)"
    return f"{unit(median(xs))} ({unit(min(xs))}–{unit(max(xs))}, n={len(xs)})"


def cell(app: dict | None, series: str, cap_s: float, field: str = "total_ms", unit=ms) -> str:
    if app is None:
        return "not run"
    xs = values(app, series, field)
    if over_cap(app, series) and field == "total_ms":
        return f"> {cap_s:.0f} s (cap)" if not xs else spread(xs, unit) + f", some > {cap_s:.0f} s"
    return spread(xs, unit)


def ratio(naive: dict | None, ours: dict | None, series: str, cap_s: float, field: str = "total_ms") -> str:
    """How many times the naive figure is ours (> 1: ours is faster / smaller)."""
    mine = median(values(ours, series, field))
    theirs = median(values(naive, series, field))
    if not mine:
        return "—"
    if theirs is None and over_cap(naive, series) and field == "total_ms":
        return f"> {cap_s * 1000 / mine:.0f}×"
    return "—" if theirs is None else f"{theirs / mine:.1f}×"


def single(app: dict | None, key: str, unit) -> str:
    if app is None:
        return "not run"
    value = app.get(key)
    if isinstance(value, dict):  # a Sample
        return "> cap" if value.get("total_ms") is None else unit(value["total_ms"])
    return "—" if value is None else unit(value)


def single_ratio(naive: dict | None, ours: dict | None, key: str) -> str:
    mine, theirs = (ours or {}).get(key), (naive or {}).get(key)
    if isinstance(mine, dict):
        mine, theirs = mine.get("total_ms"), (theirs or {}).get("total_ms")
    if not mine or theirs is None:
        return "—"
    return f"{theirs / mine:.1f}×"


def payload(app: dict | None, part: str) -> list[float]:
    value = ((app or {}).get("step_payload") or {}).get(part)
    return [] if value is None else [value]


def comparison_table(results: dict) -> list[str]:
    lines = [
        "| Events | Measure | Dashboard | Naive | Naive ÷ dashboard |",
        "| --- | --- | --- | --- | --- |",
    ]
    for size, entry in results["sizes"].items():
        label = f"{size_label(size)} ({entry['events']:,})" if size == "article" else size_label(size)
        rows = comparison_rows(entry["apps"].get("dashboard"), entry["apps"].get("naive"), results["cap_s"])
        lines += [f"| {label} | {measure} | {a} | {b} | {r} |" for measure, a, b, r in rows]
    return lines


def comparison_rows(ours: dict | None, naive: dict | None, cap: float) -> list[tuple[str, str, str, str]]:
    rows = [
        ("First load, server cache empty", single(ours, "first_load", ms), single(naive, "first_load", ms),
         single_ratio(naive, ours, "first_load")),
    ]  # fmt: skip
    for measure, series in (("Load, cold (new context)", "cold"), ("Load, warm (same context)", "warm"),
                            ("**Slider step**", "step")):  # fmt: skip
        rows.append((measure, cell(ours, series, cap), cell(naive, series, cap), ratio(naive, ours, series, cap)))
    rows.append(("Card click → map centred", cell(ours, "card", cap), "no cards", "—"))
    rows.append(("Map click → card selected", cell(ours, "map_click", cap), "no cards", "—"))
    for measure, field, unit in (("Python per step (server, wall)", "python_ms", ms),
                                 ("Python per step (server, CPU)", "python_cpu_ms", ms),
                                 ("Websocket bytes per step", "ws_bytes", size_bytes)):  # fmt: skip
        rows.append((measure, cell(ours, "step", cap, field, unit), cell(naive, "step", cap, field, unit),
                     ratio(naive, ours, "step", cap, field)))  # fmt: skip
    ours_map, naive_map = payload(ours, "component"), payload(naive, "component")
    rows.append(("Map payload per step (st_folium args)", spread(ours_map, size_bytes), spread(naive_map, size_bytes),
                 _ratio_of(naive_map, ours_map)))  # fmt: skip
    rows.append(("Server RSS after first load", single(ours, "rss_mb", megabytes), single(naive, "rss_mb", megabytes),
                 single_ratio(naive, ours, "rss_mb")))  # fmt: skip
    rows.append(("RSS per extra session", _per_session(ours), _per_session(naive), "—"))
    rows.append(("Machine's 1-min load average, start → end", _load(ours), _load(naive), "—"))
    return rows


def _load(app: dict | None) -> str:
    if not app or "load_avg" not in app:
        return "—"
    return " → ".join(f"{value:.1f}" for value in app["load_avg"])


def _ratio_of(theirs: list[float], mine: list[float]) -> str:
    return f"{theirs[0] / mine[0]:.1f}×" if theirs and mine and mine[0] else "—"


def _per_session(app: dict | None) -> str:
    if app is None:
        return "not run"
    if app.get("per_session_mb") is None:
        return "—"
    return f"{app['per_session_mb']:.1f} MB (n={app['extra_sessions']})"


BREAKDOWN_FIELDS = (
    ("total_ms", "Step"),
    ("python_ms", "Python on server"),
    ("python_cpu_ms", "its CPU time"),
    ("payload_ms", "Largest ws frame arrived"),
    ("to_map_ms", "Map iframe got its args"),
    ("map_ms", "Map JS + render"),
    ("paint_ms", "of which timers, layout and paint after the layers changed"),
    ("longest_task_ms", "Longest main-thread task"),
    ("map_frame_bytes", "Largest ws frame"),
)


def breakdown_table(results: dict) -> list[str]:
    header = "| Events | App | " + " | ".join(label for _, label in BREAKDOWN_FIELDS) + " | Runs per step |"
    lines = [header, "| --- | --- | " + " | ".join("---" for _ in BREAKDOWN_FIELDS) + " | --- |"]
    for size, entry in results["sizes"].items():
        for app_name, app in entry["apps"].items():
            if not values(app, "step"):
                continue
            cells = []
            for field, _ in BREAKDOWN_FIELDS:
                value = median(values(app, "step", field))
                cells.append(size_bytes(value) if field.endswith("bytes") else ms(value))
            runs = median(values(app, "step", "runs"))
            lines.append(f"| {size_label(size)} | {APP_LABELS[app_name]} | " + " | ".join(cells) + f" | {runs:g} |")
    return lines


def target_rows(results: dict) -> list[tuple[str, str, str]]:
    sizes, cap = results["sizes"], results["cap_s"]

    def app(size: str, name: str = "dashboard") -> dict | None:
        return sizes.get(size, {}).get("apps", {}).get(name)

    rows = []
    for size, target in STEP_TARGETS_MS.items():
        step = median(values(app(size), "step"))
        verdict = "not measured" if step is None else ("met" if step <= target else f"missed by {ms(step - target)}")
        rows.append((f"Slider step ≤ {ms(target)}, {size_label(size)} events", ms(step), verdict))
        longest = max(values(app(size), "step", "longest_task_ms"), default=None)
        responsive = "not measured" if longest is None else ("met" if longest <= RESPONSIVE_TASK_MS else "missed")
        rows.append((f"Browser responsive during those steps (no task > {RESPONSIVE_TASK_MS} ms), {size_label(size)}",
                     f"longest task {ms(longest)}", responsive))  # fmt: skip
    for kind, target in LOAD_TARGETS_MS.items():
        load = median(values(app("article"), kind))
        verdict = "not measured" if load is None else ("met" if load <= target else f"missed by {ms(load - target)}")
        rows.append((f"Load to map visible ≤ {ms(target)} {kind}, article", ms(load), verdict))
    for size in sizes:
        if size == "article" or int(size) < SPEEDUP_FROM_EVENTS:
            continue
        mine = median(values(app(size), "step"))
        theirs = median(values(app(size, "naive"), "step"))
        if mine is None:
            rows.append((f"≥ {SPEEDUP_TARGET}× faster per step than naive, {size_label(size)}", "—", "not measured"))
            continue
        if theirs is None and over_cap(app(size, "naive"), "step"):
            # Only a lower bound is known: the naive way did not finish within the cap.
            factor, shown = cap * 1000 / mine, f"> {cap * 1000 / mine:.0f}× (naive over the cap)"
            verdict = "met" if factor >= SPEEDUP_TARGET else "undecided (naive over the cap)"
        elif theirs is None:
            rows.append((f"≥ {SPEEDUP_TARGET}× faster per step than naive, {size_label(size)}", "—", "not measured"))
            continue
        else:
            factor, shown = theirs / mine, f"{theirs / mine:.1f}×"
            verdict = "met" if factor >= SPEEDUP_TARGET else "missed"
        rows.append((f"≥ {SPEEDUP_TARGET}× faster per step than naive, {size_label(size)}", shown, verdict))
    for size in sizes:
        per_session = (app(size) or {}).get("per_session_mb")
        if per_session is None:
            verdict, shown = "not measured", "—"
        else:
            verdict, shown = ("met" if per_session <= PER_SESSION_TARGET_MB else "missed"), f"{per_session:.1f} MB"
        rows.append((f"One more session ≤ {PER_SESSION_TARGET_MB} MB, {size_label(size)}", shown, verdict))
    return rows


def render_report(results: dict) -> str:
    lines = [
        "# Benchmark results (issue 6)",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M %Z')} with `.venv/bin/python -m bench.run`"
        + (" --quick" if results.get("quick") else "")
        + f"; took {results.get('elapsed_s', 0) / 60:.1f} min. Cap per action: {results['cap_s']:.0f} s.",
        "",
        "## Machine",
        "",
        "| | |",
        "| --- | --- |",
    ]
    description = {**machine(), "Chromium": results.get("chromium", "?"), "Code measured": results.get("code", "?")}
    lines += [f"| {key} | {value} |" for key, value in description.items()]
    lines += [
        "",
        "## How it is measured",
        "",
        "- Streamlit serves each app on loopback (`bench/timed_server.py` times every script and fragment",
        "  run); Debian's Chromium, headless, offline (tiles are blocked), viewport 1400×1000.",
        "- Times are taken inside the browser: from the key press or pointer-down (navigation start for",
        "  loads) until the expected change is rendered (the frame after it) and the app is idle.",
        "  Load: event markers drawn in the map. Step: ArrowRight on the date slider until the status",
        "  heading shows the new date, the map's layers changed, and the run finished; every step goes to",
        "  a date the page has not shown, late in the war, so nearly every event is on show.",
        "  Card click: until `window.map.getCenter()` is on the event. Map click: until the selected card",
        "  shows the event. Cold: first load in a new browser context; warm: the same page loaded again.",
        "- Websocket bytes: every frame the page received during the step. Map payload: st_folium's",
        "  arguments in one extra (untimed) step, decoded from Streamlit's messages.",
        "- Memory: the Streamlit process's VmRSS after the first load, and again with more sessions open",
        "  (loaded side by side); the difference per session. Python reuses freed memory, so a figure",
        "  near zero (even below it) means a session costs less than that noise.",
        '- Cap: an action whose change has not shown within the cap counts as "> cap" and its series',
        "  stops. A series whose first sample is slow is cut (noted below) to keep the run near 15 min.",
        "- Naive: `bench/naive_app.py`, a new folium.Map with one folium.Marker per shown event on every",
        "  rerun, same slider and status heading, no cards.",
        "- Median (min–max, n). Ratios are naive ÷ dashboard (> 1: the dashboard is faster or smaller).",
        "- Other processes share this machine's 2 cores: the 1-min load average before and after each app",
        "  and size is in the table; Python's CPU time is the figure least disturbed by them.",
        "",
        "## Dashboard against the naive way",
        "",
        *comparison_table(results),
        "",
        "## Where a slider step's time goes (medians; times from the key press)",
        "",
        *breakdown_table(results),
        "",
        "## Targets (issue 6 §2)",
        "",
        "| Target | Measured (median) | |",
        "| --- | --- | --- |",
        *[f"| {target} | {measured} | {verdict} |" for target, measured, verdict in target_rows(results)],
        "",
    ]
    notes = [
        f"- {size_label(size)}, {APP_LABELS[name]}: {note}"
        for size, entry in results["sizes"].items()
        for name, app in entry["apps"].items()
        for note in app.get("notes", [])
    ]
    if notes:
        lines += ["## Notes", "", *notes, ""]
    return "\n".join(lines)


SECTION_RE = re.compile(r"^## ([^\n]+)\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)


def write_report(path: Path, report: str) -> None:
    """Writes our report and keeps, after it, the sections other bench tools put into the
    same file (bench/load.py, bench/extract_bench.py). Read right before writing."""
    ours = {match.group(1) for match in SECTION_RE.finditer(report)}
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = [m.group(0).rstrip() + "\n" for m in SECTION_RE.finditer(existing) if m.group(1) not in ours]
    path.write_text("\n".join([report.rstrip() + "\n", *kept]), encoding="utf-8")
