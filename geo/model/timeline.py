"""What is on show at a date: the events' states, found by binary search over sorted dates, and
the rows a view lists (era, mode and layers). The map engine applies the same rule in the browser
(static/engine/engine.js, `eventStates`); tests/fixtures/view_cases.json holds both to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # only for annotations: prepare and viewstate import this module
    from geo.model.prepare import MapData
    from geo.model.viewstate import ViewState

MODES = ("upto", "window")
# The days a date slider can hold. Streamlit's slider sends a date as microseconds since 1970 in
# a JavaScript number, exact only from about 1684 to 2255; events wholly outside these days are
# kept off the slider (in the background era), so every front end gets bounds it can show.
SLIDER_RANGE = (dt.date(1700, 1, 1), dt.date(2200, 12, 31))
# What each shown event is at the chosen date.
CURRENT, EARLIER = "current", "earlier"


@dataclass(frozen=True)
class EventIndex:
    """Sorted day numbers of the events' first and last days, built once per dataset."""

    start: np.ndarray  # proleptic ordinals, ascending (events are sorted by start)
    end: np.ndarray

    @classmethod
    def build(cls, events: pd.DataFrame) -> EventIndex:
        start = np.fromiter((d.toordinal() for d in events["start"]), dtype=np.int64, count=len(events))
        end = np.fromiter((d.toordinal() for d in events["end"]), dtype=np.int64, count=len(events))
        if len(start) and np.any(np.diff(start) < 0):
            raise ValueError("events must be sorted by start date")
        return cls(start, end)

    def shown(self, date: dt.date, mode: str = "upto", window_days: int = 7) -> tuple[np.ndarray, np.ndarray]:
        """Row positions of the events on show and whether each is current (else earlier).

        "upto": every event that has begun by the date. "window": those that overlap the
        `window_days` days ending at the date. An event is current when the date lies
        within its span (its day, or a ceasefire's window); shown events that ended
        before the date are earlier, and drawn faded.
        """
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} is not one of {', '.join(MODES)}")
        day = date.toordinal()
        begun = int(np.searchsorted(self.start, day, side="right"))
        positions = np.arange(begun)
        if mode == "window":
            first_day = day - max(1, int(window_days)) + 1
            positions = positions[self.end[:begun] >= first_day]
        current = self.end[positions] >= day
        return positions, current

    def event_days(self, lo: dt.date, hi: dt.date) -> list[dt.date]:
        """The distinct start days within [lo, hi], ascending: the steps of playback."""
        days = np.unique(self.start[(self.start >= lo.toordinal()) & (self.start <= hi.toordinal())])
        return [dt.date.fromordinal(int(d)) for d in days]


def step_day(days: list[dt.date], current: dt.date, direction: int) -> dt.date | None:
    """The next (direction 1) or previous (-1) event day from `current`, or None at the end."""
    if direction > 0:
        later = [d for d in days if d > current]
        return later[0] if later else None
    earlier = [d for d in days if d < current]
    return earlier[-1] if earlier else None


def rows_on_show(data: MapData, view: ViewState) -> np.ndarray:
    """The event rows a view lists (as the engine's cards do): in the war era those shown at the
    view's date and mode, in the background era every background event; then only its layers."""
    if view.era == "war":
        positions, _ = data.index.shown(view.date, view.mode, view.window)
        positions = positions[data.era_is_war[positions]]
    else:
        positions = np.flatnonzero(~data.era_is_war)
    return positions[data.events["category"].iloc[positions].isin(view.layers).to_numpy()]
