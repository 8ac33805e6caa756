"""The check-in board of a day: the coming sessions by room, each speaker with their state,
checked in with one press (a form per speaker: no JavaScript), and the day's counts; the
day's speaker list in protocol order as CSV and .xlsx.

It reads the working tables: staff check in who is expected now, not what was published.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ...auth import permissions as can
from ...db import utcnow
from ...events.models import Event
from ...extensions import db
from ...sessions import times
from ...sessions.models import Appearance, SessionStatus, Talk
from ...speakers.csv_export import export_speakers, export_speakers_xlsx
from ...speakers.models import ABSENT, Speaker
from ...speakers.services import check_in
from ..formatting import hm
from .access import child_or_404, event_or_404, user
from .blueprint import bp
from .display import speaker_name
from .editing import saved
from .forms import REGISTRATION_LABELS, ConfirmForm


def _day(event: Event) -> date:
    """?day=YYYY-MM-DD; without it, today in the event's zone if the event is on, else the
    first day with a session (staff preparing the desk open the day that needs them), else
    the event's first day."""
    raw = request.args.get("day", "")
    if raw:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            abort(400, description=_("The day must be a date such as 2024-04-29."))
    today = utcnow().astimezone(_zone(event)).date()
    if event.start_date <= today <= event.end_date:
        return today
    first = db.session.scalar(
        select(func.min(Talk.start_at)).where(
            Talk.event_id == event.id, Talk.status != SessionStatus.CANCELLED
        )
    )
    return first.astimezone(_zone(event)).date() if first is not None else event.start_date


def _zone(event: Event) -> ZoneInfo:
    return ZoneInfo(event.timezone)


def _talks(event: Event, day: date) -> Sequence[Talk]:
    """The day's sessions that take place, with rooms, speakers and names: four queries."""
    start, end = times.day_bounds(day, event.zone)
    return db.session.scalars(
        select(Talk)
        .where(
            Talk.event_id == event.id,
            Talk.start_at >= start,
            Talk.start_at < end,
            Talk.status != SessionStatus.CANCELLED,
        )
        .options(
            joinedload(Talk.room),
            selectinload(Talk.appearances).joinedload(Appearance.speaker),
        )
        .order_by(Talk.start_at, Talk.id)
    ).all()


@bp.get("/events/<slug>/checkin")
def checkin(slug: str):
    event = event_or_404(slug, can.can_manage_speakers)
    day = _day(event)
    talks = _talks(event, day)
    now = utcnow()
    today = now.astimezone(_zone(event)).date() == day
    # Counted over the whole day; today, a session is listed only until it ends.
    people = {a.speaker.id: a.speaker for t in talks for a in t.appearances}
    expected = [s for s in people.values() if s.registration not in ABSENT]
    arrived = [s for s in expected if s.arrived_at is not None]
    rooms: dict = defaultdict(list)
    for talk in talks:
        if not today or talk.end_at > now:
            rooms[talk.room].append(talk)
    # Rooms in their order, then the sessions no room holds yet.
    ordered = sorted(rooms.items(), key=lambda i: (i[0] is None, i[0] and (i[0].position, i[0].id)))
    zone = _zone(event)
    return render_template(
        "manage/checkin.html",
        event=event,
        day=day,
        days=_days(event),
        rooms=ordered,
        arrived=len(arrived),
        expected=len(expected),
        form=ConfirmForm(),
        absent=ABSENT,
        states=REGISTRATION_LABELS,
        local=lambda moment: hm(moment.astimezone(zone)),
    )


def _days(event: Event) -> list[date]:
    span = (event.end_date - event.start_date).days + 1
    return [date.fromordinal(event.start_date.toordinal() + n) for n in range(max(span, 1))]


@bp.post("/events/<slug>/speakers/<speaker_slug>/checkin")
def speaker_checkin(slug: str, speaker_slug: str):
    event = event_or_404(slug, can.can_manage_speakers)
    found: Speaker = child_or_404(Speaker, event, speaker_slug)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400, description=_("The form expired; reload the board and press again."))
    arrived_before = found.arrived_at is not None
    check_in(found, event, utcnow(), actor=user())
    db.session.commit()
    if not arrived_before:
        saved(_("%(name)s checked in.", name=speaker_name(found)))
    day = request.args.get("day", "")
    lang = request.args.get("lang", "")
    target = url_for("manage.checkin", slug=slug, day=day or None, lang=lang or None)
    return redirect(f"{target}#speaker-{found.slug}")


def _export_day(event: Event) -> date | None:
    raw = request.args.get("day", "")
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(400, description=_("The day must be a date such as 2024-04-29."))


@bp.get("/events/<slug>/speakers/export.csv")
def speaker_export(slug: str):
    event = event_or_404(slug, can.can_manage_speakers)
    day = _export_day(event)
    return _download(export_speakers(event, day), "text/csv", _filename(event, day, "csv"))


@bp.get("/events/<slug>/speakers/export.xlsx")
def speaker_export_xlsx(slug: str):
    event = event_or_404(slug, can.can_manage_speakers)
    day = _export_day(event)
    return _download(
        export_speakers_xlsx(event, day),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _filename(event, day, "xlsx"),
    )


def _filename(event: Event, day: date | None, ext: str) -> str:
    return f"{event.slug}-speakers{'-' + day.isoformat() if day else ''}.{ext}"


def _download(body, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
