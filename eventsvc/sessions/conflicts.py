"""Conflicts in an event's working agenda, all forums together.

What is checked (cancelled sessions take part in none of it):

| kind                  | blocks publishing | meaning                                            |
| --------------------- | ----------------- | -------------------------------------------------- |
| speaker_double_booked | yes               | a speaker appears in two sessions that overlap     |
| room_double_booked    | yes               | a room holds two sessions that overlap             |
| outside_event_dates   | no (warns)        | a session starts or ends outside the event's dates |
| outside_forum_dates   | no (warns)        | a session starts or ends outside its forum's dates |
| no_room               | no (warns)        | a session has no room yet                          |
| no_speaker            | no (warns)        | a session has no speaker (breaks are exempt)       |

Double bookings block: published, they send a person or an audience to two places at
once, and every calendar that subscribed would carry the clash. The others are normal
states of an agenda under construction (rooms and speakers are often announced later, a
side meeting may sit a day before the event) and are shown as warnings. Dates are read in
the event's time zone; a session ending exactly at midnight belongs to the day before.

Real schedules hold double bookings that organizers accept knowingly (a minister opening
two forums back to back with a stand-in). So a blocking conflict can be accepted, with a
reason, by someone who may publish its scope: releases.publish records the acceptance with
the release, and it holds for later releases as long as the conflict keeps its key. The key
names the kind, the sessions (uids) and the speaker or room they share: any new clash has a
new key and blocks again.

`find_conflicts(event)` costs five queries whatever the event's size, and builds no ORM object
per session: it reads the columns it needs (Core selects, see Booking) and sweeps each room's
and each speaker's sessions in time order. Only the speakers who are double-booked, and the
event's forums and rooms, come as ORM objects (a conflict names them). `conflicts_of(event,
talk)` is the part of them that one session is in.
`check_publishable(event, forum, accept, reason)` is what every publish path (the /manage
pages, the API, `eventsvc publish`) calls before releases.publish.publish: it raises
errors.Conflict (409) while blocking conflicts remain that are neither accepted before nor
named in accept.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import errors
from ..events.models import Event, Forum, Room
from ..extensions import db
from ..i18n import pick
from ..releases.models import ConflictAcceptance
from ..speakers.models import Speaker
from ..speakers.services import display_latin
from .models import Appearance, SessionKind, SessionStatus, Talk

BLOCKING = frozenset({"speaker_double_booked", "room_double_booked"})


@dataclass(frozen=True, slots=True)
class Booking:
    """A session as conflict detection reads it: its identity, title, kind, time and place.

    The columns of a Talk that conflicts and the pages listing them use, without the rest of
    the ORM object (loading 2,000 of those with their speakers costs seconds)."""

    id: int
    uid: str
    title: dict
    kind: SessionKind
    forum_id: int
    room_id: int | None
    room: Room | None
    start_at: datetime
    end_at: datetime


@dataclass(frozen=True)
class AgendaConflict:
    """One problem: its kind, the sessions involved (in time order) and what they share."""

    kind: str
    talks: tuple[Booking, ...]
    speaker: Speaker | None = None

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING

    @property
    def session_ids(self) -> tuple[int, ...]:
        return tuple(t.id for t in self.talks)

    @property
    def room(self) -> Room | None:
        return self.talks[0].room if self.kind == "room_double_booked" else None

    @property
    def key(self) -> str:
        """Stable while the same sessions clash over the same speaker or room; opaque, short
        enough for the audit trail's object key."""
        shared = self.speaker.slug if self.speaker else (self.room.slug if self.room else "")
        parts = [self.kind, shared, *sorted(t.uid for t in self.talks)]
        return f"{self.kind}:{hashlib.sha256('|'.join(parts).encode()).hexdigest()[:20]}"

    def label(self, language: str) -> str:
        """One line for people: what is shared, then the sessions' titles."""
        titles = " / ".join(pick(t.title, language, language) for t in self.talks)
        if self.speaker is not None:
            shared = display_latin(self.speaker.names)
        else:
            shared = self.room.slug if self.room else ""
        return f"{shared}: {titles}" if shared else titles

    def in_scope(self, forum: Forum | None) -> bool:
        """Part of forum's release (any of its sessions is the forum's), or of the event's."""
        return forum is None or any(t.forum_id == forum.id for t in self.talks)


def find_conflicts(event: Event) -> list[AgendaConflict]:
    """Every conflict of event's working agenda, blocking ones first."""
    forums = {f.id: f for f in db.session.scalars(select(Forum).where(Forum.event_id == event.id))}
    rooms = {r.id: r for r in db.session.scalars(select(Room).where(Room.event_id == event.id))}
    talks = _bookings(event, rooms)
    lineups = _lineups(event)
    clashes = [
        (speaker_id, pair)
        for speaker_id, booked in _by_speaker(talks, lineups).items()
        for pair in _overlapping_pairs(booked)
    ]
    speakers = _speakers({speaker_id for speaker_id, _ in clashes})
    found = [AgendaConflict("speaker_double_booked", pair, speakers[s]) for s, pair in clashes]
    found += _room_clashes(talks)
    event_span = _span(event.start_date, event.end_date, event.zone)
    spans = {f.id: _span(f.start_date, f.end_date, event.zone) for f in forums.values()}
    for talk in talks:
        found.extend(_own_problems(talk, talk.id in lineups, event_span, spans[talk.forum_id]))
    return sorted(found, key=lambda c: (not c.blocking, c.talks[0].start_at, c.session_ids, c.kind))


def _bookings(event: Event, rooms: dict[int, Room]) -> list[Booking]:
    """The event's sessions that take part (all but the cancelled), in time order."""
    # The table's columns, not the mapped attributes: plain rows, no ORM loading machinery.
    t = Talk.__table__.c
    rows = db.session.execute(
        select(t.id, t.uid, t.title, t.kind, t.forum_id, t.room_id, t.start_at, t.end_at)
        .where(t.event_id == event.id, t.status != SessionStatus.CANCELLED)
        .order_by(t.start_at, t.id)
    )
    return [
        Booking(id_, uid, title, kind, forum, room, rooms.get(room), start, end)
        for id_, uid, title, kind, forum, room, start, end in rows
    ]


def _lineups(event: Event) -> defaultdict[int, list[int]]:
    """Session id -> its speakers' ids, in the session's order."""
    a, t = Appearance.__table__.c, Talk.__table__.c
    rows = db.session.execute(
        select(a.session_id, a.speaker_id)
        .join_from(Appearance.__table__, Talk.__table__, t.id == a.session_id)
        .where(t.event_id == event.id, t.status != SessionStatus.CANCELLED)
        .order_by(a.session_id, a.position, a.id)
    )
    lineups: defaultdict[int, list[int]] = defaultdict(list)
    for session_id, speaker_id in rows:
        lineups[session_id].append(speaker_id)
    return lineups


def _speakers(ids: set[int]) -> dict[int, Speaker]:
    """The speakers named, with their names: one query (asked even for none, so that the cost
    is the same whatever the agenda holds)."""
    query = select(Speaker).where(Speaker.id.in_(ids)).options(joinedload(Speaker.names))
    return {s.id: s for s in db.session.scalars(query).unique()}


def blocking_conflicts(event: Event) -> list[AgendaConflict]:
    return [c for c in find_conflicts(event) if c.blocking]


def conflicts_of(event: Event, talk: Talk) -> list[AgendaConflict]:
    """The conflicts talk is part of, blocking ones first: what its edit page and the answer
    to its save show."""
    return [c for c in find_conflicts(event) if talk.id in c.session_ids]


def accepted_keys(event: Event) -> set[str]:
    return set(
        db.session.scalars(
            select(ConflictAcceptance.key).where(ConflictAcceptance.event_id == event.id)
        )
    )


def check_publishable(
    event: Event, forum: Forum | None = None, accept: frozenset[str] = frozenset(), reason: str = ""
) -> list[AgendaConflict]:
    """Refuse (409) to publish an agenda that double-books a speaker or a room, unless each such
    conflict was accepted before or is named in accept (with a reason). A forum's release is
    refused only for the double bookings its own sessions are part of.

    Returns the conflicts that accept newly accepts, for releases.publish to record."""
    blocking = [c for c in blocking_conflicts(event) if c.in_scope(forum)]
    by_key = {c.key: c for c in blocking}
    if accept and not reason.strip():
        raise errors.ValidationError(
            _l("say why the conflicts are accepted"),
            {"accept_reason": "required to accept conflicts"},
        )
    unknown = sorted(accept - by_key.keys())
    if unknown:
        raise errors.ValidationError(
            _l("only blocking conflicts of what is published can be accepted"),
            {"accept_conflicts": "not a blocking conflict here: " + ", ".join(unknown)},
        )
    before = accepted_keys(event)
    open_ = [c for c in blocking if c.key not in before and c.key not in accept]
    if open_:
        raise errors.Conflict(
            _l(
                "%(count)d conflict(s) block publishing: resolve the double bookings first, "
                "or accept them with a reason",
                count=len(open_),
            ),
            {
                "conflicts": ", ".join(sorted({c.kind for c in open_})),
                "keys": ", ".join(c.key for c in open_),
            },
            code="blocking_conflicts",
        )
    return [c for c in blocking if c.key in accept and c.key not in before]


def _overlapping_pairs(talks: Sequence[Booking]) -> Iterator[tuple[Booking, Booking]]:
    """Pairs of talks (already in start order) whose times overlap."""
    open_talks: list[Booking] = []
    for talk in talks:
        open_talks = [t for t in open_talks if t.end_at > talk.start_at]
        for earlier in open_talks:
            yield earlier, talk
        open_talks.append(talk)


def _by_speaker(
    talks: Sequence[Booking], lineups: dict[int, list[int]]
) -> dict[int, list[Booking]]:
    by_speaker: dict[int, list[Booking]] = defaultdict(list)
    for talk in talks:
        for speaker_id in lineups.get(talk.id, ()):
            by_speaker[speaker_id].append(talk)
    return by_speaker


def _room_clashes(talks: Sequence[Booking]) -> list[AgendaConflict]:
    by_room: dict[int, list[Booking]] = defaultdict(list)
    for talk in talks:
        if talk.room_id is not None:
            by_room[talk.room_id].append(talk)
    return [
        AgendaConflict("room_double_booked", pair)
        for booked in by_room.values()
        for pair in _overlapping_pairs(booked)
    ]


Span = tuple[datetime | None, datetime | None]


def _span(first: date | None, last: date | None, zone: ZoneInfo) -> Span:
    """Dates of the event's zone as UTC instants: the first moment of first, and the first
    moment after last (a session ending exactly at midnight belongs to the day before). In UTC
    as sessions' times are: comparing instants of two zones asks the zone database each time."""
    start = datetime.combine(first, time(0), zone).astimezone(UTC) if first else None
    after = datetime.combine(last + timedelta(days=1), time(0), zone) if last else None
    return start, after.astimezone(UTC) if after else None


def _outside(talk: Booking, span: Span) -> bool:
    start, after = span
    return (start is not None and talk.start_at < start) or (
        after is not None and talk.end_at > after
    )


def _own_problems(
    talk: Booking, has_speaker: bool, event_span: Span, forum_span: Span
) -> list[AgendaConflict]:
    problems = []
    if _outside(talk, event_span):
        problems.append("outside_event_dates")
    if _outside(talk, forum_span):
        problems.append("outside_forum_dates")
    if talk.room_id is None:
        problems.append("no_room")
    if not has_speaker and talk.kind is not SessionKind.BREAK:
        problems.append("no_speaker")
    return [AgendaConflict(kind, (talk,)) for kind in problems]
