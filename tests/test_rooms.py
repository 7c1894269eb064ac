"""Class rooms: the in-process store and the Redis store (a real redis-server, started here) behave alike."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

import pytest

import geo.model.rooms as rooms
from bench.redis_server import running_redis
from geo.model.rooms import (
    CODE_ALPHABET,
    MAX_FAILED_JOINS_PER_CLIENT,
    MalformedCode,
    MemoryRoomStore,
    NotTeacher,
    RedisRoomStore,
    RoomFull,
    RoomNotFound,
    RoomView,
    StoreUnavailable,
    TooManyFailedJoins,
    TooManyRooms,
    display_code,
    new_token,
    normalise_code,
    room_store_from_env,
)

START = RoomView(step=1, date="2020-09-27", event="second-karabakh-war")
BARDA = RoomView(step=10, date="2020-10-28", event="missile-strike-on-barda")


@pytest.fixture(scope="module")
def redis_server() -> Iterator:
    with running_redis() as server:
        yield server


@pytest.fixture
def redis_url(redis_server) -> str:
    import redis

    redis.Redis.from_url(redis_server.url).flushall()
    return redis_server.url


@pytest.fixture(params=["memory", "redis"])
def make_store(request):
    """A factory of stores of one kind; the Redis ones share one server, as app processes would."""
    if request.param == "memory":
        return lambda **kwargs: MemoryRoomStore(**kwargs)
    url = request.getfixturevalue("redis_url")
    return lambda **kwargs: RedisRoomStore(url, **kwargs)


@pytest.fixture
def store(make_store):
    return make_store()


@pytest.fixture
def two_sides(make_store, store):
    """The teacher's and a student's app process: one store in memory, two stores sharing Redis."""
    return (store, store) if isinstance(store, MemoryRoomStore) else (store, make_store())


def test_a_new_room_has_an_unambiguous_code_and_shows_the_teachers_view(store) -> None:
    room = store.create(START)
    state = store.state(room.code)

    assert len(room.code) == 8 and set(room.code) <= set(CODE_ALPHABET)
    assert not set(room.code) & set("0O1IL")
    assert display_code(room.code) == f"{room.code[:4]}-{room.code[4:]}"
    assert (state.view, state.version, state.followers) == (START, 1, 0)
    assert len(room.secret) >= 32


def test_codes_do_not_repeat(store) -> None:
    codes = {store.create(START).code for _ in range(50)}
    assert len(codes) == 50


def test_students_join_by_code_typed_loosely_and_are_counted_once(store) -> None:
    room = store.create(START)
    client, first, second = new_token(), new_token(), new_token()
    typed = f" {room.code[:4].lower()}-{room.code[4:].lower()} "

    code, state = store.join(typed, client, first)
    assert code == room.code and state.view == START and state.followers == 1
    assert store.join(room.code, client, first)[1].followers == 1  # the same page again
    assert store.state(room.code, second).followers == 2
    assert store.state(room.code).followers == 2


def test_the_teacher_sees_how_many_follow(store) -> None:
    room = store.create(START)
    assert store.touch(room.code, room.secret) == 0
    for _ in range(3):
        store.join(room.code, new_token(), new_token())
    assert store.touch(room.code, room.secret) == 3
    with pytest.raises(NotTeacher):
        store.touch(room.code, "a-guess")


def test_only_the_teacher_moves_the_room(store, caplog) -> None:
    room = store.create(START)
    moved = store.move(room.code, room.secret, BARDA)
    assert (moved.view, moved.version) == (BARDA, 2)
    assert store.move(room.code, room.secret, BARDA).version == 2  # no change, no new version

    with caplog.at_level(logging.WARNING, logger="geo.model.rooms"), pytest.raises(NotTeacher, match="teacher"):
        store.move(room.code, "a-guess", START)
    with pytest.raises(NotTeacher):
        store.close(room.code, room.secret[:-1])
    assert store.state(room.code).view == BARDA
    assert "wrong teacher secret" in caplog.text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("", "''"),
        ("ABC", "'ABC'"),
        ("ABCD-EFG0", "'ABCD-EFG0'"),  # 0 is not in the alphabet
        ("ABCDEFGHJ", "'ABCDEFGHJ'"),
        ("<script>x", "'<script>x'"),
        ("A" * 500, "'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA…'"),
        (None, "None"),
        (12345678, "12345678"),
    ],
)
def test_a_malformed_code_is_refused_naming_it(store, raw, shown: str) -> None:
    with pytest.raises(MalformedCode) as caught:
        store.join(raw, new_token(), new_token())
    assert shown in str(caught.value)
    assert "like ABCD-EFGH" in str(caught.value)


def test_an_unknown_code_says_the_room_may_have_ended(store) -> None:
    with pytest.raises(RoomNotFound, match="ABCD-EFGH.*mistyped.*ended"):
        store.join("ABCD-EFGH", new_token(), new_token())


def test_failed_joins_are_limited_per_client_and_logged(store, caplog) -> None:
    room = store.create(START)
    guesser, other = new_token(), new_token()
    with caplog.at_level(logging.WARNING, logger="geo.model.rooms"):
        for _ in range(MAX_FAILED_JOINS_PER_CLIENT):
            with pytest.raises(RoomNotFound):
                store.join("ABCD-EFGH", guesser, new_token())
        with pytest.raises(TooManyFailedJoins, match="wait 10 minutes"):
            store.join(room.code, guesser, new_token())  # even the right code, for a while
    assert caplog.text.count("failed join (") == MAX_FAILED_JOINS_PER_CLIENT
    assert "too many failed joins" in caplog.text
    assert store.join(room.code, other, new_token())[0] == room.code


def test_failed_joins_are_limited_in_total(store, monkeypatch) -> None:
    monkeypatch.setattr(rooms, "MAX_FAILED_JOINS_TOTAL", 3)
    room = store.create(START)
    for _ in range(3):
        with pytest.raises(MalformedCode):
            store.join("nope", new_token(), new_token())  # each try from a "new" client
    with pytest.raises(TooManyFailedJoins):
        store.join(room.code, new_token(), new_token())


def test_rooms_are_bounded(make_store) -> None:
    store = make_store(max_rooms=3)
    for _ in range(3):
        store.create(START)
    with pytest.raises(TooManyRooms, match="3 rooms"):
        store.create(START)


def test_followers_are_bounded(make_store) -> None:
    store = make_store(max_followers=2)
    room = store.create(START)
    first, second = new_token(), new_token()
    store.state(room.code, first)
    store.state(room.code, second)
    with pytest.raises(RoomFull, match="2 students"):
        store.state(room.code, new_token())
    assert store.state(room.code, first).followers == 2  # those already in stay in


def test_a_closed_room_is_gone_for_its_followers(store) -> None:
    room = store.create(START)
    store.state(room.code, new_token())
    store.close(room.code, room.secret)
    with pytest.raises(RoomNotFound):
        store.state(room.code)
    with pytest.raises(RoomNotFound):
        store.move(room.code, room.secret, BARDA)


def test_memory_rooms_expire_without_the_teacher_and_followers_are_forgotten() -> None:
    now = [0.0]
    store = MemoryRoomStore(room_ttl=3600, clock=lambda: now[0])
    kept, dropped = store.create(START), store.create(START)
    store.state(kept.code, new_token())
    now[0] = 60.0
    assert store.state(kept.code).followers == 0  # not seen for a minute: the page was closed
    now[0] = 3000.0
    store.move(kept.code, kept.secret, BARDA)  # the teacher is active
    now[0] = 6000.0
    store.touch(kept.code, kept.secret)  # the teacher's page is open
    now[0] = 6700.0
    assert store.state(kept.code).view == BARDA
    with pytest.raises(RoomNotFound):
        store.state(dropped.code)
    assert len(store._rooms) == 1  # the expired room's memory is freed


def test_redis_rooms_expire_without_the_teacher(redis_url) -> None:
    store = RedisRoomStore(redis_url, room_ttl=1)
    room = store.create(START)
    store.state(room.code, new_token())
    time.sleep(2.2)
    with pytest.raises(RoomNotFound):
        store.state(room.code)


def test_the_secret_is_not_kept_in_redis(redis_url) -> None:
    import redis

    room = RedisRoomStore(redis_url).create(START)
    client = redis.Redis.from_url(redis_url)
    stored = b" ".join(v for k in client.scan_iter() if client.type(k) == b"hash" for v in client.hgetall(k).values())
    assert room.secret.encode() not in stored


def test_a_waiting_follower_wakes_on_the_teachers_move(two_sides) -> None:
    teacher_side, student_side = two_sides
    room = teacher_side.create(START)
    version = student_side.state(room.code, new_token()).version
    woke = []

    def follow() -> None:
        started = time.monotonic()
        moved = student_side.wait_for_change(room.code, version, timeout=5)
        woke.append((time.monotonic() - started, student_side.state(room.code).view, moved))

    thread = threading.Thread(target=follow)
    thread.start()
    time.sleep(0.3)
    teacher_side.move(room.code, room.secret, BARDA)
    thread.join(6)
    assert woke and woke[0][1:] == (BARDA, True)
    assert woke[0][0] < 0.3 + 0.5


def test_a_waiting_follower_learns_that_the_room_is_gone(two_sides) -> None:
    teacher_side, student_side = two_sides
    room = teacher_side.create(START)
    student_side.wait_for_change(room.code, 1, timeout=0.2)  # now watched
    teacher_side.close(room.code, room.secret)
    assert student_side.wait_for_change(room.code, 1, timeout=3) is True
    with pytest.raises(RoomNotFound):
        student_side.state(room.code)


def test_waiting_without_a_move_returns_after_the_timeout(store) -> None:
    room = store.create(START)
    started = time.monotonic()
    assert store.wait_for_change(room.code, 1, timeout=0.3) is False
    assert 0.25 <= time.monotonic() - started < 1.5


def test_an_unreachable_redis_is_reported_not_crashed() -> None:
    with running_redis() as server:
        store = RedisRoomStore(server.url)
        room = store.create(START)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="cannot be reached"):
        store.state(room.code, new_token())
    with pytest.raises(StoreUnavailable):
        store.join(room.code, new_token(), new_token())
    assert store.wait_for_change(room.code, 1, timeout=3) is True  # "read the state": it raises
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"step": 0}, "step 0"),
        ({"step": "3"}, "step '3'"),
        ({"step": True}, "step True"),
        ({"date": "28 Oct"}, "date '28 Oct'"),
        ({"event": ""}, "event ''"),
        ({"event": "x" * 300}, "event 'xxxxxxxx"),
        ({"names": "fr"}, "naming 'fr'"),
        ({"names": None}, "naming 'None'"),
    ],
)
def test_a_bad_room_view_is_refused_naming_the_value(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RoomView(**kwargs)


def test_view_round_trips_through_json() -> None:
    assert RoomView.from_json(BARDA.to_json()) == BARDA
    armenian = RoomView(step=10, date="2020-10-28", event="missile-strike-on-barda", names="hy")
    assert RoomView.from_json(armenian.to_json()) == armenian
    # A room written before views carried the naming reads as English.
    assert RoomView.from_json('{"step": 3}').names == "en"


def test_normalise_code() -> None:
    assert normalise_code("abcd efgh") == "ABCDEFGH"


def test_the_store_is_chosen_by_redis_url(redis_url) -> None:
    assert isinstance(room_store_from_env({}), MemoryRoomStore)
    assert isinstance(room_store_from_env({"REDIS_URL": ""}), MemoryRoomStore)
    assert isinstance(room_store_from_env({"REDIS_URL": redis_url}), RedisRoomStore)
