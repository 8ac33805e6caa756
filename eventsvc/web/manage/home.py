"""The start page, the event dashboard and the event form (new events: admins only)."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...auth import permissions as can
from ...events.models import Event, Forum
from ...events.services import create_event
from ...events.updates import update_event
from ...extensions import db
from .access import event_or_404, require, user
from .blueprint import bp
from .editing import attempt, saved, status
from .forms import EventForm, fill_text, text_map


@bp.get("/")
def index():
    """What this user may manage: every event for an admin, else the events of their grants."""
    ids = can.manageable_event_ids(user())
    query = select(Event).order_by(Event.start_date.desc(), Event.id)
    if ids is not None:
        query = query.where(Event.id.in_(ids))
    return render_template(
        "manage/index.html",
        events=db.session.scalars(query).all(),
        may_create=can.can_create_event(user()),
    )


@bp.get("/events/<slug>/")
def event(slug: str):
    event = event_or_404(slug, can.can_read_drafts)
    forums = db.session.scalars(
        select(Forum).where(Forum.event_id == event.id).order_by(Forum.position, Forum.id)
    ).all()
    actor = user()
    return render_template(
        "manage/event.html",
        event=event,
        forums=forums,
        manageable={f.id for f in forums if can.can_manage_forum(actor, event.id, f.id)},
        organizes=can.organizes_event(actor, event.id),
        manages_speakers=can.can_manage_speakers(actor, event.id),
        may_publish=can.can_publish(actor, event.id),
        audit_url=url_for("manage.audit", slug=event.slug),
    )


def _event_data(form: EventForm, before: Event | None) -> dict:
    return {
        "slug": form.slug.data,
        "name": text_map(form, "name", before.name if before else None),
        "timezone": form.timezone.data,
        "start_date": form.start_date.data,
        "end_date": form.end_date.data,
        "venue": text_map(form, "venue", before.venue if before else None),
    }


@bp.route("/events/new", methods=["GET", "POST"])
def event_new():
    require(can.can_create_event(user()))
    form = EventForm()
    data = {"default_language": "en", "languages": ["en", "zh"]}
    if form.validate_on_submit() and (
        created := attempt(
            form, lambda: create_event({**data, **_event_data(form, None)}, actor=user())
        )
    ):
        saved(_("Event created."))
        return redirect(url_for("manage.event", slug=created.slug))
    return render_template("manage/form.html", form=form, title=_("New event")), status(form)


@bp.route("/events/<slug>/edit", methods=["GET", "POST"])
def event_edit(slug: str):
    event = event_or_404(slug, can.organizes_event)
    form = EventForm()
    if not form.is_submitted():
        form = EventForm(obj=event, version=event.version)
        fill_text(form, "name", event.name)
        fill_text(form, "venue", event.venue)
    elif form.validate() and attempt(
        form, lambda: update_event(event, _event_data(form, event), actor=user()), obj=event
    ):
        saved(_("Event saved."))
        return redirect(url_for("manage.event", slug=event.slug))
    page = render_template("manage/form.html", form=form, event=event, title=_("Edit event"))
    return page, status(form)
