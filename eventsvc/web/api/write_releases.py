"""Publishing: POST a release of the whole event, or of one forum (what a forum organizer may)."""

from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ...auth.permissions import can_publish
from ...events.models import Event, Forum
from ...releases.publish import publish
from ...releases.snapshot import iso
from ...sessions.conflicts import check_publishable
from . import schemas
from .common import (
    WRITE_ERRORS,
    Text,
    actor,
    allow,
    committed,
    documented,
    in_scope,
    install_guards,
    length,
    referenced,
)

blp = Blueprint("write-releases", __name__, url_prefix="/api/v1", description="Publishing releases")
install_guards(blp)


class ReleaseCreate(Schema):
    comment = Text(
        "comment",
        allow_none=True,
        metadata={"description": "shown on the changes page: a string or a language map"},
    )
    forum = fields.String(
        allow_none=True,
        validate=length("slug"),
        metadata={
            "description": "a forum's slug: publish only that forum's part (the rest stays as "
            "in the previous release); absent or null: the whole event"
        },
    )
    accept_conflicts = fields.List(
        fields.String(validate=validate.Length(min=1, max=64)),
        validate=validate.Length(max=500),
        metadata={
            "description": "keys of blocking conflicts (GET .../conflicts) to publish past, "
            "accepted for accept_reason; accepted ones stay accepted for later releases"
        },
    )
    accept_reason = fields.String(
        validate=length("reason"),
        metadata={"description": "why the conflicts are accepted; required with accept_conflicts"},
    )


class ReleaseOut(Schema):
    number = fields.Integer()
    published_at = fields.String(metadata={"format": "date-time"})
    comment = schemas.Text()
    digest = fields.String()
    forum = fields.String(allow_none=True)
    changelog = fields.List(fields.Dict())
    accepted_conflicts = fields.List(
        fields.String(), metadata={"description": "keys of the conflicts this release accepted"}
    )


@blp.route("/events/<event>/releases", methods=["POST"])
@blp.arguments(ReleaseCreate)
@blp.response(201, ReleaseOut)
@documented(blp, *WRITE_ERRORS)
@committed
@in_scope()
def create_release(body, event: Event):
    """Publish the working agenda as the next release, with a changelog against the previous one.

    409 (code blocking_conflicts) while a speaker or a room is double-booked (for a forum's
    release: by one of that forum's sessions) and the conflict is neither accepted before nor
    named in accept_conflicts; GET .../conflicts lists them with their keys."""
    forum = referenced(Forum, event, body.get("forum"), "forum")
    allow(can_publish(actor(), event.id, forum.id if forum else None))
    accept = frozenset(body.get("accept_conflicts", ()))
    reason = body.get("accept_reason", "")
    accepted = check_publishable(event, forum, accept, reason)
    release = publish(
        event,
        actor(),
        body.get("comment", ""),
        forum,
        accept_conflicts=accept,
        accept_reason=reason,
    )
    return {
        "number": release.number,
        "published_at": iso(release.published_at),
        "comment": release.comment,
        "digest": release.digest,
        "forum": forum.slug if forum else None,
        "changelog": release.changelog,
        "accepted_conflicts": [c.key for c in accepted],
    }, 201
