"""The audit trail of an event: who changed what, when, and each field as old -> new."""

from __future__ import annotations

from datetime import datetime

from flask import abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from ...audit.models import AuditEntry
from ...auth import permissions as can
from ...events.models import Event
from ...extensions import db
from ...zones import zone_name
from .access import event_or_404
from .audit_reading import KINDS, read
from .blueprint import bp

PER_PAGE = 50
# The person filter's value for the entries no account made (the system, a data migration).
NO_ONE = "-"


@bp.get("/events/<slug>/audit")
def audit(slug: str):
    """Newest first, fifty a page, narrowed by ?kind= and ?person=: the same number of
    queries whatever the trail's length (tests/web/manage/test_audit_page.py counts them)."""
    event = event_or_404(slug, can.can_read_drafts)
    kind = request.args.get("kind") or None
    if kind is not None and kind not in KINDS:
        abort(400, description=_("There is no such kind of object in the audit trail."))
    person = request.args.get("person") or None
    page = max(request.args.get("page", 1, type=int), 1)
    where = [AuditEntry.event_id == event.id]
    if kind is not None:
        where.append(AuditEntry.object_type == kind)
    if person is not None:
        where.append(AuditEntry.actor_email == ("" if person == NO_ONE else person))
    entries = db.session.scalars(
        select(AuditEntry)
        .where(*where)
        .order_by(AuditEntry.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    ).all()
    total = db.session.scalar(select(func.count()).select_from(AuditEntry).where(*where)) or 0
    people = db.session.scalars(
        select(AuditEntry.actor_email)
        .where(AuditEntry.event_id == event.id)
        .distinct()
        .order_by(AuditEntry.actor_email)
    ).all()
    return render_template(
        "manage/audit.html",
        event=event,
        rows=read(list(entries), event, str(get_locale())),
        kinds=KINDS,
        kind=kind,
        people=people,
        person=person,
        no_one=NO_ONE,
        zone=zone_label(event, str(get_locale())),
        page=page,
        more=page * PER_PAGE < total,
        total=total,
    )


def zone_label(event: Event, lang: str) -> str:
    """ "Asia/Shanghai (UTC+08:00)", or 北京时间（UTC+08:00）: the offset on the first day."""
    offset = datetime(*event.start_date.timetuple()[:3], 12, tzinfo=event.zone).strftime("%z")
    name, utc = zone_name(event.timezone, lang), f"UTC{offset[:3]}:{offset[3:]}"
    return f"{name}（{utc}）" if lang.startswith("zh") else f"{name} ({utc})"
