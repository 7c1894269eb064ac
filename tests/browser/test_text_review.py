"""Map a text, then review it in the app: reject a place, pick another candidate, place a name by
clicking the map, edit a draft event, export it, show it on the dashboard (issue 12 §3)."""

import io
import json
import zipfile
from pathlib import Path

from helpers import (
    GAZETTEER_TIMEOUT_MS,
    MAP_IFRAME_SELECTOR,
    choose_option,
    find_places_in,
    map_frame,
    wait_for_app_idle,
    wait_for_the_one_map,
)
from playwright.sync_api import Page, expect

from geo.map.framing import TITLE

# Our own sentences; "Zorgul" is a made-up village the gazetteer cannot know.
TEXT = (
    "On 4 October 2020 Azerbaijan said its forces took Jabrayil. "
    "On 9 October 2020 shelling reached Hadrut and the road to Goris in Armenia. "
    "On 10 October 2020 the village of Zorgul was shelled, officials said. "
    "Barda was hit on 28 October 2020."
)
MARKERS = ".leaflet-marker-pane .leaflet-marker-icon"


def found_marker_titles(page: Page) -> list[str]:
    frame = page.frame_locator(f".st-key-text_map_panel {MAP_IFRAME_SELECTOR}")
    return frame.locator(".leaflet-marker-icon").evaluate_all("els => els.map(e => e.title)")


def test_review_reject_repick_place_by_click_edit_export_and_show(
    page: Page, app_url: str, page_errors: list[str]
) -> None:
    find_places_in(page, app_url, TEXT)
    summary = page.locator(".st-key-text_summary")
    expect(summary).to_contain_text("Places found", timeout=GAZETTEER_TIMEOUT_MS)
    wait_for_app_idle(page)
    frame = page.frame_locator(f".st-key-text_map_panel {MAP_IFRAME_SELECTOR}")
    expect(frame.locator("[data-place-number]")).to_have_count(6, timeout=30_000)
    expect(page.locator(".st-key-text_unresolved")).to_contain_text("Zorgul")

    # Reject: Barda off the map.
    choose_option(page, "reject_1", "Barda")
    page.keyboard.press("Escape")
    expect(frame.locator("[data-place-number]")).to_have_count(5, timeout=30_000)
    wait_for_app_idle(page)

    # Re-pick: "Goris" as Gori (Georgia), chosen from the candidates with their distance.
    page.get_by_text("Pick another place for a name").click()
    choose_option(page, "repick_name", "Goris")
    gori = page.locator(".st-key-repick_candidate").get_by_text("Gori, GE", exact=False)
    expect(gori).to_contain_text("km from the text's focus")
    gori.click()
    page.get_by_role("button", name="Use this place").click()
    expect(frame.locator(".leaflet-marker-icon[title$='. Gori']")).to_have_count(1, timeout=30_000)
    wait_for_app_idle(page)
    assert not any(t.endswith(". Goris") for t in found_marker_titles(page))

    # Place by click: the map click fills the coordinates, "Place it" puts Zorgul on the map.
    page.get_by_text("Place a name by hand").click()
    wait_for_app_idle(page)
    name = page.locator(".st-key-place_name input")
    name.wait_for(timeout=30_000)
    if name.input_value() != "Zorgul":  # the box's value, not the container's text (which may lag)
        choose_option(page, "place_name", "Zorgul")
    expect(name).to_have_value("Zorgul")
    page.locator(".st-key-text_point input").fill("not a point")
    page.get_by_role("button", name="Place it").click()
    expect(page.locator(".st-key-text_place")).to_contain_text("is not 'latitude, longitude'")
    wait_for_app_idle(page)
    frame.locator("#map_div, .folium-map").first.click(position={"x": 120, "y": 200})
    expect(page.locator(".st-key-text_point input")).not_to_have_value("not a point", timeout=30_000)
    wait_for_app_idle(page)
    page.get_by_role("button", name="Place it").click()
    expect(frame.locator(".leaflet-marker-icon[title$='. Zorgul']")).to_have_count(1, timeout=30_000)
    expect(frame.locator("[data-place-number]")).to_have_count(6, timeout=30_000)
    wait_for_app_idle(page)

    # Edit a draft event's title in the table: select the cell, type, Enter.
    grid = page.locator(".st-key-text_drafts [data-testid='stDataFrame']")
    expect(grid).to_be_visible()
    box = grid.bounding_box()
    assert box is not None
    grid.click(position={"x": box["width"] * 0.3, "y": 55})  # first row, title column
    page.keyboard.press("Enter")  # opens the cell's editor
    editor = page.locator("#portal textarea, #portal input").first
    editor.wait_for(timeout=10_000)
    editor.fill("Edited in class")
    editor.press("Enter")
    expect(page.locator(".st-key-text_drafts_status")).to_contain_text("1 draft(s) edited", timeout=30_000)
    wait_for_app_idle(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download draft events (GeoJSON)").click()
    drafts = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    titles = [f["properties"]["title"] for f in drafts["features"]]
    assert "Edited in class" in titles, titles
    zorgul = next(f for f in drafts["features"] if "Zorgul" in f["properties"]["places"])
    assert zorgul["geometry"]["type"] == "Point"
    assert not any("Barda" in f["properties"]["places"] for f in drafts["features"])
    assert any("Gori" in f["properties"]["places"] for f in drafts["features"])  # the re-picked place

    with page.expect_download() as download:
        page.get_by_role("button", name="Events (CSV)").click()
    assert "Edited in class" in Path(download.value.path()).read_text(encoding="utf-8-sig")

    wait_for_app_idle(page)
    page.get_by_role("button", name="Build a static site").click()
    site_button = page.get_by_role("button", name="Download the static site (zip)")
    try:
        expect(site_button).to_be_visible(timeout=60_000)
    except AssertionError:
        page.screenshot(path="/tmp/h12_site.png", full_page=True)
        raise
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download the static site (zip)").click()
    with zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())) as site:
        assert "Edited in class" in site.read("index.html").decode("utf-8")

    page.get_by_role("button", name="Show on the dashboard").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible(timeout=30_000)
    wait_for_the_one_map(page)
    map_frame(page).locator(MARKERS).first.wait_for(timeout=30_000)
    titles = map_frame(page).locator(MARKERS).evaluate_all("els => els.map(e => e.title)")
    assert any("Edited in class" in t for t in titles), titles
    assert page.get_by_test_id("stException").count() == 0
    assert page_errors == []
