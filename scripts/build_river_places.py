"""Build data/river_places.csv: every named river of Natural Earth's 1:50m rivers and lake centerlines
(public domain), with a point on each, for finding places in any text ("the Danube", "Niger River").

Source: Natural Earth `ne_50m_rivers_lake_centerlines` as GeoJSON in the public repository
martynafford/natural-earth-geojson, commit 0b9a6ceb0a7032713abd9460ac1e995a9c60cd1e, path
`50m/physical/ne_50m_rivers_lake_centerlines.json` (SHA-256 checked below). Not kept in the
repository: put the file at `.cache/sources/ne_50m_rivers_lake_centerlines.json` or pass `--source PATH`.

Names are Natural Earth's English ones (`name_en`, else `name`). A river is drawn at the middle of
its longest stretch (its segments joined where they meet), rounded to 0.001°; lake centerlines
are left out (a lake is not its river).

Run from the repository root: `.venv/bin/python scripts/build_river_places.py [--source PATH]`.
The output is deterministic.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from shapely.geometry import shape
from shapely.ops import linemerge, unary_union

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from scripts.natural_earth import read_pinned_source, write_places  # noqa: E402

OUTPUT = ROOT / "data" / "river_places.csv"
DEFAULT_SOURCE = ROOT / ".cache" / "sources" / "ne_50m_rivers_lake_centerlines.json"
SOURCE_SHA256 = "8878c9b0dcf10c92b631408f92b599b320517561a3cc83f40e2024050255af5f"


def river_rows(collection: dict) -> list[dict[str, str]]:
    lines: dict[str, list] = {}
    for feature in collection["features"]:
        props = feature["properties"]
        name = (props.get("name_en") or props.get("name") or "").strip()
        if props.get("featurecla") != "River" or not name or not feature.get("geometry"):
            continue
        lines.setdefault(name, []).append(shape(feature["geometry"]))
    rows = []
    for name in sorted(lines):
        joined = unary_union(lines[name])
        merged = linemerge(joined) if joined.geom_type == "MultiLineString" else joined
        longest = max(getattr(merged, "geoms", [merged]), key=lambda part: part.length)
        point = longest.interpolate(0.5, normalized=True)
        rows.append({"name": name, "lat": f"{point.y:.3f}", "lon": f"{point.x:.3f}"})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="ne_50m_rivers_lake_centerlines.json")
    args = parser.parse_args(argv)
    collection = read_pinned_source(args.source, SOURCE_SHA256)
    if collection is None:
        return 2
    rows = river_rows(collection)
    write_places(rows, ["name", "lat", "lon"], OUTPUT)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(rows)} named rivers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
