"""The cache of values made from datasets (geo.model.dataset_cache, geo.map.mapview.MAP_PAGES): it never
holds more than its byte budget of uploaded datasets' values, frees a dataset's values when the last
object holding it goes, and keeps the shipped data's."""

from __future__ import annotations

import gc
import random

import pytest

from geo.map import mapview
from geo.model.dataset_cache import DatasetCache
from geo.model.loader import load_dataset
from geo.model.prepare import MapData, prepare

KB = 1024


class Session:
    """Stands for a session's dataset object (what a session's state holds)."""


def page(size: int, fill: str = "x") -> str:
    return fill * size


def test_the_cache_never_holds_more_than_its_budget() -> None:
    cache = DatasetCache(budget_bytes=100 * KB)
    rng = random.Random(7)
    holders = [Session() for _ in range(12)]
    for turn in range(300):
        holder = rng.choice(holders)
        size = rng.randrange(1, 40) * KB
        value = cache.get(holder, (id(holder), turn % 5), lambda size=size: page(size))
        assert value  # a value is always given, cached or not
        assert cache.total_bytes() <= cache.budget_bytes
    assert cache.total_bytes() > cache.budget_bytes // 2  # it does keep what fits


def test_the_least_recently_used_goes_first() -> None:
    cache = DatasetCache(budget_bytes=30 * KB)
    first, second, third = Session(), Session(), Session()
    cache.get(first, "first", lambda: page(12 * KB))
    cache.get(second, "second", lambda: page(12 * KB))
    cache.get(first, "first", lambda: pytest.fail("made again while cached"))
    cache.get(third, "third", lambda: page(12 * KB))
    assert cache.cached_keys() == ["first", "third"]


def test_a_value_larger_than_the_budget_is_given_but_not_kept() -> None:
    cache = DatasetCache(budget_bytes=10 * KB)
    holder = Session()
    assert cache.get(holder, "big", lambda: page(20 * KB)) == page(20 * KB)
    assert cache.cached_keys() == []
    assert cache.total_bytes() == 0


def test_a_dataset_is_freed_when_its_last_holder_goes() -> None:
    cache = DatasetCache(budget_bytes=1024 * KB)
    teacher, student = Session(), Session()
    cache.get(teacher, "shared", lambda: page(50 * KB))
    cache.get(student, "shared", lambda: pytest.fail("made again while cached"))
    cache.get(teacher, "own", lambda: page(50 * KB))
    del teacher
    gc.collect()
    assert cache.cached_keys() == ["shared"]  # the student still shows it
    del student
    gc.collect()
    assert cache.cached_keys() == []
    assert cache.total_bytes() == 0


def test_the_shipped_data_stays_whatever_the_budget() -> None:
    cache = DatasetCache(budget_bytes=20 * KB)
    shipped = Session()
    cache.pin(shipped)
    cache.get(shipped, "shipped", lambda: page(15 * KB))
    for turn in range(5):
        cache.get(Session(), f"upload {turn}", lambda: page(15 * KB))
        assert "shipped" in cache.cached_keys()
        assert cache.total_bytes() <= cache.budget_bytes
    gc.collect()
    assert cache.cached_keys() == ["shipped"]  # the uploads' holders are gone
    assert cache.total_bytes() == 0  # the shipped data's values are outside the budget


@pytest.fixture(scope="module")
def data() -> MapData:
    return prepare(load_dataset())


def test_the_maps_of_an_upload_go_with_its_last_session(data: MapData) -> None:
    # A session's own object, with data of its own (the article's maps may be cached by other tests).
    events = data.events.assign(title=data.events["title"] + " (an upload)")
    upload = MapData(**{**data.__dict__, "events": events, "places_by_id": dict(data.places_by_id)})
    before = set(mapview.MAP_PAGES.cached_keys())
    mapview.dashboard_map(upload)
    mapview.follow_map_html(upload)
    ours = set(mapview.MAP_PAGES.cached_keys()) - before
    # Its events file (body, digest), its engine data (naming that file; with the events, for the
    # followers' page) and its followers' page.
    assert len(ours) == 5
    del upload
    gc.collect()
    assert not ours & set(mapview.MAP_PAGES.cached_keys())


@pytest.mark.parametrize("raw", ["lots", "1.5", "256MB"])
def test_a_bad_budget_setting_is_named(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("MAP_CACHE_MB", raw)
    with pytest.raises(ValueError, match=f"MAP_CACHE_MB.*{raw!r}"):
        mapview._cache_budget_mb()
