"""The printable handout: read back as text and as an image, the way a teacher would check it."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont

from bench.synthetic import write_dataset
from geo.io.handout import FONT_DIR, MAX_PAGES, build_handout
from geo.map.framing import INTRO, TITLE
from geo.map.style import CATEGORY_STYLE
from geo.model.loader import PLACES_PATH, load_dataset, read_geojson
from geo.model.naming import NAMINGS, place_label
from geo.model.prepare import card, prepare

MM_PER_POINT = 25.4 / 72


@pytest.fixture(scope="module")
def data():
    return prepare(load_dataset())


def pdf_pages(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def flat(text: str) -> str:
    """Text with line breaks as spaces: a long name may wrap."""
    return " ".join(text.split())


def test_every_event_on_show_is_listed_with_its_fields(data) -> None:
    rows = np.flatnonzero(data.era_is_war)
    pages = pdf_pages(build_handout(data, rows, view_line="Up to 11 January 2021"))
    text = flat("\n".join(pages))

    assert 1 <= len(pages) <= MAX_PAGES
    assert TITLE in text
    assert flat(INTRO) in text
    assert "Up to 11 January 2021" in text
    for number, row in enumerate(rows, start=1):
        fields = card(data.events.iloc[row].to_dict(), data.places_by_id)
        assert f"{number}. {flat(fields['title'])}" in text
        assert flat(fields["date"]) in text
        assert flat(fields["summary"]) in text
        assert flat(fields["sources"]) in text
        if fields["claim"]:
            # Attributed once: a claim that names the article keeps its own words, others get the label.
            attributed = fields["claim"].startswith("The article")
            assert (flat(fields["claim"]) if attributed else f"The article says: {flat(fields['claim'])}") in text
        if fields["casualties"]:
            assert flat(fields["casualties"]) in text
    assert "The article says: The article" not in text
    assert "Reported by:" in text  # the Barda strike's figures say who gave them
    assert "GeoNames" in read_geojson(PLACES_PATH)["attribution"]


def test_background_events_are_not_in_the_war_handout(data) -> None:
    text = flat("\n".join(pdf_pages(build_handout(data, np.flatnonzero(data.era_is_war)))))
    for title in data.events.loc[~data.era_is_war, "title"]:
        assert flat(title) not in text


@pytest.mark.parametrize("naming", list(NAMINGS))
def test_contested_places_carry_both_names_in_every_naming(data, naming: str) -> None:
    rows = np.flatnonzero(data.era_is_war)
    text = flat("\n".join(pdf_pages(build_handout(data, rows, naming=naming))))
    named = {pid for row in rows for pid in data.events.iloc[row]["places"]}
    contested = data.places[data.places["contested_names"].notna() & data.places["id"].isin(named)]

    assert len(contested) >= 4
    for place in contested.itertuples():
        label = place_label(place.names, place.contested_names, naming)
        assert " / " in label
        assert label in text, label
    assert f"place names first in {NAMINGS[naming]}" in text


def test_every_script_of_the_names_has_a_glyph_in_the_shipped_font(data) -> None:
    """No missing-glyph boxes: each character of every name in every language is in the font."""
    names = " ".join(
        f"{name} {' '.join((place.contested_names or {}).values())}"
        for place in data.places.itertuples()
        for name in (place.names or {}).values()
    )
    for font in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        cmap = TTFont(FONT_DIR / font).getBestCmap()
        missing = sorted({c for c in names if not c.isspace() and ord(c) not in cmap})
        assert missing == [], f"{font} lacks {missing!r}"
    assert {"ə", "Ş", "ğ"} <= set(names)  # Azerbaijani Latin
    assert any("\u0531" <= c <= "\u058f" for c in names)  # Armenian
    assert any("\u0400" <= c <= "\u04ff" for c in names)  # Cyrillic
    assert (FONT_DIR / "LICENSE").read_text(encoding="utf-8").count("Bitstream") >= 2


def test_armenian_and_azerbaijani_names_come_out_of_the_pdf_as_written(data) -> None:
    rows = np.flatnonzero(data.era_is_war)
    armenian = flat("\n".join(pdf_pages(build_handout(data, rows, naming="hy"))))
    azerbaijani = flat("\n".join(pdf_pages(build_handout(data, rows, naming="az"))))
    assert "Շուշի (Shushi) / Shusha" in armenian
    assert "Şuşa (Shusha) / Shushi" in azerbaijani
    assert "Kəlbəcər (Kalbajar) / Karvachar" in azerbaijani


@pytest.mark.parametrize(("page_format", "size_mm"), [("A4", (210, 297)), ("Letter", (215.9, 279.4))])
def test_page_format(data, page_format: str, size_mm: tuple[float, float]) -> None:
    document = pdfium.PdfDocument(build_handout(data, np.flatnonzero(data.era_is_war), page_format=page_format))
    width, height = document[0].get_size()
    assert (round(width * MM_PER_POINT, 1), round(height * MM_PER_POINT, 1)) == pytest.approx(size_mm, abs=0.2)
    assert 1 <= len(document) <= MAX_PAGES


def test_many_events_stay_within_four_pages_and_say_what_was_left_out(tmp_path) -> None:
    write_dataset(tmp_path, 300)
    many = prepare(load_dataset(tmp_path / "places.geojson", tmp_path / "events.geojson"))
    rows = np.arange(len(many.events))
    pages = pdf_pages(build_handout(many, rows))
    text = flat("\n".join(pages))

    assert len(pages) == MAX_PAGES
    assert "did not fit in 4 pages" in text
    assert "1. " in text and f"{len(rows)}. " not in text


def test_no_events_gives_one_page_that_says_so(data) -> None:
    pages = pdf_pages(build_handout(data, []))
    assert len(pages) == 1
    assert "No events are on show in this view." in pages[0]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"page_format": "A3"}, "'A3'"),
        ({"page_format": ""}, "''"),
        ({"naming": "fr"}, "'fr'"),
        ({"rows": [0, 999]}, "[999]"),
        ({"rows": [-1]}, "[-1]"),
    ],
)
def test_bad_options_are_refused_naming_the_value(data, kwargs: dict, message: str) -> None:
    rows = kwargs.pop("rows", [0, 1])
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        build_handout(data, rows, **kwargs)


def test_first_page_shows_the_map_with_numbered_markers(data, tmp_path) -> None:
    """The first page as an image: the map box holds the colours of the war region's markers (strikes
    on towns, ceasefires, territorial changes); the meetings far away are on an overview beside it."""
    rows = np.flatnonzero(data.era_is_war)
    document = pdfium.PdfDocument(build_handout(data, rows))
    image = document[0].render(scale=2).to_pil().convert("RGB")
    image.save(tmp_path / "handout-page-1.png")
    assert "The left map is the framed box on the right one" in flat(document[0].get_textpage().get_text_range())
    width, height = image.size
    map_area = np.asarray(image.crop((0, int(height * 0.1), width, int(height * 0.5))))
    colours = {tuple(int(v) for v in pixel) for pixel in map_area.reshape(-1, 3)[::3]}

    for category in ("strike", "ceasefire", "territorial-change"):
        hex_colour = CATEGORY_STYLE[category][1].lstrip("#")
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
        assert any(sum(abs(a - b) for a, b in zip(rgb, c, strict=True)) < 12 for c in colours), category
