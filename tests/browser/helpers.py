"""Waiting and locating helpers shared by the browser tests."""

from playwright.sync_api import FrameLocator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

POPOVER_BODY_SELECTOR = '[data-testid="stPopoverBody"]'
APP_IDLE_SELECTOR = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_IFRAME_SELECTOR = 'iframe[title="streamlit_folium.st_folium"]'
GAZETTEER_TIMEOUT_MS = 120_000  # the first text mapping of a server builds the GeoNames index
# True once Leaflet's style sheet is applied in a map's frame: its zoom buttons are blocks of its size.
LEAFLET_STYLED_JS = """() => {
  const zoom = document.querySelector('.leaflet-control-zoom-in');
  if (!zoom) { return false; }
  const style = getComputedStyle(zoom);
  return style.display === 'block' && parseFloat(style.width) >= 24 && parseFloat(style.height) >= 24;
}"""


def wait_for_app_idle(page: Page, timeout_ms: float = 30_000) -> None:
    """Wait until the Streamlit script run has finished.

    Right after a click or key press the app can still read "notRunning" because the rerun has not
    started yet: wait for the new content you expect first, then call this.
    """
    page.locator(APP_IDLE_SELECTOR).wait_for(state="attached", timeout=timeout_ms)


def map_frame(page: Page) -> FrameLocator:
    """The st_folium iframe; inside it the Leaflet map is `#map_div` and `window.map` its map object."""
    return page.frame_locator(MAP_IFRAME_SELECTOR)


def wait_for_the_one_map(page: Page, timeout_ms: float = 30_000) -> None:
    """Wait until the page shows the dashboard's map alone: after a page switch Streamlit keeps the
    old page's map frame beside the new one until the new page's run ends, and a locator would find
    two (the old one alone, right after the click, is not the dashboard's)."""
    expect(page.locator(f".st-key-map_panel {MAP_IFRAME_SELECTOR}")).to_be_visible(timeout=timeout_ms)
    expect(page.locator(MAP_IFRAME_SELECTOR)).to_have_count(1, timeout=timeout_ms)


def wait_for_maps_styled(page: Page, timeout_ms: float = 30_000) -> None:
    """Wait until every map frame on the page has Leaflet's style sheet applied.

    streamlit-folium adds the style sheets' links and draws the map without waiting for them to
    load, so neither the frame's load event nor its zoom buttons being there means they are styled:
    wait for a computed style the sheet sets (the zoom buttons' display and size).
    """
    for handle in page.locator(MAP_IFRAME_SELECTOR).element_handles():
        frame = handle.content_frame()
        if frame is None:
            raise AssertionError("a map's iframe has no document")
        frame.wait_for_function(LEAFLET_STYLED_JS, timeout=timeout_ms)


def find_places_in(page: Page, app_url: str, text: str) -> None:
    """Your data → Map a text: paste `text` and press "Find the places" (the caller waits for what it expects)."""
    page.goto(f"{app_url}/Your_data")
    page.get_by_role("tab", name="Map a text").click()
    page.locator(".st-key-text_input textarea").fill(text)
    page.keyboard.press("Control+Enter")  # the text area's value reaches the server
    wait_for_app_idle(page)
    page.get_by_role("button", name="Find the places").click()


def choose_option(page: Page, key: str, option: str) -> None:
    """Pick an option of the selectbox or multiselect with this key as a keyboard user would: type,
    then Enter (a click on the box's text does not always open its list).

    A run still going may replace the box while the letters are typed, and its list then never
    opens (a fresh-clone run waited 30 s for it): a person who does not see the option types again."""
    box = page.locator(f".st-key-{key}")
    box.wait_for(timeout=30_000)
    found = page.get_by_role("option", name=option).first
    for attempt in range(3):
        box.locator("input").click()
        page.keyboard.press("Control+A")  # typing replaces the option shown, not adds to it
        page.keyboard.type(option)
        try:
            found.wait_for(timeout=10_000)
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            wait_for_app_idle(page)
            continue
        break
    # Enter picks the option the typing left focused (a click could land while the list was still
    # placed outside the window: a fresh-clone run timed out on "element is outside of the viewport").
    expect(found).to_have_attribute("data-focused", "true")
    page.keyboard.press("Enter")


def open_popover(page: Page, name: str) -> None:
    """Open the popover whose button reads `name` and wait until its body shows.

    A click while the page's first runs are still going can land on a button a later run replaces,
    and the popover then stays shut (a fresh-clone run waited 60 s for its content): a person who
    sees nothing open clicks again."""
    button = page.get_by_role("button", name=name)
    body = page.locator(POPOVER_BODY_SELECTOR)
    for attempt in range(3):
        wait_for_app_idle(page)
        button.click()
        try:
            body.wait_for(state="visible", timeout=10_000)
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            continue
        return
