"""The handout as a teacher prints it, in the real browser: the slide handout says before printing
which slides it can hold, and the PDF (built in a child process on the server) names exactly those
slides, in the naming the presentation shows, its map with the areas as they stood on the last
printed slide's date."""

from pathlib import Path

import pypdfium2 as pdfium
from helpers import open_popover
from playwright.sync_api import Page, expect

from geo.model.loader import load_dataset
from geo.model.prepare import format_day, prepare

SLIDES = prepare(load_dataset()).events
TOTAL = len(SLIDES)


def pdf_text(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    return [" ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]


def test_the_slide_handout_says_what_it_holds_and_prints_just_that(page: Page, app_url: str, tmp_path: Path) -> None:
    page.goto(f"{app_url}/?mode=present&step={TOTAL}&names=hy")
    open_popover(page, "Print the slides")  # one line above the card
    notice = page.get_by_text(f"Slides 1–{TOTAL} do not all fit in 4 pages")
    expect(notice).to_be_visible(timeout=60_000)
    held = int(notice.inner_text().split("this handout holds slides 1–")[1].split(".")[0])
    assert 1 <= held < TOTAL

    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Handout (PDF)").click()
    download.value.save_as(tmp_path / "handout.pdf")
    pages = pdf_text(tmp_path / "handout.pdf")

    assert 1 <= len(pages) <= 4
    assert f"Slides 1–{held} of {TOTAL} · {held} events · place names first in Armenian" in pages[0]
    assert f"{held}. " in " ".join(pages) and f"{held + 1}. " not in " ".join(pages)
    assert "did not fit" not in " ".join(pages)  # the handout holds all it names
    assert f"Shaded: areas as they stood on {format_day(SLIDES.iloc[held - 1]['start'])}" in pages[0]
    assert "Ակնա (Akna) / Aghdam" in pages[0]  # the areas' legend in the presentation's naming
