"""geo.map.event_columns: events in columns, a shared value kept once, and every event's fields
there again when the columns are read back (static/engine/columns.js reads them in the browser;
its Node test, tests/js/columns.test.js, reads columns this module wrote)."""

import pytest

from geo.map.event_columns import event_columns, events_from_columns

EVENTS = [
    {"id": "a", "category": "strike", "coords": [[40.1, 46.9]], "card": {"date": "1 May", "casualties": None},
     "text": None, "end_date": None},
    {"id": "b", "category": "strike", "coords": [[40.1, 46.9]], "card": {"date": "1 May", "casualties": "3"},
     "text": {"hy": {"title": "B", "summary": "S"}}, "end_date": None},
    {"id": "c", "category": "strike", "coords": [], "card": {"date": "2 May", "casualties": None},
     "text": None, "end_date": "2020-05-03"},
    {"id": "d", "category": "ceasefire", "coords": [[39.8, 46.7], [40.0, 47.0]],
     "card": {"date": "1 May", "casualties": None}, "text": None, "end_date": None},
]  # fmt: skip


def test_columns_read_back_to_the_same_events() -> None:
    blob = event_columns(EVENTS, optional=("text",))
    expected = [{k: v for k, v in e.items() if not (k == "text" and v is None)} for e in EVENTS]
    assert events_from_columns(blob) == expected


def test_a_repeated_value_is_kept_once_and_a_list_never_shared() -> None:
    columns = event_columns(EVENTS, optional=("text",))["columns"]
    assert columns["category"] == {"dict": ["strike", "ceasefire"], "codes": [0, 0, 0, 1]}
    assert columns["card.date"] == {"dict": ["1 May", "2 May"], "codes": [0, 0, 1, 0]}
    assert columns["id"] == {"values": ["a", "b", "c", "d"]}  # all different: as they are
    assert "values" in columns["coords"] and "text" in columns  # lists and optional fields stay whole


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([True, 1, 1.0, True], {"values": [True, 1, 1.0, True]}),  # three JSON values, not one
        ([1, 1, 1, 1.0], {"dict": [1, 1.0], "codes": [0, 0, 0, 1]}),
        ([None, None, "x", None], {"dict": [None, "x"], "codes": [0, 0, 1, 0]}),
    ],
)
def test_equal_python_values_of_other_json_types_are_not_merged(values: list, expected: dict) -> None:
    assert event_columns([{"v": v} for v in values])["columns"]["v"] == expected


def test_no_events_and_bad_field_names() -> None:
    assert event_columns([]) == {"n": 0, "optional": [], "columns": {}}
    with pytest.raises(ValueError, match=r"'card\.date'"):
        event_columns([{"card.date": "1 May"}])
