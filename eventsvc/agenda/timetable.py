"""One day as a grid: rooms as columns, time running down in fixed slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import pages, query
from .model import Agenda
from .pages import Named, SessionView
from .query import Filters

SLOT_MINUTES = 5
# Sessions without a room share one column at the end.
NO_ROOM = Named("", "")


@dataclass(frozen=True, slots=True)
class Block:
    session: SessionView
    column: int  # 1-based among the rooms
    row_start: int  # 1-based grid lines
    row_end: int


@dataclass(frozen=True, slots=True)
class Mark:
    time: datetime
    row: int


@dataclass(frozen=True, slots=True)
class Timetable:
    day: date | None
    rooms: tuple[Named, ...]
    rows: int
    marks: tuple[Mark, ...]  # every full half hour
    blocks: tuple[Block, ...]


def first_day(agenda: Agenda) -> date | None:
    days = agenda.days
    return days[0] if days else None


def build(agenda: Agenda, lang: str, day: date | None) -> Timetable:
    chosen = query.sessions(agenda, Filters(day=day)) if day else []
    if not chosen:
        return Timetable(day, (), 0, (), ())
    columns = _columns(agenda, chosen)
    top = _floor(min(s.local_start for s in chosen))
    rows = _slots(top, max(s.local_end for s in chosen), up=True)
    blocks = tuple(_block(agenda, s, lang, columns[s.room_id], top) for s in chosen)
    marks = tuple(
        Mark(top + timedelta(minutes=m), m // SLOT_MINUTES + 1)
        for m in range(0, rows * SLOT_MINUTES, 30)
    )
    rooms = [
        pages.named(agenda, agenda.rooms_by_id[rid], lang) if rid is not None else NO_ROOM
        for rid in columns
    ]
    return Timetable(day, tuple(rooms), rows, marks, blocks)


def _columns(agenda: Agenda, chosen) -> dict[int | None, int]:
    """Room id -> column, rooms in their set order; sessions without a room last."""
    used = {s.room_id for s in chosen}
    ordered = [r["id"] for r in agenda.rooms if r["id"] in used] + ([None] if None in used else [])
    return {rid: i + 1 for i, rid in enumerate(ordered)}


def _block(agenda: Agenda, s, lang: str, column: int, top: datetime) -> Block:
    first = _slots(top, s.local_start, up=False) + 1
    last = max(_slots(top, s.local_end, up=True), first) + 1
    return Block(pages.session(agenda, s, lang), column, first, last)


def _floor(t: datetime) -> datetime:
    return t.replace(minute=t.minute - t.minute % 30, second=0, microsecond=0)


def _slots(top: datetime, t: datetime, up: bool) -> int:
    """Slots from top to t: starts round down and ends up, so a block covers its whole session."""
    slots = (t - top).total_seconds() / 60 / SLOT_MINUTES
    return int(-(-slots // 1)) if up else int(slots // 1)
