"""What the areas of control add to a slider step, in Chromium (the static export, offline).

Each step moves the slider across the Aghdam / Akna handover (19 ↔ 20 November 2020), so every
step changes an area's state: the worst case for the areas. The same steps are timed with the
areas' drawing switched off (the peer, same page, same run). A step is timed from the input event
to the end of its work (map markers, areas, date line and cards), with a frame between steps.

Run: .venv/bin/python -m bench.areas_bench [--steps 60]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from geo.io.export import site_files, write_site
from geo.model.loader import load_dataset
from geo.model.prepare import prepare

TARGET_MS = 50
STEPS_JS = """async ([days, steps]) => {
  const slider = document.getElementById('date-slider');
  const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
  const times = [];
  for (let i = 0; i < steps; i++) {
    await frame();
    const t0 = performance.now();
    slider.value = String(days[i % 2]);
    slider.dispatchEvent(new Event('input', {bubbles: true}));
    times.push(performance.now() - t0);
  }
  return times;
}"""
HANDOVER_DAYS = [18585, 18586]  # 19 and 20 November 2020, days from 1970-01-01


def _figures(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, max {max(times):.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        write_site(out, site_files(prepare(load_dataset())))
        url = (Path(out) / "index.html").as_uri() + "#date=2020-11-19"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.route("http*://**", lambda route: route.abort())
            page.goto(url)
            page.locator(".area-shape[data-area=aghdam]").wait_for(state="attached")
            with_areas = page.evaluate(STEPS_JS, [HANDOVER_DAYS, args.steps])
            page.evaluate("() => { window.mapEngine.areas.show = () => {}; }")
            without = page.evaluate(STEPS_JS, [HANDOVER_DAYS, args.steps])
            browser.close()
    print(f"Slider step across the Aghdam / Akna handover, {args.steps} steps, article size (static export):")
    print(f"  with areas:    {_figures(with_areas)}")
    print(f"  without areas: {_figures(without)}  (peer: same page, areas' drawing off)")
    verdict = "met" if max(with_areas) <= TARGET_MS else "missed"
    print(f"  target <= {TARGET_MS} ms per step: {verdict}")


if __name__ == "__main__":
    main()
