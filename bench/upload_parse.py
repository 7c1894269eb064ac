"""Parse time of large uploads (issue 24, size), from the repository root:

    .venv/bin/python -m bench.upload_parse [--sizes 10000,100000,200000] [--repeat 3]

For each size it writes seeded, valid files of that many events into a temporary folder (an
ACLED-like export and a plain CSV from bench/synthetic.py, and a GeoJSON of the same events),
then times `geo.io.upload.parse_upload` on each, in this process: the median of `--repeat` runs,
with the file's size and the number of events it maps. The figures before the columnar reader
(row by row, issue 24) are in bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench.extract_bench import machine_line
from bench.synthetic import acled_frame
from geo.io.upload import parse_upload


def plain_frame(acled: pd.DataFrame) -> pd.DataFrame:
    """The same events as a plain CSV: date, latitude, longitude, title, category, place, killed."""
    return pd.DataFrame(
        {
            "date": pd.to_datetime(acled["event_date"], format="%d %B %Y").dt.strftime("%Y-%m-%d"),
            "latitude": acled["latitude"],
            "longitude": acled["longitude"],
            "title": acled["sub_event_type"] + " in " + acled["location"],
            "category": acled["event_type"].map({"Battles": "armed-clash", "Protests": "context"}).fillna("strike"),
            "place": acled["location"],
            "killed": acled["fatalities"],
        }
    )


def geojson_text(plain: pd.DataFrame) -> str:
    """The plain CSV's events as a GeoJSON FeatureCollection of points."""
    features = [
        {
            "type": "Feature",
            "properties": {"date": date, "title": title, "category": category, "places": [place]},
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
        }
        for date, title, category, place, lon, lat in zip(
            plain["date"], plain["title"], plain["category"], plain["place"], plain["longitude"], plain["latitude"],
            strict=True,
        )
    ]  # fmt: skip
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def files(folder: Path, count: int) -> dict[str, Path]:
    acled = acled_frame(count)
    plain = plain_frame(acled)
    paths = {"ACLED CSV": folder / f"acled-{count}.csv", "plain CSV": folder / f"plain-{count}.csv"}
    acled.to_csv(paths["ACLED CSV"], index=False)
    plain.to_csv(paths["plain CSV"], index=False)
    paths["GeoJSON"] = folder / f"events-{count}.geojson"
    paths["GeoJSON"].write_text(geojson_text(plain), encoding="utf-8")
    return paths


def time_parse(path: Path, repeat: int) -> tuple[float, int]:
    content = path.read_bytes()
    times, mapped = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = parse_upload(content, path.name)
        times.append(time.perf_counter() - start)
        mapped = len(result.events)
    return statistics.median(times), mapped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,200000", help="events per file, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per file (the median is printed)")
    args = parser.parse_args()
    print(f"{machine_line()}; median of {args.repeat} run(s)", flush=True)
    print("| events | file | size | parse | mapped |\n| --- | --- | --- | --- | --- |", flush=True)
    with tempfile.TemporaryDirectory(prefix="upload-parse-") as work:
        for count in (int(size) for size in args.sizes.split(",")):
            for kind, path in files(Path(work), count).items():
                seconds, mapped = time_parse(path, args.repeat)
                size = path.stat().st_size / 2**20
                print(f"| {count:,} | {kind} | {size:.1f} MB | {seconds:.2f} s | {mapped:,} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
