"""The audit trail of an event, newest first (staff and organizers)."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import func, select

from ...audit.models import AuditEntry
from ...audit.services import ACTIONS, OBJECT_TYPES
from ...events.models import Event
from ...extensions import db
from .common import READ_ERRORS, documented, in_scope, install_guards
from .schemas import PageArgs

blp = Blueprint("audit", __name__, url_prefix="/api/v1", description="Who changed what, and when")
install_guards(blp)


class ChangeOut(Schema):
    field = fields.String()
    before = fields.Raw(allow_none=True)
    after = fields.Raw(allow_none=True)


class AuditEntryOut(Schema):
    at = fields.DateTime()
    actor = fields.String(
        attribute="actor_email", metadata={"description": "email; empty for the system"}
    )
    action = fields.String(metadata={"enum": list(ACTIONS)})
    object_type = fields.String(metadata={"enum": list(OBJECT_TYPES)})
    object_key = fields.String(
        metadata={
            "description": "a session's uid; an event's, forum's, room's, organization's or "
            "speaker's slug; a grant's, invitation's or organization role's id; a release's "
            "number; a conflict's key; an import's source (schedule, speakers)"
        }
    )
    label = fields.String()
    changes = fields.List(fields.Nested(ChangeOut))


class AuditPage(Schema):
    items = fields.List(fields.Nested(AuditEntryOut))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


@blp.route("/events/<event>/audit", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, AuditPage)
@documented(blp, *READ_ERRORS, 422)
@in_scope()
def audit_trail(args, event: Event):
    """Every change to the event and everything in it, newest first; ?page= and ?per_page=."""
    config = current_app.config
    per_page = min(args.get("per_page") or config["API_PER_PAGE"], config["API_MAX_PER_PAGE"])
    where = AuditEntry.event_id == event.id
    items = db.session.scalars(
        select(AuditEntry)
        .where(where)
        .order_by(AuditEntry.id.desc())
        .offset((args["page"] - 1) * per_page)
        .limit(per_page)
    ).all()
    total = db.session.scalar(select(func.count()).select_from(AuditEntry).where(where))
    return {"items": items, "page": args["page"], "per_page": per_page, "total": total}
