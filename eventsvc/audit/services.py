"""Writing the audit trail, inside the transaction of the change it describes."""

from __future__ import annotations

from ..extensions import db
from .models import AuditEntry

ACTIONS = ("created", "updated", "deleted", "published", "accepted")


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
    object_key: str,
    label: str = "",
    changes: list[dict] | None = None,
) -> AuditEntry:
    assert action in ACTIONS, action
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
