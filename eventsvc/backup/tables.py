"""Which tables an event's backup carries, and how their values become JSON and back.

An event owns every row that reaches the `events` table through foreign keys. Each such
table is either EXPORTED or EXCLUDED with a reason; a table in neither stops the export
(and fails a test), so a table added later cannot silently go missing from backups.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, Table

from ..db import Base

ROOT = "events"
# Accounts live beside events, not inside them; columns pointing at one travel as its email.
ACCOUNTS = "users"

EXPORTED = frozenset(
    {
        "events",
        "organizations",
        "organization_roles",
        "forums",
        "rooms",
        "speakers",
        "speaker_names",
        "sessions",
        "appearances",
        "releases",
        "audit_entries",
        "conflict_acceptances",
        # A restored event must still recognise a re-imported pretalx or frab schedule.
        "imported_keys",
    }
)

EXCLUDED = {
    "role_grants": "accounts: who may manage an event belongs to the user accounts, "
    "which a backup of one event does not carry",
    "stars": "accounts: an attendee's starred sessions are personal, restored with accounts",
    "invitations": "accounts: an invitation leads to an account and its role, which a backup "
    "of one event does not carry",
    "outgoing_messages": "the mail outbox: a record of messages already sent to people, "
    "not part of the event; restoring it could send them again",
}


class UnclassifiedTable(RuntimeError):
    """A table belongs to events but nobody decided whether backups carry it."""


def event_scoped(metadata=Base.metadata) -> set[str]:
    """Every table whose rows reach `events` through foreign keys."""
    scoped = {ROOT}
    grew = True
    while grew:
        grew = False
        for table in metadata.sorted_tables:
            if table.name not in scoped and any(
                fk.column.table.name in scoped for fk in table.foreign_keys
            ):
                scoped.add(table.name)
                grew = True
    return scoped


def exported_tables(metadata=Base.metadata) -> list[Table]:
    """The tables a backup carries, parents before children; refuse unclassified ones."""
    unclassified = sorted(event_scoped(metadata) - EXPORTED - set(EXCLUDED))
    if unclassified:
        raise UnclassifiedTable(
            f"table {unclassified[0]!r} belongs to events but is neither exported nor excluded "
            "(eventsvc/backup/tables.py)"
        )
    return [t for t in metadata.sorted_tables if t.name in EXPORTED]


def account_column(column: Column) -> bool:
    return any(fk.column.table.name == ACCOUNTS for fk in column.foreign_keys)


def parent_key(table: Table) -> Column | None:
    """The column that ties a row to its event: event_id, or a key to an exported parent."""
    if table.name == ROOT:
        return table.c.id
    if "event_id" in table.c:
        return table.c.event_id
    for column in table.columns:
        if not column.nullable and any(
            fk.column.table.name in EXPORTED for fk in column.foreign_keys
        ):
            return column
    return None


def to_json(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def from_json(column: Column, value):
    """The Python value for column; ValueError when the text is not one."""
    if value is None:
        return None
    if isinstance(column.type, DateTime) or isinstance(
        getattr(column.type, "impl", None), DateTime
    ):
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a date and time")
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError(f"{value!r} has no time zone")
        return parsed
    if isinstance(column.type, Date):
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a date")
        return date.fromisoformat(value)
    return value
