"""What the service mailed about an event, to whom, and whether it went out."""

from __future__ import annotations

from flask import render_template, request
from sqlalchemy import func, select

from ...auth import permissions as can
from ...extensions import db
from ...mail.models import OutgoingMessage
from .access import event_or_404
from .blueprint import bp

PAGE = 200


@bp.get("/events/<slug>/mail")
def outbox(slug: str):
    event = event_or_404(slug, can.can_manage_speakers)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    total = db.session.scalars(
        select(func.count())
        .select_from(OutgoingMessage)
        .where(OutgoingMessage.event_id == event.id)
    ).one()
    # Newest first; the message bytes stay in the database (a page of subjects is enough).
    messages = db.session.execute(
        select(
            OutgoingMessage.created_at,
            OutgoingMessage.kind,
            OutgoingMessage.recipient,
            OutgoingMessage.subject,
            OutgoingMessage.status,
            OutgoingMessage.attempts,
            OutgoingMessage.sent_at,
            OutgoingMessage.last_error,
        )
        .where(OutgoingMessage.event_id == event.id)
        .order_by(OutgoingMessage.created_at.desc(), OutgoingMessage.id.desc())
        .limit(PAGE)
        .offset((page - 1) * PAGE)
    ).all()
    return render_template(
        "manage/outbox.html",
        event=event,
        messages=messages,
        total=total,
        page=page,
        pages=max((total + PAGE - 1) // PAGE, 1),
    )
