"""New pages from one network address are admitted at a bounded rate (ASGI middleware, serve.py).

Every page a browser opens is a websocket to Streamlit's `/_stcore/stream`, and each one starts a
session and a script thread at once. Four hundred opened together by one visitor kept the event loop
(which also answers `/_stcore/health`) waiting 2–6 s for their threads to start; the same four
hundred arriving at 25 a second kept every health answer under 0.15 s (bench.health_abuse). So the
first ADMIT_BURST connections from an address go straight in and the rest are let in ADMIT_PER_S a
second (aiolimiter's leaky bucket, one per address), each waiting without holding
anything but its socket. One that has waited ADMIT_MAX_WAIT_S is refused before its handshake (HTTP
403), and Streamlit's front end tries again by itself. Other addresses never wait behind them. A
class joining through one school address (30 at once) goes straight in; 300 pupils of a whole
school take about 15 s.
"""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

from aiolimiter import AsyncLimiter

from geo.model.rooms import client_address

ADMIT_BURST = 30  # a class joining through one school address goes straight in
ADMIT_PER_S = 20.0  # then this many a second from that address
ADMIT_MAX_WAIT_S = 20.0  # a connection that has waited this long is refused; the browser retries
FORGET_AFTER = 1024  # addresses with a bucket before the drained buckets are dropped
STREAM_PATH_END = "/_stcore/stream"

Scope = MutableMapping[str, Any]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class SessionAdmission:
    """ASGI middleware: Streamlit's page websockets wait their turn per address; every other
    request passes straight through."""

    def __init__(
        self, app, burst: int = ADMIT_BURST, per_s: float = ADMIT_PER_S, max_wait_s: float = ADMIT_MAX_WAIT_S
    ) -> None:
        self.app = app
        self.burst, self.period_s, self.max_wait_s = burst, burst / per_s, max_wait_s
        self.buckets: dict[str, AsyncLimiter] = {}

    def bucket(self, address: str) -> AsyncLimiter:
        if address not in self.buckets and len(self.buckets) >= FORGET_AFTER:
            self.buckets = {key: each for key, each in self.buckets.items() if not each.has_capacity(self.burst)}
        return self.buckets.setdefault(address, AsyncLimiter(self.burst, self.period_s))

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "websocket" or not scope.get("path", "").endswith(STREAM_PATH_END):
            await self.app(scope, receive, send)
            return
        peer = scope.get("client")
        address = client_address(peer[0] if peer else None, _header(scope, b"x-forwarded-for"))
        try:
            await asyncio.wait_for(self.bucket(address).acquire(), self.max_wait_s)
        except TimeoutError:
            await send({"type": "websocket.close"})  # before the handshake: the server answers HTTP 403
            return
        await self.app(scope, receive, send)
