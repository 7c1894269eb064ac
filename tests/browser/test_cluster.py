"""A school's shared link in real browsers: scripts/cluster.sh (three replicas behind HAProxy at /map/,
one persistent Redis), a teacher and three students spread over the replicas, and faults mid-lesson: a
replica killed, Redis restarted, a replica that hangs."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest
import redis
from conftest import NOT_LOOPBACK_URL
from helpers import wait_for_app_idle
from playwright.sync_api import Browser, BrowserContext, Page, expect
from test_classroom import FOLLOW_BAR, FOLLOW_MS, PROGRESS, ROOM_TEXT, TOTAL, join, open_room, room_code

from bench.cluster import PROXY_WAIT_S, Cluster, running_cluster

REPLICAS = 3
COOKIE = "MAP_REPLICA"
PROXY_MS = PROXY_WAIT_S * 1000


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    state_dir = tmp_path_factory.mktemp("cluster")
    with running_cluster(REPLICAS, state_dir) as running:
        yield running
    # Ctrl-C or SIGTERM stops everything the script started.
    assert "Stopped the proxy" in (state_dir / "cluster.out").read_text(errors="replace")
    assert not list((state_dir / "pids").iterdir())


def on_replica(browser: Browser, cluster: Cluster, replica: str) -> BrowserContext:
    """A browser of its own whose first request the proxy sends to `replica` (its sticky cookie, set
    beforehand), offline like the others."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.route(NOT_LOOPBACK_URL, lambda route: route.abort("blockedbyclient"))
    # At the path the proxy sets it (/), so the proxy's answer replaces it rather than adds one.
    context.add_cookies([{"name": COOKIE, "value": replica, "domain": "127.0.0.1", "path": "/"}])
    return context


def replica_of(context: BrowserContext) -> str:
    return next(cookie["value"] for cookie in context.cookies() if cookie["name"] == COOKIE)


@pytest.fixture
def lesson(browser: Browser, cluster: Cluster) -> Iterator[tuple[Page, str, list[Page]]]:
    """A teacher on replica 1 with a room at slide 5, and three students: one on each replica."""
    cluster.wait_for_proxy_states(dict.fromkeys((f"replica-{n}" for n in range(1, REPLICAS + 1)), "UP"))
    contexts = [on_replica(browser, cluster, f"replica-{n}") for n in (1, 1, 2, 3)]
    teacher = contexts[0].new_page()
    code = open_room(teacher, cluster.url, step=5)
    students = [context.new_page() for context in contexts[1:]]
    for student in students:
        join(student, cluster.url, code)
        expect(student.locator(PROGRESS)).to_have_text(f"5 / {TOTAL}")
    expect(teacher.locator(ROOM_TEXT)).to_contain_text("3 students following", timeout=FOLLOW_MS)
    assert [replica_of(context) for context in contexts] == ["replica-1", "replica-1", "replica-2", "replica-3"]
    yield teacher, code, students
    for context in contexts:
        context.close()


def all_follow(teacher: Page, students: list[Page], step: int) -> None:
    teacher.get_by_role("button", name="Next ▶").click()
    expect(teacher.locator(PROGRESS)).to_have_text(f"{step} / {TOTAL}", timeout=FOLLOW_MS)
    for student in students:
        expect(student.locator(FOLLOW_BAR)).to_contain_text("Following the teacher", timeout=FOLLOW_MS)
        expect(student.locator(PROGRESS)).to_have_text(f"{step} / {TOTAL}", timeout=FOLLOW_MS)


def test_a_killed_replica_loses_no_student_and_the_teacher_takes_the_room_back(
    cluster: Cluster, lesson: tuple[Page, str, list[Page]]
) -> None:
    teacher, code, students = lesson
    all_follow(teacher, students, 6)
    expect(teacher.locator(".st-key-room_share")).to_have_count(1)  # open since the room opened

    # Their pages lose their WebSocket with the process and open a new one through the proxy (to
    # another replica, or to this one started again by cluster.sh), where new sessions begin.
    with teacher.expect_websocket(timeout=PROXY_MS), students[0].expect_websocket(timeout=PROXY_MS):
        os.kill(cluster.pid("replica-1"), signal.SIGKILL)  # the teacher's and the first student's
    # The teacher's page takes the room back as a reload does (the panel folded), on its slide.
    expect(teacher.locator(".st-key-room_share")).to_have_count(0, timeout=PROXY_MS)
    wait_for_app_idle(teacher)
    assert room_code(teacher) == code
    expect(teacher.locator(PROGRESS)).to_have_text(f"6 / {TOTAL}")
    # The students, the first one joined again by itself, follow the next step.
    all_follow(teacher, students, 7)
    # The same three students: the first one's browser followed again with its own token.
    expect(teacher.locator(ROOM_TEXT)).to_contain_text("3 students following", timeout=FOLLOW_MS)


def test_rooms_survive_a_redis_restart_and_students_follow_again(
    cluster: Cluster, lesson: tuple[Page, str, list[Page]]
) -> None:
    teacher, code, students = lesson
    all_follow(teacher, students, 6)
    before = cluster.pid("redis")
    os.kill(before, signal.SIGTERM)  # cluster.sh starts it again, from its append-only file
    deadline = time.monotonic() + PROXY_MS / 1000
    while not _redis_answers(cluster, before):
        assert time.monotonic() < deadline, "Redis did not come back"
        time.sleep(0.1)
    all_follow(teacher, students, 7)
    assert room_code(teacher) == code
    expect(teacher.locator(ROOM_TEXT)).to_contain_text("3 students following", timeout=FOLLOW_MS)
    for student in students:
        expect(student.locator(FOLLOW_BAR)).not_to_contain_text("ended")


def _redis_answers(cluster: Cluster, old_pid: int) -> bool:
    """Whether a new redis-server (not `old_pid`) answers on the cluster's socket."""
    try:
        if cluster.pid("redis") == old_pid:
            return False
        with redis.Redis(unix_socket_path=str(cluster.state_dir / "redis.sock"), socket_timeout=1) as client:
            return bool(client.ping())
    except (OSError, ValueError, redis.RedisError):
        return False


def test_a_hung_replica_fails_the_health_check_and_gets_no_new_sessions(browser: Browser, cluster: Cluster) -> None:
    cluster.wait_for_proxy_states(dict.fromkeys((f"replica-{n}" for n in range(1, REPLICAS + 1)), "UP"))
    hung = cluster.pid("replica-2")
    os.kill(hung, signal.SIGSTOP)
    contexts: list[BrowserContext] = []
    try:
        cluster.wait_for_proxy_states({"replica-2": "DOWN"})
        # New visitors, and one whose cookie still names the hung replica: all are served elsewhere.
        for replica in ("", "", "", "replica-2"):
            context = on_replica(browser, cluster, replica) if replica else _fresh(browser)
            contexts.append(context)
            visitor = context.new_page()
            visitor.goto(f"{cluster.url}/?room=ABCD-EFGH")
            expect(visitor.get_by_role("heading", name="Follow your teacher")).to_be_visible(timeout=30_000)
            assert replica_of(context) != "replica-2"  # the stale cookie too names the one that served
    finally:
        os.kill(hung, signal.SIGCONT)
        for context in contexts:
            context.close()


def _fresh(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.route(NOT_LOOPBACK_URL, lambda route: route.abort("blockedbyclient"))
    return context
