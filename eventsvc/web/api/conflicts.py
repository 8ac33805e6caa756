"""GET /api/v1/events/{event}/conflicts: the working agenda's conflicts (drafts scope)."""

from __future__ import annotations

from flask import jsonify
from flask_smorest import Blueprint

from ...auth.permissions import can_read_drafts
from ...sessions.conflicts import AgendaConflict, find_conflicts
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
            "description": "conflicts, blocking ones first: {blocking, warnings, conflicts: [...]}"
        }
    },
)
def conflicts(slug: str):
    """The double bookings (which block publishing) and warnings of the working agenda."""
    found = find_conflicts(event_for(slug, can_read_drafts))
    return jsonify(
        {
            "blocking": sum(1 for c in found if c.blocking),
            "warnings": sum(1 for c in found if not c.blocking),
            "conflicts": [_conflict(c) for c in found],
        }
    )


def _conflict(conflict: AgendaConflict) -> dict:
    first = conflict.talks[0]
    return {
        "kind": conflict.kind,
        "blocking": conflict.blocking,
        "sessions": [t.uid for t in conflict.talks],
        "speaker": conflict.speaker.slug if conflict.speaker else None,
        "room": first.room.slug if conflict.kind == "room_double_booked" else None,
    }
