"""Keyboard only, no mouse: reach the slider, step it, play, select an event, present and step."""

from helpers import MAP_IFRAME_SELECTOR, map_frame, wait_for_app_idle
from playwright.sync_api import Page, expect

STATUS = "#status"
# The focused element, inside the map's frame when the focus is there (the time control and cards).
DEEP_ACTIVE = """() => { let el = document.activeElement;
  while (el && el.tagName === 'IFRAME' && el.contentDocument) { el = el.contentDocument.activeElement; }
  return el; }"""


def tab_to(page: Page, describe: str, test_js: str, limit: int = 300) -> None:
    """Press Tab until the focused element passes `test_js` (a function of the element)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = ({DEEP_ACTIVE})(); return !!el && ({test_js})(el); }}"):
            return
    raise AssertionError(f"Tab never reached {describe}")


def button_named(name: str) -> str:
    return f"el => el.tagName === 'BUTTON' && el.innerText.trim() === {name!r}"


def test_the_whole_flow_works_from_the_keyboard(page: Page, app_url: str, page_errors: list[str]) -> None:
    page.goto(f"{app_url}/?date=2020-10-26")
    expect(page.locator(MAP_IFRAME_SELECTOR)).to_have_count(1, timeout=15_000)  # the dashboard's map has gone
    map_frame(page).locator(".leaflet-marker-icon").first.wait_for(timeout=30_000)
    wait_for_app_idle(page)
    page.locator("body").focus()

    frame = map_frame(page)
    tab_to(page, "the date slider", "el => el.getAttribute('role') === 'slider' || el.type === 'range'")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(frame.locator(STATUS)).to_contain_text("28 October 2020")

    tab_to(page, "the Play button", button_named("▶ Play"))
    page.keyboard.press("Enter")
    expect(frame.locator(STATUS)).not_to_contain_text("28 October 2020", timeout=10_000)
    frame.get_by_role("button", name="⏸ Pause").focus()
    page.keyboard.press("Enter")
    expect(frame.get_by_role("button", name="▶ Play")).to_be_visible()

    tab_to(page, "a card's Show on map button", button_named("Show on map"))
    card_title = page.evaluate(f"() => ({DEEP_ACTIVE})().closest('.card').querySelector('.card-title').innerText")
    page.keyboard.press("Enter")
    expect(frame.locator("#cards .card.selected")).to_contain_text(card_title)
    wait_for_app_idle(page)

    page.locator("body").focus()
    tab_to(page, "the Present button", button_named("Present to a class"))
    page.keyboard.press("Enter")
    progress = page.locator(".st-key-present_progress")
    expect(progress).to_be_visible(timeout=15_000)
    # The arrow keys are the map engine's: they work once the slide's map is there (and the
    # dashboard's has gone: for a moment both are on the page).
    slide_map = page.frame_locator(f".st-key-present_map_box {MAP_IFRAME_SELECTOR}")
    slide_map.locator(".leaflet-marker-icon").first.wait_for(timeout=30_000)
    expect(page.locator(MAP_IFRAME_SELECTOR)).to_have_count(1, timeout=15_000)
    before = progress.inner_text()
    page.keyboard.press("ArrowRight")
    expect(progress).not_to_have_text(before)
    assert page_errors == []
