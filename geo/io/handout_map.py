"""The handout's offline map: country outlines, the places the events name, numbered markers.

Every step is linear in the points (or bounded by the map's resolution), so an upload at the points
limit draws as quickly as the article: the framing bins points on a grid instead of comparing every
pair, each event's points are merged at the size of a marker (a few markers per event, the rest
drawn as dots merged to a millimetre), and markers and labels find free room through a grid of
occupied cells. Areas of control are drawn as they stood on the view's date, paler than on screen,
under the places and markers; each polygon's outline is merged to the print's resolution (linear in
its vertices). Longitudes wrap (a view across the antimeridian is one view) and latitudes stop
short of the poles, where the projection would divide by zero.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from fpdf import FPDF
from fpdf.enums import PathPaintRule

from geo.map.framing import WAR_AREAS_SOURCE
from geo.map.style import (
    AREA_STYLE,
    CATEGORY_STYLE,
    CONTESTED_PLACE_COLOUR,
    COUNTRY_FILL_COLOUR,
    COUNTRY_OUTLINE_COLOUR,
    HANDOUT_AREA_DASH_MM,
    HANDOUT_AREA_LABEL_COLOUR,
    HANDOUT_AREA_OPACITY_SHARE,
    HANDOUT_AREA_OUTLINE_MM,
    MARKER_OUTLINE,
    PLACE_COLOUR,
)
from geo.model.areas import Area, State
from geo.model.i18n import DEFAULT_LANGUAGE, N_, Texts, texts
from geo.model.loader import load_areas, load_basemap
from geo.model.naming import place_label
from geo.model.prepare import MapData, label_of

FONT_FAMILY = "DejaVuSans"
MARKER_RADIUS_MM = 2.6
LABEL_PT = 6.5
# How far a label may sit from its dot: beside it, past a marker on it, then (with a leader line) farther.
LABEL_GAPS_MM = (1.0, MARKER_RADIUS_MM + 0.6, 2 * MARKER_RADIUS_MM + 1.2, 3 * MARKER_RADIUS_MM + 2.0, 12.0)
AREA_LABEL_GAPS_MM = LABEL_GAPS_MM[:2]  # an area's name stays on or beside its label point, never far off
MIN_SPAN_DEGREES = 1.2  # a single event still shows its surroundings
# Events spread wider than this get two maps: their densest cluster (e.g. the war region) beside
# an overview of them all (e.g. a meeting in New York), so every numbered event is on a map.
MAX_SPAN_DEGREES = 40.0
FOCUS_CELL_DEGREES = 7.0
FOCUS_RADIUS_DEGREES = 7.0
MAX_LATITUDE = 85.0  # the map stops short of the poles
MARKERS_PER_EVENT = 12  # more points of one event are drawn as dots
DOT_CELL_MM = 1.0  # an event's extra points merged to this resolution
OUTLINE_STEP_MM = 0.4  # country outlines simplified to this resolution
OVERVIEW_SHARE = 0.36  # of the map's width, when there are two maps
MAP_GAP_MM = 3.0

Box = tuple[float, float, float, float]  # x, y, width, height in mm


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _is_dark(colour: str) -> bool:
    red, green, blue = _rgb(colour)
    return 0.299 * red + 0.587 * green + 0.114 * blue < 140


def _wrap(lon: float, centre: float) -> float:
    """The copy of `lon` (±360°) nearest `centre`."""
    return centre + (lon - centre + 180.0) % 360.0 - 180.0


def lon_range(lons: Sequence[float]) -> tuple[float, float]:
    """(west, east) of the shortest arc holding every longitude; east may pass 180 (e.g. 170, 190)."""
    values = np.unique(np.mod(np.asarray(lons, dtype=float) + 180.0, 360.0) - 180.0)
    if len(values) == 1:
        return float(values[0]), float(values[0])
    gaps = np.diff(np.append(values, values[0] + 360.0))
    widest = int(np.argmax(gaps))  # the arc leaves out the widest gap between neighbours
    if widest == len(values) - 1:
        return float(values[0]), float(values[-1])
    return float(values[widest + 1]), float(values[widest] + 360.0)


class Projection:
    """Longitude/latitude to page millimetres, equirectangular scaled at the view's mid latitude."""

    def __init__(self, coords: Sequence[tuple[float, float]], box: Box):
        self.x, self.y, self.w, self.h = box
        lats = [max(-MAX_LATITUDE, min(MAX_LATITUDE, lat)) for lat, _ in coords] or [40.0]
        west, east = lon_range([lon for _, lon in coords] or [47.0])
        south, north = min(lats), max(lats)
        mid_lat = (south + north) / 2
        self.kx = math.cos(math.radians(mid_lat))  # ≥ cos(85°): never zero
        span_x = max((east - west) * self.kx, MIN_SPAN_DEGREES) * 1.25
        span_y = max(north - south, MIN_SPAN_DEGREES) * 1.25
        self.scale = min(self.w / span_x, self.h / span_y)  # mm per degree
        self.centre_lon = (west + east) / 2
        self.centre_lat = (south + north) / 2

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
        return (
            self.x + self.w / 2 + (_wrap(lon, self.centre_lon) - self.centre_lon) * self.kx * self.scale,
            self.y + self.h / 2 - (lat - self.centre_lat) * self.scale,
        )

    def inside(self, px: float, py: float, margin: float = 0.0) -> bool:
        return self.x + margin <= px <= self.x + self.w - margin and self.y + margin <= py <= self.y + self.h - margin

    def lon_lat_box(self) -> tuple[float, float, float, float]:
        half_w, half_h = self.w / 2 / self.scale / self.kx, self.h / 2 / self.scale
        return self.centre_lon - half_w, self.centre_lat - half_h, self.centre_lon + half_w, self.centre_lat + half_h


class _Occupied:
    """Rectangles already drawn, on a grid of cells, so a free spot is found without a pass over all."""

    def __init__(self, cell: float):
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = defaultdict(list)

    def _keys(self, box: Box) -> Iterable[tuple[int, int]]:
        x, y, w, h = box
        for i in range(math.floor(x / self.cell), math.floor((x + w) / self.cell) + 1):
            for j in range(math.floor(y / self.cell), math.floor((y + h) / self.cell) + 1):
                yield i, j

    def hits(self, box: Box) -> bool:
        x, y, w, h = box
        return any(
            x < ox + ow and ox < x + w and y < oy + oh and oy < y + h
            for key in self._keys(box)
            for ox, oy, ow, oh in self.cells.get(key, ())
        )

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells[key].append(box)


@dataclass
class _Event:
    number: int
    category: str
    points: list[tuple[float, float]]  # (lat, lon)
    places: list[str]  # the ids of the places it names


def _focus(events: list[_Event]) -> set[tuple[float, float]] | None:
    """The points of the densest cluster when the events span more than MAX_SPAN_DEGREES, else None.

    Events (not points: one event of a thousand points is one event) are counted on a grid of
    FOCUS_CELL_DEGREES; in the cell with the most events in its 3×3 block, the median point is the
    cluster's centre, and the cluster is every point within FOCUS_RADIUS_DEGREES of it."""
    points = [xy for event in events for xy in event.points]
    lats = [lat for lat, _ in points]
    west, east = lon_range([lon for _, lon in points])
    if max(lats) - min(lats) <= MAX_SPAN_DEGREES and east - west <= MAX_SPAN_DEGREES:
        return None

    def cell(lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / FOCUS_CELL_DEGREES), math.floor(((lon + 180) % 360) / FOCUS_CELL_DEGREES)

    columns = math.ceil(360 / FOCUS_CELL_DEGREES)
    events_in: dict[tuple[int, int], int] = defaultdict(int)
    for event in events:
        for key in {cell(lat, lon) for lat, lon in event.points}:
            events_in[key] += 1

    def block(key: tuple[int, int]) -> list[tuple[int, int]]:
        return [(key[0] + i, (key[1] + j) % columns) for i in (-1, 0, 1) for j in (-1, 0, 1)]

    best = max(events_in, key=lambda key: (sum(events_in.get(k, 0) for k in block(key)), events_in[key]))
    inside = [xy for xy in points if cell(*xy) == best]
    centre_lat = float(np.median([lat for lat, _ in inside]))
    centre_lon = float(np.median([_wrap(lon, inside[0][1]) for _, lon in inside]))
    scale = math.cos(math.radians(centre_lat))

    def near(lat: float, lon: float) -> bool:
        return math.hypot(lat - centre_lat, (_wrap(lon, centre_lon) - centre_lon) * scale) <= FOCUS_RADIUS_DEGREES

    return {xy for xy in points if near(*xy)}


def _outline(project: Projection, ring: list[list[float]]) -> list[tuple[float, float]]:
    """A ring on the page, its points merged to OUTLINE_STEP_MM (the print's resolution)."""
    centre = _wrap(sum(p[0] for p in ring) / len(ring), project.centre_lon)
    shift = centre - sum(p[0] for p in ring) / len(ring)  # the whole ring moves, so none tears
    drawn: list[tuple[float, float]] = []
    for lon, lat, *_ in ring:
        px = project.x + project.w / 2 + (lon + shift - project.centre_lon) * project.kx * project.scale
        lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
        py = project.y + project.h / 2 - (lat - project.centre_lat) * project.scale
        if not drawn or abs(px - drawn[-1][0]) + abs(py - drawn[-1][1]) >= OUTLINE_STEP_MM:
            drawn.append((px, py))
    return drawn


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return geometry["coordinates"]
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def _draw_basemap(pdf: FPDF, project: Projection) -> None:
    pdf.set_fill_color(*_rgb(COUNTRY_FILL_COLOUR))
    pdf.set_draw_color(*_rgb(COUNTRY_OUTLINE_COLOUR))
    pdf.set_line_width(0.2)
    for feature in load_basemap()["features"]:
        for ring in _rings(feature.get("geometry") or {}):
            if len(ring) < 3:
                continue
            drawn = _outline(project, ring)
            xs, ys = [p[0] for p in drawn], [p[1] for p in drawn]
            if len(drawn) < 3 or max(xs) < project.x or min(xs) > project.x + project.w:
                continue
            if max(ys) < project.y or min(ys) > project.y + project.h:
                continue
            pdf.polygon(drawn, style="DF")


Shown = list[tuple[Area, State]]  # the areas drawn and their state at the view's date


def areas_at(data: MapData, day: dt.date | None) -> Shown:
    """The areas drawn on `day` and their state then: the data's own (e.g. an upload's), else the war's."""
    if day is None:
        return []
    areas = load_areas() if data.areas is None else data.areas
    return [(area, state) for area in areas if (state := area.state_at(day)) is not None]


def _draw_areas(pdf: FPDF, project: Projection, shown: Shown) -> None:
    """Each area filled by status paler than on screen (one even-odd path, so holes stay open) and
    outlined, dashed as on screen."""
    for area, state in shown:
        style = AREA_STYLE[state.status]
        polygons = getattr(area.geometry, "geoms", [area.geometry])
        rings = [
            _outline(project, list(ring.coords))
            for polygon in polygons
            for ring in (polygon.exterior, *polygon.interiors)
        ]
        rings = [ring for ring in rings if len(ring) >= 3]
        if not rings:
            continue
        with pdf.new_path(paint_rule=PathPaintRule.FILL_EVENODD) as path:
            path.style.fill_color = style["fill"]
            path.style.fill_opacity = style["opacity"] * HANDOUT_AREA_OPACITY_SHARE
            for ring in rings:
                path.move_to(*ring[0])
                for point in ring[1:]:
                    path.line_to(*point)
                path.close()
        pdf.set_draw_color(*_rgb(style["outline"]))
        pdf.set_line_width(HANDOUT_AREA_OUTLINE_MM)
        if style["dash"]:
            dash, gap = (float(value) * HANDOUT_AREA_DASH_MM for value in style["dash"].split())
            pdf.set_dash_pattern(dash=dash, gap=gap)
        for ring in rings:
            pdf.polygon(ring, style="D")
        pdf.set_dash_pattern()


def _draw_area_labels(pdf: FPDF, shown: Shown, naming: str, project: Projection, occupied: _Occupied) -> None:
    """Each area's name (both names when contested) on its label point or just beside it, where room
    is left after the markers and place labels (else none: the legend names every area); grey, so it
    reads as the area's and not as a place's."""
    pdf.set_font(FONT_FAMILY, size=LABEL_PT - 0.5)
    for area, _ in shown:
        lon, lat = area.label_point
        px, py = project(lat, lon)
        if not project.inside(px, py):
            continue
        label = place_label(area.names, area.contested_names, naming)
        width, height = pdf.get_string_width(label) + 0.6, 3.0
        centred = (px - width / 2, py - height / 2, width, height)
        fits = project.inside(centred[0], centred[1]) and project.inside(px + width / 2, py + height / 2)
        if fits and not occupied.hits(centred):
            occupied.add(centred)
            spot = centred
        else:
            spot = _label_spot(pdf, occupied, project, px, py, label, AREA_LABEL_GAPS_MM)
        if spot is None:
            continue
        with pdf.local_context(fill_opacity=0.6):
            pdf.set_fill_color(255, 255, 255)
            pdf.rect(*spot, style="F")
        pdf.set_text_color(*_rgb(HANDOUT_AREA_LABEL_COLOUR))
        pdf.text(spot[0] + 0.3, spot[1] + 2.3, label)


PASSED_TO_AZERBAIJAN = N_("Passed to Azerbaijani control")
SHADED = N_("Shaded: areas as they stood on {date}, under the markers. {statuses}.")
APPROXIMATE_OUTLINES = N_("Drawn at district level: approximate.")
AREA_SOURCES = N_("Sources: {sources}")
OWN_AREAS_SOURCE = N_("your areas' file: {sources}")
MORE_SOURCES = N_("{sources} and {count} more")
STATUS_GROUP = N_("{status}: {areas}")


def area_legend(shown: Shown, day: dt.date | None, naming: str, language: Texts | None = None) -> str:
    """The statuses the map shows, with the areas in each, how sure the outlines are, and the
    source, in `language` (none: English)."""
    if not shown or day is None:
        return ""
    language = language or texts(DEFAULT_LANGUAGE)
    groups: dict[str, list[str]] = defaultdict(list)
    for area, state in shown:
        name = place_label(area.names, area.contested_names, naming)
        if (
            state.status == "handed-over"
        ):  # one group, each with its day: "Passed to Azerbaijani control: Aghdam / Akna (20 November 2020)"
            groups[language(PASSED_TO_AZERBAIJAN)].append(f"{name} ({language.date(state.start)})")
        elif state.status == "other":
            groups[state.text].append(name)  # the person's own words for an uploaded area
        else:
            groups[language(AREA_STYLE[state.status]["label"])].append(name)
    statuses = "; ".join(
        language(STATUS_GROUP, status=words, areas=", ".join(names)) for words, names in groups.items()
    )
    legend = language(SHADED, date=language.date(day), statuses=statuses)
    if any(area.precision == "approximate" for area, _ in shown):
        legend += " " + language(APPROXIMATE_OUTLINES)
    shipped = load_areas()
    sources = []
    if any(area in shipped for area, _ in shown):
        sources.append(language(WAR_AREAS_SOURCE))
    own = sorted({state.source for area, state in shown if area not in shipped})
    if own:
        listed = "; ".join(own[:3])
        if len(own) > 3:
            listed = language(MORE_SOURCES, sources=listed, count=len(own) - 3)
        sources.append(language(OWN_AREAS_SOURCE, sources=listed))
    return f"{legend} {language(AREA_SOURCES, sources=' '.join(sources))}"


def _on_maps(shown: Shown, projections: list[Projection]) -> Shown:
    """The areas that reach into one of the maps (the legend names only those)."""
    boxes = [project.lon_lat_box() for project in projections]

    def reaches(area: Area) -> bool:
        west, south, east, north = area.geometry.bounds
        return any(west <= e and w <= east and south <= n and s <= north for w, s, e, n in boxes)

    return [(area, state) for area, state in shown if reaches(area)]


def _event_spots(event: _Event, project: Projection, keep) -> tuple[list[tuple[float, float]], set[tuple[int, int]]]:
    """An event's marker spots (its points merged at a marker's size, at most MARKERS_PER_EVENT)
    and the dot cells of its further points."""
    spots: dict[tuple[int, int], tuple[float, float]] = {}
    dots: set[tuple[int, int]] = set()
    size = 2 * MARKER_RADIUS_MM
    for lat, lon in event.points:
        if not keep((lat, lon)):
            continue
        px, py = project(lat, lon)
        if not project.inside(px, py):
            continue
        key = (math.floor(px / size), math.floor(py / size))
        if key in spots or len(spots) < MARKERS_PER_EVENT:
            spots.setdefault(key, (px, py))
        else:
            dots.add((math.floor(px / DOT_CELL_MM), math.floor(py / DOT_CELL_MM)))
    return list(spots.values()), dots


def _free_spot(occupied: _Occupied, project: Projection, x: float, y: float, turns: int) -> tuple[float, float] | None:
    """The nearest free spot on a spiral of `turns` out from (x, y), inside the map; None if none is free."""
    side = 2 * MARKER_RADIUS_MM + 0.3
    for turn in range(turns):
        angle = turn * 0.9
        distance = 0.0 if turn == 0 else MARKER_RADIUS_MM * (1.2 + 0.7 * turn**0.5)
        px, py = x + distance * math.cos(angle), y + distance * math.sin(angle)
        box = (px - side / 2, py - side / 2, side, side)
        if project.inside(px, py, MARKER_RADIUS_MM) and not occupied.hits(box):
            occupied.add(box)
            return px, py
    return None


def _place_markers(pdf: FPDF, events: list[_Event], project: Projection, keep, occupied: _Occupied) -> list:
    """Each event's marker spots, as (x, y, marker x, marker y, event). Every event's first marker
    is placed first (so each number is on the map); further points get a marker only where one fits
    near them, and are otherwise drawn as dots of the event's colour."""
    spotted = [(event, *_event_spots(event, project, keep)) for event in events]
    markers = []
    for event, spots, _ in spotted:
        if spots:
            sx, sy = spots[0]
            markers.append((sx, sy, *(_free_spot(occupied, project, sx, sy, 400) or (sx, sy)), event))
    for event, spots, dots in spotted:
        for sx, sy in spots[1:]:
            spot = _free_spot(occupied, project, sx, sy, 40)
            if spot is None:
                dots.add((math.floor(sx / DOT_CELL_MM), math.floor(sy / DOT_CELL_MM)))
            else:
                markers.append((sx, sy, *spot, event))
        pdf.set_fill_color(*_rgb(CATEGORY_STYLE[event.category][1]))
        for i, j in dots:
            pdf.circle((i + 0.5) * DOT_CELL_MM, (j + 0.5) * DOT_CELL_MM, 0.35, style="F")
    return markers


def _label_spot(
    pdf: FPDF, occupied: _Occupied, project: Projection, px: float, py: float, label: str, gaps=LABEL_GAPS_MM
) -> Box | None:
    """A free box for a place's label near its dot (right, left, above, below; beside the dot, just
    past a marker on it, then a little farther with a leader line), or None when all are taken."""
    width, height = pdf.get_string_width(label) + 0.6, 3.0
    for gap in gaps:
        for bx, by in (
            (px + gap, py - height / 2),
            (px - gap - width, py - height / 2),
            (px - width / 2, py - gap - height),
            (px - width / 2, py + gap),
        ):
            box = (bx, by, width, height)
            if project.inside(bx, by) and project.inside(bx + width, by + height) and not occupied.hits(box):
                occupied.add(box)
                return box
    return None


def _draw_places(
    pdf: FPDF,
    data: MapData,
    events: list[_Event],
    naming: str,
    project: Projection,
    occupied: _Occupied,
    hide: Projection | None,
) -> None:
    """The places the events name, as the list names them, each label beside its own dot and clear
    of every marker (a label with no free room beside its dot is left out, never drawn far away)."""
    pdf.set_font(FONT_FAMILY, size=LABEL_PT)
    place_ids = {pid for event in events for pid in event.places}
    for place in data.places[data.places["id"].isin(place_ids)].itertuples():
        if place.geometry is None or place.geometry.geom_type != "Point":
            continue
        lat, lon = place.geometry.y, place.geometry.x
        px, py = project(lat, lon)
        if not project.inside(px, py) or (hide is not None and hide.inside(*hide(lat, lon))):
            continue
        colour = CONTESTED_PLACE_COLOUR if place.contested_names else PLACE_COLOUR
        pdf.set_fill_color(*_rgb(colour))
        pdf.circle(px, py, 0.7, style="F")
        label = label_of(data.places_by_id[place.id], naming)
        spot = _label_spot(pdf, occupied, project, px, py, label)
        if spot is None:
            continue
        bx, by, bw, bh = spot
        if not (bx - 1.5 <= px <= bx + bw + 1.5 and by - 1.5 <= py <= by + bh + 1.5):
            pdf.set_draw_color(*_rgb(colour))
            pdf.set_line_width(0.15)
            pdf.line(px, py, min(max(px, bx), bx + bw), min(max(py, by), by + bh))
        with pdf.local_context(fill_opacity=0.75):
            pdf.set_fill_color(255, 255, 255)
            pdf.rect(*spot, style="F")
        pdf.set_text_color(*_rgb(colour))
        pdf.text(spot[0] + 0.3, spot[1] + 2.3, label)


def _draw_one(
    pdf: FPDF,
    data: MapData,
    events: list[_Event],
    naming: str,
    box: Box,
    keep,
    frame,
    shown: Shown,
    hide: Projection | None = None,
) -> Projection:
    """One map in `box` of the events' points that `keep` accepts, framed on the points `frame`, over
    the `shown` areas; places within the map `hide` (the detail map, when this is the overview) are
    not labelled twice."""
    project = Projection(frame, box)
    x, y, w, h = box
    occupied = _Occupied(2 * MARKER_RADIUS_MM + 0.3)
    with pdf.rect_clip(x, y, w, h):
        pdf.set_fill_color(245, 248, 250)
        pdf.rect(x, y, w, h, style="F")
        _draw_basemap(pdf, project)
        _draw_areas(pdf, project, shown)
        markers = _place_markers(pdf, events, project, keep, occupied)
        _draw_places(pdf, data, events, naming, project, occupied, hide)
        if hide is None:  # an overview is too small for the areas' names
            _draw_area_labels(pdf, shown, naming, project, occupied)
        # Markers last: nothing is drawn over a number.
        pdf.set_font(FONT_FAMILY, "B", size=LABEL_PT)
        pdf.set_line_width(0.25)
        pdf.set_draw_color(*_rgb(MARKER_OUTLINE))
        for sx, sy, mx, my, _ in markers:
            if (mx, my) != (sx, sy):
                pdf.line(sx, sy, mx, my)
        for _, _, mx, my, event in markers:
            colour = CATEGORY_STYLE[event.category][1]
            pdf.set_fill_color(*_rgb(colour))
            pdf.circle(mx, my, MARKER_RADIUS_MM, style="DF")
            pdf.set_text_color(*((255, 255, 255) if _is_dark(colour) else (0, 0, 0)))
            text = str(event.number)
            pdf.text(mx - pdf.get_string_width(text) / 2, my + 0.8, text)
    pdf.set_draw_color(*_rgb(COUNTRY_OUTLINE_COLOUR))
    pdf.set_line_width(0.2)
    pdf.rect(x, y, w, h)
    pdf.set_text_color(0, 0, 0)
    return project


def _events(data: MapData, rows: Sequence[int]) -> list[_Event]:
    events = []
    for number, row in enumerate(rows, start=1):
        event = data.events.iloc[row]
        points = [(float(lat), float(lon)) for lat, lon in event["coords"]]
        if points:
            events.append(_Event(number, event["category"], points, list(event["places"] or [])))
    return events


ONE_MAP = N_("Numbers on the map are the events below.")
TWO_MAPS = N_(
    "Numbers on the maps are the events below. The left map is the framed box on the right one, "
    "which shows where the other events are."
)


NO_PLACES = N_("None of these events has a place to map.")


def _layout(events: list[_Event], box: Box) -> list[tuple[Box, Callable, list]]:
    """The maps to draw, as (box, which points it shows, the points it is framed on): one map, or the
    densest cluster large beside an overview of them all when the events spread across the world."""
    everything = [xy for event in events for xy in event.points]
    focus = _focus(events)
    if focus is None:
        return [(box, lambda xy: True, everything)]
    x, y, w, h = box
    main_w = w * (1 - OVERVIEW_SHARE) - MAP_GAP_MM / 2
    return [
        ((x, y, main_w, h), lambda xy: xy in focus, list(focus)),
        ((x + main_w + MAP_GAP_MM, y, w - main_w - MAP_GAP_MM, h), lambda xy: xy not in focus, everything),
    ]


def _sentence(maps: int, shown: Shown, day: dt.date | None, naming: str, language: Texts) -> str:
    legend = area_legend(shown, day, naming, language)
    return " ".join(part for part in (language(ONE_MAP if maps == 1 else TWO_MAPS), legend) if part)


def map_sentence(
    data: MapData,
    rows: Sequence[int],
    naming: str,
    box: Box,
    day: dt.date | None = None,
    language: Texts | None = None,
) -> str:
    """How to read the map `draw_map` draws for these rows (and its areas' legend), without drawing it."""
    language = language or texts(DEFAULT_LANGUAGE)
    events = _events(data, rows)
    if not events:
        return language(NO_PLACES)
    maps = _layout(events, box)
    projections = [Projection(frame, map_box) for map_box, _, frame in maps]
    return _sentence(len(maps), _on_maps(areas_at(data, day), projections), day, naming, language)


def draw_map(
    pdf: FPDF,
    data: MapData,
    rows: Sequence[int],
    naming: str,
    box: Box,
    day: dt.date | None = None,
    language: Texts | None = None,
) -> str:
    """Draws the map of the event rows (numbered from 1) into `box`, with the areas as they stood on
    `day` (none when None); returns a sentence on how to read it and the areas' legend, in
    `language` (none: English).

    Every event with a place is on a map: when they spread across the world, the densest cluster
    is drawn large and an overview beside it shows them all, the cluster as a framed box."""
    language = language or texts(DEFAULT_LANGUAGE)
    events = _events(data, rows)
    if not events:
        return language(NO_PLACES)
    maps = _layout(events, box)
    shown = areas_at(data, day)
    projections: list[Projection] = []
    for map_box, keep, frame in maps:
        hide = projections[0] if projections else None
        projections.append(_draw_one(pdf, data, events, naming, map_box, keep, frame, shown, hide))
    if len(projections) == 2:
        detail, overview = projections
        west, south, east, north = detail.lon_lat_box()
        (left, top), (right, bottom) = overview(north, west), overview(south, east)
        pdf.set_draw_color(*_rgb(MARKER_OUTLINE))
        pdf.set_line_width(0.5)
        pdf.rect(left, top, max(right - left, 2.0), max(bottom - top, 2.0))
    return _sentence(len(maps), _on_maps(shown, projections), day, naming, language)
