"""The .ics routes of the contract and the star button: thin wrappers over the agenda layer."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, current_app, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...agenda import feed_times, feeds, ical, personal
from ...agenda.current import agenda_for, current_release
from ...auth.permissions import can_star
from ...errors import NotFound
from ...extensions import db
from ...sessions import stars
from ..conditional import respond
from ..lang import request_language
from ..published import published_agenda
from ..redirects import safe_next
from .starring import starring

bp = Blueprint("feeds", __name__)
bp.add_app_template_global(starring)

MIMETYPE = "text/calendar"  # Flask adds "; charset=utf-8" to text/* types


def options() -> ical.Options:
    return feed_times.options()


def _public(event: str, kind: str, target: str | None = None) -> Response:
    ref, agenda = published_agenda(event)
    lang = feeds.feed_language(agenda, request_language)
    body = feeds.rendered(ref, kind, target, lang, options())
    return respond(body, MIMETYPE, public=True)


@bp.get("/events/<event>/calendar.ics")
def event_feed(event: str):
    return _public(event, "event")


@bp.get("/events/<event>/forums/<forum>/calendar.ics")
def forum_feed(event: str, forum: str):
    return _public(event, "forum", forum)


@bp.get("/events/<event>/rooms/<room>/calendar.ics")
def room_feed(event: str, room: str):
    return _public(event, "room", room)


@bp.get("/events/<event>/speakers/<speaker>/calendar.ics")
def speaker_feed(event: str, speaker: str):
    return _public(event, "speaker", speaker)


@bp.get("/events/<event>/sessions/<session_uid>.ics")
def session_feed(event: str, session_uid: str):
    return _public(event, "session", session_uid)


@bp.get("/feeds/<token>.ics")
def personal_feed(token: str):
    owner = personal.owner_of(token)
    if owner is None:
        raise NotFound(_l("no such feed (the link may have been replaced by a newer one)"))
    body = personal.rendered(owner, _personal_language(owner), options())
    return respond(body, MIMETYPE, public=False)


def _personal_language(owner: personal.Owner) -> str:
    agendas = personal.agendas(owner)
    available = [lang for agenda in agendas for lang in agenda.event["languages"]]
    languages = available or current_app.config["UI_LANGUAGES"]
    return request_language(
        list(dict.fromkeys(languages)), agendas[0].default_language if agendas else languages[0]
    )


@bp.post("/events/<event>/sessions/<session_uid>/star")
def star_button(event: str, session_uid: str):
    """The star form on session listings (CSRF-checked by Flask-WTF); back to the page after."""
    back = safe_next(request.form.get("next"), f"/events/{quote(event)}")
    if not can_star(current_user):
        return redirect(url_for("auth.login", next=back))
    if request.form.get("action") == "unstar":
        stars.unstar(current_user, stars.talk_by_uid(session_uid), actor=current_user)
    else:
        stars.star(current_user, published_talk(session_uid, event), actor=current_user)
    db.session.commit()
    return redirect(back, code=303)


def published_talk(uid: str, event: str | None = None):
    """The working session behind a published uid: only what the public can see can be starred."""
    talk = stars.talk_by_uid(uid)
    ref = current_release(talk.forum.event.slug)
    if (
        ref is None
        or uid not in agenda_for(ref).sessions_by_uid
        or (event and ref.event_slug != event)
    ):
        raise NotFound(_l("no published session %(uid)s", uid=repr(uid)))
    return talk
