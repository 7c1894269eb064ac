"""Build data/marine_places.csv: every named ocean, sea, gulf, bay, strait, sound, channel, lagoon and
fjord of Natural Earth's 1:10m marine areas (public domain), with a point inside each, for finding
places in any text ("the Indian Ocean", "the Persian Gulf", "the Bay of Bengal").

Source: Natural Earth `ne_10m_geography_marine_polys` as GeoJSON in the public repository
martynafford/natural-earth-geojson, commit 0b9a6ceb0a7032713abd9460ac1e995a9c60cd1e, path
`10m/physical/ne_10m_geography_marine_polys.json` (SHA-256 checked below). Natural Earth's own
repository is too large to bring here. Not kept in the repository: put the file at
`.cache/sources/ne_10m_geography_marine_polys.json` or pass `--source PATH`.

Each name gets the centre of its largest polygon, or a point inside that polygon where the centre
falls outside it (as countries get, see geo/text/gazetteer.py), rounded to 0.001°. Where Natural
Earth splits an ocean into North and South ("North Atlantic Ocean"), the whole ("Atlantic Ocean")
is listed too, placed the same way in the union of the two.

Run from the repository root: `.venv/bin/python scripts/build_marine_places.py [--source PATH]`.
The output is deterministic.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from shapely.geometry import shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from scripts.natural_earth import read_pinned_source, write_places  # noqa: E402

OUTPUT = ROOT / "data" / "marine_places.csv"
DEFAULT_SOURCE = ROOT / ".cache" / "sources" / "ne_10m_geography_marine_polys.json"
SOURCE_SHA256 = "3a50bf3ffcd2fde0da13e5503099c549ccc46885164fd8010e679b2372538fbc"
# Natural Earth's marine feature classes kept: named water bodies (not "generic", "reef", "river").
KINDS = ("ocean", "sea", "gulf", "bay", "strait", "sound", "channel", "lagoon", "fjord", "inlet")


def _name(raw: str) -> str:
    """'NORTH ATLANTIC OCEAN' -> 'North Atlantic Ocean'; 'Ross  Sea' -> 'Ross Sea'."""
    name = re.sub(r"\s+", " ", raw).strip()
    if name.isupper():
        name = " ".join(word.capitalize() if word not in ("OF", "THE") else word.lower() for word in name.split())
    return name


def marine_rows(collection: dict) -> list[dict[str, str]]:
    shapes: dict[str, list] = {}
    kinds: dict[str, str] = {}
    alternates: dict[str, set[str]] = {}
    for feature in collection["features"]:
        props = feature["properties"]
        kind, raw = props.get("featurecla"), props.get("name")
        if kind not in KINDS or not raw:
            continue
        name = _name(raw)
        geometry = shape(feature["geometry"])
        if geometry.is_empty:
            continue
        shapes.setdefault(name, []).append(geometry)
        kinds.setdefault(name, kind)
        if props.get("namealt"):
            alternates.setdefault(name, set()).add(_name(props["namealt"]))
    for name in [n for n in shapes if n.startswith("North ") and n.endswith(" Ocean")]:
        whole, south = name.removeprefix("North "), "South " + name.removeprefix("North ")
        if south in shapes and whole not in shapes:
            shapes[whole] = [unary_union(shapes[name] + shapes[south])]
            kinds[whole] = "ocean"
    rows = []
    for name in sorted(shapes):
        area = unary_union(shapes[name])
        largest = max(getattr(area, "geoms", [area]), key=lambda part: part.area)
        point = largest.centroid if largest.contains(largest.centroid) else largest.representative_point()
        rows.append(
            {
                "name": name,
                "other_names": "|".join(sorted(alternates.get(name, set()) - {name})),
                "kind": kinds[name],
                "lat": f"{point.y:.3f}",
                "lon": f"{point.x:.3f}",
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="ne_10m_geography_marine_polys.json")
    args = parser.parse_args(argv)
    collection = read_pinned_source(args.source, SOURCE_SHA256)
    if collection is None:
        return 2
    rows = marine_rows(collection)
    write_places(rows, ["name", "other_names", "kind", "lat", "lon"], OUTPUT)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(rows)} named marine areas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
