"""The pages in a real browser, offline: timeline to dashboard, places to dashboard, uploads, text mapping."""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import REPO_ROOT
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

FIXTURES = REPO_ROOT / "tests" / "fixtures"
MARKERS = ".leaflet-marker-icon"
PAGES = [
    ("Timeline", "Timeline"),
    ("Places", "Places"),
    ("Sources_and_method", "Sources and method"),
    ("Your_data", "Your data"),
]
# Our own text for the text-mapping flow (not from the article), with markup that must stay text.
TEXT = """Notes for class, week 3

On 28 October 2020 rockets struck Barda, a town east of the front line. Ganja was hit on 11 October 2020,
the day after the first ceasefire.

Reporters travelled from Tbilisi to Baku by train. Maria Lopez, a teacher in Marseille, asked her students
to compare the two sides' accounts.

On 8 November 2020 Azerbaijani forces took Shusha (Shushi to Armenians). <img src=x onerror=alert(1)>
"""


def open_page(page: Page, url: str, path: str, title: str) -> None:
    page.goto(f"{url}/{path}")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible(timeout=30_000)
    wait_for_app_idle(page)


def query(page: Page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def wait_for_dashboard(page: Page) -> None:
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible(timeout=30_000)
    wait_for_the_one_map(page)
    map_frame(page).locator(MARKERS).first.wait_for(timeout=30_000)
    wait_for_app_idle(page)


def marker_titles(page: Page) -> list[str]:
    return map_frame(page).locator(MARKERS).evaluate_all("els => els.map(e => e.title)")


def upload_events(page: Page, url: str, file: Path) -> None:
    open_page(page, url, "Your_data", "Your data")
    page.get_by_role("tab", name="Upload your events").click()
    page.locator(".st-key-events_upload input[type=file]").set_input_files(str(file))
    expect(page.locator(".st-key-upload_report")).to_be_visible(timeout=30_000)
    wait_for_app_idle(page)


@pytest.mark.parametrize(("path", "title"), PAGES, ids=[p for p, _ in PAGES])
def test_every_page_renders_offline_without_errors(
    page: Page, app_url: str, page_errors: list[str], path: str, title: str
) -> None:
    open_page(page, app_url, path, title)
    assert page.get_by_test_id("stException").count() == 0
    assert page_errors == []


def test_selecting_a_timeline_mark_opens_the_dashboard_at_that_event(
    page: Page, app_url: str, page_errors: list[str]
) -> None:
    open_page(page, app_url, "Timeline", "Timeline")
    mark = page.locator('[aria-label^="Missile strike on Barda;"]')
    expect(mark).to_have_count(1, timeout=30_000)

    mark.click()

    wait_for_dashboard(page)
    expect(map_frame(page).locator("#cards .card.selected")).to_contain_text("Missile strike on Barda")
    expect(map_frame(page).locator("#status")).to_contain_text("28 October 2020")
    assert query(page) == {"date": "2020-10-28", "event": "missile-strike-on-barda"}
    assert page_errors == []


def test_the_timeline_opens_a_background_event_chosen_without_the_chart(page: Page, app_url: str) -> None:
    open_page(page, app_url, "Timeline", "Timeline")
    page.locator(".st-key-timeline_period").get_by_text("Everything").click()
    wait_for_app_idle(page)

    choose_option(
        page, "timeline_event", "1885 (approximate: year only) · Berlin Conference on the partition of Africa"
    )
    page.get_by_role("button", name="Open on the map").click()

    wait_for_dashboard(page)
    expect(map_frame(page).locator("#status")).to_contain_text("1885–2016")
    expect(map_frame(page).locator("#cards .card.selected")).to_contain_text("Berlin Conference")
    assert query(page)["era"] == "background"


def test_a_place_opens_the_dashboard_centred_on_it(page: Page, app_url: str, page_errors: list[str]) -> None:
    open_page(page, app_url, "Places", "Places")
    page.get_by_label("Search names").fill("Berdzor")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Lachin / Berdzor")).to_be_visible()
    wait_for_app_idle(page)

    page.get_by_role("button", name="Open the dashboard centred on Lachin / Berdzor").click()

    wait_for_dashboard(page)
    page.wait_for_function(
        f"""() => {{
          const win = document.querySelector({json.dumps(MAP_IFRAME_SELECTOR)}).contentWindow;
          const c = win.map && win.map.getCenter();
          return c && Math.abs(c.lat - 39.6374) < 0.05 && Math.abs(c.lng - 46.5498) < 0.05;
        }}""",
        timeout=15_000,
    )
    assert "event" not in query(page)
    assert page_errors == []


def test_uploaded_events_show_on_the_dashboard_instead_and_the_way_back(
    page: Page, app_url: str, page_errors: list[str]
) -> None:
    upload_events(page, app_url, FIXTURES / "user_events.csv")
    report = page.locator(".st-key-upload_report")
    expect(report).to_contain_text("CSV: 5 row(s) read, 5 can be mapped, 0 left out.")
    page.locator(".st-key-upload_mode").get_by_text("instead of the article's events").click()
    wait_for_app_idle(page)

    page.get_by_role("button", name="Show on the map").click()

    wait_for_dashboard(page)
    notice = page.locator(".st-key-uploaded_notice")
    expect(notice).to_contain_text("5 events from your file user_events.csv, instead of the article's events")
    titles = marker_titles(page)
    assert "Rocket strike on Barda" in titles and "Missile strike on Barda" not in titles
    expect(map_frame(page).locator("#status")).to_contain_text("11 January 2021 · 5 events shown")

    notice.get_by_role("button", name="Back to the article's events").click()

    expect(page.locator(".st-key-uploaded_notice")).to_have_count(0)
    expect(map_frame(page).locator(f"{MARKERS}[title='Missile strike on Barda']")).to_have_count(1, timeout=15_000)
    assert "Rocket strike on Barda" not in marker_titles(page)
    assert page_errors == []


def test_an_acled_export_with_broken_rows_gets_a_report_and_the_rest_shows_beside(page: Page, app_url: str) -> None:
    upload_events(page, app_url, FIXTURES / "acled_sample.csv")
    report = page.locator(".st-key-upload_report")
    expect(report).to_contain_text("ACLED export: 13 row(s) read, 7 can be mapped, 6 left out.")
    problems = page.locator(".st-key-upload_problems")
    for line in ["latitude", "'forty'", "is not a number", "'Skirmishes'", "repeats the id of row 2"]:
        expect(problems).to_contain_text(line)

    page.get_by_role("button", name="Show on the map").click()  # "beside" is the default

    wait_for_dashboard(page)
    expect(page.locator(".st-key-uploaded_notice")).to_contain_text("7 events from your file acled_sample.csv")
    titles = marker_titles(page)
    assert "Shelling/artillery/missile attack in Barda" in titles and "Missile strike on Barda" in titles


def test_a_malformed_file_is_refused_clearly_and_the_app_keeps_working(
    page: Page, app_url: str, page_errors: list[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    upload_events(page, app_url, broken)

    error = page.locator(".st-key-upload_report").get_by_test_id("stAlert")
    expect(error).to_contain_text("This file could not be used: broken.geojson")
    expect(error).to_contain_text("invalid JSON")
    expect(page.get_by_role("button", name="Show on the map")).to_have_count(0)

    page.get_by_role("link", name="Map", exact=True).click()
    wait_for_dashboard(page)
    assert "Missile strike on Barda" in marker_titles(page)
    assert page.get_by_test_id("stException").count() == 0
    assert page_errors == []


def test_a_pasted_text_is_mapped_with_names_marked_a_map_and_draft_events(
    page: Page, app_url: str, page_errors: list[str]
) -> None:
    find_places_in(page, app_url, TEXT)

    summary = page.locator(".st-key-text_summary")
    expect(summary).to_contain_text("Places found", timeout=GAZETTEER_TIMEOUT_MS)
    wait_for_app_idle(page)
    expect(summary).to_contain_text("6")
    marks = page.locator(".st-key-mapped_text mark.place")
    expect(marks).to_have_count(7)  # Barda, Ganja, Tbilisi, Baku, Marseille, Shusha, Shushi
    expect(marks.filter(has_text="Shushi")).to_have_attribute("title", re.compile(r"^6\. Shusha / Shushi"))
    expect(page.locator(".st-key-mapped_text")).to_contain_text("<img src=x onerror=alert(1)>")
    expect(page.locator(".st-key-text_unresolved")).to_contain_text("Maria Lopez")
    frame = page.frame_locator(f".st-key-text_map_panel {MAP_IFRAME_SELECTOR}")
    expect(frame.locator("[data-place-number]")).to_have_count(6, timeout=15_000)
    assert page.locator("img[src='x']").count() == 0

    with page.expect_download() as download:
        page.get_by_role("button", name="Download draft events (GeoJSON)").click()
    drafts = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [f["properties"]["date"] for f in drafts["features"]] == ["2020-10-28", "2020-10-11", "2020-11-08"]
    assert page_errors == []


def test_a_text_over_the_limit_gets_a_clear_message(page: Page, app_url: str, page_errors: list[str]) -> None:
    from geo.io.text_input import MAX_TEXT_CHARS

    open_page(page, app_url, "Your_data", "Your data")
    page.get_by_role("tab", name="Map a text").click()
    expect(page.get_by_text(f"Limit: {MAX_TEXT_CHARS:,} characters")).to_be_visible()
    page.locator(".st-key-text_input textarea").fill("Barda " * (MAX_TEXT_CHARS // 6 + 1))
    page.keyboard.press("Control+Enter")
    wait_for_app_idle(page)

    page.get_by_role("button", name="Find the places").click()

    expect(page.get_by_test_id("stAlert").filter(has_text="could not be mapped")).to_contain_text(
        f"more than the {MAX_TEXT_CHARS:,} that can be mapped at once", timeout=30_000
    )
    assert page.get_by_test_id("stException").count() == 0
    assert page_errors == []


@pytest.mark.parametrize(("key", "marker"), [
    ("download_events_kml", b"<TimeStamp>"),
    ("download_places_geojson", b'"attribution"'),
    ("download_events_gpkg", b"SQLite format 3"),
])  # fmt: skip
def test_the_data_downloads_with_a_name_that_says_what_and_when(
    page: Page, app_url: str, key: str, marker: bytes
) -> None:
    open_page(page, app_url, "Your_data", "Your data")
    button = page.locator(f".st-key-{key} button:visible")  # the help tooltip keeps a hidden copy
    expect(button).to_be_enabled()
    expect(page.locator(".st-key-downloads_places")).to_be_visible()
    wait_for_app_idle(page)

    with page.expect_download() as download:
        button.click()

    kind, extension = key.split("_")[1:]
    assert re.fullmatch(
        rf"karabakh-article-{kind}(_1885-to-2021-01-11)?_exported-\d{{4}}-\d{{2}}-\d{{2}}\.{extension}",
        download.value.suggested_filename,
    )
    assert marker in Path(download.value.path()).read_bytes()
