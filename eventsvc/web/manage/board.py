"""The board: one day of the working agenda as rooms x time, like the public timetable, where
an organizer moves a session to another time or room.

static/board.js drags a session and posts the move form below (CSRF token, version, new
start and room), then shows the board again with its conflicts. Without JavaScript, each
session links to its form, which moves it the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...auth import permissions as can
from ...events.models import Event, Forum, Room
from ...extensions import db
from ...sessions import times
from ...sessions.conflicts import accepted_keys, find_conflicts
from ...sessions.models import Talk
from ...sessions.services import update_session
from .access import event_or_404, user
from .agenda import event_days, marks_of, parse_day, talks_of
from .blueprint import bp, pick_text
from .editing import attempt, saved
from .forms import MoveForm
from .sessions import local, session_of

SLOT_MINUTES = 5
# The board always spans at least this much of the day, so there is room to drag to.
DAY_FROM, DAY_TO = time(8), time(19)


@dataclass(frozen=True)
class Lane:
    slug: str  # "" for sessions without a room
    name: str
    column: int  # grid column; the first holds the times


@dataclass(frozen=True)
class Block:
    talk: Talk
    column: int
    row_start: int  # grid lines; the first row holds the room names
    row_end: int
    # Starts while an earlier session of its room still runs (a double booking): drawn
    # indented, so the one it covers still shows its time and title.
    overlaps: bool = False


@dataclass(frozen=True)
class Grid:
    top: datetime  # local time of the first slot
    rows: int
    lanes: list[Lane]
    blocks: list[Block]
    marks: list[tuple[datetime, int]]  # every half hour, with its grid line


def _slots(top: datetime, t: datetime, up: bool) -> int:
    slots = (t - top).total_seconds() / 60 / SLOT_MINUTES
    return int(-(-slots // 1)) if up else int(slots // 1)


def build_grid(event: Event, day: date, rooms: Sequence[Room], talks: Sequence[Talk], name) -> Grid:
    starts = [local(t.start_at, event) for t in talks]
    # The board shows the day alone: a session running on for days ends at its edge.
    ends = [min(local(t.end_at, event), datetime.combine(day, time.max)) for t in talks]
    top = min([datetime.combine(day, DAY_FROM), *starts])
    top = top.replace(minute=top.minute - top.minute % 30)
    bottom = max([datetime.combine(day, DAY_TO), *ends])
    rows = _slots(top, bottom, up=True)
    lanes = [Lane(r.slug, name(r), n + 2) for n, r in enumerate(rooms)]
    if any(t.room_id is None for t in talks):
        lanes.append(Lane("", _("No room yet"), len(lanes) + 2))
    column = {lane.slug: lane.column for lane in lanes}
    blocks = []
    running: dict[int, int] = {}  # column: the last grid line its sessions so far reach
    for talk, start, end in zip(talks, starts, ends, strict=True):  # talks in order of start
        first = _slots(top, start, up=False) + 2
        last = max(_slots(top, end, up=True) + 2, first + 1)
        lane = column[talk.room.slug if talk.room else ""]
        blocks.append(Block(talk, lane, first, last, first < running.get(lane, 0)))
        running[lane] = max(running.get(lane, 0), last)
    marks = [
        (top + timedelta(minutes=m), m // SLOT_MINUTES + 2)
        for m in range(0, rows * SLOT_MINUTES, 30)
    ]
    return Grid(top, rows, lanes, blocks, marks)


@bp.get("/events/<slug>/board")
def board(slug: str):
    """A day (?day=, else the first) in every room: all sessions, or one forum's (?forum=)."""
    event = event_or_404(slug, can.can_read_drafts)
    days = event_days(event)
    day = parse_day(request.args.get("day"))
    day = day if day in days else days[0]
    forums = db.session.scalars(
        select(Forum).where(Forum.event_id == event.id).order_by(Forum.position, Forum.id)
    ).all()
    forum = next((f for f in forums if f.slug == request.args.get("forum")), None)
    rooms = db.session.scalars(
        select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)
    ).all()
    start, end = times.day_bounds(day, event.zone)
    where = [Talk.start_at >= start, Talk.start_at < end]
    if forum is not None:
        where.append(Talk.forum_id == forum.id)
    talks = talks_of(event, *where)
    shown = {t.id for t in talks}
    conflicts = [c for c in find_conflicts(event) if shown & set(c.session_ids)]
    actor = user()
    return render_template(
        "manage/board.html",
        event=event,
        day=day,
        days=days,
        forums=forums,
        forum=forum,
        grid=build_grid(event, day, rooms, talks, lambda r: pick_text(r.name) or r.slug),
        slot_minutes=SLOT_MINUTES,
        marks=marks_of(conflicts),
        conflicts=conflicts,
        accepted=accepted_keys(event),
        zone=event.zone,
        movable={f.id for f in forums if can.can_manage_forum(actor, event.id, f.id)},
        edit_url=url_per_uid("manage.session_edit", slug=event.slug),
        move_url=url_per_uid("manage.session_move", slug=event.slug),
    )


def url_per_uid(endpoint: str, **values) -> Callable[[str], str]:
    """endpoint's URL for a session's uid, routed once: url_for for each of a day's 600
    sessions, twice, took a fifth of the board's time. (A uid needs no quoting.)"""
    head, tail = url_for(endpoint, uid="UID", **values).split("UID")
    return lambda uid: f"{head}{uid}{tail}"


def _room(form: MoveForm, event: Event) -> tuple[bool, Room | None]:
    """Whether the room the form names is the event's (or none), and that room."""
    if not form.room.data:
        return True, None
    room = db.session.scalar(
        select(Room).where(Room.event_id == event.id, Room.slug == form.room.data)
    )
    if room is None:
        form.form_errors.append(_("No such room in this event."))
    return room is not None, room


def _moved(form: MoveForm, talk: Talk, room: Room | None) -> dict:
    return {
        "start": form.start.data,
        "end": form.start.data + (talk.end_at - talk.start_at),
        "room": room,
    }


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.post("/events/<slug>/sessions/<uid>/move")
def session_move(slug: str, uid: str):
    """Move a session to a new start (event time) and room, keeping its length."""
    event, talk = session_of(slug, uid)
    form = MoveForm()
    known, room = _room(form, event)
    done = (
        form.validate_on_submit()
        and known
        and attempt(
            form, lambda: update_session(talk, _moved(form, talk, room), actor=user()), obj=talk
        )
    )
    problems = [form.conflict] if getattr(form, "conflict", None) else []
    problems += [e for errors in form.errors.values() for e in errors]  # form_errors under None
    day = local(talk.start_at, event).date().isoformat()
    if _wants_json():
        if done:
            return jsonify(ok=True, version=talk.version, day=day)
        code = 409 if getattr(form, "conflict", None) else 422
        return jsonify(ok=False, message=" ".join(map(str, problems))), code
    if done:
        saved(_("Session moved."))
    else:
        flash(" ".join(map(str, problems)), "error")
    return redirect(url_for("manage.board", slug=slug, day=day))
