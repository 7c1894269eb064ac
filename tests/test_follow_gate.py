"""Students' pages run a few at a time (ui/follow.py): when a class joins at once, the other
script threads sleep on the gate instead of competing for the interpreter's lock with the
thread that answers every page (bench.health_abuse measures the health it keeps)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import ui.follow as follow_page


def test_a_class_joining_at_once_runs_a_few_pages_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    running, most, lock = 0, 0, threading.Lock()
    arrived = threading.Barrier(12)

    def page_run(data, show_slide) -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        threading.Event().wait(0.02)  # a page's run: long enough for the others to arrive meanwhile
        with lock:
            running -= 1
        show_slide(data)

    monkeypatch.setattr(follow_page, "_follow", page_run)
    shown: list[str] = []

    def student(number: int) -> None:
        arrived.wait(timeout=10)
        follow_page.follow(f"student {number}", shown.append)

    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(student, range(12)))
    assert sorted(shown) == sorted(f"student {n}" for n in range(12))  # every student's page is drawn
    assert 1 <= most <= follow_page.FOLLOW_RUNS_AT_ONCE


def test_a_failing_page_run_lets_the_next_student_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that ends in an exception (Streamlit ends a run with one on every rerun) frees its place."""

    def failing(data, show_slide) -> None:
        raise RuntimeError("rerun")

    monkeypatch.setattr(follow_page, "_follow", failing)
    for _ in range(follow_page.FOLLOW_RUNS_AT_ONCE + 2):
        with pytest.raises(RuntimeError):
            follow_page.follow(None, print)
    monkeypatch.setattr(follow_page, "_follow", lambda data, show_slide: show_slide(data))
    shown: list[str] = []
    follow_page.follow("after", shown.append)
    assert shown == ["after"]
