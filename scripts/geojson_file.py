"""The one GeoJSON writer of the build scripts: a FeatureCollection with its `attribution`, one
feature per line, keys sorted, so the output is deterministic, small, and a diff shows which
feature changed."""

from __future__ import annotations

import json
from pathlib import Path


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def write_feature_collection(collection: dict, path: Path) -> None:
    lines = ",\n".join(_compact(f) for f in collection["features"])
    attribution = _compact(collection["attribution"])
    text = f'{{"attribution":{attribution},"features":[\n{lines}\n],"type":"FeatureCollection"}}\n'
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
