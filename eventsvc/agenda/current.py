"""Finding the current release of an event and its Agenda, cached per process by release
(caches.agendas)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from ..caches import agendas
from ..events.models import Event
from ..extensions import db
from ..releases.models import Release
from .model import Agenda, instant


@dataclass(frozen=True, slots=True)
class ReleaseRef:
    """What one indexed query tells about an event's newest release."""

    id: int
    number: int
    digest: str
    published_at: datetime
    event_id: int
    event_slug: str


# Built once and run on the session's connection (not through the ORM): on this hot path
# (every public request, 304s included) composing and ORM-executing a select costs more than
# the indexed query itself.
_CURRENT = (
    select(Release.id, Release.number, Release.digest, Release.published_at, Event.id, Event.slug)
    .join(Event, Event.id == Release.event_id)
    .where(Event.slug == bindparam("slug"))
    .order_by(Release.number.desc())
    .limit(1)
)


def current_release(event_slug: str) -> ReleaseRef | None:
    """The newest release of the event: the only question a public read asks the database."""
    row = db.session.connection().execute(_CURRENT, {"slug": event_slug}).first()
    return ReleaseRef(*row) if row else None


def _build(ref: ReleaseRef) -> Agenda:
    row = db.session.execute(
        select(Release.snapshot, Release.feed_times).where(Release.id == ref.id)
    ).one()
    return _from_row(ref, row)


def _from_row(ref: ReleaseRef, row) -> Agenda:
    agenda = Agenda.from_snapshot(
        ref.id, ref.number, ref.digest, ref.published_at, json.loads(row.snapshot)
    )
    if row.feed_times:
        agenda.feed_times = {
            key: instant(since) for key, (_print, since) in json.loads(row.feed_times).items()
        }
    return agenda


def agenda_for(ref: ReleaseRef) -> Agenda:
    return agendas.get_or_build((ref.id, ref.digest), lambda: _build(ref))


def agendas_for(refs: list[ReleaseRef]) -> list[Agenda]:
    """Agendas of several releases, the missing snapshots loaded in one query."""
    found: dict[ReleaseRef, Agenda] = {}
    for ref in refs:
        if (agenda := agendas.get((ref.id, ref.digest))) is not None:
            found[ref] = agenda
    missing = [ref for ref in refs if ref not in found]
    if missing:
        rows = {
            row.id: row
            for row in db.session.execute(
                select(Release.id, Release.snapshot, Release.feed_times).where(
                    Release.id.in_([ref.id for ref in missing])
                )
            )
        }
        for ref in missing:
            found[ref] = _from_row(ref, rows[ref.id])
            agendas.set((ref.id, ref.digest), found[ref])
    return [found[ref] for ref in refs]
