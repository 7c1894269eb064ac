"""Areas of control over time, in a real browser: the dashboard's slider across a handover, and
the static export's areas in every naming, above and below what they should be."""

import datetime as dt

import pytest
from helpers import map_frame, wait_for_app_idle
from playwright.sync_api import Page, WebSocket, expect

from geo.io.export import site_files, write_site
from geo.map.style import AREA_STYLE
from geo.model.loader import load_dataset
from geo.model.prepare import prepare

AGHDAM = ".area-shape[data-area=aghdam]"
HANDOVER = dt.date(2020, 11, 20)
HANDOVER_DAY = (HANDOVER - dt.date(1970, 1, 1)).days

# One slider step as a pointer drag makes it (an input event, no release): then, in the same task and
# so the same frame, what the map's Aghdam / Akna area and the cards show.
STEP_AND_READ = """(day) => {
  const slider = document.getElementById('date-slider');
  slider.value = String(day);
  slider.dispatchEvent(new Event('input', {bubbles: true}));
  const area = document.querySelector('.area-shape[data-area=aghdam]');
  return {status: area.dataset.status, fill: area.getAttribute('fill'),
          cards: document.getElementById('cards').dataset.shownDate,
          line: document.getElementById('status').textContent};
}"""
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("areas-export")
    write_site(out, site_files(prepare(load_dataset())))
    return (out / "index.html").as_uri()


def test_slider_across_the_aghdam_handover_changes_the_fill_with_the_cards_and_no_server_message(
    page: Page, app_url: str
) -> None:
    sent: list[str] = []

    def record(socket: WebSocket) -> None:
        socket.on("framesent", lambda payload: sent.append(str(payload)[:80]))

    page.on("websocket", record)
    page.goto(f"{app_url}/?date=2020-11-19")
    frame = map_frame(page)
    expect(frame.locator(AGHDAM)).to_have_attribute("data-status", "held-part", timeout=30_000)
    wait_for_app_idle(page)
    assert sent, "the page talks to the server over its websocket (so a message would be seen)"
    before = len(sent)

    shown = frame.locator("#date-slider").evaluate(f"(slider, day) => ({STEP_AND_READ})(day)", HANDOVER_DAY)

    assert shown["status"] == "handed-over"
    assert shown["fill"].lower() == AREA_STYLE["handed-over"]["fill"].lower()
    assert shown["cards"] == HANDOVER.isoformat()
    assert shown["line"].startswith("20 November 2020")
    frame.locator("body").evaluate(TWO_FRAMES)
    assert sent[before:] == []  # the step ran in the browser alone
    label = frame.locator(".area-label[data-area=aghdam]")
    expect(label).to_contain_text("Aghdam / Akna")
    expect(label).to_contain_text("Handed over on 20 November 2020")


def test_a_step_back_before_the_handover_restores_the_fill(page: Page, site_url: str) -> None:
    page.goto(site_url + "#date=2020-11-20")
    expect(page.locator(AGHDAM)).to_have_attribute("data-status", "handed-over", timeout=15_000)
    shown = page.locator("#date-slider").evaluate(f"(slider, day) => ({STEP_AND_READ})(day)", HANDOVER_DAY - 1)
    assert shown["status"] == "held-part" and shown["cards"] == "2020-11-19"


@pytest.mark.parametrize("names", ["en", "az", "hy", "ru"])
def test_area_labels_show_both_names_in_every_naming(page: Page, site_url: str, names: str) -> None:
    page.goto(f"{site_url}#date=2020-11-21&names={names}")
    page.locator(AGHDAM).wait_for(state="attached", timeout=15_000)
    page.evaluate("window.siteMap.setView([39.9, 46.9], 9, {animate: false})")
    label = page.locator(".area-label[data-area=aghdam]")
    expect(label).to_be_visible()
    expect(label).to_contain_text("Aghdam")
    expect(label).to_contain_text("Akna")
    expect(label).to_contain_text("approximate")


def test_event_markers_are_drawn_above_the_areas(page: Page, site_url: str) -> None:
    page.goto(site_url + "#date=2020-11-21")
    page.locator(AGHDAM).wait_for(state="attached", timeout=15_000)
    page.evaluate("window.siteMap.setView([39.9, 46.9], 9, {animate: false})")
    marker = page.locator(".leaflet-marker-icon").filter(has=page.locator("svg")).first
    hit = marker.evaluate(
        """(m) => { const r = m.getBoundingClientRect();
                   const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                   return m.contains(top); }"""
    )
    assert hit, "an area covers an event marker"


def test_a_slide_shows_the_areas_at_its_events_date(page: Page, site_url: str) -> None:
    events = list(load_dataset().events["id"])
    step = events.index("armenian-withdrawal-from-three-districts") + 1
    page.goto(f"{site_url}#mode=present&step={step}")
    expect(page.locator(AGHDAM)).to_have_attribute("data-status", "held-part", timeout=15_000)
    expect(page.locator(".area-shape[data-area=lachin-corridor]")).to_have_attribute("data-status", "corridor")
    expect(page.locator(".area-legend summary")).to_contain_text("Areas")
