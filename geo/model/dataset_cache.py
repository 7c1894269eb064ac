"""Values made from a dataset (its map's JSON, a page of HTML), shared while a session shows it.

A server holds at most `budget_bytes` of them for uploaded datasets, least recently used first
out, and a dataset's values go as soon as the last object holding it is gone: the cache keeps
only a weak reference to each holder (a session's `MapData`), so when Streamlit drops a session's
state the dataset is collected and its values are dropped with it. No hook on the session's end
is needed, which Streamlit does not offer reliably. Pinned holders (the shipped data, loaded
once per server) keep their values outside the budget."""

from __future__ import annotations

import sys
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import partial
from typing import Any


@dataclass
class _Entry:
    value: Any
    size: int
    holders: set[int] = field(default_factory=set)  # ids of the live objects holding it
    counted: bool = True  # against the budget: no pinned holder holds it


def value_bytes(value: Any) -> int:
    """The memory a cached value takes: a string's or bytes' own size (what is cached here)."""
    return sys.getsizeof(value)


class DatasetCache:
    """`get(holder, key, make)`: the value under `key`, made by `make()` when missing, held by
    `holder` (any object a weak reference can point to) until it is collected."""

    def __init__(self, budget_bytes: int):
        self.budget_bytes = budget_bytes
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._holders: dict[int, tuple[weakref.ref, set[Hashable]]] = {}  # holder id -> (ref, its keys)
        self._pinned: set[int] = set()
        self._bytes = 0  # of entries no pinned holder holds
        self._lock = threading.Lock()
        # Holders collected while the lock was taken (the collector can run anywhere), freed next time.
        self._gone: list[tuple[int, weakref.ref]] = []

    def pin(self, holder: object) -> None:
        """Keep `holder`'s values whatever the budget (data loaded once per server)."""
        with self._lock:
            self._track(holder)
            self._pinned.add(id(holder))
            for key in self._holders[id(holder)][1]:
                self._recount(key)

    def get(self, holder: object, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            self._free_gone()
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                self._hold(holder, key, entry)
                return entry.value
        value = make()  # outside the lock: making a large dataset's page takes a while
        with self._lock:
            self._free_gone()
            entry = self._entries.get(key)
            if entry is None:
                entry = self._entries[key] = _Entry(value, value_bytes(value))
                self._bytes += entry.size
            self._hold(holder, key, entry)
            self._fit_budget()
            return entry.value

    def total_bytes(self) -> int:
        """What the values of unpinned holders take (never above the budget after a `get`)."""
        with self._lock:
            return self._bytes

    def cached_keys(self) -> list[Hashable]:
        with self._lock:
            return list(self._entries)

    def _track(self, holder: object) -> set[Hashable]:
        hid = id(holder)
        known = self._holders.get(hid)
        if known is not None and known[0]() is holder:
            return known[1]
        if known is not None:  # a collected holder whose id is reused: free it first
            self._release(hid)
        ref = weakref.ref(holder, partial(self._holder_gone, hid))
        self._holders[hid] = (ref, set())
        return self._holders[hid][1]

    def _hold(self, holder: object, key: Hashable, entry: _Entry) -> None:
        self._track(holder).add(key)
        entry.holders.add(id(holder))
        self._recount(key)

    def _is_pinned(self, entry: _Entry) -> bool:
        return not entry.holders.isdisjoint(self._pinned)

    def _recount(self, key: Hashable) -> None:
        # An entry counts against the budget unless a pinned holder holds it; `_bytes` follows.
        entry = self._entries[key]
        now = not self._is_pinned(entry)
        if entry.counted != now:
            self._bytes += entry.size if now else -entry.size
            entry.counted = now

    def _fit_budget(self) -> None:
        for key in list(self._entries):
            if self._bytes <= self.budget_bytes:
                return
            if not self._is_pinned(self._entries[key]):
                self._drop(key)

    def _drop(self, key: Hashable) -> None:
        entry = self._entries.pop(key)
        if entry.counted:
            self._bytes -= entry.size
        for hid in entry.holders:
            self._holders[hid][1].discard(key)

    def _holder_gone(self, hid: int, ref: weakref.ref) -> None:
        # Called by the garbage collector, maybe in a thread that holds the lock: then later.
        if not self._lock.acquire(blocking=False):
            self._gone.append((hid, ref))
            return
        try:
            self._free(hid, ref)
            self._free_gone()
        finally:
            self._lock.release()

    def _free_gone(self) -> None:
        while self._gone:
            self._free(*self._gone.pop())

    def _free(self, hid: int, ref: weakref.ref) -> None:
        known = self._holders.get(hid)
        if known is not None and known[0] is ref:  # not a newer holder with the same id
            self._release(hid)

    def _release(self, hid: int) -> None:
        _, keys = self._holders.pop(hid)
        self._pinned.discard(hid)
        for key in keys:
            entry = self._entries.get(key)
            if entry is None:
                continue
            entry.holders.discard(hid)
            if entry.holders:
                self._recount(key)
            else:
                self._drop(key)
