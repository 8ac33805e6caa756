"""Sessions of a forum, their speakers (role and order), and the event's working agenda
with its conflicts marked."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ...auth import permissions as can
from ...events.models import Event, Room
from ...extensions import db
from ...sessions.conflicts import find_conflicts
from ...sessions.lineup import remove_appearance, update_appearance
from ...sessions.models import Appearance, Talk
from ...sessions.services import add_appearance, create_session, update_session
from ...speakers.models import Speaker
from .access import child_or_404, event_or_404, require, talk_or_404, user
from .blueprint import bp
from .display import speaker_name
from .editing import attempt, saved, status
from .forms import AppearanceEditForm, AppearanceForm, ConfirmForm, SessionForm, fill_text, text_map
from .structure import _forum


def _talks(event: Event, *where):
    """Sessions with rooms, forums and speakers loaded: four queries for any number."""
    return (
        db.session.scalars(
            select(Talk)
            .where(Talk.event_id == event.id, *where)
            .options(
                joinedload(Talk.room),
                joinedload(Talk.forum),
                selectinload(Talk.appearances).joinedload(Appearance.speaker),
            )
            .order_by(Talk.start_at, Talk.id)
        )
        .unique()
        .all()
    )


@bp.get("/events/<slug>/forums/<forum>/")
def forum(slug: str, forum: str):
    event, forum = _forum(slug, forum)
    return render_template(
        "manage/forum.html",
        event=event,
        forum=forum,
        talks=_talks(event, Talk.forum_id == forum.id),
    )


@bp.get("/events/<slug>/agenda")
def agenda(slug: str):
    """Every session of the event by day, in the event's zone, each with its conflicts."""
    event = event_or_404(slug, can.can_read_drafts)
    talks = _talks(event)
    conflicts = find_conflicts(event)
    marks = defaultdict(list)
    for conflict in conflicts:
        for talk_id in conflict.session_ids:
            marks[talk_id].append(conflict)
    days = defaultdict(list)
    for talk in talks:
        days[talk.start_at.astimezone(event.zone).date()].append(talk)
    actor = user()
    return render_template(
        "manage/agenda.html",
        event=event,
        days=sorted(days.items()),
        marks=marks,
        conflicts=conflicts,
        zone=event.zone,
        manageable={
            f for f in {t.forum_id for t in talks} if can.can_manage_forum(actor, event.id, f)
        },
    )


def _local(instant: datetime, event: Event) -> datetime:
    return instant.astimezone(event.zone).replace(tzinfo=None)


def _session_form(event: Event, talk: Talk | None) -> SessionForm:
    form = SessionForm()
    if talk is not None and not form.is_submitted():
        # No obj=talk: WTForms would prefer talk.room (a Room) over the room slug given here.
        form = SessionForm(
            version=talk.version,
            start=_local(talk.start_at, event),
            end=_local(talk.end_at, event),
            room=talk.room.slug if talk.room else "",
            kind=talk.kind.value,
            status=talk.status.value,
            language=talk.language or "",
        )
        fill_text(form, "title", talk.title)
        fill_text(form, "description", talk.description)
    rooms = db.session.scalars(
        select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)
    )
    form.room.choices = [("", _("no room yet"))] + [(r.slug, r.slug) for r in rooms]
    return form


def _session_data(form: SessionForm, event: Event, talk: Talk | None) -> dict:
    room = child_or_404(Room, event, form.room.data) if form.room.data else None
    return {
        "title": text_map(form, "title", talk and talk.title),
        "description": text_map(form, "description", talk and talk.description),
        "kind": form.kind.data,
        "status": form.status.data,
        "language": form.language.data,
        "start": form.start.data,
        "end": form.end.data,
        "room": room,
    }


@bp.route("/events/<slug>/forums/<forum>/sessions/new", methods=["GET", "POST"])
def session_new(slug: str, forum: str):
    event, forum = _forum(slug, forum)
    form = _session_form(event, None)
    if form.validate_on_submit() and (
        talk := attempt(
            form, lambda: create_session(forum, _session_data(form, event, None), actor=user())
        )
    ):
        saved(_("Session created. Add its speakers below."))
        return redirect(url_for("manage.session_edit", slug=slug, uid=talk.uid))
    page = render_template("manage/form.html", form=form, event=event, title=_("New session"))
    return page, status(form)


def _talk(slug: str, uid: str) -> tuple[Event, Talk]:
    event = event_or_404(slug, can.can_read_drafts)
    talk = talk_or_404(event, uid)
    require(can.can_manage_forum(user(), event.id, talk.forum_id))
    return event, talk


@bp.route("/events/<slug>/sessions/<uid>/edit", methods=["GET", "POST"])
def session_edit(slug: str, uid: str):
    event, talk = _talk(slug, uid)
    form = _session_form(event, talk)
    if (
        form.is_submitted()
        and form.validate()
        and attempt(
            form,
            lambda: update_session(talk, _session_data(form, event, talk), actor=user()),
            obj=talk,
        )
    ):
        saved(_("Session saved."))
        return redirect(url_for("manage.session_edit", slug=slug, uid=uid))
    return _session_page(event, talk, form)


def _session_page(
    event: Event, talk: Talk, form: SessionForm, add_form: AppearanceForm | None = None
):
    speakers = db.session.scalars(
        select(Speaker).where(Speaker.event_id == event.id).order_by(Speaker.sort_name, Speaker.id)
    ).all()
    shown = status(form) if add_form is None else status(add_form)
    add_form = add_form or AppearanceForm(formdata=None)
    add_form.speaker.choices = [(s.slug, f"{speaker_name(s)} ({s.slug})") for s in speakers]
    return render_template(
        "manage/session.html",
        event=event,
        talk=talk,
        form=form,
        add_form=add_form,
        speakers={s.id: s for s in speakers},
        confirm=ConfirmForm(),
        edit_forms={
            a.id: AppearanceEditForm(formdata=None, obj=a, role=a.role.value, prefix=f"a{a.id}")
            for a in talk.appearances
        },
    ), shown


@bp.post("/events/<slug>/sessions/<uid>/appearances")
def appearance_add(slug: str, uid: str):
    event, talk = _talk(slug, uid)
    add_form = AppearanceForm()
    add_form.speaker.choices = [(add_form.speaker.data, add_form.speaker.data)]
    if add_form.validate_on_submit():
        speaker = child_or_404(Speaker, event, add_form.speaker.data)
        if attempt(
            add_form,
            lambda: add_appearance(
                talk, speaker, add_form.role.data, add_form.position.data, actor=user()
            ),
        ):
            saved(_("Speaker added."))
            return redirect(url_for("manage.session_edit", slug=slug, uid=uid))
    return _session_page(event, talk, _session_form(event, talk), add_form)


def _appearance(talk: Talk, appearance_id: int) -> Appearance:
    appearance = db.session.get(Appearance, appearance_id)
    if appearance is None or appearance.session_id != talk.id:
        abort(404)
    return appearance


@bp.post("/events/<slug>/sessions/<uid>/appearances/<int:appearance_id>")
def appearance_edit(slug: str, uid: str, appearance_id: int):
    _event, talk = _talk(slug, uid)
    appearance = _appearance(talk, appearance_id)
    form = AppearanceEditForm(prefix=f"a{appearance.id}")
    if not (
        form.validate_on_submit()
        and attempt(
            form,
            lambda: update_appearance(appearance, form.role.data, form.position.data, actor=user()),
        )
    ):
        abort(422, description=_("Choose a role and a position, 0 or more."))
    saved(_("Speaker's role and order saved."))
    return redirect(url_for("manage.session_edit", slug=slug, uid=uid))


@bp.post("/events/<slug>/sessions/<uid>/appearances/<int:appearance_id>/remove")
def appearance_remove(slug: str, uid: str, appearance_id: int):
    _event, talk = _talk(slug, uid)
    appearance = _appearance(talk, appearance_id)
    attempt(ConfirmForm(), lambda: remove_appearance(appearance, actor=user()))
    saved(_("Speaker removed from the session."))
    return redirect(url_for("manage.session_edit", slug=slug, uid=uid))
