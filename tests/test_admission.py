"""New pages from one address are let in at a bounded rate (admission.py): a flood from one visitor
waits its turn while every other address and every plain request goes straight in."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

import admission
from admission import SessionAdmission

FLOOD = "203.0.113.7"  # documentation addresses (RFC 5737)
OTHER = "198.51.100.9"


class Recorder:
    """The app behind the middleware: notes, in order, which connections reached it."""

    def __init__(self) -> None:
        self.reached: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        self.reached.append(scope["name"])


def websocket(name: str, peer: str | None, forwarded: str | None = None, path: str = "/_stcore/stream") -> dict:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"type": "websocket", "path": path, "client": (peer, 50000) if peer else None, "headers": headers,
            "name": name}  # fmt: skip


async def nothing() -> dict:
    return {"type": "websocket.connect"}


def open_all(gate: SessionAdmission, scopes: list[dict], sent: list[dict] | None = None) -> list[asyncio.Task]:
    async def send(message: dict) -> None:
        (sent if sent is not None else []).append(message)

    return [asyncio.ensure_future(gate(scope, nothing, send)) for scope in scopes]


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def run(scenario) -> None:
    """Runs the scenario in a thread of its own: in a full run, Playwright's fixtures may have left
    an event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, scenario()).result()


def test_a_class_goes_straight_in_and_a_flood_from_the_same_address_waits_its_turn() -> None:
    async def scenario() -> None:
        app = Recorder()
        gate = SessionAdmission(app, burst=3, per_s=0.1)  # the 4th would wait 10 s
        tasks = open_all(gate, [websocket(f"page {n}", FLOOD) for n in range(6)])
        await settle()
        assert app.reached == ["page 0", "page 1", "page 2"]
        for task in tasks:
            task.cancel()

    run(scenario)


def test_every_page_of_a_flood_gets_in() -> None:
    async def scenario() -> None:
        app = Recorder()
        gate = SessionAdmission(app, burst=2, per_s=200.0)
        await asyncio.gather(*open_all(gate, [websocket(f"page {n}", FLOOD) for n in range(8)]))
        assert sorted(app.reached) == [f"page {n}" for n in range(8)]

    run(scenario)


@pytest.mark.parametrize(
    ("flood", "other"),
    [
        ((FLOOD, None), (OTHER, None)),  # two visitors on the internet
        (("127.0.0.1", FLOOD), ("127.0.0.1", OTHER)),  # behind this machine's proxy: its X-Forwarded-For
        (("10.0.0.2", f"192.0.2.1, {FLOOD}"), ("10.0.0.2", OTHER)),  # a proxy on the private network
    ],
)
def test_another_address_never_waits_behind_a_flood(flood: tuple, other: tuple) -> None:
    async def scenario() -> None:
        app = Recorder()
        gate = SessionAdmission(app, burst=2, per_s=0.1)
        tasks = open_all(gate, [websocket(f"flood {n}", *flood) for n in range(5)])
        await settle()
        tasks += open_all(gate, [websocket("pupil", *other)])
        await settle()
        assert app.reached == ["flood 0", "flood 1", "pupil"]
        for task in tasks:
            task.cancel()

    run(scenario)


@pytest.mark.parametrize(
    "scope",
    [
        {"type": "http", "path": "/_stcore/health", "client": (FLOOD, 1), "headers": [], "name": "health"},
        {"type": "http", "path": "/", "client": (FLOOD, 1), "headers": [], "name": "page"},
        websocket("other socket", FLOOD, path="/component/socket"),
        {"type": "lifespan", "name": "lifespan"},
    ],
)
def test_what_is_not_a_page_connection_passes_even_during_a_flood(scope: dict) -> None:
    async def scenario() -> None:
        app = Recorder()
        gate = SessionAdmission(app, burst=1, per_s=0.1)
        tasks = open_all(gate, [websocket(f"flood {n}", FLOOD) for n in range(3)])
        await settle()
        await gate(scope, nothing, None)
        assert app.reached == ["flood 0", scope["name"]]
        for task in tasks:
            task.cancel()

    run(scenario)


def test_a_page_that_waited_too_long_is_refused_before_its_handshake_and_loses_nobody_their_turn() -> None:
    async def scenario() -> None:
        app = Recorder()
        sent: list[dict] = []
        gate = SessionAdmission(app, burst=1, per_s=2.0, max_wait_s=0.01)
        await asyncio.gather(*open_all(gate, [websocket(f"page {n}", FLOOD) for n in range(3)], sent))
        assert app.reached == ["page 0"]
        assert sent == [{"type": "websocket.close"}] * 2  # HTTP 403: Streamlit's front end tries again
        await asyncio.sleep(0.55)  # the bucket has drained for one more page
        await asyncio.gather(*open_all(gate, [websocket("page 3", FLOOD)], sent))
        assert app.reached == ["page 0", "page 3"]

    run(scenario)


def test_the_server_remembers_a_bounded_number_of_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(admission, "FORGET_AFTER", 8)

    async def scenario() -> None:
        gate = SessionAdmission(Recorder(), burst=1, per_s=10_000.0)
        for n in range(50):
            await gate(websocket(f"visitor {n}", f"192.0.2.{n}"), nothing, None)
            await asyncio.sleep(0.001)  # each visitor's bucket drains before the next comes
        assert len(gate.buckets) <= 8

    run(scenario)
