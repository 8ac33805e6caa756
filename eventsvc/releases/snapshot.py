"""Freeze an event's working agenda into the snapshot a release holds.

The snapshot holds everything a public reader may see, in every language, and nothing
private (speakers' email and phone never enter it). A speaker who declined or withdrew, or
whom staff marked not public, is left out with their appearances (see is_public()).
Its shape (format 1):

    {"format": 1, "event": {...}, "organizations": [...], "forums": [...], "rooms": [...],
     "speakers": [...], "sessions": [...]}

Records refer to each other by id; sessions are identified by uid. Times are UTC instants
in ISO 8601 ("2024-04-29T01:00:00Z"); the event carries its IANA zone.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Row, select

from ..db import utc_iso as iso
from ..events.models import Event, Forum, Organization, OrganizationRole, Room
from ..extensions import db
from ..sessions.models import Appearance, Talk
from ..speakers.models import ABSENT, Registration, Speaker

FORMAT = 1


def is_public(speaker: Speaker) -> bool:
    """Whether a speaker may be seen: not declined or withdrawn, not marked not public."""
    return _shows(speaker.public, speaker.registration)


def _shows(public: bool, registration: Registration) -> bool:
    return public and registration not in ABSENT


def visibility(event: Event) -> tuple[set[int], set[int]]:
    """The ids of the event's speakers that is_public() shows, and of those it withholds: one
    query of three columns."""
    c = Speaker.__table__.c
    shown: set[int] = set()
    withheld: set[int] = set()
    rows = db.session.execute(select(c.id, c.public, c.registration).where(c.event_id == event.id))
    for id_, public, registration in rows:
        (shown if _shows(public, registration) else withheld).add(id_)
    return shown, withheld


def withheld(event: Event) -> set[int]:
    """The ids of the event's speakers is_public() keeps out of a release: one query."""
    return visibility(event)[1]


def build(event: Event) -> dict:
    """The public agenda of event as it stands in the working tables: seven queries in all."""
    org_roles = db.session.scalars(
        select(OrganizationRole)
        .where(OrganizationRole.event_id == event.id)
        .order_by(OrganizationRole.forum_id, OrganizationRole.position, OrganizationRole.id)
    ).all()
    speakers = [
        s
        for s in db.session.scalars(
            select(Speaker).where(Speaker.event_id == event.id).order_by(Speaker.id)
        )
        if is_public(s)
    ]
    sessions = build_sessions(event, {s.id for s in speakers})
    return {
        "format": FORMAT,
        "event": _event(event, [r for r in org_roles if r.forum_id is None]),
        "organizations": [
            _organization(o)
            for o in db.session.scalars(
                select(Organization)
                .where(Organization.event_id == event.id)
                .order_by(Organization.id)
            )
        ],
        "forums": [
            _forum(f, [r for r in org_roles if r.forum_id == f.id])
            for f in db.session.scalars(
                select(Forum).where(Forum.event_id == event.id).order_by(Forum.position, Forum.id)
            )
        ],
        "rooms": [
            _room(r)
            for r in db.session.scalars(
                select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)
            )
        ],
        "speakers": public_speakers([_speaker(s) for s in speakers], sessions),
        "sessions": sessions,
    }


def public_speakers(speakers: list[dict], sessions: list[dict]) -> list[dict]:
    """Of the speakers is_public() lets through, those a release may show.

    A speaker is public only while they appear in a session of the release. A cancelled
    session counts (its page and the speaker's say "cancelled"); a speaker registered for
    no session yet is nobody's business. publish() applies this to every release, a
    forum's included, after the forum's part is merged in.
    """
    appearing = {a["speaker"] for talk in sessions for a in talk["speakers"]}
    return [s for s in speakers if s["id"] in appearing]


def _roles(roles: list[OrganizationRole]) -> list[dict]:
    return [{"organization": r.organization_id, "role": r.role.value} for r in roles]


def _event(e: Event, roles: list[OrganizationRole]) -> dict:
    return {
        "id": e.id,
        "slug": e.slug,
        "name": e.name,
        "default_language": e.default_language,
        "languages": list(e.languages),
        "timezone": e.timezone,
        "start_date": e.start_date.isoformat(),
        "end_date": e.end_date.isoformat(),
        "venue": e.venue,
        "description": e.description,
        "organizations": _roles(roles),
    }


def _organization(o: Organization) -> dict:
    return {
        "id": o.id,
        "slug": o.slug,
        "name": o.name,
        "short_name": o.short_name,
        "country": o.country,
        "website": o.website,
    }


def _forum(f: Forum, roles: list[OrganizationRole]) -> dict:
    return {
        "id": f.id,
        "slug": f.slug,
        "name": f.name,
        "theme": f.theme,
        "description": f.description,
        "start_date": f.start_date.isoformat() if f.start_date else None,
        "end_date": f.end_date.isoformat() if f.end_date else None,
        "venue": f.venue,
        "organizations": _roles(roles),
    }


def _room(r: Room) -> dict:
    return {"id": r.id, "slug": r.slug, "name": r.name, "venue": r.venue, "capacity": r.capacity}


def _speaker(s: Speaker) -> dict:
    return {
        "id": s.id,
        "slug": s.slug,
        "sort_name": s.sort_name,
        "names": [
            {
                "script": n.script,
                "family": n.family,
                "given": n.given,
                "family_first": n.family_first,
            }
            for n in s.names
        ],
        "honorific": s.honorific,
        "title": s.title,
        "affiliation": s.affiliation,
        "organization": s.organization_id,
        "country": s.country,
        "bio": s.bio,
        "photo_url": s.photo_url,
        "precedence": s.precedence,
    }


def build_sessions(event: Event, shown: set[int]) -> list[dict]:
    """The event's sessions as a release holds them, with the speakers whose ids are in shown:
    two queries of plain rows, no ORM objects (a publish preview builds them on every view)."""
    t, a = Talk.__table__.c, Appearance.__table__.c
    lineups: defaultdict[int, list[dict]] = defaultdict(list)
    for row in db.session.execute(
        select(a.session_id, a.speaker_id, a.role, a.title, a.affiliation)
        .join_from(Appearance.__table__, Talk.__table__, t.id == a.session_id)
        .where(t.event_id == event.id)
        .order_by(a.session_id, a.position, a.id)
    ):
        if row.speaker_id in shown:
            lineups[row.session_id].append(_appearance(row))
    rows = db.session.execute(
        select(*(t[name] for name in _SESSION_COLUMNS))
        .where(t.event_id == event.id)
        .order_by(t.start_at, t.id)
    )
    return [_session(row, lineups[row.id]) for row in rows]


_SESSION_COLUMNS = (
    "uid",
    "id",
    "forum_id",
    "title",
    "kind",
    "description",
    "start_at",
    "end_at",
    "room_id",
    "status",
    "language",
    "subtitle",
    "details",
    "do_not_record",
    "links",
    "origin_url",
    "type_name",
)


def _session(t: Row, speakers: list[dict]) -> dict:
    return {
        "uid": t.uid,
        "id": t.id,
        "forum": t.forum_id,
        "title": t.title,
        "kind": t.kind.value,
        "description": t.description,
        "start": iso(t.start_at),
        "end": iso(t.end_at),
        "room": t.room_id,
        "status": t.status.value,
        "language": t.language,
        "speakers": speakers,
        **_interchange(t),
    }


def _interchange(t: Row) -> dict:
    """What schedule files carry beyond our fields, present only where set: a release of
    sessions without any reads as before, so its changelog shows no change."""
    fields = {
        "subtitle": t.subtitle,
        "details": t.details,
        "do_not_record": t.do_not_record or None,
        "links": t.links,
        "origin_url": t.origin_url,
        "type_name": t.type_name,
    }
    kept = {k: v for k, v in fields.items() if v}
    return {"interchange": kept} if kept else {}


def _appearance(a: Row) -> dict:
    return {
        "speaker": a.speaker_id,
        "role": a.role.value,
        "title": a.title,
        "affiliation": a.affiliation,
    }
