"""Small maps: the places found in a text (numbered as in the text) and one chosen place.

Like `geo.mapview`, text from data or users reaches the map only as JSON (`safe.js_json`) and
is put into the DOM with `textContent`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import folium
from branca.element import Element

from geo.extract import PlaceSummary
from geo.mapview import LOCAL_CSS, LOCAL_JS, OSM_ATTRIBUTION, OSM_TILES, MapScript, basemap_layer, view_for
from geo.style import SELECTED_ZOOM, WAR_VIEW

HIGHLIGHT_COLOUR = "#0B4F8A"
# How close to zoom on a place drawn as a point, by what it is.
# Cities and towns at the dashboard's close-up zoom, with their neighbours in view.
POINT_ZOOM = {"continent": 3, "sea": 5, "region": 6, "country": 5, "territory": 7}
DEFAULT_POINT_ZOOM = SELECTED_ZOOM

TEXT_MAP_CSS = f"""
<style>
.found-place {{ background: #ffe08a; border: 2px solid {HIGHLIGHT_COLOUR}; border-radius: 50%; color: #111;
  font: 700 12px/20px system-ui, sans-serif; text-align: center; }}
</style>
"""


_FOUND_PLACES_JS = """
data.forEach(function(p){
  var number = document.createElement('div'); number.textContent = String(p.n);
  var icon = L.divIcon({html: number, className: 'found-place', iconSize: [22, 22], iconAnchor: [11, 11]});
  var label = document.createElement('span'); label.textContent = p.n + '. ' + p.name;
  var m = L.marker([p.lat, p.lon], {icon: icon, title: p.n + '. ' + p.name, alt: p.name, keyboard: true});
  m.bindTooltip(label, {direction: 'top', offset: [0, -10]});
  m.addTo(layer);
  m.on('add', function(){ var el = m.getElement(); if (el) { el.dataset.placeNumber = String(p.n); } });
  var el = m.getElement(); if (el) { el.dataset.placeNumber = String(p.n); }
});
"""

_HIGHLIGHT_JS = """
if (data.geometry.type === 'Point') {
  var c = data.geometry.coordinates;
  L.circleMarker([c[1], c[0]], {radius: 16, color: data.colour, weight: 3, fill: false}).addTo(layer);
} else {
  L.geoJSON(data.geometry, {style: {color: data.colour, weight: 3, fillOpacity: 0.08}}).addTo(layer);
}
"""


def _small_map(view: dict) -> folium.Map:
    fmap = folium.Map(location=view["center"], zoom_start=view["zoom"], tiles=None, control_scale=True)
    fmap.default_js = LOCAL_JS
    fmap.default_css = LOCAL_CSS
    fmap.get_root().header.add_child(Element(TEXT_MAP_CSS))
    folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap (needs internet)", max_zoom=18).add_to(fmap)
    basemap_layer().add_to(fmap)
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
    layer.add_child(MapScript(_FOUND_PLACES_JS, points))
    layer.add_to(fmap)
    return fmap


def place_view(kind: str, geometry) -> dict:
    """Centre and zoom that show one place: a shape's extent, or a point at a zoom fitting its kind."""
    if geometry.geom_type != "Point":
        min_x, min_y, max_x, max_y = geometry.bounds
        return view_for([[min_y, min_x], [max_y, max_x]], zoom_in=DEFAULT_POINT_ZOOM)
    return {"center": (geometry.y, geometry.x), "zoom": POINT_ZOOM.get(kind, DEFAULT_POINT_ZOOM)}


def place_highlight(geometry) -> folium.FeatureGroup:
    """A ring around a point, or an outline of a shape, to add over `geo.mapview.base_map`."""
    group = folium.FeatureGroup(name="Chosen place", show=True)
    group.add_child(MapScript(_HIGHLIGHT_JS, {"geometry": geometry.__geo_interface__, "colour": HIGHLIGHT_COLOUR}))
    return group
