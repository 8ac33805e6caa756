"""Conflicts in an event's working agenda, all forums together.

What is checked (cancelled sessions take part in none of it):

| kind                    | blocks publishing | meaning                                               |
| ----------------------- | ----------------- | ----------------------------------------------------- |
| speaker_double_booked   | yes               | a speaker appears in two sessions that overlap        |
| room_double_booked      | yes               | a room holds two sessions that overlap                |
| outside_event_dates     | no (warns)        | a session starts or ends outside the event's dates    |
| outside_forum_dates     | no (warns)        | a session starts or ends outside its forum's dates    |
| no_room                 | no (warns)        | a session has no room yet                             |
| no_speaker              | no (warns)        | a session has no speaker (breaks are exempt)          |

Double bookings block: published, they send a person or an audience to two places at
once, and every calendar that subscribed would carry the clash. The others are normal
states of an agenda under construction (rooms and speakers are often announced later, a
side meeting may sit a day before the event) and are shown as warnings. Dates are read in
the event's time zone; a session ending exactly at midnight belongs to the day before.

`find_conflicts(event)` costs four queries whatever the event's size.
`check_publishable(event)` is what every publish path (the /manage page and the API) calls
before releases.publish.publish: it raises errors.Conflict (409) while blocking conflicts remain.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from .. import errors
from ..events.models import Event, Forum
from ..extensions import db
from ..speakers.models import Speaker
from .models import Appearance, SessionKind, SessionStatus, Talk

BLOCKING = frozenset({"speaker_double_booked", "room_double_booked"})


@dataclass(frozen=True)
class AgendaConflict:
    """One problem: its kind, the sessions involved (in time order) and what they share."""

    kind: str
    talks: tuple[Talk, ...]
    speaker: Speaker | None = None

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING

    @property
    def session_ids(self) -> tuple[int, ...]:
        return tuple(t.id for t in self.talks)


def find_conflicts(event: Event) -> list[AgendaConflict]:
    """Every conflict of event's working agenda, blocking ones first."""
    forums = {f.id: f for f in db.session.scalars(select(Forum).where(Forum.event_id == event.id))}
    talks = (
        db.session.scalars(
            select(Talk)
            .where(Talk.event_id == event.id, Talk.status != SessionStatus.CANCELLED)
            .options(
                joinedload(Talk.room), selectinload(Talk.appearances).joinedload(Appearance.speaker)
            )
            .order_by(Talk.start_at, Talk.id)
        )
        .unique()
        .all()
    )
    found = _speaker_clashes(talks) + _room_clashes(talks)
    for talk in talks:
        found.extend(_own_problems(talk, event, forums[talk.forum_id]))
    return sorted(found, key=lambda c: (not c.blocking, c.talks[0].start_at, c.session_ids, c.kind))


def blocking_conflicts(event: Event) -> list[AgendaConflict]:
    return [c for c in find_conflicts(event) if c.blocking]


def check_publishable(event: Event, forum: Forum | None = None) -> None:
    """Refuse (409) to publish an agenda that double-books a speaker or a room. A forum's
    release is refused only for the double bookings its own sessions are part of."""
    blocking = blocking_conflicts(event)
    if forum is not None:
        blocking = [c for c in blocking if any(t.forum_id == forum.id for t in c.talks)]
    if blocking:
        raise errors.Conflict(
            f"{len(blocking)} conflict(s) block publishing: resolve the double bookings first",
            {"conflicts": ", ".join(sorted({c.kind for c in blocking}))},
            code="blocking_conflicts",
        )


def _overlapping_pairs(talks: list[Talk]):
    """Pairs of talks (already in start order) whose times overlap."""
    open_talks: list[Talk] = []
    for talk in talks:
        open_talks = [t for t in open_talks if t.end_at > talk.start_at]
        for earlier in open_talks:
            yield earlier, talk
        open_talks.append(talk)


def _speaker_clashes(talks: list[Talk]) -> list[AgendaConflict]:
    by_speaker: dict[int, list[Talk]] = defaultdict(list)
    speakers: dict[int, Speaker] = {}
    for talk in talks:
        for appearance in talk.appearances:
            by_speaker[appearance.speaker_id].append(talk)
            speakers[appearance.speaker_id] = appearance.speaker
    return [
        AgendaConflict("speaker_double_booked", pair, speakers[speaker_id])
        for speaker_id, booked in by_speaker.items()
        for pair in _overlapping_pairs(booked)
    ]


def _room_clashes(talks: list[Talk]) -> list[AgendaConflict]:
    by_room: dict[int, list[Talk]] = defaultdict(list)
    for talk in talks:
        if talk.room_id is not None:
            by_room[talk.room_id].append(talk)
    return [
        AgendaConflict("room_double_booked", pair)
        for booked in by_room.values()
        for pair in _overlapping_pairs(booked)
    ]


def _own_problems(talk: Talk, event: Event, forum: Forum) -> list[AgendaConflict]:
    first, last = _local_days(talk, event)
    problems = []
    if first < event.start_date or last > event.end_date:
        problems.append("outside_event_dates")
    if (forum.start_date and first < forum.start_date) or (
        forum.end_date and last > forum.end_date
    ):
        problems.append("outside_forum_dates")
    if talk.room_id is None:
        problems.append("no_room")
    if not talk.appearances and talk.kind is not SessionKind.BREAK:
        problems.append("no_speaker")
    return [AgendaConflict(kind, (talk,)) for kind in problems]


def _local_days(talk: Talk, event: Event) -> tuple[date, date]:
    zone = event.zone
    last_moment: datetime = talk.end_at - timedelta(microseconds=1)
    return talk.start_at.astimezone(zone).date(), last_moment.astimezone(zone).date()
