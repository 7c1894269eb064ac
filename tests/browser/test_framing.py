"""What a mixed classroom sees, in the real browser: the title says it is one article's account, the
source line stays on every presentation slide (dashboard and export), and every naming shows both
names of every contested place."""

import json
from pathlib import Path

import pytest
from helpers import map_frame, wait_for_app_idle
from playwright.sync_api import Page, expect

from geo.io.export import site_files, write_site
from geo.map.framing import ARTICLE_SAYS_MEANING, SOURCE_LINE, TITLE
from geo.model.loader import load_dataset
from geo.model.naming import NAMINGS
from geo.model.prepare import prepare

REPO = Path(__file__).resolve().parents[2]
PLACES = [f["properties"] for f in json.loads((REPO / "data" / "places.geojson").read_text("utf-8"))["features"]]
# Contested places drawn as labelled points (a corridor is drawn only when asked for).
CONTESTED = [p for p in PLACES if p.get("contested_names") and p["kind"] != "corridor"]
SLIDE_IDS = list(load_dataset().events["id"])


def both_names(place: dict, naming: str) -> list[str]:
    """The two sides' names a naming shows: Latin script, or both in Cyrillic under Russian naming
    where Russian has a form of the Armenian one (geo.model.naming)."""
    contested = place["contested_names"]
    if naming == "ru" and "hy_ru" in contested:
        return [place["names"]["ru"], contested["hy_ru"]]
    return [contested["az"], contested["hy"]]


def both_names_in(labels: list[str], place: dict, naming: str) -> bool:
    return any(all(name in label for name in both_names(place, naming)) for label in labels)


# --- the dashboard ---------------------------------------------------------------------------


def test_the_title_and_source_line_say_it_is_one_articles_account(page: Page, app_url: str) -> None:
    page.goto(app_url)
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible(timeout=30_000)
    expect(page.get_by_text(SOURCE_LINE, exact=False)).to_be_visible()
    assert "war on a map" not in page.title() and "article" in page.title()


@pytest.mark.parametrize("naming", NAMINGS)
def test_every_naming_shows_both_names_of_every_contested_place(page: Page, app_url: str, naming: str) -> None:
    page.goto(f"{app_url}/?date=2020-11-10&names={naming}&event=trilateral-statement-2020-11-10")
    labels = map_frame(page).locator(".place-label")
    labels.first.wait_for(timeout=30_000)
    wait_for_app_idle(page)
    texts = labels.all_inner_texts()
    assert [p["id"] for p in CONTESTED if not both_names_in(texts, p, naming)] == [], texts
    # The selected card writes the places the naming's way, with both names too.
    card = map_frame(page).locator("#cards .card.selected").inner_text()
    for place_id in ("aghdam", "kalbajar", "lachin"):
        place = next(p for p in PLACES if p["id"] == place_id)
        assert all(name in card for name in both_names(place, naming)), (naming, card)


def test_every_presentation_slide_carries_the_source_line(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/?mode=present&step=1")
    source = page.locator(".st-key-present_source")
    for step in range(1, len(SLIDE_IDS) + 1):
        expect(page.locator(".st-key-present_progress")).to_have_text(f"{step} / {len(SLIDE_IDS)}", timeout=30_000)
        expect(source).to_contain_text(SOURCE_LINE)
        expect(source).to_contain_text(ARTICLE_SAYS_MEANING)
        assert source.bounding_box()["y"] < 200, "the source line sits at the top of the slide"
        if step < len(SLIDE_IDS):
            page.get_by_role("button", name="Next ▶").click()
    wait_for_app_idle(page)


# --- the static export -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("framed-export")
    write_site(out, site_files(prepare(load_dataset())))
    return (out / "index.html").as_uri()


def test_the_export_walks_every_slide_with_the_source_line_in_view(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}#mode=present&step=1")
    source = page.locator("#present-source")
    for step in range(1, len(SLIDE_IDS) + 1):
        expect(page.locator("#present-progress")).to_have_text(f"{step} / {len(SLIDE_IDS)}")
        expect(source).to_be_visible()
        expect(source).to_contain_text(SOURCE_LINE)
        expect(source).to_contain_text(ARTICLE_SAYS_MEANING)
        font_px = float(source.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
        assert font_px >= 18, font_px
        page.keyboard.press("ArrowRight")
    assert page.title() == TITLE


@pytest.mark.parametrize("naming", NAMINGS)
def test_the_export_shows_both_names_in_every_naming(page: Page, site_url: str, naming: str) -> None:
    page.goto(f"{site_url}#date=2020-11-10&names={naming}&event=armenian-withdrawal-from-three-districts")
    labels = page.locator(".place-label")
    labels.first.wait_for(timeout=15_000)
    texts = labels.all_inner_texts()
    assert [p["id"] for p in CONTESTED if not both_names_in(texts, p, naming)] == [], texts
    card = page.locator("#cards .card.selected").inner_text()
    for place_id in ("aghdam", "kalbajar", "lachin"):
        place = next(p for p in PLACES if p["id"] == place_id)
        assert all(name in card for name in both_names(place, naming)), (naming, card)


def test_the_disputed_route_is_drawn_only_for_its_event(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}#date=2021-01-11")
    page.locator(".place-label").first.wait_for(timeout=15_000)
    expect(page.locator(".corridor-label")).to_have_count(0)
    page.goto(f"{site_url}#date=2021-01-11&event=planned-transport-links-2021")
    page.reload()
    expect(page.locator(".corridor-label")).to_have_count(1)
    expect(page.locator(".corridor-label")).to_contain_text("Proposed Azerbaijan–Nakhchivan route (disputed)")
