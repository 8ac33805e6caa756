"""Back up one event: every row of every table it owns, as one JSON document.

The document (format 1):

    {"format": 1, "event": "<slug>",
     "tables": {"events": [{column: value, ...}], "forums": [...], ...}}

It is shaped like the tables on purpose. Rows keep their ids, so the ids that release
snapshots refer to (organizations, forums, rooms, speakers) still resolve after a restore,
and every release keeps its number, time, digest, changelog and snapshot text byte for byte:
feeds, ETags and caches keyed by the digest survive a restore unchanged. The price is that a
restore needs those ids free (see restore.py). Every column of an exported table travels,
private ones too (speakers' email and phone): a backup is as confidential as the database.

Accounts are not part of an event (tables.EXCLUDED says why for each): a column pointing
at an account, such as the user who published a release, carries {"email": ...} instead.
Values: dates and instants in ISO 8601, enumerations as their stored text, multilingual
text as its language map; rows in id order, so the same database gives the same bytes.
"""

from __future__ import annotations

import json

from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, select

from ..auth.models import User
from ..errors import NotFound
from ..events.models import Event
from ..extensions import db
from . import tables

FORMAT = 1


def export_event(slug: str) -> dict:
    """The backup document of the event with this slug; NotFound if there is none."""
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise NotFound(_l("no event %(slug)s", slug=repr(slug)))
    rows = {table.name: _rows(table, event.id) for table in tables.exported_tables()}
    _accounts_as_emails(rows)
    return {"format": FORMAT, "event": event.slug, "tables": rows}


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def _scope(table: Table, event_id: int):
    """A condition selecting the rows of table that belong to the event."""
    key = tables.parent_key(table)
    if key is None:
        raise tables.UnclassifiedTable(f"table {table.name!r} has no key to its event")
    if key.table is table and key.name in ("id", "event_id"):
        return key == event_id
    parent = next(
        fk.column.table for fk in key.foreign_keys if fk.column.table.name in tables.EXPORTED
    )
    return key.in_(select(parent.c.id).where(_scope(parent, event_id)))


def _rows(table: Table, event_id: int) -> list[dict]:
    result = db.session.execute(
        select(table).where(_scope(table, event_id)).order_by(*table.primary_key)
    )
    return [{name: tables.to_json(value) for name, value in row._mapping.items()} for row in result]


def _accounts_as_emails(rows: dict[str, list[dict]]) -> None:
    """Replace ids of accounts by their emails: ids mean nothing in another database."""
    columns = [
        (t.name, c.name)
        for t in tables.exported_tables()
        for c in t.columns
        if tables.account_column(c)
    ]
    ids = {row[c] for t, c in columns for row in rows[t] if row[c] is not None}
    emails = (
        dict(db.session.execute(select(User.id, User.email).where(User.id.in_(ids))).all())
        if ids
        else {}
    )
    for table, column in columns:
        for row in rows[table]:
            if row[column] is not None:
                row[column] = {"email": emails[row[column]]}
