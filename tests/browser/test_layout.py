"""The first screen is the map: on a laptop or projector the map and its time control are in view
without scrolling, and place labels never overlap at the default views (laptop, large screen, phone)."""

import pytest
from helpers import MAP_IFRAME_SELECTOR, map_frame, wait_for_app_idle
from playwright.sync_api import Page, expect

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


# What the class sees on a slide: labels, with the map's box and the slide's selected marker.
SLIDE_BOXES_JS = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
                        return {text: el.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom}; };
  const shown = (el) => getComputedStyle(el).visibility !== 'hidden' && el.getBoundingClientRect().width > 0;
  return {labels: Array.from(document.querySelectorAll('.place-label, .corridor-label')).filter(shown).map(box),
          map: box(document.querySelector('.leaflet-container')),
          selected: Array.from(document.querySelectorAll('.event-icon.selected')).map(box)};
}"""


def crossing(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
@pytest.mark.parametrize("step", [1, 12, 13])
def test_a_slide_at_any_zoom_keeps_labels_apart_inside_the_map_and_off_its_marker(
    page: Page, app_url: str, viewport: str, step: int
) -> None:
    open_at(page, f"{app_url}/?mode=present&step={step}", VIEWPORTS[viewport])
    page.wait_for_timeout(1500)  # the flight to the slide's event ends, the labels take their places
    seen = map_frame(page).locator("body").evaluate(f"body => ({SLIDE_BOXES_JS})()")
    labels, frame = seen["labels"], seen["map"]
    assert [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1 :] if crossing(a, b)] == []
    outside = [b["text"] for b in labels if b["left"] < frame["left"] or b["right"] > frame["right"]
               or b["top"] < frame["top"] or b["bottom"] > frame["bottom"]]  # fmt: skip
    assert outside == []
    assert [(b["text"], m["text"]) for b in labels for m in seen["selected"] if crossing(b, m)] == []
    texts = " ".join(box["text"] for box in labels)
    for both in ("Shusha / Shushi", "Lachin / Berdzor", "Kalbajar / Karvachar"):
        assert both in texts  # contested places keep both names on every slide
