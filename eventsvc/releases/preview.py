"""What publishing would change, shown before an organizer publishes.

The changelog that publish() would write, computed the same way (changelog.diff of the last
release's sessions against the working copy's, merged as scoped.py merges a forum's) but
from plain rows: no snapshot of speakers, forums or rooms is built, as the changelog compares
sessions only. A fixed number of queries whatever the event's size.
"""

from __future__ import annotations

from .. import caches
from ..events.models import Event, Forum
from . import changelog, scoped, snapshot
from .models import Release
from .publish import load_snapshot


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
    # Parsed once per process (caches.released_sessions): a release never changes, and
    # parsing a 2,000-session snapshot (2 MB of JSON) cost a third of every publish page's
    # time. Keyed by the content's digest, so an entry can only ever be right; read only (the
    # changelog and the forum merge build new dicts).
    return caches.released_sessions.get_or_build(
        release.digest, lambda: load_snapshot(release)["sessions"]
    )
