"""Text extraction with a time budget, in a child process, so one visitor's text cannot stall the server.

Place finding is linear in the length of the text, but it is pure Python and runs for up to a
few seconds on the longest texts; in the server's own process it would hold the interpreter's
lock against every other session meanwhile. `extract_within` runs it in a child forked from
the server: the child inherits the gazetteer already built (no second copy is built and
nothing is pickled on the way in), the server's thread only waits on a pipe (so it holds
no lock), and a child that overruns its budget is killed. At most `MAX_CHILDREN` run at once.

Forking is Linux's default and what the app is deployed on; a child only runs extraction and
exits, so it touches none of the locks other server threads may hold.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from geo.text.extract import ExtractionResult, extract
from geo.text.gazetteer import Gazetteer

T = TypeVar("T")

BUDGET_ENV = "TEXT_MAP_SECONDS"
DEFAULT_BUDGET_SECONDS = 20.0
# Children mapping texts at the same time (the machine has few cores); others wait their turn.
MAX_CHILDREN = 2
_children = threading.BoundedSemaphore(MAX_CHILDREN)
# How often a waiting server thread looks up from the pipe to see whether the server is stopping.
POLL_SECONDS = 0.25
PR_SET_PDEATHSIG = 1  # prctl(2)


class ExtractionStopped(Exception):
    """Extraction did not finish: over its time budget, the server busy, or the child died."""


def budget_seconds() -> float:
    """The time budget per text: `TEXT_MAP_SECONDS` from the environment, else 20 s."""
    return seconds_setting(BUDGET_ENV, os.environ.get(BUDGET_ENV), DEFAULT_BUDGET_SECONDS)


def seconds_setting(name: str, value: str | None, default: float) -> float:
    """A positive number of seconds from `value` (the environment variable `name`), else `default`."""
    if value is None or not value.strip():
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds < float("inf"):
        raise ValueError(f"{name}={value!r}: needs a positive number of seconds")
    return seconds


def _run_child(work: Callable[..., T], args: tuple, kwargs: dict, send) -> None:
    _die_with_parent()
    # The inherited objects are not garbage; leaving them out of collections keeps the
    # collector from touching (and so copying) every page inherited from the server.
    gc.freeze()
    try:
        outcome = ("ok", work(*args, **kwargs))
    except Exception as err:  # handed to the parent, which raises it
        outcome = ("error", err)
    try:
        send.send(outcome)
    except Exception as err:  # the outcome could not be pickled
        send.send(("error", RuntimeError(f"{type(err).__name__}: {err}")))
    send.close()


def _die_with_parent() -> None:
    """Asks Linux to kill this child when the server dies, however it dies (a no-op elsewhere)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _server_stopping() -> bool:
    """The interpreter is shutting down (the server got SIGTERM) and waits for this thread.

    Python sets `threading._SHUTTING_DOWN` as its main thread ends, before it joins the thread
    pool a download's callable runs in (asyncio.to_thread); there is no public flag for that
    moment, and the main thread still counts as alive then. Read with a default, so a Python
    without it falls back to the main thread's end."""
    return getattr(threading, "_SHUTTING_DOWN", False) or not threading.main_thread().is_alive()


def run_within(
    work: Callable[..., T],
    args: tuple,
    seconds: float,
    what: str = "This text",
    *,
    kwargs: dict | None = None,
    slots: threading.BoundedSemaphore | None = None,
    busy: str | None = None,
    overrun: str | None = None,
    died: str | None = None,
    wanted: Callable[[], bool] | None = None,
) -> T:
    """work(*args, **kwargs) in a forked child; its result, or its exception raised here.

    Raises ExtractionStopped when it runs longer than `seconds` (the child is killed), when no
    child slot of `slots` (default: text mapping's MAX_CHILDREN) frees up within `seconds`, when
    the child dies without an answer, or when the server starts shutting down (a SIGTERM is never
    kept waiting for a child). `busy`, `overrun` and `died` ({exitcode} filled in) replace the
    messages about texts. `wanted`, asked while the child works, says whether anyone still waits
    for the result (e.g. the visitor's session is still open): once it says no, the child is killed.
    """
    if not 0 < seconds < float("inf"):
        raise ValueError(f"seconds={seconds!r}: needs a positive number")
    slots = _children if slots is None else slots
    if not slots.acquire(timeout=seconds):
        raise ExtractionStopped(
            busy or f"The server is busy mapping other texts (waited {seconds:g} s for a turn). Try again in a minute."
        )
    try:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_run_child, args=(work, args, kwargs or {}, send), daemon=True)
        child.start()
        send.close()
        try:
            deadline = time.monotonic() + seconds
            while not receive.poll(min(POLL_SECONDS, max(deadline - time.monotonic(), 0))):
                if _server_stopping():
                    raise ExtractionStopped("The server is stopping; try again once it is back.")
                if wanted is not None and not wanted():
                    raise ExtractionStopped("No one waits for this any more (the page was closed): it was stopped.")
                if time.monotonic() >= deadline:
                    raise ExtractionStopped(
                        overrun
                        or f"{what} took too long to map: it was stopped after {seconds:g} s so that the app stays "
                        "quick for everyone. Map a shorter part of it, or check that it is ordinary prose."
                    )
            try:
                status, value = receive.recv()
            except EOFError:
                child.join(1)
                raise ExtractionStopped(
                    died.format(exitcode=child.exitcode)
                    if died
                    else f"{what} could not be mapped: the place finder stopped unexpectedly "
                    f"(exit code {child.exitcode!r}). Try a shorter part of it."
                ) from None
        finally:
            if child.is_alive():
                child.kill()
            child.join()
            receive.close()
    finally:
        slots.release()
    if status == "error":
        raise value
    return value


def _extract_as_rows(raw: str, gazetteer: Gazetteer) -> tuple:
    """The extraction result as plain tuples: (field, item class, rows of field values) per part.

    Unpickling tens of thousands of dataclass objects is one C call that holds the server's
    interpreter lock for a second; plain tuples load in a few milliseconds and the objects are
    then rebuilt in Python, which lets other threads in.
    """
    result = extract(raw, gazetteer)
    parts = []
    for field in dataclasses.fields(result):
        items = getattr(result, field.name)
        kind = type(items[0]) if items else None
        parts.append((field.name, kind, tuple(tuple(vars(item).values()) for item in items)))
    return tuple(parts)


def _result_from_rows(parts: tuple) -> ExtractionResult:
    return ExtractionResult(**{name: tuple(kind(*row) for row in rows) for name, kind, rows in parts})


def extract_within(raw: str, gazetteer: Gazetteer, seconds: float | None = None) -> ExtractionResult:
    """`geo.text.extract.extract` in a child process, stopped after `seconds` (default: `budget_seconds()`)."""
    rows = run_within(_extract_as_rows, (raw, gazetteer), budget_seconds() if seconds is None else seconds)
    return _result_from_rows(rows)
