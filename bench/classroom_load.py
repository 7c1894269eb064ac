"""Class-room load test on loopback (issue 15): how fast students' pages follow the teacher, and what
idle followers cost the server. From the repository root:

    .venv/bin/python -m bench.classroom_load [--followers 60] [--steps 10] [--idle 30] [--write]
        [--setups memory,redis,proxy] [--replicas 3] [--rooms 10] [--proxy-followers 300]

Three set-ups, one after the other: (1) one Streamlit server with the rooms in process; (2) two
Streamlit servers sharing a private Redis (bench/redis_server.py), the teacher on the first and the
followers alternating between both; (3, `proxy`) a school's shared link, scripts/cluster.sh: the
replicas behind HAProxy with one persistent Redis, `--rooms` teachers each stepping through their
own room and `--proxy-followers` spread over the rooms, every page through the proxy. A teacher is
a real headless Chromium page in presentation mode that opens a class room and presses Next. Each
follower is a websocket client that speaks Streamlit's own protocol (the protobuf messages its front
end sends and receives): it opens the join link's page and reruns the page's fragments on the timers
the server asks for, as the front end does, but draws nothing, so the machine's two cores are not
spent on hundreds of browsers.

Measured: for each step, from the teacher's click to the moment each follower receives the slide's
"N / total" line (p50, p95, max over followers × steps; a follower that has not seen it within the
cap counts as missed); the servers' CPU (user + system, from /proc) over `--idle` seconds with every
follower connected and the teacher still, as a share of one core; each server's peak memory; Redis's
commands per second while the teachers step (proxy set-up); the count the first teacher sees. Every
loop is bounded in count and in time; every request off loopback is aborted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import re
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis
import websockets
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.cluster import running_cluster
from bench.extract_bench import machine_line, replace_section
from bench.measure import APP_ENTRY, CHROMIUM_ARGS, CHROMIUM_PATH, NOT_LOOPBACK_URL, serve
from bench.redis_server import running_redis
from geo.model.loader import load_dataset
from geo.model.rooms import MAX_FOLLOWERS

RESULTS_PATH = Path(__file__).resolve().parent / "results.md"
SECTION = "Class room: followers of the teacher (issue 15)"
TOTAL = len(load_dataset().events)
FIRST_STEP = 5
STEP_CAP_S = 30.0
JOIN_CAP_S = 60.0
STEP_GAP_S = 3.0  # between the teacher's clicks: time to say a sentence
CONCURRENT_JOINS = 6
CLK_TCK = os.sysconf("SC_CLK_TCK")
PROGRESS = re.compile(r"^(\d+) / (\d+)$")
TARGET_P95_S = 1.0
TARGET_IDLE_CPU = 0.20
TARGET_MEMORY = 2**30


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


@dataclass
class Follower:
    """A student's page without a browser: Streamlit's websocket protocol, fragments rerun on their timers."""

    url: str
    code: str
    seen: dict[int, float] = field(default_factory=dict)  # step → first time its slide arrived
    received: int = 0  # bytes of Streamlit messages, all told
    errors: list[str] = field(default_factory=list)

    def _rerun(self, fragment_id: str = "") -> bytes:
        message = BackMsg()
        message.rerun_script.query_string = f"room={self.code}"
        message.rerun_script.page_script_hash = ""
        if fragment_id:
            message.rerun_script.fragment_id = fragment_id
            message.rerun_script.is_auto_rerun = True
        return message.SerializeToString()

    async def run(self, stop: asyncio.Event) -> None:
        stream = self.url.replace("http://", "ws://") + "/_stcore/stream"
        timers: dict[str, asyncio.Task] = {}
        try:
            # No client pings: a browser sends none, so a busy server must not lose followers to them.
            async with websockets.connect(
                stream, subprotocols=["streamlit"], max_size=None, ping_interval=None
            ) as socket:
                await socket.send(self._rerun())

                async def tick(fragment_id: str, interval: float) -> None:
                    while not stop.is_set():
                        await asyncio.sleep(interval)
                        await socket.send(self._rerun(fragment_id))

                while not stop.is_set():
                    try:
                        data = await asyncio.wait_for(socket.recv(), 0.5)
                    except TimeoutError:
                        continue
                    self.received += len(data)
                    message = ForwardMsg()
                    message.ParseFromString(data)
                    interval = self._read(message)
                    fragment_id = message.auto_rerun.fragment_id if interval else None
                    if interval and fragment_id not in timers:
                        timers[fragment_id] = asyncio.create_task(tick(fragment_id, interval))
        except (OSError, websockets.WebSocketException) as err:
            self.errors.append(repr(err))
        finally:
            for task in timers.values():
                task.cancel()

    def _read(self, message: ForwardMsg) -> float | None:
        """Notes a slide's progress line ("N / total") or an exception; returns the interval of a
        fragment timer the server asks for, which the caller then keeps running."""
        kind = message.WhichOneof("type")
        if kind == "auto_rerun":
            return message.auto_rerun.interval
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            if element.WhichOneof("type") == "markdown":
                match = PROGRESS.match(element.markdown.body)
                if match:
                    self.seen.setdefault(int(match[1]), time.monotonic())
            elif element.WhichOneof("type") == "exception":
                self.errors.append(element.exception.message)
        return None


def spread(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50": None, "p95": None, "max": None}
    ordered = sorted(values)
    return {
        "p50": statistics.median(ordered),
        "p95": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "max": ordered[-1],
    }


@dataclass
class Setup:
    """Where the teachers and followers connect (`urls`, taken in turn) and the server processes measured."""

    name: str
    urls: list[str]
    pids: list[int]
    rooms: int = 1
    redis_socket: Path | None = None  # the cluster's Redis, whose commands per second are counted


async def open_rooms(browser, url: str, rooms: int) -> tuple[list, list[str]]:
    """`rooms` teachers, each in a browser of its own (a teacher's cookie takes back their one room)."""
    teachers, codes = [], []
    for _ in range(rooms):
        context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        await context.route(NOT_LOOPBACK_URL, lambda route: route.abort("blockedbyclient"))
        teacher = await context.new_page()
        await teacher.goto(f"{url}/?mode=present&step={FIRST_STEP}")
        await teacher.get_by_role("button", name="Open a class room").click(timeout=60_000)
        code = teacher.locator(".st-key-room_code strong").get_by_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$"))
        await code.wait_for(timeout=60_000)  # the panel is drawn in parts: wait for the code itself
        codes.append(await code.inner_text())
        teachers.append(teacher)
    return teachers, codes


def peak_memory(pid: int) -> int:
    """The process's peak resident memory (VmHWM), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def redis_commands(socket_path: Path | None) -> int | None:
    if socket_path is None:
        return None
    with redis.Redis(unix_socket_path=str(socket_path)) as client:
        return int(client.info("stats")["total_commands_processed"])


async def scenario(setup: Setup, followers_n: int, steps: int, idle_s: float) -> dict:
    name, pids = setup.name, setup.pids
    print(f"[{name}] servers: {', '.join(setup.urls)} ({setup.rooms} room(s))", flush=True)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        teachers, codes = await open_rooms(browser, setup.urls[0], setup.rooms)
        teacher = teachers[0]
        room_text = teacher.locator(".st-key-room_panel")

        stop = asyncio.Event()
        followers = [Follower(setup.urls[i % len(setup.urls)], codes[i % setup.rooms]) for i in range(followers_n)]
        tasks = []
        join_started = time.monotonic()
        for batch in range(0, followers_n, CONCURRENT_JOINS):
            group = followers[batch : batch + CONCURRENT_JOINS]
            tasks += [asyncio.create_task(f.run(stop)) for f in group]
            deadline = time.monotonic() + JOIN_CAP_S
            while time.monotonic() < deadline and not all(FIRST_STEP in f.seen for f in group):
                await asyncio.sleep(0.1)
        joined = sum(FIRST_STEP in f.seen for f in followers)
        join_s = time.monotonic() - join_started
        print(f"[{name}] {joined}/{followers_n} followers joined in {join_s:.1f} s", flush=True)

        # Idle: everyone connected, the teacher still.
        await asyncio.sleep(3)
        before = [cpu_seconds(pid) for pid in pids]
        started = time.monotonic()
        await asyncio.sleep(idle_s)
        elapsed = time.monotonic() - started
        idle_cpu = [(cpu_seconds(pid) - b) / elapsed for pid, b in zip(pids, before, strict=True)]
        counted = (await room_text.inner_text()).split("\n")
        count_line = next((line for line in counted if "following" in line), "")
        print(f"[{name}] idle CPU per server: {', '.join(f'{c:.1%}' for c in idle_cpu)}; teacher sees {count_line!r}")

        # Steps: the teacher presses Next; each follower's time to the new slide.
        latencies: list[float] = []
        teacher_times: list[float] = []
        missed = 0
        step_cpu_before = [cpu_seconds(pid) for pid in pids]
        received_before = sum(f.received for f in followers)
        commands_before, steps_started = redis_commands(setup.redis_socket), time.monotonic()
        for step in range(FIRST_STEP + 1, FIRST_STEP + 1 + steps):
            # Every teacher presses Next, one after the other; each room's followers are timed from theirs.
            clicked = {}
            for code, each in zip(codes, teachers, strict=True):
                clicked[code] = time.monotonic()
                # The last: during a run the page may still show the replaced button beside the new one.
                await each.locator(".st-key-present_next button").last.click()
            with contextlib.suppress(PlaywrightTimeout):
                await (
                    teacher.locator(".st-key-present_progress")
                    .get_by_text(f"{step} / {TOTAL}")
                    .wait_for(timeout=STEP_CAP_S * 1000)
                )
            teacher_times.append(time.monotonic() - clicked[codes[0]])
            deadline = clicked[codes[-1]] + STEP_CAP_S
            while time.monotonic() < deadline and not all(step in f.seen for f in followers):
                await asyncio.sleep(0.02)
            got = [f.seen[step] - clicked[f.code] for f in followers if step in f.seen]
            missed += followers_n - len(got)
            latencies += got
            print(
                f"[{name}] step {step}: teacher's own slide {teacher_times[-1]:.2f} s; followers {len(got)}/"
                f"{followers_n}, p95 {spread(got)['p95'] or 0:.2f} s",
                flush=True,
            )
            await asyncio.sleep(max(0.0, clicked[codes[0]] + STEP_GAP_S - time.monotonic()))
        step_cpu = sum(cpu_seconds(pid) for pid in pids) - sum(step_cpu_before)
        commands_after = redis_commands(setup.redis_socket)
        redis_ops = (
            None if commands_before is None else (commands_after - commands_before) / (time.monotonic() - steps_started)
        )
        memory = [peak_memory(pid) for pid in pids]
        received = sum(f.received for f in followers) - received_before
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await browser.close()
    errors = [e for f in followers for e in f.errors]
    return {
        "name": name,
        "servers": len(pids),
        "rooms": setup.rooms,
        "memory": memory,
        "redis_ops": redis_ops,
        "followers": followers_n,
        "joined": joined,
        "join_s": join_s,
        "idle_cpu": idle_cpu,
        "count_line": count_line,
        "latency": spread(latencies),
        "teacher": spread(teacher_times),
        "samples": len(latencies),
        "missed": missed,
        "steps": steps,
        "step_cpu_per_step": step_cpu / steps,
        "bytes_per_follower_step": received / (followers_n * steps),
        "errors": errors[:5],
    }


def fmt_s(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def report(results: list[dict], idle_s: float, load: str) -> str:
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `.venv/bin/python -m bench.classroom_load`"
        f" on {machine_line()}; the machine's 1-min load average at the start: {load}.",
        "",
        "Followers are websocket clients speaking Streamlit's protocol (no browser drawing); the teacher is",
        "headless Chromium. Step time: from the teacher's click on Next to the follower receiving the new",
        f"slide, over followers × steps, cap {STEP_CAP_S:.0f} s. Idle CPU: each server's user + system time"
        f" over {idle_s:.0f} s with every follower connected and the teacher still, as a share of one core.",
        "",
        "| Set-up | Followers joined | Teacher's own slide (median) | Step p50 | Step p95 | Step max | Missed |"
        " Idle CPU (per server) | Server CPU per step | Sent per follower per step | Peak memory (per server) |"
        " Redis commands/s while stepping | Teacher sees (room 1) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        lines.append(
            f"| {r['name']} | {r['joined']}/{r['followers']} | {fmt_s(r['teacher']['p50'])} |"
            f" {fmt_s(r['latency']['p50'])} |"
            f" {fmt_s(r['latency']['p95'])} | {fmt_s(r['latency']['max'])} | {r['missed']} of"
            f" {r['followers'] * r['steps']} | {', '.join(f'{c:.1%}' for c in r['idle_cpu'])} |"
            f" {r['step_cpu_per_step']:.2f} s | {r['bytes_per_follower_step'] / 1024:.1f} KB |"
            f" {', '.join(f'{m / 2**20:.0f} MB' for m in r['memory'])} |"
            f" {'—' if r['redis_ops'] is None else round(r['redis_ops'])} |"
            f" {r['count_line'] or '—'} |"
        )
    lines += ["", "| Target | Measured | |", "| --- | --- | --- |"]
    for r in results:
        p95 = r["latency"]["p95"]
        met = p95 is not None and p95 <= TARGET_P95_S and r["missed"] == 0
        lines.append(
            f"| Step p95 ≤ 1 s, {r['followers']} followers, {r['name']} | {fmt_s(p95)} | {'met' if met else 'missed'} |"
        )
        heaviest = max(r["memory"])
        lines.append(
            f"| Peak memory ≤ 1 GB per server, {r['followers']} followers, {r['name']} | {heaviest / 2**20:.0f} MB |"
            f" {'met' if heaviest <= TARGET_MEMORY else 'missed'} |"
        )
        worst = max(r["idle_cpu"])
        lines.append(
            f"| Idle CPU ≤ 20% of a core, {r['followers']} followers, {r['name']} | {worst:.1%} |"
            f" {'met' if worst <= TARGET_IDLE_CPU else 'missed'} |"
        )
    lines += [
        "",
        "How a step reaches a follower: the follower's card column is a fragment that stays running,",
        "waiting on the room (a condition in process, or the process's one Redis poller), and on a move",
        "refills its placeholders (the progress line, the card and a `data-follow-step` element); the",
        "map is one engine page for the whole presentation, sent once, which watches that element and",
        "presents the step in the browser. So a step costs each follower a room read and a card, not a",
        "run of the page and a new map page ('Sent per follower per step' counts every message the",
        "follower received during the steps, heartbeats included). Idle followers wait on a condition,",
        "not by polling; their only cost is the fragment timer's message each second.",
    ]
    errors = [e for r in results for e in r["errors"]]
    if errors:
        lines += ["", "Follower errors (first few): " + "; ".join(f"`{e[:120]}`" for e in errors)]
    return "\n".join(lines)


def rooms_for(followers: int) -> int:
    """Rooms enough for every follower: past a room's cap the rest would be refused, and each
    refused batch would wait out the join cap."""
    return max(1, math.ceil(followers / MAX_FOLLOWERS))


async def run_all(args: argparse.Namespace, work: Path) -> list[dict]:
    results = []
    if "memory" in args.setups:
        os.environ.pop("REDIS_URL", None)
        with serve(APP_ENTRY, work, None) as server:
            rooms = rooms_for(args.followers)
            setup = Setup(f"1 server, rooms in process, {rooms} room(s)", [server.url], [server.pid], rooms)
            results.append(await scenario(setup, args.followers, args.steps, args.idle))
    if "redis" in args.setups:
        with running_redis() as redis_server:
            os.environ["REDIS_URL"] = redis_server.url
            try:
                with serve(APP_ENTRY, work, None) as first, serve(APP_ENTRY, work, None) as second:
                    setup = Setup(
                        "2 servers sharing Redis",
                        [first.url, second.url],
                        [first.pid, second.pid],
                        rooms_for(args.followers),
                    )
                    results.append(await scenario(setup, args.followers, args.steps, args.idle))
            finally:
                os.environ.pop("REDIS_URL", None)
    if "proxy" in args.setups:
        state_dir = work / "cluster"
        state_dir.mkdir()
        with running_cluster(args.replicas, state_dir) as cluster:
            pids = [cluster.pid(f"replica-{n}") for n in range(1, args.replicas + 1)]
            name = f"through the proxy, {args.replicas} replicas, {args.rooms} rooms"
            setup = Setup(name, [cluster.url], pids, args.rooms, state_dir / "redis.sock")
            results.append(await scenario(setup, args.proxy_followers, args.steps, args.idle))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--followers", type=int, default=60)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--idle", type=float, default=30.0, help="seconds of idle CPU measurement")
    parser.add_argument(
        "--setups", default="memory,redis", help="memory, redis, proxy (scripts/cluster.sh), comma-separated"
    )
    parser.add_argument("--replicas", type=int, default=3, help="replicas behind the proxy (setup proxy)")
    parser.add_argument("--rooms", type=int, default=10, help="class rooms, one teacher each (setup proxy)")
    parser.add_argument("--proxy-followers", type=int, default=300, help="followers through the proxy")
    parser.add_argument("--write", action="store_true", help=f"put the section into {RESULTS_PATH}")
    args = parser.parse_args()
    if not 1 <= args.followers <= 500 or not 1 <= args.proxy_followers <= 500 or not 1 <= args.steps <= 100:
        parser.error(
            f"--followers {args.followers!r} and --proxy-followers {args.proxy_followers!r} must be 1–500"
            f" and --steps {args.steps!r} 1–100"
        )
    if not 1 <= args.replicas <= 9 or not 1 <= args.rooms <= 10:
        parser.error(f"--replicas {args.replicas!r} must be 1–9 and --rooms {args.rooms!r} 1–10 (rooms per address)")
    load = Path("/proc/loadavg").read_text().split()[0]
    with tempfile.TemporaryDirectory(prefix="classroom-bench-") as folder:
        results = asyncio.run(run_all(args, Path(folder)))
    text = report(results, args.idle, load)
    print(text)
    if args.write:
        replace_section(RESULTS_PATH, SECTION, text)
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(main())
