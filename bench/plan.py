"""What the benchmark needs to know about a dataset to drive the app: the slider's range,
which date steps change the map, events' titles and single points (for clicks)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from geo.prepare import WAR_START
from geo.schema import last_day, parse_date


@dataclass(frozen=True)
class EventFacts:
    count: int
    titles: dict[str, str]
    points: dict[str, tuple[float, float]]  # (lat, lon) of the events drawn at a single point
    war_bounds: tuple[dt.date, dt.date]  # as geo.prepare computes the slider's range
    war_start_days: frozenset[dt.date]

    @classmethod
    def read(cls, events_path: Path) -> EventFacts:
        features = json.loads(events_path.read_text(encoding="utf-8"))["features"]
        titles, points, starts, ends = {}, {}, [], []
        for feature in features:
            props = feature["properties"]
            titles[props["id"]] = props["title"]
            start = parse_date(props["date"], props["date_precision"])
            end_date = props.get("end_date")
            end = parse_date(end_date, "day") if end_date else last_day(props["date"], props["date_precision"])
            if end >= WAR_START:
                starts.append(start)
                ends.append(end)
            point = single_point(feature["geometry"])
            if point:
                points[props["id"]] = point
        first = max(min(starts), WAR_START)
        bounds = (first, max(first + dt.timedelta(days=1), max(ends)))
        return cls(len(features), titles, points, bounds, frozenset(starts))


def single_point(geometry: dict) -> tuple[float, float] | None:
    """(lat, lon) of a Point or a one-point MultiPoint; None for anything else."""
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "MultiPoint" and coordinates and len(coordinates) == 1:
        coordinates = coordinates[0]
    elif geometry.get("type") != "Point":
        return None
    return coordinates[1], coordinates[0]


def step_chains(facts: EventFacts, count: int) -> list[tuple[dt.date, list[dt.date]]]:
    """The latest `count` one-day steps to the right that add events to the map, as
    chains (start date, days reached by pressing ArrowRight once each).

    Every step reaches a date not shown before in that page, so no payload is a repeat that
    Streamlit's message cache would answer with a reference; late dates show nearly every event.
    """
    low, high = facts.war_bounds
    days = sorted(day for day in facts.war_start_days if low < day <= high)[-count:]
    chains: list[tuple[dt.date, list[dt.date]]] = []
    for day in days:
        if chains and chains[-1][1][-1] + dt.timedelta(days=1) == day:
            chains[-1][1].append(day)
        else:
            chains.append((day - dt.timedelta(days=1), [day]))
    return chains
