"""Build data/country_points.csv: each country's GeoNames point (GeoNames' "middle of the country",
the point the field's gazetteers and geoparsers give a country), for drawing a country named in
any text (see geo/text/gazetteer.py, which keeps a point only where it lies inside the country's
outline and away from its capital).

Source: `countries-cities-currencies/countries.csv` of the public repository gvenzl/sample-data,
commit ff00f9e9c2837785227340286084152ba36ee210 (196 countries; latitude and longitude "pointing
to the average middle of the country", GeoNames' country coordinates; **CC BY 4.0**, © Gerald
Venzl; SHA-256 checked below). Not kept in the repository: put the file at
`.cache/sources/gvenzl-countries.csv` or pass `--source PATH`.

Run from the repository root: `.venv/bin/python scripts/build_country_points.py [--source PATH]`.
The output is deterministic.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from scripts.natural_earth import read_pinned_bytes, write_places  # noqa: E402

OUTPUT = ROOT / "data" / "country_points.csv"
DEFAULT_SOURCE = ROOT / ".cache" / "sources" / "gvenzl-countries.csv"
SOURCE_SHA256 = "5d4d5527a51a187a06c74f8bf5be83e473240757070d5d2d747a5a9a7eaf1462"
FIELDS = ["iso_a2", "name", "lat", "lon"]


def country_rows(text: str) -> list[dict[str, str]]:
    """One row per country with a point: its ISO 3166-1 alpha-2 code, name and point."""
    rows = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        code, lat, lon = row["COUNTRY_CODE"].strip(), row["LATITUDE"].strip(), row["LONGITUDE"].strip()
        if not lat or not lon:
            continue
        if len(code) != 2 or not (-90 <= float(lat) <= 90 and -180 <= float(lon) <= 180):
            raise ValueError(f"countries.csv line {number}: bad code or point {code!r}, {lat!r}, {lon!r}")
        rows.append({"iso_a2": code, "name": row["NAME"].strip(), "lat": lat, "lon": lon})
    return sorted(rows, key=lambda row: row["iso_a2"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="gvenzl/sample-data's countries.csv")
    args = parser.parse_args(argv)
    data = read_pinned_bytes(args.source, SOURCE_SHA256)
    if data is None:
        return 2
    rows = country_rows(data.decode("utf-8-sig"))
    write_places(rows, FIELDS, OUTPUT)
    print(f"wrote {len(rows)} countries to {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
