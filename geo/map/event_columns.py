"""The engine's events in columns: one list per field instead of one object per event, so that a
field's name is written once and a value many events share (a category, a date, a source line)
once too. `static/engine/columns.js` turns it back into the engine's event objects.

    {"n": 2, "optional": ["text"],
     "columns": {"id": {"values": ["a", "b"]},
                 "card.date": {"dict": ["1 May 2020"], "codes": [0, 0]}, ...}}

A field whose every value is an object with the same keys is split into one column per key
("card.date"); a column whose values repeat (at most half as many distinct as events) keeps each
distinct value once (`dict`) and each event's index into it (`codes`). Only strings, numbers,
booleans and null are shared that way, so no two events share a list or an object. An event
leaves out a field named in `optional` where its value is null.
"""

from __future__ import annotations

from collections.abc import Iterable

_SHAREABLE = (str, int, float, bool, type(None))


def _column(values: list) -> dict:
    if values and all(isinstance(v, _SHAREABLE) for v in values):
        # Keyed by type too: True, 1 and 1.0 are equal in Python but not the same JSON value.
        distinct: dict[tuple, int] = {}
        codes = [distinct.setdefault((type(v), v), len(distinct)) for v in values]
        if len(distinct) * 2 <= len(values):
            return {"dict": [v for _, v in distinct], "codes": codes}
    return {"values": values}


def _add_columns(columns: dict, path: str, values: list, optional: set[str]) -> None:
    first = values[0] if values else None
    splits = (
        path not in optional
        and isinstance(first, dict)
        and first
        and all(isinstance(v, dict) and v.keys() == first.keys() for v in values)
    )
    if not splits:
        columns[path] = _column(values)
        return
    for key in first:
        _add_columns(columns, f"{path}.{key}", [v[key] for v in values], optional)


def event_columns(events: list[dict], optional: Iterable[str] = ()) -> dict:
    """`events` (objects with the same top-level fields) in columns; see the module's comment.
    `optional`: top-level fields an event leaves out where null (kept whole, never split)."""
    optional = set(optional)
    columns: dict = {}
    for field in events[0] if events else ():
        if "." in field:
            raise ValueError(f"a field name with a dot cannot be a column's path: {field!r}")
        _add_columns(columns, field, [event[field] for event in events], optional)
    return {"n": len(events), "optional": sorted(optional), "columns": columns}


def events_from_columns(blob: dict) -> list[dict]:
    """The events back from `event_columns`' form: what static/engine/columns.js does in the browser."""
    events: list[dict] = [{} for _ in range(blob["n"])]
    for path, column in blob["columns"].items():
        *parents, last = path.split(".")
        for i, event in enumerate(events):
            value = column["dict"][column["codes"][i]] if "codes" in column else column["values"][i]
            if value is None and path in blob["optional"]:
                continue
            for key in parents:
                event = event.setdefault(key, {})
            event[last] = value
    return events
