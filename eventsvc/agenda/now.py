"""What is on in each room at a moment, and what comes next: for the "now" page and the
screens at the halls' doors. Pure functions of an Agenda and an instant."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime

from .model import Agenda, Talk
from .pages import Named, SessionView, named, session


@dataclass(frozen=True, slots=True)
class RoomNow:
    room: Named
    current: SessionView | None  # on at the moment (started, not yet ended)
    next: SessionView | None  # the first to start after the moment (or after the current one)


def room_now(agenda: Agenda, room: dict, at: datetime, lang: str) -> RoomNow:
    """Cancelled sessions are neither on nor next: nobody will be in the room for them."""
    talks = agenda.sessions_by_room.get(room["id"], [])
    # Sessions are in start order: those started by `at` come before this position.
    started = bisect.bisect_right(talks, at, key=lambda s: s.start)
    current = _last(t for t in talks[:started] if t.end > at and not t.cancelled)
    after = current.end if current else at
    following = next(
        (t for t in talks[started:] if t.start >= after and not t.cancelled),
        None,
    )
    return RoomNow(
        named(agenda, room, lang),
        session(agenda, current, lang) if current else None,
        session(agenda, following, lang) if following else None,
    )


def rooms_now(agenda: Agenda, at: datetime, lang: str) -> tuple[RoomNow, ...]:
    """Every room in its set order; rooms with nothing on and nothing to come are left out."""
    found = (room_now(agenda, room, at, lang) for room in agenda.rooms)
    return tuple(r for r in found if r.current or r.next)


def _last(talks) -> Talk | None:
    """The one started last, when sessions in a room overlap."""
    found = None
    for t in talks:
        found = t
    return found
