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

`find_conflicts(event)` costs five queries whatever the event's size.
`check_publishable(event, forum, accept, reason)` is what every publish path (the /manage
pages, the API, `eventsvc publish`) calls before releases.publish.publish: it raises
errors.Conflict (409) while blocking conflicts remain that are neither accepted before nor
named in accept.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload, lazyload

from .. import errors
from ..events.models import Event, Forum, Room
from ..extensions import db
from ..i18n import pick
from ..releases.models import ConflictAcceptance
from ..speakers.models import Speaker
from ..speakers.services import display_latin
from .loading import with_lineups
from .models import SessionKind, SessionStatus, Talk

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
    talks = with_lineups(
        db.session.scalars(
            select(Talk)
            .where(Talk.event_id == event.id, Talk.status != SessionStatus.CANCELLED)
            .options(joinedload(Talk.room), lazyload(Talk.appearances), defer(Talk.description))
            .order_by(Talk.start_at, Talk.id)
        ).all()
    )
    found = _speaker_clashes(talks) + _room_clashes(talks)
    for talk in talks:
        found.extend(_own_problems(talk, event, forums[talk.forum_id]))
    return sorted(found, key=lambda c: (not c.blocking, c.talks[0].start_at, c.session_ids, c.kind))


def blocking_conflicts(event: Event) -> list[AgendaConflict]:
    return [c for c in find_conflicts(event) if c.blocking]


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
            "say why the conflicts are accepted", {"accept_reason": "required to accept conflicts"}
        )
    unknown = sorted(accept - by_key.keys())
    if unknown:
        raise errors.ValidationError(
            "only blocking conflicts of what is published can be accepted",
            {"accept_conflicts": "not a blocking conflict here: " + ", ".join(unknown)},
        )
    before = accepted_keys(event)
    open_ = [c for c in blocking if c.key not in before and c.key not in accept]
    if open_:
        raise errors.Conflict(
            f"{len(open_)} conflict(s) block publishing: resolve the double bookings first, "
            "or accept them with a reason",
            {
                "conflicts": ", ".join(sorted({c.kind for c in open_})),
                "keys": ", ".join(c.key for c in open_),
            },
            code="blocking_conflicts",
        )
    return [c for c in blocking if c.key in accept and c.key not in before]


def _overlapping_pairs(talks: Sequence[Talk]):
    """Pairs of talks (already in start order) whose times overlap."""
    open_talks: list[Talk] = []
    for talk in talks:
        open_talks = [t for t in open_talks if t.end_at > talk.start_at]
        for earlier in open_talks:
            yield earlier, talk
        open_talks.append(talk)


def _speaker_clashes(talks: Sequence[Talk]) -> list[AgendaConflict]:
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


def _room_clashes(talks: Sequence[Talk]) -> list[AgendaConflict]:
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
