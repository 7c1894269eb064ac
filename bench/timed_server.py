"""Runs `streamlit run SCRIPT ...` with every script run timed; bench-only launcher.

    python bench/timed_server.py SCRIPT [streamlit options]

Each run of the script or of a fragment (a slider step in the dashboard reruns only its
fragment, which never re-executes the script file) appends one line to the file named by
BENCH_RUN_LOG: the epoch time the run ended, its duration, the script thread's CPU time and
how long the run waited to start after its session asked for it, in milliseconds,
tab-separated (CPU time says what the run costs when other processes compete for the cores;
the wait is the time a view the browser sent sat queued behind the session's previous run).
The app itself is not edited: the timer wraps the call Streamlit's script runner makes
to execute the code.

With BENCH_DATASET_LOG set, a thread appends every 2 s how many datasets (`MapData`) are alive in
the process and how many bytes the map page cache holds for uploads (`geo.map.mapview.MAP_PAGES`),
so bench/upload_memory.py can tell freed memory from memory the allocator keeps.

The app's static folder is the repository's `static/` whichever script runs, so the naive
baseline in bench/ gets the same locally served Leaflet as the dashboard.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from streamlit import file_util
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli

REPO_ROOT = Path(__file__).resolve().parent.parent
RUN_LOG = os.environ.get("BENCH_RUN_LOG")
DATASET_LOG = os.environ.get("BENCH_DATASET_LOG")
DATASET_LOG_EVERY_S = 2

_execute = script_runner.exec_func_with_error_handling
_request_rerun = AppSession.request_rerun
# Per session, when the oldest rerun not yet started was asked for (Streamlit folds requests that
# come during a run into the next run: that run answers the oldest).
_asked_at: dict[str, float] = {}


def noted_request_rerun(self: AppSession, client_state) -> None:
    _asked_at.setdefault(self.id, time.perf_counter())
    _request_rerun(self, client_state)


def timed_execute(func, ctx):
    started, cpu_started = time.perf_counter(), time.thread_time()
    waited_ms = (started - _asked_at.pop(ctx.session_id, started)) * 1000
    try:
        return _execute(func, ctx)
    finally:
        elapsed_ms = (time.perf_counter() - started) * 1000
        cpu_ms = (time.thread_time() - cpu_started) * 1000
        if RUN_LOG:
            with open(RUN_LOG, "a", encoding="utf-8") as log:
                log.write(f"{time.time():.6f}\t{elapsed_ms:.3f}\t{cpu_ms:.3f}\t{waited_ms:.3f}\n")


def log_datasets(path: str) -> None:
    import gc

    from geo.map.mapview import MAP_PAGES
    from geo.model.prepare import MapData

    while True:
        alive = sum(isinstance(thing, MapData) for thing in gc.get_objects())
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{time.time():.3f}\t{alive}\t{MAP_PAGES.total_bytes()}\n")
        time.sleep(DATASET_LOG_EVERY_S)


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit(__doc__)
    script_runner.exec_func_with_error_handling = timed_execute
    AppSession.request_rerun = noted_request_rerun
    file_util.get_app_static_dir = lambda main_script_path: str(REPO_ROOT / "static")
    if DATASET_LOG:
        threading.Thread(target=log_datasets, args=(DATASET_LOG,), daemon=True).start()
    sys.argv = ["streamlit", "run", *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
