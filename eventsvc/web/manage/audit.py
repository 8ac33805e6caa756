"""The audit trail of an event: who changed which session, speaker or release, and when."""

from __future__ import annotations

from flask import render_template, request
from sqlalchemy import func, select

from ...audit.models import AuditEntry
from ...auth import permissions as can
from ...extensions import db
from .access import event_or_404
from .blueprint import bp

PER_PAGE = 100


@bp.get("/events/<slug>/audit")
def audit(slug: str):
    """Newest first, a hundred a page: three queries whatever the trail's length."""
    event = event_or_404(slug, can.can_read_drafts)
    page = max(request.args.get("page", 1, type=int), 1)
    where = AuditEntry.event_id == event.id
    entries = db.session.scalars(
        select(AuditEntry)
        .where(where)
        .order_by(AuditEntry.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    ).all()
    total = db.session.scalar(select(func.count()).select_from(AuditEntry).where(where))
    return render_template(
        "manage/audit.html",
        event=event,
        entries=entries,
        page=page,
        more=page * PER_PAGE < total,
        total=total,
    )
