"""The static export opened from file:// in a real browser, with every request off the machine blocked."""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import REPO_ROOT
from helpers import LEAFLET_STYLED_JS
from playwright.sync_api import Page, expect

from geo.io.export import ENGINE_FILES, site_files, write_site
from geo.map.style import EVENT_POINT_ZOOM
from geo.model.loader import load_dataset
from geo.model.naming import place_label
from geo.model.prepare import prepare

MARKERS = ".leaflet-marker-icon"
STATUS = "#status"
PROGRESS = "#present-progress"
EVENTS = json.loads((REPO_ROOT / "data" / "events.geojson").read_text(encoding="utf-8"))["features"]
# The slides follow the loader's order (start day, then the stated order within a day).
_BY_ID = {f["properties"]["id"]: f for f in EVENTS}
SLIDES = [_BY_ID[event_id] for event_id in load_dataset().events["id"]]
HOSTILE_TITLES = ["<img src=x onerror=alert(1)>", "`${alert(1)}`", "</script><script>alert(2)</script>"]
BARDA = (40.3744, 47.1262)
AXE = REPO_ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("export")
    write_site(out, site_files(prepare(load_dataset())))
    return (out / "index.html").as_uri()


@pytest.fixture(scope="module")
def hostile_site_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An export of a copy of the data whose first war events have hostile titles."""
    data_dir = tmp_path_factory.mktemp("hostile-data")
    events = {"type": "FeatureCollection", "features": json.loads(json.dumps(EVENTS))}
    war_events = [f for f in events["features"] if f["properties"]["date"] >= "2020-10-10"]
    for feature, title in zip(war_events, HOSTILE_TITLES, strict=False):
        feature["properties"]["title"] = title
        feature["properties"]["summary"] = f"Summary with {title}"
    (data_dir / "events.geojson").write_text(json.dumps(events), encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-export")
    dataset = load_dataset(REPO_ROOT / "data" / "places.geojson", data_dir / "events.geojson")
    write_site(out, site_files(prepare(dataset)))
    return (out / "index.html").as_uri()


def open_site(page: Page, url: str) -> None:
    page.goto(url)
    page.locator(MARKERS).first.wait_for(timeout=15_000)


def hash_params(page: Page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).fragment, keep_blank_values=True).items()}


def marker_titles(page: Page) -> list[str]:
    return page.locator(MARKERS).evaluate_all("els => els.map(e => e.title)")


def wait_for_centre(page: Page, lat: float, lon: float, zoom: int | None = None) -> None:
    page.wait_for_function(
        """([lat, lon, zoom]) => {
          const c = window.siteMap.getCenter();
          return Math.abs(c.lat - lat) < 0.05 && Math.abs(c.lng - lon) < 0.05
            && (zoom === null || window.siteMap.getZoom() === zoom);
        }""",
        arg=[lat, lon, zoom],
        timeout=10_000,
    )


def test_opens_from_file_with_places_events_and_offline_outlines(
    page: Page, site_url: str, blocked_requests: list[str], page_errors: list[str]
) -> None:
    open_site(page, site_url)

    expect(page.locator(STATUS)).to_have_text("11 January 2021 · 17 events shown")
    assert page.locator(MARKERS).count() >= 20
    expect(page.locator(".place-label", has_text="Shusha / Shushi")).to_be_visible()
    # Corridors and the disputed proposed route are drawn only when asked for (layer or event).
    expect(page.locator(".corridor-label")).to_have_count(0)
    expect(page.locator("#cards .card").first).to_contain_text("Planned transport links")
    # Tiles are blocked: the page says so, and the outlines (filled solid) show where land is.
    expect(page.locator(".tiles-offline")).to_be_visible(timeout=15_000)
    outlines = page.locator(".leaflet-overlay-pane path.leaflet-interactive")
    assert outlines.count() >= 100
    expect(outlines.first).to_have_attribute("fill-opacity", "1")
    assert blocked_requests and all(url.startswith("https://tile.openstreetmap.org/") for url in blocked_requests)
    assert page_errors == []


def test_outlines_only_base_layer_switches_the_tiles_off(page: Page, site_url: str) -> None:
    open_site(page, site_url)
    assert page.evaluate("() => document.querySelectorAll('.leaflet-tile-container').length") > 0

    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-base label", has_text="Outlines only (no tiles)").locator("input").check()

    expect(page.locator(".leaflet-tile-container")).to_have_count(0)
    assert page.locator(".leaflet-overlay-pane path.leaflet-interactive").count() >= 100


def test_slider_changes_the_cards_markers_and_hash(page: Page, site_url: str) -> None:
    open_site(page, f"{site_url}#date=2020-10-27")
    assert "Missile strike on Barda" not in marker_titles(page)
    expect(page.locator(".card", has_text="Missile strike on Barda")).to_have_count(0)

    page.get_by_role("slider", name="Date").focus()
    page.keyboard.press("ArrowRight")

    expect(page.locator(STATUS)).to_contain_text("28 October 2020")
    expect(page.locator(".card", has_text="Missile strike on Barda")).to_be_visible()
    assert "Missile strike on Barda" in marker_titles(page)
    assert hash_params(page)["date"] == "2020-10-28"


def test_next_previous_and_playback_move_between_event_dates(page: Page, site_url: str) -> None:
    open_site(page, f"{site_url}#date=2020-10-28")
    page.get_by_role("button", name="Next ▶").click()
    expect(page.locator(STATUS)).to_contain_text("8 November 2020")
    page.get_by_role("button", name="◀ Previous").click()
    expect(page.locator(STATUS)).to_contain_text("28 October 2020")

    page.get_by_label("Speed").select_option(label="Fast (0.5 s)")
    # Each date shows for half a second, less than a busy machine's polling may take: the page
    # records every status line it shows, and the test reads that record.
    page.locator(STATUS).evaluate(
        "status => { window.statusSeen = []; new MutationObserver(() => window.statusSeen.push(status.textContent))"
        ".observe(status, {childList: true, characterData: true, subtree: true}); }"
    )
    page.get_by_role("button", name="▶ Play").click()
    page.wait_for_function("() => window.statusSeen.some((text) => text.includes('9 November 2020'))", timeout=15_000)
    page.get_by_role("button", name="⏸ Pause").click()
    days = list(dict.fromkeys(text.split(" · ")[0] for text in page.evaluate("window.statusSeen") if text))
    # From the start, one event date at a time.
    assert days[:3] == ["28 October 2020", "8 November 2020", "9 November 2020"]
    paused_at = page.locator(STATUS).inner_text()
    page.wait_for_timeout(1_500)
    assert page.locator(STATUS).inner_text() == paused_at


def test_show_on_map_recentres_and_selects_the_card(page: Page, site_url: str) -> None:
    open_site(page, f"{site_url}#date=2020-10-28")

    page.locator(".card", has_text="Missile strike on Barda").get_by_role("button", name="Show on map").click()

    wait_for_centre(page, *BARDA, zoom=EVENT_POINT_ZOOM)  # one place: its country in view too
    first = page.locator("#cards .card").first
    expect(first).to_have_class(re.compile(r"\bselected\b"))
    expect(first).to_contain_text("Missile strike on Barda")
    assert hash_params(page)["event"] == "missile-strike-on-barda"


def test_clicking_a_marker_selects_its_card(page: Page, site_url: str) -> None:
    open_site(page, f"{site_url}#date=2020-11-08")

    page.locator(f"{MARKERS}[title='Azerbaijani forces take Shusha / Shushi']").click()

    first = page.locator("#cards .card").first
    expect(first).to_have_class(re.compile(r"\bselected\b"))
    expect(first).to_contain_text("Azerbaijani forces take Shusha / Shushi")
    assert hash_params(page)["event"] == "azerbaijani-forces-take-shusha"


def test_the_hash_follows_the_view_and_a_link_restores_it(page: Page, site_url: str) -> None:
    open_site(page, f"{site_url}#date=2020-10-28")
    page.locator("#mode").select_option("window")
    page.get_by_label("Days in the window").fill("5")
    page.get_by_label("Days in the window").press("Enter")
    page.locator("input[name=layer][value=diplomacy]").uncheck()
    page.get_by_label("Place names first in").select_option("hy")
    page.locator(f"{MARKERS}[title='Missile strike on Barda']").click()

    expected = {"date": "2020-10-28", "event": "missile-strike-on-barda", "mode": "window", "window": "5",
                "names": "hy"}  # fmt: skip
    params = hash_params(page)
    assert {k: params[k] for k in expected} == expected
    assert "diplomacy" not in params["layers"].split(",") and "strike" in params["layers"].split(",")

    shared = page.url
    page.goto("about:blank")
    open_site(page, shared)
    expect(page.locator(STATUS)).to_have_text("28 October 2020 (last 5 days) · 3 events shown")
    expect(page.locator("#cards .card.selected")).to_contain_text("Missile strike on Barda")
    expect(page.locator("input[name=layer][value=diplomacy]")).not_to_be_checked()
    expect(page.locator("#mode")).to_have_value("window")
    shusha_hy = place_label({"en": "Shusha", "hy": "Շուշի"}, {"az": "Shusha", "hy": "Shushi"}, "hy")
    expect(page.locator(".place-label", has_text=shusha_hy)).to_be_visible()
    assert hash_params(page) == params


@pytest.mark.parametrize(
    ("bad_hash", "notice"),
    [
        ("date=2020-13-45", "'2020-13-45'"),
        ("date=1999-01-01", "outside"),
        ("event=no-such-event", "'no-such-event'"),
        ("layers=strike,bombs", "'bombs'"),
        ("window=abc&mode=window", "'abc'"),
        ("mode=present&step=99", "No slide '99'"),
        ("era=<img src=x onerror=alert(1)>", "Unknown era '<img src=x onerror=alert(1)>'"),
    ],
)
def test_a_bad_hash_falls_back_with_a_notice(
    page: Page, site_url: str, page_errors: list[str], bad_hash: str, notice: str
) -> None:
    open_site(page, f"{site_url}#{bad_hash}")

    expect(page.locator("#notice")).to_be_visible()
    expect(page.locator("#notice-text")).to_contain_text(notice)
    assert page.locator("img[src='x']").count() == 0
    assert page_errors == []


def test_background_era_shows_the_context_events(page: Page, site_url: str) -> None:
    open_site(page, f"{site_url}#era=background")

    expect(page.locator(STATUS)).to_contain_text("1885–2016")
    expect(page.locator(".card", has_text="Berlin").first).to_be_visible()
    expect(page.locator("#date-row")).to_be_hidden()


def slide_title(step: int) -> str:
    return SLIDES[step - 1]["properties"]["title"]


def test_presentation_steps_with_buttons_and_arrow_keys_and_the_hash_follows(
    page: Page, site_url: str, page_errors: list[str]
) -> None:
    open_site(page, f"{site_url}#date=2020-10-28&event=missile-strike-on-barda")
    page.get_by_role("button", name="Present to a class").click()
    barda_step = next(i for i, f in enumerate(SLIDES, 1) if f["properties"]["id"] == "missile-strike-on-barda")
    expect(page.locator(PROGRESS)).to_have_text(f"{barda_step} / {len(SLIDES)}")
    assert hash_params(page) == {"mode": "present", "step": str(barda_step)}

    page.get_by_role("button", name="Next ▶").click()
    expect(page.locator(PROGRESS)).to_have_text(f"{barda_step + 1} / {len(SLIDES)}")
    expect(page.locator("#present-card")).to_contain_text(slide_title(barda_step + 1))
    page.keyboard.press("ArrowRight")
    expect(page.locator(PROGRESS)).to_have_text(f"{barda_step + 2} / {len(SLIDES)}")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(page.locator(PROGRESS)).to_have_text(f"{barda_step} / {len(SLIDES)}")
    assert hash_params(page)["step"] == str(barda_step)
    wait_for_centre(page, *BARDA)

    page.get_by_role("button", name="Exit presentation").click()
    expect(page.locator("#cards .card.selected")).to_contain_text("Missile strike on Barda")
    assert hash_params(page) == {"date": "2020-10-28", "event": "missile-strike-on-barda"}
    assert page_errors == []


def test_a_slide_link_opens_that_slide_large(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_site(page, f"{site_url}#mode=present&step=5")

    expect(page.locator(PROGRESS)).to_have_text(f"5 / {len(SLIDES)}")
    expect(page.locator("#present-card .card-title")).to_have_text(slide_title(5))
    expect(page.locator("#controls")).to_be_hidden()
    sizes = page.locator("#present-card p").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert min(sizes) >= 24, sizes
    page.keyboard.press("Home")  # not a step key: nothing moves
    expect(page.locator(PROGRESS)).to_have_text(f"5 / {len(SLIDES)}")
    page.keyboard.press("PageDown")
    expect(page.locator(PROGRESS)).to_have_text(f"6 / {len(SLIDES)}")
    expect(page).to_have_url(re.compile(r"#mode=present&step=6$"))


def test_hostile_titles_show_as_text_and_run_nothing(page: Page, hostile_site_url: str, page_errors: list[str]) -> None:
    open_site(page, hostile_site_url)

    cards_text = page.locator("#cards .card").all_inner_texts()
    for title in HOSTILE_TITLES:
        assert any(title in text for text in cards_text), f"{title!r} not shown as text"
    assert set(HOSTILE_TITLES) <= set(marker_titles(page))
    # The second hostile event is a strike on towns in view (the first is partly in Moscow, off the map).
    page.locator(f"{MARKERS}[title={json.dumps(HOSTILE_TITLES[1])}]").first.hover()
    expect(page.locator(".leaflet-tooltip", has_text=HOSTILE_TITLES[1])).to_be_visible()
    page.get_by_role("button", name="Present to a class").click()
    for _ in range(len(SLIDES)):
        page.keyboard.press("ArrowRight")
    assert page.locator("img[src='x']").count() == 0
    assert page_errors == []


def test_the_written_site_is_only_files(site_url: str) -> None:
    folder = Path(urlsplit(site_url).path).parent
    assert sorted(p.name for p in folder.iterdir()) == sorted([*ENGINE_FILES, "index.html", "vendor"])


@pytest.mark.parametrize("view", ["", "#date=2020-10-28&event=missile-strike-on-barda", "#era=background",
                                  "#mode=present&step=17"])  # fmt: skip
def test_views_have_no_serious_accessibility_violations(page: Page, site_url: str, view: str) -> None:
    open_site(page, f"{site_url}{view}")
    page.wait_for_function(LEAFLET_STYLED_JS)  # checked as a person sees it: Leaflet's style sheet applied
    # Evaluated, not added as a <script>: the page's Content-Security-Policy runs only its own files.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes'][:3]]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
