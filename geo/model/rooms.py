"""Class rooms: a teacher drives a view (slide, date, selected event) and students' pages follow it.

One interface, two stores: `MemoryRoomStore` keeps the rooms in this process (one server, out of
the box); `RedisRoomStore` keeps them in Redis, so several app processes behind a load balancer
share them (set `REDIS_URL`). `room_store_from_env` picks one.

- A room has a join code (8 characters from an alphabet without look-alikes: 31^8 ≈ 8.5·10^11
  codes) and a teacher secret, kept only as a hash; only the secret moves the room.
- A right code always joins: the code is looked up first. Wrong codes are counted per client (its
  browser's random token and its network address: a `Client`), limited and logged; guessing is
  hopeless by the code's length (500 rooms among 8.5·10^11 codes), not by a lock on everyone.
- A room expires `room_ttl` seconds (15 minutes) after the teacher's page last checked in; followers
  are told when the teacher has not checked in for `TEACHER_AWAY_S`. Rooms are bounded per client
  and in total; a full server says when the next room frees up.
- Followers are counted by random tokens seen in the last `FOLLOWER_SEEN_S` seconds; following
  sessions (each holds a server thread while it waits) are bounded per client and per process
  by `FollowerSlots`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import math
import os
import re
import secrets
import threading
import time
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import asdict, dataclass

from geo.model.naming import NAMINGS

LOG = logging.getLogger("geo.model.rooms")

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on phones
CODE_LENGTH = 8
ROOM_TTL_S = 15 * 60  # without the teacher's heartbeat (the open page checks in every few seconds)
TEACHER_AWAY_S = 60  # followers are told the teacher is away after this long without a heartbeat
MAX_ROOMS = 500
MAX_ROOMS_PER_BROWSER = 3
MAX_ROOMS_PER_ADDRESS = 10  # a school's teachers may share one address
MAX_FOLLOWERS = 200
FOLLOWER_SEEN_S = 45  # a follower's page checks in far more often than this while it is open
MAX_FAILED_JOINS_PER_BROWSER = 5
MAX_FAILED_JOINS_PER_ADDRESS = 50  # a class behind one address, each mistyping a code or two
FAILED_JOIN_WINDOW_S = 600
UNKNOWN_ADDRESS = "local"
MAX_CODE_INPUT = 64  # longer than any code typed with spaces and dashes
# Following sessions per process (each waits on a server thread), per browser and per address.
MAX_FOLLOWING = 600
MAX_FOLLOWING_PER_BROWSER = 4
MAX_FOLLOWING_PER_ADDRESS = MAX_FOLLOWERS + 50
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
    """No room for now; `free_in` is how many seconds until one frees up (None when unknown)."""

    def __init__(self, message: str, free_in: float | None = None):
        super().__init__(message)
        self.free_in = free_in


class TooManyFailedJoins(RoomError):
    pass


class NotTeacher(RoomError):
    pass


class StoreUnavailable(RoomError):
    """The room store (Redis) cannot be reached."""


class TooManyFollowing(RoomError):
    """This server (or this client) follows as many rooms as it may at once."""


@dataclass(frozen=True)
class Client:
    """Who asks, for the limits only: the browser's random token (a cookie, kept across reloads)
    and the network address the app sees (`client_address`). Never a name."""

    browser: str
    address: str = UNKNOWN_ADDRESS

    def __post_init__(self) -> None:
        _check_token(self.browser, "Client")
        if not isinstance(self.address, str) or not 0 < len(self.address) <= 64:
            raise ValueError(f"Client address {str(self.address)[:40]!r} is not an address.")

    def limit_keys(self) -> tuple[str, str]:
        """The keys the limits count by: digests, so no store keeps an address or a token as such."""
        return tuple(  # type: ignore[return-value]
            f"{kind}:{hashlib.sha256(f'{kind}:{value}'.encode()).hexdigest()[:24]}"
            for kind, value in (("browser", self.browser), ("address", self.address))
        )

    def address_limited(self, count: int) -> int:
        """`count` for the address's bounds, 0 when the address is unknown ("local": this machine, or
        a proxy that sends no X-Forwarded-For, behind which every visitor would share one address)."""
        return 0 if self.address == UNKNOWN_ADDRESS else count


def client_address(remote_ip: str | None, forwarded_for: str | None) -> str:
    """The address to limit a client by: the connection's, or, when that is a proxy on this machine or
    a private network (or None: Streamlit reports loopback as None), the last address the proxy added
    to X-Forwarded-For. IPv6 addresses count by their /64 network, which one subscriber usually has."""
    import ipaddress

    def parsed(text: str | None):
        try:
            return ipaddress.ip_address((text or "").strip())
        except ValueError:
            return None

    address = parsed(remote_ip)
    if address is None or address.is_private or address.is_loopback:
        hops = [parsed(part) for part in (forwarded_for or "").split(",")[-8:]]
        proxied = next((hop for hop in reversed(hops) if hop is not None), None)
        address = proxied or address
    if address is None:
        return UNKNOWN_ADDRESS
    if address.version == 6 and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address.ipv4_mapped or address) if address.version == 6 else str(address)


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
    teacher_away: bool = False  # no heartbeat from the teacher's page for TEACHER_AWAY_S
    dataset: str = ""  # the teacher's data's content key (`geo.model.prepare.content_key`)


@dataclass(frozen=True)
class Room:
    code: str
    secret: str  # the teacher's; kept in the teacher's session only


def normalise_code(raw: object) -> str:
    """ "abcd-efgh", " ABCD EFGH ", full-width "ＡＢＣＤ－ＥＦＧＨ", with invisible characters (zero-width
    spaces, word joiners, direction marks) → "ABCDEFGH"; anything else raises MalformedCode naming it."""
    text = raw if isinstance(raw, str) and len(raw) <= MAX_CODE_INPUT else ""
    plain = unicodedata.normalize("NFKC", text)
    kept = (c for c in plain if not (c.isspace() or unicodedata.category(c) in ("Cf", "Pd", "Zs")))
    code = "".join(kept).upper()
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
    def create(self, view: RoomView, client: Client, dataset: str = "") -> Room:
        """A new room showing `view` of the data `dataset` (its content key); TooManyRooms when
        this client or the server has as many open rooms as it may (with when one frees up)."""

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
    def _failed_join(self, client: Client) -> tuple[int, int]:
        """Counts a failed join; returns (this browser's, this address's) failures in the window."""

    @abstractmethod
    def _failed_joins(self, client: Client) -> tuple[int, int]:
        """The failures counted so far, without counting one."""

    @abstractmethod
    def wait_for_change(self, code: str, version: int, timeout: float) -> bool:
        """Waits up to `timeout` seconds for the room to move past `version`; True when it has moved,
        is gone or the store cannot be reached (read `state` to find out which), False otherwise."""

    def _full(self, client: Client, counts: tuple[int, int, int], frees_at: float | None, now: float) -> None:
        """Raises TooManyRooms if the client's (browser, address) or the server's rooms are at their bound."""
        browser, address, everyone = counts
        address = client.address_limited(address)
        free_in = None if frees_at is None else max(0.0, frees_at - now)
        when = f" One frees up in about {max(1, math.ceil(free_in / 60))} minute(s)." if free_in is not None else ""
        if browser >= MAX_ROOMS_PER_BROWSER or address >= MAX_ROOMS_PER_ADDRESS:
            mine = MAX_ROOMS_PER_BROWSER if browser >= MAX_ROOMS_PER_BROWSER else MAX_ROOMS_PER_ADDRESS
            where = "this browser" if browser >= MAX_ROOMS_PER_BROWSER else "your network"
            raise TooManyRooms(
                f"{where.capitalize()} already has {mine} class rooms open: end one (or close its tab: a room "
                f"ends {round(self.room_ttl / 60)} minutes after its page was last open).",
                None,
            )
        if everyone >= self.max_rooms:
            LOG.warning("room refused: all %d rooms in use", self.max_rooms)
            raise TooManyRooms(f"All {self.max_rooms} class rooms on this server are in use.{when}", free_in)

    def join(self, raw_code: object, client: Client, follower: str) -> tuple[str, RoomState]:
        """A student joins by code: (normalised code, state). A right code always joins, whatever
        failed before; bad, unknown or expired codes raise a RoomError and count as failed joins,
        and past the client's limit they are refused for a while."""
        _check_token(follower, "Follower")
        try:
            code = normalise_code(raw_code)
            return code, self.state(code, follower)
        except (MalformedCode, RoomNotFound) as err:
            browser, address = self._failed_joins(client)
            address = client.address_limited(address)
            if browser >= MAX_FAILED_JOINS_PER_BROWSER or address >= MAX_FAILED_JOINS_PER_ADDRESS:
                LOG.warning("join refused: too many failed joins (client %s…: %d, address: %d)",
                            client.browser[:6], browser, address)  # fmt: skip
                raise TooManyFailedJoins(
                    f"{err} That was one wrong code too many: wait {FAILED_JOIN_WINDOW_S // 60} minutes, "
                    "then check the code with your teacher."
                ) from None
            browser, address = self._failed_join(client)
            LOG.warning("failed join (client %s…: %d, address: %d): %s", client.browser[:6], browser, address, err)
            raise


def _not_found(code: str) -> RoomNotFound:
    return RoomNotFound(
        f"There is no room {display_code(code)!r}: the code may be mistyped, or the lesson has ended "
        f"(rooms close {ROOM_TTL_S // 60} minutes after the teacher's page was last open)."
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
        away = now - room["active"] > TEACHER_AWAY_S
        return RoomState(room["view"], room["version"], len(seen), away, room["dataset"])

    def create(self, view: RoomView, client: Client, dataset: str = "") -> Room:
        with self._lock:
            now = self._clock()
            self._purge(now)
            browser, address = client.limit_keys()
            counts = (sum(browser in r["owners"] for r in self._rooms.values()),
                      sum(address in r["owners"] for r in self._rooms.values()), len(self._rooms))  # fmt: skip
            oldest = min((r["active"] for r in self._rooms.values()), default=None)
            self._full(client, counts, None if oldest is None else oldest + self.room_ttl, now)
            code = _new_code()
            while code in self._rooms:
                code = _new_code()
            secret = secrets.token_urlsafe(24)
            self._rooms[code] = {"hash": _secret_hash(secret), "view": view, "version": 1, "active": now,
                                 "followers": {}, "owners": client.limit_keys(),
                                 "dataset": str(dataset)[:MAX_ID_LENGTH]}  # fmt: skip
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
            back = now - room["active"] > TEACHER_AWAY_S
            room["active"] = now
            if view != room["view"] or back:
                room["view"] = view
                room["version"] += 1
                self._changed.notify_all()
            return self._state(room, now)

    def touch(self, code: str, secret: str) -> int:
        with self._lock:
            now = self._clock()
            room = self._teacher_room(code, secret, now)
            if now - room["active"] > TEACHER_AWAY_S:  # back from away: followers hear it
                room["version"] += 1
                self._changed.notify_all()
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

    def _window(self, client: Client) -> tuple[int, int]:
        now = self._clock()
        for key in list(self._failures):
            self._failures[key] = [t for t in self._failures[key] if now - t < FAILED_JOIN_WINDOW_S]
            if not self._failures[key]:
                del self._failures[key]
        browser, address = client.limit_keys()
        return len(self._failures.get(browser, ())), len(self._failures.get(address, ()))

    def _failed_join(self, client: Client) -> tuple[int, int]:
        with self._lock:
            for key in client.limit_keys():
                self._failures.setdefault(key, []).append(self._clock())
            return self._window(client)

    def _failed_joins(self, client: Client) -> tuple[int, int]:
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
    secret's hash, the view (JSON), the version, the teacher's last heartbeat, the dataset's key and
    the client keys that opened it; `room:{code}:followers` a sorted set of follower tokens by last
    seen. `rooms` and `roomsby:{client key}` are sorted sets of codes by last activity, for the
    bounds on rooms. Failed joins: `joinfail:{client key}`, counters that expire with the window.
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
        self._said_unreachable = False  # logged once per outage, not once per follower per try

    def _call(self, func, *args):
        reached = True
        try:
            return func(*args)
        except self._redis_errors as err:
            reached = False
            if not self._said_unreachable:
                self._said_unreachable = True
                LOG.warning("room store unreachable: %s", err)
            raise StoreUnavailable("The room server cannot be reached.") from None
        finally:
            if reached and self._said_unreachable:  # an answer, even "no such room"
                self._said_unreachable = False
                LOG.warning("room store reachable again (rooms it lost are ended for their followers)")

    def create(self, view: RoomView, client: Client, dataset: str = "") -> Room:
        def run() -> Room:
            now = time.time()
            keys = ("rooms", *(f"roomsby:{key}" for key in client.limit_keys()))
            pipe = self.redis.pipeline()
            for key in keys:
                pipe.zremrangebyscore(key, "-inf", now - self.room_ttl)
            for key in keys:
                pipe.zcard(key)
            pipe.zrange("rooms", 0, 0, withscores=True)
            *_, everyone, browser, address, oldest = pipe.execute()
            self._full(client, (browser, address, everyone), oldest[0][1] + self.room_ttl if oldest else None, now)
            secret = secrets.token_urlsafe(24)
            while True:
                code = _new_code()
                mapping = {"hash": _secret_hash(secret), "view": view.to_json(), "version": 1, "active": now,
                           "dataset": str(dataset)[:MAX_ID_LENGTH],
                           "owners": json.dumps(client.limit_keys())}  # fmt: skip
                # HSETNX on the hash key claims the code atomically; a clash (rare) draws another.
                if self.redis.hsetnx(f"room:{code}", "hash", mapping["hash"]):
                    break
            pipe = self.redis.pipeline()
            pipe.hset(f"room:{code}", mapping=mapping)
            pipe.expire(f"room:{code}", int(self.room_ttl))
            for key in keys:
                pipe.zadd(key, {code: now})
                pipe.expire(key, int(self.room_ttl))
            pipe.execute()
            return Room(code, secret)

        return self._call(run)

    def _check_teacher(self, code: str, secret: str) -> dict:
        """The room's hash (secret's hash, last heartbeat, owners) if `secret` is its teacher's."""
        stored, active, owners = self.redis.hmget(f"room:{code}", "hash", "active", "owners")
        if stored is None:
            raise _not_found(code)
        if not hmac.compare_digest(stored.decode(), _secret_hash(str(secret))):
            LOG.warning("move refused: wrong teacher secret for room %s", display_code(code))
            raise NotTeacher("Only the teacher who opened this room can move it.")
        return {"active": float(active or 0), "owners": json.loads(owners or "[]")}

    def _touch(self, pipe, code: str, room: dict) -> None:
        """The teacher's heartbeat: the room's time to live starts again; back from away is a change."""
        now, ttl = time.time(), int(self.room_ttl)
        if now - room["active"] > TEACHER_AWAY_S:
            pipe.hincrby(f"room:{code}", "version", 1)
        pipe.hset(f"room:{code}", "active", now)
        pipe.expire(f"room:{code}", ttl)
        pipe.expire(f"room:{code}:followers", ttl)
        for key in ("rooms", *(f"roomsby:{owner}" for owner in room["owners"])):
            pipe.zadd(key, {code: now})
            pipe.expire(key, ttl)

    def move(self, code: str, secret: str, view: RoomView) -> RoomState:
        code = normalise_code(code)

        def run() -> RoomState:
            room = self._check_teacher(code, secret)
            pipe = self.redis.pipeline()
            old = self.redis.hget(f"room:{code}", "view")
            if old is None or RoomView.from_json(old) != view:
                pipe.hset(f"room:{code}", "view", view.to_json())
                pipe.hincrby(f"room:{code}", "version", 1)
            self._touch(pipe, code, room)
            pipe.execute()
            return self._read_state(code, None)

        return self._call(run)

    def touch(self, code: str, secret: str) -> int:
        code = normalise_code(code)

        def run() -> int:
            room = self._check_teacher(code, secret)
            pipe = self.redis.pipeline()
            self._touch(pipe, code, room)
            pipe.execute()
            return self._read_state(code, None).followers

        return self._call(run)

    def close(self, code: str, secret: str) -> None:
        code = normalise_code(code)

        def run() -> None:
            room = self._check_teacher(code, secret)
            self.redis.delete(f"room:{code}", f"room:{code}:followers")
            for key in ("rooms", *(f"roomsby:{owner}" for owner in room["owners"])):
                self.redis.zrem(key, code)

        self._call(run)

    def _read_state(self, code: str, follower: str | None) -> RoomState:
        now = time.time()
        key = f"room:{code}:followers"
        pipe = self.redis.pipeline()
        pipe.hmget(f"room:{code}", "view", "version", "active", "dataset")
        pipe.zremrangebyscore(key, "-inf", now - FOLLOWER_SEEN_S)
        pipe.zcard(key)
        pipe.zscore(key, follower) if follower else pipe.zcard(key)
        (view, version, active, dataset), _, count, known = pipe.execute()
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
        away = now - float(active or 0) > TEACHER_AWAY_S
        return RoomState(RoomView.from_json(view), int(version), int(count), away, (dataset or b"").decode())

    def state(self, code: str, follower: str | None = None) -> RoomState:
        code = normalise_code(code)
        if follower is not None:
            _check_token(follower, "Follower")
        return self._call(self._read_state, code, follower)

    def _failed_join(self, client: Client) -> tuple[int, int]:
        def run() -> tuple[int, int]:
            pipe = self.redis.pipeline()
            for key in client.limit_keys():
                pipe.incr(f"joinfail:{key}")
                pipe.expire(f"joinfail:{key}", FAILED_JOIN_WINDOW_S, nx=True)
            browser, _, address, _ = pipe.execute()
            return int(browser), int(address)

        return self._call(run)

    def _failed_joins(self, client: Client) -> tuple[int, int]:
        values = self._call(self.redis.mget, *(f"joinfail:{key}" for key in client.limit_keys()))
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


class FollowerSlots:
    """The following sessions of this process, bounded in total, per browser and per address: each
    holds a server thread while it waits for the teacher. A slot is a lease renewed by its session
    (`take` again) and lapses `FOLLOWER_SEEN_S` after the last renewal, so a closed tab frees it."""

    def __init__(
        self,
        total: int = MAX_FOLLOWING,
        per_browser: int = MAX_FOLLOWING_PER_BROWSER,
        per_address: int = MAX_FOLLOWING_PER_ADDRESS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.total, self.per_browser, self.per_address = total, per_browser, per_address
        self._clock = clock
        self._lock = threading.Lock()
        self._slots: dict[str, tuple[Client, float]] = {}  # session → (client, last renewed)

    def take(self, session: str, client: Client) -> None:
        """Takes or renews `session`'s slot; TooManyFollowing, saying whose bound, when there is none."""
        with self._lock:
            now = self._clock()
            for key in [k for k, (_, at) in self._slots.items() if now - at > FOLLOWER_SEEN_S]:
                del self._slots[key]
            if session not in self._slots:
                others = [c for c, _ in self._slots.values()]
                if sum(c.browser == client.browser for c in others) >= self.per_browser:
                    raise TooManyFollowing(
                        f"This browser already follows {self.per_browser} class rooms: close a tab that follows one."
                    )
                if sum(c.address == client.address for c in others) >= self.per_address:
                    raise TooManyFollowing(f"{self.per_address} pages from your network already follow a class here.")
                if len(others) >= self.total:
                    LOG.warning("follow refused: %d following sessions in this process", len(others))
                    raise TooManyFollowing(f"This server already serves {self.total} students; try again in a minute.")
            self._slots[session] = (client, now)

    def give_back(self, session: str) -> None:
        with self._lock:
            self._slots.pop(session, None)

    def __len__(self) -> int:
        return len(self._slots)


def room_store_from_env(environ: dict | None = None) -> RoomStore:
    """Redis when `REDIS_URL` is set (several app processes share the rooms), else this process."""
    url = (environ if environ is not None else os.environ).get("REDIS_URL")
    if url:
        return RedisRoomStore(url)
    return MemoryRoomStore()
