"""The folium map: a stable base (tiles, country outlines, places, corridors, legend) and
per-category event layers that are the only part that changes when the date or
selection changes.

Text from data reaches the page only as JSON (`safe.js_json`) and is put into the DOM
with `textContent`, never as HTML, so titles such as `<img onerror=…>` show as text.
"""

from __future__ import annotations

import base64
import math

import folium
import geopandas as gpd
import numpy as np
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.markers import EventPoints, marker_lists
from geo.naming import place_label
from geo.safe import js_json
from geo.schema import CATEGORIES
from geo.style import (
    BIN_SIZE,
    CATEGORY_STYLE,
    CONTESTED_PLACE_COLOUR,
    CORRIDOR_COLOUR,
    CORRIDOR_DASH,
    COUNTRY_FILL_COLOUR,
    COUNTRY_OUTLINE_COLOUR,
    EARLIER_OPACITY,
    LARGE_LABEL_PX,
    MARKER_OUTLINE,
    MARKER_SIZE,
    MARKER_SIZE_EARLIER,
    MIN_TARGET_PX,
    PLACE_COLOUR,
    PLACE_RADIUS,
    SELECTED_RING,
    SELECTED_ZOOM,
    SHAPE_PATHS,
    SPREAD_PX,
    WAR_VIEW,
)

# Served by Streamlit from ./static (see .streamlit/config.toml); the map is blank
# offline when these come from CDNs.
STATIC_PREFIX = "/app/static/vendor"
LOCAL_JS = [
    ("leaflet", f"{STATIC_PREFIX}/leaflet/leaflet.js"),
    ("jquery", f"{STATIC_PREFIX}/jquery/jquery.min.js"),
]
BASEMAP_URL = "/app/static/basemap.geojson"
LOCAL_CSS = [("leaflet_css", f"{STATIC_PREFIX}/leaflet/leaflet.css")]

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
OUTLINE_STYLE = {"color": COUNTRY_OUTLINE_COLOUR, "weight": 1, "fillColor": COUNTRY_FILL_COLOUR, "fillOpacity": 0.35}

MAP_CSS = f"""
<style>
.place-label {{ background: rgba(255,255,255,0.85); border: 1px solid #777; color: #111;
  font: 600 12px/1.2 system-ui, sans-serif; padding: 1px 4px; box-shadow: none; }}
.place-label.contested {{ border-color: {CONTESTED_PLACE_COLOUR}; }}
.place-label::before {{ display: none; }}
.place-label.approximate {{ font-style: italic; font-weight: 400; border-style: dotted; }}
.corridor-label {{ background: #fff; border: 1px dashed {CORRIDOR_COLOUR}; color: #111;
  font: italic 12px/1.2 system-ui, sans-serif; }}
.event-icon {{ background: none; border: none; display: flex; align-items: center; justify-content: center; }}
.event-icon svg {{ overflow: visible; }}
.event-icon.earlier {{ opacity: {EARLIER_OPACITY}; }}
.event-bin {{ position: relative; }}
.bin-count {{ position: absolute; left: 50%; top: 100%; transform: translate(-50%, -2px); background: #fff;
  color: #111; border: 1px solid #555; border-radius: 6px; padding: 0 3px; font: 700 11px/1.3 system-ui, sans-serif; }}
.event-icon.selected {{ opacity: 1; }}
.event-icon.selected svg {{ filter: drop-shadow(0 0 3px {SELECTED_RING}); }}
.map-legend {{ background: rgba(255,255,255,0.95); padding: 6px 8px; color: #111;
  font: 12px/1.5 system-ui, sans-serif; border: 1px solid #888; max-width: 220px; }}
.map-legend svg {{ vertical-align: middle; margin-right: 4px; }}
.tiles-offline {{ background: #fff8d6; color: #111; padding: 4px 8px; border: 1px solid #b59b00;
  font: 12px system-ui, sans-serif; }}
</style>
"""


LARGE_LABEL_CSS = f"""
<style>
.place-label, .corridor-label {{ font-size: {LARGE_LABEL_PX}px; }}
.map-legend {{ font-size: {LARGE_LABEL_PX}px; max-width: 320px; }}
</style>
"""


def shape_svg(category: str, size: int, selected: bool = False) -> str:
    """An inline SVG marker for a category (our own constants only, no data text)."""
    _, colour, shape = CATEGORY_STYLE[category]
    stroke = 3 if selected else 1.5
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 20 20" '
        f'aria-hidden="true"><path d="{SHAPE_PATHS[shape]}" fill="{colour}" '
        f'stroke="{MARKER_OUTLINE}" stroke-width="{stroke}"/></svg>'
    )


def shape_img(category: str, size: int) -> str:
    """The marker shape as an <img> (for Streamlit HTML, which drops inline SVG)."""
    encoded = base64.b64encode(shape_svg(category, size).encode()).decode()
    label = CATEGORY_STYLE[category][0]
    return f'<img src="data:image/svg+xml;base64,{encoded}" width="{size}" height="{size}" alt="{label} shape">'


def legend_html(size: int = 14) -> str:
    """Shapes and names of the categories (our own constants only)."""
    return " ".join(
        f'<span style="white-space:nowrap;margin-right:0.8em">{shape_img(category, size)} {label}</span>'
        for category, (label, _, _) in CATEGORY_STYLE.items()
    )


def layer_name(category: str) -> str:
    """The layer control's label: the shape and the category's name (our constants)."""
    return f"{shape_svg(category, 14)} {CATEGORY_STYLE[category][0]}"


class MapScript(MacroElement):
    """Runs our own JavaScript against the parent (a layer or the map), with data as JSON."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function(layer, data){ {{ this.body }} })({{ this._parent.get_name() }}, {{ this.data_json }});"
        "{% endmacro %}"
    )

    def __init__(self, body: str, data: object = None):
        super().__init__()
        self._name = "MapScript"
        self.body = body
        self.data_json = js_json(data)


# Text goes in with textContent: a title from data never becomes HTML.
_TOOLTIP_JS = """
function textNode(text) { var el = document.createElement('span'); el.textContent = text; return el; }
"""

_PLACES_JS = (
    _TOOLTIP_JS
    + """
var st = data.style;
data.points.forEach(function(p){
  var m = L.circleMarker([p[0], p[1]], {radius: p[4] ? st.radius + 1 : st.radius,
    color: p[4] ? st.contested : st.colour, weight: 2, fillColor: '#ffffff', fillOpacity: 1});
  m.bindTooltip(textNode(p[2]), {permanent: true, direction: 'right', offset: [6, 0], pane: 'placeLabels',
    className: 'place-label' + (p[4] ? ' contested' : '') + (p[3] ? '' : ' approximate')});
  m.addTo(layer);
});
"""
)

_OUTLINES_JS = (
    _TOOLTIP_JS
    + """
// Fetched once from the app's static files: sent with the map, it would travel again on every rerun.
var pane = 'outlines';
layer.on('add', function () {
  var map = layer._map;
  if (!map.getPane(pane)) { map.createPane(pane).style.zIndex = 350; }  // under lines and markers
  if (layer.loaded) { return; }
  layer.loaded = true;
  fetch(data.url).then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
    .then(function (geojson) {
      L.geoJSON(geojson, {interactive: true, style: data.style, pane: pane,
        onEachFeature: function (f, l) { l.bindTooltip(textNode(f.properties.name), {sticky: true}); }
      }).addTo(layer);
    })
    .catch(function () { layer.loaded = false; });  // no outlines; tiles and events still work
});
"""
)

_CORRIDORS_JS = (
    _TOOLTIP_JS
    + """
data.lines.forEach(function(c){
  var line = L.polyline(c.latlngs, data.style);
  line.bindTooltip(textNode(c.label + ' (schematic)'), {permanent: true, direction: 'center', pane: 'placeLabels',
    className: 'corridor-label'});
  line.addTo(layer);
});
"""
)

# Each marker carries a GeoJSON-like `feature` so streamlit-folium's click handler
# returns {"event_id": …} as last_active_drawing.properties.
_EVENTS_JS = (
    _TOOLTIP_JS
    + """
layer.categoryId = data.category;
// streamlit-folium adds every group to the map; a category switched off leaves at once,
// before the layer control is built, so the control lists it unticked.
if (!data.show) { layer.once('add', function(){ layer._map.removeLayer(layer); }); }
data.markers.forEach(function(e){
  var cls = 'event-icon ' + (e[3] ? 'current' : 'earlier') + (e[4] ? ' selected' : '');
  var size = Math.max(data.min_target, e[4] ? data.sizes[2] : (e[3] ? data.sizes[0] : data.sizes[1]));
  var icon = L.divIcon({html: e[4] ? data.svg_selected : (e[3] ? data.svg : data.svg_small),
    className: cls, iconSize: [size, size], iconAnchor: [size / 2, size / 2]});
  var m = L.marker([e[0], e[1]], {icon: icon, title: e[5], alt: e[5], keyboard: true,
    riseOnHover: true, zIndexOffset: e[4] ? 1000 : (e[3] ? 500 : 0)});
  m.feature = {type: 'Feature', properties: {event_id: e[2]}};
  m.declutter = {half: size / 2, priority: e[4] ? 2 : (e[3] ? 1 : 0)};
  m.bindTooltip(textNode(e[5]), {direction: 'top', offset: [0, -size / 2]});
  m.addTo(layer);
  m.on('add', function(){ var el = m.getElement(); if (el) { el.dataset.eventId = e[2]; } });
  var el = m.getElement(); if (el) { el.dataset.eventId = e[2]; el.setAttribute('role', 'button'); }
});
// Thousands of events: one marker per grid cell and category, with its count; a click zooms in.
data.bins.forEach(function(b){
  var text = b[2] + ' ' + data.label + ' events here (' + b[3] + ' on this date); click to zoom in';
  var html = '<div class="event-bin">' + data.svg_bin + '<span class="bin-count"></span></div>';
  var icon = L.divIcon({html: html, className: 'event-icon ' + (b[3] ? 'current' : 'earlier'),
    iconSize: [data.bin_size, data.bin_size], iconAnchor: [data.bin_size / 2, data.bin_size / 2]});
  var m = L.marker([b[0], b[1]], {icon: icon, title: text, alt: text, keyboard: true});
  m.on('add', function(){ var el = m.getElement(); if (el) { el.querySelector('.bin-count').textContent =
    b[2] > 999 ? Math.round(b[2] / 100) / 10 + 'k' : String(b[2]); } });
  m.on('click', function(){ var map = layer._map; if (map) { map.setView(m.getLatLng(), map.getZoom() + 2); } });
  m.declutter = {half: data.bin_size / 2, priority: 1};
  m.addTo(layer);
});
// Every category's script asks; one declutter runs after the last of them.
if (window.declutterEvents) {
  clearTimeout(window.declutterTimer);
  window.declutterTimer = setTimeout(window.declutterEvents, 0);
}
"""
)

# When tiles cannot load (no internet), say so; the outlines still show where things are.
_TILE_WATCH_JS = """
var failed = 0, shown = false;
layer.on('tileerror', function(){
  failed += 1;
  if (failed >= 4 && !shown) {
    shown = true;
    var note = L.control({position: 'bottomleft'});
    note.onAdd = function(){ var d = L.DomUtil.create('div', 'tiles-offline');
      d.textContent = 'Map tiles cannot load (no internet?): showing country outlines only.'; return d; };
    note.addTo(layer._map);
  }
});
"""


def _legend_html() -> str:
    rows = "".join(f"<div>{shape_svg(category, 14)}{label}</div>" for category, (label, _, _) in CATEGORY_STYLE.items())
    return (
        "<details><summary><strong>Legend</strong></summary>" + rows + "<div style='margin-top:4px'>"
        "Faded: earlier events. Dashed line: schematic corridor or proposed route (off until switched on, "
        "or drawn for an event about it). Purple ring: contested place "
        "(both names). Italic name: a point standing for an area.</div></details>"
    )


_LEGEND_JS = """
var legend = L.control({position: 'bottomright'});
legend.onAdd = function(){ var d = L.DomUtil.create('div', 'map-legend'); d.innerHTML = data;
  L.DomEvent.disableClickPropagation(d); return d; };
legend.addTo(layer);
"""

# Markers closer than a click target's size are nudged apart on screen (rings around their
# spot, the selected and current events keeping their place first), at every zoom: no marker
# hides another, and each stays a full-size target.
_DECLUTTER_JS = """
var map = layer;
function ring(rank, step) {
  if (rank === 0) { return [0, 0]; }
  var r = 1, slot = rank - 1;
  while (slot >= 6 * r) { slot -= 6 * r; r += 1; }
  var angle = 2 * Math.PI * slot / (6 * r);
  return [Math.round(r * step * Math.cos(angle)), Math.round(r * step * Math.sin(angle))];
}
window.declutterEvents = function () {
  var step = data.spacing, grid = {}, markers = [];
  map.eachLayer(function (l) { if (l.declutter && l.getElement()) { markers.push(l); } });
  markers.sort(function (a, b) { return b.declutter.priority - a.declutter.priority; });
  function free(x, y) {
    var cx = Math.floor(x / step), cy = Math.floor(y / step);
    for (var i = cx - 1; i <= cx + 1; i++) { for (var j = cy - 1; j <= cy + 1; j++) {
      var cell = grid[i + ',' + j] || [];
      for (var k = 0; k < cell.length; k++) {
        if (Math.abs(cell[k][0] - x) < step && Math.abs(cell[k][1] - y) < step) { return false; }
      }
    } }
    return true;
  }
  markers.forEach(function (m) {
    var p = map.latLngToLayerPoint(m.getLatLng()), offset = [0, 0];
    for (var rank = 0; rank < 200; rank++) {
      offset = ring(rank, step);
      if (free(p.x + offset[0], p.y + offset[1])) { break; }
    }
    var x = p.x + offset[0], y = p.y + offset[1], key = Math.floor(x / step) + ',' + Math.floor(y / step);
    (grid[key] = grid[key] || []).push([x, y]);
    var el = m.getElement(), half = m.declutter.half;
    el.style.marginLeft = (offset[0] - half) + 'px';
    el.style.marginTop = (offset[1] - half) + 'px';
  });
};
map.on('zoomend', function () { window.declutterEvents(); });
"""

# A category switched in the map's layer control switches the sidebar's checkbox too
# (the component iframe is same-origin). Only user clicks count: streamlit-folium
# removes and re-adds the layers on every update, which fires the same events.
_LAYER_SYNC_JS = """
layer.on('overlayadd overlayremove', function(e){
  var control = window.layer_control;
  if (!control || !control._handlingClick || !e.layer.categoryId) { return; }
  try {
    var box = window.parent.document.querySelector('.st-key-layer-' + e.layer.categoryId + ' input[type=checkbox]');
    if (box && box.checked !== (e.type === 'overlayadd')) { box.click(); }
  } catch (err) { /* not embedded in the dashboard */ }
});
"""


def place_points(places: gpd.GeoDataFrame, naming: str) -> list[list]:
    """[lat, lon, label, exact point?, contested?] for each place drawn as a point."""
    rows = []
    for place in places.itertuples(index=False):
        if place.kind == "corridor" or place.geometry.geom_type != "Point":
            continue
        label = place_label(place.names, place.contested_names, naming, place.exonyms)
        rows.append([place.geometry.y, place.geometry.x, label, place.precision == "exact",
                     bool(place.contested_names)])  # fmt: skip
    return rows


def base_map(
    places: gpd.GeoDataFrame, naming: str = "en", view: dict = WAR_VIEW, large_labels: bool = False
) -> folium.Map:
    """The part of the map that never changes with the date or selection.

    `large_labels`: projector-sized place names and legend (presentation mode).
    """
    fmap = folium.Map(location=view["center"], zoom_start=view["zoom"], tiles=None, control_scale=True)
    fmap.default_js = LOCAL_JS
    fmap.default_css = LOCAL_CSS
    fmap.get_root().header.add_child(Element(MAP_CSS))
    if large_labels:
        fmap.get_root().header.add_child(Element(LARGE_LABEL_CSS))

    # Place names sit below the event markers (markers 600, tooltips 650), so a label never hides an event.
    fmap.add_child(MapScript("var p = layer.createPane('placeLabels'); p.style.zIndex = 550; "
                           "p.style.pointerEvents = 'none';"))  # fmt: skip
    tiles = folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap (needs internet)", max_zoom=18)
    tiles.add_to(fmap)
    tiles.add_child(MapScript(_TILE_WATCH_JS, None))

    # A base layer with nothing in it: choosing it switches the tiles off.
    folium.FeatureGroup(name="Outlines only (no tiles)", overlay=False, show=False).add_to(fmap)
    basemap_layer().add_to(fmap)

    # Schematic, and one of them disputed: off unless switched on (or drawn for an event about one).
    corridor_layer = folium.FeatureGroup(name="Corridors and proposed routes (schematic)", show=False)
    corridor_layer.add_child(MapScript(_CORRIDORS_JS, corridor_data(places, naming)))
    corridor_layer.add_to(fmap)

    place_layer = folium.FeatureGroup(name="Places", show=True)
    place_style = {"radius": PLACE_RADIUS, "colour": PLACE_COLOUR, "contested": CONTESTED_PLACE_COLOUR}
    place_layer.add_child(MapScript(_PLACES_JS, {"points": place_points(places, naming), "style": place_style}))
    place_layer.add_to(fmap)

    fmap.add_child(MapScript(_LEGEND_JS, _legend_html()))  # our own constants only
    fmap.add_child(MapScript(_LAYER_SYNC_JS))
    fmap.add_child(MapScript(_DECLUTTER_JS, {"spacing": SPREAD_PX}))
    return fmap


def corridor_data(places: gpd.GeoDataFrame, naming: str, ids: list[str] | None = None) -> dict:
    """The corridors (all, or those in `ids`) as labelled lines for `_CORRIDORS_JS`."""
    corridors = places[places["kind"] == "corridor"]
    if ids is not None:
        corridors = corridors[corridors["id"].isin(ids)]
    lines = [
        {"label": place_label(row.names, row.contested_names, naming, row.exonyms),
         "latlngs": [[y, x] for x, y in line_coords(row.geometry)]}
        for row in corridors.itertuples(index=False)
    ]  # fmt: skip
    return {"lines": lines, "style": {"color": CORRIDOR_COLOUR, "weight": 3, "dashArray": CORRIDOR_DASH}}


def event_corridors(places: gpd.GeoDataFrame, place_ids: list[str], naming: str = "en") -> list[folium.FeatureGroup]:
    """The corridors a selected event names, drawn while the corridor layer is off; none otherwise."""
    data = corridor_data(places, naming, list(place_ids))
    if not data["lines"]:
        return []
    group = folium.FeatureGroup(name="Corridor of the selected event (schematic)", show=True)
    group.add_child(MapScript(_CORRIDORS_JS, data))
    return [group]


def basemap_layer() -> folium.FeatureGroup:
    """Natural Earth country outlines (static/basemap.geojson, a copy of data/basemap.geojson):
    where things are when tiles cannot load."""
    layer = folium.FeatureGroup(name="Country outlines (offline)", show=True)
    layer.add_child(MapScript(_OUTLINES_JS, {"url": BASEMAP_URL, "style": OUTLINE_STYLE}))
    return layer


def line_coords(geometry) -> list[tuple[float, float]]:
    if geometry.geom_type == "MultiLineString":
        return [xy for part in geometry.geoms for xy in part.coords]
    return list(geometry.coords)


def event_layers(
    points: EventPoints,
    positions: np.ndarray,
    current: np.ndarray,
    selected: str | None,
    visible_categories: tuple[str, ...],
) -> list[folium.FeatureGroup]:
    """One FeatureGroup per category for the events on show (row `positions`, `current`
    flags); hidden categories are present but off, so the layer control lists every one."""
    singles, bins, _ = marker_lists(points, positions, current, selected)
    groups = []
    for category in CATEGORIES:
        group = folium.FeatureGroup(name=layer_name(category), show=category in visible_categories)
        data = {
            "category": category,
            "label": CATEGORY_STYLE[category][0],
            "show": category in visible_categories,
            "markers": singles[category],
            "bins": bins[category],
            "sizes": [MARKER_SIZE, MARKER_SIZE_EARLIER, MARKER_SIZE + 6],
            "svg": shape_svg(category, MARKER_SIZE),
            "svg_small": shape_svg(category, MARKER_SIZE_EARLIER),
            "svg_selected": shape_svg(category, MARKER_SIZE + 6, selected=True),
            "svg_bin": shape_svg(category, BIN_SIZE),
            "bin_size": BIN_SIZE,
            "min_target": MIN_TARGET_PX,
        }
        group.add_child(MapScript(_EVENTS_JS, data))
        groups.append(group)
    return groups


def view_for(coords: list[list[float]], zoom_in: int = SELECTED_ZOOM) -> dict | None:
    """A centre and zoom that show every point (one point: close up; many: all of them)."""
    if not coords:
        return None
    lats = [lat for lat, _ in coords]
    lons = [lon for _, lon in coords]
    center = ((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
    span = max(max(lats) - min(lats), (max(lons) - min(lons)) / 1.5)
    # Each zoom level halves the span on screen; about 3 degrees fit at zoom 7.
    zoom = zoom_in if span < 0.5 else max(2, min(zoom_in, int(7 - math.log2(span / 3))))
    return {"center": center, "zoom": zoom}
