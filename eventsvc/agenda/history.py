"""When each session of a release last changed, read from the releases' changelogs.

Built once per release (one query) and kept (caches.last_changes): releases never change,
so neither does this.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from .. import caches
from ..extensions import db
from ..releases.models import Release
from .current import ReleaseRef


@dataclass(frozen=True, slots=True)
class LastChange:
    release: int  # the number of the newest release that changed the session
    kinds: tuple[str, ...]  # what that release changed: rescheduled, moved, ...


def last_changes(ref: ReleaseRef) -> dict[str, LastChange]:
    """uid -> its last change, for the sessions a release after their first one changed."""
    return caches.last_changes.get_or_build((ref.id, ref.digest), lambda: _read(ref))


def _read(ref: ReleaseRef) -> dict[str, LastChange]:
    rows = db.session.execute(
        select(Release.number, Release.changelog)
        .where(Release.event_id == ref.event_id, Release.number <= ref.number)
        .order_by(Release.number)
    ).all()
    changes: dict[str, LastChange] = {}
    for number, changelog in rows:
        kinds: dict[str, list[str]] = {}
        for entry in changelog:
            # Being added is not a change to the session, and "removed" ones are gone.
            if entry["type"] not in ("added", "removed"):
                kinds.setdefault(entry["session"], []).append(entry["type"])
        for uid, found_kinds in kinds.items():
            changes[uid] = LastChange(number, tuple(dict.fromkeys(found_kinds)))
    return changes
