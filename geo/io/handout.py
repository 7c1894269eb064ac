"""A printable handout (PDF, 1–4 pages) of the events on show: a map drawn offline and the event cards.

Built with fpdf2. The map is drawn from the data and the shipped basemap (no tiles, no network),
with numbered markers that match the numbered list. Every name is set in DejaVu Sans, shipped in
`geo/io/fonts/` (its licence is beside it), which covers Latin with the Azerbaijani letters, Armenian
and Cyrillic, so no script falls back to missing-glyph boxes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF

from geo.map.framing import INTRO, TITLE
from geo.map.style import (
    CATEGORY_STYLE,
    CONTESTED_PLACE_COLOUR,
    COUNTRY_FILL_COLOUR,
    COUNTRY_OUTLINE_COLOUR,
    MARKER_OUTLINE,
    PLACE_COLOUR,
)
from geo.model.loader import load_basemap
from geo.model.naming import NAMINGS, place_label
from geo.model.prepare import MapData, card

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "DejaVuSans"
PAGE_FORMATS = ("A4", "Letter")
MAX_PAGES = 4
MARGIN_MM = 14
FOOTER_MM = 16  # room for the attribution and method lines at the foot of every page
MAP_HEIGHT_MM = 105
MARKER_RADIUS_MM = 2.6
MIN_SPAN_DEGREES = 1.2  # a single event still shows its surroundings
# Events spread wider than this are mapped around their densest cluster (e.g. the war region, not
# the whole world for one meeting in New York); the others are named under the map.
MAX_SPAN_DEGREES = 40.0
FOCUS_RADIUS_DEGREES = 7.0
BODY_PT = 8.5
LINE_MM = 3.9
BLOCK_GAP_MM = 1.8
CLAIM_LABEL = "The article says"
METHOD_NOTE = (
    "Method: the article was read paragraph by paragraph; each dated development became one event with "
    "the paragraphs it comes from. Titles and summaries are the project's neutral wording; the article's "
    "own claims are paraphrased under “The article says”. Contested places carry both names."
)
BASEMAP_NOTE = "Country outlines: Natural Earth (public domain)."


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _is_dark(colour: str) -> bool:
    red, green, blue = _rgb(colour)
    return 0.299 * red + 0.587 * green + 0.114 * blue < 140


class _Handout(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-FOOTER_MM + 2)
        self.set_font(FONT_FAMILY, size=6.5)
        self.set_text_color(70, 70, 70)
        self.multi_cell(0, 2.8, self.footer_text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_x(self.l_margin)
        self.cell(0, 2.8, f"Page {self.page_no()} of {{nb}}", align="R")


class _Projection:
    """Longitude/latitude to page millimetres, equirectangular scaled at the view's mid latitude."""

    def __init__(self, coords: Sequence[tuple[float, float]], box: tuple[float, float, float, float]):
        self.x, self.y, self.w, self.h = box
        lats = [lat for lat, _ in coords] or [40.0]
        lons = [lon for _, lon in coords] or [47.0]
        mid_lat = (min(lats) + max(lats)) / 2
        self.kx = math.cos(math.radians(mid_lat))
        span_x = max((max(lons) - min(lons)) * self.kx, MIN_SPAN_DEGREES) * 1.25
        span_y = max(max(lats) - min(lats), MIN_SPAN_DEGREES) * 1.25
        self.scale = min(self.w / span_x, self.h / span_y)  # mm per degree
        self.centre = ((min(lons) + max(lons)) / 2 * self.kx, (min(lats) + max(lats)) / 2)

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return (
            self.x + self.w / 2 + (lon * self.kx - self.centre[0]) * self.scale,
            self.y + self.h / 2 - (lat - self.centre[1]) * self.scale,
        )

    def lon_lat_box(self) -> tuple[float, float, float, float]:
        half_w, half_h = self.w / 2 / self.scale, self.h / 2 / self.scale
        return (
            (self.centre[0] - half_w) / self.kx,
            self.centre[1] - half_h,
            (self.centre[0] + half_w) / self.kx,
            self.centre[1] + half_h,
        )


def _on_map(coords: Sequence[tuple[float, float]]) -> list[bool]:
    """Which points the map shows: all of them, or the densest cluster when they span the globe."""
    lats = [lat for lat, _ in coords]
    lons = [lon for _, lon in coords]
    if not coords or (max(lats) - min(lats) <= MAX_SPAN_DEGREES and max(lons) - min(lons) <= MAX_SPAN_DEGREES):
        return [True] * len(coords)

    def near(a: tuple[float, float], b: tuple[float, float]) -> bool:
        return math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians(a[0]))) <= FOCUS_RADIUS_DEGREES

    anchor = max(coords, key=lambda a: sum(near(a, b) for b in coords))
    return [near(anchor, point) for point in coords]


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return geometry["coordinates"]
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _draw_basemap(pdf: FPDF, project: _Projection) -> None:
    west, south, east, north = project.lon_lat_box()
    pdf.set_fill_color(*_rgb(COUNTRY_FILL_COLOUR))
    pdf.set_draw_color(*_rgb(COUNTRY_OUTLINE_COLOUR))
    pdf.set_line_width(0.2)
    for feature in load_basemap()["features"]:
        for ring in _rings(feature.get("geometry") or {}):
            lons = [p[0] for p in ring]
            lats = [p[1] for p in ring]
            if len(ring) < 3 or max(lons) < west or min(lons) > east or max(lats) < south or min(lats) > north:
                continue
            pdf.polygon([project(lat, lon) for lon, lat in ring], style="DF")


def _spread(spots: list[tuple[float, float]], radius: float) -> list[tuple[float, float]]:
    """Markers that would overlap move outward on a spiral, so every number stays readable."""
    placed: list[tuple[float, float]] = []
    for x, y in spots:
        turn = 0
        px, py = x, y
        while any(math.hypot(px - qx, py - qy) < 2 * radius + 0.3 for qx, qy in placed) and turn < 400:
            turn += 1
            angle = turn * 0.9
            distance = radius * (1.2 + 0.35 * turn**0.5 * 2)
            px, py = x + distance * math.cos(angle), y + distance * math.sin(angle)
        placed.append((px, py))
    return placed


def _draw_map(pdf: FPDF, data: MapData, rows: Sequence[int], naming: str, box) -> list[int]:
    """Draws the map; returns the numbers of the events with places beyond it."""
    events = data.events
    points = [(number, row, tuple(xy)) for number, row in enumerate(rows, start=1) for xy in events.iloc[row]["coords"]]
    shown = _on_map([xy for _, _, xy in points])
    project = _Projection([xy for (_, _, xy), on in zip(points, shown, strict=True) if on], box)
    x, y, w, h = box
    with pdf.rect_clip(x, y, w, h):
        pdf.set_fill_color(245, 248, 250)
        pdf.rect(x, y, w, h, style="F")
        _draw_basemap(pdf, project)
        # The places the events name, labelled in the chosen naming (contested ones with both names).
        place_ids = {pid for row in rows for pid in (events.iloc[row]["places"] or [])}
        place_labels = []
        for place in data.places[data.places["id"].isin(place_ids)].itertuples():
            if place.geometry is None or place.geometry.geom_type != "Point":
                continue
            px, py = project(place.geometry.y, place.geometry.x)
            if not (x <= px <= x + w and y <= py <= y + h):
                continue
            colour = CONTESTED_PLACE_COLOUR if place.contested_names else PLACE_COLOUR
            pdf.set_fill_color(*_rgb(colour))
            pdf.circle(px, py, 0.7, style="F")
            place_labels.append((px, py, colour, place_label(place.names, place.contested_names, naming)))
        spots, labels = [], []
        for (number, row, (lat, lon)), on in zip(points, shown, strict=True):
            if on:
                spots.append(project(lat, lon))
                labels.append((number, events.iloc[row]["category"]))
        pdf.set_font(FONT_FAMILY, "B", size=6.5)
        pdf.set_line_width(0.25)
        for (sx, sy), (mx, my), (number, category) in zip(spots, _spread(spots, MARKER_RADIUS_MM), labels, strict=True):
            colour = CATEGORY_STYLE[category][1]
            pdf.set_draw_color(*_rgb(MARKER_OUTLINE))
            if (mx, my) != (sx, sy):
                pdf.line(sx, sy, mx, my)
            pdf.set_fill_color(*_rgb(colour))
            pdf.circle(mx, my, MARKER_RADIUS_MM, style="DF")
            pdf.set_text_color(*((255, 255, 255) if _is_dark(colour) else (0, 0, 0)))
            text = str(number)
            pdf.text(mx - pdf.get_string_width(text) / 2, my + 0.8, text)
        # Names go over the markers, on a light backing, so crowded spots keep their names legible.
        pdf.set_font(FONT_FAMILY, size=6.5)
        for px, py, colour, label in place_labels:
            with pdf.local_context(fill_opacity=0.75):
                pdf.set_fill_color(255, 255, 255)
                pdf.rect(px + 1.0, py - 3.3, pdf.get_string_width(label) + 0.6, 3.0, style="F")
            pdf.set_text_color(*_rgb(colour))
            pdf.text(px + 1.3, py - 1.0, label)
    pdf.set_draw_color(*_rgb(COUNTRY_OUTLINE_COLOUR))
    pdf.rect(x, y, w, h)
    pdf.set_text_color(0, 0, 0)
    beyond = sorted({number for (number, _, _), on in zip(points, shown, strict=True) if not on})
    return beyond


def _lines(fields: dict) -> list[tuple[str, str, str]]:
    """The card's lines as (style, colour, text): one list drawn and measured alike."""
    lines = [
        ("B", "#000000", f"{fields['number']}. {fields['title']}"),
        # The date label itself says "approximate: month only" where the day is not known.
        ("", "#3c3c3c", f"{fields['date']} · {fields['category']}"),
    ]
    if fields["places"]:
        lines.append(("", "#000000", f"Places: {fields['places']}"))
    if fields["summary"]:
        lines.append(("", "#000000", fields["summary"]))
    if fields["claim"]:
        lines.append(("claim", CONTESTED_PLACE_COLOUR, fields["claim"]))
    if fields["casualties"]:
        lines.append(("", "#000000", f"Casualties: {fields['casualties']}"))
    if fields["sources"]:
        lines.append(("", "#3c3c3c", f"{fields['sources']} of the article"))
    return lines


def _claim_indent(pdf: FPDF) -> float:
    pdf.set_font(FONT_FAMILY, "B", size=BODY_PT)
    return pdf.get_string_width(f"{CLAIM_LABEL}: ") + 0.5


def _block_height(pdf: FPDF, lines: list[tuple[str, str, str]]) -> float:
    indent = _claim_indent(pdf)
    height = BLOCK_GAP_MM
    for style, _, text in lines:
        pdf.set_font(FONT_FAMILY, "B" if style == "B" else "", size=BODY_PT + (1 if style == "B" else 0))
        width = pdf.epw - (indent if style == "claim" else 0)
        height += pdf.multi_cell(width, LINE_MM, text, dry_run=True, output="HEIGHT")
    return height


def _draw_block(pdf: FPDF, lines: list[tuple[str, str, str]]) -> None:
    indent = _claim_indent(pdf)
    for style, colour, text in lines:
        pdf.set_text_color(*_rgb(colour))
        if style == "claim":
            pdf.set_font(FONT_FAMILY, "B", size=BODY_PT)
            pdf.cell(indent, LINE_MM, f"{CLAIM_LABEL}:")
            pdf.set_font(FONT_FAMILY, size=BODY_PT)
            pdf.multi_cell(pdf.epw - indent, LINE_MM, text, align="L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font(FONT_FAMILY, style, size=BODY_PT + (1 if style == "B" else 0))
            pdf.multi_cell(pdf.epw, LINE_MM, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(BLOCK_GAP_MM)


def build_handout(
    data: MapData,
    rows: Sequence[int],
    *,
    naming: str = "en",
    page_format: str = "A4",
    view_line: str = "",
    attribution: str | None = None,
    title: str = TITLE,
    source_line: str = INTRO,
) -> bytes:
    """The handout of the event rows on show (positions in `data.events`, listed in this order).

    `view_line` says which view this is (e.g. the date); `attribution` is the places' credit line.
    At most MAX_PAGES pages: events that do not fit are counted at the end, never cut mid-card.
    """
    if page_format not in PAGE_FORMATS:
        raise ValueError(f"Page format {page_format!r} is not one of {', '.join(PAGE_FORMATS)}.")
    if naming not in NAMINGS:
        raise ValueError(f"Naming {naming!r} is not one of {', '.join(NAMINGS)}.")
    rows = [int(row) for row in rows]
    bad = [row for row in rows if not 0 <= row < len(data.events)]
    if bad:
        raise ValueError(f"Event rows {bad[:5]!r} are not in the data ({len(data.events)} events).")

    pdf = _Handout(format=page_format)
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=FOOTER_MM + 2)
    pdf.add_font(FONT_FAMILY, "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font(FONT_FAMILY, "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_title(title)
    pdf.set_creator("Karabakh war map")
    credits = [f"Places: {attribution}"] if attribution else []
    if "Natural Earth" not in (attribution or ""):
        credits.append(load_basemap().get("attribution") or BASEMAP_NOTE)
    pdf.footer_text = " ".join([*credits, METHOD_NOTE])
    pdf.add_page()

    pdf.set_font(FONT_FAMILY, "B", size=16)
    pdf.multi_cell(pdf.epw, 7, title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, size=9)
    pdf.multi_cell(pdf.epw, 4.4, source_line, align="L", new_x="LMARGIN", new_y="NEXT")
    count = f"{len(rows)} event{'s' if len(rows) != 1 else ''} on show"
    naming_note = f"place names first in {NAMINGS[naming]}"
    pdf.set_text_color(60, 60, 60)
    pdf.multi_cell(
        pdf.epw,
        4.4,
        " · ".join(p for p in (view_line, count, naming_note) if p),
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)

    if not rows:
        pdf.multi_cell(pdf.epw, 5, "No events are on show in this view.", align="L", new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())

    # The map and its note are drawn last, when it is known which events the pages could list.
    map_box = (pdf.l_margin, pdf.get_y(), pdf.epw, MAP_HEIGHT_MM)
    note_y = map_box[1] + MAP_HEIGHT_MM + 1
    pdf.set_y(note_y + 2 * LINE_MM + 2)

    listed = 0
    for number, row in enumerate(rows, start=1):
        fields = card(data.events.iloc[row].to_dict(), data.places_by_id, naming)
        lines = _lines({**fields, "number": number})
        # Measured first, so no card is cut across pages and the page limit holds.
        if pdf.get_y() + _block_height(pdf, lines) > pdf.page_break_trigger:
            if pdf.page_no() >= MAX_PAGES:
                break
            pdf.add_page()
        _draw_block(pdf, lines)
        listed += 1
    last_page, last_y = pdf.page, pdf.get_y()
    pdf.page = 1
    beyond = _draw_map(pdf, data, rows[:listed], naming, map_box)
    pdf.set_xy(pdf.l_margin, note_y)
    pdf.set_font(FONT_FAMILY, size=BODY_PT - 1)
    pdf.set_text_color(60, 60, 60)
    note = "Numbers on the map are the events below. Drawn from the data; country outlines only, no tiles."
    if beyond:
        note += f" Events with places beyond this map: {', '.join(map(str, beyond))}."
    pdf.multi_cell(pdf.epw, LINE_MM, note, align="L", new_x="LMARGIN", new_y="NEXT", max_line_height=LINE_MM)
    pdf.set_text_color(0, 0, 0)
    pdf.page = last_page
    pdf.set_y(last_y)
    if listed < len(rows):
        pdf.set_font(FONT_FAMILY, "B", size=BODY_PT)
        pdf.multi_cell(
            pdf.epw,
            LINE_MM,
            f"Events {listed + 1}–{len(rows)} ({len(rows) - listed} more) did not fit in {MAX_PAGES} pages: "
            "narrow the view (e.g. only the last few days) to print them.",
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return bytes(pdf.output())
