"""What publishing would change, shown before an organizer publishes.

The changelog that publish() would write, computed the same way (changelog.diff of the last
release's sessions against the working copy's, merged as scoped.py merges a forum's) but
from plain rows: no snapshot of speakers, forums or rooms is built, as the changelog compares
sessions only. A fixed number of queries whatever the event's size.
"""

from __future__ import annotations

import threading

from cachetools import LRUCache

from ..events.models import Event, Forum
from . import changelog, scoped, snapshot
from .models import Release
from .publish import load_snapshot

# The last release's sessions, parsed once per process: a release never changes, and parsing
# a 2,000-session snapshot (2 MB of JSON) cost a third of every publish page's time. Keyed by
# the content's digest, so an entry can only ever be right; read only (the changelog and the
# forum merge build new dicts). Two entries: the one being previewed and the one before it.
_released: LRUCache[str, list[dict]] = LRUCache(maxsize=2)
_lock = threading.Lock()


def pending_changes(event: Event, previous: Release | None, forum: Forum | None = None) -> list:
    """The changelog entries of publishing event now (or only forum), previous being the
    event's latest release."""
    before = {"sessions": released_sessions(previous)} if previous else None
    shown, withheld = snapshot.visibility(event)
    sessions = snapshot.build_sessions(event, shown)
    if forum is not None:
        sessions = scoped.merge_sessions(
            (before or {}).get("sessions", []), sessions, forum.id, frozenset(withheld)
        )
    return changelog.diff(before, {"sessions": sessions})


def released_sessions(release: Release) -> list[dict]:
    """The sessions of release, as its snapshot holds them."""
    with _lock:
        sessions = _released.get(release.digest)
    if sessions is None:
        sessions = load_snapshot(release)["sessions"]
        with _lock:
            _released[release.digest] = sessions
    return sessions


def forget() -> None:
    """Drop the parsed releases (tests that count a cold preview's queries)."""
    with _lock:
        _released.clear()
