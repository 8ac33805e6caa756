"""A forum's sessions, and the event's working agenda: filtered by forum, day and room, a page
at a time, each session with its conflicts marked."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from flask import render_template, request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, lazyload

from ...auth import permissions as can
from ...events.models import Event, Forum, Room
from ...extensions import db
from ...sessions import times
from ...sessions.conflicts import AgendaConflict, Booking, accepted_keys, find_conflicts
from ...sessions.loading import with_lineups
from ...sessions.models import Talk
from .access import event_or_404, user
from .blueprint import bp
from .display import standing
from .structure import _forum

PAGE_SIZE = 100
NO_ROOM = "none"  # the room filter's value for sessions without a room
CONFLICTS_SHOWN = 100  # listed at the top of the page; the rest are counted


def talks_of(event: Event, *where, offset: int = 0, limit: int | None = None) -> Sequence[Talk]:
    """Sessions with rooms, forums and speakers loaded: four queries for any number."""
    query = (
        select(Talk)
        .where(Talk.event_id == event.id, *where)
        .options(joinedload(Talk.room), joinedload(Talk.forum), lazyload(Talk.appearances))
        .order_by(Talk.start_at, Talk.id)
        .offset(offset)
        .limit(limit)
    )
    return with_lineups(db.session.scalars(query).all())


def event_days(event: Event) -> list[date]:
    return [
        event.start_date + timedelta(days=n)
        for n in range((event.end_date - event.start_date).days + 1)
    ]


def parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@bp.get("/events/<slug>/forums/<forum_slug>/")
def forum(slug: str, forum_slug: str):
    event, forum = _forum(slug, forum_slug)
    return render_template(
        "manage/forum.html",
        event=event,
        forum=forum,
        talks=talks_of(event, Talk.forum_id == forum.id),
    )


@dataclass(frozen=True)
class Filters:
    """What the working agenda shows: unknown or bad values mean "all", never an error."""

    forum: Forum | None
    day: date | None
    room: Room | None
    no_room: bool
    page: int

    def where(self, event: Event) -> list:
        where = []
        if self.forum is not None:
            where.append(Talk.forum_id == self.forum.id)
        if self.room is not None:
            where.append(Talk.room_id == self.room.id)
        if self.no_room:
            where.append(Talk.room_id.is_(None))
        if self.day is not None:
            start, end = times.day_bounds(self.day, event.zone)
            where += [Talk.start_at >= start, Talk.start_at < end]
        return where

    def covers(self, talk: Talk | Booking, event: Event) -> bool:
        """Whether talk is one of the sessions the filters choose (for their conflicts)."""
        return (
            (self.forum is None or talk.forum_id == self.forum.id)
            and (self.room is None or talk.room_id == self.room.id)
            and (not self.no_room or talk.room_id is None)
            and (self.day is None or talk.start_at.astimezone(event.zone).date() == self.day)
        )

    def args(self, **changed) -> dict:
        """The query string of these filters, with changed values (page=2, say)."""
        args = {
            "forum": self.forum.slug if self.forum else None,
            "day": self.day.isoformat() if self.day else None,
            "room": NO_ROOM if self.no_room else (self.room.slug if self.room else None),
            "page": self.page if self.page > 1 else None,
            **changed,
        }
        return {k: v for k, v in args.items() if v}


def _filters(forums: Sequence[Forum], rooms: Sequence[Room]) -> Filters:
    by_slug = {f.slug: f for f in forums}, {r.slug: r for r in rooms}
    room = request.args.get("room", "")
    return Filters(
        forum=by_slug[0].get(request.args.get("forum", "")),
        day=parse_day(request.args.get("day")),
        room=by_slug[1].get(room),
        no_room=room == NO_ROOM,
        page=max(request.args.get("page", 1, type=int), 1),
    )


def marks_of(conflicts: list[AgendaConflict]) -> dict[int, list[AgendaConflict]]:
    marks = defaultdict(list)
    for conflict in conflicts:
        for talk_id in conflict.session_ids:
            marks[talk_id].append(conflict)
    return marks


@bp.get("/events/<slug>/agenda")
def agenda(slug: str):
    """The event's sessions that the filters choose, PAGE_SIZE at a time, in the event's zone,
    each with its conflicts; the conflicts of every chosen session listed first."""
    event = event_or_404(slug, can.can_read_drafts)
    forums = db.session.scalars(
        select(Forum).where(Forum.event_id == event.id).order_by(Forum.position, Forum.id)
    ).all()
    rooms = db.session.scalars(
        select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)
    ).all()
    filters = _filters(forums, rooms)
    where = filters.where(event)
    total = db.session.scalars(
        select(func.count()).select_from(Talk).where(Talk.event_id == event.id, *where)
    ).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(filters.page, pages)
    talks = talks_of(event, *where, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    conflicts = [c for c in find_conflicts(event) if any(filters.covers(t, event) for t in c.talks)]
    accepted = accepted_keys(event)
    standings = Counter(standing(c, accepted) for c in conflicts)
    days = defaultdict(list)
    for talk in talks:
        days[talk.start_at.astimezone(event.zone).date()].append(talk)
    actor = user()
    return render_template(
        "manage/agenda.html",
        event=event,
        forums=forums,
        rooms=rooms,
        event_days=event_days(event),
        filters=filters,
        no_room=NO_ROOM,
        total=total,
        page=page,
        pages=pages,
        first=(page - 1) * PAGE_SIZE + 1,
        last=(page - 1) * PAGE_SIZE + len(talks),
        days=sorted(days.items()),
        marks=marks_of(conflicts),
        conflicts=conflicts[:CONFLICTS_SHOWN],
        accepted=accepted,
        standings=standings,
        zone=event.zone,
        manageable={f.id for f in forums if can.can_manage_forum(actor, event.id, f.id)},
    )
