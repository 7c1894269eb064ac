"""Write data/areas.geojson: the areas of control of the 2020 war, from the curated list
(scripts/areas.toml) and Azerbaijan's district outlines (geoBoundaries AZE ADM2).

The district file is not kept in the repository (CC BY-SA 3.0, 500 KB): fetch it as data/README.md
says and give its path (default .cache/sources/geoBoundaries-AZE-ADM2.geojson); its SHA-256 is
checked, so the output rebuilds byte for byte. Outlines are simplified to about 300 m and rounded
to 4 decimals (about 10 m), so the file stays small enough for a browser.

Run: .venv/bin/python scripts/build_areas.py [--adm2 PATH]

To change only the words (states, dates, sources, names, notes and their translations in
scripts/areas.toml and scripts/areas_texts.toml) without the district file, run it with
--texts-only: it takes the geometry and label points of the existing data/areas.geojson as they
are and writes every other property again from the two TOML files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tomllib
from pathlib import Path

import geopandas as gpd
from shapely import set_precision
from shapely.geometry import LineString, mapping, shape
from shapely.ops import polylabel, unary_union

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from geo.model.areas import check_area  # noqa: E402
from geo.model.prepare import format_day  # noqa: E402
from geo.model.schema import DataError, parse_date  # noqa: E402
from scripts.geojson_file import write_feature_collection  # noqa: E402

CURATED_AREAS = Path(__file__).resolve().parent / "areas.toml"
# The states' texts and sources in Azerbaijani, Armenian and Russian: written as `text_az` … beside the English.
AREA_TEXTS = Path(__file__).resolve().parent / "areas_texts.toml"
PLACES_PATH = ROOT / "data" / "places.geojson"
AREAS_PATH = ROOT / "data" / "areas.geojson"
ADM2_PATH = ROOT / ".cache" / "sources" / "geoBoundaries-AZE-ADM2.geojson"
ADM2_SHA256 = "75fae71216af7e80445118ea8ef40feb55b75b4523918c5488380f437932ffd7"
SIMPLIFY_DEGREES = 0.003  # about 300 m: district outlines, not surveys
DECIMALS = 4
CORRIDOR_HALF_WIDTH_M = 2500  # the statement's corridor is 5 km wide
LOCAL_CRS = "EPSG:32638"  # UTM 38N, metres around Karabakh

ATTRIBUTION = (
    "District outlines: geoBoundaries AZE ADM2 (boundaryID AZE-ADM2-54616110, from Wikipedia's map of Azerbaijan's "
    "districts), CC BY-SA 3.0, www.geoboundaries.org; simplified, merged and dated by this project (the same licence). "
    "States and dates: the 10 November 2020 statement and the sources each state names."
)

HELD_BY = "the de facto Nagorno-Karabakh (Artsakh) authorities and Armenian forces"
RECOGNISED = "internationally recognised as part of Azerbaijan"
STATUS_TEXT = {
    "held": f"Held by {HELD_BY}; {RECOGNISED}",
    "held-part": f"Held in part by {HELD_BY} (the line of contact crossed the district, drawn whole); {RECOGNISED}",
    "held-az": "Held by Azerbaijan's forces",
    "peacekeeping": f"Russian peacekeeping area, held by {HELD_BY}",
    "peacekeeping-part": (
        "In part Russian peacekeeping area, the rest held by Azerbaijan's forces (the district is drawn whole)"
    ),
    "corridor": "Lachin / Berdzor corridor: Russian peacekeeping area",
}


def _state(start: str, end: str | None, status: str, text: str, source: str, paragraphs=()) -> dict:
    return {"start": start, "end": end, "status": status, "text": text, "source": source,
            "source_paragraphs": list(paragraphs)}  # fmt: skip


def _pre_war(area: dict, curated: dict) -> list[dict]:
    """Before the war, then during it (no front line drawn), for areas held before the war."""
    if area["before"] == "none":
        return []
    pre, fighting = curated["pre_war"], curated["fighting"]
    after_start = area.get("after_start", curated["statement"]["start"])
    was = "held in part" if area["before"] == "held-part" else "held"
    return [
        _state(pre["start"], pre["end"], area["before"], STATUS_TEXT[area["before"]], pre["source"]),
        _state(fighting["start"], after_start, "fighting",
               f"Fighting from 27 September 2020; before it, {was} by {HELD_BY}. No front line is drawn",
               fighting["source"], fighting["source_paragraphs"]),
    ]  # fmt: skip


def _after(area: dict, curated: dict) -> list[dict]:
    """From the statement (or the date the area changed hands) on."""
    statement = curated["statement"]
    if "handover" in area:
        day = format_day(parse_date(area["handover"]))
        note = f", {area['handover_note']}" if "handover_note" in area else ""
        return [
            _state(statement["start"], area["handover"], area["before"],
                   STATUS_TEXT[area["before"]] + "; to pass to Azerbaijani control under the 10 November statement",
                   statement["source"] + " Point 2: the district passes to Azerbaijani control.",
                   statement["source_paragraphs"]),
            _state(area["handover"], None, "handed-over", f"Passed to Azerbaijani control on {day}{note}",
                   f"The 10 November 2020 statement, point 2 (the article, paragraph 22). The date, {day}, comes "
                   "from outside the article (reported on that day).", [22]),
        ]  # fmt: skip
    after = area["after"]
    source = area.get("after_source") or (curated["peacekeeping"] if after.startswith("peace") else statement)["source"]
    paragraphs = (
        area.get("after_paragraphs")
        or (curated["peacekeeping"] if after.startswith("peace") else statement)["source_paragraphs"]
    )
    start = area.get("after_start", statement["start"])
    text = STATUS_TEXT[after] + (f" from {format_day(parse_date(start))}" if after == "held-az" else "")
    return [_state(start, None, after, text, source, paragraphs)]


def _day_in(date_text: str, words: dict) -> str:
    """A date in the language of `words`, e.g. "25 noyabr 2020", "2020 թվականի նոյեմբերի 25", "25 ноября 2020 года"."""
    day = parse_date(date_text)
    return words["date"].format(d=day.day, month=words["months"][day.month - 1], y=day.year)


def _translated(area: dict, curated: dict, words: dict) -> list[tuple[str, str]]:
    """(text, source) of each state `_pre_war` and `_after` give, in the same order, in the language of
    `words` (one table of scripts/areas_texts.toml). A missing translation stops the build (KeyError)."""
    source = words["source"]
    states = []
    if area["before"] != "none":
        fighting = "fighting-held-part" if area["before"] == "held-part" else "fighting-held"
        states += [(words[area["before"]], source["pre_war"]), (words[fighting], source["fighting"])]
    if "handover" in area:
        day = _day_in(area["handover"], words)
        note = words["handover-note"][area["id"]] if "handover_note" in area else ""
        return [
            *states,
            (words[area["before"]] + words["to-pass"], source["statement"] + source["point2"]),
            (words["passed"].format(day=day, note=note), source["handover"].format(day=day)),
        ]
    after = area["after"]
    start = area.get("after_start", curated["statement"]["start"])
    text = words["held-az-from"].format(day=_day_in(start, words)) if after == "held-az" else words[after]
    if "after_source" in area:
        after_source = source[area["id"]]
    else:
        after_source = source["peacekeeping" if after.startswith("peace") else "statement"]
    return [*states, (text, after_source)]


def _states(area: dict, curated: dict, texts: dict) -> list[dict]:
    """The area's states in English, each with its translations (`text_az`, `source_az` …)."""
    states = _pre_war(area, curated) + _after(area, curated)
    for lang, words in texts.items():
        for state, (text, source) in zip(states, _translated(area, curated, words), strict=True):
            state[f"text_{lang}"], state[f"source_{lang}"] = text, source
    return states


def _rounded(geometry):
    simplified = geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    return set_precision(simplified, 10**-DECIMALS).buffer(0)


def corridor_band(districts: gpd.GeoDataFrame) -> object:
    """The corridor as a band 5 km wide along the schematic line of data/places.geojson, inside Azerbaijan's
    districts (the line begins at Goris in Armenia)."""
    places = json.loads(PLACES_PATH.read_text(encoding="utf-8"))["features"]
    line = next(shape(f["geometry"]) for f in places if f["properties"]["id"] == "lachin-corridor")
    band = gpd.GeoSeries([LineString(line.coords)], crs="EPSG:4326").to_crs(LOCAL_CRS).buffer(CORRIDOR_HALF_WIDTH_M)
    inside = unary_union(districts.geometry.values)
    return band.to_crs("EPSG:4326").iloc[0].intersection(inside)


def _properties(area: dict, curated: dict, texts: dict, label_point: list[float]) -> dict:
    """An area's properties: everything the TOML files say about it, and its label point."""
    props = {
        "id": area["id"],
        "names": area["names"],
        "contested_names": area.get("contested_names"),
        "precision": "approximate",
        "label_point": label_point,
        "states": _states(area, curated, texts),
    }
    if "note" in area:
        props["note"] = area["note"]
        props.update({f"note_{lang}": words["note"][area["id"]] for lang, words in texts.items()})
    return props


def _checked(features: list[dict], curated_path: Path) -> dict:
    problems = [p for i, f in enumerate(features) for p in check_area(f, i, str(curated_path))[1]]
    if problems:
        raise DataError(problems)
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}


def apply_texts(collection: dict, curated_path: Path = CURATED_AREAS) -> dict:
    """`collection` (the areas as built) with every property but the label point written again from
    the TOML files; geometries untouched. The areas must be the same, in the same order."""
    curated = tomllib.loads(curated_path.read_text(encoding="utf-8"))
    texts = tomllib.loads(AREA_TEXTS.read_text(encoding="utf-8"))
    ids = [f["id"] for f in collection["features"]]
    if ids != [area["id"] for area in curated["area"]]:
        raise SystemExit(f"{curated_path}: the areas differ from the built file's {ids!r}: rebuild with --adm2")
    features = [
        {**feature, "properties": _properties(area, curated, texts, feature["properties"]["label_point"])}
        for feature, area in zip(collection["features"], curated["area"], strict=True)
    ]
    return _checked(features, curated_path)


def build(adm2_path: Path = ADM2_PATH, curated_path: Path = CURATED_AREAS) -> dict:
    digest = hashlib.sha256(adm2_path.read_bytes()).hexdigest()
    if digest != ADM2_SHA256:
        raise SystemExit(f"{adm2_path}: SHA-256 {digest!r} is not the pinned {ADM2_SHA256!r} (see data/README.md)")
    curated = tomllib.loads(curated_path.read_text(encoding="utf-8"))
    texts = tomllib.loads(AREA_TEXTS.read_text(encoding="utf-8"))
    districts = gpd.read_file(adm2_path).set_index("shapeName")
    corridor = corridor_band(districts)
    features = []
    for area in curated["area"]:
        if area.get("corridor"):
            geometry = corridor
        else:
            geometry = unary_union([districts.loc[name, "geometry"] for name in area["districts"]])
            if area.get("minus_corridor"):
                geometry = geometry.difference(corridor)
        geometry = _rounded(geometry)
        point = polylabel(max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area), tolerance=0.001)
        props = _properties(area, curated, texts, [round(point.x, DECIMALS), round(point.y, DECIMALS)])
        features.append({"type": "Feature", "id": area["id"], "properties": props, "geometry": mapping(geometry)})
    return _checked(features, curated_path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adm2", type=Path, default=ADM2_PATH, help="geoBoundaries AZE ADM2 GeoJSON")
    parser.add_argument(
        "--texts-only",
        action="store_true",
        help="keep the geometry of the existing data/areas.geojson, write the rest again from the TOML files",
    )
    args = parser.parse_args()
    built = apply_texts(json.loads(AREAS_PATH.read_text(encoding="utf-8"))) if args.texts_only else build(args.adm2)
    collection = json.loads(json.dumps(built))  # tuples to lists, as the file will hold them
    write_feature_collection(collection, AREAS_PATH)
    size = AREAS_PATH.stat().st_size
    print(f"wrote {AREAS_PATH.relative_to(ROOT)}: {len(collection['features'])} areas, {size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
