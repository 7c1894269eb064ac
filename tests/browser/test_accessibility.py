"""Accessibility checked with axe-core in a real browser: no serious or critical WCAG 2.2 AA violation."""

import json
from pathlib import Path

import pytest
from helpers import MAP_IFRAME_SELECTOR, map_frame, wait_for_app_idle, wait_for_maps_styled
from playwright.sync_api import Page, expect

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "pages").glob("*.py"))


def serious_violations(page: Page) -> list[str]:
    """axe-core over the page and the map's iframe; one line per serious or critical violation."""
    page.add_script_tag(path=str(AXE))
    if page.locator(MAP_IFRAME_SELECTOR).count():
        for frame in page.frames:
            if frame != page.main_frame:
                frame.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, iframes: true})", WCAG_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at " + json.dumps([node["target"] for node in v["nodes"][:3]])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def open_view(page: Page, url: str, wait_for_map: bool = True) -> None:
    page.goto(url)
    if wait_for_map:
        map_frame(page).locator(".leaflet-marker-icon").first.wait_for(timeout=30_000)
    else:
        # The page's own title: its run has begun, so "not running" below means it has ended (the
        # app reads "not running" before a run starts too) and every map it draws has its frame.
        page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=30_000)
    wait_for_app_idle(page)
    # A map checked once its style sheet applies: before, Leaflet's zoom buttons are bare links
    # that no person ever sees.
    wait_for_maps_styled(page)


@pytest.mark.parametrize(
    "query", ["", "?date=2020-10-28&event=missile-strike-on-barda", "?era=background", "?mode=present&step=17"]
)
def test_dashboard_views_have_no_serious_violations(page: Page, app_url: str, query: str) -> None:
    open_view(page, f"{app_url}/{query}")
    assert serious_violations(page) == []


@pytest.mark.parametrize("page_name", PAGES)
def test_pages_have_no_serious_violations(page: Page, app_url: str, page_name: str) -> None:
    url_path = page_name.split("_", 1)[1]
    open_view(page, f"{app_url}/{url_path}", wait_for_map=False)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert serious_violations(page) == []


def test_map_markers_have_accessible_names(page: Page, app_url: str) -> None:
    open_view(page, f"{app_url}/?date=2020-11-10")
    names = (
        map_frame(page)
        .locator(".leaflet-marker-icon")
        .evaluate_all(
            "els => els.map(e => e.getAttribute('alt') || e.getAttribute('title') || e.getAttribute('aria-label'))"
        )
    )
    assert names and all(names), names
