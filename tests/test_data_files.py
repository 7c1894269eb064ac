"""The shipped data/places.geojson and data/events.geojson: consistent, neutral, cited, in our own words.

These read the files directly (not through geo.model.loader), so a loader bug cannot hide a data fault.
"""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from shapely.geometry import shape

REPO = Path(__file__).resolve().parents[1]
PLACES_FILE = REPO / "data" / "places.geojson"
EVENTS_FILE = REPO / "data" / "events.geojson"
ARTICLE_BLOCKS = 35

CONTESTED = {  # each side's name in Latin script, and the Armenian usage as Russian writes it
    "shusha": {"az": "Shusha", "hy": "Shushi", "hy_ru": "Шуши"},
    "lachin": {"az": "Lachin", "hy": "Berdzor", "hy_ru": "Бердзор"},
    "kalbajar": {"az": "Kalbajar", "hy": "Karvachar", "hy_ru": "Карвачар"},
    "aghdam": {"az": "Aghdam", "hy": "Akna", "hy_ru": "Акна"},
    "nagorno-karabakh": {"az": "Nagorno-Karabakh", "hy": "Artsakh", "hy_ru": "Арцах"},
    "khankendi": {"az": "Khankendi", "hy": "Stepanakert", "hy_ru": "Степанакерт"},
}
DATE_FORMS = {"day": r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "month": r"[0-9]{4}-[0-9]{2}", "year": r"[0-9]{4}"}


def features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


PLACES = features(PLACES_FILE)
EVENTS = features(EVENTS_FILE)
PLACE_BY_ID = {f["properties"]["id"]: f["properties"] for f in PLACES}
EVENT_IDS = [f["properties"]["id"] for f in EVENTS]


def event_props(event_id: str) -> dict:
    return EVENTS[EVENT_IDS.index(event_id)]["properties"]


def first_and_last_day(date: str, precision: str) -> tuple[dt.date, dt.date]:
    assert re.fullmatch(DATE_FORMS[precision], date), f"{date!r} is not a {precision} date"
    parts = [int(p) for p in date.split("-")]
    if precision == "year":
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if precision == "month":
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return dt.date(parts[0], parts[1], 1), following - dt.timedelta(days=1)
    day = dt.date(*parts)
    return day, day


def test_the_files_are_not_empty() -> None:
    assert len(PLACES) >= 10
    assert len(EVENTS) >= 10


@pytest.mark.parametrize("items", [PLACES, EVENTS], ids=["places", "events"])
def test_ids_are_unique(items: list[dict]) -> None:
    ids = [f["properties"]["id"] for f in items]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    assert all(f.get("id", f["properties"]["id"]) == f["properties"]["id"] for f in items)


@pytest.mark.parametrize("event_id", EVENT_IDS)
def test_every_event_place_exists(event_id: str) -> None:
    places = event_props(event_id)["places"]
    assert places
    assert [p for p in places if p not in PLACE_BY_ID] == []


@pytest.mark.parametrize("event_id", EVENT_IDS)
def test_dates_are_valid_and_end_is_not_before_start(event_id: str) -> None:
    props = event_props(event_id)
    first, _ = first_and_last_day(props["date"], props["date_precision"])
    if props.get("end_date") is not None:
        end, _ = first_and_last_day(props["end_date"], "day")
        assert end >= first, f"{event_id}: end_date {props['end_date']!r} is before date {props['date']!r}"


@pytest.mark.parametrize("item", PLACES + EVENTS, ids=lambda f: f["properties"]["id"])
def test_coordinates_are_in_range(item: dict) -> None:
    geometry = shape(item["geometry"])
    assert not geometry.is_empty
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    assert -180 <= min_lon <= max_lon <= 180
    assert -90 <= min_lat <= max_lat <= 90


@pytest.mark.parametrize("item", PLACES + EVENTS, ids=lambda f: f["properties"]["id"])
def test_paragraph_numbers_are_in_the_article(item: dict) -> None:
    paragraphs = item["properties"].get("source_paragraphs") or []
    assert all(isinstance(p, int) and 1 <= p <= ARTICLE_BLOCKS for p in paragraphs), paragraphs


@pytest.mark.parametrize("event_id", EVENT_IDS)
def test_every_event_cites_paragraphs(event_id: str) -> None:
    assert event_props(event_id).get("source_paragraphs")


@pytest.mark.parametrize(("place_id", "names"), CONTESTED.items())
def test_contested_places_carry_both_names(place_id: str, names: dict[str, str]) -> None:
    assert PLACE_BY_ID[place_id].get("contested_names") == names


@pytest.mark.parametrize("event_id", EVENT_IDS)
def test_source_claims_are_attributed(event_id: str) -> None:
    assert event_props(event_id)["source_claim"].startswith("The article")


def test_the_barda_strike_says_who_reported_the_casualties() -> None:
    casualties = event_props("missile-strike-on-barda")["casualties"]
    assert casualties["reported_by"].strip()
    assert casualties.get("killed") is not None or casualties.get("injured") is not None


# --- in our own words: tests/test_own_voice.py (loaded words, copied runs) -------------------


def test_the_article_has_the_paragraph_count_the_data_assumes() -> None:
    # From the shipped article facts, so this holds in a clone without the text.
    facts = json.loads((REPO / "data" / "article_facts.json").read_text(encoding="utf-8"))
    assert facts["paragraphs"] == ARTICLE_BLOCKS


# --- order, attribution, places the issue of trust named --------------------------------------


def test_events_of_a_day_and_month_only_events_keep_their_real_order() -> None:
    from geo.model.loader import load_dataset

    order = list(load_dataset().events["id"])
    assert order.index("second-karabakh-war") < order.index("france-calls-for-ceasefire")
    assert (
        order.index("trilateral-statement-2020-11-10")
        < order.index("russian-peacekeepers-deploy")
        < order.index("armenian-withdrawal-from-three-districts")
    )
    assert event_props("france-calls-for-ceasefire")["not_before"] == "2020-09-27"


@pytest.mark.parametrize("event_id", EVENT_IDS)
def test_events_sharing_a_day_carry_distinct_explicit_orders(event_id: str) -> None:
    def day(props: dict) -> str:
        return props.get("not_before") or props["date"]

    same_day = [e["properties"] for e in EVENTS if day(e["properties"]) == day(event_props(event_id))]
    assert sorted(e["day_order"] for e in same_day) == list(range(1, len(same_day) + 1))


def test_barda_figures_name_their_reporter_and_the_dispute_over_responsibility() -> None:
    props = event_props("missile-strike-on-barda")
    assert props["casualties"]["reported_by"].startswith("Azerbaijani authorities")
    assert "outside the article" in props["casualties"]["reported_by"]
    for party in ("Amnesty International", "Human Rights Watch", "Armenia denied"):
        assert party in props["summary"]
    assert "disputed" not in props["summary"].casefold()


def test_the_region_marker_is_not_on_its_main_town() -> None:
    khankendi = (46.7528, 39.8177)  # GeoNames 146970
    region = next(f for f in PLACES if f["properties"]["id"] == "nagorno-karabakh")["geometry"]["coordinates"]
    assert abs(region[0] - khankendi[0]) + abs(region[1] - khankendi[1]) > 0.1


def test_the_proposed_route_is_named_neutrally_with_both_positions() -> None:
    route = PLACE_BY_ID["nakhchivan-corridor"]
    assert set(route["names"]) == {"en", "az", "hy", "ru"} and "corridor" not in route["name"].casefold()
    # In no language is it called a corridor (Azerbaijan's word, which Armenia rejects) or Zangezur.
    for word in ("corridor", "dəhliz", "միջանցք", "коридор", "zangezur", "zəngəzur", "զանգեզուր", "зангезур"):
        assert not [name for name in route["names"].values() if word in name.casefold()], word
    for words in ("Zangezur corridor", "Syunik", "Armenian sovereignty", "never built", "outside the article"):
        assert words in route["note"]


def test_gaps_the_audit_found_are_filled() -> None:
    assert PLACE_BY_ID["syria"]["source_paragraphs"] == [2]
    assert 33 in PLACE_BY_ID["moscow"]["source_paragraphs"]
    assert PLACE_BY_ID["lachin-corridor"]["names"]["hy"]
    summary = event_props("armenian-withdrawal-from-three-districts")["summary"]
    for day in ("20 November", "25 November", "1 December", "outside the article"):
        assert day in summary
