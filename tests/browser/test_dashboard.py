"""What a person does on the dashboard, in a real browser with no network beyond loopback.

The time control, the status line and the cards are the map engine's, inside the map's frame.
"""

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import REPO_ROOT, running_app
from helpers import MAP_IFRAME_SELECTOR, map_frame, wait_for_app_idle
from playwright.sync_api import Page, expect

from bench.measure import APP_ENTRY

MARKERS = ".leaflet-marker-icon"
STATUS = "#status"
SELECTED_CARD = "#cards .card.selected"
HOSTILE_TITLES = ["<img src=x onerror=alert(1)>", "`${alert(1)}`", "</script><script>alert(2)</script>"]


def open_dashboard(page: Page, url: str) -> None:
    page.goto(url)
    map_frame(page).locator(MARKERS).first.wait_for(timeout=30_000)
    wait_for_app_idle(page)


def card(page: Page, event_id: str):
    return map_frame(page).locator(f"#cards .card[data-event-id={json.dumps(event_id)}]")


def query(page: Page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def click_marker(page: Page, title: str) -> None:
    """Click an event marker as a person would, with the map scrolled fully into view first
    (Streamlit scrolls smoothly, so a click during the scroll would land elsewhere)."""
    page.locator(MAP_IFRAME_SELECTOR).evaluate("el => el.scrollIntoView({block: 'end', behavior: 'instant'})")
    page.wait_for_timeout(300)
    map_frame(page).locator(f"{MARKERS}[title={json.dumps(title)}]").click()


def paused_day(status: str) -> str:
    """The ISO date of a status line such as "26 October 2020 · 9 events shown"."""
    return dt.datetime.strptime(status.split(" · ")[0].split(" (")[0], "%d %B %Y").date().isoformat()


def marker_titles(page: Page) -> list[str]:
    return map_frame(page).locator(MARKERS).evaluate_all("els => els.map(e => e.title)")


def test_map_renders_offline_with_places_and_events(
    page: Page, app_url: str, blocked_requests: list[str], page_errors: list[str]
) -> None:
    open_dashboard(page, app_url)
    frame = map_frame(page)

    expect(map_frame(page).locator(STATUS)).to_contain_text("11 January 2021")
    assert frame.locator(MARKERS).count() >= 20
    expect(frame.locator(".place-label", has_text="Shusha / Shushi")).to_be_visible()
    # Corridors and the disputed proposed route are drawn only when asked for (layer or event).
    expect(frame.locator(".corridor-label")).to_have_count(0)
    expect(frame.locator(".tiles-offline")).to_be_visible(timeout=15_000)
    # Only map tiles may try to leave the machine; scripts and styles are served locally.
    assert blocked_requests, "the tiles should have been asked for (and blocked)"
    assert all("tile.openstreetmap.org" in url for url in blocked_requests), blocked_requests
    assert page_errors == []


def test_slider_step_changes_cards_map_and_url(page: Page, app_url: str) -> None:
    open_dashboard(page, f"{app_url}/?date=2020-10-27")
    before = marker_titles(page)
    expect(card(page, "missile-strike-on-barda")).to_have_count(0)

    map_frame(page).get_by_role("slider").focus()
    page.keyboard.press("ArrowRight")

    expect(map_frame(page).locator(STATUS)).to_contain_text("28 October 2020")
    expect(card(page, "missile-strike-on-barda")).to_be_visible()
    after = marker_titles(page)
    assert "Missile strike on Barda" in after and "Missile strike on Barda" not in before
    expect(page).to_have_url(re.compile(r"[?&]date=2020-10-28\b"))


def test_next_and_previous_jump_between_event_dates(page: Page, app_url: str) -> None:
    open_dashboard(page, f"{app_url}/?date=2020-10-28")
    frame = map_frame(page)

    frame.get_by_role("button", name="Next ▶").click()
    expect(frame.locator(STATUS)).to_contain_text("8 November 2020")
    frame.get_by_role("button", name="◀ Previous").click()
    expect(frame.locator(STATUS)).to_contain_text("28 October 2020")


def test_play_advances_the_date_and_pause_stops_it(page: Page, app_url: str) -> None:
    open_dashboard(page, f"{app_url}/?date=2020-10-19")
    frame = map_frame(page)

    frame.get_by_role("button", name="▶ Play").click()
    expect(frame.locator(STATUS)).to_contain_text("23 October 2020", timeout=10_000)
    expect(frame.locator(STATUS)).to_contain_text("26 October 2020", timeout=10_000)
    frame.get_by_role("button", name="⏸ Pause").click()
    expect(frame.get_by_role("button", name="▶ Play")).to_be_visible()
    paused_at = frame.locator(STATUS).inner_text()
    # Pausing tells the server: the URL follows the date playback reached.
    expect(page).to_have_url(re.compile(r"[?&]date=" + paused_day(paused_at)))
    page.wait_for_timeout(3_000)
    assert frame.locator(STATUS).inner_text() == paused_at


def test_clicking_a_map_marker_selects_its_card(page: Page, app_url: str) -> None:
    open_dashboard(page, f"{app_url}/?date=2020-11-08")

    click_marker(page, "Azerbaijani forces take Shusha / Shushi")

    selected = map_frame(page).locator(SELECTED_CARD)
    expect(selected).to_contain_text("Azerbaijani forces take Shusha / Shushi")
    expect(page).to_have_url(re.compile(r"[?&]event=azerbaijani-forces-take-shusha\b"))
    # The selected card comes first among the cards.
    expect(map_frame(page).locator("#cards .card").first).to_have_class(re.compile(r"\bselected\b"))


def test_show_on_map_recentres_without_reloading_the_map(page: Page, app_url: str) -> None:
    open_dashboard(page, f"{app_url}/?date=2020-10-28")
    frame = map_frame(page)
    frame.locator("#map_div").evaluate("() => { window.__kept = 'still here'; }")

    card(page, "missile-strike-on-barda").get_by_role("button", name="Show on map").click()

    expect(frame.locator(SELECTED_CARD)).to_contain_text("Missile strike on Barda")
    page.wait_for_function(
        """() => {
          const win = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
          const c = win.map.getCenter();
          return Math.abs(c.lat - 40.3744) < 0.05 && Math.abs(c.lng - 47.1262) < 0.05;
        }""",
        timeout=10_000,
    )
    assert frame.locator("#map_div").evaluate("() => window.__kept") == "still here"
    expect(page).to_have_url(re.compile(r"[?&]event=missile-strike-on-barda\b"))


def test_a_shared_link_opens_the_view_it_names(page: Page, app_url: str) -> None:
    view = "date=2020-10-28&event=missile-strike-on-barda&layers=strike,ceasefire&mode=window&window=5&names=hy"
    open_dashboard(page, f"{app_url}/?{view}")

    frame = map_frame(page)
    expect(frame.locator(STATUS)).to_contain_text("28 October 2020 (last 5 days)")
    expect(frame.locator(SELECTED_CARD)).to_contain_text("Missile strike on Barda")
    assert page.locator(".st-key-layer-strike input").is_checked()
    assert not page.locator(".st-key-layer-diplomacy input").is_checked()
    expect(map_frame(page).locator(".place-label", has_text="Շուշի (Shushi) / Shusha")).to_be_visible()
    # Only strikes and ceasefires of the last five days are on the map.
    titles = set(marker_titles(page))
    assert "Missile strike on Barda" in titles
    assert not any("Security Council" in t for t in titles)

    frame.get_by_role("button", name="Next ▶").click()
    expect(frame.locator(STATUS)).to_contain_text("8 November 2020")
    expect(page).to_have_url(re.compile(r"[?&]date=2020-11-08\b"))
    assert query(page) == {
        "date": "2020-11-08",
        "event": "missile-strike-on-barda",
        "layers": "strike,ceasefire",
        "mode": "window",
        "window": "5",
        "names": "hy",
    }


@pytest.mark.parametrize(
    ("bad_query", "notice"),
    [
        ("date=2020-13-45", "'2020-13-45'"),
        ("date=1999-01-01", "outside"),
        ("event=no-such-event", "'no-such-event'"),
        ("layers=strike,bombs", "'bombs'"),
        ("window=abc&mode=window", "'abc'"),
    ],
)
def test_a_bad_link_falls_back_with_a_notice(
    page: Page, app_url: str, page_errors: list[str], bad_query: str, notice: str
) -> None:
    open_dashboard(page, f"{app_url}/?{bad_query}")

    expect(page.get_by_test_id("stAlert").first).to_contain_text(notice)
    assert page.get_by_test_id("stException").count() == 0
    assert page_errors == []


def test_layer_toggles_in_sidebar_and_map_stay_in_step(page: Page, app_url: str) -> None:
    open_dashboard(page, f"{app_url}/?date=2020-11-08")
    assert "Missile strike on Barda" in marker_titles(page)

    page.locator(".st-key-layer-strike label").click()
    expect(map_frame(page).locator(f"{MARKERS}[title='Missile strike on Barda']")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]layers="))
    assert "strike" not in query(page)["layers"].split(",")

    # The map's own layer control switches the sidebar checkbox too.
    frame = map_frame(page)
    frame.locator(".leaflet-control-layers").hover()
    frame.locator(".leaflet-control-layers-overlays label", has_text="Territorial change").locator("input").click()
    expect(page.locator(".st-key-layer-territorial-change input")).not_to_be_checked()
    expect(frame.locator(f"{MARKERS}[title='Azerbaijani forces take Shusha / Shushi']")).to_have_count(0)


def test_background_era_shows_the_context_events(page: Page, app_url: str) -> None:
    open_dashboard(page, f"{app_url}/?era=background")

    expect(map_frame(page).locator(STATUS)).to_contain_text("1885–2016")
    expect(card(page, "berlin-conference-1885")).to_be_visible()
    expect(map_frame(page).get_by_role("slider")).to_be_hidden()


@pytest.fixture(scope="module")
def hostile_app_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The dashboard serving a copy of the data whose first events have hostile titles."""
    data_dir = tmp_path_factory.mktemp("hostile-data")
    shutil.copy(REPO_ROOT / "data" / "places.geojson", data_dir / "places.geojson")
    events = json.loads((REPO_ROOT / "data" / "events.geojson").read_text(encoding="utf-8"))
    war_events = [f for f in events["features"] if f["properties"]["date"] >= "2020-10-10"]
    for feature, title in zip(war_events, HOSTILE_TITLES, strict=False):
        feature["properties"]["title"] = title
        feature["properties"]["summary"] = f"Summary with {title} and [a link](javascript:alert(3)) and $x^2$"
    (data_dir / "events.geojson").write_text(json.dumps(events), encoding="utf-8")
    with running_app(APP_ENTRY, Path(data_dir), {"MAP_DATA_DIR": str(data_dir)}) as url:
        yield url


def test_hostile_titles_show_as_text_and_run_nothing(page: Page, hostile_app_url: str, page_errors: list[str]) -> None:
    open_dashboard(page, hostile_app_url)
    for title in HOSTILE_TITLES:  # the cards drawn (under load they may come after the markers)
        expect(map_frame(page).locator("#cards .card", has_text=title).first).to_be_visible()

    cards_text = map_frame(page).locator("#cards .card").all_inner_texts()
    for title in HOSTILE_TITLES:
        assert any(title in text for text in cards_text), f"{title!r} not shown as text"
    assert set(HOSTILE_TITLES) <= set(marker_titles(page))
    assert page.locator("img[src='x']").count() == 0
    assert map_frame(page).locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page_errors == []
