"""One visitor opening pages by the hundred (issue 18), in Streamlit's own protocol against the
server start.sh runs: the flood's pages beyond a class's worth wait their turn, while a pupil at
another address gets in at once and the server keeps answering its health check."""

from __future__ import annotations

import asyncio
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import websockets

from admission import ADMIT_BURST

FLOOD = "203.0.113.7"  # documentation addresses (RFC 5737), sent as a local proxy would
PUPIL = "198.51.100.9"
QUEUED = 60  # pages past the burst: three seconds of queue at 20 a second
OPEN_TIMEOUT_S = 120


def test_a_flood_of_pages_waits_its_turn_while_a_pupil_elsewhere_gets_in(app_url: str) -> None:
    stream = app_url.replace("http://", "ws://") + "/_stcore/stream"
    opened: list[str] = []

    async def open_page(name: str, address: str, leave: asyncio.Event) -> None:
        async with websockets.connect(
            stream, subprotocols=["streamlit"], additional_headers={"X-Forwarded-For": address},
            ping_interval=None, open_timeout=OPEN_TIMEOUT_S,
        ):  # fmt: skip
            opened.append(name)
            await leave.wait()

    async def until(condition, what: str) -> None:
        for _ in range(OPEN_TIMEOUT_S * 20):
            if condition():
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{what}: opened so far {opened!r}")

    async def scenario() -> tuple[list[str], int]:
        leave = asyncio.Event()
        flood = [asyncio.create_task(open_page(f"flood {n}", FLOOD, leave)) for n in range(ADMIT_BURST + QUEUED)]
        await until(lambda: len(opened) >= ADMIT_BURST, "the flood's first pages never opened")
        pupil = asyncio.create_task(open_page("pupil", PUPIL, leave))
        await until(lambda: "pupil" in opened, "the pupil's page never opened")
        health = await asyncio.to_thread(lambda: urllib.request.urlopen(f"{app_url}/_stcore/health", timeout=30).read())
        flood_in_before_pupil = opened.index("pupil")
        await until(lambda: len(opened) == len(flood) + 1, "some of the flood's pages never opened")
        leave.set()
        await asyncio.gather(*flood, pupil)
        return health, flood_in_before_pupil

    # A thread of its own: Playwright's fixtures keep an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        health, flood_in_before_pupil = thread.submit(asyncio.run, scenario()).result()
    assert health == b"ok"
    # The pupil did not queue behind the flood: most of its pages were still waiting.
    assert ADMIT_BURST <= flood_in_before_pupil < ADMIT_BURST + QUEUED // 2
