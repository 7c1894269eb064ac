"""The shipped data/places.geojson and data/events.geojson: consistent, neutral, cited, in our own words.

These read the files directly (not through geo.data), so a loader bug cannot hide a data fault.
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
# The read-only source text sits beside the repository (../shared), as in CI.
ARTICLE = REPO.parent / "shared" / "source" / "karabakh-article.txt"
ARTICLE_BLOCKS = 35

CONTESTED = {
    "shusha": ("Shusha", "Shushi"),
    "lachin": ("Lachin", "Berdzor"),
    "kalbajar": ("Kalbajar", "Karvachar"),
    "aghdam": ("Aghdam", "Akna"),
    "nagorno-karabakh": ("Nagorno-Karabakh", "Artsakh"),
}
LOADED_WORDS = ("liberat", "terror", "occupier", "invader", "aggressor", "heroic", "victorious")
OWN_WORDS_FIELDS = ("title", "summary", "source_claim", "note")
NGRAM = 8
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


@pytest.mark.parametrize(("place_id", "pair"), CONTESTED.items())
def test_contested_places_carry_both_names(place_id: str, pair: tuple[str, str]) -> None:
    contested = PLACE_BY_ID[place_id].get("contested_names")
    assert contested == {"az": pair[0], "hy": pair[1]}


@pytest.mark.parametrize("event_id", EVENT_IDS)
def test_titles_and_summaries_are_neutral(event_id: str) -> None:
    props = event_props(event_id)
    for field in ("title", "summary"):
        text = props[field].casefold()
        assert [w for w in LOADED_WORDS if w in text] == [], f"{event_id} {field}: {props[field]!r}"


@pytest.mark.parametrize("event_id", EVENT_IDS)
def test_source_claims_are_attributed(event_id: str) -> None:
    assert event_props(event_id)["source_claim"].startswith("The article")


def test_the_barda_strike_says_who_reported_the_casualties() -> None:
    casualties = event_props("missile-strike-on-barda")["casualties"]
    assert casualties["reported_by"].strip()
    assert casualties.get("killed") is not None or casualties.get("injured") is not None


# --- in our own words ---------------------------------------------------------------------

_EDGE_PUNCTUATION = "\"'()[]{}.,;:!?“”‘’«»—–…*"


def words(text: str) -> list[str]:
    """Lower-case words, surrounding punctuation stripped; a hyphen at a line end joins the word."""
    text = re.sub(r"-[ \t]*\n\s*", "", text.casefold())
    stripped = (word.strip(_EDGE_PUNCTUATION) for word in text.split())
    return [word for word in stripped if word]


def ngrams(tokens: list[str], n: int = NGRAM) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


@pytest.fixture(scope="module")
def article_text() -> str:
    if not ARTICLE.exists():
        pytest.skip(f"the source article is not at {ARTICLE}")
    return ARTICLE.read_text(encoding="utf-8")


def test_words_joins_hyphenated_line_ends() -> None:
    assert words("France’s posi-\ntion, (in) the “Council”.") == ["france’s", "position", "in", "the", "council"]


def test_the_article_has_the_paragraph_count_the_data_assumes(article_text: str) -> None:
    blocks = [b for b in re.split(r"\n\s*\n", article_text) if b.strip()]
    assert len(blocks) == ARTICLE_BLOCKS


@pytest.fixture(scope="module")
def article_ngrams(article_text: str) -> set[tuple[str, ...]]:
    return ngrams(words(article_text))


@pytest.mark.parametrize("item", PLACES + EVENTS, ids=lambda f: f["properties"]["id"])
def test_no_run_of_eight_article_words_is_copied(article_ngrams: set, item: dict) -> None:
    article = article_ngrams
    props = item["properties"]
    copied = {
        field: sorted(" ".join(g) for g in ngrams(words(props[field])) & article)
        for field in OWN_WORDS_FIELDS
        if isinstance(props.get(field), str)
    }
    assert {field: runs for field, runs in copied.items() if runs} == {}


def test_the_copy_check_finds_a_run_taken_from_the_article(article_text: str, article_ngrams: set) -> None:
    # Built at run time from the article itself: no article text is stored in this file.
    taken = " ".join(words(article_text)[200:212])
    assert ngrams(words(f"Our own words, then {taken}.")) & article_ngrams
