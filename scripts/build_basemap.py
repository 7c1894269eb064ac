"""Build data/basemap.geojson: country outlines the map draws when tiles cannot load.

Source: Natural Earth 1:110m countries (public domain), which ships inside pyogrio's wheel.
Kept: every country that meets a box around Europe, the Middle East, the Caucasus and
Africa, plus every country holding a place that data/places.geojson names (the United
States, Indonesia, Vietnam, the Dominican Republic …). Coordinates are snapped to a
0.01° grid (about 1 km, finer than the 1:110m source) so the file stays small; snapping
with shapely keeps the polygons valid. Each country has a `label` point [lon, lat] where the
map writes its name: Natural Earth's low-resolution file has no label points, so it is the
point of the country's largest part farthest from its border (shapely's polylabel), always
inside the outline, where a centroid may fall outside (a crescent, a coast with a bay).

Run from anywhere: `.venv/bin/python scripts/build_basemap.py`. The output is deterministic.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas
import pyogrio
import shapely
from shapely.geometry import box, mapping, shape
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a plain script, the repo root is not on sys.path
    sys.path.insert(0, str(ROOT))
from scripts.geojson_file import write_feature_collection  # noqa: E402

OUTPUT = ROOT / "data" / "basemap.geojson"
# The same bytes where Streamlit serves static files: the dashboard's map fetches it once,
# instead of receiving it again with every rerun.
STATIC_COPY = ROOT / "static" / "basemap.geojson"
PLACES = ROOT / "data" / "places.geojson"
NATURAL_EARTH = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
ATTRIBUTION = "Country outlines: Natural Earth 1:110m (naturalearthdata.com, public domain)."
# lon/lat: Iceland and the Atlantic coast to Iran and Central Asia, the Cape to the Barents Sea.
REGION = box(-25.0, -36.0, 65.0, 72.0)
GRID = 0.01
DECIMALS = 2
LABEL_TOLERANCE = 0.05  # degrees: how closely polylabel looks for the point farthest inside
# Places that stand for something wider than one country do not pull a country in.
WIDE_PLACE_KINDS = {"continent", "sea", "region", "corridor"}
# Natural Earth marks some countries "-99"; these have an agreed ISO code.
ISO_A3_FIXES = {"France": "FRA", "Norway": "NOR"}


def named_place_points() -> list:
    """A point inside each place the article names that lies in one country."""
    collection = json.loads(PLACES.read_text(encoding="utf-8"))
    return [
        shape(feature["geometry"]).representative_point()
        for feature in collection["features"]
        if feature["properties"]["kind"] not in WIDE_PLACE_KINDS
    ]


def build() -> dict:
    countries = geopandas.read_file(NATURAL_EARTH)
    points = named_place_points()
    in_region = countries.intersects(REGION)
    holds_place = countries.geometry.apply(lambda g: any(g.intersects(p) for p in points))
    kept = countries[in_region | holds_place].sort_values("name")
    features = []
    for row in kept.itertuples(index=False):
        iso = ISO_A3_FIXES.get(row.name, row.iso_a3)
        geometry = shapely.set_precision(row.geometry, GRID)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": row.name,
                    "iso_a3": None if iso == "-99" else iso,
                    "label": label_point(geometry),
                },
                "geometry": rounded(geometry),
            }
        )
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}


def label_point(geometry) -> list[float]:
    """Where the country's name goes: inside its largest part, as far from its border as can be."""
    parts = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    largest = max(parts, key=lambda part: part.area)
    point = polylabel(largest, tolerance=LABEL_TOLERANCE)
    return [round(point.x, DECIMALS), round(point.y, DECIMALS)]


def rounded(geometry) -> dict:
    """GeoJSON mapping with coordinates written as short decimals (the grid leaves float noise)."""

    def walk(item):
        if isinstance(item, (list, tuple)) and item and isinstance(item[0], float):
            return [round(c, DECIMALS) for c in item]
        return [walk(part) for part in item]

    mapped = mapping(geometry)
    return {"type": mapped["type"], "coordinates": walk(mapped["coordinates"])}


def check(collection: dict) -> None:
    """Refuse to write an outline that snapping emptied or made invalid."""
    problems = [
        f"{feature['properties']['name']!r}: empty or invalid geometry"
        for feature in collection["features"]
        if shape(feature["geometry"]).is_empty or not shape(feature["geometry"]).is_valid
    ]
    if problems:
        raise SystemExit("\n".join(problems))


def main() -> None:
    collection = build()
    check(collection)
    write_feature_collection(collection, OUTPUT)
    write_feature_collection(collection, STATIC_COPY)
    print(f"wrote {len(collection['features'])} countries to {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
