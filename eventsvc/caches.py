"""Every in-process cache, of one kind: cachetools' LRUCache behind a lock, bounded by a setting.

A cache is bounded by its number of entries, or by bytes when it is given the cost of an
entry. gunicorn may run a worker's requests in threads, and even a read reorders an LRU: every
read and write holds the cache's lock. A value is built outside it, so two threads missing the
same key may both build it; what they build is the same, and either copy may be kept.

The process-wide caches (one per process, whatever the app) are declared here and stay empty
until `configure()` reads their bounds from the settings (create_app calls it). The render
cache and the replay of answers belong to an app, which builds them with `Lru` itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Generic, TypeVar

from cachetools import LRUCache

if TYPE_CHECKING:
    from .agenda.history import LastChange
    from .agenda.model import Agenda
    from .agenda.search import SearchIndex

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Lru(Generic[K, V]):
    """At most maxsize entries, or maxsize bytes when given cost(key, value) in bytes."""

    def __init__(self, maxsize: int = 0, cost: Callable[[K, V], int] | None = None):
        self._cost = cost
        self._lock = threading.Lock()
        self._entries = self._new(maxsize)

    def _new(self, maxsize: int) -> LRUCache[K, tuple[V, int]]:
        # An entry costing more than the whole bound is still kept, alone (its cost counted as
        # the bound): a cache that cannot keep the largest page would build it on every request.
        # A bound of 0 keeps nothing.
        most = max(maxsize, 1)
        return LRUCache(maxsize, getsizeof=lambda kept: min(kept[1], most))

    @property
    def maxsize(self) -> int:
        return int(self._entries.maxsize)

    def resize(self, maxsize: int) -> None:
        """Take a new bound (the entries kept are dropped, unless the bound is the same)."""
        with self._lock:
            if maxsize != self._entries.maxsize:
                self._entries = self._new(maxsize)

    def get(self, key: K) -> V | None:
        with self._lock:
            kept = self._entries.get(key)
        return None if kept is None else kept[0]

    def set(self, key: K, value: V) -> None:
        cost = 1 if self._cost is None else self._cost(key, value)
        with self._lock:
            try:
                self._entries[key] = (value, cost)
            except ValueError:  # "value too large": the bound is 0
                pass

    def get_or_build(self, key: K, build: Callable[[], V]) -> V:
        found = self.get(key)
        if found is None:
            found = build()
            self.set(key, found)
        return found

    def values(self) -> list[V]:
        with self._lock:
            return [value for value, _cost in self._entries.values()]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


# The releases' agendas, search indexes and sessions' last changes: releases never change,
# so their entries never go stale; a bound of N keeps the N releases read last.
agendas: Lru[tuple[int, str], Agenda] = Lru()
search_indexes: Lru[tuple[int, str], SearchIndex] = Lru()
last_changes: Lru[tuple[int, str], dict[str, LastChange]] = Lru()
# The sessions of a release's snapshot by its digest, parsed for the publish preview.
released_sessions: Lru[str, list[dict]] = Lru()
# Pinyin readings by Chinese character (speaker matching, imports).
pinyin_readings: Lru[str, tuple[str, ...]] = Lru()

_PROCESS_WIDE: dict[str, Lru] = {
    "AGENDA_CACHE_SIZE": agendas,
    "SEARCH_CACHE_SIZE": search_indexes,
    "HISTORY_CACHE_SIZE": last_changes,
    "PREVIEW_CACHE_SIZE": released_sessions,
    "PINYIN_CACHE_SIZE": pinyin_readings,
}


def configure(config: Mapping) -> None:
    """Bound the process-wide caches as the settings say (the last app created decides)."""
    for setting, cache in _PROCESS_WIDE.items():
        cache.resize(config[setting])


def empty() -> None:
    """Empty every process-wide cache (the tests empty the database, or time a cold start)."""
    for cache in _PROCESS_WIDE.values():
        cache.clear()


def megabytes(config: Mapping, setting: str) -> int:
    """A bound given in MB by a setting, in bytes."""
    return config[setting] * 1024 * 1024
