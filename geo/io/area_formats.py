"""Areas of control over time, written out: GeoJSON (one feature per state, the same form
"Your data" reads back) and KML with a TimeSpan per state, so Google Earth's time slider plays them."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from shapely.geometry import mapping

from geo.io.formats import KML_NAMESPACE, _balloon_text, _kml_geometry, _sub
from geo.map.style import AREA_STYLE
from geo.model.areas import Area
from geo.model.naming import place_label


def area_features(areas: list[Area]) -> list[dict]:
    """One GeoJSON feature per state of each area: id, name, start, end, status (its words), source."""
    return [
        {
            "type": "Feature",
            "properties": {
                "id": area.id,
                "name": place_label(area.names, area.contested_names),
                "start": state.start.isoformat(),
                "end": state.end.isoformat() if state.end else None,
                "status": state.text,
                "source": state.source,
            },
            "geometry": mapping(area.geometry),
        }
        for area in areas
        for state in area.states
    ]


def areas_geojson_bytes(areas: list[Area]) -> bytes:
    collection = {"type": "FeatureCollection", "features": area_features(areas)}
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


def _kml_colour(hex_colour: str, opacity: float) -> str:
    """KML writes colours as alpha, blue, green, red."""
    return f"{round(opacity * 255):02x}{hex_colour[5:7]}{hex_colour[3:5]}{hex_colour[1:3]}".lower()


def areas_kml_bytes(areas: list[Area], title: str) -> bytes:
    """A Placemark per state with a TimeSpan (its end is the state's last day; none while it lasts)."""
    ET.register_namespace("", KML_NAMESPACE)
    root = ET.Element("kml", {"xmlns": KML_NAMESPACE})
    document = _sub(root, "Document")
    _sub(document, "name", title)
    for status, look in AREA_STYLE.items():
        style = _sub(document, "Style", id=f"area-{status}")
        _sub(_sub(style, "LineStyle"), "color", _kml_colour(look["outline"], 1.0))
        _sub(_sub(style, "PolyStyle"), "color", _kml_colour(look["fill"], look["opacity"]))
    for area in areas:
        name = place_label(area.names, area.contested_names)
        for number, state in enumerate(area.states, start=1):
            placemark = _sub(document, "Placemark", id=f"{area.id}-{number}")
            _sub(placemark, "name", name)
            _sub(placemark, "description", _balloon_text(f"{state.text}. Source: {state.source}"))
            span = _sub(placemark, "TimeSpan")
            _sub(span, "begin", state.start.isoformat())
            if state.end:
                _sub(span, "end", (state.end - dt.timedelta(days=1)).isoformat())
            _sub(placemark, "styleUrl", f"#area-{state.status}")
            _kml_geometry(placemark, area.geometry)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
