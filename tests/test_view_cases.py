"""The shared view cases (tests/fixtures/view_cases.json) on the Python side: a URL names the
same view, and a view shows the same events, as in the map engine (tests/browser/test_engine_cases.py
runs the same cases against static/engine/engine.js in a real browser)."""

import datetime as dt
import json
from pathlib import Path
from urllib.parse import parse_qs

import numpy as np
import pytest

from geo.model.loader import load_dataset
from geo.model.prepare import MapData, prepare
from geo.model.schema import CATEGORIES
from geo.model.viewstate import parse_view

CASES = json.loads((Path(__file__).resolve().parent / "fixtures" / "view_cases.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data() -> MapData:
    return prepare(load_dataset())


@pytest.mark.parametrize("case", CASES["links"], ids=lambda case: case["query"][:40] or "(none)")
def test_a_link_names_the_view(data: MapData, case: dict) -> None:
    view = parse_view(
        parse_qs(case["query"], keep_blank_values=True),
        bounds=data.war_bounds,
        default_date=data.war_bounds[1],
        event_ids=data.event_ids,
        categories=CATEGORIES,
    )
    expected = case["view"]
    assert {
        "era": view.era,
        "date": view.date.isoformat(),
        "event": view.event,
        "layers": list(view.layers),
        "mode": view.mode,
        "window": view.window,
        "names": view.naming,
    } == expected
    assert len(view.notices) == len(case["notices"]), view.notices
    for text in case["notices"]:
        assert any(text in notice for notice in view.notices), (text, view.notices)


@pytest.mark.parametrize("case", CASES["shows"], ids=lambda case: f"{case['view']['era']}-{case['view']['date']}")
def test_a_view_shows_the_events(data: MapData, case: dict) -> None:
    view = case["view"]
    if view["era"] == "war":
        positions, _ = data.index.shown(dt.date.fromisoformat(view["date"]), view["mode"], view["window"])
        positions = positions[data.era_is_war[positions]]
    else:
        positions = np.flatnonzero(~data.era_is_war)
    rows = data.events.iloc[positions]
    assert list(rows.loc[rows["category"].isin(view["layers"]), "id"]) == case["ids"]
