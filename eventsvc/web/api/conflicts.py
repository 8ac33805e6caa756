"""GET /api/v1/events/{event}/conflicts: the working agenda's conflicts (drafts scope)."""

from __future__ import annotations

from flask import jsonify
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ...auth.permissions import can_read_drafts
from ...events.models import Event
from ...releases.models import ConflictAcceptance
from ...releases.publish import accepted_conflicts
from ...releases.snapshot import iso
from ...sessions.conflicts import AgendaConflict, conflicts_of, find_conflicts
from ...sessions.models import Talk
from .access import event_for

bp = Blueprint(
    "api_conflicts",
    __name__,
    url_prefix="/api/v1/events",
    description="Conflicts in the working agenda, all forums together",
)


@bp.route("/<slug>/conflicts")
@bp.doc(
    security=[{"bearer": []}],
    responses={
        200: {
            "description": "conflicts, blocking ones first: {blocking (not accepted), accepted, "
            "warnings, conflicts: [{key, kind, blocking, sessions, speaker, room, accepted, and "
            "when accepted: reason, accepted_by, accepted_at, release}]}"
        }
    },
)
def conflicts(slug: str):
    """The double bookings (which block publishing) and warnings of the working agenda."""
    event = event_for(slug, can_read_drafts)
    found = find_conflicts(event)
    accepted = {a.key: a for a in accepted_conflicts(event)}
    return jsonify(
        {
            "blocking": sum(1 for c in found if c.blocking and c.key not in accepted),
            "accepted": sum(1 for c in found if c.blocking and c.key in accepted),
            "warnings": sum(1 for c in found if not c.blocking),
            "conflicts": [conflict_json(c, accepted.get(c.key)) for c in found],
        }
    )


class ConflictOut(Schema):
    """One conflict, as GET .../conflicts lists them and a session's save answers them."""

    key = fields.String(metadata={"description": "stable while the same sessions clash"})
    kind = fields.String(
        metadata={
            "description": "speaker_double_booked, room_double_booked (these two block "
            "publishing), outside_event_dates, outside_forum_dates, no_room, no_speaker"
        }
    )
    blocking = fields.Boolean()
    sessions = fields.List(fields.String(), metadata={"description": "uids, in time order"})
    speaker = fields.String(allow_none=True)
    room = fields.String(allow_none=True)
    accepted = fields.Boolean()
    reason = fields.String(metadata={"description": "only when accepted"})
    accepted_by = fields.String(allow_none=True, metadata={"description": "only when accepted"})
    accepted_at = fields.String(metadata={"format": "date-time"})
    release = fields.Integer(metadata={"description": "the release that first accepted it"})


def session_conflicts(event: Event, talk: Talk) -> list[dict]:
    """The conflicts talk is part of, each as GET .../conflicts gives it."""
    accepted = {a.key: a for a in accepted_conflicts(event)}
    return [conflict_json(c, accepted.get(c.key)) for c in conflicts_of(event, talk)]


def conflict_json(conflict: AgendaConflict, acceptance: ConflictAcceptance | None) -> dict:
    answer = {
        "key": conflict.key,
        "kind": conflict.kind,
        "blocking": conflict.blocking,
        "sessions": [t.uid for t in conflict.talks],
        "speaker": conflict.speaker.slug if conflict.speaker else None,
        "room": conflict.room.slug if conflict.room else None,
        "accepted": acceptance is not None,
    }
    if acceptance is not None:
        answer.update(
            reason=acceptance.reason,
            accepted_by=acceptance.actor_email or None,
            accepted_at=iso(acceptance.accepted_at),
            release=acceptance.release.number,
        )
    return answer
