"""Small maps: the places found in a text (numbered as in the text) and one chosen place.

Like `geo.map.mapview`, text from data or users reaches the map only as JSON (`safe.js_json`) and
the engine (static/engine/engine.js) puts it into the DOM with `textContent`.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from types import MappingProxyType

import folium

from geo.map.mapview import (
    BASEMAP_URL,
    LOCAL_CSS,
    LOCAL_JS,
    OSM_ATTRIBUTION,
    OSM_TILES,
    OUTLINE_STYLE,
    EngineCall,
    view_for,
)
from geo.map.safe import html_text
from geo.map.style import SELECTED_ZOOM, WAR_VIEW
from geo.model.i18n import N_, Texts, texts
from geo.text.draft import SOURCE_LABELS, label_of, numbered
from geo.text.extract import ExtractionResult, PlaceSummary, paragraph_spans

HIGHLIGHT_COLOUR = "#0B4F8A"
# How close to zoom on a place drawn as a point, by what it is.
# Cities and towns at the dashboard's close-up zoom, with their neighbours in view.
POINT_ZOOM = {"continent": 3, "sea": 5, "region": 6, "country": 5, "territory": 7}
DEFAULT_POINT_ZOOM = SELECTED_ZOOM
# What a reader sees on hovering over the mapped text.
PARAGRAPH_TITLE = N_("paragraph {number}")
PLACE_TITLE = N_("{number}. {place}: {kind}, from {source}")
UNRESOLVED_TITLE = N_("not found in the gazetteer")


def _small_map(view: dict) -> folium.Map:
    fmap = folium.Map(location=view["center"], zoom_start=view["zoom"], tiles=None, control_scale=True)
    fmap.default_js = LOCAL_JS
    fmap.default_css = LOCAL_CSS
    folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap (needs internet)", max_zoom=18).add_to(fmap)
    outlines = folium.FeatureGroup(name="Country outlines (offline)", show=True)
    outlines.add_child(EngineCall("outlinesOnly", {"url": BASEMAP_URL, "style": OUTLINE_STYLE}))
    outlines.add_to(fmap)
    return fmap


def found_places_map(places: Sequence[PlaceSummary], labels: Mapping[str, str] = MappingProxyType({})) -> folium.Map:
    """The places found in a text, each a marker with its number from the highlighted text;
    `labels` names curated places (both names of a contested place)."""
    points = [
        {"n": number, "name": labels.get(place.place_id) or place.name, "lat": place.lat, "lon": place.lon}
        for number, place in enumerate(places, start=1)
        if place.lat == place.lat and place.lon == place.lon  # NaN: no coordinates
    ]
    view = view_for([[p["lat"], p["lon"]] for p in points], zoom_in=7) or WAR_VIEW
    fmap = _small_map(view)
    layer = folium.FeatureGroup(name="Places found in the text", show=True)
    layer.add_child(EngineCall("foundPlaces", points))
    layer.add_to(fmap)
    return fmap


def place_view(kind: str, geometry) -> dict:
    """Centre and zoom that show one place: a shape's extent, or a point at a zoom fitting its kind."""
    if geometry.geom_type != "Point":
        min_x, min_y, max_x, max_y = geometry.bounds
        return view_for([[min_y, min_x], [max_y, max_x]], zoom_in=DEFAULT_POINT_ZOOM)
    return {"center": (geometry.y, geometry.x), "zoom": POINT_ZOOM.get(kind, DEFAULT_POINT_ZOOM)}


def place_highlight(geometry) -> folium.FeatureGroup:
    """A ring around a point, or an outline of a shape, to add over `geo.map.mapview.base_map`."""
    group = folium.FeatureGroup(name="Chosen place", show=True)
    group.add_child(EngineCall("highlight", {"geometry": geometry.__geo_interface__, "colour": HIGHLIGHT_COLOUR}))
    return group


def highlighted_html(
    raw: str,
    result: ExtractionResult,
    labels: Mapping[str, str] = MappingProxyType({}),
    language: Texts | None = None,
) -> str:
    """The text as HTML paragraphs (numbered as `geo.text.extract` counts them), each place name in a
    <mark> with its map number, each unresolved name dotted-underlined, their titles in `language`
    (none: English). Text is escaped."""
    language = language or texts("en")
    unresolved = html_text(language(UNRESOLVED_TITLE))
    numbers = numbered(result)
    by_id = {place.place_id: place for place in result.places}
    mentions = sorted(result.mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    html = ['<div class="mapped-text">']
    for paragraph, (start, end) in enumerate(paragraph_spans(raw), start=1):
        title = html_text(language(PARAGRAPH_TITLE, number=paragraph))
        parts = [f'<p><span class="para-no" title="{title}">{paragraph}</span>']
        position = start
        for mention in mentions[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]:
            if mention.start < position:  # overlaps the one before: keep the first
                continue
            stop = min(mention.end, end)
            parts.append(html_text(raw[position : mention.start]))
            shown = html_text(raw[mention.start : stop])
            if mention.place_id and mention.place_id in by_id:
                place = by_id[mention.place_id]
                number = numbers[mention.place_id]
                source = language(SOURCE_LABELS[place.source]) if place.source in SOURCE_LABELS else place.source
                title = html_text(
                    language(PLACE_TITLE, number=number, place=label_of(place, labels), kind=language(place.kind),
                             source=source)
                )  # fmt: skip
                parts.append(f'<mark class="place" title="{title}">{shown}<sup>{number}</sup></mark>')
            else:
                parts.append(f'<span class="unresolved" title="{unresolved}">{shown}</span>')
            position = stop
        parts.append(html_text(raw[position:end]) + "</p>")
        html.append("".join(parts))
    html.append("</div>")
    return "\n".join(html)
