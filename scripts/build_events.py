"""Write data/events.geojson from the curated list of events the article reports.

Each event names its places by id; its geometry is taken from data/places.geojson:
a Point for one place, a MultiPoint for several. Polygons contribute their
representative point (always inside the shape), lines their midpoint.

Run: .venv/bin/python scripts/build_events.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[1]
PLACES_PATH = ROOT / "data" / "places.geojson"
EVENTS_PATH = ROOT / "data" / "events.geojson"

# Run as a plain script, the repo root is not on sys.path; the `geo` package lives there.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from geo.model.schema import DataError, check_collection, check_event, duplicate_ids  # noqa: E402

COORDINATE_DECIMALS = 5  # about 1 m; more digits only add noise to the file

# Central African states, then West African ones.
CFA_COUNTRIES_IN_ARTICLE = [
    "cameroon",
    "central-african-republic",
    "chad",
    "dr-congo",
    "equatorial-guinea",
    "gabon",
    "benin",
    "burkina-faso",
    "ivory-coast",
    "guinea-bissau",
    "mali",
    "niger",
    "senegal",
    "togo",
]

NON_ALIGNED_COUNCIL_MEMBERS = [
    "dominican-republic",
    "indonesia",
    "niger",
    "saint-vincent-and-the-grenadines",
    "south-africa",
    "tunisia",
    "vietnam",
]

BARDA_REPORTER = (
    "Azerbaijani authorities (from outside the article); the article gives the same figures "
    "without naming a source"
)

# In date order. Summaries are in a neutral voice; the article's own framing and
# assertions go, attributed and paraphrased, into source_claim.
EVENTS: list[dict] = [
    {
        "id": "berlin-conference-1885",
        "date": "1885",
        "date_precision": "year",
        "title": "Berlin Conference on the partition of Africa",
        "summary": (
            "European powers met in Berlin in 1884–85 and adopted a General Act laying down rules "
            "for claiming territory in Africa. In the decades that followed France built up one of "
            "the largest colonial empires on the continent."
        ),
        "category": "context",
        "places": ["berlin", "africa", "france"],
        "source_paragraphs": [7, 8],
        "source_claim": (
            "The article says the conference's General Act of 1885 left France a leading colonial "
            "power in Africa (citing its reference 2, p. 420). It sets this within a "
            "contest in which France, Britain and Germany each sought to dominate Africa, which it "
            "compares with the nineteenth-century Anglo-Russian 'Great Game' over Asia."
        ),
    },
    {
        "id": "mitterrand-africa-remark-1957",
        "date": "1957",
        "date_precision": "year",
        "title": "Mitterrand ties France's future to Africa",
        "summary": (
            "In 1957 François Mitterrand, decades before he became French president, said that "
            "France's place in the coming century depended on Africa."
        ),
        "category": "context",
        "places": ["france", "africa"],
        "source_paragraphs": [9],
        "source_claim": (
            "The article quotes Mitterrand, whom it calls Jacques Chirac's predecessor, as saying in "
            "1957 that France's history in the 21st century hinged on Africa (citing its reference "
            "20), next to an undated remark by Chirac that France would fall to third-rank status "
            "without Africa; it presents both as evidence of how much France depends on the continent."
        ),
    },
    {
        "id": "france-african-reserves-1961",
        "date": "1961",
        "date_precision": "year",
        "title": "France and the currency reserves of 14 African countries",
        "summary": (
            "After independence, most former French colonies in West and Central Africa kept "
            "currencies tied to France (the CFA franc) and deposited part of their foreign-exchange "
            "reserves with the French Treasury. The list of 14 countries is the article's: it "
            "includes the Democratic Republic of the Congo, which never used the CFA franc, and "
            "Guinea-Bissau, which adopted it only in 1997."
        ),
        "category": "context",
        "places": ["france", *CFA_COUNTRIES_IN_ARTICLE],
        "source_paragraphs": [9, 10],
        "source_claim": (
            "The article claims that from 1961 France controlled the national reserves of 14 "
            "African states, which it lists (citing its reference 22), that they were obliged to "
            "keep their currency reserves in France's central bank, and that Africa still pays France "
            "a colonial debt worth about $500 billion a year, a figure it ties to no particular "
            "reference. It argues that France therefore treats Turkey's growing role in Africa and "
            "the Middle East as a serious threat, which is why it sided with Armenia."
        ),
    },
    {
        "id": "armenian-forces-take-shusha-1992",
        "date": "1992-05",
        "date_precision": "month",
        "title": "Armenian forces take Shusha / Shushi",
        "summary": (
            "Armenian forces captured the town of Shusha / Shushi in May 1992, during the first "
            "Karabakh war. The date comes from outside the article, which says only that the town "
            "had been held for 28 years when Azerbaijani forces took it in 2020."
        ),
        "category": "territorial-change",
        "places": ["shusha"],
        "source_paragraphs": [22],
        "source_claim": (
            "The article mentions this only indirectly, saying Shusha had been under occupation for "
            "28 years when Azerbaijani forces took it in November 2020."
        ),
    },
    {
        "id": "ceasefire-1994",
        "date": "1994-05",
        "date_precision": "month",
        "title": "Ceasefire ends the first Karabakh war",
        "summary": (
            "A ceasefire mediated by Russia took effect in May 1994 and halted the large-scale "
            "fighting of the first Karabakh war, leaving a line of contact that held, with "
            "flare-ups, until 2020. The article refers to it only as a ceasefire of 26 years."
        ),
        "category": "ceasefire",
        "places": ["nagorno-karabakh"],
        "source_paragraphs": [12],
        "source_claim": (
            "The article says Azerbaijan's 2020 advance, which it describes as regaining territory "
            "Armenia had occupied, grew out of political conditions that took shape over a "
            "26-year ceasefire."
        ),
    },
    {
        "id": "four-day-war-2016",
        "date": "2016-04",
        "date_precision": "month",
        "title": "Four-Day War",
        "summary": (
            "Heavy fighting broke out along the line of contact around Nagorno-Karabakh / Artsakh in "
            "early April 2016 and lasted about four days before a ceasefire was agreed with Russian "
            "mediation."
        ),
        "category": "armed-clash",
        "places": ["nagorno-karabakh"],
        "source_paragraphs": [12],
        "source_claim": (
            "The article cites the April 2016 fighting as a case where Moscow, because a short clash "
            "did not upset its overall policy in the region, kept quiet for a while or merely made "
            "its presence felt."
        ),
    },
    {
        "id": "second-karabakh-war",
        "date": "2020-09-27",
        "date_precision": "day",
        "end_date": "2020-11-10",
        "title": "Second Karabakh war (44-day war)",
        "summary": (
            "Large-scale fighting between Azerbaijani and Armenian forces broke out on 27 September "
            "2020 in and around Nagorno-Karabakh / Artsakh. It lasted 44 days, until the trilateral "
            "statement of 10 November 2020, and ended with Azerbaijan back in control of large areas "
            "it had lost in the early 1990s."
        ),
        "category": "armed-clash",
        "places": ["nagorno-karabakh"],
        "source_paragraphs": [1, 12, 13, 22, 26, 34],
        "source_claim": (
            "The article says intense clashes began on 27 September and that Azerbaijan waged a "
            "44-day operation named 'Iron Fist', which it presents as Azerbaijan regaining its "
            "occupied lands. It calls the result Azerbaijan's victory and Armenia's heavy defeat and "
            "argues the war created a new geopolitical reality in the South Caucasus that regional "
            "and global powers have accepted."
        ),
    },
    {
        "id": "france-calls-for-ceasefire",
        "date": "2020-09",
        "date_precision": "month",
        "not_before": "2020-09-27",
        "title": "France calls for a ceasefire",
        "summary": (
            "France called for a ceasefire as soon as the fighting began and voiced concern about "
            "Turkey's role. The article gives no exact day, only that the call came right after the "
            "war broke out, so the event is dated to the month and placed at the war's first day."
        ),
        "category": "diplomacy",
        "places": ["paris"],
        "source_paragraphs": [6, 11],
        "source_claim": (
            "The article says France's immediate call for a ceasefire came with strong concern over "
            "what it calls Turkey's alleged efforts to push Azerbaijan to retake Nagorno-Karabakh; it "
            "argues that the Armenian community influenced the statement but that its real motive was "
            "France's rivalry with Turkey in Libya and the eastern Mediterranean (citing its "
            "reference 24). It adds that France openly backed Armenia and even tried to have the "
            "self-declared 'Nagorno-Karabakh Republic' recognised."
        ),
    },
    {
        "id": "france-raises-foreign-fighter-reports",
        "date": "2020-10",
        "date_precision": "month",
        "title": "France raises reports of fighters from Syria",
        "summary": (
            "French leaders said in early October 2020 that fighters from Syria had been brought in to "
            "fight on Azerbaijan's side; Azerbaijan and Turkey denied it. The article, which dates none "
            "of this, says France also wanted the matter taken up in the Council of Europe in "
            "Strasbourg."
        ),
        "category": "diplomacy",
        "places": ["paris", "strasbourg"],
        "source_paragraphs": [2],
        "source_claim": (
            "The article claims Armenia spread false reports that Syrian mercenaries and jihadist "
            "groups were present in Azerbaijan, and that France, failing or refusing to check them, "
            "endorsed them without reservation, gave the matter a religious dimension and called for "
            "it to be discussed in the Council of Europe. It argues this broke with France's duty of "
            "impartiality as a Minsk Group mediator and stemmed from its clash with Turkey over the "
            "Middle East, the Mediterranean and Africa."
        ),
    },
    {
        "id": "moscow-humanitarian-ceasefire",
        "date": "2020-10-10",
        "date_precision": "day",
        "end_date": "2020-10-11",
        "title": "Humanitarian ceasefire agreed in Moscow",
        "summary": (
            "At talks hosted by Russia, the foreign ministers of Azerbaijan and Armenia agreed on a "
            "humanitarian ceasefire from 10 October 2020 so that prisoners of war, other detainees "
            "and the bodies of the dead could be exchanged. It collapsed within about a day, and both "
            "sides accused each other of breaking it."
        ),
        "category": "ceasefire",
        "places": ["moscow", "nagorno-karabakh"],
        "source_paragraphs": [13, 15],
        "source_claim": (
            "The article says Russia stepped in nearly two weeks into the fighting by inviting both "
            "foreign ministers to Moscow, where the truce from 10 October was agreed (citing its "
            "reference 3). It argues the truce mattered to Russia as a way to show that it held the "
            "key to a settlement in a region it regards as its backyard, that the truce was plainly "
            "never going to last, and that Armenia broke it. It reports President Ilham Aliyev as "
            "describing the truce as a chance Azerbaijan had given Armenia."
        ),
    },
    {
        "id": "missile-strikes-after-moscow-ceasefire",
        "date": "2020-10-11",
        "date_precision": "day",
        "date_approximate": True,
        "title": "Missile strikes on Ganja, Mingachevir, Barda, Goranboy and Terter",
        "summary": (
            "Missiles hit Ganja, Azerbaijan's second-largest city, as well as Mingachevir, Barda, "
            "Goranboy and Terter, with civilians killed and wounded in Ganja. Azerbaijan attributed the "
            "strikes to Armenian forces; Armenia denied firing on Azerbaijani towns from its territory "
            "(both positions from outside the article). The article dates the strikes only relative to "
            "the Moscow ceasefire, within about 24 hours of it, so the day shown is approximate."
        ),
        "category": "strike",
        "places": ["ganja", "mingachevir", "barda", "goranboy", "terter"],
        "source_paragraphs": [13, 14, 15],
        "source_claim": (
            "The article says that barely a day after the truce these and other Azerbaijani cities, "
            "districts and villages came under missile fire from Armenian territory, and calls the "
            "strikes on civilians in Ganja another example of Armenian terror. It argues Armenia hoped "
            "to draw the CSTO into the war if Azerbaijan hit back at Armenian territory, and that this "
            "step hurt Moscow's standing. It gives no casualty figures."
        ),
    },
    {
        "id": "ceasefire-2020-10-18",
        "date": "2020-10-18",
        "date_precision": "day",
        "title": "Second humanitarian ceasefire declared",
        "summary": (
            "A new humanitarian ceasefire was announced to begin on 18 October 2020, following contacts "
            "with the OSCE Minsk Group co-chairs. Fighting resumed almost at once, and both sides "
            "accused each other of breaking it."
        ),
        "category": "ceasefire",
        "places": ["nagorno-karabakh", "france"],
        "source_paragraphs": [15],
        "source_claim": (
            "The article says the truce came after the Minsk Group mediators, France above all, "
            "intervened, and that Armenian armed forces violated it within minutes (citing its "
            "reference 4)."
        ),
    },
    {
        "id": "un-security-council-closed-meeting",
        "date": "2020-10-19",
        "date_precision": "day",
        "title": "UN Security Council discusses the war behind closed doors",
        "summary": (
            "The UN Security Council held closed consultations on the conflict in New York on "
            "19 October 2020. Russia and France, co-chairs of the OSCE Minsk Group, then circulated a "
            "draft statement; seven Non-Aligned Movement members of the Council (the Dominican "
            "Republic, Indonesia, Niger, Saint Vincent and the Grenadines, South Africa, Tunisia and "
            "Vietnam) asked for it to refer to the Council's earlier resolutions on the conflict. "
            "According to the article, their stand led to the draft's withdrawal."
        ),
        "category": "diplomacy",
        "places": ["new-york", "russia", "france", "united-states", *NON_ALIGNED_COUNCIL_MEMBERS],
        "source_paragraphs": [19, 20, 21],
        "source_claim": (
            "The article says the three mediating countries revealed their true positions at the "
            "closed meeting and that the Russian-French draft left out Security Council resolutions "
            "822, 853, 874 and 884, which it argues was meant to sideline Azerbaijan's territorial "
            "integrity, clear the way for new pro-Armenian decisions and stall the end of the "
            "occupation. It says the co-chairs rejected the Non-Aligned members' request, but that "
            "their firm stand led to the draft being withdrawn (citing its reference 8), and it "
            "praises the Non-Aligned Movement for upholding international law while accusing the "
            "co-chairs of taking Armenia's side."
        ),
    },
    {
        "id": "washington-separate-meetings",
        "date": "2020-10-23",
        "date_precision": "day",
        "title": "Separate talks with the foreign ministers in Washington",
        "summary": (
            "US Secretary of State Mike Pompeo met the foreign ministers of Azerbaijan and Armenia "
            "separately in Washington on 23 October 2020."
        ),
        "category": "diplomacy",
        "places": ["washington"],
        "source_paragraphs": [16],
        "source_claim": (
            "The article says Pompeo invited the two ministers in a bid to ease tension, that the "
            "separate meetings were held on 23 October (citing its reference 25), and that a US move "
            "to take a hand in the situation had been expected."
        ),
    },
    {
        "id": "ceasefire-2020-10-26",
        "date": "2020-10-26",
        "date_precision": "day",
        "title": "Third humanitarian ceasefire declared",
        "summary": (
            "After the Washington talks a third humanitarian ceasefire was announced to begin on "
            "26 October 2020. It broke down almost immediately, with each side blaming the other."
        ),
        "category": "ceasefire",
        "places": ["nagorno-karabakh", "washington"],
        "source_paragraphs": [16],
        "source_claim": (
            "The article says the third truce followed the Washington discussions and that Armenia "
            "once more broke it within minutes (citing its reference 9)."
        ),
    },
    {
        "id": "missile-strike-on-barda",
        "date": "2020-10-28",
        "date_precision": "day",
        "title": "Missile strike on Barda",
        "summary": (
            "A rocket attack hit the Azerbaijani town of Barda on 28 October 2020, killing and "
            "wounding civilians. Azerbaijani authorities put the toll at 21 dead and more than 70 "
            "injured. Amnesty International and Human Rights Watch reported that cluster munitions hit "
            "the town and attributed the attack to Armenian forces; Armenia denied responsibility. The "
            "toll's source and these reports come from outside the article."
        ),
        "category": "strike",
        "places": ["barda"],
        "source_paragraphs": [17, 18],
        "source_claim": (
            "The article says Armenian forces, unable to stand up to Azerbaijan's army on the "
            "battlefield, again went after civilians and struck Barda with Smerch multiple rocket "
            "launchers; it puts the toll at 21 dead, with more than 70 badly hurt; it gives no reference "
            "for this. It adds that the Minsk Group co-chairs and major powers did not condemn such "
            "attacks on civilians."
        ),
        "casualties": {
            "killed": 21,
            "injured": 70,
            "qualifier": "more than 70, described as severely wounded",
            "reported_by": BARDA_REPORTER,
        },
    },
    {
        "id": "azerbaijani-forces-take-shusha",
        "date": "2020-11-08",
        "date_precision": "day",
        "title": "Azerbaijani forces take Shusha / Shushi",
        "summary": (
            "Azerbaijani forces took control of the town of Shusha / Shushi, on the heights above "
            "Khankendi / Stepanakert, on 8 November 2020."
        ),
        "category": "territorial-change",
        "places": ["shusha"],
        "source_paragraphs": [22],
        "source_claim": (
            "The article says Shusha, a city of deep symbolic meaning for Azerbaijanis, was "
            "'liberated' on 8 November after 28 years of occupation, and argues that its loss left "
            "Armenia unable to manoeuvre or mislead the world, so that surrender was its only option."
        ),
    },
    {
        "id": "aliyev-announces-villages-taken",
        "date": "2020-11-09",
        "date_precision": "day",
        "title": "Azerbaijan's president announces more villages taken",
        "summary": (
            "On 9 November 2020 Azerbaijan's President Ilham Aliyev announced that his forces had "
            "taken control of 71 more villages, a settlement and eight hills. The figures are his, as "
            "reported in the article."
        ),
        "category": "territorial-change",
        "places": ["nagorno-karabakh"],
        "source_paragraphs": [22],
        "source_claim": (
            "The article says Aliyev told the nation that the army, which it calls victorious, had "
            "freed another 71 villages, one settlement and eight hills it describes as strategic "
            "from what it terms Armenian occupation."
        ),
    },
    {
        "id": "trilateral-statement-2020-11-10",
        "date": "2020-11-10",
        "date_precision": "day",
        "title": "Trilateral statement ends the fighting",
        "summary": (
            "On 10 November 2020 Azerbaijan's President Ilham Aliyev, Russia's President Vladimir "
            "Putin and Armenia's Prime Minister Nikol Pashinyan signed a statement on a complete "
            "ceasefire. It provided for Armenian forces to leave the Aghdam / Akna, Kalbajar / "
            "Karvachar and Lachin / Berdzor districts and for Russian peacekeepers to deploy."
        ),
        "category": "agreement",
        "places": ["moscow", "baku", "yerevan", "nagorno-karabakh"],
        "source_paragraphs": [22, 23],
        "source_claim": (
            "The article says Aliyev had demanded a timetable for an Armenian pull-out, that Armenia "
            "held out until 10 November at heavy cost, and that after the fall of Shusha surrender was "
            "its only way out; it describes the statement, signed by the two presidents and Armenia's "
            "prime minister, as ending hostilities in the conflict zone (citing its reference 14)."
        ),
    },
    {
        "id": "russian-peacekeepers-deploy",
        "date": "2020-11-10",
        "date_precision": "day",
        "title": "Russian peacekeepers deploy",
        "summary": (
            "Under the trilateral statement a limited Russian peacekeeping contingent was deployed "
            "along the line of contact in Nagorno-Karabakh / Artsakh and along the Lachin / Berdzor "
            "corridor linking it with Armenia; the first units set off as soon as the statement was "
            "signed."
        ),
        "category": "peacekeeping",
        "places": ["nagorno-karabakh", "lachin-corridor"],
        "source_paragraphs": [22, 32],
        "source_claim": (
            "The article says Russian peacekeepers were dispatched to Karabakh straight after the "
            "statement was signed, that Azerbaijan is deeply worried by what it sees as the force's "
            "pro-Armenian conduct going beyond a legitimate peacekeeping role, and that Russia's "
            "arrival in the region in this form is a serious risk from Azerbaijan's standpoint."
        ),
    },
    {
        "id": "armenian-withdrawal-from-three-districts",
        "date": "2020-11-10",
        "date_precision": "day",
        "end_date": "2020-12-01",
        "title": "Armenian withdrawal from Aghdam / Akna, Kalbajar / Karvachar and Lachin / Berdzor",
        "summary": (
            "The trilateral statement required Armenia to withdraw its forces from the Aghdam / Akna, "
            "Kalbajar / Karvachar and Lachin / Berdzor districts in stages by 1 December 2020. The "
            "districts passed to Azerbaijani control one after another: Aghdam / Akna on 20 November, "
            "Kalbajar / Karvachar on 25 November and Lachin / Berdzor on 1 December, except for the "
            "corridor itself, which was left to the Russian peacekeepers. These three dates come from "
            "outside the article."
        ),
        "category": "territorial-change",
        "places": ["aghdam", "kalbajar", "lachin"],
        "source_paragraphs": [22],
        "source_claim": (
            "The article says Armenia undertook to pull its troops out step by step by 1 December "
            "2020 from the Aghdam, Kalbajar and Lachin districts, which it describes as occupied "
            "Azerbaijani land (citing its reference 14)."
        ),
    },
    {
        "id": "moscow-trilateral-meeting-2021",
        "date": "2021-01-11",
        "date_precision": "day",
        "title": "Leaders meet in Moscow and sign a follow-up statement",
        "summary": (
            "Vladimir Putin, Ilham Aliyev and Nikol Pashinyan met in Moscow on 11 January 2021 and "
            "signed a statement building on the November 2020 agreement. It set up a trilateral "
            "working group led by deputy prime ministers, with expert groups under it, to plan the "
            "reopening of transport and economic links in the region."
        ),
        "category": "agreement",
        "places": ["moscow"],
        "source_paragraphs": [23, 24, 25, 28, 29, 30],
        "source_claim": (
            "The article says the statement, signed behind closed doors, was essential for spelling "
            "out the 10 November 2020 statement but left some points unclear, did not mention "
            "Nagorno-Karabakh's status and gave Azerbaijan neither full reassurance nor much cause "
            "for worry. It argues that a key result of the meeting was that the OSCE Minsk Group's "
            "mediation became practically useless (citing its references 1 and 18), and that Moscow's "
            "role in ending the war pushed the other co-chairs, France and the United States, out of "
            "the peace process."
        ),
    },
    {
        "id": "planned-transport-links-2021",
        "date": "2021-01-11",
        "date_precision": "day",
        "title": "Planned transport links through the region",
        "summary": (
            "The January 2021 statement took forward the November 2020 commitment to reopen regional "
            "transport routes closed since the first Karabakh war: a link across Armenian territory "
            "between mainland Azerbaijan and its Nakhchivan exclave, and rail connections for Armenia "
            "to Russia and Iran through Azerbaijan. Azerbaijan calls the Nakhchivan route a corridor; "
            "its terms remained disputed."
        ),
        "category": "infrastructure",
        "places": ["nakhchivan-ar", "nakhchivan-corridor", "armenia", "russia", "iran", "turkey"],
        "source_paragraphs": [24, 32],
        "source_claim": (
            "The article says the arrangements will connect Azerbaijan with its Nakhchivan Autonomous "
            "Republic by routes across Armenia, give Armenia a rail connection to Russia and Iran "
            "across Azerbaijan, open the Turkish market to Azerbaijan through Nakhchivan and join the "
            "Turkish and Russian rail hubs. It argues that a corridor between Nakhchivan and the rest "
            "of Azerbaijan, opened after what it calls Armenia's formal surrender, will give Turkey "
            "and Azerbaijan an unbroken transport route, boost the Turkic world and make Azerbaijan a "
            "key transit state."
        ),
    },
]


def representative_positions(places_path: Path = PLACES_PATH) -> dict[str, tuple[float, float]]:
    """One (lon, lat) per place id: the point itself, a line's midpoint, a polygon's representative point."""
    source = str(places_path)
    features, problems = check_collection(source, json.loads(places_path.read_text(encoding="utf-8")))
    if problems:
        raise DataError(problems)
    positions = {}
    for feature in features:
        geometry = shape(feature["geometry"])
        if geometry.geom_type in ("LineString", "MultiLineString"):
            point = geometry.interpolate(0.5, normalized=True)
        elif geometry.geom_type == "Point":
            point = geometry
        else:
            point = geometry.representative_point()
        positions[feature["properties"]["id"]] = (
            round(point.x, COORDINATE_DECIMALS),
            round(point.y, COORDINATE_DECIMALS),
        )
    return positions


def line_place_ids(places_path: Path = PLACES_PATH) -> set[str]:
    """Corridors and routes: drawn as lines only when asked for, so no event marker sits on one
    while the event names other places."""
    features = json.loads(places_path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["id"] for f in features if f["geometry"]["type"] in ("LineString", "MultiLineString")}


def event_geometry(place_ids: list[str], positions: dict[str, tuple[float, float]]) -> dict:
    coordinates = [list(positions[place]) for place in place_ids]
    if len(coordinates) == 1:
        return {"type": "Point", "coordinates": coordinates[0]}
    return {"type": "MultiPoint", "coordinates": coordinates}


def with_day_order(events: list[dict]) -> list[dict]:
    """Each event numbered 1, 2, … among the events of its date, in the order of EVENTS: the
    sequence within a day is stated, not left to sorting by id."""
    seen: dict[str, int] = {}
    ordered = []
    for event in events:
        day = event.get("not_before") or event["date"]  # where the event sits on the slider
        seen[day] = seen.get(day, 0) + 1
        ordered.append({**event, "day_order": seen[day]})
    return ordered


def build_collection(positions: dict[str, tuple[float, float]], lines: frozenset[str] = frozenset()) -> dict:
    """The events as a FeatureCollection; raises DataError listing every invalid field. `lines`:
    place ids that get a marker only when the event names nothing else."""
    features, problems = [], []
    for index, event in enumerate(with_day_order(EVENTS)):
        known = [place for place in event["places"] if place in positions]
        known = [place for place in known if place not in lines] or known
        feature = {
            "type": "Feature",
            "id": event["id"],
            "properties": event,
            "geometry": event_geometry(known, positions),
        }
        problems += check_event(str(EVENTS_PATH), index, feature, set(positions))
        features.append(feature)
    problems += duplicate_ids(str(EVENTS_PATH), features)
    if problems:
        raise DataError(problems)
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    if not PLACES_PATH.exists():
        sys.exit(f"{PLACES_PATH} is missing: the events take their geometry from it, so build it first")
    try:
        collection = build_collection(representative_positions(), frozenset(line_place_ids()))
    except DataError as err:
        sys.exit(f"events not written:\n{err}")
    text = json.dumps(collection, ensure_ascii=False, indent=1)
    EVENTS_PATH.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(collection['features'])} events to {EVENTS_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
