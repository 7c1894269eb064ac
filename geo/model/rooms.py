"""Class rooms: a teacher drives a view (slide, date, selected event) and students' pages follow it.

One interface, two stores: `MemoryRoomStore` keeps the rooms in this process (one server, out of
the box); `RedisRoomStore` keeps them in Redis, so several app processes behind a load balancer
share them (set `REDIS_URL`). `room_store_from_env` picks one.

- A room has a join code (8 characters from an alphabet without look-alikes: 31^8 ≈ 8.5·10^11
  codes) and a teacher secret, kept only as a hash; only the secret moves the room.
- Failed joins are counted per client and in total, limited and logged, so codes cannot be found by
  trying; the client key is a random per-browser-session token, never a name or an address.
- Rooms expire after `room_ttl` seconds without the teacher; rooms and followers are bounded.
- Followers are counted by random tokens seen in the last `FOLLOWER_SEEN_S` seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import asdict, dataclass

from geo.model.naming import NAMINGS

LOG = logging.getLogger("geo.model.rooms")

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on phones
CODE_LENGTH = 8
ROOM_TTL_S = 3 * 3600  # a lesson and then some; refreshed whenever the teacher's page is active
MAX_ROOMS = 500
MAX_FOLLOWERS = 200
FOLLOWER_SEEN_S = 45  # a follower's page checks in far more often than this while it is open
MAX_FAILED_JOINS_PER_CLIENT = 5
MAX_FAILED_JOINS_TOTAL = 200
FAILED_JOIN_WINDOW_S = 600
MAX_ID_LENGTH = 200
MAX_STEP = 100_000
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class RoomError(Exception):
    """A join or a move that cannot be done; the message says why, for the page to show."""


class MalformedCode(RoomError):
    pass


class RoomNotFound(RoomError):
    pass


class RoomFull(RoomError):
    pass


class TooManyRooms(RoomError):
    pass


class TooManyFailedJoins(RoomError):
    pass


class NotTeacher(RoomError):
    pass


class StoreUnavailable(RoomError):
    """The room store (Redis) cannot be reached."""


@dataclass(frozen=True)
class RoomView:
    """What the teacher shows: the slide (1-based), the date on show, the selected event and the
    naming of places (which students follow unless they pick their own)."""

    step: int = 1
    date: str | None = None
    event: str | None = None
    names: str = "en"

    def __post_init__(self) -> None:
        if isinstance(self.step, bool) or not isinstance(self.step, int) or not 1 <= self.step <= MAX_STEP:
            raise ValueError(f"Room view step {self.step!r} is not a whole number from 1 to {MAX_STEP}.")
        if self.date is not None:
            if not isinstance(self.date, str) or len(self.date) != 10:
                raise ValueError(f"Room view date {self.date!r} is not a date like 2020-10-28.")
            dt.date.fromisoformat(self.date)
        if self.event is not None and (not isinstance(self.event, str) or not 0 < len(self.event) <= MAX_ID_LENGTH):
            raise ValueError(f"Room view event {str(self.event)[:40]!r} is not an event id.")
        if self.names not in NAMINGS:
            raise ValueError(f"Room view naming {str(self.names)[:40]!r} is not one of {', '.join(NAMINGS)}.")

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> RoomView:
        data = json.loads(text)
        return cls(step=data["step"], date=data.get("date"), event=data.get("event"), names=data.get("names", "en"))


@dataclass(frozen=True)
class RoomState:
    view: RoomView
    version: int  # goes up by one on every move
    followers: int


@dataclass(frozen=True)
class Room:
    code: str
    secret: str  # the teacher's; kept in the teacher's session only


def normalise_code(raw: object) -> str:
    """ "abcd-efgh", " ABCD EFGH " → "ABCDEFGH"; anything else raises MalformedCode naming it."""
    text = raw if isinstance(raw, str) else ""
    code = re.sub(r"[\s-]", "", text).upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        shown = repr(raw if not isinstance(raw, str) or len(raw) <= 40 else raw[:39] + "…")
        raise MalformedCode(f"{shown} is not a room code: a code is {CODE_LENGTH} letters and digits, like ABCD-EFGH.")
    return code


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def new_token() -> str:
    """A random id for a follower or a client: no personal data, just a name for a browser session."""
    return secrets.token_urlsafe(16)


def _check_token(token: object, what: str) -> str:
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise ValueError(f"{what} {str(token)[:40]!r} is not a token made by new_token().")
    return token


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class RoomStore(ABC):
    """The rooms, wherever they live. Every method may raise StoreUnavailable."""

    def __init__(self, room_ttl: float = ROOM_TTL_S, max_rooms: int = MAX_ROOMS, max_followers: int = MAX_FOLLOWERS):
        self.room_ttl = room_ttl
        self.max_rooms = max_rooms
        self.max_followers = max_followers

    @abstractmethod
    def create(self, view: RoomView) -> Room:
        """A new room showing `view`; TooManyRooms when the bound is reached."""

    @abstractmethod
    def move(self, code: str, secret: str, view: RoomView) -> RoomState:
        """The teacher moves the room; NotTeacher for a wrong secret, RoomNotFound if it is gone."""

    @abstractmethod
    def touch(self, code: str, secret: str) -> int:
        """The teacher's page is still open: keeps the room alive; returns how many students follow."""

    @abstractmethod
    def close(self, code: str, secret: str) -> None:
        """The teacher ends the room; followers keep their last view and are told."""

    @abstractmethod
    def state(self, code: str, follower: str | None = None) -> RoomState:
        """The room's view; with `follower`, also marks that follower present. RoomNotFound if gone.

        A new follower past the room's bound gets RoomFull."""

    @abstractmethod
    def _failed_join(self, client: str) -> tuple[int, int]:
        """Counts a failed join; returns (this client's, everyone's) failures in the window."""

    @abstractmethod
    def _failed_joins(self, client: str) -> tuple[int, int]:
        """The failures counted so far, without counting one."""

    @abstractmethod
    def wait_for_change(self, code: str, version: int, timeout: float) -> bool:
        """Waits up to `timeout` seconds for the room to move past `version`; True when it has moved,
        is gone or the store cannot be reached (read `state` to find out which), False otherwise."""

    def join(self, raw_code: object, client: str, follower: str) -> tuple[str, RoomState]:
        """A student joins by code: (normalised code, state). Bad, unknown or expired codes raise a
        RoomError and count as failed joins; too many failures refuse further tries for a while."""
        _check_token(client, "Client")
        _check_token(follower, "Follower")
        mine, everyone = self._failed_joins(client)
        if mine >= MAX_FAILED_JOINS_PER_CLIENT or everyone >= MAX_FAILED_JOINS_TOTAL:
            LOG.warning("join refused: too many failed joins (client %s…: %d, all: %d)", client[:6], mine, everyone)
            raise TooManyFailedJoins(
                f"Too many wrong codes: wait {FAILED_JOIN_WINDOW_S // 60} minutes, "
                "then check the code with your teacher."
            )
        try:
            code = normalise_code(raw_code)
            return code, self.state(code, follower)
        except (MalformedCode, RoomNotFound) as err:
            mine, everyone = self._failed_join(client)
            LOG.warning("failed join (client %s…: %d, all: %d): %s", client[:6], mine, everyone, err)
            raise


def _not_found(code: str) -> RoomNotFound:
    return RoomNotFound(
        f"There is no room {display_code(code)!r}: the code may be mistyped, or the lesson has ended "
        "(rooms close after a few hours without the teacher)."
    )


class MemoryRoomStore(RoomStore):
    """Rooms in this process: one server, nothing to set up. Thread-safe."""

    def __init__(self, *args, clock: Callable[[], float] = time.monotonic, **kwargs):
        super().__init__(*args, **kwargs)
        self._clock = clock
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._rooms: dict[str, dict] = {}
        self._failures: dict[str, list[float]] = {}

    def _purge(self, now: float) -> None:
        for code in [c for c, room in self._rooms.items() if now - room["active"] > self.room_ttl]:
            del self._rooms[code]
            self._changed.notify_all()

    def _room(self, code: str, now: float) -> dict:
        self._purge(now)
        room = self._rooms.get(code)
        if room is None:
            raise _not_found(code)
        return room

    def _state(self, room: dict, now: float) -> RoomState:
        seen = room["followers"]
        for token in [t for t, at in seen.items() if now - at > FOLLOWER_SEEN_S]:
            del seen[token]
        return RoomState(room["view"], room["version"], len(seen))

    def create(self, view: RoomView) -> Room:
        with self._lock:
            now = self._clock()
            self._purge(now)
            if len(self._rooms) >= self.max_rooms:
                raise TooManyRooms(f"All {self.max_rooms} rooms are in use; try again later.")
            code = _new_code()
            while code in self._rooms:
                code = _new_code()
            secret = secrets.token_urlsafe(24)
            self._rooms[code] = {"hash": _secret_hash(secret), "view": view, "version": 1, "active": now,
                                 "followers": {}}  # fmt: skip
            return Room(code, secret)

    def _teacher_room(self, code: str, secret: str, now: float) -> dict:
        room = self._room(normalise_code(code), now)
        if not hmac.compare_digest(room["hash"], _secret_hash(str(secret))):
            LOG.warning("move refused: wrong teacher secret for room %s", display_code(code))
            raise NotTeacher("Only the teacher who opened this room can move it.")
        return room

    def move(self, code: str, secret: str, view: RoomView) -> RoomState:
        with self._lock:
            now = self._clock()
            room = self._teacher_room(code, secret, now)
            if view != room["view"]:
                room["view"] = view
                room["version"] += 1
                self._changed.notify_all()
            room["active"] = now
            return self._state(room, now)

    def touch(self, code: str, secret: str) -> int:
        with self._lock:
            now = self._clock()
            room = self._teacher_room(code, secret, now)
            room["active"] = now
            return self._state(room, now).followers

    def close(self, code: str, secret: str) -> None:
        with self._lock:
            self._teacher_room(code, secret, self._clock())
            del self._rooms[normalise_code(code)]
            self._changed.notify_all()

    def state(self, code: str, follower: str | None = None) -> RoomState:
        with self._lock:
            now = self._clock()
            room = self._room(normalise_code(code), now)
            seen = room["followers"]
            if follower is not None:
                _check_token(follower, "Follower")
                self._state(room, now)  # forgets followers not seen lately
                if follower not in seen and len(seen) >= self.max_followers:
                    raise RoomFull(f"This room already has {self.max_followers} students following; ask your teacher.")
                seen[follower] = now
            return self._state(room, now)

    def _window(self, client: str) -> tuple[int, int]:
        now = self._clock()
        for key in list(self._failures):
            self._failures[key] = [t for t in self._failures[key] if now - t < FAILED_JOIN_WINDOW_S]
            if not self._failures[key]:
                del self._failures[key]
        return len(self._failures.get(client, ())), sum(len(v) for v in self._failures.values())

    def _failed_join(self, client: str) -> tuple[int, int]:
        with self._lock:
            self._failures.setdefault(client, []).append(self._clock())
            return self._window(client)

    def _failed_joins(self, client: str) -> tuple[int, int]:
        with self._lock:
            return self._window(client)

    def wait_for_change(self, code: str, version: int, timeout: float) -> bool:
        with self._lock:
            room = self._rooms.get(code)
            if room is not None and room["version"] == version:
                self._changed.wait(timeout)
                room = self._rooms.get(code)
            return room is None or room["version"] != version


class RedisRoomStore(RoomStore):
    """Rooms in Redis, shared by every app process that uses the same server.

    Keys (all with the room's time to live, refreshed by the teacher): `room:{code}` a hash of the
    secret's hash, the view (JSON) and the version; `room:{code}:followers` a sorted set of follower
    tokens by last seen. `rooms` is a sorted set of codes by last activity, for the bound on rooms.
    Failed joins: `joinfail:{client}` and `joinfail:all`, counters that expire with the window.
    A thread per process polls the versions of the rooms its followers wait on (one pipelined
    request per `POLL_S`) and wakes them, so waiting costs Redis one request per process, not per follower.
    """

    POLL_S = 0.1
    WATCH_GRACE_S = 5.0  # a room stays polled this long after its last waiter, as followers wait in turns

    def __init__(self, url: str, *args, **kwargs):
        import redis  # only needed when REDIS_URL is set

        super().__init__(*args, **kwargs)
        self._redis_errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
        self.redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=10)
        self._url = url
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._watched: dict[str, float] = {}  # code → when a follower in this process last waited on it
        self._versions: dict[str, int | None] = {}
        self._poller: threading.Thread | None = None
        self._unreachable = False

    def _call(self, func, *args):
        try:
            return func(*args)
        except self._redis_errors as err:
            LOG.warning("room store unreachable: %s", err)
            raise StoreUnavailable("The room server cannot be reached.") from None

    def create(self, view: RoomView) -> Room:
        def run() -> Room:
            now = time.time()
            self.redis.zremrangebyscore("rooms", "-inf", now - self.room_ttl)
            if self.redis.zcard("rooms") >= self.max_rooms:
                raise TooManyRooms(f"All {self.max_rooms} rooms are in use; try again later.")
            secret = secrets.token_urlsafe(24)
            while True:
                code = _new_code()
                mapping = {"hash": _secret_hash(secret), "view": view.to_json(), "version": 1}
                # HSETNX on the hash key claims the code atomically; a clash (rare) draws another.
                if self.redis.hsetnx(f"room:{code}", "hash", mapping["hash"]):
                    break
            pipe = self.redis.pipeline()
            pipe.hset(f"room:{code}", mapping=mapping)
            pipe.expire(f"room:{code}", int(self.room_ttl))
            pipe.zadd("rooms", {code: now})
            pipe.execute()
            return Room(code, secret)

        return self._call(run)

    def _check_teacher(self, code: str, secret: str) -> None:
        stored = self.redis.hget(f"room:{code}", "hash")
        if stored is None:
            raise _not_found(code)
        if not hmac.compare_digest(stored.decode(), _secret_hash(str(secret))):
            LOG.warning("move refused: wrong teacher secret for room %s", display_code(code))
            raise NotTeacher("Only the teacher who opened this room can move it.")

    def _touch(self, pipe, code: str) -> None:
        ttl = int(self.room_ttl)
        pipe.expire(f"room:{code}", ttl)
        pipe.expire(f"room:{code}:followers", ttl)
        pipe.zadd("rooms", {code: time.time()})

    def move(self, code: str, secret: str, view: RoomView) -> RoomState:
        code = normalise_code(code)

        def run() -> RoomState:
            self._check_teacher(code, secret)
            pipe = self.redis.pipeline()
            old = self.redis.hget(f"room:{code}", "view")
            if old is None or RoomView.from_json(old) != view:
                pipe.hset(f"room:{code}", "view", view.to_json())
                pipe.hincrby(f"room:{code}", "version", 1)
            self._touch(pipe, code)
            pipe.execute()
            return self._read_state(code, None)

        return self._call(run)

    def touch(self, code: str, secret: str) -> int:
        code = normalise_code(code)

        def run() -> int:
            self._check_teacher(code, secret)
            pipe = self.redis.pipeline()
            self._touch(pipe, code)
            pipe.execute()
            return self._read_state(code, None).followers

        return self._call(run)

    def close(self, code: str, secret: str) -> None:
        code = normalise_code(code)

        def run() -> None:
            self._check_teacher(code, secret)
            self.redis.delete(f"room:{code}", f"room:{code}:followers")
            self.redis.zrem("rooms", code)

        self._call(run)

    def _read_state(self, code: str, follower: str | None) -> RoomState:
        now = time.time()
        key = f"room:{code}:followers"
        pipe = self.redis.pipeline()
        pipe.hmget(f"room:{code}", "view", "version")
        pipe.zremrangebyscore(key, "-inf", now - FOLLOWER_SEEN_S)
        pipe.zcard(key)
        pipe.zscore(key, follower) if follower else pipe.zcard(key)
        (view, version), _, count, known = pipe.execute()
        if view is None:
            raise _not_found(code)
        if follower is not None:
            if known is None and count >= self.max_followers:
                raise RoomFull(f"This room already has {self.max_followers} students following; ask your teacher.")
            pipe = self.redis.pipeline()
            pipe.zadd(key, {follower: now})
            pipe.expire(key, int(self.room_ttl))
            pipe.execute()
            count += known is None
        return RoomState(RoomView.from_json(view), int(version), int(count))

    def state(self, code: str, follower: str | None = None) -> RoomState:
        code = normalise_code(code)
        if follower is not None:
            _check_token(follower, "Follower")
        return self._call(self._read_state, code, follower)

    def _failed_join(self, client: str) -> tuple[int, int]:
        def run() -> tuple[int, int]:
            pipe = self.redis.pipeline()
            for key in (f"joinfail:{client}", "joinfail:all"):
                pipe.incr(key)
                pipe.expire(key, FAILED_JOIN_WINDOW_S, nx=True)
            mine, _, everyone, _ = pipe.execute()
            return int(mine), int(everyone)

        return self._call(run)

    def _failed_joins(self, client: str) -> tuple[int, int]:
        values = self._call(self.redis.mget, f"joinfail:{client}", "joinfail:all")
        return tuple(int(v or 0) for v in values)

    def _poll(self) -> None:
        """The process's one poller: reads the watched rooms' versions and wakes their followers."""
        while True:
            with self._lock:
                now = time.monotonic()
                for code in [c for c, at in self._watched.items() if now - at > self.WATCH_GRACE_S]:
                    del self._watched[code]
                    self._versions.pop(code, None)
                codes = list(self._watched)
                if not codes:
                    self._poller = None
                    return
            try:
                pipe = self.redis.pipeline(transaction=False)
                for code in codes:
                    pipe.hget(f"room:{code}", "version")
                versions = pipe.execute()
            except self._redis_errors:
                with self._lock:
                    if not self._unreachable:
                        self._unreachable = True
                        self._changed.notify_all()
                time.sleep(self.POLL_S)
                continue
            with self._lock:
                self._unreachable = False
                changed = False
                for code, version in zip(codes, versions, strict=True):
                    value = int(version) if version is not None else None
                    changed |= self._versions.get(code, value) != value
                    self._versions[code] = value
                if changed:
                    self._changed.notify_all()
            time.sleep(self.POLL_S)

    def wait_for_change(self, code: str, version: int, timeout: float) -> bool:
        with self._lock:
            self._watched[code] = time.monotonic()
            if self._poller is None:
                self._poller = threading.Thread(target=self._poll, name="room-poller", daemon=True)
                self._poller.start()
            if self._versions.get(code, version) == version and not self._unreachable:
                self._changed.wait(timeout)
            return self._unreachable or self._versions.get(code, version) != version  # None: gone


def room_store_from_env(environ: dict | None = None) -> RoomStore:
    """Redis when `REDIS_URL` is set (several app processes share the rooms), else this process."""
    url = (environ if environ is not None else os.environ).get("REDIS_URL")
    if url:
        return RedisRoomStore(url)
    return MemoryRoomStore()
