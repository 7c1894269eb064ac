"""What the build scripts of pinned sources share (scripts/build_marine_places.py, build_river_places.py,
build_country_points.py): reading a pinned source file, checked by its SHA-256, and writing the places as CSV."""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path


def read_pinned_source(path: Path, sha256: str) -> dict | None:
    """The GeoJSON at `path` when its SHA-256 is `sha256`; else None, having said why on stderr."""
    data = read_pinned_bytes(path, sha256)
    return None if data is None else json.loads(data)


def read_pinned_bytes(path: Path, sha256: str) -> bytes | None:
    """The bytes of the source file at `path` when its SHA-256 is `sha256`; else None, having said why on stderr."""
    if not path.is_file():
        print(f"the source file is not there: {str(path)!r} (see this script's docstring)", file=sys.stderr)
        return None
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        print(f"{str(path)!r} has SHA-256 {digest!r}, expected {sha256!r}", file=sys.stderr)
        return None
    return data


def write_places(rows: list[dict[str, str]], fields: list[str], output: Path) -> None:
    with output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
