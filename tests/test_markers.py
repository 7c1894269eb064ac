"""geo.markers: every event its own marker up to MAX_MARKERS, bounded grid bins beyond."""

import numpy as np
import pandas as pd
import pytest

from geo.markers import MAX_MARKERS, EventPoints, marker_lists
from geo.schema import CATEGORIES


def synthetic_points(n: int, seed: int = 7) -> EventPoints:
    rng = np.random.default_rng(seed)
    events = pd.DataFrame({
        "id": [f"e{i}" for i in range(n)],
        "title": [f"Event {i}" for i in range(n)],
        "category": rng.choice(CATEGORIES, n),
        "coords": [[[float(lat), float(lon)]] for lat, lon in zip(rng.uniform(38, 42, n), rng.uniform(44, 50, n),
                                                                  strict=True)],
    })  # fmt: skip
    return EventPoints.build(events)


@pytest.mark.parametrize("n", [0, 1, 10, MAX_MARKERS])
def test_up_to_the_limit_every_event_is_its_own_marker(n: int) -> None:
    points = synthetic_points(n)
    singles, bins, size = marker_lists(points, np.arange(n), np.ones(n, dtype=bool), None)

    assert size is None
    assert sum(len(v) for v in singles.values()) == n
    assert all(v == [] for v in bins.values())


@pytest.mark.parametrize("n", [2 * MAX_MARKERS + 10, 10_000, 100_000])
def test_past_the_limit_bins_stay_bounded_and_count_every_event(n: int) -> None:
    points = synthetic_points(n)
    positions = np.arange(0, n, 2)  # half the events are on show
    current = positions % 4 == 0
    selected = points.ids[int(positions[-1])]

    singles, bins, size = marker_lists(points, positions, current, selected)

    all_bins = [b for v in bins.values() for b in v]
    assert size is not None
    assert len(all_bins) <= MAX_MARKERS
    assert [m[2] for v in singles.values() for m in v] == [selected]  # only the selected one alone
    assert sum(b[2] for b in all_bins) == len(positions) - 1
    assert sum(b[3] for b in all_bins) == int(current.sum()) - int(current[-1])
    for b in all_bins:
        assert 38 <= b[0] <= 42 and 44 <= b[1] <= 50


def test_bins_keep_categories_apart() -> None:
    points = synthetic_points(5_000)
    positions = np.arange(5_000)
    _, bins, _ = marker_lists(points, positions, np.zeros(5_000, dtype=bool), None)

    for code, category in enumerate(CATEGORIES):
        assert sum(b[2] for b in bins[category]) == int((points.category == code).sum())
