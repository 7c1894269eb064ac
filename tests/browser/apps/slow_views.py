"""Runs `streamlit run SCRIPT ...` with the dashboard's server work held for SLOW_VIEW_SECONDS
(default 2) where it starts: a settled view from the map engine (`on_engine_view`) and a whole
page run (`init_state`), as a server under classroom load answers; test-only launcher.

    python tests/browser/apps/slow_views.py dashboard.py [streamlit options]

The app itself is not edited: the delays wrap `ui.view_session`'s functions, which the
dashboard imports by name on each run.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO_ROOT))

from streamlit.web import cli  # noqa: E402

from ui import view_session  # noqa: E402

DELAY_SECONDS = float(os.environ.get("SLOW_VIEW_SECONDS", "2"))


def delayed(function: Callable) -> Callable:
    @functools.wraps(function)
    def slow(*args, **kwargs):
        time.sleep(DELAY_SECONDS)
        return function(*args, **kwargs)

    return slow


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit(__doc__)
    view_session.on_engine_view = delayed(view_session.on_engine_view)
    view_session.init_state = delayed(view_session.init_state)
    sys.argv = ["streamlit", "run", *argv]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
