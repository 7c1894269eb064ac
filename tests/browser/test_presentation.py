"""Presentation mode as a teacher uses it: step with buttons and arrow keys, share the slide, exit."""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from helpers import map_frame, wait_for_app_idle
from playwright.sync_api import Page, expect

EVENTS = json.loads((Path(__file__).resolve().parents[2] / "data" / "events.geojson").read_text(encoding="utf-8"))
TOTAL = len(EVENTS["features"])
PROGRESS = ".st-key-present_progress"
CARD = ".st-key-present_card"


def step_in_url(page: Page) -> str:
    return parse_qs(urlsplit(page.url).query)["step"][-1]


def open_slide(page: Page, url: str) -> None:
    page.goto(url)
    map_frame(page).locator(".leaflet-marker-icon").first.wait_for(timeout=30_000)
    wait_for_app_idle(page)


def test_buttons_and_arrow_keys_step_and_the_url_follows(page: Page, app_url: str, page_errors: list[str]) -> None:
    open_slide(page, f"{app_url}/?mode=present&step=1")
    expect(page.locator(PROGRESS)).to_have_text(f"1 / {TOTAL}")
    expect(page.locator(CARD)).to_contain_text("Berlin")

    page.get_by_role("button", name="Next ▶").click()
    expect(page.locator(PROGRESS)).to_have_text(f"2 / {TOTAL}")
    expect(page).to_have_url(re.compile(r"[?&]step=2\b"))

    page.locator("body").press("ArrowRight")
    expect(page.locator(PROGRESS)).to_have_text(f"3 / {TOTAL}")
    page.locator("body").press("ArrowLeft")
    expect(page.locator(PROGRESS)).to_have_text(f"2 / {TOTAL}")
    expect(page).to_have_url(re.compile(r"[?&]step=2\b"))
    assert page_errors == []


def test_a_shared_slide_link_opens_that_slide_readably(page: Page, app_url: str) -> None:
    shusha = next(i for i, f in enumerate(EVENTS["features"], 1) if f["id"] == "azerbaijani-forces-take-shusha")
    open_slide(page, f"{app_url}/?mode=present&step={shusha}")

    expect(page.locator(PROGRESS)).to_have_text(f"{shusha} / {TOTAL}")
    expect(page.locator(CARD)).to_contain_text("Shusha / Shushi")
    # Readable from the back of the room: body text of at least 24 px, and no sidebar.
    sizes = page.locator(f"{CARD} p").evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 24, sizes
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    # The map has flown to Shusha.
    page.wait_for_function(
        """() => {
          const win = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
          const c = win.map && win.map.getCenter();
          return c && Math.abs(c.lat - 39.76) < 0.1 && Math.abs(c.lng - 46.75) < 0.1;
        }""",
        timeout=10_000,
    )


def test_exit_returns_to_the_dashboard_at_the_same_event(page: Page, app_url: str) -> None:
    barda = next(i for i, f in enumerate(EVENTS["features"], 1) if f["id"] == "missile-strike-on-barda")
    open_slide(page, f"{app_url}/?mode=present&step={barda}")

    page.get_by_role("button", name="Exit presentation").click()
    # The slide's map lingers as a stale element until the dashboard's run ends.
    expect(page.get_by_role("button", name="Exit presentation")).to_have_count(0)
    wait_for_app_idle(page)

    expect(map_frame(page).locator("#cards .card.selected")).to_contain_text("Missile strike on Barda")
    expect(map_frame(page).locator("#status")).to_contain_text("28 October 2020")
    query = parse_qs(urlsplit(page.url).query)
    assert query["event"] == ["missile-strike-on-barda"] and "mode" not in query


def test_present_button_starts_at_the_selected_event(page: Page, app_url: str) -> None:
    open_slide(page, f"{app_url}/?date=2020-10-28&event=missile-strike-on-barda")

    page.get_by_role("button", name="Present to a class").click()

    expect(page.locator(CARD)).to_contain_text("Missile strike on Barda")
    wait_for_app_idle(page)
    assert parse_qs(urlsplit(page.url).query)["mode"] == ["present"]
