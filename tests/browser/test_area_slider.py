"""Areas of control over time, in a real browser: the dashboard's slider across a handover, and
the static export's areas in every naming, above and below what they should be."""

import datetime as dt
import json
from pathlib import Path

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
    expect(label).to_contain_text("Passed to Azerbaijani control on 20 November 2020")


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
    # Only areas and markers here: the map's controls (the offline note, legends) may sit over a marker.
    page.add_style_tag(content=".leaflet-control-container { display: none; }")
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


def test_uploaded_areas_show_on_the_dashboard_with_their_own_words(page: Page, app_url: str, tmp_path: Path) -> None:
    ring = [[47.2, 40.5], [47.6, 40.5], [47.6, 40.8], [47.2, 40.8], [47.2, 40.5]]
    bowtie = [[47.7, 40.5], [48.0, 40.8], [48.0, 40.5], [47.7, 40.8], [47.7, 40.5]]
    features = [
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
         "properties": {"id": "test-area", "name": "<b>Test area</b>", "start": "2020-10-01",
                        "status": "held by side A", "source": "A test report"}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [bowtie]},
         "properties": {"id": "bowtie", "start": "2020-10-01", "status": "held by side B", "source": "Another"}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
         "properties": {"id": "undated", "status": "held", "source": "x"}},
    ]  # fmt: skip
    file = tmp_path / "areas.geojson"
    file.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    page.goto(f"{app_url}/Your_data")
    page.get_by_role("tab", name="Upload your events").click()
    page.locator(".st-key-areas_upload input[type=file]").set_input_files(str(file))
    report = page.locator(".st-key-area_upload_report")
    expect(report).to_contain_text("2 area(s) can be drawn", timeout=30_000)
    expect(report).to_contain_text("Feature 2: its outline was repaired")
    expect(report).to_contain_text("start")  # the undated feature, named with its field
    wait_for_app_idle(page)

    page.get_by_role("button", name="Show the areas on the map").click()

    frame = map_frame(page)
    expect(frame.locator(".area-shape[data-area=test-area]")).to_have_attribute("data-status", "other", timeout=30_000)
    expect(frame.locator(".area-shape[data-area=aghdam]")).to_have_count(1)  # beside the war's areas
    frame.locator("body").evaluate("() => window.siteMap.setView([40.65, 47.4], 9, {animate: false})")
    label = frame.locator(".area-label[data-area=test-area]")
    expect(label).to_contain_text("<b>Test area</b>")  # the file's text, shown as text
    expect(label).to_contain_text("held by side A")
