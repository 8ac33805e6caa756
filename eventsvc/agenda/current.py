"""Finding the current release of an event and its Agenda, cached per process by release."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

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


class _AgendaCache:
    """A small LRU of built agendas. Releases never change, so entries never go stale."""

    def __init__(self, size: int = 16):
        self._size = size
        self._items: OrderedDict[tuple[int, str], Agenda] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, ref: ReleaseRef) -> Agenda:
        with self._lock:
            agenda = self._items.get((ref.id, ref.digest))
            if agenda is not None:
                self._items.move_to_end((ref.id, ref.digest))
                return agenda
        agenda = _build(ref)
        with self._lock:
            self._items[(ref.id, ref.digest)] = agenda
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return agenda

    def get_many(self, refs: list[ReleaseRef]) -> list[Agenda]:
        """Agendas of several releases, the missing snapshots loaded in one query."""
        with self._lock:
            missing = [r for r in refs if (r.id, r.digest) not in self._items]
        if missing:
            rows = {
                row.id: row
                for row in db.session.execute(
                    select(Release.id, Release.snapshot, Release.feed_times).where(
                        Release.id.in_([r.id for r in missing])
                    )
                )
            }
            built = {r: _from_row(r, rows[r.id]) for r in missing}
            with self._lock:
                for ref, agenda in built.items():
                    self._items[(ref.id, ref.digest)] = agenda
                while len(self._items) > max(self._size, len(refs)):
                    self._items.popitem(last=False)
        return [self.get(ref) for ref in refs]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


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


agendas = _AgendaCache()


def agenda_for(ref: ReleaseRef) -> Agenda:
    return agendas.get(ref)


def agendas_for(refs: list[ReleaseRef]) -> list[Agenda]:
    return agendas.get_many(refs)
