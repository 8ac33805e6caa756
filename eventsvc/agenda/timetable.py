"""One day as a grid: rooms as columns, time running down in fixed slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from . import pages, query
from .model import Agenda
from .pages import Named, SessionView
from .query import Filters

SLOT_MINUTES = 5
# Forum colours: each forum takes the next of these in the forums' set order (eventsvc.css).
COLOURS = 12
# Sessions without a room share one column at the end.
NO_ROOM = Named("", "")


@dataclass(frozen=True, slots=True)
class Block:
    session: SessionView
    column: int  # 1-based among the rooms
    row_start: int  # 1-based grid lines
    row_end: int
    colour: int  # its forum's colour, 0 to COLOURS - 1


@dataclass(frozen=True, slots=True)
class ForumKey:
    """A forum in the legend: its name and colour."""

    forum: Named
    colour: int


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
    # Column by column, each in time order: the order of the page, so Tab runs down a room.
    blocks: tuple[Block, ...]
    top: datetime | None  # the time at the first row, where a "now" line starts counting
    legend: tuple[ForumKey, ...]  # the forums of the day, in their set order
    forums: tuple[Named, ...]  # every forum of the event, for the filter


def build(agenda: Agenda, lang: str, day: date | None, forum: str | None = None) -> Timetable:
    everyone = tuple(pages.named(agenda, f, lang) for f in agenda.forums)
    chosen = query.sessions(agenda, Filters(day=day, forum=forum)) if day else []
    if not chosen or day is None:
        return Timetable(day, (), 0, (), (), None, (), everyone)
    colour = {f["id"]: i % COLOURS for i, f in enumerate(agenda.forums)}
    columns = _columns(agenda, chosen)
    # The grid shows the day alone: a session running on for days (or years) ends at its edge.
    day_end = datetime.combine(day, time.max, agenda.zone)
    top = _floor(min(s.local_start for s in chosen))
    rows = _slots(top, min(day_end, max(s.local_end for s in chosen)), up=True)
    blocks = sorted(
        (
            _block(agenda, s, lang, columns[s.room_id], top, colour[s.forum_id], day_end)
            for s in chosen
        ),
        key=lambda b: (b.column, b.row_start, b.row_end),
    )
    present = {s.forum_id for s in chosen}
    legend = tuple(
        ForumKey(pages.named(agenda, f, lang), colour[f["id"]])
        for f in agenda.forums
        if f["id"] in present
    )
    marks = tuple(
        Mark(top + timedelta(minutes=m), m // SLOT_MINUTES + 1)
        for m in range(0, rows * SLOT_MINUTES, 30)
    )
    rooms = [
        pages.named(agenda, agenda.rooms_by_id[rid], lang) if rid is not None else NO_ROOM
        for rid in columns
    ]
    return Timetable(day, tuple(rooms), rows, marks, tuple(blocks), top, legend, everyone)


def _columns(agenda: Agenda, chosen) -> dict[int | None, int]:
    """Room id -> column, rooms in their set order; sessions without a room last."""
    used = {s.room_id for s in chosen}
    ordered = [r["id"] for r in agenda.rooms if r["id"] in used] + ([None] if None in used else [])
    return {rid: i + 1 for i, rid in enumerate(ordered)}


def _block(
    agenda: Agenda, s, lang: str, column: int, top: datetime, colour: int, day_end: datetime
) -> Block:
    first = _slots(top, s.local_start, up=False) + 1
    last = max(_slots(top, min(s.local_end, day_end), up=True), first) + 1
    return Block(pages.session(agenda, s, lang), column, first, last, colour)


def _floor(t: datetime) -> datetime:
    return t.replace(minute=t.minute - t.minute % 30, second=0, microsecond=0)


def _slots(top: datetime, t: datetime, up: bool) -> int:
    """Slots from top to t: starts round down and ends up, so a block covers its whole session."""
    slots = (t - top).total_seconds() / 60 / SLOT_MINUTES
    return int(-(-slots // 1)) if up else int(slots // 1)
