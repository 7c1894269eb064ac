"""Event geometries as the map draws them: a list of [lat, lon] points per event.

The map engine (static/engine/engine.js) draws the markers, bins them past 500 points and nudges
apart the ones that share a spot; Python only hands it each event's points.
"""

from __future__ import annotations


def event_coords(geometry) -> list[list[float]]:
    """[[lat, lon], …] for an event's Point / MultiPoint / GeometryCollection."""
    if geometry is None or geometry.is_empty:
        return []
    if geometry.geom_type == "Point":
        return [[round(geometry.y, 5), round(geometry.x, 5)]]
    parts = getattr(geometry, "geoms", [])
    return [xy for part in parts for xy in event_coords(part)]
