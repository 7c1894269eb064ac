"""The hostile-input corpus in every text field of an uploaded events file and in a mapped text:
shown as text, never run, and the app keeps working."""

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

from conftest import REPO_ROOT
from helpers import GAZETTEER_TIMEOUT_MS, find_places_in, map_frame, wait_for_app_idle
from playwright.sync_api import Page, expect

# Lone surrogates cannot be written to a UTF-8 file or typed: the GeoJSON test below sends them as escapes.
ALL_PAYLOADS = json.loads((REPO_ROOT / "tests" / "fixtures" / "hostile_payloads.json").read_text("utf-8"))
PAYLOADS = [p for p in ALL_PAYLOADS if not re.search("[\ud800-\udfff]", p)]
MARKERS = ".leaflet-marker-icon"


def assert_inert(page: Page, page_errors: list[str]) -> None:
    assert page_errors == []
    assert page.get_by_test_id("stException").count() == 0
    for frame in page.frames:
        assert frame.locator("img[src='x'], iframe[src^='javascript'], a[href^='javascript']").count() == 0


def hostile_csv(path: Path) -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["date", "title", "latitude", "longitude", "category", "place", "summary"])
    for day, payload in enumerate(PAYLOADS, start=1):
        date = dt.date(2020, 10, 1) + dt.timedelta(days=day)
        writer.writerow([date.isoformat(), payload, 40.0 + day / 100, 47.0, "strike", payload, payload])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_hostile_uploaded_events_show_as_text(page: Page, app_url: str, page_errors: list[str], tmp_path: Path) -> None:
    page.goto(f"{app_url}/Your_data")
    page.get_by_role("tab", name="Upload your events").click()
    page.locator(".st-key-events_upload input[type=file]").set_input_files(str(hostile_csv(tmp_path / "evil.csv")))
    expect(page.locator(".st-key-upload_report")).to_be_visible(timeout=30_000)
    wait_for_app_idle(page)
    assert_inert(page, page_errors)
    page.locator(".st-key-upload_mode").get_by_text("instead of the article's events").click()
    wait_for_app_idle(page)

    page.get_by_role("button", name="Show on the map").click()

    map_frame(page).locator(MARKERS).first.wait_for(timeout=30_000)
    wait_for_app_idle(page)
    page.wait_for_timeout(500)
    titles = set(map_frame(page).locator(MARKERS).evaluate_all("els => els.map(e => e.title)"))
    shown = [p for p in PAYLOADS if p in titles]
    assert len(shown) >= 20, f"only {len(shown)} hostile titles shown as marker names"
    cards = "\n".join(map_frame(page).locator("#cards .card").all_inner_texts())
    assert sum(p.strip() in cards for p in PAYLOADS if len(p) < 200 and p.strip()) >= 15
    assert_inert(page, page_errors)


def test_hostile_text_is_mapped_as_text(page: Page, app_url: str, page_errors: list[str]) -> None:
    text = "\n\n".join(f"On 28 October 2020 rockets struck Barda. {payload}" for payload in PAYLOADS)
    find_places_in(page, app_url, text)

    expect(page.locator(".st-key-text_summary")).to_contain_text("Places found", timeout=GAZETTEER_TIMEOUT_MS)
    wait_for_app_idle(page)
    mapped = page.locator(".st-key-mapped_text")
    for payload in ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "`${alert(8)}`"]:
        expect(mapped).to_contain_text(payload)
    assert_inert(page, page_errors)
