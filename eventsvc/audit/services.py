"""Writing the audit trail, inside the transaction of the change it describes."""

from __future__ import annotations

from ..extensions import db
from .models import AuditEntry

ACTIONS = ("created", "updated", "deleted", "published", "accepted")
# What object_type names: every kind of object whose writes the trail records.
OBJECT_TYPES = (
    "event",
    "forum",
    "room",
    "organization",
    "organization_role",
    "grant",
    "invitation",
    "session",
    "speaker",
    "import",
    "release",
    "conflict",
)
# An import's object_key: where its rows came from. A backup's restore adds no entry: it
# brings back the event's own trail, ids kept, and a new entry's id could be one that the
# next event's backup needs.
IMPORT_SOURCES = ("schedule", "speakers")


def diff(before: dict, after: dict) -> list[dict]:
    """The fields whose value differs, in the order of after (then those only before has)."""
    fields = list(after) + [f for f in before if f not in after]
    return [
        {"field": f, "before": before.get(f), "after": after.get(f)}
        for f in fields
        if before.get(f) != after.get(f)
    ]


def record(
    event_id: int,
    actor,
    action: str,
    object_type: str,
    object_key: str | int,
    label: str = "",
    changes: list[dict] | None = None,
) -> AuditEntry:
    assert action in ACTIONS, action
    assert object_type in OBJECT_TYPES, object_type
    entry = AuditEntry(
        event_id=event_id,
        actor_id=actor.id if actor is not None else None,
        actor_email=actor.email if actor is not None else "",
        action=action,
        object_type=object_type,
        object_key=str(object_key)[:80],
        label=label[:300],
        changes=changes or [],
    )
    db.session.add(entry)
    return entry


def imported(event_id: int, actor, source: str, counts: dict[str, int]) -> AuditEntry:
    """One entry for a whole import, beside those of each object it created or changed:
    where it came from, and how many of each kind it created or changed (counts' keys
    such as "sessions_created")."""
    assert source in IMPORT_SOURCES, source
    changes = [{"field": f, "before": None, "after": n} for f, n in counts.items() if n]
    return record(event_id, actor, "created", "import", source, "", changes)
