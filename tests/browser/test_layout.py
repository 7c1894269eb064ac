"""The first screen is the map: on a laptop or projector the map and its time control are in view
without scrolling, and place labels never overlap at the default views (laptop, large screen, phone)."""

import pytest
from helpers import MAP_IFRAME_SELECTOR, map_frame, wait_for_app_idle
from playwright.sync_api import Page, expect

from geo.map.mapview import engine_data
from geo.model.loader import load_basemap, load_dataset
from geo.model.prepare import prepare

VIEWPORTS = {"laptop": (1366, 768), "large": (1920, 1080), "phone": (390, 844)}
SIDEBAR = '[data-testid="stSidebar"]'

# Boxes of the labels a person can see (the engine hides a label that would overlap another).
LABEL_BOXES_JS = """() => Array.from(document.querySelectorAll('.place-label, .corridor-label'))
  .filter((el) => getComputedStyle(el).visibility !== 'hidden' && el.getBoundingClientRect().width > 0)
  .map((el) => { const r = el.getBoundingClientRect();
                 return {text: el.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })"""


def open_at(page: Page, url: str, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(url)
    map_frame(page).locator(".leaflet-marker-icon").first.wait_for(timeout=30_000)
    wait_for_app_idle(page)
    page.wait_for_timeout(800)  # the frame takes the window's height, the labels their places


def page_box(page: Page, selector: str) -> dict:
    """A box inside the map's frame, in the page's coordinates."""
    frame_box = page.locator(MAP_IFRAME_SELECTOR).bounding_box()
    inner = (
        map_frame(page)
        .locator(selector)
        .evaluate(
            "el => { const r = el.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; }"
        )
    )
    return {**inner, "x": inner["x"] + frame_box["x"], "y": inner["y"] + frame_box["y"]}


def test_the_map_and_its_time_control_fill_the_first_screen(page: Page, app_url: str) -> None:
    width, height = VIEWPORTS["laptop"]
    open_at(page, app_url, (width, height))
    controls, map_box = page_box(page, "#controls"), page_box(page, ".engine-map")
    top, bottom = controls["y"], map_box["y"] + map_box["height"]
    left = min(controls["x"], map_box["x"])
    right = max(controls["x"] + controls["width"], map_box["x"] + map_box["width"])
    sidebar = page.locator(SIDEBAR).bounding_box()
    main_width = width - (sidebar["width"] if sidebar and sidebar["x"] >= 0 else 0)
    # In view without scrolling, and at least 60% of the window's height and 55% of the area beside the
    # sidebar (the handout and "Join a class" row above it is on the first screen too).
    assert top >= 0 and bottom <= height, (top, bottom)
    assert page.evaluate("() => document.scrollingElement.scrollTop") == 0
    assert (bottom - top) / height >= 0.6, (top, bottom)
    assert (bottom - top) * (right - left) / (main_width * height) >= 0.55, (left, right, main_width)
    expect(page.get_by_role("button", name="Handout (PDF)")).to_be_in_viewport(ratio=1)
    expect(page.get_by_role("textbox", name="Join a class")).to_be_in_viewport(ratio=1)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("query", ["", "?era=background"])
def test_place_labels_do_not_overlap_at_the_default_views(page: Page, app_url: str, viewport: str, query: str) -> None:
    open_at(page, f"{app_url}/{query}", VIEWPORTS[viewport])
    boxes = map_frame(page).locator("body").evaluate(f"body => ({LABEL_BOXES_JS})()")
    assert len(boxes) >= 5, boxes
    overlaps = [
        (a["text"], b["text"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]
    ]
    assert overlaps == []
    if not query:
        texts = " ".join(box["text"] for box in boxes)
        assert "Shusha / Shushi" in texts  # contested places keep both names, and their labels win


# What the class sees on a slide: every label shown (with the dot or point it names, from the
# data), every event marker, and the map's box; all in the map frame's coordinates.
SLIDE_BOXES_JS = """(body, anchors) => {
  const box = (el) => { const r = el.getBoundingClientRect();
                        return {text: el.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  const shown = (el) => getComputedStyle(el).visibility !== 'hidden' && el.getBoundingClientRect().width > 0;
  const map = box(document.querySelector('.leaflet-container'));
  const dots = {};
  Object.entries(anchors).forEach(([text, [lat, lon]]) => {
    const p = window.siteMap.latLngToContainerPoint([lat, lon]);
    dots[text] = [map.left + p.x, map.top + p.y];
  });
  return {labels: Array.from(document.querySelectorAll('.place-label, .corridor-label, .country-label'))
            .filter(shown).map(box),
          markers: Array.from(document.querySelectorAll('.event-icon, .bin-count')).map(box)
            .filter((b) => b.right > b.left),
          leaders: Array.from(document.querySelectorAll('.label-leader')).map(box),
          map, dots};
}"""
# The slide on show has flown to its event (its centre within a few px of the map's) and its labels
# have stopped moving.
SLIDE_SETTLED_JS = """([step, lat, lon, zoom]) => {
  const e = window.mapEngine, m = window.siteMap;
  if (!e || !m || e.state.step !== step || m.getZoom() !== zoom) { return false; }
  const p = m.latLngToContainerPoint([lat, lon]), size = m.getSize();
  return Math.abs(p.x - size.x / 2) < 3 && Math.abs(p.y - size.y / 2) < 3 &&
    m.getContainer().dataset.labelsSettled === '1';
}"""
LABEL_REACH_PX = 40  # no label's box is farther than this from the dot (or the country's point) it names
SLIDE_VIEWPORTS = {"projector": (1280, 720), "phone": (390, 844)}


def crossing(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def distance(box: dict, point: list[float]) -> float:
    dx = max(box["left"] - point[0], 0, point[0] - box["right"])
    dy = max(box["top"] - point[1], 0, point[1] - box["bottom"])
    return (dx * dx + dy * dy) ** 0.5


def joined(leader: dict, box: dict, point: list[float]) -> bool:
    """A leader line's box runs from the dot to the label's box (within a few px at both ends)."""
    near_box = all(
        max(leader[a] - box[b], 0, box[a] - leader[b]) <= 3 for a, b in (("left", "right"), ("top", "bottom"))
    )
    return distance(leader, point) <= 3 and near_box


@pytest.fixture(scope="module")
def slides() -> dict:
    """What the slides show, from the shipped data as the engine receives it: each slide's view and
    the labels its event's places must have; where each label's dot or point is."""
    engine = engine_data(prepare(load_dataset()))
    names = {p["id"]: p["labels"]["en"] for p in engine["places"] + engine["placeAreas"]}
    names |= {c["id"]: c["labels"]["en"] + " (schematic)" for c in engine["corridors"]}
    anchors = {p["labels"]["en"]: [p["lat"], p["lon"]] for p in engine["places"] + engine["placeAreas"]}
    named = {a["outline"] for a in engine["placeAreas"]}
    for feature in load_basemap()["features"]:
        name, (lon, lat) = feature["properties"]["name"], feature["properties"]["label"]
        if name not in named:
            anchors.setdefault(name, [lat, lon])
    contested = {p["labels"]["en"].split(" / ")[0] for p in engine["places"] if p["contested_names"]}
    return {
        "events": [(e["view"], [names[place] for place in e["places"]]) for e in engine["events"]],
        "anchors": anchors,
        "contested": contested,
    }


def slide_problems(seen: dict, own: list[str], contested: set[str]) -> list:
    """What a person would notice on a slide: an event place unnamed, a label away from its dot
    with no leader line to it,
    one label on another or on a marker, a label off the map, a contested place with one name."""
    labels, frame, texts = seen["labels"], seen["map"], [b["text"] for b in seen["labels"]]
    dots = seen["dots"]
    on_map = {
        text
        for text, (x, y) in dots.items()
        if frame["left"] <= x <= frame["right"] and frame["top"] <= y <= frame["bottom"]
    }
    # A place whose dot the slide's view leaves off the map (a world view on a phone) cannot be named beside it.
    problems = [("unlabelled", name) for name in own if name not in texts and (name not in dots or name in on_map)]
    reach = {b["text"]: round(distance(b, seen["dots"][b["text"]])) for b in labels if b["text"] in seen["dots"]}
    far = [b for b in labels if reach.get(b["text"], 0) > LABEL_REACH_PX]
    problems += [("far", b["text"], reach[b["text"]]) for b in far
                 if not any(joined(line, b, seen["dots"][b["text"]]) for line in seen["leaders"])]  # fmt: skip
    problems += [
        ("on each other", a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1 :] if crossing(a, b)
    ]
    problems += [("on a marker", b["text"]) for b in labels if any(crossing(b, m) for m in seen["markers"])]
    problems += [("off the map", b["text"]) for b in labels if b["left"] < frame["left"] or b["right"] > frame["right"]
                 or b["top"] < frame["top"] or b["bottom"] > frame["bottom"]]  # fmt: skip
    problems += [("one name", text) for text in texts if text in contested]
    return problems


@pytest.mark.parametrize("viewport", SLIDE_VIEWPORTS)
def test_every_slide_names_its_places_beside_their_dots_and_clear_of_each_other_and_of_markers(
    page: Page, app_url: str, slides: dict, viewport: str
) -> None:
    """One page steps through every slide of the article (Next), as a class sees them."""
    open_at(page, f"{app_url}/?mode=present&step=1", SLIDE_VIEWPORTS[viewport])
    body = map_frame(page).locator("body")
    frame = page.locator(MAP_IFRAME_SELECTOR).element_handle().content_frame()
    problems = {}
    for step, (view, own) in enumerate(slides["events"], start=1):
        if step > 1:
            page.get_by_role("button", name="Next ▶").click()
        frame.wait_for_function(SLIDE_SETTLED_JS, arg=[step, *view["center"], view["zoom"]], timeout=30_000)
        seen = body.evaluate(SLIDE_BOXES_JS, slides["anchors"])
        found = slide_problems(seen, own, slides["contested"])
        if found:
            problems[step] = found
    assert not problems, "\n".join(f"slide {step}: {found}" for step, found in problems.items())
