"""The benchmark's synthetic events: seeded, valid for the loader, as many as asked for."""

import json
import re

import pytest

from bench.synthetic import FIRST_DAY, LAST_DAY, LAT_RANGE, LON_RANGE, synthetic_events, write_dataset
from geo.model.loader import SHIPPED_DATA_DIR, event_problems, load_dataset
from geo.model.schema import CATEGORIES, parse_date


@pytest.fixture(scope="module")
def places() -> dict:
    return json.loads((SHIPPED_DATA_DIR / "places.geojson").read_text(encoding="utf-8"))


@pytest.mark.parametrize("count", [0, 1, 7, 300])
def test_events_are_valid_and_as_many_as_asked(places: dict, count: int) -> None:
    events = synthetic_events(count, places)
    place_ids = {feature["properties"]["id"] for feature in places["features"]}

    assert len(events["features"]) == count
    assert event_problems(events, "synthetic", place_ids) == []


def test_events_spread_over_the_region_dates_and_categories(places: dict) -> None:
    features = synthetic_events(2000, places)["features"]
    lons = [f["geometry"]["coordinates"][0] for f in features]
    lats = [f["geometry"]["coordinates"][1] for f in features]
    starts = [parse_date(f["properties"]["date"]) for f in features]
    ends = [parse_date(f["properties"].get("end_date") or f["properties"]["date"]) for f in features]

    assert LON_RANGE[0] <= min(lons) < LON_RANGE[0] + 0.5 and LON_RANGE[1] - 0.5 < max(lons) <= LON_RANGE[1]
    assert LAT_RANGE[0] <= min(lats) < LAT_RANGE[0] + 0.5 and LAT_RANGE[1] - 0.5 < max(lats) <= LAT_RANGE[1]
    assert min(starts) == FIRST_DAY and max(starts) == LAST_DAY and max(ends) == LAST_DAY
    assert {f["properties"]["category"] for f in features} == set(CATEGORIES)
    assert len({f["properties"]["title"] for f in features}) == len(features)


def test_the_same_seed_gives_the_same_events(places: dict) -> None:
    assert synthetic_events(50, places, seed=1) == synthetic_events(50, places, seed=1)
    assert synthetic_events(50, places, seed=1) != synthetic_events(50, places, seed=2)


def test_a_written_pair_loads_through_the_app_loader(tmp_path) -> None:
    folder = write_dataset(tmp_path / "data", 120)

    dataset = load_dataset(folder / "places.geojson", folder / "events.geojson")

    assert len(dataset.events) == 120
    assert set(dataset.events["id"]) == {f"synthetic-{i:06d}" for i in range(120)}


@pytest.mark.parametrize("count", [-1, 1.5, "10", True, None])
def test_a_bad_count_is_refused_naming_it(places: dict, count: object) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(count))):
        synthetic_events(count, places)


@pytest.mark.parametrize("seed", [1.0, "1", None, False])
def test_a_bad_seed_is_refused_naming_it(places: dict, seed: object) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(seed))):
        synthetic_events(3, places, seed)


def test_places_outside_the_region_leave_nothing_to_cite() -> None:
    far_away = {"features": [{"properties": {"id": "paris", "kind": "capital"},
                              "geometry": {"type": "Point", "coordinates": [2.35, 48.86]}}]}  # fmt: skip
    with pytest.raises(ValueError, match="no point place"):
        synthetic_events(3, far_away)
