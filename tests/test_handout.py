"""The printable handout: read back as text and as an image, the way a teacher would check it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from fpdf.fonts import TTFFont

import geo.io.handout as handout_module
from bench.synthetic import write_dataset, write_point_dataset
from geo.io.area_upload import parse_area_upload
from geo.io.handout import (
    FONT_DIR,
    MAX_BUILDS,
    MAX_FIELD_CHARS,
    MAX_PAGES,
    PAGE_FORMATS,
    build_handout,
    build_handout_within,
    handout_fit,
    notice_pdf,
)
from geo.io.handout_map import lon_range
from geo.map.framing import INTRO, SOURCE_LINE, TITLE
from geo.map.style import AREA_STYLE, CATEGORY_STYLE, COUNTRY_FILL_COLOUR, HANDOUT_AREA_OPACITY_SHARE
from geo.model.loader import PLACES_PATH, load_areas, load_dataset, read_geojson
from geo.model.naming import NAMINGS, place_label
from geo.model.prepare import card, in_language, prepare

MM_PER_POINT = 25.4 / 72
REPO = Path(__file__).resolve().parent.parent


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


def dataset_with(tmp_path, count: int, change) -> object:
    """`count` synthetic events, each passed through `change(index, feature)` before loading."""
    write_dataset(tmp_path, count)
    events_path = tmp_path / "events.geojson"
    events = json.loads(events_path.read_text(encoding="utf-8"))
    for index, feature in enumerate(events["features"]):
        change(index, feature)
    events_path.write_text(json.dumps(events), encoding="utf-8")
    return prepare(load_dataset(tmp_path / "places.geojson", events_path))


def map_text(page) -> str:
    """The text drawn inside the map area of a first page (marker numbers and place labels)."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    return textpage.get_text_bounded(left=0, bottom=height * 0.45, right=width, top=height * 0.82)


def test_fields_of_4000_characters_are_cut_in_print_and_the_handout_says_so(tmp_path) -> None:
    long_text = ("A long sentence of an uploaded summary, written to fill the field. " * 70)[:4000]

    def lengthen(_, feature) -> None:
        feature["properties"].update(summary=long_text, source_claim=long_text, title=long_text[:400])

    many = dataset_with(tmp_path, 12, lengthen)
    rows = np.arange(len(many.events))
    pages = pdf_pages(build_handout(many, rows))
    text = flat("\n".join(pages))

    assert len(pages) <= MAX_PAGES
    assert f"Long fields are cut at {MAX_FIELD_CHARS} characters in print" in text
    assert "… [cut]" in text
    assert long_text not in text


def test_characters_the_font_lacks_are_shown_as_boxes_and_named(tmp_path) -> None:
    def foreign(index, feature) -> None:
        if index == 0:
            feature["properties"]["title"] = "会议 in Baku 🎉"

    data = dataset_with(tmp_path, 3, foreign)
    text = flat("\n".join(pdf_pages(build_handout(data, range(3)))))
    assert "□□ in Baku □" in text
    assert "cannot be printed with this handout's font" in text
    assert "U+4F1A" in text and "U+1F389" in text  # 会 and 🎉, named by code point
    assert "shown as □" in text


def test_hebrew_and_arabic_read_right_to_left(tmp_path) -> None:
    """Shaped with uharfbuzz: a word's first letter is printed rightmost, as it is read."""

    def right_to_left(index, feature) -> None:
        if index == 0:
            feature["properties"]["summary"] = "Named שלום and سلام in the upload."

    data = dataset_with(tmp_path, 2, right_to_left)
    page = pdfium.PdfDocument(build_handout(data, range(2)))[0]
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    boxes = {}
    for index, char in enumerate(text):
        if char in "שםسم":
            boxes.setdefault(char, textpage.get_charbox(index)[0])
    assert set(boxes) == set("שםسم"), text
    assert boxes["ש"] > boxes["ם"]  # first letter right of the last
    assert boxes["س"] > boxes["م"]


@pytest.mark.parametrize(
    ("points", "what"),
    [
        ([[179.8, 10.0], [-179.7, 10.5]], "across the antimeridian"),
        ([[170.0, 89.9], [-10.0, 89.95]], "at the North Pole"),
        ([[0.0, -90.0], [45.0, -89.0]], "at the South Pole"),
    ],
)
def test_points_near_the_antimeridian_and_the_poles_are_both_on_the_map(tmp_path, points, what) -> None:
    def place(index, feature) -> None:
        feature["geometry"] = {"type": "Point", "coordinates": points[index]}

    data = dataset_with(tmp_path, 2, place)
    document = pdfium.PdfDocument(build_handout(data, range(2)))
    drawn = map_text(document[0])
    assert "1" in drawn and "2" in drawn, what
    assert "no place to map" not in flat(document[0].get_textpage().get_text_range())
    west, east = lon_range([lon for lon, _ in points])
    assert east - west < 181


def test_longitude_range_is_the_shortest_arc() -> None:
    assert lon_range([179.0, -179.0]) == (179.0, 181.0)
    assert lon_range([-10.0, 20.0, 5.0]) == (-10.0, 20.0)
    assert lon_range([47.0]) == (47.0, 47.0)


def test_slides_1_to_5_map_every_numbered_event(data) -> None:
    """The first five slides span Europe, Africa and the Caucasus: every number is on a map."""
    document = pdfium.PdfDocument(build_handout(data, range(5)))
    drawn = map_text(document[0]).split()
    for number in range(1, 6):
        if data.events.iloc[number - 1]["coords"]:
            assert str(number) in drawn, (number, drawn)


def test_map_labels_are_the_lists_names_and_no_label_covers_a_marker(data) -> None:
    rows = np.flatnonzero(data.era_is_war)
    page = pdfium.PdfDocument(build_handout(data, rows, naming="hy"))[0]
    assert "Գանձակ (Gəncə)" in flat(map_text(page))
    textpage = page.get_textpage()
    width, height = page.get_size()
    digits, letters = [], []
    for index, char in enumerate(textpage.get_text_range()):
        left, bottom, right, top = textpage.get_charbox(index)
        if not (height * 0.45 < bottom and top < height * 0.82) or char.isspace():
            continue
        (digits if char.isdigit() else letters).append((left, bottom, right, top))
    assert digits and letters

    def overlap(a, b) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    assert not [d for d in digits if any(overlap(d, letter) for letter in letters)]


def test_every_page_says_whose_account_it_is(data) -> None:
    pages = pdf_pages(build_handout(data, np.flatnonzero(data.era_is_war)))
    assert len(pages) > 1
    for page in pages:
        assert flat(SOURCE_LINE) in flat(page)


def test_an_upload_at_the_points_limit_makes_a_handout(tmp_path) -> None:
    """50,000 points (the upload limit): the build is linear in them, so this finishes in seconds."""
    write_point_dataset(tmp_path, 50_000)
    data = prepare(load_dataset(tmp_path / "places.geojson", tmp_path / "events.geojson"))
    document = pdfium.PdfDocument(build_handout(data, range(len(data.events))))
    assert 1 <= len(document) <= MAX_PAGES
    assert "1" in map_text(document[0]).split()


@pytest.mark.parametrize("page_format", PAGE_FORMATS)
@pytest.mark.parametrize("first", [0, 5, 9, 12, 17])
def test_the_fit_is_what_the_handout_lists(data, first: int, page_format: str) -> None:
    """The fit is measured without drawing (no header text, no footer, one pass when all fit): it
    must still say what the printed handout lists, over one page or several."""
    rows = list(range(first, len(data.events)))
    fits = handout_fit(data, rows, page_format=page_format)
    pages = pdf_pages(build_handout(data, rows, page_format=page_format))
    text = flat("\n".join(pages))
    assert 1 <= fits <= len(rows)
    assert f"{fits}. " in text
    if fits < len(rows):
        assert f"{fits + 1}. " not in text
        assert "did not fit in 4 pages" in flat(pages[0])  # said on the first page, under the map


def test_a_build_in_the_child_process_gives_the_handout(data) -> None:
    rows = np.flatnonzero(data.era_is_war)
    pages = pdf_pages(build_handout_within(data, rows, 60, naming="az", page_format="Letter"))
    assert flat("\n".join(pages)).count("Şuşa (Shusha) / Shushi") >= 1
    assert multiprocessing.active_children() == []


def test_a_build_over_its_budget_is_stopped_and_says_why(tmp_path) -> None:
    write_point_dataset(tmp_path, 50_000)
    data = prepare(load_dataset(tmp_path / "places.geojson", tmp_path / "events.geojson"))
    pages = pdf_pages(build_handout_within(data, range(len(data.events)), 0.01))
    assert len(pages) == 1
    assert "This handout took too long to make: it was stopped after 0.01 s" in flat(pages[0])
    assert multiprocessing.active_children() == []


def test_no_more_than_the_limit_of_builds_run_at_once(data) -> None:
    for _ in range(MAX_BUILDS):
        assert handout_module._builds.acquire(timeout=1)
    try:
        pages = pdf_pages(build_handout_within(data, [0], 0.2))
    finally:
        for _ in range(MAX_BUILDS):
            handout_module._builds.release()
    assert "The server is busy making other handouts" in flat(pages[0])


SIGTERM_SCRIPT = """
import signal, sys, threading, time
from concurrent.futures import ThreadPoolExecutor
from geo.text.budget import run_within

def spin():
    while True:
        pass

signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
pool = ThreadPoolExecutor(1)  # as Streamlit runs a download's callable (asyncio.to_thread)
pool.submit(run_within, spin, (), 600, slots=threading.BoundedSemaphore(1))
while not __import__("multiprocessing").active_children():
    time.sleep(0.05)
print(__import__("multiprocessing").active_children()[0].pid, flush=True)
while True:  # the main thread wakes now and then, as the server's event loop does, to run the handler
    time.sleep(0.1)
"""


def test_the_server_stops_on_sigterm_during_a_build() -> None:
    """A SIGTERM while a child builds: the waiting thread gives up and the child is killed, so the
    process exits instead of waiting out the build's budget (600 s here)."""
    server = subprocess.Popen([sys.executable, "-c", SIGTERM_SCRIPT], cwd=REPO, stdout=subprocess.PIPE, text=True)
    child = int(server.stdout.readline())
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=60) == 0
    with pytest.raises(ProcessLookupError):  # killed and reaped before its parent exited
        os.kill(child, 0)


@pytest.mark.parametrize(("value", "seconds"), [(None, 30.0), ("", 30.0), ("  ", 30.0), ("5", 5.0), ("0.5", 0.5)])
def test_the_build_budget_comes_from_the_environment(monkeypatch, value, seconds: float) -> None:
    if value is None:
        monkeypatch.delenv("HANDOUT_SECONDS", raising=False)
    else:
        monkeypatch.setenv("HANDOUT_SECONDS", value)
    assert handout_module.budget_seconds() == seconds


@pytest.mark.parametrize("value", ["0", "-3", "soon", "nan", "inf"])
def test_a_bad_build_budget_is_refused_naming_the_value(monkeypatch, value: str) -> None:
    monkeypatch.setenv("HANDOUT_SECONDS", value)
    with pytest.raises(ValueError, match=f"HANDOUT_SECONDS='{value}'"):
        handout_module.budget_seconds()


def war_rows_to(data, day: dt.date) -> np.ndarray:
    """The war's events up to `day`, as the dashboard lists them at that date."""
    return np.flatnonzero(data.era_is_war & (data.events["start"] <= day).to_numpy())


def area_fill_pixels(page, status: str) -> int:
    """How many pixels of the map box have the status's printed fill over a country (its colour at
    the handout's opacity over the basemap's grey), in the page rendered at 2x."""
    image = np.asarray(page.render(scale=2).to_pil().convert("RGB")).astype(int)
    height = image.shape[0]
    pixels = image[int(height * 0.1) : int(height * 0.55)].reshape(-1, 3)

    def rgb(colour: str) -> np.ndarray:
        return np.array([int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)])

    opacity = AREA_STYLE[status]["opacity"] * HANDOUT_AREA_OPACITY_SHARE
    printed = opacity * rgb(AREA_STYLE[status]["fill"]) + (1 - opacity) * rgb(COUNTRY_FILL_COLOUR)
    return int((np.abs(pixels - printed).sum(axis=1) < 6).sum())


def area_legend_of(page) -> str:
    text = flat(page.get_textpage().get_text_range())
    assert "Shaded: areas as they stood on" in text
    return text[text.index("Shaded: areas") :]


@pytest.mark.parametrize(
    ("day", "aghdam_under", "not_under", "fill"),
    [
        (
            dt.date(2020, 11, 21),
            "Passed to Azerbaijani control: Aghdam / Akna (20 November 2020)",
            "Fighting",
            "handed-over",
        ),
        (dt.date(2020, 11, 9), "Fighting; no front line drawn: ", "Passed to Azerbaijani control", "fighting"),
    ],
)
def test_the_map_draws_the_areas_as_they_stood_on_the_views_date(data, tmp_path, day, aghdam_under, not_under, fill):
    """On 21 November Aghdam / Akna has passed to Azerbaijani control (its fill is on the map, the legend says so); on
    9 November it is still held from before the war, with fighting (and no district has passed yet)."""
    page = pdfium.PdfDocument(build_handout(data, war_rows_to(data, day), areas_on=day))[0]
    page.render(scale=2).to_pil().save(tmp_path / f"handout-areas-{day}.png")
    legend = area_legend_of(page)

    assert f"as they stood on {day.day} November 2020" in legend
    assert aghdam_under in legend
    assert "Aghdam / Akna" in legend.split(aghdam_under.split(":")[0])[1].split(";")[0]
    assert not_under not in legend.split("District-level")[0]
    assert "Drawn at district level: approximate." in legend
    assert "geoBoundaries" in legend and "10 November 2020 statement" in legend  # the source
    assert area_fill_pixels(page, fill) > 200
    if fill == "fighting":
        assert area_fill_pixels(page, "handed-over") == 0


def test_without_a_date_the_map_has_no_areas(data) -> None:
    page = pdfium.PdfDocument(build_handout(data, war_rows_to(data, dt.date(2020, 11, 21))))[0]
    assert "Shaded:" not in flat(page.get_textpage().get_text_range())
    assert area_fill_pixels(page, "handed-over") == 0


@pytest.mark.parametrize("naming", list(NAMINGS))
def test_contested_areas_carry_both_names_in_the_chosen_naming(data, naming: str) -> None:
    day = dt.date(2020, 11, 21)
    page = pdfium.PdfDocument(build_handout(data, war_rows_to(data, day), naming=naming, areas_on=day))[0]
    legend = area_legend_of(page)
    for area_id, (az, hy) in {"aghdam": ("Aghdam", "Akna"), "kalbajar": ("Kalbajar", "Karvachar")}.items():
        area = next(area for area in load_areas() if area.id == area_id)
        label = place_label(area.names, area.contested_names, naming)
        assert az in label and hy in label
        assert label in legend, (naming, label)


def test_markers_stay_readable_over_the_areas(data) -> None:
    """Markers are drawn above the areas: every number of the war region is still in the map's text
    and no area's name covers one."""
    day = dt.date(2020, 11, 21)
    rows = war_rows_to(data, day)
    page = pdfium.PdfDocument(build_handout(data, rows, areas_on=day))[0]
    textpage = page.get_textpage()
    width, height = page.get_size()
    digits, letters = [], []
    for index, char in enumerate(textpage.get_text_range()):
        left, bottom, right, top = textpage.get_charbox(index)
        if not (height * 0.45 < bottom and top < height * 0.82) or char.isspace():
            continue
        (digits if char.isdigit() else letters).append((left, bottom, right, top))
    assert digits and letters

    def overlap(a, b) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    assert not [d for d in digits if any(overlap(d, letter) for letter in letters)]
    drawn = map_text(page).split()
    for number, row in enumerate(rows, start=1):
        if data.events.iloc[row]["coords"]:
            assert str(number) in drawn, number


def uploaded_area(*rings: list) -> tuple:
    """The areas of an uploaded file of one polygon (its outer ring, then any holes)."""
    props = {"id": "south", "name": "South Hills", "start": "2020-11-10"}
    props |= {"status": "held by side A", "source": "A report of 11 November 2020"}
    feature = {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": list(rings)}}
    upload = parse_area_upload(json.dumps({"type": "FeatureCollection", "features": [feature]}).encode(), "a.geojson")
    assert upload.problems == ()
    return upload.areas


OUTER = [[45.6, 39.6], [46.6, 39.6], [46.6, 40.4], [45.6, 40.4], [45.6, 39.6]]
HOLE = [[45.8, 39.8], [45.8, 40.2], [46.4, 40.2], [46.4, 39.8], [45.8, 39.8]]  # 30% of the outer ring


def test_an_uploaded_areas_hole_is_left_unshaded(data) -> None:
    day = dt.date(2020, 11, 21)
    rows = war_rows_to(data, day)

    def shaded(*rings) -> int:
        with_areas = dataclasses.replace(data, areas=uploaded_area(*rings))
        return area_fill_pixels(pdfium.PdfDocument(build_handout(with_areas, rows, areas_on=day))[0], "other")

    whole, holed = shaded(OUTER), shaded(OUTER, HOLE)
    assert holed > 100
    assert holed < whole * 0.85  # the hole is not shaded


def test_uploaded_areas_shown_in_the_session_are_on_the_handouts_map(data) -> None:
    """An upload's areas (beside the war's) are drawn too, in the file's words and with its source."""
    square = [[46.0, 39.0], [46.5, 39.0], [46.5, 39.5], [46.0, 39.5], [46.0, 39.0]]
    with_areas = dataclasses.replace(data, areas=(*load_areas(), *uploaded_area(square)))
    day = dt.date(2020, 11, 21)
    page = pdfium.PdfDocument(build_handout(with_areas, war_rows_to(data, day), areas_on=day))[0]
    legend = area_legend_of(page)
    assert "held by side A: South Hills" in legend
    assert "A report of 11 November 2020" in legend
    assert "Aghdam / Akna" in legend
    assert area_fill_pixels(page, "other") > 50


@pytest.mark.parametrize("day", [dt.date(2020, 11, 21), dt.date(2021, 1, 11)])
def test_the_areas_legend_costs_no_events(data, day: dt.date) -> None:
    """The map is shorter by the legend's room: the handout lists as many events with areas as without
    (all the war's at its end), and the fit says what it lists."""
    rows = list(war_rows_to(data, day))
    fits = handout_fit(data, rows, areas_on=day)
    text = flat("\n".join(pdf_pages(build_handout(data, rows, areas_on=day))))
    assert fits == handout_fit(data, rows) == len(rows)
    assert f"{fits}. " in text and "did not fit" not in text


def test_a_handout_in_russian_lists_the_russian_texts_and_keeps_the_claims_own_marker(data) -> None:
    """The handout prints the frame it is given: the dashboard gives it the reader's language
    (geo.model.prepare.in_language). A translated claim opens with its own marker and names the
    article, so it gets no second "The article says" label."""
    russian = in_language(data, "ru")
    row = int(np.flatnonzero(russian.events["id"] == "azerbaijani-forces-take-shusha")[0])
    event = russian.events.iloc[row]
    text = flat("\n".join(pdf_pages(build_handout(russian, [row]))))
    assert f"1. {flat(event['title'])}" in text and "Шуша / Шуши" in event["title"]
    assert flat(event["summary"]) in text
    assert flat(event["source_claim"]) in text and event["source_claim"].startswith("[Перевод")
    assert "The article says: [" not in text


def test_measuring_many_views_keeps_no_pdf_in_memory(data) -> None:
    """The dashboard asks how much of a handout fits on every view: the fonts of the PDFs laid out
    for that must not stay in memory (fpdf2's glyph memo kept them all: ~6 MB per slider step)."""
    handout_fit(data, range(len(data.events)))  # the first layout loads what stays (the line measurer)
    gc.collect()
    before = sum(isinstance(thing, TTFFont) for thing in gc.get_objects())
    for last in range(5, 10):
        handout_fit(data, range(last))
    notice_pdf("A notice.")
    gc.collect()
    assert sum(isinstance(thing, TTFFont) for thing in gc.get_objects()) == before
