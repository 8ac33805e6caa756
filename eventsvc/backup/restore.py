"""Restore an event from its backup (export.py), keeping every id, uid and release byte.

Keeping ids is what lets the release snapshots, which refer to organizations, forums,
rooms and speakers by id, stay valid without being rewritten (rewriting them would change
their digests, and with them every feed's ETag). So the ids must be free: restore into an
empty database, or one where no other event holds them; anything else is refused before a
row is written. Afterwards PostgreSQL's id sequences are moved past the restored ids.

check() looks at the document alone; restore() then checks it against the database and
adds every row to the session. The caller commits once: a restore is all or nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, cast, func, insert, select
from sqlalchemy.dialects.postgresql import REGCLASS
from sqlalchemy.exc import IntegrityError

from ..agenda.model import instant
from ..auth.models import User
from ..errors import Conflict, ValidationError
from ..events.models import Event, check_timezone
from ..events.services import check_event_dates, check_forum_dates
from ..extensions import db
from ..sessions import times
from ..storable import unstorable_in
from . import tables
from .export import FORMAT


class BackupError(ValidationError):
    """The file is not a backup we can restore; the message is one line."""


@dataclass
class Restored:
    slug: str
    counts: dict[str, int]
    # Emails of accounts a row pointed at that this database does not have (left empty).
    missing_accounts: list[str] = field(default_factory=list)


def check(document: object) -> dict[str, list[dict]]:
    """The rows of a well-formed backup, with Python values; BackupError otherwise."""
    if not isinstance(document, dict) or "format" not in document:
        raise BackupError('not an eventsvc backup: no "format"')
    if document["format"] != FORMAT:
        raise BackupError(
            f"unsupported backup format {document['format']!r} (this version reads {FORMAT})"
        )
    if not isinstance(document.get("tables"), dict):
        raise BackupError('not an eventsvc backup: no "tables" object')
    given = document["tables"]
    known = {t.name: t for t in tables.exported_tables()}
    for name in sorted(set(given) ^ set(known)):
        raise BackupError(
            f"table {name!r} is {'unknown' if name in given else 'missing'} in this backup"
        )
    rows = {name: [_row(known[name], row) for row in _list(name, given[name])] for name in known}
    _check_event(rows)
    _check_times(rows)
    if document.get("event") != rows[tables.ROOT][0]["slug"]:
        raise BackupError(
            f"the backup names the event {document.get('event')!r} but holds "
            f"{rows[tables.ROOT][0]['slug']!r}"
        )
    _check_references(known, rows)
    _check_releases(rows["releases"])
    _comments_as_text_maps(rows["releases"], rows[tables.ROOT][0]["default_language"])
    return rows


def restore(document: object) -> Restored:
    """Add the backed-up event to the session, all of it or nothing; the caller commits."""
    rows = check(document)
    event = rows[tables.ROOT][0]
    if db.session.scalar(select(Event.id).where(Event.slug == event["slug"])) is not None:
        raise Conflict(
            _l(
                "event %(slug)s already exists: restore into an empty database",
                slug=repr(event["slug"]),
            )
        )
    ordered = tables.exported_tables()
    missing = _accounts_to_ids(ordered, rows)
    _check_ids_free(ordered, rows)
    try:
        for table in ordered:
            if rows[table.name]:
                db.session.execute(insert(table), rows[table.name])
    except IntegrityError as exc:
        reason = str(exc.orig).strip().splitlines()[0]
        raise BackupError(f"the database refused the backup: {reason}") from exc
    _advance_sequences(ordered, rows)
    return Restored(event["slug"], {name: len(r) for name, r in rows.items()}, sorted(missing))


def _list(name: str, value: object) -> list:
    if not isinstance(value, list):
        raise BackupError(f"table {name!r} is not a list of rows")
    return value


def _row(table: Table, raw: object) -> dict:
    if not isinstance(raw, dict):
        raise BackupError(f"a row of {table.name!r} is not an object")
    unknown = sorted(set(raw) - set(table.c.keys()))
    if unknown:
        raise BackupError(f"{table.name}.{unknown[0]} is not a column")
    absent = sorted(c.name for c in table.columns if c.name not in raw)
    if absent:
        raise BackupError(f"a row of {table.name!r} lacks {absent[0]!r}")
    if not isinstance(raw["id"], int) or isinstance(raw["id"], bool):
        raise BackupError(f"a row of {table.name!r} has the id {raw['id']!r}, not a whole number")
    try:
        return {name: _value(table.c[name], value) for name, value in raw.items()}
    except ValueError as exc:
        raise BackupError(f"{table.name} row {raw['id']}: {exc}") from exc


def _value(column, value):
    bad = unstorable_in(value)
    if bad:
        raise ValueError(f"{column.name} holds a character that cannot be stored ({bad})")
    if tables.account_column(column):
        if value is not None and not (
            isinstance(value, dict) and isinstance(value.get("email"), str)
        ):
            raise ValueError(f'{column.name} must be {{"email": ...}} or null')
        return value
    return tables.from_json(column, value)


def _check_event(rows: dict[str, list[dict]]) -> None:
    events = rows[tables.ROOT]
    if len(events) != 1:
        raise BackupError(f"a backup holds exactly one event, this one {len(events)}")
    event_id = events[0]["id"]
    for name, table_rows in rows.items():
        for row in table_rows:
            if name != tables.ROOT and "event_id" in row and row["event_id"] != event_id:
                raise BackupError(
                    f"{name} row {row['id']} belongs to another event ({row['event_id']})"
                )


def _check_times(rows: dict[str, list[dict]]) -> None:
    """The dates and times the services would have allowed (sessions/times.py): a restore
    writes rows directly, so it checks them as the services check an edit."""
    event = rows[tables.ROOT][0]
    row = f"{tables.ROOT} row {event['id']}"
    try:
        zone = ZoneInfo(check_timezone(event["timezone"]))
        check_event_dates(event["start_date"], event["end_date"])
        for forum in rows["forums"]:
            row = f"forums row {forum['id']}"
            check_forum_dates(forum["start_date"], forum["end_date"])
        for talk in rows["sessions"]:
            row = f"sessions row {talk['id']}"
            for field in ("start_at", "end_at"):
                times.check_session_time(
                    talk[field], field, event["start_date"], event["end_date"], zone
                )
    except (ValidationError, TypeError) as exc:
        reason = exc.message if isinstance(exc, ValidationError) else "a date is missing"
        raise BackupError(f"{row}: {reason}") from exc


def _check_references(known: dict[str, Table], rows: dict[str, list[dict]]) -> None:
    """Every key between exported tables points inside the backup, never at another event."""
    ids = {name: {row["id"] for row in table_rows} for name, table_rows in rows.items()}
    for name, table in known.items():
        for fk in table.foreign_keys:
            target = fk.column.table.name
            if target not in tables.EXPORTED:
                continue
            for row in rows[name]:
                value = row[fk.parent.name]
                if value is not None and value not in ids[target]:
                    raise BackupError(
                        f"{name} row {row['id']}: {fk.parent.name}={value!r} "
                        f"is not in the backup's {target}"
                    )


def _check_releases(releases: list[dict]) -> None:
    """A snapshot must still be the bytes its digest names: feeds and ETags depend on it."""
    for release in releases:
        snapshot = release["snapshot"]
        if (
            not isinstance(snapshot, str)
            or hashlib.sha256(snapshot.encode()).hexdigest() != release["digest"]
        ):
            raise BackupError(
                f"release {release['number']}: the snapshot does not match its digest"
            )
        _check_snapshot_times(release)


def _check_snapshot_times(release: dict) -> None:
    """What a release publishes is read as given by every page and feed: its sessions' times
    must lie in the years the database holds (sessions/times.py), like the rows'."""
    try:
        for talk in json.loads(release["snapshot"]).get("sessions", []):
            for field in ("start", "end"):
                times.in_utc(instant(talk[field]), field)
    except (ValidationError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BackupError(
            f"release {release['number']}: a session's time is not one this version stores"
        ) from exc


def _comments_as_text_maps(releases: list[dict], default_language: str) -> None:
    """Backups written before release comments were multilingual hold one plain string."""
    for release in releases:
        if isinstance(release.get("comment"), str):
            release["comment"] = (
                {default_language: release["comment"]} if release["comment"] else None
            )


def _accounts_to_ids(ordered: list[Table], rows: dict[str, list[dict]]) -> set[str]:
    """Point account columns at this database's account with that email, or at nobody."""
    columns = [(t.name, c) for t in ordered for c in t.columns if tables.account_column(c)]
    emails = {
        row[c.name]["email"] for t, c in columns for row in rows[t] if row[c.name] is not None
    }
    found = (
        dict(db.session.execute(select(User.email, User.id).where(User.email.in_(emails))).all())
        if emails
        else {}
    )
    for table, column in columns:
        for row in rows[table]:
            if row[column.name] is None:
                continue
            row[column.name] = found.get(row[column.name]["email"])
            if row[column.name] is None and not column.nullable:
                raise BackupError(f"{table}.{column.name}: no account here has that email")
    return emails - set(found)


def _check_ids_free(ordered: list[Table], rows: dict[str, list[dict]]) -> None:
    for table in ordered:
        wanted = [row["id"] for row in rows[table.name]]
        if not wanted:
            continue
        taken = db.session.scalar(
            select(func.count()).select_from(table).where(table.c.id.in_(wanted))
        )
        if taken:
            raise Conflict(
                _l(
                    "%(count)d of the backup's %(table)s ids are in use here: "
                    "restore into an empty database",
                    count=taken,
                    table=table.name,
                )
            )


def _advance_sequences(ordered: list[Table], rows: dict[str, list[dict]]) -> None:
    """Rows were written with explicit ids: PostgreSQL's sequences must start after them.

    SQLite needs nothing: it takes the largest id in use plus one.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in ordered:
        if not rows[table.name]:
            continue
        sequence = cast(func.pg_get_serial_sequence(table.name, "id"), REGCLASS)
        highest = select(func.max(table.c.id)).scalar_subquery()
        last = func.coalesce(func.pg_sequence_last_value(sequence), 0)
        db.session.execute(select(func.setval(sequence, func.greatest(highest, last))))
