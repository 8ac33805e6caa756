"""The working copy (what organizers edit) as the API shows it, and its schemas.

Public reads come from releases (the public helper's endpoints); these answer the write
endpoints and the /draft/ reads that give the ETag for If-Match.
"""

from __future__ import annotations

from marshmallow import Schema, fields

from ...events.models import Event, Forum, Organization, OrganizationRole, Room
from ...releases.snapshot import iso
from ...sessions.models import Talk
from ...speakers.models import Speaker


def _text(**kw):
    return fields.Dict(keys=fields.String(), values=fields.String(), allow_none=True, metadata=kw)


class EventOut(Schema):
    slug = fields.String()
    name = _text()
    default_language = fields.String()
    languages = fields.List(fields.String())
    timezone = fields.String()
    start_date = fields.Date()
    end_date = fields.Date()
    venue = _text()
    description = _text()
    version = fields.Integer()


class OrgRoleOut(Schema):
    organization = fields.String()
    role = fields.String()
    position = fields.Integer()


class ForumOut(Schema):
    slug = fields.String()
    name = _text()
    theme = _text()
    description = _text()
    venue = _text()
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    position = fields.Integer()
    version = fields.Integer()


class RoomOut(Schema):
    slug = fields.String()
    name = _text()
    venue = _text()
    capacity = fields.Integer(allow_none=True)
    position = fields.Integer()
    version = fields.Integer()


class OrganizationOut(Schema):
    slug = fields.String()
    name = _text()
    short_name = _text()
    country = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    version = fields.Integer()


class NameOut(Schema):
    script = fields.String()
    family = fields.String()
    given = fields.String()
    family_first = fields.Boolean()


class SpeakerOut(Schema):
    slug = fields.String()
    names = fields.List(fields.Nested(NameOut))
    honorific = _text()
    title = _text()
    affiliation = _text()
    organization = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    bio = _text()
    photo_url = fields.String(allow_none=True)
    email = fields.String(
        allow_none=True, metadata={"description": "private: staff and organizers only"}
    )
    phone = fields.String(
        allow_none=True, metadata={"description": "private: staff and organizers only"}
    )
    precedence = fields.Integer(allow_none=True)
    language = fields.String(allow_none=True, metadata={"description": "of the notices"})
    registration = fields.String(
        metadata={"description": "invited, confirmed, declined or withdrawn"}
    )
    public = fields.Boolean(metadata={"description": "false: on no public page, whatever"})
    arrived_at = fields.DateTime(allow_none=True)
    version = fields.Integer()


class AppearanceOut(Schema):
    speaker = fields.String()
    role = fields.String()
    title = _text()
    affiliation = _text()


class SessionOut(Schema):
    uid = fields.String()
    forum = fields.String()
    title = _text()
    kind = fields.String()
    description = _text()
    start = fields.String(metadata={"format": "date-time"})
    end = fields.String(metadata={"format": "date-time"})
    room = fields.String(allow_none=True)
    status = fields.String()
    language = fields.String(allow_none=True)
    speakers = fields.List(fields.Nested(AppearanceOut))
    version = fields.Integer()


def event_json(e: Event) -> dict:
    return {
        "slug": e.slug,
        "name": e.name,
        "default_language": e.default_language,
        "languages": list(e.languages),
        "timezone": e.timezone,
        "start_date": e.start_date,
        "end_date": e.end_date,
        "venue": e.venue,
        "description": e.description,
        "version": e.version,
    }


def org_role_json(link: OrganizationRole) -> dict:
    return {
        "organization": link.organization.slug,
        "role": link.role.value,
        "position": link.position,
    }


def forum_json(f: Forum) -> dict:
    return {
        "slug": f.slug,
        "name": f.name,
        "theme": f.theme,
        "description": f.description,
        "venue": f.venue,
        "start_date": f.start_date,
        "end_date": f.end_date,
        "position": f.position,
        "version": f.version,
    }


def room_json(r: Room) -> dict:
    return {
        "slug": r.slug,
        "name": r.name,
        "venue": r.venue,
        "capacity": r.capacity,
        "position": r.position,
        "version": r.version,
    }


def organization_json(o: Organization) -> dict:
    return {
        "slug": o.slug,
        "name": o.name,
        "short_name": o.short_name,
        "country": o.country,
        "website": o.website,
        "version": o.version,
    }


def speaker_json(s: Speaker) -> dict:
    return {
        "slug": s.slug,
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
        "organization": s.organization.slug if s.organization else None,
        "country": s.country,
        "bio": s.bio,
        "photo_url": s.photo_url,
        "email": s.email,
        "phone": s.phone,
        "precedence": s.precedence,
        "language": s.language,
        "registration": s.registration.value,
        "public": s.public,
        "arrived_at": s.arrived_at,
        "version": s.version,
    }


def session_json(t: Talk) -> dict:
    return {
        "uid": t.uid,
        "forum": t.forum.slug,
        "title": t.title,
        "kind": t.kind.value,
        "description": t.description,
        "start": iso(t.start_at),
        "end": iso(t.end_at),
        "room": t.room.slug if t.room else None,
        "status": t.status.value,
        "language": t.language,
        "speakers": [
            {
                "speaker": a.speaker.slug,
                "role": a.role.value,
                "title": a.title,
                "affiliation": a.affiliation,
            }
            for a in t.appearances
        ],
        "version": t.version,
    }
