"""Writing sessions: create, edit (with their speakers, roles and order), delete; the draft read.

A session belongs to a forum: its organizers (and the event's) may write it. Moving a
session to another forum needs the right on both forums.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ...auth.permissions import can_manage_forum
from ...errors import NotFound
from ...events.models import Event, Forum, Room
from ...extensions import db
from ...sessions import services
from ...sessions.models import Appearance, AppearanceRole, SessionKind, SessionStatus, Talk
from ...speakers.models import Speaker
from .common import (
    ETAG,
    READ_ERRORS,
    WRITE_ERRORS,
    Text,
    actor,
    allow,
    check_if_match,
    committed,
    documented,
    in_scope,
    install_guards,
    length,
    referenced,
    tagged,
)
from .conflicts import ConflictOut, session_conflicts
from .working import SessionOut, session_json

blp = Blueprint("write-sessions", __name__, url_prefix="/api/v1", description="Writing sessions")
install_guards(blp)


class AppearanceIn(Schema):
    speaker = fields.String(
        required=True, validate=length("slug"), metadata={"description": "the speaker's slug"}
    )
    role = fields.String(validate=validate.OneOf([r.value for r in AppearanceRole]))
    title = Text(
        "title", allow_none=True, metadata={"description": "the title shown in this session"}
    )
    affiliation = Text("affiliation", allow_none=True)


_WINDOW = (
    "Within a week of the event: from 00:00 (event time) seven days before its first day to "
    "24:00 seven days after its last; 422 otherwise."
)


class SessionCreate(Schema):
    forum = fields.String(
        required=True, validate=length("slug"), metadata={"description": "the forum's slug"}
    )
    title = Text("title", required=True)
    kind = fields.String(validate=validate.OneOf([k.value for k in SessionKind]))
    description = Text("description", allow_none=True)
    start = fields.String(
        required=True,
        validate=length("instant"),
        metadata={
            "format": "date-time",
            "description": "ISO 8601; without an offset, in the event's time zone. " + _WINDOW,
        },
    )
    end = fields.String(
        required=True,
        validate=length("instant"),
        metadata={"format": "date-time", "description": "after start. " + _WINDOW},
    )
    room = fields.String(
        allow_none=True, validate=length("slug"), metadata={"description": "the room's slug"}
    )
    status = fields.String(validate=validate.OneOf([s.value for s in SessionStatus]))
    language = fields.String(allow_none=True, validate=length("language"))
    speakers = fields.List(
        fields.Nested(AppearanceIn),
        metadata={"description": "in order; on PATCH the list replaces the session's speakers"},
    )


class SessionPatch(SessionCreate):
    pass


class SessionSaved(SessionOut):
    conflicts = fields.List(
        fields.Nested(ConflictOut),
        metadata={
            "description": "the conflicts the session is part of after this save, blocking "
            "ones first (as GET .../conflicts gives them)"
        },
    )


def _saved(event: Event, talk: Talk) -> dict:
    # Conflicts first: their queries flush the save, so the body shows the new version.
    conflicts = session_conflicts(event, talk)
    return {**session_json(talk), "conflicts": conflicts}


def _talk(event: Event, uid: str) -> Talk:
    talk = db.session.scalar(
        select(Talk)
        .where(Talk.event_id == event.id, Talk.uid == uid)
        .options(selectinload(Talk.appearances).joinedload(Appearance.speaker))
    )
    if talk is None:
        raise NotFound(_l("no session %(uid)s in this event", uid=uid))
    return talk


def _resolve(event: Event, data: dict) -> dict:
    """Slugs in the body become the event's objects; an unknown one is a 422 on its field."""
    data = dict(data)
    if "forum" in data:
        data["forum"] = referenced(Forum, event, data["forum"], "forum")
    if "room" in data:
        data["room"] = referenced(Room, event, data["room"], "room")
    if "speakers" in data:
        data["speakers"] = [
            {**item, "speaker": referenced(Speaker, event, item["speaker"], "speakers")}
            for item in data["speakers"]
        ]
    return data


@blp.route("/events/<event>/sessions", methods=["POST"])
@blp.arguments(SessionCreate)
@blp.response(201, SessionSaved, headers=ETAG)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope()
def create_session(body, event: Event):
    """Add a session to a forum (organizers of that forum or of the event)."""
    data = _resolve(event, body)
    allow(can_manage_forum(actor(), event.id, data["forum"].id))
    talk = services.create_session(data["forum"], data, actor=actor())
    return tagged(
        _saved(event, talk),
        talk,
        201,
        Location=f"/api/v1/events/{event.slug}/draft/sessions/{talk.uid}",
    )


@blp.route("/events/<event>/draft/sessions/<uid>", methods=["GET"])
@blp.response(200, SessionOut, headers=ETAG)
@documented(blp, *READ_ERRORS)
@in_scope()
def draft_session(event: Event, uid):
    """The working copy of a session, with the ETag to send as If-Match (staff and organizers)."""
    talk = _talk(event, uid)
    return tagged(session_json(talk), talk)


@blp.route("/events/<event>/sessions/<uid>", methods=["PATCH"])
@blp.arguments(SessionPatch(partial=True))
@blp.response(200, SessionSaved, headers=ETAG)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope()
def update_session(body, event: Event, uid):
    """Change a session; If-Match with the draft's ETag guards against overwriting a newer edit."""
    talk = _talk(event, uid)
    allow(can_manage_forum(actor(), event.id, talk.forum_id))
    check_if_match(talk)
    data = _resolve(event, body)
    if "forum" in data:
        allow(can_manage_forum(actor(), event.id, data["forum"].id))
    services.update_session(talk, data, actor=actor())
    return tagged(_saved(event, talk), talk)


@blp.route("/events/<event>/sessions/<uid>", methods=["DELETE"])
@blp.response(204)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope()
def delete_session(event: Event, uid):
    """Remove a session from the working agenda (it leaves the public one at the next release)."""
    talk = _talk(event, uid)
    allow(can_manage_forum(actor(), event.id, talk.forum_id))
    check_if_match(talk)
    services.delete_session(talk, actor=actor())
    return "", 204
