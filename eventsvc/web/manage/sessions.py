"""The session form: a session's fields and its speakers (role and order) in one form, saved
in one transaction. A saved session's page lists its conflicts (a save comes back to it).

The speaker picker is part of the form and works without JavaScript: "Find" sends the form
back with a search, and the page comes back with the speakers that match (leaving out those
already chosen) and the fields as typed; each "Add" and "Remove" does the same, changing the
list of speakers. Nothing is written until "Save". static/lineup.js does the same in the
page, asking /speakers/find as the organizer types.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ...auth import permissions as can
from ...events.models import Event, Forum, Room
from ...extensions import db
from ...releases.publish import accepted_conflicts
from ...sessions.conflicts import conflicts_of
from ...sessions.models import Talk
from ...sessions.services import create_session, update_session
from ...speakers.models import Speaker
from ...speakers.search import find_speakers
from ..labels import SPEAKER_ROLES
from .access import child_or_404, event_or_404, require, talk_or_404, user
from .blueprint import bp, pick_text
from .display import speaker_name
from .editing import attempt, saved, status
from .forms import SessionForm, fill_text, text_map
from .structure import _forum

CANDIDATES = 20  # speakers offered at once; typing more narrows the list
LAST = 10**6  # a row without an order goes after the numbered ones


def local(instant: datetime, event: Event) -> datetime:
    return instant.astimezone(event.zone).replace(tzinfo=None)


def forum_day(event: Event, forum: Forum) -> date:
    return forum.start_date or event.start_date


def room_choices(event: Event) -> list[tuple[str, str]]:
    rooms = db.session.scalars(
        select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)
    )
    return [("", _("no room yet"))] + [(r.slug, pick_text(r.name) or r.slug) for r in rooms]


def _new_form(event: Event, forum: Forum) -> SessionForm:
    """The forum's first day, 09:00 to 10:00, unless the board asked for a time and a room."""
    start = datetime.combine(forum_day(event, forum), time(9))
    end = start + timedelta(hours=1)
    try:
        asked = datetime.fromisoformat(request.args["start"]).replace(tzinfo=None)
        start, end = asked, asked + timedelta(hours=1)
    except (KeyError, ValueError, OverflowError):  # OverflowError: an hour after 9999-12-31 23:00
        pass
    return SessionForm(start=start, end=end, room=request.args.get("room"))


def _edit_form(event: Event, talk: Talk) -> SessionForm:
    # No obj=talk: WTForms would prefer talk.room (a Room) over the room slug given here.
    form = SessionForm(
        version=talk.version,
        start=local(talk.start_at, event),
        end=local(talk.end_at, event),
        room=talk.room.slug if talk.room else "",
        kind=talk.kind.value,
        status=talk.status.value,
        language=talk.language or "",
        speakers=[
            {"speaker": a.speaker.slug, "role": a.role.value, "order": n}
            for n, a in enumerate(talk.appearances, start=1)
        ],
    )
    fill_text(form, "title", talk.title)
    fill_text(form, "description", talk.description)
    return form


def _in_order(form: SessionForm) -> list:
    """The rows by their order, then as listed."""
    rows = list(enumerate(form.speakers.entries))
    rows.sort(key=lambda pair: (pair[1].order.data or LAST, pair[0]))
    return [row for _n, row in rows]


def _picker_action(form: SessionForm) -> None:
    """Apply the picker's Add or Remove button, if one was pressed (Find needs nothing)."""
    if slug := request.form.get("add", "").strip():
        if slug not in {row.speaker.data for row in form.speakers}:
            form.speakers.append_entry({"speaker": slug, "order": len(form.speakers) + 1})
    elif (index := request.form.get("remove")) is not None:
        form.speakers.entries = [r for r in form.speakers.entries if r.id != f"speakers-{index}"]
    form.speakers.entries = _in_order(form)


def _chosen(event: Event, form: SessionForm) -> dict[str, Speaker]:
    slugs = [row.speaker.data for row in form.speakers]
    return {
        s.slug: s
        for s in db.session.scalars(
            select(Speaker).where(Speaker.event_id == event.id, Speaker.slug.in_(slugs))
        )
    }


def _session_data(form: SessionForm, event: Event, talk: Talk | None, chosen: dict) -> dict:
    room = child_or_404(Room, event, form.room.data) if form.room.data else None
    # A speaker kept on the session keeps the title and affiliation set for it (in the API).
    kept = {a.speaker_id: a for a in talk.appearances} if talk else {}
    lineup = []
    for row in _in_order(form):
        speaker = chosen[row.speaker.data]
        before = kept.get(speaker.id)
        lineup.append(
            {
                "speaker": speaker,
                "role": row.role.data,
                "title": before.title if before else None,
                "affiliation": before.affiliation if before else None,
            }
        )
    return {
        "title": text_map(form, "title", talk.title if talk else None),
        "description": text_map(form, "description", talk.description if talk else None),
        "kind": form.kind.data,
        "status": form.status.data,
        "language": form.language.data,
        "start": form.start.data,
        "end": form.end.data,
        "room": room,
        "speakers": lineup,
    }


def _all_known(form: SessionForm, chosen: dict) -> bool:
    unknown = [row.speaker.data for row in form.speakers if row.speaker.data not in chosen]
    if unknown:
        form.form_errors.append(
            _("No such speaker in this event: %(slugs)s.", slugs=", ".join(unknown))
        )
    return not unknown


def _save(form: SessionForm, event: Event, write, talk: Talk | None = None):
    """Validate and write in one transaction; the new or saved session, or None."""
    if "save" not in request.form:
        _picker_action(form)
        return None
    chosen = _chosen(event, form)
    if not (form.validate() and _all_known(form, chosen)):
        return None
    return attempt(form, lambda: write(_session_data(form, event, talk, chosen)), obj=talk)


def _conflicts(event: Event, talk: Talk | None) -> dict:
    """What the edit page shows of the session's conflicts: each with its acceptance, if any,
    and which of the other sessions involved this user may open."""
    found = conflicts_of(event, talk) if talk is not None else []
    accepted = {a.key: a for a in accepted_conflicts(event)} if found else {}
    actor = user()
    return {
        "conflicts": [(c, accepted.get(c.key)) for c in found],
        "editable": {
            t.id
            for c in found
            for t in c.talks
            if can.can_manage_forum(actor, event.id, t.forum_id)
        },
    }


def _page(event: Event, forum: Forum, form: SessionForm, talk: Talk | None, title: str):
    form.room.choices = room_choices(event)
    chosen = _chosen(event, form)
    candidates, total = find_speakers(event.id, form.find.data or "", chosen, CANDIDATES)
    page = render_template(
        "manage/session.html",
        event=event,
        forum=forum,
        talk=talk,
        form=form,
        title=title,
        **_conflicts(event, talk),
        chosen=chosen,
        candidates=candidates,
        more=total - len(candidates),
        roles=SPEAKER_ROLES,
        find_url=url_for("manage.speaker_find", slug=event.slug),
    )
    return page, status(form)


@bp.route("/events/<slug>/forums/<forum_slug>/sessions/new", methods=["GET", "POST"])
def session_new(slug: str, forum_slug: str):
    event, forum = _forum(slug, forum_slug)
    form = SessionForm() if request.method == "POST" else _new_form(event, forum)
    form.room.choices = room_choices(event)
    if request.method == "POST" and (
        talk := _save(form, event, lambda data: create_session(forum, data, actor=user()))
    ):
        saved(_("Session created."))
        return redirect(url_for("manage.session_edit", slug=slug, uid=talk.uid))
    return _page(event, forum, form, None, _("New session"))


def session_of(slug: str, uid: str) -> tuple[Event, Talk]:
    """The event and session, if the user manages the session's forum."""
    event = event_or_404(slug, can.can_read_drafts)
    talk = talk_or_404(event, uid)
    require(can.can_manage_forum(user(), event.id, talk.forum_id))
    return event, talk


@bp.route("/events/<slug>/sessions/<uid>/edit", methods=["GET", "POST"])
def session_edit(slug: str, uid: str):
    event, talk = session_of(slug, uid)
    form = SessionForm() if request.method == "POST" else _edit_form(event, talk)
    form.room.choices = room_choices(event)
    if request.method == "POST" and _save(
        form, event, lambda data: update_session(talk, data, actor=user()), talk
    ):
        saved(_("Session saved."))
        return redirect(url_for("manage.session_edit", slug=slug, uid=uid))
    return _page(event, talk.forum, form, talk, pick_text(talk.title))


@bp.get("/events/<slug>/speakers/find")
def speaker_find(slug: str):
    """The picker's search as JSON: ?q= and ?exclude= (slugs already chosen), as the form does."""
    event = event_or_404(slug, can.can_read_drafts)
    found, total = find_speakers(
        event.id, request.args.get("q", ""), request.args.getlist("exclude"), CANDIDATES
    )
    return jsonify(
        speakers=[
            {
                "slug": s.slug,
                "name": speaker_name(s),
                "affiliation": pick_text(s.affiliation),
            }
            for s in found
        ],
        more=total - len(found),
        more_text=_(
            "%(n)d more match: type more of a name to narrow the list.", n=total - len(found)
        ),
    )
