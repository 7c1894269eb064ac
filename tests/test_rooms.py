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
    MAX_FAILED_JOINS_PER_ADDRESS,
    MAX_FAILED_JOINS_PER_BROWSER,
    MAX_ROOMS_PER_ADDRESS,
    MAX_ROOMS_PER_BROWSER,
    TEACHER_AWAY_S,
    Client,
    FollowerSlots,
    MalformedCode,
    MemoryRoomStore,
    NotTeacher,
    RedisRoomStore,
    RoomFull,
    RoomNotFound,
    RoomView,
    StoreUnavailable,
    TooManyFailedJoins,
    TooManyFollowing,
    TooManyRooms,
    client_address,
    display_code,
    new_token,
    normalise_code,
    room_store_from_env,
)

_ADDRESSES = iter(range(1, 10**6))


def new_client() -> Client:
    """A browser of its own at an address of its own (each test's rooms are then under the per-client bounds)."""
    n = next(_ADDRESSES)
    return Client(new_token(), f"10.{n // 65536}.{n // 256 % 256}.{n % 256}")


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
    room = store.create(START, new_client())
    state = store.state(room.code)

    assert len(room.code) == 8 and set(room.code) <= set(CODE_ALPHABET)
    assert not set(room.code) & set("0O1IL")
    assert display_code(room.code) == f"{room.code[:4]}-{room.code[4:]}"
    assert (state.view, state.version, state.followers) == (START, 1, 0)
    assert len(room.secret) >= 32


def test_codes_do_not_repeat(store) -> None:
    codes = {store.create(START, new_client()).code for _ in range(50)}
    assert len(codes) == 50


def test_students_join_by_code_typed_loosely_and_are_counted_once(store) -> None:
    room = store.create(START, new_client())
    client, first, second = new_client(), new_token(), new_token()
    typed = f" {room.code[:4].lower()}-{room.code[4:].lower()} "

    code, state = store.join(typed, client, first)
    assert code == room.code and state.view == START and state.followers == 1
    assert store.join(room.code, client, first)[1].followers == 1  # the same page again
    assert store.state(room.code, second).followers == 2
    assert store.state(room.code).followers == 2


def test_the_teacher_sees_how_many_follow(store) -> None:
    room = store.create(START, new_client())
    assert store.touch(room.code, room.secret) == 0
    for _ in range(3):
        store.join(room.code, new_client(), new_token())
    assert store.touch(room.code, room.secret) == 3
    with pytest.raises(NotTeacher):
        store.touch(room.code, "a-guess")


def test_only_the_teacher_moves_the_room(store, caplog) -> None:
    room = store.create(START, new_client())
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
        store.join(raw, new_client(), new_token())
    assert shown in str(caught.value)
    assert "like ABCD-EFGH" in str(caught.value)


def test_an_unknown_code_says_the_room_may_have_ended(store) -> None:
    with pytest.raises(RoomNotFound, match="ABCD-EFGH.*mistyped.*ended"):
        store.join("ABCD-EFGH", new_client(), new_token())


def test_failed_joins_are_limited_per_browser_and_logged_but_a_right_code_always_joins(store, caplog) -> None:
    room = store.create(START, new_client())
    guesser = new_client()
    with caplog.at_level(logging.WARNING, logger="geo.model.rooms"):
        for _ in range(MAX_FAILED_JOINS_PER_BROWSER):
            with pytest.raises(RoomNotFound):
                store.join("ABCD-EFGH", guesser, new_token())
        with pytest.raises(TooManyFailedJoins, match="There is no room 'ABCD-EFGH'.*wait 10 minutes"):
            store.join("ABCD-EFGH", guesser, new_token())
        # Before the fix the limit was checked first and refused the right code too.
        assert store.join(room.code, guesser, new_token())[0] == room.code
    assert caplog.text.count("failed join (") == MAX_FAILED_JOINS_PER_BROWSER
    assert "too many failed joins" in caplog.text


def test_a_reload_does_not_start_the_failed_joins_again(store) -> None:
    """A new session of the same browser (same cookie token), or a browser without cookies at the same
    address, counts on: the limit follows the browser's token and the address, not the session."""
    browser, address = new_token(), "198.51.100.7"
    for _ in range(MAX_FAILED_JOINS_PER_BROWSER):
        with pytest.raises(MalformedCode):
            store.join("nope", Client(browser, address), new_token())
    with pytest.raises(TooManyFailedJoins):
        store.join("nope", Client(browser, address), new_token())  # the same browser, reloaded
    for _ in range(MAX_FAILED_JOINS_PER_ADDRESS - MAX_FAILED_JOINS_PER_BROWSER):
        with pytest.raises(MalformedCode):
            store.join("nope", Client(new_token(), address), new_token())  # cookies thrown away each time
    with pytest.raises(TooManyFailedJoins):
        store.join("nope", Client(new_token(), address), new_token())
    with pytest.raises(MalformedCode):  # another address is not held up by this one
        store.join("nope", new_client(), new_token())


def test_throw_away_sessions_guessing_do_not_lock_out_a_student_with_the_right_code(store) -> None:
    """Issue 18: 40 throw-away sessions in 32 s locked out a student with the right code."""
    room = store.create(START, new_client())
    for n in range(80):
        with pytest.raises((RoomNotFound, TooManyFailedJoins)):
            store.join("ABCD-EFGH", Client(new_token(), f"203.0.113.{n % 2}"), new_token())
    student = Client(new_token(), "203.0.113.0")  # even from the guessers' own address
    assert store.join(room.code, student, new_token())[0] == room.code


def test_rooms_are_bounded_and_a_full_server_says_when_one_frees_up(make_store) -> None:
    store = make_store(max_rooms=3)
    for _ in range(3):
        store.create(START, new_client())
    with pytest.raises(TooManyRooms, match=r"All 3 class rooms .* in use\. One frees up in about 15 minute") as caught:
        store.create(START, new_client())
    assert 14 * 60 < caught.value.free_in <= 15 * 60


def test_one_client_cannot_take_every_room(make_store) -> None:
    """Issue 18: one visitor opened all 500 rooms; now three per browser, ten per address."""
    store = make_store(max_rooms=50)
    browser = new_client()
    for _ in range(MAX_ROOMS_PER_BROWSER):
        store.create(START, browser)
    with pytest.raises(TooManyRooms, match=f"This browser already has {MAX_ROOMS_PER_BROWSER} class rooms"):
        store.create(START, browser)
    address = "192.0.2.55"
    for _ in range(MAX_ROOMS_PER_ADDRESS):
        store.create(START, Client(new_token(), address))  # cookies thrown away each time
    with pytest.raises(TooManyRooms, match=f"Your network already has {MAX_ROOMS_PER_ADDRESS}"):
        store.create(START, Client(new_token(), address))
    store.create(START, new_client())  # an honest teacher elsewhere still gets one


def test_an_unknown_address_is_limited_by_browser_only(make_store) -> None:
    """Loopback, or a proxy that sends no X-Forwarded-For: every visitor would share the address."""
    store = make_store(max_rooms=50)
    for _ in range(MAX_ROOMS_PER_ADDRESS + 2):
        store.create(START, Client(new_token()))
    for _ in range(MAX_FAILED_JOINS_PER_BROWSER + 2):
        with pytest.raises(MalformedCode):
            store.join("nope", Client(new_token()), new_token())


def test_a_closed_room_frees_its_clients_place(make_store) -> None:
    store = make_store()
    browser = new_client()
    rooms = [store.create(START, browser) for _ in range(MAX_ROOMS_PER_BROWSER)]
    store.close(rooms[0].code, rooms[0].secret)
    store.create(START, browser)


def test_followers_are_bounded(make_store) -> None:
    store = make_store(max_followers=2)
    room = store.create(START, new_client())
    first, second = new_token(), new_token()
    store.state(room.code, first)
    store.state(room.code, second)
    with pytest.raises(RoomFull, match="2 students"):
        store.state(room.code, new_token())
    assert store.state(room.code, first).followers == 2  # those already in stay in


def test_a_closed_room_is_gone_for_its_followers(store) -> None:
    room = store.create(START, new_client())
    store.state(room.code, new_token())
    store.close(room.code, room.secret)
    with pytest.raises(RoomNotFound):
        store.state(room.code)
    with pytest.raises(RoomNotFound):
        store.move(room.code, room.secret, BARDA)


def test_memory_rooms_expire_without_the_teacher_and_followers_are_forgotten() -> None:
    now = [0.0]
    store = MemoryRoomStore(room_ttl=3600, clock=lambda: now[0])
    kept, dropped = store.create(START, new_client()), store.create(START, new_client())
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


def test_a_room_expires_fifteen_minutes_after_the_teachers_last_heartbeat_and_says_when_away() -> None:
    now = [0.0]
    store = MemoryRoomStore(clock=lambda: now[0])
    room = store.create(START, new_client(), dataset="abc")
    follower = new_token()
    assert store.state(room.code, follower).teacher_away is False
    assert store.state(room.code).dataset == "abc"
    now[0] = TEACHER_AWAY_S + 1
    away = store.state(room.code, follower)
    assert away.teacher_away is True
    store.touch(room.code, room.secret)  # the teacher is back: a new version wakes the followers
    back = store.state(room.code, follower)
    assert back.teacher_away is False and back.version == away.version + 1
    now[0] += 15 * 60 - 1
    store.state(room.code)
    now[0] += 2
    with pytest.raises(RoomNotFound, match="15 minutes after"):
        store.state(room.code)


def test_redis_rooms_say_when_the_teacher_is_away_and_carry_the_dataset(redis_url, monkeypatch) -> None:
    store = RedisRoomStore(redis_url)
    room = store.create(START, new_client(), dataset="d4076bc53c3a")
    state = store.state(room.code, new_token())
    assert (state.teacher_away, state.dataset) == (False, "d4076bc53c3a")
    real_time = time.time
    monkeypatch.setattr(rooms.time, "time", lambda: real_time() + TEACHER_AWAY_S + 5)
    assert store.state(room.code).teacher_away is True
    store.touch(room.code, room.secret)
    after = store.state(room.code)
    assert after.teacher_away is False and after.version == state.version + 1


def test_a_redis_restarted_empty_ends_the_room_and_logs_the_outage_once(caplog) -> None:
    with running_redis() as server:
        store = RedisRoomStore(server.url)
        room = store.create(START, new_client())
        follower = new_token()
        store.state(room.code, follower)
        server.stop()
        with caplog.at_level(logging.WARNING, logger="geo.model.rooms"):
            for _ in range(5):  # five followers' tries while it is down
                with pytest.raises(StoreUnavailable):
                    store.state(room.code, follower)
        assert caplog.text.count("room store unreachable") == 1
        server.start()  # the same socket, no data: a restart that lost everything
        deadline = time.monotonic() + 30
        while True:  # the client's pooled connection may fail once more, as a follower's retry would
            try:
                store.state(room.code, follower)
            except StoreUnavailable:
                assert time.monotonic() < deadline
                continue
            except RoomNotFound as ended:
                assert "lesson has ended" in str(ended)
                break
            pytest.fail("the room outlived the store that lost it")
        assert "reachable again" in caplog.text


def test_redis_rooms_expire_without_the_teacher(redis_url) -> None:
    store = RedisRoomStore(redis_url, room_ttl=1)
    room = store.create(START, new_client())
    store.state(room.code, new_token())
    time.sleep(2.2)
    with pytest.raises(RoomNotFound):
        store.state(room.code)


def test_the_secret_is_not_kept_in_redis(redis_url) -> None:
    import redis

    room = RedisRoomStore(redis_url).create(START, new_client())
    client = redis.Redis.from_url(redis_url)
    stored = b" ".join(v for k in client.scan_iter() if client.type(k) == b"hash" for v in client.hgetall(k).values())
    assert room.secret.encode() not in stored


def test_a_waiting_follower_wakes_on_the_teachers_move(two_sides) -> None:
    teacher_side, student_side = two_sides
    room = teacher_side.create(START, new_client())
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
    room = teacher_side.create(START, new_client())
    student_side.wait_for_change(room.code, 1, timeout=0.2)  # now watched
    teacher_side.close(room.code, room.secret)
    assert student_side.wait_for_change(room.code, 1, timeout=3) is True
    with pytest.raises(RoomNotFound):
        student_side.state(room.code)


def test_waiting_without_a_move_returns_after_the_timeout(store) -> None:
    room = store.create(START, new_client())
    started = time.monotonic()
    assert store.wait_for_change(room.code, 1, timeout=0.3) is False
    assert 0.25 <= time.monotonic() - started < 1.5


def test_an_unreachable_redis_is_reported_not_crashed() -> None:
    with running_redis() as server:
        store = RedisRoomStore(server.url)
        room = store.create(START, new_client())
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match="cannot be reached"):
        store.state(room.code, new_token())
    with pytest.raises(StoreUnavailable):
        store.join(room.code, new_client(), new_token())
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


@pytest.mark.parametrize(
    "typed",
    [
        "abcd efgh",
        "ＡＢＣＤ－ＥＦＧＨ",  # full-width, as some phone keyboards type
        "AB\u200bCD-EF\u2060GH",  # zero-width space, word joiner
        "\u200eABCD\u2011EFGH\ufeff",  # direction mark, non-breaking hyphen, byte order mark
        "abcd\u00a0efgh",
        "ABCD—EFGH",
    ],
)
def test_normalise_code(typed: str) -> None:
    assert normalise_code(typed) == "ABCDEFGH"


def test_a_code_typed_in_full_width_joins_and_is_not_a_failure(store) -> None:
    room = store.create(START, new_client())
    client = new_client()
    wide = "".join(chr(ord(c) + 0xFEE0) for c in room.code)
    assert store.join(wide, client, new_token())[0] == room.code
    assert store._failed_joins(client) == (0, 0)


@pytest.mark.parametrize(
    ("remote", "forwarded", "address"),
    [
        ("93.184.216.34", None, "93.184.216.34"),
        ("93.184.216.34", "1.2.3.4", "93.184.216.34"),  # a public peer's header is not trusted
        (None, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # a proxy on this machine: its last hop
        ("10.0.0.2", "spoofed, 203.0.113.9", "203.0.113.9"),
        (None, None, "local"),  # this machine, or a proxy that does not say: not limited by address
        (None, "garbage", "local"),
        ("2001:db8:1:2:3:4:5:6", None, "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.9", None, "203.0.113.9"),
    ],
)
def test_client_address(remote, forwarded, address) -> None:
    assert client_address(remote, forwarded) == address


def test_following_sessions_are_bounded_per_browser_per_address_and_per_process() -> None:
    now = [0.0]
    slots = FollowerSlots(total=6, per_browser=2, per_address=4, clock=lambda: now[0])
    browser = Client(new_token(), "192.0.2.1")
    slots.take("a", browser)
    slots.take("b", browser)
    slots.take("a", browser)  # renewing one's own slot is not a new one
    with pytest.raises(TooManyFollowing, match="This browser already follows 2"):
        slots.take("c", browser)
    slots.take("c", Client(new_token(), "192.0.2.1"))
    slots.take("d", Client(new_token(), "192.0.2.1"))
    with pytest.raises(TooManyFollowing, match="4 pages from your network"):
        slots.take("e", Client(new_token(), "192.0.2.1"))
    slots.take("e", new_client())
    slots.take("f", new_client())
    with pytest.raises(TooManyFollowing, match="already serves 6"):
        slots.take("g", new_client())
    slots.give_back("f")
    slots.take("g", new_client())
    now[0] = 60.0  # closed tabs: their slots lapse
    slots.take("h", browser)
    assert len(slots) == 1


def test_the_store_is_chosen_by_redis_url(redis_url) -> None:
    assert isinstance(room_store_from_env({}), MemoryRoomStore)
    assert isinstance(room_store_from_env({"REDIS_URL": ""}), MemoryRoomStore)
    assert isinstance(room_store_from_env({"REDIS_URL": redis_url}), RedisRoomStore)


def test_a_datasets_content_key_is_the_same_in_any_process_and_changes_with_its_events() -> None:
    """The room's dataset identity, and the key of the followers' shared map page (not `id(data)`,
    which the next dataset may reuse once the first is freed)."""
    from geo.model.loader import Dataset, load_dataset
    from geo.model.prepare import content_key, prepare

    shipped = load_dataset()
    first, again = prepare(shipped), prepare(load_dataset())
    assert content_key(first) == content_key(again)
    retitled = shipped.events.copy()
    retitled.loc[retitled.index[12], "title"] = "Another event"
    assert content_key(prepare(Dataset(shipped.places, retitled))) != content_key(first)
    fewer = prepare(Dataset(shipped.places, shipped.events.iloc[:-1]))
    assert content_key(fewer) != content_key(first)
